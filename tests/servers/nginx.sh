#!/usr/bin/env bash
# sms_fcgi behind a real nginx configured by the shipped nginx.conf.example:
# the seed conversation with a cookie jar, the Set-Cookie attributes over
# http and https, a tampered cookie, the program's own 405/415/413 answers,
# the log line, and kept-alive upstream connections under concurrency.
. "$(dirname "$0")/../harness/servers.bash"

secret=nginx-test-secret-0123456789abcdef0123456789
start_sms sms "$work/sms.sock" SMS_SESSION_SECRET=$secret
start_nginx "$work/sms.sock"

# 1. The guide's conversation, as Twilio holds it: a cookie jar.
jar=$work/jar
converse "nginx" "$jar" "$url" 1 2
cp "$jar" "$work/jar-before-3"
converse "nginx" "$jar" "$url" 3 3
# Twilio repeats a message whose answer it did not get, with the cookie from
# before it; a repeat with the cookie that answer set was already answered.
check "nginx: a retry with the old cookie gets the same reply" \
  equals "$(say "$work/jar-before-3" "$url" 3)" "$(seed_twiml 3)"
cp "$jar" "$work/jar-after-3"
check "nginx: a duplicate with the new cookie gets an empty <Response/>" \
  equals "$(say "$jar" "$url" 3)" '<?xml version="1.0" encoding="UTF-8"?><Response/>'
check "nginx: ... and leaves the cookie as it was" equals "$(grep sms_session "$jar")" "$(grep sms_session "$work/jar-after-3")"
check "nginx: ... and counts nothing" equals "$(say "$jar" "$url" 4)" "$(seed_twiml 4)"
# Twilio keeps a cookie per From/To pair: another pair's cookie is not believed.
other_sender=$(printf '%s' "$(sms_form 5)" | sed 's/From=%2B14155550100/From=%2B14155550111/')
post_form otherpair "$url" "$other_sender" "$(grep sms_session "$jar" | awk '{ print $6 "=" $7 }')" >/dev/null
check "nginx: a cookie sent with another From starts afresh" equals "$(body otherpair)" "$(seed_twiml 1)"
check "nginx: ... logged as rejected:other-pair" contains "$(request_lines sms | tail -1)" "session=rejected:other-pair"

# 2. The cookie as specified; Secure only when nginx says the request came over TLS.
cookie_attributes='; Path=/; Max-Age=14400; HttpOnly; SameSite=Lax'
cookie_value='^sms_session=v2\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+'
check "http: 200" equals "$(post_form plain "$url" "$(sms_form 1)")" 200
check "http: Content-Type text/xml" equals "$(header plain Content-Type)" "text/xml"
check "http: Cache-Control no-store" equals "$(header plain Cache-Control)" "no-store"
check "http: exactly one Set-Cookie" equals "$(header plain Set-Cookie | wc -l)" 1
check "http: Set-Cookie attributes, no Secure" matches "$(header plain Set-Cookie)" "$cookie_value$cookie_attributes\$"
check "https: 200" equals "$(post_form tls "$tls_url" "$(sms_form 1)")" 200
check "https: Set-Cookie attributes with Secure (HTTPS=on reaches the program)" \
  matches "$(header tls Set-Cookie)" "$cookie_value$cookie_attributes; Secure\$"

# 3. The cookie from step 2 continues the conversation; one changed character starts afresh.
cookie=$(header plain Set-Cookie | cut -d';' -f1)
post_form valid "$url" "$(sms_form 2)" "$cookie" >/dev/null
check "the issued cookie continues the conversation" equals "$(body valid)" "$(seed_twiml 2)"
post_form tampered "$url" "$(sms_form 2)" "$(tamper "$cookie")" >/dev/null
check "a tampered cookie starts afresh" equals "$(body tampered)" "$(seed_twiml 1)"
check "a tampered cookie is logged as rejected" contains "$(request_lines sms | tail -1)" "session=rejected:"

