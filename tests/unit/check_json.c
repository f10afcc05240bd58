/* SPDX-License-Identifier: MIT */
/*
 * check_json.c - unit tests of the JSON writer (lib/json.h): exact
 * compact and pretty output, string escaping and U+FFFD replacement,
 * and the errors finish() reports for bad nesting and excessive depth.
 */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "json.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static struct dnsauth_buf out;
static struct dnsauth_json j;

static void start(bool pretty)
{
	dnsauth_buf_init(&out, 0);
	dnsauth_json_init(&j, &out, pretty);
}

/* finish() succeeds and the output is exactly want. */
static void expect(const char *want)
{
	ck_assert_int_eq(dnsauth_json_finish(&j), 0);
	ck_assert_msg(strcmp(dnsauth_buf_str(&out), want) == 0,
		      "want\n%s\ngot\n%s", want, dnsauth_buf_str(&out));
	ck_assert_uint_eq(out.len, strlen(want));
	dnsauth_buf_free(&out);
}

/* {"a":1,"b":[true,null,"x"]} */
static void write_sample(void)
{
	dnsauth_json_object_begin(&j);
	dnsauth_json_kv_int(&j, "a", 1);
	dnsauth_json_key(&j, "b");
	dnsauth_json_array_begin(&j);
	dnsauth_json_bool(&j, true);
	dnsauth_json_null(&j);
	dnsauth_json_string(&j, "x");
	dnsauth_json_array_end(&j);
	dnsauth_json_object_end(&j);
}

/* {"o":{"k":"v","n":{}},"e":[],"l":[[1,2],{"z":false}]} */
static void write_nested(void)
{
	dnsauth_json_object_begin(&j);
	dnsauth_json_key(&j, "o");
	dnsauth_json_object_begin(&j);
	dnsauth_json_kv_string(&j, "k", "v");
	dnsauth_json_key(&j, "n");
	dnsauth_json_object_begin(&j);
	dnsauth_json_object_end(&j);
	dnsauth_json_object_end(&j);
	dnsauth_json_key(&j, "e");
	dnsauth_json_array_begin(&j);
	dnsauth_json_array_end(&j);
	dnsauth_json_key(&j, "l");
	dnsauth_json_array_begin(&j);
	dnsauth_json_array_begin(&j);
	dnsauth_json_int(&j, 1);
	dnsauth_json_int(&j, 2);
	dnsauth_json_array_end(&j);
	dnsauth_json_object_begin(&j);
	dnsauth_json_key(&j, "z");
	dnsauth_json_bool(&j, false);
	dnsauth_json_object_end(&j);
	dnsauth_json_array_end(&j);
	dnsauth_json_object_end(&j);
}

/* --------------------------------------------------------- structure */

START_TEST(test_compact_sample)
{
	start(false);
	write_sample();
	expect("{\"a\":1,\"b\":[true,null,\"x\"]}");
}
END_TEST

START_TEST(test_pretty_sample)
{
	start(true);
	write_sample();
	expect("{\n"
	       "  \"a\": 1,\n"
	       "  \"b\": [\n"
	       "    true,\n"
	       "    null,\n"
	       "    \"x\"\n"
	       "  ]\n"
	       "}");
}
END_TEST

START_TEST(test_compact_nested)
{
	start(false);
	write_nested();
	expect("{\"o\":{\"k\":\"v\",\"n\":{}},\"e\":[],\"l\":[[1,2],{\"z\":false}]}");
}
END_TEST

START_TEST(test_pretty_nested)
{
	start(true);
	write_nested();
	expect("{\n"
	       "  \"o\": {\n"
	       "    \"k\": \"v\",\n"
	       "    \"n\": {}\n"
	       "  },\n"
	       "  \"e\": [],\n"
	       "  \"l\": [\n"
	       "    [\n"
	       "      1,\n"
	       "      2\n"
	       "    ],\n"
	       "    {\n"
	       "      \"z\": false\n"
	       "    }\n"
	       "  ]\n"
	       "}");
}
END_TEST

