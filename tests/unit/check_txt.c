/* SPDX-License-Identifier: MIT */
/*
 * check_txt.c - unit tests of TXT character-string handling (lib/txt.h):
 * splitting values into strings of at most 255 octets (between SPF terms
 * where possible), zone-file quoting, and BIND zone lines.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "txt.h"

/* ----------------------------------------------------------- helpers */

/* The chunks cover value[0..len) in order, without gaps or overlap,
 * and none is longer than max. */
static void assert_cover(const struct dnsauth_txt_chunk *c, size_t n, size_t len,
			 size_t max)
{
	size_t i, off = 0;

	ck_assert_uint_ge(n, 1);
	for (i = 0; i < n; i++) {
		ck_assert_msg(c[i].off == off, "chunk %zu starts at %zu, want %zu", i,
			      c[i].off, off);
		ck_assert_msg(c[i].len <= max, "chunk %zu is %zu long", i, c[i].len);
		ck_assert_msg(c[i].len > 0 || len == 0, "chunk %zu is empty", i);
		off += c[i].len;
	}
	ck_assert_uint_eq(off, len);
}

/* "len,len,..." of the chunks. */
static char *lens(const struct dnsauth_txt_chunk *c, size_t n)
{
	struct dnsauth_buf b;
	size_t i;
	char *r;

	dnsauth_buf_init(&b, 0);
	for (i = 0; i < n; i++)
		dnsauth_buf_printf(&b, "%s%zu", i ? "," : "", c[i].len);
	r = dnsauth_buf_steal(&b);
	ck_assert_ptr_nonnull(r);
	return r;
}

/* Split and compare the chunk lengths with want ("7,255,45"). */
static void split_expect(const char *value, size_t len, size_t max, bool at_spaces,
			 const char *want, bool want_cut)
{
	struct dnsauth_txt_chunk *c = NULL;
	size_t n = 99;
	bool cut = !want_cut;
	char *got;

	ck_assert_int_eq(dnsauth_txt_split(value, len, max, at_spaces, &c, &n, &cut), 0);
	ck_assert_ptr_nonnull(c);
	assert_cover(c, n, len, max);
	got = lens(c, n);
	ck_assert_msg(strcmp(got, want) == 0, "max %zu at_spaces %d: want %s, got %s",
		      max, at_spaces, want, got);
	if (at_spaces)
		ck_assert_msg(cut == want_cut, "cut %d, want %d", cut, want_cut);
	free(got);
	free(c);
}

/* A string of n copies of ch; caller frees. */
static char *repeat(char ch, size_t n)
{
	char *s = malloc(n + 1);

	ck_assert_ptr_nonnull(s);
	memset(s, ch, n);
	s[n] = '\0';
	return s;
}

/* An SPF-like value of exactly 600 characters. */
static char *spf600(void)
{
	struct dnsauth_buf b;
	char *s;
	int i = 1;

	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, "v=spf1");
	while (b.len < 540)
		dnsauth_buf_printf(&b, " ip4:198.51.100.%d", i++);
	dnsauth_buf_puts(&b, " include:");
	while (b.len < 600 - 5)
		dnsauth_buf_putc(&b, 'x');
	dnsauth_buf_puts(&b, " -all");
	s = dnsauth_buf_steal(&b);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(strlen(s), 600);
	return s;
}

/* ------------------------------------------------------------- split */

START_TEST(test_split_spf_600)
{
	struct dnsauth_txt_chunk *c = NULL;
	struct dnsauth_buf joined;
	char *v = spf600();
	size_t n = 0, i, k;
	bool cut = true;

	ck_assert_int_eq(dnsauth_txt_split(v, 600, 255, true, &c, &n, &cut), 0);
	ck_assert_ptr_nonnull(c);
	ck_assert(!cut);
	ck_assert_uint_eq(n, 3);
	assert_cover(c, n, 600, 255);
	dnsauth_buf_init(&joined, 0);
	for (i = 0; i < n; i++) {
		dnsauth_buf_append(&joined, v + c[i].off, c[i].len);
		if (i + 1 == n)
			break;
		/* every chunk but the last ends with the space after a term ... */
		ck_assert_msg(v[c[i].off + c[i].len - 1] == ' ',
			      "chunk %zu ends with '%c'", i, v[c[i].off + c[i].len - 1]);
		/* ... and is as long as possible: no later space fits */
		for (k = c[i].off + c[i].len; k < c[i].off + 255 && k < 600; k++)
			ck_assert_msg(v[k] != ' ', "chunk %zu could take up to %zu", i, k);
	}
	ck_assert_uint_eq(joined.len, 600);
	ck_assert(memcmp(joined.data, v, 600) == 0);
	/* the last chunk is the tail with "-all" */
	ck_assert(memcmp(v + c[n - 1].off + c[n - 1].len - 5, " -all", 5) == 0);
	dnsauth_buf_free(&joined);
	free(c);
	free(v);
}
END_TEST

