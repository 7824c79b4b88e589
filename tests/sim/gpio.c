// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc_sim: a 54-line GPIO controller like the BCM2835 bank.
 *
 * Each line has a function (input, output or an alternate function), an
 * internal pull, an optional pull resistor on the board and an outside
 * driver (a fan's open-collector tach, a worker's halt output, or a test
 * writing gpio/inject).  The level follows from them.
 *
 * Interrupts: gpiolib's irqchip with an immutable irq_chip.  A level change
 * is computed under the controller's raw spinlock; the interrupts it raises
 * are delivered after the lock is released, synchronously, through
 * generic_handle_domain_irq_safe() (which disables local interrupts around
 * the flow handler).  The models change lines from hrtimer callbacks (hard
 * interrupt context), so a consumer's handler runs at the modelled instant,
 * like a real edge interrupt; threaded handlers run in their thread as
 * usual.  Level interrupts still active when unmasked are re-delivered from
 * an irq_work, as the unmask callback runs under the descriptor's lock.
 */

#include <linux/irq.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/pinctrl/pinconf-generic.h>
#include <linux/platform_device.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "gpio.h"

static int sim_line_compute(const struct sim_line *l)
{
	if (l->func == SIM_FUNC_OUT)
		return l->out;
	if (l->drive != SIM_DRIVE_NONE)
		return l->drive == SIM_DRIVE_HIGH;
	if (l->ext_pull != SIM_PULL_NONE)
		return l->ext_pull == SIM_PULL_UP;
	/* A floating input reads low. */
	return l->pull == SIM_PULL_UP;
}

static bool sim_irq_fires(const struct sim_line *l, int old)
{
	if (!l->irq_unmasked)
		return false;
	switch (l->irq_type) {
	case IRQ_TYPE_EDGE_RISING:
		return !old && l->level;
	case IRQ_TYPE_EDGE_FALLING:
		return old && !l->level;
	case IRQ_TYPE_EDGE_BOTH:
		return old != l->level;
	case IRQ_TYPE_LEVEL_HIGH:
		return l->level;
	case IRQ_TYPE_LEVEL_LOW:
		return !l->level;
	default:
		return false;
	}
}

static void sim_log_edge(struct sim_gpio *sg, unsigned int line, int level)
{
	struct sim_edge *e = &sg->log[sg->log_head];

	e->ns = ktime_get_ns();
	e->line = line;
	e->level = level;
	sg->log_head = (sg->log_head + 1) % SIM_EDGE_LOG;
	if (sg->log_len < SIM_EDGE_LOG)
		sg->log_len++;
	else
		sg->log_lost++;
}

void sim_gpio_update(struct sim_gpio *sg, unsigned int line,
		     void (*update)(struct sim_line *l, unsigned long arg),
		     unsigned long arg)
{
	struct sim_line *l = &sg->lines[line];
	unsigned long flags;
	sim_line_notify_t notify;
	void *data;
	bool fire, changed;
	u8 old_level, old_func;

	rcu_read_lock();	/* the board unhooks with synchronize_rcu() */
	raw_spin_lock_irqsave(&sg->lock, flags);
	old_level = l->level;
	old_func = l->func;
	update(l, arg);
	l->level = sim_line_compute(l);
	if (l->func == SIM_FUNC_OUT && l->level != old_level)
		sim_log_edge(sg, line, l->level);
	fire = l->level != old_level && sim_irq_fires(l, old_level);
	changed = l->level != old_level || l->func != old_func;
	notify = sg->notify;
	data = sg->notify_data;
	raw_spin_unlock_irqrestore(&sg->lock, flags);

	if (fire)
		generic_handle_domain_irq_safe(sg->gc.irq.domain, line);
	if (changed && notify)
		notify(data, line);
	rcu_read_unlock();
}

static void sim_update_drive(struct sim_line *l, unsigned long drive)
{
	l->drive = drive;
}

static void sim_update_ext_pull(struct sim_line *l, unsigned long pull)
{
	l->ext_pull = pull;
}

static void sim_update_out(struct sim_line *l, unsigned long value)
{
	l->out = value;
}

