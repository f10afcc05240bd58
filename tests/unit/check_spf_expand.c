/* SPDX-License-Identifier: MIT */
/*
 * check_spf_expand.c - unit tests of lib/spf_expand.c on the zone source
 * over tests/data/spfgen/dns (and a SERVFAIL responder on loopback):
 * exact RFC 7208 counts per top-level term (includes counted again when
 * repeated, redirect only without "all", exp never, void lookups, the
 * 10-name mx cap, terms after "all", loops bounded), the networks an
 * include evaluates to, the refusals to flatten, failures and names
 * outside the zones, level-by-level fetching (one prefetch per level),
 * and the network helpers.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dns.h"
#include "error.h"
#include "finding.h"
#include "responder.h"
#include "rules.h"
#include "spf.h"
#include "spf_expand.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------ helpers */

/* A fresh zone source over tests/data/spfgen/dns; the caller frees it. */
static struct dnsauth_dns *zone_source(void)
{
	const char *top = getenv("top_srcdir");
	struct dnsauth_dns *dns = NULL;
	struct dnsauth_buf err;
	const char *paths[1];
	char *dir = NULL;
	int rc;

	ck_assert_int_ge(asprintf(&dir, "%s/tests/data/spfgen/dns", top ? top : "."), 0);
	paths[0] = dir;
	dnsauth_buf_init(&err, 0);
	rc = dnsauth_dns_new_zone(paths, 1, &dns, &err);
	ck_assert_msg(rc == 0 && dns, "loading %s: %s: %s", dir, dnsauth_strerror(rc),
		      dnsauth_buf_str(&err));
	dnsauth_buf_free(&err);
	free(dir);
	return dns;
}

/* One expansion of \p text (published at \p domain) through \p dns. */
struct run {
	struct dnsauth_spf *spf;
	struct dnsauth_spf_expansion *x;
	struct dnsauth_findings fl;
};

static void expand_with(struct dnsauth_dns *dns, const char *text, const char *domain,
			bool networks, struct run *r)
{
	struct dnsauth_spf_expand_opts o;
	int rc;

	memset(r, 0, sizeof(*r));
	dnsauth_findings_init(&r->fl);
	rc = dnsauth_spf_parse(text, strlen(text), domain, &r->spf, NULL);
	ck_assert_msg(rc == 0 && r->spf, "parse %s: %s", text, dnsauth_strerror(rc));
	memset(&o, 0, sizeof(o));
	o.networks = networks;
	o.cap_per_term = networks;
	rc = dnsauth_spf_expand_resolve(dns, r->spf, text, domain, &o, &r->fl, &r->x);
	ck_assert_msg(rc == 0 && r->x, "expand %s: %s", text, dnsauth_strerror(rc));
	ck_assert_msg(r->x->complete, "%s: not complete after %u passes", text, r->x->passes);
}

static void run_free(struct run *r)
{
	dnsauth_spf_expansion_free(r->x);
	dnsauth_spf_free(r->spf);
	dnsauth_findings_clear(&r->fl);
}

/* "term=lookups/voids;..." of the top-level terms; caller frees. */
static char *terms(const struct dnsauth_spf_expansion *x)
{
	struct dnsauth_buf b;
	size_t i;
	char *s;

	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, "");
	for (i = 0; i < x->nterms; i++)
		dnsauth_buf_printf(&b, "%s%s=%u/%u", i ? ";" : "", x->terms[i].text,
				   x->terms[i].lookups, x->terms[i].voids);
	s = dnsauth_buf_steal(&b);
	ck_assert_ptr_nonnull(s);
	return s;
}

/* The networks of top-level term entry \p i, space-separated; caller frees. */
static char *nets(const struct dnsauth_spf_expand_term *t)
{
	struct dnsauth_buf b;
	size_t i;
	char *s;

	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, "");
	for (i = 0; i < t->nnets; i++) {
		if (i)
			dnsauth_buf_putc(&b, ' ');
		ck_assert_int_eq(dnsauth_spf_net_print(&t->nets[i], &b), 0);
	}
	s = dnsauth_buf_steal(&b);
	ck_assert_ptr_nonnull(s);
	return s;
}

/* ------------------------------------------------------------- counts */

