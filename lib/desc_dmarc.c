/* SPDX-License-Identifier: MIT */
/*
 * desc_dmarc.c - DMARC descriptions (YAML) and templates -> DMARC model,
 * and the report-authorization records of external report receivers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "desc.h"
#include "dname.h"
#include "error.h"
#include "output.h"
#include "ytree.h"

#define TTL_MAX 2147483647LL

/* Keys a description and a template share. */
#define POLICY_KEYS "policy", "subdomain_policy", "nonexistent_subdomain_policy", \
	"testing", "alignment", "reports", "psd", "percent", "dkim_signing", "ttl"

static const char *const desc_keys[] = { "domain", "template", POLICY_KEYS, NULL };
static const char *const template_keys[] = { "name", "title", "notes", POLICY_KEYS, NULL };

struct loader {
	const struct dnsauth_ydoc *doc;
	struct dnsauth_buf *err;
	struct dnsauth_dmarc_desc *d;
};

static void shown(struct dnsauth_buf *b, const char *v)
{
	dnsauth_buf_put_safe(b, v, strlen(v) > 80 ? 80 : strlen(v));
}

static int bad_word(struct loader *l, const struct dnsauth_ynode *n, const char *key,
		    const char *v, const char *allowed, const char *const *words)
{
	const char *hint = dnsauth_suggest(v, words);
	struct dnsauth_buf tmp;

	dnsauth_buf_init(&tmp, 0);
	shown(&tmp, v);
	dnsauth_ynode_error(l->doc, n, l->err, "'%s' must be %s, not '%s'%s%s%s", key,
			    allowed, dnsauth_buf_str(&tmp), hint ? " (did you mean '" : "",
			    hint ? hint : "", hint ? "'?)" : "");
	dnsauth_buf_free(&tmp);
	return DNSAUTH_EPARSE;
}

static int get_policy(struct loader *l, const struct dnsauth_ynode *n, const char *key,
		      enum dnsauth_dmarc_policy *out)
{
	static const char *const words[] = { "none", "quarantine", "reject", NULL };
	const char *v;
	int rc = dnsauth_ynode_string(l->doc, n, key, &v, l->err);

	if (rc)
		return rc;
	if (strcmp(v, "none") == 0)
		*out = DNSAUTH_DMARC_NONE;
	else if (strcmp(v, "quarantine") == 0)
		*out = DNSAUTH_DMARC_QUARANTINE;
	else if (strcmp(v, "reject") == 0)
		*out = DNSAUTH_DMARC_REJECT;
	else
		return bad_word(l, n, key, v, "none, quarantine or reject", words);
	return 0;
}

static int get_bool(struct loader *l, const struct dnsauth_ynode *n, const char *key,
		    bool *out)
{
	const char *v;
	int rc;

	if (n->type == DNSAUTH_Y_SCALAR && n->quoted) {
		dnsauth_ynode_error(l->doc, n, l->err, "'%s' must be true or false, not a quoted string",
				    key);
		return DNSAUTH_EPARSE;
	}
	rc = dnsauth_ynode_string(l->doc, n, key, &v, l->err);
	if (rc)
		return rc;
	if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcasecmp(v, "on")) {
		*out = true;
	} else if (!strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcasecmp(v, "off")) {
		*out = false;
	} else {
		struct dnsauth_buf tmp;

		dnsauth_buf_init(&tmp, 0);
		shown(&tmp, v);
		dnsauth_ynode_error(l->doc, n, l->err, "'%s' must be true or false, not '%s'",
				    key, dnsauth_buf_str(&tmp));
		dnsauth_buf_free(&tmp);
		return DNSAUTH_EPARSE;
	}
	return 0;
}

/* A key that exists only in one standard. */
static int only_in(struct loader *l, const struct dnsauth_ynode *key,
		   enum dnsauth_dmarc_standard std, const char *why)
{
	if (l->d->standard == std)
		return 0;
	dnsauth_ynode_error(l->doc, key, l->err, "'%s' %s", key->value, why);
	return DNSAUTH_EPARSE;
}

