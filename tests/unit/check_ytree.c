/* SPDX-License-Identifier: MIT */
/* check_ytree.c - unit tests for the YAML node tree (lib/ytree.c). */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "ytree.h"

static struct dnsauth_buf err;
static struct dnsauth_ydoc *doc;

static void setup(void)
{
	dnsauth_buf_init(&err, 0);
	doc = NULL;
}

static void teardown(void)
{
	dnsauth_ydoc_free(doc);
	doc = NULL;
	dnsauth_buf_free(&err);
}

/* Parse a NUL-terminated text as "t.yaml"; on success doc is set. */
static int parse(const char *text)
{
	dnsauth_ydoc_free(doc);
	doc = NULL;
	return dnsauth_ydoc_parse("t.yaml", text, strlen(text), &doc, &err);
}

/* Parse text that must be valid. */
static void parse_ok(const char *text)
{
	int rc = parse(text);

	ck_assert_msg(rc == 0, "parse failed: %s", dnsauth_buf_str(&err));
	ck_assert_ptr_nonnull(doc);
	ck_assert_str_eq(dnsauth_buf_str(&err), "");
}

/* Parse text that must fail with rc and exactly message msg. */
static void parse_fails(const char *text, int rc, const char *msg)
{
	ck_assert_int_eq(parse(text), rc);
	ck_assert_ptr_null(doc);
	ck_assert_str_eq(dnsauth_buf_str(&err), msg);
}

static void assert_node(const struct dnsauth_ynode *n,
			enum dnsauth_ynode_type type, unsigned line,
			unsigned column)
{
	ck_assert_ptr_nonnull(n);
	ck_assert_int_eq(n->type, type);
	ck_assert_uint_eq(n->line, line);
	ck_assert_uint_eq(n->column, column);
}

static void assert_scalar(const struct dnsauth_ynode *n, const char *value,
			  unsigned line, unsigned column)
{
	assert_node(n, DNSAUTH_Y_SCALAR, line, column);
	ck_assert_str_eq(n->value, value);
	ck_assert_uint_eq(n->value_len, strlen(value));
}

/* ------------------------------------------------------------ tree */

START_TEST(test_block_positions)
{
	const struct dnsauth_ynode *r, *list, *inner;

	parse_ok("name: example\n"
		 "senders:\n"
		 "  - kind: mx\n"
		 "    ttl: 300\n"
		 "  - plain\n"
		 "list:\n"
		 "- a\n");
	r = doc->root;
	assert_node(r, DNSAUTH_Y_MAPPING, 1, 1);
	ck_assert_uint_eq(r->n, 3);
	assert_scalar(r->keys[0], "name", 1, 1);
	assert_scalar(r->items[0], "example", 1, 7);
	assert_scalar(r->keys[1], "senders", 2, 1);
	list = r->items[1];
	assert_node(list, DNSAUTH_Y_SEQUENCE, 3, 3);
	ck_assert_uint_eq(list->n, 2);
	ck_assert_ptr_null(list->keys);
	inner = list->items[0];
	assert_node(inner, DNSAUTH_Y_MAPPING, 3, 5);
	assert_scalar(inner->keys[0], "kind", 3, 5);
	assert_scalar(inner->items[0], "mx", 3, 11);
	assert_scalar(inner->keys[1], "ttl", 4, 5);
	assert_scalar(inner->items[1], "300", 4, 10);
	assert_scalar(list->items[1], "plain", 5, 5);
	/* an indentless sequence starts at its first dash */
	assert_node(r->items[2], DNSAUTH_Y_SEQUENCE, 7, 1);
	assert_scalar(r->items[2]->items[0], "a", 7, 3);
	ck_assert_uint_eq(doc->nodes, 14);
	ck_assert_str_eq(doc->file, "t.yaml");
}
END_TEST

START_TEST(test_flow_positions)
{
	const struct dnsauth_ynode *r, *m, *s;

	parse_ok("c: {d: [1, 22], e: }\n");
	r = doc->root;
	m = dnsauth_ynode_get(r, "c");
	assert_node(m, DNSAUTH_Y_MAPPING, 1, 4);
	assert_scalar(m->keys[0], "d", 1, 5);
	s = m->items[0];
	assert_node(s, DNSAUTH_Y_SEQUENCE, 1, 8);
	assert_scalar(s->items[0], "1", 1, 9);
	assert_scalar(s->items[1], "22", 1, 12);
	assert_scalar(m->keys[1], "e", 1, 17);
	assert_scalar(m->items[1], "", 1, 20);
	ck_assert(dnsauth_ynode_is_null(m->items[1]));
}
END_TEST

START_TEST(test_positions_crlf_bom_utf8)
{
	const struct dnsauth_ynode *r;

	/* columns count characters; a leading BOM is not a column */
	parse_ok("\xef\xbb\xbf"
		 "a: 1\r\n"
		 "\xc3\xa9t\xc3\xa9: [x, y]\r\n");
	r = doc->root;
	assert_scalar(r->keys[0], "a", 1, 1);
	assert_scalar(r->items[0], "1", 1, 4);
	assert_scalar(r->keys[1], "\xc3\xa9t\xc3\xa9", 2, 1);
	assert_node(r->items[1], DNSAUTH_Y_SEQUENCE, 2, 6);
	assert_scalar(r->items[1]->items[1], "y", 2, 10);
}
END_TEST

