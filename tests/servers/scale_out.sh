#!/usr/bin/env bash
# tier: deployment (the shipped files at work; tests/run skips it for the sanitizer build)
# Scale-out: two sms_fcgi instances behind one nginx upstream (round-robin,
# the shipped nginx.conf.example with two sockets) serve one conversation;
# the fleet rotates its secret without resetting it; a killed instance's
# conversations go on at the survivor.
. "$(dirname "$0")/../harness/servers.bash"

old=scale-out-old-secret-0123456789abcdef0123456789
new=scale-out-new-secret-fedcba9876543210fedcba9876

start_sms a "$work/a.sock" SMS_SESSION_SECRET=$old
start_sms b "$work/b.sock" SMS_SESSION_SECRET=$old
start_nginx "$work/a.sock" "$work/b.sock"
jar=$work/jar

served_by() { # served_by N: which instances logged message N (by MessageSid)
  local sid
  sid=$(printf 'SM%032d' "$1")
  grep -l " sid=$sid " "$work/a.log" "$work/b.log" | sed 's|.*/||; s|\.log$||' | tr '\n' ' '
}
jar_cookie() { awk '$6 == "sms_session" { print $6 "=" $7 }' "$jar"; }

restart() { # restart NAME VARIABLE=VALUE...: stop (status 0 expected) and start with new settings
  local name=$1
  shift
  check "$name stops on SIGTERM with status 0" stop "$name"
  start_sms "$name" "$work/$name.sock" "$@"
}

# 1. Six messages, round-robin: counts 1..6 while the instances alternate.
converse "two instances" "$jar" "$url" 1 6
order=$(for n in 1 2 3 4 5 6; do served_by "$n"; done)
check "round-robin: the instances alternated ($order)" matches "$order" '^(a b a b a b |b a b a b a )$'
old_cookie=$(jar_cookie)

# 2. Rotation. First every instance learns the new secret as a previous one;
#    only then does any instance sign with it, one instance at a time.
restart a SMS_SESSION_SECRET=$old SMS_SESSION_PREVIOUS_SECRETS=$new
restart b SMS_SESSION_SECRET=$old SMS_SESSION_PREVIOUS_SECRETS=$new
converse "every instance knows the new secret" "$jar" "$url" 7 8
restart a SMS_SESSION_SECRET=$new SMS_SESSION_PREVIOUS_SECRETS=$old
converse "A signs with the new secret, B still with the old" "$jar" "$url" 9 12
check "A re-issued the old-secret cookie under the new secret (logged as rotated)" \
  contains "$(request_lines a)" "session=rotated"
restart b SMS_SESSION_SECRET=$new SMS_SESSION_PREVIOUS_SECRETS=$old
converse "both sign with the new secret" "$jar" "$url" 13 14

# 3. The old secret retired everywhere: a cookie signed with it starts
#    afresh; the conversation, signed with the new one, goes on.
restart a SMS_SESSION_SECRET=$new
restart b SMS_SESSION_SECRET=$new
post_form retired "$url" "$(sms_form 100)" "$old_cookie" >/dev/null
check "a cookie signed by the retired secret starts afresh" equals "$(body retired)" "$(seed_twiml 1)"
check "... logged as rejected" contains "$(grep -h ' sid=SM0*100 ' "$work/a.log" "$work/b.log")" "session=rejected:bad-mac"
converse "after the old secret is retired" "$jar" "$url" 15 16

# 4. kill -9 of one instance: nginx retries on the survivor, which takes the
#    whole conversation from there on.
stop a KILL
converse "after kill -9 of A" "$jar" "$url" 17 20
check "the survivor B served every message after the kill" \
  equals "$(for n in 17 18 19 20; do served_by "$n"; done)" "b b b b "

finish
