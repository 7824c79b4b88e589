// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/pibmc.h>

#include "daemon/config.h"
#include "daemon/util.h"

/* The line being parsed: the reader counts them, the handler reports. */
struct parse {
	struct config *cfg;
	const char *name;
	char *err;
	size_t errlen;
	unsigned int line;
	unsigned int section_line;	/* of the last [section] header */
	bool failed;
	/* the input: a file or a string */
	FILE *f;
	const char *s;
	/* keys seen, for duplicates: "section\nkey" */
	char **seen;
	size_t nseen;
	unsigned int curve_line, pibmcd_line;
	struct node_conf *node;		/* the current [node NAME] */
	bool bad_section;
};

static void perr(struct parse *p, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void perr(struct parse *p, unsigned int line, const char *fmt, ...)
{
	int n;
	va_list ap;

	if (p->failed)
		return;		/* the first error is the one reported */
	p->failed = true;
	n = snprintf(p->err, p->errlen, "%s:%u: ", p->name, line);
	if (n < 0 || (size_t)n >= p->errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - n, fmt, ap);
	va_end(ap);
}

/* inih's reader: one line per call, counted; longer lines are errors. */
static char *reader(char *str, int num, void *stream)
{
	struct parse *p = stream;
	size_t len;

	if (p->f) {
		if (!fgets(str, num, p->f))
			return NULL;
	} else {
		const char *nl;

		if (!*p->s)
			return NULL;
		nl = strchr(p->s, '\n');
		len = nl ? (size_t)(nl - p->s + 1) : strlen(p->s);
		if (len > (size_t)num - 1)
			len = num - 1;
		memcpy(str, p->s, len);
		str[len] = '\0';
		p->s += len;
	}
	p->line++;
	len = strlen(str);
	{
		const char *q = str;

		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == '[')
			p->section_line = p->line;
	}
	if (len == (size_t)num - 1 && str[len - 1] != '\n') {
		int c;

		perr(p, p->line, "line too long (at most %d characters)", num - 2);
		/* Skip the rest of the line. */
		if (p->f) {
			while ((c = fgetc(p->f)) != EOF && c != '\n')
				;
		} else {
			while (*p->s && *p->s != '\n')
				p->s++;
			if (*p->s)
				p->s++;
		}
		str[0] = '\0';
	}
	return str;
}

const char *restore_name(enum restore_policy r)
{
	switch (r) {
	case RESTORE_LAST: return "last";
	case RESTORE_ON: return "on";
	case RESTORE_OFF: return "off";
	}
	return "?";
}

/* A value in [lo, hi] thousandths; @unit names it in messages. */
static bool get_milli(struct parse *p, const char *key, const char *v,
		      long lo, long hi, const char *unit, long *out)
{
	if (!parse_milli(v, out)) {
		perr(p, p->line, "%s: '%s' is not a number", key, v);
		return false;
	}
	if (*out < lo || *out > hi) {
		perr(p, p->line, "%s: %s out of range (%g to %g %s)", key, v,
		     lo / 1000.0, hi / 1000.0, unit);
		return false;
	}
	return true;
}

static bool get_ms(struct parse *p, const char *key, const char *v, long lo_ms,
		   long hi_ms, unsigned int *out)
{
	long ms;

	if (!get_milli(p, key, v, lo_ms, hi_ms, "s", &ms))
		return false;
	*out = (unsigned int)ms;
	return true;
}

/* A duty in percent, kept in permille. */
static bool get_duty(struct parse *p, const char *key, const char *v, int *out)
{
	long m;

	if (!get_milli(p, key, v, 0, 100000, "%", &m))
		return false;
	*out = (int)(m / 100);
	return true;
}

static bool get_temp(struct parse *p, const char *key, const char *v, long lo,
		     long hi, int *out)
{
	long m;

	if (!get_milli(p, key, v, lo, hi, "C", &m))
		return false;
	*out = (int)m;
	return true;
}

static bool get_str(struct parse *p, const char *key, const char *v, char **out)
{
	if (!*v) {
		perr(p, p->line, "%s: empty value", key);
		return false;
	}
	free(*out);
	*out = strdup(v);
	if (!*out)
		perr(p, p->line, "out of memory");
	return *out != NULL;
}