static void sim_update_dir_out(struct sim_line *l, unsigned long value)
{
	l->out = value;
	l->func = SIM_FUNC_OUT;
}

static void sim_update_dir_in(struct sim_line *l, unsigned long unused)
{
	l->func = SIM_FUNC_IN;
}

static void sim_update_pull(struct sim_line *l, unsigned long pull)
{
	l->pull = pull;
}

static void sim_update_func(struct sim_line *l, unsigned long func)
{
	l->func = func;
}

/**
 * sim_gpio_drive() - drive an input line from outside, or release it
 * @sg: the controller
 * @line: line number
 * @drive: SIM_DRIVE_LOW, SIM_DRIVE_HIGH or SIM_DRIVE_NONE (released)
 *
 * Delivers the interrupts the change raises.  Call with no lock held.
 */
void sim_gpio_drive(struct sim_gpio *sg, unsigned int line, enum sim_drive drive)
{
	if (line < SIM_NGPIO)
		sim_gpio_update(sg, line, sim_update_drive, drive);
}

void sim_gpio_set_ext_pull(struct sim_gpio *sg, unsigned int line, enum sim_pull pull)
{
	if (line < SIM_NGPIO)
		sim_gpio_update(sg, line, sim_update_ext_pull, pull);
}

void sim_gpio_set_function(struct sim_gpio *sg, unsigned int line, enum sim_func func)
{
	if (line < SIM_NGPIO)
		sim_gpio_update(sg, line, sim_update_func, func);
}

void sim_gpio_set_pull(struct sim_gpio *sg, unsigned int line, enum sim_pull pull)
{
	if (line < SIM_NGPIO)
		sim_gpio_update(sg, line, sim_update_pull, pull);
}

int sim_gpio_level(struct sim_gpio *sg, unsigned int line)
{
	return line < SIM_NGPIO ? READ_ONCE(sg->lines[line].level) : 0;
}

enum sim_func sim_gpio_function(struct sim_gpio *sg, unsigned int line)
{
	return line < SIM_NGPIO ? READ_ONCE(sg->lines[line].func) : SIM_FUNC_IN;
}

enum sim_pull sim_gpio_pull(struct sim_gpio *sg, unsigned int line)
{
	return line < SIM_NGPIO ? READ_ONCE(sg->lines[line].pull) : SIM_PULL_NONE;
}

void sim_gpio_set_notify(struct sim_gpio *sg, sim_line_notify_t fn, void *data)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&sg->lock, flags);
	sg->notify = fn;
	sg->notify_data = data;
	raw_spin_unlock_irqrestore(&sg->lock, flags);
}

/*
 * The calls never sleep, but the board's gpio-can-sleep makes the chip say
 * they may, as an I2C expander's: its consumers must then use the
 * _cansleep calls.  The board node is read here: the gpiochip says it
 * before any consumer probes.
 */
static bool sim_gpio_can_sleep(void)
{
	struct device_node *board;
	u32 can_sleep = 0;

	board = of_find_compatible_node(NULL, NULL, "pibmc,sim-board");
	of_property_read_u32(board, "gpio-can-sleep", &can_sleep);
	of_node_put(board);
	return can_sleep;
}

/* gpio_chip */

static int sim_gc_get(struct gpio_chip *gc, unsigned int offset)
{
	struct sim_gpio *sg = gpiochip_get_data(gc);

	return sim_gpio_level(sg, offset);
}

static void sim_gc_set(struct gpio_chip *gc, unsigned int offset, int value)
{
	sim_gpio_update(gpiochip_get_data(gc), offset, sim_update_out, !!value);
}

static int sim_gc_direction_input(struct gpio_chip *gc, unsigned int offset)
{
	sim_gpio_update(gpiochip_get_data(gc), offset, sim_update_dir_in, 0);
	return 0;
}

static int sim_gc_direction_output(struct gpio_chip *gc, unsigned int offset, int value)
{
	sim_gpio_update(gpiochip_get_data(gc), offset, sim_update_dir_out, !!value);
	return 0;
}

