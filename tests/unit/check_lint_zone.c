/* SPDX-License-Identifier: MIT */
/*
 * check_lint_zone.c - unit tests of the zone rules (lib/lint_zone.c):
 * zone text is scanned with dnsauth_zscan_buf, the rules run on the
 * records, and each test asserts the exact rule ids, lines, columns and
 * key words of the messages. Every rule has a positive case and a near
 * miss that must stay silent. Also the linter's merge of findings that
 * name one cause at one place (dnsauth_lint_drop_superseded).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "lint.h"
#include "output.h"
#include "rules.h"
#include "zscan.h"

/* ----------------------------------------------------------- helpers */

struct run {
	struct dnsauth_findings scan; /* the scanner's findings */
	struct dnsauth_findings fl;   /* the zone rules' findings */
	struct dnsauth_zfile *zf;
	const char *text;
};

/* Scan text (origin example.com.) and run the zone rules on it. */
static void run_origin(struct run *x, const char *text, const char *origin)
{
	struct dnsauth_zscan_opts o;

	memset(&o, 0, sizeof(o));
	o.origin = origin;
	x->text = text;
	dnsauth_findings_init(&x->scan);
	dnsauth_findings_init(&x->fl);
	ck_assert_int_eq(dnsauth_zscan_buf("test.zone", text, strlen(text), &o, &x->zf,
					   &x->scan), 0);
	ck_assert_ptr_nonnull(x->zf);
	ck_assert_int_eq(dnsauth_lint_zone_rules(x->zf, &x->fl), 0);
}

static void run(struct run *x, const char *text)
{
	run_origin(x, text, "example.com.");
}

static void done(struct run *x)
{
	dnsauth_findings_clear(&x->scan);
	dnsauth_findings_clear(&x->fl);
	dnsauth_zfile_free(x->zf);
	x->zf = NULL;
}

/* All findings, one per line, for failure messages; caller frees. */
static char *dump(const struct dnsauth_findings *fl)
{
	struct dnsauth_buf b;
	size_t i;
	char *r;

	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, "");
	for (i = 0; i < fl->n; i++)
		dnsauth_buf_printf(&b, "\n  %s %s %u:%u %s", dnsauth_rule_get(fl->v[i].rule)->id,
				   dnsauth_severity_name(fl->v[i].severity), fl->v[i].line,
				   fl->v[i].column, fl->v[i].message);
	r = dnsauth_buf_steal(&b);
	ck_assert_ptr_nonnull(r);
	return r;
}

/* 1-based column of the first needle on 1-based line of text. */
static unsigned col_of(const char *text, unsigned line, const char *needle)
{
	const char *p = text, *nl, *hit;
	unsigned l;

	for (l = 1; l < line; l++) {
		p = strchr(p, '\n');
		ck_assert_ptr_nonnull(p);
		p++;
	}
	nl = strchr(p, '\n');
	hit = strstr(p, needle);
	ck_assert_msg(hit && (!nl || hit < nl), "'%s' not on line %u", needle, line);
	return (unsigned)(hit - p) + 1;
}

static size_t count(const struct run *x, enum dnsauth_rule_id rule)
{
	size_t i, n = 0;

	for (i = 0; i < x->fl.n; i++)
		n += x->fl.v[i].rule == rule;
	return n;
}

/* The rules found exactly n findings in all. */
static void expect_n(const struct run *x, size_t n)
{
	char *d = dump(&x->fl);

	ck_assert_msg(x->fl.n == n, "want %zu findings, got %zu:%s", n, x->fl.n, d);
	free(d);
}

/* Every record parsed (so that a silent near miss is not an ldns
 * refusal). */
static void expect_parsed(const struct run *x)
{
	size_t i;

	for (i = 0; i < x->zf->nrecs; i++)
		ck_assert_msg(x->zf->recs[i].rr != NULL, "record on line %u did not parse",
			      x->zf->recs[i].line);
}

/* A finding of rule, severity, line and column whose message holds w1
 * and w2 (either may be NULL); it also names the file. */
static void expect(const struct run *x, enum dnsauth_rule_id rule, enum dnsauth_severity sev,
		   unsigned line, unsigned col, const char *w1, const char *w2)
{
	size_t i;
	char *d;

	if (sev == DNSAUTH_SEV_NONE)
		sev = dnsauth_rule_get(rule)->severity;
	for (i = 0; i < x->fl.n; i++) {
		const struct dnsauth_finding *f = &x->fl.v[i];

		if (f->rule != rule || f->severity != sev || f->line != line || f->column != col)
			continue;
		if (w1 && !strstr(f->message, w1))
			continue;
		if (w2 && !strstr(f->message, w2))
			continue;
		ck_assert_ptr_nonnull(f->file);
		ck_assert_str_eq(f->file, "test.zone");
		ck_assert_ptr_null(strchr(f->message, '\n'));
		return;
	}
	d = dump(&x->fl);
	ck_abort_msg("no %s %u:%u '%s' '%s' in:%s", dnsauth_rule_get(rule)->id, line, col,
		     w1 ? w1 : "", w2 ? w2 : "", d);
	free(d);
}

/* A text of n copies of c. */
static char *repeat(char c, size_t n)
{
	char *s = malloc(n + 1);

	ck_assert_ptr_nonnull(s);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

#define R(sym) DNSAUTH_R_##sym
#define SEV DNSAUTH_SEV_NONE
#define INFO DNSAUTH_SEV_INFO

/* ------------------------------------------------ string too long */

START_TEST(test_string_too_long)
{
	struct run x;
	char *a256 = repeat('a', 256), *text;

	/* line 1: one string of 256 octets; ldns refuses the record */
	ck_assert_int_ne(asprintf(&text, "@ TXT \"%s\"\nlong TXT \"ok\" \"v=spf1 %s\"\n",
				  a256, a256), -1);
	run(&x, text);
	expect(&x, R(ZONE_TXT_STRING_TOO_LONG), SEV, 1, 7, "256 octets", "at most 255");
	expect(&x, R(ZONE_TXT_STRING_TOO_LONG), SEV, 2, 15, "263 octets", "several");
	expect_n(&x, 2);
	ck_assert_ptr_null(x.zf->recs[0].rr);
	done(&x);
	free(text);
	free(a256);
}
END_TEST

START_TEST(test_string_too_long_unquoted)
{
	struct run x;
	char *a300 = repeat('b', 300), *text;

	ck_assert_int_ne(asprintf(&text, "x TXT short %s\n", a300), -1);
	run(&x, text);
	expect(&x, R(ZONE_TXT_STRING_TOO_LONG), SEV, 1, 13, "300 octets", NULL);
	expect_n(&x, 1);
	done(&x);
	free(text);
	free(a300);
}
END_TEST

START_TEST(test_string_255_escaped_ok)
{
	struct run x;
	struct dnsauth_buf b;
	size_t i;

	/* 255 octets written as 1020 characters of \065: not too long; and a
	 * plain 255-octet string next to it */
	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, "@ TXT \"");
	for (i = 0; i < 255; i++)
		dnsauth_buf_puts(&b, "\\065");
	dnsauth_buf_puts(&b, "\" \"");
	for (i = 0; i < 255; i++)
		dnsauth_buf_putc(&b, 'z');
	dnsauth_buf_puts(&b, "\"\n");
	ck_assert_int_eq(b.err, 0);
	run(&x, dnsauth_buf_str(&b));
	ck_assert_ptr_nonnull(x.zf->recs[0].rr);
	ck_assert_uint_eq(x.zf->recs[0].value_len, 510);
	expect_parsed(&x);
	expect_n(&x, 0);
	done(&x);
	dnsauth_buf_free(&b);
}
END_TEST

