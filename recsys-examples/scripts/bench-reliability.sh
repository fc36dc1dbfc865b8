#!/usr/bin/env bash
# Reliability figures for docs/reliability.md: the demo server, in its own JVM on a generated data set (no
# download), driven by `recsys4j bench reliability` on loopback. Usage:
#   recsys-examples/scripts/bench-reliability.sh [JAR]
# Needs: the shaded jar (mvn -B -q -pl recsys-examples -am package -DskipTests), curl, and redis-server for
# run 3 (skipped without it). Settings by environment: USERS ITEMS RATINGS (the data, default 600 / 3000 /
# 100000), FUZZ (cases, 5000), SLOW (slow clients, 200), CLIENTS (ordinary clients, 8), SECS (each measured
# run, 20), FREEZE (seconds Redis is frozen, 5), PORT, RPORT. Runs:
#   1. fuzz: FUZZ malformed requests over every endpoint and page, counted by status class and mutation kind;
#   2. slow clients: CLIENTS ordinary clients alone, then beside SLOW clients trickling bodies (one byte a
#      second), with latency and the server's threads;
#   3. overload: wrk with OVER connections (256) on two recommendation pipelines for SECS each (needs wrk),
#      with the stage executor's threads sampled from /api/metrics and the fallbacks counted;
#   4. frozen Redis: the server with --redis; CLIENTS ordinary clients second by second while redis-server is
#      SIGSTOPped for FREEZE seconds a third into the run, then SIGCONTed.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
JAR=${1:-${JAR:-$HERE/../target/recsys4j.jar}}
PORT=${PORT:-18191}
RPORT=${RPORT:-16391}
USERS=${USERS:-600}
ITEMS=${ITEMS:-3000}
RATINGS=${RATINGS:-100000}
FUZZ=${FUZZ:-5000}
SLOW=${SLOW:-200}
CLIENTS=${CLIENTS:-8}
SECS=${SECS:-20}
FREEZE=${FREEZE:-5}
OVER=${OVER:-256}
[ -f "$JAR" ] || { echo "no jar $JAR (mvn -B -q -pl recsys-examples -am package -DskipTests)" >&2; exit 2; }
WORK=$(mktemp -d)
SERVER_PID=""
REDIS_PID=""
cleanup() {
  [ -n "$REDIS_PID" ] && { kill -CONT "$REDIS_PID" 2>/dev/null || true; kill "$REDIS_PID" 2>/dev/null || true; }
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
cp "$JAR" "$WORK/recsys4j.jar"   # a copy, so a rebuild during the runs cannot change the jar under them
R4J=(java -jar "$WORK/recsys4j.jar")

echo "# bench-reliability: $(date -u +%FT%TZ); $(nproc) cores; $(java -version 2>&1 | head -1); load $(cut -d' ' -f1-3 /proc/loadavg)"
"${R4J[@]}" generate --out "$WORK/data" --users "$USERS" --items "$ITEMS" --ratings "$RATINGS" --seed 42

start_server() { # extra serve options...
  java -Xmx1g -jar "$WORK/recsys4j.jar" serve --data "$WORK/data" --work "$WORK/work" --port "$PORT" --dim 16 --epochs 2 \
    --ctr-epochs 2 --cache-seconds 0 --progress NONE "$@" > "$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$PORT/api/health" > /dev/null 2>&1 && { echo "server up (pid $SERVER_PID): $(grep -m1 -o 'ready in [0-9.]* s' "$WORK/server.log")"; return 0; }
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.5
  done
  cat "$WORK/server.log"; exit 1
}
stop_server() {
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
  echo "server log: $(grep -c ' ERROR ' "$WORK/server.log" || true) ERROR lines, $(grep -c ' WARN ' "$WORK/server.log" || true) WARN lines"
}

echo
echo "== 1-2. fuzz and slow clients (embedded store)"
echo "uptime before: $(uptime)"
start_server
"${R4J[@]}" bench reliability --port "$PORT" --server-pid "$SERVER_PID" --phases fuzz,slow --fuzz-cases "$FUZZ" \
  --slow-clients "$SLOW" --clients "$CLIENTS" --seconds "$SECS"
echo "uptime after: $(uptime)"
stop_server

echo
echo "== 3. overload: wrk with $OVER connections for $SECS s on a recommendation pipeline (embedded store)"
if command -v wrk > /dev/null; then
  start_server
  tail -n +2 "$WORK/data/ratings.csv" | cut -d, -f1 | sort -u | head -n 500 > "$WORK/users.txt"
  metrics() { curl -sf "http://127.0.0.1:$PORT/api/metrics"; }
  # the stage executor's threads, sampled every 0.2 s while wrk runs: they must stay within its bound
  ( while true; do metrics | python3 -c 'import json,sys; s=json.load(sys.stdin)["stageExecutor"]; print(s["threads"], s["active"], s["queued"])' \
      >> "$WORK/stages.txt" 2>/dev/null || true; sleep 0.2; done ) &
  SAMPLER=$!
  for pipe in multi multi-ials; do
    before=$(metrics)
    IDS_FILE="$WORK/users.txt" URL_FMT="/api/users/%s/recommendations?pipeline=$pipe&k=10" \
      wrk -t2 -c"$OVER" -d"${SECS}s" -s "$HERE/serve-random.lua" "http://127.0.0.1:$PORT" | tail -n 6 | tr '\n' ' '
    echo
    after=$(metrics)
    python3 - "$pipe" "$before" "$after" <<'PY'
import json, sys
pipe, b, a = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
def d(path):
    x, y = b, a
    for k in path:
        x, y = x[k], y[k]
    return y - x
st = a["stageExecutor"]
print(f"{pipe}: requests {d(['pipelines', pipe, 'requests'])}, recall fallbacks {d(['pipelines', pipe, 'stages', 'recall', 'fallbacks'])}, "
      f"rank fallbacks {d(['pipelines', pipe, 'stages', 'rank', 'fallbacks'])}; stage executor: max threads {st['maxThreads']}, "
      f"rejected {d(['stageExecutor', 'rejected'])}, timed out {d(['stageExecutor', 'timedOut'])}, still running late {st['lateRunning']}")
PY
  done
  kill "$SAMPLER" 2>/dev/null || true
  sort -n -k1 "$WORK/stages.txt" | tail -n 1 | awk '{print "stage threads sampled: at most " $1 " alive, " $2 " busy at that moment"}'
  echo "busiest sample (threads active queued): $(sort -n -k2 "$WORK/stages.txt" | tail -n 1)"
  stop_server
else
  echo "(wrk not installed: skipped)"
fi

echo
echo "== 4. frozen Redis: redis-server SIGSTOPped for $FREEZE s at $((SECS / 3)) s"
if ! command -v redis-server > /dev/null; then
  echo "(redis-server not installed: skipped)"
  exit 0
fi
redis-server --port "$RPORT" --bind 127.0.0.1 --dir "$WORK" --save "" --appendonly no --daemonize no > "$WORK/redis.log" 2>&1 &
REDIS_PID=$!
for _ in $(seq 1 50); do redis-cli -p "$RPORT" ping > /dev/null 2>&1 && break; sleep 0.1; done
start_server --redis "127.0.0.1:$RPORT"
echo "uptime before: $(uptime)"
"${R4J[@]}" bench reliability --port "$PORT" --server-pid "$SERVER_PID" --phases load --clients "$CLIENTS" --seconds "$SECS" \
  --pause-pid "$REDIS_PID" --pause-at $((SECS / 3)) --pause-seconds "$FREEZE"
echo "uptime after: $(uptime)"
stop_server
kill "$REDIS_PID"; wait "$REDIS_PID" 2>/dev/null || true; REDIS_PID=""
