/* SPDX-License-Identifier: MIT */
/*
 * Trust commands: ATTEST and KEY_DERIVE (include/shoji/attest.h) with whatever buffer
 * the test names, so a test can aim them at good and bad addresses alike, and the
 * bytes the hypervisor wrote printed back as hex for a host tool to check.
 */
#include <shoji/abi.h>
#include <shoji/attest.h>

#include "cmd.h"
#include "console.h"
#include "guest.h"

/*
 * A report is 208 bytes, 416 hex digits: more than the hypervisor's console keeps
 * on one line (160 characters, hyp/include/console.h), so it is printed in pieces
 * of this many bytes, each line saying where its piece starts.
 */
#define REPORT_CHUNK 64U
#define NONCE_WORDS  (SHOJI_NONCE_SIZE / 8)

/* A probed SHOJI_HVC_VERSION: where HVC is UNDEFINED, says `abort <what> ...` and returns false. */
static bool hvc_present(const char *what)
{
	uint64_t regs[4] = {SHOJI_HVC_VERSION, 0, 0, 0};
	struct probe_fault f;

	if (probe_smccc(SMCCC_CONDUIT_HVC, regs, &f))
		return true;
	con_puts("abort ");
	con_puts(what);
	print_fault(&f);
	return false;
}

/* One trust call with x1..x6; SMCCC 1.1 lets it change x0..x17. */
static uint64_t trust_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3, const uint64_t more[3])
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	register uint64_t x4 __asm__("x4") = more[0];
	register uint64_t x5 __asm__("x5") = more[1];
	register uint64_t x6 __asm__("x6") = more[2];

	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5), "+r"(x6)
			 :
			 : "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	return x0;
}

/* 64 hex digits into the four nonce registers: x3 holds bytes 0..7, little-endian (attest.h). */
static bool parse_nonce(const char *s, uint64_t words[NONCE_WORDS])
{
	unsigned i;

	for (i = 0; i < NONCE_WORDS; i++)
		words[i] = 0;
	for (i = 0; i < 2 * SHOJI_NONCE_SIZE; i++) {
		char c = s[i];
		uint64_t d;

		if (c >= '0' && c <= '9')
			d = (uint64_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (uint64_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (uint64_t)(c - 'A' + 10);
		else
			return false; /* also the terminator of a short nonce */
		/* Byte i/2 of the nonce; its high nibble comes first. */
		words[i / 16] |= d << (8 * ((i / 2) % 8) + ((i % 2) == 0 ? 4 : 0));
	}
	return s[i] == '\0';
}

static void put_hex_byte(uint8_t b)
{
	static const char digits[] = "0123456789abcdef";

	con_putc(digits[b >> 4]);
	con_putc(digits[b & 0xf]);
}

/*
 * Prints len bytes at addr as hex, reading aligned 32-bit words through the probe
 * (RAM with the MMU off is Device memory: no unaligned access). A fault prints
 * `abort <what> ...` instead of the rest.
 */
static bool put_hex_bytes(uint64_t addr, uint64_t len, const char *what)
{
	struct probe_fault f;
	uint64_t word_at = 1; /* never aligned: nothing read yet */
	uint32_t word = 0;

	for (uint64_t i = 0; i < len; i++) {
		uint64_t at = (addr + i) & ~ULL(3);

		if (at != word_at && !probe_read32(at, &word, &f)) {
			con_nl();
			con_puts("abort ");
			con_puts(what);
			print_fault(&f);
			return false;
		}
		word_at = at;
		put_hex_byte((uint8_t)(word >> (8 * ((addr + i) & 3))));
	}
	return true;
}

static void print_ret(uint64_t x0)
{
	con_puts("ret x0=");
	con_hex(x0);
	con_nl();
}

/* `attest <buf_ipa> <size> <nonce>`: `ret x0=..`, then on success `report <offset> <hex>` lines. */
bool cmd_attest(const struct cmd_args *a)
{
	uint64_t buf, size, nonce[NONCE_WORDS];

	if (!parse_addr(a->argv[0], &buf) || !parse_count(a->argv[1], &size) || !parse_nonce(a->argv[2], nonce))
		return false;
	if (!hvc_present("attest"))
		return true;
	uint64_t x0 = trust_call(SHOJI_HVC_ATTEST, buf, size, nonce[0], &nonce[1]);
	print_ret(x0);
	/* Only what the call says it wrote, and never past the buffer the caller gave. */
	if ((int64_t)x0 <= 0 || x0 > size)
		return true;
	for (uint64_t off = 0; off < x0; off += REPORT_CHUNK) {
		con_puts("report ");
		con_hex(off);
		con_putc(' ');
		if (!put_hex_bytes(buf + off, x0 - off < REPORT_CHUNK ? x0 - off : REPORT_CHUNK, "attest"))
			return true;
		con_nl();
	}
	return true;
}

/* `derive <buf_ipa> <size> <label>`: `ret x0=..`, then on success `key <hex>`. */
bool cmd_derive(const struct cmd_args *a)
{
	static const uint64_t unused[3] = {0, 0, 0};
	uint64_t buf, size, label;

	if (!parse_addr(a->argv[0], &buf) || !parse_count(a->argv[1], &size) || !parse_hex(a->argv[2], &label))
		return false;
	if (!hvc_present("derive"))
		return true;
	uint64_t x0 = trust_call(SHOJI_HVC_KEY_DERIVE, buf, size, label, unused);
	print_ret(x0);
	if (x0 != SHOJI_KEY_SIZE || size < SHOJI_KEY_SIZE)
		return true;
	con_puts("key ");
	if (put_hex_bytes(buf, SHOJI_KEY_SIZE, "derive"))
		con_nl();
	return true;
}
