/* SPDX-License-Identifier: MIT */
/*
 * check_audit_other.c - unit tests of the last area of the audit engine
 * (lib/audit_other.c) over the zone source: MTA-STS and TLS-RPT TXT
 * records (rules.md §6.7), BIMI (§6.8), DANE TLSA records (§6.9) and
 * dangling CNAME chains of these names and of _dmarc (§6.6), one zone per
 * scenario (tests/data/zones/{mtasts,tlsrpt,bimi,dane,alias}-*.zone);
 * the facts the area sets (mta_sts, dane), the records, the number of
 * passes (two levels of lookups), and failed lookups, served SERVFAIL by
 * a responder on loopback through the live source.
 *
 * The area runs alone (run_area() repeats it and prefetches what it
 * missed, as the engine does), so other areas' findings cannot change
 * the expectations; one test runs the whole engine.
 */
#include <check.h>
#include <dirent.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "audit.h"
#include "audit_int.h"
#include "buf.h"
#include "dns.h"
#include "error.h"
#include "finding.h"
#include "psl.h"
#include "audit_testutil.h"
#include "responder.h"
#include "rules.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_PASSES 10u

static struct dnsauth_dns *zones; /* loaded once in main(), before the forks */
static struct dnsauth_psl *psl;

/* --------------------------------------------------------------- zones */

static const char *const prefixes[] = { "dkim-", "mtasts-", "tlsrpt-", "bimi-",
					"dane-", "alias-" };

/* This area's fixture files (not the other areas'). */
static bool mine(const char *name)
{
	size_t len = strlen(name), i;

	if (len < 6 || strcmp(name + len - 5, ".zone") != 0)
		return false;
	for (i = 0; i < NELEM(prefixes); i++)
		if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
}

static struct dnsauth_dns *load_zones(void)
{
	return tu_zone_source(mine, 1);
}

/* ------------------------------------------------------------ the area */

struct area_run {
	struct dnsauth_audit *a;   /* the result of the last (complete) pass */
	unsigned passes;
	size_t first_missing;      /* names asked for in the first pass */
	bool mta_sts, dane;
};

/* Run the area as the engine runs it: again and again, prefetching what
 * each pass missed, until a pass misses nothing. */
static void run_area(struct dnsauth_dns *dns, const char *domain,
		     const struct dnsauth_audit_opts *o, struct area_run *out)
{
	static const struct dnsauth_audit_opts defaults;
	struct audit_ctx c;
	unsigned pass;
	size_t i;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.dns = dns;
	c.o = o ? o : &defaults;
	c.domain = domain;
	for (pass = 1; pass <= MAX_PASSES; pass++) {
		struct dnsauth_audit *a = calloc(1, sizeof(*a));

		ck_assert_ptr_nonnull(a);
		a->domain = strdup(domain);
		dnsauth_findings_init(&a->findings);
		for (i = 0; i < c.nmissing; i++)
			free(c.missing_names[i]);
		c.nmissing = 0;
		c.a = a;
		c.incomplete = false;
		c.mta_sts = c.dane = false;
		audit_other_run(&c);
		ck_assert_int_eq(c.oom, 0);
		ck_assert_int_eq(audit_collect(&c), 0);
		if (pass == 1)
			out->first_missing = c.nmissing;
		if (c.nmissing == 0) {
			ck_assert(!c.incomplete);
			out->a = a;
			out->passes = pass;
			out->mta_sts = c.mta_sts;
			out->dane = c.dane;
			break;
		}
		ck_assert(c.incomplete);
		dnsauth_audit_free(a);
		ck_assert_int_eq(dnsauth_dns_prefetch(dns, c.missing, c.nmissing), 0);
	}
	ck_assert_ptr_nonnull(out->a);
	audit_ctx_release(&c);
	free(c.missing);
	free(c.missing_names);
}