START_TEST(test_empty_containers)
{
	start(false);
	dnsauth_json_object_begin(&j);
	dnsauth_json_object_end(&j);
	expect("{}");

	start(true);
	dnsauth_json_object_begin(&j);
	dnsauth_json_object_end(&j);
	expect("{}");

	start(false);
	dnsauth_json_array_begin(&j);
	dnsauth_json_array_end(&j);
	expect("[]");

	start(true);
	dnsauth_json_array_begin(&j);
	dnsauth_json_array_end(&j);
	expect("[]");

	start(true);
	dnsauth_json_array_begin(&j);
	dnsauth_json_object_begin(&j);
	dnsauth_json_object_end(&j);
	dnsauth_json_array_begin(&j);
	dnsauth_json_array_end(&j);
	dnsauth_json_array_end(&j);
	expect("[\n  {},\n  []\n]");
}
END_TEST

START_TEST(test_top_level_scalars)
{
	start(false);
	dnsauth_json_string(&j, "x");
	expect("\"x\"");

	start(true);
	dnsauth_json_int(&j, -5);
	expect("-5");

	start(false);
	dnsauth_json_null(&j);
	expect("null");

	start(true);
	dnsauth_json_bool(&j, false);
	expect("false");
}
END_TEST

START_TEST(test_pretty_array_of_objects)
{
	start(true);
	dnsauth_json_array_begin(&j);
	dnsauth_json_object_begin(&j);
	dnsauth_json_kv_int(&j, "a", 1);
	dnsauth_json_kv_string(&j, "b", "two");
	dnsauth_json_object_end(&j);
	dnsauth_json_object_begin(&j);
	dnsauth_json_kv_string(&j, "c", NULL);
	dnsauth_json_object_end(&j);
	dnsauth_json_array_end(&j);
	expect("[\n"
	       "  {\n"
	       "    \"a\": 1,\n"
	       "    \"b\": \"two\"\n"
	       "  },\n"
	       "  {\n"
	       "    \"c\": null\n"
	       "  }\n"
	       "]");
}
END_TEST

/* The writer appends after what the buffer already holds. */
START_TEST(test_appends_to_buffer)
{
	start(false);
	dnsauth_buf_puts(&out, "pre ");
	dnsauth_json_array_begin(&j);
	dnsauth_json_int(&j, 1);
	dnsauth_json_array_end(&j);
	expect("pre [1]");
}
END_TEST

/* ------------------------------------------------------------ values */

START_TEST(test_kv_helpers)
{
	start(false);
	dnsauth_json_object_begin(&j);
	dnsauth_json_kv_string(&j, "s", "text");
	dnsauth_json_kv_string(&j, "n", NULL);
	dnsauth_json_kv_string(&j, "e", "");
	dnsauth_json_kv_int(&j, "zero", 0);
	dnsauth_json_kv_int(&j, "neg", -42);
	dnsauth_json_kv_int(&j, "max", LLONG_MAX);
	dnsauth_json_kv_int(&j, "min", LLONG_MIN);
	dnsauth_json_object_end(&j);
	expect("{\"s\":\"text\",\"n\":null,\"e\":\"\",\"zero\":0,\"neg\":-42,"
	       "\"max\":9223372036854775807,\"min\":-9223372036854775808}");
}
END_TEST

START_TEST(test_string_null)
{
	start(false);
	dnsauth_json_array_begin(&j);
	dnsauth_json_string(&j, NULL);
	dnsauth_json_string(&j, "");
	dnsauth_json_array_end(&j);
	expect("[null,\"\"]");
}
END_TEST

START_TEST(test_string_n)
{
	start(false);
	dnsauth_json_array_begin(&j);
	dnsauth_json_string_n(&j, "abcdef", 3);
	dnsauth_json_string_n(&j, "a\0b", 3);
	dnsauth_json_string_n(&j, "ignored", 0);
	dnsauth_json_array_end(&j);
	expect("[\"abc\",\"a\\u0000b\",\"\"]");
}
END_TEST

START_TEST(test_key_escaped)
{
	start(false);
	dnsauth_json_object_begin(&j);
	dnsauth_json_kv_int(&j, "q\"k\\\n\x1b", 1);
	dnsauth_json_object_end(&j);
	expect("{\"q\\\"k\\\\\\n\\u001b\":1}");
}
END_TEST

