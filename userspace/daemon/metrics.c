// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "daemon/metrics.h"

int metrics_write(const char *path, const struct metrics *m)
{
	char tmp[4096];
	unsigned int i;
	FILE *f;
	int e;

	snprintf(tmp, sizeof(tmp), "%s.%d.tmp", path, (int)getpid());
	f = fopen(tmp, "we");
	if (!f)
		return -errno;
	fprintf(f,
		"# HELP pibmc_fan_duty_ratio The fan's PWM duty set by pibmcd, 0 to 1.\n"
		"# TYPE pibmc_fan_duty_ratio gauge\n"
		"pibmc_fan_duty_ratio{fan=\"%u\"} %.3f\n"
		"# HELP pibmc_fan_rpm The fan's measured speed.\n"
		"# TYPE pibmc_fan_rpm gauge\n"
		"pibmc_fan_rpm{fan=\"%u\"} %u\n"
		"# HELP pibmc_fan_stalled 1 while the fan is stalled (alarm).\n"
		"# TYPE pibmc_fan_stalled gauge\n"
		"pibmc_fan_stalled{fan=\"%u\"} %d\n"
		"# HELP pibmc_fan_failsafe 1 while the module's failsafe duty applies.\n"
		"# TYPE pibmc_fan_failsafe gauge\n"
		"pibmc_fan_failsafe{fan=\"%u\"} %d\n"
		"# HELP pibmc_critical 1 while the critical override holds the fan at full speed.\n"
		"# TYPE pibmc_critical gauge\n"
		"pibmc_critical %d\n"
		"# HELP pibmc_control_reason Why the fan runs at its duty.\n"
		"# TYPE pibmc_control_reason gauge\n"
		"pibmc_control_reason{reason=\"%s\"} 1\n",
		m->fan, m->duty / 1000.0, m->fan, m->rpm, m->fan,
		m->alarm || m->stall != STALL_NONE, m->fan, m->failsafe, m->critical,
		m->stall != STALL_NONE ? "stall" : control_reason_name(m->out.reason));
	fprintf(f, "# HELP pibmc_node_temperature_celsius A node's last good temperature reading.\n"
		   "# TYPE pibmc_node_temperature_celsius gauge\n");
	for (i = 0; i < m->nnodes; i++)
		if (m->node[i].have)
			fprintf(f, "pibmc_node_temperature_celsius{node=\"%s\"} %.3f\n",
				m->node[i].name, m->node[i].temp / 1000.0);
	fprintf(f, "# HELP pibmc_node_reading_ok 1 when a node's reading is good (else counted hot).\n"
		   "# TYPE pibmc_node_reading_ok gauge\n");
	for (i = 0; i < m->nnodes; i++)
		if (m->node[i].counted)
			fprintf(f, "pibmc_node_reading_ok{node=\"%s\"} %d\n", m->node[i].name,
				m->node[i].status == READING_OK);
	fprintf(f, "# HELP pibmc_node_demand_ratio The duty a node asks for, 0 to 1.\n"
		   "# TYPE pibmc_node_demand_ratio gauge\n");
	for (i = 0; i < m->nnodes; i++)
		if (m->node[i].counted && m->node[i].demand >= 0)
			fprintf(f, "pibmc_node_demand_ratio{node=\"%s\"} %.3f\n",
				m->node[i].name, m->node[i].demand / 1000.0);
	fprintf(f, "# HELP pibmc_node_power 1 when a switched node's power is on.\n"
		   "# TYPE pibmc_node_power gauge\n");
	for (i = 0; i < m->nnodes; i++)
		if (m->node[i].power >= 0)
			fprintf(f, "pibmc_node_power{node=\"%s\"} %d\n", m->node[i].name,
				m->node[i].power);
	if (fflush(f) || ferror(f)) {
		e = errno ? errno : EIO;
		fclose(f);
		unlink(tmp);
		return -e;
	}
	fclose(f);
	if (rename(tmp, path)) {
		e = errno;
		unlink(tmp);
		return -e;
	}
	return 0;
}

void metrics_status(const struct metrics *m, char *buf, size_t len)
{
	size_t n = 0;
	unsigned int i;
	int on;

#define ADD(...) do { \
		int k_ = snprintf(buf + n, len > n ? len - n : 0, __VA_ARGS__); \
		if (k_ > 0) \
			n += (size_t)k_; \
	} while (0)
	ADD("fan %d%% %u rpm", (m->duty + 5) / 10, m->rpm);
	if (m->stall != STALL_NONE)
		ADD(" STALLED (%s)", stall_phase_name(m->stall));
	else if (m->out.reason != REASON_CURVE)
		ADD(" (%s)", control_reason_name(m->out.reason));
	if (m->out.hottest >= 0)
		ADD(", hottest %s %.1f C", m->node[m->out.hottest].name,
		    m->out.hottest_temp / 1000.0);
	if (m->out.failed)
		ADD(", %u reading(s) failed", m->out.failed);
	for (on = 1; on >= 0; on--) {
		bool first = true;

		for (i = 0; i < m->nnodes; i++) {
			if (m->node[i].power != on)
				continue;
			ADD("%s%s", first ? (on ? ", on:" : ", off:") : "", "");
			ADD(" %s", m->node[i].name);
			first = false;
		}
	}
#undef ADD
	if (n >= len && len)
		buf[len - 1] = '\0';
}
