// SPDX-License-Identifier: GPL-2.0
/*
 * parse_temp_text(): a sysfs file's or a command's output, in both units
 * (the first byte's low bit picks millidegrees or degrees).  A number
 * alone or nothing: on success the value is within 1000 C, an integer in
 * millidegrees reads back as itself; on failure there is a reason.
 */
#include "fuzz_reading.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *err = NULL;
	bool milli;
	char *text;
	int temp = 0x7eadbeef;

	if (!size)
		return 0;
	milli = data[0] & 1;
	text = fuzz_copy(data + 1, size - 1);
	if (!text)
		return 0;
	if (parse_temp_text(text, size - 1, milli, &temp, &err)) {
		fuzz_check(temp >= -1000000 && temp <= 1000000, "within 1000 C");
		fuzz_check(size - 1 < 33, "a short text");
		if (milli) {
			char buf[40];
			size_t n = size - 1;

			if (n && text[n - 1] == '\n')
				n--;
			memcpy(buf, text, n);
			buf[n] = 0;
			fuzz_check(strtol(buf, NULL, 10) == temp, "millidegrees as written");
		}
	} else {
		fuzz_check(err && *err, "a reason");
		fuzz_check(temp == 0x7eadbeef, "no value on failure");
	}
	free(text);
	return 0;
}