/* ------------------------------------------------------ split token */

START_TEST(test_split_spf_glued_terms)
{
	struct run x;
	const char *t =
		"@ TXT \"v=spf1 include:a.example.net\" \"ip4:192.0.2.1 -all\"\n"
		"mail TXT \"v=spf1 include:_spf.example.net\" \"-all\"\n"
		"m2 TXT \"v=spf1 ip4:192.0.2.1\" \"a:mx.example.net -all\"\n";

	run(&x, t);
	expect(&x, R(ZONE_TXT_SPLIT_BREAKS_TOKEN), SEV, 1, 38,
	       "'include:a.example.netip4:192.0.2.1'", "without a space");
	expect(&x, R(ZONE_TXT_SPLIT_BREAKS_TOKEN), SEV, 2, col_of(t, 2, "\"-all"),
	       "'include:_spf.example.net-all'", NULL);
	expect(&x, R(ZONE_TXT_SPLIT_BREAKS_TOKEN), SEV, 3, col_of(t, 3, "\"a:mx"),
	       "'ip4:192.0.2.1a:mx.example.net'", NULL);
	expect_parsed(&x);
	expect_n(&x, 3);
	done(&x);
}
END_TEST

START_TEST(test_split_quoted_escapes)
{
	struct run x;
	struct dnsauth_buf b;
	const char *t = "@ TXT \"v=spf1 ip4:192.0.2.1\" \"a:mx\\\\1.example.com\\001 -all\"\n";
	const char *want = "this string is joined to the previous one without a space, "
			   "so receivers read 'ip4:192.0.2.1a:mx\\1.example.com\\x01' as "
			   "one term (RFC 7208 §3.3); end the previous string with a space "
			   "or start this one with one";
	size_t i;

	/* the value's backslash quoted once, its control byte escaped; the
	 * text printer shows the message as it is */
	run(&x, t);
	expect(&x, R(ZONE_TXT_SPLIT_BREAKS_TOKEN), SEV, 1, col_of(t, 1, "\"a:mx"), NULL,
	       NULL);
	for (i = 0; i < x.fl.n; i++) {
		if (x.fl.v[i].rule != R(ZONE_TXT_SPLIT_BREAKS_TOKEN))
			continue;
		ck_assert_str_eq(x.fl.v[i].message, want);
		dnsauth_buf_init(&b, 0);
		dnsauth_output_text(&b, want, strlen(want));
		ck_assert_str_eq(dnsauth_buf_str(&b), want);
		dnsauth_buf_free(&b);
	}
	done(&x);
}
END_TEST

START_TEST(test_split_spf_legal)
{
	struct run x;

	/* a split inside a term that joins to that term; splits at spaces;
	 * a qualifier split from its mechanism; DKIM keys split anywhere */
	run(&x, "@ TXT \"v=spf1 include:_sp\" \"f.example.net -all\"\n"
		"a TXT \"v=spf1 include:a.example.net \" \"ip4:192.0.2.1 -all\"\n"
		"b TXT \"v=spf1 include:a.example.net\" \" -all\"\n"
		"c TXT \"v=spf1 mx -\" \"all\"\n"
		"d TXT \"v=spf1 ip4:192.0\" \".2.1 -all\"\n"
		"s1._domainkey TXT \"v=DKIM1; k=rsa; p=MIIBIjANBgkq\" \"hkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\"\n"
		"s2._domainkey TXT \"v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEF\" \"p=AAOCAQ8AMIIBCgKCAQEA\"\n");
	expect_parsed(&x);
	expect_n(&x, 0);
	done(&x);
}
END_TEST

START_TEST(test_split_spf_version)
{
	struct run x;
	const char *t =
		"@ TXT \"v=sp\" \"f1 -all\"\n"
		"a TXT \"v=spf1\" \"include:_spf.example.net -all\"\n"
		"b TXT v=spf1 mx -all\n"
		"c TXT \"v=spf1\" \" mx -all\"\n";

	run(&x, t);
	expect(&x, R(ZONE_TXT_SPLIT_BREAKS_TOKEN), SEV, 1, 14, "'v=spf1' is split", NULL);
	expect(&x, R(ZONE_TXT_SPLIT_BREAKS_TOKEN), SEV, 2, 16,
	       "'v=spf1include:_spf.example.net'", "no SPF record");
	expect(&x, R(ZONE_TXT_SPLIT_BREAKS_TOKEN), SEV, 3, 14, "'v=spf1mx-all'",
	       "quote the whole value");
	expect_parsed(&x);
	expect_n(&x, 3);
	done(&x);
}
END_TEST

START_TEST(test_split_dmarc)
{
	struct run x;
	const char *t =
		"_dmarc TXT \"v=DMARC1; p=reject\" \"rua=mailto:d@example.com\"\n"
		"_dmarc.a TXT \"v=DMA\" \"RC1; p=none\"\n"
		"_dmarc.b TXT \"v=DMARC1; p=reject;\" \"rua=mailto:d@example.com\"\n"
		"_dmarc.c TXT \"v=DMARC1; p=reject; rua=mailto:dm\" \"arc@example.com\"\n"
		"_dmarc.d TXT \"v=DMARC1; p=reject\" \"; rua=mailto:d@example.com\"\n";

	run(&x, t);
	expect(&x, R(ZONE_TXT_SPLIT_BREAKS_TOKEN), SEV, 1, 33,
	       "'p=rejectrua=mailto:d@example.com'", "without a ';'");
	expect(&x, R(ZONE_TXT_SPLIT_BREAKS_TOKEN), SEV, 2, 22, "'v=DMARC1' is split", NULL);
	expect_parsed(&x);
	expect_n(&x, 2);
	done(&x);
}
END_TEST

