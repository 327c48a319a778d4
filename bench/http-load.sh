#!/usr/bin/env bash
# HTTP load on 127.0.0.1 only: the authorization endpoint (decision logged durably before the answer)
# against the bare yardstick endpoint of the same service, then acceptances, in one run.
# Needs wrk (apt-get install -y wrk) and the jar (./mvnw -q -o package -DskipTests).
#   bench/http-load.sh                     20 s per measured run, 64 connections, 2 wrk threads
#   DURATION=10s CONNECTIONS=32 bench/http-load.sh
# Results: target/bench/http-load-<time>.txt
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-10s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PORT=${PORT:-18080}
JAVA_OPTS=${JAVA_OPTS:-}
JAR=target/relationship-policy.jar
BASE=http://127.0.0.1:$PORT
WORK=$(mktemp -d)
OUT=target/bench/http-load-$(date +%Y%m%d-%H%M%S).txt
mkdir -p target/bench
export POLICY_JWT_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
export MICRONAUT_SERVER_PORT=$PORT
export POLICY_RULES_PATH=$PWD/rules
export POLICY_DATA_DIR=$WORK
export DATASOURCES_DEFAULT_URL="jdbc:h2:file:$WORK/db;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0"

# shellcheck disable=SC2086
java $JAVA_OPTS -Dpolicy.bench.enabled=true -Dpolicy.data-dir="$WORK" -jar "$JAR" >"$WORK/service.log" 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null; wait $SERVICE 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 300); do
  curl -fs "$BASE/health" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fs "$BASE/health" >/dev/null || { cat "$WORK/service.log"; exit 1; }

token() { java -jar "$JAR" token "$@" 2>/dev/null; }
PARTNER=$(token --role PARTNER --tenant P-CONTOSO)
CUSTOMER=$(token --role CUSTOMER_ADMIN --tenant C-NORTHWIND)
AUDITOR=$(token --role AUDITOR)

# the relationship the authorization requests rely on: C-NORTHWIND accepts P-CONTOSO's link for MICROSOFT_365
LINK=$(curl -fs -H "Authorization: Bearer $PARTNER" "$BASE/api/v1/partners/P-CONTOSO/relationship-request" \
  | sed -E 's/.*"link":"([^"]*)".*/\1/')
ACCEPT_BODY="{\"link\":\"$LINK\",\"services\":[\"MICROSOFT_365\"]}"
curl -fs -H "Authorization: Bearer $CUSTOMER" -H 'Content-Type: application/json' -d "$ACCEPT_BODY" \
  "$BASE/api/v1/customers/C-NORTHWIND/relationship-acceptances" | grep -q '"outcome":"ALLOW"'

AUTHZ_BODY='{"partnerId":"P-CONTOSO","customerId":"C-NORTHWIND","action":"BILLING","subscriptionId":"S-M365-001"}'
curl -fs -H "Authorization: Bearer $PARTNER" -H 'Content-Type: application/json' -d "$AUTHZ_BODY" \
  "$BASE/api/v1/decisions" | grep -q '"outcome":"ALLOW"'

load() { # name duration token body url
  echo "== $1 ($2, $CONNECTIONS connections, $THREADS threads): POST $5" | tee -a "$OUT"
  TOKEN=$3 BODY=$4 wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --latency -s bench/post.lua "$BASE$5" | tee -a "$OUT"
}
{
  echo "# $(date -Is) $(nproc) cores, $(java -version 2>&1 | head -1), JAVA_OPTS='$JAVA_OPTS'"
  echo "# $(uptime)"
} | tee "$OUT"
load "warm-up bare" "$WARMUP" "$PARTNER" "$AUTHZ_BODY" /api/v1/bench/bare >/dev/null
load "warm-up authorization" "$WARMUP" "$PARTNER" "$AUTHZ_BODY" /api/v1/decisions >/dev/null
sed -i '/^== warm-up/,$d' "$OUT"
load "bare endpoint" "$DURATION" "$PARTNER" "$AUTHZ_BODY" /api/v1/bench/bare
load "authorization" "$DURATION" "$PARTNER" "$AUTHZ_BODY" /api/v1/decisions
load "acceptance" "$DURATION" "$CUSTOMER" "$ACCEPT_BODY" /api/v1/customers/C-NORTHWIND/relationship-acceptances
echo "== decision-log commits (from /metrics)" | tee -a "$OUT"
curl -fs -H "Authorization: Bearer $AUDITOR" "$BASE/metrics" \
  | grep -E '^policy_decision_log_(commit_seconds|batch_entries)_(count|sum)|^policy_decisions_total|^policy_decision_log_batch_entries_max|^policy_decision_log_commit_seconds_max' \
  | tee -a "$OUT"
echo "results: $OUT"
