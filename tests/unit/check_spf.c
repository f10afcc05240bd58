/* SPDX-License-Identifier: MIT */
/*
 * check_spf.c - unit tests of the SPF record model (lib/spf.h):
 * record selection, parse findings and columns, validate findings,
 * canonical printing, local lookup counts and the builder.
 *
 * Every parse gets an exact-size copy of its input with no terminating
 * NUL, so a read past the value shows up under AddressSanitizer.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "finding.h"
#include "rules.h"
#include "spf.h"
#include "testutil.h"

#define NAME "example.com"
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------ helpers */

/* Canonical print of a record, as a malloc'd string. */
static char *print_spf(const struct dnsauth_spf *spf)
{
	struct dnsauth_buf b;
	char *r;
	int rc;

	dnsauth_buf_init(&b, 0);
	rc = dnsauth_spf_print(spf, &b);
	ck_assert_int_eq(rc, 0);
	dnsauth_buf_puts(&b, "");
	r = dnsauth_buf_steal(&b);
	ck_assert_ptr_nonnull(r);
	return r;
}

/* Parse text (n bytes, no NUL) into *out; findings into fl. */
static int parse_n(const char *text, size_t n, struct dnsauth_spf **out,
		   struct dnsauth_findings *fl)
{
	char *buf = dup_exact(text, n);
	int rc = dnsauth_spf_parse(buf, n, NAME, out, fl);

	free(buf);
	return rc;
}

/* Parse a string that must be valid; returns the record. */
static struct dnsauth_spf *parse_ok(const char *text)
{
	struct dnsauth_findings fl;
	struct dnsauth_spf *spf = NULL;
	char *got;
	int rc;

	dnsauth_findings_init(&fl);
	rc = parse_n(text, strlen(text), &spf, &fl);
	got = fmt_findings(&fl, 0);
	ck_assert_msg(rc == 0 && spf != NULL,
		      "parse \"%s\": rc %d (%s), findings \"%s\"", text, rc,
		      dnsauth_strerror(rc), got);
	free(got);
	dnsauth_findings_clear(&fl);
	return spf;
}

/* ------------------------------------------------------- parse table */

struct parse_case {
	const char *in;
	size_t n;          /* 0: strlen(in) */
	int rc;
	int nterms;        /* -1: not checked */
	const char *want;  /* findings */
};

#define SYN(c) "spf-syntax-error:error:" #c
#define MAC(c) "spf-macro-invalid:error:" #c
#define PTRW(c) "spf-ptr-used:warning:" #c
#define DUP(c) "spf-duplicate-modifier:error:" #c
#define VERS "spf-version-malformed:error:1"
#define EP DNSAUTH_EPARSE
#define NS DNSAUTH_ENOTSPF

