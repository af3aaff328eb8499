#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Boots the vpn-apps Linux guests bare on QEMU virt (EL1, no Shoji) and checks them.

A check of the guest images themselves, so that a failure under the hypervisor
points at the hypervisor. Four boots, each bounded by a timeout:

  <vm>/qemu-dtb  QEMU's own device tree, -initrd and -append, with the VM's CPU
                 count and RAM size: the kernel, the initramfs and its modules.
  <vm>/own-dtb   the VM's device tree (build/vpn-apps/<vm>.dtb) unchanged: no
                 -append, and the initramfs loaded where its /chosen says, so
                 bootargs, initrd range, CPUs, GIC, timer, PL011 and NIC are ours.
                 apps: QEMU's RAM starts below apps' IPA range, so -m covers it.
                 vpn: QEMU always rewrites /memory to its RAM (VA_NATIVE_RAM_BASE up), so
                 vpn's RAM node (0x50000000, 256 MiB) cannot be honoured here;
                 -m 1G makes that RAM cover vpn's range and the initrd address.

Each boot checks `shoji-guest: <vm> up`, a shell answering `echo`, the CPU count
from /proc/cpuinfo and, for vpn, eth0's DHCP address from QEMU's user network
(10.0.2.15). The device trees are also read back with fdtget and compared with
vms/vpn-apps/layout.h. Prints PASS/FAIL per check, each boot's wall time from
QEMU start to the shell, and `N passed, N failed` last.

Usage: tests/linux/native_boot.py [-v] [-k WORD]   (builds with make first)
Also usable from tests/run.py: TESTS = [(name, fn(ctx, name))].
"""
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "qemu"))
from harness import Qemu, Timeout  # noqa: E402

IMAGE = os.path.join(ROOT, "build/linux/Image")
VA_OUT = os.path.join(ROOT, "build/vpn-apps")
LAYOUT = os.path.join(ROOT, "vms/vpn-apps/layout.h")
BOOT_TIMEOUT = 120.0
VMS = {
    # name: (CPUs, RAM MiB, layout prefix, QEMU network)
    "vpn": (1, 256, "VA_VPN", "-netdev user,id=n0 -device virtio-net-device,netdev=n0"),
    "apps": (2, 512, "VA_APPS", "-net none"),
}
VERBOSE = False
boot_times = {}


def layout():
    """layout.h's macros, as integers, through the same cpp the device trees use."""
    src = open(LAYOUT).read()
    names = re.findall(r"^#define (VA_\w+) ", src, re.M)
    body = "#include \"layout.h\"\n" + "".join("\"%s\" %s\n" % (n, n) for n in names)
    out = subprocess.run(["cpp", "-nostdinc", "-undef", "-P", "-I", os.path.dirname(LAYOUT), "-"],
                         input=body, capture_output=True, text=True, check=True).stdout
    return {k: int(v, 0) for k, v in re.findall(r'^"(VA_\w+)" (\S+)$', out, re.M)}


def fdtget(dtb, node, prop, kind="x"):
    out = subprocess.run(["fdtget", "-t", kind, dtb, node, prop], capture_output=True, text=True)
    assert out.returncode == 0, "%s: fdtget %s %s: %s" % (dtb, node, prop, out.stderr.strip())
    return [int(v, 16) for v in out.stdout.split()] if kind == "x" else out.stdout.strip()


def cells64(vals):
    """Pairs of 32-bit cells as 64-bit numbers."""
    assert len(vals) % 2 == 0, "odd number of cells: %r" % vals
    return [(vals[i] << 32) | vals[i + 1] for i in range(0, len(vals), 2)]


