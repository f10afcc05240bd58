/* SPDX-License-Identifier: MIT */
/*
 * sarif.h - findings as a SARIF 2.1.0 log (OASIS Static Analysis Results
 * Interchange Format), for code-scanning services.
 *
 * One run; the tool's driver lists every rule of the catalogue (id, title,
 * impact, default level, reference), so that results can point at them
 * by ruleIndex. A result carries the rule, the level (error, warning,
 * note), the message and, when the finding has a file, a physical
 * location (file URI, and line and column when known).
 */
#ifndef DNSAUTH_SARIF_H
#define DNSAUTH_SARIF_H

#include "buf.h"
#include "finding.h"

/**
 * \brief Write the SARIF log of \p fl to \p out.
 * \param[in] tool     driver name ("dnsauth-lint")
 * \param[in] version  driver version
 * \return 0 or DNSAUTH_ENOMEM
 */
int dnsauth_sarif_write(struct dnsauth_buf *out, const struct dnsauth_findings *fl,
			const char *tool, const char *version);

/** \brief "error", "warning" or "note": the SARIF level of a severity. */
const char *dnsauth_sarif_level(enum dnsauth_severity sev);

/**
 * \brief A file path as a relative URI reference (RFC 3986): bytes other
 * than unreserved characters and '/' percent-encoded. \return 0 or
 * DNSAUTH_ENOMEM.
 */
int dnsauth_sarif_uri(struct dnsauth_buf *out, const char *path);

#endif
