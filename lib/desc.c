/* SPDX-License-Identifier: MIT */
/*
 * desc.c - SPF descriptions (YAML) and provider templates -> SPF model.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "desc.h"
#include "dname.h"
#include "error.h"
#include "output.h"
#include "ytree.h"

#define MAX_SENDERS 1000u
#define MAX_TEMPLATE_NAME 64u
#define TTL_MAX 2147483647LL /* RFC 2181 §8 */

static const char *const mech_keys[] = {
	"ip4", "ip6", "a", "mx", "include", "exists", "template", NULL
};

/* ------------------------------------------------------------------ */
/* template directory and listing                                       */

static bool is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *dnsauth_template_dir(const char *override)
{
	const char *env = getenv("DNSAUTH_TEMPLATE_DIR");

	if (override && *override)
		return override;
	if (env && *env)
		return env;
	if (is_dir(DNSAUTH_TEMPLATE_DIR))
		return DNSAUTH_TEMPLATE_DIR;
	return DNSAUTH_SRC_TEMPLATE_DIR;
}

void dnsauth_strv_free(char **v, size_t n)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

bool dnsauth_template_name_ok(const char *name)
{
	size_t i, n = strlen(name);

	if (n == 0 || n > MAX_TEMPLATE_NAME)
		return false;
	for (i = 0; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		      (name[i] >= '0' && name[i] <= '9') || name[i] == '-'))
			return false;
	return true;
}

int dnsauth_spf_template_list(const char *dir, char ***names, size_t *n,
			      struct dnsauth_buf *err)
{
	return dnsauth_template_list(dir, "spf", names, n, err);
}

int dnsauth_template_list(const char *dir, const char *kind, char ***names,
			  size_t *n, struct dnsauth_buf *err)
{
	char *path = NULL, **v = NULL;
	size_t count = 0, cap = 0;
	struct dirent *de;
	DIR *d;
	int rc = DNSAUTH_ENOMEM;

	*names = NULL;
	*n = 0;
	if (asprintf(&path, "%s/%s", dir, kind) < 0)
		return DNSAUTH_ENOMEM;
	d = opendir(path);
	if (!d) {
		dnsauth_buf_printf(err, "%s: cannot read the template directory: %s",
				   path, strerror(errno));
		free(path);
		return DNSAUTH_EIO;
	}
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		char *name;

		if (len <= 5 || strcmp(de->d_name + len - 5, ".yaml") != 0)
			continue;
		name = strndup(de->d_name, len - 5);
		if (!name)
			goto out;
		if (!dnsauth_template_name_ok(name)) {
			free(name);
			continue;
		}
		if (count == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			char **w = realloc(v, ncap * sizeof(*w));

			if (!w) {
				free(name);
				goto out;
			}
			v = w;
			cap = ncap;
		}
		v[count++] = name;
	}
	if (count)
		qsort(v, count, sizeof(*v), cmp_str);
	*names = v;
	*n = count;
	v = NULL;
	rc = 0;
out:
	dnsauth_strv_free(v, count);
	closedir(d);
	free(path);
	return rc;
}

/* ------------------------------------------------------------------ */
/* senders                                                              */

struct loader {
	const struct dnsauth_ydoc *doc;
	struct dnsauth_buf *err;
	const char *template_dir; /* NULL: templates not allowed (in a template) */
	const char *domain;       /* for messages */
};

static enum dnsauth_spf_kind key_kind(const char *k)
{
	if (strcmp(k, "ip4") == 0)
		return DNSAUTH_SPF_IP4;
	if (strcmp(k, "ip6") == 0)
		return DNSAUTH_SPF_IP6;
	if (strcmp(k, "a") == 0)
		return DNSAUTH_SPF_A;
	if (strcmp(k, "mx") == 0)
		return DNSAUTH_SPF_MX;
	if (strcmp(k, "include") == 0)
		return DNSAUTH_SPF_INCLUDE;
	if (strcmp(k, "exists") == 0)
		return DNSAUTH_SPF_EXISTS;
	return DNSAUTH_SPF_INVALID;
}

