// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc: the power channels, one per worker node: a relay output that powers
 * the node and the halt input its gpio-poweroff raises once halted.  The
 * state machine (channel.c) decides; this driver feeds it the halt edges,
 * timestamped in the hard interrupt handler, wakes it at its deadlines and
 * applies the relay levels it asks for.
 *
 * Properties ("pibmc,power", dts-overlays/bindings/pibmc,power.yaml):
 * debounce-ms (300), stagger-ms (1000), shutdown-timeout-ms (60000),
 * cycle-off-ms (2000), cut-halted-nodes (u32, 1: a node that halts on its
 * own has its power cut), pibmc,raw-control; one available child node per
 * channel (1 to 8, numbered in order): label (default "nodeN"),
 * relay-gpios, halt-gpios.  The channels are also a gpiochip
 * (power_gpio.c).
 *
 * Relays never glitch: they are taken as found (GPIOD_ASIS), read back and
 * driven at that level; removal leaves them as they are.  So a running
 * cluster survives unbind, rebind and module reloads.
 *
 * debugfs (tests, and the operator until the netlink family exists):
 * pibmc-power/nodes lists the nodes, one per line: index, name, state,
 * cause, power, halt, last transition (ns), deadline (ns, 0: none);
 * pibmc-power/log lists the last PIBMC_POWER_LOG halt edges and relay
 * writes as the state machine saw them: "NS INDEX halt|relay LEVEL";
 * pibmc-power/request takes "VERB INDEX..." with VERB one of on (staggered),
 * off, shutdown, force-off, cycle, shutdown-failed; a refusal fails the
 * write with the error and logs why.
 *
 * Locking: one mutex per device serializes the state machine of all its
 * channels and the relay writes (gpio calls that may sleep).  Events go to
 * the notifier chain after the mutex is dropped.  One exception: when
 * neither of a channel's gpios sleeps, the deadline timer cuts its relay
 * itself at the end of a halt signal's debounce, so that the cut waits for
 * no thread; a spinlock per channel orders that cut with the sections under
 * the mutex (pibmc_power_plan(), pibmc_power_hold()).
 */

#include <linux/device.h>
#include <linux/gpio/consumer.h>
#include <linux/hrtimer.h>
#include <linux/bits.h>
#include <linux/debugfs.h>
#include <linux/interrupt.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "nodes.h"
#include "power.h"
#include "power_priv.h"

/* The device (one at most), for the netlink family. */
static DEFINE_MUTEX(pibmc_power_dev_lock);
static struct pibmc_power *pibmc_power_dev;

static BLOCKING_NOTIFIER_HEAD(pibmc_power_notifier);

static const char * const pibmc_cause_names[] = {
	[PIBMC_CAUSE_ADOPTED] = "adopted",
	[PIBMC_CAUSE_REQUEST] = "request",
	[PIBMC_CAUSE_FORCE] = "forced",
	[PIBMC_CAUSE_CYCLE] = "cycle",
	[PIBMC_CAUSE_SHUTDOWN] = "shutdown",
	[PIBMC_CAUSE_HALTED] = "halted",
	[PIBMC_CAUSE_TIMEOUT] = "timeout",
	[PIBMC_CAUSE_SHUTDOWN_FAILED] = "shutdown failed",
	[PIBMC_CAUSE_HALT_SIGNAL] = "halt signal",
};

static const char *pibmc_cause_name(unsigned int cause)
{
	return cause < ARRAY_SIZE(pibmc_cause_names) ? pibmc_cause_names[cause] : "?";
}

static void pibmc_power_log(struct pibmc_power_ch *c, u64 ns, bool relay,
			    bool level)
{
	struct pibmc_power *pw = c->pw;

	lockdep_assert_held(&pw->lock);
	pw->log[pw->log_head] = (struct pibmc_power_log) {
		.ns = ns, .node = c->idx, .relay = relay, .level = level,
	};
	pw->log_head = (pw->log_head + 1) % PIBMC_POWER_LOG;
	if (pw->log_count < PIBMC_POWER_LOG)
		pw->log_count++;
}

