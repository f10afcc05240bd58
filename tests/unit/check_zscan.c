/* SPDX-License-Identifier: MIT */
/*
 * check_zscan.c - unit tests of the zone-file scanner (lib/zscan.h):
 * the exact file:line:col of every kind of finding, $ORIGIN and $TTL,
 * inherited owners, parentheses, escapes and value positions, ignore
 * comments, origin inference, records ldns parses, and hostile input.
 *
 * Every scan gets an exact-size copy of its input with no terminating
 * NUL, freed before the result is looked at, so a read past the text or
 * a pointer into it shows up under AddressSanitizer.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "dname.h"
#include "error.h"
#include "finding.h"
#include "rules.h"
#include "zfast.h"
#include "zscan.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define ORG "example.com."

/* ------------------------------------------------------------ helpers */

/* Scan n bytes of text as file path with options o; findings into fl. */
static struct dnsauth_zfile *scan_o(const char *path, const char *text, size_t n,
				    const struct dnsauth_zscan_opts *o,
				    struct dnsauth_findings *fl)
{
	struct dnsauth_zfile *zf = NULL;
	char *buf = malloc(n ? n : 1);
	int rc;

	ck_assert_ptr_nonnull(buf);
	memcpy(buf, text, n);
	rc = dnsauth_zscan_buf(path, buf, n, o, &zf, fl);
	free(buf);
	ck_assert_msg(rc == 0, "scan: rc %d (%s)", rc, dnsauth_strerror(rc));
	ck_assert_ptr_nonnull(zf);
	return zf;
}

/* Scan a string with origin (NULL: none, and none inferred). */
static struct dnsauth_zfile *scan(const char *text, const char *origin,
				  struct dnsauth_findings *fl)
{
	struct dnsauth_zscan_opts o = { origin, true, 0 };

	dnsauth_findings_init(fl);
	return scan_o("t.zone", text, strlen(text), &o, fl);
}

/* "line:col:severity ..." of every finding; caller frees. */
static char *where(const struct dnsauth_findings *fl)
{
	struct dnsauth_buf b;
	size_t i;
	char *r;

	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, "");
	for (i = 0; i < fl->n; i++) {
		const struct dnsauth_finding *f = &fl->v[i];

		ck_assert_int_eq(f->rule, DNSAUTH_R_ZONE_SYNTAX);
		ck_assert_str_eq(f->file, "t.zone");
		dnsauth_buf_printf(&b, "%s%u:%u:%s", i ? " " : "", f->line, f->column,
				   dnsauth_severity_name(f->severity));
	}
	r = dnsauth_buf_steal(&b);
	ck_assert_ptr_nonnull(r);
	return r;
}

static void expect_where(const struct dnsauth_findings *fl, const char *want)
{
	char *got = where(fl);

	ck_assert_msg(strcmp(got, want) == 0, "findings: want \"%s\", got \"%s\"", want,
		      got);
	free(got);
}

/* Finding i says something containing sub. */
static void expect_msg(const struct dnsauth_findings *fl, size_t i, const char *sub)
{
	ck_assert_uint_gt(fl->n, i);
	ck_assert_msg(strstr(fl->v[i].message, sub) != NULL,
		      "finding %zu: \"%s\" does not contain \"%s\"", i, fl->v[i].message,
		      sub);
}

static void done(struct dnsauth_zfile *zf, struct dnsauth_findings *fl)
{
	dnsauth_zfile_free(zf);
	dnsauth_findings_clear(fl);
}

/* RDATA field i of a parsed record as text; caller frees. */
static char *rdf_text(const struct dnsauth_zrec *r, size_t i)
{
	char *s;

	ck_assert_ptr_nonnull(r->rr);
	ck_assert_uint_gt(ldns_rr_rd_count(r->rr), i);
	s = ldns_rdf2str(ldns_rr_rdf(r->rr, i));
	ck_assert_ptr_nonnull(s);
	return s;
}

static void expect_rdf(const struct dnsauth_zrec *r, size_t i, const char *want)
{
	char *s = rdf_text(r, i);

	ck_assert_str_eq(s, want);
	free(s);
}

static void expect_pos(const struct dnsauth_zrec *r, size_t off, unsigned line,
		       unsigned col)
{
	unsigned l = 0, c = 0;

	ck_assert_msg(dnsauth_zrec_value_pos(r, off, &l, &c) == 0,
		      "value_pos(%zu) failed", off);
	ck_assert_msg(l == line && c == col, "value byte %zu: want %u:%u, got %u:%u",
		      off, line, col, l, c);
}

/* 1-based column of needle in line. */
static unsigned col_of(const char *line, const char *needle)
{
	const char *p = strstr(line, needle);

	ck_assert_ptr_nonnull(p);
	return (unsigned)(p - line) + 1;
}

/* ------------------------------------------------------ detections */

START_TEST(test_bom)
{
	struct dnsauth_findings fl;
	struct dnsauth_zfile *zf =
		scan("\xEF\xBB\xBF" "example.com. 60 IN A 192.0.2.1\n", NULL, &fl);

	expect_where(&fl, "1:1:warning");
	expect_msg(&fl, 0, "byte-order mark");
	ck_assert_uint_eq(zf->nrecs, 1);
	/* byte columns: the owner starts after the three BOM bytes */
	ck_assert_uint_eq(zf->recs[0].line, 1);
	ck_assert_uint_eq(zf->recs[0].column, 4);
	ck_assert_str_eq(zf->recs[0].owner, "example.com");
	ck_assert_uint_eq(zf->recs[0].ttl, 60);
	ck_assert_ptr_nonnull(zf->recs[0].rr);
	done(zf, &fl);

	/* only at the start of the file */
	zf = scan("a.example. TXT \"\xEF\xBB\xBF\"\n", NULL, &fl);
	expect_where(&fl, "");
	done(zf, &fl);
}
END_TEST

START_TEST(test_unterminated_quote)
{
	struct dnsauth_findings fl;
	struct dnsauth_zfile *zf = scan("a.example. IN TXT \"abc\n"
					"b.example. IN A 192.0.2.1\n",
					NULL, &fl);

	expect_where(&fl, "1:19:error");
	expect_msg(&fl, 0, "unterminated quoted string");
	ck_assert_uint_eq(zf->nrecs, 2);
	ck_assert_ptr_null(zf->recs[0].rr);
	ck_assert_ptr_null(zf->recs[0].value);
	ck_assert_uint_eq(zf->recs[0].type, LDNS_RR_TYPE_TXT);
	ck_assert_str_eq(zf->recs[0].owner, "a.example");
	ck_assert_uint_eq(zf->recs[0].nrdata, 1);
	ck_assert_str_eq(zf->recs[0].rdata[0].text, "\"abc");
	ck_assert(zf->recs[0].rdata[0].quoted);
	ck_assert_uint_eq(zf->recs[0].rdata[0].line, 1);
	ck_assert_uint_eq(zf->recs[0].rdata[0].column, 19);
	/* the record ends with the line: the next one is read as usual */
	ck_assert_uint_eq(zf->recs[1].line, 2);
	ck_assert_ptr_nonnull(zf->recs[1].rr);
	done(zf, &fl);
}
END_TEST

START_TEST(test_quote_spans_lines)
{
	struct dnsauth_findings fl;
	struct dnsauth_zfile *zf = scan("a.example. IN TXT ( \"ab\n"
					"cd\" )\n"
					"b.example. IN A 192.0.2.1\n",
					NULL, &fl);

	expect_where(&fl, "1:21:error");
	expect_msg(&fl, 0, "quoted string spans a line break; ldns would join the "
			   "lines with a space");
	ck_assert_uint_eq(zf->nrecs, 2);
	ck_assert_ptr_null(zf->recs[0].rr);
	ck_assert_str_eq(zf->recs[0].rdata[0].text, "\"ab\ncd\"");
	ck_assert_uint_eq(zf->recs[1].line, 3);
	ck_assert_str_eq(zf->recs[1].owner, "b.example");
	ck_assert_ptr_nonnull(zf->recs[1].rr);
	done(zf, &fl);

	/* never closed: the string and the parenthesis run to the end */
	zf = scan("a.example. IN TXT ( \"ab\ncd )\n", NULL, &fl);
	expect_where(&fl, "1:21:error 1:19:error");
	expect_msg(&fl, 0, "unterminated quoted string");
	expect_msg(&fl, 1, "unbalanced '('");
	ck_assert_uint_eq(zf->nrecs, 1);
	ck_assert_ptr_null(zf->recs[0].rr);
	done(zf, &fl);

	/* an escaped quote does not close the string */
	zf = scan("a.example. TXT \"ab\\\"\n", NULL, &fl);
	expect_where(&fl, "1:16:error");
	done(zf, &fl);
}
END_TEST

START_TEST(test_parentheses)
{
	struct dnsauth_findings fl;
	struct dnsauth_zfile *zf = scan("a.example. IN A 192.0.2.1 )\n", NULL, &fl);

	expect_where(&fl, "1:27:error");
	expect_msg(&fl, 0, "unbalanced ')'");
	ck_assert_uint_eq(zf->nrecs, 1);
	ck_assert_ptr_null(zf->recs[0].rr);
	done(zf, &fl);

	/* an unclosed '(' takes the rest of the file into its record */
	zf = scan("a.example. IN A ( 192.0.2.1\nb.example. IN A 192.0.2.2\n", NULL, &fl);
	expect_where(&fl, "1:17:error");
	expect_msg(&fl, 0, "unbalanced '('");
	ck_assert_uint_eq(zf->nrecs, 1);
	ck_assert_ptr_null(zf->recs[0].rr);
	ck_assert_uint_eq(zf->recs[0].nrdata, 5);
	done(zf, &fl);

	/* the outermost '(' is the one reported */
	zf = scan("a.example. TXT (\n ( \"x\" )\n", NULL, &fl);
	expect_where(&fl, "1:16:error");
	done(zf, &fl);

	/* escaped or quoted parentheses are text */
	zf = scan("a.example. TXT \\( \")\" ;)\n", NULL, &fl);
	expect_where(&fl, "");
	ck_assert_ptr_nonnull(zf->recs[0].value);
	ck_assert_str_eq(zf->recs[0].value, "()");
	done(zf, &fl);
}
END_TEST

