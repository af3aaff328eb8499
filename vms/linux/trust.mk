# SPDX-License-Identifier: MIT
# The guest side of Shoji's trust calls (vms/linux/shoji-trust/): the trust driver, an
# out-of-tree module built exactly as the channel driver is (chan.mk: Debian's headers for
# the pinned kernel, unpacked once, never installed; -Werror; vermagic checked), and the
# shoji-trust tool, a static aarch64 program on the VPN daemon's mbedTLS (crypto/mbedtls.mk).
# `make trust-guest` builds both.

ifndef SHOJI_TRUST_MK
SHOJI_TRUST_MK := 1
include vms/linux/chan.mk

# When a system's linux.mk is used on its own (make -f vms/vpn-apps/linux.mk, as
# tests/linux/native_boot.py does), the top-level Makefile's settings are missing; these are
# the ones mbedtls.mk and the tool need, as the Makefile has them (its own win when it includes us).
CROSS ?= aarch64-linux-gnu-
HOSTCC ?= gcc
WARNINGS ?= -Wall -Wextra -Werror -Wconversion -Wsign-conversion -Wshadow -Wvla -Wmissing-prototypes
include crypto/mbedtls.mk

TRUST_SRC := vms/linux/shoji-trust
TRUST_OUT := $(LINUX_OUT)/shoji-trust
TRUST_KSRCS := $(addprefix $(TRUST_SRC)/,Kbuild shoji_trust.c shoji_trust.h)
SHOJI_TRUST_KO := $(TRUST_OUT)/shoji_trust.ko
SHOJI_TRUST_TOOL := $(LINUX_OUT)/shoji-trust-tool/shoji-trust

# Built as chan.mk builds shoji_chan.ko (its build_kmod: kbuild in a clean environment, debug info
# stripped, the stock modules' vermagic checked).
$(SHOJI_TRUST_KO): $(TRUST_KSRCS) include/shoji/abi.h include/shoji/seal.h $(CHAN_HDR_ROOT)/.unpacked \
		$(LINUX_TREE)/.unpacked vms/linux/trust.mk vms/linux/chan.mk
	$(call build_kmod,$(TRUST_OUT),$(TRUST_KSRCS))

# The tool: static (the initramfs has no libc for it), the daemon's hardening flags, and the blob
# format and hex code the host tools use (tools/seal/blob.c, tools/common/hexkey.c).
TRUST_TOOL_SRCS := $(TRUST_SRC)/cli/main.c $(TRUST_SRC)/cli/dev.c tools/seal/blob.c tools/common/hexkey.c
TRUST_TOOL_HDRS := $(TRUST_SRC)/cli/dev.h $(TRUST_SRC)/shoji_trust.h tools/seal/blob.h tools/common/hexkey.h \
	include/shoji/seal.h include/shoji/attest.h include/shoji/types.h crypto/config-vpnd.h
$(SHOJI_TRUST_TOOL): $(TRUST_TOOL_SRCS) $(TRUST_TOOL_HDRS) $(CRYPTO_VPND_LIBS) $(MBEDTLS_STAMP) vms/linux/trust.mk
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CRYPTO_VPND_CC) $(CRYPTO_VPND_BASE) $(WARNINGS) -Iinclude -I$(TRUST_SRC) -Itools/seal -Itools/common \
		$(CRYPTO_VPND_CFLAGS) -static-pie -s -Wl,--gc-sections -Wl,-z,relro -Wl,-z,now $(TRUST_TOOL_SRCS) $(CRYPTO_VPND_LIBS) -o $@.tmp
	$(Q)if $(CROSS)readelf -l $@.tmp | grep -q INTERP; then echo "$@: not static" >&2; rm -f $@.tmp; exit 1; fi
	$(Q)mv $@.tmp $@

.PHONY: trust-guest
trust-guest: $(SHOJI_TRUST_KO) $(SHOJI_TRUST_TOOL)

endif
