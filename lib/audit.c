/* SPDX-License-Identifier: MIT */
/*
 * audit.c - the audit engine: runs the restartable area checks, prefetches
 * what they miss in one batch, and repeats until nothing is missing.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_int.h"
#include "error.h"

/* Runs are bounded: every pass answers all missing names (with a status,
 * failures included), so a check misses something new only when an answer
 * reveals a further name; the longest dependency chains (SPF includes,
 * CNAMEs) are bounded well below this. */
#define AUDIT_MAX_PASSES 40u
#define AUDIT_MAX_RECORDS 10000u

static const char *const common_selectors[] = {
	/* providers (standards.md §3.3) and common self-hosted names */
	"google", "selector1", "selector2", "k1", "k2", "k3", "s1", "s2",
	"default", "dkim", "mail", "smtp", "mandrill", "mte1", "mte2", "mxvault",
	"fm1", "fm2", "fm3", "protonmail", "protonmail2", "protonmail3",
	"hs1", "hs2", "zendesk1", "zendesk2", "kl", "kl2", "brevo1", "brevo2",
	"sf1", "sf2", "ctct1", "ctct2", "mx", "pic", "selector", "key1", "key2",
	NULL
};

const char *const *dnsauth_audit_common_selectors(void)
{
	return common_selectors;
}

/* ------------------------------------------------------------------ */
/* helpers for the area checks                                          */

const struct dnsauth_dns_answer *audit_get(struct audit_ctx *c, const char *name,
					   uint16_t type)
{
	const struct dnsauth_dns_answer *a = dnsauth_dns_cached(c->dns, name, type);
	size_t i;
	char *copy;

	if (a)
		return a;
	c->incomplete = true;
	for (i = 0; i < c->nmissing; i++)
		if (c->missing[i].type == type && strcasecmp(c->missing_names[i], name) == 0)
			return NULL;
	if (c->nmissing == c->missing_cap) {
		size_t cap = c->missing_cap ? c->missing_cap * 2 : 32;
		struct dnsauth_dns_q *q = realloc(c->missing, cap * sizeof(*q));
		char **n;

		if (!q) {
			c->oom = 1;
			return NULL;
		}
		c->missing = q;
		n = realloc(c->missing_names, cap * sizeof(*n));
		if (!n) {
			c->oom = 1;
			return NULL;
		}
		c->missing_names = n;
		c->missing_cap = cap;
	}
	copy = strdup(name);
	if (!copy) {
		c->oom = 1;
		return NULL;
	}
	c->missing_names[c->nmissing] = copy;
	c->missing[c->nmissing].name = copy;
	c->missing[c->nmissing].type = type;
	c->nmissing++;
	return NULL;
}

struct dnsauth_findings *audit_findings(struct audit_ctx *c)
{
	return &c->a->findings;
}

void audit_finding(struct audit_ctx *c, enum dnsauth_rule_id rule,
		   enum dnsauth_severity sev, const char *name, const char *record,
		   unsigned column, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (dnsauth_findings_vadd(&c->a->findings, rule, sev, name, record, column, fmt, ap))
		c->oom = 1;
	else if (dnsauth_rule_get(rule)->area == DNSAUTH_AREA_DNS && c->a->findings.n)
		c->a->findings.v[c->a->findings.n - 1].area = c->area;
	va_end(ap);
}

void audit_record(struct audit_ctx *c, const char *name, const char *type,
		  const char *value)
{
	struct dnsauth_audit *a = c->a;
	struct dnsauth_audit_record *v;
	size_t len;

	if (a->nrecords >= AUDIT_MAX_RECORDS)
		return;
	v = realloc(a->records, (a->nrecords + 1) * sizeof(*v));
	if (!v) {
		c->oom = 1;
		return;
	}
	a->records = v;
	v = &a->records[a->nrecords];
	len = strlen(name);
	v->name = strndup(name, len && name[len - 1] == '.' ? len - 1 : len);
	v->type = strdup(type);
	v->value = strdup(value);
	if (!v->name || !v->type || !v->value) {
		free(v->name);
		free(v->type);
		free(v->value);
		c->oom = 1;
		return;
	}
	a->nrecords++;
}

void audit_chain_text(struct dnsauth_buf *b, const struct dnsauth_dns_answer *a)
{
	size_t i;

	dnsauth_buf_puts(b, a->qname);
	for (i = 0; i < a->ncnames; i++)
		dnsauth_buf_printf(b, " -> %s", a->cnames[i]);
}

const char *audit_final_name(const struct dnsauth_dns_answer *a)
{
	return a->ncnames ? a->cnames[a->ncnames - 1] : a->qname;
}

void audit_record_chain(struct audit_ctx *c, const struct dnsauth_dns_answer *a)
{
	size_t i;

	for (i = 0; i < a->ncnames; i++)
		audit_record(c, i ? a->cnames[i - 1] : a->qname, "CNAME", a->cnames[i]);
}

void audit_record_txt(struct audit_ctx *c, const struct dnsauth_dns_answer *a)
{
	size_t i;

	audit_record_chain(c, a);
	for (i = 0; i < a->ntxt; i++)
		audit_record(c, audit_final_name(a), "TXT", a->txt[i]);
}

bool audit_lookup_failed(const struct dnsauth_dns_answer *a)
{
	return dnsauth_dns_failed(a->status) && !a->cname_loop;
}

const char *audit_type_name(uint16_t type)
{
	const ldns_rr_descriptor *d = ldns_rr_descript(type);

	return d && d->_name ? d->_name : "unknown type";
}

