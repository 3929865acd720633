#!/usr/bin/env bash
# tier: deployment (the shipped files at work; tests/run skips it for the sanitizer build)
# README.md's recipes, run as the README prints them: each is read from the
# README itself (the fenced block after its `<!-- recipe: NAME -->` marker,
# or the steps of a numbered list), so an edited recipe is what is tested.
# The build recipes run in a scratch copy of the tree, seeded with the
# build's object files so that only what a recipe changes is compiled.
#   quick start        `make run` comes up and its printed conversation works
#   chat transcripts   each `$ command` gives the output printed under it
#   build trap         `make STATIC=1` then `make` leaves ./sms_fcgi with simulate
#   Apache CGI         the static binary installed as printed serves through Apache
#   walkthrough        its files added to the tree build without a warning,
#                      its chat transcript holds, its unit test commands pass
#   spawn-fcgi         on a "fresh machine" (root, a private mount namespace
#                      whose /etc, /run, /var/log and /usr/local are overlays):
#                      `make install`, then the recipe, then nginx in front
#   rotation           its four steps on two CGI "instances"
#   folder table       every top-level folder of the tree has its row
. "$(dirname "$0")/../harness/servers.bash"

readme=$root/README.md
section() { echo "== $1 (at ${SECONDS} s)"; } # the time each part starts: this suite builds

section "folder table"
for folder in "$root"/*/; do
  folder=$(basename "$folder")
  case $folder in build | node_modules) continue ;; esac
  check "README's folder table has a row for $folder/" grep -qF "| \`$folder/\` |" "$readme"
done

# The fenced block after <!-- recipe: NAME -->, without its fences.
recipe() { # recipe NAME
  awk -v marker="<!-- recipe: $1 -->" '
    $0 == marker { found = 1; next }
    found == 1 && /^```/ { found = 2; next }
    found == 2 && /^```/ { exit }
    found == 2 { print }' "$readme"
}

# A recipe that must exist: its text, or a FAIL and nothing.
recipe_text() { # recipe_text NAME: sets $text
  text=$(recipe "$1")
  check "README has the recipe '$1'" test -n "$text"
}

# Runs the `$ COMMAND` lines of a transcript recipe in DIR and compares what
# each prints (stdout and stderr) with the lines under it. Times of day vary
# from run to run and are compared as their shape.
transcript_holds() { # transcript_holds NAME DIR
  local text command expected actual times='s/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIME/g'
  text=$(recipe "$1")
  [ -n "$text" ] || { echo "    no recipe '$1'"; return 1; }
  command=$(sed -n 's/^\$ //p' <<<"$text")
  expected=$(sed '/^\$ /d' <<<"$text" | sed -E "$times")
  actual=$(cd "$2" && bash -c "$command" 2>&1 | sed -E "$times")
  equals "$actual" "$expected"
}

# ---- the scratch tree ----

tree=$work/tree
mkdir -p "$tree/build"
git -C "$root" ls-files -z --cached --others --exclude-standard |
  (cd "$root" && tar --null -T - --ignore-failed-read -cf -) | tar -C "$tree" -xf -
# Objects newer than their sources (tar and cp -a keep the times) are not
# rebuilt; Debian's libfcgi source is only read.
ln -s "$root/build/third_party" "$tree/build/third_party"
# The build of $bin, for the unit tests (its own flags, and the test objects
# both builds share); the default build for the rest, as a clone has it after make.
case $bin in
  */build/sanitize/sms_fcgi) config=(SANITIZE=1) build_dir=build/sanitize ;;
  *) config=() build_dir=build/release ;;
esac
[ -d "$root/build/tests" ] && cp -a "$root/build/tests" "$tree/build/tests"
for build in $(printf '%s\n' build/release "$build_dir" | sort -u); do
  [ -d "$root/$build" ] || continue
  cp -a "$root/$build" "$tree/$build"
  # The copy is no git checkout, so make would record the commit as
  # "unknown" and compile main again for it: recorded so already.
  echo unknown >"$tree/$build/git-commit"
  touch -r "$root/$build/git-commit" "$tree/$build/git-commit"
done

# ---- quick start: make run ----
section "quick start"

recipe_text "quick start"
run_line=$(grep '^make run' <<<"$text" | sed 's/ *#.*//')
check "the quick start starts with make run" equals "$run_line" "make run"
test_line=$(grep '^make test' <<<"$text" | sed 's/ *#.*//')
# `make test` takes 15 minutes and runs this suite: only that it is a target.
check "the quick start's make test is a target that ends in tests/run" \
  contains "$(cd "$tree" && make -n ${test_line#make } 2>&1)" "tests/run build/release build/sanitize"
