#!/usr/bin/env bash
# `sms_fcgi liquid`: renders a template given as an argument or on stdin,
# with --data, and exits 2 with the position of a bad template.
set -u
bin=$(realpath "${1:-./sms_fcgi}")
. "$(dirname "$0")/../harness/checks.sh"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

printf '{"trigger":{"message":{"Body":" YES "}},"n":3}' > "$work/data.json"
printf '{"unclosed": ' > "$work/bad.json"

check "renders a template with --data" \
  equals "$("$bin" liquid '{{ trigger.message.Body | strip | downcase }}{% for i in (1..n) %} {{ i }}{% endfor %}' --data "$work/data.json")" \
  "yes 1 2 3"

check "- reads the template from stdin" \
  equals "$(printf '{{ "a" | upcase }}\n{{ n | plus: 1 }}' | "$bin" liquid - --data "$work/data.json")" \
  "A
4"

out=$("$bin" liquid $'ok\n {{ x | shout }}' 2>&1); rc=$?
check "an unknown filter exits 2 with its line and column" \
  equals "$rc: $out" "2: liquid: undefined filter: shout, line:2, col:9"

out=$("$bin" liquid '{{ x }}' --data "$work/bad.json" 2>&1); rc=$?
check "bad JSON data exits 2" equals "$rc" "2"
check "bad JSON data is named" contains "$out" "bad.json: not valid JSON"

out=$("$bin" liquid '{% for i in (1..1000000000) %}x{% endfor %}' 2>/dev/null); rc=$?
check "a huge loop stops at the iteration budget with exit 1" equals "$rc ${#out}" "1 10000"

out=$("$bin" liquid 2>&1); rc=$?
check "no template is a usage error" equals "$rc" "2"

finish