static bool in_scope(enum dnsauth_rule_id r)
{
	const struct dnsauth_rule *rule = dnsauth_rule_get(r);

	return rule->area == DNSAUTH_AREA_MTASTS || rule->area == DNSAUTH_AREA_BIMI ||
	       rule->area == DNSAUTH_AREA_DANE || r == DNSAUTH_R_DNS_RESOLUTION_FAILURE ||
	       r == DNSAUTH_R_ADDR_DANGLING_ALIAS;
}


/* ------------------------------------------------------- the scenarios */

struct scenario {
	const char *domain;
	const char *want;             /* tu_rule_set() of the findings in scope */
	bool mta_sts, dane;           /* the facts the area sets */
	unsigned passes;
};

static const struct scenario scenarios[] = {
	/* everything right: MX hosts with TLSA pairs, MTA-STS, TLS-RPT, BIMI */
	{ "mtasts-clean.test", "", true, true, 3 },
	/* MTA-STS */
	{ "mtasts-multiple.test", "mtasts-txt-invalid:error", false, false, 3 },
	{ "mtasts-badid.test", "mtasts-txt-invalid:error", false, false, 3 },
	{ "mtasts-longid.test", "mtasts-txt-invalid:error", false, false, 3 },
	{ "mtasts-noid.test", "mtasts-txt-invalid:error", false, false, 3 },
	{ "mtasts-nosemi.test", "mtasts-txt-invalid:error", false, false, 3 },
	{ "mtasts-syntax.test", "mtasts-txt-invalid:error", false, false, 3 },
	{ "mtasts-spaced.test", "mtasts-txt-invalid:warning", true, false, 3 },
	{ "mtasts-ext.test", "", true, false, 3 },
	{ "mtasts-notlsrpt.test", "tlsrpt-missing:warning", true, false, 3 },
	/* TLS-RPT */
	{ "tlsrpt-clean.test", "", false, false, 3 },
	{ "tlsrpt-norua.test", "tlsrpt-invalid:error", false, false, 3 },
	{ "tlsrpt-scheme.test", "tlsrpt-invalid:error", false, false, 3 },
	{ "tlsrpt-multiple.test", "tlsrpt-invalid:error", false, false, 3 },
	{ "tlsrpt-case.test", "tlsrpt-invalid:error", false, false, 3 },
	/* the report domain has an A record and no MX: the implicit MX
	 * takes the reports (RFC 5321 §5.1), as for DMARC reports */
	{ "tlsrpt-nomx.test", "", false, false, 3 },
	{ "tlsrpt-none.test", "tlsrpt-missing:info", false, false, 3 },
	{ "tlsrpt-nullmx.test", "", false, false, 2 },
	/* BIMI */
	{ "bimi-clean.test", "", false, false, 3 },
	{ "bimi-declined.test", "bimi-record-invalid:info", false, false, 3 },
	{ "bimi-http.test", "bimi-record-invalid:error", false, false, 3 },
	{ "bimi-png.test", "bimi-record-invalid:error", false, false, 3 },
	{ "bimi-order.test", "bimi-record-invalid:error", false, false, 3 },
	{ "bimi-multiple.test", "bimi-record-invalid:error", false, false, 3 },
	{ "bimi-nodmarc.test", "bimi-dmarc-ineligible:error", false, false, 3 },
	{ "bimi-pnone.test", "bimi-dmarc-ineligible:error", false, false, 3 },
	{ "bimi-pct.test", "bimi-dmarc-ineligible:error", false, false, 3 },
	{ "bimi-spnone.test", "bimi-dmarc-ineligible:error", false, false, 3 },
	{ "bimi-testing.test", "bimi-dmarc-ineligible:error", false, false, 3 },
	{ "bimi-noevidence.test", "bimi-no-evidence:warning", false, false, 3 },
	/* DMARC only at the organizational domain (the PSL names it): asked
	 * in a second level, after _dmarc.<domain> */
	{ "brand.bimi-org.test", "", false, false, 3 },
	/* DANE */
	{ "dane-clean.test", "", false, true, 3 },
	{ "dane-misplaced.test", "dane-tlsa-misplaced:error", false, true, 3 },
	{ "dane-self.test", "", false, true, 2 },
	{ "dane-implicit.test", "", false, true, 2 },
	{ "dane-nullmx.test", "dane-tlsa-misplaced:error", false, false, 2 },
	{ "dane-pkix.test", "dane-tlsa-unusable-usage:warning", false, false, 3 },
	{ "dane-unknown.test", "dane-tlsa-unusable-usage:warning", false, false, 3 },
	{ "dane-badlen.test", "dane-tlsa-unusable-usage:warning", false, false, 3 },
	{ "dane-full.test", "dane-tlsa-unusable-usage:info", false, true, 3 },
	{ "dane-single.test", "dane-tlsa-unusable-usage:info", false, true, 3 },
	{ "dane-mixed.test", "dane-tlsa-unusable-usage:info", false, true, 3 },
	{ "dane-sha512.test", "", false, true, 3 },
	{ "dane-notlsrpt.test", "tlsrpt-missing:warning", false, true, 3 },
	{ "dane-twomx.test", "", false, true, 3 },
	/* dangling aliases */
	{ "alias-ok.test", "", true, false, 3 },
	{ "alias-dangling.test",
	  "addr-dangling-alias:error,addr-dangling-alias:error,addr-dangling-alias:error,"
	  "addr-dangling-alias:error,addr-dangling-alias:error", false, false, 3 },
	{ "alias-loop.test", "addr-dangling-alias:error,addr-dangling-alias:error", false, false, 3 },
	{ "alias-tlsa.test", "addr-dangling-alias:error", false, false, 3 },
	/* a domain outside the zones: nothing is known, nothing is said */
	{ "mtasts-unloaded.test", "", false, false, 2 },
};