/* ------------------------------------------------ missing trailing dot */

START_TEST(test_dot_owner)
{
	struct run x;

	run(&x, "mx.example.com A 192.0.2.1\n"
		"  AAAA 2001:db8::1\n"
		"mx A 192.0.2.2\n"
		"mx2.example.com. A 192.0.2.3\n"
		"notexample.com A 192.0.2.4\n"
		"example A 192.0.2.5\n");
	expect(&x, R(ZONE_MISSING_TRAILING_DOT), SEV, 1, 1, "'mx.example.com'",
	       "mx.example.com.example.com.");
	expect(&x, R(ZONE_MISSING_TRAILING_DOT), SEV, 1, 1, "write 'mx.example.com.'", NULL);
	expect_parsed(&x);
	expect_n(&x, 1);
	done(&x);
}
END_TEST

START_TEST(test_dot_rdata)
{
	struct run x;
	const char *t =
		"@ MX 10 mx.example.com\n"
		"www CNAME example.com\n"
		"_sip._tcp SRV 10 5 5060 sip.example.com\n"
		"sub NS ns1.EXAMPLE.com\n"
		"@ MX 20 mx.example.com.\n"
		"@ MX 30 mx\n"
		"w2 CNAME web.example.net.\n"
		"@ MX 40 mx.example.net\n";

	run(&x, t);
	expect(&x, R(ZONE_MISSING_TRAILING_DOT), SEV, 1, 9, "MX name 'mx.example.com'",
	       "mx.example.com.example.com.");
	expect(&x, R(ZONE_MISSING_TRAILING_DOT), SEV, 2, 11, "CNAME name 'example.com'",
	       "example.com.example.com.");
	expect(&x, R(ZONE_MISSING_TRAILING_DOT), SEV, 3, 25, "SRV name", "write 'sip.example.com.'");
	expect(&x, R(ZONE_MISSING_TRAILING_DOT), SEV, 4, 8, "NS name 'ns1.EXAMPLE.com'", NULL);
	expect_parsed(&x);
	expect_n(&x, 4);
	done(&x);
}
END_TEST

START_TEST(test_dot_spf)
{
	struct run x;
	const char *t =
		"@ TXT \"v=spf1 include:_spf.example.com.example.com a:mail.example.com -all\"\n"
		"a TXT \"v=spf1 redirect=example.com.example.com\"\n"
		"b TXT \"v=spf1 include:_spf.example.com include:example.com.example.net -all\"\n"
		"c TXT \"v=spf1 exists:%{i}.example.com.example.com.rbl.example.net -all\"\n"
		"d TXT \"v=spf1 a:myexample.com.example.com -all\"\n";

	run(&x, t);
	expect(&x, R(ZONE_MISSING_TRAILING_DOT), SEV, 1, 23, "include domain",
	       "write '_spf.example.com'");
	expect(&x, R(ZONE_MISSING_TRAILING_DOT), SEV, 2, 24, "redirect domain",
	       "write 'example.com'");
	expect(&x, R(ZONE_MISSING_TRAILING_DOT), SEV, 4, 22, "exists domain",
	       "write '%{i}.example.com.rbl.example.net'");
	expect_parsed(&x);
	expect_n(&x, 3);
	done(&x);
}
END_TEST

/* ------------------------------------------------------ CNAME conflict */

START_TEST(test_cname_apex)
{
	struct run x;

	run(&x, "@ CNAME other.example.net.\n");
	expect(&x, R(ZONE_CNAME_CONFLICT), SEV, 1, 1, "zone apex example.com", "A/AAAA");
	expect_parsed(&x);
	expect_n(&x, 1);
	done(&x);

	run(&x, "@ SOA ns1.example.net. host.example.net. 1 7200 3600 1209600 300\n"
		"@ NS ns1.example.net.\n"
		"@ CNAME other.example.net.\n");
	expect(&x, R(ZONE_CNAME_CONFLICT), SEV, 3, 1, "zone apex", "SOA record on line 1");
	expect_parsed(&x);
	expect_n(&x, 1);
	done(&x);
}
END_TEST

START_TEST(test_cname_beside)
{
	struct run x;

	run(&x, "_dmarc CNAME dmarc.example.net.\n"
		"_dmarc TXT \"v=DMARC1; p=none\"\n"
		"s1._domainkey TXT \"v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQ\"\n"
		"s1._domainkey CNAME s1.dkim.example.net.\n"
		"x CNAME a.example.net.\n"
		"x CNAME b.example.net.\n");
	expect(&x, R(ZONE_CNAME_CONFLICT), SEV, 1, 1, "TXT record on line 2", "no other data");
	expect(&x, R(ZONE_CNAME_CONFLICT), SEV, 4, 1, "TXT record on line 3", NULL);
	expect(&x, R(ZONE_CNAME_CONFLICT), SEV, 6, 1, "second CNAME", "first on line 5");
	expect_parsed(&x);
	expect_n(&x, 3);
	done(&x);
}
END_TEST

START_TEST(test_cname_ok)
{
	struct run x;

	/* a CNAME alone, beside its DNSSEC records, or below the apex; the
	 * apex of a file with $ORIGIN deeper */
	run(&x, "www CNAME web.example.net.\n"
		"www NSEC zz.example.com. CNAME RRSIG NSEC\n"
		"$ORIGIN sub.example.com.\n"
		"@ CNAME web.example.net.\n");
	expect_parsed(&x);
	expect_n(&x, 0);
	done(&x);
}
END_TEST

/* ------------------------------------------------------ wrong owner */

