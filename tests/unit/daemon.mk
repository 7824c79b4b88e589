# SPDX-License-Identifier: GPL-2.0
# pibmcd's decisions and parsers (userspace/daemon/), natively, with the
# sanitizers: the curve and the control cycle, the configuration, the
# persistence, the readings.
PIBMCD_TEST_CORE := $(addprefix $(TOUT)/userspace/daemon/,$(PIBMCD_CORE))
UNIT_TESTS += $(TOUT)/test_pibmcd_control $(TOUT)/test_pibmcd_config \
	$(TOUT)/test_pibmcd_state $(TOUT)/test_pibmcd_reading $(TOUT)/test_pibmcd_proc \
	$(TOUT)/test_pibmcd_metrics $(TOUT)/test_pibmcd_http

$(TOUT)/test_pibmcd_%: $(TOUT)/tests/unit/test_pibmcd_%.o $(PIBMCD_TEST_CORE)
	gcc $(TEST_LDFLAGS) -o $@ $^ -linih -lcmocka -lm

# The child processes and the sources, run for real; the HTTP source
# against an exporter on the loopback.
$(TOUT)/test_pibmcd_proc $(TOUT)/test_pibmcd_http: $(TOUT)/test_pibmcd_%: \
		$(TOUT)/tests/unit/test_pibmcd_%.o $(PIBMCD_TEST_CORE) \
		$(addprefix $(TOUT)/userspace/daemon/,proc.o resolve.o source.o)
	gcc $(TEST_LDFLAGS) -o $@ $^ -linih -lcmocka -lm

# The example configuration shipped beside the daemon must parse.
$(TOUT)/tests/unit/test_pibmcd_config.o: TEST_CFLAGS += \
	-DEXAMPLE_CONF='"$(abspath userspace/daemon/pibmcd.conf.example)"'
