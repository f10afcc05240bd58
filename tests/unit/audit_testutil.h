/* SPDX-License-Identifier: MIT */
/* audit_testutil.h - helpers shared by the audit-area unit tests. */
#ifndef DNSAUTH_AUDIT_TESTUTIL_H
#define DNSAUTH_AUDIT_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "audit.h"

/** \brief "rule-id:severity,..." of the findings for which \p in_scope is
 *  true, sorted; caller frees. */
char *tu_rule_set(const struct dnsauth_findings *fl,
		  bool (*in_scope)(enum dnsauth_rule_id));

/** \brief The k-th finding (0-based) of a rule, or NULL. */
const struct dnsauth_finding *tu_nth(const struct dnsauth_audit *a,
				     enum dnsauth_rule_id rule, size_t k);

/**
 * \brief A zone source over the fixture files of tests/data/zones (under
 * $top_srcdir, default ".") whose file names \p mine accepts, loaded in
 * sorted order. Exits the test program when fewer than \p min_files match
 * or they do not load. Free with dnsauth_dns_free().
 */
struct dnsauth_dns *tu_zone_source(bool (*mine)(const char *file_name),
				   size_t min_files);

/** \brief Print the findings to standard error (for failing tests). */
void tu_dump(const struct dnsauth_audit *a);

/** \brief Whether a record (name, type, value starting with a prefix)
 *  was recorded. */
bool tu_has_record(const struct dnsauth_audit *a, const char *name,
		   const char *type, const char *value_prefix);

#endif