static const struct parse_case parse_cases[] = {
	/* record selection */
	{ "v=spf1", 0, 0, 0, "" },
	{ "v=spf1 ", 0, 0, 0, "" },
	{ "V=SPF1 -all", 0, 0, 1, "" },
	{ "v=spf1 -all", 0, 0, 1, "" },
	{ "v=spf1   a   -all  ", 0, 0, 2, "" },
	{ "google-site-verification=abc", 0, NS, -1, "" },
	{ "v=DMARC1; p=none", 0, NS, -1, "" },
	{ "spf2.0/pra ~all", 0, NS, -1, "" },
	{ "", 0, NS, -1, "" },
	{ "v=spf10 -all", 0, NS, -1, VERS },
	{ "v=spf1a -all", 0, NS, -1, VERS },
	{ " v=spf1 -all", 0, NS, -1, VERS },
	{ "v= spf1 -all", 0, NS, -1, VERS },
	{ "v =spf1", 0, NS, -1, VERS },
	{ "v=spf1;-all", 0, NS, -1, VERS },
	{ "v=spf1\t-all", 0, NS, -1, VERS },
	{ "v=spf2 -all", 0, NS, -1, VERS },
	/* valid mechanisms, case, qualifiers */
	{ "v=spf1 A MX -ALL", 0, 0, 3, "" },
	{ "v=spf1 Include:x.com -all", 0, 0, 2, "" },
	{ "v=spf1 REDIRECT=x.com", 0, 0, 1, "" },
	{ "v=spf1 +a -mx ~ip4:192.0.2.1 ?all", 0, 0, 4, "" },
	{ "v=spf1 a:EXAMPLE.COM -all", 0, 0, 2, "" },
	{ "v=spf1 exp=x.example.com -all", 0, 0, 2, "" },
	/* unknown modifiers are legal */
	{ "v=spf1 foo=bar -all", 0, 0, 2, "" },
	{ "v=spf1 foo= -all", 0, 0, 2, "" },
	{ "v=spf1 my-mod_1.x=val -all", 0, 0, 2, "" },
	{ "v=spf1 foo=1 foo=2 -all", 0, 0, 3, "" },
	{ "v=spf1 a=b -all", 0, 0, 2, "" },
	/* domain-specs */
	{ "v=spf1 a:example.com.", 0, 0, 1, "" },
	{ "v=spf1 include:_spf.example.com -all", 0, 0, 2, "" },
	{ "v=spf1 exists:%{i}._spf.%{d} -all", 0, 0, 2, "" },
	{ "v=spf1 a:foo.example-dash -all", 0, 0, 2, "" },
	{ "v=spf1 a:foo.1-2 -all", 0, 0, 2, "" },
	{ "v=spf1 a:%{d} -all", 0, 0, 2, "" },
	/* CIDR */
	{ "v=spf1 a/24 -all", 0, 0, 2, "" },
	{ "v=spf1 a//64 -all", 0, 0, 2, "" },
	{ "v=spf1 a/24//64", 0, 0, 1, "" },
	{ "v=spf1 a/0 a/32//128 mx//0", 0, 0, 3, "" },
	{ "v=spf1 mx:example.com/30//120 -all", 0, 0, 2, "" },
	/* a '/' that does not start prefix lengths belongs to the domain-spec
	 * (RFC 7208 §7.1: any visible character but '%') */
	{ "v=spf1 a:foo:bar/baz.example.com -all", 0, 0, 2, "" },
	{ "v=spf1 mx:a/b.example.com/24 -all", 0, 0, 2, "" },
	{ "v=spf1 a:example.com/24x -all", 0, DNSAUTH_EPARSE, 2, SYN(10) },
	{ "v=spf1 ip4:192.0.2.0/24 ip4:0.0.0.0/0 ip4:255.255.255.255/32", 0, 0,
	  3, "" },
	{ "v=spf1 ip6:::", 0, 0, 1, "" },
	{ "v=spf1 ip6:::1 ip6:2001:db8::/32 ip6:::ffff:192.0.2.1", 0, 0, 3, "" },
	{ "v=spf1 ip6:2001:db8::/0 ip6:::1/128", 0, 0, 2, "" },
	/* macros */
	{ "v=spf1 exists:%{ir}.%{v}._spf.%{d2} -all", 0, 0, 2, "" },
	{ "v=spf1 exists:%{l1r-}.example.com -all", 0, 0, 2, "" },
	{ "v=spf1 exp=explain.%{d} -all", 0, 0, 2, "" },
	{ "v=spf1 exists:%%.%_.%-.example.com -all", 0, 0, 2, "" },
	{ "v=spf1 include:%{D}.example.com -all", 0, 0, 2, "" },
	{ "v=spf1 exists:%{s}.%{l}.%{o}.%{h}.example.com -all", 0, 0, 2, "" },
	{ "v=spf1 exists:%{d2r+-.,/_=}.example.com -all", 0, 0, 2, "" },
	{ "v=spf1 exists:%{d10}.example.com -all", 0, 0, 2, "" },
	/* ptr: warning only */
	{ "v=spf1 ptr -all", 0, 0, 2, PTRW(8) },
	{ "v=spf1 ptr:example.com -all", 0, 0, 2, PTRW(8) },
	{ "v=spf1 exists:%{p}.example.com -all", 0, 0, 2, PTRW(15) },
	{ "v=spf1 a:%{P}.example.com -all", 0, 0, 2, PTRW(10) },
	/* whitespace and bytes */
	{ "v=spf1 a\t-all", 0, EP, -1, SYN(9) },
	{ "v=spf1 a \t -all", 0, EP, -1, SYN(10) },
	{ "v=spf1 -all\t", 0, EP, -1, SYN(12) },
	{ "v=spf1 a\x01 -all", 0, EP, 2, SYN(9) },
	{ "v=spf1 a:exa\x7fmple.com -all", 0, EP, 2, SYN(13) },
	{ "v=spf1 a:ex\xc3\xa4mple.com -all", 0, EP, 2, SYN(12) },
	{ "v=spf1 foo=b\xc3\xa4r -all", 0, EP, 2, SYN(13) },
	{ "v=spf1 a\0b -all", 15, EP, 2, SYN(9) },
	/* qualifiers */
	{ "v=spf1 --all", 0, EP, 1, SYN(8) },
	{ "v=spf1 a +-all", 0, EP, 2, SYN(10) },
	{ "v=spf1 -redirect=example.com", 0, EP, 1, SYN(8) },
	{ "v=spf1 ~foo=bar -all", 0, EP, 2, SYN(8) },
	{ "v=spf1 ?exp=x.example.com -all", 0, EP, 2, SYN(8) },
	{ "v=spf1 + -all", 0, EP, 2, SYN(8) },
	/* unknown mechanisms and malformed modifiers */
	{ "v=spf1 foo -all", 0, EP, 2, SYN(8) },
	{ "v=spf1 foo:bar.com", 0, EP, 1, SYN(8) },
	{ "v=spf1 ip:1.2.3.4", 0, EP, 1, SYN(8) },
	{ "v=spf1 ipv4:1.2.3.4", 0, EP, 1, SYN(8) },
	{ "v=spf1 redirect:example.com", 0, EP, 1, SYN(8) },
	{ "v=spf1 exp:x.com -all", 0, EP, 2, SYN(8) },
	{ "v=spf1 all:foo.com", 0, EP, 1, SYN(8) },
	{ "v=spf1 all/24", 0, EP, 1, SYN(8) },
	{ "v=spf1 1foo=bar -all", 0, EP, 2, SYN(8) },
	{ "v=spf1 =foo -all", 0, EP, 2, SYN(8) },
	{ "v=spf1 f@o=bar -all", 0, EP, 2, SYN(8) },
	{ "v=spf1    foo", 0, EP, 1, SYN(11) },
	{ "v=spf1 redirect=", 0, EP, 1, SYN(8) },
	{ "v=spf1 exp= -all", 0, EP, 2, SYN(8) },
	/* duplicates */
	{ "v=spf1 redirect=a.com redirect=b.com", 0, EP, 2, DUP(23) },
	{ "v=spf1 REDIRECT=a.com redirect=b.com", 0, EP, 2, DUP(23) },
	{ "v=spf1 exp=a.com exp=b.com -all", 0, EP, 3, DUP(18) },
	{ "v=spf1 redirect=a.com redirect=b.com exp=x.com exp=y.com", 0, EP, 4,
	  DUP(23) ";" DUP(48) },
	/* missing or bad domain-specs */
	{ "v=spf1 include -all", 0, EP, 2, SYN(8) },
	{ "v=spf1 include: -all", 0, EP, 2, SYN(8) },
	{ "v=spf1 exists: -all", 0, EP, 2, SYN(8) },
	{ "v=spf1 a: -all", 0, EP, 2, SYN(8) },
	{ "v=spf1 a:example -all", 0, EP, 2, SYN(10) },
	{ "v=spf1 include:example.123 -all", 0, EP, 2, SYN(16) },
	{ "v=spf1 a:example.com- -all", 0, EP, 2, SYN(10) },
	{ "v=spf1 a:foo.-bar -all", 0, EP, 2, SYN(10) },
	{ "v=spf1 a:example.com.. -all", 0, EP, 2, SYN(10) },
	{ "v=spf1 mx:example -all", 0, EP, 2, SYN(11) },
	{ "v=spf1 exists:example -all", 0, EP, 2, SYN(15) },
	{ "v=spf1 redirect=example", 0, EP, 1, SYN(17) },
	/* bad CIDR lengths */
	{ "v=spf1 a/33 -all", 0, EP, 2, SYN(9) },
	{ "v=spf1 a//129 -all", 0, EP, 2, SYN(9) },
	{ "v=spf1 a/024 -all", 0, EP, 2, SYN(9) },
	{ "v=spf1 a/ -all", 0, EP, 2, SYN(9) },
	{ "v=spf1 a// -all", 0, EP, 2, SYN(9) },
	{ "v=spf1 a/-1 -all", 0, EP, 2, SYN(9) },
	{ "v=spf1 a/+8 -all", 0, EP, 2, SYN(9) },
	{ "v=spf1 a/24//0129 -all", 0, EP, 2, SYN(12) },
	{ "v=spf1 mx:example.com/33 -all", 0, EP, 2, SYN(22) },
	{ "v=spf1 ip4:192.0.2.0/33", 0, EP, 1, SYN(21) },
	{ "v=spf1 ip4:192.0.2.0/024", 0, EP, 1, SYN(21) },
	{ "v=spf1 ip4:192.0.2.0/", 0, EP, 1, SYN(21) },
	{ "v=spf1 ip4:192.0.2.0//64", 0, EP, 1, SYN(21) },
	{ "v=spf1 ip6:2001:db8::/129", 0, EP, 1, SYN(22) },
	{ "v=spf1 ip6:2001:db8::/", 0, EP, 1, SYN(22) },
	/* bad addresses */
	{ "v=spf1 ip4:192.0.2.01", 0, EP, 1, SYN(12) },
	{ "v=spf1 ip4:01.2.3.4", 0, EP, 1, SYN(12) },
	{ "v=spf1 ip4:mail.example.com", 0, EP, 1, SYN(12) },
	{ "v=spf1 ip4:192.0.2", 0, EP, 1, SYN(12) },
	{ "v=spf1 ip4:192.0.2.0.1", 0, EP, 1, SYN(12) },
	{ "v=spf1 ip4:256.0.0.0", 0, EP, 1, SYN(12) },
	{ "v=spf1 ip4:1.2.3.4.", 0, EP, 1, SYN(12) },
	{ "v=spf1 ip4:", 0, EP, 1, SYN(12) },
	{ "v=spf1 ip4: 1.2.3.4", 0, EP, 2, SYN(12) ";" SYN(13) },
	{ "v=spf1 ip6:2001:db8:::1", 0, EP, 1, SYN(12) },
	{ "v=spf1 ip6:192.0.2.1", 0, EP, 1, SYN(12) },
	{ "v=spf1 ip6:", 0, EP, 1, SYN(12) },
	/* bad macros */
	{ "v=spf1 exists:%{x}.example.com", 0, EP, 1, MAC(15) },
	{ "v=spf1 exists:%{d0}.example.com", 0, EP, 1, MAC(15) },
	{ "v=spf1 exists:%{d", 0, EP, 1, MAC(15) },
	{ "v=spf1 foo=bar% -all", 0, EP, 2, MAC(15) },
	{ "v=spf1 foo=%{x} -all", 0, EP, 2, MAC(12) },
	{ "v=spf1 exists:%a.example.com", 0, EP, 1, MAC(15) },
	{ "v=spf1 exists:%{}.example.com", 0, EP, 1, MAC(15) },
	{ "v=spf1 exists:%{dr2}.example.com", 0, EP, 1, MAC(15) },
	{ "v=spf1 exists:%{d*}.example.com", 0, EP, 1, MAC(15) },
	{ "v=spf1 exists:%{c}.example.com", 0, EP, 1, MAC(15) },
	{ "v=spf1 exists:%{r}.example.com", 0, EP, 1, MAC(15) },
	{ "v=spf1 exists:%{t}.example.com", 0, EP, 1, MAC(15) },
	{ "v=spf1 exists:%{C}.example.com", 0, EP, 1, MAC(15) },
	{ "v=spf1 exp=%{c}.example.com -all", 0, EP, 2, MAC(12) },
	{ "v=spf1 exists:%{d}.%{x}.example.com", 0, EP, 1, MAC(20) },
	/* more edge cases */
	{ "v=spf1 a:%{d}/24 mx:%{d}.example.com//64 -all", 0, 0, 3, "" },
	{ "v=spf1 exists:%{i}.example.com. redirect=%{d}", 0, 0, 2, "" },
	{ "v=spf1 ip6:::ffff:192.0.2.1/96 exists:%{V}.%{H}.example.com", 0, 0,
	  2, "" },
	{ "v=spf1 exp=%{p}.example.com -all", 0, 0, 2, PTRW(12) },
	{ "v=spf1 a:example.com:25 -all", 0, EP, 2, SYN(10) },
	{ "v=spf1 include:example.com/24 -all", 0, EP, 2, SYN(16) },
	{ "v=spf1 -all.", 0, EP, 1, SYN(8) },
	{ "v=spf1 ~", 0, EP, 1, SYN(8) },
	{ "v=spf1 a/8// -all", 0, EP, 2, SYN(11) },
	{ "v=spf1 ip4:192.0.2.0/00", 0, EP, 1, SYN(21) },
	{ "v=spf1 exists:%", 0, EP, 1, MAC(15) },
	{ "v=spf1 redirect=a.com -all redirect=b.com", 0, EP, 3, DUP(28) },
	/* several problems: all reported, in order */
	{ "v=spf1 foo a:example ip4:1.2.3 -all", 0, EP, 4,
	  SYN(8) ";" SYN(14) ";" SYN(26) },
	{ "v=spf1 ptr foo -all", 0, EP, 3, PTRW(8) ";" SYN(12) },
	{ "v=spf1 a/33 exists:%{x}.example.com redirect=a.com redirect=b.com",
	  0, EP, 4, SYN(9) ";" MAC(20) ";" DUP(52) },
};

