# SPDX-License-Identifier: MIT
# The channel network driver (vms/linux/shoji-chan/), an out-of-tree module for the
# pinned Debian kernel (linux.mk). Debian's headers and kbuild tools for exactly that
# kernel are fetched once into build/cache/debs and unpacked under build/linux/headers
# (never installed); the module is built from a copy of its sources in
# build/linux/shoji-chan, so nothing lands in vms/. `make chan-module` builds it.

ifndef SHOJI_CHAN_MK
SHOJI_CHAN_MK := 1
include vms/linux/linux.mk

SHOJI_CHAN_KO := $(LINUX_OUT)/shoji-chan/shoji_chan.ko

# 6.1.0-57 -> linux-kbuild-6.1; the kbuild tools run on the build machine.
CHAN_KSERIES := $(word 1,$(subst ., ,$(LINUX_VERSION))).$(word 2,$(subst ., ,$(LINUX_VERSION)))
CHAN_BUILD_ARCH := $(shell dpkg --print-architecture 2>/dev/null || echo amd64)
CHAN_HDR_DEB := $(DEB_CACHE)/linux-headers-$(LINUX_KREL)_arm64.deb
CHAN_COMMON_DEB := $(DEB_CACHE)/linux-headers-$(LINUX_VERSION)-common_all.deb
CHAN_KBUILD_DEB := $(DEB_CACHE)/linux-kbuild-$(CHAN_KSERIES)_$(CHAN_BUILD_ARCH).deb
CHAN_DEBS := $(CHAN_HDR_DEB) $(CHAN_COMMON_DEB) $(CHAN_KBUILD_DEB)

CHAN_HDR_ROOT := $(LINUX_OUT)/headers
CHAN_KDIR := $(CHAN_HDR_ROOT)/usr/src/linux-headers-$(LINUX_KREL)
CHAN_SRC := vms/linux/shoji-chan
CHAN_SRCS := $(addprefix $(CHAN_SRC)/,Kbuild chan_net.c chan_net.h chan_sysfs.c chan_ring.c chan_ring.h)
CHAN_OUT := $(LINUX_OUT)/shoji-chan

# The arm64 headers come through linux.mk's %_arm64.deb rule.
$(CHAN_COMMON_DEB):
	$(Q)sh scripts/fetch-debian.sh -d $(DEB_CACHE) linux-headers-$(LINUX_VERSION)-common:all
$(CHAN_KBUILD_DEB):
	$(Q)sh scripts/fetch-debian.sh -d $(DEB_CACHE) linux-kbuild-$(CHAN_KSERIES):$(CHAN_BUILD_ARCH)

