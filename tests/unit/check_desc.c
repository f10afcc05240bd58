/* SPDX-License-Identifier: MIT */
/*
 * check_desc.c - unit tests for SPF descriptions and provider templates
 * (lib/desc.c). Templates come from tests/data/desc-templates, found
 * through $top_srcdir, so the tests do not depend on the shipped ones.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "desc.h"
#include "error.h"
#include "finding.h"
#include "spf.h"

/* Template directory of the fixtures ($top_srcdir/tests/data/desc-templates). */
static char tdir[4096];

static struct dnsauth_buf err;
static struct dnsauth_spf_desc *d;
static struct dnsauth_findings fl;
static char *value;
static char expect[8192];

static void setup(void)
{
	dnsauth_buf_init(&err, 0);
	dnsauth_findings_init(&fl);
	d = NULL;
	value = NULL;
}

static void teardown(void)
{
	dnsauth_spf_desc_free(d);
	d = NULL;
	free(value);
	value = NULL;
	dnsauth_findings_clear(&fl);
	dnsauth_buf_free(&err);
}

/* printf into the static buffer expect (for messages naming tdir). */
static const char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static const char *fmt(const char *f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	n = vsnprintf(expect, sizeof(expect), f, ap);
	va_end(ap);
	ck_assert_int_ge(n, 0);
	ck_assert_uint_lt((size_t)n, sizeof(expect));
	return expect;
}

/* Parse text as "desc.yaml" with the fixture templates. */
static int parse(const char *text)
{
	dnsauth_spf_desc_free(d);
	d = NULL;
	dnsauth_buf_reset(&err);
	return dnsauth_spf_desc_parse("desc.yaml", text, strlen(text), tdir, &d, &err);
}

/* Parse a valid description. */
static void parse_ok(const char *text)
{
	int rc = parse(text);

	ck_assert_msg(rc == 0, "parse failed (%d): %s", rc, dnsauth_buf_str(&err));
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(dnsauth_buf_str(&err), "");
}

/* Check the loaded description; value receives the record. */
static void check(void)
{
	free(value);
	value = NULL;
	dnsauth_findings_clear(&fl);
	ck_assert_int_eq(dnsauth_spf_desc_check(d, &value, &fl), 0);
	ck_assert_ptr_nonnull(value);
}

/* A valid description whose record is exactly record, without findings. */
static void record_is(const char *text, const char *record)
{
	parse_ok(text);
	check();
	ck_assert_str_eq(value, record);
	ck_assert_msg(fl.n == 0, "unexpected finding: %s",
		      fl.n ? fl.v[0].message : "");
}

/*
 * A description that fails with exactly msg and DNSAUTH_EPARSE (the
 * message is checked first, so a wrong status does not hide it).
 */
static void parse_fails(const char *text, const char *msg)
{
	int rc = parse(text);

	ck_assert_str_eq(dnsauth_buf_str(&err), msg);
	ck_assert_ptr_null(d);
	ck_assert_int_eq(rc, DNSAUTH_EPARSE);
}

/* One sender between a domain and a policy (it starts at line 3, column 5). */
static void sender_fails(const char *sender, const char *msg)
{
	char text[1024];

	snprintf(text, sizeof(text),
		 "domain: example.com\nsenders:\n  - %s\npolicy: fail\n", sender);
	parse_fails(text, msg);
}

static void assert_sender(size_t i, const char *label, unsigned lookups,
			  bool known, size_t first, size_t nterms)
{
	const struct dnsauth_spf_sender *s;

	ck_assert_uint_lt(i, d->nsenders);
	s = &d->senders[i];
	ck_assert_str_eq(s->label, label);
	ck_assert_uint_eq(s->lookups, lookups);
	ck_assert_int_eq(s->cost_known, known);
	ck_assert_uint_eq(s->first_term, first);
	ck_assert_uint_eq(s->nterms, nterms);
}

/* The only finding is spf-too-many-lookups with severity sev and msg. */
static void lookup_finding(enum dnsauth_severity sev, const char *msg)
{
	const struct dnsauth_finding *f;

	ck_assert_uint_eq(fl.n, 1);
	f = dnsauth_findings_find(&fl, DNSAUTH_R_SPF_TOO_MANY_LOOKUPS);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->severity, sev);
	ck_assert_str_eq(f->name, "example.com");
	ck_assert_str_eq(f->record, value);
	ck_assert_str_eq(f->message, msg);
}

/* ------------------------------------------------------------ records */

START_TEST(test_full_record)
{
	record_is("domain: example.com\n"
		  "senders:\n"
		  "  - ip4: 192.0.2.0/24\n"
		  "  - ip6: 2001:db8::/32\n"
		  "  - a\n"
		  "  - mx\n"
		  "  - a: mail.example.com\n"
		  "    cidr4: 24\n"
		  "    cidr6: 64\n"
		  "  - include: _spf.example.net\n"
		  "  - exists: \"%{i}._spf.example.com\"\n"
		  "  - template: beta\n"
		  "policy: fail\n",
		  "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a mx "
		  "a:mail.example.com/24//64 include:_spf.example.net "
		  "exists:%{i}._spf.example.com ip4:198.51.100.0/24 "
		  "include:_spf.beta.example -all");
	ck_assert_str_eq(d->file, "desc.yaml");
	ck_assert_str_eq(d->domain, "example.com");
	ck_assert_uint_eq(d->ttl, DNSAUTH_DEFAULT_TTL);
	ck_assert_uint_eq(d->ttl, 3600);
	ck_assert_int_eq(d->policy, '-');
	ck_assert_ptr_null(d->redirect);
	ck_assert_uint_eq(d->nsenders, 8);
	ck_assert_uint_eq(d->spf->nterms, 10);
	ck_assert_uint_eq(d->lookups, 7);
}
END_TEST

