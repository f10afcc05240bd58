/* SPDX-License-Identifier: MIT */
/*
 * check_audit_spf.c - unit tests of the SPF area of the audit engine
 * (lib/audit_spf.c) on the zone source: one scenario domain per rule in
 * tests/data/zones/spf-*.test.zone, exact RFC 7208 lookup and void counts,
 * their attribution to the top-level terms, names outside the zones, and
 * the number of engine passes of an include chain (level-by-level
 * fetching).
 *
 * Only findings of rules in the SPF area are compared, so the other
 * areas (DKIM, MX, DMARC, ...) running on the same domains do not
 * interfere. Every audit gets a fresh zone source, so its cache is empty
 * and the pass counts are those of one audit.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "dns.h"
#include "error.h"
#include "finding.h"
#include "rules.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------ helpers */

static char *zones_dir(void)
{
	const char *top = getenv("top_srcdir");
	char *p = NULL;

	ck_assert_int_ge(asprintf(&p, "%s/tests/data/zones", top ? top : "."), 0);
	return p;
}

/* A fresh zone source over tests/data/zones; the caller frees it. */
static struct dnsauth_dns *zone_source(void)
{
	struct dnsauth_dns *dns = NULL;
	struct dnsauth_buf err;
	char *dir = zones_dir();
	const char *paths[1];
	int rc;

	paths[0] = dir;
	dnsauth_buf_init(&err, 0);
	rc = dnsauth_dns_new_zone(paths, 1, &dns, &err);
	ck_assert_msg(rc == 0 && dns, "loading %s: %s: %s", dir, dnsauth_strerror(rc),
		      dnsauth_buf_str(&err));
	dnsauth_buf_free(&err);
	free(dir);
	return dns;
}

static struct dnsauth_audit *audit_opts(const char *domain,
					const struct dnsauth_audit_opts *o)
{
	struct dnsauth_dns *dns = zone_source();
	struct dnsauth_audit *a = NULL;
	int rc;

	rc = dnsauth_audit_domain(dns, domain, o, &a);
	ck_assert_msg(rc == 0 && a, "audit %s: %s", domain, dnsauth_strerror(rc));
	dnsauth_dns_free(dns);
	return a;
}

static struct dnsauth_audit *audit(const char *domain)
{
	return audit_opts(domain, NULL);
}

