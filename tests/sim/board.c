// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc_sim: the board, which wires the fan, the workers and the thermal
 * model to the GPIO and PWM controllers named by its pibmc,gpio and
 * pibmc,pwm phandles.  The wiring comes from its device-tree properties
 * (see board.dtsi and sim-wiring-overlay.dts), defaulting to the write-up's
 * case.
 */

#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_platform.h>
#include <linux/platform_device.h>
#include <linux/rcupdate.h>

#include "fan.h"
#include "thermal.h"
#include "worker.h"

struct sim_board {
	struct device *dev;
	struct sim_gpio *sg;
	struct sim_pwm *sp;
	unsigned int fan_pwm_line;
	struct sim_fan fan;
	struct sim_worker workers[SIM_NWORKERS];
	struct sim_thermal thermal;
	atomic64_t power_losses;
	struct dentry *dirs[SIM_NNODES];	/* master, node1..node4 */
	struct dentry *fan_dir;
	struct dentry *files[3];		/* power_losses, time_scale, ambient */
};

/* Which PWM channel a pin carries in a function, as on the BCM2835. */
static int sim_pwm_channel_of(unsigned int line, enum sim_func func)
{
	static const struct { u8 line, func, chan; } map[] = {
		{ 12, SIM_FUNC_ALT0, 0 }, { 13, SIM_FUNC_ALT0, 1 },
		{ 18, SIM_FUNC_ALT5, 0 }, { 19, SIM_FUNC_ALT5, 1 },
		{ 40, SIM_FUNC_ALT0, 0 }, { 41, SIM_FUNC_ALT0, 1 },
		{ 45, SIM_FUNC_ALT0, 1 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (map[i].line == line && map[i].func == func)
			return map[i].chan;
	return -1;
}

/* What the fan's PWM input sees; no lock held. */
static void sim_board_update_fan(struct sim_board *b)
{
	enum sim_func func = sim_gpio_function(b->sg, b->fan_pwm_line);
	int chan = sim_pwm_channel_of(b->fan_pwm_line, func);
	u64 period = 0, duty = 0;
	u32 permille;

	if (chan >= 0) {
		struct sim_pwm_state st;

		sim_pwm_get(b->sp, chan, &st);
		if (st.enabled && st.period_ns) {
			period = st.period_ns;
			duty = st.inversed ? st.period_ns - st.duty_ns : st.duty_ns;
			permille = div64_u64(duty * 1000 + period / 2, period);
		} else {
			/* A disabled BCM2835 PWM idles at its polarity's low. */
			permille = st.inversed ? 1000 : 0;
		}
	} else if (func == SIM_FUNC_OUT) {
		permille = sim_gpio_level(b->sg, b->fan_pwm_line) ? 1000 : 0;
	} else {
		/* Not driven: the fan's own pull-up means full speed. */
		permille = 1000;
	}
	sim_fan_set_input(&b->fan, permille, period, duty);
}

static void sim_board_line_changed(void *data, unsigned int line)
{
	struct sim_board *b = data;
	unsigned int i;

	if (line == b->fan_pwm_line)
		sim_board_update_fan(b);
	for (i = 0; i < SIM_NWORKERS; i++)
		if (line == b->workers[i].relay_line)
			sim_worker_line_changed(&b->workers[i]);
}

static void sim_board_pwm_changed(void *data, unsigned int chan)
{
	sim_board_update_fan(data);
}

static void sim_board_unhook(void *data)
{
	struct sim_board *b = data;

	sim_gpio_set_notify(b->sg, NULL, NULL);
	sim_pwm_set_notify(b->sp, NULL, NULL);
	/* The controllers call the hooks under rcu_read_lock(). */
	synchronize_rcu();
}

static void sim_board_debugfs_remove(void *data)
{
	struct sim_board *b = data;
	unsigned int i;

	debugfs_remove_recursive(b->fan_dir);
	for (i = 0; i < SIM_NNODES; i++)
		debugfs_remove_recursive(b->dirs[i]);
	for (i = 0; i < ARRAY_SIZE(b->files); i++)
		debugfs_remove(b->files[i]);
}

static int sim_power_losses_get(void *data, u64 *val)
{
	*val = atomic64_read(data);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(sim_power_losses_fops, sim_power_losses_get, NULL, "%llu\n");

static u32 sim_prop_u32(struct device *dev, const char *name, u32 def)
{
	u32 val = def;

	of_property_read_u32(dev->of_node, name, &val);
	return val;
}

static u32 sim_prop_u32_index(struct device *dev, const char *name, unsigned int i, u32 def)
{
	u32 val = def;

	of_property_read_u32_index(dev->of_node, name, i, &val);
	return val;
}

/* Find a controller's driver data through a phandle; defer until bound. */
static void *sim_board_supplier(struct device *dev, const char *prop)
{
	struct platform_device *pdev;
	struct device_node *np;
	void *data;

	np = of_parse_phandle(dev->of_node, prop, 0);
	if (!np)
		return ERR_PTR(dev_err_probe(dev, -EINVAL, "no %s phandle\n", prop));
	pdev = of_find_device_by_node(np);
	of_node_put(np);
	if (!pdev)
		return ERR_PTR(-EPROBE_DEFER);
	data = platform_get_drvdata(pdev);
	/* Unbinding the controller unbinds the board first. */
	if (data && !device_link_add(dev, &pdev->dev, DL_FLAG_AUTOREMOVE_CONSUMER))
		data = ERR_PTR(-EINVAL);
	put_device(&pdev->dev);
	return data ? data : ERR_PTR(-EPROBE_DEFER);
}

static const u32 sim_default_relays[SIM_NWORKERS] = { 17, 27, 22, 23 };
static const u32 sim_default_halts[SIM_NWORKERS] = { 24, 25, 16, 26 };

static int sim_board_wire(struct sim_board *b)
{
	struct device *dev = b->dev;
	struct sim_fan *fan = &b->fan;
	DECLARE_BITMAP(used, SIM_NGPIO);
	unsigned int i, tach_pull;
	u32 lines[2 + 2 * SIM_NWORKERS];

	b->fan_pwm_line = sim_prop_u32(dev, "fan-pwm-line", 12);
	fan->tach_line = sim_prop_u32(dev, "fan-tach-line", 6);
	lines[0] = b->fan_pwm_line;
	lines[1] = fan->tach_line;
	for (i = 0; i < SIM_NWORKERS; i++) {
		struct sim_worker *w = &b->workers[i];

		w->relay_line = sim_prop_u32_index(dev, "relay-lines", i,
						   sim_default_relays[i]);
		w->halt_line = sim_prop_u32_index(dev, "halt-lines", i,
						  sim_default_halts[i]);
		lines[2 + 2 * i] = w->relay_line;
		lines[3 + 2 * i] = w->halt_line;
	}
	bitmap_zero(used, SIM_NGPIO);
	for (i = 0; i < ARRAY_SIZE(lines); i++) {
		if (lines[i] >= SIM_NGPIO || test_and_set_bit(lines[i], used))
			return dev_err_probe(dev, -EINVAL, "wiring: bad or shared line %u\n",
					     lines[i]);
	}

	fan->sg = b->sg;
	fan->max_rpm = sim_prop_u32(dev, "fan-max-rpm", 5000);
	fan->min_rpm = min(sim_prop_u32(dev, "fan-min-rpm", 1200), fan->max_rpm);
	fan->min_permille = min(sim_prop_u32(dev, "fan-min-duty-permille", 200), 999U);
	fan->stop_permille = min(sim_prop_u32(dev, "fan-stop-duty-permille", 0), fan->min_permille);
	fan->never_stops = sim_prop_u32(dev, "fan-never-stops", 0);
	fan->inertia_ms = sim_prop_u32(dev, "fan-inertia-ms", 1500);
	fan->pulses_per_rev = clamp(sim_prop_u32(dev, "fan-pulses-per-rev", 2), 1U, 4U);
	if (!fan->max_rpm)
		return dev_err_probe(dev, -EINVAL, "fan-max-rpm must not be 0\n");

	/* The open-collector tach needs a pull-up: on the board, or the SoC's. */
	tach_pull = sim_prop_u32(dev, "tach-external-pullup", 1);
	sim_gpio_set_ext_pull(b->sg, fan->tach_line, tach_pull ? SIM_PULL_UP : SIM_PULL_NONE);

	for (i = 0; i < SIM_NWORKERS; i++) {
		struct sim_worker *w = &b->workers[i];

		w->id = i + 1;
		w->sg = b->sg;
		w->power_losses = &b->power_losses;
		w->relay_active_low = sim_prop_u32(dev, "relay-active-low", 0);
		w->boot_ms = sim_prop_u32(dev, "worker-boot-ms", 3000);
		w->shutdown_ms = sim_prop_u32(dev, "worker-shutdown-ms", 2000);
		/* The relay board's input resistor holds an undriven input off. */
		sim_gpio_set_ext_pull(b->sg, w->relay_line,
				      w->relay_active_low ? SIM_PULL_UP : SIM_PULL_DOWN);
	}
	b->thermal.fan = fan;
	b->thermal.ambient_mc = sim_prop_u32(dev, "ambient-millicelsius", 25000);
	b->thermal.time_scale = clamp(sim_prop_u32(dev, "time-scale", 1), 1U, 1000U);
	for (i = 0; i < SIM_NWORKERS; i++)
		b->thermal.nodes[i + 1].worker = &b->workers[i];
	return 0;
}

static int sim_board_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct sim_board *b;
	char name[8];
	unsigned int i;
	int ret;

	b = devm_kzalloc(dev, sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	b->dev = dev;
	atomic64_set(&b->power_losses, 0);
	b->sg = sim_board_supplier(dev, "pibmc,gpio");
	if (IS_ERR(b->sg))
		return PTR_ERR(b->sg);
	b->sp = sim_board_supplier(dev, "pibmc,pwm");
	if (IS_ERR(b->sp))
		return PTR_ERR(b->sp);

	ret = sim_board_wire(b);
	if (ret)
		return ret;
	ret = sim_fan_init(&b->fan, dev);
	if (ret)
		return ret;
	for (i = 0; i < SIM_NWORKERS; i++) {
		ret = sim_worker_init(&b->workers[i], dev);
		if (ret)
			return ret;
	}
	platform_set_drvdata(pdev, &b->thermal);	/* for hwmon's dev_get_drvdata */
	ret = sim_thermal_init(&b->thermal, dev);
	if (ret)
		return dev_err_probe(dev, ret, "cannot start the thermal model\n");

	sim_gpio_set_notify(b->sg, sim_board_line_changed, b);
	sim_pwm_set_notify(b->sp, sim_board_pwm_changed, b);
	ret = devm_add_action_or_reset(dev, sim_board_unhook, b);
	if (ret)
		return ret;
	/* Lines may have changed before the hooks were in place. */
	sim_board_update_fan(b);
	for (i = 0; i < SIM_NWORKERS; i++)
		sim_worker_line_changed(&b->workers[i]);

	b->dirs[0] = debugfs_create_dir("master", sim_debugfs_root);
	for (i = 1; i < SIM_NNODES; i++) {
		snprintf(name, sizeof(name), "node%u", i);
		b->dirs[i] = debugfs_create_dir(name, sim_debugfs_root);
		sim_worker_debugfs(&b->workers[i - 1], b->dirs[i]);
	}
	b->fan_dir = debugfs_create_dir("fan0", sim_debugfs_root);
	sim_fan_debugfs(&b->fan, b->fan_dir);
	sim_thermal_debugfs(&b->thermal, sim_debugfs_root, b->dirs, &b->files[1]);
	b->files[0] = debugfs_create_file_unsafe("power_losses", 0444, sim_debugfs_root,
						 &b->power_losses, &sim_power_losses_fops);
	return devm_add_action_or_reset(dev, sim_board_debugfs_remove, b);
}

static const struct of_device_id sim_board_of_match[] = {
	{ .compatible = "pibmc,sim-board" },
	{ }
};

struct platform_driver sim_board_driver = {
	.probe = sim_board_probe,
	.driver = {
		.name = "pibmc-sim-board",
		.of_match_table = sim_board_of_match,
	},
};
