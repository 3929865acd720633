#!/usr/bin/env bash
# Several Cookie headers and several session cookies, through a real nginx
# configured by the shipped nginx.conf.example. nginx before 1.23 passes each
# Cookie header as an HTTP_COOKIE param of its own (1.23 joins them with
# "; "), so the program must read them all: one session cookie is the
# session whichever header holds it; two (in one header or across headers)
# are trusted neither, logged as rejected:ambiguous; the cookie limits count
# all headers together.
. "$(dirname "$0")/../harness/servers.bash"

secret=cookies-test-secret-0123456789abcdef0123456
start_sms sms "$work/sms.sock" SMS_SESSION_SECRET=$secret
start_nginx "$work/sms.sock"

# POSTs message N with each further argument as a Cookie header of its own.
post_with_cookies() { # post_with_cookies NAME N [COOKIE-HEADER...]
  local name=$1 n=$2 headers=() cookie
  shift 2
  for cookie in "$@"; do headers+=(-H "Cookie: $cookie"); done
  fetch "$name" -H 'Content-Type: application/x-www-form-urlencoded' "${headers[@]}" --data-binary "$(sms_form "$n")" "$url"
}
last_outcome() { request_lines sms | tail -1 | sed -n 's/.* session=\([^ ]*\).*/\1/p'; }

post_form first "$url" "$(sms_form 1)" >/dev/null
mine=$(header first Set-Cookie | cut -d';' -f1)
post_form second "$url" "$(sms_form 2)" "$mine" >/dev/null
mine=$(header second Set-Cookie | cut -d';' -f1)
post_form other "$url" "$(sms_form 9 %2B14155550111)" >/dev/null
other=$(header other Set-Cookie | cut -d';' -f1)
check "setup: two sessions issued" matches "$mine $other" '^sms_session=v2\.[^ ]+ sms_session=v2\.[^ ]+$'

# 1. One session cookie, in either of two Cookie headers, continues the conversation.
check "session cookie in the first of two headers: 200" equals "$(post_with_cookies h1 3 "$mine" "lang=en")" 200
check "  ...the conversation continues" equals "$(body h1)" "$(seed_twiml 3)"
check "  ...logged as restored" equals "$(last_outcome)" restored
check "session cookie in the second of two headers: 200" equals "$(post_with_cookies h2 3 "lang=en" "$mine")" 200
check "  ...the conversation continues" equals "$(body h2)" "$(seed_twiml 3)"
check "  ...logged as restored" equals "$(last_outcome)" restored

# 2. Two session cookies: neither is trusted, a fresh session, logged.
check "two session cookies in two headers: 200" equals "$(post_with_cookies two 3 "$mine" "$other")" 200
check "  ...a fresh session" equals "$(body two)" "$(seed_twiml 1)"
check "  ...logged as rejected:ambiguous" equals "$(last_outcome)" rejected:ambiguous
check "the same session cookie in two headers: a fresh session" equals \
  "$(post_with_cookies same 3 "$mine" "$mine" >/dev/null; body same)" "$(seed_twiml 1)"
check "  ...logged as rejected:ambiguous" equals "$(last_outcome)" rejected:ambiguous
check "two session cookies in one header: 200" equals "$(post_with_cookies one 3 "$mine; lang=en; $other")" 200
check "  ...a fresh session" equals "$(body one)" "$(seed_twiml 1)"
check "  ...logged as rejected:ambiguous" equals "$(last_outcome)" rejected:ambiguous

# 3. The limits (64 cookies, 8192 bytes) count every Cookie header together.
cookies() { local i; for ((i = $1; i < $2; i++)); do printf 'c%d=v; ' "$i"; done; }
check "40 + 40 cookies in two headers: 431" equals "$(post_with_cookies count 3 "$(cookies 0 40)" "$(cookies 40 80)")" 431
check "  ...saying why" equals "$(body count)" "too many cookies"
check "32 + 32 cookies in two headers: 200" equals "$(post_with_cookies count_ok 3 "$(cookies 0 32)" "$(cookies 32 64)")" 200
pad=$(head -c 5000 /dev/zero | tr '\0' p)
check "two 5000-byte Cookie headers: 431" equals "$(post_with_cookies bytes 3 "a=$pad" "b=$pad")" 431
check "  ...saying why" equals "$(body bytes)" "Cookie header too large"
check "  ...logged with the reason" contains "$(request_lines sms | tail -1)" 'status=431 us='

# 4. The same process still holds a normal conversation.
check "afterwards: the conversation continues" equals "$(post_with_cookies after 3 "$mine" >/dev/null; body after)" "$(seed_twiml 3)"
check "log: no cookie value" absent "$work/sms.log" "${mine#sms_session=}"

finish
