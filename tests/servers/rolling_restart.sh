#!/usr/bin/env bash
# tier: deployment (the shipped files at work; tests/run skips it for the sanitizer build)
# A rolling restart through the shipped nginx.conf.example loses no message:
# two instances (--listen, unix sockets), 60 senders texting as Twilio does
# (cookie kept, a failed webhook retried once with the same MessageSid),
# while one instance at a time is stopped (SIGTERM or SIGKILL, alternately)
# and started again at once, every 0.75 to 1.5 s. Every message must be answered
# with the right count, at the latest on Twilio's retry.
#   ROLLING_SECONDS (default 10) and ROLLING_SENDERS (60) size the run.
. "$(dirname "$0")/../harness/servers.bash"

secret=rolling-restart-secret-0123456789abcdef012345
seconds=${ROLLING_SECONDS:-10}
senders=${ROLLING_SENDERS:-60}

start_sms a "$work/a.sock" SMS_SESSION_SECRET=$secret
start_sms b "$work/b.sock" SMS_SESSION_SECRET=$secret
start_nginx "$work/a.sock" "$work/b.sock"

restart_next() { # restart_next SIGNAL: A and B in turn
  local name=a
  ((restarts % 2)) && name=b
  stop "$name" "$1"
  start_sms "$name" "$work/$name.sock" SMS_SESSION_SECRET=$secret
}
senders_under_restarts "$seconds" "$senders" restart_next
echo "figures: $figures restarts=$restarts"

check "the instances were restarted ($restarts times, TERM and KILL)" test "$restarts" -ge 4
check "the senders sent messages ($(figure messages))" test "$(figure messages)" -ge "$senders"
check "no message failed after Twilio's retry ($(figure failed_after_retry) failed, $(figure status_502) answers were 502)" \
  equals "$(figure failed_after_retry)" 0
check "every answer carried the right count ($(figure wrong_counts) wrong)" equals "$(figure wrong_counts)" 0
check "nginx always found an instance (no 'no live upstreams')" \
  absent "$work/nginx/logs/error.log" "no live upstreams"

finish
