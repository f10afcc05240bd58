/* SPDX-License-Identifier: MIT */
/*
 * ytree.c - build a positioned node tree from libyaml's event stream.
 *
 * The tree is built without recursion from an explicit stack whose depth
 * is capped at DNSAUTH_YAML_MAX_DEPTH, so freeing it (which does recurse)
 * is bounded too. Anchors, aliases and tags are refused.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "error.h"
#include "output.h"
#include "ytree.h"

/* Longest input text quoted back in a message, in bytes. */
#define SHOW_MAX 60
/* Longest prefix of a word compared by dnsauth_edit_distance(). */
#define EDIT_MAX 64

struct builder {
	struct dnsauth_ydoc *doc;
	struct dnsauth_buf *err;
	struct dnsauth_ynode *stack[DNSAUTH_YAML_MAX_DEPTH];
	unsigned depth;
};

static void node_free(struct dnsauth_ynode *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->n; i++) {
		if (n->keys)
			node_free(n->keys[i]);
		node_free(n->items[i]);
	}
	free(n->keys);
	free(n->items);
	free(n->value);
	free(n);
}

void dnsauth_ydoc_free(struct dnsauth_ydoc *doc)
{
	if (!doc)
		return;
	node_free(doc->root);
	free(doc->file);
	free(doc);
}

static const char *doc_file(const struct dnsauth_ydoc *doc)
{
	return doc && doc->file ? doc->file : "<input>";
}

/* "file:line:col: " (or "file: " without a position). */
static void put_pos(struct dnsauth_buf *err, const char *file, size_t line,
		    size_t column)
{
	dnsauth_buf_put_safe(err, file, strlen(file));
	if (line > 0)
		dnsauth_buf_printf(err, ":%zu:%zu: ", line, column);
	else
		dnsauth_buf_puts(err, ": ");
}

static void put_node_pos(struct dnsauth_buf *err, const struct dnsauth_ydoc *doc,
			 const struct dnsauth_ynode *n)
{
	if (n)
		put_pos(err, doc_file(doc), n->line, n->column);
	else
		put_pos(err, doc_file(doc), 0, 0);
}

