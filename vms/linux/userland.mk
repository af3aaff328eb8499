# SPDX-License-Identifier: MIT
# Dynamically linked Debian programs for the Linux guests, beyond busybox: fetched once
# into build/cache/debs, unpacked together under build/linux/userland (never installed),
# and picked from there into an initramfs by mkinitramfs.sh -x, which brings the
# shared libraries along. Today: iptables, for vpn's firewall (vms/vpn-apps/vpn.rc).

ifndef SHOJI_USERLAND_MK
SHOJI_USERLAND_MK := 1
include vms/linux/linux.mk

# The packages unpacked into the tree. elfdeps.py fails, naming the library, when a
# program needs one that none of them ships: add that package here.
USERLAND_PKGS := iptables libxtables12 libip4tc2 libip6tc2 libc6
USERLAND_ROOT := $(LINUX_OUT)/userland
USERLAND := $(USERLAND_ROOT)/.unpacked
USERLAND_DEBS := $(foreach p,$(USERLAND_PKGS),$(DEB_CACHE)/$(p)_arm64.deb)

# iptables and its libraries come from one source package: an extension or library of
# another version refuses to load (libxtables checks XTABLES_VERSION), so all four
# must carry the same version, and it is the one the rules were written against.
IPTABLES_UPSTREAM := 1.8.9
IPTABLES_PKGS := iptables libxtables12 libip4tc2 libip6tc2

$(USERLAND): $(USERLAND_DEBS) vms/linux/userland.mk
	@echo "  UNPACK  $(USERLAND_PKGS)"
	$(Q)v=$$(dpkg-deb -f $(DEB_CACHE)/iptables_arm64.deb Version); \
	case $$v in $(IPTABLES_UPSTREAM)-*) ;; \
	*) echo "iptables $$v: want $(IPTABLES_UPSTREAM) (vms/linux/userland.mk)" >&2; exit 1 ;; esac; \
	for p in $(IPTABLES_PKGS); do \
		pv=$$(dpkg-deb -f $(DEB_CACHE)/$${p}_arm64.deb Version); \
		if [ "$$pv" != "$$v" ]; then \
			echo "$(DEB_CACHE)/$${p}_arm64.deb is $$pv, iptables is $$v: remove the stale one" >&2; \
			exit 1; \
		fi; \
	done
	$(Q)rm -rf $(USERLAND_ROOT) && mkdir -p $(USERLAND_ROOT)
	$(Q)for d in $(USERLAND_DEBS); do dpkg-deb -x $$d $(USERLAND_ROOT) || exit 1; done
	$(Q)touch $@

# iptables with the legacy (x_tables) backend: xtables-legacy-multi needs libxtables,
# libip4tc, libip6tc and libc, and the kernel only ip_tables and the tables, matches
# and targets in use. The nft backend would add libmnl, libnftnl, nf_tables and
# nft_compat for the same rules. The multi binary picks its personality from its
# name: `iptables` is what Debian's alternatives would link, to the legacy one here.
XTABLES_DIR := /usr/lib/aarch64-linux-gnu/xtables
# Extensions are dlopen()ed by name, so each is listed: standard (ACCEPT, DROP, -P),
# conntrack (--ctstate), udp and tcp (-p udp/tcp --dport/--sport), and icmp (-p icmp
# --icmp-type, an IPv4-only extension: libipt_). -i/-o and -s/-d are built in.
IPTABLES_EXTENSIONS := standard conntrack udp tcp
IPTABLES_INITRAMFS := \
	$(foreach f,xtables-legacy-multi iptables-legacy iptables-legacy-save iptables-legacy-restore, \
		-x $(USERLAND_ROOT):/usr/sbin/$(f)) \
	$(foreach e,$(IPTABLES_EXTENSIONS),-x $(USERLAND_ROOT):$(XTABLES_DIR)/libxt_$(e).so) \
	-x $(USERLAND_ROOT):$(XTABLES_DIR)/libipt_icmp.so \
	$(foreach f,iptables iptables-save iptables-restore,-l /bin/$(f)=xtables-legacy-multi)
# The kernel side of those, loaded at boot (moddeps.py adds x_tables, nf_conntrack,
# nf_defrag_ipv4/6, libcrc32c). It follows depends= only, not softdep=: libcrc32c's
# "pre: crc32c" is crc32c_generic, named ahead of it. Preloading also means nothing asks
# for /sbin/modprobe, which busybox cannot serve without a modules.dep. The icmp match
# is ip_tables' own.
IPTABLES_MODULES := -m crc32c_generic -m iptable_filter -m xt_conntrack -m xt_tcpudp

.PHONY: userland-fetch
userland-fetch: $(USERLAND_DEBS)

endif