static const struct {
	const char *text;
	unsigned lookups;
	unsigned voids;
	bool exact;
	const char *terms;
} counts[] = {
	/* a chain three records deep with a and mx at the bottom */
	{ "v=spf1 include:_spf.heavy.example -all", 7, 0, true,
	  "include:_spf.heavy.example=7/0" },
	/* an include repeated is expanded and counted again */
	{ "v=spf1 include:_p.count.example include:_p.count.example -all", 6, 0, true,
	  "include:_p.count.example=3/0;include:_p.count.example=3/0" },
	/* redirect costs one and is followed when there is no all ... */
	{ "v=spf1 redirect=_redir.count.example", 4, 0, true,
	  "redirect=_redir.count.example=4/0" },
	/* ... and is ignored in a record with all, anywhere */
	{ "v=spf1 include:_redirall.count.example -all", 1, 0, true,
	  "include:_redirall.count.example=1/0" },
	{ "v=spf1 ip4:192.0.2.1 -all redirect=_p.count.example", 0, 0, true, "" },
	/* exp never */
	{ "v=spf1 include:_exp.count.example -all", 1, 0, true,
	  "include:_exp.count.example=1/0" },
	/* void lookups inside an include: NXDOMAIN, no A or AAAA, no MX */
	{ "v=spf1 include:_void.count.example -all", 4, 3, true,
	  "include:_void.count.example=4/3" },
	/* the mx cap: 11 hosts, the first 10 looked up, permerror */
	{ "v=spf1 include:mxmany.count.example -all", 2, 0, true,
	  "include:mxmany.count.example=2/0" },
	/* terms after all are never evaluated, here and in an include */
	{ "v=spf1 include:_after.count.example -all include:_p.count.example", 1, 0, true,
	  "include:_after.count.example=1/0" },
	/* a macro target counts one and is not expanded */
	{ "v=spf1 include:_macro.refuse.example -all", 2, 0, false,
	  "include:_macro.refuse.example=2/0" },
};

START_TEST(test_counts)
{
	struct dnsauth_dns *dns = zone_source();
	struct run r;
	char *got;

	expand_with(dns, counts[_i].text, "brand.example", false, &r);
	got = terms(r.x);
	ck_assert_msg(strcmp(got, counts[_i].terms) == 0, "%s: terms \"%s\", expected \"%s\"",
		      counts[_i].text, got, counts[_i].terms);
	ck_assert_msg(r.x->lookups == counts[_i].lookups, "%s: %u lookups, expected %u",
		      counts[_i].text, r.x->lookups, counts[_i].lookups);
	ck_assert_msg(r.x->voids == counts[_i].voids, "%s: %u voids, expected %u",
		      counts[_i].text, r.x->voids, counts[_i].voids);
	ck_assert_msg(r.x->exact == counts[_i].exact, "%s: exact %d", counts[_i].text,
		      r.x->exact);
	ck_assert_ptr_null(r.x->failed);
	ck_assert_ptr_null(r.x->outside);
	ck_assert_ptr_null(r.x->loop);
	free(got);
	run_free(&r);
	dnsauth_dns_free(dns);
}
END_TEST

START_TEST(test_findings_of_targets)
{
	struct dnsauth_dns *dns = zone_source();
	const struct dnsauth_finding *f;
	struct run r;

	expand_with(dns, "v=spf1 include:mxmany.count.example include:_none.refuse.example "
		    "include:_two.refuse.example -all", "brand.example", false, &r);
	f = dnsauth_findings_find(&r.fl, DNSAUTH_R_SPF_MX_TOO_MANY_NAMES);
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(strstr(f->message, "11 MX hosts"));
	ck_assert_str_eq(f->name, "mxmany.count.example");
	ck_assert_uint_eq(dnsauth_findings_count(&r.fl, DNSAUTH_SEV_ERROR), 3);
	ck_assert_ptr_nonnull(strstr(r.fl.v[1].message, "_nothing.refuse.example does not exist"));
	ck_assert_ptr_nonnull(strstr(r.fl.v[2].message, "publishes 2 SPF records"));
	/* the records found, each once, in evaluation order */
	ck_assert_uint_eq(r.x->nrecords, 2);
	ck_assert_str_eq(r.x->records[0].name, "mxmany.count.example");
	ck_assert_str_eq(r.x->records[1].name, "_none.refuse.example");
	run_free(&r);
	dnsauth_dns_free(dns);
}
END_TEST

