// SPDX-License-Identifier: GPL-2.0
/*
 * Parameters through __overrides__, as the Raspberry Pi firmware applies
 * them.  Each parameter is a list of <phandle> "spec" pairs:
 *   prop          string value
 *   prop:off      32-bit big-endian integer at byte offset off
 *   prop.off      8-bit      prop;off  16-bit      prop#off  64-bit
 *   prop?         boolean: present when true ("okay"/"disabled" for status)
 *   prop!         inverted boolean
 *   SPEC=literal  the literal is written instead of the parameter's value
 *   <0> "+N-M=K!J"  fragment enables: +N enable, -N disable, =N enable if
 *                 the value is true (else disable), !N the opposite
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libfdt.h>

#include "dtmerge.h"

#define ERR(err, where, ...)						\
	do {								\
		int n_ = snprintf((err)->msg, sizeof((err)->msg), "%s:%d: ", \
				  (where).file, (where).line);		\
		snprintf((err)->msg + n_, sizeof((err)->msg) - n_, __VA_ARGS__); \
	} while (0)

int dtm_parse_bool(const char *v, int *out)
{
	static const char *const yes[] = { "y", "yes", "on", "true", "okay", "1" };
	static const char *const no[] = { "n", "no", "off", "false", "disabled", "0" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (!strcasecmp(v, yes[i])) {
			*out = 1;
			return 0;
		}
		if (!strcasecmp(v, no[i])) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

int dtm_parse_u64(const char *v, unsigned long long *out)
{
	char *end;
	int b;

	if (!dtm_parse_bool(v, &b)) {
		*out = b;
		return 0;
	}
	if (!*v)
		return -1;
	errno = 0;
	if (*v == '-')
		*out = (unsigned long long)strtoll(v, &end, 0);
	else
		*out = strtoull(v, &end, 0);
	return (errno || *end) ? -1 : 0;
}

/* Grows the blob so that properties can be added or extended. */
static int make_room(struct dtm_blob *blob, size_t need)
{
	size_t size = fdt_totalsize(blob->fdt) + need + 1024;
	void *bigger;

	if (size <= blob->size)
		return 0;
	bigger = realloc(blob->fdt, size);
	if (!bigger)
		return -FDT_ERR_NOSPACE;
	blob->fdt = bigger;
	blob->size = size;
	return fdt_open_into(bigger, bigger, size);
}

struct target {
	const struct dtm_param *param;
	const char *owner;
	struct dtm_where where;
	struct dtm_error *err;
};

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

/*
 * Rewrites "/fragment@N/<from>" to "/fragment@N/<to>" at the start of every
 * string of every property of node `path` (the overlay's __fixups__ and
 * __symbols__), so that libfdt still resolves a dormant fragment's phandles.
 */
static int rewrite_paths(struct dtm_blob *blob, const char *path,
			 const char *from, const char *to)
{
	size_t nfrom = strlen(from), nto = strlen(to);
	int node, prop;

	node = fdt_path_offset(blob->fdt, path);
	if (node < 0)
		return 0;
	fdt_for_each_property_offset(prop, blob->fdt, node) {
		const char *name, *val;
		char out[4096], pname[256];
		int len, pos = 0, o = 0, changed = 0, ret;

		val = fdt_getprop_by_offset(blob->fdt, prop, &name, &len);
		while (val && pos < len) {
			const char *str = val + pos;
			size_t n = strnlen(str, len - pos);
			int match = !strncmp(str, from, nfrom) &&
				    (str[nfrom] == '\0' || str[nfrom] == '/' || str[nfrom] == ':');
			const char *rest = match ? str + nfrom : str;
			size_t head = match ? nto : 0;

			if (o + head + strlen(rest) + 1 > sizeof(out))
				return -1;
			memcpy(out + o, to, head);
			memcpy(out + o + head, rest, strlen(rest) + 1);
			o += head + strlen(rest) + 1;
			changed |= match;
			pos += n + 1;
		}
		if (!changed)
			continue;
		snprintf(pname, sizeof(pname), "%s", name);
		ret = make_room(blob, o);
		node = fdt_path_offset(blob->fdt, path);
		if (ret || fdt_setprop(blob->fdt, node, pname, out, o))
			return -1;
		/* Offsets moved: start over; rewritten values no longer match. */
		return rewrite_paths(blob, path, from, to);
	}
	return 0;
}

