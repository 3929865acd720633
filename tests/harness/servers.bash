# Shared by tests/servers/*.sh: sms_fcgi behind real nginx and Apache, run
# from the very config files we ship (nginx.conf.example, deploy/apache/).
# Every server listens on 127.0.0.1 ports or unix sockets in a private
# directory and is stopped by the EXIT trap, whatever happens.
# A test sources this with the sms_fcgi binary as $1, calls `check`, and ends
# with `finish`.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/checks.sh"
here=$(cd "$(dirname "$0")" && pwd) # the suite's own directory, for its helper programs
bin=$(realpath "${1:-./sms_fcgi}")
[ -x "$bin" ] || { echo "FAIL: no sms_fcgi binary at $bin"; exit 1; }

# Under /tmp, not $TMPDIR: when the tests run as root, Apache's children run
# as nobody and must reach the document root and the sockets.
work=$(mktemp -d /tmp/sms-servers.XXXXXX)
chmod 755 "$work"

declare -A pids=() # server name -> pid, for every process a test started

stop_all() {
  local name
  for name in "${!pids[@]}"; do kill -TERM "${pids[$name]}" 2>/dev/null; done
  for name in "${!pids[@]}"; do stop_waiting "$name"; done
}
trap 'stop_all; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# Waits up to 5 s for a started process to end, then kills it; its exit status.
stop_waiting() { # stop_waiting NAME
  local pid=${pids[$1]} i rc=0
  { # bash reports "Killed" on stderr when it reaps a killed child
    for i in $(seq 1 50); do kill -0 "$pid" || break; sleep 0.1; done
    kill -KILL "$pid"
    wait "$pid" || rc=$?
  } 2>/dev/null
  unset "pids[$1]"
  return $rc
}

stop() { # stop NAME [SIGNAL]: signals a started process and returns its exit status
  kill "-${2:-TERM}" "${pids[$1]}" 2>/dev/null
  stop_waiting "$1"
}

# ---- sms_fcgi ----

# True once PID runs sms_fcgi's accept loops. Its socket exists before it
# blocks the stop signals, and a SIGTERM in between would kill it outright.
# The loops are threads started with SIGTERM blocked (the main thread's own
# mask does not show it while it waits in sigwait).
serving() { # serving PID
  local status blocked
  for status in /proc/"$1"/task/*/status; do
    blocked=$(sed -n 's/^SigBlk:[[:space:]]*//p' "$status" 2>/dev/null)
    [ -n "$blocked" ] && (((0x$blocked >> 14) & 1)) && return 0 # bit 14: SIGTERM (15)
  done
  return 1
}

