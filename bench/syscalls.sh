#!/usr/bin/env bash
# System calls per request (strace -f -c), or with PERF=1 the top symbols (perf record), of
# sms_fcgi and the bare libfcgi responder, through nginx with kept-alive upstream connections
# (fastcgi_keep_conn on) and with a new one per request (off), under wrk (50 connections,
# 127.0.0.1 only), as bench/README-notes.md quotes them. Not part of make bench.
#   bench/syscalls.sh SMS_FCGI FIXED_FCGI [SECONDS]      (MODES="ka nc", PROGS="fixed sms")
set -u
sms=$1 fixed=$2 secs=${3:-8}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/sms-syscalls.XXXXXX)
. "$here/servers.sh"
trap 'stop_servers; rm -rf "$work"' EXIT
nginx_keepalive=64

form=$(grep '^"' "$here/webhook_form.inc" | tr -d '"')
first=${form//0002&/0001&}
secret=bench-session-secret-0123456789abcdef
cgi_answer() { # cgi_answer FORM [COOKIE]: sms_fcgi's CGI response to FORM
  printf '%s' "$1" | env -i SMS_SESSION_SECRET=$secret SMS_LOG_REQUESTS=0 REQUEST_METHOD=POST \
    CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=${#1} HTTP_COOKIE="${2:-}" "$sms"
}
cookie=$(cgi_answer "$first" | cookie_of)
cgi_answer "$form" "$cookie" >"$work/response.cgi"

start_fastcgi fixed "$fixed" "$work/response.cgi" 2 "$work/fixed.sock"
fixed_pid=$last_pid
SMS_SESSION_SECRET=$secret start_fastcgi sms "$sms" --listen "$work/sms.sock" --threads 2
sms_pid=$last_pid

write_syscalls_nginx_conf() { # write_syscalls_nginx_conf PORT
  {
    nginx_conf_head "$work/nginx" 1
    cat <<CONF
$(upstream_block fixed "$work/fixed.sock")
$(upstream_block sms "$work/sms.sock")
    server {
        listen 127.0.0.1:$1;
        server_name 127.0.0.1;
$(fastcgi_location /fixed-ka fixed)
$(fastcgi_location /fixed-nc fixed new-connection)
$(fastcgi_location /sms-ka sms)
$(fastcgi_location /sms-nc sms new-connection)
    }
}
CONF
  } >"$work/nginx/nginx.conf"
}
mkdir -p "$work/nginx/logs" "$work/nginx/tmp"
on_free_port nginx write_syscalls_nginx_conf \
  nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/logs/error.log" -g 'daemon off;'

wrk_run() { # wrk_run PATH SECONDS
  BENCH_FORM="$form" BENCH_COOKIE="$cookie" wrk -t1 -c50 -d"$2"s -s "$here/wrk/webhook.lua" \
    "http://127.0.0.1:$port$1" 2>&1
}

for mode in ${MODES:-ka nc}; do
  for prog in ${PROGS:-fixed sms}; do
    pid=$fixed_pid; [ "$prog" = sms ] && pid=$sms_pid
    wrk_run "/$prog-$mode" 1 >/dev/null # warm-up
    : >"$work/sms.log"
    trace=$work/trace.$prog-$mode
    if [ -n "${PERF:-}" ]; then
      perf record -q -F 2000 -p "$pid" -o "$trace" -- sleep $((secs - 1)) >/dev/null 2>&1 &
    else
      strace -f -c -o "$trace" -p "$pid" &
    fi
    tracer=$!
    sleep 0.5
    out=$(wrk_run "/$prog-$mode" "$secs")
    sleep 0.3
    [ -n "${PERF:-}" ] || kill -INT "$tracer"
    wait "$tracer" 2>/dev/null
    if [ -n "${PERF:-}" ]; then
      echo "== $prog $mode"
      perf report -i "$trace" --stdio --no-children --sort dso,symbol 2>/dev/null | grep -v '^#' | grep -v '^$' | head -14
      continue
    fi
    n=$(sed -n 's/.*WRK requests=\([0-9]*\).*/\1/p' <<<"$out")
    echo "== $prog $mode requests=$n non2xx=$(grep -c Non-2xx <<<"$out") restored=$(grep -c session=restored "$work/sms.log")"
    awk -v n="$n" '
      NR > 2 && $NF != "total" && $4 ~ /^[0-9]+$/ {
        errors = ($5 ~ /^[0-9]+$/) ? $5 : 0
        printf "  %-14s %7.3f calls/req %s\n", $NF, $4 / n, (errors ? sprintf("(%d errors)", errors) : "")
      }
      $NF == "total" { printf "  %-14s %7.3f calls/req\n", "TOTAL", $4 / n }' "$trace"
  done
done
