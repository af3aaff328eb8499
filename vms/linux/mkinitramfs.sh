#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds one Linux guest's initramfs: busybox-static with its applet links, the
# VM's kernel modules, vms/linux/init and the VM's settings, as a gzip'ed newc cpio.
#
# Usage: mkinitramfs.sh -o OUT -n VM -b BUSYBOX [-k MODDIR] [-m MODULE]... [-d IFACE]...
#                       [-a SRC=DEST]... [-x ROOT:PATH]... [-l LINK=TARGET]... [-r SCRIPT]
#                       [-e KO]...
#   -o OUT     the archive to write (OUT.manifest is left beside it for inspection)
#   -n VM      the VM's name: its hostname and the `shoji-guest: VM up` line
#   -b BUSYBOX the busybox-static binary (arm64)
#   -k MODDIR  the kernel's lib/modules/<version> tree (needed with -m)
#   -m MODULE  a module to load at boot; its dependencies come along, in order
#   -d IFACE   an interface to configure with DHCP
#   -a SRC=DEST an extra file (0755 if SRC is executable, else 0644); missing parent
#              directories of DEST are added
#   -x ROOT:PATH a file from ROOT, a tree unpacked with `dpkg-deb -x` (arm64 Debian
#              packages), at its own path, with what it needs to run: the links it
#              goes through, its ELF interpreter and shared libraries, recursively,
#              all from ROOT (elfdeps.py). Programs from /sbin, /usr/bin, /usr/sbin
#              go to /bin, which those are links to here. Plugins that are dlopen()ed
#              need a -x of their own.
#   -l LINK=TARGET a symbolic link LINK (absolute) pointing at TARGET, e.g.
#              -l /bin/iptables=xtables-legacy-multi
#   -e KO      an out-of-tree module built here (e.g. the channel driver): installed
#              as /lib/modules/extra/<name>.ko and loaded after the -m modules
#   -r SCRIPT  the VM's startup hook, installed as /etc/shoji/rc (0755; it starts
#              with #!): /init runs it once the VM's interfaces are configured
# Needs no root: device nodes are entries in the archive. Same inputs, same bytes.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out="" vm="" bb="" moddir="" mods="" ifaces="" extras="" xfiles="" links="" rc="" kos=""
while getopts o:n:b:k:m:d:a:x:l:r:e: opt; do
	case $opt in
	o) out=$OPTARG ;;
	n) vm=$OPTARG ;;
	b) bb=$OPTARG ;;
	k) moddir=${OPTARG%/} ;;
	m) mods="$mods $OPTARG" ;;
	d) ifaces="$ifaces $OPTARG" ;;
	a) extras="$extras $OPTARG" ;;
	x) xfiles="$xfiles $OPTARG" ;;
	l) links="$links $OPTARG" ;;
	r) rc=$OPTARG ;;
	e) kos="$kos $OPTARG" ;;
	*) exit 2 ;;
	esac
done
die() {
	echo "mkinitramfs: $*" >&2
	exit 1
}
if [ -z "$out" ] || [ -z "$vm" ] || [ -z "$bb" ]; then
	die "need -o OUT -n VM -b BUSYBOX"
fi
[ -f "$bb" ] || die "$bb: no busybox binary"
case $vm in
*[!a-z0-9-]* | "") die "$vm: a VM name is lower-case letters, digits and '-'" ;;
esac
# The manifest is split on blanks: paths cannot hold any.
case "$here$bb$moddir$rc" in
*[[:space:]]*) die "a path with blanks: $here $bb $moddir $rc" ;;
esac
for x in $extras; do
	case $x in
	*=/?*) [ -f "${x%%=*}" ] || die "-a $x: no file ${x%%=*}" ;;
	*) die "-a $x: want SRC=/absolute/DEST" ;;
	esac
done
for x in $xfiles; do
	case $x in
	?*:/?*) [ -d "${x%%:*}" ] || die "-x $x: no directory ${x%%:*}" ;;
	*) die "-x $x: want ROOT:/absolute/path" ;;
	esac
done
for x in $links; do
	case $x in
	/?*=?*) ;;
	*) die "-l $x: want /absolute/LINK=TARGET" ;;
	esac
done
if [ -n "$rc" ]; then
	[ -f "$rc" ] || die "-r $rc: no such file"
	[ "$(head -c 2 "$rc")" = "#!" ] || die "-r $rc: a startup hook starts with #! (e.g. #!/bin/sh)"
fi
for k in $kos; do
	case $k in
	*.ko) [ -f "$k" ] || die "-e $k: no such module" ;;
	*) die "-e $k: want a .ko file" ;;
	esac
