/* SPDX-License-Identifier: MIT */
/*
 * audit_spf.c - the SPF area of the audit engine (rules.md §6.1).
 *
 * At the audited domain: the TXT records (SPF selection, look-alikes,
 * several records, the size of the whole TXT answer) and the obsolete RR
 * type 99. The one SPF record gets the static findings of the record
 * model (dnsauth_spf_parse, dnsauth_spf_validate), then its include and
 * redirect targets are expanded recursively and counted as receivers
 * count (RFC 7208 §4.6.4) by lib/spf_expand.c, which holds the counting
 * rules and their choices; this file drives it as a restartable check
 * (audit_int.h): the expansion reads answers with audit_get(), so a run
 * asks for every name of the next level at once, and a chain of n
 * includes costs n + 2 passes (the apex TXT, n targets, the complete
 * run), one more when the deepest record has a or mx terms. The cost of
 * each top-level term goes to the audit result.
 *
 * Choices:
 * - spf-response-too-large for the whole TXT answer is a warning above
 *   512 octets, and its message adds the TCP fallback above 1232; it is
 *   left out when the record's own size finding (spf_validate) already
 *   says the same thing.
 * - With opts->non_sending a missing SPF record is info (advice to
 *   publish "v=spf1 -all"), not an error.
 * - spf-too-many-lookups above the limit points at the term of the 11th
 *   lookup, where receivers stop: its column in the record, or, when it
 *   lies under an include or redirect, its column in the target's record
 *   (the finding then carries that record's text).
 * - An include or redirect domain that is not a valid name is
 *   spf-target-invalid only: the record model's spf-syntax-error warning
 *   for the same term ("receivers treat it as non-existent", right for
 *   a, mx, exists and ptr) is dropped, since for a target it is a
 *   permerror (RFC 7208 §4.3 with §5.2, §6.1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit_int.h"
#include "buf.h"
#include "dname.h"
#include "error.h"
#include "spf.h"
#include "spf_expand.h"

#define SPF_UDP_LIMIT 512u    /* RFC 7208 §3.4 */
#define SPF_EDNS_LIMIT 1232u  /* DNS flag day 2020 EDNS buffer size */

/* ------------------------------------------------------------------ */
/* the expansion of the SPF record                                      */

static const struct dnsauth_dns_answer *expand_get(void *ctx, const char *name,
						   uint16_t type)
{
	return audit_get(ctx, name, type);
}

static void expand_failed(void *ctx, const struct dnsauth_dns_answer *ans,
			  const char *what)
{
	audit_dns_failure(ctx, ans, what);
}

/* Append a top-level term and its cost to the audit result. */
static void push_term(struct audit_ctx *c, const char *text, unsigned lookups,
		      unsigned voids)
{
	struct dnsauth_audit *a = c->a;
	struct dnsauth_audit_spf_term *v;

	v = realloc(a->spf_terms, (a->nspf_terms + 1) * sizeof(*v));
	if (!v) {
		c->oom = 1;
		return;
	}
	a->spf_terms = v;
	v[a->nspf_terms].term = strdup(text);
	if (!v[a->nspf_terms].term) {
		c->oom = 1;
		return;
	}
	v[a->nspf_terms].lookups = lookups;
	v[a->nspf_terms].voids = voids;
	a->nspf_terms++;
}

/* The record text of the include or redirect target \p name among those
 * the expansion found, or NULL. */
static const char *target_record(const struct dnsauth_spf_expansion *x, const char *name)
{
	size_t i, n = dnsauth_dname_len(name);

	for (i = 0; i < x->nrecords; i++)
		if (dnsauth_dname_len(x->records[i].name) == n &&
		    strncasecmp(x->records[i].name, name, n) == 0)
			return x->records[i].text;
	return NULL;
}

static bool nth_lookup(struct audit_ctx *c, const struct dnsauth_spf *spf, const char *text,
		       const char *domain, const struct dnsauth_spf_expansion *x, unsigned nth,
		       unsigned depth, char **record, unsigned *column);

