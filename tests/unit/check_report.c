/* SPDX-License-Identifier: MIT */
/*
 * check_report.c - unit tests of findings (lib/finding.h) and their
 * text and JSON reports (lib/report.h): exact text with and without
 * details, caret placement and windowing, the file form, filtering,
 * colour, terminal safety, exact JSON, the summary line and the
 * DNSAUTH_FINDINGS_MAX cap.
 *
 * Catalogue text (title, impact, reference, codes) is taken from
 * dnsauth_rule_get(), never spelled out here.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "finding.h"
#include "json.h"
#include "report.h"
#include "rules.h"

#define SYNTAX DNSAUTH_R_SPF_SYNTAX_ERROR
#define PTR DNSAUTH_R_SPF_PTR_USED
#define RR99 DNSAUTH_R_SPF_RRTYPE_99
#define MONITOR DNSAUTH_R_DMARC_MONITORING_ONLY

#define RED "\033[1;31m"
#define YELLOW "\033[1;33m"
#define CYAN "\033[1;36m"
#define DIM "\033[2m"
#define OFF "\033[0m"

static struct dnsauth_findings fl;
static struct dnsauth_report_opts opts;

static void setup(void)
{
	dnsauth_findings_init(&fl);
	dnsauth_report_opts_init(&opts);
}

static void teardown(void)
{
	dnsauth_findings_clear(&fl);
}

/* ----------------------------------------------------------- helpers */

static char *steal(struct dnsauth_buf *b)
{
	char *s = dnsauth_buf_steal(b);

	ck_assert_ptr_nonnull(s);
	return s;
}

/* The text report of fl under opts. */
static char *text(void)
{
	struct dnsauth_buf b;

	dnsauth_buf_init(&b, 0);
	ck_assert_int_eq(dnsauth_report_text(&b, &fl, &opts), 0);
	return steal(&b);
}

static void expect_text(const char *want)
{
	char *got = text();

	ck_assert_msg(strcmp(got, want) == 0, "want\n[%s]\ngot\n[%s]", want, got);
	free(got);
}

/* The "receivers:" and "reference:" lines of rule r. */
static void put_tail(struct dnsauth_buf *b, enum dnsauth_rule_id rule, bool color)
{
	const struct dnsauth_rule *r = dnsauth_rule_get(rule);

	ck_assert_ptr_nonnull(r);
	if (*r->impact)
		dnsauth_buf_printf(b, "    %sreceivers:%s %s\n", color ? DIM : "",
				   color ? OFF : "", r->impact);
	if (*r->reference)
		dnsauth_buf_printf(b, "    %sreference:%s %s\n", color ? DIM : "",
				   color ? OFF : "", r->reference);
}

/* n spaces */
static void put_spaces(struct dnsauth_buf *b, size_t n)
{
	while (n--)
		dnsauth_buf_putc(b, ' ');
}

/* An independent JSON string literal for catalogue text (valid UTF-8). */
static void put_jstr(struct dnsauth_buf *b, const char *s)
{
	if (!s) {
		dnsauth_buf_puts(b, "null");
		return;
	}
	dnsauth_buf_putc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			dnsauth_buf_printf(b, "\\%c", c);
		else if (c == '\n')
			dnsauth_buf_puts(b, "\\n");
		else if (c < 0x20 || c == 0x7f)
			dnsauth_buf_printf(b, "\\u%04x", c);
		else
			dnsauth_buf_putc(b, (char)c);
	}
	dnsauth_buf_putc(b, '"');
}

/* The "codes" array of rule r at the given indent (pretty form). */
static void put_codes(struct dnsauth_buf *b, const char *codes, int indent)
{
	const char *p = codes, *q;
	bool any = false;

	dnsauth_buf_puts(b, "[");
	while (*p) {
		while (*p == ' ')
			p++;
		for (q = p; *q && *q != ' '; q++)
			;
		if (q > p) {
			dnsauth_buf_printf(b, "%s\n%*s\"%.*s\"", any ? "," : "", indent + 2,
					   "", (int)(q - p), p);
			any = true;
		}
		p = q;
	}
	if (any)
		dnsauth_buf_printf(b, "\n%*s", indent, "");
	dnsauth_buf_puts(b, "]");
}

static int add(enum dnsauth_rule_id rule, enum dnsauth_severity sev, const char *name,
	       const char *record, unsigned column, const char *msg)
{
	return dnsauth_findings_add(&fl, rule, sev, name, record, column, "%s", msg);
}

/* ---------------------------------------------------------- findings */

START_TEST(test_rule_symbols)
{
	const struct dnsauth_rule *r = dnsauth_rule_get(SYNTAX);

	ck_assert_ptr_nonnull(r);
	ck_assert_str_eq(r->id, "spf-syntax-error");
	ck_assert_int_eq(r->rule, SYNTAX);
	ck_assert_str_eq(dnsauth_rule_get(PTR)->id, "spf-ptr-used");
	ck_assert_str_eq(dnsauth_rule_get(RR99)->id, "spf-rrtype-99");
	ck_assert_str_eq(dnsauth_rule_get(MONITOR)->id, "dmarc-monitoring-only");
}
END_TEST

START_TEST(test_add_copies)
{
	char name[] = "example.com", rec[] = "v=spf1 foo -all";
	const struct dnsauth_finding *f;

	ck_assert_int_eq(dnsauth_findings_add(&fl, SYNTAX, DNSAUTH_SEV_WARNING, name, rec,
					      8, "unknown mechanism '%s' (%d)", "foo", 3),
			 0);
	memset(name, 'X', sizeof(name) - 1);
	memset(rec, 'Y', sizeof(rec) - 1);
	ck_assert_uint_eq(fl.n, 1);
	f = &fl.v[0];
	ck_assert_int_eq(f->rule, SYNTAX);
	ck_assert_int_eq(f->severity, DNSAUTH_SEV_WARNING);
	ck_assert_str_eq(f->name, "example.com");
	ck_assert_str_eq(f->record, "v=spf1 foo -all");
	ck_assert_uint_eq(f->column, 8);
	ck_assert_str_eq(f->message, "unknown mechanism 'foo' (3)");
	ck_assert_ptr_null(f->file);
	ck_assert_uint_eq(f->line, 0);

	ck_assert_int_eq(add(PTR, DNSAUTH_SEV_NONE, NULL, NULL, 0, "m"), 0);
	ck_assert_ptr_null(fl.v[1].name);
	ck_assert_ptr_null(fl.v[1].record);
}
END_TEST

