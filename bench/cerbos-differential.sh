#!/usr/bin/env bash
# The differential test of the Cerbos peer: fetches Cerbos (bench/cerbos-fetch.sh), then runs
# CerbosDifferentialTest under -Pbench: `cerbos compile` of src/bench/resources/cerbos/policies (its own tests),
# then the DRL rules in process against a Cerbos PDP on 127.0.0.1, on 10,000 random requests and on every
# request of the realistic world. Offline unless BENCH_ONLINE=1 (the first -Pbench build needs it).
set -euo pipefail
cd "$(dirname "$0")/.."
offline=-o
[[ "${BENCH_ONLINE:-0}" == 1 ]] && offline=
bench/cerbos-fetch.sh >/dev/null
exec ./mvnw -B -ntp $offline -Pbench test -Dtest=CerbosDifferentialTest -Dsurefire.failIfNoSpecifiedTests=false "$@"
