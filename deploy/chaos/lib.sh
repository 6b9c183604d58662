# Shared by deploy/chaos/run and deploy/chaos/all: the stack, the load, the faults and the check.
CHAOS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$CHAOS_DIR/../local/lib.sh" # ROOT, RUN, SERVICES, JAVA_HOME
export ORDERFLOW_LOCAL_PG=private
export ORDERFLOW_READY_TIMEOUT_S=${ORDERFLOW_READY_TIMEOUT_S:-420} # a loaded machine starts the JVMs slowly
SCENARIOS="kill-paper-exchange kill-risk-guards kill-reconciler kill-telemetry-service kill-order-gateway kafka-stop
postgres-restart accept-then-timeout minus-1007 rate-limit-storm partial-fills reports-dup-reorder user-stream-dropped"
SCENARIOS=$(echo $SCENARIOS)
OUT="$RUN/chaos"
STACK_LOCK=/tmp/orderflow-local-stack.lock

# The local stack's ports are fixed: one stack at a time on this machine (deploy/bench holds the same lock).
# -o: the stack's daemons started under the lock must not inherit it, or it stays held until deploy/local/down.
hold_stack_lock() { # "$0" args...
  if [ "${ORDERFLOW_STACK_LOCK_HELD:-}" != "$STACK_LOCK" ]; then
    exec env ORDERFLOW_STACK_LOCK_HELD="$STACK_LOCK" flock -o -w "${CHAOS_LOCK_WAIT_S:-900}" "$STACK_LOCK" "$@"
  fi
}

log() { echo "[$(date -u +%H:%M:%S)] $*"; }

STACK_STARTED_HERE=false
stack_up() {
  ensure_java21
  mkdir -p "$OUT"
  if pid_alive "$RUN/pids/order-gateway.pid" && [ ! -f "$RUN/postgres/started-by-up" ]; then
    echo "The local stack of this checkout runs on a shared Postgres server; the chaos runs restart Postgres," >&2
    echo "so they need the stack on a private cluster: stop it first (deploy/local/down)." >&2
    exit 1
  fi
  pid_alive "$RUN/pids/order-gateway.pid" || STACK_STARTED_HERE=true
  log "deploy/local/up --phase full (private Postgres cluster; log $OUT/up.log)"
  "$ROOT/deploy/local/up" --phase full >"$OUT/up.log" 2>&1 || { tail -n 20 "$OUT/up.log" >&2; exit 1; }
  set -a; source "$RUN/secrets.env"; set +a
  local pg_port
  pg_port=$(cat "$RUN/postgres/port")
  umask 077
  cat >"$OUT/env.properties" <<PROPS
gateway=http://127.0.0.1:8080
token=$(cat "$RUN/tokens/trader")
exchange=http://127.0.0.1:8090
key=$EXCHANGE_API_KEY
secret=$EXCHANGE_API_SECRET
db.url=jdbc:postgresql://127.0.0.1:$pg_port/orderflow
db.user=orderflow_gateway
db.password=$ORDERFLOW_DB_PASSWORD
kafka=127.0.0.1:9092
PROPS
  umask 022
  CHAOS_CP="${ORDERFLOW_CACHE_DIR:-$ROOT/.run/cache}/kafka-4.1.2/lib/*:$(ls "$ROOT"/order-gateway/target/quarkus-app/lib/main/org.postgresql.postgresql-*.jar | head -n 1)"
}

stack_down_if_started() {
  if $STACK_STARTED_HERE; then log "deploy/local/down"; "$ROOT/deploy/local/down" >>"$OUT/up.log" 2>&1 || true; fi
}

# Compiled once per run: a single-file launch compiles on every start, which takes a loaded machine 20 s and more.
chaos_java() {
  if [ ! -f "$OUT/classes/Chaos.class" ] || [ "$CHAOS_DIR/Chaos.java" -nt "$OUT/classes/Chaos.class" ]; then
    "$JAVA_HOME/bin/javac" -d "$OUT/classes" -cp "$CHAOS_CP" "$CHAOS_DIR/Chaos.java"
  fi
  "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -cp "$OUT/classes:$CHAOS_CP" Chaos "$@"
}

