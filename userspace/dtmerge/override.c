// SPDX-License-Identifier: GPL-2.0
/*
 * Parameters through __overrides__, as the Raspberry Pi firmware applies
 * them (raspberrypi/utils dtmerge/dtoverlay.c, dtoverlay_extract_override and
 * dtoverlay_override_one_target).  A parameter is a list of <phandle> "spec"
 * targets; a spec is
 *   prop          string (C escapes; "status" maps booleans to okay/disabled,
 *                 "name" renames the node, "bootargs" appends)
 *   prop.off      8-bit,  prop;off 16-bit,  prop:off 32-bit,  prop#off 64-bit
 *                 big-endian integer at byte offset off, at most
 *                 DTM_OFFSET_MAX (the property grows
 *                 with zeros if short; "reg" never grows, and reg:0 also
 *                 renames the node's unit address)
 *   prop?  prop!  boolean: present (empty) when true / false
 *   prop[         byte string: hex pairs, ':' or blanks between them
 * followed optionally by =LITERAL (the value to write instead of the
 * parameter's; an empty literal takes the next cell, or for strings the next
 * string, of the property) or by {key=value,key,=default} (a lookup on the
 * parameter's value).  <0> "+N-M=K!J" switches fragments: +N enables, -N
 * disables, =N follows the value, !N its inverse.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "dtmerge.h"

#define VALUE_MAX 256

enum kind { K_FRAGMENTS, K_INTEGER, K_BOOL, K_BOOL_INV, K_STRING, K_BYTES };

/* One parameter being applied. */
struct param_ctx {
	struct dtm_blob *blob;
	const char *owner;
	const struct dtm_param *param;
	struct dtm_where where;
	struct dtm_error *err;
};

/* One target of it, parsed. */
struct target {
	uint32_t phandle;
	enum kind kind;
	const char *text;	/* the spec string */
	char prop[256];		/* property name, or the fragment ops */
	int off, width;
	char value[VALUE_MAX];	/* what is written: the value, a literal or a lookup's */
};

#define FAIL(c, ...)							\
	do {								\
		int n_ = snprintf((c)->err->msg, sizeof((c)->err->msg),	\
				  "%s:%d: %s: parameter '%s': ",	\
				  (c)->where.file, (c)->where.line,	\
				  (c)->owner, (c)->param->name);	\
		if (n_ > 0 && (size_t)n_ < sizeof((c)->err->msg))	\
			snprintf((c)->err->msg + n_,			\
				 sizeof((c)->err->msg) - n_, __VA_ARGS__); \
		return -1;						\
	} while (0)