/* Check a domain-spec value from YAML; report at the node. */
static int check_domain_spec(struct loader *l, const struct dnsauth_ynode *n,
			     const char *key, const char *v)
{
	size_t bad = 0;
	const char *why = NULL;
	bool macro = false;

	struct dnsauth_buf shown;
	unsigned char addr[16];
	int rc = 0;

	if (dnsauth_spf_check_macro_string(v, strlen(v), true, false, &bad, &why,
					   &macro) == 0 &&
	    (strchr(v, '%') || dnsauth_dname_valid(v, strlen(v), true, &why, NULL)))
		return 0;
	dnsauth_buf_init(&shown, 0);
	dnsauth_buf_put_safe(&shown, v, strlen(v) > 80 ? 80 : strlen(v));
	dnsauth_ynode_error(l->doc, n, l->err, "'%s' value '%s' is not a valid domain: %s%s",
			    key, dnsauth_buf_str(&shown), why,
			    inet_pton(AF_INET, v, addr) == 1 ? " (for an address write 'ip4: ADDR')" :
			    inet_pton(AF_INET6, v, addr) == 1 ? " (for an address write 'ip6: ADDR')" : "");
	dnsauth_buf_free(&shown);
	rc = DNSAUTH_EPARSE;
	return rc;
}

static int sender_add(struct dnsauth_spf_desc *d, struct dnsauth_spf_sender *s)
{
	struct dnsauth_spf_sender *v;

	if (d->nsenders >= MAX_SENDERS)
		return DNSAUTH_ELIMIT;
	v = realloc(d->senders, (d->nsenders + 1) * sizeof(*v));
	if (!v)
		return DNSAUTH_ENOMEM;
	d->senders = v;
	d->senders[d->nsenders++] = *s;
	return 0;
}

static int cidr_key(struct loader *l, const struct dnsauth_ynode *item,
		    const char *key, int max, int *out)
{
	const struct dnsauth_ynode *n = dnsauth_ynode_get(item, key);
	long long v;
	int rc;

	*out = -1;
	if (!n)
		return 0;
	rc = dnsauth_ynode_int(l->doc, n, key, 0, max, &v, l->err);
	if (rc)
		return rc;
	*out = (int)v;
	return 0;
}

static int add_template(struct loader *l, struct dnsauth_spf *spf,
			const struct dnsauth_ynode *n, const char *name,
			struct dnsauth_spf_sender *s)
{
	struct dnsauth_spf_template *t = NULL;
	struct dnsauth_buf terr;
	size_t i;
	int rc;

	dnsauth_buf_init(&terr, 0);
	rc = dnsauth_spf_template_load(l->template_dir, name, &t, &terr);
	if (rc) {
		dnsauth_ynode_error(l->doc, n, l->err, "%s", dnsauth_buf_str(&terr));
		dnsauth_buf_free(&terr);
		/* a bad template is an error in the description's input */
		return rc == DNSAUTH_ENOMEM || rc == DNSAUTH_EIO ? rc : DNSAUTH_EPARSE;
	}
	dnsauth_buf_free(&terr);
	for (i = 0; i < t->spf->nterms && !rc; i++) {
		const struct dnsauth_spf_term *tt = &t->spf->terms[i];

		if (tt->kind == DNSAUTH_SPF_IP4 || tt->kind == DNSAUTH_SPF_IP6) {
			/* re-add from its canonical text */
			const char *colon = strchr(tt->text, ':');

			rc = dnsauth_spf_add(spf, tt->kind, tt->qualifier, colon + 1, -1, -1, NULL);
		} else {
			rc = dnsauth_spf_add(spf, tt->kind, tt->qualifier, tt->domain,
					     tt->cidr4, tt->cidr6, NULL);
		}
	}
	if (!rc) {
		s->nterms = t->spf->nterms;
		s->lookups = t->lookups;
		s->cost_known = true;
		if (asprintf(&s->label, "template %s", name) < 0) {
			s->label = NULL;
			rc = DNSAUTH_ENOMEM;
		}
	}
	dnsauth_spf_template_free(t);
	return rc;
}