START_TEST(test_policy_words)
{
	record_is("domain: example.com\nsenders:\n  - mx\npolicy: fail\n",
		  "v=spf1 mx -all");
	ck_assert_int_eq(d->policy, '-');
	record_is("domain: example.com\nsenders:\n  - mx\npolicy: softfail\n",
		  "v=spf1 mx ~all");
	ck_assert_int_eq(d->policy, '~');

	/* neutral is allowed, and the record check warns about it */
	parse_ok("domain: example.com\nsenders:\n  - mx\npolicy: neutral\n");
	ck_assert_int_eq(d->policy, '?');
	check();
	ck_assert_str_eq(value, "v=spf1 mx ?all");
	ck_assert_uint_eq(fl.n, 1);
	ck_assert_int_eq(fl.v[0].rule, DNSAUTH_R_SPF_PERMISSIVE);
	ck_assert_int_eq(fl.v[0].severity, DNSAUTH_SEV_WARNING);
}
END_TEST

START_TEST(test_redirect_record)
{
	record_is("domain: example.com\n"
		  "senders:\n"
		  "  - ip4: 192.0.2.1\n"
		  "redirect: _spf.example.com\n",
		  "v=spf1 ip4:192.0.2.1 redirect=_spf.example.com");
	ck_assert_int_eq(d->policy, 0);
	ck_assert_str_eq(d->redirect, "_spf.example.com");
	ck_assert_uint_eq(d->lookups, 1);

	/* the modifier is printed last even when it is written first */
	record_is("redirect: _spf.example.com\ndomain: example.com\n",
		  "v=spf1 redirect=_spf.example.com");
}
END_TEST

START_TEST(test_ttl)
{
	record_is("domain: example.com\npolicy: fail\n", "v=spf1 -all");
	ck_assert_uint_eq(d->ttl, 3600);
	parse_ok("domain: example.com\npolicy: fail\nttl: 300\n");
	ck_assert_uint_eq(d->ttl, 300);
	parse_ok("domain: example.com\npolicy: fail\nttl: 0\n");
	ck_assert_uint_eq(d->ttl, 0);
	parse_ok("domain: example.com\npolicy: fail\nttl: 2147483647\n");
	ck_assert_uint_eq(d->ttl, 2147483647u);
}
END_TEST

START_TEST(test_domain_trailing_dot)
{
	record_is("domain: example.com.\npolicy: fail\n", "v=spf1 -all");
	ck_assert_str_eq(d->domain, "example.com");
	ck_assert_str_eq(d->file, "desc.yaml");
}
END_TEST

START_TEST(test_no_senders)
{
	static const char *const texts[] = {
		"domain: example.com\npolicy: fail\n",
		"domain: example.com\nsenders:\npolicy: fail\n",
		"domain: example.com\nsenders: ~\npolicy: fail\n",
		"domain: example.com\nsenders: []\npolicy: fail\n",
	};
	size_t i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		record_is(texts[i], "v=spf1 -all");
		ck_assert_uint_eq(d->nsenders, 0);
		ck_assert_ptr_null(d->senders);
		ck_assert_uint_eq(d->lookups, 0);
	}
}
END_TEST

START_TEST(test_a_mx_forms)
{
	record_is("domain: example.com\n"
		  "senders:\n"
		  "  - a\n"
		  "  - mx\n"
		  "  - a: mail.example.com\n"
		  "  - mx: example.net\n"
		  "    cidr6: 48\n"
		  "  - a:\n"
		  "    cidr4: 28\n"
		  "  - mx: ~\n"
		  "    cidr4: 0\n"
		  "    cidr6: 128\n"
		  "policy: softfail\n",
		  "v=spf1 a mx a:mail.example.com mx:example.net//48 a/28 mx/0//128 ~all");
	ck_assert_uint_eq(d->lookups, 6);
	assert_sender(4, "a/28", 1, true, 4, 1);
}
END_TEST

START_TEST(test_exists_macro)
{
	record_is("domain: example.com\n"
		  "senders:\n"
		  "  - exists: \"%{i}._spf.example.com\"\n"
		  "  - exists: '%{ir}.%{v}._spf.%{d2}'\n"
		  "policy: fail\n",
		  "v=spf1 exists:%{i}._spf.example.com exists:%{ir}.%{v}._spf.%{d2} -all");
	assert_sender(0, "exists:%{i}._spf.example.com", 1, true, 0, 1);
}
END_TEST

START_TEST(test_templates_expand)
{
	record_is("domain: example.com\n"
		  "senders:\n"
		  "  - template: alpha\n"
		  "  - template: beta\n"
		  "  - ip4: 192.0.2.7\n"
		  "policy: fail\n",
		  "v=spf1 include:_spf.alpha.example ip4:198.51.100.0/24 "
		  "include:_spf.beta.example ip4:192.0.2.7 -all");
	ck_assert_uint_eq(d->nsenders, 3);
	assert_sender(0, "template alpha", 4, true, 0, 1);
	assert_sender(1, "template beta", 2, true, 1, 2);
	assert_sender(2, "ip4:192.0.2.7", 0, true, 3, 1);
	ck_assert_uint_eq(d->lookups, 6);
}
END_TEST

START_TEST(test_addresses_normalised)
{
	record_is("domain: example.com\n"
		  "senders:\n"
		  "  - ip6: 2001:DB8:0:0::1\n"
		  "  - ip6: \"2001:db8:25::/64\"\n"
		  "  - ip4: 192.0.2.128/25\n"
		  "policy: fail\n",
		  "v=spf1 ip6:2001:db8::1 ip6:2001:db8:25::/64 ip4:192.0.2.128/25 -all");
}
END_TEST

/* ------------------------------------------------------------ lookups */

