#!/bin/sh
# SPDX-License-Identifier: MIT
# Fails when the hypervisor's crypto objects need a symbol nobody has vetted, or contain
# code that has no place at EL2.
#
# Usage: crypto/check-undefined.sh NM ALLOWLIST FILE...
#
# Every symbol FILE... (archives or objects) leave undefined must be on ALLOWLIST
# (one per line, then a comment naming who provides it and why). The same FILE...
# must not define anything from mbedTLS's OS-facing modules (sockets, timing,
# entropy polling, files) or any stdio call.
set -eu

[ $# -ge 3 ] || { echo "usage: $0 NM ALLOWLIST FILE..." >&2; exit 2; }
nm=$1
allow=$2
shift 2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$nm" -g --defined-only "$@" | awk 'NF == 3 { print $3 }' | sort -u >"$tmp/defined"
"$nm" -u "$@" | awk '$1 == "U" || $1 == "w" { print $2 }' | sort -u >"$tmp/undefined"
comm -23 "$tmp/undefined" "$tmp/defined" >"$tmp/needed"
sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$allow" | awk '{ print $1 }' | sort -u >"$tmp/allowed"

status=0
new=$(comm -23 "$tmp/needed" "$tmp/allowed")
if [ -n "$new" ]; then
	echo "check-undefined: not on $allow (provide it in crypto/shim.c or the hypervisor, and list it):" >&2
	echo "$new" | sed 's/^/  /' >&2
	status=1
fi
forbidden=$(grep -E '^(mbedtls_net_|mbedtls_timing_|mbedtls_entropy_|mbedtls_platform_entropy_poll|mbedtls_hardware_poll|.*_file$|f?printf$|fopen$)' \
	"$tmp/defined" "$tmp/needed" || true)
if [ -n "$forbidden" ]; then
	echo "check-undefined: OS-facing code in the hypervisor's crypto:" >&2
	echo "$forbidden" | sed 's/^/  /' >&2
	status=1
fi
unused=$(comm -13 "$tmp/needed" "$tmp/allowed")
if [ -n "$unused" ]; then
	echo "check-undefined: note: allowed but no longer needed: $(echo "$unused" | tr '\n' ' ')" >&2
fi
exit $status