START_TEST(test_severity_default)
{
	static const enum dnsauth_rule_id rules[] = { SYNTAX, PTR, RR99, MONITOR };
	size_t i;

	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(add(rules[i], DNSAUTH_SEV_NONE, NULL, NULL, 0, "x"), 0);
		ck_assert_int_eq(fl.v[i].severity, dnsauth_rule_get(rules[i])->severity);
		ck_assert_int_ne(fl.v[i].severity, DNSAUTH_SEV_NONE);
	}
	/* an explicit severity wins over the default */
	ck_assert_int_eq(add(SYNTAX, DNSAUTH_SEV_INFO, NULL, NULL, 0, "x"), 0);
	ck_assert_int_eq(fl.v[4].severity, DNSAUTH_SEV_INFO);
}
END_TEST

START_TEST(test_worst_count_find)
{
	ck_assert_int_eq(dnsauth_findings_worst(&fl), DNSAUTH_SEV_NONE);
	ck_assert_uint_eq(dnsauth_findings_count(&fl, DNSAUTH_SEV_ERROR), 0);
	ck_assert_ptr_null(dnsauth_findings_find(&fl, SYNTAX));

	add(PTR, DNSAUTH_SEV_INFO, NULL, NULL, 0, "a");
	ck_assert_int_eq(dnsauth_findings_worst(&fl), DNSAUTH_SEV_INFO);
	add(RR99, DNSAUTH_SEV_WARNING, NULL, NULL, 0, "b");
	add(PTR, DNSAUTH_SEV_WARNING, NULL, NULL, 0, "c");
	ck_assert_int_eq(dnsauth_findings_worst(&fl), DNSAUTH_SEV_WARNING);
	add(SYNTAX, DNSAUTH_SEV_ERROR, NULL, NULL, 0, "d");
	add(RR99, DNSAUTH_SEV_INFO, NULL, NULL, 0, "e");
	ck_assert_int_eq(dnsauth_findings_worst(&fl), DNSAUTH_SEV_ERROR);

	ck_assert_uint_eq(dnsauth_findings_count(&fl, DNSAUTH_SEV_ERROR), 1);
	ck_assert_uint_eq(dnsauth_findings_count(&fl, DNSAUTH_SEV_WARNING), 2);
	ck_assert_uint_eq(dnsauth_findings_count(&fl, DNSAUTH_SEV_INFO), 2);
	ck_assert_uint_eq(dnsauth_findings_count(&fl, DNSAUTH_SEV_NONE), 0);

	/* find returns the first finding of the rule */
	ck_assert_ptr_eq(dnsauth_findings_find(&fl, PTR), &fl.v[0]);
	ck_assert_str_eq(dnsauth_findings_find(&fl, RR99)->message, "b");
	ck_assert_str_eq(dnsauth_findings_find(&fl, SYNTAX)->message, "d");
	ck_assert_ptr_null(dnsauth_findings_find(&fl, MONITOR));
}
END_TEST

START_TEST(test_locate)
{
	add(SYNTAX, DNSAUTH_SEV_ERROR, NULL, NULL, 3, "a");
	add(SYNTAX, DNSAUTH_SEV_ERROR, NULL, NULL, 4, "b");
	add(SYNTAX, DNSAUTH_SEV_ERROR, NULL, NULL, 5, "c");
	ck_assert_int_eq(dnsauth_findings_locate(&fl, 1, "zone.db", 7), 0);
	ck_assert_ptr_null(fl.v[0].file);
	ck_assert_uint_eq(fl.v[0].line, 0);
	ck_assert_str_eq(fl.v[1].file, "zone.db");
	ck_assert_uint_eq(fl.v[1].line, 7);
	ck_assert_str_eq(fl.v[2].file, "zone.db");
	ck_assert_uint_eq(fl.v[2].line, 7);
	/* columns are left alone */
	ck_assert_uint_eq(fl.v[2].column, 5);
	/* relocating replaces; from past the end does nothing */
	ck_assert_int_eq(dnsauth_findings_locate(&fl, 2, "other.db", 9), 0);
	ck_assert_str_eq(fl.v[1].file, "zone.db");
	ck_assert_str_eq(fl.v[2].file, "other.db");
	ck_assert_uint_eq(fl.v[2].line, 9);
	ck_assert_int_eq(dnsauth_findings_locate(&fl, 3, "x", 1), 0);
	ck_assert_int_eq(dnsauth_findings_locate(&fl, 100, "x", 1), 0);
}
END_TEST

START_TEST(test_clear)
{
	add(SYNTAX, DNSAUTH_SEV_ERROR, "n", "r", 1, "m");
	dnsauth_findings_locate(&fl, 0, "f", 1);
	dnsauth_findings_clear(&fl);
	ck_assert_uint_eq(fl.n, 0);
	ck_assert_uint_eq(fl.dropped, 0);
	ck_assert_ptr_null(fl.v);
	/* usable again */
	ck_assert_int_eq(add(SYNTAX, DNSAUTH_SEV_ERROR, NULL, NULL, 0, "again"), 0);
	ck_assert_uint_eq(fl.n, 1);
}
END_TEST

START_TEST(test_findings_max)
{
	size_t i;

	for (i = 0; i < DNSAUTH_FINDINGS_MAX; i++)
		ck_assert_int_eq(dnsauth_findings_add(&fl, RR99, DNSAUTH_SEV_INFO, NULL,
						      NULL, 0, "%s", ""), 0);
	ck_assert_uint_eq(fl.n, DNSAUTH_FINDINGS_MAX);
	ck_assert_uint_eq(fl.dropped, 0);
	/* one more is counted, not kept, and is not an error */
	ck_assert_int_eq(add(SYNTAX, DNSAUTH_SEV_ERROR, "n", "r", 1, "over"), 0);
	ck_assert_uint_eq(fl.n, DNSAUTH_FINDINGS_MAX);
	ck_assert_uint_eq(fl.dropped, 1);
	ck_assert_ptr_null(dnsauth_findings_find(&fl, SYNTAX));
	ck_assert_int_eq(add(SYNTAX, DNSAUTH_SEV_ERROR, "n", "r", 1, "over"), 0);
	ck_assert_uint_eq(fl.dropped, 2);
	ck_assert_uint_eq(dnsauth_findings_count(&fl, DNSAUTH_SEV_INFO),
			  DNSAUTH_FINDINGS_MAX);

	/* the text report says so, even when everything kept is filtered */
	opts.min_severity = DNSAUTH_SEV_ERROR;
	expect_text("note: 2 further findings were not kept\n");
}
END_TEST

