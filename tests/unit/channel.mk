# SPDX-License-Identifier: GPL-2.0
# The power channel's state machine: kernel/channel.c compiled natively, as
# the module has it.
UNIT_TESTS += $(TOUT)/test_channel

$(TOUT)/test_channel: $(TOUT)/tests/unit/test_channel.o $(TOUT)/kernel/channel.o
	gcc $(TEST_LDFLAGS) -o $@ $^ -lcmocka
