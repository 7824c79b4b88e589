# SPDX-License-Identifier: GPL-2.0
#
# pibmc: `make` builds the kernel module for the running kernel, the
# userspace and the device-tree overlays.  Kernel developers' variables work
# as usual: make KDIR=... ARCH=... CROSS_COMPILE=...
#
#   make              module + userspace + overlays
#   make modules      the module only (KDIR, ARCH, CROSS_COMPILE, W=1)
#   make userspace    pibmc, pibmcd and the tools (CROSS_COMPILE for arm64)
#   make overlays     dts-overlays/*.dts -> build/overlays/*.dtbo
#   make cross        W=1 compile check: arm64 6.1 + 6.12, armhf 6.1, amd64
#   make check        everything the CI runs (installs deps first)
#   make check-debug  the VM suite on the debug kernel (scripts/debug-kernel)
#   make demo         the whole system on the emulated master, with a picture
#   make bench        pibmc against its peers: bench/RESULTS.md
#   make fuzz         the parsers' libFuzzer harnesses (tests/fuzz/run runs them)
#   make shell        a root shell on the emulated master (SERIES=6.1|6.12|debug)
#   make clean

KDIR ?= /lib/modules/$(shell uname -r)/build
BUILD ?= build
DTC ?= dtc

# Userspace: the compiler follows CROSS_COMPILE like the kernel's does.
CC := $(CROSS_COMPILE)gcc
USER_TRIPLET := $(shell $(CC) -dumpmachine 2>/dev/null)
UOUT := $(BUILD)/$(USER_TRIPLET)
CFLAGS ?= -O2 -g
CFLAGS += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow \
	  -Wstrict-prototypes -Wmissing-prototypes -Iinclude -Iuserspace
LDFLAGS ?=

# The unit tests: native, with the sanitizers.
TOUT := $(BUILD)/test
TEST_CFLAGS := -std=c11 -D_GNU_SOURCE -O1 -g -Wall -Wextra -Werror \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -Iinclude -Iuserspace -Ikernel
TEST_LDFLAGS := -fsanitize=address,undefined

.PHONY: all modules userspace overlays cross check check-debug demo bench shell unit-tests clean help print-unit-tests
all: modules userspace overlays

modules:
	@if [ ! -f "$(KDIR)/Makefile" ]; then \
		echo "pibmc: no kernel headers at $(KDIR)" >&2; \
		echo "pibmc: install linux-headers-$$(uname -r) (or raspberrypi-kernel-headers)," \
		     "or pass KDIR=/path/to/headers" >&2; \
		exit 1; \
	fi
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

# Each part of the tree adds its programs and tests in its own fragment.
USER_PROGS :=
UNIT_TESTS :=
OVERLAYS :=
-include $(sort $(wildcard userspace/*/build.mk))
-include dts-overlays/build.mk
-include tests/nl/build.mk
-include $(sort $(wildcard tests/unit/*.mk))
-include tests/fuzz/build.mk
include install.mk

userspace: $(USER_PROGS)
overlays: $(OVERLAYS)
unit-tests: $(UNIT_TESTS)

$(UOUT)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(TOUT)/%.o: %.c
	@mkdir -p $(dir $@)
	gcc $(TEST_CFLAGS) -MMD -MP -c -o $@ $<

-include $(shell find $(UOUT) $(TOUT) -type f -name '*.d' 2>/dev/null)

cross:
	scripts/kbuild --all W=1

check:
	tests/check

# KASAN, lockdep, kmemleak: builds the debug kernel first (some 10 minutes the
# first time, then only when scripts/debug-kernel.config changes).
check-debug:
	scripts/deps
	scripts/debug-kernel
	PIBMC_SERIES=debug PIBMC_VM_ONLY=1 tests/check

demo:
	scripts/demo/run

bench:
	bench/run

# An interactive shell on the emulated master (SERIES=6.1 for the 6.1 kernel).
SERIES ?= 6.12
# The demo's guest: the case's overlays from scripts/demo/config.txt.
SHELL_CONFIG ?= scripts/demo/config.txt
shell:
	scripts/deps
	$(MAKE) -s userspace overlays
	scripts/vm-run --shell --kernel $(SERIES) --config $(SHELL_CONFIG)

clean:
	rm -rf $(BUILD)
	@if [ -f "$(KDIR)/Makefile" ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi

help:
	@sed -n '3,/^$$/s/^# \{0,1\}//p' Makefile

print-unit-tests:
	@echo $(UNIT_TESTS)