/* ----------------------------------------------------- text: basics */

START_TEST(test_text_empty)
{
	expect_text("");
}
END_TEST

START_TEST(test_text_no_details)
{
	opts.details = false;
	add(SYNTAX, DNSAUTH_SEV_ERROR, "example.com", "v=spf1 foo -all", 8,
	    "unknown mechanism 'foo'");
	add(PTR, DNSAUTH_SEV_WARNING, "example.org", "v=spf1 ptr -all", 8,
	    "ptr is deprecated");
	add(RR99, DNSAUTH_SEV_INFO, NULL, NULL, 0, "type 99 record");
	expect_text("error: spf-syntax-error: example.com: unknown mechanism 'foo'\n"
		    "warning: spf-ptr-used: example.org: ptr is deprecated\n"
		    "info: spf-rrtype-99: type 99 record\n");
}
END_TEST

START_TEST(test_text_details)
{
	struct dnsauth_buf want;
	char *w;

	add(SYNTAX, DNSAUTH_SEV_ERROR, "example.com", "v=spf1 foo -all", 8,
	    "unknown mechanism 'foo'");
	dnsauth_buf_init(&want, 0);
	dnsauth_buf_puts(&want,
			 "error: spf-syntax-error: example.com: unknown mechanism 'foo'\n"
			 "    v=spf1 foo -all\n"
			 "           ^\n");
	put_tail(&want, SYNTAX, false);
	w = steal(&want);
	expect_text(w);
	free(w);
}
END_TEST

START_TEST(test_text_details_two)
{
	struct dnsauth_buf want;
	char *w;

	add(SYNTAX, DNSAUTH_SEV_ERROR, "example.com", "v=spf1 foo -all", 1, "first");
	add(PTR, DNSAUTH_SEV_WARNING, NULL, NULL, 0, "second");
	dnsauth_buf_init(&want, 0);
	dnsauth_buf_puts(&want, "error: spf-syntax-error: example.com: first\n"
				"    v=spf1 foo -all\n"
				"    ^\n");
	put_tail(&want, SYNTAX, false);
	dnsauth_buf_puts(&want, "warning: spf-ptr-used: second\n");
	put_tail(&want, PTR, false);
	w = steal(&want);
	expect_text(w);
	free(w);
}
END_TEST

/* A record without a column: the record line, no caret. */
START_TEST(test_text_no_column)
{
	struct dnsauth_buf want;
	char *w;

	add(SYNTAX, DNSAUTH_SEV_ERROR, "example.com", "v=spf1 foo -all", 0, "m");
	dnsauth_buf_init(&want, 0);
	dnsauth_buf_puts(&want, "error: spf-syntax-error: example.com: m\n"
				"    v=spf1 foo -all\n");
	put_tail(&want, SYNTAX, false);
	w = steal(&want);
	expect_text(w);
	free(w);
}
END_TEST

/* The message is shown safely too. */
START_TEST(test_text_message_escaped)
{
	opts.details = false;
	add(SYNTAX, DNSAUTH_SEV_ERROR, "ex\tample.com", NULL, 0, "bad \"a\\b\"\n");
	expect_text("error: spf-syntax-error: ex\\tample.com: bad \"a\\\\b\"\\n\n");
}
END_TEST

/* ------------------------------------------------------ text: carets */

/* The first two lines of the details of a single finding. */
static void expect_record_lines(const char *record, unsigned column, const char *want)
{
	struct dnsauth_buf exp;
	char *w;

	dnsauth_findings_clear(&fl);
	add(SYNTAX, DNSAUTH_SEV_ERROR, NULL, record, column, "m");
	dnsauth_buf_init(&exp, 0);
	dnsauth_buf_puts(&exp, "error: spf-syntax-error: m\n");
	dnsauth_buf_puts(&exp, want);
	put_tail(&exp, SYNTAX, false);
	w = steal(&exp);
	expect_text(w);
	free(w);
}

/* "    " + n spaces + "^\n", appended to prefix. */
static char *caret_line(const char *record_line, size_t pad, size_t n)
{
	struct dnsauth_buf b;

	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, record_line);
	dnsauth_buf_puts(&b, "    ");
	put_spaces(&b, pad + n);
	dnsauth_buf_puts(&b, "^\n");
	return steal(&b);
}

START_TEST(test_caret_columns)
{
	expect_record_lines("v=spf1 foo -all", 1, "    v=spf1 foo -all\n    ^\n");
	expect_record_lines("v=spf1 foo -all", 15,
			    "    v=spf1 foo -all\n                  ^\n");
	/* one past the end: the caret after the last character */
	expect_record_lines("v=spf1 a", 9, "    v=spf1 a\n            ^\n");
	/* further out: no caret */
	expect_record_lines("v=spf1 a", 10, "    v=spf1 a\n");
	expect_record_lines("v=spf1 a", 1000, "    v=spf1 a\n");
}
END_TEST

START_TEST(test_caret_after_escapes)
{
	/* a TAB b ESC c SP d: 'd' is byte 7, shown after 10 columns */
	expect_record_lines("a\tb\x1b" "c d", 7,
			    "    a\\tb\\x1Bc d\n"
			    "              ^\n");
	/* a bidi override shown as \u{202E} (8 columns) */
	expect_record_lines("x\xe2\x80\xaey", 5,
			    "    x\\u{202E}y\n"
			    "             ^\n");
	/* an invalid byte as \xFF; caret on the byte itself */
	expect_record_lines("ab\xff" "cd", 3,
			    "    ab\\xFFcd\n"
			    "      ^\n");
	expect_record_lines("ab\xff" "cd", 4,
			    "    ab\\xFFcd\n"
			    "          ^\n");
	/* an escaped backslash */
	expect_record_lines("a\\b", 3, "    a\\\\b\n       ^\n");
}
END_TEST

