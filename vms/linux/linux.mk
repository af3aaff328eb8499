# SPDX-License-Identifier: MIT
# The Linux guest's inputs: the pinned Debian kernel and busybox, fetched once into
# build/cache/debs and unpacked under build/linux. Included by each system's linux.mk.

ifndef SHOJI_LINUX_MK
SHOJI_LINUX_MK := 1

# The one pin: Debian bookworm's linux-image-$(LINUX_VERSION)-arm64-unsigned (6.1.192-3).
# To move on: pick the ABI `apt-cache depends linux-image-arm64:arm64` names. Debian's
# security archive drops an old ABI's packages some days after a new one appears, and a
# fresh machine then cannot fetch the pinned kernel: the fetch names the package.
LINUX_VERSION := 6.1.0-57
LINUX_KREL := $(LINUX_VERSION)-arm64
LINUX_PKG := linux-image-$(LINUX_KREL)-unsigned
BUSYBOX_PKG := busybox-static

DEB_CACHE := build/cache/debs
LINUX_OUT := build/linux
LINUX_DEB := $(DEB_CACHE)/$(LINUX_PKG)_arm64.deb
BUSYBOX_DEB := $(DEB_CACHE)/$(BUSYBOX_PKG)_arm64.deb
LINUX_TREE := $(LINUX_OUT)/pkg
LINUX_MODDIR := $(LINUX_TREE)/lib/modules/$(LINUX_KREL)
LINUX_IMAGE := $(LINUX_OUT)/Image
BUSYBOX := $(LINUX_OUT)/busybox/bin/busybox
MKINITRAMFS := vms/linux/mkinitramfs.sh
MKINITRAMFS_DEPS := $(MKINITRAMFS) vms/linux/cpio.py vms/linux/moddeps.py vms/linux/elfdeps.py \
	vms/linux/init vms/linux/udhcpc.script $(BUSYBOX)

# fetch-debian.sh touches the network only when the .deb is not cached yet.
$(DEB_CACHE)/%_arm64.deb:
	$(Q)sh scripts/fetch-debian.sh -d $(DEB_CACHE) $*:arm64

$(LINUX_TREE)/.unpacked: $(LINUX_DEB)
	@echo "  UNPACK  $(notdir $<)"
	$(Q)rm -rf $(LINUX_TREE) && mkdir -p $(LINUX_TREE)
	$(Q)dpkg-deb -x $< $(LINUX_TREE)
	$(Q)test -d $(LINUX_MODDIR)/kernel || { echo "$<: no lib/modules/$(LINUX_KREL)" >&2; exit 1; }
	$(Q)touch $@

# Debian ships the Image itself as vmlinuz on arm64 (gzip'ed in some releases): keep it raw.
$(LINUX_IMAGE): $(LINUX_TREE)/.unpacked
	@echo "  IMAGE   $@"
	$(Q)src=$(LINUX_TREE)/boot/vmlinuz-$(LINUX_KREL); \
	if [ "$$(od -A n -t x1 -N 2 $$src | tr -d ' ')" = 1f8b ]; then gzip -dc $$src >$@.tmp; \
	else cp $$src $@.tmp; fi; \
	magic=$$(od -A n -t x1 -j 56 -N 4 $@.tmp | tr -d ' \n'); \
	if [ "$$magic" != 41524d64 ]; then echo "$$src: no arm64 Image magic at offset 56" >&2; rm -f $@.tmp; exit 1; fi
	$(Q)mv $@.tmp $@

$(BUSYBOX): $(BUSYBOX_DEB)
	$(Q)rm -rf $(LINUX_OUT)/busybox && mkdir -p $(LINUX_OUT)/busybox
	$(Q)dpkg-deb -x $< $(LINUX_OUT)/busybox
	$(Q)test -x $@ && touch $@

.PHONY: linux-fetch
linux-fetch: $(LINUX_DEB) $(BUSYBOX_DEB)

endif
