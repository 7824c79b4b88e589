# SPDX-License-Identifier: GPL-2.0
# libpibmc's events socket (userspace/lib/events.c): the controller's
# notifications of a module reloaded, compiled natively.
UNIT_TESTS += $(TOUT)/test_lib_events

$(TOUT)/tests/unit/test_lib_%.o: TEST_CFLAGS += -Iinclude/uapi

$(TOUT)/test_lib_events: $(TOUT)/tests/unit/test_lib_events.o \
		$(TOUT)/userspace/lib/events.o $(TOUT)/userspace/lib/ctx.o \
		$(TOUT)/userspace/lib/parse.o
	gcc $(TEST_LDFLAGS) -o $@ $^ -lmnl -lcmocka