static int get_alignment(struct loader *l, const struct dnsauth_ynode *map)
{
	static const char *const keys[] = { "dkim", "spf", NULL };
	static const char *const words[] = { "relaxed", "strict", NULL };
	size_t i;
	int rc;

	rc = dnsauth_ynode_check_keys(l->doc, map, keys, "'alignment'", l->err);
	for (i = 0; !rc && i < map->n; i++) {
		const char *v;
		char mode;

		rc = dnsauth_ynode_string(l->doc, map->items[i], map->keys[i]->value, &v, l->err);
		if (rc)
			break;
		if (strcmp(v, "relaxed") == 0)
			mode = 'r';
		else if (strcmp(v, "strict") == 0)
			mode = 's';
		else
			return bad_word(l, map->items[i], map->keys[i]->value, v,
					"relaxed or strict", words);
		if (strcmp(map->keys[i]->value, "dkim") == 0)
			l->d->dmarc->adkim = mode;
		else
			l->d->dmarc->aspf = mode;
	}
	return rc;
}

/* A report address: "mailto:...", "https://...", or a bare address; the
 * text "{domain}" stands for the description's domain. */
static int add_address(struct loader *l, const struct dnsauth_ynode *n, bool ruf)
{
	struct dnsauth_buf uri, tmp;
	const char *v, *p;
	int rc;

	rc = dnsauth_ynode_string(l->doc, n, ruf ? "failure" : "aggregate", &v, l->err);
	if (rc)
		return rc;
	dnsauth_buf_init(&uri, 2048);
	if (!strchr(v, ':') && strchr(v, '@'))
		dnsauth_buf_puts(&uri, "mailto:");
	for (p = v; *p; p++) {
		if (strncmp(p, "{domain}", 8) == 0) {
			dnsauth_buf_puts(&uri, l->d->domain ? l->d->domain : "");
			p += 7;
		} else {
			dnsauth_buf_putc(&uri, *p);
		}
	}
	rc = uri.err ? uri.err : dnsauth_dmarc_add_uri(l->d->dmarc, ruf, dnsauth_buf_str(&uri));
	if (rc == DNSAUTH_EINVAL || rc == DNSAUTH_ELIMIT) {
		dnsauth_buf_init(&tmp, 0);
		shown(&tmp, dnsauth_buf_str(&uri));
		if (rc == DNSAUTH_ELIMIT)
			dnsauth_ynode_error(l->doc, n, l->err, "too many report addresses (at most %u)",
					    DNSAUTH_DMARC_MAX_URIS);
		else
			dnsauth_ynode_error(l->doc, n, l->err,
					    "'%s' is not a valid report address (mailto:user@domain or https://host/path)",
					    dnsauth_buf_str(&tmp));
		dnsauth_buf_free(&tmp);
		rc = DNSAUTH_EPARSE;
	}
	dnsauth_buf_free(&uri);
	return rc;
}

static int get_list(struct loader *l, const struct dnsauth_ynode *n, const char *key)
{
	if (n->type == DNSAUTH_Y_SEQUENCE)
		return 0;
	dnsauth_ynode_error(l->doc, n, l->err, "'%s' must be a list, not %s", key,
			    dnsauth_ynode_type_name(n));
	return DNSAUTH_EPARSE;
}

static void clear_uris(struct dnsauth_dmarc_uri *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].uri);
		free(v[i].scheme);
		free(v[i].host);
		free(v[i].size);
	}
	free(v);
}