START_TEST(test_caret_after_multibyte)
{
	/* "é x": 'x' is byte 4, one column after "é " */
	expect_record_lines("\xc3\xa9 x", 4, "    \xc3\xa9 x\n      ^\n");
	/* on the multibyte character itself */
	expect_record_lines("a\xc3\xa9" "b", 2, "    a\xc3\xa9" "b\n     ^\n");
	expect_record_lines("a\xc3\xa9" "b", 4, "    a\xc3\xa9" "b\n      ^\n");
	/* "café v=spf1": 'v' is byte 7 */
	expect_record_lines("caf\xc3\xa9 v=spf1", 7,
			    "    caf\xc3\xa9 v=spf1\n"
			    "         ^\n");
}
END_TEST

/* Characters a terminal shows two columns wide (East Asian wide): the
 * caret must move two columns for each to stay under the column. */
START_TEST(test_caret_after_wide_chars)
{
	/* "日本 x": 'x' is byte 8; 日本 take 4 terminal columns, then a space */
	expect_record_lines("\xe6\x97\xa5\xe6\x9c\xac x", 8,
			    "    \xe6\x97\xa5\xe6\x9c\xac x\n"
			    "         ^\n");
	/* so is an emoji (U+1F600) */
	expect_record_lines("\xf0\x9f\x98\x80 x", 6,
			    "    \xf0\x9f\x98\x80 x\n"
			    "       ^\n");
}
END_TEST

/* A record of n characters "0123456789012...". */
static char *digits(size_t n)
{
	char *s = malloc(n + 1);
	size_t i;

	ck_assert_ptr_nonnull(s);
	for (i = 0; i < n; i++)
		s[i] = (char)('0' + i % 10);
	s[n] = '\0';
	return s;
}

static char *line_of(const char *lead, const char *s, size_t from, size_t to,
		     const char *trail)
{
	struct dnsauth_buf b;

	dnsauth_buf_init(&b, 0);
	dnsauth_buf_printf(&b, "    %s%.*s%s\n", lead, (int)(to - from), s + from, trail);
	return steal(&b);
}

START_TEST(test_window_both_sides)
{
	char *rec = digits(200), *l, *w;

	/* column 101: 60 bytes either side of the caret */
	l = line_of("...", rec, 40, 161, "...");
	w = caret_line(l, 3, 60);
	expect_record_lines(rec, 101, w);
	free(l);
	free(w);
	free(rec);
}
END_TEST

START_TEST(test_window_left)
{
	char *rec = digits(130), *l, *w;

	l = line_of("...", rec, 40, 130, "");
	w = caret_line(l, 3, 60);
	expect_record_lines(rec, 101, w);
	free(l);
	free(w);
	free(rec);
}
END_TEST

START_TEST(test_window_right)
{
	char *rec = digits(200), *l, *w;

	l = line_of("", rec, 0, 71, "...");
	w = caret_line(l, 0, 10);
	expect_record_lines(rec, 11, w);
	free(l);
	free(w);
	free(rec);
}
END_TEST

START_TEST(test_window_no_column)
{
	char *rec = digits(200), *l;

	l = line_of("", rec, 0, 120, "...");
	expect_record_lines(rec, 0, l);
	free(l);
	free(rec);

	/* 120 bytes fit without a cut */
	rec = digits(120);
	l = line_of("", rec, 0, 120, "");
	expect_record_lines(rec, 0, l);
	free(l);
	free(rec);
}
END_TEST

START_TEST(test_window_exact_fit)
{
	char *rec = digits(120), *l, *w;

	/* column 61 of 120 bytes: 60 before the caret, the rest fits */
	l = line_of("", rec, 0, 120, "");
	w = caret_line(l, 0, 60);
	expect_record_lines(rec, 61, w);
	free(l);
	free(w);
	free(rec);

	/* 61 bytes after the caret still fit; 62 are cut on the right */
	rec = digits(121);
	l = line_of("", rec, 0, 121, "");
	w = caret_line(l, 0, 60);
	expect_record_lines(rec, 61, w);
	free(l);
	free(w);
	free(rec);
	rec = digits(122);
	l = line_of("", rec, 0, 121, "...");
	w = caret_line(l, 0, 60);
	expect_record_lines(rec, 61, w);
	free(l);
	free(w);

	/* one column further is cut on the left */
	l = line_of("...", rec, 1, 122, "");
	w = caret_line(l, 3, 60);
	expect_record_lines(rec, 62, w);
	free(l);
	free(w);
	free(rec);
}
END_TEST

/* The window never starts or ends inside a UTF-8 character. */
START_TEST(test_window_multibyte_edges)
{
	struct dnsauth_buf b;
	char *rec, *l, *w;
	int i;

	/* 10 x, 30 é (bytes 10..69), 50 y (70..119); caret on byte 71 */
	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, "xxxxxxxxxx");
	for (i = 0; i < 30; i++)
		dnsauth_buf_puts(&b, "\xc3\xa9");
	for (i = 0; i < 50; i++)
		dnsauth_buf_putc(&b, 'y');
	rec = steal(&b);
	ck_assert_uint_eq(strlen(rec), 120);
	/* 71 - 60 = 11 is inside the first é: the window starts at 10 */
	l = line_of("...", rec, 10, 120, "");
	w = caret_line(l, 3, 31);
	expect_record_lines(rec, 72, w);
	free(l);
	free(w);
	free(rec);

	/* 5 a, 100 é (bytes 5..204); caret on byte 0: the window ends at
	 * byte 61, which starts an é */
	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, "aaaaa");
	for (i = 0; i < 100; i++)
		dnsauth_buf_puts(&b, "\xc3\xa9");
	rec = steal(&b);
	l = line_of("", rec, 0, 61, "...");
	w = caret_line(l, 0, 0);
	expect_record_lines(rec, 1, w);
	free(l);
	free(w);
	free(rec);
}
END_TEST