START_TEST(test_multiline_soa)
{
	struct dnsauth_findings fl;
	struct dnsauth_zfile *zf = scan("$ORIGIN example.com.\n"
					"@ 3600 IN SOA ns1 hostmaster ( ; dnsauth: ignore zone-soa\n"
					"        2024010101 ; serial\n"
					"        7200 3600 1209600 300 )\n"
					"www A 192.0.2.1\n",
					NULL, &fl);
	const struct dnsauth_zrec *r;

	expect_where(&fl, "");
	ck_assert_uint_eq(zf->nrecs, 2);
	r = &zf->recs[0];
	ck_assert_uint_eq(r->line, 2);
	ck_assert_uint_eq(r->column, 1);
	ck_assert_str_eq(r->owner, "example.com");
	ck_assert_str_eq(r->owner_tok.text, "@");
	ck_assert_uint_eq(r->type, LDNS_RR_TYPE_SOA);
	ck_assert_uint_eq(r->nrdata, 7);
	ck_assert_str_eq(r->rdata[2].text, "2024010101");
	ck_assert_uint_eq(r->rdata[2].line, 3);
	ck_assert_uint_eq(r->rdata[2].column, 9);
	ck_assert_uint_eq(r->rdata[6].line, 4);
	ck_assert_uint_eq(r->rdata[6].column, 27);
	expect_rdf(r, 0, "ns1.example.com.");
	expect_rdf(r, 1, "hostmaster.example.com.");
	expect_rdf(r, 2, "2024010101");
	ck_assert_uint_eq(r->nignore, 1);
	ck_assert_str_eq(r->ignore[0], "zone-soa");
	ck_assert_uint_eq(zf->recs[1].line, 5);
	ck_assert_str_eq(zf->recs[1].owner, "www.example.com");
	ck_assert_uint_eq(zf->recs[1].nignore, 0);
	done(zf, &fl);
}
END_TEST

START_TEST(test_nul)
{
	static const char text[] = "a.example. A 192.0.2.1\n"
				   "b.example. TXT \"x\0y\"\n"
				   "\0\0\0\n";
	struct dnsauth_zscan_opts o = { NULL, true, 0 };
	struct dnsauth_findings fl;
	struct dnsauth_zfile *zf;

	dnsauth_findings_init(&fl);
	zf = scan_o("t.zone", text, sizeof(text) - 1, &o, &fl);
	/* one finding per line */
	expect_where(&fl, "2:18:error 3:1:error");
	expect_msg(&fl, 0, "NUL byte");
	ck_assert_uint_eq(zf->nrecs, 2);
	ck_assert_ptr_nonnull(zf->recs[0].rr);
	ck_assert_ptr_null(zf->recs[1].rr);
	ck_assert_ptr_null(zf->recs[1].value);
	done(zf, &fl);
}
END_TEST

START_TEST(test_relative_owner)
{
	struct dnsauth_findings fl;
	struct dnsauth_zfile *zf = scan("www A 192.0.2.1\n"
					"\tAAAA 2001:db8::1\n"
					"@ A 192.0.2.2\n",
					NULL, &fl);

	expect_where(&fl, "1:1:error 3:1:error");
	expect_msg(&fl, 0, "'www'");
	expect_msg(&fl, 0, "--origin or $ORIGIN");
	expect_msg(&fl, 1, "'@'");
	ck_assert_uint_eq(zf->nrecs, 3);
	ck_assert_ptr_null(zf->recs[0].owner);
	ck_assert_str_eq(zf->recs[0].owner_tok.text, "www");
	ck_assert_ptr_null(zf->recs[0].rr);
	ck_assert_ptr_null(zf->origin);
	ck_assert_ptr_null(zf->recs[0].origin);
	/* the inherited owner is just as unknown (the finding is above) */
	ck_assert_ptr_null(zf->recs[1].owner);
	ck_assert_ptr_null(zf->recs[1].owner_tok.text);
	ck_assert_uint_eq(zf->recs[1].column, 2);
	ck_assert_ptr_null(zf->recs[1].rr);
	ck_assert_ptr_null(zf->recs[2].owner);
	done(zf, &fl);

	/* the first record cannot inherit */
	zf = scan("  A 192.0.2.1\n", ORG, &fl);
	expect_where(&fl, "1:3:error");
	expect_msg(&fl, 0, "no owner");
	ck_assert_ptr_null(zf->recs[0].owner);
	ck_assert_ptr_null(zf->recs[0].rr);
	done(zf, &fl);
}
END_TEST

START_TEST(test_relative_rdata)
{
	static const char hip[] =
		"example.com. HIP 2 200100107B1A74DF365639CC39F1D578 "
		"AwEAAbdxyhNuSutc5EMzxTs9LBPCIkOFH8cIvM4p9+LrV4e19WzK00+CI6zBCQTd"
		"tWsuxKbWIy87UOoJTwkUs7lBu+Upr1gsNrut79ryra+bSRGQb1slImA8YVJyuIDs"
		"j7kwzG7jnERNqnWxZ48AWkskmdHaVDP4BcelrTI3rMXdXF5D rvs.example. rvs2";
	struct dnsauth_findings fl;
	struct dnsauth_buf b;
	struct dnsauth_zfile *zf = scan("example.com. MX 10 mail\n"
					"example.com. SOA ns1 host 1 2 3 4 5\n"
					"example.com. SRV 0 5 25 @\n"
					"example.com. TXT mail\n"
					"example.com. CNAME other.example.\n"
					"example.com. NS .\n",
					NULL, &fl);
	char *want;

	expect_where(&fl, "1:20:error 2:18:error 2:22:error 3:25:error");
	expect_msg(&fl, 0, "relative name 'mail' in the RDATA");
	expect_msg(&fl, 0, "--origin or $ORIGIN");
	expect_msg(&fl, 3, "'@'");
	ck_assert_uint_eq(zf->nrecs, 6);
	ck_assert_str_eq(zf->recs[0].owner, "example.com");
	ck_assert_ptr_null(zf->recs[0].rr);
	ck_assert_ptr_null(zf->recs[1].rr);
	ck_assert_ptr_null(zf->recs[2].rr);
	/* TXT data is no name; absolute names are fine */
	ck_assert_ptr_nonnull(zf->recs[3].rr);
	ck_assert_ptr_nonnull(zf->recs[4].rr);
	ck_assert_ptr_nonnull(zf->recs[5].rr);
	done(zf, &fl);

	/* HIP: the first field takes three tokens, then names */
	zf = scan(hip, NULL, &fl);
	dnsauth_buf_init(&b, 0);
	dnsauth_buf_printf(&b, "1:%u:error", col_of(hip, "rvs2"));
	want = dnsauth_buf_steal(&b);
	expect_where(&fl, want);
	free(want);
	done(zf, &fl);

	/* with an origin the same records parse */
	zf = scan("example.com. MX 10 mail\nexample.com. SRV 0 5 25 @\n", ORG, &fl);
	expect_where(&fl, "");
	expect_rdf(&zf->recs[0], 1, "mail.example.com.");
	expect_rdf(&zf->recs[1], 3, "example.com.");
	done(zf, &fl);
}
END_TEST

START_TEST(test_types_and_classes)
{
	struct dnsauth_findings fl;
	struct dnsauth_zfile *zf = scan("a.example. IN FOO bar\n"
					"a.example. 300 IN\n"
					"a.example. CH A 192.0.2.1\n"
					"a.example. CLASS1 A 192.0.2.1\n"
					"a.example. TYPE1 192.0.2.1\n"
					"a.example. TYPE65536 x\n"
					"a.example. IN IN A 192.0.2.1\n",
					NULL, &fl);

	expect_where(&fl, "1:15:error 2:1:error 3:12:error 6:12:error 7:15:error");
	expect_msg(&fl, 0, "unknown record type 'FOO'");
	expect_msg(&fl, 1, "no type");
	expect_msg(&fl, 2, "class 'CH'");
	ck_assert_uint_eq(zf->nrecs, 7);
	ck_assert_uint_eq(zf->recs[0].type, 0);
	ck_assert_ptr_null(zf->recs[0].rr);
	ck_assert_uint_eq(zf->recs[0].nrdata, 1);
	ck_assert_ptr_null(zf->recs[1].rr);
	ck_assert_uint_eq(zf->recs[2].type, LDNS_RR_TYPE_A);
	ck_assert_ptr_null(zf->recs[2].rr);
	ck_assert_ptr_nonnull(zf->recs[3].rr);
	ck_assert_ptr_nonnull(zf->recs[4].rr);
	ck_assert_uint_eq(zf->recs[4].type, LDNS_RR_TYPE_A);
	ck_assert_uint_eq(zf->recs[5].type, 0);
	done(zf, &fl);
}
END_TEST

START_TEST(test_ldns_failures)
{
	struct dnsauth_findings fl;
	struct dnsauth_buf b;
	struct dnsauth_zfile *zf;
	char *text;

	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, "a.example. A 1.2.3\n"
			     "a.example. A 192.0.2.1 192.0.2.2\n"
			     "a.example. MX 10 mail.example. extra\n"
			     "a.example. A\n"
			     "a.example. MX x mail.example.\n"
			     "a.example. TXT \"ok\" \"");
	for (int i = 0; i < 300; i++)
		dnsauth_buf_putc(&b, 'x');
	dnsauth_buf_puts(&b, "\"\n"
			     "a.example. TXT \"\\300\"\n"
			     "a.example. NS a..example.\n");
	text = dnsauth_buf_steal(&b);
	zf = scan(text, NULL, &fl);
	free(text);
	expect_where(&fl, "1:14:error 2:24:error 3:32:error 4:12:error 5:15:error "
			  "6:21:error 7:16:error 8:15:error");
	expect_msg(&fl, 0, "ldns cannot parse the A record");
	expect_msg(&fl, 1, "superfluous");
	expect_msg(&fl, 5, "longer than 255");
	expect_msg(&fl, 6, "above \\255");
	ck_assert_uint_eq(zf->nrecs, 8);
	for (size_t i = 0; i < zf->nrecs; i++) {
		ck_assert_ptr_null(zf->recs[i].rr);
		ck_assert_ptr_null(zf->recs[i].value);
	}
	done(zf, &fl);
}
END_TEST

