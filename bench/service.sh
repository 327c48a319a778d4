# Shared by bench/http-load.sh and bench/peer-compare.sh (sourced, not run): start the service from the jar on
# 127.0.0.1 with a fresh H2 file database in a temporary directory, seed the relationship the load relies on,
# and measure one endpoint with wrk, with the CPU the server process spent on it.
# Everything started here is stopped, and the temporary directories removed, when the calling script exits.

JAR=${JAR:-target/relationship-policy.jar}
BENCH_PIDS=()
BENCH_DIRS=()
bench_cleanup() {
  local pid
  for pid in "${BENCH_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${BENCH_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  [[ ${#BENCH_DIRS[@]} -eq 0 ]] || rm -rf "${BENCH_DIRS[@]}"
}
trap bench_cleanup EXIT

# the jar, built when missing (REBUILD=1 builds it anyway)
bench_jar() {
  if [[ ! -f "$JAR" || "${REBUILD:-0}" == 1 ]]; then
    ./mvnw -q -B -ntp -o package -DskipTests
  fi
}

# service_start PORT [JAVA_OPTS...]: sets SERVICE (pid), BASE, WORK; the durable decision log as configured by
# default (entries committed to H2 before the answer, group commit), the bench yardstick endpoint on
service_start() {
  local port=$1; shift
  WORK=$(mktemp -d)
  BENCH_DIRS+=("$WORK")
  BASE=http://127.0.0.1:$port
  export POLICY_JWT_SECRET=${POLICY_JWT_SECRET:-$(head -c 48 /dev/urandom | base64 | tr -d '\n')}
  # BENCH_DB_URL (+ BENCH_DB_USER, BENCH_DB_PASSWORD): another database, such as PostgreSQL (bench/postgres-load.sh)
  MICRONAUT_SERVER_HOST=127.0.0.1 MICRONAUT_SERVER_PORT=$port POLICY_RULES_PATH=$PWD/rules POLICY_DATA_DIR=$WORK \
    DATASOURCES_DEFAULT_URL="${BENCH_DB_URL:-jdbc:h2:file:$WORK/db;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0}" \
    DATASOURCES_DEFAULT_USERNAME="${BENCH_DB_USER:-sa}" DATASOURCES_DEFAULT_PASSWORD="${BENCH_DB_PASSWORD:-}" \
    java "$@" -Dpolicy.bench.enabled=true -Dpolicy.data-dir="$WORK" -jar "$JAR" >"$WORK/service.log" 2>&1 &
  SERVICE=$!
  BENCH_PIDS+=("$SERVICE")
  for _ in $(seq 1 300); do
    curl -fs "$BASE/health" >/dev/null 2>&1 && break
    sleep 0.2
  done
  curl -fs "$BASE/health" >/dev/null || { cat "$WORK/service.log"; exit 1; }
}

token() { java -jar "$JAR" token "$@" 2>/dev/null; }

# service_seed: C-NORTHWIND (demo directory) accepts P-CONTOSO's link for MICROSOFT_365; P-CONTOSO is the reseller
# of record of S-M365-001, so BILLING on it is allowed. Sets PARTNER, CUSTOMER, AUDITOR (tokens), ACCEPT_BODY,
# AUTHZ_BODY and AUTHZ_DECISION (the answer to one authorization, checked to be ALLOW).
service_seed() {
  PARTNER=$(token --role PARTNER --tenant P-CONTOSO)
  CUSTOMER=$(token --role CUSTOMER_ADMIN --tenant C-NORTHWIND)
  AUDITOR=$(token --role AUDITOR)
  local link
  link=$(curl -fs -H "Authorization: Bearer $PARTNER" "$BASE/api/v1/partners/P-CONTOSO/relationship-request" \
    | sed -E 's/.*"link":"([^"]*)".*/\1/')
  ACCEPT_BODY="{\"link\":\"$link\",\"services\":[\"MICROSOFT_365\"]}"
  curl -fs -H "Authorization: Bearer $CUSTOMER" -H 'Content-Type: application/json' -d "$ACCEPT_BODY" \
    "$BASE/api/v1/customers/C-NORTHWIND/relationship-acceptances" | grep -q '"outcome":"ALLOW"'
  AUTHZ_BODY='{"partnerId":"P-CONTOSO","customerId":"C-NORTHWIND","action":"BILLING","subscriptionId":"S-M365-001"}'
  AUTHZ_DECISION=$(curl -fs -H "Authorization: Bearer $PARTNER" -H 'Content-Type: application/json' -d "$AUTHZ_BODY" \
    "$BASE/api/v1/decisions")
  grep -q '"outcome":"ALLOW"' <<<"$AUTHZ_DECISION"
}

