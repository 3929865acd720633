#!/usr/bin/env bash
# Hostile and broken requests through real nginx (the shipped
# nginx.conf.example), run against every build including the sanitizer one:
# each limit exceeded, NUL bytes, invalid UTF-8, 10,000 parameters, a 1 MiB
# body, a 100 KiB Cookie header, slow and aborted uploads, forged signatures.
# Each gets its documented status; afterwards the same process still holds a
# normal conversation. Limits beyond nginx's own (80 KiB bodies, 8 KiB header
# lines, 5 s body timeout) are answered by nginx before the program sees them.
. "$(dirname "$0")/../harness/servers.bash"

secret=bad-input-test-secret-0123456789abcdef0123
token=bad-input-auth-token-0123456789ab
start_sms sms "$work/sms.sock" SMS_SESSION_SECRET=$secret
start_sms signed "$work/signed.sock" SMS_SESSION_SECRET=$secret TWILIO_AUTH_TOKEN=$token
NGINX_NAME=nginx-signed start_nginx "$work/signed.sock"
signed_url=$url
start_nginx "$work/sms.sock"

repeat() { # repeat TEXT COUNT
  local out=$1 n=1
  while [ $n -lt "$2" ]; do out=$out$out; n=$((n * 2)); done
  printf '%s' "${out:0:$(( ${#1} * $2 ))}"
}

xml_ok() { body "$1" | xmllint --noout - ; }

# Limits the program answers itself, with a text/plain reason.
check "a 70 KiB body: 413 from the program" equals "$(post_form big "$url" "From=x&Body=$(repeat a 71680)")" 413
check "  ...saying why" equals "$(body big)" "request body too large"
check "10,000 parameters: 413 from the program" equals "$(post_form many "$url" "$(repeat 'a=1&' 10000)From=x")" 413
check "  ...saying why" equals "$(body many)" "too many form parameters"
check "a 20 KiB parameter: 413" equals "$(post_form long "$url" "From=x&Body=$(repeat b 20480)")" 413
check "  ...saying why" equals "$(body long)" "form parameter too long"
check "a malformed %-escape: 400" equals "$(post_form escape "$url" 'From=%2B1&Body=%zz')" 400
check "100 cookies: 431 from the program" equals \
  "$(post_form cookies "$url" "$(sms_form 1)" "$(for i in $(seq 1 100); do printf 'c%d=v; ' "$i"; done)")" 431
check "  ...saying why" equals "$(body cookies)" "too many cookies"
check "a GET without From: 400" equals "$(fetch noform "$url?Body=hi")" 400

# Bytes the TwiML cannot carry: dropped or replaced, the reply still well-formed.
check "an encoded NUL in Body: 200" equals "$(post_form nul "$url" 'From=%2B14155550100&Body=a%00b&MessageSid=SMnul')" 200
check "  ...well-formed TwiML" xml_ok nul
check "a raw NUL byte in the body: 200" equals \
  "$(printf 'From=%%2B14155550100&Body=a\0b&MessageSid=SMraw' | curl -s -o "$work/raw.body" -w '%{http_code}' \
     -H 'Content-Type: application/x-www-form-urlencoded' --data-binary @- "$url")" 200
check "  ...well-formed TwiML" xml_ok raw
check "invalid UTF-8 in Body: 200" equals "$(post_form utf8 "$url" 'From=%2B14155550100&Body=%FF%FE%C0%80%ED%A0%80&MessageSid=SMu')" 200
check "  ...well-formed TwiML" xml_ok utf8
check "invalid UTF-8 in From: 200" equals "$(post_form from8 "$url" 'From=%FF%00%0A&MessageSid=SMf')" 200
check "  ...the log line stays one line" equals "$(grep -c 'sid=SMf' "$work/sms.log")" 1

# Limits nginx enforces in front of the program (documented in nginx.conf.example).
printf 'From=x&Body=%s' "$(repeat c 1048576)" > "$work/huge.form"
check "a 1 MiB body: 413 from nginx" equals \
  "$(fetch huge -H 'Content-Type: application/x-www-form-urlencoded' --data-binary @"$work/huge.form" "$url")" 413
check "a 100 KiB Cookie header: 400 from nginx" equals "$(post_form bigcookie "$url" "$(sms_form 1)" "sms_session=$(repeat d 102400)")" 400
port=${url#http://127.0.0.1:}; port=${port%%/*}
slow_upload() { # headers and 10 of 100 body bytes, then silence: nginx gives up after 5 s
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf 'POST /sms HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nFrom=%%2B1&' >&3
  timeout 12 cat <&3 > "$work/slow.out"
  local rc=$?
  exec 3<&-
  return $rc
}
# nginx logs the timeout as 408 and closes the connection without an answer.
check "a stalled upload: nginx closes it after its body timeout" slow_upload
check "  ...and logs it as 408" matches "$(tail -1 "$work/nginx/logs/access.log")" '" 408 '
aborted_upload() { # half a body, then the client hangs up
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf 'POST /sms HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nFrom=' >&3
  exec 3<&-
}
for i in $(seq 1 20); do aborted_upload; done

# Forged requests, when a token is set (through nginx, URL rebuilt from Host
# and REQUEST_URI): a signed request passes, one changed body byte does not.
good=$(twilio_signature "$token" "$signed_url" 'Bodyhello thereFrom+14155550100MessageSidSMsigned')
signed_form='From=%2B14155550100&Body=hello+there&MessageSid=SMsigned'
check "a signed request: 200" equals "$(fetch signed -H "X-Twilio-Signature: $good" \
  -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "$signed_form" "$signed_url")" 200
check "  ...answered" equals "$(body signed | message_text)" "$(seed_reply 1)"
check "the same with one body byte changed: 403" equals "$(fetch forged -H "X-Twilio-Signature: $good" \
  -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "${signed_form/there/thera}" "$signed_url")" 403
check "  ...with no cookie" test -z "$(header forged Set-Cookie)"
check "no signature: 400" equals "$(post_form unsigned "$signed_url" "$signed_form")" 400

# After all that, the same process holds a normal conversation.
check "the program is still serving" serving "${pids[sms]}"
converse "after bad input" "$work/jar" "$url" 1 3
check "the signed instance is still serving" serving "${pids[signed]}"
check "no sanitizer report in the logs" test -z "$(grep -l -e 'ERROR: AddressSanitizer' -e 'runtime error:' "$work/sms.log" "$work/signed.log")"
stop sms TERM
check "SIGTERM: exit 0" equals "$?" 0
finish