START_TEST(test_sender_costs)
{
	parse_ok("domain: example.com\n"
		 "senders:\n"
		 "  - ip4: 192.0.2.0/24\n"
		 "  - ip6: 2001:db8::/32\n"
		 "  - a\n"
		 "  - mx: mx.example.com\n"
		 "  - exists: \"%{i}.e.example.com\"\n"
		 "  - include: _spf.example.net\n"
		 "  - template: alpha\n"
		 "policy: fail\n");
	ck_assert_uint_eq(d->nsenders, 7);
	assert_sender(0, "ip4:192.0.2.0/24", 0, true, 0, 1);
	assert_sender(1, "ip6:2001:db8::/32", 0, true, 1, 1);
	assert_sender(2, "a", 1, true, 2, 1);
	assert_sender(3, "mx:mx.example.com", 1, true, 3, 1);
	assert_sender(4, "exists:%{i}.e.example.com", 1, true, 4, 1);
	assert_sender(5, "include:_spf.example.net", 1, false, 5, 1);
	assert_sender(6, "template alpha", 4, true, 6, 1);
	ck_assert_uint_eq(d->lookups, 8);
	/* positions of the list items */
	ck_assert_uint_eq(d->senders[0].line, 3);
	ck_assert_uint_eq(d->senders[0].column, 5);
	ck_assert_uint_eq(d->senders[2].line, 5);
	ck_assert_uint_eq(d->senders[2].column, 5);
	ck_assert_uint_eq(d->senders[6].line, 9);
	ck_assert_uint_eq(d->senders[6].column, 5);
}
END_TEST

START_TEST(test_redirect_cost)
{
	parse_ok("domain: example.com\n"
		 "senders:\n"
		 "  - template: beta\n"
		 "  - mx\n"
		 "redirect: _spf.example.com\n");
	ck_assert_uint_eq(d->lookups, 4);
	ck_assert_uint_eq(d->nsenders, 2);
	check();
	ck_assert_str_eq(value, "v=spf1 ip4:198.51.100.0/24 include:_spf.beta.example mx "
			 "redirect=_spf.example.com");
	ck_assert_uint_eq(fl.n, 0);
}
END_TEST

START_TEST(test_lookups_8_no_finding)
{
	record_is("domain: example.com\n"
		  "senders:\n"
		  "  - template: alpha\n"
		  "  - template: beta\n"
		  "  - a\n"
		  "  - mx\n"
		  "policy: fail\n",
		  "v=spf1 include:_spf.alpha.example ip4:198.51.100.0/24 "
		  "include:_spf.beta.example a mx -all");
	ck_assert_uint_eq(d->lookups, 8);
	ck_assert_ptr_null(dnsauth_findings_find(&fl, DNSAUTH_R_SPF_TOO_MANY_LOOKUPS));
}
END_TEST

START_TEST(test_lookups_9_warning)
{
	parse_ok("domain: example.com\n"
		 "senders:\n"
		 "  - ip4: 192.0.2.1\n"
		 "  - template: nine\n"
		 "policy: fail\n");
	ck_assert_uint_eq(d->lookups, 9);
	check();
	ck_assert_str_eq(value, "v=spf1 ip4:192.0.2.1 include:_spf.nine.example -all");
	lookup_finding(DNSAUTH_SEV_WARNING,
		       "the record needs 9 of the 10 allowed DNS lookups; one more "
		       "provider change can break SPF; most costly: template nine (9)");
}
END_TEST

START_TEST(test_lookups_10_warning)
{
	parse_ok("domain: example.com\n"
		 "senders:\n"
		 "  - template: nine\n"
		 "  - include: _spf.example.net\n"
		 "policy: fail\n");
	ck_assert_uint_eq(d->lookups, 10);
	check();
	lookup_finding(DNSAUTH_SEV_WARNING,
		       "the record needs at least 10 of the 10 allowed DNS lookups; one "
		       "more provider change can break SPF; most costly: template nine (9), "
		       "include:_spf.example.net (1)");

	/* all costs known: no "at least" */
	parse_ok("domain: example.com\n"
		 "senders:\n"
		 "  - mx\n"
		 "  - template: nine\n"
		 "policy: fail\n");
	check();
	lookup_finding(DNSAUTH_SEV_WARNING,
		       "the record needs 10 of the 10 allowed DNS lookups; one more "
		       "provider change can break SPF; most costly: template nine (9), mx (1)");
}
END_TEST

START_TEST(test_lookups_11_error)
{
	parse_ok("domain: example.com\n"
		 "senders:\n"
		 "  - a\n"
		 "  - template: nine\n"
		 "  - mx\n"
		 "policy: fail\n");
	ck_assert_uint_eq(d->lookups, 11);
	check();
	ck_assert_str_eq(value, "v=spf1 a include:_spf.nine.example mx -all");
	lookup_finding(DNSAUTH_SEV_ERROR,
		       "the record needs 11 DNS lookups, over the limit of 10 (receivers "
		       "return permerror); most costly: template nine (9), a (1), mx (1)");
}
END_TEST

START_TEST(test_lookups_most_costly_first)
{
	/* three shown, most expensive first, ties in written order */
	parse_ok("domain: example.com\n"
		 "senders:\n"
		 "  - ip4: 192.0.2.1\n"
		 "  - a\n"
		 "  - template: beta\n"
		 "  - template: alpha\n"
		 "  - include: _spf.example.net\n"
		 "  - template: nine\n"
		 "policy: fail\n");
	ck_assert_uint_eq(d->lookups, 17);
	check();
	lookup_finding(DNSAUTH_SEV_ERROR,
		       "the record needs at least 17 DNS lookups, over the limit of 10 "
		       "(receivers return permerror); most costly: template nine (9), "
		       "template alpha (4), template beta (2)");
}
END_TEST

START_TEST(test_lookups_redirect_counts)
{
	parse_ok("domain: example.com\n"
		 "senders:\n"
		 "  - template: nine\n"
		 "redirect: _spf.example.com\n");
	ck_assert_uint_eq(d->lookups, 10);
	check();
	lookup_finding(DNSAUTH_SEV_WARNING,
		       "the record needs at least 10 of the 10 allowed DNS lookups; one "
		       "more provider change can break SPF; most costly: template nine (9)");

	parse_ok("domain: example.com\n"
		 "senders:\n"
		 "  - template: nine\n"
		 "  - a\n"
		 "redirect: _spf.example.com\n");
	ck_assert_uint_eq(d->lookups, 11);
	check();
	lookup_finding(DNSAUTH_SEV_ERROR,
		       "the record needs at least 11 DNS lookups, over the limit of 10 "
		       "(receivers return permerror); most costly: template nine (9), a (1)");
}
END_TEST

