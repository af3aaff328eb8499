UNIT_TESTS += vpnd_packet
# The daemon's own vms/linux/vpnd/packet.c (and value.c, which it uses) on the host, gnu11 as the daemon is built.
unit_vpnd_packet_SRCS := tests/unit/test_vpnd_packet.c vms/linux/vpnd/packet.c vms/linux/vpnd/value.c
unit_vpnd_packet_CFLAGS := -std=gnu11 -Ivms/linux/vpnd
# The unit rule's header list covers include/ and hyp/include/, not these.
build/host/unit/test_vpnd_packet: $(wildcard vms/linux/vpnd/*.h)
