/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PIBMC_TESTS_RUN_CAPTURE_H
#define PIBMC_TESTS_RUN_CAPTURE_H

/**
 * run_capture() - run a program and take what it writes to stdout
 * @argv: the program (looked up in PATH) and its arguments, NULL-ended
 * @out: set to its output, NUL-terminated (to free)
 *
 * Return: its exit status, or -1 when it could not run or did not exit.
 */
int run_capture(char *const argv[], char **out);

#endif
