// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc: the case fan, a 4-wire PWM fan with an open-collector tach, as a
 * hwmon device ("pibmc_fan") and a thermal cooling device.
 *
 * Binding: dts-overlays/bindings/pibmc,fan.yaml.  The tach edges (falling:
 * one per pulse) are timestamped in the hard interrupt handler into a
 * lock-free ring; the estimator (tach.c) runs in process context when an
 * attribute is read.
 *
 * Duty, by pwm1_enable: 0 full speed (the state at probe), 1 pwm1, 2 the
 * controller (pibmc_fan_set_auto_duty(), the daemon over netlink), else the
 * thermal cooling device once the thermal framework has set a state, else
 * the failsafe duty.  In every mode the cooling device's level is a floor:
 * a thermal zone bound in DT keeps the fan at least that fast.
 *
 * The rest of the module sees the fans through fans.h: numbered from 0 in
 * probe order among the fans bound now (pibmc_fans), read and driven like
 * the hwmon attributes, and a notifier chain told when a fan stalls
 * (fan1_alarm or fan1_fault rises) and recovers, from a health check every
 * PIBMC_FAN_HEALTH_MS.
 *
 * Locking: pibmc_fans_lock (the list) is taken before a fan's lock; the
 * notifier chain is called with neither held.
 */

#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/gpio/consumer.h>
#include <linux/hwmon.h>
#include <linux/interrupt.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/pwm.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/thermal.h>
#include <linux/workqueue.h>

#include "fan.h"
#include "tach.h"

/*
 * Kernel API differences between the series pibmc builds for, decided by
 * kernel/Kbuild from the kernel's version (0 or 1):
 * PIBMC_PWM_APPLY_MIGHT_SLEEP	6.8: pwm_apply_state() became
 *				pwm_apply_might_sleep().
 * PIBMC_HWMON_CONST_INFO	6.5: hwmon_chip_info.info points to const
 *				pointers.
 */
#if !defined(PIBMC_PWM_APPLY_MIGHT_SLEEP) || !defined(PIBMC_HWMON_CONST_INFO)
#error "kernel/Kbuild defines the PIBMC_* compatibility flags"
#endif

#if PIBMC_PWM_APPLY_MIGHT_SLEEP
#define pibmc_pwm_apply(pwm, state)	pwm_apply_might_sleep(pwm, state)
#else
#define pibmc_pwm_apply(pwm, state)	pwm_apply_state(pwm, state)
#endif

#define PIBMC_FAN_RING		512	/* tach timestamps, a power of two */
#define PIBMC_FAN_GRACE_NS	(2 * NSEC_PER_SEC)	/* to spin up before alarms */
#define PIBMC_FAN_MAX_DUTY	PIBMC_DUTY_MAX
#define PIBMC_FAN_HEALTH_MS	250	/* the stall/recovered check's period */

#define PIBMC_FAN_TRACE		4096	/* estimator inputs kept for debugfs */

/* An input of the estimator: an edge (@rpm = U32_MAX) or a reading. */
struct pibmc_fan_trace {
	u64 ns;
	u32 rpm;
};

/* Written by the tach interrupt handler only; read under pibmc_fan.lock. */
struct pibmc_fan_ring {
	u64 ts[PIBMC_FAN_RING];
	unsigned long head;
};

/**
 * struct pibmc_fan - one fan
 * @dev: the platform device
 * @name: its DT node's name, for fans.h
 * @pwm: its PWM
 * @tach: the tach line
 * @hwmon: the hwmon device
 * @ring: tach edge timestamps
 * @node: in pibmc_fans
 * @kick: ends the spin-up kick
 * @health: the periodic stall check
 * @lock: protects everything below
 * @state: the PWM state last applied
 * @mode: pwm1_enable
 * @manual: pwm1 as written
 * @auto_duty: the controller's duty, -1 without a controller
 * @failsafe: duty in mode 2 without a controller
 * @target: the duty the fan should run at (pwm1 reads it)
 * @applied: the duty applied (the kick's while kicking)
 * @kicking: the spin-up kick is on
 * @stopped: removed or shut down: the duty no longer changes
 * @start_duty: fan-stop-to-start-percent, as a duty
 * @start_us: fan-stop-to-start-us
 * @shutdown_duty: fan-shutdown-percent as a duty, -1: keep running
 * @levels: cooling-levels
 * @nlevels: their number
 * @cstate: cooling state
 * @cbound: the thermal framework (or a user) has set @cstate
 * @spin_since: when @target last reached a spinning duty
 * @tail: next ring entry to feed the estimator
 * @est: the estimator
 * @min_rpm: fan1_min
 * @trace: the estimator's inputs, a ring (debugfs tach_trace)
 * @thead: next slot of @trace
 * @debugfs: the fan's debugfs directory
 * @stalled: the stall last reported to the notifier chain
 * @suspect: the last health check saw fan1_alarm or fan1_fault
 * @health_at: when the last health check ran
 */
struct pibmc_fan {
	struct device *dev;
	char name[PIBMC_NAME_LEN + 1];
	struct pwm_device *pwm;
	struct gpio_desc *tach;
	struct device *hwmon;
	struct pibmc_fan_ring ring;
	struct list_head node;
	struct delayed_work kick;
	struct delayed_work health;

