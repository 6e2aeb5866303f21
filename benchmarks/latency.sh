#!/usr/bin/env bash
# Delivery latency at a steady input rate, per engine (Spark at several batch intervals), delivery mode and rate, on
# one embedded broker (6 partitions): p50/p90/p99/max from the input's CreateTime to the output's arrival at a
# read_committed consumer. Prints a table, writes benchmarks/results/latency.csv and draws latency.png; asserts nothing.
#   benchmarks/latency.sh [-Drates=5000,20000,50000] [-Dengines=in-process,spark:200ms,spark:500ms,spark:1s]
#                         [-Ddeliveries=at-least-once,exactly-once] [-Dwarmup=10s] [-Dduration=60s] [-Ddrain=60s] [-Dresults=DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
# package, not install: bootstrap's test classes and the launcher's class path, nothing written to ~/.m2
mvn -q -B -ntp -pl bootstrap -am package -DskipTests >&2
launcher=bootstrap/target/launcher
# shellcheck disable=SC2046
exec java -Xmx1g -Djava.awt.headless=true $(cat "$launcher/spark-jvm-options.txt") \
  -Dlog4j2.configurationFile="$launcher/log4j2.properties" "$@" \
  -cp "bootstrap/target/test-classes:bootstrap/target/classes:$(cat "$launcher/classpath.txt")" \
  io.tweetstream.bootstrap.cli.LatencyBenchmark
