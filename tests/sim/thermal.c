// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc_sim: the thermal model.
 *
 * Each node is one heat capacity C with a conductance G to the case's
 * ambient air: C dT/dt = P - G (T - Tamb), where P is the board's power
 * (idle to full load by load %, a little when halted, none when off) and
 * G = g_passive + g_fan * rpm / max_rpm grows with the fan's airflow.
 * Powers are those measured for the Pi 4B (2.7 W idle, 6.4 W full load)
 * and the Pi 3B+ (1.9 W, 5.1 W); G and C give a 2-minute time constant
 * without the fan and about 65 C at full load, 40 C with the fan at full
 * speed.  A work item integrates it every 100 ms of real time, times
 * time_scale of model time, in steps of at most one model second.
 */

#include <linux/hwmon.h>
#include <linux/math64.h>
#include <linux/seq_file.h>

#include "compat.h"
#include "fan.h"
#include "thermal.h"
#include "worker.h"

#define SIM_THERMAL_TICK_MS	100
#define SIM_THERMAL_STEP_MS	1000
#define SIM_TIME_SCALE_MAX	1000

static const struct sim_pi_model sim_pi4b = {
	.name = "Pi 4B", .idle_mw = 2700, .full_mw = 6400, .halted_mw = 350,
	.g_passive = 150, .g_fan = 300, .capacity = 18000,
};

static const struct sim_pi_model sim_pi3bplus = {
	.name = "Pi 3B+", .idle_mw = 1900, .full_mw = 5100, .halted_mw = 250,
	.g_passive = 120, .g_fan = 260, .capacity = 15000,
};

static const char *const sim_node_labels[SIM_NNODES] = {
	"master", "w1", "w2", "w3", "w4"
};

static u32 sim_node_power(const struct sim_node *n)
{
	const struct sim_pi_model *m = n->model;

	switch (n->worker ? sim_worker_state(n->worker) : SIM_WORKER_RUNNING) {
	case SIM_WORKER_OFF:
		return 0;
	case SIM_WORKER_HALTED:
		return m->halted_mw;
	default:
		return m->idle_mw + (m->full_mw - m->idle_mw) * n->load / 100;
	}
}

/* Advance every node by @ms of model time; th->lock held. */
static void sim_thermal_step(struct sim_thermal *th, u32 ms, u32 rpm, u32 max_rpm)
{
	s64 amb = (s64)th->ambient_mc * 1000;
	unsigned int i;

	for (i = 0; i < SIM_NNODES; i++) {
		struct sim_node *n = &th->nodes[i];
		const struct sim_pi_model *m = n->model;
		s64 g = m->g_passive + div_u64((u64)m->g_fan * rpm, max_rpm ? max_rpm : 1);
		s64 flow = sim_node_power(n) - div_s64(g * (n->temp_uc - amb), 1000000);

		n->temp_uc += div_s64(flow * ms * 1000, m->capacity);
	}
}

static void sim_thermal_work(struct work_struct *work)
{
	struct sim_thermal *th = container_of(to_delayed_work(work), struct sim_thermal, work);
	u32 rpm = sim_fan_rpm(th->fan), max_rpm = sim_fan_max_rpm(th->fan);
	u64 now = ktime_get_ns(), model_ms;
	u32 ms;

	spin_lock_irq(&th->lock);
	model_ms = div_u64((now - th->last_ns) * th->time_scale, NSEC_PER_MSEC);
	/* Keep the sub-millisecond rest for the next tick. */
	th->last_ns += div_u64(model_ms * NSEC_PER_MSEC, th->time_scale);
	while (model_ms) {
		ms = min_t(u64, model_ms, SIM_THERMAL_STEP_MS);
		sim_thermal_step(th, ms, rpm, max_rpm);
		model_ms -= ms;
	}
	spin_unlock_irq(&th->lock);
	schedule_delayed_work(&th->work, msecs_to_jiffies(SIM_THERMAL_TICK_MS));
}

static long sim_node_temp_mc(struct sim_node *n)
{
	unsigned long flags;
	s64 t;

	spin_lock_irqsave(&n->th->lock, flags);
	t = n->temp_uc;
	spin_unlock_irqrestore(&n->th->lock, flags);
	return div_s64(t, 1000);
}

/* hwmon: pibmc_sim_thermal, temp1..temp5 = master, w1..w4 */

static umode_t sim_hwmon_is_visible(const void *data, enum hwmon_sensor_types type,
				    u32 attr, int channel)
{
	return type == hwmon_temp ? 0444 : 0;
}

static int sim_hwmon_read(struct device *dev, enum hwmon_sensor_types type, u32 attr,
			  int channel, long *val)
{
	struct sim_thermal *th = dev_get_drvdata(dev);

	if (type != hwmon_temp || attr != hwmon_temp_input)
		return -EOPNOTSUPP;
	*val = sim_node_temp_mc(&th->nodes[channel]);
	return 0;
}

static int sim_hwmon_read_string(struct device *dev, enum hwmon_sensor_types type,
				 u32 attr, int channel, const char **str)
{
	if (type != hwmon_temp || attr != hwmon_temp_label)
		return -EOPNOTSUPP;
	*str = sim_node_labels[channel];
	return 0;
}

