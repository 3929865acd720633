#!/usr/bin/env bash
# tier: deployment (the shipped files at work; tests/run skips it for the sanitizer build)
# The shipped nginx.conf.example pins the host of the URL the program checks
# Twilio's signature against: a request Twilio signed for another webhook of
# the same account (another host) is refused, even when sent with that
# host's Host header; requests signed for the configured name still pass,
# over http and https.
. "$(dirname "$0")/../harness/servers.bash"

secret=host-pinning-secret-0123456789abcdef012345678
token=host-pinning-auth-token-0123456789abcd
start_sms sms "$work/sms.sock" SMS_SESSION_SECRET=$secret TWILIO_AUTH_TOKEN=$token
start_nginx "$work/sms.sock"

form='From=%2B14155550100&Body=hello+there&MessageSid=SMpinned'
signed_text='Bodyhello thereFrom+14155550100MessageSidSMpinned'
signed_post() { # signed_post NAME URL-SIGNED URL-REQUESTED [CURL OPTION...]: the status
  local name=$1 signed=$2 target=$3
  shift 3
  fetch "$name" -H "X-Twilio-Signature: $(twilio_signature "$token" "$signed" "$signed_text")" \
    -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "$form" "$@" "$target"
}

port=${url#http://127.0.0.1:}
port=${port%%/*}
check "signed for http://other.example/sms, sent with Host: other.example: 403" \
  equals "$(signed_post other http://other.example/sms "$url" -H 'Host: other.example')" 403
check "  ...with no cookie" test -z "$(header other Set-Cookie)"
check "signed for http://other.example:$port/sms, sent with Host: other.example:$port: 403" \
  equals "$(signed_post other_port "http://other.example:$port/sms" "$url" -H "Host: other.example:$port")" 403
check "signed for the configured name ($url): 200" equals "$(signed_post ours "$url" "$url")" 200
check "  ...answered" equals "$(body ours | message_text)" "$(seed_reply 1)"
check "signed for the configured name over https ($tls_url): 200" equals "$(signed_post ours_tls "$tls_url" "$tls_url")" 200

finish
