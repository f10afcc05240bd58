/* SPDX-License-Identifier: MIT */
/* fuzz_dkim.c - libFuzzer target: DKIM key record parse (base64 and key
 * decoding through OpenSSL included) and print. */
#include <stddef.h>
#include <stdint.h>

#include "dkim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dnsauth_dkim *d = NULL;
	struct dnsauth_findings fl;
	struct dnsauth_buf b;

	dnsauth_findings_init(&fl);
	dnsauth_buf_init(&b, 0);
	dnsauth_dkim_parse((const char *)data, size, "s._domainkey.fuzz.example", &d, &fl);
	if (d)
		dnsauth_dkim_print(d, &b);
	dnsauth_dkim_free(d);
	dnsauth_buf_free(&b);
	dnsauth_findings_clear(&fl);
	return 0;
}
