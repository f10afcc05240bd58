/* SPDX-License-Identifier: MIT */
/*
 * ytree.h - a YAML document as a small tree of nodes with positions.
 *
 * Built on libyaml's event parser. Every node keeps the line and column
 * where it starts, so loaders can report "file:line:col: message".
 * Anchors and aliases are refused (they make hostile input expensive);
 * depth, node count and input size are bounded.
 */
#ifndef DNSAUTH_YTREE_H
#define DNSAUTH_YTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

enum dnsauth_ynode_type {
	DNSAUTH_Y_SCALAR,
	DNSAUTH_Y_SEQUENCE,
	DNSAUTH_Y_MAPPING,
};

struct dnsauth_ynode {
	enum dnsauth_ynode_type type;
	unsigned line;    /*!< 1-based */
	unsigned column;  /*!< 1-based */
	char *value;      /*!< scalar text (NUL-terminated), NULL otherwise */
	size_t value_len;
	bool quoted;      /*!< scalar was quoted ('...', "...") or a block
	                       scalar (| or >): always a string, never null */
	/* sequence items, or mapping keys and values (keys[i] -> items[i]) */
	struct dnsauth_ynode **keys;
	struct dnsauth_ynode **items;
	size_t n;
	size_t cap;
};

struct dnsauth_ydoc {
	char *file;                 /*!< name used in messages */
	struct dnsauth_ynode *root; /*!< NULL for an empty document */
	size_t nodes;
};

#define DNSAUTH_YAML_MAX_BYTES (1024u * 1024u)
#define DNSAUTH_YAML_MAX_DEPTH 32u
#define DNSAUTH_YAML_MAX_NODES 100000u

/**
 * \brief Parse a YAML document from memory.
 * \param[in] file name used in error messages
 * \param[out] out the document; free with dnsauth_ydoc_free()
 * \param[out] err on failure receives "file:line:col: message"
 * \return 0, DNSAUTH_EPARSE, DNSAUTH_ELIMIT or DNSAUTH_ENOMEM
 */
int dnsauth_ydoc_parse(const char *file, const char *data, size_t len,
		       struct dnsauth_ydoc **out, struct dnsauth_buf *err);

/**
 * \brief Read and parse a YAML file ("-" reads standard input).
 * \return as dnsauth_ydoc_parse, or DNSAUTH_EIO when unreadable.
 */
int dnsauth_ydoc_load(const char *path, struct dnsauth_ydoc **out,
		      struct dnsauth_buf *err);

/** \brief Free a document; NULL is allowed. */
void dnsauth_ydoc_free(struct dnsauth_ydoc *doc);

/** \brief Value of key \p key in mapping \p map, or NULL. */
struct dnsauth_ynode *dnsauth_ynode_get(const struct dnsauth_ynode *map,
					const char *key);

/** \brief YAML null: an empty plain scalar, "~", "null", "Null", "NULL". */
bool dnsauth_ynode_is_null(const struct dnsauth_ynode *n);

/**
 * \brief Check that every key of mapping \p map is in the NULL-terminated
 * list \p allowed and appears once. On failure write to \p err
 * "file:line:col: unknown key 'x' in WHERE (did you mean 'y'?)" or a
 * duplicate-key
 * message. \return 0 or DNSAUTH_EPARSE.
 */
int dnsauth_ynode_check_keys(const struct dnsauth_ydoc *doc,
			     const struct dnsauth_ynode *map,
			     const char *const *allowed, const char *where,
			     struct dnsauth_buf *err);

/** \brief Write "file:line:col: " + formatted message for node \p n. */
void dnsauth_ynode_error(const struct dnsauth_ydoc *doc,
			 const struct dnsauth_ynode *n, struct dnsauth_buf *err,
			 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/** \brief Read an integer scalar in [min, max]; error names \p key. */
int dnsauth_ynode_int(const struct dnsauth_ydoc *doc,
		      const struct dnsauth_ynode *n, const char *key,
		      long long min, long long max, long long *out,
		      struct dnsauth_buf *err);

/** \brief Require a scalar (error names \p key); returns its text. */
int dnsauth_ynode_string(const struct dnsauth_ydoc *doc,
			 const struct dnsauth_ynode *n, const char *key,
			 const char **out, struct dnsauth_buf *err);

/** \brief Name of a node type for messages ("a string", "a list", ...). */
const char *dnsauth_ynode_type_name(const struct dnsauth_ynode *n);

/** \brief Levenshtein distance (bounded inputs; for "did you mean"). */
size_t dnsauth_edit_distance(const char *a, const char *b);

/** \brief The candidate closest to \p word, or NULL when none is close. */
const char *dnsauth_suggest(const char *word, const char *const *candidates);

#endif
