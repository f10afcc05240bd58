/* SPDX-License-Identifier: MIT */
/*
 * spf_expand.h - an SPF record expanded through DNS as receivers evaluate
 * it: its DNS lookups counted exactly (RFC 7208 §4.6.4), per top-level
 * term, and, for flattening, the networks each top-level include
 * evaluates to.
 *
 * Counting: every include, a, mx, ptr and exists costs one lookup;
 * redirect costs one only in a record without "all" (and is then
 * followed), exp never; mechanisms after the first "all" are never
 * evaluated and not counted; include and redirect targets are expanded
 * recursively, and a target included twice is expanded and counted
 * twice; void lookups (NXDOMAIN or no data) are counted inside includes
 * too; an mx term with more than 10 MX hosts is a permerror. Loops end
 * at DNSAUTH_SPF_EXPAND_MAX_DEPTH records or at the lookup cap, and the
 * count is then a lower bound.
 *
 * Fetching: the expansion reads answers through a callback that returns
 * NULL for a name it does not have yet. On NULL the subtree below that
 * name is skipped, but the walk goes on with the sibling terms and with
 * the subtrees it already has, so one run asks for every name of the
 * next level; the caller fetches them all at once and runs it again.
 * The audit engine drives it that way (lib/audit_spf.c), and
 * dnsauth_spf_expand_resolve() does the same on its own with
 * dnsauth_dns_prefetch(): a record whose deepest include chain is n
 * records deep costs about n + 1 round trips.
 *
 * Flattening (opts.networks): for each top-level include, the ip4/ip6
 * networks its evaluation passes: ip4/ip6 terms, a and mx resolved to
 * their addresses with the term's prefix lengths, nested includes and
 * redirects. An include matches only when its record passes (§5.2), so
 * the included records' own "all" terms (other than "+all") do not
 * matter; everything whose result does not reduce to a fixed set of pass
 * ranges is refused with a reason: exists, ptr, macros, terms with a
 * qualifier other than pass (a "-ip4" before an "ip4" cannot become a
 * pass range without changing the result), "+all", targets without a
 * usable record, loops, mx terms over the 10-name cap, anything not
 * resolved.
 */
#ifndef DNSAUTH_SPF_EXPAND_H
#define DNSAUTH_SPF_EXPAND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "dns.h"
#include "finding.h"
#include "spf.h"

/** Records expanded below the top one, at most. */
#define DNSAUTH_SPF_EXPAND_MAX_DEPTH 20u
/** Default lookup cap: no further queries once this many are counted. */
#define DNSAUTH_SPF_EXPAND_CAP 30u
/** RFC 7208 §4.6.4: the RECOMMENDED void lookup limit. */
#define DNSAUTH_SPF_VOID_LIMIT 2u
/** RFC 7208 §4.6.4: MX hosts looked up for one mx term, at most. */
#define DNSAUTH_SPF_MX_NAMES 10u
/** Networks collected under one top-level include, at most (more: refused). */
#define DNSAUTH_SPF_EXPAND_MAX_NETS 4096u
/** Most passes dnsauth_spf_expand_resolve() makes. */
#define DNSAUTH_SPF_EXPAND_MAX_PASSES 40u

/**
 * The answer to (name, type), or NULL when it is not available yet (the
 * callback notes the question so that the caller can fetch it). The
 * answer must stay valid until the expansion result is freed.
 */
typedef const struct dnsauth_dns_answer *(*dnsauth_spf_expand_get_fn)(
	void *ctx, const char *name, uint16_t type);

/** A failed lookup (SERVFAIL, REFUSED, TIMEOUT, ERROR) under the record:
 *  receivers get temperror; \p what says what the name is for. */
typedef void (*dnsauth_spf_expand_fail_fn)(void *ctx,
					   const struct dnsauth_dns_answer *ans,
					   const char *what);

/** How to expand. Zero-initialised: count only, cap on the total. */
struct dnsauth_spf_expand_opts {
	dnsauth_spf_expand_get_fn get;   /*!< dnsauth_spf_expand() only */
	dnsauth_spf_expand_fail_fn failed; /*!< called once per failed
	                                        question and run; may be NULL */
	void *ctx;                       /*!< passed to get and failed */
	unsigned cap;                    /*!< lookup cap; 0: DNSAUTH_SPF_EXPAND_CAP */
	bool cap_per_term;               /*!< the cap bounds the lookups under
	                                      each top-level term, not the
	                                      total (for generators, which need
	                                      every include expanded) */
	bool networks;                   /*!< collect the networks of the
	                                      top-level includes */
};

/** One network: an address with its prefix length, host bits cleared. */
struct dnsauth_spf_net {
	uint8_t family;      /*!< 4 or 6 */
	uint8_t prefix;      /*!< 0..32 or 0..128 */
	uint8_t addr[16];    /*!< the network (4 bytes used for IPv4) */
};

/** The cost of one top-level term that costs lookups. */
struct dnsauth_spf_expand_term {
	size_t index;        /*!< its index in the record's terms */
	char *text;          /*!< the term as written */
	unsigned lookups;    /*!< DNS-querying terms it costs, itself included */
	unsigned voids;      /*!< void lookups under it */
	bool exact;          /*!< every lookup under it was counted */
	/* with opts.networks, for include terms */
	bool flattenable;    /*!< nets is exactly what the include passes */
	char *refusal;       /*!< why it cannot be flattened, or NULL */
	struct dnsauth_spf_net *nets; /*!< sorted, without duplicates or
	                                   networks inside another one */
	size_t nnets;
};

