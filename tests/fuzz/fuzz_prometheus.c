// SPDX-License-Identifier: GPL-2.0
/*
 * parse_prometheus(): a node_exporter page, with or without a label
 * filter.  An input that starts with "label:" uses the rest of that line
 * as the filter.  On success the temperature is within +-1000 C, and the
 * page holds a temperature sample.
 */
#include "fuzz_reading.h"

#define LABEL "label:"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *err = NULL, *body = (const char *)data;
	char label[128], *page;
	const char *lp = NULL;
	size_t len = size;
	int temp = 0x7eadbeef;

	if (size >= strlen(LABEL) && !memcmp(data, LABEL, strlen(LABEL))) {
		const char *nl = memchr(data, '\n', size);
		size_t n;

		if (!nl)
			return 0;
		n = (size_t)(nl - body) - strlen(LABEL);
		if (n >= sizeof(label) || memchr(body + strlen(LABEL), 0, n))
			return 0;
		memcpy(label, body + strlen(LABEL), n);
		label[n] = 0;
		lp = label;
		len = size - (size_t)(nl + 1 - body);
		body = nl + 1;
	}
	page = fuzz_copy((const uint8_t *)body, len);
	if (!page)
		return 0;
	if (parse_prometheus(page, len, lp, &temp, &err)) {
		fuzz_check(temp >= -1000000 && temp <= 1000000, "within 1000 C");
		fuzz_check(memmem(page, len, "node_hwmon_temp_celsius", 23) ||
			   memmem(page, len, "node_thermal_zone_temp", 22), "a sample");
	} else {
		fuzz_check(err && *err, "a reason");
		fuzz_check(temp == 0x7eadbeef, "no value on failure");
	}
	free(page);
	return 0;
}