/* One item of a senders list. */
static int load_sender(struct loader *l, struct dnsauth_spf *spf,
		       struct dnsauth_spf_desc *d, const struct dnsauth_ynode *item)
{
	static const char *const allowed[] = {
		"ip4", "ip6", "a", "mx", "include", "exists", "template",
		"cidr4", "cidr6", NULL
	};
	struct dnsauth_spf_sender s;
	const struct dnsauth_ynode *val = NULL;
	const char *key = NULL, *v = NULL;
	enum dnsauth_spf_kind kind;
	int cidr4 = -1, cidr6 = -1, rc;
	size_t i;

	memset(&s, 0, sizeof(s));
	s.first_term = spf->nterms;
	s.line = item->line;
	s.column = item->column;

	if (item->type == DNSAUTH_Y_SCALAR) {
		/* bare "a" or "mx": the domain's own hosts */
		if (item->value && (strcmp(item->value, "a") == 0 ||
				    strcmp(item->value, "mx") == 0)) {
			key = item->value;
		} else if (item->value && key_kind(item->value) != DNSAUTH_SPF_INVALID) {
			dnsauth_ynode_error(l->doc, item, l->err,
					    "'%s' needs a value: write '%s: VALUE'", item->value,
					    item->value);
			return DNSAUTH_EPARSE;
		} else {
			const char *hint = item->value ? dnsauth_suggest(item->value, mech_keys) : NULL;

			dnsauth_ynode_error(l->doc, item, l->err,
					    "a sender must be a mapping such as 'include: NAME' or the word 'a' or 'mx'%s%s%s",
					    hint ? " (did you mean '" : "", hint ? hint : "",
					    hint ? ": ...'?)" : "");
			return DNSAUTH_EPARSE;
		}
	} else {
		if (item->type == DNSAUTH_Y_MAPPING && dnsauth_ynode_get(item, "ptr")) {
			dnsauth_ynode_error(l->doc, dnsauth_ynode_get(item, "ptr"), l->err,
					    "'ptr' is not generated: RFC 7208 §5.5 says it SHOULD NOT be published; list the addresses or hosts instead");
			return DNSAUTH_EPARSE;
		}
		if (item->type == DNSAUTH_Y_MAPPING && dnsauth_ynode_get(item, "all")) {
			dnsauth_ynode_error(l->doc, dnsauth_ynode_get(item, "all"), l->err,
					    "'all' is not a sender; set the top-level 'policy' instead");
			return DNSAUTH_EPARSE;
		}
		rc = dnsauth_ynode_check_keys(l->doc, item, allowed, "a sender", l->err);
		if (rc)
			return rc;
		for (i = 0; i < item->n; i++) {
			const char *k = item->keys[i]->value;

			if (strcmp(k, "cidr4") == 0 || strcmp(k, "cidr6") == 0)
				continue;
			if (key) {
				dnsauth_ynode_error(l->doc, item->keys[i], l->err,
						    "a sender has both '%s' and '%s'; write one per list item",
						    key, k);
				return DNSAUTH_EPARSE;
			}
			key = k;
			val = item->items[i];
		}
		if (!key) {
			dnsauth_ynode_error(l->doc, item, l->err,
					    "a sender needs one of ip4, ip6, a, mx, include, exists, template");
			return DNSAUTH_EPARSE;
		}
	}

	if (strcmp(key, "template") == 0) {
		if (!l->template_dir) {
			dnsauth_ynode_error(l->doc, item, l->err,
					    "a template cannot use another template");
			return DNSAUTH_EPARSE;
		}
		rc = dnsauth_ynode_string(l->doc, val, key, &v, l->err);
		if (rc)
			return rc;
		rc = add_template(l, spf, val, v, &s);
		if (rc)
			return rc;
		goto done;
	}

