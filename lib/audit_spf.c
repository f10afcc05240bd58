/* SPDX-License-Identifier: MIT */
/*
 * audit_spf.c - the SPF area of the audit engine (rules.md §6.1).
 *
 * At the audited domain: the TXT records (SPF selection, look-alikes,
 * several records, the size of the whole TXT answer) and the obsolete RR
 * type 99. The one SPF record gets the static findings of the record
 * model (dnsauth_spf_parse, dnsauth_spf_validate), then its include and
 * redirect targets are expanded recursively and counted as receivers
 * count (RFC 7208 §4.6.4): every include, a, mx, ptr and exists costs one
 * lookup, redirect costs one only in a record without "all", exp never;
 * repeated includes are expanded and counted again; void lookups are
 * counted inside includes too; an mx term with more than 10 MX hosts is a
 * permerror. The cost of each top-level term goes to the audit result.
 *
 * Restartable (audit_int.h): the walk goes depth first in evaluation
 * order, so its running count is the receivers'. A name not cached yet is
 * asked for and its subtree skipped, but the walk goes on with the
 * sibling terms and with the subtrees already cached, so every name of
 * the next level is asked for in the same pass: a chain of n includes
 * costs n + 2 passes (the apex TXT, n targets, the complete run), one
 * more when the deepest record has a or mx terms (their A/AAAA, MX).
 *
 * Choices:
 * - Mechanisms after the first "all" are never evaluated (§4.6.2), so
 *   they are not counted (spf_validate warns about them); redirect is
 *   ignored, neither counted nor followed, when "all" appears anywhere.
 * - Receivers query A for an IPv4 client and AAAA for an IPv6 one; an a
 *   target (and an MX host) counts as a void lookup only when it has
 *   neither, i.e. when it is void for every client. exists queries A
 *   only (§5.7). An MX host without addresses counts one void, as
 *   pyspf counts it. ptr and macro targets need the sender: counted, not
 *   queried.
 * - An include or redirect target without a usable SPF record is
 *   spf-target-invalid (permerror), not a void lookup. A target with
 *   macros is counted as one lookup and noted at info level.
 * - Expansion stops below SPF_MAX_DEPTH records and once SPF_EXPAND_CAP
 *   lookups are counted (loops end there); local terms are still counted,
 *   and the totals are then reported as "at least".
 * - spf-response-too-large for the whole TXT answer is a warning above
 *   512 octets, and its message adds the TCP fallback above 1232; it is
 *   left out when the record's own size finding (spf_validate) already
 *   says the same thing.
 * - With opts->non_sending a missing SPF record is info (advice to
 *   publish "v=spf1 -all"), not an error.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit_int.h"
#include "buf.h"
#include "dname.h"
#include "error.h"
#include "spf.h"

#define SPF_MAX_DEPTH 20u     /* records expanded below the apex, at most */
#define SPF_EXPAND_CAP 30u    /* no further queries once this many lookups */
#define SPF_VOID_LIMIT 2u     /* RFC 7208 §4.6.4, RECOMMENDED default */
#define SPF_MX_NAMES 10u      /* RFC 7208 §4.6.4 */
#define SPF_UDP_LIMIT 512u    /* RFC 7208 §3.4 */
#define SPF_EDNS_LIMIT 1232u  /* DNS flag day 2020 EDNS buffer size */
#define SPF_MAX_NOTED 256u    /* names reported once per run */
#define SPF_VOIDS_SHOWN 5u    /* void terms named in the message */
#define SPF_COSTLIEST 3u      /* top-level terms named in the message */
#define SPF_MSG_MAX 4096u     /* cap of the texts built for messages */

