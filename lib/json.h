/* SPDX-License-Identifier: MIT */
/*
 * json.h - a small JSON writer into a dnsauth_buf.
 *
 * Keeps track of commas and nesting; strings are escaped and bytes that
 * are not valid UTF-8 become U+FFFD. The caller alternates keys and values
 * inside objects and writes one top-level value; the writer checks nesting
 * (at most DNSAUTH_JSON_MAX_DEPTH - 1 levels) but not that alternation.
 */
#ifndef DNSAUTH_JSON_H
#define DNSAUTH_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

#define DNSAUTH_JSON_MAX_DEPTH 32

struct dnsauth_json {
	struct dnsauth_buf *out;
	int depth;
	bool first[DNSAUTH_JSON_MAX_DEPTH]; /*!< no member written yet */
	bool pretty;                         /*!< indent with two spaces */
	bool after_key;
	int err;
};

/** \brief Start writing into \p out (not owned). */
void dnsauth_json_init(struct dnsauth_json *j, struct dnsauth_buf *out, bool pretty);
void dnsauth_json_object_begin(struct dnsauth_json *j);
void dnsauth_json_object_end(struct dnsauth_json *j);
void dnsauth_json_array_begin(struct dnsauth_json *j);
void dnsauth_json_array_end(struct dnsauth_json *j);
/** \brief Write an object key (the next call writes its value). */
void dnsauth_json_key(struct dnsauth_json *j, const char *key);
/** \brief Write a string value; NULL writes null. */
void dnsauth_json_string(struct dnsauth_json *j, const char *s);
void dnsauth_json_string_n(struct dnsauth_json *j, const char *s, size_t n);
void dnsauth_json_int(struct dnsauth_json *j, long long v);
void dnsauth_json_bool(struct dnsauth_json *j, bool v);
void dnsauth_json_null(struct dnsauth_json *j);
/** \brief key + string value in one call (NULL writes null). */
void dnsauth_json_kv_string(struct dnsauth_json *j, const char *key, const char *s);
void dnsauth_json_kv_int(struct dnsauth_json *j, const char *key, long long v);
/** \brief Finish: 0, or the first error (DNSAUTH_ELIMIT on bad nesting). */
int dnsauth_json_finish(struct dnsauth_json *j);

/** \brief Append \p s as a JSON string literal (quotes included). */
int dnsauth_json_escape(struct dnsauth_buf *out, const char *s, size_t n);

#endif
