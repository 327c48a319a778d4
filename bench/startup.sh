#!/usr/bin/env bash
# Start-up time: from `java -jar` to the first answered authorization decision (HTTP 200), polled every
# 10 ms, on a fresh H2 database each run (Flyway migrates, the demo directory loads, the rules compile).
#   bench/startup.sh            RUNS=3 runs plain, then with an AppCDS archive (trained by one run first),
#                               then the warm-cache series: a first start on a new data folder, then RUNS
#                               restarts reusing it (database migrated, compiled rules cached: nothing compiles)
#   SERIES=warm bench/startup.sh    only the warm-cache series (SERIES=plain: only the first two)
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

# one run: prints milliseconds from launch to the first 200 on POST /api/v1/decisions; with KEEP set, in the
# data folder $KEEP, kept afterwards (its service.log holds the last run's log)
run() {
  local work; work=${KEEP:-$(mktemp -d)}
  local start end pid code
  start=$(date +%s%N)
  date +%T.%3N >"$work/launched"
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
  [[ "$code" == 200 ]] || { cat "$work/service.log" >&2; [[ -n "${KEEP:-}" ]] || rm -rf "$work"; echo "no decision answered" >&2; exit 1; }
  [[ -n "${KEEP:-}" ]] || rm -rf "$work"
  echo $(( (end - start) / 1000000 ))
}

# the start-up steps of the last run in data folder $1, as the service logged them (time of day, then the line)
steps() {
  echo "  $(cat "$1/launched") java -jar"
  grep -E "^[0-9:.]+ +(INFO|WARN|ERROR)" "$1/service.log" | sed -E 's/^([0-9:.]+) +[A-Z]+ +\[[^]]*\] +[^ ]+ - /  \1 /' \
    | cut -c1-180 | sed -n '1,/Startup completed/p'
}

{
  echo "# $(date -Is) $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
  echo "# $(uptime)"
} | tee "$OUT"
SERIES=${SERIES:-all}
if [[ "$SERIES" != warm ]]; then
  for i in $(seq 1 "$RUNS"); do echo "plain run $i: $(run) ms" | tee -a "$OUT"; done
  rm -f "$ARCHIVE"
  echo "AppCDS training run (writes $ARCHIVE): $(run -XX:ArchiveClassesAtExit="$ARCHIVE") ms" | tee -a "$OUT"
  for i in $(seq 1 "$RUNS"); do echo "AppCDS run $i: $(run -XX:SharedArchiveFile="$ARCHIVE") ms" | tee -a "$OUT"; done
fi
if [[ "$SERIES" != plain ]]; then
  # restart with a warm cache: one data folder for the whole series, standard JVM options
  KEEP=$(mktemp -d)
  echo "# $(uptime)" | tee -a "$OUT"
  echo "warm-cache series, first start (new data folder: migrates, compiles, stores): $(KEEP=$KEEP run) ms" | tee -a "$OUT"
  steps "$KEEP" | tee -a "$OUT"
  for i in $(seq 1 "$RUNS"); do
    echo "warm-cache restart $i (same data folder): $(KEEP=$KEEP run) ms" | tee -a "$OUT"
  done
  steps "$KEEP" | tee -a "$OUT"
  echo "# $(uptime)" | tee -a "$OUT"
  rm -rf "$KEEP"
fi
echo "results: $OUT"