	kind = key_kind(key);
	if (item->type == DNSAUTH_Y_MAPPING) {
		if ((dnsauth_ynode_get(item, "cidr4") || dnsauth_ynode_get(item, "cidr6")) &&
		    kind != DNSAUTH_SPF_A && kind != DNSAUTH_SPF_MX) {
			dnsauth_ynode_error(l->doc, dnsauth_ynode_get(item, "cidr4") ?
					    dnsauth_ynode_get(item, "cidr4") :
					    dnsauth_ynode_get(item, "cidr6"), l->err,
					    "'cidr4' and 'cidr6' apply only to 'a' and 'mx'%s",
					    kind == DNSAUTH_SPF_IP4 || kind == DNSAUTH_SPF_IP6 ?
					    " (write the length in the address: ADDR/LEN)" : "");
			return DNSAUTH_EPARSE;
		}
		rc = cidr_key(l, item, "cidr4", 32, &cidr4);
		if (!rc)
			rc = cidr_key(l, item, "cidr6", 128, &cidr6);
		if (rc)
			return rc;
	}
	if (val && !dnsauth_ynode_is_null(val)) {
		rc = dnsauth_ynode_string(l->doc, val, key, &v, l->err);
		if (rc)
			return rc;
	} else if (kind != DNSAUTH_SPF_A && kind != DNSAUTH_SPF_MX) {
		dnsauth_ynode_error(l->doc, val ? val : item, l->err, "'%s' needs a value", key);
		return DNSAUTH_EPARSE;
	}

	switch (kind) {
	case DNSAUTH_SPF_IP4:
	case DNSAUTH_SPF_IP6:
		rc = dnsauth_spf_add(spf, kind, '+', v, -1, -1, NULL);
		if (rc == DNSAUTH_EINVAL) {
			struct dnsauth_buf tmp;

			dnsauth_buf_init(&tmp, 0);
			dnsauth_buf_put_safe(&tmp, v, strlen(v) > 80 ? 80 : strlen(v));
			dnsauth_ynode_error(l->doc, val, l->err,
					    "'%s' value '%s' is not an %s address with an optional /%s prefix length",
					    key, dnsauth_buf_str(&tmp),
					    kind == DNSAUTH_SPF_IP4 ? "IPv4" : "IPv6",
					    kind == DNSAUTH_SPF_IP4 ? "0-32" : "0-128");
			dnsauth_buf_free(&tmp);
			return DNSAUTH_EPARSE;
		}
		s.cost_known = true;
		break;
	default:
		if (v) {
			rc = check_domain_spec(l, val, key, v);
			if (rc)
				return rc;
		}
		rc = dnsauth_spf_add(spf, kind, '+', v, cidr4, cidr6, NULL);
		if (!rc) {
			s.lookups = 1;
			s.cost_known = kind != DNSAUTH_SPF_INCLUDE;
		}
		break;
	}
	if (rc)
		return rc;
	s.nterms = 1;
	s.label = strdup(spf->terms[spf->nterms - 1].text);
	if (!s.label)
		return DNSAUTH_ENOMEM;
done:
	if (!d) {
		free(s.label);
		return 0;
	}
	rc = sender_add(d, &s);
	if (rc) {
		free(s.label);
		if (rc == DNSAUTH_ELIMIT)
			dnsauth_ynode_error(l->doc, item, l->err, "more than %u senders",
					    MAX_SENDERS);
	}
	return rc;
}

static int load_senders(struct loader *l, struct dnsauth_spf *spf,
			struct dnsauth_spf_desc *d, const struct dnsauth_ynode *list)
{
	size_t i;
	int rc;