START_TEST(test_word_quirks)
{
	struct dnsauth_findings fl;
	struct dnsauth_zfile *zf = scan("q.example. TXT abc\"def\"\n", NULL, &fl);

	/* taken literally, as BIND and ldns do, with a warning */
	expect_where(&fl, "1:19:warning");
	ck_assert_ptr_nonnull(zf->recs[0].rr);
	ck_assert_str_eq(zf->recs[0].value, "abc\"def\"");
	done(zf, &fl);

	zf = scan("q.example. TXT a\\\nb\n", NULL, &fl);
	expect_where(&fl, "1:17:error");
	expect_msg(&fl, 0, "escapes the line break");
	ck_assert_uint_eq(zf->nrecs, 1);
	ck_assert_ptr_null(zf->recs[0].rr);
	done(zf, &fl);

	zf = scan("q.example. TXT a\\", NULL, &fl);
	expect_where(&fl, "1:17:error");
	expect_msg(&fl, 0, "end of the file");
	done(zf, &fl);

	/* generic RDATA ldns refuses: blamed on the "\#", long hex or not */
	zf = scan("g.example. TXT \\# 3 0161\n"
		  "g.example. TXT \\# 1 "
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
		  NULL, &fl);
	expect_where(&fl, "1:16:error 2:16:error");
	expect_msg(&fl, 0, "ldns cannot parse the TXT record");
	expect_msg(&fl, 1, "ldns cannot parse the TXT record");
	done(zf, &fl);

	/* CR LF line ends */
	zf = scan("c.example. TXT \"x\"\r\nd.example. A 192.0.2.1\r\n", NULL, &fl);
	expect_where(&fl, "");
	ck_assert_uint_eq(zf->nrecs, 2);
	ck_assert_str_eq(zf->recs[0].value, "x");
	ck_assert_ptr_nonnull(zf->recs[1].rr);
	done(zf, &fl);
}
END_TEST

START_TEST(test_quoted_tokens)
{
	struct dnsauth_findings fl;
	struct dnsauth_zfile *zf;

	/* a token quoted in a message: a backslash as written (the text
	 * printer shows it once), a control byte as its escape, a long token
	 * cut after 48 bytes */
	zf = scan("w.example. TX\\T \"x\"\n"
		  "w.example. A\x01 192.0.2.1\n"
		  "w.example. CNAME a\\.b\n"
		  "w.example. AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		  " 192.0.2.1\n",
		  NULL, &fl);
	expect_where(&fl, "1:12:error 2:12:error 3:18:error 4:12:error");
	ck_assert_str_eq(fl.v[0].message, "unknown record type 'TX\\T'");
	ck_assert_str_eq(fl.v[1].message, "unknown record type 'A\\x01'");
	ck_assert_str_eq(fl.v[2].message, "relative name 'a\\.b' in the RDATA and no "
			 "origin known: give --origin or $ORIGIN");
	ck_assert_str_eq(fl.v[3].message, "unknown record type "
			 "'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA...'");
	done(zf, &fl);
}
END_TEST

/* ---------------------------------------------------------- numbers */

/* A numeric field ldns would read as another number, or refuse: the
 * record (under "prev A" at line 1), the column of the field and the
 * whole message. */
static const struct {
	const char *text;
	unsigned col;
	const char *msg;
} number_cases[] = {
#define RANGE16 "is out of range (0 to 65535): ldns would read it as "
#define NOT16 "is not a decimal number from 0 to 65535: ldns would read it as "
#define BIND ", and BIND does not load the zone"
#define REFUSED "; ldns cannot parse the record"
#define TIME "is not a time value (0 to 4294967295 seconds, or with units as in " \
	     "1h30m): ldns would read it as "
	{ "m.example. MX 65536 mail.example.", 15,
	  "MX preference '65536' " RANGE16 "0" BIND },
	{ "m.example. MX 70000 mail.example.", 15,
	  "MX preference '70000' " RANGE16 "4464" BIND },
	{ "m.example. MX 4294967306 mail.example.", 15,
	  "MX preference '4294967306' " RANGE16 "10" BIND },
	{ "m.example. MX 99999999999999999999 mail.example.", 15,
	  "MX preference '99999999999999999999' " RANGE16 "65535" BIND },
	{ "m.example. MX -1 mail.example.", 15, "MX preference '-1' " NOT16 "65535" BIND },
	{ "m.example. MX -0 mail.example.", 15, "MX preference '-0' " NOT16 "0" BIND },
	{ "m.example. MX +10 mail.example.", 15, "MX preference '+10' " NOT16 "10" BIND },
	{ "m.example. 60 IN MX 10abc mail.example.", 21,
	  "MX preference '10abc' is not a decimal number from 0 to 65535" REFUSED },
	{ "m.example. MX 0x10 mail.example.", 15,
	  "MX preference '0x10' is not a decimal number from 0 to 65535" REFUSED },
	{ "_sip._tcp.example. SRV 65536 0 5060 sip.example.", 24,
	  "SRV priority '65536' " RANGE16 "0" BIND },
	{ "_sip._tcp.example. SRV 10 -2 5060 sip.example.", 27,
	  "SRV weight '-2' " NOT16 "65534" BIND },
	{ "_sip._tcp.example. SRV 10 0 65538 sip.example.", 29,
	  "SRV port '65538' " RANGE16 "2" BIND },
	{ "_sip._tcp.example. SRV 10 0 +443 sip.example.", 29,
	  "SRV port '+443' " NOT16 "443" BIND },
	{ "example. SOA ns.example. host.example. 4294967296 1 2 3 4", 40,
	  "SOA serial '4294967296' is out of range (0 to 4294967295): ldns would read "
	  "it as 0" BIND },
	{ "example. SOA ns.example. host.example. -1 1 2 3 4", 40,
	  "SOA serial '-1' is not a decimal number from 0 to 4294967295: ldns would "
	  "read it as 4294967295" BIND },
	{ "example. SOA ns.example. host.example. 18446744073709551616 1 2 3 4", 40,
	  "SOA serial '18446744073709551616' is out of range (0 to 4294967295)" REFUSED },
	{ "example. SOA ns.example. host.example. 2024010100x 1 2 3 4", 40,
	  "SOA serial '2024010100x' is not a decimal number from 0 to 4294967295"
	  REFUSED },
	{ "example. SOA ns.example. host.example. 1 4294967296 2 3 4", 42,
	  "SOA refresh '4294967296' is out of range (0 to 4294967295 seconds): ldns "
	  "would read it as 0" BIND },
	{ "example. SOA ns.example. host.example. 1 2 1-1 3 4", 44,
	  "SOA retry '1-1' " TIME "11" BIND },
	{ "example. SOA ns.example. host.example. 1 2 3 7102w 4", 46,
	  "SOA expire '7102w' is out of range (0 to 4294967295 seconds): ldns would "
	  "read it as 322304" BIND },
	{ "example. SOA ns.example. host.example. 1 2 3 4 h", 48,
	  "SOA minimum 'h' " TIME "0" BIND },
	{ "example. SOA ns.example. host.example. 1 2 3 4 1.5", 48,
	  "SOA minimum '1.5' is not a time value (0 to 4294967295 seconds, or with "
	  "units as in 1h30m)" REFUSED },
	{ "_25._tcp.m.example. TLSA 256 1 1 abcd", 26,
	  "TLSA certificate usage '256' is out of range (0 to 255): ldns would read it "
	  "as 0" BIND },
	{ "_25._tcp.m.example. TLSA 3 -1 1 abcd", 28,
	  "TLSA selector '-1' is not a decimal number from 0 to 255: ldns would read "
	  "it as 255" BIND },
	{ "_25._tcp.m.example. TLSA 3 1 258 abcd", 30,
	  "TLSA matching type '258' is out of range (0 to 255): ldns would read it as 2"
	  BIND },
	{ "example. CAA 256 issue \"ca.example.net\"", 14,
	  "CAA flags '256' is out of range (0 to 255): ldns would read it as 0" BIND },
	{ "example. CAA -1 issue \"ca.example.net\"", 14,
	  "CAA flags '-1' is not a decimal number from 0 to 255: ldns would read it as "
	  "255" BIND },
	{ "example. CAA 128x issue \"ca.example.net\"", 14,
	  "CAA flags '128x' is not a decimal number from 0 to 255" REFUSED },
	{ "t.example. 4294967296 TXT \"x\"", 12,
	  "TTL '4294967296' is out of range (0 to 4294967295 seconds): ldns would read "
	  "it as 0" BIND },
	{ "t.example. 1x TXT \"x\"", 12, "TTL '1x' " TIME "1" BIND },
	{ "t.example. -1 TXT \"x\"", 12,
	  "TTL '-1' is not a time value (0 to 4294967295 seconds, or with units as in "
	  "1h30m)" REFUSED },
	{ "t.example. IN +300 TXT \"x\"", 15,
	  "TTL '+300' is not a time value (0 to 4294967295 seconds, or with units as "
	  "in 1h30m)" REFUSED },
#undef RANGE16
#undef NOT16
#undef BIND
#undef REFUSED
#undef TIME
};

