/* SPDX-License-Identifier: MIT */
/*
 * check_buf.c - unit tests of the growable buffer (lib/buf.h): growth,
 * the hard cap and its sticky error, steal/reset/free, and the exact
 * escapes of dnsauth_buf_put_safe().
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The buffer holds exactly the n bytes of want and a terminating NUL. */
static void assert_contents(const struct dnsauth_buf *b, const char *want, size_t n)
{
	ck_assert_uint_eq(b->len, n);
	ck_assert_ptr_nonnull(b->data);
	ck_assert_uint_ge(b->cap, n + 1);
	ck_assert_msg(memcmp(b->data, want, n) == 0, "contents differ");
	ck_assert_int_eq(b->data[n], '\0');
}

/* ------------------------------------------------------------- basics */

START_TEST(test_init_empty)
{
	struct dnsauth_buf b;

	dnsauth_buf_init(&b, 0);
	ck_assert_ptr_null(b.data);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_uint_eq(b.cap, 0);
	ck_assert_uint_eq(b.max, DNSAUTH_BUF_DEFAULT_MAX);
	ck_assert_int_eq(b.err, 0);
	ck_assert_str_eq(dnsauth_buf_str(&b), "");

	dnsauth_buf_init(&b, 10);
	ck_assert_uint_eq(b.max, 10);
	dnsauth_buf_free(&b);
}
END_TEST

START_TEST(test_append_puts_putc)
{
	struct dnsauth_buf b;

	dnsauth_buf_init(&b, 0);
	ck_assert_int_eq(dnsauth_buf_append(&b, "abc", 3), 0);
	ck_assert_int_eq(dnsauth_buf_puts(&b, "de"), 0);
	ck_assert_int_eq(dnsauth_buf_putc(&b, 'f'), 0);
	ck_assert_int_eq(dnsauth_buf_append(&b, "x", 0), 0);
	ck_assert_int_eq(dnsauth_buf_puts(&b, ""), 0);
	ck_assert_str_eq(dnsauth_buf_str(&b), "abcdef");
	assert_contents(&b, "abcdef", 6);
	/* embedded NUL bytes are kept and counted */
	ck_assert_int_eq(dnsauth_buf_append(&b, "g\0h", 3), 0);
	assert_contents(&b, "abcdefg\0h", 9);
	dnsauth_buf_free(&b);
}
END_TEST

START_TEST(test_append_growth)
{
	struct dnsauth_buf b;
	char want[10000];
	size_t i;

	for (i = 0; i < sizeof(want); i++)
		want[i] = (char)('a' + i % 26);
	dnsauth_buf_init(&b, 0);
	/* many small appends, then a single big one */
	for (i = 0; i < 5000; i++)
		ck_assert_int_eq(dnsauth_buf_putc(&b, want[i]), 0);
	assert_contents(&b, want, 5000);
	ck_assert_int_eq(dnsauth_buf_append(&b, want + 5000, 5000), 0);
	assert_contents(&b, want, 10000);
	ck_assert_int_eq(b.err, 0);
	dnsauth_buf_free(&b);
}
END_TEST

START_TEST(test_printf_growth)
{
	struct dnsauth_buf b;
	char want[3000];
	int i;

	dnsauth_buf_init(&b, 0);
	ck_assert_int_eq(dnsauth_buf_printf(&b, "%d-%s-%c", 42, "x", 'y'), 0);
	ck_assert_str_eq(dnsauth_buf_str(&b), "42-x-y");
	/* one printf much larger than the initial allocation */
	ck_assert_int_eq(dnsauth_buf_printf(&b, "%02000d", 7), 0);
	ck_assert_uint_eq(b.len, 6 + 2000);
	memset(want, '0', 1999);
	want[1999] = '7';
	ck_assert(memcmp(b.data + 6, want, 2000) == 0);
	ck_assert_int_eq(b.data[b.len], '\0');
	/* a printf that produces nothing */
	ck_assert_int_eq(dnsauth_buf_printf(&b, "%s", ""), 0);
	ck_assert_uint_eq(b.len, 2006);
	dnsauth_buf_free(&b);

	/* many printfs in a row */
	dnsauth_buf_init(&b, 0);
	for (i = 0; i < 1000; i++)
		ck_assert_int_eq(dnsauth_buf_printf(&b, "%03d", i), 0);
	ck_assert_uint_eq(b.len, 3000);
	for (i = 0; i < 1000; i++) {
		char tmp[4];

		snprintf(tmp, sizeof(tmp), "%03d", i);
		memcpy(want + 3 * i, tmp, 3);
	}
	assert_contents(&b, want, 3000);
	dnsauth_buf_free(&b);
}
END_TEST

