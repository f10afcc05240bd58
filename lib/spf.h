/* SPDX-License-Identifier: MIT */
/*
 * spf.h - the SPF record model (RFC 7208): parse, print, validate.
 *
 * dnsauth_spf_parse() turns one TXT value into terms, each with its
 * column, and reports every syntax problem as a finding (it does not stop
 * at the first), and ptr. dnsauth_spf_validate() adds the policy-level
 * findings (permissive policies, ignored redirect, size, unknown
 * modifiers, terms after "all"). Generators build a
 * record with dnsauth_spf_new()/dnsauth_spf_add(), print it, then parse
 * and validate the printed text with the same functions verify and lint use.
 */
#ifndef DNSAUTH_SPF_H
#define DNSAUTH_SPF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "finding.h"

/** Kinds of term: the mechanisms, the two defined modifiers, and others. */
enum dnsauth_spf_kind {
	DNSAUTH_SPF_ALL,
	DNSAUTH_SPF_INCLUDE,
	DNSAUTH_SPF_A,
	DNSAUTH_SPF_MX,
	DNSAUTH_SPF_PTR,
	DNSAUTH_SPF_IP4,
	DNSAUTH_SPF_IP6,
	DNSAUTH_SPF_EXISTS,
	DNSAUTH_SPF_REDIRECT,  /*!< modifier */
	DNSAUTH_SPF_EXP,       /*!< modifier */
	DNSAUTH_SPF_UNKNOWN_MOD, /*!< any other name=value modifier (legal) */
	DNSAUTH_SPF_INVALID,   /*!< a term that does not parse */
};

/** Qualifiers, as their characters. */
enum dnsauth_spf_qualifier {
	DNSAUTH_SPF_PASS = '+',
	DNSAUTH_SPF_FAIL = '-',
	DNSAUTH_SPF_SOFTFAIL = '~',
	DNSAUTH_SPF_NEUTRAL = '?',
};

/** Longest TXT value the parser accepts (larger input is refused). */
#define DNSAUTH_SPF_MAX_LEN 65535u
/** RFC 7208 §4.6.4: at most 10 DNS-querying terms. */
#define DNSAUTH_SPF_LOOKUP_LIMIT 10u

struct dnsauth_spf_term {
	enum dnsauth_spf_kind kind;
	char qualifier;        /*!< '+', '-', '~', '?' (mechanisms only) */
	bool explicit_qualifier; /*!< qualifier character was written */
	char *name;            /*!< modifier name as written (modifiers only) */
	char *domain;          /*!< domain-spec or modifier value as written,
	                            NULL when absent; for ip4/ip6 NULL */
	int cidr4;             /*!< IPv4 prefix length, -1 when absent */
	int cidr6;             /*!< IPv6 prefix length, -1 when absent */
	uint8_t addr[16];      /*!< ip4 (4 bytes) or ip6 (16 bytes) network */
	unsigned column;       /*!< 1-based column of the term in the value */
	size_t length;         /*!< length of the term text in the value */
	char *text;            /*!< the term exactly as written */
};

struct dnsauth_spf {
	struct dnsauth_spf_term *terms;
	size_t nterms;
	size_t cap;
	bool valid;  /*!< no syntax error: receivers would evaluate it */
};

/** \brief True when \p text is selected as SPF by RFC 7208 §4.5:
 *  it begins with "v=spf1" (any case) followed by a space or its end. */
bool dnsauth_spf_is_record(const char *text, size_t len);

/** \brief True when \p text looks like an attempt at SPF ("v=spf10",
 *  " v=spf1", "v= spf1", "spf1 ..."): what spf-version-malformed reports. */
bool dnsauth_spf_looks_like(const char *text, size_t len);

