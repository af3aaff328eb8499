# SPDX-License-Identifier: MIT
# test-pair: both VMs run the bare-metal test guest (tests/guests), linked at each VM's RAM IPA.

TP_LAYOUT := vms/test-pair/layout.h
tp_addr = $(shell printf '%s\n' $(1) | $(HOSTCC) -E -P -include $(TP_LAYOUT) - | tail -n 1)
GUEST_OUT := $(OUT)/guests
GUEST_SRCS := $(wildcard tests/guests/*.c tests/guests/*.S tests/guests/*.h tests/guests/*.ld.S tests/guests/Makefile) \
	$(wildcard vms/test-pair/*.h)

$(GUEST_OUT)/%.bin: $(GUEST_SRCS)
	@mkdir -p $(@D)
	$(Q)$(MAKE) --no-print-directory -C tests/guests O=$(abspath $(GUEST_OUT)) NAME=$* \
		LOAD=$(call tp_addr,$(if $(filter vpn,$*),TP_VPN_RAM_IPA,TP_APPS_RAM_IPA)) \
		SYSTEM_DIR=$(abspath vms/test-pair) TOP=$(abspath .)

PAYLOADS := vpn.kernel=$(GUEST_OUT)/vpn.bin apps.kernel=$(GUEST_OUT)/apps.bin