static int get_reports(struct loader *l, const struct dnsauth_ynode *map)
{
	static const char *const keys[] = { "aggregate", "failure", "failure_options", NULL };
	struct dnsauth_dmarc *m = l->d->dmarc;
	const struct dnsauth_ynode *n;
	size_t i;
	int rc;

	rc = dnsauth_ynode_check_keys(l->doc, map, keys, "'reports'", l->err);
	if (rc)
		return rc;
	/* the description's reports replace the template's */
	clear_uris(m->rua, m->nrua);
	clear_uris(m->ruf, m->nruf);
	m->rua = m->ruf = NULL;
	m->nrua = m->nruf = 0;
	m->fo = 0;
	n = dnsauth_ynode_get(map, "aggregate");
	if (n && !dnsauth_ynode_is_null(n)) {
		rc = get_list(l, n, "aggregate");
		for (i = 0; !rc && i < n->n; i++)
			rc = add_address(l, n->items[i], false);
		if (rc)
			return rc;
	}
	n = dnsauth_ynode_get(map, "failure");
	if (n && !dnsauth_ynode_is_null(n)) {
		rc = get_list(l, n, "failure");
		for (i = 0; !rc && i < n->n; i++)
			rc = add_address(l, n->items[i], true);
		if (rc)
			return rc;
	}
	n = dnsauth_ynode_get(map, "failure_options");
	if (n && !dnsauth_ynode_is_null(n)) {
		rc = get_list(l, n, "failure_options");
		for (i = 0; !rc && i < n->n; i++) {
			const struct dnsauth_ynode *o = n->items[i];
			const char *v;

			rc = dnsauth_ynode_string(l->doc, o, "failure_options", &v, l->err);
			if (rc)
				break;
			if (strcmp(v, "0") == 0)
				m->fo |= DNSAUTH_DMARC_FO_0;
			else if (strcmp(v, "1") == 0)
				m->fo |= DNSAUTH_DMARC_FO_1;
			else if (strcmp(v, "d") == 0)
				m->fo |= DNSAUTH_DMARC_FO_D;
			else if (strcmp(v, "s") == 0)
				m->fo |= DNSAUTH_DMARC_FO_S;
			else
				return bad_word(l, o, "failure_options", v,
						"0 (all fail), 1 (any fails), d (DKIM) or s (SPF)", NULL);
		}
		if (!rc && (m->fo & DNSAUTH_DMARC_FO_0) && (m->fo & DNSAUTH_DMARC_FO_1) &&
		    l->d->standard == DNSAUTH_DMARC_RFC9989) {
			dnsauth_ynode_error(l->doc, n, l->err,
					    "'failure_options' 0 and 1 exclude each other (RFC 9989 §4.7)");
			rc = DNSAUTH_EPARSE;
		}
	}
	return rc;
}

/* Apply the policy keys of one mapping (a template or the description). */
static int apply(struct loader *l, const struct dnsauth_ynode *map)
{
	struct dnsauth_dmarc *m = l->d->dmarc;
	size_t i;
	int rc = 0;

	for (i = 0; i < map->n && !rc; i++) {
		const struct dnsauth_ynode *k = map->keys[i], *v = map->items[i];
		const char *key = k->value;
		long long num;
		bool b;

		if (strcmp(key, "policy") == 0) {
			rc = get_policy(l, v, key, &m->p);
		} else if (strcmp(key, "subdomain_policy") == 0) {
			rc = get_policy(l, v, key, &m->sp);
		} else if (strcmp(key, "nonexistent_subdomain_policy") == 0) {
			rc = only_in(l, k, DNSAUTH_DMARC_RFC9989,
				     "(np) is defined by RFC 9989; with --standard rfc7489 receivers ignore it");
			if (!rc)
				rc = get_policy(l, v, key, &m->np);
		} else if (strcmp(key, "testing") == 0) {
			rc = get_bool(l, v, key, &b);
			if (!rc && b)
				rc = only_in(l, k, DNSAUTH_DMARC_RFC9989,
					     "(t=y) is defined by RFC 9989; under RFC 7489 use 'percent'");
			if (!rc)
				m->t = b ? 'y' : 0;
		} else if (strcmp(key, "alignment") == 0) {
			rc = v->type == DNSAUTH_Y_MAPPING ? get_alignment(l, v) :
			     dnsauth_ynode_check_keys(l->doc, v, NULL, "'alignment'", l->err);
		} else if (strcmp(key, "reports") == 0) {
			rc = v->type == DNSAUTH_Y_MAPPING ? get_reports(l, v) :
			     dnsauth_ynode_check_keys(l->doc, v, NULL, "'reports'", l->err);
		} else if (strcmp(key, "psd") == 0) {
			static const char *const words[] = { "y", "n", "u", NULL };
			const char *s;

			rc = only_in(l, k, DNSAUTH_DMARC_RFC9989,
				     "is defined by RFC 9989; with --standard rfc7489 receivers ignore it");
			if (!rc)
				rc = dnsauth_ynode_string(l->doc, v, key, &s, l->err);
			if (rc)
				break;
			if (strcmp(s, "y") == 0 || strcasecmp(s, "yes") == 0 || strcasecmp(s, "true") == 0)
				m->psd = 'y';
			else if (strcmp(s, "n") == 0 || strcasecmp(s, "no") == 0 || strcasecmp(s, "false") == 0)
				m->psd = 'n';
			else if (strcmp(s, "u") == 0 || strcmp(s, "unknown") == 0)
				m->psd = 'u';
			else
				rc = bad_word(l, v, key, s, "y, n or u", words);
		} else if (strcmp(key, "percent") == 0) {
			rc = only_in(l, k, DNSAUTH_DMARC_RFC7489,
				     "(pct) was removed by RFC 9989; use 'testing: true', or --standard rfc7489");
			if (!rc)
				rc = dnsauth_ynode_int(l->doc, v, key, 0, 100, &num, l->err);
			if (!rc)
				m->pct = (int)num;
		} else if (strcmp(key, "dkim_signing") == 0) {
			rc = get_bool(l, v, key, &b);
			if (!rc)
				l->d->dkim_signing = b ? 1 : 0;
		} else if (strcmp(key, "ttl") == 0) {
			rc = dnsauth_ynode_int(l->doc, v, key, 0, TTL_MAX, &num, l->err);
			if (!rc)
				l->d->ttl = (unsigned)num;
		}
	}
	return rc;
}

