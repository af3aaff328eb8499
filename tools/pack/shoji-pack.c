/* SPDX-License-Identifier: MIT */
/* shoji-pack: appends the signed VM payload package to the hypervisor image, or inspects a packed one. */
#include <stdio.h>

#include "packer.h"

static void usage(FILE *f)
{
	(void)fprintf(f,
		      "usage: shoji-pack -o out.bin [-m max_bytes] [--sign KEYFILE] hyp.bin name=file [name=file ...]\n"
		      "       shoji-pack --list IMAGE\n"
		      "       shoji-pack --verify PUBFILE IMAGE\n"
		      "       shoji-pack --measure VM IMAGE\n"
		      "  Pads hyp.bin (a raw arm64 Image) to its image_size rounded up to 4 KiB, appends\n"
		      "  a package of the files, and rewrites image_size to the new total length.\n"
		      "  -m        fail if the packed image would exceed max_bytes (decimal or 0x hex)\n"
		      "  --sign    sign every payload (ECDSA P-256, include/shoji/attest.h) with the key in\n"
		      "            KEYFILE: 64 hex characters, the private scalar (crypto/keys/README.md);\n"
		      "            without it every signature is zero and verified boot refuses them all\n"
		      "  --list    one line per payload of a packed IMAGE: name, file offset, size, SHA-256,\n"
		      "            whether the payload matches it, whether it is signed\n"
		      "  --verify  the same, checking each signature against PUBFILE (130 hex characters);\n"
		      "            fails unless every payload is intact and signed by that key\n"
		      "  --measure print VM's measurement (hex) from its payloads VM.config, VM.kernel,\n"
		      "            VM.dtb, VM.initrd in IMAGE: what ATTEST will report for it\n"
		      "  name: 1 to %d of a-z 0-9 . _ -, unique; at most %d payloads\n",
		      PACK_NAME_MAX, PACK_MAX_ENTRIES);
}

int main(int argc, char **argv)
{
	static struct pack_job job;
	char err[PACKER_ERR_SIZE];

	int rc = packer_parse_args(argc, argv, &job, err, sizeof(err));
	if (rc == PACKER_HELP) {
		usage(stdout);
		return 0;
	}
	if (rc == PACKER_OK) {
		rc = job.mode == PACK_MODE_BUILD ? packer_build(&job, err, sizeof(err))
						 : packer_inspect(&job, stdout, err, sizeof(err));
	}
	if (rc != PACKER_OK) {
		(void)fprintf(stderr, "shoji-pack: %s\n", err);
		if (rc == PACKER_USAGE) {
			usage(stderr);
		}
	}
	return rc;
}
