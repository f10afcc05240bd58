/* SPDX-License-Identifier: MIT */
/* finding.c - the list of findings produced by checks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "finding.h"

void dnsauth_findings_init(struct dnsauth_findings *fl)
{
	memset(fl, 0, sizeof(*fl));
}

static void finding_free(struct dnsauth_finding *f)
{
	free(f->name);
	free(f->record);
	free(f->file);
	free(f->message);
}

void dnsauth_findings_clear(struct dnsauth_findings *fl)
{
	size_t i;

	for (i = 0; i < fl->n; i++)
		finding_free(&fl->v[i]);
	free(fl->v);
	dnsauth_findings_init(fl);
}

static char *dup_or_null(const char *s, int *failed)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		*failed = 1;
	return d;
}

int dnsauth_findings_vadd(struct dnsauth_findings *fl, enum dnsauth_rule_id rule,
			  enum dnsauth_severity sev, const char *name,
			  const char *record, unsigned column, const char *fmt,
			  va_list ap)
{
	struct dnsauth_finding f;
	int failed = 0;

	if (!fl)
		return 0;
	if (fl->n >= DNSAUTH_FINDINGS_MAX) {
		fl->dropped++;
		return 0;
	}
	if (fl->n == fl->cap) {
		size_t cap = fl->cap ? fl->cap * 2 : 8;
		struct dnsauth_finding *v = realloc(fl->v, cap * sizeof(*v));

		if (!v)
			return DNSAUTH_ENOMEM;
		fl->v = v;
		fl->cap = cap;
	}
	memset(&f, 0, sizeof(f));
	f.rule = rule;
	f.severity = sev != DNSAUTH_SEV_NONE ? sev : dnsauth_rule_get(rule)->severity;
	f.area = dnsauth_rule_get(rule)->area;
	f.name = dup_or_null(name, &failed);
	f.record = dup_or_null(record, &failed);
	f.column = column;
	if (vasprintf(&f.message, fmt, ap) < 0) {
		f.message = NULL;
		failed = 1;
	}
	if (failed) {
		finding_free(&f);
		return DNSAUTH_ENOMEM;
	}
	fl->v[fl->n++] = f;
	return 0;
}

int dnsauth_findings_add(struct dnsauth_findings *fl, enum dnsauth_rule_id rule,
			 enum dnsauth_severity sev, const char *name,
			 const char *record, unsigned column, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = dnsauth_findings_vadd(fl, rule, sev, name, record, column, fmt, ap);
	va_end(ap);
	return rc;
}

int dnsauth_findings_add_at(struct dnsauth_findings *fl, enum dnsauth_rule_id rule,
			    enum dnsauth_severity sev, const char *file, unsigned line,
			    unsigned column, const char *name, const char *record,
			    const char *fmt, ...)
{
	struct dnsauth_finding *f;
	size_t n = fl ? fl->n : 0;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = dnsauth_findings_vadd(fl, rule, sev, name, record, 0, fmt, ap);
	va_end(ap);
	if (rc || !fl || fl->n == n)
		return rc;
	f = &fl->v[fl->n - 1];
	if (file) {
		f->file = strdup(file);
		if (!f->file)
			return DNSAUTH_ENOMEM;
	}
	f->line = line;
	f->column = column;
	return 0;
}

int dnsauth_findings_locate(struct dnsauth_findings *fl, size_t from,
			    const char *file, unsigned line)
{
	size_t i;

	for (i = from; i < fl->n; i++) {
		char *d = file ? strdup(file) : NULL;

		if (file && !d)
			return DNSAUTH_ENOMEM;
		free(fl->v[i].file);
		fl->v[i].file = d;
		fl->v[i].line = line;
	}
	return 0;
}

size_t dnsauth_findings_remove(struct dnsauth_findings *fl, const bool *drop)
{
	size_t i, kept = 0;

	for (i = 0; i < fl->n; i++) {
		if (drop[i]) {
			finding_free(&fl->v[i]);
			continue;
		}
		if (kept != i)
			fl->v[kept] = fl->v[i];
		kept++;
	}
	i = fl->n - kept;
	fl->n = kept;
	return i;
}

enum dnsauth_severity dnsauth_findings_worst(const struct dnsauth_findings *fl)
{
	enum dnsauth_severity w = DNSAUTH_SEV_NONE;
	size_t i;

	for (i = 0; i < fl->n; i++)
		if (fl->v[i].severity > w)
			w = fl->v[i].severity;
	return w;
}

size_t dnsauth_findings_count(const struct dnsauth_findings *fl,
			      enum dnsauth_severity sev)
{
	size_t i, c = 0;

	for (i = 0; i < fl->n; i++)
		if (fl->v[i].severity == sev)
			c++;
	return c;
}

const struct dnsauth_finding *
dnsauth_findings_find(const struct dnsauth_findings *fl, enum dnsauth_rule_id rule)
{
	size_t i;

	for (i = 0; i < fl->n; i++)
		if (fl->v[i].rule == rule)
			return &fl->v[i];
	return NULL;
}
