# SPDX-License-Identifier: MIT
# vpn-apps' Linux payloads: one kernel Image for both VMs, an initramfs and a device
# tree each. Sets PAYLOADS when SYSTEM is vpn-apps; the rules and linux-native-test
# are there for any system.

ifndef SHOJI_VA_LINUX_MK
SHOJI_VA_LINUX_MK := 1
include vms/linux/linux.mk
include vms/linux/userland.mk
include vms/linux/chan.mk
include vms/linux/trust.mk
include vms/linux/vpnd.mk
include vms/vpn-apps/pki.mk

VA_OUT := build/vpn-apps
VA_LAYOUT := vms/vpn-apps/layout.h

# What each VM's initramfs holds beyond busybox and /init (see vms/linux/mkinitramfs.sh).
# Both have the channel driver; apps routes via vpn (apps.rc), vpn forwards apps' traffic
# into its VPN tunnel and nowhere else (vpn.rc).
# Both have the trust driver and tool (vms/linux/shoji-trust): vpn unseals its VPN key at boot (vpn.rc).
# vpn has the VPN daemon (vms/linux/vpnd), its configuration, the CA it checks the gateway
# against and its own certificate (public; the key is the sealed payload), and tun for it.
VA_TRUST_INITRAMFS := -e $(SHOJI_TRUST_KO) -a $(SHOJI_TRUST_TOOL)=/bin/shoji-trust
VA_VPND_INITRAMFS := -m tun -a $(VPND_BIN)=/bin/vpnd -a vms/vpn-apps/vpnd.conf=/etc/vpnd/vpnd.conf \
	-a $(VPN_PKI)/ca.crt=/etc/vpnd/ca.crt -a $(VPN_PKI)/client.crt=/etc/vpnd/client.crt
VA_vpn_INITRAMFS := -m virtio_mmio -m virtio_net $(IPTABLES_MODULES) -d eth0 $(IPTABLES_INITRAMFS) \
	-e $(SHOJI_CHAN_KO) $(VA_TRUST_INITRAMFS) $(VA_VPND_INITRAMFS) -r vms/vpn-apps/vpn.rc
VA_apps_INITRAMFS := -e $(SHOJI_CHAN_KO) $(VA_TRUST_INITRAMFS) -r vms/vpn-apps/apps.rc

$(VA_OUT)/%.initrd: $(MKINITRAMFS_DEPS) $(LINUX_TREE)/.unpacked vms/vpn-apps/linux.mk
	@mkdir -p $(@D)
	@echo "  INITRD  $@"
	$(Q)sh $(MKINITRAMFS) -o $@ -n $* -b $(BUSYBOX) -k $(LINUX_MODDIR) $(VA_$*_INITRAMFS)
$(VA_OUT)/vpn.initrd: $(USERLAND) vms/vpn-apps/vpn.rc $(SHOJI_CHAN_KO) $(SHOJI_TRUST_KO) $(SHOJI_TRUST_TOOL) \
		$(VPND_BIN) vms/vpn-apps/vpnd.conf $(VPN_PKI_DONE)
$(VA_OUT)/apps.initrd: vms/vpn-apps/apps.rc $(SHOJI_CHAN_KO) $(SHOJI_TRUST_KO) $(SHOJI_TRUST_TOOL)

# cpp -undef: no `linux` macro to eat "linux,initrd-start". The initrd's end comes from
# its size. dtc has no -Werror: any warning fails the build here.
$(VA_OUT)/%.dtb: vms/vpn-apps/%.dts $(VA_LAYOUT) $(VA_OUT)/%.initrd
	@echo "  DTC     $@"
	$(Q)cpp -nostdinc -undef -x assembler-with-cpp -P -Ivms/vpn-apps \
		-DINITRD_SIZE=$$(stat -c %s $(VA_OUT)/$*.initrd) $< -o $@.dts
	$(Q)dtc -E unit_address_vs_reg -I dts -O dtb -o $@.tmp $@.dts 2>$@.log; rc=$$?; \
	if [ $$rc -ne 0 ] || [ -s $@.log ]; then cat $@.log >&2; rm -f $@.tmp; exit 1; fi
	$(Q)mv $@.tmp $@

VA_LINUX_PAYLOADS := \
	vpn.kernel=$(LINUX_IMAGE) vpn.dtb=$(VA_OUT)/vpn.dtb vpn.initrd=$(VA_OUT)/vpn.initrd \
	apps.kernel=$(LINUX_IMAGE) apps.dtb=$(VA_OUT)/apps.dtb apps.initrd=$(VA_OUT)/apps.initrd

# vpn's sealed payload (the top-level Makefile's sealing flow): its VPN client key, sealed to vpn's
# measurement under the KEY_DERIVE label "vpnd-key" (those 8 ASCII bytes read little-endian). vpn.rc
# unseals it into /run/vpnd/client.key at boot.
VA_SEAL_LABEL := 0x79656b2d646e7076

ifeq ($(SYSTEM),vpn-apps)
PAYLOADS := $(VA_LINUX_PAYLOADS)
SEALED_VMS := vpn
SEAL_vpn_FILE := $(VPN_PKI)/client.key
SEAL_vpn_DEPS := $(VPN_PKI_DONE)
SEAL_vpn_LABEL := $(VA_SEAL_LABEL)
endif

.PHONY: linux-images linux-native-test
linux-images: $(foreach p,$(VA_LINUX_PAYLOADS),$(lastword $(subst =, ,$(p))))

linux-native-test: linux-images
	$(Q)python3 tests/linux/native_boot.py

endif
