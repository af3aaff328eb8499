#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs, from Debian packages only, whatever the build and tests need and is missing.
# Idempotent: when everything is present it changes nothing and touches no network.
set -eu

# Debian package -> a file that proves it is installed.
need() {
	if [ ! -e "$2" ]; then
		missing="$missing $1"
	fi
}

missing=""
need gcc-aarch64-linux-gnu /usr/bin/aarch64-linux-gnu-gcc
need binutils-aarch64-linux-gnu /usr/bin/aarch64-linux-gnu-objcopy
need qemu-system-arm /usr/bin/qemu-system-aarch64
need device-tree-compiler /usr/bin/dtc
need libcmocka-dev /usr/include/cmocka.h
need make /usr/bin/make
need gcc /usr/bin/gcc
need libc6-dev /usr/include/stdio.h
need pkg-config /usr/bin/pkg-config
need clang-format /usr/bin/clang-format
need clang-tidy /usr/bin/clang-tidy
need cppcheck /usr/bin/cppcheck
need git /usr/bin/git
need python3 /usr/bin/python3
need gnuplot-nox /usr/bin/gnuplot
need cloc /usr/bin/cloc

if [ -z "$missing" ]; then
	exit 0
fi

if [ "$(id -u)" != 0 ]; then
	echo "install-deps: missing Debian packages:$missing" >&2
	echo "install-deps: run as root, or: sudo apt-get install$missing" >&2
	exit 1
fi

echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# A third-party source that cannot be reached must not stop us: only Debian's matter.
apt-get update -q || echo "install-deps: apt-get update reported errors; continuing" >&2
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