/* Escapes inside the window widen the caret offset. */
START_TEST(test_window_with_escapes)
{
	struct dnsauth_buf b;
	char *rec, *l, *w;
	int i;

	/* 100 digits, then TAB at byte 100, 'X' at 101, then 100 more */
	dnsauth_buf_init(&b, 0);
	for (i = 0; i < 100; i++)
		dnsauth_buf_putc(&b, (char)('0' + i % 10));
	dnsauth_buf_puts(&b, "\tX");
	for (i = 0; i < 100; i++)
		dnsauth_buf_putc(&b, 'z');
	rec = steal(&b);
	/* caret on 'X' (column 102): window bytes 41..162 */
	dnsauth_buf_init(&b, 0);
	dnsauth_buf_printf(&b, "    ...%.59s\\tX%.60s...\n", rec + 41, rec + 102);
	l = steal(&b);
	w = caret_line(l, 3, 61);
	expect_record_lines(rec, 102, w);
	free(l);
	free(w);
	free(rec);
}
END_TEST

/* ---------------------------------------------------- text: file form */

START_TEST(test_file_form)
{
	struct dnsauth_buf want;
	char *w;

	opts.details = false;
	add(SYNTAX, DNSAUTH_SEV_ERROR, NULL, "v=spf1 foo -all", 8,
	    "unknown mechanism 'foo'");
	ck_assert_int_eq(dnsauth_findings_locate(&fl, 0, "zone.db", 12), 0);
	expect_text("zone.db:12:8: error: unknown mechanism 'foo' [spf-syntax-error]\n");

	/* with details: the record without a caret (the column is the file's) */
	opts.details = true;
	dnsauth_buf_init(&want, 0);
	dnsauth_buf_puts(&want,
			 "zone.db:12:8: error: unknown mechanism 'foo' [spf-syntax-error]\n"
			 "    v=spf1 foo -all\n");
	put_tail(&want, SYNTAX, false);
	w = steal(&want);
	expect_text(w);
	free(w);
}
END_TEST

START_TEST(test_file_form_with_name)
{
	opts.details = false;
	add(PTR, DNSAUTH_SEV_WARNING, "example.com", NULL, 20, "ptr is deprecated");
	ck_assert_int_eq(dnsauth_findings_locate(&fl, 0, "dir/zone file", 3), 0);
	expect_text("dir/zone file:3:20: warning: example.com: ptr is deprecated "
		    "[spf-ptr-used]\n");
}
END_TEST

START_TEST(test_file_form_mixed)
{
	opts.details = false;
	add(SYNTAX, DNSAUTH_SEV_ERROR, NULL, NULL, 1, "a");
	add(SYNTAX, DNSAUTH_SEV_ERROR, NULL, NULL, 2, "b");
	dnsauth_findings_locate(&fl, 1, "in.yaml", 4);
	expect_text("error: spf-syntax-error: a\n"
		    "in.yaml:4:2: error: b [spf-syntax-error]\n");
}
END_TEST

/* --------------------------------------------------- text: filtering */

static void add_three(void)
{
	add(SYNTAX, DNSAUTH_SEV_ERROR, NULL, NULL, 0, "e");
	add(PTR, DNSAUTH_SEV_WARNING, NULL, NULL, 0, "w");
	add(RR99, DNSAUTH_SEV_INFO, NULL, NULL, 0, "i");
}

START_TEST(test_min_severity)
{
	opts.details = false;
	add_three();
	opts.min_severity = DNSAUTH_SEV_NONE;
	expect_text("error: spf-syntax-error: e\nwarning: spf-ptr-used: w\n"
		    "info: spf-rrtype-99: i\n");
	opts.min_severity = DNSAUTH_SEV_INFO;
	expect_text("error: spf-syntax-error: e\nwarning: spf-ptr-used: w\n"
		    "info: spf-rrtype-99: i\n");
	opts.min_severity = DNSAUTH_SEV_WARNING;
	expect_text("error: spf-syntax-error: e\nwarning: spf-ptr-used: w\n");
	opts.min_severity = DNSAUTH_SEV_ERROR;
	expect_text("error: spf-syntax-error: e\n");
}
END_TEST

START_TEST(test_opts_init)
{
	struct dnsauth_report_opts o;

	memset(&o, 0xff, sizeof(o));
	dnsauth_report_opts_init(&o);
	ck_assert(!o.color);
	ck_assert(o.details);
	ck_assert_int_le(o.min_severity, DNSAUTH_SEV_INFO);
}
END_TEST

/* ------------------------------------------------------ text: colour */

START_TEST(test_color_codes)
{
	struct dnsauth_buf want;
	char *w;

	opts.color = true;
	opts.details = false;
	add_three();
	expect_text(RED "error" OFF ": " DIM "spf-syntax-error" OFF ": e\n"
		    YELLOW "warning" OFF ": " DIM "spf-ptr-used" OFF ": w\n"
		    CYAN "info" OFF ": " DIM "spf-rrtype-99" OFF ": i\n");

	/* details: the labels are dimmed, the record and caret are plain */
	dnsauth_findings_clear(&fl);
	opts.details = true;
	add(SYNTAX, DNSAUTH_SEV_ERROR, "example.com", "v=spf1 foo", 8, "m");
	dnsauth_buf_init(&want, 0);
	dnsauth_buf_puts(&want, RED "error" OFF ": " DIM "spf-syntax-error" OFF
				": example.com: m\n"
				"    v=spf1 foo\n"
				"           ^\n");
	put_tail(&want, SYNTAX, true);
	w = steal(&want);
	expect_text(w);
	free(w);

	/* the file form */
	dnsauth_findings_clear(&fl);
	opts.details = false;
	add(PTR, DNSAUTH_SEV_WARNING, NULL, NULL, 5, "m");
	dnsauth_findings_locate(&fl, 0, "z.db", 2);
	expect_text("z.db:2:5: " YELLOW "warning" OFF ": m " DIM "[spf-ptr-used]" OFF "\n");
}
END_TEST

START_TEST(test_no_color_codes_without_color)
{
	char *got;

	add_three();
	add(SYNTAX, DNSAUTH_SEV_ERROR, "example.com", "v=spf1 foo", 8, "m");
	add(PTR, DNSAUTH_SEV_WARNING, NULL, NULL, 5, "m");
	dnsauth_findings_locate(&fl, 4, "z.db", 2);
	got = text();
	ck_assert_ptr_null(strchr(got, '\033'));
	free(got);
}
END_TEST