START_TEST(test_loop_bounded)
{
	struct dnsauth_dns *dns = zone_source();
	struct dnsauth_findings fl;
	struct run r;

	expand_with(dns, "v=spf1 include:_loop.count.example -all", "brand.example", false, &r);
	ck_assert_ptr_nonnull(r.x->loop);
	ck_assert_str_eq(r.x->loop, "_loop.count.example -> _loop.count.example");
	ck_assert(!r.x->exact);
	ck_assert(r.x->lower_bound);
	ck_assert_uint_gt(r.x->lookups, DNSAUTH_SPF_LOOKUP_LIMIT);
	ck_assert_uint_le(r.x->lookups, DNSAUTH_SPF_EXPAND_CAP + 2);
	ck_assert_ptr_nonnull(r.x->limit_at);
	/* the report: too many lookups, the loop named */
	dnsauth_findings_init(&fl);
	ck_assert_int_eq(dnsauth_spf_expand_report(r.x, "brand.example",
						   "v=spf1 include:_loop.count.example -all", &fl), 0);
	ck_assert_uint_eq(fl.n, 1);
	ck_assert_int_eq(fl.v[0].rule, DNSAUTH_R_SPF_TOO_MANY_LOOKUPS);
	ck_assert_ptr_nonnull(strstr(fl.v[0].message, "at least "));
	ck_assert_ptr_nonnull(strstr(fl.v[0].message, "include/redirect loop: _loop.count.example"));
	dnsauth_findings_clear(&fl);
	run_free(&r);
	dnsauth_dns_free(dns);
}
END_TEST

/* With cap_per_term each top-level term gets its own cap, so a record
 * of several costly includes is expanded completely. */
START_TEST(test_cap_per_term)
{
	const char *text = "v=spf1 include:_spf.heavy.example include:_spf.heavy.example "
			   "include:_spf.heavy.example include:_spf.heavy.example "
			   "include:_spf.heavy.example -all";
	struct dnsauth_dns *dns = zone_source();
	struct run r;
	size_t i;

	expand_with(dns, text, "brand.example", true, &r);
	ck_assert_uint_eq(r.x->lookups, 35);
	ck_assert(r.x->exact);
	ck_assert_uint_eq(r.x->nterms, 5);
	for (i = 0; i < r.x->nterms; i++) {
		ck_assert(r.x->terms[i].flattenable);
		ck_assert_uint_eq(r.x->terms[i].nnets, 40);
	}
	run_free(&r);
	/* the total cap (the audit's) stops expanding after 30 */
	expand_with(dns, text, "brand.example", false, &r);
	ck_assert(!r.x->exact);
	ck_assert_uint_lt(r.x->lookups, 35);
	run_free(&r);
	dnsauth_dns_free(dns);
}
END_TEST

/* ----------------------------------------------------------- networks */

START_TEST(test_networks_heavy)
{
	struct dnsauth_dns *dns = zone_source();
	struct run r;
	char *got;

	expand_with(dns, "v=spf1 ip4:192.0.2.1 include:_spf.heavy.example "
		    "include:_spf.mail-a.example include:spf.mail-b.example -all",
		    "brand.example", true, &r);
	ck_assert_uint_eq(r.x->nterms, 3);
	ck_assert_uint_eq(r.x->terms[0].index, 1);
	ck_assert(r.x->terms[0].flattenable);
	ck_assert_ptr_null(r.x->terms[0].refusal);
	got = nets(&r.x->terms[0]);
	/* sorted, 198.18.4.0/24 once, 2001:db8:100:5::/64 inside its /48,
	 * a/28 and mx resolved (A and AAAA) */
	ck_assert_str_eq(got,
			 "ip4:198.18.0.0/24 ip4:198.18.2.0/24 ip4:198.18.4.0/24 ip4:198.18.6.0/24 "
			 "ip4:198.18.8.0/24 ip4:198.18.10.0/24 ip4:198.18.12.0/24 ip4:198.18.14.0/24 "
			 "ip4:198.18.16.0/24 ip4:198.18.18.0/24 ip4:198.18.20.0/24 ip4:198.18.22.0/24 "
			 "ip4:198.18.24.0/24 ip4:198.18.26.0/24 ip4:198.18.200.0/28 "
			 "ip4:198.18.201.10 ip4:198.18.201.70 ip4:198.18.250.7 "
			 "ip4:198.19.1.0/24 ip4:198.19.3.0/24 ip4:198.19.5.0/24 ip4:198.19.7.0/24 "
			 "ip4:198.19.9.0/24 ip4:198.19.11.0/24 ip4:198.19.13.0/24 ip4:198.19.15.0/24 "
			 "ip4:198.19.17.0/24 ip4:198.19.19.0/24 ip4:198.19.21.0/24 ip4:198.19.23.0/24 "
			 "ip4:198.19.25.0/24 ip4:198.19.27.0/24 "
			 "ip6:2001:db8:100::/48 ip6:2001:db8:101::/48 ip6:2001:db8:102::/48 "
			 "ip6:2001:db8:103::/48 ip6:2001:db8:104::/48 ip6:2001:db8:105::/48 "
			 "ip6:2001:db8:200::5 ip6:2001:db8:201::70");
	free(got);
	got = nets(&r.x->terms[1]);
	ck_assert_str_eq(got, "ip4:203.0.113.0/26 ip4:203.0.113.64/26 ip6:2001:db8:a::/48");
	free(got);
	got = nets(&r.x->terms[2]);
	ck_assert_str_eq(got, "ip4:192.0.2.25 ip4:192.0.2.128/25");
	free(got);
	ck_assert_uint_eq(r.x->terms[2].lookups, 3);
	run_free(&r);
	dnsauth_dns_free(dns);
}
END_TEST

