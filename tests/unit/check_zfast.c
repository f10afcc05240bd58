/* SPDX-License-Identifier: MIT */
/*
 * check_zfast.c - unit tests of the direct record parser (lib/zfast.h).
 *
 * Every record the fast path takes must be the record ldns_rr_new_frm_str()
 * makes of the same text: owner, TTL, class, type, and every rdf's type
 * and bytes (compared exactly, since ldns_rr_compare() ignores case).
 * Three layers: a table of records of every handled type (tricky ones and
 * ones that must be left to ldns), the same records through the zone
 * scanner with the fast path on and off, and a sweep of every zone file
 * of the tree (tests/data/lint, tests/data/zones, bench/zones) scanned
 * both ways, with a floor on the share the fast path handled so that the
 * sweep cannot pass by handling nothing.
 */
#include <check.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "finding.h"
#include "zfast.h"
#include "zscan.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define ORG "example.com."
#define TOKS_MAX 300

/* ------------------------------------------------------------ helpers */

/* Split rdata as the scanner does: blanks separate tokens; a token that
 * starts with '"' runs to the next unescaped '"'; '\' takes the next
 * byte along. \return the count. */
static size_t split(const char *s, struct dnsauth_zfast_tok *t, size_t max)
{
	size_t n = 0;

	while (*s) {
		const char *b = s;
		bool q = *s == '"';

		if (*s == ' ') {
			s++;
			continue;
		}
		if (q)
			s++;
		while (*s && (q ? *s != '"' : *s != ' ')) {
			if (*s == '\\' && s[1])
				s++;
			s++;
		}
		if (q && *s == '"')
			s++;
		ck_assert_uint_lt(n, max);
		t[n].p = b;
		t[n].len = (size_t)(s - b);
		t[n].quoted = q;
		n++;
	}
	return n;
}

/* The line the scanner hands ldns; caller frees. */
static char *line_of(const char *owner, uint32_t ttl, const char *type,
		     const struct dnsauth_zfast_tok *t, size_t n)
{
	struct dnsauth_buf b;
	size_t i;
	char *r;

	dnsauth_buf_init(&b, 0);
	dnsauth_buf_printf(&b, "%s %lu IN %s", owner, (unsigned long)ttl, type);
	for (i = 0; i < n; i++) {
		dnsauth_buf_putc(&b, ' ');
		dnsauth_buf_append(&b, t[i].p, t[i].len);
	}
	r = dnsauth_buf_steal(&b);
	ck_assert_ptr_nonnull(r);
	return r;
}

static void same_rdf(const ldns_rdf *a, const ldns_rdf *b, const char *what, size_t i)
{
	ck_assert_msg(a && b, "%s: rdf %zu missing", what, i);
	ck_assert_msg(ldns_rdf_get_type(a) == ldns_rdf_get_type(b),
		      "%s: rdf %zu type %d, ldns %d", what, i, (int)ldns_rdf_get_type(a),
		      (int)ldns_rdf_get_type(b));
	ck_assert_msg(ldns_rdf_size(a) == ldns_rdf_size(b), "%s: rdf %zu size %zu, ldns %zu",
		      what, i, ldns_rdf_size(a), ldns_rdf_size(b));
	ck_assert_msg(ldns_rdf_size(a) == 0 ||
		      memcmp(ldns_rdf_data(a), ldns_rdf_data(b), ldns_rdf_size(a)) == 0,
		      "%s: rdf %zu bytes differ", what, i);
	if (ldns_rdf_size(a) == 0)
		ck_assert_msg((ldns_rdf_data(a) == NULL) == (ldns_rdf_data(b) == NULL),
			      "%s: rdf %zu: empty data differs", what, i);
}

/* a (fast) is exactly b (ldns). */
static void same_rr(const ldns_rr *a, const ldns_rr *b, const char *what)
{
	size_t i;

	ck_assert_msg(ldns_rr_compare(a, b) == 0, "%s: ldns_rr_compare differs", what);
	same_rdf(ldns_rr_owner(a), ldns_rr_owner(b), what, 999);
	ck_assert_msg(ldns_rr_ttl(a) == ldns_rr_ttl(b), "%s: ttl", what);
	ck_assert_msg(ldns_rr_get_class(a) == ldns_rr_get_class(b), "%s: class", what);
	ck_assert_msg(ldns_rr_get_type(a) == ldns_rr_get_type(b), "%s: type", what);
	ck_assert_msg(ldns_rr_is_question(a) == ldns_rr_is_question(b), "%s: question", what);
	ck_assert_msg(ldns_rr_rd_count(a) == ldns_rr_rd_count(b), "%s: %zu rdfs, ldns %zu",
		      what, ldns_rr_rd_count(a), ldns_rr_rd_count(b));
	for (i = 0; i < ldns_rr_rd_count(a); i++)
		same_rdf(ldns_rr_rdf(a, i), ldns_rr_rdf(b, i), what, i);
}

enum want { FAST, LDNS };

/*
 * The fast path on one record; FAST: it must handle it, and ldns must
 * parse the same text to the same record; LDNS: it must leave it to ldns.
 * \p ldns_ok: -1 any, 0 ldns must refuse it, 1 ldns must take it.
 */