/* ------------------------------------------------------------ document errors */

START_TEST(test_error_yaml_syntax)
{
	parse_fails("domain: example.com: x\npolicy: fail\n",
		    "desc.yaml:1:20: mapping values are not allowed in this context");
	parse_fails("domain: example.com\nsenders: [mx\npolicy: fail\n",
		    "desc.yaml:3:7: did not find expected ',' or ']' "
		    "(while parsing a flow sequence that started at line 2)");
}
END_TEST

START_TEST(test_error_empty)
{
	static const char msg[] =
		"desc.yaml:1:1: empty description (it needs at least 'domain' and 'policy')";

	parse_fails("", msg);
	parse_fails("# nothing here\n", msg);
	parse_fails("---\n", msg);
}
END_TEST

START_TEST(test_error_not_mapping)
{
	parse_fails("- domain: example.com\n",
		    "desc.yaml:1:1: the description must be a mapping, not a list");
	parse_fails("example.com\n",
		    "desc.yaml:1:1: the description must be a mapping, not a string");
}
END_TEST

START_TEST(test_error_unknown_key)
{
	parse_fails("domain: example.com\npolcy: fail\n",
		    "desc.yaml:2:1: unknown key 'polcy' in the description "
		    "(did you mean 'policy'?)");
	parse_fails("domain: example.com\npolicy: fail\nzzz: 1\n",
		    "desc.yaml:3:1: unknown key 'zzz' in the description");
	parse_fails("domain: example.com\nsender:\n  - mx\npolicy: fail\n",
		    "desc.yaml:2:1: unknown key 'sender' in the description "
		    "(did you mean 'senders'?)");
}
END_TEST

START_TEST(test_error_duplicate_key)
{
	parse_fails("domain: example.com\npolicy: fail\ndomain: example.net\n",
		    "desc.yaml:3:1: duplicate key 'domain' in the description "
		    "(first at line 1)");
}
END_TEST

START_TEST(test_error_domain_missing)
{
	parse_fails("policy: fail\n", "desc.yaml:1:1: missing required key 'domain'");
	parse_fails("policy: fail\ndomain: \"\"\n",
		    "desc.yaml:2:9: 'domain' value '' is not a valid domain name: "
		    "empty domain name");
	parse_fails("policy: fail\ndomain: [example.com]\n",
		    "desc.yaml:2:9: 'domain' must be a string, not a list");
}
END_TEST

START_TEST(test_error_domain_invalid)
{
	parse_fails("domain: exa mple.com\npolicy: fail\n",
		    "desc.yaml:1:9: 'domain' value 'exa mple.com' is not a valid domain "
		    "name: character not allowed in a host name");
	parse_fails("domain: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com\n"
		    "policy: fail\n",
		    "desc.yaml:1:9: 'domain' value "
		    "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com' "
		    "is not a valid domain name: label longer than 63 characters");
	parse_fails("domain: localhost\npolicy: fail\n",
		    "desc.yaml:1:9: 'domain' value 'localhost' is not a valid domain "
		    "name: not a fully qualified domain name");
	parse_fails("domain: example..com\npolicy: fail\n",
		    "desc.yaml:1:9: 'domain' value 'example..com' is not a valid domain "
		    "name: empty label");
}
END_TEST

START_TEST(test_error_ttl)
{
	parse_fails("domain: example.com\npolicy: fail\nttl: 1h\n",
		    "desc.yaml:3:6: 'ttl' must be an integer between 0 and 2147483647, "
		    "not '1h'");
	parse_fails("domain: example.com\npolicy: fail\nttl: -5\n",
		    "desc.yaml:3:6: 'ttl' must be an integer between 0 and 2147483647, "
		    "not '-5'");
	parse_fails("domain: example.com\npolicy: fail\nttl: 2147483648\n",
		    "desc.yaml:3:6: 'ttl' must be an integer between 0 and 2147483647, "
		    "not '2147483648'");
	parse_fails("domain: example.com\npolicy: fail\nttl: \"300\"\n",
		    "desc.yaml:3:6: 'ttl' must be an integer between 0 and 2147483647, "
		    "not the quoted string '300'");
}
END_TEST

START_TEST(test_error_senders_not_list)
{
	parse_fails("domain: example.com\nsenders: mx\npolicy: fail\n",
		    "desc.yaml:2:10: 'senders' must be a list, not a string");
	parse_fails("domain: example.com\nsenders:\n  include: _spf.example.net\n"
		    "policy: fail\n",
		    "desc.yaml:3:3: 'senders' must be a list, not a mapping");
}
END_TEST

/* ------------------------------------------------------------ sender errors */

START_TEST(test_error_sender_word)
{
	sender_fails("inclde",
		     "desc.yaml:3:5: a sender must be a mapping such as 'include: NAME' "
		     "or the word 'a' or 'mx' (did you mean 'include: ...'?)");
	sender_fails("spf.example.com",
		     "desc.yaml:3:5: a sender must be a mapping such as 'include: NAME' "
		     "or the word 'a' or 'mx'");
}
END_TEST

START_TEST(test_error_sender_unknown_key)
{
	sender_fails("incldue: _spf.example.net",
		     "desc.yaml:3:5: unknown key 'incldue' in a sender "
		     "(did you mean 'include'?)");
	sender_fails("redirect: _spf.example.net",
		     "desc.yaml:3:5: unknown key 'redirect' in a sender");
	sender_fails("[mx, a]",
		     "desc.yaml:3:5: a sender must be a mapping, not a list");
}
END_TEST

START_TEST(test_error_sender_two_mechanisms)
{
	parse_fails("domain: example.com\n"
		    "senders:\n"
		    "  - ip4: 192.0.2.1\n"
		    "    include: _spf.example.net\n"
		    "policy: fail\n",
		    "desc.yaml:4:5: a sender has both 'ip4' and 'include'; write one "
		    "per list item");
	parse_fails("domain: example.com\n"
		    "senders:\n"
		    "  - include: _spf.example.net\n"
		    "    include: _spf.example.org\n"
		    "policy: fail\n",
		    "desc.yaml:4:5: duplicate key 'include' in a sender (first at line 3)");
}
END_TEST

