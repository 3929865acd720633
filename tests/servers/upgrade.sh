#!/usr/bin/env bash
# tier: deployment (the shipped files at work; tests/run skips it for the sanitizer build)
# Upgrading from the last release that wrote version 1 cookies (f606b79),
# behind the shipped nginx.conf.example, in the order README's "Upgrading
# from version 1" gives: old instances only, then nginx switched to the new
# ones by a reload. The conversation goes on across the switch, and the new
# binary restores the old one's v1 cookie. The other direction, a v2 cookie
# reaching an old binary (a mixed upstream), starts the conversation afresh,
# which is why that order is the one to use.
# The old binary is built once from git into build/upgrade-from-f606b79/,
# unoptimised: its cookies are what matters here, and that halves the build.
. "$(dirname "$0")/../harness/servers.bash"

old_commit=f606b79
old_tree=$root/build/upgrade-from-$old_commit
old=$old_tree/build/release/sms_fcgi
if [ ! -x "$old" ]; then
  echo "upgrade.sh: building sms_fcgi $old_commit into $old_tree (once)"
  mkdir -p "$old_tree/build"
  # A shallow clone lacks the old commit: fetch it from where the clone came from.
  git -C "$root" cat-file -e "$old_commit^{commit}" 2>/dev/null ||
    git -C "$root" fetch -q --depth=1 origin f606b7933dcf7330350e2ef197be45956a2c1382 2>/dev/null ||
    git -C "$root" fetch -q --unshallow origin 2>/dev/null
  git -C "$root" archive "$old_commit" | tar -x -C "$old_tree" &&
    cp -a "$root/build/third_party" "$old_tree/build/" &&
    CXXFLAGS=-O0 make -C "$old_tree" -j"$(nproc)" build/release/sms_fcgi >"$old_tree/build.log" 2>&1 ||
    { echo "FAIL: cannot build sms_fcgi $old_commit (see $old_tree/build.log)"; exit 1; }
fi

secret=upgrade-test-secret-0123456789abcdef0123456
new=$bin
bin=$old start_sms old "$work/old.sock" SMS_SESSION_SECRET=$secret
bin=$new start_sms new "$work/new.sock" SMS_SESSION_SECRET=$secret

# 1. Old instances only, then nginx pointed at the new ones and reloaded.
start_nginx "$work/old.sock"
jar=$work/jar
converse "before the upgrade" "$jar" "$url" 1 3
check "the old binary wrote a v1 cookie" equals "$(awk '$6 == "sms_session" { print substr($7, 1, 3) }' "$jar")" "v1."
sed -i "s|unix:$work/old.sock|unix:$work/new.sock|" "$work/nginx/conf/sms_fcgi.conf"
nginx -p "$work/nginx" -c "$work/nginx/conf/nginx.conf" -e "$work/nginx/logs/error.log" -s reload
sleep 1 # the reload is asynchronous: then new requests reach the new workers
converse "after the switch" "$jar" "$url" 4 6
check "the new binary restored the v1 cookie" matches "$(request_lines new | head -1)" " session=restored sid=SM0{31}4 "
check "... and wrote a v2 cookie" equals "$(awk '$6 == "sms_session" { print substr($7, 1, 3) }' "$jar")" "v2."
check "the old binary answered none after the switch" equals "$(request_lines old | wc -l)" 3

# 2. A v2 cookie that reaches an old binary (a mixed upstream) starts afresh.
stop nginx
NGINX_NAME=mixed start_nginx "$work/old.sock"
post_form back "$url" "$(sms_form 7)" "$(awk '$6 == "sms_session" { print $6 "=" $7 }' "$jar")" >/dev/null
check "an old binary given a v2 cookie starts afresh" equals "$(body back)" "$(seed_twiml 1)"
check "... logged rejected:unknown-version" contains "$(request_lines old | tail -1)" "session=rejected:unknown-version"
finish