static int set_fragment(struct dtm_blob *blob, unsigned long n, int enable,
			const struct target *t)
{
	const char *from = enable ? "__dormant__" : "__overlay__";
	const char *to = enable ? "__overlay__" : "__dormant__";
	char frag_name[64], old_path[96], new_path[96], fix[128];
	int frag, sub;

	frag = fragment_offset(blob->fdt, n);
	if (frag < 0) {
		ERR(t->err, t->where, "%s: parameter '%s': no fragment %lu",
		    t->owner, t->param->name, n);
		return -1;
	}
	sub = fdt_subnode_offset(blob->fdt, frag, from);
	if (sub < 0)
		return 0;	/* already in the wanted state */
	snprintf(frag_name, sizeof(frag_name), "%s", fdt_get_name(blob->fdt, frag, NULL));
	if (fdt_set_name(blob->fdt, sub, to))
		goto fail;
	snprintf(fix, sizeof(fix), "/__local_fixups__/%s/%s", frag_name, from);
	sub = fdt_path_offset(blob->fdt, fix);
	if (sub >= 0 && fdt_set_name(blob->fdt, sub, to))
		goto fail;
	snprintf(old_path, sizeof(old_path), "/%s/%s", frag_name, from);
	snprintf(new_path, sizeof(new_path), "/%s/%s", frag_name, to);
	if (rewrite_paths(blob, "/__fixups__", old_path, new_path) ||
	    rewrite_paths(blob, "/__symbols__", old_path, new_path))
		goto fail;
	return 0;
fail:
	ERR(t->err, t->where, "%s: parameter '%s': cannot switch fragment %lu",
	    t->owner, t->param->name, n);
	return -1;
}

static int apply_fragments(struct dtm_blob *blob, const char *spec,
			   const struct target *t)
{
	const char *p = spec;
	int value;

	if (dtm_parse_bool(t->param->value, &value)) {
		ERR(t->err, t->where, "%s: parameter '%s': invalid boolean '%s'",
		    t->owner, t->param->name, t->param->value);
		return -1;
	}
	while (*p) {
		char op = *p++;
		unsigned long n;
		char *end;
		int enable;

		n = strtoul(p, &end, 10);
		if (end == p || !strchr("+-=!", op)) {
			ERR(t->err, t->where, "%s: parameter '%s': bad fragment spec '%s'",
			    t->owner, t->param->name, spec);
			return -1;
		}
		p = end;
		enable = op == '+' || (op == '=' && value) || (op == '!' && !value);
		if (set_fragment(blob, n, enable, t))
			return -1;
	}
	return 0;
}

static int set_integer(struct dtm_blob *blob, int node, const char *prop,
		       unsigned long off, int width, unsigned long long v)
{
	const uint8_t *old;
	uint8_t *buf;
	int len = 0, ret, i;
	size_t need;

	old = fdt_getprop(blob->fdt, node, prop, &len);
	if (!old)
		len = 0;
	need = off + width > (size_t)len ? off + width : (size_t)len;
	buf = calloc(1, need);
	if (!buf)
		return -FDT_ERR_NOSPACE;
	if (len)
		memcpy(buf, old, len);
	for (i = 0; i < width; i++)
		buf[off + i] = (uint8_t)(v >> (8 * (width - 1 - i)));
	ret = make_room(blob, need);
	if (!ret)
		ret = fdt_setprop(blob->fdt, node, prop, buf, need);
	free(buf);
	return ret;
}

static int set_boolean(struct dtm_blob *blob, int node, const char *prop,
		       int on)
{
	int ret;

	ret = make_room(blob, 16);
	if (ret)
		return ret;
	if (!strcmp(prop, "status"))
		return fdt_setprop_string(blob->fdt, node, prop,
					  on ? "okay" : "disabled");
	if (on)
		return fdt_setprop_empty(blob->fdt, node, prop);
	ret = fdt_delprop(blob->fdt, node, prop);
	return ret == -FDT_ERR_NOTFOUND ? 0 : ret;
}

