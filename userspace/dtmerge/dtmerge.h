/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pibmc-dtmerge: config.txt's dtoverlay=/dtparam= lines applied to a base
 * DTB with the Raspberry Pi firmware's semantics, on libfdt.
 */
#ifndef PIBMC_DTMERGE_H
#define PIBMC_DTMERGE_H

#include <stddef.h>

/*
 * The largest byte offset an integer override may write at: the property
 * grows to it, so an offset mistyped with extra digits is refused rather
 * than grown into gigabytes.
 */
#define DTM_OFFSET_MAX	65535

/* Where an error is reported: "file:line: ". */
struct dtm_where {
	const char *file;
	int line;
};

struct dtm_param {
	char *name;
	char *value;		/* "true" when the line gave no value */
};

enum dtm_kind {
	DTM_OVERLAY,		/* dtoverlay=NAME,params (NAME "" returns to the base) */
	DTM_PARAM,		/* dtparam=params: the last overlay, or the base */
};

struct dtm_directive {
	enum dtm_kind kind;
	char *overlay;
	struct dtm_param *params;
	size_t nparams;
	struct dtm_where where;
};

struct dtm_config {
	struct dtm_directive *items;
	size_t count;
};

/* An error message buffer: every failing function fills it. */
struct dtm_error {
	char msg[1024];
};

int dtm_config_parse_line(struct dtm_config *cfg, const char *line,
			  struct dtm_where where, struct dtm_error *err);
int dtm_config_load(struct dtm_config *cfg, const char *path,
		    struct dtm_error *err);
void dtm_config_free(struct dtm_config *cfg);

/* A device tree blob in a malloc'ed buffer with room to grow. */
struct dtm_blob {
	void *fdt;
	size_t size;
};

int dtm_blob_load(struct dtm_blob *blob, const char *path,
		  struct dtm_error *err);
int dtm_blob_from(struct dtm_blob *blob, const void *fdt,
		  struct dtm_error *err);
int dtm_blob_save(const struct dtm_blob *blob, const char *path,
		  struct dtm_error *err);
void dtm_blob_free(struct dtm_blob *blob);

/*
 * Applies one parameter through the blob's /__overrides__; `owner` names
 * the overlay (or "base") in messages.
 */
int dtm_apply_param(struct dtm_blob *blob, const char *owner,
		    const struct dtm_param *param, struct dtm_where where,
		    struct dtm_error *err);

/* Merges an overlay (with its fragment enables applied) into the base. */
int dtm_merge(struct dtm_blob *base, struct dtm_blob *overlay,
	      const char *owner, struct dtm_where where,
	      struct dtm_error *err);

/* Runs a whole config against the base, loading overlays from dir. */
int dtm_run(struct dtm_blob *base, const struct dtm_config *cfg,
	    const char *dir, struct dtm_error *err);

/* Grows the blob's buffer so that need more bytes fit. */
int dtm_make_room(struct dtm_blob *blob, size_t need);

/* Renames a node, keeping __fixups__, __local_fixups__, __symbols__ right. */
int dtm_rename_node(struct dtm_blob *blob, int node, const char *name);

/* Values as the firmware reads them (value.c). */
int dtm_parse_value(const char *value, int any_string, unsigned long long *out);
const char *dtm_status_word(const char *value);
int dtm_hex_byte(const char *p);
int dtm_unescape(const char *in, char *out);

#endif