static bool get_path(struct parse *p, const char *key, const char *v, char **out)
{
	if (v[0] != '/') {
		perr(p, p->line, "%s: '%s' is not an absolute path", key, v);
		return false;
	}
	return get_str(p, key, v, out);
}

static bool get_argv(struct parse *p, const char *key, const char *v, char ***out)
{
	const char *why;
	char **argv = split_argv(v, &why);

	if (!argv) {
		perr(p, p->line, "%s: %s", key, why);
		return false;
	}
	if (!argv[0][0]) {
		/* "" or '': nothing execvp() could run */
		free_argv(argv);
		perr(p, p->line, "%s: empty program name", key);
		return false;
	}
	free_argv(*out);
	*out = argv;
	return true;
}

/* "T:D T:D ...": the curve's points. */
static bool get_points(struct parse *p, const char *v, struct curve *c)
{
	char buf[256], *tok, *save = NULL;
	unsigned int n = 0;

	snprintf(buf, sizeof(buf), "%s", v);
	for (tok = strtok_r(buf, " \t,", &save); tok; tok = strtok_r(NULL, " \t,", &save)) {
		char *colon = strchr(tok, ':');
		int t, d;

		if (!colon) {
			perr(p, p->line, "points: '%s' is not TEMP:DUTY", tok);
			return false;
		}
		*colon = '\0';
		if (n == CURVE_MAX_POINTS) {
			perr(p, p->line, "points: more than %d points", CURVE_MAX_POINTS);
			return false;
		}
		if (!get_temp(p, "points", tok, -20000, 125000, &t) ||
		    !get_duty(p, "points", colon + 1, &d))
			return false;
		if (n && t <= c->temp[n - 1]) {
			perr(p, p->line, "points: temperatures must increase (%s after %g)",
			     tok, c->temp[n - 1] / 1000.0);
			return false;
		}
		if (n && d < c->duty[n - 1]) {
			perr(p, p->line, "points: duties must not decrease (%s at %s)",
			     colon + 1, tok);
			return false;
		}
		c->temp[n] = t;
		c->duty[n] = d;
		n++;
	}
	if (!n) {
		perr(p, p->line, "points: no point");
		return false;
	}
	c->npoints = n;
	return true;
}

static bool get_url(struct parse *p, const char *v, struct source_conf *s)
{
	const char *h, *slash;
	char *colon;
	char host[256];
	size_t hl;

	if (strncmp(v, "http://", 7)) {
		perr(p, p->line, "temp_url: '%s': only http:// URLs are supported", v);
		return false;
	}
	h = v + 7;
	slash = strchr(h, '/');
	hl = slash ? (size_t)(slash - h) : strlen(h);
	if (!hl || hl >= sizeof(host)) {
		perr(p, p->line, "temp_url: '%s': no host", v);
		return false;
	}
	memcpy(host, h, hl);
	host[hl] = '\0';
	free(s->port);
	free(s->host);
	free(s->urlpath);
	s->port = s->host = s->urlpath = NULL;
	if (host[0] == '[') {
		/* [v6]:port */
		char *end = strchr(host, ']');

		if (!end || (end[1] && end[1] != ':')) {
			perr(p, p->line, "temp_url: '%s': bad host", v);
			return false;
		}
		*end = '\0';
		colon = end[1] ? end + 1 : NULL;
		s->host = strdup(host + 1);
	} else {
		colon = strrchr(host, ':');
		if (colon)
			host[colon - host] = '\0';
		s->host = strdup(host);
	}
	if (colon) {
		long port;

		if (!parse_long(colon + 1, &port) || port < 1 || port > 65535) {
			perr(p, p->line, "temp_url: '%s': bad port", v);
			return false;
		}
		s->port = strdup(colon + 1);
	} else {
		s->port = strdup("80");
	}
	s->urlpath = strdup(slash ? slash : "/metrics");
	if (!s->port || !s->host || !s->urlpath) {
		perr(p, p->line, "out of memory");
		return false;
	}
	if (!s->host[0]) {	/* "http://[]/" or "http://:9100/" */
		perr(p, p->line, "temp_url: '%s': no host", v);
		return false;
	}
	return true;
}

