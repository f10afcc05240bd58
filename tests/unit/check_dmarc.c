/* SPDX-License-Identifier: MIT */
/*
 * check_dmarc.c - unit tests of the DMARC policy record model
 * (lib/dmarc.h): record selection, parse findings and columns under RFC
 * 9989 and RFC 7489, validate findings, effective policies, canonical
 * printing and round trips, the builder, and the limits.
 *
 * Findings are compared as "rule-id:severity:column;..." strings. Every
 * parse gets an exact-size copy of its input with no terminating NUL, so
 * a read past the value shows up under AddressSanitizer.
 */
#include <check.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dmarc.h"
#include "error.h"
#include "finding.h"
#include "psl.h"
#include "rules.h"
#include "testutil.h"

#define NAME "_dmarc.example.com"
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define S9 DNSAUTH_DMARC_RFC9989
#define S7 DNSAUTH_DMARC_RFC7489
#define EP DNSAUTH_EPARSE
#define NS DNSAUTH_ENOTSPF

/* expected findings */
#define VER(c) "dmarc-version-invalid:error:" #c
#define PINV(c) "dmarc-policy-invalid:error:" #c
#define PWARN(c) "dmarc-policy-invalid:warning:" #c
#define PINF(c) "dmarc-policy-invalid:info:" #c
#define PMISS_W "dmarc-policy-missing:warning:0"
#define PMISS_E "dmarc-policy-missing:error:0"
#define REM(c) "dmarc-removed-tag:warning:" #c
#define REMI(c) "dmarc-removed-tag:info:" #c
#define URIE(c) "dmarc-uri-invalid:error:" #c
#define URIW(c) "dmarc-uri-invalid:warning:" #c
#define URII(c) "dmarc-uri-invalid:info:" #c
#define MON(c) "dmarc-monitoring-only:info:" #c
#define SUBW(c) "dmarc-subdomain-weaker:warning:" #c
#define RUAM(c) "dmarc-rua-missing:warning:" #c
#define PSD(c) "dmarc-psd-misuse:error:" #c

/* ------------------------------------------------------------ helpers */

/* All messages of the findings, one per line, for failure output. */
static char *fmt_messages(const struct dnsauth_findings *fl)
{
	struct dnsauth_buf b;
	size_t i;
	char *r;

	dnsauth_buf_init(&b, 0);
	for (i = 0; i < fl->n; i++) {
		dnsauth_buf_puts(&b, "\n    ");
		dnsauth_buf_put_safe(&b, fl->v[i].message,
				     strlen(fl->v[i].message));
	}
	dnsauth_buf_puts(&b, "");
	r = dnsauth_buf_steal(&b);
	ck_assert_ptr_nonnull(r);
	return r;
}

/* Canonical print of a record, as a malloc'd string. */
static char *print_dmarc(const struct dnsauth_dmarc *d)
{
	struct dnsauth_buf b;
	char *r;
	int rc;

	dnsauth_buf_init(&b, 0);
	rc = dnsauth_dmarc_print(d, &b);
	ck_assert_int_eq(rc, 0);
	dnsauth_buf_puts(&b, "");
	r = dnsauth_buf_steal(&b);
	ck_assert_ptr_nonnull(r);
	return r;
}

/* Parse text (n bytes, copied without a NUL) into *out; findings into fl. */
static int parse_n(const char *text, size_t n, enum dnsauth_dmarc_standard std,
		   struct dnsauth_dmarc **out, struct dnsauth_findings *fl)
{
	char *buf = dup_exact(text, n);
	int rc = dnsauth_dmarc_parse(buf, n, NAME, std, out, fl);

	free(buf);
	return rc;
}

/* Parse a string that must give a model (rc 0 or EPARSE). */
static struct dnsauth_dmarc *parse_model(const char *text,
					 enum dnsauth_dmarc_standard std)
{
	struct dnsauth_dmarc *d = NULL;
	int rc = parse_n(text, strlen(text), std, &d, NULL);

	ck_assert_msg((rc == 0 || rc == EP) && d != NULL,
		      "parse \"%s\": rc %d (%s)", text, rc, dnsauth_strerror(rc));
	return d;
}

static bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static bool uris_eq(const struct dnsauth_dmarc_uri *a, size_t na,
		    const struct dnsauth_dmarc_uri *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (!str_eq(a[i].uri, b[i].uri) ||
		    !str_eq(a[i].scheme, b[i].scheme) ||
		    !str_eq(a[i].host, b[i].host) ||
		    !str_eq(a[i].size, b[i].size) || a[i].valid != b[i].valid)
			return false;
	return true;
}

/* The n-th unknown tag of d, or NULL. */
static const struct dnsauth_dmarc_tag *unknown_tag(const struct dnsauth_dmarc *d,
						   size_t n)
{
	size_t i;

	for (i = 0; i < d->ntags; i++)
		if (!d->tags[i].known && n-- == 0)
			return &d->tags[i];
	return NULL;
}

/* Which field differs between two models; NULL when none does. */
static const char *fields_differ(const struct dnsauth_dmarc *a,
				 const struct dnsauth_dmarc *b)
{
	size_t i;

	if (a->p != b->p || a->sp != b->sp || a->np != b->np)
		return "policy";
	if (a->adkim != b->adkim || a->aspf != b->aspf)
		return "alignment";
	if (a->pct != b->pct)
		return "pct";
	if (a->t != b->t || a->psd != b->psd)
		return "t or psd";
	if (a->fo != b->fo)
		return "fo";
	if (!str_eq(a->rf, b->rf))
		return "rf";
	if (a->ri != b->ri)
		return "ri";
	if (!uris_eq(a->rua, a->nrua, b->rua, b->nrua))
		return "rua";
	if (!uris_eq(a->ruf, a->nruf, b->ruf, b->nruf))
		return "ruf";
	for (i = 0;; i++) {
		const struct dnsauth_dmarc_tag *ta = unknown_tag(a, i);
		const struct dnsauth_dmarc_tag *tb = unknown_tag(b, i);

		if (!ta || !tb) {
			if (ta != tb)
				return "unknown tags";
			break;
		}
		if (!str_eq(ta->name, tb->name) || !str_eq(ta->value, tb->value))
			return "unknown tags";
	}
	if (a->valid != b->valid)
		return "valid";
	return NULL;
}

/* Print d, parse the text again under std and compare the fields. */
static void check_round_trip(const struct dnsauth_dmarc *d,
			     enum dnsauth_dmarc_standard std, bool want_ok,
			     const char *what)
{
	struct dnsauth_dmarc *again = NULL;
	char *p1 = print_dmarc(d), *p2;
	const char *diff;
	int rc;

	rc = parse_n(p1, strlen(p1), std, &again, NULL);
	ck_assert_msg(again != NULL && (!want_ok || rc == 0),
		      "%s: printed \"%s\" does not parse back (rc %d)", what,
		      p1, rc);
	diff = fields_differ(d, again);
	ck_assert_msg(diff == NULL, "%s: printed \"%s\" parses to a different %s",
		      what, p1, diff);
	p2 = print_dmarc(again);
	ck_assert_msg(strcmp(p1, p2) == 0,
		      "%s: print not idempotent: \"%s\" then \"%s\"", what, p1,
		      p2);
	free(p2);
	free(p1);
	dnsauth_dmarc_free(again);
}

/* Whether the bytes hold a control character (messages quote raw bytes). */
static bool has_control(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return true;
	return false;
}

/* ------------------------------------------------------- parse table */

struct parse_case {
	const char *in;
	size_t n;          /* 0: strlen(in) */
	enum dnsauth_dmarc_standard std;
	int rc;
	int valid;         /* -1: no model expected */
	const char *want;  /* findings */
};

