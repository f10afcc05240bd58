/* SPDX-License-Identifier: MIT */
/*
 * check_spf_flatten.c - unit tests of lib/spf_flatten.c on the zone
 * source over tests/data/spfgen/dns, with the descriptions and templates
 * of tests/data/spfgen: the count through DNS without flattening and its
 * budget finding, auto flattening of the costliest include only, always
 * flattening into chained records, inline networks under 512 octets,
 * refusals to flatten, and a chained record's name already in use.
 * The records built are the ones tests/gen/spfgen-resolve.sh expects.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "desc.h"
#include "dns.h"
#include "error.h"
#include "finding.h"
#include "rules.h"
#include "spf_flatten.h"

/* ------------------------------------------------------------ helpers */

/* A description, its zone source and what flattening made of it. */
struct run {
	struct dnsauth_spf_desc *d;
	struct dnsauth_dns *dns;
	struct dnsauth_spf_flatten r;
	int choose_rc;
};

/* Load tests/data/spfgen/NAME.yaml, resolve it through the zones in
 * \p mode and choose what to flatten (its code in r->choose_rc). */
static void run_start(struct run *r, const char *name, enum dnsauth_spf_flatten_mode mode)
{
	const char *top = getenv("top_srcdir");
	struct dnsauth_buf err;
	const char *paths[1];
	char *zones = NULL, *templates = NULL, *file = NULL;
	int rc;

	memset(r, 0, sizeof(*r));
	dnsauth_spf_flatten_init(&r->r);
	if (!top)
		top = ".";
	ck_assert_int_ge(asprintf(&zones, "%s/tests/data/spfgen/dns", top), 0);
	ck_assert_int_ge(asprintf(&templates, "%s/tests/data/spfgen/templates", top), 0);
	ck_assert_int_ge(asprintf(&file, "%s/tests/data/spfgen/%s.yaml", top, name), 0);
	dnsauth_buf_init(&err, 0);
	rc = dnsauth_spf_desc_load(file, templates, &r->d, &err);
	ck_assert_msg(rc == 0 && r->d, "loading %s: %s", file, dnsauth_buf_str(&err));
	dnsauth_buf_reset(&err);
	paths[0] = zones;
	rc = dnsauth_dns_new_zone(paths, 1, &r->dns, &err);
	ck_assert_msg(rc == 0 && r->dns, "loading %s: %s", zones, dnsauth_buf_str(&err));
	dnsauth_buf_free(&err);
	free(zones);
	free(templates);
	free(file);

	rc = dnsauth_spf_flatten_resolve(&r->r, r->dns, r->d, mode);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(r->r.x);
	ck_assert_ptr_null(r->r.x->failed);
	ck_assert_ptr_null(r->r.x->outside);
	ck_assert(r->r.x->complete);
	r->choose_rc = dnsauth_spf_flatten_choose(&r->r);
}

static void run_end(struct run *r)
{
	dnsauth_spf_flatten_clear(&r->r);
	ck_assert_ptr_null(r->r.main);
	ck_assert_uint_eq(r->r.nchain, 0);
	dnsauth_dns_free(r->dns);
	dnsauth_spf_desc_free(r->d);
}

/* The entry of r->x->terms written as \p text. */
static size_t xterm(const struct dnsauth_spf_flatten *r, const char *text)
{
	size_t i;

	for (i = 0; i < r->x->nterms; i++)
		if (strcmp(r->x->terms[i].text, text) == 0)
			return i;
	ck_abort_msg("no expansion term %s", text);
	return 0;
}

/* ------------------------------------------------------------ tests */

/* --resolve: 13 lookups through DNS (the templates document 12), nothing
 * flattened, the record unchanged, an error naming the costliest. */