static int has_error_term_finding(const char *want)
{
	return strstr(want, "spf-syntax-error:error") != NULL ||
	       strstr(want, "spf-macro-invalid") != NULL;
}

START_TEST(test_parse_table)
{
	const struct parse_case *c = &parse_cases[_i];
	size_t n = c->n ? c->n : strlen(c->in);
	struct dnsauth_findings fl;
	struct dnsauth_spf sentinel;
	struct dnsauth_spf *spf = &sentinel;
	char *in = show(c->in, n);
	char *got;
	int rc;
	size_t i;

	dnsauth_findings_init(&fl);
	rc = parse_n(c->in, n, &spf, &fl);
	got = fmt_findings(&fl, 0);
	ck_assert_msg(rc == c->rc,
		      "parse %s: expected rc %d (%s), got %d (%s); findings \"%s\"",
		      in, c->rc, dnsauth_strerror(c->rc), rc,
		      dnsauth_strerror(rc), got);
	ck_assert_msg(strcmp(got, c->want) == 0,
		      "parse %s: findings\n  expected \"%s\"\n  got      \"%s\"",
		      in, c->want, got);
	if (rc == DNSAUTH_ENOTSPF || rc == DNSAUTH_ELIMIT) {
		ck_assert_msg(spf == NULL, "parse %s: *out not NULL", in);
	} else {
		ck_assert_msg(spf != NULL && spf != &sentinel,
			      "parse %s: *out not set", in);
		ck_assert_msg(spf->valid == (rc == 0),
			      "parse %s: valid is %d with rc %d", in,
			      spf->valid, rc);
		if (c->nterms >= 0)
			ck_assert_msg(spf->nterms == (size_t)c->nterms,
				      "parse %s: expected %d terms, got %zu", in,
				      c->nterms, spf->nterms);
		for (i = 0; i < spf->nterms; i++) {
			const struct dnsauth_spf_term *t = &spf->terms[i];

			ck_assert_msg(t->column >= 8 &&
				      t->column - 1 + t->length <= n,
				      "parse %s: term %zu column %u length %zu",
				      in, i, t->column, t->length);
			/* strncmp: a term may hold a NUL byte */
			ck_assert_msg(t->text &&
				      strncmp(t->text, c->in + t->column - 1,
					      t->length) == 0,
				      "parse %s: term %zu text does not match "
				      "its column", in, i);
		}
		if (rc == DNSAUTH_EPARSE && has_error_term_finding(c->want)) {
			int invalid = 0;

			for (i = 0; i < spf->nterms; i++)
				invalid |= spf->terms[i].kind ==
					   DNSAUTH_SPF_INVALID;
			ck_assert_msg(invalid, "parse %s: no INVALID term", in);
		}
		if (rc == 0) {
			/* the canonical form parses back to itself */
			char *p1 = print_spf(spf), *p2;
			struct dnsauth_spf *again = NULL;
			int rc2;

			rc2 = parse_n(p1, strlen(p1), &again, NULL);
			ck_assert_msg(rc2 == 0, "parse %s: printed \"%s\" does "
				      "not parse (rc %d)", in, p1, rc2);
			p2 = print_spf(again);
			ck_assert_msg(strcmp(p1, p2) == 0,
				      "parse %s: print not idempotent: \"%s\" "
				      "then \"%s\"", in, p1, p2);
			free(p2);
			dnsauth_spf_free(again);
			free(p1);
		}
		dnsauth_spf_free(spf);
	}
	free(got);
	free(in);
	dnsauth_findings_clear(&fl);
}
END_TEST

/* ---------------------------------------------------- validate table */

struct validate_case {
	const char *in;
	const char *want;
};

#define PERM_E(c) "spf-permissive:error:" #c
#define PERM_W(c) "spf-permissive:warning:" #c