/* The \p nth lookup inside the record of target \p t of the record
 * \p text at \p domain (see nth_lookup). The target's record is expanded
 * again on its own: the answers are cached, and lib/spf_expand.c counts
 * its terms in the same order. */
static bool nth_in_target(struct audit_ctx *c, const char *text, const char *domain,
			  const struct dnsauth_spf_expansion *x,
			  const struct dnsauth_spf_term *t, unsigned nth, unsigned depth,
			  char **record, unsigned *column)
{
	struct dnsauth_spf_expand_opts o;
	struct dnsauth_spf_expansion *sub = NULL;
	struct dnsauth_spf *spf = NULL;
	const char *target_text;
	bool found = false;
	size_t n;
	int rc;

	if (!t->domain || depth > DNSAUTH_SPF_EXPAND_MAX_DEPTH ||
	    (t->kind != DNSAUTH_SPF_INCLUDE && t->kind != DNSAUTH_SPF_REDIRECT))
		return false;
	/* an expansion lists the records found below its own record, not
	 * that one (a record that includes itself) */
	n = dnsauth_dname_len(t->domain);
	if (dnsauth_dname_len(domain) == n && strncasecmp(domain, t->domain, n) == 0)
		target_text = text;
	else
		target_text = target_record(x, t->domain);
	if (!target_text)
		return false;
	rc = dnsauth_spf_parse(target_text, strlen(target_text), t->domain, &spf, NULL);
	if (rc == DNSAUTH_ENOMEM)
		c->oom = 1;
	if (rc != 0 || !spf) {
		dnsauth_spf_free(spf);
		return false;
	}
	memset(&o, 0, sizeof(o));
	o.get = expand_get;
	o.ctx = c;
	if (dnsauth_spf_expand(spf, target_text, t->domain, &o, NULL, &sub) != 0)
		c->oom = 1;
	else
		found = nth_lookup(c, spf, target_text, t->domain, sub, nth, depth, record,
				   column);
	dnsauth_spf_expansion_free(sub);
	dnsauth_spf_free(spf);
	return found;
}

/* The term of the \p nth lookup (1-based) in receiver order: the
 * top-level terms' costs of \p x are in evaluation order, a term's own
 * lookup first, then those under it. Sets a copy of the record text the
 * term is in and its column there. */
static bool nth_lookup(struct audit_ctx *c, const struct dnsauth_spf *spf, const char *text,
		       const char *domain, const struct dnsauth_spf_expansion *x, unsigned nth,
		       unsigned depth, char **record, unsigned *column)
{
	unsigned before = 0;
	size_t i;

	for (i = 0; i < x->nterms && !c->oom; i++) {
		const struct dnsauth_spf_expand_term *et = &x->terms[i];
		const struct dnsauth_spf_term *t;

		if (before + et->lookups < nth) {
			before += et->lookups;
			continue;
		}
		if (et->index >= spf->nterms)
			return false;
		t = &spf->terms[et->index];
		if (before + 1 < nth)
			return nth_in_target(c, text, domain, x, t, nth - before - 1, depth + 1,
					     record, column);
		*record = strdup(text);
		if (!*record) {
			c->oom = 1;
			return false;
		}
		*column = t->column;
		return true;
	}
	return false;
}

/* Point spf-too-many-lookups (from index \p from on) at the term of the
 * 11th lookup. */
static void place_limit(struct audit_ctx *c, const struct dnsauth_spf *spf, const char *text,
			const struct dnsauth_spf_expansion *x, size_t from)
{
	struct dnsauth_findings *fl = audit_findings(c);
	char *record = NULL;
	unsigned column = 0;
	size_t i;

	if (x->lookups <= DNSAUTH_SPF_LOOKUP_LIMIT || !x->limit_at ||
	    !nth_lookup(c, spf, text, c->domain, x, DNSAUTH_SPF_LOOKUP_LIMIT + 1, 0, &record,
			&column))
		return;
	for (i = from; i < fl->n; i++) {
		struct dnsauth_finding *f = &fl->v[i];

		if (f->rule != DNSAUTH_R_SPF_TOO_MANY_LOOKUPS)
			continue;
		free(f->record);
		f->record = record;
		f->column = column;
		return;
	}
	free(record);
}

