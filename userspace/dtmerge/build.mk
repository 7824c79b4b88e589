# SPDX-License-Identifier: GPL-2.0
# pibmc-dtmerge, the overlay tool.  A host tool: skipped when the compiler
# has no libfdt (libfdt-dev:arm64 is not co-installable with the host's).
# The objects the tool and its unit tests share (tests/unit/dtmerge.mk).
DTMERGE_LIB := config.o value.o rename.o override.o merge.o
DTMERGE_OBJS := $(addprefix $(UOUT)/userspace/dtmerge/,$(DTMERGE_LIB))
ifneq ($(filter /%,$(shell $(CC) -print-file-name=libfdt.so)),)
USER_PROGS += $(UOUT)/bin/pibmc-dtmerge
endif

$(UOUT)/bin/pibmc-dtmerge: $(DTMERGE_OBJS) $(UOUT)/userspace/dtmerge/main.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ -lfdt