all_ready() {
  local entry
  for entry in "${SERVICES[@]}"; do
    [ "$(http_status "http://127.0.0.1:$(service_field "$entry" 1)/q/health/ready")" = 200 ] || return 1
  done
}

# Waits until every service is ready. The local stack has no supervisor, so this plays the kubelet's liveness
# probe of k8s/base (every 10 s, restart after 3 failures): a service whose /q/health/live fails 3 times in a
# row, 10 s apart, is restarted, and the restart is logged as part of the scenario's outcome.
wait_ready() { # timeout seconds
  local deadline=$(( $(date +%s) + $1 )) next_live=0 entry name port
  declare -A live_failures=()
  until all_ready; do
    [ "$(date +%s)" -lt "$deadline" ] || { log "not every service ready after $1 s"; return 1; }
    if [ "$(date +%s)" -ge "$next_live" ]; then
      next_live=$(( $(date +%s) + 10 ))
      for entry in "${SERVICES[@]}"; do
        name=$(service_field "$entry" 0); port=$(service_field "$entry" 1)
        if [ "$(http_status "http://127.0.0.1:$port/q/health/live")" = 503 ]; then
          live_failures[$name]=$(( ${live_failures[$name]:-0} + 1 ))
        else
          live_failures[$name]=0
        fi
        if [ "${live_failures[$name]}" -ge 3 ]; then
          log "LIVENESS: $name not live for 3 probes 10 s apart ($(curl -s --max-time 2 "http://127.0.0.1:$port/q/health/live" \
            | jq -c '[.checks[] | select(.status == "DOWN") | .name]' 2>/dev/null)); restarting it as the kubelet would"
          "$ROOT/deploy/local/down" --service "$name" >>"$OUT/up.log" 2>&1
          "$ROOT/deploy/local/up" --phase full >>"$OUT/up.log" 2>&1 || log "up failed, see $OUT/up.log"
          live_failures[$name]=0
        fi
      done
    fi
    sleep 1
  done
}

admin() { # method path [json]
  curl -s -X "$1" -H "Authorization: Bearer $(cat "$RUN/tokens/exchange-admin")" -H 'Content-Type: application/json' \
    ${3:+--data "$3"} "http://127.0.0.1:8090$2"
}

add_fault() { # json
  admin POST /admin/faults "$1" | jq -r '.id'
}