static bool set_source(struct parse *p, struct source_conf *s, enum source_kind k)
{
	if (s->kind != SOURCE_NONE && s->kind != k) {
		perr(p, p->line, "a node has one temperature source: temp_file, temp_command or temp_url");
		return false;
	}
	s->kind = k;
	return true;
}

static bool node_key(struct parse *p, struct node_conf *n, const char *key,
		     const char *v)
{
	struct source_conf *s = &n->source;

	if (!strcmp(key, "temp_file"))
		return set_source(p, s, SOURCE_FILE) && get_path(p, key, v, &s->path);
	if (!strcmp(key, "temp_command"))
		return set_source(p, s, SOURCE_COMMAND) && get_argv(p, key, v, &s->argv);
	if (!strcmp(key, "temp_url"))
		return set_source(p, s, SOURCE_HTTP) && get_url(p, v, s);
	if (!strcmp(key, "temp_label"))
		return get_str(p, key, v, &s->label);
	if (!strcmp(key, "temp_unit")) {
		if (!strcmp(v, "millidegrees"))
			s->milli = true;
		else if (!strcmp(v, "degrees"))
			s->milli = false;
		else {
			perr(p, p->line, "temp_unit: '%s': want millidegrees or degrees", v);
			return false;
		}
		return true;
	}
	if (!strcmp(key, "temp_timeout"))
		return get_ms(p, key, v, 100, 600000, &s->timeout_ms);
	if (!strcmp(key, "drain"))
		return get_argv(p, key, v, &n->drain.argv);
	if (!strcmp(key, "drain_timeout"))
		return get_ms(p, key, v, 1000, 3600000, &n->drain.timeout_ms);
	if (!strcmp(key, "shutdown"))
		return get_argv(p, key, v, &n->shutdown.argv);
	if (!strcmp(key, "shutdown_timeout"))
		return get_ms(p, key, v, 1000, 3600000, &n->shutdown.timeout_ms);
	if (!strcmp(key, "power_on"))
		return get_argv(p, key, v, &n->power_on.argv);
	if (!strcmp(key, "power_on_timeout"))
		return get_ms(p, key, v, 1000, 3600000, &n->power_on.timeout_ms);
	perr(p, p->line, "unknown key '%s' in [node %s]", key, n->name);
	return false;
}

static bool curve_key(struct parse *p, const char *key, const char *v)
{
	struct curve *c = &p->cfg->curve;

	if (!strcmp(key, "points"))
		return get_points(p, v, c);
	if (!strcmp(key, "hysteresis"))
		return get_temp(p, key, v, 0, 30000, &c->hyst);
	if (!strcmp(key, "min_duty"))
		return get_duty(p, key, v, &c->min_duty);
	if (!strcmp(key, "start_duty"))
		return get_duty(p, key, v, &c->start_duty);
	if (!strcmp(key, "max_duty"))
		return get_duty(p, key, v, &c->max_duty);
	if (!strcmp(key, "max_step"))
		return get_duty(p, key, v, &c->max_step);
	if (!strcmp(key, "min_change"))
		return get_duty(p, key, v, &c->min_change);
	if (!strcmp(key, "critical"))
		return get_temp(p, key, v, 30000, 125000, &c->crit);
	if (!strcmp(key, "critical_hysteresis"))
		return get_temp(p, key, v, 0, 30000, &c->crit_hyst);
	perr(p, p->line, "unknown key '%s' in [curve]", key);
	return false;
}