static const struct validate_case validate_cases[] = {
	{ "v=spf1 +all", PERM_E(8) },
	{ "v=spf1 all", PERM_E(8) },
	{ "v=spf1 a ALL", PERM_E(10) },
	{ "v=spf1 ?all", PERM_W(8) },
	{ "v=spf1 a", PERM_W(0) },
	{ "v=spf1", PERM_W(0) },
	{ "v=spf1 -all", "" },
	{ "v=spf1 ~all", "" },
	{ "v=spf1 a mx include:_spf.example.com ~all", "" },
	{ "v=spf1 redirect=x.example.com", "" },
	{ "v=spf1 ip4:0.0.0.0/0 -all", PERM_E(8) },
	{ "v=spf1 ip4:10.0.0.0/7 -all", PERM_E(8) },
	{ "v=spf1 ip4:10.0.0.0/8 -all", PERM_W(8) },
	{ "v=spf1 mx ip4:10.0.0.0/15 -all", PERM_W(11) },
	{ "v=spf1 ip4:10.0.0.0/16 -all", "" },
	{ "v=spf1 ip4:192.0.2.1 -all", "" },
	{ "v=spf1 ip6:::/0 -all", PERM_E(8) },
	{ "v=spf1 mx ip6:2000::/15 -all", PERM_E(11) },
	{ "v=spf1 ip6:2000::/16 -all", PERM_W(8) },
	{ "v=spf1 ip6:2001:db8::/31 -all", PERM_W(8) },
	{ "v=spf1 ip6:2001:db8::/32 -all", "" },
	{ "v=spf1 ip6:2001:db8::1 -all", "" },
	{ "v=spf1 ip4:0.0.0.0/0 ip6:::/0 -all", PERM_E(8) ";" PERM_E(22) },
	{ "v=spf1 redirect=x.com -all", "spf-redirect-ignored:warning:8" },
	{ "v=spf1 -all redirect=x.com", "spf-redirect-ignored:warning:13" },
	{ "v=spf1 redirect=x.com ?all",
	  "spf-redirect-ignored:warning:8;" PERM_W(23) },
	{ "v=spf1 +all redirect=x.com",
	  PERM_E(8) ";spf-redirect-ignored:warning:13" },
	{ "v=spf1 -all a mx", "spf-syntax-error:warning:13" },
	{ "v=spf1 -all -all", "spf-syntax-error:warning:13" },
	{ "v=spf1 ?all a", PERM_W(8) ";spf-syntax-error:warning:13" },
	{ "v=spf1 -all exp=x.example.com", "" },
	{ "v=spf1 foo=bar -all", "spf-syntax-error:info:8" },
	{ "v=spf1 -all foo=bar", "spf-syntax-error:info:13" },
	{ "v=spf1 -all foo=bar a",
	  "spf-syntax-error:info:13;spf-syntax-error:warning:21" },
	{ "v=spf1 a=1 b=2 -all",
	  "spf-syntax-error:info:8;spf-syntax-error:info:12" },
	{ "v=spf1 ptr -all", "" },
	{ "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/48 ~all", "" },
	{ "v=spf1 redirect=a.com foo=x", "spf-syntax-error:info:23" },
};

START_TEST(test_validate_table)
{
	const struct validate_case *c = &validate_cases[_i];
	struct dnsauth_findings fl;
	struct dnsauth_spf *spf = parse_ok(c->in);
	size_t n = strlen(c->in);
	char *buf = dup_exact(c->in, n);
	char *got;
	int rc;

	dnsauth_findings_init(&fl);
	rc = dnsauth_spf_validate(spf, buf, n, NAME, &fl);
	ck_assert_int_eq(rc, 0);
	got = fmt_findings(&fl, 0);
	ck_assert_msg(strcmp(got, c->want) == 0,
		      "validate \"%s\": findings\n  expected \"%s\"\n"
		      "  got      \"%s\"", c->in, c->want, got);
	free(got);
	free(buf);
	dnsauth_findings_clear(&fl);
	dnsauth_spf_free(spf);
}
END_TEST

/* Build "v=spf1 (a|mx)... -all" of exactly len bytes (len >= 11). */
static char *record_of_length(size_t len)
{
	char *s = malloc(len + 1);
	size_t rest = len - 11, pos = 6;

	ck_assert_ptr_nonnull(s);
	memcpy(s, "v=spf1", 6);
	if (rest % 2) {
		memcpy(s + pos, " mx", 3);
		pos += 3;
		rest -= 3;
	}
	for (; rest; rest -= 2, pos += 2)
		memcpy(s + pos, " a", 2);
	memcpy(s + pos, " -all", 5);
	pos += 5;
	s[pos] = '\0';
	ck_assert_uint_eq(pos, len);
	return s;
}

START_TEST(test_validate_size)
{
	static const size_t lens[] = { 511, 512, 513, 514, 2000 };
	size_t k;

	for (k = 0; k < NELEM(lens); k++) {
		char *s = record_of_length(lens[k]);
		struct dnsauth_spf *spf = parse_ok(s);
		struct dnsauth_findings fl;
		const char *want = lens[k] > 512 ?
			"spf-response-too-large:warning:0" : "";
		char *got;

		dnsauth_findings_init(&fl);
		ck_assert_int_eq(dnsauth_spf_validate(spf, s, lens[k], NAME,
						      &fl), 0);
		got = fmt_findings(&fl, 0);
		ck_assert_msg(strcmp(got, want) == 0,
			      "validate %zu-byte record: expected \"%s\", "
			      "got \"%s\"", lens[k], want, got);
		free(got);
		dnsauth_findings_clear(&fl);
		dnsauth_spf_free(spf);
		free(s);
	}
}
END_TEST

/* ------------------------------------------------------- print table */

struct print_case {
	const char *in;
	const char *want;
};

static const struct print_case print_cases[] = {
	{ "V=SPF1 +A  MX:Example.com/24 ?ALL", "v=spf1 a mx:Example.com/24 ?all" },
	{ "v=spf1 redirect=x.com a", "v=spf1 a redirect=x.com" },
	{ "v=spf1 ip6:2001:DB8:0:0::1 -all", "v=spf1 ip6:2001:db8::1 -all" },
	{ "v=spf1 ip4:192.0.2.0/32 -all", "v=spf1 ip4:192.0.2.0/32 -all" },
	{ "v=spf1", "v=spf1" },
	{ "V=Spf1   ", "v=spf1" },
	{ "v=spf1 MyMod=Val exp=e.example.com REDIRECT=r.example.com -ALL",
	  "v=spf1 -all MyMod=Val exp=e.example.com redirect=r.example.com" },
	{ "v=spf1 ~Include:_spf.Example.com -Exists:%{I}.x.com",
	  "v=spf1 ~include:_spf.Example.com -exists:%{I}.x.com" },
	{ "v=spf1 +a//64 mx/24//96 ptr -all", "v=spf1 a//64 mx/24//96 ptr -all" },
	{ "v=spf1 ip6:::FFFF:192.0.2.1 -all", "v=spf1 ip6:::ffff:192.0.2.1 -all" },
	{ "v=spf1 ip6:2001:0DB8:0000::/48 ~all", "v=spf1 ip6:2001:db8::/48 ~all" },
	{ "v=spf1 ?ip4:192.0.2.1 +ip6:::1 +all", "v=spf1 ?ip4:192.0.2.1 ip6:::1 all" },
	{ "v=spf1 +PTR:Example.COM", "v=spf1 ptr:Example.COM" },
	{ "v=spf1 foo= -all", "v=spf1 -all foo=" },
	{ "v=spf1 EXP=Explain.%{d} -all", "v=spf1 -all exp=Explain.%{d}" },
	{ "v=spf1 ip6:0:0:0:0:0:0:0:0/0 -all", "v=spf1 ip6:::/0 -all" },
	{ "v=spf1 exists:%{ir}.%{v}._spf.%{d2} -all",
	  "v=spf1 exists:%{ir}.%{v}._spf.%{d2} -all" },
	{ "v=spf1 -ALL A:Example.COM", "v=spf1 -all a:Example.COM" },
	{ "v=spf1  a   mx  ", "v=spf1 a mx" },
	{ "v=spf1 Foo=Bar", "v=spf1 Foo=Bar" },
};