static const struct parse_case parse_cases[] = {
	/* record selection and version */
	{ "v=DMARC1; p=none", 0, S9, 0, 1, "" },
	{ "v=DMARC1;p=none", 0, S9, 0, 1, "" },
	{ "v=DMARC1", 0, S9, 0, 1, PMISS_W },
	{ "v=DMARC1", 0, S7, EP, 1, PMISS_E },
	{ "v=DMARC1;", 0, S9, 0, 1, PMISS_W },
	{ "v = DMARC1 ; p = reject ;", 0, S9, 0, 1, "" },
	{ "v=DMARC1;\tp=none;\t", 0, S9, 0, 1, "" },
	{ "v=DMARC1; p=none;; ; rua=mailto:a@example.com", 0, S9, 0, 1, "" },
	{ "v =DMARC1; p=none", 0, S9, 0, 1, "" },
	{ "v=DMARC1 ; p=none", 0, S9, 0, 1, "" },
	{ " v=DMARC1; p=none", 0, S9, NS, -1, VER(1) },
	{ "\tv=DMARC1; p=none", 0, S7, NS, -1, VER(1) },
	{ "v=dmarc1; p=none", 0, S9, NS, -1, VER(3) },
	{ "V=DMARC1; p=none", 0, S9, NS, -1, VER(1) },
	{ "v=DMARC2; p=none", 0, S9, NS, -1, VER(3) },
	{ "v=DMARC", 0, S9, NS, -1, VER(3) },
	{ "p=none; v=DMARC1", 0, S9, NS, -1, VER(1) },
	{ "rua=mailto:a@example.com; v=DMARC1; p=none", 0, S7, NS, -1, VER(1) },
	{ "v=DMARC1 p=none", 0, S9, NS, -1, VER(3) },
	{ "v=DMARC1p=none", 0, S9, NS, -1, VER(3) },
	{ "google-site-verification=abc", 0, S9, NS, -1, "" },
	{ "v=spf1 -all", 0, S9, NS, -1, "" },
	{ "v=DKIM1; k=rsa; p=MIGf", 0, S9, NS, -1, "" },
	{ "", 0, S9, NS, -1, "" },
	{ "v", 0, S9, NS, -1, "" },
	{ "v=DMARC1; p=none; v=DMARC1", 0, S9, EP, 0, VER(19) },
	/* p, sp, np */
	{ "v=DMARC1; p=reject rua=mailto:a@example.com", 0, S9, EP, 1, PINV(13) },
	{ "v=DMARC1; p=reject rua=mailto:a@example.com", 0, S7, EP, 1, PINV(13) },
	{ "v=DMARC1; p=REJECT", 0, S9, 0, 1, "" },
	{ "v=DMARC1; p=Quarantine; sp=NONE", 0, S9, 0, 1, "" },
	{ "v=DMARC1; p=rejected", 0, S9, EP, 1, PINV(13) },
	{ "v=DMARC1; p=", 0, S9, EP, 1, PINV(13) },
	{ "v=DMARC1; p= ; rua=mailto:a@example.com", 0, S9, EP, 1, PINV(13) },
	{ "v=DMARC1; p=none; sp=bogus", 0, S9, EP, 1, PINV(22) },
	{ "v=DMARC1; p=none; sp=bogus", 0, S7, EP, 1, PINV(22) },
	{ "v=DMARC1; p=none; np=quarantine", 0, S9, 0, 1, "" },
	{ "v=DMARC1; p=none; np=quarantine", 0, S7, 0, 1, PINF(19) },
	{ "v=DMARC1; p=none; np=bad", 0, S9, EP, 1, PINV(22) },
	{ "v=DMARC1; p=none; np=bad", 0, S7, 0, 1, PINF(19) },
	{ "v=DMARC1; sp=reject", 0, S9, 0, 1, PMISS_W },
	{ "v=DMARC1; sp=reject", 0, S7, EP, 1, PMISS_E },
	{ "v=DMARC1; rua=mailto:a@example.com; p=none", 0, S7, 0, 1, PINF(37) },
	{ "v=DMARC1; rua=mailto:a@example.com; p=none", 0, S9, 0, 1, "" },
	{ "v=DMARC1; P=reject", 0, S9, 0, 1, PINF(11) ";" PMISS_W },
	/* adkim, aspf */
	{ "v=DMARC1; p=none; adkim=s; aspf=r", 0, S9, 0, 1, "" },
	{ "v=DMARC1; p=none; adkim=R; aspf=S", 0, S7, 0, 1, "" },
	{ "v=DMARC1; p=none; adkim=x", 0, S9, EP, 1, PINV(25) },
	{ "v=DMARC1; p=none; adkim=s aspf=s", 0, S9, EP, 1, PINV(25) },
	{ "v=DMARC1; p=none; aspf=relaxed", 0, S7, EP, 1, PINV(24) },
	{ "v=DMARC1; p=none; aspf=", 0, S9, EP, 1, PINV(24) },
	/* pct, rf, ri */
	{ "v=DMARC1; p=none; pct=100", 0, S9, 0, 1, REM(19) },
	{ "v=DMARC1; p=none; pct=100", 0, S7, 0, 1, "" },
	{ "v=DMARC1; p=none; pct=50", 0, S7, 0, 1, REMI(19) },
	{ "v=DMARC1; p=none; pct=0", 0, S7, 0, 1, REMI(19) },
	{ "v=DMARC1; p=none; pct=101", 0, S7, EP, 1, PINV(23) },
	{ "v=DMARC1; p=none; pct=0100", 0, S7, EP, 1, PINV(23) },
	{ "v=DMARC1; p=none; pct=abc", 0, S9, 0, 1, REM(19) },
	{ "v=DMARC1; p=none; pct=abc", 0, S7, EP, 1, PINV(23) },
	{ "v=DMARC1; p=none; rf=afrf; ri=86400", 0, S9, 0, 1, REM(19) ";" REM(28) },
	{ "v=DMARC1; p=none; rf=afrf; ri=86400", 0, S7, 0, 1, "" },
	{ "v=DMARC1; p=none; rf=AFRF : afrf", 0, S7, 0, 1, "" },
	{ "v=DMARC1; p=none; rf=iodef", 0, S7, 0, 1, PINF(22) },
	{ "v=DMARC1; p=none; rf=afrf:", 0, S7, EP, 1, PINV(22) },
	{ "v=DMARC1; p=none; rf=a@b", 0, S7, EP, 1, PINV(22) },
	{ "v=DMARC1; p=none; ri=4294967295", 0, S7, 0, 1, "" },
	{ "v=DMARC1; p=none; ri=0", 0, S7, 0, 1, "" },
	{ "v=DMARC1; p=none; ri=4294967296", 0, S7, EP, 1, PINV(22) },
	{ "v=DMARC1; p=none; ri=-1", 0, S7, EP, 1, PINV(22) },
	{ "v=DMARC1; p=none; ri=1h", 0, S7, EP, 1, PINV(22) },
	/* fo */
	{ "v=DMARC1; p=none; fo=1; ruf=mailto:f@example.com", 0, S9, 0, 1, URII(25) },
	{ "v=DMARC1; p=none; fo=0:1; ruf=mailto:f@example.com", 0, S9, 0, 1, PINF(22) ";" URII(27) },
	{ "v=DMARC1; p=none; fo=0:1; ruf=mailto:f@example.com", 0, S7, 0, 1, URII(27) },
	{ "v=DMARC1; p=none; fo=d:s", 0, S9, 0, 1, PINF(19) },
	{ "v=DMARC1; p=none; fo=d:s", 0, S7, 0, 1, PINF(19) },
	{ "v=DMARC1; p=none; fo=x; ruf=mailto:f@example.com", 0, S9, 0, 1, PINF(22) ";" URII(25) },
	{ "v=DMARC1; p=none; fo=1:; ruf=mailto:f@example.com", 0, S9, 0, 1, PINF(22) ";" URII(26) },
	{ "v=DMARC1; p=none; fo=; ruf=mailto:f@example.com", 0, S9, 0, 1, PINF(22) ";" URII(24) },
	{ "v=DMARC1; p=none; fo = 1 : D ; ruf=mailto:f@example.com", 0, S9, 0, 1, URII(32) },
	{ "v=DMARC1; p=none; fo=1 ruf=mailto:f@example.com", 0, S9, 0, 1, PINF(22) ";" PINF(19) },
	/* t, psd */
	{ "v=DMARC1; p=reject; t=y", 0, S9, 0, 1, MON(21) },
	{ "v=DMARC1; p=reject; t=Y", 0, S9, 0, 1, MON(21) },
	{ "v=DMARC1; p=reject; t=n", 0, S9, 0, 1, "" },
	{ "v=DMARC1; p=reject; t=yes", 0, S9, EP, 1, PINV(23) },
	{ "v=DMARC1; p=reject; t=y", 0, S7, 0, 1, PINF(21) },
	{ "v=DMARC1; p=reject; t=yes", 0, S7, 0, 1, PINF(21) },
	{ "v=DMARC1; p=reject; psd=n", 0, S9, 0, 1, "" },
	{ "v=DMARC1; p=reject; psd=u", 0, S9, 0, 1, "" },
	{ "v=DMARC1; p=reject; psd=x", 0, S9, EP, 1, PINV(25) },
	{ "v=DMARC1; p=reject; psd=y", 0, S7, 0, 1, PINF(21) },
	/* rua, ruf */
	{ "v=DMARC1; p=none; rua=mailto:a@example.com,mailto:b@example.net", 0, S9, 0, 1, "" },
	{ "v=DMARC1; p=none; rua=mailto:a@example.com , mailto:b@example.net", 0, S9, 0, 1, "" },
	{ "v=DMARC1; p=none; rua=mailto:a@example.com!10m", 0, S9, 0, 1, URII(23) },
	{ "v=DMARC1; p=none; rua=mailto:a@example.com!10m", 0, S7, 0, 1, "" },
	{ "v=DMARC1; p=none; rua=mailto:a@example.com!100", 0, S9, 0, 1, URII(23) },
	{ "v=DMARC1; p=none; rua=mailto:a@example.com!10x", 0, S9, EP, 1, URIE(23) },
	{ "v=DMARC1; p=none; rua=mailto:a@example.com!", 0, S7, EP, 1, URIE(23) },
	{ "v=DMARC1; p=none; rua=mailto:a@example.com!99999999999999999999999", 0, S7, EP, 1, URIE(23) },
	{ "v=DMARC1; p=none; rua=mailto:a!b@example.com", 0, S9, EP, 1, URIE(23) },
	{ "v=DMARC1; p=none; rua=mailto:a@example.com,b@example.com", 0, S9, EP, 1, URIE(44) },
	{ "v=DMARC1; p=none; rua=a@example.com", 0, S9, EP, 1, URIE(23) },
	{ "v=DMARC1; p=none; rua=mailto:example.com", 0, S9, EP, 1, URIE(23) },
	{ "v=DMARC1; p=none; rua=mailto:", 0, S9, EP, 1, URIE(23) },
	{ "v=DMARC1; p=none; rua=mailto:@example.com", 0, S9, EP, 1, URIE(23) },
	{ "v=DMARC1; p=none; rua=mailto:a@example", 0, S9, EP, 1, URIE(23) },
	{ "v=DMARC1; p=none; rua=mailto:a@-x.example.com", 0, S9, EP, 1, URIE(23) },
	{ "v=DMARC1; p=none; rua=mailto:a@EXAMPLE.com?subject=x", 0, S9, 0, 1, "" },
	{ "v=DMARC1; p=none; rua=https://reports.example.com/dmarc", 0, S9, 0, 1, "" },
	{ "v=DMARC1; p=none; rua=http://u@reports.example.com:8080/x", 0, S9, 0, 1, "" },
	{ "v=DMARC1; p=none; rua=https://", 0, S9, EP, 1, URIE(23) },
	{ "v=DMARC1; p=none; rua=https://[2001:db8::1]/r", 0, S9, 0, 1, "" },
	{ "v=DMARC1; p=none; rua=ftp://reports.example.com/x", 0, S9, EP, 1, URIW(23) ";" URIE(23) },
	{ "v=DMARC1; p=none; rua=ftp://x.example.com/, mailto:a@example.com", 0, S9, 0, 1, URIW(23) },
	{ "v=DMARC1; p=none; rua=urn:x", 0, S9, EP, 1, URIW(23) ";" URIE(23) },
	{ "v=DMARC1; p=none; rua=", 0, S9, EP, 1, URIE(23) },
	{ "v=DMARC1; p=none; rua=mailto:a@example.com,", 0, S9, EP, 1, URIE(44) },
	{ "v=DMARC1; p=none; rua=,mailto:a@example.com", 0, S9, EP, 1, URIE(23) },
	{ "v=DMARC1; p=none; rua=mailto:a@example.com ruf=mailto:b@example.com", 0, S9, EP, 1, URIE(23) },
	{ "v=DMARC1; p=none; rua=mailto:a@ex\xc3""\xa4""mple.com", 0, S9, EP, 1, URIE(23) },
	{ "v=DMARC1; p=none; rua=1mailto:a@example.com", 0, S9, EP, 1, URIE(23) },
	{ "v=DMARC1; p=none; ruf=mailto:f@example.com", 0, S9, 0, 1, URII(19) },
	{ "v=DMARC1; p=none; ruf=mailto:f@example.com!1k", 0, S9, 0, 1, URII(19) ";" URII(23) },
	{ "v=DMARC1; p=none; ruf=ftp://f.example.com/", 0, S7, EP, 1, URII(19) ";" URIW(23) ";" URIE(23) },
	/* unknown and malformed tags */
	{ "v=DMARC1; p=none; rau=mailto:a@example.com", 0, S9, 0, 1, PINF(19) },
	{ "v=DMARC1; p=none; foo=bar; x_1=2", 0, S9, 0, 1, PINF(19) ";" PINF(28) },
	{ "v=DMARC1; p=none; sp none", 0, S9, 0, 1, PINF(19) },
	{ "v=DMARC1; p=none; s p=none", 0, S9, 0, 1, PINF(19) },
	{ "v=DMARC1; p=none; =none", 0, S9, 0, 1, PINF(19) },
	{ "v=DMARC1; p=none; 1x=2", 0, S9, 0, 1, PINF(19) },
	{ "v=DMARC1; p=none; rua:mailto:a@example.com", 0, S9, 0, 1, PINF(19) },
	{ "v=DMARC1; foo=bar p=reject", 0, S9, 0, 1, PINF(11) ";" PMISS_W },
	{ "v=DMARC1; p reject", 0, S7, EP, 1, PINF(11) ";" PMISS_E },
	{ "v=DMARC1;\np=none", 0, S9, 0, 1, PINF(10) ";" PMISS_W },
	/* duplicate tags */
	{ "v=DMARC1; p=reject; p=none", 0, S9, EP, 0, PINV(21) },
	{ "v=DMARC1; p=none; sp=none; sp=reject", 0, S9, EP, 0, PINV(28) },
	{ "v=DMARC1; p=none; rua=mailto:a@example.com; rua=mailto:b@example.com", 0, S9, EP, 0, URIE(45) },
	{ "v=DMARC1; p=none; ruf=mailto:a@example.com; ruf=mailto:b@example.com", 0, S9, EP, 0, URII(19) ";" URIE(45) },
	{ "v=DMARC1; p=none; adkim=r; adkim=s", 0, S9, EP, 0, PINV(28) },
	{ "v=DMARC1; p=none; foo=1; foo=2", 0, S9, EP, 0, PINF(19) ";" PINV(26) },
	{ "v=DMARC1; p=none; pct=1; pct=2", 0, S9, EP, 0, REM(19) ";" PINV(26) },
	{ "v=DMARC1; p=none; pct=1; pct=2", 0, S7, EP, 0, REMI(19) ";" PINV(26) },
	/* bytes */
	{ "v=DMARC1; p=no\x00""ne", 17, S9, EP, 1, PINV(13) },
	{ "v=DMARC1; p=none\r\n", 0, S9, EP, 1, PINV(13) },
	{ "v=DMARC1; p=none; x=\xff""\x01""", 0, S9, 0, 1, PINF(19) },
};

