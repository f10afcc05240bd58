/* SPDX-License-Identifier: MIT */
/*
 * spf_eval.h - the RFC 7208 check_host() function.
 *
 * dnsauth_spf_check_host() evaluates the SPF policy of a domain for a
 * client address as a receiver would (RFC 7208 §4-§7): record selection
 * (TXT only), every mechanism and modifier, macros, the explanation, the
 * 10-term and void-lookup limits and the 10-name caps of mx and ptr. It
 * queries through a dnsauth_dns handle (live, zone or data source) and
 * returns the result, the reason, the explanation and a trace of every
 * term visited.
 */
#ifndef DNSAUTH_SPF_EVAL_H
#define DNSAUTH_SPF_EVAL_H

#include <stddef.h>

#include "dns.h"

/** check_host() results (RFC 7208 §2.6). */
enum dnsauth_spf_result {
	DNSAUTH_SPF_R_NONE,
	DNSAUTH_SPF_R_NEUTRAL,
	DNSAUTH_SPF_R_PASS,
	DNSAUTH_SPF_R_FAIL,
	DNSAUTH_SPF_R_SOFTFAIL,
	DNSAUTH_SPF_R_TEMPERROR,
	DNSAUTH_SPF_R_PERMERROR,
};

/** RFC 7208 §4.6.4: at most 2 lookups that return no records. */
#define DNSAUTH_SPF_VOID_LIMIT 2u
/** RFC 7208 §4.6.4: at most 10 MX names, 10 PTR names checked. */
#define DNSAUTH_SPF_NAME_LIMIT 10u
/** Most trace steps kept (later steps are counted, not kept). */
#define DNSAUTH_SPF_TRACE_MAX 1000u

/** One step of the trace: a record fetched or a term evaluated. */
struct dnsauth_spf_step {
	unsigned depth;   /*!< 0 for the checked domain, +1 per include/redirect */
	char *domain;     /*!< the <domain> the term was evaluated for */
	char *term;       /*!< the term as written, or "(record)" for the
	                       record lookup */
	char *queries;    /*!< "TYPE name: status" entries separated by "; "
	                       ("" when none) */
	unsigned cost;    /*!< lookups counted against the 10-term limit */
	char *note;       /*!< outcome: "match", "no match", an error... */
};

/** The outcome of dnsauth_spf_check_host(); owns all its memory. */
struct dnsauth_spf_eval {
	enum dnsauth_spf_result result;
	char *reason;       /*!< why this result (which term matched, which
	                         limit or error stopped evaluation) */
	char *explanation;  /*!< for fail with a usable exp=, else NULL */
	struct dnsauth_spf_step *steps;
	size_t nsteps;
	size_t steps_dropped; /*!< steps past DNSAUTH_SPF_TRACE_MAX */
	unsigned lookups;   /*!< terms counted against the 10-term limit */
	unsigned void_lookups;
};

/**
 * \brief RFC 7208 check_host().
 * \param[in] dns     resolver (any source)
 * \param[in] ip      client address literal (IPv4, IPv6; an IPv4-mapped
 *                    IPv6 address is evaluated as IPv4)
 * \param[in] domain  the domain to check, or NULL: the domain of
 *                    \p sender, or \p helo when \p sender is empty
 * \param[in] sender  MAIL FROM ("" or NULL: postmaster@helo); without a
 *                    local part, "postmaster" is used
 * \param[in] helo    HELO/EHLO name (may be NULL)
 * \param[out] out    the result; the caller frees it with
 *                    dnsauth_spf_eval_free()
 * \return 0 (every SPF outcome, errors included, is a result), or
 *         DNSAUTH_EINVAL (bad arguments, \p ip not an address),
 *         DNSAUTH_ENOMEM
 */
int dnsauth_spf_check_host(struct dnsauth_dns *dns, const char *ip,
			   const char *domain, const char *sender,
			   const char *helo, struct dnsauth_spf_eval **out);

/** \brief Free a result; NULL is allowed. */
void dnsauth_spf_eval_free(struct dnsauth_spf_eval *ev);

/** \brief "none", "neutral", "pass", "fail", "softfail", "temperror",
 *  "permerror" (static strings). */
const char *dnsauth_spf_result_name(enum dnsauth_spf_result r);

#endif
