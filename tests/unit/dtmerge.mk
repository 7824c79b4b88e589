# SPDX-License-Identifier: GPL-2.0
DTM_FIX := $(TOUT)/fixtures/dtmerge
DTM_FIX_SRCS := $(wildcard tests/unit/fixtures/dtmerge/*-overlay.dts)
DTM_FIXTURES := $(DTM_FIX)/base.dtb \
	$(patsubst tests/unit/fixtures/dtmerge/%-overlay.dts,$(DTM_FIX)/%.dtbo,$(DTM_FIX_SRCS))
UNIT_TESTS += $(TOUT)/test_dtmerge

$(DTM_FIX)/base.dtb: tests/unit/fixtures/dtmerge/base.dts
	@mkdir -p $(dir $@)
	$(DTC) -q -@ -I dts -O dtb -o $@ $<

$(DTM_FIX)/%.dtbo: tests/unit/fixtures/dtmerge/%-overlay.dts
	@mkdir -p $(dir $@)
	$(DTC) -q -@ -I dts -O dtb -o $@ $<

$(TOUT)/tests/unit/test_dtmerge.o: TEST_CFLAGS += -DFIXTURES='"$(abspath $(DTM_FIX))"'

$(TOUT)/test_dtmerge: $(TOUT)/tests/unit/test_dtmerge.o \
		$(addprefix $(TOUT)/userspace/dtmerge/,$(DTMERGE_LIB)) \
		| $(DTM_FIXTURES)
	gcc $(TEST_LDFLAGS) -o $@ $^ -lfdt -lcmocka