	if (dnsauth_ynode_is_null(list))
		return 0;
	if (list->type != DNSAUTH_Y_SEQUENCE) {
		dnsauth_ynode_error(l->doc, list, l->err, "'senders' must be a list, not %s",
				    dnsauth_ynode_type_name(list));
		return DNSAUTH_EPARSE;
	}
	for (i = 0; i < list->n; i++) {
		rc = load_sender(l, spf, d, list->items[i]);
		if (rc)
			return rc;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* templates                                                            */

void dnsauth_spf_template_free(struct dnsauth_spf_template *t)
{
	if (!t)
		return;
	free(t->name);
	free(t->title);
	free(t->reference);
	free(t->checked);
	free(t->notes);
	free(t->path);
	dnsauth_spf_free(t->spf);
	free(t);
}

static int opt_string(struct loader *l, const struct dnsauth_ynode *map,
		      const char *key, bool required, char **out)
{
	const struct dnsauth_ynode *n = dnsauth_ynode_get(map, key);
	const char *v;
	int rc;

	if (!n) {
		if (!required)
			return 0;
		dnsauth_ynode_error(l->doc, map, l->err, "missing required key '%s'", key);
		return DNSAUTH_EPARSE;
	}
	rc = dnsauth_ynode_string(l->doc, n, key, &v, l->err);
	if (rc)
		return rc;
	*out = strdup(v);
	return *out ? 0 : DNSAUTH_ENOMEM;
}

void dnsauth_template_unknown(const char *dir, const char *kind, const char *name,
			      struct dnsauth_buf *err)
{
	char **names = NULL;
	size_t n = 0;
	const char *hint = NULL;
	struct dnsauth_buf ignore;

	dnsauth_buf_init(&ignore, 0);
	if (dnsauth_template_list(dir, kind, &names, &n, &ignore) == 0 && n) {
		const char **cands = calloc(n + 1, sizeof(*cands));
		size_t i;

		if (cands) {
			for (i = 0; i < n; i++)
				cands[i] = names[i];
			hint = dnsauth_suggest(name, cands);
			if (hint)
				dnsauth_buf_printf(err, "unknown template '%s' (did you mean '%s'?); '%sgen --list-templates' lists them",
						   name, hint, kind);
			free(cands);
		}
	}
	if (!hint)
		dnsauth_buf_printf(err, "unknown template '%s'; '%sgen --list-templates' lists them",
				   name, kind);
	dnsauth_strv_free(names, n);
	dnsauth_buf_free(&ignore);
}

int dnsauth_spf_template_load(const char *dir, const char *name,
			      struct dnsauth_spf_template **out,
			      struct dnsauth_buf *err)
{
	static const char *const keys[] = {
		"name", "title", "reference", "checked", "lookups", "senders", "notes", NULL
	};
	struct dnsauth_spf_template *t = NULL;
	struct dnsauth_ydoc *doc = NULL;
	const struct dnsauth_ynode *root, *n;
	struct loader l;
	struct stat st;
	long long lookups;
	char *path = NULL;
	unsigned local;
	int rc;

	*out = NULL;
	if (!dnsauth_template_name_ok(name)) {
		struct dnsauth_buf tmp;

		dnsauth_buf_init(&tmp, 0);
		dnsauth_buf_put_safe(&tmp, name, strlen(name) > 80 ? 80 : strlen(name));
		dnsauth_buf_printf(err, "invalid template name '%s' (lower-case letters, digits and '-')",
				   dnsauth_buf_str(&tmp));
		dnsauth_buf_free(&tmp);
		return DNSAUTH_EINVAL;
	}
	if (asprintf(&path, "%s/spf/%s.yaml", dir, name) < 0)
		return DNSAUTH_ENOMEM;
	if (stat(path, &st) != 0) {
		char *sub = NULL;

		if (asprintf(&sub, "%s/spf", dir) >= 0 && !is_dir(sub))
			dnsauth_buf_printf(err, "template directory '%s' not found (use --templates DIR or set DNSAUTH_TEMPLATE_DIR)",
					   sub);
		else
			dnsauth_template_unknown(dir, "spf", name, err);
		free(sub);
		free(path);
		return DNSAUTH_ENOTFOUND;
	}
	rc = dnsauth_ydoc_load(path, &doc, err);
	if (rc)
		goto fail;
	root = doc->root;
	memset(&l, 0, sizeof(l));
	l.doc = doc;
	l.err = err;
	if (!root) {
		dnsauth_buf_printf(err, "%s:1:1: empty template", path);
		rc = DNSAUTH_EPARSE;
		goto fail;
	}
	rc = dnsauth_ynode_check_keys(doc, root, keys, "the template", err);
	if (rc)
		goto fail;
	t = calloc(1, sizeof(*t));
	if (!t) {
		rc = DNSAUTH_ENOMEM;
		goto fail;
	}
	t->path = path;
	path = NULL;
	rc = opt_string(&l, root, "name", true, &t->name);
	if (!rc)
		rc = opt_string(&l, root, "title", true, &t->title);
	if (!rc)
		rc = opt_string(&l, root, "reference", true, &t->reference);
	if (!rc)
		rc = opt_string(&l, root, "checked", true, &t->checked);
	if (!rc)
		rc = opt_string(&l, root, "notes", false, &t->notes);
	if (rc)
		goto fail;
	if (strcmp(t->name, name) != 0) {
		dnsauth_ynode_error(doc, dnsauth_ynode_get(root, "name"), err,
				    "template name '%s' does not match its file name '%s'",
				    t->name, name);
		rc = DNSAUTH_EPARSE;
		goto fail;
	}
	n = dnsauth_ynode_get(root, "lookups");
	if (!n) {
		dnsauth_ynode_error(doc, root, err, "missing required key 'lookups'");
		rc = DNSAUTH_EPARSE;
		goto fail;
	}
	rc = dnsauth_ynode_int(doc, n, "lookups", 0, 100, &lookups, err);
	if (rc)
		goto fail;
	t->lookups = (unsigned)lookups;
	n = dnsauth_ynode_get(root, "senders");
	if (!n || dnsauth_ynode_is_null(n) || (n->type == DNSAUTH_Y_SEQUENCE && n->n == 0)) {
		dnsauth_ynode_error(doc, n ? n : root, err,
				    "a template needs a non-empty 'senders' list");
		rc = DNSAUTH_EPARSE;
		goto fail;
	}
	t->spf = dnsauth_spf_new();
	if (!t->spf) {
		rc = DNSAUTH_ENOMEM;
		goto fail;
	}
	rc = load_senders(&l, t->spf, NULL, n);
	if (rc)
		goto fail;
	local = dnsauth_spf_local_lookups(t->spf);
	if (t->lookups < local) {
		dnsauth_ynode_error(doc, dnsauth_ynode_get(root, "lookups"), err,
				    "'lookups' is %u but the template's own terms already cost %u",
				    t->lookups, local);
		rc = DNSAUTH_EPARSE;
		goto fail;
	}
	dnsauth_ydoc_free(doc);
	*out = t;
	return 0;
fail:
	dnsauth_ydoc_free(doc);
	dnsauth_spf_template_free(t);
	free(path);
	return rc;
}

/* ------------------------------------------------------------------ */
/* descriptions                                                         */

void dnsauth_spf_desc_free(struct dnsauth_spf_desc *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->nsenders; i++)
		free(d->senders[i].label);
	free(d->senders);
	free(d->file);
	free(d->domain);
	free(d->redirect);
	dnsauth_spf_free(d->spf);
	free(d);
}

static int load_policy(struct loader *l, const struct dnsauth_ynode *n, char *out)
{
	static const char *const words[] = { "fail", "softfail", "neutral", NULL };
	const char *v, *hint;
	int rc;

	rc = dnsauth_ynode_string(l->doc, n, "policy", &v, l->err);
	if (rc)
		return rc;
	if (strcmp(v, "fail") == 0)
		*out = DNSAUTH_SPF_FAIL;
	else if (strcmp(v, "softfail") == 0)
		*out = DNSAUTH_SPF_SOFTFAIL;
	else if (strcmp(v, "neutral") == 0)
		*out = DNSAUTH_SPF_NEUTRAL;
	else if (strcmp(v, "pass") == 0 || strcmp(v, "+all") == 0 || strcmp(v, "all") == 0) {
		dnsauth_ynode_error(l->doc, n, l->err,
				    "policy '%s' would let every host on the Internet pass SPF for %s; refused (use fail, softfail or neutral)",
				    v, l->domain ? l->domain : "the domain");
		return DNSAUTH_EPARSE;
	} else {
		struct dnsauth_buf tmp;

		hint = strcmp(v, "-all") == 0 ? "fail" : strcmp(v, "~all") == 0 ? "softfail" :
		       strcmp(v, "?all") == 0 ? "neutral" : dnsauth_suggest(v, words);
		dnsauth_buf_init(&tmp, 0);
		dnsauth_buf_put_safe(&tmp, v, strlen(v) > 80 ? 80 : strlen(v));
		dnsauth_ynode_error(l->doc, n, l->err,
				    "'policy' must be fail, softfail or neutral, not '%s'%s%s%s",
				    dnsauth_buf_str(&tmp), hint ? " (did you mean '" : "",
				    hint ? hint : "", hint ? "'?)" : "");
		dnsauth_buf_free(&tmp);
		return DNSAUTH_EPARSE;
	}
	return 0;
}

int dnsauth_spf_desc_parse(const char *file, const char *data, size_t len,
			   const char *template_dir,
			   struct dnsauth_spf_desc **out, struct dnsauth_buf *err)
{
	static const char *const keys[] = {
		"domain", "senders", "policy", "redirect", "ttl", NULL
	};
	struct dnsauth_ydoc *doc = NULL;
	struct dnsauth_spf_desc *d = NULL;
	const struct dnsauth_ynode *root, *n;
	const char *v, *why = NULL;
	struct loader l;
	long long ttl;
	size_t i;
	int rc;

