// SPDX-License-Identifier: GPL-2.0
/*
 * Renaming a node the way the firmware does (dtoverlay_set_node_name): the
 * paths in /__fixups__, /__local_fixups__ (old style) and /__symbols__ that
 * name the node, or a node below it, follow it, and so does the node's
 * mirror under /__local_fixups__.  Used by fragment enables
 * (__overlay__ <-> __dormant__) and by the "name" and "reg" targets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "dtmerge.h"

int dtm_make_room(struct dtm_blob *blob, size_t need)
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

/*
 * In every string of every property of node `path`, replaces a leading
 * `from` followed by '\0', '/' or ':' with `to`.
 */
static int rewrite_paths(struct dtm_blob *blob, const char *path,
			 const char *from, const char *to)
{
	size_t nfrom = strlen(from), nto = strlen(to);
	int node, prop, ret;

restart:
	node = fdt_path_offset(blob->fdt, path);
	if (node < 0)
		return 0;
	fdt_for_each_property_offset(prop, blob->fdt, node) {
		const char *name, *val;
		char *out, *pname;
		size_t o = 0;
		int len, pos = 0, changed = 0;

		val = fdt_getprop_by_offset(blob->fdt, prop, &name, &len);
		if (!val || len <= 0)
			continue;
		out = malloc((size_t)len * (nto + 1) + 1);
		if (!out)
			return -FDT_ERR_NOSPACE;
		while (pos < len) {
			const char *str = val + pos;
			size_t n = strnlen(str, len - pos);
			int match = n >= nfrom && !strncmp(str, from, nfrom) &&
				    (str[nfrom] == '\0' || str[nfrom] == '/' ||
				     str[nfrom] == ':');

			if (match) {
				memcpy(out + o, to, nto);
				memcpy(out + o + nto, str + nfrom, n - nfrom);
				o += nto + n - nfrom;
			} else {
				memcpy(out + o, str, n);
				o += n;
			}
			out[o++] = '\0';
			changed |= match;
			pos += n + 1;
		}
		if (!changed) {
			free(out);
			continue;
		}
		pname = strdup(name);
		ret = pname ? dtm_make_room(blob, o) : -FDT_ERR_NOSPACE;
		if (!ret) {
			node = fdt_path_offset(blob->fdt, path);
			ret = fdt_setprop(blob->fdt, node, pname, out, o);
		}
		free(pname);
		free(out);
		if (ret)
			return ret;
		/* Offsets moved: start over; rewritten strings no longer match. */
		goto restart;
	}
	return 0;
}

int dtm_rename_node(struct dtm_blob *blob, int node, const char *name)
{
	static const char *const lists[] = { "/__fixups__", "/__local_fixups__",
					     "/__symbols__" };
	char old[1024], new[1024], mirror[1100];
	const char *slash;
	size_t i;
	int ret;

	ret = fdt_get_path(blob->fdt, node, old, sizeof(old));
	if (ret)
		return ret;
	slash = strrchr(old, '/');
	if (!strcmp(slash + 1, name))
		return 0;
	if ((size_t)(slash + 1 - old) + strlen(name) >= sizeof(new))
		return -FDT_ERR_NOSPACE;
	memcpy(new, old, slash + 1 - old);
	strcpy(new + (slash + 1 - old), name);

	ret = dtm_make_room(blob, strlen(name) + 8);
	if (ret)
		return ret;
	node = fdt_path_offset(blob->fdt, old);
	ret = fdt_set_name(blob->fdt, node, name);
	for (i = 0; !ret && i < sizeof(lists) / sizeof(lists[0]); i++)
		ret = rewrite_paths(blob, lists[i], old, new);
	if (ret)
		return ret;
	snprintf(mirror, sizeof(mirror), "/__local_fixups__%s", old);
	node = fdt_path_offset(blob->fdt, mirror);
	return node < 0 ? 0 : fdt_set_name(blob->fdt, node, name);
}
