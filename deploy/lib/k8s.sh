# Sourced by deploy/rollout and deploy/rollback: kubectl access, dry-run, checks printed as PASS/FAIL.
#
# Settings (environment):
#   ORDERFLOW_NAMESPACE            namespace of the services (default orderflow)
#   ORDERFLOW_KUBECTL              kubectl command (default kubectl)
#   ORDERFLOW_SERVICE_URL_TEMPLATE URL of a service when the script runs where services are reachable,
#                                  e.g. http://{service}.orderflow.svc:{port}; default: kubectl port-forward
#   ORDERFLOW_OPERATOR_TOKEN       bearer token sent with every service call (docs/api.md, "Authentication"):
#                                  ops:read for /q/flags, trading-state:write for the trading state
#   ORDERFLOW_PROMETHEUS_URL       Prometheus base URL for the windowed checks (optional); without it, open
#                                  alerts and duplicates are read from the telemetry service's API
#   ORDERFLOW_FILL_RATE_BASELINE   fill rate in % before the rollout, for the fill-rate check
#   ORDERFLOW_BACKUP_MAX_AGE_HOURS how old the newest completed database backup may be before a phase change (24)
#
# The Prometheus checks measure the current phase only: their window starts at the phase change, the time
# deploy/rollout and deploy/rollback record on every Deployment (annotation orderflow.dev/phase-changed-at),
# and comparisons ("increase") set that window against the window of the same length before the change,
# by service (application label), never by pod: a rollout renames every pod.

K8S_ROOT="${ORDERFLOW_ROOT:?}/k8s"
NAMESPACE="${ORDERFLOW_NAMESPACE:-orderflow}"
KUBECTL_CMD="${ORDERFLOW_KUBECTL:-kubectl}"
DRY_RUN=${DRY_RUN:-false}

SERVICES=(order-gateway risk-guards telemetry-service reconciler)
declare -A SERVICE_PORT=([order-gateway]=8080 [risk-guards]=8081 [telemetry-service]=8082 [reconciler]=8083 [paper-exchange]=8090)
OVERLAYS=(phase-1-core-safety phase-2-entry-guards phase-3-telemetry-exits phase-4-terminal-ui full paper)

# Same PromQL as contracts dev.orderflow.contracts.alerts.AlertRule (a test keeps them equal).
PROMQL_DUPLICATES='sum(increase(orderflow_venue_duplicate_orders_total[1h]))'
PROMQL_FILL_RATE='100 * sum(increase(orderflow_orders_filled_total[1h])) / sum(increase(orderflow_orders_submitted_total[1h]))'
PROMQL_SLIPPAGE='sum(rate(orderflow_entry_slippage_bps_sum[1h])) / sum(rate(orderflow_entry_slippage_bps_count[1h]))'
PROMQL_CPU_INCREASE='100 * (avg by (application) (avg_over_time(process_cpu_usage[1h])) - avg by (application) (avg_over_time(process_cpu_usage[1h] offset 1d)))'
PROMQL_CRITICAL_ALERTS='ALERTS{alertstate="firing",severity="critical",alertname=~"Orderflow.*"}'
# Per-pod JVM memory averaged over the window, averaged over the pods of each service: the window after the
# phase change against the window before it ([1h] and offset 1d become the window, as in the expressions above).
PROMQL_MEMORY_INCREASE_MB='max(avg by (application) (sum by (application, pod) (avg_over_time(jvm_memory_used_bytes[1h]))) - avg by (application) (sum by (application, pod) (avg_over_time(jvm_memory_used_bytes[1h] offset 1d)))) / 1000000'
# Symbol locks taken, and orders that took a transition their state does not allow (what two submitters
# racing on one symbol would cause).
PROMQL_SYMBOL_LOCKS_TAKEN='sum(increase(orderflow_symbol_lock_wait_seconds_count[1h]))'
PROMQL_SYMBOL_LOCK_TIMEOUTS='sum(increase(orderflow_symbol_lock_timeouts_total[1h]))'
PROMQL_ILLEGAL_TRANSITIONS='sum(increase(orderflow_order_illegal_transitions_total[1h]))'
PROMQL_GUARD_DECISIONS='sum(increase(orderflow_guard_decisions_total[1h]))'
PROMQL_GUARD_BLOCKS_BY_REASON='sum by (reason) (increase(orderflow_guard_decisions_total{outcome=~"BLOCK|SHADOW_BLOCK"}[1h]))'
# Shortest window a phase check reads: less than a few scrapes measures nothing.
MIN_WINDOW_SECONDS=${ORDERFLOW_MIN_CHECK_WINDOW_SECONDS:-300}

