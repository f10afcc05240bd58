/* SPDX-License-Identifier: MIT */
/*
 * lint.h - the zone-file linter: every rule verify knows, run statically
 * on the records of zone files and snippets, with file:line:col.
 *
 * Each file is linted on its own (pre-commit passes many at once):
 *   1. lib/zscan reads it record by record (zone-syntax findings for what
 *      does not parse or parses other than written);
 *   2. the zone rules (zone-*, lib/lint_zone.c) run on the records as
 *      written;
 *   3. the records become a records source (lib/dns.h): the file's zone
 *      is complete when it has an SOA at its origin, else a snippet whose
 *      unanswered questions are OUTSIDE (not checked). With --online,
 *      such questions go to the live source instead.
 *   4. the audit engine (lib/audit.h) runs for every domain the records
 *      concern (the origin, owners of SPF records, the domains of
 *      _dmarc, _domainkey, _mta-sts, _smtp._tls, _bimi and MX records);
 *      its findings are placed at the record they concern.
 *   5. where two rules name one cause at one file:line:col, the finding
 *      of the rule that owns it is kept (dnsauth_lint_drop_superseded());
 *   6. "; dnsauth: ignore RULE-ID" comments on a record's lines drop that
 *      record's findings of those rules.
 */
#ifndef DNSAUTH_LINT_H
#define DNSAUTH_LINT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "dns.h"
#include "finding.h"
#include "psl.h"
#include "zscan.h"

/** What to lint and how. */
struct dnsauth_lint_opts {
	const char *origin;          /*!< --origin, or NULL (infer per file) */
	struct dnsauth_dns *online;  /*!< live source for names outside the
	                                  snippet (--online), or NULL */
	const struct dnsauth_psl *psl; /*!< for DMARC organizational domains;
	                                  may be NULL */
	bool documentation_addresses_ok; /*!< the documentation ranges are
	                                  public (demo and test zones) */
};

/** What a run found; owns everything. */
struct dnsauth_lint_result {
	struct dnsauth_findings findings; /*!< every finding, with file, line
	                                       and column where known, in file
	                                       order */
	size_t nfiles;               /*!< files read */
	size_t nrecords;             /*!< records read */
	size_t ndomains;             /*!< domains audited */
	size_t nsuppressed;          /*!< findings dropped by ignore comments */
	char **skipped;              /*!< offline: names looked up but outside
	                                  the files (not checked), sorted,
	                                  unique */
	size_t nskipped;
	char **unreadable;           /*!< "FILE: why" for files not read */
	size_t nunreadable;
};

/** \brief Initialise an empty result. */
void dnsauth_lint_result_init(struct dnsauth_lint_result *r);

/** \brief Free everything a result holds (not \p r itself). */
void dnsauth_lint_result_clear(struct dnsauth_lint_result *r);

/**
 * \brief Lint one file; findings and counts are added to \p r. A file
 * that cannot be read is recorded in r->unreadable, not a failure.
 * \return 0 or DNSAUTH_ENOMEM
 */
int dnsauth_lint_file(const char *path, const struct dnsauth_lint_opts *o,
		      struct dnsauth_lint_result *r);

/**
 * \brief Lint \p len bytes of zone text named \p path (for tests and
 * standard input), as dnsauth_lint_file.
 */
int dnsauth_lint_buf(const char *path, const char *text, size_t len,
		     const struct dnsauth_lint_opts *o, struct dnsauth_lint_result *r);

/**
 * \brief The zone rules (zone-*) on the records of one scanned file, as
 * written: string lengths and splits, missing trailing dots, CNAME
 * conflicts, records at the wrong owner, garbled characters, wildcards,
 * duplicates, and the info checks of TTLs and name lengths
 * (lib/lint_zone.c). Findings carry file, line and column.
 * \return 0 or DNSAUTH_ENOMEM
 */
int dnsauth_lint_zone_rules(const struct dnsauth_zfile *zf, struct dnsauth_findings *fl);

/**
 * \brief Sort findings by place (file, line, column, rule) and drop those
 * that another finding at the same file:line:col supersedes: the pairs of
 * rules that name one cause in different words (lib/lint.c has the table
 * and the reasons). Findings without a line are never dropped. The
 * linter applies it to every file's findings before ignore comments.
 * \return the number dropped
 */
size_t dnsauth_lint_drop_superseded(struct dnsauth_findings *fl);

#endif
