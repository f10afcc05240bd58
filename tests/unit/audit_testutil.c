/* SPDX-License-Identifier: MIT */
/* audit_testutil.c - helpers shared by the audit-area unit tests. */
#include <check.h>
#include <dirent.h>
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

struct dnsauth_dns *tu_zone_source(bool (*mine)(const char *file_name),
				   size_t min_files)
{
	const char *top = getenv("top_srcdir");
	struct dnsauth_dns *dns = NULL;
	struct dnsauth_buf err;
	char dir[4096], **paths = NULL;
	struct dirent *de;
	size_t n = 0, i;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/tests/data/zones", top ? top : ".");
	d = opendir(dir);
	if (!d) {
		fprintf(stderr, "cannot open %s (set top_srcdir)\n", dir);
		exit(EXIT_FAILURE);
	}
	for (de = readdir(d); de; de = readdir(d)) {
		if (!mine(de->d_name))
			continue;
		paths = realloc(paths, (n + 1) * sizeof(*paths));
		if (!paths || asprintf(&paths[n], "%s/%s", dir, de->d_name) < 0)
			abort();
		n++;
	}
	closedir(d);
	if (n < min_files) {
		fprintf(stderr, "%s: %zu fixture zones, expected at least %zu\n", dir, n,
			min_files);
		exit(EXIT_FAILURE);
	}
	qsort(paths, n, sizeof(*paths), cmp_str);
	dnsauth_buf_init(&err, 0);
	if (dnsauth_dns_new_zone((const char *const *)paths, n, &dns, &err) != 0) {
		fprintf(stderr, "zones do not load: %s\n", dnsauth_buf_str(&err));
		exit(EXIT_FAILURE);
	}
	dnsauth_buf_free(&err);
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	return dns;
}