/* ---------------------------------------------------------------- cap */

START_TEST(test_cap_exact_fits)
{
	struct dnsauth_buf b;

	dnsauth_buf_init(&b, 10);
	ck_assert_int_eq(dnsauth_buf_append(&b, "0123456789", 10), 0);
	assert_contents(&b, "0123456789", 10);
	ck_assert_int_eq(b.err, 0);
	/* nothing more fits, not even one byte */
	ck_assert_int_eq(dnsauth_buf_putc(&b, 'x'), DNSAUTH_ELIMIT);
	ck_assert_int_eq(b.err, DNSAUTH_ELIMIT);
	assert_contents(&b, "0123456789", 10);
	dnsauth_buf_free(&b);
}
END_TEST

START_TEST(test_cap_sticky)
{
	struct dnsauth_buf b;

	dnsauth_buf_init(&b, 10);
	ck_assert_int_eq(dnsauth_buf_append(&b, "0123456789a", 11), DNSAUTH_ELIMIT);
	ck_assert_int_eq(b.err, DNSAUTH_ELIMIT);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_str_eq(dnsauth_buf_str(&b), "");

	/* every later append is a no-op returning the error */
	ck_assert_int_eq(dnsauth_buf_append(&b, "a", 1), DNSAUTH_ELIMIT);
	ck_assert_int_eq(dnsauth_buf_append(&b, "a", 0), DNSAUTH_ELIMIT);
	ck_assert_int_eq(dnsauth_buf_puts(&b, "ab"), DNSAUTH_ELIMIT);
	ck_assert_int_eq(dnsauth_buf_putc(&b, 'c'), DNSAUTH_ELIMIT);
	ck_assert_int_eq(dnsauth_buf_printf(&b, "%d", 1), DNSAUTH_ELIMIT);
	ck_assert_int_eq(dnsauth_buf_put_safe(&b, "x", 1), DNSAUTH_ELIMIT);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_str_eq(dnsauth_buf_str(&b), "");
	ck_assert_int_eq(b.err, DNSAUTH_ELIMIT);

	/* steal of a failed buffer gives NULL and frees it */
	ck_assert_ptr_null(dnsauth_buf_steal(&b));
	ck_assert_ptr_null(b.data);
	ck_assert_uint_eq(b.len, 0);
	dnsauth_buf_free(&b);
}
END_TEST

START_TEST(test_cap_sticky_after_content)
{
	struct dnsauth_buf b;

	dnsauth_buf_init(&b, 10);
	ck_assert_int_eq(dnsauth_buf_puts(&b, "hello"), 0);
	ck_assert_int_eq(dnsauth_buf_puts(&b, "world!"), DNSAUTH_ELIMIT);
	/* the failed append left the earlier content alone */
	ck_assert_str_eq(dnsauth_buf_str(&b), "hello");
	/* a later append that would fit is still refused */
	ck_assert_int_eq(dnsauth_buf_puts(&b, "!"), DNSAUTH_ELIMIT);
	ck_assert_str_eq(dnsauth_buf_str(&b), "hello");
	ck_assert_uint_eq(b.len, 5);
	dnsauth_buf_free(&b);
}
END_TEST

START_TEST(test_cap_printf)
{
	struct dnsauth_buf b;

	dnsauth_buf_init(&b, 10);
	ck_assert_int_eq(dnsauth_buf_printf(&b, "%s", "0123456789"), 0);
	ck_assert_str_eq(dnsauth_buf_str(&b), "0123456789");
	dnsauth_buf_reset(&b);
	ck_assert_int_eq(dnsauth_buf_printf(&b, "%s", "0123456789a"), DNSAUTH_ELIMIT);
	ck_assert_int_eq(b.err, DNSAUTH_ELIMIT);
	ck_assert_str_eq(dnsauth_buf_str(&b), "");
	ck_assert_int_eq(dnsauth_buf_puts(&b, "a"), DNSAUTH_ELIMIT);
	dnsauth_buf_free(&b);
}
END_TEST

