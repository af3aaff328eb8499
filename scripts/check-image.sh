#!/bin/sh
# SPDX-License-Identifier: MIT
# Fails unless the raw image starts with an arm64 Image header: Debian's cross gcc
# puts .interp or a build-id note first when told nothing, and QEMU would then
# load something that is not our code.
set -eu
img=$1
magic=$(od -A n -t x1 -j 56 -N 4 "$img" | tr -d ' \n')
if [ "$magic" != "41524d64" ]; then
	echo "check-image: $img: no arm64 Image magic at offset 56 (got '$magic')" >&2
	exit 1
fi
first=$(od -A n -t x1 -j 3 -N 1 "$img" | tr -d ' \n')
if [ "$first" != "14" ]; then
	echo "check-image: $img: first instruction is not a branch (byte 3 = $first)" >&2
	exit 1
fi