/** An SPF record found at an include or redirect target. */
struct dnsauth_spf_expand_record {
	char *name;          /*!< the target as written in the term */
	char *text;          /*!< its value */
};

/** The result of one expansion. */
struct dnsauth_spf_expansion {
	unsigned lookups;    /*!< counted in receiver order */
	unsigned voids;
	bool exact;          /*!< every include and redirect target was
	                          expanded: lookups is the receivers' count */
	bool lower_bound;    /*!< something was not checked (a target not
	                          expanded, or an address lookup outside the
	                          zones or failed): the totals are "at least" */
	bool complete;       /*!< no answer was missing (get never gave NULL) */
	bool authorizes;     /*!< some host can pass */
	const struct dnsauth_dns_answer *failed;  /*!< first failed lookup, or
	                          NULL; owned by the resolver */
	const struct dnsauth_dns_answer *outside; /*!< first OUTSIDE answer
	                          needed below an include or redirect target
	                          (its TXT, or a lookup in its record), or
	                          NULL; owned by the resolver */
	char *loop;          /*!< first include/redirect cycle, "a -> b -> a" */
	char *limit_at;      /*!< the 11th lookup: where receivers stop */
	char *void_at;       /*!< the third void lookup */
	char *void_list;     /*!< the first void terms, for messages */
	unsigned void_shown; /*!< how many void_list names */
	struct dnsauth_spf_expand_term *terms; /*!< top-level terms that cost */
	size_t nterms;
	struct dnsauth_spf_expand_record *records; /*!< records found, in
	                          evaluation order, each name once */
	size_t nrecords;
	unsigned passes;     /*!< runs made (dnsauth_spf_expand_resolve) */
};

/**
 * \brief Expand one SPF record with the answers \p o->get has (one run).
 *
 * Findings of the expansion go to \p fl: spf-target-invalid (a target
 * without a usable record; at info level, a target with macros, which
 * is counted but not expanded) and spf-mx-too-many-names, each once per
 * name. Failed lookups go to \p o->failed. The lookup-limit and void
 * findings are left to dnsauth_spf_expand_report().
 *
 * \param[in] spf    the record (its terms' text and columns are used)
 * \param[in] text   its value, NUL-terminated (for findings)
 * \param[in] domain where it is published (a and mx without a name)
 * \param[out] out   the caller frees it with dnsauth_spf_expansion_free();
 *                   it points to answers owned by the resolver behind
 *                   \p o->get, so free it before the resolver
 * \retval 0
 * \retval DNSAUTH_EINVAL  no get callback
 * \retval DNSAUTH_ENOMEM  (*out is NULL)
 */
int dnsauth_spf_expand(const struct dnsauth_spf *spf, const char *text,
		       const char *domain, const struct dnsauth_spf_expand_opts *o,
		       struct dnsauth_findings *fl, struct dnsauth_spf_expansion **out);

/**
 * \brief Expand one SPF record through \p dns, level by level: each run
 * asks for every name of the next level, which is then fetched with one
 * dnsauth_dns_prefetch() (all at once), until a run misses nothing.
 * \p o->get and \p o->ctx are ignored; \p o->failed is called.
 * \param[out] out as for dnsauth_spf_expand(); (*out)->complete is false
 *             only when DNSAUTH_SPF_EXPAND_MAX_PASSES were not enough.
 *             Free it before \p dns.
 * \return 0 or DNSAUTH_ENOMEM (DNS failures are in the result)
 */
int dnsauth_spf_expand_resolve(struct dnsauth_dns *dns, const struct dnsauth_spf *spf,
			       const char *text, const char *domain,
			       const struct dnsauth_spf_expand_opts *o,
			       struct dnsauth_findings *fl,
			       struct dnsauth_spf_expansion **out);

/**
 * \brief Add the findings of the count to \p fl: spf-too-many-lookups
 * (error above 10 or on a loop, warning at 9 and 10, naming where
 * receivers stop and the costliest top-level terms) and spf-void-lookups
 * (above 2).
 * \return 0 or DNSAUTH_ENOMEM
 */
int dnsauth_spf_expand_report(const struct dnsauth_spf_expansion *x,
			      const char *domain, const char *text,
			      struct dnsauth_findings *fl);

/** \brief Free an expansion result; NULL is allowed. */
void dnsauth_spf_expansion_free(struct dnsauth_spf_expansion *x);

/**
 * \brief Sort networks (IPv4 first, by address, then prefix length) and
 * drop duplicates and networks inside another one, in place; *n is
 * updated. The result passes the same addresses.
 */
void dnsauth_spf_nets_normalize(struct dnsauth_spf_net *v, size_t *n);

/** \brief Append "ip4:ADDR[/LEN]" or "ip6:ADDR[/LEN]" (the prefix is
 *  left out for a single address). \return the buffer's error or 0 */
int dnsauth_spf_net_print(const struct dnsauth_spf_net *net, struct dnsauth_buf *out);

#endif
