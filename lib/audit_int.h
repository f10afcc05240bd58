/* SPDX-License-Identifier: MIT */
/*
 * audit_int.h - what the audit engine shares with its area checks
 * (audit_spf.c, audit_dmarc.c, audit_dkim.c, audit_mx.c, audit_other.c).
 * Not installed; not for front ends.
 *
 * An area check is a function run(ctx) that may run many times: it reads
 * DNS answers with audit_get(), which returns NULL for a name not cached
 * yet (and notes it as missing); on NULL the check stops at that point,
 * after first asking for every other name it can already name at the
 * same level (so they are fetched together). It adds findings and records
 * with the helpers below; they are kept only from the last, complete run.
 */
#ifndef DNSAUTH_AUDIT_INT_H
#define DNSAUTH_AUDIT_INT_H

#include <stdarg.h>

#include "audit.h"

struct audit_ctx {
	struct dnsauth_dns *dns;
	const struct dnsauth_audit_opts *o;
	struct dnsauth_audit *a;     /*!< results of the current run */
	const char *domain;          /*!< lower case, no trailing dot */
	/* names missing in this run, to prefetch */
	struct dnsauth_dns_q *missing;
	char **missing_names;
	size_t nmissing, missing_cap;
	bool incomplete;             /*!< some check stopped on a missing name */
	enum dnsauth_area area;      /*!< the area check running now: findings
	                                  of DNS-area rules are reported under it */
	int oom;
	/* facts one area finds and others use (set during the run; areas
	 * run in the order spf, dkim, mx, dmarc, other, so a later area may
	 * read what an earlier one set) */
	bool spf_authorizes;         /*!< SPF authorizes some host */
	bool dkim_key_found;         /*!< a usable DKIM key exists */
	bool null_mx;                /*!< the domain publishes a null MX */
	bool dmarc_enforced;         /*!< effective DMARC policy is not none */
	bool mta_sts;                /*!< an MTA-STS TXT record exists */
	bool dane;                   /*!< TLSA records exist for an MX host */
};

/**
 * \brief The cached answer to (name, type), or NULL after noting the
 * question as missing. \p name may have a trailing dot.
 */
const struct dnsauth_dns_answer *audit_get(struct audit_ctx *c, const char *name,
					   uint16_t type);

/** \brief Add a finding for this run (severity NONE: the rule's default). */
void audit_finding(struct audit_ctx *c, enum dnsauth_rule_id rule,
		   enum dnsauth_severity sev, const char *name, const char *record,
		   unsigned column, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/** \brief The findings list of this run (for model parsers that add
 *  findings themselves, e.g. dnsauth_spf_parse). */
struct dnsauth_findings *audit_findings(struct audit_ctx *c);

/** \brief Record a record found (name, type, presentation value). */
void audit_record(struct audit_ctx *c, const char *name, const char *type,
		  const char *value);

/**
 * \brief Report a failed lookup as dns-resolution-failure (never as a
 * missing record): "what" says what the name is for ("the SPF record").
 */
void audit_dns_failure(struct audit_ctx *c, const struct dnsauth_dns_answer *ans,
		       const char *what);

/**
 * \brief Evaluate SPF (check_host, sequential lookups) for every sending IP
 * of the options once the area checks are complete: fills a->ip_spf and
 * reports IPs the policy does not authorize (audit_spf_ips.c).
 */
void audit_spf_ips(struct audit_ctx *c);

/** \brief "a -> b -> c": the query name and its CNAME chain. */
void audit_chain_text(struct dnsauth_buf *b, const struct dnsauth_dns_answer *a);

/** \brief The name at the end of the CNAME chain: where the records are. */
const char *audit_final_name(const struct dnsauth_dns_answer *a);

/** \brief Record the CNAME links of an answer. */
void audit_record_chain(struct audit_ctx *c, const struct dnsauth_dns_answer *a);

/** \brief Record the CNAME links and the TXT records of an answer. */
void audit_record_txt(struct audit_ctx *c, const struct dnsauth_dns_answer *a);

/** \brief A failed lookup that is not a CNAME loop (loops are dangling
 *  aliases, a configuration error, not a lookup failure). */
bool audit_lookup_failed(const struct dnsauth_dns_answer *a);

/** \brief "TXT", "MX", ... for an RR type (static string). */
const char *audit_type_name(uint16_t type);

/* The area checks, run in this order. */
void audit_spf_run(struct audit_ctx *c);
void audit_dkim_run(struct audit_ctx *c);
void audit_mx_run(struct audit_ctx *c);
void audit_dmarc_run(struct audit_ctx *c);
void audit_other_run(struct audit_ctx *c);

#endif
