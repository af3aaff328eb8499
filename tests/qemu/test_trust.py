# SPDX-License-Identifier: MIT
"""Verified and measured boot, ATTEST and KEY_DERIVE (issue 8), on the real images.

test-pair: `vpn` is trusted and REQUIRED to verify, `apps` untrusted and MARKed
(starts UNVERIFIED). Images that must differ from the built one are packed here
with build/host/shoji-pack into build/trust-tests/ from the same inputs the
Makefile uses (`make pack-inputs`); expected measurements come from
`shoji-pack --measure VM IMAGE` and reports are checked by
build/host/shoji-attest-verify, never by digests written into this file.
vpn-apps (Linux) covers the payload kinds test-pair lacks (dtb, initrd); those
runs stop at the first line that proves the point.
"""
import os
import re

from harness import Qemu
from layout import layout
from testpair import TestPair, count
from trust_images import (DEV_PUB, KEYGEN, PACK, R_FLAGS, R_MEAS, R_NAME, R_NONCE, R_SIG, R_TABLE, R_TRUST,
                          REPORT_SIZE, WORK, entries, host_tools, image, log_path, logged_measurement, measure,
                          pack_inputs, repack, run, verify_report)

ATTEST = 0xC6000002
KEY_DERIVE = 0xC6000003
KEY_SIZE = 32
INVALID_PARAMETER = hex((1 << 64) - 3)
MiB = 0x100000

# test-pair (vms/test-pair/layout.h): RAM and the channel window as each VM sees them.
_L = layout("test-pair")
RAM = {"vpn": (_L["TP_VPN_RAM_IPA"], _L["TP_VPN_RAM_SIZE"]), "apps": (_L["TP_APPS_RAM_IPA"], _L["TP_APPS_RAM_SIZE"])}
WINDOW = {"vpn": _L["TP_CHAN_VPN_IPA"], "apps": _L["TP_CHAN_APPS_IPA"]}
OWN_DEVICE = {"vpn": _L["TP_VPN_DEV_PA"], "apps": _L["TP_APPS_DEV_PA"]}
VUART, GICD = _L["TP_VUART_IPA"], _L["TP_GICD_IPA"]
PEER = {"vpn": "apps", "apps": "vpn"}


# pack_entry (include/shoji/pack.h): the table follows the 32-byte header; sig at 80 of each 144-byte entry.
def entry_field_offset(img, name, field_off):
    with open(img, "rb") as f:
        data = f.read()
    start = entries(img)[name][0]
    # The package header is on the page boundary at or before the first payload's table; find it.
    pkg = data.rfind(b"SHOJIPK\0", 0, start)
    assert pkg >= 0 and pkg % 4096 == 0, "no package header before %s" % name
    n = int.from_bytes(data[pkg + 16:pkg + 20], "little")
    for i in range(n):
        e = pkg + 32 + 144 * i
        if data[e:e + 32].rstrip(b"\0").decode() == name:
            return e + field_off
    raise AssertionError("no entry %s" % name)


def flipped(src, out_name, at):
    """A copy of image src with the byte at file offset `at` inverted."""
    with open(src, "rb") as f:
        data = bytearray(f.read())
    data[at] ^= 0xFF
    out = os.path.join(WORK, out_name)
    with open(out, "wb") as f:
        f.write(data)
    return out


