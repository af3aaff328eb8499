# SPDX-License-Identifier: MIT
# mbedTLS 2.28 from Debian's source package, built four ways (the daemon's twice), each with
# its own config header and object directory (crypto/README.md). Included by the top-level Makefile,
# whose CROSS, HOSTCC, WARNINGS and Q it uses.
#
# For others:
#   MBEDTLS_INC          mbedTLS's public headers (only crypto/crypto.c, the VPN daemon and
#                        host tools include them; use -isystem so our warnings skip them)
#   CRYPTO_HYP_LIB       build/crypto/hyp/libmbedcrypto.a: freestanding, for EL2
#   CRYPTO_HYP_OBJS      crypto/crypto.c and crypto/shim.c built for EL2 (the interface, crypto/crypto.h)
#   CRYPTO_HOST_LIB      build/crypto/host/libmbedcrypto.a: same config, for host tests and tools
#   CRYPTO_HOST_CFLAGS   what a host program compiling crypto/crypto.c needs
#   CRYPTO_VPND_LIBS     build/crypto/vpnd/lib{mbedtls,mbedx509,mbedcrypto}.a, link order
#   CRYPTO_VPND_CFLAGS   what the VPN daemon's sources need to include mbedTLS
#   CRYPTO_VPND_HOST_LIBS the same three libraries and config built with HOSTCC, for the daemon's host
#                        build that tests/host runs (vms/linux/vpnd.mk)
# Targets: crypto-hyp, crypto-host, crypto-vpnd (each builds and checks its variant), crypto-vpnd-host, crypto-size,
# crypto-check (cppcheck and clang-tidy on our crypto sources, as `make check` does for hyp/).
# Included by the top-level Makefile and by makefiles that link against it (vms/linux/trust.mk): once.

ifndef SHOJI_MBEDTLS_MK
SHOJI_MBEDTLS_MK := 1

MBEDTLS_CACHE := build/cache/src
MBEDTLS_SRC := $(MBEDTLS_CACHE)/mbedtls
MBEDTLS_STAMP := $(MBEDTLS_SRC)/.shoji-version
MBEDTLS_INC := $(MBEDTLS_SRC)/include
CRYPTO_OUT := build/crypto

# library/<module>.c, listed rather than globbed: what reaches EL2 is read here, and the
# listed files cannot grow a dependency on net_sockets, timing, entropy_poll or files.
CRYPTO_HYP_MODULES := \
	sha256 md hkdf hmac_drbg \
	bignum ecp ecp_curves ecdsa asn1parse asn1write \
	chacha20 poly1305 chachapoly \
	constant_time platform platform_util memory_buffer_alloc
CRYPTO_VPND_CRYPTO_MODULES := \
	aes gcm chacha20 poly1305 chachapoly cipher cipher_wrap \
	md sha256 sha512 hmac_drbg ctr_drbg entropy entropy_poll \
	bignum ecp ecp_curves ecdh ecdsa pk pk_wrap pkparse \
	asn1parse asn1write oid base64 pem \
	constant_time platform platform_util error version timing
CRYPTO_VPND_X509_MODULES := x509 x509_crt
CRYPTO_VPND_TLS_MODULES := debug net_sockets ssl_ciphersuites ssl_cli ssl_msg ssl_tls

# ---- flags ----
# The hypervisor's ABI-relevant flags (HYP_CFLAGS), with the Armv8.0-A baseline instead of the
# board's -mcpu so one library serves every board; -nostdinc so no libc header can leak in
# (crypto/freestanding/ is the whole libc it sees, searched after GCC's own headers).
CRYPTO_HYP_CC := $(CROSS)gcc
CRYPTO_HYP_ABI := -march=armv8-a -ffreestanding -nostdlib -mgeneral-regs-only -mstrict-align -mno-outline-atomics \
	-fno-pic -fno-pie -fno-stack-protector -fno-common -fno-builtin
CRYPTO_HYP_INC := -nostdinc -isystem $(shell $(CRYPTO_HYP_CC) -print-file-name=include) -idirafter crypto/freestanding
CRYPTO_HYP_BASE := -std=c11 -O2 -g $(CRYPTO_HYP_ABI) -ffunction-sections -fdata-sections $(CRYPTO_HYP_INC)
CRYPTO_HOST_BASE := -std=c11 -O2 -g -ffunction-sections -fdata-sections
# The daemon faces the network: the usual userspace hardening.
CRYPTO_VPND_CC := $(CROSS)gcc
CRYPTO_VPND_BASE := -std=gnu11 -O2 -ffunction-sections -fdata-sections -fstack-protector-strong -D_FORTIFY_SOURCE=2

