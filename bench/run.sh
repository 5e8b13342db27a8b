#!/usr/bin/env bash
# The tgstream streaming benchmark, one command:   bash bench/run.sh [--runs N] [--only ttfb,seek,throughput,rss,nginx]
# Builds the jar if it is missing, installs nginx-light if it is missing (apt, as root), then runs bench/Bench.java
# (a single-file Java 17 program) and writes the table to bench/RESULTS.md. Traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -s app/target/tgstream.jar ]; then
  echo "bench: building app/target/tgstream.jar"
  mvn -B -q install -DskipTests
fi
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  bash scripts/test-tools.sh nginx-light
fi

exec java -Xmx1g bench/Bench.java \
  --jar app/target/tgstream.jar \
  --options conf/jvm-512m.options \
  --dockerfile Dockerfile \
  --results bench/RESULTS.md \
  "$@"
