// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/reading.h"
#include "daemon/util.h"

bool parse_temp_text(const char *text, size_t len, bool milli, int *temp,
		     const char **err)
{
	char buf[32];
	long v;

	if (len && text[len - 1] == '\n')
		len--;
	if (!len) {
		*err = "empty output";
		return false;
	}
	if (len >= sizeof(buf) || memchr(text, '\0', len)) {
		*err = "not a number";
		return false;
	}
	memcpy(buf, text, len);
	buf[len] = '\0';
	if (milli) {
		if (!parse_long(buf, &v) || v < -1000000 || v > 1000000) {
			*err = "not an integer in millidegrees";
			return false;
		}
	} else if (!parse_milli(buf, &v)) {
		*err = "not a number of degrees";
		return false;
	} else if (v < -1000000 || v > 1000000) {
		/* The same bounds as millidegrees and Prometheus samples. */
		*err = "degrees out of range";
		return false;
	}
	*temp = (int)v;
	return true;
}

static bool is_metric(const char *l, size_t n, const char *name)
{
	size_t k = strlen(name);

	return n > k && !strncmp(l, name, k) && (l[k] == '{' || l[k] == ' ');
}

bool parse_prometheus(const char *body, size_t len, const char *label, int *temp,
		      const char **err)
{
	const char *p = body, *end = body + len;
	bool found = false;
	double best = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', end - p), *l = p, *v;
		size_t n = (nl ? nl : end) - p;
		char num[64], *e;
		double d;

		p = nl ? nl + 1 : end;
		if (!n || l[0] == '#')
			continue;
		if (!is_metric(l, n, "node_hwmon_temp_celsius") &&
		    !is_metric(l, n, "node_thermal_zone_temp"))
			continue;
		v = memchr(l, '{', n);
		if (v && v < l + n) {
			const char *close = NULL, *q;

			/* The label set ends at the first '}' outside quotes. */
			bool quoted = false;

			for (q = v + 1; q < l + n; q++) {
				if (quoted && *q == '\\') {
					q++;
				} else if (*q == '"') {
					quoted = !quoted;
				} else if (!quoted && *q == '}') {
					close = q;
					break;
				}
			}
			if (!close) {
				*err = "malformed label set";
				return false;
			}
			if (label && !memmem(v, close - v, label, strlen(label)))
				continue;
			v = close + 1;
		} else {
			if (label)
				continue;
			v = memchr(l, ' ', n);
		}
		while (v < l + n && *v == ' ')
			v++;
		/* The value, then an optional timestamp. */
		n = l + n - v;
		if (n >= sizeof(num)) {
			*err = "malformed sample";
			return false;
		}
		memcpy(num, v, n);
		num[n] = '\0';
		e = strchr(num, ' ');
		if (e)
			*e = '\0';
		d = strtod(num, &e);
		if (e == num || *e || !isfinite(d)) {
			*err = "malformed sample value";
			return false;
		}
		if (!found || d > best)
			best = d;
		found = true;
	}
	if (!found) {
		*err = label ? "no temperature sample with that label"
			     : "no node_hwmon_temp_celsius or node_thermal_zone_temp sample";
		return false;
	}
	if (best < -1000 || best > 1000) {
		*err = "sample out of range";
		return false;
	}
	*temp = (int)lround(best * 1000);
	return true;
}

bool parse_http_response(const char *resp, size_t len, const char **body,
			 size_t *blen, const char **err)
{
	const char *hdr_end = memmem(resp, len, "\r\n\r\n", 4);
	const char *te;

	if (len < 12 || strncmp(resp, "HTTP/1.", 7) || resp[8] != ' ') {
		*err = "not an HTTP response";
		return false;
	}
	if (strncmp(resp + 9, "200", 3)) {
		*err = "HTTP status not 200";
		return false;
	}
	if (!hdr_end) {
		*err = "truncated HTTP headers";
		return false;
	}
	te = memmem(resp, hdr_end - resp, "\r\nTransfer-Encoding:", 20);
	if (!te)
		te = memmem(resp, hdr_end - resp, "\r\ntransfer-encoding:", 20);
	if (te) {
		*err = "chunked HTTP response (asked for HTTP/1.0)";
		return false;
	}
	*body = hdr_end + 4;
	*blen = len - (*body - resp);
	return true;
}
