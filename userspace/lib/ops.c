// SPDX-License-Identifier: GPL-2.0
/*
 * libpibmc: one function per operation of the family.  Each builds its
 * request, sends it through pibmc_request() and parses the reply.
 */
#include <errno.h>
#include <string.h>

#include "lib/internal.h"

static int info_cb(const struct nlmsghdr *nlh, void *data)
{
	const void *pl;
	size_t len;

	pl = pibmc_genl_payload(nlh, &len);
	return pibmc_parse_info(pl, len, data);
}

int pibmc_get_info(struct pibmc *p, struct pibmc_info *info)
{
	memset(info, 0, sizeof(*info));
	pibmc_msg_start(p, PIBMC_CMD_GET_INFO, 0, 0);
	return pibmc_request(p, info_cb, info);
}

/* The replies of a get or a dump, into an array. */
struct list {
	void *items;
	size_t size;
	unsigned int max;
	unsigned int n;
	int (*parse)(const void *payload, size_t len, void *item);
};

static int list_cb(const struct nlmsghdr *nlh, void *data)
{
	struct list *l = data;
	const void *pl;
	size_t len;
	int ret;

	if (l->n >= l->max)
		return -EOVERFLOW;
	pl = pibmc_genl_payload(nlh, &len);
	ret = l->parse(pl, len, (char *)l->items + l->n * l->size);
	if (ret)
		return ret;
	l->n++;
	return 0;
}

static int parse_fan_any(const void *payload, size_t len, void *item)
{
	return pibmc_parse_fan(payload, len, item);
}

static int parse_node_any(const void *payload, size_t len, void *item)
{
	return pibmc_parse_node(payload, len, item);
}

static int get_one(struct pibmc *p, struct list *l)
{
	int ret = pibmc_request(p, list_cb, l);

	if (!ret && l->n != 1)
		ret = -EBADMSG;
	return ret;
}

int pibmc_fan_get(struct pibmc *p, unsigned int fan, struct pibmc_fan *out)
{
	struct list l = { out, sizeof(*out), 1, 0, parse_fan_any };
	struct nlmsghdr *nlh;

	nlh = pibmc_msg_start(p, PIBMC_CMD_FAN_GET, 0, PIBMC_A_FAN_INDEX);
	mnl_attr_put_u32(nlh, PIBMC_A_FAN_INDEX, fan);
	return get_one(p, &l);
}

int pibmc_fan_dump(struct pibmc *p, struct pibmc_fan *fans, unsigned int max,
		   unsigned int *n)
{
	struct list l = { fans, sizeof(*fans), max, 0, parse_fan_any };
	int ret;

	pibmc_msg_start(p, PIBMC_CMD_FAN_GET, NLM_F_DUMP, 0);
	ret = pibmc_request(p, list_cb, &l);
	*n = l.n;
	return ret;
}

int pibmc_node_get(struct pibmc *p, unsigned int node, struct pibmc_node *out)
{
	struct list l = { out, sizeof(*out), 1, 0, parse_node_any };
	struct nlmsghdr *nlh;

	nlh = pibmc_msg_start(p, PIBMC_CMD_NODE_GET, 0, PIBMC_A_NODE_INDEX);
	mnl_attr_put_u32(nlh, PIBMC_A_NODE_INDEX, node);
	return get_one(p, &l);
}

int pibmc_node_dump(struct pibmc *p, struct pibmc_node *nodes, unsigned int max,
		    unsigned int *n)
{
	struct list l = { nodes, sizeof(*nodes), max, 0, parse_node_any };
	int ret;

	pibmc_msg_start(p, PIBMC_CMD_NODE_GET, NLM_F_DUMP, 0);
	ret = pibmc_request(p, list_cb, &l);
	*n = l.n;
	return ret;
}

int pibmc_fan_set(struct pibmc *p, unsigned int fan, int mode, int duty,
		  int failsafe_duty)
{
	struct nlmsghdr *nlh;

	nlh = pibmc_msg_start(p, PIBMC_CMD_FAN_SET, 0, PIBMC_A_FAN_INDEX);
	mnl_attr_put_u32(nlh, PIBMC_A_FAN_INDEX, fan);
	if (mode != PIBMC_KEEP)
		mnl_attr_put_u32(nlh, PIBMC_A_FAN_MODE, (uint32_t)mode);
	if (duty != PIBMC_KEEP)
		mnl_attr_put_u32(nlh, PIBMC_A_FAN_DUTY, (uint32_t)duty);
	if (failsafe_duty != PIBMC_KEEP)
		mnl_attr_put_u32(nlh, PIBMC_A_FAN_FAILSAFE_DUTY, (uint32_t)failsafe_duty);
	return pibmc_request(p, NULL, NULL);
}