static bool pibmcd_key(struct parse *p, const char *key, const char *v)
{
	struct config *cfg = p->cfg;

	if (!strcmp(key, "interval"))
		return get_ms(p, key, v, 100, 3600000, &cfg->interval_ms);
	if (!strcmp(key, "fan")) {
		long f;

		if (!parse_long(v, &f) || f < 0 || f >= PIBMC_MAX_FANS) {
			perr(p, p->line, "fan: '%s': want a fan index, 0 to %d", v,
			     PIBMC_MAX_FANS - 1);
			return false;
		}
		cfg->fan = (unsigned int)f;
		return true;
	}
	if (!strcmp(key, "exit_duty"))
		return get_duty(p, key, v, &cfg->exit_duty);
	if (!strcmp(key, "heartbeat"))
		return get_ms(p, key, v, PIBMC_HEARTBEAT_MIN_MS, PIBMC_HEARTBEAT_MAX_MS,
			      &cfg->heartbeat_ms);
	if (!strcmp(key, "textfile"))
		return get_path(p, key, v, &cfg->textfile);
	if (!strcmp(key, "boot_grace"))
		return get_ms(p, key, v, 0, 3600000, &cfg->boot_grace_ms);
	perr(p, p->line, "unknown key '%s' in [pibmcd]", key);
	return false;
}

static bool power_key(struct parse *p, const char *key, const char *v)
{
	struct config *cfg = p->cfg;

	if (!strcmp(key, "restore")) {
		if (!strcmp(v, "last"))
			cfg->restore = RESTORE_LAST;
		else if (!strcmp(v, "on"))
			cfg->restore = RESTORE_ON;
		else if (!strcmp(v, "off"))
			cfg->restore = RESTORE_OFF;
		else {
			perr(p, p->line, "restore: '%s': want last, on or off", v);
			return false;
		}
		return true;
	}
	if (!strcmp(key, "state_dir"))
		return get_path(p, key, v, &cfg->state_dir);
	if (!strcmp(key, "boot_id"))
		return get_path(p, key, v, &cfg->boot_id);
	perr(p, p->line, "unknown key '%s' in [power]", key);
	return false;
}

static void node_defaults(struct node_conf *n)
{
	n->source.milli = true;
	n->source.timeout_ms = 5000;
	n->drain.timeout_ms = 300000;
	n->shutdown.timeout_ms = 60000;
	n->power_on.timeout_ms = 300000;
}

/*
 * A node's name is one word that the state file (sscanf's %s) and the
 * metrics' label values ("...") carry as it is: no blank or control
 * character, no quote or backslash.
 */
static bool name_ok(const char *name)
{
	const unsigned char *c;

	if (strlen(name) > CONFIG_NAME_LEN)
		return false;
	for (c = (const unsigned char *)name; *c; c++)
		if (*c <= ' ' || *c == 0x7f || *c == '"' || *c == '\\')
			return false;
	return true;
}

/* A [node NAME] header: a new node, or the error. */
static struct node_conf *new_node(struct parse *p, const char *section)
{
	struct config *cfg = p->cfg;
	const char *name = section + 4;
	struct node_conf *n;
	unsigned int i;

	while (*name == ' ' || *name == '\t')
		name++;
	if (!*name || name == section + 4) {
		perr(p, p->section_line, "[%s]: want [node NAME]", section);
		return NULL;
	}
	if (!name_ok(name)) {
		perr(p, p->section_line, "[%s]: a node's name is one word of at most %d characters",
		     section, CONFIG_NAME_LEN);
		return NULL;
	}
	for (i = 0; i < cfg->nnodes; i++) {
		if (!strcmp(cfg->nodes[i].name, name)) {
			perr(p, p->section_line, "[%s]: node %s already defined on line %u",
			     section, name, cfg->nodes[i].line);
			return NULL;
		}
	}
	if (cfg->nnodes == CONFIG_MAX_NODES) {
		perr(p, p->section_line, "[%s]: more than %d nodes", section, CONFIG_MAX_NODES);
		return NULL;
	}
	n = &cfg->nodes[cfg->nnodes++];
	node_defaults(n);
	snprintf(n->name, sizeof(n->name), "%s", name);
	n->line = p->section_line;
	return n;
}

static bool seen_before(struct parse *p, const char *section, const char *key)
{
	size_t len = strlen(section) + strlen(key) + 2, i;
	char *k = malloc(len), **ns;

	if (!k)
		return false;
	snprintf(k, len, "%s\n%s", section, key);
	for (i = 0; i < p->nseen; i++) {
		if (!strcmp(p->seen[i], k)) {
			free(k);
			return true;
		}
	}
	ns = realloc(p->seen, (p->nseen + 1) * sizeof(*ns));
	if (!ns) {
		free(k);
		return false;
	}
	p->seen = ns;
	p->seen[p->nseen++] = k;
	return false;
}

