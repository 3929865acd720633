#!/usr/bin/env bash
# tier: deployment (the shipped files at work; tests/run skips it for the sanitizer build)
# Metrics through a real Prometheus: two sms_fcgi instances behind nginx,
# each serving /metrics (SMS_METRICS_LISTEN) on its own port, scraped every
# second by a private Prometheus. A known mix of requests goes through nginx;
# the sums over both instances, read back through Prometheus's HTTP API,
# must match it exactly. Also: the health check path through nginx, and
# `promtool check metrics` on each exposition.
. "$(dirname "$0")/../harness/servers.bash"

command -v prometheus >/dev/null && command -v promtool >/dev/null ||
  { echo "FAIL: prometheus is missing (scripts/install-deps)"; exit 1; }

secret=metrics-session-secret-0123456789abcdef0123
token=metrics-auth-token-0123456789abcdef
public_url=https://sms.example.com/sms
metrics_a=127.0.0.1:$(free_port)
metrics_b=127.0.0.1:$(free_port)
settings=(SMS_SESSION_SECRET=$secret TWILIO_AUTH_TOKEN=$token SMS_PUBLIC_URL=$public_url SMS_MAX_BODY=1024
          SMS_PING_PATH=/sms-ping)
start_sms a "$work/a.sock" "${settings[@]}" SMS_METRICS_LISTEN=$metrics_a
start_sms b "$work/b.sock" "${settings[@]}" SMS_METRICS_LISTEN=$metrics_b
start_nginx "$work/a.sock" "$work/b.sock"
base=${url%/sms}

# ---- Prometheus, scraping both every second ----
prometheus_port=$(free_port)
api=http://127.0.0.1:$prometheus_port/api/v1
cat >"$work/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: sms_fcgi
    static_configs:
      - targets: ['$metrics_a', '$metrics_b']
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prometheus_port" >>"$work/prometheus.log" 2>&1 &
pids[prometheus]=$!
wait_until 30 curl -sf -o /dev/null "http://127.0.0.1:$prometheus_port/-/ready" ||
  { echo "FAIL: prometheus did not start"; tail -20 "$work/prometheus.log"; exit 1; }

query() { # query PROMQL: the single value of an instant query ("" when there is none)
  curl -s --get --data-urlencode "query=$1" "$api/query" |
    python3 -c 'import json, sys; r = json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "")'
}
both_up() { [ "$(query 'sum(up{job="sms_fcgi"})')" = 2 ]; }
check "Prometheus scrapes both instances" wait_until 30 both_up

# ---- the mix ----
body=hello+there # the message text, form-encoded (without spaces, the signed text is the same)
form_of() { printf 'From=%%2B14155550100&Body=%s&MessageSid=SMmetrics%s' "$body" "$1"; }
signed_text_of() { printf 'Body%sFrom+14155550100MessageSidSMmetrics%s' "${body//+/ }" "$1"; }
signed() { # signed NAME N [CURL OPTION...]: a validly signed message N; prints the status
  local name=$1 n=$2
  shift 2
  fetch "$name" -H "X-Twilio-Signature: $(twilio_signature "$token" "$public_url" "$(signed_text_of "$n")")" \
    -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "$(form_of "$n")" "$@" "$url"
}
jar=$work/jar
statuses=
for n in 1 2 3 4 5; do statuses+="$(signed good$n "$n" -b "$jar" -c "$jar") "; done # new, then restored x4
check "5 good messages: 200 each" equals "$statuses" "200 200 200 200 200 "
check "... counted 1 to 5" contains "$(body good5)" "message number 5"
statuses="$(signed duplicate 5 -b "$jar" -c "$jar")"                        # the same MessageSid, its new cookie: duplicate
check "the duplicate message: 200, an empty reply" equals "$statuses $(body duplicate)" '200 <?xml version="1.0" encoding="UTF-8"?><Response/>'
cookie=$(awk '$6 == "sms_session" { print $6 "=" $7 }' "$jar")
statuses=
for n in 6 7; do statuses+="$(signed tampered$n "$n" -H "Cookie: $(tamper "$cookie")") "; done # rejected:bad-mac
check "2 tampered cookies: 200, a new conversation" equals "$statuses$(body tampered7 | message_text)" \
  "200 200 Hello, thanks for the new message."
statuses=
for n in 8 9 10; do
  statuses+="$(fetch badsig$n -H "X-Twilio-Signature: $(twilio_signature wrong-token "$public_url" "$(signed_text_of "$n")")" \
    -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "$(form_of "$n")" "$url") "
done
check "3 bad signatures: 403" equals "$statuses" "403 403 403 "
check "1 missing signature: 400" equals \
  "$(fetch nosig -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "$(form_of 11)" "$url")" 400