static const struct {
	const char *include;
	const char *reason;   /* a part of the refusal */
} refusals[] = {
	{ "include:_exists.refuse.example", "(exists)" },
	{ "include:_ptr.refuse.example", "(ptr)" },
	{ "include:_macro.refuse.example", "depends on the sender (macros)" },
	{ "include:_qual.refuse.example", "'-ip4:192.0.2.66' in the SPF record of _qual.refuse.example has a qualifier other than pass" },
	{ "include:_nested.refuse.example", "in the SPF record of _qual.refuse.example has a qualifier" },
	{ "include:_plusall.refuse.example", "'+all' in the SPF record of _plusall.refuse.example lets every host pass" },
	{ "include:_softmx.refuse.example", "'~mx:refuse.example'" },
	{ "include:_loop.refuse.example", "the SPF records loop" },
	{ "include:_none.refuse.example", "_nothing.refuse.example does not exist" },
	{ "include:_two.refuse.example", "publishes 2 SPF records" },
	{ "include:mxmany.count.example", "has 11 MX hosts" },
	{ "~include:_spf.mail-a.example", "qualifier other than pass" },
};

START_TEST(test_refusals)
{
	struct dnsauth_dns *dns = zone_source();
	struct run r;
	char *text = NULL;

	ck_assert_int_ge(asprintf(&text, "v=spf1 %s -all", refusals[_i].include), 0);
	expand_with(dns, text, "brand.example", true, &r);
	ck_assert_uint_eq(r.x->nterms, 1);
	ck_assert_msg(!r.x->terms[0].flattenable, "%s: flattenable", text);
	ck_assert_ptr_nonnull(r.x->terms[0].refusal);
	ck_assert_msg(strstr(r.x->terms[0].refusal, refusals[_i].reason) != NULL,
		      "%s: refusal \"%s\" lacks \"%s\"", text, r.x->terms[0].refusal,
		      refusals[_i].reason);
	free(text);
	run_free(&r);
	dnsauth_dns_free(dns);
}
END_TEST

/* An included record's own -all, ~all, ?all do not matter: flattenable. */
START_TEST(test_all_of_included_ignored)
{
	struct dnsauth_dns *dns = zone_source();
	struct run r;

	/* _spf ends in ~all, _n1 in -all, _n3 in ?all */
	expand_with(dns, "v=spf1 include:_spf.heavy.example ?all", "brand.example", true, &r);
	ck_assert(r.x->terms[0].flattenable);
	run_free(&r);
	/* a redirect inside an include is followed for its networks */
	expand_with(dns, "v=spf1 include:_redir.count.example -all", "brand.example", true, &r);
	ck_assert(r.x->terms[0].flattenable);
	ck_assert_uint_eq(r.x->terms[0].nnets, 3);
	run_free(&r);
	dnsauth_dns_free(dns);
}
END_TEST

/* -------------------------------------------- failures, level by level */

