/* SPDX-License-Identifier: MIT */
/*
 * shoji-attest-verify: checks an ATTEST report as the corporate gateway would, one
 * line per check, and exits non-zero unless every check passed (the work is in verify.c).
 *
 * --dev-secret derives the device key from QEMU's development device secret, taken
 * from the board's own board_device_secret() (board/qemu-virt/board_ops.c, linked in
 * on the host), so the two cannot drift. That secret is public: a report it verifies
 * proves nothing about a real device (docs/threat-model.md).
 */
#include <errno.h>
#include <string.h>

#include <board.h>

#include "hexkey.h"
#include "verify.h"

#define REPORT_MAX 4096 /* far above a report; a bigger file is refused before it is read whole */

struct args {
	const char *device_pub; /* hex */
	bool dev_secret;
	const char *report;
	const char *measurement;
	const char *nonce;
	const char *table;
	const char *vm;
	bool verified;
};

static int usage(void)
{
	(void)fprintf(
		stderr,
		"usage: shoji-attest-verify (--device-pub HEX | --dev-secret) --report FILE\n"
		"                           [--measurement HEX] [--nonce HEX] [--vm NAME] [--table HEX] [--verified]\n"
		"  --device-pub   the device's attestation public key, 130 hex characters (SEC1 04||X||Y)\n"
		"  --dev-secret   derive it from QEMU's PUBLIC development device secret instead\n"
		"  --report       the report: %zu raw bytes, or their %zu hex characters on one line\n"
		"  --measurement  expected VM measurement (64 hex; shoji-pack --measure VM IMAGE)\n"
		"  --nonce        expected nonce (64 hex)\n"
		"  --vm           expected VM name\n"
		"  --table        expected partition-table hash (64 hex)\n"
		"  --verified     require the VM to have passed verified boot\n"
		"Prints one line per check; exits 0 if all pass, 1 if any fails, 2 on bad usage.\n",
		sizeof(struct shoji_attest_report), 2 * sizeof(struct shoji_attest_report));
	return 2;
}

static const char **value_slot(struct args *a, const char *opt)
{
	static const char *const names[] = {"--device-pub", "--report", "--measurement", "--nonce", "--table", "--vm"};
	const char **slots[] = {&a->device_pub, &a->report, &a->measurement, &a->nonce, &a->table, &a->vm};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (strcmp(opt, names[i]) == 0) {
			return slots[i];
		}
	}
	return NULL;
}

static bool parse_args(int argc, char **argv, struct args *a)
{
	memset(a, 0, sizeof(*a));
	for (int i = 1; i < argc; i++) {
		const char **slot = value_slot(a, argv[i]);

		if (strcmp(argv[i], "--dev-secret") == 0) {
			a->dev_secret = true;
		} else if (strcmp(argv[i], "--verified") == 0) {
			a->verified = true;
		} else if (slot != NULL && i + 1 < argc && *slot == NULL) {
			*slot = argv[++i];
		} else {
			(void)fprintf(stderr, "shoji-attest-verify: '%s': unknown, repeated or missing its value\n",
				      argv[i]);
			return false;
		}
	}
	if ((a->device_pub != NULL) == a->dev_secret || a->report == NULL) {
		(void)fprintf(stderr,
			      "shoji-attest-verify: give --report and exactly one of --device-pub, --dev-secret\n");
		return false;
	}
	return true;
}

/* A 64-hex-digit option into out; false with a message naming it. */
static bool hex_opt(const char *opt, const char *v, uint8_t *out, size_t n)
{
	if (v == NULL || hex_decode(v, out, n)) {
		return true;
	}
	(void)fprintf(stderr, "shoji-attest-verify: %s '%s': expected %zu hex characters\n", opt, v, 2 * n);
	return false;
}

/* The report file: raw bytes, or (if it is all hex digits but a final newline) their hex. */
static bool read_report(const char *path, uint8_t *buf, size_t *len)
{
	static char text[REPORT_MAX + 1];
	FILE *f = fopen(path, "rb");

	if (f == NULL) {
		(void)fprintf(stderr, "shoji-attest-verify: '%s': cannot open: %s\n", path, strerror(errno));
		return false;
	}
	size_t n = fread(text, 1, REPORT_MAX + 1, f);
	(void)fclose(f);
	if (n > REPORT_MAX) {
		(void)fprintf(stderr, "shoji-attest-verify: '%s': larger than %d bytes: not a report\n", path,
			      REPORT_MAX);
		return false;
	}
	size_t end = n;
	while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r')) {
		end--;
	}
	text[end] = '\0';
	if (end > 0 && end % 2 == 0 && strspn(text, "0123456789abcdefABCDEF") == end) {
		*len = end / 2;
		return hex_decode(text, buf, *len);
	}
	memcpy(buf, text, n);
	*len = n;
	return true;
}

static bool device_key(const struct args *a, struct crypto_p256_pub *pub)
{
	uint8_t secret[ATTEST_SECRET_SIZE];
	char hex[2 * CRYPTO_P256_PUB_SIZE + 1];

	if (a->device_pub != NULL) {
		return hex_opt("--device-pub", a->device_pub, pub->bytes, sizeof(pub->bytes));
	}
	board_device_secret(secret);
	int rc = attest_device_pub(secret, pub);
	crypto_zeroize(secret, sizeof(secret));
	if (rc != CRYPTO_OK) {
		(void)fprintf(stderr, "shoji-attest-verify: cannot derive the development device key\n");
		return false;
	}
	hex_encode(pub->bytes, sizeof(pub->bytes), hex);
	(void)printf("device key: %s (QEMU development secret: PUBLIC, proves nothing)\n", hex);
	return true;
}

int main(int argc, char **argv)
{
	static uint8_t report[REPORT_MAX];
	uint8_t measurement[SHOJI_SHA256_SIZE];
	uint8_t nonce[SHOJI_NONCE_SIZE];
	uint8_t table[SHOJI_SHA256_SIZE];
	struct crypto_p256_pub pub;
	struct args a;
	size_t len = 0;

	if (!parse_args(argc, argv, &a)) {
		return usage();
	}
	if (!hex_opt("--measurement", a.measurement, measurement, sizeof(measurement)) ||
	    !hex_opt("--nonce", a.nonce, nonce, sizeof(nonce)) || !hex_opt("--table", a.table, table, sizeof(table))) {
		return 2;
	}
	if (crypto_init() != CRYPTO_OK || !device_key(&a, &pub) || !read_report(a.report, report, &len)) {
		return 1;
	}
	struct attest_expect x = {
		.vm = a.vm,
		.measurement = a.measurement != NULL ? measurement : NULL,
		.nonce = a.nonce != NULL ? nonce : NULL,
		.table = a.table != NULL ? table : NULL,
		.verified = a.verified,
	};
	return attest_check(report, len, &pub, &x, stdout) == 0 ? 0 : 1;
}
