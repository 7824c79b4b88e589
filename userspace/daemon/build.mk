# SPDX-License-Identifier: GPL-2.0
# pibmcd, the policy daemon.  PIBMCD_CORE is what the unit tests link too
# (tests/unit/daemon.mk): the decisions and the parsers, no netlink.
PIBMCD_CORE := util.o log.o curve.o control.o stall.o config.o state.o reading.o metrics.o
PIBMCD_IO := proc.o resolve.o source.o agent.o daemon.o main.o
USER_PROGS += $(UOUT)/bin/pibmcd

# userspace/lib/build.mk comes after this file: its archive by name.
$(UOUT)/bin/pibmcd: $(addprefix $(UOUT)/userspace/daemon/,$(PIBMCD_CORE) $(PIBMCD_IO)) \
		$(UOUT)/lib/libpibmc.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ -linih -lsystemd -lmnl -lm
