UNIT_TESTS += vpnd_config
# The daemon's own vms/linux/vpnd/config.c (and value.c, which it uses) on the host, gnu11 as the daemon is built.
unit_vpnd_config_SRCS := tests/unit/test_vpnd_config.c vms/linux/vpnd/config.c vms/linux/vpnd/value.c
unit_vpnd_config_CFLAGS := -std=gnu11 -Ivms/linux/vpnd
# The unit rule's header list covers include/ and hyp/include/, not these.
build/host/unit/test_vpnd_config: $(wildcard vms/linux/vpnd/*.h)
