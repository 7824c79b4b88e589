// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc_sim: the fan model.
 *
 * Speed: the target follows the duty seen on the PWM input (stopped at or
 * below stop_permille unless never_stops, min_rpm up to min_permille, then
 * linear to max_rpm at 100 %); the speed slews towards it at max_rpm per
 * inertia_ms (a blocked rotor stops at once).
 *
 * Tach: pulses_per_rev open-collector pulses per revolution, i.e. two edges
 * per pulse, at exactly the modelled rate: each edge time is the previous
 * edge's modelled time plus 60e9 / (2 * ppr * rpm) ns, with the division's
 * remainder carried over, so timer latency never accumulates.  One hrtimer
 * (hard interrupt context) is the only writer of the tach line; it fires at
 * the next edge or glitch, and at least every SIM_FAN_POLL_NS so that
 * changes of duty or fault take effect without re-arming it from outside.
 */

#include <linux/math64.h>
#include <linux/seq_file.h>

#include "fan.h"

#define SIM_FAN_POLL_NS		(10 * NSEC_PER_MSEC)
#define SIM_FAN_MIN_MRPM	30000	/* below 30 RPM: no pulses */

static u64 sim_fan_target(const struct sim_fan *fan)
{
	u32 d = fan->duty_permille;

	if (fan->fault == SIM_FAN_STALL)
		return 0;
	if (d <= fan->stop_permille && !fan->never_stops)
		return 0;
	if (d <= fan->min_permille)
		return fan->min_rpm * 1000ULL;
	return fan->min_rpm * 1000ULL +
		div_u64((u64)(fan->max_rpm - fan->min_rpm) * 1000 * (d - fan->min_permille),
			1000 - fan->min_permille);
}

/* Advance the speed to @now. */
static void sim_fan_advance(struct sim_fan *fan, u64 now)
{
	u64 target = sim_fan_target(fan), dt, step, full;

	if (now <= fan->t_ns)
		return;
	dt = now - fan->t_ns;
	fan->t_ns = now;
	if (!target && fan->fault == SIM_FAN_STALL) {
		fan->mrpm = 0;
		return;
	}
	full = (u64)fan->inertia_ms * NSEC_PER_MSEC;
	if (!full || dt >= full) {
		fan->mrpm = target;
		return;
	}
	step = div64_u64((u64)fan->max_rpm * 1000 * dt, full);
	if (fan->mrpm < target)
		fan->mrpm = min(fan->mrpm + step, target);
	else
		fan->mrpm = fan->mrpm > target + step ? fan->mrpm - step : target;
}

/* Edge interval at the current speed, carrying the remainder. */
static u64 sim_fan_edge_interval(struct sim_fan *fan)
{
	/* ns per edge = 60e9 * 1000 / (2 * ppr * mrpm) */
	u64 num = div_u64(60ULL * NSEC_PER_SEC * 1000, 2 * fan->pulses_per_rev);
	u64 q;

	if (fan->mrpm != fan->edge_mrpm) {
		fan->edge_mrpm = fan->mrpm;
		fan->edge_rem = 0;
	}
	q = div64_u64_rem(num + fan->edge_rem, fan->mrpm, &fan->edge_rem);
	return q;
}

static enum hrtimer_restart sim_fan_timer(struct hrtimer *timer)
{
	struct sim_fan *fan = container_of(timer, struct sim_fan, timer);
	u64 now = ktime_to_ns(hrtimer_get_expires(timer)), next;
	enum sim_drive drive;
	bool glitch = false;

	spin_lock(&fan->lock);
	sim_fan_advance(fan, now);
	if (fan->mrpm < SIM_FAN_MIN_MRPM) {
		/* Stopped: the hall sensor holds its level. */
		fan->last_edge_ns = now;
		fan->next_edge_ns = U64_MAX;
		fan->edge_mrpm = 0;
	} else {
		if (fan->mrpm != fan->edge_mrpm)	/* speed changed: re-plan */
			fan->next_edge_ns = fan->last_edge_ns + sim_fan_edge_interval(fan);
		/*
		 * One edge per call, even when the timer runs late: two at
		 * once would cancel out on the line.  A late next edge makes
		 * the timer fire again at once.
		 */
		if (fan->next_edge_ns <= now) {
			fan->tach_low = !fan->tach_low;
			fan->edges++;
			fan->last_edge_ns = fan->next_edge_ns;
			fan->next_edge_ns += sim_fan_edge_interval(fan);
		}
	}
	if (fan->fault == SIM_FAN_GLITCH && fan->glitch_hz) {
		if (fan->next_glitch_ns <= now) {
			glitch = true;
			fan->glitches++;
			fan->next_glitch_ns += div_u64(NSEC_PER_SEC, fan->glitch_hz);
			if (fan->next_glitch_ns <= now)	/* fell behind */
				fan->next_glitch_ns = now + div_u64(NSEC_PER_SEC, fan->glitch_hz);
		}
	} else {
		fan->next_glitch_ns = U64_MAX;
	}
	next = min3(fan->next_edge_ns, fan->next_glitch_ns, now + SIM_FAN_POLL_NS);
	drive = fan->fault == SIM_FAN_TACH_OPEN || !fan->tach_low ?
		SIM_DRIVE_NONE : SIM_DRIVE_LOW;
	spin_unlock(&fan->lock);