def flip_payload(img, name, out_name, at=None):
    """A copy of img with one byte of payload `name` inverted: at offset `at` in it, or its middle."""
    off, size = entries(img)[name]
    return flipped(img, out_name, off + (size // 2 if at is None else at))


def throwaway_key():
    """A fresh key pair under build/ for this run (never committed); keygen refuses to overwrite, so clear first."""
    host_tools()
    key, pub = os.path.join(WORK, "throwaway.key"), os.path.join(WORK, "throwaway.pub")
    for p in (key, pub):
        if os.path.exists(p):
            os.unlink(p)
    run(KEYGEN, key, pub)
    return key, pub


class Pair(TestPair):
    """test-pair booted from a given image; waits only for the VMs in `ready`."""

    def __init__(self, ctx, name, img, ready=("vpn", "apps"), timeout=120.0):
        self.q = Qemu(ctx.qemu_cmd(img, "SYSTEM=test-pair"), timeout=timeout, log_path=log_path(ctx, name))
        self.focus = "vpn"
        try:
            for vm in ready:
                self.q.expect(r"^\[%s\] ready$" % vm, timeout=30)
        except BaseException:
            self.q.kill()
            raise

    def info(self, vm):
        m = self.cmd(vm, "info", r"info name=%s ram=(\S+) size=(\S+) mark=(\S+) " % vm)
        return int(m.group(1), 16), int(m.group(2), 16), int(m.group(3), 16)

    def attest(self, vm, buf, size, nonce):
        """ATTEST; returns (x0 as printed, report bytes or None)."""
        self.focus_on(vm)
        start = len(self.q.out)
        self.q.send("attest 0x%x 0x%x %s\r" % (buf, size, nonce.hex()))
        m = self.q.expect(r"^\[%s\] (ret x0=(\S+)|error .*|abort .*)$" % vm, start=start, timeout=20)
        assert m.group(2), "attest: %s" % m.group(1)
        x0 = m.group(2)
        if int(x0, 16) != REPORT_SIZE:
            return x0, None
        data = b""
        for off in range(0, REPORT_SIZE, 64):
            r = self.q.expect(r"^\[%s\] report 0x%x ([0-9a-f]+)$" % (vm, off), start=m.end(), timeout=10)
            data += bytes.fromhex(r.group(1))
        assert len(data) == REPORT_SIZE, "report of %d bytes" % len(data)
        return x0, data

    def derive(self, vm, buf, size, label):
        """KEY_DERIVE; returns (x0 as printed, key bytes or None)."""
        self.focus_on(vm)
        start = len(self.q.out)
        self.q.send("derive 0x%x 0x%x 0x%x\r" % (buf, size, label))
        m = self.q.expect(r"^\[%s\] (ret x0=(\S+)|error .*|abort .*)$" % vm, start=start, timeout=20)
        assert m.group(2), "derive: %s" % m.group(1)
        if int(m.group(2), 16) != KEY_SIZE:
            return m.group(2), None
        k = self.q.expect(r"^\[%s\] key ([0-9a-f]{64})$" % vm, start=m.end(), timeout=10)
        return m.group(2), bytes.fromhex(k.group(1))

    def key(self, vm, label):
        mark = self.info(vm)[2]
        x0, key = self.derive(vm, mark, 0x1000, label)
        assert x0 == hex(KEY_SIZE), "KEY_DERIVE from %s: x0=%s" % (vm, x0)
        return key

    def boot_table(self):
        """The monitor's verified-boot table: {vm: (BOOT, measurement prefix)}."""
        start = len(self.q.out)
        self.q.send("\x1dm")
        header = self.q.expect(r"^\[shoji\] VM +BOOT +MEASUREMENT$", start=start, timeout=10)
        rows = {}
        for vm in ("vpn", "apps"):
            m = self.q.expect(r"^\[shoji\] %s +(\S+) +(\S+)$" % vm, start=header.end(), timeout=10)
            rows[vm] = m.groups()
        return rows


# ---- verified boot ----

def both_vms_boot_verified(ctx, name):
    img = image(ctx, "test-pair")
    # The build signs with the development key by default; the host check agrees before any boot.
    out = run(PACK, "--verify", DEV_PUB, img).stdout
    assert count(out, r"hash=ok sig=ok$") == 4 and "vpn.config " in out and "apps.config " in out, out
    with Pair(ctx, name, img) as tp:
        for vm in ("vpn", "apps"):
            assert logged_measurement(tp.q, vm) == measure(img, vm), "%s measurement differs from the image's" % vm
        assert "UNVERIFIED" not in tp.q.out and "refused" not in tp.q.out, tp.q.out
        rows = tp.boot_table()
        assert rows["vpn"][0] == "verified" and rows["apps"][0] == "verified", rows
        assert measure(img, "vpn").startswith(rows["vpn"][1]), rows
        tp.heartbeat()


def refused_and_marked(ctx, name, img, vpn_reason, apps_reason):
    """Boots test-pair images with one bad payload each: vpn refused with its reason, or apps UNVERIFIED."""
    if vpn_reason:
        with Pair(ctx, name + "-vpn", img["vpn"], ready=("apps",)) as tp:
            tp.q.expect(r"^\[shoji\] vpn: refused: %s$" % re.escape(vpn_reason), timeout=30)
            tp.cmd("apps", "echo still here", r"echo still here")
            tp.q.drain(0.5)
            assert count(tp.q.out, r"^\[vpn\] ") == 0, "refused vpn ran"
            assert tp.boot_table()["vpn"][0] == "refused"
    if apps_reason:
        with Pair(ctx, name + "-apps", img["apps"]) as tp:
            tp.q.expect(r"^\[shoji\] apps: starting UNVERIFIED: %s$" % re.escape(apps_reason), timeout=30)
            tp.heartbeat()
            assert tp.boot_table()["apps"][0] == "UNVERIFIED"
            # Its reports say so: a gateway that requires verified boot turns it away.
            x0, report = tp.attest("apps", tp.info("apps")[2], 0x1000, bytes(range(32)))
            assert report is not None, "ATTEST from UNVERIFIED apps: x0=%s" % x0
            assert int.from_bytes(report[R_FLAGS:R_FLAGS + 4], "little") == 0
            rc, out = verify_report(report, "--dev-secret", "--vm", "apps", "--verified")
            assert rc == 1 and "verified: FAIL" in out, out


def flipped_config_byte(ctx, name):
    img = image(ctx, "test-pair")
    bad = {vm: flip_payload(img, vm + ".config", "flip-%s-config.bin" % vm) for vm in ("vpn", "apps")}
    refused_and_marked(ctx, name, bad, "vpn.config: SHA-256 mismatch", "apps.config: SHA-256 mismatch")


def flipped_kernel_byte(ctx, name):
    img = image(ctx, "test-pair")
    # Byte 8 of a test guest is its magic ("shojitg1", tests/guests/start.S), which nothing reads at run
    # time: the UNVERIFIED apps still runs normally, so the test can see that it does.
    bad = {vm: flip_payload(img, vm + ".kernel", "flip-%s-kernel.bin" % vm, at=8) for vm in ("vpn", "apps")}
    refused_and_marked(ctx, name, bad, "vpn.kernel: SHA-256 mismatch", "apps.kernel: SHA-256 mismatch")


def flipped_signature_byte(ctx, name):
    img = image(ctx, "test-pair")
    bad = {vm: flipped(img, "flip-%s-sig.bin" % vm, entry_field_offset(img, vm + ".kernel", 80 + 17))
           for vm in ("vpn", "apps")}
    sig = "signature does not verify against the vendor key"
    refused_and_marked(ctx, name, bad, "vpn.kernel: " + sig, "apps.kernel: " + sig)


def resigned_with_another_key(ctx, name):
    key, pub = throwaway_key()
    img = repack(ctx, "test-pair", "throwaway-signed.bin", key=key)
    assert run(PACK, "--verify", pub, img).returncode == 0
    assert run(PACK, "--verify", DEV_PUB, img, ok=False).returncode != 0
    # The first payload checked is the config: that is the reason given.
    sig = "signature does not verify against the vendor key"
    with Pair(ctx, name, img, ready=("apps",)) as tp:
        tp.q.expect(r"^\[shoji\] vpn: refused: vpn.config: %s$" % sig, timeout=30)
        tp.q.expect(r"^\[shoji\] apps: starting UNVERIFIED: apps.config: %s$" % sig, timeout=30)
        tp.cmd("apps", "echo alive", r"echo alive")
        assert count(tp.q.out, r"^\[vpn\] ") == 0, "vpn ran with a foreign signature"


def signed_config_of_another_table(ctx, name):
    """A config payload the vendor did sign, but not of the table this hypervisor runs; or none at all."""
    _, payloads = pack_inputs(ctx, "test-pair")
    bad = {}
    for vm in ("vpn", "apps"):
        with open(payloads[vm + ".config"], "rb") as f:
            desc = bytearray(f.read())
        desc[16 + 16 + 8 + 4] ^= 0x02  # vCPU 0's physical CPU (vmdesc.h: domain, name, trust, verify, num_cpus)
        other = os.path.join(WORK, "other-%s.config" % vm)
        with open(other, "wb") as f:
            f.write(desc)
        bad[vm] = repack(ctx, "test-pair", "other-%s-config.bin" % vm, replace={vm + ".config": other})
        assert run(PACK, "--verify", DEV_PUB, bad[vm]).returncode == 0
    differs = "partition entry differs from the signed one"
    refused_and_marked(ctx, name, bad, "vpn.config: " + differs, "apps.config: " + differs)
    missing = {vm: repack(ctx, "test-pair", "no-%s-config.bin" % vm, drop=(vm + ".config",)) for vm in ("vpn", "apps")}
    refused_and_marked(ctx, name + "-missing", missing, "missing payload vpn.config", "missing payload apps.config")


def linux_payload_kinds(ctx, name):
    """vpn-apps: a flipped dtb refuses vpn while apps boots; a flipped initrd marks apps while vpn boots."""
    img = image(ctx, "vpn-apps")
    cmd = ctx.qemu_cmd
    vpn_dtb = flip_payload(img, "vpn.dtb", "flip-vpn-dtb.bin")
    with Qemu(cmd(vpn_dtb, "SYSTEM=vpn-apps"), timeout=90, log_path=log_path(ctx, name + "-dtb")) as q:
        q.expect(r"^\[shoji\] vpn: refused: vpn.dtb: SHA-256 mismatch$", timeout=60)
        assert logged_measurement(q, "apps") == measure(img, "apps")
        q.expect(r"^\[apps\] ", timeout=60)
        assert count(q.out, r"^\[vpn\] ") == 0, "refused vpn printed"
    apps_initrd = flip_payload(img, "apps.initrd", "flip-apps-initrd.bin")
    with Qemu(cmd(apps_initrd, "SYSTEM=vpn-apps"), timeout=90, log_path=log_path(ctx, name + "-initrd")) as q:
        q.expect(r"^\[shoji\] apps: starting UNVERIFIED: apps.initrd: SHA-256 mismatch$", timeout=60)
        q.expect(r"^\[shoji\] vpn: verified in ", timeout=60)
        q.expect(r"^\[vpn\] ", timeout=60)


# ---- ATTEST ----

def attest_reports_verify(ctx, name):
    img = image(ctx, "test-pair")
    with Pair(ctx, name, img) as tp:
        device_pub = tp.q.expect(r"^\[shoji\] attest: device key (04[0-9a-f]{128})$", timeout=10).group(1)
        table = tp.q.expect(r"^\[shoji\] attest: partition table ([0-9a-f]{64})$", timeout=10).group(1)
        reports = {}
        for vm, trust in (("vpn", 1), ("apps", 0)):
            nonce = os.urandom(32)
            x0, report = tp.attest(vm, tp.info(vm)[2], 0x1000, nonce)
            assert x0 == hex(REPORT_SIZE) and report is not None, "ATTEST from %s: x0=%s" % (vm, x0)
            assert report[R_NONCE:R_NONCE + 32] == nonce, "nonce not reflected"
            assert report[R_NAME:R_NAME + 16].rstrip(b"\0") == vm.encode()
            assert int.from_bytes(report[R_TRUST:R_TRUST + 4], "little") == trust
            m = measure(img, vm)
            expect = ["--measurement", m, "--nonce", nonce.hex(), "--vm", vm, "--table", table, "--verified"]
            # The QEMU development device key, derived on the host from the board's secret ...
            rc, out = verify_report(report, "--dev-secret", *expect)
            assert rc == 0 and "result: ok" in out, out
            assert "device key: %s " % device_pub in out, "host and hypervisor derive different device keys"
            for check in ("signature", "measurement", "nonce", "vm", "partition_table", "verified"):
                assert re.search(r"^%s: ok$" % check, out, re.M), out
            # ... and the key the hypervisor announced.
            rc, out = verify_report(report, "--device-pub", device_pub, *expect)
            assert rc == 0, out
            # Another nonce, another VM's measurement, another VM's name: refused.
            assert verify_report(report, "--dev-secret", "--nonce", os.urandom(32).hex())[0] == 1
            assert verify_report(report, "--dev-secret", "--measurement", measure(img, PEER[vm]))[0] == 1
            assert verify_report(report, "--dev-secret", "--vm", PEER[vm])[0] == 1
            # One changed byte anywhere (header, measurement, nonce, signature): the signature fails.
            for at in (0, R_FLAGS, R_MEAS + 5, R_TABLE, R_NONCE + 31, R_SIG, REPORT_SIZE - 1):
                bad = bytearray(report)
                bad[at] ^= 0x01
                rc, out = verify_report(bytes(bad), "--dev-secret")
                assert rc == 1 and "signature: FAIL" in out, "byte %d changed, still verified:\n%s" % (at, out)
            reports[vm] = report
        # Same call, same nonce: the report is deterministic; another nonce changes only nonce and signature.
        nonce = bytes(32)
        _, a = tp.attest("vpn", tp.info("vpn")[2], 0x1000, nonce)
        _, b = tp.attest("vpn", tp.info("vpn")[2], 0x1000, nonce)
        assert a == b
        assert a[:R_NONCE] == reports["vpn"][:R_NONCE]
        tp.heartbeat()


def bad_buffers(vm, need):
    """(what, ipa, size) for buffers a trust call must refuse; every one is -3 and writes nothing."""
    base, size = RAM[vm]
    end = base + size
    mark = end - MiB
    return [
        ("below its RAM", base - 0x1000, 0x1000),
        ("past its RAM", end, 0x1000),
        ("straddling the end of its RAM", end - 0x80, 0x100),
        ("in the other VM's RAM", RAM[PEER[vm]][0], 0x1000),
        ("at the other VM's PA", 0x54000000 if vm == "vpn" else 0x50000000, 0x1000),
        ("on the vUART", VUART, 0x1000),
        ("on the GIC distributor", GICD, 0x10000),
        ("on its passthrough device", OWN_DEVICE[vm], 0x1000),
        ("in the channel window", WINDOW[vm], 0x1000),
        ("4-byte aligned only", mark + 4, 0x1000),
        ("1-byte aligned", mark + 1, 0x1000),
        ("one byte too small", mark, need - 1),
        ("of size 0", mark, 0),
        ("wrapping the address space", 0xFFFFFFFFFFFFF000, 0x2000),
        ("whose size wraps", mark, (1 << 64) - mark + 0x10),
        ("of a huge size", mark, 0xFFFFFFFFFFFFFF00),
        ("with stray high address bits", (1 << 63) | mark, 0x1000),
        ("just above the IPA space", (1 << 39) + mark, 0x1000),
    ]


CHAN_WORDS = (0x0, 0x10, 0x1C, 0x80, 0xCC)  # inside both a key's 32 and a report's 208 bytes


def trust_calls_refuse_bad_buffers(ctx, name):
    img = image(ctx, "test-pair")
    with Pair(ctx, name, img) as tp:
        hb = tp.heartbeat()
        for vm in ("vpn", "apps"):
            assert tp.info(vm)[2] == RAM[vm][0] + RAM[vm][1] - MiB, "mark area moved: update this test"
            tp.cmd(vm, "mark 0x5eed%04x" % len(vm), r"ok mark")
            for off in CHAN_WORDS:
                tp.cmd(vm, "w 0x%x 0x%x" % (WINDOW[vm] + off, 0xC0DE0000 | off), r"ok w ")
            for call, need in (("attest", REPORT_SIZE), ("derive", KEY_SIZE)):
                for what, buf, size in bad_buffers(vm, need):
                    if call == "attest":
                        x0, data = tp.attest(vm, buf, size, bytes([0xA5] * 32))
                    else:
                        x0, data = tp.derive(vm, buf, size, 0x1234)
                    assert x0 == INVALID_PARAMETER and data is None, \
                        "%s from %s with a buffer %s (0x%x, 0x%x): x0=%s" % (call, vm, what, buf, size, x0)
            # Nothing written: not the top MiB of its RAM, not the channel window.
            tp.cmd(vm, "check 0x5eed%04x" % len(vm), r"mark present")
            for off in CHAN_WORDS:
                got = tp.cmd(vm, "r 0x%x" % (WINDOW[vm] + off), r"ok r \S+ = (\S+)$").group(1)
                assert int(got, 16) == 0xC0DE0000 | off, "channel window word 0x%x now %s" % (off, got)
            # The same calls with a good buffer do write (so the checks above could have failed).
            mark = RAM[vm][0] + RAM[vm][1] - MiB
            assert tp.attest(vm, mark, REPORT_SIZE, bytes(32))[0] == hex(REPORT_SIZE)
            assert tp.derive(vm, mark + REPORT_SIZE, KEY_SIZE, 1)[0] == hex(KEY_SIZE)
            tp.cmd(vm, "check 0x5eed%04x" % len(vm), r"mark absent")
        assert tp.heartbeat() > hb
        assert "PANIC" not in tp.q.out


# ---- KEY_DERIVE ----

def reset_vm(tp, vm):
    tp.focus_on(vm)
    start = len(tp.q.out)
    tp.q.send("reset\r")
    tp.q.expect(r"^\[shoji\] %s: restarted" % vm, start=start, timeout=30)
    tp.q.expect(r"^\[%s\] ready$" % vm, start=start, timeout=30)


def keys_are_bound_to_image_and_vm(ctx, name):
    img = image(ctx, "test-pair")
    with Pair(ctx, name, img) as tp:
        k = {vm: tp.key(vm, 1) for vm in ("vpn", "apps")}
        assert tp.key("vpn", 1) == k["vpn"], "KEY_DERIVE not deterministic"
        assert k["apps"] != k["vpn"], "apps gets vpn's key for the same label"
        k2 = tp.key("vpn", 2)
        assert k2 != k["vpn"] and tp.key("vpn", 1 << 63) not in (k["vpn"], k2), "labels do not separate keys"
        # A restart of either VM keeps its keys (same image, same device).
        for vm in ("apps", "vpn"):
            reset_vm(tp, vm)
            assert tp.key(vm, 1) == k[vm], "%s's key changed across its restart" % vm
    # So does a whole new boot of the same image.
    with Pair(ctx, name + "-again", img) as tp:
        assert tp.key("vpn", 1) == k["vpn"] and tp.key("apps", 1) == k["apps"], "keys changed across boots"

    # A changed vpn payload, properly signed with the vendor key: it boots verified, with another
    # measurement, and cannot unseal what the approved image sealed. apps' payloads did not change.
    _, payloads = pack_inputs(ctx, "test-pair")
    changed = os.path.join(WORK, "vpn-changed.kernel")
    with open(payloads["vpn.kernel"], "rb") as f:
        kernel = f.read()
    with open(changed, "wb") as f:
        f.write(kernel + b"\0")  # past the end of the code: the guest runs the same
    img2 = repack(ctx, "test-pair", "vpn-changed.bin", replace={"vpn.kernel": changed})
    assert run(PACK, "--verify", DEV_PUB, img2).returncode == 0
    assert measure(img2, "vpn") != measure(img, "vpn") and measure(img2, "apps") == measure(img, "apps")
    with Pair(ctx, name + "-changed", img2) as tp:
        assert logged_measurement(tp.q, "vpn") == measure(img2, "vpn")
        assert tp.boot_table()["vpn"][0] == "verified"
        assert tp.key("vpn", 1) != k["vpn"], "a different vpn image can unseal the approved image's secrets"
        assert tp.key("apps", 1) == k["apps"], "apps' key moved though its payloads did not"


TESTS = [
    ("both_vms_boot_verified", both_vms_boot_verified),
    ("flipped_config_byte", flipped_config_byte),
    ("flipped_kernel_byte", flipped_kernel_byte),
    ("flipped_signature_byte", flipped_signature_byte),
    ("resigned_with_another_key", resigned_with_another_key),
    ("signed_config_of_another_table", signed_config_of_another_table),
    ("linux_payload_kinds", linux_payload_kinds),
    ("attest_reports_verify", attest_reports_verify),
    ("trust_calls_refuse_bad_buffers", trust_calls_refuse_bad_buffers),
    ("keys_are_bound_to_image_and_vm", keys_are_bound_to_image_and_vm),
]
