/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Temperature readings from text: a sysfs file's or a command's output
 * (one number and nothing else), or a Prometheus node_exporter's page.
 * Pure and strict: anything unexpected is an error, never a guess.
 */
#ifndef PIBMCD_READING_H
#define PIBMCD_READING_H

#include <stdbool.h>
#include <stddef.h>

/**
 * parse_temp_text() - one temperature, alone
 * @text: the output, @len bytes (not NUL-terminated)
 * @milli: an integer in millidegrees (sysfs), else degrees (decimals allowed)
 * @temp: millidegrees C
 * @err: why not
 *
 * Accepts the number followed by at most one newline: no other text, no
 * blank, no second line.
 */
bool parse_temp_text(const char *text, size_t len, bool milli, int *temp,
		     const char **err);

/**
 * parse_prometheus() - the hottest sensor of a node_exporter page
 * @body: the page (text exposition format), @len bytes
 * @label: if not NULL, only samples whose label set contains it
 * @temp: the highest node_hwmon_temp_celsius or node_thermal_zone_temp
 *	sample, millidegrees C
 */
bool parse_prometheus(const char *body, size_t len, const char *label, int *temp,
		      const char **err);

/**
 * parse_http_response() - the body of a "200" HTTP/1.x response
 * @resp: the whole response as read until the server closed, @len bytes
 * @body, @blen: set to the body
 */
bool parse_http_response(const char *resp, size_t len, const char **body,
			 size_t *blen, const char **err);

#endif