static struct dnsauth_audit_opts opts(void)
{
	struct dnsauth_audit_opts o;

	memset(&o, 0, sizeof(o));
	o.psl = psl;
	return o;
}

START_TEST(test_scenarios)
{
	const struct scenario *s = &scenarios[_i];
	struct dnsauth_audit_opts o = opts();
	struct area_run r;
	char *got;

	run_area(zones, s->domain, &o, &r);
	got = tu_rule_set(&r.a->findings, in_scope);
	if (strcmp(got, s->want) != 0)
		tu_dump(r.a);
	ck_assert_msg(strcmp(got, s->want) == 0, "%s: got \"%s\", want \"%s\"", s->domain,
		      got, s->want);
	ck_assert_msg(r.mta_sts == s->mta_sts, "%s: mta_sts %d", s->domain, r.mta_sts);
	ck_assert_msg(r.dane == s->dane, "%s: dane %d", s->domain, r.dane);
	ck_assert_msg(r.passes == s->passes, "%s: %u passes", s->domain, r.passes);
	free(got);
	dnsauth_audit_free(r.a);
}
END_TEST

/* ------------------------------------------------------------ details */

static struct area_run run_default(const char *domain)
{
	struct dnsauth_audit_opts o = opts();
	struct area_run r;

	run_area(zones, domain, &o, &r);
	return r;
}

/* The first finding of a rule, which must exist. */
static const struct dnsauth_finding *first(const struct area_run *r,
					   enum dnsauth_rule_id rule)
{
	const struct dnsauth_finding *f = tu_nth(r->a, rule, 0);

	ck_assert_msg(f != NULL, "no %s finding", dnsauth_rule_get(rule)->id);
	return f;
}