int pibmc_fan_claim(struct pibmc *p, unsigned int fan, unsigned int heartbeat_ms,
		    int duty)
{
	struct nlmsghdr *nlh;

	nlh = pibmc_msg_start(p, PIBMC_CMD_FAN_CLAIM, 0, PIBMC_A_FAN_INDEX);
	mnl_attr_put_u32(nlh, PIBMC_A_FAN_INDEX, fan);
	mnl_attr_put_u32(nlh, PIBMC_A_FAN_HEARTBEAT, heartbeat_ms);
	if (duty != PIBMC_KEEP)
		mnl_attr_put_u32(nlh, PIBMC_A_FAN_DUTY, (uint32_t)duty);
	return pibmc_request(p, NULL, NULL);
}

int pibmc_fan_release(struct pibmc *p, unsigned int fan)
{
	struct nlmsghdr *nlh;

	nlh = pibmc_msg_start(p, PIBMC_CMD_FAN_RELEASE, 0, PIBMC_A_FAN_INDEX);
	mnl_attr_put_u32(nlh, PIBMC_A_FAN_INDEX, fan);
	return pibmc_request(p, NULL, NULL);
}

/* node-on, node-off, node-cycle: the nodes' index attributes, in order. */
static int nodes_request(struct pibmc *p, uint8_t cmd, const unsigned int *nodes,
			 unsigned int n, bool force)
{
	struct nlmsghdr *nlh;
	unsigned int i;

	if (!n || n > PIBMC_MAX_NODES)
		return -EINVAL;
	nlh = pibmc_msg_start(p, cmd, 0, PIBMC_A_NODE_INDEX);
	for (i = 0; i < n; i++)
		mnl_attr_put_u32(nlh, PIBMC_A_NODE_INDEX, nodes[i]);
	if (force)
		mnl_attr_put(nlh, PIBMC_A_NODE_FORCE, 0, NULL);
	return pibmc_request(p, NULL, NULL);
}

int pibmc_node_on(struct pibmc *p, const unsigned int *nodes, unsigned int n)
{
	return nodes_request(p, PIBMC_CMD_NODE_ON, nodes, n, false);
}

int pibmc_node_off(struct pibmc *p, const unsigned int *nodes, unsigned int n)
{
	return nodes_request(p, PIBMC_CMD_NODE_OFF, nodes, n, false);
}

int pibmc_node_force_off(struct pibmc *p, const unsigned int *nodes,
			 unsigned int n)
{
	return nodes_request(p, PIBMC_CMD_NODE_OFF, nodes, n, true);
}

int pibmc_node_cycle(struct pibmc *p, const unsigned int *nodes, unsigned int n)
{
	return nodes_request(p, PIBMC_CMD_NODE_CYCLE, nodes, n, false);
}

int pibmc_agent_claim(struct pibmc *p)
{
	pibmc_msg_start(p, PIBMC_CMD_AGENT_CLAIM, 0, 0);
	return pibmc_request(p, NULL, NULL);
}

static int shutdown_result(struct pibmc *p, unsigned int node, uint32_t result,
			   const char *why)
{
	struct nlmsghdr *nlh;

	if (why && strlen(why) > PIBMC_MSG_LEN)
		return -EINVAL;
	nlh = pibmc_msg_start(p, PIBMC_CMD_SHUTDOWN_RESULT, 0, PIBMC_A_SHUTDOWN_INDEX);
	mnl_attr_put_u32(nlh, PIBMC_A_SHUTDOWN_INDEX, node);
	mnl_attr_put_u32(nlh, PIBMC_A_SHUTDOWN_RESULT, result);
	if (why)
		mnl_attr_put_strz(nlh, PIBMC_A_SHUTDOWN_MESSAGE, why);
	return pibmc_request(p, NULL, NULL);
}

int pibmc_shutdown_done(struct pibmc *p, unsigned int node)
{
	return shutdown_result(p, node, PIBMC_SHUTDOWN_RESULT_DONE, NULL);
}

int pibmc_shutdown_failed(struct pibmc *p, unsigned int node, const char *why)
{
	return shutdown_result(p, node, PIBMC_SHUTDOWN_RESULT_FAILED, why);
}