static int apply_template(struct loader *l, const char *dir, const struct dnsauth_ynode *n)
{
	struct dnsauth_ydoc *doc = NULL;
	struct dnsauth_buf terr;
	struct loader tl;
	char *path = NULL;
	const char *name;
	struct stat st;
	int rc;

	rc = dnsauth_ynode_string(l->doc, n, "template", &name, l->err);
	if (rc)
		return rc;
	dnsauth_buf_init(&terr, 0);
	if (!dnsauth_template_name_ok(name)) {
		dnsauth_buf_puts(&terr, "invalid template name '");
		shown(&terr, name);
		dnsauth_buf_puts(&terr, "' (lower-case letters, digits and '-')");
		rc = DNSAUTH_EPARSE;
	} else if (asprintf(&path, "%s/dmarc/%s.yaml", dir, name) < 0) {
		path = NULL;
		rc = DNSAUTH_ENOMEM;
	} else if (stat(path, &st) != 0) {
		dnsauth_template_unknown(dir, "dmarc", name, &terr);
		rc = DNSAUTH_EPARSE;
	} else {
		rc = dnsauth_ydoc_load(path, &doc, &terr);
		if (!rc && !doc->root) {
			dnsauth_buf_printf(&terr, "%s:1:1: empty template", path);
			rc = DNSAUTH_EPARSE;
		}
		if (!rc)
			rc = dnsauth_ynode_check_keys(doc, doc->root, template_keys,
						      "the template", &terr);
		if (!rc) {
			tl = *l;
			tl.doc = doc;
			tl.err = &terr;
			rc = apply(&tl, doc->root);
		}
	}
	if (rc && rc != DNSAUTH_ENOMEM) {
		dnsauth_ynode_error(l->doc, n, l->err, "%s", dnsauth_buf_str(&terr));
		rc = rc == DNSAUTH_EIO ? DNSAUTH_EIO : DNSAUTH_EPARSE;
	}
	if (!rc) {
		l->d->template_name = strdup(name);
		if (!l->d->template_name)
			rc = DNSAUTH_ENOMEM;
	}
	dnsauth_buf_free(&terr);
	dnsauth_ydoc_free(doc);
	free(path);
	return rc;
}

void dnsauth_dmarc_desc_free(struct dnsauth_dmarc_desc *d)
{
	if (!d)
		return;
	free(d->file);
	free(d->domain);
	free(d->template_name);
	dnsauth_dmarc_free(d->dmarc);
	free(d);
}

int dnsauth_dmarc_desc_parse(const char *file, const char *data, size_t len,
			     const char *template_dir,
			     enum dnsauth_dmarc_standard std,
			     struct dnsauth_dmarc_desc **out, struct dnsauth_buf *err)
{
	struct dnsauth_dmarc_desc *d = NULL;
	struct dnsauth_ydoc *doc = NULL;
	const struct dnsauth_ynode *root, *n;
	const char *v, *why = NULL;
	struct loader l;
	int rc;

