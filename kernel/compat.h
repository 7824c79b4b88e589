/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pibmc: what the pure files (tach.c, ...) need from the kernel, so that
 * the same C compiles into the module and natively into the unit tests.
 */
#ifndef PIBMC_COMPAT_H
#define PIBMC_COMPAT_H

#ifdef __KERNEL__
#include <linux/math64.h>
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define u8 uint8_t
#define u32 uint32_t
#define u64 uint64_t

static inline u64 div_u64(u64 dividend, u32 divisor)
{
	return dividend / divisor;
}
#endif

#endif /* PIBMC_COMPAT_H */
