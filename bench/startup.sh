#!/usr/bin/env bash
# Start-up time: from `java -jar` to the first answered authorization decision (HTTP 200), polled every
# 10 ms, on a fresh H2 database each run (Flyway migrates, the demo directory loads, the rules compile).
#   bench/startup.sh            RUNS=3 runs plain, then with an AppCDS archive (trained by one run first)
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java bench/startup.sh
#   JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" bench/startup.sh     (extra JVM options for every run)
# Needs the jar (./mvnw -q -o package -DskipTests). Results: target/bench/startup-<time>.txt
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA=${JAVA:-java}
RUNS=${RUNS:-3}
PORT=${PORT:-18081}
JAR=target/relationship-policy.jar
ARCHIVE=target/bench/app-$("$JAVA" -version 2>&1 | head -1 | tr -dc '0-9.' | cut -c1-12).jsa
OUT=target/bench/startup-$(date +%Y%m%d-%H%M%S).txt
mkdir -p target/bench
export POLICY_JWT_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
export MICRONAUT_SERVER_PORT=$PORT
export POLICY_RULES_PATH=$PWD/rules
TOKEN=$("$JAVA" -jar "$JAR" token --role PARTNER --tenant P-CONTOSO 2>/dev/null)
BODY='{"partnerId":"P-CONTOSO","customerId":"C-NORTHWIND","action":"END_SUPPORT"}'

# one run: prints milliseconds from launch to the first 200 on POST /api/v1/decisions
run() {
  local work; work=$(mktemp -d)
  local start end pid code
  start=$(date +%s%N)
  # shellcheck disable=SC2068
  POLICY_DATA_DIR=$work DATASOURCES_DEFAULT_URL="jdbc:h2:file:$work/db;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0" \
    "$JAVA" ${JAVA_OPTS:-} $@ -Dpolicy.data-dir="$work" -jar "$JAR" >"$work/service.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 3000); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      -d "$BODY" "http://127.0.0.1:$PORT/api/v1/decisions" 2>/dev/null || true)
    [[ "$code" == 200 ]] && break
    sleep 0.01
  done
  end=$(date +%s%N)
  kill -TERM $pid; wait $pid 2>/dev/null || true
  [[ "$code" == 200 ]] || { cat "$work/service.log" >&2; rm -rf "$work"; echo "no decision answered" >&2; exit 1; }
  rm -rf "$work"
  echo $(( (end - start) / 1000000 ))
}

{
  echo "# $(date -Is) $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
  echo "# $(uptime)"
} | tee "$OUT"
for i in $(seq 1 "$RUNS"); do echo "plain run $i: $(run) ms" | tee -a "$OUT"; done
rm -f "$ARCHIVE"
echo "AppCDS training run (writes $ARCHIVE): $(run -XX:ArchiveClassesAtExit="$ARCHIVE") ms" | tee -a "$OUT"
for i in $(seq 1 "$RUNS"); do echo "AppCDS run $i: $(run -XX:SharedArchiveFile="$ARCHIVE") ms" | tee -a "$OUT"; done
echo "results: $OUT"