# The fault of a scenario; sets RECOVERED_AT (epoch seconds) when the system is whole again and
# VENUE_RESTARTED_AT when the paper exchange lost its memory.
inject() { # scenario fault_for
  local scenario=$1 fault_for=$2 ids=() id
  case "$scenario" in
    kill-*)
      local service=${scenario#kill-}
      log "kill -9 $service (pid $(cat "$RUN/pids/$service.pid"))"
      [ "$service" = paper-exchange ] && VENUE_RESTARTED_AT=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
      kill -9 "$(cat "$RUN/pids/$service.pid")"
      sleep 1
      log "restarting it: deploy/local/up --phase full"
      "$ROOT/deploy/local/up" --phase full >>"$OUT/up.log" 2>&1 || { log "up failed, see $OUT/up.log"; return 1; }
      ;;
    kafka-stop)
      log "Kafka stopped for 30 s"
      ORDERFLOW_RUN_DIR="$RUN" "$ROOT/deploy/kafka/kafka" stop >/dev/null
      sleep 30
      ORDERFLOW_RUN_DIR="$RUN" "$ROOT/deploy/kafka/kafka" start >/dev/null
      log "Kafka started"
      ;;
    postgres-restart)
      log "Postgres (private cluster) stopped (-m fast) for 5 s, then started"
      local data="$RUN/postgres/data" bin
      bin=$(pg_bin_dir)
      runuser -u "$(stat -c %U "$data")" -- "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
      sleep 5
      start_private_cluster "$data" "$(cat "$RUN/postgres/port")"
      log "Postgres started"
      ;;
    accept-then-timeout) ids+=("$(add_fault '{"type":"DROP_RESPONSE","probability":0.3,"params":{"holdMs":10000}}')") ;;
    minus-1007) ids+=("$(add_fault '{"type":"TIMEOUT_AFTER_ACCEPT","probability":0.3}')") ;;
    rate-limit-storm) ids+=("$(add_fault '{"type":"RATE_LIMIT","params":{"ordersPer10s":15}}')") ;;
    partial-fills) ids+=("$(add_fault '{"type":"PARTIAL_FILLS","params":{"fraction":0.25}}')") ;;
    reports-dup-reorder)
      ids+=("$(add_fault '{"type":"REPORT_DUPLICATE"}')")
      ids+=("$(add_fault '{"type":"REPORT_REORDER","params":{"holdMs":1000}}')")
      ;;
    user-stream-dropped)
      local until=$(( $(date +%s) + fault_for )) key n=0
      while [ "$(date +%s)" -lt "$until" ]; do
        key=$(curl -s -X POST -H "X-MBX-APIKEY: $EXCHANGE_API_KEY" http://127.0.0.1:8090/api/v3/userDataStream | jq -r .listenKey)
        curl -s -o /dev/null -X DELETE -H "X-MBX-APIKEY: $EXCHANGE_API_KEY" "http://127.0.0.1:8090/api/v3/userDataStream?listenKey=$key"
        n=$((n + 1))
        sleep 5
      done
      log "listen key closed $n times"
      ;;
  esac
  if [ ${#ids[@]} -gt 0 ]; then
    log "faults ${ids[*]} active for $fault_for s: $(admin GET /admin/faults | jq -c '[.faults[] | {type, probability, params}]' 2>/dev/null)"
    sleep "$fault_for"
    log "injected: $(admin GET /admin/faults | jq -c '.injected' 2>/dev/null)"
    admin DELETE /admin/faults >/dev/null
    log "faults removed"
  fi
  if wait_ready 300; then log "every service ready"; else log "NOT RECOVERED: checking anyway"; fi
  RECOVERED_AT=$(date +%s)
}

run_scenario() { # scenario rate seconds fault_at fault_for
  local scenario=$1 rate=$2 seconds=$3 fault_at=$4 fault_for=$5
  local stamp prefix dir load_pid started load_end check_at status
  stamp=$(date -u +%Y%m%dT%H%M%S)
  prefix="c$(date -u +%H%M%S)-$(echo "$scenario" | tr -cd 'a-z0-9' | cut -c1-10)-"
  dir="$OUT/$stamp-$scenario"
  mkdir -p "$dir"
  VENUE_RESTARTED_AT="" RECOVERED_AT=""
  log "=== $scenario: $rate entries/s for $seconds s, fault at $fault_at s (client order ids $prefix*; $dir)"
  admin DELETE /admin/faults >/dev/null
  wait_ready 120
  chaos_java snapshot --env "$OUT/env.properties" --out "$dir/baseline.properties"
  started=$(date +%s)
  chaos_java load --env "$OUT/env.properties" --prefix "$prefix" --seconds "$seconds" --rate "$rate" --out "$dir/client.csv" \
    --started "$dir/load-started" >"$dir/load.log" 2>&1 &
  load_pid=$!
  until [ -f "$dir/load-started" ] || ! kill -0 "$load_pid" 2>/dev/null; do sleep 0.2; done
  sleep "$fault_at"
  # into a file, not a pipe: services restarted here would hold a pipe open for as long as they run
  inject "$scenario" "$fault_for" >"$dir/fault.log" 2>&1 || RECOVERED_AT=$(date +%s)
  cat "$dir/fault.log"
  wait "$load_pid" || true
  load_end=$(date +%s)
  cat "$dir/load.log"
  # every order must be terminal or agree with the exchange 30 s after recovery (and 20 s after the last
  # request, so that the last orders of the load and their 15 s TTL have run out)
  check_at=$(( RECOVERED_AT + 30 > load_end + 20 ? RECOVERED_AT + 30 : load_end + 20 ))
  log "recovered $((RECOVERED_AT - started)) s into the run; checking at +$((check_at - started)) s"
  sleep $(( check_at > $(date +%s) ? check_at - $(date +%s) : 0 ))
  local extra=()
  [ -n "$VENUE_RESTARTED_AT" ] && extra=(--venue-restarted-at "$VENUE_RESTARTED_AT")
  set +e
  chaos_java check --env "$OUT/env.properties" --prefix "$prefix" --client "$dir/client.csv" \
    --baseline "$dir/baseline.properties" --report "$dir/report.txt" --scenario "$scenario" \
    --recovered-at "$(date -u -d "@$RECOVERED_AT" +%Y-%m-%dT%H:%M:%SZ)" "${extra[@]}"
  status=$?
  set -e
  echo "$(cut -d' ' -f1 /proc/loadavg)" >"$dir/load-average"
  return $status
}