static void pibmc_power_snap(struct pibmc_power_ch *c,
			     struct pibmc_power_node *info)
{
	strscpy(info->name, c->name, sizeof(info->name));
	info->power = c->ch.relay;
	info->halt = c->ch.halt;
	info->state = c->ch.state;
	info->cause = c->ch.cause;
	info->since_ns = c->ch.since;
	info->deadline_ns = c->ch.deadline;
}

static void pibmc_power_relay_log(struct pibmc_power_ch *c, u64 ns, bool level,
				  bool by_timer)
{
	pibmc_power_log(c, ns, true, level);
	dev_info(c->pw->dev, "%s: power %s (%s)%s\n", c->name,
		 level ? "on" : "off", pibmc_cause_name(c->ch.cause),
		 by_timer ? ", cut by the deadline timer" : "");
}

/*
 * Does the tick at @deadline cut the relay?  Then the timer may cut it
 * itself, in its interrupt, if nothing changes the channel before: no
 * halt edge (pibmc_power_ch.edges) and no section under pw->lock
 * (pibmc_power_hold()).  The state machine is pure: a copy of it is
 * asked.  Called with pw->lock held.
 */
static void pibmc_power_plan(struct pibmc_power_ch *c, u64 deadline)
{
	struct pibmc_channel then = c->ch;
	struct pibmc_ch_out out;
	bool cut = false;

	if (c->fast_cut && deadline) {
		pibmc_ch_tick(&then, deadline, &out);
		cut = out.relay_set && !out.relay;
	}
	spin_lock_irq(&c->cut_lock);
	c->cut_at = cut ? deadline : 0;
	c->cut_edges = c->edges_handled;
	spin_unlock_irq(&c->cut_lock);
}

/*
 * Apply what the state machine said: the relay first, then the deadline;
 * take a snapshot of the node for the events.  Called with pw->lock held.
 */
static void pibmc_power_apply(struct pibmc_power_ch *c,
			      const struct pibmc_ch_out *out,
			      struct pibmc_power_node *info)
{
	struct pibmc_power *pw = c->pw;

	lockdep_assert_held(&pw->lock);
	if (info)
		pibmc_power_snap(c, info);
	if (out->relay_set) {
		gpiod_set_value_cansleep(c->relay, out->relay);
		pibmc_power_relay_log(c, ktime_get_ns(), out->relay, false);
	}
	if (pw->dying)
		return;
	pibmc_power_plan(c, out->deadline);
	if (out->deadline)
		hrtimer_start(&c->timer, ns_to_ktime(out->deadline),
			      HRTIMER_MODE_ABS);
	else
		hrtimer_try_to_cancel(&c->timer);
}

/*
 * First thing of a section under pw->lock that may change the channel: the
 * timer may cut no more until pibmc_power_apply() plans again, and a cut it
 * made is given to the state machine, as the tick at its time.
 *
 * Return: true if there was one: @out and @info are then to be notified.
 */
static bool pibmc_power_hold(struct pibmc_power_ch *c, struct pibmc_ch_out *out,
			     struct pibmc_power_node *info)
{
	u64 cut_ns;

	lockdep_assert_held(&c->pw->lock);
	spin_lock_irq(&c->cut_lock);
	c->cut_at = 0;
	cut_ns = c->cut_ns;
	c->cut_ns = 0;
	spin_unlock_irq(&c->cut_lock);
	if (!cut_ns)
		return false;
	pibmc_ch_tick(&c->ch, cut_ns, out);
	if (WARN_ON_ONCE(!out->relay_set || out->relay)) {
		/* Not the plan's cut: the relay as the state machine has it. */
		gpiod_set_value_cansleep(c->relay, c->ch.relay);
	} else {
		pibmc_power_relay_log(c, cut_ns, false, true);
		out->relay_set = false;
	}
	pibmc_power_apply(c, out, info);
	return true;
}

