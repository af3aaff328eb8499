/* SPDX-License-Identifier: MIT */
/*
 * The virtual PL011: register semantics of an Arm PL011 r1p5 as Linux's
 * amba-pl011 driver and polling bare-metal guests use it (TRM DDI 0183G, ch. 3).
 *
 * What is emulated, and the simplifications:
 *  - Reset state. The UART comes out of reset the way boot firmware on a real
 *    board leaves its console UART: enabled (UARTEN|TXE|RXE), 8N1 with FIFOs on,
 *    115200 baud for the 24 MHz UARTCLK of QEMU virt's apb-pclk (IBRD 13,
 *    FBRD 1). The TRM's reset values would leave UARTEN clear and the FIFOs off,
 *    and a guest that relies on the firmware's set-up (most bare-metal code, and
 *    Linux's earlycon) would print nothing. IBRD/FBRD must be non-zero whenever
 *    UARTEN is set: Linux's pl011_console_get_options divides by them.
 *  - Enables are honoured: a byte written while UARTEN or TXE is clear is
 *    dropped (counted), as is a byte arriving while UARTEN or RXE is clear.
 *    Linux sets both in pl011_startup and around every console write.
 *  - Transmission is instantaneous: the TX FIFO is always empty (FR.TXFE set,
 *    TXFF and BUSY clear), so TXRIS, which means "TX FIFO at or below its trigger
 *    level", is asserted whenever the transmitter is enabled. Output is unbounded
 *    as the guest sees it; the console layer rate-limits. Linux copes: its
 *    start_tx writes while TXFF is clear and enables TXIM only if the FIFO
 *    filled, and its interrupt handler masks TXIM once its buffer is empty.
 *  - Receive: a 32-byte FIFO (1 byte with LCR_H.FEN clear, TRM §2.4.3). RXRIS is
 *    asserted while the FIFO holds at least the IFLS trigger level. There is no
 *    character timing, so the receive timeout (RTRIS) is asserted whenever the
 *    FIFO is not empty instead of 32 bit periods after the last byte. RXRIS,
 *    RTRIS and TXRIS are levels computed from the state: writing their ICR bits
 *    has no lasting effect, which is what the hardware does for a level that
 *    still holds. An overrun sets RSR.OE and the latched OERIS (ICR clears it).
 *  - Not emulated: DMA (DMACR reads as zero, writes are ignored), IrDA, loopback
 *    (LBE is stored, bytes still go to the console), modem lines (CTS, DSR, DCD
 *    and RI read 0; their interrupts never fire), break/parity/framing errors
 *    (never happen), the baud rate and line format (stored, no effect), and the
 *    LCR_H-write latching of IBRD/FBRD.
 *  - Accesses of 1, 2 or 4 bytes, naturally aligned, reach any register (Linux
 *    uses 16-bit accesses for "arm,pl011"). A narrower access sees or changes
 *    only its bytes of the 32-bit register; side effects (popping DR, sending a
 *    byte) happen only when the access covers bits 7:0. Reserved offsets read
 *    as zero and ignore writes.
 */
#include <vpl011.h>

/* Register offsets (TRM §3.2, Table 3-1). */
#define UARTDR        U(0x000)
#define UARTRSR       U(0x004) /* read: UARTRSR; write: UARTECR */
#define UARTFR        U(0x018)
#define UARTILPR      U(0x020)
#define UARTIBRD      U(0x024)
#define UARTFBRD      U(0x028)
#define UARTLCR_H     U(0x02C)
#define UARTCR        U(0x030)
#define UARTIFLS      U(0x034)
#define UARTIMSC      U(0x038)
#define UARTRIS       U(0x03C)
#define UARTMIS       U(0x040)
#define UARTICR       U(0x044)
#define UARTDMACR     U(0x048)
#define UARTPERIPHID0 U(0xFE0)
#define UARTPCELLID3  U(0xFFC)

/* UARTRSR (TRM §3.3.2). */
#define RSR_OE U(0x8)

/* UARTFR (TRM §3.3.3). */
#define FR_RXFE U(0x010)
#define FR_RXFF U(0x040)
#define FR_TXFE U(0x080)

/* UARTLCR_H (TRM §3.3.7). */
#define LCR_H_FEN    U(0x10)
#define LCR_H_WLEN_8 U(0x60)

/* UARTCR (TRM §3.3.8). */
#define CR_UARTEN U(0x0001)
#define CR_TXE    U(0x0100)
#define CR_RXE    U(0x0200)

/* UARTIFLS (TRM §3.3.9): RXIFLSEL in bits 5:3. */
#define IFLS_RX_SHIFT 3U
#define IFLS_SEL_MASK U(0x7)

/* Interrupt bits, shared by IMSC, RIS, MIS and ICR (TRM §3.3.10-3.3.13). */
#define INT_RX U(0x010)
#define INT_TX U(0x020)
#define INT_RT U(0x040)
#define INT_OE U(0x400)