/* spf-syntax-error for an include or redirect term that has
 * spf-target-invalid (an invalid domain): one finding per cause. */
static void drop_target_syntax(struct audit_ctx *c, const char *text)
{
	struct dnsauth_findings *fl = audit_findings(c);
	bool *drop, any = false;
	size_t i, j;

	drop = calloc(fl->n ? fl->n : 1, sizeof(*drop));
	if (!drop) {
		c->oom = 1;
		return;
	}
	for (i = 0; i < fl->n; i++) {
		const struct dnsauth_finding *t = &fl->v[i];

		if (t->rule != DNSAUTH_R_SPF_TARGET_INVALID || t->severity == DNSAUTH_SEV_INFO ||
		    !t->column || !t->record || strcmp(t->record, text) != 0)
			continue;
		for (j = 0; j < fl->n; j++) {
			const struct dnsauth_finding *f = &fl->v[j];

			if (f->rule == DNSAUTH_R_SPF_SYNTAX_ERROR && f->column == t->column &&
			    f->record && strcmp(f->record, text) == 0)
				drop[j] = any = true;
		}
	}
	if (any)
		dnsauth_findings_remove(fl, drop);
	free(drop);
}

/* Expand the audited domain's one SPF record; returns whether it
 * authorizes some host. */
static bool expand_apex(struct audit_ctx *c, const struct dnsauth_spf *spf,
			const char *text)
{
	struct dnsauth_spf_expand_opts o;
	struct dnsauth_spf_expansion *x = NULL;
	bool auth;
	size_t i, from;

	memset(&o, 0, sizeof(o));
	o.get = expand_get;
	o.failed = expand_failed;
	o.ctx = c;
	if (dnsauth_spf_expand(spf, text, c->domain, &o, audit_findings(c), &x) != 0) {
		c->oom = 1;
		return false;
	}
	for (i = 0; i < x->nrecords && !c->oom; i++)
		audit_record(c, x->records[i].name, "TXT", x->records[i].text);
	for (i = 0; i < x->nterms && !c->oom; i++)
		push_term(c, x->terms[i].text, x->terms[i].lookups, x->terms[i].voids);
	c->a->spf_lookups = x->lookups;
	c->a->spf_voids = x->voids;
	from = audit_findings(c)->n;
	if (!c->oom && dnsauth_spf_expand_report(x, c->domain, text, audit_findings(c)))
		c->oom = 1;
	if (!c->oom && x->complete)
		place_limit(c, spf, text, x, from);
	if (!c->oom)
		drop_target_syntax(c, text);
	auth = x->authorizes;
	dnsauth_spf_expansion_free(x);
	return auth;
}

/* ------------------------------------------------------------------ */
/* the records at the domain                                            */

/* Approximate size of the DNS response to the TXT query: header,
 * question, CNAMEs followed, and each TXT RR (12 octets of owner
 * pointer, type, class, TTL and length, then its character-strings). */
static size_t txt_response_size(const struct dnsauth_dns_answer *ans)
{
	size_t size = 12 + dnsauth_dname_len(ans->qname) + 2 + 4, i, j;

	for (i = 0; i < ans->ncnames; i++)
		size += 12 + dnsauth_dname_len(ans->cnames[i]) + 2;
	if (ans->rrs) {
		for (i = 0; i < ldns_rr_list_rr_count(ans->rrs); i++) {
			const ldns_rr *rr = ldns_rr_list_rr(ans->rrs, i);

			size += 12;
			for (j = 0; j < ldns_rr_rd_count(rr); j++)
				size += ldns_rdf_size(ldns_rr_rdf(rr, j));
		}
		return size;
	}
	for (i = 0; i < ans->ntxt; i++)
		size += 12 + ans->txt_len[i] + (ans->txt_len[i] + 254) / 255 +
			(ans->txt_len[i] == 0);
	return size;
}

