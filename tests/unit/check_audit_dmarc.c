/* SPDX-License-Identifier: MIT */
/*
 * check_audit_dmarc.c - unit tests of the DMARC area of the audit engine
 * (lib/audit_dmarc.c) over the zone source.
 *
 * The fixtures are the dmarc-*.test zones of tests/data/zones (scenario
 * domains and the report receivers dmarc-reports.test and
 * dmarc-wildreports.test); only those files are loaded, so the other
 * areas' fixtures cannot disturb these tests. Every audit gets a fresh
 * zone source, so no answer is cached from an earlier test.
 *
 * Each scenario runs twice:
 *   - through the whole engine (dnsauth_audit_domain, every area), which
 *     is what verify and lint see: the sorted "rule-id:severity" list of
 *     the findings in the DMARC area, plus dns-resolution-failure for
 *     _dmarc names, the record name and both organizational domains;
 *   - through the DMARC area alone, driven like the engine drives it (run,
 *     prefetch what it missed, run again), with dkim_key_found and
 *     spf_authorizes (the facts of the earlier areas) set as the
 *     zones say: the same findings, the exact number of passes the area
 *     needs (discovery, the whole tree walk included, in one round trip;
 *     the report destinations in one more), and dmarc_enforced.
 * A scenario's zone has a DKIM key at default._domainkey.<domain> exactly
 * when its "auth" has DKIM, and an SPF record authorizing hosts exactly
 * when it has SPF, so the real DKIM area (which probes the common
 * selectors, "default" among them) and SPF area agree with the second run.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_testutil.h"
#include "audit.h"
#include "audit_int.h"
#include "buf.h"
#include "dns.h"
#include "error.h"
#include "finding.h"
#include "psl.h"
#include "rules.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* expected findings */
#define MISS "dmarc-missing:error"
#define MISSW "dmarc-missing:warning"
#define MULT "dmarc-multiple-records:error"
#define WRONG "dmarc-wrong-owner:error"
#define VER "dmarc-version-invalid:error"
#define MON "dmarc-monitoring-only:info"
#define REM "dmarc-removed-tag:warning"
#define REMI "dmarc-removed-tag:info"
#define RUAM "dmarc-rua-missing:warning"
#define EXT "dmarc-external-rua-unauthorized:warning"
#define UND "dmarc-rua-undeliverable:warning"
#define RSO "dmarc-reject-spf-only:warning"
#define PSDE "dmarc-psd-misuse:error"
#define PSDI "dmarc-psd-misuse:info"
#define DIV "dmarc-orgdomain-divergence:warning"
#define DNSF "dns-resolution-failure:error"

#define DEEP "a.b.c.d.e.f.g.h.i.dmarc-deep.test"

enum { NO_PSL, TEST_PSL, PRIVATE_PSL };

/* what the SPF and DKIM areas find (struct scase.auth) */
#define SPF 1u
#define DKIM 2u

/* A PSL in which dmarc-private.test is a (private) public suffix, as
 * github.io is in the real list. */
static const char private_psl[] = "test\ndmarc-private.test\n";

static char psl_path[4096];
static struct dnsauth_psl *psl_test, *psl_private;

/* ------------------------------------------------------------ helpers */

static bool my_zone_file(const char *n)
{
	size_t len = strlen(n);

	return strncmp(n, "dmarc-", 6) == 0 && len > 10 &&
	       strcmp(n + len - 10, ".test.zone") == 0;
}

/* A fresh zone source over this area's fixture files. */
static struct dnsauth_dns *new_dns(void)
{
	return tu_zone_source(my_zone_file, 20);
}

static void setup(void)
{
	struct dnsauth_buf err;
	int rc;

	dnsauth_buf_init(&err, 4096);
	rc = dnsauth_psl_load(psl_path, &psl_test, &err);
	ck_assert_msg(rc == 0, "PSL does not load: %s", dnsauth_buf_str(&err));
	dnsauth_buf_free(&err);
	rc = dnsauth_psl_parse(private_psl, strlen(private_psl), &psl_private);
	ck_assert_int_eq(rc, 0);
}

static void teardown(void)
{
	dnsauth_psl_free(psl_test);
	dnsauth_psl_free(psl_private);
	psl_test = psl_private = NULL;
}

static const struct dnsauth_psl *psl_of(int which)
{
	return which == TEST_PSL ? psl_test : which == PRIVATE_PSL ? psl_private : NULL;
}