export SMS_RUN_PORT=$(free_port) SMS_RUN_TLS_PORT=$(free_port) SMS_RUN_DIR=$work/run
(cd "$tree" && unset SMS_SESSION_SECRET SMS_SESSION_SECRET_FILE && exec setsid bash -c "$run_line") >"$work/run.out" 2>&1 &
pids[run]=$!
printed_conversation() { grep -q '^  rm -f' "$work/run.out"; }
check "make run comes up and prints a conversation" wait_until 120 printed_conversation ||
  sed 's/^/    make run: /' "$work/run.out" | tail -20
snippet=$(sed -n '/^  rm -f/,/^  done/p' "$work/run.out" | sed "s|/tmp/sms_fcgi.jar|$work/quick.jar|g")
check "the printed conversation gets the three seed replies" \
  equals "$(bash -c "$snippet")" "$(for n in 1 2 3; do seed_twiml "$n"; echo; done)"
started=$(pgrep -g "${pids[run]}" | tr '\n' ' ')
kill -INT -- "-${pids[run]}"
stop_waiting run
gone() { local p; for p in $started; do kill -0 "$p" 2>/dev/null && return 1; done; return 0; }
check "Ctrl-C stops make run and all it started" wait_until 5 gone
unset SMS_RUN_PORT SMS_RUN_TLS_PORT SMS_RUN_DIR

# ---- chat transcripts, with the ./sms_fcgi a clone has after make ----
section "chat transcripts"

check "the chat transcript holds" transcript_holds "chat transcript" "$tree"
check "the chat --twiml transcript holds" transcript_holds "chat twiml" "$tree"
check "the survey transcript holds" transcript_holds "survey chat" "$tree"

# ---- build trap: STATIC=1, then the default build ----
section "build trap"

# What a static build compiles is the release objects (STATIC=1 only links
# differently), so they seed it.
mkdir -p "$tree/build/static"
(cd "$tree/build/release" && tar --exclude=./sms_fcgi --exclude=./unit_tests --exclude=./sms_fcgi-metrics.so \
  --exclude=./sms_fcgi.1 --exclude=./sms_fcgi.1.gz -cf - .) | tar -C "$tree/build/static" -xf -
rm -f "$tree/sms_fcgi"
(cd "$tree" && make STATIC=1 -j2 >"$work/static.out" 2>&1)
check "make STATIC=1 builds build/static/sms_fcgi" test -x "$tree/build/static/sms_fcgi"
check "make STATIC=1 leaves no ./sms_fcgi" test ! -e "$tree/sms_fcgi"
check "make STATIC=1 says where its binary is" contains "$(cat "$work/static.out")" "built build/static/sms_fcgi"
"$tree/build/static/sms_fcgi" simulate http://127.0.0.1:9/sms --body hi >/dev/null 2>"$work/simulate.err"
check "the static binary has no simulate (exit 1, and says why)" \
  equals "$?:$(grep -c 'a static build cannot load' "$work/simulate.err")" 1:1
(cd "$tree" && make -j2 >"$work/default.out" 2>&1)
"$tree/sms_fcgi" simulate http://127.0.0.1:9/sms --body hi >/dev/null 2>"$work/simulate.err"
check "then make: ./sms_fcgi has simulate (11205 from a closed port, exit 1)" \
  equals "$?:$(grep -c 'error 11205' "$work/simulate.err")" 1:1
# A ./sms_fcgi newer than the default build, as an older Makefile left it.
cp "$tree/build/static/sms_fcgi" "$tree/sms_fcgi"
(cd "$tree" && make -j2 >/dev/null 2>&1)
check "make replaces a static ./sms_fcgi left by an older Makefile" cmp -s "$tree/sms_fcgi" "$tree/build/release/sms_fcgi"
(cd "$tree" && make STATIC=1 sms_fcgi >/dev/null 2>"$work/refused.err")
check "make STATIC=1 sms_fcgi refuses (exit 2), saying why" \
  equals "$?:$(grep -c './sms_fcgi is the default build' "$work/refused.err")" 2:1

# ---- Apache, plain CGI (the static build above: before the walkthrough changes the tree) ----
section "Apache"

