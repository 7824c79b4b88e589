// SPDX-License-Identifier: GPL-2.0
/*
 * libpibmc: the family's attribute sets parsed into the library's structs,
 * and the genetlink controller's description of a family.
 * Each attribute's type is validated; attributes this version does not
 * know are skipped (a newer module may add some).
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "lib/internal.h"

/*
 * Attributes of one set, indexed by type; types this version does not
 * know are skipped.  A truncated attribute or trailing bytes: -EINVAL.
 */
static int parse_table(const void *payload, size_t len, const struct nlattr **tb,
		       unsigned int max)
{
	const struct nlattr *a = payload;
	int rem = (int)len;

	memset(tb, 0, (max + 1) * sizeof(*tb));
	if (len > INT_MAX)
		return -EINVAL;
	while (rem > 0) {
		if (!mnl_attr_ok(a, rem))
			return -EINVAL;
		if (mnl_attr_get_type(a) <= max)
			tb[mnl_attr_get_type(a)] = a;
		rem -= (int)MNL_ALIGN(a->nla_len);
		a = mnl_attr_next(a);
	}
	return 0;
}

/* Type checks: the attribute is absent, or valid as @type. */
static bool ok(const struct nlattr *a, enum mnl_attr_data_type type)
{
	return !a || mnl_attr_validate(a, type) >= 0;
}

static uint32_t u32_or(const struct nlattr *a, uint32_t dflt)
{
	return a ? mnl_attr_get_u32(a) : dflt;
}

static bool u8_flag(const struct nlattr *a)
{
	return a && mnl_attr_get_u8(a);
}

/* A NUL-terminated string attribute into @dst (cut to fit). */
static void copy_str(char *dst, size_t size, const struct nlattr *a)
{
	size_t n;

	dst[0] = 0;
	if (!a)
		return;
	n = strnlen(mnl_attr_get_payload(a), mnl_attr_get_payload_len(a));
	if (n >= size)
		n = size - 1;
	memcpy(dst, mnl_attr_get_payload(a), n);
	dst[n] = 0;
}

int pibmc_parse_fan(const void *payload, size_t len, struct pibmc_fan *fan)
{
	const struct nlattr *tb[PIBMC_A_FAN_MAX + 1];
	static const int u32s[] = {
		PIBMC_A_FAN_INDEX, PIBMC_A_FAN_DUTY, PIBMC_A_FAN_MODE,
		PIBMC_A_FAN_RPM, PIBMC_A_FAN_FAILSAFE_DUTY, PIBMC_A_FAN_HEARTBEAT,
	};
	static const int u8s[] = {
		PIBMC_A_FAN_ALARM, PIBMC_A_FAN_FAULT, PIBMC_A_FAN_OWNED,
		PIBMC_A_FAN_FAILSAFE,
	};
	size_t i;

	memset(fan, 0, sizeof(*fan));
	if (parse_table(payload, len, tb, PIBMC_A_FAN_MAX))
		return -EINVAL;
	for (i = 0; i < sizeof(u32s) / sizeof(u32s[0]); i++)
		if (!ok(tb[u32s[i]], MNL_TYPE_U32))
			return -EINVAL;
	for (i = 0; i < sizeof(u8s) / sizeof(u8s[0]); i++)
		if (!ok(tb[u8s[i]], MNL_TYPE_U8))
			return -EINVAL;
	if (!tb[PIBMC_A_FAN_INDEX] || !ok(tb[PIBMC_A_FAN_NAME], MNL_TYPE_NUL_STRING))
		return -EINVAL;
	fan->index = mnl_attr_get_u32(tb[PIBMC_A_FAN_INDEX]);
	copy_str(fan->name, sizeof(fan->name), tb[PIBMC_A_FAN_NAME]);
	fan->duty = u32_or(tb[PIBMC_A_FAN_DUTY], 0);
	fan->mode = u32_or(tb[PIBMC_A_FAN_MODE], 0);
	fan->rpm = u32_or(tb[PIBMC_A_FAN_RPM], 0);
	fan->failsafe_duty = u32_or(tb[PIBMC_A_FAN_FAILSAFE_DUTY], 0);
	fan->heartbeat_ms = u32_or(tb[PIBMC_A_FAN_HEARTBEAT], 0);
	fan->alarm = u8_flag(tb[PIBMC_A_FAN_ALARM]);
	fan->fault = u8_flag(tb[PIBMC_A_FAN_FAULT]);
	fan->owned = u8_flag(tb[PIBMC_A_FAN_OWNED]);
	fan->failsafe = u8_flag(tb[PIBMC_A_FAN_FAILSAFE]);
	return 0;
}