	*out = NULL;
	rc = dnsauth_ydoc_parse(file, data, len, &doc, err);
	if (rc)
		return rc;
	memset(&l, 0, sizeof(l));
	l.doc = doc;
	l.err = err;
	l.template_dir = dnsauth_template_dir(template_dir);
	root = doc->root;
	if (!root) {
		dnsauth_buf_printf(err, "%s:1:1: empty description (it needs at least 'domain' and 'policy')",
				   file);
		rc = DNSAUTH_EPARSE;
		goto fail;
	}
	rc = dnsauth_ynode_check_keys(doc, root, keys, "the description", err);
	if (rc)
		goto fail;
	d = calloc(1, sizeof(*d));
	if (!d || !(d->file = strdup(file)) || !(d->spf = dnsauth_spf_new())) {
		rc = DNSAUTH_ENOMEM;
		goto fail;
	}
	d->ttl = DNSAUTH_DEFAULT_TTL;

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
		dnsauth_buf_put_safe(&tmp, v, strlen(v) > 80 ? 80 : strlen(v));
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
	l.domain = d->domain;

	n = dnsauth_ynode_get(root, "ttl");
	if (n) {
		rc = dnsauth_ynode_int(doc, n, "ttl", 0, TTL_MAX, &ttl, err);
		if (rc)
			goto fail;
		d->ttl = (unsigned)ttl;
	}