static int sim_gc_get_direction(struct gpio_chip *gc, unsigned int offset)
{
	struct sim_gpio *sg = gpiochip_get_data(gc);

	return sim_gpio_function(sg, offset) == SIM_FUNC_OUT ?
		GPIO_LINE_DIRECTION_OUT : GPIO_LINE_DIRECTION_IN;
}

static int sim_gc_set_config(struct gpio_chip *gc, unsigned int offset,
			     unsigned long config)
{
	struct sim_gpio *sg = gpiochip_get_data(gc);

	switch (pinconf_to_config_param(config)) {
	case PIN_CONFIG_BIAS_DISABLE:
		sim_gpio_set_pull(sg, offset, SIM_PULL_NONE);
		return 0;
	case PIN_CONFIG_BIAS_PULL_DOWN:
		sim_gpio_set_pull(sg, offset, SIM_PULL_DOWN);
		return 0;
	case PIN_CONFIG_BIAS_PULL_UP:
		sim_gpio_set_pull(sg, offset, SIM_PULL_UP);
		return 0;
	default:
		return -ENOTSUPP;
	}
}

/* irq_chip */

static void sim_irq_mask(struct irq_data *d)
{
	struct gpio_chip *gc = irq_data_get_irq_chip_data(d);
	struct sim_gpio *sg = gpiochip_get_data(gc);
	irq_hw_number_t hwirq = irqd_to_hwirq(d);
	unsigned long flags;

	raw_spin_lock_irqsave(&sg->lock, flags);
	sg->lines[hwirq].irq_unmasked = false;
	raw_spin_unlock_irqrestore(&sg->lock, flags);
	gpiochip_disable_irq(gc, hwirq);
}

static void sim_irq_unmask(struct irq_data *d)
{
	struct gpio_chip *gc = irq_data_get_irq_chip_data(d);
	struct sim_gpio *sg = gpiochip_get_data(gc);
	irq_hw_number_t hwirq = irqd_to_hwirq(d);
	unsigned long flags;
	bool level;

	gpiochip_enable_irq(gc, hwirq);
	raw_spin_lock_irqsave(&sg->lock, flags);
	sg->lines[hwirq].irq_unmasked = true;
	level = irqd_is_level_type(d);
	raw_spin_unlock_irqrestore(&sg->lock, flags);
	if (level)
		irq_work_queue(&sg->level_work);
}

static int sim_irq_set_type(struct irq_data *d, unsigned int type)
{
	struct gpio_chip *gc = irq_data_get_irq_chip_data(d);
	struct sim_gpio *sg = gpiochip_get_data(gc);
	irq_hw_number_t hwirq = irqd_to_hwirq(d);
	unsigned long flags;

	type &= IRQ_TYPE_SENSE_MASK;
	if (type == IRQ_TYPE_NONE)
		return -EINVAL;
	raw_spin_lock_irqsave(&sg->lock, flags);
	sg->lines[hwirq].irq_type = type;
	raw_spin_unlock_irqrestore(&sg->lock, flags);
	if (type & IRQ_TYPE_LEVEL_MASK)
		irq_set_handler_locked(d, handle_level_irq);
	else
		irq_set_handler_locked(d, handle_simple_irq);
	return 0;
}

static const struct irq_chip sim_irq_chip = {
	.name = "pibmc-sim",
	.irq_mask = sim_irq_mask,
	.irq_unmask = sim_irq_unmask,
	.irq_set_type = sim_irq_set_type,
	.flags = IRQCHIP_IMMUTABLE | IRQCHIP_SKIP_SET_WAKE,
	GPIOCHIP_IRQ_RESOURCE_HELPERS,
};

static void sim_level_work(struct irq_work *work)
{
	struct sim_gpio *sg = container_of(work, struct sim_gpio, level_work);
	DECLARE_BITMAP(active, SIM_NGPIO);
	unsigned long flags;
	unsigned int i;

	bitmap_zero(active, SIM_NGPIO);
	raw_spin_lock_irqsave(&sg->lock, flags);
	for (i = 0; i < SIM_NGPIO; i++) {
		struct sim_line *l = &sg->lines[i];

		if ((l->irq_type & IRQ_TYPE_LEVEL_MASK) && sim_irq_fires(l, l->level))
			__set_bit(i, active);
	}
	raw_spin_unlock_irqrestore(&sg->lock, flags);
	for_each_set_bit(i, active, SIM_NGPIO)
		generic_handle_domain_irq_safe(sg->gc.irq.domain, i);
}