int pibmc_parse_node(const void *payload, size_t len, struct pibmc_node *node)
{
	const struct nlattr *tb[PIBMC_A_NODE_MAX + 1];
	static const int u32s[] = {
		PIBMC_A_NODE_INDEX, PIBMC_A_NODE_STATE, PIBMC_A_NODE_CAUSE,
		PIBMC_A_NODE_DEADLINE_MS,
	};
	size_t i;

	memset(node, 0, sizeof(*node));
	if (parse_table(payload, len, tb, PIBMC_A_NODE_MAX))
		return -EINVAL;
	for (i = 0; i < sizeof(u32s) / sizeof(u32s[0]); i++)
		if (!ok(tb[u32s[i]], MNL_TYPE_U32))
			return -EINVAL;
	if (!tb[PIBMC_A_NODE_INDEX] || !ok(tb[PIBMC_A_NODE_NAME], MNL_TYPE_NUL_STRING) ||
	    !ok(tb[PIBMC_A_NODE_POWER], MNL_TYPE_U8) ||
	    !ok(tb[PIBMC_A_NODE_HALT], MNL_TYPE_U8) ||
	    !ok(tb[PIBMC_A_NODE_TRANSITION_NS], MNL_TYPE_U64))
		return -EINVAL;
	node->index = mnl_attr_get_u32(tb[PIBMC_A_NODE_INDEX]);
	copy_str(node->name, sizeof(node->name), tb[PIBMC_A_NODE_NAME]);
	node->power = u8_flag(tb[PIBMC_A_NODE_POWER]);
	node->halt = u8_flag(tb[PIBMC_A_NODE_HALT]);
	node->state = u32_or(tb[PIBMC_A_NODE_STATE], 0);
	node->cause = u32_or(tb[PIBMC_A_NODE_CAUSE], 0);
	if (tb[PIBMC_A_NODE_TRANSITION_NS])
		node->transition_ns = mnl_attr_get_u64(tb[PIBMC_A_NODE_TRANSITION_NS]);
	node->has_deadline = tb[PIBMC_A_NODE_DEADLINE_MS];
	node->deadline_ms = u32_or(tb[PIBMC_A_NODE_DEADLINE_MS], 0);
	return 0;
}

/* Each nest of type @type (fans or nodes of get-info) into @out. */
struct info_walk {
	struct pibmc_info *info;
	int err;
};

static int info_cb(const struct nlattr *attr, void *data)
{
	struct info_walk *w = data;
	struct pibmc_info *info = w->info;
	unsigned int type = mnl_attr_get_type(attr);

	switch (type) {
	case PIBMC_A_INFO_FAN_COUNT:
	case PIBMC_A_INFO_NODE_COUNT:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			break;
		if (type == PIBMC_A_INFO_FAN_COUNT)
			info->fan_count = mnl_attr_get_u32(attr);
		else
			info->node_count = mnl_attr_get_u32(attr);
		return MNL_CB_OK;
	case PIBMC_A_INFO_FAN: {
		struct pibmc_fan fan;

		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0 ||
		    pibmc_parse_fan(mnl_attr_get_payload(attr),
				    mnl_attr_get_payload_len(attr), &fan) ||
		    fan.index >= PIBMC_MAX_FANS)
			break;
		info->fans[fan.index] = fan;
		return MNL_CB_OK;
	}
	case PIBMC_A_INFO_NODE: {
		struct pibmc_node node;

		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0 ||
		    pibmc_parse_node(mnl_attr_get_payload(attr),
				     mnl_attr_get_payload_len(attr), &node) ||
		    node.index >= PIBMC_MAX_NODES)
			break;
		info->nodes[node.index] = node;
		return MNL_CB_OK;
	}
	default:
		return MNL_CB_OK;
	}
	w->err = -EINVAL;
	return MNL_CB_ERROR;
}

