#!/usr/bin/env bash
# kill -9 during a catch-up: TWEETS numbered tweets wait in a fresh embedded broker (6 partitions), the job (the CLI
# in local mode, as a child JVM, default settings) is killed with SIGKILL KILL_AFTER seconds after its start (or, with `<N>out`, once N tweets are out), then
# restarted in the same group. Prints records in, out, duplicates (by content) and the time from the restart until
# every tweet had arrived; asserts nothing.
#   benchmarks/kill-during-backlog.sh [tweets, default 1000000] [kill after: seconds, default 12, or <N>out] [engine, default spark] [key=value...]
# Builds with `package` (reactor jars under target/), never `install`; MVN_FLAGS adds Maven options (e.g. -o).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck disable=SC2086
mvn -q -B -ntp ${MVN_FLAGS:-} -pl bootstrap -am package -DskipTests >&2
launcher=bootstrap/target/launcher
# shellcheck disable=SC2046
exec java -Xmx1g $(cat "$launcher/spark-jvm-options.txt") \
  -Dtweetstream.spark.jvm.options="$(cat "$launcher/spark-jvm-options.txt")" \
  -Dlog4j2.configurationFile="$launcher/log4j2.properties" \
  -cp "bootstrap/target/test-classes:bootstrap/target/classes:$(cat "$launcher/classpath.txt")" \
  io.tweetstream.bootstrap.cli.KillDuringBacklogBenchmark "${1:-1000000}" "${2:-12}" "${3:-spark}" "${@:4}"