START_TEST(test_owner_spf)
{
	struct run x;

	run(&x, "_dmarc TXT \"v=spf1 -all\"\n"
		"_spf TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n"
		"www TXT \"v=spf1 mx -all\"\n");
	expect(&x, R(ZONE_RECORD_WRONG_OWNER), SEV, 1, 1, "SPF record at _dmarc.example.com",
	       "move it to example.com");
	expect(&x, R(ZONE_RECORD_WRONG_OWNER), SEV, 2, 1, "no SPF record in the file includes",
	       "include:_spf.example.com");
	expect(&x, R(ZONE_RECORD_WRONG_OWNER), SEV, 3, 1, "www.example.com",
	       "publish it at example.com");
	expect_parsed(&x);
	expect_n(&x, 3);
	done(&x);

	/* included, or the parent has its own SPF: fine */
	run(&x, "@ TXT \"v=spf1 include:_spf.example.com -all\"\n"
		"_spf TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n"
		"www TXT \"v=spf1 mx -all\"\n"
		"_spf.a TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n"
		"a TXT \"v=spf1 redirect=_spf.a.example.com\"\n"
		"mail TXT \"v=spf1 a -all\"\n");
	expect_parsed(&x);
	expect_n(&x, 0);
	done(&x);
}
END_TEST

START_TEST(test_owner_dmarc)
{
	struct run x;

	run(&x, "@ TXT \"v=DMARC1; p=none\"\n"
		"dmarc TXT \"v=DMARC1; p=none\"\n"
		"_dmarc TXT \"v=DMARC1; p=reject\"\n"
		"example.net._report._dmarc TXT \"v=DMARC1\"\n"
		"*._report._dmarc TXT \"v=DMARC1\"\n"
		"_dmarc.sub TXT \"v=DMARC1; p=none\"\n");
	expect(&x, R(ZONE_RECORD_WRONG_OWNER), SEV, 1, 1, "DMARC record at example.com",
	       "publish it at _dmarc.example.com");
	expect(&x, R(ZONE_RECORD_WRONG_OWNER), SEV, 2, 1, "must be '_dmarc'",
	       "publish it at _dmarc.example.com");
	expect_parsed(&x);
	expect_n(&x, 2);
	done(&x);
}
END_TEST

START_TEST(test_owner_dkim)
{
	struct run x;

	run(&x, "s1.domainkey TXT \"v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEB\"\n"
		"s2._domainkeys TXT \"v=DKIM1; p=MIGfMA0GCSqGSIb3DQEB\"\n"
		"s3._dkim TXT \"k=rsa; p=MIGfMA0GCSqGSIb3DQEB\"\n"
		"_domainkey TXT \"v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEB\"\n"
		"@ TXT \"k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC\"\n"
		"s4._domainkey TXT \"v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEB\"\n"
		"a.b._domainkey TXT \"k=rsa; p=MIGfMA0GCSqGSIb3DQEB\"\n"
		"@ TXT \"p=reject; t=y\"\n");
	expect(&x, R(ZONE_RECORD_WRONG_OWNER), SEV, 1, 1, "'domainkey' must be '_domainkey'",
	       "s1._domainkey.example.com");
	expect(&x, R(ZONE_RECORD_WRONG_OWNER), SEV, 2, 1, "'_domainkeys' must be",
	       "s2._domainkey.example.com");
	expect(&x, R(ZONE_RECORD_WRONG_OWNER), SEV, 3, 1, "'_dkim' must be",
	       "s3._domainkey.example.com");
	expect(&x, R(ZONE_RECORD_WRONG_OWNER), SEV, 4, 1, "has no selector",
	       "<selector>._domainkey.example.com");
	expect(&x, R(ZONE_RECORD_WRONG_OWNER), SEV, 5, 1, "DKIM key at example.com",
	       "<selector>._domainkey.example.com");
	expect_parsed(&x);
	expect_n(&x, 5);
	done(&x);
}
END_TEST

START_TEST(test_owner_sts_tlsrpt_bimi)
{
	struct run x;

	run(&x, "_mta_sts TXT \"v=STSv1; id=20240101\"\n"
		"mta-sts TXT \"v=STSv1; id=20240101\"\n"
		"_smtp-tls TXT \"v=TLSRPTv1; rua=mailto:tls@example.com\"\n"
		"_tls._smtp TXT \"v=TLSRPTv1; rua=mailto:tls@example.com\"\n"
		"_bimi TXT \"v=BIMI1; l=https://example.com/logo.svg\"\n"
		"default.bimi TXT \"v=BIMI1; l=https://example.com/logo.svg\"\n"
		"_mta-sts TXT \"v=STSv1; id=20240101\"\n"
		"_smtp._tls TXT \"v=TLSRPTv1; rua=mailto:tls@example.com\"\n"
		"default._bimi TXT \"v=BIMI1; l=https://example.com/logo.svg\"\n"
		"mta-sts A 192.0.2.1\n");
	expect(&x, R(ZONE_RECORD_WRONG_OWNER), SEV, 1, 1, "MTA-STS record at _mta_sts",
	       "publish it at _mta-sts.example.com");
	expect(&x, R(ZONE_RECORD_WRONG_OWNER), SEV, 2, 1, "MTA-STS record at mta-sts",
	       "publish it at _mta-sts.example.com");
	expect(&x, R(ZONE_RECORD_WRONG_OWNER), SEV, 3, 1, "TLS-RPT record",
	       "publish it at _smtp._tls.example.com");
	expect(&x, R(ZONE_RECORD_WRONG_OWNER), SEV, 4, 1, "_tls._smtp.example.com",
	       "publish it at _smtp._tls.example.com");
	expect(&x, R(ZONE_RECORD_WRONG_OWNER), SEV, 5, 1, "no selector",
	       "default._bimi.example.com");
	expect(&x, R(ZONE_RECORD_WRONG_OWNER), SEV, 6, 1, "'bimi' must be '_bimi'",
	       "default._bimi.example.com");
	expect_parsed(&x);
	expect_n(&x, 6);
	done(&x);
}
END_TEST

/* ------------------------------------------------------ garbled */

