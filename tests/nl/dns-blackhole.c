// SPDX-License-Identifier: GPL-2.0
/*
 * dns-blackhole: a name server that never answers, for the VM tests
 * (tests/vm/faults/06-resolver.sh).  It takes every query sent to
 * 127.0.0.1:PORT over UDP and prints one line for each; TCP connections
 * are left in the backlog, never accepted.  A resolver pointed at it waits
 * for its timeouts as with a dead server on the network (a closed port
 * would refuse at once, by ICMP):
 *
 *   dns-blackhole [PORT]
 *
 * Prints "listening" once bound; runs until killed.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static int bound(int type, unsigned short port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    (type == SOCK_STREAM && listen(fd, 128))) {
		perror("dns-blackhole");
		exit(1);
	}
	return fd;
}

int main(int argc, char **argv)
{
	unsigned short port = argc > 1 ? (unsigned short)atoi(argv[1]) : 53;
	int udp = bound(SOCK_DGRAM, port);
	char buf[1500];
	unsigned long n = 0;
	ssize_t len;

	bound(SOCK_STREAM, port);
	printf("listening\n");
	fflush(stdout);
	while ((len = recv(udp, buf, sizeof(buf), 0)) >= 0) {
		printf("query %lu: %zd bytes\n", ++n, len);
		fflush(stdout);
	}
	perror("dns-blackhole: recv");
	return 1;
}