START_TEST(test_resolve_only)
{
	static const char want[] =
		"v=spf1 include:_spf.heavy.example include:_spf.mail-a.example ip4:198.51.100.0/24 include:spf.mail-b.example ip4:192.0.2.10 -all";
	struct dnsauth_findings fl;
	struct run r;
	size_t i;

	run_start(&r, "resolve-basic", DNSAUTH_SPF_FLATTEN_NONE);
	ck_assert_int_eq(r.choose_rc, 0);
	ck_assert_str_eq(r.r.value, want);
	ck_assert_str_eq(r.r.main, want);
	ck_assert_uint_eq(r.r.x->lookups, 13);
	ck_assert_uint_eq(r.r.total, 13);
	ck_assert_uint_eq(r.r.voids, 0);
	ck_assert_uint_eq(r.r.nflat, 0);
	ck_assert_uint_eq(r.r.nnets, 0);
	ck_assert_uint_eq(r.r.nchain, 0);
	ck_assert_ptr_null(dnsauth_spf_flatten_collision(&r.r));

	/* senders: heavy 7, mail-a 3, mail-b 3 (documented 2), ip4 0 */
	ck_assert_uint_eq(r.d->nsenders, 4);
	{
		static const unsigned cost[] = { 7, 3, 3, 0 };
		bool exact = false;

		for (i = 0; i < 4; i++) {
			ck_assert_uint_eq(dnsauth_spf_flatten_sender_cost(&r.r, &r.d->senders[i],
									  false, &exact), cost[i]);
			ck_assert(exact);
			ck_assert_uint_eq(dnsauth_spf_flatten_sender_cost(&r.r, &r.d->senders[i],
									  true, NULL), cost[i]);
		}
	}
	for (i = 0; i < r.d->spf->nterms; i++)
		ck_assert(!dnsauth_spf_flatten_term_flat(&r.r, i));

	dnsauth_findings_init(&fl);
	ck_assert_int_eq(dnsauth_spf_flatten_check(&r.r, &fl), 0);
	ck_assert_uint_eq(fl.n, 1);
	ck_assert_int_eq(fl.v[0].rule, DNSAUTH_R_SPF_TOO_MANY_LOOKUPS);
	ck_assert_int_eq(fl.v[0].severity, DNSAUTH_SEV_ERROR);
	ck_assert_str_eq(fl.v[0].name, "brand.example");
	ck_assert_str_eq(fl.v[0].record, want);
	ck_assert_str_eq(fl.v[0].message,
			 "the record needs 13 DNS lookups, counted through DNS as receivers count them, over the limit of 10 (receivers return permerror); most costly: template heavy (7), template mail-a (3), template mail-b (3); --flatten auto replaces includes by their ip4/ip6 networks");
	dnsauth_findings_clear(&fl);
	run_end(&r);
}
END_TEST

/* auto: only the costliest include (heavy, 7 lookups) is flattened; its
 * 40 networks go to two chained records; 13 - 7 + 2 = 8 lookups. */
START_TEST(test_auto)
{
	struct dnsauth_findings fl;
	struct run r;

	run_start(&r, "resolve-basic", DNSAUTH_SPF_FLATTEN_AUTO);
	ck_assert_int_eq(r.choose_rc, 0);
	ck_assert_uint_eq(r.r.nflat, 1);
	ck_assert(r.r.flat[xterm(&r.r, "include:_spf.heavy.example")]);
	ck_assert(!r.r.flat[xterm(&r.r, "include:_spf.mail-a.example")]);
	ck_assert(!r.r.flat[xterm(&r.r, "include:spf.mail-b.example")]);
	ck_assert_uint_eq(r.r.nnets, 40);
	ck_assert_uint_eq(r.r.total, 8);
	ck_assert_str_eq(r.r.main,
			 "v=spf1 include:_spf1.brand.example include:_spf.mail-a.example ip4:198.51.100.0/24 include:spf.mail-b.example ip4:192.0.2.10 -all");
	ck_assert_uint_eq(r.r.nchain, 2);
	ck_assert_str_eq(r.r.chain_name[0], "_spf1.brand.example");
	ck_assert_str_eq(r.r.chain_name[1], "_spf2.brand.example");
	ck_assert_str_eq(r.r.chain[0],
			 "v=spf1 ip4:198.18.0.0/24 ip4:198.18.2.0/24 ip4:198.18.4.0/24 ip4:198.18.6.0/24 ip4:198.18.8.0/24 ip4:198.18.10.0/24 ip4:198.18.12.0/24 ip4:198.18.14.0/24 ip4:198.18.16.0/24 ip4:198.18.18.0/24 ip4:198.18.20.0/24 ip4:198.18.22.0/24 ip4:198.18.24.0/24 ip4:198.18.26.0/24 ip4:198.18.200.0/28 ip4:198.18.201.10 ip4:198.18.201.70 ip4:198.18.250.7 ip4:198.19.1.0/24 ip4:198.19.3.0/24 ip4:198.19.5.0/24 ip4:198.19.7.0/24 ip4:198.19.9.0/24 ip4:198.19.11.0/24 ip4:198.19.13.0/24 include:_spf2.brand.example -all");
	ck_assert_str_eq(r.r.chain[1],
			 "v=spf1 ip4:198.19.15.0/24 ip4:198.19.17.0/24 ip4:198.19.19.0/24 ip4:198.19.21.0/24 ip4:198.19.23.0/24 ip4:198.19.25.0/24 ip4:198.19.27.0/24 ip6:2001:db8:100::/48 ip6:2001:db8:101::/48 ip6:2001:db8:102::/48 ip6:2001:db8:103::/48 ip6:2001:db8:104::/48 ip6:2001:db8:105::/48 ip6:2001:db8:200::5 ip6:2001:db8:201::70 -all");
	ck_assert(strlen(r.r.chain[0]) <= DNSAUTH_SPF_FLATTEN_RECORD_MAX);
	ck_assert_ptr_null(dnsauth_spf_flatten_collision(&r.r));
	/* heavy is term 0 of the description; it costs nothing after */
	ck_assert(dnsauth_spf_flatten_term_flat(&r.r, 0));
	ck_assert(!dnsauth_spf_flatten_term_flat(&r.r, 1));
	ck_assert_uint_eq(dnsauth_spf_flatten_sender_cost(&r.r, &r.d->senders[0], false, NULL), 7);
	ck_assert_uint_eq(dnsauth_spf_flatten_sender_cost(&r.r, &r.d->senders[0], true, NULL), 0);

	dnsauth_findings_init(&fl);
	ck_assert_int_eq(dnsauth_spf_flatten_check(&r.r, &fl), 0);
	ck_assert_uint_eq(fl.n, 0);
	dnsauth_findings_clear(&fl);
	run_end(&r);
}
END_TEST

