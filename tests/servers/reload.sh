#!/usr/bin/env bash
# SIGHUP reloads: a new generation reads the settings and the secret file
# again and takes over the listening socket while the old one finishes its
# requests in flight. Through the shipped nginx.conf.example:
#   - the pid stays, the socket stays (same inode), conversations go on;
#   - a new secret in SMS_SESSION_SECRET_FILE takes effect (cookies it signs
#     verify with it alone; older cookies start afresh);
#   - a reload whose settings are bad, or whose start hangs, keeps the old generation serving and
#     logs why, and so does one whose secret came from the environment;
#   - on fd 0 (spawn-fcgi) as with --listen;
#   - under load (senders texting as Twilio does, one retry) while reloading
#     every 0.75 to 1.5 s: no answer refused or failed, not even once before a
#     retry, and no wrong count. Prints the figures.
#   RELOAD_SECONDS (default 8 per socket shape) and RELOAD_SENDERS (60) size the load.
. "$(dirname "$0")/../harness/servers.bash"

seconds=${RELOAD_SECONDS:-8}
senders=${RELOAD_SENDERS:-60}
secret_a=reload-test-secret-a-0123456789abcdef0123456789
secret_b=reload-test-secret-b-fedcba9876543210fedcba9876
secret_file=$work/secret
printf '%s\n' "$secret_a" >"$secret_file"