/**
 * \brief Parse one SPF TXT value (the strings of one RR already joined).
 *
 * Reports spf-version-malformed, spf-syntax-error, spf-macro-invalid,
 * spf-duplicate-modifier and spf-ptr-used into \p fl (may be NULL) with
 * columns; all problems are reported, not only the first.
 *
 * \param[in]  text value; need not be NUL-terminated
 * \param[in]  len  length of \p text
 * \param[in]  name DNS name the record is published at (for findings), or NULL
 * \param[out] out  the model; the caller frees it with dnsauth_spf_free().
 *                  Set also when the record has syntax errors (then
 *                  (*out)->valid is false and bad terms are DNSAUTH_SPF_INVALID).
 * \retval 0                the record is valid SPF
 * \retval DNSAUTH_EPARSE   SPF with syntax errors (receivers: permerror)
 * \retval DNSAUTH_ENOTSPF  not an SPF record (*out is NULL); a finding is
 *                          added only when it looks like malformed SPF
 * \retval DNSAUTH_ELIMIT   longer than DNSAUTH_SPF_MAX_LEN (*out is NULL)
 * \retval DNSAUTH_ENOMEM
 */
int dnsauth_spf_parse(const char *text, size_t len, const char *name,
		      struct dnsauth_spf **out, struct dnsauth_findings *fl);

/**
 * \brief Policy-level checks on a parsed record: spf-permissive,
 * spf-redirect-ignored, spf-response-too-large (size of the value),
 * unknown modifiers (info), terms after "all" (warning).
 * \param[in] text the value the record was parsed from (for findings)
 */
int dnsauth_spf_validate(const struct dnsauth_spf *spf, const char *text,
			 size_t len, const char *name,
			 struct dnsauth_findings *fl);

/** \brief A new empty record (version only); free with dnsauth_spf_free(). */
struct dnsauth_spf *dnsauth_spf_new(void);
/** \brief Free a record; NULL is allowed. */
void dnsauth_spf_free(struct dnsauth_spf *spf);

/**
 * \brief Append a term to a record being built.
 * \param[in] domain domain-spec (a, mx, ptr, include, exists, redirect,
 *            exp, unknown modifier value), or the address text for ip4/ip6
 *            ("192.0.2.0/24" is accepted and sets the CIDR); may be NULL
 *            for all, a, mx, ptr
 * \param[in] modname name of an unknown modifier, else NULL
 * \retval DNSAUTH_EINVAL the address or CIDR is invalid
 */
int dnsauth_spf_add(struct dnsauth_spf *spf, enum dnsauth_spf_kind kind,
		    char qualifier, const char *domain, int cidr4, int cidr6,
		    const char *modname);

/**
 * \brief Print the record canonically: "v=spf1", terms separated by one
 * space, mechanism names in lower case, "+" omitted, modifiers last in
 * their written order, addresses normalised.
 */
int dnsauth_spf_print(const struct dnsauth_spf *spf, struct dnsauth_buf *out);
/** \brief Print one term canonically (no leading space). */
int dnsauth_spf_term_print(const struct dnsauth_spf_term *t,
			   struct dnsauth_buf *out);

/**
 * \brief Number of DNS-querying terms in this record alone (include, a,
 * mx, ptr, exists, and redirect when no "all" is present; never exp).
 */
unsigned dnsauth_spf_local_lookups(const struct dnsauth_spf *spf);
/** \brief Whether term \p t costs a DNS lookup in record \p spf. */
bool dnsauth_spf_term_costs(const struct dnsauth_spf *spf,
			    const struct dnsauth_spf_term *t);

/** \brief Mechanism or modifier name of a kind ("include", "redirect"...). */
const char *dnsauth_spf_kind_name(enum dnsauth_spf_kind kind);

/**
 * \brief Check a macro-string (RFC 7208 §7.1) and, with \p domain_spec, the
 * domain-end rule (§4.6.1: ends in "." toplabel or a macro-expand).
 * \param[in] in_exp  macros c, r, t are allowed (explanation text)
 * \param[out] bad_offset offset of the first problem in \p s
 * \param[out] why static message for the problem
 * \return 0 if valid; DNSAUTH_EPARSE with *why set; the return of
 *         which rule applies is in *macro_error (true: spf-macro-invalid).
 */
int dnsauth_spf_check_macro_string(const char *s, size_t len, bool domain_spec,
				   bool in_exp, size_t *bad_offset,
				   const char **why, bool *macro_error);

#endif
