#!/usr/bin/env bash
# The authorization load of bench/peer-compare.sh on PostgreSQL, the scale-out database: a PostgreSQL server of the
# machine's (Debian's package, installed when missing; a fresh cluster in a temporary directory, fsync on, 127.0.0.1
# only), then one instance of the service and then two instances on one database, each run on a fresh database.
# With two instances, two wrk processes load them at the same time (half the connections each) and their requests/s
# add up. Every decision is committed to the hash-chained log in PostgreSQL before its answer (group commit; the
# decision journal is an H2-only path). Also measured: the bare endpoint of the first instance, and a single caller.
#   bench/postgres-load.sh                      20 s per measured run, each endpoint warmed up until steady
#   DURATION=10s WARM_MAX=6 bench/postgres-load.sh
# Needs wrk (apt-get install -y wrk); results: target/bench/postgres-load-<time>.{txt,md}.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PORT=${PORT:-18380}
PG_PORT=${PG_PORT:-18432}
JAVA_OPTS=${JAVA_OPTS:-}
STAMP=$(date +%Y%m%d-%H%M%S)
OUT=target/bench/postgres-load-$STAMP.txt
TABLE=target/bench/postgres-load-$STAMP.md
mkdir -p target/bench
command -v wrk >/dev/null || { echo "needs wrk: apt-get install -y wrk" >&2; exit 1; }
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  apt-get install -y postgresql >/dev/null
fi
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
# shellcheck source=bench/service.sh
source bench/service.sh
bench_jar