START_TEST(test_quoted_flag)
{
	const struct dnsauth_ynode *r;

	parse_ok("a: plain\n"
		 "b: 'single'\n"
		 "c: \"double\"\n"
		 "d: |\n"
		 "  block\n"
		 "e: \"\"\n");
	r = doc->root;
	ck_assert(!dnsauth_ynode_get(r, "a")->quoted);
	ck_assert(dnsauth_ynode_get(r, "b")->quoted);
	assert_scalar(dnsauth_ynode_get(r, "b"), "single", 2, 4);
	ck_assert(dnsauth_ynode_get(r, "c")->quoted);
	assert_scalar(dnsauth_ynode_get(r, "c"), "double", 3, 4);
	/* a block scalar is never resolved to null or a number either */
	ck_assert(dnsauth_ynode_get(r, "d")->quoted);
	ck_assert_str_eq(dnsauth_ynode_get(r, "d")->value, "block\n");
	ck_assert(dnsauth_ynode_get(r, "e")->quoted);
	ck_assert(!dnsauth_ynode_is_null(dnsauth_ynode_get(r, "e")));
}
END_TEST

START_TEST(test_null_detection)
{
	const struct dnsauth_ynode *r;

	parse_ok("a:\n"
		 "b: ~\n"
		 "c: null\n"
		 "d: Null\n"
		 "e: NULL\n"
		 "f: 'null'\n"
		 "g: \"~\"\n"
		 "h: nULL\n"
		 "i: nil\n"
		 "j: []\n");
	r = doc->root;
	ck_assert(dnsauth_ynode_is_null(dnsauth_ynode_get(r, "a")));
	ck_assert(dnsauth_ynode_is_null(dnsauth_ynode_get(r, "b")));
	ck_assert(dnsauth_ynode_is_null(dnsauth_ynode_get(r, "c")));
	ck_assert(dnsauth_ynode_is_null(dnsauth_ynode_get(r, "d")));
	ck_assert(dnsauth_ynode_is_null(dnsauth_ynode_get(r, "e")));
	ck_assert(!dnsauth_ynode_is_null(dnsauth_ynode_get(r, "f")));
	ck_assert(!dnsauth_ynode_is_null(dnsauth_ynode_get(r, "g")));
	ck_assert(!dnsauth_ynode_is_null(dnsauth_ynode_get(r, "h")));
	ck_assert(!dnsauth_ynode_is_null(dnsauth_ynode_get(r, "i")));
	ck_assert(!dnsauth_ynode_is_null(dnsauth_ynode_get(r, "j")));
	ck_assert(!dnsauth_ynode_is_null(NULL));
	ck_assert_str_eq(dnsauth_ynode_type_name(dnsauth_ynode_get(r, "c")), "null");
	ck_assert_str_eq(dnsauth_ynode_type_name(dnsauth_ynode_get(r, "f")), "a string");
	ck_assert_str_eq(dnsauth_ynode_type_name(dnsauth_ynode_get(r, "j")), "a list");
	ck_assert_str_eq(dnsauth_ynode_type_name(r), "a mapping");
}
END_TEST

START_TEST(test_empty_documents)
{
	parse_ok("");
	ck_assert_ptr_null(doc->root);
	ck_assert_uint_eq(doc->nodes, 0);
	parse_ok("# only a comment\n\n");
	ck_assert_ptr_null(doc->root);
	parse_ok("---\n");
	ck_assert_ptr_null(doc->root);
	ck_assert_uint_eq(doc->nodes, 0);
	parse_ok("--- ''\n");
	assert_scalar(doc->root, "", 1, 5);
	ck_assert(doc->root->quoted);
	/* a NULL buffer of length 0 is an empty stream */
	dnsauth_ydoc_free(doc);
	doc = NULL;
	ck_assert_int_eq(dnsauth_ydoc_parse("t.yaml", NULL, 0, &doc, &err), 0);
	ck_assert_ptr_null(doc->root);
}
END_TEST

START_TEST(test_explicit_document)
{
	parse_ok("%YAML 1.1\n---\na: 1\n...\n# trailing comment\n");
	assert_node(doc->root, DNSAUTH_Y_MAPPING, 3, 1);
	assert_scalar(dnsauth_ynode_get(doc->root, "a"), "1", 3, 4);
}
END_TEST

