#!/usr/bin/env bash
# Runs the JMH benchmarks of the bench profile. Arguments go to JMH, e.g.
#   bench/jmh.sh DecisionBenchmark.authorization -p authorizationCase=ADMINISTER_ALLOW
#   bench/jmh.sh -l          (list the benchmarks)
# Builds the test classes with -Pbench first (offline unless BENCH_ONLINE=1).
set -euo pipefail
cd "$(dirname "$0")/.."
offline=-o
[[ "${BENCH_ONLINE:-0}" == 1 ]] && offline=
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -q $offline -Pbench test-compile
  ./mvnw -q $offline -Pbench dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
fi
exec "${JAVA:-java}" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.openjdk.jmh.Main "$@"
