/* SPDX-License-Identifier: MIT */
/* /dev/shoji-trust: the sealed blob, ATTEST and KEY_DERIVE, with every failure put into words (dev.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "dev.h"

/* What an errno from the driver means here (shoji_trust.h lists them). */
static void complain(const char *what, int err)
{
	const char *why;

	switch (err) {
	case ENOENT:
		why = "no " TRUST_DEV ": the shoji_trust driver is not loaded, or found no Shoji below this "
		      "kernel (see dmesg)";
		break;
	case EACCES:
	case EPERM:
		why = TRUST_DEV " is for root only";
		break;
	case ENXIO:
		why = "this VM has no sealed area";
		break;
	case ENODATA:
		why = "no sealed blob in this VM's sealed area (none was provisioned)";
		break;
	case EOPNOTSUPP:
		why = "the hypervisor has no device key: ATTEST and KEY_DERIVE are off (see its boot log)";
		break;
	case EBUSY:
		why = "the hypervisor's crypto stayed busy (another VM is using it): try again";
		break;
	default:
		why = strerror(err);
		break;
	}
	(void)fprintf(stderr, "shoji-trust: %s: %s\n", what, why);
}

static int dev_open(const char *what)
{
	int fd = open(TRUST_DEV, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		complain(what, errno);
	}
	return fd;
}

int dev_read_blob(uint8_t *buf, size_t max, size_t *len)
{
	uint8_t extra;
	int fd = dev_open("sealed blob");

	*len = 0;
	if (fd < 0) {
		return -1;
	}
	for (;;) {
		ssize_t n = read(fd, *len < max ? buf + *len : &extra, *len < max ? max - *len : 1);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n < 0) {
			complain("sealed blob", errno);
			(void)close(fd);
			return -1;
		}
		if (n == 0) {
			break;
		}
		if (*len >= max) {
			(void)fprintf(stderr, "shoji-trust: sealed blob: larger than %zu bytes\n", max);
			(void)close(fd);
			return -1;
		}
		*len += (size_t)n;
	}
	(void)close(fd);
	return 0;
}

int dev_attest(const uint8_t nonce[SHOJI_TRUST_NONCE_SIZE], uint8_t report[SHOJI_TRUST_REPORT_SIZE])
{
	struct shoji_trust_attest a;
	int fd = dev_open("ATTEST");

	if (fd < 0) {
		return -1;
	}
	memset(&a, 0, sizeof(a));
	memcpy(a.nonce, nonce, sizeof(a.nonce));
	int rc = ioctl(fd, SHOJI_TRUST_IOC_ATTEST, &a);
	int err = errno;
	(void)close(fd);
	if (rc != 0) {
		complain("ATTEST", err);
		return -1;
	}
	memcpy(report, a.report, sizeof(a.report));
	return 0;
}

int dev_key(uint64_t label, uint8_t key[SHOJI_TRUST_KEY_SIZE])
{
	struct shoji_trust_key k;
	int fd = dev_open("KEY_DERIVE");

	if (fd < 0) {
		return -1;
	}
	memset(&k, 0, sizeof(k));
	k.label = label;
	int rc = ioctl(fd, SHOJI_TRUST_IOC_KEY_DERIVE, &k);
	int err = errno;
	(void)close(fd);
	if (rc == 0) {
		memcpy(key, k.key, sizeof(k.key));
	}
	explicit_bzero(&k, sizeof(k));
	if (rc != 0) {
		complain("KEY_DERIVE", err);
		return -1;
	}
	return 0;
}
