/* SPDX-License-Identifier: MIT */
/*
 * audit.c - the audit engine: runs the restartable area checks, prefetches
 * what they miss in one batch, and repeats until nothing is missing.
 * Each area's findings and records go to its own slot (struct audit_out),
 * so that an area whose last run was complete keeps it in the next pass
 * (area_replayable()); the slots are joined, in area order, at the end.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit_int.h"
#include "dname.h"
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
	c->area_missed = true;
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
	return &c->out[c->slot].findings;
}

bool audit_reported(struct audit_ctx *c, enum dnsauth_rule_id rule, const char *text)
{
	size_t k, i;

	if (c->slot > 0)
		c->out[c->slot].read_earlier = true;
	for (k = 0; k <= (size_t)c->slot; k++) {
		const struct dnsauth_findings *fl = &c->out[k].findings;

		for (i = 0; i < fl->n; i++)
			if (fl->v[i].rule == rule && strstr(fl->v[i].message, text))
				return true;
	}
	return false;
}

void audit_finding(struct audit_ctx *c, enum dnsauth_rule_id rule,
		   enum dnsauth_severity sev, const char *name, const char *record,
		   unsigned column, const char *fmt, ...)
{
	struct dnsauth_findings *fl = audit_findings(c);
	va_list ap;

	va_start(ap, fmt);
	if (dnsauth_findings_vadd(fl, rule, sev, name, record, column, fmt, ap))
		c->oom = 1;
	else if (dnsauth_rule_get(rule)->area == DNSAUTH_AREA_DNS && fl->n)
		fl->v[fl->n - 1].area = c->area;
	va_end(ap);
}

bool audit_recording(const struct audit_ctx *c)
{
	return !c->o->no_records;
}

void audit_record_skip(struct audit_ctx *c)
{
	c->out[c->slot].counted++;
}

void audit_record(struct audit_ctx *c, const char *name, const char *type,
		  const char *value)
{
	struct audit_out *o = &c->out[c->slot];
	struct dnsauth_audit_record *v;
	size_t len;

	o->counted++;
	/* the bound applies to all areas together when they are merged */
	if (!audit_recording(c) || o->nrecords >= AUDIT_MAX_RECORDS)
		return;
	if (o->nrecords == o->records_cap) {
		size_t cap = o->records_cap ? o->records_cap * 2 : 16;

		v = realloc(o->records, cap * sizeof(*v));
		if (!v) {
			c->oom = 1;
			return;
		}
		o->records = v;
		o->records_cap = cap;
	}
	v = &o->records[o->nrecords];
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
	o->nrecords++;
}

bool audit_recorded(struct audit_ctx *c, const char *name, const char *type,
		    const char *value)
{
	size_t len = dnsauth_dname_len(name), k, i;

	if (c->slot > 0)
		c->out[c->slot].read_earlier = true;
	for (k = 0; k <= (size_t)c->slot; k++) {
		const struct audit_out *o = &c->out[k];

		for (i = 0; i < o->nrecords; i++) {
			const struct dnsauth_audit_record *r = &o->records[i];

			if (strlen(r->name) == len && strncasecmp(r->name, name, len) == 0 &&
			    strcmp(r->type, type) == 0 && strcmp(r->value, value) == 0)
				return true;
		}
	}
	return false;
}

