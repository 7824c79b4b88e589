// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc_sim: the worker model.
 *
 * off -(relay on)-> booting -(boot_ms)-> running -(shutdown request)->
 * shutting-down -(shutdown_ms)-> halted, where the worker's gpio-poweroff
 * drives its halt line high 100 ms, low 100 ms, then high and held.
 * Cutting the relay in any state but off or halted counts a hard power
 * loss.  The relay is watched through the GPIO controller's notification
 * (at once, whatever the pulse width); the halt line is written only by the
 * worker's hrtimer, which fires at each modelled event and at least every
 * SIM_WORKER_POLL_NS, so that its writes stay in order.
 */

#include <linux/seq_file.h>

#include "worker.h"

#define SIM_WORKER_POLL_NS	(10 * NSEC_PER_MSEC)
#define SIM_POWEROFF_PULSE_NS	(100 * NSEC_PER_MSEC)	/* gpio-poweroff's delays */

static const char *const sim_worker_states[] = {
	[SIM_WORKER_OFF] = "off",
	[SIM_WORKER_BOOTING] = "booting",
	[SIM_WORKER_RUNNING] = "running",
	[SIM_WORKER_SHUTTING_DOWN] = "shutting-down",
	[SIM_WORKER_HALTED] = "halted",
};

static void sim_worker_enter(struct sim_worker *w, enum sim_worker_state state, u64 now)
{
	w->state = state;
	w->since_ns = now;
}

static bool sim_worker_relay_on(struct sim_worker *w)
{
	return sim_gpio_level(w->sg, w->relay_line) != w->relay_active_low;
}

/* Called with w->lock held. */
static void sim_worker_power(struct sim_worker *w, u64 now)
{
	bool on = sim_worker_relay_on(w);

	if (on && w->state == SIM_WORKER_OFF) {
		sim_worker_enter(w, SIM_WORKER_BOOTING, now);
		w->boots++;
	} else if (!on && w->state != SIM_WORKER_OFF) {
		if (w->state != SIM_WORKER_HALTED)
			atomic64_inc(w->power_losses);
		sim_worker_enter(w, SIM_WORKER_OFF, now);
		w->shutdown_requested = false;
	}
}

/* The relay line changed (any context). */
void sim_worker_line_changed(struct sim_worker *w)
{
	unsigned long flags;

	spin_lock_irqsave(&w->lock, flags);
	sim_worker_power(w, ktime_get_ns());
	spin_unlock_irqrestore(&w->lock, flags);
}

enum sim_worker_state sim_worker_state(struct sim_worker *w)
{
	return READ_ONCE(w->state);
}

static enum hrtimer_restart sim_worker_timer(struct hrtimer *timer)
{
	struct sim_worker *w = container_of(timer, struct sim_worker, timer);
	u64 now = ktime_to_ns(hrtimer_get_expires(timer));
	u64 next = now + SIM_WORKER_POLL_NS, t;
	enum sim_drive drive = SIM_DRIVE_NONE;
	u64 boot, down;

	spin_lock(&w->lock);
	boot = (u64)w->boot_ms * NSEC_PER_MSEC;
	down = (u64)w->shutdown_ms * NSEC_PER_MSEC;
	sim_worker_power(w, now);
	if (w->state == SIM_WORKER_BOOTING && now >= w->since_ns + boot)
		sim_worker_enter(w, SIM_WORKER_RUNNING, w->since_ns + boot);
	if (w->state == SIM_WORKER_RUNNING && w->shutdown_requested) {
		w->shutdown_requested = false;
		w->shutdowns++;
		sim_worker_enter(w, SIM_WORKER_SHUTTING_DOWN, now);
	}
	if (w->state == SIM_WORKER_SHUTTING_DOWN && w->fault != SIM_WORKER_NEVER_HALTS &&
	    now >= w->since_ns + down)
		sim_worker_enter(w, SIM_WORKER_HALTED, w->since_ns + down);