CHECKS_PASSED=0
CHECKS_FAILED=0
CHECKS_UNAVAILABLE=0

# Prints a command as it would run; runs it unless this is a dry run.
run() {
  if [ "$1" = kc ]; then echo "+ $KUBECTL_CMD -n $NAMESPACE ${*:2}"; else echo "+ $*"; fi
  [ "$DRY_RUN" = true ] && return 0
  "$@"
}

kc() { # kubectl in the namespace
  # shellcheck disable=SC2086
  $KUBECTL_CMD -n "$NAMESPACE" "$@"
}

# Accepts 1..4, full, paper or an overlay name; prints the overlay name.
overlay_for() {
  case "$1" in
    1|phase-1|phase-1-core-safety|core-safety) echo phase-1-core-safety ;;
    2|phase-2|phase-2-entry-guards|entry-guards) echo phase-2-entry-guards ;;
    3|phase-3|phase-3-telemetry-exits|telemetry-exits) echo phase-3-telemetry-exits ;;
    4|phase-4|phase-4-terminal-ui|terminal-ui) echo phase-4-terminal-ui ;;
    5|full) echo full ;;
    paper) echo paper ;;
    *) return 1 ;;
  esac
}

phase_number() {
  case "$1" in
    phase-1-core-safety) echo 1 ;; phase-2-entry-guards) echo 2 ;; phase-3-telemetry-exits) echo 3 ;;
    phase-4-terminal-ui) echo 4 ;; full|paper) echo 5 ;;
  esac
}

services_of() { # overlay
  printf '%s\n' "${SERVICES[@]}"
  [ "$1" = paper ] && echo paper-exchange
  return 0
}

result() { # status name detail
  local status=$1 name=$2 detail=${3:-}
  case "$status" in
    PASS) CHECKS_PASSED=$((CHECKS_PASSED + 1)) ;;
    FAIL) CHECKS_FAILED=$((CHECKS_FAILED + 1)) ;;
    "NOT AVAILABLE") CHECKS_UNAVAILABLE=$((CHECKS_UNAVAILABLE + 1)) ;;
  esac
  printf '  %-14s %s%s\n' "[$status]" "$name" "${detail:+ - $detail}"
}

checks_all_passed() { [ "$CHECKS_FAILED" -eq 0 ] && [ "$CHECKS_UNAVAILABLE" -eq 0 ]; }

check_summary() {
  echo "  checks: $CHECKS_PASSED passing, $CHECKS_FAILED failing, $CHECKS_UNAVAILABLE not available"
}

# GET a path of a service; prints the body; fails when the request fails.
service_get() { # service path
  http_call GET "svc/$1" "${SERVICE_PORT[$1]}" "$2"
}

