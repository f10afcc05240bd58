/* SPDX-License-Identifier: MIT */
/*
 * check_rules.c - unit tests of the rule catalogue (lib/rules.h): the
 * ids against the list in rules.md, the shape of every entry, lookups,
 * default severities and areas, and the severity and area names.
 */
#include <check.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------ expected */

/* The 80 ids of rules.md §6.1-§6.10, in catalogue order, then the
 * rules dnsauth adds to the catalogue. */
static const char *const catalogue_ids[] = {
	/* 6.1 SPF (15) */
	"spf-missing", "spf-multiple-records", "spf-version-malformed",
	"spf-syntax-error", "spf-too-many-lookups", "spf-void-lookups",
	"spf-mx-too-many-names", "spf-target-invalid",
	"spf-duplicate-modifier", "spf-redirect-ignored", "spf-permissive",
	"spf-ptr-used", "spf-macro-invalid", "spf-response-too-large",
	"spf-rrtype-99",
	/* 6.2 DMARC (16) */
	"dmarc-missing", "dmarc-multiple-records", "dmarc-version-invalid",
	"dmarc-wrong-owner", "dmarc-policy-missing", "dmarc-policy-invalid",
	"dmarc-monitoring-only", "dmarc-removed-tag",
	"dmarc-subdomain-weaker", "dmarc-reject-spf-only",
	"dmarc-rua-missing", "dmarc-uri-invalid",
	"dmarc-external-rua-unauthorized", "dmarc-rua-undeliverable",
	"dmarc-psd-misuse", "dmarc-orgdomain-divergence",
	/* 6.3 DKIM (9) */
	"dkim-no-key-found", "dkim-key-revoked", "dkim-key-too-short",
	"dkim-key-weak", "dkim-record-syntax", "dkim-version-invalid",
	"dkim-key-unusable", "dkim-multiple-records", "dkim-dangling-cname",
	/* 6.4 MX (7) */
	"mx-missing", "mx-target-unresolvable", "mx-target-cname",
	"mx-target-ip-literal", "mx-target-nonpublic", "mx-nullmx-invalid",
	"mx-nullmx-but-sending",
	/* 6.5 PTR (5) */
	"ptr-missing", "ptr-not-fcrdns", "ptr-ipv6-missing", "ptr-generic",
	"ptr-helo-mismatch",
	/* 6.6 DNS (6) */
	"dns-resolution-failure", "dns-lame-delegation",
	"dns-sender-domain-unresolvable", "dnssec-bogus", "dnssec-expiring",
	"addr-dangling-alias",
	/* 6.7 MTA-STS / TLS-RPT (7) */
	"mtasts-txt-invalid", "mtasts-policy-unavailable",
	"mtasts-policy-invalid", "mtasts-mx-mismatch",
	"mtasts-mx-cert-invalid", "tlsrpt-missing", "tlsrpt-invalid",
	/* 6.8 BIMI (3) */
	"bimi-record-invalid", "bimi-dmarc-ineligible", "bimi-no-evidence",
	/* 6.9 DANE (4) */
	"dane-tlsa-insecure", "dane-tlsa-mismatch", "dane-tlsa-unusable-usage",
	"dane-tlsa-misplaced",
	/* 6.10 zone (8) */
	"zone-txt-string-too-long", "zone-txt-split-breaks-token",
	"zone-missing-trailing-dot", "zone-cname-conflict",
	"zone-record-wrong-owner", "zone-txt-garbled", "zone-wildcard-shadow",
	"zone-duplicate-or-conflicting-rr",
	/* additions */
	"zone-syntax",
};

