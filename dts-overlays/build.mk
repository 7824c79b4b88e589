# SPDX-License-Identifier: GPL-2.0
# dts-overlays/NAME-overlay.dts -> build/overlays/NAME.dtbo, the file name the
# Raspberry Pi firmware looks up for `dtoverlay=NAME`.
OVERLAY_SRCS := $(wildcard dts-overlays/*-overlay.dts)
OVERLAYS += $(patsubst dts-overlays/%-overlay.dts,$(BUILD)/overlays/%.dtbo,$(OVERLAY_SRCS))

$(BUILD)/overlays/%.dtbo: dts-overlays/%-overlay.dts
	@mkdir -p $(dir $@)
	$(DTC) -@ -q -I dts -O dtb -o $@ $<
