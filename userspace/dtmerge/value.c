// SPDX-License-Identifier: GPL-2.0
/*
 * Parameter values as the Raspberry Pi firmware reads them (raspberrypi/utils
 * dtmerge/dtoverlay.c): integers with strtoull(base 0), the boolean words,
 * the "status" words, and C escapes in strings.
 */
#include <stdlib.h>
#include <string.h>

#include "dtmerge.h"

static int one_of(const char *v, const char *const *words)
{
	for (; *words; words++)
		if (!strcmp(v, *words))
			return 1;
	return 0;
}

/*
 * Integer, boolean and fragment-enable targets: a number (decimal, 0x hex,
 * 0 octal; "" reads as 0 like the firmware's strtoull), or y/yes/on/true/down
 * (1), n/no/off/false (0), up (2); case-sensitive like the firmware.  Fragment
 * enables also take any other non-empty string as true.
 */
int dtm_parse_value(const char *v, int any_string, unsigned long long *out)
{
	static const char *const yes[] = { "y", "yes", "on", "true", "down", NULL };
	static const char *const no[] = { "n", "no", "off", "false", NULL };
	char *end;

	*out = strtoull(v, &end, 0);
	if (!*end)
		return 0;
	if (one_of(v, yes))
		*out = 1;
	else if (one_of(v, no))
		*out = 0;
	else if (!strcmp(v, "up"))
		*out = 2;
	else if (any_string)
		*out = 1;
	else
		return -1;
	return 0;
}

/* A plain "status" string target turns the boolean words into okay/disabled. */
const char *dtm_status_word(const char *v)
{
	static const char *const yes[] = { "y", "yes", "on", "true", "enable", "1", NULL };
	static const char *const no[] = { "n", "no", "off", "false", "0", NULL };

	if (one_of(v, yes))
		return "okay";
	if (one_of(v, no))
		return "disabled";
	return v;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int dtm_hex_byte(const char *p)
{
	int hi = hex_digit(p[0]), lo = hi < 0 ? -1 : hex_digit(p[1]);

	return lo < 0 ? -1 : hi << 4 | lo;
}

/*
 * \a \b \f \n \r \t \v \\ \' \" \xHH and up to three octal digits; out has
 * room for strlen(in) + 1.  Returns the length with the NUL, or -1.
 */
int dtm_unescape(const char *in, char *out)
{
	const char *p = in;
	char *q = out;

	while (*p) {
		int c = (unsigned char)*p++;

		if (c == '\\') {
			const char *esc = "a\ab\bf\fn\nr\rt\tv\v\\\\''\"\"";
			const char *hit;

			c = (unsigned char)*p++;
			if (c >= '0' && c <= '7') {
				c -= '0';
				if (*p >= '0' && *p <= '7') {
					c = c * 8 + *p++ - '0';
					if (*p >= '0' && *p <= '7')
						c = c * 8 + *p++ - '0';
				}
				if (c > 255)
					return -1;
			} else if (c == 'x') {
				c = dtm_hex_byte(p);
				if (c < 0)
					return -1;
				p += 2;
			} else if (c && (hit = strchr(esc, c)) && (hit - esc) % 2 == 0) {
				c = (unsigned char)hit[1];
			} else {
				return -1;
			}
		}
		*q++ = (char)c;
	}
	*q++ = '\0';
	return (int)(q - out);
}
