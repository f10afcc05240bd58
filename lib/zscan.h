/* SPDX-License-Identifier: MIT */
/*
 * zscan.h - reading zone files and snippets record by record, keeping
 * where every record and every token was written.
 *
 * The scanner splits the raw text into records itself (comments,
 * parentheses, quoted strings, escapes, $ORIGIN/$TTL/$INCLUDE), so that
 * it sees what ldns's zone reader papers over, and reports it as
 * zone-syntax findings with file:line:col:
 *   - a byte-order mark at the start of the file;
 *   - a quoted string still open at the end of a line: outside
 *     parentheses ldns closes it there; inside them it joins the lines
 *     with a space. Either way the record is not what was written;
 *   - unbalanced parentheses, a NUL byte, an unknown $directive;
 *   - a relative name (owner or RDATA) when no origin is known: ldns
 *     would silently put it under the root;
 *   - a number ldns would read as another one: it wraps what is out of
 *     range and takes a sign ("65536" and "-1" are MX preferences 0 and
 *     65535), in a TTL or $TTL and in the numeric fields of MX, SRV, SOA,
 *     TLSA and CAA (plain decimal digits within range are taken, and the
 *     units of a time value, 1h30m). A TTL over 2^31 - 1 is a warning
 *     (RFC 2181 §8).
 * Each record's text is then parsed with ldns (ldns_rr_new_frm_str) with
 * the origin and default TTL in force; a record ldns refuses is a
 * zone-syntax finding at the record (or the token ldns names), and
 * scanning goes on with the next record.
 *
 * The origin of a file: opts->origin (--origin), else inferred from the
 * file name (dnsauth_zscan_infer_origin), else none until a $ORIGIN.
 */
#ifndef DNSAUTH_ZSCAN_H
#define DNSAUTH_ZSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ldns/ldns.h>

#include "finding.h"

/** Bounds: bytes of one file, records of one file, tokens of one record. */
#define DNSAUTH_ZSCAN_FILE_MAX (256u * 1024u * 1024u)
#define DNSAUTH_ZSCAN_RECORDS_MAX 10000000u
#define DNSAUTH_ZSCAN_TOKENS_MAX 65536u

/** One token of a record as written. */
struct dnsauth_ztok {
	char *text;       /*!< the raw text; a quoted string with its quotes
	                       and escapes as written */
	unsigned line;    /*!< 1-based line of its first byte */
	unsigned column;  /*!< 1-based byte column of its first byte */
	bool quoted;      /*!< a "..." string */
};

/** One resource record of a file. */
struct dnsauth_zrec {
	unsigned line, column;   /*!< start of the record: its owner, or its
	                              first token when the owner is inherited */
	char *owner;             /*!< absolute owner, lower case, no trailing
	                              dot ("" for the root); NULL when it could
	                              not be made absolute (no origin) or is
	                              not a valid name (a finding says so) */
	struct dnsauth_ztok owner_tok; /*!< the owner as written; text is NULL
	                              when inherited from the previous record */
	uint32_t ttl;            /*!< explicit, $TTL, or the previous record's */
	uint16_t type;           /*!< LDNS_RR_TYPE_*, 0 if unknown */
	struct dnsauth_ztok *rdata; /*!< the RDATA tokens as written */
	size_t nrdata;
	ldns_rr *rr;             /*!< the record as ldns parses it; NULL if it
	                              did not parse or the scan found it is not
	                              what was written (a finding says why) */
	char *origin;            /*!< origin in force, with trailing dot, or NULL */
	char **ignore;           /*!< rule ids of "; dnsauth: ignore ID[,ID...]"
	                              comments on the record's lines */
	size_t nignore;
	/* TXT and SPF records: the character-strings joined (no separator),
	 * unescaped; NULL for other types or when rr is NULL. */
	char *value;
	size_t value_len;
};

/** A scanned file: owns its records. */
struct dnsauth_zfile {
	char *path;          /*!< as given */
	char *origin;        /*!< the origin at the start of the file (from the
	                          options or the file name), trailing dot, or NULL */
	bool origin_inferred;/*!< origin came from the file name */
	struct dnsauth_zrec *recs;
	size_t nrecs;
};

/** Scanner options. */
struct dnsauth_zscan_opts {
	const char *origin;     /*!< --origin (trailing dot optional), or NULL */
	bool no_infer;          /*!< do not infer the origin from the file name */
	uint32_t default_ttl;   /*!< TTL before any $TTL (0: 3600) */
};

/**
 * \brief Scan the zone file \p path.
 * Problems in the text are findings (zone-syntax, with file, line and
 * column) added to \p fl; the records that parsed are in the result.
 * \param[out] out the file; free with dnsauth_zfile_free()
 * \return 0 (also when there were findings), DNSAUTH_EIO (unreadable,
 *         a directory, too big: \p err says why), DNSAUTH_EINVAL (a bad
 *         opts->origin), DNSAUTH_ENOMEM (*out is NULL; findings already
 *         added stay in \p fl)
 */
int dnsauth_zscan_file(const char *path, const struct dnsauth_zscan_opts *o,
		       struct dnsauth_zfile **out, struct dnsauth_findings *fl,
		       char *err, size_t errlen);

/**
 * \brief As dnsauth_zscan_file, on \p len bytes of \p text; \p path is
 * the name used in findings and for origin inference.
 * \return as dnsauth_zscan_file, or DNSAUTH_ELIMIT when \p len is over
 *         DNSAUTH_ZSCAN_FILE_MAX
 */
int dnsauth_zscan_buf(const char *path, const char *text, size_t len,
		      const struct dnsauth_zscan_opts *o, struct dnsauth_zfile **out,
		      struct dnsauth_findings *fl);

/**
 * \brief The origin a file name implies: "example.com.zone",
 * "example.com.db", "db.example.com", "example.com" (a name of at least
 * two labels, the last one alphabetic) give "example.com." (lower case).
 * Only the last path component counts.
 * \return 0 and the origin in \p buf, or -1 when the name implies none.
 */
int dnsauth_zscan_infer_origin(const char *path, char *buf, size_t buflen);

/**
 * \brief Where byte \p offset of \p r->value was written (the tokens are
 * decoded again on every call: call it per finding, not per byte).
 * \return 0 with *line, *column set, or -1 (no value, offset past it).
 */
int dnsauth_zrec_value_pos(const struct dnsauth_zrec *r, size_t offset,
			   unsigned *line, unsigned *column);

/**
 * \brief Octets of a character-string token once unescaped, as the
 * scanner decodes it (quotes stripped, \DDD and \X one octet each): the
 * length of that string in the record's value.
 */
size_t dnsauth_ztok_octets(const struct dnsauth_ztok *t);

/** \brief Free a scanned file; NULL is allowed. */
void dnsauth_zfile_free(struct dnsauth_zfile *zf);

#endif
