/* SPDX-License-Identifier: MIT */
/*
 * rules.h - the rule catalogue: every finding id dnsauth can report.
 *
 * The ids are the public contract (../doc/dnsauth-rules.7); the table
 * itself lives in rules.def as an X-macro so that the enum, the lookup
 * table and the generated documentation cannot drift apart.
 */
#ifndef DNSAUTH_RULES_H
#define DNSAUTH_RULES_H

#include <stdbool.h>
#include <stddef.h>

/** Severity of a finding, ordered: a larger value is worse. */
enum dnsauth_severity {
	DNSAUTH_SEV_NONE = 0,   /*!< no finding / "use the rule's default" */
	DNSAUTH_SEV_INFO = 1,
	DNSAUTH_SEV_WARNING = 2,
	DNSAUTH_SEV_ERROR = 3,
};

/** Which record family a rule belongs to (used to group reports). */
enum dnsauth_area {
	DNSAUTH_AREA_SPF,
	DNSAUTH_AREA_DMARC,
	DNSAUTH_AREA_DKIM,
	DNSAUTH_AREA_MX,
	DNSAUTH_AREA_PTR,
	DNSAUTH_AREA_DNS,
	DNSAUTH_AREA_MTASTS,
	DNSAUTH_AREA_BIMI,
	DNSAUTH_AREA_DANE,
	DNSAUTH_AREA_ZONE,
	DNSAUTH_AREA_COUNT
};

/** Every rule, in catalogue order. */
enum dnsauth_rule_id {
#define DNSAUTH_RULE(sym, id, area, sev, live, title, ref, impact, codes) \
	DNSAUTH_R_##sym,
#include "rules.def"
#undef DNSAUTH_RULE
	DNSAUTH_RULE_COUNT
};

/** One catalogue entry; all strings are static. */
struct dnsauth_rule {
	enum dnsauth_rule_id rule;
	const char *id;                /*!< stable kebab-case id */
	enum dnsauth_area area;
	enum dnsauth_severity severity;/*!< default severity */
	bool live;                     /*!< needs live data (network probes) */
	const char *title;             /*!< one-line title */
	const char *reference;         /*!< standard and section */
	const char *impact;            /*!< typical effect at receivers */
	const char *codes;             /*!< space-separated SMTP codes the
	                                    finding typically causes, "" if none */
};

/** \brief The catalogue entry of \p rule; NULL if out of range. */
const struct dnsauth_rule *dnsauth_rule_get(enum dnsauth_rule_id rule);
/** \brief Look a rule up by its id string; NULL if unknown. */
const struct dnsauth_rule *dnsauth_rule_find(const char *id);
/** \brief Number of rules in the catalogue. */
size_t dnsauth_rule_count(void);
/** \brief "error", "warning", "info" (or "none"); static string. */
const char *dnsauth_severity_name(enum dnsauth_severity sev);
/** \brief Parse a severity name; DNSAUTH_SEV_NONE if unknown. */
enum dnsauth_severity dnsauth_severity_parse(const char *name);
/** \brief "spf", "dmarc", ... ; static string. */
const char *dnsauth_area_name(enum dnsauth_area area);
/** \brief Human title of an area ("SPF", "Reverse DNS", ...); static. */
const char *dnsauth_area_title(enum dnsauth_area area);

#endif
