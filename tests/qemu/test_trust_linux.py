# SPDX-License-Identifier: MIT
"""Sealing and attestation from Linux (issue 8): vpn-apps, driven through the VMs' shells.

vpn's VPN client key (build/vpn-apps/pki/client.key) ships in the image sealed to vpn's
measurement (the `vpn.sealed` payload, include/shoji/seal.h) and vpn.rc unseals it at boot
with the shoji-trust tool into /run/vpnd/client.key. These tests check that it arrives intact,
that nothing else can open it (apps, or a vpn image that was changed and re-signed by the
vendor), that reports made from Linux verify on the host, and that host and device derive
the same sealing keys. Expected values come from the project's host tools (shoji-pack
--measure, shoji-attest-verify, shoji-seal), never from digests written here. Binary data
crosses the console as base64 (busybox's) in short lines.
"""
import base64
import hashlib
import os
import re
import subprocess

from harness import Qemu
from linuxpair import LinuxPair
from vpnpair import TUNNEL_UP, VpnPair
from trust_images import (DEV_PUB, PACK, R_NAME, R_NONCE, ROOT, SEAL, WORK, image, log_path, logged_measurement,
                          measure, pack_inputs, repack, run, verify_report)

KEY_PATH = "/run/vpnd/client.key"
UNSEALED = r"^\[vpn\] shoji-guest: vpn: client key unsealed$"
NOT_UNSEALED = r"^\[vpn\] shoji-guest: vpn: client key NOT unsealed: (.*)$"
DOES_NOT_OPEN = "the sealed blob does not open for this VM image on this device"
NO_OPEN_EXIT = 3  # shoji-trust's status for a well-formed blob that does not open


