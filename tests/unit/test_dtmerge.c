// SPDX-License-Identifier: GPL-2.0
/* pibmc-dtmerge: every override form, the merge, and every error. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <libfdt.h>

#include "dtmerge/dtmerge.h"

#ifndef FIXTURES
#error "FIXTURES must name the compiled fixtures folder"
#endif

struct run {
	struct dtm_blob base;
	struct dtm_config cfg;
	struct dtm_error err;
	int ret;
};

/* Runs config lines (NULL-terminated) against the fixture base. */
static void run_lines(struct run *r, const char *first, ...)
{
	const char *line;
	va_list ap;
	int n = 0;

	memset(r, 0, sizeof(*r));
	assert_int_equal(dtm_blob_load(&r->base, FIXTURES "/base.dtb", &r->err), 0);
	va_start(ap, first);
	for (line = first; line; line = va_arg(ap, const char *)) {
		struct dtm_where where = { "config.txt", ++n };

		r->ret = dtm_config_parse_line(&r->cfg, line, where, &r->err);
		if (r->ret)
			break;
	}
	va_end(ap);
	if (!r->ret)
		r->ret = dtm_run(&r->base, &r->cfg, FIXTURES, &r->err);
}

/* A failed run names its error. */
static void assert_ok(const struct run *r)
{
	if (r->ret)
		fail_msg("run failed: %s", r->err.msg);
}

static void run_free(struct run *r)
{
	dtm_blob_free(&r->base);
	dtm_config_free(&r->cfg);
}

static int node(const struct run *r, const char *path)
{
	int off = fdt_path_offset(r->base.fdt, path);

	assert_true(off >= 0);
	return off;
}

static const uint8_t *prop(const struct run *r, const char *path,
			   const char *name, int *len)
{
	return fdt_getprop(r->base.fdt, node(r, path), name, len);
}