START_TEST(test_garbled_spf)
{
	struct run x;
	const char *t =
		"@ TXT \"\xE2\x80\x9Cv=spf1 -all\xE2\x80\x9D\"\n"
		"a TXT \"v=spf1\xC2\xA0mx -all\"\n"
		"b TXT \"v=spf1 \xE2\x80\x8Bmx -all\"\n"
		"c TXT \"v=spf1\tmx -all\"\n"
		"d TXT \"v=spf1 mx\\007 -all\"\n"
		"e TXT \"v=spf1 mx \xE2\x80\x93" "all\"\n"
		"f TXT \"v=spf1 mx \\\"-all\\\"\"\n"
		"g TXT \xE2\x80\x9Cv=spf1 mx -all\xE2\x80\x9D\n";

	run(&x, t);
	expect(&x, R(ZONE_TXT_GARBLED), SEV, 1, 8, "typographic quote U+201C",
	       "do not see an SPF record");
	expect(&x, R(ZONE_TXT_GARBLED), SEV, 2, 14, "no-break space", "do not see an SPF");
	expect(&x, R(ZONE_TXT_GARBLED), SEV, 3, 15, "zero-width", "return permerror");
	expect(&x, R(ZONE_TXT_GARBLED), SEV, 2, 14, "no-break space", "plain space");
	expect(&x, R(ZONE_TXT_GARBLED), SEV, 3, 15, "zero-width character U+200B", "delete it");
	expect(&x, R(ZONE_TXT_GARBLED), SEV, 4, 14, "tab in the SPF record", "spaces only");
	expect(&x, R(ZONE_TXT_GARBLED), SEV, 5, 17, "control character 0x07", NULL);
	expect(&x, R(ZONE_TXT_GARBLED), SEV, 6, 18, "non-ASCII character U+2013", NULL);
	expect(&x, R(ZONE_TXT_GARBLED), SEV, 7, 18, "escaped quote", NULL);
	/* unquoted words: the value is not selected as SPF at all */
	expect(&x, R(ZONE_TXT_GARBLED), SEV, 8, 7, "typographic quote U+201C",
	       "do not see an SPF record");
	expect_parsed(&x);
	expect_n(&x, 8);
	done(&x);
}
END_TEST

START_TEST(test_garbled_dkim_dmarc)
{
	struct run x;
	const char *t =
		"s1._domainkey TXT \"v=DKIM1; k=rsa; p=-----BEGIN PUBLIC KEY-----MIGfMA0G-----END PUBLIC KEY-----\"\n"
		"s2._domainkey TXT \"v=DKIM1; k=rsa; p=MIGf\\010MA0G\\013\\010CSqG\"\n"
		"s3._domainkey TXT \"v=DKIM1; k=rsa; p=\\\"MIGfMA0GCSqG\\\"\"\n"
		"_dmarc TXT \"v=DMARC1;\xC2\xA0p=reject\"\n";

	run(&x, t);
	expect(&x, R(ZONE_TXT_GARBLED), SEV, 1, 38, "PEM armour", "BEGIN and END");
	expect(&x, R(ZONE_TXT_GARBLED), SEV, 2, 42, "raw line break (\\010)", "DKIM p= key");
	expect(&x, R(ZONE_TXT_GARBLED), SEV, 3, 38, "escaped quote", "DKIM p= key");
	expect(&x, R(ZONE_TXT_GARBLED), SEV, 4, 22, "no-break space", "DMARC record");
	expect_parsed(&x);
	expect_n(&x, 4);
	done(&x);
}
END_TEST

START_TEST(test_garbled_near_miss)
{
	struct run x;

	/* garbling outside mail records; clean records; a DKIM key split
	 * in strings */
	run(&x, "@ TXT \"\xE2\x80\x9Chello\xE2\x80\x9D\tworld\"\n"
		"@ TXT \"v=spf1 include:_spf.example.net -all\"\n"
		"s1._domainkey TXT \"v=DKIM1; k=rsa; \" \"p=MIGfMA0GCSqGSIb3\" \"DQEBAQUAA4GNADCBiQKBgQC\"\n"
		"_dmarc TXT \"v=DMARC1; p=none; rua=mailto:d@example.com\"\n"
		"h TXT \"v=spf10 \xE2\x80\x9Cx\xE2\x80\x9D\"\n"
		"s2._domainkey TXT \"v=DKIM1; n=\\\"a note\\\";\\013\\010 k=rsa; p=MIGfMA0G\"\n");
	expect_parsed(&x);
	expect_n(&x, 0);
	done(&x);
}
END_TEST

/* ------------------------------------------------------ wildcards */

START_TEST(test_wildcard)
{
	struct run x;

	run(&x, "* TXT \"v=spf1 -all\"\n"
		"*._domainkey CNAME keys.example.net.\n"
		"*.sub CNAME web.example.net.\n");
	expect(&x, R(ZONE_WILDCARD_SHADOW), SEV, 1, 1, "_dmarc.<any>.example.com",
	       "this SPF record");
	expect(&x, R(ZONE_WILDCARD_SHADOW), SEV, 1, 1, "_dmarc.example.com,", "RFC 7208 §3.5");
	expect(&x, R(ZONE_WILDCARD_SHADOW), SEV, 2, 1,
	       "every DKIM selector <sel>._domainkey.example.com", "keys.example.net.");
	expect(&x, R(ZONE_WILDCARD_SHADOW), SEV, 3, 1, "_dmarc.<any>.sub.example.com",
	       "follow the CNAME to web.example.net.");
	expect_parsed(&x);
	expect_n(&x, 3);
	ck_assert_int_eq(x.fl.v[0].severity, DNSAUTH_SEV_WARNING);
	done(&x);

	/* the report-authorization wildcard; wildcard A records; TXT at a
	 * plain name */
	run(&x, "*._report._dmarc TXT \"v=DMARC1\"\n"
		"* A 192.0.2.1\n"
		"www TXT \"hello\"\n"
		"_dmarc TXT \"v=DMARC1; p=none\"\n");
	expect_parsed(&x);
	expect_n(&x, 0);
	done(&x);
}
END_TEST

/* ------------------------------------------------------ duplicates */

