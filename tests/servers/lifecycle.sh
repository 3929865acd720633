#!/usr/bin/env bash
# Graceful lifecycle behind real servers: started as spawn-fcgi starts it
# (fd 0), SIGTERM when idle and when nginx holds idle kept-alive
# connections, SIGTERM under load with zero failed responses, and FastCGI
# clients that hang up mid-request or before reading the answer.
. "$(dirname "$0")/../harness/servers.bash"

secret=lifecycle-test-secret-0123456789abcdef0123456

spawn() { spawn_sms "$1" "$2" SMS_SESSION_SECRET=$secret; } # spawn NAME SOCKET

milliseconds() { echo $(($(date +%s%N) / 1000000)); }

# SIGTERM, then how it went: "exit status S after M ms" in $stop_result.
# (Not in a $(...) subshell: only this shell can wait for its children.)
stop_timed() { # stop_timed NAME
  local started rc=0
  started=$(milliseconds)
  stop "$1" || rc=$?
  stop_result="exit status $rc after $(($(milliseconds) - started)) ms"
}

allowance_ms=$(stop_allowance_ms "$bin")
stopped_promptly() { # stopped_promptly [MS]: the last stop_timed ended with status 0 within MS ($allowance_ms) ms
  [[ $stop_result =~ ^exit\ status\ 0\ after\ ([0-9]+)\ ms$ ]] && ((BASH_REMATCH[1] < ${1:-$allowance_ms})) && return 0
  echo "    $stop_result"; return 1
}

# 1. Idle, nobody connected.
spawn idle "$work/idle.sock"
stop_timed idle
check "spawn-fcgi: idle SIGTERM exits 0 within $allowance_ms ms ($stop_result)" stopped_promptly

# 2. Idle while nginx keeps kept-alive connections to it open.
spawn a "$work/a.sock"
spawn b "$work/b.sock"
start_nginx "$work/a.sock" "$work/b.sock"
converse "spawn-fcgi behind nginx" "$work/jar" "$url" 1 4
# Six at once: nginx opens (and then keeps) more than one connection each.
curl -s -o /dev/null -Z --no-progress-meter --data-binary "$(sms_form 10)" "$url?[1-6]"
connections=$(($(find "/proc/${pids[a]}/fd" -lname 'socket:*' | wc -l) - 1)) # all but the listening socket
check "nginx keeps idle connections to A ($connections)" test "$connections" -ge 1
stop_timed a
check "idle with kept-alive connections from nginx: SIGTERM exits 0 within $allowance_ms ms ($stop_result)" stopped_promptly
spawn a "$work/a.sock"

# 3. SIGTERM to one of two instances while four clients keep posting
#    (each a curl with 1500 requests in a row on one kept-alive connection: enough
#    that many remain after the stop, however fast or loaded the machine is).
served_at_least() { [ "$(cat "$work/a.log" "$work/b.log" | grep -c ' status=')" -ge "$1" ]; }
clients=()
for id in 1 2 3 4; do
  curl -s -o /dev/null -m 5 -w '%{http_code}\n' -H 'Content-Type: application/x-www-form-urlencoded' \
    --data-binary "$(sms_form "$id")" "$url?load=[1-1500]" >"$work/client.$id" &
  clients+=($!)
done
a_before=$(request_lines a | wc -l)
wait_until 10 served_at_least 300
stop_timed a
b_at_stop=$(request_lines b | wc -l)
wait "${clients[@]}"
statuses=$(cat "$work"/client.* | sort | uniq -c | tr -s ' ')
check "under load: all 6000 responses were 200 ($statuses)" equals "$statuses" " 6000 200"
check "under load: SIGTERM exits 0 within $allowance_ms ms ($stop_result)" stopped_promptly
check "under load: the stopped instance had served some" test "$(request_lines a | wc -l)" -gt "$a_before"
check "under load: the survivor served the requests after the stop" test "$(request_lines b | wc -l)" -gt "$b_at_stop"
check "under load: the stopped instance says it finished what was in flight" \
  contains "$(cat "$work/a.log")" "stopped on signal 15, requests in flight finished"

# 4. FastCGI clients that hang up: mid-request, and before reading the
#    reply (the write then fails with EPIPE; SIGPIPE must not kill).
port=$(free_port)
# A hung-up request's deadline is 30 s here, so that a stop that waited for
# one stands out from a busy machine's slow stop (5 s allowed).
SMS_SESSION_SECRET=$secret SMS_REQUEST_TIMEOUT=30000 "$bin" --listen "127.0.0.1:$port" --threads 2 2>>"$work/tcp.log" &
pids[tcp]=$!
wait_until 5 accepting "$port"
begin='\x01\x01\x00\x01\x00\x08\x00\x00\x00\x01\x01\x00\x00\x00\x00\x00' # BEGIN_REQUEST, responder, keep-conn
params='\x01\x04\x00\x01\x00\x34\x00\x00\x0e\x03REQUEST_METHODGET\x0c\x13QUERY_STRINGFrom=%2B14155550100'
end_params='\x01\x04\x00\x01\x00\x00\x00\x00'
end_stdin='\x01\x05\x00\x01\x00\x00\x00\x00'
hang_up() { # hang_up BYTES: connects, sends BYTES, closes without reading
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf '%b' "$1" >&3
  exec 3>&-
}
for _ in $(seq 1 20); do
  hang_up "$begin"'\x01\x04\x00\x01\x00\x34\x00\x00\x0e\x03REQ' # params cut short
  hang_up "$begin$params$end_params$end_stdin"                  # whole request, reply unread
done
sleep 0.3
check "clients hanging up: the process is still running" kill -0 "${pids[tcp]}"
answer=$(printf '' | env -i REQUEST_METHOD=GET QUERY_STRING=From=%2B14155550100 cgi-fcgi -bind -connect "127.0.0.1:$port")
check "clients hanging up: the process still answers" contains "$answer" "Hello, thanks for the new message."
stop_timed tcp
stopped_before_deadlines() { # with the process's log when it did not
  stopped_promptly 5000 && return 0
  sed 's/^/    /' "$work/tcp.log"; return 1
}
check "clients hanging up: SIGTERM still exits 0 within 5 s, not at their deadlines ($stop_result)" stopped_before_deadlines

finish
