# SPDX-License-Identifier: MIT
# libFuzzer targets (clang -fsanitize=fuzzer, from Debian's libclang-rt-14-dev). `make fuzz`
# builds them under build/host/fuzz and runs each for FUZZ_TIME seconds from its seed
# corpus; any crash, sanitizer report, failed check or hang (-timeout) fails it and leaves
# the input as build/host/fuzz/<target>.crash-*, .timeout-* (replay: the binary with that file).

FUZZ_CC ?= clang
FUZZ_OUT := build/host/fuzz
FUZZ_TIME ?= 15
FUZZ_CFLAGS = -std=c11 $(WARNINGS) -O1 -g -D_DEFAULT_SOURCE -Iinclude -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer
# Per run: max_total_time bounds it, -timeout catches an input that loops, -max_len a whole program.
FUZZ_RUN = -max_total_time=$(FUZZ_TIME) -timeout=5 -rss_limit_mb=1024 -max_len=4096 -print_final_stats=1

CHAN_RX_FUZZ := $(FUZZ_OUT)/fuzz_chan_rx
CHAN_RX_SRCS := tests/fuzz/fuzz_chan_rx.c vms/linux/shoji-chan/chan_ring.c

$(CHAN_RX_FUZZ): $(CHAN_RX_SRCS) vms/linux/shoji-chan/chan_ring.h include/shoji/channel.h
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -DCHAN_ACCESS_HOOK -Ivms/linux/shoji-chan $(CHAN_RX_SRCS) -o $@

$(FUZZ_OUT)/chan_rx.seeds/.done: tests/fuzz/chan_rx_seeds.py
	$(Q)rm -rf $(@D) && python3 $< $(@D) && touch $@

# The whole HVC entry (hvc.c) with the real ATTEST/KEY_DERIVE (attest.c) on the host crypto build.
HVC_FUZZ := $(FUZZ_OUT)/fuzz_hvc
HVC_SRCS := tests/fuzz/fuzz_hvc.c hyp/core/hvc.c hyp/core/attest.c hyp/core/vmdesc.c hyp/lib/fmt.c crypto/crypto.c