START_TEST(test_numbers)
{
	struct dnsauth_findings fl;
	struct dnsauth_zfile *zf;
	struct dnsauth_buf b;
	char *text, want[32];

	dnsauth_buf_init(&b, 0);
	dnsauth_buf_printf(&b, "prev.example. A 192.0.2.1\n%s\n", number_cases[_i].text);
	text = dnsauth_buf_steal(&b);
	zf = scan(text, NULL, &fl);
	free(text);
	snprintf(want, sizeof(want), "2:%u:error", number_cases[_i].col);
	expect_where(&fl, want);
	ck_assert_str_eq(fl.v[0].message, number_cases[_i].msg);
	/* the record is kept, but not as ldns would read it */
	ck_assert_uint_eq(zf->nrecs, 2);
	ck_assert_ptr_nonnull(zf->recs[0].rr);
	ck_assert_ptr_null(zf->recs[1].rr);
	done(zf, &fl);
}
END_TEST

START_TEST(test_numbers_positions)
{
	struct dnsauth_findings fl;
	struct dnsauth_zfile *zf;

	/* a finding per field, where it was written across lines */
	zf = scan("$ORIGIN example.com.\n"
		  "@ SOA ns host (\n"
		  "\t4294967296 ; serial\n"
		  "\t1h -1 7102w\n"
		  "\ts )\n"
		  "_sip._tcp SRV -1 65536 +5060 sip\n"
		  "$TTL 4294967296\n"
		  "$TTL +60\n",
		  NULL, &fl);
	expect_where(&fl, "3:2:error 4:5:error 4:8:error 5:2:error 6:15:error 6:18:error "
			  "6:24:error 7:6:error 8:6:error");
	expect_msg(&fl, 0, "SOA serial '4294967296'");
	expect_msg(&fl, 1, "SOA retry '-1'");
	expect_msg(&fl, 2, "SOA expire '7102w'");
	expect_msg(&fl, 3, "SOA minimum 's'");
	expect_msg(&fl, 4, "SRV priority '-1'");
	expect_msg(&fl, 5, "SRV weight '65536'");
	expect_msg(&fl, 6, "SRV port '+5060'");
	ck_assert_str_eq(fl.v[7].message, "$TTL '4294967296' is out of range (0 to "
			 "4294967295 seconds): ldns would read it as 0, and BIND does not "
			 "load the zone");
	ck_assert_str_eq(fl.v[8].message, "$TTL '+60' is not a time value (0 to "
			 "4294967295 seconds, or with units as in 1h30m): ldns would read "
			 "it as 60, and BIND does not load the zone");
	ck_assert_uint_eq(zf->nrecs, 2);
	ck_assert_ptr_null(zf->recs[0].rr);
	ck_assert_ptr_null(zf->recs[1].rr);
	done(zf, &fl);

	/* a $TTL ldns would misread is not taken: the previous one stays */
	zf = scan("$TTL 300\n$TTL 4294967296\na.example. A 192.0.2.1\n", NULL, &fl);
	expect_where(&fl, "2:6:error");
	ck_assert_uint_eq(zf->recs[0].ttl, 300);
	ck_assert_ptr_nonnull(zf->recs[0].rr);
	done(zf, &fl);
}
END_TEST

START_TEST(test_numbers_valid)
{
	static const char *const ok[] = {
		"m.example. MX 0 mail.example.",
		"m.example. MX 65535 mail.example.",
		"m.example. MX 010 mail.example.",
		"m.example. MX 00000000000000000000000010 mail.example.",
		"_s._tcp.example. SRV 65535 65535 65535 s.example.",
		"example. SOA ns.example. h.example. 4294967295 1h30m 1H 1W2D 10s",
		"example. SOA ns.example. h.example. 0 1h30 4294967295 3s4 0",
		"_25._tcp.m.example. TLSA 255 255 255 abcd",
		"_25._tcp.m.example. TLSA DANE-EE SPKI SHA2-256 abcd",
		"_25._tcp.m.example. TLSA dane-ta cert full abcd",
		"example. CAA 0128 issue \"ca.example.net\"",
		"example. TYPE15 \\# 3 000a00",
		"t.example. 4294967295 TXT \"x\"",
	};
	struct dnsauth_findings fl;
	struct dnsauth_zfile *zf;
	size_t i;

	for (i = 0; i < NELEM(ok); i++) {
		zf = scan(ok[i], NULL, &fl);
		ck_assert_msg(fl.n == 0 || (i == NELEM(ok) - 1 && fl.n == 1 &&
					    fl.v[0].severity == DNSAUTH_SEV_WARNING),
			      "\"%s\": %s", ok[i], fl.n ? fl.v[0].message : "");
		ck_assert_msg(zf->nrecs == 1 && zf->recs[0].rr, "\"%s\" did not parse", ok[i]);
		done(zf, &fl);
	}
	zf = scan("m.example. MX 010 mail.example.\n"
		  "example. CAA 0128 issue \"ca.example.net\"\n", NULL, &fl);
	expect_rdf(&zf->recs[0], 0, "10");
	expect_rdf(&zf->recs[1], 0, "128");
	done(zf, &fl);
}
END_TEST

/* ------------------------------------------------ directives, owners */

START_TEST(test_origin_ttl_inherit)
{
	struct dnsauth_findings fl;
	struct dnsauth_zfile *zf = scan("$ORIGIN Example.COM.\n"
					"$TTL 1h\n"
					"@ IN A 192.0.2.1\n"
					"www 300 IN A 192.0.2.2\n"
					"    IN AAAA 2001:db8::2\n"
					"$ORIGIN sub\n"
					"mx MX 10 mail\n"
					"abs.example.net. A 192.0.2.3\n"
					"$TTL 2d\n"
					"x IN 60 TXT \"a\"\n"
					"y TXT \"b\"\n"
					"z 1h30m TXT \"c\"\n",
					NULL, &fl);
	const struct dnsauth_zrec *r = zf->recs;

	expect_where(&fl, "6:9:warning");
	expect_msg(&fl, 0, "sub.example.com.");
	ck_assert_ptr_null(zf->origin);
	ck_assert(!zf->origin_inferred);
	ck_assert_uint_eq(zf->nrecs, 8);
	ck_assert_str_eq(r[0].owner, "example.com");
	ck_assert_str_eq(r[0].origin, "example.com.");
	ck_assert_uint_eq(r[0].ttl, 3600);
	ck_assert_str_eq(r[1].owner, "www.example.com");
	ck_assert_uint_eq(r[1].ttl, 300);
	ck_assert_str_eq(r[2].owner, "www.example.com");
	ck_assert_ptr_null(r[2].owner_tok.text);
	ck_assert_uint_eq(r[2].line, 5);
	ck_assert_uint_eq(r[2].column, 5);
	ck_assert_uint_eq(r[2].ttl, 3600);
	ck_assert_ptr_nonnull(r[2].rr);
	ck_assert_str_eq(r[3].owner, "mx.sub.example.com");
	ck_assert_str_eq(r[3].origin, "sub.example.com.");
	expect_rdf(&r[3], 1, "mail.sub.example.com.");
	ck_assert_str_eq(r[4].owner, "abs.example.net");
	ck_assert_uint_eq(r[5].ttl, 60);
	ck_assert_uint_eq(r[6].ttl, 172800);
	ck_assert_uint_eq(r[7].ttl, 5400);
	for (size_t i = 0; i < zf->nrecs; i++)
		ck_assert_msg(r[i].rr != NULL, "record %zu did not parse", i);
	ck_assert_uint_eq(ldns_rr_ttl(r[6].rr), 172800);
	done(zf, &fl);
}
END_TEST

START_TEST(test_ttl_defaults)
{
	struct dnsauth_zscan_opts o = { "example.org", true, 600 };
	struct dnsauth_findings fl;
	struct dnsauth_zfile *zf;
	const char *text = "a A 192.0.2.1\nb 120 A 192.0.2.2\nc A 192.0.2.3\n"
			   "d 1x A 192.0.2.4\ne 99999999999 A 192.0.2.5\n"
			   "f 3000000000 A 192.0.2.6\n";

	/* default_ttl, then the previous record's TTL */
	dnsauth_findings_init(&fl);
	zf = scan_o("t.zone", text, strlen(text), &o, &fl);
	expect_where(&fl, "4:3:error 5:3:error 6:3:warning");
	expect_msg(&fl, 0, "TTL '1x' is not a time value (0 to 4294967295 seconds, or "
		     "with units as in 1h30m): ldns would read it as 1, and BIND does "
		     "not load the zone");
	expect_msg(&fl, 1, "TTL '99999999999' is out of range (0 to 4294967295 "
		     "seconds): ldns would read it as 1215752191");
	expect_msg(&fl, 2, "TTL 3000000000 is above 2147483647: ldns keeps it, but "
		     "RFC 2181 §8 says to treat it as 0");
	ck_assert_str_eq(zf->origin, "example.org.");
	ck_assert_uint_eq(zf->recs[0].ttl, 600);
	ck_assert_uint_eq(zf->recs[1].ttl, 120);
	ck_assert_uint_eq(zf->recs[2].ttl, 120);
	ck_assert_uint_eq(zf->recs[3].ttl, 120);
	ck_assert_ptr_null(zf->recs[3].rr);
	ck_assert_ptr_null(zf->recs[4].rr);
	ck_assert_uint_eq(zf->recs[5].ttl, 3000000000u);
	done(zf, &fl);

	/* no options at all: 3600 */
	dnsauth_findings_init(&fl);
	zf = scan_o("t.zone", "a. A 192.0.2.1\n", 15, NULL, &fl);
	ck_assert_uint_eq(zf->recs[0].ttl, 3600);
	ck_assert_ptr_nonnull(zf->recs[0].rr);
	done(zf, &fl);
}
END_TEST

