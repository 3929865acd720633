#!/usr/bin/env bash
# A Studio flow's make-http-request and run-function widgets behind a real
# nginx, calling a local endpoint (http_endpoint.py, plain and TLS): GET with
# a query, form and JSON POSTs, parsed JSON paths, a text answer, 4xx/5xx,
# a timeout, a refused connection, an oversized body, a redirect not
# followed, TLS with a test CA (and without it), run-function signed with
# TWILIO_AUTH_TOKEN, results kept across a wait, the literal-host rule, the
# log's calls= field (never a value sent), `flow check`, `simulate` and
# `chat --flow` with a calling flow, and slow endpoints
# holding only their own answers (32 accept loops, kept-alive connections
# handed to idle loops), with figures printed.
. "$(dirname "$0")/../harness/servers.bash"

secret=flow-calls-secret-0123456789abcdef0123456789ab
token=flow-calls-auth-token-0123456789abcdef
ep_port=$(free_port)
tls_port=$(free_port)
refused_port=$(free_port) # handed out, never listened on
ep=http://127.0.0.1:$ep_port

# ---- a test CA and a certificate for 127.0.0.1 (an IP SAN) signed by it ----
mkdir -p "$work/ca"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj '/CN=flow calls test CA' \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
  -keyout "$work/ca/ca.key" -out "$work/ca/ca.pem" 2>/dev/null &&
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=127.0.0.1 \
    -keyout "$work/ca/server.key" -out "$work/ca/server.csr" 2>/dev/null &&
  printf '%s\n' subjectAltName=IP:127.0.0.1 basicConstraints=CA:FALSE extendedKeyUsage=serverAuth \
    keyUsage=digitalSignature authorityKeyIdentifier=keyid subjectKeyIdentifier=hash >"$work/ca/server.ext" &&
  openssl x509 -req -in "$work/ca/server.csr" -CA "$work/ca/ca.pem" -CAkey "$work/ca/ca.key" -CAcreateserial \
    -days 1 -extfile "$work/ca/server.ext" -out "$work/ca/server.pem" 2>/dev/null ||
  { echo "FAIL: openssl could not make the test CA"; exit 1; }

# ---- the endpoint ----

start_endpoint() { # start_endpoint NAME PORT [OPTION...]: http_endpoint.py, logging to $work/NAME.requests
  local name=$1 port=$2
  shift 2
  python3 "$here/http_endpoint.py" --port "$port" --log "$work/$name.requests" \
    --ready-file "$work/$name.ready" "$@" 2>>"$work/$name.err" &
  pids[$name]=$!
  wait_until 5 test -f "$work/$name.ready" || { echo "FAIL: $name did not start"; cat "$work/$name.err"; exit 1; }
}
start_endpoint endpoint "$ep_port" --tls-port "$tls_port" --cert "$work/ca/server.pem" --key "$work/ca/server.key" \
  --auth-token "$token"

requests() { cat "$work/endpoint.requests"; } # the endpoint's log, one JSON line a request
held() { curl -s "$ep/held"; }                  # how many answers wait in /hold
held_is() { [ "$(held)" = "$1" ]; }

# ---- flow files: states one a line, joined by `flow FILE` ----

