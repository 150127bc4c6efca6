-- wrk script for scripts/bench-search.sh: cycles through the query set
-- against /api/search and prints one machine-readable RESULT line.
-- usage: wrk ... -s bench/wrk-search.lua URL -- QUERIES_FILE (one URL-encoded query a line)

local queries = {}
local next_query = 0

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then
      queries[#queries + 1] = line
    end
  end
  -- Threads start at different places in the list.
  next_query = math.random(#queries)
end

function request()
  next_query = next_query % #queries + 1
  return wrk.format("GET", "/api/search?q=" .. queries[next_query])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
    "errors_connect=%d errors_read=%d errors_write=%d errors_timeout=%d errors_status=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.timeout, e.status))
end
