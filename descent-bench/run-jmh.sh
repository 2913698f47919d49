#!/usr/bin/env bash
# Builds descent-bench (and descent-core) and runs JMH; arguments go to JMH, e.g.
#   descent-bench/run-jmh.sh GemmBench -p n=1024,2048 -p type=float
# Scores are products per second: GFLOPS = score * 2 n^3 / 1e9 (see GemmBench).
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
# shellcheck source=../bin/find-jdk.sh
. "$ROOT/bin/find-jdk.sh"
descent_find_jdk || exit 1
cd "$ROOT"
./mvnw -B -ntp -q -pl descent-bench -am package -DskipTests
exec "$JAVA_HOME/bin/java" --add-modules=jdk.incubator.vector \
  -cp "descent-bench/target/descent-bench-0.1.0-SNAPSHOT.jar:descent-bench/target/lib/*" \
  org.openjdk.jmh.Main "$@"
