/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * /dev/shoji-trust: what the Shoji trust driver (shoji_trust.c) offers user space, and
 * what the shoji-trust tool (cli/) uses. The formats behind it are Shoji's: the
 * ATTEST report (include/shoji/attest.h) and the sealed blob (include/shoji/seal.h).
 *
 *   ioctl SHOJI_TRUST_IOC_ATTEST      nonce in, the 208-byte signed report out
 *   ioctl SHOJI_TRUST_IOC_KEY_DERIVE  label in, the VM's 32-byte sealing key for it out
 *   read()                            the sealed blob in this VM's sealed area: exactly its
 *                                     header plus its `length` bytes, then end of file;
 *                                     ENXIO if the VM has no sealed area, ENODATA if the
 *                                     area holds no well-formed blob
 *
 * Errors of the ioctls: EPERM (not CAP_SYS_ADMIN), EFAULT, ENOTTY (another command),
 * EOPNOTSUPP (the hypervisor has no device key), EBUSY (its crypto stayed busy through
 * every retry), EINTR (a signal while waiting), EIO (any other answer; logged).
 */
#ifndef SHOJI_TRUST_UAPI_H
#define SHOJI_TRUST_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define SHOJI_TRUST_NONCE_SIZE  32
#define SHOJI_TRUST_REPORT_SIZE 208 /* sizeof(struct shoji_attest_report) */
#define SHOJI_TRUST_KEY_SIZE    32  /* SHOJI_KEY_SIZE */

struct shoji_trust_attest {
	__u8 nonce[SHOJI_TRUST_NONCE_SIZE];   /* in: the verifier's fresh nonce */
	__u8 report[SHOJI_TRUST_REPORT_SIZE]; /* out: struct shoji_attest_report, little-endian */
};

struct shoji_trust_key {
	__u64 label;                    /* in: the KEY_DERIVE label */
	__u8 key[SHOJI_TRUST_KEY_SIZE]; /* out: wipe it after use */
};

/* The SMCCC owning entity of Shoji's hypercalls is 6 and their IDs 0xC600_00nn: 0xC6 as a reminder. */
#define SHOJI_TRUST_IOC_MAGIC      0xC6
#define SHOJI_TRUST_IOC_ATTEST     _IOWR(SHOJI_TRUST_IOC_MAGIC, 0x02, struct shoji_trust_attest)
#define SHOJI_TRUST_IOC_KEY_DERIVE _IOWR(SHOJI_TRUST_IOC_MAGIC, 0x03, struct shoji_trust_key)

#endif /* SHOJI_TRUST_UAPI_H */
