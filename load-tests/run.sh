#!/usr/bin/env bash
# Benchmarks of the gateway against same-run baselines (docs/benchmarks.md).
#   load-tests/run.sh            the whole suite (about 25 minutes); regenerates docs/benchmarks.md and its charts
#   load-tests/run.sh smoke      the short CI variant (about 2 minutes); fails only if a scenario crashes or a result
#                                file is malformed, never on the figures; writes load-tests/target/bench-smoke-results
#   load-tests/run.sh watchers budget …   some scenarios only (the others keep their last results)
# Builds the jars first (mvn -q -B -DskipTests package) unless BENCH_SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  mvn -q -B ${BENCH_MAVEN_ARGS:-} -DskipTests package
fi
# SSE fan-out holds up to ~19,000 sockets per process: raise the soft open-files limit to the hard one (on the
# reference machine both are 20,000 and cannot be raised further; see docs/benchmarks.md, measure 5).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec java -Xmx2g -XX:+UseParallelGC -Dbench.root=. -jar load-tests/target/load-tests.jar "${@:-all}"
