/* SPDX-License-Identifier: MIT */
/* check_psl.c - unit tests of the Public Suffix List module. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "psl.h"

static const char list[] =
	"// comment line\n"
	"com\n"
	"uk\n"
	"co.uk\n"
	"*.ck\n"
	"!www.ck\n"
	"  jp   trailing words are ignored\n"
	"*.kawasaki.jp\n"
	"!city.kawasaki.jp\n"
	"\xe5\x85\xac\xe5\x8f\xb8.cn\n" /* 公司.cn */
	"cn\n"
	"github.io\n"
	"\n";

static struct dnsauth_psl *psl;

static void setup(void)
{
	ck_assert_int_eq(dnsauth_psl_parse(list, strlen(list), &psl), 0);
}

static void teardown(void)
{
	dnsauth_psl_free(psl);
	psl = NULL;
}

static void expect(const char *domain, const char *suffix, const char *org)
{
	const char *ps = dnsauth_psl_public_suffix(psl, domain);
	const char *od = dnsauth_psl_org_domain(psl, domain);

	ck_assert_msg(strcmp(ps, suffix) == 0, "%s: suffix '%s', want '%s'", domain, ps,
		      suffix);
	if (org)
		ck_assert_msg(od && strcmp(od, org) == 0, "%s: org '%s', want '%s'", domain,
			      od ? od : "(null)", org);
	else
		ck_assert_msg(od == NULL, "%s: org '%s', want none", domain, od);
}

START_TEST(test_count)
{
	/* 11 rules plus the A-label form of the IDN one */
	ck_assert_uint_eq(dnsauth_psl_count(psl), 12);
}
END_TEST

START_TEST(test_normal)
{
	expect("example.com", "com", "example.com");
	expect("a.b.example.com", "com", "example.com");
	expect("com", "com", NULL);
	expect("example.co.uk", "co.uk", "example.co.uk");
	expect("mail.example.co.uk", "co.uk", "example.co.uk");
	expect("co.uk", "co.uk", NULL);
	expect("example.uk", "uk", "example.uk");
}
END_TEST

START_TEST(test_wildcard_and_exception)
{
	expect("foo.ck", "foo.ck", NULL);
	expect("bar.foo.ck", "foo.ck", "bar.foo.ck");
	expect("www.ck", "ck", "www.ck");
	expect("a.www.ck", "ck", "www.ck");
	expect("x.y.kawasaki.jp", "y.kawasaki.jp", "x.y.kawasaki.jp");
	expect("city.kawasaki.jp", "kawasaki.jp", "city.kawasaki.jp");
	expect("a.city.kawasaki.jp", "kawasaki.jp", "city.kawasaki.jp");
}
END_TEST

START_TEST(test_implicit_rule)
{
	expect("example.zzz", "zzz", "example.zzz");
	expect("zzz", "zzz", NULL);
	expect("a.b.c.zzz", "zzz", "c.zzz");
}
END_TEST

START_TEST(test_case_and_dot)
{
	expect("Mail.Example.CO.UK", "CO.UK", "Example.CO.UK");
	expect("example.com.", "com.", "example.com.");
	ck_assert(dnsauth_psl_is_public_suffix(psl, "co.uk"));
	ck_assert(dnsauth_psl_is_public_suffix(psl, "CO.UK."));
	ck_assert(!dnsauth_psl_is_public_suffix(psl, "example.co.uk"));
}
END_TEST

START_TEST(test_idn)
{
	/* 公司.cn is xn--55qx5d.cn in DNS */
	expect("example.xn--55qx5d.cn", "xn--55qx5d.cn", "example.xn--55qx5d.cn");
	expect("example.cn", "cn", "example.cn");
}
END_TEST

START_TEST(test_same_org)
{
	ck_assert(dnsauth_psl_same_org(psl, "mail.example.com", "example.com"));
	ck_assert(dnsauth_psl_same_org(psl, "a.example.com", "B.EXAMPLE.COM."));
	ck_assert(!dnsauth_psl_same_org(psl, "example.com", "example.net"));
	ck_assert(!dnsauth_psl_same_org(psl, "a.github.io", "b.github.io"));
	ck_assert(!dnsauth_psl_same_org(psl, "example.co.uk", "other.co.uk"));
}
END_TEST