START_TEST(test_parse_table)
{
	const struct parse_case *c = &parse_cases[_i];
	size_t n = c->n ? c->n : strlen(c->in);
	struct dnsauth_findings fl;
	struct dnsauth_dmarc sentinel;
	struct dnsauth_dmarc *d = &sentinel;
	char *in = show(c->in, n);
	char *got, *msgs;
	const char *std = c->std == S7 ? "RFC 7489" : "RFC 9989";
	size_t i;
	int rc;

	dnsauth_findings_init(&fl);
	rc = parse_n(c->in, n, c->std, &d, &fl);
	got = fmt_findings(&fl, 0);
	msgs = fmt_messages(&fl);
	ck_assert_msg(rc == c->rc,
		      "parse %s (%s): expected rc %d (%s), got %d (%s); findings \"%s\"%s",
		      in, std, c->rc, dnsauth_strerror(c->rc), rc,
		      dnsauth_strerror(rc), got, msgs);
	ck_assert_msg(strcmp(got, c->want) == 0,
		      "parse %s (%s): findings\n  expected \"%s\"\n  got      \"%s\"%s",
		      in, std, c->want, got, msgs);
	for (i = 0; i < fl.n; i++) {
		const char *m = fl.v[i].message;

		ck_assert_msg(m && m[0] && !isupper((unsigned char)m[0]),
			      "parse %s: message %zu does not start lower-case",
			      in, i);
		ck_assert_msg(has_control(c->in, n) || !strchr(m, '\n'),
			      "parse %s: message %zu is not one line", in, i);
		ck_assert_msg(str_eq(fl.v[i].name, NAME),
			      "parse %s: finding %zu has no name", in, i);
	}
	if (c->valid < 0) {
		ck_assert_msg(d == NULL, "parse %s: *out not NULL", in);
	} else {
		ck_assert_msg(d != NULL && d != &sentinel,
			      "parse %s: *out not set", in);
		ck_assert_msg(d->valid == (c->valid == 1),
			      "parse %s (%s): valid is %d, expected %d", in, std,
			      d->valid, c->valid);
		ck_assert_msg(d->ntags >= 1 && strcmp(d->tags[0].name, "v") == 0 &&
			      d->tags[0].column == 1 && d->tags[0].known,
			      "parse %s: first tag is not v", in);
		for (i = 0; i < d->ntags; i++) {
			const struct dnsauth_dmarc_tag *t = &d->tags[i];

			ck_assert_msg(t->column >= 1 && t->column <= n &&
				      strncmp(c->in + t->column - 1, t->name,
					      strlen(t->name)) == 0,
				      "parse %s: tag %zu name does not match its column",
				      in, i);
			ck_assert_msg(t->value_column > t->column &&
				      t->value_column <= n + 1 &&
				      strncmp(c->in + t->value_column - 1, t->value,
					      strlen(t->value)) == 0,
				      "parse %s: tag %zu value does not match its column",
				      in, i);
		}
		if (d->valid) {
			char what[200];

			snprintf(what, sizeof(what), "round trip of %s (%s)", in,
				 std);
			check_round_trip(d, c->std, rc == 0, what);
		}
		dnsauth_dmarc_free(d);
	}
	dnsauth_findings_clear(&fl);
	free(msgs);
	free(got);
	free(in);
}
END_TEST

