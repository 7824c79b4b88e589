# SPDX-License-Identifier: GPL-2.0
# pibmc, the CLI, on libpibmc.  The objects its unit tests share
# (tests/unit/cli.mk): the command line and the output.
CLI_LIB := args.o confirm.o output.o json.o
CLI_OBJS := $(addprefix $(UOUT)/userspace/cli/,$(CLI_LIB) main.o status.o power.o monitor.o)
USER_PROGS += $(UOUT)/bin/pibmc

# libpibmc by path: the fragments are read in name order, lib/ after cli/.
$(UOUT)/bin/pibmc: $(CLI_OBJS) $(UOUT)/lib/libpibmc.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ -lmnl
