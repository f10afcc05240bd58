/* SPDX-License-Identifier: MIT */
/*
 * lint_config.c - reading .dnsauth.yaml and applying it to findings.
 */
#include <config.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "lint_config.h"
#include "ytree.h"

void dnsauth_lint_config_init(struct dnsauth_lint_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
}

void dnsauth_lint_config_clear(struct dnsauth_lint_config *cfg)
{
	if (!cfg)
		return;
	free(cfg->path);
	memset(cfg, 0, sizeof(*cfg));
}

/* Every rule id, NULL-terminated, for "did you mean". */
static const char *const *rule_ids(void)
{
	static const char *ids[DNSAUTH_RULE_COUNT + 1];
	size_t i;

	if (!ids[0])
		for (i = 0; i < DNSAUTH_RULE_COUNT; i++)
			ids[i] = dnsauth_rule_get((enum dnsauth_rule_id)i)->id;
	return ids;
}

static int load_rules(const struct dnsauth_ydoc *doc, const struct dnsauth_ynode *map,
		      struct dnsauth_lint_config *cfg, struct dnsauth_buf *err)
{
	static const char *const settings[] = { "ignore", "info", "warning", "error", NULL };
	size_t i, k;

	if (map->type != DNSAUTH_Y_MAPPING) {
		dnsauth_ynode_error(doc, map, err, "'rules' must be a mapping of rule ids to "
				    "ignore, info, warning or error, not %s",
				    dnsauth_ynode_type_name(map));
		return DNSAUTH_EPARSE;
	}
	for (i = 0; i < map->n; i++) {
		const struct dnsauth_ynode *key = map->keys[i], *val = map->items[i];
		const struct dnsauth_rule *r;
		const char *s;

		if (key->type != DNSAUTH_Y_SCALAR || !key->value) {
			dnsauth_ynode_error(doc, key, err, "a rule id must be a string");
			return DNSAUTH_EPARSE;
		}
		r = dnsauth_rule_find(key->value);
		if (!r) {
			const char *hint = dnsauth_suggest(key->value, rule_ids());

			dnsauth_ynode_error(doc, key, err, "unknown rule id '%s'%s%s%s", key->value,
					    hint ? " (did you mean '" : "", hint ? hint : "",
					    hint ? "'?)" : "");
			return DNSAUTH_EPARSE;
		}
		if (cfg->rules[r - dnsauth_rule_get(0)] != DNSAUTH_LINT_DEFAULT) {
			dnsauth_ynode_error(doc, key, err, "rule '%s' appears twice", r->id);
			return DNSAUTH_EPARSE;
		}
		if (val->type != DNSAUTH_Y_SCALAR || !val->value) {
			dnsauth_ynode_error(doc, val, err, "the setting of '%s' must be ignore, "
					    "info, warning or error", r->id);
			return DNSAUTH_EPARSE;
		}
		s = val->value;
		for (k = 0; settings[k] && strcmp(settings[k], s) != 0; k++)
			;
		if (!settings[k]) {
			dnsauth_ynode_error(doc, val, err, "unknown setting '%s' for '%s' "
					    "(ignore, info, warning or error)", s, r->id);
			return DNSAUTH_EPARSE;
		}
		cfg->rules[r - dnsauth_rule_get(0)] = (enum dnsauth_lint_rule_setting)(k + 1);
	}
	return 0;
}

int dnsauth_lint_config_load(const char *path, struct dnsauth_lint_config *cfg,
			     struct dnsauth_buf *err)
{
	static const char *const keys[] = { "fail-on", "rules", NULL };
	struct dnsauth_ydoc *doc = NULL;
	const struct dnsauth_ynode *n;
	int rc;

	rc = dnsauth_ydoc_load(path, &doc, err);
	if (rc)
		return rc;
	rc = 0;
	if (!doc->root)
		goto done; /* an empty file: no settings */
	if (doc->root->type != DNSAUTH_Y_MAPPING) {
		dnsauth_ynode_error(doc, doc->root, err,
				    "the configuration must be a mapping (fail-on, rules)");
		rc = DNSAUTH_EPARSE;
		goto done;
	}
	rc = dnsauth_ynode_check_keys(doc, doc->root, keys, "the configuration", err);
	if (rc)
		goto done;
	n = dnsauth_ynode_get(doc->root, "fail-on");
	if (n) {
		if (n->type == DNSAUTH_Y_SCALAR && n->value && strcmp(n->value, "error") == 0) {
			cfg->fail_on = DNSAUTH_SEV_ERROR;
		} else if (n->type == DNSAUTH_Y_SCALAR && n->value &&
			   strcmp(n->value, "warning") == 0) {
			cfg->fail_on = DNSAUTH_SEV_WARNING;
		} else {
			dnsauth_ynode_error(doc, n, err, "fail-on must be error or warning");
			rc = DNSAUTH_EPARSE;
			goto done;
		}
	}
	n = dnsauth_ynode_get(doc->root, "rules");
	if (n && !dnsauth_ynode_is_null(n))
		rc = load_rules(doc, n, cfg, err);
done:
	if (!rc) {
		free(cfg->path);
		cfg->path = strdup(path);
		if (!cfg->path)
			rc = DNSAUTH_ENOMEM;
	}
	dnsauth_ydoc_free(doc);
	return rc;
}

char *dnsauth_lint_config_find(void)
{
	char dir[PATH_MAX], *p;
	struct stat st;
	size_t depth;

	if (!getcwd(dir, sizeof(dir) - sizeof(DNSAUTH_LINT_CONFIG_NAME) - 8))
		return NULL;
	for (depth = 0; depth < 256; depth++) {
		size_t len = strlen(dir);
		char path[PATH_MAX + 32];

		snprintf(path, sizeof(path), "%s/%s", len == 1 ? "" : dir, DNSAUTH_LINT_CONFIG_NAME);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			return strdup(path);
		snprintf(path, sizeof(path), "%s/.git", len == 1 ? "" : dir);
		if (stat(path, &st) == 0 || len == 1)
			return NULL; /* the repository root, or / */
		p = strrchr(dir, '/');
		if (!p)
			return NULL;
		if (p == dir)
			p[1] = '\0';
		else
			*p = '\0';
	}
	return NULL;
}

size_t dnsauth_lint_config_apply(const struct dnsauth_lint_config *cfg,
				 struct dnsauth_findings *fl)
{
	size_t i, kept = 0, dropped = 0;

	for (i = 0; i < fl->n; i++) {
		struct dnsauth_finding *f = &fl->v[i];
		enum dnsauth_lint_rule_setting s = cfg->rules[f->rule];

		if (s == DNSAUTH_LINT_IGNORE) {
			free(f->name);
			free(f->record);
			free(f->file);
			free(f->message);
			dropped++;
			continue;
		}
		if (s == DNSAUTH_LINT_INFO)
			f->severity = DNSAUTH_SEV_INFO;
		else if (s == DNSAUTH_LINT_WARNING)
			f->severity = DNSAUTH_SEV_WARNING;
		else if (s == DNSAUTH_LINT_ERROR)
			f->severity = DNSAUTH_SEV_ERROR;
		fl->v[kept++] = *f;
	}
	fl->n = kept;
	return dropped;
}