# One HTTP request to a Service or a pod ("svc/<name>" or "pod/<name>"), directly through
# ORDERFLOW_SERVICE_URL_TEMPLATE for a Service when set, otherwise through kubectl port-forward. Prints the
# body; fails when the request fails or answers an error. Sends BEARER_TOKEN, else ORDERFLOW_OPERATOR_TOKEN, as
# bearer token if set.
http_call() { # method target port path [json body]
  local method=$1 target=$2 port=$3 path=$4 body=${5:-} url log local_port pf_pid answer rc
  local args=(-fsS --max-time 10 -X "$method") token=${BEARER_TOKEN:-${ORDERFLOW_OPERATOR_TOKEN:-}}
  [ -n "$token" ] && args+=(-H "Authorization: Bearer $token")
  [ -n "$body" ] && args+=(-H "Content-Type: application/json" --data "$body")
  if [ -n "${ORDERFLOW_SERVICE_URL_TEMPLATE:-}" ] && [ "${target%%/*}" = svc ]; then
    url=${ORDERFLOW_SERVICE_URL_TEMPLATE//\{service\}/${target#svc/}}
    url=${url//\{port\}/$port}
    curl "${args[@]}" "$url$path"
    return
  fi
  log=$(mktemp)
  kc port-forward "$target" ":$port" >"$log" 2>&1 &
  pf_pid=$!
  for _ in $(seq 1 50); do
    local_port=$(sed -n 's/^Forwarding from 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log" | head -n 1)
    [ -n "$local_port" ] && break
    kill -0 "$pf_pid" 2>/dev/null || break
    sleep 0.2
  done
  if [ -z "$local_port" ]; then
    kill "$pf_pid" 2>/dev/null; wait "$pf_pid" 2>/dev/null
    echo "port-forward to $target failed: $(head -c 300 "$log")" >&2
    rm -f "$log"
    return 1
  fi
  answer=$(curl "${args[@]}" "http://127.0.0.1:$local_port$path"); rc=$?
  kill "$pf_pid" 2>/dev/null; wait "$pf_pid" 2>/dev/null
  rm -f "$log"
  [ $rc -eq 0 ] && printf '%s' "$answer"
  return $rc
}

check_health() { # overlay
  local service body
  for service in $(services_of "$1"); do
    if [ "$DRY_RUN" = true ]; then
      echo "+ GET http://$service:${SERVICE_PORT[$service]}/q/health/ready (kubectl port-forward svc/$service)"
      continue
    fi
    if body=$(service_get "$service" /q/health/ready 2>&1) && printf '%s' "$body" | grep -q '"status" *: *"UP"'; then
      result PASS "health of $service" "/q/health/ready is UP"
    else
      result FAIL "health of $service" "/q/health/ready: $(printf '%s' "$body" | tr -s ' \n' ' ' | head -c 160)"
    fi
  done
}

# Runs an instant PromQL query; prints the first value, or nothing when the result is empty.
prometheus_value() { # query
  curl -fsS --max-time 10 --get "${ORDERFLOW_PROMETHEUS_URL%/}/api/v1/query" --data-urlencode "query=$1" \
    | jq -r 'if .status == "success" then (.data.result[0].value[1] // empty) else error("query failed") end'
}

# Every "label=value" of a by-label result with its value, one per line.
prometheus_by_label() { # query label
  curl -fsS --max-time 10 --get "${ORDERFLOW_PROMETHEUS_URL%/}/api/v1/query" --data-urlencode "query=$1" \
    | jq -r --arg key "$2" 'if .status == "success" then (.data.result[] | "\(.metric[$key] // "none")=\(.value[1])") else error("query failed") end'
}

prometheus_count() { # query
  curl -fsS --max-time 10 --get "${ORDERFLOW_PROMETHEUS_URL%/}/api/v1/query" --data-urlencode "query=$1" \
    | jq -r 'if .status == "success" then (.data.result | length) else error("query failed") end'
}

dry_or_unavailable() { # name what
  if [ "$DRY_RUN" = true ]; then
    echo "+ check: $1"
    return 0
  fi
  result "NOT AVAILABLE" "$1" "$2"
}

# When the deployed phase began: the orderflow.dev/phase-changed-at annotation of deployment/order-gateway.
phase_changed_at() {
  local at
  at=$(kc get deployment order-gateway -o jsonpath='{.metadata.annotations.orderflow\.dev/phase-changed-at}' 2>/dev/null) || return 1
  [ -n "$at" ] && date -u -d "$at" +%s 2>/dev/null
}

# Sets PHASE_WINDOW to the seconds since the phase change, or PHASE_WINDOW_PROBLEM to why there is no usable window.
phase_window() {
  local since now
  PHASE_WINDOW=""; PHASE_WINDOW_PROBLEM=""
  if ! since=$(phase_changed_at); then
    PHASE_WINDOW_PROBLEM="deployment/order-gateway has no orderflow.dev/phase-changed-at annotation"
    return 1
  fi
  now=$(date -u +%s)
  if [ $((now - since)) -lt "$MIN_WINDOW_SECONDS" ]; then
    PHASE_WINDOW_PROBLEM="the phase changed $((now - since)) s ago; re-run after ${MIN_WINDOW_SECONDS} s: deploy/rollout --verify-only <phase>"
    return 1
  fi
  PHASE_WINDOW=$((now - since))
}

# An expression of this file with its window ([1h]) and its comparison offset (offset 1d) set to the phase window.
in_phase_window() { # query seconds
  local query=${1//\[1h\]/[${2}s]}
  printf '%s' "${query//offset 1d/offset ${2}s}"
}

# Records the phase change on every Deployment (kubectl apply keeps an annotation it did not set).
mark_phase_change() {
  run kc annotate deployment -l app.kubernetes.io/part-of=order-flow-hardening --overwrite \
    "orderflow.dev/phase-changed-at=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
}

# Runs a check that reads Prometheus over the phase window; prints why it is not available otherwise.
with_phase_window() { # name function args...
  local name=$1
  shift
  if [ "$DRY_RUN" = true ]; then
    echo "+ check: $name (Prometheus, since the phase change)"
    return 0
  fi
  if [ -z "${ORDERFLOW_PROMETHEUS_URL:-}" ]; then
    result "NOT AVAILABLE" "$name" "needs ORDERFLOW_PROMETHEUS_URL"
    return 0
  fi
  if ! phase_window; then
    result "NOT AVAILABLE" "$name" "$PHASE_WINDOW_PROBLEM"
    return 0
  fi
  "$@" "$name" "$PHASE_WINDOW"
}

# Open critical alerts: Prometheus's firing alerts when ORDERFLOW_PROMETHEUS_URL is set, else the telemetry
# service's own evaluation of the same table (GET /api/v1/alerts).
check_no_critical_alert() {
  local name="no open critical alert" count body
  if [ "$DRY_RUN" = true ]; then
    echo "+ check: $name (${ORDERFLOW_PROMETHEUS_URL:+Prometheus ALERTS, else }GET telemetry-service /api/v1/alerts)"
    return 0
  fi
  if [ -n "${ORDERFLOW_PROMETHEUS_URL:-}" ]; then
    if count=$(prometheus_count "$PROMQL_CRITICAL_ALERTS" 2>/dev/null); then
      if [ "$count" = 0 ]; then result PASS "$name" "Prometheus: none firing"; else result FAIL "$name" "Prometheus: $count firing"; fi
    else
      result "NOT AVAILABLE" "$name" "Prometheus at $ORDERFLOW_PROMETHEUS_URL did not answer"
    fi
    return
  fi
  if ! body=$(service_get telemetry-service /api/v1/alerts 2>&1); then
    result FAIL "$name" "telemetry-service /api/v1/alerts: $(printf '%s' "$body" | tr -s ' \n' ' ' | head -c 160)"
    return
  fi
  count=$(printf '%s' "$body" | jq '[.open[] | select(.severity == "CRITICAL")] | length')
  if [ "$count" = 0 ]; then
    result PASS "$name" "telemetry: $(printf '%s' "$body" | jq '.open | length') open, none critical"
  else
    result FAIL "$name" "telemetry: $(printf '%s' "$body" | jq -r '[.open[] | select(.severity == "CRITICAL") | "\(.rule) (\(.subject)): \(.message)"] | join("; ")')"
  fi
}

# Duplicate orders (orders at the exchange no accepted request asked for, found by reconciliation) in the
# last hour: Prometheus when set, else the telemetry service's 1 h figures.
check_no_duplicates() {
  local name="duplicate orders 0 in the last hour" value body
  if [ "$DRY_RUN" = true ]; then
    echo "+ check: $name (${ORDERFLOW_PROMETHEUS_URL:+Prometheus, else }GET telemetry-service /api/v1/telemetry?window=1h)"
    return 0
  fi
  if [ -n "${ORDERFLOW_PROMETHEUS_URL:-}" ]; then
    value=$(prometheus_value "$PROMQL_DUPLICATES" 2>/dev/null)
    if [ -z "$value" ] || [ "$value" = NaN ]; then
      result "NOT AVAILABLE" "$name" "no orderflow_venue_duplicate_orders_total series in Prometheus (the reconciler serves it)"
      return
    fi
  elif body=$(service_get telemetry-service "/api/v1/telemetry?window=1h" 2>&1); then
    value=$(printf '%s' "$body" | jq -r '.windows["1h"].overall.venueDuplicates')
  else
    result FAIL "$name" "telemetry-service /api/v1/telemetry: $(printf '%s' "$body" | tr -s ' \n' ' ' | head -c 160)"
    return
  fi
  if awk -v v="$value" 'BEGIN { exit !(v == 0) }'; then
    result PASS "$name" "0"
  else
    result FAIL "$name" "$value"
  fi
}

# Phase 3, "fill telemetry statistics": the telemetry service serves fill figures for the last hour.
check_fill_telemetry() {
  local name="fill telemetry statistics" body
  if [ "$DRY_RUN" = true ]; then
    echo "+ check: $name (GET telemetry-service /api/v1/telemetry?window=1h)"
    return 0
  fi
  if ! body=$(service_get telemetry-service "/api/v1/telemetry?window=1h" 2>&1); then
    result FAIL "$name" "telemetry-service /api/v1/telemetry: $(printf '%s' "$body" | tr -s ' \n' ' ' | head -c 160)"
    return
  fi
  if [ "$(printf '%s' "$body" | jq '.windows["1h"].overall.entriesSubmitted')" = 0 ]; then
    result "NOT AVAILABLE" "$name" "telemetry counted no entry sent to the exchange in the last hour"
    return
  fi
  result PASS "$name" "$(printf '%s' "$body" | jq -r '.windows["1h"].overall
    | "last hour: \(.entriesSubmitted) entries sent, \(.entriesFilled) filled (\(.fillRatePercent // "-")%), \(.partialFills) partial fills, slippage mean \(.slippageBps.mean // "-") bps"')"
}

# Phase 4, "live monitors rendering": the dashboard feed answers with a frame (ENABLE_LIVE_MONITORS and
# ENABLE_LIVE_DASHBOARD on); bin/ofctl dashboard renders it.
check_live_dashboard() {
  local name="live monitors rendering" body
  if [ "$DRY_RUN" = true ]; then
    echo "+ check: $name (GET telemetry-service /api/v1/dashboard)"
    return 0
  fi
  if body=$(service_get telemetry-service /api/v1/dashboard 2>&1); then
    result PASS "$name" "dashboard frame served (refresh $(printf '%s' "$body" | jq -r '.refreshSeconds // "?"') s); watch it: bin/ofctl dashboard"
  else
    result FAIL "$name" "telemetry-service /api/v1/dashboard: $(printf '%s' "$body" | tr -s ' \n' ' ' | head -c 160)"
  fi
}

# Guide checklist before deploying: a database backup. The newest completed CloudNativePG Backup of the
# database (the ScheduledBackup of k8s/components/postgres-cnpg takes one nightly) must be younger than
# ORDERFLOW_BACKUP_MAX_AGE_HOURS. Sets BACKUP_PROBLEM when it is not.
BACKUP_CLUSTER=orderflow-db
check_recent_backup() {
  local max_hours=${ORDERFLOW_BACKUP_MAX_AGE_HOURS:-24} backups newest age name
  name="database backup younger than ${ORDERFLOW_BACKUP_MAX_AGE_HOURS:-24} h"
  BACKUP_PROBLEM=""
  if [ "$DRY_RUN" = true ]; then
    echo "+ $KUBECTL_CMD -n $NAMESPACE get backups.postgresql.cnpg.io -o json: the newest completed backup of $BACKUP_CLUSTER younger than $max_hours h"
    return 0
  fi
  if ! backups=$(kc get backups.postgresql.cnpg.io -o json 2>&1); then
    BACKUP_PROBLEM="cannot list the CloudNativePG backups: $(printf '%s' "$backups" | head -c 200)"
  else
    newest=$(printf '%s' "$backups" | jq -r --arg cluster "$BACKUP_CLUSTER" \
      '[.items[] | select(.spec.cluster.name == $cluster and .status.phase == "completed") | .status.stoppedAt // empty] | max // empty' 2>/dev/null)
    if [ -z "$newest" ]; then
      BACKUP_PROBLEM="no completed backup of $BACKUP_CLUSTER"
    else
      age=$(( $(date -u +%s) - $(date -u -d "$newest" +%s) ))
      [ "$age" -lt $((max_hours * 3600)) ] || BACKUP_PROBLEM="the newest completed backup of $BACKUP_CLUSTER ended at $newest, $((age / 3600)) h ago"
    fi
  fi
  if [ -z "$BACKUP_PROBLEM" ]; then
    result PASS "$name" "$BACKUP_CLUSTER, ended at $newest"
  else
    result FAIL "$name" "$BACKUP_PROBLEM"
  fi
}

check_fill_rate() { # max allowed reduction in percent of the baseline (guide: <10%)
  with_phase_window "fill rate within ${1}% of its baseline" fill_rate_in_window "$1"
}

fill_rate_in_window() { # reduction name window
  local name=$2 window=$3 value baseline=${ORDERFLOW_FILL_RATE_BASELINE:-}
  value=$(prometheus_value "$(in_phase_window "$PROMQL_FILL_RATE" "$window")" 2>/dev/null)
  if [ -z "$value" ] || [ "$value" = NaN ]; then
    result "NOT AVAILABLE" "$name" "no order submitted in the $window s since the phase change"
  elif [ -z "$baseline" ]; then
    result "NOT AVAILABLE" "$name" "fill rate is ${value}% since the phase change; set ORDERFLOW_FILL_RATE_BASELINE to compare"
  elif awk -v v="$value" -v b="$baseline" -v r="$1" 'BEGIN { exit !(v >= b * (100 - r) / 100) }'; then
    result PASS "$name" "${value}% since the phase change ($window s) against baseline ${baseline}%"
  else
    result FAIL "$name" "${value}% since the phase change ($window s) against baseline ${baseline}%"
  fi
}

check_prometheus_below() { # name query limit unit
  with_phase_window "$1" below_in_window "$2" "$3" "$4"
}

below_in_window() { # query limit unit name window
  local value
  value=$(prometheus_value "$(in_phase_window "$1" "$5")" 2>/dev/null)
  if [ -z "$value" ] || [ "$value" = NaN ]; then
    result "NOT AVAILABLE" "$4" "no data in Prometheus for the $5 s since the phase change"
  elif awk -v v="$value" -v l="$2" 'BEGIN { exit !(v < l) }'; then
    result PASS "$4" "$value $3 (window: $5 s since the phase change)"
  else
    result FAIL "$4" "$value $3 (window: $5 s since the phase change)"
  fi
}

# Guide, phase 1: "symbol locks working (no race conditions)": locks were taken, and no order took a transition
# its state does not allow.
check_symbol_locks() {
  with_phase_window "symbol locks working (no race conditions)" symbol_locks_in_window
}

symbol_locks_in_window() { # name window
  local name=$1 window=$2 taken illegal timeouts
  taken=$(prometheus_value "$(in_phase_window "$PROMQL_SYMBOL_LOCKS_TAKEN" "$window")" 2>/dev/null)
  illegal=$(prometheus_value "$(in_phase_window "$PROMQL_ILLEGAL_TRANSITIONS" "$window")" 2>/dev/null)
  timeouts=$(prometheus_value "$(in_phase_window "$PROMQL_SYMBOL_LOCK_TIMEOUTS" "$window")" 2>/dev/null)
  if [ -z "$taken" ] || [ "$taken" = NaN ]; then
    result "NOT AVAILABLE" "$name" "no orderflow_symbol_lock_wait_seconds series in Prometheus"
  elif awk -v v="$taken" 'BEGIN { exit !(v == 0) }'; then
    result FAIL "$name" "no symbol lock taken in the $window s since the phase change (ENABLE_SYMBOL_LOCKS off, or no order sent)"
  elif [ -n "$illegal" ] && awk -v v="$illegal" 'BEGIN { exit !(v > 0) }'; then
    result FAIL "$name" "$illegal illegal order transitions since the phase change; $taken locks taken"
  else
    result PASS "$name" "$taken locks taken, ${timeouts:-0} lock timeouts, no illegal order transition ($window s)"
  fi
}

# Guide, phase 2: "guard block reasons visible": the guards decided, and their blocks are counted by reason.
check_guard_block_reasons() {
  with_phase_window "guard block reasons visible" guard_reasons_in_window
}

guard_reasons_in_window() { # name window
  local name=$1 window=$2 decisions reasons
  decisions=$(prometheus_value "$(in_phase_window "$PROMQL_GUARD_DECISIONS" "$window")" 2>/dev/null)
  if [ -z "$decisions" ] || [ "$decisions" = NaN ]; then
    result "NOT AVAILABLE" "$name" "no orderflow_guard_decisions_total series in Prometheus"
  elif awk -v v="$decisions" 'BEGIN { exit !(v == 0) }'; then
    result FAIL "$name" "no guard decision in the $window s since the phase change"
  else
    reasons=$(prometheus_by_label "$(in_phase_window "$PROMQL_GUARD_BLOCKS_BY_REASON" "$window")" reason 2>/dev/null | tr '\n' ' ')
    result PASS "$name" "$decisions decisions; blocks by reason: ${reasons:-none}"
  fi
}

# The flags every service reports at /q/flags equal the overlay's flags.env.
check_effective_flags() { # overlay
  local overlay=$1 service body expected actual
  expected=$(grep -E '^[A-Z_]+=' "$K8S_ROOT/overlays/$overlay/flags.env" | sort)
  for service in $(services_of "$overlay"); do
    if [ "$DRY_RUN" = true ]; then
      echo "+ GET http://$service:${SERVICE_PORT[$service]}/q/flags and compare with k8s/overlays/$overlay/flags.env"
      continue
    fi
    if ! body=$(service_get "$service" /q/flags 2>&1); then
      result FAIL "flags of $service" "GET /q/flags failed"
      continue
    fi
    actual=$(printf '%s' "$body" | jq -r '.flags[] | "\(.name)=\(.configured // .effective | tostring)"' 2>/dev/null | sort)
    if [ "$actual" = "$expected" ]; then
      result PASS "flags of $service" "equal k8s/overlays/$overlay/flags.env"
    else
      result FAIL "flags of $service" "differ: $(diff <(echo "$expected") <(echo "$actual") | grep '^[<>]' | tr '\n' ' ' | head -c 200)"
    fi
  done
}

manual() { # text
  [ "$DRY_RUN" = true ] && { echo "+ manual: $1"; return 0; }
  printf '  %-14s %s\n' "[MANUAL]" "$1"
}

# The guide's verification list of a phase (Step 5), each item a check or a manual step.
verify_phase() { # overlay
  local overlay=$1 n
  n=$(phase_number "$overlay")
  check_health "$overlay"
  check_effective_flags "$overlay"
  case "$n" in
    1)
      check_no_duplicates
      check_symbol_locks
      manual "monitor for 24 hours"
      ;;
    2)
      check_guard_block_reasons
      check_fill_rate 10
      check_prometheus_below "average entry slippage below the warning threshold" "$PROMQL_SLIPPAGE" 20 bps
      manual "monitor for 48 hours"
      ;;
    3)
      check_fill_telemetry
      check_prometheus_below "memory increase below 10 MB" "$PROMQL_MEMORY_INCREASE_MB" 10 MB
      dry_or_unavailable "exit performance" "no exit metrics are served yet"
      manual "monitor for 48 hours"
      ;;
    4)
      check_live_dashboard
      manual "live monitors rendering in a terminal: bin/ofctl dashboard (q quits), or bin/ofctl dashboard --once for one frame"
      check_prometheus_below "CPU usage increase below 5%" "max($PROMQL_CPU_INCREASE)" 5 "percentage points"
      manual "coloured, formatted console output (kubectl logs deploy/order-gateway)"
      manual "monitor for 48 hours"
      ;;
    5)
      check_no_critical_alert
      check_no_duplicates
      manual "overall stability: no critical errors for 24 hours"
      ;;
  esac
}