# Third-party code gets its own project's warning set (-Wall -Wextra), not ours.
MBEDTLS_FLAGS = -Wall -Wextra -Werror -I$(MBEDTLS_INC) -Icrypto -DMBEDTLS_CONFIG_FILE='"config-$(1).h"' -MMD -MP
CRYPTO_HYP_CFLAGS := -isystem $(MBEDTLS_INC) -Icrypto -DMBEDTLS_CONFIG_FILE='"config-hyp.h"'
CRYPTO_HOST_CFLAGS := $(CRYPTO_HYP_CFLAGS)
CRYPTO_VPND_CFLAGS := -isystem $(MBEDTLS_INC) -Icrypto -DMBEDTLS_CONFIG_FILE='"config-vpnd.h"'

CRYPTO_HYP_LIB := $(CRYPTO_OUT)/hyp/libmbedcrypto.a
CRYPTO_HYP_OBJS := $(CRYPTO_OUT)/hyp/crypto.o $(CRYPTO_OUT)/hyp/shim.o
CRYPTO_HOST_LIB := $(CRYPTO_OUT)/host/libmbedcrypto.a
CRYPTO_VPND_LIBS := $(CRYPTO_OUT)/vpnd/libmbedtls.a $(CRYPTO_OUT)/vpnd/libmbedx509.a $(CRYPTO_OUT)/vpnd/libmbedcrypto.a
CRYPTO_VPND_HOST_LIBS := $(subst /vpnd/,/vpnd-host/,$(CRYPTO_VPND_LIBS))

crypto_objs = $(patsubst %,$(CRYPTO_OUT)/$(1)/obj/%.o,$(2))

.PHONY: crypto-hyp crypto-host crypto-vpnd crypto-vpnd-host crypto-size crypto-check

# ---- the source, fetched and unpacked once (scripts/fetch-mbedtls-source.sh) ----
$(MBEDTLS_STAMP):
	$(Q)sh scripts/fetch-mbedtls-source.sh -d $(MBEDTLS_CACHE)
# The sources appear with the stamp, which every object also depends on (so a new Debian
# version rebuilds everything, whatever its files' mtimes); this empty rule only keeps make
# from stopping at a missing source before the stamp's recipe has run.
CRYPTO_ALL_MODULES := $(sort $(CRYPTO_HYP_MODULES) $(CRYPTO_VPND_CRYPTO_MODULES) $(CRYPTO_VPND_X509_MODULES) \
	$(CRYPTO_VPND_TLS_MODULES))
$(patsubst %,$(MBEDTLS_SRC)/library/%.c,$(CRYPTO_ALL_MODULES)): ;

# $(1) variant, $(2) module list, $(3) compiler, $(4) flags, $(5) config name. Static pattern
# rules: only the listed objects can be made, so make never chains its built-in rules through here.
define crypto_variant
$(call crypto_objs,$(1),$(2)): $(CRYPTO_OUT)/$(1)/obj/%.o: $(MBEDTLS_SRC)/library/%.c $(MBEDTLS_STAMP) crypto/config-$(5).h
	@mkdir -p $$(@D)
	@echo "  CC      mbedtls/$$*.c [$(1)]"
	$(Q)$(3) $(4) $(call MBEDTLS_FLAGS,$(5)) -c $$< -o $$@
endef
CRYPTO_VPND_MODULES := $(CRYPTO_VPND_CRYPTO_MODULES) $(CRYPTO_VPND_X509_MODULES) $(CRYPTO_VPND_TLS_MODULES)
$(eval $(call crypto_variant,hyp,$(CRYPTO_HYP_MODULES),$(CRYPTO_HYP_CC),$(CRYPTO_HYP_BASE) -fstack-usage,hyp))
$(eval $(call crypto_variant,host,$(CRYPTO_HYP_MODULES),$(HOSTCC),$(CRYPTO_HOST_BASE),hyp))
$(eval $(call crypto_variant,vpnd,$(CRYPTO_VPND_MODULES),$(CRYPTO_VPND_CC),$(CRYPTO_VPND_BASE),vpnd))
$(eval $(call crypto_variant,vpnd-host,$(CRYPTO_VPND_MODULES),$(HOSTCC),$(CRYPTO_VPND_BASE),vpnd))