# Starts sms_fcgi on a unix socket (a path) or HOST:PORT; its stderr (the
# log) goes to $work/NAME.log.
start_sms() { # start_sms NAME SOCKET [VARIABLE=VALUE...]
  local name=$1 socket=$2 path=
  shift 2
  [[ $socket == */* ]] && path=$socket && rm -f "$path"
  env "$@" "$bin" --listen "$socket" --threads 2 2>>"$work/$name.log" &
  pids[$name]=$!
  { [ -z "$path" ] || wait_until 5 test -S "$path"; } && wait_until 5 serving "${pids[$name]}" ||
    { echo "FAIL: $name did not start on $socket"; cat "$work/$name.log"; exit 1; }
}

# Starts sms_fcgi under spawn-fcgi as the README's Process management shows:
# spawn-fcgi opens the socket and passes it as fd 0 (-n: no fork, so the pid
# is sms_fcgi's own once spawn-fcgi has exec'd it).
spawn_sms() { # spawn_sms NAME SOCKET [VARIABLE=VALUE...]
  local name=$1 socket=$2
  shift 2
  rm -f "$socket"
  env "$@" spawn-fcgi -n -s "$socket" -M 0600 -- "$bin" --threads 2 2>>"$work/$name.log" &
  pids[$name]=$!
  wait_until 5 serving "${pids[$name]}" || { echo "FAIL: spawn-fcgi did not start sms_fcgi on $socket"; exit 1; }
}

# The per-request log lines of a started sms_fcgi.
request_lines() { grep ' status=' "$work/$1.log"; }

# ---- nginx, from nginx.conf.example ----

make_certificate() { # a throwaway self-signed certificate in $work/tls
  [ -f "$work/tls/cert.pem" ] && return
  mkdir -p "$work/tls"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=127.0.0.1 \
    -keyout "$work/tls/key.pem" -out "$work/tls/cert.pem" 2>/dev/null
}

# Renders nginx.conf.example with test ports and the given sockets as the
# upstream, and starts nginx in $work/$NGINX_NAME (default nginx, also its
# name for `stop`). Sets $url (http) and $tls_url (https).
start_nginx() { # start_nginx SOCKET...
  make_certificate
  local http_port https_port name=${NGINX_NAME:-nginx}
  local prefix=$work/$name
  http_port=$(free_port)
  https_port=$(free_port)
  "$root/deploy/render-nginx-conf" --prefix "$prefix" SERVER_NAME=127.0.0.1 \
    HTTP_LISTEN="127.0.0.1:$http_port" HTTPS_LISTEN="127.0.0.1:$https_port" \
    TLS_CERT="$work/tls/cert.pem" TLS_KEY="$work/tls/key.pem" SOCKET="$*" ||
    { echo "FAIL: nginx.conf.example does not render"; exit 1; }
  nginx -p "$prefix" -c "$prefix/conf/nginx.conf" -e "$prefix/logs/error.log" -g 'daemon off;' \
    2>>"$prefix/logs/error.log" &
  pids[$name]=$!
  url=http://127.0.0.1:$http_port/sms
  tls_url=https://127.0.0.1:$https_port/sms
  wait_until 5 curl -s -o /dev/null "http://127.0.0.1:$http_port/" ||
    { echo "FAIL: nginx did not start"; cat "$prefix/logs/error.log"; exit 1; }
}

# ---- Apache, with the .htaccess files from deploy/apache/ ----

# A private Apache (prefork) serving $work/apache/htdocs, where each
# directory's .htaccess may use what a shared host typically allows. Sets
# $apache_base (http://127.0.0.1:PORT).
start_apache() { # start_apache MODULE...  (e.g. cgi_module fcgid_module)
  local dir=$work/apache port module
  port=$(free_port)
  mkdir -p "$dir/htdocs" "$dir/run" "$dir/fcgid"
  {
    echo "ServerRoot $dir"
    echo "ServerName 127.0.0.1"
    echo "Listen 127.0.0.1:$port"
    echo "PidFile $dir/run/httpd.pid"
    echo "DefaultRuntimeDir $dir/run"
    echo "ErrorLog $dir/error.log"
    echo "LogLevel info"
    echo "LoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so"
    echo "StartServers 2"
    for module in authz_core_module mime_module env_module "$@"; do
      echo "LoadModule $module /usr/lib/apache2/modules/mod_${module%_module}.so"
    done
    echo "TypesConfig /dev/null"
    # As root, Apache hands requests to an unprivileged user; otherwise the
    # children stay the current user.
    if [ "$(id -u)" -eq 0 ]; then echo "User nobody"; echo "Group nogroup"; fi
    echo "DocumentRoot $dir/htdocs"
    echo "<Directory $dir/htdocs>"
    echo "    AllowOverride FileInfo Options=ExecCGI"
    echo "    Require all granted"
    echo "</Directory>"
    echo "<IfModule fcgid_module>"
    echo "    FcgidIPCDir $dir/fcgid"
    echo "    FcgidProcessTableFile $dir/fcgid/table"
    echo "</IfModule>"
  } >"$dir/httpd.conf"
  [ "$(id -u)" -ne 0 ] || chown nobody:nogroup "$dir/fcgid"
  # Its own process group: a stopping Apache signals its whole group.
  setsid apache2 -f "$dir/httpd.conf" -DFOREGROUND 2>>"$dir/error.log" &
  pids[apache]=$!
  apache_base=http://127.0.0.1:$port
  wait_until 5 curl -s -o /dev/null "$apache_base/" ||
    { echo "FAIL: Apache did not start"; cat "$dir/error.log"; exit 1; }
}

# Installs sms_fcgi the way deploy/apache/DIR/ tells a user to: its files
# with the placeholders filled in, the binary outside the web root (and for
# plain CGI also as sms.cgi inside it), the secret in a file outside the web
# root readable only by the user the programs run as. Sets $site_url.
install_for_apache() { # install_for_apache DIR SECRET
  local site=$work/apache/htdocs/$1 private=$work/apache/private-$1 owner file target
  mkdir -p "$site" "$private"
  cp "$bin" "$private/sms_fcgi"
  printf '%s\n' "$2" >"$private/secret"
  chmod 600 "$private/secret"
  owner=$(id -un)
  [ "$(id -u)" -ne 0 ] || owner=nobody
  chown "$owner" "$private/secret"
  for file in "$root/deploy/apache/$1"/.htaccess "$root/deploy/apache/$1"/*; do
    [ -f "$file" ] || continue
    target=$site/$(basename "$file")
    sed -e "s|@SECRET_FILE@|$private/secret|" -e "s|@SMS_FCGI@|$private/sms_fcgi|" "$file" >"$target"
    chmod --reference="$file" "$target"
  done
  if [ "$1" = cgi ]; then
    cp "$bin" "$site/sms.cgi"
    site_url=$apache_base/$1/sms.cgi
  else
    site_url=$apache_base/$1/sms.fcgi
  fi
}

# ---- the webhook through a server ----

# A TwiML reply of one <Message> per TEXT (already XML-escaped), byte for byte.
twiml_messages() { # twiml_messages TEXT...
  printf '<?xml version="1.0" encoding="UTF-8"?><Response>'
  printf '<Message>%s</Message>' "$@"
  printf '</Response>'
}

# Twilio's reply to message N of the seed conversation, byte for byte.
seed_twiml() { twiml_messages "$(seed_reply "$1")"; } # seed_twiml N

# A form sent with a curl cookie jar, as Twilio sends it; prints the
# response body.
say_form() { # say_form JAR URL FORM [CURL OPTION...]
  local jar=$1 target=$2 form=$3
  shift 3
  curl -s -k -b "$jar" -c "$jar" -H 'Content-Type: application/x-www-form-urlencoded' \
    --data-binary "$form" "$@" "$target"
}

# Message N of a conversation with a curl cookie jar; prints the response body.
say() { # say JAR URL N [CURL OPTION...]
  local jar=$1 target=$2 n=$3
  shift 3
  say_form "$jar" "$target" "$(sms_form "$n")" "$@"
}

# Messages FIRST..LAST of the seed conversation, each checked byte for byte.
converse() { # converse LABEL JAR URL FIRST LAST
  local n
  for ((n = $4; n <= $5; n++)); do
    check "$1: message $n gets the seed reply" equals "$(say "$2" "$3" "$n")" "$(seed_twiml "$n")"
  done
}

# One HTTP exchange, kept for inspection: $work/NAME.headers (without CRs)
# and $work/NAME.body; prints the status code.
fetch() { # fetch NAME CURL-ARGUMENT...
  local name=$1
  shift
  curl -s -k -D "$work/$name.raw" -o "$work/$name.body" -w '%{http_code}' "$@"
  tr -d '\r' <"$work/$name.raw" >"$work/$name.headers"
}

header() { # header NAME FIELD: the values of FIELD in the response fetched as NAME
  grep -i "^$2:" "$work/$1.headers" | sed 's/^[^:]*: //'
}

body() { cat "$work/$1.body"; } # body NAME

# POSTs a form as Twilio does, with an explicit Cookie header (or none).
post_form() { # post_form NAME URL FORM [COOKIE]
  fetch "$1" -H 'Content-Type: application/x-www-form-urlencoded' ${4:+-H "Cookie: $4"} --data-binary "$3" "$2"
}

# X-Twilio-Signature: base64 of HMAC-SHA1 keyed with the auth token over the
# URL and then each parameter's name and value, sorted by name.
twilio_signature() { # twilio_signature TOKEN URL SORTED-NAME-VALUE-TEXT
  printf '%s%s' "$2" "$3" | openssl dgst -sha1 -hmac "$1" -binary | base64
}

absent() { # absent FILE TEXT: TEXT appears nowhere in FILE
  grep -qF -- "$2" "$1" || return 0
  printf '    found %q in %s\n' "$2" "$1"; return 1
}

# ---- senders while instances restart ----

# Runs twilio_senders.py (SENDERS senders, each keeping its cookie and
# retrying a failed message once) against $url for SECONDS, and meanwhile
# calls RESTART SIGNAL every 0.75 to 1.5 s, the signals going TERM, TERM,
# KILL, KILL, ... Sets $figures (the driver's NAME=NUMBER line) and
# $restarts. The senders run flat out, so every restart meets requests in
# flight; the short pauses give the restarts in a few seconds of that load.
senders_under_restarts() { # senders_under_restarts SECONDS SENDERS RESTART
  local load pause signals=(TERM TERM KILL KILL)
  python3 "$root/tests/servers/twilio_senders.py" "$url" --seconds "$1" --senders "$2" >"$work/figures" &
  load=$!
  restarts=0
  while :; do
    pause=$((750 + RANDOM % 751))
    sleep "$((pause / 1000)).$(printf '%03d' $((pause % 1000)))"
    kill -0 "$load" 2>/dev/null || break
    "$3" "${signals[restarts % 4]}"
    restarts=$((restarts + 1))
  done
  wait "$load"
  figures=$(cat "$work/figures")
}

figure() { sed -n "s/.*\<$1=\([0-9]*\).*/\1/p" <<<"$figures"; } # figure NAME: one of $figures
