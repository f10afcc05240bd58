/* SPDX-License-Identifier: MIT */
/*
 * audit.h - the audit engine: the only place checks of live (or zone)
 * data live. Given a resolver and a domain it gathers the records and
 * produces findings from the rule catalogue; dnsauth verify runs it on
 * the live source, the demo and lint on the zone source.
 *
 * How it runs: every area check (SPF, DMARC, DKIM, MX and addresses,
 * reverse DNS, other records) is a restartable function that reads DNS
 * answers only from the resolver's cache. A name it needs that is not
 * cached yet is noted as missing and the check stops at that level. The
 * engine runs all areas, prefetches every missing name in one batch
 * (dnsauth_dns_prefetch: all at once), and runs them again, until no
 * check misses anything; the findings of the last run are the result.
 * An area whose run missed nothing, and whose inputs from the areas
 * before it are unchanged, keeps that run instead of running again:
 * cached answers do not change, so it would find the same.
 * So independent lookups of all areas share round trips, and a run costs
 * about as many round trips as its longest chain of dependent lookups.
 */
#ifndef DNSAUTH_AUDIT_H
#define DNSAUTH_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "dmarc.h"
#include "dns.h"
#include "finding.h"
#include "psl.h"
#include "spf_eval.h"

/** What to check. */
struct dnsauth_audit_opts {
	const char *const *selectors; /*!< DKIM selectors to check (--selector) */
	size_t nselectors;
	bool no_selector_probe;       /*!< do not probe the common selectors */
	const char *const *ips;       /*!< sending IPs to check (--ip): PTR,
	                                   FCrDNS, and whether SPF authorizes them */
	size_t nips;
	const char *helo;             /*!< HELO name of the sending host, or NULL */
	const struct dnsauth_psl *psl;/*!< for RFC 7489 organizational domains;
	                                   may be NULL (then not compared) */
	bool non_sending;             /*!< the domain sends no mail: missing
	                                   SPF/DMARC/DKIM are not errors */
	bool spf_only;                /*!< check the SPF record only: the name
	                                   is an include or redirect target
	                                   (_spf.example.com), not a mail
	                                   domain */
	bool documentation_addresses_ok; /*!< treat the documentation ranges
	                                   (192.0.2/24, 198.51.100/24,
	                                   203.0.113/24, 2001:db8::/32) as
	                                   public: for demo and test zones */
	bool no_records;              /*!< the caller does not read the
	                                   records found: they are not kept
	                                   (records stays empty) */
};

/** A record found, for reports (the "records" of the JSON output). */
struct dnsauth_audit_record {
	char *name;     /*!< owner name, no trailing dot */
	char *type;     /*!< "TXT", "MX", "A", ... */
	char *value;    /*!< presentation form (TXT: strings joined) */
};

/** The cost of one top-level SPF term, for "include:x -> 4 lookups". */
struct dnsauth_audit_spf_term {
	char *term;      /*!< the term as written */
	unsigned lookups;/*!< DNS-querying terms it costs, itself included */
	unsigned voids;  /*!< void lookups under it */
};

/** SPF (check_host) evaluated for one sending IP of the options. */
struct dnsauth_audit_ip_spf {
	char *ip;                         /*!< as given */
	enum dnsauth_spf_result result;
	char *reason;                     /*!< why (the term matched, the error) */
	unsigned lookups;                 /*!< terms counted along the path */
};

/** The result of auditing one domain. */
struct dnsauth_audit {
	char *domain;                     /*!< lower case, no trailing dot */
	struct dnsauth_findings findings;
	struct dnsauth_audit_record *records;
	size_t nrecords;
	/* SPF */
	bool spf_found;
	unsigned spf_lookups;             /*!< total, counted as receivers do */
	unsigned spf_voids;
	struct dnsauth_audit_spf_term *spf_terms;
	size_t nspf_terms;
	struct dnsauth_audit_ip_spf *ip_spf; /*!< one per sending IP (--ip),
	                                      in the order given */
	size_t nip_spf;
	/* DMARC */
	char *dmarc_name;                 /*!< where the policy was found, or NULL */
	char *org_domain_psl;             /*!< RFC 7489 organizational domain */
	char *org_domain_walk;            /*!< RFC 9989 tree-walk organizational domain */
	/* run */
	unsigned passes;                  /*!< times the checks ran */
	bool no_answers;                  /*!< not one DNS answer: could not complete */
};

/**
 * \brief Audit \p domain through \p dns.
 * \param[out] out free with dnsauth_audit_free()
 * \return 0 or DNSAUTH_ENOMEM (DNS failures are findings)
 */
int dnsauth_audit_domain(struct dnsauth_dns *dns, const char *domain,
			 const struct dnsauth_audit_opts *o,
			 struct dnsauth_audit **out);

/** \brief Free an audit result; NULL is allowed. */
void dnsauth_audit_free(struct dnsauth_audit *a);

/** \brief The common DKIM selectors probed when none are given
 *  (NULL-terminated, static). */
const char *const *dnsauth_audit_common_selectors(void);

#endif