/* The events, after pw->lock is dropped. */
static void pibmc_power_notify(struct pibmc_power_ch *c,
			       const struct pibmc_ch_out *out,
			       const struct pibmc_power_node *info)
{
	struct pibmc_power_event pe = { .node = c->idx, .info = *info };
	unsigned int i;

	for (i = 0; i < out->nev; i++) {
		pe.ev = out->ev[i];
		dev_dbg(c->pw->dev, "%s: event %u, state %s\n", c->name,
			pe.ev.type, pibmc_ch_state_name(pe.ev.state));
		blocking_notifier_call_chain(&pibmc_power_notifier, pe.ev.type, &pe);
	}
}

/*
 * A deadline: the state machine's tick, unless the timer made it already
 * (a cut), with the halt line read again first.  If its fall was lost (the
 * interrupt masked, no other edge since), the line is low while the
 * channel still sees it high: the fall is fed now, so a debounce never
 * ends on a level the line no longer has.
 */
static void pibmc_power_work(struct kthread_work *work)
{
	struct pibmc_power_ch *c = container_of(work, struct pibmc_power_ch, work);
	struct pibmc_power *pw = c->pw;
	struct pibmc_power_node info;
	struct pibmc_ch_out out;
	int level = gpiod_get_value_cansleep(c->halt);
	u64 now;

	mutex_lock(&pw->lock);
	if (pibmc_power_hold(c, &out, &info))
		goto unlock;
	now = ktime_get_ns();
	if (level == 0 && c->ch.halt) {
		pibmc_power_log(c, now, false, 0);
		pibmc_ch_halt(&c->ch, false, now, &out);
	} else {
		pibmc_ch_tick(&c->ch, now, &out);
	}
	pibmc_power_apply(c, &out, &info);
unlock:
	mutex_unlock(&pw->lock);
	pibmc_power_notify(c, &out, &info);
}

/*
 * The cut the plan allows, made here: the halt line still high, no edge
 * since the plan (pibmc_power_plan()), no section since.  Both lines' gpio
 * calls do not sleep (pibmc_power_ch.fast_cut).
 */
static void pibmc_power_fast_cut(struct pibmc_power_ch *c)
{
	unsigned long flags;
	u64 now = ktime_get_ns();

	spin_lock_irqsave(&c->cut_lock, flags);
	if (c->cut_at && now >= c->cut_at) {
		if (atomic_read(&c->edges) == c->cut_edges &&
		    gpiod_get_value(c->halt) == 1) {
			gpiod_set_value(c->relay, 0);
			c->cut_ns = now;
		}
		c->cut_at = 0;
	}
	spin_unlock_irqrestore(&c->cut_lock, flags);
}

static enum hrtimer_restart pibmc_power_timer(struct hrtimer *t)
{
	struct pibmc_power_ch *c = container_of(t, struct pibmc_power_ch, timer);

	pibmc_power_fast_cut(c);
	kthread_queue_work(c->pw->worker, &c->work);
	return HRTIMER_NORESTART;
}

static irqreturn_t pibmc_power_halt_irq(int irq, void *data)
{
	struct pibmc_power_ch *c = data;

	c->edge_ns = ktime_get_ns();
	atomic_inc(&c->edges);
	return IRQ_WAKE_THREAD;
}

/*
 * The level now, with the edge's time: two edges folded into one read
 * either leave the level as it was (a short low pulse while high reads as
 * a new rise: the debounce restarts, the safe way) or change it once.
 */
static irqreturn_t pibmc_power_halt_thread(int irq, void *data)
{
	struct pibmc_power_ch *c = data;
	struct pibmc_power *pw = c->pw;
	struct pibmc_power_node info, cut_info;
	struct pibmc_ch_out out, cut;
	unsigned int edges = atomic_read(&c->edges);
	bool was_cut;
	int level;

	level = gpiod_get_value_cansleep(c->halt);
	if (level < 0)
		return IRQ_HANDLED;
	mutex_lock(&pw->lock);
	was_cut = pibmc_power_hold(c, &cut, &cut_info);
	c->edges_handled = edges;
	pibmc_power_log(c, c->edge_ns, false, level);
	/* Times never go back: an edge racing the timer's cut comes after it. */
	pibmc_ch_halt(&c->ch, level, max(c->edge_ns, c->ch.since), &out);
	pibmc_power_apply(c, &out, &info);
	mutex_unlock(&pw->lock);
	if (was_cut)
		pibmc_power_notify(c, &cut, &cut_info);
	pibmc_power_notify(c, &out, &info);
	mutex_lock(&pw->lock);
	pibmc_power_gpio_halt_edge(c, level);
	mutex_unlock(&pw->lock);
	return IRQ_HANDLED;
}

