#!/usr/bin/env bash
# `sms_fcgi simulate` against the program behind a real nginx (signed
# conversations with cookies), and against deliberately broken endpoints
# (tests/devtools/broken_webhooks.py), each of which must be reported with
# the error code Twilio would raise.
. "$(dirname "$0")/../harness/servers.bash"
unset TWILIO_AUTH_TOKEN TWILIO_ACCOUNT_SID
token=simulate-test-auth-token

# The program, signature checks on, behind nginx.conf.example.
start_sms sms "$work/sms.sock" SMS_SESSION_SECRET=simulate-test-session-secret-0123456789 \
  TWILIO_AUTH_TOKEN=$token
start_nginx "$work/sms.sock"

simulate() { "$bin" simulate "$@" 2> "$work/stderr"; } # stdout: the replies; stderr kept in $work/stderr

# 1. A signed conversation: the cookie goes back and forth as Twilio keeps it,
# one per From/To pair, so through nginx it says what chat says in-process.
conversation='hi\nhi again\n/from +15551234567\nhello\n/from +15551230001\nand again\n'
replies=$(printf "$conversation" | simulate "$url" --auth-token "$token")
status=$?
check "a signed conversation through nginx keeps its session in the cookie" equals "$replies" \
  "$(printf "$conversation" | env -u SMS_SESSION_SECRET "$bin" chat 2>&1)"
check "the conversation switched senders and counted on" contains "$replies" "now +15551230001 -> +15559870000
Hello, thanks for message number 3"
check "a clean conversation exits 0" equals "$status" 0
check "each answer's status is shown" equals "$(grep -c '^simulate: HTTP 200, text/xml, ' "$work/stderr")" 4
check "sms_fcgi verified and answered the 4 signed messages" equals "$(request_lines sms | grep -c ' status=200 ')" 4
check "our own Set-Cookie raises no warning" equals "$(grep -c 'warning' "$work/stderr")" 0

replies=$(printf 'hi\nSTOP\nhi\n' | simulate "$url" --auth-token "$token" --from +15557770000)
check "STOP through nginx: no reply, the cookie deleted, the next message starts afresh" equals "$replies" \
"Hello, thanks for the new message.
(no reply)
(cookie deleted: the conversation ended; the next message starts a new one)
Hello, thanks for the new message."

reply=$(TWILIO_AUTH_TOKEN=$token simulate "$url" --body "one shot")
check "--body sends one message, signed from TWILIO_AUTH_TOKEN" equals "$?:$reply" "0:Hello, thanks for the new message."

reply=$(simulate "$url" --body hi --twiml --auth-token "$token")
check "--twiml prints the raw TwiML" equals "$reply" \
  '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Hello, thanks for the new message.</Message></Response>'

simulate "$url" --body hi > /dev/null
check "unsigned, the server refuses: exit 1" equals "$?" 1
check "unsigned, the refusal is 11200" contains "$(cat "$work/stderr")" "error 11200 HTTP retrieval failure: the server answered HTTP 400 \"missing X-Twilio-Signature\""
simulate "$url" --body hi --auth-token wrong-token > /dev/null
check "signed with the wrong token, the refusal is 11200" \
  contains "$(cat "$work/stderr")" "error 11200 HTTP retrieval failure: the server answered HTTP 403 \"invalid X-Twilio-Signature\""

# 2. Broken endpoints.
python3 "$here/broken_webhooks.py" > "$work/broken.port" &
pids[broken]=$!
wait_until 5 test -s "$work/broken.port"
broken=http://127.0.0.1:$(head -1 "$work/broken.port")

expect() { # expect NAME PATH STATUS TEXT [OPTIONS...]: the exit status and the report
  local name=$1 path=$2 want_status=$3 want_text=$4; shift 4
  local out; out=$(simulate "$broken$path" --body hi "$@"); local got=$?
  check "$name: exit $want_status" equals "$got" "$want_status"
  check "$name: reported" contains "$(cat "$work/stderr")" "$want_text"
  printf '%s' "$out" > "$work/stdout"
}

expect "a valid reply" /valid 0 "simulate: HTTP 200, text/xml, 80 bytes"
check "a valid reply: printed" equals "$(cat "$work/stdout")" "ok"
expect "wrong Content-Type" /wrong-type 1 "error 12300 Invalid Content-Type: Content-Type application/json"
expect "no Content-Type" /no-type 1 "error 11200 HTTP retrieval failure: the response has no Content-Type header"
expect "a body that is not XML" /not-xml 1 "error 12100 Document parse failure: not well-formed XML: line 1, column 27"
expect "another root element" /wrong-root 1 "error 12102 The root element must be Response"
expect "HTTP 500" /status-500 1 "error 11200 HTTP retrieval failure: the server answered HTTP 500"
expect "a body over 64 KiB" /huge 1 "error 11750 TwiML response body too large"
expect "an empty <Message>" /empty-message 0 "warning 14103 Invalid Body: <Message> 1 has no text and no media"
expect "text/plain" /plain 0 "simulate: HTTP 200, text/plain; charset=utf-8"
check "text/plain: the body is the reply" equals "$(cat "$work/stdout")" "Plain & simple"
expect "a Set-Cookie over 4 KiB" /big-cookie 0 "warning: Set-Cookie big is 5027 bytes, over 4 KiB"
expect "a bare Set-Cookie" /bare-cookie 0 "warning: Set-Cookie bare has no Max-Age or Expires"
check "a bare Set-Cookie: no Path" contains "$(cat "$work/stderr")" "warning: Set-Cookie bare has no Path"

start=$(date +%s%N)
expect "a response slower than --timeout" /slow 1 "error 11200 HTTP retrieval failure: no complete response within 1 s (timeout"  --timeout 1
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "the timeout is kept (took ${elapsed_ms} ms)" test "$elapsed_ms" -lt 2500

closed=$(free_port)
simulate "http://127.0.0.1:$closed/sms" --body hi > /dev/null
check "connection refused: exit 1" equals "$?" 1
check "connection refused is 11205" contains "$(cat "$work/stderr")" "error 11205 HTTP connection failure: cannot connect"

replies=$(printf 'one\ntwo\n' | simulate "$broken/status-500")
check "interactive: every message is tried, and the run exits 1" equals "$?:$(grep -c 11200 "$work/stderr")" "1:2"

"$bin" simulate --body hi > /dev/null 2>&1
check "no URL: usage error 2" equals "$?" 2
"$bin" simulate "$url" --timeout 0 > /dev/null 2>&1
check "--timeout 0: usage error 2" equals "$?" 2

finish
