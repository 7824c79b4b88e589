// SPDX-License-Identifier: GPL-2.0
/*
 * parse_http_response(): whatever a server (or anything listening on the
 * exporter's port) sends before closing.  On success: a 200 HTTP/1.x
 * status line, and the body is the rest after the first blank line,
 * inside the response; then the body read as source.c reads it, a
 * node_exporter page.
 */
#include "fuzz_reading.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *err = NULL, *body = NULL, *hdr;
	size_t blen = 0;
	int temp;
	char *resp = fuzz_copy(data, size);

	if (!resp)
		return 0;
	if (parse_http_response(resp, size, &body, &blen, &err)) {
		hdr = memmem(resp, size, "\r\n\r\n", 4);
		fuzz_check(size >= 12 && !memcmp(resp, "HTTP/1.", 7) &&
			   !memcmp(resp + 9, "200", 3), "a 200 status line");
		fuzz_check(hdr && body == hdr + 4, "the body after the first blank line");
		fuzz_check(body + blen == resp + size, "the body to the end");
		/* What source.c does next with an exporter's answer. */
		if (parse_prometheus(body, blen, NULL, &temp, &err))
			fuzz_check(temp >= -1000000 && temp <= 1000000, "within 1000 C");
		else
			fuzz_check(err && *err, "a reason");
	} else {
		fuzz_check(err && *err, "a reason");
	}
	free(resp);
	return 0;
}