# ---------------------------------------------------------------- PostgreSQL
PG_DIR=$(mktemp -d)
chown postgres "$PG_DIR"
as_postgres() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w start \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c shared_buffers=256MB -c max_connections=100" >/dev/null
pg_stop() { as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true; }
trap 'bench_cleanup_all' EXIT
bench_cleanup_all() { bench_cleanup; pg_stop; rm -rf "$PG_DIR"; }
new_database() { as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$1"; }
export BENCH_DB_USER=postgres BENCH_DB_PASSWORD=

{
  echo "# $(date -Is) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo)"
  echo "# $(java -version 2>&1 | head -1), JAVA_OPTS='$JAVA_OPTS'; PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') (fsync on, synchronous_commit on, shared_buffers 256MB); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
  echo "# start: $(uptime)"
} | tee "$OUT"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A R

# ---------------------------------------------------------------- one instance
new_database policy_one
export BENCH_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/policy_one"
# shellcheck disable=SC2086
service_start "$PORT" $JAVA_OPTS
service_seed
wrk_warm "bare, one instance" "$CONNECTIONS" "$THREADS" "$PARTNER" "$AUTHZ_BODY" "$BASE/api/v1/bench/bare"
wrk_warm "authorization, one instance" "$CONNECTIONS" "$THREADS" "$PARTNER" "$AUTHZ_BODY" "$BASE/api/v1/decisions"
wrk_post "bare, one instance" "$DURATION" "$CONNECTIONS" "$THREADS" "$PARTNER" "$AUTHZ_BODY" "$BASE/api/v1/bench/bare" "$SERVICE"
R[bare,rps]=$RPS; R[bare,p99]=$P99_MS; R[bare,cpu]=$CPU_US
wrk_post "authorization, one instance" "$DURATION" "$CONNECTIONS" "$THREADS" "$PARTNER" "$AUTHZ_BODY" "$BASE/api/v1/decisions" "$SERVICE"
R[one,rps]=$RPS; R[one,p50]=$P50_MS; R[one,p99]=$P99_MS; R[one,cpu]=$CPU_US
wrk_post "authorization, one instance, 1 connection" "$DURATION" 1 1 "$PARTNER" "$AUTHZ_BODY" "$BASE/api/v1/decisions" "$SERVICE"
R[single,rps]=$RPS; R[single,p50]=$P50_MS; R[single,p99]=$P99_MS
echo "one instance: bare ${R[bare,rps]}/s; authorization ${R[one,rps]}/s p99 ${R[one,p99]} ms; 1 connection p50 ${R[single,p50]} ms" | tee -a "$OUT"
bench_cleanup
BENCH_PIDS=()
BENCH_DIRS=()

# ---------------------------------------------------------------- two instances on one database
new_database policy_two
export BENCH_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/policy_two"
# shellcheck disable=SC2086
service_start "$PORT" $JAVA_OPTS
FIRST=$SERVICE FIRST_BASE=$BASE
# shellcheck disable=SC2086
service_start $((PORT + 1)) $JAVA_OPTS
SECOND=$SERVICE SECOND_BASE=$BASE
BASE=$FIRST_BASE
service_seed
HALF=$((CONNECTIONS / 2))
LOADS=()
for base in "$FIRST_BASE" "$SECOND_BASE"; do
  wrk_warm "authorization on $base, two instances" "$HALF" 1 "$PARTNER" "$AUTHZ_BODY" "$base/api/v1/decisions" &
  LOADS+=($!)
done
wait_loads() { local pid; for pid in "${LOADS[@]}"; do wait "$pid"; done; LOADS=(); }
wait_loads
# both instances at once: each wrk writes its own file, read back afterwards
two_run() { # base pid file
  OUT=$3 wrk_post "authorization on $1, two instances" "$DURATION" "$HALF" 1 "$PARTNER" "$AUTHZ_BODY" "$1/api/v1/decisions" "$2"
  echo "$RPS $P50_MS $P99_MS $CPU_US" >"$3.result"
}
two_run "$FIRST_BASE" "$FIRST" "$OUT.first" &
LOADS+=($!)
two_run "$SECOND_BASE" "$SECOND" "$OUT.second" &
LOADS+=($!)
wait_loads
cat "$OUT.first" "$OUT.second" >>"$OUT"
read -r RPS1 P501 P991 CPU1 <"$OUT.first.result"
read -r RPS2 P502 P992 CPU2 <"$OUT.second.result"
rm -f "$OUT.first" "$OUT.second" "$OUT.first.result" "$OUT.second.result"
R[two,rps]=$(awk -v a="$RPS1" -v b="$RPS2" 'BEGIN { printf "%.2f", a + b }')
R[two,p99]=$(awk -v a="$P991" -v b="$P992" 'BEGIN { print (a > b) ? a : b }')
R[two,cpu]=$(awk -v a="$CPU1" -v b="$CPU2" -v x="$RPS1" -v y="$RPS2" 'BEGIN { printf "%.1f", (a * x + b * y) / (x + y) }')
echo "two instances: $RPS1 + $RPS2 = ${R[two,rps]}/s, p99 $P991 / $P992 ms" | tee -a "$OUT"
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
echo "# end: $(uptime)" | tee -a "$OUT"

{
  echo "Load average (1, 5, 15 min) at start: $LOAD_START; at end: $LOAD_END. $DURATION per measured run, each endpoint warmed up until steady."
  echo
  echo "| PostgreSQL | connections | requests/s | p99 | server CPU per request | 1 connection p50 |"
  echo "|---|---|---|---|---|---|"
  printf '| bare endpoint, one instance | %s | %.0f | %s ms | %s µs | |\n' "$CONNECTIONS" "${R[bare,rps]}" "${R[bare,p99]}" "${R[bare,cpu]}"
  printf '| authorization, one instance | %s | %.0f | %s ms | %s µs | %s ms |\n' "$CONNECTIONS" "${R[one,rps]}" "${R[one,p99]}" "${R[one,cpu]}" "${R[single,p50]}"
  printf '| authorization, two instances, one database | %s + %s | %.0f (%.0f + %.0f) | %s ms (worse of the two) | %s µs (both, weighted) | |\n' \
    "$HALF" "$HALF" "${R[two,rps]}" "$RPS1" "$RPS2" "${R[two,p99]}" "${R[two,cpu]}"
} | tee "$TABLE" | tee -a "$OUT"
echo "results: $OUT, $TABLE"