START_TEST(test_mta_sts_details)
{
	struct area_run r = run_default("mtasts-badid.test");
	const struct dnsauth_finding *f = first(&r, DNSAUTH_R_MTASTS_TXT_INVALID);

	ck_assert_str_eq(f->name, "_mta-sts.mtasts-badid.test");
	ck_assert_str_eq(f->record, "v=STSv1; id=2026-01-01");
	ck_assert_uint_eq(f->column, 17); /* the first '-' */
	ck_assert_ptr_nonnull(strstr(f->message, "letters and digits"));
	dnsauth_audit_free(r.a);

	r = run_default("mtasts-longid.test");
	f = first(&r, DNSAUTH_R_MTASTS_TXT_INVALID);
	ck_assert_ptr_nonnull(strstr(f->message, "longer than 32"));
	dnsauth_audit_free(r.a);

	r = run_default("mtasts-noid.test");
	f = first(&r, DNSAUTH_R_MTASTS_TXT_INVALID);
	ck_assert_ptr_nonnull(strstr(f->message, "case-sensitive"));
	dnsauth_audit_free(r.a);

	r = run_default("mtasts-nosemi.test");
	f = first(&r, DNSAUTH_R_MTASTS_TXT_INVALID);
	ck_assert_ptr_nonnull(strstr(f->message, "does not begin with 'v=STSv1;'"));
	dnsauth_audit_free(r.a);

	r = run_default("mtasts-multiple.test");
	f = first(&r, DNSAUTH_R_MTASTS_TXT_INVALID);
	ck_assert_ptr_nonnull(strstr(f->message, "exactly one"));
	dnsauth_audit_free(r.a);

	r = run_default("mtasts-syntax.test");
	f = first(&r, DNSAUTH_R_MTASTS_TXT_INVALID);
	ck_assert_uint_eq(f->column, 23); /* "mode" */
	dnsauth_audit_free(r.a);
}
END_TEST

START_TEST(test_tls_rpt_details)
{
	struct area_run r = run_default("tlsrpt-scheme.test");
	const struct dnsauth_finding *f = first(&r, DNSAUTH_R_TLSRPT_INVALID);

	ck_assert_uint_eq(f->column, 17);
	ck_assert_ptr_nonnull(strstr(f->message, "http://report.tlsrpt-scheme.test/v1"));
	ck_assert_ptr_nonnull(strstr(f->message, "mailto: and https:"));
	dnsauth_audit_free(r.a);

	r = run_default("mtasts-notlsrpt.test");
	f = first(&r, DNSAUTH_R_TLSRPT_MISSING);
	ck_assert_str_eq(f->name, "_smtp._tls.mtasts-notlsrpt.test");
	ck_assert_ptr_nonnull(strstr(f->message, "deploys MTA-STS"));
	dnsauth_audit_free(r.a);

	r = run_default("dane-notlsrpt.test");
	f = first(&r, DNSAUTH_R_TLSRPT_MISSING);
	ck_assert_ptr_nonnull(strstr(f->message, "deploys DANE"));
	dnsauth_audit_free(r.a);
}
END_TEST

/* A records source (what the linter builds): zone rpt.example of the
 * given records, complete or a snippet. */
static struct dnsauth_dns *rpt_source(bool complete, const char *const *rrs)
{
	struct dnsauth_dns *dns = NULL;
	size_t i;

	ck_assert_int_eq(dnsauth_dns_new_records(&dns), 0);
	ck_assert_int_eq(dnsauth_dns_records_zone(dns, "rpt.example", complete), 0);
	for (i = 0; rrs[i]; i++) {
		ldns_rr *rr = NULL;

		ck_assert_int_eq(ldns_rr_new_frm_str(&rr, rrs[i], 3600, NULL, NULL),
				 LDNS_STATUS_OK);
		ck_assert_int_eq(dnsauth_dns_records_add(dns, rr), 0);
		ldns_rr_free(rr);
	}
	return dns;
}

/* The TLS-RPT findings of rpt.example over a records source. */
static char *rpt_findings(struct dnsauth_dns *dns, struct area_run *r)
{
	struct dnsauth_audit_opts o = opts();

	run_area(dns, "rpt.example", &o, r);
	return tu_rule_set(&r->a->findings, in_scope);
}

/* The mailto domain of rua: with an MX, or only an address (the implicit
 * MX), it takes mail; with neither it is a warning; a name outside the
 * zone data, or not known from a snippet, is not checked. */
