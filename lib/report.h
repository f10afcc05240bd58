/* SPDX-License-Identifier: MIT */
/*
 * report.h - findings -> text and JSON.
 *
 * Text is terminal-safe: everything that came from input (names, records,
 * messages quoting records) is escaped by dnsauth_buf_put_safe(). Colour
 * is used only when asked for (see dnsauth_report_color_wanted()).
 * The JSON schema is documented in doc/json-output.md.
 */
#ifndef DNSAUTH_REPORT_H
#define DNSAUTH_REPORT_H

#include <stdbool.h>

#include "buf.h"
#include "finding.h"
#include "json.h"

struct dnsauth_report_opts {
	bool color;                        /*!< ANSI colour */
	enum dnsauth_severity min_severity;/*!< omit findings below this */
	bool details;                      /*!< add record, caret, receivers
	                                        and reference lines */
};

/**
 * \brief Whether the rule's receiver effect applies to this finding: only
 * when the finding is at least as severe as the rule's default. A milder
 * finding (a note, or 9 of 10 SPF lookups) causes no rejection by itself,
 * so its report shows no "receivers:" line and its JSON impact is null.
 */
bool dnsauth_finding_has_impact(const struct dnsauth_finding *f);

/** \brief Default options: no colour, every severity, details on. */
void dnsauth_report_opts_init(struct dnsauth_report_opts *o);

/**
 * \brief Whether colour should be used on \p fd: only on a terminal, and
 * never when the NO_COLOR environment variable is set (non-empty) or
 * TERM is "dumb".
 */
bool dnsauth_report_color_wanted(int fd);

/**
 * \brief Append the findings as text, one block per finding:
 * "severity: rule-id: name: message", then (with details) the record with
 * a caret under the column, "receivers: ..." and "reference: ...".
 * Findings with a file print as "file:line:col: severity: [name: ]message
 * [rule-id]" (":col" is left out when the column is unknown). The caret
 * is placed by terminal columns (wide characters count two). A record
 * longer than the window shows 60 bytes on each side of the caret.
 */
int dnsauth_report_text(struct dnsauth_buf *out, const struct dnsauth_findings *fl,
			const struct dnsauth_report_opts *o);

/** Sections of a grouped report, in order. */
enum dnsauth_report_section {
	DNSAUTH_SECTION_SPF,
	DNSAUTH_SECTION_DMARC,
	DNSAUTH_SECTION_DKIM,
	DNSAUTH_SECTION_MX,
	DNSAUTH_SECTION_PTR,
	DNSAUTH_SECTION_OTHER, /*!< DNS, MTA-STS/TLS-RPT, BIMI, DANE, zone */
	DNSAUTH_SECTION_COUNT
};

/** \brief The section a finding is reported in (by its area). */
enum dnsauth_report_section dnsauth_report_section_of(const struct dnsauth_finding *f);
/** \brief "SPF", "DMARC", "DKIM", "MX", "Reverse DNS", "Other". */
const char *dnsauth_report_section_title(enum dnsauth_report_section s);

/**
 * \brief Append the findings grouped by section: for each section a line
 * "SECTION: summary" ("no problems found", or counts), then its findings
 * as dnsauth_report_text() prints them, indented by two spaces.
 */
int dnsauth_report_text_sections(struct dnsauth_buf *out,
				 const struct dnsauth_findings *fl,
				 const struct dnsauth_report_opts *o);

/** \brief Write one finding as a JSON object into \p j. */
void dnsauth_report_json_finding(struct dnsauth_json *j,
				 const struct dnsauth_finding *f);

/** \brief Write the findings as a JSON array value into \p j. */
void dnsauth_report_json_array(struct dnsauth_json *j,
			       const struct dnsauth_findings *fl,
			       enum dnsauth_severity min_severity);

/** \brief Append {"findings":[...]} followed by a newline. */
int dnsauth_report_json(struct dnsauth_buf *out, const struct dnsauth_findings *fl,
			const struct dnsauth_report_opts *o);

/** \brief One-line summary: "2 errors, 1 warning, 0 notes". */
int dnsauth_report_summary(struct dnsauth_buf *out, const struct dnsauth_findings *fl);

#endif
