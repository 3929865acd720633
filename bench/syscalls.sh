#!/usr/bin/env bash
# System calls per request (strace -f -c), or with PERF=1 the top symbols (perf record), of
# sms_fcgi and the bare libfcgi responder, through nginx with kept-alive upstream connections
# (fastcgi_keep_conn on) and with a new one per request (off), under wrk (50 connections,
# 127.0.0.1 only), as bench/README-notes.md quotes them. Not part of make bench.
#   bench/syscalls.sh SMS_FCGI FIXED_FCGI [SECONDS]      (MODES="ka nc", PROGS="fixed sms")
set -u
sms=$1 fixed=$2 secs=${3:-8}
here=$(cd "$(dirname "$0")" && pwd)
w=$(mktemp -d /tmp/sms-syscalls.XXXXXX)
trap 'rm -rf "$w"' EXIT
form=$(grep '^"' $here/webhook_form.inc | tr -d '"')
first=${form//0002&/0001&}
secret=bench-session-secret-0123456789abcdef
cookie=$(printf '%s' "$first" | env -i SMS_SESSION_SECRET=$secret SMS_LOG_REQUESTS=0 REQUEST_METHOD=POST CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=${#first} "$sms" | tr -d '\r' | sed -n 's/^Set-Cookie: \([^;]*\);.*/\1/p')
printf '%s' "$form" | env -i SMS_SESSION_SECRET=$secret SMS_LOG_REQUESTS=0 REQUEST_METHOD=POST CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=${#form} HTTP_COOKIE="$cookie" "$sms" > $w/response.cgi
"$fixed" $w/response.cgi 2 $w/fixed.sock 2>/dev/null & fpid=$!
SMS_SESSION_SECRET=$secret "$sms" --listen $w/sms.sock --threads 2 2>$w/sms.log & spid=$!
port=$((30000 + RANDOM % 20000))
mkdir -p $w/logs $w/tmp
loc() { echo "location = $1 { fastcgi_pass $2; fastcgi_keep_conn $3; fastcgi_param REQUEST_METHOD \$request_method; fastcgi_param CONTENT_TYPE \$content_type; fastcgi_param CONTENT_LENGTH \$content_length; fastcgi_param QUERY_STRING \$query_string; fastcgi_param REQUEST_URI \$request_uri; fastcgi_param REQUEST_SCHEME \$scheme; fastcgi_param SERVER_PORT \$server_port; }"; }
{ [ "$(id -u)" -ne 0 ] || echo "user root;"; } > $w/nginx.conf
cat >> $w/nginx.conf <<CONF
worker_processes 1;
pid $w/nginx.pid;
error_log $w/logs/error.log warn;
events { worker_connections 4096; }
http { access_log off; client_body_temp_path $w/tmp/cb; fastcgi_temp_path $w/tmp/f; proxy_temp_path $w/tmp/p; uwsgi_temp_path $w/tmp/u; scgi_temp_path $w/tmp/s; keepalive_requests 1000000;
upstream fixed { server unix:$w/fixed.sock; keepalive 64; }
upstream sms { server unix:$w/sms.sock; keepalive 64; }
server { listen 127.0.0.1:$port;
$(loc /fixed-ka fixed on) $(loc /fixed-nc fixed off) $(loc /sms-ka sms on) $(loc /sms-nc sms off)
} }
CONF
nginx -p $w -c $w/nginx.conf -e $w/logs/error.log -g 'daemon off;' 2>>$w/logs/error.log & npid=$!
sleep 1
for mode in ${MODES:-ka nc}; do for prog in ${PROGS:-fixed sms}; do
  pid=$fpid; [ $prog = sms ] && pid=$spid
  BENCH_FORM="$form" BENCH_COOKIE="$cookie" wrk -t1 -c50 -d1s -s $here/wrk/webhook.lua http://127.0.0.1:$port/$prog-$mode >/dev/null 2>&1
  : > $w/sms.log
  if [ -n "${PERF:-}" ]; then perf record -q -F 2000 -p $pid -o $w/perf.$prog-$mode -- sleep $((secs - 1)) >/dev/null 2>&1 & tpid=$!; else strace -f -c -o $w/strace.$prog-$mode -p $pid & tpid=$!; fi
  sleep 0.5
  out=$(BENCH_FORM="$form" BENCH_COOKIE="$cookie" wrk -t1 -c50 -d${secs}s -s $here/wrk/webhook.lua http://127.0.0.1:$port/$prog-$mode 2>&1)
  sleep 0.3; [ -n "${PERF:-}" ] || kill -INT $tpid; wait $tpid 2>/dev/null; if [ -n "${PERF:-}" ]; then perf report -i $w/perf.$prog-$mode --stdio --no-children --sort dso,symbol 2>/dev/null | grep -v "^#" | grep -v "^$" | head -14; continue; fi
  n=$(echo "$out" | sed -n 's/.*WRK requests=\([0-9]*\).*/\1/p')
  nres=$(echo "$out" | grep -c "Non-2xx")
  echo "== $prog $mode requests=$n non2xx=$nres restored=$(grep -c session=restored $w/sms.log)"
  awk -v n=$n 'NR>2 && $NF!="total" && $4 ~ /^[0-9]+$/ { calls=$4; err=($5 ~ /^[0-9]+$/)?$5:0; printf "  %-14s %7.3f calls/req %s\n", $NF, calls/n, (err? sprintf("(%d errors)",err):"") } $NF=="total" { printf "  %-14s %7.3f calls/req\n", "TOTAL", $4/n }' $w/strace.$prog-$mode
done; done
kill $npid $fpid $spid; wait 2>/dev/null