/* Message texts: hints, quoting, cutting. */
START_TEST(test_messages)
{
	static const struct {
		const char *in;
		enum dnsauth_dmarc_standard std;
		const char *has[3];
	} cases[] = {
		{ "v=DMARC1; p=reject rua=mailto:a@example.com", S9,
		  { "p value 'reject rua=mailto:a@example.com'",
		    "a ';' is probably missing before 'rua'", NULL } },
		{ "v=DMARC1; p=none; adkim=s aspf=s", S9,
		  { "adkim value 's aspf=s'", "missing before 'aspf'", NULL } },
		{ "v=DMARC1 p=none", S9,
		  { "'DMARC1 p=none'", "missing before 'p'", NULL } },
		{ "v=dmarc1; p=none", S9, { "case-sensitive", NULL, NULL } },
		{ " v=DMARC1; p=none", S9, { "whitespace before", NULL, NULL } },
		{ "p=none; v=DMARC1", S9,
		  { "first tag", "column 9", NULL } },
		{ "v=DMARC1; P=reject", S9,
		  { "unknown tag 'P=reject'", "did you mean 'p'?", NULL } },
		{ "v=DMARC1; p=none; rau=mailto:a@example.com", S9,
		  { "did you mean 'rua'?", NULL, NULL } },
		{ "v=DMARC1; p=none; sp none", S9,
		  { "'sp none'", "did you mean 'sp=...'?", NULL } },
		{ "v=DMARC1; p=none; rua=mailto:a@example.com,b@example.com", S9,
		  { "rua URI 'b@example.com'", "mailto:", "%2C" } },
		{ "v=DMARC1; p=none; rua=mailto:a!b@example.com", S9,
		  { "unencoded '!'", NULL, NULL } },
		{ "v=DMARC1; p=none; rua=mailto:a@example", S9,
		  { "invalid mailto domain", "(not a fully qualified domain name)",
		    NULL } },
		{ "v=DMARC1; p=none; rua=mailto:a@example.com!10m", S9,
		  { "'!10m'", NULL, NULL } },
		{ "v=DMARC1; p=none; rua=ftp://r.example.com/", S9,
		  { "unsupported scheme", "may ignore", NULL } },
		{ "v=DMARC1; p=none; rua=mailto:a@example.com; rua=mailto:b@example.com",
		  S9, { "duplicate tag 'rua'", "column 19", NULL } },
		{ "v=DMARC1; p=none; pct=50", S9, { "'pct=50'", "RFC 9989", NULL } },
		{ "v=DMARC1; p=none; pct=50", S7, { "50%", NULL, NULL } },
		{ "v=DMARC1; p=none; np=reject", S7,
		  { "'np=reject'", "RFC 7489 receivers ignore it", NULL } },
		{ "v=DMARC1; p=none; fo=0:1; ruf=mailto:f@example.com", S9,
		  { "both 0 and 1", NULL, NULL } },
		{ "v=DMARC1; p=none; fo=1", S9, { "without ruf", NULL, NULL } },
	};
	size_t k, j;

	for (k = 0; k < NELEM(cases); k++) {
		struct dnsauth_findings fl;
		struct dnsauth_dmarc *d = NULL;
		char *msgs;

		dnsauth_findings_init(&fl);
		parse_n(cases[k].in, strlen(cases[k].in), cases[k].std, &d, &fl);
		msgs = fmt_messages(&fl);
		for (j = 0; j < 3 && cases[k].has[j]; j++)
			ck_assert_msg(strstr(msgs, cases[k].has[j]) != NULL,
				      "parse \"%s\": no \"%s\" in the messages:%s",
				      cases[k].in, cases[k].has[j], msgs);
		free(msgs);
		dnsauth_dmarc_free(d);
		dnsauth_findings_clear(&fl);
	}
}
END_TEST

/* Values longer than 64 bytes are cut with "..." in messages. */
START_TEST(test_message_cut)
{
	struct dnsauth_findings fl;
	struct dnsauth_dmarc *d = NULL;
	char in[300], longv[201];
	int rc;

	memset(longv, 'x', 200);
	longv[200] = '\0';
	snprintf(in, sizeof(in), "v=DMARC1; p=%s", longv);
	dnsauth_findings_init(&fl);
	rc = parse_n(in, strlen(in), S9, &d, &fl);
	ck_assert_int_eq(rc, EP);
	ck_assert_uint_eq(fl.n, 1);
	ck_assert_ptr_nonnull(strstr(fl.v[0].message, "..."));
	ck_assert_ptr_null(strstr(fl.v[0].message, longv + 135));
	ck_assert_ptr_nonnull(strstr(fl.v[0].message, longv + 136));
	ck_assert_str_eq(fl.v[0].record, in);
	dnsauth_dmarc_free(d);
	dnsauth_findings_clear(&fl);
}
END_TEST

START_TEST(test_is_record)
{
	static const struct {
		const char *in;
		bool want;
	} cases[] = {
		{ "v=DMARC1", true },
		{ "v=DMARC1;", true },
		{ "v=DMARC1; p=none", true },
		{ "v = DMARC1 ;p=none", true },
		{ "v=\tDMARC1\t", true },
		{ "v=DMARC1 ", true },
		{ " v=DMARC1", false },
		{ "V=DMARC1", false },
		{ "v=dmarc1", false },
		{ "v=DMARC10", false },
		{ "v=DMARC1 p=none", false },
		{ "v=DMARC1,p=none", false },
		{ "v=DMARC", false },
		{ "v=", false },
		{ "v", false },
		{ "", false },
		{ "p=none; v=DMARC1", false },
	};
	size_t k;

	for (k = 0; k < NELEM(cases); k++) {
		size_t n = strlen(cases[k].in);
		char *buf = dup_exact(cases[k].in, n);

		ck_assert_msg(dnsauth_dmarc_is_record(buf, n) == cases[k].want,
			      "is_record(\"%s\") != %d", cases[k].in,
			      cases[k].want);
		free(buf);
	}
	ck_assert(!dnsauth_dmarc_is_record(NULL, 0));
	/* a shorter length than the buffer */
	ck_assert(dnsauth_dmarc_is_record("v=DMARC1X", 8));
	ck_assert(!dnsauth_dmarc_is_record("v=DMARC1", 7));
}
END_TEST

/* Tags, columns and parsed values. */
START_TEST(test_parse_fields)
{
	const char *in = "v=DMARC1;  p = Reject ;rua=mailto:a@EXAMPLE.com!10m , "
			 "https://Reports.Example.com:8443/x,ftp://h.example.com/;"
			 " pct=50; fo=1:s; rf=afrf; ri=3600; adkim=s; x=y z";
	struct dnsauth_dmarc *d = parse_model(in, S7);
	const struct dnsauth_dmarc_tag *t;

	ck_assert_uint_eq(d->ntags, 9);
	t = &d->tags[1];
	ck_assert_str_eq(t->name, "p");
	ck_assert_str_eq(t->value, "Reject");
	ck_assert_uint_eq(t->column, 12);
	ck_assert_uint_eq(t->value_column, 16);
	ck_assert(t->known);
	t = &d->tags[2];
	ck_assert_str_eq(t->name, "rua");
	ck_assert_uint_eq(t->column, 24);
	ck_assert_uint_eq(t->value_column, 28);
	t = &d->tags[8];
	ck_assert_str_eq(t->name, "x");
	ck_assert_str_eq(t->value, "y z");
	ck_assert(!t->known);

	ck_assert_int_eq(d->p, DNSAUTH_DMARC_REJECT);
	ck_assert_int_eq(d->sp, DNSAUTH_DMARC_UNSET);
	ck_assert_int_eq(d->np, DNSAUTH_DMARC_UNSET);
	ck_assert_int_eq(d->adkim, 's');
	ck_assert_int_eq(d->aspf, 0);
	ck_assert_int_eq(d->pct, 50);
	ck_assert_uint_eq(d->fo, DNSAUTH_DMARC_FO_1 | DNSAUTH_DMARC_FO_S);
	ck_assert_str_eq(d->rf, "afrf");
	ck_assert_int_eq(d->ri, 3600);
	ck_assert_int_eq(d->t, 0);
	ck_assert_int_eq(d->psd, 0);
	ck_assert(d->valid);

	ck_assert_uint_eq(d->nrua, 3);
	ck_assert_uint_eq(d->nruf, 0);
	ck_assert_str_eq(d->rua[0].uri, "mailto:a@EXAMPLE.com");
	ck_assert_str_eq(d->rua[0].scheme, "mailto");
	ck_assert_str_eq(d->rua[0].host, "example.com");
	ck_assert_str_eq(d->rua[0].size, "10m");
	ck_assert_uint_eq(d->rua[0].column, 28);
	ck_assert(d->rua[0].valid);
	ck_assert_str_eq(d->rua[1].uri, "https://Reports.Example.com:8443/x");
	ck_assert_str_eq(d->rua[1].scheme, "https");
	ck_assert_str_eq(d->rua[1].host, "reports.example.com");
	ck_assert_ptr_null(d->rua[1].size);
	ck_assert_uint_eq(d->rua[1].column, 55);
	ck_assert(d->rua[1].valid);
	ck_assert_str_eq(d->rua[2].scheme, "ftp");
	ck_assert_str_eq(d->rua[2].host, "h.example.com");
	ck_assert(d->rua[2].valid); /* syntactically valid, unsupported */
	dnsauth_dmarc_free(d);

	/* the same fields under RFC 9989: only the findings differ */
	d = parse_model(in, S9);
	ck_assert_int_eq(d->pct, 50);
	ck_assert_str_eq(d->rf, "afrf");
	ck_assert_int_eq(d->ri, 3600);
	dnsauth_dmarc_free(d);

	/* invalid values leave the documented defaults */
	d = parse_model("v=DMARC1; p=x; sp=y; np=z; adkim=q; aspf=; pct=x; "
			"t=q; psd=q; fo=q; ri=q; rua=x", S9);
	ck_assert_int_eq(d->p, DNSAUTH_DMARC_INVALID);
	ck_assert_int_eq(d->sp, DNSAUTH_DMARC_INVALID);
	ck_assert_int_eq(d->np, DNSAUTH_DMARC_INVALID);
	ck_assert_int_eq(d->adkim, 0);
	ck_assert_int_eq(d->aspf, 0);
	ck_assert_int_eq(d->pct, -1);
	ck_assert_int_eq(d->t, 0);
	ck_assert_int_eq(d->psd, 0);
	ck_assert_uint_eq(d->fo, 0);
	ck_assert_int_eq(d->ri, -1);
	ck_assert_uint_eq(d->nrua, 1);
	ck_assert(!d->rua[0].valid);
	ck_assert_ptr_null(d->rua[0].scheme);
	ck_assert(d->valid);
	dnsauth_dmarc_free(d);

	/* mailto with a query part, IPv6 literal host */
	d = parse_model("v=DMARC1; p=none; rua=mailto:dmarc%2Bx@Example.NET?subject=r,"
			"https://[2001:DB8::1]/r", S9);
	ck_assert_uint_eq(d->nrua, 2);
	ck_assert_str_eq(d->rua[0].host, "example.net");
	ck_assert_str_eq(d->rua[1].host, "2001:db8::1");
	dnsauth_dmarc_free(d);
}
END_TEST