	switch (w->state) {
	case SIM_WORKER_OFF:
		break;
	case SIM_WORKER_BOOTING:
		next = min(next, w->since_ns + boot);
		break;
	case SIM_WORKER_SHUTTING_DOWN:
		if (w->fault != SIM_WORKER_NEVER_HALTS)
			next = min(next, w->since_ns + down);
		fallthrough;
	case SIM_WORKER_RUNNING:
		/* gpio-poweroff has claimed the line, inactive. */
		drive = SIM_DRIVE_LOW;
		break;
	case SIM_WORKER_HALTED:
		t = now - w->since_ns;
		if (t < SIM_POWEROFF_PULSE_NS) {
			drive = SIM_DRIVE_HIGH;
			next = min(next, w->since_ns + SIM_POWEROFF_PULSE_NS);
		} else if (t < 2 * SIM_POWEROFF_PULSE_NS) {
			drive = SIM_DRIVE_LOW;
			next = min(next, w->since_ns + 2 * SIM_POWEROFF_PULSE_NS);
		} else {
			drive = SIM_DRIVE_HIGH;
		}
		break;
	}

	/* Glitches on a powered, not halted worker's halt line. */
	if (w->fault == SIM_WORKER_HALT_GLITCH && w->state != SIM_WORKER_OFF &&
	    w->state != SIM_WORKER_HALTED) {
		u64 len = (u64)w->glitch_ms * NSEC_PER_MSEC;
		u64 period = (u64)w->glitch_period_ms * NSEC_PER_MSEC;

		if (period <= len)	/* the knob is writable: stay sane */
			period = 2 * len;

		while (now >= w->next_glitch_ns + len)
			w->next_glitch_ns += period;
		if (now >= w->next_glitch_ns) {
			/* A pulse seen late by the poll starts now, full length. */
			if (!w->glitching)
				w->next_glitch_ns = now;
			w->glitching = true;
			drive = SIM_DRIVE_HIGH;
			next = min(next, w->next_glitch_ns + len);
		} else {
			w->glitching = false;
			next = min(next, w->next_glitch_ns);
		}
	} else {
		w->glitching = false;
	}
	spin_unlock(&w->lock);

	sim_gpio_drive(w->sg, w->halt_line, drive);
	hrtimer_set_expires(timer, ns_to_ktime(next));
	return HRTIMER_RESTART;
}

static void sim_worker_stop(void *data)
{
	struct sim_worker *w = data;

	hrtimer_cancel(&w->timer);
	sim_gpio_drive(w->sg, w->halt_line, SIM_DRIVE_NONE);
}

/**
 * sim_worker_init() - start a worker model
 * @w: lines, timings and power_losses filled in by the caller
 * @dev: the board, for the devm action that stops the model
 */
int sim_worker_init(struct sim_worker *w, struct device *dev)
{
	u64 now = ktime_get_ns();

	spin_lock_init(&w->lock);
	w->glitch_period_ms = 1000;
	sim_worker_enter(w, SIM_WORKER_OFF, now);
	sim_worker_power(w, now);
	hrtimer_init(&w->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS_HARD);
	w->timer.function = sim_worker_timer;
	hrtimer_start(&w->timer, ns_to_ktime(now), HRTIMER_MODE_ABS_HARD);
	return devm_add_action_or_reset(dev, sim_worker_stop, w);
}

/* debugfs: nodeN/state, shutdown, fault, boot_ms, shutdown_ms, power, status */

static int sim_worker_state_show(struct seq_file *s, void *unused)
{
	seq_printf(s, "%s\n", sim_worker_states[sim_worker_state(s->private)]);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_worker_state);

static int sim_worker_status_show(struct seq_file *s, void *unused)
{
	static const char *const faults[] = { "none", "never-halts", "halt-glitch" };
	struct sim_worker *w = s->private;
	unsigned long flags;

	spin_lock_irqsave(&w->lock, flags);
	seq_printf(s, "state %s\nsince_ns %llu\nrelay_line %u\nrelay_active_low %u\n"
		   "halt_line %u\nboot_ms %u\nshutdown_ms %u\nfault %s\nglitch_ms %u\n"
		   "glitch_period_ms %u\nboots %llu\nshutdowns %llu\n",
		   sim_worker_states[w->state], w->since_ns, w->relay_line,
		   w->relay_active_low, w->halt_line, w->boot_ms, w->shutdown_ms,
		   faults[w->fault], w->glitch_ms, w->glitch_period_ms, w->boots,
		   w->shutdowns);
	spin_unlock_irqrestore(&w->lock, flags);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_worker_status);