START_TEST(test_outside)
{
	struct dnsauth_dns *dns = zone_source();
	struct run r;

	expand_with(dns, "v=spf1 mx include:_spf.unknown.example -all", "brand.example", true, &r);
	ck_assert_ptr_nonnull(r.x->outside);
	ck_assert_str_eq(r.x->outside->qname, "_spf.unknown.example");
	ck_assert(!r.x->exact);
	ck_assert(!r.x->terms[1].flattenable);
	ck_assert_ptr_null(r.x->failed);
	run_free(&r);
	/* the record's own a/mx outside the zones: the count stays exact */
	expand_with(dns, "v=spf1 mx a -all", "elsewhere.example", false, &r);
	ck_assert_ptr_null(r.x->outside);
	ck_assert(r.x->exact);
	ck_assert(r.x->lower_bound);
	ck_assert_uint_eq(r.x->lookups, 2);
	run_free(&r);
	dnsauth_dns_free(dns);
}
END_TEST

static unsigned nfailed;

static void on_failed(void *ctx, const struct dnsauth_dns_answer *ans, const char *what)
{
	(void)ctx;
	ck_assert_ptr_nonnull(strstr(what, "SPF receivers get temperror"));
	ck_assert_int_eq(ans->status, DNSAUTH_DNS_SERVFAIL);
	nfailed++;
}

START_TEST(test_servfail)
{
	const char *text = "v=spf1 include:_spf.a.example include:_spf.b.example -all";
	struct dnsauth_spf_expand_opts o;
	struct dnsauth_spf_expansion *x = NULL;
	struct dnsauth_spf *spf = NULL;
	struct responder rs;
	struct dnsauth_dns *dns;

	responder_start(&rs, LDNS_RCODE_SERVFAIL);
	dns = live_to(&rs);
	ck_assert_int_eq(dnsauth_spf_parse(text, strlen(text), "x.example", &spf, NULL), 0);
	memset(&o, 0, sizeof(o));
	o.failed = on_failed;
	o.networks = true;
	nfailed = 0;
	ck_assert_int_eq(dnsauth_spf_expand_resolve(dns, spf, text, "x.example", &o, NULL, &x), 0);
	ck_assert(x->complete);
	ck_assert_ptr_nonnull(x->failed);
	ck_assert_str_eq(x->failed->qname, "_spf.a.example");
	ck_assert_uint_eq(nfailed, 2);
	ck_assert(!x->exact);
	ck_assert(!x->terms[0].flattenable);
	ck_assert_ptr_nonnull(strstr(x->terms[0].refusal, "servfail"));
	/* both targets were asked in the same pass */
	ck_assert_uint_eq(x->passes, 2);
	dnsauth_spf_expansion_free(x);
	dnsauth_spf_free(spf);
	dnsauth_dns_free(dns);
	responder_stop(&rs);
}
END_TEST

/* One prefetch per level: _spf; _n1 _n2 _n3; _deep; relay A/AAAA and
 * the MX of heavy.example; the MX hosts' addresses; then a complete run. */
START_TEST(test_level_by_level)
{
	struct dnsauth_dns *dns = zone_source();
	struct dnsauth_dns_stats st;
	struct run r;

	expand_with(dns, "v=spf1 include:_spf.heavy.example -all", "brand.example", true, &r);
	dnsauth_dns_stats(dns, &st);
	ck_assert_uint_eq(r.x->passes, 6);
	ck_assert_uint_eq(st.round_trips, 5);
	/* 1 + 3 + 1 + 3 (A, AAAA, MX) + 4 (A and AAAA of two hosts) */
	ck_assert_uint_eq(st.queries, 12);
	run_free(&r);
	/* everything cached: one pass, no round trip */
	expand_with(dns, "v=spf1 include:_spf.heavy.example -all", "brand.example", true, &r);
	dnsauth_dns_stats(dns, &st);
	ck_assert_uint_eq(r.x->passes, 1);
	ck_assert_uint_eq(st.round_trips, 5);
	run_free(&r);
	dnsauth_dns_free(dns);
}
END_TEST

/* The restartable form: a run with nothing available asks for the first
 * level and says it is not complete. */
static const struct dnsauth_dns_answer *nothing(void *ctx, const char *name, uint16_t type)
{
	unsigned *asked = ctx;

	(void)name;
	(void)type;
	(*asked)++;
	return NULL;
}

