#!/usr/bin/env bash
# The Debian package on a fresh Debian 12 (debootstrap minbase from the
# machine's mirror): install it with apt, serve the seed conversation behind
# nginx with the packaged snippet, upgrade to UPGRADE.deb, purge, and check
# that nothing is left behind. Prints a transcript with timings. Run as root
# (`make deb-test` builds both packages first); not part of `make test`.
#   tests/package/fresh_chroot.sh PACKAGE.deb UPGRADE.deb
#
# There is no systemd in a chroot, so the service is started the way its
# units would start it: the socket unit's path, owner and mode (spawn-fcgi
# binds it and hands it over as fd 0), the service's user, ExecStart,
# EnvironmentFile and Environment, with LoadCredential's copy of the secret.
set -u
deb=$(realpath "${1:?usage: fresh_chroot.sh PACKAGE.deb UPGRADE.deb}")
upgrade_deb=$(realpath "${2:?usage: fresh_chroot.sh PACKAGE.deb UPGRADE.deb}")
[ "$(id -u)" -eq 0 ] || { echo "fresh_chroot.sh: run as root (debootstrap, chroot, mount)" >&2; exit 2; }
mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
mirror=${mirror:-http://deb.debian.org/debian}

work=$(mktemp -d /tmp/sms-fcgi-chroot.XXXXXX)
jail=$work/bookworm # the fresh Debian 12
log=$work/log
source "$(dirname "$0")/../harness/checks.sh"

# Processes the test starts inside the chroot write their pid files here.
stop_started() {
  local pidfile pid
  for pidfile in "$jail/tmp/nginx/nginx.pid" "$jail/tmp/sms_fcgi.pid"; do
    [ -s "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    kill -TERM "$pid" 2>/dev/null && wait_until 5 bash -c "! kill -0 $pid 2>/dev/null"
    rm -f "$pidfile"
  done
}
cleanup() {
  stop_started
  for m in dev/pts dev sys proc; do mountpoint -q "$jail/$m" && umount "$jail/$m"; done
  # Only once nothing is mounted below it may the chroot go (/dev is bound).
  if grep -q " $jail/" /proc/mounts; then
    echo "fresh_chroot.sh: $jail still has mounts; left in place"
  else
    rm -rf "$jail"
  fi
  if [ "$passed" -gt 0 ] && [ "$failed" -eq 0 ] && [ -d "$work" ] && [ ! -d "$jail" ]; then rm -rf "$work"; else echo "log: $log"; fi
}
trap cleanup EXIT

logged() { "$@" >>"$log" 2>&1; } # logged COMMAND...: its output goes to the log
inside() { # inside COMMAND: bash -c COMMAND in the chroot, bounded
  timeout 600 chroot "$jail" /usr/bin/env -i HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin bash -c "$1"
}
step() { echo "== $1"; SECONDS=0; }
took() { echo "   ($SECONDS s)"; }

# Every file and directory of the system, but for the kernel's and apt's
# own state, what is a tmpfs on a real system (/run, /tmp: the test's
# nginx, and the socket and credential copy that stand in for systemd's),
# and the backups shadow's tools keep of the account files they change
# (/etc/shadow-, /etc/gshadow-; accounts() compares the files themselves).
file_list() {
  (cd "$jail" && find . \( -path ./proc -o -path ./sys -o -path ./dev -o -path ./run -o -path ./tmp \
      -o -path ./var/lib/dpkg -o -path ./var/log -o -path ./var/cache/apt -o -path ./var/lib/apt \
      -o -path ./etc/shadow- -o -path ./etc/gshadow- \) -prune \
      -o -print | sort)
}
accounts() { cat "$jail"/etc/{passwd,group,shadow,gshadow}; }

step "debootstrap --variant=minbase bookworm $mirror"
timeout 900 debootstrap --variant=minbase bookworm "$jail" "$mirror" >>"$log" 2>&1 || { echo "debootstrap failed (log: $log)"; exit 1; }
took
mount -t proc proc "$jail/proc"; mount -t sysfs sys "$jail/sys"
mount --bind /dev "$jail/dev"; mount --bind /dev/pts "$jail/dev/pts"
# As in any chroot: packages must not start services (nginx's would).
printf '#!/bin/sh\nexit 101\n' >"$jail/usr/sbin/policy-rc.d" && chmod +x "$jail/usr/sbin/policy-rc.d"

mkdir -p "$jail/tmp/debs" && cp "$deb" "$upgrade_deb" "$jail/tmp/debs/"
deb_in=/tmp/debs/$(basename "$deb") upgrade_in=/tmp/debs/$(basename "$upgrade_deb")

step "apt-get update; what installing the package would pull from the mirror into bare minbase (apt-get --simulate)"
inside "apt-get update -q && apt-get install --simulate -q $deb_in" >"$work/simulate.out" 2>&1
cat "$work/simulate.out" >>"$log"
sed -n '/NEW packages will be installed/,/upgraded/p' "$work/simulate.out" | sed 's/^/   /'
took

step "test tools: nginx-light spawn-fcgi curl openssl (before the package, so not in the comparison)"
inside 'apt-get install -y -q --no-install-recommends nginx-light spawn-fcgi curl openssl ca-certificates' >>"$log" 2>&1 \
  || { echo "installing the test tools failed (log: $log)"; exit 1; }
took
file_list >"$work/files-before"
accounts >"$work/accounts-before"

step "apt-get install ./$(basename "$deb")"
inside "apt-get install -y -q $deb_in" >"$work/install.out" 2>&1; rc=$?
cat "$work/install.out" >>"$log"
sed -n '/NEW packages will be installed/,/upgraded/p' "$work/install.out" | sed 's/^/   /'
took
check "apt-get install succeeds" logged test "$rc" -eq 0
check "/usr/bin/sms_fcgi runs: $(inside 'sms_fcgi --version' 2>&1)" logged inside 'sms_fcgi --version'
check "links libcrypto from Debian's libssl3" logged inside 'ldd /usr/bin/sms_fcgi | grep -q "libcrypto.so.3 => /lib/x86_64-linux-gnu/" || ldd /usr/bin/sms_fcgi | grep -q "libcrypto.so.3 => /usr/lib/x86_64-linux-gnu/"'
check "links no shared libfcgi (built in)" logged inside '! ldd /usr/bin/sms_fcgi | grep -q libfcgi'
check "system user sms_fcgi: $(inside 'id sms_fcgi' 2>&1)" logged inside 'id -u sms_fcgi && [ "$(id -u sms_fcgi)" -lt 1000 ]'
check "session secret: 64 hex digits, mode 600, owned by sms_fcgi" logged inside \
  'f=/etc/sms_fcgi/session-secret; [ "$(stat -c "%a %U %G" $f)" = "600 sms_fcgi sms_fcgi" ] && grep -qxE "[0-9a-f]{64}" $f'
check "environment file is a conffile, mode 600" logged inside \
  'dpkg-query -W -f="\${Conffiles}" sms-fcgi | grep -q " /etc/sms_fcgi/environment " && [ "$(stat -c %a /etc/sms_fcgi/environment)" = 600 ]'
check "sms_fcgi.socket enabled, sms_fcgi.service not (socket activation)" logged inside \
  '[ -L /etc/systemd/system/sockets.target.wants/sms_fcgi.socket ] && [ ! -e /etc/systemd/system/multi-user.target.wants/sms_fcgi.service ]'
# No systemd runs here to act on them: what the maintainer scripts tell it.
scripts=/var/lib/dpkg/info/sms-fcgi
check "postinst writes the secret before it enables or starts the socket" logged inside \
  "awk '/mv \"\\\$secret.new\"/ && !secret { secret = NR } !/^[[:space:]]*#/ && /sms_fcgi.socket/ && !socket { socket = NR } END { exit !(secret && socket && secret < socket) }' $scripts.postinst"
check "an upgrade leaves the socket running and try-restarts the service" logged inside \
  "! grep -qs sms_fcgi.socket $scripts.preinst && ! grep -q 'restart.*sms_fcgi.socket' $scripts.postinst && grep -q \"try-restart 'sms_fcgi.service'\" $scripts.postinst"
check "man page installed" logged inside 'zcat /usr/share/man/man1/sms_fcgi.1.gz | grep -q "^.SH SETTINGS"'
check "nginx snippet and Apache examples installed" logged inside \
  'cd /usr/share/doc/sms-fcgi/examples && [ -f nginx/sms_fcgi.conf ] && [ -f apache/cgi/.htaccess ] && [ -f apache/fcgid/.htaccess ] && [ -x apache/fcgid/sms.fcgi ]'

# The last value of KEY in the unit and its drop-ins (a drop-in wins).
unit_values() { # unit_values KEY UNIT: every KEY= line's value, in order
  local unit=$jail/lib/systemd/system/$2
  cat "$unit" "$unit".d/*.conf 2>/dev/null | sed -n "s/^$1=//p"
}
unit_value() { unit_values "$1" "$2" | tail -1; }

# What systemd would do with sms_fcgi.socket and sms_fcgi.service.
start_service() {
  local socket user group exec condition credentials assignments=() line name path
  socket=$(unit_value ListenStream sms_fcgi.socket)
  user=$(unit_value User sms_fcgi.service) group=$(unit_value Group sms_fcgi.service)
  exec=$(unit_value ExecStart sms_fcgi.service)
  condition=$(unit_value ConditionPathExists sms_fcgi.service)
  [ -z "$condition" ] || [ -e "$jail$condition" ] || { echo "   condition $condition fails: not started"; return 1; }
  mkdir -p "$jail$(dirname "$socket")"
  credentials=/run/credentials/sms_fcgi.service
  mkdir -p "$jail$credentials"
  while IFS=: read -r name path; do
    [ -n "$name" ] || continue
    install -m 0400 "$jail$path" "$jail$credentials/$name"
    inside "chown $user $credentials/$name"
  done < <(unit_values LoadCredential sms_fcgi.service)
  while IFS= read -r line; do
    case $line in ''|'#'*|';'*) continue ;; esac
    assignments+=("$line")
  done < <(unit_values EnvironmentFile sms_fcgi.service | sed 's/^-//' | while read -r f; do cat "$jail$f" 2>/dev/null; done)
  while IFS= read -r line; do assignments+=("${line//%d/$credentials}"); done < <(unit_values Environment sms_fcgi.service)
  echo "   socket $socket ($(unit_value SocketUser sms_fcgi.socket):$(unit_value SocketGroup sms_fcgi.socket) $(unit_value SocketMode sms_fcgi.socket)), user $user, $exec"
  echo "   environment: ${assignments[*]}"
  # spawn-fcgi refuses -U root (it would give the socket to -u's user): the
  # owner is set afterwards, as systemd would have created it.
  inside "$(printf '%q ' env -i "${assignments[@]}" spawn-fcgi -s "$socket" \
    -M "$(unit_value SocketMode sms_fcgi.socket)" -G "$(unit_value SocketGroup sms_fcgi.socket)" \
    -u "$user" -g "$group" -P /tmp/sms_fcgi.pid -- $exec)" >>"$work/service.log" 2>&1 &&
    inside "chown $(unit_value SocketUser sms_fcgi.socket) $socket"
}

http_port=$(free_port) tls_port=$(free_port)

# The packaged snippet, as an admin would use it: server name, listen
# addresses and certificate edited, the rest as shipped.
start_nginx() {
  mkdir -p "$jail/tmp/nginx"
  inside 'cd /tmp/nginx && openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -keyout key.pem -out cert.pem' >>"$log" 2>&1
  sed -e "s|listen 443 ssl;|listen 127.0.0.1:$tls_port ssl;|" -e "s|listen 127.0.0.1:8080;|listen 127.0.0.1:$http_port;|" \
      -e "s|/etc/letsencrypt/live/sms.example.com/fullchain.pem|/tmp/nginx/cert.pem|" \
      -e "s|/etc/letsencrypt/live/sms.example.com/privkey.pem|/tmp/nginx/key.pem|" \
      "$jail/usr/share/doc/sms-fcgi/examples/nginx/sms_fcgi.conf" >"$jail/tmp/nginx/sms_fcgi.conf"
  cat >"$jail/tmp/nginx/nginx.conf" <<EOF
user www-data;
worker_processes 1;
pid /tmp/nginx/nginx.pid;
error_log /tmp/nginx/error.log;
events { worker_connections 64; }
http {
    access_log /tmp/nginx/access.log;
    client_body_temp_path /tmp/nginx/body;
    proxy_temp_path /tmp/nginx/proxy;
    fastcgi_temp_path /tmp/nginx/fastcgi;
    uwsgi_temp_path /tmp/nginx/uwsgi;
    scgi_temp_path /tmp/nginx/scgi;
    include /tmp/nginx/sms_fcgi.conf;
}
EOF
  inside 'nginx -c /tmp/nginx/nginx.conf' >>"$log" 2>&1
}

jar=$work/cookies
text() { # text N: message N of the conversation, as Twilio posts it; prints the reply
  curl -s -m 10 -b "$jar" -c "$jar" -D "$work/headers" --data-urlencode From=+14155550100 --data-urlencode To=+14155550199 \
    --data-urlencode "Body=m$1" --data-urlencode "MessageSid=SM$(printf '%032d' "$1")" \
    "http://127.0.0.1:$http_port/sms" | message_text
}
conversation_reply() { [ "$(text "$1")" = "$2" ]; }

step "serve: the unit's way, behind nginx with the packaged snippet (http://127.0.0.1:$http_port/sms)"
start_service
start_nginx
wait_until 5 curl -s -o /dev/null "http://127.0.0.1:$http_port/sms"
for n in 1 2 3; do
  want=$(seed_reply "$n")
  check "message $n: \"$want\"" logged conversation_reply "$n" "$want"
done
check "socket owned root:www-data, mode 660, as sms_fcgi.socket says" logged inside \
  '[ "$(stat -c "%U:%G %a" /run/sms_fcgi/sms_fcgi.sock)" = "root:www-data 660" ]'
check "served by user sms_fcgi" logged test "$(awk '/^Uid:/ { print $2 }' "/proc/$(cat "$jail/tmp/sms_fcgi.pid")/status")" = "$(inside 'id -u sms_fcgi')"
stop_started
took

step "upgrade: a locally edited environment file, then apt-get install ./$(basename "$upgrade_deb")"
sed -i 's/^#SMS_SESSION_MAX_IDLE=14400$/SMS_SESSION_MAX_IDLE=7200/' "$jail/etc/sms_fcgi/environment"
secret_before=$(sha256sum <"$jail/etc/sms_fcgi/session-secret") environment_before=$(sha256sum <"$jail/etc/sms_fcgi/environment")
inside "apt-get install -y -q $upgrade_in" </dev/null >"$work/upgrade.out" 2>&1; rc=$?
cat "$work/upgrade.out" >>"$log"
grep -E '^(Preparing|Unpacking|Setting up)' "$work/upgrade.out" | sed 's/^/   /'
took
check "apt-get install of the upgrade succeeds" logged test "$rc" -eq 0
check "installed version is now $(inside 'dpkg-query -W -f="\${Version}" sms-fcgi')" logged \
  test "$(inside 'dpkg-query -W -f="\${Version}" sms-fcgi')" = "$(dpkg-deb -f "$upgrade_deb" Version)"
check "session secret kept" logged test "$(sha256sum <"$jail/etc/sms_fcgi/session-secret")" = "$secret_before"
check "edited environment file kept (SMS_SESSION_MAX_IDLE=7200), no .dpkg-* copies" logged eval \
  '[ "$(sha256sum <"$jail/etc/sms_fcgi/environment")" = "$environment_before" ] && [ -z "$(ls "$jail"/etc/sms_fcgi/*.dpkg-* 2>/dev/null)" ]'
start_service
start_nginx
wait_until 5 curl -s -o /dev/null "http://127.0.0.1:$http_port/sms"
check "message 4 continues the conversation (the cookie from before the upgrade still verifies)" logged \
  conversation_reply 4 "Hello, thanks for message number 4"
check "the edited setting is in effect (Max-Age=7200)" logged grep -q 'Max-Age=7200' "$work/headers"
stop_started
took

step "purge: apt-get purge sms-fcgi, then apt-get autoremove --purge (what it pulled in)"
rm -rf "$jail/run/sms_fcgi" "$jail/run/credentials"
inside 'apt-get purge -y -q sms-fcgi && apt-get autoremove --purge -y -q' >"$work/purge.out" 2>&1; rc=$?
cat "$work/purge.out" >>"$log"
grep -E '^(Removing|Purging)' "$work/purge.out" | sed 's/^/   /'
took
check "purge and autoremove succeed" logged test "$rc" -eq 0
file_list >"$work/files-after"
accounts >"$work/accounts-after"
diff "$work/files-before" "$work/files-after" >"$work/files.diff"
check "no file or directory left or removed ($(grep -c '^[<>]' "$work/files.diff") differences)" logged test ! -s "$work/files.diff"
sed 's/^/   /' "$work/files.diff"
check "no user or group left (passwd, group, shadow, gshadow as before)" logged cmp -s "$work/accounts-before" "$work/accounts-after"

finish