START_TEST(test_ttl_units)
{
	static const char *const ttls[] = {
		"0", "1", "3600", "1h", "1H30m", "2d", "1w", "1h30", "4294967295",
		"1w2d3h4m5s", "2147483647", "00000000000000000000000000000000000000"
		"00000000000000000000000000000000000000000000000000000000000001",
	};
	struct dnsauth_findings fl;
	struct dnsauth_buf b;
	struct dnsauth_zfile *zf;
	const char *end;
	char *text;
	size_t i;

	dnsauth_buf_init(&b, 0);
	for (i = 0; i < NELEM(ttls); i++)
		dnsauth_buf_printf(&b, "a.example. %s A 192.0.2.1\n", ttls[i]);
	dnsauth_buf_puts(&b, "a.example. 1h1x A 192.0.2.1\n"
			     "a.example. 1hh A 192.0.2.1\n"
			     "a.example. 4294967296 A 192.0.2.1\n"
			     "a.example. 4294967295s1 A 192.0.2.1\n");
	text = dnsauth_buf_steal(&b);
	zf = scan(text, NULL, &fl);
	free(text);
	ck_assert_uint_eq(zf->nrecs, NELEM(ttls) + 4);
	for (i = 0; i < NELEM(ttls); i++) {
		ck_assert_msg(zf->recs[i].ttl == ldns_str2period(ttls[i], &end),
			      "TTL %s: %u", ttls[i], zf->recs[i].ttl);
		ck_assert_ptr_nonnull(zf->recs[i].rr);
	}
	/* 4294967295 is taken, with a warning (RFC 2181 §8) */
	expect_where(&fl, "9:12:warning 13:12:error 14:12:error 15:12:error 16:12:error");
	expect_msg(&fl, 1, "TTL '1h1x' is not a time value");
	expect_msg(&fl, 1, "ldns would read it as 3601");
	expect_msg(&fl, 2, "TTL '1hh' is not a time value");
	expect_msg(&fl, 2, "ldns would read it as 3600");
	expect_msg(&fl, 3, "TTL '4294967296' is out of range");
	expect_msg(&fl, 3, "ldns would read it as 0,");
	expect_msg(&fl, 4, "TTL '4294967295s1' is out of range");
	expect_msg(&fl, 4, "ldns would read it as 0,");
	done(zf, &fl);
}
END_TEST

START_TEST(test_directives)
{
	struct dnsauth_findings fl;
	struct dnsauth_zfile *zf = scan("$INCLUDE other.zone\n"
					"$GENERATE 1-3 h$ A 192.0.2.$\n"
					"$FOO bar\n"
					"$ttl 300\n"
					"$TTL\n"
					"$TTL abc\n"
					"$ORIGIN a b\n"
					"$ORIGIN a..b.\n"
					"$ORIGIN rel\n"
					"a.example. A 192.0.2.1\n",
					NULL, &fl);

	expect_where(&fl, "1:1:info 2:1:info 3:1:error 4:1:warning 5:1:error "
			  "6:6:error 7:1:error 8:9:error 9:9:error");
	expect_msg(&fl, 0, "$INCLUDE other.zone was not followed; lint that file "
			   "on its own");
	expect_msg(&fl, 1, "not expanded");
	expect_msg(&fl, 2, "unknown directive '$FOO'");
	expect_msg(&fl, 3, "upper case");
	expect_msg(&fl, 7, "Empty label");
	expect_msg(&fl, 8, "relative $ORIGIN 'rel'");
	ck_assert_uint_eq(zf->nrecs, 1);
	ck_assert_uint_eq(zf->recs[0].ttl, 300);
	ck_assert_ptr_null(zf->recs[0].origin);
	done(zf, &fl);
}
END_TEST

START_TEST(test_origin_sources)
{
	struct dnsauth_zscan_opts o = { 0 };
	struct dnsauth_findings fl;
	struct dnsauth_zfile *zf = NULL;
	const char *text = "www A 192.0.2.1\n";
	char err[256];

	/* from the file name */
	dnsauth_findings_init(&fl);
	zf = scan_o("zones/db.Example.NET", text, strlen(text), &o, &fl);
	ck_assert_str_eq(zf->path, "zones/db.Example.NET");
	ck_assert_str_eq(zf->origin, "example.net.");
	ck_assert(zf->origin_inferred);
	ck_assert_str_eq(zf->recs[0].owner, "www.example.net");
	ck_assert_ptr_nonnull(zf->recs[0].rr);
	done(zf, &fl);

	/* not when told so */
	o.no_infer = true;
	dnsauth_findings_init(&fl);
	zf = scan_o("example.net.zone", text, strlen(text), &o, &fl);
	ck_assert_ptr_null(zf->origin);
	ck_assert_uint_eq(fl.n, 1);
	done(zf, &fl);

	/* --origin wins over the name; the trailing dot is optional */
	o.origin = "Example.ORG";
	dnsauth_findings_init(&fl);
	zf = scan_o("example.net.zone", text, strlen(text), &o, &fl);
	ck_assert_str_eq(zf->origin, "example.org.");
	ck_assert(!zf->origin_inferred);
	ck_assert_str_eq(zf->recs[0].owner, "www.example.org");
	done(zf, &fl);

	/* the root */
	o.origin = ".";
	dnsauth_findings_init(&fl);
	zf = scan_o("x", text, strlen(text), &o, &fl);
	ck_assert_str_eq(zf->origin, ".");
	ck_assert_str_eq(zf->recs[0].owner, "www");
	done(zf, &fl);

	/* a bad --origin is a usage error */
	o.origin = "a..b";
	dnsauth_findings_init(&fl);
	ck_assert_int_eq(dnsauth_zscan_buf("x", text, strlen(text), &o, &zf, &fl),
			 DNSAUTH_EINVAL);
	ck_assert_ptr_null(zf);
	o.origin = "";
	ck_assert_int_eq(dnsauth_zscan_buf("x", text, strlen(text), &o, &zf, &fl),
			 DNSAUTH_EINVAL);
	ck_assert_int_eq(dnsauth_zscan_file("/nonexistent/x", &o, &zf, &fl, err,
					    sizeof(err)),
			 DNSAUTH_EIO);
	dnsauth_findings_clear(&fl);

	/* no path: nothing inferred, findings without a file */
	dnsauth_findings_init(&fl);
	zf = scan_o(NULL, text, strlen(text), NULL, &fl);
	ck_assert_ptr_null(zf->path);
	ck_assert_ptr_null(zf->origin);
	ck_assert_uint_eq(fl.n, 1);
	ck_assert_ptr_null(fl.v[0].file);
	ck_assert_uint_eq(fl.v[0].line, 1);
	done(zf, &fl);
}
END_TEST

START_TEST(test_owner_forms)
{
	struct dnsauth_findings fl;
	struct dnsauth_zfile *zf = scan("WWW.Example.COM. A 192.0.2.1\n"
					". NS a.root-servers.net.\n"
					"*.wild A 192.0.2.2\n"
					"a\\.b A 192.0.2.3\n"
					"a\\046 A 192.0.2.4\n"
					"x..y A 192.0.2.5\n"
					"\"q\" A 192.0.2.6\n",
					ORG, &fl);

	expect_where(&fl, "6:1:error 7:1:error");
	expect_msg(&fl, 0, "invalid owner name 'x..y'");
	expect_msg(&fl, 1, "quoted owner");
	ck_assert_str_eq(zf->recs[0].owner, "www.example.com");
	ck_assert_str_eq(zf->recs[0].owner_tok.text, "WWW.Example.COM.");
	ck_assert_str_eq(zf->recs[1].owner, "");
	ck_assert_str_eq(zf->recs[2].owner, "*.wild.example.com");
	ck_assert_str_eq(zf->recs[3].owner, "a\\.b.example.com");
	/* an escaped dot does not make a name absolute */
	ck_assert_str_eq(zf->recs[4].owner, "a\\..example.com");
	ck_assert_ptr_null(zf->recs[5].owner);
	ck_assert_ptr_null(zf->recs[6].owner);
	for (size_t i = 0; i < 5; i++)
		ck_assert_ptr_nonnull(zf->recs[i].rr);
	done(zf, &fl);
}
END_TEST

/* ------------------------------------------------- values, positions */

START_TEST(test_value_escapes)
{
	struct dnsauth_findings fl;
	struct dnsauth_zfile *zf = scan("t.example. TXT \"a\\\"b\" \"\\065BC\" c\\ d\n",
					NULL, &fl);
	const struct dnsauth_zrec *r = &zf->recs[0];
	unsigned l, c;

	expect_where(&fl, "");
	ck_assert_ptr_nonnull(r->rr);
	ck_assert_uint_eq(r->value_len, 9);
	ck_assert(memcmp(r->value, "a\"bABCc d", 9) == 0);
	ck_assert_uint_eq(r->value[9], '\0');
	expect_pos(r, 0, 1, 17);
	expect_pos(r, 1, 1, 18); /* \" maps to its backslash */
	expect_pos(r, 2, 1, 20);
	expect_pos(r, 3, 1, 24); /* \065 */
	expect_pos(r, 4, 1, 28);
	expect_pos(r, 5, 1, 29);
	expect_pos(r, 6, 1, 32);
	expect_pos(r, 7, 1, 33); /* "\ " */
	expect_pos(r, 8, 1, 35);
	ck_assert_int_eq(dnsauth_zrec_value_pos(r, 9, &l, &c), -1);
	ck_assert_int_eq(dnsauth_zrec_value_pos(r, SIZE_MAX, &l, &c), -1);
	done(zf, &fl);
}
END_TEST