def sha256_file(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def built(ctx):
    """(the image, vpn's sealed blob as a file, the client key file it seals, the blob's label).

    The blob is taken from the image the tests boot, not from the build tree: sealing uses a
    fresh nonce, so a later rebuild of the tree's blob would no longer match that image.
    """
    img = image(ctx, "vpn-apps")
    listing = run(PACK, "--list", img).stdout
    m = re.search(r"^vpn\.sealed offset=(0x[0-9a-f]+) size=(\d+) ", listing, re.M)
    assert m, "no vpn.sealed in %s:\n%s" % (img, listing)
    with open(img, "rb") as f:
        f.seek(int(m.group(1), 16))
        data = f.read(int(m.group(2)))
    os.makedirs(WORK, exist_ok=True)
    blob = os.path.join(WORK, "vpn.sealed.booted")
    with open(blob, "wb") as f:
        f.write(data)
    label = int.from_bytes(data[16:24], "little")  # include/shoji/seal.h: label at 16
    return img, blob, os.path.join(ROOT, "build", "vpn-apps", "pki", "client.key"), label


def sh_ok(lp, vm, command, timeout=60):
    rc, out = lp.sh(vm, command, timeout=timeout)
    assert rc == 0, "%s: `%s` exited %d: %s" % (vm, command, rc, out)
    return out


def vm_sha256(lp, vm, path):
    return sh_ok(lp, vm, "sha256sum %s" % path)[-1].split()[0]


def fetch(lp, vm, path):
    """A file of the VM, as bytes, through base64 on the console."""
    out = sh_ok(lp, vm, "base64 %s" % path)
    data = base64.b64decode("".join(l for l in out if re.fullmatch(r"[A-Za-z0-9+/=]+", l)))
    assert hashlib.sha256(data).hexdigest() == vm_sha256(lp, vm, path), "%s: %s garbled on the way" % (vm, path)
    return data


def push(lp, vm, data, path):
    """Bytes into a file of the VM, through base64 typed at its shell, 64 characters a line."""
    text = base64.b64encode(data).decode()
    sh_ok(lp, vm, "rm -f %s.b64" % path)
    for i in range(0, len(text), 64):
        sh_ok(lp, vm, "echo %s >> %s.b64" % (text[i:i + 64], path))
    sh_ok(lp, vm, "base64 -d %s.b64 > %s" % (path, path))
    assert vm_sha256(lp, vm, path) == hashlib.sha256(data).hexdigest(), "%s: %s garbled on the way" % (vm, path)


def key_id(lp, vm, label):
    out = sh_ok(lp, vm, "shoji-trust key-id %#x" % label)
    assert re.fullmatch(r"[0-9a-f]{64}", out[-1]), out
    return out[-1]


# ---- vpn's own key ----

def vpn_unseals_its_client_key(ctx, name):
    img, blob, client_key, label = built(ctx)
    with LinuxPair(ctx, name) as lp:
        lp.q.expect(UNSEALED, timeout=60)
        assert not re.search(NOT_UNSEALED, lp.q.out, re.M)
        # The very key of the PKI, root-only, on a tmpfs.
        assert vm_sha256(lp, "vpn", KEY_PATH) == sha256_file(client_key), "unsealed key differs from the PKI's"
        assert sh_ok(lp, "vpn", "stat -c '%%a %%u %%s' %s" % KEY_PATH)[-1] == \
            "600 0 %d" % os.path.getsize(client_key)
        assert sh_ok(lp, "vpn", "stat -c %a /run/vpnd")[-1] == "700"
        assert any(l.split()[1:3] == ["/run", "tmpfs"] for l in sh_ok(lp, "vpn", "cat /proc/mounts")), "no tmpfs"
        # read() of the device gives exactly the blob the hypervisor copied in, no more.
        assert vm_sha256(lp, "vpn", "/dev/shoji-trust") == sha256_file(blob)
        assert sh_ok(lp, "vpn", "stat -c %a /dev/shoji-trust")[-1] == "600"
        # Asking for another label than the blob's is refused before any key is derived.
        rc, out = lp.sh("vpn", "shoji-trust unseal -l %#x /tmp/k" % (label ^ 1))
        assert rc == 1 and any("sealed under label %#x" % label in l for l in out), out
        # Unsealing again gives the same key (the blob stays; nothing is consumed).
        sh_ok(lp, "vpn", "shoji-trust unseal -l %#x /tmp/k && cmp /tmp/k %s" % (label, KEY_PATH))
        # A restart scrubs vpn's RAM and copies the blob in again: the key comes back.
        lp.focus_on("vpn")
        start = len(lp.q.out)
        lp.q.send("reboot -f\r")
        lp.q.expect(r"^\[shoji\] vpn: restarted", start=start, timeout=60)
        lp.q.expect(UNSEALED, start=start, timeout=120)
        lp.q.expect(r"^\[vpn\] Enter 'help' for a list of built-in commands\.$", start=start, timeout=60)
        assert vm_sha256(lp, "vpn", KEY_PATH) == sha256_file(client_key)


def device_sealed_blob_opens_on_the_host(ctx, name):
    """vpn seals on the device (what a real board does at enrolment); the host opens it for vpn's measurement."""
    img, _, _, _ = built(ctx)
    m_vpn, m_apps = measure(img, "vpn"), measure(img, "apps")
    secret = b"enrolled on the device %s\n" % os.urandom(8).hex().encode()
    label = 0x5eed
    with LinuxPair(ctx, name) as lp:
        push(lp, "vpn", secret, "/tmp/secret")
        sh_ok(lp, "vpn", "shoji-trust seal %#x /tmp/secret /tmp/enrolled.blob" % label)
        sh_ok(lp, "vpn", "shoji-trust unseal-file -l %#x /tmp/enrolled.blob /tmp/back && cmp /tmp/back /tmp/secret"
              % label)
        dev_blob = fetch(lp, "vpn", "/tmp/enrolled.blob")
        # Two seals of one secret differ (a fresh nonce each) and both open.
        sh_ok(lp, "vpn", "shoji-trust seal %#x /tmp/secret /tmp/again.blob" % label)
        assert fetch(lp, "vpn", "/tmp/again.blob") != dev_blob, "two blobs with one nonce"
    path, out = os.path.join(WORK, "enrolled.blob"), os.path.join(WORK, "enrolled.out")
    with open(path, "wb") as f:
        f.write(dev_blob)
    run(SEAL, "--dev-secret", "--measurement", m_vpn, "--label", "%#x" % label, "--open", path, "-o", out)
    with open(out, "rb") as f:
        assert f.read() == secret, "host and device disagree on the sealing key"
    p = run(SEAL, "--dev-secret", "--measurement", m_apps, "--open", path, "-o", out + "2", ok=False)
    assert p.returncode == 1 and "does not open for this VM image on this device" in p.stdout, p.stdout


# ---- attestation ----

def attest_from_linux_verifies_on_the_host(ctx, name):
    img, _, _, _ = built(ctx)
    with LinuxPair(ctx, name) as lp:
        table = re.search(r"^\[shoji\] attest: partition table ([0-9a-f]{64})$", lp.q.out, re.M).group(1)
        for vm in ("vpn", "apps"):
            nonce = os.urandom(32)
            out = sh_ok(lp, vm, "shoji-trust attest %s | fold -w 64" % nonce.hex())
            # The shell's echo of this long command wraps; the report is the lines of hex alone.
            report = bytes.fromhex("".join(l for l in out if re.fullmatch(r"[0-9a-f]{1,64}", l)))
            assert len(report) == 208, "report of %d bytes" % len(report)
            assert report[R_NONCE:R_NONCE + 32] == nonce, "nonce not reflected"
            assert report[R_NAME:R_NAME + 16].rstrip(b"\0") == vm.encode()
            expect = ["--measurement", measure(img, vm), "--nonce", nonce.hex(), "--vm", vm, "--table", table,
                      "--verified"]
            rc, text = verify_report(report, "--dev-secret", *expect)
            assert rc == 0 and "result: ok" in text, text
            # One changed byte, anywhere: refused.
            for at in (0, R_NAME, R_NONCE + 7, 150, 207):
                bad = bytearray(report)
                bad[at] ^= 0x40
                rc, text = verify_report(bytes(bad), "--dev-secret", *expect)
                assert rc == 1 and "signature: FAIL" in text, "byte %d changed, still verified:\n%s" % (at, text)
        # A malformed nonce is the tool's usage error, not a call.
        rc, out = lp.sh("vpn", "shoji-trust attest 1234")
        assert rc == 2 and any("expected 64 hex digits" in l for l in out), out


# ---- nothing else opens vpn's key ----

def apps_cannot_unseal_vpns_key(ctx, name):
    img, blob, _, label = built(ctx)
    with open(blob, "rb") as f:
        data = f.read()
    with LinuxPair(ctx, name) as lp:
        lp.q.expect(UNSEALED, timeout=60)
        # apps has no sealed area of its own ...
        rc, out = lp.sh("apps", "shoji-trust unseal /tmp/k")
        assert rc == 1 and any("this VM has no sealed area" in l for l in out), out
        rc, out = lp.sh("apps", "cat /dev/shoji-trust")
        assert rc != 0 and any("No such device or address" in l for l in out), out
        # ... and vpn's blob, carried over, does not open for it.
        push(lp, "apps", data, "/tmp/vpn.sealed")
        rc, out = lp.sh("apps", "shoji-trust unseal-file /tmp/vpn.sealed /tmp/k")
        assert rc == NO_OPEN_EXIT and any(DOES_NOT_OPEN in l for l in out), "apps: rc %d %s" % (rc, out)
        rc, out = lp.sh("apps", "ls /tmp/k")
        assert rc != 0, "apps left a key file: %s" % out
        # KEY_DERIVE for that label gives apps another key than vpn (compared by hash, never shown).
        vpn_id, apps_id = key_id(lp, "vpn", label), key_id(lp, "apps", label)
        assert vpn_id != apps_id, "apps derives vpn's sealing key"
        assert key_id(lp, "vpn", label) == vpn_id and key_id(lp, "vpn", label ^ 1) != vpn_id
        # A blob with a changed byte does not open in vpn either.
        bad = bytearray(data)
        bad[len(bad) // 2] ^= 1
        push(lp, "vpn", bytes(bad), "/tmp/bad.sealed")
        rc, out = lp.sh("vpn", "shoji-trust unseal-file /tmp/bad.sealed /tmp/k")
        assert rc == NO_OPEN_EXIT and any(DOES_NOT_OPEN in l for l in out), out


def initrd_with_one_more_file(src, out, name, text):
    """src (a gzip'ed newc cpio) followed by a second archive holding `name`: the kernel unpacks both."""
    manifest, extra, content = out + ".manifest", out + ".extra", out + ".content"
    with open(content, "w") as f:
        f.write(text)
    with open(manifest, "w") as f:
        f.write("file %s %s 0644 0 0\n" % (name, content))
    subprocess.run(["python3", os.path.join(ROOT, "vms", "linux", "cpio.py"), manifest, extra], check=True)
    with open(src, "rb") as a, open(extra, "rb") as b, open(out, "wb") as o:
        o.write(a.read() + b.read())


def changed_vpn_image_cannot_unseal(ctx, name):
    """vpn's initramfs with one more file, signed by the vendor key as a real update would be, and the
    original sealed blob: vpn boots verified with another measurement, and its key stays sealed."""
    img, _, _, _ = built(ctx)
    _, payloads = pack_inputs(ctx, "vpn-apps")
    initrd = os.path.join(WORK, "vpn-changed.initrd")
    initrd_with_one_more_file(payloads["vpn.initrd"], initrd, "/etc/shoji/changed", "changed by %s\n" % name)
    # The DTB says where the initramfs ends: move that end (fdtput), as the build would for a bigger one.
    dtb = os.path.join(WORK, "vpn-changed.dtb")
    with open(payloads["vpn.dtb"], "rb") as f, open(dtb, "wb") as o:
        o.write(f.read())
    start = run("fdtget", "-t", "x", dtb, "/chosen", "linux,initrd-start").stdout.split()
    end = (int(start[0], 16) << 32 | int(start[1], 16)) + os.path.getsize(initrd)
    run("fdtput", "-t", "x", dtb, "/chosen", "linux,initrd-end", "%x" % (end >> 32), "%x" % (end & 0xffffffff))
    img2 = repack(ctx, "vpn-apps", "vpn-changed.bin", replace={"vpn.initrd": initrd, "vpn.dtb": dtb})
    assert run(PACK, "--verify", DEV_PUB, img2).returncode == 0
    assert "vpn.sealed" in run(PACK, "--list", img2).stdout, "the original blob was not packed"
    m2 = measure(img2, "vpn")
    assert m2 != measure(img, "vpn") and measure(img2, "apps") == measure(img, "apps")
    # Booted behind the corporate gateway: without its key the changed vpn cannot open the tunnel.
    with VpnPair(ctx, name, image=img2) as lp:
        assert logged_measurement(lp.q, "vpn") == m2
        why = lp.q.expect(NOT_UNSEALED, timeout=60).group(1)
        assert DOES_NOT_OPEN in why, why
        assert not re.search(UNSEALED, lp.q.out, re.M)
        lp.q.expect(r"^\[vpn\] shoji-guest: vpn: VPN not started: no client key$", timeout=60)
        assert sh_ok(lp, "vpn", "cat /etc/shoji/changed")[-1] == "changed by %s" % name, "not the changed image"
        rc, out = lp.sh("vpn", "ls %s" % KEY_PATH)
        assert rc != 0, "a key file exists: %s" % out
        rows = lp.monitor()
        assert rows["vpn"]["state"] == "running", rows
        sent, got = lp.ping("apps", lp.gw.SERVER_ADDR, count=3, wait=2)
        assert got == 0, "apps reached the corporate network through a vpn that has no key"
        assert not re.search(TUNNEL_UP, lp.q.out, re.M), "a tunnel came up without the sealed key"
        with open(lp.gw.socat_log, errors="replace") as f:
            assert "SSL connection using" not in f.read(), "the gateway admitted a client"


def sealed_payload_absent_or_oversized(ctx, name):
    """No vpn.sealed: vpn boots and says it has no key. One over 64 KiB: the hypervisor refuses vpn."""
    img, _, _, _ = built(ctx)
    bare = repack(ctx, "vpn-apps", "vpn-no-sealed.bin", drop=("vpn.sealed",))
    assert measure(bare, "vpn") == measure(img, "vpn"), "the sealed payload changed the measurement"
    with LinuxPair(ctx, name, image=bare) as lp:
        why = lp.q.expect(NOT_UNSEALED, timeout=60).group(1)
        assert "no sealed blob in this VM's sealed area" in why, why
        assert lp.sh("vpn", "ls %s" % KEY_PATH)[0] != 0
    big = os.path.join(WORK, "oversized.sealed")
    with open(big, "wb") as f:
        f.write(os.urandom(0x10000 + 1))
    img2 = repack(ctx, "vpn-apps", "vpn-oversized-sealed.bin", replace={"vpn.sealed": big})
    with Qemu(ctx.qemu_cmd(img2, "SYSTEM=vpn-apps"), timeout=120, log_path=log_path(ctx, name + "-oversized")) as q:
        q.expect(r"^\[shoji\] vpn: refused: its sealed payload is over 64 KiB or does not fit the VM's RAM$",
                 timeout=30)
        q.expect(r"^\[apps\] shoji-guest: apps up$", timeout=90)
        assert not re.search(r"^\[vpn\] ", q.out, re.M), "the refused vpn ran"


TESTS = [
    ("vpn_unseals_its_client_key", vpn_unseals_its_client_key),
    ("device_sealed_blob_opens_on_the_host", device_sealed_blob_opens_on_the_host),
    ("attest_from_linux_verifies_on_the_host", attest_from_linux_verifies_on_the_host),
    ("apps_cannot_unseal_vpns_key", apps_cannot_unseal_vpns_key),
    ("changed_vpn_image_cannot_unseal", changed_vpn_image_cannot_unseal),
    ("sealed_payload_absent_or_oversized", sealed_payload_absent_or_oversized),
]