START_TEST(test_print_table)
{
	const struct print_case *c = &print_cases[_i];
	struct dnsauth_spf *spf = parse_ok(c->in);
	char *got = print_spf(spf);

	ck_assert_msg(strcmp(got, c->want) == 0,
		      "print \"%s\":\n  expected \"%s\"\n  got      \"%s\"",
		      c->in, c->want, got);
	free(got);
	dnsauth_spf_free(spf);
}
END_TEST

START_TEST(test_term_print)
{
	struct dnsauth_spf *spf = parse_ok("v=spf1 ~MX:example.com/24//64 FOO=bar");
	struct dnsauth_buf b;

	ck_assert_uint_eq(spf->nterms, 2);
	dnsauth_buf_init(&b, 0);
	ck_assert_int_eq(dnsauth_spf_term_print(&spf->terms[0], &b), 0);
	ck_assert_str_eq(dnsauth_buf_str(&b), "~mx:example.com/24//64");
	dnsauth_buf_reset(&b);
	ck_assert_int_eq(dnsauth_spf_term_print(&spf->terms[1], &b), 0);
	ck_assert_str_eq(dnsauth_buf_str(&b), "FOO=bar");
	dnsauth_buf_free(&b);
	dnsauth_spf_free(spf);
}
END_TEST

/* ----------------------------------------------------- lookups table */

struct lookup_case {
	const char *in;
	unsigned want;
};

static const struct lookup_case lookup_cases[] = {
	{ "v=spf1 a mx include:x.com exists:%{i}.y.com ptr -all exp=e.x.com", 5 },
	{ "v=spf1 include:a.com redirect=b.com", 2 },
	{ "v=spf1 include:a.com redirect=b.com -all", 1 },
	{ "v=spf1 -all", 0 },
	{ "v=spf1", 0 },
	{ "v=spf1 ip4:192.0.2.1 ip6:::1 foo=bar -all", 0 },
	{ "v=spf1 redirect=b.com", 1 },
	{ "v=spf1 a/24 mx//64 ptr:x.com ~all", 3 },
	{ "v=spf1 a a a a a a a a a a a -all", 11 },
	{ "v=spf1 exp=e.x.com ?all", 0 },
	{ "v=spf1 redirect=b.com +all", 0 },
	{ "v=spf1 ptr ptr:x.com exists:%{i}.x.com", 3 },
};

START_TEST(test_lookups_table)
{
	const struct lookup_case *c = &lookup_cases[_i];
	struct dnsauth_spf *spf = parse_ok(c->in);
	unsigned got = dnsauth_spf_local_lookups(spf);

	ck_assert_msg(got == c->want, "lookups \"%s\": expected %u, got %u",
		      c->in, c->want, got);
	dnsauth_spf_free(spf);
}
END_TEST

START_TEST(test_term_costs)
{
	struct dnsauth_spf *spf;

	spf = parse_ok("v=spf1 include:a.com ip4:192.0.2.1 redirect=b.com "
		       "exp=e.a.com -all");
	ck_assert_uint_eq(spf->nterms, 5);
	ck_assert(dnsauth_spf_term_costs(spf, &spf->terms[0]));
	ck_assert(!dnsauth_spf_term_costs(spf, &spf->terms[1]));
	ck_assert(!dnsauth_spf_term_costs(spf, &spf->terms[2]));
	ck_assert(!dnsauth_spf_term_costs(spf, &spf->terms[3]));
	ck_assert(!dnsauth_spf_term_costs(spf, &spf->terms[4]));
	dnsauth_spf_free(spf);

	spf = parse_ok("v=spf1 mx redirect=b.com");
	ck_assert(dnsauth_spf_term_costs(spf, &spf->terms[0]));
	ck_assert(dnsauth_spf_term_costs(spf, &spf->terms[1]));
	dnsauth_spf_free(spf);
}
END_TEST

/* ------------------------------------------------------------ builder */

static void assert_prints(const struct dnsauth_spf *spf, const char *want)
{
	char *got = print_spf(spf);

	ck_assert_msg(strcmp(got, want) == 0,
		      "built record:\n  expected \"%s\"\n  got      \"%s\"",
		      want, got);
	free(got);
}

START_TEST(test_builder_empty)
{
	struct dnsauth_spf *spf = dnsauth_spf_new();

	ck_assert_ptr_nonnull(spf);
	ck_assert_uint_eq(spf->nterms, 0);
	assert_prints(spf, "v=spf1");
	dnsauth_spf_free(spf);
	dnsauth_spf_free(NULL);
}
END_TEST

START_TEST(test_builder_ip4)
{
	static const uint8_t net[4] = { 192, 0, 2, 0 };
	struct dnsauth_spf *spf = dnsauth_spf_new();

	ck_assert_ptr_nonnull(spf);
	ck_assert_int_eq(dnsauth_spf_add(spf, DNSAUTH_SPF_IP4, '+',
					 "192.0.2.0/24", -1, -1, NULL), 0);
	ck_assert_uint_eq(spf->nterms, 1);
	ck_assert_int_eq(spf->terms[0].kind, DNSAUTH_SPF_IP4);
	ck_assert_int_eq(spf->terms[0].cidr4, 24);
	ck_assert_int_eq(spf->terms[0].cidr6, -1);
	ck_assert_mem_eq(spf->terms[0].addr, net, 4);
	assert_prints(spf, "v=spf1 ip4:192.0.2.0/24");
	ck_assert_int_eq(dnsauth_spf_add(spf, DNSAUTH_SPF_IP4, '~',
					 "198.51.100.7", -1, -1, NULL), 0);
	ck_assert_int_eq(spf->terms[1].cidr4, -1);
	assert_prints(spf, "v=spf1 ip4:192.0.2.0/24 ~ip4:198.51.100.7");
	dnsauth_spf_free(spf);
}
END_TEST

START_TEST(test_builder_ip4_cidr_arg)
{
	struct dnsauth_spf *spf = dnsauth_spf_new();

	ck_assert_int_eq(dnsauth_spf_add(spf, DNSAUTH_SPF_IP4, '+',
					 "192.0.2.0", 24, -1, NULL), 0);
	ck_assert_int_eq(spf->terms[0].cidr4, 24);
	assert_prints(spf, "v=spf1 ip4:192.0.2.0/24");
	dnsauth_spf_free(spf);
}
END_TEST

START_TEST(test_builder_ip4_invalid)
{
	static const char *bad[] = {
		"192.0.2.300", "192.0.2.0/33", "mail.example.com", "192.0.2",
		"192.0.2.01", "192.0.2.0/024", "2001:db8::1", "",
	};
	struct dnsauth_spf *spf = dnsauth_spf_new();
	size_t k;

	for (k = 0; k < NELEM(bad); k++)
		ck_assert_msg(dnsauth_spf_add(spf, DNSAUTH_SPF_IP4, '+', bad[k],
					      -1, -1, NULL) == DNSAUTH_EINVAL,
			      "add ip4 \"%s\": expected DNSAUTH_EINVAL", bad[k]);
	ck_assert_uint_eq(spf->nterms, 0);
	assert_prints(spf, "v=spf1");
	dnsauth_spf_free(spf);
}
END_TEST