flow() { # flow FILE: the states on stdin (one JSON object a line) as a flow file, checked to be JSON
  printf '{"description":"tests/servers/flow_calls.sh","initial_state":"Trigger","states":[%s]}\n' \
    "$(paste -sd, -)" >"$1"
  python3 -m json.tool "$1" >/dev/null || { echo "FAIL: the test wrote bad JSON to $1"; exit 1; }
}
trigger() { printf '{"name":"Trigger","type":"trigger","transitions":[{"event":"incomingMessage","next":"route"},{"event":"incomingCall"},{"event":"incomingRequest"}],"properties":{}}\n'; }
split() { # split NAME INPUT NOMATCH-NEXT [TYPE VALUE NEXT]...: a split-based-on INPUT
  local name=$1 input=$2 transitions='{"event":"noMatch","next":"'$3'"}'
  shift 3
  while [ $# -ge 3 ]; do
    transitions+=',{"event":"match","next":"'$3'","conditions":[{"friendly_name":"'$3'","arguments":["'$input'"],"type":"'$1'","value":"'$2'"}]}'
    shift 3
  done
  printf '{"name":"%s","type":"split-based-on","transitions":[%s],"properties":{"input":"%s"}}\n' "$name" "$transitions" "$input"
}
route() { split route "{{trigger.message.Body}}" "$@"; } # route NOMATCH-NEXT [TYPE VALUE NEXT]...: a split on the Body
message() { # message NAME BODY (JSON string content)
  printf '{"name":"%s","type":"send-message","transitions":[{"event":"sent"},{"event":"failed"}],"properties":{"from":"{{flow.channel.address}}","to":"{{contact.channel.address}}","body":"%s"}}\n' "$1" "$2"
}
wait_reply() { # wait_reply NAME BODY NEXT
  printf '{"name":"%s","type":"send-and-wait-for-reply","transitions":[{"event":"incomingMessage","next":"%s"},{"event":"timeout"},{"event":"deliveryFailure"}],"properties":{"from":"{{flow.channel.address}}","body":"%s","timeout":"3600"}}\n' "$1" "$3" "$2"
}
# make-http-request NAME going to NAME_ok on success, NAME_failed on failure.
request() { # request NAME METHOD URL [PARAMETERS-JSON [CONTENT-TYPE [BODY]]]
  local type=${5:-application/x-www-form-urlencoded;charset=utf-8} body=
  [ -n "${6:-}" ] && body=',"body":"'$6'"'
  printf '{"name":"%s","type":"make-http-request","transitions":[{"event":"success","next":"%s_ok"},{"event":"failed","next":"%s_failed"}],"properties":{"method":"%s","content_type":"%s","url":"%s","parameters":%s%s}}\n' \
    "$1" "$1" "$1" "$2" "$type" "$3" "${4:-[]}" "$body"
}
run_function() { # run_function NAME URL PARAMETERS-JSON: to NAME_ok on success, NAME_failed on fail
  printf '{"name":"%s","type":"run-function","transitions":[{"event":"success","next":"%s_ok"},{"event":"fail","next":"%s_failed"}],"properties":{"service_sid":"ZS00000000000000000000000000000000","environment_sid":"ZE00000000000000000000000000000000","function_sid":"ZH00000000000000000000000000000000","url":"%s","parameters":%s}}\n' \
    "$1" "$1" "$1" "$2" "$3"
}
failed_says_status() { message "$1_failed" "$1 failed {{widgets.$1.status_code}}"; } # failed_says_status NAME
param() { printf '{"key":"%s","value":"%s"}' "$1" "$2"; }

# ---- sending ----

from() { printf '%%2B141555501%02d' "$1"; } # from N: sender N's number, form-encoded (N=0: +14155550100)
send() { # send JAR SID FROM-N BODY [CURL OPTION...]: one message (BODY form-encoded) to $url; the reply
  local jar=$work/$1.jar sid=$2 sender=$3 text=$4
  shift 4
  say_form "$jar" "$url" "$(sms_form "$sid" "$(from "$sender")" "$text")" "$@"
}
line_of() { request_lines "$1" | grep -m1 " sid=SM0*$2 "; } # line_of NAME SID: the log line of one answer
ms_now() { echo $(($(date +%s%N) / 1000000)); }
quietly() { "$@" >/dev/null 2>&1; } # quietly COMMAND...: its status only

# ======== 1. make-http-request: SMS_FLOW_HTTP_TIMEOUT_MS=500, the test CA trusted ========

{
  trigger
  route no_route starts_with get get starts_with form form starts_with json json equal_to customer cust \
    equal_to text text equal_to s404 s404 equal_to s503 s503 equal_to slow slow equal_to refused refused \
    equal_to big big equal_to redirect redirect equal_to tls tls equal_to carry carry starts_with @ evil
  message no_route "no route"
  request get GET "$ep/echo" "[$(param phone '{{contact.channel.address}}'),$(param q '{{trigger.message.Body}}')]"
  message get_ok "{{widgets.get.parsed.method}} {{widgets.get.parsed.query.phone}} {{widgets.get.parsed.query.q}} {{widgets.get.status_code}}"
  failed_says_status get
  request form POST "$ep/echo" "[$(param name 'Ada Lovelace'),$(param note '{{trigger.message.Body}}')]"
  message form_ok "{{widgets.form.parsed.method}} {{widgets.form.parsed.form.name}} / {{widgets.form.parsed.form.note}}"
  failed_says_status form
  request json POST "$ep/echo" "[]" 'application/json;charset=utf-8' '{\"answer\":\"{{trigger.message.Body}}\"}'
  message json_ok "{{widgets.json.parsed.method}} {{widgets.json.parsed.json.answer}}"
  failed_says_status json
  request cust GET "$ep/customer" "[$(param phone '{{contact.channel.address}}')]"
  message cust_ok '{{widgets.cust.parsed.name}} {{widgets.cust.parsed.plan.tier}} {{widgets.cust.parsed.plan.limits[1]}} {{widgets.cust.parsed.tags.size}} {{widgets.cust.parsed.tags | join: \"-\"}} {{widgets.cust.parsed.tags.last}} {{widgets.cust.parsed.active}}{% if widgets.cust.parsed.active %} (active){% endif %} {{widgets.cust.parsed.visits | plus: 1}} {{widgets.cust.parsed.phone}}'
  failed_says_status cust
  request text GET "$ep/text"
  message text_ok "{{widgets.text.status_code}} [{{widgets.text.body}}] [{{widgets.text.parsed.name}}] {{widgets.text.content_type}}"
  failed_says_status text
  for name in s404 s503 slow refused redirect; do
    message "${name}_ok" "$name succeeded"
    failed_says_status "$name"
  done
  request s404 GET "$ep/status/404"
  request s503 POST "$ep/status/503" "[$(param a b)]"
  request slow GET "$ep/slow?ms=3000"
  request refused GET "http://127.0.0.1:$refused_port/customer"
  request redirect GET "$ep/redirect"
  request big GET "$ep/big"
  message big_ok "big succeeded"
  message big_failed "big failed"
  request tls GET "https://127.0.0.1:$tls_port/customer"
  message tls_ok "tls {{widgets.tls.parsed.name}} {{widgets.tls.status_code}}"
  failed_says_status tls
  request carry GET "$ep/customer?for=carry" "[$(param phone '{{contact.channel.address}}')]"
  wait_reply carry_ok "What can we do for you?" carry_answer
  message carry_answer "Thanks {{widgets.carry.parsed.name}}, your {{widgets.carry.parsed.plan.tier}} plan covers: {{widgets.carry_ok.inbound.Body}}"
  failed_says_status carry
  request evil GET "$ep/echo?q={{trigger.message.Body}}"
  message evil_ok "{{widgets.evil.parsed.query.q}} at {{widgets.evil.parsed.path}}"
  failed_says_status evil
} | flow "$work/calls.json"

metrics_port=$(free_port)
start_sms calls "$work/sms.sock" SMS_SESSION_SECRET=$secret SMS_FLOW="$work/calls.json" \
  SMS_FLOW_HTTP_TIMEOUT_MS=500 SMS_FLOW_HTTP_CA_FILE="$work/ca/ca.pem" SMS_METRICS_LISTEN=127.0.0.1:$metrics_port
start_nginx "$work/sms.sock"
calls=" calls=\"" # the log field, followed by NAME METHOD HOST STATUS MSms
at=127\\.0\\.0\\.1:$ep_port

# a. GET: the parameters in the query (the + of the number encoded), the endpoint's echo parsed.
check "GET: the reply prints the method, the sender's number and the body the endpoint got" \
  equals "$(send get 1 0 'get+Xylophone-4417')" "$(twiml_messages "GET +14155550100 get Xylophone-4417 200")"
check "GET: the endpoint got a GET on /echo with both parameters in its query" \
  matches "$(requests | tail -1)" '^\{"method": "GET", "path": "/echo", "query": "[^"]*phone=%2B14155550100[^"]*", .*"body_length": 0'
check "GET: the log line names the call" matches "$(line_of calls 1)" "${calls}get GET $at 200 [0-9]+ms\""

# b. form POST.
check "form POST: the endpoint parsed both fields" \
  equals "$(send form 2 2 'form+Zebra-Quasar-7731')" "$(twiml_messages "POST Ada Lovelace / form Zebra-Quasar-7731")"
check "form POST: sent as application/x-www-form-urlencoded, no query" \
  matches "$(requests | tail -1)" '^\{"method": "POST", "path": "/echo", "query": "", "content_type": "application/x-www-form-urlencoded'
check "form POST: the log line" matches "$(line_of calls 2)" "${calls}form POST $at 200 [0-9]+ms\""

# c. JSON POST: the rendered body.
check "JSON POST: the endpoint parsed the rendered body" \
  equals "$(send json 3 3 'json+Quokka-5521')" "$(twiml_messages "POST json Quokka-5521")"
check "JSON POST: sent as application/json" \
  matches "$(requests | tail -1)" '^\{"method": "POST", "path": "/echo", "query": "", "content_type": "application/json'

# d. parsed paths: nested, arrays, size, join, last, booleans, numbers.
check "parsed: nested, [1], size, join, last, a boolean, a number, the echoed query" \
  equals "$(send cust 4 4 customer)" "$(twiml_messages "Ada gold 10 3 a-b-c c true (active) 4 +14155550104")"

# e. a text answer: success, the body, nothing parsed, its content type.
check "text: success, the body as it came, nothing parsed, the content type" \
  equals "$(send text 5 5 text)" "$(twiml_messages "200 [plain words] [] text/plain; charset=utf-8")"

# f. 4xx and 5xx take the failed path, with the status.
check "404: the failed path, status_code 404" equals "$(send s404 6 6 s404)" "$(twiml_messages "s404 failed 404")"
check "404: the log line" matches "$(line_of calls 6)" "${calls}s404 GET $at 404 [0-9]+ms\""
check "503 (POST): the failed path, status_code 503" equals "$(send s503 7 7 s503)" "$(twiml_messages "s503 failed 503")"
check "503: the log line" matches "$(line_of calls 7)" "${calls}s503 POST $at 503 [0-9]+ms\""

# g. a timeout (500 ms) on a 3-second endpoint: failed, status_code 0, answered well before 3 s.
started=$(ms_now)
check "timeout: the failed path, status_code 0" equals "$(send slow 8 8 slow)" "$(twiml_messages "slow failed 0")"
took=$(($(ms_now) - started))
check "timeout: answered in ${took} ms, before the endpoint's 3 s" test "$took" -lt 2900
check "timeout: the log line says timeout" matches "$(line_of calls 8)" "${calls}slow GET $at timeout [0-9]+ms\""

# h. connection refused.
check "refused: the failed path, status_code 0" equals "$(send refused 9 9 refused)" "$(twiml_messages "refused failed 0")"
check "refused: the log line says refused" \
  matches "$(line_of calls 9)" "${calls}refused GET 127\\.0\\.0\\.1:$refused_port refused [0-9]+ms\""

# i. a body over 64 KiB.
check "too large: the failed path" equals "$(send big 10 10 big)" "$(twiml_messages "big failed")"
check "too large: the log line says too-large" matches "$(line_of calls 10)" "${calls}big GET $at too-large [0-9]+ms\""

# j. a redirect is not followed.
check "redirect: the failed path, status_code 302" equals "$(send redirect 11 11 redirect)" "$(twiml_messages "redirect failed 302")"
check "redirect: the log line says 302" matches "$(line_of calls 11)" "${calls}redirect GET $at 302 [0-9]+ms\""
check "redirect: /customer was not requested after /redirect" \
  equals "$(requests | sed -n '/"path": "\/redirect"/,$p' | grep -c '"path": "/customer"')" 0

# k. TLS, the test CA trusted (SMS_FLOW_HTTP_CA_FILE); without it, in part 2.
check "TLS with the test CA: success" equals "$(send tls 12 12 tls)" "$(twiml_messages "tls Ada 200")"
check "TLS: the endpoint got it over TLS" matches "$(requests | tail -1)" '"path": "/customer", .*"tls": true'
check "TLS: the log line" matches "$(line_of calls 12)" "${calls}tls GET 127\\.0\\.0\\.1:$tls_port 200 [0-9]+ms\""

# m. results read after a wait are kept in the cookie: the endpoint is called once.
check "carry: message 1 looks up and asks" equals "$(send carry 13 13 carry)" "$(twiml_messages "What can we do for you?")"
check "carry: message 2 names the customer and plan looked up for message 1" \
  equals "$(send carry 14 13 refunds)" "$(twiml_messages "Thanks Ada, your gold plan covers: refunds")"
check "carry: the endpoint was called once" equals "$(requests | grep -c '"query": "for=carry')" 1
check "carry: message 2 made no call" test -n "$(line_of calls 14)" -a -z "$(line_of calls 14 | grep -F "$calls")"

# n. a sender's text in the query of a literal-host URL reaches that host, as a value.
check "literal host: @evil.example/x lands at the endpoint as the q value" \
  equals "$(send evil 15 15 '%40evil.example%2Fx')" "$(twiml_messages "@evil.example/x at /echo")"
check "literal host: the log line names 127.0.0.1" matches "$(line_of calls 15)" "${calls}evil GET $at 200 [0-9]+ms\""

# r. simulate, through nginx: a call, and a result carried across a wait.
out=$("$bin" simulate "$url" --body text 2>"$work/simulate.err")
check "simulate: a text answer's reply, exit status 0" equals "$?:$out" "0:200 [plain words] [] text/plain; charset=utf-8"
out=$(printf 'carry\nbilling\n' | "$bin" simulate "$url" 2>>"$work/simulate.err")
check "simulate: the looked-up name and plan after the wait" contains "$out" "Thanks Ada, your gold plan covers: billing"

# s. chat --flow makes the calls itself, the same ones.
out=$(printf 'carry\ninvoices\n' | SMS_DEV=1 "$bin" chat --flow "$work/calls.json" 2>"$work/chat.err")
check "chat --flow: asks, then names the customer looked up" \
  equals "$out" "$(printf 'What can we do for you?\nThanks Ada, your gold plan covers: invoices')"

# t. the metrics count each call by outcome and time it: 16 calls so far.
curl -s "http://127.0.0.1:$metrics_port/metrics" >"$work/metrics"
for expected in 2xx:10 3xx:1 4xx:1 5xx:1 timeout:1 refused:1 too-large:1 tls:0 budget:0; do
  check "metrics: ${expected%%:*} calls" \
    contains "$(cat "$work/metrics")" "sms_fcgi_flow_calls_total{outcome=\"${expected%%:*}\"} ${expected#*:}"
done
check "metrics: 16 calls timed" contains "$(cat "$work/metrics")" "sms_fcgi_flow_call_duration_seconds_count 16"

# p. the log names calls, never a value sent: parameters, bodies, query values.
for value in Xylophone-4417 Zebra-Quasar-7731 Quokka-5521 Lovelace evil.example refunds; do
  check "log: no value sent ($value)" absent "$work/calls.log" "$value"
done
check "SIGTERM: exit status 0" stop calls

# ======== 2. run-function signed with TWILIO_AUTH_TOKEN; TLS without the test CA ========

wrong_port=$(free_port)
start_endpoint wrong "$wrong_port" --auth-token "not-$token"
{
  trigger
  route no_route equal_to fn fn equal_to fnwrong fnwrong equal_to tls tls
  message no_route "no route"
  run_function fn "$ep/function" "[$(param answer '{{trigger.message.Body}}'),$(param from '{{contact.channel.address}}')]"
  message fn_ok "valid {{widgets.fn.parsed.valid}} {{widgets.fn.parsed.params.answer}} {{widgets.fn.parsed.params.from}} {{widgets.fn.status_code}}"
  failed_says_status fn
  run_function fnwrong "http://127.0.0.1:$wrong_port/function" "[$(param answer '{{trigger.message.Body}}')]"
  message fnwrong_ok "fnwrong valid {{widgets.fnwrong.parsed.valid}}"
  failed_says_status fnwrong
  request tls GET "https://127.0.0.1:$tls_port/customer"
  message tls_ok "tls {{widgets.tls.parsed.name}} {{widgets.tls.status_code}}"
  failed_says_status tls
} | flow "$work/signed.json"

# With a token, every webhook request must be signed for the URL nginx serves.
signed_send() { # signed_send JAR SID FROM-N BODY: as send, with X-Twilio-Signature
  local form sorted
  form=$(sms_form "$2" "$(from "$3")" "$4")
  sorted=$(python3 -c 'import sys, urllib.parse as u
print("".join(k + v for k, v in sorted(u.parse_qsl(sys.argv[1], keep_blank_values=True))), end="")' "$form")
  say_form "$work/$1.jar" "$url" "$form" -H "X-Twilio-Signature: $(twilio_signature "$token" "$url" "$sorted")"
}

start_sms signed "$work/sms.sock" SMS_SESSION_SECRET=$secret SMS_FLOW="$work/signed.json" TWILIO_AUTH_TOKEN=$token
# l. the function checks the signature with its token: valid; another token: 403, the fail path.
check "run-function: the endpoint found the signature valid" \
  equals "$(signed_send fn 21 21 fn)" "$(twiml_messages "valid true fn +14155550121 200")"
check "run-function: a signed form POST" \
  matches "$(requests | tail -1)" '^\{"method": "POST", "path": "/function", "query": "", "content_type": "application/x-www-form-urlencoded[^"]*", "has_signature": true'
check "run-function: the log line" matches "$(line_of signed 21)" "${calls}fn POST $at 200 [0-9]+ms\""
check "run-function, endpoint with another token: 403, the fail path" \
  equals "$(signed_send fnwrong 22 22 fnwrong)" "$(twiml_messages "fnwrong failed 403")"
check "run-function, another token: it got a signature all the same" matches "$(tail -1 "$work/wrong.requests")" '"has_signature": true'
# k. without SMS_FLOW_HTTP_CA_FILE the test CA is not trusted.
check "TLS without the test CA: the failed path, status_code 0" \
  equals "$(signed_send tls 23 23 tls)" "$(twiml_messages "tls failed 0")"
check "TLS without the test CA: the log line says tls" \
  matches "$(line_of signed 23)" "${calls}tls GET 127\\.0\\.0\\.1:$tls_port tls [0-9]+ms\""
check "log: no parameter value (the number sent to the function)" absent "$work/signed.log" "+14155550121"
check "SIGTERM: exit status 0" stop signed
stop wrong

# ======== 3. start-up: the literal-host rule; flow check lists the endpoints ========

# n. a url whose scheme and host are a template is refused, naming the state
#    (the file is named otherwise, so the name in the message is the state's);
#    the same flow with the template only in the query starts.
host_flow() { # host_flow STATE URL: a flow whose Body "x" calls URL, in $work/templated.json
  {
    trigger
    route done equal_to x "$1"
    request "$1" GET "$2"
    message "$1_ok" ok
    message "$1_failed" failed
    message done done
  } | flow "$work/templated.json"
}
refused_start() { # refused_start STATE URL
  local rc=0
  host_flow "$1" "$2"
  SMS_SESSION_SECRET=$secret "$bin" --flow "$work/templated.json" --listen "$work/never.sock" 2>"$work/$1.err" || rc=$?
  check "templated host ($2): exit status 2" equals "$rc" 2
  check "  ...names the state" contains "$(cat "$work/$1.err")" "$1"
  check "  ...and serves nothing" test ! -e "$work/never.sock"
}
refused_start hostvar_call '{{flow.variables.host}}/x'
refused_start hostbody_call 'http://{{trigger.message.Body}}/'
host_flow query_call "$ep/x?h={{flow.variables.host}}&b={{trigger.message.Body}}"
check "a template in the query only: flow check accepts it" quietly "$bin" flow check "$work/templated.json"

# q. flow check names each call: state, method, URL.
rc=0
"$bin" flow check "$work/calls.json" >"$work/check.out" 2>&1 || rc=$?
check "flow check: exit status 0" equals "$rc" 0
check "flow check: lists the GET lookup" contains "$(cat "$work/check.out")" "calls: cust GET $ep/customer"
check "flow check: lists the JSON POST" contains "$(cat "$work/check.out")" "calls: json POST $ep/echo"
check "flow check: lists the TLS call" contains "$(cat "$work/check.out")" "calls: tls GET https://127.0.0.1:$tls_port/customer"
"$bin" flow check "$work/signed.json" >"$work/check-signed.out" 2>&1
check "flow check: lists the function" contains "$(cat "$work/check-signed.out")" "calls: fn POST $ep/function"

# ======== 4. slow endpoints hold only their own answers ========

{
  trigger
  route fast equal_to slow hold equal_to slow1s slow1s
  message fast fast
  request hold GET "$ep/hold"
  message hold_ok released
  failed_says_status hold
  request slow1s GET "$ep/slow?ms=1000"
  split slow1s_ok "{{widgets.slow1s.parsed.slept}}" slept_other equal_to 1000 slept_1s
  message slept_1s "slept {{widgets.slow1s.parsed.slept}}"
  message slept_other "slept otherwise"
  failed_says_status slow1s
} | flow "$work/hold.json"

# start_sms without its --threads 2: THREADS empty runs the default.
start_sms_threads() { # start_sms_threads NAME SOCKET THREADS [VARIABLE=VALUE...]
  local name=$1 socket=$2 threads=$3
  shift 3
  rm -f "$socket"
  env "$@" "$bin" --listen "$socket" ${threads:+--threads "$threads"} 2>>"$work/$name.log" &
  pids[$name]=$!
  wait_until 5 test -S "$socket" && wait_until 5 serving "${pids[$name]}" ||
    { echo "FAIL: $name did not start on $socket"; cat "$work/$name.log"; exit 1; }
}
accept_loops() { # accept_loops PID: threads with SIGTERM blocked (see serving in tests/harness/servers.bash)
  local status blocked n=0
  for status in /proc/"$1"/task/*/status; do
    blocked=$(sed -n 's/^SigBlk:[[:space:]]*//p' "$status" 2>/dev/null)
    [ -n "$blocked" ] && (((0x$blocked >> 14) & 1)) && n=$((n + 1))
  done
  echo "$n"
}
timed_send() { # timed_send JAR SID FROM-N BODY: writes the reply to $work/JAR.reply, prints milliseconds
  send "$1" "$2" "$3" "$4" -o "$work/$1.reply" -w '%{time_total}\n' | awk '{ printf "%d\n", $1 * 1000 }'
}
hold_env=(SMS_SESSION_SECRET=$secret SMS_FLOW="$work/hold.json" SMS_FLOW_HTTP_TIMEOUT_MS=10000)

# o. 32 accept loops: 8 answers held at the endpoint, 20 others answered meanwhile.
start_sms_threads hold "$work/sms.sock" "" "${hold_env[@]}"
# Serving once the first loop runs: the others may still be starting.
wait_until 5 test "$(accept_loops "${pids[hold]}")" -ge 32
loops=$(accept_loops "${pids[hold]}")
check "no --threads, a flow that calls: 32 accept loops ($loops threads block SIGTERM, the loops among them)" test "$loops" -ge 32
slow_jobs=()
for i in $(seq 1 8); do send "slow$i" $((100 + i)) $((30 + i)) slow >"$work/slow$i.reply" & slow_jobs+=($!); done
check "8 slow senders held at the endpoint" wait_until 5 held_is 8
ok=0 times=()
for i in $(seq 1 20); do
  ms=$(timed_send "fast$i" $((200 + i)) $((40 + i)) hello)
  times+=("$ms")
  [ "$(cat "$work/fast$i.reply")" = "$(twiml_messages fast)" ] && ok=$((ok + 1))
done
check "20 fast messages answered while 8 are held (ms: ${times[*]})" equals "$ok" 20
check "  ...and the 8 still held afterwards" held_is 8
curl -s -o /dev/null "$ep/release"
wait "${slow_jobs[@]}"
ok=0
for i in $(seq 1 8); do [ "$(cat "$work/slow$i.reply")" = "$(twiml_messages released)" ] && ok=$((ok + 1)); done
check "after /release, the 8 slow senders got their replies" equals "$ok" 8
check "the held answers' log lines" equals "$(request_lines hold | grep -cE "${calls}hold GET $at 200 [0-9]+ms\"")" 8

# Figure: 8 senders on a 1-second endpoint (its answer split on, parsed) and
# 40 fast messages, all at once.
jobs_=()
for i in $(seq 1 8); do send "s1s$i" $((300 + i)) $((50 + i)) slow1s >"$work/s1s$i.reply" & jobs_+=($!); done
for i in $(seq 1 40); do timed_send "burst$i" $((400 + i)) $((60 + i)) hello >"$work/burst$i.ms" & jobs_+=($!); done
wait "${jobs_[@]}"
ok=0
for i in $(seq 1 40); do [ "$(cat "$work/burst$i.reply")" = "$(twiml_messages fast)" ] && ok=$((ok + 1)); done
for i in $(seq 1 8); do [ "$(cat "$work/s1s$i.reply")" = "$(twiml_messages "slept 1000")" ] && ok=$((ok + 1)); done
check "8 senders on a 1 s endpoint and 40 fast messages at once: all 48 answered" equals "$ok" 48
sorted=($(cat "$work"/burst*.ms | sort -n))
echo "figure: 32 loops, 8 answers on a 1000 ms endpoint + 40 fast messages at once: fast max ${sorted[39]} ms, median $(((sorted[19] + sorted[20]) / 2)) ms"
check "SIGTERM: exit status 0" stop hold

# Figure: --threads 4 and 4 answers held: a fast message waits for the release.
start_sms_threads hold4 "$work/sms.sock" 4 "${hold_env[@]}"
slow_jobs=()
for i in $(seq 1 4); do send "h4slow$i" $((500 + i)) $((70 + i)) slow >/dev/null & slow_jobs+=($!); done
check "--threads 4: 4 slow senders held" wait_until 5 held_is 4
timed_send h4fast 510 80 hello >"$work/h4fast.ms" &
fast_job=$!
sleep 2
curl -s -o /dev/null "$ep/release"
wait "$fast_job" "${slow_jobs[@]}"
echo "figure: --threads 4, 4 answers held, released after 2000 ms: a fast message took $(cat "$work/h4fast.ms") ms ($(cat "$work/h4fast.reply"))"
check "SIGTERM: exit status 0" stop hold4

# u. a kept-alive connection is not held by its loop's slow answer: before
#    waiting on an endpoint, a loop hands its other connections to idle loops
#    (kept_connections.py: A waits 1 s, B and C kept by the other loop, B held,
#    then C asks again once A's loop is free). A stalled peer handed off with
#    them is still closed at its deadline (SMS_REQUEST_TIMEOUT, 1500 ms).
start_sms_threads kept "$work/kept.sock" 2 "${hold_env[@]}" SMS_REQUEST_TIMEOUT=1500
python3 "$here/kept_connections.py" "$work/kept.sock" "$(sms_form 601 "$(from 90)" slow1s)" \
  "$(sms_form 602 "$(from 91)" hello)" "$(sms_form 603 "$(from 92)" slow)" "$(sms_form 604 "$(from 93)" hello)" \
  >"$work/kept.out" 2>&1 &
kept_job=$!
wait_until 15 grep -qs '^answered\|^no' "$work/kept.out"
check "kept connection: answered while its first loop waits on the endpoint ($(head -1 "$work/kept.out"))" \
  matches "$(head -1 "$work/kept.out")" '^answered in [0-9]+ ms: fast$'
wait_until 10 grep -qs '^stalled' "$work/kept.out"
check "kept connection: a stalled peer handed off is closed at its deadline ($(sed -n 2p "$work/kept.out"))" \
  matches "$(sed -n 2p "$work/kept.out")" '^stalled peer closed after (1[5-9]|[2-4][0-9])[0-9][0-9] ms$'
check "  ...with a log line" contains "$(cat "$work/kept.log")" "FastCGI request not complete within 1500 ms"
curl -s -o /dev/null "$ep/release"
wait "$kept_job"
check "kept connection: the held answer arrives on release" equals "$(sed -n 3p "$work/kept.out")" "held: released"
check "SIGTERM: exit status 0" stop kept

finish