def check_dtb(vm):
    """The VM's DTB says what layout.h says, and its initrd range covers the built initrd."""
    ncpus, mib, pfx, _ = VMS[vm]
    lay = layout()
    dtb = os.path.join(VA_OUT, vm + ".dtb")
    ram = lay[pfx + "_RAM_IPA"]
    mem = "/memory@%x" % ram
    assert cells64(fdtget(dtb, mem, "reg")) == [ram, lay[pfx + "_RAM_SIZE"]], "memory reg"
    assert lay[pfx + "_RAM_SIZE"] == mib << 20, "test's RAM size disagrees with layout.h"
    start = cells64(fdtget(dtb, "/chosen", "linux,initrd-start"))[0]
    end = cells64(fdtget(dtb, "/chosen", "linux,initrd-end"))[0]
    size = os.path.getsize(os.path.join(VA_OUT, vm + ".initrd"))
    assert (start, end) == (ram + lay["VA_INITRD_OFFSET"], ram + lay["VA_INITRD_OFFSET"] + size), \
        "initrd range %#x-%#x for a %d-byte initrd" % (start, end, size)
    cpus = subprocess.run(["fdtget", "-l", dtb, "/cpus"], capture_output=True, text=True).stdout.split()
    assert cpus == ["cpu@%d" % i for i in range(ncpus)], "cpus: %r" % cpus
    for i in range(ncpus):
        assert fdtget(dtb, "/cpus/cpu@%d" % i, "reg") == [i], "cpu@%d reg" % i
        assert fdtget(dtb, "/cpus/cpu@%d" % i, "enable-method", "s") == "psci"
    gic = "/interrupt-controller@%x" % lay["VA_GICD_IPA"]
    assert cells64(fdtget(dtb, gic, "reg")) == [lay["VA_GICD_IPA"], 0x10000,
                                               lay["VA_GICR_IPA"], 0x20000 * ncpus], "GIC reg"
    uart = "/pl011@%x" % lay["VA_VUART_IPA"]
    assert fdtget(dtb, uart, "interrupts") == [0, lay["VA_VUART_INTID"] - 32, 4], "UART interrupt"
    assert fdtget(dtb, "/chosen", "stdout-path", "s") == uart
    assert fdtget(dtb, "/psci", "method", "s") == "smc"
    nodes = set(subprocess.run(["fdtget", "-l", dtb, "/"], capture_output=True, text=True).stdout.split())
    want = {"chosen", "memory@%x" % ram, "cpus", "psci", gic[1:], "timer", "apb-pclk", uart[1:]}
    if vm == "vpn":
        nic = "/virtio_mmio@%x" % lay["VA_NIC_BASE"]
        assert cells64(fdtget(dtb, nic, "reg")) == [lay["VA_NIC_BASE"], 0x200], "NIC reg"
        assert fdtget(dtb, nic, "interrupts") == [0, lay["VA_NIC_SPI"], 1], "NIC interrupt"
        assert lay["VA_NIC_SPI"] + 32 == lay["VA_NIC_INTID"]
        want.add(nic[1:])
        rtc = "/rtc@%x" % lay["VA_RTC_PA"]
        assert cells64(fdtget(dtb, rtc, "reg")) == [lay["VA_RTC_PA"], 0x1000], "RTC reg"
        assert fdtget(dtb, rtc, "interrupts") == [0, lay["VA_RTC_SPI"], 4], "RTC interrupt"
        assert lay["VA_RTC_SPI"] + 32 == lay["VA_RTC_INTID"]
        want.add(rtc[1:])
    # The channel: the window at this VM's IPA, the doorbell SPI (edge), the index and side.
    ch_ipa = lay["VA_CHAN_VPN_IPA" if vm == "vpn" else "VA_CHAN_APPS_IPA"]
    ch = "/channel@%x" % ch_ipa
    assert cells64(fdtget(dtb, ch, "reg")) == [ch_ipa, lay["VA_CHAN_SIZE"]], "channel reg"
    assert fdtget(dtb, ch, "interrupts") == [0, lay["VA_CHAN_INTID"] - 32, 1], "channel doorbell"
    assert fdtget(dtb, ch, "shoji,channel") == [lay["VA_CHAN_INDEX"]], "channel index"
    assert fdtget(dtb, ch, "shoji,side") == [0 if vm == "vpn" else 1], "channel side"
    want.add(ch[1:])
    # The trust driver's node; vpn's points at its sealed area, a no-map reserved region (layout.h).
    want.add("trust")
    if vm == "vpn":
        sealed = "/reserved-memory/sealed@%x" % (ram + lay["VA_SEALED_OFFSET"])
        assert cells64(fdtget(dtb, sealed, "reg")) == [ram + lay["VA_SEALED_OFFSET"], lay["VA_SEALED_SIZE"]]
        assert fdtget(dtb, "/trust", "memory-region") == fdtget(dtb, sealed, "phandle"), "trust memory-region"
        want.add("reserved-memory")
    assert nodes == want, "nodes: extra %s, missing %s" % (sorted(nodes - want), sorted(want - nodes))
    # Round trip: the DTB decompiles and recompiles to the same bytes.
    dts = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", dtb], capture_output=True, check=True).stdout
    again = subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-"], input=dts,
                           capture_output=True, check=True).stdout
    assert again == open(dtb, "rb").read(), "dtc round trip changed the DTB"


def qemu_line(vm, own_dtb):
    ncpus, mib, pfx, net = VMS[vm]
    base = ("timeout %d qemu-system-aarch64 -M virt,gic-version=3 -cpu cortex-a72 -smp %d "
            "-nographic -no-reboot %s -kernel %s" % (BOOT_TIMEOUT + 10, ncpus, net, IMAGE))
    initrd = os.path.join(VA_OUT, vm + ".initrd")
    if not own_dtb:
        return base + " -m %dM -initrd %s -append console=ttyAMA0" % (mib, initrd)
    dtb = os.path.join(VA_OUT, vm + ".dtb")
    start = cells64(fdtget(dtb, "/chosen", "linux,initrd-start"))[0]
    ram_base = cells64(fdtget(dtb, "/memory@%x" % layout()[pfx + "_RAM_IPA"], "reg"))[0]
    # Make bare QEMU's RAM reach past the VM's RAM.
    qemu_mib = max(mib, (ram_base + (mib << 20) - layout()["VA_NATIVE_RAM_BASE"]) >> 20)
    return base + " -m %dM -dtb %s -device loader,file=%s,addr=%#x,force-raw=on" % (
        qemu_mib, dtb, initrd, start)


