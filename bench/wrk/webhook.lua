-- wrk script for bench/run: POSTs the webhook form from BENCH_FORM, with the
-- Cookie and X-Twilio-Signature headers when BENCH_COOKIE / BENCH_SIGNATURE
-- are set, and prints one machine-readable line at the end.
wrk.method = "POST"
wrk.body = os.getenv("BENCH_FORM")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
local cookie = os.getenv("BENCH_COOKIE") or ""
if cookie ~= "" then wrk.headers["Cookie"] = cookie end
local signature = os.getenv("BENCH_SIGNATURE") or ""
if signature ~= "" then wrk.headers["X-Twilio-Signature"] = signature end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK requests=%d duration_us=%d p50_us=%d p99_us=%d errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