	*out = NULL;
	rc = dnsauth_ydoc_parse(file, data, len, &doc, err);
	if (rc)
		return rc;
	root = doc->root;
	if (!root) {
		dnsauth_buf_printf(err, "%s:1:1: empty description (it needs at least 'domain' and 'policy')",
				   file);
		rc = DNSAUTH_EPARSE;
		goto fail;
	}
	rc = dnsauth_ynode_check_keys(doc, root, desc_keys, "the description", err);
	if (rc)
		goto fail;
	d = calloc(1, sizeof(*d));
	if (!d || !(d->file = strdup(file)) || !(d->dmarc = dnsauth_dmarc_new())) {
		rc = DNSAUTH_ENOMEM;
		goto fail;
	}
	d->ttl = DNSAUTH_DEFAULT_TTL;
	d->standard = std;
	d->dkim_signing = -1;
	memset(&l, 0, sizeof(l));
	l.doc = doc;
	l.err = err;
	l.d = d;

	n = dnsauth_ynode_get(root, "domain");
	if (!n) {
		dnsauth_ynode_error(doc, root, err, "missing required key 'domain'");
		rc = DNSAUTH_EPARSE;
		goto fail;
	}
	rc = dnsauth_ynode_string(doc, n, "domain", &v, err);
	if (rc)
		goto fail;
	if (!dnsauth_dname_valid(v, strlen(v), true, &why, NULL)) {
		struct dnsauth_buf tmp;

		dnsauth_buf_init(&tmp, 0);
		shown(&tmp, v);
		dnsauth_ynode_error(doc, n, err, "'domain' value '%s' is not a valid domain name: %s",
				    dnsauth_buf_str(&tmp), why);
		dnsauth_buf_free(&tmp);
		rc = DNSAUTH_EPARSE;
		goto fail;
	}
	d->domain = strndup(v, dnsauth_dname_len(v));
	if (!d->domain) {
		rc = DNSAUTH_ENOMEM;
		goto fail;
	}
	n = dnsauth_ynode_get(root, "template");
	if (n) {
		rc = apply_template(&l, dnsauth_template_dir(template_dir), n);
		if (rc)
			goto fail;
	}
	rc = apply(&l, root);
	if (rc)
		goto fail;
	if (d->dmarc->p == DNSAUTH_DMARC_UNSET) {
		dnsauth_ynode_error(doc, root, err,
				    "missing required key 'policy' (none, quarantine or reject)%s",
				    d->template_name ? " in the description or its template" : "");
		rc = DNSAUTH_EPARSE;
		goto fail;
	}
	dnsauth_ydoc_free(doc);
	*out = d;
	return 0;
fail:
	dnsauth_ydoc_free(doc);
	dnsauth_dmarc_desc_free(d);
	return rc;
}

int dnsauth_dmarc_desc_load(const char *path, const char *template_dir,
			    enum dnsauth_dmarc_standard std,
			    struct dnsauth_dmarc_desc **out, struct dnsauth_buf *err)
{
	const char *file = strcmp(path, "-") == 0 ? "<stdin>" : path;
	char *data = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	rc = dnsauth_read_file(path, DNSAUTH_YAML_MAX_BYTES, &data, &len, err);
	if (rc)
		return rc;
	rc = dnsauth_dmarc_desc_parse(file, data, len, template_dir, std, out, err);
	free(data);
	return rc;
}

/* ------------------------------------------------------------------ */
/* checks and report authorizations                                     */

void dnsauth_dmarc_auths_free(struct dnsauth_dmarc_auth *a, size_t n)
{
	size_t i;

	if (!a)
		return;
	for (i = 0; i < n; i++) {
		free(a[i].host);
		free(a[i].name);
		free(a[i].uris);
	}
	free(a);
}