/* always: all three includes (45 networks), two chained records, 2
 * lookups; the networks go where the first flattened include was. */
START_TEST(test_always_chain)
{
	struct dnsauth_findings fl;
	struct run r;

	run_start(&r, "resolve-basic", DNSAUTH_SPF_FLATTEN_ALWAYS);
	ck_assert_int_eq(r.choose_rc, 0);
	ck_assert_uint_eq(r.r.nflat, 3);
	ck_assert_uint_eq(r.r.nnets, 45);
	ck_assert_uint_eq(r.r.total, 2);
	ck_assert_uint_eq(r.r.x->lookups, 13);
	ck_assert_str_eq(r.r.main,
			 "v=spf1 include:_spf1.brand.example ip4:198.51.100.0/24 ip4:192.0.2.10 -all");
	ck_assert_uint_eq(r.r.nchain, 2);
	ck_assert_str_eq(r.r.chain[0],
			 "v=spf1 ip4:192.0.2.25 ip4:192.0.2.128/25 ip4:198.18.0.0/24 ip4:198.18.2.0/24 ip4:198.18.4.0/24 ip4:198.18.6.0/24 ip4:198.18.8.0/24 ip4:198.18.10.0/24 ip4:198.18.12.0/24 ip4:198.18.14.0/24 ip4:198.18.16.0/24 ip4:198.18.18.0/24 ip4:198.18.20.0/24 ip4:198.18.22.0/24 ip4:198.18.24.0/24 ip4:198.18.26.0/24 ip4:198.18.200.0/28 ip4:198.18.201.10 ip4:198.18.201.70 ip4:198.18.250.7 ip4:198.19.1.0/24 ip4:198.19.3.0/24 ip4:198.19.5.0/24 ip4:198.19.7.0/24 ip4:198.19.9.0/24 include:_spf2.brand.example -all");
	ck_assert_str_eq(r.r.chain[1],
			 "v=spf1 ip4:198.19.11.0/24 ip4:198.19.13.0/24 ip4:198.19.15.0/24 ip4:198.19.17.0/24 ip4:198.19.19.0/24 ip4:198.19.21.0/24 ip4:198.19.23.0/24 ip4:198.19.25.0/24 ip4:198.19.27.0/24 ip4:203.0.113.0/26 ip4:203.0.113.64/26 ip6:2001:db8:a::/48 ip6:2001:db8:100::/48 ip6:2001:db8:101::/48 ip6:2001:db8:102::/48 ip6:2001:db8:103::/48 ip6:2001:db8:104::/48 ip6:2001:db8:105::/48 ip6:2001:db8:200::5 ip6:2001:db8:201::70 -all");

	dnsauth_findings_init(&fl);
	ck_assert_int_eq(dnsauth_spf_flatten_check(&r.r, &fl), 0);
	ck_assert_uint_eq(fl.n, 0);
	dnsauth_findings_clear(&fl);
	run_end(&r);
}
END_TEST