	n = dnsauth_ynode_get(root, "senders");
	if (n) {
		rc = load_senders(&l, d->spf, d, n);
		if (rc)
			goto fail;
	}

	n = dnsauth_ynode_get(root, "redirect");
	if (n) {
		rc = dnsauth_ynode_string(doc, n, "redirect", &v, err);
		if (!rc)
			rc = check_domain_spec(&l, n, "redirect", v);
		if (rc)
			goto fail;
		if (dnsauth_ynode_get(root, "policy")) {
			dnsauth_ynode_error(doc, dnsauth_ynode_get(root, "policy"), err,
					    "'policy' and 'redirect' exclude each other: with an 'all' term receivers ignore the redirect (RFC 7208 §6.1)");
			rc = DNSAUTH_EPARSE;
			goto fail;
		}
		d->redirect = strdup(v);
		if (!d->redirect) {
			rc = DNSAUTH_ENOMEM;
			goto fail;
		}
	} else {
		n = dnsauth_ynode_get(root, "policy");
		if (!n) {
			dnsauth_ynode_error(doc, root, err,
					    "missing required key 'policy' (fail, softfail or neutral), or 'redirect'");
			rc = DNSAUTH_EPARSE;
			goto fail;
		}
		rc = load_policy(&l, n, &d->policy);
		if (rc)
			goto fail;
	}