START_TEST(test_cap_put_safe)
{
	struct dnsauth_buf b;

	/* the cap applies to the escaped output: 3 bytes in, 12 out */
	dnsauth_buf_init(&b, 10);
	ck_assert_int_eq(dnsauth_buf_put_safe(&b, "\x01\x02\x03", 3), DNSAUTH_ELIMIT);
	ck_assert_int_eq(b.err, DNSAUTH_ELIMIT);
	ck_assert_uint_le(b.len, 10);
	ck_assert_int_eq(dnsauth_buf_putc(&b, 'a'), DNSAUTH_ELIMIT);
	dnsauth_buf_free(&b);
}
END_TEST

/* ------------------------------------------------- steal, reset, free */

START_TEST(test_steal)
{
	struct dnsauth_buf b;
	char *s;

	dnsauth_buf_init(&b, 100);
	dnsauth_buf_puts(&b, "payload");
	s = dnsauth_buf_steal(&b);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "payload");
	/* the buffer is empty and usable again, with its cap kept */
	ck_assert_ptr_null(b.data);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_uint_eq(b.cap, 0);
	ck_assert_int_eq(b.err, 0);
	ck_assert_uint_eq(b.max, 100);
	ck_assert_str_eq(dnsauth_buf_str(&b), "");
	free(s);

	/* stealing an empty buffer gives an empty string, not NULL */
	s = dnsauth_buf_steal(&b);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "");
	free(s);

	ck_assert_int_eq(dnsauth_buf_puts(&b, "again"), 0);
	s = dnsauth_buf_steal(&b);
	ck_assert_str_eq(s, "again");
	free(s);
}
END_TEST

START_TEST(test_reset)
{
	struct dnsauth_buf b;
	char *data;
	size_t cap;

	dnsauth_buf_init(&b, 10);
	dnsauth_buf_puts(&b, "abcdef");
	data = b.data;
	cap = b.cap;
	dnsauth_buf_reset(&b);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_str_eq(dnsauth_buf_str(&b), "");
	/* memory kept */
	ck_assert_ptr_eq(b.data, data);
	ck_assert_uint_eq(b.cap, cap);

	/* reset clears the sticky error */
	ck_assert_int_eq(dnsauth_buf_puts(&b, "0123456789abc"), DNSAUTH_ELIMIT);
	dnsauth_buf_reset(&b);
	ck_assert_int_eq(b.err, 0);
	ck_assert_int_eq(dnsauth_buf_puts(&b, "ok"), 0);
	ck_assert_str_eq(dnsauth_buf_str(&b), "ok");

	/* reset of a never-used buffer */
	dnsauth_buf_free(&b);
	dnsauth_buf_reset(&b);
	ck_assert_str_eq(dnsauth_buf_str(&b), "");
	ck_assert_uint_eq(b.len, 0);
	dnsauth_buf_free(&b);
}
END_TEST

START_TEST(test_free_reuse)
{
	struct dnsauth_buf b;

	dnsauth_buf_init(&b, 10);
	dnsauth_buf_puts(&b, "0123456789abc");
	ck_assert_int_eq(b.err, DNSAUTH_ELIMIT);
	dnsauth_buf_free(&b);
	ck_assert_ptr_null(b.data);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_uint_eq(b.cap, 0);
	ck_assert_int_eq(b.err, 0);
	ck_assert_uint_eq(b.max, 10);
	ck_assert_int_eq(dnsauth_buf_puts(&b, "reuse"), 0);
	ck_assert_str_eq(dnsauth_buf_str(&b), "reuse");
	dnsauth_buf_free(&b);
	/* freeing twice is harmless */
	dnsauth_buf_free(&b);
	ck_assert_ptr_null(b.data);
}
END_TEST

/* ----------------------------------------------------------- put_safe */

struct safe_case {
	const char *in;
	size_t n;         /* 0: strlen(in) */
	const char *want;
};

