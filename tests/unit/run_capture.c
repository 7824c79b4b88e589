// SPDX-License-Identifier: GPL-2.0
/* The unit tests' way to run a helper program (bash, python3). */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run_capture.h"

static char *read_all(int fd)
{
	size_t len = 0, cap = 0;
	char *buf = NULL, *grown;
	ssize_t r;

	do {
		if (len + 256 > cap) {
			cap = cap * 2 + 256;
			grown = realloc(buf, cap);
			if (!grown) {
				free(buf);
				return NULL;
			}
			buf = grown;
		}
		r = read(fd, buf + len, cap - len - 1);
		if (r > 0)
			len += (size_t)r;
	} while (r > 0);
	buf[len] = 0;
	return buf;
}

int run_capture(char *const argv[], char **out)
{
	int pipefd[2], status;
	pid_t pid;

	*out = NULL;
	if (pipe(pipefd))
		return -1;
	pid = fork();
	if (pid < 0) {
		close(pipefd[0]);
		close(pipefd[1]);
		return -1;
	}
	if (!pid) {
		dup2(pipefd[1], STDOUT_FILENO);
		close(pipefd[0]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(pipefd[1]);
	*out = read_all(pipefd[0]);
	close(pipefd[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || !*out)
		return -1;
	return WEXITSTATUS(status);
}
