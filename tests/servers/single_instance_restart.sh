#!/usr/bin/env bash
# tier: deployment (the shipped files at work; tests/run skips it for the sanitizer build)
# One instance behind the shipped nginx.conf.example, restarted (SIGTERM or
# SIGKILL, alternately, started again at once, every 0.75 to 1.5 s) while
# senders text it as Twilio does (cookie kept, one retry). Three shapes:
#   --listen      the process owns its socket: refused while it is down
#   spawn-fcgi    the same, spawn-fcgi binds the socket and execs sms_fcgi
#   held socket   a parent holds the socket across restarts (what
#                 sms_fcgi.socket does): connections wait in its backlog
# Prints each shape's figures. No shape may ever answer a wrong count; the
# held socket must lose no message after Twilio's retry (the README's
# advice for a single instance).
#   SINGLE_SECONDS (default 8 per shape) and SINGLE_SENDERS (60) size the runs.
. "$(dirname "$0")/../harness/servers.bash"

secret=single-instance-secret-0123456789abcdef0123456
seconds=${SINGLE_SECONDS:-8}
senders=${SINGLE_SENDERS:-60}
socket=$work/sms.sock

# Runs the senders against one shape; RESTART SIGNAL restarts its instance.
measure() { # measure LABEL RESTART
  senders_under_restarts "$seconds" "$senders" "$2"
  echo "$1 figures: $figures restarts=$restarts"
  check "$1: restarted $restarts times (TERM and KILL)" test "$restarts" -ge 4
  check "$1: the senders sent messages ($(figure messages))" test "$(figure messages)" -ge "$senders"
  check "$1: every answer carried the right count ($(figure wrong_counts) wrong)" equals "$(figure wrong_counts)" 0
}

# 1. --listen: sms_fcgi creates the socket, and nothing listens while it is down.
start_sms sms "$socket" SMS_SESSION_SECRET=$secret
start_nginx "$socket"
restart_listen() { stop sms "$1"; start_sms sms "$socket" SMS_SESSION_SECRET=$secret; }
measure "--listen" restart_listen
stop sms

# 2. spawn-fcgi: binds the socket, execs sms_fcgi with it as fd 0; a restart
#    runs spawn-fcgi again.
spawn_sms sms "$socket" SMS_SESSION_SECRET=$secret
restart_spawned() { stop sms "$1"; spawn_sms sms "$socket" SMS_SESSION_SECRET=$secret; }
measure "spawn-fcgi" restart_spawned
stop sms

# 3. The socket held by a parent across restarts of sms_fcgi on fd 0.
pidfile=$work/held.pid
rm -f "$socket" "$pidfile"
SMS_SESSION_SECRET=$secret python3 "$here/socket_holder.py" "$socket" "$pidfile" "$bin" --threads 2 2>>"$work/held.log" &
pids[holder]=$!
held_pid() { cat "$pidfile" 2>/dev/null; }
new_child_serving() { # new_child_serving OLD-PID
  local pid
  pid=$(held_pid)
  [ -n "$pid" ] && [ "$pid" != "$1" ] && serving "$pid"
}
wait_until 5 new_child_serving none || { echo "FAIL: socket_holder.py did not start sms_fcgi"; exit 1; }
restart_held() { # kills the child; the holder starts the next one
  local old
  old=$(held_pid)
  kill "-$1" "$old"
  wait_until 5 new_child_serving "$old" || { echo "FAIL: no sms_fcgi after $old"; exit 1; }
}
measure "held socket" restart_held
check "held socket: no message failed after Twilio's retry ($(figure failed_after_retry) failed, $(figure status_502) answers were 502)" \
  equals "$(figure failed_after_retry)" 0

finish