/* One run of the expansion. */
struct spf_walk {
	struct audit_ctx *c;
	unsigned lookups;        /* counted so far, in receiver order */
	unsigned voids;
	bool lower_bound;        /* some subtree not counted (cap, macro,
	                            OUTSIDE, failure) */
	const char *path[SPF_MAX_DEPTH + 1]; /* domains of the records
	                                        being expanded, apex first */
	const char *top_term;    /* top-level term being expanded */
	char *loop;              /* first include/redirect cycle seen */
	char *limit_at;          /* where receivers stop: the 11th lookup */
	char *void_at;           /* the third void lookup */
	struct dnsauth_buf void_list;
	unsigned void_shown;
	char *noted[SPF_MAX_NOTED];
	size_t nnoted;
};

/* The record being evaluated. */
struct spf_rec {
	const struct dnsauth_spf *spf;
	const char *text;        /* the value, NUL-terminated, for findings */
	const char *domain;      /* where it is published */
	unsigned depth;          /* 0: the audited domain */
};

static bool eval_record(struct spf_walk *w, const struct spf_rec *r);

/* ------------------------------------------------------------------ */
/* small helpers                                                        */

static bool same_name(const char *a, const char *b)
{
	size_t la = dnsauth_dname_len(a), lb = dnsauth_dname_len(b);

	return la == lb && strncasecmp(a, b, la) == 0;
}

static bool is_void(const struct dnsauth_dns_answer *ans)
{
	return ans->status == DNSAUTH_DNS_NXDOMAIN || ans->status == DNSAUTH_DNS_NODATA;
}

static bool has_macro(const char *s)
{
	return strchr(s, '%') != NULL;
}

/* Whether (kind, name) was noted before in this run; notes it. When the
 * list is full everything counts as noted, which keeps the findings of a
 * pathological record bounded. */
static bool noted(struct spf_walk *w, const char *kind, const char *name)
{
	char key[320];
	size_t i;

	snprintf(key, sizeof(key), "%s %.*s", kind, (int)dnsauth_dname_len(name), name);
	for (i = 0; i < w->nnoted; i++)
		if (strcasecmp(w->noted[i], key) == 0)
			return true;
	if (w->nnoted == SPF_MAX_NOTED)
		return true;
	w->noted[w->nnoted] = strdup(key);
	if (!w->noted[w->nnoted]) {
		w->c->oom = 1;
		return true;
	}
	w->nnoted++;
	return false;
}

/* "'term'", or "'term' in the SPF record of D (under 'top')"; caller frees. */
static char *where(struct spf_walk *w, const struct spf_rec *r,
		   const struct dnsauth_spf_term *t)
{
	char *s = NULL;
	int n;

	if (r->depth == 0)
		n = asprintf(&s, "'%s'", t->text);
	else
		n = asprintf(&s, "'%s' in the SPF record of %s (under '%s')", t->text,
			     r->domain, w->top_term ? w->top_term : "?");
	if (n < 0) {
		w->c->oom = 1;
		return NULL;
	}
	return s;
}

static void count_lookup(struct spf_walk *w, const struct spf_rec *r,
			 const struct dnsauth_spf_term *t)
{
	w->lookups++;
	if (w->lookups == DNSAUTH_SPF_LOOKUP_LIMIT + 1 && !w->limit_at)
		w->limit_at = where(w, r, t);
}

static void count_void(struct spf_walk *w, const struct spf_rec *r,
		       const struct dnsauth_spf_term *t, const char *why)
{
	w->voids++;
	if (w->void_shown < SPF_VOIDS_SHOWN) {
		dnsauth_buf_printf(&w->void_list, "%s'%.200s'%s%s (%s)",
				   w->void_shown ? ", " : "", t->text,
				   r->depth ? " in " : "", r->depth ? r->domain : "", why);
		w->void_shown++;
	}
	if (w->voids == SPF_VOID_LIMIT + 1 && !w->void_at)
		w->void_at = where(w, r, t);
}

/* Whether more queries may be made for a record at this depth. */
static bool may_query(struct spf_walk *w, unsigned depth)
{
	if (w->lookups > SPF_EXPAND_CAP || depth > SPF_MAX_DEPTH) {
		w->lower_bound = true;
		return false;
	}
	return true;
}