/* A finding this area is responsible for. */
static bool in_area(const struct dnsauth_finding *f)
{
	if (f->rule == DNSAUTH_R_DNS_RESOLUTION_FAILURE)
		return f->name && strstr(f->name, "_dmarc") != NULL;
	return dnsauth_rule_get(f->rule)->area == DNSAUTH_AREA_DMARC;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The sorted "rule-id:severity" list of the area's findings. */
static char *area_findings(const struct dnsauth_audit *a)
{
	const char *v[256];
	char *keys[256];
	struct dnsauth_buf b;
	size_t n = 0, i;
	char *r;

	for (i = 0; i < a->findings.n; i++) {
		const struct dnsauth_finding *f = &a->findings.v[i];

		if (!in_area(f))
			continue;
		ck_assert_uint_lt(n, NELEM(keys));
		ck_assert_int_ge(asprintf(&keys[n], "%s:%s", dnsauth_rule_get(f->rule)->id,
					  dnsauth_severity_name(f->severity)), 0);
		v[n] = keys[n];
		n++;
	}
	qsort(v, n, sizeof(v[0]), cmp_str);
	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, "");
	for (i = 0; i < n; i++)
		dnsauth_buf_printf(&b, "%s%s", i ? "," : "", v[i]);
	for (i = 0; i < n; i++)
		free(keys[i]);
	r = dnsauth_buf_steal(&b);
	ck_assert_ptr_nonnull(r);
	return r;
}

/* Every message of the area's findings, for failure output. */
static char *area_messages(const struct dnsauth_audit *a)
{
	struct dnsauth_buf b;
	size_t i;
	char *r;

	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, "");
	for (i = 0; i < a->findings.n; i++) {
		const struct dnsauth_finding *f = &a->findings.v[i];

		if (!in_area(f))
			continue;
		dnsauth_buf_printf(&b, "\n    [%s] %s: %s", dnsauth_rule_get(f->rule)->id,
				   f->name ? f->name : "-", f->message);
	}
	r = dnsauth_buf_steal(&b);
	ck_assert_ptr_nonnull(r);
	return r;
}

static void opts_init(struct dnsauth_audit_opts *o, int psl, bool non_sending)
{
	memset(o, 0, sizeof(*o));
	o->psl = psl_of(psl);
	o->non_sending = non_sending;
}

/* The whole engine, every area. */
static struct dnsauth_audit *audit(struct dnsauth_dns *dns, const char *domain,
				   int psl, bool non_sending)
{
	struct dnsauth_audit_opts o;
	struct dnsauth_audit *a = NULL;

	opts_init(&o, psl, non_sending);
	ck_assert_int_eq(dnsauth_audit_domain(dns, domain, &o, &a), 0);
	ck_assert_ptr_nonnull(a);
	return a;
}

static void missing_clear(struct audit_ctx *c)
{
	size_t i;

	for (i = 0; i < c->nmissing; i++)
		free(c->missing_names[i]);
	c->nmissing = 0;
}

/* What audit_dmarc_run fills, cleared before each pass. */
static void result_clear(struct dnsauth_audit *a)
{
	size_t i;

	dnsauth_findings_clear(&a->findings);
	dnsauth_findings_init(&a->findings);
	for (i = 0; i < a->nrecords; i++) {
		free(a->records[i].name);
		free(a->records[i].type);
		free(a->records[i].value);
	}
	free(a->records);
	a->records = NULL;
	a->nrecords = 0;
	free(a->dmarc_name);
	free(a->org_domain_psl);
	free(a->org_domain_walk);
	a->dmarc_name = a->org_domain_psl = a->org_domain_walk = NULL;
}

/* The DMARC area alone, driven as the engine drives the areas; at most
 * max_passes passes (then c->nmissing may be non-zero). */
struct solo {
	struct dnsauth_audit *a;
	struct audit_ctx c;
	struct dnsauth_audit_opts o;
};

static void solo_run(struct solo *s, struct dnsauth_dns *dns, const char *domain,
		     int psl, bool non_sending, unsigned auth, unsigned max_passes)
{
	unsigned pass;

	memset(s, 0, sizeof(*s));
	opts_init(&s->o, psl, non_sending);
	s->a = calloc(1, sizeof(*s->a));
	ck_assert_ptr_nonnull(s->a);
	s->a->domain = strdup(domain);
	ck_assert_ptr_nonnull(s->a->domain);
	dnsauth_findings_init(&s->a->findings);
	s->c.dns = dns;
	s->c.o = &s->o;
	s->c.a = s->a;
	s->c.domain = s->a->domain;
	for (pass = 1; pass <= max_passes; pass++) {
		result_clear(s->a);
		missing_clear(&s->c);
		s->c.incomplete = false;
		s->c.dkim_key_found = (auth & DKIM) != 0;
		s->c.spf_authorizes = (auth & SPF) != 0;
		s->c.dmarc_enforced = false;
		s->a->passes = pass;
		audit_dmarc_run(&s->c);
		ck_assert_int_eq(s->c.oom, 0);
		ck_assert_int_eq(audit_collect(&s->c), 0);
		if (s->c.nmissing == 0 || pass == max_passes)
			break;
		ck_assert_int_eq(dnsauth_dns_prefetch(dns, s->c.missing, s->c.nmissing), 0);
	}
}