START_TEST(test_builder_ip6)
{
	static const uint8_t net[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	static const char *bad[] = {
		"2001:db8:::1", "2001:db8::/129", "192.0.2.1", "", "::/024",
	};
	struct dnsauth_spf *spf = dnsauth_spf_new();
	size_t k;

	ck_assert_int_eq(dnsauth_spf_add(spf, DNSAUTH_SPF_IP6, '+',
					 "2001:DB8::/32", -1, -1, NULL), 0);
	ck_assert_int_eq(spf->terms[0].kind, DNSAUTH_SPF_IP6);
	ck_assert_int_eq(spf->terms[0].cidr6, 32);
	ck_assert_int_eq(spf->terms[0].cidr4, -1);
	ck_assert_mem_eq(spf->terms[0].addr, net, 16);
	for (k = 0; k < NELEM(bad); k++)
		ck_assert_msg(dnsauth_spf_add(spf, DNSAUTH_SPF_IP6, '+', bad[k],
					      -1, -1, NULL) == DNSAUTH_EINVAL,
			      "add ip6 \"%s\": expected DNSAUTH_EINVAL", bad[k]);
	ck_assert_uint_eq(spf->nterms, 1);
	ck_assert_int_eq(dnsauth_spf_add(spf, DNSAUTH_SPF_IP6, '-',
					 "2001:0db8:0:0::1", -1, -1, NULL), 0);
	assert_prints(spf, "v=spf1 ip6:2001:db8::/32 -ip6:2001:db8::1");
	dnsauth_spf_free(spf);
}
END_TEST

START_TEST(test_builder_a_mx)
{
	struct dnsauth_spf *spf = dnsauth_spf_new();

	ck_assert_int_eq(dnsauth_spf_add(spf, DNSAUTH_SPF_A, '+', NULL, 24, -1,
					 NULL), 0);
	assert_prints(spf, "v=spf1 a/24");
	ck_assert_int_eq(dnsauth_spf_add(spf, DNSAUTH_SPF_A, '+', NULL, -1, -1,
					 NULL), 0);
	ck_assert_int_eq(dnsauth_spf_add(spf, DNSAUTH_SPF_MX, '-',
					 "example.com", 24, 64, NULL), 0);
	ck_assert_int_eq(dnsauth_spf_add(spf, DNSAUTH_SPF_MX, '+', NULL, -1,
					 64, NULL), 0);
	ck_assert_int_eq(dnsauth_spf_add(spf, DNSAUTH_SPF_PTR, '?', NULL, -1,
					 -1, NULL), 0);
	assert_prints(spf, "v=spf1 a/24 a -mx:example.com/24//64 mx//64 ?ptr");
	ck_assert_int_eq(dnsauth_spf_add(spf, DNSAUTH_SPF_A, '+', NULL, 33, -1,
					 NULL), DNSAUTH_EINVAL);
	ck_assert_int_eq(dnsauth_spf_add(spf, DNSAUTH_SPF_MX, '+', NULL, -1,
					 129, NULL), DNSAUTH_EINVAL);
	ck_assert_uint_eq(spf->nterms, 5);
	dnsauth_spf_free(spf);
}
END_TEST

START_TEST(test_builder_all_include)
{
	struct dnsauth_spf *spf = dnsauth_spf_new();

	ck_assert_int_eq(dnsauth_spf_add(spf, DNSAUTH_SPF_INCLUDE, '+',
					 "_spf.example.com", -1, -1, NULL), 0);
	ck_assert_int_eq(dnsauth_spf_add(spf, DNSAUTH_SPF_ALL, '-', NULL, -1,
					 -1, NULL), 0);
	ck_assert_int_eq(spf->terms[1].kind, DNSAUTH_SPF_ALL);
	ck_assert_int_eq(spf->terms[1].qualifier, '-');
	assert_prints(spf, "v=spf1 include:_spf.example.com -all");
	dnsauth_spf_free(spf);
}
END_TEST

START_TEST(test_builder_modifiers)
{
	static const char *want = "v=spf1 include:_spf.example.com "
		"?exists:%{i}._spf.example.com ~all redirect=r.example.com "
		"MyMod=val exp=explain.%{d}";
	struct dnsauth_spf *spf = dnsauth_spf_new(), *again = NULL;
	char *p;

	ck_assert_int_eq(dnsauth_spf_add(spf, DNSAUTH_SPF_REDIRECT, '+',
					 "r.example.com", -1, -1, NULL), 0);
	ck_assert_int_eq(dnsauth_spf_add(spf, DNSAUTH_SPF_INCLUDE, '+',
					 "_spf.example.com", -1, -1, NULL), 0);
	ck_assert_int_eq(dnsauth_spf_add(spf, DNSAUTH_SPF_UNKNOWN_MOD, '+',
					 "val", -1, -1, "MyMod"), 0);
	ck_assert_int_eq(dnsauth_spf_add(spf, DNSAUTH_SPF_EXISTS, '?',
					 "%{i}._spf.example.com", -1, -1,
					 NULL), 0);
	ck_assert_int_eq(dnsauth_spf_add(spf, DNSAUTH_SPF_EXP, '+',
					 "explain.%{d}", -1, -1, NULL), 0);
	ck_assert_int_eq(dnsauth_spf_add(spf, DNSAUTH_SPF_ALL, '~', NULL, -1,
					 -1, NULL), 0);
	ck_assert_uint_eq(spf->nterms, 6);
	ck_assert_str_eq(spf->terms[2].name, "MyMod");
	assert_prints(spf, want);
	/* what the builder prints parses back to the same record */
	p = print_spf(spf);
	again = parse_ok(p);
	ck_assert_uint_eq(again->nterms, 6);
	assert_prints(again, want);
	dnsauth_spf_free(again);
	free(p);
	dnsauth_spf_free(spf);
}
END_TEST

/* ---------------------------------------------------- misc and limits */

START_TEST(test_parse_too_long)
{
	size_t n = DNSAUTH_SPF_MAX_LEN + 1;
	char *s = malloc(n);
	struct dnsauth_spf sentinel, *spf = &sentinel;
	struct dnsauth_findings fl;
	int rc;

	ck_assert_ptr_nonnull(s);
	memset(s, ' ', n);
	memcpy(s, "v=spf1", 6);
	memcpy(s + n - 4, "-all", 4);
	dnsauth_findings_init(&fl);
	rc = dnsauth_spf_parse(s, n, NAME, &spf, &fl);
	ck_assert_int_eq(rc, DNSAUTH_ELIMIT);
	ck_assert_ptr_null(spf);
	dnsauth_findings_clear(&fl);
	dnsauth_findings_init(&fl);
	/* exactly the maximum is accepted */
	memcpy(s + n - 5, "-all", 4);
	spf = &sentinel;
	rc = dnsauth_spf_parse(s, n - 1, NAME, &spf, &fl);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(spf);
	ck_assert_uint_eq(spf->nterms, 1);
	ck_assert_uint_eq(spf->terms[0].column, n - 4);
	ck_assert_uint_eq(fl.n, 0);
	dnsauth_spf_free(spf);
	dnsauth_findings_clear(&fl);
	free(s);
}
END_TEST

START_TEST(test_parse_not_nul_terminated)
{
	static const struct {
		const char *s;
		size_t n;
		size_t nterms;
		const char *print;
	} cases[] = {
		{ "v=spf1 -allXYZ", 11, 1, "v=spf1 -all" },
		{ "v=spf1 a -all", 8, 1, "v=spf1 a" },
		{ "v=spf1x", 6, 0, "v=spf1" },
		{ "v=spf1 ip4:192.0.2.1/24", 20, 1, "v=spf1 ip4:192.0.2.1" },
		{ "v=spf1 include:a.example.com.xx", 28, 1,
		  "v=spf1 include:a.example.com" },
	};
	size_t k;

	for (k = 0; k < NELEM(cases); k++) {
		struct dnsauth_spf *spf = NULL;
		struct dnsauth_findings fl;
		char *got, *p;
		int rc;

		dnsauth_findings_init(&fl);
		rc = parse_n(cases[k].s, cases[k].n, &spf, &fl);
		got = fmt_findings(&fl, 0);
		ck_assert_msg(rc == 0, "parse first %zu bytes of \"%s\": rc %d, "
			      "findings \"%s\"", cases[k].n, cases[k].s, rc,
			      got);
		ck_assert_str_eq(got, "");
		ck_assert_uint_eq(spf->nterms, cases[k].nterms);
		p = print_spf(spf);
		ck_assert_str_eq(p, cases[k].print);
		free(p);
		free(got);
		dnsauth_spf_free(spf);
		dnsauth_findings_clear(&fl);
	}
}
END_TEST

START_TEST(test_parse_100_terms)
{
	struct dnsauth_buf b;
	unsigned cols[100];
	size_t lens[100];
	struct dnsauth_spf *spf;
	const char *s;
	size_t i;

	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, "v=spf1");
	for (i = 0; i < 100; i++) {
		size_t before;

		dnsauth_buf_puts(&b, i % 7 == 3 ? "  " : " ");
		before = b.len;
		cols[i] = (unsigned)before + 1;
		if (i % 10 == 0)
			dnsauth_buf_printf(&b, "ip4:192.0.2.%zu", i);
		else if (i % 10 == 5)
			dnsauth_buf_printf(&b, "~ip6:2001:db8::%zx/64", i);
		else if (i == 99)
			dnsauth_buf_puts(&b, "-all");
		else
			dnsauth_buf_printf(&b, "a:h%zu.example.com", i);
		lens[i] = b.len - before;
	}
	ck_assert_int_eq(b.err, 0);
	s = dnsauth_buf_str(&b);
	spf = parse_ok(s);
	ck_assert_uint_eq(spf->nterms, 100);
	for (i = 0; i < 100; i++) {
		const struct dnsauth_spf_term *t = &spf->terms[i];

		ck_assert_msg(t->column == cols[i], "term %zu: column %u, "
			      "expected %u", i, t->column, cols[i]);
		ck_assert_uint_eq(t->length, lens[i]);
		ck_assert_int_eq(memcmp(t->text, s + cols[i] - 1, lens[i]), 0);
		ck_assert_int_eq(t->kind, i % 10 == 0 ? DNSAUTH_SPF_IP4 :
				 i % 10 == 5 ? DNSAUTH_SPF_IP6 :
				 i == 99 ? DNSAUTH_SPF_ALL : DNSAUTH_SPF_A);
	}
	dnsauth_spf_free(spf);
	dnsauth_buf_free(&b);
}
END_TEST