void audit_dns_failure(struct audit_ctx *c, const struct dnsauth_dns_answer *ans,
		       const char *what)
{
	audit_finding(c, DNSAUTH_R_DNS_RESOLUTION_FAILURE, DNSAUTH_SEV_NONE, ans->qname,
		      NULL, 0, "looking up %s (%s %s) failed: %s%s%s; this is not the same as the record being absent",
		      what, ans->qname, audit_type_name(ans->qtype),
		      dnsauth_dns_status_name(ans->status), ans->error ? ", " : "",
		      ans->error ? ans->error : "");
}

/* ------------------------------------------------------------------ */
/* results                                                              */

static void result_clear(struct dnsauth_audit *a)
{
	size_t i;

	dnsauth_findings_clear(&a->findings);
	for (i = 0; i < a->nrecords; i++) {
		free(a->records[i].name);
		free(a->records[i].type);
		free(a->records[i].value);
	}
	free(a->records);
	a->records = NULL;
	a->nrecords = 0;
	for (i = 0; i < a->nspf_terms; i++)
		free(a->spf_terms[i].term);
	free(a->spf_terms);
	a->spf_terms = NULL;
	a->nspf_terms = 0;
	for (i = 0; i < a->nip_spf; i++) {
		free(a->ip_spf[i].ip);
		free(a->ip_spf[i].reason);
	}
	free(a->ip_spf);
	a->ip_spf = NULL;
	a->nip_spf = 0;
	a->spf_found = false;
	a->spf_lookups = 0;
	a->spf_voids = 0;
	free(a->dmarc_name);
	free(a->org_domain_psl);
	free(a->org_domain_walk);
	a->dmarc_name = a->org_domain_psl = a->org_domain_walk = NULL;
}

void dnsauth_audit_free(struct dnsauth_audit *a)
{
	if (!a)
		return;
	result_clear(a);
	free(a->domain);
	free(a);
}

static void missing_clear(struct audit_ctx *c)
{
	size_t i;

	for (i = 0; i < c->nmissing; i++)
		free(c->missing_names[i]);
	c->nmissing = 0;
}

/* Whether any answer of this run came back (not OUTSIDE, not a failure). */
static bool any_answer(const struct dnsauth_audit *a)
{
	size_t i;

	for (i = 0; i < a->findings.n; i++)
		if (a->findings.v[i].rule != DNSAUTH_R_DNS_RESOLUTION_FAILURE)
			return true;
	return a->nrecords > 0;
}

int dnsauth_audit_domain(struct dnsauth_dns *dns, const char *domain,
			 const struct dnsauth_audit_opts *o,
			 struct dnsauth_audit **out)
{
	static const struct dnsauth_audit_opts defaults;
	struct dnsauth_audit *a;
	struct audit_ctx c;
	size_t len, i;
	unsigned pass;
	int rc = 0;

	*out = NULL;
	a = calloc(1, sizeof(*a));
	if (!a)
		return DNSAUTH_ENOMEM;
	len = strlen(domain);
	if (len && domain[len - 1] == '.')
		len--;
	a->domain = strndup(domain, len);
	if (!a->domain) {
		free(a);
		return DNSAUTH_ENOMEM;
	}
	for (i = 0; i < len; i++)
		a->domain[i] = (char)tolower((unsigned char)a->domain[i]);
	dnsauth_findings_init(&a->findings);
	memset(&c, 0, sizeof(c));
	c.dns = dns;
	c.o = o ? o : &defaults;
	c.a = a;
	c.domain = a->domain;

	for (pass = 1; pass <= AUDIT_MAX_PASSES; pass++) {
		result_clear(a);
		missing_clear(&c);
		c.incomplete = false;
		c.spf_authorizes = c.dkim_key_found = c.null_mx = false;
		c.dmarc_enforced = c.mta_sts = c.dane = false;
		a->passes = pass;
		c.area = DNSAUTH_AREA_SPF;
		audit_spf_run(&c);
		c.area = DNSAUTH_AREA_DKIM;
		audit_dkim_run(&c);
		c.area = DNSAUTH_AREA_MX;
		audit_mx_run(&c);
		c.area = DNSAUTH_AREA_DMARC;
		audit_dmarc_run(&c);
		c.area = DNSAUTH_AREA_DNS; /* MTA-STS, TLS-RPT, BIMI, DANE: "Other" */
		audit_other_run(&c);
		if (c.oom) {
			rc = DNSAUTH_ENOMEM;
			break;
		}
		if (c.nmissing == 0)
			break;
		rc = dnsauth_dns_prefetch(dns, c.missing, c.nmissing);
		if (rc)
			break;
	}
	if (!rc && !c.oom) {
		c.area = DNSAUTH_AREA_SPF;
		audit_spf_ips(&c);
		if (c.oom)
			rc = DNSAUTH_ENOMEM;
	}
	c.area = DNSAUTH_AREA_DNS;
	if (!rc && c.nmissing)
		/* cannot happen while every pass answers what it was asked */
		audit_finding(&c, DNSAUTH_R_DNS_RESOLUTION_FAILURE, DNSAUTH_SEV_NONE, a->domain,
			      NULL, 0, "the audit did not finish in %u passes", AUDIT_MAX_PASSES);
	missing_clear(&c);
	free(c.missing);
	free(c.missing_names);
	if (rc) {
		dnsauth_audit_free(a);
		return rc;
	}
	a->no_answers = !any_answer(a);
	*out = a;
	return 0;
}
