/* SPDX-License-Identifier: MIT */
/*
 * psl.h - the Public Suffix List: public suffixes and organizational
 * domains (RFC 7489 §3.2: the public suffix plus one label).
 *
 * The list is read from a file (Debian's publicsuffix package installs
 * /usr/share/publicsuffix/public_suffix_list.dat). Rules, wildcards and
 * exceptions follow https://publicsuffix.org/list/ ; the implicit rule
 * "*" applies to names no rule matches.
 */
#ifndef DNSAUTH_PSL_H
#define DNSAUTH_PSL_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/** Default location of the list. */
#define DNSAUTH_PSL_DEFAULT_PATH "/usr/share/publicsuffix/public_suffix_list.dat"

struct dnsauth_psl;

/**
 * \brief Load the list from \p path (NULL: $DNSAUTH_PSL, else the default).
 * \param[out] out free with dnsauth_psl_free()
 * \return 0, DNSAUTH_EIO (message in \p err), DNSAUTH_ENOMEM
 */
int dnsauth_psl_load(const char *path, struct dnsauth_psl **out,
		     struct dnsauth_buf *err);

/** \brief Build a list from text in the list's format (for tests). */
int dnsauth_psl_parse(const char *text, size_t len, struct dnsauth_psl **out);

/** \brief Free a list; NULL is allowed. */
void dnsauth_psl_free(struct dnsauth_psl *psl);

/** \brief Number of rules loaded. */
size_t dnsauth_psl_count(const struct dnsauth_psl *psl);

/**
 * \brief The public suffix of \p domain, compared case-insensitively; a
 * trailing dot on \p domain is ignored for matching.
 * \return a pointer into \p domain (so it keeps \p domain's trailing dot).
 */
const char *dnsauth_psl_public_suffix(const struct dnsauth_psl *psl,
				      const char *domain);

/** \brief Whether \p domain is itself a public suffix. */
bool dnsauth_psl_is_public_suffix(const struct dnsauth_psl *psl,
				  const char *domain);

/**
 * \brief The organizational domain of \p domain (public suffix plus one
 * label), a pointer into \p domain; NULL when \p domain is itself a
 * public suffix.
 */
const char *dnsauth_psl_org_domain(const struct dnsauth_psl *psl,
				   const char *domain);

/** \brief Whether two names have the same organizational domain
 *  (case-insensitive; a public suffix is its own). */
bool dnsauth_psl_same_org(const struct dnsauth_psl *psl, const char *a,
			  const char *b);

#endif
