# Sourced by nothing: readme_recipes.sh runs it as root in a private mount
# namespace (unshare -m), so that /etc, /run, /var/log and /usr/local can be
# overlays and the README's spawn-fcgi recipe can run as printed, as on a
# fresh machine, leaving the real system untouched. Prints its checks and
# "spawn-fcgi recipe: N passed, M failed".
#   readme_recipes_spawn.bash DIR TREE   (DIR: recipe.sh, postrotate.sh; TREE: the scratch tree)
ns=$1
tree=$2
. "$(dirname "${BASH_SOURCE[0]}")/../harness/servers.bash" "$tree/build/release/sms_fcgi"

for dir in /etc /run /var/log /usr/local; do
  # A shared mount would carry the overlays out of this namespace.
  if findmnt -no PROPAGATION --target "$dir" | grep -q shared; then
    echo "FAIL: $dir is on a shared mount: its overlay would not stay private"
    echo "spawn-fcgi recipe: $passed passed, 1 failed"; exit 1
  fi
  name=${dir//\//_}
  mkdir -p "$ns/upper$name" "$ns/work$name"
  mount -t overlay overlay -o "lowerdir=$dir,upperdir=$ns/upper$name,workdir=$ns/work$name" "$dir" ||
    { echo "FAIL: cannot put an overlay on $dir"; echo "spawn-fcgi recipe: $passed passed, 1 failed"; exit 1; }
done
check "a fresh machine: no user sms_fcgi yet" bash -c '! id sms_fcgi 2>/dev/null'

# "after make -j2 && make install"
(cd "$tree" && make -j2 >/dev/null 2>&1 && make install >"$ns/install.out" 2>&1)
check "make install" equals "$?" 0 || tail -5 "$ns/install.out"
installed=/usr/local/bin/sms_fcgi
check "the installed binary is stripped" bash -c "! readelf -S $installed | grep -q '\.symtab'"
docs=/usr/local/share/doc/sms_fcgi
links_resolve() { # every relative link and image of the installed README names an installed file
  local target missing=
  for target in $(grep -o '](\([^)#:]*\))' "$docs/README.md" | sed 's/^](\(.*\))$/\1/'); do
    [ -e "$docs/$target" ] || missing+=" $target"
  done
  [ -z "$missing" ] && return 0
  echo "    not installed:$missing"; return 1
}
check "the installed README's links name installed files (docs/bench.png)" links_resolve

# The recipe, as printed.
bash -e "$ns/recipe.sh" >"$ns/recipe.out" 2>&1
check "the spawn-fcgi recipe runs" equals "$?" 0
sed 's/^/    recipe: /' "$ns/recipe.out"
check "its check (sms_fcgi -t) says the configuration is OK" contains "$(cat "$ns/recipe.out")" "sms_fcgi: configuration OK"
check "spawn-fcgi started the program" contains "$(cat "$ns/recipe.out")" "child spawned successfully"
pid=$(cat /run/sms_fcgi/sms_fcgi.pid)
pids[sms]=$pid # stopped by the harness's EXIT trap whatever happens
check "it runs as the user sms_fcgi" equals "$(ps -o user= -p "$pid")" sms_fcgi
check "the socket is www-data's, mode 0660" equals "$(stat -c '%G %a' /run/sms_fcgi/sms_fcgi.sock)" "www-data 660"
check "it serves" wait_until 5 serving "$pid"

start_nginx /run/sms_fcgi/sms_fcgi.sock
converse "spawn-fcgi recipe" "$ns/jar" "$url" 1 2
log=/var/log/sms_fcgi/sms_fcgi.log
check "the log lines are in $log" equals "$(grep -c ' status=200 ' "$log")" 2

# logrotate's way: move the file, then its postrotate command.
mv "$log" "$log.1"
bash "$ns/postrotate.sh"
converse "after logrotate" "$ns/jar" "$url" 3 3
check "after logrotate the new file gets the next line" wait_until 5 grep -q ' status=200 ' "$log"
check "after logrotate the moved file kept its lines" equals "$(grep -c ' status=200 ' "$log.1")" 2

# "Stop it with kill -TERM $(cat /run/sms_fcgi/sms_fcgi.pid)"
stop_line=$(grep -o 'kill -TERM $(cat /run/sms_fcgi/sms_fcgi.pid)' "$root/README.md" | head -1)
bash -c "$stop_line"
gone() { ! kill -0 "$pid" 2>/dev/null; }
check "the README's stop line stops it" wait_until 5 gone
unset 'pids[sms]'
check "it logged its stop" contains "$(cat "$log")" "stopped on signal 15"

# A start that cannot work: the secret unreadable. spawn-fcgi alone says
# only the exit status; the recipe's check says why.
chmod 000 /etc/sms_fcgi/session-secret
settings=$(grep '^export ' "$ns/recipe.sh")
check_line=$(grep 'runuser' "$ns/recipe.sh")
spawn_line=$(sed -n '/^spawn-fcgi /,/[^\\]$/p' "$ns/recipe.sh")
bash -c "$settings; $check_line" >"$ns/check.out" 2>&1
check "the recipe's check fails with exit status 2" equals "$?" 2
check "the recipe's check says why on the terminal" \
  contains "$(cat "$ns/check.out")" "SMS_SESSION_SECRET_FILE: cannot read '/etc/sms_fcgi/session-secret': Permission denied"
bash -c "$settings; $spawn_line" >"$ns/spawn.out" 2>&1
check "spawn-fcgi alone says only the child's exit status" contains "$(cat "$ns/spawn.out")" "child exited with: 2"

echo "spawn-fcgi recipe: $passed passed, $failed failed"