START_TEST(test_parse_too_long)
{
	size_t n = DNSAUTH_DMARC_MAX_LEN + 1;
	char *buf = malloc(n);
	struct dnsauth_findings fl;
	struct dnsauth_dmarc *d = (struct dnsauth_dmarc *)buf;
	int rc;

	ck_assert_ptr_nonnull(buf);
	memset(buf, 'x', n);
	memcpy(buf, "v=DMARC1; p=none; x=", 20);
	dnsauth_findings_init(&fl);
	rc = dnsauth_dmarc_parse(buf, n, NAME, S9, &d, &fl);
	ck_assert_int_eq(rc, DNSAUTH_ELIMIT);
	ck_assert_ptr_null(d);
	ck_assert_uint_eq(fl.n, 0);

	/* exactly the limit is parsed */
	rc = dnsauth_dmarc_parse(buf, n - 1, NAME, S9, &d, &fl);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(d);
	ck_assert_uint_eq(fl.n, 1);
	ck_assert_uint_eq(strlen(unknown_tag(d, 0)->value), n - 1 - 20);
	dnsauth_dmarc_free(d);
	dnsauth_findings_clear(&fl);
	free(buf);
}
END_TEST

/* The length is honoured: bytes after it are never read. */
START_TEST(test_parse_not_nul_terminated)
{
	const char *text = "v=DMARC1; p=noneXYZ; rua=mailto:a@example.com";
	struct dnsauth_dmarc *d = NULL;
	int rc;

	rc = parse_n(text, 16, S9, &d, NULL);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(d->p, DNSAUTH_DMARC_NONE);
	ck_assert_uint_eq(d->nrua, 0);
	dnsauth_dmarc_free(d);

	/* cut in the middle of a URI */
	rc = parse_n(text + 0, 38, S7, &d, NULL);
	ck_assert_int_eq(rc, EP); /* p=noneXYZ and "mailto:a@" */
	ck_assert_uint_eq(d->nrua, 1);
	ck_assert_str_eq(d->rua[0].uri, "mailto:a@exam");
	dnsauth_dmarc_free(d);

	/* not DMARC, short and unterminated */
	rc = parse_n("v=DM", 4, S9, &d, NULL);
	ck_assert_int_eq(rc, NS);
	ck_assert_ptr_null(d);
	rc = parse_n("v=DMARC1", 7, S9, &d, NULL);
	ck_assert_int_eq(rc, NS);
	rc = dnsauth_dmarc_parse(NULL, 0, NAME, S9, &d, NULL);
	ck_assert_int_eq(rc, NS);
	ck_assert_ptr_null(d);
}
END_TEST

/* More than 256 tags: the rest is reported once and not checked. */
START_TEST(test_parse_many_tags)
{
	struct dnsauth_buf b;
	struct dnsauth_findings fl;
	struct dnsauth_dmarc *d = NULL;
	char want_col[32];
	size_t i, col257 = 0;
	int rc;

	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, "v=DMARC1; p=none");
	for (i = 0; i < 300; i++) {
		if (i == 254)
			col257 = b.len + 3;
		dnsauth_buf_printf(&b, "; x%zu=1", i);
	}
	dnsauth_findings_init(&fl);
	rc = parse_n(dnsauth_buf_str(&b), b.len, S9, &d, &fl);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(d->ntags, 256);
	ck_assert_uint_eq(fl.n, 255);
	ck_assert_uint_eq(dnsauth_findings_count(&fl, DNSAUTH_SEV_INFO), 254);
	snprintf(want_col, sizeof(want_col), "%zu", col257);
	ck_assert_int_eq(fl.v[254].rule, DNSAUTH_R_DMARC_POLICY_INVALID);
	ck_assert_int_eq(fl.v[254].severity, DNSAUTH_SEV_WARNING);
	ck_assert_uint_eq(fl.v[254].column, col257);
	ck_assert_str_eq(d->tags[255].name, "x253");
	dnsauth_dmarc_free(d);
	dnsauth_findings_clear(&fl);
	dnsauth_buf_free(&b);
}
END_TEST

/* More than DNSAUTH_DMARC_MAX_URIS URIs: 32 kept, one warning. */
START_TEST(test_parse_many_uris)
{
	struct dnsauth_buf b;
	struct dnsauth_findings fl;
	struct dnsauth_dmarc *d = NULL;
	size_t i, col33 = 0;
	int rc;

	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, "v=DMARC1; p=reject; rua=");
	for (i = 0; i < 40; i++) {
		if (i)
			dnsauth_buf_putc(&b, ',');
		if (i == DNSAUTH_DMARC_MAX_URIS)
			col33 = b.len + 1;
		dnsauth_buf_printf(&b, "mailto:r%zu@example.com", i);
	}
	dnsauth_findings_init(&fl);
	rc = parse_n(dnsauth_buf_str(&b), b.len, S9, &d, &fl);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(d->nrua, DNSAUTH_DMARC_MAX_URIS);
	ck_assert_str_eq(d->rua[31].uri, "mailto:r31@example.com");
	ck_assert_uint_eq(fl.n, 1);
	ck_assert_int_eq(fl.v[0].rule, DNSAUTH_R_DMARC_URI_INVALID);
	ck_assert_int_eq(fl.v[0].severity, DNSAUTH_SEV_WARNING);
	ck_assert_uint_eq(fl.v[0].column, col33);
	check_round_trip(d, S9, true, "32 URIs");
	dnsauth_dmarc_free(d);
	dnsauth_findings_clear(&fl);
	dnsauth_buf_free(&b);
}
END_TEST

/* ---------------------------------------------------- validate table */

struct validate_case {
	const char *in;
	enum dnsauth_dmarc_standard std;
	const char *want;
};

static const struct validate_case validate_cases[] = {
	{ "v=DMARC1; p=none; rua=mailto:a@example.com", S9, MON(13) },
	{ "v=DMARC1; p=none; rua=mailto:a@example.com", S7, MON(13) },
	{ "v=DMARC1; p=reject; rua=mailto:a@example.com", S9, "" },
	{ "v=DMARC1; p=quarantine; rua=https://r.example.com/d", S9, "" },
	{ "v=DMARC1; p=reject", S9, RUAM(0) },
	{ "v=DMARC1; p=reject; sp=none; rua=mailto:a@example.com", S9, SUBW(24) },
	{ "v=DMARC1; p=reject; sp=none; rua=mailto:a@example.com", S7, SUBW(24) },
	{ "v=DMARC1; p=reject; np=none; rua=mailto:a@example.com", S9, SUBW(24) },
	{ "v=DMARC1; p=reject; np=none; rua=mailto:a@example.com", S7, "" },
	{ "v=DMARC1; p=quarantine; sp=none; np=none; rua=mailto:a@example.com",
	  S9, SUBW(28) ";" SUBW(37) },
	{ "v=DMARC1; p=quarantine; sp=none; np=none; rua=mailto:a@example.com",
	  S7, SUBW(28) },
	{ "v=DMARC1; p=reject; sp=quarantine; np=quarantine; rua=mailto:a@example.com",
	  S9, "" },
	{ "v=DMARC1; p=none; sp=reject; rua=mailto:a@example.com", S9, MON(13) },
	{ "v=DMARC1; rua=mailto:a@example.com", S9, MON(0) },
	{ "v=DMARC1; rua=mailto:a@example.com", S7, MON(0) },
	{ "v=DMARC1", S9, MON(0) ";" RUAM(0) },
	{ "v=DMARC1", S7, RUAM(0) },
	{ "v=DMARC1; p=bogus; rua=mailto:a@example.com", S9, MON(13) },
	{ "v=DMARC1; p=bogus", S9, RUAM(0) },
	{ "v=DMARC1; p=reject; sp=bogus; rua=mailto:a@example.com", S9, MON(24) },
	{ "v=DMARC1; p=reject; rua=mailto:a@example.com; np=bogus", S9, MON(50) },
	{ "v=DMARC1; p=reject; rua=mailto:a@example.com; np=bogus", S7, "" },
	{ "v=DMARC1; p=reject; rua=ftp://x.example.com/r", S9, RUAM(21) },
	{ "v=DMARC1; p=reject; rua=mailto:a@example", S9, RUAM(21) },
	{ "v=DMARC1; p=reject; t=y; rua=mailto:a@example.com", S9, "" },
	{ "v=DMARC1; p=reject; t=y; sp=none; rua=mailto:a@example.com", S9,
	  SUBW(29) },
	/* discarded records get no policy findings */
	{ "v=DMARC1; p=reject; p=none", S9, "" },
	{ "v=DMARC1; p=none; rua=mailto:a@example.com; rua=mailto:a@example.com",
	  S9, "" },
	/* psd=y is only checked with a PSL */
	{ "v=DMARC1; p=reject; psd=y; rua=mailto:a@example.com", S9, "" },
};