START_TEST(test_error_sender_no_mechanism)
{
	sender_fails("cidr4: 24",
		     "desc.yaml:3:5: a sender needs one of ip4, ip6, a, mx, include, "
		     "exists, template");
	sender_fails("include:",
		     "desc.yaml:3:13: 'include' needs a value");
	sender_fails("ip4:",
		     "desc.yaml:3:9: 'ip4' needs a value");
	sender_fails("ip4: \"\"",
		     "desc.yaml:3:10: 'ip4' value '' is not an IPv4 address with an "
		     "optional /0-32 prefix length");
	sender_fails("template:",
		     "desc.yaml:3:14: 'template' must not be empty");
}
END_TEST

START_TEST(test_error_sender_ptr_all)
{
	sender_fails("ptr: example.com",
		     "desc.yaml:3:10: 'ptr' is not generated: RFC 7208 §5.5 says it "
		     "SHOULD NOT be published; list the addresses or hosts instead");
	sender_fails("all: ~",
		     "desc.yaml:3:10: 'all' is not a sender; set the top-level 'policy' "
		     "instead");
}
END_TEST

START_TEST(test_error_sender_ip)
{
	sender_fails("ip4: 192.0.2.300",
		     "desc.yaml:3:10: 'ip4' value '192.0.2.300' is not an IPv4 address "
		     "with an optional /0-32 prefix length");
	sender_fails("ip4: 192.0.2.0/33",
		     "desc.yaml:3:10: 'ip4' value '192.0.2.0/33' is not an IPv4 address "
		     "with an optional /0-32 prefix length");
	sender_fails("ip4: 2001:db8::1",
		     "desc.yaml:3:10: 'ip4' value '2001:db8::1' is not an IPv4 address "
		     "with an optional /0-32 prefix length");
	sender_fails("ip6: 2001:db8::g",
		     "desc.yaml:3:10: 'ip6' value '2001:db8::g' is not an IPv6 address "
		     "with an optional /0-128 prefix length");
	sender_fails("ip6: 2001:db8::/129",
		     "desc.yaml:3:10: 'ip6' value '2001:db8::/129' is not an IPv6 address "
		     "with an optional /0-128 prefix length");
}
END_TEST

START_TEST(test_error_sender_include_domain)
{
	sender_fails("include: example",
		     "desc.yaml:3:14: 'include' value 'example' is not a valid domain: domain "
		     "must end in a macro or in '.' and a valid top-level label");
	sender_fails("include: \"bad domain.com\"",
		     "desc.yaml:3:14: 'include' value 'bad domain.com' is not a valid domain: control "
		     "character or space not allowed");
	sender_fails("include: -bad.example.com",
		     "desc.yaml:3:14: 'include' value '-bad.example.com' is not a valid domain: label "
		     "begins with a hyphen");
	sender_fails("exists: \"%{x}.example.com\"",
		     "desc.yaml:3:13: 'exists' value '%{x}.example.com' is not a valid domain: unknown "
		     "macro letter");
}
END_TEST

START_TEST(test_error_sender_cidr)
{
	parse_fails("domain: example.com\n"
		    "senders:\n"
		    "  - include: _spf.example.net\n"
		    "    cidr4: 24\n"
		    "policy: fail\n",
		    "desc.yaml:4:12: 'cidr4' and 'cidr6' apply only to 'a' and 'mx'");
	parse_fails("domain: example.com\n"
		    "senders:\n"
		    "  - a: mail.example.com\n"
		    "    cidr4: 33\n"
		    "policy: fail\n",
		    "desc.yaml:4:12: 'cidr4' must be an integer between 0 and 32, not '33'");
	parse_fails("domain: example.com\n"
		    "senders:\n"
		    "  - mx\n"
		    "  - mx:\n"
		    "    cidr6: 129\n"
		    "policy: fail\n",
		    "desc.yaml:5:12: 'cidr6' must be an integer between 0 and 128, not '129'");
}
END_TEST

/* ------------------------------------------------------------ template errors */

START_TEST(test_error_template_unknown)
{
	sender_fails("template: alph",
		     "desc.yaml:3:15: unknown template 'alph' (did you mean 'alpha'?); "
		     "'spfgen --list-templates' lists them");
	sender_fails("template: betaa",
		     "desc.yaml:3:15: unknown template 'betaa' (did you mean 'beta'?); "
		     "'spfgen --list-templates' lists them");
	sender_fails("template: google-workspace",
		     "desc.yaml:3:15: unknown template 'google-workspace'; "
		     "'spfgen --list-templates' lists them");
}
END_TEST

START_TEST(test_error_template_name)
{
	sender_fails("template: ../etc",
		     "desc.yaml:3:15: invalid template name '../etc' (lower-case "
		     "letters, digits and '-')");
	sender_fails("template: Alpha",
		     "desc.yaml:3:15: invalid template name 'Alpha' (lower-case "
		     "letters, digits and '-')");
	sender_fails("template: [alpha]",
		     "desc.yaml:3:15: 'template' must be a string, not a list");
}
END_TEST

START_TEST(test_error_template_dir_missing)
{
	static const char text[] =
		"domain: example.com\nsenders:\n  - template: alpha\npolicy: fail\n";
	int rc;

	rc = dnsauth_spf_desc_parse("desc.yaml", text, strlen(text),
				    "/nonexistent/templates", &d, &err);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "desc.yaml:3:15: template directory '/nonexistent/templates/spf' "
			 "not found (use --templates DIR or set DNSAUTH_TEMPLATE_DIR)");
	ck_assert_ptr_null(d);
	/* desc.h documents only 0, EIO, EPARSE and ENOMEM */
	ck_assert_msg(rc == DNSAUTH_EIO || rc == DNSAUTH_EPARSE,
		      "undocumented status %d (%s)", rc, dnsauth_strerror(rc));
}
END_TEST

