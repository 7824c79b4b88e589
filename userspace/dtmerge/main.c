// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc-dtmerge: apply config.txt's overlays to a base DTB like the
 * Raspberry Pi firmware does.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "dtmerge.h"

static void usage(FILE *out)
{
	fputs("usage: pibmc-dtmerge [-d OVERLAY_DIR] [-c CONFIG.TXT] -o OUT.dtb BASE.dtb [LINE...]\n"
	      "\n"
	      "Applies the dtoverlay= and dtparam= lines of CONFIG.TXT, then the LINEs\n"
	      "given as arguments (e.g. 'dtoverlay=pibmc-fan,pwm_pin=18'), to BASE.dtb\n"
	      "with the Raspberry Pi firmware's semantics, and writes OUT.dtb.\n"
	      "Overlays are OVERLAY_DIR/NAME.dtbo (default: .). A dtparam= line applies\n"
	      "to the last dtoverlay=, or to the base before any; a bare dtoverlay=\n"
	      "returns to the base. [section] filters ([pi4], [all], ...) are not\n"
	      "evaluated: every line applies, whatever section it is in. Other\n"
	      "config.txt keys are ignored. Parameters follow the firmware\n"
	      "(raspberrypi/utils dtoverlay.c): overlay labels stay private unless\n"
	      "in __exports__; fragments that target their own overlay are refused.\n"
	      "Exit status: 0 on success, 1 on a config or merge error, 2 on usage.\n",
	      out);
}

int main(int argc, char **argv)
{
	const char *dir = ".", *config = NULL, *out = NULL;
	struct dtm_config cfg = { 0 };
	struct dtm_blob base = { 0 };
	struct dtm_error err = { "" };
	int opt, i, ret = 1;

	while ((opt = getopt(argc, argv, "d:c:o:h")) != -1) {
		switch (opt) {
		case 'd': dir = optarg; break;
		case 'c': config = optarg; break;
		case 'o': out = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (!out || optind >= argc) {
		usage(stderr);
		return 2;
	}
	if (config && dtm_config_load(&cfg, config, &err))
		goto fail;
	for (i = optind + 1; i < argc; i++) {
		struct dtm_where where = { "argument", i - optind };

		if (dtm_config_parse_line(&cfg, argv[i], where, &err))
			goto fail;
	}
	if (dtm_blob_load(&base, argv[optind], &err) ||
	    dtm_run(&base, &cfg, dir, &err) ||
	    dtm_blob_save(&base, out, &err))
		goto fail;
	ret = 0;
	goto done;
fail:
	fprintf(stderr, "pibmc-dtmerge: %s\n", err.msg);
done:
	dtm_blob_free(&base);
	dtm_config_free(&cfg);
	return ret;
}
