#!/usr/bin/env bash
# Protocol P (docs/serving.md, "Load test"; figures in docs/benchmarks.md): drives the demo server, running in
# its own JVM, with wrk on loopback. Usage:
#   recsys-examples/scripts/bench-serve.sh DATA_DIR [SECONDS] [CONNECTIONS]
# Needs: the shaded jar (mvn -pl recsys-examples -am package -DskipTests), wrk, curl, and redis-server for the
# Redis runs. Prints one block per run with `uptime` before it. Runs:
#   0. the same-run anchor: GET /api/health (no model work: Jetty + JSON + wrk on this machine at this load)
#   1. similar movies (item2vec), embedded store
#   2. recommended for you (pipeline multi-ials: multi-channel recall of 300, ranked by implicit ALS), cache off,
#      embedded store
#   3. the same with the store in Redis
#   4. the same with Redis stopped a third into the run and restarted at two thirds (persistent Redis, so its
#      data survives); then the store counters of /api/metrics
# Environment (all optional): JAR; PORT, RPORT (server and Redis ports); JAVA_OPTS (the server JVM's options,
# default -Xmx2g; empty for the JVM's default heap); SERVE_WORK (the serve command's --work folder, e.g. one
# `train --work` filled, so a large data set is not trained again); USERS_SAMPLE (check and use at most this many
# random users, seed 42, instead of every user: a 162,541-user set is not checked one curl at a time);
# SIM_REDIS=1 (also similar movies on the Redis store). After each server's runs its memory is printed: resident
# set (VmRSS, VmHWM of /proc) and the heap (jcmd GC.heap_info) after the load.
set -euo pipefail
DATA=${1:?usage: bench-serve.sh DATA_DIR [SECONDS] [CONNECTIONS]}
SECS=${2:-60}
CONN=${3:-16}
HERE=$(cd "$(dirname "$0")" && pwd)
JAR=${JAR:-$HERE/../target/recsys4j.jar}
PORT=${PORT:-18181}
RPORT=${RPORT:-16399}
WORK=$(mktemp -d)
SERVER_PID=""
REDIS_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  [ -n "$REDIS_PID" ] && kill "$REDIS_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# ids: every movie of movies.csv; every user of ratings.csv the server knows (checked once with /getuser)
python3 -c 'import csv,sys; r=csv.reader(open(sys.argv[1], encoding="utf-8")); next(r); [print(row[0]) for row in r]' \
  "$DATA/movies.csv" > "$WORK/movies.txt"
tail -n +2 "$DATA/ratings.csv" | cut -d, -f1 | sort -un > "$WORK/users-all.txt"
if [ -n "${USERS_SAMPLE:-}" ]; then
  shuf -n "$USERS_SAMPLE" --random-source=<(yes 42) "$WORK/users-all.txt" > "$WORK/users-some.txt"
  mv "$WORK/users-some.txt" "$WORK/users-all.txt"
fi
JAVA_OPTS=${JAVA_OPTS--Xmx2g}
SERVE_ARGS=()
[ -n "${SERVE_WORK:-}" ] && SERVE_ARGS=(--work "$SERVE_WORK")

