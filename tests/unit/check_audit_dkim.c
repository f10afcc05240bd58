/* SPDX-License-Identifier: MIT */
/*
 * check_audit_dkim.c - unit tests of the DKIM area of the audit engine
 * (lib/audit_dkim.c) over the zone source: the rules of rules.md §6.3 per
 * scenario zone (tests/data/zones/dkim-*.zone, keys generated once with
 * dkimgen and openssl: RSA 2048, 1024, 512 and Ed25519), the findings
 * about the DNS (dangling CNAMEs, the Microsoft 365 pair, given selectors
 * that do not exist), dkim_key_found, the records, the cost of the
 * selector probes (one pass), and failed lookups, served SERVFAIL by a
 * responder on loopback through the live source.
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
#include "audit_testutil.h"
#include "responder.h"
#include "rules.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_PASSES 10u

static struct dnsauth_dns *zones; /* loaded once in main(), before the forks */

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
	bool dkim_key_found;
};

/* Run the DKIM area as the engine runs it: again and again, prefetching
 * what each pass missed, until a pass misses nothing. */
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
		c.dkim_key_found = false;
		audit_dkim_run(&c);
		ck_assert_int_eq(c.oom, 0);
		ck_assert_int_eq(audit_collect(&c), 0);
		if (pass == 1)
			out->first_missing = c.nmissing;
		if (c.nmissing == 0) {
			ck_assert(!c.incomplete);
			out->a = a;
			out->passes = pass;
			out->dkim_key_found = c.dkim_key_found;
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

	return rule->area == DNSAUTH_AREA_DKIM || r == DNSAUTH_R_DNS_RESOLUTION_FAILURE ||
	       r == DNSAUTH_R_ADDR_DANGLING_ALIAS;
}


/* ------------------------------------------------------- the scenarios */

struct scenario {
	const char *domain;
	const char *selectors[4];     /* --selector, NULL-terminated */
	bool no_probe;
	bool non_sending;
	const char *want;             /* tu_rule_set() of the findings in scope */
	bool key;                     /* dkim_key_found */
};

