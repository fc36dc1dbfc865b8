#!/usr/bin/env bash
# Times the demo's start: N cold starts (empty work folder: train everything, build the indexes, serve)
# and N warm starts (the same folder: every artifact reused), each until the web page answered
# (--exit-when-ready). Prints each run's step times and the medians, for docs/benchmarks.md.
#
#   recsys-examples/scripts/bench-demo.sh [DATA_DIR] [RUNS] [JAR]
set -euo pipefail
DATA=${1:-../shared/data/ml-latest-small}
RUNS=${2:-3}
JAR=${3:-recsys-examples/target/recsys4j.jar}
[ -d "$DATA" ] || { echo "no data folder $DATA" >&2; exit 2; }
[ -f "$JAR" ] || { echo "no jar $JAR (mvn -B -q -DskipTests package)" >&2; exit 2; }
COPY=$(mktemp -d)/recsys4j.jar   # a copy, so a rebuild during the runs cannot change the jar under them
cp "$JAR" "$COPY"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK" "$(dirname "$COPY")"' EXIT
echo "# demo start on $DATA, $RUNS cold + $RUNS warm runs; $(nproc) cores; $(java -version 2>&1 | head -1); load $(cut -d' ' -f1-3 /proc/loadavg)"
run() {
  local kind=$1 i=$2
  local t0 t1 log
  log=$(mktemp)
  t0=$(date +%s.%N)
  java -jar "$COPY" demo --data "$DATA" --work "$WORK/w" --port 0 --exit-when-ready --progress LINES >"$log" 2>&1
  t1=$(date +%s.%N)
  local ready
  ready=$(grep -o 'ready in [0-9.]* s (data [0-9.]* s, models [0-9.]* s, serving data and server [0-9.]* s)' "$log")
  local steps
  steps=$(grep -E '^  [A-Za-z0-9 -]+ done in' "$log" | sed -E 's/^  ([A-Za-z0-9 -]+) done in ([0-9.]+) s.*/\1 \2/' | tr '\n' ';')
  printf '%s %d: process %.1f s; %s; steps: %s\n' "$kind" "$i" "$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')" "$ready" "$steps"
  rm -f "$log"
}
for i in $(seq 1 "$RUNS"); do
  rm -rf "$WORK/w"
  run cold "$i"
done
for i in $(seq 1 "$RUNS"); do
  run warm "$i"
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
