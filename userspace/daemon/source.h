/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A node's temperature source at work: a file read at once, a command or
 * an HTTP request to a node_exporter run in the background of the event
 * loop.  One reading at a time per node; the last good one is kept with
 * its time, so the control cycle can tell a stale one (control.h).
 */
#ifndef PIBMCD_SOURCE_H
#define PIBMCD_SOURCE_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>

#include "daemon/config.h"
#include "daemon/proc.h"
#include "daemon/resolve.h"

#define HTTP_MAX	(8 << 20)	/* the largest page read */

/*
 * struct http - a request to a node_exporter: its host looked up (@rs,
 * @resolving), then the connection (@fd) to the first of its addresses that
 * takes it (@tries of them tried), all before @deadline_ms
 */
struct http {
	struct resolver rs;
	bool resolving;
	int fd;
	unsigned int tries;
	bool connected;
	char req[512];
	size_t reqlen, sent;
	char *buf;
	size_t len, cap;
	uint64_t deadline_ms;
};

/**
 * struct reader - a node's source at work
 * @busy: a command or request under way
 * @fd: a file source on a kernel filesystem (sysfs, debugfs, procfs), kept
 *	open and read again from offset 0 each time; -1 otherwise
 * @proc: the command
 * @http: the request
 * @done_ms: when the last attempt ended
 * @have: @temp and @at_ms hold the last good reading
 * @ok: the last attempt succeeded
 * @why: why the last attempt failed
 */
struct reader {
	bool busy;
	int fd;
	uint64_t done_ms;
	struct proc proc;
	struct http http;
	bool have;
	int temp;
	uint64_t at_ms;
	bool ok;
	char why[160];
};

void reader_init(struct reader *r);

/*
 * reader_start() - take a reading (nothing if one is under way)
 * Return: true when it finished at once (a file, or a failure to start).
 */
bool reader_start(struct reader *r, const struct source_conf *s, uint64_t now_ms);

/* reader_pollfds() - its descriptors for poll(), into @fds; how many */
unsigned int reader_pollfds(const struct reader *r, struct pollfd *fds);

/* reader_deadline() - when it must be serviced at the latest, 0 if never */
uint64_t reader_deadline(const struct reader *r);

/* reader_service() - progress; true when the reading just finished */
bool reader_service(struct reader *r, const struct source_conf *s, uint64_t now_ms);

/* reader_stop() - abandon what is under way, close what is kept open */
void reader_stop(struct reader *r);

#endif