START_TEST(test_duplicates)
{
	struct run x;

	run(&x, "@ MX 10 mx.example.net.\n"
		"@ 7200 MX 10 MX.Example.NET.\n"
		"@ TXT \"v=spf1 mx -all\"\n"
		"@ TXT \"v=spf1 a -all\"\n"
		"_dmarc TXT \"v=DMARC1; p=none\"\n"
		"_dmarc TXT \"v=DMARC1; p=reject\"\n"
		"www TXT \"v=spf1 -all\" \"\"\n"
		"www TXT \"v=spf1 -all\"\n");
	expect(&x, R(ZONE_DUPLICATE_OR_CONFLICTING_RR), SEV, 2, 1, "same MX record as on line 1",
	       NULL);
	expect(&x, R(ZONE_DUPLICATE_OR_CONFLICTING_RR), SEV, 4, 1, "second SPF record",
	       "first on line 3");
	expect(&x, R(ZONE_DUPLICATE_OR_CONFLICTING_RR), SEV, 6, 1, "second DMARC record",
	       "first on line 5");
	/* the same value in other strings is another record, but receivers
	 * still see two SPF records */
	expect(&x, R(ZONE_DUPLICATE_OR_CONFLICTING_RR), SEV, 8, 1, "second SPF record",
	       "first on line 7");
	expect_parsed(&x);
	expect_n(&x, 4);
	ck_assert_uint_eq(count(&x, R(ZONE_DUPLICATE_OR_CONFLICTING_RR)), 4);
	done(&x);

	run(&x, "@ TXT \"v=spf1 mx -all\"\n"
		"@ TXT \"v=spf1 mx -all\"\n"
		"@ MX 10 a.example.net.\n"
		"@ MX 20 a.example.net.\n"
		"mail TXT \"v=spf1 mx -all\"\n"
		"@ TXT \"google-site-verification=abc\"\n");
	expect(&x, R(ZONE_DUPLICATE_OR_CONFLICTING_RR), SEV, 2, 1,
	       "same TXT record as on line 1", NULL);
	expect_parsed(&x);
	expect_n(&x, 1);
	done(&x);
}
END_TEST

/* Owners interleaved and out of order in the file (the per-owner checks
 * group them): each finding names the earlier line of its own owner. */
START_TEST(test_duplicates_interleaved)
{
	struct run x;

	run(&x, "b TXT \"x\"\n"
		"a A 192.0.2.1\n"
		"b TXT \"x\"\n"
		"c CNAME a\n"
		"a A 192.0.2.1\n"
		"c A 192.0.2.2\n"
		"B.example.com. TXT \"x\"\n"
		"c CNAME b\n"
		"aa MX 10 a\n"
		"a MX 10 aa\n");
	expect(&x, R(ZONE_DUPLICATE_OR_CONFLICTING_RR), SEV, 3, 1,
	       "same TXT record as on line 1", NULL);
	expect(&x, R(ZONE_DUPLICATE_OR_CONFLICTING_RR), SEV, 5, 1,
	       "same A record as on line 2", NULL);
	expect(&x, R(ZONE_DUPLICATE_OR_CONFLICTING_RR), SEV, 7, 1,
	       "same TXT record as on line 1", NULL);
	expect(&x, R(ZONE_CNAME_CONFLICT), SEV, 4, 1, "beside the A record on line 6", NULL);
	expect(&x, R(ZONE_CNAME_CONFLICT), SEV, 8, 1, "beside the A record on line 6", NULL);
	expect_parsed(&x);
	expect_n(&x, 5);
	done(&x);
}
END_TEST

/* ------------------------------------------------------ info checks */

START_TEST(test_info_ttl)
{
	struct run x;

	run(&x, "@ 60 TXT \"v=spf1 -all\"\n"
		"@ 604800 MX 10 mx.example.net.\n"
		"_dmarc 299 TXT \"v=DMARC1; p=none\"\n"
		"@ 300 TXT \"v=DMARC1x\"\n"
		"a 300 TXT \"v=spf1 -all\"\n"
		"b 86400 MX 10 mx.example.net.\n"
		"c 60 A 192.0.2.1\n"
		"d 60 TXT \"hello\"\n");
	expect(&x, R(ZONE_SYNTAX), INFO, 1, 1, "TTL 60 on the SPF record", "under 300");
	expect(&x, R(ZONE_SYNTAX), INFO, 2, 1, "TTL 604800 on the MX record", "over 86400");
	expect(&x, R(ZONE_SYNTAX), INFO, 3, 1, "TTL 299 on the DMARC record", NULL);
	expect_parsed(&x);
	expect_n(&x, 3);
	done(&x);
}
END_TEST

START_TEST(test_info_names)
{
	struct run x;
	struct dnsauth_buf b;
	char *l64 = repeat('a', 64), *l63 = repeat('b', 63);
	size_t i;

	dnsauth_buf_init(&b, 0);
	/* 1: a relative MX name that ldns accepts but that is over 253
	 * octets once the origin is appended */
	dnsauth_buf_puts(&b, "@ MX 10 ");
	for (i = 0; i < 24; i++)
		dnsauth_buf_puts(&b, "abcdefghi.");
	dnsauth_buf_puts(&b, "abcdefghi\n");
	/* 2: a 64-octet label in an SPF include */
	dnsauth_buf_printf(&b, "@ TXT \"v=spf1 include:%s.example.net -all\"\n", l64);
	/* 3: a 63-octet label: fine */
	dnsauth_buf_printf(&b, "a TXT \"v=spf1 include:%s.example.net -all\"\n", l63);
	/* 4: an SPF domain over 253 octets */
	dnsauth_buf_printf(&b, "b TXT \"v=spf1 a:%s.%s.%s.\" \"%s.example.net -all\"\n", l63,
			   l63, l63, l63);
	/* 5: a domain with a macro has no length before expansion */
	dnsauth_buf_printf(&b, "c TXT \"v=spf1 exists:%%{i}.%s.%s.%s.\" \"%s.example.net -all\"\n",
			   l63, l63, l63, l63);
	ck_assert_int_eq(b.err, 0);
	run(&x, dnsauth_buf_str(&b));
	ck_assert_ptr_nonnull(x.zf->recs[0].rr);
	expect(&x, R(ZONE_SYNTAX), INFO, 1, 9, "261 octets", "at most 253");
	expect(&x, R(ZONE_SYNTAX), INFO, 2, 23, "label of 64 octets", "include domain");
	expect(&x, R(ZONE_SYNTAX), INFO, 4, 17, "is 267 octets long", NULL);
	expect_parsed(&x);
	expect_n(&x, 3);
	done(&x);
	dnsauth_buf_free(&b);
	free(l64);
	free(l63);
}
END_TEST

/* ------------------------------------------------------ general */

START_TEST(test_unparsed_records_skipped)
{
	struct run x;

	/* records ldns refuses get no content checks (the scanner reports
	 * them); an empty file and a file without origin are fine */
	run(&x, "@ MX x mx.example.com\n"
		"_dmarc TXT \"v=spf1 -all\" (\n");
	ck_assert_uint_gt(x.scan.n, 0);
	ck_assert_uint_eq(x.zf->nrecs, 2);
	ck_assert_ptr_null(x.zf->recs[0].rr);
	ck_assert_ptr_null(x.zf->recs[1].rr);
	expect_n(&x, 0);
	done(&x);

	run(&x, "");
	expect_parsed(&x);
	expect_n(&x, 0);
	done(&x);

	run_origin(&x, "mx.example.com. A 192.0.2.1\nwww.example.com. CNAME mx.example.com.\n",
		   NULL);
	expect_parsed(&x);
	expect_n(&x, 0);
	done(&x);
}
END_TEST

