/* SPDX-License-Identifier: MIT */
/*
 * shoji-trust: a Linux guest's use of Shoji's trust calls, through /dev/shoji-trust
 * (vms/linux/shoji-trust). Sealed blobs are include/shoji/seal.h's: the header from
 * tools/seal/blob.c (the host sealer's own), ChaCha20-Poly1305 from the VPN daemon's
 * mbedTLS, the key from KEY_DERIVE. Plaintext and keys live only in this process and
 * are wiped before it exits; the kernel never sees a plaintext.
 *
 *   shoji-trust unseal [-l LABEL] OUT             the VM's sealed blob -> OUT (0600, atomic)
 *   shoji-trust unseal-file [-l LABEL] BLOB OUT   the same, the blob from a file
 *   shoji-trust seal LABEL IN OUT                 IN sealed to this VM on this device -> OUT
 *   shoji-trust attest NONCEHEX                   a signed report, as hex on stdout
 *   shoji-trust key-id LABEL                      SHA-256 of the sealing key (never the key)
 *
 * Exit status: 0 done, 1 failed (the message says why), 2 bad usage, 3 the blob is well
 * formed but does not open for this VM image on this device.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <mbedtls/chachapoly.h>
#include <mbedtls/sha256.h>

#include <shoji/attest.h>

#include "blob.h"
#include "dev.h"
#include "hexkey.h"

_Static_assert(SHOJI_TRUST_REPORT_SIZE == sizeof(struct shoji_attest_report), "the driver's report size");
_Static_assert(SHOJI_TRUST_KEY_SIZE == SHOJI_KEY_SIZE && SHOJI_TRUST_NONCE_SIZE == SHOJI_NONCE_SIZE,
	       "the driver's key and nonce sizes");

enum {
	EXIT_DONE = 0,
	EXIT_FAILED = 1,
	EXIT_USAGE = 2,
	EXIT_NO_OPEN = 3,
};

/* Plaintext, blob and key buffers: static, so every path out can wipe them (wipe_all). */
static uint8_t plain[SHOJI_SEALED_DATA_MAX];
static uint8_t blob[SHOJI_SEALED_MAX];
static uint8_t key[SHOJI_TRUST_KEY_SIZE];

static void wipe_all(void)
{
	explicit_bzero(plain, sizeof(plain));
	explicit_bzero(key, sizeof(key));
}

static int usage(void)
{
	(void)fprintf(stderr,
		      "usage: shoji-trust unseal [-l LABEL] OUT\n"
		      "       shoji-trust unseal-file [-l LABEL] BLOB OUT\n"
		      "       shoji-trust seal LABEL IN OUT\n"
		      "       shoji-trust attest NONCEHEX\n"
		      "       shoji-trust key-id LABEL\n"
		      "  unseal       this VM's sealed blob (" TRUST_DEV ") opened into OUT, mode 0600\n"
		      "  unseal-file  the same for a blob in a file\n"
		      "  seal         IN (1..%zu bytes) sealed to this VM image on this device, into OUT\n"
		      "  attest       a report signed by the device key for a 64-hex-digit nonce, in hex\n"
		      "  key-id       SHA-256 of this VM's sealing key for LABEL (to compare keys, not show them)\n"
		      "  LABEL        the KEY_DERIVE label: decimal or 0x hex; -l requires the blob to have it\n"
		      "Exit status: 0 done, 1 failed, 2 bad usage, 3 the blob does not open for this VM image\n"
		      "on this device.\n",
		      (size_t)SHOJI_SEALED_DATA_MAX);
	return EXIT_USAGE;
}

/* ---- files ---- */

/* The whole file, at most `max` bytes. */
static int read_file(const char *path, uint8_t *buf, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");

	if (f == NULL) {
		(void)fprintf(stderr, "shoji-trust: %s: %s\n", path, strerror(errno));
		return -1;
	}
	*len = fread(buf, 1, max, f);
	bool more = *len == max && fgetc(f) != EOF;
	bool bad = ferror(f) != 0;
	(void)fclose(f);
	if (bad || more) {
		(void)fprintf(stderr, "shoji-trust: %s: %s\n", path, bad ? "cannot read" : "too large");
		return -1;
	}
	return 0;
}

