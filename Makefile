# SPDX-License-Identifier: MIT
# Shoji: one entry point. `make` builds, `make run` boots, `make test` tests, `make check` lints.

BOARD ?= qemu-virt
DEFAULT_SYSTEM := vpn-apps
SYSTEM ?= $(DEFAULT_SYSTEM)
SELFTEST ?=
# DEBUG=1: a debug build (hypercall result registers a call does not define read 0xdeadbeef...).
DEBUG ?=
V ?= 0
# The vendor key pair: VENDOR_KEY signs every payload (shoji-pack --sign), VENDOR_PUB is the
# public key the hypervisor verifies them against. Both default to the DEVELOPMENT pair,
# which anyone can sign with (crypto/keys/README.md); override them together.
VENDOR_KEY ?= crypto/keys/dev-vendor.key
VENDOR_PUB ?= crypto/keys/dev-vendor.pub

BUILD := build/$(BOARD)
SYSDIR := vms/$(SYSTEM)
include board/$(BOARD)/board.mk

ifeq ($(wildcard $(SYSDIR)/system.c),)
$(error SYSTEM=$(SYSTEM): no $(SYSDIR)/system.c (systems: $(notdir $(wildcard vms/*))))
endif

ifneq ($(SELFTEST),)
DEBUG := 1
endif
ifeq ($(SELFTEST)$(DEBUG),)
OUT := $(BUILD)/$(SYSTEM)
BUILD_KIND := release
else ifeq ($(SELFTEST),)
OUT := $(BUILD)/$(SYSTEM)-debug
BUILD_KIND := debug
else
OUT := $(BUILD)/$(SYSTEM)-selftest-$(SELFTEST)
BUILD_KIND := debug selftest $(SELFTEST)
endif
# BENCH_NO_VERIFY=1: a measurement build for make bench only, which skips verified boot
# (every VM starts UNVERIFIED, and says so), to time what verification costs a boot.
BENCH_NO_VERIFY ?=
ifneq ($(BENCH_NO_VERIFY),)
OUT := $(OUT)-noverify
BUILD_KIND := $(BUILD_KIND), verification SKIPPED (bench build)
endif
OBJ := $(OUT)/obj
HOST_OBJ := $(OUT)/host

Q := $(if $(filter 1,$(V)),,@)
CROSS ?= aarch64-linux-gnu-
CC := $(CROSS)gcc
OBJCOPY := $(CROSS)objcopy
HOSTCC ?= gcc

WARNINGS := -Wall -Wextra -Werror -Wconversion -Wsign-conversion -Wshadow -Wvla -Wmissing-prototypes
HYP_CFLAGS := -std=c11 $(WARNINGS) -O2 -g -ffreestanding -nostdlib -mgeneral-regs-only -mstrict-align \
	-mno-outline-atomics -fno-pic -fno-pie -fno-stack-protector -fno-common -fno-builtin \
	-Iinclude -Ihyp/include -Icrypto -I$(OBJ)/gen $(BOARD_CFLAGS) -MMD -MP \
	$(if $(SELFTEST),-DSHOJI_SELFTEST='"$(SELFTEST)"') $(if $(DEBUG),-DSHOJI_DEBUG_SCRUB) \
	$(if $(BENCH_NO_VERIFY),-DSHOJI_BENCH_NO_VERIFY)
HYP_ASFLAGS := -Iinclude -Ihyp/include $(BOARD_CFLAGS) -MMD -MP -D__ASSEMBLY__
# --gc-sections drops the mbedTLS functions crypto.c never reaches (its objects are built with
# -ffunction-sections; ours are not, so no hypervisor code can vanish: checked with --print-gc-sections).
HYP_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,--no-warn-rwx-segments -Wl,-z,noexecstack \
	-Wl,--gc-sections

HYP_SRCS := \
	hyp/arch/head.S hyp/arch/vectors.S hyp/arch/smc.S hyp/arch/cache.c hyp/arch/checks.c \
	hyp/core/main.c hyp/core/panic.c hyp/core/log.c hyp/core/esr.c hyp/core/exits.c hyp/core/selftest.c \
	hyp/core/vm.c hyp/core/chan.c hyp/core/vcpu.c hyp/core/vpsci.c hyp/core/hvc.c hyp/core/guest_fault.c hyp/core/vdev.c \
	hyp/core/irq.c hyp/core/vgic.c hyp/core/vgic_hw.c hyp/core/vgic_regs.c hyp/core/vconsole.c hyp/core/monitor.c hyp/core/console.c hyp/core/vpl011.c hyp/core/pack.c \
	hyp/core/vmdesc.c hyp/core/verify.c hyp/core/attest.c \
	hyp/mm/pt.c hyp/mm/el2_mm.c \
	hyp/lib/string.c hyp/lib/fmt.c \
	hyp/drivers/$(UART_DRIVER).c hyp/drivers/$(GIC_DRIVER).c \
	board/$(BOARD)/board.c board/$(BOARD)/board_ops.c \
	$(SYSDIR)/system.c
HYP_OBJS := $(patsubst %,$(OBJ)/%.o,$(HYP_SRCS))

VERSION := $(shell git describe --always --dirty --tags 2>/dev/null || echo unknown)

.PHONY: all image run run-vpn test check format format-check unit deps clean bench
all: image
image: $(OUT)/shoji.bin

deps:
	$(Q)sh scripts/install-deps.sh

# Regenerated when the version string changes, so the banner never lies.
$(OBJ)/gen/version.h: FORCE
	$(Q)mkdir -p $(@D)
	$(Q)printf '#define SHOJI_VERSION "%s"\n#define SHOJI_BUILD_KIND "%s"\n' '$(VERSION)' '$(BUILD_KIND)' > $@.tmp
	$(Q)cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
FORCE:

$(OBJ)/%.c.o: %.c $(OBJ)/gen/version.h
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(HYP_CFLAGS) -c $< -o $@

$(OBJ)/%.S.o: %.S
	@mkdir -p $(@D)
	@echo "  AS      $<"
	$(Q)$(CC) $(HYP_ASFLAGS) -c $< -o $@

$(OBJ)/hyp.ld: hyp/hyp.ld.S
	@mkdir -p $(@D)
	$(Q)$(CC) -E -P -x c -Iinclude -Ihyp/include -DHYP_LOAD_ADDR=$(HYP_LOAD_ADDR) $< -o $@

# ---- build-time partition check: fails the build before anything is linked ----
PARTCHECK_SRCS := $(wildcard tools/partcheck/*.c)
$(HOST_OBJ)/partcheck: $(PARTCHECK_SRCS) board/$(BOARD)/board.c $(SYSDIR)/system.c $(wildcard tools/partcheck/*.h include/*.h include/shoji/*.h $(SYSDIR)/*.h)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) -std=c11 $(WARNINGS) -O1 -D_DEFAULT_SOURCE -Iinclude -I$(SYSDIR) $^ -o $@ 2>&1 | grep -v '\.h$$' >&2; test -x $@

$(OUT)/partcheck.ok: $(HOST_OBJ)/partcheck
	$(Q)$< -q
	@touch $@

# ---- payloads (each system's system.mk sets PAYLOADS = name=file ... and their rules) ----
PAYLOADS :=
include vms/linux/chan.mk
include $(SYSDIR)/system.mk
include crypto/mbedtls.mk
include vms/linux/vpnd.mk

# Each VM's partition entry in its canonical encoding (hyp/core/vmdesc.c) is a payload like its
# kernel, signed and measured with it: "<vm>.config" for every VM that has a "<vm>.kernel".
# tools/vmdesc writes them from this system's table, once partcheck has passed it, and fails
# unless these names are exactly the table's VMs.
VM_NAMES := $(patsubst %.kernel,%,$(filter %.kernel,$(foreach p,$(PAYLOADS),$(firstword $(subst =, ,$(p))))))
VM_CONFIG_DIR := $(OUT)/config
PAYLOADS := $(foreach v,$(VM_NAMES),$(v).config=$(VM_CONFIG_DIR)/$(v).config) $(PAYLOADS)

$(HOST_OBJ)/vmdesc: $(wildcard tools/vmdesc/*.c) hyp/core/vmdesc.c board/$(BOARD)/board.c $(SYSDIR)/system.c \
		$(wildcard tools/vmdesc/*.h hyp/include/vmdesc.h include/*.h include/shoji/*.h $(SYSDIR)/*.h)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) -std=c11 $(WARNINGS) -O1 -D_DEFAULT_SOURCE -DSHOJI_HOST_TEST -Iinclude -Ihyp/include -I$(SYSDIR) \
		$(filter %.c,$^) -o $@

# Each run writes every VM's file (atomically, so parallel runs cannot tear one).
$(VM_CONFIG_DIR)/%.config: $(HOST_OBJ)/vmdesc $(OUT)/partcheck.ok
	@mkdir -p $(@D)
	$(Q)$< -o $(@D) $(VM_NAMES)

# ---- host tools on crypto/crypto.c: the hypervisor's own crypto code on the host build of its
# mbedTLS (crypto/mbedtls.mk), so signing, measuring and verifying cannot disagree with it ----
HOST_TOOL_CFLAGS := -std=c11 $(WARNINGS) -O2 -D_DEFAULT_SOURCE -DSHOJI_HOST_TEST -Iinclude -Ihyp/include \
	-Itools/common $(CRYPTO_HOST_CFLAGS)
HOST_TOOL_CRYPTO := tools/common/hexkey.c crypto/crypto.c $(CRYPTO_HOST_LIB)
HOST_TOOL_HDRS := tools/common/hexkey.h crypto/crypto.h crypto/config-hyp.h $(wildcard include/shoji/*.h)
# $(1): extra flags. Sources and the library come from the prerequisites, in their order.
define host_tool
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_TOOL_CFLAGS) $(1) $(filter %.c %.a,$^) -o $@
endef

SHOJI_PACK := build/host/shoji-pack
$(SHOJI_PACK): $(wildcard tools/pack/*.c) hyp/core/pack.c $(HOST_TOOL_CRYPTO) $(wildcard tools/pack/*.h) \
		hyp/include/pack.h $(HOST_TOOL_HDRS)
	$(call host_tool,-Itools/pack)

SHOJI_KEYGEN := build/host/shoji-keygen
$(SHOJI_KEYGEN): tools/keygen/keygen.c $(HOST_TOOL_CRYPTO) $(HOST_TOOL_HDRS)
	$(call host_tool,)

SHOJI_ATTEST_VERIFY := build/host/shoji-attest-verify
# --dev-secret: QEMU's development device secret from the board's own board_device_secret().
$(SHOJI_ATTEST_VERIFY): $(wildcard tools/attest/*.c) board/qemu-virt/board_ops.c $(HOST_TOOL_CRYPTO) \
		$(wildcard tools/attest/*.h) include/board.h $(HOST_TOOL_HDRS)
	$(call host_tool,-Itools/attest)

SHOJI_SEAL := build/host/shoji-seal
# --dev-secret as shoji-attest-verify takes it; --image measures with shoji-pack's own code (inspect.c).
$(SHOJI_SEAL): $(wildcard tools/seal/*.c) tools/pack/inspect.c tools/pack/packer.c tools/pack/args.c tools/pack/sign.c \
		hyp/core/pack.c board/qemu-virt/board_ops.c $(HOST_TOOL_CRYPTO) $(wildcard tools/seal/*.h tools/pack/*.h) \
		hyp/include/pack.h include/board.h $(HOST_TOOL_HDRS)
	$(call host_tool,-Itools/seal -Itools/pack)

.PHONY: host-tools pack-inputs
host-tools: $(SHOJI_PACK) $(SHOJI_KEYGEN) $(SHOJI_ATTEST_VERIFY) $(SHOJI_SEAL)

# ---- sealed payloads, the QEMU development flow (include/shoji/seal.h, docs/threat-model.md) ----
# A system seals a file to a VM with SEALED_VMS and, per VM, SEAL_<vm>_FILE, SEAL_<vm>_LABEL (the
# KEY_DERIVE label) and SEAL_<vm>_DEPS (what makes the file, if another rule does). The image is packed without the sealed payloads (a VM's
# measurement does not cover them, so it is final then), each VM's measurement is read from it, the file
# is sealed to that measurement, and shoji.bin is packed again with "<vm>.sealed". Only qemu-virt can seal
# here: it needs the device secret, and only QEMU's is on the build machine (it is public, so this proves
# the mechanism, not secrecy). A real board seals on the device, at enrolment (shoji-trust seal).
SEALED_PAYLOADS :=
ifeq ($(BOARD),qemu-virt)
SEALED_PAYLOADS := $(foreach v,$(SEALED_VMS),$(v).sealed=$(OUT)/sealed/$(v).sealed)
endif
SEALED_FILES := $(foreach p,$(SEALED_PAYLOADS),$(lastword $(subst =, ,$(p))))

$(OUT)/presealed.bin: $(OUT)/hyp.bin $(SHOJI_PACK) $(VENDOR_KEY) $(OUT)/vendor-key.txt \
		$(foreach p,$(PAYLOADS),$(lastword $(subst =, ,$(p))))
	@echo "  PACK    $@ (no sealed payloads: for the measurements)"
	$(Q)$(SHOJI_PACK) -o $@ -m $(HYP_MAX_IMAGE) --sign $(VENDOR_KEY) $(OUT)/hyp.bin $(PAYLOADS)

define seal_rule
$(OUT)/sealed/$(1).sealed: $(OUT)/presealed.bin $(SHOJI_SEAL) $(or $(SEAL_$(1)_DEPS),$(SEAL_$(1)_FILE))
	@mkdir -p $$(@D)
	@echo "  SEAL    $$@ ($(SEAL_$(1)_FILE), label $(SEAL_$(1)_LABEL))"
	$(Q)$(SHOJI_SEAL) --dev-secret --image $$< --vm $(1) --label $(SEAL_$(1)_LABEL) --seal $(SEAL_$(1)_FILE) -o $$@
endef
$(foreach p,$(SEALED_PAYLOADS),$(eval $(call seal_rule,$(basename $(firstword $(subst =, ,$(p)))))))

# For tests that pack their own variants of an image: the hypervisor and the payloads, as shoji.bin gets them.
pack-inputs: $(OUT)/hyp.bin $(foreach p,$(PAYLOADS),$(lastword $(subst =, ,$(p)))) $(SEALED_FILES)
	@echo '$(OUT)/hyp.bin $(PAYLOADS) $(SEALED_PAYLOADS)'

# The vendor public key, baked in as const data (hyp/core/verify.c); regenerated when VENDOR_PUB names another file.
$(OBJ)/gen/vendor_key.h: $(VENDOR_PUB) FORCE
	@mkdir -p $(@D)
	$(Q)hex=$$(tr -d ' \r\n' < $<); echo "$$hex" | grep -Eqx '04[0-9a-fA-F]{128}' || \
		{ echo "$<: not a P-256 public key (130 hex characters, SEC1 uncompressed 04...)" >&2; exit 1; }; \
	{ echo '/* Generated by the Makefile from VENDOR_PUB=$<: do not edit. */'; \
	  echo '#define VENDOR_KEY_NAME "$(notdir $<)"'; \
	  echo 'static const uint8_t vendor_pub[65] = {'; echo "$$hex" | sed 's/../0x&,/g'; echo '};'; } > $@.tmp
	$(Q)cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
$(OBJ)/hyp/core/verify.c.o: $(OBJ)/gen/vendor_key.h

$(OUT)/shoji.elf: $(HYP_OBJS) $(OBJ)/hyp.ld $(OUT)/partcheck.ok $(CRYPTO_HYP_OBJS) $(CRYPTO_HYP_LIB)
	@echo "  LD      $@"
	$(Q)$(CC) $(HYP_LDFLAGS) -T $(OBJ)/hyp.ld $(HYP_OBJS) $(CRYPTO_HYP_OBJS) $(CRYPTO_HYP_LIB) -o $@ -lgcc

$(OUT)/hyp.bin: $(OUT)/shoji.elf scripts/check-image.sh
	$(Q)$(OBJCOPY) -O binary $< $@
	$(Q)sh scripts/check-image.sh $@

# Which key signed the image: rewritten when VENDOR_KEY names another file, so the image is signed again.
$(OUT)/vendor-key.txt: FORCE
	@mkdir -p $(@D)
	$(Q)echo '$(VENDOR_KEY)' > $@.tmp
	$(Q)cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

$(OUT)/shoji.bin: $(OUT)/hyp.bin $(SHOJI_PACK) $(VENDOR_KEY) $(OUT)/vendor-key.txt \
		$(foreach p,$(PAYLOADS),$(lastword $(subst =, ,$(p)))) $(SEALED_FILES)
	$(Q)$(SHOJI_PACK) -o $@ -m $(HYP_MAX_IMAGE) --sign $(VENDOR_KEY) $(OUT)/hyp.bin $(PAYLOADS) $(SEALED_PAYLOADS)
	$(Q)$(SHOJI_PACK) --verify $(VENDOR_PUB) $@ >/dev/null || { rm -f $@; \
		echo "VENDOR_KEY=$(VENDOR_KEY) is not the key of VENDOR_PUB=$(VENDOR_PUB): every VM would be refused" >&2; \
		false; }
	$(Q)sh scripts/check-image.sh $@
	@echo "  IMAGE   $@"
ifeq ($(SELFTEST)$(DEBUG)$(BENCH_NO_VERIFY)$(SYSTEM),$(DEFAULT_SYSTEM))
	$(Q)cp $@ $(BUILD)/shoji.bin
endif

run: deps
	$(Q)$(MAKE) --no-print-directory image
	@echo "Shoji on $(BOARD): quit QEMU with Ctrl-A then X."
	$(call QEMU_CMD,$(OUT)/shoji.bin)

# make run behind the demo corporate gateway (tests/vpn/gateway.py: socat's DTLS server and a
# test server at 10.9.0.2, in network namespaces of their own, torn down when QEMU exits; root).
# QEMU runs in the gateway's namespace, where vpn's NIC reaches it as vms/vpn-apps/vpnd.conf says.
run-vpn: deps
ifneq ($(SYSTEM),vpn-apps)
	$(error make run-vpn boots vpn-apps, the system with the VPN (SYSTEM=$(SYSTEM)))
endif
	$(Q)$(MAKE) --no-print-directory image vpn-pki
	@echo "Shoji on $(BOARD) behind the demo gateway. In apps (Ctrl-] 1): wget -O - http://10.9.0.2/data.bin.sha256"
	@echo "Quit QEMU with Ctrl-A then X; the gateway goes with it."
	$(Q)python3 tests/vpn/gateway.py run -- sh -c '$(call QEMU_CMD,$(OUT)/shoji.bin)'

# ---- host unit tests (tests/unit/*.mk register them) ----
UNIT_TESTS :=
include $(wildcard tests/unit/*.mk)
include tests/fuzz/fuzz.mk
UNIT_OUT := build/host/unit
HOST_CFLAGS := -std=c11 $(WARNINGS) -O1 -g -D_DEFAULT_SOURCE -DSHOJI_HOST_TEST -Iinclude -Ihyp/include \
	-Itests/unit/fake -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
UNIT_BINS := $(addprefix $(UNIT_OUT)/test_,$(UNIT_TESTS))

define unit_rule
$(UNIT_OUT)/test_$(1): $$(unit_$(1)_SRCS) $$(wildcard include/*/*.h include/*.h hyp/include/*.h tests/unit/fake/*.h)
	@mkdir -p $$(@D)
	@echo "  HOSTCC  $$@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $$(unit_$(1)_CFLAGS) $$(unit_$(1)_SRCS) -o $$@ -lcmocka
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_rule,$(t))))

unit: $(UNIT_BINS)

# ---- style and static analysis (hyp/ and board/; findings fail the check) ----
FORMAT_FILES = $(shell git ls-files --cached --others --exclude-standard '*.c' '*.h')
CHECK_SRCS = $(filter %.c,$(HYP_SRCS))

format:
	$(Q)clang-format -i $(FORMAT_FILES)

format-check:
	$(Q)clang-format --dry-run --Werror $(FORMAT_FILES)

cppcheck:
	$(Q)cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance --std=c11 \
		--inline-suppr --suppress=missingIncludeSystem -Iinclude -Ihyp/include -Icrypto -I$(OBJ)/gen \
		-DSHOJI_VERSION='"x"' -DSHOJI_BUILD_KIND='"x"' $(CHECK_SRCS)

clang-tidy: $(OBJ)/gen/version.h $(OBJ)/gen/vendor_key.h
	$(Q)clang-tidy --quiet --warnings-as-errors='*' $(CHECK_SRCS) -- \
		--target=aarch64-linux-gnu -std=c11 -ffreestanding -nostdinc \
		-isystem $(shell $(CC) -print-file-name=include) -Iinclude -Ihyp/include -Icrypto -I$(OBJ)/gen

# Board addresses belong to board/ and vms/ only (issue 2's rule, checked rather than hoped for).
board-addresses:
	$(Q)python3 scripts/check-board-addresses.py $(BOARD)

check: format-check cppcheck clang-tidy board-addresses

# ---- everything ----
test: deps
	$(Q)python3 tests/run.py

# Benchmarks (issue 9), separate from `make test`: a table and build/bench/results.{json,md,png}.
bench: deps
	$(Q)python3 tests/bench/run.py

# Keeps build/cache (downloaded Debian packages) so a rebuild needs no network.
clean:
	find build -mindepth 1 -maxdepth 1 ! -name cache -exec rm -rf {} + 2>/dev/null || true

# For the test harness: the QEMU command line that boots IMAGE on this board.
qemu-cmd:
	@echo '$(call QEMU_CMD,$(IMAGE))'

image-path:
	@echo '$(OUT)/shoji.bin'

-include $(HYP_OBJS:.o=.d)
