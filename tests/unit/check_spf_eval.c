/* SPDX-License-Identifier: MIT */
/*
 * check_spf_eval.c - unit tests of lib/spf_eval.c (RFC 7208 check_host())
 * on the in-memory data source: record selection (§4.5), every mechanism
 * and qualifier (§5), IPv4-mapped clients, the modifiers redirect and exp
 * (§6), macros (§7, with the examples of §7.4), the limits (§4.6.4: 10
 * DNS-querying terms, 2 void lookups, 10 MX and PTR names), DNS failures
 * (temperror, and the places where a failure only skips), the sender
 * defaults (§2.4, §4.3), bad arguments, and the trace (steps, costs,
 * depths, queries, notes).
 *
 * Every test builds its own DNS data in a fresh data source (checked
 * fixture); names not added are NXDOMAIN.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dns.h"
#include "error.h"
#include "spf_eval.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define R_NONE DNSAUTH_SPF_R_NONE
#define R_NEUTRAL DNSAUTH_SPF_R_NEUTRAL
#define R_PASS DNSAUTH_SPF_R_PASS
#define R_FAIL DNSAUTH_SPF_R_FAIL
#define R_SOFTFAIL DNSAUTH_SPF_R_SOFTFAIL
#define R_TEMPERROR DNSAUTH_SPF_R_TEMPERROR
#define R_PERMERROR DNSAUTH_SPF_R_PERMERROR

/* The usual identities of a test: the domain checked, the sender, HELO. */
#define DOM "example.com"
#define SENDER "user@example.com"
#define HELO "mail.example.org"

static struct dnsauth_dns *dns;
static struct dnsauth_spf_eval *ev;

/* ------------------------------------------------------------ helpers */

static void setup(void)
{
	dns = NULL;
	ev = NULL;
	ck_assert_int_eq(dnsauth_dns_new_data(&dns), 0);
	ck_assert_ptr_nonnull(dns);
}

static void teardown(void)
{
	dnsauth_spf_eval_free(ev);
	ev = NULL;
	dnsauth_dns_free(dns);
	dns = NULL;
}

/* Add one record (rdata in presentation form). */
static void add(const char *owner, uint16_t type, const char *rdata)
{
	int rc = dnsauth_dns_data_add(dns, owner, type, rdata);

	ck_assert_msg(rc == 0, "add %s %u %s: %s", owner, (unsigned)type,
		      rdata ? rdata : "(exists)", dnsauth_strerror(rc));
}

/* Add a TXT record of one character-string \p text (quoted here). */
static void txt(const char *owner, const char *text)
{
	char buf[4096];
	size_t o = 0;

	buf[o++] = '"';
	for (; *text; text++) {
		ck_assert_uint_lt(o, sizeof(buf) - 4);
		if (*text == '"' || *text == '\\')
			buf[o++] = '\\';
		buf[o++] = *text;
	}
	buf[o++] = '"';
	buf[o] = '\0';
	add(owner, LDNS_RR_TYPE_TXT, buf);
}

static void a4(const char *owner, const char *addr)
{
	add(owner, LDNS_RR_TYPE_A, addr);
}

static void a6(const char *owner, const char *addr)
{
	add(owner, LDNS_RR_TYPE_AAAA, addr);
}

static void timeout(const char *owner)
{
	ck_assert_int_eq(dnsauth_dns_data_set_timeout(dns, owner), 0);
}

/* The evaluation, for the failure messages. */
static const char *dump(void)
{
	static char buf[16384];
	size_t o = 0, i;

	if (!ev)
		return "(no result)";
	o += (size_t)snprintf(buf + o, sizeof(buf) - o,
			      "%s lookups=%u voids=%u reason=\"%s\" explanation=%s%s%s\n",
			      dnsauth_spf_result_name(ev->result), ev->lookups,
			      ev->void_lookups, ev->reason ? ev->reason : "(null)",
			      ev->explanation ? "\"" : "",
			      ev->explanation ? ev->explanation : "(null)",
			      ev->explanation ? "\"" : "");
	for (i = 0; i < ev->nsteps && o < sizeof(buf) - 1; i++) {
		const struct dnsauth_spf_step *s = &ev->steps[i];

		o += (size_t)snprintf(buf + o, sizeof(buf) - o,
				      "  [%zu] d%u %s \"%s\" cost=%u {%s} -> %s\n", i, s->depth,
				      s->domain, s->term, s->cost, s->queries ? s->queries : "",
				      s->note ? s->note : "");
	}
	return buf;
}

/* check_host(); keeps the result in ev. */
static void run(const char *ip, const char *domain, const char *sender, const char *helo)
{
	int rc;

	dnsauth_spf_eval_free(ev);
	ev = NULL;
	rc = dnsauth_spf_check_host(dns, ip, domain, sender, helo, &ev);
	ck_assert_msg(rc == 0, "check_host(%s, %s): %s", ip, domain ? domain : "(null)",
		      dnsauth_strerror(rc));
	ck_assert_ptr_nonnull(ev);
	ck_assert_ptr_nonnull(ev->reason);
	ck_assert_uint_eq(ev->steps_dropped, 0);
}

/* check_host() of DOM for \p ip with the usual identities. */
static void run_ip(const char *ip)
{
	run(ip, DOM, SENDER, HELO);
}

/* The result, the lookups and the void lookups, exactly. */
#define EXPECT(res, nlookups, nvoids)                                                      \
	ck_assert_msg(ev->result == (res) && ev->lookups == (unsigned)(nlookups) &&        \
			      ev->void_lookups == (unsigned)(nvoids),                      \
		      "expected %s lookups=%u voids=%u, got %s", dnsauth_spf_result_name(res), \
		      (unsigned)(nlookups), (unsigned)(nvoids), dump())

/* The reason contains \p sub. */
#define EXPECT_REASON(sub)                                                                 \
	ck_assert_msg(strstr(ev->reason, (sub)) != NULL, "reason lacks \"%s\": %s", (sub), \
		      dump())

/* Step \p i, exactly. */
#define EXPECT_STEP(i, dep, dom, trm, cst, qs, nt)                                         \
	do {                                                                               \
		ck_assert_msg((size_t)(i) < ev->nsteps, "no step %d: %s", (int)(i), dump()); \
		ck_assert_uint_eq(ev->steps[i].depth, (dep));                              \
		ck_assert_str_eq(ev->steps[i].domain, (dom));                              \
		ck_assert_str_eq(ev->steps[i].term, (trm));                                \
		ck_assert_uint_eq(ev->steps[i].cost, (cst));                               \
		ck_assert_str_eq(ev->steps[i].queries, (qs));                              \
		ck_assert_str_eq(ev->steps[i].note, (nt));                                 \
	} while (0)

/* The first step of \p term (any domain); fails when there is none. */
static const struct dnsauth_spf_step *step_of(const char *term)
{
	size_t i;

	for (i = 0; i < ev->nsteps; i++)
		if (strcmp(ev->steps[i].term, term) == 0)
			return &ev->steps[i];
	ck_abort_msg("no step \"%s\": %s", term, dump());
	return NULL;
}

/* Whether any step has \p term. */
static int has_step(const char *term)
{
	size_t i;

	for (i = 0; i < ev->nsteps; i++)
		if (strcmp(ev->steps[i].term, term) == 0)
			return 1;
	return 0;
}

/* Whether any step queried something containing \p q. */
static int queried(const char *q)
{
	size_t i;

	for (i = 0; i < ev->nsteps; i++)
		if (ev->steps[i].queries && strstr(ev->steps[i].queries, q))
			return 1;
	return 0;
}

#define EXPECT_EXPLANATION(want)                                                           \
	do {                                                                               \
		ck_assert_msg(ev->explanation != NULL, "no explanation: %s", dump());      \
		ck_assert_str_eq(ev->explanation, (want));                                 \
	} while (0)

#define EXPECT_NO_EXPLANATION()                                                            \
	ck_assert_msg(ev->explanation == NULL, "unexpected explanation: %s", dump())

/* ============================================================ records */

/* RFC 7208 §4.5: no record at all (NXDOMAIN) is "none". */
START_TEST(test_no_record_nxdomain)
{
	run_ip("192.0.2.1");
	EXPECT(R_NONE, 0, 0);
	EXPECT_REASON("example.com has no SPF record");
	ck_assert_uint_eq(ev->nsteps, 1);
	EXPECT_STEP(0, 0, DOM, "(record)", 0, "TXT example.com: nxdomain", "no SPF record");
	EXPECT_NO_EXPLANATION();
}
END_TEST

/* TXT records that are not SPF are discarded: "none". */
START_TEST(test_no_record_other_txt)
{
	txt(DOM, "google-site-verification=abc");
	txt(DOM, "v=DMARC1; p=none");
	add("a." DOM, LDNS_RR_TYPE_TXT, "\"v=spf1 +all\"");
	run_ip("192.0.2.1");
	EXPECT(R_NONE, 0, 0);
	EXPECT_STEP(0, 0, DOM, "(record)", 0, "TXT example.com: data", "no SPF record");
}
END_TEST

/* RFC 7208 §4.5: two SPF records are a permerror, whatever they say. */
START_TEST(test_two_records)
{
	txt(DOM, "v=spf1 +all");
	txt(DOM, "v=spf1 ip4:192.0.2.1 -all");
	run_ip("192.0.2.1");
	EXPECT(R_PERMERROR, 0, 0);
	EXPECT_REASON("2 SPF records");
	ck_assert_uint_eq(ev->nsteps, 1);
	ck_assert_str_eq(ev->steps[0].note, "2 SPF records");
}
END_TEST

/* RFC 7208 §4.5: the version section is exactly "v=spf1" followed by a
 * space or the end (case-insensitive, as ABNF strings are). */
static const struct {
	const char *txts[3];
	enum dnsauth_spf_result want;
} selection[] = {
	{ { "v=spf10 +all" }, R_NONE },
	{ { "v=spf10 +all", "v=spf1 -all" }, R_FAIL },
	{ { "v=spf1-all" }, R_NONE },
	{ { "v=spf1/24 +all" }, R_NONE },
	{ { " v=spf1 +all" }, R_NONE },
	{ { "spf1 +all" }, R_NONE },
	{ { "v=spf2.0/pra +all", "v=spf1 ~all" }, R_SOFTFAIL },
	{ { "v=spf1" }, R_NEUTRAL },
	{ { "V=SPF1 -ALL" }, R_FAIL },
	{ { "v=Spf1 ?All" }, R_NEUTRAL },
	{ { "hello", "v=spf1 +all", "world" }, R_PASS },
};

START_TEST(test_selection)
{
	size_t j;

	for (j = 0; j < 3 && selection[_i].txts[j]; j++)
		txt(DOM, selection[_i].txts[j]);
	run_ip("192.0.2.1");
	ck_assert_msg(ev->result == selection[_i].want, "%s...: expected %s, got %s",
		      selection[_i].txts[0], dnsauth_spf_result_name(selection[_i].want), dump());
	ck_assert_uint_eq(ev->lookups, 0);
}
END_TEST

/* Mechanism names, qualifiers and domains are case-insensitive. */
START_TEST(test_case_insensitive_terms)
{
	txt(DOM, "v=spf1 IP4:10.0.0.0/8 A:Host.EXAMPLE.com -ALL");
	a4("host.example.com", "192.0.2.1");
	run_ip("192.0.2.1");
	EXPECT(R_PASS, 1, 0);
	EXPECT_REASON("A:Host.EXAMPLE.com matched");
	run_ip("192.0.2.2");
	EXPECT(R_FAIL, 1, 0);
	EXPECT_REASON("-ALL matched");
}
END_TEST

/* RFC 7208 §3.3: the strings of one TXT RR are joined without spaces. */
START_TEST(test_txt_multi_string)
{
	add(DOM, LDNS_RR_TYPE_TXT, "\"v=spf1 ip4:192.0.\" \"2.1 -\" \"all\"");
	run_ip("192.0.2.1");
	EXPECT(R_PASS, 0, 0);
	EXPECT_REASON("ip4:192.0.2.1 matched");
	run_ip("192.0.2.2");
	EXPECT(R_FAIL, 0, 0);
	EXPECT_REASON("-all matched");
}
END_TEST

/* Two strings whose join lacks the space after the version: not SPF. */
START_TEST(test_txt_multi_string_no_space)
{
	add(DOM, LDNS_RR_TYPE_TXT, "\"v=spf1\" \"+all\"");
	run_ip("192.0.2.1");
	EXPECT(R_NONE, 0, 0);
}
END_TEST