OFCTL_JAR="${ORDERFLOW_ROOT}/ofctl/target/quarkus-app/quarkus-run.jar"

# The start-up rules of every service (contracts FlagLoader, through ofctl validate) applied to rendered YAML.
# Returns 0 valid, 1 invalid (the problems on stdout), 2 when ofctl is not built or no JDK 21 is found.
validate_flags_of() { # rendered.yaml
  local out
  # shellcheck source=java.sh
  [ -f "$OFCTL_JAR" ] && source "$ORDERFLOW_ROOT/deploy/lib/java.sh" && ensure_java21 2>/dev/null || return 2
  out=$("$JAVA_HOME/bin/java" -jar "$OFCTL_JAR" validate "$1" 2>&1) && return 0
  printf '%s\n' "$out" | grep -E '^(FAILED|  )' | sed "s|$1|rendered flags|"
  return 1
}

# Step 3 of the guide: validate the flags of the rendered overlay with ofctl when it is built.
validate_rendered() { # overlay
  local overlay=$1 rendered rc
  if [ "$DRY_RUN" = true ]; then
    echo "+ $KUBECTL_CMD kustomize $K8S_ROOT/overlays/$overlay > rendered.yaml"
    echo "+ java -jar ofctl/target/quarkus-app/quarkus-run.jar validate rendered.yaml"
    return 0
  fi
  rendered=$(mktemp --suffix=.yaml)
  if ! $KUBECTL_CMD kustomize "$K8S_ROOT/overlays/$overlay" >"$rendered" 2>/dev/null; then
    result FAIL "overlay $overlay renders" "kubectl kustomize failed"
    rm -f "$rendered"; return
  fi
  validate_flags_of "$rendered" >/dev/null; rc=$?
  case $rc in
    0) result PASS "config validation (ofctl validate)" "$overlay" ;;
    1) result FAIL "config validation (ofctl validate)" "run: java -jar $OFCTL_JAR validate <(kubectl kustomize k8s/overlays/$overlay)" ;;
    *) result "NOT AVAILABLE" "config validation (ofctl validate)" "build ofctl first: ./mvnw -B -pl ofctl -am -DskipTests package" ;;
  esac
  rm -f "$rendered"
}

