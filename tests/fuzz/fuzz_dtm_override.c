// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc-dtmerge's __overrides__ parser and writer, dtm_apply_param(): an
 * overlay's parameter declaration (the property, from a .dtbo anyone can
 * write) applied with a value from config.txt.  The input's first byte
 * says how many of the following bytes (mod 64) are the value; the rest
 * is the /__overrides__/p property.  The tree has a target node with
 * phandle 1 and two fragments, as an overlay does.  The blob must stay a
 * valid device tree; errors read "file:line: ...".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "dtmerge/dtmerge.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_dtm_override: invariant broken: %s\n", what);
		abort();
	}
}

static void tree(char *buf, size_t size, const void *ov, size_t len)
{
	static const uint32_t reg[2] = { 0x00000010, 0x00000100 };
	int root, n, f;

	check(!fdt_create_empty_tree(buf, (int)size), "empty tree");
	root = fdt_path_offset(buf, "/");
	n = fdt_add_subnode(buf, root, "target@10");
	check(n >= 0, "target node");
	fdt_setprop_u32(buf, n, "phandle", 1);
	fdt_setprop_string(buf, n, "status", "okay");
	fdt_setprop_u32(buf, n, "value", 7);
	fdt_setprop(buf, n, "reg", reg, sizeof(reg));
	fdt_setprop_string(buf, n, "label", "a\0b");
	for (f = 0; f < 2; f++) {
		char name[16];
		int fr;

		snprintf(name, sizeof(name), "fragment@%d", f);
		fr = fdt_add_subnode(buf, root, name);
		check(fr >= 0, "fragment");
		fdt_setprop_u32(buf, fr, "target", 1);
		check(fdt_add_subnode(buf, fr, "__overlay__") >= 0, "__overlay__");
	}
	n = fdt_add_subnode(buf, root, "__overrides__");
	check(n >= 0 && !fdt_setprop(buf, n, "p", ov, (int)len), "__overrides__/p");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char buf[16384];
	struct dtm_where where = { .file = "config.txt", .line = 3 };
	struct dtm_param param = { .name = "p" };
	struct dtm_blob blob = { 0 };
	struct dtm_error err;
	size_t vlen;

	if (!size || size > 4096)
		return 0;
	vlen = data[0] % 64;
	if (vlen > size - 1)
		vlen = size - 1;
	param.value = strndup((const char *)data + 1, vlen);
	if (!param.value)
		return 0;
	tree(buf, sizeof(buf), data + 1 + vlen, size - 1 - vlen);
	if (dtm_blob_from(&blob, buf, &err) == 0) {
		err.msg[0] = 0;
		if (dtm_apply_param(&blob, "fuzz", &param, where, &err))
			check(!strncmp(err.msg, "config.txt:3: ", 14) ||
			      !strcmp(err.msg, "out of memory"), "file:line: message");
		check(fdt_check_full(blob.fdt, fdt_totalsize(blob.fdt)) == 0,
		      "still a valid device tree");
		dtm_blob_free(&blob);
	}
	free(param.value);
	return 0;
}