/* RFC 7208 §3.1, §4.4: only TXT is queried; an SPF (type 99) record
 * alone gives "none" and never overrides the TXT record. */
START_TEST(test_spf_type99_ignored)
{
	add(DOM, LDNS_RR_TYPE_SPF, "\"v=spf1 +all\"");
	add("other.example", LDNS_RR_TYPE_SPF, "\"v=spf1 +all\"");
	txt("other.example", "v=spf1 -all");
	run_ip("192.0.2.1");
	EXPECT(R_NONE, 0, 0);
	ck_assert(!queried("SPF example.com"));
	EXPECT_STEP(0, 0, DOM, "(record)", 0, "TXT example.com: nodata", "no SPF record");

	run("192.0.2.1", "other.example", SENDER, HELO);
	EXPECT(R_FAIL, 0, 0);
}
END_TEST

/* RFC 7208 §4.6: a syntax error anywhere is a permerror before any term
 * is evaluated, even one that would match first. */
START_TEST(test_syntax_error_anywhere)
{
	txt(DOM, "v=spf1 ip4:192.0.2.1 a:host.example.com foo:bar -all");
	run_ip("192.0.2.1");
	EXPECT(R_PERMERROR, 0, 0);
	EXPECT_REASON("syntax error");
	ck_assert_uint_eq(ev->nsteps, 1);
	ck_assert_str_eq(ev->steps[0].note, "syntax error");
}
END_TEST

/* Syntax errors in terms: each is a permerror. */
static const char *const syntax_errors[] = {
	"v=spf1 ip4:192.0.2.1/33 -all",
	"v=spf1 ip6:2001:db8::/129 -all",
	"v=spf1 ip4:192.0.2 -all",
	"v=spf1 a:example.123 -all",
	"v=spf1 include -all",
	"v=spf1 exists -all",
	"v=spf1 -all redirect=",
	"v=spf1 ip4:192.0.2.1/24//64 -all",
	"v=spf1 =all",
};

START_TEST(test_syntax_errors)
{
	txt(DOM, syntax_errors[_i]);
	run_ip("192.0.2.1");
	ck_assert_msg(ev->result == R_PERMERROR, "%s: %s", syntax_errors[_i], dump());
	ck_assert_uint_eq(ev->lookups, 0);
}
END_TEST

/* RFC 7208 §3.1 (and the non-ascii-policy test): a record that is not
 * 7-bit ASCII is a permerror. */
START_TEST(test_non_ascii_record)
{
	add(DOM, LDNS_RR_TYPE_TXT, "\"v=spf1 ip4:192.0.2.1 exists:\\195\\169.example.com -all\"");
	run_ip("192.0.2.1");
	EXPECT(R_PERMERROR, 0, 0);
	EXPECT_REASON("not 7-bit ASCII");
}
END_TEST

/* RFC 7208 §4.3: a malformed or single-label domain is "none", without a
 * query. */
START_TEST(test_invalid_domain)
{
	char longlabel[80];

	run("192.0.2.1", "com", SENDER, HELO);
	EXPECT(R_NONE, 0, 0);
	EXPECT_REASON("com is not a valid domain name");
	EXPECT_STEP(0, 0, "com", "(record)", 0, "", "not a valid domain name");

	memset(longlabel, 'x', 64);
	strcpy(longlabel + 64, ".example.com");
	run("192.0.2.1", longlabel, SENDER, HELO);
	EXPECT(R_NONE, 0, 0);
	ck_assert_str_eq(ev->steps[0].queries, "");

	run("192.0.2.1", "a..example.com", SENDER, HELO);
	EXPECT(R_NONE, 0, 0);
	run("192.0.2.1", "[192.0.2.1]", SENDER, HELO);
	EXPECT(R_NONE, 0, 0);
	/* neither sender nor HELO: the empty domain */
	run("192.0.2.1", NULL, "", "");
	EXPECT(R_NONE, 0, 0);
}
END_TEST

/* RFC 7208 §6: redirect= and exp= at most once each. */
START_TEST(test_duplicate_modifiers)
{
	txt(DOM, "v=spf1 redirect=a.example.com redirect=b.example.com");
	txt("a.example.com", "v=spf1 +all");
	run_ip("192.0.2.1");
	EXPECT(R_PERMERROR, 0, 0);
	EXPECT_REASON("syntax error");
	ck_assert(!queried("a.example.com"));

	txt("dup.example.com", "v=spf1 -all exp=a.example.com exp=b.example.com");
	run("192.0.2.1", "dup.example.com", SENDER, HELO);
	EXPECT(R_PERMERROR, 0, 0);
	EXPECT_REASON("syntax error");
	EXPECT_NO_EXPLANATION();
}
END_TEST

/* ========================================================= mechanisms */

/* Qualifiers (RFC 7208 §4.6.2), on "all". */
static const struct {
	const char *record;
	enum dnsauth_spf_result want;
} qualifiers[] = {
	{ "v=spf1 all", R_PASS },
	{ "v=spf1 +all", R_PASS },
	{ "v=spf1 -all", R_FAIL },
	{ "v=spf1 ~all", R_SOFTFAIL },
	{ "v=spf1 ?all", R_NEUTRAL },
};

START_TEST(test_qualifiers_all)
{
	char want[64];

	txt(DOM, qualifiers[_i].record);
	run_ip("192.0.2.1");
	EXPECT(qualifiers[_i].want, 0, 0);
	snprintf(want, sizeof(want), "%s matched in the SPF record of example.com",
		 qualifiers[_i].record + 7);
	ck_assert_str_eq(ev->reason, want);
	ck_assert_uint_eq(ev->nsteps, 2);
	EXPECT_STEP(1, 0, DOM, qualifiers[_i].record + 7, 0, "", "match");
}
END_TEST

/* Qualifiers on a mechanism other than all. */
START_TEST(test_qualifiers_mechanism)
{
	txt(DOM, "v=spf1 ~ip4:192.0.2.1 ?ip4:192.0.2.2 -ip4:192.0.2.3 +ip4:192.0.2.4 -all");
	run_ip("192.0.2.1");
	EXPECT(R_SOFTFAIL, 0, 0);
	run_ip("192.0.2.2");
	EXPECT(R_NEUTRAL, 0, 0);
	run_ip("192.0.2.3");
	EXPECT(R_FAIL, 0, 0);
	run_ip("192.0.2.4");
	EXPECT(R_PASS, 0, 0);
	run_ip("192.0.2.5");
	EXPECT(R_FAIL, 0, 0);
}
END_TEST

/* RFC 7208 §4.7: nothing matched, no redirect: neutral. */
START_TEST(test_default_neutral)
{
	txt(DOM, "v=spf1 ip4:10.0.0.1 ip6:2001:db8::1");
	run_ip("192.0.2.1");
	EXPECT(R_NEUTRAL, 0, 0);
	EXPECT_REASON("no mechanism matched in the SPF record of example.com");
	ck_assert_uint_eq(ev->nsteps, 3);
	ck_assert_str_eq(ev->steps[1].note, "no match");
	ck_assert_str_eq(ev->steps[2].note, "no match");
}
END_TEST

/* RFC 7208 §4.6.2: the first match decides; later terms are never
 * evaluated (no lookups, no steps). */
START_TEST(test_first_match_wins)
{
	txt(DOM, "v=spf1 -ip4:192.0.2.1 +all a:never.example.com include:never.example.com");
	run_ip("192.0.2.1");
	EXPECT(R_FAIL, 0, 0);
	ck_assert_uint_eq(ev->nsteps, 2);
	run_ip("192.0.2.2");
	EXPECT(R_PASS, 0, 0);
	ck_assert_uint_eq(ev->nsteps, 3);
	ck_assert(!queried("never.example.com"));
}
END_TEST

/* include (RFC 7208 §5.2): pass matches; the trace goes one level down. */
START_TEST(test_include_pass)
{
	txt(DOM, "v=spf1 ip4:10.0.0.1 include:inc.example.com -all");
	txt("inc.example.com", "v=spf1 ip4:192.0.2.0/24 -all");
	run_ip("192.0.2.1");
	EXPECT(R_PASS, 1, 0);
	ck_assert_str_eq(ev->reason,
			 "include:inc.example.com matched in the SPF record of example.com");
	ck_assert_uint_eq(ev->nsteps, 5);
	EXPECT_STEP(0, 0, DOM, "(record)", 0, "TXT example.com: data", "SPF record found");
	EXPECT_STEP(1, 0, DOM, "ip4:10.0.0.1", 0, "", "no match");
	EXPECT_STEP(2, 0, DOM, "include:inc.example.com", 1, "", "include of inc.example.com");
	EXPECT_STEP(3, 1, "inc.example.com", "(record)", 0, "TXT inc.example.com: data",
		    "SPF record found");
	EXPECT_STEP(4, 1, "inc.example.com", "ip4:192.0.2.0/24", 0, "", "match");
}
END_TEST

/* include: fail, softfail and neutral of the included record do not
 * match; evaluation goes on with the next term. */
static const char *const include_nomatch[] = {
	"v=spf1 -all",
	"v=spf1 ~all",
	"v=spf1 ?all",
	"v=spf1 ip4:10.0.0.1",
};

START_TEST(test_include_no_match)
{
	txt(DOM, "v=spf1 include:inc.example.com ~all");
	txt("inc.example.com", include_nomatch[_i]);
	run_ip("192.0.2.1");
	EXPECT(R_SOFTFAIL, 1, 0);
	EXPECT_REASON("~all matched in the SPF record of example.com");
	ck_assert_str_eq(step_of("~all")->note, "match");
}
END_TEST

/* include with a qualifier: a pass of the included record gives the
 * qualifier's result. */
START_TEST(test_include_qualified)
{
	txt(DOM, "v=spf1 -include:bad.example.com ~include:meh.example.com +all");
	txt("bad.example.com", "v=spf1 ip4:192.0.2.1 -all");
	txt("meh.example.com", "v=spf1 ip4:192.0.2.2 -all");
	run_ip("192.0.2.1");
	EXPECT(R_FAIL, 1, 0);
	run_ip("192.0.2.2");
	EXPECT(R_SOFTFAIL, 2, 0);
	run_ip("192.0.2.3");
	EXPECT(R_PASS, 2, 0);
}
END_TEST

/* RFC 7208 §5.2: an included domain without SPF is a permerror. */
START_TEST(test_include_none)
{
	txt(DOM, "v=spf1 include:inc.example.com +all");
	txt("inc.example.com", "not spf");
	run_ip("192.0.2.1");
	EXPECT(R_PERMERROR, 1, 0);
	ck_assert_str_eq(ev->reason, "include:inc.example.com has no SPF record");
	ck_assert_str_eq(step_of("include:inc.example.com")->note, "include of inc.example.com");
}
END_TEST

START_TEST(test_include_nxdomain)
{
	txt(DOM, "v=spf1 include:missing.example.com +all");
	run_ip("192.0.2.1");
	EXPECT(R_PERMERROR, 1, 0);
	EXPECT_REASON("include:missing.example.com has no SPF record");
	ck_assert(queried("TXT missing.example.com: nxdomain"));
}
END_TEST

/* include of a name that expands to a single label: "none" below
 * (§4.3), so permerror. */
START_TEST(test_include_invalid_target)
{
	txt(DOM, "v=spf1 include:%{l} +all");
	run("192.0.2.1", DOM, "single@example.com", HELO);
	EXPECT(R_PERMERROR, 1, 0);
	EXPECT_REASON("include:single has no SPF record");
}
END_TEST

/* A permerror in the included record propagates. */
START_TEST(test_include_permerror)
{
	txt(DOM, "v=spf1 include:inc.example.com +all");
	txt("inc.example.com", "v=spf1 ip4:192.0.2.1 bogus -all");
	run_ip("192.0.2.1");
	EXPECT(R_PERMERROR, 1, 0);
	EXPECT_REASON("the SPF record of inc.example.com has a syntax error");
}
END_TEST

/* A temperror of the included record propagates. */
START_TEST(test_include_temperror)
{
	txt(DOM, "v=spf1 include:inc.example.com +all");
	timeout("inc.example.com");
	run_ip("192.0.2.1");
	EXPECT(R_TEMPERROR, 1, 0);
	EXPECT_REASON("DNS lookup of inc.example.com failed");
	EXPECT_REASON("timeout");
	ck_assert(queried("TXT inc.example.com: timeout"));
}
END_TEST

/* Nested includes: each level one deeper in the trace, each include
 * counted. */