START_TEST(test_split_long_token)
{
	char *tok = repeat('a', 300);
	char *v;

	split_expect(tok, 300, 255, true, "255,45", true);
	/* after a term that fits, the long one starts a new string */
	ck_assert_int_ge(asprintf(&v, "v=spf1 %s", tok), 0);
	split_expect(v, strlen(v), 255, true, "7,255,45", true);
	free(v);
	/* a long token after enough terms */
	ck_assert_int_ge(asprintf(&v, "v=spf1 %s -all", tok), 0);
	split_expect(v, strlen(v), 255, true, "7,255,50", true);
	free(v);
	/* a leading space is a (one-octet) string of its own */
	ck_assert_int_ge(asprintf(&v, " %s", tok), 0);
	split_expect(v, strlen(v), 255, true, "1,255,45", true);
	free(v);
	free(tok);
}
END_TEST

START_TEST(test_split_no_cut_flag_needed)
{
	struct dnsauth_txt_chunk *c = NULL;
	size_t n = 0;
	char *tok = repeat('a', 300);

	/* cut may be NULL */
	ck_assert_int_eq(dnsauth_txt_split(tok, 300, 255, true, &c, &n, NULL), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(c[0].len, 255);
	ck_assert_uint_eq(c[1].off, 255);
	ck_assert_uint_eq(c[1].len, 45);
	free(c);
	free(tok);
}
END_TEST

START_TEST(test_split_empty)
{
	struct dnsauth_txt_chunk *c = NULL;
	size_t n = 0;
	bool cut = true;

	ck_assert_int_eq(dnsauth_txt_split("", 0, 255, true, &c, &n, &cut), 0);
	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(c[0].off, 0);
	ck_assert_uint_eq(c[0].len, 0);
	ck_assert(!cut);
	free(c);

	ck_assert_int_eq(dnsauth_txt_split("", 0, 255, false, &c, &n, NULL), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(c[0].len, 0);
	free(c);
}
END_TEST

START_TEST(test_split_boundaries)
{
	char *v255 = repeat('b', 255), *v256 = repeat('b', 256), *v510 = repeat('b', 510);

	/* exactly 255 is one string, 256 is two */
	split_expect(v255, 255, 255, true, "255", false);
	split_expect(v255, 255, 255, false, "255", false);
	split_expect(v256, 256, 255, false, "255,1", false);
	split_expect(v256, 256, 255, true, "255,1", true);
	/* an exact multiple leaves no empty trailing string */
	split_expect(v510, 510, 255, false, "255,255", false);
	free(v255);
	free(v256);
	free(v510);
}
END_TEST

START_TEST(test_split_fixed)
{
	char *v = spf600();

	/* at_spaces=false: fixed 255-octet pieces, wherever they fall */
	split_expect(v, 600, 255, false, "255,255,90", false);
	free(v);
}
END_TEST

START_TEST(test_split_small_max)
{
	split_expect("ab cd ef", 8, 3, true, "3,3,2", false);
	split_expect("ab cd ef", 8, 4, true, "3,3,2", false);
	split_expect("ab cd ef", 8, 6, true, "6,2", false);
	split_expect("ab cd ef", 8, 8, true, "8", false);
	split_expect("ab cd ef", 8, 3, false, "3,3,2", false);
	split_expect("ab cd ef", 8, 4, false, "4,4", false);
	split_expect("abc", 3, 1, true, "1,1,1", true);
	split_expect("abc", 3, 1, false, "1,1,1", false);
	/* a space as the last octet of the window */
	split_expect("abcd efgh", 9, 5, true, "5,4", false);
	/* runs of spaces */
	split_expect("a  b", 4, 2, true, "2,2", false);
	split_expect("a      b", 8, 4, true, "4,4", false);
	/* a term longer than max in the middle */
	split_expect("ab cdefgh ij", 12, 4, true, "3,4,3,2", true);
}
END_TEST

START_TEST(test_split_max_invalid)
{
	struct dnsauth_txt_chunk *c = (void *)1;
	size_t n = 99;
	bool cut = true;

	ck_assert_int_eq(dnsauth_txt_split("abc", 3, 0, true, &c, &n, &cut),
			 DNSAUTH_EINVAL);
	ck_assert_ptr_null(c);
	ck_assert_uint_eq(n, 0);
	c = (void *)1;
	n = 99;
	ck_assert_int_eq(dnsauth_txt_split("abc", 3, 256, true, &c, &n, &cut),
			 DNSAUTH_EINVAL);
	ck_assert_ptr_null(c);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(dnsauth_txt_split("abc", 3, 256, false, &c, &n, NULL),
			 DNSAUTH_EINVAL);
	ck_assert_int_eq(dnsauth_txt_split("abc", 3, 1000, false, &c, &n, NULL),
			 DNSAUTH_EINVAL);
	/* the bounds themselves are fine */
	ck_assert_int_eq(dnsauth_txt_split("abc", 3, 1, true, &c, &n, &cut), 0);
	free(c);
	ck_assert_int_eq(dnsauth_txt_split("abc", 3, 255, true, &c, &n, &cut), 0);
	ck_assert_uint_eq(n, 1);
	free(c);
}
END_TEST

/* Only len bytes are read: the value need not be NUL-terminated. */
START_TEST(test_split_unterminated)
{
	struct dnsauth_txt_chunk *c = NULL;
	char *v = malloc(8);
	size_t n;

	ck_assert_ptr_nonnull(v);
	memcpy(v, "ab cd ef", 8);
	ck_assert_int_eq(dnsauth_txt_split(v, 8, 3, true, &c, &n, NULL), 0);
	ck_assert_uint_eq(n, 3);
	free(c);
	free(v);
}
END_TEST

/* ------------------------------------------------------------- quote */

struct quote_case {
	const char *in;
	size_t n;         /* 0: strlen(in) */
	const char *want;
};

static const struct quote_case quote_cases[] = {
	{ "", 0, "\"\"" },
	{ "v=spf1 -all", 0, "\"v=spf1 -all\"" },
	{ " ~!;()$@", 0, "\" ~!;()$@\"" },
	{ "\"", 0, "\"\\\"\"" },
	{ "\\", 0, "\"\\\\\"" },
	{ "a\"b\\c", 0, "\"a\\\"b\\\\c\"" },
	{ "\0", 1, "\"\\000\"" },
	{ "a\0b", 3, "\"a\\000b\"" },
	{ "\t", 0, "\"\\009\"" },
	{ "\n", 0, "\"\\010\"" },
	{ "\r", 0, "\"\\013\"" },
	{ "\x1b", 0, "\"\\027\"" },
	{ "\x1f", 0, "\"\\031\"" },
	{ "\x7f", 0, "\"\\127\"" },
	{ "\x80", 0, "\"\\128\"" },
	{ "\xff", 0, "\"\\255\"" },
	{ "caf\xc3\xa9", 0, "\"caf\\195\\169\"" },
	{ "1\x01" "2", 0, "\"1\\0012\"" },
};

START_TEST(test_quote_table)
{
	const struct quote_case *c = &quote_cases[_i];
	size_t n = c->n ? c->n : strlen(c->in);
	struct dnsauth_buf b;

	dnsauth_buf_init(&b, 0);
	ck_assert_int_eq(dnsauth_txt_quote(&b, c->in, n), 0);
	ck_assert_msg(strcmp(dnsauth_buf_str(&b), c->want) == 0,
		      "case %d: want %s, got %s", _i, c->want, dnsauth_buf_str(&b));
	dnsauth_buf_free(&b);
}
END_TEST

START_TEST(test_quote_appends_and_errors)
{
	struct dnsauth_buf b;

	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, "x ");
	ck_assert_int_eq(dnsauth_txt_quote(&b, "abc", 2), 0);
	ck_assert_str_eq(dnsauth_buf_str(&b), "x \"ab\"");
	dnsauth_buf_free(&b);

	dnsauth_buf_init(&b, 4);
	ck_assert_int_eq(dnsauth_txt_quote(&b, "abcdef", 6), DNSAUTH_ELIMIT);
	dnsauth_buf_free(&b);
}
END_TEST

/* --------------------------------------------------------- zone line */

static void zone_expect(const char *owner, unsigned ttl, const char *value,
			bool at_spaces, const char *want)
{
	struct dnsauth_buf b;

	dnsauth_buf_init(&b, 0);
	ck_assert_int_eq(dnsauth_txt_zone_line(&b, owner, ttl, value, strlen(value),
					       at_spaces), 0);
	ck_assert_msg(strcmp(dnsauth_buf_str(&b), want) == 0, "want\n%s\ngot\n%s",
		      want, dnsauth_buf_str(&b));
	dnsauth_buf_free(&b);
}

START_TEST(test_zone_line_short)
{
	zone_expect("example.com.", 3600, "v=spf1 -all", true,
		    "example.com. 3600 IN TXT \"v=spf1 -all\"\n");
	zone_expect("example.com", 3600, "v=spf1 -all", true,
		    "example.com. 3600 IN TXT \"v=spf1 -all\"\n");
	zone_expect("example.com", 3600, "v=spf1 -all", false,
		    "example.com. 3600 IN TXT \"v=spf1 -all\"\n");
	zone_expect("_dmarc.example.org", 0, "v=DMARC1; p=reject", true,
		    "_dmarc.example.org. 0 IN TXT \"v=DMARC1; p=reject\"\n");
	zone_expect("example.com.", 4294967295u, "", true,
		    "example.com. 4294967295 IN TXT \"\"\n");
	zone_expect("example.com", 300, "say \"hi\"\\", true,
		    "example.com. 300 IN TXT \"say \\\"hi\\\"\\\\\"\n");
}
END_TEST

START_TEST(test_zone_line_long)
{
	struct dnsauth_txt_chunk *c = NULL;
	struct dnsauth_buf want;
	char *v = spf600();
	size_t n, i;
	const char *owners[] = { "example.com", "example.com." };

	/* the expected strings, from an independent split of the value */
	ck_assert_int_eq(dnsauth_txt_split(v, 600, 255, true, &c, &n, NULL), 0);
	ck_assert_uint_eq(n, 3);
	dnsauth_buf_init(&want, 0);
	dnsauth_buf_puts(&want, "example.com. 3600 IN TXT");
	for (i = 0; i < n; i++)
		dnsauth_buf_printf(&want, " \"%.*s\"", (int)c[i].len, v + c[i].off);
	dnsauth_buf_putc(&want, '\n');
	for (i = 0; i < 2; i++)
		zone_expect(owners[i], 3600, v, true, dnsauth_buf_str(&want));
	dnsauth_buf_free(&want);
	free(c);
	free(v);
}
END_TEST

/* Two strings on one line, fully spelled out. */
START_TEST(test_zone_line_two_strings)
{
	struct dnsauth_buf v, want;
	int i;

	/* 30 terms of " ip4:192.0.2.NN" (15 octets) after "v=spf1" (6) */
	dnsauth_buf_init(&v, 0);
	dnsauth_buf_puts(&v, "v=spf1");
	for (i = 10; i < 40; i++)
		dnsauth_buf_printf(&v, " ip4:192.0.2.%d", i);
	ck_assert_uint_eq(v.len, 456);

	/* first string: "v=spf1 " + 16 terms with their trailing space
	 * = 7 + 16 * 15 = 247 octets (one more term would make 262) */
	dnsauth_buf_init(&want, 0);
	dnsauth_buf_puts(&want, "example.net. 60 IN TXT \"v=spf1 ");
	for (i = 10; i < 26; i++)
		dnsauth_buf_printf(&want, "ip4:192.0.2.%d ", i);
	dnsauth_buf_puts(&want, "\" \"");
	for (i = 26; i < 40; i++)
		dnsauth_buf_printf(&want, "%sip4:192.0.2.%d", i > 26 ? " " : "", i);
	dnsauth_buf_puts(&want, "\"\n");
	zone_expect("example.net", 60, dnsauth_buf_str(&v), true, dnsauth_buf_str(&want));

	/* fixed split: 255 + 201 */
	dnsauth_buf_reset(&want);
	dnsauth_buf_printf(&want, "example.net. 60 IN TXT \"%.255s\" \"%s\"\n",
			   dnsauth_buf_str(&v), dnsauth_buf_str(&v) + 255);
	zone_expect("example.net.", 60, dnsauth_buf_str(&v), false,
		    dnsauth_buf_str(&want));
	dnsauth_buf_free(&want);
	dnsauth_buf_free(&v);
}
END_TEST

START_TEST(test_zone_line_owner_forms)
{
	zone_expect(".", 1, "x", true, ". 1 IN TXT \"x\"\n");
	zone_expect("Example.COM", 1, "x", true, "Example.COM. 1 IN TXT \"x\"\n");
}
END_TEST

static Suite *txt_suite(void)
{
	Suite *s = suite_create("txt");
	TCase *split = tcase_create("split");
	TCase *quote = tcase_create("quote");
	TCase *zone = tcase_create("zone_line");

	tcase_add_test(split, test_split_spf_600);
	tcase_add_test(split, test_split_long_token);
	tcase_add_test(split, test_split_no_cut_flag_needed);
	tcase_add_test(split, test_split_empty);
	tcase_add_test(split, test_split_boundaries);
	tcase_add_test(split, test_split_fixed);
	tcase_add_test(split, test_split_small_max);
	tcase_add_test(split, test_split_max_invalid);
	tcase_add_test(split, test_split_unterminated);
	suite_add_tcase(s, split);

	tcase_add_loop_test(quote, test_quote_table, 0,
			    (int)(sizeof(quote_cases) / sizeof(quote_cases[0])));
	tcase_add_test(quote, test_quote_appends_and_errors);
	suite_add_tcase(s, quote);

	tcase_add_test(zone, test_zone_line_short);
	tcase_add_test(zone, test_zone_line_long);
	tcase_add_test(zone, test_zone_line_two_strings);
	tcase_add_test(zone, test_zone_line_owner_forms);
	suite_add_tcase(s, zone);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(txt_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
