#!/usr/bin/env bash
# Our authorization endpoint beside a peer, in one run on 127.0.0.1: the bare yardstick endpoint of our service,
# our POST /api/v1/decisions (H2 file database in a temporary directory, every decision committed to the
# hash-chained decision log before the answer), and the Cerbos PDP deciding the same request with the peer policy
# of src/bench/resources/cerbos/policies, its audit log on (backend local) and off. Each at 64 connections and at
# 1 connection, with wrk: requests/s, p50, p99, and the CPU the server process spent per request
# (/proc/<pid>/stat utime + stime, from the start of a run to 1 s after its end, divided by its requests).
#   bench/peer-compare.sh                            20 s per measured run, after each endpoint is warm: 10 s runs
#                                                    until two in a row agree within 5 % (wrk_warm in bench/service.sh)
#   DURATION=10s WARM_MAX=6 bench/peer-compare.sh
#   JAVA_OPTS="-XX:TieredStopAtLevel=1" bench/peer-compare.sh      (options of our service's JVM)
# Needs wrk and jq (apt-get install -y wrk jq), npm for the first fetch of Cerbos (bench/cerbos-fetch.sh); builds
# the jar when it is missing (REBUILD=1: always). Results: target/bench/peer-compare-<time>.txt (raw wrk output)
# and .md (the tables).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-20s}
THREADS=${THREADS:-2}
PORT=${PORT:-18280}
CERBOS_PORT=${CERBOS_PORT:-18292}   # audit on: this port (HTTP) and the next (gRPC); audit off: the two after
JAVA_OPTS=${JAVA_OPTS:-}
STAMP=$(date +%Y%m%d-%H%M%S)
OUT=target/bench/peer-compare-$STAMP.txt
TABLE=target/bench/peer-compare-$STAMP.md
mkdir -p target/bench
for tool in wrk jq; do command -v $tool >/dev/null || { echo "needs $tool: apt-get install -y $tool" >&2; exit 1; }; done
# shellcheck source=bench/service.sh
source bench/service.sh
CERBOS=$(bench/cerbos-fetch.sh)
POLICIES=src/bench/resources/cerbos/policies
"$CERBOS" compile --color=never "$POLICIES" >"target/bench/peer-compare-$STAMP.cerbos-compile.txt" \
  || { cat "target/bench/peer-compare-$STAMP.cerbos-compile.txt"; echo "the Cerbos policy does not pass its tests" >&2; exit 1; }
bench_jar

{
  echo "# $(date -Is) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo)"
  echo "# $(java -version 2>&1 | head -1), JAVA_OPTS='$JAVA_OPTS'; Cerbos $("$CERBOS" --version 2>&1 | head -1); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
  echo "# start: $(uptime)"
} | tee "$OUT"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- our service
# shellcheck disable=SC2086
service_start "$PORT" $JAVA_OPTS
service_seed

# ---------------------------------------------------------------- Cerbos, audit on and audit off
# cerbos_start HTTP_PORT on|off: sets CERBOS_PID and CERBOS_AUDIT_DIR
cerbos_start() {
  local port=$1 audit=$2 dir
  dir=$(mktemp -d)
  BENCH_DIRS+=("$dir")
  CERBOS_AUDIT_DIR=$dir/audit
  local here=$PWD
  (cd "$dir" && CERBOS_NO_TELEMETRY=1 CERBOS_HTTP_PORT=$port CERBOS_GRPC_PORT=$((port + 1)) \
    CERBOS_POLICY_DIR=$here/$POLICIES CERBOS_AUDIT_DIR=$CERBOS_AUDIT_DIR \
    exec "$here/$CERBOS" server --config="$here/src/bench/resources/cerbos/config.yaml" \
      --debug-listen-addr=127.0.0.1:$((port + 100)) --log-level=warn \
      --set=audit.enabled=$([[ $audit == on ]] && echo true || echo false) >"$dir/cerbos.log" 2>&1) &
  CERBOS_PID=$!
  BENCH_PIDS+=("$CERBOS_PID")
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/_cerbos/health" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  cat "$dir/cerbos.log"
  exit 1
}
cerbos_start "$CERBOS_PORT" on
CERBOS_ON=$CERBOS_PID
CERBOS_ON_AUDIT=$CERBOS_AUDIT_DIR
cerbos_start $((CERBOS_PORT + 2)) off
CERBOS_OFF=$CERBOS_PID
CERBOS_ON_URL=http://127.0.0.1:$CERBOS_PORT/api/check/resources
CERBOS_OFF_URL=http://127.0.0.1:$((CERBOS_PORT + 2))/api/check/resources

