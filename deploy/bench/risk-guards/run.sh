#!/usr/bin/env bash
# Benchmark of the risk-guards decision path with a warm cache (decisions/s and latency percentiles).
# Usage: deploy/bench/risk-guards/run.sh [seconds-per-run, e.g. 10s] [thread counts...]
#   SKIP_BUILD=1 reuses risk-guards/target/quarkus-app; WRITE=0 does not touch docs/benchmarks.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$ROOT"
if [[ -d /usr/lib/jvm/temurin-25-jdk-amd64 && -z "${JAVA_HOME:-}" ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
APP="risk-guards/target/quarkus-app"
if [[ "${SKIP_BUILD:-0}" != "1" || ! -d "$APP" ]]; then
  ./mvnw -B -q -pl risk-guards -am -DskipTests package
fi
CP="$APP/app/*:$APP/lib/main/*"
ARGS=("$@")
if [[ "${WRITE:-1}" == "1" ]]; then
  ARGS+=(--write docs/benchmarks.md)
fi
exec "$JAVA" -Xms256m -Xmx256m -XX:+UseParallelGC -cp "$CP" deploy/bench/risk-guards/GuardBench.java "${ARGS[@]}"
