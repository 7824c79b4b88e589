// SPDX-License-Identifier: GPL-2.0
/* Loading, merging and saving device trees; a config.txt run. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libfdt.h>

#include "dtmerge.h"

#define ROOM 65536

int dtm_blob_from(struct dtm_blob *blob, const void *fdt,
		  struct dtm_error *err)
{
	int ret = fdt_check_header(fdt);

	if (ret) {
		snprintf(err->msg, sizeof(err->msg), "not a device tree blob: %s",
			 fdt_strerror(ret));
		return -1;
	}
	blob->size = fdt_totalsize(fdt) + ROOM;
	blob->fdt = malloc(blob->size);
	if (!blob->fdt) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return -1;
	}
	ret = fdt_open_into(fdt, blob->fdt, blob->size);
	if (ret) {
		snprintf(err->msg, sizeof(err->msg), "bad device tree: %s",
			 fdt_strerror(ret));
		dtm_blob_free(blob);
		return -1;
	}
	return 0;
}

int dtm_blob_load(struct dtm_blob *blob, const char *path,
		  struct dtm_error *err)
{
	char *data = NULL;
	size_t len = 0, cap = 0, n;
	FILE *f;
	int ret;

	f = fopen(path, "rb");
	if (!f) {
		snprintf(err->msg, sizeof(err->msg), "%.400s: %s", path, strerror(errno));
		return -1;
	}
	do {
		if (len == cap) {
			char *bigger = realloc(data, cap ? cap * 2 : 65536);

			if (!bigger) {
				free(data);
				fclose(f);
				snprintf(err->msg, sizeof(err->msg), "out of memory");
				return -1;
			}
			data = bigger;
			cap = cap ? cap * 2 : 65536;
		}
		n = fread(data + len, 1, cap - len, f);
		len += n;
	} while (n);
	fclose(f);
	if (len < sizeof(struct fdt_header) || fdt_totalsize(data) > len) {
		free(data);
		snprintf(err->msg, sizeof(err->msg), "%s: not a device tree blob", path);
		return -1;
	}
	ret = dtm_blob_from(blob, data, err);
	free(data);
	if (ret) {
		char why[sizeof(err->msg)];

		memcpy(why, err->msg, sizeof(why));
		snprintf(err->msg, sizeof(err->msg), "%s: %.400s", path, why);
	}
	return ret;
}

/* Written to a temporary file then renamed: never a partial output. */
int dtm_blob_save(const struct dtm_blob *blob, const char *path,
		  struct dtm_error *err)
{
	char tmp[4096];
	FILE *f;
	int ok;