START_TEST(test_get)
{
	const struct dnsauth_ynode *r;

	parse_ok("a: 1\nb: [x]\na: 2\n");
	r = doc->root;
	/* duplicates are not a parse error; get returns the first */
	ck_assert_uint_eq(r->n, 3);
	assert_scalar(dnsauth_ynode_get(r, "a"), "1", 1, 4);
	ck_assert_ptr_null(dnsauth_ynode_get(r, "c"));
	ck_assert_ptr_null(dnsauth_ynode_get(r, ""));
	ck_assert_ptr_null(dnsauth_ynode_get(dnsauth_ynode_get(r, "b"), "x"));
	ck_assert_ptr_null(dnsauth_ynode_get(NULL, "a"));
}
END_TEST

START_TEST(test_merge_key_is_plain_key)
{
	const struct dnsauth_ynode *r;

	parse_ok("<<: {a: 1}\nb: 2\n");
	r = doc->root;
	ck_assert_uint_eq(r->n, 2);
	assert_scalar(r->keys[0], "<<", 1, 1);
	assert_node(dnsauth_ynode_get(r, "<<"), DNSAUTH_Y_MAPPING, 1, 5);
	ck_assert_ptr_null(dnsauth_ynode_get(r, "a"));
}
END_TEST

START_TEST(test_quoted_keys)
{
	parse_ok("'a b': 1\n\"c\": 2\n");
	assert_scalar(doc->root->keys[0], "a b", 1, 1);
	ck_assert(doc->root->keys[0]->quoted);
	assert_scalar(dnsauth_ynode_get(doc->root, "c"), "2", 2, 6);
}
END_TEST

/* ------------------------------------------------------------ parse errors */

START_TEST(test_error_syntax)
{
	parse_fails("a: b: c\n", DNSAUTH_EPARSE,
		    "t.yaml:1:5: mapping values are not allowed in this context");
}
END_TEST

START_TEST(test_error_syntax_context)
{
	parse_fails("key: [1, 2\nother: x\n", DNSAUTH_EPARSE,
		    "t.yaml:2:6: did not find expected ',' or ']' "
		    "(while parsing a flow sequence that started at line 1)");
	dnsauth_buf_reset(&err);
	parse_fails("a: \"open\n", DNSAUTH_EPARSE,
		    "t.yaml:2:1: found unexpected end of stream "
		    "(while scanning a quoted scalar that started at line 1)");
	dnsauth_buf_reset(&err);
	parse_fails("a: 1\n\tb: 2\n", DNSAUTH_EPARSE,
		    "t.yaml:2:1: found a tab character that violates indentation "
		    "(while scanning a plain scalar that started at line 1)");
	dnsauth_buf_reset(&err);
	parse_fails("\ta: 1\n", DNSAUTH_EPARSE,
		    "t.yaml:1:1: found character that cannot start any token "
		    "(while scanning for the next token)");
}
END_TEST

START_TEST(test_error_alias)
{
	parse_fails("a: 1\nb: *x\n", DNSAUTH_EPARSE,
		    "t.yaml:2:4: anchors and aliases are not supported");
}
END_TEST

START_TEST(test_error_anchor)
{
	parse_fails("a: &x 1\n", DNSAUTH_EPARSE,
		    "t.yaml:1:4: anchors and aliases are not supported");
	dnsauth_buf_reset(&err);
	parse_fails("list:\n  - &y {a: 1}\n", DNSAUTH_EPARSE,
		    "t.yaml:2:5: anchors and aliases are not supported");
}
END_TEST

START_TEST(test_error_tag)
{
	parse_fails("a: !!str 1\n", DNSAUTH_EPARSE,
		    "t.yaml:1:4: tags are not supported");
}
END_TEST

START_TEST(test_error_second_document)
{
	parse_fails("a: 1\n---\nb: 2\n", DNSAUTH_EPARSE,
		    "t.yaml:2:1: only one YAML document is allowed");
	dnsauth_buf_reset(&err);
	parse_fails("a: 1\n...\n--- b\n", DNSAUTH_EPARSE,
		    "t.yaml:3:1: only one YAML document is allowed");
	dnsauth_buf_reset(&err);
	/* an empty second document is still a second document */
	parse_fails("---\n---\n", DNSAUTH_EPARSE,
		    "t.yaml:2:1: only one YAML document is allowed");
}
END_TEST

START_TEST(test_error_non_scalar_key)
{
	parse_fails("? [a, b]\n: c\n", DNSAUTH_EPARSE,
		    "t.yaml:1:3: mapping keys must be plain strings");
	dnsauth_buf_reset(&err);
	parse_fails("x: {{a: 1}: b}\n", DNSAUTH_EPARSE,
		    "t.yaml:1:5: mapping keys must be plain strings");
}
END_TEST

START_TEST(test_error_depth)
{
	char text[64];
	int i;

	for (i = 0; i < 40; i++)
		text[i] = '[';
	text[40] = '\0';
	parse_fails(text, DNSAUTH_ELIMIT,
		    "t.yaml:1:33: nested deeper than 32 levels");
}
END_TEST

START_TEST(test_depth_at_limit)
{
	char text[80];
	const struct dnsauth_ynode *n;
	int i, depth = 0;

	for (i = 0; i < 32; i++) {
		text[i] = '[';
		text[32 + i] = ']';
	}
	text[64] = '\0';
	parse_ok(text);
	for (n = doc->root; n; n = n->n ? n->items[0] : NULL)
		depth++;
	ck_assert_int_eq(depth, 32);
}
END_TEST