/* debugfs: gpio/lines, gpio/inject, gpio/edges */

static const char *const sim_pull_names[] = { "none", "down", "up" };
static const char *const sim_drive_names[] = { "none", "low", "high" };

static const char *sim_irq_type_name(const struct sim_line *l)
{
	if (!l->irq_unmasked)
		return "off";
	switch (l->irq_type) {
	case IRQ_TYPE_EDGE_RISING: return "rising";
	case IRQ_TYPE_EDGE_FALLING: return "falling";
	case IRQ_TYPE_EDGE_BOTH: return "both";
	case IRQ_TYPE_LEVEL_HIGH: return "high";
	case IRQ_TYPE_LEVEL_LOW: return "low";
	default: return "none";
	}
}

static int sim_lines_show(struct seq_file *s, void *unused)
{
	struct sim_gpio *sg = s->private;
	struct sim_line *snap;
	unsigned long flags;
	unsigned int i;

	snap = kmalloc_array(SIM_NGPIO, sizeof(*snap), GFP_KERNEL);
	if (!snap)
		return -ENOMEM;
	raw_spin_lock_irqsave(&sg->lock, flags);
	memcpy(snap, sg->lines, SIM_NGPIO * sizeof(*snap));
	raw_spin_unlock_irqrestore(&sg->lock, flags);
	for (i = 0; i < SIM_NGPIO; i++) {
		const struct sim_line *l = &snap[i];

		seq_printf(s, "%u level=%u dir=%s func=%s pull=%s ext-pull=%s drive=%s irq=%s\n",
			   i, l->level, l->func == SIM_FUNC_OUT ? "out" : "in",
			   sim_func_name(l->func), sim_pull_names[l->pull],
			   sim_pull_names[l->ext_pull], sim_drive_names[l->drive],
			   sim_irq_type_name(l));
	}
	kfree(snap);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_lines);

/* "LINE 0|1|z" drives or releases a line, "LINE pull-up|pull-down|pull-none"
 * sets the board's resistor on it.
 */
static ssize_t sim_inject_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	struct sim_gpio *sg = file->private_data;
	char buf[32], what[16];
	unsigned int line;
	int ret;

	ret = sim_debugfs_read_line(ubuf, count, buf, sizeof(buf));
	if (ret)
		return ret;
	if (sscanf(buf, "%u %15s", &line, what) != 2 || line >= SIM_NGPIO)
		return -EINVAL;
	if (!strcmp(what, "0"))
		sim_gpio_drive(sg, line, SIM_DRIVE_LOW);
	else if (!strcmp(what, "1"))
		sim_gpio_drive(sg, line, SIM_DRIVE_HIGH);
	else if (!strcmp(what, "z"))
		sim_gpio_drive(sg, line, SIM_DRIVE_NONE);
	else if (!strcmp(what, "pull-up"))
		sim_gpio_set_ext_pull(sg, line, SIM_PULL_UP);
	else if (!strcmp(what, "pull-down"))
		sim_gpio_set_ext_pull(sg, line, SIM_PULL_DOWN);
	else if (!strcmp(what, "pull-none"))
		sim_gpio_set_ext_pull(sg, line, SIM_PULL_NONE);
	else
		return -EINVAL;
	return count;
}

static const struct file_operations sim_inject_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sim_inject_write,
	.llseek = noop_llseek,
};

static int sim_edges_show(struct seq_file *s, void *unused)
{
	struct sim_gpio *sg = s->private;
	struct sim_edge *snap;
	unsigned int i, len, first;
	unsigned long flags;
	u64 lost;

	snap = kvmalloc_array(SIM_EDGE_LOG, sizeof(*snap), GFP_KERNEL);
	if (!snap)
		return -ENOMEM;
	raw_spin_lock_irqsave(&sg->lock, flags);
	len = sg->log_len;
	lost = sg->log_lost;
	first = (sg->log_head + SIM_EDGE_LOG - len) % SIM_EDGE_LOG;
	for (i = 0; i < len; i++)
		snap[i] = sg->log[(first + i) % SIM_EDGE_LOG];
	raw_spin_unlock_irqrestore(&sg->lock, flags);
	if (lost)
		seq_printf(s, "# %llu older entries lost\n", lost);
	for (i = 0; i < len; i++)
		seq_printf(s, "%llu %u %u\n", snap[i].ns, snap[i].line, snap[i].level);
	kvfree(snap);
	return 0;
}

