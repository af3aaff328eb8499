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
# tests/fuzz/fuzz.mk: clang with libFuzzer (-fsanitize=fuzzer).
need clang /usr/bin/clang
need libclang-rt-14-dev /usr/lib/llvm-14/lib/clang/14.0.6/include/fuzzer/FuzzedDataProvider.h
# crypto/mbedtls.mk: apt-get source unpacks with dpkg-source; the VPN daemon links the arm64 libc statically.
need dpkg-dev /usr/bin/dpkg-source
need libc6-dev-arm64-cross /usr/aarch64-linux-gnu/lib/libc.a
# The VPN (issue 7): the demo PKI (openssl), the test gateway (socat's DTLS and TUN, in
# network namespaces made with iproute2) and the captures on its outer path (tcpdump).
need openssl /usr/bin/openssl
need socat /usr/bin/socat
need iproute2 /usr/sbin/ip
need tcpdump /usr/bin/tcpdump

# apt-get source needs deb-src entries; Debian's stock configuration has none.
has_deb_src() {
	grep -Eqs '^[[:space:]]*(deb-src[[:space:]]|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		/etc/apt/sources.list.d/*.sources
}
deb_src=""
has_deb_src || deb_src=missing

if [ -z "$missing$deb_src" ]; then
	exit 0
fi

if [ "$(id -u)" != 0 ]; then
	if [ -n "$missing" ]; then
		echo "install-deps: missing Debian packages:$missing" >&2
		echo "install-deps: run as root, or: sudo apt-get install$missing" >&2
	fi
	[ -z "$deb_src" ] || echo "install-deps: apt has no deb-src entries (apt-get source mbedtls needs them): run as root" >&2
	exit 1
fi

# The deb-src twin of each Debian archive entry, in a file of our own (the stock ones stay untouched).
if [ -n "$deb_src" ]; then
	src_list=/etc/apt/sources.list.d/shoji-deb-src
	if [ -f /etc/apt/sources.list.d/debian.sources ]; then
		sed 's/^Types:[[:space:]]*deb[[:space:]]*$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources >"$src_list.sources"
	else
		sed -n 's/^[[:space:]]*deb[[:space:]]\(.*debian.*\)$/deb-src \1/p' /etc/apt/sources.list >"$src_list.list"
	fi
	echo "install-deps: enabled deb-src in $src_list.*"
fi

[ -z "$missing" ] || echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# A third-party source that cannot be reached must not stop us: only Debian's matter.
apt-get update -q || echo "install-deps: apt-get update reported errors; continuing" >&2
if [ -n "$missing" ]; then
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing
fi