START_TEST(test_value_multiline)
{
	struct dnsauth_findings fl;
	struct dnsauth_zfile *zf = scan("u.example. TXT ( \"v=spf1 \"\n"
					"\t\"-all\" )\n"
					"s.example. TYPE99 \"v=spf1 -all\"\n"
					"s.example. SPF \"v=spf1\" \" ~all\"\n"
					"w.example. TXT abc def\n"
					"g.example. TXT \\# 4 03616263\n"
					"e.example. TXT \"\"\n"
					"a.example. A 192.0.2.1\n",
					NULL, &fl);
	const struct dnsauth_zrec *r = zf->recs;
	unsigned l, c;

	expect_where(&fl, "");
	ck_assert_uint_eq(zf->nrecs, 7);
	ck_assert_str_eq(r[0].value, "v=spf1 -all");
	ck_assert_uint_eq(r[0].value_len, 11);
	expect_pos(&r[0], 0, 1, 19);
	expect_pos(&r[0], 6, 1, 25);
	expect_pos(&r[0], 7, 2, 3); /* a tab is one column */
	expect_pos(&r[0], 10, 2, 6);
	ck_assert_uint_eq(r[1].type, 99);
	ck_assert_str_eq(r[1].value, "v=spf1 -all");
	ck_assert_uint_eq(r[2].type, LDNS_RR_TYPE_SPF);
	ck_assert_str_eq(r[2].value, "v=spf1 ~all");
	ck_assert_str_eq(r[3].value, "abcdef");
	expect_pos(&r[3], 3, 5, 20);
	/* generic RDATA: the hex digits of the byte */
	ck_assert_str_eq(r[4].value, "abc");
	expect_pos(&r[4], 0, 6, 23);
	expect_pos(&r[4], 2, 6, 27);
	/* empty string: a value of length 0 */
	ck_assert_ptr_nonnull(r[5].value);
	ck_assert_uint_eq(r[5].value_len, 0);
	ck_assert_int_eq(dnsauth_zrec_value_pos(&r[5], 0, &l, &c), -1);
	/* other types have none */
	ck_assert_ptr_null(r[6].value);
	ck_assert_int_eq(dnsauth_zrec_value_pos(&r[6], 0, &l, &c), -1);
	ck_assert_int_eq(dnsauth_zrec_value_pos(NULL, 0, &l, &c), -1);
	done(zf, &fl);
}
END_TEST

/* The value of a TXT record parsed directly (lib/zfast) is the one the
 * scanner decodes from the tokens when ldns parses the record. */
START_TEST(test_value_fast_same)
{
	static const char text[] =
		"a.example. TXT \"v=spf1 -all\"\n"
		"b.example. TXT \"a\\\"b\" \"\\065\\066C\\255\" c\\ d \"\"\n"
		"c.example. SPF \"x\\;y\" \"(z)\"\n"
		"d.example. TXT \"\\000\\t\\\\\"\n"
		"e.example. TXT \"\xe2\x80\x9c\" plain\n";
	struct dnsauth_zfast_stats st = { 0, 0 };
	struct dnsauth_findings fl, fl2;
	struct dnsauth_zfile *zf, *zf2;
	size_t i;

	dnsauth_zfast_debug(true, &st);
	zf = scan(text, NULL, &fl);
	dnsauth_zfast_debug(false, NULL);
	zf2 = scan(text, NULL, &fl2);
	dnsauth_zfast_debug(true, NULL);
	ck_assert_uint_eq(st.handled, 5);
	ck_assert_uint_eq(zf->nrecs, 5);
	ck_assert_uint_eq(zf2->nrecs, 5);
	expect_where(&fl, "");
	expect_where(&fl2, "");
	for (i = 0; i < zf->nrecs; i++) {
		const struct dnsauth_zrec *r = &zf->recs[i], *r2 = &zf2->recs[i];

		ck_assert_ptr_nonnull(r->value);
		ck_assert_ptr_nonnull(r2->value);
		ck_assert_uint_eq(r->value_len, r2->value_len);
		ck_assert(memcmp(r->value, r2->value, r->value_len) == 0);
		ck_assert_uint_eq(r->value[r->value_len], '\0');
	}
	ck_assert_uint_eq(zf->recs[1].value_len, 10);
	ck_assert(memcmp(zf->recs[1].value, "a\"bABC\377c d", 10) == 0);
	ck_assert_uint_eq(zf->recs[3].value_len, 3);
	ck_assert(memcmp(zf->recs[3].value, "\0t\\", 3) == 0);
	done(zf, &fl);
	done(zf2, &fl2);
}
END_TEST

/* ---------------------------------------------------- ignore comments */

START_TEST(test_ignore_comments)
{
	static const struct {
		const char *want;  /* ids joined with '|' */
	} want[] = {
		{ "zone-x" }, { "r-1|r-2" }, { "r-1|r-2|r-3" }, { "" },
		{ "in-parens|second" }, { "" }, { "" }, { "" }, { "a" }, { "" },
		{ "spf-x" },
	};
	struct dnsauth_findings fl;
	struct dnsauth_zfile *zf = scan(
		"a.example. A 192.0.2.1 ; dnsauth: ignore zone-x\n"
		"b.example. A 192.0.2.1 ; dnsauth: ignore r-1, r-2\n"
		"c.example. A 192.0.2.1 ;; DNSAUTH: Ignore r-1 r-2,r-3\n"
		"; dnsauth: ignore not-me\n"
		"d.example. A 192.0.2.1\n"
		"e.example. TXT ( \"x\" ; dnsauth: ignore in-parens\n"
		"   \"y\" ) ; dnsauth: ignore second\n"
		"f.example. A 192.0.2.1 ; dnsauth ignore no\n"
		"g.example. A 192.0.2.1 ; note dnsauth: ignore no\n"
		"h.example. A 192.0.2.1 ; dnsauth: ignorex\n"
		"i.example. A 192.0.2.1 ; dnsauth: ignore a, a\n"
		"j.example. TXT \"; dnsauth: ignore in-quotes\"\n"
		"k.example. TXT \"v=spf1\" ;dnsauth:ignore spf-x (legacy)\n",
		NULL, &fl);
	size_t i, k;

	expect_where(&fl, "");
	ck_assert_uint_eq(zf->nrecs, NELEM(want));
	for (i = 0; i < zf->nrecs; i++) {
		struct dnsauth_buf b;

		dnsauth_buf_init(&b, 0);
		dnsauth_buf_puts(&b, "");
		for (k = 0; k < zf->recs[i].nignore; k++)
			dnsauth_buf_printf(&b, "%s%s", k ? "|" : "", zf->recs[i].ignore[k]);
		ck_assert_msg(strcmp(dnsauth_buf_str(&b), want[i].want) == 0,
			      "record %zu: want \"%s\", got \"%s\"", i, want[i].want,
			      dnsauth_buf_str(&b));
		dnsauth_buf_free(&b);
	}
	ck_assert_str_eq(zf->recs[9].value, "; dnsauth: ignore in-quotes");
	done(zf, &fl);
}
END_TEST

/* ---------------------------------------------------- origin inference */

static const struct {
	const char *path;
	const char *want; /* NULL: none */
} infer_cases[] = {
	{ "example.com.zone", "example.com." },
	{ "example.com.db", "example.com." },
	{ "db.example.com", "example.com." },
	{ "example.com", "example.com." },
	{ "example.com.", "example.com." },
	{ "/etc/bind/zones/Example.COM.zone", "example.com." },
	{ "zones.d/example.net", "example.net." },
	{ "sub.example.co.uk.ZONE", "sub.example.co.uk." },
	{ "1.168.192.in-addr.arpa.zone", "1.168.192.in-addr.arpa." },
	{ "_dmarc.example.org", "_dmarc.example.org." },
	{ "db.example.com.zone", "example.com." },
	{ "mail-1.example.com.db", "mail-1.example.com." },
	{ "zone", NULL },
	{ "db", NULL },
	{ "hosts.txt", NULL },
	{ "named.conf", NULL },
	{ "example.com.zone.bak", NULL },
	{ "example.com.signed", NULL },
	{ "db.192.168.1", NULL },
	{ "example", NULL },
	{ "example.zone", NULL },
	{ "db.com", NULL },
	{ "", NULL },
	{ "zones/", NULL },
	{ ".zone", NULL },
	{ "a..b.com", NULL },
	{ "-a.example.com", NULL },
	{ "example.c0m", NULL },
	{ "example.x", NULL },
	{ "ex ample.com", NULL },
	{ "README.md", NULL },
	{ "example.com/", NULL },
};

START_TEST(test_infer_origin)
{
	char buf[300];
	int rc;

	memset(buf, 'z', sizeof(buf));
	rc = dnsauth_zscan_infer_origin(infer_cases[_i].path, buf, sizeof(buf));
	if (!infer_cases[_i].want) {
		ck_assert_msg(rc == -1, "\"%s\": want none, got \"%s\"",
			      infer_cases[_i].path, buf);
		return;
	}
	ck_assert_msg(rc == 0, "\"%s\": want \"%s\", got none", infer_cases[_i].path,
		      infer_cases[_i].want);
	ck_assert_str_eq(buf, infer_cases[_i].want);
}
END_TEST

START_TEST(test_infer_origin_limits)
{
	char buf[13];
	char big[400];

	/* "example.com." needs 13 bytes with its NUL */
	ck_assert_int_eq(dnsauth_zscan_infer_origin("example.com", buf, 12), -1);
	ck_assert_int_eq(dnsauth_zscan_infer_origin("example.com", buf, 13), 0);
	ck_assert_str_eq(buf, "example.com.");
	ck_assert_int_eq(dnsauth_zscan_infer_origin(NULL, buf, sizeof(buf)), -1);
	memset(big, 'a', sizeof(big) - 5);
	memcpy(big + sizeof(big) - 5, ".com", 5);
	ck_assert_int_eq(dnsauth_zscan_infer_origin(big, buf, sizeof(buf)), -1);
}
END_TEST

/* ------------------------------------------------------ parse table */

