/* SPDX-License-Identifier: MIT */
/* testutil.h - helpers shared by the record-model unit tests. */
#ifndef DNSAUTH_TESTUTIL_H
#define DNSAUTH_TESTUTIL_H

#include <stddef.h>

#include "finding.h"

/** \brief Copy of the first n bytes of s in a buffer of exactly n bytes
 *  (no NUL), so ASan catches reads past the end; caller frees. */
char *dup_exact(const char *s, size_t n);

/** \brief s[0..n) quoted and terminal-safe, for failure messages; caller
 *  frees. */
char *show(const char *s, size_t n);

/** \brief "rule-id:severity:column;..." for the findings from index
 *  \p from on ("" when none); caller frees. */
char *fmt_findings(const struct dnsauth_findings *fl, size_t from);

#endif