START_TEST(test_restartable)
{
	const char *text = "v=spf1 a include:_spf.heavy.example include:_p.count.example -all";
	struct dnsauth_spf_expand_opts o;
	struct dnsauth_spf_expansion *x = NULL;
	struct dnsauth_spf *spf = NULL;
	unsigned asked = 0;

	ck_assert_int_eq(dnsauth_spf_parse(text, strlen(text), "brand.example", &spf, NULL), 0);
	memset(&o, 0, sizeof(o));
	ck_assert_int_eq(dnsauth_spf_expand(spf, text, "brand.example", &o, NULL, &x),
			 DNSAUTH_EINVAL);
	ck_assert_ptr_null(x);
	o.get = nothing;
	o.ctx = &asked;
	ck_assert_int_eq(dnsauth_spf_expand(spf, text, "brand.example", &o, NULL, &x), 0);
	ck_assert(!x->complete);
	/* A and AAAA of brand.example, the TXT of both targets */
	ck_assert_uint_eq(asked, 4);
	ck_assert_uint_eq(x->lookups, 3);
	dnsauth_spf_expansion_free(x);
	dnsauth_spf_free(spf);
}
END_TEST

/* ----------------------------------------------------- network helpers */

static struct dnsauth_spf_net net4(unsigned a, unsigned b, unsigned c, unsigned d,
				   unsigned prefix)
{
	struct dnsauth_spf_net n;

	memset(&n, 0, sizeof(n));
	n.family = 4;
	n.prefix = (uint8_t)prefix;
	n.addr[0] = (uint8_t)a;
	n.addr[1] = (uint8_t)b;
	n.addr[2] = (uint8_t)c;
	n.addr[3] = (uint8_t)d;
	return n;
}

START_TEST(test_normalize)
{
	struct dnsauth_spf_net v[7];
	struct dnsauth_buf b;
	size_t n = 0, i;

	v[n++] = net4(192, 0, 2, 77, 32);
	v[n++] = net4(192, 0, 2, 0, 24);
	memset(&v[n], 0, sizeof(v[n]));
	v[n].family = 6;
	v[n].prefix = 128;
	v[n].addr[0] = 0x20;
	v[n].addr[1] = 0x01;
	v[n].addr[2] = 0x0d;
	v[n].addr[3] = 0xb8;
	v[n].addr[15] = 1;
	n++;
	v[n++] = net4(10, 0, 0, 0, 8);
	v[n++] = net4(192, 0, 2, 0, 24);
	v[n++] = net4(10, 200, 1, 0, 24);
	v[n++] = net4(198, 51, 100, 0, 25);
	dnsauth_spf_nets_normalize(v, &n);
	dnsauth_buf_init(&b, 0);
	for (i = 0; i < n; i++) {
		if (i)
			dnsauth_buf_putc(&b, ' ');
		dnsauth_spf_net_print(&v[i], &b);
	}
	ck_assert_str_eq(dnsauth_buf_str(&b),
			 "ip4:10.0.0.0/8 ip4:192.0.2.0/24 ip4:198.51.100.0/25 ip6:2001:db8::1");
	dnsauth_buf_free(&b);
	n = 0;
	dnsauth_spf_nets_normalize(v, &n);
	ck_assert_uint_eq(n, 0);
}
END_TEST

/* --------------------------------------------------------------- main */

static Suite *spf_expand_suite(void)
{
	Suite *s = suite_create("spf_expand");
	TCase *tc;

	tc = tcase_create("counting");
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_counts, 0, (int)NELEM(counts));
	tcase_add_test(tc, test_findings_of_targets);
	tcase_add_test(tc, test_loop_bounded);
	tcase_add_test(tc, test_cap_per_term);
	suite_add_tcase(s, tc);

	tc = tcase_create("networks");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_networks_heavy);
	tcase_add_loop_test(tc, test_refusals, 0, (int)NELEM(refusals));
	tcase_add_test(tc, test_all_of_included_ignored);
	tcase_add_test(tc, test_normalize);
	suite_add_tcase(s, tc);

	tc = tcase_create("fetching");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_outside);
	tcase_add_test(tc, test_servfail);
	tcase_add_test(tc, test_level_by_level);
	tcase_add_test(tc, test_restartable);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(spf_expand_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
