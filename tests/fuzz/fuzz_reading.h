/* SPDX-License-Identifier: GPL-2.0 */
/* What the reading harnesses share. */
#ifndef PIBMC_FUZZ_READING_H
#define PIBMC_FUZZ_READING_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/reading.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void fuzz_check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "invariant broken: %s\n", what);
		abort();
	}
}

/*
 * The input in a buffer of its own size exactly (not NUL-terminated), so
 * that ASan sees any read past @size.
 */
static inline char *fuzz_copy(const uint8_t *data, size_t size)
{
	char *p = malloc(size ? size : 1);

	if (p && size)
		memcpy(p, data, size);
	return p;
}

#endif