static void pibmc_power_stop(void *data)
{
	struct pibmc_power *pw = data;
	unsigned int i;

	mutex_lock(&pw->lock);
	pw->dying = true;
	mutex_unlock(&pw->lock);
	for (i = 0; i < pw->n; i++) {
		hrtimer_cancel(&pw->chs[i].timer);
		kthread_cancel_work_sync(&pw->chs[i].work);
	}
}

static void pibmc_power_worker_destroy(void *data)
{
	kthread_destroy_worker(data);
}

/*
 * The deadlines' worker: a real-time thread, as the halt interrupts'
 * threads are, so that a cut at the end of a debounce waits for no
 * ordinary task (a kworker, even a high-priority one, is scheduled among
 * them: milliseconds late under load on a kernel without full preemption).
 */
static int pibmc_power_worker_create(struct pibmc_power *pw)
{
	pw->worker = kthread_create_worker(0, "pibmc-power");
	if (IS_ERR(pw->worker))
		return dev_err_probe(pw->dev, PTR_ERR(pw->worker), "worker\n");
	sched_set_fifo(pw->worker->task);
	return devm_add_action_or_reset(pw->dev, pibmc_power_worker_destroy,
					pw->worker);
}

static void pibmc_power_unlist(void *data)
{
	mutex_lock(&pibmc_power_dev_lock);
	pibmc_power_dev = NULL;
	mutex_unlock(&pibmc_power_dev_lock);
}

static u64 pibmc_power_ms(struct device *dev, const char *prop, u32 def)
{
	u32 ms = def;

	device_property_read_u32(dev, prop, &ms);
	return (u64)min_t(u32, ms, PIBMC_TIMING_MAX_MS) * NSEC_PER_MSEC;
}

/* Take the channel's lines as they are, and adopt their levels. */
static int pibmc_power_ch_probe(struct pibmc_power *pw, struct pibmc_power_ch *c,
				u64 now)
{
	struct gpio_desc *relay = c->relay, *halt = c->halt;
	struct device *dev = pw->dev;
	struct pibmc_ch_out out;
	int on, level, irq, ret;
	u32 cut;

	/* An output reads its latch; an input the MOSFET gate's pull. */
	on = gpiod_get_value_cansleep(relay);
	if (on < 0)
		return dev_err_probe(dev, on, "%s: reading the relay\n", c->name);
	ret = gpiod_direction_output(relay, on);
	if (ret)
		return dev_err_probe(dev, ret, "%s: relay as output\n", c->name);
	ret = gpiod_direction_input(halt);
	if (ret)
		return dev_err_probe(dev, ret, "%s: halt as input\n", c->name);
	level = gpiod_get_value_cansleep(halt);
	if (level < 0)
		return dev_err_probe(dev, level, "%s: reading halt\n", c->name);

	pibmc_ch_init(&c->ch);
	c->ch.debounce_ns = pibmc_power_ms(dev, "debounce-ms", 300);
	c->ch.shutdown_timeout_ns = pibmc_power_ms(dev, "shutdown-timeout-ms", 60000);
	c->ch.cycle_off_ns = pibmc_power_ms(dev, "cycle-off-ms", 2000);
	cut = 1;
	device_property_read_u32(dev, "cut-halted-nodes", &cut);
	c->ch.cut_on_halt = cut;
	pibmc_ch_adopt(&c->ch, on, level, now, &out);
	dev_info(dev, "%s: adopted, power %s, halt %s\n", c->name,
		 on ? "on" : "off", level ? "high" : "low");

	irq = gpiod_to_irq(halt);
	if (irq < 0)
		return dev_err_probe(dev, irq, "%s: no interrupt for halt\n", c->name);
	ret = devm_request_threaded_irq(dev, irq, pibmc_power_halt_irq,
					pibmc_power_halt_thread,
					IRQF_ONESHOT | IRQF_TRIGGER_RISING |
					IRQF_TRIGGER_FALLING, c->name, c);
	if (ret)
		return dev_err_probe(dev, ret, "%s: halt interrupt\n", c->name);

	/* An edge between the read above and the request: read again. */
	level = gpiod_get_value_cansleep(halt);
	mutex_lock(&pw->lock);
	if (level >= 0 && level != c->ch.halt)
		pibmc_ch_halt(&c->ch, level, ktime_get_ns(), &out);
	pibmc_power_apply(c, &out, NULL);
	mutex_unlock(&pw->lock);
	return 0;
}