START_TEST(test_include_nested)
{
	txt(DOM, "v=spf1 include:b.example.com -all");
	txt("b.example.com", "v=spf1 include:c.example.com -all");
	txt("c.example.com", "v=spf1 ip4:192.0.2.1 -all");
	run_ip("192.0.2.1");
	EXPECT(R_PASS, 2, 0);
	ck_assert_uint_eq(ev->nsteps, 6);
	EXPECT_STEP(3, 1, "b.example.com", "include:c.example.com", 1, "",
		    "include of c.example.com");
	EXPECT_STEP(4, 2, "c.example.com", "(record)", 0, "TXT c.example.com: data",
		    "SPF record found");
	EXPECT_STEP(5, 2, "c.example.com", "ip4:192.0.2.1", 0, "", "match");
	run_ip("192.0.2.2");
	EXPECT(R_FAIL, 2, 0);
	EXPECT_REASON("-all matched in the SPF record of example.com");
}
END_TEST

/* a (RFC 7208 §5.3): the domain's A records. */
START_TEST(test_a_match)
{
	txt(DOM, "v=spf1 a -all");
	a4(DOM, "10.0.0.1");
	a4(DOM, "192.0.2.1");
	run_ip("192.0.2.1");
	EXPECT(R_PASS, 1, 0);
	EXPECT_STEP(1, 0, DOM, "a", 1, "A example.com: data", "match");
	run_ip("10.0.0.1");
	EXPECT(R_PASS, 1, 0);
	run_ip("192.0.2.2");
	EXPECT(R_FAIL, 1, 0);
	EXPECT_STEP(1, 0, DOM, "a", 1, "A example.com: data", "no match");
}
END_TEST

/* a/cidr: the network of the record's address. */
START_TEST(test_a_cidr)
{
	txt(DOM, "v=spf1 a/24 -all");
	txt("exact.example.com", "v=spf1 a -all");
	txt("any.example.com", "v=spf1 a/0 -all");
	a4(DOM, "192.0.2.1");
	a4("exact.example.com", "192.0.2.1");
	a4("any.example.com", "192.0.2.1");
	run_ip("192.0.2.200");
	EXPECT(R_PASS, 1, 0);
	run_ip("192.0.3.1");
	EXPECT(R_FAIL, 1, 0);
	run("192.0.2.200", "exact.example.com", SENDER, HELO);
	EXPECT(R_FAIL, 1, 0);
	run("203.0.113.9", "any.example.com", SENDER, HELO);
	EXPECT(R_PASS, 1, 0);
	/* a/0 still needs an address record of the client's family */
	run("2001:db8::1", "any.example.com", SENDER, HELO);
	EXPECT(R_FAIL, 1, 1);
}
END_TEST

/* a:domain//cidr6 (and a dual cidr) for IPv6 and IPv4 clients. */
START_TEST(test_a_domain_dual_cidr)
{
	txt(DOM, "v=spf1 a:v6.example.com//64 -all");
	txt("dual.example.com", "v=spf1 a:host.example.com/24//48 -all");
	a6("v6.example.com", "2001:db8:1:2::1");
	a4("host.example.com", "192.0.2.1");
	a6("host.example.com", "2001:db8:1::1");
	run_ip("2001:db8:1:2::abcd");
	EXPECT(R_PASS, 1, 0);
	EXPECT_STEP(1, 0, DOM, "a:v6.example.com//64", 1, "AAAA v6.example.com: data", "match");
	run_ip("2001:db8:1:3::1");
	EXPECT(R_FAIL, 1, 0);
	run("192.0.2.77", "dual.example.com", SENDER, HELO);
	EXPECT(R_PASS, 1, 0);
	run("192.0.3.77", "dual.example.com", SENDER, HELO);
	EXPECT(R_FAIL, 1, 0);
	run("2001:db8:1:ffff::9", "dual.example.com", SENDER, HELO);
	EXPECT(R_PASS, 1, 0);
	run("2001:db8:2::1", "dual.example.com", SENDER, HELO);
	EXPECT(R_FAIL, 1, 0);
}
END_TEST

/* RFC 7208 §5: an IPv6 client is compared with AAAA records only. */
START_TEST(test_a_ipv6_uses_aaaa)
{
	txt(DOM, "v=spf1 a -all");
	a4(DOM, "192.0.2.1");
	run_ip("2001:db8::1");
	EXPECT(R_FAIL, 1, 1);
	EXPECT_STEP(1, 0, DOM, "a", 1, "AAAA example.com: nodata", "no match");
}
END_TEST

/* a follows a CNAME. */
START_TEST(test_a_cname)
{
	txt(DOM, "v=spf1 a:alias.example.com -all");
	add("alias.example.com", LDNS_RR_TYPE_CNAME, "host.example.net.");
	a4("host.example.net", "192.0.2.1");
	run_ip("192.0.2.1");
	EXPECT(R_PASS, 1, 0);
}
END_TEST

/* mx (RFC 7208 §5.4): the addresses of each MX host. */
START_TEST(test_mx_match)
{
	txt(DOM, "v=spf1 mx -all");
	add(DOM, LDNS_RR_TYPE_MX, "10 mx1.example.com.");
	add(DOM, LDNS_RR_TYPE_MX, "20 mx2.example.com.");
	a4("mx1.example.com", "192.0.2.10");
	a4("mx2.example.com", "192.0.2.20");
	run_ip("192.0.2.20");
	EXPECT(R_PASS, 1, 0);
	EXPECT_STEP(1, 0, DOM, "mx", 1,
		    "MX example.com: data; A mx1.example.com: data; A mx2.example.com: data",
		    "match");
	run_ip("192.0.2.30");
	EXPECT(R_FAIL, 1, 0);
}
END_TEST

/* mx/cidr and mx:domain/cidr//cidr6. */
START_TEST(test_mx_cidr)
{
	txt(DOM, "v=spf1 mx/24 mx:other.example.com/30//64 -all");
	add(DOM, LDNS_RR_TYPE_MX, "10 mx1.example.com.");
	a4("mx1.example.com", "192.0.2.10");
	add("other.example.com", LDNS_RR_TYPE_MX, "10 mx.other.example.com.");
	a4("mx.other.example.com", "198.51.100.5");
	a6("mx.other.example.com", "2001:db8:5:5::5");
	run_ip("192.0.2.99");
	EXPECT(R_PASS, 1, 0);
	run_ip("198.51.100.7");
	EXPECT(R_PASS, 2, 0);
	run_ip("198.51.100.8");
	EXPECT(R_FAIL, 2, 0);
	run_ip("2001:db8:5:5:ffff::1");
	EXPECT(R_PASS, 2, 0);
}
END_TEST

/* RFC 7208 §5.4: no MX records: no implicit MX (the domain's own A is
 * not used), and the lookup is void. */
START_TEST(test_mx_no_implicit)
{
	txt(DOM, "v=spf1 mx -all");
	a4(DOM, "192.0.2.1");
	run_ip("192.0.2.1");
	EXPECT(R_FAIL, 1, 1);
	EXPECT_STEP(1, 0, DOM, "mx", 1, "MX example.com: nodata", "no match");
}
END_TEST

/* RFC 7208 §4.6.4: 10 MX names are fine, the 10th is looked up. */
START_TEST(test_mx_ten_names)
{
	char owner[64], rdata[64];
	int i;

	txt(DOM, "v=spf1 mx -all");
	for (i = 1; i <= 10; i++) {
		snprintf(rdata, sizeof(rdata), "%d mx%02d.example.com.", i, i);
		add(DOM, LDNS_RR_TYPE_MX, rdata);
		snprintf(owner, sizeof(owner), "mx%02d.example.com", i);
		a4(owner, i == 10 ? "192.0.2.1" : "10.0.0.1");
	}
	run_ip("192.0.2.1");
	EXPECT(R_PASS, 1, 0);
	ck_assert(queried("A mx10.example.com: data"));
}
END_TEST

/* RFC 7208 §4.6.4: more than 10 MX names: the mx mechanism is a
 * permerror (here even though the first host would match). */
START_TEST(test_mx_eleven_names)
{
	char owner[64], rdata[64];
	int i;

	txt(DOM, "v=spf1 mx -all");
	for (i = 1; i <= 11; i++) {
		snprintf(rdata, sizeof(rdata), "%d mx%02d.example.com.", i, i);
		add(DOM, LDNS_RR_TYPE_MX, rdata);
		snprintf(owner, sizeof(owner), "mx%02d.example.com", i);
		a4(owner, "192.0.2.1");
	}
	run_ip("192.0.2.1");
	EXPECT(R_PERMERROR, 1, 0);
	EXPECT_REASON("more than 10 MX names");
	ck_assert_str_eq(step_of("mx")->note, "permerror");
}
END_TEST

/* RFC 7208 §5: a failed address lookup of an MX host is a temperror. */
START_TEST(test_mx_host_timeout)
{
	txt(DOM, "v=spf1 mx ip4:192.0.2.1 -all");
	add(DOM, LDNS_RR_TYPE_MX, "10 slow.example.com.");
	timeout("slow.example.com");
	run_ip("192.0.2.1");
	EXPECT(R_TEMPERROR, 1, 0);
	EXPECT_REASON("DNS lookup of slow.example.com failed");
}
END_TEST

/* ptr (RFC 7208 §5.5): a validated name at or below the target. */
START_TEST(test_ptr_match)
{
	txt(DOM, "v=spf1 ptr -all");
	add("1.2.0.192.in-addr.arpa", LDNS_RR_TYPE_PTR, "host.example.com.");
	a4("host.example.com", "192.0.2.1");
	run_ip("192.0.2.1");
	EXPECT(R_PASS, 1, 0);
	EXPECT_STEP(1, 0, DOM, "ptr", 1,
		    "PTR 1.2.0.192.in-addr.arpa: data; A host.example.com: data", "match");
}
END_TEST

/* A PTR name whose addresses do not include the client is not
 * validated. */
START_TEST(test_ptr_not_validated)
{
	txt(DOM, "v=spf1 ptr -all");
	add("1.2.0.192.in-addr.arpa", LDNS_RR_TYPE_PTR, "host.example.com.");
	a4("host.example.com", "192.0.2.99");
	run_ip("192.0.2.1");
	EXPECT(R_FAIL, 1, 0);
}
END_TEST

/* ptr:domain; a name matches the domain itself or a name below it, at a
 * label boundary. */
START_TEST(test_ptr_domain)
{
	txt(DOM, "v=spf1 ptr:x.example.org ptr:example.net ptr:example.org -all");
	add("1.2.0.192.in-addr.arpa", LDNS_RR_TYPE_PTR, "example.org.");
	a4("example.org", "192.0.2.1");
	add("2.2.0.192.in-addr.arpa", LDNS_RR_TYPE_PTR, "mail.badexample.net.");
	a4("mail.badexample.net", "192.0.2.2");
	add("3.2.0.192.in-addr.arpa", LDNS_RR_TYPE_PTR, "a.b.EXAMPLE.NET.");
	a4("a.b.example.net", "192.0.2.3");
	/* example.org is above x.example.org: no match there */
	run_ip("192.0.2.1");
	EXPECT(R_PASS, 3, 0);
	ck_assert_str_eq(step_of("ptr:x.example.org")->note, "no match");
	run_ip("192.0.2.2");
	EXPECT(R_FAIL, 3, 0);
	run_ip("192.0.2.3");
	EXPECT(R_PASS, 2, 0);
}
END_TEST

/* ptr for an IPv6 client: ip6.arpa and AAAA. */
START_TEST(test_ptr_ipv6)
{
	txt(DOM, "v=spf1 ptr -all");
	add("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa",
	    LDNS_RR_TYPE_PTR, "host.example.com.");
	a6("host.example.com", "2001:db8::1");
	a4("host.example.com", "192.0.2.1");
	run_ip("2001:db8::1");
	EXPECT(R_PASS, 1, 0);
	ck_assert(queried("AAAA host.example.com: data"));
	/* no PTR record: no match (whether that lookup is "void" is not
	 * pinned down by RFC 7208 §4.6.4, so it is not checked) */
	run_ip("2001:db8::2");
	ck_assert_msg(ev->result == R_FAIL && ev->lookups == 1, "%s", dump());
}
END_TEST

/* RFC 7208 §4.6.4: only the first 10 PTR names are checked (the rest
 * ignored, no error). */
