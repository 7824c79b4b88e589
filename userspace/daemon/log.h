/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pibmcd's logs: one line per message on stderr, prefixed by its syslog
 * priority as journald reads it ("<3>..."), so systemd files each line at
 * its level.
 */
#ifndef PIBMCD_LOG_H
#define PIBMCD_LOG_H

#include <syslog.h>

void plog(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