static bool is_spf(const struct dnsauth_finding *f)
{
	return dnsauth_rule_get(f->rule)->area == DNSAUTH_AREA_SPF;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "rule:severity,..." of the SPF-area findings, sorted; caller frees. */
static char *spf_rules(const struct dnsauth_audit *a)
{
	struct dnsauth_buf b;
	char **v = calloc(a->findings.n + 1, sizeof(*v));
	size_t i, n = 0;
	char *r;

	ck_assert_ptr_nonnull(v);
	for (i = 0; i < a->findings.n; i++) {
		const struct dnsauth_finding *f = &a->findings.v[i];

		if (!is_spf(f))
			continue;
		ck_assert_int_ge(asprintf(&v[n], "%s:%s", dnsauth_rule_get(f->rule)->id,
					  dnsauth_severity_name(f->severity)), 0);
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

/* Every finding, for failure messages; caller frees. */
static char *all_findings(const struct dnsauth_audit *a)
{
	struct dnsauth_buf b;
	size_t i;
	char *r;

	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, "");
	for (i = 0; i < a->findings.n; i++) {
		const struct dnsauth_finding *f = &a->findings.v[i];

		dnsauth_buf_printf(&b, "\n  [%s %s] %s: %s", dnsauth_rule_get(f->rule)->id,
				   dnsauth_severity_name(f->severity),
				   f->name ? f->name : "-", f->message);
	}
	r = dnsauth_buf_steal(&b);
	ck_assert_ptr_nonnull(r);
	return r;
}

static void expect_rules(const struct dnsauth_audit *a, const char *want)
{
	char *got = spf_rules(a);
	char *all = all_findings(a);

	ck_assert_msg(strcmp(got, want) == 0, "%s: SPF findings \"%s\", expected \"%s\"; all:%s",
		      a->domain, got, want, all);
	free(got);
	free(all);
}

/* The first finding of rule, which must exist. */
static const struct dnsauth_finding *finding(const struct dnsauth_audit *a,
					     enum dnsauth_rule_id rule)
{
	const struct dnsauth_finding *f = dnsauth_findings_find(&a->findings, rule);

	ck_assert_msg(f != NULL, "%s: no %s finding", a->domain, dnsauth_rule_get(rule)->id);
	return f;
}

static void expect_in_message(const struct dnsauth_audit *a, enum dnsauth_rule_id rule,
			      const char *text)
{
	const struct dnsauth_finding *f = finding(a, rule);

	ck_assert_msg(strstr(f->message, text) != NULL, "%s: [%s] \"%s\" lacks \"%s\"",
		      a->domain, dnsauth_rule_get(rule)->id, f->message, text);
}

/* "term=lookups/voids;..." of the top-level terms; caller frees. */
static char *terms(const struct dnsauth_audit *a)
{
	struct dnsauth_buf b;
	size_t i;
	char *r;

	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, "");
	for (i = 0; i < a->nspf_terms; i++)
		dnsauth_buf_printf(&b, "%s%s=%u/%u", i ? ";" : "", a->spf_terms[i].term,
				   a->spf_terms[i].lookups, a->spf_terms[i].voids);
	r = dnsauth_buf_steal(&b);
	ck_assert_ptr_nonnull(r);
	return r;
}

static void expect_terms(const struct dnsauth_audit *a, const char *want)
{
	char *got = terms(a);

	ck_assert_msg(strcmp(got, want) == 0, "%s: terms \"%s\", expected \"%s\"", a->domain,
		      got, want);
	free(got);
}

static bool has_record(const struct dnsauth_audit *a, const char *name, const char *type,
		       const char *value)
{
	size_t i;

	for (i = 0; i < a->nrecords; i++)
		if (strcmp(a->records[i].name, name) == 0 &&
		    strcmp(a->records[i].type, type) == 0 &&
		    strcmp(a->records[i].value, value) == 0)
			return true;
	return false;
}

/* ---------------------------------------------------- scenario table */

struct scenario {
	const char *domain;
	const char *rules;  /* sorted "rule:severity" of the SPF area */
	int lookups;        /* -1: not checked */
	int voids;          /* -1: not checked */
	bool found;         /* spf_found */
};

static const struct scenario scenarios[] = {
	{ "spf-clean.test", "", 1, 0, true },
	{ "spf-missing.test", "spf-missing:error", 0, 0, false },
	{ "nx.spf-missing.test", "spf-missing:error", 0, 0, false },
	{ "spf-multiple.test", "spf-multiple-records:error", 0, 0, true },
	{ "spf-version.test", "spf-version-malformed:error", 0, 0, false },
	{ "spf-syntax.test", "spf-syntax-error:error", 0, 0, true },
	{ "spf-many.test", "spf-too-many-lookups:error", 11, 0, true },
	{ "spf-ten.test", "spf-too-many-lookups:warning", 10, 0, true },
	{ "spf-nine.test", "spf-too-many-lookups:warning", 9, 0, true },
	{ "spf-void.test", "spf-void-lookups:error", 4, 3, true },
	{ "spf-void-two.test", "", 2, 2, true },
	{ "spf-mxmany.test", "spf-mx-too-many-names:error", 1, 0, true },
	{ "spf-target-none.test", "spf-target-invalid:error", 1, 0, true },
	{ "spf-target-nx.test", "spf-target-invalid:error", 1, 0, true },
	{ "spf-target-perm.test", "spf-target-invalid:error,spf-target-invalid:error", 2, 0, true },
	{ "spf-dupmod.test", "spf-duplicate-modifier:error", 1, 0, true },
	{ "spf-redirect-ignored.test", "spf-redirect-ignored:warning", 0, 0, true },
	{ "spf-redirect.test", "", 5, 0, true },
	{ "spf-permissive.test", "spf-permissive:error", 0, 0, true },
	{ "spf-ptr.test", "spf-ptr-used:warning", 1, 0, true },
	{ "spf-macro.test", "spf-macro-invalid:error", 0, 0, true },
	{ "spf-macro-inc.test", "spf-target-invalid:info", 1, 0, true },
	{ "spf-exp.test", "", 1, 0, true },
	{ "spf-big.test", "spf-response-too-large:warning", 0, 0, true },
	{ "spf-huge.test", "spf-response-too-large:warning", 0, 0, true },
	{ "spf-long.test", "spf-response-too-large:warning", 0, 0, true },
	{ "spf-rr99.test", "spf-rrtype-99:info", 0, 0, true },
	{ "spf-rr99-diff.test", "spf-rrtype-99:warning", 0, 0, true },
	{ "spf-rr99-only.test", "spf-missing:error,spf-rrtype-99:warning", 0, 0, false },
	{ "spf-loop.test", "spf-too-many-lookups:error", -1, 0, true },
	{ "spf-loop-r.test", "spf-too-many-lookups:error", -1, 0, true },
	{ "spf-chain.test", "", 7, 0, true },
	{ "spf-outside.test", "", 4, 0, true },
};

START_TEST(test_scenario)
{
	const struct scenario *s = &scenarios[_i];
	struct dnsauth_audit *a = audit(s->domain);

	expect_rules(a, s->rules);
	if (s->lookups >= 0)
		ck_assert_msg(a->spf_lookups == (unsigned)s->lookups, "%s: %u lookups, expected %d",
			      s->domain, a->spf_lookups, s->lookups);
	if (s->voids >= 0)
		ck_assert_msg(a->spf_voids == (unsigned)s->voids, "%s: %u voids, expected %d",
			      s->domain, a->spf_voids, s->voids);
	ck_assert_msg(a->spf_found == s->found, "%s: spf_found %d", s->domain, a->spf_found);
	ck_assert(!a->no_answers);
	dnsauth_audit_free(a);
}
END_TEST

/* ----------------------------------------------------- single checks */

START_TEST(test_missing_non_sending)
{
	struct dnsauth_audit_opts o;
	struct dnsauth_audit *a;

	memset(&o, 0, sizeof(o));
	o.non_sending = true;
	a = audit_opts("spf-missing.test", &o);
	expect_rules(a, "spf-missing:info");
	expect_in_message(a, DNSAUTH_R_SPF_MISSING, "v=spf1 -all");
	dnsauth_audit_free(a);
}
END_TEST

START_TEST(test_clean_records)
{
	struct dnsauth_audit *a = audit("spf-clean.test");

	ck_assert(has_record(a, "spf-clean.test", "TXT",
			     "v=spf1 ip4:192.0.2.0/24 include:spf-provider-a.test -all"));
	ck_assert(has_record(a, "spf-provider-a.test", "TXT", "v=spf1 ip4:198.51.100.0/24 -all"));
	/* only SPF records are recorded, not the verification token */
	ck_assert(!has_record(a, "spf-clean.test", "TXT",
			      "google-site-verification=abcdefghijklmnop"));
	expect_terms(a, "include:spf-provider-a.test=1/0");
	dnsauth_audit_free(a);
}
END_TEST

/* Repeated includes are expanded and counted again; the message names
 * the costliest terms and where receivers stop. */
START_TEST(test_many_attribution)
{
	struct dnsauth_audit *a = audit("spf-many.test");

	expect_terms(a, "a=1/0;mx=1/0;include:spf-provider-b.test=4/0;"
		     "include:spf-provider-b.test=4/0;include:spf-provider-a.test=1/0");
	expect_in_message(a, DNSAUTH_R_SPF_TOO_MANY_LOOKUPS, "11 DNS-querying terms");
	expect_in_message(a, DNSAUTH_R_SPF_TOO_MANY_LOOKUPS,
			  "include:spf-provider-b.test costs 4 lookups");
	expect_in_message(a, DNSAUTH_R_SPF_TOO_MANY_LOOKUPS,
			  "at the 11th, 'include:spf-provider-a.test'");
	dnsauth_audit_free(a);
}
END_TEST

/* The column of \p term in \p record (1-based); it must be there. */
static unsigned column_of(const char *record, const char *term)
{
	const char *p = strstr(record, term);

	ck_assert_msg(p != NULL, "'%s' not in '%s'", term, record);
	return (unsigned)(p - record) + 1;
}

/* Above the limit, the finding points at the 11th lookup, where
 * receivers stop: here a top-level term of the record itself. */
START_TEST(test_limit_term)
{
	struct dnsauth_audit *a = audit("spf-many.test");
	const struct dnsauth_finding *f = finding(a, DNSAUTH_R_SPF_TOO_MANY_LOOKUPS);
	const char *rec = "v=spf1 a mx include:spf-provider-b.test include:spf-provider-b.test "
			  "include:spf-provider-a.test -all";

	ck_assert_str_eq(f->name, "spf-many.test");
	ck_assert_str_eq(f->record, rec);
	ck_assert_uint_eq(f->column, column_of(rec, "include:spf-provider-a.test"));
	dnsauth_audit_free(a);

	/* 9 or 10: a warning about the whole record, no term */
	a = audit("spf-ten.test");
	f = finding(a, DNSAUTH_R_SPF_TOO_MANY_LOOKUPS);
	ck_assert_uint_eq(f->column, 0);
	dnsauth_audit_free(a);
}
END_TEST

/* A data source (names not added are NXDOMAIN) audited for \p domain. */
static struct dnsauth_audit *audit_data(const char *domain, const char *const *rrs)
{
	struct dnsauth_dns *dns = NULL;
	struct dnsauth_audit *a = NULL;
	size_t i;

	ck_assert_int_eq(dnsauth_dns_new_data(&dns), 0);
	for (i = 0; rrs[i]; i += 3)
		ck_assert_msg(dnsauth_dns_data_add(dns, rrs[i], (uint16_t)atoi(rrs[i + 1]),
						   rrs[i + 2]) == 0, "%s %s", rrs[i], rrs[i + 2]);
	ck_assert_int_eq(dnsauth_audit_domain(dns, domain, NULL, &a), 0);
	dnsauth_dns_free(dns);
	return a;
}

#define TXT "16"
#define A "1"

/* The 11th lookup inside an included record: the finding carries that
 * record and the term's column in it (under the include, a:h1 is the 4th
 * lookup, so a:h8 is the 11th). */
START_TEST(test_limit_term_in_include)
{
	static const char *const rrs[] = {
		"lim.test", TXT, "\"v=spf1 a mx include:_spf.lim.test -all\"",
		"lim.test", A, "192.0.2.1",
		"lim.test", "15", "10 lim.test.",
		"_spf.lim.test", TXT, "\"v=spf1 a:h1.lim.test a:h2.lim.test a:h3.lim.test "
		"a:h4.lim.test a:h5.lim.test a:h6.lim.test a:h7.lim.test a:h8.lim.test "
		"a:h9.lim.test -all\"",
		"h1.lim.test", A, "192.0.2.11", "h2.lim.test", A, "192.0.2.12",
		"h3.lim.test", A, "192.0.2.13", "h4.lim.test", A, "192.0.2.14",
		"h5.lim.test", A, "192.0.2.15", "h6.lim.test", A, "192.0.2.16",
		"h7.lim.test", A, "192.0.2.17", "h8.lim.test", A, "192.0.2.18",
		"h9.lim.test", A, "192.0.2.19",
		NULL,
	};
	const char *inc = "v=spf1 a:h1.lim.test a:h2.lim.test a:h3.lim.test a:h4.lim.test "
			  "a:h5.lim.test a:h6.lim.test a:h7.lim.test a:h8.lim.test "
			  "a:h9.lim.test -all";
	struct dnsauth_audit *a = audit_data("lim.test", rrs);
	const struct dnsauth_finding *f = finding(a, DNSAUTH_R_SPF_TOO_MANY_LOOKUPS);

	ck_assert_uint_eq(a->spf_lookups, 12);
	ck_assert_str_eq(f->name, "lim.test");
	ck_assert_str_eq(f->record, inc);
	ck_assert_uint_eq(f->column, column_of(inc, "a:h8.lim.test"));
	expect_in_message(a, DNSAUTH_R_SPF_TOO_MANY_LOOKUPS,
			  "'a:h8.lim.test' in the SPF record of _spf.lim.test");
	dnsauth_audit_free(a);
}
END_TEST

/* An include or redirect domain that is not a valid name: spf-target-
 * invalid (permerror) alone; for an a term the syntax warning stays. */
START_TEST(test_invalid_target_once)
{
	static const char *const rrs[] = {
		"bad.test", TXT, "\"v=spf1 include:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		"aaaaaaaaaaaaaaaaaaaaaa.example.net a:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
		"bbbbbbbbbbbbbbbbbbbbbb.example.net -all\"",
		"bad.test", A, "192.0.2.1",
		NULL,
	};
	struct dnsauth_audit *a = audit_data("bad.test", rrs);
	const struct dnsauth_finding *t = finding(a, DNSAUTH_R_SPF_TARGET_INVALID);
	const struct dnsauth_finding *s = finding(a, DNSAUTH_R_SPF_SYNTAX_ERROR);

	expect_rules(a, "spf-syntax-error:warning,spf-target-invalid:error");
	ck_assert_uint_eq(t->column, 8);
	ck_assert_ptr_nonnull(strstr(t->message, "not a valid domain name"));
	ck_assert_uint_eq(s->column, column_of(t->record, "a:bbb"));
	dnsauth_audit_free(a);
}
END_TEST

START_TEST(test_nine_is_warning)
{
	struct dnsauth_audit *a = audit("spf-nine.test");

	expect_in_message(a, DNSAUTH_R_SPF_TOO_MANY_LOOKUPS, "9 of the 10");
	expect_terms(a, "include:spf-provider-b.test=4/0;include:spf-provider-b.test=4/0;"
		     "include:spf-provider-a.test=1/0");
	dnsauth_audit_free(a);
}
END_TEST

/* A void lookup inside an include is counted and attributed to it. */
START_TEST(test_void_in_include)
{
	struct dnsauth_audit *a = audit("spf-void.test");

	expect_terms(a, "a:nx1.spf-void.test=1/1;a:nx2.spf-void.test=1/1;"
		     "include:spf-void-inc.test=2/1");
	expect_in_message(a, DNSAUTH_R_SPF_VOID_LOOKUPS, "3 void lookups");
	expect_in_message(a, DNSAUTH_R_SPF_VOID_LOOKUPS,
			  "'exists:nx3.spf-void-inc.test' in the SPF record of spf-void-inc.test");
	dnsauth_audit_free(a);
}
END_TEST

START_TEST(test_void_mx_nodata)
{
	struct dnsauth_audit *a = audit("spf-void-two.test");

	expect_terms(a, "a:nx1.spf-void-two.test=1/1;mx:nodata.spf-void-two.test=1/1");
	dnsauth_audit_free(a);
}
END_TEST

START_TEST(test_mx_too_many)
{
	struct dnsauth_audit *a = audit("spf-mxmany.test");
	const struct dnsauth_finding *f = finding(a, DNSAUTH_R_SPF_MX_TOO_MANY_NAMES);

	ck_assert_uint_eq(f->column, 8);
	expect_in_message(a, DNSAUTH_R_SPF_MX_TOO_MANY_NAMES, "11 MX hosts");
	dnsauth_audit_free(a);
}
END_TEST

/* Each target-invalid finding names the target, at the term's column. */
START_TEST(test_target_invalid_messages)
{
	struct dnsauth_audit *a = audit("spf-target-none.test");
	const struct dnsauth_finding *f = finding(a, DNSAUTH_R_SPF_TARGET_INVALID);

	ck_assert_uint_eq(f->column, 8);
	ck_assert_str_eq(f->name, "spf-target-none.test");
	expect_in_message(a, DNSAUTH_R_SPF_TARGET_INVALID,
			  "spf-provider-nospf.test has no SPF record (result none)");
	dnsauth_audit_free(a);

	a = audit("spf-target-nx.test");
	expect_in_message(a, DNSAUTH_R_SPF_TARGET_INVALID,
			  "nx.spf-provider-a.test does not exist (NXDOMAIN)");
	dnsauth_audit_free(a);

	a = audit("spf-target-perm.test");
	{
		const char *want[] = { "spf-provider-two.test publishes 2 SPF records",
				       "the SPF record of spf-provider-bad.test has errors" };
		size_t i, j, seen = 0;

		for (i = 0; i < a->findings.n; i++)
			for (j = 0; j < NELEM(want); j++)
				if (a->findings.v[i].rule == DNSAUTH_R_SPF_TARGET_INVALID &&
				    strstr(a->findings.v[i].message, want[j]))
					seen |= 1u << j;
		ck_assert_uint_eq(seen, 3);
	}
	dnsauth_audit_free(a);

	a = audit("spf-macro-inc.test");
	expect_in_message(a, DNSAUTH_R_SPF_TARGET_INVALID, "depends on the sender");
	expect_terms(a, "include:%{ir}.%{v}._spf.spf-provider-a.test=1/0");
	dnsauth_audit_free(a);
}
END_TEST

/* redirect counts only without "all", and is then expanded; exp never. */
START_TEST(test_redirect_and_exp_counts)
{
	struct dnsauth_audit *a = audit("spf-redirect.test");

	expect_terms(a, "mx=1/0;redirect=spf-provider-b.test=4/0");
	dnsauth_audit_free(a);

	a = audit("spf-redirect-ignored.test");
	ck_assert_uint_eq(a->spf_lookups, 0);
	ck_assert_uint_eq(a->nspf_terms, 0);
	/* the ignored target is not even fetched */
	ck_assert(!has_record(a, "spf-provider-b.test", "TXT",
			      "v=spf1 include:_spf1.spf-provider-b.test "
			      "include:_spf2.spf-provider-b.test -all"));
	dnsauth_audit_free(a);

	a = audit("spf-exp.test");
	expect_terms(a, "a=1/0");
	dnsauth_audit_free(a);
}
END_TEST

START_TEST(test_loops)
{
	struct dnsauth_audit *a = audit("spf-loop.test");

	ck_assert_uint_gt(a->spf_lookups, 10);
	expect_in_message(a, DNSAUTH_R_SPF_TOO_MANY_LOOKUPS,
			  "loop: spf-loop.test -> spf-loop-b.test -> spf-loop.test");
	dnsauth_audit_free(a);

	a = audit("spf-loop-r.test");
	ck_assert_uint_gt(a->spf_lookups, 10);
	expect_in_message(a, DNSAUTH_R_SPF_TOO_MANY_LOOKUPS,
			  "loop: spf-loop-r.test -> spf-loop-r.test");
	dnsauth_audit_free(a);
}
END_TEST

START_TEST(test_response_size_messages)
{
	struct dnsauth_audit *a = audit("spf-big.test");
	const struct dnsauth_finding *f;

	f = finding(a, DNSAUTH_R_SPF_RESPONSE_TOO_LARGE);
	ck_assert_msg(strstr(f->message, "4 TXT records") && !strstr(f->message, "1232"),
		      "%s", f->message);
	dnsauth_audit_free(a);

	a = audit("spf-huge.test");
	expect_in_message(a, DNSAUTH_R_SPF_RESPONSE_TOO_LARGE, "over 1232");
	dnsauth_audit_free(a);
}
END_TEST

START_TEST(test_rrtype_99)
{
	struct dnsauth_audit *a = audit("spf-rr99.test");

	ck_assert(has_record(a, "spf-rr99.test", "SPF", "v=spf1 ip4:192.0.2.1 -all"));
	dnsauth_audit_free(a);

	a = audit("spf-rr99-diff.test");
	expect_in_message(a, DNSAUTH_R_SPF_RRTYPE_99, "differs");
	dnsauth_audit_free(a);

	a = audit("spf-rr99-only.test");
	expect_in_message(a, DNSAUTH_R_SPF_RRTYPE_99, "only as RR type 99");
	dnsauth_audit_free(a);
}
END_TEST

/* Names outside the loaded zones are not checked: no finding (of any
 * area) says that they are missing or failed, and each term still counts
 * one lookup. */
START_TEST(test_outside_not_missing)
{
	struct dnsauth_audit *a = audit("spf-outside.test");
	size_t i;

	for (i = 0; i < a->findings.n; i++) {
		const struct dnsauth_finding *f = &a->findings.v[i];
		const char *id = dnsauth_rule_get(f->rule)->id;

		ck_assert_msg(f->rule != DNSAUTH_R_DNS_RESOLUTION_FAILURE, "%s", f->message);
		ck_assert_msg(!is_spf(f), "%s: %s", id, f->message);
		/* no area says anything about the names outside */
		ck_assert_msg(!f->name || !strstr(f->name, ".example."), "%s: %s", id,
			      f->message);
		ck_assert_msg(!strstr(f->message, "example.com") &&
			      !strstr(f->message, "example.net") &&
			      !strstr(f->message, "example.org"), "%s: %s", id, f->message);
	}
	expect_terms(a, "include:_spf.example.com=1/0;a:mail.example.net=1/0;"
		     "mx:example.org=1/0;exists:x.example.com=1/0");
	dnsauth_audit_free(a);
}
END_TEST

/* A domain outside every loaded zone is not checked at all. */
START_TEST(test_domain_outside)
{
	struct dnsauth_audit *a = audit("spf-nothing.example");

	expect_rules(a, "");
	ck_assert(!a->spf_found);
	ck_assert_uint_eq(a->nrecords, 0);
	ck_assert_ptr_null(dnsauth_findings_find(&a->findings,
						 DNSAUTH_R_DNS_RESOLUTION_FAILURE));
	dnsauth_audit_free(a);
}
END_TEST

START_TEST(test_missing_nxdomain)
{
	struct dnsauth_audit *a = audit("nx.spf-missing.test");

	expect_in_message(a, DNSAUTH_R_SPF_MISSING, "does not exist");
	dnsauth_audit_free(a);
}
END_TEST

/* --ip: check_host for every sending IP; an IP SPF does not authorize is
 * an spf-missing finding at the severity of its result. */
static const struct dnsauth_finding *ip_finding(const struct dnsauth_audit *a, const char *ip)
{
	size_t i;

	for (i = 0; i < a->findings.n; i++)
		if (a->findings.v[i].rule == DNSAUTH_R_SPF_MISSING &&
		    strstr(a->findings.v[i].message, ip))
			return &a->findings.v[i];
	return NULL;
}

START_TEST(test_sending_ips)
{
	static const char *const ips[] = {
		"192.0.2.7", "198.51.100.9", "203.0.113.1", "::ffff:198.51.100.10",
	};
	struct dnsauth_audit_opts o;
	struct dnsauth_audit *a;
	const struct dnsauth_finding *f;

	memset(&o, 0, sizeof(o));
	o.ips = ips;
	o.nips = NELEM(ips);
	a = audit_opts("spf-clean.test", &o);
	ck_assert_uint_eq(a->nip_spf, 4);
	ck_assert_str_eq(a->ip_spf[0].ip, "192.0.2.7");
	ck_assert_int_eq(a->ip_spf[0].result, DNSAUTH_SPF_R_PASS);
	ck_assert_uint_eq(a->ip_spf[0].lookups, 0);
	/* through include:spf-provider-a.test */
	ck_assert_int_eq(a->ip_spf[1].result, DNSAUTH_SPF_R_PASS);
	ck_assert_uint_eq(a->ip_spf[1].lookups, 1);
	ck_assert_int_eq(a->ip_spf[2].result, DNSAUTH_SPF_R_FAIL);
	ck_assert_ptr_nonnull(strstr(a->ip_spf[2].reason, "-all"));
	/* IPv4-mapped: evaluated as IPv4 */
	ck_assert_int_eq(a->ip_spf[3].result, DNSAUTH_SPF_R_PASS);
	ck_assert_ptr_null(ip_finding(a, "192.0.2.7"));
	ck_assert_ptr_null(ip_finding(a, "198.51.100.9"));
	f = ip_finding(a, "203.0.113.1");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->severity, DNSAUTH_SEV_ERROR);
	ck_assert_ptr_nonnull(strstr(f->message, "result fail"));
	ck_assert_ptr_nonnull(strstr(f->message, "550 5.7.26"));
	dnsauth_audit_free(a);

	/* softfail is a warning */
	a = audit_opts("clean-b.test", &o);
	ck_assert_uint_eq(a->nip_spf, 4);
	ck_assert_int_eq(a->ip_spf[2].result, DNSAUTH_SPF_R_SOFTFAIL);
	f = ip_finding(a, "203.0.113.1");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->severity, DNSAUTH_SEV_WARNING);
	dnsauth_audit_free(a);

	/* an include loop: permerror for every IP, an error each */
	a = audit_opts("spf-loop.test", &o);
	ck_assert_uint_eq(a->nip_spf, 4);
	ck_assert_int_eq(a->ip_spf[0].result, DNSAUTH_SPF_R_PERMERROR);
	f = ip_finding(a, "192.0.2.7");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->severity, DNSAUTH_SEV_ERROR);
	dnsauth_audit_free(a);

	/* no SPF: result none, reported once for the domain, not per IP */
	a = audit_opts("spf-missing.test", &o);
	ck_assert_uint_eq(a->nip_spf, 4);
	ck_assert_int_eq(a->ip_spf[0].result, DNSAUTH_SPF_R_NONE);
	ck_assert_ptr_null(ip_finding(a, "192.0.2.7"));
	dnsauth_audit_free(a);
}
END_TEST

