#!/usr/bin/env bash
# --log-file / SMS_LOG_FILE: the log lines go to a file, which SIGUSR1
# reopens after logrotate moved it. Under load through nginx, with the file
# moved away and SIGUSR1 sent every 0.2 s, every answered request has its
# line, whole, in exactly one of the files; a failed reopen keeps the old
# file and says so; plain CGI appends its line too.
. "$(dirname "$0")/../harness/servers.bash"

secret=log-file-test-secret-0123456789abcdef0123
log=$work/logs/sms_fcgi.log
mkdir -p "$work/logs"
start_sms sms "$work/sms.sock" SMS_SESSION_SECRET=$secret SMS_LOG_FILE="$log"
start_nginx "$work/sms.sock"
converse "with SMS_LOG_FILE" "$work/jar" "$url" 1 2
check "the request lines go to the log file" equals "$(grep -c ' status=200 ' "$log")" 2
check "and not to stderr" equals "$(grep -c ' status=' "$work/sms.log")" 0
check "the log file is created 0640" equals "$(stat -c %a "$log")" 640

# logrotate's way: move the file, then SIGUSR1; meanwhile senders text on.
python3 "$here/twilio_senders.py" "$url" --seconds 6 --senders 8 >"$work/figures" &
load=$!
rotations=0
while kill -0 "$load" 2>/dev/null; do
  sleep 0.2
  rotations=$((rotations + 1))
  mv "$log" "$log.$rotations"
  kill -USR1 "${pids[sms]}"
done
wait "$load"
figures=$(cat "$work/figures")
echo "    load: $figures; $rotations rotations"
check "the process still runs after $rotations rotations" kill -0 "${pids[sms]}"
check "every answer was a 200" equals "$(figure answers)" "$(figure ok)"
cat "$log".* "$log" 2>/dev/null | grep -v '^sms_fcgi: ' >"$work/all-lines"
line_shape='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z status=200 us=[0-9]+ session=(new|restored) sid=SM[0-9a-f]+ from=\+[0-9]+\*\*\*[0-9]{4}$'
check "every line in the rotated files is whole" equals "$(grep -cvE "$line_shape" "$work/all-lines")" 0
# The two messages before the load, and one line per answer under it.
check "no line lost: one per answer ($(figure answers) + 2)" equals "$(wc -l <"$work/all-lines")" "$(($(figure answers) + 2))"
# Sender 0's first two MessageSids are those of messages 1 and 2 above
# (sms_form's); every other one is new.
check "no line twice" equals "$(sed 's/.* sid=\([^ ]*\) .*/\1/' "$work/all-lines" | sort | uniq -d)" \
  "$(printf 'SM%032d\nSM%032d' 1 2)"
check "lines landed in many of the files" test "$(grep -l ' status=' "$log".* | wc -l)" -ge $((rotations / 2))

# A reopen that fails (its directory is gone) keeps writing to the old file.
mv "$work/logs" "$work/logs-moved"
kill -USR1 "${pids[sms]}"
check "a failed reopen is logged in the old file" \
  wait_until 5 grep -q "cannot open the log file '$log'" "$work/logs-moved/sms_fcgi.log"
converse "after a failed reopen" "$work/jar" "$url" 3 3
check "after a failed reopen the old file gets the lines" \
  equals "$(grep -c ' status=200 ' "$work/logs-moved/sms_fcgi.log")" 1
mkdir -p "$work/logs"
kill -USR1 "${pids[sms]}"
converse "once the directory is back" "$work/jar" "$url" 4 4
check "once the directory is back, the next SIGUSR1 opens a new file" wait_until 5 grep -q ' status=200 ' "$log"

# Start-up: a file that cannot be opened stops the program, saying why on stderr.
"$bin" --dev --listen "$work/other.sock" --log-file "$work/no-such-dir/x.log" 2>"$work/start.err" </dev/null
check "an unopenable --log-file: exit status 1" equals "$?" 1
check "an unopenable --log-file: says why on stderr" \
  contains "$(cat "$work/start.err")" "cannot open the log file '$work/no-such-dir/x.log': No such file or directory"

# Plain CGI appends its line.
form=$(sms_form 1)
printf '%s' "$form" | env -i SMS_SESSION_SECRET=$secret REQUEST_METHOD=POST CONTENT_TYPE=application/x-www-form-urlencoded \
  CONTENT_LENGTH=${#form} "$bin" --log-file "$work/cgi.log" >/dev/null 2>"$work/cgi.err"
check "plain CGI with --log-file: the line is in the file" equals "$(grep -c ' status=200 ' "$work/cgi.log")" 1
check "plain CGI with --log-file: nothing on stderr" equals "$(cat "$work/cgi.err")" ""

finish
