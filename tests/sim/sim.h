/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pibmc_sim: the simulated cluster case (see tests/sim/README.md).
 *
 * Three platform drivers share this header: the GPIO/pinctrl controller
 * ("pibmc,sim-gpio"), the PWM controller ("pibmc,sim-pwm") and the board
 * ("pibmc,sim-board") that wires the fan, worker and thermal models to
 * their lines.
 *
 * Locking: every model has its own spinlock.  A model never calls into
 * another one with its lock held; in particular a line's input drive is
 * changed (sim_gpio_drive()) only after the caller's lock is released, as
 * sim_gpio_drive() delivers interrupts to consumers synchronously, and only
 * from the model's own hrtimer, so that a line's writes stay in order.
 */
#ifndef PIBMC_SIM_H
#define PIBMC_SIM_H

#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/hrtimer.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#define SIM_NGPIO	54
#define SIM_NPWM	2
#define SIM_NWORKERS	4
#define SIM_NNODES	(SIM_NWORKERS + 1)	/* master + workers */

/* BCM2835 function select values, as in brcm,function. */
enum sim_func {
	SIM_FUNC_IN = 0,
	SIM_FUNC_OUT = 1,
	SIM_FUNC_ALT5 = 2,
	SIM_FUNC_ALT4 = 3,
	SIM_FUNC_ALT0 = 4,
	SIM_FUNC_ALT1 = 5,
	SIM_FUNC_ALT2 = 6,
	SIM_FUNC_ALT3 = 7,
	SIM_NFUNCS
};

/* brcm,pull values; also used for the external pulls of the case. */
enum sim_pull {
	SIM_PULL_NONE = 0,
	SIM_PULL_DOWN = 1,
	SIM_PULL_UP = 2,
};

/* What drives an input line from outside the SoC. */
enum sim_drive {
	SIM_DRIVE_NONE,		/* released: the pulls decide */
	SIM_DRIVE_LOW,
	SIM_DRIVE_HIGH,
};

struct sim_gpio;
struct sim_pwm;

/* Called (no lock held, any context) when a line's level or function changes. */
typedef void (*sim_line_notify_t)(void *data, unsigned int line);
/* Called (no lock held, process context) when a PWM channel is applied. */
typedef void (*sim_pwm_notify_t)(void *data, unsigned int chan);

extern struct dentry *sim_debugfs_root;

/* gpio.c */
extern struct platform_driver sim_gpio_driver;
int sim_gpio_level(struct sim_gpio *sg, unsigned int line);
enum sim_func sim_gpio_function(struct sim_gpio *sg, unsigned int line);
enum sim_pull sim_gpio_pull(struct sim_gpio *sg, unsigned int line);
void sim_gpio_drive(struct sim_gpio *sg, unsigned int line, enum sim_drive drive);
void sim_gpio_set_ext_pull(struct sim_gpio *sg, unsigned int line, enum sim_pull pull);
void sim_gpio_set_notify(struct sim_gpio *sg, sim_line_notify_t fn, void *data);

/* pinctrl.c: the pin-config half of the GPIO controller. */
int sim_pinctrl_register(struct sim_gpio *sg);
void sim_gpio_set_function(struct sim_gpio *sg, unsigned int line, enum sim_func func);
void sim_gpio_set_pull(struct sim_gpio *sg, unsigned int line, enum sim_pull pull);
const char *sim_func_name(enum sim_func func);

/* pwm.c */
extern struct platform_driver sim_pwm_driver;
struct sim_pwm_state {
	u64 period_ns;
	u64 duty_ns;
	bool enabled;
	bool inversed;
};

void sim_pwm_get(struct sim_pwm *sp, unsigned int chan, struct sim_pwm_state *st);
void sim_pwm_set_notify(struct sim_pwm *sp, sim_pwm_notify_t fn, void *data);

/* board.c */
extern struct platform_driver sim_board_driver;

/* Helpers for debugfs files that hold one integer or one keyword. */
int sim_debugfs_read_line(const char __user *ubuf, size_t count, char *buf, size_t size);

#endif /* PIBMC_SIM_H */