START_TEST(test_positions_multiline)
{
	struct run x;
	const char *t =
		"; comment\n"
		"@ IN TXT ( \"v=spf1 include:a.example.net\"\n"
		"           \"ip4:192.0.2.1 -all\" )\n"
		"s1._domainkey TXT ( \"v=DKIM1; k=rsa; \"\n"
		"    \"p=-----BEGIN PUBLIC KEY-----MIGf\" )\n";

	run(&x, t);
	expect(&x, R(ZONE_TXT_SPLIT_BREAKS_TOKEN), SEV, 3, 12, "include:a.example.netip4", NULL);
	expect(&x, R(ZONE_TXT_GARBLED), SEV, 5, 8, "PEM armour", NULL);
	expect_parsed(&x);
	expect_n(&x, 2);
	done(&x);
}
END_TEST

START_TEST(test_invalid_args)
{
	struct dnsauth_findings fl;

	dnsauth_findings_init(&fl);
	ck_assert_int_eq(dnsauth_lint_zone_rules(NULL, &fl), DNSAUTH_EINVAL);
	ck_assert_uint_eq(fl.n, 0);
}
END_TEST

/* ------------------------------------------ one finding per cause */

/* "line:col:rule-id" of each finding, in order, comma-separated. */
static char *places(const struct dnsauth_findings *fl)
{
	struct dnsauth_buf b;
	size_t i;
	char *r;

	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, "");
	for (i = 0; i < fl->n; i++)
		dnsauth_buf_printf(&b, "%s%s%s%u:%u:%s", i ? "," : "",
				   fl->v[i].file ? fl->v[i].file : "", fl->v[i].file ? ":" : "",
				   fl->v[i].line, fl->v[i].column,
				   dnsauth_rule_get(fl->v[i].rule)->id);
	r = dnsauth_buf_steal(&b);
	ck_assert_ptr_nonnull(r);
	return r;
}

static void add_at(struct dnsauth_findings *fl, const char *file, unsigned line,
		   unsigned col, enum dnsauth_rule_id rule)
{
	ck_assert_int_eq(dnsauth_findings_add_at(fl, rule, DNSAUTH_SEV_NONE, file, line, col,
						 NULL, NULL, "m"), 0);
}

/* The table: exactly the losers of a pair at one file:line:col go; two
 * causes at one place, one rule alone, other columns, other files and
 * findings without a line all stay; the order of adding does not matter. */
START_TEST(test_superseded)
{
	struct dnsauth_findings fl;
	char *got;

	dnsauth_findings_init(&fl);
	add_at(&fl, "z", 14, 1, R(ZONE_RECORD_WRONG_OWNER)); /* loser first */
	add_at(&fl, "z", 14, 1, R(DMARC_WRONG_OWNER));
	add_at(&fl, "z", 4, 32, R(ZONE_TXT_GARBLED));
	add_at(&fl, "z", 4, 32, R(SPF_SYNTAX_ERROR));
	add_at(&fl, "z", 5, 49, R(DKIM_RECORD_SYNTAX));
	add_at(&fl, "z", 5, 49, R(ZONE_TXT_GARBLED));
	add_at(&fl, "z", 6, 16, R(DMARC_VERSION_INVALID));
	add_at(&fl, "z", 6, 16, R(ZONE_TXT_GARBLED));
	add_at(&fl, "z", 7, 27, R(DMARC_POLICY_INVALID));
	add_at(&fl, "z", 7, 27, R(ZONE_TXT_GARBLED));
	add_at(&fl, "z", 8, 9, R(ZONE_SYNTAX));
	add_at(&fl, "z", 8, 9, R(ZONE_TXT_STRING_TOO_LONG));
	/* two causes at one place: both stay */
	add_at(&fl, "z", 9, 1, R(DKIM_NO_KEY_FOUND));
	add_at(&fl, "z", 9, 1, R(DKIM_RECORD_SYNTAX));
	/* the loser alone, at another column, in another file, no line */
	add_at(&fl, "z", 10, 1, R(ZONE_RECORD_WRONG_OWNER));
	add_at(&fl, "z", 11, 3, R(SPF_SYNTAX_ERROR));
	add_at(&fl, "z", 11, 4, R(ZONE_TXT_GARBLED));
	add_at(&fl, "y", 12, 1, R(ZONE_RECORD_WRONG_OWNER));
	add_at(&fl, "z", 12, 1, R(DMARC_WRONG_OWNER));
	add_at(&fl, "z", 0, 0, R(ZONE_RECORD_WRONG_OWNER));
	add_at(&fl, "z", 0, 0, R(DMARC_WRONG_OWNER));
	/* the winner of another pair does not drop this loser */
	add_at(&fl, "z", 13, 5, R(DMARC_WRONG_OWNER));
	add_at(&fl, "z", 13, 5, R(SPF_SYNTAX_ERROR));

	ck_assert_uint_eq(dnsauth_lint_drop_superseded(&fl), 6);
	got = places(&fl);
	ck_assert_str_eq(got, "y:12:1:zone-record-wrong-owner,"
			 "z:0:0:dmarc-wrong-owner,z:0:0:zone-record-wrong-owner,"
			 "z:4:32:zone-txt-garbled,z:5:49:zone-txt-garbled,"
			 "z:6:16:zone-txt-garbled,z:7:27:zone-txt-garbled,"
			 "z:8:9:zone-txt-string-too-long,"
			 "z:9:1:dkim-no-key-found,z:9:1:dkim-record-syntax,"
			 "z:10:1:zone-record-wrong-owner,z:11:3:spf-syntax-error,"
			 "z:11:4:zone-txt-garbled,z:12:1:dmarc-wrong-owner,"
			 "z:13:5:spf-syntax-error,z:13:5:dmarc-wrong-owner,"
			 "z:14:1:dmarc-wrong-owner");
	free(got);
	dnsauth_findings_clear(&fl);
}
END_TEST