static int handler(void *user, const char *section, const char *key, const char *value)
{
	struct parse *p = user;
	char *v, buf[256];

	/* A NULL key: a new section (inih built to call on them). */
	if (p->failed || !key || !value)
		return 1;
	snprintf(buf, sizeof(buf), "%s", value);
	v = trim(buf);
	if (!*section) {
		perr(p, p->line, "'%s' outside any section", key);
		return 1;
	}
	if (seen_before(p, section, key)) {
		perr(p, p->line, "duplicate key '%s' in [%s]", key, section);
		return 1;
	}
	if (!strcmp(section, "pibmcd")) {
		pibmcd_key(p, key, v);
		if (!p->pibmcd_line)
			p->pibmcd_line = p->line;
	} else if (!strcmp(section, "curve")) {
		curve_key(p, key, v);
		if (!p->curve_line)
			p->curve_line = p->line;
	} else if (!strcmp(section, "power")) {
		power_key(p, key, v);
	} else if (!strncmp(section, "node", 4) &&
		   (section[4] == ' ' || section[4] == '\t' || !section[4])) {
		char name[256];
		struct node_conf *n;

		/* The section's node: the current one, or a new one. */
		snprintf(name, sizeof(name), "%s", section + 4);
		if (p->node && !strcmp(p->node->name, trim(name)))
			n = p->node;
		else
			n = p->node = new_node(p, section);
		if (n)
			node_key(p, n, key, v);
	} else {
		perr(p, p->section_line, "unknown section [%s]", section);
	}
	/* Errors are kept in @p (the first one): inih goes on to the end. */
	return 1;
}

/* The write-up's case: quiet at half speed, under 45 C at normal load. */
static int defaults(struct config *cfg)
{
	static const int temp[] = { 30000, 40000, 45000, 55000 };
	static const int duty[] = { 200, 350, 500, 1000 };
	struct curve *c = &cfg->curve;
	unsigned int i;

	memset(cfg, 0, sizeof(*cfg));
	cfg->interval_ms = 5000;
	cfg->exit_duty = 1000;
	cfg->boot_grace_ms = 180000;
	c->npoints = sizeof(temp) / sizeof(temp[0]);
	for (i = 0; i < c->npoints; i++) {
		c->temp[i] = temp[i];
		c->duty[i] = duty[i];
	}
	c->hyst = 2000;
	c->min_duty = 200;
	c->start_duty = 400;
	c->max_duty = 1000;
	c->max_step = 100;
	c->min_change = 50;
	c->crit = 75000;
	c->crit_hyst = 5000;
	cfg->restore = RESTORE_LAST;
	cfg->state_dir = strdup("/var/lib/pibmc");
	cfg->boot_id = strdup("/proc/sys/kernel/random/boot_id");
	return cfg->state_dir && cfg->boot_id ? 0 : -1;
}

