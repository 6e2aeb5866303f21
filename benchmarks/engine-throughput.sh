#!/usr/bin/env bash
# The Spark engine against a plain kafka-clients copy of the same tweets, on one embedded broker, in one run.
# Prints records/s of both, their ratio, time to first output and peak heap; asserts nothing.
#   benchmarks/engine-throughput.sh [tweets, default 1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp install -DskipTests >&2
mvn -q -B -ntp -pl bootstrap test-compile >&2
launcher=bootstrap/target/launcher
# shellcheck disable=SC2046
exec java -Xmx1g $(cat "$launcher/spark-jvm-options.txt") \
  -Dlog4j2.configurationFile="$launcher/log4j2.properties" \
  -cp "bootstrap/target/test-classes:bootstrap/target/classes:$(cat "$launcher/classpath.txt")" \
  io.tweetstream.bootstrap.cli.EngineThroughputBenchmark "${1:-1000000}"