static uint32_t cell(const struct run *r, const char *path, const char *name,
		     int index)
{
	const uint8_t *p;
	int len;

	p = prop(r, path, name, &len);
	assert_non_null(p);
	assert_true(len >= 4 * (index + 1));
	p += 4 * index;
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static const char *string(const struct run *r, const char *path,
			  const char *name)
{
	const char *s = (const char *)prop(r, path, name, NULL);

	assert_non_null(s);
	return s;
}

static void expect_error_lines(const char *line1, const char *line2,
			       const char *msg)
{
	struct run r;

	run_lines(&r, line1, line2, NULL);
	assert_int_not_equal(r.ret, 0);
	if (!strstr(r.err.msg, msg))
		fail_msg("error '%s' does not contain '%s'", r.err.msg, msg);
	run_free(&r);
}

static void expect_error(const char *line, const char *msg)
{
	expect_error_lines(line, NULL, msg);
}

#define T "/test-node"

static void test_defaults(void **state)
{
	struct run r;

	(void)state;
	run_lines(&r, "dtoverlay=forms", NULL);
	assert_ok(&r);
	assert_string_equal(string(&r, T, "label"), "default");
	assert_int_equal(cell(&r, T, "cells", 1), 2);
	assert_string_equal(string(&r, "/pwm", "status"), "disabled");
	assert_int_equal(cell(&r, "/gpio/test_pins", "brcm,pins", 0), 12);
	run_free(&r);
}

static void test_string(void **state)
{
	struct run r;

	(void)state;
	run_lines(&r, "dtoverlay=forms,str=hello world", NULL);
	assert_ok(&r);
	assert_string_equal(string(&r, T, "label"), "hello world");
	run_free(&r);
}

static void test_integer_widths(void **state)
{
	const uint8_t *p;
	struct run r;
	int len;

	(void)state;
	run_lines(&r, "dtoverlay=forms,i32=0x12345678,i8=0xab,i16=258",
		  "dtparam=i64=0x0102030405060708", NULL);
	assert_ok(&r);
	assert_int_equal(cell(&r, T, "cells", 0), 1);
	assert_int_equal(cell(&r, T, "cells", 1), 0x12345678);
	assert_int_equal(cell(&r, T, "cells", 2), 3);
	p = prop(&r, T, "bytes", &len);
	assert_int_equal(len, 4);
	assert_int_equal(p[1], 0x11);
	assert_int_equal(p[2], 0xab);
	assert_int_equal(p[3], 0x33);
	p = prop(&r, T, "shorts", &len);
	assert_int_equal(p[2], 0x01);
	assert_int_equal(p[3], 0x02);
	assert_int_equal(cell(&r, T, "quad", 2), 0x01020304);
	assert_int_equal(cell(&r, T, "quad", 3), 0x05060708);
	assert_int_equal(cell(&r, T, "quad", 4), 0);
	run_free(&r);
}

static void test_integer_grows_property(void **state)
{
	struct run r;
	int len;

	(void)state;
	run_lines(&r, "dtoverlay=forms,grow=9", NULL);
	assert_ok(&r);
	assert_non_null(prop(&r, T, "newprop", &len));
	assert_int_equal(len, 8);
	assert_int_equal(cell(&r, T, "newprop", 0), 0);
	assert_int_equal(cell(&r, T, "newprop", 1), 9);
	run_free(&r);
}

static void test_booleans(void **state)
{
	struct run r;
	int len;

	(void)state;
	run_lines(&r, "dtoverlay=forms,flag,noflag=on,noref=2", NULL);
	assert_ok(&r);
	assert_non_null(prop(&r, T, "flag", NULL));
	assert_null(prop(&r, T, "flag2", NULL));
	/* ref had a phandle fixup: it goes with the property. */
	assert_null(prop(&r, T, "ref", NULL));
	run_free(&r);

	run_lines(&r, "dtoverlay=forms,flag=off,noflag=false", NULL);
	assert_ok(&r);
	assert_null(prop(&r, T, "flag", NULL));
	assert_non_null(prop(&r, T, "flag2", NULL));
	assert_int_equal(cell(&r, T, "ref", 0),
			 fdt_get_phandle(r.base.fdt, node(&r, "/gpio")));
	run_free(&r);

	/* A boolean that is true leaves the property present but empty. */
	run_lines(&r, "dtoverlay=forms,noref=n", NULL);
	assert_ok(&r);
	assert_non_null(prop(&r, T, "ref", &len));
	assert_int_equal(len, 0);
	run_free(&r);
}

static void test_status(void **state)
{
	struct run r;
	int len;

	(void)state;
	/* A plain "status" target turns booleans into okay/disabled... */
	run_lines(&r, "dtoverlay=forms,st=on", NULL);
	assert_ok(&r);
	assert_string_equal(string(&r, T, "status"), "okay");
	run_free(&r);
	run_lines(&r, "dtoverlay=forms,st=0", NULL);
	assert_ok(&r);
	assert_string_equal(string(&r, T, "status"), "disabled");
	run_free(&r);
	run_lines(&r, "dtoverlay=forms,st=reserved", NULL);
	assert_ok(&r);
	assert_string_equal(string(&r, T, "status"), "reserved");
	run_free(&r);

	/* ...but "status?" is a plain boolean in the firmware: empty or absent. */
	run_lines(&r, "dtoverlay=forms,stbool=on", NULL);
	assert_ok(&r);
	assert_non_null(prop(&r, T, "status", &len));
	assert_int_equal(len, 0);
	run_free(&r);
	run_lines(&r, "dtoverlay=forms,stbool=off", NULL);
	assert_ok(&r);
	assert_null(prop(&r, T, "status", NULL));
	run_free(&r);
}

static void test_literals(void **state)
{
	struct run r;

	(void)state;
	run_lines(&r, "dtoverlay=forms,fast", NULL);
	assert_ok(&r);
	assert_string_equal(string(&r, T, "mode"), "fast");
	assert_int_equal(cell(&r, T, "cells", 0), 7);
	run_free(&r);

	/* An empty literal takes the cell, or the string, that follows. */
	run_lines(&r, "dtoverlay=forms,cell=1,strlit", NULL);
	assert_ok(&r);
	assert_int_equal(cell(&r, T, "cells", 2), 42);
	assert_string_equal(string(&r, T, "mode"), "after");
	assert_int_equal(cell(&r, T, "cells", 0), 9);
	run_free(&r);
}

static void test_byte_strings(void **state)
{
	const uint8_t *p;
	struct run r;
	int len;

	(void)state;
	run_lines(&r, "dtoverlay=forms,bstr=de:ad be\tef01,blit", NULL);
	assert_ok(&r);
	p = prop(&r, T, "bytes", &len);
	assert_int_equal(len, 5);
	assert_memory_equal(p, "\xde\xad\xbe\xef\x01", 5);
	p = prop(&r, T, "shorts", &len);
	assert_int_equal(len, 2);
	assert_memory_equal(p, "\x0a\x0b", 2);
	run_free(&r);
}

static void test_lookups(void **state)
{
	struct run r;

	(void)state;
	run_lines(&r, "dtoverlay=forms,speed=fast,word=a", NULL);
	assert_ok(&r);
	assert_int_equal(cell(&r, T, "cells", 1), 0x20);
	assert_string_equal(string(&r, T, "mode"), "alpha");
	run_free(&r);

	/* A bare key passes through; =x is the default. */
	run_lines(&r, "dtoverlay=forms,speed=other,word=b", NULL);
	assert_ok(&r);
	assert_int_equal(cell(&r, T, "cells", 1), 5);
	assert_string_equal(string(&r, T, "mode"), "b");
	run_free(&r);

	run_lines(&r, "dtoverlay=forms,word=zz", NULL);
	assert_ok(&r);
	assert_string_equal(string(&r, T, "mode"), "dflt x");
	run_free(&r);
}

static void test_strings_special(void **state)
{
	struct run r;

	(void)state;
	/* C escapes, as the firmware unescapes them. */
	run_lines(&r, "dtoverlay=forms,str=a\\tb\\x41\\101\\\\", NULL);
	assert_ok(&r);
	assert_string_equal(string(&r, T, "label"), "a\tbAA\\");
	run_free(&r);

	/* "name" renames the node; reg:0 renames the unit address. */
	run_lines(&r, "dtoverlay=forms,rename=renamed,addr=0x20", NULL);
	assert_ok(&r);
	assert_true(fdt_path_offset(r.base.fdt, T) < 0);
	assert_string_equal(string(&r, "/renamed", "label"), "default");
	assert_int_equal(cell(&r, "/dev@20", "reg", 0), 0x20);
	/* The exported label followed the rename. */
	assert_string_equal(string(&r, "/__symbols__", "t"), "/renamed");
	run_free(&r);

	/* "reg" is never extended. */
	run_lines(&r, "dtoverlay=forms,shortreg=5", NULL);
	assert_ok(&r);
	assert_int_equal(cell(&r, "/short", "reg", 0), 0x10);
	run_free(&r);

	/* bootargs are appended to. */
	run_lines(&r, "dtparam=extra=quiet", NULL);
	assert_ok(&r);
	assert_string_equal(string(&r, "/chosen", "bootargs"), "console=ttyAMA0 quiet");
	run_free(&r);
}

static void test_multiple_targets(void **state)
{
	struct run r;

	(void)state;
	run_lines(&r, "dtoverlay=forms,pin=18", NULL);
	assert_ok(&r);
	assert_int_equal(cell(&r, T, "cells", 2), 18);
	assert_int_equal(cell(&r, "/gpio/test_pins", "brcm,pins", 0), 18);
	run_free(&r);
}

static void test_symbols(void **state)
{
	struct run r;

	(void)state;
	/* Overlay labels are private unless listed in __exports__. */
	run_lines(&r, "dtoverlay=forms", NULL);
	assert_ok(&r);
	assert_string_equal(string(&r, "/__symbols__", "t"), "/test-node");
	assert_null(prop(&r, "/__symbols__", "t_pins", NULL));
	assert_null(prop(&r, "/__symbols__", "d", NULL));
	run_free(&r);
}

static void test_fragment_enables(void **state)
{
	struct run r;

	(void)state;
	/* +2-1: the dormant pwm fragment applies, the gpio one does not. */
	run_lines(&r, "dtoverlay=forms,pwmon", NULL);
	assert_ok(&r);
	assert_string_equal(string(&r, "/pwm", "status"), "okay");
	assert_true(fdt_path_offset(r.base.fdt, "/gpio/test_pins") < 0);
	run_free(&r);

	run_lines(&r, "dtoverlay=forms,pwmsel=off", NULL);
	assert_ok(&r);
	assert_string_equal(string(&r, "/pwm", "status"), "disabled");
	assert_true(fdt_path_offset(r.base.fdt, "/gpio/test_pins") >= 0);
	run_free(&r);

	/* Any non-empty word enables, like the firmware. */
	run_lines(&r, "dtoverlay=forms,pwmsel=anything", NULL);
	assert_ok(&r);
	assert_string_equal(string(&r, "/pwm", "status"), "okay");
	assert_true(fdt_path_offset(r.base.fdt, "/gpio/test_pins") < 0);
	run_free(&r);
}

static void test_base_dtparam(void **state)
{
	struct run r;

	(void)state;
	run_lines(&r, "# comment", "[pi4]", "dtparam=audio=on", "arm_64bit=1", NULL);
	assert_ok(&r);
	assert_string_equal(string(&r, "/audio", "status"), "okay");
	run_free(&r);

	/* A dtparam after a dtoverlay goes to the overlay... */
	run_lines(&r, "dtoverlay=forms", "dtparam=str=later", NULL);
	assert_ok(&r);
	assert_string_equal(string(&r, T, "label"), "later");
	run_free(&r);
	expect_error_lines("dtoverlay=forms", "dtparam=audio=on",
			   "config.txt:2: forms: unknown parameter 'audio'");

	/* ...and a bare dtoverlay= returns to the base. */
	run_lines(&r, "dtoverlay=forms", "dtoverlay=", "dtparam=audio", NULL);
	assert_ok(&r);
	assert_string_equal(string(&r, "/audio", "status"), "okay");
	run_free(&r);
}

static void test_peer_overlays(void **state)
{
	struct run r;

	(void)state;
	run_lines(&r, "dtoverlay=gpio-poweroff,gpiopin=21,active_low,timeout_ms=5000",
		  "dtoverlay=gpio-fan,gpiopin=13,temp=45000",
		  "dtoverlay=pwm,pin=12,func=4,clock=25000000", NULL);
	assert_ok(&r);
	assert_int_equal(cell(&r, "/power_ctrl", "gpios", 1), 21);
	assert_int_equal(cell(&r, "/power_ctrl", "gpios", 2), 1);
	assert_int_equal(cell(&r, "/power_ctrl", "timeout-ms", 0), 5000);
	assert_int_equal(cell(&r, "/gpio-fan@0", "gpios", 1), 13);
	assert_int_equal(cell(&r, "/thermal-zones/cpu-thermal/trips/trip-point@0",
			      "temperature", 0), 45000);
	assert_int_equal(cell(&r, "/gpio/pwm_pins", "brcm,pins", 0), 12);
	assert_int_equal(cell(&r, "/gpio/pwm_pins", "brcm,function", 0), 4);
	assert_int_equal(cell(&r, "/clk-pwm", "clock-frequency", 0), 25000000);
	assert_string_equal(string(&r, "/pwm", "status"), "okay");
	/* The firmware keeps overlay labels private (no __exports__ here). */
	assert_null(prop(&r, "/__symbols__", "frag2", NULL));
	assert_null(prop(&r, "/__symbols__", "pwm_pins", NULL));
	/* pinctrl-0 points at the merged pin node. */
	assert_int_equal(cell(&r, "/pwm", "pinctrl-0", 0),
			 fdt_get_phandle(r.base.fdt, node(&r, "/gpio/pwm_pins")));
	run_free(&r);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("dtoverlay=nosuch",
		     "config.txt:1: overlay 'nosuch' not found in " FIXTURES);
	expect_error("dtoverlay=forms,pwmpin=3",
		     "config.txt:1: forms: unknown parameter 'pwmpin'");
	expect_error("dtoverlay=forms,i32=x1",
		     "config.txt:1: forms: parameter 'i32': invalid integer 'x1'");
	expect_error("dtoverlay=forms,i32=Yes",
		     "config.txt:1: forms: parameter 'i32': invalid integer 'Yes'");
	expect_error("dtoverlay=forms,flag=maybe",
		     "config.txt:1: forms: parameter 'flag': invalid boolean 'maybe'");
	expect_error("dtoverlay=forms,bstr=abc",
		     "config.txt:1: forms: parameter 'bstr': invalid byte string 'abc'");
	expect_error("dtoverlay=forms,str=a\\qb",
		     "config.txt:1: forms: parameter 'str': invalid escape in 'a\\qb'");
	expect_error("dtoverlay=forms,strict=b",
		     "config.txt:1: forms: parameter 'strict': no match for 'b' in 'mode{a=alpha}'");
	expect_error("dtoverlay=forms,badfrag",
		     "config.txt:1: forms: parameter 'badfrag': fragment 7 not found");
	/* The firmware cannot target a property whose name starts with '#'. */
	expect_error("dtoverlay=forms,hashprop=3",
		     "config.txt:1: forms: parameter 'hashprop': spec '#pwm-cells:0' names no property");
	/* An offset's property grows to it: a mistyped one is refused. */
	expect_error("dtoverlay=forms,faroff=1",
		     "config.txt:1: forms: parameter 'faroff': bad offset in 'cells#99999999999999999999' (0 to 65535)");
	expect_error("dtoverlay=forms,nooff=1",
		     "config.txt:1: forms: parameter 'nooff': bad offset in 'cells:' (0 to 65535)");
	expect_error("dtparam=nosuch=1", "config.txt:1: base: unknown parameter 'nosuch'");
	expect_error("dtoverlay=nolabel",
		     "config.txt:1: nolabel: label 'i2c_missing' is not in the base tree");
	expect_error("dtoverlay=intra",
		     "config.txt:1: intra: fragment@1 targets a node of the overlay itself");
	expect_error_lines("dtoverlay=gpio-fan", "dtparam=gpiopin=x1",
			   "config.txt:2: gpio-fan: parameter 'gpiopin': invalid integer 'x1'");
	expect_error("dtparam=", "config.txt:1: dtparam= without a parameter");
}

static void test_value_parsing(void **state)
{
	unsigned long long v;

	(void)state;
	assert_int_equal(dtm_parse_value("0x10", 0, &v), 0);
	assert_int_equal(v, 16);
	assert_int_equal(dtm_parse_value("010", 0, &v), 0);
	assert_int_equal(v, 8);
	assert_int_equal(dtm_parse_value("on", 0, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(dtm_parse_value("down", 0, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(dtm_parse_value("up", 0, &v), 0);
	assert_int_equal(v, 2);
	assert_int_equal(dtm_parse_value("false", 0, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(dtm_parse_value("-1", 0, &v), 0);
	assert_int_equal(v, ~0ULL);
	/* The firmware's strtoull reads "" as 0. */
	assert_int_equal(dtm_parse_value("", 0, &v), 0);
	assert_int_equal(v, 0);
	assert_int_not_equal(dtm_parse_value("12abc", 0, &v), 0);
	assert_int_not_equal(dtm_parse_value("ON", 0, &v), 0);
	assert_int_equal(dtm_parse_value("ON", 1, &v), 0);
	assert_int_equal(v, 1);
	assert_string_equal(dtm_status_word("yes"), "okay");
	assert_string_equal(dtm_status_word("enable"), "okay");
	assert_string_equal(dtm_status_word("off"), "disabled");
	assert_string_equal(dtm_status_word("Okay"), "Okay");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_string),
		cmocka_unit_test(test_integer_widths),
		cmocka_unit_test(test_integer_grows_property),
		cmocka_unit_test(test_booleans),
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_literals),
		cmocka_unit_test(test_byte_strings),
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_strings_special),
		cmocka_unit_test(test_multiple_targets),
		cmocka_unit_test(test_symbols),
		cmocka_unit_test(test_fragment_enables),
		cmocka_unit_test(test_base_dtparam),
		cmocka_unit_test(test_peer_overlays),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_value_parsing),
	};

	return cmocka_run_group_tests_name("dtmerge", tests, NULL, NULL);
}
