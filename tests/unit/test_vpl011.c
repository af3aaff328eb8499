// SPDX-License-Identifier: MIT
/* Unit tests for the virtual PL011 (hyp/core/vpl011.c), register by register against the PL011 TRM. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <vpl011.h>

/* Offsets and bits written out from the TRM (DDI 0183G §3.2-3.3), not taken from the code under test. */
enum {
	DR = 0x000,
	RSR = 0x004,
	FR = 0x018,
	ILPR = 0x020,
	IBRD = 0x024,
	FBRD = 0x028,
	LCR_H = 0x02c,
	CR = 0x030,
	IFLS = 0x034,
	IMSC = 0x038,
	RIS = 0x03c,
	MIS = 0x040,
	ICR = 0x044,
	DMACR = 0x048,
};

#define FR_RXFE 0x10U
#define FR_TXFF 0x20U
#define FR_RXFF 0x40U
#define FR_TXFE 0x80U
#define FR_BUSY 0x08U
#define RXIM    0x10U
#define TXIM    0x20U
#define RTIM    0x40U
#define OEIM    0x400U

static struct vpl011 uart;
static uint8_t sent[256];
static size_t num_sent;

static void capture_tx(void *ctx, uint8_t c)
{
	assert_ptr_equal(ctx, &num_sent);
	if (num_sent < sizeof(sent)) {
		sent[num_sent] = c;
	}
	num_sent++;
}

static int setup(void **state)
{
	(void)state;
	num_sent = 0;
	vpl011_init(&uart, capture_tx, &num_sent);
	return 0;
}

static uint32_t rd(uint32_t offset)
{
	uint32_t v = 0xdeadbeef;
	assert_int_equal(vpl011_read(&uart, offset, 4, &v), VPL011_OK);
	return v;
}

static void wr(uint32_t offset, uint32_t val)
{
	assert_int_equal(vpl011_write(&uart, offset, 4, val), VPL011_OK);
}

static void push(size_t n)
{
	for (size_t i = 0; i < n; i++) {
		assert_true(vpl011_rx_push(&uart, (uint8_t)('a' + i % 26)));
	}
}

static void reset_values(void **state)
{
	(void)state;
	assert_int_equal(rd(DR), 0);
	assert_int_equal(rd(RSR), 0);
	assert_int_equal(rd(FR), FR_TXFE | FR_RXFE);
	assert_int_equal(rd(ILPR), 0);
	/* The firmware-style reset: 115200 8N1 from 24 MHz, FIFOs on, UART enabled. */
	assert_int_equal(rd(IBRD), 13);
	assert_int_equal(rd(FBRD), 1);
	assert_int_equal(rd(LCR_H), 0x70);
	assert_int_equal(rd(CR), 0x301);
	assert_int_equal(rd(IFLS), 0x12);
	assert_int_equal(rd(IMSC), 0);
	assert_int_equal(rd(RIS), TXIM); /* the empty TX FIFO is below its level */
	assert_int_equal(rd(MIS), 0);
	assert_int_equal(rd(ICR), 0);
	assert_int_equal(rd(DMACR), 0);
	assert_false(vpl011_irq_pending(&uart));
	assert_int_equal(uart.rx_dropped, 0);
	assert_int_equal(uart.tx_dropped, 0);
}