static void solo_free(struct solo *s)
{
	missing_clear(&s->c);
	audit_ctx_release(&s->c);
	free(s->c.missing);
	free(s->c.missing_names);
	dnsauth_audit_free(s->a);
}

static void assert_str_or_null(const char *what, const char *got, const char *want)
{
	if (!want)
		ck_assert_msg(got == NULL, "%s: got '%s', want none", what, got);
	else
		ck_assert_msg(got && strcmp(got, want) == 0, "%s: got '%s', want '%s'",
			      what, got ? got : "(null)", want);
}

static const struct dnsauth_finding *find(const struct dnsauth_audit *a,
					  enum dnsauth_rule_id rule, size_t nth)
{
	size_t i;

	for (i = 0; i < a->findings.n; i++)
		if (a->findings.v[i].rule == rule && nth-- == 0)
			return &a->findings.v[i];
	return NULL;
}

static bool has_record(const struct dnsauth_audit *a, const char *name, const char *value)
{
	size_t i;

	for (i = 0; i < a->nrecords; i++)
		if (strcmp(a->records[i].name, name) == 0 &&
		    strcmp(a->records[i].type, "TXT") == 0 &&
		    strcmp(a->records[i].value, value) == 0)
			return true;
	return false;
}

/* ----------------------------------------------------------- scenarios */

struct scase {
	const char *domain;
	int psl;                /* NO_PSL, TEST_PSL or PRIVATE_PSL */
	bool non_sending;
	unsigned auth;          /* SPF: its SPF authorizes hosts; DKIM: the
	                           zone has default._domainkey.<domain> */
	const char *want;       /* sorted area findings */
	const char *dmarc_name;
	const char *org_psl;
	const char *org_walk;
	bool enforced;          /* c->dmarc_enforced */
	unsigned passes;        /* passes of the DMARC area alone */
};

