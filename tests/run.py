#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Runs every Shoji test: static checks, host unit tests, QEMU integration tests.

Prints one PASS/FAIL line per test and, last, `N passed, N failed` alone on a
line; exits non-zero if anything failed. `-k WORD` runs only tests whose name
contains WORD; `--no-check`, `--no-unit`, `--no-fuzz`, `--no-host` and `--no-qemu` skip
those stages.
"""
import argparse
import glob
import importlib.util
import os
import re
import subprocess
import sys
import time
import traceback

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "qemu"))

results = []


def record(name, ok, why=""):
    results.append((name, ok))
    line = ("PASS  " if ok else "FAIL  ") + name
    if not ok and why:
        line += ": " + why.strip().replace("\n", "\n      ")
    print(line, flush=True)


def make(*args, quiet=True):
    cmd = ["make", "--no-print-directory", "-C", ROOT] + list(args)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return p.returncode, p.stdout


def stage_check(sel):
    for target in ("format-check", "cppcheck", "clang-tidy", "board-addresses"):
        name = "check/" + target
        if sel and sel not in name:
            continue
        rc, out = make("-s", target)
        record(name, rc == 0, out[-3000:])


TAP = re.compile(r"^(not ok|ok) \d+ - (.*)$")


def stage_unit(sel):
    rc, out = make("-s", "unit")
    if rc != 0:
        record("unit/build", False, out[-4000:])
        return
    env = dict(os.environ, CMOCKA_MESSAGE_OUTPUT="TAP")
    for binary in sorted(glob.glob(os.path.join(ROOT, "build/host/unit/test_*"))):
        suite = os.path.basename(binary)[len("test_"):]
        if sel and sel not in "unit/" + suite and not sel.startswith("unit/" + suite):
            continue
        p = subprocess.run([binary], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           env=env, timeout=300)
        seen = 0
        for line in p.stdout.splitlines():
            m = TAP.match(line.strip())
            if m:
                seen += 1
                record("unit/%s/%s" % (suite, m.group(2)), m.group(1) == "ok",
                       "" if m.group(1) == "ok" else p.stdout[-2000:])
        if seen == 0 or (p.returncode != 0 and all(ok for n, ok in results if n.startswith("unit/%s/" % suite))):
            record("unit/%s" % suite, False, "exit %d\n%s" % (p.returncode, p.stdout[-3000:]))


def stage_fuzz(sel):
    """Each libFuzzer target for a bounded time (tests/fuzz/fuzz.mk: FUZZ_TIME seconds)."""
    for target in ("chan_rx", "hvc", "vpnd_packet", "vpnd_config"):
        name = "fuzz/" + target
        if sel and sel not in name:
            continue
        rc, out = make("-s", "fuzz-" + target.replace("_", "-"))
        record(name, rc == 0, out[-4000:])


class Context:
    """What integration tests get: image builds and QEMU command lines."""

    def __init__(self):
        self.built = {}
        self.logdir = os.path.join(ROOT, "build", "test-logs")
        os.makedirs(self.logdir, exist_ok=True)

    def image(self, *make_vars):
        """Builds the image for these make variables (e.g. SELFTEST=wx) once; returns its path."""
        key = tuple(make_vars)
        if key not in self.built:
            rc, out = make("-s", "image", *make_vars)
            if rc != 0:
                raise AssertionError("build failed (%s):\n%s" % (" ".join(make_vars), out[-3000:]))
            rc, path = make("-s", "image-path", *make_vars)
            self.built[key] = path.strip()
        return self.built[key]

    def qemu_cmd(self, image, *make_vars):
        rc, cmd = make("-s", "qemu-cmd", "IMAGE=" + image, *make_vars)
        return cmd.strip()

    def boot(self, *make_vars, timeout=60.0, name="boot"):
        from harness import Qemu
        image = self.image(*make_vars)
        log = os.path.join(self.logdir, re.sub(r"[^A-Za-z0-9_.-]", "_", name) + ".log")
        return Qemu(self.qemu_cmd(image, *make_vars), timeout=timeout, log_path=log)


class HostContext:
    """What host tests get: how to run vpnd, the demo PKI, a log directory (tests/host).

    vpnd_cmd is vpnd's host build, or with SHOJI_HOST_VPND=aarch64 the vpn VM's own
    static aarch64 binary under qemu-aarch64 (Debian's qemu-user).
    """

    def __init__(self, vpnd_bin, vpnd_host_bin, pki, aarch64=False):
        self.root = ROOT
        self.logdir = os.path.join(ROOT, "build", "test-logs", "host")
        os.makedirs(self.logdir, exist_ok=True)
        self.vpnd_bin = os.path.join(ROOT, vpnd_bin if aarch64 else vpnd_host_bin)
        self.vpnd_cmd = (["qemu-aarch64"] if aarch64 else []) + [self.vpnd_bin]
        self.pki = os.path.join(ROOT, pki)


def collect(stage, sel):
    """[(name, fn)] of tests/<stage>/test_*.py's TESTS whose "<stage>/<file>/<test>" name contains sel.

    Each file is loaded as it comes, so a run of one stage never imports the others' files.
    """
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", stage, "test_*.py"))):
        modname = os.path.basename(path)[:-3]
        spec = importlib.util.spec_from_file_location(modname, path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        for fn_name, fn in mod.TESTS:
            name = "%s/%s/%s" % (stage, modname[len("test_"):], fn_name)
            if not sel or sel in name:
                yield name, fn


def run_test(ctx, name, fn):
    start = time.monotonic()
    try:
        fn(ctx, name)
        record(name, True)
    except AssertionError as e:
        record(name, False, str(e))
    except Exception:
        record(name, False, traceback.format_exc()[-3000:])
    if os.environ.get("SHOJI_TEST_TIMES"):
        print("      (%.1f s)" % (time.monotonic() - start))


def stage_host(sel):
    """Host-level tests (tests/host/test_*.py): real programs in network namespaces, as root."""
    selected = list(collect("host", sel))
    if not selected:
        return
    if os.geteuid() != 0:
        record("host", False, "the host tests need root (network namespaces, TUN devices)")
        return
    aarch64 = os.environ.get("SHOJI_HOST_VPND") == "aarch64"
    if aarch64 and subprocess.run(["sh", "-c", "command -v qemu-aarch64"], stdout=subprocess.DEVNULL).returncode:
        record("host", False, "SHOJI_HOST_VPND=aarch64 needs qemu-aarch64 (Debian's qemu-user)")
        return
    rc, out = make("-s", "vpnd" if aarch64 else "vpnd-host", "vpn-pki")
    if rc != 0:
        record("host/build", False, out[-4000:])
        return
    rc, paths = make("-s", "vpnd-paths")
    ctx = HostContext(*paths.split(), aarch64=aarch64)
    for name, fn in selected:
        run_test(ctx, name, fn)


def stage_qemu(sel):
    ctx = Context()
    for name, fn in collect("qemu", sel):
        run_test(ctx, name, fn)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-k", dest="sel", default="")
    ap.add_argument("--no-check", action="store_true")
    ap.add_argument("--no-unit", action="store_true")
    ap.add_argument("--no-fuzz", action="store_true")
    ap.add_argument("--no-host", action="store_true")
    ap.add_argument("--no-qemu", action="store_true")
    args = ap.parse_args()
    if not args.no_check:
        stage_check(args.sel)
    if not args.no_unit:
        stage_unit(args.sel)
    if not args.no_fuzz:
        stage_fuzz(args.sel)
    if not args.no_host:
        stage_host(args.sel)
    if not args.no_qemu:
        stage_qemu(args.sel)
    passed = sum(1 for _, ok in results if ok)
    failed = len(results) - passed
    if not results:
        print("no test ran")
        failed = 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