recipe_text "apache cgi"
apache_recipe=$text
start_apache cgi_module
home=$work/home
mkdir -p "$home"
ln -s "$work/apache/htdocs" "$home/public_html"
(cd "$tree" && HOME=$home bash -ec "$apache_recipe") >"$work/apache-recipe.out" 2>&1
check "the Apache CGI recipe runs" equals "$?" 0 || sed 's/^/    /' "$work/apache-recipe.out"
check "sms.cgi is the static build" cmp -s "$home/public_html/sms/sms.cgi" "$tree/build/static/sms_fcgi"
site=$apache_base/sms/sms.cgi
# A secret file the program cannot read (root's: Apache runs CGI as nobody;
# otherwise mode 000): the program answers, naming the setting.
chmod 000 "$home/sms-private/session-secret"
status=$(post_form unreadable "$site" "$(sms_form 1)")
check "an unreadable secret file: 500 from the program, not Apache's page" \
  equals "$status:$(header unreadable Content-Type)" "500:text/plain; charset=utf-8"
check "an unreadable secret file: the answer names the setting" \
  contains "$(body unreadable)" "configuration error: SMS_SESSION_SECRET_FILE: cannot read '$home/sms-private/session-secret': Permission denied"
check "an unreadable secret file: the error log says it too" \
  wait_until 5 grep -q "configuration error: SMS_SESSION_SECRET_FILE" "$work/apache/error.log"
chmod 600 "$home/sms-private/session-secret"
# On a shared host the files are yours and suEXEC runs the program as you;
# here, as root, Apache runs it as nobody, so nobody owns them.
[ "$(id -u)" -ne 0 ] || chown -R nobody:nogroup "$home/sms-private"
converse "Apache CGI recipe" "$work/apache.jar" "$site" 1 3

# ---- the conversation walkthrough ----
section "the conversation walkthrough"

for file in conversation/echo.hpp conversation/echo.cpp conversation/closed.hpp tests/conversation/echo_test.cpp; do
  recipe_text "$file"
  printf '%s\n' "$text" >"$tree/$file"
done
recipe_text "registry include"
include=$text
recipe_text "registry table"
table=$text
registry=$tree/conversation/conversation.cpp
# The include after the last one; the table in place of the table.
awk -v include="$include" -v table="$table" '
  /^#include / { last_include = NR }
  { lines[NR] = $0 }
  END {
    for (i = 1; i <= NR; i++) {
      if (lines[i] ~ /^constexpr Entry kConversations\[\] = \{/) { print table; skipping = 1; continue }
      if (skipping) { if (lines[i] ~ /^\};/) skipping = 0; continue }
      print lines[i]
      if (i == last_include) print include
    }
  }' "$registry" >"$registry.new" && mv "$registry.new" "$registry"