static uint32_t be32(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	return (uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 | (uint32_t)u[2] << 8 | u[3];
}

static int copy_value(char *dst, const char *src, size_t len)
{
	if (len >= VALUE_MAX)
		return -1;
	memcpy(dst, src, len);
	dst[len] = '\0';
	return 0;
}

/*
 * A lookup entry's value: 'quoted', plain up to ',' or '}', or a cell that
 * follows the string's NUL.  buf NULL skips it.  Returns where parsing goes on.
 */
static const char *immediate(const char *p, const char *end, char *buf)
{
	size_t len;

	if (p + 1 < end && !p[0]) {
		if (p + 5 > end)
			return NULL;
		if (buf)
			snprintf(buf, VALUE_MAX, "%d", (int32_t)be32(p + 1));
		return p + 5;
	}
	if (p[0] == '\'') {
		p++;
		len = strcspn(p, "'");
		if (!p[len] || (buf && copy_value(buf, p, len)))
			return NULL;
		p += len + 1;
	} else {
		len = strcspn(p, ",}");
		if (buf && copy_value(buf, p, len))
			return NULL;
		p += len;
	}
	return *p == ',' ? p + 1 : p;
}

/* {key=value,key,=default}: key alone passes the value through. */
static const char *lookup(const struct param_ctx *c, struct target *t,
			  const char *p, const char *end)
{
	const char *key = c->param->value;
	int found = 0;

	while (p && p < end && *p && *p != '}') {
		size_t klen = strcspn(p, "=,}");
		char sep = p[klen], *dst = NULL;

		if (!klen) {
			if (sep && !found) {
				dst = t->value;
				found = 2;
			}
		} else if (found != 1 && klen == strlen(key) && !strncmp(p, key, klen)) {
			dst = t->value;
			found = 1;
		}
		p += klen;
		if (sep == '=') {
			p = immediate(p + 1, end, dst);
		} else {
			if (dst && copy_value(dst, key, strlen(key)))
				return NULL;
			if (sep == ',')
				p++;
		}
	}
	if (p && !found) {
		snprintf(c->err->msg, sizeof(c->err->msg),
			 "%s:%d: %s: parameter '%s': no match for '%s' in '%s'",
			 c->where.file, c->where.line, c->owner, c->param->name,
			 key, t->text);
		return NULL;
	}
	if (!p || (p < end && (p[0] != '}' || p + 1 >= end || p[1])))
		goto malformed;
	return p == end ? p : p + 2;
malformed:
	snprintf(c->err->msg, sizeof(c->err->msg),
		 "%s:%d: %s: parameter '%s': malformed lookup '%s'",
		 c->where.file, c->where.line, c->owner, c->param->name, t->text);
	return NULL;
}

/* Parses the target at *pos; moves *pos past it and what it consumed. */
static int parse_target(const struct param_ctx *c, const char **pos,
			const char *end, struct target *t)
{
	static const char widths[] = ".;:#";
	const char *data = *pos, *nul;
	size_t tlen, name_len, target_len;

	if (end - data < 6)
		FAIL(c, "__overrides__ data is truncated");
	t->phandle = be32(data);
	data += 4;
	nul = memchr(data, '\0', end - data);
	if (!nul)
		FAIL(c, "__overrides__ string is not terminated");
	t->text = data;
	tlen = nul - data;
	data = nul + 1;
	if (copy_value(t->value, c->param->value, strlen(c->param->value)))
		FAIL(c, "value too long");

	if (!t->phandle) {
		t->kind = K_FRAGMENTS;
		if (tlen >= sizeof(t->prop))
			FAIL(c, "bad fragment spec '%s'", t->text);
		memcpy(t->prop, t->text, tlen + 1);
		*pos = data;
		return 0;
	}

	target_len = strcspn(t->text, "={");
	name_len = strcspn(t->text, ".;:#?![{=");
	if (!name_len || name_len >= sizeof(t->prop))
		FAIL(c, "spec '%s' names no property", t->text);
	memcpy(t->prop, t->text, name_len);
	t->prop[name_len] = '\0';
	t->kind = K_STRING;
	if (name_len < target_len) {
		char sep = t->text[name_len];

		if (sep == '?') {
			t->kind = K_BOOL;
		} else if (sep == '!') {
			t->kind = K_BOOL_INV;
		} else if (sep == '[') {
			t->kind = K_BYTES;
		} else {
			unsigned long off;

			t->kind = K_INTEGER;
			t->width = 1 << (strchr(widths, sep) - widths);
			errno = 0;
			off = strtoul(t->text + name_len + 1, NULL, 10);
			if (errno || off > DTM_OFFSET_MAX ||
			    t->text[name_len + 1] < '0' || t->text[name_len + 1] > '9')
				FAIL(c, "bad offset in '%s' (0 to %d)", t->text, DTM_OFFSET_MAX);
			t->off = (int)off;
		}
	}

	if (target_len < tlen && t->text[target_len] == '=') {
		const char *lit = t->text + target_len + 1;

		if (*lit || t->kind == K_BYTES) {
			if (copy_value(t->value, lit, strlen(lit)))
				FAIL(c, "literal too long in '%s'", t->text);
		} else if (t->kind == K_STRING) {
			/* "prop=",&label: the string that follows */
			if (data < end) {
				nul = memchr(data, '\0', end - data);
				if (!nul || copy_value(t->value, data, nul - data))
					FAIL(c, "bad string literal after '%s'", t->text);
				data = nul + 1;
			} else {
				t->value[0] = '\0';
			}
		} else {
			/* "prop:0=",<cell>: the cell that follows */
			if (end - data < 4)
				FAIL(c, "missing cell literal after '%s'", t->text);
			snprintf(t->value, sizeof(t->value), "%u", be32(data));
			data += 4;
		}
	} else if (target_len < tlen) {
		data = lookup(c, t, t->text + target_len + 1, end);
		if (!data)
			return -1;
	}
	if (t->kind == K_STRING && !strcmp(t->prop, "status")) {
		const char *word = dtm_status_word(t->value);

		if (word != t->value)
			strcpy(t->value, word);
	}
	*pos = data;
	return 0;
}

static int fragment_offset(const void *fdt, unsigned long n)
{
	char name[32];
	int off;

	snprintf(name, sizeof(name), "fragment@%lu", n);
	off = fdt_subnode_offset(fdt, 0, name);
	if (off < 0) {
		snprintf(name, sizeof(name), "fragment-%lu", n);
		off = fdt_subnode_offset(fdt, 0, name);
	}
	return off;
}

static int apply_fragments(const struct param_ctx *c, const struct target *t)
{
	unsigned long long value;
	const char *p = t->prop;

	dtm_parse_value(t->value, 1, &value);
	while (*p) {
		char op = *p, *end;
		unsigned long n;
		int frag, sub, enable, ret;

		n = strtoul(p + 1, &end, 0);
		if (!strchr("+-=!", op) || end == p + 1)
			FAIL(c, "bad fragment spec '%s'", t->prop);
		p = end;
		enable = op == '+' || (op == '=' && value) || (op == '!' && !value);
		frag = fragment_offset(c->blob->fdt, n);
		if (frag < 0)
			FAIL(c, "fragment %lu not found", n);
		sub = fdt_subnode_offset(c->blob->fdt, frag,
					 enable ? "__dormant__" : "__overlay__");
		if (sub < 0)
			continue;	/* already so */
		ret = dtm_rename_node(c->blob, sub, enable ? "__overlay__" : "__dormant__");
		if (ret)
			FAIL(c, "cannot switch fragment %lu: %s", n, fdt_strerror(ret));
	}
	return 0;
}

static int set_integer(struct dtm_blob *blob, int node, const struct target *t,
		       unsigned long long v)
{
	size_t need = (size_t)t->off + t->width;
	const uint8_t *old;
	uint8_t *buf;
	int len = 0, ret = 0, i;

	old = fdt_getprop(blob->fdt, node, t->prop, &len);
	if (!old)
		len = 0;
	/* "reg" is never created or extended: it is a pseudo-property then. */
	if ((size_t)len >= need || strcmp(t->prop, "reg")) {
		size_t size = (size_t)len > need ? (size_t)len : need;

		buf = calloc(1, size);
		if (!buf)
			return -FDT_ERR_NOSPACE;
		if (len)
			memcpy(buf, old, len);
		for (i = 0; i < t->width; i++)
			buf[t->off + i] = (uint8_t)(v >> (8 * (t->width - 1 - i)));
		ret = dtm_make_room(blob, size);
		if (!ret)
			ret = fdt_setprop(blob->fdt, node, t->prop, buf, size);
		free(buf);
	}
	if (!ret && !strcmp(t->prop, "reg") && t->off == 0) {
		const char *name = fdt_get_name(blob->fdt, node, NULL);
		const char *at = name ? strchr(name, '@') : NULL;
		char renamed[256];

		if (at) {
			snprintf(renamed, sizeof(renamed), "%.*s@%x",
				 (int)(at - name), name, (uint32_t)v);
			ret = dtm_rename_node(blob, node, renamed);
		}
	}
	return ret;
}

/* Drops "path:prop:0" from /__fixups__: a removed boolean refers to nothing. */
static int delete_fixup(struct dtm_blob *blob, int node, const char *prop)
{
	char loc[1300], *copy;
	int fixups, p, ret;

	if (fdt_get_path(blob->fdt, node, loc, 1024))
		return 0;
	snprintf(loc + strlen(loc), sizeof(loc) - strlen(loc), ":%s:0", prop);
	fixups = fdt_path_offset(blob->fdt, "/__fixups__");
	if (fixups < 0)
		return 0;
	fdt_for_each_property_offset(p, blob->fdt, fixups) {
		const char *label, *val, *hit = NULL;
		int len, pos;
		size_t n = strlen(loc) + 1;

		val = fdt_getprop_by_offset(blob->fdt, p, &label, &len);
		for (pos = 0; val && pos < len; pos += strnlen(val + pos, len - pos) + 1)
			if (!strcmp(val + pos, loc))
				hit = val + pos;
		if (!hit)
			continue;
		if ((size_t)len == n)
			return fdt_delprop(blob->fdt, fixups, label);
		copy = malloc(len);
		if (!copy)
			return -FDT_ERR_NOSPACE;
		memcpy(copy, val, hit - val);
		memcpy(copy + (hit - val), hit + n, len - (hit - val) - n);
		label = strdup(label);
		ret = label ? fdt_setprop(blob->fdt, fixups, label, copy, len - n)
			    : -FDT_ERR_NOSPACE;
		free((char *)label);
		free(copy);
		return ret;
	}
	return 0;
}

static int set_boolean(struct dtm_blob *blob, int node, const char *prop, int on)
{
	int len = 0, ret;

	if (fdt_getprop(blob->fdt, node, prop, &len) && len > 0) {
		ret = delete_fixup(blob, node, prop);
		if (ret)
			return ret;
	}
	if (on) {
		ret = dtm_make_room(blob, strlen(prop) + 16);
		return ret ? ret : fdt_setprop_empty(blob->fdt, node, prop);
	}
	ret = fdt_delprop(blob->fdt, node, prop);
	return ret == -FDT_ERR_NOTFOUND ? 0 : ret;
}

static int set_string(struct dtm_blob *blob, int node, const char *prop,
		      const char *s, int len)
{
	const char *old;
	char *joined;
	int olen = 0, ret;

	if (!strcmp(prop, "name"))
		return dtm_rename_node(blob, node, s);
	ret = dtm_make_room(blob, (size_t)len + 16);
	if (ret)
		return ret;
	old = fdt_getprop(blob->fdt, node, prop, &olen);
	if (strcmp(prop, "bootargs") || !old || olen <= 0 || !old[0])
		return fdt_setprop(blob->fdt, node, prop, s, len);
	/* bootargs: appended, after a space */
	joined = malloc(olen + len);
	if (!joined)
		return -FDT_ERR_NOSPACE;
	memcpy(joined, old, olen);
	joined[olen - 1] = ' ';
	memcpy(joined + olen, s, len);
	ret = dtm_make_room(blob, olen + len);
	if (!ret)
		ret = fdt_setprop(blob->fdt, node, prop, joined, olen + len);
	free(joined);
	return ret;
}

static int apply_target(const struct param_ctx *c, const struct target *t)
{
	struct dtm_blob *blob = c->blob;
	unsigned long long v;
	char buf[VALUE_MAX];
	uint8_t bytes[32];
	int node, ret, n = 0;
	const char *p;

	if (t->kind == K_FRAGMENTS)
		return apply_fragments(c, t);
	node = fdt_node_offset_by_phandle(blob->fdt, t->phandle);
	if (node < 0)
		FAIL(c, "no node with phandle 0x%x for '%s'", t->phandle, t->text);

	switch (t->kind) {
	case K_INTEGER:
		if (dtm_parse_value(t->value, 0, &v))
			FAIL(c, "invalid integer '%s'", t->value);
		ret = set_integer(blob, node, t, v);
		break;
	case K_BOOL:
	case K_BOOL_INV:
		if (dtm_parse_value(t->value, 0, &v))
			FAIL(c, "invalid boolean '%s'", t->value);
		ret = set_boolean(blob, node, t->prop, !!v ^ (t->kind == K_BOOL_INV));
		break;
	case K_BYTES:
		for (p = t->value; *p; ) {
			int b;

			if (*p == ':' || *p == ' ' || *p == '\t') {
				p++;
				continue;
			}
			b = dtm_hex_byte(p);
			if (b < 0 || n == (int)sizeof(bytes))
				FAIL(c, "invalid byte string '%s'", t->value);
			bytes[n++] = (uint8_t)b;
			p += 2;
		}
		ret = dtm_make_room(blob, n);
		if (!ret)
			ret = fdt_setprop(blob->fdt, node, t->prop, bytes, n);
		break;
	default:
		n = dtm_unescape(t->value, buf);
		if (n < 0)
			FAIL(c, "invalid escape in '%s'", t->value);
		ret = set_string(blob, node, t->prop, buf, n);
		break;
	}
	if (ret)
		FAIL(c, "'%s': %s", t->text, fdt_strerror(ret));
	return 0;
}

int dtm_apply_param(struct dtm_blob *blob, const char *owner,
		    const struct dtm_param *param, struct dtm_where where,
		    struct dtm_error *err)
{
	struct param_ctx c = { blob, owner, param, where, err };
	const char *prop, *pos, *end;
	char *copy;
	int ov, len, ret = 0;

	ov = fdt_path_offset(blob->fdt, "/__overrides__");
	prop = ov < 0 ? NULL : fdt_getprop(blob->fdt, ov, param->name, &len);
	if (!prop) {
		snprintf(err->msg, sizeof(err->msg), "%s:%d: %s: unknown parameter '%s'",
			 where.file, where.line, owner, param->name);
		return -1;
	}
	/* The blob moves as properties change: work on a copy of the list. */
	copy = malloc(len + 1);
	if (!copy) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return -1;
	}
	memcpy(copy, prop, len);
	copy[len] = '\0';
	end = copy + len;
	for (pos = copy; !ret && pos < end; ) {
		struct target t = { 0 };

		ret = parse_target(&c, &pos, end, &t);
		if (!ret)
			ret = apply_target(&c, &t);
	}
	free(copy);
	return ret;
}
