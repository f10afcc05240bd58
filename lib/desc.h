/* SPDX-License-Identifier: MIT */
/*
 * desc.h - YAML descriptions and provider templates -> record models.
 *
 * An SPF description names the domain, its senders (addresses, hosts,
 * includes and provider templates), the policy and TTL. Loading resolves
 * templates from a template directory and records the documented lookup
 * cost of each sender, so generators can enforce the 10-lookup budget
 * before anything reaches DNS.
 */
#ifndef DNSAUTH_DESC_H
#define DNSAUTH_DESC_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "dmarc.h"
#include "psl.h"
#include "spf.h"

/** One provider template (templates/spf/NAME.yaml). */
struct dnsauth_spf_template {
	char *name;        /*!< file name without .yaml */
	char *title;       /*!< provider name */
	char *reference;   /*!< provider documentation URL */
	char *checked;     /*!< when the cost was measured, e.g. "2026-11" */
	char *notes;       /*!< may be NULL */
	unsigned lookups;  /*!< documented DNS lookups, terms included */
	struct dnsauth_spf *spf; /*!< the terms it adds (no "all") */
	char *path;        /*!< file it was loaded from */
};

/** One top-level sender of a description, with its lookup cost. */
struct dnsauth_spf_sender {
	size_t first_term;  /*!< index of its first term in desc->spf */
	size_t nterms;      /*!< terms it added */
	unsigned lookups;   /*!< cost: the template's documented cost, or 1
	                         per DNS-querying term (an include's own
	                         content is unknown without DNS) */
	bool cost_known;    /*!< false for plain includes/redirects */
	char *label;        /*!< "template google-workspace", "include:x" */
	unsigned line, column; /*!< position in the description */
};

/** An SPF description, loaded. */
struct dnsauth_spf_desc {
	char *file;
	char *domain;       /*!< without trailing dot */
	unsigned ttl;
	char policy;        /*!< '-', '~', '?', or 0 when redirect is used */
	char *redirect;     /*!< may be NULL */
	struct dnsauth_spf *spf; /*!< the record, ready to print */
	struct dnsauth_spf_sender *senders;
	size_t nsenders;
	unsigned lookups;   /*!< sum of the senders' costs (+1 for redirect) */
};

/** Default TTL for generated records. */
#define DNSAUTH_DEFAULT_TTL 3600u

/**
 * \brief Directory holding the templates: \p override if not NULL, else
 * $DNSAUTH_TEMPLATE_DIR, else the installed directory, else the source
 * tree's (for an uninstalled build). Static or \p override; never NULL.
 */
const char *dnsauth_template_dir(const char *override);

/**
 * \brief Load templates/spf/NAME.yaml from \p dir.
 * \param[out] out free with dnsauth_spf_template_free()
 * \param[out] err "file:line:col: message", or why NAME is not found
 *             (with a "did you mean" hint)
 */
int dnsauth_spf_template_load(const char *dir, const char *name,
			      struct dnsauth_spf_template **out,
			      struct dnsauth_buf *err);
/** \brief Free a template; NULL is allowed. */
void dnsauth_spf_template_free(struct dnsauth_spf_template *t);

/**
 * \brief Names of all SPF templates in \p dir, sorted.
 * \param[out] names array of strings; free with dnsauth_strv_free()
 */
int dnsauth_spf_template_list(const char *dir, char ***names, size_t *n,
			      struct dnsauth_buf *err);
/**
 * \brief Names of the templates of one kind ("spf", "dmarc") in \p dir,
 * i.e. DIR/KIND/NAME.yaml, sorted; free with dnsauth_strv_free().
 */
int dnsauth_template_list(const char *dir, const char *kind, char ***names,
			  size_t *n, struct dnsauth_buf *err);

/** \brief Append "unknown template 'NAME' (did you mean ...?); ..." for
 *  \p kind to \p err. */
void dnsauth_template_unknown(const char *dir, const char *kind, const char *name,
			      struct dnsauth_buf *err);

/** \brief Whether \p name is a valid template name: 1..64 characters of
 *  lower-case letters, digits and '-'. */
bool dnsauth_template_name_ok(const char *name);

/** \brief Free an array of \p n strings. */
void dnsauth_strv_free(char **v, size_t n);

/**
 * \brief Load an SPF description file ("-" for standard input).
 * \param[in] template_dir where "template: NAME" is resolved
 * \param[out] out free with dnsauth_spf_desc_free()
 * \param[out] err "file:line:col: message" on failure
 * \return 0, DNSAUTH_EIO (unreadable file or template), DNSAUTH_EPARSE
 *         (any error in the description or a template it names),
 *         DNSAUTH_ELIMIT (input too large), DNSAUTH_ENOMEM
 */