START_TEST(test_error_template_nested)
{
	sender_fails("template: nested",
		     fmt("desc.yaml:3:15: %s/spf/nested.yaml:10:5: a template cannot "
			 "use another template", tdir));
}
END_TEST

START_TEST(test_error_template_broken)
{
	sender_fails("template: broken",
		     fmt("desc.yaml:3:15: %s/spf/broken.yaml:7:1: unknown key 'lookup' "
			 "in the template (did you mean 'lookups'?)", tdir));
}
END_TEST

START_TEST(test_error_template_misnamed)
{
	sender_fails("template: misnamed",
		     fmt("desc.yaml:3:15: %s/spf/misnamed.yaml:3:7: template name "
			 "'other' does not match its file name 'misnamed'", tdir));
}
END_TEST

START_TEST(test_error_template_too_cheap)
{
	sender_fails("template: cheap",
		     fmt("desc.yaml:3:15: %s/spf/cheap.yaml:7:10: 'lookups' is 0 but "
			 "the template's own terms already cost 2", tdir));
}
END_TEST

/* ------------------------------------------------------------ policy errors */

START_TEST(test_error_policy_permissive)
{
	parse_fails("domain: example.com\npolicy: pass\n",
		    "desc.yaml:2:9: policy 'pass' would let every host on the Internet "
		    "pass SPF for example.com; refused (use fail, softfail or neutral)");
	parse_fails("domain: example.com.\npolicy: +all\n",
		    "desc.yaml:2:9: policy '+all' would let every host on the Internet "
		    "pass SPF for example.com; refused (use fail, softfail or neutral)");
	parse_fails("domain: example.com\npolicy: all\n",
		    "desc.yaml:2:9: policy 'all' would let every host on the Internet "
		    "pass SPF for example.com; refused (use fail, softfail or neutral)");
}
END_TEST

START_TEST(test_error_policy_word)
{
	parse_fails("domain: example.com\npolicy: -all\n",
		    "desc.yaml:2:9: 'policy' must be fail, softfail or neutral, not "
		    "'-all' (did you mean 'fail'?)");
	parse_fails("domain: example.com\npolicy: ~all\n",
		    "desc.yaml:2:9: 'policy' must be fail, softfail or neutral, not "
		    "'~all' (did you mean 'softfail'?)");
	parse_fails("domain: example.com\npolicy: \"?all\"\n",
		    "desc.yaml:2:9: 'policy' must be fail, softfail or neutral, not "
		    "'?all' (did you mean 'neutral'?)");
	parse_fails("domain: example.com\npolicy: softfial\n",
		    "desc.yaml:2:9: 'policy' must be fail, softfail or neutral, not "
		    "'softfial' (did you mean 'softfail'?)");
	parse_fails("domain: example.com\npolicy: Fail\n",
		    "desc.yaml:2:9: 'policy' must be fail, softfail or neutral, not "
		    "'Fail' (did you mean 'fail'?)");
	parse_fails("domain: example.com\npolicy: reject\n",
		    "desc.yaml:2:9: 'policy' must be fail, softfail or neutral, not "
		    "'reject'");
	parse_fails("domain: example.com\npolicy:\n",
		    "desc.yaml:2:8: 'policy' must not be empty");
}
END_TEST

START_TEST(test_error_policy_and_redirect)
{
	parse_fails("domain: example.com\npolicy: fail\nredirect: _spf.example.com\n",
		    "desc.yaml:2:9: 'policy' and 'redirect' exclude each other: with an "
		    "'all' term receivers ignore the redirect (RFC 7208 §6.1)");
}
END_TEST

START_TEST(test_error_no_policy)
{
	parse_fails("domain: example.com\nsenders:\n  - mx\n",
		    "desc.yaml:1:1: missing required key 'policy' (fail, softfail or "
		    "neutral), or 'redirect'");
}
END_TEST

START_TEST(test_error_redirect_domain)
{
	parse_fails("domain: example.com\nredirect: example\n",
		    "desc.yaml:2:11: 'redirect' value 'example' is not a valid domain: domain "
		    "must end in a macro or in '.' and a valid top-level label");
	parse_fails("domain: example.com\nredirect: _spf..example.com\n",
		    "desc.yaml:2:11: 'redirect' value '_spf..example.com' is not a valid domain: "
		    "empty label");
}
END_TEST

/* ------------------------------------------------------------ files and templates */

START_TEST(test_load_missing)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/no-such-description.yaml", tdir);
	ck_assert_int_eq(dnsauth_spf_desc_load(path, tdir, &d, &err), DNSAUTH_EIO);
	ck_assert_ptr_null(d);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 fmt("%s: No such file or directory", path));
}
END_TEST

/* Write text to path; false on failure. */
static bool write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	bool ok;

	if (!f)
		return false;
	ok = fwrite(text, 1, strlen(text), f) == strlen(text);
	return fclose(f) == 0 && ok;
}

START_TEST(test_load_file)
{
	static const char good[] =
		"# a description on disk\n"
		"domain: example.org\n"
		"senders:\n"
		"  - template: alpha\n"
		"  - ip4: 203.0.113.5\n"
		"policy: softfail\n"
		"ttl: 600\n";
	static const char bad[] = "domain: example.org\npolicy: hard\n";
	struct dnsauth_spf_desc *d2 = NULL;
	struct dnsauth_buf err2;
	char dir[] = "/tmp/check_desc.XXXXXX";
	char path[64];
	bool wrote_good, wrote_bad = false;
	int rc, rc2 = 0;

	/* all file work first, so that a failed assertion leaves nothing behind */
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/example.org.yaml", dir);
	dnsauth_buf_init(&err2, 0);
	wrote_good = write_text(path, good);
	rc = dnsauth_spf_desc_load(path, tdir, &d, &err);
	if (wrote_good) {
		wrote_bad = write_text(path, bad);
		rc2 = dnsauth_spf_desc_load(path, tdir, &d2, &err2);
	}
	unlink(path);
	rmdir(dir);

	ck_assert(wrote_good && wrote_bad);
	ck_assert_msg(rc == 0, "load failed: %s", dnsauth_buf_str(&err));
	ck_assert_str_eq(dnsauth_buf_str(&err), "");
	ck_assert_str_eq(d->file, path);
	ck_assert_str_eq(d->domain, "example.org");
	ck_assert_uint_eq(d->ttl, 600);
	ck_assert_uint_eq(d->lookups, 4);
	check();
	ck_assert_str_eq(value, "v=spf1 include:_spf.alpha.example ip4:203.0.113.5 ~all");

	/* errors name the file */
	ck_assert_str_eq(dnsauth_buf_str(&err2),
			 fmt("%s:2:9: 'policy' must be fail, softfail or neutral, not 'hard'",
			     path));
	ck_assert_ptr_null(d2);
	ck_assert_int_eq(rc2, DNSAUTH_EPARSE);
	dnsauth_buf_free(&err2);
}
END_TEST

