#!/bin/sh
# SPDX-License-Identifier: MIT
# Fetches and unpacks Debian's mbedtls source package (2.28.x, bookworm) into a cache directory, once.
#
# Usage: scripts/fetch-mbedtls-source.sh [-d DIR]
#
# Leaves DIR/mbedtls: the tree `apt-get source mbedtls` gives (upstream tarball plus
# Debian's patches, applied by dpkg-source), with DIR/mbedtls/.shoji-version holding
# the Debian version. The .dsc and tarballs stay in DIR, so unpacking again needs no
# network, and a tree already unpacked is never touched: a second build is offline.
# Only Debian's archive is used (apt verifies the files against its signed Sources
# index); nothing is vendored into the repository. DIR defaults to build/cache/src.
set -eu

dir=build/cache/src
if [ "${1:-}" = "-d" ]; then
	dir=$2
	shift 2
fi
[ $# -eq 0 ] || { echo "usage: $0 [-d DIR]" >&2; exit 2; }

# DESIGN.md pins the major version: configs under crypto/ are written for 2.28's options.
want_upstream=2.28.

die() {
	echo "fetch-mbedtls-source: $*" >&2
	exit 1
}

tree=$dir/mbedtls
[ -f "$tree/.shoji-version" ] && exit 0

mkdir -p "$dir"
set -- "$dir"/mbedtls_*.dsc
if [ ! -f "$1" ]; then
	if ! apt-cache showsrc mbedtls 2>/dev/null | grep -q '^Package: mbedtls'; then
		# deb-src entries are missing, or the lists predate them: install-deps.sh knows how.
		[ "$(id -u)" = 0 ] || die "apt knows no source package mbedtls; run as root: make deps"
		sh "$(dirname "$0")/install-deps.sh" >&2
	fi
	part=$(mktemp -d "$dir/.part.XXXXXX")
	# apt drops root privileges to _apt for downloads: it must be able to write there.
	chmod 0755 "$part"
	if [ "$(id -u)" = 0 ] && id _apt >/dev/null 2>&1; then
		chown _apt "$part"
	fi
	echo "fetch-mbedtls-source: apt-get source --download-only mbedtls" >&2
	if ! (cd "$part" && apt-get source -q --download-only mbedtls) >&2; then
		rm -rf "$part"
		die "cannot download the mbedtls source package (network down?), and $dir has none"
	fi
	mv "$part"/mbedtls_* "$dir/"
	rm -rf "$part"
	set -- "$dir"/mbedtls_*.dsc
	[ -f "$1" ] || die "apt-get source left no .dsc in $dir"
fi
[ $# -eq 1 ] || die "more than one mbedtls .dsc in $dir ($*): keep the one to build, remove the others"
dsc=$1

version=$(sed -n 's/^Version: //p' "$dsc")
case $version in
"$want_upstream"*) ;;
*) die "$dsc is mbedtls $version; crypto/ is written for $want_upstream*" ;;
esac

# dpkg-source -x applies the patches in debian/patches, as apt-get source does.
# (Without debian-keyring it cannot check the uploader's signature and says so; the
# files' hashes were already checked by apt against the archive's signed index.)
rm -rf "$tree" "$tree.part"
dpkg-source -q -x "$dsc" "$tree.part" >&2 || die "dpkg-source -x $dsc failed"
echo "$version" >"$tree.part/.shoji-version"
mv "$tree.part" "$tree"
echo "fetch-mbedtls-source: $tree is mbedtls $version" >&2