START_TEST(test_tls_rpt_domains)
{
	static const char *const base[] = {
		"rpt.example. SOA ns.rpt.example. h.rpt.example. 1 3600 600 86400 300",
		"rpt.example. MX 10 mx.rpt.example.",
		"mx.rpt.example. A 192.0.2.25",
		"_smtp._tls.rpt.example. TXT \"v=TLSRPTv1; rua=mailto:r@a.rpt.example,"
		"mailto:r@none.rpt.example,mailto:r@mx.rpt.example,mailto:r@v6.rpt.example,"
		"mailto:r@nx.rpt.example,mailto:r@other.example\"",
		"a.rpt.example. A 192.0.2.30",
		"none.rpt.example. TXT \"no mail here\"",
		"v6.rpt.example. AAAA 2001:db8::30",
		NULL,
	};
	struct dnsauth_dns *dns = rpt_source(true, base);
	struct area_run r;
	const struct dnsauth_finding *f;
	char *got = rpt_findings(dns, &r);

	/* none.rpt.example (no MX, no address) and nx.rpt.example (NXDOMAIN);
	 * a.rpt.example and mx.rpt.example (an A record, no MX) and
	 * v6.rpt.example (an AAAA record) take mail at the implicit MX;
	 * other.example is outside the data: not checked */
	ck_assert_str_eq(got, "tlsrpt-invalid:warning,tlsrpt-invalid:warning");
	f = tu_nth(r.a, DNSAUTH_R_TLSRPT_INVALID, 0);
	ck_assert_str_eq(f->message, "the TLS-RPT report domain none.rpt.example has no MX "
			 "record and no A or AAAA record for the implicit MX: reports mailed "
			 "there are likely lost");
	/* at its URI, as dmarc-rua-undeliverable */
	ck_assert_ptr_nonnull(f->record);
	ck_assert_uint_eq(f->column,
			  (unsigned)(strstr(f->record, "mailto:r@none") - f->record) + 1);
	f = tu_nth(r.a, DNSAUTH_R_TLSRPT_INVALID, 1);
	ck_assert_ptr_nonnull(strstr(f->message, "nx.rpt.example does not exist"));
	free(got);
	dnsauth_audit_free(r.a);
	dnsauth_dns_free(dns);
}
END_TEST

/* In a snippet, what it does not hold is OUTSIDE: never "no MX". */
START_TEST(test_tls_rpt_snippet)
{
	static const char *const snippet[] = {
		"_smtp._tls.rpt.example. TXT \"v=TLSRPTv1; rua=mailto:r@reports.rpt.example,"
		"mailto:r@text.rpt.example\"",
		"reports.rpt.example. A 192.0.2.30",
		"text.rpt.example. TXT \"hello\"",
		NULL,
	};
	struct dnsauth_dns *dns = rpt_source(false, snippet);
	struct area_run r;
	char *got = rpt_findings(dns, &r);

	ck_assert_str_eq(got, "");
	free(got);
	dnsauth_audit_free(r.a);
	dnsauth_dns_free(dns);
}
END_TEST

START_TEST(test_bimi_details)
{
	struct area_run r = run_default("bimi-pct.test");
	const struct dnsauth_finding *f = first(&r, DNSAUTH_R_BIMI_DMARC_INELIGIBLE);

	ck_assert_str_eq(f->name, "default._bimi.bimi-pct.test");
	ck_assert_ptr_nonnull(strstr(f->message, "pct=50"));
	dnsauth_audit_free(r.a);

	r = run_default("bimi-spnone.test");
	ck_assert_ptr_nonnull(strstr(first(&r, DNSAUTH_R_BIMI_DMARC_INELIGIBLE)->message,
				     "sp=none"));
	dnsauth_audit_free(r.a);

	r = run_default("bimi-pnone.test");
	ck_assert_ptr_nonnull(strstr(first(&r, DNSAUTH_R_BIMI_DMARC_INELIGIBLE)->message,
				     "p=none"));
	dnsauth_audit_free(r.a);

	r = run_default("bimi-testing.test");
	ck_assert_ptr_nonnull(strstr(first(&r, DNSAUTH_R_BIMI_DMARC_INELIGIBLE)->message,
				     "t=y"));
	dnsauth_audit_free(r.a);

	r = run_default("bimi-nodmarc.test");
	ck_assert_ptr_nonnull(strstr(first(&r, DNSAUTH_R_BIMI_DMARC_INELIGIBLE)->message,
				     "no DMARC policy"));
	dnsauth_audit_free(r.a);

	r = run_default("bimi-png.test");
	f = first(&r, DNSAUTH_R_BIMI_RECORD_INVALID);
	ck_assert_uint_eq(f->column, 12);
	ck_assert_ptr_nonnull(strstr(f->message, "SVG"));
	dnsauth_audit_free(r.a);

	r = run_default("bimi-declined.test");
	f = first(&r, DNSAUTH_R_BIMI_RECORD_INVALID);
	ck_assert_ptr_nonnull(strstr(f->message, "declines"));
	dnsauth_audit_free(r.a);
}
END_TEST

