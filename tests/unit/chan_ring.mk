# SPDX-License-Identifier: MIT
# The channel protocol core the Linux channel driver is built from (vms/linux/shoji-chan/chan_ring.c).
UNIT_TESTS += chan_ring
unit_chan_ring_SRCS := tests/unit/test_chan_ring.c vms/linux/shoji-chan/chan_ring.c
unit_chan_ring_CFLAGS := -Ivms/linux/shoji-chan
build/host/unit/test_chan_ring: vms/linux/shoji-chan/chan_ring.h

# The protocol core and its host test and fuzz target are host C: `make cppcheck` and
# `make clang-tidy` check them too, with host flags (the hypervisor's lists are freestanding).
CHAN_LINT_FLAGS := -std=c11 -D_DEFAULT_SOURCE -Iinclude -Ivms/linux/shoji-chan
.PHONY: chan-cppcheck chan-clang-tidy
cppcheck: chan-cppcheck
clang-tidy: chan-clang-tidy
chan-cppcheck:
	$(Q)cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance --std=c11 \
		--inline-suppr --suppress=missingIncludeSystem -Iinclude -Ivms/linux/shoji-chan \
		vms/linux/shoji-chan/chan_ring.c tests/unit/test_chan_ring.c
	$(Q)cppcheck --quiet --error-exitcode=1 --enable=warning,portability,performance --std=c11 \
		--inline-suppr --suppress=missingIncludeSystem -Iinclude -Ivms/linux/shoji-chan -DCHAN_ACCESS_HOOK \
		tests/fuzz/fuzz_chan_rx.c
chan-clang-tidy:
	$(Q)clang-tidy --quiet --warnings-as-errors='*' vms/linux/shoji-chan/chan_ring.c tests/unit/test_chan_ring.c \
		-- $(CHAN_LINT_FLAGS)
	$(Q)clang-tidy --quiet --warnings-as-errors='*' tests/fuzz/fuzz_chan_rx.c -- $(CHAN_LINT_FLAGS) -DCHAN_ACCESS_HOOK