/* Default severity, area and live flag of a sample, from rules.md. */
static const struct {
	const char *id;
	enum dnsauth_severity sev;
	enum dnsauth_area area;
	bool live;
} samples[] = {
	{ "spf-missing", DNSAUTH_SEV_ERROR, DNSAUTH_AREA_SPF, false },
	{ "spf-too-many-lookups", DNSAUTH_SEV_ERROR, DNSAUTH_AREA_SPF, false },
	{ "spf-permissive", DNSAUTH_SEV_ERROR, DNSAUTH_AREA_SPF, false },
	{ "spf-redirect-ignored", DNSAUTH_SEV_WARNING, DNSAUTH_AREA_SPF, false },
	{ "spf-rrtype-99", DNSAUTH_SEV_INFO, DNSAUTH_AREA_SPF, false },
	{ "dmarc-missing", DNSAUTH_SEV_ERROR, DNSAUTH_AREA_DMARC, false },
	{ "dmarc-policy-missing", DNSAUTH_SEV_WARNING, DNSAUTH_AREA_DMARC, false },
	{ "dmarc-monitoring-only", DNSAUTH_SEV_INFO, DNSAUTH_AREA_DMARC, false },
	{ "dmarc-psd-misuse", DNSAUTH_SEV_ERROR, DNSAUTH_AREA_DMARC, false },
	{ "dkim-no-key-found", DNSAUTH_SEV_WARNING, DNSAUTH_AREA_DKIM, false },
	{ "dkim-key-too-short", DNSAUTH_SEV_ERROR, DNSAUTH_AREA_DKIM, false },
	{ "dkim-key-weak", DNSAUTH_SEV_WARNING, DNSAUTH_AREA_DKIM, false },
	{ "mx-missing", DNSAUTH_SEV_WARNING, DNSAUTH_AREA_MX, false },
	{ "mx-target-cname", DNSAUTH_SEV_ERROR, DNSAUTH_AREA_MX, false },
	{ "ptr-missing", DNSAUTH_SEV_ERROR, DNSAUTH_AREA_PTR, true },
	{ "ptr-generic", DNSAUTH_SEV_WARNING, DNSAUTH_AREA_PTR, true },
	{ "ptr-helo-mismatch", DNSAUTH_SEV_INFO, DNSAUTH_AREA_PTR, true },
	{ "dns-resolution-failure", DNSAUTH_SEV_ERROR, DNSAUTH_AREA_DNS, false },
	{ "dnssec-expiring", DNSAUTH_SEV_WARNING, DNSAUTH_AREA_DNS, false },
	{ "addr-dangling-alias", DNSAUTH_SEV_ERROR, DNSAUTH_AREA_DNS, false },
	{ "mtasts-policy-unavailable", DNSAUTH_SEV_ERROR, DNSAUTH_AREA_MTASTS, true },
	{ "mtasts-txt-invalid", DNSAUTH_SEV_ERROR, DNSAUTH_AREA_MTASTS, false },
	{ "tlsrpt-missing", DNSAUTH_SEV_WARNING, DNSAUTH_AREA_MTASTS, false },
	{ "bimi-dmarc-ineligible", DNSAUTH_SEV_ERROR, DNSAUTH_AREA_BIMI, false },
	{ "bimi-no-evidence", DNSAUTH_SEV_WARNING, DNSAUTH_AREA_BIMI, false },
	{ "dane-tlsa-insecure", DNSAUTH_SEV_WARNING, DNSAUTH_AREA_DANE, false },
	{ "dane-tlsa-mismatch", DNSAUTH_SEV_ERROR, DNSAUTH_AREA_DANE, true },
	{ "zone-txt-string-too-long", DNSAUTH_SEV_ERROR, DNSAUTH_AREA_ZONE, false },
	{ "zone-wildcard-shadow", DNSAUTH_SEV_WARNING, DNSAUTH_AREA_ZONE, false },
	{ "zone-duplicate-or-conflicting-rr", DNSAUTH_SEV_WARNING,
	  DNSAUTH_AREA_ZONE, false },
	{ "zone-syntax", DNSAUTH_SEV_ERROR, DNSAUTH_AREA_ZONE, false },
};

/* Every rule marked live in rules.md (the whole of §6.5 is live). */
static const char *const live_ids[] = {
	"ptr-missing", "ptr-not-fcrdns", "ptr-ipv6-missing", "ptr-generic",
	"ptr-helo-mismatch", "mtasts-policy-unavailable",
	"mtasts-mx-cert-invalid", "dane-tlsa-mismatch",
};