static int pibmc_power_nodes_show(struct seq_file *m, void *v)
{
	struct pibmc_power_node info;
	unsigned int i;

	for (i = 0; !pibmc_power_node_get(i, &info); i++)
		seq_printf(m, "%u %s %s %s %u %u %llu %llu\n", i, info.name,
			   pibmc_ch_state_name(info.state),
			   pibmc_cause_name(info.cause), info.power, info.halt,
			   info.since_ns, info.deadline_ns);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(pibmc_power_nodes);

static int pibmc_power_log_show(struct seq_file *m, void *v)
{
	struct pibmc_power *pw = m->private;
	const struct pibmc_power_log *e;
	unsigned int i, n;

	mutex_lock(&pw->lock);
	n = pw->log_count;
	for (i = 0; i < n; i++) {
		e = &pw->log[(pw->log_head + PIBMC_POWER_LOG - n + i) % PIBMC_POWER_LOG];
		seq_printf(m, "%llu %u %s %u\n", e->ns, e->node,
			   e->relay ? "relay" : "halt", e->level);
	}
	mutex_unlock(&pw->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(pibmc_power_log);

static const char * const pibmc_power_verbs[] = {
	[PIBMC_CH_REQ_ON] = "on",
	[PIBMC_CH_REQ_OFF] = "off",
	[PIBMC_CH_REQ_SHUTDOWN] = "shutdown",
	[PIBMC_CH_REQ_FORCE_OFF] = "force-off",
	[PIBMC_CH_REQ_CYCLE] = "cycle",
	[PIBMC_CH_REQ_SHUTDOWN_FAILED] = "shutdown-failed",
};

static ssize_t pibmc_power_request_write(struct file *file,
					 const char __user *ubuf, size_t len,
					 loff_t *ppos)
{
	struct pibmc_power *pw = file->private_data;
	char buf[64], *p = buf, *tok;
	const char *msg = NULL;
	unsigned int node;
	int verb, ret = 0;
	u32 mask = 0;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = 0;
	tok = strsep(&p, "\t\n ");
	verb = tok ? match_string(pibmc_power_verbs, ARRAY_SIZE(pibmc_power_verbs), tok) : -EINVAL;
	if (verb < 0)
		return -EINVAL;
	while ((tok = strsep(&p, "\t\n "))) {
		if (!*tok)
			continue;
		if (kstrtouint(tok, 10, &node) || node >= pw->n)
			return -EINVAL;
		mask |= BIT(node);
	}
	if (!mask)
		return -EINVAL;
	if (verb == PIBMC_CH_REQ_ON) {
		ret = pibmc_power_on(mask, &msg);
	} else {
		for (node = 0; node < pw->n && !ret; node++)
			if (mask & BIT(node))
				ret = pibmc_power_request(node, verb, &msg);
	}
	if (msg)
		dev_info(pw->dev, "%s: %s\n", pibmc_power_verbs[verb], msg);
	return ret ? ret : len;
}

static const struct file_operations pibmc_power_request_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = pibmc_power_request_write,
};

static void pibmc_power_debugfs_remove(void *data)
{
	struct pibmc_power *pw = data;

	debugfs_remove_recursive(pw->debugfs);
}

/* A channel's child node: label, relay-gpios, halt-gpios. */
static int pibmc_power_ch_of(struct pibmc_power *pw, struct pibmc_power_ch *c,
			     struct fwnode_handle *child)
{
	struct device *dev = pw->dev;
	const char *label;
	unsigned int i;

	if (fwnode_property_read_string(child, "label", &label))
		c->name = devm_kasprintf(dev, GFP_KERNEL, "node%u", c->idx);
	else if (strlen(label) > PIBMC_NAME_LEN)
		return dev_err_probe(dev, -EINVAL, "%pfwP: label \"%s\" longer than %u\n",
				     child, label, PIBMC_NAME_LEN);
	else
		c->name = devm_kstrdup(dev, label, GFP_KERNEL);
	if (!c->name)
		return -ENOMEM;
	for (i = 0; i < c->idx; i++)
		if (!strcmp(pw->chs[i].name, c->name))
			return dev_err_probe(dev, -EINVAL, "two nodes named %s\n", c->name);

	c->relay = devm_fwnode_gpiod_get(dev, child, "relay", GPIOD_ASIS, c->name);
	if (IS_ERR(c->relay))
		return dev_err_probe(dev, PTR_ERR(c->relay), "%s: relay-gpios\n", c->name);
	c->halt = devm_fwnode_gpiod_get(dev, child, "halt", GPIOD_ASIS, c->name);
	if (IS_ERR(c->halt))
		return dev_err_probe(dev, PTR_ERR(c->halt), "%s: halt-gpios\n", c->name);
	c->fast_cut = !gpiod_cansleep(c->relay) && !gpiod_cansleep(c->halt);
	return 0;
}

static void pibmc_power_ch_init(struct pibmc_power *pw, unsigned int i)
{
	struct pibmc_power_ch *c = &pw->chs[i];

	c->pw = pw;
	c->idx = i;
	spin_lock_init(&c->cut_lock);
	hrtimer_init(&c->timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
	c->timer.function = pibmc_power_timer;
	kthread_init_work(&c->work, pibmc_power_work);
}

/*
 * The channels in the order of their reg: overlays may have added the
 * child nodes in any order.
 */
static int pibmc_power_of(struct pibmc_power *pw)
{
	struct fwnode_handle *child, *by_reg[PIBMC_MAX_NODES] = { };
	unsigned int i = 0;
	int ret = 0;
	u32 reg;

	device_for_each_child_node(pw->dev, child) {
		if (fwnode_property_read_u32(child, "reg", &reg) ||
		    reg >= PIBMC_MAX_NODES || by_reg[reg]) {
			ret = dev_err_probe(pw->dev, -EINVAL,
					    "%pfwP: reg missing, above %u or twice\n",
					    child, PIBMC_MAX_NODES - 1);
			fwnode_handle_put(child);
			break;
		}
		by_reg[reg] = fwnode_handle_get(child);
	}
	for (reg = 0; reg < PIBMC_MAX_NODES; reg++) {
		if (!by_reg[reg])
			continue;
		if (!ret) {
			pibmc_power_ch_init(pw, i);
			ret = pibmc_power_ch_of(pw, &pw->chs[i++], by_reg[reg]);
		}
		fwnode_handle_put(by_reg[reg]);
	}
	return ret;
}

static int pibmc_power_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct pibmc_power *pw;
	unsigned int i, n;
	int ret;
	u64 now;

	n = device_get_child_node_count(dev);
	if (!n || n > PIBMC_MAX_NODES)
		return dev_err_probe(dev, -EINVAL, "%u channels: 1 to %u\n",
				     n, PIBMC_MAX_NODES);
	pw = devm_kzalloc(dev, struct_size(pw, chs, n), GFP_KERNEL);
	if (!pw)
		return -ENOMEM;
	pw->n = n;
	pw->dev = dev;
	mutex_init(&pw->lock);
	pw->stagger.stagger_ns = pibmc_power_ms(dev, "stagger-ms", 1000);
	ret = pibmc_power_of(pw);
	if (ret)
		return ret;
	ret = pibmc_power_worker_create(pw);
	if (ret)
		return ret;

	ret = devm_add_action_or_reset(dev, pibmc_power_stop, pw);
	if (ret)
		return ret;
	now = ktime_get_ns();
	for (i = 0; i < n; i++) {
		ret = pibmc_power_ch_probe(pw, &pw->chs[i], now);
		if (ret)
			return ret;
	}

	mutex_lock(&pibmc_power_dev_lock);
	if (pibmc_power_dev) {
		mutex_unlock(&pibmc_power_dev_lock);
		return dev_err_probe(dev, -EBUSY, "one pibmc,power device at most\n");
	}
	pibmc_power_dev = pw;
	mutex_unlock(&pibmc_power_dev_lock);
	ret = devm_add_action_or_reset(dev, pibmc_power_unlist, pw);
	if (ret)
		return ret;
	ret = pibmc_power_gpio_register(pw);
	if (ret)
		return ret;

	pw->debugfs = debugfs_create_dir("pibmc-power", NULL);
	debugfs_create_file("nodes", 0444, pw->debugfs, pw, &pibmc_power_nodes_fops);
	debugfs_create_file("log", 0444, pw->debugfs, pw, &pibmc_power_log_fops);
	debugfs_create_file("request", 0200, pw->debugfs, pw, &pibmc_power_request_fops);
	return devm_add_action_or_reset(dev, pibmc_power_debugfs_remove, pw);
}

/**
 * pibmc_power_nodes() - how many nodes
 *
 * Return: the number of channels, 0 without a device.
 */
int pibmc_power_nodes(void)
{
	int n;

	mutex_lock(&pibmc_power_dev_lock);
	n = pibmc_power_dev ? pibmc_power_dev->n : 0;
	mutex_unlock(&pibmc_power_dev_lock);
	return n;
}

/**
 * pibmc_power_node_get() - a node's state
 * @node: its index
 * @info: filled
 *
 * Return: 0, or -ENODEV without such a node.
 */
int pibmc_power_node_get(unsigned int node, struct pibmc_power_node *info)
{
	struct pibmc_power *pw;
	struct pibmc_power_ch *c;
	int ret = -ENODEV;

	mutex_lock(&pibmc_power_dev_lock);
	pw = pibmc_power_dev;
	if (pw && node < pw->n) {
		c = &pw->chs[node];
		mutex_lock(&pw->lock);
		pibmc_power_snap(c, info);
		mutex_unlock(&pw->lock);
		ret = 0;
	}
	mutex_unlock(&pibmc_power_dev_lock);
	return ret;
}

/**
 * pibmc_power_request() - a request for one node
 * @node: its index
 * @req: the request (PIBMC_CH_REQ_ON switches on at once: see
 *	pibmc_power_on() for staggered)
 * @msg: set to a message for the extack, or NULL
 *
 * Return: 0, -ENODEV without such a node, else as pibmc_ch_request().
 */
int pibmc_power_request(unsigned int node, enum pibmc_ch_req req,
			const char **msg)
{
	struct pibmc_power_node info, cut_info;
	struct pibmc_ch_out out, cut;
	struct pibmc_power *pw;
	struct pibmc_power_ch *c;
	bool was_cut;
	int ret;

	*msg = NULL;
	mutex_lock(&pibmc_power_dev_lock);
	pw = pibmc_power_dev;
	if (!pw || node >= pw->n) {
		mutex_unlock(&pibmc_power_dev_lock);
		*msg = "no such node";
		return -ENODEV;
	}
	c = &pw->chs[node];
	mutex_lock(&pw->lock);
	was_cut = pibmc_power_hold(c, &cut, &cut_info);
	ret = pibmc_ch_request(&c->ch, req, ktime_get_ns(), &out);
	pibmc_power_apply(c, &out, &info);
	mutex_unlock(&pw->lock);
	*msg = out.msg;
	if (was_cut)
		pibmc_power_notify(c, &cut, &cut_info);
	pibmc_power_notify(c, &out, &info);
	mutex_unlock(&pibmc_power_dev_lock);
	return ret;
}

/**
 * pibmc_power_on() - switch nodes on, staggered
 * @mask: the nodes, bit i = node i
 * @msg: set to a message for the extack, or NULL
 *
 * The nodes that are off get the next stagger slots in index order; the
 * others are asked to switch on at once (which changes nothing, or is
 * refused: halted, fault).
 *
 * Return: 0, -ENODEV for a node that does not exist (nothing done), else
 * the first refusal.
 */
int pibmc_power_on(u32 mask, const char **msg)
{
	u64 at[PIBMC_MAX_NODES];
	struct pibmc_power_node info, cut_info;
	struct pibmc_ch_out out, cut;
	struct pibmc_power *pw;
	bool was_cut;
	unsigned int i;
	int ret = 0, r;
	u32 off = 0;
	u64 now;

	*msg = NULL;
	mutex_lock(&pibmc_power_dev_lock);
	pw = pibmc_power_dev;
	if (!pw || mask >> pw->n) {
		mutex_unlock(&pibmc_power_dev_lock);
		*msg = "no such node";
		return -ENODEV;
	}
	mutex_lock(&pw->lock);
	now = ktime_get_ns();
	for (i = 0; i < pw->n; i++)
		if ((mask & BIT(i)) && pw->chs[i].ch.state == PIBMC_NODE_STATE_OFF &&
		    !pw->chs[i].ch.on_at)
			off |= BIT(i);
	pibmc_stagger_plan(&pw->stagger, off, pw->n, now, at);
	mutex_unlock(&pw->lock);

	/* One node at a time, each notified without the lock. */
	for (i = 0; i < pw->n; i++) {
		struct pibmc_power_ch *c = &pw->chs[i];

		if (!(mask & BIT(i)))
			continue;
		mutex_lock(&pw->lock);
		was_cut = pibmc_power_hold(c, &cut, &cut_info);
		now = ktime_get_ns();
		if (was_cut && !(off & BIT(i)) &&
		    c->ch.state == PIBMC_NODE_STATE_OFF && !c->ch.on_at) {
			/* Cut by its timer since the plan: off too. */
			at[i] = pibmc_stagger_slot(&pw->stagger, now);
			off |= BIT(i);
		}
		if (off & BIT(i))
			r = pibmc_ch_schedule_on(&c->ch, at[i], now, &out);
		else
			r = pibmc_ch_request(&c->ch, PIBMC_CH_REQ_ON, now, &out);
		pibmc_power_apply(c, &out, &info);
		mutex_unlock(&pw->lock);
		if (r && !ret) {
			ret = r;
			*msg = out.msg;
		}
		if (was_cut)
			pibmc_power_notify(c, &cut, &cut_info);
		pibmc_power_notify(c, &out, &info);
	}
	mutex_unlock(&pibmc_power_dev_lock);
	return ret;
}

/**
 * pibmc_power_register_notifier() - receive the nodes' events
 * @nb: called with the event type and a struct pibmc_power_event
 *
 * Return: 0.
 */
int pibmc_power_register_notifier(struct notifier_block *nb)
{
	return blocking_notifier_chain_register(&pibmc_power_notifier, nb);
}

/**
 * pibmc_power_unregister_notifier() - stop receiving the nodes' events
 * @nb: as registered
 *
 * Return: 0, or -ENOENT if @nb was not registered.
 */
int pibmc_power_unregister_notifier(struct notifier_block *nb)
{
	return blocking_notifier_chain_unregister(&pibmc_power_notifier, nb);
}

static const struct of_device_id pibmc_power_of_match[] = {
	{ .compatible = "pibmc,power" },
	{ }
};
MODULE_DEVICE_TABLE(of, pibmc_power_of_match);

struct platform_driver pibmc_power_driver = {
	.probe = pibmc_power_probe,
	.driver = {
		.name = "pibmc-power",
		.of_match_table = pibmc_power_of_match,
	},
};
