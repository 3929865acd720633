# bench/run's output: the machine, the table and its ratios, the CSV files,
# the chart, and the in-process benchmarks. Sourced by bench/run.

machine_summary() {
  echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), Linux $(uname -r)"
  echo "software: $(nginx -v 2>&1 | sed 's/^nginx version: //'), $(apache2 -v | sed -n 's/^Server version: //p'), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), $(openssl version | cut -d' ' -f1-2)"
  echo "sms_fcgi: $(git -C "$root" rev-parse --short HEAD 2>/dev/null)$(git -C "$root" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)'), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# The mean of each row's measured rounds (the sweep and the RSS top-up are
# reported separately), with peak memory, into $results/bench.csv. CPU time
# is per request: the row's own process ("app"), the web server in front of
# it, and wrk; their sum is what a request costs this machine, a steadier
# measure than requests/s when other work shares the CPUs.
report_table() {
  local summary=$results/bench.csv row
  echo "row,requests_per_s,p50_ms,p99_ms,app_cpu_us_per_request,front_cpu_us_per_request,wrk_cpu_us_per_request,total_cpu_us_per_request,peak_rss_kib,errors" >"$summary"
  for row in "${rows[@]}" "${cgi_rows[@]}"; do
    awk -F, -v row="$row" -v peak="${peak_kib[$row]:-0}" '$1 == row && $2 ~ /^[0-9]+$/ {
      n++; rps += $6; p50 += $7; p99 += $8; app += $10; front += $11; wrk += $12; errors += $9 }
      END { printf "%s,%.0f,%.2f,%.2f,%.1f,%.1f,%.1f,%.1f,%d,%d\n", row, rps / n, p50 / n / 1000, p99 / n / 1000,
        app / n, front / n, wrk / n, (app + front + wrk) / n, peak, errors }' "$runs" >>"$summary"
  done
  echo
  awk -F, 'NR == 1 { printf "%-14s %9s %7s %7s %9s %9s %9s %9s %9s %6s\n", "", "", "", "", "CPU us/req", "", "", "", "peak", ""
                     printf "%-14s %9s %7s %7s %9s %9s %9s %9s %9s %6s\n", "row", "req/s", "p50 ms", "p99 ms", "app", "front", "wrk", "total", "RSS KiB", "errors"; next }
    { printf "%-14s %9d %7.2f %7.2f %9.1f %9.1f %9.1f %9.1f %9d %6d\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 }' "$summary"
  echo
  ratios | tee "$results/ratios.txt"
  markdown_table >"$results/table.md"
  awk -F, 'NR == 1 || $2 == "sweep" { print $1 "," $3 "," $6 "," $8 }' "$runs" >"$results/sweep.csv"
  echo "bench: rows in $summary, every run in $runs, sweep in $results/sweep.csv"
}

column_of() { awk -F, -v row="$1" -v col="$2" '$1 == row { print $col }' "$results/bench.csv"; }

ratio_line() { # ratio_line NAME NUMERATOR-ROW DENOMINATOR-ROW TARGET
  awk -v name="$1" -v a="$(column_of "$2" 2)" -v b="$(column_of "$3" 2)" -v ca="$(column_of "$2" 8)" \
      -v cb="$(column_of "$3" 8)" -v target="$4" 'BEGIN {
    r = b > 0 ? a / b : 0
    by_cpu = ca > 0 ? cb / ca : 0
    printf "%-34s %6.3f  (by CPU cost %5.3f)  target >= %s: %s\n", name, r, by_cpu, target, (r >= target ? "met" : "MISSED") }'
}

cost_line() { # cost_line NAME NUMERATOR-ROW DENOMINATOR-ROW TARGET: the CPU the app spends per request
  awk -v name="$1" -v a="$(column_of "$2" 5)" -v b="$(column_of "$3" 5)" -v ta="$(column_of "$2" 8)" \
      -v tb="$(column_of "$3" 8)" -v target="$4" 'BEGIN {
    r = b > 0 ? a / b : 0
    total = tb > 0 ? ta / tb : 0
    printf "%-34s %6.3f  (app CPU; total CPU %5.3f)  target <= %s: %s\n", name, r, total, target, (r > 0 && r <= target ? "met" : "MISSED") }'
}

