/* SPDX-License-Identifier: MIT */
/*
 * zfast.h - a direct parser for the RDATA of common record types, for
 * the zone scanner.
 *
 * ldns_rr_new_frm_str() goes through ldns's tokenizer and formatted
 * buffers with many small allocations for every record. For the types a
 * mail-authentication zone is mostly made of (A, AAAA, NS, CNAME, PTR,
 * MX, TXT, SPF, SOA, SRV, TLSA, CAA) this module builds the same ldns_rr
 * straight from the tokens the scanner already has.
 *
 * The contract is strict equivalence: whenever dnsauth_zfast_rr()
 * returns 0, its record is the one ldns_rr_new_frm_str() gives for the
 * line "OWNER TTL IN TYPE TOKEN..." (tokens joined by one space) with
 * the same origin: the same owner, TTL, class, type, and the same rdfs
 * (count, rdf types and bytes). Anything unusual (escapes in names,
 * characters other than letters, digits, '-', '_' and '*' in names,
 * numbers out of range or not plain digits, the generic "\#" form,
 * wrong token counts, anything over a length limit, anything ldns would
 * refuse) is not handled here: the caller asks ldns, which gives the
 * record or its error. This module never refuses a record itself.
 */
#ifndef DNSAUTH_ZFAST_H
#define DNSAUTH_ZFAST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ldns/ldns.h>

/** One RDATA token as written (a quoted string includes its quotes). */
struct dnsauth_zfast_tok {
	const char *p;  /*!< first byte; need not be NUL-terminated */
	size_t len;     /*!< bytes */
	bool quoted;    /*!< a "..." string */
};

/**
 * \brief Parse a record of a common type directly into an ldns record.
 * \param owner absolute owner text with its trailing dot ("." for the
 *        root), NUL-terminated, as the scanner hands it to ldns
 * \param origin the origin in force (a dname rdf) for relative names and
 *        "@" in the RDATA; may be NULL (such names are then not handled)
 * \param[out] out the record on 0; the caller frees it with ldns_rr_free()
 * \return 0 when parsed here, 1 when this record is not handled here (the
 *         caller falls back to ldns_rr_new_frm_str()), DNSAUTH_ENOMEM on
 *         allocation failure (*out is then NULL)
 */
int dnsauth_zfast_rr(const char *owner, uint32_t ttl, uint16_t type,
		     const struct dnsauth_zfast_tok *rd, size_t nrd,
		     const ldns_rdf *origin, ldns_rr **out);

/** Counts of dnsauth_zfast_rr() results, for tests and benchmarks. */
struct dnsauth_zfast_stats {
	unsigned long handled;   /*!< returned 0 */
	unsigned long declined;  /*!< returned 1 (including while disabled) */
};

/**
 * \brief Test and benchmark hook: with \p enabled false,
 * dnsauth_zfast_rr() returns 1 for every record, so everything goes
 * through ldns; with \p stats not NULL, every call is counted there (the
 * caller owns \p stats and keeps it alive until the next call with NULL).
 * Process-wide and not thread-safe; the default is enabled, no counting.
 */
void dnsauth_zfast_debug(bool enabled, struct dnsauth_zfast_stats *stats);

#endif