# ---- hypervisor: the library, our interface, and the undefined-symbol gate ----
$(CRYPTO_HYP_OBJS): $(CRYPTO_OUT)/hyp/%.o: crypto/%.c $(MBEDTLS_STAMP) crypto/config-hyp.h
	@mkdir -p $(@D)
	@echo "  CC      $< [hyp]"
	$(Q)$(CRYPTO_HYP_CC) $(CRYPTO_HYP_BASE) -fstack-usage $(WARNINGS) $(CRYPTO_HYP_CFLAGS) -MMD -MP -c $< -o $@

# The archive exists only if everything it and our objects leave undefined is on the allowlist.
$(CRYPTO_HYP_LIB): $(call crypto_objs,hyp,$(CRYPTO_HYP_MODULES)) $(CRYPTO_HYP_OBJS) \
		crypto/check-undefined.sh crypto/undefined-hyp.txt
	@echo "  AR      $@"
	$(Q)rm -f $@ && $(CROSS)ar rcD $@ $(filter $(CRYPTO_OUT)/hyp/obj/%.o,$^)
	$(Q)sh crypto/check-undefined.sh $(CROSS)nm crypto/undefined-hyp.txt $@ $(CRYPTO_HYP_OBJS) || { rm -f $@; false; }

# A freestanding program that calls every crypto_* function, linked the way the hypervisor
# links (no libc; memcpy and friends from hyp/lib/string.c), with and without --gc-sections.
CRYPTO_LINK_CHECK_OBJS := $(CRYPTO_OUT)/hyp/link/hyp_link_check.o $(CRYPTO_OUT)/hyp/link/string.o
$(CRYPTO_OUT)/hyp/link/hyp_link_check.o: crypto/test/hyp_link_check.c crypto/crypto.h
	@mkdir -p $(@D)
	$(Q)$(CRYPTO_HYP_CC) $(CRYPTO_HYP_BASE) $(WARNINGS) -Icrypto -c $< -o $@
$(CRYPTO_OUT)/hyp/link/string.o: hyp/lib/string.c
	@mkdir -p $(@D)
	$(Q)$(CRYPTO_HYP_CC) $(CRYPTO_HYP_BASE) $(WARNINGS) -Iinclude -Ihyp/include -c $< -o $@
CRYPTO_LINK_FLAGS := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,noexecstack -Wl,-e,link_check_entry
$(CRYPTO_OUT)/hyp/link-check.elf: $(CRYPTO_LINK_CHECK_OBJS) $(CRYPTO_HYP_OBJS) $(CRYPTO_HYP_LIB)
	@echo "  LD      $@"
	$(Q)$(CRYPTO_HYP_CC) $(CRYPTO_LINK_FLAGS) -Wl,--gc-sections $^ -o $@
	$(Q)$(CRYPTO_HYP_CC) $(CRYPTO_LINK_FLAGS) $^ -o $(@:.elf=-nogc.elf)

crypto-hyp: $(CRYPTO_HYP_LIB) $(CRYPTO_HYP_OBJS) $(CRYPTO_OUT)/hyp/link-check.elf

# ---- host ----
$(CRYPTO_HOST_LIB): $(call crypto_objs,host,$(CRYPTO_HYP_MODULES))
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcD $@ $^

crypto-host: $(CRYPTO_HOST_LIB)

# ---- VPN daemon ----
$(CRYPTO_OUT)/vpnd/libmbedcrypto.a: $(call crypto_objs,vpnd,$(CRYPTO_VPND_CRYPTO_MODULES))
$(CRYPTO_OUT)/vpnd/libmbedx509.a: $(call crypto_objs,vpnd,$(CRYPTO_VPND_X509_MODULES))
$(CRYPTO_OUT)/vpnd/libmbedtls.a: $(call crypto_objs,vpnd,$(CRYPTO_VPND_TLS_MODULES))
$(CRYPTO_VPND_LIBS):
	@echo "  AR      $@"
	$(Q)rm -f $@ && $(CROSS)ar rcD $@ $^