START_TEST(test_template_list)
{
	static const char *const want[] = {
		"alpha", "beta", "broken", "cheap", "misnamed", "nested", "nine"
	};
	char **names = NULL;
	size_t n = 0, i;

	ck_assert_int_eq(dnsauth_spf_template_list(tdir, &names, &n, &err), 0);
	ck_assert_uint_eq(n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < n; i++)
		ck_assert_str_eq(names[i], want[i]);
	dnsauth_strv_free(names, n);

	ck_assert_int_eq(dnsauth_spf_template_list("/nonexistent/templates", &names, &n,
						   &err), DNSAUTH_EIO);
	ck_assert_ptr_null(names);
	ck_assert_uint_eq(n, 0);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "/nonexistent/templates/spf: cannot read the template directory: "
			 "No such file or directory");
	dnsauth_strv_free(NULL, 0);
}
END_TEST

START_TEST(test_template_load_fields)
{
	struct dnsauth_spf_template *t = NULL;

	ck_assert_int_eq(dnsauth_spf_template_load(tdir, "alpha", &t, &err), 0);
	ck_assert_str_eq(dnsauth_buf_str(&err), "");
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(t->name, "alpha");
	ck_assert_str_eq(t->title, "Alpha Mail (test fixture)");
	ck_assert_str_eq(t->reference, "https://alpha.example/spf");
	ck_assert_str_eq(t->checked, "2026-11");
	ck_assert_str_eq(t->notes, "Used by tests/unit/check_desc.c.");
	ck_assert_uint_eq(t->lookups, 4);
	ck_assert_str_eq(t->path, fmt("%s/spf/alpha.yaml", tdir));
	ck_assert_uint_eq(t->spf->nterms, 1);
	ck_assert_int_eq(t->spf->terms[0].kind, DNSAUTH_SPF_INCLUDE);
	ck_assert_str_eq(t->spf->terms[0].domain, "_spf.alpha.example");
	ck_assert_str_eq(t->spf->terms[0].text, "include:_spf.alpha.example");
	dnsauth_spf_template_free(t);

	t = NULL;
	ck_assert_int_eq(dnsauth_spf_template_load(tdir, "beta", &t, &err), 0);
	ck_assert_str_eq(t->title, "Beta Relay (test fixture)");
	ck_assert_str_eq(t->checked, "2026-10");
	ck_assert_ptr_null(t->notes);
	ck_assert_uint_eq(t->lookups, 2);
	ck_assert_uint_eq(t->spf->nterms, 2);
	ck_assert_int_eq(t->spf->terms[0].kind, DNSAUTH_SPF_IP4);
	ck_assert_str_eq(t->spf->terms[0].text, "ip4:198.51.100.0/24");
	ck_assert_int_eq(t->spf->terms[1].kind, DNSAUTH_SPF_INCLUDE);
	ck_assert_str_eq(t->spf->terms[1].text, "include:_spf.beta.example");
	dnsauth_spf_template_free(t);
	dnsauth_spf_template_free(NULL);
}
END_TEST

START_TEST(test_template_load_errors)
{
	struct dnsauth_spf_template *t = NULL;

	ck_assert_int_eq(dnsauth_spf_template_load(tdir, "misnamed", &t, &err),
			 DNSAUTH_EPARSE);
	ck_assert_ptr_null(t);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 fmt("%s/spf/misnamed.yaml:3:7: template name 'other' does not "
			     "match its file name 'misnamed'", tdir));

	dnsauth_buf_reset(&err);
	ck_assert_int_eq(dnsauth_spf_template_load(tdir, "betta", &t, &err),
			 DNSAUTH_ENOTFOUND);
	ck_assert_ptr_null(t);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "unknown template 'betta' (did you mean 'beta'?); "
			 "'spfgen --list-templates' lists them");

	dnsauth_buf_reset(&err);
	ck_assert_int_eq(dnsauth_spf_template_load(tdir, "a/b", &t, &err),
			 DNSAUTH_EINVAL);
	ck_assert_ptr_null(t);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "invalid template name 'a/b' (lower-case letters, digits and '-')");
}
END_TEST

START_TEST(test_template_dir)
{
	unsetenv("DNSAUTH_TEMPLATE_DIR");
	ck_assert_str_eq(dnsauth_template_dir("/some/where"), "/some/where");
#if defined(DNSAUTH_TEMPLATE_DIR) && defined(DNSAUTH_SRC_TEMPLATE_DIR)
	{
		/* the installed directory if it exists, else the source tree's */
		struct stat st;
		const char *want = stat(DNSAUTH_TEMPLATE_DIR, &st) == 0 &&
				   S_ISDIR(st.st_mode) ? DNSAUTH_TEMPLATE_DIR :
				   DNSAUTH_SRC_TEMPLATE_DIR;

		ck_assert_str_eq(dnsauth_template_dir(NULL), want);
		ck_assert_str_eq(dnsauth_template_dir(""), want);
	}
#endif
	ck_assert_int_eq(setenv("DNSAUTH_TEMPLATE_DIR", "/from/env", 1), 0);
	ck_assert_str_eq(dnsauth_template_dir(NULL), "/from/env");
	ck_assert_str_eq(dnsauth_template_dir(""), "/from/env");
	ck_assert_str_eq(dnsauth_template_dir("/some/where"), "/some/where");
	ck_assert_int_eq(setenv("DNSAUTH_TEMPLATE_DIR", "", 1), 0);
	ck_assert_str_ne(dnsauth_template_dir(NULL), "");
	ck_assert_int_eq(unsetenv("DNSAUTH_TEMPLATE_DIR"), 0);
}
END_TEST

