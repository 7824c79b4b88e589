# SPDX-License-Identifier: GPL-2.0
# pibmc's command line and output (userspace/cli), and libpibmc's parsers
# of the family's messages (userspace/lib), compiled natively.
UNIT_TESTS += $(TOUT)/test_cli_args $(TOUT)/test_cli_output $(TOUT)/test_cli_lib

$(TOUT)/tests/unit/test_cli_%.o: TEST_CFLAGS += -Iinclude/uapi

$(TOUT)/test_cli_args: $(TOUT)/tests/unit/test_cli_args.o $(TOUT)/userspace/cli/args.o \
		$(TOUT)/userspace/cli/confirm.o
	gcc $(TEST_LDFLAGS) -o $@ $^ -lcmocka

$(TOUT)/test_cli_output: $(TOUT)/tests/unit/test_cli_output.o $(TOUT)/tests/unit/run_capture.o \
		$(TOUT)/userspace/cli/output.o $(TOUT)/userspace/cli/json.o \
		$(TOUT)/userspace/lib/names.o
	gcc $(TEST_LDFLAGS) -o $@ $^ -lcmocka

$(TOUT)/test_cli_lib: $(TOUT)/tests/unit/test_cli_lib.o $(TOUT)/userspace/lib/ctx.o \
		$(TOUT)/userspace/lib/parse.o $(TOUT)/userspace/lib/names.o
	gcc $(TEST_LDFLAGS) -o $@ $^ -lmnl -lcmocka

# The bash completion, run in bash.
UNIT_TESTS += $(TOUT)/test_cli_completion
$(TOUT)/tests/unit/test_cli_completion.o: TEST_CFLAGS += \
	-DCOMPLETION='"$(abspath userspace/cli/pibmc.bash-completion)"'

$(TOUT)/test_cli_completion: $(TOUT)/tests/unit/test_cli_completion.o \
		$(TOUT)/tests/unit/run_capture.o
	gcc $(TEST_LDFLAGS) -o $@ $^ -lcmocka
