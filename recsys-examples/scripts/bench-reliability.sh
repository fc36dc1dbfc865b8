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
#   3. frozen Redis: the server with --redis; CLIENTS ordinary clients second by second while redis-server is
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
echo "== 3. frozen Redis: redis-server SIGSTOPped for $FREEZE s at $((SECS / 3)) s"
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