/* A failed lookup under the SPF tree: receivers get temperror. */
static void lookup_failed(struct spf_walk *w, const struct spf_rec *r,
			  const struct dnsauth_spf_term *t,
			  const struct dnsauth_dns_answer *ans)
{
	char kind[16];
	char *what = NULL;

	w->lower_bound = true;
	snprintf(kind, sizeof(kind), "fail%u", (unsigned)ans->qtype);
	if (noted(w, kind, ans->qname))
		return;
	if (asprintf(&what,
		     "the target of '%s' in the SPF record of %s; SPF receivers get temperror",
		     t->text, r->domain) < 0) {
		w->c->oom = 1;
		return;
	}
	audit_dns_failure(w->c, ans, what);
	free(what);
}

/* ------------------------------------------------------------------ */
/* a, mx, exists                                                        */

/* The A and AAAA of name, for term t: void when it has neither. */
static void check_addresses(struct spf_walk *w, const struct spf_rec *r,
			    const struct dnsauth_spf_term *t, const char *name,
			    const char *host_of)
{
	const struct dnsauth_dns_answer *a4 = audit_get(w->c, name, LDNS_RR_TYPE_A);
	const struct dnsauth_dns_answer *a6 = audit_get(w->c, name, LDNS_RR_TYPE_AAAA);
	char why[320];

	if (!a4 || !a6)
		return;
	if (a4->status == DNSAUTH_DNS_OUTSIDE || a6->status == DNSAUTH_DNS_OUTSIDE) {
		w->lower_bound = true;
		return;
	}
	if (dnsauth_dns_failed(a4->status))
		lookup_failed(w, r, t, a4);
	if (dnsauth_dns_failed(a6->status))
		lookup_failed(w, r, t, a6);
	if (!is_void(a4) || !is_void(a6))
		return;
	if (host_of)
		snprintf(why, sizeof(why), "MX host %.*s has no address",
			 (int)dnsauth_dname_len(name), name);
	else if (a4->status == DNSAUTH_DNS_NXDOMAIN)
		snprintf(why, sizeof(why), "%.*s does not exist",
			 (int)dnsauth_dname_len(name), name);
	else
		snprintf(why, sizeof(why), "%.*s has no A or AAAA record",
			 (int)dnsauth_dname_len(name), name);
	count_void(w, r, t, why);
}

static void check_exists(struct spf_walk *w, const struct spf_rec *r,
			 const struct dnsauth_spf_term *t, const char *name)
{
	const struct dnsauth_dns_answer *a4 = audit_get(w->c, name, LDNS_RR_TYPE_A);

	if (!a4)
		return;
	if (a4->status == DNSAUTH_DNS_OUTSIDE) {
		w->lower_bound = true;
		return;
	}
	if (dnsauth_dns_failed(a4->status)) {
		lookup_failed(w, r, t, a4);
		return;
	}
	if (is_void(a4))
		count_void(w, r, t, a4->status == DNSAUTH_DNS_NXDOMAIN ?
			   "does not exist" : "no A record");
}

/* The MX hosts of name: at most 10 (else permerror), each with an
 * address; an MX lookup with no answer is void. */
