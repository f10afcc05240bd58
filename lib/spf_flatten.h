/* SPDX-License-Identifier: MIT */
/*
 * spf_flatten.h - an SPF description's record counted through DNS and,
 * on request, flattened: includes replaced by the ip4/ip6 networks they
 * resolve to (all of them, or with "auto" the costliest until the record
 * fits the lookup budget). Networks that do not fit the record at the
 * domain in DNSAUTH_SPF_FLATTEN_RECORD_MAX octets go to chained records
 * _spf1.DOMAIN, _spf2.DOMAIN, ..., each included by the one before and
 * each ending in "-all" (an include maps fail and neutral alike to "no
 * match", so the "-all" never changes the main record's result; it keeps
 * every published record a complete policy).
 *
 * Built on lib/spf_expand.h (the count and the networks) and lib/desc.h
 * (the record and its senders). Used by spfgen --resolve and --flatten:
 * the front end opens the DNS source, calls
 * dnsauth_spf_flatten_resolve(), dnsauth_spf_flatten_choose(),
 * dnsauth_spf_flatten_collision() and dnsauth_spf_flatten_check(), and
 * prints the result.
 */
#ifndef DNSAUTH_SPF_FLATTEN_H
#define DNSAUTH_SPF_FLATTEN_H

#include <stdbool.h>
#include <stddef.h>

#include "desc.h"
#include "dns.h"
#include "finding.h"
#include "spf.h"
#include "spf_expand.h"

/** RFC 7208 §3.4: octets of each record value, at most. */
#define DNSAUTH_SPF_FLATTEN_RECORD_MAX 512u
/** Chained records, at most (each costs a lookup). */
#define DNSAUTH_SPF_FLATTEN_MAX_CHAIN 10u

/** What to flatten. */
enum dnsauth_spf_flatten_mode {
	DNSAUTH_SPF_FLATTEN_NONE,   /*!< count only (--resolve) */
	DNSAUTH_SPF_FLATTEN_AUTO,   /*!< the costliest includes, until the
	                                 record fits the budget */
	DNSAUTH_SPF_FLATTEN_ALWAYS, /*!< every flattenable include */
};

/**
 * What the expansion found for a description's record, and the records
 * flattening made of it. Initialise with dnsauth_spf_flatten_init(),
 * release with dnsauth_spf_flatten_clear(); every pointer is owned by
 * the structure except d.
 */
struct dnsauth_spf_flatten {
	const struct dnsauth_spf_desc *d; /*!< the description (not owned) */
	enum dnsauth_spf_flatten_mode mode;
	char *value;                  /*!< the description's record, printed */
	struct dnsauth_spf *spf;      /*!< ... parsed */
	struct dnsauth_spf_expansion *x; /*!< its expansion */
	struct dnsauth_findings xfl;  /*!< findings of the expansion */
	size_t *dmap;                 /*!< d->spf term -> spf term */
	long *xmap;                   /*!< spf term -> x->terms entry, or -1 */
	bool *flat;                   /*!< x->terms entries flattened */
	bool *refused;                /*!< x->terms entries not flattenable */
	struct dnsauth_spf_net *nets; /*!< networks of the flattened includes,
	                                   normalized */
	size_t nnets;
	size_t nflat;                 /*!< x->terms entries flattened */
	char *main;                   /*!< the record at the domain */
	char *chain[DNSAUTH_SPF_FLATTEN_MAX_CHAIN]; /*!< values of _spf1.DOMAIN, ... */
	char *chain_name[DNSAUTH_SPF_FLATTEN_MAX_CHAIN]; /*!< their names */
	size_t nchain;
	unsigned total, voids;        /*!< lookups and void lookups after
	                                   flattening */
};

/** \brief Zero \p r, ready for dnsauth_spf_flatten_resolve(). */
void dnsauth_spf_flatten_init(struct dnsauth_spf_flatten *r);

/**
 * \brief Print and parse the description's record, map its terms to the
 * printed record's, and expand it through \p dns
 * (dnsauth_spf_expand_resolve(), the cap per top-level term, networks
 * collected unless \p mode is DNSAUTH_SPF_FLATTEN_NONE). Nothing is
 * flattened yet: see dnsauth_spf_flatten_choose().
 *
 * The caller checks r->x->failed, r->x->outside and r->x->complete:
 * nothing should be counted or flattened from a partial answer.
 * r->x points to answers owned by \p dns: set r->x->failed and
 * r->x->outside to NULL before freeing \p dns if \p r outlives it.
 *
 * \param[in,out] r initialised with dnsauth_spf_flatten_init(); filled
 *                  (partly on failure), released by the caller with
 *                  dnsauth_spf_flatten_clear()
 * \param[in] d     the description; it must outlive \p r
 * \retval 0
 * \retval DNSAUTH_EPARSE the printed record does not parse back
 * \retval DNSAUTH_ENOMEM
 */
int dnsauth_spf_flatten_resolve(struct dnsauth_spf_flatten *r, struct dnsauth_dns *dns,
				const struct dnsauth_spf_desc *d,
				enum dnsauth_spf_flatten_mode mode);

/**
 * \brief Decide what to flatten according to r->mode (nothing; all
 * flattenable includes; or with auto the costliest includes until the
 * record fits the budget, the unflattenable ones met on the way marked
 * refused) and build the records: r->main, the chain, r->nets, r->total
 * and r->voids. The strings stay owned by \p r.
 * \retval 0
 * \retval DNSAUTH_ELIMIT more than DNSAUTH_SPF_FLATTEN_MAX_CHAIN chained
 *         records would be needed
 * \retval DNSAUTH_EINVAL the domain is too long for the chained names
 * \retval DNSAUTH_ENOMEM
 */
int dnsauth_spf_flatten_choose(struct dnsauth_spf_flatten *r);

/**
 * \brief A chained record's name that the record already uses for
 * something else (a term's target or a record its expansion met), or
 * NULL. The name returned is owned by \p r.
 */
const char *dnsauth_spf_flatten_collision(const struct dnsauth_spf_flatten *r);

/**
 * \brief Add the findings of every record to publish to \p fl, in order:
 * the record at the domain (parsed and validated as verify and lint do),
 * the expansion's, the chained records', and the budget after flattening
 * (spf-too-many-lookups, naming the costliest senders, the includes not
 * flattened and a loop; spf-void-lookups). \p fl owns what is added.
 * \return 0, DNSAUTH_ENOMEM or DNSAUTH_ELIMIT
 */
int dnsauth_spf_flatten_check(const struct dnsauth_spf_flatten *r,
			      struct dnsauth_findings *fl);

/**
 * \brief The cost through DNS of sender \p s of r->d: before flattening,
 * or with \p after, of the terms not flattened. \p exact (may be NULL)
 * tells whether every lookup under it was counted.
 */
unsigned dnsauth_spf_flatten_sender_cost(const struct dnsauth_spf_flatten *r,
					 const struct dnsauth_spf_sender *s,
					 bool after, bool *exact);

/** \brief Whether term \p k of r->d->spf was flattened. */
bool dnsauth_spf_flatten_term_flat(const struct dnsauth_spf_flatten *r, size_t k);

/** \brief Free everything \p r owns and zero it; again usable. */
void dnsauth_spf_flatten_clear(struct dnsauth_spf_flatten *r);

#endif
