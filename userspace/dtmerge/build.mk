# SPDX-License-Identifier: GPL-2.0
# pibmc-dtmerge, the overlay tool.  A host tool: skipped when the compiler
# has no libfdt (libfdt-dev:arm64 is not co-installable with the host's).
DTMERGE_OBJS := $(addprefix $(UOUT)/userspace/dtmerge/,config.o override.o merge.o)
ifneq ($(filter /%,$(shell $(CC) -print-file-name=libfdt.so)),)
USER_PROGS += $(UOUT)/bin/pibmc-dtmerge
endif

$(UOUT)/bin/pibmc-dtmerge: $(DTMERGE_OBJS) $(UOUT)/userspace/dtmerge/main.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ -lfdt