	struct mutex lock;		/* protects the members below */
	struct pwm_state state;
	enum pibmc_fan_mode mode;
	u8 manual;
	int auto_duty;
	u8 failsafe;
	u8 target;
	u8 applied;
	bool kicking;
	bool stopped;
	u8 start_duty;
	u32 start_us;
	int shutdown_duty;
	u32 *levels;
	unsigned int nlevels;
	unsigned long cstate;
	bool cbound;
	u64 spin_since;
	unsigned long tail;
	struct pibmc_tach est;
	u32 min_rpm;
	struct pibmc_fan_trace *trace;
	unsigned long thead;
	struct dentry *debugfs;
	bool stalled;
	bool suspect;
	u64 health_at;
};

static LIST_HEAD(pibmc_fans);
static DEFINE_MUTEX(pibmc_fans_lock);	/* taken before pibmc_fan.lock */
static BLOCKING_NOTIFIER_HEAD(pibmc_fan_notifier);

static u8 pibmc_fan_percent(u32 percent)
{
	return DIV_ROUND_CLOSEST(min(percent, 100U) * PIBMC_FAN_MAX_DUTY, 100);
}

/* The smallest duty at which the fan must turn (see fan1_alarm). */
static u8 pibmc_fan_spin_duty(const struct pibmc_fan *fan)
{
	return max_t(u8, fan->start_duty, 1);
}

static int pibmc_fan_write_duty(struct pibmc_fan *fan, u8 duty)
{
	struct pwm_state state = fan->state;
	int ret;

	lockdep_assert_held(&fan->lock);
	state.duty_cycle = DIV_ROUND_CLOSEST_ULL(state.period * duty, PIBMC_FAN_MAX_DUTY);
	state.enabled = true;
	ret = pibmc_pwm_apply(fan->pwm, &state);
	if (ret)
		return ret;
	fan->state = state;
	fan->applied = duty;
	return 0;
}

/* Automatic mode, neither a controller nor the thermal framework: the failsafe. */
static bool pibmc_fan_in_failsafe(const struct pibmc_fan *fan)
{
	return fan->mode == PIBMC_FAN_MODE_AUTO && fan->auto_duty < 0 && !fan->cbound;
}

static u8 pibmc_fan_wanted(const struct pibmc_fan *fan)
{
	u8 floor = fan->nlevels ? fan->levels[fan->cstate] : 0;
	u8 duty;

	switch (fan->mode) {
	case PIBMC_FAN_MODE_MANUAL:
		duty = fan->manual;
		break;
	case PIBMC_FAN_MODE_AUTO:
		if (fan->auto_duty >= 0)
			duty = fan->auto_duty;
		else if (pibmc_fan_in_failsafe(fan))
			duty = fan->failsafe;
		else
			duty = floor;
		break;
	default:
		duty = PIBMC_FAN_MAX_DUTY;
		break;
	}
	return max(duty, floor);
}

/* Applies the duty the mode asks for, with a kick when starting a stopped fan. */
static int pibmc_fan_update(struct pibmc_fan *fan)
{
	u8 target = pibmc_fan_wanted(fan), spin = pibmc_fan_spin_duty(fan);

	lockdep_assert_held(&fan->lock);
	if (fan->stopped)
		return -ENODEV;
	if (target >= spin && fan->target < spin)
		fan->spin_since = ktime_get_ns();
	fan->target = target;
	if (fan->kicking)
		return 0;	/* the kick's end applies the target */
	if (!fan->applied && target && target < fan->start_duty && fan->start_us) {
		int ret = pibmc_fan_write_duty(fan, fan->start_duty);

		if (ret)
			return ret;
		fan->kicking = true;
		schedule_delayed_work(&fan->kick, usecs_to_jiffies(fan->start_us));
		return 0;
	}
	return pibmc_fan_write_duty(fan, target);
}

static void pibmc_fan_kick_done(struct work_struct *work)
{
	struct pibmc_fan *fan = container_of(to_delayed_work(work), struct pibmc_fan, kick);

	mutex_lock(&fan->lock);
	fan->kicking = false;
	if (!fan->stopped && pibmc_fan_write_duty(fan, fan->target))
		dev_warn(fan->dev, "cannot end the spin-up kick\n");
	mutex_unlock(&fan->lock);
}

/* The tach: one timestamp per falling edge, nothing else. */
static irqreturn_t pibmc_fan_tach_irq(int irq, void *data)
{
	struct pibmc_fan_ring *ring = data;
	unsigned long head = ring->head;

	ring->ts[head % PIBMC_FAN_RING] = ktime_get_ns();
	/* Pairs with pibmc_fan_drain(): the entry is written before head moves. */
	smp_store_release(&ring->head, head + 1);
	return IRQ_HANDLED;
}

static void pibmc_fan_trace(struct pibmc_fan *fan, u64 ns, u32 rpm)
{
	struct pibmc_fan_trace *e = &fan->trace[fan->thead++ % PIBMC_FAN_TRACE];

	e->ns = ns;
	e->rpm = rpm;
}

