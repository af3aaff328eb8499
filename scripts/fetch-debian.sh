#!/bin/sh
# SPDX-License-Identifier: MIT
# Fetches Debian packages (.deb files, not installed) into a cache directory, once.
#
# Usage: scripts/fetch-debian.sh [-d DIR] NAME:ARCH...
#
# For each NAME:ARCH it leaves DIR/NAME_ARCH.deb, a link to the file apt-get
# downloaded (its usual NAME_VERSION_ARCH.deb name, kept beside it). A package
# already in the cache is never fetched again: a second run needs no network.
# Only Debian's archive is used, through apt-get download; nothing is installed.
# DIR defaults to build/cache/debs.
set -eu

dir=build/cache/debs
if [ "${1:-}" = "-d" ]; then
	dir=$2
	shift 2
fi
[ $# -gt 0 ] || { echo "usage: $0 [-d DIR] NAME:ARCH..." >&2; exit 2; }

die() {
	echo "fetch-debian: $*" >&2
	exit 1
}

# Makes apt know ARCH's packages: needs the architecture added to dpkg and fresh lists.
apt_knows() {
	apt-cache show "$1" >/dev/null 2>&1
}

prepare_apt() {
	pkg=$1
	arch=${pkg##*:}
	if [ "$arch" != "$(dpkg --print-architecture)" ] && [ "$arch" != all ] &&
		! dpkg --print-foreign-architectures | grep -qx "$arch"; then
		if [ "$(id -u)" != 0 ]; then
			die "$pkg: dpkg does not know architecture $arch; run as root:" \
				"dpkg --add-architecture $arch && apt-get update"
		fi
		echo "fetch-debian: adding architecture $arch to dpkg" >&2
		dpkg --add-architecture "$arch"
		apt_update
	fi
	if ! apt_knows "$pkg"; then
		[ "$(id -u)" = 0 ] || die "$pkg: unknown to apt-cache; run as root: apt-get update"
		apt_update
		apt_knows "$pkg" || die "$pkg: no such package in the configured Debian archive" \
			"(not in the cache $dir either)"
	fi
}

updated=no
apt_update() {
	[ "$updated" = no ] || return 0
	updated=yes
	echo "fetch-debian: apt-get update" >&2
	# A third-party source that cannot be reached must not stop us: only Debian's matter.
	apt-get update -q >&2 || echo "fetch-debian: apt-get update reported errors; continuing" >&2
}

download() {
	pkg=$1
	part=$(mktemp -d "$dir/.part.XXXXXX")
	# apt drops root privileges to _apt for downloads: it must be able to write there.
	chmod 0755 "$part"
	if [ "$(id -u)" = 0 ] && id _apt >/dev/null 2>&1; then
		chown _apt "$part"
	fi
	if ! (cd "$part" && apt-get download -q "$pkg") >&2; then
		rm -rf "$part"
		return 1
	fi
	set -- "$part"/*.deb
	[ -f "$1" ] || { rm -rf "$part"; return 1; }
	mv "$1" "$dir/"
	rm -rf "$part"
	echo "$dir/$(basename "$1")"
}

mkdir -p "$dir"
for pkg in "$@"; do
	case $pkg in
	*:*) ;;
	*) die "$pkg: give the architecture explicitly (NAME:ARCH)" ;;
	esac
	name=${pkg%%:*}
	arch=${pkg##*:}
	link=$dir/${name}_$arch.deb
	if [ -f "$link" ] && dpkg-deb -f "$link" Package >/dev/null 2>&1; then
		continue
	fi
	prepare_apt "$pkg"
	echo "fetch-debian: downloading $pkg" >&2
	if ! deb=$(download "$pkg"); then
		# The lists may be stale (the archive dropped the version they name): refresh once.
		if [ "$(id -u)" = 0 ] && [ "$updated" = no ]; then
			apt_update
			deb=$(download "$pkg") || deb=""
		else
			deb=""
		fi
		[ -n "$deb" ] || die "$pkg: cannot download it (network down or version gone from" \
			"the archive?) and it is not in the cache $dir"
	fi
	got=$(dpkg-deb -f "$deb" Package) || die "$deb: not a valid .deb"
	[ "$got" = "$name" ] || die "$deb: holds package $got, not $name"
	ln -sfn "$(basename "$deb")" "$link"
	echo "fetch-debian: $pkg -> $deb ($(dpkg-deb -f "$deb" Version))" >&2
done