static int width_of(char c)
{
	switch (c) {
	case '.': return 1;
	case ';': return 2;
	case ':': return 4;
	case '#': return 8;
	default: return 0;
	}
}

/* One <phandle> "spec" target of a parameter. */
static int apply_target(struct dtm_blob *blob, uint32_t phandle,
			const char *spec, const struct target *t)
{
	const char *value = t->param->value;
	char prop[256], *lit;
	unsigned long long v;
	unsigned long off = 0;
	size_t n;
	int node, ret, width, b;
	char kind;

	if (!phandle)
		return apply_fragments(blob, spec, t);
	node = fdt_node_offset_by_phandle(blob->fdt, phandle);
	if (node < 0) {
		ERR(t->err, t->where, "%s: parameter '%s': no node with phandle %u",
		    t->owner, t->param->name, phandle);
		return -1;
	}
	/* A property name may itself start with '#' (#pwm-cells). */
	n = 1 + strcspn(spec + 1, ":.;#?!=");
	if (n >= sizeof(prop)) {
		ERR(t->err, t->where, "%s: parameter '%s': bad spec '%s'",
		    t->owner, t->param->name, spec);
		return -1;
	}
	memcpy(prop, spec, n);
	prop[n] = '\0';
	kind = spec[n];
	lit = strchr(spec + n, '=');
	if (lit)
		value = lit + 1;
	width = width_of(kind);
	if (width) {
		char *end;

		off = strtoul(spec + n + 1, &end, 10);
		if (end == spec + n + 1 || (*end && *end != '=')) {
			ERR(t->err, t->where, "%s: parameter '%s': bad offset in '%s'",
			    t->owner, t->param->name, spec);
			return -1;
		}
		if (dtm_parse_u64(value, &v)) {
			ERR(t->err, t->where, "%s: parameter '%s': invalid integer '%s'",
			    t->owner, t->param->name, value);
			return -1;
		}
		ret = set_integer(blob, node, prop, off, width, v);
	} else if (kind == '?' || kind == '!') {
		if (dtm_parse_bool(value, &b)) {
			ERR(t->err, t->where, "%s: parameter '%s': invalid boolean '%s'",
			    t->owner, t->param->name, value);
			return -1;
		}
		ret = set_boolean(blob, node, prop, kind == '?' ? b : !b);
	} else {
		ret = make_room(blob, strlen(value) + 1);
		if (!ret)
			ret = fdt_setprop_string(blob->fdt, node, prop, value);
	}
	if (ret) {
		ERR(t->err, t->where, "%s: parameter '%s': %s", t->owner,
		    t->param->name, fdt_strerror(ret));
		return -1;
	}
	return 0;
}

int dtm_apply_param(struct dtm_blob *blob, const char *owner,
		    const struct dtm_param *param, struct dtm_where where,
		    struct dtm_error *err)
{
	struct target t = { param, owner, where, err };
	const char *prop;
	char *copy;
	int ov, len, pos = 0, ret = 0;

	ov = fdt_path_offset(blob->fdt, "/__overrides__");
	prop = ov < 0 ? NULL : fdt_getprop(blob->fdt, ov, param->name, &len);
	if (!prop) {
		ERR(err, where, "%s: unknown parameter '%s'", owner, param->name);
		return -1;
	}
	/* The blob moves as properties grow: work on a copy of the list. */
	copy = malloc(len + 1);
	if (!copy) {
		ERR(err, where, "out of memory");
		return -1;
	}
	memcpy(copy, prop, len);
	copy[len] = '\0';
	while (!ret && pos + 4 < len) {
		const char *spec = copy + pos + 4;
		fdt32_t raw;
		uint32_t phandle;

		memcpy(&raw, copy + pos, sizeof(raw));
		phandle = fdt32_to_cpu(raw);

		if (!memchr(spec, '\0', len - pos - 4)) {
			ERR(err, where, "%s: parameter '%s': malformed __overrides__",
			    owner, param->name);
			ret = -1;
			break;
		}
		ret = apply_target(blob, phandle, spec, &t);
		pos += 4 + strlen(spec) + 1;
	}
	free(copy);
	return ret;
}