int dnsauth_spf_desc_load(const char *path, const char *template_dir,
			  struct dnsauth_spf_desc **out, struct dnsauth_buf *err);

/** \brief As dnsauth_spf_desc_load, from memory (\p file names it). */
int dnsauth_spf_desc_parse(const char *file, const char *data, size_t len,
			   const char *template_dir,
			   struct dnsauth_spf_desc **out, struct dnsauth_buf *err);

/** \brief Free a description; NULL is allowed. */
void dnsauth_spf_desc_free(struct dnsauth_spf_desc *d);

/**
 * \brief Print the described record and check it: the printed value is
 * parsed and validated by the same code verify and lint use, and the
 * lookup budget is checked (spf-too-many-lookups: error above 10, warning
 * at 9 and 10, naming the senders that cost most).
 * \param[out] value the record's TXT value; the caller frees it
 * \return 0 or DNSAUTH_ENOMEM (findings are in \p fl)
 */
int dnsauth_spf_desc_check(const struct dnsauth_spf_desc *d, char **value,
			   struct dnsauth_findings *fl);

/* ------------------------------------------------------------------ */
/* DMARC descriptions (desc_dmarc.c)                                     */

/**
 * A DMARC description, loaded: the record to publish at _dmarc.DOMAIN.
 * A description may name a template (templates/dmarc/NAME.yaml); its
 * keys apply first and the description's own keys override them.
 */
struct dnsauth_dmarc_desc {
	char *file;
	char *domain;        /*!< without trailing dot */
	char *template_name; /*!< NULL when no template was used */
	unsigned ttl;
	enum dnsauth_dmarc_standard standard;
	int dkim_signing;    /*!< 1 yes, 0 no (the domain does not sign with
	                          DKIM), -1 not said */
	struct dnsauth_dmarc *dmarc; /*!< the record, ready to print */
};

/** An authorization record a report receiver must publish (RFC 9990). */
struct dnsauth_dmarc_auth {
	char *host;    /*!< the report destination host */
	char *name;    /*!< DOMAIN._report._dmarc.HOST, no trailing dot */
	char *uris;    /*!< the URIs it authorizes, comma-separated */
};

/**
 * \brief Load a DMARC description ("-" for standard input).
 * \param[in] std the standard to write for (RFC 9989 by default); keys of
 *            the other standard are refused with a clear message
 * \param[out] out free with dnsauth_dmarc_desc_free()
 * \param[out] err "file:line:col: message" on failure
 * \return 0, DNSAUTH_EIO, DNSAUTH_EPARSE, DNSAUTH_ELIMIT, DNSAUTH_ENOMEM
 */
int dnsauth_dmarc_desc_load(const char *path, const char *template_dir,
			    enum dnsauth_dmarc_standard std,
			    struct dnsauth_dmarc_desc **out, struct dnsauth_buf *err);

/** \brief As dnsauth_dmarc_desc_load, from memory (\p file names it). */
int dnsauth_dmarc_desc_parse(const char *file, const char *data, size_t len,
			     const char *template_dir,
			     enum dnsauth_dmarc_standard std,
			     struct dnsauth_dmarc_desc **out, struct dnsauth_buf *err);

/** \brief Free a description; NULL is allowed. */
void dnsauth_dmarc_desc_free(struct dnsauth_dmarc_desc *d);

/**
 * \brief Print the described record and check it with the same parser and
 * validator verify and lint use; refuse-worthy problems are error findings:
 * p=reject (or a reject sp/np) while the description says the domain does
 * not sign with DKIM (dmarc-reject-spf-only, RFC 9989 §7.4), and report
 * authorization names too long for DNS. Computes the authorization records
 * report receivers outside the domain's organizational domain (by \p psl)
 * must publish.
 * \param[out] value the TXT value; caller frees
 * \param[out] auths array the caller frees with dnsauth_dmarc_auths_free()
 */
int dnsauth_dmarc_desc_check(const struct dnsauth_dmarc_desc *d,
			     const struct dnsauth_psl *psl, char **value,
			     struct dnsauth_dmarc_auth **auths, size_t *nauths,
			     struct dnsauth_findings *fl);

/** \brief Free an array of authorization records. */
void dnsauth_dmarc_auths_free(struct dnsauth_dmarc_auth *a, size_t n);

#endif