/* Implemented widths of the read/write registers (TRM §3.3). */
#define ILPR_MASK  U(0xFF)
#define IBRD_MASK  U(0xFFFF)
#define FBRD_MASK  U(0x3F)
#define LCR_H_MASK U(0xFF)
#define CR_MASK    U(0xFF87) /* bits 6:3 reserved */
#define IFLS_MASK  U(0x3F)
#define IMSC_MASK  U(0x7FF)

/* Reset state: see the top of this file for why it is the firmware's, not the TRM's. */
#define RESET_IBRD  U(13) /* 24 MHz / (16 * 115200) = 13.02 */
#define RESET_FBRD  U(1)  /* round(0.02 * 64) */
#define RESET_LCR_H (LCR_H_WLEN_8 | LCR_H_FEN)
#define RESET_CR    (CR_UARTEN | CR_TXE | CR_RXE)
#define RESET_IFLS  U(0x12) /* TRM reset value: both levels at 1/2 */

/*
 * UARTPeriphID0-3 and UARTPCellID0-3 (TRM §3.3.14-3.3.21): part 0x011, designer
 * 0x41 (Arm), revision 3 (r1p5), configuration 0; Linux reads them as AMBA ID
 * 0x00341011 and sizes the FIFO at 32 from the revision.
 */
static const uint8_t pl011_id[8] = {0x11, 0x10, 0x34, 0x00, 0x0D, 0xF0, 0x05, 0xB1};

/* RX FIFO trigger levels for RXIFLSEL 0-4: 1/8, 1/4, 1/2, 3/4, 7/8 full (TRM §3.3.9). */
static const uint8_t rx_levels[5] = {4, 8, 16, 24, 28};

_Static_assert(VPL011_FIFO_DEPTH == 32, "rx_levels assume the r1p5 32-byte FIFO");
_Static_assert((VPL011_FIFO_DEPTH & (VPL011_FIFO_DEPTH - 1)) == 0, "the ring index wraps by masking");
_Static_assert(UARTPCELLID3 - UARTPERIPHID0 == 4 * (sizeof(pl011_id) - 1), "one ID byte per word");

static bool tx_enabled(const struct vpl011 *u)
{
	return (u->cr & (CR_UARTEN | CR_TXE)) == (CR_UARTEN | CR_TXE);
}

static bool rx_enabled(const struct vpl011 *u)
{
	return (u->cr & (CR_UARTEN | CR_RXE)) == (CR_UARTEN | CR_RXE);
}

/* With the FIFOs disabled each becomes a one-byte holding register (TRM §2.4.3). */
static uint32_t rx_depth(const struct vpl011 *u)
{
	return (u->lcr_h & LCR_H_FEN) != 0 ? VPL011_FIFO_DEPTH : 1U;
}

static uint32_t rx_trigger(const struct vpl011 *u)
{
	uint32_t sel = (u->ifls >> IFLS_RX_SHIFT) & IFLS_SEL_MASK;

	if ((u->lcr_h & LCR_H_FEN) == 0) {
		return 1;
	}
	/* Encodings 5-7 are reserved; treat them as the reset level, 1/2. */
	return sel < ARRAY_SIZE(rx_levels) ? rx_levels[sel] : VPL011_FIFO_DEPTH / 2;
}

static uint32_t raw_interrupts(const struct vpl011 *u)
{
	uint32_t ris = u->ris_latched;

	if (u->rx_count >= rx_trigger(u)) {
		ris |= INT_RX;
	}
	if (u->rx_count > 0) {
		ris |= INT_RT;
	}
	if (tx_enabled(u)) {
		ris |= INT_TX;
	}
	return ris;
}

static uint32_t flags(const struct vpl011 *u)
{
	uint32_t fr = FR_TXFE;

	if (u->rx_count == 0) {
		fr |= FR_RXFE;
	}
	if (u->rx_count >= rx_depth(u)) {
		fr |= FR_RXFF;
	}
	return fr;
}

/* Data bits 7:0 of the oldest byte, error bits 11:8 always 0; 0 when empty (TRM §3.3.1). */
static uint32_t rx_pop(struct vpl011 *u)
{
	uint8_t c;

	if (u->rx_count == 0) {
		return 0;
	}
	c = u->rx_fifo[u->rx_head];
	u->rx_head = (u->rx_head + 1U) & (VPL011_FIFO_DEPTH - 1U);
	u->rx_count--;
	return c;
}

/* The plain read/write registers: their field and implemented width, or NULL. */
static uint32_t *rw_register(struct vpl011 *u, uint32_t reg, uint32_t *mask)
{
	switch (reg) {
	case UARTILPR:
		*mask = ILPR_MASK;
		return &u->ilpr;
	case UARTIBRD:
		*mask = IBRD_MASK;
		return &u->ibrd;
	case UARTFBRD:
		*mask = FBRD_MASK;
		return &u->fbrd;
	case UARTLCR_H:
		*mask = LCR_H_MASK;
		return &u->lcr_h;
	case UARTCR:
		*mask = CR_MASK;
		return &u->cr;
	case UARTIFLS:
		*mask = IFLS_MASK;
		return &u->ifls;
	case UARTIMSC:
		*mask = IMSC_MASK;
		return &u->imsc;
	default:
		return NULL;
	}
}

