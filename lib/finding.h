/* SPDX-License-Identifier: MIT */
/*
 * finding.h - findings: what the checks say about records.
 *
 * A finding names a catalogue rule, its severity, the DNS name and the
 * record concerned, where in the input it is, and a one-line message.
 * A dnsauth_findings list owns copies of all its strings.
 */
#ifndef DNSAUTH_FINDING_H
#define DNSAUTH_FINDING_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "rules.h"

struct dnsauth_finding {
	enum dnsauth_rule_id rule;
	enum dnsauth_severity severity;
	enum dnsauth_area area; /*!< the area it is reported under: the rule's,
	                             or, for rules of the DNS area (a failed
	                             lookup, a dangling alias), the area whose
	                             record the lookup was for */
	char *name;      /*!< subject: domain or owner name; may be NULL */
	char *record;    /*!< text of the record concerned; may be NULL */
	char *file;      /*!< input file; NULL unless the input was a file */
	unsigned line;   /*!< 1-based line in file; 0 if unknown */
	unsigned column; /*!< 1-based column: in the file if file is set,
	                      else in record; 0 if unknown */
	char *message;   /*!< one line, no trailing newline */
};

/** Upper bound on findings kept in one list; more are counted, not kept. */
#define DNSAUTH_FINDINGS_MAX 100000u

struct dnsauth_findings {
	struct dnsauth_finding *v;
	size_t n;
	size_t cap;
	size_t dropped; /*!< findings not kept because of DNSAUTH_FINDINGS_MAX */
};

/** \brief Initialise an empty list. */
void dnsauth_findings_init(struct dnsauth_findings *fl);
/** \brief Free every finding and the list's storage (not \p fl itself). */
void dnsauth_findings_clear(struct dnsauth_findings *fl);

/**
 * \brief Add a finding; every string is copied.
 * \param[in] sev  severity, or DNSAUTH_SEV_NONE for the rule's default
 * \param[in] name subject name, may be NULL
 * \param[in] record record text, may be NULL
 * \param[in] column 1-based column in \p record, 0 if none
 * \return 0, or DNSAUTH_ENOMEM.
 */
int dnsauth_findings_add(struct dnsauth_findings *fl, enum dnsauth_rule_id rule,
			 enum dnsauth_severity sev, const char *name,
			 const char *record, unsigned column, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/** \brief As dnsauth_findings_add with a va_list. */
int dnsauth_findings_vadd(struct dnsauth_findings *fl, enum dnsauth_rule_id rule,
			  enum dnsauth_severity sev, const char *name,
			  const char *record, unsigned column, const char *fmt,
			  va_list ap) __attribute__((format(printf, 7, 0)));

/**
 * \brief Add a finding at a position in an input file (as
 * dnsauth_findings_add, then file, line and column set).
 * \param[in] file input file name (copied), or NULL
 * \param[in] line 1-based line, 0 if unknown
 * \param[in] column 1-based column in the file's line, 0 if unknown
 * \return 0, or DNSAUTH_ENOMEM.
 */
int dnsauth_findings_add_at(struct dnsauth_findings *fl, enum dnsauth_rule_id rule,
			    enum dnsauth_severity sev, const char *file, unsigned line,
			    unsigned column, const char *name, const char *record,
			    const char *fmt, ...) __attribute__((format(printf, 9, 10)));

/** \brief Set file and line on every finding from index \p from on. */
int dnsauth_findings_locate(struct dnsauth_findings *fl, size_t from,
			    const char *file, unsigned line);

/**
 * \brief Remove the findings whose \p drop entry is true (\p drop has
 * fl->n entries), keeping the others in order.
 * \return the number removed
 */
size_t dnsauth_findings_remove(struct dnsauth_findings *fl, const bool *drop);

/** \brief Worst severity in the list (DNSAUTH_SEV_NONE if empty). */
enum dnsauth_severity dnsauth_findings_worst(const struct dnsauth_findings *fl);
/** \brief Number of findings with exactly severity \p sev. */
size_t dnsauth_findings_count(const struct dnsauth_findings *fl,
			      enum dnsauth_severity sev);
/** \brief Whether some finding has rule \p rule (for tests and callers). */
const struct dnsauth_finding *
dnsauth_findings_find(const struct dnsauth_findings *fl, enum dnsauth_rule_id rule);

#endif
