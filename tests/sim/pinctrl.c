// SPDX-License-Identifier: GPL-2.0
/*
 * pibmc_sim: the pin controller half of the GPIO controller.
 *
 * It understands the Raspberry Pi pin-config nodes that overlays add under
 * &gpio (brcm,pins, brcm,function, brcm,pull) the way pinctrl-bcm2835's
 * dt_node_to_map() does: one group per pin, one function per function
 * select value, the pull as a pin config.  Applying a state writes the line
 * model, where the board sees it (a fan's PWM input carries the PWM only
 * when its pin is muxed to the PWM).
 */

#include <linux/of.h>
#include <linux/pinctrl/machine.h>
#include <linux/pinctrl/pinconf-generic.h>
#include <linux/pinctrl/pinconf.h>
#include <linux/pinctrl/pinmux.h>
#include <linux/slab.h>

#include "gpio.h"

static const char *const sim_func_names[SIM_NFUNCS] = {
	[SIM_FUNC_IN] = "gpio_in",
	[SIM_FUNC_OUT] = "gpio_out",
	[SIM_FUNC_ALT0] = "alt0",
	[SIM_FUNC_ALT1] = "alt1",
	[SIM_FUNC_ALT2] = "alt2",
	[SIM_FUNC_ALT3] = "alt3",
	[SIM_FUNC_ALT4] = "alt4",
	[SIM_FUNC_ALT5] = "alt5",
};

const char *sim_func_name(enum sim_func func)
{
	return func < SIM_NFUNCS ? sim_func_names[func] : "?";
}

static int sim_pctl_groups_count(struct pinctrl_dev *pctl)
{
	return SIM_NGPIO;
}

static const char *sim_pctl_group_name(struct pinctrl_dev *pctl, unsigned int sel)
{
	struct sim_gpio *sg = pinctrl_dev_get_drvdata(pctl);

	return sg->pctl_desc.pins[sel].name;
}

static int sim_pctl_group_pins(struct pinctrl_dev *pctl, unsigned int sel,
			       const unsigned int **pins, unsigned int *num_pins)
{
	struct sim_gpio *sg = pinctrl_dev_get_drvdata(pctl);

	*pins = &sg->pctl_desc.pins[sel].number;
	*num_pins = 1;
	return 0;
}

static void sim_pctl_free_map(struct pinctrl_dev *pctl, struct pinctrl_map *maps,
			      unsigned int num_maps)
{
	unsigned int i;

	for (i = 0; i < num_maps; i++)
		if (maps[i].type == PIN_MAP_TYPE_CONFIGS_PIN)
			kfree(maps[i].data.configs.configs);
	kfree(maps);
}

static int sim_pctl_pull_config(u32 pull, unsigned long *config)
{
	switch (pull) {
	case SIM_PULL_NONE:
		*config = pinconf_to_config_packed(PIN_CONFIG_BIAS_DISABLE, 0);
		return 0;
	case SIM_PULL_DOWN:
		*config = pinconf_to_config_packed(PIN_CONFIG_BIAS_PULL_DOWN, 1);
		return 0;
	case SIM_PULL_UP:
		*config = pinconf_to_config_packed(PIN_CONFIG_BIAS_PULL_UP, 1);
		return 0;
	default:
		return -EINVAL;
	}
}

static int sim_pctl_dt_node_to_map(struct pinctrl_dev *pctl, struct device_node *np,
				   struct pinctrl_map **map, unsigned int *num_maps)
{
	struct sim_gpio *sg = pinctrl_dev_get_drvdata(pctl);
	int num_pins, num_funcs, num_pulls, maps_per_pin;
	struct pinctrl_map *maps, *m;
	u32 pin, func, pull;
	unsigned long *cfg;
	int i, ret;

	num_pins = of_property_count_u32_elems(np, "brcm,pins");
	if (num_pins <= 0) {
		dev_err(sg->dev, "%pOF: no brcm,pins\n", np);
		return -EINVAL;
	}
	num_funcs = max(of_property_count_u32_elems(np, "brcm,function"), 0);
	num_pulls = max(of_property_count_u32_elems(np, "brcm,pull"), 0);
	if ((num_funcs > 1 && num_funcs != num_pins) ||
	    (num_pulls > 1 && num_pulls != num_pins) || (!num_funcs && !num_pulls)) {
		dev_err(sg->dev, "%pOF: brcm,function/brcm,pull do not match brcm,pins\n", np);
		return -EINVAL;
	}
	maps_per_pin = !!num_funcs + !!num_pulls;
	maps = kcalloc(num_pins * maps_per_pin, sizeof(*maps), GFP_KERNEL);
	if (!maps)
		return -ENOMEM;
	m = maps;
	for (i = 0; i < num_pins; i++) {
		ret = of_property_read_u32_index(np, "brcm,pins", i, &pin);
		if (ret || pin >= SIM_NGPIO) {
			ret = -EINVAL;
			goto err;
		}
		if (num_funcs) {
			ret = of_property_read_u32_index(np, "brcm,function",
							 num_funcs > 1 ? i : 0, &func);
			if (ret || func >= SIM_NFUNCS) {
				ret = -EINVAL;
				goto err;
			}
			m->type = PIN_MAP_TYPE_MUX_GROUP;
			m->data.mux.group = sg->pctl_desc.pins[pin].name;
			m->data.mux.function = sim_func_names[func];
			m++;
		}
		if (num_pulls) {
			ret = of_property_read_u32_index(np, "brcm,pull",
							 num_pulls > 1 ? i : 0, &pull);
			if (ret)
				goto err;
			cfg = kmalloc(sizeof(*cfg), GFP_KERNEL);
			if (!cfg) {
				ret = -ENOMEM;
				goto err;
			}
			m->type = PIN_MAP_TYPE_CONFIGS_PIN;
			m->data.configs.group_or_pin = sg->pctl_desc.pins[pin].name;
			m->data.configs.configs = cfg;
			m->data.configs.num_configs = 1;
			m++;
			ret = sim_pctl_pull_config(pull, cfg);
			if (ret)
				goto err;
		}
	}
	*map = maps;
	*num_maps = num_pins * maps_per_pin;
	return 0;
err:
	dev_err(sg->dev, "%pOF: invalid pin configuration\n", np);
	sim_pctl_free_map(pctl, maps, m - maps);
	return ret;
}