static int sim_edges_open(struct inode *inode, struct file *file)
{
	return single_open_size(file, sim_edges_show, inode->i_private,
				SIM_EDGE_LOG * 32);
}

static ssize_t sim_edges_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	struct sim_gpio *sg = ((struct seq_file *)file->private_data)->private;
	unsigned long flags;
	char buf[16];
	int ret;

	ret = sim_debugfs_read_line(ubuf, count, buf, sizeof(buf));
	if (ret)
		return ret;
	if (strcmp(buf, "clear"))
		return -EINVAL;
	raw_spin_lock_irqsave(&sg->lock, flags);
	sg->log_len = 0;
	sg->log_lost = 0;
	raw_spin_unlock_irqrestore(&sg->lock, flags);
	return count;
}

static const struct file_operations sim_edges_fops = {
	.owner = THIS_MODULE,
	.open = sim_edges_open,
	.read = seq_read,
	.write = sim_edges_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static void sim_gpio_cleanup(void *data)
{
	struct sim_gpio *sg = data;

	debugfs_remove_recursive(sg->dir);
	irq_work_sync(&sg->level_work);
}

static int sim_gpio_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct gpio_irq_chip *girq;
	struct sim_gpio *sg;
	int ret;

	sg = devm_kzalloc(dev, sizeof(*sg), GFP_KERNEL);
	if (!sg)
		return -ENOMEM;
	sg->dev = dev;
	raw_spin_lock_init(&sg->lock);
	init_irq_work(&sg->level_work, sim_level_work);

	sg->gc.label = "pibmc-sim-gpio";
	sg->gc.parent = dev;
	sg->gc.owner = THIS_MODULE;
	sg->gc.base = -1;
	sg->gc.ngpio = SIM_NGPIO;
	sg->gc.get = sim_gc_get;
	sg->gc.set = sim_gc_set;
	sg->gc.direction_input = sim_gc_direction_input;
	sg->gc.direction_output = sim_gc_direction_output;
	sg->gc.get_direction = sim_gc_get_direction;
	sg->gc.set_config = sim_gc_set_config;
	sg->gc.can_sleep = sim_gpio_can_sleep();

	girq = &sg->gc.irq;
	gpio_irq_chip_set_chip(girq, &sim_irq_chip);
	girq->handler = handle_bad_irq;
	girq->default_type = IRQ_TYPE_NONE;

	/* The pin controller first: consumers' pinctrl-0 must resolve. */
	ret = sim_pinctrl_register(sg);
	if (ret)
		return ret;

	ret = devm_add_action_or_reset(dev, sim_gpio_cleanup, sg);
	if (ret)
		return ret;
	ret = devm_gpiochip_add_data(dev, &sg->gc, sg);
	if (ret)
		return dev_err_probe(dev, ret, "cannot add the gpio chip\n");

	sg->dir = debugfs_create_dir("gpio", sim_debugfs_root);
	debugfs_create_file("lines", 0444, sg->dir, sg, &sim_lines_fops);
	debugfs_create_file("inject", 0200, sg->dir, sg, &sim_inject_fops);
	debugfs_create_file("edges", 0644, sg->dir, sg, &sim_edges_fops);

	platform_set_drvdata(pdev, sg);
	return 0;
}

static const struct of_device_id sim_gpio_of_match[] = {
	{ .compatible = "pibmc,sim-gpio" },
	{ }
};

struct platform_driver sim_gpio_driver = {
	.probe = sim_gpio_probe,
	.driver = {
		.name = "pibmc-sim-gpio",
		.of_match_table = sim_gpio_of_match,
		/* Unbinding would pull lines from under the board. */
		.suppress_bind_attrs = true,
	},
};