/* ---------------------------------------------------------- escaping */

struct esc_case {
	const char *in;
	size_t n;          /* 0: strlen(in) */
	const char *want;  /* literal with its quotes */
};

static const struct esc_case esc_cases[] = {
	{ "", 0, "\"\"" },
	{ "plain text", 0, "\"plain text\"" },
	{ "\"", 0, "\"\\\"\"" },
	{ "\\", 0, "\"\\\\\"" },
	{ "a\"b\\c", 0, "\"a\\\"b\\\\c\"" },
	{ "/", 0, "\"/\"" },
	{ "\n", 0, "\"\\n\"" },
	{ "\r", 0, "\"\\r\"" },
	{ "\t", 0, "\"\\t\"" },
	{ "\x1b", 0, "\"\\u001b\"" },
	{ "\x1b[31mred", 0, "\"\\u001b[31mred\"" },
	{ "\x01", 0, "\"\\u0001\"" },
	{ "\x08\x0c", 0, "\"\\u0008\\u000c\"" },
	{ "\x1f", 0, "\"\\u001f\"" },
	{ "\x7f", 0, "\"\\u007f\"" },
	{ "\0", 1, "\"\\u0000\"" },
	/* invalid UTF-8: one U+FFFD per bad byte */
	{ "\xff", 0, "\"\\ufffd\"" },
	{ "a\xff" "b", 0, "\"a\\ufffdb\"" },
	{ "\x80", 0, "\"\\ufffd\"" },
	{ "\xc3", 0, "\"\\ufffd\"" },
	{ "ab\xc3", 0, "\"ab\\ufffd\"" },
	{ "\xc3(", 0, "\"\\ufffd(\"" },
	{ "\xe6\x97", 0, "\"\\ufffd\\ufffd\"" },
	{ "\xc0\xaf", 0, "\"\\ufffd\\ufffd\"" },
	{ "\xe0\x80\xaf", 0, "\"\\ufffd\\ufffd\\ufffd\"" },
	{ "\xed\xa0\x80", 0, "\"\\ufffd\\ufffd\\ufffd\"" },
	{ "\xf4\x90\x80\x80", 0, "\"\\ufffd\\ufffd\\ufffd\\ufffd\"" },
	{ "\xf5", 0, "\"\\ufffd\"" },
	/* valid multibyte passes unchanged */
	{ "\xc3\xa9", 0, "\"\xc3\xa9\"" },
	{ "caf\xc3\xa9", 0, "\"caf\xc3\xa9\"" },
	{ "\xe6\x97\xa5\xe6\x9c\xac", 0, "\"\xe6\x97\xa5\xe6\x9c\xac\"" },
	{ "\xf0\x9f\x98\x80", 0, "\"\xf0\x9f\x98\x80\"" },
	{ "\xf4\x8f\xbf\xbf", 0, "\"\xf4\x8f\xbf\xbf\"" },
	{ "\xe2\x80\xae", 0, "\"\xe2\x80\xae\"" },
	{ "\xef\xbf\xbd", 0, "\"\xef\xbf\xbd\"" },
	/* a mix */
	{ "\xc3\xa9\xff\"\n\xe6\x97\xa5", 0,
	  "\"\xc3\xa9\\ufffd\\\"\\n\xe6\x97\xa5\"" },
};

START_TEST(test_escape_table)
{
	const struct esc_case *c = &esc_cases[_i];
	size_t n = c->n ? c->n : strlen(c->in);
	struct dnsauth_buf b;

	/* the bare escaper */
	dnsauth_buf_init(&b, 0);
	ck_assert_int_eq(dnsauth_json_escape(&b, c->in, n), 0);
	ck_assert_msg(strcmp(dnsauth_buf_str(&b), c->want) == 0,
		      "case %d: want %s, got %s", _i, c->want, dnsauth_buf_str(&b));
	dnsauth_buf_free(&b);

	/* the same through the writer */
	start(false);
	dnsauth_json_string_n(&j, c->in, n);
	expect(c->want);
}
END_TEST

