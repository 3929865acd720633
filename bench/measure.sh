# bench/run's measurements: one bounded wrk run against a URL, with the CPU
# time the serving processes spent during it (utime + stime deltas from
# /proc/PID/stat) and their peak resident memory (VmHWM).
# Sourced by bench/run.

clock_ticks=$(getconf CLK_TCK)

# CPU ticks used so far by PIDs and, with "+children", by the children they
# have reaped (CGI programs are short-lived children of Apache's cgid).
cpu_ticks() { # cpu_ticks [+children] PID...
  local with_children=0 pid total=0 stat fields
  [ "${1:-}" = +children ] && { with_children=1; shift; }
  for pid in "$@"; do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    read -r -a fields <<<"${stat##*) }" # fields[0] is stat's field 3 (state)
    total=$((total + fields[11] + fields[12]))
    [ "$with_children" -eq 0 ] || total=$((total + fields[13] + fields[14]))
  done
  echo "$total"
}

# A process and all its descendants, now.
process_tree() { # process_tree PID
  local pid=$1 child
  echo "$pid"
  for child in $(pgrep -P "$pid"); do process_tree "$child"; done
}

status_kib() { # status_kib PID FIELD: VmHWM or VmRSS, in KiB
  awk -v field="$2:" '$1 == field { print $2 }' "/proc/$1/status" 2>/dev/null
}

# run_wrk CONNECTIONS SECONDS URL [NAME=VALUE...]: the environment entries
# become BENCH_COOKIE, BENCH_SIGNATURE for bench/wrk/webhook.lua. Prints
# "requests duration_us p50_us p99_us errors wrk_cpu_ms": wrk's own CPU time
# counts too, since it shares the machine with the servers.
run_wrk() {
  local connections=$1 seconds=$2 url=$3 wrk_threads=1 out
  shift 3
  [ "$connections" -lt 2 ] || wrk_threads=$wrk_threads_max
  out=$(env BENCH_FORM="$form" "$@" timeout $((seconds + 30)) /usr/bin/time -f 'WRKCPU %e %U %S' \
    wrk -t "$wrk_threads" -c "$connections" -d "${seconds}s" --timeout 5s -s "$here/wrk/webhook.lua" "$url" 2>&1) || {
    echo "bench: wrk failed on $url" >&2
    return 1
  }
  awk '/^WRK requests=/ { for (i = 2; i <= 6; i++) { split($i, kv, "="); v[i] = kv[2] } }
    /^WRKCPU / { cpu = ($3 + $4) * 1000 }
    END { printf "%d %d %d %d %d %d\n", v[2], v[3], v[4], v[5], v[6], cpu }' <<<"$out"
}