static const struct scase cases[] = {
	/* clean: reports to itself (same org), so one pass for the walk and
	 * one for the report address's MX */
	{ "dmarc-clean.test", TEST_PSL, false, SPF | DKIM, "",
	  "_dmarc.dmarc-clean.test", "dmarc-clean.test", "dmarc-clean.test", true, 3 },
	{ "dmarc-clean.test", NO_PSL, false, SPF | DKIM, "",
	  "_dmarc.dmarc-clean.test", NULL, "dmarc-clean.test", true, 3 },

	/* dmarc-missing: error when sending, warning when not */
	{ "dmarc-missing.test", TEST_PSL, false, SPF, MISS,
	  NULL, "dmarc-missing.test", "dmarc-missing.test", false, 2 },
	{ "dmarc-missing.test", NO_PSL, false, SPF, MISS,
	  NULL, NULL, "dmarc-missing.test", false, 2 },
	{ "dmarc-missing.test", TEST_PSL, true, SPF, MISSW,
	  NULL, "dmarc-missing.test", "dmarc-missing.test", false, 2 },

	/* multiple records: discarded; nothing above */
	{ "dmarc-multiple.test", TEST_PSL, false, SPF | DKIM, MISS "," MULT,
	  NULL, "dmarc-multiple.test", "dmarc-multiple.test", false, 2 },
	/* multiple records at a subdomain: RFC 9989 walks on to the parent,
	 * RFC 7489 receivers stop (the warning, with a PSL only) */
	{ "mail.dmarc-multisub.test", TEST_PSL, false, 0, MISSW "," MULT,
	  "_dmarc.dmarc-multisub.test", "dmarc-multisub.test", "dmarc-multisub.test",
	  true, 3 },
	{ "mail.dmarc-multisub.test", NO_PSL, false, 0, MULT,
	  "_dmarc.dmarc-multisub.test", NULL, "dmarc-multisub.test", true, 3 },

	/* policy only at the parent: sp for existing subdomains, np for
	 * non-existent ones */
	{ "shop.dmarc-parent.test", TEST_PSL, false, DKIM, "",
	  "_dmarc.dmarc-parent.test", "dmarc-parent.test", "dmarc-parent.test", true, 3 },
	{ "nokey.dmarc-parent.test", TEST_PSL, false, SPF, RSO,
	  "_dmarc.dmarc-parent.test", "dmarc-parent.test", "dmarc-parent.test", true, 3 },
	{ "ghost.dmarc-parent.test", TEST_PSL, false, 0, "",
	  "_dmarc.dmarc-parent.test", "dmarc-parent.test", "dmarc-parent.test", true, 3 },

	/* psd=n: stops the walk, the org domain diverges from the PSL's,
	 * and the parent has a record (dmarc-psd-misuse, info) */
	{ "mail.dmarc-psdn.test", TEST_PSL, false, 0, DIV "," PSDI,
	  "_dmarc.mail.dmarc-psdn.test", "dmarc-psdn.test", "mail.dmarc-psdn.test",
	  true, 3 },
	{ "mail.dmarc-psdn.test", NO_PSL, false, 0, PSDI,
	  "_dmarc.mail.dmarc-psdn.test", NULL, "mail.dmarc-psdn.test", true, 3 },
	{ "a.mail.dmarc-psdn.test", TEST_PSL, false, 0, DIV "," PSDI,
	  "_dmarc.mail.dmarc-psdn.test", "dmarc-psdn.test", "mail.dmarc-psdn.test",
	  true, 3 },

	/* records at the wrong owner */
	{ "dmarc-wrongowner.test", TEST_PSL, false, SPF | DKIM, MISS "," WRONG,
	  NULL, "dmarc-wrongowner.test", "dmarc-wrongowner.test", false, 2 },
	{ "dmarc-dup.test", TEST_PSL, false, SPF | DKIM, MISS "," WRONG,
	  NULL, "dmarc-dup.test", "dmarc-dup.test", false, 2 },

	/* the model's static findings */
	{ "dmarc-static.test", TEST_PSL, false, SPF, MON "," REM "," RUAM,
	  "_dmarc.dmarc-static.test", "dmarc-static.test", "dmarc-static.test", false, 2 },
	{ "dmarc-badversion.test", TEST_PSL, false, SPF, MISS "," VER,
	  NULL, "dmarc-badversion.test", "dmarc-badversion.test", false, 2 },
	/* pct: RFC 7489 receivers sample (the info, with a PSL only) */
	{ "dmarc-pct.test", TEST_PSL, false, SPF | DKIM, REMI "," REM,
	  "_dmarc.dmarc-pct.test", "dmarc-pct.test", "dmarc-pct.test", false, 3 },
	{ "dmarc-pct.test", NO_PSL, false, SPF | DKIM, REM,
	  "_dmarc.dmarc-pct.test", NULL, "dmarc-pct.test", false, 3 },

	/* external report destinations: by the PSL, or by the tree walk */
	{ "dmarc-ext-ok.test", TEST_PSL, false, SPF, "",
	  "_dmarc.dmarc-ext-ok.test", "dmarc-ext-ok.test", "dmarc-ext-ok.test", true, 3 },
	{ "dmarc-ext-ok.test", NO_PSL, false, SPF, "",
	  "_dmarc.dmarc-ext-ok.test", NULL, "dmarc-ext-ok.test", true, 3 },
	{ "dmarc-ext-unauth.test", TEST_PSL, false, SPF, EXT,
	  "_dmarc.dmarc-ext-unauth.test", "dmarc-ext-unauth.test", "dmarc-ext-unauth.test",
	  true, 3 },
	{ "dmarc-ext-unauth.test", NO_PSL, false, SPF, EXT,
	  "_dmarc.dmarc-ext-unauth.test", NULL, "dmarc-ext-unauth.test", true, 3 },
	{ "dmarc-ext-redirect.test", TEST_PSL, false, SPF, EXT,
	  "_dmarc.dmarc-ext-redirect.test", "dmarc-ext-redirect.test",
	  "dmarc-ext-redirect.test", true, 3 },

	/* report addresses: NXDOMAIN, null MX, no address (A only is fine) */
	{ "dmarc-rua-bad.test", TEST_PSL, false, SPF, UND "," UND "," UND,
	  "_dmarc.dmarc-rua-bad.test", "dmarc-rua-bad.test", "dmarc-rua-bad.test", true, 3 },
	{ "dmarc-rua-bad.test", NO_PSL, false, SPF, UND "," UND "," UND,
	  "_dmarc.dmarc-rua-bad.test", NULL, "dmarc-rua-bad.test", true, 3 },

	/* p=reject with SPF and without DKIM; a parked domain is fine that way */
	{ "dmarc-reject-nodkim.test", TEST_PSL, false, SPF, RSO,
	  "_dmarc.dmarc-reject-nodkim.test", "dmarc-reject-nodkim.test",
	  "dmarc-reject-nodkim.test", true, 3 },
	{ "dmarc-parked.test", TEST_PSL, true, 0, RUAM,
	  "_dmarc.dmarc-parked.test", "dmarc-parked.test", "dmarc-parked.test", true, 2 },
	/* not declared non-sending, but SPF -all and no DKIM: nothing to
	 * rely on, so not "SPF only" */
	{ "dmarc-parked.test", TEST_PSL, false, 0, RUAM,
	  "_dmarc.dmarc-parked.test", "dmarc-parked.test", "dmarc-parked.test", true, 2 },

	/* a failed _dmarc lookup is not a missing record */
	{ "dmarc-dnsfail.test", TEST_PSL, false, SPF, DNSF,
	  NULL, "dmarc-dnsfail.test", NULL, false, 2 },

	/* a private PSL entry: the parent's policy is a public-suffix policy
	 * for the PSL, the org domain for the walk */
	{ "shop.dmarc-private.test", PRIVATE_PSL, false, DKIM, MISS "," DIV,
	  "_dmarc.dmarc-private.test", "shop.dmarc-private.test", "dmarc-private.test",
	  false, 2 },
	{ "shop.dmarc-private.test", TEST_PSL, false, DKIM, "",
	  "_dmarc.dmarc-private.test", "dmarc-private.test", "dmarc-private.test",
	  true, 3 },

	/* 11 labels: the walk skips to 7 labels (the decoy record at
	 * _dmarc.b.c.d.e.f.g.h.i.dmarc-deep.test is not seen); no rua, so the
	 * whole walk is one round trip */
	{ DEEP, TEST_PSL, false, 0, RUAM,
	  "_dmarc.dmarc-deep.test", "dmarc-deep.test", "dmarc-deep.test", true, 2 },
	{ DEEP, NO_PSL, false, 0, RUAM,
	  "_dmarc.dmarc-deep.test", NULL, "dmarc-deep.test", true, 2 },

	/* psd=y: misuse on a registrable domain (needs the PSL); below it,
	 * a PSD policy only (dmarc-missing) and the walk's org domain is the
	 * name one label below the PSD */
	{ "dmarc-psdy.test", TEST_PSL, false, SPF, PSDE,
	  "_dmarc.dmarc-psdy.test", "dmarc-psdy.test", "dmarc-psdy.test", true, 3 },
	{ "dmarc-psdy.test", NO_PSL, false, SPF, "",
	  "_dmarc.dmarc-psdy.test", NULL, "dmarc-psdy.test", true, 3 },
	{ "sub.dmarc-psdy.test", TEST_PSL, false, 0, MISS "," DIV,
	  "_dmarc.dmarc-psdy.test", "dmarc-psdy.test", "sub.dmarc-psdy.test", false, 2 },
	{ "sub.dmarc-psdy.test", NO_PSL, false, 0, MISS,
	  "_dmarc.dmarc-psdy.test", NULL, "sub.dmarc-psdy.test", false, 2 },
};

