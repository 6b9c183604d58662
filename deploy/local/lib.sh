# Shared by deploy/local/up, down and status.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN="${ORDERFLOW_RUN_DIR:-$ROOT/.run/local}"
source "$ROOT/deploy/lib/java.sh"
source "$ROOT/deploy/lib/postgres.sh"

# name port schema; start order: the venue first, the gateway after the services it talks to.
SERVICES=(
  "paper-exchange 8090 paper"
  "risk-guards 8081 guards"
  "reconciler 8083 reconciler"
  "telemetry-service 8082 telemetry"
  "order-gateway 8080 gateway"
)

service_field() { # "name port schema" index
  local parts=($1); echo "${parts[$2]}"
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

http_status() { # url
  if command -v curl >/dev/null 2>&1; then
    curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1" || true
  else
    echo 000
  fi
}

overlay_for_phase() {
  case "$1" in
    1|phase-1-core-safety) echo phase-1-core-safety ;;
    2|phase-2-entry-guards) echo phase-2-entry-guards ;;
    3|phase-3-telemetry-exits) echo phase-3-telemetry-exits ;;
    4|phase-4-terminal-ui) echo phase-4-terminal-ui ;;
    full) echo full ;;
    *) return 1 ;;
  esac
}

ofctl() {
  "$JAVA_HOME/bin/java" -jar "$ROOT/ofctl/target/quarkus-app/quarkus-run.jar" "$@"
}