	fdt_pack(blob->fdt);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "wb");
	if (!f) {
		snprintf(err->msg, sizeof(err->msg), "%.400s: %s", tmp, strerror(errno));
		return -1;
	}
	ok = fwrite(blob->fdt, fdt_totalsize(blob->fdt), 1, f) == 1;
	ok = !fclose(f) && ok;
	if (!ok || rename(tmp, path)) {
		snprintf(err->msg, sizeof(err->msg), "%.400s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

void dtm_blob_free(struct dtm_blob *blob)
{
	free(blob->fdt);
	blob->fdt = NULL;
	blob->size = 0;
}

/* Every label the overlay refers to must be in the base's __symbols__. */
static int check_labels(const struct dtm_blob *base,
			const struct dtm_blob *overlay, const char *owner,
			struct dtm_where where, struct dtm_error *err)
{
	int fixups, symbols, prop;

	fixups = fdt_path_offset(overlay->fdt, "/__fixups__");
	if (fixups < 0)
		return 0;
	symbols = fdt_path_offset(base->fdt, "/__symbols__");
	fdt_for_each_property_offset(prop, overlay->fdt, fixups) {
		const char *label;

		fdt_getprop_by_offset(overlay->fdt, prop, &label, NULL);
		if (symbols < 0 || !fdt_getprop(base->fdt, symbols, label, NULL)) {
			snprintf(err->msg, sizeof(err->msg),
				 "%s:%d: %s: label '%s' is not in the base tree%s",
				 where.file, where.line, owner, label,
				 symbols < 0 ? " (it has no __symbols__: compile it with dtc -@)" : "");
			return -1;
		}
	}
	return 0;
}

/*
 * An overlay's labels are private, as in the firmware (dtoverlay_filter_symbols
 * and dtoverlay_apply_overlay_paths): only those listed in /__exports__ reach
 * the base's __symbols__, a "/fragment@N/__overlay__/x" path rebased onto the
 * fragment's target.  They are taken out before libfdt's merge (which would
 * copy them all) and put in after it.
 */
struct export {
	char label[128];
	char path[512];
};

#define MAX_EXPORTS 32

struct exports {
	struct export item[MAX_EXPORTS];
	int count;
};

/* The base path a fragment targets, through target-path or its fixup. */
static int fragment_target_path(const struct dtm_blob *base,
				const struct dtm_blob *overlay,
				const char *frag, size_t frag_len,
				char *path, size_t size)
{
	char want[160];
	const char *tp;
	int off, fixups, symbols, prop;

	off = fdt_subnode_offset_namelen(overlay->fdt, 0, frag, frag_len);
	tp = off < 0 ? NULL : fdt_getprop(overlay->fdt, off, "target-path", NULL);
	if (tp) {
		snprintf(path, size, "%s", tp);
		return 0;
	}
	snprintf(want, sizeof(want), "/%.*s:target:0", (int)frag_len, frag);
	fixups = fdt_path_offset(overlay->fdt, "/__fixups__");
	symbols = fdt_path_offset(base->fdt, "/__symbols__");
	fdt_for_each_property_offset(prop, overlay->fdt, fixups) {
		const char *label, *val, *sym;
		int len, pos;

		val = fdt_getprop_by_offset(overlay->fdt, prop, &label, &len);
		for (pos = 0; val && pos < len; pos += strlen(val + pos) + 1) {
			if (strcmp(val + pos, want))
				continue;
			sym = fdt_getprop(base->fdt, symbols, label, NULL);
			if (!sym)
				return -1;
			snprintf(path, size, "%s", sym);
			return 0;
		}
	}
	return -1;
}

static void take_exports(const struct dtm_blob *base, struct dtm_blob *overlay,
			 struct exports *ex)
{
	int symbols, exports, prop;

	ex->count = 0;
	symbols = fdt_path_offset(overlay->fdt, "/__symbols__");
	if (symbols < 0)
		return;
	exports = fdt_path_offset(overlay->fdt, "/__exports__");
	fdt_for_each_property_offset(prop, overlay->fdt, symbols) {
		struct export *e = &ex->item[ex->count];
		const char *label, *val, *slash;
		char target[512];

		val = fdt_getprop_by_offset(overlay->fdt, prop, &label, NULL);
		if (exports < 0 || ex->count == MAX_EXPORTS || !val ||
		    !fdt_getprop(overlay->fdt, exports, label, NULL))
			continue;
		snprintf(e->label, sizeof(e->label), "%s", label);
		snprintf(e->path, sizeof(e->path), "%s", val);
		slash = val[0] == '/' ? strchr(val + 1, '/') : NULL;
		if (slash && !strncmp(slash + 1, "__overlay__", 11) &&
		    (slash[12] == '/' || slash[12] == '\0')) {
			if (fragment_target_path(base, overlay, val + 1,
						 slash - val - 1, target, sizeof(target)))
				continue;
			/* "/" + "/x" would give "//x" */
			if (!strcmp(target, "/") && slash[12])
				target[0] = '\0';
			if (strlen(target) + strlen(slash + 12) >= sizeof(e->path))
				continue;
			strcpy(e->path, target);
			strcat(e->path, slash + 12);
		}
		ex->count++;
	}
	fdt_del_node(overlay->fdt, symbols);
}

static int put_exports(struct dtm_blob *base, const struct exports *ex)
{
	int i, symbols, ret;

	for (i = 0; i < ex->count; i++) {
		ret = dtm_make_room(base, strlen(ex->item[i].label) +
				    strlen(ex->item[i].path) + 32);
		if (ret)
			return ret;
		symbols = fdt_path_offset(base->fdt, "/__symbols__");
		if (symbols < 0)
			return 0;	/* the firmware has nowhere to put them either */
		ret = fdt_setprop_string(base->fdt, symbols, ex->item[i].label,
					 ex->item[i].path);
		if (ret)
			return ret;
	}
	return 0;
}

/*
 * A fragment may target a node of the overlay itself; the firmware merges
 * those inside the overlay first.  libfdt cannot, and neither does this tool:
 * say so rather than fail obscurely.
 */
static int check_intra_overlay(const struct dtm_blob *overlay, const char *owner,
			       struct dtm_where where, struct dtm_error *err)
{
	int frag;

	fdt_for_each_subnode(frag, overlay->fdt, 0) {
		const fdt32_t *target;
		int len;

		if (fdt_subnode_offset(overlay->fdt, frag, "__overlay__") < 0)
			continue;
		target = fdt_getprop(overlay->fdt, frag, "target", &len);
		if (!target || len != 4 || fdt32_to_cpu(*target) == 0xffffffff ||
		    fdt_node_offset_by_phandle(overlay->fdt, fdt32_to_cpu(*target)) < 0)
			continue;
		snprintf(err->msg, sizeof(err->msg),
			 "%s:%d: %s: %s targets a node of the overlay itself "
			 "(intra-overlay fragments are not supported)",
			 where.file, where.line, owner,
			 fdt_get_name(overlay->fdt, frag, NULL));
		return -1;
	}
	return 0;
}

int dtm_merge(struct dtm_blob *base, struct dtm_blob *overlay,
	      const char *owner, struct dtm_where where,
	      struct dtm_error *err)
{
	size_t need = fdt_totalsize(base->fdt) + fdt_totalsize(overlay->fdt) + ROOM;
	struct exports *ex;
	int ret;

	if (check_labels(base, overlay, owner, where, err) ||
	    check_intra_overlay(overlay, owner, where, err))
		return -1;
	ex = malloc(sizeof(*ex));
	if (!ex) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return -1;
	}
	take_exports(base, overlay, ex);
	ret = dtm_make_room(base, need - fdt_totalsize(base->fdt));
	if (!ret)
		ret = fdt_overlay_apply(base->fdt, overlay->fdt);
	if (!ret)
		ret = put_exports(base, ex);
	free(ex);
	if (ret) {
		snprintf(err->msg, sizeof(err->msg), "%s:%d: %s: cannot apply: %s",
			 where.file, where.line, owner, fdt_strerror(ret));
		return -1;
	}
	return 0;
}

static int load_overlay(struct dtm_blob *ov, const char *dir,
			const struct dtm_directive *d, struct dtm_error *err)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s.dtbo", dir, d->overlay);
	if (access(path, R_OK)) {
		snprintf(err->msg, sizeof(err->msg), "%.200s:%d: overlay '%.100s' not found in %.200s",
			 d->where.file, d->where.line, d->overlay, dir);
		return -1;
	}
	return dtm_blob_load(ov, path, err);
}

int dtm_run(struct dtm_blob *base, const struct dtm_config *cfg,
	    const char *dir, struct dtm_error *err)
{
	struct dtm_blob ov = { 0 };
	const struct dtm_directive *cur = NULL;
	size_t i, j;
	int ret = 0;

	for (i = 0; i < cfg->count && !ret; i++) {
		const struct dtm_directive *d = &cfg->items[i];
		struct dtm_blob *target = base;
		const char *owner = "base";

		if (d->kind == DTM_OVERLAY) {
			if (cur) {
				ret = dtm_merge(base, &ov, cur->overlay, cur->where, err);
				dtm_blob_free(&ov);
				cur = NULL;
				if (ret)
					break;
			}
			if (*d->overlay) {
				ret = load_overlay(&ov, dir, d, err);
				if (ret)
					break;
				cur = d;
			}
		}
		if (cur) {
			target = &ov;
			owner = cur->overlay;
		}
		for (j = 0; j < d->nparams && !ret; j++)
			ret = dtm_apply_param(target, owner, &d->params[j], d->where, err);
	}
	if (!ret && cur)
		ret = dtm_merge(base, &ov, cur->overlay, cur->where, err);
	dtm_blob_free(&ov);
	return ret;
}