static void check_case(const struct scase *k, const struct dnsauth_audit *a,
		       const char *how)
{
	char *got = area_findings(a), *msgs = area_messages(a);

	ck_assert_msg(strcmp(got, k->want) == 0, "%s %s (psl %d): got '%s', want '%s'%s",
		      how, k->domain, k->psl, got, k->want, msgs);
	assert_str_or_null("dmarc_name", a->dmarc_name, k->dmarc_name);
	assert_str_or_null("org_domain_psl", a->org_domain_psl, k->org_psl);
	assert_str_or_null("org_domain_walk", a->org_domain_walk, k->org_walk);
	free(got);
	free(msgs);
}

START_TEST(test_engine)
{
	const struct scase *k = &cases[_i];
	struct dnsauth_dns *dns = new_dns();
	struct dnsauth_audit *a = audit(dns, k->domain, k->psl, k->non_sending);

	/* the passes are shared with the other areas (the MX area may ask
	 * for a report domain's MX first): the exact count is test_solo's */
	check_case(k, a, "engine");
	dnsauth_audit_free(a);
	dnsauth_dns_free(dns);
}
END_TEST

START_TEST(test_solo)
{
	const struct scase *k = &cases[_i];
	struct dnsauth_dns *dns = new_dns();
	struct solo s;

	solo_run(&s, dns, k->domain, k->psl, k->non_sending, k->auth, 10);
	ck_assert_uint_eq(s.c.nmissing, 0);
	check_case(k, s.a, "solo");
	ck_assert_msg(s.a->passes == k->passes, "%s: %u passes, want %u", k->domain,
		      s.a->passes, k->passes);
	ck_assert_msg(s.c.dmarc_enforced == k->enforced, "%s: dmarc_enforced %d",
		      k->domain, s.c.dmarc_enforced);
	solo_free(&s);
	dnsauth_dns_free(dns);
}
END_TEST

