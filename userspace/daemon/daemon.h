/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pibmcd's event loop: one poll() over the module's events (libpibmc), a
 * signalfd (SIGHUP reloads, SIGTERM and SIGINT stop), the temperature
 * sources' and the shutdown agent's child processes and sockets; its
 * timeout is the next control cycle's time.  All state in struct daemon.
 */
#ifndef PIBMCD_DAEMON_H
#define PIBMCD_DAEMON_H

#include <stdbool.h>

#include "daemon/config.h"

/* daemon_run() - run with @cfg (taken over) until stopped; the exit code */
int daemon_run(struct config *cfg);

#endif
