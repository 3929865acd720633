#!/usr/bin/env bash
# `sms_fcgi simulate` against the program behind a real nginx (signed
# conversations with cookies), and against deliberately broken endpoints
# (tests/devtools/broken_webhooks.py), each of which must be reported with
# the error code Twilio would raise.
set -u
bin=$(realpath "${1:-./sms_fcgi}")
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../process/lib.sh"
unset TWILIO_AUTH_TOKEN TWILIO_ACCOUNT_SID
tmp=$(mktemp -d)
chmod 755 "$tmp" # nginx workers run as another user and must reach the socket
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

wait_for_port() { # wait_for_port PORT: up to 5 s
  local i
  for i in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  return 1
}

token=simulate-test-auth-token
port=$(free_port)
url=http://127.0.0.1:$port/sms

# The program, signature checks on, behind nginx's fastcgi_pass.
SMS_SESSION_SECRET=simulate-test-session-secret-0123456789 TWILIO_AUTH_TOKEN=$token \
  "$bin" --listen "$tmp/sms.sock" --threads 2 --quiet 2> "$tmp/sms_fcgi.log" &
pids+=($!)
check "sms_fcgi listens" wait_for_socket "$tmp/sms.sock"
chmod 666 "$tmp/sms.sock"

mkdir -p "$tmp/nginx"
cat > "$tmp/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx/body;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  proxy_temp_path $tmp/nginx/proxy;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  server {
    listen 127.0.0.1:$port;
    location = /sms {
      # As nginx.conf.example: not the system fastcgi_params, which may set
      # HTTP_HOST to \$host and so drop the port from the URL Twilio signed.
      fastcgi_param REQUEST_METHOD  \$request_method;
      fastcgi_param CONTENT_TYPE    \$content_type;
      fastcgi_param CONTENT_LENGTH  \$content_length;
      fastcgi_param QUERY_STRING    \$query_string;
      fastcgi_param REQUEST_URI     \$request_uri;
      fastcgi_param REQUEST_SCHEME  \$scheme;
      fastcgi_param HTTPS           \$https if_not_empty;
      fastcgi_param SERVER_PORT     \$server_port;
      fastcgi_pass unix:$tmp/sms.sock;
    }
  }
}
CONF
nginx -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/error.log" -g 'daemon off;' &
pids+=($!)
check "nginx listens" wait_for_port "$port"

simulate() { "$bin" simulate "$@" 2> "$tmp/stderr"; } # stdout: the replies; stderr kept in $tmp/stderr

# 1. A signed conversation: the cookie goes back and forth as Twilio keeps it.
replies=$(printf 'hi\nhi again\n/from +15551234567\nhello\n/from +15551230001\nand again\n' |
  simulate "$url" --auth-token "$token")
status=$?
check "a signed conversation through nginx keeps its session in the cookie" equals "$replies" \
"Hello, thanks for the new message.
Hello, thanks for message number 2
now +15551234567 -> +15559870000
Hello, thanks for the new message.
now +15551230001 -> +15559870000
Hello, thanks for message number 3"
check "a clean conversation exits 0" equals "$status" 0
check "each answer's status is shown" equals "$(grep -c '^simulate: HTTP 200, text/xml, ' "$tmp/stderr")" 4
check "our own Set-Cookie raises no warning" equals "$(grep -c 'warning' "$tmp/stderr")" 0

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
check "unsigned, the refusal is 11200" contains "$(cat "$tmp/stderr")" "error 11200 HTTP retrieval failure: the server answered HTTP 400 \"missing X-Twilio-Signature\""
simulate "$url" --body hi --auth-token wrong-token > /dev/null
check "signed with the wrong token, the refusal is 11200" \
  contains "$(cat "$tmp/stderr")" "error 11200 HTTP retrieval failure: the server answered HTTP 403 \"invalid X-Twilio-Signature\""

# 2. Broken endpoints.
python3 "$here/broken_webhooks.py" > "$tmp/broken.port" &
pids+=($!)
for i in $(seq 1 50); do [ -s "$tmp/broken.port" ] && break; sleep 0.1; done
broken=http://127.0.0.1:$(head -1 "$tmp/broken.port")

expect() { # expect NAME PATH STATUS TEXT [OPTIONS...]: the exit status and the report
  local name=$1 path=$2 want_status=$3 want_text=$4; shift 4
  local out; out=$(simulate "$broken$path" --body hi "$@"); local got=$?
  check "$name: exit $want_status" equals "$got" "$want_status"
  check "$name: reported" contains "$(cat "$tmp/stderr")" "$want_text"
  printf '%s' "$out" > "$tmp/stdout"
}

expect "a valid reply" /valid 0 "simulate: HTTP 200, text/xml, 80 bytes"
check "a valid reply: printed" equals "$(cat "$tmp/stdout")" "ok"
expect "wrong Content-Type" /wrong-type 1 "error 12300 Invalid Content-Type: Content-Type application/json"
expect "no Content-Type" /no-type 1 "error 11200 HTTP retrieval failure: the response has no Content-Type header"
expect "a body that is not XML" /not-xml 1 "error 12100 Document parse failure: not well-formed XML: line 1, column 27"
expect "another root element" /wrong-root 1 "error 12102 The root element must be Response"
expect "HTTP 500" /status-500 1 "error 11200 HTTP retrieval failure: the server answered HTTP 500"
expect "a body over 64 KiB" /huge 1 "error 11750 TwiML response body too large"
expect "an empty <Message>" /empty-message 0 "warning 14103 Invalid Body: <Message> 1 has no text and no media"
expect "text/plain" /plain 0 "simulate: HTTP 200, text/plain; charset=utf-8"
check "text/plain: the body is the reply" equals "$(cat "$tmp/stdout")" "Plain & simple"
expect "a Set-Cookie over 4 KiB" /big-cookie 0 "warning: Set-Cookie big is 5027 bytes, over 4 KiB"
expect "a bare Set-Cookie" /bare-cookie 0 "warning: Set-Cookie bare has no Max-Age or Expires"
check "a bare Set-Cookie: no Path" contains "$(cat "$tmp/stderr")" "warning: Set-Cookie bare has no Path"

start=$(date +%s%N)
expect "a response slower than --timeout" /slow 1 "error 11200 HTTP retrieval failure: no complete response within 1 s (timeout"  --timeout 1
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
check "the timeout is kept (took ${elapsed_ms} ms)" test "$elapsed_ms" -lt 2500

closed=$(free_port)
simulate "http://127.0.0.1:$closed/sms" --body hi > /dev/null
check "connection refused: exit 1" equals "$?" 1
check "connection refused is 11205" contains "$(cat "$tmp/stderr")" "error 11205 HTTP connection failure: cannot connect"

replies=$(printf 'one\ntwo\n' | simulate "$broken/status-500")
check "interactive: every message is tried, and the run exits 1" equals "$?:$(grep -c 11200 "$tmp/stderr")" "1:2"

"$bin" simulate --body hi > /dev/null 2>&1
check "no URL: usage error 2" equals "$?" 2
"$bin" simulate "$url" --timeout 0 > /dev/null 2>&1
check "--timeout 0: usage error 2" equals "$?" 2

finish
