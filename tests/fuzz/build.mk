# SPDX-License-Identifier: GPL-2.0
# libFuzzer harnesses of the userspace parsers (tests/fuzz/README.md), built
# natively with clang-14 whatever CROSS_COMPILE says: `make fuzz` builds
# them into build/fuzz/, tests/fuzz/run runs them.
FUZZ_CC ?= clang-14
FOUT := $(BUILD)/fuzz
FUZZ_SAN := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE -O1 -g -Wall -Wextra -Werror \
	-fno-omit-frame-pointer -Iinclude -Iinclude/uapi -Iuserspace
# The parsers themselves: instrumented for coverage, no main().
FUZZ_OBJ_FLAGS := $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=undefined

FUZZ_DAEMON := $(addprefix $(FOUT)/obj/userspace/daemon/,$(PIBMCD_CORE))
FUZZ_LIBP := $(FOUT)/obj/userspace/lib/parse.o $(FOUT)/obj/userspace/lib/names.o
FUZZ_CLI := $(FOUT)/obj/userspace/cli/args.o $(FOUT)/obj/userspace/cli/confirm.o \
	$(FOUT)/obj/userspace/lib/names.o
FUZZ_DTM := $(addprefix $(FOUT)/obj/userspace/dtmerge/,$(DTMERGE_LIB))

FUZZ_DAEMON_H := config temp_text prometheus http state
FUZZ_HARNESSES := $(FUZZ_DAEMON_H) netlink cli_args dtm_config dtm_override
FUZZERS := $(addprefix $(FOUT)/fuzz_,$(FUZZ_HARNESSES))

# Kept between builds (a pattern rule would delete them as intermediate).
.SECONDARY: $(FUZZ_DAEMON) $(FUZZ_LIBP) $(FUZZ_CLI) $(FUZZ_DTM)

.PHONY: fuzz print-fuzzers
fuzz: $(FUZZERS)

print-fuzzers:
	@echo $(FUZZ_HARNESSES)

$(FOUT)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_OBJ_FLAGS) -MMD -MP -c -o $@ $<

$(addprefix $(FOUT)/fuzz_,$(FUZZ_DAEMON_H)): $(FOUT)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_DAEMON)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -MMD -MP -o $@ $< $(FUZZ_DAEMON) -linih -lm

# The library's reply handling is static: the harness includes its sources.
$(FOUT)/fuzz_netlink: tests/fuzz/fuzz_netlink.c $(FUZZ_LIBP)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -MMD -MP -o $@ $< $(FUZZ_LIBP) -lmnl

$(FOUT)/fuzz_cli_args: tests/fuzz/fuzz_cli_args.c $(FUZZ_CLI)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -MMD -MP -o $@ $< $(FUZZ_CLI)

$(FOUT)/fuzz_dtm_%: tests/fuzz/fuzz_dtm_%.c $(FUZZ_DTM)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -MMD -MP -o $@ $< $(FUZZ_DTM) -lfdt

-include $(shell find $(FOUT) -type f -name '*.d' 2>/dev/null)
