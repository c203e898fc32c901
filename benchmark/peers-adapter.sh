#!/usr/bin/env bash
# Freshet's adapter for the peers harness (../shared/peers, README "Adding Freshet"); see the benchmark
# README, "Peers harness". Build once before the window (this script never builds):
#   ./mvnw -q -pl benchmark -am install -DskipTests
#
#   peers-adapter.sh throughput            # 50,000 profile jobs, one upstream call each
#   peers-adapter.sh throughput-batch100   # 50,000 quote jobs, 100 symbols per upstream call
#   peers-adapter.sh throughput-x2         # the same 50,000 profile jobs drained by 2 processor instances
#   peers-adapter.sh throughput-x4         # ... by 4 instances (scale-out: one database, CPU summed)
#   peers-adapter.sh latency               # idle processor, 10 warm-up + 200 samples
#
# Env: PGPORT (55432), BENCH_JAVA_HOME, FRESHET_PEERS_PROCESSOR_OPTS (extra processor JVM options,
# e.g. "-Dfreshet.processor.claim-loops=4 -XX:StartFlightRecording=filename=/tmp/p.jfr"),
# FRESHET_PEERS_LATENCY_PREWARM (jobs drained through the processor before the latency samples; 0),
# FRESHET_PEERS_THROUGHPUT_PREWARM (jobs of the same type drained before the measured 50,000 are queued, so the
# drain runs on a warm JIT; 0, the contract's cold processor).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAVA_HOME=${BENCH_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAR="$ROOT/benchmark/target/freshet-benchmark.jar"
URL="postgresql://127.0.0.1:${PGPORT:-55432}/freshet"
for f in "$JAR" "$ROOT/queue-processor/target/quarkus-app/quarkus-run.jar"; do
  [ -f "$f" ] || { echo "$f is missing: build first with ./mvnw -q -pl benchmark -am install -DskipTests" >&2; exit 2; }
done
# The processor runs as the launcher starts it (java -Xmx256m -jar quarkus-run.jar) with its shipped
# defaults; what is published is exactly this plus FRESHET_PEERS_PROCESSOR_OPTS (echoed in the RESULT config).
# shellcheck disable=SC2206
PROC_OPTS=(${FRESHET_PEERS_PROCESSOR_OPTS:-})
# The in-process simulator (JDK HttpServer) closes idle keep-alive connections beyond 200 by default; four
# processors hold up to 4 x 64, and a closed pooled connection is an upstream fault to the processor.
DRIVER=("$JAVA_HOME/bin/java" -Xmx512m -Dsun.net.httpserver.maxIdleConnections=1024 -Dfreshet.root="$ROOT" -cp "$JAR"
        dev.freshet.benchmark.peers.PeersDriver)

case "${1:-}" in
  throughput)          exec "${DRIVER[@]}" throughput-single n=50000 prewarm="${FRESHET_PEERS_THROUGHPUT_PREWARM:-0}" url="$URL" limit=145 ${PROC_OPTS[@]+"${PROC_OPTS[@]}"} ;;
  throughput-x2)       exec "${DRIVER[@]}" throughput-single n=50000 prewarm="${FRESHET_PEERS_THROUGHPUT_PREWARM:-0}" instances=2 url="$URL" limit=145 ${PROC_OPTS[@]+"${PROC_OPTS[@]}"} ;;
  throughput-x4)       exec "${DRIVER[@]}" throughput-single n=50000 prewarm="${FRESHET_PEERS_THROUGHPUT_PREWARM:-0}" instances=4 url="$URL" limit=145 ${PROC_OPTS[@]+"${PROC_OPTS[@]}"} ;;
  throughput-batch100) exec "${DRIVER[@]}" throughput-batch100 n=50000 prewarm="${FRESHET_PEERS_THROUGHPUT_PREWARM:-0}" url="$URL" limit=145 ${PROC_OPTS[@]+"${PROC_OPTS[@]}"} ;;
  latency)             exec "${DRIVER[@]}" latency samples=200 warmup=10 prewarm="${FRESHET_PEERS_LATENCY_PREWARM:-0}" url="$URL" limit=145 ${PROC_OPTS[@]+"${PROC_OPTS[@]}"} ;;
  *) echo "usage: $0 throughput|throughput-x2|throughput-x4|throughput-batch100|latency" >&2; exit 2 ;;
esac