static const struct hwmon_ops sim_hwmon_ops = {
	.is_visible = sim_hwmon_is_visible,
	.read = sim_hwmon_read,
	.read_string = sim_hwmon_read_string,
};

#if SIM_HWMON_CONST_INFO
static const struct hwmon_channel_info *const sim_hwmon_info[] = {
#else
static const struct hwmon_channel_info *sim_hwmon_info[] = {
#endif
	HWMON_CHANNEL_INFO(temp,
			   HWMON_T_INPUT | HWMON_T_LABEL, HWMON_T_INPUT | HWMON_T_LABEL,
			   HWMON_T_INPUT | HWMON_T_LABEL, HWMON_T_INPUT | HWMON_T_LABEL,
			   HWMON_T_INPUT | HWMON_T_LABEL),
	NULL
};

static const struct hwmon_chip_info sim_hwmon_chip = {
	.ops = &sim_hwmon_ops,
	.info = sim_hwmon_info,
};

static void sim_thermal_stop(void *data)
{
	struct sim_thermal *th = data;

	cancel_delayed_work_sync(&th->work);
}

/**
 * sim_thermal_init() - start the thermal model and its hwmon device
 * @th: fan, ambient_mc, time_scale and the nodes' workers filled in
 * @dev: the board
 */
int sim_thermal_init(struct sim_thermal *th, struct device *dev)
{
	struct device *hwmon;
	unsigned int i;
	int ret;

	th->dev = dev;
	spin_lock_init(&th->lock);
	for (i = 0; i < SIM_NNODES; i++) {
		th->nodes[i].th = th;
		/* The write-up's case: master and w1 are Pi 4B, w2..w4 Pi 3B+. */
		th->nodes[i].model = i < 2 ? &sim_pi4b : &sim_pi3bplus;
		th->nodes[i].temp_uc = (s64)th->ambient_mc * 1000;
	}
	th->last_ns = ktime_get_ns();
	INIT_DELAYED_WORK(&th->work, sim_thermal_work);
	schedule_delayed_work(&th->work, msecs_to_jiffies(SIM_THERMAL_TICK_MS));
	ret = devm_add_action_or_reset(dev, sim_thermal_stop, th);
	if (ret)
		return ret;

	hwmon = devm_hwmon_device_register_with_info(dev, "pibmc_sim_thermal", th,
						     &sim_hwmon_chip, NULL);
	return PTR_ERR_OR_ZERO(hwmon);
}

/* debugfs: nodeN/temp, nodeN/load, master/temp, master/load, time_scale, ambient */

static int sim_node_temp_get(void *data, u64 *val)
{
	*val = sim_node_temp_mc(data);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE_SIGNED(sim_node_temp_fops, sim_node_temp_get, NULL, "%lld\n");

static int sim_node_load_get(void *data, u64 *val)
{
	*val = READ_ONCE(((struct sim_node *)data)->load);
	return 0;
}

static int sim_node_load_set(void *data, u64 val)
{
	struct sim_node *n = data;

	if (val > 100)
		return -EINVAL;
	spin_lock_irq(&n->th->lock);
	n->load = val;
	spin_unlock_irq(&n->th->lock);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(sim_node_load_fops, sim_node_load_get, sim_node_load_set, "%llu\n");

static int sim_time_scale_get(void *data, u64 *val)
{
	*val = READ_ONCE(((struct sim_thermal *)data)->time_scale);
	return 0;
}

static int sim_time_scale_set(void *data, u64 val)
{
	struct sim_thermal *th = data;

	if (!val || val > SIM_TIME_SCALE_MAX)
		return -EINVAL;
	/* Integrate what elapsed at the old scale first. */
	flush_delayed_work(&th->work);
	spin_lock_irq(&th->lock);
	th->time_scale = val;
	spin_unlock_irq(&th->lock);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(sim_time_scale_fops, sim_time_scale_get, sim_time_scale_set,
			 "%llu\n");

static int sim_ambient_get(void *data, u64 *val)
{
	*val = READ_ONCE(((struct sim_thermal *)data)->ambient_mc);
	return 0;
}

static int sim_ambient_set(void *data, u64 val)
{
	struct sim_thermal *th = data;
	s64 v = (s64)val;

	if (v < -40000 || v > 85000)
		return -EINVAL;
	spin_lock_irq(&th->lock);
	th->ambient_mc = v;
	spin_unlock_irq(&th->lock);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE_SIGNED(sim_ambient_fops, sim_ambient_get, sim_ambient_set, "%lld\n");

void sim_thermal_debugfs(struct sim_thermal *th, struct dentry *root,
			 struct dentry *node_dirs[SIM_NNODES], struct dentry *files[2])
{
	unsigned int i;

	for (i = 0; i < SIM_NNODES; i++) {
		debugfs_create_file_unsafe("temp", 0444, node_dirs[i], &th->nodes[i],
					   &sim_node_temp_fops);
		debugfs_create_file_unsafe("load", 0644, node_dirs[i], &th->nodes[i],
					   &sim_node_load_fops);
	}
	files[0] = debugfs_create_file_unsafe("time_scale", 0644, root, th,
					      &sim_time_scale_fops);
	files[1] = debugfs_create_file_unsafe("ambient", 0644, root, th, &sim_ambient_fops);
}
