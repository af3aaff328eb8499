# SPDX-License-Identifier: MIT
# vpn-apps' demo PKI (pki.sh): made once per build tree under build/vpn-apps/pki, never
# committed. VPN_PKI/<name>.crt and .key for ca, gw, client, rogue-ca, rogue-gw,
# misnamed-gw and rogue-client; VPN_PKI/names holds the names the certificates carry.

ifndef SHOJI_VPN_PKI_MK
SHOJI_VPN_PKI_MK := 1

VPN_PKI := build/vpn-apps/pki
VPN_PKI_DONE := $(VPN_PKI)/.done

$(VPN_PKI_DONE): vms/vpn-apps/pki.sh
	@echo "  PKI     $(VPN_PKI)"
	$(Q)rm -rf $(VPN_PKI) && sh $< $(VPN_PKI)

.PHONY: vpn-pki
vpn-pki: $(VPN_PKI_DONE)

endif