/* Whether the comma-separated list holds exactly the token s. */
static bool list_has(const char *list, const char *s)
{
	size_t n = strlen(s);
	const char *p = list;

	while (p) {
		if (strncmp(p, s, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return true;
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return false;
}

/* Add uri to the authorization of its host (one record per host). */
static int auth_add(struct dnsauth_dmarc_auth **v, size_t *n, const char *domain,
		    const struct dnsauth_dmarc_uri *u)
{
	struct dnsauth_dmarc_auth *a = NULL, *w;
	size_t i;
	char *s;

	for (i = 0; i < *n; i++)
		if (strcasecmp((*v)[i].host, u->host) == 0)
			a = &(*v)[i];
	if (a) {
		if (list_has(a->uris, u->uri))
			return 0;
		if (asprintf(&s, "%s,%s", a->uris, u->uri) < 0)
			return DNSAUTH_ENOMEM;
		free(a->uris);
		a->uris = s;
		return 0;
	}
	w = realloc(*v, (*n + 1) * sizeof(*w));
	if (!w)
		return DNSAUTH_ENOMEM;
	*v = w;
	a = &w[*n];
	memset(a, 0, sizeof(*a));
	(*n)++;
	a->host = strdup(u->host);
	a->uris = strdup(u->uri);
	if (asprintf(&a->name, "%s._report._dmarc.%s", domain, u->host) < 0)
		a->name = NULL;
	return a->host && a->uris && a->name ? 0 : DNSAUTH_ENOMEM;
}

int dnsauth_dmarc_desc_check(const struct dnsauth_dmarc_desc *d,
			     const struct dnsauth_psl *psl, char **value,
			     struct dnsauth_dmarc_auth **auths, size_t *nauths,
			     struct dnsauth_findings *fl)
{
	const struct dnsauth_dmarc *m = d->dmarc;
	struct dnsauth_dmarc *parsed = NULL;
	struct dnsauth_dmarc_effective eff;
	struct dnsauth_buf b;
	char *owner = NULL;
	size_t i, k;
	int rc;

	*value = NULL;
	*auths = NULL;
	*nauths = 0;
	dnsauth_buf_init(&b, 0);
	rc = dnsauth_dmarc_print(m, &b);
	if (rc)
		goto out;
	if (asprintf(&owner, "_dmarc.%s", d->domain) < 0) {
		owner = NULL;
		rc = DNSAUTH_ENOMEM;
		goto out;
	}
	rc = dnsauth_dmarc_parse(b.data, b.len, owner, d->standard, &parsed, fl);
	if (rc == DNSAUTH_ENOMEM || rc == DNSAUTH_ELIMIT)
		goto out;
	if (parsed) {
		rc = dnsauth_dmarc_validate(parsed, b.data, b.len, owner, d->standard, psl, fl);
		if (rc)
			goto out;
	}
	rc = 0;
	dnsauth_dmarc_effective(m, d->standard, &eff);
	if (d->dkim_signing == 0 && (eff.domain == DNSAUTH_DMARC_REJECT ||
				     eff.subdomain == DNSAUTH_DMARC_REJECT ||
				     eff.nonexistent == DNSAUTH_DMARC_REJECT)) {
		rc = dnsauth_findings_add(fl, DNSAUTH_R_DMARC_REJECT_SPF_ONLY, DNSAUTH_SEV_ERROR,
					  owner, b.data, 0,
					  "the description says %s does not sign with DKIM, and a domain publishing p=reject MUST NOT rely solely on SPF (RFC 9989 §7.4): forwarded mail would be rejected",
					  d->domain);
		if (rc)
			goto out;
	}
	for (k = 0; k < 2 && psl; k++) {
		const struct dnsauth_dmarc_uri *v = k ? m->ruf : m->rua;
		size_t n = k ? m->nruf : m->nrua;

		for (i = 0; i < n; i++) {
			if (!v[i].valid || !v[i].host || dnsauth_psl_same_org(psl, d->domain, v[i].host))
				continue;
			rc = auth_add(auths, nauths, d->domain, &v[i]);
			if (rc)
				goto out;
		}
	}
	for (i = 0; i < *nauths; i++) {
		if (strlen((*auths)[i].name) <= 253)
			continue;
		rc = dnsauth_findings_add(fl, DNSAUTH_R_DMARC_EXTERNAL_RUA_UNAUTHORIZED,
					  DNSAUTH_SEV_ERROR, owner, b.data, 0,
					  "the authorization name %s is longer than 253 octets, so %s cannot authorize reports for this domain (RFC 9990)",
					  (*auths)[i].name, (*auths)[i].host);
		if (rc)
			goto out;
	}
	*value = dnsauth_buf_steal(&b);
	if (!*value)
		rc = DNSAUTH_ENOMEM;
out:
	if (rc) {
		dnsauth_dmarc_auths_free(*auths, *nauths);
		*auths = NULL;
		*nauths = 0;
	}
	free(owner);
	dnsauth_dmarc_free(parsed);
	dnsauth_buf_free(&b);
	return rc;
}