big=$(head -c 2000 /dev/zero | tr '\0' a)
statuses=
for n in 12 13; do
  statuses+="$(fetch big$n -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "Body=$big" "$url") "
done
check "2 bodies over SMS_MAX_BODY: 413 from the program" equals "$statuses$(body big13)" "413 413 request body too large"

body=STOP
check "1 STOP: 200, the cookie deleted" equals "$(signed stop 14 -b "$jar" -c "$jar") $(header stop Set-Cookie)" \
  "200 sms_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"
body=hello+there

# The health check, through the nginx location from nginx.conf.example.
for n in 1 2; do
  check "ping $n from 127.0.0.1: 200" equals "$(fetch ping$n "$base/sms-ping")" 200
  check "  ...pong, from the program" equals "$(body ping$n)" pong
  check "  ...text/plain, no session cookie" equals "$(header ping$n Content-Type)|$(header ping$n Set-Cookie)" "text/plain|"
done
check "ping from another address (127.0.0.2): 403 from nginx" \
  equals "$(fetch denied --interface 127.0.0.2 "$base/sms-ping")" 403
check "the instances logged both pings (status=200, no session)" \
  equals "$(cat "$work/a.log" "$work/b.log" | grep -c ' status=200 us=[0-9]*$')" 2
check "the instances logged the tampered cookies as rejected:bad-mac" \
  equals "$(cat "$work/a.log" "$work/b.log" | grep -c 'session=rejected:bad-mac')" 2

# ---- what Prometheus scraped after the last request ----
last_request=$(date +%s.%N)
scraped_after() { # both instances scraped since the last request
  local oldest
  oldest=$(query 'min(timestamp(sms_fcgi_requests_in_flight))')
  [ -n "$oldest" ] && awk -v a="$oldest" -v b="$last_request" 'BEGIN { exit !(a > b) }'
}
check "Prometheus scraped both instances after the last request" wait_until 15 scraped_after

expect() { # expect PROMQL VALUE
  check "$1 = $2" equals "$(query "$1")" "$2"
}
expect 'sum(sms_fcgi_requests_total)' 17
expect 'sum(sms_fcgi_requests_total{status="200"})' 11 # 5 good, 1 duplicate, 2 tampered, 1 STOP, 2 pings
expect 'sum(sms_fcgi_requests_total{status="403"})' 3
expect 'sum(sms_fcgi_requests_total{status="400"})' 1
expect 'sum(sms_fcgi_requests_total{status="413"})' 2
expect 'sum(sms_fcgi_sessions_total{outcome="new"})' 1
expect 'sum(sms_fcgi_sessions_total{outcome="restored"})' 4
expect 'sum(sms_fcgi_sessions_total{outcome="duplicate"})' 1
expect 'sum(sms_fcgi_sessions_total{outcome="rejected:bad-mac"})' 2
expect 'sum(sms_fcgi_sessions_total{outcome="opt-out"})' 1
expect 'sum(sms_fcgi_sessions_total)' 9
expect 'sum(sms_fcgi_signature_failures_total{reason="invalid"})' 3
expect 'sum(sms_fcgi_signature_failures_total{reason="missing"})' 1
expect 'sum(sms_fcgi_request_duration_seconds_count)' 17
expect 'sum(sms_fcgi_request_duration_seconds_bucket{le="+Inf"})' 17
expect 'sum(sms_fcgi_requests_in_flight)' 0
expect 'sum(sms_fcgi_accept_threads)' 4
expect 'count(sms_fcgi_opt_out_events_total)' 6 # STOP, START, HELP on each
expect 'sum(sms_fcgi_opt_out_events_total{type="STOP"})' 1
expect 'sum(sms_fcgi_opt_out_events_total)' 1
expect "count(sms_fcgi_build_info{version=\"$("$bin" --version | cut -d' ' -f2)\"} == 1)" 2
expect "count(process_start_time_seconds > $(date +%s) - 600)" 2
expect 'count(process_resident_memory_bytes > 1000000)' 2
expect 'count(process_open_fds > 3)' 2

for endpoint in "$metrics_a" "$metrics_b"; do
  curl -s "http://$endpoint/metrics" >"$work/exposition"
  check "promtool check metrics passes on $endpoint" promtool check metrics <"$work/exposition"
done

# A metrics port that cannot be opened is a start-up failure, said plainly.
env SMS_SESSION_SECRET=$secret "$bin" --listen "$work/c.sock" --metrics-listen "127.0.0.1:$prometheus_port" \
  2>"$work/c.log" &
pids[c]=$!
status=0
stop_waiting c || status=$?
check "metrics port in use: exit status 1" equals "$status" 1
check "  ...and says why" contains "$(cat "$work/c.log")" "cannot serve metrics on 127.0.0.1:$prometheus_port"

finish