START_TEST(test_error_node_limit)
{
	size_t count = DNSAUTH_YAML_MAX_NODES, i;
	char *text = malloc(count * 2 + 3);
	char expect[64];

	ck_assert_ptr_nonnull(text);
	/* the list itself plus `count` items is one node too many */
	text[0] = '[';
	for (i = 0; i < count; i++) {
		text[1 + 2 * i] = '0';
		text[2 + 2 * i] = ',';
	}
	text[count * 2] = ']';
	text[count * 2 + 1] = '\0';
	snprintf(expect, sizeof(expect), "t.yaml:1:%zu: more than %u YAML nodes",
		 count * 2, DNSAUTH_YAML_MAX_NODES);
	parse_fails(text, DNSAUTH_ELIMIT, expect);
	/* one item fewer fits exactly */
	dnsauth_buf_reset(&err);
	text[count * 2 - 2] = ']';
	text[count * 2 - 1] = '\0';
	parse_ok(text);
	ck_assert_uint_eq(doc->nodes, DNSAUTH_YAML_MAX_NODES);
	free(text);
}
END_TEST

START_TEST(test_error_size_limit)
{
	size_t len = DNSAUTH_YAML_MAX_BYTES + 1;
	char *text = malloc(len);

	ck_assert_ptr_nonnull(text);
	memset(text, '#', len);
	ck_assert_int_eq(dnsauth_ydoc_parse("big.yaml", text, len, &doc, &err),
			 DNSAUTH_ELIMIT);
	ck_assert_ptr_null(doc);
	ck_assert_str_eq(dnsauth_buf_str(&err), "big.yaml: larger than 1048576 bytes");
	/* exactly the limit is fine */
	text[0] = '\n';
	ck_assert_int_eq(dnsauth_ydoc_parse("big.yaml", text, len - 1, &doc, &err), 0);
	ck_assert_ptr_null(doc->root);
	free(text);
}
END_TEST

START_TEST(test_error_invalid_utf8)
{
	parse_fails("a: 1\nb: x\xff\n", DNSAUTH_EPARSE,
		    "t.yaml:2:5: invalid leading UTF-8 octet (byte 0xFF)");
	dnsauth_buf_reset(&err);
	parse_fails("a: \xc3", DNSAUTH_EPARSE,
		    "t.yaml:1:4: incomplete UTF-8 octet sequence");
	dnsauth_buf_reset(&err);
	parse_fails("\xef\xbb\xbf"
		    "a: \xff\n", DNSAUTH_EPARSE,
		    "t.yaml:1:4: invalid leading UTF-8 octet (byte 0xFF)");
	dnsauth_buf_reset(&err);
	/* UTF-16 is refused too */
	parse_fails("\xff\xfe" "a", DNSAUTH_EPARSE,
		    "t.yaml:1:1: invalid leading UTF-8 octet (byte 0xFF)");
	dnsauth_buf_reset(&err);
	parse_fails("a: \x01\n", DNSAUTH_EPARSE,
		    "t.yaml:1:4: control characters are not allowed (U+0001)");
}
END_TEST

START_TEST(test_error_nul)
{
	static const char text[] = "a: x\0y\n";

	/* a raw NUL byte in the input */
	ck_assert_int_eq(dnsauth_ydoc_parse("t.yaml", text, sizeof(text) - 1,
					    &doc, &err), DNSAUTH_EPARSE);
	ck_assert_ptr_null(doc);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "t.yaml:1:5: control characters are not allowed (U+0000)");
	dnsauth_buf_reset(&err);
	/* a NUL produced by an escape in a double-quoted string */
	parse_fails("a: 1\nb: \"x\\0y\"\n", DNSAUTH_EPARSE,
		    "t.yaml:2:4: a string must not contain a NUL byte");
	dnsauth_buf_reset(&err);
	parse_fails("\"k\\x00\": 1\n", DNSAUTH_EPARSE,
		    "t.yaml:1:1: a string must not contain a NUL byte");
}
END_TEST

START_TEST(test_errors_are_appended)
{
	dnsauth_buf_puts(&err, "before\n");
	ck_assert_int_eq(parse("a: *x\n"), DNSAUTH_EPARSE);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "before\nt.yaml:1:4: anchors and aliases are not supported");
}
END_TEST

/* ------------------------------------------------------------ load */

START_TEST(test_load_missing)
{
	const char *path = "/nonexistent-dnsauth-dir/missing.yaml";

	ck_assert_int_eq(dnsauth_ydoc_load(path, &doc, &err), DNSAUTH_EIO);
	ck_assert_ptr_null(doc);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "/nonexistent-dnsauth-dir/missing.yaml: "
			 "No such file or directory");
}
END_TEST

