#!/bin/bash
# A node_exporter source: the master's temperature read over HTTP from a
# Prometheus text page (served by busybox httpd, refreshed from the sim),
# the sample picked by its label among others; the exporter down or
# answering 404 counts hot within three intervals, and its recovery brings
# the fan back down.
. "$PIBMC_TESTS/vm/lib.sh"
. "$PIBMC_TESTS/vm/power/power.sh"
. "$PIBMC_TESTS/vm/netlink/nl.sh"
. "$PIBMC_TESTS/vm/daemon/daemon.sh"

WWW=/tmp/www
mkdir -p $WWW
# The page, as node_exporter writes it, every 300 ms.
exporter_page() {
	while :; do
		t=$(cat $SIM/master/temp)
		{
			echo "# HELP node_hwmon_temp_crit_celsius Hardware monitor for temperature (crit)"
			echo "node_hwmon_temp_crit_celsius{chip=\"thermal_thermal_zone0\",sensor=\"temp1\"} 110"
			echo "# TYPE node_thermal_zone_temp gauge"
			printf 'node_thermal_zone_temp{type="cpu-thermal",zone="0"} %d.%03d\n' \
				$((t / 1000)) $((t % 1000))
			echo 'node_thermal_zone_temp{type="gpu-thermal",zone="1"} 99.5'
			echo "node_load1 0.42"
		} >$WWW/.m
		mv $WWW/.m $WWW/metrics
		usleep 300000
	done
}
exporter_page &
pager=$!
busybox httpd -f -p 127.0.0.1:9100 -h $WWW &
httpd=$!
wait_for 5000 "exporter page" test -s $WWW/metrics

fast_workers
nodes_on
fast_model
MASTER_SOURCE='temp_url = http://127.0.0.1:9100/metrics
temp_label = zone="0"
temp_timeout = 0.8'
write_conf
start_daemon
wait_for 30000 "fan under 60 %" sh -c "[ \$(cat $SIM/fan0/duty_percent) -lt 60 ]"
sleep 2
got=$(metric 'pibmc_node_temperature_celsius{node="master"}')
expect_within "master over HTTP (mC)" "$(awk -v g="$got" 'BEGIN { printf "%d", g * 1000 }')" \
	"$(cat $SIM/master/temp)" 5
expect_eq "master reading ok" "$(metric 'pibmc_node_reading_ok{node="master"}')" 1

full() { [ "$(fan_pct)" = 100 ]; }
# The exporter down.
kill $httpd
wait $httpd 2>/dev/null
t0=$(now_ms)
wait_for 3000 "exporter down: fan at full" full
took=$(($(now_ms) - t0))
[ $took -le 3000 ] || fail "fan at full after $took ms"
wait_for 3000 "logged" dlog_has "node master: reading failed: http://127.0.0.1:9100/metrics: connect: Connection refused"
# Back, but without the page: 404.
mv $WWW/metrics $WWW/gone
kill $pager
wait $pager 2>/dev/null
rm -f $WWW/metrics
busybox httpd -f -p 127.0.0.1:9100 -h $WWW &
httpd=$!
wait_for 5000 "404 logged" dlog_has "http://127.0.0.1:9100/metrics: HTTP status not 200"
full || fail "fan not at full on a 404"
# The page back: the fan comes down.
exporter_page &
pager=$!
wait_for 30000 "exporter back: fan under 60 %" sh -c "[ \$(cat $SIM/fan0/duty_percent) -lt 60 ]"
stop_daemon
kill $pager $httpd