/* Only the first n bytes are read: a sequence cut by n is invalid. */
START_TEST(test_escape_length_bounds)
{
	struct dnsauth_buf b;
	char *in = malloc(2);

	ck_assert_ptr_nonnull(in);
	memcpy(in, "\xc3\xa9", 2);
	dnsauth_buf_init(&b, 0);
	dnsauth_json_escape(&b, in, 1);
	ck_assert_str_eq(dnsauth_buf_str(&b), "\"\\ufffd\"");
	dnsauth_buf_reset(&b);
	dnsauth_json_escape(&b, in, 2);
	ck_assert_str_eq(dnsauth_buf_str(&b), "\"\xc3\xa9\"");
	dnsauth_buf_free(&b);
	free(in);
}
END_TEST

/* ------------------------------------------------------------ errors */

START_TEST(test_finish_unclosed)
{
	start(false);
	dnsauth_json_object_begin(&j);
	ck_assert_int_eq(dnsauth_json_finish(&j), DNSAUTH_ELIMIT);
	dnsauth_buf_free(&out);

	start(true);
	dnsauth_json_array_begin(&j);
	dnsauth_json_array_begin(&j);
	dnsauth_json_array_end(&j);
	ck_assert_int_eq(dnsauth_json_finish(&j), DNSAUTH_ELIMIT);
	dnsauth_buf_free(&out);
}
END_TEST

START_TEST(test_finish_extra_close)
{
	start(false);
	dnsauth_json_object_begin(&j);
	dnsauth_json_object_end(&j);
	dnsauth_json_object_end(&j);
	ck_assert_int_eq(dnsauth_json_finish(&j), DNSAUTH_ELIMIT);
	dnsauth_buf_free(&out);

	start(false);
	dnsauth_json_array_end(&j);
	ck_assert_int_eq(dnsauth_json_finish(&j), DNSAUTH_ELIMIT);
	dnsauth_buf_free(&out);

	/* an extra close is not undone by a later open */
	start(false);
	dnsauth_json_array_end(&j);
	dnsauth_json_array_begin(&j);
	ck_assert_int_eq(dnsauth_json_finish(&j), DNSAUTH_ELIMIT);
	dnsauth_buf_free(&out);
}
END_TEST

START_TEST(test_finish_dangling_key)
{
	start(false);
	dnsauth_json_object_begin(&j);
	dnsauth_json_key(&j, "k");
	ck_assert_int_eq(dnsauth_json_finish(&j), DNSAUTH_ELIMIT);
	dnsauth_buf_free(&out);

	/* a key at top level with no value */
	start(false);
	dnsauth_json_key(&j, "k");
	ck_assert_int_eq(dnsauth_json_finish(&j), DNSAUTH_ELIMIT);
	dnsauth_buf_free(&out);
}
END_TEST

static void nest(int levels)
{
	int i;

	for (i = 0; i < levels; i++)
		dnsauth_json_array_begin(&j);
	for (i = 0; i < levels; i++)
		dnsauth_json_array_end(&j);
}

/* Well inside the limit: plain nested arrays. */
START_TEST(test_depth_ok)
{
	char want[64];
	int levels = DNSAUTH_JSON_MAX_DEPTH - 1;

	memset(want, '[', (size_t)levels);
	memset(want + levels, ']', (size_t)levels);
	want[2 * levels] = '\0';
	start(false);
	nest(levels);
	expect(want);
}
END_TEST