START_TEST(test_validate_table)
{
	const struct validate_case *c = &validate_cases[_i];
	size_t n = strlen(c->in), from;
	struct dnsauth_findings fl;
	struct dnsauth_dmarc *d = NULL;
	char *buf = dup_exact(c->in, n), *got, *msgs;
	int rc;

	dnsauth_findings_init(&fl);
	rc = dnsauth_dmarc_parse(buf, n, NAME, c->std, &d, &fl);
	ck_assert_msg(d != NULL, "parse \"%s\": rc %d", c->in, rc);
	from = fl.n;
	rc = dnsauth_dmarc_validate(d, buf, n, NAME, c->std, NULL, &fl);
	ck_assert_int_eq(rc, 0);
	got = fmt_findings(&fl, from);
	msgs = fmt_messages(&fl);
	ck_assert_msg(strcmp(got, c->want) == 0,
		      "validate \"%s\" (%s): findings\n  expected \"%s\"\n  got      \"%s\"%s",
		      c->in, c->std == S7 ? "RFC 7489" : "RFC 9989", c->want,
		      got, msgs);
	free(msgs);
	free(got);
	free(buf);
	dnsauth_dmarc_free(d);
	dnsauth_findings_clear(&fl);
}
END_TEST

START_TEST(test_validate_psd)
{
	static const char list[] = "com\nco.uk\n*.ck\n!www.ck\n";
	static const struct {
		const char *rec;
		const char *name;
		enum dnsauth_dmarc_standard std;
		bool use_psl;
		const char *want;
	} cases[] = {
		{ "v=DMARC1; p=reject; psd=y; rua=mailto:a@example.com",
		  "_dmarc.example.com", S9, true, PSD(25) },
		{ "v=DMARC1; p=reject; psd=y; rua=mailto:a@example.com",
		  "example.com", S9, true, PSD(25) },
		{ "v=DMARC1; p=reject; psd=y; rua=mailto:a@example.com",
		  "_dmarc.example.com", S7, true, PSD(25) },
		{ "v=DMARC1; p=reject; psd=y; rua=mailto:a@example.com",
		  "_dmarc.com", S9, true, "" },
		{ "v=DMARC1; p=reject; psd=y; rua=mailto:a@example.com",
		  "_DMARC.co.uk", S9, true, "" },
		{ "v=DMARC1; p=reject; psd=y; rua=mailto:a@example.com",
		  "_dmarc.foo.ck", S9, true, "" },
		{ "v=DMARC1; p=reject; psd=y; rua=mailto:a@example.com",
		  "_dmarc.www.ck", S9, true, PSD(25) },
		{ "v=DMARC1; p=reject; psd=y; rua=mailto:a@example.com",
		  "_dmarc.example.com", S9, false, "" },
		{ "v=DMARC1; p=reject; psd=y; rua=mailto:a@example.com",
		  NULL, S9, true, "" },
		{ "v=DMARC1; p=reject; psd=n; rua=mailto:a@example.com",
		  "_dmarc.example.com", S9, true, "" },
		{ "v=DMARC1; p=reject; psd=u; rua=mailto:a@example.com",
		  "_dmarc.com", S9, true, "" },
	};
	struct dnsauth_psl *psl = NULL;
	size_t k;
	int rc;

	rc = dnsauth_psl_parse(list, strlen(list), &psl);
	ck_assert_int_eq(rc, 0);
	for (k = 0; k < NELEM(cases); k++) {
		const char *in = cases[k].rec;
		struct dnsauth_findings fl;
		struct dnsauth_dmarc *d = parse_model(in, cases[k].std);
		size_t from;
		char *got;

		dnsauth_findings_init(&fl);
		rc = dnsauth_dmarc_validate(d, in, strlen(in), cases[k].name,
					    cases[k].std,
					    cases[k].use_psl ? psl : NULL, &fl);
		ck_assert_int_eq(rc, 0);
		from = 0;
		got = fmt_findings(&fl, from);
		ck_assert_msg(strcmp(got, cases[k].want) == 0,
			      "validate psd case %zu (%s): expected \"%s\", got \"%s\"",
			      k, cases[k].name ? cases[k].name : "(null)",
			      cases[k].want, got);
		free(got);
		dnsauth_findings_clear(&fl);
		dnsauth_dmarc_free(d);
	}
	dnsauth_psl_free(psl);
}
END_TEST

START_TEST(test_validate_args)
{
	struct dnsauth_dmarc *d = dnsauth_dmarc_new();
	struct dnsauth_findings fl;

	ck_assert_ptr_nonnull(d);
	dnsauth_findings_init(&fl);
	ck_assert_int_eq(dnsauth_dmarc_validate(NULL, "", 0, NAME, S9, NULL, &fl),
			 DNSAUTH_EINVAL);
	/* a built record without text: columns are 0 */
	d->p = DNSAUTH_DMARC_REJECT;
	d->sp = DNSAUTH_DMARC_NONE;
	ck_assert_int_eq(dnsauth_dmarc_validate(d, NULL, 0, NAME, S9, NULL, &fl), 0);
	{
		char *got = fmt_findings(&fl, 0);

		ck_assert_str_eq(got, SUBW(0) ";" RUAM(0));
		ck_assert_ptr_null(fl.v[0].record);
		free(got);
	}
	dnsauth_findings_clear(&fl);
	dnsauth_dmarc_free(d);
}
END_TEST

/* --------------------------------------------------- effective table */

#define U DNSAUTH_DMARC_UNSET
#define N DNSAUTH_DMARC_NONE
#define Q DNSAUTH_DMARC_QUARANTINE
#define R DNSAUTH_DMARC_REJECT

struct effective_case {
	const char *in;
	enum dnsauth_dmarc_standard std;
	bool applies;
	enum dnsauth_dmarc_policy domain, subdomain, nonexistent;
	bool testing;
	int pct;
};

static const struct effective_case effective_cases[] = {
	{ "v=DMARC1; p=reject", S9, true, R, R, R, false, 100 },
	{ "v=DMARC1; p=reject", S7, true, R, R, R, false, 100 },
	{ "v=DMARC1; p=reject; sp=quarantine", S9, true, R, Q, Q, false, 100 },
	{ "v=DMARC1; p=reject; sp=quarantine; np=none", S9, true, R, Q, N, false, 100 },
	{ "v=DMARC1; p=reject; sp=quarantine; np=none", S7, true, R, Q, Q, false, 100 },
	{ "v=DMARC1; p=reject; np=quarantine", S9, true, R, R, Q, false, 100 },
	{ "v=DMARC1; p=reject; np=quarantine", S7, true, R, R, R, false, 100 },
	{ "v=DMARC1; p=none; sp=reject", S9, true, N, R, R, false, 100 },
	/* t=y: one level lower under RFC 9989, unknown under RFC 7489 */
	{ "v=DMARC1; p=reject; t=y", S9, true, Q, Q, Q, true, 100 },
	{ "v=DMARC1; p=reject; t=y", S7, true, R, R, R, false, 100 },
	{ "v=DMARC1; p=quarantine; sp=reject; np=none; t=y", S9, true, N, Q, N, true, 100 },
	{ "v=DMARC1; p=none; t=y", S9, true, N, N, N, true, 100 },
	{ "v=DMARC1; p=reject; t=n", S9, true, R, R, R, false, 100 },
	/* missing p */
	{ "v=DMARC1", S9, true, N, N, N, false, 100 },
	{ "v=DMARC1; sp=reject", S9, true, N, R, R, false, 100 },
	{ "v=DMARC1", S7, false, U, U, U, false, 100 },
	{ "v=DMARC1; rua=mailto:a@example.com", S7, true, N, N, N, false, 100 },
	/* RFC 7489 §6.6.3: as if the record were "v=DMARC1; p=none" */
	{ "v=DMARC1; sp=reject; rua=mailto:a@example.com", S7, true, N, N, N, false, 100 },
	/* invalid p, sp, np: p=none with a valid rua, else no DMARC */
	{ "v=DMARC1; p=bogus", S9, false, U, U, U, false, 100 },
	{ "v=DMARC1; p=bogus", S7, false, U, U, U, false, 100 },
	{ "v=DMARC1; p=bogus; rua=mailto:a@example.com", S9, true, N, N, N, false, 100 },
	{ "v=DMARC1; p=bogus; rua=mailto:a@example.com", S7, true, N, N, N, false, 100 },
	{ "v=DMARC1; p=reject rua=mailto:a@example.com", S9, false, U, U, U, false, 100 },
	{ "v=DMARC1; p=bogus; rua=mailto:a@example", S9, false, U, U, U, false, 100 },
	{ "v=DMARC1; p=bogus; rua=ftp://x.example.com/r", S9, true, N, N, N, false, 100 },
	{ "v=DMARC1; p=bogus; rua=urn:x", S9, false, U, U, U, false, 100 },
	{ "v=DMARC1; p=reject; sp=bogus", S9, false, U, U, U, false, 100 },
	{ "v=DMARC1; p=reject; sp=bogus", S7, false, U, U, U, false, 100 },
	{ "v=DMARC1; p=reject; sp=bogus; rua=mailto:a@example.com", S9, true, N, N, N, false, 100 },
	{ "v=DMARC1; p=reject; np=bogus", S9, false, U, U, U, false, 100 },
	{ "v=DMARC1; p=reject; np=bogus", S7, true, R, R, R, false, 100 },
	{ "v=DMARC1; p=reject; t=y; sp=bogus; rua=mailto:a@example.com", S9, true, N, N, N, true, 100 },
	/* pct: RFC 7489 only */
	{ "v=DMARC1; p=reject; pct=50", S7, true, R, R, R, false, 50 },
	{ "v=DMARC1; p=reject; pct=50", S9, true, R, R, R, false, 100 },
	{ "v=DMARC1; p=reject; pct=0; t=y", S7, true, R, R, R, false, 0 },
	{ "v=DMARC1; p=reject; pct=abc", S7, true, R, R, R, false, 100 },
	/* a discarded record */
	{ "v=DMARC1; p=reject; p=none", S9, false, U, U, U, false, 100 },
	{ "v=DMARC1; p=reject; p=none; rua=mailto:a@example.com", S7, false, U, U, U, false, 100 },
};

