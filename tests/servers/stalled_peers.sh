#!/usr/bin/env bash
# FastCGI peers that stall: N connections (N = threads and 10 x threads)
# that send the start of a request and then nothing (or a byte now and
# then) hold no accept loop. Normal traffic through nginx keeps its answers
# alongside them, and each stalled connection is closed by the request
# deadline (SMS_REQUEST_TIMEOUT), with a log line.
. "$(dirname "$0")/../harness/servers.bash"

secret=stalled-peers-secret-0123456789abcdef0123456
threads=2
timeout_ms=2000
start_sms sms "$work/sms.sock" SMS_SESSION_SECRET=$secret SMS_REQUEST_TIMEOUT=$timeout_ms
start_nginx "$work/sms.sock"

# Posts message 1 of COUNT senders through nginx, one after another while
# the stalled peers are connected; the statuses, counted ("40 200").
normal_traffic() { # normal_traffic COUNT
  local i
  for i in $(seq 1 "$1"); do
    curl -s -o /dev/null -m 15 -w '%{http_code}\n' --data-binary "$(sms_form 1 "%2B1555010$i")" "$url"
  done | sort | uniq -c | sed 's/^ *//'
}

for shape in begin9 get-values drip begin-abort; do
  for stalled in "$threads" $((10 * threads)); do
    python3 "$here/stall_peers.py" "$work/sms.sock" "$shape" "$stalled" --give-up 15 >"$work/stall.out" &
    stall=$!
    sleep 0.3 # the peers are connected and stalled
    statuses=$(normal_traffic 20)
    wait "$stall"
    result=$(cat "$work/stall.out")
    echo "    $shape x $stalled: normal traffic ($statuses); stalled peers: $result"
    check "$shape x $stalled stalled peers: normal traffic all answered 200" equals "$statuses" "20 200"
    check "$shape x $stalled stalled peers: every one closed by the server" contains "$result" "closed $stalled of $stalled;"
    # By the deadline, not long after it (the check that they are closed at
    # all is the one above; this one catches a per-read timeout that a
    # dripping peer keeps resetting).
    slowest=$(sed -n 's/.*slowest \([0-9.]*\) s/\1/p' <<<"$result")
    check "$shape x $stalled: closed within the ${timeout_ms} ms deadline plus 1.5 s (slowest $slowest s)" \
      awk -v s="$slowest" -v limit="$(((timeout_ms + 1500) / 1000)).5" 'BEGIN { exit !(s + 0 <= limit) }'
  done
done

log=$(cat "$work/sms.log")
check "a stalled request is logged" contains "$log" "FastCGI request not complete within $timeout_ms ms"
check "an out-of-order record is logged" contains "$log" "FastCGI peer: FastCGI record out of order in the parameters; connection closed"
check "the process is still serving" kill -0 "${pids[sms]}"
check "no request failed inside sms_fcgi" test "$(request_lines sms | grep -vc ' status=200')" -eq 0
finish
