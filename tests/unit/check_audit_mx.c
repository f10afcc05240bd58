/* SPDX-License-Identifier: MIT */
/*
 * check_audit_mx.c - unit tests of the MX, address and reverse-DNS area
 * of the audit engine (lib/audit_mx.c) over the zone source.
 *
 * The fixtures are the mx-*.test and ptr-*.test zones of tests/data/zones
 * and the reverse zones of the documentation ranges; only those files are
 * loaded, so the other areas' fixtures cannot disturb these tests. Each
 * test audits one domain and compares the sorted, distinct rule ids of
 * the findings in the MX and PTR areas ("id,id,..."), then the severities
 * and subjects that matter.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_testutil.h"
#include "audit.h"
#include "buf.h"
#include "dns.h"
#include "finding.h"
#include "rules.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static struct dnsauth_dns *dns;

/* ------------------------------------------------------------ helpers */

static bool my_zone_file(const char *n)
{
	static const char *const rev[] = {
		"2.0.192.in-addr.arpa.zone",
		"100.51.198.in-addr.arpa.zone",
		"113.0.203.in-addr.arpa.zone",
		"8.b.d.0.1.0.0.2.ip6.arpa.zone",
	};
	size_t len = strlen(n), i;

	for (i = 0; i < NELEM(rev); i++)
		if (strcmp(n, rev[i]) == 0)
			return true;
	return len > 10 && strcmp(n + len - 10, ".test.zone") == 0 &&
	       (strncmp(n, "mx-", 3) == 0 || strncmp(n, "ptr-", 4) == 0);
}

/* The zone source over this area's fixture files. */
static void setup(void)
{
	dns = tu_zone_source(my_zone_file, 20);
}

static void teardown(void)
{
	dnsauth_dns_free(dns);
	dns = NULL;
}

struct run {
	const char *ips[8];
	const char *helo;
};

static struct dnsauth_audit *audit(const char *domain, const struct run *r)
{
	struct dnsauth_audit_opts o;
	struct dnsauth_audit *a = NULL;
	size_t n = 0;

	memset(&o, 0, sizeof(o));
	o.no_selector_probe = true;
	o.documentation_addresses_ok = true; /* the test zones use them */
	if (r) {
		while (n < NELEM(r->ips) && r->ips[n])
			n++;
		o.ips = r->ips;
		o.nips = n;
		o.helo = r->helo;
	}
	ck_assert_int_eq(dnsauth_audit_domain(dns, domain, &o, &a), 0);
	ck_assert_ptr_nonnull(a);
	return a;
}

static bool in_area(const struct dnsauth_finding *f)
{
	enum dnsauth_area area = dnsauth_rule_get(f->rule)->area;

	return area == DNSAUTH_AREA_MX || area == DNSAUTH_AREA_PTR;
}

/* Number of findings in the MX and PTR areas (the other areas run too). */
static size_t mine(const struct dnsauth_audit *a)
{
	size_t i, n = 0;

	for (i = 0; i < a->findings.n; i++)
		if (in_area(&a->findings.v[i]))
			n++;
	return n;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Sorted distinct rule ids of the MX and PTR findings, "a,b"; static. */
static const char *ids(const struct dnsauth_audit *a)
{
	static char out[2048];
	const char *v[256];
	size_t n = 0, i;

	for (i = 0; i < a->findings.n && n < NELEM(v); i++)
		if (in_area(&a->findings.v[i]))
			v[n++] = dnsauth_rule_get(a->findings.v[i].rule)->id;
	qsort(v, n, sizeof(v[0]), cmp_str);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i && strcmp(v[i], v[i - 1]) == 0)
			continue;
		if (*out)
			strcat(out, ",");
		strcat(out, v[i]);
	}
	return out;
}

/* Every finding, one per line, for failure messages; static. */
static const char *all(const struct dnsauth_audit *a)
{
	static char out[16384];
	size_t i, used = 0;

	out[0] = '\0';
	for (i = 0; i < a->findings.n && used < sizeof(out); i++) {
		const struct dnsauth_finding *f = &a->findings.v[i];
		int k = snprintf(out + used, sizeof(out) - used, "\n  %s %s [%s] %s",
				 dnsauth_severity_name(f->severity), f->name ? f->name : "-",
				 dnsauth_rule_get(f->rule)->id, f->message);

		if (k < 0)
			break;
		used += (size_t)k;
	}
	return out;
}