START_TEST(test_effective_table)
{
	const struct effective_case *c = &effective_cases[_i];
	struct dnsauth_dmarc *d = parse_model(c->in, c->std);
	struct dnsauth_dmarc_effective e;

	memset(&e, 0x5a, sizeof(e));
	dnsauth_dmarc_effective(d, c->std, &e);
	ck_assert_msg(e.applies == c->applies && e.domain == c->domain &&
		      e.subdomain == c->subdomain &&
		      e.nonexistent == c->nonexistent &&
		      e.testing == c->testing && e.pct == c->pct,
		      "effective \"%s\" (%s): expected %d %s/%s/%s t%d pct %d, "
		      "got %d %s/%s/%s t%d pct %d", c->in,
		      c->std == S7 ? "RFC 7489" : "RFC 9989", c->applies,
		      dnsauth_dmarc_policy_name(c->domain),
		      dnsauth_dmarc_policy_name(c->subdomain),
		      dnsauth_dmarc_policy_name(c->nonexistent), c->testing,
		      c->pct, e.applies, dnsauth_dmarc_policy_name(e.domain),
		      dnsauth_dmarc_policy_name(e.subdomain),
		      dnsauth_dmarc_policy_name(e.nonexistent), e.testing, e.pct);
	dnsauth_dmarc_free(d);
}
END_TEST

START_TEST(test_effective_null_and_built)
{
	struct dnsauth_dmarc_effective e;
	struct dnsauth_dmarc *d;

	dnsauth_dmarc_effective(NULL, S9, &e);
	ck_assert(!e.applies);
	ck_assert_int_eq(e.pct, 100);

	d = dnsauth_dmarc_new();
	ck_assert_ptr_nonnull(d);
	d->p = DNSAUTH_DMARC_QUARANTINE;
	d->np = DNSAUTH_DMARC_REJECT;
	d->pct = 25;
	dnsauth_dmarc_effective(d, S9, &e);
	ck_assert(e.applies);
	ck_assert_int_eq(e.domain, Q);
	ck_assert_int_eq(e.subdomain, Q);
	ck_assert_int_eq(e.nonexistent, R);
	ck_assert_int_eq(e.pct, 100);
	dnsauth_dmarc_effective(d, S7, &e);
	ck_assert_int_eq(e.nonexistent, Q);
	ck_assert_int_eq(e.pct, 25);
	d->valid = false;
	dnsauth_dmarc_effective(d, S9, &e);
	ck_assert(!e.applies);
	dnsauth_dmarc_free(d);
}
END_TEST

#undef U
#undef N
#undef Q
#undef R

/* ------------------------------------------------------- print table */

struct print_case {
	const char *in;
	enum dnsauth_dmarc_standard std;
	const char *want;
};

static const struct print_case print_cases[] = {
	{ "v=DMARC1; p=none", S9, "v=DMARC1; p=none" },
	{ "v=DMARC1;p=REJECT;", S9, "v=DMARC1; p=reject" },
	{ "v = DMARC1 ; p = quarantine ; ", S9, "v=DMARC1; p=quarantine" },
	{ "v=DMARC1;p=REJECT;SP=none", S9, "v=DMARC1; p=reject; SP=none" },
	{ "v=DMARC1; psd=n; t=y; ruf=mailto:f@example.com; "
	  "rua=mailto:a@example.com!10m , mailto:b@example.com; ri=3600; "
	  "rf=afrf; fo=s:d:1; pct=50; aspf=S; adkim=R; np=Reject; "
	  "sp=Quarantine; p=None; x=y", S7,
	  "v=DMARC1; p=none; sp=quarantine; np=reject; adkim=r; aspf=s; "
	  "pct=50; fo=1:d:s; rf=afrf; ri=3600; "
	  "rua=mailto:a@example.com!10m,mailto:b@example.com; "
	  "ruf=mailto:f@example.com; t=y; psd=n; x=y" },
	{ "v=DMARC1; rua=mailto:a@example.com", S9,
	  "v=DMARC1; rua=mailto:a@example.com" },
	{ "v=DMARC1; p=bogus; sp=x y", S9, "v=DMARC1; p=bogus; sp=x y" },
	{ "v=DMARC1; p=none; foo; bar=baz qux", S9, "v=DMARC1; p=none; bar=baz qux" },
	{ "v=DMARC1; p=none; fo=0", S9, "v=DMARC1; p=none; fo=0" },
	{ "v=DMARC1; p=none; fo=0:1:d:s", S9, "v=DMARC1; p=none; fo=0:1:d:s" },
	{ "v=DMARC1; p=none; fo=x", S9, "v=DMARC1; p=none" },
	{ "v=DMARC1; p=none; pct=0; ri=0", S7, "v=DMARC1; p=none; pct=0; ri=0" },
	{ "v=DMARC1; p=none; rua=mailto:a@example.com,", S9,
	  "v=DMARC1; p=none; rua=mailto:a@example.com" },
	{ "v=DMARC1; p=none; rua=ftp://x.example.com/ , a@example.com", S9,
	  "v=DMARC1; p=none; rua=ftp://x.example.com/,a@example.com" },
	{ "v=DMARC1; p=reject; np=none; psd=u; t=n", S7,
	  "v=DMARC1; p=reject; np=none; t=n; psd=u" },
};

START_TEST(test_print_table)
{
	const struct print_case *c = &print_cases[_i];
	struct dnsauth_dmarc *d = parse_model(c->in, c->std);
	char *got = print_dmarc(d);

	ck_assert_msg(strcmp(got, c->want) == 0,
		      "print \"%s\":\n  expected \"%s\"\n  got      \"%s\"", c->in,
		      c->want, got);
	free(got);
	dnsauth_dmarc_free(d);
}
END_TEST

START_TEST(test_policy_name)
{
	ck_assert_str_eq(dnsauth_dmarc_policy_name(DNSAUTH_DMARC_UNSET), "unset");
	ck_assert_str_eq(dnsauth_dmarc_policy_name(DNSAUTH_DMARC_NONE), "none");
	ck_assert_str_eq(dnsauth_dmarc_policy_name(DNSAUTH_DMARC_QUARANTINE),
			 "quarantine");
	ck_assert_str_eq(dnsauth_dmarc_policy_name(DNSAUTH_DMARC_REJECT), "reject");
	ck_assert_str_eq(dnsauth_dmarc_policy_name(DNSAUTH_DMARC_INVALID), "invalid");
	ck_assert_str_eq(dnsauth_dmarc_policy_name((enum dnsauth_dmarc_policy)42),
			 "invalid");
}
END_TEST

START_TEST(test_print_args)
{
	struct dnsauth_buf b;
	struct dnsauth_dmarc *d = parse_model("v=DMARC1; p=none", S9);

	dnsauth_buf_init(&b, 0);
	ck_assert_int_eq(dnsauth_dmarc_print(NULL, &b), DNSAUTH_EINVAL);
	ck_assert_int_eq(dnsauth_dmarc_print(d, NULL), DNSAUTH_EINVAL);
	dnsauth_buf_free(&b);
	/* a capped buffer reports its error */
	dnsauth_buf_init(&b, 10);
	ck_assert_int_eq(dnsauth_dmarc_print(d, &b), DNSAUTH_ELIMIT);
	dnsauth_buf_free(&b);
	dnsauth_dmarc_free(d);
}
END_TEST

/* ---------------------------------------------------------- builder */

