#!/usr/bin/env bash
# Soak: the job (a child JVM, as `tweetstream run` starts it) fed at a steady rate on one embedded broker; every 15 s
# prints committed records, lag, and the job's heap after a full GC, live threads and open files. Asserts nothing.
#   benchmarks/soak.sh [engine: spark|in-process, default in-process] [minutes, default 10] [tweets/s, default 20000]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp install -DskipTests >&2
mvn -q -B -ntp -pl bootstrap test-compile >&2
launcher=bootstrap/target/launcher
# shellcheck disable=SC2046
exec java -Xmx512m -Dtweetstream.spark.jvm.options="$(cat "$launcher/spark-jvm-options.txt")" \
  -Dlog4j2.configurationFile="$launcher/log4j2.properties" \
  -cp "bootstrap/target/test-classes:bootstrap/target/classes:$(cat "$launcher/classpath.txt")" \
  io.tweetstream.bootstrap.job.SoakBenchmark "${1:-in-process}" "${2:-10}" "${3:-20000}"
