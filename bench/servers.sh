# bench/run's servers: a private nginx (the ceiling and the FastCGI front),
# the FastCGI programs behind it, and a private Apache running CGI programs.
# Every path they write lies under $work; every server listens on 127.0.0.1
# or a unix socket there, and is stopped by stop_servers (bench/run's trap).
# Sourced by bench/run, which sets: work, bin, static_bin, fixed_fcgi, fixed_cgi, threads.

server_pids=()

stop_servers() {
  local pid
  for pid in "${server_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${server_pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  server_pids=()
}

# free_port, accepting, wait_until and the shipped fastcgi_params: the test harness's.
. "$here/../tests/harness/checks.sh"

wait_for() { # wait_for DESCRIPTION COMMAND...: up to 10 s
  local what=$1; shift
  wait_until 10 "$@" && return 0
  echo "bench: $what did not come up" >&2
  return 1
}

# listening PID PORT: waits up to 10 s for PORT to accept connections; false
# at once if PID exits first (another process took the port in between).
listening() {
  wait_until 10 up_or_gone "$1" "$2" && accepting "$2"
}
up_or_gone() { accepting "$2" || ! kill -0 "$1" 2>/dev/null; } # up_or_gone PID PORT

# on_free_port NAME WRITE-CONFIG COMMAND...: runs WRITE-CONFIG PORT, then
# COMMAND in the background, on a free port, and again on another if the
# server could not listen. Sets port and last_pid.
on_free_port() {
  local name=$1 write_config=$2
  shift 2
  for _ in 1 2 3; do
    port=$(free_port)
    "$write_config" "$port"
    "$@" &
    last_pid=$!
    if listening "$last_pid" "$port"; then
      server_pids+=("$last_pid")
      return 0
    fi
    kill -KILL "$last_pid" 2>/dev/null || true
  done
  echo "bench: $name did not come up" >&2
  return 1
}

# start_fastcgi NAME COMMAND...: a FastCGI program on $work/NAME.sock, its
# stderr in $work/NAME.log; sets last_pid.
start_fastcgi() {
  local name=$1; shift
  "$@" 2>>"$work/$name.log" &
  last_pid=$!
  server_pids+=("$last_pid")
  wait_for "$name" test -S "$work/$name.sock"
}

# The nginx.conf.example settings for one FastCGI upstream: kept-alive
# connections (unless a third argument says "new-connection": nginx then
# opens a connection per request and closes it, as deployments without
# fastcgi_keep_conn and mod_fcgid do), and the CGI variables sms_fcgi reads.
fastcgi_location() { # fastcgi_location PATH UPSTREAM [new-connection]
  local keep_conn="fastcgi_keep_conn on;"
  [ "${3:-}" = new-connection ] && keep_conn="fastcgi_keep_conn off;"
  echo "        location = $1 {"
  echo "            fastcgi_pass $2;"
  echo "            $keep_conn"
  echo "            fastcgi_next_upstream error timeout non_idempotent;"
  shipped_fastcgi_params | sed 's/^/            /'
  echo "        }"
}

upstream_block() { # upstream_block NAME SOCKET
  cat <<CONF
    upstream $1 {
        server unix:$2;
        keepalive $nginx_keepalive;
    }
CONF
}

# start_nginx SET_COOKIE BODY: /fixed answers itself (the ceiling), with the
# same headers and body as sms_fcgi's reply; /fixed-fcgi, /sms and
# /sms-secure pass to fixed_fcgi, sms_fcgi and the secure sms_fcgi (and
# /sms-metrics to sms_fcgi serving metrics, /sms-quiet to sms_fcgi --quiet, /sms-flow to sms_fcgi running flows/counter.json, /sms-signed to sms_fcgi checking
# signatures on URLs rebuilt from the request). Sets
# nginx_port and nginx_pid.
start_nginx() {
  nginx_set_cookie=$1 nginx_body=$2
  local dir=$work/nginx
  mkdir -p "$dir/logs" "$dir/tmp"
  on_free_port nginx write_nginx_conf \
    nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log" -g 'daemon off;'
  nginx_port=$port nginx_pid=$last_pid
}

