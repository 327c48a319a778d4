#!/usr/bin/env bash
# HTTP load on 127.0.0.1 only: the authorization endpoint (decision logged durably before the answer)
# against the bare yardstick endpoint of the same service, then acceptances, in one run.
# Needs wrk (apt-get install -y wrk); builds the jar when it is missing (REBUILD=1: always).
#   bench/http-load.sh                     20 s per measured run, 64 connections, 2 wrk threads, each endpoint
#                                          warmed up until steady first (wrk_warm in bench/service.sh)
#   DURATION=10s CONNECTIONS=32 bench/http-load.sh
# Results: target/bench/http-load-<time>.txt. bench/peer-compare.sh runs the same service beside Cerbos.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PORT=${PORT:-18080}
JAVA_OPTS=${JAVA_OPTS:-}
OUT=target/bench/http-load-$(date +%Y%m%d-%H%M%S).txt
mkdir -p target/bench
# shellcheck source=bench/service.sh
source bench/service.sh
bench_jar
# shellcheck disable=SC2086
service_start "$PORT" $JAVA_OPTS
service_seed

load() { # name duration token body url
  local mark
  mark=$(wc -l <"$OUT")
  wrk_post "$1" "$2" "$CONNECTIONS" "$THREADS" "$3" "$4" "$BASE$5" "$SERVICE"
  tail -n +$((mark + 1)) "$OUT"
}
{
  echo "# $(date -Is) $(nproc) cores, $(java -version 2>&1 | head -1), JAVA_OPTS='$JAVA_OPTS'"
  echo "# $(uptime)"
} | tee "$OUT"
wrk_warm "bare endpoint" "$CONNECTIONS" "$THREADS" "$PARTNER" "$AUTHZ_BODY" "$BASE/api/v1/bench/bare"
wrk_warm "authorization" "$CONNECTIONS" "$THREADS" "$PARTNER" "$AUTHZ_BODY" "$BASE/api/v1/decisions"
wrk_warm "acceptance" "$CONNECTIONS" "$THREADS" "$CUSTOMER" "$ACCEPT_BODY" "$BASE/api/v1/customers/C-NORTHWIND/relationship-acceptances"
load "bare endpoint" "$DURATION" "$PARTNER" "$AUTHZ_BODY" /api/v1/bench/bare
load "authorization" "$DURATION" "$PARTNER" "$AUTHZ_BODY" /api/v1/decisions
load "acceptance" "$DURATION" "$CUSTOMER" "$ACCEPT_BODY" /api/v1/customers/C-NORTHWIND/relationship-acceptances
echo "== decision-log commits (from /metrics)" | tee -a "$OUT"
curl -fs -H "Authorization: Bearer $AUDITOR" "$BASE/metrics" \
  | grep -E '^policy_decision_log_(commit_seconds|batch_entries)_(count|sum)|^policy_decisions_total|^policy_decision_log_batch_entries_max|^policy_decision_log_commit_seconds_max' \
  | tee -a "$OUT"
echo "results: $OUT"
