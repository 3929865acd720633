# The test harness's core, shared by every shell suite and by bench/: check
# bookkeeping, free ports, waiting, and the webhook's forms and replies.
# A test script sources this, calls `check`, and ends with `finish`;
# tests/harness/servers.bash adds real nginx, Apache and sms_fcgi processes.
passed=0
failed=0
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd) # the source tree

check() { # check NAME COMMAND...: runs COMMAND, records PASS or FAIL
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "PASS: $name"
  else failed=$((failed + 1)); echo "FAIL: $name"; fi
}

equals() { # equals ACTUAL EXPECTED: prints both when they differ
  [ "$1" = "$2" ] && return 0
  printf '    expected: %q\n    actual:   %q\n' "$2" "$1"; return 1
}

contains() { # contains HAYSTACK NEEDLE
  case "$1" in *"$2"*) return 0 ;; esac
  printf '    missing %q in:\n%s\n' "$2" "$1" | head -20; return 1
}

matches() { # matches ACTUAL REGEX
  [[ $1 =~ $2 ]] && return 0
  printf '    %q\n    does not match %s\n' "$1" "$2"; return 1
}

finish() {
  echo "$(basename "$0"): $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

# Twilio's inbound SMS form for message N from a sender.
sms_form() { # sms_form N [FROM] [BODY]
  printf 'ToCountry=US&SmsMessageSid=SM%032d&NumMedia=0&SmsStatus=received&Body=%s&To=%%2B14155550199&NumSegments=1&MessageSid=SM%032d&AccountSid=AC%032d&From=%s&ApiVersion=2010-04-01' \
    "$1" "${3:-Hello+there}" "$1" 0 "${2:-%2B14155550100}"
}

# The <Message> text of a TwiML reply.
message_text() { { cat; echo; } | sed -n 's:.*<Message>\(.*\)</Message>.*:\1:p'; }

# The name=value of the Set-Cookie header in a CGI response on stdin.
cookie_of() { tr -d '\r' | sed -n 's/^Set-Cookie: \([^;]*\);.*/\1/p'; }

# How long a graceful stop of BINARY may take when nothing holds it: the
# release build exits in 20-40 ms; the sanitizer build's exit runs
# LeakSanitizer's heap scan, 130 ms on a quiet machine, over 400 ms beside
# six CPU hogs, and 2.2 s once in a parallel `make test`.
stop_allowance_ms() { # stop_allowance_ms BINARY
  if [[ $1 == *sanitize* ]]; then echo 3000; else echo 1000; fi
}

seed_reply() { # seed_reply N: the guide's reply to message N
  if [ "$1" -eq 1 ]; then echo "Hello, thanks for the new message."
  else echo "Hello, thanks for message number $1"; fi
}

# The cookie with one payload character changed (the middle, where every
# base64url character is significant).
tamper() { # tamper NAME=VALUE
  local c=$1 i=$(( ${#1} / 2 )) ch=A
  [ "${c:$i:1}" = A ] && ch=B
  printf '%s' "${c:0:$i}$ch${c:$((i + 1))}"
}

accepting() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; } # accepting PORT: something listens there

# Ports come from TEST_PORT_BASE's block when tests/run gives one (suites run
# side by side there), else from 20000-32767 (below Linux's ephemeral ports).
# Handed-out ports are remembered in a file: free_port runs in $(...).
free_port() { # a 127.0.0.1 port nothing listens on, not handed out before
  local port base=${TEST_PORT_BASE:-20000} block=${TEST_PORT_BLOCK:-12000}
  local handed_out=${work:-${tmp:?free_port: set work or tmp first}}/.used-ports
  while :; do
    port=$((base + RANDOM % block))
    grep -qx "$port" "$handed_out" 2>/dev/null && continue
    accepting "$port" && continue
    echo "$port" >>"$handed_out"
    echo "$port"
    return
  done
}

wait_until() { # wait_until SECONDS COMMAND...: polls COMMAND every 0.1 s
  local tries=$(($1 * 10)) i
  shift
  for ((i = 0; i < tries; i++)); do "$@" && return 0; sleep 0.1; done
  return 1
}

# The fastcgi_param lines of nginx.conf.example's /sms location: what every
# private nginx of the tests and benchmarks passes to a FastCGI program.
shipped_fastcgi_params() {
  sed -n '/location = \/sms {/,/^    }/s/^ *\(fastcgi_param .*;\)$/\1/p' "$root/nginx.conf.example"
}