/* Findings of a rule (with severity sev, or any if NONE). */
static size_t count(const struct dnsauth_audit *a, const char *id, enum dnsauth_severity sev)
{
	size_t i, n = 0;

	for (i = 0; i < a->findings.n; i++) {
		const struct dnsauth_finding *f = &a->findings.v[i];

		if (strcmp(dnsauth_rule_get(f->rule)->id, id) == 0 &&
		    (sev == DNSAUTH_SEV_NONE || f->severity == sev))
			n++;
	}
	return n;
}

/* The finding of a rule about a subject name, or NULL. */
static const struct dnsauth_finding *about(const struct dnsauth_audit *a, const char *id,
					   const char *name)
{
	size_t i;

	for (i = 0; i < a->findings.n; i++) {
		const struct dnsauth_finding *f = &a->findings.v[i];

		if (strcmp(dnsauth_rule_get(f->rule)->id, id) == 0 && f->name &&
		    strcmp(f->name, name) == 0)
			return f;
	}
	return NULL;
}

static size_t records(const struct dnsauth_audit *a, const char *type)
{
	size_t i, n = 0;

	for (i = 0; i < a->nrecords; i++)
		if (strcmp(a->records[i].type, type) == 0)
			n++;
	return n;
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

#define EXPECT_IDS(a, want)                                                        \
	ck_assert_msg(strcmp(ids(a), want) == 0, "%s: MX/PTR rules \"%s\", want \"%s\"%s", \
		      (a)->domain, ids(a), want, all(a))

#define EXPECT_ONE(a, id, name, sev)                                                   \
	do {                                                                           \
		const struct dnsauth_finding *f_ = about(a, id, name);                 \
		ck_assert_msg(f_ != NULL, "no %s about %s%s", id, name, all(a));       \
		ck_assert_msg(f_->severity == (sev), "%s about %s: severity %s%s", id, \
			      name, dnsauth_severity_name(f_->severity), all(a));       \
	} while (0)

/* ------------------------------------------------------------- clean */

/* Two MX hosts, IPv4 and IPv6, PTRs, FCrDNS: nothing to say, and four
 * passes (MX -> addresses -> PTR -> forward, the forward names being the
 * MX hosts whose addresses are cached): every level is one batch. */
/* Without documentation_addresses_ok, an MX host in a documentation range
 * (RFC 5737) is not a usable public address. */
START_TEST(test_documentation_ranges_nonpublic)
{
	struct dnsauth_audit_opts o;
	struct dnsauth_audit *a = NULL;
	size_t i, n = 0;

	memset(&o, 0, sizeof(o));
	o.no_selector_probe = true;
	ck_assert_int_eq(dnsauth_audit_domain(dns, "mx-ok.test", &o, &a), 0);
	for (i = 0; i < a->findings.n; i++)
		if (a->findings.v[i].rule == DNSAUTH_R_MX_TARGET_NONPUBLIC)
			n++;
	ck_assert_uint_gt(n, 0);
	dnsauth_audit_free(a);
}
END_TEST

/* Without records kept (the linter's no_records), an audit finds the
 * same, with no records (in fewer passes here: the second audit finds
 * the answers cached). */
START_TEST(test_no_records)
{
	static const char *const domains[] = {
		"example.org", "mx-cname.test", "mx-dangling.test", "mx-iplit.test",
		"mx-loop.test", "mx-nohost.test", "mx-none.test", "mx-nullmx-mixed.test",
		"mx-nullmx-sending.test", "mx-ok.test", "mx-outside.test", "mx-private.test",
		"mx-shared.test", "mx-unresolvable.test", "ptr-generic.test", "ptr-helo.test",
		"ptr-ipv6.test", "ptr-missing.test", "ptr-mxnoptr.test", "ptr-nofcrdns.test",
	};
	const char *ips[] = { "192.0.2.10", "2001:db8::60" };
	size_t i, k;

	for (i = 0; i < NELEM(domains); i++) {
		struct dnsauth_audit_opts o;
		struct dnsauth_audit *a = NULL, *b = NULL;

		memset(&o, 0, sizeof(o));
		o.documentation_addresses_ok = i % 2;
		o.ips = ips;
		o.nips = i % 3 ? NELEM(ips) : 0;
		o.helo = i % 4 ? NULL : "mx1.mx-ok.test";
		ck_assert_int_eq(dnsauth_audit_domain(dns, domains[i], &o, &a), 0);
		o.no_records = true;
		ck_assert_int_eq(dnsauth_audit_domain(dns, domains[i], &o, &b), 0);
		ck_assert_uint_eq(b->nrecords, 0);
		ck_assert_ptr_null(b->records);
		ck_assert_int_eq(a->no_answers, b->no_answers);
		ck_assert_uint_eq(a->findings.n, b->findings.n);
		for (k = 0; k < a->findings.n; k++) {
			const struct dnsauth_finding *x = &a->findings.v[k], *y = &b->findings.v[k];

			ck_assert_int_eq(x->rule, y->rule);
			ck_assert_int_eq(x->severity, y->severity);
			ck_assert_int_eq(x->area, y->area);
			ck_assert_uint_eq(x->column, y->column);
			ck_assert_str_eq(x->message, y->message);
			ck_assert_str_eq(x->name ? x->name : "-", y->name ? y->name : "-");
			ck_assert_str_eq(x->record ? x->record : "-", y->record ? y->record : "-");
		}
		dnsauth_audit_free(a);
		dnsauth_audit_free(b);
	}
}
END_TEST

START_TEST(test_clean)
{
	struct dnsauth_audit *a = audit("mx-ok.test", NULL);

	EXPECT_IDS(a, "");
	ck_assert_uint_eq(mine(a), 0);
	/* 3 levels of lookups plus the complete run; other areas may not
	 * need more (SPF, DMARC, DKIM of a domain without those records) */
	ck_assert_msg(a->passes >= 4 && a->passes <= 5, "passes %u", a->passes);
	ck_assert(has_record(a, "mx-ok.test", "MX", "10 mx1.mx-ok.test."));
	ck_assert(has_record(a, "mx-ok.test", "MX", "20 mx2.mx-ok.test."));
	ck_assert(has_record(a, "mx1.mx-ok.test", "A", "192.0.2.10"));
	ck_assert(has_record(a, "mx2.mx-ok.test", "AAAA", "2001:db8:1::10"));
	ck_assert(has_record(a, "10.2.0.192.in-addr.arpa", "PTR", "mx1.mx-ok.test."));
	ck_assert_uint_eq(records(a, "MX"), 2);
	ck_assert_uint_eq(records(a, "A"), 2);
	ck_assert_uint_eq(records(a, "AAAA"), 2);
	ck_assert_uint_eq(records(a, "PTR"), 4);
	dnsauth_audit_free(a);
}
END_TEST

/* The same with sending IPs and a matching HELO name. */
START_TEST(test_clean_ip_helo)
{
	struct run r = { { "192.0.2.10", "2001:db8::10", "198.51.100.10" }, "mx1.mx-ok.test" };
	struct dnsauth_audit *a = audit("mx-ok.test", &r);

	/* 198.51.100.10 is mx2: the HELO differs from its PTR */
	EXPECT_IDS(a, "ptr-helo-mismatch");
	ck_assert_uint_eq(count(a, "ptr-helo-mismatch", DNSAUTH_SEV_NONE), 2);
	ck_assert_ptr_nonnull(about(a, "ptr-helo-mismatch", "mx1.mx-ok.test"));
	dnsauth_audit_free(a);
	r.ips[2] = NULL;
	a = audit("mx-ok.test", &r);
	EXPECT_IDS(a, "");
	dnsauth_audit_free(a);
}
END_TEST

/* MX hosts outside the loaded zones are not checked (OUTSIDE is "not
 * covered", never "missing"). */
START_TEST(test_outside)
{
	struct dnsauth_audit *a = audit("mx-outside.test", NULL);

	EXPECT_IDS(a, "");
	ck_assert_uint_eq(mine(a), 0);
	ck_assert_uint_eq(records(a, "MX"), 2);
	dnsauth_audit_free(a);
	/* a domain outside every zone: nothing at all */
	a = audit("example.org", NULL);
	ck_assert_uint_eq(mine(a), 0);
	ck_assert(a->no_answers);
	dnsauth_audit_free(a);
}
END_TEST

/* ------------------------------------------------------------------ MX */

START_TEST(test_mx_missing_warning)
{
	struct dnsauth_audit *a = audit("mx-none.test", NULL);

	EXPECT_IDS(a, "mx-missing");
	EXPECT_ONE(a, "mx-missing", "mx-none.test", DNSAUTH_SEV_WARNING);
	ck_assert(has_record(a, "mx-none.test", "A", "192.0.2.20"));
	dnsauth_audit_free(a);
}
END_TEST

START_TEST(test_mx_missing_error)
{
	struct dnsauth_audit *a = audit("mx-nohost.test", NULL);

	EXPECT_IDS(a, "mx-missing");
	EXPECT_ONE(a, "mx-missing", "mx-nohost.test", DNSAUTH_SEV_ERROR);
	dnsauth_audit_free(a);
	a = audit("nx.mx-nohost.test", NULL);
	EXPECT_IDS(a, "mx-missing");
	EXPECT_ONE(a, "mx-missing", "nx.mx-nohost.test", DNSAUTH_SEV_ERROR);
	ck_assert_ptr_nonnull(strstr(about(a, "mx-missing", "nx.mx-nohost.test")->message,
				     "NXDOMAIN"));
	dnsauth_audit_free(a);
}
END_TEST

START_TEST(test_mx_unresolvable)
{
	struct dnsauth_audit *a = audit("mx-unresolvable.test", NULL);

	EXPECT_IDS(a, "mx-target-unresolvable");
	EXPECT_ONE(a, "mx-target-unresolvable", "gone.mx-unresolvable.test", DNSAUTH_SEV_ERROR);
	EXPECT_ONE(a, "mx-target-unresolvable", "noaddr.mx-unresolvable.test",
		   DNSAUTH_SEV_ERROR);
	ck_assert_uint_eq(count(a, "mx-target-unresolvable", DNSAUTH_SEV_NONE), 2);
	dnsauth_audit_free(a);
}
END_TEST

/* A CNAME to a missing name: one finding (unresolvable, naming the
 * dangling alias), not also addr-dangling-alias or mx-target-cname. */
START_TEST(test_mx_dangling)
{
	struct dnsauth_audit *a = audit("mx-dangling.test", NULL);
	const struct dnsauth_finding *f;

	EXPECT_IDS(a, "mx-target-unresolvable");
	EXPECT_ONE(a, "mx-target-unresolvable", "old.mx-dangling.test", DNSAUTH_SEV_ERROR);
	f = about(a, "mx-target-unresolvable", "old.mx-dangling.test");
	ck_assert_ptr_nonnull(strstr(f->message, "gone.mx-dangling.test"));
	ck_assert_uint_eq(count(a, "mx-target-unresolvable", DNSAUTH_SEV_NONE), 1);
	ck_assert_uint_eq(count(a, "addr-dangling-alias", DNSAUTH_SEV_NONE), 0);
	dnsauth_audit_free(a);
}
END_TEST

/* A CNAME loop is addr-dangling-alias, not a lookup failure. */
START_TEST(test_mx_loop)
{
	struct dnsauth_audit *a = audit("mx-loop.test", NULL);

	EXPECT_IDS(a, "");
	EXPECT_ONE(a, "addr-dangling-alias", "loop1.mx-loop.test", DNSAUTH_SEV_ERROR);
	ck_assert_uint_eq(count(a, "addr-dangling-alias", DNSAUTH_SEV_NONE), 1);
	ck_assert_uint_eq(count(a, "dns-resolution-failure", DNSAUTH_SEV_NONE), 0);
	dnsauth_audit_free(a);
}
END_TEST

START_TEST(test_mx_cname)
{
	struct dnsauth_audit *a = audit("mx-cname.test", NULL);
	const struct dnsauth_finding *f;

	EXPECT_IDS(a, "mx-target-cname");
	EXPECT_ONE(a, "mx-target-cname", "mail.mx-cname.test", DNSAUTH_SEV_ERROR);
	f = about(a, "mx-target-cname", "mail.mx-cname.test");
	ck_assert_ptr_nonnull(strstr(f->message, "host.mx-cname.test"));
	ck_assert_uint_eq(count(a, "mx-target-cname", DNSAUTH_SEV_NONE), 1);
	/* the address is recorded under its real owner */
	ck_assert(has_record(a, "host.mx-cname.test", "A", "192.0.2.30"));
	dnsauth_audit_free(a);
}
END_TEST

/* IPv4 and IPv6 literals, and one written without its trailing dot. */
START_TEST(test_mx_ip_literal)
{
	struct dnsauth_audit *a = audit("mx-iplit.test", NULL);
	size_t i, relative = 0;

	EXPECT_IDS(a, "mx-target-ip-literal");
	ck_assert_uint_eq(count(a, "mx-target-ip-literal", DNSAUTH_SEV_ERROR), 3);
	for (i = 0; i < a->findings.n; i++)
		if (strstr(a->findings.v[i].message, "192.0.2.41.mx-iplit.test") &&
		    strstr(a->findings.v[i].message, "trailing dot"))
			relative++;
	ck_assert_uint_eq(relative, 1);
	dnsauth_audit_free(a);
}
END_TEST

/* RFC 1918, ULA, CGNAT, loopback: non-public; 172.32.0.1 and
 * 100.128.0.1 (just outside 172.16/12 and 100.64/10) are public. */
START_TEST(test_mx_nonpublic)
{
	struct dnsauth_audit *a = audit("mx-private.test", NULL);

	EXPECT_IDS(a, "mx-target-nonpublic");
	EXPECT_ONE(a, "mx-target-nonpublic", "mx1.mx-private.test", DNSAUTH_SEV_ERROR);
	EXPECT_ONE(a, "mx-target-nonpublic", "mx2.mx-private.test", DNSAUTH_SEV_ERROR);
	EXPECT_ONE(a, "mx-target-nonpublic", "mx4.mx-private.test", DNSAUTH_SEV_ERROR);
	EXPECT_ONE(a, "mx-target-nonpublic", "mx5.mx-private.test", DNSAUTH_SEV_ERROR);
	ck_assert_uint_eq(count(a, "mx-target-nonpublic", DNSAUTH_SEV_NONE), 4);
	ck_assert_ptr_nonnull(strstr(about(a, "mx-target-nonpublic", "mx1.mx-private.test")->message,
				     "RFC 1918"));
	/* no PTR lookups for non-public addresses (10.0.0.25 would be
	 * OUTSIDE anyway; the documentation range 192.0.2.50 is checked) */
	ck_assert(has_record(a, "50.2.0.192.in-addr.arpa", "PTR", "mx3.mx-private.test."));
	dnsauth_audit_free(a);
}
END_TEST

/* A deliberate null MX on a domain that does not send: an info note. */
START_TEST(test_nullmx_deliberate)
{
	struct dnsauth_audit *a = audit("mx-nullmx.test", NULL);

	EXPECT_IDS(a, "mx-nullmx-invalid");
	EXPECT_ONE(a, "mx-nullmx-invalid", "mx-nullmx.test", DNSAUTH_SEV_INFO);
	ck_assert_uint_eq(count(a, "mx-nullmx-invalid", DNSAUTH_SEV_NONE), 1);
	ck_assert(has_record(a, "mx-nullmx.test", "MX", "0 ."));
	dnsauth_audit_free(a);
}
END_TEST

START_TEST(test_nullmx_invalid)
{
	struct dnsauth_audit *a = audit("mx-nullmx-pref.test", NULL);

	EXPECT_IDS(a, "mx-nullmx-invalid");
	EXPECT_ONE(a, "mx-nullmx-invalid", "mx-nullmx-pref.test", DNSAUTH_SEV_ERROR);
	ck_assert_uint_eq(count(a, "mx-nullmx-invalid", DNSAUTH_SEV_NONE), 1);
	dnsauth_audit_free(a);
	/* mixed with a real host: that host is still checked, and the
	 * single-host note is left out (the null MX is the problem) */
	a = audit("mx-nullmx-mixed.test", NULL);
	EXPECT_IDS(a, "mx-nullmx-invalid");
	EXPECT_ONE(a, "mx-nullmx-invalid", "mx-nullmx-mixed.test", DNSAUTH_SEV_ERROR);
	ck_assert_uint_eq(count(a, "mx-nullmx-invalid", DNSAUTH_SEV_NONE), 1);
	ck_assert(has_record(a, "51.2.0.192.in-addr.arpa", "PTR", "mx1.mx-nullmx-mixed.test."));
	dnsauth_audit_free(a);
}
END_TEST

/* Null MX while SPF authorizes a host: an error instead of the note. */
START_TEST(test_nullmx_sending)
{
	struct dnsauth_audit *a = audit("mx-nullmx-sending.test", NULL);

	EXPECT_IDS(a, "mx-nullmx-but-sending");
	EXPECT_ONE(a, "mx-nullmx-but-sending", "mx-nullmx-sending.test", DNSAUTH_SEV_ERROR);
	ck_assert_uint_eq(count(a, "mx-nullmx-invalid", DNSAUTH_SEV_NONE), 0);
	dnsauth_audit_free(a);
}
END_TEST

/* No backup MX: a single host, or all hosts on one address (info). */
START_TEST(test_single_and_shared)
{
	struct dnsauth_audit *a = audit("mx-single.test", NULL);

	EXPECT_IDS(a, "mx-missing");
	EXPECT_ONE(a, "mx-missing", "mx-single.test", DNSAUTH_SEV_INFO);
	ck_assert_uint_eq(mine(a), 1);
	dnsauth_audit_free(a);
	a = audit("mx-shared.test", NULL);
	EXPECT_IDS(a, "mx-missing");
	EXPECT_ONE(a, "mx-missing", "mx-shared.test", DNSAUTH_SEV_INFO);
	ck_assert_uint_eq(count(a, "mx-missing", DNSAUTH_SEV_NONE), 1);
	dnsauth_audit_free(a);
}
END_TEST

/* ----------------------------------------------------------------- PTR */

START_TEST(test_ptr_missing)
{
	struct run r = { { "192.0.2.60" }, NULL };
	struct dnsauth_audit *a = audit("ptr-missing.test", &r);

	EXPECT_IDS(a, "ptr-missing");
	EXPECT_ONE(a, "ptr-missing", "192.0.2.60", DNSAUTH_SEV_ERROR);
	ck_assert_uint_eq(mine(a), 1);
	dnsauth_audit_free(a);
	/* without --ip: nothing to check but the MX hosts, which are fine */
	a = audit("ptr-missing.test", NULL);
	EXPECT_IDS(a, "");
	dnsauth_audit_free(a);
}
END_TEST

/* An MX host's address without PTR: a warning (it may not send). */
START_TEST(test_ptr_missing_mx)
{
	struct dnsauth_audit *a = audit("ptr-mxnoptr.test", NULL);

	EXPECT_IDS(a, "ptr-missing");
	EXPECT_ONE(a, "ptr-missing", "192.0.2.61", DNSAUTH_SEV_WARNING);
	ck_assert_uint_eq(mine(a), 1);
	dnsauth_audit_free(a);
	/* the same address given as a sending IP: the rule's error */
	{
		struct run r = { { "192.0.2.61" }, NULL };

		a = audit("ptr-mxnoptr.test", &r);
		EXPECT_IDS(a, "ptr-missing");
		EXPECT_ONE(a, "ptr-missing", "192.0.2.61", DNSAUTH_SEV_ERROR);
		ck_assert_uint_eq(mine(a), 1);
		dnsauth_audit_free(a);
	}
}
END_TEST

/* 192.0.2.70's PTR name resolves elsewhere, 192.0.2.72's not at all. */
START_TEST(test_ptr_not_fcrdns)
{
	struct run r = { { "192.0.2.70", "192.0.2.72", "192.0.2.10" }, NULL };
	struct dnsauth_audit *a = audit("ptr-nofcrdns.test", &r);

	EXPECT_IDS(a, "ptr-not-fcrdns");
	EXPECT_ONE(a, "ptr-not-fcrdns", "192.0.2.70", DNSAUTH_SEV_ERROR);
	EXPECT_ONE(a, "ptr-not-fcrdns", "192.0.2.72", DNSAUTH_SEV_ERROR);
	ck_assert_uint_eq(mine(a), 2);
	ck_assert(has_record(a, "70.2.0.192.in-addr.arpa", "PTR", "mail.ptr-nofcrdns.test."));
	dnsauth_audit_free(a);
}
END_TEST

/* IPv6: no PTR (2001:db8::60), no FCrDNS (2001:db8::61), and an MX
 * host's AAAA without PTR (2001:db8::63, a warning). */
START_TEST(test_ptr_ipv6)
{
	struct run r = { { "2001:db8::60", "2001:db8::61" }, NULL };
	struct dnsauth_audit *a = audit("ptr-ipv6.test", &r);

	EXPECT_IDS(a, "ptr-ipv6-missing");
	EXPECT_ONE(a, "ptr-ipv6-missing", "2001:db8::60", DNSAUTH_SEV_ERROR);
	EXPECT_ONE(a, "ptr-ipv6-missing", "2001:db8::61", DNSAUTH_SEV_ERROR);
	EXPECT_ONE(a, "ptr-ipv6-missing", "2001:db8::63", DNSAUTH_SEV_WARNING);
	ck_assert_uint_eq(count(a, "ptr-ipv6-missing", DNSAUTH_SEV_NONE), 3);
	ck_assert_uint_eq(count(a, "ptr-missing", DNSAUTH_SEV_NONE), 0);
	ck_assert_uint_eq(count(a, "ptr-not-fcrdns", DNSAUTH_SEV_NONE), 0);
	dnsauth_audit_free(a);
}
END_TEST

/* The generic-name heuristic: the address with dashes, reversed with
 * dots, as hex; dynamic words; "host-N"; a cloud default name (outside
 * the zones: not forward-confirmed, not reported as such); IPv6 groups.
 * "mail" and "static" alone are not generic. */
START_TEST(test_ptr_generic)
{
	static const char *const generic[] = {
		"192.0.2.80", "192.0.2.81", "192.0.2.82", "192.0.2.83",
		"192.0.2.84", "192.0.2.87",
	};
	struct run r = { { "192.0.2.80", "192.0.2.81", "192.0.2.82", "192.0.2.83",
			   "192.0.2.84", "192.0.2.85", "192.0.2.86", "192.0.2.87" },
			 NULL };
	struct dnsauth_audit *a = audit("ptr-generic.test", &r);
	size_t i;

	EXPECT_IDS(a, "ptr-generic");
	for (i = 0; i < NELEM(generic); i++)
		EXPECT_ONE(a, "ptr-generic", generic[i], DNSAUTH_SEV_WARNING);
	ck_assert_uint_eq(count(a, "ptr-generic", DNSAUTH_SEV_NONE), NELEM(generic));
	ck_assert_ptr_null(about(a, "ptr-generic", "192.0.2.85"));
	ck_assert_ptr_null(about(a, "ptr-generic", "192.0.2.86"));
	ck_assert_ptr_nonnull(strstr(about(a, "ptr-generic", "192.0.2.83")->message,
				     "compute-1.amazonaws.com"));
	ck_assert_ptr_nonnull(strstr(about(a, "ptr-generic", "192.0.2.82")->message, "dyn"));
	dnsauth_audit_free(a);
	/* IPv6 */
	{
		struct run r6 = { { "2001:db8::88" }, NULL };

		a = audit("ptr-generic.test", &r6);
		EXPECT_IDS(a, "ptr-generic");
		EXPECT_ONE(a, "ptr-generic", "2001:db8::88", DNSAUTH_SEV_WARNING);
		ck_assert_uint_eq(mine(a), 1);
		dnsauth_audit_free(a);
	}
}
END_TEST

/* ---------------------------------------------------------------- HELO */

START_TEST(test_helo)
{
	struct run r = { { "192.0.2.91" }, "mail.ptr-helo.test" };
	struct dnsauth_audit *a = audit("ptr-helo.test", &r);

	EXPECT_IDS(a, "");
	dnsauth_audit_free(a);
	/* not an FQDN: that alone */
	r.helo = "localhost";
	a = audit("ptr-helo.test", &r);
	EXPECT_IDS(a, "ptr-helo-mismatch");
	EXPECT_ONE(a, "ptr-helo-mismatch", "localhost", DNSAUTH_SEV_INFO);
	ck_assert_uint_eq(mine(a), 1);
	dnsauth_audit_free(a);
	r.helo = "[192.0.2.91]";
	a = audit("ptr-helo.test", &r);
	EXPECT_IDS(a, "ptr-helo-mismatch");
	ck_assert_uint_eq(mine(a), 1);
	dnsauth_audit_free(a);
	/* resolves elsewhere and differs from the PTR */
	r.helo = "other.ptr-helo.test";
	a = audit("ptr-helo.test", &r);
	EXPECT_IDS(a, "ptr-helo-mismatch");
	ck_assert_uint_eq(count(a, "ptr-helo-mismatch", DNSAUTH_SEV_INFO), 2);
	ck_assert_uint_eq(mine(a), 2);
	dnsauth_audit_free(a);
	/* does not exist: does not resolve, differs */
	r.helo = "nx.ptr-helo.test.";
	a = audit("ptr-helo.test", &r);
	EXPECT_IDS(a, "ptr-helo-mismatch");
	ck_assert_uint_eq(count(a, "ptr-helo-mismatch", DNSAUTH_SEV_INFO), 2);
	dnsauth_audit_free(a);
}
END_TEST

/* Several PTR names: noted even when the HELO is one of them. */
START_TEST(test_helo_multiple_ptr)
{
	struct run r = { { "192.0.2.90" }, "out1.ptr-helo.test" };
	struct dnsauth_audit *a = audit("ptr-helo.test", &r);

	EXPECT_IDS(a, "ptr-helo-mismatch");
	EXPECT_ONE(a, "ptr-helo-mismatch", "192.0.2.90", DNSAUTH_SEV_INFO);
	ck_assert_uint_eq(mine(a), 1);
	ck_assert_uint_ge(records(a, "PTR"), 2);
	dnsauth_audit_free(a);
	/* without a HELO name the PTR names are not compared */
	r.helo = NULL;
	a = audit("ptr-helo.test", &r);
	EXPECT_IDS(a, "");
	dnsauth_audit_free(a);
}
END_TEST

/* ------------------------------------------------------------------ */

static Suite *audit_mx_suite(void)
{
	Suite *s = suite_create("audit_mx");
	TCase *tc = tcase_create("audit_mx");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_documentation_ranges_nonpublic);
	tcase_add_test(tc, test_clean);
	tcase_add_test(tc, test_no_records);
	tcase_add_test(tc, test_clean_ip_helo);
	tcase_add_test(tc, test_outside);
	tcase_add_test(tc, test_mx_missing_warning);
	tcase_add_test(tc, test_mx_missing_error);
	tcase_add_test(tc, test_mx_unresolvable);
	tcase_add_test(tc, test_mx_dangling);
	tcase_add_test(tc, test_mx_loop);
	tcase_add_test(tc, test_mx_cname);
	tcase_add_test(tc, test_mx_ip_literal);
	tcase_add_test(tc, test_mx_nonpublic);
	tcase_add_test(tc, test_nullmx_deliberate);
	tcase_add_test(tc, test_nullmx_invalid);
	tcase_add_test(tc, test_nullmx_sending);
	tcase_add_test(tc, test_single_and_shared);
	tcase_add_test(tc, test_ptr_missing);
	tcase_add_test(tc, test_ptr_missing_mx);
	tcase_add_test(tc, test_ptr_not_fcrdns);
	tcase_add_test(tc, test_ptr_ipv6);
	tcase_add_test(tc, test_ptr_generic);
	tcase_add_test(tc, test_helo);
	tcase_add_test(tc, test_helo_multiple_ptr);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed;

	sr = srunner_create(audit_mx_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
