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

/* The area checks, in their order of running, and a last slot for what
 * runs after them (audit_spf_ips, the engine's own finding). */
enum audit_slot {
	AUDIT_SPF,
	AUDIT_DKIM,
	AUDIT_MX,
	AUDIT_DMARC,
	AUDIT_OTHER,
	AUDIT_AFTER,
	AUDIT_NSLOTS
};

/* What one area check produced in its last run (audit.c): its findings
 * and records, kept apart per area so that an area whose run was
 * complete need not run again in the next pass. */
struct audit_out {
	struct dnsauth_findings findings;
	struct dnsauth_audit_record *records;
	size_t nrecords, records_cap;
	size_t counted;              /*!< records made, stored or not */
	bool complete;               /*!< the run asked for nothing missing */
	bool replayed;               /*!< this pass kept the last pass's run */
	bool read_earlier;           /*!< the run looked at the findings or
	                                  records of the areas before it */
	/* the facts of earlier areas the run read */
	bool in_spf_authorizes, in_dkim_key_found;
	char *in_dmarc_name;
};

/* A value an area made from an answer (audit_memo_find()). */
struct audit_memo {
	const void *answer;          /*!< the answer it was made from */
	size_t index;                /*!< of the TXT string, say */
	char *name;                  /*!< and the name it was made for */
	void *value;
	void (*free_value)(void *);
};

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
	bool area_missed;            /*!< the area running now did */
	bool last_pass;              /*!< no pass follows this one: an area that
	                                  misses a name still reports what it can
	                                  (else a run that misses a name may skip
	                                  what only makes findings: they are
	                                  dropped when the pass is run again) */
	enum dnsauth_area area;      /*!< the area check running now: findings
	                                  of DNS-area rules are reported under it */
	enum audit_slot slot;        /*!< where its findings and records go */
	struct audit_out out[AUDIT_NSLOTS];
	struct audit_memo *memo;     /*!< values kept for the whole audit */
	size_t nmemo, memo_cap;
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

/** \brief The findings list of the area running now (for model parsers
 *  that add findings themselves, e.g. dnsauth_spf_parse): this run's
 *  findings of the area only. */
struct dnsauth_findings *audit_findings(struct audit_ctx *c);

/** \brief Whether this run has a finding of \p rule whose message
 *  contains \p text, in any area so far. */
bool audit_reported(struct audit_ctx *c, enum dnsauth_rule_id rule, const char *text);

/** \brief Record a record found (name, type, presentation value). */
void audit_record(struct audit_ctx *c, const char *name, const char *type,
		  const char *value);

/** \brief Whether records are kept (opts->no_records unset): when not,
 *  what only builds a record's text can be skipped, counting the record
 *  with audit_record_skip() instead. */
bool audit_recording(const struct audit_ctx *c);

/** \brief Count a record found without keeping it (!audit_recording()). */
void audit_record_skip(struct audit_ctx *c);

/**
 * \brief A value made from (answer, index, name) earlier in this audit:
 * an answer does not change while the audit runs, so what an area makes
 * of it (a parsed record) need not be made again when the area runs
 * again in the next pass. *found tells a NULL value from none.
 */
void *audit_memo_find(const struct audit_ctx *c, const void *answer, size_t index,
		      const char *name, bool *found);

/**
 * \brief Keep \p value (may be NULL) for audit_memo_find(); it is freed
 * with \p free_value when the audit ends (audit_ctx_release()), or now
 * when out of memory (then c->oom is set).
 */
void audit_memo_add(struct audit_ctx *c, const void *answer, size_t index,
		    const char *name, void *value, void (*free_value)(void *));

/** \brief Whether this run recorded (name, type, value) already, in any
 *  area so far (names compared without case and trailing dot). */
bool audit_recorded(struct audit_ctx *c, const char *name, const char *type,
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

/** \brief The text of a name in an rdf: lower case, no trailing dot (""
 *  for the root), as ldns prints it; caller frees; NULL when out of
 *  memory. */
char *audit_name_text(const ldns_rdf *rdf);

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

/**
 * \brief Move the findings and records of every area's last run, in area
 * order, to c->a (replacing its findings and records), within the bounds
 * of a findings list and of the records kept. The engine does this once
 * the passes end; a test that runs one area calls it after each run.
 * \return 0 or DNSAUTH_ENOMEM
 */
int audit_collect(struct audit_ctx *c);

/** \brief Free what the areas' runs left in \p c (not c->a). */
void audit_ctx_release(struct audit_ctx *c);

/* The area checks, run in this order. */
void audit_spf_run(struct audit_ctx *c);
void audit_dkim_run(struct audit_ctx *c);
void audit_mx_run(struct audit_ctx *c);
void audit_dmarc_run(struct audit_ctx *c);
void audit_other_run(struct audit_ctx *c);

#endif