/* What only the whole file can tell. */
static void validate(struct parse *p)
{
	struct config *cfg = p->cfg;
	struct curve *c = &cfg->curve;
	unsigned int cl = p->curve_line ? p->curve_line : p->line;
	unsigned int i, sources = 0;

	if (c->min_duty > c->max_duty)
		perr(p, cl, "[curve]: min_duty %g %% above max_duty %g %%",
		     c->min_duty / 10.0, c->max_duty / 10.0);
	if (c->start_duty < c->min_duty)
		perr(p, cl, "[curve]: start_duty %g %% below min_duty %g %%",
		     c->start_duty / 10.0, c->min_duty / 10.0);
	if (c->crit <= c->temp[0])
		perr(p, cl, "[curve]: critical %g C not above the first point (%g C)",
		     c->crit / 1000.0, c->temp[0] / 1000.0);
	if (c->crit_hyst >= c->crit - c->temp[0])
		perr(p, cl, "[curve]: critical_hysteresis %g C reaches below the first point",
		     c->crit_hyst / 1000.0);
	if (!cfg->heartbeat_ms) {
		/* Renewed every interval: two periods leave room for one late. */
		unsigned long hb = 2UL * cfg->interval_ms;

		cfg->heartbeat_ms = hb > PIBMC_HEARTBEAT_MAX_MS ? PIBMC_HEARTBEAT_MAX_MS : hb;
	}
	if (cfg->heartbeat_ms < cfg->interval_ms)
		perr(p, p->pibmcd_line ? p->pibmcd_line : p->line,
		     "[pibmcd]: heartbeat %g s shorter than the interval %g s",
		     cfg->heartbeat_ms / 1000.0, cfg->interval_ms / 1000.0);
	for (i = 0; i < cfg->nnodes; i++) {
		struct node_conf *n = &cfg->nodes[i];

		if (n->source.kind == SOURCE_HTTP) {
			sources++;
		} else if (n->source.kind != SOURCE_NONE) {
			sources++;
			if (n->source.label)
				perr(p, n->line, "[node %s]: temp_label is for temp_url only",
				     n->name);
		} else if (n->source.label) {
			perr(p, n->line, "[node %s]: temp_label without temp_url", n->name);
		}
		if (n->drain.argv && !n->shutdown.argv)
			perr(p, n->line, "[node %s]: drain without shutdown", n->name);
	}
	if (!sources)
		perr(p, p->line, "no node has a temperature source (temp_file, temp_command or temp_url)");
}

static int parse(struct parse *p)
{
	int ret;
	size_t i;

	if (defaults(p->cfg)) {
		perr(p, 0, "out of memory");
		return -1;
	}
	p->cfg->path = strdup(p->name);
	ret = ini_parse_stream(reader, p, handler, p);
	if (ret > 0)
		perr(p, (unsigned int)ret, "syntax error: want [section] or key = value");
	else if (ret < 0)
		perr(p, 0, "out of memory");
	/* Prometheus exporters report degrees. */
	for (i = 0; i < p->cfg->nnodes; i++)
		if (p->cfg->nodes[i].source.kind == SOURCE_HTTP)
			p->cfg->nodes[i].source.milli = false;
	if (!p->failed)
		validate(p);
	for (i = 0; i < p->nseen; i++)
		free(p->seen[i]);
	free(p->seen);
	if (p->failed) {
		config_free(p->cfg);
		return -1;
	}
	return 0;
}

int config_parse_string(const char *name, const char *text, struct config *cfg,
			char *err, size_t errlen)
{
	struct parse p = {
		.cfg = cfg, .name = name, .err = err, .errlen = errlen, .s = text,
	};

	return parse(&p);
}

int config_load(const char *path, struct config *cfg, char *err, size_t errlen)
{
	struct parse p = {
		.cfg = cfg, .name = path, .err = err, .errlen = errlen,
	};
	int ret;

	p.f = fopen(path, "re");
	if (!p.f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		memset(cfg, 0, sizeof(*cfg));
		return -1;
	}
	ret = parse(&p);
	fclose(p.f);
	return ret;
}

static void free_source(struct source_conf *s)
{
	free(s->path);
	free_argv(s->argv);
	free(s->host);
	free(s->port);
	free(s->urlpath);
	free(s->label);
}

void config_free(struct config *cfg)
{
	unsigned int i;

	free(cfg->path);
	free(cfg->textfile);
	free(cfg->state_dir);
	free(cfg->boot_id);
	for (i = 0; i < cfg->nnodes; i++) {
		free_source(&cfg->nodes[i].source);
		free_argv(cfg->nodes[i].drain.argv);
		free_argv(cfg->nodes[i].shutdown.argv);
		free_argv(cfg->nodes[i].power_on.argv);
	}
	memset(cfg, 0, sizeof(*cfg));
}

const struct node_conf *config_node(const struct config *cfg, const char *name)
{
	unsigned int i;

	for (i = 0; i < cfg->nnodes; i++)
		if (!strcmp(cfg->nodes[i].name, name))
			return &cfg->nodes[i];
	return NULL;
}
