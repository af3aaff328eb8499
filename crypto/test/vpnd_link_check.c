/* SPDX-License-Identifier: MIT */
/*
 * Proof that the VPN daemon's mbedTLS (config-vpnd.h) links into a static aarch64
 * program and sets up a DTLS 1.2 client: seeds CTR_DRBG from getrandom, parses and
 * verifies a self-signed P-256 certificate, and prints what the client would offer.
 * make crypto-vpnd runs it when qemu-aarch64 is installed.
 */
#include <stdio.h>
#include <string.h>

#include "mbedtls/ctr_drbg.h"
#include "mbedtls/entropy.h"
#include "mbedtls/net_sockets.h"
#include "mbedtls/ssl.h"
#include "mbedtls/timing.h"
#include "mbedtls/version.h"
#include "mbedtls/x509_crt.h"

/* Generated once for this check (openssl req -x509 -newkey ec, P-256, 100 years); its key was discarded. */
static const char test_ca[] = "-----BEGIN CERTIFICATE-----\n"
			      "MIIBjTCCATOgAwIBAgIUVE8Mo8McoNkNB8sbIQQhsQHLbf0wCgYIKoZIzj0EAwIw\n"
			      "GzEZMBcGA1UEAwwQc2hvamkgbGluayBjaGVjazAgFw0yNjExMjIwMjA4NThaGA8y\n"
			      "MTI2MTAyOTAyMDg1OFowGzEZMBcGA1UEAwwQc2hvamkgbGluayBjaGVjazBZMBMG\n"
			      "ByqGSM49AgEGCCqGSM49AwEHA0IABJk8gPron09kxApYgU8unpoFN32FJRP9jJeV\n"
			      "GNAxshAu0bfS9O89KaDnh/nWYBTKeBXQoiN5EsMdEXeAra5ECEyjUzBRMB0GA1Ud\n"
			      "DgQWBBQfpez0JXasddbyUUQ8dwPm8RoYAzAfBgNVHSMEGDAWgBQfpez0JXasddby\n"
			      "UUQ8dwPm8RoYAzAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIA/z\n"
			      "oP8wW5QysjgkQ1yJiC5o4/bS4RxqCMJO11P3+tirAiEA7J9e98GecJ1OUh8Vdr7z\n"
			      "IcodHHoli/b9vFVv0z8fOxQ=\n"
			      "-----END CERTIFICATE-----\n";

static int fail(const char *what, int ret)
{
	(void)fprintf(stderr, "vpnd-link-check: %s: -0x%04x\n", what, (unsigned int)-ret);
	return 1;
}

int main(void)
{
	mbedtls_entropy_context entropy;
	mbedtls_ctr_drbg_context drbg;
	mbedtls_ssl_config conf;
	mbedtls_ssl_context ssl;
	mbedtls_x509_crt ca;
	mbedtls_timing_delay_context timer;
	mbedtls_net_context net;
	char version[32];
	uint32_t flags = 0;
	int ret;

	mbedtls_version_get_string_full(version);
	printf("%s, DTLS 1.2 client; offers:", version);
	for (const int *id = mbedtls_ssl_list_ciphersuites(); *id != 0; id++) {
		printf(" %s", mbedtls_ssl_get_ciphersuite_name(*id));
	}
	printf("\n");

	mbedtls_entropy_init(&entropy);
	mbedtls_ctr_drbg_init(&drbg);
	mbedtls_ssl_config_init(&conf);
	mbedtls_ssl_init(&ssl);
	mbedtls_x509_crt_init(&ca);
	mbedtls_net_init(&net);

	ret = mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy, (const unsigned char *)"vpnd", 4);
	if (ret != 0) {
		return fail("ctr_drbg_seed", ret);
	}
	ret = mbedtls_x509_crt_parse(&ca, (const unsigned char *)test_ca, sizeof(test_ca));
	if (ret != 0) {
		return fail("x509_crt_parse", ret);
	}
	ret = mbedtls_x509_crt_verify(&ca, &ca, NULL, NULL, &flags, NULL, NULL);
	/* The wall clock may not have reached the certificate's start: only that may differ. */
	if (ret != 0 && (flags & ~(uint32_t)MBEDTLS_X509_BADCERT_FUTURE) != 0) {
		return fail("x509_crt_verify", ret);
	}
	ret = mbedtls_ssl_config_defaults(&conf, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_DATAGRAM,
					  MBEDTLS_SSL_PRESET_DEFAULT);
	if (ret != 0) {
		return fail("ssl_config_defaults", ret);
	}
	mbedtls_ssl_conf_authmode(&conf, MBEDTLS_SSL_VERIFY_REQUIRED);
	mbedtls_ssl_conf_ca_chain(&conf, &ca, NULL);
	mbedtls_ssl_conf_rng(&conf, mbedtls_ctr_drbg_random, &drbg);
	mbedtls_ssl_conf_min_version(&conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
	ret = mbedtls_ssl_setup(&ssl, &conf);
	if (ret != 0) {
		return fail("ssl_setup", ret);
	}
	mbedtls_ssl_set_bio(&ssl, &net, mbedtls_net_send, mbedtls_net_recv, mbedtls_net_recv_timeout);
	mbedtls_ssl_set_timer_cb(&ssl, &timer, mbedtls_timing_set_delay, mbedtls_timing_get_delay);
	printf("vpnd-link-check: ok\n");

	mbedtls_ssl_free(&ssl);
	mbedtls_ssl_config_free(&conf);
	mbedtls_x509_crt_free(&ca);
	mbedtls_ctr_drbg_free(&drbg);
	mbedtls_entropy_free(&entropy);
	return 0;
}