static const struct safe_case safe_cases[] = {
	/* printable ASCII and space pass */
	{ "v=spf1 -all", 0, "v=spf1 -all" },
	{ " !~", 0, " !~" },
	{ "", 0, "" },
	/* named escapes */
	{ "\n", 0, "\\n" },
	{ "\t", 0, "\\t" },
	{ "\r", 0, "\\r" },
	{ "\\", 0, "\\\\" },
	{ "a\\b", 0, "a\\\\b" },
	/* other C0 controls and DEL as \xNN, upper case */
	{ "\x1b", 0, "\\x1B" },
	{ "\x1b[31m", 0, "\\x1B[31m" },
	{ "\x01", 0, "\\x01" },
	{ "\x1f", 0, "\\x1F" },
	{ "\x0b\x0c", 0, "\\x0B\\x0C" },
	{ "\x7f", 0, "\\x7F" },
	{ "a\0b", 3, "a\\x00b" },
	{ "\0", 1, "\\x00" },
	/* invalid UTF-8 byte by byte */
	{ "\xff", 0, "\\xFF" },
	{ "\xfe", 0, "\\xFE" },
	{ "\x80", 0, "\\x80" },
	{ "\xbf", 0, "\\xBF" },
	{ "\xf5\x80\x80\x80", 0, "\\xF5\\x80\\x80\\x80" },
	{ "x\xff" "y", 0, "x\\xFFy" },
	/* truncated sequences */
	{ "\xc3", 0, "\\xC3" },
	{ "ab\xc3", 0, "ab\\xC3" },
	{ "\xe6\x97", 0, "\\xE6\\x97" },
	{ "\xf0\x9f\x98", 0, "\\xF0\\x9F\\x98" },
	/* a lead byte followed by a non-continuation */
	{ "\xc3(", 0, "\\xC3(" },
	{ "\xe2\x80(", 0, "\\xE2\\x80(" },
	/* overlong forms */
	{ "\xc0\xaf", 0, "\\xC0\\xAF" },
	{ "\xc1\xbf", 0, "\\xC1\\xBF" },
	{ "\xe0\x80\xaf", 0, "\\xE0\\x80\\xAF" },
	{ "\xf0\x80\x80\xaf", 0, "\\xF0\\x80\\x80\\xAF" },
	/* UTF-16 surrogates */
	{ "\xed\xa0\x80", 0, "\\xED\\xA0\\x80" },
	{ "\xed\xbf\xbf", 0, "\\xED\\xBF\\xBF" },
	/* above U+10FFFF */
	{ "\xf4\x90\x80\x80", 0, "\\xF4\\x90\\x80\\x80" },
	/* valid but dangerous code points */
	{ "\xe2\x80\xae", 0, "\\u{202E}" },
	{ "\xe2\x80\xaa", 0, "\\u{202A}" },
	{ "\xe2\x80\xac", 0, "\\u{202C}" },
	{ "\xe2\x80\x8b", 0, "\\u{200B}" },
	{ "\xe2\x80\x8f", 0, "\\u{200F}" },
	{ "\xe2\x81\xa6", 0, "\\u{2066}" },
	{ "\xe2\x81\xa9", 0, "\\u{2069}" },
	{ "\xe2\x80\xa8", 0, "\\u{2028}" },
	{ "\xe2\x80\xa9", 0, "\\u{2029}" },
	{ "\xef\xbb\xbf", 0, "\\u{FEFF}" },
	{ "\xc2\x85", 0, "\\u{0085}" },
	{ "\xc2\x80", 0, "\\u{0080}" },
	{ "\xc2\x9b", 0, "\\u{009B}" },
	{ "\xc2\x9f", 0, "\\u{009F}" },
	{ "abc\xe2\x80\xae" "def", 0, "abc\\u{202E}def" },
	/* printable UTF-8 passes unchanged */
	{ "\xc2\xa0", 0, "\xc2\xa0" },
	{ "\xc3\xa9", 0, "\xc3\xa9" },
	{ "caf\xc3\xa9", 0, "caf\xc3\xa9" },
	{ "\xe6\x97\xa5\xe6\x9c\xac", 0, "\xe6\x97\xa5\xe6\x9c\xac" },
	{ "\xf0\x9f\x98\x80", 0, "\xf0\x9f\x98\x80" },
	{ "\xf4\x8f\xbf\xbf", 0, "\xf4\x8f\xbf\xbf" },
	{ "\xe2\x80\x90", 0, "\xe2\x80\x90" },
	{ "\xe2\x80\xaf", 0, "\xe2\x80\xaf" },
	/* a mix */
	{ "\xc3\xa9\n\xff\xe2\x80\xae\\", 0, "\xc3\xa9\\n\\xFF\\u{202E}\\\\" },
};