# cpu_ticks PID: user + system time of the process so far, in clock ticks (fields 14 and 15 of /proc/PID/stat,
# counted after the command name, which may hold spaces)
cpu_ticks() { sed -E 's/^.*\) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
CLK_TCK=$(getconf CLK_TCK)

# to_ms VALUE: a wrk duration (850.00us, 1.52ms, 1.02s, 2.00m) in milliseconds
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : -1
    if (f < 0) { print "?"; exit } printf "%.2f", n * f }'
}

# wrk_post NAME DURATION CONNECTIONS THREADS TOKEN BODY URL [PID]: one wrk run of POST BODY to URL (a bearer
# token when TOKEN is not empty), its output appended to $OUT. With PID, the CPU time that process spent from the
# start of the run to 1 s after its end is measured too. Sets RPS, REQUESTS, P50_MS, P99_MS, ERRORS, CPU_US
# (CPU microseconds per request, or empty).
wrk_post() {
  local name=$1 duration=$2 connections=$3 threads=$4 tok=$5 body=$6 url=$7 pid=${8:-} before after output
  [[ -z "$pid" ]] || before=$(cpu_ticks "$pid")
  output=$(TOKEN=$tok BODY=$body wrk -t"$threads" -c"$connections" -d"$duration" --latency -s bench/post.lua "$url")
  if [[ -n "$pid" ]]; then
    sleep 1
    after=$(cpu_ticks "$pid")
  fi
  RPS=$(awk '/^Requests\/sec/ {print $2}' <<<"$output")
  REQUESTS=$(awk '/requests in/ {print $1}' <<<"$output")
  P50_MS=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$output")")
  P99_MS=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$output")")
  ERRORS=$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' <<<"$output")
  CPU_US=
  [[ -z "$pid" ]] || CPU_US=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$REQUESTS" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
  {
    echo "== $name ($duration, $connections connections, $threads threads): POST $url"
    echo "$output"
    [[ -z "$pid" ]] || echo "server CPU (pid $pid): $((after - before)) ticks of 1/$CLK_TCK s for $REQUESTS requests = $CPU_US µs per request"
  } >>"$OUT"
}

# wrk_warm NAME CONNECTIONS THREADS TOKEN BODY URL: warms an endpoint up until its throughput is steady. The JVM
# keeps compiling for minutes on 2 cores shared with wrk (Drools, H2, Micronaut and Netty all reach C2), so a fixed
# 10 s warm-up measured the JIT, not the service. Runs of WARM_ROUND (default 10s) repeat until two in a row are
# within WARM_TOLERANCE percent (default 5) of each other, at least WARM_MIN (default 6: shorter plateaus were seen
# while C2 was still compiling) and at most WARM_MAX
# (default 18) runs; each run's requests/s is written to $OUT.
wrk_warm() {
  local name=$1 connections=$2 threads=$3 tok=$4 body=$5 url=$6 previous=0 round steady
  for round in $(seq 1 "${WARM_MAX:-18}"); do
    OUT=/dev/null wrk_post "warm-up $name" "${WARM_ROUND:-10s}" "$connections" "$threads" "$tok" "$body" "$url"
    echo "# warm-up $name, run $round: $RPS requests/s" >>"$OUT"
    steady=$(awk -v a="$RPS" -v b="$previous" -v t="${WARM_TOLERANCE:-5}" 'BEGIN { print (b > 0 && a / b > 1 - t / 100 && a / b < 1 + t / 100) ? 1 : 0 }')
    if [[ $steady == 1 && $round -ge ${WARM_MIN:-6} ]]; then
      return 0
    fi
    previous=$RPS
  done
  echo "# warm-up $name: not steady after ${WARM_MAX:-18} runs (last $RPS requests/s)" >>"$OUT"
}
