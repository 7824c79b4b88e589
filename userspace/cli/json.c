// SPDX-License-Identifier: GPL-2.0
/* pibmc: the JSON writer (json.h). */
#include <inttypes.h>

#include "cli/json.h"

void json_init(struct json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->count[0] = 0;
}

static void put_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	for (; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

/* The separator and the key before a value. */
static void key(struct json *j, const char *k)
{
	if (j->count[j->depth]++)
		fputc(',', j->f);
	if (k) {
		put_string(j->f, k);
		fputc(':', j->f);
	}
}

static void open_(struct json *j, const char *k, char c)
{
	key(j, k);
	fputc(c, j->f);
	if (j->depth + 1 < JSON_DEPTH)
		j->depth++;
	j->count[j->depth] = 0;
	j->close[j->depth] = c == '{' ? '}' : ']';
}

void json_object(struct json *j, const char *k)
{
	open_(j, k, '{');
}

void json_array(struct json *j, const char *k)
{
	open_(j, k, '[');
}

void json_end(struct json *j)
{
	if (!j->depth)
		return;
	fputc(j->close[j->depth], j->f);
	j->depth--;
}

void json_str(struct json *j, const char *k, const char *s)
{
	key(j, k);
	put_string(j->f, s);
}

void json_uint(struct json *j, const char *k, uint64_t v)
{
	key(j, k);
	fprintf(j->f, "%" PRIu64, v);
}

void json_bool(struct json *j, const char *k, bool v)
{
	key(j, k);
	fputs(v ? "true" : "false", j->f);
}

void json_null(struct json *j, const char *k)
{
	key(j, k);
	fputs("null", j->f);
}

void json_milli(struct json *j, const char *k, uint64_t v)
{
	key(j, k);
	fprintf(j->f, "%" PRIu64 ".%03" PRIu64, v / 1000, v % 1000);
}