/* ------------------------------------------------------------ the walk */

/* The first pass names every discovery question at once: the whole RFC
 * 9989 walk with the label-count rule down to _dmarc.<TLD>, the apex TXT
 * and _dmarc.<domain>.<domain>. */
START_TEST(test_walk_names)
{
	static const char *const want[] = {
		"_dmarc." DEEP " TXT",
		"_dmarc." DEEP "." DEEP " TXT",
		"_dmarc.dmarc-deep.test TXT",
		"_dmarc.e.f.g.h.i.dmarc-deep.test TXT",
		"_dmarc.f.g.h.i.dmarc-deep.test TXT",
		"_dmarc.g.h.i.dmarc-deep.test TXT",
		"_dmarc.h.i.dmarc-deep.test TXT",
		"_dmarc.i.dmarc-deep.test TXT",
		"_dmarc.test TXT",
		DEEP " TXT",
	};
	struct dnsauth_dns *dns = new_dns();
	const char *got[32];
	char *keys[32];
	struct solo s;
	size_t i;

	solo_run(&s, dns, DEEP, TEST_PSL, false, 0, 1);
	ck_assert_uint_eq(s.c.nmissing, NELEM(want));
	for (i = 0; i < s.c.nmissing; i++) {
		ck_assert_int_ge(asprintf(&keys[i], "%s %s", s.c.missing[i].name,
					  audit_type_name(s.c.missing[i].type)), 0);
		got[i] = keys[i];
	}
	qsort(got, s.c.nmissing, sizeof(got[0]), cmp_str);
	for (i = 0; i < NELEM(want); i++)
		ck_assert_str_eq(got[i], want[i]);
	for (i = 0; i < s.c.nmissing; i++)
		free(keys[i]);
	solo_free(&s);
	dnsauth_dns_free(dns);
}
END_TEST

/* A deep walk costs the engine one round trip, shared with the other
 * areas: the whole audit of a domain with nothing else stays short. */
START_TEST(test_walk_one_pass)
{
	struct dnsauth_dns *dns = new_dns();
	struct dnsauth_audit *a = audit(dns, DEEP, TEST_PSL, false);

	ck_assert_str_eq(a->dmarc_name, "_dmarc.dmarc-deep.test");
	ck_assert_uint_le(a->passes, 3);
	dnsauth_audit_free(a);
	dnsauth_dns_free(dns);
}
END_TEST

/* ------------------------------------------------------------ details */

START_TEST(test_missing_severity)
{
	struct dnsauth_dns *dns = new_dns();
	struct dnsauth_audit *a = audit(dns, "dmarc-missing.test", TEST_PSL, true);
	const struct dnsauth_finding *f = find(a, DNSAUTH_R_DMARC_MISSING, 0);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->severity, DNSAUTH_SEV_WARNING);
	ck_assert_str_eq(f->name, "_dmarc.dmarc-missing.test");
	ck_assert_ptr_nonnull(strstr(f->message, "v=DMARC1; p=reject"));
	dnsauth_audit_free(a);
	dnsauth_dns_free(dns);
}
END_TEST

/* The warning names the exact record the report host must publish. */
START_TEST(test_external_record_named)
{
	struct dnsauth_dns *dns = new_dns();
	struct dnsauth_audit *a = audit(dns, "dmarc-ext-unauth.test", TEST_PSL, false);
	const struct dnsauth_finding *f = find(a, DNSAUTH_R_DMARC_EXTERNAL_RUA_UNAUTHORIZED, 0);

	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->name, "_dmarc.dmarc-ext-unauth.test");
	ck_assert_msg(strstr(f->message,
			     "dmarc-ext-unauth.test._report._dmarc.dmarc-reports.test. TXT \"v=DMARC1\""),
		      "%s", f->message);
	ck_assert_str_eq(f->record, "v=DMARC1; p=quarantine; rua=mailto:agg@dmarc-reports.test");
	ck_assert_uint_eq(f->column, (unsigned)(strstr(f->record, "mailto:") - f->record) + 1);
	dnsauth_audit_free(a);
	dnsauth_dns_free(dns);
}
END_TEST