static ssize_t sim_worker_shutdown_write(struct file *file, const char __user *ubuf,
					 size_t count, loff_t *ppos)
{
	struct sim_worker *w = file->private_data;
	unsigned long flags;
	char buf[8];
	int ret;

	ret = sim_debugfs_read_line(ubuf, count, buf, sizeof(buf));
	if (ret)
		return ret;
	if (strcmp(buf, "1"))
		return -EINVAL;
	spin_lock_irqsave(&w->lock, flags);
	/* Like the SSH command: only a booted worker hears it. */
	if (w->state == SIM_WORKER_RUNNING)
		w->shutdown_requested = true;
	else if (w->state != SIM_WORKER_SHUTTING_DOWN)
		ret = -EAGAIN;
	spin_unlock_irqrestore(&w->lock, flags);
	return ret ? ret : count;
}

static const struct file_operations sim_worker_shutdown_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sim_worker_shutdown_write,
	.llseek = noop_llseek,
};

static ssize_t sim_worker_fault_write(struct file *file, const char __user *ubuf,
				      size_t count, loff_t *ppos)
{
	struct sim_worker *w = file->private_data;
	enum sim_worker_fault fault;
	unsigned int ms = 0;
	unsigned long flags;
	char buf[32];
	int ret;

	ret = sim_debugfs_read_line(ubuf, count, buf, sizeof(buf));
	if (ret)
		return ret;
	if (!strcmp(buf, "none"))
		fault = SIM_WORKER_OK;
	else if (!strcmp(buf, "never-halts"))
		fault = SIM_WORKER_NEVER_HALTS;
	else if (sscanf(buf, "halt-glitch %u", &ms) == 1 && ms > 0 && ms < 1000)
		fault = SIM_WORKER_HALT_GLITCH;
	else
		return -EINVAL;
	spin_lock_irqsave(&w->lock, flags);
	w->fault = fault;
	w->glitch_ms = ms;
	w->next_glitch_ns = ktime_get_ns();
	spin_unlock_irqrestore(&w->lock, flags);
	return count;
}

static ssize_t sim_worker_fault_read(struct file *file, char __user *ubuf,
				     size_t count, loff_t *ppos)
{
	struct sim_worker *w = file->private_data;
	char buf[32];
	int len;

	switch (READ_ONCE(w->fault)) {
	case SIM_WORKER_NEVER_HALTS:
		len = scnprintf(buf, sizeof(buf), "never-halts\n");
		break;
	case SIM_WORKER_HALT_GLITCH:
		len = scnprintf(buf, sizeof(buf), "halt-glitch %u\n", READ_ONCE(w->glitch_ms));
		break;
	default:
		len = scnprintf(buf, sizeof(buf), "none\n");
		break;
	}
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static const struct file_operations sim_worker_fault_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = sim_worker_fault_read,
	.write = sim_worker_fault_write,
	.llseek = default_llseek,
};

static int sim_worker_power_get(void *data, u64 *val)
{
	*val = sim_worker_state(data) != SIM_WORKER_OFF;
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(sim_worker_power_fops, sim_worker_power_get, NULL, "%llu\n");

void sim_worker_debugfs(struct sim_worker *w, struct dentry *dir)
{
	debugfs_create_file("state", 0444, dir, w, &sim_worker_state_fops);
	debugfs_create_file("status", 0444, dir, w, &sim_worker_status_fops);
	debugfs_create_file("shutdown", 0200, dir, w, &sim_worker_shutdown_fops);
	debugfs_create_file("fault", 0644, dir, w, &sim_worker_fault_fops);
	debugfs_create_file_unsafe("power", 0444, dir, w, &sim_worker_power_fops);
	debugfs_create_u32("boot_ms", 0644, dir, &w->boot_ms);
	debugfs_create_u32("shutdown_ms", 0644, dir, &w->shutdown_ms);
	debugfs_create_u32("glitch_period_ms", 0644, dir, &w->glitch_period_ms);
}
