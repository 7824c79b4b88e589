// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc: the power channels as a gpiochip, for libgpiod's tools.  Line 2i,
 * "<node>-power", reads channel i's relay; line 2i + 1, "<node>-halted",
 * reads its halt input and has edge interrupts for gpiomon, raised from
 * the channel's own halt interrupt thread (nested).
 *
 * The relays belong to the state machine, so that nothing bypasses the
 * interlock: a -power line is an input that reads the relay, and asking
 * for it as an output is refused (EPERM) unless the device has
 * pibmc,raw-control.  Then writing 1 switches the node on (staggered) and
 * 0 cuts its power, forced: raw control is the operator's explicit choice.
 */

#include <linux/bitops.h>
#include <linux/device.h>
#include <linux/gpio/consumer.h>
#include <linux/gpio/driver.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/property.h>

#include "nodes.h"
#include "power_priv.h"

static struct pibmc_power_ch *pibmc_power_gpio_ch(struct gpio_chip *gc,
						  unsigned int offset)
{
	struct pibmc_power *pw = gpiochip_get_data(gc);

	return &pw->chs[offset / 2];
}

static bool pibmc_power_gpio_is_relay(unsigned int offset)
{
	return !(offset % 2);
}

static int pibmc_power_gpio_get_direction(struct gpio_chip *gc,
					  unsigned int offset)
{
	struct pibmc_power *pw = gpiochip_get_data(gc);

	if (pibmc_power_gpio_is_relay(offset) && pw->raw_control)
		return GPIO_LINE_DIRECTION_OUT;
	return GPIO_LINE_DIRECTION_IN;
}

/* Any line can be read: a relay line then reads the relay's level. */
static int pibmc_power_gpio_direction_input(struct gpio_chip *gc,
					    unsigned int offset)
{
	return 0;
}

static int pibmc_power_gpio_get(struct gpio_chip *gc, unsigned int offset)
{
	struct pibmc_power_ch *c = pibmc_power_gpio_ch(gc, offset);

	if (pibmc_power_gpio_is_relay(offset))
		return gpiod_get_value_cansleep(c->relay);
	return gpiod_get_value_cansleep(c->halt);
}

static int pibmc_power_gpio_write(struct pibmc_power_ch *c, int value)
{
	const char *msg;
	int ret;

	if (value)
		ret = pibmc_power_on(BIT(c->idx), &msg);
	else
		ret = pibmc_power_request(c->idx, PIBMC_CH_REQ_FORCE_OFF, &msg);
	if (ret)
		dev_warn(c->pw->dev, "%s: raw power %s refused: %s\n", c->name,
			 value ? "on" : "off", msg ?: "error");
	return ret;
}

static int pibmc_power_gpio_direction_output(struct gpio_chip *gc,
					     unsigned int offset, int value)
{
	struct pibmc_power *pw = gpiochip_get_data(gc);
	struct pibmc_power_ch *c = pibmc_power_gpio_ch(gc, offset);

	if (!pibmc_power_gpio_is_relay(offset)) {
		dev_warn_ratelimited(pw->dev, "%s-halted: an input, cannot be driven\n",
				     c->name);
		return -EPERM;
	}
	if (!pw->raw_control) {
		dev_warn_ratelimited(pw->dev,
				     "%s-power: raw relay control is off: switch nodes with pibmc node on/off (overlay parameter raw_control allows it)\n",
				     c->name);
		return -EPERM;
	}
	return pibmc_power_gpio_write(c, value);
}

static void pibmc_power_gpio_set(struct gpio_chip *gc, unsigned int offset,
				 int value)
{
	struct pibmc_power *pw = gpiochip_get_data(gc);

	if (pibmc_power_gpio_is_relay(offset) && pw->raw_control)
		pibmc_power_gpio_write(pibmc_power_gpio_ch(gc, offset), value);
}

static void pibmc_power_irq_mask(struct irq_data *d)
{
	struct gpio_chip *gc = irq_data_get_irq_chip_data(d);
	struct pibmc_power *pw = gpiochip_get_data(gc);
	irq_hw_number_t hwirq = irqd_to_hwirq(d);

	clear_bit(hwirq, pw->irq_unmasked);
	gpiochip_disable_irq(gc, hwirq);
}

static void pibmc_power_irq_unmask(struct irq_data *d)
{
	struct gpio_chip *gc = irq_data_get_irq_chip_data(d);
	struct pibmc_power *pw = gpiochip_get_data(gc);
	irq_hw_number_t hwirq = irqd_to_hwirq(d);

	gpiochip_enable_irq(gc, hwirq);
	set_bit(hwirq, pw->irq_unmasked);
}

