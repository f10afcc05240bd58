/* SPDX-License-Identifier: MIT */
/*
 * lint_config.h - the linter's repository configuration, .dnsauth.yaml:
 *
 *     fail-on: warning          # error (default) or warning
 *     rules:
 *       spf-ptr-used: ignore    # drop the rule's findings
 *       dmarc-monitoring-only: warning   # error, warning or info
 *
 * Every key and value is checked; mistakes are "file:line:col: message"
 * with a suggestion for a misspelt rule id.
 */
#ifndef DNSAUTH_LINT_CONFIG_H
#define DNSAUTH_LINT_CONFIG_H

#include <stdbool.h>

#include "buf.h"
#include "finding.h"
#include "rules.h"

/** The configuration's file name, looked for in the repository root. */
#define DNSAUTH_LINT_CONFIG_NAME ".dnsauth.yaml"

/** Per-rule setting. */
enum dnsauth_lint_rule_setting {
	DNSAUTH_LINT_DEFAULT = 0, /*!< the severity the check gives */
	DNSAUTH_LINT_IGNORE,      /*!< drop the rule's findings */
	DNSAUTH_LINT_INFO,
	DNSAUTH_LINT_WARNING,
	DNSAUTH_LINT_ERROR,
};

struct dnsauth_lint_config {
	enum dnsauth_severity fail_on;   /*!< NONE when not set */
	enum dnsauth_lint_rule_setting rules[DNSAUTH_RULE_COUNT];
	char *path;                      /*!< the file read, or NULL */
};

/** \brief An empty configuration (no overrides, fail_on unset). */
void dnsauth_lint_config_init(struct dnsauth_lint_config *cfg);

/** \brief Free what a configuration holds (not \p cfg itself). */
void dnsauth_lint_config_clear(struct dnsauth_lint_config *cfg);

/**
 * \brief Read \p path into \p cfg.
 * \return 0, DNSAUTH_EIO (unreadable), DNSAUTH_EPARSE (invalid: \p err
 *         has "file:line:col: message"), DNSAUTH_ENOMEM
 */
int dnsauth_lint_config_load(const char *path, struct dnsauth_lint_config *cfg,
			     struct dnsauth_buf *err);

/**
 * \brief Find .dnsauth.yaml for the repository of the working directory:
 * the directory itself and its parents up to the first one that holds a
 * .git entry (the repository root) or the file system root.
 * \return a path the caller frees, or NULL when there is none
 */
char *dnsauth_lint_config_find(void);

/**
 * \brief Apply the per-rule settings: drop ignored findings, change the
 * severity of the others. \return the number of findings dropped.
 */
size_t dnsauth_lint_config_apply(const struct dnsauth_lint_config *cfg,
				 struct dnsauth_findings *fl);

#endif