wait_for_rollout() { # overlay
  local service
  for service in $(services_of "$1"); do
    run kc rollout status "deployment/$service" --timeout="${ORDERFLOW_ROLLOUT_TIMEOUT:-300s}" || return 1
  done
}

current_overlay() {
  [ "$DRY_RUN" = true ] && return 1
  kc get deployment order-gateway -o jsonpath='{.metadata.labels.orderflow\.dev/rollout-phase}' 2>/dev/null
}

# Flags a partial rollback turned off on top of the deployed overlay (comma-separated; empty when none).
current_partial_rollback() {
  [ "$DRY_RUN" = true ] && { printf '%s' "${ORDERFLOW_CURRENT_PARTIAL:-}"; return 0; }
  kc get deployment order-gateway -o jsonpath='{.metadata.annotations.orderflow\.dev/partial-rollback}' 2>/dev/null
}

# deploy/rollback --emergency sets ENABLE_ORDER_FLOW_HARDENING=false on the Deployments themselves, where
# kubectl apply does not remove it. The rollout clears it before applying an overlay.
clear_emergency_override() {
  local selector=app.kubernetes.io/part-of=order-flow-hardening found
  if [ "$DRY_RUN" = true ]; then
    echo "+ $KUBECTL_CMD -n $NAMESPACE set env deployment -l $selector ENABLE_ORDER_FLOW_HARDENING-   (only when an emergency rollback set it)"
    return 0
  fi
  found=$(kc get deployment -l "$selector" -o jsonpath='{range .items[*]}{.spec.template.spec.containers[*].env[?(@.name=="ENABLE_ORDER_FLOW_HARDENING")].name}{"\n"}{end}' 2>/dev/null | grep -c ENABLE_ORDER_FLOW_HARDENING)
  if [ "${found:-0}" -gt 0 ]; then
    echo "   Clearing the emergency master-switch override on $found Deployment(s)."
    run kc set env deployment -l "$selector" ENABLE_ORDER_FLOW_HARDENING-
  fi
}