/* always under 512 octets: mail-a's three networks inline, no chain;
 * auto changes nothing under the budget. */
START_TEST(test_inline)
{
	struct run r;

	run_start(&r, "resolve-small", DNSAUTH_SPF_FLATTEN_ALWAYS);
	ck_assert_int_eq(r.choose_rc, 0);
	ck_assert_uint_eq(r.r.nflat, 1);
	ck_assert_uint_eq(r.r.nnets, 3);
	ck_assert_uint_eq(r.r.nchain, 0);
	ck_assert_str_eq(r.r.main,
			 "v=spf1 ip4:203.0.113.0/26 ip4:203.0.113.64/26 ip6:2001:db8:a::/48 mx ip4:192.0.2.10 -all");
	run_end(&r);

	run_start(&r, "resolve-small", DNSAUTH_SPF_FLATTEN_AUTO);
	ck_assert_int_eq(r.choose_rc, 0);
	ck_assert_uint_eq(r.r.nflat, 0);
	ck_assert_str_eq(r.r.main, r.r.value);
	ck_assert_str_eq(r.r.main,
			 "v=spf1 include:_spf.mail-a.example mx ip4:192.0.2.10 -all");
	run_end(&r);
}
END_TEST

/* Includes that cannot become pass ranges are refused, with a reason;
 * the count after flattening mail-a is a lower bound at the limit. */
START_TEST(test_refusals)
{
	struct dnsauth_findings fl;
	struct run r;
	size_t i, nrefused = 0;

	run_start(&r, "resolve-refuse", DNSAUTH_SPF_FLATTEN_ALWAYS);
	ck_assert_int_eq(r.choose_rc, 0);
	ck_assert_uint_eq(r.r.x->nterms, 7);
	for (i = 0; i < r.r.x->nterms; i++) {
		ck_assert(r.r.flat[i] != r.r.refused[i]);
		if (r.r.refused[i])
			nrefused++;
	}
	ck_assert_uint_eq(nrefused, 6);
	ck_assert(r.r.flat[xterm(&r.r, "include:_spf.mail-a.example")]);
	ck_assert_str_eq(r.r.x->terms[xterm(&r.r, "include:_plusall.refuse.example")].refusal,
			 "'+all' in the SPF record of _plusall.refuse.example lets every host pass");
	ck_assert_uint_eq(r.r.total, 10);
	ck_assert(!r.r.x->exact);
	ck_assert_uint_eq(r.r.nnets, 3);
	ck_assert_uint_eq(r.r.nchain, 0);

	dnsauth_findings_init(&fl);
	ck_assert_int_eq(dnsauth_spf_flatten_check(&r.r, &fl), 0);
	ck_assert_uint_eq(fl.n, 2);
	ck_assert_int_eq(fl.v[0].rule, DNSAUTH_R_SPF_TARGET_INVALID);
	ck_assert_int_eq(fl.v[0].severity, DNSAUTH_SEV_INFO);
	ck_assert_int_eq(fl.v[1].rule, DNSAUTH_R_SPF_TOO_MANY_LOOKUPS);
	ck_assert_int_eq(fl.v[1].severity, DNSAUTH_SEV_WARNING);
	ck_assert_str_eq(fl.v[1].message,
			 "the record needs at least 10 of the 10 allowed DNS lookups, counted through DNS; one more provider change can break SPF; most costly: include:_exists.refuse.example (2), include:_ptr.refuse.example (2), include:_macro.refuse.example (2)");
	dnsauth_findings_clear(&fl);
	run_end(&r);
}
END_TEST

/* The record already includes _spf1.brand.example: the chained record
 * cannot be published there. */
START_TEST(test_collision)
{
	struct run r;

	run_start(&r, "resolve-clash", DNSAUTH_SPF_FLATTEN_ALWAYS);
	ck_assert_int_eq(r.choose_rc, 0);
	ck_assert_uint_ge(r.r.nchain, 1);
	ck_assert_str_eq(dnsauth_spf_flatten_collision(&r.r), "_spf1.brand.example");
	run_end(&r);
}
END_TEST

static Suite *spf_flatten_suite(void)
{
	Suite *s = suite_create("spf_flatten");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_resolve_only);
	tcase_add_test(tc, test_auto);
	tcase_add_test(tc, test_always_chain);
	tcase_add_test(tc, test_inline);
	tcase_add_test(tc, test_refusals);
	tcase_add_test(tc, test_collision);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(spf_flatten_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
