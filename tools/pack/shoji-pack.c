/* SPDX-License-Identifier: MIT */
/* shoji-pack: appends the VM payload package to the hypervisor image (the work is in packer.c). */
#include <stdio.h>

#include "packer.h"

static void usage(FILE *f)
{
	(void)fprintf(f,
		      "usage: shoji-pack -o out.bin [-m max_bytes] hyp.bin name=file [name=file ...]\n"
		      "  Pads hyp.bin (a raw arm64 Image) to its image_size rounded up to 4 KiB, appends\n"
		      "  a package of the files, and rewrites image_size to the new total length.\n"
		      "  -m  fail if the packed image would exceed max_bytes (decimal or 0x hex)\n"
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
		rc = packer_build(&job, err, sizeof(err));
	}
	if (rc != PACKER_OK) {
		(void)fprintf(stderr, "shoji-pack: %s\n", err);
		if (rc == PACKER_USAGE) {
			usage(stderr);
		}
	}
	return rc;
}