START_TEST(test_load_file)
{
	char path[] = "/tmp/check_ytree_XXXXXX";
	static const char text[] = "a: 1\nb: &x 2\n";
	char expect[128];
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, sizeof(text) - 1), (int)sizeof(text) - 1);
	close(fd);
	ck_assert_int_eq(dnsauth_ydoc_load(path, &doc, &err), DNSAUTH_EPARSE);
	ck_assert_ptr_null(doc);
	snprintf(expect, sizeof(expect),
		 "%s:2:4: anchors and aliases are not supported", path);
	ck_assert_str_eq(dnsauth_buf_str(&err), expect);
	unlink(path);
}
END_TEST

START_TEST(test_load_ok)
{
	char path[] = "/tmp/check_ytree_XXXXXX";
	static const char text[] = "name: x\n";
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, sizeof(text) - 1), (int)sizeof(text) - 1);
	close(fd);
	ck_assert_int_eq(dnsauth_ydoc_load(path, &doc, &err), 0);
	ck_assert_str_eq(doc->file, path);
	assert_scalar(dnsauth_ynode_get(doc->root, "name"), "x", 1, 7);
	unlink(path);
}
END_TEST

/* ------------------------------------------------------------ check_keys */

static const char *const desc_keys[] = { "name", "senders", "policy", "ttl", NULL };

START_TEST(test_keys_ok)
{
	parse_ok("name: a\nttl: 1\n");
	ck_assert_int_eq(dnsauth_ynode_check_keys(doc, doc->root, desc_keys,
						  "the description", &err), 0);
	ck_assert_str_eq(dnsauth_buf_str(&err), "");
	parse_ok("{}");
	ck_assert_int_eq(dnsauth_ynode_check_keys(doc, doc->root, desc_keys,
						  "the description", &err), 0);
}
END_TEST

START_TEST(test_keys_unknown_hint)
{
	parse_ok("name: a\nsendres: []\n");
	ck_assert_int_eq(dnsauth_ynode_check_keys(doc, doc->root, desc_keys,
						  "the description", &err),
			 DNSAUTH_EPARSE);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "t.yaml:2:1: unknown key 'sendres' in the description "
			 "(did you mean 'senders'?)");
	dnsauth_buf_reset(&err);
	parse_ok("TTL: 1\n");
	ck_assert_int_eq(dnsauth_ynode_check_keys(doc, doc->root, desc_keys,
						  "the description", &err),
			 DNSAUTH_EPARSE);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "t.yaml:1:1: unknown key 'TTL' in the description "
			 "(did you mean 'ttl'?)");
}
END_TEST

START_TEST(test_keys_unknown_no_hint)
{
	parse_ok("senders:\n  - include: x\n    colour: red\n");
	ck_assert_int_eq(dnsauth_ynode_check_keys(doc, doc->root->items[0]->items[0],
						  (const char *const[]){ "include", NULL },
						  "a sender", &err),
			 DNSAUTH_EPARSE);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "t.yaml:3:5: unknown key 'colour' in a sender");
}
END_TEST

START_TEST(test_keys_unknown_escaped)
{
	/* control characters are escaped and long keys cut */
	parse_ok("\"a\\e[31mb\": 1\n"
		 "\"0123456789012345678901234567890123456789012345678901234567890123\": 2\n");
	ck_assert_int_eq(dnsauth_ynode_check_keys(doc, doc->root, desc_keys,
						  "the description", &err),
			 DNSAUTH_EPARSE);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "t.yaml:1:1: unknown key 'a\\x1B[31mb' in the description");
	dnsauth_buf_reset(&err);
	ck_assert_int_eq(dnsauth_ynode_check_keys(doc, doc->root,
						  (const char *const[]){ "a\x1b[31mb", NULL },
						  "x", &err),
			 DNSAUTH_EPARSE);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "t.yaml:2:1: unknown key '012345678901234567890123456789"
			 "012345678901234567890123456789...' in x");
}
END_TEST

START_TEST(test_keys_duplicate)
{
	parse_ok("name: a\nttl: 1\n\nname: b\nfoo: 1\n");
	ck_assert_int_eq(dnsauth_ynode_check_keys(doc, doc->root, desc_keys,
						  "the description", &err),
			 DNSAUTH_EPARSE);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "t.yaml:4:1: duplicate key 'name' in the description "
			 "(first at line 1)");
}
END_TEST

START_TEST(test_keys_not_mapping)
{
	parse_ok("- a\n");
	ck_assert_int_eq(dnsauth_ynode_check_keys(doc, doc->root, desc_keys,
						  "the description", &err),
			 DNSAUTH_EPARSE);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "t.yaml:1:1: the description must be a mapping, not a list");
	dnsauth_buf_reset(&err);
	parse_ok("senders: [x]\n");
	ck_assert_int_eq(dnsauth_ynode_check_keys(doc, doc->root->items[0]->items[0],
						  desc_keys, "a sender", &err),
			 DNSAUTH_EPARSE);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "t.yaml:1:11: a sender must be a mapping, not a string");
}
END_TEST

/* ------------------------------------------------------------ int, string */

