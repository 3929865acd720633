#!/usr/bin/env bash
# tier: deployment (the shipped files at work; tests/run skips it for the sanitizer build)
# sms_fcgi under a real Apache with the shipped deploy/apache/ files, as a
# user without root installs them: plain CGI (mod_cgi) and mod_fcgid, each
# with its secret in a file that only the user the programs run as can read.
. "$(dirname "$0")/../harness/servers.bash"

start_apache cgi_module fcgid_module
error_log=$work/apache/error.log

for mode in cgi fcgid; do
  secret=apache-$mode-test-secret-0123456789abcdef0123
  install_for_apache "$mode" "$secret"
  jar=$work/jar-$mode
  converse "Apache $mode" "$jar" "$site_url" 1 3
  check "Apache $mode: a duplicate MessageSid (the new cookie) gets an empty reply" \
    equals "$(say "$jar" "$site_url" 3)" '<?xml version="1.0" encoding="UTF-8"?><Response/>'
  check "Apache $mode: 200" equals "$(post_form "$mode" "$site_url" "$(sms_form 1)")" 200
  check "Apache $mode: Set-Cookie attributes" matches "$(header "$mode" Set-Cookie)" \
    '^sms_session=v2\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+; Path=/; Max-Age=14400; HttpOnly; SameSite=Lax$'
  cookie=$(header "$mode" Set-Cookie | cut -d';' -f1)
  post_form "$mode-tampered" "$site_url" "$(sms_form 2)" "$(tamper "$cookie")" >/dev/null
  check "Apache $mode: a tampered cookie starts afresh" equals "$(body "$mode-tampered")" "$(seed_twiml 1)"
  check "Apache $mode: PUT gets the program's 405" equals "$(fetch "$mode-put" -X PUT "$site_url") $(body "$mode-put")" \
    "405 method not allowed: Twilio webhooks use POST or GET"
  # The log line reaches Apache's error log, and nothing secret with it.
  check "Apache $mode: the log line is in Apache's error log" \
    matches "$(grep -c "status=200 us=[0-9]* session=restored sid=SM0*2 from=+1415\*\*\*0100" "$error_log")" '^[1-9]'
  check "Apache $mode: no secret in the error log" absent "$error_log" "$secret"
  check "Apache $mode: no cookie in the error log" absent "$error_log" "${cookie#sms_session=}"
done

# mod_fcgid keeps one process serving request after request (the secret was
# read once, from the file named by the wrapper).
check "mod_fcgid: one long-lived process served the conversation" \
  equals "$(grep -c 'mod_fcgid: server .*sms.fcgi([0-9]*) started' "$error_log")" 1
# Apache stops its FastCGI processes with SIGTERM; they must go cleanly.
stop apache
check "mod_fcgid: the process stopped cleanly with Apache" \
  contains "$(grep 'sms_fcgi: stopped' "$error_log")" "stopped on signal 15"

finish