static const struct scenario scenarios[] = {
	{ "dkim-clean.test", { NULL }, false, false, "", true },
	{ "dkim-clean.test", { "google", NULL }, true, false, "", true },
	{ "dkim-clean.test", { "GOOGLE", NULL }, false, false, "", true },
	/* a given selector that does not exist */
	{ "dkim-clean.test", { "nosuch", NULL }, false, false, "dkim-no-key-found:warning", true },
	{ "dkim-clean.test", { "nosuch", NULL }, true, false, "dkim-no-key-found:warning", false },
	{ "dkim-clean.test", { "nosuch", "gone", NULL }, true, false,
	  "dkim-no-key-found:warning,dkim-no-key-found:warning", false },
	/* one that makes no valid name */
	{ "dkim-clean.test", { "bad selector", NULL }, false, false, "dkim-no-key-found:warning", true },
	/* nothing to check: no probes, no selectors */
	{ "dkim-none.test", { NULL }, true, false, "", false },
	{ "dkim-none.test", { NULL }, false, false, "dkim-no-key-found:warning", false },
	{ "dkim-none.test", { NULL }, false, true, "", false },
	{ "dkim-weak.test", { NULL }, false, false, "dkim-key-weak:warning", true },
	{ "dkim-short.test", { NULL }, false, false,
	  "dkim-key-too-short:error,dkim-no-key-found:warning", false },
	{ "dkim-short.test", { NULL }, false, true, "dkim-key-too-short:error", false },
	/* Ed25519 beside RSA: the domain can dual-sign, no advice to */
	{ "dkim-ed25519.test", { NULL }, false, false, "", true },
	/* only the Ed25519 selector checked: no RSA key seen, the note */
	{ "dkim-ed25519.test", { "k1", NULL }, true, false, "dkim-key-unusable:info", true },
	/* Ed25519 alone: the note (not all verifiers support it) */
	{ "dkim-ed25519-only.test", { NULL }, false, false, "dkim-key-unusable:info", true },
	/* a given RSA selector that is absent does not silence it */
	{ "dkim-ed25519-only.test", { "k2", NULL }, false, false,
	  "dkim-key-unusable:info,dkim-no-key-found:warning", true },
	{ "dkim-sha1.test", { NULL }, false, false,
	  "dkim-key-unusable:error,dkim-no-key-found:warning", false },
	{ "dkim-syntax.test", { NULL }, false, false,
	  "dkim-no-key-found:warning,dkim-record-syntax:error", false },
	{ "dkim-version.test", { NULL }, false, false,
	  "dkim-no-key-found:warning,dkim-version-invalid:error", false },
	{ "dkim-multiple.test", { NULL }, false, false, "dkim-multiple-records:error", true },
	/* given: warning; probed plain: info; CNAME to a provider: warning */
	{ "dkim-revoked.test", { "old", NULL }, false, false,
	  "dkim-key-revoked:info,dkim-key-revoked:warning,dkim-key-revoked:warning", true },
	{ "dkim-revoked.test", { NULL }, false, false,
	  "dkim-key-revoked:info,dkim-key-revoked:warning", true },
	/* one note for a wildcard that revokes every key */
	{ "dkim-wildcard.test", { NULL }, false, false,
	  "dkim-key-revoked:info,dkim-no-key-found:warning", false },
	{ "dkim-wildcard.test", { NULL }, false, true, "dkim-key-revoked:info", false },
	{ "dkim-wildcard.test", { "s2026", NULL }, false, true,
	  "dkim-key-revoked:info,dkim-key-revoked:warning", false },
	{ "dkim-dangling.test", { NULL }, false, false,
	  "dkim-dangling-cname:error,dkim-dangling-cname:error", true },
	{ "dkim-m365.test", { NULL }, false, false, "dkim-dangling-cname:error", true },
	{ "dkim-m365half.test", { NULL }, false, false, "dkim-dangling-cname:error", true },
	/* without the probes selector2 is not asked: nothing to pair with */
	{ "dkim-m365half.test", { "selector1", NULL }, true, false, "", true },
	{ "dkim-loop.test", { NULL }, false, false,
	  "dkim-dangling-cname:error,dkim-dangling-cname:error", true },
	/* a CNAME into a zone not loaded: unknown, so no "no key" */
	{ "dkim-outside.test", { NULL }, false, false, "", false },
	/* a domain outside the zones: nothing is known */
	{ "dkim-unloaded.test", { "s1", NULL }, false, false, "", false },
	/* probes ignore a TXT record that is no key record; given, it is checked */
	{ "dkim-junk.test", { NULL }, false, false, "dkim-no-key-found:warning", false },
	{ "dkim-junk.test", { "default", NULL }, true, false,
	  "dkim-no-key-found:warning,dkim-record-syntax:error,dkim-record-syntax:error", false },
};

START_TEST(test_scenarios)
{
	const struct scenario *s = &scenarios[_i];
	struct dnsauth_audit_opts o;
	struct area_run r;
	size_t n = 0;
	char *got;

	memset(&o, 0, sizeof(o));
	while (s->selectors[n])
		n++;
	o.selectors = s->selectors;
	o.nselectors = n;
	o.no_selector_probe = s->no_probe;
	o.non_sending = s->non_sending;
	run_area(zones, s->domain, &o, &r);
	got = tu_rule_set(&r.a->findings, in_scope);
	if (strcmp(got, s->want) != 0 || r.dkim_key_found != s->key)
		tu_dump(r.a);
	ck_assert_msg(strcmp(got, s->want) == 0, "%s (case %d): got \"%s\", want \"%s\"",
		      s->domain, _i, got, s->want);
	ck_assert_msg(r.dkim_key_found == s->key, "%s (case %d): dkim_key_found %d",
		      s->domain, _i, r.dkim_key_found);
	/* every selector is asked in the first pass, so a second ends it */
	ck_assert_uint_le(r.passes, 2);
	free(got);
	dnsauth_audit_free(r.a);
}
END_TEST

/* ---------------------------------------------------- messages, names */

static struct area_run run_default(const char *domain)
{
	struct area_run r;

	run_area(zones, domain, NULL, &r);
	return r;
}