/* Input with terminal escapes never reaches the output raw. */
START_TEST(test_no_raw_escape)
{
	const char *evil = "v=spf1 \x1b[31mred\x1b[0m \x1b]0;title\x07 \xc2\x9b" "31m -all";
	char *got;
	size_t i;

	add(SYNTAX, DNSAUTH_SEV_ERROR, "ex\x1b[2Jample.com", evil, 9,
	    "unknown mechanism '\x1b[31mred'");
	add(PTR, DNSAUTH_SEV_WARNING, "\x1b[1m", evil, 0, "\x1b[0m");
	add(RR99, DNSAUTH_SEV_INFO, NULL, evil, 3, "in a file");
	dnsauth_findings_locate(&fl, 2, "zone\x1b[31m.db", 1);

	got = text();
	ck_assert_ptr_null(strchr(got, '\033'));
	ck_assert_ptr_nonnull(strstr(got, "\\x1B[31mred"));
	/* no control byte but the newline at all, no C1 control either */
	for (i = 0; got[i]; i++)
		ck_assert_msg((unsigned char)got[i] >= 0x20 || got[i] == '\n',
			      "control byte 0x%02x at %zu", (unsigned char)got[i], i);
	ck_assert_ptr_null(strstr(got, "\xc2\x9b"));
	free(got);

	/* with colour the only escapes are the colour codes themselves */
	opts.color = true;
	got = text();
	{
		static const char *const codes[] = { RED, YELLOW, CYAN, DIM, OFF };
		char *p;
		size_t k;

		for (k = 0; k < 5; k++)
			while ((p = strstr(got, codes[k])) != NULL)
				memset(p, '#', strlen(codes[k]));
		ck_assert_ptr_null(strchr(got, '\033'));
	}
	free(got);
}
END_TEST

/* --------------------------------------------------- colour wanted */

static int open_pty(void)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY), s;

	if (m < 0)
		return -1;
	if (grantpt(m) != 0 || unlockpt(m) != 0 || !ptsname(m)) {
		close(m);
		return -1;
	}
	s = open(ptsname(m), O_RDWR | O_NOCTTY);
	/* the master stays open for the rest of this (forked) test */
	return s;
}

START_TEST(test_color_wanted)
{
	int fds[2], tty;

	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(setenv("TERM", "xterm", 1), 0);

	/* NO_COLOR set: never */
	ck_assert_int_eq(setenv("NO_COLOR", "1", 1), 0);
	ck_assert(!dnsauth_report_color_wanted(fds[1]));
	/* not a terminal: no */
	ck_assert_int_eq(unsetenv("NO_COLOR"), 0);
	ck_assert(!dnsauth_report_color_wanted(fds[1]));
	ck_assert(!dnsauth_report_color_wanted(-1));

	tty = open_pty();
	if (tty >= 0) {
		ck_assert(dnsauth_report_color_wanted(tty));
		ck_assert_int_eq(setenv("NO_COLOR", "1", 1), 0);
		ck_assert(!dnsauth_report_color_wanted(tty));
		ck_assert_int_eq(setenv("NO_COLOR", "anything", 1), 0);
		ck_assert(!dnsauth_report_color_wanted(tty));
		/* empty NO_COLOR does not count */
		ck_assert_int_eq(setenv("NO_COLOR", "", 1), 0);
		ck_assert(dnsauth_report_color_wanted(tty));
		ck_assert_int_eq(unsetenv("NO_COLOR"), 0);
		ck_assert_int_eq(setenv("TERM", "dumb", 1), 0);
		ck_assert(!dnsauth_report_color_wanted(tty));
		ck_assert_int_eq(unsetenv("TERM"), 0);
		ck_assert(dnsauth_report_color_wanted(tty));
		close(tty);
	}
	close(fds[0]);
	close(fds[1]);
}
END_TEST

/* -------------------------------------------------------------- JSON */

static char *json(void)
{
	struct dnsauth_buf b;

	dnsauth_buf_init(&b, 0);
	ck_assert_int_eq(dnsauth_report_json(&b, &fl, &opts), 0);
	return steal(&b);
}

static void expect_json(const char *want)
{
	char *got = json();

	ck_assert_msg(strcmp(got, want) == 0, "want\n%s\ngot\n%s", want, got);
	free(got);
}

/* One finding object at the indent of the findings array's members. */
static void put_finding(struct dnsauth_buf *b, enum dnsauth_rule_id rule,
			const char *sev, const char *area, const char *message,
			const char *name_lit, const char *record_lit,
			const char *file_lit, const char *line_lit, const char *col_lit)
{
	const struct dnsauth_rule *r = dnsauth_rule_get(rule);
	bool applies;

	dnsauth_buf_puts(b, "    {\n");
	dnsauth_buf_printf(b, "      \"rule\": \"%s\",\n", r->id);
	dnsauth_buf_printf(b, "      \"severity\": \"%s\",\n", sev);
	dnsauth_buf_printf(b, "      \"area\": \"%s\",\n", area);
	dnsauth_buf_puts(b, "      \"title\": ");
	put_jstr(b, r->title);
	dnsauth_buf_printf(b, ",\n      \"message\": %s,\n", message);
	dnsauth_buf_printf(b, "      \"name\": %s,\n", name_lit);
	dnsauth_buf_printf(b, "      \"record\": %s,\n", record_lit);
	dnsauth_buf_printf(b, "      \"file\": %s,\n", file_lit);
	dnsauth_buf_printf(b, "      \"line\": %s,\n", line_lit);
	dnsauth_buf_printf(b, "      \"column\": %s,\n", col_lit);
	/* a finding milder than its rule's default has no receiver impact */
	applies = dnsauth_severity_parse(sev) >= r->severity;
	dnsauth_buf_puts(b, "      \"impact\": ");
	if (applies)
		put_jstr(b, r->impact);
	else
		dnsauth_buf_puts(b, "null");
	dnsauth_buf_puts(b, ",\n      \"reference\": ");
	put_jstr(b, r->reference);
	dnsauth_buf_puts(b, ",\n      \"codes\": ");
	put_codes(b, applies ? r->codes : "", 6);
	dnsauth_buf_puts(b, "\n    }");
}