char *audit_name_text(const ldns_rdf *rdf)
{
	char *s;
	size_t len, i;

	if (rdf && ldns_rdf_get_type(rdf) == LDNS_RDF_TYPE_DNAME)
		return dnsauth_dname_rdf_text(rdf);
	s = ldns_rdf2str(rdf);
	if (!s)
		return NULL;
	len = strlen(s);
	if (len && s[len - 1] == '.')
		s[--len] = '\0';
	for (i = 0; i < len; i++)
		s[i] = (char)tolower((unsigned char)s[i]);
	return s;
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

static void record_clear(struct dnsauth_audit_record *r)
{
	free(r->name);
	free(r->type);
	free(r->value);
}

static void records_free(struct dnsauth_audit_record *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		record_clear(&v[i]);
	free(v);
}

static void result_clear(struct dnsauth_audit *a)
{
	size_t i;

	dnsauth_findings_clear(&a->findings);
	records_free(a->records, a->nrecords);
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

/* Forget what the slot's last run produced. */
static void out_clear(struct audit_out *o)
{
	dnsauth_findings_clear(&o->findings);
	records_free(o->records, o->nrecords);
	free(o->in_dmarc_name);
	memset(o, 0, sizeof(*o));
}

/* Clear the results an area sets, before it runs again. */
static void area_reset(struct audit_ctx *c, enum audit_slot k)
{
	struct dnsauth_audit *a = c->a;
	size_t i;

	out_clear(&c->out[k]);
	switch (k) {
	case AUDIT_SPF:
		c->spf_authorizes = false;
		for (i = 0; i < a->nspf_terms; i++)
			free(a->spf_terms[i].term);
		free(a->spf_terms);
		a->spf_terms = NULL;
		a->nspf_terms = 0;
		a->spf_found = false;
		a->spf_lookups = 0;
		a->spf_voids = 0;
		break;
	case AUDIT_DKIM:
		c->dkim_key_found = false;
		break;
	case AUDIT_MX:
		c->null_mx = false;
		break;
	case AUDIT_DMARC:
		c->dmarc_enforced = false;
		free(a->dmarc_name);
		free(a->org_domain_psl);
		free(a->org_domain_walk);
		a->dmarc_name = a->org_domain_psl = a->org_domain_walk = NULL;
		break;
	case AUDIT_OTHER:
		c->mta_sts = c->dane = false;
		break;
	case AUDIT_AFTER:
	case AUDIT_NSLOTS:
		break;
	}
}

static bool same_str(const char *x, const char *y)
{
	return x == y || (x && y && strcmp(x, y) == 0);
}

/*
 * Whether the last run of area \p k stands for this pass: it was complete
 * (every answer it read is cached, and cached answers do not change), and
 * what it read of the areas before it is the same now. Its findings,
 * records and facts are then exactly what running it again would give.
 */
static bool area_replayable(const struct audit_ctx *c, enum audit_slot k)
{
	const struct audit_out *o = &c->out[k];
	size_t j;

	if (!o->complete)
		return false;
	if (o->read_earlier)
		for (j = 0; j < (size_t)k; j++)
			if (!c->out[j].replayed)
				return false;
	switch (k) {
	case AUDIT_MX:
	case AUDIT_DMARC:
		return o->in_spf_authorizes == c->spf_authorizes &&
		       o->in_dkim_key_found == c->dkim_key_found;
	case AUDIT_OTHER:
		return same_str(o->in_dmarc_name, c->a->dmarc_name);
	default:
		return true;
	}
}

/* Run area \p k of this pass, or keep its last run. */
static void area_run(struct audit_ctx *c, enum audit_slot k, enum dnsauth_area area,
		     void (*run)(struct audit_ctx *))
{
	struct audit_out *o = &c->out[k];

	c->slot = k;
	c->area = area;
	if (area_replayable(c, k)) {
		o->replayed = true;
		return;
	}
	area_reset(c, k);
	o->in_spf_authorizes = c->spf_authorizes;
	o->in_dkim_key_found = c->dkim_key_found;
	if (c->a->dmarc_name) {
		o->in_dmarc_name = strdup(c->a->dmarc_name);
		if (!o->in_dmarc_name)
			c->oom = 1;
	}
	c->area_missed = false;
	run(c);
	o->complete = !c->area_missed;
}

int audit_collect(struct audit_ctx *c)
{
	struct dnsauth_audit *a = c->a;
	size_t nf = 0, nr = 0, k, i;

	for (k = 0; k < AUDIT_NSLOTS; k++) {
		nf += c->out[k].findings.n;
		nr += c->out[k].nrecords;
	}
	if (nf > DNSAUTH_FINDINGS_MAX)
		nf = DNSAUTH_FINDINGS_MAX;
	if (nr > AUDIT_MAX_RECORDS)
		nr = AUDIT_MAX_RECORDS;
	dnsauth_findings_clear(&a->findings);
	records_free(a->records, a->nrecords);
	a->records = NULL;
	a->nrecords = 0;
	if (nf) {
		a->findings.v = malloc(nf * sizeof(*a->findings.v));
		if (!a->findings.v)
			return DNSAUTH_ENOMEM;
		a->findings.cap = nf;
	}
	if (nr) {
		a->records = malloc(nr * sizeof(*a->records));
		if (!a->records)
			return DNSAUTH_ENOMEM;
	}
	for (k = 0; k < AUDIT_NSLOTS; k++) {
		struct audit_out *o = &c->out[k];

		a->findings.dropped += o->findings.dropped;
		o->findings.dropped = 0;
		for (i = 0; i < o->findings.n; i++) {
			if (a->findings.n < nf)
				a->findings.v[a->findings.n++] = o->findings.v[i];
			else {
				/* as if added to one list: over its bound */
				free(o->findings.v[i].name);
				free(o->findings.v[i].record);
				free(o->findings.v[i].file);
				free(o->findings.v[i].message);
				a->findings.dropped++;
			}
		}
		o->findings.n = 0;
		for (i = 0; i < o->nrecords; i++) {
			if (a->nrecords < nr)
				a->records[a->nrecords++] = o->records[i];
			else
				record_clear(&o->records[i]);
		}
		o->nrecords = 0;
	}
	return 0;
}

void audit_ctx_release(struct audit_ctx *c)
{
	size_t k;

	for (k = 0; k < AUDIT_NSLOTS; k++)
		out_clear(&c->out[k]);
	for (k = 0; k < c->nmemo; k++) {
		if (c->memo[k].free_value)
			c->memo[k].free_value(c->memo[k].value);
		free(c->memo[k].name);
	}
	free(c->memo);
	c->memo = NULL;
	c->nmemo = c->memo_cap = 0;
}

void *audit_memo_find(const struct audit_ctx *c, const void *answer, size_t index,
		      const char *name, bool *found)
{
	size_t k;

	*found = false;
	for (k = 0; k < c->nmemo; k++) {
		const struct audit_memo *m = &c->memo[k];

		if (m->answer == answer && m->index == index && strcmp(m->name, name) == 0) {
			*found = true;
			return m->value;
		}
	}
	return NULL;
}

void audit_memo_add(struct audit_ctx *c, const void *answer, size_t index,
		    const char *name, void *value, void (*free_value)(void *))
{
	struct audit_memo *m;

	if (c->nmemo == c->memo_cap) {
		size_t cap = c->memo_cap ? c->memo_cap * 2 : 8;

		m = realloc(c->memo, cap * sizeof(*m));
		if (!m)
			goto nomem;
		c->memo = m;
		c->memo_cap = cap;
	}
	m = &c->memo[c->nmemo];
	m->name = strdup(name);
	if (!m->name)
		goto nomem;
	m->answer = answer;
	m->index = index;
	m->value = value;
	m->free_value = free_value;
	c->nmemo++;
	return;
nomem:
	c->oom = 1;
	if (free_value)
		free_value(value);
}

/* Whether any answer of this run came back (not OUTSIDE, not a failure):
 * a finding other than a failed lookup, or a record. */
static bool any_answer(const struct audit_ctx *c)
{
	const struct dnsauth_audit *a = c->a;
	size_t i;

	for (i = 0; i < a->findings.n; i++)
		if (a->findings.v[i].rule != DNSAUTH_R_DNS_RESOLUTION_FAILURE)
			return true;
	for (i = 0; i < AUDIT_NSLOTS; i++)
		if (c->out[i].counted)
			return true;
	return false;
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

	/* Each pass runs the areas in order; an area whose last run was
	 * complete keeps it (area_replayable()), so that mostly the areas
	 * still waiting for answers run again. */
	for (pass = 1; pass <= AUDIT_MAX_PASSES; pass++) {
		missing_clear(&c);
		c.incomplete = false;
		for (i = 0; i < AUDIT_NSLOTS; i++)
			c.out[i].replayed = false;
		a->passes = pass;
		c.last_pass = pass == AUDIT_MAX_PASSES;
		area_run(&c, AUDIT_SPF, DNSAUTH_AREA_SPF, audit_spf_run);
		if (!c.o->spf_only) {
			area_run(&c, AUDIT_DKIM, DNSAUTH_AREA_DKIM, audit_dkim_run);
			area_run(&c, AUDIT_MX, DNSAUTH_AREA_MX, audit_mx_run);
			area_run(&c, AUDIT_DMARC, DNSAUTH_AREA_DMARC, audit_dmarc_run);
			/* MTA-STS, TLS-RPT, BIMI, DANE: "Other" */
			area_run(&c, AUDIT_OTHER, DNSAUTH_AREA_DNS, audit_other_run);
		}
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
	c.slot = AUDIT_AFTER;
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
	if (!rc)
		rc = audit_collect(&c);
	missing_clear(&c);
	free(c.missing);
	free(c.missing_names);
	if (!rc)
		a->no_answers = !any_answer(&c);
	audit_ctx_release(&c);
	if (rc) {
		dnsauth_audit_free(a);
		return rc;
	}
	*out = a;
	return 0;
}
