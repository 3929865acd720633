#!/usr/bin/env bash
# The flow tools: `flow check` on the shipped flows, a broken one and an
# over-budget one; `flow dot` through Graphviz; `-t --flow`; --flow with
# --conversation; `chat --flow` and its /session.
set -u
bin=$(realpath "${1:-./sms_fcgi}")
. "$(dirname "$0")/../harness/checks.sh"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
unset SMS_SESSION_SECRET TWILIO_AUTH_TOKEN SMS_CONVERSATION SMS_FLOW SMS_FLOW_MAX_STORED_TEXT

# 1. flow check: each shipped flow is OK, with its states by type and its
#    cookie's worst case within the 4095-byte limit.
for name in counter survey appointment; do
  out=$("$bin" flow check "$root/flows/$name.json" 2>&1); rc=$?
  check "flow check $name.json: exit 0" equals "$rc" 0
  check "flow check $name.json: OK with its states" \
    matches "$out" "^$root/flows/$name.json: OK, [0-9]+ states \\([0-9]+ [a-z-]+(, [0-9]+ [a-z-]+)*\\)"$'\n'
  check "flow check $name.json: the cookie line" \
    matches "$out" $'\n''cookie: the cookie keeps [^'$'\n'']*; at most [0-9]+ of 4095 bytes of Set-Cookie'
done
out=$("$bin" flow check "$root/flows/survey.json")
check "flow check survey.json: its states by type" contains "$out" \
  "OK, 13 states (4 send-and-wait-for-reply, 4 set-variables, 4 split-based-on, 1 trigger)"
check "flow check survey.json: what the cookie keeps" contains "$out" \
  "cookie: the cookie keeps .s (10 bytes), v.name (256 bytes), v.name_retry (256 bytes), v.rating_retry (256 bytes), i.ask_name.Body (256 bytes)"

# 2. A broken flow: exit 2, the file, the state and what is wrong on stderr.
sed 's/"next": "confirmed"/"next": "nowhere"/' "$root/flows/appointment.json" >"$work/dangling.json"
out=$("$bin" flow check "$work/dangling.json" 2>&1 >/dev/null); rc=$?
check "flow check, a dangling next: exit 2" equals "$rc" 2
check "flow check, a dangling next: its message" equals "$out" \
  "$work/dangling.json: states[2] \"answer\" (split-based-on): transition \"match\" goes to \"nowhere\", which is no state"
printf '{"states": [' >"$work/truncated.json"
out=$("$bin" flow check "$work/truncated.json" 2>&1); rc=$?
check "flow check, truncated JSON: exit 2" equals "$rc" 2
check "flow check, truncated JSON: names the file" contains "$out" "$work/truncated.json: "

# 3. Over budget: with 4095 bytes a stored text, the survey's cookie could
#    outgrow the limit; refused with the numbers.
out=$(SMS_FLOW_MAX_STORED_TEXT=4095 "$bin" flow check "$root/flows/survey.json" 2>&1); rc=$?
check "flow check, over budget: exit 2" equals "$rc" 2
check "flow check, over budget: says why, with the numbers" matches "$out" \
  "survey.json: a sender could make this flow's cookie too large: .*v.name \\(4095 bytes\\).*at most [0-9]+ of 4095 bytes"

# 4. flow dot: a graph Graphviz draws, with the flow's states and edges.
dot_text=$("$bin" flow dot "$root/flows/survey.json"); rc=$?
check "flow dot: exit 0" equals "$rc" 0
check "flow dot: a digraph" matches "$dot_text" '^digraph flow \{'
check "flow dot: a transition" contains "$dot_text" '"ask_name" -> "check_name"'
check "flow dot | dot -Tsvg: Graphviz draws it" \
  matches "$(printf '%s\n' "$dot_text" | dot -Tsvg 2>&1)" '<svg .*<title>ask_rating</title>'
check "flow dot, a broken flow: exit 2" equals "$("$bin" flow dot "$work/dangling.json" >/dev/null 2>&1; echo $?)" 2

# 5. -t checks a --flow configuration and names the flow; a broken flow fails it.
out=$(SMS_DEV=1 "$bin" -t --flow "$root/flows/survey.json" 2>&1); rc=$?
check "-t --flow: exit 0" equals "$rc" 0
check "-t --flow: configuration OK" contains "$out" "configuration OK"
check "-t --flow: names the flow" contains "$out" "flow: $root/flows/survey.json"
out=$(SMS_DEV=1 "$bin" -t --flow "$work/dangling.json" 2>&1); rc=$?
check "-t --flow, a broken flow: exit 2" equals "$rc" 2
check "-t --flow, a broken flow: its message" contains "$out" "transition \"match\" goes to \"nowhere\""

# 6. --flow and --conversation together: a usage error.
out=$("$bin" --dev --flow "$root/flows/counter.json" --conversation survey 2>&1); rc=$?
check "--flow with --conversation: exit 2" equals "$rc" 2
check "--flow with --conversation: says so" contains "$out" \
  "set either SMS_FLOW (--flow) or SMS_CONVERSATION (--conversation), not both"

# 7. chat --flow: the counter flow's transcript, and /session shows where
#    the execution waits and its variables.
transcript=$(printf 'hi\nhi\nhi\n/session\n' | "$bin" chat --flow "$root/flows/counter.json" 2>&1)
check "chat --flow counter.json: the seed's replies" equals "$(head -3 <<<"$transcript")" \
"Hello, thanks for the new message.
Hello, thanks for message number 2
Hello, thanks for message number 3"
check "chat --flow: /session says the cookie verified" contains "$transcript" \
  "session for +15551230001 -> +15559870000 (restored)"
check "chat --flow: /session shows the waiting state" contains "$transcript" '  .s = "number"'
check "chat --flow: /session shows the variable" contains "$transcript" '  v.count = "3"'

finish
