/* SPDX-License-Identifier: MIT */
/* QEMU `virt` (virtualization=on, gic-version=3, -smp 4, -m 2G): the board as data. */
#include <board.h>

/* MPIDR affinity of each CPU as QEMU's virt assigns it (Aff0 = CPU index). */
static const uint64_t virt_cpus[] = {0x0, 0x1, 0x2, 0x3};

/*
 * Devices a VM must not reach unless its partition is given them. Taken from the
 * device tree QEMU 7.2 generates (shared/reference/qemu-virt-gicv3-smp4-2G-net.dts).
 * The 32 virtio-mmio transports are listed separately so each can be passed
 * through on its own.
 */
/* clang-format off */
#define VIRTIO_MMIO(n) { "virtio-mmio" #n, PA_INIT(0x0a000000 + 0x200 * (n)), 0x200, { 48 + (n) }, true }
/* clang-format on */

static const struct board_device virt_devices[] = {
	{"flash0", PA_INIT(0x00000000), 0x04000000, {0}, false},
	{"flash1", PA_INIT(0x04000000), 0x04000000, {0}, false},
	{"pl031-rtc", PA_INIT(0x09010000), 0x1000, {34}, false},
	{"fw-cfg", PA_INIT(0x09020000), 0x1000, {0}, true}, /* has a DMA interface */
	{"pl061-gpio", PA_INIT(0x09030000), 0x1000, {39}, false},
	{"pcie-mmio", PA_INIT(0x10000000), 0x2eff0000, {35, 36, 37, 38}, true}, /* bus masters behind it */
	{"pcie-pio", PA_INIT(0x3eff0000), 0x10000, {0}, true},
	{"pcie-ecam", PA_INIT(0x4010000000), 0x10000000, {0}, true},
	VIRTIO_MMIO(0),
	VIRTIO_MMIO(1),
	VIRTIO_MMIO(2),
	VIRTIO_MMIO(3),
	VIRTIO_MMIO(4),
	VIRTIO_MMIO(5),
	VIRTIO_MMIO(6),
	VIRTIO_MMIO(7),
	VIRTIO_MMIO(8),
	VIRTIO_MMIO(9),
	VIRTIO_MMIO(10),
	VIRTIO_MMIO(11),
	VIRTIO_MMIO(12),
	VIRTIO_MMIO(13),
	VIRTIO_MMIO(14),
	VIRTIO_MMIO(15),
	VIRTIO_MMIO(16),
	VIRTIO_MMIO(17),
	VIRTIO_MMIO(18),
	VIRTIO_MMIO(19),
	VIRTIO_MMIO(20),
	VIRTIO_MMIO(21),
	VIRTIO_MMIO(22),
	VIRTIO_MMIO(23),
	VIRTIO_MMIO(24),
	VIRTIO_MMIO(25),
	VIRTIO_MMIO(26),
	VIRTIO_MMIO(27),
	VIRTIO_MMIO(28),
	VIRTIO_MMIO(29),
	VIRTIO_MMIO(30),
	VIRTIO_MMIO(31),
};

const struct board_desc board_desc = {
	.name = "qemu-virt",
	.ram_base = PA_INIT(0x40000000),
	.ram_size = GIB(2),
	/*
	 * QEMU loads a -kernel Image with text_offset 0 at RAM + 2 MiB and puts the
	 * DTB at RAM + 128 MiB; the hypervisor window is the first 128 MiB of RAM.
	 */
	.hyp_base = PA_INIT(0x40000000),
	.hyp_size = MIB(128),
	.cpu_mpidr = virt_cpus,
	.num_cpus = ARRAY_SIZE(virt_cpus),
	.uart_base = PA_INIT(0x09000000),
	.uart_size = 0x1000,
	.uart_intid = 33,
	.gic_version = GIC_V3,
	.gicd_base = PA_INIT(0x08000000),
	.gicd_size = 0x10000,
	.gicr_base = PA_INIT(0x080a0000),
	.gicr_stride = 0x20000,
	.num_spis_max = 288,
	.maint_intid = 25,
	.hyp_timer_intid = 26,
	.vtimer_intid = 27,
	.ptimer_intid = 30,
	.devices = virt_devices,
	.num_devices = ARRAY_SIZE(virt_devices),
};
