#!/usr/bin/env bash
# tier: deployment (the shipped files at work; tests/run skips it for the sanitizer build)
# A message whose answer is lost is answered the same, and counted once,
# when nginx retries it on another instance (fastcgi_next_upstream, from the
# shipped nginx.conf.example). The first upstream does all the work on a real
# instance (A), keeps its answer, and then fails without sending it; nginx
# resends the same request, old cookie included, to instance B.
. "$(dirname "$0")/../harness/servers.bash"

secret=next-upstream-secret-0123456789abcdef0123456
start_sms a "$work/a.sock" SMS_SESSION_SECRET=$secret
start_sms b "$work/b.sock" SMS_SESSION_SECRET=$secret
python3 "$root/tests/servers/answer_then_fail.py" "$work/failing.sock" "$work/a.sock" "$work/answers" &
pids[failing]=$!
wait_until 5 test -S "$work/failing.sock" || { echo "FAIL: the failing upstream did not start"; exit 1; }
start_nginx "$work/failing.sock" "$work/b.sock"

jar=$work/jar
for n in 1 2 3 4 5 6; do
  check "message $n: the seed reply" equals "$(say "$jar" "$url" "$n")" "$(seed_twiml "$n")"
done
lost=$(wc -l < "$work/answers")
check "nginx sent messages to the failing upstream first ($lost of 6)" test "$lost" -ge 1
# Each answer instance A computed and lost is the one B gave: same text, same count.
mismatched=0
while IFS= read -r answer; do
  n=$(printf '%s' "$answer" | sed -n 's/.*message number \([0-9]*\).*/\1/p')
  [ -z "$n" ] && n=1
  [ "$answer" = "$(seed_twiml "$n")" ] || mismatched=$((mismatched + 1))
done < "$work/answers"
check "every lost answer is a seed reply ($mismatched not)" equals "$mismatched" 0
check "B answered each lost message again, with the old cookie: restored or new" \
  equals "$(request_lines b | grep -c -E 'session=(restored|new) ')" 6
check "A answered exactly the lost ones" equals "$(request_lines a | wc -l)" "$lost"
for sid in $(request_lines a | sed -n 's/.* sid=\(SM[0-9]*\).*/\1/p'); do
  check "$sid: A and B computed the same session outcome" \
    equals "$(request_lines a | grep " sid=$sid " | sed 's/.*session=\([^ ]*\).*/\1/')" \
    "$(request_lines b | grep " sid=$sid " | sed 's/.*session=\([^ ]*\).*/\1/')"
done
check "nginx logged the failed upstream" contains "$(cat "$work/nginx/logs/error.log")" "upstream prematurely closed"
finish
