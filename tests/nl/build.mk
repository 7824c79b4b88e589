# SPDX-License-Identifier: GPL-2.0
# pibmc-nltest, the raw client of the netlink family that the VM tests use
# (tests/vm/netlink/): built with the userspace, for the guest too.
USER_PROGS += $(UOUT)/bin/pibmc-nltest

# The uapi header as userspace sees it installed: <linux/pibmc.h>.
$(UOUT)/tests/nl/pibmc-nltest.o: CFLAGS += -Iinclude/uapi

$(UOUT)/bin/pibmc-nltest: $(UOUT)/tests/nl/pibmc-nltest.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ -lmnl

# pibmc-nlfuzz, the family's fuzzer (tests/vm/fuzz/).
USER_PROGS += $(UOUT)/bin/pibmc-nlfuzz
$(UOUT)/tests/nl/pibmc-nlfuzz.o: CFLAGS += -Iinclude/uapi

$(UOUT)/bin/pibmc-nlfuzz: $(UOUT)/tests/nl/pibmc-nlfuzz.o
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $^ -lmnl
