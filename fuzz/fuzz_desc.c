/* SPDX-License-Identifier: MIT */
/* fuzz_desc.c - libFuzzer target: YAML tree and SPF description loader. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "desc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dnsauth_spf_desc *d = NULL;
	struct dnsauth_findings fl;
	struct dnsauth_buf err;
	char *value = NULL;

	dnsauth_buf_init(&err, 0);
	dnsauth_findings_init(&fl);
	if (dnsauth_spf_desc_parse("fuzz.yaml", (const char *)data, size, NULL, &d,
				   &err) == 0)
		dnsauth_spf_desc_check(d, &value, &fl);
	free(value);
	dnsauth_spf_desc_free(d);
	dnsauth_findings_clear(&fl);
	dnsauth_buf_free(&err);
	return 0;
}
