// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc_sim: a two-channel PWM controller like the BCM2835's.  It records
 * what consumers apply (period, duty, polarity, enable) and tells the board,
 * which routes channel N to a fan only through a pin muxed to PWM N.
 */

#include <linux/module.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/pwm.h>
#include <linux/seq_file.h>

#include "compat.h"
#include "sim.h"

struct sim_pwm {
#if !SIM_PWMCHIP_ALLOC
	struct pwm_chip chip;
#endif
	struct device *dev;
	spinlock_t lock;		/* protects chans[] and notify */
	struct sim_pwm_state chans[SIM_NPWM];
	u64 applies[SIM_NPWM];		/* how many times each was applied */
	sim_pwm_notify_t notify;
	void *notify_data;
	struct dentry *dir;
	struct sim_pwm_file {
		struct sim_pwm *sp;
		unsigned int chan;
	} files[SIM_NPWM];		/* debugfs pwm/chanN */
};

static struct sim_pwm *to_sim_pwm(struct pwm_chip *chip)
{
#if !SIM_PWMCHIP_ALLOC
	return container_of(chip, struct sim_pwm, chip);
#else
	return pwmchip_get_drvdata(chip);
#endif
}

void sim_pwm_get(struct sim_pwm *sp, unsigned int chan, struct sim_pwm_state *st)
{
	unsigned long flags;

	spin_lock_irqsave(&sp->lock, flags);
	*st = sp->chans[chan];
	spin_unlock_irqrestore(&sp->lock, flags);
}

void sim_pwm_set_notify(struct sim_pwm *sp, sim_pwm_notify_t fn, void *data)
{
	unsigned long flags;

	spin_lock_irqsave(&sp->lock, flags);
	sp->notify = fn;
	sp->notify_data = data;
	spin_unlock_irqrestore(&sp->lock, flags);
}

static int sim_pwm_apply(struct pwm_chip *chip, struct pwm_device *pwm,
			 const struct pwm_state *state)
{
	struct sim_pwm *sp = to_sim_pwm(chip);
	unsigned int chan = pwm->hwpwm;
	sim_pwm_notify_t notify;
	unsigned long flags;
	void *data;

	/* The BCM2835 PWM counts a 32-bit range of clock ticks. */
	if (state->enabled && (!state->period || state->period > U32_MAX))
		return -EINVAL;

	rcu_read_lock();	/* the board unhooks with synchronize_rcu() */
	spin_lock_irqsave(&sp->lock, flags);
	sp->chans[chan].period_ns = state->period;
	sp->chans[chan].duty_ns = min(state->duty_cycle, state->period);
	sp->chans[chan].enabled = state->enabled;
	sp->chans[chan].inversed = state->polarity == PWM_POLARITY_INVERSED;
	sp->applies[chan]++;
	notify = sp->notify;
	data = sp->notify_data;
	spin_unlock_irqrestore(&sp->lock, flags);

	if (notify)
		notify(data, chan);
	rcu_read_unlock();
	return 0;
}

static int sim_pwm_get_state(struct pwm_chip *chip, struct pwm_device *pwm,
			     struct pwm_state *state)
{
	struct sim_pwm_state st;

	sim_pwm_get(to_sim_pwm(chip), pwm->hwpwm, &st);
	state->period = st.period_ns;
	state->duty_cycle = st.duty_ns;
	state->enabled = st.enabled;
	state->polarity = st.inversed ? PWM_POLARITY_INVERSED : PWM_POLARITY_NORMAL;
	return 0;
}

static const struct pwm_ops sim_pwm_ops = {
	.apply = sim_pwm_apply,
	.get_state = sim_pwm_get_state,
#if !SIM_PWM_OPS_NO_OWNER
	.owner = THIS_MODULE,
#endif
};

static int sim_pwm_chan_show(struct seq_file *s, void *unused)
{
	struct sim_pwm_file *f = s->private;
	struct sim_pwm *sp = f->sp;
	unsigned int chan = f->chan;
	struct sim_pwm_state st;
	unsigned long flags;
	u64 applies;

	spin_lock_irqsave(&sp->lock, flags);
	st = sp->chans[chan];
	applies = sp->applies[chan];
	spin_unlock_irqrestore(&sp->lock, flags);
	seq_printf(s, "period_ns %llu\nduty_ns %llu\npolarity %s\nenabled %u\napplies %llu\n",
		   st.period_ns, st.duty_ns, st.inversed ? "inversed" : "normal",
		   st.enabled, applies);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_pwm_chan);

static void sim_pwm_cleanup(void *data)
{
	struct sim_pwm *sp = data;

	debugfs_remove_recursive(sp->dir);
}

static int sim_pwm_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct pwm_chip *chip;
	struct sim_pwm *sp;
	char name[8];
	unsigned int i;
	int ret;

#if !SIM_PWMCHIP_ALLOC
	sp = devm_kzalloc(dev, sizeof(*sp), GFP_KERNEL);
	if (!sp)
		return -ENOMEM;
	chip = &sp->chip;
	chip->dev = dev;
	chip->npwm = SIM_NPWM;
#else
	chip = devm_pwmchip_alloc(dev, SIM_NPWM, sizeof(*sp));
	if (IS_ERR(chip))
		return PTR_ERR(chip);
	sp = pwmchip_get_drvdata(chip);
#endif
	sp->dev = dev;
	spin_lock_init(&sp->lock);
	chip->ops = &sim_pwm_ops;

	ret = devm_add_action_or_reset(dev, sim_pwm_cleanup, sp);
	if (ret)
		return ret;
	ret = devm_pwmchip_add(dev, chip);
	if (ret)
		return dev_err_probe(dev, ret, "cannot add the pwm chip\n");

	sp->dir = debugfs_create_dir("pwm", sim_debugfs_root);
	for (i = 0; i < SIM_NPWM; i++) {
		sp->files[i].sp = sp;
		sp->files[i].chan = i;
		snprintf(name, sizeof(name), "chan%u", i);
		debugfs_create_file(name, 0444, sp->dir, &sp->files[i], &sim_pwm_chan_fops);
	}
	platform_set_drvdata(pdev, sp);
	return 0;
}

static const struct of_device_id sim_pwm_of_match[] = {
	{ .compatible = "pibmc,sim-pwm" },
	{ }
};

struct platform_driver sim_pwm_driver = {
	.probe = sim_pwm_probe,
	.driver = {
		.name = "pibmc-sim-pwm",
		.of_match_table = sim_pwm_of_match,
		.suppress_bind_attrs = true,
	},
};
