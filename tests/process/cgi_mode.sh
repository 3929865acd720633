#!/usr/bin/env bash
# The binary as a plain CGI program: one request from the environment and
# stdin, then exit. Holds a conversation by passing the cookie back.
set -u
bin=$(realpath "${1:-./sms_fcgi}")
. "$(dirname "$0")/../harness/checks.sh"
export SMS_SESSION_SECRET=cgi-mode-test-secret-0123456789abcdef
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

cgi_post() { # cgi_post BODY [COOKIE] [extra env...]: prints the CGI response
  local body=$1 cookie=${2:-}; shift 2 2>/dev/null || shift $#
  printf '%s' "$body" | env -i SMS_SESSION_SECRET="$SMS_SESSION_SECRET" REQUEST_METHOD=POST \
    CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=${#body} HTTP_COOKIE="$cookie" "$@" \
    "$bin" 2>>"$tmp/stderr"
}

cookie=""
for n in 1 2 3; do
  response=$(cgi_post "$(sms_form $n)" "$cookie")
  check "CGI message $n gets the seed reply" equals "$(printf '%s' "$response" | message_text)" "$(seed_reply $n)"
  check "CGI message $n answers 200 text/xml" contains "$response" $'Status: 200 OK\r\nContent-Type: text/xml\r\n'
  printf '%s' "$response" | tr -d '\r' | sed '1,/^$/d' > "$tmp/body.xml"
  check "CGI message $n body is well-formed XML" xmllint --noout "$tmp/body.xml"
  cookie=$(printf '%s' "$response" | cookie_of)
done
check "Set-Cookie carries the attributes" contains "$response" "; Path=/; Max-Age=14400; HttpOnly; SameSite=Lax"$'\r'
secure=$(cgi_post "$(sms_form 9)" "" HTTPS=on)
check "HTTPS=on adds Secure" contains "$secure" "; HttpOnly; SameSite=Lax; Secure"$'\r'

get=$(env -i SMS_SESSION_SECRET="$SMS_SESSION_SECRET" REQUEST_METHOD=GET QUERY_STRING="$(sms_form 1)" "$bin" 2>/dev/null)
check "GET with the form in QUERY_STRING works" equals "$(printf '%s' "$get" | message_text)" "$(seed_reply 1)"

tampered=$(tamper "$cookie")
fresh=$(cgi_post "$(sms_form 4)" "$tampered")
check "a tampered cookie starts afresh" equals "$(printf '%s' "$fresh" | message_text)" "$(seed_reply 1)"
check "the tampered cookie is logged as bad-mac" contains "$(tail -1 "$tmp/stderr")" "session=rejected:bad-mac"

put=$(env -i SMS_SESSION_SECRET="$SMS_SESSION_SECRET" REQUEST_METHOD=PUT "$bin" 2>/dev/null)
check "PUT is 405 with Allow" contains "$put" $'Status: 405 Method Not Allowed\r\nContent-Type: text/plain; charset=utf-8'
check "405 names the allowed methods" contains "$put" $'Allow: GET, POST\r\n'
check "errors set no cookie" test -z "$(printf '%s' "$put" | cookie_of)"
big=$(head -c 70000 /dev/zero | tr '\0' a)
check "a body over 64 KiB is 413" contains "$(cgi_post "$big")" "Status: 413"
check "text/plain POST is 415" contains "$(printf 'x' | env -i SMS_SESSION_SECRET="$SMS_SESSION_SECRET" REQUEST_METHOD=POST CONTENT_TYPE=text/plain CONTENT_LENGTH=1 "$bin" 2>/dev/null)" "Status: 415"
check "POST without CONTENT_LENGTH is 411" contains "$(env -i SMS_SESSION_SECRET="$SMS_SESSION_SECRET" REQUEST_METHOD=POST CONTENT_TYPE=application/x-www-form-urlencoded "$bin" </dev/null 2>/dev/null)" "Status: 411"
short=$(printf 'From=x' | env -i SMS_SESSION_SECRET="$SMS_SESSION_SECRET" REQUEST_METHOD=POST CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=60 "$bin" 2>/dev/null)
check "a body shorter than announced is 400" contains "$short" "Status: 400"
check "a malformed %-escape is 400" contains "$(cgi_post 'From=%2' "")" "Status: 400"
check "no From is 400" contains "$(cgi_post 'Body=hi' "")" "missing From parameter"

"$bin" --version > "$tmp/version"; check "--version exits 0" test $? -eq 0
check "--version names the program" contains "$(cat "$tmp/version")" "sms_fcgi"
"$bin" --help > "$tmp/help"; check "--help exits 0" test $? -eq 0
check "--help lists the settings" contains "$(cat "$tmp/help")" "SMS_SESSION_SECRET"
env -i REQUEST_METHOD=GET "$bin" > /dev/null 2> "$tmp/err"; status=$?
check "no secret: exit status 2" equals "$status" 2
check "no secret: says so" contains "$(cat "$tmp/err")" "SMS_SESSION_SECRET is not set"
env -i SMS_SESSION_SECRET=short-secret-value REQUEST_METHOD=GET "$bin" > "$tmp/out" 2> "$tmp/err"; status=$?
check "a short secret: exit status 2" equals "$status" 2
check "the secret never appears in output" test -z "$(grep -l short-secret-value "$tmp/out" "$tmp/err")"
# Started by a web server (GATEWAY_INTERFACE), a configuration error still
# answers the request: 500, the reason naming the setting, the same logged.
cgi_env=(GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=POST CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=0)
env -i "${cgi_env[@]}" SMS_SESSION_SECRET_FILE="$tmp/no-such-file" "$bin" </dev/null >"$tmp/out" 2>"$tmp/err"; status=$?
check "as CGI, an unreadable secret file: exit status 2" equals "$status" 2
check "as CGI, an unreadable secret file: answered 500 text/plain" \
  contains "$(cat "$tmp/out")" $'Status: 500 Internal Server Error\r\nContent-Type: text/plain; charset=utf-8\r\n'
check "as CGI, the answer names the setting and why" \
  contains "$(tr -d '\r' <"$tmp/out" | sed '1,/^$/d')" "configuration error: SMS_SESSION_SECRET_FILE: cannot read '$tmp/no-such-file': No such file or directory"
check "as CGI, the same reason is logged" \
  contains "$(cat "$tmp/err")" "sms_fcgi: configuration error: SMS_SESSION_SECRET_FILE: cannot read"
env -i "${cgi_env[@]}" SMS_SESSION_SECRET=short-secret-value "$bin" </dev/null >"$tmp/out" 2>"$tmp/err"
check "as CGI, a short secret: answered 500 naming SMS_SESSION_SECRET" \
  contains "$(cat "$tmp/out")" "configuration error: SMS_SESSION_SECRET is 18 bytes; at least 32 are required"
check "as CGI, the short secret appears neither in the answer nor in the log" \
  test -z "$(grep -l short-secret-value "$tmp/out" "$tmp/err")"
env -i "${cgi_env[@]}" SMS_SESSION_SECRET="$SMS_SESSION_SECRET" SMS_MAX_BODY=lots "$bin" </dev/null >"$tmp/out" 2>/dev/null
check "as CGI, a bad limit: answered 500 naming it" contains "$(cat "$tmp/out")" "configuration error: SMS_MAX_BODY: must be a whole number"
env -i SMS_SESSION_SECRET_FILE="$tmp/no-such-file" REQUEST_METHOD=GET "$bin" </dev/null >"$tmp/out" 2>/dev/null
check "not started by a web server (no GATEWAY_INTERFACE): no CGI answer on stdout" equals "$(cat "$tmp/out")" ""
check "no log line contains the secret or a cookie" test -z "$(grep -e "$SMS_SESSION_SECRET" -e 'v2\.' "$tmp/stderr")"
check "the sender is masked in the log" contains "$(cat "$tmp/stderr")" "from=+1415***0100"
finish
