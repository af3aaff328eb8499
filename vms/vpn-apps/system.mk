# SPDX-License-Identifier: MIT
# vpn-apps: both VMs boot Debian's arm64 kernel with their own initramfs and device tree.
include vms/vpn-apps/linux.mk
# The user-mode network QEMU gives vpn's NIC (the first virtio-net-device lands on transport 31).
QEMU_NET := -netdev user,id=n0 -device virtio-net-device,netdev=n0
