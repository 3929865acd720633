#!/usr/bin/env bash
# The binary in --test-config (-t) mode: every setting, the secret (files
# readable, lengths) and the conversation are checked as a start checks
# them; a good configuration prints a summary without any secret and exits
# 0, a bad one says why and exits 2; nothing is opened or served.
set -u
bin=$(realpath "${1:-./sms_fcgi}")
. "$(dirname "$0")/../harness/checks.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
secret=test-config-session-secret-0123456789abcdef
token=test-config-auth-token-fedcba9876543210

# Runs -t with the environment given plus ARGS: "STATUS" and stdout+stderr.
tested() { # tested [VARIABLE=VALUE...] -- [ARGS...]
  local vars=() status=0
  while [ "$1" != -- ]; do vars+=("$1"); shift; done
  shift
  env -i PATH="$PATH" "${vars[@]}" timeout 5 "$bin" "$@" </dev/null >"$tmp/out" 2>&1 || status=$?
  printf '%s\n%s' "$status" "$(cat "$tmp/out")"
}
passes() { # passes OUTPUT: exit 0 and the summary's first line
  [[ $1 == "0"$'\n'"sms_fcgi: configuration OK"$'\n'* ]] && return 0
  printf '    not a pass:\n%s\n' "$1"; return 1
}
fails_with() { # fails_with OUTPUT REASON: exit 2, the reason, then the verdict
  equals "$1" "2"$'\n'"sms_fcgi: $2"$'\n'"sms_fcgi: configuration test failed"
}

# 1. Good configurations: exit 0, a summary, no secret in it.
printf '%s\n' "$secret" >"$tmp/secret"
out=$(tested SMS_SESSION_SECRET_FILE="$tmp/secret" TWILIO_AUTH_TOKEN=$token -- -t --listen "$tmp/sms.sock" --listen-mode 0660)
check "secret file, token, socket: passes" passes "$out"
check "the summary says where the secret comes from, and its length" \
  contains "$out" "session secret: ${#secret} bytes, from SMS_SESSION_SECRET_FILE $tmp/secret, 0 previous secrets"
check "the summary describes the socket" contains "$out" "serving: FastCGI on unix socket $tmp/sms.sock (mode 0660)"
check "the summary says signatures are checked" contains "$out" "Twilio signatures: checked, 1 auth token"
check "no secret in the summary" test -z "$(grep -F -e "$secret" -e "$token" <<<"$out")"
check "-t opens no socket" test ! -e "$tmp/sms.sock"
out=$(tested SMS_SESSION_SECRET=$secret SMS_CONVERSATION=survey -- --test-config)
check "--test-config, secret in the environment, survey: passes" passes "$out"
check "the summary names the conversation" contains "$out" "conversation: survey"
check "--dev: passes, and says the secret is a throwaway" contains "$(tested -- -t --dev)" "session secret: a random throwaway"
check "-t answers no CGI request, even with a request's environment" \
  passes "$(tested SMS_SESSION_SECRET=$secret REQUEST_METHOD=POST CONTENT_LENGTH=0 -- -t)"

# 2. Bad configurations: exit 2 and the reason, which names the setting.
check "no secret" fails_with "$(tested -- -t)" "SMS_SESSION_SECRET is not set (use --dev for a throwaway secret)"
check "a short secret" fails_with "$(tested SMS_SESSION_SECRET=short -- -t)" \
  "SMS_SESSION_SECRET is 5 bytes; at least 32 are required"
check "a missing secret file" fails_with "$(tested SMS_SESSION_SECRET_FILE="$tmp/none" -- -t)" \
  "SMS_SESSION_SECRET_FILE: cannot read '$tmp/none': No such file or directory"
: >"$tmp/empty"
check "an empty secret file" fails_with "$(tested SMS_SESSION_SECRET_FILE="$tmp/empty" -- -t)" \
  "SMS_SESSION_SECRET_FILE: '$tmp/empty' is empty"
chmod 600 "$tmp/secret"
chmod 755 "$tmp"
# A copy that nobody may run: the build may lie where only root can enter (/root).
install -m 755 "$bin" "$tmp/sms_fcgi"
status=0
runuser -u nobody -- env -i PATH="$PATH" SMS_SESSION_SECRET_FILE="$tmp/secret" "$tmp/sms_fcgi" -t >"$tmp/out" 2>&1 || status=$?
check "a secret file the user may not read" fails_with "$status"$'\n'"$(cat "$tmp/out")" \
  "SMS_SESSION_SECRET_FILE: cannot read '$tmp/secret': Permission denied"
check "a short previous secret" fails_with "$(tested SMS_SESSION_SECRET=$secret SMS_SESSION_PREVIOUS_SECRETS="$secret old" -- -t)" \
  "SMS_SESSION_PREVIOUS_SECRETS entry 2 is 3 bytes; at least 32 are required"
check "an unknown conversation" fails_with "$(tested SMS_SESSION_SECRET=$secret -- -t --conversation chess)" \
  "--conversation: unknown conversation 'chess'"
check "a bad number" fails_with "$(tested SMS_SESSION_SECRET=$secret SMS_MAX_BODY=lots -- -t)" \
  "SMS_MAX_BODY: must be a whole number from 1 to 67108864"
check "a socket in a missing directory" fails_with "$(tested SMS_SESSION_SECRET=$secret -- -t --listen "$tmp/no/sms.sock")" \
  "--listen $tmp/no/sms.sock: directory $tmp/no: No such file or directory"
check "socket permissions with TCP" fails_with "$(tested SMS_SESSION_SECRET=$secret -- -t --listen 127.0.0.1:9000 --listen-mode 0600)" \
  "SMS_LISTEN_OWNER, SMS_LISTEN_GROUP and SMS_LISTEN_MODE apply to a unix socket that --listen PATH creates, not to HOST:PORT 127.0.0.1:9000"
check "an unknown option" fails_with "$(tested SMS_SESSION_SECRET=$secret -- -t --colour)" "unknown option '--colour'"

finish