START_TEST(test_json_one_finding)
{
	struct dnsauth_buf want;
	char *w;

	/* the rule's codes are not empty, so the array has members */
	ck_assert_str_ne(dnsauth_rule_get(SYNTAX)->codes, "");
	add(SYNTAX, DNSAUTH_SEV_ERROR, "example.com", "v=spf1 foo -all", 8,
	    "unknown mechanism 'foo'");
	dnsauth_findings_locate(&fl, 0, "zone.db", 12);

	dnsauth_buf_init(&want, 0);
	dnsauth_buf_puts(&want, "{\n  \"findings\": [\n");
	put_finding(&want, SYNTAX, "error", "spf", "\"unknown mechanism 'foo'\"",
		    "\"example.com\"", "\"v=spf1 foo -all\"", "\"zone.db\"", "12", "8");
	dnsauth_buf_puts(&want, "\n  ]\n}\n");
	w = steal(&want);
	expect_json(w);
	free(w);
}
END_TEST

START_TEST(test_json_nulls_and_empty_codes)
{
	struct dnsauth_buf want;
	char *w;

	ck_assert_str_eq(dnsauth_rule_get(PTR)->codes, "");
	add(PTR, DNSAUTH_SEV_NONE, NULL, NULL, 0, "ptr");
	dnsauth_buf_init(&want, 0);
	dnsauth_buf_puts(&want, "{\n  \"findings\": [\n");
	put_finding(&want, PTR, dnsauth_severity_name(dnsauth_rule_get(PTR)->severity),
		    "spf", "\"ptr\"", "null", "null", "null", "null", "null");
	dnsauth_buf_puts(&want, "\n  ]\n}\n");
	w = steal(&want);
	ck_assert_ptr_nonnull(strstr(w, "\"codes\": []\n"));
	expect_json(w);
	free(w);
}
END_TEST

/* A finding milder than its rule's default causes no rejection by itself:
 * no receivers line in text, null impact and no codes in JSON. */
START_TEST(test_milder_finding_has_no_impact)
{
	struct dnsauth_buf b;
	char *got;

	ck_assert_int_eq(dnsauth_rule_get(SYNTAX)->severity, DNSAUTH_SEV_ERROR);
	add(SYNTAX, DNSAUTH_SEV_INFO, "example.com", "v=spf1 foo=bar -all", 8,
	    "unknown modifier 'foo' is ignored");
	add(SYNTAX, DNSAUTH_SEV_ERROR, "example.com", "v=spf1 foo:bar -all", 8,
	    "unknown mechanism 'foo'");
	ck_assert(!dnsauth_finding_has_impact(&fl.v[0]));
	ck_assert(dnsauth_finding_has_impact(&fl.v[1]));
	dnsauth_buf_init(&b, 0);
	ck_assert_int_eq(dnsauth_report_text(&b, &fl, &opts), 0);
	got = steal(&b);
	/* exactly one receivers line: the error's */
	ck_assert_ptr_nonnull(strstr(got, "receivers:"));
	ck_assert_ptr_null(strstr(strstr(got, "receivers:") + 1, "receivers:"));
	ck_assert(strstr(got, "receivers:") > strstr(got, "unknown mechanism"));
	free(got);
	got = json();
	ck_assert_ptr_nonnull(strstr(got, "\"impact\": null,"));
	ck_assert_ptr_nonnull(strstr(got, "\"codes\": []"));
	free(got);
}
END_TEST

START_TEST(test_json_two_and_filter)
{
	struct dnsauth_buf want;
	char *w;

	add(SYNTAX, DNSAUTH_SEV_WARNING, "a.example", "r1", 2, "one");
	add(MONITOR, DNSAUTH_SEV_INFO, "_dmarc.a.example", "v=DMARC1; p=none", 0, "two");
	dnsauth_buf_init(&want, 0);
	dnsauth_buf_puts(&want, "{\n  \"findings\": [\n");
	put_finding(&want, SYNTAX, "warning", "spf", "\"one\"", "\"a.example\"", "\"r1\"",
		    "null", "null", "2");
	dnsauth_buf_puts(&want, ",\n");
	put_finding(&want, MONITOR, "info", "dmarc", "\"two\"", "\"_dmarc.a.example\"",
		    "\"v=DMARC1; p=none\"", "null", "null", "null");
	dnsauth_buf_puts(&want, "\n  ]\n}\n");
	w = steal(&want);
	expect_json(w);
	free(w);

	/* min_severity applies to JSON too */
	opts.min_severity = DNSAUTH_SEV_WARNING;
	dnsauth_buf_init(&want, 0);
	dnsauth_buf_puts(&want, "{\n  \"findings\": [\n");
	put_finding(&want, SYNTAX, "warning", "spf", "\"one\"", "\"a.example\"", "\"r1\"",
		    "null", "null", "2");
	dnsauth_buf_puts(&want, "\n  ]\n}\n");
	w = steal(&want);
	expect_json(w);
	free(w);

	opts.min_severity = DNSAUTH_SEV_ERROR;
	expect_json("{\n  \"findings\": []\n}\n");
}
END_TEST

START_TEST(test_json_empty)
{
	expect_json("{\n  \"findings\": []\n}\n");
}
END_TEST

START_TEST(test_json_escaping)
{
	struct dnsauth_buf want;
	char *w;

	add(SYNTAX, DNSAUTH_SEV_ERROR, "ex\"ample", "v=spf1 \x1b[31m\xff\xc3\xa9\\", 3,
	    "tab\there");
	dnsauth_buf_init(&want, 0);
	dnsauth_buf_puts(&want, "{\n  \"findings\": [\n");
	put_finding(&want, SYNTAX, "error", "spf", "\"tab\\there\"", "\"ex\\\"ample\"",
		    "\"v=spf1 \\u001b[31m\\ufffd\xc3\xa9\\\\\"", "null", "null", "3");
	dnsauth_buf_puts(&want, "\n  ]\n}\n");
	w = steal(&want);
	expect_json(w);
	free(w);
}
END_TEST