static void check_size(struct audit_ctx *c, const struct dnsauth_dns_answer *txt,
		       size_t spf_len)
{
	size_t size = txt_response_size(txt);
	bool edns = size > SPF_EDNS_LIMIT;

	if (size <= SPF_UDP_LIMIT)
		return;
	/* one TXT record whose own size finding says it all already */
	if (txt->ntxt == 1 && spf_len > SPF_UDP_LIMIT && (spf_len > SPF_EDNS_LIMIT || !edns))
		return;
	audit_finding(c, DNSAUTH_R_SPF_RESPONSE_TOO_LARGE, DNSAUTH_SEV_WARNING, c->domain, NULL, 0,
		      "the TXT answer at %s is about %zu octets (%zu TXT records, all sent with the SPF one): over %u it does not fit a plain UDP response (RFC 7208 §3.4)%s",
		      c->domain, size, txt->ntxt, SPF_UDP_LIMIT,
		      edns ? ", and over 1232, the usual EDNS buffer size, it is truncated and needs TCP (RFC 7766); where TCP fails, receivers get temperror" :
		      "; receivers without EDNS must retry over TCP");
}

/* The strings of a type 99 RR joined; caller frees. */
static char *rr_strings(const ldns_rr *rr)
{
	struct dnsauth_buf b;
	size_t i;

	dnsauth_buf_init(&b, DNSAUTH_SPF_MAX_LEN);
	dnsauth_buf_puts(&b, "");
	for (i = 0; i < ldns_rr_rd_count(rr); i++) {
		const ldns_rdf *f = ldns_rr_rdf(rr, i);

		if (ldns_rdf_get_type(f) == LDNS_RDF_TYPE_STR && ldns_rdf_size(f) >= 1)
			dnsauth_buf_append(&b, ldns_rdf_data(f) + 1, ldns_rdf_size(f) - 1);
	}
	return dnsauth_buf_steal(&b);
}

/* RR type 99 at the domain: obsolete (RFC 7208 §3.1, §14.1). A failed
 * lookup is not reported: receivers never ask for this type. */
static void check_type99(struct audit_ctx *c, const struct dnsauth_dns_answer *t99,
			 const struct dnsauth_dns_answer *txt, size_t nspf)
{
	size_t i, j, differ = 0, n;
	char *first_diff = NULL;

	if (!t99 || t99->status != DNSAUTH_DNS_DATA || !t99->rrs)
		return;
	n = ldns_rr_list_rr_count(t99->rrs);
	for (i = 0; i < n && !c->oom; i++) {
		char *v = rr_strings(ldns_rr_list_rr(t99->rrs, i));
		bool same = false;

		if (!v) {
			c->oom = 1;
			break;
		}
		audit_record(c, c->domain, "SPF", v);
		for (j = 0; txt->status == DNSAUTH_DNS_DATA && j < txt->ntxt; j++)
			if (dnsauth_spf_is_record(txt->txt[j], txt->txt_len[j]) &&
			    strlen(v) == txt->txt_len[j] &&
			    memcmp(v, txt->txt[j], txt->txt_len[j]) == 0)
				same = true;
		if (!same && !first_diff) {
			first_diff = v;
			v = NULL;
		}
		differ += !same;
		free(v);
	}
	if (c->oom)
		goto cleanup;
	if (nspf == 0)
		audit_finding(c, DNSAUTH_R_SPF_RRTYPE_99, DNSAUTH_SEV_WARNING, c->domain,
			      first_diff, 0,
			      "SPF is published only as RR type 99, which receivers never query (RFC 7208 §3.1, §14.1): publish it as TXT");
	else if (differ)
		audit_finding(c, DNSAUTH_R_SPF_RRTYPE_99, DNSAUTH_SEV_WARNING, c->domain,
			      first_diff, 0,
			      "the RR type 99 (SPF) record differs from the TXT one; receivers use only the TXT record (RFC 7208 §3.1): remove type 99");
	else
		audit_finding(c, DNSAUTH_R_SPF_RRTYPE_99, DNSAUTH_SEV_INFO, c->domain,
			      NULL, 0,
			      "SPF is also published as RR type 99, which is obsolete and ignored by receivers (RFC 7208 §14.1); it can be removed");
cleanup:
	free(first_diff);
}

/* Parse, validate and record one SPF value at the domain. */
static int apex_record(struct audit_ctx *c, const char *text, size_t len,
		       struct dnsauth_spf **out)
{
	int rc;