/* --helo: a HELO name without SPF is a note under spf-missing. */
START_TEST(test_helo_spf)
{
	struct dnsauth_audit_opts o;
	struct dnsauth_audit *a;
	const struct dnsauth_finding *f;
	size_t i, n = 0;

	memset(&o, 0, sizeof(o));
	o.helo = "spf-missing.test";
	a = audit_opts("spf-clean.test", &o);
	for (i = 0; i < a->findings.n; i++) {
		f = &a->findings.v[i];
		if (f->rule == DNSAUTH_R_SPF_MISSING && strstr(f->message, "HELO")) {
			ck_assert_int_eq(f->severity, DNSAUTH_SEV_INFO);
			ck_assert_str_eq(f->name, "spf-missing.test");
			n++;
		}
	}
	ck_assert_uint_eq(n, 1);
	dnsauth_audit_free(a);
	o.helo = "spf-clean.test";
	a = audit_opts("spf-clean.test", &o);
	ck_assert_ptr_null(dnsauth_findings_find(&a->findings, DNSAUTH_R_SPF_MISSING));
	dnsauth_audit_free(a);
}
END_TEST

/* An include chain of depth 3 below the apex, with siblings and a/mx
 * lookups at every level, costs 7 lookups and depth + 2 passes: the apex
 * TXT, one pass per level of targets (siblings, A/AAAA and MX fetched
 * together), and the complete run. One name per pass would need 10+. */
