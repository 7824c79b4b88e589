/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small JSON writer for pibmc's --json output: objects and arrays
 * nested to JSON_DEPTH, strings escaped per RFC 8259.
 */
#ifndef PIBMC_CLI_JSON_H
#define PIBMC_CLI_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_DEPTH	8

/**
 * struct json - a writer
 * @f: where to
 * @depth: open containers
 * @count: values written in each open container
 * @close: the closing character of each open container
 */
struct json {
	FILE *f;
	unsigned int depth;
	unsigned int count[JSON_DEPTH];
	char close[JSON_DEPTH];
};

void json_init(struct json *j, FILE *f);
/* @key is NULL inside an array (and for the top level value). */
void json_object(struct json *j, const char *key);
void json_array(struct json *j, const char *key);
void json_end(struct json *j);	/* closes the innermost container */
void json_str(struct json *j, const char *key, const char *s);
void json_uint(struct json *j, const char *key, uint64_t v);
void json_bool(struct json *j, const char *key, bool v);
void json_null(struct json *j, const char *key);
/* A number with three decimals, v / 1000. */
void json_milli(struct json *j, const char *key, uint64_t v);

#endif /* PIBMC_CLI_JSON_H */