/* Input text in single quotes, escaped, cut after about SHOW_MAX bytes. */
static void put_value(struct dnsauth_buf *err, const char *s, size_t len)
{
	size_t n = len;

	if (n > SHOW_MAX) {
		n = SHOW_MAX;
		/* do not cut a UTF-8 sequence in two */
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	dnsauth_buf_putc(err, '\'');
	dnsauth_buf_put_safe(err, s, n);
	if (n < len)
		dnsauth_buf_puts(err, "...");
	dnsauth_buf_putc(err, '\'');
}

void dnsauth_ynode_error(const struct dnsauth_ydoc *doc,
			 const struct dnsauth_ynode *n, struct dnsauth_buf *err,
			 const char *fmt, ...)
{
	va_list ap;

	put_node_pos(err, doc, n);
	va_start(ap, fmt);
	dnsauth_buf_vprintf(err, fmt, ap);
	va_end(ap);
}

/* "file:line:col: " for a libyaml mark (0-based). */
static void put_mark(struct builder *b, const yaml_mark_t *mark)
{
	put_pos(b->err, b->doc->file, mark->line + 1, mark->column + 1);
}

/* Error at a libyaml mark of the document being built. */
static int mark_error(struct builder *b, const yaml_mark_t *mark, int rc,
		      const char *msg)
{
	put_mark(b, mark);
	dnsauth_buf_puts(b->err, msg);
	return rc;
}

static int nomem(struct builder *b)
{
	put_pos(b->err, b->doc->file, 0, 0);
	dnsauth_buf_puts(b->err, "out of memory");
	return DNSAUTH_ENOMEM;
}

/*
 * Position of byte offset off in the input, the way libyaml counts it:
 * lines end at LF, CR LF or CR; columns count characters, not bytes.
 */
static void offset_pos(const char *data, size_t len, size_t off, size_t *line,
		       size_t *column)
{
	size_t i;

	*line = 1;
	*column = 1;
	if (off > len)
		off = len;
	for (i = 0; i < off; i++) {
		unsigned char c = (unsigned char)data[i];

		if (c == '\n' || (c == '\r' && (i + 1 >= len || data[i + 1] != '\n'))) {
			(*line)++;
			*column = 1;
		} else if (c != '\r' && (c & 0xc0) != 0x80) {
			(*column)++;
		}
	}
}

static int parser_error(struct builder *b, const yaml_parser_t *p,
			const char *data, size_t len)
{
	const char *problem = p->problem ? p->problem : "invalid YAML";
	size_t line, column;

	if (p->error == YAML_MEMORY_ERROR)
		return nomem(b);
	if (p->error == YAML_READER_ERROR) {
		offset_pos(data, len, p->problem_offset, &line, &column);
		put_pos(b->err, b->doc->file, line, column);
		dnsauth_buf_puts(b->err, problem);
		/* the value is a byte for "octet" problems, else a code point */
		if (p->problem_value >= 0 && strstr(problem, "octet"))
			dnsauth_buf_printf(b->err, " (byte 0x%02X)",
					   (unsigned)p->problem_value);
		else if (p->problem_value >= 0)
			dnsauth_buf_printf(b->err, " (U+%04X)",
					   (unsigned)p->problem_value);
		return DNSAUTH_EPARSE;
	}
	put_mark(b, &p->problem_mark);
	dnsauth_buf_puts(b->err, problem);
	if (p->context) {
		if (p->context_mark.line == p->problem_mark.line)
			dnsauth_buf_printf(b->err, " (%s)", p->context);
		else
			dnsauth_buf_printf(b->err, " (%s that started at line %zu)",
					   p->context, p->context_mark.line + 1);
	}
	return DNSAUTH_EPARSE;
}

/* Make room for one more child (and key, in a mapping). */
static int node_grow(struct dnsauth_ynode *n)
{
	struct dnsauth_ynode **p;
	size_t cap;

	if (n->n < n->cap)
		return 0;
	cap = n->cap ? n->cap * 2 : 4;
	p = realloc(n->items, cap * sizeof(*p));
	if (!p)
		return DNSAUTH_ENOMEM;
	n->items = p;
	if (n->type == DNSAUTH_Y_MAPPING) {
		p = realloc(n->keys, cap * sizeof(*p));
		if (!p)
			return DNSAUTH_ENOMEM;
		n->keys = p;
	}
	n->cap = cap;
	return 0;
}

static struct dnsauth_ynode *top(const struct builder *b)
{
	return b->depth ? b->stack[b->depth - 1] : NULL;
}

/* Whether the next node is a key of the innermost open mapping. */
static bool want_key(const struct builder *b)
{
	const struct dnsauth_ynode *t = top(b);

	return t && t->type == DNSAUTH_Y_MAPPING &&
	       (t->n == 0 || t->items[t->n - 1] != NULL);
}

/* Hang a new node into the tree; on failure the caller still owns it. */
static int attach(struct builder *b, struct dnsauth_ynode *n)
{
	struct dnsauth_ynode *t = top(b);

	if (!t) {
		b->doc->root = n;
		return 0;
	}
	if (t->type == DNSAUTH_Y_MAPPING && !want_key(b)) {
		t->items[t->n - 1] = n;
		return 0;
	}
	if (node_grow(t))
		return DNSAUTH_ENOMEM;
	if (t->type == DNSAUTH_Y_MAPPING) {
		t->keys[t->n] = n;
		t->items[t->n] = NULL;
	} else {
		t->items[t->n] = n;
	}
	t->n++;
	return 0;
}

/* Checks shared by every node event, then the new node (not yet attached). */
static int node_new(struct builder *b, const yaml_event_t *ev,
		    enum dnsauth_ynode_type type, const yaml_char_t *anchor,
		    const yaml_char_t *tag, struct dnsauth_ynode **out)
{
	struct dnsauth_ynode *n;

	*out = NULL;
	if (anchor)
		return mark_error(b, &ev->start_mark, DNSAUTH_EPARSE,
				  "anchors and aliases are not supported");
	if (tag)
		return mark_error(b, &ev->start_mark, DNSAUTH_EPARSE,
				  "tags are not supported");
	if (type != DNSAUTH_Y_SCALAR && want_key(b))
		return mark_error(b, &ev->start_mark, DNSAUTH_EPARSE,
				  "mapping keys must be plain strings");
	if (b->doc->nodes >= DNSAUTH_YAML_MAX_NODES) {
		put_mark(b, &ev->start_mark);
		dnsauth_buf_printf(b->err, "more than %u YAML nodes",
				   DNSAUTH_YAML_MAX_NODES);
		return DNSAUTH_ELIMIT;
	}
	n = calloc(1, sizeof(*n));
	if (!n)
		return nomem(b);
	n->type = type;
	n->line = (unsigned)ev->start_mark.line + 1;
	n->column = (unsigned)ev->start_mark.column + 1;
	b->doc->nodes++;
	*out = n;
	return 0;
}

static int on_scalar(struct builder *b, const yaml_event_t *ev)
{
	const char *value = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	struct dnsauth_ynode *n;
	int rc;

	rc = node_new(b, ev, DNSAUTH_Y_SCALAR, ev->data.scalar.anchor,
		      ev->data.scalar.tag, &n);
	if (rc)
		return rc;
	if (len > 0 && memchr(value, '\0', len)) {
		rc = mark_error(b, &ev->start_mark, DNSAUTH_EPARSE,
				"a string must not contain a NUL byte");
		goto fail;
	}
	n->value = malloc(len + 1);
	if (!n->value) {
		rc = nomem(b);
		goto fail;
	}
	memcpy(n->value, value, len);
	n->value[len] = '\0';
	n->value_len = len;
	/* only plain scalars resolve to null or to numbers */
	n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
	rc = attach(b, n);
	if (rc) {
		rc = nomem(b);
		goto fail;
	}
	return 0;
fail:
	node_free(n);
	return rc;
}

static int on_collection(struct builder *b, const yaml_event_t *ev,
			 enum dnsauth_ynode_type type)
{
	const yaml_char_t *anchor, *tag;
	struct dnsauth_ynode *n;
	int rc;

	if (type == DNSAUTH_Y_MAPPING) {
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
	} else {
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
	}
	if (!anchor && !tag && b->depth >= DNSAUTH_YAML_MAX_DEPTH) {
		put_mark(b, &ev->start_mark);
		dnsauth_buf_printf(b->err, "nested deeper than %u levels",
				   DNSAUTH_YAML_MAX_DEPTH);
		return DNSAUTH_ELIMIT;
	}
	rc = node_new(b, ev, type, anchor, tag, &n);
	if (rc)
		return rc;
	if (attach(b, n)) {
		node_free(n);
		return nomem(b);
	}
	b->stack[b->depth++] = n;
	return 0;
}

/* Handle one event; *done is set at the end of the stream. */
static int on_event(struct builder *b, const yaml_event_t *ev, unsigned *docs,
		    bool *done)
{
	struct dnsauth_ynode *root;

	switch (ev->type) {
	case YAML_STREAM_START_EVENT:
		return 0;
	case YAML_STREAM_END_EVENT:
		*done = true;
		return 0;
	case YAML_DOCUMENT_START_EVENT:
		if (*docs > 0)
			return mark_error(b, &ev->start_mark, DNSAUTH_EPARSE,
					  "only one YAML document is allowed");
		(*docs)++;
		return 0;
	case YAML_DOCUMENT_END_EVENT:
		/* "---" alone parses as an empty plain scalar */
		root = b->doc->root;
		if (root && root->type == DNSAUTH_Y_SCALAR && !root->quoted &&
		    root->value_len == 0) {
			node_free(root);
			b->doc->root = NULL;
			b->doc->nodes--;
		}
		return 0;
	case YAML_ALIAS_EVENT:
		return mark_error(b, &ev->start_mark, DNSAUTH_EPARSE,
				  "anchors and aliases are not supported");
	case YAML_SCALAR_EVENT:
		return on_scalar(b, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_collection(b, ev, DNSAUTH_Y_SEQUENCE);
	case YAML_MAPPING_START_EVENT:
		return on_collection(b, ev, DNSAUTH_Y_MAPPING);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (b->depth > 0)
			b->depth--;
		return 0;
	case YAML_NO_EVENT:
		break;
	}
	/* libyaml never returns YAML_NO_EVENT from a successful parse */
	return mark_error(b, &ev->start_mark, DNSAUTH_EPARSE,
			  "unexpected end of input");
}

int dnsauth_ydoc_parse(const char *file, const char *data, size_t len,
		       struct dnsauth_ydoc **out, struct dnsauth_buf *err)
{
	struct builder b;
	yaml_parser_t parser;
	yaml_event_t event;
	bool parser_ready = false, done = false;
	unsigned docs = 0;
	int rc = 0;

	*out = NULL;
	memset(&b, 0, sizeof(b));
	b.err = err;
	if (!file)
		file = "<input>";
	if (len > DNSAUTH_YAML_MAX_BYTES) {
		put_pos(err, file, 0, 0);
		dnsauth_buf_printf(err, "larger than %u bytes",
				   DNSAUTH_YAML_MAX_BYTES);
		return DNSAUTH_ELIMIT;
	}
	if (!data)
		data = "";
	/*
	 * Drop a UTF-8 byte order mark here: with the encoding forced to
	 * UTF-8, libyaml would count it as a column of the first line.
	 */
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		len -= 3;
	}
	b.doc = calloc(1, sizeof(*b.doc));
	if (!b.doc)
		goto nomem;
	b.doc->file = strdup(file);
	if (!b.doc->file)
		goto nomem;
	if (!yaml_parser_initialize(&parser))
		goto nomem;
	parser_ready = true;
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

	while (!done) {
		if (!yaml_parser_parse(&parser, &event)) {
			rc = parser_error(&b, &parser, data, len);
			goto cleanup;
		}
		rc = on_event(&b, &event, &docs, &done);
		yaml_event_delete(&event);
		if (rc)
			goto cleanup;
	}
	*out = b.doc;
	b.doc = NULL;
	goto cleanup;

nomem:
	put_pos(err, file, 0, 0);
	dnsauth_buf_puts(err, "out of memory");
	rc = DNSAUTH_ENOMEM;
cleanup:
	if (parser_ready)
		yaml_parser_delete(&parser);
	dnsauth_ydoc_free(b.doc);
	return rc;
}

int dnsauth_ydoc_load(const char *path, struct dnsauth_ydoc **out,
		      struct dnsauth_buf *err)
{
	const char *shown = strcmp(path, "-") == 0 ? "<stdin>" : path;
	char *data = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	rc = dnsauth_read_file(path, DNSAUTH_YAML_MAX_BYTES, &data, &len, err);
	if (rc == 0)
		rc = dnsauth_ydoc_parse(shown, data, len, out, err);
	free(data);
	return rc;
}

struct dnsauth_ynode *dnsauth_ynode_get(const struct dnsauth_ynode *map,
					const char *key)
{
	size_t i, len;

	if (!map || map->type != DNSAUTH_Y_MAPPING || !key)
		return NULL;
	len = strlen(key);
	for (i = 0; i < map->n; i++) {
		const struct dnsauth_ynode *k = map->keys[i];

		if (k->value_len == len && memcmp(k->value, key, len) == 0)
			return map->items[i];
	}
	return NULL;
}

bool dnsauth_ynode_is_null(const struct dnsauth_ynode *n)
{
	if (!n || n->type != DNSAUTH_Y_SCALAR || n->quoted)
		return false;
	return n->value_len == 0 || strcmp(n->value, "~") == 0 ||
	       strcmp(n->value, "null") == 0 || strcmp(n->value, "Null") == 0 ||
	       strcmp(n->value, "NULL") == 0;
}

const char *dnsauth_ynode_type_name(const struct dnsauth_ynode *n)
{
	if (!n)
		return "nothing";
	switch (n->type) {
	case DNSAUTH_Y_SCALAR:
		return dnsauth_ynode_is_null(n) ? "null" : "a string";
	case DNSAUTH_Y_SEQUENCE:
		return "a list";
	case DNSAUTH_Y_MAPPING:
		return "a mapping";
	}
	return "nothing";
}

static bool in_list(const char *s, const char *const *list)
{
	for (; list && *list; list++) {
		if (strcmp(s, *list) == 0)
			return true;
	}
	return false;
}

int dnsauth_ynode_check_keys(const struct dnsauth_ydoc *doc,
			     const struct dnsauth_ynode *map,
			     const char *const *allowed, const char *where,
			     struct dnsauth_buf *err)
{
	size_t i, j;

	if (!map || map->type != DNSAUTH_Y_MAPPING) {
		put_node_pos(err, doc, map);
		dnsauth_buf_printf(err, "%s must be a mapping", where);
		if (map)
			dnsauth_buf_printf(err, ", not %s",
					   dnsauth_ynode_type_name(map));
		return DNSAUTH_EPARSE;
	}
	/*
	 * Every key before i is allowed and unique, so the inner loop is
	 * bounded by the length of the allowed list, not by the input.
	 */
	for (i = 0; i < map->n; i++) {
		const struct dnsauth_ynode *k = map->keys[i];
		const char *hint;

		if (!in_list(k->value, allowed)) {
			hint = dnsauth_suggest(k->value, allowed);
			put_node_pos(err, doc, k);
			dnsauth_buf_puts(err, "unknown key ");
			put_value(err, k->value, k->value_len);
			dnsauth_buf_printf(err, " in %s", where);
			if (hint)
				dnsauth_buf_printf(err, " (did you mean '%s'?)", hint);
			return DNSAUTH_EPARSE;
		}
		for (j = 0; j < i; j++) {
			const struct dnsauth_ynode *first = map->keys[j];

			if (strcmp(first->value, k->value) != 0)
				continue;
			put_node_pos(err, doc, k);
			dnsauth_buf_puts(err, "duplicate key ");
			put_value(err, k->value, k->value_len);
			dnsauth_buf_printf(err, " in %s (first at line %u)", where,
					   first->line);
			return DNSAUTH_EPARSE;
		}
	}
	return 0;
}

/* Parse optional '-' and decimal digits; false if malformed or out of range. */
static bool parse_int(const char *s, size_t len, long long min, long long max,
		      long long *out)
{
	unsigned long long acc = 0, limit = LLONG_MAX;
	bool neg = false;
	size_t i = 0;

	if (len > 0 && s[0] == '-' && min < 0) {
		neg = true;
		limit = (unsigned long long)LLONG_MAX + 1;
		i = 1;
	}
	if (i == len)
		return false;
	for (; i < len; i++) {
		unsigned d;

		if (s[i] < '0' || s[i] > '9')
			return false;
		d = (unsigned)(s[i] - '0');
		if (acc > (limit - d) / 10)
			return false;
		acc = acc * 10 + d;
	}
	if (!neg)
		*out = (long long)acc;
	else if (acc == (unsigned long long)LLONG_MAX + 1)
		*out = LLONG_MIN;
	else
		*out = -(long long)acc;
	return *out >= min && *out <= max;
}

static void put_missing(const struct dnsauth_ydoc *doc, const char *key,
			struct dnsauth_buf *err)
{
	put_node_pos(err, doc, NULL);
	dnsauth_buf_printf(err, "'%s' is missing", key);
}

int dnsauth_ynode_int(const struct dnsauth_ydoc *doc,
		      const struct dnsauth_ynode *n, const char *key,
		      long long min, long long max, long long *out,
		      struct dnsauth_buf *err)
{
	long long v;

	if (!n) {
		put_missing(doc, key, err);
		return DNSAUTH_EPARSE;
	}
	if (n->type == DNSAUTH_Y_SCALAR && !n->quoted &&
	    parse_int(n->value, n->value_len, min, max, &v)) {
		*out = v;
		return 0;
	}
	put_node_pos(err, doc, n);
	dnsauth_buf_printf(err, "'%s' must be an integer between %lld and %lld, not ",
			   key, min, max);
	if (n->type != DNSAUTH_Y_SCALAR || dnsauth_ynode_is_null(n)) {
		dnsauth_buf_puts(err, dnsauth_ynode_type_name(n));
		return DNSAUTH_EPARSE;
	}
	if (n->quoted)
		dnsauth_buf_puts(err, "the quoted string ");
	put_value(err, n->value, n->value_len);
	return DNSAUTH_EPARSE;
}

int dnsauth_ynode_string(const struct dnsauth_ydoc *doc,
			 const struct dnsauth_ynode *n, const char *key,
			 const char **out, struct dnsauth_buf *err)
{
	if (!n) {
		put_missing(doc, key, err);
		return DNSAUTH_EPARSE;
	}
	if (n->type != DNSAUTH_Y_SCALAR) {
		dnsauth_ynode_error(doc, n, err, "'%s' must be a string, not %s",
				    key, dnsauth_ynode_type_name(n));
		return DNSAUTH_EPARSE;
	}
	if (dnsauth_ynode_is_null(n)) {
		dnsauth_ynode_error(doc, n, err, "'%s' must not be empty", key);
		return DNSAUTH_EPARSE;
	}
	*out = n->value;
	return 0;
}

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

/* Optimal string alignment distance: Levenshtein plus transposition of
 * two adjacent characters as one edit ("alpah" is one edit from "alpha"). */
size_t dnsauth_edit_distance(const char *a, const char *b)
{
	size_t prev2[EDIT_MAX + 1], prev[EDIT_MAX + 1], row[EDIT_MAX + 1];
	size_t la = strnlen(a, EDIT_MAX), lb = strnlen(b, EDIT_MAX);
	size_t i, j;

	for (j = 0; j <= lb; j++)
		prev[j] = j;
	memcpy(prev2, prev, sizeof(prev));
	for (i = 1; i <= la; i++) {
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;

			row[j] = min3(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    prev2[j - 2] + 1 < row[j])
				row[j] = prev2[j - 2] + 1;
		}
		memcpy(prev2, prev, sizeof(prev));
		memcpy(prev, row, sizeof(row));
	}
	return prev[lb];
}

const char *dnsauth_suggest(const char *word, const char *const *candidates)
{
	const char *best = NULL;
	size_t limit, best_d = SIZE_MAX, i;

	if (!word || !*word || !candidates)
		return NULL;
	for (i = 0; candidates[i]; i++) {
		if (strcasecmp(word, candidates[i]) == 0)
			return candidates[i];
	}
	limit = strlen(word) / 3;
	if (limit < 1)
		limit = 1;
	for (i = 0; candidates[i]; i++) {
		size_t d = dnsauth_edit_distance(word, candidates[i]);

		if (d <= limit && d < best_d) {
			best = candidates[i];
			best_d = d;
		}
	}
	return best;
}
