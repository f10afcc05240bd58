/* SPDX-License-Identifier: MIT */
/* fuzz_dmarc.c - libFuzzer target: DMARC parse, validate, effective
 * policy, print and reparse under both standards. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "dmarc.h"
#include "error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum dnsauth_dmarc_standard std;

	for (std = DNSAUTH_DMARC_RFC9989; std <= DNSAUTH_DMARC_RFC7489; std++) {
		struct dnsauth_dmarc *d = NULL, *again = NULL;
		struct dnsauth_dmarc_effective eff;
		struct dnsauth_findings fl;
		struct dnsauth_buf b;

		dnsauth_findings_init(&fl);
		dnsauth_buf_init(&b, 0);
		dnsauth_dmarc_parse((const char *)data, size, "_dmarc.fuzz.example", std,
				    &d, &fl);
		if (d) {
			dnsauth_dmarc_validate(d, (const char *)data, size,
					       "_dmarc.fuzz.example", std, NULL, &fl);
			dnsauth_dmarc_effective(d, std, &eff);
			/* the canonical form of a kept record is still DMARC */
			if (dnsauth_dmarc_print(d, &b) == 0 && d->valid &&
			    dnsauth_dmarc_parse(b.data, b.len, NULL, std, &again, NULL) ==
			    DNSAUTH_ENOTSPF)
				abort();
		}
		dnsauth_dmarc_free(again);
		dnsauth_dmarc_free(d);
		dnsauth_buf_free(&b);
		dnsauth_findings_clear(&fl);
	}
	return 0;
}
