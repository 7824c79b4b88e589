# SPDX-License-Identifier: GPL-2.0
# pibmc-nltest, the raw client of the netlink family that the VM tests use
# (tests/vm/netlink/): built with the userspace, for the guest too.
USER_PROGS += $(UOUT)/bin/pibmc-nltest

# The uapi header as userspace sees it installed: <linux/pibmc.h>.
$(UOUT)/tests/nl/%.o: CFLAGS += -Iinclude/uapi

$(UOUT)/bin/pibmc-nltest: $(UOUT)/tests/nl/pibmc-nltest.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ -lmnl

# pibmc-libtest, libpibmc's agent and fan owner for tests/vm/cli/05-lib.sh.
USER_PROGS += $(UOUT)/bin/pibmc-libtest

$(UOUT)/bin/pibmc-libtest: $(UOUT)/tests/nl/pibmc-libtest.o $(UOUT)/lib/libpibmc.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ -lmnl

# notify-listen, systemd's side of sd_notify for tests/vm/daemon/08-notify.sh.
USER_PROGS += $(UOUT)/bin/notify-listen

$(UOUT)/bin/notify-listen: $(UOUT)/tests/nl/notify-listen.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^

# pibmc-nlfuzz, the family's fuzzer (tests/vm/fuzz/).
USER_PROGS += $(UOUT)/bin/pibmc-nlfuzz

$(UOUT)/bin/pibmc-nlfuzz: $(UOUT)/tests/nl/pibmc-nlfuzz.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ -lmnl

# dns-blackhole, a name server that never answers (tests/vm/faults/06-resolver.sh).
USER_PROGS += $(UOUT)/bin/dns-blackhole

$(UOUT)/bin/dns-blackhole: $(UOUT)/tests/nl/dns-blackhole.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^