# The headers must be the kernel's own version (apt offers its newest; the kernel is pinned).
# linux-kbuild-6.1 has no ABI in its name, so the archive keeps only its newest build:
# accept what Debian's own headers package accepts, `linux-kbuild-6.1 (>= kernel version)`.
# The arm64 tree's Makefile includes /usr/src/linux-headers-*-common/Makefile: point it at the
# unpacked one. Its scripts/ and tools/ links are relative and resolve inside the root.
$(CHAN_HDR_ROOT)/.unpacked: $(CHAN_DEBS) $(LINUX_DEB)
	@echo "  UNPACK  linux-headers-$(LINUX_KREL)"
	$(Q)want=$$(dpkg-deb -f $(LINUX_DEB) Version) && for d in $(CHAN_HDR_DEB) $(CHAN_COMMON_DEB); do \
		got=$$(dpkg-deb -f $$d Version) || exit 1; \
		[ "$$got" = "$$want" ] || { echo "$$d is $$got, the kernel ($(LINUX_DEB)) is $$want:" \
			"remove the stale one (or move the pin in vms/linux/linux.mk)" >&2; exit 1; }; \
	done; \
	got=$$(dpkg-deb -f $(CHAN_KBUILD_DEB) Version) && dpkg --compare-versions "$$got" ge "$$want" || \
		{ echo "$(CHAN_KBUILD_DEB) is $$got, older than the kernel's $$want: remove it to fetch the newest" >&2; \
		exit 1; }
	$(Q)rm -rf $(CHAN_HDR_ROOT) && mkdir -p $(CHAN_HDR_ROOT)
	$(Q)for d in $(CHAN_DEBS); do dpkg-deb -x $$d $(CHAN_HDR_ROOT) || exit 1; done
	$(Q)grep -qx 'include /usr/src/linux-headers-$(LINUX_VERSION)-common/Makefile' $(CHAN_KDIR)/Makefile || \
		{ echo "$(CHAN_KDIR)/Makefile: not the one-line include this rule rewrites" >&2; exit 1; }
	$(Q)sed -i 's|^include /usr/src/|include $(abspath $(CHAN_HDR_ROOT))/usr/src/|' $(CHAN_KDIR)/Makefile
	$(Q)test -x $(CHAN_KDIR)/scripts/mod/modpost && test -x $(CHAN_KDIR)/scripts/basic/fixdep || \
		{ echo "$(CHAN_KDIR)/scripts: no kbuild tools (linux-kbuild-$(CHAN_KSERIES))" >&2; exit 1; }
	$(Q)touch $@

# An out-of-tree module of ours for the pinned kernel, as a canned recipe (trust.mk uses it too):
# $(1) the output directory, $(2) the sources, copied there, so nothing lands in vms/.
# kbuild gets a clean environment (none of this make's command-line variables) and
# the output goes to build.log, shown when it fails (or with V=1). -Werror is in Kbuild.
# The .ko loses its debug info as Debian's own modules do (the .o keeps it), and
# its vermagic must be the stock modules' (a .ko of the pinned kernel's own tree).
define build_kmod
@echo "  KMOD    $@"
$(Q)rm -f $@ && mkdir -p $(1) && cp $(2) $(1)/
$(Q)env -u MAKEFLAGS -u MFLAGS -u MAKEOVERRIDES -u MAKELEVEL make -C $(CHAN_KDIR) M=$(abspath $(1)) \
	ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- SHOJI_INCLUDE=$(abspath include) modules \
	>$(1)/build.log 2>&1 || { cat $(1)/build.log >&2; rm -f $@; exit 1; }
$(Q)$(if $(Q),,cat $(1)/build.log)
$(Q)aarch64-linux-gnu-strip --strip-debug $@
$(Q)vermagic() { aarch64-linux-gnu-objcopy -O binary --only-section=.modinfo "$$1" $(1)/modinfo.tmp && \
	tr '\0' '\n' <$(1)/modinfo.tmp | sed -n 's/^vermagic=//p'; }; \
stock=$$(find $(LINUX_MODDIR)/kernel -name '*.ko' | head -n 1); \
want=$$(vermagic $$stock) && got=$$(vermagic $@) && rm -f $(1)/modinfo.tmp && \
if [ -z "$$want" ] || [ "$$got" != "$$want" ]; then \
	echo "$@: vermagic '$$got', the kernel's modules have '$$want'" >&2; rm -f $@; exit 1; fi
endef

$(SHOJI_CHAN_KO): $(CHAN_SRCS) include/shoji/abi.h include/shoji/channel.h $(CHAN_HDR_ROOT)/.unpacked \
		$(LINUX_TREE)/.unpacked vms/linux/chan.mk
	$(call build_kmod,$(CHAN_OUT),$(CHAN_SRCS))

.PHONY: chan-module chan-loopback-test
chan-module: $(SHOJI_CHAN_KO)

# The driver in the pinned kernel on bare QEMU, both ends of one window in one VM (no Shoji needed).
chan-loopback-test: $(SHOJI_CHAN_KO) $(LINUX_IMAGE) $(BUSYBOX)
	$(Q)python3 tests/linux/chan_loopback.py

endif
