#!/usr/bin/env bash
# tier: deployment (the shipped files at work; tests/run skips it for the sanitizer build)
# deploy/render-nginx-conf writes each SOCKET value as an upstream address
# nginx accepts: a unix socket path as unix:PATH, HOST:PORT and [IPv6]:PORT as
# they are. nginx -t accepts the rendered files, and a conversation goes
# through an instance on 127.0.0.1:PORT.
. "$(dirname "$0")/../harness/servers.bash"

secret=render-test-secret-0123456789abcdef0123456789
port=$(free_port)
make_certificate
settings=(SERVER_NAME=127.0.0.1 HTTP_LISTEN="127.0.0.1:$(free_port)" HTTPS_LISTEN="127.0.0.1:$(free_port)"
  TLS_CERT="$work/tls/cert.pem" TLS_KEY="$work/tls/key.pem")

upstream_servers() { # upstream_servers SOCKET...: the addresses of the rendered server lines
  "$root/deploy/render-nginx-conf" "${settings[@]}" SOCKET="$*" | sed -n 's/^ *server \([^ ]*\) .*/\1/p' | tr '\n' ' '
}
check "a path renders as unix:PATH" equals "$(upstream_servers /run/sms_fcgi/sms_fcgi.sock)" "unix:/run/sms_fcgi/sms_fcgi.sock "
check "unix:PATH stays as it is" equals "$(upstream_servers unix:/run/a.sock)" "unix:/run/a.sock "
check "HOST:PORT renders as HOST:PORT" equals "$(upstream_servers "127.0.0.1:$port")" "127.0.0.1:$port "
check "[::1]:PORT renders as [::1]:PORT" equals "$(upstream_servers "[::1]:$port")" "[::1]:$port "
check "a name and a port render as they are" equals "$(upstream_servers sms-backend.internal:9000)" "sms-backend.internal:9000 "
check "paths and addresses mixed: one line each" \
  equals "$(upstream_servers /run/a.sock 10.0.0.12:9000 "[fd00::12]:9000")" "unix:/run/a.sock 10.0.0.12:9000 [fd00::12]:9000 "

nginx_accepts() { # nginx_accepts DIR SOCKET...: renders a private nginx into DIR and runs nginx -t on it
  local dir=$work/$1
  shift
  "$root/deploy/render-nginx-conf" --prefix "$dir" "${settings[@]}" SOCKET="$*" &&
    nginx -t -q -p "$dir" -c "$dir/conf/nginx.conf" -e "$dir/logs/error.log" 2>"$dir/test.out" && return 0
  sed 's/^/    nginx -t: /' "$dir/test.out"
  return 1
}
check "nginx -t accepts SOCKET=127.0.0.1:PORT" nginx_accepts ipv4 "127.0.0.1:$port"
check "nginx -t accepts SOCKET=[::1]:PORT" nginx_accepts ipv6 "[::1]:$port"
check "nginx -t accepts a path and HOST:PORT together" nginx_accepts mixed "$work/sms.sock" "127.0.0.1:$port"

# HTTP only: no TLS value at all leaves out every ssl directive and says
# that Twilio needs https in front; some but not all of them is an error.
http_port=$(free_port)
"$root/deploy/render-nginx-conf" --prefix "$work/http-only" SERVER_NAME=127.0.0.1 HTTP_LISTEN="127.0.0.1:$http_port" \
  SOCKET="127.0.0.1:$port" >/dev/null
http_only_conf=$(sed 's/#.*//' "$work/http-only/conf/sms_fcgi.conf")
check "HTTP only: no ssl directive is left" equals "$(grep -c 'ssl' <<<"$http_only_conf")" 0
check "HTTP only: it listens on HTTP_LISTEN" contains "$http_only_conf" "listen 127.0.0.1:$http_port;"
check "HTTP only: a comment says Twilio needs https in front" \
  contains "$(head -3 "$work/http-only/conf/sms_fcgi.conf")" "Twilio needs an https URL"
check "HTTP only: nginx -t accepts it" \
  nginx -t -q -p "$work/http-only" -c "$work/http-only/conf/nginx.conf" -e "$work/http-only/logs/error.log"
partial=$("$root/deploy/render-nginx-conf" SERVER_NAME=x HTTP_LISTEN=127.0.0.1:8080 TLS_CERT=/c.pem SOCKET=/s.sock 2>&1)
check "some TLS values but not all: refused, naming the missing ones" \
  contains "$partial" "no value for @HTTPS_LISTEN@ @TLS_KEY@"

start_sms tcp "127.0.0.1:$port" SMS_SESSION_SECRET=$secret
start_nginx "127.0.0.1:$port"
converse "through SOCKET=127.0.0.1:$port" "$work/jar" "$url" 1 2
check "the instance on 127.0.0.1:$port answered them" equals "$(request_lines tcp | wc -l)" 2

nginx -p "$work/http-only" -c "$work/http-only/conf/nginx.conf" -e "$work/http-only/logs/error.log" -g 'daemon off;' &
pids[http-only]=$!
check "HTTP only: the rendered nginx comes up" wait_until 5 curl -s -o /dev/null "http://127.0.0.1:$http_port/"
converse "HTTP only" "$work/http-jar" "http://127.0.0.1:$http_port/sms" 1 2

finish