def boot(ctx, name, vm, own_dtb):
    ncpus = VMS[vm][0]
    log = os.path.join(ctx.logdir, re.sub(r"[^A-Za-z0-9_.-]", "_", name) + ".log")
    t0 = time.monotonic()
    with Qemu(qemu_line(vm, own_dtb), timeout=BOOT_TIMEOUT, log_path=log) as q:
        try:
            q.expect(r"shoji-guest: %s up$" % vm)
            t_up = time.monotonic() - t0
            # ash prints this banner just before its first prompt.
            m = q.expect(r"Enter 'help' for a list of built-in commands\.$")
            t_shell = time.monotonic() - t0
            q.send("echo shoji-$((6*7))\n")
            m = q.expect(r"shoji-42$", timeout=20, start=m.end())
            q.send("echo cpus=$(cat /proc/cpuinfo | grep -c processor)\n")
            m = q.expect(r"cpus=(\d+)$", timeout=20, start=m.end())
            assert int(m.group(1)) == ncpus, "%s CPUs, want %d" % (m.group(1), ncpus)
            if own_dtb:
                # The quotes keep the echoed command line from matching.
                q.send("echo \"cmd\"\"line=$(cat /proc/cmdline)\"\n")
                m = q.expect(r"cmdline=(.*)$", timeout=20, start=m.end())
                want = fdtget(os.path.join(VA_OUT, vm + ".dtb"), "/chosen", "bootargs", "s")
                assert m.group(1).strip() == want, "cmdline %r, DTB says %r" % (m.group(1), want)
            if vm == "vpn":
                q.send("ip addr show eth0\n")
                m = q.expect(r"inet 10\.0\.2\.15/24 ", timeout=20, start=m.end())
            q.send("poweroff -f\n")
            q.wait_exit(20)
        except Timeout as e:
            raise AssertionError("%s; console log: %s\n%s" % (e, log, q.out[-1500:]))
        finally:
            if VERBOSE:
                sys.stdout.write(q.out)
    boot_times[name] = (t_up, t_shell)
    print("      %s: 'up' after %.2f s, shell after %.2f s (wall, from QEMU start)"
          % (name, t_up, t_shell), flush=True)


_built = []


def build():
    """Builds the images once (make -f vms/vpn-apps/linux.mk: works whatever SYSTEM is)."""
    if not _built:
        p = subprocess.run(["make", "--no-print-directory", "-s", "-C", ROOT, "-f", "vms/vpn-apps/linux.mk",
                            "linux-images"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        assert p.returncode == 0, "building the Linux images failed:\n" + p.stdout[-3000:]
        _built.append(True)


def _boot_test(vm, own_dtb):
    return lambda ctx, name: (build(), boot(ctx, name, vm, own_dtb))


def _dtb_test(vm):
    return lambda ctx, name: (build(), check_dtb(vm))


TESTS = []
for _vm in VMS:
    TESTS.append(("%s/dtb-layout" % _vm, _dtb_test(_vm)))
    TESTS.append(("%s/qemu-dtb" % _vm, _boot_test(_vm, False)))
    TESTS.append(("%s/own-dtb" % _vm, _boot_test(_vm, True)))


class _Ctx:
    logdir = os.path.join(ROOT, "build", "test-logs", "linux")


def main():
    global VERBOSE
    VERBOSE = "-v" in sys.argv
    sel = sys.argv[sys.argv.index("-k") + 1] if "-k" in sys.argv else ""
    os.makedirs(_Ctx.logdir, exist_ok=True)
    try:
        build()
    except AssertionError as e:
        print("FAIL  linux/build: " + str(e))
        print("0 passed, 1 failed")
        return 1
    passed = failed = 0
    for name, fn in TESTS:
        name = "linux/" + name
        if sel and sel not in name:
            continue
        try:
            fn(_Ctx, name)
            print("PASS  " + name, flush=True)
            passed += 1
        except Exception as e:  # noqa: BLE001 - every failure is a FAIL line, not a traceback
            why = str(e) if isinstance(e, AssertionError) else "%s: %s" % (type(e).__name__, e)
            print("FAIL  %s: %s" % (name, why.strip().replace("\n", "\n      ")), flush=True)
            failed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
