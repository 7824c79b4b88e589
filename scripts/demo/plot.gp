# SPDX-License-Identifier: GPL-2.0
# The demo's timeline (scripts/demo/run): gnuplot -e "datafile='...';
# eventfile='...'; outfile='...'" plot.gp
# datafile columns: t_s master w1 w2 w3 w4 (C) duty_pct rpm p1 p2 p3 p4
# eventfile: t_s "label"
set terminal pngcairo size 1200,900 font ",10"
set output outfile
set multiplot layout 3,1 title "pibmc demo on the emulated master"
set grid
set xlabel "time (s)"
set key outside right

set ylabel "temperature (C)"
plot for [i=2:6] datafile using 1:i with lines lw 2 \
	title word("master w1 w2 w3 w4", i - 1)

set ylabel "fan"
set y2label "RPM"
set ytics nomirror
set y2tics
set yrange [0:105]
plot datafile using 1:7 with steps lw 2 title "duty %", \
	datafile using 1:8 axes x1y2 with lines lw 2 title "RPM"
unset y2label
unset y2tics
set ytics mirror

set ylabel "power"
set yrange [-0.5:8]
set ytics ("w1" 0.5, "w2" 2.5, "w3" 4.5, "w4" 6.5)
plot for [i=9:12] datafile using 1:(column(i) * 1.5 + (i - 9) * 2) \
	with steps lw 3 title word("w1 w2 w3 w4", i - 8), \
	eventfile using 1:(7.6):2 with labels rotate by 0 left font ",8" notitle, \
	eventfile using 1:(7.6) with impulses lc rgb "gray" notitle
unset multiplot