static u32 pibmc_fan_rpm(struct pibmc_fan *fan, u64 now)
{
	u32 rpm = pibmc_tach_rpm(&fan->est, now);

	pibmc_fan_trace(fan, now, rpm);
	return rpm;
}

/* Feeds the estimator the edges since the last call; returns now. */
static u64 pibmc_fan_drain(struct pibmc_fan *fan)
{
	/* Pairs with the handler's release: entries before head are written. */
	unsigned long head = smp_load_acquire(&fan->ring.head), i = fan->tail;

	lockdep_assert_held(&fan->lock);
	if (head - i > PIBMC_FAN_RING)
		i = head - PIBMC_FAN_RING;
	for (; i != head; i++) {
		u64 ts = READ_ONCE(fan->ring.ts[i % PIBMC_FAN_RING]);

		/*
		 * Read the entry before re-reading head: if head moved a whole
		 * ring past it meanwhile, it was overwritten and is lost.
		 */
		smp_rmb();
		if (READ_ONCE(fan->ring.head) - i > PIBMC_FAN_RING)
			continue;
		pibmc_tach_edge(&fan->est, ts);
		pibmc_fan_trace(fan, ts, U32_MAX);
	}
	fan->tail = head;
	return ktime_get_ns();
}

static struct pibmc_tach_health pibmc_fan_health(struct pibmc_fan *fan, u32 *rpm)
{
	u64 now = pibmc_fan_drain(fan);
	bool spin, idle;

	*rpm = pibmc_fan_rpm(fan, now);
	spin = !fan->kicking && fan->target >= pibmc_fan_spin_duty(fan) &&
	       now - fan->spin_since >= PIBMC_FAN_GRACE_NS + (u64)fan->start_us * NSEC_PER_USEC;
	/* The idle level: nothing pulls the open collector down. */
	idle = gpiod_get_raw_value_cansleep(fan->tach) > 0;
	return pibmc_tach_assess(&fan->est, now, *rpm, spin, fan->min_rpm, idle);
}

/* The fan of index @id (probe order among the fans bound now), or NULL. */
static struct pibmc_fan *pibmc_fan_find(unsigned int id)
{
	struct pibmc_fan *fan;

	lockdep_assert_held(&pibmc_fans_lock);
	list_for_each_entry(fan, &pibmc_fans, node)
		if (!id--)
			return fan;
	return NULL;
}

/* The index of @fan, -1 if it is not (or no longer) listed. */
static int pibmc_fan_index(const struct pibmc_fan *fan)
{
	struct pibmc_fan *f;
	int id = 0;

	lockdep_assert_held(&pibmc_fans_lock);
	list_for_each_entry(f, &pibmc_fans, node) {
		if (f == fan)
			return id;
		id++;
	}
	return -1;
}

/*
 * The health check: drains the tach ring (so it never overflows between
 * reads), and tells the notifier chain and fan1_alarm's pollers when the
 * fan stalls (fan1_alarm or fan1_fault rises, seen by two checks in a row)
 * and when it recovers.
 */
static void pibmc_fan_health_work(struct work_struct *work)
{
	struct pibmc_fan *fan = container_of(to_delayed_work(work), struct pibmc_fan, health);
	struct pibmc_fan_event ev = { };
	struct pibmc_tach_health h;
	bool changed, late, bad;
	u64 now;
	int id;
	u32 rpm;

	mutex_lock(&fan->lock);
	h = pibmc_fan_health(fan, &rpm);
	now = ktime_get_ns();
	late = fan->health_at && now - fan->health_at > 2 * PIBMC_FAN_HEALTH_MS * NSEC_PER_MSEC;
	fan->health_at = now;
	bad = h.alarm || h.fault;
	/*
	 * A stall is reported when two checks in a row see it, the second on
	 * time: after a stretch without CPU time (this check late), a reading
	 * may lack the edges still being delivered.
	 */
	changed = bad ? !fan->stalled && fan->suspect && !late : fan->stalled;
	fan->suspect = bad;
	if (changed)
		fan->stalled = bad;
	mutex_unlock(&fan->lock);

	if (changed) {
		ev.type = bad ? PIBMC_EVENT_FAN_STALL : PIBMC_EVENT_FAN_RECOVERED;
		ev.ns = now;
		dev_dbg(fan->dev, "%s\n", bad ? "stalled" : "recovered");
		hwmon_notify_event(fan->hwmon, hwmon_fan, hwmon_fan_alarm, 0);
		mutex_lock(&pibmc_fans_lock);
		id = pibmc_fan_index(fan);
		mutex_unlock(&pibmc_fans_lock);
		if (id >= 0) {
			ev.fan = id;
			blocking_notifier_call_chain(&pibmc_fan_notifier, ev.type, &ev);
		}
	}
	schedule_delayed_work(&fan->health, msecs_to_jiffies(PIBMC_FAN_HEALTH_MS));
}

/**
 * pibmc_fan_count() - the number of fans bound now
 *
 * Return: the count; the fans are numbered 0 to count - 1.
 */