# The same world for Cerbos: the facts our service read for the authorization above, as its decision log recorded
# them, translated into the principal and resource attributes of the peer policy (CerbosAuthorization does the
# same in Java for the differential test).
DECISION_ID=$(jq -r .decisionId <<<"$AUTHZ_DECISION")
ENTRY=$(curl -fs -H "Authorization: Bearer $AUDITOR" "$BASE/api/v1/decision-log/$DECISION_ID")
CERBOS_BODY=$(jq -c '.input.request as $r | .input.facts as $f | {
  requestId: "peer-compare",
  principal: {id: $r.partnerId, roles: ["partner"],
              attr: {program: ([$f.partners[] | select(.id == $r.partnerId) | .program][0])}},
  resources: [{actions: [$r.action], resource: {kind: "customer", id: $r.customerId, attr: (
    {relationshipState: ([$f.relationships[] | select(.partnerId == $r.partnerId) | .state][0] // "NONE"),
     grants: ([$f.grants[] | select(.partnerId == $r.partnerId)
               | {key: .service, value: {delegatedAdmin, transacting}}] | from_entries)}
    + (if $r.service then {service: $r.service} else {} end)
    + (if $r.subscriptionId then ([$f.subscriptions[] | select(.id == $r.subscriptionId)
          | {subscription: ({id, service} + (if .resellerOfRecord then {resellerOfRecord} else {} end))}][0] // {})
       else {} end))}}]}' <<<"$ENTRY")
for url in "$CERBOS_ON_URL" "$CERBOS_OFF_URL"; do
  effect=$(curl -fs -d "$CERBOS_BODY" "$url" | jq -r '.results[0].actions[]')
  [[ "$effect" == EFFECT_ALLOW ]] || { echo "Cerbos at $url answered $effect to $CERBOS_BODY" >&2; exit 1; }
done
{
  echo "# ours:   POST $BASE/api/v1/decisions $AUTHZ_BODY (bearer token) -> $(jq -c '{outcome, reasons}' <<<"$AUTHZ_DECISION")"
  echo "# Cerbos: POST /api/check/resources $CERBOS_BODY -> EFFECT_ALLOW"
} | tee -a "$OUT"

# ---------------------------------------------------------------- the runs
TARGETS=(bare ours cerbos_on cerbos_off)
declare -A LABEL=([bare]="bare endpoint (ours, no facts, rules or log)" [ours]="ours: POST /api/v1/decisions, logged durably"
                  [cerbos_on]="Cerbos, audit log on (local)" [cerbos_off]="Cerbos, audit log off")
declare -A URL=([bare]="$BASE/api/v1/bench/bare" [ours]="$BASE/api/v1/decisions" [cerbos_on]="$CERBOS_ON_URL"
                [cerbos_off]="$CERBOS_OFF_URL")
declare -A TOKEN_OF=([bare]="$PARTNER" [ours]="$PARTNER" [cerbos_on]="" [cerbos_off]="")
declare -A BODY_OF=([bare]="$AUTHZ_BODY" [ours]="$AUTHZ_BODY" [cerbos_on]="$CERBOS_BODY" [cerbos_off]="$CERBOS_BODY")
declare -A PID_OF=([bare]="$SERVICE" [ours]="$SERVICE" [cerbos_on]="$CERBOS_ON" [cerbos_off]="$CERBOS_OFF")
declare -A R
for t in "${TARGETS[@]}"; do
  wrk_warm "$t" 64 "$THREADS" "${TOKEN_OF[$t]}" "${BODY_OF[$t]}" "${URL[$t]}"
done
for c in 64 1; do
  threads=$THREADS
  [[ $c == 1 ]] && threads=1
  for t in "${TARGETS[@]}"; do
    wrk_post "${LABEL[$t]}" "$DURATION" "$c" "$threads" "${TOKEN_OF[$t]}" "${BODY_OF[$t]}" "${URL[$t]}" "${PID_OF[$t]}"
    R[$t,$c,rps]=$RPS; R[$t,$c,p50]=$P50_MS; R[$t,$c,p99]=$P99_MS; R[$t,$c,cpu]=$CPU_US; R[$t,$c,errors]=$ERRORS
    echo "$t, $c connections: $RPS requests/s, p50 $P50_MS ms, p99 $P99_MS ms, $CPU_US µs CPU per request, $ERRORS errors"
  done
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
echo "# end: $(uptime)" | tee -a "$OUT"

# ---------------------------------------------------------------- what was written
echo "== our decision log (from /metrics)" >>"$OUT"
curl -fs -H "Authorization: Bearer $AUDITOR" "$BASE/metrics" \
  | grep -E '^policy_decision_log_(commit_seconds|batch_entries)_(count|sum)|^policy_decisions_total' >>"$OUT"
kill "$CERBOS_ON"; wait "$CERBOS_ON" 2>/dev/null || true
echo "== Cerbos audit log (local backend) after a clean stop: $(du -sk "$CERBOS_ON_AUDIT" | cut -f1) KB in $CERBOS_ON_AUDIT" >>"$OUT"

# ---------------------------------------------------------------- the tables
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }
row() { # label target
  printf '| %s | %.0f req/s | %s ms | %s µs | %s ms |\n' "$1" "${R[$2,64,rps]}" "${R[$2,64,p99]}" "${R[$2,64,cpu]}" "${R[$2,1,p50]}"
}
ratio_row() { # label a b
  printf '| %s | %s | %s | %s | %s |\n' "$1" "$(ratio "${R[$2,64,rps]}" "${R[$3,64,rps]}")" \
    "$(ratio "${R[$2,64,p99]}" "${R[$3,64,p99]}")" "$(ratio "${R[$2,64,cpu]}" "${R[$3,64,cpu]}")" \
    "$(ratio "${R[$2,1,p50]}" "${R[$3,1,p50]}")"
}
{
  echo "Load average (1, 5, 15 min) at start: $LOAD_START; at end: $LOAD_END. $DURATION per measured run, each endpoint warmed up until steady (warm-up runs in the .txt file)."
  echo
  echo "| | 64 connections | p99 | server CPU per request | 1 connection p50 |"
  echo "|---|---|---|---|---|"
  for t in "${TARGETS[@]}"; do row "${LABEL[$t]}" "$t"; done
  ratio_row "ours / bare" ours bare
  ratio_row "ours / Cerbos, audit on" ours cerbos_on
  ratio_row "ours / Cerbos, audit off" ours cerbos_off
  echo
  echo "| | connections | requests/s | p50 | p99 | server CPU per request | errors |"
  echo "|---|---|---|---|---|---|---|"
  for c in 64 1; do
    for t in "${TARGETS[@]}"; do
      printf '| %s | %s | %s | %s ms | %s ms | %s µs | %s |\n' "${LABEL[$t]}" "$c" "${R[$t,$c,rps]}" "${R[$t,$c,p50]}" \
        "${R[$t,$c,p99]}" "${R[$t,$c,cpu]}" "${R[$t,$c,errors]}"
    done
  done
} | tee "$TABLE" | tee -a "$OUT"
echo "results: $OUT, $TABLE"