done
if [ -n "$mods" ] && [ ! -d "$moddir/kernel" ]; then
	die "${moddir:-(no -k)}: not a lib/modules/<version> tree"
fi

gen=$out.d
rm -rf "$gen"
mkdir -p "$gen"
printf '%s\n' "$vm" >"$gen/hostname"
: >"$gen/modules"
if [ -n "$mods" ]; then
	# shellcheck disable=SC2086
	python3 "$here/moddeps.py" "$moddir" $mods >"$gen/modules"
fi
# Out-of-tree modules load last: they may use any of the above.
for k in $kos; do
	printf 'extra/%s\n' "$(basename "$k")" >>"$gen/modules"
done
: >"$gen/dhcp"
for i in $ifaces; do
	printf '%s\n' "$i" >>"$gen/dhcp"
done

# The -x files with what they need: one elfdeps.py per tree, so that what several
# files share (libc) is listed once.
: >"$gen/xfiles"
for root in $(for x in $xfiles; do echo "${x%%:*}"; done | LC_ALL=C sort -u); do
	# shellcheck disable=SC2046 # one argument per path
	python3 "$here/elfdeps.py" "$root" $(for x in $xfiles; do
		[ "${x%%:*}" = "$root" ] && echo "${x#*:}"
	done) >>"$gen/xfiles"
done

# busybox keeps its applet names as one sorted, NUL-separated table starting
# "[\0[[\0": read it from the binary (it is arm64, we cannot run it here).
python3 - "$bb" >"$gen/applets" <<'EOF'
import re, sys
data = open(sys.argv[1], "rb").read()
start = data.find(b"[\0[[\0")
names = data[start:data.find(b"\0\0", start)].decode("ascii", "replace").split("\0") if start >= 0 else []
need = {"sh", "mount", "hostname", "ip", "insmod", "udhcpc", "setsid", "cttyhack", "sleep"}
if names != sorted(names) or not need <= set(names) or \
        not all(re.fullmatch(r"[a-z0-9_.\[\]-]+", n) for n in names):
    sys.exit("mkinitramfs: cannot read the applet table of %s (or it lacks one of %s)"
             % (sys.argv[1], " ".join(sorted(need))))
print("\n".join(n for n in names if n != "busybox"))
EOF

# The directories leading to archive path $1, each a `dir` entry (duplicates go later).
parents() {
	p=""
	for c in $(dirname "$1" | tr / ' '); do
		p=$p/$c
		echo "dir $p 0755 0 0"
	done
}

{
	echo "# $vm initramfs: generated by vms/linux/mkinitramfs.sh"
	for d in /bin /dev /etc /etc/shoji /etc/udhcpc /lib /lib/modules /proc /root /run /sys \
		/tmp /usr /var; do
		echo "dir $d 0755 0 0"
	done
	echo "nod /dev/console 0600 0 0 c 5 1"
	echo "slink /sbin bin 0777 0 0"
	echo "slink /usr/bin ../bin 0777 0 0"
	echo "slink /usr/sbin ../bin 0777 0 0"
	echo "file /bin/busybox $bb 0755 0 0"
	while read -r a; do
		echo "slink /bin/$a busybox 0777 0 0"
	done <"$gen/applets"
	echo "file /init $here/init 0755 0 0"
	echo "file /etc/udhcpc/default.script $here/udhcpc.script 0755 0 0"
	echo "file /etc/hostname $gen/hostname 0644 0 0"
	echo "file /etc/shoji/modules $gen/modules 0644 0 0"
	echo "file /etc/shoji/dhcp $gen/dhcp 0644 0 0"
	grep -v '^extra/' "$gen/modules" | while read -r m; do
		parents "/lib/modules/$m"
		echo "file /lib/modules/$m $(dirname "$moddir")/$m 0644 0 0"
	done
	for k in $kos; do
		echo "dir /lib/modules/extra 0755 0 0"
		echo "file /lib/modules/extra/$(basename "$k") $k 0644 0 0"
	done
	for x in $extras; do
		src=${x%%=*}
		dst=${x#*=}
		mode=0644
		[ -x "$src" ] && mode=0755
		parents "$dst"
		echo "file $dst $src $mode 0 0"
	done
	cat "$gen/xfiles"
	for x in $links; do
		parents "${x%%=*}"
		echo "slink ${x%%=*} ${x#*=} 0777 0 0"
	done
	if [ -n "$rc" ]; then
		echo "file /etc/shoji/rc $rc 0755 0 0"
	fi
} | awk '$1 != "dir" || !seen[$2]++' >"$out.manifest"

python3 "$here/cpio.py" "$out.manifest" "$out"