START_TEST(test_term_fields)
{
	static const uint8_t net[4] = { 192, 0, 2, 0 };
	struct dnsauth_spf *spf;
	const struct dnsauth_spf_term *t;

	spf = parse_ok("v=spf1 -ip4:192.0.2.0/24 ~a:example.com/24//64 "
		       "foo=bar a Redirect=r.example.com");
	ck_assert_uint_eq(spf->nterms, 5);
	ck_assert(spf->valid);

	t = &spf->terms[0];
	ck_assert_int_eq(t->kind, DNSAUTH_SPF_IP4);
	ck_assert_int_eq(t->qualifier, '-');
	ck_assert(t->explicit_qualifier);
	ck_assert_ptr_null(t->domain);
	ck_assert_int_eq(t->cidr4, 24);
	ck_assert_int_eq(t->cidr6, -1);
	ck_assert_mem_eq(t->addr, net, 4);
	ck_assert_uint_eq(t->column, 8);
	ck_assert_uint_eq(t->length, 17);
	ck_assert_str_eq(t->text, "-ip4:192.0.2.0/24");

	t = &spf->terms[1];
	ck_assert_int_eq(t->kind, DNSAUTH_SPF_A);
	ck_assert_int_eq(t->qualifier, '~');
	ck_assert_str_eq(t->domain, "example.com");
	ck_assert_int_eq(t->cidr4, 24);
	ck_assert_int_eq(t->cidr6, 64);
	ck_assert_uint_eq(t->column, 26);

	t = &spf->terms[2];
	ck_assert_int_eq(t->kind, DNSAUTH_SPF_UNKNOWN_MOD);
	ck_assert_str_eq(t->name, "foo");
	ck_assert_str_eq(t->domain, "bar");
	ck_assert_uint_eq(t->column, 48);

	t = &spf->terms[3];
	ck_assert_int_eq(t->kind, DNSAUTH_SPF_A);
	ck_assert_int_eq(t->qualifier, '+');
	ck_assert(!t->explicit_qualifier);
	ck_assert_ptr_null(t->domain);
	ck_assert_int_eq(t->cidr4, -1);
	ck_assert_int_eq(t->cidr6, -1);
	ck_assert_uint_eq(t->column, 56);

	t = &spf->terms[4];
	ck_assert_int_eq(t->kind, DNSAUTH_SPF_REDIRECT);
	ck_assert_str_eq(t->domain, "r.example.com");
	ck_assert_uint_eq(t->column, 58);
	dnsauth_spf_free(spf);

	spf = parse_ok("v=spf1 ip6:2001:db8::1/64");
	ck_assert_int_eq(spf->terms[0].kind, DNSAUTH_SPF_IP6);
	ck_assert_int_eq(spf->terms[0].cidr6, 64);
	ck_assert_int_eq(spf->terms[0].cidr4, -1);
	ck_assert_int_eq(spf->terms[0].addr[0], 0x20);
	ck_assert_int_eq(spf->terms[0].addr[1], 0x01);
	dnsauth_spf_free(spf);
}
END_TEST