START_TEST(test_ptr_ten_names)
{
	char rdata[64], owner[64];
	int i;

	txt(DOM, "v=spf1 ptr -all");
	txt("ten.example.com", "v=spf1 ptr -all");
	for (i = 1; i <= 11; i++) {
		snprintf(rdata, sizeof(rdata), "h%02d.example.com.", i);
		add("1.2.0.192.in-addr.arpa", LDNS_RR_TYPE_PTR, rdata);
		snprintf(owner, sizeof(owner), "h%02d.example.com", i);
		a4(owner, i == 11 ? "192.0.2.1" : "10.0.0.1");
		if (i <= 10) {
			snprintf(rdata, sizeof(rdata), "h%02d.example.com.", i);
			add("2.2.0.192.in-addr.arpa", LDNS_RR_TYPE_PTR, rdata);
		}
	}
	a4("h10.example.com", "192.0.2.2");
	/* the 11th name would validate, but it is never looked at */
	run_ip("192.0.2.1");
	EXPECT(R_FAIL, 1, 0);
	ck_assert(!queried("h11.example.com"));
	ck_assert(queried("A h10.example.com: data"));
	/* 10 names, the 10th validates */
	run_ip("192.0.2.2");
	EXPECT(R_PASS, 1, 0);
}
END_TEST

/* RFC 7208 §5.5: a failed PTR lookup makes ptr not match (no
 * temperror); a failed address lookup skips that name only. */
START_TEST(test_ptr_dns_errors)
{
	txt(DOM, "v=spf1 ptr ?all");
	timeout("1.2.0.192.in-addr.arpa");
	add("2.2.0.192.in-addr.arpa", LDNS_RR_TYPE_PTR, "slow.example.com.");
	add("2.2.0.192.in-addr.arpa", LDNS_RR_TYPE_PTR, "good.example.com.");
	timeout("slow.example.com");
	a4("good.example.com", "192.0.2.2");
	run_ip("192.0.2.1");
	EXPECT(R_NEUTRAL, 1, 0);
	ck_assert(queried("PTR 1.2.0.192.in-addr.arpa: timeout"));

	run_ip("192.0.2.2");
	EXPECT(R_PASS, 1, 0);
	ck_assert(queried("A slow.example.com: timeout"));
}
END_TEST

