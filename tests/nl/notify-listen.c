// SPDX-License-Identifier: GPL-2.0
/*
 * notify-listen: systemd's side of sd_notify(3) for the VM tests, which
 * have no systemd.  Binds PATH as an AF_UNIX datagram socket and prints
 * every message it receives, one line per assignment, prefixed with the
 * CLOCK_MONOTONIC milliseconds of its arrival:
 *
 *   notify-listen PATH [SECONDS]
 *
 * Exits after SECONDS (default 60) or on SIGTERM.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void print_message(long long at, char *msg)
{
	char *line, *save = NULL;

	for (line = strtok_r(msg, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		printf("%lld %s\n", at, line);
	fflush(stdout);
}

static int listen_until(int fd, long long end)
{
	char buf[4096];
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	ssize_t len;
	int ret;

	while (now_ms() < end) {
		ret = poll(&pfd, 1, (int)(end - now_ms()));
		if (ret < 0 && errno != EINTR)
			return -1;
		if (ret <= 0)
			continue;
		len = recv(fd, buf, sizeof(buf) - 1, 0);
		if (len < 0)
			return -1;
		buf[len] = '\0';
		print_message(now_ms(), buf);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	long seconds = argc > 2 ? strtol(argv[2], NULL, 10) : 60;
	int fd;

	if (argc < 2 || strlen(argv[1]) >= sizeof(addr.sun_path) || seconds <= 0) {
		fprintf(stderr, "usage: notify-listen PATH [SECONDS]\n");
		return 2;
	}
	strcpy(addr.sun_path, argv[1]);
	unlink(argv[1]);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		perror("notify-listen");
		return 1;
	}
	if (listen_until(fd, now_ms() + seconds * 1000LL)) {
		perror("notify-listen");
		return 1;
	}
	return 0;
}