static void check_mx(struct spf_walk *w, const struct spf_rec *r,
		     const struct dnsauth_spf_term *t, const char *name)
{
	const struct dnsauth_dns_answer *mx = audit_get(w->c, name, LDNS_RR_TYPE_MX);
	size_t i, n;

	if (!mx)
		return;
	if (mx->status == DNSAUTH_DNS_OUTSIDE) {
		w->lower_bound = true;
		return;
	}
	if (dnsauth_dns_failed(mx->status)) {
		lookup_failed(w, r, t, mx);
		return;
	}
	if (is_void(mx)) {
		count_void(w, r, t, mx->status == DNSAUTH_DNS_NXDOMAIN ?
			   "the domain does not exist" : "no MX records");
		return;
	}
	n = mx->rrs ? ldns_rr_list_rr_count(mx->rrs) : 0;
	if (n > SPF_MX_NAMES && !noted(w, "mx", name))
		audit_finding(w->c, DNSAUTH_R_SPF_MX_TOO_MANY_NAMES, DNSAUTH_SEV_NONE,
			      r->domain, r->text, t->column,
			      "'%s': %.*s has %zu MX hosts; receivers look up at most %u for one mx term and then return permerror (RFC 7208 §4.6.4)",
			      t->text, (int)dnsauth_dname_len(name), name, n, SPF_MX_NAMES);
	for (i = 0; i < n && i < SPF_MX_NAMES && !w->c->oom; i++) {
		const ldns_rdf *host = ldns_rr_mx_exchange(ldns_rr_list_rr(mx->rrs, i));
		char *s;

		if (!host || ldns_dname_label_count(host) == 0)
			continue; /* null MX (RFC 7505): no host to look up */
		s = ldns_rdf2str(host);
		if (!s) {
			w->c->oom = 1;
			return;
		}
		check_addresses(w, r, t, s, name);
		free(s);
	}
}

/* ------------------------------------------------------------------ */
/* include and redirect                                                 */

