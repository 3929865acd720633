#!/usr/bin/env bash
# --listen-owner, --listen-group and --listen-mode (SMS_LISTEN_*), as
# php-fpm's listen.owner/.group/.mode: the unix socket sms_fcgi --listen
# creates gets them, nginx's workers (nobody when nginx runs as root) reach
# it through nginx.conf.example, other users are kept out by the mode, and
# every bad value stops the start with a clear error and exit status 2.
. "$(dirname "$0")/../harness/servers.bash"

secret=listen-socket-test-secret-0123456789abcdef0
[ "$(id -u)" -eq 0 ] || { echo "FAIL: needs root (it gives sockets to other users)"; exit 1; }

socket_of() { stat -c '%U:%G %a' "$1"; } # socket_of PATH: owner:group mode (octal)
# Whether USER may connect to a unix socket.
can_connect() { # can_connect USER PATH
  runuser -u "$1" -- python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).connect(sys.argv[1])' "$2" 2>/dev/null
}
cannot_connect() { ! can_connect "$@"; }
# Runs sms_fcgi with ARGS that must not start: exit status, then its stderr.
refused_start() { # refused_start ARGS...
  local status=0
  SMS_SESSION_SECRET=$secret timeout 5 "$bin" "$@" 2>"$work/refused.log" </dev/null || status=$?
  printf '%s %s' "$status" "$(cat "$work/refused.log")"
}

# 1. Owner, group and mode applied; nginx's workers (nobody:nogroup) reach it.
mkdir -p "$work/run"
chmod 755 "$work/run"
socket=$work/run/owned.sock
start_sms owned "$socket" SMS_SESSION_SECRET=$secret SMS_LISTEN_OWNER=nobody SMS_LISTEN_GROUP=nogroup SMS_LISTEN_MODE=0660
check "owner, group and mode are applied" equals "$(socket_of "$socket")" "nobody:nogroup 660"
check "the owner may connect" can_connect nobody "$socket"
check "a user outside owner and group may not (mode 0660)" cannot_connect daemon "$socket"
start_nginx "$socket"
converse "through nginx as nobody" "$work/owned.jar" "$url" 1 3
stop nginx
stop owned

# 2. The mode alone decides who else may connect; flags as well as variables.
socket=$work/run/private.sock
rm -f "$socket"
SMS_SESSION_SECRET=$secret "$bin" --listen "$socket" --listen-mode 0600 --threads 1 2>>"$work/private.log" &
pids[private]=$!
wait_until 5 test -S "$socket"
wait_until 5 serving "${pids[private]}"
check "--listen-mode 0600: root:root 600" equals "$(socket_of "$socket")" "root:root 600"
check "--listen-mode 0600: nobody may not connect" cannot_connect nobody "$socket"
stop private
start_sms open "$socket" SMS_SESSION_SECRET=$secret SMS_LISTEN_MODE=666
check "SMS_LISTEN_MODE=666: nobody may connect" can_connect nobody "$socket"
stop open

# 3. Without them the umask decides, as before.
(umask 077 && start_sms umask "$socket" SMS_SESSION_SECRET=$secret && socket_of "$socket" >"$work/umask-mode" && stop umask)
check "no --listen-mode: umask 077 gives 700" equals "$(cat "$work/umask-mode")" "root:root 700"

# 4. Bad values: exit status 2 and a message that names the setting.
check "an unknown user" equals "$(refused_start --listen "$work/run/x.sock" --listen-owner no-such-user-x)" \
  "2 sms_fcgi: --listen-owner: no such user 'no-such-user-x' (see --help)"
check "an unknown group" equals "$(SMS_LISTEN_GROUP=no-such-group-x refused_start --listen "$work/run/x.sock")" \
  "2 sms_fcgi: SMS_LISTEN_GROUP: no such group 'no-such-group-x' (see --help)"
check "a mode that is not octal" equals "$(refused_start --listen "$work/run/x.sock" --listen-mode 0680)" \
  "2 sms_fcgi: --listen-mode: must be an octal mode from 0 to 0777, such as 0660 (see --help)"
check "with a TCP address" contains "$(refused_start --listen 127.0.0.1:$(free_port) --listen-mode 0660)" \
  "2 sms_fcgi: SMS_LISTEN_OWNER, SMS_LISTEN_GROUP and SMS_LISTEN_MODE apply to a unix socket that --listen PATH creates, not to HOST:PORT 127.0.0.1:"
check "no socket was left behind by the refused starts" test ! -e "$work/run/x.sock"

# 5. A user who may not give the socket away: exit 1 (could not serve), why, no socket left.
mkdir -p "$work/nobody"
chown nobody "$work/nobody"
# A copy that nobody may run: the build may lie where only root can enter (/root).
install -m 755 "$bin" "$work/sms_fcgi"
status=0
runuser -u nobody -- env SMS_SESSION_SECRET=$secret timeout 5 "$work/sms_fcgi" --listen "$work/nobody/s.sock" \
  --listen-owner root 2>"$work/chown.log" </dev/null || status=$?
check "chown refused: exit status 1" equals "$status" 1
check "chown refused: says why" contains "$(cat "$work/chown.log")" \
  "cannot give --listen-owner/--listen-group to $work/nobody/s.sock: Operation not permitted"
check "chown refused: the socket is removed" test ! -e "$work/nobody/s.sock"

finish
