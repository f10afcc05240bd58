/* SPDX-License-Identifier: MIT */
/* audit_testutil.c - helpers shared by the audit-area unit tests. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_testutil.h"
#include "buf.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "rule-id:severity,..." of the findings in scope, sorted. */
char *tu_rule_set(const struct dnsauth_findings *fl,
		  bool (*in_scope)(enum dnsauth_rule_id))
{
	struct dnsauth_buf b;
	char **v = calloc(fl->n + 1, sizeof(*v));
	size_t i, n = 0;
	char *r;

	ck_assert_ptr_nonnull(v);
	for (i = 0; i < fl->n; i++) {
		if (!in_scope(fl->v[i].rule))
			continue;
		ck_assert_int_ge(asprintf(&v[n], "%s:%s", dnsauth_rule_get(fl->v[i].rule)->id,
					  dnsauth_severity_name(fl->v[i].severity)), 0);
		n++;
	}
	qsort(v, n, sizeof(*v), cmp_str);
	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, "");
	for (i = 0; i < n; i++) {
		dnsauth_buf_printf(&b, "%s%s", i ? "," : "", v[i]);
		free(v[i]);
	}
	free(v);
	r = dnsauth_buf_steal(&b);
	ck_assert_ptr_nonnull(r);
	return r;
}

/* The n-th finding (0-based) of a rule, or NULL. */
const struct dnsauth_finding *tu_nth(const struct dnsauth_audit *a,
				     enum dnsauth_rule_id rule, size_t k)
{
	size_t i;

	for (i = 0; i < a->findings.n; i++)
		if (a->findings.v[i].rule == rule && k-- == 0)
			return &a->findings.v[i];
	return NULL;
}

void tu_dump(const struct dnsauth_audit *a)
{
	size_t i;

	for (i = 0; i < a->findings.n; i++)
		fprintf(stderr, "  %s %s [%s] %s\n", dnsauth_rule_get(a->findings.v[i].rule)->id,
			dnsauth_severity_name(a->findings.v[i].severity),
			a->findings.v[i].name ? a->findings.v[i].name : "-",
			a->findings.v[i].message);
}

bool tu_has_record(const struct dnsauth_audit *a, const char *name,
		   const char *type, const char *value_prefix)
{
	size_t i;

	for (i = 0; i < a->nrecords; i++)
		if (strcmp(a->records[i].name, name) == 0 &&
		    strcmp(a->records[i].type, type) == 0 &&
		    strncmp(a->records[i].value, value_prefix, strlen(value_prefix)) == 0)
			return true;
	return false;
}
