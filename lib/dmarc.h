/* SPDX-License-Identifier: MIT */
/*
 * dmarc.h - the DMARC policy record model (RFC 7489 and RFC 9989):
 * parse with columns, canonical print, validation, effective policy.
 *
 * One parser serves both standards; the standard chosen changes what is
 * reported (RFC 9989 removed pct, rf and ri and added np, psd and t; RFC
 * 7489 requires p). Receivers of both kinds exist, so verify and lint
 * check against RFC 9989 and note where RFC 7489 receivers differ.
 */
#ifndef DNSAUTH_DMARC_H
#define DNSAUTH_DMARC_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "finding.h"

struct dnsauth_psl;

/** Which DMARC standard to check against. */
enum dnsauth_dmarc_standard {
	DNSAUTH_DMARC_RFC9989 = 0, /*!< DMARCbis, May 2026 (default) */
	DNSAUTH_DMARC_RFC7489,
};

/** A policy value (p, sp, np). */
enum dnsauth_dmarc_policy {
	DNSAUTH_DMARC_UNSET = 0,   /*!< tag absent */
	DNSAUTH_DMARC_NONE,
	DNSAUTH_DMARC_QUARANTINE,
	DNSAUTH_DMARC_REJECT,
	DNSAUTH_DMARC_INVALID,     /*!< present, but not a policy word */
};

/** Failure-reporting options (fo), as bits. */
#define DNSAUTH_DMARC_FO_0 0x1u
#define DNSAUTH_DMARC_FO_1 0x2u
#define DNSAUTH_DMARC_FO_D 0x4u
#define DNSAUTH_DMARC_FO_S 0x8u

/** Longest TXT value the parser accepts. */
#define DNSAUTH_DMARC_MAX_LEN 65535u
/** At most this many URIs are kept per rua/ruf list (more are reported). */
#define DNSAUTH_DMARC_MAX_URIS 32u

/** One tag as written. */
struct dnsauth_dmarc_tag {
	char *name;          /*!< tag name, whitespace trimmed */
	char *value;         /*!< value, whitespace trimmed */
	unsigned column;     /*!< 1-based column of the name in the value */
	unsigned value_column; /*!< 1-based column of the value */
	bool known;          /*!< a tag of RFC 7489 or RFC 9989 */
};

/** One report URI of rua or ruf. */
struct dnsauth_dmarc_uri {
	char *uri;      /*!< the URI as written, without a "!size" suffix */
	char *scheme;   /*!< lower-case scheme ("mailto", "https"), or NULL */
	char *host;     /*!< lower-case destination host (the domain of a
	                     mailto address, or the URI's host); NULL if none */
	char *size;     /*!< obsolete "!size" suffix without '!', or NULL */
	unsigned column;/*!< 1-based column of the URI in the value */
	bool valid;     /*!< a usable URI (mailto with an address, or a
	                     URI with scheme and host) */
};

struct dnsauth_dmarc {
	struct dnsauth_dmarc_tag *tags;
	size_t ntags;
	enum dnsauth_dmarc_policy p, sp, np;
	char adkim;      /*!< 'r' or 's'; 0 when absent or invalid */
	char aspf;       /*!< 'r' or 's'; 0 when absent or invalid */
	int pct;         /*!< 0..100, -1 when absent or invalid */
	char t;          /*!< 'y' or 'n'; 0 when absent or invalid */
	char psd;        /*!< 'y', 'n' or 'u'; 0 when absent or invalid */
	unsigned fo;     /*!< DNSAUTH_DMARC_FO_* bits; 0 when absent */
	char *rf;        /*!< rf value as written, or NULL */
	long ri;         /*!< ri seconds, -1 when absent or invalid */
	struct dnsauth_dmarc_uri *rua;
	size_t nrua;
	struct dnsauth_dmarc_uri *ruf;
	size_t nruf;
	bool valid;      /*!< v=DMARC1 first and no error that makes
	                      receivers discard the record */
};

/**
 * \brief True when \p text is selected as DMARC: its first tag is exactly
 * "v=DMARC1" (case-sensitive, whitespace allowed only around '=' and
 * before ';' as the tag-list grammar permits, none before "v").
 */
bool dnsauth_dmarc_is_record(const char *text, size_t len);

/**
 * \brief Parse one DMARC TXT value (the strings of one RR joined).
 *
 * Reports, with columns, into \p fl (may be NULL): dmarc-version-invalid,
 * dmarc-policy-missing, dmarc-policy-invalid (including a value that
 * swallowed the next tag because a ';' is missing: "p=reject rua=..."),
 * dmarc-removed-tag (RFC 9989), dmarc-uri-invalid (and info for "!size"),
 * duplicate tags, unknown tags (info), adkim/aspf/t/psd/fo/pct/ri value
 * errors, fo with 0 and 1 together (RFC 9989), fo without ruf (info),
 * t=y (info), ruf present (info).
 *
 * The fields of the model do not depend on \p std (a removed or unknown
 * tag still fills its field); only the findings do. Tag names are
 * case-sensitive; policy words and one-letter values are not.
 *
 * \param[out] out the model, freed by the caller with dnsauth_dmarc_free();
 *             NULL when the text is not DMARC at all
 * \retval 0 a usable record (no error-severity finding)
 * \retval DNSAUTH_EPARSE  DMARC with at least one error-severity finding;
 *         *out is set. (*out)->valid is false only when receivers discard
 *         the whole record (a duplicate tag, RFC 6376 §3.2); an invalid p,
 *         sp or np keeps it true: dnsauth_dmarc_effective() says what
 *         receivers then do
 * \retval DNSAUTH_ENOTSPF  (reused) not a DMARC record; a finding is
 *         added only when it looks like one ("v=dmarc1", " v=DMARC1")
 * \retval DNSAUTH_ELIMIT, DNSAUTH_ENOMEM
 */