START_TEST(test_chain_passes)
{
	struct dnsauth_dns *dns = zone_source();
	struct dnsauth_dns_stats st;
	struct dnsauth_audit *a = NULL;

	ck_assert_int_eq(dnsauth_audit_domain(dns, "spf-chain.test", NULL, &a), 0);
	expect_terms(a, "a=1/0;mx=1/0;include:l1a.spf-chain.test=3/0;"
		     "include:l1b.spf-chain.test=2/0");
	ck_assert_uint_eq(a->spf_lookups, 7);
	ck_assert_msg(a->passes == 3 + 2, "%u passes", a->passes);
	dnsauth_dns_stats(dns, &st);
	ck_assert_msg(st.round_trips == 3 + 1, "%lu round trips", st.round_trips);
	dnsauth_audit_free(a);
	dnsauth_dns_free(dns);
}
END_TEST

/* --------------------------------------------------------------- main */


/* spf_only: the SPF findings of a full audit, nothing else, and no
 * questions for the other areas (an include target is not a mail
 * domain). */
START_TEST(test_spf_only)
{
	static const char *const domains[] = { "spf-many.test", "spf-missing.test",
					       "spf-ten.test", "spf-clean.test" };
	size_t d;

	for (d = 0; d < sizeof(domains) / sizeof(domains[0]); d++) {
		struct dnsauth_audit_opts o;
		struct dnsauth_dns *full_dns = zone_source(), *spf_dns = zone_source();
		struct dnsauth_dns_stats full_st, spf_st;
		struct dnsauth_audit *full = NULL, *only = NULL;
		size_t i, k = 0, other = 0;

		memset(&o, 0, sizeof(o));
		ck_assert_int_eq(dnsauth_audit_domain(full_dns, domains[d], &o, &full), 0);
		o.spf_only = true;
		ck_assert_int_eq(dnsauth_audit_domain(spf_dns, domains[d], &o, &only), 0);
		for (i = 0; i < full->findings.n; i++) {
			const struct dnsauth_finding *f = &full->findings.v[i];

			if (f->area != DNSAUTH_AREA_SPF) {
				other++;
				continue;
			}
			ck_assert_msg(k < only->findings.n, "%s: %s missing with spf_only",
				      domains[d], dnsauth_rule_get(f->rule)->id);
			ck_assert_int_eq(only->findings.v[k].rule, f->rule);
			ck_assert_str_eq(only->findings.v[k].message, f->message);
			k++;
		}
		ck_assert_uint_eq(only->findings.n, k);
		/* every one of these domains lacks DMARC (or MX): the full
		 * audit says so, spf_only does not ask */
		ck_assert_uint_gt(other, 0);
		dnsauth_dns_stats(full_dns, &full_st);
		dnsauth_dns_stats(spf_dns, &spf_st);
		ck_assert_uint_lt(spf_st.queries, full_st.queries);
		dnsauth_audit_free(full);
		dnsauth_audit_free(only);
		dnsauth_dns_free(full_dns);
		dnsauth_dns_free(spf_dns);
	}
}
END_TEST