static void target_invalid(struct spf_walk *w, const struct spf_rec *r,
			   const struct dnsauth_spf_term *t, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void target_invalid(struct spf_walk *w, const struct spf_rec *r,
			   const struct dnsauth_spf_term *t, const char *fmt, ...)
{
	char *why = NULL;
	va_list ap;
	int n;

	if (noted(w, "invalid", t->domain))
		return;
	va_start(ap, fmt);
	n = vasprintf(&why, fmt, ap);
	va_end(ap);
	if (n < 0) {
		w->c->oom = 1;
		return;
	}
	audit_finding(w->c, DNSAUTH_R_SPF_TARGET_INVALID, DNSAUTH_SEV_NONE, r->domain,
		      r->text, t->column,
		      "'%s': %s, so the whole SPF check is a permerror (RFC 7208 %s)",
		      t->text, why, t->kind == DNSAUTH_SPF_REDIRECT ? "§6.1" : "§5.2");
	free(why);
}

/* Note a cycle: the target is already being expanded above. */
static void note_loop(struct spf_walk *w, const struct spf_rec *r, const char *target)
{
	struct dnsauth_buf b;
	unsigned i, first = r->depth + 1;

	if (w->loop)
		return;
	for (i = 0; i <= r->depth; i++) {
		if (same_name(w->path[i], target)) {
			first = i;
			break;
		}
	}
	if (first > r->depth)
		return;
	/* at most SPF_MAX_DEPTH + 2 names of at most 253 octets (the
	 * targets are valid names) */
	dnsauth_buf_init(&b, (SPF_MAX_DEPTH + 2) * 260u + strlen(w->path[0]));
	for (i = first; i <= r->depth; i++)
		dnsauth_buf_printf(&b, "%.*s -> ", (int)dnsauth_dname_len(w->path[i]),
				   w->path[i]);
	dnsauth_buf_printf(&b, "%.*s", (int)dnsauth_dname_len(target), target);
	w->loop = dnsauth_buf_steal(&b);
	if (!w->loop)
		w->c->oom = 1;
}

/* Evaluate one SPF value found at a target. Returns whether it
 * authorizes some host. */
static bool expand_value(struct spf_walk *w, const struct spf_rec *r,
			 const struct dnsauth_spf_term *t, const char *text, size_t len)
{
	struct dnsauth_findings tmp;
	struct dnsauth_spf *spf = NULL;
	struct spf_rec sub;
	bool auth = false;
	size_t i;
	int rc;

	dnsauth_findings_init(&tmp);
	rc = dnsauth_spf_parse(text, len, t->domain, &spf, &tmp);
	if (rc == DNSAUTH_ENOMEM) {
		w->c->oom = 1;
		goto cleanup;
	}
	if (rc != 0 || !spf) {
		const char *msg = "it is too long";

		for (i = 0; i < tmp.n; i++) {
			if (tmp.v[i].severity == DNSAUTH_SEV_ERROR) {
				msg = tmp.v[i].message;
				break;
			}
		}
		target_invalid(w, r, t, "the SPF record of %s has errors: %s", t->domain, msg);
		goto cleanup;
	}
	if (!noted(w, "record", t->domain))
		audit_record(w->c, t->domain, "TXT", text);
	note_loop(w, r, t->domain);
	w->path[r->depth + 1] = t->domain;
	sub.spf = spf;
	sub.text = text;
	sub.domain = t->domain;
	sub.depth = r->depth + 1;
	auth = eval_record(w, &sub);
cleanup:
	dnsauth_findings_clear(&tmp);
	dnsauth_spf_free(spf);
	return auth;
}

/* Expand the target of an include or redirect (already counted).
 * Returns whether its record authorizes some host. */
static bool expand_target(struct spf_walk *w, const struct spf_rec *r,
			  const struct dnsauth_spf_term *t)
{
	const struct dnsauth_dns_answer *ans;
	const char *target = t->domain, *why = NULL;
	size_t i, nspf = 0, idx = 0;

	if (!target)
		return false;
	if (has_macro(target)) {
		w->lower_bound = true;
		if (!noted(w, "macro", target))
			audit_finding(w->c, DNSAUTH_R_SPF_TARGET_INVALID, DNSAUTH_SEV_INFO,
				      r->domain, r->text, t->column,
				      "'%s' is not expanded: its target depends on the sender (macros); counted as 1 lookup, the lookups under it are not",
				      t->text);
		return false;
	}
	if (!dnsauth_dname_valid(target, strlen(target), true, &why, NULL)) {
		target_invalid(w, r, t, "%s is not a valid domain name (%s)", target, why);
		return false;
	}
	if (!may_query(w, r->depth + 1))
		return false;
	ans = audit_get(w->c, target, LDNS_RR_TYPE_TXT);
	if (!ans)
		return false;
	switch (ans->status) {
	case DNSAUTH_DNS_OUTSIDE:
		w->lower_bound = true;
		return false;
	case DNSAUTH_DNS_NXDOMAIN:
		target_invalid(w, r, t, "%s does not exist (NXDOMAIN)", target);
		return false;
	case DNSAUTH_DNS_NODATA:
		target_invalid(w, r, t, "%s has no SPF record (result none)", target);
		return false;
	case DNSAUTH_DNS_DATA:
		break;
	default:
		lookup_failed(w, r, t, ans);
		return false;
	}
	for (i = 0; i < ans->ntxt; i++) {
		if (dnsauth_spf_is_record(ans->txt[i], ans->txt_len[i])) {
			if (!nspf)
				idx = i;
			nspf++;
		}
	}
	if (nspf == 0) {
		target_invalid(w, r, t, "%s has no SPF record (result none)", target);
		return false;
	}
	if (nspf > 1) {
		target_invalid(w, r, t, "%s publishes %zu SPF records", target, nspf);
		return false;
	}
	return expand_value(w, r, t, ans->txt[idx], ans->txt_len[idx]);
}

/* ------------------------------------------------------------------ */
/* records                                                              */

static bool is_mechanism(enum dnsauth_spf_kind k)
{
	return k <= DNSAUTH_SPF_EXISTS;
}

/* Evaluate one mechanism or the redirect. Returns whether it authorizes
 * some host: a mechanism with the pass qualifier ("+all" included), or a
 * redirect whose target record does. */
static bool eval_term(struct spf_walk *w, const struct spf_rec *r,
		      const struct dnsauth_spf_term *t)
{
	const char *name = t->domain ? t->domain : r->domain;
	bool pass = t->qualifier == DNSAUTH_SPF_PASS;

	switch (t->kind) {
	case DNSAUTH_SPF_ALL:
	case DNSAUTH_SPF_IP4:
	case DNSAUTH_SPF_IP6:
		return pass;
	case DNSAUTH_SPF_INCLUDE:
		count_lookup(w, r, t);
		expand_target(w, r, t);
		return pass;
	case DNSAUTH_SPF_REDIRECT:
		count_lookup(w, r, t);
		return expand_target(w, r, t);
	case DNSAUTH_SPF_PTR:
		count_lookup(w, r, t);
		return pass;
	case DNSAUTH_SPF_A:
	case DNSAUTH_SPF_MX:
	case DNSAUTH_SPF_EXISTS:
		count_lookup(w, r, t);
		if (has_macro(name) ||
		    !dnsauth_dname_valid(name, strlen(name), true, NULL, NULL) ||
		    !may_query(w, r->depth))
			return pass;
		if (t->kind == DNSAUTH_SPF_A)
			check_addresses(w, r, t, name, NULL);
		else if (t->kind == DNSAUTH_SPF_MX)
			check_mx(w, r, t, name);
		else
			check_exists(w, r, t, name);
		return pass;
	default:
		return false;
	}
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

/* One term, with its cost attributed when it is a top-level one. */
static bool eval_attributed(struct spf_walk *w, const struct spf_rec *r,
			    const struct dnsauth_spf_term *t)
{
	unsigned lookups = w->lookups, voids = w->voids;
	bool auth;

	if (r->depth == 0)
		w->top_term = t->text;
	auth = eval_term(w, r, t);
	if (r->depth == 0 && w->lookups > lookups)
		push_term(w->c, t->text, w->lookups - lookups, w->voids - voids);
	return auth;
}

/* Evaluate a record as receivers do when nothing matches: mechanisms up
 * to the first "all", then redirect when there is no "all". */
static bool eval_record(struct spf_walk *w, const struct spf_rec *r)
{
	const struct dnsauth_spf *spf = r->spf;
	const struct dnsauth_spf_term *redirect = NULL;
	bool all = false, auth = false;
	size_t i;

	for (i = 0; i < spf->nterms && !w->c->oom; i++) {
		const struct dnsauth_spf_term *t = &spf->terms[i];

		if (t->kind == DNSAUTH_SPF_REDIRECT && !redirect)
			redirect = t;
		if (all || !is_mechanism(t->kind))
			continue;
		if (t->kind == DNSAUTH_SPF_ALL)
			all = true;
		if (eval_attributed(w, r, t))
			auth = true;
	}
	if (redirect && !all && !w->c->oom && eval_attributed(w, r, redirect))
		auth = true;
	return auth;
}

/* ------------------------------------------------------------------ */
/* the findings of the walk                                             */

static int cmp_cost(const void *pa, const void *pb)
{
	const struct dnsauth_audit_spf_term *a = *(const struct dnsauth_audit_spf_term *const *)pa;
	const struct dnsauth_audit_spf_term *b = *(const struct dnsauth_audit_spf_term *const *)pb;

	if (a->lookups != b->lookups)
		return a->lookups > b->lookups ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* "include:x costs 5 lookups, a costs 1 lookup" for the costliest
 * top-level terms; caller frees (NULL when out of memory). */
static char *costliest(const struct dnsauth_audit *a)
{
	const struct dnsauth_audit_spf_term **v;
	struct dnsauth_buf b;
	size_t i;

	dnsauth_buf_init(&b, SPF_MSG_MAX);
	dnsauth_buf_puts(&b, "");
	if (a->nspf_terms == 0)
		return dnsauth_buf_steal(&b);
	v = malloc(a->nspf_terms * sizeof(*v));
	if (!v) {
		dnsauth_buf_free(&b);
		return NULL;
	}
	for (i = 0; i < a->nspf_terms; i++)
		v[i] = &a->spf_terms[i];
	qsort(v, a->nspf_terms, sizeof(*v), cmp_cost);
	dnsauth_buf_puts(&b, "; costliest: ");
	for (i = 0; i < a->nspf_terms && i < SPF_COSTLIEST; i++)
		dnsauth_buf_printf(&b, "%s%.200s costs %u lookup%s", i ? ", " : "",
				   v[i]->term, v[i]->lookups, v[i]->lookups == 1 ? "" : "s");
	free(v);
	return dnsauth_buf_steal(&b);
}

static void walk_findings(struct spf_walk *w, const char *domain, const char *text)
{
	struct audit_ctx *c = w->c;
	const char *atleast = w->lower_bound ? "at least " : "";
	char *costs;

	if (w->lookups <= DNSAUTH_SPF_LOOKUP_LIMIT - 2 && !w->loop && w->voids <= SPF_VOID_LIMIT)
		return;
	costs = costliest(c->a);
	if (!costs) {
		c->oom = 1;
		return;
	}
	if (w->lookups > DNSAUTH_SPF_LOOKUP_LIMIT || w->loop)
		audit_finding(c, DNSAUTH_R_SPF_TOO_MANY_LOOKUPS, DNSAUTH_SEV_ERROR, domain,
			      text, 0,
			      "%s%u DNS-querying terms, counted recursively as receivers count them (limit %u, RFC 7208 §4.6.4): receivers return permerror at the %uth%s%s%s%s%s",
			      atleast, w->lookups, DNSAUTH_SPF_LOOKUP_LIMIT,
			      DNSAUTH_SPF_LOOKUP_LIMIT + 1, w->limit_at ? ", " : "",
			      w->limit_at ? w->limit_at : "", costs,
			      w->loop ? "; include/redirect loop: " : "", w->loop ? w->loop : "");
	else if (w->lookups >= DNSAUTH_SPF_LOOKUP_LIMIT - 1)
		audit_finding(c, DNSAUTH_R_SPF_TOO_MANY_LOOKUPS, DNSAUTH_SEV_WARNING, domain,
			      text, 0,
			      "%s%u of the %u DNS-querying terms allowed (RFC 7208 §4.6.4): one more lookup here or in an included record makes SPF fail with permerror%s",
			      atleast, w->lookups, DNSAUTH_SPF_LOOKUP_LIMIT, costs);
	if (w->voids > SPF_VOID_LIMIT)
		audit_finding(c, DNSAUTH_R_SPF_VOID_LOOKUPS, DNSAUTH_SEV_NONE, domain, text, 0,
			      "%u void lookups (no records or NXDOMAIN; limit %u, RFC 7208 §4.6.4): %s%s; receivers that enforce the limit return permerror at the third%s%s",
			      w->voids, SPF_VOID_LIMIT, dnsauth_buf_str(&w->void_list),
			      w->voids > w->void_shown ? ", ..." : "",
			      w->void_at ? ", " : "", w->void_at ? w->void_at : "");
	free(costs);
}

static void walk_clear(struct spf_walk *w)
{
	size_t i;

	for (i = 0; i < w->nnoted; i++)
		free(w->noted[i]);
	free(w->loop);
	free(w->limit_at);
	free(w->void_at);
	dnsauth_buf_free(&w->void_list);
}

/* Expand the audited domain's one SPF record; returns whether it
 * authorizes some host. */
static bool expand_apex(struct audit_ctx *c, const struct dnsauth_spf *spf,
			const char *text)
{
	struct spf_walk w;
	struct spf_rec r;
	bool auth;

	memset(&w, 0, sizeof(w));
	w.c = c;
	dnsauth_buf_init(&w.void_list, SPF_MSG_MAX);
	dnsauth_buf_puts(&w.void_list, "");
	w.path[0] = c->domain;
	noted(&w, "record", c->domain); /* recorded by the caller */
	r.spf = spf;
	r.text = text;
	r.domain = c->domain;
	r.depth = 0;
	auth = eval_record(&w, &r);
	c->a->spf_lookups = w.lookups;
	c->a->spf_voids = w.voids;
	if (!c->oom)
		walk_findings(&w, c->domain, text);
	walk_clear(&w);
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
