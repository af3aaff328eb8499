/* SPDX-License-Identifier: MIT */
/* Deliberate hypervisor faults, compiled only into debug self-test builds (make SELFTEST=...). */
#ifndef SHOJI_SELFTEST_H
#define SHOJI_SELFTEST_H

void selftest_run(void);

#endif /* SHOJI_SELFTEST_H */