START_TEST(test_real_list)
{
	struct dnsauth_psl *real = NULL;
	struct dnsauth_buf err;

	dnsauth_buf_init(&err, 0);
	ck_assert_int_eq(dnsauth_psl_load(DNSAUTH_PSL_DEFAULT_PATH, &real, &err), 0);
	ck_assert_uint_gt(dnsauth_psl_count(real), 5000);
	ck_assert_str_eq(dnsauth_psl_org_domain(real, "mail.google.com"), "google.com");
	ck_assert_str_eq(dnsauth_psl_org_domain(real, "a.b.bbc.co.uk"), "bbc.co.uk");
	ck_assert_str_eq(dnsauth_psl_org_domain(real, "user.github.io"), "user.github.io");
	ck_assert_str_eq(dnsauth_psl_org_domain(real, "x.www.ck"), "www.ck");
	ck_assert(dnsauth_psl_is_public_suffix(real, "com"));
	ck_assert(dnsauth_psl_is_public_suffix(real, "xn--55qx5d.cn"));
	dnsauth_psl_free(real);
	dnsauth_buf_free(&err);
}
END_TEST

/* Many rules (the lookups go through a hash index): every one is found,
 * in any case, and names that are no rule are not. */
START_TEST(test_many_rules)
{
	struct dnsauth_psl *p = NULL;
	char *text = malloc(5000 * 24), name[64];
	size_t used = 0, i;

	ck_assert_ptr_nonnull(text);
	for (i = 0; i < 5000; i++)
		used += (size_t)sprintf(text + used, "%sr%zu.test\n", i % 3 ? "" : "*.", i);
	ck_assert_int_eq(dnsauth_psl_parse(text, used, &p), 0);
	ck_assert_uint_eq(dnsauth_psl_count(p), 5000);
	for (i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "x.y.R%zu.Test", i);
		/* *.rN.test: y.rN.test is public, x.y.rN.test the org domain */
		if (i % 3 == 0) {
			ck_assert_str_eq(dnsauth_psl_public_suffix(p, name), name + 2);
			ck_assert_str_eq(dnsauth_psl_org_domain(p, name), name);
		} else {
			ck_assert_str_eq(dnsauth_psl_public_suffix(p, name), name + 4);
			ck_assert_str_eq(dnsauth_psl_org_domain(p, name), name + 2);
		}
	}
	snprintf(name, sizeof(name), "x.r5000.test");
	ck_assert_str_eq(dnsauth_psl_public_suffix(p, name), "test");
	dnsauth_psl_free(p);
	free(text);
}
END_TEST

START_TEST(test_load_errors)
{
	struct dnsauth_psl *p = NULL;
	struct dnsauth_buf err;

	dnsauth_buf_init(&err, 0);
	ck_assert_int_eq(dnsauth_psl_load("/nonexistent/psl.dat", &p, &err), DNSAUTH_EIO);
	ck_assert_ptr_null(p);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "/nonexistent/psl.dat: No such file or directory (the Public "
			 "Suffix List: install Debian's publicsuffix package or give its path)");
	dnsauth_buf_free(&err);
	ck_assert_int_eq(dnsauth_psl_parse("// only comments\n\n", 18, &p), 0);
	ck_assert_uint_eq(dnsauth_psl_count(p), 0);
	ck_assert_str_eq(dnsauth_psl_public_suffix(p, "example.com"), "com");
	dnsauth_psl_free(p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("psl");
	TCase *tc = tcase_create("psl");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_count);
	tcase_add_test(tc, test_normal);
	tcase_add_test(tc, test_wildcard_and_exception);
	tcase_add_test(tc, test_implicit_rule);
	tcase_add_test(tc, test_case_and_dot);
	tcase_add_test(tc, test_idn);
	tcase_add_test(tc, test_same_org);
	tcase_add_test(tc, test_real_list);
	tcase_add_test(tc, test_many_rules);
	tcase_add_test(tc, test_load_errors);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
