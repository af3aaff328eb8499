# SPDX-License-Identifier: MIT
"""What the trust tests share: building and repacking signed images, measuring them, and
checking ATTEST reports on the host, always with the project's own tools (build/host/
shoji-pack, shoji-attest-verify, shoji-seal), never with digests written into a test.
Used by test_trust.py (test-pair, bare metal) and test_trust_linux.py (vpn-apps, Linux).
"""
import os
import re
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORK = os.path.join(ROOT, "build", "trust-tests")
PACK = os.path.join(ROOT, "build", "host", "shoji-pack")
KEYGEN = os.path.join(ROOT, "build", "host", "shoji-keygen")
VERIFY = os.path.join(ROOT, "build", "host", "shoji-attest-verify")
DEV_KEY = os.path.join(ROOT, "crypto", "keys", "dev-vendor.key")
DEV_PUB = os.path.join(ROOT, "crypto", "keys", "dev-vendor.pub")
SEAL = os.path.join(ROOT, "build", "host", "shoji-seal")

# Report layout (include/shoji/attest.h).
REPORT_SIZE = 208
R_TRUST, R_FLAGS, R_NAME, R_MEAS, R_TABLE, R_NONCE, R_SIG = 20, 24, 32, 48, 80, 112, 144


def run(*cmd, ok=True):
    p = subprocess.run(list(cmd), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       timeout=300)
    if ok and p.returncode != 0:
        raise AssertionError("%s failed (%d):\n%s" % (" ".join(cmd), p.returncode, p.stdout[-3000:]))
    return p


_tools_built = False


def host_tools():
    global _tools_built
    if not _tools_built:
        run("make", "--no-print-directory", "-s", "host-tools")
        os.makedirs(WORK, exist_ok=True)
        _tools_built = True


def image(ctx, system):
    host_tools()
    return ctx.image("SYSTEM=" + system)


def pack_inputs(ctx, system):
    """(hyp.bin, {name: file}) exactly as the Makefile packs this system's shoji.bin."""
    image(ctx, system)
    out = run("make", "--no-print-directory", "-s", "pack-inputs", "SYSTEM=" + system).stdout
    words = out.strip().splitlines()[-1].split()
    return words[0], dict(w.split("=", 1) for w in words[1:])


def repack(ctx, system, out_name, key=DEV_KEY, replace=None, drop=()):
    """Packs the system's payloads (some replaced by other files, some left out) signed with `key`."""
    hyp, payloads = pack_inputs(ctx, system)
    payloads.update(replace or {})
    for name in drop:
        del payloads[name]
    out = os.path.join(WORK, out_name)
    args = [PACK, "-o", out, "--sign", key, hyp] + ["%s=%s" % kv for kv in payloads.items()]
    run(*args)
    return out


def entries(img):
    """{name: (file offset, size)} from shoji-pack --list."""
    res = {}
    for line in run(PACK, "--list", img).stdout.splitlines():
        m = re.match(r"^(\S+) offset=(0x[0-9a-f]+) size=(\d+) ", line)
        if m:
            res[m.group(1)] = (int(m.group(2), 16), int(m.group(3)))
    return res


def measure(img, vm):
    return run(PACK, "--measure", vm, img).stdout.strip()


def log_path(ctx, name):
    return os.path.join(ctx.logdir, re.sub(r"[^A-Za-z0-9_.-]", "_", name) + ".log")


def verify_report(report, *args):
    """Runs shoji-attest-verify on report bytes (written as hex); returns (exit status, output)."""
    path = os.path.join(WORK, "report.hex")
    with open(path, "w") as f:
        f.write(report.hex() + "\n")
    p = run(VERIFY, "--report", path, *args, ok=False)
    return p.returncode, p.stdout


def logged_measurement(q, vm):
    return q.expect(r"^\[shoji\] %s: verified in \d+ ms against dev-vendor\.pub, measurement ([0-9a-f]{64})$"
                    % vm, timeout=30).group(1)
