#!/usr/bin/env bash
# The binary as a FastCGI server, driven by a real FastCGI client (cgi-fcgi
# from libfcgi-bin): on its own --listen socket, and on fd 0 as spawn-fcgi,
# mod_fcgid and systemd give it. Also graceful stop on SIGTERM.
set -u
bin=$(realpath "${1:-./sms_fcgi}")
. "$(dirname "$0")/../harness/checks.sh"
export SMS_SESSION_SECRET=fastcgi-mode-test-secret-0123456789ab
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT

fcgi_post() { # fcgi_post SOCKET BODY [COOKIE]
  printf '%s' "$2" | env -i REQUEST_METHOD=POST CONTENT_TYPE=application/x-www-form-urlencoded \
    CONTENT_LENGTH=${#2} HTTP_COOKIE="${3:-}" SCRIPT_NAME=/sms REQUEST_URI=/sms \
    cgi-fcgi -bind -connect "$1"
}

conversation() { # conversation SOCKET LABEL: three messages, cookie passed back
  local cookie="" previous response n
  for n in 1 2 3; do
    previous=$cookie
    response=$(fcgi_post "$1" "$(sms_form $n)" "$cookie")
    check "$2: message $n gets the seed reply" equals "$(printf '%s' "$response" | message_text)" "$(seed_reply $n)"
    cookie=$(printf '%s' "$response" | cookie_of)
  done
  check "$2: a retry with the old cookie gets the same reply" \
    equals "$(fcgi_post "$1" "$(sms_form 3)" "$previous" | message_text)" "$(seed_reply 3)"
  response=$(fcgi_post "$1" "$(sms_form 3)" "$cookie")
  check "$2: a duplicate with the new cookie gets an empty <Response/>, no Set-Cookie" \
    equals "$(printf '%s' "$response" | grep -c -e '<Response/>' -e '^Set-Cookie')" 1
}

# 1. --listen on a unix socket, several threads.
"$bin" --listen "$tmp/sms.sock" --threads 3 2> "$tmp/listen.log" &
pid=$!; pids+=("$pid")
check "--listen creates the socket" wait_until 5 test -S "$tmp/sms.sock"
conversation "$tmp/sms.sock" "--listen"
check "the secret is wiped from /proc/PID/environ" test -z "$(tr '\0' '\n' < /proc/$pid/environ | grep -F "$SMS_SESSION_SECRET")"
check "405 over FastCGI" contains "$(printf '' | env -i REQUEST_METHOD=DELETE cgi-fcgi -bind -connect "$tmp/sms.sock")" "Status: 405"
big=$(head -c 100000 /dev/zero | tr '\0' a)
check "413 over FastCGI without reading the body" contains "$(fcgi_post "$tmp/sms.sock" "$big")" "Status: 413"
check "the server still answers after errors" equals "$(fcgi_post "$tmp/sms.sock" "$(sms_form 1)" | message_text)" "$(seed_reply 1)"

# 2. Concurrency: 40 clients at once, each gets a correct answer.
for i in $(seq 1 40); do fcgi_post "$tmp/sms.sock" "$(sms_form 1 "%2B1555000$i")" | message_text > "$tmp/c$i" & done
wait $(jobs -p | grep -v "^$pid$") 2>/dev/null
check "40 concurrent requests all answered" equals "$(cat "$tmp"/c* | sort | uniq -c | sed 's/^ *//')" "40 $(seed_reply 1)"

# 3. Graceful stop when idle: exit 0 promptly.
start=$(date +%s%N); kill -TERM "$pid"; wait "$pid"; status=$?
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
allowance_ms=$(stop_allowance_ms "$bin")
check "SIGTERM when idle exits 0" equals "$status" 0
check "SIGTERM when idle exits within $allowance_ms ms (took ${elapsed_ms} ms)" test "$elapsed_ms" -lt "$allowance_ms"
check "the stop is logged" contains "$(cat "$tmp/listen.log")" "stopped on signal"

# 4. fd 0 as the listening socket (spawn-fcgi), then SIGINT.
spawn-fcgi -n -s "$tmp/spawned.sock" -- "$bin" --threads 2 2> "$tmp/spawned.log" &
pid=$!; pids+=("$pid")
check "spawn-fcgi hands over the socket" wait_until 5 test -S "$tmp/spawned.sock"
conversation "$tmp/spawned.sock" "spawn-fcgi"
kill -INT "$pid"; wait "$pid"; status=$?
check "SIGINT exits 0" equals "$status" 0

# 5. A request in flight when SIGTERM arrives is still answered.
"$bin" --listen "$tmp/slow.sock" --threads 1 2> "$tmp/slow.log" &
pid=$!; pids+=("$pid")
wait_until 5 test -S "$tmp/slow.sock"
body=$(sms_form 1)
( { printf '%s' "${body:0:20}"; sleep 1; printf '%s' "${body:20}"; } | env -i REQUEST_METHOD=POST \
    CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=${#body} cgi-fcgi -bind -connect "$tmp/slow.sock" \
    > "$tmp/inflight" ) &
client=$!
sleep 0.5; kill -TERM "$pid"; wait "$client"; wait "$pid"; status=$?
check "the request in flight at SIGTERM is answered" equals "$(message_text < "$tmp/inflight")" "$(seed_reply 1)"
check "then the process exits 0" equals "$status" 0

# 6. A peer declaring a FastCGI parameter of 0x40000000-byte name and value
# (issue 10): the sum overflowed libfcgi's int and its Malloc assertion
# aborted the process. Now the connection is closed and the server goes on.
fcgi_raw() { # fcgi_raw PORT HEX [FIRST [keep-open]]: sends the bytes (FIRST of them, then
  # the rest 0.2 s later), half-closes unless keep-open, prints "closed" once the server closes
  python3 - "$1" "$2" "${3:-0}" "${4:-}" <<'EOF'
import errno, socket, sys, time
data, first = bytes.fromhex(sys.argv[2]), int(sys.argv[3])
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
try:
    if first:
        s.sendall(data[:first])
        time.sleep(0.2)
    s.sendall(data[first:])
    if sys.argv[4] != "keep-open":
        s.shutdown(socket.SHUT_WR)
    while s.recv(65536):
        pass
    print("closed")
except (ConnectionResetError, BrokenPipeError):  # closed with bytes unread: a reset
    print("closed")
except socket.timeout:
    print("still open after 5 s")
except OSError as e:  # reset before our half-close: the socket is no longer connected
    print("closed" if e.errno == errno.ENOTCONN else "error: " + str(e))
EOF
}
hostile_case() { # hostile_case NAME HEX [FIRST [keep-open]]: a fresh server gets HEX (see fcgi_raw), then a normal request
  local port pid
  port=$(free_port)
  "$bin" --listen "127.0.0.1:$port" --threads 1 2> "$tmp/huge.log" &
  pid=$!; pids+=("$pid")
  wait_until 5 accepting "$port"
  check "$1: the connection is closed" equals "$(fcgi_raw "$port" "$2" "${3:-0}" "${4:-}")" closed
  check "$1: the process still runs" kill -0 "$pid"
  check "$1: the process still answers" \
    equals "$(fcgi_post "127.0.0.1:$port" "$(sms_form 1)" | message_text)" "$(seed_reply 1)"
  kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
}
huge_pair=c0000000c0000000
hostile_case "GET_VALUES with a huge pair" "0109000000080000$huge_pair"
hostile_case "BEGIN_REQUEST + PARAMS with a huge pair" "010100010008000000010000000000000104000100080000$huge_pair"
# 7. FCGI_GET_VALUES asking for FCGI_MPXS_CONNS six times, then a request:
# libfcgi wrote its answer past a 64-byte stack buffer.
hostile_case "GET_VALUES asking six times" "01090000006600000f00464347495f4d5058535f434f4e4e530f00464347495f4d5058535f434f4e4e530f00464347495f4d5058535f434f4e4e530f00464347495f4d5058535f434f4e4e530f00464347495f4d5058535f434f4e4e530f00464347495f4d5058535f434f4e4e530101000100080000000101000000000001040001001300000e03524551554553545f4d4554484f4447455401040001000000000105000100000000"

# 8. Records padded so that the request is neither whole nor at its body
# hand-off when the loop's read buffer (SMS_MAX_FASTCGI_PARAMS + 33 KiB, 41 KiB here) is
# full: closed at once, not left to its deadline.
padded=$(python3 - "$(dirname "$0")/../harness" <<'EOF'
import sys
sys.path.insert(0, sys.argv[1])
from fastcgi_client import RESPONDER_KEEP_CONN, pair, record
head = record(1, RESPONDER_KEEP_CONN) + record(4, pair(b"REQUEST_METHOD", b"POST")) + record(4)
print((head + b"".join(record(5, b"a", 255) for _ in range(170))).hex())
EOF
)
# However the bytes arrive: at once; the first KiB earlier (the read that
# fills the buffer is a second one, and the peer's end of sending comes with
# it); cut inside the record that crosses the buffer's end (41,984 bytes;
# records of 264 bytes from byte 52), which the loop must not wait for,
# whether or not the peer then ends its side.
padded_case() { # padded_case NAME [FIRST [keep-open]]
  SMS_MAX_FASTCGI_PARAMS=8192 SMS_MAX_COOKIE_HEADER=4096 hostile_case "$1" "$padded" "${2:-0}" "${3:-}"
  check "$1: logged" contains "$(cat "$tmp/huge.log")" "neither whole nor at its body hand-off"
}
padded_case "stdin records padded past the read buffer"
padded_case "the same, its first KiB earlier" 1024
padded_case "the same, cut in the record that crosses the buffer's end" 41900
padded_case "the same, so cut, the peer's side left open" 41900 keep-open

# 9. However a kept-alive connection cuts its requests (several in one write,
# one split anywhere, a byte at a time, a body past the 32 KiB hand-off), each
# is answered once, in order: the server reads them and libfcgi reads them
# again from its buffer, not from the socket.
"$bin" --listen "$tmp/arrive.sock" --threads 1 2> "$tmp/arrive.log" &
pid=$!; pids+=("$pid")
wait_until 5 test -S "$tmp/arrive.sock"
new=$(seed_reply 1)
no_from=$(sms_form 2 | sed "s/&From=[^&]*//")
extra=$(head -c 12000 /dev/zero | tr '\0' a)
big="$(sms_form 4 %2B14155550104)&X1=$extra&X2=$extra&X3=$extra"
python3 "$(dirname "$0")/fastcgi_arrivals.py" "$tmp/arrive.sock" "$(sms_form 1)" "$no_from" \
  "$(sms_form 3 %2B14155550103)" "$big" 60 > "$tmp/arrivals" 2>&1
arrived() { sed -n "s/^$1: //p" "$tmp/arrivals"; }
check "two requests in one write: both answered, in order" equals "$(arrived "two in one write")" "$new | missing From parameter"
check "three in one write" equals "$(arrived "three in one write")" "$new | missing From parameter | $new"
check "a request and the start of the next, the rest later" \
  equals "$(arrived "one and the start of the next")" "$new | missing From parameter"
check "cut inside record headers" equals "$(arrived "cut inside a record header")" "$new | missing From parameter"
check "a byte at a time" equals "$(arrived "a byte at a time")" "$new"
check "three ${#big}-byte requests and another in one write, more than one read takes" \
  equals "$(arrived "three large requests and another in one write")" "$new | $new | $new | missing From parameter"
check "the same after a first KiB, the peer's end of sending with the rest; then closed" \
  equals "$(arrived "the same after a first KiB, then the end of sending")" "$new | $new | $new | missing From parameter | closed"
check "a request and the peer's end of sending in one event: answered, then closed" \
  equals "$(arrived "a request and the end of sending in one event")" "$new | $new | closed"
check "a ${#big}-byte body, its last KiB later (libfcgi reads it), then another request" \
  equals "$(arrived "a body over the hand-off size, the rest later, then another")" "$new | missing From parameter"
check "random arrivals (sizes, record shapes, cuts, pauses, ends of sending): the same answers as sent whole" \
  equals "$(arrived "random arrivals")" "0 of 60 wrong"
check "no FastCGI error was logged" equals "$(grep -c FastCGI "$tmp/arrive.log")" 0
kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
finish