START_TEST(test_external_records)
{
	struct dnsauth_dns *dns = new_dns();
	struct dnsauth_audit *a = audit(dns, "dmarc-ext-ok.test", TEST_PSL, false);

	ck_assert(has_record(a, "_dmarc.dmarc-ext-ok.test",
			     "v=DMARC1; p=quarantine; rua=mailto:agg@dmarc-reports.test,mailto:agg@dmarc-wildreports.test"));
	ck_assert(has_record(a, "dmarc-ext-ok.test._report._dmarc.dmarc-reports.test",
			     "v=DMARC1"));
	ck_assert(has_record(a, "dmarc-ext-ok.test._report._dmarc.dmarc-wildreports.test",
			     "v=DMARC1") ||
		  has_record(a, "*._report._dmarc.dmarc-wildreports.test", "v=DMARC1"));
	dnsauth_audit_free(a);
	dnsauth_dns_free(dns);
}
END_TEST

/* Each undeliverable address points at its URI. */
START_TEST(test_undeliverable_columns)
{
	static const char *const bad[] = {
		"mailto:a@nx.", "mailto:b@nullmx.", "mailto:c@noaddr.",
	};
	struct dnsauth_dns *dns = new_dns();
	struct dnsauth_audit *a = audit(dns, "dmarc-rua-bad.test", TEST_PSL, false);
	size_t i, k;

	for (i = 0; i < NELEM(bad); i++) {
		bool seen = false;

		for (k = 0; k < 3; k++) {
			const struct dnsauth_finding *f =
				find(a, DNSAUTH_R_DMARC_RUA_UNDELIVERABLE, k);
			const char *at;

			ck_assert_ptr_nonnull(f);
			at = strstr(f->record, bad[i]);
			ck_assert_ptr_nonnull(at);
			if (f->column == (unsigned)(at - f->record) + 1)
				seen = true;
		}
		ck_assert_msg(seen, "no finding at %s", bad[i]);
	}
	dnsauth_audit_free(a);
	dnsauth_dns_free(dns);
}
END_TEST

START_TEST(test_reject_spf_only_subject)
{
	struct dnsauth_dns *dns = new_dns();
	struct dnsauth_audit *a = audit(dns, "nokey.dmarc-parent.test", TEST_PSL, false);
	const struct dnsauth_finding *f = find(a, DNSAUTH_R_DMARC_REJECT_SPF_ONLY, 0);

	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->name, "_dmarc.dmarc-parent.test");
	ck_assert_ptr_nonnull(strstr(f->message, "nokey.dmarc-parent.test"));
	dnsauth_audit_free(a);
	dnsauth_dns_free(dns);
}
END_TEST

START_TEST(test_wrong_owner_subjects)
{
	struct dnsauth_dns *dns = new_dns();
	struct dnsauth_audit *a = audit(dns, "dmarc-dup.test", TEST_PSL, false);
	const struct dnsauth_finding *f = find(a, DNSAUTH_R_DMARC_WRONG_OWNER, 0);

	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->name, "_dmarc.dmarc-dup.test.dmarc-dup.test");
	dnsauth_audit_free(a);
	dnsauth_dns_free(dns);
	dns = new_dns();
	a = audit(dns, "dmarc-wrongowner.test", TEST_PSL, false);
	f = find(a, DNSAUTH_R_DMARC_WRONG_OWNER, 0);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->name, "dmarc-wrongowner.test");
	dnsauth_audit_free(a);
	dnsauth_dns_free(dns);
}
END_TEST

START_TEST(test_dns_failure_not_missing)
{
	struct dnsauth_dns *dns = new_dns();
	struct dnsauth_audit *a = audit(dns, "dmarc-dnsfail.test", TEST_PSL, false);
	const struct dnsauth_finding *f = find(a, DNSAUTH_R_DNS_RESOLUTION_FAILURE, 0);

	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->name, "_dmarc.dmarc-dnsfail.test");
	ck_assert_ptr_null(find(a, DNSAUTH_R_DMARC_MISSING, 0));
	dnsauth_audit_free(a);
	dnsauth_dns_free(dns);
}
END_TEST

/* A domain outside the zone data is not checked: no finding, no name. */
START_TEST(test_outside_skipped)
{
	struct dnsauth_dns *dns = new_dns();
	struct solo s;

	solo_run(&s, dns, "example.org", TEST_PSL, false, 0, 10);
	ck_assert_uint_eq(s.c.nmissing, 0);
	ck_assert_uint_eq(s.a->findings.n, 0);
	ck_assert_ptr_null(s.a->dmarc_name);
	ck_assert_ptr_null(s.a->org_domain_walk);
	ck_assert_str_eq(s.a->org_domain_psl, "example.org");
	solo_free(&s);
	dnsauth_dns_free(dns);
}
END_TEST

/* A records source (what the linter builds from a file) with one
 * complete zone at \p origin holding \p rrs. */
