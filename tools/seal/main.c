/* SPDX-License-Identifier: MIT */
/*
 * shoji-seal: seals a file to a VM image on a device, or opens such a blob, on the
 * host (formats: include/shoji/seal.h; the work is in seal.c).
 *
 * Only with QEMU's development device secret (--dev-secret), taken from the board's
 * own board_device_secret() (board/qemu-virt/board_ops.c, linked in), exactly as
 * shoji-attest-verify takes it. That secret is public, so what this tool seals anyone
 * can open: it is for the QEMU development flow and for tests. A real board's secret
 * never leaves the board, and sealing happens there (shoji-trust seal, at enrolment:
 * docs/threat-model.md).
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen, fchmod */
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <board.h>

#include "hexkey.h"
#include "packer.h"
#include "seal.h"

enum mode {
	MODE_NONE,
	MODE_SEAL,
	MODE_OPEN,
};

struct args {
	enum mode mode;
	const char *in; /* --seal FILE or --open BLOB */
	const char *out;
	const char *measurement;
	const char *image;
	const char *vm;
	const char *label;
	bool dev_secret;
};

static int usage(void)
{
	(void)fprintf(stderr,
		      "usage: shoji-seal --dev-secret (--measurement HEX | --image IMAGE --vm VM) --label LABEL\n"
		      "                  --seal FILE -o OUT\n"
		      "       shoji-seal --dev-secret (--measurement HEX | --image IMAGE --vm VM) [--label LABEL]\n"
		      "                  --open BLOB -o OUT\n"
		      "  --dev-secret   QEMU's PUBLIC development device secret: anyone can open what it seals\n"
		      "  --measurement  the VM's measurement, 64 hex characters (shoji-pack --measure VM IMAGE)\n"
		      "  --image, --vm  or that VM's measurement in a packed image\n"
		      "  --label        the KEY_DERIVE label, decimal or 0x hex (with --open: the one required)\n"
		      "  --seal FILE    seal 1..%zu bytes into a blob at OUT\n"
		      "  --open BLOB    open a blob into OUT (mode 0600)\n"
		      "Exits 0 on success, 1 on failure (a blob that does not open included), 2 on bad usage.\n",
		      (size_t)SHOJI_SEALED_DATA_MAX);
	return 2;
}

static const char **value_slot(struct args *a, const char *opt)
{
	static const char *const names[] = {"-o", "--measurement", "--image", "--vm", "--label", "--seal", "--open"};
	const char **slots[] = {&a->out, &a->measurement, &a->image, &a->vm, &a->label, &a->in, &a->in};

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
			continue;
		}
		if (slot == NULL || i + 1 >= argc || *slot != NULL) {
			(void)fprintf(stderr, "shoji-seal: '%s': unknown, repeated or missing its value\n", argv[i]);
			return false;
		}
		if (strcmp(argv[i], "--seal") == 0) {
			a->mode = MODE_SEAL;
		} else if (strcmp(argv[i], "--open") == 0) {
			a->mode = MODE_OPEN;
		}
		*slot = argv[++i];
	}
	if (a->mode == MODE_NONE || a->out == NULL || !a->dev_secret ||
	    (a->measurement != NULL) == (a->image != NULL || a->vm != NULL) || (a->image != NULL) != (a->vm != NULL) ||
	    (a->mode == MODE_SEAL && a->label == NULL)) {
		(void)fprintf(stderr, "shoji-seal: give --dev-secret, one of --seal and --open, -o, and either "
				      "--measurement or --image with --vm (--seal also --label)\n");
		return false;
	}
	return true;
}

/* The whole file, at most `max` bytes (a larger one is refused unread). */
static bool read_file(const char *path, uint8_t *buf, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");

	if (f == NULL) {
		(void)fprintf(stderr, "shoji-seal: '%s': cannot open: %s\n", path, strerror(errno));
		return false;
	}
	*len = fread(buf, 1, max, f);
	bool more = *len == max && fgetc(f) != EOF;
	bool bad = ferror(f) != 0;
	(void)fclose(f);
	if (bad) {
		(void)fprintf(stderr, "shoji-seal: '%s': cannot read\n", path);
		return false;
	}
	if (more) {
		(void)fprintf(stderr, "shoji-seal: '%s': larger than %zu bytes\n", path, max);
		return false;
	}
	return true;
}

/* path written whole or not at all (temporary file beside it, then rename), with `mode`. */
static bool write_file(const char *path, const uint8_t *data, size_t len, mode_t mode)
{
	size_t n = strlen(path) + sizeof(".XXXXXX");
	char *tmp = malloc(n);
	bool ok = false;

	if (tmp == NULL) {
		(void)fprintf(stderr, "shoji-seal: out of memory\n");
		return false;
	}
	(void)snprintf(tmp, n, "%s.XXXXXX", path);
	int fd = mkstemp(tmp); /* 0600 from the start: a plaintext is never readable by others */
	FILE *f = fd < 0 ? NULL : fdopen(fd, "wb");
	if (f != NULL) {
		ok = fchmod(fd, mode) == 0 && fwrite(data, 1, len, f) == len;
		ok = fclose(f) == 0 && ok;
		ok = ok && rename(tmp, path) == 0;
	} else if (fd >= 0) {
		(void)close(fd);
	}
	if (!ok) {
		(void)fprintf(stderr, "shoji-seal: '%s': cannot write: %s\n", path, strerror(errno));
		if (fd >= 0) {
			(void)unlink(tmp);
		}
	}
	free(tmp);
	return ok;
}

