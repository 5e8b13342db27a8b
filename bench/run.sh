#!/usr/bin/env bash
# The tgstream streaming benchmark, one command:
#   bash bench/run.sh [--runs N] [--only ttfb,seek,first,throughput,rss,nginx,tdlib,soak,render]   (tdlib, soak, render: only when named)
#   bash bench/run.sh --only soak [--soak-minutes 10] [--soak-clients 200]   (the image under --memory 512m; root, podman)
# Builds the jar if it is missing (mvn package: nothing is installed into ~/.m2), installs nginx-light if it is
# missing (apt, as root), compiles bench/ (Bench.java, harness/, scenarios/) into a bench/target/classes.XXXXXX of its own and runs it; it
# writes the table to bench/RESULTS.md when the whole default suite ran, and exits 3 when a figure missed its target
# (after printing the table and naming each miss). Traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -s app/target/tgstream.jar ]; then
  echo "bench: building app/target/tgstream.jar"
  mvn -B -q package -DskipTests
fi
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  bash scripts/test-tools.sh nginx-light
fi

# A scenario is a file of its own, so the bench is a small program of several classes: compile it (a second or two).
# Each run compiles into a folder of its own: a second run started meanwhile (another --work) must not delete the
# classes a running one still loads lazily.
mkdir -p bench/target
classes=$(mktemp -d bench/target/classes.XXXXXX)
trap 'rm -rf "$classes"' EXIT
javac -encoding UTF-8 -d "$classes" bench/Bench.java bench/harness/*.java bench/scenarios/*.java

java -Xmx1g -cp "$classes" Bench \
  --jar app/target/tgstream.jar \
  --options conf/jvm-512m.options \
  --dockerfile Dockerfile \
  --results bench/RESULTS.md \
  "$@"