START_TEST(test_dangling_names_target)
{
	struct area_run r = run_default("dkim-dangling.test");
	const struct dnsauth_finding *f1 = tu_nth(r.a, DNSAUTH_R_DKIM_DANGLING_CNAME, 0);
	const struct dnsauth_finding *f2 = tu_nth(r.a, DNSAUTH_R_DKIM_DANGLING_CNAME, 1);

	ck_assert_ptr_nonnull(f1);
	ck_assert_ptr_nonnull(f2);
	/* selectors in probe order: s1 before s2 */
	ck_assert_str_eq(f1->name, "s1._domainkey.dkim-dangling.test");
	ck_assert_ptr_nonnull(strstr(f1->message, "s1.domainkey.u1.dkim-esp.test"));
	ck_assert_ptr_nonnull(strstr(f1->message, "NXDOMAIN"));
	ck_assert_ptr_nonnull(strstr(f1->message, "offboarded"));
	ck_assert_str_eq(f2->name, "s2._domainkey.dkim-dangling.test");
	ck_assert_ptr_nonnull(strstr(f2->message, "empty.dkim-esp.test"));
	ck_assert_ptr_nonnull(strstr(f2->message, "no TXT record"));
	dnsauth_audit_free(r.a);
}
END_TEST

START_TEST(test_m365_rotation)
{
	struct area_run r = run_default("dkim-m365.test");
	const struct dnsauth_finding *f = tu_nth(r.a, DNSAUTH_R_DKIM_DANGLING_CNAME, 0);

	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->name, "selector2._domainkey.dkim-m365.test");
	ck_assert_ptr_nonnull(strstr(f->message,
				     "selector2-dkim-m365-test._domainkey.dkim-m365-tenant.test"));
	ck_assert_ptr_nonnull(strstr(f->message, "selector1' resolves to a key"));
	ck_assert_ptr_nonnull(strstr(f->message, "rotat"));
	/* the CNAME and the key behind it are recorded */
	ck_assert(tu_has_record(r.a, "selector1._domainkey.dkim-m365.test", "CNAME",
			     "selector1-dkim-m365-test._domainkey.dkim-m365-tenant.test"));
	ck_assert(tu_has_record(r.a, "selector1-dkim-m365-test._domainkey.dkim-m365-tenant.test",
			     "TXT", "v=DKIM1; k=rsa; p=MIIBIjAN"));
	dnsauth_audit_free(r.a);

	r = run_default("dkim-m365half.test");
	f = tu_nth(r.a, DNSAUTH_R_DKIM_DANGLING_CNAME, 0);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->name, "selector2._domainkey.dkim-m365half.test");
	ck_assert_ptr_nonnull(strstr(f->message, "'selector2' is not published"));
	ck_assert_ptr_nonnull(strstr(f->message, "rotat"));
	dnsauth_audit_free(r.a);
}
END_TEST

START_TEST(test_loop)
{
	struct area_run r = run_default("dkim-loop.test");
	const struct dnsauth_finding *f = tu_nth(r.a, DNSAUTH_R_DKIM_DANGLING_CNAME, 0);

	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->name, "k2._domainkey.dkim-loop.test");
	ck_assert_ptr_nonnull(strstr(f->message, "CNAME loop"));
	ck_assert_ptr_null(tu_nth(r.a, DNSAUTH_R_DNS_RESOLUTION_FAILURE, 0));
	dnsauth_audit_free(r.a);
}
END_TEST

START_TEST(test_revoked_messages)
{
	static const char *const sel[] = { "old" };
	struct dnsauth_audit_opts o;
	const struct dnsauth_finding *f;
	struct area_run r;
	size_t i, given = 0, cname = 0, probe = 0;

	memset(&o, 0, sizeof(o));
	o.selectors = sel;
	o.nselectors = 1;
	run_area(zones, "dkim-revoked.test", &o, &r);
	for (i = 0, f = tu_nth(r.a, DNSAUTH_R_DKIM_KEY_REVOKED, 0); f;
	     f = tu_nth(r.a, DNSAUTH_R_DKIM_KEY_REVOKED, ++i)) {
		if (strcmp(f->name, "old._domainkey.dkim-revoked.test") == 0) {
			ck_assert_int_eq(f->severity, DNSAUTH_SEV_WARNING);
			ck_assert_str_eq(f->record, "v=DKIM1; p=");
			ck_assert_uint_eq(f->column, 10);
			given++;
		} else if (strcmp(f->name, "k1._domainkey.dkim-revoked.test") == 0) {
			ck_assert_int_eq(f->severity, DNSAUTH_SEV_WARNING);
			ck_assert_ptr_nonnull(strstr(f->message, "CNAME to k1.dkim-esp.test"));
			cname++;
		} else {
			ck_assert_str_eq(f->name, "mail._domainkey.dkim-revoked.test");
			ck_assert_int_eq(f->severity, DNSAUTH_SEV_INFO);
			ck_assert_ptr_nonnull(strstr(f->message, "probed selector mail"));
			probe++;
		}
	}
	ck_assert_uint_eq(given, 1);
	ck_assert_uint_eq(cname, 1);
	ck_assert_uint_eq(probe, 1);
	dnsauth_audit_free(r.a);

	r = run_default("dkim-wildcard.test");
	f = tu_nth(r.a, DNSAUTH_R_DKIM_KEY_REVOKED, 0);
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(strstr(f->message, "wildcard"));
	ck_assert_ptr_null(tu_nth(r.a, DNSAUTH_R_DKIM_KEY_REVOKED, 1));
	dnsauth_audit_free(r.a);
}
END_TEST