/* Rules per area, in enum dnsauth_area order. */
static const size_t area_counts[DNSAUTH_AREA_COUNT] = {
	15, 16, 9, 7, 5, 6, 7, 3, 4, 9,
};

/* The symbol and id of every entry, straight from rules.def. */
static const struct {
	const char *sym;
	const char *id;
} def_syms[] = {
#define DNSAUTH_RULE(sym, id, area, sev, live, title, ref, impact, codes) \
	{ #sym, id },
#include "rules.def"
#undef DNSAUTH_RULE
};

/* ------------------------------------------------------------ helpers */

static bool is_kebab(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-'))
			return false;
		if (c == '-' && s[i + 1] == '-')
			return false;
	}
	return true;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Digits from *p on, at least one; advances *p. */
static bool digits(const char **p)
{
	const char *q = *p;

	while (is_digit(**p))
		(*p)++;
	return *p > q;
}

/* One token of the codes list: ^[245][0-9][0-9]-[245]\.[0-9]+\.[0-9]+$ */
static bool is_code_token(const char *s, size_t n)
{
	char buf[32];
	const char *p = buf;

	if (n < 9 || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (!(p[0] >= '2' && p[0] <= '5' && p[0] != '3') || !is_digit(p[1]) ||
	    !is_digit(p[2]) || p[3] != '-')
		return false;
	p += 4;
	if (!(p[0] >= '2' && p[0] <= '5' && p[0] != '3') || p[1] != '.')
		return false;
	p += 2;
	if (!digits(&p) || *p != '.')
		return false;
	p++;
	if (!digits(&p))
		return false;
	return *p == '\0';
}

/* ASCII only, apart from the UTF-8 of U+00A7 and U+2192; no controls. */
static bool is_plain_text(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0') {
		if (p[0] == 0xc2 && p[1] == 0xa7) {
			p += 2;
		} else if (p[0] == 0xe2 && p[1] == 0x86 && p[2] == 0x92) {
			p += 3;
		} else if (*p < 0x20 || *p >= 0x7f) {
			return false;
		} else {
			p++;
		}
	}
	return true;
}

/* ------------------------------------------------------------ tests */

START_TEST(test_count)
{
	ck_assert_uint_eq(dnsauth_rule_count(), 81);
	ck_assert_uint_eq(DNSAUTH_RULE_COUNT, 81);
	ck_assert_uint_eq(NELEM(catalogue_ids), 81);
	ck_assert_uint_eq(NELEM(def_syms), 81);
}
END_TEST

START_TEST(test_ids_match_catalogue)
{
	size_t i;

	for (i = 0; i < NELEM(catalogue_ids); i++) {
		const struct dnsauth_rule *r =
			dnsauth_rule_get((enum dnsauth_rule_id)i);

		ck_assert_ptr_nonnull(r);
		ck_assert_msg(strcmp(r->id, catalogue_ids[i]) == 0,
			      "rule %zu is '%s', rules.md has '%s'", i, r->id,
			      catalogue_ids[i]);
	}
}
END_TEST

START_TEST(test_get)
{
	size_t i;

	for (i = 0; i < dnsauth_rule_count(); i++) {
		const struct dnsauth_rule *r =
			dnsauth_rule_get((enum dnsauth_rule_id)i);

		ck_assert_ptr_nonnull(r);
		ck_assert_int_eq(r->rule, (int)i);
	}
	ck_assert_ptr_null(dnsauth_rule_get(DNSAUTH_RULE_COUNT));
	ck_assert_ptr_null(dnsauth_rule_get((enum dnsauth_rule_id)-1));
	ck_assert_str_eq(dnsauth_rule_get(DNSAUTH_R_SPF_TOO_MANY_LOOKUPS)->id,
			 "spf-too-many-lookups");
	ck_assert_str_eq(dnsauth_rule_get(DNSAUTH_R_ZONE_DUPLICATE_OR_CONFLICTING_RR)->id,
			 "zone-duplicate-or-conflicting-rr");
}
END_TEST

START_TEST(test_ids_unique_kebab)
{
	size_t i, j, n = dnsauth_rule_count();

	for (i = 0; i < n; i++) {
		const char *id = dnsauth_rule_get((enum dnsauth_rule_id)i)->id;

		ck_assert_msg(is_kebab(id), "id '%s' is not kebab-case", id);
		for (j = i + 1; j < n; j++)
			ck_assert_msg(strcmp(id, dnsauth_rule_get(
					(enum dnsauth_rule_id)j)->id) != 0,
				      "id '%s' appears twice", id);
	}
}
END_TEST

/* SYM is the id in upper case with '-' -> '_'. */
START_TEST(test_symbols)
{
	size_t i, k;

	for (i = 0; i < NELEM(def_syms); i++) {
		const char *sym = def_syms[i].sym, *id = def_syms[i].id;

		ck_assert_uint_eq(strlen(sym), strlen(id));
		for (k = 0; id[k] != '\0'; k++) {
			char want = id[k] == '-' ? '_' : id[k];

			if (want >= 'a' && want <= 'z')
				want = (char)(want - 'a' + 'A');
			ck_assert_msg(sym[k] == want, "symbol %s for id %s",
				      sym, id);
		}
	}
}
END_TEST

START_TEST(test_strings)
{
	size_t i, n = dnsauth_rule_count();

	for (i = 0; i < n; i++) {
		const struct dnsauth_rule *r =
			dnsauth_rule_get((enum dnsauth_rule_id)i);
		size_t tl = strlen(r->title);

		ck_assert_msg(tl > 0 && tl <= 70, "%s: title length %zu",
			      r->id, tl);
		ck_assert_msg(r->title[tl - 1] != '.' && r->title[tl - 1] != ' ',
			      "%s: title ends with '%c'", r->id,
			      r->title[tl - 1]);
		ck_assert_msg(!(r->title[0] >= 'a' && r->title[0] <= 'z'),
			      "%s: title not in sentence case", r->id);
		ck_assert_msg(r->reference[0] != '\0', "%s: no reference", r->id);
		ck_assert_msg(r->impact[0] != '\0', "%s: no impact", r->id);
		ck_assert_msg(is_plain_text(r->title), "%s: title", r->id);
		ck_assert_msg(is_plain_text(r->reference), "%s: ref", r->id);
		ck_assert_msg(is_plain_text(r->impact), "%s: impact", r->id);
		ck_assert_msg(is_plain_text(r->codes), "%s: codes", r->id);
		ck_assert_int_ge(r->severity, DNSAUTH_SEV_INFO);
		ck_assert_int_le(r->severity, DNSAUTH_SEV_ERROR);
		ck_assert_int_ge(r->area, 0);
		ck_assert_int_lt(r->area, DNSAUTH_AREA_COUNT);
	}
}
END_TEST

START_TEST(test_codes)
{
	size_t i, n = dnsauth_rule_count();

	for (i = 0; i < n; i++) {
		const struct dnsauth_rule *r =
			dnsauth_rule_get((enum dnsauth_rule_id)i);
		const char *p = r->codes;

		ck_assert_ptr_nonnull(p);
		if (*p == '\0')
			continue;
		for (;;) {
			size_t len = strcspn(p, " ");

			ck_assert_msg(is_code_token(p, len),
				      "%s: bad code token '%.*s' in \"%s\"",
				      r->id, (int)len, p, r->codes);
			if (p[len] == '\0')
				break;
			p += len + 1;
		}
	}
	/* The matcher itself. */
	ck_assert(is_code_token("550-5.7.26", 10));
	ck_assert(is_code_token("421-4.7.0", 9));
	ck_assert(!is_code_token("550 5.7.26", 10));
	ck_assert(!is_code_token("650-5.7.26", 10));
	ck_assert(!is_code_token("550-5.7.", 8));
	ck_assert(!is_code_token("550-5..26", 9));
	ck_assert(!is_code_token("55-5.7.26", 9));
	ck_assert(!is_code_token("350-3.7.26", 10));
}
END_TEST

START_TEST(test_find_roundtrip)
{
	size_t i, n = dnsauth_rule_count();

	for (i = 0; i < n; i++) {
		const struct dnsauth_rule *r =
			dnsauth_rule_get((enum dnsauth_rule_id)i);

		ck_assert_ptr_eq(dnsauth_rule_find(r->id), r);
	}
}
END_TEST

START_TEST(test_find_unknown)
{
	ck_assert_ptr_null(dnsauth_rule_find("no-such-rule"));
	ck_assert_ptr_null(dnsauth_rule_find(""));
	ck_assert_ptr_null(dnsauth_rule_find("SPF-MISSING"));
	ck_assert_ptr_null(dnsauth_rule_find("spf-missing "));
	ck_assert_ptr_null(dnsauth_rule_find("spf"));
	ck_assert_ptr_null(dnsauth_rule_find("ptr-not-forward-confirmed"));
	ck_assert_ptr_null(dnsauth_rule_find(NULL));
}
END_TEST

START_TEST(test_samples)
{
	const struct dnsauth_rule *r = dnsauth_rule_find(samples[_i].id);

	ck_assert_msg(r != NULL, "%s not found", samples[_i].id);
	ck_assert_msg(r->severity == samples[_i].sev, "%s: severity %s",
		      r->id, dnsauth_severity_name(r->severity));
	ck_assert_msg(r->area == samples[_i].area, "%s: area %s", r->id,
		      dnsauth_area_name(r->area));
	ck_assert_msg(r->live == samples[_i].live, "%s: live %d", r->id,
		      (int)r->live);
}
END_TEST

START_TEST(test_live)
{
	size_t i, j, n = dnsauth_rule_count(), live = 0;

	for (i = 0; i < n; i++) {
		const struct dnsauth_rule *r =
			dnsauth_rule_get((enum dnsauth_rule_id)i);
		bool want = false;

		for (j = 0; j < NELEM(live_ids); j++)
			if (strcmp(r->id, live_ids[j]) == 0)
				want = true;
		ck_assert_msg(r->live == want, "%s: live %d", r->id,
			      (int)r->live);
		live += r->live;
	}
	ck_assert_uint_eq(live, NELEM(live_ids));
}
END_TEST

START_TEST(test_area_counts)
{
	size_t counts[DNSAUTH_AREA_COUNT] = { 0 };
	size_t i, n = dnsauth_rule_count();
	int prev = -1;

	for (i = 0; i < n; i++) {
		const struct dnsauth_rule *r =
			dnsauth_rule_get((enum dnsauth_rule_id)i);

		/* Catalogue order groups the areas, in enum order. */
		ck_assert_int_ge((int)r->area, prev);
		prev = (int)r->area;
		counts[r->area]++;
	}
	for (i = 0; i < DNSAUTH_AREA_COUNT; i++)
		ck_assert_msg(counts[i] == area_counts[i], "area %s: %zu rules",
			      dnsauth_area_name((enum dnsauth_area)i), counts[i]);
}
END_TEST

START_TEST(test_severity_names)
{
	ck_assert_str_eq(dnsauth_severity_name(DNSAUTH_SEV_ERROR), "error");
	ck_assert_str_eq(dnsauth_severity_name(DNSAUTH_SEV_WARNING), "warning");
	ck_assert_str_eq(dnsauth_severity_name(DNSAUTH_SEV_INFO), "info");
	ck_assert_str_eq(dnsauth_severity_name(DNSAUTH_SEV_NONE), "none");
	ck_assert_str_eq(dnsauth_severity_name((enum dnsauth_severity)42),
			 "none");
	ck_assert(DNSAUTH_SEV_ERROR > DNSAUTH_SEV_WARNING);
	ck_assert(DNSAUTH_SEV_WARNING > DNSAUTH_SEV_INFO);
	ck_assert(DNSAUTH_SEV_INFO > DNSAUTH_SEV_NONE);
}
END_TEST

START_TEST(test_severity_parse)
{
	ck_assert_int_eq(dnsauth_severity_parse("error"), DNSAUTH_SEV_ERROR);
	ck_assert_int_eq(dnsauth_severity_parse("warning"), DNSAUTH_SEV_WARNING);
	ck_assert_int_eq(dnsauth_severity_parse("info"), DNSAUTH_SEV_INFO);
	ck_assert_int_eq(dnsauth_severity_parse("ERROR"), DNSAUTH_SEV_ERROR);
	ck_assert_int_eq(dnsauth_severity_parse("Warning"), DNSAUTH_SEV_WARNING);
	ck_assert_int_eq(dnsauth_severity_parse("iNfO"), DNSAUTH_SEV_INFO);
	ck_assert_int_eq(dnsauth_severity_parse("none"), DNSAUTH_SEV_NONE);
	ck_assert_int_eq(dnsauth_severity_parse(""), DNSAUTH_SEV_NONE);
	ck_assert_int_eq(dnsauth_severity_parse("err"), DNSAUTH_SEV_NONE);
	ck_assert_int_eq(dnsauth_severity_parse("errors"), DNSAUTH_SEV_NONE);
	ck_assert_int_eq(dnsauth_severity_parse(" error"), DNSAUTH_SEV_NONE);
	ck_assert_int_eq(dnsauth_severity_parse("warn"), DNSAUTH_SEV_NONE);
	ck_assert_int_eq(dnsauth_severity_parse(NULL), DNSAUTH_SEV_NONE);
}
END_TEST

START_TEST(test_severity_roundtrip)
{
	int s;

	for (s = DNSAUTH_SEV_INFO; s <= DNSAUTH_SEV_ERROR; s++)
		ck_assert_int_eq(dnsauth_severity_parse(dnsauth_severity_name(
					 (enum dnsauth_severity)s)),
				 s);
}
END_TEST

START_TEST(test_area_names)
{
	static const char *const names[DNSAUTH_AREA_COUNT] = {
		"spf", "dmarc", "dkim", "mx", "ptr",
		"dns", "mtasts", "bimi", "dane", "zone",
	};
	static const char *const titles[DNSAUTH_AREA_COUNT] = {
		"SPF", "DMARC", "DKIM", "MX", "Reverse DNS", "DNS",
		"MTA-STS and TLS-RPT", "BIMI", "DANE", "Zone file",
	};
	size_t i;

	for (i = 0; i < DNSAUTH_AREA_COUNT; i++) {
		ck_assert_str_eq(dnsauth_area_name((enum dnsauth_area)i),
				 names[i]);
		ck_assert_str_eq(dnsauth_area_title((enum dnsauth_area)i),
				 titles[i]);
	}
	ck_assert_ptr_nonnull(dnsauth_area_name(DNSAUTH_AREA_COUNT));
	ck_assert_ptr_nonnull(dnsauth_area_title(DNSAUTH_AREA_COUNT));
}
END_TEST

/* ------------------------------------------------------------ suite */

static Suite *rules_suite(void)
{
	Suite *s = suite_create("rules");
	TCase *tc;

	tc = tcase_create("catalogue");
	tcase_add_test(tc, test_count);
	tcase_add_test(tc, test_ids_match_catalogue);
	tcase_add_test(tc, test_get);
	tcase_add_test(tc, test_ids_unique_kebab);
	tcase_add_test(tc, test_symbols);
	tcase_add_test(tc, test_strings);
	tcase_add_test(tc, test_codes);
	tcase_add_test(tc, test_live);
	tcase_add_test(tc, test_area_counts);
	tcase_add_loop_test(tc, test_samples, 0, (int)NELEM(samples));
	suite_add_tcase(s, tc);

	tc = tcase_create("lookup");
	tcase_add_test(tc, test_find_roundtrip);
	tcase_add_test(tc, test_find_unknown);
	suite_add_tcase(s, tc);

	tc = tcase_create("names");
	tcase_add_test(tc, test_severity_names);
	tcase_add_test(tc, test_severity_parse);
	tcase_add_test(tc, test_severity_roundtrip);
	tcase_add_test(tc, test_area_names);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(rules_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