	if (glitch)	/* a crosstalk spike: two edges */
		sim_gpio_drive(fan->sg, fan->tach_line,
			       drive == SIM_DRIVE_LOW ? SIM_DRIVE_NONE : SIM_DRIVE_LOW);
	sim_gpio_drive(fan->sg, fan->tach_line, drive);

	hrtimer_set_expires(timer, ns_to_ktime(next));
	return HRTIMER_RESTART;
}

void sim_fan_set_input(struct sim_fan *fan, u32 duty_permille, u64 period_ns, u64 duty_ns)
{
	unsigned long flags;

	spin_lock_irqsave(&fan->lock, flags);
	sim_fan_advance(fan, ktime_get_ns());
	fan->duty_permille = duty_permille;
	fan->period_ns = period_ns;
	fan->duty_ns = duty_ns;
	spin_unlock_irqrestore(&fan->lock, flags);
}

u32 sim_fan_rpm(struct sim_fan *fan)
{
	unsigned long flags;
	u64 mrpm;

	spin_lock_irqsave(&fan->lock, flags);
	sim_fan_advance(fan, ktime_get_ns());
	mrpm = fan->mrpm;
	spin_unlock_irqrestore(&fan->lock, flags);
	return DIV_ROUND_CLOSEST_ULL(mrpm, 1000);
}

u32 sim_fan_max_rpm(struct sim_fan *fan)
{
	return READ_ONCE(fan->max_rpm);
}

static void sim_fan_stop(void *data)
{
	struct sim_fan *fan = data;

	hrtimer_cancel(&fan->timer);
	sim_gpio_drive(fan->sg, fan->tach_line, SIM_DRIVE_NONE);
}

/**
 * sim_fan_init() - start the fan model
 * @fan: curve, sg and tach_line filled in by the caller
 * @dev: the board, for the devm action that stops the model
 */
int sim_fan_init(struct sim_fan *fan, struct device *dev)
{
	u64 now = ktime_get_ns();

	spin_lock_init(&fan->lock);
	fan->t_ns = now;
	fan->last_edge_ns = now;
	fan->next_edge_ns = U64_MAX;
	fan->next_glitch_ns = U64_MAX;
	hrtimer_init(&fan->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_HARD);
	fan->timer.function = sim_fan_timer;
	hrtimer_start(&fan->timer, ns_to_ktime(now + SIM_FAN_POLL_NS), HRTIMER_MODE_ABS_HARD);
	return devm_add_action_or_reset(dev, sim_fan_stop, fan);
}

/* debugfs: fan0/ */

static int sim_fan_rpm_show(struct seq_file *s, void *unused)
{
	seq_printf(s, "%u\n", sim_fan_rpm(s->private));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_fan_rpm);

static int sim_fan_pwm_show(struct seq_file *s, void *unused)
{
	struct sim_fan *fan = s->private;
	unsigned long flags;
	u64 period, duty;

	spin_lock_irqsave(&fan->lock, flags);
	period = fan->period_ns;
	duty = fan->duty_ns;
	spin_unlock_irqrestore(&fan->lock, flags);
	seq_printf(s, "%llu %llu\n", period, duty);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_fan_pwm);

static int sim_fan_status_show(struct seq_file *s, void *unused)
{
	static const char *const faults[] = { "none", "stall", "tach-open", "glitch" };
	struct sim_fan *fan = s->private;
	unsigned long flags;
	struct sim_fan f;

	spin_lock_irqsave(&fan->lock, flags);
	sim_fan_advance(fan, ktime_get_ns());
	f = *fan;
	spin_unlock_irqrestore(&fan->lock, flags);
	seq_printf(s, "rpm %llu\ntarget_rpm %llu\nduty_permille %u\nfault %s\nglitch_hz %u\n"
		   "tach_line %u\ntach_edges %llu\nglitches %llu\ninertia_ms %u\n"
		   "max_rpm %u\nmin_rpm %u\nmin_permille %u\nstop_permille %u\nnever_stops %u\n"
		   "pulses_per_rev %u\n",
		   DIV_ROUND_CLOSEST_ULL(f.mrpm, 1000),
		   DIV_ROUND_CLOSEST_ULL(sim_fan_target(&f), 1000), f.duty_permille,
		   faults[f.fault], f.glitch_hz, f.tach_line, f.edges, f.glitches,
		   f.inertia_ms, f.max_rpm, f.min_rpm, f.min_permille, f.stop_permille,
		   f.never_stops, f.pulses_per_rev);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_fan_status);