static void id_registers(void **state)
{
	static const uint32_t want[8] = {0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
	uint32_t periphid = 0;
	uint32_t cellid = 0;

	(void)state;
	for (uint32_t i = 0; i < 8; i++) {
		assert_int_equal(rd(0xfe0 + 4 * i), want[i]);
	}
	/* As Linux's amba bus assembles them: low byte of each word. */
	for (uint32_t i = 0; i < 4; i++) {
		periphid |= (rd(0xfe0 + 4 * i) & 0xff) << (8 * i);
		cellid |= (rd(0xff0 + 4 * i) & 0xff) << (8 * i);
	}
	assert_int_equal(periphid, 0x00341011);
	assert_int_equal(cellid, 0xb105f00d);
	/* Byte and halfword reads see the same values; writes do not change them. */
	uint32_t v;
	assert_int_equal(vpl011_read(&uart, 0xfe8, 1, &v), VPL011_OK);
	assert_int_equal(v, 0x34);
	assert_int_equal(vpl011_read(&uart, 0xff4, 2, &v), VPL011_OK);
	assert_int_equal(v, 0xf0);
	wr(0xfe0, 0);
	assert_int_equal(rd(0xfe0), 0x11);
	/* Just below the ID block is reserved. */
	assert_int_equal(rd(0xfdc), 0);
}

static void transmits_to_callback(void **state)
{
	(void)state;
	wr(DR, 'h');
	assert_int_equal(vpl011_write(&uart, DR, 1, 'i'), VPL011_OK);
	assert_int_equal(vpl011_write(&uart, DR, 2, '!'), VPL011_OK);
	/* Bits above 7:0 of DR are not data. */
	wr(DR, 0xf0a);
	assert_int_equal(num_sent, 4);
	assert_memory_equal(sent, "hi!\n", 4);
	/* A byte write to DR's upper bytes sends nothing. */
	assert_int_equal(vpl011_write(&uart, DR + 1, 1, 'x'), VPL011_OK);
	assert_int_equal(vpl011_write(&uart, DR + 2, 2, 'x'), VPL011_OK);
	assert_int_equal(num_sent, 4);
	/* Only the low `size` bytes of the value count. */
	assert_int_equal(vpl011_write(&uart, DR, 1, 0x1234), VPL011_OK);
	assert_int_equal(sent[4], 0x34);
	/* TX never fills or gets busy, whatever the guest writes. */
	for (int i = 0; i < 100; i++) {
		wr(DR, 'z');
	}
	assert_int_equal(rd(FR) & (FR_TXFF | FR_BUSY), 0);
	assert_int_not_equal(rd(FR) & FR_TXFE, 0);
}

static void transmit_honours_enables(void **state)
{
	(void)state;
	wr(CR, 0x300); /* UARTEN clear */
	wr(DR, 'a');
	wr(CR, 0x201); /* TXE clear */
	wr(DR, 'b');
	assert_int_equal(num_sent, 0);
	assert_int_equal(uart.tx_dropped, 2);
	assert_int_equal(rd(RIS) & TXIM, 0); /* no TX interrupt while the transmitter is off */
	wr(CR, 0x101);
	wr(DR, 'c');
	assert_int_equal(num_sent, 1);
	assert_int_equal(sent[0], 'c');
	assert_int_equal(rd(RIS) & TXIM, TXIM);
}

static void null_callback_is_harmless(void **state)
{
	(void)state;
	vpl011_init(&uart, NULL, NULL);
	wr(DR, 'a');
	assert_int_equal(uart.tx_dropped, 0);
}

static void fifo_flags_and_order(void **state)
{
	uint32_t v;

	(void)state;
	assert_true(vpl011_rx_push(&uart, 'x'));
	assert_int_equal(rd(FR), FR_TXFE);
	assert_true(vpl011_rx_push(&uart, 'y'));
	assert_true(vpl011_rx_push(&uart, 0xff));
	assert_int_equal(rd(DR), 'x');
	/* A 16-bit read (Linux's default for "arm,pl011") pops too; error bits read 0. */
	assert_int_equal(vpl011_read(&uart, DR, 2, &v), VPL011_OK);
	assert_int_equal(v, 'y');
	/* A read of DR's upper byte is the error bits and pops nothing. */
	assert_int_equal(vpl011_read(&uart, DR + 1, 1, &v), VPL011_OK);
	assert_int_equal(v, 0);
	assert_int_equal(vpl011_read(&uart, DR, 1, &v), VPL011_OK);
	assert_int_equal(v, 0xff);
	assert_int_equal(rd(FR), FR_TXFE | FR_RXFE);
	/* Reading an empty FIFO gives 0 and changes nothing. */
	assert_int_equal(rd(DR), 0);
	assert_int_equal(rd(FR), FR_TXFE | FR_RXFE);
}

static void fifo_full_and_overrun(void **state)
{
	(void)state;
	push(VPL011_FIFO_DEPTH - 1);
	assert_int_equal(rd(FR) & FR_RXFF, 0);
	assert_true(vpl011_rx_push(&uart, 'a' + (VPL011_FIFO_DEPTH - 1) % 26));
	assert_int_equal(rd(FR), FR_TXFE | FR_RXFF);
	/* One more is an overrun: dropped, counted, RSR.OE and OERIS set, FIFO intact. */
	assert_false(vpl011_rx_push(&uart, '!'));
	assert_false(vpl011_rx_push(&uart, '!'));
	assert_int_equal(uart.rx_dropped, 2);
	assert_int_equal(rd(RSR), 0x8);
	assert_int_equal(rd(RIS) & OEIM, OEIM);
	wr(IMSC, OEIM);
	assert_true(vpl011_irq_pending(&uart));
	/* ECR: any write clears the error; ICR clears the interrupt. */
	wr(RSR, 0);
	assert_int_equal(rd(RSR), 0);
	assert_int_equal(rd(RIS) & OEIM, OEIM);
	wr(ICR, OEIM);
	assert_int_equal(rd(RIS) & OEIM, 0);
	assert_false(vpl011_irq_pending(&uart));
	/* The FIFO kept the first 32 bytes, in order. */
	for (uint32_t i = 0; i < VPL011_FIFO_DEPTH; i++) {
		assert_int_equal(rd(DR), 'a' + i % 26);
	}
	assert_int_equal(rd(FR) & FR_RXFE, FR_RXFE);
}

static void fifo_wraps(void **state)
{
	(void)state;
	push(20);
	for (int i = 0; i < 20; i++) {
		rd(DR);
	}
	/* The ring now starts mid-buffer; a full load wraps around. */
	push(VPL011_FIFO_DEPTH);
	for (uint32_t i = 0; i < VPL011_FIFO_DEPTH; i++) {
		assert_int_equal(rd(DR), 'a' + i % 26);
	}
	assert_int_equal(rd(FR) & FR_RXFE, FR_RXFE);
}

static void receive_honours_enables(void **state)
{
	(void)state;
	wr(CR, 0x101); /* RXE clear, as Linux leaves it when the tty is closed */
	assert_false(vpl011_rx_push(&uart, 'a'));
	wr(CR, 0x300); /* UARTEN clear */
	assert_false(vpl011_rx_push(&uart, 'a'));
	assert_int_equal(uart.rx_dropped, 2);
	assert_int_equal(rd(RSR), 0); /* not an overrun */
	assert_int_equal(rd(FR) & FR_RXFE, FR_RXFE);
	wr(CR, 0x301);
	assert_true(vpl011_rx_push(&uart, 'a'));
}

static void character_mode_is_one_deep(void **state)
{
	(void)state;
	wr(LCR_H, 0x60); /* FEN clear */
	assert_true(vpl011_rx_push(&uart, 'a'));
	assert_int_equal(rd(FR), FR_TXFE | FR_RXFF);
	assert_false(vpl011_rx_push(&uart, 'b'));
	assert_int_equal(rd(RSR), 0x8);
	/* One byte reaches the trigger level in character mode. */
	assert_int_equal(rd(RIS) & RXIM, RXIM);
	assert_int_equal(rd(DR), 'a');
}

static void receive_interrupts(void **state)
{
	(void)state;
	/* Data without unmasked interrupts raises nothing. */
	push(1);
	assert_int_equal(rd(RIS) & (RXIM | RTIM), RTIM);
	assert_false(vpl011_irq_pending(&uart));
	/* Reset level 1/2 of 32: RXRIS from the 16th byte; RTRIS whenever not empty. */
	wr(IMSC, RXIM);
	push(14);
	assert_int_equal(rd(RIS) & RXIM, 0);
	assert_false(vpl011_irq_pending(&uart));
	push(1);
	assert_int_equal(rd(RIS) & RXIM, RXIM);
	assert_int_equal(rd(MIS), RXIM);
	assert_true(vpl011_irq_pending(&uart));
	/* Clearing a level that still holds does not stick. */
	wr(ICR, RXIM | RTIM);
	assert_int_equal(rd(MIS), RXIM);
	rd(DR);
	assert_int_equal(rd(MIS), 0);
	assert_false(vpl011_irq_pending(&uart));
	/* RXIFLSEL 0 is 1/8: four bytes. */
	wr(IFLS, 0x00);
	assert_true(vpl011_irq_pending(&uart));
	wr(IFLS, 0x20); /* 7/8: 28 bytes */
	assert_false(vpl011_irq_pending(&uart));
	push(13);
	assert_true(vpl011_irq_pending(&uart));
	wr(IFLS, 0x38); /* reserved encoding: treated as 1/2 */
	for (int i = 0; i < 12; i++) {
		rd(DR);
	}
	assert_true(vpl011_irq_pending(&uart)); /* 16 left */
	rd(DR);
	assert_false(vpl011_irq_pending(&uart));
	/* The timeout interrupt alone: any byte at all. */
	wr(IMSC, RTIM);
	assert_true(vpl011_irq_pending(&uart));
	while ((rd(FR) & FR_RXFE) == 0) {
		rd(DR);
	}
	assert_false(vpl011_irq_pending(&uart));
	assert_int_equal(rd(RIS) & (RXIM | RTIM), 0);
}

static void every_trigger_level(void **state)
{
	/* RXIFLSEL 0-4: 1/8, 1/4, 1/2, 3/4, 7/8 of 32; 5-7 are reserved and act as 1/2. */
	static const uint32_t level[8] = {4, 8, 16, 24, 28, 16, 16, 16};

	(void)state;
	for (uint32_t sel = 0; sel < 8; sel++) {
		vpl011_init(&uart, capture_tx, &num_sent);
		wr(IFLS, (sel << 3) | 0x7); /* the TX level bits do not matter */
		wr(IMSC, RXIM);
		push(level[sel] - 1);
		assert_false(vpl011_irq_pending(&uart));
		push(1);
		assert_true(vpl011_irq_pending(&uart));
	}
}

static void transmit_interrupt(void **state)
{
	(void)state;
	wr(IMSC, TXIM);
	assert_true(vpl011_irq_pending(&uart));
	assert_int_equal(rd(MIS), TXIM);
	/* ICR cannot clear it: the FIFO stays below its level. Masking or disabling can. */
	wr(ICR, 0x7ff);
	assert_true(vpl011_irq_pending(&uart));
	wr(CR, 0x201);
	assert_false(vpl011_irq_pending(&uart));
	wr(CR, 0x301);
	wr(IMSC, 0);
	assert_false(vpl011_irq_pending(&uart));
}

static void register_widths_and_read_only(void **state)
{
	(void)state;
	wr(IMSC, 0xffffffff);
	assert_int_equal(rd(IMSC), 0x7ff);
	wr(IFLS, 0xffffffff);
	assert_int_equal(rd(IFLS), 0x3f);
	wr(CR, 0xffffffff);
	assert_int_equal(rd(CR), 0xff87);
	wr(IBRD, 0xffffffff);
	assert_int_equal(rd(IBRD), 0xffff);
	wr(FBRD, 0xffffffff);
	assert_int_equal(rd(FBRD), 0x3f);
	wr(LCR_H, 0xffffffff);
	assert_int_equal(rd(LCR_H), 0xff);
	wr(ILPR, 0x1ff);
	assert_int_equal(rd(ILPR), 0xff);
	/* FR, RIS, MIS are read-only; DMACR is RAZ/WI (no DMA). */
	wr(IMSC, 0);
	wr(FR, 0);
	wr(RIS, 0xffff);
	wr(MIS, 0xffff);
	wr(DMACR, 0x7);
	assert_int_equal(rd(FR), FR_TXFE | FR_RXFE);
	assert_int_equal(rd(RIS), TXIM);
	assert_int_equal(rd(MIS), 0);
	assert_int_equal(rd(DMACR), 0);
}

static void sub_word_accesses(void **state)
{
	uint32_t v;

	(void)state;
	assert_int_equal(vpl011_read(&uart, CR, 2, &v), VPL011_OK);
	assert_int_equal(v, 0x301);
	assert_int_equal(vpl011_read(&uart, CR + 1, 1, &v), VPL011_OK);
	assert_int_equal(v, 0x03);
	assert_int_equal(vpl011_read(&uart, CR + 2, 2, &v), VPL011_OK);
	assert_int_equal(v, 0);
	/* A byte write changes only its byte: clear TXE|RXE, keep UARTEN. */
	assert_int_equal(vpl011_write(&uart, CR + 1, 1, 0x00), VPL011_OK);
	assert_int_equal(rd(CR), 0x001);
	assert_int_equal(vpl011_write(&uart, CR, 1, 0x80), VPL011_OK);
	assert_int_equal(rd(CR), 0x080);
	/* Writes to the unimplemented upper half change nothing. */
	assert_int_equal(vpl011_write(&uart, IMSC + 2, 2, 0xffff), VPL011_OK);
	assert_int_equal(rd(IMSC), 0);
	/* ICR by byte: write-1-to-clear on the bytes written only. */
	wr(CR, 0x301);
	push(VPL011_FIFO_DEPTH);
	assert_false(vpl011_rx_push(&uart, 'x'));
	assert_int_equal(vpl011_write(&uart, ICR, 1, 0xff), VPL011_OK);
	assert_int_equal(rd(RIS) & OEIM, OEIM);
	assert_int_equal(vpl011_write(&uart, ICR + 1, 1, 0x04), VPL011_OK);
	assert_int_equal(rd(RIS) & OEIM, 0);
}

static void bad_accesses_are_rejected(void **state)
{
	uint32_t v = 0x5a5a5a5a;

	(void)state;
	push(1);
	/* Sizes other than 1, 2, 4. */
	assert_int_equal(vpl011_read(&uart, DR, 8, &v), VPL011_ERR_SIZE);
	assert_int_equal(vpl011_read(&uart, DR, 0, &v), VPL011_ERR_SIZE);
	assert_int_equal(vpl011_read(&uart, DR, 3, &v), VPL011_ERR_SIZE);
	assert_int_equal(vpl011_write(&uart, DR, 8, 'x'), VPL011_ERR_SIZE);
	/* Misaligned. */
	assert_int_equal(vpl011_read(&uart, DR + 1, 2, &v), VPL011_ERR_ALIGN);
	assert_int_equal(vpl011_read(&uart, FR + 2, 4, &v), VPL011_ERR_ALIGN);
	assert_int_equal(vpl011_write(&uart, DR + 2, 4, 'x'), VPL011_ERR_ALIGN);
	assert_int_equal(vpl011_write(&uart, 0xfff, 2, 0), VPL011_ERR_ALIGN);
	/* Outside the page, including offsets that would alias if truncated. */
	assert_int_equal(vpl011_read(&uart, 0x1000, 4, &v), VPL011_ERR_RANGE);
	assert_int_equal(vpl011_read(&uart, 0x100000000ULL, 4, &v), VPL011_ERR_RANGE);
	assert_int_equal(vpl011_write(&uart, 0x100000000ULL + DR, 1, 'x'), VPL011_ERR_RANGE);
	assert_int_equal(vpl011_write(&uart, UINT64_MAX, 1, 'x'), VPL011_ERR_RANGE);
	assert_int_equal(vpl011_write(&uart, UINT64_MAX - 3, 4, 'x'), VPL011_ERR_RANGE);
	/* None of them touched anything: no output, no pop, value untouched. */
	assert_int_equal(v, 0x5a5a5a5a);
	assert_int_equal(num_sent, 0);
	assert_int_equal(rd(FR) & FR_RXFE, 0);
	/* The last valid byte of the page is a reserved offset. */
	assert_int_equal(vpl011_read(&uart, 0xfff, 1, &v), VPL011_OK);
	assert_int_equal(v, 0);
}

static void reserved_offsets(void **state)
{
	static const uint32_t reserved[] = {0x008, 0x00c, 0x010, 0x014, 0x01c, 0x04c,
					    0x080, 0x084, 0x088, 0x08c, 0x800, 0xfdc};

	(void)state;
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		wr(reserved[i], 0xffffffff);
		assert_int_equal(rd(reserved[i]), 0);
	}
	/* ... and the writes landed nowhere. */
	assert_int_equal(num_sent, 0);
	assert_int_equal(rd(IMSC), 0);
	assert_int_equal(rd(CR), 0x301);
}

