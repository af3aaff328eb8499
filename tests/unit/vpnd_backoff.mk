UNIT_TESTS += vpnd_backoff
# The daemon's own vms/linux/vpnd/backoff.c on the host, gnu11 as the daemon is built.
unit_vpnd_backoff_SRCS := tests/unit/test_vpnd_backoff.c vms/linux/vpnd/backoff.c
unit_vpnd_backoff_CFLAGS := -std=gnu11 -Ivms/linux/vpnd
# The unit rule's header list covers include/ and hyp/include/, not these.
build/host/unit/test_vpnd_backoff: $(wildcard vms/linux/vpnd/*.h)
