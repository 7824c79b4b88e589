// SPDX-License-Identifier: GPL-2.0
/* pibmc: the reading verbs (status, fan, node list) and the fan's settings. */
#include "cli/cli.h"

static int read_fans(struct pibmc *p, struct pibmc_fan *fans, unsigned int *n)
{
	int ret = pibmc_fan_dump(p, fans, PIBMC_MAX_FANS, n);

	return ret ? cli_kernel_error(p, "fan", ret) : CLI_OK;
}

static int read_nodes(struct pibmc *p, struct pibmc_node *nodes, unsigned int *n)
{
	int ret = pibmc_node_dump(p, nodes, PIBMC_MAX_NODES, n);

	return ret ? cli_kernel_error(p, "node list", ret) : CLI_OK;
}

int cli_status(struct pibmc *p, const struct cli_args *a)
{
	struct pibmc_node nodes[PIBMC_MAX_NODES];
	struct pibmc_fan fans[PIBMC_MAX_FANS];
	unsigned int nfans, nnodes;
	struct cli_clock now;
	int ret;

	ret = read_fans(p, fans, &nfans);
	if (!ret)
		ret = read_nodes(p, nodes, &nnodes);
	if (ret)
		return ret;
	cli_clock_now(&now);
	cli_print_status(stdout, a->json, fans, nfans, nodes, nnodes, &now);
	return CLI_OK;
}

int cli_node_list(struct pibmc *p, const struct cli_args *a)
{
	struct pibmc_node nodes[PIBMC_MAX_NODES];
	struct cli_clock now;
	unsigned int n;
	int ret;

	ret = read_nodes(p, nodes, &n);
	if (ret)
		return ret;
	cli_clock_now(&now);
	cli_print_nodes(stdout, a->json, nodes, n, &now);
	return CLI_OK;
}

/* fan, fan set PERCENT, fan auto: every fan of the device. */
int cli_fan(struct pibmc *p, const struct cli_args *a)
{
	struct pibmc_fan fans[PIBMC_MAX_FANS];
	unsigned int n, i;
	char what[64];
	int ret;

	ret = read_fans(p, fans, &n);
	if (ret || a->verb == VERB_FAN) {
		if (!ret)
			cli_print_fans(stdout, a->json, fans, n);
		return ret;
	}
	if (!n) {
		fprintf(stderr, "pibmc: %s: no fan (the pibmc-fan overlay is not loaded)\n",
			cli_verb_name(a->verb));
		return CLI_FAILED;
	}
	for (i = 0; i < n; i++) {
		if (a->verb == VERB_FAN_SET) {
			snprintf(what, sizeof(what), "fan set %u%%", a->percent);
			ret = pibmc_fan_set(p, fans[i].index, PIBMC_FAN_MODE_MANUAL,
					    (int)cli_percent_duty(a->percent), PIBMC_KEEP);
		} else {
			snprintf(what, sizeof(what), "fan auto");
			ret = pibmc_fan_set(p, fans[i].index, PIBMC_FAN_MODE_AUTO,
					    PIBMC_KEEP, PIBMC_KEEP);
		}
		if (ret)
			return cli_kernel_error(p, what, ret);
		ret = pibmc_fan_get(p, fans[i].index, &fans[i]);
		if (ret)
			return cli_kernel_error(p, "fan", ret);
	}
	cli_print_fans(stdout, false, fans, n);
	return CLI_OK;
}
