# SPDX-License-Identifier: GPL-2.0
# make install / make uninstall, with DESTDIR for packaging and staging.
#
# The module is installed as DKMS source (/usr/src/pibmc-VERSION), so it is
# rebuilt for every kernel the Pi upgrades to; `dkms install pibmc/VERSION`
# (done by the install target when dkms is there and DESTDIR is empty)
# builds and installs it for the running kernel.
#
# OVERLAYDIR: the firmware's overlays folder, /boot/firmware/overlays
# (Raspberry Pi OS bookworm, Debian) or /boot/overlays (older releases),
# whichever exists on this system; the first when staging.
PIBMC_VERSION := 0.1.0
PREFIX ?= /usr
SBINDIR ?= $(PREFIX)/sbin
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions
UNITDIR ?= /lib/systemd/system
SYSCONFDIR ?= /etc
DKMSDIR ?= /usr/src/pibmc-$(PIBMC_VERSION)
OVERLAYDIR ?= $(firstword $(wildcard /boot/firmware/overlays /boot/overlays) /boot/firmware/overlays)

INSTALL ?= install
DKMS_SRCS := Kbuild $(wildcard kernel/*.c kernel/*.h) kernel/Kbuild \
	include/uapi/linux/pibmc.h

.PHONY: install install-dkms install-overlays install-userspace uninstall

install: install-dkms install-overlays install-userspace
	@if [ -z "$(DESTDIR)" ] && command -v dkms >/dev/null; then \
		dkms install pibmc/$(PIBMC_VERSION); \
	elif [ -z "$(DESTDIR)" ]; then \
		echo "pibmc: dkms not found: apt install dkms, then dkms install pibmc/$(PIBMC_VERSION)"; \
	fi

install-dkms:
	@for f in $(DKMS_SRCS); do \
		$(INSTALL) -D -m 644 $$f $(DESTDIR)$(DKMSDIR)/$$f || exit; \
	done
	@mkdir -p $(BUILD)
	sed 's/@VERSION@/$(PIBMC_VERSION)/' dkms.conf.in >$(BUILD)/dkms.conf
	$(INSTALL) -D -m 644 $(BUILD)/dkms.conf $(DESTDIR)$(DKMSDIR)/dkms.conf

install-overlays: overlays
	$(INSTALL) -d $(DESTDIR)$(OVERLAYDIR)
	$(INSTALL) -m 644 $(OVERLAYS) $(DESTDIR)$(OVERLAYDIR)/

install-userspace: $(UOUT)/bin/pibmc $(UOUT)/bin/pibmcd
	$(INSTALL) -D -m 755 $(UOUT)/bin/pibmc $(DESTDIR)$(BINDIR)/pibmc
	$(INSTALL) -D -m 755 $(UOUT)/bin/pibmcd $(DESTDIR)$(SBINDIR)/pibmcd
	$(INSTALL) -D -m 644 userspace/cli/pibmc.1 $(DESTDIR)$(MANDIR)/man1/pibmc.1
	$(INSTALL) -D -m 644 userspace/daemon/pibmcd.8 $(DESTDIR)$(MANDIR)/man8/pibmcd.8
	$(INSTALL) -D -m 644 userspace/cli/pibmc.bash-completion \
		$(DESTDIR)$(COMPLETIONDIR)/pibmc
	$(INSTALL) -D -m 644 userspace/daemon/pibmcd.service \
		$(DESTDIR)$(UNITDIR)/pibmcd.service
	$(INSTALL) -D -m 644 userspace/pibmc-sensors.conf \
		$(DESTDIR)$(SYSCONFDIR)/sensors.d/pibmc.conf
	@# The configuration is the operator's: never overwritten.
	@if [ ! -e $(DESTDIR)$(SYSCONFDIR)/pibmc/pibmcd.conf ]; then \
		echo "$(INSTALL) -D -m 644 userspace/daemon/pibmcd.conf.example $(DESTDIR)$(SYSCONFDIR)/pibmc/pibmcd.conf"; \
		$(INSTALL) -D -m 644 userspace/daemon/pibmcd.conf.example \
			$(DESTDIR)$(SYSCONFDIR)/pibmc/pibmcd.conf; \
	fi

uninstall:
	@if [ -z "$(DESTDIR)" ] && command -v dkms >/dev/null && \
	    dkms status pibmc/$(PIBMC_VERSION) | grep -q .; then \
		dkms remove pibmc/$(PIBMC_VERSION) --all; \
	fi
	rm -rf $(DESTDIR)$(DKMSDIR)
	rm -f $(patsubst $(BUILD)/overlays/%,$(DESTDIR)$(OVERLAYDIR)/%,$(OVERLAYS))
	rm -f $(DESTDIR)$(BINDIR)/pibmc $(DESTDIR)$(SBINDIR)/pibmcd \
		$(DESTDIR)$(MANDIR)/man1/pibmc.1 $(DESTDIR)$(MANDIR)/man8/pibmcd.8 \
		$(DESTDIR)$(COMPLETIONDIR)/pibmc $(DESTDIR)$(UNITDIR)/pibmcd.service \
		$(DESTDIR)$(SYSCONFDIR)/sensors.d/pibmc.conf
	@echo "pibmc: $(SYSCONFDIR)/pibmc/pibmcd.conf and /var/lib/pibmc are kept"