ratios() {
  ratio_line "c/a  sms-returning / nginx-return" sms-returning nginx-return 0.25
  ratio_line "c/b  sms-returning / fixed-fcgi" sms-returning fixed-fcgi 0.95
  ratio_line "c/b  --quiet (no log line)" sms-quiet fixed-fcgi 0.95
  ratio_line "c'/b sms-new / fixed-fcgi" sms-new fixed-fcgi 0.95
  ratio_line "c/b  new connection per request" sms-returning-nc fixed-fcgi-nc 0.95
  ratio_line "d/c  sms-secure / sms-returning" sms-secure sms-returning 0.90
  ratio_line "m/c  sms-metrics / sms-returning" sms-metrics sms-returning 0.97
  ratio_line "e    cgi-sms / cgi-fixed" cgi-sms cgi-fixed 0.75
  ratio_line "e'   cgi-sms-static / cgi-fixed" cgi-sms-static cgi-fixed 0.70
  ratio_line "g    sms-flow / sms-returning" sms-flow sms-returning 0.90
  ratio_line "h    cgi-flow100 / cgi-sms" cgi-flow100 cgi-sms 0.80
  cost_line "f    forged-max-query / signed-max-query" forged-max-query signed-max-query 3
  cost_line "f'   forged-max-query / sms-secure" forged-max-query sms-secure 3
  awk -F, -v c="$connections" '$1 == "sms-returning" && $3 == c && $2 ~ /^[0-9]+$/ && $8 > p99 { p99 = $8 }
    END { printf "%-34s %6.2f ms                      target <= 5 ms: %s\n", "sms-returning p99, " c " connections", p99 / 1000, (p99 <= 5000 ? "met" : "MISSED") }' "$runs"
  # The metrics plugin is opt-in (SMS_METRICS_LISTEN) and maps its own shared
  # libraries (libstdc++, civetweb, prometheus-cpp): quoted on its own line.
  awk -F, '$1 ~ /^sms-/ && $1 != "sms-metrics" && $9 > peak { peak = $9 }
    END { printf "%-34s %6.2f MiB                     target <= 8 MiB: %s\n", "sms_fcgi peak RSS", peak / 1024, (peak <= 8192 ? "met" : "MISSED") }' "$results/bench.csv"
  awk -F, '$1 == "sms-metrics" && $9 > peak { peak = $9 }
    END { if (peak) printf "%-34s %6.2f MiB\n", "  with the metrics plugin", peak / 1024 }' "$results/bench.csv"
}

markdown_table() {
  echo "| row | req/s | p50 ms | p99 ms | app CPU µs/req | front CPU µs/req | wrk CPU µs/req | total CPU µs/req | peak RSS KiB |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -F, 'NR > 1 { printf "| %s | %d | %.2f | %.2f | %.1f | %s | %.1f | %.1f | %d |\n", $1, $2, $3, $4, $5,
    ($6 > 0 ? sprintf("%.1f", $6) : "-"), $7, $8, $9 }' "$results/bench.csv"
}

report_rss() { # report_rss WARM-REQUESTS WARM-KIB END-REQUESTS END-KIB
  awk -v n0="$1" -v r0="$2" -v n1="$3" -v r1="$4" 'BEGIN {
    change = (r1 - r0) * 100 / r0
    printf "%-34s %+6.2f %%  (%d KiB after warm-up, %d KiB after %d requests)  target within 1 %% over 1,000,000: %s\n",
      "sms_fcgi RSS change", change, r0, r1, n1, ((change <= 1 && change >= -1 && n1 >= 1000000) ? "met" : "MISSED") }' |
    tee -a "$results/ratios.txt"
}

draw_chart() { # draw_chart PNG: throughput and p99 against connections
  mkdir -p "$(dirname "$1")"
  local data=$work/chart.dat row
  : >"$data"
  for row in nginx-return fixed-fcgi sms-returning sms-secure; do
    echo "\"$row\"" >>"$data"
    awk -F, -v row="$row" '$1 == row { print $2, $3, $4 / 1000 }' "$results/sweep.csv" | sort -n >>"$data"
    printf '\n\n' >>"$data"
  done
  gnuplot -e "data='$data'; out='$1'; title='$(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), wrk + nginx + program on the same machine'" \
    "$here/chart.gp"
  echo "bench: chart in $1"
}

run_in_process_benchmarks() {
  echo
  echo "bench: in-process benchmarks (median of 3; CPU ns per request, heap allocations per request)"
  "$build/micro_bench" --benchmark_min_time=0.3 --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
    --benchmark_out="$results/micro.json" --benchmark_out_format=json 2>/dev/null |
    awk '/_median/ { sub(/_median$/, "", $1); printf "  %-32s %9.0f ns  %s\n", $1, $4, $NF
                     ns[$1] = $4; allocs[$1] = $NF }
      END { # issue 12: the returning sender in the handler alone
        r = "handle/returning"; sub(/^allocs=/, "", allocs[r])
        printf "  %-32s %9.0f ns   target <= 1500: %s\n", r " median", ns[r], (ns[r] <= 1500 ? "met" : "MISSED")
        printf "  %-32s %9.1f      target <= 8: %s\n", r " allocations", allocs[r], (allocs[r] + 0 <= 8 ? "met" : "MISSED")
        # what a forged signature can cost, against the same request signed, and a small one
        bad = ns["signature_max_query/invalid"]; good = ns["signature_max_query/valid"]
        if (bad > 0 && good > 0) {
          r = bad / good
          printf "  %-32s %9.2f x   target <= 3: %s\n", "invalid / valid, max query", r, (r <= 3 ? "met" : "MISSED") }
        if (bad > 0 && ns["handle/signed"] > 0)
          printf "  %-32s %9.2f x   (a small signed request; see bench/README-notes.md)\n", "invalid max query / signed", bad / ns["handle/signed"] }'
  echo
  echo "bench: instructions per request under callgrind (Handler::handle only)"
  echo "scenario,requests,instructions,instructions_per_request" >"$results/callgrind.csv"
  local scenario requests=2000 total
  for scenario in returning new_sender encrypted signed secure; do
    total=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null --collect-atstart=no \
      --toggle-collect='*handle_requests*' "$build/handler_driver" "$scenario" "$requests" 2>&1 |
      sed -n 's/.*Collected : \([0-9]*\)$/\1/p')
    echo "$scenario,$requests,$total,$((total / requests))" >>"$results/callgrind.csv"
    printf '  %-12s %8d instructions per request   target <= 20000: %s\n' "$scenario" $((total / requests)) \
      "$([ $((total / requests)) -le 20000 ] && echo met || echo MISSED)"
  done
}