start_server() { # extra args...
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$JAR" serve --data "$DATA" --port "$PORT" --cache-seconds 0 "${SERVE_ARGS[@]}" "$@" \
    > "$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 2400); do
    curl -sf "http://127.0.0.1:$PORT/api/health" > /dev/null 2>&1 && return 0
    sleep 0.5
  done
  cat "$WORK/server.log"; exit 1
}
memory() { # the server's resident set and heap now
  echo "server memory: $(grep -E '^(VmRSS|VmHWM)' /proc/"$SERVER_PID"/status | tr -s ' \t' ' ' | tr '\n' ';')" \
    "heap: $(jcmd "$SERVER_PID" GC.heap_info 2>/dev/null | grep -iE 'garbage-first heap|total' | head -1 | tr -s ' ')"
  grep -E '^ready in' "$WORK/server.log" || true
}
stop_server() { memory; kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; }
start_redis() {
  redis-server --port "$RPORT" --bind 127.0.0.1 --dir "$WORK" --appendonly yes --save "" --daemonize no \
    > "$WORK/redis.log" 2>&1 &
  REDIS_PID=$!
  for _ in $(seq 1 50); do redis-cli -p "$RPORT" ping > /dev/null 2>&1 && return 0; sleep 0.1; done
  cat "$WORK/redis.log"; exit 1
}
stop_redis() { kill "$REDIS_PID"; wait "$REDIS_PID" 2>/dev/null || true; REDIS_PID=""; }
run() { # name ids url-format
  echo "== $1 (${SECS} s, $CONN connections, 2 wrk threads)"
  echo "uptime before: $(uptime)"
  IDS_FILE="$WORK/$2" URL_FMT="$3" wrk -t2 -c"$CONN" -d"${SECS}s" --timeout 5s -s "$HERE/serve-random.lua" \
    "http://127.0.0.1:$PORT" | grep -E '^(requests|rps|p50_us|p99_us|socket_errors|non_2xx) '
  echo "uptime after: $(uptime)"
}
warm() { # ids url-format: 10 s unmeasured
  IDS_FILE="$WORK/$1" URL_FMT="$2" wrk -t2 -c"$CONN" -d10s -s "$HERE/serve-random.lua" "http://127.0.0.1:$PORT" > /dev/null
}
SIM='/getsimilarmovie?movieId=%s&size=10&model=emb'
REC='/getrecforyou?id=%s&size=10&model=multi-ials'

start_server
while read -r u; do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/getuser?id=$u")" = 200 ] && echo "$u"
done < "$WORK/users-all.txt" > "$WORK/users.txt"
echo "ids: $(wc -l < "$WORK/movies.txt") movies, $(wc -l < "$WORK/users.txt") users"
warm movies.txt '/api/health?x=%s'
run "anchor: /api/health" movies.txt '/api/health?x=%s'
warm movies.txt "$SIM"
run "similar movies, embedded store" movies.txt "$SIM"
warm users.txt "$REC"
run "recommended for you (multi-ials), embedded store" users.txt "$REC"
stop_server

start_redis
start_server --redis "127.0.0.1:$RPORT"
if [ -n "${SIM_REDIS:-}" ]; then
  warm movies.txt "$SIM"
  run "similar movies, Redis store" movies.txt "$SIM"
fi
warm users.txt "$REC"
run "recommended for you (multi-ials), Redis store" users.txt "$REC"
(sleep $((SECS / 3)); echo "-- stopping Redis at $(date +%T)"; kill "$REDIS_PID";
 sleep $((SECS / 3)); echo "-- restarting Redis at $(date +%T)";
 redis-server --port "$RPORT" --bind 127.0.0.1 --dir "$WORK" --appendonly yes --save "" --daemonize no \
   >> "$WORK/redis.log" 2>&1 & echo $! > "$WORK/redis2.pid") &
run "recommended for you (multi-ials), Redis stopped at 1/3 and restarted at 2/3" users.txt "$REC"
wait "$REDIS_PID" 2>/dev/null || true
sleep 1
REDIS_PID=$(cat "$WORK/redis2.pid")
sleep 1
curl -s "http://127.0.0.1:$PORT/getrecforyou?id=1&size=3&model=multi-ials" > /dev/null
echo "store counters: $(curl -s "http://127.0.0.1:$PORT/api/metrics" | python3 -c 'import json,sys; print(json.load(sys.stdin)["store"])')"
echo "pipeline multi-ials: $(curl -s "http://127.0.0.1:$PORT/api/metrics" | python3 -c 'import json,sys; m=json.load(sys.stdin)["pipelines"]["multi-ials"]; print({k: m[k] for k in ("requests","failures")}, {s: (v["runs"], v["fallbacks"], v["latency"]["p50"], v["latency"]["p99"]) for s, v in m["stages"].items()})')"
echo "channels: $(curl -s "http://127.0.0.1:$PORT/api/metrics" | python3 -c 'import json,sys; print(json.load(sys.stdin)["channels"])')"
stop_server
stop_redis
