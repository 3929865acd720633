# bench/run's chart: throughput and p99 latency against concurrent
# connections. Called with -e "data='...'; out='...'; title='...'"; the data
# file holds one block per row: a quoted name, then "connections req/s p99_ms".
set terminal pngcairo size 1200,480 font "sans,10"
set output out
set multiplot layout 1,2 title title
set logscale x 10
set xlabel "concurrent connections (wrk)"
set grid
set key top left
set xrange [0.8:250]
set ylabel "requests per second"
set yrange [0:*]
plot for [i=0:3] data index i using 1:2 with linespoints lw 2 pt 7 title columnheader(1)
set ylabel "p99 latency (ms)"
set logscale y 10
set yrange [*:*]
set key top left
plot for [i=0:3] data index i using 1:3 with linespoints lw 2 pt 7 title columnheader(1)
unset multiplot