/* 40 levels: an error, and the depth never passes the first[] array. */
START_TEST(test_depth_40)
{
	int i;

	start(false);
	for (i = 0; i < 40; i++) {
		dnsauth_json_array_begin(&j);
		ck_assert_int_lt(j.depth, DNSAUTH_JSON_MAX_DEPTH);
	}
	ck_assert(!j.pretty);
	ck_assert(!j.after_key);
	ck_assert_int_eq(dnsauth_json_finish(&j), DNSAUTH_ELIMIT);
	for (i = 0; i < 40; i++)
		dnsauth_json_array_end(&j);
	ck_assert_int_eq(dnsauth_json_finish(&j), DNSAUTH_ELIMIT);
	dnsauth_buf_free(&out);

	start(false);
	nest(40);
	ck_assert_int_eq(dnsauth_json_finish(&j), DNSAUTH_ELIMIT);
	ck_assert_int_lt(j.depth, DNSAUTH_JSON_MAX_DEPTH);
	dnsauth_buf_free(&out);

	start(true);
	nest(40);
	ck_assert_int_eq(dnsauth_json_finish(&j), DNSAUTH_ELIMIT);
	ck_assert_int_lt(j.depth, DNSAUTH_JSON_MAX_DEPTH);
	dnsauth_buf_free(&out);

	/* objects with keys and values at every level */
	start(true);
	for (i = 0; i < 40; i++) {
		dnsauth_json_object_begin(&j);
		ck_assert_int_lt(j.depth, DNSAUTH_JSON_MAX_DEPTH);
		dnsauth_json_kv_int(&j, "i", i);
		dnsauth_json_key(&j, "next");
	}
	ck_assert(j.pretty);
	dnsauth_json_null(&j);
	for (i = 0; i < 40; i++)
		dnsauth_json_object_end(&j);
	ck_assert_int_eq(dnsauth_json_finish(&j), DNSAUTH_ELIMIT);
	ck_assert_int_lt(j.depth, DNSAUTH_JSON_MAX_DEPTH);
	dnsauth_buf_free(&out);
}
END_TEST

/* The error stays once set, even if the nesting balances out later. */
START_TEST(test_error_sticky)
{
	start(false);
	dnsauth_json_array_end(&j);
	dnsauth_json_array_begin(&j);
	dnsauth_json_array_end(&j);
	ck_assert_int_eq(dnsauth_json_finish(&j), DNSAUTH_ELIMIT);
	dnsauth_buf_free(&out);
}
END_TEST

/* finish() reports the buffer's error. */
START_TEST(test_finish_buffer_error)
{
	dnsauth_buf_init(&out, 8);
	dnsauth_json_init(&j, &out, false);
	dnsauth_json_array_begin(&j);
	dnsauth_json_string(&j, "longer than eight");
	dnsauth_json_array_end(&j);
	ck_assert_int_eq(dnsauth_json_finish(&j), DNSAUTH_ELIMIT);
	ck_assert_int_eq(out.err, DNSAUTH_ELIMIT);
	dnsauth_buf_free(&out);

	/* and the escaper returns it too */
	dnsauth_buf_init(&out, 4);
	ck_assert_int_eq(dnsauth_json_escape(&out, "abcdef", 6), DNSAUTH_ELIMIT);
	dnsauth_buf_free(&out);
}
END_TEST

static Suite *json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *shape = tcase_create("structure");
	TCase *values = tcase_create("values");
	TCase *esc = tcase_create("escaping");
	TCase *err = tcase_create("errors");

	tcase_add_test(shape, test_compact_sample);
	tcase_add_test(shape, test_pretty_sample);
	tcase_add_test(shape, test_compact_nested);
	tcase_add_test(shape, test_pretty_nested);
	tcase_add_test(shape, test_empty_containers);
	tcase_add_test(shape, test_top_level_scalars);
	tcase_add_test(shape, test_pretty_array_of_objects);
	tcase_add_test(shape, test_appends_to_buffer);
	suite_add_tcase(s, shape);

	tcase_add_test(values, test_kv_helpers);
	tcase_add_test(values, test_string_null);
	tcase_add_test(values, test_string_n);
	tcase_add_test(values, test_key_escaped);
	suite_add_tcase(s, values);

	tcase_add_loop_test(esc, test_escape_table, 0, (int)NELEM(esc_cases));
	tcase_add_test(esc, test_escape_length_bounds);
	suite_add_tcase(s, esc);

	tcase_add_test(err, test_finish_unclosed);
	tcase_add_test(err, test_finish_extra_close);
	tcase_add_test(err, test_finish_dangling_key);
	tcase_add_test(err, test_depth_ok);
	tcase_add_test(err, test_depth_40);
	tcase_add_test(err, test_error_sticky);
	tcase_add_test(err, test_finish_buffer_error);
	suite_add_tcase(s, err);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(json_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