/* The finding object on its own, compact. */
START_TEST(test_json_finding_compact)
{
	const struct dnsauth_rule *r = dnsauth_rule_get(PTR);
	struct dnsauth_buf out, want;
	struct dnsauth_json j;
	char *w;

	add(PTR, DNSAUTH_SEV_WARNING, "n", NULL, 4, "m");
	dnsauth_findings_locate(&fl, 0, "f", 2);
	dnsauth_buf_init(&out, 0);
	dnsauth_json_init(&j, &out, false);
	dnsauth_report_json_finding(&j, &fl.v[0]);
	ck_assert_int_eq(dnsauth_json_finish(&j), 0);

	dnsauth_buf_init(&want, 0);
	dnsauth_buf_printf(&want, "{\"rule\":\"spf-ptr-used\",\"severity\":\"warning\","
				  "\"area\":\"spf\",\"title\":");
	put_jstr(&want, r->title);
	dnsauth_buf_puts(&want, ",\"message\":\"m\",\"name\":\"n\",\"record\":null,"
				"\"file\":\"f\",\"line\":2,\"column\":4,\"impact\":");
	put_jstr(&want, r->impact);
	dnsauth_buf_puts(&want, ",\"reference\":");
	put_jstr(&want, r->reference);
	dnsauth_buf_puts(&want, ",\"codes\":[]}");
	w = steal(&want);
	ck_assert_msg(strcmp(dnsauth_buf_str(&out), w) == 0, "want\n%s\ngot\n%s", w,
		      dnsauth_buf_str(&out));
	free(w);
	dnsauth_buf_free(&out);
}
END_TEST

/* ----------------------------------------------------------- summary */

static void expect_summary(const char *want)
{
	struct dnsauth_buf b;

	dnsauth_buf_init(&b, 0);
	ck_assert_int_eq(dnsauth_report_summary(&b, &fl), 0);
	ck_assert_str_eq(dnsauth_buf_str(&b), want);
	dnsauth_buf_free(&b);
}

START_TEST(test_summary)
{
	expect_summary("0 errors, 0 warnings, 0 notes");
	add(SYNTAX, DNSAUTH_SEV_ERROR, NULL, NULL, 0, "e");
	add(PTR, DNSAUTH_SEV_WARNING, NULL, NULL, 0, "w");
	add(PTR, DNSAUTH_SEV_WARNING, NULL, NULL, 0, "w");
	expect_summary("1 error, 2 warnings, 0 notes");
	add(SYNTAX, DNSAUTH_SEV_ERROR, NULL, NULL, 0, "e");
	add(RR99, DNSAUTH_SEV_INFO, NULL, NULL, 0, "i");
	dnsauth_findings_clear(&fl);
	add(SYNTAX, DNSAUTH_SEV_ERROR, NULL, NULL, 0, "e");
	add(SYNTAX, DNSAUTH_SEV_ERROR, NULL, NULL, 0, "e");
	add(PTR, DNSAUTH_SEV_WARNING, NULL, NULL, 0, "w");
	add(RR99, DNSAUTH_SEV_INFO, NULL, NULL, 0, "i");
	expect_summary("2 errors, 1 warning, 1 note");
	add(RR99, DNSAUTH_SEV_INFO, NULL, NULL, 0, "i");
	expect_summary("2 errors, 1 warning, 2 notes");
}
END_TEST

static Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *find = tcase_create("findings");
	TCase *txt = tcase_create("text");
	TCase *caret = tcase_create("caret");
	TCase *file = tcase_create("file_form");
	TCase *color = tcase_create("color");
	TCase *js = tcase_create("json");
	TCase *sum = tcase_create("summary");

	tcase_add_checked_fixture(find, setup, teardown);
	tcase_add_test(find, test_rule_symbols);
	tcase_add_test(find, test_add_copies);
	tcase_add_test(find, test_severity_default);
	tcase_add_test(find, test_worst_count_find);
	tcase_add_test(find, test_locate);
	tcase_add_test(find, test_clear);
	tcase_add_test(find, test_findings_max);
	tcase_set_timeout(find, 120);
	suite_add_tcase(s, find);

	tcase_add_checked_fixture(txt, setup, teardown);
	tcase_add_test(txt, test_text_empty);
	tcase_add_test(txt, test_text_no_details);
	tcase_add_test(txt, test_text_details);
	tcase_add_test(txt, test_text_details_two);
	tcase_add_test(txt, test_text_no_column);
	tcase_add_test(txt, test_text_message_escaped);
	tcase_add_test(txt, test_min_severity);
	tcase_add_test(txt, test_opts_init);
	suite_add_tcase(s, txt);

	tcase_add_checked_fixture(caret, setup, teardown);
	tcase_add_test(caret, test_caret_columns);
	tcase_add_test(caret, test_caret_after_escapes);
	tcase_add_test(caret, test_caret_after_multibyte);
	tcase_add_test(caret, test_caret_after_wide_chars);
	tcase_add_test(caret, test_window_both_sides);
	tcase_add_test(caret, test_window_left);
	tcase_add_test(caret, test_window_right);
	tcase_add_test(caret, test_window_no_column);
	tcase_add_test(caret, test_window_exact_fit);
	tcase_add_test(caret, test_window_multibyte_edges);
	tcase_add_test(caret, test_window_with_escapes);
	suite_add_tcase(s, caret);

	tcase_add_checked_fixture(file, setup, teardown);
	tcase_add_test(file, test_file_form);
	tcase_add_test(file, test_file_form_with_name);
	tcase_add_test(file, test_file_form_mixed);
	suite_add_tcase(s, file);

	tcase_add_checked_fixture(color, setup, teardown);
	tcase_add_test(color, test_color_codes);
	tcase_add_test(color, test_no_color_codes_without_color);
	tcase_add_test(color, test_no_raw_escape);
	tcase_add_test(color, test_color_wanted);
	suite_add_tcase(s, color);

	tcase_add_checked_fixture(js, setup, teardown);
	tcase_add_test(js, test_json_one_finding);
	tcase_add_test(js, test_json_nulls_and_empty_codes);
	tcase_add_test(js, test_json_two_and_filter);
	tcase_add_test(js, test_milder_finding_has_no_impact);
	tcase_add_test(js, test_json_empty);
	tcase_add_test(js, test_json_escaping);
	tcase_add_test(js, test_json_finding_compact);
	suite_add_tcase(s, js);

	tcase_add_checked_fixture(sum, setup, teardown);
	tcase_add_test(sum, test_summary);
	suite_add_tcase(s, sum);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(report_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
