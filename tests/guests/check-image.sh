#!/bin/sh
# SPDX-License-Identifier: MIT
# Fails unless a test guest's raw image starts with its own entry code: Debian's cross
# gcc puts .interp or a build-id note first when not told otherwise, and the
# hypervisor would then start the guest in something that is not code.
# Usage: check-image.sh <bin> <elf> <load address> <readelf>
set -eu
bin=$1
elf=$2
load=$3
readelf=$4

fail() {
	echo "check-image: $bin: $*" >&2
	exit 1
}

# start.S: a branch at offset 0, then the 8-byte magic "shojitg1" at offset 8.
first=$(od -A n -t x1 -j 3 -N 1 "$bin" | tr -d ' \n')
[ "$first" = "14" ] || fail "first instruction is not a forward branch (byte 3 = $first)"
magic=$(od -A n -c -j 8 -N 8 "$bin" | tr -d ' \n')
[ "$magic" = "shojitg1" ] || fail "no guest magic at offset 8 (got '$magic')"

entry=$("$readelf" -h "$elf" | sed -n 's/^ *Entry point address: *//p')
[ $((entry)) -eq $((load)) ] || fail "ELF entry $entry is not the load address $load"