static int get_int(const char *key, long long min, long long max, long long *v)
{
	return dnsauth_ynode_int(doc, dnsauth_ynode_get(doc->root, key), key,
				 min, max, v, &err);
}

START_TEST(test_int_ok)
{
	long long v = 0;

	parse_ok("a: 300\nb: -5\nc: 0\nd: 9223372036854775807\n"
		 "e: -9223372036854775808\nf: 007\n");
	ck_assert_int_eq(get_int("a", 0, 2147483647, &v), 0);
	ck_assert_int_eq(v, 300);
	ck_assert_int_eq(get_int("b", -10, 10, &v), 0);
	ck_assert_int_eq(v, -5);
	ck_assert_int_eq(get_int("c", 0, 0, &v), 0);
	ck_assert_int_eq(v, 0);
	ck_assert_int_eq(get_int("d", LLONG_MIN, LLONG_MAX, &v), 0);
	ck_assert(v == LLONG_MAX);
	ck_assert_int_eq(get_int("e", LLONG_MIN, LLONG_MAX, &v), 0);
	ck_assert(v == LLONG_MIN);
	ck_assert_int_eq(get_int("f", 0, 10, &v), 0);
	ck_assert_int_eq(v, 7);
	ck_assert_str_eq(dnsauth_buf_str(&err), "");
}
END_TEST

START_TEST(test_int_not_a_number)
{
	long long v = 42;

	parse_ok("ttl: abc\n");
	ck_assert_int_eq(get_int("ttl", 0, 86400, &v), DNSAUTH_EPARSE);
	ck_assert_int_eq(v, 42);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "t.yaml:1:6: 'ttl' must be an integer between 0 and 86400, "
			 "not 'abc'");
	dnsauth_buf_reset(&err);
	parse_ok("ttl: [1]\n");
	ck_assert_int_eq(get_int("ttl", 0, 86400, &v), DNSAUTH_EPARSE);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "t.yaml:1:6: 'ttl' must be an integer between 0 and 86400, "
			 "not a list");
	dnsauth_buf_reset(&err);
	parse_ok("ttl:\n");
	ck_assert_int_eq(get_int("ttl", 0, 86400, &v), DNSAUTH_EPARSE);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "t.yaml:1:5: 'ttl' must be an integer between 0 and 86400, "
			 "not null");
	dnsauth_buf_reset(&err);
	parse_ok("ttl: \"300\"\n");
	ck_assert_int_eq(get_int("ttl", 0, 86400, &v), DNSAUTH_EPARSE);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "t.yaml:1:6: 'ttl' must be an integer between 0 and 86400, "
			 "not the quoted string '300'");
	dnsauth_buf_reset(&err);
	ck_assert_int_eq(dnsauth_ynode_int(doc, NULL, "ttl", 0, 1, &v, &err),
			 DNSAUTH_EPARSE);
	ck_assert_str_eq(dnsauth_buf_str(&err), "t.yaml: 'ttl' is missing");
}
END_TEST

START_TEST(test_int_malformed)
{
	static const char *const bad[] = {
		"+5", "-", "1 2", "1.0", "0x10", "1e3", "-3", "--3", "12a", NULL
	};
	long long v;
	int i;

	parse_ok("a: +5\nb: '-'\nc: 1 2\nd: 1.0\ne: 0x10\nf: 1e3\ng: -3\n"
		 "h: --3\ni: 12a\n");
	for (i = 0; bad[i]; i++) {
		char key[2] = { (char)('a' + i), '\0' };
		char expect[128];

		dnsauth_buf_reset(&err);
		snprintf(expect, sizeof(expect),
			 "t.yaml:%d:4: '%s' must be an integer between 0 and 100, "
			 "not %s'%s'", i + 1, key, i == 1 ? "the quoted string " : "",
			 bad[i]);
		ck_assert_int_eq(get_int(key, 0, 100, &v), DNSAUTH_EPARSE);
		ck_assert_str_eq(dnsauth_buf_str(&err), expect);
	}
}
END_TEST

START_TEST(test_int_range_overflow)
{
	long long v;

	parse_ok("a: 101\nb: -11\nc: 99999999999999999999\n"
		 "d: -99999999999999999999\ne: 9223372036854775808\n");
	ck_assert_int_eq(get_int("a", 0, 100, &v), DNSAUTH_EPARSE);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "t.yaml:1:4: 'a' must be an integer between 0 and 100, not '101'");
	dnsauth_buf_reset(&err);
	ck_assert_int_eq(get_int("b", -10, 10, &v), DNSAUTH_EPARSE);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "t.yaml:2:4: 'b' must be an integer between -10 and 10, not '-11'");
	dnsauth_buf_reset(&err);
	ck_assert_int_eq(get_int("c", 0, 2147483647, &v), DNSAUTH_EPARSE);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "t.yaml:3:4: 'c' must be an integer between 0 and 2147483647, "
			 "not '99999999999999999999'");
	dnsauth_buf_reset(&err);
	ck_assert_int_eq(get_int("d", LLONG_MIN, LLONG_MAX, &v), DNSAUTH_EPARSE);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "t.yaml:4:4: 'd' must be an integer between "
			 "-9223372036854775808 and 9223372036854775807, "
			 "not '-99999999999999999999'");
	dnsauth_buf_reset(&err);
	ck_assert_int_eq(get_int("e", LLONG_MIN, LLONG_MAX, &v), DNSAUTH_EPARSE);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "t.yaml:5:4: 'e' must be an integer between "
			 "-9223372036854775808 and 9223372036854775807, "
			 "not '9223372036854775808'");
}
END_TEST

