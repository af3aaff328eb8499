# SPDX-License-Identifier: MIT
# vpnd, the VPN daemon of the vpn VM (vms/linux/vpnd/README.md), built twice from the same
# sources. Included by the top-level Makefile after crypto/mbedtls.mk, whose CRYPTO_VPND_*
# variables it uses (and CROSS, HOSTCC, WARNINGS, Q); others may include it too (once-only).
#
# For others:
#   VPND_BIN       build/linux/vpnd/vpnd: static-pie aarch64, stripped, for the vpn VM's initramfs
#   VPND_HOST_BIN  build/host/vpnd/vpnd: the build machine's, with ASan and UBSan, for tests/host
#   VPND_SRCS      the daemon's C sources
# Targets: vpnd (both binaries), vpnd-host, vpnd-check (cppcheck and clang-tidy; any finding fails),
# vpnd-paths (prints VPND_BIN, VPND_HOST_BIN and VPN_PKI, for the test runner).

ifndef SHOJI_VPND_MK
SHOJI_VPND_MK := 1

# What this needs, whoever includes it first: the daemon's mbedTLS, and the demo PKI the tests
# use whichever SYSTEM is being built (pki.mk guards against a second include).
ifndef CRYPTO_VPND_LIBS
include crypto/mbedtls.mk
endif
include vms/vpn-apps/pki.mk

VPND_DIR := vms/linux/vpnd
VPND_SRCS := $(addprefix $(VPND_DIR)/,main.c config.c value.c dtls.c tunnel.c tun.c packet.c backoff.c log.c sig.c)
VPND_HDRS := $(wildcard $(VPND_DIR)/*.h)
VPND_BIN := build/linux/vpnd/vpnd
VPND_HOST_BIN := build/host/vpnd/vpnd

# The daemon faces the network: the usual userspace hardening, PIE even though static (ASLR).
VPND_CFLAGS := -std=gnu11 $(WARNINGS) -O2 -g -fPIE -fstack-protector-strong -fstack-clash-protection \
	-D_FORTIFY_SOURCE=2 -fno-common -ffunction-sections -fdata-sections -I$(VPND_DIR) $(CRYPTO_VPND_CFLAGS)
VPND_LDFLAGS := -Wl,--gc-sections -Wl,-z,relro -Wl,-z,now -Wl,-z,noexecstack
VPND_SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
VPND_DEPS := $(VPND_SRCS) $(VPND_HDRS) $(MBEDTLS_STAMP) crypto/config-vpnd.h vms/linux/vpnd.mk

$(VPND_BIN): $(VPND_DEPS) $(CRYPTO_VPND_LIBS)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CROSS)gcc $(VPND_CFLAGS) -static-pie $(VPND_LDFLAGS) -s $(VPND_SRCS) $(CRYPTO_VPND_LIBS) -o $@

$(VPND_HOST_BIN): $(VPND_DEPS) $(CRYPTO_VPND_HOST_LIBS)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(VPND_CFLAGS) $(VPND_SANITIZE) -pie $(VPND_LDFLAGS) $(VPND_SRCS) $(CRYPTO_VPND_HOST_LIBS) -o $@

.PHONY: vpnd vpnd-host vpnd-check vpnd-paths
vpnd: $(VPND_BIN) $(VPND_HOST_BIN)
vpnd-host: $(VPND_HOST_BIN)
vpnd-paths:
	@echo '$(VPND_BIN) $(VPND_HOST_BIN) $(VPN_PKI)'

# Each file is checked as it is built: the daemon for aarch64, the unit tests for the host.
VPND_UNIT_SRCS = $(wildcard tests/unit/test_vpnd*.c)
vpnd-check: $(MBEDTLS_STAMP)
	$(Q)cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance --std=c11 \
		--inline-suppr --suppress=missingIncludeSystem -I$(VPND_DIR) $(VPND_SRCS) $(VPND_UNIT_SRCS)
	$(Q)clang-tidy --quiet --warnings-as-errors='*' $(VPND_SRCS) -- --target=aarch64-linux-gnu -std=gnu11 \
		-isystem /usr/aarch64-linux-gnu/include -I$(VPND_DIR) $(CRYPTO_VPND_CFLAGS)
	$(Q)clang-tidy --quiet --warnings-as-errors='*' $(VPND_UNIT_SRCS) -- -std=gnu11 -I$(VPND_DIR)

endif
