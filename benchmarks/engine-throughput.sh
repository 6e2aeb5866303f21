#!/usr/bin/env bash
# Our two engines against Kafka Streams (at_least_once and exactly_once_v2) and a plain kafka-clients copy of the same
# tweets, on one embedded broker, in one run. Prints records/s, ratios to Kafka Streams exactly_once_v2 and to the
# copy, time to first output and peak heap, "done" meaning visible to a read_committed consumer; asserts nothing.
# Writes benchmarks/results/throughput.csv and draws throughput.png (-Dresults=DIR elsewhere).
#   benchmarks/engine-throughput.sh [tweets, default 1000000] [-Dcontestants=copy,streams-eos,...] [-Dbatch.interval=500ms]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp install -DskipTests >&2
mvn -q -B -ntp -pl bootstrap test-compile >&2
launcher=bootstrap/target/launcher
# shellcheck disable=SC2046
exec java -Xmx1g -Djava.awt.headless=true $(cat "$launcher/spark-jvm-options.txt") \
  -Dlog4j2.configurationFile="$launcher/log4j2.properties" "${@:2}" \
  -cp "bootstrap/target/test-classes:bootstrap/target/classes:$(cat "$launcher/classpath.txt")" \
  io.tweetstream.bootstrap.cli.EngineThroughputBenchmark "${1:-1000000}"