/* Edges only: a halt line's level is the state machine's business. */
static int pibmc_power_irq_set_type(struct irq_data *d, unsigned int type)
{
	struct gpio_chip *gc = irq_data_get_irq_chip_data(d);
	struct pibmc_power_ch *c = pibmc_power_gpio_ch(gc, irqd_to_hwirq(d));

	if (type & IRQ_TYPE_LEVEL_MASK)
		return -EINVAL;
	WRITE_ONCE(c->irq_type, type & IRQ_TYPE_EDGE_BOTH);
	return 0;
}

static const struct irq_chip pibmc_power_irq_chip = {
	.name = "pibmc-power",
	.irq_mask = pibmc_power_irq_mask,
	.irq_unmask = pibmc_power_irq_unmask,
	.irq_set_type = pibmc_power_irq_set_type,
	.flags = IRQCHIP_IMMUTABLE | IRQCHIP_SKIP_SET_WAKE,
	GPIOCHIP_IRQ_RESOURCE_HELPERS,
};

static void pibmc_power_irq_valid_mask(struct gpio_chip *gc,
				       unsigned long *valid_mask,
				       unsigned int ngpios)
{
	unsigned int i;

	for (i = 0; i < ngpios; i += 2)
		clear_bit(i, valid_mask);
}

/**
 * pibmc_power_gpio_halt_edge() - raise the -halted line's interrupt
 * @c: the channel
 * @level: the halt level after the edge
 *
 * Called from the channel's halt interrupt thread with pw->lock held, so
 * that the gpiochip cannot go away meanwhile.
 */
void pibmc_power_gpio_halt_edge(struct pibmc_power_ch *c, int level)
{
	struct pibmc_power *pw = c->pw;
	unsigned int offset = 2 * c->idx + 1;
	unsigned int edge = level ? IRQ_TYPE_EDGE_RISING : IRQ_TYPE_EDGE_FALLING;

	lockdep_assert_held(&pw->lock);
	if (!pw->gc_live || !test_bit(offset, pw->irq_unmasked) ||
	    !(READ_ONCE(c->irq_type) & edge))
		return;
	handle_nested_irq(irq_find_mapping(pw->gc.irq.domain, offset));
}

static void pibmc_power_gpio_dead(void *data)
{
	struct pibmc_power *pw = data;

	mutex_lock(&pw->lock);
	pw->gc_live = false;
	mutex_unlock(&pw->lock);
}

static const char * const *pibmc_power_gpio_names(struct pibmc_power *pw)
{
	const char **names;
	unsigned int i;

	names = devm_kcalloc(pw->dev, 2 * pw->n, sizeof(*names), GFP_KERNEL);
	if (!names)
		return NULL;
	for (i = 0; i < pw->n; i++) {
		names[2 * i] = devm_kasprintf(pw->dev, GFP_KERNEL, "%s-power",
					      pw->chs[i].name);
		names[2 * i + 1] = devm_kasprintf(pw->dev, GFP_KERNEL, "%s-halted",
						  pw->chs[i].name);
		if (!names[2 * i] || !names[2 * i + 1])
			return NULL;
	}
	return names;
}

/**
 * pibmc_power_gpio_register() - the channels' gpiochip
 * @pw: the device, its channels probed
 *
 * Return: 0 or an error.
 */
int pibmc_power_gpio_register(struct pibmc_power *pw)
{
	struct gpio_chip *gc = &pw->gc;
	struct gpio_irq_chip *girq = &gc->irq;
	int ret;

	pw->raw_control = device_property_read_bool(pw->dev, "pibmc,raw-control");
	gc->names = pibmc_power_gpio_names(pw);
	if (!gc->names)
		return -ENOMEM;
	gc->label = "pibmc-power";
	gc->parent = pw->dev;
	gc->owner = THIS_MODULE;
	gc->base = -1;
	gc->ngpio = 2 * pw->n;
	gc->can_sleep = true;
	gc->get_direction = pibmc_power_gpio_get_direction;
	gc->direction_input = pibmc_power_gpio_direction_input;
	gc->direction_output = pibmc_power_gpio_direction_output;
	gc->get = pibmc_power_gpio_get;
	gc->set = pibmc_power_gpio_set;

	gpio_irq_chip_set_chip(girq, &pibmc_power_irq_chip);
	girq->handler = handle_simple_irq;
	girq->default_type = IRQ_TYPE_NONE;
	girq->threaded = true;
	girq->init_valid_mask = pibmc_power_irq_valid_mask;

	ret = devm_gpiochip_add_data(pw->dev, gc, pw);
	if (ret)
		return dev_err_probe(pw->dev, ret, "gpiochip\n");
	mutex_lock(&pw->lock);
	pw->gc_live = true;
	mutex_unlock(&pw->lock);
	/* Released before the gpiochip: no interrupt raised past it. */
	return devm_add_action_or_reset(pw->dev, pibmc_power_gpio_dead, pw);
}