static bool measurement_of(const struct args *a, uint8_t m[SHOJI_SHA256_SIZE])
{
	char err[PACKER_ERR_SIZE];

	if (a->measurement != NULL) {
		if (!hex_decode(a->measurement, m, SHOJI_SHA256_SIZE)) {
			(void)fprintf(stderr, "shoji-seal: --measurement '%s': expected %d hex characters\n",
				      a->measurement, 2 * SHOJI_SHA256_SIZE);
			return false;
		}
		return true;
	}
	if (packer_measure(a->image, a->vm, m, err, sizeof(err)) != PACKER_OK) {
		(void)fprintf(stderr, "shoji-seal: %s\n", err);
		return false;
	}
	return true;
}

static int do_seal(const struct args *a, const uint8_t secret[SEAL_SECRET_SIZE], const uint8_t m[SHOJI_SHA256_SIZE],
		   uint64_t label)
{
	static uint8_t in[SHOJI_SEALED_DATA_MAX];
	static uint8_t blob[SHOJI_SEALED_MAX];
	uint8_t nonce[SHOJI_SEALED_NONCE_SIZE];
	struct crypto_aead_key key;
	size_t len = 0;

	bool got = read_file(a->in, in, sizeof(in), &len);
	if (got && len == 0) {
		(void)fprintf(stderr, "shoji-seal: '%s': empty: nothing to seal\n", a->in);
	}
	if (got && len != 0 && getrandom(nonce, sizeof(nonce), 0) != (ssize_t)sizeof(nonce)) {
		(void)fprintf(stderr, "shoji-seal: getrandom: %s\n", strerror(errno));
		got = false;
	}
	if (!got || len == 0) {
		crypto_zeroize(in, sizeof(in));
		return 1;
	}
	int rc = seal_derive_key(secret, m, label, &key);
	if (rc == CRYPTO_OK) {
		rc = seal_blob(&key, label, nonce, in, len, blob);
	}
	crypto_zeroize(&key, sizeof(key));
	crypto_zeroize(in, sizeof(in));
	if (rc != CRYPTO_OK) {
		(void)fprintf(stderr, "shoji-seal: cannot seal (crypto error %d)\n", rc);
		return 1;
	}
	return write_file(a->out, blob, sizeof(struct shoji_sealed_header) + len, 0644) ? 0 : 1;
}

static int do_open(const struct args *a, const uint8_t secret[SEAL_SECRET_SIZE], const uint8_t m[SHOJI_SHA256_SIZE],
		   const uint64_t *label)
{
	static uint8_t blob[SHOJI_SEALED_MAX];
	static uint8_t out[SHOJI_SEALED_DATA_MAX];
	enum shoji_sealed_fault fault;
	char hex[2 * SHOJI_SHA256_SIZE + 1];
	size_t size = 0;
	size_t len = 0;

	if (!read_file(a->in, blob, sizeof(blob), &size)) {
		return 1;
	}
	hex_encode(m, SHOJI_SHA256_SIZE, hex);
	switch (seal_open(secret, m, label, blob, size, out, &len, &fault)) {
	case SEAL_OK:
		break;
	case SEAL_FORM:
		(void)fprintf(stderr, "shoji-seal: '%s': %s\n", a->in, seal_fault_text(fault));
		return 1;
	case SEAL_LABEL:
		(void)fprintf(stderr, "shoji-seal: '%s': sealed under another label than %s\n", a->in, a->label);
		return 1;
	case SEAL_NO_OPEN:
		(void)fprintf(stderr,
			      "shoji-seal: '%s': does not open for this VM image on this device (measurement %s): "
			      "sealed for another image or device, or changed since\n",
			      a->in, hex);
		return 1;
	default:
		(void)fprintf(stderr, "shoji-seal: '%s': cannot open (crypto error)\n", a->in);
		return 1;
	}
	bool ok = write_file(a->out, out, len, 0600);
	crypto_zeroize(out, sizeof(out));
	return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	uint8_t secret[SEAL_SECRET_SIZE];
	uint8_t m[SHOJI_SHA256_SIZE];
	uint64_t label = 0;
	struct args a;

	if (!parse_args(argc, argv, &a)) {
		return usage();
	}
	if (a.label != NULL && !seal_parse_label(a.label, &label)) {
		(void)fprintf(stderr, "shoji-seal: --label '%s': expected a 64-bit number, decimal or 0x hex\n",
			      a.label);
		return 2;
	}
	if (crypto_init() != CRYPTO_OK) {
		(void)fprintf(stderr, "shoji-seal: crypto_init failed\n");
		return 1;
	}
	if (!measurement_of(&a, m)) {
		return 1;
	}
	board_device_secret(secret);
	int rc = a.mode == MODE_SEAL ? do_seal(&a, secret, m, label)
				     : do_open(&a, secret, m, a.label != NULL ? &label : NULL);
	crypto_zeroize(secret, sizeof(secret));
	return rc;
}