	*out = NULL;
	audit_record(c, c->domain, "TXT", text);
	rc = dnsauth_spf_parse(text, len, c->domain, out, audit_findings(c));
	if (rc == DNSAUTH_ENOMEM)
		c->oom = 1;
	if (!*out)
		return rc;
	if (dnsauth_spf_validate(*out, text, len, c->domain, audit_findings(c)))
		c->oom = 1;
	return rc;
}

static void report_missing(struct audit_ctx *c, const struct dnsauth_dns_answer *txt)
{
	const char *state = txt->status == DNSAUTH_DNS_NXDOMAIN ?
			    " (the domain does not exist)" : "";

	if (c->o->non_sending)
		audit_finding(c, DNSAUTH_R_SPF_MISSING, DNSAUTH_SEV_INFO, c->domain, NULL, 0,
			      "no SPF record at %s%s; a domain that sends no mail should publish 'v=spf1 -all' so that mail forged in its name fails SPF",
			      c->domain, state);
	else
		audit_finding(c, DNSAUTH_R_SPF_MISSING, DNSAUTH_SEV_NONE, c->domain, NULL, 0,
			      "no SPF record at %s%s: receivers get SPF result none (RFC 7208 §4.5)",
			      c->domain, state);
}

void audit_spf_run(struct audit_ctx *c)
{
	const struct dnsauth_dns_answer *txt, *t99;
	struct dnsauth_spf *spf = NULL;
	size_t i, nspf = 0, idx = 0;
	bool lookalike = false;
	int rc;

	/* both at once: one round trip */
	txt = audit_get(c, c->domain, LDNS_RR_TYPE_TXT);
	t99 = audit_get(c, c->domain, LDNS_RR_TYPE_SPF);
	if (!txt || txt->status == DNSAUTH_DNS_OUTSIDE)
		return;
	if (dnsauth_dns_failed(txt->status)) {
		audit_dns_failure(c, txt, "the SPF record");
		return;
	}
	for (i = 0; txt->status == DNSAUTH_DNS_DATA && i < txt->ntxt && !c->oom; i++) {
		if (dnsauth_spf_is_record(txt->txt[i], txt->txt_len[i])) {
			if (!nspf)
				idx = i;
			nspf++;
		} else if (dnsauth_spf_looks_like(txt->txt[i], txt->txt_len[i])) {
			lookalike = true;
			audit_record(c, c->domain, "TXT", txt->txt[i]);
			rc = dnsauth_spf_parse(txt->txt[i], txt->txt_len[i], c->domain, &spf,
					       audit_findings(c));
			if (rc == DNSAUTH_ENOMEM)
				c->oom = 1;
			dnsauth_spf_free(spf);
			spf = NULL;
		}
	}
	if (c->oom)
		return;
	check_type99(c, t99, txt, nspf);
	if (nspf == 0) {
		if (!lookalike)
			report_missing(c, txt);
		return;
	}
	c->a->spf_found = true;
	check_size(c, txt, txt->txt_len[idx]);
	if (nspf > 1) {
		audit_finding(c, DNSAUTH_R_SPF_MULTIPLE_RECORDS, DNSAUTH_SEV_NONE, c->domain,
			      NULL, 0,
			      "%zu SPF records at %s: receivers select none and return permerror (RFC 7208 §3.2, §4.5); merge them into one",
			      nspf, c->domain);
		for (i = 0; i < txt->ntxt && !c->oom; i++) {
			if (!dnsauth_spf_is_record(txt->txt[i], txt->txt_len[i]))
				continue;
			apex_record(c, txt->txt[i], txt->txt_len[i], &spf);
			dnsauth_spf_free(spf);
			spf = NULL;
		}
		return;
	}
	rc = apex_record(c, txt->txt[idx], txt->txt_len[idx], &spf);
	if (spf && !c->oom) {
		bool auth = expand_apex(c, spf, txt->txt[idx]);

		/* a permerror record authorizes nothing */
		c->spf_authorizes = auth && rc == 0;
	}
	dnsauth_spf_free(spf);
}