# The same libraries for the build machine: the daemon's host build runs in tests/host.
$(CRYPTO_OUT)/vpnd-host/libmbedcrypto.a: $(call crypto_objs,vpnd-host,$(CRYPTO_VPND_CRYPTO_MODULES))
$(CRYPTO_OUT)/vpnd-host/libmbedx509.a: $(call crypto_objs,vpnd-host,$(CRYPTO_VPND_X509_MODULES))
$(CRYPTO_OUT)/vpnd-host/libmbedtls.a: $(call crypto_objs,vpnd-host,$(CRYPTO_VPND_TLS_MODULES))
$(CRYPTO_VPND_HOST_LIBS):
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcD $@ $^

crypto-vpnd-host: $(CRYPTO_VPND_HOST_LIBS)

# Proof that the three libraries link into a static aarch64 program; run when qemu-user is here.
CRYPTO_QEMU_USER := $(firstword $(shell command -v qemu-aarch64 qemu-aarch64-static 2>/dev/null))
$(CRYPTO_OUT)/vpnd/vpnd-link-check: crypto/test/vpnd_link_check.c $(CRYPTO_VPND_LIBS) $(MBEDTLS_STAMP) crypto/config-vpnd.h
	@echo "  LD      $@"
	$(Q)$(CRYPTO_VPND_CC) $(CRYPTO_VPND_BASE) $(WARNINGS) $(CRYPTO_VPND_CFLAGS) -static -Wl,--gc-sections \
		$< $(CRYPTO_VPND_LIBS) -o $@

crypto-vpnd: $(CRYPTO_OUT)/vpnd/vpnd-link-check
ifneq ($(CRYPTO_QEMU_USER),)
	$(Q)$(CRYPTO_QEMU_USER) $<
else
	@echo "  NOTE    no qemu-aarch64 here: $< is linked, not run"
endif

# text/data/bss of what the hypervisor gains (link-check.elf minus its tiny stub), and the libraries.
crypto-size: $(CRYPTO_OUT)/hyp/link-check.elf $(CRYPTO_HOST_LIB) $(CRYPTO_VPND_LIBS) $(CRYPTO_OUT)/vpnd/vpnd-link-check
	$(Q)$(CROSS)size $(CRYPTO_OUT)/hyp/link-check.elf $(CRYPTO_OUT)/hyp/link-check-nogc.elf \
		$(CRYPTO_OUT)/vpnd/vpnd-link-check
	$(Q)$(CROSS)size -t $(CRYPTO_HYP_LIB) $(CRYPTO_HYP_OBJS) | tail -1
	$(Q)size -t $(CRYPTO_HOST_LIB) | tail -1
	$(Q)$(CROSS)size -t $(CRYPTO_VPND_LIBS) | tail -1

# cppcheck and clang-tidy with the options `make check` uses for hyp/, each file compiled as it is built.
CRYPTO_CHECK_HYP := crypto/crypto.c crypto/shim.c crypto/test/hyp_link_check.c
crypto-check: $(MBEDTLS_STAMP)
	$(Q)cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance --std=c11 \
		--inline-suppr --suppress=missingIncludeSystem -Icrypto \
		$(CRYPTO_CHECK_HYP) tests/unit/test_crypto.c crypto/test/vpnd_link_check.c
	$(Q)clang-tidy --quiet --warnings-as-errors='*' $(CRYPTO_CHECK_HYP) -- \
		--target=aarch64-linux-gnu -std=c11 -ffreestanding $(CRYPTO_HYP_INC) $(CRYPTO_HYP_CFLAGS)
	$(Q)clang-tidy --quiet --warnings-as-errors='*' tests/unit/test_crypto.c -- -std=c11 -D_DEFAULT_SOURCE \
		$(CRYPTO_HOST_CFLAGS)
	$(Q)clang-tidy --quiet --warnings-as-errors='*' crypto/test/vpnd_link_check.c -- \
		--target=aarch64-linux-gnu -std=gnu11 -isystem /usr/aarch64-linux-gnu/include $(CRYPTO_VPND_CFLAGS)

-include $(wildcard $(CRYPTO_OUT)/*/obj/*.d $(CRYPTO_OUT)/*/*.d)

endif