/* Without a PSL the organizational domain is unknown: the subdomain has
 * no DMARC record of its own. */
START_TEST(test_bimi_org_needs_psl)
{
	struct area_run r;

	run_area(zones, "brand.bimi-org.test", NULL, &r);
	ck_assert_ptr_nonnull(strstr(first(&r, DNSAUTH_R_BIMI_DMARC_INELIGIBLE)->message,
				     "publishes no DMARC policy"));
	dnsauth_audit_free(r.a);
}
END_TEST

START_TEST(test_dane_details)
{
	struct area_run r = run_default("dane-misplaced.test");
	const struct dnsauth_finding *f = first(&r, DNSAUTH_R_DANE_TLSA_MISPLACED);

	ck_assert_str_eq(f->name, "_25._tcp.dane-misplaced.test");
	ck_assert_ptr_nonnull(strstr(f->message, "_25._tcp.mx.dane-misplaced.test"));
	dnsauth_audit_free(r.a);

	r = run_default("dane-pkix.test");
	f = first(&r, DNSAUTH_R_DANE_TLSA_UNUSABLE_USAGE);
	ck_assert_str_eq(f->name, "_25._tcp.mx.dane-pkix.test");
	ck_assert_ptr_nonnull(strstr(f->message, "PKIX"));
	dnsauth_audit_free(r.a);

	r = run_default("dane-single.test");
	ck_assert_ptr_nonnull(strstr(first(&r, DNSAUTH_R_DANE_TLSA_UNUSABLE_USAGE)->message,
				     "single usable TLSA record"));
	dnsauth_audit_free(r.a);

	r = run_default("dane-full.test");
	ck_assert_ptr_nonnull(strstr(first(&r, DNSAUTH_R_DANE_TLSA_UNUSABLE_USAGE)->message,
				     "matching type 0"));
	dnsauth_audit_free(r.a);
}
END_TEST

START_TEST(test_alias_details)
{
	static const char *const names[] = {
		"_dmarc.alias-dangling.test", "_mta-sts.alias-dangling.test",
		"mta-sts.alias-dangling.test", "_smtp._tls.alias-dangling.test",
		"default._bimi.alias-dangling.test",
	};
	struct area_run r = run_default("alias-dangling.test");
	const struct dnsauth_finding *f;
	size_t i;

	for (i = 0; i < NELEM(names); i++) {
		f = tu_nth(r.a, DNSAUTH_R_ADDR_DANGLING_ALIAS, i);
		ck_assert_ptr_nonnull(f);
		ck_assert_str_eq(f->name, names[i]);
		ck_assert_ptr_nonnull(strstr(f->message, " -> gone-"));
		ck_assert_ptr_nonnull(strstr(f->message, "NXDOMAIN"));
	}
	/* the dangling TLS-RPT name is not also "missing" */
	ck_assert_ptr_null(tu_nth(r.a, DNSAUTH_R_TLSRPT_MISSING, 0));
	dnsauth_audit_free(r.a);

	r = run_default("alias-loop.test");
	f = first(&r, DNSAUTH_R_ADDR_DANGLING_ALIAS);
	ck_assert_str_eq(f->name, "_dmarc.alias-loop.test");
	ck_assert_ptr_nonnull(strstr(f->message, "loops"));
	f = tu_nth(r.a, DNSAUTH_R_ADDR_DANGLING_ALIAS, 1);
	ck_assert_str_eq(f->name, "_smtp._tls.alias-loop.test");
	ck_assert_ptr_nonnull(strstr(f->message, "a.alias-loop.test"));
	/* a loop is not a failed lookup */
	ck_assert_ptr_null(tu_nth(r.a, DNSAUTH_R_DNS_RESOLUTION_FAILURE, 0));
	dnsauth_audit_free(r.a);
}
END_TEST

