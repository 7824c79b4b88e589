# SPDX-License-Identifier: GPL-2.0
# libpibmc, the client library of the netlink family (userspace/lib/pibmc.h),
# a static library for the CLI and the daemon: link $(UOUT)/lib/libpibmc.a
# (by path: the fragments are read in name order) and -lmnl.
# Its users include "lib/pibmc.h", which includes the uapi header as
# <linux/pibmc.h>: every userspace object gets -Iinclude/uapi.
AR := $(CROSS_COMPILE)ar
PIBMC_LIB_SRCS := ctx.c parse.c ops.c events.c names.c
PIBMC_LIB_OBJS := $(addprefix $(UOUT)/userspace/lib/,$(PIBMC_LIB_SRCS:.c=.o))
PIBMC_LIB := $(UOUT)/lib/libpibmc.a
USER_PROGS += $(PIBMC_LIB)

$(UOUT)/userspace/%.o: CFLAGS += -Iinclude/uapi
$(TOUT)/userspace/%.o: TEST_CFLAGS += -Iinclude/uapi

$(PIBMC_LIB): $(PIBMC_LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^