int pibmc_fan_count(void)
{
	struct pibmc_fan *fan;
	int n = 0;

	mutex_lock(&pibmc_fans_lock);
	list_for_each_entry(fan, &pibmc_fans, node)
		n++;
	mutex_unlock(&pibmc_fans_lock);
	return n;
}

/**
 * pibmc_fan_get() - a fan's status, as its hwmon attributes read
 * @id: the fan's index
 * @st: filled in
 *
 * Context: process; takes the fans' and the fan's mutex.
 * Return: 0, or -ENODEV without such a fan.
 */
int pibmc_fan_get(unsigned int id, struct pibmc_fan_status *st)
{
	struct pibmc_tach_health h;
	struct pibmc_fan *fan;

	mutex_lock(&pibmc_fans_lock);
	fan = pibmc_fan_find(id);
	if (!fan) {
		mutex_unlock(&pibmc_fans_lock);
		return -ENODEV;
	}
	mutex_lock(&fan->lock);
	memset(st, 0, sizeof(*st));
	strscpy(st->name, fan->name, sizeof(st->name));
	h = pibmc_fan_health(fan, &st->rpm);
	st->alarm = h.alarm;
	st->fault = h.fault;
	st->duty = fan->applied;
	st->mode = fan->mode;
	st->failsafe_duty = fan->failsafe;
	st->failsafe = pibmc_fan_in_failsafe(fan);
	mutex_unlock(&fan->lock);
	mutex_unlock(&pibmc_fans_lock);
	return 0;
}

/**
 * pibmc_fan_failsafe() - whether a fan runs at its failsafe duty
 * @id: the fan's index
 * @failsafe: set
 *
 * Unlike pibmc_fan_get(), it does not measure the tach.
 *
 * Context: process; takes the fans' and the fan's mutex.
 * Return: 0, or -ENODEV without such a fan.
 */
int pibmc_fan_failsafe(unsigned int id, bool *failsafe)
{
	struct pibmc_fan *fan;

	mutex_lock(&pibmc_fans_lock);
	fan = pibmc_fan_find(id);
	if (fan) {
		mutex_lock(&fan->lock);
		*failsafe = pibmc_fan_in_failsafe(fan);
		mutex_unlock(&fan->lock);
	}
	mutex_unlock(&pibmc_fans_lock);
	return fan ? 0 : -ENODEV;
}

/*
 * Runs @set on fan @id under its lock, then applies the duty the fan's
 * state asks for.  -ENODEV without such a fan, with a message.
 */
static int pibmc_fan_change(unsigned int id, const char **msg,
			    int (*set)(struct pibmc_fan *fan, long val, const char **msg),
			    long val)
{
	struct pibmc_fan *fan;
	int ret;

	mutex_lock(&pibmc_fans_lock);
	fan = pibmc_fan_find(id);
	if (!fan) {
		mutex_unlock(&pibmc_fans_lock);
		*msg = "no such fan";
		return -ENODEV;
	}
	mutex_lock(&fan->lock);
	ret = set(fan, val, msg);
	if (!ret) {
		ret = pibmc_fan_update(fan);
		if (ret)
			*msg = "cannot apply the PWM";
	}
	mutex_unlock(&fan->lock);
	mutex_unlock(&pibmc_fans_lock);
	return ret;
}

static int pibmc_fan_do_mode(struct pibmc_fan *fan, long mode, const char **msg)
{
	if (mode < PIBMC_FAN_MODE_FULL || mode > PIBMC_FAN_MODE_AUTO) {
		*msg = "no such fan mode";
		return -EINVAL;
	}
	fan->mode = mode;
	return 0;
}

static int pibmc_fan_do_duty(struct pibmc_fan *fan, long duty, const char **msg)
{
	if (fan->mode != PIBMC_FAN_MODE_MANUAL) {
		*msg = "the fan is not in manual mode";
		return -EBUSY;
	}
	fan->manual = duty;
	return 0;
}

static int pibmc_fan_do_failsafe(struct pibmc_fan *fan, long duty, const char **msg)
{
	fan->failsafe = duty;
	return 0;
}

/**
 * pibmc_fan_set_mode() - pwm1_enable
 * @id: the fan's index
 * @mode: enum pibmc_fan_mode
 * @msg: on error, why (a static string)
 *
 * Context: process; takes the fans' and the fan's mutex.
 * Return: 0, -ENODEV without such a fan, -EINVAL for an unknown mode, or
 * the PWM's error.
 */
int pibmc_fan_set_mode(unsigned int id, u8 mode, const char **msg)
{
	return pibmc_fan_change(id, msg, pibmc_fan_do_mode, mode);
}

/**
 * pibmc_fan_set_duty() - pwm1, in manual mode only
 * @id: the fan's index
 * @duty: 0..255
 * @msg: on error, why (a static string)
 *
 * Context: process; takes the fans' and the fan's mutex.
 * Return: 0, -ENODEV without such a fan, -EBUSY unless the fan is in
 * manual mode, or the PWM's error.
 */
int pibmc_fan_set_duty(unsigned int id, u8 duty, const char **msg)
{
	return pibmc_fan_change(id, msg, pibmc_fan_do_duty, duty);
}