START_TEST(test_int_value_escaped_and_cut)
{
	long long v;

	parse_ok("a: \"x\\ty\"\n"
		 "b: 0123456789012345678901234567890123456789012345678901234567890123x\n");
	ck_assert_int_eq(get_int("a", 0, 1, &v), DNSAUTH_EPARSE);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "t.yaml:1:4: 'a' must be an integer between 0 and 1, "
			 "not the quoted string 'x\\ty'");
	dnsauth_buf_reset(&err);
	ck_assert_int_eq(get_int("b", 0, 1, &v), DNSAUTH_EPARSE);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "t.yaml:2:4: 'b' must be an integer between 0 and 1, "
			 "not '012345678901234567890123456789"
			 "012345678901234567890123456789...'");
}
END_TEST

START_TEST(test_string)
{
	const char *s = NULL;
	const struct dnsauth_ynode *r;

	parse_ok("a: hello\nb: [x]\nc: {}\nd: ~\ne: ''\nf: 'null'\n");
	r = doc->root;
	ck_assert_int_eq(dnsauth_ynode_string(doc, dnsauth_ynode_get(r, "a"), "a",
					      &s, &err), 0);
	ck_assert_str_eq(s, "hello");
	ck_assert_int_eq(dnsauth_ynode_string(doc, dnsauth_ynode_get(r, "e"), "e",
					      &s, &err), 0);
	ck_assert_str_eq(s, "");
	ck_assert_int_eq(dnsauth_ynode_string(doc, dnsauth_ynode_get(r, "f"), "f",
					      &s, &err), 0);
	ck_assert_str_eq(s, "null");
	ck_assert_str_eq(dnsauth_buf_str(&err), "");

	ck_assert_int_eq(dnsauth_ynode_string(doc, dnsauth_ynode_get(r, "b"), "b",
					      &s, &err), DNSAUTH_EPARSE);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "t.yaml:2:4: 'b' must be a string, not a list");
	dnsauth_buf_reset(&err);
	ck_assert_int_eq(dnsauth_ynode_string(doc, dnsauth_ynode_get(r, "c"), "c",
					      &s, &err), DNSAUTH_EPARSE);
	ck_assert_str_eq(dnsauth_buf_str(&err),
			 "t.yaml:3:4: 'c' must be a string, not a mapping");
	dnsauth_buf_reset(&err);
	ck_assert_int_eq(dnsauth_ynode_string(doc, dnsauth_ynode_get(r, "d"), "d",
					      &s, &err), DNSAUTH_EPARSE);
	ck_assert_str_eq(dnsauth_buf_str(&err), "t.yaml:4:4: 'd' must not be empty");
	dnsauth_buf_reset(&err);
	ck_assert_int_eq(dnsauth_ynode_string(doc, NULL, "g", &s, &err),
			 DNSAUTH_EPARSE);
	ck_assert_str_eq(dnsauth_buf_str(&err), "t.yaml: 'g' is missing");
}
END_TEST

START_TEST(test_node_error)
{
	parse_ok("a:\n  b: 1\n");
	dnsauth_ynode_error(doc, dnsauth_ynode_get(doc->root->items[0], "b"), &err,
			    "bad %s (%d)", "value", 7);
	ck_assert_str_eq(dnsauth_buf_str(&err), "t.yaml:2:6: bad value (7)");
	dnsauth_buf_reset(&err);
	dnsauth_ynode_error(doc, NULL, &err, "whole file");
	ck_assert_str_eq(dnsauth_buf_str(&err), "t.yaml: whole file");
}
END_TEST

/* ------------------------------------------------------------ suggestions */

START_TEST(test_edit_distance)
{
	char a[100], b[100];

	ck_assert_uint_eq(dnsauth_edit_distance("", ""), 0);
	ck_assert_uint_eq(dnsauth_edit_distance("abc", ""), 3);
	ck_assert_uint_eq(dnsauth_edit_distance("", "abcd"), 4);
	ck_assert_uint_eq(dnsauth_edit_distance("ttl", "ttl"), 0);
	ck_assert_uint_eq(dnsauth_edit_distance("kitten", "sitting"), 3);
	ck_assert_uint_eq(dnsauth_edit_distance("sitting", "kitten"), 3);
	ck_assert_uint_eq(dnsauth_edit_distance("sendres", "senders"), 1); /* a transposition is one edit */
	ck_assert_uint_eq(dnsauth_edit_distance("flaw", "lawn"), 2);
	ck_assert_uint_eq(dnsauth_edit_distance("TTL", "ttl"), 3);
	/* inputs are cut at 64 characters */
	memset(a, 'a', sizeof(a) - 1);
	a[sizeof(a) - 1] = '\0';
	memset(b, 'a', sizeof(b) - 1);
	b[sizeof(b) - 1] = '\0';
	b[80] = 'b';
	ck_assert_uint_eq(dnsauth_edit_distance(a, b), 0);
	b[10] = 'b';
	ck_assert_uint_eq(dnsauth_edit_distance(a, b), 1);
	ck_assert_uint_eq(dnsauth_edit_distance(a, ""), 64);
}
END_TEST