	if (d->policy)
		rc = dnsauth_spf_add(d->spf, DNSAUTH_SPF_ALL, d->policy, NULL, -1, -1, NULL);
	else
		rc = dnsauth_spf_add(d->spf, DNSAUTH_SPF_REDIRECT, 0, d->redirect, -1, -1, NULL);
	if (rc)
		goto fail;
	for (i = 0; i < d->nsenders; i++)
		d->lookups += d->senders[i].lookups;
	if (d->redirect)
		d->lookups++;
	dnsauth_ydoc_free(doc);
	*out = d;
	return 0;
fail:
	dnsauth_ydoc_free(doc);
	dnsauth_spf_desc_free(d);
	return rc;
}

int dnsauth_spf_desc_load(const char *path, const char *template_dir,
			  struct dnsauth_spf_desc **out, struct dnsauth_buf *err)
{
	const char *file = strcmp(path, "-") == 0 ? "<stdin>" : path;
	char *data = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	rc = dnsauth_read_file(path, DNSAUTH_YAML_MAX_BYTES, &data, &len, err);
	if (rc)
		return rc;
	rc = dnsauth_spf_desc_parse(file, data, len, template_dir, out, err);
	free(data);
	return rc;
}

/* Senders ordered by cost, most expensive first (indices into d->senders). */
static int cost_cmp(const void *a, const void *b, void *arg)
{
	const struct dnsauth_spf_desc *d = arg;
	unsigned ca = d->senders[*(const size_t *)a].lookups;
	unsigned cb = d->senders[*(const size_t *)b].lookups;

	if (ca != cb)
		return ca < cb ? 1 : -1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

int dnsauth_spf_desc_check(const struct dnsauth_spf_desc *d, char **value,
			   struct dnsauth_findings *fl)
{
	struct dnsauth_spf *parsed = NULL;
	struct dnsauth_buf b, why;
	size_t *order = NULL, i, shown;
	bool unknown = false;
	int rc;

	*value = NULL;
	dnsauth_buf_init(&b, 0);
	dnsauth_buf_init(&why, 0);
	rc = dnsauth_spf_print(d->spf, &b);
	if (rc)
		goto out;
	rc = dnsauth_spf_parse(b.data, b.len, d->domain, &parsed, fl);
	if (rc == DNSAUTH_ENOMEM || rc == DNSAUTH_ELIMIT)
		goto out;
	if (parsed) {
		rc = dnsauth_spf_validate(parsed, b.data, b.len, d->domain, fl);
		if (rc)
			goto out;
	}
	rc = 0;
	for (i = 0; i < d->nsenders; i++)
		if (!d->senders[i].cost_known)
			unknown = true;
	if (d->redirect)
		unknown = true;
	if (d->lookups >= 9) {
		order = calloc(d->nsenders ? d->nsenders : 1, sizeof(*order));
		if (!order) {
			rc = DNSAUTH_ENOMEM;
			goto out;
		}
		for (i = 0; i < d->nsenders; i++)
			order[i] = i;
		qsort_r(order, d->nsenders, sizeof(*order), cost_cmp, (void *)d);
		for (i = 0, shown = 0; i < d->nsenders && shown < 3; i++) {
			const struct dnsauth_spf_sender *s = &d->senders[order[i]];

			if (!s->lookups)
				continue;
			dnsauth_buf_printf(&why, "%s%s (%u)", shown ? ", " : "", s->label,
					   s->lookups);
			shown++;
		}
		if (d->lookups > DNSAUTH_SPF_LOOKUP_LIMIT)
			rc = dnsauth_findings_add(fl, DNSAUTH_R_SPF_TOO_MANY_LOOKUPS,
						  DNSAUTH_SEV_ERROR, d->domain, b.data, 0,
						  "the record needs %s%u DNS lookups, over the limit of 10 (receivers return permerror); most costly: %s",
						  unknown ? "at least " : "", d->lookups,
						  dnsauth_buf_str(&why));
		else
			rc = dnsauth_findings_add(fl, DNSAUTH_R_SPF_TOO_MANY_LOOKUPS,
						  DNSAUTH_SEV_WARNING, d->domain, b.data, 0,
						  "the record needs %s%u of the 10 allowed DNS lookups; one more provider change can break SPF; most costly: %s",
						  unknown ? "at least " : "", d->lookups,
						  dnsauth_buf_str(&why));
		if (rc)
			goto out;
	}
	if (b.err) {
		rc = b.err;
		goto out;
	}
	*value = dnsauth_buf_steal(&b);
	if (!*value)
		rc = DNSAUTH_ENOMEM;
out:
	free(order);
	dnsauth_spf_free(parsed);
	dnsauth_buf_free(&b);
	dnsauth_buf_free(&why);
	return rc;
}