START_TEST(test_records)
{
	struct area_run r = run_default("mtasts-clean.test");

	ck_assert(tu_has_record(r.a, "_mta-sts.mtasts-clean.test", "TXT", "v=STSv1; id=20260101000000"));
	ck_assert(tu_has_record(r.a, "mta-sts.mtasts-clean.test", "A", "192.0.2.10"));
	ck_assert(tu_has_record(r.a, "mta-sts.mtasts-clean.test", "AAAA", "2001:db8::10"));
	ck_assert(tu_has_record(r.a, "_smtp._tls.mtasts-clean.test", "TXT", "v=TLSRPTv1; rua="));
	ck_assert(tu_has_record(r.a, "default._bimi.mtasts-clean.test", "TXT", "v=BIMI1; l=https://"));
	ck_assert(tu_has_record(r.a, "_25._tcp.mx1.mtasts-clean.test", "TLSA", "3 1 1 "));
	ck_assert(tu_has_record(r.a, "_25._tcp.mx2.mtasts-clean.test", "TLSA", "2 1 1 "));
	/* MX and _dmarc belong to their own areas */
	ck_assert(!tu_has_record(r.a, "mtasts-clean.test", "MX", ""));
	ck_assert(!tu_has_record(r.a, "_dmarc.mtasts-clean.test", "TXT", ""));
	dnsauth_audit_free(r.a);

	r = run_default("alias-ok.test");
	ck_assert(tu_has_record(r.a, "_mta-sts.alias-ok.test", "CNAME", "sts-policy.alias-provider.test"));
	ck_assert(tu_has_record(r.a, "sts-policy.alias-provider.test", "TXT", "v=STSv1; id=20260101"));
	ck_assert(tu_has_record(r.a, "mta-sts.alias-ok.test", "CNAME", "sts.alias-provider.test"));
	dnsauth_audit_free(r.a);
}
END_TEST

/* Level 1 asks every name known from the domain at once: the first pass
 * misses all eight, the second the TLSA names of the two MX hosts. */
START_TEST(test_levels)
{
	struct dnsauth_dns *dns = load_zones();
	struct dnsauth_audit_opts o = opts();
	struct dnsauth_dns_stats st;
	struct area_run r;

	run_area(dns, "mtasts-clean.test", &o, &r);
	ck_assert_uint_eq(r.first_missing, 8);
	ck_assert_uint_eq(r.passes, 3);
	dnsauth_dns_stats(dns, &st);
	ck_assert_uint_eq(st.round_trips, 2);
	dnsauth_audit_free(r.a);
	dnsauth_dns_free(dns);
}
END_TEST

/* The whole engine (with the DKIM area before it): the records of a
 * clean domain, and no finding in this area's rules. */
START_TEST(test_engine)
{
	struct dnsauth_dns *dns = load_zones();
	struct dnsauth_audit_opts o = opts();
	struct dnsauth_audit *a = NULL;
	char *got;

	ck_assert_int_eq(dnsauth_audit_domain(dns, "mtasts-clean.test", &o, &a), 0);
	got = tu_rule_set(&a->findings, in_scope);
	ck_assert_str_eq(got, "");
	ck_assert(tu_has_record(a, "_25._tcp.mx1.mtasts-clean.test", "TLSA", "3 1 1 "));
	free(got);
	dnsauth_audit_free(a);

	ck_assert_int_eq(dnsauth_audit_domain(dns, "dane-notlsrpt.test", &o, &a), 0);
	got = tu_rule_set(&a->findings, in_scope);
	ck_assert_str_eq(got, "tlsrpt-missing:warning");
	free(got);
	dnsauth_audit_free(a);
	dnsauth_dns_free(dns);
}
END_TEST