$(HVC_FUZZ): $(HVC_SRCS) $(CRYPTO_HOST_LIB) $(wildcard include/shoji/*.h hyp/include/*.h) crypto/crypto.h
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -DSHOJI_HOST_TEST -Ihyp/include $(CRYPTO_HOST_CFLAGS) $(HVC_SRCS) \
		$(CRYPTO_HOST_LIB) -o $@

$(FUZZ_OUT)/hvc.seeds/.done: tests/fuzz/hvc_seeds.py
	$(Q)rm -rf $(@D) && python3 $< $(@D) && touch $@

# vpnd's packet checks and configuration parser (vms/linux/vpnd), gnu11 as the daemon is built.
VPND_FUZZ_CFLAGS = $(FUZZ_CFLAGS) -std=gnu11 -Ivms/linux/vpnd
VPND_PACKET_FUZZ := $(FUZZ_OUT)/fuzz_vpnd_packet
VPND_PACKET_SRCS := tests/fuzz/fuzz_vpnd_packet.c vms/linux/vpnd/packet.c vms/linux/vpnd/value.c
VPND_CONFIG_FUZZ := $(FUZZ_OUT)/fuzz_vpnd_config
VPND_CONFIG_SRCS := tests/fuzz/fuzz_vpnd_config.c vms/linux/vpnd/config.c vms/linux/vpnd/value.c

$(VPND_PACKET_FUZZ): $(VPND_PACKET_SRCS) $(wildcard vms/linux/vpnd/*.h)
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	$(Q)$(FUZZ_CC) $(VPND_FUZZ_CFLAGS) $(VPND_PACKET_SRCS) -o $@

$(VPND_CONFIG_FUZZ): $(VPND_CONFIG_SRCS) $(wildcard vms/linux/vpnd/*.h)
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	$(Q)$(FUZZ_CC) $(VPND_FUZZ_CFLAGS) $(VPND_CONFIG_SRCS) -o $@

$(FUZZ_OUT)/vpnd_packet.seeds/.done: tests/fuzz/vpnd_packet_seeds.py
	$(Q)rm -rf $(@D) && python3 $< $(@D) && touch $@

$(FUZZ_OUT)/vpnd_config.seeds/.done: tests/fuzz/vpnd_config_seeds.py
	$(Q)rm -rf $(@D) && python3 $< $(@D) && touch $@

.PHONY: fuzz fuzz-build fuzz-chan-rx fuzz-hvc fuzz-vpnd-packet fuzz-vpnd-config
fuzz-build: $(CHAN_RX_FUZZ) $(FUZZ_OUT)/chan_rx.seeds/.done $(HVC_FUZZ) $(FUZZ_OUT)/hvc.seeds/.done \
	$(VPND_PACKET_FUZZ) $(FUZZ_OUT)/vpnd_packet.seeds/.done $(VPND_CONFIG_FUZZ) $(FUZZ_OUT)/vpnd_config.seeds/.done

# A fresh working corpus each run, so a run's length and memory do not grow with history.
fuzz-chan-rx: fuzz-build
	$(Q)rm -rf $(FUZZ_OUT)/chan_rx.corpus && mkdir -p $(FUZZ_OUT)/chan_rx.corpus
	@echo "  FUZZ    $(CHAN_RX_FUZZ) ($(FUZZ_TIME) s)"
	$(Q)$(CHAN_RX_FUZZ) $(FUZZ_RUN) -artifact_prefix=$(FUZZ_OUT)/chan_rx. \
		$(FUZZ_OUT)/chan_rx.corpus $(FUZZ_OUT)/chan_rx.seeds 2>$(FUZZ_OUT)/chan_rx.log || \
		{ tail -n 40 $(FUZZ_OUT)/chan_rx.log >&2; exit 1; }
	@grep -E '^(Done|stat::number_of_executed_units)' $(FUZZ_OUT)/chan_rx.log | head -n 1

fuzz-hvc: $(HVC_FUZZ) $(FUZZ_OUT)/hvc.seeds/.done
	$(Q)rm -rf $(FUZZ_OUT)/hvc.corpus && mkdir -p $(FUZZ_OUT)/hvc.corpus
	@echo "  FUZZ    $(HVC_FUZZ) ($(FUZZ_TIME) s)"
	$(Q)$(HVC_FUZZ) $(FUZZ_RUN) -artifact_prefix=$(FUZZ_OUT)/hvc. \
		$(FUZZ_OUT)/hvc.corpus $(FUZZ_OUT)/hvc.seeds 2>$(FUZZ_OUT)/hvc.log || \
		{ tail -n 40 $(FUZZ_OUT)/hvc.log >&2; exit 1; }
	@grep -E '^(Done|stat::number_of_executed_units)' $(FUZZ_OUT)/hvc.log | head -n 1

fuzz-vpnd-packet: $(VPND_PACKET_FUZZ) $(FUZZ_OUT)/vpnd_packet.seeds/.done
	$(Q)rm -rf $(FUZZ_OUT)/vpnd_packet.corpus && mkdir -p $(FUZZ_OUT)/vpnd_packet.corpus
	@echo "  FUZZ    $(VPND_PACKET_FUZZ) ($(FUZZ_TIME) s)"
	$(Q)$(VPND_PACKET_FUZZ) $(FUZZ_RUN) -artifact_prefix=$(FUZZ_OUT)/vpnd_packet. \
		$(FUZZ_OUT)/vpnd_packet.corpus $(FUZZ_OUT)/vpnd_packet.seeds 2>$(FUZZ_OUT)/vpnd_packet.log || \
		{ tail -n 40 $(FUZZ_OUT)/vpnd_packet.log >&2; exit 1; }
	@grep -E '^(Done|stat::number_of_executed_units)' $(FUZZ_OUT)/vpnd_packet.log | head -n 1

# The dictionary gives the fuzzer vpnd's keys and value shapes, so it mutates lines, not just bytes.
fuzz-vpnd-config: $(VPND_CONFIG_FUZZ) $(FUZZ_OUT)/vpnd_config.seeds/.done
	$(Q)rm -rf $(FUZZ_OUT)/vpnd_config.corpus && mkdir -p $(FUZZ_OUT)/vpnd_config.corpus
	@echo "  FUZZ    $(VPND_CONFIG_FUZZ) ($(FUZZ_TIME) s)"
	$(Q)$(VPND_CONFIG_FUZZ) $(FUZZ_RUN) -dict=tests/fuzz/vpnd_config.dict -artifact_prefix=$(FUZZ_OUT)/vpnd_config. \
		$(FUZZ_OUT)/vpnd_config.corpus $(FUZZ_OUT)/vpnd_config.seeds 2>$(FUZZ_OUT)/vpnd_config.log || \
		{ tail -n 40 $(FUZZ_OUT)/vpnd_config.log >&2; exit 1; }
	@grep -E '^(Done|stat::number_of_executed_units)' $(FUZZ_OUT)/vpnd_config.log | head -n 1

fuzz: fuzz-chan-rx fuzz-hvc fuzz-vpnd-packet fuzz-vpnd-config