static void check_one(const char *owner, uint32_t ttl, const char *type,
		      const struct dnsauth_zfast_tok *t, size_t n, bool with_origin,
		      enum want want, int ldns_ok)
{
	ldns_rdf *origin = with_origin ? ldns_dname_new_frm_str(ORG) : NULL;
	ldns_rr *fast = NULL, *ref = NULL;
	char *line = line_of(owner, ttl, type, t, n);
	ldns_status st;
	int rc;

	rc = dnsauth_zfast_rr(owner, ttl, (uint16_t)ldns_get_rr_type_by_name(type), t, n,
			      origin, &fast);
	st = ldns_rr_new_frm_str(&ref, line, ttl, origin, NULL);
	if (ldns_ok >= 0)
		ck_assert_msg((st == LDNS_STATUS_OK) == (ldns_ok == 1),
			      "'%s': ldns says %s", line, ldns_get_errorstr_by_id(st));
	if (want == FAST) {
		ck_assert_msg(rc == 0, "'%s': not handled (rc %d)", line, rc);
		ck_assert_msg(st == LDNS_STATUS_OK, "'%s': handled but ldns says %s", line,
			      ldns_get_errorstr_by_id(st));
		same_rr(fast, ref, line);
	} else {
		ck_assert_msg(rc == 1, "'%s': handled (rc %d), should be left to ldns", line, rc);
		ck_assert_ptr_null(fast);
	}
	ldns_rr_free(fast);
	ldns_rr_free(ref);
	ldns_rdf_deep_free(origin);
	free(line);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Scan text with the fast path on (counting) and off; the results must
 * be the same. \return records the fast path handled. */
static unsigned long scan_both(const char *path, const char *text, size_t len,
			       const struct dnsauth_zscan_opts *o, size_t *nrr);

/* ------------------------------------------------------------ table */

struct rcase {
	const char *owner;
	const char *type;
	const char *rdata;
	bool origin;       /* an origin is in force (ORG) */
	enum want want;
	int ldns_ok;       /* -1 any, 0 ldns refuses, 1 ldns takes it */
};

static const struct rcase cases[] = {
	/* A */
	{ "www.example.com.", "A", "192.0.2.1", true, FAST, 1 },
	{ "WWW.Example.COM.", "A", "192.0.2.1", true, FAST, 1 },
	{ "example.com.", "A", "0.0.0.0", false, FAST, 1 },
	{ "example.com.", "a", "255.255.255.255", false, FAST, 1 },
	{ "example.com.", "TYPE1", "192.0.2.1", false, FAST, 1 },
	{ "example.com.", "A", "192.0.2.256", true, LDNS, 0 },
	{ "example.com.", "A", "192.0.2", true, LDNS, 0 },
	{ "example.com.", "A", "\"192.0.2.1\"", true, LDNS, 0 },
	{ "example.com.", "A", "192.0.2.1 192.0.2.2", true, LDNS, 0 },
	{ "example.com.", "A", "\\# 4 c0000201", true, LDNS, 1 },
	/* AAAA */
	{ "example.com.", "AAAA", "::", true, FAST, 1 },
	{ "example.com.", "AAAA", "::1", true, FAST, 1 },
	{ "example.com.", "AAAA", "2001:db8::1", true, FAST, 1 },
	{ "example.com.", "AAAA", "2001:DB8:0:0:0:0:0:1", true, FAST, 1 },
	{ "example.com.", "AAAA", "::ffff:1.2.3.4", true, FAST, 1 },
	{ "example.com.", "AAAA", "::ffff:192.0.2.128", true, FAST, 1 },
	{ "example.com.", "AAAA", "2001:db8::g", true, LDNS, 0 },
	{ "example.com.", "AAAA", "192.0.2.1", true, LDNS, 0 },
	/* names: NS, CNAME, PTR */
	{ "example.com.", "NS", "ns1.example.com.", true, FAST, 1 },
	{ "example.com.", "NS", "NS1.Example.COM.", true, FAST, 1 },
	{ "example.com.", "NS", "ns1", true, FAST, 1 },
	{ "example.com.", "NS", "Ns1.Sub", true, FAST, 1 },
	{ "example.com.", "NS", "@", true, FAST, 1 },
	{ "example.com.", "NS", ".", true, FAST, 1 },
	{ "example.com.", "NS", ".", false, FAST, 1 },
	{ "example.com.", "NS", "ns1.example.com.", false, FAST, 1 },
	{ "example.com.", "NS", "ns1", false, LDNS, 1 },
	{ "example.com.", "NS", "@", false, LDNS, 1 },
	{ "example.com.", "NS", "a..b.", true, LDNS, 0 },
	{ "example.com.", "NS", ".a.", true, LDNS, 0 },
	{ "example.com.", "NS", "a\\.b.example.", true, LDNS, 1 },
	{ "example.com.", "NS", "a\\066.example.", true, LDNS, 1 },
	{ "example.com.", "NS", "@.x", true, LDNS, 1 },
	{ "example.com.", "NS", "0/26.x.", true, LDNS, 1 },
	{ "example.com.", "NS", "\"ns1.example.com.\"", true, LDNS, 1 },
	{ "example.com.", "CNAME", "_dmarc.example.net.", true, FAST, 1 },
	{ "example.com.", "CNAME", "*.wild", true, FAST, 1 },
	{ "example.com.", "CNAME", "host-1_x", true, FAST, 1 },
	{ "example.com.", "CNAME", "a b", true, LDNS, 0 },
	{ "1.2.0.192.in-addr.arpa.", "PTR", "mail.example.com.", true, FAST, 1 },
	{ "1.2.0.192.in-addr.arpa.", "PTR", "mail", true, FAST, 1 },
	/* owners */
	{ ".", "NS", "a.root-servers.net.", true, FAST, 1 },
	{ "*.example.com.", "A", "192.0.2.1", true, FAST, 1 },
	{ "_25._tcp.mx.example.com.", "A", "192.0.2.1", true, FAST, 1 },
	{ "example.com", "A", "192.0.2.1", true, LDNS, 1 },
	{ "a\\.b.example.com.", "A", "192.0.2.1", true, LDNS, 1 },
	{ "a..example.com.", "A", "192.0.2.1", true, LDNS, 0 },
	/* MX */
	{ "example.com.", "MX", "10 mail.example.com.", true, FAST, 1 },
	{ "example.com.", "MX", "0 .", true, FAST, 1 },
	{ "example.com.", "MX", "0 .", false, FAST, 1 },
	{ "example.com.", "MX", "10 mail", true, FAST, 1 },
	{ "example.com.", "MX", "010 mx", true, FAST, 1 },
	{ "example.com.", "MX", "65535 @", true, FAST, 1 },
	{ "example.com.", "MX", "65536 .", true, LDNS, 1 }, /* ldns wraps to 0 */
	{ "example.com.", "MX", "-1 .", true, LDNS, 1 },    /* ldns: 65535 */
	{ "example.com.", "MX", "+10 .", true, LDNS, 1 },
	{ "example.com.", "MX", "1x .", true, LDNS, 0 },
	{ "example.com.", "MX", "10", true, LDNS, 0 },
	{ "example.com.", "MX", "10 a b", true, LDNS, 0 },
	{ "example.com.", "MX", "\"10\" mail", true, LDNS, 0 },
	/* SRV */
	{ "_sip._tcp.example.com.", "SRV", "10 5 5060 sip.example.com.", true, FAST, 1 },
	{ "_sip._tcp.example.com.", "SRV", "0 0 0 .", true, FAST, 1 },
	{ "_sip._tcp.example.com.", "SRV", "0 0 443 sip", true, FAST, 1 },
	{ "_sip._tcp.example.com.", "SRV", "1 2 3", true, LDNS, 0 },
	{ "_sip._tcp.example.com.", "SRV", "1 2 99999 x.", true, LDNS, 1 },
	/* SOA */
	{ "example.com.", "SOA",
	  "ns1.example.com. hostmaster.example.com. 2024010101 7200 3600 1209600 3600", true,
	  FAST, 1 },
	{ "example.com.", "SOA", "ns1 hostmaster 1 1h 30m 2w 1d", true, FAST, 1 },
	{ "example.com.", "SOA", "@ @ 0 0 0 0 0", true, FAST, 1 },
	{ "example.com.", "SOA", "ns1. h. 4294967295 1h30m 1H 1W2D 10s", true, FAST, 1 },
	{ "example.com.", "SOA", "ns1. h. 1 1h30 4294967295 3s4 1", true, FAST, 1 },
	{ "example.com.", "SOA", "ns1. h. 4294967296 1 1 1 1", true, LDNS, 1 }, /* wraps */
	{ "example.com.", "SOA", "ns1. h. 1 4294967296 1 1 1", true, LDNS, 1 },
	{ "example.com.", "SOA", "ns1. h. 1 1000000w 1 1 1", true, LDNS, 1 },
	{ "example.com.", "SOA", "ns1. h. 1 h 1 1 1", true, LDNS, 1 },
	{ "example.com.", "SOA", "ns1. h. 1 1x 1 1 1", true, LDNS, 0 },
	{ "example.com.", "SOA", "ns1. h. 1h 1 1 1 1", true, LDNS, 0 },
	{ "example.com.", "SOA", "ns1. h. 1 1 1 1", true, LDNS, 0 },
	{ "example.com.", "SOA", "ns1 h 1 1 1 1 1", false, LDNS, 1 },
	/* TXT and SPF */
	{ "example.com.", "TXT", "\"v=spf1 -all\"", true, FAST, 1 },
	{ "example.com.", "TXT", "\"\"", true, FAST, 1 },
	{ "example.com.", "TXT", "\"\" \"\" \"\"", true, FAST, 1 },
	{ "example.com.", "TXT", "v=spf1 -all", true, FAST, 1 },
	{ "example.com.", "TXT", "\"v=spf1 \" \"include:a.example ~all\"", true, FAST, 1 },
	{ "example.com.", "TXT", "\"a\" \"b\" c @ .", true, FAST, 1 },
	{ "example.com.", "TXT", "\"v=DKIM1; k=rsa; p=MIIB\"", true, FAST, 1 },
	{ "example.com.", "TXT", "\"a;b (c) d\"", true, FAST, 1 },
	{ "example.com.", "TXT", "\"say \\\"hi\\\"\"", true, FAST, 1 },
	{ "example.com.", "TXT", "\"\\065\\066\\067\"", true, FAST, 1 },
	{ "example.com.", "TXT", "\"\\000\\255\"", true, FAST, 1 },
	{ "example.com.", "TXT", "\"\\0655\"", true, FAST, 1 },
	{ "example.com.", "TXT", "\"a\\\\\"", true, FAST, 1 },
	{ "example.com.", "TXT", "\"a\\\\\\\"b\"", true, FAST, 1 },
	{ "example.com.", "TXT", "\"a\\;b\\(c\\)\"", true, FAST, 1 },
	{ "example.com.", "TXT", "\"tab\there\"", true, FAST, 1 },
	{ "example.com.", "TXT", "\"caf\xc3\xa9 \x7f\"", true, FAST, 1 },
	{ "example.com.", "TXT", "a\\;b a\\(b\\) a\\\"b a\\ b", true, FAST, 1 },
	{ "example.com.", "TXT", "\\065BC", true, FAST, 1 },
	{ "example.com.", "TXT", "\\#x", true, FAST, 1 },
	{ "example.com.", "TXT", "x \\#", true, LDNS, 0 },
	{ "example.com.", "TXT", "\\# 2 0141", true, LDNS, 1 },
	{ "example.com.", "TXT", "\"\\256\"", true, LDNS, 0 },
	{ "example.com.", "TXT", "\"\\1\"", true, LDNS, 0 },
	{ "example.com.", "TXT", "\"\\12x\"", true, LDNS, 0 },
	{ "example.com.", "TXT", "\"cr\rlf\"", true, LDNS, 1 },
	{ "example.com.", "TXT", "a\"b", true, LDNS, -1 },
	{ "example.com.", "TXT", "a;b", true, LDNS, 1 },
	{ "example.com.", "TXT", "(a)", true, LDNS, 1 },
	{ "example.com.", "TYPE16", "\"x\"", true, FAST, 1 },
	{ "example.com.", "SPF", "\"v=spf1 mx -all\"", true, FAST, 1 },
	{ "example.com.", "SPF", "v=spf1 \"mx\" -all", true, FAST, 1 },
	/* TLSA */
	{ "_25._tcp.mx.example.com.", "TLSA",
	  "3 1 1 0123456789ABCDEF0123456789abcdef0123456789ABCDEF0123456789abcdef", true, FAST,
	  1 },
	{ "_25._tcp.mx.example.com.", "TLSA", "3 1 1 ABCD ef01", true, FAST, 1 },
	{ "_25._tcp.mx.example.com.", "TLSA", "3 1 1 abc def", true, FAST, 1 },
	{ "_25._tcp.mx.example.com.", "TLSA", "2 0 0 00", true, FAST, 1 },
	{ "_25._tcp.mx.example.com.", "TLSA", "3 1 1 abc", true, LDNS, 1 }, /* a nibble */
	{ "_25._tcp.mx.example.com.", "TLSA", "DANE-EE SPKI SHA2-256 ab", true, LDNS, 1 },
	{ "_25._tcp.mx.example.com.", "TLSA", "3 1 1", true, LDNS, 0 },
	{ "_25._tcp.mx.example.com.", "TLSA", "3 1 1 xyz", true, LDNS, 0 },
	{ "_25._tcp.mx.example.com.", "TLSA", "256 1 1 ab", true, LDNS, 1 },
	{ "_25._tcp.mx.example.com.", "TLSA", "3 1 1 \"ab\"", true, LDNS, 0 },
	/* CAA */
	{ "example.com.", "CAA", "0 issue \"letsencrypt.org\"", true, FAST, 1 },
	{ "example.com.", "CAA", "128 iodef \"mailto:security@example.com\"", true, FAST, 1 },
	{ "example.com.", "CAA", "0 issue \"\"", true, FAST, 1 },
	{ "example.com.", "CAA", "0 issue \"ca.example; account=\\0651\"", true, FAST, 1 },
	{ "example.com.", "CAA", "0 IssueWild \"x\"", true, FAST, 1 },
	{ "example.com.", "CAA", "0 issue letsencrypt.org", true, LDNS, 0 },
	{ "example.com.", "CAA", "0 is-sue \"x\"", true, LDNS, 0 },
	{ "example.com.", "CAA", "0 issue \"a\" \"b\"", true, LDNS, 0 },
	{ "example.com.", "CAA", "0 \"issue\" \"a\"", true, LDNS, 0 },
	/* types not handled */
	{ "example.com.", "HINFO", "\"PC\" \"Linux\"", true, LDNS, 1 },
	{ "example.com.", "DS", "1 8 2 abcd", true, LDNS, 1 },
	{ "example.com.", "NAPTR", "1 1 \"s\" \"x\" \"\" _sip._udp", true, LDNS, 1 },
};

START_TEST(test_table)
{
	const struct rcase *c = &cases[_i];
	struct dnsauth_zfast_tok t[TOKS_MAX];
	size_t n = split(c->rdata, t, TOKS_MAX);

	check_one(c->owner, 3600, c->type, t, n, c->origin, c->want, c->ldns_ok);
}
END_TEST

START_TEST(test_table_ttls)
{
	static const uint32_t ttls[] = { 0, 1, 2147483647u, 2147483648u, 4294967295u };
	struct dnsauth_zfast_tok t[4];
	size_t i, n = split("10 mail", t, 4);

	for (i = 0; i < NELEM(ttls); i++)
		check_one("example.com.", ttls[i], "MX", t, n, true, FAST, 1);
}
END_TEST

/* The table through the scanner, fast path on and off. */
START_TEST(test_table_scanned)
{
	const struct rcase *c = &cases[_i];
	struct dnsauth_zscan_opts o = { NULL, true, 0 };
	struct dnsauth_buf b;
	unsigned long handled;
	size_t nrr;

	dnsauth_buf_init(&b, 0);
	if (c->origin)
		dnsauth_buf_puts(&b, "$ORIGIN " ORG "\n");
	dnsauth_buf_printf(&b, "%s 300 IN %s %s\n", c->owner, c->type, c->rdata);
	ck_assert_int_eq(b.err, 0);
	handled = scan_both("t.zone", b.data, b.len, &o, &nrr);
	/* the scanner may refuse a LDNS case itself before parsing; it
	 * reads '(', ')' and ';' itself and puts a relative owner under
	 * the origin, so those cases reach the fast path as other text */
	if (c->want == FAST)
		ck_assert_msg(handled == 1, "'%s %s': handled %lu", c->type, c->rdata, handled);
	else if (!strpbrk(c->rdata, "();") && ends_with(c->owner, "."))
		ck_assert_msg(handled == 0, "'%s %s': handled %lu", c->type, c->rdata, handled);
	dnsauth_buf_free(&b);
}
END_TEST

/* ------------------------------------------------------- edge lengths */

static char *repeat(char c, size_t n)
{
	char *s = malloc(n + 1);

	ck_assert_ptr_nonnull(s);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

static void check_text(const char *owner, const char *type, const char *rdata,
		       bool origin, enum want want, int ldns_ok)
{
	struct dnsauth_zfast_tok t[TOKS_MAX];
	size_t n = split(rdata, t, TOKS_MAX);

	check_one(owner, 300, type, t, n, origin, want, ldns_ok);
}

START_TEST(test_string_lengths)
{
	char *a255 = repeat('a', 255), *a256 = repeat('a', 256);
	char *esc = malloc(255 * 4 + 8), *buf = malloc(2048);
	size_t i;

	ck_assert_ptr_nonnull(esc);
	ck_assert_ptr_nonnull(buf);
	snprintf(buf, 2048, "\"%s\"", a255);
	check_text("example.com.", "TXT", buf, true, FAST, 1);
	snprintf(buf, 2048, "%s", a255);
	check_text("example.com.", "TXT", buf, true, FAST, 1);
	snprintf(buf, 2048, "\"%s\"", a256);
	check_text("example.com.", "TXT", buf, true, LDNS, 0);
	snprintf(buf, 2048, "\"%s\" \"\"", a255);
	check_text("example.com.", "TXT", buf, true, FAST, 1);
	/* 255 octets written as escapes, then one more */
	esc[0] = '"';
	for (i = 0; i < 255; i++)
		memcpy(esc + 1 + 4 * i, "\\097", 4);
	memcpy(esc + 1 + 4 * 255, "\"", 2);
	check_text("example.com.", "TXT", esc, true, FAST, 1);
	memcpy(esc + 4 * 255, "b\"", 3);
	check_text("example.com.", "TXT", esc, true, LDNS, 0);
	/* a DKIM key as two strings */
	snprintf(buf, 2048, "\"v=DKIM1; k=rsa; p=%s\" \"%s\"", a255 + 18, a255 + 100);
	check_text("sel._domainkey.example.com.", "TXT", buf, true, FAST, 1);
	free(a255);
	free(a256);
	free(esc);
	free(buf);
}
END_TEST

START_TEST(test_name_lengths)
{
	char name[600], buf[700];
	char *l63 = repeat('x', 63), *l64 = repeat('x', 64);
	size_t i;

	snprintf(buf, sizeof(buf), "%s.example.", l63);
	check_text("example.com.", "NS", buf, true, FAST, 1);
	check_text(buf, "A", "192.0.2.1", true, FAST, 1);
	snprintf(buf, sizeof(buf), "%s.example.", l64);
	check_text("example.com.", "NS", buf, true, LDNS, 0);
	check_text(buf, "A", "192.0.2.1", true, LDNS, 0);
	/* a relative 63-octet label under the origin, and one of 64 */
	check_text("example.com.", "CNAME", l63, true, FAST, 1);
	check_text("example.com.", "CNAME", l64, true, LDNS, 0);
	/* 254 characters with the trailing dot: 255 octets, the most */
	for (i = 0; i < 253; i++)
		name[i] = (i % 2) ? '.' : 'a';
	name[252] = 'a';
	name[253] = '.';
	name[254] = '\0';
	check_text("example.com.", "NS", name, true, FAST, 1);
	check_text(name, "A", "192.0.2.1", true, FAST, 1);
	/* one more label octet: ldns refuses it */
	memmove(name + 1, name, 255);
	name[0] = 'b';
	check_text("example.com.", "NS", name, true, LDNS, 0);
	check_text(name, "A", "192.0.2.1", true, LDNS, 0);
	/* relative names: 242 + 13 octets fit; longer ones ldns takes over
	 * 255 octets (it does not check after appending the origin) */
	for (i = 0; i < 241; i++)
		name[i] = (i % 2) ? '.' : 'a';
	name[241] = '\0';
	check_text("example.com.", "NS", name, true, FAST, 1);
	name[241] = '.';
	name[242] = 'a';
	name[243] = '\0';
	check_text("example.com.", "NS", name, true, LDNS, 1);
	free(l63);
	free(l64);
}
END_TEST

START_TEST(test_token_counts)
{
	struct dnsauth_buf b;
	size_t i;

	/* 64 strings are handled, 65 are left to ldns */
	dnsauth_buf_init(&b, 0);
	for (i = 0; i < 64; i++)
		dnsauth_buf_puts(&b, i ? " s" : "s");
	check_text("example.com.", "TXT", b.data, true, FAST, 1);
	dnsauth_buf_puts(&b, " s");
	check_text("example.com.", "TXT", b.data, true, LDNS, 1);
	dnsauth_buf_free(&b);
	/* no RDATA at all */
	check_one("example.com.", 300, "TXT", NULL, 0, true, LDNS, 0);
	check_one("example.com.", 300, "A", NULL, 0, true, LDNS, 0);
}
END_TEST

START_TEST(test_disabled_and_counted)
{
	struct dnsauth_zfast_stats st = { 0, 0 };
	struct dnsauth_zfast_tok t[2];
	size_t n = split("10 mail", t, 2);
	ldns_rr *rr = NULL;

	dnsauth_zfast_debug(true, &st);
	ck_assert_int_eq(dnsauth_zfast_rr("example.com.", 1, LDNS_RR_TYPE_MX, t, n, NULL, &rr), 1);
	ck_assert_int_eq(dnsauth_zfast_rr("example.com.", 1, LDNS_RR_TYPE_MX, t, 1, NULL, &rr), 1);
	n = split("10 mail.", t, 2);
	ck_assert_int_eq(dnsauth_zfast_rr("example.com.", 1, LDNS_RR_TYPE_MX, t, n, NULL, &rr), 0);
	ck_assert_ptr_nonnull(rr);
	ldns_rr_free(rr);
	ck_assert_uint_eq(st.handled, 1);
	ck_assert_uint_eq(st.declined, 2);
	dnsauth_zfast_debug(false, &st);
	ck_assert_int_eq(dnsauth_zfast_rr("example.com.", 1, LDNS_RR_TYPE_MX, t, n, NULL, &rr), 1);
	ck_assert_ptr_null(rr);
	ck_assert_uint_eq(st.declined, 3);
	dnsauth_zfast_debug(true, NULL);
}
END_TEST

/* ------------------------------------------------------------ random */

static uint32_t rnd_state = 12345;

static uint32_t rnd(uint32_t n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 8) % n;
}

static void rnd_from(struct dnsauth_buf *b, const char *alpha, size_t n)
{
	size_t i, na = strlen(alpha);

	for (i = 0; i < n; i++)
		dnsauth_buf_putc(b, alpha[rnd((uint32_t)na)]);
}

/* Once in a while, a byte or escape that matters to ldns's tokenizer or
 * parsers. */
static void rnd_noise(struct dnsauth_buf *b, bool noisy)
{
	static const char bytes[] = "\\\"();@. \t\r#/-*_x+\xc3";

	if (!noisy || rnd(5))
		return;
	if (rnd(3) == 0)
		dnsauth_buf_printf(b, "\\%0*u", (int)(1 + rnd(3)), rnd(300));
	else
		dnsauth_buf_putc(b, bytes[rnd(sizeof(bytes) - 1)]);
}

enum kind { K_IP4, K_IP6, K_NAME, K_NUM, K_PERIOD, K_STR, K_HEX, K_TAG, K_END };

static void rnd_field(struct dnsauth_buf *b, enum kind k, bool noisy)
{
	size_t i, n;

	switch (k) {
	case K_IP4:
		dnsauth_buf_printf(b, "%u.%u.%u.%u", rnd(260), rnd(256), rnd(256), rnd(256));
		break;
	case K_IP6:
		n = 1 + rnd(8);
		for (i = 0; i < n; i++) {
			rnd_from(b, "0123456789abcdefABCDEF", 1 + rnd(4));
			dnsauth_buf_puts(b, rnd(6) ? ":" : "::");
		}
		if (rnd(3) == 0)
			dnsauth_buf_puts(b, "1.2.3.4");
		else
			rnd_from(b, "0123456789abcdef", rnd(4));
		break;
	case K_NAME:
		if (rnd(8) == 0) {
			dnsauth_buf_puts(b, rnd(2) ? "@" : ".");
			break;
		}
		n = 1 + rnd(4);
		for (i = 0; i < n; i++) {
			if (i)
				dnsauth_buf_putc(b, '.');
			rnd_from(b, "aZ09-_*", 1 + rnd(rnd(10) ? 5 : 70));
			rnd_noise(b, noisy);
		}
		if (rnd(2))
			dnsauth_buf_putc(b, '.');
		break;
	case K_NUM:
		rnd_from(b, "0123456789", 1 + rnd(rnd(5) ? 3 : 11));
		rnd_noise(b, noisy);
		break;
	case K_PERIOD:
		n = 1 + rnd(3);
		for (i = 0; i < n; i++) {
			rnd_from(b, "0123456789", rnd(8) ? 1 + rnd(4) : 11);
			if (rnd(2))
				rnd_from(b, "smhdwSMHDW", 1);
		}
		rnd_noise(b, noisy);
		break;
	case K_STR: {
		bool q = rnd(3) != 0;

		if (q)
			dnsauth_buf_putc(b, '"');
		n = rnd(q ? 12 : 6) + !q;
		for (i = 0; i < n; i++) {
			switch (rnd(12)) {
			case 0:
				dnsauth_buf_printf(b, "\\%03u", rnd(rnd(4) ? 256 : 300));
				break;
			case 1:
				dnsauth_buf_putc(b, '\\');
				rnd_from(b, "\\\";()a ", 1);
				break;
			case 2:
				if (q)
					rnd_from(b, " ;()\t=:", 1);
				break;
			default:
				rnd_from(b, "abAB09=:-.", 1);
			}
			rnd_noise(b, noisy);
		}
		if (q)
			dnsauth_buf_putc(b, '"');
		break;
	}
	case K_HEX:
		rnd_from(b, "0123456789abcdefABCDEF", 1 + rnd(9));
		rnd_noise(b, noisy);
		break;
	case K_TAG:
		if (rnd(2))
			dnsauth_buf_puts(b, rnd(2) ? "issue" : "iodef");
		else
			rnd_from(b, "aZ09", 1 + rnd(6));
		rnd_noise(b, noisy);
		break;
	case K_END:
		break;
	}
}

/*
 * Random records of every handled type, with bytes that matter to
 * ldns's tokenizer and parsers here and there; whenever the fast path
 * takes one, ldns must give the same record for the same text.
 */
START_TEST(test_random)
{
	static const struct {
		const char *type;
		enum kind k[8];      /* per field; K_END ends, the last repeats */
		unsigned min, max;   /* tokens */
	} shapes[] = {
		{ "A", { K_IP4, K_END }, 1, 1 },
		{ "AAAA", { K_IP6, K_END }, 1, 1 },
		{ "NS", { K_NAME, K_END }, 1, 1 },
		{ "CNAME", { K_NAME, K_END }, 1, 2 },
		{ "PTR", { K_NAME, K_END }, 1, 1 },
		{ "MX", { K_NUM, K_NAME, K_END }, 2, 2 },
		{ "SRV", { K_NUM, K_NUM, K_NUM, K_NAME, K_END }, 3, 4 },
		{ "SOA", { K_NAME, K_NAME, K_NUM, K_PERIOD, K_END }, 7, 7 },
		{ "TXT", { K_STR, K_END }, 0, 6 },
		{ "SPF", { K_STR, K_END }, 1, 3 },
		{ "TLSA", { K_NUM, K_NUM, K_NUM, K_HEX, K_END }, 4, 6 },
		{ "CAA", { K_NUM, K_TAG, K_STR, K_END }, 3, 3 },
	};
	ldns_rdf *origin = ldns_dname_new_frm_str(ORG);
	unsigned long handled = 0, tries = 0;
	int it;

	for (it = 0; it < 50000; it++) {
		size_t sh = rnd((uint32_t)NELEM(shapes)), nt, i, n, f;
		struct dnsauth_zfast_tok t[TOKS_MAX];
		struct dnsauth_buf b;
		ldns_rr *fast = NULL, *ref = NULL;
		const char *owner = rnd(10) ? "Host.example.com." : rnd(2) ? "." : "a..b.";
		bool with_origin = rnd(4) != 0, noisy = rnd(3) == 0;
		char *line;
		int rc;

		dnsauth_buf_init(&b, 0);
		dnsauth_buf_puts(&b, "");
		nt = shapes[sh].min + rnd(shapes[sh].max - shapes[sh].min + 1);
		for (i = 0; i < nt; i++) {
			enum kind k = K_END;

			/* field i's kind, or the last field's */
			for (f = 0; f <= i && f < 8 && shapes[sh].k[f] != K_END; f++)
				k = shapes[sh].k[f];
			if (i)
				dnsauth_buf_putc(&b, ' ');
			rnd_field(&b, k, noisy);
		}
		ck_assert_int_eq(b.err, 0);
		n = split(b.data, t, TOKS_MAX);
		rc = dnsauth_zfast_rr(owner, 60, (uint16_t)ldns_get_rr_type_by_name(shapes[sh].type),
				      t, n, with_origin ? origin : NULL, &fast);
		tries++;
		if (rc == 0) {
			ldns_status st;

			line = line_of(owner, 60, shapes[sh].type, t, n);
			st = ldns_rr_new_frm_str(&ref, line, 60, with_origin ? origin : NULL, NULL);
			ck_assert_msg(st == LDNS_STATUS_OK, "'%s': handled, but ldns says %s", line,
				      ldns_get_errorstr_by_id(st));
			same_rr(fast, ref, line);
			handled++;
			free(line);
		} else {
			ck_assert_int_eq(rc, 1);
		}
		ldns_rr_free(fast);
		ldns_rr_free(ref);
		dnsauth_buf_free(&b);
	}
	ldns_rdf_deep_free(origin);
	fprintf(stderr, "check_zfast: %lu of %lu random records handled\n", handled, tries);
	/* the generator makes handled records too, not only refused ones */
	ck_assert_msg(handled * 3 >= tries, "only %lu of %lu handled", handled, tries);
}
END_TEST

/* -------------------------------------------------------- scanner sweep */

static const char *nul(const char *s)
{
	return s ? s : "(null)";
}

static void same_scan(const char *path, const struct dnsauth_zfile *a,
		      const struct dnsauth_findings *fa, const struct dnsauth_zfile *b,
		      const struct dnsauth_findings *fb)
{
	size_t i;

	ck_assert_msg(a->nrecs == b->nrecs, "%s: %zu records, without fast path %zu", path,
		      a->nrecs, b->nrecs);
	for (i = 0; i < a->nrecs; i++) {
		const struct dnsauth_zrec *x = &a->recs[i], *y = &b->recs[i];
		char what[512];

		snprintf(what, sizeof(what), "%s:%u", path, x->line);
		ck_assert_msg((x->rr == NULL) == (y->rr == NULL), "%s: rr %s, without %s", what,
			      x->rr ? "set" : "NULL", y->rr ? "set" : "NULL");
		if (x->rr)
			same_rr(x->rr, y->rr, what);
		ck_assert_msg((x->value == NULL) == (y->value == NULL), "%s: value", what);
		ck_assert_msg(x->value_len == y->value_len &&
			      (!x->value || memcmp(x->value, y->value, x->value_len) == 0),
			      "%s: value differs", what);
		ck_assert_str_eq(nul(x->owner), nul(y->owner));
	}
	ck_assert_msg(fa->n == fb->n, "%s: %zu findings, without fast path %zu", path, fa->n,
		      fb->n);
	for (i = 0; i < fa->n; i++) {
		const struct dnsauth_finding *x = &fa->v[i], *y = &fb->v[i];

		ck_assert_int_eq(x->rule, y->rule);
		ck_assert_int_eq(x->severity, y->severity);
		ck_assert_uint_eq(x->line, y->line);
		ck_assert_uint_eq(x->column, y->column);
		ck_assert_str_eq(nul(x->name), nul(y->name));
		ck_assert_str_eq(nul(x->message), nul(y->message));
	}
}

static unsigned long scan_both(const char *path, const char *text, size_t len,
			       const struct dnsauth_zscan_opts *o, size_t *nrr)
{
	struct dnsauth_zfast_stats st = { 0, 0 };
	struct dnsauth_findings fa, fb;
	struct dnsauth_zfile *a = NULL, *b = NULL;
	size_t i;

	dnsauth_findings_init(&fa);
	dnsauth_findings_init(&fb);
	dnsauth_zfast_debug(true, &st);
	ck_assert_int_eq(dnsauth_zscan_buf(path, text, len, o, &a, &fa), 0);
	dnsauth_zfast_debug(false, NULL);
	ck_assert_int_eq(dnsauth_zscan_buf(path, text, len, o, &b, &fb), 0);
	dnsauth_zfast_debug(true, NULL);
	same_scan(path, a, &fa, b, &fb);
	*nrr = 0;
	for (i = 0; i < a->nrecs; i++)
		*nrr += a->recs[i].rr != NULL;
	dnsauth_zfile_free(a);
	dnsauth_zfile_free(b);
	dnsauth_findings_clear(&fa);
	dnsauth_findings_clear(&fb);
	return st.handled;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	ck_assert_msg(f != NULL, "cannot open %s (set top_srcdir)", path);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	ck_assert_int_ge(n, 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

struct sweep {
	size_t files, rrs;
	unsigned long handled;
};

/* Every *.zone file of dir (under top_srcdir), with the origin inferred
 * from the name as dnsauth-lint does, and with none. */
static void sweep_dir(const char *dir, struct sweep *sw)
{
	const char *top = getenv("top_srcdir");
	char path[4096];
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "%s/%s", top ? top : ".", dir);
	d = opendir(path);
	ck_assert_msg(d != NULL, "cannot open %s (set top_srcdir)", path);
	for (de = readdir(d); de; de = readdir(d)) {
		struct dnsauth_zscan_opts inferred = { NULL, false, 0 }, none = { NULL, true, 0 };
		size_t len, nrr;
		char *text;

		if (!ends_with(de->d_name, ".zone"))
			continue;
		snprintf(path, sizeof(path), "%s/%s/%s", top ? top : ".", dir, de->d_name);
		text = slurp(path, &len);
		sw->handled += scan_both(path, text, len, &inferred, &nrr);
		sw->rrs += nrr;
		(void)scan_both(path, text, len, &none, &nrr);
		sw->files++;
		free(text);
	}
	closedir(d);
}

START_TEST(test_sweep)
{
	struct sweep sw = { 0, 0, 0 };

	sweep_dir("tests/data/lint", &sw);
	sweep_dir("tests/data/zones", &sw);
	sweep_dir("bench/zones", &sw);
	fprintf(stderr, "check_zfast: %zu zone files, %zu records parsed, %lu by the fast path\n",
		sw.files, sw.rrs, sw.handled);
	/* not vacuous: the tree has hundreds of zone files, and nearly every
	 * record in them is of a handled type */
	ck_assert_uint_ge(sw.files, 200);
	ck_assert_uint_ge(sw.rrs, 1000);
	ck_assert_msg(sw.handled * 10 >= sw.rrs * 9, "fast path handled only %lu of %zu",
		      sw.handled, sw.rrs);
}
END_TEST

static Suite *zfast_suite(void)
{
	Suite *s = suite_create("zfast");
	TCase *table = tcase_create("table");
	TCase *edges = tcase_create("edges");
	TCase *sweep = tcase_create("sweep");

	tcase_add_loop_test(table, test_table, 0, (int)NELEM(cases));
	tcase_add_loop_test(table, test_table_scanned, 0, (int)NELEM(cases));
	tcase_add_test(table, test_table_ttls);
	suite_add_tcase(s, table);

	tcase_add_test(edges, test_string_lengths);
	tcase_add_test(edges, test_name_lengths);
	tcase_add_test(edges, test_token_counts);
	tcase_add_test(edges, test_disabled_and_counted);
	tcase_add_test(edges, test_random);
	suite_add_tcase(s, edges);

	tcase_set_timeout(sweep, 300);
	tcase_add_test(sweep, test_sweep);
	suite_add_tcase(s, sweep);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(zfast_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