static int write_all(int fd, const uint8_t *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n <= 0) {
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * path written whole or not at all: a temporary file beside it (created 0600, so a
 * plaintext is never readable by others even for a moment), synced, then renamed.
 */
static int write_atomically(const char *path, const uint8_t *data, size_t len, mode_t mode)
{
	char tmp[4096];

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= sizeof(tmp)) {
		(void)fprintf(stderr, "shoji-trust: %s: path too long\n", path);
		return -1;
	}
	int fd = mkstemp(tmp);
	if (fd < 0) {
		(void)fprintf(stderr, "shoji-trust: %s: cannot create: %s\n", path, strerror(errno));
		return -1;
	}
	int rc = fchmod(fd, mode) == 0 && write_all(fd, data, len) == 0 && fsync(fd) == 0 ? 0 : -1;
	int err = errno;
	rc = close(fd) == 0 ? rc : -1;
	if (rc == 0 && rename(tmp, path) != 0) {
		rc = -1;
		err = errno;
	}
	if (rc != 0) {
		(void)unlink(tmp);
		(void)fprintf(stderr, "shoji-trust: %s: cannot write: %s\n", path, strerror(err));
	}
	return rc;
}

/* ---- sealing ---- */

static int parse_label(const char *s, uint64_t *label)
{
	if (!seal_parse_label(s, label)) {
		(void)fprintf(stderr, "shoji-trust: label '%s': expected a 64-bit number, decimal or 0x hex\n", s);
		return -1;
	}
	return 0;
}

/* Opens a blob of `size` bytes in `blob` into plain; returns an exit status. */
static int open_blob(size_t size, const uint64_t *want_label, size_t *len)
{
	struct shoji_sealed_header h;
	mbedtls_chachapoly_context c;

	enum shoji_sealed_fault f = seal_blob_parse(blob, size, &h);
	if (f != SHOJI_SEALED_OK) {
		(void)fprintf(stderr, "shoji-trust: %s\n", seal_fault_text(f));
		return EXIT_FAILED;
	}
	if (want_label != NULL && h.label != *want_label) {
		(void)fprintf(stderr, "shoji-trust: the blob is sealed under label %#llx, not %#llx\n",
			      (unsigned long long)h.label, (unsigned long long)*want_label);
		return EXIT_FAILED;
	}
	if (dev_key(h.label, key) != 0) {
		return EXIT_FAILED;
	}
	mbedtls_chachapoly_init(&c);
	int rc = mbedtls_chachapoly_setkey(&c, key);
	/* The AAD is the header as it came, so a changed header byte fails the tag too. */
	if (rc == 0) {
		rc = mbedtls_chachapoly_auth_decrypt(&c, h.length, h.nonce, blob, SHOJI_SEALED_AAD_SIZE, h.tag,
						     blob + sizeof(h), plain);
	}
	mbedtls_chachapoly_free(&c);
	explicit_bzero(key, sizeof(key));
	if (rc == MBEDTLS_ERR_CHACHAPOLY_AUTH_FAILED) {
		(void)fprintf(stderr, "shoji-trust: the sealed blob does not open for this VM image on this device "
				      "(another image or device sealed it, or it was changed)\n");
		return EXIT_NO_OPEN;
	}
	if (rc != 0) {
		(void)fprintf(stderr, "shoji-trust: cannot decrypt (mbedTLS error -0x%04x)\n", (unsigned int)-rc);
		return EXIT_FAILED;
	}
	*len = h.length;
	return EXIT_DONE;
}

/* unseal and unseal-file: [-l LABEL] [BLOB] OUT. */
static int cmd_unseal(int argc, char **argv, bool from_file)
{
	uint64_t label = 0;
	const uint64_t *want = NULL;
	int i = 2;
	size_t size = 0;
	size_t len = 0;

	if (argc > i + 1 && strcmp(argv[i], "-l") == 0) {
		if (parse_label(argv[i + 1], &label) != 0) {
			return EXIT_USAGE;
		}
		want = &label;
		i += 2;
	}
	if (argc != i + (from_file ? 2 : 1)) {
		return usage();
	}
	const char *out = argv[argc - 1];
	int rc = from_file ? read_file(argv[i], blob, sizeof(blob), &size) : dev_read_blob(blob, sizeof(blob), &size);
	if (rc != 0) {
		return EXIT_FAILED;
	}
	rc = open_blob(size, want, &len);
	if (rc == EXIT_DONE && write_atomically(out, plain, len, 0600) != 0) {
		rc = EXIT_FAILED;
	}
	return rc;
}

