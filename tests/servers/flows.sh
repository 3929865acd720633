#!/usr/bin/env bash
# A Studio flow (--flow) behind a real nginx: eight senders walking
# flows/survey.json at once, each with its own cookie jar, with signed and
# with encrypted cookies; the log line naming the state; the appointment
# flow's timeout path with a 2-second wait; a flow file with a start-up
# error refused with exit status 2.
. "$(dirname "$0")/../harness/servers.bash"

secret=flows-test-secret-0123456789abcdef0123456789
survey=$root/flows/survey.json
senders=8

# Sender I's name, as sent (form-encoded) and as the replies say it.
sent_name() { if (($1 % 2)); then printf 'Zo%%C3%%AB%d' "$1"; else printf 'Ada+L%d' "$1"; fi; }
said_name() { if (($1 % 2)); then printf 'Zoë%d' "$1"; else printf 'Ada L%d' "$1"; fi; }
sender_from() { printf '%%2B141555502%02d' "$1"; }

# Sender I's messages, in order; the replies they must get follow.
walk_survey() { # walk_survey LABEL SENDER: one sender's whole survey, replies to $work/LABEL.I.replies
  local i=$2 jar=$work/$1.$2.jar n=0 body
  for body in hi "$(sent_name "$i")" seven "$((i % 5 + 1))" ok; do
    n=$((n + 1))
    say_form "$jar" "$url" "$(sms_form "$((i * 10 + n))" "$(sender_from "$i")" "$body")"
    echo
  done >"$work/$1.$i.replies"
}
survey_twiml() { # survey_twiml SENDER: the replies walk_survey must get, one a line
  local name
  name=$(said_name "$1")
  twiml_messages "Hi! Two quick questions. First, what is your name?"; echo
  twiml_messages "Thanks, $name. How would you rate us from 1 to 5?"; echo
  twiml_messages "Please answer with a whole number from 1 to 5."; echo
  twiml_messages "Thank you, $name! You rated us $(($1 % 5 + 1)) out of 5."; echo
  twiml_messages "Your survey is complete. Text RESTART to take it again."; echo
}

# All senders at once; each transcript checked whole, and each cookie's form.
senders_at_once() { # senders_at_once LABEL COOKIE-REGEX
  local i walks=()
  for ((i = 1; i <= senders; i++)); do walk_survey "$1" "$i" & walks+=($!); done
  wait "${walks[@]}"
  for ((i = 1; i <= senders; i++)); do
    check "$1: sender $i's survey, byte for byte" equals "$(cat "$work/$1.$i.replies")" "$(survey_twiml "$i")"
    check "$1: sender $i's cookie" matches "$(awk '$6 == "sms_session" { print $7 }' "$work/$1.$i.jar")" "$2"
  done
}

# 1. Signed cookies.
start_sms flows "$work/sms.sock" SMS_SESSION_SECRET=$secret SMS_FLOW="$survey"
start_nginx "$work/sms.sock"
senders_at_once signed '^v2\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$'
check "signed: one 200 line per message" equals "$(request_lines flows | grep -c ' status=200 ')" $((senders * 5))

# 2. The log line names the state each answer ended in.
first_line=$(request_lines flows | grep -m1 ' sid=SM0*11 ')
check "log: the first message waits in ask_name" matches "$first_line" ' status=200 .* state=ask_name( |$)'
check "log: the rating's retry waits in ask_rating" \
  matches "$(request_lines flows | grep -m1 ' sid=SM0*13 ')" ' state=ask_rating( |$)'
check "log: the last message waits in complete" \
  matches "$(request_lines flows | grep -m1 ' sid=SM0*15 ')" ' state=complete( |$)'
check "log: no name a sender typed" absent "$work/flows.log" "Ada L"

# 3. Encrypted cookies: the same walks, the cookies sealed.
check "SIGTERM: exit status 0" stop flows
start_sms sealed "$work/sms.sock" SMS_SESSION_SECRET=$secret SMS_FLOW="$survey" SMS_SESSION_ENCRYPT=1
senders_at_once encrypted '^e2\.[A-Za-z0-9_-]+$'

# 4. The appointment flow with a 2-second wait: a reply in time is an
#    answer; a late one runs the timeout path, which ends the execution, so
#    the same message starts the next one in the same answer.
check "SIGTERM: exit status 0" stop sealed
sed 's/"timeout": "3600"/"timeout": "2"/' "$root/flows/appointment.json" >"$work/appointment-2s.json"
# YES is the flow's answer, not an opt-in (README: "Opt-out keywords").
start_sms appointment "$work/sms.sock" SMS_SESSION_SECRET=$secret SMS_FLOW="$work/appointment-2s.json" \
  SMS_OPT_IN_KEYWORDS="START UNSTOP"
question="Hi! You have an appointment tomorrow at 10:00. Reply YES to confirm, NO to cancel, or a new time like 14:30 to move it."
say_form "$work/prompt.jar" "$url" "$(sms_form 1 "$(sender_from 1)" hi)" >/dev/null
check "appointment: a YES in time confirms" \
  equals "$(say_form "$work/prompt.jar" "$url" "$(sms_form 2 "$(sender_from 1)" YES)")" \
  "$(twiml_messages "Thanks, see you tomorrow at 10:00!")"
check "appointment: the first message asks" \
  equals "$(say_form "$work/late.jar" "$url" "$(sms_form 1 "$(sender_from 2)" hi)")" "$(twiml_messages "$question")"
sleep 3
check "appointment: a YES after the timeout gets the timeout path's message, then the question again" \
  equals "$(say_form "$work/late.jar" "$url" "$(sms_form 2 "$(sender_from 2)" YES)")" \
  "$(twiml_messages "We did not hear back, so your appointment stays booked for tomorrow at 10:00." "$question")"
check "appointment: ... and waits in ask again" matches "$(request_lines appointment | tail -1)" ' state=ask( |$)'
check "appointment: ... and the question it answers now is answered" \
  equals "$(say_form "$work/late.jar" "$url" "$(sms_form 3 "$(sender_from 2)" no)")" \
  "$(twiml_messages "Your appointment is cancelled. Text us any time to book again.")"

# 5. A flow that cannot run stops the start with exit status 2, naming the
#    file, the state and what is wrong.
sed 's/"next": "confirmed"/"next": "nowhere"/' "$root/flows/appointment.json" >"$work/dangling.json"
rc=0
SMS_SESSION_SECRET=$secret "$bin" --flow "$work/dangling.json" --listen "$work/never.sock" 2>"$work/dangling.err" || rc=$?
check "a dangling next: exit status 2" equals "$rc" 2
check "... names the file" contains "$(cat "$work/dangling.err")" "$work/dangling.json: "
check "... the state" contains "$(cat "$work/dangling.err")" "answer"
check "... and the missing target" contains "$(cat "$work/dangling.err")" "nowhere"
check "... and serves nothing" test ! -e "$work/never.sock"

finish
