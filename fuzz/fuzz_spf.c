/* SPDX-License-Identifier: MIT */
/* fuzz_spf.c - libFuzzer target: SPF parse, validate, print, reparse. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dnsauth_findings fl;
	struct dnsauth_spf *spf = NULL, *again = NULL;
	struct dnsauth_buf b;

	dnsauth_findings_init(&fl);
	dnsauth_buf_init(&b, 0);
	dnsauth_spf_parse((const char *)data, size, "fuzz.example", &spf, &fl);
	if (spf) {
		dnsauth_spf_validate(spf, (const char *)data, size, "fuzz.example", &fl);
		dnsauth_spf_local_lookups(spf);
		if (dnsauth_spf_print(spf, &b) == 0 && spf->valid) {
			/* the canonical form of a valid record is valid */
			if (dnsauth_spf_parse(b.data, b.len, NULL, &again, NULL) != 0)
				abort();
		}
	}
	dnsauth_spf_free(again);
	dnsauth_spf_free(spf);
	dnsauth_buf_free(&b);
	dnsauth_findings_clear(&fl);
	return 0;
}