static Suite *audit_spf_suite(void)
{
	Suite *s = suite_create("audit_spf");
	TCase *tc;

	tc = tcase_create("scenarios");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_scenario, 0, (int)NELEM(scenarios));
	tcase_add_test(tc, test_missing_non_sending);
	tcase_add_test(tc, test_clean_records);
	tcase_add_test(tc, test_target_invalid_messages);
	tcase_add_test(tc, test_mx_too_many);
	tcase_add_test(tc, test_response_size_messages);
	tcase_add_test(tc, test_rrtype_99);
	tcase_add_test(tc, test_outside_not_missing);
	tcase_add_test(tc, test_domain_outside);
	tcase_add_test(tc, test_missing_nxdomain);
	suite_add_tcase(s, tc);

	tc = tcase_create("counting");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_many_attribution);
	tcase_add_test(tc, test_limit_term);
	tcase_add_test(tc, test_limit_term_in_include);
	tcase_add_test(tc, test_invalid_target_once);
	tcase_add_test(tc, test_nine_is_warning);
	tcase_add_test(tc, test_void_in_include);
	tcase_add_test(tc, test_void_mx_nodata);
	tcase_add_test(tc, test_redirect_and_exp_counts);
	tcase_add_test(tc, test_loops);
	tcase_add_test(tc, test_chain_passes);
	tcase_add_test(tc, test_sending_ips);
	tcase_add_test(tc, test_helo_spf);
	tcase_add_test(tc, test_spf_only);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(audit_spf_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