# The image references of the rendered manifests (all five services: the paper overlay), one per line.
manifest_images() {
  local rendered
  rendered=$($KUBECTL_CMD kustomize "$K8S_ROOT/overlays/paper") || return 1
  printf '%s\n' "$rendered" | sed -n 's/^ *image: *//p' | sort -u
}

# The image names (without tag) the manifests use, as k8s/components/images sets them.
image_names() {
  sed -n 's/^ *newName: *//p' "$K8S_ROOT/components/images/kustomization.yaml"
}

valid_tag() { [[ $1 =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]]; }

# Deployed image tag of the gateway (what a rollback keeps), or nothing.
deployed_tag() {
  local image
  [ "$DRY_RUN" = true ] && return 0
  image=$(kc get deployment order-gateway -o jsonpath='{.spec.template.spec.containers[0].image}' 2>/dev/null) || return 0
  [ -n "$image" ] && printf '%s' "${image##*:}"
}

# Writes a kustomization to <dir> that is <path> with every image at <tag> (no images: entry when the tag is empty).
tagged_kustomization() { # dir path tag
  {
    echo "apiVersion: kustomize.config.k8s.io/v1beta1"
    echo "kind: Kustomization"
    echo "resources:"
    echo "  - $(realpath --relative-to="$1" "$2")"
    if [ -n "$3" ]; then
      echo "images:"
      for name in $(image_names); do
        echo "  - name: $name"
        echo "    newTag: \"$3\""
      done
    fi
  } >"$1/kustomization.yaml"
}
