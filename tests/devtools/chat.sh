#!/usr/bin/env bash
# `sms_fcgi chat` driven through a pipe: conversations, the simulated clock,
# one cookie per From/To pair, /session, and the survey end to end.
set -u
bin=$(realpath "${1:-./sms_fcgi}")
. "$(dirname "$0")/../harness/checks.sh"
unset SMS_SESSION_SECRET TWILIO_AUTH_TOKEN SMS_CONVERSATION

chat() { "$bin" chat "$@" 2>&1; } # stdin: the lines typed

check "a piped chat holds a conversation, with no prompts or banner" \
  equals "$(printf 'hi\nhi again\nand again\n' | chat)" \
"Hello, thanks for the new message.
Hello, thanks for message number 2
Hello, thanks for message number 3"

check "--echo shows both sides" \
  equals "$(printf 'hi\nhi\n' | chat --echo)" \
"> hi
Hello, thanks for the new message.
> hi
Hello, thanks for message number 2"

check "STOP ends the conversation: no reply, the cookie deleted, the next message starts afresh" \
  equals "$(printf 'hi\nhi\nstop\nhi\nhelp\nhi\n' | chat)" \
"Hello, thanks for the new message.
Hello, thanks for message number 2
(no reply)
(cookie deleted: the conversation ended; the next message starts a new one)
Hello, thanks for the new message.
(no reply)
Hello, thanks for message number 2"

check "/wait 5h: Twilio has forgotten the cookie, the conversation starts again" \
  equals "$(printf 'hi\nhi\n/wait 5h\nhi\n' | chat | grep -v '^waited')" \
"Hello, thanks for the new message.
Hello, thanks for message number 2
the cookie for +15551230001 -> +15559870000 has expired; the next message starts a new conversation
Hello, thanks for the new message."

check "/wait 3h59m: the cookie is still kept" \
  equals "$(printf 'hi\n/wait 3h59m\nhi\n' | chat | tail -1)" "Hello, thanks for message number 2"

check "the 4 hours count from the last message, not the first" \
  equals "$(printf 'hi\n/wait 3h\nhi\n/wait 3h\nhi\n' | chat | tail -1)" "Hello, thanks for message number 3"

check "/wait takes d, h, m and s" \
  equals "$(printf '/wait 2d\n/wait 30m\n/wait 90s\n/wait 1h30m\n/wait 5\n/wait\n' | chat | cut -c1-10)" \
"waited 2d;
waited 30m
waited 90s
waited 1h3
usage: /wa
usage: /wa"

check "/from: each sender has a session of its own" \
  equals "$(printf 'hi\nhi\n/from +15551234567\nhi\n/from +15551230001\nhi\n' | chat)" \
"Hello, thanks for the new message.
Hello, thanks for message number 2
now +15551234567 -> +15559870000
Hello, thanks for the new message.
now +15551230001 -> +15559870000
Hello, thanks for message number 3"

check "/to: each of your numbers has a session of its own" \
  equals "$(printf 'hi\n/to +15550000000\nhi\n' | chat | tail -1)" "Hello, thanks for the new message."

session=$(printf 'hi\nhi\n/session\n' | chat --from +15550001111)
check "/session shows the decoded counter" contains "$session" "  counter = 2"
check "/session says the cookie verified" contains "$session" "session for +15550001111 -> +15559870000 (restored)"
check "/session shows started and last seen" \
  test -n "$(printf '%s\n' "$session" | grep -E '^  started [0-9-]{10}T[0-9:]{8}Z, last seen [0-9-]{10}T[0-9:]{8}Z$')"
check "/session without a cookie says so" \
  equals "$(printf '/session\n' | chat)" "no cookie for +15551230001 -> +15559870000; the next message starts a new conversation"

check "/forget drops the cookie" \
  equals "$(printf 'hi\n/forget\nhi\n' | chat)" \
"Hello, thanks for the new message.
forgot the cookie for +15551230001 -> +15559870000
Hello, thanks for the new message."

check "--twiml prints the raw reply" \
  equals "$(printf 'hi\n' | chat --twiml)" \
  '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Hello, thanks for the new message.</Message></Response>'

check "/quit stops reading" equals "$(printf 'hi\n/quit\nhi\n' | chat)" "Hello, thanks for the new message."
check "//text sends a message that starts with /" \
  equals "$(printf '//wait 5h\n' | chat)" "Hello, thanks for the new message."
check "an unknown command says so" \
  equals "$(printf '/frobnicate\n' | chat)" "unknown command /frobnicate; /help lists the commands"

tty=$(printf 'hi\n/quit\n' | script -qec "$bin chat" /dev/null | tr -d '\r')
check "on a terminal chat shows a banner" contains "$tty" 'Texting the "counter" conversation as +15551230001 -> +15559870000.'
check "on a terminal chat prompts for each line" contains "$tty" "> Hello, thanks for the new message."

printf 'hi\n' | "$bin" chat > /dev/null 2>&1
check "the end of input exits 0" equals "$?" 0
printf 'hi\n' | "$bin" chat --nonsense > /dev/null 2>&1
check "an unknown option exits 2" equals "$?" 2
check "settings still reach the configuration" \
  contains "$(printf 'hi\n' | chat --conversation nope; echo "status $?")" "unknown conversation 'nope'"
check "TWILIO_AUTH_TOKEN does not get in the way (chat signs nothing)" \
  equals "$(printf 'hi\n' | TWILIO_AUTH_TOKEN=secret-token chat)" "Hello, thanks for the new message."
check "--encrypt sessions work in chat too" \
  contains "$(printf 'hi\nhi\n/session\n' | chat --encrypt)" "  counter = 2"

check "the survey end to end: invalid ratings asked again, RESTART, completion" \
  equals "$(printf 'hi\n\nAda\n0\n6\nabc\n3.5\n\n4\nhello?\nrestart\nBo\nRESTART\nCy\n5\n' | chat --conversation survey --echo)" \
"> hi
Hi! Two quick questions. First, what is your name?
> 
Please tell me your name.
> Ada
Thanks, Ada. How would you rate us from 1 to 5?
> 0
Please answer with a whole number from 1 to 5.
> 6
Please answer with a whole number from 1 to 5.
> abc
Please answer with a whole number from 1 to 5.
> 3.5
Please answer with a whole number from 1 to 5.
> 
Please answer with a whole number from 1 to 5.
> 4
Thank you, Ada! You rated us 4 out of 5.
> hello?
Your survey is complete. Text RESTART to take it again.
> restart
Hi! Two quick questions. First, what is your name?
> Bo
Thanks, Bo. How would you rate us from 1 to 5?
> RESTART
Hi! Two quick questions. First, what is your name?
> Cy
Thanks, Cy. How would you rate us from 1 to 5?
> 5
Thank you, Cy! You rated us 5 out of 5."

survey=$(printf 'hi\nAda\n4\n/session\n' | SMS_CONVERSATION=survey chat)
check "the survey keeps its answers in the session" \
  contains "$survey" '  name = "Ada"
  rating = 4
  survey_step = 3'
check "the survey forgets a sender after 4 idle hours" \
  equals "$(printf 'hi\nAda\n/wait 4h\n3\n' | chat --conversation survey | tail -1)" \
  "Hi! Two quick questions. First, what is your name?"

finish