static const struct pinctrl_ops sim_pctl_ops = {
	.get_groups_count = sim_pctl_groups_count,
	.get_group_name = sim_pctl_group_name,
	.get_group_pins = sim_pctl_group_pins,
	.dt_node_to_map = sim_pctl_dt_node_to_map,
	.dt_free_map = sim_pctl_free_map,
};

static int sim_pmx_functions_count(struct pinctrl_dev *pctl)
{
	return SIM_NFUNCS;
}

static const char *sim_pmx_function_name(struct pinctrl_dev *pctl, unsigned int sel)
{
	return sim_func_names[sel];
}

static int sim_pmx_function_groups(struct pinctrl_dev *pctl, unsigned int sel,
				   const char * const **groups, unsigned int *num_groups)
{
	struct sim_gpio *sg = pinctrl_dev_get_drvdata(pctl);

	/* Every pin can take every function, as on the BCM2835. */
	*groups = sg->group_names;
	*num_groups = SIM_NGPIO;
	return 0;
}

static int sim_pmx_set_mux(struct pinctrl_dev *pctl, unsigned int func, unsigned int group)
{
	struct sim_gpio *sg = pinctrl_dev_get_drvdata(pctl);

	sim_gpio_set_function(sg, group, func);
	return 0;
}

static const struct pinmux_ops sim_pmx_ops = {
	.get_functions_count = sim_pmx_functions_count,
	.get_function_name = sim_pmx_function_name,
	.get_function_groups = sim_pmx_function_groups,
	.set_mux = sim_pmx_set_mux,
};

static int sim_pconf_get(struct pinctrl_dev *pctl, unsigned int pin, unsigned long *config)
{
	struct sim_gpio *sg = pinctrl_dev_get_drvdata(pctl);
	enum pin_config_param param = pinconf_to_config_param(*config);
	enum sim_pull pull = sim_gpio_pull(sg, pin);

	switch (param) {
	case PIN_CONFIG_BIAS_DISABLE:
		if (pull != SIM_PULL_NONE)
			return -EINVAL;
		break;
	case PIN_CONFIG_BIAS_PULL_DOWN:
		if (pull != SIM_PULL_DOWN)
			return -EINVAL;
		break;
	case PIN_CONFIG_BIAS_PULL_UP:
		if (pull != SIM_PULL_UP)
			return -EINVAL;
		break;
	default:
		return -ENOTSUPP;
	}
	*config = pinconf_to_config_packed(param, 1);
	return 0;
}

static int sim_pconf_set(struct pinctrl_dev *pctl, unsigned int pin,
			 unsigned long *configs, unsigned int num_configs)
{
	struct sim_gpio *sg = pinctrl_dev_get_drvdata(pctl);
	unsigned int i;

	for (i = 0; i < num_configs; i++) {
		switch (pinconf_to_config_param(configs[i])) {
		case PIN_CONFIG_BIAS_DISABLE:
			sim_gpio_set_pull(sg, pin, SIM_PULL_NONE);
			break;
		case PIN_CONFIG_BIAS_PULL_DOWN:
			sim_gpio_set_pull(sg, pin, SIM_PULL_DOWN);
			break;
		case PIN_CONFIG_BIAS_PULL_UP:
			sim_gpio_set_pull(sg, pin, SIM_PULL_UP);
			break;
		default:
			return -ENOTSUPP;
		}
	}
	return 0;
}

static const struct pinconf_ops sim_pconf_ops = {
	.pin_config_get = sim_pconf_get,
	.pin_config_set = sim_pconf_set,
};

int sim_pinctrl_register(struct sim_gpio *sg)
{
	struct pinctrl_pin_desc *pins;
	unsigned int i;

	pins = devm_kcalloc(sg->dev, SIM_NGPIO, sizeof(*pins), GFP_KERNEL);
	if (!pins)
		return -ENOMEM;
	for (i = 0; i < SIM_NGPIO; i++) {
		pins[i].number = i;
		pins[i].name = devm_kasprintf(sg->dev, GFP_KERNEL, "gpio%u", i);
		if (!pins[i].name)
			return -ENOMEM;
		sg->group_names[i] = pins[i].name;
	}
	sg->pctl_desc.name = "pibmc-sim-pinctrl";
	sg->pctl_desc.pins = pins;
	sg->pctl_desc.npins = SIM_NGPIO;
	sg->pctl_desc.pctlops = &sim_pctl_ops;
	sg->pctl_desc.pmxops = &sim_pmx_ops;
	sg->pctl_desc.confops = &sim_pconf_ops;
	sg->pctl_desc.owner = THIS_MODULE;

	sg->pctl = devm_pinctrl_register(sg->dev, &sg->pctl_desc, sg);
	if (IS_ERR(sg->pctl))
		return dev_err_probe(sg->dev, PTR_ERR(sg->pctl),
				     "cannot register the pin controller\n");
	return 0;
}
