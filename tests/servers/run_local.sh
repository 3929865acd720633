#!/usr/bin/env bash
# tier: deployment (the shipped files at work; tests/run skips it for the sanitizer build)
# `make run` (deploy/run-local): it comes up behind nginx, holds the seed
# conversation, and SIGINT to its process group (Ctrl-C) stops everything it
# started. Ports and directory are private to the test.
. "$(dirname "$0")/../harness/servers.bash"

port=$(free_port)
tls_port=$(free_port)
export SMS_RUN_PORT=$port SMS_RUN_TLS_PORT=$tls_port SMS_RUN_DIR=$work/run
unset SMS_SESSION_SECRET SMS_SESSION_SECRET_FILE
url=http://127.0.0.1:$port/sms

# Its own process group, as a terminal gives it, so that SIGINT reaches all.
setsid "$root/deploy/run-local" "$bin" >"$work/run.out" 2>&1 &
pids[run]=$!
printed_conversation() { grep -q 'curl -s -b /tmp/sms_fcgi.jar' "$work/run.out"; }
comes_up() { # shows what run-local said when it does not
  wait_until 20 printed_conversation && return 0
  sed 's/^/    output: /' "$work/run.out"
  return 1
}
check "it comes up and prints a curl conversation" comes_up
check "without SMS_SESSION_SECRET it says it runs --dev" contains "$(cat "$work/run.out")" "running with --dev"
check "its readiness probe is the health check, not logged as a bad webhook" \
  equals "$(grep -c 'status=400' "$work/run.out")" 0

# The printed simulate line, over https with the run's self-signed certificate.
simulate_line=$(sed -n 's/^  \(.* simulate https:.*\)/\1/p' "$work/run.out")
check "it prints a simulate line with --cacert" contains "$simulate_line" "--cacert $work/run/tls/cert.pem"
reply=$($simulate_line --body hi 2>"$work/simulate.err")
check "the printed simulate line works as printed" equals "$?:$reply" "0:$(seed_reply 1)"
https_url=$(awk '{print $3}' <<<"$simulate_line")
"$bin" simulate "$https_url" --body hi >/dev/null 2>"$work/simulate.err"
check "without --cacert simulate rejects the self-signed certificate" \
  equals "$?:$(grep -c 'certificate rejected' "$work/simulate.err")" 1:1
reply=$("$bin" simulate "$https_url" --body hi --insecure 2>"$work/simulate.err")
check "--insecure: answered" equals "$?:$reply" "0:$(seed_reply 1)"
check "--insecure says on stderr that Twilio would reject the certificate" \
  contains "$(cat "$work/simulate.err")" "warning: --insecure: the certificate is not checked, but Twilio checks it and rejects"
"$bin" simulate "$https_url" --body hi --insecure --cacert "$work/run/tls/cert.pem" >/dev/null 2>"$work/simulate.err"
check "--insecure with --cacert is a usage error" equals "$?:$(grep -c 'exclude each other' "$work/simulate.err")" 2:1
converse "make run" "$work/jar" "$url" 1 3
check "the TLS listener answers too" equals "$(curl -s -k -o /dev/null -w '%{http_code}' "https://127.0.0.1:$SMS_RUN_TLS_PORT/sms")" 400

# The printed conversation, pasted as printed (the jar path made private).
snippet=$(sed -n '/^  rm -f/,/^  done/p' "$work/run.out" | sed "s|/tmp/sms_fcgi.jar|$work/pasted.jar|g")
pasted=$(bash -c "$snippet")
check "the printed curl conversation gets the three seed replies" \
  equals "$pasted" "$(for n in 1 2 3; do seed_twiml "$n"; echo; done)"

started=$(pgrep -g "${pids[run]}" | grep -vx "${pids[run]}" | tr '\n' ' ')
check "it started sms_fcgi and nginx ($started)" test "$(wc -w <<<"$started")" -ge 3
kill -INT -- "-${pids[run]}"
check "SIGINT: it exits with status 0" stop_waiting run
gone() { local p; for p in $started; do kill -0 "$p" 2>/dev/null && return 1; done; return 0; }
check "SIGINT: everything it started has stopped" wait_until 5 gone
check "SIGINT: nothing listens on its port any more" \
  equals "$(curl -s -o /dev/null -w '%{http_code}' "$url")" 000

# SIGTERM to the script alone (as a service manager would send it).
setsid "$root/deploy/run-local" "$bin" >"$work/run.out" 2>&1 &
pids[run]=$!
check "started again" comes_up
started=$(pgrep -g "${pids[run]}" | grep -vx "${pids[run]}" | tr '\n' ' ')
kill -TERM "${pids[run]}"
stop_waiting run; sigterm_status=$? # 137: still running after 5 s
check "SIGTERM: it exits with status 0" equals "$sigterm_status" 0
[ "$sigterm_status" -eq 0 ] || sed 's/^/    output: /' "$work/run.out"
check "SIGTERM: everything it started has stopped" wait_until 5 gone

finish