check "the registry now names echo" contains "$(cat "$registry")" '{"echo", &make<EchoConversation>},'
# The stateless conversation, alone, with the Makefile's own flags.
flags=$(cd "$tree" && make -s --eval 'print-flags: ; @echo $(CPPFLAGS) $(CXXFLAGS)' print-flags)
printf '#include "conversation/closed.hpp"\nint main() { sms::ClosedConversation closed; (void)closed; }\n' >"$work/closed.cpp"
compiles_in_tree() { (cd "$tree" && g++ $flags -fsyntax-only "$@"); }
check "the stateless conversation compiles without a warning" compiles_in_tree "$work/closed.cpp"
# The unit test commands, as printed, in the tree with echo added.
recipe_text "unit test commands"
commands=$(sed "s|build/release|$build_dir|g" <<<"$text")
[ ${#config[@]} -eq 0 ] || commands=$(sed "s|^make |make ${config[*]} |" <<<"$commands")
(cd "$tree" && bash -ec "$commands") >"$work/unit.out" 2>&1
check "the walkthrough's unit test commands pass" equals "$?" 0 || tail -20 "$work/unit.out" | sed 's/^/    /'
check "--run_test=echo ran the echo suite's 2 cases" contains "$(cat "$work/unit.out")" "Running 2 test cases"
check "--run_test=echo/CASE ran 1 case" contains "$(cat "$work/unit.out")" "Running 1 test case"
(cd "$tree" && make -j2 >"$work/echo-build.out" 2>&1)
check "make builds ./sms_fcgi with echo, without a warning" \
  equals "$?:$(grep -c 'warning' "$work/echo-build.out")" 0:0
check "the echo chat transcript holds" transcript_holds "echo chat" "$tree"

# ---- spawn-fcgi on a fresh machine ----
section "spawn-fcgi on a fresh machine"

recipe_text "spawn-fcgi"
spawn_recipe=$text
recipe_text "logrotate"
postrotate=$(sed -n '/postrotate/,/endscript/p' <<<"$text" | sed '1d;$d')
if [ "$(id -u)" -ne 0 ]; then
  check "the spawn-fcgi recipe needs root (useradd, /run, /etc)" false
else
  mkdir -p "$work/ns"
  printf '%s\n' "$spawn_recipe" >"$work/ns/recipe.sh"
  printf '%s\n' "$postrotate" >"$work/ns/postrotate.sh"
  # The inner script: its checks are counted here from its summary line.
  # In a chroot "/" is no mount point, so its propagation cannot be made
  # private; the spawn part then checks that no mount it uses is shared.
  propagation=private
  unshare -m --propagation private true 2>/dev/null || propagation=unchanged
  unshare -m --propagation "$propagation" bash "$here/readme_recipes_spawn.bash" "$work/ns" "$tree" >"$work/ns.out" 2>&1
  cat "$work/ns.out"
  summary=$(grep -E '^spawn-fcgi recipe: [0-9]+ passed, [0-9]+ failed$' "$work/ns.out")
  check "the spawn-fcgi part ran to its end" test -n "$summary"
  passed=$((passed + $(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"${summary:-: 0 passed}")))
  failed=$((failed + $(sed -E 's/.* ([0-9]+) failed/\1/' <<<"${summary:-x 0 failed}")))
fi

# ---- rotating the secret, step by step, on two CGI instances ----
section "rotating the secret"

rotation_step() { # rotation_step N: the step's first code span holding SMS_SESSION_SECRET= (step 1: its first)
  awk -v n="$1" '
    $0 ~ "^" n "\\. " { on = 1 }
    on && $0 ~ "^" n + 1 "\\. " { exit }
    on && /^$/ { exit }
    on { printf "%s ", $0 }' "$readme" |
    grep -o '`[^`]*`' | tr -d '`' | { if [ "$1" -eq 1 ]; then head -1; else grep -m1 'SMS_SESSION_SECRET='; fi; }
}
old_secret=rotation-old-secret-0123456789abcdef0123
new_secret=$(bash -c "$(rotation_step 1)")
check "step 1 generates a secret of 64 hex digits" matches "$new_secret" '^[0-9a-f]{64}$'
settings_of() { # settings_of N: step N's settings with <old> and <new> filled in
  rotation_step "$1" | sed -e "s/<old>/$old_secret/g" -e "s/<new>/$new_secret/g"
}
# One message to an "instance" with these settings, as plain CGI; its
# reply's text, and the cookie in $work/cookie; its log line in $work/rotation.log.
message_to() { # message_to SETTINGS N
  local form response
  form=$(sms_form "$2")
  response=$(printf '%s' "$form" | env -i $1 REQUEST_METHOD=POST CONTENT_TYPE=application/x-www-form-urlencoded \
    CONTENT_LENGTH=${#form} HTTP_COOKIE="$(cat "$work/cookie" 2>/dev/null)" "$bin" 2>>"$work/rotation.log")
  printf '%s' "$response" | cookie_of >"$work/cookie"
  printf '%s' "$response" | message_text
}
last_outcome() { tail -1 "$work/rotation.log" | sed -n 's/.* session=\([^ ]*\).*/\1/p'; }
before="SMS_SESSION_SECRET=$old_secret"
step2=$(settings_of 2) step3=$(settings_of 3) step4=$(settings_of 4)
check "step 2 keeps the old secret, the new one previous" equals "$step2" \
  "SMS_SESSION_SECRET=$old_secret SMS_SESSION_PREVIOUS_SECRETS=$new_secret"
check "step 3 switches" equals "$step3" "SMS_SESSION_SECRET=$new_secret SMS_SESSION_PREVIOUS_SECRETS=$old_secret"
check "step 4 keeps the new secret only" equals "$step4" "SMS_SESSION_SECRET=$new_secret"
check "before: message 1" equals "$(message_to "$before" 1)" "$(seed_reply 1)"
check "step 2, instance A: message 2 goes on" equals "$(message_to "$step2" 2)" "$(seed_reply 2)"
old_cookie=$(cat "$work/cookie")
check "step 3, A switched: message 3 goes on" equals "$(message_to "$step3" 3)" "$(seed_reply 3)"
check "step 3, A logs rotated" equals "$(last_outcome)" rotated
check "step 3, B not yet switched: message 4 goes on" equals "$(message_to "$step2" 4)" "$(seed_reply 4)"
check "step 3, B logs rotated too (README's note)" equals "$(last_outcome)" rotated
check "step 3, A again: message 5 goes on" equals "$(message_to "$step3" 5)" "$(seed_reply 5)"
check "step 4: message 6 goes on" equals "$(message_to "$step4" 6)" "$(seed_reply 6)"
check "step 4: restored" equals "$(last_outcome)" restored
printf '%s' "$old_cookie" >"$work/cookie"
check "step 4: a cookie signed with the old secret starts afresh" equals "$(message_to "$step4" 7)" "$(seed_reply 1)"
check "step 4: logged as bad-mac" equals "$(last_outcome)" rejected:bad-mac

finish