START_TEST(test_template_dir_env_used_by_parse)
{
	static const char text[] =
		"domain: example.com\nsenders:\n  - template: beta\npolicy: fail\n";

	ck_assert_int_eq(setenv("DNSAUTH_TEMPLATE_DIR", tdir, 1), 0);
	ck_assert_int_eq(dnsauth_spf_desc_parse("desc.yaml", text, strlen(text), NULL,
						&d, &err), 0);
	ck_assert_int_eq(unsetenv("DNSAUTH_TEMPLATE_DIR"), 0);
	ck_assert_str_eq(dnsauth_buf_str(&err), "");
	check();
	ck_assert_str_eq(value, "v=spf1 ip4:198.51.100.0/24 include:_spf.beta.example -all");
}
END_TEST

static Suite *desc_suite(void)
{
	Suite *s = suite_create("desc");
	TCase *records = tcase_create("records");
	TCase *lookups = tcase_create("lookups");
	TCase *errors = tcase_create("errors");
	TCase *senders = tcase_create("sender errors");
	TCase *templates = tcase_create("template errors");
	TCase *policy = tcase_create("policy errors");
	TCase *files = tcase_create("files");

	tcase_add_checked_fixture(records, setup, teardown);
	tcase_add_test(records, test_full_record);
	tcase_add_test(records, test_policy_words);
	tcase_add_test(records, test_redirect_record);
	tcase_add_test(records, test_ttl);
	tcase_add_test(records, test_domain_trailing_dot);
	tcase_add_test(records, test_no_senders);
	tcase_add_test(records, test_a_mx_forms);
	tcase_add_test(records, test_exists_macro);
	tcase_add_test(records, test_templates_expand);
	tcase_add_test(records, test_addresses_normalised);
	suite_add_tcase(s, records);

	tcase_add_checked_fixture(lookups, setup, teardown);
	tcase_add_test(lookups, test_sender_costs);
	tcase_add_test(lookups, test_redirect_cost);
	tcase_add_test(lookups, test_lookups_8_no_finding);
	tcase_add_test(lookups, test_lookups_9_warning);
	tcase_add_test(lookups, test_lookups_10_warning);
	tcase_add_test(lookups, test_lookups_11_error);
	tcase_add_test(lookups, test_lookups_most_costly_first);
	tcase_add_test(lookups, test_lookups_redirect_counts);
	suite_add_tcase(s, lookups);

	tcase_add_checked_fixture(errors, setup, teardown);
	tcase_add_test(errors, test_error_yaml_syntax);
	tcase_add_test(errors, test_error_empty);
	tcase_add_test(errors, test_error_not_mapping);
	tcase_add_test(errors, test_error_unknown_key);
	tcase_add_test(errors, test_error_duplicate_key);
	tcase_add_test(errors, test_error_domain_missing);
	tcase_add_test(errors, test_error_domain_invalid);
	tcase_add_test(errors, test_error_ttl);
	tcase_add_test(errors, test_error_senders_not_list);
	suite_add_tcase(s, errors);

	tcase_add_checked_fixture(senders, setup, teardown);
	tcase_add_test(senders, test_error_sender_word);
	tcase_add_test(senders, test_error_sender_unknown_key);
	tcase_add_test(senders, test_error_sender_two_mechanisms);
	tcase_add_test(senders, test_error_sender_no_mechanism);
	tcase_add_test(senders, test_error_sender_ptr_all);
	tcase_add_test(senders, test_error_sender_ip);
	tcase_add_test(senders, test_error_sender_include_domain);
	tcase_add_test(senders, test_error_sender_cidr);
	suite_add_tcase(s, senders);

	tcase_add_checked_fixture(templates, setup, teardown);
	tcase_add_test(templates, test_error_template_unknown);
	tcase_add_test(templates, test_error_template_name);
	tcase_add_test(templates, test_error_template_dir_missing);
	tcase_add_test(templates, test_error_template_nested);
	tcase_add_test(templates, test_error_template_broken);
	tcase_add_test(templates, test_error_template_misnamed);
	tcase_add_test(templates, test_error_template_too_cheap);
	suite_add_tcase(s, templates);

	tcase_add_checked_fixture(policy, setup, teardown);
	tcase_add_test(policy, test_error_policy_permissive);
	tcase_add_test(policy, test_error_policy_word);
	tcase_add_test(policy, test_error_policy_and_redirect);
	tcase_add_test(policy, test_error_no_policy);
	tcase_add_test(policy, test_error_redirect_domain);
	suite_add_tcase(s, policy);

	tcase_add_checked_fixture(files, setup, teardown);
	tcase_add_test(files, test_load_missing);
	tcase_add_test(files, test_load_file);
	tcase_add_test(files, test_template_list);
	tcase_add_test(files, test_template_load_fields);
	tcase_add_test(files, test_template_load_errors);
	tcase_add_test(files, test_template_dir);
	tcase_add_test(files, test_template_dir_env_used_by_parse);
	suite_add_tcase(s, files);
	return s;
}

int main(void)
{
	const char *top = getenv("top_srcdir");
	SRunner *sr;
	int n, failed;

	if (!top || !*top)
		top = ".";
	n = snprintf(tdir, sizeof(tdir), "%s/tests/data/desc-templates", top);
	if (n < 0 || (size_t)n >= sizeof(tdir)) {
		fprintf(stderr, "check_desc: top_srcdir is too long\n");
		return EXIT_FAILURE;
	}
	/* the tests choose the template directory themselves */
	unsetenv("DNSAUTH_TEMPLATE_DIR");
	sr = srunner_create(desc_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