/* seal LABEL IN OUT: what a real device does at enrolment (the host sealer has only QEMU's secret). */
static int cmd_seal(int argc, char **argv)
{
	struct shoji_sealed_header h;
	uint8_t nonce[SHOJI_SEALED_NONCE_SIZE];
	mbedtls_chachapoly_context c;
	uint64_t label = 0;
	size_t len = 0;

	if (argc != 5) {
		return usage();
	}
	if (parse_label(argv[2], &label) != 0) {
		return EXIT_USAGE;
	}
	if (read_file(argv[3], plain, sizeof(plain), &len) != 0) {
		return EXIT_FAILED;
	}
	if (len == 0) {
		(void)fprintf(stderr, "shoji-trust: %s: empty: nothing to seal\n", argv[3]);
		return EXIT_FAILED;
	}
	/* A fresh random nonce per blob: blobs under one key must never share one. */
	if (getrandom(nonce, sizeof(nonce), 0) != (ssize_t)sizeof(nonce)) {
		(void)fprintf(stderr, "shoji-trust: getrandom: %s\n", strerror(errno));
		return EXIT_FAILED;
	}
	if (dev_key(label, key) != 0) {
		return EXIT_FAILED;
	}
	seal_header_init(&h, label, nonce, (uint32_t)len);
	mbedtls_chachapoly_init(&c);
	int rc = mbedtls_chachapoly_setkey(&c, key);
	if (rc == 0) {
		rc = mbedtls_chachapoly_encrypt_and_tag(&c, len, h.nonce, (const uint8_t *)&h, SHOJI_SEALED_AAD_SIZE,
							plain, blob + sizeof(h), h.tag);
	}
	mbedtls_chachapoly_free(&c);
	explicit_bzero(key, sizeof(key));
	if (rc != 0) {
		(void)fprintf(stderr, "shoji-trust: cannot encrypt (mbedTLS error -0x%04x)\n", (unsigned int)-rc);
		return EXIT_FAILED;
	}
	memcpy(blob, &h, sizeof(h));
	return write_atomically(argv[4], blob, sizeof(h) + len, 0644) == 0 ? EXIT_DONE : EXIT_FAILED;
}

/* ---- attestation and key identity ---- */

static int cmd_attest(int argc, char **argv)
{
	uint8_t nonce[SHOJI_TRUST_NONCE_SIZE];
	uint8_t report[SHOJI_TRUST_REPORT_SIZE];
	char hex[2 * sizeof(report) + 1];

	if (argc != 3) {
		return usage();
	}
	if (!hex_decode(argv[2], nonce, sizeof(nonce))) {
		(void)fprintf(stderr, "shoji-trust: nonce '%s': expected %zu hex digits\n", argv[2], 2 * sizeof(nonce));
		return EXIT_USAGE;
	}
	if (dev_attest(nonce, report) != 0) {
		return EXIT_FAILED;
	}
	hex_encode(report, sizeof(report), hex);
	(void)printf("%s\n", hex);
	return EXIT_DONE;
}

static int cmd_key_id(int argc, char **argv)
{
	uint8_t digest[32];
	char hex[2 * sizeof(digest) + 1];
	uint64_t label = 0;

	if (argc != 3) {
		return usage();
	}
	if (parse_label(argv[2], &label) != 0) {
		return EXIT_USAGE;
	}
	if (dev_key(label, key) != 0) {
		return EXIT_FAILED;
	}
	int rc = mbedtls_sha256_ret(key, sizeof(key), digest, 0);
	explicit_bzero(key, sizeof(key));
	if (rc != 0) {
		(void)fprintf(stderr, "shoji-trust: SHA-256 failed\n");
		return EXIT_FAILED;
	}
	hex_encode(digest, sizeof(digest), hex);
	(void)printf("%s\n", hex);
	return EXIT_DONE;
}

int main(int argc, char **argv)
{
	int rc;

	if (argc < 2) {
		return usage();
	}
	if (strcmp(argv[1], "unseal") == 0) {
		rc = cmd_unseal(argc, argv, false);
	} else if (strcmp(argv[1], "unseal-file") == 0) {
		rc = cmd_unseal(argc, argv, true);
	} else if (strcmp(argv[1], "seal") == 0) {
		rc = cmd_seal(argc, argv);
	} else if (strcmp(argv[1], "attest") == 0) {
		rc = cmd_attest(argc, argv);
	} else if (strcmp(argv[1], "key-id") == 0) {
		rc = cmd_key_id(argc, argv);
	} else {
		rc = usage();
	}
	wipe_all();
	return rc;
}
