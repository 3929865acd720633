-- wrk script for bench/run: POSTs the webhook form from BENCH_FORM, with the
-- Cookie and X-Twilio-Signature headers when BENCH_COOKIE / BENCH_SIGNATURE
-- are set, and prints one machine-readable line at the end. A row that
-- expects another status than 2xx/3xx names it in BENCH_EXPECT_STATUS: then
-- only answers with another status count as errors.
wrk.method = "POST"
wrk.body = os.getenv("BENCH_FORM")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
local cookie = os.getenv("BENCH_COOKIE") or ""
if cookie ~= "" then wrk.headers["Cookie"] = cookie end
local signature = os.getenv("BENCH_SIGNATURE") or ""
if signature ~= "" then wrk.headers["X-Twilio-Signature"] = signature end

local expected_status = tonumber(os.getenv("BENCH_EXPECT_STATUS") or "")
local threads = {}
function setup(thread) table.insert(threads, thread) end
if expected_status then
  unexpected = 0 -- a global: done() reads each thread's with thread:get
  function response(status) if status ~= expected_status then unexpected = unexpected + 1 end end
end

function done(summary, latency, requests)
  local e = summary.errors
  local status_errors = e.status
  if expected_status then
    status_errors = 0
    for _, thread in ipairs(threads) do status_errors = status_errors + thread:get("unexpected") end
  end
  io.write(string.format("WRK requests=%d duration_us=%d p50_us=%d p99_us=%d errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + status_errors + e.timeout))
end