START_TEST(test_put_safe_table)
{
	const struct safe_case *c = &safe_cases[_i];
	size_t n = c->n ? c->n : strlen(c->in);
	struct dnsauth_buf b;

	dnsauth_buf_init(&b, 0);
	ck_assert_int_eq(dnsauth_buf_put_safe(&b, c->in, n), 0);
	ck_assert_msg(strcmp(dnsauth_buf_str(&b), c->want) == 0 &&
			      b.len == strlen(c->want),
		      "case %d: want \"%s\", got \"%s\"", _i, c->want,
		      dnsauth_buf_str(&b));
	dnsauth_buf_free(&b);
}
END_TEST

/* Only the first n bytes are read: a sequence cut by n is invalid. */
START_TEST(test_put_safe_length_bounds)
{
	struct dnsauth_buf b;
	char *in = malloc(2);

	ck_assert_ptr_nonnull(in);
	memcpy(in, "\xc3\xa9", 2);
	dnsauth_buf_init(&b, 0);
	ck_assert_int_eq(dnsauth_buf_put_safe(&b, in, 1), 0);
	ck_assert_str_eq(dnsauth_buf_str(&b), "\\xC3");
	dnsauth_buf_reset(&b);
	ck_assert_int_eq(dnsauth_buf_put_safe(&b, in, 2), 0);
	ck_assert_str_eq(dnsauth_buf_str(&b), "\xc3\xa9");
	dnsauth_buf_reset(&b);
	ck_assert_int_eq(dnsauth_buf_put_safe(&b, in, 0), 0);
	ck_assert_str_eq(dnsauth_buf_str(&b), "");
	dnsauth_buf_free(&b);
	free(in);
}
END_TEST

/* put_safe appends to what is already there. */
START_TEST(test_put_safe_appends)
{
	struct dnsauth_buf b;

	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, "name: ");
	ck_assert_int_eq(dnsauth_buf_put_safe(&b, "a\tb", 3), 0);
	dnsauth_buf_putc(&b, '|');
	ck_assert_str_eq(dnsauth_buf_str(&b), "name: a\\tb|");
	dnsauth_buf_free(&b);
}
END_TEST

/* No control byte ever survives put_safe, whatever the input. */
START_TEST(test_put_safe_all_bytes)
{
	struct dnsauth_buf b;
	unsigned char in[256];
	size_t i;

	for (i = 0; i < 256; i++)
		in[i] = (unsigned char)i;
	dnsauth_buf_init(&b, 0);
	ck_assert_int_eq(dnsauth_buf_put_safe(&b, (const char *)in, sizeof(in)), 0);
	for (i = 0; i < b.len; i++) {
		unsigned char c = (unsigned char)b.data[i];

		ck_assert_msg(c >= 0x20 && c != 0x7f && c < 0x80,
			      "byte 0x%02x at %zu", c, i);
	}
	dnsauth_buf_free(&b);
}
END_TEST

static Suite *buf_suite(void)
{
	Suite *s = suite_create("buf");
	TCase *basic = tcase_create("basic");
	TCase *cap = tcase_create("cap");
	TCase *life = tcase_create("lifecycle");
	TCase *safe = tcase_create("put_safe");

	tcase_add_test(basic, test_init_empty);
	tcase_add_test(basic, test_append_puts_putc);
	tcase_add_test(basic, test_append_growth);
	tcase_add_test(basic, test_printf_growth);
	suite_add_tcase(s, basic);

	tcase_add_test(cap, test_cap_exact_fits);
	tcase_add_test(cap, test_cap_sticky);
	tcase_add_test(cap, test_cap_sticky_after_content);
	tcase_add_test(cap, test_cap_printf);
	tcase_add_test(cap, test_cap_put_safe);
	suite_add_tcase(s, cap);

	tcase_add_test(life, test_steal);
	tcase_add_test(life, test_reset);
	tcase_add_test(life, test_free_reuse);
	suite_add_tcase(s, life);

	tcase_add_loop_test(safe, test_put_safe_table, 0, (int)NELEM(safe_cases));
	tcase_add_test(safe, test_put_safe_length_bounds);
	tcase_add_test(safe, test_put_safe_appends);
	tcase_add_test(safe, test_put_safe_all_bytes);
	suite_add_tcase(s, safe);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(buf_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