START_TEST(test_suggest)
{
	static const char *const c[] = { "include", "ip4", "ip6", "mx", "a",
					 "exists", NULL };

	ck_assert_str_eq(dnsauth_suggest("inclde", c), "include");
	ck_assert_str_eq(dnsauth_suggest("includes", c), "include");
	ck_assert_str_eq(dnsauth_suggest("INCLUDE", c), "include");
	ck_assert_str_eq(dnsauth_suggest("Mx", c), "mx");
	/* distance 1 is always allowed; ties go to the first candidate */
	ck_assert_str_eq(dnsauth_suggest("ip", c), "ip4");
	ck_assert_str_eq(dnsauth_suggest("ip5", c), "ip4");
	ck_assert_str_eq(dnsauth_suggest("mxx", c), "mx");
	/* 6 / 3 = 2 edits allowed, 3 is too many */
	ck_assert_str_eq(dnsauth_suggest("exisst", c), "exists");
	ck_assert_ptr_null(dnsauth_suggest("colour", c));
	ck_assert_ptr_null(dnsauth_suggest("xyzzy", c));
	ck_assert_ptr_null(dnsauth_suggest("ip4", (const char *const[]){ NULL }));
	ck_assert_ptr_null(dnsauth_suggest("ip4", NULL));
}
END_TEST

static Suite *ytree_suite(void)
{
	Suite *s = suite_create("ytree");
	TCase *tree = tcase_create("tree");
	TCase *errors = tcase_create("errors");
	TCase *load = tcase_create("load");
	TCase *access = tcase_create("access");
	TCase *suggest = tcase_create("suggest");

	tcase_add_checked_fixture(tree, setup, teardown);
	tcase_add_test(tree, test_block_positions);
	tcase_add_test(tree, test_flow_positions);
	tcase_add_test(tree, test_positions_crlf_bom_utf8);
	tcase_add_test(tree, test_quoted_flag);
	tcase_add_test(tree, test_null_detection);
	tcase_add_test(tree, test_empty_documents);
	tcase_add_test(tree, test_explicit_document);
	tcase_add_test(tree, test_get);
	tcase_add_test(tree, test_merge_key_is_plain_key);
	tcase_add_test(tree, test_quoted_keys);
	suite_add_tcase(s, tree);

	tcase_add_checked_fixture(errors, setup, teardown);
	tcase_add_test(errors, test_error_syntax);
	tcase_add_test(errors, test_error_syntax_context);
	tcase_add_test(errors, test_error_alias);
	tcase_add_test(errors, test_error_anchor);
	tcase_add_test(errors, test_error_tag);
	tcase_add_test(errors, test_error_second_document);
	tcase_add_test(errors, test_error_non_scalar_key);
	tcase_add_test(errors, test_error_depth);
	tcase_add_test(errors, test_depth_at_limit);
	tcase_add_test(errors, test_error_node_limit);
	tcase_add_test(errors, test_error_size_limit);
	tcase_add_test(errors, test_error_invalid_utf8);
	tcase_add_test(errors, test_error_nul);
	tcase_add_test(errors, test_errors_are_appended);
	suite_add_tcase(s, errors);

	tcase_add_checked_fixture(load, setup, teardown);
	tcase_add_test(load, test_load_missing);
	tcase_add_test(load, test_load_file);
	tcase_add_test(load, test_load_ok);
	suite_add_tcase(s, load);

	tcase_add_checked_fixture(access, setup, teardown);
	tcase_add_test(access, test_keys_ok);
	tcase_add_test(access, test_keys_unknown_hint);
	tcase_add_test(access, test_keys_unknown_no_hint);
	tcase_add_test(access, test_keys_unknown_escaped);
	tcase_add_test(access, test_keys_duplicate);
	tcase_add_test(access, test_keys_not_mapping);
	tcase_add_test(access, test_int_ok);
	tcase_add_test(access, test_int_not_a_number);
	tcase_add_test(access, test_int_malformed);
	tcase_add_test(access, test_int_range_overflow);
	tcase_add_test(access, test_int_value_escaped_and_cut);
	tcase_add_test(access, test_string);
	tcase_add_test(access, test_node_error);
	suite_add_tcase(s, access);

	tcase_add_test(suggest, test_edit_distance);
	tcase_add_test(suggest, test_suggest);
	suite_add_tcase(s, suggest);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ytree_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