START_TEST(test_builder_empty)
{
	struct dnsauth_dmarc *d = dnsauth_dmarc_new();
	char *p;

	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(d->p, DNSAUTH_DMARC_UNSET);
	ck_assert_int_eq(d->sp, DNSAUTH_DMARC_UNSET);
	ck_assert_int_eq(d->np, DNSAUTH_DMARC_UNSET);
	ck_assert_int_eq(d->pct, -1);
	ck_assert_int_eq(d->ri, -1);
	ck_assert_uint_eq(d->fo, 0);
	ck_assert_uint_eq(d->ntags, 0);
	ck_assert(d->valid);
	p = print_dmarc(d);
	ck_assert_str_eq(p, "v=DMARC1");
	free(p);
	dnsauth_dmarc_free(d);
	dnsauth_dmarc_free(NULL);
}
END_TEST

/* A generator's record: print, then parse and validate it cleanly. */
START_TEST(test_builder_policy)
{
	const char *want = "v=DMARC1; p=reject; sp=quarantine; np=reject; "
			   "adkim=s; aspf=s; fo=1; "
			   "rua=mailto:dmarc@example.com,mailto:x@reports.example.net; "
			   "ruf=mailto:f@example.com";
	struct dnsauth_dmarc *d = dnsauth_dmarc_new(), *again = NULL;
	struct dnsauth_findings fl;
	char *p, *got;
	int rc;

	ck_assert_ptr_nonnull(d);
	d->p = DNSAUTH_DMARC_REJECT;
	d->sp = DNSAUTH_DMARC_QUARANTINE;
	d->np = DNSAUTH_DMARC_REJECT;
	d->adkim = 's';
	d->aspf = 's';
	d->fo = DNSAUTH_DMARC_FO_1;
	ck_assert_int_eq(dnsauth_dmarc_add_uri(d, false, "mailto:dmarc@example.com"), 0);
	ck_assert_int_eq(dnsauth_dmarc_add_uri(d, false, "mailto:x@reports.example.net"), 0);
	ck_assert_int_eq(dnsauth_dmarc_add_uri(d, true, "mailto:f@example.com"), 0);
	ck_assert_uint_eq(d->nrua, 2);
	ck_assert_uint_eq(d->nruf, 1);
	ck_assert_str_eq(d->rua[1].host, "reports.example.net");
	ck_assert(d->rua[1].valid);
	p = print_dmarc(d);
	ck_assert_str_eq(p, want);

	dnsauth_findings_init(&fl);
	rc = parse_n(p, strlen(p), S9, &again, &fl);
	ck_assert_int_eq(rc, 0);
	rc = dnsauth_dmarc_validate(again, p, strlen(p), NAME, S9, NULL, &fl);
	ck_assert_int_eq(rc, 0);
	got = fmt_findings(&fl, 0);
	ck_assert_str_eq(got, URII(129)); /* ruf present */
	ck_assert_ptr_null(fields_differ(d, again) &&
			   strcmp(fields_differ(d, again), "unknown tags") != 0 ?
			   "differs" : NULL);
	free(got);
	dnsauth_findings_clear(&fl);
	dnsauth_dmarc_free(again);
	free(p);
	dnsauth_dmarc_free(d);
}
END_TEST

/* RFC 7489 fields (pct, rf, ri), t, psd and round trip. */
START_TEST(test_builder_legacy_fields)
{
	struct dnsauth_dmarc *d = dnsauth_dmarc_new(), *again;
	char *p;

	ck_assert_ptr_nonnull(d);
	d->p = DNSAUTH_DMARC_QUARANTINE;
	d->pct = 100;
	d->rf = strdup("afrf");
	ck_assert_ptr_nonnull(d->rf);
	d->ri = 86400;
	d->fo = DNSAUTH_DMARC_FO_D | DNSAUTH_DMARC_FO_S | DNSAUTH_DMARC_FO_0;
	d->t = 'n';
	d->psd = 'u';
	ck_assert_int_eq(dnsauth_dmarc_add_uri(d, false, "mailto:a@example.com!50m"), 0);
	p = print_dmarc(d);
	ck_assert_str_eq(p, "v=DMARC1; p=quarantine; pct=100; fo=0:d:s; rf=afrf; "
			    "ri=86400; rua=mailto:a@example.com!50m; t=n; psd=u");
	again = parse_model(p, S7);
	ck_assert_ptr_null(fields_differ(d, again));
	dnsauth_dmarc_free(again);
	free(p);
	dnsauth_dmarc_free(d);
}
END_TEST

START_TEST(test_builder_add_uri)
{
	static const char *const bad[] = {
		"", "a@example.com", "mailto:a@example", "mailto:",
		"mailto:a@example.com,mailto:b@example.com",
		"mailto:a@example.com;", " mailto:a@example.com",
		"mailto:a@example.com ", "mailto:a!b@example.com",
		"mailto:a@example.com!", "https://", "urn:x",
		"mailto:a@ex\xc3\xa4mple.com",
	};
	struct dnsauth_dmarc *d = dnsauth_dmarc_new();
	size_t k;

	ck_assert_ptr_nonnull(d);
	for (k = 0; k < NELEM(bad); k++)
		ck_assert_msg(dnsauth_dmarc_add_uri(d, k % 2, bad[k]) ==
			      DNSAUTH_EINVAL, "add_uri(\"%s\") accepted", bad[k]);
	ck_assert_int_eq(dnsauth_dmarc_add_uri(d, false, NULL), DNSAUTH_EINVAL);
	ck_assert_int_eq(dnsauth_dmarc_add_uri(NULL, false, "mailto:a@example.com"),
			 DNSAUTH_EINVAL);
	ck_assert_uint_eq(d->nrua, 0);
	ck_assert_uint_eq(d->nruf, 0);

	ck_assert_int_eq(dnsauth_dmarc_add_uri(d, false, "mailto:a@Example.COM!10m"), 0);
	ck_assert_str_eq(d->rua[0].uri, "mailto:a@Example.COM");
	ck_assert_str_eq(d->rua[0].scheme, "mailto");
	ck_assert_str_eq(d->rua[0].host, "example.com");
	ck_assert_str_eq(d->rua[0].size, "10m");
	ck_assert(d->rua[0].valid);
	/* an unsupported scheme with a host is syntactically valid */
	ck_assert_int_eq(dnsauth_dmarc_add_uri(d, false, "ftp://r.example.com/x"), 0);
	ck_assert_int_eq(dnsauth_dmarc_add_uri(d, false, "HTTPS://r.example.com/x"), 0);
	ck_assert_str_eq(d->rua[2].scheme, "https");
	ck_assert_uint_eq(d->nrua, 3);
	dnsauth_dmarc_free(d);
}
END_TEST

START_TEST(test_builder_uri_limit)
{
	struct dnsauth_dmarc *d = dnsauth_dmarc_new();
	char uri[64];
	size_t k;

	ck_assert_ptr_nonnull(d);
	for (k = 0; k < DNSAUTH_DMARC_MAX_URIS; k++) {
		snprintf(uri, sizeof(uri), "mailto:r%zu@example.com", k);
		ck_assert_int_eq(dnsauth_dmarc_add_uri(d, true, uri), 0);
	}
	ck_assert_int_eq(dnsauth_dmarc_add_uri(d, true, "mailto:x@example.com"),
			 DNSAUTH_ELIMIT);
	ck_assert_uint_eq(d->nruf, DNSAUTH_DMARC_MAX_URIS);
	/* rua has its own count */
	ck_assert_int_eq(dnsauth_dmarc_add_uri(d, false, "mailto:x@example.com"), 0);
	check_round_trip(d, S9, true, "32 ruf URIs");
	dnsauth_dmarc_free(d);
}
END_TEST

/* --------------------------------------------------------------- main */

static Suite *dmarc_suite(void)
{
	Suite *s = suite_create("dmarc");
	TCase *tc;

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, test_parse_table, 0, (int)NELEM(parse_cases));
	tcase_add_test(tc, test_messages);
	tcase_add_test(tc, test_message_cut);
	tcase_add_test(tc, test_is_record);
	tcase_add_test(tc, test_parse_fields);
	tcase_add_test(tc, test_parse_too_long);
	tcase_add_test(tc, test_parse_not_nul_terminated);
	tcase_add_test(tc, test_parse_many_tags);
	tcase_add_test(tc, test_parse_many_uris);
	suite_add_tcase(s, tc);

	tc = tcase_create("validate");
	tcase_add_loop_test(tc, test_validate_table, 0,
			    (int)NELEM(validate_cases));
	tcase_add_test(tc, test_validate_psd);
	tcase_add_test(tc, test_validate_args);
	suite_add_tcase(s, tc);

	tc = tcase_create("effective");
	tcase_add_loop_test(tc, test_effective_table, 0,
			    (int)NELEM(effective_cases));
	tcase_add_test(tc, test_effective_null_and_built);
	suite_add_tcase(s, tc);

	tc = tcase_create("print");
	tcase_add_loop_test(tc, test_print_table, 0, (int)NELEM(print_cases));
	tcase_add_test(tc, test_policy_name);
	tcase_add_test(tc, test_print_args);
	suite_add_tcase(s, tc);

	tc = tcase_create("builder");
	tcase_add_test(tc, test_builder_empty);
	tcase_add_test(tc, test_builder_policy);
	tcase_add_test(tc, test_builder_legacy_fields);
	tcase_add_test(tc, test_builder_add_uri);
	tcase_add_test(tc, test_builder_uri_limit);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(dmarc_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