static void reset_clears_everything(void **state)
{
	(void)state;
	wr(IMSC, 0x7ff);
	wr(CR, 0x001);
	wr(IFLS, 0);
	wr(IBRD, 1);
	wr(LCR_H, 0);
	wr(CR, 0x301);
	assert_true(vpl011_rx_push(&uart, 'a'));
	assert_false(vpl011_rx_push(&uart, 'b'));
	wr(CR, 0x001);
	wr(DR, 'x');
	vpl011_init(&uart, capture_tx, &num_sent);
	reset_values(state);
	assert_int_equal(rd(DR), 0);
	/* The callback survives the reset. */
	wr(DR, 'y');
	assert_int_equal(sent[num_sent - 1], 'y');
}

/*
 * The amba-pl011 driver's path, in miniature: probe, startup, a received line
 * handled by the interrupt loop, and interrupt-driven TX that must end.
 */
static void linux_driver_sequence(void **state)
{
	uint32_t im;
	int passes;

	(void)state;
	/* pl011_register_port */
	wr(IMSC, 0);
	wr(ICR, 0xffff);
	/* pl011_hwinit, pl011_startup, pl011_enable_interrupts */
	wr(ICR, 0x7f0);
	wr(IFLS, 0x12);
	wr(CR, 0x301);
	wr(ICR, RTIM | RXIM);
	while ((rd(FR) & FR_RXFE) == 0) {
		rd(DR);
	}
	im = RTIM | RXIM;
	wr(IMSC, im);
	assert_false(vpl011_irq_pending(&uart));

	/* A short line arrives: below the trigger level, the timeout interrupt carries it. */
	for (const char *p = "ls\r"; *p != '\0'; p++) {
		assert_true(vpl011_rx_push(&uart, (uint8_t)*p));
	}
	assert_true(vpl011_irq_pending(&uart));
	/* pl011_int: the loop must end with the FIFO drained. */
	size_t got = 0;
	uint32_t status = rd(RIS) & im;
	for (passes = 0; status != 0 && passes < 256; passes++) {
		wr(ICR, status & ~(TXIM | RTIM | RXIM));
		if (status & (RTIM | RXIM)) {
			while ((rd(FR) & FR_RXFE) == 0) {
				rd(DR);
				got++;
			}
		}
		status = rd(RIS) & im;
	}
	assert_int_equal(got, 3);
	assert_int_equal(passes, 1);
	assert_false(vpl011_irq_pending(&uart));

	/* pl011_start_tx_pio: writes while TXFF is clear, so 500 bytes go at once. */
	size_t pending = 500;
	while (pending > 0 && (rd(FR) & FR_TXFF) == 0) {
		wr(DR, 'o');
		pending--;
	}
	assert_int_equal(pending, 0);
	assert_int_equal(num_sent, 500);

	/* With TXIM set (the x_char path), the TX interrupt stops once the driver masks it. */
	im |= TXIM;
	wr(IMSC, im);
	pending = 40;
	status = rd(RIS) & im;
	for (passes = 0; status != 0 && passes < 256; passes++) {
		for (int n = 0; n < 16 && pending > 0; n++) { /* pl011_tx_chars: fifosize / 2 */
			wr(DR, 'p');
			pending--;
		}
		if (pending == 0) {
			im &= ~TXIM; /* pl011_stop_tx */
			wr(IMSC, im);
		}
		status = rd(RIS) & im;
	}
	assert_int_equal(pending, 0);
	assert_int_equal(passes, 3);
	assert_false(vpl011_irq_pending(&uart));

	/* pl011_console_write: waits for BUSY to clear, which it always is. */
	assert_int_equal(rd(FR) & FR_BUSY, 0);
	/* pl011_shutdown: RXE off, FIFOs off; input is then refused, not queued. */
	wr(IMSC, 0);
	wr(ICR, 0xffff);
	wr(CR, 0x101);
	wr(LCR_H, 0x60);
	assert_false(vpl011_rx_push(&uart, 'q'));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(reset_values, setup),
		cmocka_unit_test_setup(id_registers, setup),
		cmocka_unit_test_setup(transmits_to_callback, setup),
		cmocka_unit_test_setup(transmit_honours_enables, setup),
		cmocka_unit_test_setup(null_callback_is_harmless, setup),
		cmocka_unit_test_setup(fifo_flags_and_order, setup),
		cmocka_unit_test_setup(fifo_full_and_overrun, setup),
		cmocka_unit_test_setup(fifo_wraps, setup),
		cmocka_unit_test_setup(receive_honours_enables, setup),
		cmocka_unit_test_setup(character_mode_is_one_deep, setup),
		cmocka_unit_test_setup(receive_interrupts, setup),
		cmocka_unit_test_setup(every_trigger_level, setup),
		cmocka_unit_test_setup(transmit_interrupt, setup),
		cmocka_unit_test_setup(register_widths_and_read_only, setup),
		cmocka_unit_test_setup(sub_word_accesses, setup),
		cmocka_unit_test_setup(bad_accesses_are_rejected, setup),
		cmocka_unit_test_setup(reserved_offsets, setup),
		cmocka_unit_test_setup(reset_clears_everything, setup),
		cmocka_unit_test_setup(linux_driver_sequence, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
