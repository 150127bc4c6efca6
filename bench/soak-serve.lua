-- wrk script for bench/soak-serve.sh: pages, static files and searches in
-- turn (half of the requests are searches), as a browser sends them
-- (Accept-Encoding: gzip, br), and one machine-readable RESULT line.

local targets = {
  "/",
  "/api/search?q=ehcp",
  "/people.html",
  "/search?q=section+47",
  "/glossary.html",
  "/api/search?q=safeguarding&limit=5",
  "/static/style.css",
  "/api/search?q=corporate+parenting",
  "/search/index.js",
  "/api/search?q=safegaurding",
  "/print.html",
  "/search.html?q=fostering",
}
local next_target = 0

function init(args)
  wrk.headers["Accept-Encoding"] = "gzip, br"
end

function request()
  next_target = next_target % #targets + 1
  return wrk.format("GET", targets[next_target])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d " ..
    "errors_connect=%d errors_read=%d errors_write=%d errors_timeout=%d errors_status=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.timeout, e.status))
end