# The opening of a private nginx.conf, up to inside its http block: every
# file it writes lies under DIR (its logs/ and tmp/ must exist).
nginx_conf_head() { # nginx_conf_head DIR WORKERS
  [ "$(id -u)" -ne 0 ] || echo "user root;"
  cat <<CONF
worker_processes $2;
pid $1/nginx.pid;
error_log $1/logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $1/tmp/client_body;
    proxy_temp_path $1/tmp/proxy;
    fastcgi_temp_path $1/tmp/fastcgi;
    uwsgi_temp_path $1/tmp/uwsgi;
    scgi_temp_path $1/tmp/scgi;
    keepalive_requests 1000000;
CONF
}

write_nginx_conf() { # write_nginx_conf PORT
  local dir=$work/nginx
  {
    nginx_conf_head "$dir" "$nginx_workers"
    cat <<CONF
$(upstream_block fixed_fcgi "$work/fixed-fcgi.sock")
$(upstream_block sms_fcgi "$work/sms.sock")
$(upstream_block sms_secure "$work/sms-secure.sock")
$(upstream_block sms_metrics "$work/sms-metrics.sock")
$(upstream_block sms_quiet "$work/sms-quiet.sock")
$(upstream_block sms_flow "$work/sms-flow.sock")
$(upstream_block sms_signed "$work/sms-signed.sock")
    server {
        listen 127.0.0.1:$1;
        server_name 127.0.0.1; # HTTP_HOST, as nginx.conf.example passes it
        location = /fixed {
            default_type text/xml;
            add_header Set-Cookie '$nginx_set_cookie';
            add_header Cache-Control no-store;
            return 200 '$nginx_body';
        }
$(fastcgi_location /fixed-fcgi fixed_fcgi)
$(fastcgi_location /sms sms_fcgi)
$(fastcgi_location /sms-secure sms_secure)
$(fastcgi_location /sms-metrics sms_metrics)
$(fastcgi_location /sms-quiet sms_quiet)
$(fastcgi_location /sms-flow sms_flow)
$(fastcgi_location /sms-signed sms_signed)
$(fastcgi_location /fixed-fcgi-new-connection fixed_fcgi new-connection)
$(fastcgi_location /sms-new-connection sms_fcgi new-connection)
    }
}
CONF
  } >"$dir/nginx.conf"
}

# start_apache SECRET: /fixed-cgi and /sms run as CGI programs. The prefork
# MPM with mod_cgi, the classic shared-hosting setup: each Apache child forks
# the CGI program and waits for it, so the program's CPU time adds up in the
# child's cutime. (Under mod_cgid, the CPU time of the CGI programs showed
# up in no process's cutime, so it could not be measured.) KeepAlive Off: on
# a kept-alive connection Apache sent CGI output chunked, the last chunk in a
# packet of its own that waited for wrk's delayed ACK, adding 20-40 ms to
# every request of both programs and hiding the difference between them.
# Sets apache_port and apache_pid.
start_apache() {
  apache_secret=$1
  mkdir -p "$work/apache/logs"
  # Its own session: on shutdown the prefork MPM signals its whole process group.
  on_free_port apache write_apache_conf setsid apache2 -f "$work/apache/apache2.conf" -DFOREGROUND
  apache_port=$port apache_pid=$last_pid
}

write_apache_conf() { # write_apache_conf PORT
  local dir=$work/apache modules=/usr/lib/apache2/modules
  cat >"$dir/apache2.conf" <<CONF
ServerRoot $dir
ServerName 127.0.0.1
Listen 127.0.0.1:$1
PidFile $dir/apache2.pid
ErrorLog $dir/logs/error.log
LogLevel warn
DefaultRuntimeDir $dir
Mutex file:$dir default
LoadModule mpm_prefork_module $modules/mod_mpm_prefork.so
LoadModule authz_core_module $modules/mod_authz_core.so
LoadModule alias_module $modules/mod_alias.so
LoadModule env_module $modules/mod_env.so
LoadModule cgi_module $modules/mod_cgi.so
StartServers $((cgi_connections + 2))
MinSpareServers $((cgi_connections + 2))
MaxRequestWorkers 256
MaxConnectionsPerChild 0
KeepAlive Off
SetEnv SMS_SESSION_SECRET $apache_secret
SetEnv BENCH_RESPONSE_FILE $work/response.cgi
ScriptAlias /fixed-cgi $fixed_cgi
ScriptAlias /sms-static $static_bin
ScriptAlias /sms-flow100 $bin
<Location /sms-flow100>
    SetEnv SMS_FLOW $flow100
</Location>
ScriptAlias /sms $bin
<Location />
    Require all granted
</Location>
CONF
}
