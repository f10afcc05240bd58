/* SPDX-License-Identifier: MIT */
/* testutil.c - helpers shared by the record-model unit tests. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "testutil.h"

char *dup_exact(const char *s, size_t n)
{
	char *p = malloc(n ? n : 1);

	ck_assert_ptr_nonnull(p);
	memcpy(p, s, n);
	return p;
}

char *show(const char *s, size_t n)
{
	struct dnsauth_buf b;
	char *r;

	dnsauth_buf_init(&b, 0);
	dnsauth_buf_putc(&b, '"');
	dnsauth_buf_put_safe(&b, s, n);
	dnsauth_buf_putc(&b, '"');
	r = dnsauth_buf_steal(&b);
	ck_assert_ptr_nonnull(r);
	return r;
}

char *fmt_findings(const struct dnsauth_findings *fl, size_t from)
{
	struct dnsauth_buf b;
	size_t i;
	char *r;

	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, "");
	for (i = from; i < fl->n; i++) {
		const struct dnsauth_finding *f = &fl->v[i];
		const struct dnsauth_rule *rule = dnsauth_rule_get(f->rule);

		dnsauth_buf_printf(&b, "%s%s:%s:%u", i > from ? ";" : "",
				   rule ? rule->id : "?",
				   dnsauth_severity_name(f->severity), f->column);
	}
	r = dnsauth_buf_steal(&b);
	ck_assert_ptr_nonnull(r);
	return r;
}