log_count() { grep -c -- "$2" "$work/$1.log"; } # log_count NAME TEXT: lines of NAME's log with TEXT
# Sends SIGHUP to NAME and waits for the outcome the log reports: "serves"
# (a new generation took over) or "failed" (the old one goes on).
reload() { # reload NAME serves|failed|refused
  local text before
  case $2 in
    serves) text="SIGHUP: the new generation (pid" ;;
    failed) text="SIGHUP: reload failed:" ;;
    refused) text="SIGHUP: cannot reload:" ;;
  esac
  before=$(log_count "$1" "$text")
  kill -HUP "${pids[$1]}"
  wait_until 15 logged_more "$1" "$text" "$before"
}
logged_more() { [ "$(log_count "$1" "$2")" -gt "$3" ]; } # logged_more NAME TEXT COUNT
generations() { ps --no-headers -o pid --ppid "$1" | wc -l; } # generations PID: its children
one_generation() { [ "$(generations "$1")" -eq 1 ]; }      # one_generation PID
# The reply to message N of the seed conversation from a cookie, through a
# plain CGI run of the binary that knows SECRET alone.
cgi_reply_with() { # cgi_reply_with SECRET COOKIE N
  local form
  form=$(sms_form "$3")
  printf '%s' "$form" | env -i SMS_SESSION_SECRET="$1" REQUEST_METHOD=POST CONTENT_TYPE=application/x-www-form-urlencoded \
    CONTENT_LENGTH=${#form} HTTP_COOKIE="$2" "$bin" 2>/dev/null | message_text
}
jar_cookie() { awk '$6 == "sms_session" { print $6 "=" $7 }' "$1"; } # the session cookie a curl jar holds

# 1. --listen: the reload keeps the pid, the socket and the conversation.
socket=$work/sms.sock
start_sms sms "$socket" SMS_SESSION_SECRET_FILE="$secret_file"
first=${pids[sms]}
start_nginx "$socket"
inode=$(stat -c %i "$socket")
jar=$work/one.jar
converse "before any reload" "$jar" "$url" 1 2
check "SIGHUP: a new generation serves" reload sms serves
check "the first process stays, as the parent of one generation" equals "$(generations "$first")" 1
check "it says it handed over once its requests were finished" \
  contains "$(cat "$work/sms.log")" "sms_fcgi: handed over to the new generation (pid"
check "the socket is the same one (inode)" equals "$(stat -c %i "$socket")" "$inode"
converse "after a reload, same secret" "$jar" "$url" 3 4
check "a second SIGHUP: the next generation serves" reload sms serves
check "the replaced generation has exited" wait_until 10 one_generation "$first"
converse "after the second reload" "$jar" "$url" 5 5

# 2. A new secret in the file takes effect.
printf '%s\n' "$secret_b" >"$secret_file"
check "SIGHUP with a new secret file: serves" reload sms serves
check "a cookie signed with the old secret starts afresh" equals "$(say "$jar" "$url" 6 | message_text)" "$(seed_reply 1)"
check "and the log says why" contains "$(tail -5 "$work/sms.log")" "session=rejected:bad-mac"
check "the new cookie verifies with the new secret alone" equals "$(cgi_reply_with "$secret_b" "$(jar_cookie "$jar")" 7)" "$(seed_reply 2)"
check "and not with the old one" equals "$(cgi_reply_with "$secret_a" "$(jar_cookie "$jar")" 7)" "$(seed_reply 1)"

# 3. Bad new settings: the old generation keeps serving, and the log says why.
serving_pid=$(ps --no-headers -o pid --ppid "$first" | tr -d ' ')
: >"$secret_file"
check "SIGHUP with an empty secret file: the reload fails" reload sms failed
check "the new generation's reason is logged" contains "$(cat "$work/sms.log")" "sms_fcgi: SMS_SESSION_SECRET_FILE: '$secret_file' is empty"
check "the failure is logged with its exit status" \
  contains "$(cat "$work/sms.log")" "exited with status 2; the running generation keeps serving"
check "the same generation still serves" equals "$(ps --no-headers -o pid --ppid "$first" | tr -d ' ')" "$serving_pid"
converse "after the failed reload (the new secret still)" "$jar" "$url" 2 3
printf 'short\n' >"$secret_file"
check "SIGHUP with a short secret: the reload fails" reload sms failed
# A secret "file" that never yields (a FIFO nobody writes): the new
# generation hangs reading it, and is given up after 10 s.
rm -f "$secret_file"
mkfifo "$secret_file"
check "SIGHUP with a secret file that blocks: the reload fails" reload sms failed
check "the late generation is killed, and that is logged" contains "$(cat "$work/sms.log")" \
  "was not serving within 10000 ms, and was killed; the running generation keeps serving"
check "the late generation is gone" equals "$(ps --no-headers -o pid --ppid "$first" | tr -d ' ')" "$serving_pid"
converse "after the late reload" "$jar" "$url" 4 4
rm -f "$secret_file"
printf '%s\n' "$secret_b" >"$secret_file"
check "SIGHUP once the file is fixed: serves" reload sms serves
converse "after the fixed reload" "$jar" "$url" 5 5

# 4. Secrets from the environment cannot be read again: the reload refuses.
start_sms env_secret "$work/env.sock" SMS_SESSION_SECRET="$secret_a"
check "SIGHUP with the secret in the environment: refused" reload env_secret refused
check "it names the variable and says what to do" contains "$(cat "$work/env_secret.log")" \
  "SIGHUP: cannot reload: SMS_SESSION_SECRET came from the environment"
check "and it still serves" kill -0 "${pids[env_secret]}"
check "no generation was started" equals "$(generations "${pids[env_secret]}")" 0
stop env_secret

# 4a. The auth token from TWILIO_AUTH_TOKEN_FILE: a reload reads it again.
token_file=$work/token
token_a=reload-auth-token-a-0123456789abcdef
token_b=reload-auth-token-b-fedcba9876543210
printf '%s\n' "$token_a" >"$token_file"
public_url=https://sms.example.com/sms
start_sms signed "$work/signed.sock" SMS_SESSION_SECRET_FILE="$secret_file" TWILIO_AUTH_TOKEN_FILE="$token_file" \
  SMS_PUBLIC_URL="$public_url"
plain_url=$url
NGINX_NAME=nginx_signed start_nginx "$work/signed.sock"
signed_url=$url url=$plain_url
signed_with() { # signed_with NAME TOKEN: a message signed with TOKEN; prints the status
  fetch "$1" -H "X-Twilio-Signature: $(twilio_signature "$2" "$public_url" "BodyhelloFrom+14155550100MessageSidSMreload1")" \
    -H 'Content-Type: application/x-www-form-urlencoded' \
    --data-binary 'From=%2B14155550100&Body=hello&MessageSid=SMreload1' "$signed_url"
}
check "token file: a request signed with its token is answered" equals "$(signed_with token_a1 "$token_a")" 200
printf '%s\n' "$token_b" >"$token_file"
check "SIGHUP with a new token in the file: serves" reload signed serves
check "after the reload the new token is the one checked" equals "$(signed_with token_b1 "$token_b")" 200
check "and the old one is refused" equals "$(signed_with token_a2 "$token_a")" 403
stop signed

# 4b. With --metrics-listen the old generation keeps the port: the reload
#     fails and the old one serves on (as the README says).
metrics_port=$(free_port)
start_sms metered "$work/metered.sock" SMS_SESSION_SECRET_FILE="$secret_file" SMS_METRICS_LISTEN=127.0.0.1:$metrics_port
check "with metrics: the reload fails" reload metered failed
check "with metrics: the old generation still serves /metrics" \
  contains "$(curl -s "http://127.0.0.1:$metrics_port/metrics")" "sms_fcgi_accept_threads 2"
check "with metrics: and still runs" kill -0 "${pids[metered]}"
stop metered

# 5. Under load, reloading every 0.75 to 1.5 s: nothing refused, nothing failed.
measure() { # measure LABEL NAME
  reload_under_load() { reload "$name" serves || { echo "FAIL: $name did not reload"; exit 1; }; }
  name=$2
  senders_under_restarts "$seconds" "$senders" reload_under_load
  echo "$1 figures: $figures reloads=$restarts"
  check "$1: reloaded $restarts times" test "$restarts" -ge $((seconds / 4 + 1)) # a SIGHUP every 0.75 to 1.5 s
  check "$1: the senders sent messages ($(figure messages))" test "$(figure messages)" -ge "$senders"
  local bad
  for bad in status_502 other_status no_answer retried failed_after_retry wrong_counts; do
    check "$1: $bad = 0 ($(figure "$bad"))" equals "$(figure "$bad")" 0
  done
}
measure "--listen under reloads" sms
check "every replaced generation has exited" wait_until 10 one_generation "$first"
stop nginx

# 6. fd 0, as spawn-fcgi (and systemd) give it.
socket=$work/spawned.sock
printf '%s\n' "$secret_a" >"$secret_file"
spawn_sms spawned "$socket" SMS_SESSION_SECRET_FILE="$secret_file"
start_nginx "$socket"
jar=$work/spawned.jar
converse "fd 0, before the reload" "$jar" "$url" 1 1
check "fd 0: SIGHUP: a new generation serves" reload spawned serves
converse "fd 0, after the reload" "$jar" "$url" 2 2
measure "fd 0 under reloads" spawned

check "every replaced generation exited 0" absent "$work/sms.log" "a replaced generation (pid"
check "every replaced generation exited 0 (fd 0)" absent "$work/spawned.log" "a replaced generation (pid"

# 7. SIGTERM to the first process stops every generation and exits 0.
check "SIGTERM to the first process: exit status 0" stop sms
check "no generation is left" test -z "$(pgrep -f -- "--listen $work/sms.sock")"
check "the log says every generation finished" \
  contains "$(tail -3 "$work/sms.log")" "stopped on signal 15, every generation finished its requests in flight"

finish
