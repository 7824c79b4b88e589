# SPDX-License-Identifier: GPL-2.0
# The tach estimator: kernel/tach.c compiled natively, as the module has it.
UNIT_TESTS += $(TOUT)/test_tach

$(TOUT)/test_tach: $(TOUT)/tests/unit/test_tach.o $(TOUT)/kernel/tach.o
	gcc $(TEST_LDFLAGS) -o $@ $^ -lcmocka

# The traces captured in the emulated master (tests/vm/fan/capture.sh).
$(TOUT)/tests/unit/test_tach.o: TEST_CFLAGS += \
	-DTACH_FIXTURES='"$(abspath tests/unit/fixtures/tach)"'