static const struct {
	const char *text;
	const char *owner;
	uint16_t type;
	size_t rdcount;
	const char *last_rdf; /* text of the last field, NULL: not checked */
} parse_cases[] = {
	{ "@ 300 IN A 192.0.2.1", "example.com", LDNS_RR_TYPE_A, 1, "192.0.2.1" },
	{ "www IN AAAA 2001:db8::1", "www.example.com", LDNS_RR_TYPE_AAAA, 1,
	  "2001:db8::1" },
	{ "@ MX 10 mail", "example.com", LDNS_RR_TYPE_MX, 2, "mail.example.com." },
	{ "alias 60 CNAME www", "alias.example.com", LDNS_RR_TYPE_CNAME, 1,
	  "www.example.com." },
	{ "txt TXT \"v=spf1 \" \"-all\" x", "txt.example.com", LDNS_RR_TYPE_TXT, 3,
	  "\"x\"" },
	{ "_25._tcp.mail TLSA 3 1 1 "
	  "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	  "_25._tcp.mail.example.com", LDNS_RR_TYPE_TLSA, 4, NULL },
	{ "@ CAA 0 issue \"ca.example.net\"", "example.com", LDNS_RR_TYPE_CAA, 3,
	  "\"ca.example.net\"" },
	{ "_sip._tcp SRV 10 60 5060 sip", "_sip._tcp.example.com", LDNS_RR_TYPE_SRV, 4,
	  "sip.example.com." },
	{ "sub NS ns1.sub", "sub.example.com", LDNS_RR_TYPE_NS, 1,
	  "ns1.sub.example.com." },
	{ "1.2.0.192.in-addr.arpa. PTR host", "1.2.0.192.in-addr.arpa",
	  LDNS_RR_TYPE_PTR, 1, "host.example.com." },
	{ "spf SPF \"v=spf1 -all\"", "spf.example.com", 99, 1, NULL },
	{ "spf2 TYPE99 \"v=spf1 -all\"", "spf2.example.com", 99, 1, NULL },
	{ "IN 60 A 192.0.2.9", NULL, LDNS_RR_TYPE_A, 1, NULL },
	{ "_dmarc TXT ( \"v=DMARC1; p=none\" )", "_dmarc.example.com",
	  LDNS_RR_TYPE_TXT, 1, NULL },
	{ "k._domainkey 3600 IN TXT \"v=DKIM1; k=rsa; \" \"p=MIIB\"",
	  "k._domainkey.example.com", LDNS_RR_TYPE_TXT, 2, NULL },
	{ "@ DS 12345 13 2 ( 0123456789ABCDEF0123456789ABCDEF\n"
	  " 0123456789ABCDEF0123456789ABCDEF )", "example.com", LDNS_RR_TYPE_DS, 4,
	  NULL },
};

START_TEST(test_parse_table)
{
	struct dnsauth_findings fl;
	struct dnsauth_zfile *zf;
	const struct dnsauth_zrec *r;
	struct dnsauth_buf b;
	char *text;

	/* a record before, so that a blank-leading one inherits its owner */
	dnsauth_buf_init(&b, 0);
	dnsauth_buf_printf(&b, "prev A 192.0.2.250\n%s%s\n",
			   parse_cases[_i].owner ? "" : "    ", parse_cases[_i].text);
	text = dnsauth_buf_steal(&b);
	zf = scan(text, ORG, &fl);
	ck_assert_msg(fl.n == 0, "\"%s\": %s", parse_cases[_i].text,
		      fl.n ? fl.v[0].message : "");
	ck_assert_uint_eq(zf->nrecs, 2);
	r = &zf->recs[1];
	ck_assert_str_eq(r->owner, parse_cases[_i].owner ? parse_cases[_i].owner
							 : "prev.example.com");
	ck_assert_uint_eq(r->type, parse_cases[_i].type);
	ck_assert_ptr_nonnull(r->rr);
	ck_assert_uint_eq(ldns_rr_get_type(r->rr), parse_cases[_i].type);
	ck_assert_uint_eq(ldns_rr_get_class(r->rr), LDNS_RR_CLASS_IN);
	ck_assert_uint_eq(ldns_rr_ttl(r->rr), r->ttl);
	ck_assert_uint_eq(ldns_rr_rd_count(r->rr), parse_cases[_i].rdcount);
	if (parse_cases[_i].last_rdf)
		expect_rdf(r, parse_cases[_i].rdcount - 1, parse_cases[_i].last_rdf);
	ck_assert_str_eq(r->origin, ORG);
	ck_assert_uint_eq(r->line, 2);
	if (r->type == LDNS_RR_TYPE_TXT || r->type == 99)
		ck_assert_ptr_nonnull(r->value);
	else
		ck_assert_ptr_null(r->value);
	free(text);
	done(zf, &fl);
}
END_TEST

/* ----------------------------------------------------------- files */

START_TEST(test_scan_file)
{
	char dir[] = "/tmp/check_zscan.XXXXXX";
	char path[512], err[512];
	struct dnsauth_findings fl;
	struct dnsauth_zfile *zf = NULL;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/example.com.zone", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("@ MX 10 mail\nmail A 192.0.2.1\n", f);
	fclose(f);

	dnsauth_findings_init(&fl);
	ck_assert_int_eq(dnsauth_zscan_file(path, NULL, &zf, &fl, err, sizeof(err)), 0);
	ck_assert_str_eq(zf->path, path);
	ck_assert_str_eq(zf->origin, "example.com.");
	ck_assert(zf->origin_inferred);
	ck_assert_uint_eq(zf->nrecs, 2);
	ck_assert_str_eq(zf->recs[1].owner, "mail.example.com");
	ck_assert_uint_eq(fl.n, 0);
	dnsauth_zfile_free(zf);

	/* a directory is refused */
	zf = (struct dnsauth_zfile *)1;
	ck_assert_int_eq(dnsauth_zscan_file(dir, NULL, &zf, &fl, err, sizeof(err)),
			 DNSAUTH_EIO);
	ck_assert_ptr_null(zf);
	ck_assert_msg(strstr(err, "directory") && strstr(err, dir), "err \"%s\"", err);

	unlink(path);
	ck_assert_int_eq(dnsauth_zscan_file(path, NULL, &zf, &fl, err, sizeof(err)),
			 DNSAUTH_EIO);
	ck_assert_msg(strstr(err, path) != NULL, "err \"%s\"", err);
	/* err may be left out */
	ck_assert_int_eq(dnsauth_zscan_file(path, NULL, &zf, &fl, NULL, 0), DNSAUTH_EIO);
	rmdir(dir);
	dnsauth_findings_clear(&fl);
	dnsauth_zfile_free(NULL);
}
END_TEST

/* ---------------------------------------------------------- hostile */

START_TEST(test_token_limit)
{
	struct dnsauth_findings fl;
	struct dnsauth_buf b;
	struct dnsauth_zfile *zf;
	char *text;
	size_t i;

	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, "a.example. TXT");
	for (i = 0; i < DNSAUTH_ZSCAN_TOKENS_MAX + 1000; i++)
		dnsauth_buf_puts(&b, " x");
	dnsauth_buf_puts(&b, "\nb.example. A 192.0.2.1\n");
	text = dnsauth_buf_steal(&b);
	zf = scan(text, NULL, &fl);
	expect_where(&fl, "1:1:error");
	expect_msg(&fl, 0, "more than 65536 tokens");
	ck_assert_uint_eq(zf->nrecs, 2);
	ck_assert_uint_eq(zf->recs[0].nrdata, DNSAUTH_ZSCAN_TOKENS_MAX - 2);
	ck_assert_ptr_null(zf->recs[0].rr);
	ck_assert_ptr_nonnull(zf->recs[1].rr);
	free(text);
	done(zf, &fl);

	/* many tokens under the limit: ldns refuses the RDATA size */
	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, "a.example. TXT");
	for (i = 0; i < 40000; i++)
		dnsauth_buf_puts(&b, " xy");
	text = dnsauth_buf_steal(&b);
	zf = scan(text, NULL, &fl);
	ck_assert_uint_eq(zf->nrecs, 1);
	ck_assert_uint_eq(zf->recs[0].nrdata, 40000);
	free(text);
	done(zf, &fl);
}
END_TEST

static const char *const broken[] = {
	"", "\n", "(", ")", "\"", "\\", "$", "$ORIGIN", "$TTL", "@", ";", "((((", "))))",
	"(\n\"abc\n;", "\"\\", "a.example. TXT \"", "a.example. TXT (", "\t", " (",
	"$ORIGIN .", "$ORIGIN \\", "x\\", "@ TXT \"\\", "\xEF\xBB", "\xEF\xBB\xBF",
	"a. TXT \\# 1", "a. TXT \\# 3 0161", "a. A \\#", "a. TYPE65535 \\# 0",
	"a. 1 IN", "a. IN 1", "a. IN 1 IN 1", "a. 4294967295 A 192.0.2.1",
	"a. TXT \"\\999\"", "a. TXT \"\\", "a. TXT \\0", "a. CNAME \\.", "a. HIP 2",
	"\"\" A 1.2.3.4", "a. SOA ( . . 1 2 3 4 5 ) )", ") a. A 192.0.2.1",
};

START_TEST(test_broken_snippets)
{
	struct dnsauth_findings fl;
	struct dnsauth_zfile *zf;
	size_t i;

	/* each alone, with and without an origin, and with a line end */
	for (i = 0; i < NELEM(broken); i++) {
		struct dnsauth_buf b;
		char *text;

		zf = scan(broken[i], NULL, &fl);
		done(zf, &fl);
		zf = scan(broken[i], ORG, &fl);
		done(zf, &fl);
		dnsauth_buf_init(&b, 0);
		dnsauth_buf_printf(&b, "%s\nok.example. A 192.0.2.1\n", broken[i]);
		text = dnsauth_buf_steal(&b);
		zf = scan(text, ORG, &fl);
		free(text);
		done(zf, &fl);
	}
}
END_TEST

/* xorshift32: the same junk on every run */
static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Every record of a scan is consistent: positions set, value positions
 * all mappable. */
