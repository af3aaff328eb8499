/* SPDX-License-Identifier: MIT */
/*
 * shoji-keygen: makes a P-256 key pair for signing payloads (tools/pack) or for tests.
 *
 * The private scalar comes from /dev/urandom; the public key is derived with
 * crypto_p256_public(), the same crypto/crypto.c the hypervisor and the packer use.
 * Files (one line each, lower-case hex, trailing newline):
 *   PRIVFILE  64 hex characters: the 32-byte big-endian scalar (mode 0600)
 *   PUBFILE   130 hex characters: SEC1 uncompressed point 04 || X || Y
 * Neither file may exist already: a key is never overwritten by accident.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* fdopen */
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "crypto.h"

/* Scalars outside [1, n-1] are astronomically rare; a bounded retry still never loops forever. */
#define KEYGEN_TRIES 16

static int read_random(uint8_t *buf, size_t len)
{
	FILE *f = fopen("/dev/urandom", "rb");

	if (f == NULL) {
		(void)fprintf(stderr, "shoji-keygen: /dev/urandom: %s\n", strerror(errno));
		return -1;
	}
	size_t got = fread(buf, 1, len, f);
	(void)fclose(f);
	if (got != len) {
		(void)fprintf(stderr, "shoji-keygen: /dev/urandom: short read\n");
		return -1;
	}
	return 0;
}

/* Creates path (refusing an existing one) with `mode` and writes len bytes as one hex line. */
static int write_hex_file(const char *path, mode_t mode, const uint8_t *bytes, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode);

	if (fd < 0) {
		(void)fprintf(stderr, "shoji-keygen: '%s': %s%s\n", path, strerror(errno),
			      errno == EEXIST ? " (refusing to overwrite a key)" : "");
		return -1;
	}
	FILE *f = fdopen(fd, "w");
	if (f == NULL) {
		(void)close(fd);
		return -1;
	}
	for (size_t i = 0; i < len; i++) {
		(void)fprintf(f, "%02x", bytes[i]);
	}
	(void)fputc('\n', f);
	if (fclose(f) != 0) {
		(void)fprintf(stderr, "shoji-keygen: '%s': cannot write: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int generate(struct crypto_p256_priv *priv, struct crypto_p256_pub *pub)
{
	for (int i = 0; i < KEYGEN_TRIES; i++) {
		if (read_random(priv->bytes, sizeof(priv->bytes)) != 0) {
			return -1;
		}
		enum crypto_err e = crypto_p256_public(priv, pub);
		if (e == CRYPTO_OK) {
			return 0;
		}
		if (e != CRYPTO_ERR_KEY) {
			(void)fprintf(stderr, "shoji-keygen: crypto_p256_public failed (%d)\n", (int)e);
			return -1;
		}
	}
	(void)fprintf(stderr, "shoji-keygen: no valid scalar in %d tries: is /dev/urandom broken?\n", KEYGEN_TRIES);
	return -1;
}

int main(int argc, char **argv)
{
	struct crypto_p256_priv priv;
	struct crypto_p256_pub pub;

	if (argc != 3 || argv[1][0] == '-') {
		(void)fprintf(stderr, "usage: shoji-keygen PRIVFILE PUBFILE\n"
				      "  Writes a new P-256 key: PRIVFILE = 64 hex chars (the scalar, mode 0600),\n"
				      "  PUBFILE = 130 hex chars (SEC1 uncompressed 04||X||Y). Neither may exist.\n");
		return 2;
	}
	if (access(argv[1], F_OK) == 0 || access(argv[2], F_OK) == 0) {
		(void)fprintf(stderr, "shoji-keygen: '%s' exists: refusing to overwrite a key\n",
			      access(argv[1], F_OK) == 0 ? argv[1] : argv[2]);
		return 1;
	}
	if (crypto_init() != CRYPTO_OK || generate(&priv, &pub) != 0) {
		crypto_zeroize(&priv, sizeof(priv));
		return 1;
	}
	int rc = write_hex_file(argv[1], 0600, priv.bytes, sizeof(priv.bytes));
	crypto_zeroize(&priv, sizeof(priv));
	if (rc == 0) {
		rc = write_hex_file(argv[2], 0644, pub.bytes, sizeof(pub.bytes));
		if (rc != 0) {
			(void)unlink(argv[1]); /* no private key without its public half */
		}
	}
	return rc == 0 ? 0 : 1;
}