int pibmc_parse_info(const void *payload, size_t len, struct pibmc_info *info)
{
	struct info_walk w = { info, 0 };

	memset(info, 0, sizeof(*info));
	if (mnl_attr_parse_payload(payload, len, info_cb, &w) < 0)
		return w.err ? w.err : -EINVAL;
	if (info->fan_count > PIBMC_MAX_FANS || info->node_count > PIBMC_MAX_NODES)
		return -EINVAL;
	return 0;
}

int pibmc_parse_event(const void *payload, size_t len, struct pibmc_event_msg *ev)
{
	const struct nlattr *tb[PIBMC_A_EVENT_MAX + 1];
	const struct nlattr *a;

	memset(ev, 0, sizeof(*ev));
	if (parse_table(payload, len, tb, PIBMC_A_EVENT_MAX))
		return -EINVAL;
	if (!tb[PIBMC_A_EVENT_TYPE] || !ok(tb[PIBMC_A_EVENT_TYPE], MNL_TYPE_U32) ||
	    !ok(tb[PIBMC_A_EVENT_TIME_NS], MNL_TYPE_U64) ||
	    !ok(tb[PIBMC_A_EVENT_NODE], MNL_TYPE_NESTED) ||
	    !ok(tb[PIBMC_A_EVENT_FAN], MNL_TYPE_NESTED) ||
	    !ok(tb[PIBMC_A_EVENT_MESSAGE], MNL_TYPE_NUL_STRING))
		return -EINVAL;
	ev->type = mnl_attr_get_u32(tb[PIBMC_A_EVENT_TYPE]);
	if (tb[PIBMC_A_EVENT_TIME_NS])
		ev->time_ns = mnl_attr_get_u64(tb[PIBMC_A_EVENT_TIME_NS]);
	a = tb[PIBMC_A_EVENT_NODE];
	if (a) {
		if (pibmc_parse_node(mnl_attr_get_payload(a), mnl_attr_get_payload_len(a),
				     &ev->node))
			return -EINVAL;
		ev->has_node = true;
	}
	a = tb[PIBMC_A_EVENT_FAN];
	if (a) {
		if (pibmc_parse_fan(mnl_attr_get_payload(a), mnl_attr_get_payload_len(a),
				    &ev->fan))
			return -EINVAL;
		ev->has_fan = true;
	}
	copy_str(ev->message, sizeof(ev->message), tb[PIBMC_A_EVENT_MESSAGE]);
	return 0;
}

/* The id of the group named @name among CTRL_ATTR_MCAST_GROUPS' nests, or 0. */
static uint32_t group_id(const struct nlattr *groups, const char *name)
{
	const struct nlattr *grp, *a;

	mnl_attr_for_each_nested(grp, groups) {
		const char *gname = NULL;
		uint32_t id = 0;

		mnl_attr_for_each_nested(a, grp) {
			if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_NAME &&
			    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0)
				gname = mnl_attr_get_str(a);
			else if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_ID &&
				 mnl_attr_validate(a, MNL_TYPE_U32) >= 0)
				id = mnl_attr_get_u32(a);
		}
		if (gname && !strcmp(gname, name))
			return id;
	}
	return 0;
}

int pibmc_parse_family(const void *payload, size_t len, const char *group,
		       struct pibmc_genl_family *f)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1];

	memset(f, 0, sizeof(*f));
	if (parse_table(payload, len, tb, CTRL_ATTR_MAX))
		return -EINVAL;
	if (!ok(tb[CTRL_ATTR_FAMILY_ID], MNL_TYPE_U16) ||
	    !ok(tb[CTRL_ATTR_FAMILY_NAME], MNL_TYPE_NUL_STRING) ||
	    !ok(tb[CTRL_ATTR_MCAST_GROUPS], MNL_TYPE_NESTED))
		return -EINVAL;
	copy_str(f->name, sizeof(f->name), tb[CTRL_ATTR_FAMILY_NAME]);
	if (tb[CTRL_ATTR_FAMILY_ID])
		f->id = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	if (tb[CTRL_ATTR_MCAST_GROUPS])
		f->group = group_id(tb[CTRL_ATTR_MCAST_GROUPS], group);
	return 0;
}