int dnsauth_dmarc_parse(const char *text, size_t len, const char *name,
			enum dnsauth_dmarc_standard std,
			struct dnsauth_dmarc **out, struct dnsauth_findings *fl);

/**
 * \brief Policy-level checks on a parsed record: dmarc-monitoring-only,
 * dmarc-subdomain-weaker, dmarc-rua-missing, and the static part of
 * dmarc-psd-misuse (psd=y on a name that is not a public suffix, when
 * \p psl is given; psd=n is reported by verify, which knows the parents).
 * \param[in] psl may be NULL (then psd=y is not checked)
 * \param[in] name owner name; a leading "_dmarc." is skipped for the psd
 *            check; may be NULL (then psd=y is not checked)
 * A record with valid false gets no findings (parse reported why).
 * \return 0, DNSAUTH_EINVAL (\p d NULL), DNSAUTH_ENOMEM
 */
int dnsauth_dmarc_validate(const struct dnsauth_dmarc *d, const char *text,
			   size_t len, const char *name,
			   enum dnsauth_dmarc_standard std,
			   const struct dnsauth_psl *psl,
			   struct dnsauth_findings *fl);

/** \brief A new empty record (p unset); free with dnsauth_dmarc_free(). */
struct dnsauth_dmarc *dnsauth_dmarc_new(void);
/** \brief Free a record; NULL is allowed. */
void dnsauth_dmarc_free(struct dnsauth_dmarc *d);

/**
 * \brief Append a report URI to rua (\p ruf false) or ruf (\p ruf true)
 * of a record being built; the URI is parsed as the parser would
 * ("mailto:a@example.com!10m" keeps "10m" as its size).
 * \retval DNSAUTH_EINVAL the URI is not valid (an error for the parser,
 *         valid false, or a ',' or ';' in it); DNSAUTH_ELIMIT too many
 */
int dnsauth_dmarc_add_uri(struct dnsauth_dmarc *d, bool ruf, const char *uri);

/**
 * \brief Print canonically from the fields: "v=DMARC1; p=...;" then sp,
 * np, adkim, aspf, pct, fo, rf, ri, rua, ruf, t, psd (those that are set),
 * then unknown tags as written; "; " between tags, no trailing ';'.
 * An invalid p, sp or np is printed as written; a tag that is not
 * name=value is dropped. Every kept rua/ruf URI is printed, usable or not.
 * \return 0, or the buffer's error
 */
int dnsauth_dmarc_print(const struct dnsauth_dmarc *d, struct dnsauth_buf *out);

/** \brief "none", "quarantine", "reject", "unset" or "invalid". */
const char *dnsauth_dmarc_policy_name(enum dnsauth_dmarc_policy p);

/** The policy a receiver applies, per kind of name. */
struct dnsauth_dmarc_effective {
	bool applies;      /*!< false: receivers do not apply DMARC at all
	                        (invalid p and no valid rua under RFC 7489,
	                        or not a valid record) */
	enum dnsauth_dmarc_policy domain;       /*!< the domain itself */
	enum dnsauth_dmarc_policy subdomain;    /*!< existing subdomains */
	enum dnsauth_dmarc_policy nonexistent;  /*!< non-existent subdomains */
	bool testing;      /*!< t=y (RFC 9989): one level lower applies */
	int pct;           /*!< RFC 7489 sampling percentage (100 default);
	                        always 100 under RFC 9989 */
};

/**
 * \brief The effective policies of a parsed record under \p std:
 * RFC 9989: p (missing: none; invalid with a valid rua: none), sp or p for
 * subdomains, np or sp or p for non-existent subdomains, t=y lowers by one.
 * RFC 7489: p required (invalid or missing with a valid rua: none, else
 * DMARC does not apply), sp or p for all subdomains, np ignored, pct.
 *
 * An invalid sp (both standards) or np (RFC 9989) counts like an invalid
 * p (RFC 9989 §4.10.1, RFC 7489 §6.6.3): with a syntactically valid rua
 * URI all three policies are none (the receiver acts as if the record
 * were "v=DMARC1; p=none", so sp and np no longer apply; under RFC 7489
 * the same holds for a missing p), otherwise applies is false. When
 * applies is false the three policies are DNSAUTH_DMARC_UNSET. "Valid
 * rua" means a dnsauth_dmarc_uri with valid set, whatever its scheme.
 */
void dnsauth_dmarc_effective(const struct dnsauth_dmarc *d,
			     enum dnsauth_dmarc_standard std,
			     struct dnsauth_dmarc_effective *out);

#endif