# 4. Errors are answered by the program (text/plain, its words), not by nginx.
check "PUT: 405" equals "$(fetch put -X PUT "$url")" 405
check "PUT: the program's text" equals "$(body put)" "method not allowed: Twilio webhooks use POST or GET"
check "PUT: text/plain" equals "$(header put Content-Type)" "text/plain; charset=utf-8"
check "PUT: Allow header" equals "$(header put Allow)" "GET, POST"
check "text/plain body: 415" equals "$(fetch type -H 'Content-Type: text/plain' --data-binary "$(sms_form 1)" "$url")" 415
check "text/plain body: the program's text" equals "$(body type)" "Content-Type must be application/x-www-form-urlencoded"
big=$(head -c 70000 /dev/zero | tr '\0' a)
check "70000-byte body: 413" equals "$(post_form big "$url" "$big")" 413
check "70000-byte body: the program's text" equals "$(body big)" "request body too large"
# large_client_header_buffers (16k) lets Cookie headers over the program's
# limit (SMS_MAX_COOKIE_HEADER, 8192 bytes) reach it, so it answers them.
long_cookie=sms_session=$(head -c 9000 /dev/zero | tr '\0' c)
check "9 KiB Cookie header: 431 from the program" equals "$(post_form longcookie "$url" "$(sms_form 1)" "$long_cookie")" 431
check "9 KiB Cookie header: the program's text" equals "$(body longcookie)" "Cookie header too large"
long_cookie=sms_session=$(head -c 15000 /dev/zero | tr '\0' c)
check "15 KiB Cookie header: 431 from the program" equals "$(post_form longercookie "$url" "$(sms_form 1)" "$long_cookie")" 431
check "15 KiB Cookie header: the program's text" equals "$(body longercookie)" "Cookie header too large"
# client_max_body_size (80k) is only a backstop, far above anything Twilio sends.
huge=$(head -c 100000 /dev/zero | tr '\0' a)
check "100000-byte body: nginx's own 413 (client_max_body_size)" equals "$(post_form huge "$url" "$huge")" 413
check "100000-byte body: nginx's HTML page" contains "$(body huge)" "<html>"

# 5. One log line per request with the documented fields; never a secret,
#    a cookie or a message body.
log=$work/sms.log
check "log: the first message's line" matches "$(request_lines sms | head -1)" \
  '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z status=200 us=[0-9]+ session=new sid=SM0{31}1 from=\+1415\*\*\*0100$'
check "log: the second message's line" matches "$(request_lines sms | sed -n 2p)" \
  '^[0-9TZ:-]+ status=200 us=[0-9]+ session=restored sid=SM0{31}2 from=\+1415\*\*\*0100$'
check "log: the retry's line" matches "$(request_lines sms | sed -n 4p)" ' status=200 us=[0-9]+ session=restored sid=SM0{31}3 '
check "log: the duplicate's line" matches "$(request_lines sms | sed -n 5p)" ' status=200 us=[0-9]+ session=duplicate sid=SM0{31}3 '
check "log: an error's line" matches "$(grep ' status=405 ' "$log")" ' status=405 us=[0-9]+ error="method not allowed'
check "log: no secret" absent "$log" "$secret"
check "log: no cookie value" absent "$log" "${cookie#sms_session=}"
check "log: no cookie from the jar" absent "$log" "$(awk '$6 == "sms_session" { print $7 }' "$jar")"
check "log: no message body" absent "$log" "there"
check "log: no full phone number" absent "$log" "4155550100"

# 6. Concurrency over kept-alive upstream connections: two accept loops,
#    more simultaneous requests than loops, nothing may wait for a timeout.
concurrent_round() { # concurrent_round N: N requests at once; prints "STATUS SECONDS" for each
  local i curls=()
  for ((i = 0; i < $1; i++)); do
    curl -s -o /dev/null -m 5 -w '%{http_code} %{time_total}\n' -H 'Content-Type: application/x-www-form-urlencoded' \
      --data-binary "$(sms_form $i)" "$url" >"$work/round.$i" &
    curls+=($!)
  done
  wait "${curls[@]}"
  cat "$work"/round.*
  rm -f "$work"/round.*
}
for _ in 1 2 3 4; do concurrent_round 8; done >"$work/rounds"
statuses=$(cut -d' ' -f1 "$work/rounds" | sort | uniq -c | tr -s ' ')
check "32 concurrent requests over kept-alive connections: all 200" equals "$statuses" " 32 200"
# A request starved by a busy loop waits for a timeout (the request
# deadline, nginx's, curl's 5 s): each one's own time, not the rounds' sum,
# which a loaded machine stretches.
slowest=$(cut -d' ' -f2 "$work/rounds" | sort -n | tail -1)
check "... and none waited for a timeout (slowest ${slowest}s)" awk -v s="$slowest" 'BEGIN { exit !(s < 4) }'

# 7. A restart with the same secret continues the conversation; with
#    SMS_LOG_REQUESTS=0 only errors are logged.
check "SIGTERM: exit status 0" stop sms
start_sms quiet "$work/sms.sock" SMS_SESSION_SECRET=$secret SMS_LOG_REQUESTS=0
converse "after a restart" "$jar" "$url" 5 5
fetch put_quiet -X PUT "$url" >/dev/null
check "SMS_LOG_REQUESTS=0: no line for a 200" equals "$(grep -c ' status=200 ' "$work/quiet.log")" 0
check "SMS_LOG_REQUESTS=0: errors still logged" equals "$(grep -c ' status=405 ' "$work/quiet.log")" 1

finish