static ssize_t sim_fan_fault_write(struct file *file, const char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	struct sim_fan *fan = file->private_data;
	enum sim_fan_fault fault;
	unsigned long flags;
	unsigned int hz = 0;
	char buf[32];
	int ret;

	ret = sim_debugfs_read_line(ubuf, count, buf, sizeof(buf));
	if (ret)
		return ret;
	if (!strcmp(buf, "none"))
		fault = SIM_FAN_OK;
	else if (!strcmp(buf, "stall"))
		fault = SIM_FAN_STALL;
	else if (!strcmp(buf, "tach-open"))
		fault = SIM_FAN_TACH_OPEN;
	else if (sscanf(buf, "glitch %u", &hz) == 1 && hz > 0 && hz <= 100000)
		fault = SIM_FAN_GLITCH;
	else
		return -EINVAL;

	spin_lock_irqsave(&fan->lock, flags);
	sim_fan_advance(fan, ktime_get_ns());
	fan->fault = fault;
	fan->glitch_hz = hz;
	if (fault == SIM_FAN_GLITCH)
		fan->next_glitch_ns = ktime_get_ns();
	spin_unlock_irqrestore(&fan->lock, flags);
	return count;
}

static ssize_t sim_fan_fault_read(struct file *file, char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	static const char *const faults[] = { "none", "stall", "tach-open", "glitch" };
	struct sim_fan *fan = file->private_data;
	char buf[32];
	int len;

	if (READ_ONCE(fan->fault) == SIM_FAN_GLITCH)
		len = scnprintf(buf, sizeof(buf), "glitch %u\n", READ_ONCE(fan->glitch_hz));
	else
		len = scnprintf(buf, sizeof(buf), "%s\n", faults[READ_ONCE(fan->fault)]);
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static const struct file_operations sim_fan_fault_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = sim_fan_fault_read,
	.write = sim_fan_fault_write,
	.llseek = default_llseek,
};

static int sim_fan_inertia_get(void *data, u64 *val)
{
	*val = READ_ONCE(((struct sim_fan *)data)->inertia_ms);
	return 0;
}

static int sim_fan_inertia_set(void *data, u64 val)
{
	struct sim_fan *fan = data;
	unsigned long flags;

	if (val > 60000)
		return -EINVAL;
	spin_lock_irqsave(&fan->lock, flags);
	sim_fan_advance(fan, ktime_get_ns());
	fan->inertia_ms = val;
	spin_unlock_irqrestore(&fan->lock, flags);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(sim_fan_inertia_fops, sim_fan_inertia_get, sim_fan_inertia_set,
			 "%llu\n");

static int sim_fan_duty_get(void *data, u64 *val)
{
	*val = DIV_ROUND_CLOSEST(READ_ONCE(((struct sim_fan *)data)->duty_permille), 10);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(sim_fan_duty_fops, sim_fan_duty_get, NULL, "%llu\n");

static int sim_fan_edges_get(void *data, u64 *val)
{
	struct sim_fan *fan = data;
	unsigned long flags;

	spin_lock_irqsave(&fan->lock, flags);
	*val = fan->edges;
	spin_unlock_irqrestore(&fan->lock, flags);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(sim_fan_edges_fops, sim_fan_edges_get, NULL, "%llu\n");

void sim_fan_debugfs(struct sim_fan *fan, struct dentry *dir)
{
	debugfs_create_file("rpm", 0444, dir, fan, &sim_fan_rpm_fops);
	debugfs_create_file("pwm", 0444, dir, fan, &sim_fan_pwm_fops);
	debugfs_create_file("fault", 0644, dir, fan, &sim_fan_fault_fops);
	debugfs_create_file("status", 0444, dir, fan, &sim_fan_status_fops);
	debugfs_create_file_unsafe("inertia", 0644, dir, fan, &sim_fan_inertia_fops);
	debugfs_create_file_unsafe("duty_percent", 0444, dir, fan, &sim_fan_duty_fops);
	debugfs_create_file_unsafe("tach_edges", 0444, dir, fan, &sim_fan_edges_fops);
}