START_TEST(test_invalid_term_kinds)
{
	struct dnsauth_spf *spf = NULL;
	struct dnsauth_findings fl;
	int rc;

	dnsauth_findings_init(&fl);
	rc = parse_n("v=spf1 foo a:example -all", 25, &spf, &fl);
	ck_assert_int_eq(rc, DNSAUTH_EPARSE);
	ck_assert_ptr_nonnull(spf);
	ck_assert(!spf->valid);
	ck_assert_uint_eq(spf->nterms, 3);
	ck_assert_int_eq(spf->terms[0].kind, DNSAUTH_SPF_INVALID);
	ck_assert_int_eq(spf->terms[1].kind, DNSAUTH_SPF_INVALID);
	ck_assert_int_eq(spf->terms[2].kind, DNSAUTH_SPF_ALL);
	ck_assert_uint_eq(fl.n, 2);
	ck_assert_str_eq(fl.v[0].name, NAME);
	ck_assert_ptr_nonnull(fl.v[0].message);
	dnsauth_spf_free(spf);
	dnsauth_findings_clear(&fl);

	/* no findings list: same result */
	spf = NULL;
	rc = parse_n("v=spf1 foo -all", 15, &spf, NULL);
	ck_assert_int_eq(rc, DNSAUTH_EPARSE);
	ck_assert_ptr_nonnull(spf);
	dnsauth_spf_free(spf);
	spf = (struct dnsauth_spf *)&fl;
	rc = parse_n("v=spf10", 7, &spf, NULL);
	ck_assert_int_eq(rc, DNSAUTH_ENOTSPF);
	ck_assert_ptr_null(spf);
}
END_TEST

START_TEST(test_is_record_looks_like)
{
	static const struct {
		const char *s;
		bool is, looks;
	} cases[] = {
		{ "v=spf1", true, true },
		{ "V=SPF1 a", true, true },
		{ "v=spf1 -all", true, true },
		{ "v=spf10", false, true },
		{ " v=spf1 -all", false, true },
		{ "v= spf1", false, true },
		{ "v=spf1\t-all", false, true },
		{ "google-site-verification=abc", false, false },
		{ "v=DMARC1; p=none", false, false },
		{ "spf2.0/pra ~all", false, false },
		{ "", false, false },
	};
	size_t k;

	for (k = 0; k < NELEM(cases); k++) {
		size_t n = strlen(cases[k].s);
		char *buf = dup_exact(cases[k].s, n);

		ck_assert_msg(dnsauth_spf_is_record(buf, n) == cases[k].is,
			      "is_record \"%s\"", cases[k].s);
		if (!cases[k].is)
			ck_assert_msg(dnsauth_spf_looks_like(buf, n) ==
				      cases[k].looks, "looks_like \"%s\"",
				      cases[k].s);
		free(buf);
	}
	ck_assert(dnsauth_spf_is_record("v=spf1x", 6));
}
END_TEST

START_TEST(test_kind_name)
{
	ck_assert_str_eq(dnsauth_spf_kind_name(DNSAUTH_SPF_ALL), "all");
	ck_assert_str_eq(dnsauth_spf_kind_name(DNSAUTH_SPF_INCLUDE), "include");
	ck_assert_str_eq(dnsauth_spf_kind_name(DNSAUTH_SPF_A), "a");
	ck_assert_str_eq(dnsauth_spf_kind_name(DNSAUTH_SPF_MX), "mx");
	ck_assert_str_eq(dnsauth_spf_kind_name(DNSAUTH_SPF_PTR), "ptr");
	ck_assert_str_eq(dnsauth_spf_kind_name(DNSAUTH_SPF_IP4), "ip4");
	ck_assert_str_eq(dnsauth_spf_kind_name(DNSAUTH_SPF_IP6), "ip6");
	ck_assert_str_eq(dnsauth_spf_kind_name(DNSAUTH_SPF_EXISTS), "exists");
	ck_assert_str_eq(dnsauth_spf_kind_name(DNSAUTH_SPF_REDIRECT), "redirect");
	ck_assert_str_eq(dnsauth_spf_kind_name(DNSAUTH_SPF_EXP), "exp");
}
END_TEST

START_TEST(test_check_macro_string)
{
	static const struct {
		const char *s;
		bool domain_spec, in_exp;
		int rc;
		bool macro_error;
		long offset; /* -1: not checked */
	} cases[] = {
		{ "%{d}.example.com", true, false, 0, false, -1 },
		{ "%{ir}.%{v}._spf.%{d2}", true, false, 0, false, -1 },
		{ "", false, false, 0, false, -1 },
		{ "%{x}", false, false, DNSAUTH_EPARSE, true, 0 },
		{ "a%{c}", false, true, 0, false, -1 },
		{ "a%{c}", false, false, DNSAUTH_EPARSE, true, 1 },
		{ "ab%", false, false, DNSAUTH_EPARSE, true, 2 },
		{ "%{d0}.example.com", true, false, DNSAUTH_EPARSE, true, 0 },
		{ "example", true, false, DNSAUTH_EPARSE, false, -1 },
		{ "example", false, false, 0, false, -1 },
	};
	size_t k;

	for (k = 0; k < NELEM(cases); k++) {
		size_t n = strlen(cases[k].s), off = 999;
		char *buf = dup_exact(cases[k].s, n);
		const char *why = NULL;
		bool macro = false;
		int rc;

		rc = dnsauth_spf_check_macro_string(buf, n, cases[k].domain_spec,
						    cases[k].in_exp, &off, &why,
						    &macro);
		ck_assert_msg(rc == cases[k].rc, "macro \"%s\": rc %d, "
			      "expected %d", cases[k].s, rc, cases[k].rc);
		if (rc != 0) {
			ck_assert_msg(why != NULL, "macro \"%s\": no why",
				      cases[k].s);
			ck_assert_msg(macro == cases[k].macro_error,
				      "macro \"%s\": macro_error %d",
				      cases[k].s, macro);
			if (cases[k].offset >= 0)
				ck_assert_msg(off == (size_t)cases[k].offset,
					      "macro \"%s\": offset %zu, "
					      "expected %ld", cases[k].s, off,
					      cases[k].offset);
		}
		free(buf);
	}
}
END_TEST

/* --------------------------------------------------------------- main */

static Suite *spf_suite(void)
{
	Suite *s = suite_create("spf");
	TCase *tc;

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, test_parse_table, 0, (int)NELEM(parse_cases));
	tcase_add_test(tc, test_parse_too_long);
	tcase_add_test(tc, test_parse_not_nul_terminated);
	tcase_add_test(tc, test_parse_100_terms);
	tcase_add_test(tc, test_term_fields);
	tcase_add_test(tc, test_invalid_term_kinds);
	tcase_add_test(tc, test_is_record_looks_like);
	tcase_add_test(tc, test_check_macro_string);
	suite_add_tcase(s, tc);

	tc = tcase_create("validate");
	tcase_add_loop_test(tc, test_validate_table, 0,
			    (int)NELEM(validate_cases));
	tcase_add_test(tc, test_validate_size);
	suite_add_tcase(s, tc);

	tc = tcase_create("print");
	tcase_add_loop_test(tc, test_print_table, 0, (int)NELEM(print_cases));
	tcase_add_test(tc, test_term_print);
	tcase_add_test(tc, test_kind_name);
	suite_add_tcase(s, tc);

	tc = tcase_create("lookups");
	tcase_add_loop_test(tc, test_lookups_table, 0,
			    (int)NELEM(lookup_cases));
	tcase_add_test(tc, test_term_costs);
	suite_add_tcase(s, tc);

	tc = tcase_create("builder");
	tcase_add_test(tc, test_builder_empty);
	tcase_add_test(tc, test_builder_ip4);
	tcase_add_test(tc, test_builder_ip4_cidr_arg);
	tcase_add_test(tc, test_builder_ip4_invalid);
	tcase_add_test(tc, test_builder_ip6);
	tcase_add_test(tc, test_builder_a_mx);
	tcase_add_test(tc, test_builder_all_include);
	tcase_add_test(tc, test_builder_modifiers);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(spf_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