/**
 * pibmc_fan_set_failsafe_duty() - the duty in automatic mode without a controller
 * @id: the fan's index
 * @duty: 0..255
 * @msg: on error, why (a static string)
 *
 * Context: process; takes the fans' and the fan's mutex.
 * Return: 0, -ENODEV without such a fan, or the PWM's error.
 */
int pibmc_fan_set_failsafe_duty(unsigned int id, u8 duty, const char **msg)
{
	return pibmc_fan_change(id, msg, pibmc_fan_do_failsafe, duty);
}

/**
 * pibmc_fan_set_auto_duty() - the controller's duty for pwm1_enable = 2
 * @id: the fan's index
 * @duty: 0..255, or -1 to release control (the fan goes to its failsafe)
 *
 * Context: process; takes the fans' and the fan's mutex.
 * Return: 0, -ENODEV without such a fan, -EINVAL for a bad duty, or the
 * PWM's error.
 */
int pibmc_fan_set_auto_duty(unsigned int id, int duty)
{
	struct pibmc_fan *fan;
	int ret;

	if (duty < -1 || duty > PIBMC_FAN_MAX_DUTY)
		return -EINVAL;
	mutex_lock(&pibmc_fans_lock);
	fan = pibmc_fan_find(id);
	if (fan) {
		mutex_lock(&fan->lock);
		fan->auto_duty = duty;
		ret = pibmc_fan_update(fan);
		mutex_unlock(&fan->lock);
	} else {
		ret = -ENODEV;
	}
	mutex_unlock(&pibmc_fans_lock);
	return ret;
}

/**
 * pibmc_fan_register_notifier() - receive the fans' events
 * @nb: called with PIBMC_EVENT_FAN_STALL or PIBMC_EVENT_FAN_RECOVERED and a
 *	struct pibmc_fan_event, in process context, no fan lock held
 *
 * Return: 0.
 */
int pibmc_fan_register_notifier(struct notifier_block *nb)
{
	return blocking_notifier_chain_register(&pibmc_fan_notifier, nb);
}

/**
 * pibmc_fan_unregister_notifier() - stop receiving the fans' events
 * @nb: as registered
 *
 * Return: 0, or -ENOENT if @nb was not registered.
 */
int pibmc_fan_unregister_notifier(struct notifier_block *nb)
{
	return blocking_notifier_chain_unregister(&pibmc_fan_notifier, nb);
}

static umode_t pibmc_fan_is_visible(const void *data, enum hwmon_sensor_types type,
				    u32 attr, int channel)
{
	switch (type) {
	case hwmon_pwm:
		return 0644;
	case hwmon_fan:
		if (attr == hwmon_fan_pulses || attr == hwmon_fan_min)
			return 0644;
		return 0444;
	default:
		return 0;
	}
}

static int pibmc_fan_read(struct device *dev, enum hwmon_sensor_types type, u32 attr,
			  int channel, long *val)
{
	struct pibmc_fan *fan = dev_get_drvdata(dev);
	struct pibmc_tach_health h;
	int ret = 0;
	u32 rpm;

	mutex_lock(&fan->lock);
	switch (type) {
	case hwmon_pwm:
		if (attr == hwmon_pwm_input)
			*val = fan->target;
		else if (attr == hwmon_pwm_enable)
			*val = fan->mode;
		else
			ret = -EOPNOTSUPP;
		break;
	case hwmon_fan:
		switch (attr) {
		case hwmon_fan_input:
			*val = pibmc_fan_rpm(fan, pibmc_fan_drain(fan));
			break;
		case hwmon_fan_pulses:
			*val = fan->est.ppr;
			break;
		case hwmon_fan_min:
			*val = fan->min_rpm;
			break;
		case hwmon_fan_alarm:
			h = pibmc_fan_health(fan, &rpm);
			*val = h.alarm;
			break;
		case hwmon_fan_fault:
			h = pibmc_fan_health(fan, &rpm);
			*val = h.fault;
			break;
		default:
			ret = -EOPNOTSUPP;
		}
		break;
	default:
		ret = -EOPNOTSUPP;
	}
	mutex_unlock(&fan->lock);
	return ret;
}

static int pibmc_fan_write(struct device *dev, enum hwmon_sensor_types type, u32 attr,
			   int channel, long val)
{
	struct pibmc_fan *fan = dev_get_drvdata(dev);
	int ret = 0;

	mutex_lock(&fan->lock);
	if (type == hwmon_pwm && attr == hwmon_pwm_input) {
		/* Kept in every mode; it drives the fan in mode 1. */
		if (val < 0 || val > PIBMC_FAN_MAX_DUTY)
			ret = -EINVAL;
		else
			fan->manual = val;
		if (!ret && fan->mode == PIBMC_FAN_MODE_MANUAL)
			ret = pibmc_fan_update(fan);
	} else if (type == hwmon_pwm && attr == hwmon_pwm_enable) {
		if (val < PIBMC_FAN_MODE_FULL || val > PIBMC_FAN_MODE_AUTO) {
			ret = -EINVAL;
		} else {
			fan->mode = val;
			ret = pibmc_fan_update(fan);
		}
	} else if (type == hwmon_fan && attr == hwmon_fan_pulses) {
		if (val < 1 || val > 4)
			ret = -EINVAL;
		else if (val != fan->est.ppr)
			pibmc_tach_init(&fan->est, val);
	} else if (type == hwmon_fan && attr == hwmon_fan_min) {
		if (val < 0 || val > PIBMC_TACH_MAX_RPM)
			ret = -EINVAL;
		else
			fan->min_rpm = val;
	} else {
		ret = -EOPNOTSUPP;
	}
	mutex_unlock(&fan->lock);
	return ret;
}

