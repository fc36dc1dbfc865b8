-- wrk script for protocol P (docs/serving.md, "Load test"): each request asks for a random id of
-- IDS_FILE (one id per line) in the path template URL_FMT (one %s), e.g.
--   IDS_FILE=users.txt URL_FMT='/getrecforyou?id=%s&size=10&model=multi-ials' wrk -s serve-random.lua ...
-- At the end it prints p50/p99 in microseconds and the error counts on one line each.
local ids = {}
for line in io.lines(os.getenv("IDS_FILE")) do
  if line ~= "" then ids[#ids + 1] = line end
end
local fmt = os.getenv("URL_FMT")
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

function init(args)
  math.randomseed(os.time() * 1000 + (seed or 0))
end

function request()
  return wrk.format("GET", string.format(fmt, ids[math.random(#ids)]))
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("requests %d\nrps %.0f\np50_us %d\np99_us %d\nsocket_errors %d\nnon_2xx %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
