# SPDX-License-Identifier: MIT
"""Foundation: the hypervisor boots at EL2, brings every CPU online, and its panic path is real."""
import re


def boot_banner_and_cpus(ctx, name):
    with ctx.boot(timeout=30, name=name) as q:
        q.expect(r"^\[shoji\] Shoji \S+ \(release build\) on \S+$")
        m = q.expect(r"^\[shoji\] board: (\d+) CPUs, RAM (\d+) MiB")
        cpus = int(m.group(1))
        assert int(m.group(2)) > 0, "banner reports no RAM"
        for i in range(cpus):
            q.expect(r"^\[shoji\] cpu %d online \(MPIDR 0x[0-9a-f]+\)$" % i, timeout=20)
        q.drain(0.5)
        online = re.findall(r"^\[shoji\] cpu \d+ online", q.out, re.M)
        assert len(online) == cpus, "expected %d CPUs online, saw %d" % (cpus, len(online))
        assert "PANIC" not in q.out and "failed" not in q.out, q.out


def _selftest_panic(ctx, name, selftest, ec, what):
    with ctx.boot("SYSTEM=test-pair", "SELFTEST=" + selftest, timeout=30, name=name) as q:
        m = q.expect(r"^\[shoji\] selftest: %s (?:at )?(?:address )?(0x[0-9a-f]+)" % what)
        addr = int(m.group(1), 16)
        q.expect(r"PANIC: cpu 0: unexpected synchronous exception at EL2")
        m = q.expect(r"^\[shoji\]   EC (0x[0-9a-f]+) \((.*)\)$")
        assert int(m.group(1), 16) == ec, "EC %s (%s), expected 0x%02x" % (m.group(1), m.group(2), ec)
        m = q.expect(r"^\[shoji\]   ESR ([0-9a-f]{16})  FAR ([0-9a-f]{16})$")
        esr, far = int(m.group(1), 16), int(m.group(2), 16)
        assert far == addr, "FAR 0x%x, expected the faulting address 0x%x" % (far, addr)
        q.expect(r"^\[shoji\]   ELR [0-9a-f]{16}  SPSR [0-9a-f]{16}  SP [0-9a-f]{16}$")
        q.expect(r"^\[shoji\]   x30 [0-9a-f]{16}$")
        q.expect(r"PANIC: cpu 0: system halted")
        assert "did not fault" not in q.out and "is broken" not in q.out, q.out
        return esr


def panic_on_unmapped_access(ctx, name):
    esr = _selftest_panic(ctx, name, "unmapped", 0x25, "reading unmapped")
    assert (esr & 0x3c) == 0x04, "fault status 0x%x is not a translation fault" % (esr & 0x3f)


def wx_code_is_not_writable(ctx, name):
    esr = _selftest_panic(ctx, name, "wx", 0x25, "writing hypervisor code")
    assert esr & (1 << 6), "ESR.WnR clear: the fault was not on the write"
    assert (esr & 0x3c) == 0x0c, "fault status 0x%x is not a permission fault" % (esr & 0x3f)


def wx_data_is_not_executable(ctx, name):
    esr = _selftest_panic(ctx, name, "xdata", 0x21, "executing data")
    assert (esr & 0x3c) == 0x0c, "fault status 0x%x is not a permission fault" % (esr & 0x3f)


def stack_overflow_hits_guard_page(ctx, name):
    with ctx.boot("SYSTEM=test-pair", "SELFTEST=stack", timeout=30, name=name) as q:
        q.expect(r"selftest: recursing until the stack overflows")
        q.expect(r"EC 0x25 \(data abort, same EL\)")
        q.expect(r"FAR is in the guard page below cpu 0's stack")
        q.expect(r"PANIC: cpu 0: system halted")


TESTS = [
    ("boot_banner_and_cpus", boot_banner_and_cpus),
    ("panic_on_unmapped_access", panic_on_unmapped_access),
    ("wx_code_is_not_writable", wx_code_is_not_writable),
    ("wx_data_is_not_executable", wx_data_is_not_executable),
    ("stack_overflow_hits_guard_page", stack_overflow_hits_guard_page),
]