static struct dnsauth_dns *records_source(const char *origin, const char *const *rrs)
{
	struct dnsauth_dns *dns = NULL;
	size_t i;

	ck_assert_int_eq(dnsauth_dns_new_records(&dns), 0);
	ck_assert_int_eq(dnsauth_dns_records_zone(dns, origin, true), 0);
	for (i = 0; rrs[i]; i++) {
		ldns_rr *rr = NULL;

		ck_assert_int_eq(ldns_rr_new_frm_str(&rr, rrs[i], 3600, NULL, NULL),
				 LDNS_STATUS_OK);
		ck_assert_int_eq(dnsauth_dns_records_add(dns, rr), 0);
		ldns_rr_free(rr);
	}
	return dns;
}

struct parent_case {
	const char *dmarc;      /* the TXT at _dmarc.mail.dmarc-out.test, or NULL */
	const char *want;
	const char *dmarc_name;
	const char *org_walk;
};

/* The zone of a subdomain alone (a second zone in a file, or the file of
 * a delegated zone): _dmarc.<org domain> is outside the data, so neither
 * discovery nor the tree walk can go past it. No dmarc-missing and no
 * dmarc-orgdomain-divergence from a level that was not checked; a psd=n
 * record, which stops the walk below it, still diverges. */
static const struct parent_case parent_cases[] = {
	{ NULL, "", NULL, NULL },
	{ "v=DMARC1; p=reject; rua=mailto:d@mail.dmarc-out.test", "",
	  "_dmarc.mail.dmarc-out.test", NULL },
	{ "v=DMARC1; p=reject; psd=n; rua=mailto:d@mail.dmarc-out.test", DIV,
	  "_dmarc.mail.dmarc-out.test", "mail.dmarc-out.test" },
};

START_TEST(test_parent_outside)
{
	const struct parent_case *k = &parent_cases[_i];
	const char *rrs[8] = {
		"mail.dmarc-out.test. SOA ns.mail.dmarc-out.test. h.mail.dmarc-out.test. "
		"1 3600 600 86400 300",
		"mail.dmarc-out.test. MX 10 mx.mail.dmarc-out.test.",
		"mx.mail.dmarc-out.test. A 192.0.2.25",
		NULL, NULL,
	};
	char txt[256];
	struct dnsauth_dns *dns;
	struct dnsauth_audit *a;
	char *got, *msgs;

	if (k->dmarc) {
		snprintf(txt, sizeof(txt), "_dmarc.mail.dmarc-out.test. TXT \"%s\"", k->dmarc);
		rrs[3] = txt;
	}
	dns = records_source("mail.dmarc-out.test", rrs);
	a = audit(dns, "mail.dmarc-out.test", TEST_PSL, false);
	got = area_findings(a);
	msgs = area_messages(a);
	ck_assert_msg(strcmp(got, k->want) == 0, "case %d: got '%s', want '%s'%s", _i, got,
		      k->want, msgs);
	assert_str_or_null("dmarc_name", a->dmarc_name, k->dmarc_name);
	assert_str_or_null("org_domain_psl", a->org_domain_psl, "dmarc-out.test");
	assert_str_or_null("org_domain_walk", a->org_domain_walk, k->org_walk);
	free(got);
	free(msgs);
	dnsauth_audit_free(a);
	dnsauth_dns_free(dns);
}
END_TEST

static Suite *audit_dmarc_suite(void)
{
	Suite *s = suite_create("audit_dmarc");
	TCase *tc;

	tc = tcase_create("scenarios");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_engine, 0, (int)NELEM(cases));
	tcase_add_loop_test(tc, test_solo, 0, (int)NELEM(cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("walk");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_walk_names);
	tcase_add_test(tc, test_walk_one_pass);
	suite_add_tcase(s, tc);

	tc = tcase_create("details");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_missing_severity);
	tcase_add_test(tc, test_external_record_named);
	tcase_add_test(tc, test_external_records);
	tcase_add_test(tc, test_undeliverable_columns);
	tcase_add_test(tc, test_reject_spf_only_subject);
	tcase_add_test(tc, test_wrong_owner_subjects);
	tcase_add_test(tc, test_dns_failure_not_missing);
	tcase_add_test(tc, test_outside_skipped);
	tcase_add_loop_test(tc, test_parent_outside, 0, (int)NELEM(parent_cases));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	const char *top = getenv("top_srcdir");
	SRunner *sr;
	int failed;

	if (!top)
		top = ".";
	snprintf(psl_path, sizeof(psl_path), "%s/tests/data/psl/public_suffix_list.dat", top);
	sr = srunner_create(audit_dmarc_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