/* The 32-bit value of any register, without side effects (DR's pop is the caller's). */
static uint32_t register_value(struct vpl011 *u, uint32_t reg)
{
	uint32_t mask;
	const uint32_t *rw = rw_register(u, reg, &mask);

	if (rw != NULL) {
		return *rw;
	}
	switch (reg) {
	case UARTRSR:
		return u->rsr;
	case UARTFR:
		return flags(u);
	case UARTRIS:
		return raw_interrupts(u);
	case UARTMIS:
		return raw_interrupts(u) & u->imsc;
	default:
		break;
	}
	if (reg >= UARTPERIPHID0 && reg <= UARTPCELLID3) {
		return pl011_id[(reg - UARTPERIPHID0) / 4U];
	}
	/* DR's upper bytes (error bits, never set), ICR (write-only), DMACR and reserved. */
	return 0;
}

static void transmit(struct vpl011 *u, uint8_t c)
{
	if (!tx_enabled(u)) {
		u->tx_dropped++;
		return;
	}
	if (u->tx != NULL) {
		u->tx(u->tx_ctx, c);
	}
}

/* `val` is already shifted into place; `lanes` has ones in the bytes the access wrote. */
static void register_write(struct vpl011 *u, uint32_t reg, uint32_t val, uint32_t lanes)
{
	uint32_t mask;
	uint32_t *rw = rw_register(u, reg, &mask);

	if (rw != NULL) {
		*rw = ((*rw & ~lanes) | (val & lanes)) & mask;
		return;
	}
	switch (reg) {
	case UARTDR:
		if ((lanes & U(0xFF)) != 0) {
			transmit(u, (uint8_t)(val & U(0xFF)));
		}
		break;
	case UARTRSR:
		/* UARTECR: a write of any value clears the receive errors (TRM §3.3.2). */
		u->rsr = 0;
		break;
	case UARTICR:
		/* Write 1 to clear; only latched bits stay cleared (see the top of the file). */
		u->ris_latched &= ~(val & lanes);
		break;
	default:
		/* FR, RIS, MIS and the ID registers are read-only; DMACR and reserved offsets WI. */
		break;
	}
}

/* Validation shared by reads and writes; changes nothing. */
static int check_access(uint64_t offset, unsigned int size)
{
	if (size != 1 && size != 2 && size != 4) {
		return VPL011_ERR_SIZE;
	}
	if (offset >= VPL011_MMIO_SIZE) {
		return VPL011_ERR_RANGE;
	}
	if ((offset & (size - 1U)) != 0) {
		return VPL011_ERR_ALIGN;
	}
	return VPL011_OK;
}

static uint32_t size_mask(unsigned int size)
{
	return size == 4 ? U(0xFFFFFFFF) : (U(1) << (8U * size)) - 1U;
}

void vpl011_init(struct vpl011 *u, vpl011_tx_fn tx, void *ctx)
{
	*u = (struct vpl011){
		.tx = tx,
		.tx_ctx = ctx,
		.ibrd = RESET_IBRD,
		.fbrd = RESET_FBRD,
		.lcr_h = RESET_LCR_H,
		.cr = RESET_CR,
		.ifls = RESET_IFLS,
	};
}

int vpl011_read(struct vpl011 *u, uint64_t offset, unsigned int size, uint32_t *val)
{
	int err = check_access(offset, size);
	uint32_t reg;
	uint32_t shift;
	uint32_t full;

	if (err != VPL011_OK) {
		return err;
	}
	reg = (uint32_t)offset & ~U(3);
	shift = ((uint32_t)offset & U(3)) * 8U;
	full = (reg == UARTDR && shift == 0) ? rx_pop(u) : register_value(u, reg);
	*val = (full >> shift) & size_mask(size);
	return VPL011_OK;
}

int vpl011_write(struct vpl011 *u, uint64_t offset, unsigned int size, uint32_t val)
{
	int err = check_access(offset, size);
	uint32_t shift;

	if (err != VPL011_OK) {
		return err;
	}
	shift = ((uint32_t)offset & U(3)) * 8U;
	register_write(u, (uint32_t)offset & ~U(3), (val & size_mask(size)) << shift, size_mask(size) << shift);
	return VPL011_OK;
}

bool vpl011_rx_push(struct vpl011 *u, uint8_t c)
{
	if (!rx_enabled(u)) {
		u->rx_dropped++;
		return false;
	}
	if (u->rx_count >= rx_depth(u)) {
		/* Overrun: the FIFO keeps its contents, the new byte is lost (TRM §3.3.2). */
		u->rsr |= RSR_OE;
		u->ris_latched |= INT_OE;
		u->rx_dropped++;
		return false;
	}
	u->rx_fifo[(u->rx_head + u->rx_count) & (VPL011_FIFO_DEPTH - 1U)] = c;
	u->rx_count++;
	return true;
}

bool vpl011_irq_pending(const struct vpl011 *u)
{
	return (raw_interrupts(u) & u->imsc) != 0;
}