START_TEST(test_given_missing_named)
{
	static const char *const sel[] = { "nosuch" };
	struct dnsauth_audit_opts o;
	const struct dnsauth_finding *f;
	struct area_run r;

	memset(&o, 0, sizeof(o));
	o.selectors = sel;
	o.nselectors = 1;
	run_area(zones, "dkim-clean.test", &o, &r);
	f = tu_nth(r.a, DNSAUTH_R_DKIM_NO_KEY_FOUND, 0);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->name, "nosuch._domainkey.dkim-clean.test");
	ck_assert_ptr_nonnull(strstr(f->message, "'nosuch'"));
	ck_assert_ptr_nonnull(strstr(f->message, "NXDOMAIN"));
	ck_assert_int_eq(f->severity, DNSAUTH_SEV_WARNING);
	dnsauth_audit_free(r.a);

	/* the domain-wide finding names what was checked */
	r = run_default("dkim-none.test");
	f = tu_nth(r.a, DNSAUTH_R_DKIM_NO_KEY_FOUND, 0);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->name, "dkim-none.test");
	ck_assert_ptr_nonnull(strstr(f->message, "common selectors"));
	dnsauth_audit_free(r.a);

	/* keys exist but none is usable */
	r = run_default("dkim-short.test");
	f = tu_nth(r.a, DNSAUTH_R_DKIM_NO_KEY_FOUND, 0);
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(strstr(f->message, "none can verify"));
	dnsauth_audit_free(r.a);
}
END_TEST

START_TEST(test_records)
{
	struct area_run r = run_default("dkim-multiple.test");
	size_t i, n = 0;

	for (i = 0; i < r.a->nrecords; i++) {
		ck_assert_str_eq(r.a->records[i].name, "dkim._domainkey.dkim-multiple.test");
		ck_assert_str_eq(r.a->records[i].type, "TXT");
		ck_assert_ptr_nonnull(strstr(r.a->records[i].value, "v=DKIM1; k=rsa; p=MIIB"));
		n++;
	}
	ck_assert_uint_eq(n, 2);
	dnsauth_audit_free(r.a);

	/* a probed TXT record that is no key record is not a DKIM record */
	r = run_default("dkim-junk.test");
	ck_assert_uint_eq(r.a->nrecords, 0);
	dnsauth_audit_free(r.a);
}
END_TEST

/* ------------------------------------------------------- the one pass */

START_TEST(test_probes_one_pass)
{
	static const char *const sel[] = { "extra", "google" };
	const char *const *common = dnsauth_audit_common_selectors();
	struct dnsauth_dns_stats st;
	struct dnsauth_audit_opts o;
	struct dnsauth_dns *dns = load_zones();
	struct area_run r;
	size_t ncommon = 0;

	while (common[ncommon])
		ncommon++;
	ck_assert_uint_ge(ncommon, 30);
	memset(&o, 0, sizeof(o));
	o.selectors = sel;
	o.nselectors = 2;
	run_area(dns, "dkim-m365.test", &o, &r);
	/* "google" is given and common: asked once */
	ck_assert_uint_eq(r.first_missing, ncommon + 1);
	ck_assert_uint_eq(r.passes, 2);
	dnsauth_dns_stats(dns, &st);
	ck_assert_uint_eq(st.round_trips, 1);
	dnsauth_audit_free(r.a);

	/* no probes: only the given selectors */
	o.no_selector_probe = true;
	run_area(dns, "dkim-clean.test", &o, &r);
	ck_assert_uint_eq(r.first_missing, 2);
	ck_assert_uint_eq(r.passes, 2);
	dnsauth_dns_stats(dns, &st);
	ck_assert_uint_eq(st.round_trips, 2);
	dnsauth_audit_free(r.a);
	dnsauth_dns_free(dns);
}
END_TEST