/* --------------------------------------------------- failed lookups */

START_TEST(test_servfail)
{
	struct dnsauth_audit_opts o = opts();
	struct responder rs;
	struct dnsauth_dns *dns;
	struct area_run r;
	char *got;

	responder_start(&rs, LDNS_RCODE_SERVFAIL);
	dns = live_to(&rs);
	run_area(dns, "mtasts-fail.test", &o, &r);
	/* the MTA-STS, TLS-RPT and BIMI records; MX and _dmarc failures are
	 * the other areas' to report; nothing is "missing" */
	got = tu_rule_set(&r.a->findings, in_scope);
	if (strcmp(got, "dns-resolution-failure:error,dns-resolution-failure:error,"
		   "dns-resolution-failure:error") != 0)
		tu_dump(r.a);
	ck_assert_str_eq(got, "dns-resolution-failure:error,dns-resolution-failure:error,"
			 "dns-resolution-failure:error");
	ck_assert_str_eq(tu_nth(r.a, DNSAUTH_R_DNS_RESOLUTION_FAILURE, 0)->name,
			 "_mta-sts.mtasts-fail.test");
	ck_assert_str_eq(tu_nth(r.a, DNSAUTH_R_DNS_RESOLUTION_FAILURE, 1)->name,
			 "_smtp._tls.mtasts-fail.test");
	ck_assert_str_eq(tu_nth(r.a, DNSAUTH_R_DNS_RESOLUTION_FAILURE, 2)->name,
			 "default._bimi.mtasts-fail.test");
	ck_assert_ptr_nonnull(strstr(tu_nth(r.a, DNSAUTH_R_DNS_RESOLUTION_FAILURE, 0)->message,
				     "the MTA-STS record"));
	free(got);
	dnsauth_audit_free(r.a);
	dnsauth_dns_free(dns);
	responder_stop(&rs);
}
END_TEST

/* --------------------------------------------------------------- main */

static Suite *audit_other_suite(void)
{
	Suite *s = suite_create("audit_other");
	TCase *tc;

	tc = tcase_create("scenarios");
	tcase_add_loop_test(tc, test_scenarios, 0, (int)NELEM(scenarios));
	suite_add_tcase(s, tc);

	tc = tcase_create("findings");
	tcase_add_test(tc, test_mta_sts_details);
	tcase_add_test(tc, test_tls_rpt_details);
	tcase_add_test(tc, test_tls_rpt_domains);
	tcase_add_test(tc, test_tls_rpt_snippet);
	tcase_add_test(tc, test_bimi_details);
	tcase_add_test(tc, test_bimi_org_needs_psl);
	tcase_add_test(tc, test_dane_details);
	tcase_add_test(tc, test_alias_details);
	tcase_add_test(tc, test_records);
	suite_add_tcase(s, tc);

	tc = tcase_create("passes");
	tcase_add_test(tc, test_levels);
	tcase_add_test(tc, test_engine);
	suite_add_tcase(s, tc);

	tc = tcase_create("failures");
	tcase_add_test(tc, test_servfail);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	SRunner *sr;
	int failed;

	snprintf(path, sizeof(path), "%s/tests/data/psl/public_suffix_list.dat",
		 top ? top : ".");
	if (dnsauth_psl_load(path, &psl, NULL) != 0) {
		fprintf(stderr, "cannot load %s\n", path);
		return EXIT_FAILURE;
	}
	zones = load_zones();
	sr = srunner_create(audit_other_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	dnsauth_dns_free(zones);
	dnsauth_psl_free(psl);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
