# Sourced by scripts: finds or starts a PostgreSQL server.
# Order of preference: $ORDERFLOW_DB_URL (local stack) / $ORDERFLOW_TEST_PG_ADMIN_URL (tests), a server on
# 127.0.0.1:5432, the machine's own cluster (started if stopped), a private cluster under .run/postgres.

PG_HOST=127.0.0.1

pg_reachable() { # port
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$PG_HOST" -p "$1" -t 2
  else
    (exec 3<>"/dev/tcp/$PG_HOST/$1") 2>/dev/null
  fi
}

pg_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return 0; fi
  for dir in /usr/local/opt/postgresql*/bin /opt/homebrew/opt/postgresql*/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  return 1
}

try_start_system_cluster() {
  command -v pg_ctlcluster >/dev/null 2>&1 || return 1
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  [ -n "$version" ] || return 1
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || return 1
  for _ in $(seq 1 20); do pg_reachable 5432 && return 0; sleep 0.5; done
  return 1
}

# Starts (or reuses) a private cluster under $1 on port $2, trust auth on loopback only.
start_private_cluster() {
  local data_dir="$1" port="$2" bin owner run_as
  bin=$(pg_bin_dir) || {
    echo "PostgreSQL is not installed: install it (Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql@15) or set ORDERFLOW_DB_URL to a reachable server." >&2
    return 1
  }
  run_as=()
  if [ "$(id -u)" = "0" ]; then
    # PostgreSQL refuses to run as root.
    owner=postgres
    id "$owner" >/dev/null 2>&1 || owner=nobody
    run_as=(runuser -u "$owner" --)
  fi
  mkdir -p "$data_dir"
  [ "$(id -u)" = "0" ] && chown -R "$owner" "$data_dir"
  if [ ! -f "$data_dir/PG_VERSION" ]; then
    "${run_as[@]}" "$bin/initdb" -D "$data_dir" -U postgres --auth=trust -E UTF8 >"$data_dir/../postgres-init.log" 2>&1 || {
      echo "initdb failed, see $data_dir/../postgres-init.log" >&2; return 1; }
  fi
  if ! pg_reachable "$port"; then
    "${run_as[@]}" "$bin/pg_ctl" -D "$data_dir" -l "$data_dir/server.log" -w -t 60 \
      -o "-p $port -k $data_dir -c listen_addresses=$PG_HOST" start >/dev/null || {
      echo "PostgreSQL did not start, see $data_dir/server.log" >&2; return 1; }
  fi
}

stop_private_cluster() {
  local data_dir="$1" bin run_as=()
  [ -f "$data_dir/postmaster.pid" ] || return 0
  bin=$(pg_bin_dir) || return 0
  [ "$(id -u)" = "0" ] && run_as=(runuser -u "$(stat -c %U "$data_dir")" --)
  "${run_as[@]}" "$bin/pg_ctl" -D "$data_dir" -m fast -w stop >/dev/null 2>&1 || true
}

# For the test suite: exports ORDERFLOW_TEST_PG_ADMIN_URL when the default server is not usable.
ensure_postgres_for_tests() {
  [ -n "${ORDERFLOW_TEST_PG_ADMIN_URL:-}" ] && return 0
  pg_reachable 5432 && return 0
  try_start_system_cluster && return 0
  local root port=25432
  root="$(pwd)/.run"
  start_private_cluster "$root/postgres/data" "$port" || return 1
  export ORDERFLOW_TEST_PG_ADMIN_URL="jdbc:postgresql://$PG_HOST:$port/postgres?user=postgres"
}