/* ip4 (RFC 7208 §5.6) with its CIDR edges. */
static const struct {
	const char *mech;
	const char *ip;
	enum dnsauth_spf_result want;
} ipnets[] = {
	{ "ip4:192.0.2.1", "192.0.2.1", R_PASS },
	{ "ip4:192.0.2.1", "192.0.2.2", R_FAIL },
	{ "ip4:192.0.2.1/32", "192.0.2.1", R_PASS },
	{ "ip4:192.0.2.1/32", "192.0.2.0", R_FAIL },
	{ "ip4:0.0.0.0/0", "203.0.113.200", R_PASS },
	{ "ip4:0.0.0.0/0", "0.0.0.0", R_PASS },
	{ "ip4:0.0.0.0/0", "2001:db8::1", R_FAIL },
	{ "ip4:192.0.2.0/24", "192.0.2.255", R_PASS },
	{ "ip4:192.0.2.0/24", "192.0.3.0", R_FAIL },
	{ "ip4:192.0.2.128/25", "192.0.2.127", R_FAIL },
	{ "ip4:192.0.2.128/25", "192.0.2.128", R_PASS },
	{ "ip4:192.0.2.0/31", "192.0.2.1", R_PASS },
	{ "ip4:192.0.2.0/31", "192.0.2.2", R_FAIL },
	/* the network is masked: host bits do not matter */
	{ "ip4:192.0.2.77/24", "192.0.2.1", R_PASS },
	{ "ip4:10.0.0.0/7", "11.255.255.255", R_PASS },
	{ "ip4:10.0.0.0/7", "12.0.0.0", R_FAIL },
	{ "ip6:::/0", "2001:db8::1", R_PASS },
	{ "ip6:::/0", "192.0.2.1", R_FAIL },
	{ "ip6:2001:db8::1", "2001:db8::1", R_PASS },
	{ "ip6:2001:db8::1", "2001:db8::2", R_FAIL },
	{ "ip6:2001:db8::1/128", "2001:db8::1", R_PASS },
	{ "ip6:2001:db8::1/128", "2001:db8::", R_FAIL },
	{ "ip6:2001:db8::/32", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", R_PASS },
	{ "ip6:2001:db8::/32", "2001:db9::", R_FAIL },
	{ "ip6:2001:db8::/127", "2001:db8::1", R_PASS },
	{ "ip6:2001:db8::/127", "2001:db8::2", R_FAIL },
	{ "ip6:2001:db8::/33", "2001:db8:7fff::1", R_PASS },
	{ "ip6:2001:db8::/33", "2001:db8:8000::1", R_FAIL },
	{ "ip6:2001:DB8::/48", "2001:db8:1::1", R_FAIL },
	{ "ip6:2001:DB8::/48", "2001:db8:0:ffff::1", R_PASS },
	{ "ip6:2001:DB8::/48", "2001:DB8::abcd", R_PASS },
	/* family mismatch never matches */
	{ "ip4:192.0.2.1", "::192.0.2.1", R_FAIL },
	{ "ip6:::ffff:192.0.2.1", "192.0.2.1", R_FAIL },
};

START_TEST(test_ip_networks)
{
	char rec[128];

	snprintf(rec, sizeof(rec), "v=spf1 %s -all", ipnets[_i].mech);
	txt(DOM, rec);
	run_ip(ipnets[_i].ip);
	ck_assert_msg(ev->result == ipnets[_i].want, "%s for %s: expected %s, got %s",
		      ipnets[_i].mech, ipnets[_i].ip, dnsauth_spf_result_name(ipnets[_i].want),
		      dump());
	/* ip4 and ip6 cost nothing */
	ck_assert_uint_eq(ev->lookups, 0);
	ck_assert_uint_eq(step_of(ipnets[_i].mech)->cost, 0);
	ck_assert_str_eq(step_of(ipnets[_i].mech)->queries, "");
}
END_TEST

/* An IPv4-mapped IPv6 client is evaluated as IPv4 (lib/spf_eval.h; RFC
 * 7208 §5 has receivers handle A records for such clients): ip4 (not
 * ip6), A lookups, in-addr.arpa, and %{i} %{v} %{c} of IPv4. */
START_TEST(test_ipv4_mapped)
{
	txt(DOM, "v=spf1 ip4:192.0.2.1 -all");
	txt("a.example.com", "v=spf1 a ptr:example.com -all");
	txt("six.example.com", "v=spf1 ip6:::ffff:192.0.2.1 -all");
	txt("m.example.com", "v=spf1 -all exp=e.example.com");
	txt("e.example.com", "%{i} %{v} %{c} %{ir}");
	a4("a.example.com", "192.0.2.9");
	add("1.2.0.192.in-addr.arpa", LDNS_RR_TYPE_PTR, "host.example.com.");
	a4("host.example.com", "192.0.2.1");

	run_ip("::ffff:192.0.2.1");
	EXPECT(R_PASS, 0, 0);
	run_ip("::FFFF:192.0.2.2");
	EXPECT(R_FAIL, 0, 0);

	run("::ffff:192.0.2.1", "a.example.com", SENDER, HELO);
	EXPECT(R_PASS, 2, 0);
	ck_assert_str_eq(step_of("a")->queries, "A a.example.com: data");
	ck_assert(queried("PTR 1.2.0.192.in-addr.arpa: data"));

	run("::ffff:192.0.2.1", "six.example.com", SENDER, HELO);
	EXPECT(R_FAIL, 0, 0);

	run("::ffff:192.0.2.1", "m.example.com", SENDER, HELO);
	EXPECT(R_FAIL, 0, 0);
	EXPECT_EXPLANATION("192.0.2.1 in-addr 192.0.2.1 1.2.0.192");
}
END_TEST

/* exists (RFC 7208 §5.7): an A record, whatever its address. */
START_TEST(test_exists)
{
	txt(DOM, "v=spf1 -exists:%{i}.bl.example.com exists:%{ir}.wl.example.com ?all");
	a4("192.0.2.66.bl.example.com", "127.0.0.2");
	a4("1.2.0.192.wl.example.com", "127.0.0.1");
	run_ip("192.0.2.66");
	EXPECT(R_FAIL, 1, 0);
	ck_assert_str_eq(step_of("-exists:%{i}.bl.example.com")->queries,
			 "A 192.0.2.66.bl.example.com: data");
	run_ip("192.0.2.1");
	EXPECT(R_PASS, 2, 1);
	ck_assert_str_eq(step_of("exists:%{ir}.wl.example.com")->queries,
			 "A 1.2.0.192.wl.example.com: data");
	run_ip("192.0.2.2");
	EXPECT(R_NEUTRAL, 2, 2);
}
END_TEST

/* exists always asks for A, even for an IPv6 client; AAAA is not
 * enough. */
START_TEST(test_exists_ipv6_client)
{
	txt(DOM, "v=spf1 exists:four.example.com exists:six.example.com -all");
	a6("six.example.com", "2001:db8::1");
	a4("four.example.com", "192.0.2.1");
	txt("x.example.com", "v=spf1 exists:six.example.com -all");
	run_ip("2001:db8::1");
	EXPECT(R_PASS, 1, 0);
	ck_assert_str_eq(step_of("exists:four.example.com")->queries,
			 "A four.example.com: data");

	run("2001:db8::1", "x.example.com", SENDER, HELO);
	EXPECT(R_FAIL, 1, 1);
	ck_assert_str_eq(step_of("exists:six.example.com")->queries,
			 "A six.example.com: nodata");
}
END_TEST

/* A target that is not a usable name after expansion (here a single
 * label) is not looked up and does not match; the term still counts.
 * (The rfc7208 suite, hello-domain-literal: syntax is not checked after
 * expansion, the mechanism just does not match.) */
START_TEST(test_target_not_a_name)
{
	txt(DOM, "v=spf1 a:%{l} exists:%{l} mx:%{l} ptr:%{l} ?all");
	add("1.2.0.192.in-addr.arpa", LDNS_RR_TYPE_PTR, "single.");
	a4("single", "192.0.2.1");
	run("192.0.2.1", DOM, "single@example.com", HELO);
	EXPECT(R_NEUTRAL, 4, 0);
	ck_assert_str_eq(step_of("a:%{l}")->queries, "");
	ck_assert_str_eq(step_of("a:%{l}")->note, "no match");
	ck_assert_str_eq(step_of("exists:%{l}")->queries, "");
	ck_assert_str_eq(step_of("mx:%{l}")->queries, "");
	ck_assert_uint_eq(step_of("mx:%{l}")->cost, 1);
	ck_assert_str_eq(step_of("ptr:%{l}")->note, "no match");
}
END_TEST

/* Trailing dots: on the domain checked, in a domain-spec, in ptr:. */
START_TEST(test_trailing_dots)
{
	txt(DOM, "v=spf1 a:host.example.com. ptr:Example.COM. -all");
	a4("host.example.com", "192.0.2.1");
	add("2.2.0.192.in-addr.arpa", LDNS_RR_TYPE_PTR, "mail.example.com.");
	a4("mail.example.com", "192.0.2.2");
	run("192.0.2.1", "example.com.", SENDER, HELO);
	EXPECT(R_PASS, 1, 0);
	ck_assert_str_eq(step_of("a:host.example.com.")->queries, "A host.example.com: data");
	run("192.0.2.2", "example.com.", SENDER, HELO);
	EXPECT(R_PASS, 2, 0);
	run("192.0.2.3", "example.com.", SENDER, HELO);
	EXPECT(R_FAIL, 2, 0);
}
END_TEST

/* ========================================================== modifiers */

/* redirect (RFC 7208 §6.1): followed when nothing matched; counted; the
 * target's result is the result. */
START_TEST(test_redirect)
{
	txt(DOM, "v=spf1 ip4:10.0.0.1 redirect=r.example.com");
	txt("r.example.com", "v=spf1 ip4:192.0.2.1 -all");
	run_ip("192.0.2.1");
	EXPECT(R_PASS, 1, 0);
	ck_assert_uint_eq(ev->nsteps, 5);
	EXPECT_STEP(2, 0, DOM, "redirect=r.example.com", 1, "", "redirect to r.example.com");
	EXPECT_STEP(3, 1, "r.example.com", "(record)", 0, "TXT r.example.com: data",
		    "SPF record found");
	EXPECT_STEP(4, 1, "r.example.com", "ip4:192.0.2.1", 0, "", "match");
	EXPECT_REASON("ip4:192.0.2.1 matched in the SPF record of r.example.com");
	run_ip("192.0.2.2");
	EXPECT(R_FAIL, 1, 0);
	/* a match before it: no redirect */
	run_ip("10.0.0.1");
	EXPECT(R_PASS, 0, 0);
	ck_assert(!has_step("redirect=r.example.com"));
}
END_TEST

/* RFC 7208 §6.1: redirect is ignored in a record with "all", wherever it
 * is written. */
START_TEST(test_redirect_ignored_with_all)
{
	txt(DOM, "v=spf1 redirect=r.example.com ?all");
	txt("r.example.com", "v=spf1 +all");
	run_ip("192.0.2.1");
	EXPECT(R_NEUTRAL, 0, 0);
	ck_assert(!has_step("redirect=r.example.com"));
	ck_assert(!queried("r.example.com"));
}
END_TEST

/* RFC 7208 §6.1: a redirect target without SPF is a permerror (not
 * none). */
START_TEST(test_redirect_none)
{
	txt(DOM, "v=spf1 redirect=r.example.com");
	txt("r.example.com", "not spf");
	txt("n.example.com", "v=spf1 redirect=nowhere.example.com");
	txt("l.example.com", "v=spf1 redirect=%{l}");
	run_ip("192.0.2.1");
	EXPECT(R_PERMERROR, 1, 0);
	ck_assert_str_eq(ev->reason, "redirect=r.example.com has no SPF record");

	run("192.0.2.1", "n.example.com", SENDER, HELO);
	EXPECT(R_PERMERROR, 1, 0);
	EXPECT_REASON("redirect=nowhere.example.com has no SPF record");

	/* a malformed target (single label after expansion) too */
	run("192.0.2.1", "l.example.com", "single@l.example.com", HELO);
	EXPECT(R_PERMERROR, 1, 0);
}
END_TEST

/* redirect with a macro; a temperror of the target propagates. */
START_TEST(test_redirect_macro_and_temperror)
{
	txt(DOM, "v=spf1 redirect=_spf.%{d}");
	txt("_spf.example.com", "v=spf1 ip4:192.0.2.0/24 -all");
	txt("t.example.com", "v=spf1 redirect=slow.example.com");
	timeout("slow.example.com");
	run_ip("192.0.2.9");
	EXPECT(R_PASS, 1, 0);
	EXPECT_STEP(1, 0, DOM, "redirect=_spf.%{d}", 1, "", "redirect to _spf.example.com");

	run("192.0.2.9", "t.example.com", SENDER, HELO);
	EXPECT(R_TEMPERROR, 1, 0);
}
END_TEST

/* exp (RFC 7208 §6.2): the explanation of a fail, macro-expanded, not
 * counted against the limit. */
START_TEST(test_exp_explanation)
{
	txt(DOM, "v=spf1 -all exp=explain.%{d}");
	txt("explain.example.com", "%{i} is not allowed to send for %{d} (%{s}; see %{o})");
	run_ip("192.0.2.1");
	EXPECT(R_FAIL, 0, 0);
	EXPECT_EXPLANATION("192.0.2.1 is not allowed to send for example.com "
			   "(user@example.com; see example.com)");
	ck_assert_uint_eq(ev->nsteps, 3);
	EXPECT_STEP(2, 0, DOM, "exp", 0, "TXT explain.example.com: data", "explanation found");
	EXPECT_REASON("-all matched");
}
END_TEST

/* exp is used for fail only. */
START_TEST(test_exp_only_on_fail)
{
	txt(DOM, "v=spf1 ip4:192.0.2.1 ~ip4:192.0.2.2 ?ip4:192.0.2.3 -all exp=e.example.com");
	txt("e.example.com", "denied");
	run_ip("192.0.2.1");
	EXPECT(R_PASS, 0, 0);
	EXPECT_NO_EXPLANATION();
	ck_assert(!has_step("exp"));
	run_ip("192.0.2.2");
	EXPECT(R_SOFTFAIL, 0, 0);
	EXPECT_NO_EXPLANATION();
	run_ip("192.0.2.3");
	EXPECT(R_NEUTRAL, 0, 0);
	EXPECT_NO_EXPLANATION();
	run_ip("192.0.2.4");
	EXPECT(R_FAIL, 0, 0);
	EXPECT_EXPLANATION("denied");
}
END_TEST

/* RFC 7208 §6.2: no TXT at the exp target: fail without explanation. */
START_TEST(test_exp_missing)
{
	txt(DOM, "v=spf1 -all exp=nowhere.example.com");
	run_ip("192.0.2.1");
	EXPECT(R_FAIL, 0, 0);
	EXPECT_NO_EXPLANATION();
	EXPECT_STEP(2, 0, DOM, "exp", 0, "TXT nowhere.example.com: nxdomain",
		    "no explanation: not exactly one TXT record");
}
END_TEST

/* RFC 7208 §6.2: more than one TXT record: no explanation. */
START_TEST(test_exp_two_txt)
{
	txt(DOM, "v=spf1 -all exp=e.example.com");
	txt("e.example.com", "one");
	txt("e.example.com", "two");
	run_ip("192.0.2.1");
	EXPECT(R_FAIL, 0, 0);
	EXPECT_NO_EXPLANATION();
	ck_assert_str_eq(step_of("exp")->note, "no explanation: not exactly one TXT record");
}
END_TEST

/* RFC 7208 §6.2: the strings of the TXT record are joined without
 * spaces. */
START_TEST(test_exp_multi_string)
{
	txt(DOM, "v=spf1 -all exp=e.example.com");
	add("e.example.com", LDNS_RR_TYPE_TXT, "\"Not \" \"allowed: \" \"%{i}\"");
	run_ip("192.0.2.1");
	EXPECT(R_FAIL, 0, 0);
	EXPECT_EXPLANATION("Not allowed: 192.0.2.1");
}
END_TEST

/* RFC 7208 §6.2: a syntax error in the explanation text, or a DNS
 * failure: no explanation, still fail. */
START_TEST(test_exp_bad_text_or_timeout)
{
	txt(DOM, "v=spf1 -all exp=e.example.com");
	txt("e.example.com", "bad %{x} macro");
	txt("t.example.com", "v=spf1 -all exp=slow.example.com");
	timeout("slow.example.com");
	run_ip("192.0.2.1");
	EXPECT(R_FAIL, 0, 0);
	EXPECT_NO_EXPLANATION();
	ck_assert_str_eq(step_of("exp")->note, "no explanation: bad explanation text");

	run("192.0.2.1", "t.example.com", SENDER, HELO);
	EXPECT(R_FAIL, 0, 0);
	EXPECT_NO_EXPLANATION();
	ck_assert(queried("TXT slow.example.com: timeout"));
}
END_TEST

/* RFC 7208 §6.2, §7.1: explanation texts that are not a valid
 * explain-string give no explanation (still fail). */
static const char *const bad_exp_texts[] = {
	"\"100%\"",
	"\"50%off\"",
	"\"%{\"",
	"\"%{d\"",
	"\"%{d0}\"",
	"\"%{d2x}\"",
	"\"%{q}\"",
	"\"caf\\195\\169\"",
	"\"tab\\009here\"",
	"\"nul\\000here\"",
};

START_TEST(test_exp_bad_texts)
{
	txt(DOM, "v=spf1 -all exp=e.example.com");
	add("e.example.com", LDNS_RR_TYPE_TXT, bad_exp_texts[_i]);
	run_ip("192.0.2.1");
	EXPECT(R_FAIL, 0, 0);
	ck_assert_msg(ev->explanation == NULL, "%s: %s", bad_exp_texts[_i], dump());
	ck_assert_str_eq(step_of("exp")->note, "no explanation: bad explanation text");
	ck_assert_str_eq(step_of("exp")->queries, "TXT e.example.com: data");
}
END_TEST

/* An exp= target that is not a usable name after expansion: no
 * explanation, no query. */
START_TEST(test_exp_bad_domain)
{
	txt(DOM, "v=spf1 -all exp=%{l}");
	txt("single", "never used");
	run("192.0.2.1", DOM, "single@example.com", HELO);
	EXPECT(R_FAIL, 0, 0);
	EXPECT_NO_EXPLANATION();
	EXPECT_STEP(2, 0, DOM, "exp", 0, "", "no explanation: bad domain");
}
END_TEST

/* RFC 7208 §6.2: the exp of an included record is never used; a
 * -include match uses the including record's exp. */
START_TEST(test_exp_and_include)
{
	txt(DOM, "v=spf1 include:inc.example.com -all");
	txt("inc.example.com", "v=spf1 -all exp=inc-exp.example.com");
	txt("inc-exp.example.com", "from the include");
	txt("top.example.com", "v=spf1 -include:bad.example.com +all exp=top-exp.example.com");
	txt("bad.example.com", "v=spf1 ip4:192.0.2.1 -all exp=inc-exp.example.com");
	txt("top-exp.example.com", "from the top %{d}");
	run_ip("192.0.2.1");
	EXPECT(R_FAIL, 1, 0);
	EXPECT_NO_EXPLANATION();
	ck_assert(!queried("inc-exp.example.com"));

	run("192.0.2.1", "top.example.com", SENDER, HELO);
	EXPECT(R_FAIL, 1, 0);
	EXPECT_EXPLANATION("from the top top.example.com");
}
END_TEST

/* RFC 7208 §6.2: after redirect, the exp of the target is used, never
 * the original's. */
START_TEST(test_exp_and_redirect)
{
	txt(DOM, "v=spf1 redirect=r.example.com exp=orig.example.com");
	txt("r.example.com", "v=spf1 -all exp=target.example.com");
	txt("orig.example.com", "original");
	txt("target.example.com", "target %{d} %{o}");
	txt("n.example.com", "v=spf1 redirect=noexp.example.com exp=orig.example.com");
	txt("noexp.example.com", "v=spf1 -all");
	run_ip("192.0.2.1");
	EXPECT(R_FAIL, 1, 0);
	EXPECT_EXPLANATION("target r.example.com example.com");
	ck_assert_uint_eq(step_of("exp")->depth, 1);

	run("192.0.2.1", "n.example.com", SENDER, HELO);
	EXPECT(R_FAIL, 1, 0);
	EXPECT_NO_EXPLANATION();
}
END_TEST

/* RFC 7208 §6: unknown modifiers are ignored (no step, no lookup). */
START_TEST(test_unknown_modifiers)
{
	txt(DOM, "v=spf1 foo=bar x-custom=%{d}.example.net ip4:192.0.2.1 moo=1 -all");
	run_ip("192.0.2.1");
	EXPECT(R_PASS, 0, 0);
	ck_assert_uint_eq(ev->nsteps, 2);
	run_ip("192.0.2.2");
	EXPECT(R_FAIL, 0, 0);
	ck_assert_uint_eq(ev->nsteps, 3);
	ck_assert(!has_step("foo=bar"));
}
END_TEST

/* ============================================================= macros */

/* RFC 7208 §7.4 examples (sender strong-bad@email.example.com, client
 * 192.0.2.3), expanded in an explanation so the text is visible, and
 * more letters, transformers and escapes. */
static const struct {
	const char *macro;
	const char *want;
} macros4[] = {
	{ "%{s}", "strong-bad@email.example.com" },
	{ "%{o}", "email.example.com" },
	{ "%{d}", "email.example.com" },
	{ "%{d4}", "email.example.com" },
	{ "%{d3}", "email.example.com" },
	{ "%{d2}", "example.com" },
	{ "%{d1}", "com" },
	{ "%{dr}", "com.example.email" },
	{ "%{d2r}", "example.email" },
	{ "%{l}", "strong-bad" },
	{ "%{l-}", "strong.bad" },
	{ "%{lr}", "strong-bad" },
	{ "%{lr-}", "bad.strong" },
	{ "%{l1r-}", "strong" },
	{ "%{ir}.%{v}._spf.%{d2}", "3.2.0.192.in-addr._spf.example.com" },
	{ "%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com" },
	{ "%{lr-}.lp.%{ir}.%{v}._spf.%{d2}",
	  "bad.strong.lp.3.2.0.192.in-addr._spf.example.com" },
	{ "%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}",
	  "3.2.0.192.in-addr.strong.lp._spf.example.com" },
	{ "%{d2}.trusted-domains.example.net", "example.com.trusted-domains.example.net" },
	{ "%{i}", "192.0.2.3" },
	{ "%{ir}", "3.2.0.192" },
	{ "%{i2}", "2.3" },
	{ "%{v}", "in-addr" },
	{ "%{h}", "mx.example.org" },
	{ "%{h1r}", "mx" },
	{ "%{p}", "unknown" },
	{ "%{c}", "192.0.2.3" },
	{ "%{r}", "unknown" },
	{ "%{o1r.}", "email" },
	{ "%{d1r}", "email" },
	{ "%{d200}", "email.example.com" },
	{ "%{d2r.}", "example.email" },
	{ "%{dr-}", "email.example.com" },
	{ "%%", "%" },
	{ "%_", " " },
	{ "%-", "%20" },
	{ "a%%b%_c%-d", "a%b c%20d" },
	{ "100%% %{d}%{d1}", "100% email.example.comcom" },
	/* upper case: URL-escaped (RFC 3986 unreserved kept) */
	{ "%{S}", "strong-bad%40email.example.com" },
	{ "%{L}", "strong-bad" },
	{ "%{Dr}", "com.example.email" },
	{ "%{O2}", "example.com" },
	{ "%{I}", "192.0.2.3" },
	{ "%{V}", "in-addr" },
	{ "plain text, no macros", "plain text, no macros" },
};

START_TEST(test_macros_ipv4)
{
	txt("email.example.com", "v=spf1 -all exp=x.example.net");
	txt("x.example.net", macros4[_i].macro);
	run("192.0.2.3", "email.example.com", "strong-bad@email.example.com", "mx.example.org");
	EXPECT(R_FAIL, 0, 0);
	ck_assert_msg(ev->explanation != NULL, "%s: no explanation: %s", macros4[_i].macro,
		      dump());
	ck_assert_msg(strcmp(ev->explanation, macros4[_i].want) == 0,
		      "%s: expected \"%s\", got \"%s\"", macros4[_i].macro, macros4[_i].want,
		      ev->explanation);
}
END_TEST

/* The same for an IPv6 client 2001:db8::cb01 (§7.4 last example). */
static const struct {
	const char *macro;
	const char *want;
} macros6[] = {
	{ "%{ir}.%{v}._spf.%{d2}", "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1."
				   "0.0.2.ip6._spf.example.com" },
	{ "%{i}", "2.0.0.1.0.d.b.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.c.b.0.1" },
	{ "%{v}", "ip6" },
	{ "%{c}", "2001:db8::cb01" },
	{ "%{i4}", "c.b.0.1" },
	{ "%{i1r}", "2" },
};

START_TEST(test_macros_ipv6)
{
	txt("email.example.com", "v=spf1 -all exp=x.example.net");
	txt("x.example.net", macros6[_i].macro);
	run("2001:db8::cb01", "email.example.com", "strong-bad@email.example.com",
	    "mx.example.org");
	EXPECT(R_FAIL, 0, 0);
	ck_assert_msg(ev->explanation && strcmp(ev->explanation, macros6[_i].want) == 0,
		      "%s: expected \"%s\": %s", macros6[_i].macro, macros6[_i].want, dump());
}
END_TEST

/* RFC 7208 §7.1: the delimiters . - + , / _ = (any of them, "." only
 * when given or by default) and URL escaping of what they leave. */
static const struct {
	const char *macro;
	const char *want;
} delims[] = {
	{ "%{l}", "a.b-c+d_e=f,g/h" },
	{ "%{l-}", "a.b.c+d_e=f,g/h" },
	{ "%{l+}", "a.b-c.d_e=f,g/h" },
	{ "%{l_}", "a.b-c+d.e=f,g/h" },
	{ "%{l=}", "a.b-c+d_e.f,g/h" },
	{ "%{l,}", "a.b-c+d_e=f.g/h" },
	{ "%{l/}", "a.b-c+d_e=f,g.h" },
	{ "%{l-+_=,/}", "a.b.c.d.e.f.g.h" },
	{ "%{l.-+_=,/}", "a.b.c.d.e.f.g.h" },
	{ "%{l1-}", "c+d_e=f,g/h" },
	{ "%{l1.-}", "c+d_e=f,g/h" },
	{ "%{l2r.-}", "b.a" },
	{ "%{l2r-+}", "c.a.b" },
	{ "%{l3r-+}", "d_e=f,g/h.c.a.b" },
	{ "%{L}", "a.b-c%2Bd_e%3Df%2Cg%2Fh" },
	{ "%{L-}", "a.b.c%2Bd_e%3Df%2Cg%2Fh" },
};

START_TEST(test_macro_delimiters)
{
	txt(DOM, "v=spf1 -all exp=x.example.net");
	txt("x.example.net", delims[_i].macro);
	run("192.0.2.1", DOM, "a.b-c+d_e=f,g/h@example.com", HELO);
	ck_assert_msg(ev->result == R_FAIL && ev->explanation &&
			      strcmp(ev->explanation, delims[_i].want) == 0,
		      "%s: expected \"%s\": %s", delims[_i].macro, delims[_i].want, dump());
}
END_TEST

/* Macros in a domain-spec expand into the name queried. */
START_TEST(test_macro_in_domain_spec)
{
	txt("email.example.com", "v=spf1 exists:%{ir}.%{v}._spf.%{d2} "
				 "exists:%{lr-}.lp._spf.%{d2} -all");
	a4("bad.strong.lp._spf.example.com", "127.0.0.2");
	run("192.0.2.3", "email.example.com", "strong-bad@email.example.com", "h.example.org");
	EXPECT(R_PASS, 2, 1);
	ck_assert_str_eq(step_of("exists:%{ir}.%{v}._spf.%{d2}")->queries,
			 "A 3.2.0.192.in-addr._spf.example.com: nxdomain");
	ck_assert_str_eq(step_of("exists:%{lr-}.lp._spf.%{d2}")->queries,
			 "A bad.strong.lp._spf.example.com: data");
}
END_TEST

/* An upper-case macro in a domain-spec is URL-escaped in the name. */
START_TEST(test_macro_upper_in_domain_spec)
{
	txt(DOM, "v=spf1 exists:%{L}.x.example.com exists:%{l}.x.example.com -all");
	a4("a+b.x.example.com", "127.0.0.2");
	run("192.0.2.1", DOM, "a+b@example.com", HELO);
	EXPECT(R_PASS, 2, 1);
	ck_assert_str_eq(step_of("exists:%{L}.x.example.com")->queries,
			 "A a%2Bb.x.example.com: nxdomain");
}
END_TEST

/* %{p} (RFC 7208 §7.3): a validated name, preferring the domain, then a
 * name below it; "unknown" when none is validated. */
START_TEST(test_macro_p)
{
	txt(DOM, "v=spf1 -all exp=x.example.net");
	txt("x.example.net", "%{p}");
	/* .1: a name below the domain wins over the first one */
	add("1.2.0.192.in-addr.arpa", LDNS_RR_TYPE_PTR, "other.example.net.");
	add("1.2.0.192.in-addr.arpa", LDNS_RR_TYPE_PTR, "mail.example.com.");
	a4("other.example.net", "192.0.2.1");
	a4("mail.example.com", "192.0.2.1");
	/* .2: the domain itself wins */
	add("2.2.0.192.in-addr.arpa", LDNS_RR_TYPE_PTR, "mail.example.com.");
	add("2.2.0.192.in-addr.arpa", LDNS_RR_TYPE_PTR, "example.com.");
	a4("example.com", "192.0.2.2");
	a4("mail.example.com", "192.0.2.2");
	/* .3: none at or below the domain: a validated name */
	add("3.2.0.192.in-addr.arpa", LDNS_RR_TYPE_PTR, "bogus.example.org.");
	add("3.2.0.192.in-addr.arpa", LDNS_RR_TYPE_PTR, "other.example.net.");
	a4("other.example.net", "192.0.2.3");
	/* .4: no validated name */
	add("4.2.0.192.in-addr.arpa", LDNS_RR_TYPE_PTR, "liar.example.com.");
	a4("liar.example.com", "10.9.9.9");
	/* .5: the PTR lookup fails */
	timeout("5.2.0.192.in-addr.arpa");

	run_ip("192.0.2.1");
	EXPECT(R_FAIL, 0, 0);
	EXPECT_EXPLANATION("mail.example.com");
	run_ip("192.0.2.2");
	EXPECT_EXPLANATION("example.com");
	run_ip("192.0.2.3");
	EXPECT_EXPLANATION("other.example.net");
	run_ip("192.0.2.4");
	EXPECT_EXPLANATION("unknown");
	run_ip("192.0.2.5");
	EXPECT(R_FAIL, 0, 0);
	EXPECT_EXPLANATION("unknown");
}
END_TEST

/* %{p} in a domain-spec. */
START_TEST(test_macro_p_in_domain_spec)
{
	txt(DOM, "v=spf1 exists:%{p}.ok.example.net -all");
	add("1.2.0.192.in-addr.arpa", LDNS_RR_TYPE_PTR, "host.example.com.");
	a4("host.example.com", "192.0.2.1");
	a4("host.example.com.ok.example.net", "127.0.0.1");
	/* RFC 7208 §4.6.4 says the PTR records queried for %{p} are
	 * "included in the overall limit"; how is not pinned down (this
	 * implementation counts only the exists term), so the counts are
	 * checked as lower bounds here. */
	run_ip("192.0.2.1");
	ck_assert_msg(ev->result == R_PASS && ev->lookups >= 1 && ev->void_lookups == 0, "%s",
		      dump());
	run_ip("192.0.2.2");
	ck_assert_msg(ev->result == R_FAIL && ev->lookups >= 1 && ev->void_lookups >= 1, "%s",
		      dump());
	ck_assert(queried("A unknown.ok.example.net: nxdomain"));
}
END_TEST

/* RFC 7208 §7.2: c, r and t are allowed only in explanation text: in a
 * domain-spec they are a permerror. */
static const char *const crt[] = {
	"v=spf1 exists:%{c}.example.com -all",
	"v=spf1 exists:%{r}.example.com -all",
	"v=spf1 exists:%{t}.example.com -all",
	"v=spf1 redirect=%{t}.example.com",
};

START_TEST(test_macro_crt_outside_exp)
{
	txt(DOM, crt[_i]);
	a4("192.0.2.1.example.com", "127.0.0.1");
	txt("192.0.2.1.example.com", "explained");
	run_ip("192.0.2.1");
	ck_assert_msg(ev->result == R_PERMERROR, "%s: %s", crt[_i], dump());
	EXPECT_NO_EXPLANATION();
}
END_TEST

/* %{t} in an explanation: the current time. */
START_TEST(test_macro_t_in_exp)
{
	long long before = (long long)time(NULL), after, t;
	char *end;

	txt(DOM, "v=spf1 -all exp=x.example.net");
	txt("x.example.net", "%{t}");
	run_ip("192.0.2.1");
	after = (long long)time(NULL);
	EXPECT(R_FAIL, 0, 0);
	ck_assert_ptr_nonnull(ev->explanation);
	t = strtoll(ev->explanation, &end, 10);
	ck_assert_msg(*end == '\0' && t >= before && t <= after, "t=%s", ev->explanation);
}
END_TEST

/* RFC 7208 §7.1: invalid macros are a permerror (before any lookup). */
static const char *const bad_macros[] = {
	"v=spf1 a:%{x}.example.com +all",
	"v=spf1 a:%{d0}.example.com +all",
	"v=spf1 exists:%{d +all",
	"v=spf1 a:foo%.example.com +all",
	"v=spf1 exists:%(d).example.com +all",
	"v=spf1 exists:%{dX}.example.com +all",
	"v=spf1 exists:%{dr2}.example.com +all",
	"v=spf1 exists:%{}.example.com +all",
	"v=spf1 include:%{l:}.example.com +all",
	"v=spf1 exists:%.example.com +all",
	"v=spf1 redirect=%{z}.example.com",
};

START_TEST(test_macro_invalid)
{
	txt(DOM, bad_macros[_i]);
	run_ip("192.0.2.1");
	ck_assert_msg(ev->result == R_PERMERROR, "%s: %s", bad_macros[_i], dump());
	ck_assert_uint_eq(ev->lookups, 0);
	EXPECT_REASON("syntax error");
}
END_TEST

/* RFC 7208 §7.3: an expansion longer than 253 octets loses labels on
 * the left until it fits. */
START_TEST(test_macro_truncation)
{
	char local[300], sender[320], want[300];
	size_t i;

	/* four labels of 63: 255 octets, + ".x.example.com" = 269 */
	for (i = 0; i < 4; i++) {
		memset(local + i * 64, 'a' + (int)i, 63);
		local[i * 64 + 63] = i < 3 ? '.' : '\0';
	}
	snprintf(sender, sizeof(sender), "%s@example.com", local);
	/* the first label goes: 191 + 14 = 205 octets */
	snprintf(want, sizeof(want), "A %s.x.example.com: nxdomain", local + 64);
	txt(DOM, "v=spf1 exists:%{l}.x.example.com -all");
	run("192.0.2.1", DOM, sender, HELO);
	EXPECT(R_FAIL, 1, 1);
	ck_assert_str_eq(step_of("exists:%{l}.x.example.com")->queries, want);
}
END_TEST

/* ============================================================= limits */

/* A record of \p n "a:" terms (hosts a01...) that do not match, then
 * \p tail; each host has an address (no void lookups). */
static void many_a(const char *owner, int n, const char *tail)
{
	char rec[2048], host[64];
	size_t o;
	int i;

	o = (size_t)snprintf(rec, sizeof(rec), "v=spf1");
	for (i = 1; i <= n; i++) {
		snprintf(host, sizeof(host), "a%02d.example.net", i);
		o += (size_t)snprintf(rec + o, sizeof(rec) - o, " a:%s", host);
		a4(host, "10.0.0.1");
	}
	snprintf(rec + o, sizeof(rec) - o, " %s", tail);
	txt(owner, rec);
}

/* RFC 7208 §4.6.4: 10 DNS-querying terms are allowed. */
START_TEST(test_limit_ten_ok)
{
	many_a(DOM, 10, "ip4:192.0.2.1 -all");
	run_ip("192.0.2.1");
	EXPECT(R_PASS, 10, 0);
	run_ip("192.0.2.2");
	EXPECT(R_FAIL, 10, 0);
}
END_TEST

/* RFC 7208 §4.6.4: the 11th is a permerror, even if it would match. */
START_TEST(test_limit_eleventh)
{
	many_a(DOM, 10, "a:match.example.net -all");
	a4("match.example.net", "192.0.2.1");
	run_ip("192.0.2.1");
	EXPECT(R_PERMERROR, 11, 0);
	EXPECT_REASON("more than 10 DNS-querying terms");
	ck_assert_str_eq(step_of("a:match.example.net")->note, "permerror");
	ck_assert_str_eq(step_of("a:match.example.net")->queries, "");
	ck_assert(!queried("match.example.net"));
}
END_TEST

/* The limit counts during evaluation: terms after a match do not count. */
START_TEST(test_limit_after_match)
{
	many_a(DOM, 10, "+all a:a11.example.net a:a12.example.net");
	run_ip("192.0.2.1");
	EXPECT(R_PASS, 10, 0);
}
END_TEST

/* include, redirect and the terms of included records all count; ip4,
 * ip6, all and exp do not. 10 fits, 11 does not. */
START_TEST(test_limit_across_records)
{
	a4("h.example.net", "10.0.0.1");
	add("h.example.net", LDNS_RR_TYPE_MX, "10 h.example.net.");
	txt(DOM, "v=spf1 ip4:10.1.1.1 include:i.example.com a:h.example.net mx:h.example.net "
		 "ip6:2001:db8::1 mx:h.example.net redirect=r.example.com exp=e.example.com");
	txt("i.example.com", "v=spf1 a:h.example.net a:h.example.net a:h.example.net ?all");
	txt("r.example.com", "v=spf1 a:h.example.net a:h.example.net ip4:192.0.2.1 -all");
	txt("e.example.com", "nope");
	txt("more.example.com", "v=spf1 include:i.example.com a:h.example.net mx:h.example.net "
				"a:h.example.net mx:h.example.net redirect=r.example.com");
	/* include 1 + 3, a, mx, mx, redirect 1 + 2 a = 10 */
	run_ip("192.0.2.1");
	EXPECT(R_PASS, 10, 0);
	run_ip("192.0.2.2");
	EXPECT(R_FAIL, 10, 0);
	ck_assert_uint_eq(step_of("include:i.example.com")->cost, 1);
	ck_assert_uint_eq(step_of("redirect=r.example.com")->cost, 1);
	ck_assert_uint_eq(step_of("mx:h.example.net")->cost, 1);
	ck_assert_uint_eq(step_of("ip4:10.1.1.1")->cost, 0);
	ck_assert_uint_eq(step_of("ip6:2001:db8::1")->cost, 0);
	/* the exp of the original record is not used after redirect */
	EXPECT_NO_EXPLANATION();

	/* one more a: the second a of r.example.com is the 11th */
	run("192.0.2.1", "more.example.com", SENDER, HELO);
	EXPECT(R_PERMERROR, 11, 0);
}
END_TEST

/* RFC 7208 §4.6.4: two void lookups are allowed ... */
START_TEST(test_void_two_ok)
{
	txt(DOM, "v=spf1 a:n1.example.com mx:n2.example.com ip4:192.0.2.1 -all");
	run_ip("192.0.2.1");
	EXPECT(R_PASS, 2, 2);
}
END_TEST

/* ... the third is a permerror: NXDOMAIN and NODATA, from a, mx and
 * exists alike. */
START_TEST(test_void_third)
{
	txt(DOM, "v=spf1 a:n1.example.com exists:nodata.example.com mx:n3.example.com "
		 "ip4:192.0.2.1 -all");
	txt("nodata.example.com", "just text");
	run_ip("192.0.2.1");
	EXPECT(R_PERMERROR, 3, 3);
	EXPECT_REASON("more than 2 void lookups");
	ck_assert_str_eq(step_of("mx:n3.example.com")->note, "permerror");
	ck_assert_str_eq(step_of("exists:nodata.example.com")->queries,
			 "A nodata.example.com: nodata");
}
END_TEST

/* Lookups that return records are not void, matching or not; voids in
 * included records count. */
START_TEST(test_void_counting)
{
	txt(DOM, "v=spf1 a:h1.example.com a:h2.example.com a:h3.example.com "
		 "include:i.example.com -all");
	a4("h1.example.com", "10.0.0.1");
	a4("h2.example.com", "10.0.0.2");
	a4("h3.example.com", "10.0.0.3");
	txt("i.example.com", "v=spf1 a:n1.example.com a:n2.example.com a ?all");
	run_ip("192.0.2.1");
	EXPECT(R_PERMERROR, 7, 3);
	EXPECT_REASON("more than 2 void lookups");
}
END_TEST

/* An include loop ends at the limit of 10 (RFC 7208 §4.6.4, §5.2). */
START_TEST(test_include_loop)
{
	size_t i;
	unsigned maxdepth = 0;

	txt("a.example.com", "v=spf1 include:b.example.com -all");
	txt("b.example.com", "v=spf1 include:a.example.com -all");
	run("192.0.2.1", "a.example.com", SENDER, HELO);
	EXPECT(R_PERMERROR, 11, 0);
	ck_assert_str_eq(ev->reason, "more than 10 DNS-querying terms (RFC 7208 §4.6.4)");
	for (i = 0; i < ev->nsteps; i++)
		if (ev->steps[i].depth > maxdepth)
			maxdepth = ev->steps[i].depth;
	ck_assert_uint_eq(maxdepth, 10);
	/* the record at each of the 11 levels (0..10) was fetched once */
	ck_assert_uint_eq(ev->nsteps, 11 * 2);
}
END_TEST

/* A redirect loop too. */
START_TEST(test_redirect_loop)
{
	txt(DOM, "v=spf1 redirect=example.com");
	run_ip("192.0.2.1");
	EXPECT(R_PERMERROR, 11, 0);
	EXPECT_REASON("more than 10 DNS-querying terms");
}
END_TEST

/* RFC 7208 §4.4, §5: DNS failures of deciding lookups are a temperror. */
static const struct {
	const char *record;
	const char *slow;
	const char *query;
} timeouts[] = {
	{ NULL, DOM, "TXT example.com: timeout" },
	{ "v=spf1 a:slow.example.com -all", "slow.example.com", "A slow.example.com: timeout" },
	{ "v=spf1 mx:slow.example.com -all", "slow.example.com", "MX slow.example.com: timeout" },
	{ "v=spf1 mx -all", DOM, "MX example.com: timeout" },
	{ "v=spf1 exists:slow.example.com -all", "slow.example.com",
	  "A slow.example.com: timeout" },
	{ "v=spf1 include:slow.example.com -all", "slow.example.com",
	  "TXT slow.example.com: timeout" },
	{ "v=spf1 redirect=slow.example.com", "slow.example.com",
	  "TXT slow.example.com: timeout" },
	{ "v=spf1 ip4:10.0.0.1 a:slow.example.com ip4:192.0.2.1 +all", "slow.example.com",
	  "A slow.example.com: timeout" },
};

START_TEST(test_timeouts)
{
	if (timeouts[_i].record)
		txt(DOM, timeouts[_i].record);
	timeout(timeouts[_i].slow);
	run_ip("192.0.2.1");
	ck_assert_msg(ev->result == R_TEMPERROR, "%s: %s",
		      timeouts[_i].record ? timeouts[_i].record : "(record)", dump());
	ck_assert_msg(queried(timeouts[_i].query), "no \"%s\": %s", timeouts[_i].query, dump());
	EXPECT_REASON("failed");
	ck_assert_uint_eq(ev->void_lookups, 0);
}
END_TEST

/* ============================================================ senders */

/* The identities as macros; record at the domain checked. */
static void identity_record(const char *owner)
{
	txt(owner, "v=spf1 -all exp=id.example.net");
	txt("id.example.net", "s=%{s} l=%{l} o=%{o} d=%{d} h=%{h}");
}

/* RFC 7208 §2.4: an empty MAIL FROM is postmaster@<HELO>, and the HELO
 * is the domain checked. */
START_TEST(test_sender_null)
{
	identity_record("helo.example.org");
	run("192.0.2.1", NULL, NULL, "helo.example.org");
	EXPECT(R_FAIL, 0, 0);
	EXPECT_EXPLANATION("s=postmaster@helo.example.org l=postmaster o=helo.example.org "
			   "d=helo.example.org h=helo.example.org");
	ck_assert_str_eq(ev->steps[0].domain, "helo.example.org");
}
END_TEST

START_TEST(test_sender_empty)
{
	identity_record("helo.example.org");
	run("192.0.2.1", NULL, "", "helo.example.org");
	EXPECT(R_FAIL, 0, 0);
	EXPECT_EXPLANATION("s=postmaster@helo.example.org l=postmaster o=helo.example.org "
			   "d=helo.example.org h=helo.example.org");
}
END_TEST

/* RFC 7208 §4.3: a sender without a local part gets "postmaster". */
START_TEST(test_sender_no_local_part)
{
	identity_record("example.net");
	run("192.0.2.1", NULL, "@example.net", "helo.example.org");
	EXPECT_EXPLANATION("s=postmaster@example.net l=postmaster o=example.net "
			   "d=example.net h=helo.example.org");
	run("192.0.2.1", NULL, "example.net", "helo.example.org");
	EXPECT(R_FAIL, 0, 0);
	EXPECT_EXPLANATION("s=postmaster@example.net l=postmaster o=example.net "
			   "d=example.net h=helo.example.org");
}
END_TEST

/* domain NULL: the sender's domain is checked. */
START_TEST(test_domain_from_sender)
{
	identity_record("sender.example");
	run("192.0.2.1", NULL, "Joe.User@sender.example", "helo.example.org");
	EXPECT(R_FAIL, 0, 0);
	EXPECT_EXPLANATION("s=Joe.User@sender.example l=Joe.User o=sender.example "
			   "d=sender.example h=helo.example.org");
	EXPECT_STEP(0, 0, "sender.example", "(record)", 0, "TXT sender.example: data",
		    "SPF record found");
}
END_TEST

/* An explicit domain differs from the sender's: %{d} is the domain,
 * %{o} the sender's; a NULL HELO expands to nothing. */
START_TEST(test_domain_explicit)
{
	identity_record("checked.example");
	run("192.0.2.1", "checked.example", "u@sender.example", NULL);
	EXPECT(R_FAIL, 0, 0);
	EXPECT_EXPLANATION("s=u@sender.example l=u o=sender.example d=checked.example h=");
	ck_assert(!queried("TXT sender.example"));
}
END_TEST

/* ====================================================== API and trace */

static const char *const bad_ips[] = {
	"not-an-ip", "", "192.0.2.1/24", "192.0.2", "192.0.2.256",
	"2001:db8::g", "[192.0.2.1]", "192.0.2.1 ", "example.com",
};

START_TEST(test_bad_ip)
{
	struct dnsauth_spf_eval *out;
	int rc;

	txt(DOM, "v=spf1 +all");
	out = (struct dnsauth_spf_eval *)&rc; /* must be reset to NULL */
	rc = dnsauth_spf_check_host(dns, bad_ips[_i], DOM, SENDER, HELO, &out);
	ck_assert_msg(rc == DNSAUTH_EINVAL, "\"%s\": rc %d", bad_ips[_i], rc);
	ck_assert_ptr_null(out);
}
END_TEST

START_TEST(test_bad_arguments)
{
	txt(DOM, "v=spf1 +all");
	ck_assert_int_eq(dnsauth_spf_check_host(NULL, "192.0.2.1", DOM, SENDER, HELO, &ev),
			 DNSAUTH_EINVAL);
	ck_assert_ptr_null(ev);
	ck_assert_int_eq(dnsauth_spf_check_host(dns, NULL, DOM, SENDER, HELO, &ev),
			 DNSAUTH_EINVAL);
	ck_assert_ptr_null(ev);
	ck_assert_int_eq(dnsauth_spf_check_host(dns, "192.0.2.1", DOM, SENDER, HELO, NULL),
			 DNSAUTH_EINVAL);
	/* and the handle still works */
	run_ip("192.0.2.1");
	EXPECT(R_PASS, 0, 0);
	dnsauth_spf_eval_free(NULL);
}
END_TEST

START_TEST(test_result_names)
{
	ck_assert_str_eq(dnsauth_spf_result_name(R_NONE), "none");
	ck_assert_str_eq(dnsauth_spf_result_name(R_NEUTRAL), "neutral");
	ck_assert_str_eq(dnsauth_spf_result_name(R_PASS), "pass");
	ck_assert_str_eq(dnsauth_spf_result_name(R_FAIL), "fail");
	ck_assert_str_eq(dnsauth_spf_result_name(R_SOFTFAIL), "softfail");
	ck_assert_str_eq(dnsauth_spf_result_name(R_TEMPERROR), "temperror");
	ck_assert_str_eq(dnsauth_spf_result_name(R_PERMERROR), "permerror");
	ck_assert_str_eq(dnsauth_spf_result_name((enum dnsauth_spf_result)99), "?");
}
END_TEST

/* One handle serves many checks: answers are cached, results are the
 * same. */
START_TEST(test_repeatable)
{
	struct dnsauth_dns_stats st1, st2;

	txt(DOM, "v=spf1 mx a -all");
	add(DOM, LDNS_RR_TYPE_MX, "10 mx.example.com.");
	a4("mx.example.com", "192.0.2.10");
	a4(DOM, "192.0.2.1");
	run_ip("192.0.2.1");
	EXPECT(R_PASS, 2, 0);
	dnsauth_dns_stats(dns, &st1);
	run_ip("192.0.2.1");
	EXPECT(R_PASS, 2, 0);
	dnsauth_dns_stats(dns, &st2);
	ck_assert_uint_eq(st2.queries, st1.queries);
	ck_assert_uint_gt(st2.cache_hits, st1.cache_hits);
	EXPECT_STEP(1, 0, DOM, "mx", 1, "MX example.com: data; A mx.example.com: data",
		    "no match");
	EXPECT_STEP(2, 0, DOM, "a", 1, "A example.com: data", "match");
}
END_TEST

/* A whole trace: record, terms, error step. */
START_TEST(test_trace_permerror_step)
{
	txt(DOM, "v=spf1 ip4:10.0.0.1 include:inc.example.com -all");
	txt("inc.example.com", "v=spf1 a:n1.example.com a:n2.example.com a:n3.example.com");
	run_ip("192.0.2.1");
	EXPECT(R_PERMERROR, 4, 3);
	ck_assert_uint_eq(ev->nsteps, 7);
	EXPECT_STEP(2, 0, DOM, "include:inc.example.com", 1, "", "include of inc.example.com");
	EXPECT_STEP(4, 1, "inc.example.com", "a:n1.example.com", 1,
		    "A n1.example.com: nxdomain", "no match");
	EXPECT_STEP(6, 1, "inc.example.com", "a:n3.example.com", 1,
		    "A n3.example.com: nxdomain", "permerror");
	ck_assert_str_eq(ev->reason, "more than 2 void lookups (RFC 7208 §4.6.4)");
}
END_TEST

/* More than DNSAUTH_SPF_TRACE_MAX steps: the rest are counted, not
 * kept; the evaluation is unaffected (ip4 terms cost nothing). */
START_TEST(test_trace_overflow)
{
	static char rdata[70000];
	size_t o = 0, inrun = 0;
	int i, rc;
	const char *term;
	char buf[32];

	/* 1100 ip4 terms, in character-strings of at most 255 octets */
	o += (size_t)snprintf(rdata + o, sizeof(rdata) - o, "\"v=spf1");
	inrun = 6;
	for (i = 0; i < 1100 + 1; i++) {
		if (i < 1100) {
			snprintf(buf, sizeof(buf), " ip4:10.%d.%d.1", i / 256, i % 256);
			term = buf;
		} else {
			term = " -all";
		}
		if (inrun + strlen(term) > 250) {
			o += (size_t)snprintf(rdata + o, sizeof(rdata) - o, "\" \"");
			inrun = 0;
		}
		o += (size_t)snprintf(rdata + o, sizeof(rdata) - o, "%s", term);
		inrun += strlen(term);
	}
	snprintf(rdata + o, sizeof(rdata) - o, "\"");
	add(DOM, LDNS_RR_TYPE_TXT, rdata);
	rc = dnsauth_spf_check_host(dns, "192.0.2.1", DOM, SENDER, HELO, &ev);
	ck_assert_int_eq(rc, 0);
	EXPECT(R_FAIL, 0, 0);
	EXPECT_REASON("-all matched");
	ck_assert_uint_eq(ev->nsteps, DNSAUTH_SPF_TRACE_MAX);
	/* the record, 1100 ip4 and -all: 1102 steps */
	ck_assert_uint_eq(ev->steps_dropped, 1102 - DNSAUTH_SPF_TRACE_MAX);
	ck_assert_str_eq(ev->steps[999].term, "ip4:10.3.230.1");
}
END_TEST

/* ============================================================== main */

static TCase *tcase(Suite *s, const char *name)
{
	TCase *tc = tcase_create(name);

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return tc;
}

static Suite *spf_eval_suite(void)
{
	Suite *s = suite_create("spf_eval");
	TCase *tc;

	tc = tcase(s, "records");
	tcase_add_test(tc, test_no_record_nxdomain);
	tcase_add_test(tc, test_no_record_other_txt);
	tcase_add_test(tc, test_two_records);
	tcase_add_loop_test(tc, test_selection, 0, (int)NELEM(selection));
	tcase_add_test(tc, test_case_insensitive_terms);
	tcase_add_test(tc, test_txt_multi_string);
	tcase_add_test(tc, test_txt_multi_string_no_space);
	tcase_add_test(tc, test_spf_type99_ignored);
	tcase_add_test(tc, test_syntax_error_anywhere);
	tcase_add_loop_test(tc, test_syntax_errors, 0, (int)NELEM(syntax_errors));
	tcase_add_test(tc, test_non_ascii_record);
	tcase_add_test(tc, test_invalid_domain);
	tcase_add_test(tc, test_duplicate_modifiers);

	tc = tcase(s, "mechanisms");
	tcase_add_loop_test(tc, test_qualifiers_all, 0, (int)NELEM(qualifiers));
	tcase_add_test(tc, test_qualifiers_mechanism);
	tcase_add_test(tc, test_default_neutral);
	tcase_add_test(tc, test_first_match_wins);
	tcase_add_test(tc, test_include_pass);
	tcase_add_loop_test(tc, test_include_no_match, 0, (int)NELEM(include_nomatch));
	tcase_add_test(tc, test_include_qualified);
	tcase_add_test(tc, test_include_none);
	tcase_add_test(tc, test_include_nxdomain);
	tcase_add_test(tc, test_include_invalid_target);
	tcase_add_test(tc, test_include_permerror);
	tcase_add_test(tc, test_include_temperror);
	tcase_add_test(tc, test_include_nested);
	tcase_add_test(tc, test_a_match);
	tcase_add_test(tc, test_a_cidr);
	tcase_add_test(tc, test_a_domain_dual_cidr);
	tcase_add_test(tc, test_a_ipv6_uses_aaaa);
	tcase_add_test(tc, test_a_cname);
	tcase_add_test(tc, test_mx_match);
	tcase_add_test(tc, test_mx_cidr);
	tcase_add_test(tc, test_mx_no_implicit);
	tcase_add_test(tc, test_mx_ten_names);
	tcase_add_test(tc, test_mx_eleven_names);
	tcase_add_test(tc, test_mx_host_timeout);
	tcase_add_test(tc, test_ptr_match);
	tcase_add_test(tc, test_ptr_not_validated);
	tcase_add_test(tc, test_ptr_domain);
	tcase_add_test(tc, test_ptr_ipv6);
	tcase_add_test(tc, test_ptr_ten_names);
	tcase_add_test(tc, test_ptr_dns_errors);
	tcase_add_loop_test(tc, test_ip_networks, 0, (int)NELEM(ipnets));
	tcase_add_test(tc, test_ipv4_mapped);
	tcase_add_test(tc, test_exists);
	tcase_add_test(tc, test_exists_ipv6_client);
	tcase_add_test(tc, test_target_not_a_name);
	tcase_add_test(tc, test_trailing_dots);

	tc = tcase(s, "modifiers");
	tcase_add_test(tc, test_redirect);
	tcase_add_test(tc, test_redirect_ignored_with_all);
	tcase_add_test(tc, test_redirect_none);
	tcase_add_test(tc, test_redirect_macro_and_temperror);
	tcase_add_test(tc, test_exp_explanation);
	tcase_add_test(tc, test_exp_only_on_fail);
	tcase_add_test(tc, test_exp_missing);
	tcase_add_test(tc, test_exp_two_txt);
	tcase_add_test(tc, test_exp_multi_string);
	tcase_add_test(tc, test_exp_bad_text_or_timeout);
	tcase_add_loop_test(tc, test_exp_bad_texts, 0, (int)NELEM(bad_exp_texts));
	tcase_add_test(tc, test_exp_bad_domain);
	tcase_add_test(tc, test_exp_and_include);
	tcase_add_test(tc, test_exp_and_redirect);
	tcase_add_test(tc, test_unknown_modifiers);

	tc = tcase(s, "macros");
	tcase_add_loop_test(tc, test_macros_ipv4, 0, (int)NELEM(macros4));
	tcase_add_loop_test(tc, test_macros_ipv6, 0, (int)NELEM(macros6));
	tcase_add_loop_test(tc, test_macro_delimiters, 0, (int)NELEM(delims));
	tcase_add_test(tc, test_macro_in_domain_spec);
	tcase_add_test(tc, test_macro_upper_in_domain_spec);
	tcase_add_test(tc, test_macro_p);
	tcase_add_test(tc, test_macro_p_in_domain_spec);
	tcase_add_loop_test(tc, test_macro_crt_outside_exp, 0, (int)NELEM(crt));
	tcase_add_test(tc, test_macro_t_in_exp);
	tcase_add_loop_test(tc, test_macro_invalid, 0, (int)NELEM(bad_macros));
	tcase_add_test(tc, test_macro_truncation);

	tc = tcase(s, "limits");
	tcase_add_test(tc, test_limit_ten_ok);
	tcase_add_test(tc, test_limit_eleventh);
	tcase_add_test(tc, test_limit_after_match);
	tcase_add_test(tc, test_limit_across_records);
	tcase_add_test(tc, test_void_two_ok);
	tcase_add_test(tc, test_void_third);
	tcase_add_test(tc, test_void_counting);
	tcase_add_test(tc, test_include_loop);
	tcase_add_test(tc, test_redirect_loop);
	tcase_add_loop_test(tc, test_timeouts, 0, (int)NELEM(timeouts));

	tc = tcase(s, "senders");
	tcase_add_test(tc, test_sender_null);
	tcase_add_test(tc, test_sender_empty);
	tcase_add_test(tc, test_sender_no_local_part);
	tcase_add_test(tc, test_domain_from_sender);
	tcase_add_test(tc, test_domain_explicit);

	tc = tcase(s, "api");
	tcase_add_loop_test(tc, test_bad_ip, 0, (int)NELEM(bad_ips));
	tcase_add_test(tc, test_bad_arguments);
	tcase_add_test(tc, test_result_names);
	tcase_add_test(tc, test_repeatable);
	tcase_add_test(tc, test_trace_permerror_step);
	tcase_add_test(tc, test_trace_overflow);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(spf_eval_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