static void check_consistent(const struct dnsauth_zfile *zf)
{
	size_t i, k;

	for (i = 0; i < zf->nrecs; i++) {
		const struct dnsauth_zrec *r = &zf->recs[i];

		ck_assert_uint_ge(r->line, 1);
		ck_assert_uint_ge(r->column, 1);
		for (k = 0; k < r->nrdata; k++)
			ck_assert_ptr_nonnull(r->rdata[k].text);
		if (!r->rr)
			ck_assert_ptr_null(r->value);
		for (k = 0; r->value && k < r->value_len; k++) {
			unsigned l = 0, c = 0;

			ck_assert_int_eq(dnsauth_zrec_value_pos(r, k, &l, &c), 0);
			ck_assert_uint_ge(l, r->line);
			ck_assert_uint_ge(c, 1);
		}
	}
}

START_TEST(test_binary_junk)
{
	static const char zonish[] = "\"\\;()\n \t$@.0aA\r\0xTXT9";
	struct dnsauth_zscan_opts o = { ORG, true, 0 };
	uint32_t seed = 0x2545F491u;
	struct dnsauth_findings fl;
	char buf[4096];
	int round;

	for (round = 0; round < 400; round++) {
		size_t n = rnd(&seed) % sizeof(buf), i;
		struct dnsauth_zfile *zf;

		for (i = 0; i < n; i++) {
			uint32_t v = rnd(&seed);

			buf[i] = round % 2 ? (char)(v & 0xff)
					   : zonish[v % (sizeof(zonish) - 1)];
		}
		dnsauth_findings_init(&fl);
		zf = scan_o("t.zone", buf, n, round % 3 ? &o : NULL, &fl);
		check_consistent(zf);
		done(zf, &fl);
	}
}
END_TEST

START_TEST(test_records_that_mutate)
{
	/* valid records with one byte changed: still scanned, still consistent */
	static const char base[] = "$ORIGIN example.com.\n"
				   "@ 3600 IN SOA ns1 host ( 1 2 3 4 5 )\n"
				   "txt TXT \"v=spf1 \" ( \"a\\\"b\\065\" ; c\n x )\n"
				   "  MX 10 mail ; dnsauth: ignore r\n";
	static const char subst[] = "\"\\;()\n \t$@\0";
	struct dnsauth_findings fl;
	char buf[sizeof(base)];
	size_t i, k;

	for (i = 0; i < sizeof(base) - 1; i++) {
		for (k = 0; k < sizeof(subst) - 1; k++) {
			struct dnsauth_zfile *zf;

			memcpy(buf, base, sizeof(base));
			buf[i] = subst[k];
			dnsauth_findings_init(&fl);
			zf = scan_o("t.zone", buf, sizeof(base) - 1, NULL, &fl);
			check_consistent(zf);
			done(zf, &fl);
		}
	}
}
END_TEST

START_TEST(test_large_inputs)
{
	size_t n = 4u * 1024u * 1024u, i;
	char *big = malloc(n);
	struct dnsauth_findings fl;
	struct dnsauth_zfile *zf;

	ck_assert_ptr_nonnull(big);
	/* one line of 4 MiB */
	memset(big, 'a', n);
	dnsauth_findings_init(&fl);
	zf = scan_o("t.zone", big, n, NULL, &fl);
	ck_assert_uint_eq(zf->nrecs, 1);
	done(zf, &fl);
	/* 4 Mi opening parentheses: one finding */
	memset(big, '(', n);
	dnsauth_findings_init(&fl);
	zf = scan_o("t.zone", big, n, NULL, &fl);
	ck_assert_uint_eq(fl.n, 1);
	ck_assert_uint_eq(zf->nrecs, 0);
	done(zf, &fl);
	/* 4 Mi NULs on one line: one finding */
	memset(big, '\0', n);
	dnsauth_findings_init(&fl);
	zf = scan_o("t.zone", big, n, NULL, &fl);
	ck_assert_uint_eq(fl.n, 1);
	done(zf, &fl);
	/* many short lines */
	for (i = 0; i + 4 <= n; i += 4)
		memcpy(big + i, "x\n\n\n", 4);
	dnsauth_findings_init(&fl);
	zf = scan_o("t.zone", big, n, NULL, &fl);
	ck_assert_uint_eq(zf->nrecs, n / 4);
	done(zf, &fl);
	free(big);

	/* over the file bound */
	ck_assert_int_eq(dnsauth_zscan_buf("t.zone", "", (size_t)DNSAUTH_ZSCAN_FILE_MAX + 1,
					   NULL, &zf, NULL),
			 DNSAUTH_ELIMIT);
}
END_TEST


/* The plain-name fast path (lib/dname) the scanner and the DNS layer use
 * instead of ldns's parse and print. */
START_TEST(test_dname_plain)
{
	static const struct {
		const char *in;
		const char *want; /* NULL: not plain */
	} cases[] = {
		{ "Mail.Example.COM.", "mail.example.com" },
		{ "mail.example.com", "mail.example.com" },
		{ "_dmarc.*.ex-ample.test", "_dmarc.*.ex-ample.test" },
		{ "a", "a" },
		{ ".", NULL },
		{ "", NULL },
		{ "a..b", NULL },
		{ ".a", NULL },
		{ "a.b..", NULL },
		{ "x\\046y.test", NULL },
		{ "x y.test", NULL },
		{ "caf\xc3\xa9.test", NULL },
	};
	char in[300], out[300];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long n = dnsauth_dname_plain(cases[i].in, strlen(cases[i].in), out);

		if (!cases[i].want) {
			ck_assert_msg(n == -1, "'%s' taken as plain", cases[i].in);
		} else {
			ck_assert_int_eq(n, (long)strlen(cases[i].want));
			ck_assert_str_eq(out, cases[i].want);
		}
	}
	/* a 63-octet label is plain, a 64-octet one is not */
	memset(in, 'a', 64);
	in[64] = '\0';
	ck_assert_int_eq(dnsauth_dname_plain(in, 63, out), 63);
	ck_assert_int_eq(dnsauth_dname_plain(in, 64, out), -1);
	/* 253 octets without the dot (255 in wire form) is the most */
	for (i = 0; i < 253; i++)
		in[i] = (i % 2) ? '.' : 'a';
	in[252] = 'a';
	in[253] = '.';
	in[254] = '\0';
	ck_assert_int_eq(dnsauth_dname_plain(in, 254, out), 253);
	in[253] = 'a';
	in[254] = '\0';
	ck_assert_int_eq(dnsauth_dname_plain(in, 254, out), -1);
}
END_TEST

/* dnsauth_dname_text_absolute: a final dot, unless it is escaped. */
START_TEST(test_dname_text_absolute)
{
	static const struct {
		const char *in;
		bool abs;
	} cases[] = {
		{ "a.b.", true }, { ".", true }, { "a\\..", true }, { "a\\046.", true },
		{ "a.b", false }, { "", false }, { "a\\.", false }, { "a\\046", false },
		{ "a\\\\.", true }, { "a\\", false }, { "a\\1", false },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(dnsauth_dname_text_absolute(cases[i].in, strlen(cases[i].in)) ==
			      cases[i].abs, "'%s'", cases[i].in);
	/* only n octets count */
	ck_assert(!dnsauth_dname_text_absolute("a.b.", 3));
}
END_TEST

static Suite *zscan_suite(void)
{
	Suite *s = suite_create("zscan");
	TCase *det = tcase_create("detections");
	TCase *dir = tcase_create("directives");
	TCase *val = tcase_create("values");
	TCase *inf = tcase_create("infer");
	TCase *parse = tcase_create("parse");
	TCase *hostile = tcase_create("hostile");

	tcase_add_test(det, test_bom);
	tcase_add_test(det, test_unterminated_quote);
	tcase_add_test(det, test_quote_spans_lines);
	tcase_add_test(det, test_parentheses);
	tcase_add_test(det, test_multiline_soa);
	tcase_add_test(det, test_nul);
	tcase_add_test(det, test_relative_owner);
	tcase_add_test(det, test_relative_rdata);
	tcase_add_test(det, test_types_and_classes);
	tcase_add_test(det, test_ldns_failures);
	tcase_add_test(det, test_word_quirks);
	tcase_add_test(det, test_quoted_tokens);
	tcase_add_loop_test(det, test_numbers, 0, (int)NELEM(number_cases));
	tcase_add_test(det, test_numbers_positions);
	tcase_add_test(det, test_numbers_valid);
	suite_add_tcase(s, det);

	tcase_add_test(dir, test_origin_ttl_inherit);
	tcase_add_test(dir, test_ttl_defaults);
	tcase_add_test(dir, test_ttl_units);
	tcase_add_test(dir, test_directives);
	tcase_add_test(dir, test_origin_sources);
	tcase_add_test(dir, test_owner_forms);
	tcase_add_test(dir, test_scan_file);
	suite_add_tcase(s, dir);

	tcase_add_test(val, test_value_escapes);
	tcase_add_test(val, test_value_multiline);
	tcase_add_test(val, test_value_fast_same);
	tcase_add_test(val, test_ignore_comments);
	suite_add_tcase(s, val);

	tcase_add_loop_test(inf, test_infer_origin, 0, (int)NELEM(infer_cases));
	tcase_add_test(inf, test_infer_origin_limits);
	suite_add_tcase(s, inf);

	tcase_add_loop_test(parse, test_parse_table, 0, (int)NELEM(parse_cases));
	suite_add_tcase(s, parse);

	tcase_set_timeout(hostile, 120);
	tcase_add_test(hostile, test_token_limit);
	tcase_add_test(hostile, test_broken_snippets);
	tcase_add_test(hostile, test_binary_junk);
	tcase_add_test(hostile, test_records_that_mutate);
	tcase_add_test(hostile, test_large_inputs);
	tcase_add_test(val, test_dname_plain);
	tcase_add_test(val, test_dname_text_absolute);
	suite_add_tcase(s, hostile);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(zscan_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