static const struct hwmon_ops pibmc_fan_hwmon_ops = {
	.is_visible = pibmc_fan_is_visible,
	.read = pibmc_fan_read,
	.write = pibmc_fan_write,
};

#if PIBMC_HWMON_CONST_INFO
static const struct hwmon_channel_info * const pibmc_fan_info[] = {
#else
static const struct hwmon_channel_info *pibmc_fan_info[] = {
#endif
	HWMON_CHANNEL_INFO(pwm, HWMON_PWM_INPUT | HWMON_PWM_ENABLE),
	HWMON_CHANNEL_INFO(fan, HWMON_F_INPUT | HWMON_F_PULSES | HWMON_F_MIN |
			   HWMON_F_ALARM | HWMON_F_FAULT),
	NULL
};

static const struct hwmon_chip_info pibmc_fan_chip = {
	.ops = &pibmc_fan_hwmon_ops,
	.info = pibmc_fan_info,
};

/* The thermal cooling device: state N runs the fan at cooling-levels[N] or more. */
static int pibmc_fan_get_max_state(struct thermal_cooling_device *cdev, unsigned long *state)
{
	struct pibmc_fan *fan = cdev->devdata;

	*state = fan->nlevels - 1;
	return 0;
}

static int pibmc_fan_get_cur_state(struct thermal_cooling_device *cdev, unsigned long *state)
{
	struct pibmc_fan *fan = cdev->devdata;

	mutex_lock(&fan->lock);
	*state = fan->cstate;
	mutex_unlock(&fan->lock);
	return 0;
}

static int pibmc_fan_set_cur_state(struct thermal_cooling_device *cdev, unsigned long state)
{
	struct pibmc_fan *fan = cdev->devdata;
	int ret;

	if (state >= fan->nlevels)
		return -EINVAL;
	mutex_lock(&fan->lock);
	fan->cstate = state;
	fan->cbound = true;
	ret = pibmc_fan_update(fan);
	mutex_unlock(&fan->lock);
	return ret;
}

static const struct thermal_cooling_device_ops pibmc_fan_cooling_ops = {
	.get_max_state = pibmc_fan_get_max_state,
	.get_cur_state = pibmc_fan_get_cur_state,
	.set_cur_state = pibmc_fan_set_cur_state,
};

/* Removal and shutdown: fan-shutdown-percent if given, else keep running. */
static void pibmc_fan_stop(struct pibmc_fan *fan)
{
	cancel_delayed_work_sync(&fan->kick);
	mutex_lock(&fan->lock);
	if (!fan->stopped) {
		fan->kicking = false;
		if (fan->shutdown_duty >= 0 && pibmc_fan_write_duty(fan, fan->shutdown_duty))
			dev_warn(fan->dev, "cannot set the shutdown duty\n");
		fan->stopped = true;
	}
	mutex_unlock(&fan->lock);
}

static void pibmc_fan_stop_action(void *data)
{
	pibmc_fan_stop(data);
}

static void pibmc_fan_unlist(void *data)
{
	struct pibmc_fan *fan = data;

	mutex_lock(&pibmc_fans_lock);
	list_del(&fan->node);
	mutex_unlock(&pibmc_fans_lock);
}

static void pibmc_fan_health_stop(void *data)
{
	struct pibmc_fan *fan = data;

	cancel_delayed_work_sync(&fan->health);
}

/*
 * debugfs tach_trace: the estimator's inputs in the order it got them,
 * "e NS" for a tach edge (glitches included), "r NS RPM" for a reading,
 * the last PIBMC_FAN_TRACE; tests/unit/test_tach.c replays them.
 */
static int pibmc_fan_trace_show(struct seq_file *s, void *unused)
{
	struct pibmc_fan *fan = s->private;
	unsigned long i;

	mutex_lock(&fan->lock);
	pibmc_fan_drain(fan);
	i = fan->thead > PIBMC_FAN_TRACE ? fan->thead - PIBMC_FAN_TRACE : 0;
	for (; i != fan->thead; i++) {
		const struct pibmc_fan_trace *e = &fan->trace[i % PIBMC_FAN_TRACE];

		if (e->rpm == U32_MAX)
			seq_printf(s, "e %llu\n", e->ns);
		else
			seq_printf(s, "r %llu %u\n", e->ns, e->rpm);
	}
	mutex_unlock(&fan->lock);
	return 0;
}

static int pibmc_fan_trace_open(struct inode *inode, struct file *file)
{
	return single_open_size(file, pibmc_fan_trace_show, inode->i_private,
				PIBMC_FAN_TRACE * 32);
}

static const struct file_operations pibmc_fan_trace_fops = {
	.owner = THIS_MODULE,
	.open = pibmc_fan_trace_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

static void pibmc_fan_debugfs_remove(void *data)
{
	struct pibmc_fan *fan = data;

	debugfs_remove_recursive(fan->debugfs);
}

/* The GPIOs that can carry the BCM2835's PWM, with their channel and function. */
static const struct {
	u32 pin, channel, function;
} pibmc_fan_pwm_pins[] = {
	{ 12, 0, 4 }, { 13, 1, 4 },	/* ALT0 */
	{ 18, 0, 2 }, { 19, 1, 2 },	/* ALT5 */
};

/*
 * With a Raspberry Pi pin configuration (brcm,pins: the PWM pin first), the
 * pin, its function and the PWM channel must agree, or the fan would get
 * no PWM (a floating input: full speed at best).
 */
static int pibmc_fan_check_pin(struct device *dev, struct pwm_device *pwm)
{
	struct device_node *np;
	u32 pin, function;
	unsigned int i;
	int ret;

	np = of_parse_phandle(dev->of_node, "pinctrl-0", 0);
	if (!np)
		return 0;
	ret = of_property_read_u32_index(np, "brcm,pins", 0, &pin);
	if (!ret)
		ret = of_property_read_u32_index(np, "brcm,function", 0, &function);
	of_node_put(np);
	if (ret)
		return 0;	/* not a Raspberry Pi pin configuration */

	for (i = 0; i < ARRAY_SIZE(pibmc_fan_pwm_pins); i++) {
		if (pibmc_fan_pwm_pins[i].pin != pin)
			continue;
		if (pibmc_fan_pwm_pins[i].channel != pwm->hwpwm)
			return dev_err_probe(dev, -EINVAL,
					     "GPIO%u carries PWM%u, not PWM%u of pwms\n",
					     pin, pibmc_fan_pwm_pins[i].channel, pwm->hwpwm);
		if (pibmc_fan_pwm_pins[i].function != function)
			return dev_err_probe(dev, -EINVAL,
					     "GPIO%u needs brcm,function %u for PWM%u, not %u\n",
					     pin, pibmc_fan_pwm_pins[i].function,
					     pibmc_fan_pwm_pins[i].channel, function);
		return 0;
	}
	return dev_err_probe(dev, -EINVAL,
			     "GPIO%u cannot carry a PWM: use GPIO12, 13, 18 or 19\n", pin);
}

static int pibmc_fan_of_levels(struct pibmc_fan *fan)
{
	static const u8 defaults[] = { 0, 64, 128, 192, 255 };
	struct device *dev = fan->dev;
	unsigned int i;
	int n, ret;

	n = device_property_count_u32(dev, "cooling-levels");
	if (n <= 0) {
		fan->nlevels = ARRAY_SIZE(defaults);
		fan->levels = devm_kcalloc(dev, fan->nlevels, sizeof(u32), GFP_KERNEL);
		if (!fan->levels)
			return -ENOMEM;
		for (i = 0; i < fan->nlevels; i++)
			fan->levels[i] = defaults[i];
		return 0;
	}
	fan->nlevels = n;
	fan->levels = devm_kcalloc(dev, n, sizeof(u32), GFP_KERNEL);
	if (!fan->levels)
		return -ENOMEM;
	ret = device_property_read_u32_array(dev, "cooling-levels", fan->levels, n);
	if (ret)
		return dev_err_probe(dev, ret, "cannot read cooling-levels\n");
	for (i = 0; i < n; i++)
		if (fan->levels[i] > PIBMC_FAN_MAX_DUTY)
			return dev_err_probe(dev, -EINVAL, "cooling-levels[%u] %u > 255\n",
					     i, fan->levels[i]);
	return 0;
}

static int pibmc_fan_of(struct pibmc_fan *fan)
{
	struct device *dev = fan->dev;
	u32 ppr = 2, pct;

	device_property_read_u32(dev, "pulses-per-revolution", &ppr);
	if (ppr < 1 || ppr > 4)
		return dev_err_probe(dev, -EINVAL, "pulses-per-revolution %u not in 1..4\n", ppr);
	pibmc_tach_init(&fan->est, ppr);

	pct = 100;
	device_property_read_u32(dev, "pibmc,failsafe-percent", &pct);
	if (pct > 100)
		return dev_err_probe(dev, -EINVAL, "pibmc,failsafe-percent %u > 100\n", pct);
	fan->failsafe = pibmc_fan_percent(pct);

	pct = 0;
	device_property_read_u32(dev, "fan-stop-to-start-percent", &pct);
	if (pct > 100)
		return dev_err_probe(dev, -EINVAL, "fan-stop-to-start-percent %u > 100\n", pct);
	fan->start_duty = pibmc_fan_percent(pct);
	device_property_read_u32(dev, "fan-stop-to-start-us", &fan->start_us);

	fan->shutdown_duty = -1;
	if (!device_property_read_u32(dev, "fan-shutdown-percent", &pct)) {
		if (pct > 100)
			return dev_err_probe(dev, -EINVAL, "fan-shutdown-percent %u > 100\n", pct);
		fan->shutdown_duty = pibmc_fan_percent(pct);
	}
	return pibmc_fan_of_levels(fan);
}

static int pibmc_fan_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct thermal_cooling_device *cdev;
	struct pibmc_fan *fan;
	int irq, ret;

	fan = devm_kzalloc(dev, sizeof(*fan), GFP_KERNEL);
	if (!fan)
		return -ENOMEM;
	fan->dev = dev;
	fan->auto_duty = -1;
	fan->trace = devm_kcalloc(dev, PIBMC_FAN_TRACE, sizeof(*fan->trace), GFP_KERNEL);
	if (!fan->trace)
		return -ENOMEM;
	mutex_init(&fan->lock);
	INIT_DELAYED_WORK(&fan->kick, pibmc_fan_kick_done);
	INIT_DELAYED_WORK(&fan->health, pibmc_fan_health_work);
	platform_set_drvdata(pdev, fan);
	strscpy(fan->name, dev->of_node ? kbasename(of_node_full_name(dev->of_node)) :
		dev_name(dev), sizeof(fan->name));

	ret = pibmc_fan_of(fan);
	if (ret)
		return ret;

	fan->pwm = devm_pwm_get(dev, NULL);
	if (IS_ERR(fan->pwm))
		return dev_err_probe(dev, PTR_ERR(fan->pwm), "cannot get the PWM\n");
	ret = pibmc_fan_check_pin(dev, fan->pwm);
	if (ret)
		return ret;
	pwm_init_state(fan->pwm, &fan->state);
	if (!fan->state.period)
		return dev_err_probe(dev, -EINVAL, "the PWM period is 0\n");

	/* Full speed until told otherwise. */
	mutex_lock(&fan->lock);
	fan->mode = PIBMC_FAN_MODE_FULL;
	fan->manual = PIBMC_FAN_MAX_DUTY;
	fan->applied = PIBMC_FAN_MAX_DUTY;	/* no kick: it is full speed */
	ret = pibmc_fan_update(fan);
	mutex_unlock(&fan->lock);
	if (ret)
		return dev_err_probe(dev, ret, "cannot apply the PWM\n");
	ret = devm_add_action_or_reset(dev, pibmc_fan_stop_action, fan);
	if (ret)
		return ret;

	fan->tach = devm_gpiod_get(dev, "tach", GPIOD_IN);
	if (IS_ERR(fan->tach))
		return dev_err_probe(dev, PTR_ERR(fan->tach), "cannot get tach-gpios\n");
	irq = gpiod_to_irq(fan->tach);
	if (irq < 0)
		return dev_err_probe(dev, irq, "the tach line has no interrupt\n");
	ret = devm_request_irq(dev, irq, pibmc_fan_tach_irq, IRQF_TRIGGER_FALLING,
			       dev_name(dev), &fan->ring);
	if (ret)
		return dev_err_probe(dev, ret, "cannot request the tach interrupt\n");

	fan->hwmon = devm_hwmon_device_register_with_info(dev, "pibmc_fan", fan,
							  &pibmc_fan_chip, NULL);
	if (IS_ERR(fan->hwmon))
		return dev_err_probe(dev, PTR_ERR(fan->hwmon), "cannot register hwmon\n");

	if (IS_ENABLED(CONFIG_THERMAL_OF)) {
		cdev = devm_thermal_of_cooling_device_register(dev, dev->of_node, "pibmc-fan",
							       fan, &pibmc_fan_cooling_ops);
		if (IS_ERR(cdev))
			return dev_err_probe(dev, PTR_ERR(cdev),
					     "cannot register the cooling device\n");
	}

	fan->debugfs = debugfs_create_dir(dev_name(dev), NULL);
	debugfs_create_file("tach_trace", 0444, fan->debugfs, fan, &pibmc_fan_trace_fops);
	ret = devm_add_action_or_reset(dev, pibmc_fan_debugfs_remove, fan);
	if (ret)
		return ret;

	mutex_lock(&pibmc_fans_lock);
	list_add_tail(&fan->node, &pibmc_fans);
	mutex_unlock(&pibmc_fans_lock);
	ret = devm_add_action_or_reset(dev, pibmc_fan_unlist, fan);
	if (ret)
		return ret;

	/* Stopped first at removal: it tells the notifier chain the fan's index. */
	schedule_delayed_work(&fan->health, msecs_to_jiffies(PIBMC_FAN_HEALTH_MS));
	return devm_add_action_or_reset(dev, pibmc_fan_health_stop, fan);
}

static void pibmc_fan_shutdown(struct platform_device *pdev)
{
	struct pibmc_fan *fan = platform_get_drvdata(pdev);

	if (fan)
		pibmc_fan_stop(fan);
}

static const struct of_device_id pibmc_fan_of_match[] = {
	{ .compatible = "pibmc,fan" },
	{ }
};
MODULE_DEVICE_TABLE(of, pibmc_fan_of_match);

struct platform_driver pibmc_fan_driver = {
	.probe = pibmc_fan_probe,
	.shutdown = pibmc_fan_shutdown,
	.driver = {
		.name = "pibmc-fan",
		.of_match_table = pibmc_fan_of_match,
	},
};