/* "line:col:rule-id" of a lint run's findings, in order. */
static char *lint_places(const char *text, size_t *nsuppressed)
{
	struct dnsauth_lint_opts o;
	struct dnsauth_lint_result r;
	struct dnsauth_findings fl;
	size_t i;
	char *got;

	memset(&o, 0, sizeof(o));
	o.documentation_addresses_ok = true;
	dnsauth_lint_result_init(&r);
	ck_assert_int_eq(dnsauth_lint_buf("t.zone", text, strlen(text), &o, &r), 0);
	dnsauth_findings_init(&fl);
	for (i = 0; i < r.findings.n; i++)
		add_at(&fl, NULL, r.findings.v[i].line, r.findings.v[i].column,
		       r.findings.v[i].rule);
	got = places(&fl);
	*nsuppressed = r.nsuppressed;
	dnsauth_findings_clear(&fl);
	dnsauth_lint_result_clear(&r);
	return got;
}

/* The linter places each audit finding at the record it concerns: the
 * record with its text at its name (the MX naming the missing host, the
 * _dmarc record at its tag's column), else the first record of the
 * domain's area (the MX records of a domain, the domain's first record). */
START_TEST(test_lint_placement)
{
	size_t sup;
	char *got = lint_places(
		"$ORIGIN example.com.\n$TTL 3600\n"
		"@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n"
		"@ IN NS ns1\n"
		"ns1 IN A 192.0.2.53\n"
		"sub IN MX 20 ns1\n"
		"sub IN MX 10 mx9.sub\n"
		"sub IN TXT \"v=spf1 mx -all\"\n"
		"_dmarc.sub IN TXT \"v=DMARC1; p=none\"\n"
		"@ IN MX 10 ns1\n"
		"@ IN TXT \"v=spf1 mx -all\"\n"
		"_dmarc IN TXT \"v=DMARC1; p=reject; rua=mailto:d@example.com\"\n"
		"x IN CNAME ns1\n"
		"x IN TXT \"v=spf1 -all\"\n", &sup);

	ck_assert_str_eq(got, "3:1:tlsrpt-missing,6:1:tlsrpt-missing,"
			 "7:1:mx-target-unresolvable,9:1:dmarc-rua-missing,"
			 "9:32:dmarc-monitoring-only,10:1:mx-missing,13:1:mx-missing,"
			 "13:1:zone-cname-conflict");
	ck_assert_uint_eq(sup, 0);
	free(got);
}
END_TEST

#define APEX_ZONE(COMMENT)                                                        \
	"$ORIGIN example.com.\n$TTL 3600\n"                                       \
	"@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n"                       \
	"@ IN NS ns1\nns1 IN A 192.0.2.53\n"                                       \
	"@ IN MX 10 mx1\n@ IN MX 20 mx2\nmx1 IN A 192.0.2.25\nmx2 IN A 198.51.100.25\n" \
	"@ IN TXT \"v=spf1 mx -all\"\n"                                            \
	"@ IN TXT \"v=DMARC1; p=reject; rua=mailto:d@example.com\"" COMMENT "\n"

/* The whole linter: DMARC at the apex is dmarc-wrong-owner only; an ignore
 * comment for it silences the cause (the zone rule's finding does not
 * come back); a garbled character is zone-txt-garbled only. */
START_TEST(test_lint_one_per_cause)
{
	size_t sup;
	char *got = lint_places(APEX_ZONE(""), &sup);

	ck_assert_str_eq(got, "3:1:dmarc-missing,3:1:tlsrpt-missing,11:1:dmarc-wrong-owner");
	ck_assert_uint_eq(sup, 0);
	free(got);

	got = lint_places(APEX_ZONE(" ; dnsauth: ignore dmarc-wrong-owner"), &sup);
	ck_assert_str_eq(got, "3:1:dmarc-missing,3:1:tlsrpt-missing");
	ck_assert_uint_eq(sup, 1);
	free(got);

	got = lint_places("$ORIGIN example.com.\n"
			  "@ 3600 IN TXT \"v=spf1 ip4:192.0.2.1 \xe2\x80\x91" "all\"\n", &sup);
	ck_assert_str_eq(got, "2:37:zone-txt-garbled");
	free(got);
}
END_TEST

static Suite *lint_zone_suite(void)
{
	Suite *s = suite_create("lint_zone");
	TCase *str = tcase_create("strings");
	TCase *dot = tcase_create("dots");
	TCase *own = tcase_create("owners");
	TCase *gar = tcase_create("garbled");
	TCase *set = tcase_create("sets");
	TCase *info = tcase_create("info");
	TCase *merge = tcase_create("merge");

	tcase_add_test(str, test_string_too_long);
	tcase_add_test(str, test_string_too_long_unquoted);
	tcase_add_test(str, test_string_255_escaped_ok);
	tcase_add_test(str, test_split_spf_glued_terms);
	tcase_add_test(str, test_split_quoted_escapes);
	tcase_add_test(str, test_split_spf_legal);
	tcase_add_test(str, test_split_spf_version);
	tcase_add_test(str, test_split_dmarc);
	suite_add_tcase(s, str);

	tcase_add_test(dot, test_dot_owner);
	tcase_add_test(dot, test_dot_rdata);
	tcase_add_test(dot, test_dot_spf);
	suite_add_tcase(s, dot);

	tcase_add_test(own, test_owner_spf);
	tcase_add_test(own, test_owner_dmarc);
	tcase_add_test(own, test_owner_dkim);
	tcase_add_test(own, test_owner_sts_tlsrpt_bimi);
	suite_add_tcase(s, own);

	tcase_add_test(gar, test_garbled_spf);
	tcase_add_test(gar, test_garbled_dkim_dmarc);
	tcase_add_test(gar, test_garbled_near_miss);
	suite_add_tcase(s, gar);

	tcase_add_test(set, test_cname_apex);
	tcase_add_test(set, test_cname_beside);
	tcase_add_test(set, test_cname_ok);
	tcase_add_test(set, test_wildcard);
	tcase_add_test(set, test_duplicates);
	tcase_add_test(set, test_duplicates_interleaved);
	suite_add_tcase(s, set);

	tcase_add_test(info, test_info_ttl);
	tcase_add_test(info, test_info_names);
	tcase_add_test(info, test_unparsed_records_skipped);
	tcase_add_test(info, test_positions_multiline);
	tcase_add_test(info, test_invalid_args);
	suite_add_tcase(s, info);

	tcase_add_test(merge, test_superseded);
	tcase_add_test(merge, test_lint_one_per_cause);
	tcase_add_test(merge, test_lint_placement);
	suite_add_tcase(s, merge);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(lint_zone_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
