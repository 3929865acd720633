#!/usr/bin/env bash
# tier: deployment (the shipped files at work; tests/run skips it for the sanitizer build)
# sms_fcgi(1) against the binary: every flag, variable and default that
# `BINARY --help` prints must be in the man page, and the page must render
# without a warning. MANPAGE (the shipped page, .1 or .1.gz) defaults to one
# rendered here from BINARY, as the Makefile renders it.
#   bash tests/man/man_page.sh BINARY [MANPAGE]
set -u
binary=${1:?usage: man_page.sh BINARY [MANPAGE]}
here=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() { # check WHAT COMMAND...: one line per claim
  if "${@:2}"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1"; fi
}

page=${2:-}
if [ -z "$page" ]; then
  page=$work/sms_fcgi.1
  "$here/scripts/render-settings" man "$binary" "$here/man/sms_fcgi.1.in" >"$page" || { echo "render failed"; echo "0 passed, 1 failed"; exit 1; }
fi
"$binary" --help >"$work/help"
# Plain ASCII, one line per paragraph, no hyphenation: a name is never split.
zcat -f "$page" | groff -man -Tascii -rLL=400n -rHY=0 -P-cbou 2>"$work/groff-warnings" >"$work/text"

in_page() { grep -qF -- "$1" "$work/text"; }
while read -r flag; do
  check "flag $flag is in the man page" in_page "$flag"
done < <(grep -oE -- '--[a-z][a-z-]*' "$work/help" | sort -u)
while read -r variable; do
  check "variable $variable is in the man page" in_page "$variable"
done < <(sed -n '/^Settings /,$p' "$work/help" | grep -oE '\b[A-Z][A-Z0-9_]{3,}\b' | sort -u)
while read -r default; do
  check "default '$default' is in the man page" in_page "Default: $default."
done < <(grep -oE '\[default: [^]]*\]$' "$work/help" | sed -E 's/^\[default: (.*)\]$/\1/')
check "subcommand chat is described" grep -qE '^ +chat\b' "$work/text"
check "subcommand simulate is described" grep -qE '^ +simulate URL$' "$work/text"
check "version $("$binary" --version) is on the page" in_page "$("$binary" --version)"

check "groff renders it without a warning" test ! -s "$work/groff-warnings"
MANWIDTH=80 man --warnings -l "$page" 2>"$work/man-warnings" >/dev/null
check "man --warnings renders it without a warning" test ! -s "$work/man-warnings"
cat "$work/groff-warnings" "$work/man-warnings"

echo "man page: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