/* The whole engine: DKIM findings and records reach the result, and the
 * probes share the first round trip with the other areas. */
START_TEST(test_engine)
{
	struct dnsauth_dns *dns = load_zones();
	struct dnsauth_audit *a = NULL;
	char *got;

	ck_assert_int_eq(dnsauth_audit_domain(dns, "dkim-m365.test", NULL, &a), 0);
	got = tu_rule_set(&a->findings, in_scope);
	ck_assert_str_eq(got, "dkim-dangling-cname:error");
	ck_assert(tu_has_record(a, "selector1._domainkey.dkim-m365.test", "CNAME", "selector1-"));
	free(got);
	dnsauth_audit_free(a);

	ck_assert_int_eq(dnsauth_audit_domain(dns, "DKIM-Clean.Test.", NULL, &a), 0);
	got = tu_rule_set(&a->findings, in_scope);
	ck_assert_str_eq(got, "");
	ck_assert(tu_has_record(a, "google._domainkey.dkim-clean.test", "TXT", "v=DKIM1"));
	free(got);
	dnsauth_audit_free(a);
	dnsauth_dns_free(dns);
}
END_TEST

/* --------------------------------------------------- failed lookups */

START_TEST(test_servfail)
{
	static const char *const sel[] = { "a1", "a2" };
	const char *const *common = dnsauth_audit_common_selectors();
	struct dnsauth_audit_opts o;
	struct responder rs;
	struct dnsauth_dns *dns;
	const struct dnsauth_finding *f;
	struct area_run r;
	size_t ncommon = 0, i;
	char *got, want[64];

	while (common[ncommon])
		ncommon++;
	responder_start(&rs, LDNS_RCODE_SERVFAIL);
	dns = live_to(&rs);
	memset(&o, 0, sizeof(o));
	o.selectors = sel;
	o.nselectors = 2;
	run_area(dns, "dkim-fail.test", &o, &r);
	/* the two given selectors, and one finding for all the probes; a
	 * failure is never "no key" */
	got = tu_rule_set(&r.a->findings, in_scope);
	ck_assert_str_eq(got, "dns-resolution-failure:error,dns-resolution-failure:error,"
			 "dns-resolution-failure:error");
	ck_assert_str_eq(tu_nth(r.a, DNSAUTH_R_DNS_RESOLUTION_FAILURE, 0)->name,
			 "a1._domainkey.dkim-fail.test");
	ck_assert_str_eq(tu_nth(r.a, DNSAUTH_R_DNS_RESOLUTION_FAILURE, 1)->name,
			 "a2._domainkey.dkim-fail.test");
	f = tu_nth(r.a, DNSAUTH_R_DNS_RESOLUTION_FAILURE, 2);
	snprintf(want, sizeof(want), "at %zu of %zu probed selectors", ncommon, ncommon);
	ck_assert_ptr_nonnull(strstr(f->message, want));
	ck_assert_ptr_nonnull(strstr(f->message, "servfail"));
	ck_assert_ptr_nonnull(strstr(f->message, " more"));
	for (i = 0; i < r.a->findings.n; i++)
		ck_assert_int_ne(r.a->findings.v[i].rule, DNSAUTH_R_DKIM_NO_KEY_FOUND);
	free(got);
	dnsauth_audit_free(r.a);
	dnsauth_dns_free(dns);
	responder_stop(&rs);
}
END_TEST

/* --------------------------------------------------------------- main */

static Suite *audit_dkim_suite(void)
{
	Suite *s = suite_create("audit_dkim");
	TCase *tc;

	tc = tcase_create("scenarios");
	tcase_add_loop_test(tc, test_scenarios, 0, (int)NELEM(scenarios));
	suite_add_tcase(s, tc);

	tc = tcase_create("findings");
	tcase_add_test(tc, test_dangling_names_target);
	tcase_add_test(tc, test_m365_rotation);
	tcase_add_test(tc, test_loop);
	tcase_add_test(tc, test_revoked_messages);
	tcase_add_test(tc, test_given_missing_named);
	tcase_add_test(tc, test_records);
	suite_add_tcase(s, tc);

	tc = tcase_create("passes");
	tcase_add_test(tc, test_probes_one_pass);
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
	SRunner *sr;
	int failed;

	zones = load_zones();
	sr = srunner_create(audit_dkim_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	dnsauth_dns_free(zones);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
