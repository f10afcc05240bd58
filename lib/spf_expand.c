/* SPDX-License-Identifier: MIT */
/*
 * spf_expand.c - an SPF record expanded through DNS as receivers evaluate
 * it (see spf_expand.h): the exact RFC 7208 §4.6.4 count, per top-level
 * term, and the networks of the top-level includes for flattening.
 * Shared by the audit engine (lib/audit_spf.c) and spfgen --resolve.
 *
 * The walk goes depth first in evaluation order, so its running count is
 * the receivers'. A name whose answer is not available yet is asked for
 * and its subtree skipped, but the walk goes on with the sibling terms
 * and with the subtrees already available, so every name of the next
 * level is asked for in the same run: a chain of n includes costs n + 2
 * runs in the audit (the apex TXT, n targets, the complete run), one
 * more when the deepest record has a or mx terms (their A/AAAA, MX).
 *
 * Choices:
 * - Mechanisms after the first "all" are never evaluated (§4.6.2), so
 *   they are not counted; redirect is ignored, neither counted nor
 *   followed, when "all" appears anywhere.
 * - Receivers query A for an IPv4 client and AAAA for an IPv6 one; an a
 *   target (and an MX host) counts as a void lookup only when it has
 *   neither, i.e. when it is void for every client. exists queries A
 *   only (§5.7). An MX host without addresses counts one void, as pyspf
 *   counts it. ptr and macro targets need the sender: counted, not
 *   queried.
 * - An include or redirect target without a usable SPF record is
 *   spf-target-invalid (permerror), not a void lookup. A target with
 *   macros is counted as one lookup and noted at info level.
 * - Expansion stops below DNSAUTH_SPF_EXPAND_MAX_DEPTH records and once
 *   the cap is passed (loops end there); local terms are still counted,
 *   and the totals are then a lower bound.
 * - Networks: an a or mx term passes the A and the AAAA addresses of its
 *   name (or MX hosts) with its cidr4 and cidr6 (32 and 128 by default),
 *   since an IPv4 client is matched against the A records and an IPv6
 *   one against the AAAA records.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dname.h"
#include "error.h"
#include "spf_expand.h"

#define MAX_NOTED 256u       /* names reported once per run */
#define VOIDS_SHOWN 5u       /* void terms named in the message */
#define COSTLIEST 3u         /* top-level terms named in the message */
#define MSG_MAX 4096u        /* cap of the texts built for messages */

/* One run of the expansion. */
struct walk {
	const struct dnsauth_spf_expand_opts *o;
	struct dnsauth_findings *fl;
	struct dnsauth_spf_expansion *x;  /* totals and results */
	unsigned cap;
	int oom;
	const char *path[DNSAUTH_SPF_EXPAND_MAX_DEPTH + 1]; /* domains of the
	                                        records being expanded, top first */
	const char *top_term;    /* top-level term being expanded */
	unsigned term_start;     /* lookups counted before it */
	bool term_inexact;       /* some target under it not expanded */
	struct dnsauth_buf void_list;
	char *noted[MAX_NOTED];
	size_t nnoted;
	size_t terms_cap;
	size_t records_cap;
	/* networks of the top-level include being expanded */
	bool collect;
	char *refusal;
	struct dnsauth_spf_net *nets;
	size_t nnets, nets_cap;
};

/* The record being evaluated. */
struct rec {
	const struct dnsauth_spf *spf;
	const char *text;        /* the value, NUL-terminated, for findings */
	const char *domain;      /* where it is published */
	unsigned depth;          /* 0: the record given */
};

static bool eval_record(struct walk *w, const struct rec *r);

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

static const struct dnsauth_dns_answer *get(struct walk *w, const char *name,
					    uint16_t type)
{
	const struct dnsauth_dns_answer *a = w->o->get(w->o->ctx, name, type);

	if (!a)
		w->x->complete = false;
	return a;
}

static void finding(struct walk *w, enum dnsauth_rule_id rule, enum dnsauth_severity sev,
		    const char *name, const char *record, unsigned column,
		    const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static void finding(struct walk *w, enum dnsauth_rule_id rule, enum dnsauth_severity sev,
		    const char *name, const char *record, unsigned column,
		    const char *fmt, ...)
{
	va_list ap;

	if (!w->fl)
		return;
	va_start(ap, fmt);
	if (dnsauth_findings_vadd(w->fl, rule, sev, name, record, column, fmt, ap))
		w->oom = 1;
	va_end(ap);
}

/* Whether (kind, name) was noted before in this run; notes it. When the
 * list is full everything counts as noted, which keeps the findings of a
 * pathological record bounded. */
static bool noted(struct walk *w, const char *kind, const char *name)
{
	char key[320];
	size_t i;

	snprintf(key, sizeof(key), "%s %.*s", kind, (int)dnsauth_dname_len(name), name);
	for (i = 0; i < w->nnoted; i++)
		if (strcasecmp(w->noted[i], key) == 0)
			return true;
	if (w->nnoted == MAX_NOTED)
		return true;
	w->noted[w->nnoted] = strdup(key);
	if (!w->noted[w->nnoted]) {
		w->oom = 1;
		return true;
	}
	w->nnoted++;
	return false;
}

/* "'term'", or "'term' in the SPF record of D (under 'top')"; caller frees. */
static char *where(struct walk *w, const struct rec *r, const struct dnsauth_spf_term *t)
{
	char *s = NULL;
	int n;

	if (r->depth == 0)
		n = asprintf(&s, "'%s'", t->text);
	else
		n = asprintf(&s, "'%s' in the SPF record of %s (under '%s')", t->text,
			     r->domain, w->top_term ? w->top_term : "?");
	if (n < 0) {
		w->oom = 1;
		return NULL;
	}
	return s;
}

static void count_lookup(struct walk *w, const struct rec *r, const struct dnsauth_spf_term *t)
{
	w->x->lookups++;
	if (w->x->lookups == DNSAUTH_SPF_LOOKUP_LIMIT + 1 && !w->x->limit_at)
		w->x->limit_at = where(w, r, t);
}

static void count_void(struct walk *w, const struct rec *r, const struct dnsauth_spf_term *t,
		       const char *why)
{
	w->x->voids++;
	if (w->x->void_shown < VOIDS_SHOWN) {
		dnsauth_buf_printf(&w->void_list, "%s'%.200s'%s%s (%s)",
				   w->x->void_shown ? ", " : "", t->text,
				   r->depth ? " in " : "", r->depth ? r->domain : "", why);
		w->x->void_shown++;
	}
	if (w->x->voids == DNSAUTH_SPF_VOID_LIMIT + 1 && !w->x->void_at)
		w->x->void_at = where(w, r, t);
}

/* Whether more queries may be made for a record at this depth. */
static bool may_query(struct walk *w, unsigned depth)
{
	unsigned counted = w->x->lookups;

	if (w->o->cap_per_term)
		counted -= w->term_start;
	if (counted > w->cap || depth > DNSAUTH_SPF_EXPAND_MAX_DEPTH) {
		w->x->lower_bound = true;
		return false;
	}
	return true;
}

/* A lookup count below a target that is not complete. */
static void inexact(struct walk *w)
{
	w->x->lower_bound = true;
	w->x->exact = false;
	w->term_inexact = true;
}

/* ------------------------------------------------------------------ */
/* networks                                                             */

/* The current top-level include cannot be flattened: keep the first
 * reason (and stop collecting). */
static void refuse(struct walk *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void refuse(struct walk *w, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!w->collect || w->refusal)
		return;
	va_start(ap, fmt);
	n = vasprintf(&w->refusal, fmt, ap);
	va_end(ap);
	if (n < 0) {
		w->refusal = NULL;
		w->oom = 1;
	}
}

static void mask_net(struct dnsauth_spf_net *net)
{
	unsigned bits = net->family == 4 ? 32u : 128u, i;

	for (i = net->prefix; i < bits; i++)
		net->addr[i / 8] &= (uint8_t)~(0x80u >> (i % 8));
	for (i = bits / 8; i < 16; i++)
		net->addr[i] = 0;
}

static void add_net(struct walk *w, uint8_t family, const uint8_t *addr, int prefix)
{
	struct dnsauth_spf_net *net;

	if (!w->collect || w->refusal)
		return;
	if (w->nnets == DNSAUTH_SPF_EXPAND_MAX_NETS) {
		refuse(w, "it passes more than %u networks", DNSAUTH_SPF_EXPAND_MAX_NETS);
		return;
	}
	if (w->nnets == w->nets_cap) {
		size_t cap = w->nets_cap ? w->nets_cap * 2 : 32;

		net = realloc(w->nets, cap * sizeof(*net));
		if (!net) {
			w->oom = 1;
			return;
		}
		w->nets = net;
		w->nets_cap = cap;
	}
	net = &w->nets[w->nnets++];
	memset(net, 0, sizeof(*net));
	net->family = family;
	net->prefix = (uint8_t)(prefix >= 0 ? prefix : (family == 4 ? 32 : 128));
	memcpy(net->addr, addr, family == 4 ? 4 : 16);
	mask_net(net);
}

/* The addresses of an A or AAAA answer, with the term's prefix length. */
static void add_answer_nets(struct walk *w, const struct dnsauth_dns_answer *ans,
			    const struct dnsauth_spf_term *t)
{
	uint8_t family = ans->qtype == LDNS_RR_TYPE_A ? 4 : 6;
	size_t i, n;

	if (!w->collect || ans->status != DNSAUTH_DNS_DATA || !ans->rrs)
		return;
	n = ldns_rr_list_rr_count(ans->rrs);
	for (i = 0; i < n && !w->oom; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(ans->rrs, i);
		const ldns_rdf *f;

		if (ldns_rr_get_type(rr) != ans->qtype)
			continue;
		f = ldns_rr_a_address(rr);
		if (!f || ldns_rdf_size(f) != (family == 4 ? 4u : 16u))
			continue;
		add_net(w, family, ldns_rdf_data(f), family == 4 ? t->cidr4 : t->cidr6);
	}
}

static int net_cmp(const void *pa, const void *pb)
{
	const struct dnsauth_spf_net *a = pa, *b = pb;
	int c;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	c = memcmp(a->addr, b->addr, sizeof(a->addr));
	if (c)
		return c;
	return (int)a->prefix - (int)b->prefix;
}

/* Whether \p in lies inside \p net (same family). */
static bool net_contains(const struct dnsauth_spf_net *net, const struct dnsauth_spf_net *in)
{
	struct dnsauth_spf_net m;

	if (net->family != in->family || net->prefix > in->prefix)
		return false;
	m = *in;
	m.prefix = net->prefix;
	mask_net(&m);
	return memcmp(m.addr, net->addr, sizeof(m.addr)) == 0;
}

void dnsauth_spf_nets_normalize(struct dnsauth_spf_net *v, size_t *n)
{
	size_t i, kept = 0;

	if (*n == 0)
		return;
	qsort(v, *n, sizeof(*v), net_cmp);
	/* sorted by address then prefix, the kept networks are disjoint and
	 * in order, so only the last kept one can contain the next */
	for (i = 0; i < *n; i++) {
		if (kept && net_contains(&v[kept - 1], &v[i]))
			continue;
		v[kept++] = v[i];
	}
	*n = kept;
}

int dnsauth_spf_net_print(const struct dnsauth_spf_net *net, struct dnsauth_buf *out)
{
	char addr[INET6_ADDRSTRLEN];
	bool v4 = net->family == 4;

	if (!inet_ntop(v4 ? AF_INET : AF_INET6, net->addr, addr, sizeof(addr)))
		return DNSAUTH_EINVAL;
	dnsauth_buf_printf(out, "%s:%s", v4 ? "ip4" : "ip6", addr);
	if (net->prefix != (v4 ? 32 : 128))
		dnsauth_buf_printf(out, "/%u", net->prefix);
	return out->err;
}

/* ------------------------------------------------------------------ */
/* failures                                                             */

/* An OUTSIDE answer: not checked. Below a target it makes the count or
 * the networks unknown. */
static void outside(struct walk *w, const struct rec *r, const struct dnsauth_dns_answer *ans,
		    bool target)
{
	w->x->lower_bound = true;
	if ((target || r->depth > 0) && !w->x->outside)
		w->x->outside = ans;
	if (target || r->depth > 0)
		refuse(w, "%s %s is not known (%s)", ans->qname,
		       ans->qtype == LDNS_RR_TYPE_TXT ? "TXT" :
		       ans->qtype == LDNS_RR_TYPE_MX ? "MX" :
		       ans->qtype == LDNS_RR_TYPE_A ? "A" : "AAAA",
		       dnsauth_dns_status_name(ans->status));
}

/* A failed lookup under the SPF tree: receivers get temperror. */
static void lookup_failed(struct walk *w, const struct rec *r, const struct dnsauth_spf_term *t,
			  const struct dnsauth_dns_answer *ans)
{
	char kind[16];
	char *what = NULL;

	w->x->lower_bound = true;
	if (!w->x->failed)
		w->x->failed = ans;
	refuse(w, "looking up %s failed (%s)", ans->qname, dnsauth_dns_status_name(ans->status));
	snprintf(kind, sizeof(kind), "fail%u", (unsigned)ans->qtype);
	if (noted(w, kind, ans->qname) || !w->o->failed)
		return;
	if (asprintf(&what,
		     "the target of '%s' in the SPF record of %s; SPF receivers get temperror",
		     t->text, r->domain) < 0) {
		w->oom = 1;
		return;
	}
	w->o->failed(w->o->ctx, ans, what);
	free(what);
}

/* ------------------------------------------------------------------ */
/* a, mx, exists                                                        */

/* The A and AAAA of name, for term t: void when it has neither. */
static void check_addresses(struct walk *w, const struct rec *r,
			    const struct dnsauth_spf_term *t, const char *name,
			    const char *host_of)
{
	const struct dnsauth_dns_answer *a4 = get(w, name, LDNS_RR_TYPE_A);
	const struct dnsauth_dns_answer *a6 = get(w, name, LDNS_RR_TYPE_AAAA);
	char why[320];

	if (!a4 || !a6)
		return;
	if (a4->status == DNSAUTH_DNS_OUTSIDE || a6->status == DNSAUTH_DNS_OUTSIDE) {
		outside(w, r, a4->status == DNSAUTH_DNS_OUTSIDE ? a4 : a6, false);
		return;
	}
	if (dnsauth_dns_failed(a4->status))
		lookup_failed(w, r, t, a4);
	if (dnsauth_dns_failed(a6->status))
		lookup_failed(w, r, t, a6);
	add_answer_nets(w, a4, t);
	add_answer_nets(w, a6, t);
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

static void check_exists(struct walk *w, const struct rec *r,
			 const struct dnsauth_spf_term *t, const char *name)
{
	const struct dnsauth_dns_answer *a4 = get(w, name, LDNS_RR_TYPE_A);

	if (!a4)
		return;
	if (a4->status == DNSAUTH_DNS_OUTSIDE) {
		outside(w, r, a4, false);
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
static void check_mx(struct walk *w, const struct rec *r,
		     const struct dnsauth_spf_term *t, const char *name)
{
	const struct dnsauth_dns_answer *mx = get(w, name, LDNS_RR_TYPE_MX);
	size_t i, n;

	if (!mx)
		return;
	if (mx->status == DNSAUTH_DNS_OUTSIDE) {
		outside(w, r, mx, false);
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
	if (n > DNSAUTH_SPF_MX_NAMES) {
		refuse(w, "'%s' in the SPF record of %s: %.*s has %zu MX hosts (permerror over %u)",
		       t->text, r->domain, (int)dnsauth_dname_len(name), name, n,
		       DNSAUTH_SPF_MX_NAMES);
		if (!noted(w, "mx", name))
			finding(w, DNSAUTH_R_SPF_MX_TOO_MANY_NAMES, DNSAUTH_SEV_NONE,
				r->domain, r->text, t->column,
				"'%s': %.*s has %zu MX hosts; receivers look up at most %u for one mx term and then return permerror (RFC 7208 §4.6.4)",
				t->text, (int)dnsauth_dname_len(name), name, n,
				DNSAUTH_SPF_MX_NAMES);
	}
	for (i = 0; i < n && i < DNSAUTH_SPF_MX_NAMES && !w->oom; i++) {
		const ldns_rdf *host = ldns_rr_mx_exchange(ldns_rr_list_rr(mx->rrs, i));
		char *s;

		if (!host || ldns_dname_label_count(host) == 0)
			continue; /* null MX (RFC 7505): no host to look up */
		s = dnsauth_dname_rdf_str(host);
		if (!s) {
			w->oom = 1;
			return;
		}
		check_addresses(w, r, t, s, name);
		free(s);
	}
}

/* ------------------------------------------------------------------ */
/* include and redirect                                                 */

static void target_invalid(struct walk *w, const struct rec *r,
			   const struct dnsauth_spf_term *t, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void target_invalid(struct walk *w, const struct rec *r,
			   const struct dnsauth_spf_term *t, const char *fmt, ...)
{
	char *why = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&why, fmt, ap);
	va_end(ap);
	if (n < 0) {
		w->oom = 1;
		return;
	}
	refuse(w, "'%s': %s (permerror)", t->text, why);
	if (!noted(w, "invalid", t->domain))
		finding(w, DNSAUTH_R_SPF_TARGET_INVALID, DNSAUTH_SEV_NONE, r->domain,
			r->text, t->column,
			"'%s': %s, so the whole SPF check is a permerror (RFC 7208 %s)",
			t->text, why, t->kind == DNSAUTH_SPF_REDIRECT ? "§6.1" : "§5.2");
	free(why);
}

/* Index of the first record on the path published at \p target, or
 * depth + 1 when there is none (no cycle). */
static unsigned cycle_start(const struct walk *w, const struct rec *r, const char *target)
{
	unsigned i;

	for (i = 0; i <= r->depth; i++)
		if (same_name(w->path[i], target))
			return i;
	return r->depth + 1;
}

/* Note a cycle: the target is already being expanded above. */
static void note_loop(struct walk *w, const struct rec *r, const char *target)
{
	struct dnsauth_buf b;
	unsigned i, first = cycle_start(w, r, target);

	if (first > r->depth)
		return;
	refuse(w, "the SPF records loop (%s includes %s again)", r->domain, target);
	if (w->x->loop)
		return;
	/* at most DNSAUTH_SPF_EXPAND_MAX_DEPTH + 2 names of at most 253
	 * octets (the targets are valid names) */
	dnsauth_buf_init(&b, (DNSAUTH_SPF_EXPAND_MAX_DEPTH + 2) * 260u + strlen(w->path[0]));
	for (i = first; i <= r->depth; i++)
		dnsauth_buf_printf(&b, "%.*s -> ", (int)dnsauth_dname_len(w->path[i]),
				   w->path[i]);
	dnsauth_buf_printf(&b, "%.*s", (int)dnsauth_dname_len(target), target);
	w->x->loop = dnsauth_buf_steal(&b);
	if (!w->x->loop)
		w->oom = 1;
}


static void add_record(struct walk *w, const char *name, const char *text)
{
	struct dnsauth_spf_expansion *x = w->x;
	struct dnsauth_spf_expand_record *v;

	if (x->nrecords == w->records_cap) {
		size_t cap = w->records_cap ? w->records_cap * 2 : 8;

		v = realloc(x->records, cap * sizeof(*v));
		if (!v) {
			w->oom = 1;
			return;
		}
		x->records = v;
		w->records_cap = cap;
	}
	v = &x->records[x->nrecords];
	v->name = strdup(name);
	v->text = strdup(text);
	if (!v->name || !v->text) {
		free(v->name);
		free(v->text);
		w->oom = 1;
		return;
	}
	x->nrecords++;
}

/* Evaluate one SPF value found at a target. Returns whether it
 * authorizes some host. */
static bool expand_value(struct walk *w, const struct rec *r,
			 const struct dnsauth_spf_term *t, const char *text, size_t len)
{
	struct dnsauth_findings tmp;
	struct dnsauth_spf *spf = NULL;
	struct rec sub;
	bool auth = false;
	size_t i;
	int rc;

	dnsauth_findings_init(&tmp);
	rc = dnsauth_spf_parse(text, len, t->domain, &spf, &tmp);
	if (rc == DNSAUTH_ENOMEM) {
		w->oom = 1;
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
		add_record(w, t->domain, text);
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
static bool expand_target(struct walk *w, const struct rec *r,
			  const struct dnsauth_spf_term *t)
{
	const struct dnsauth_dns_answer *ans;
	const char *target = t->domain, *why = NULL;
	size_t i, nspf = 0, idx = 0;

	if (!target)
		return false;
	if (has_macro(target)) {
		inexact(w);
		refuse(w, "'%s' depends on the sender (macros)", t->text);
		if (!noted(w, "macro", target))
			finding(w, DNSAUTH_R_SPF_TARGET_INVALID, DNSAUTH_SEV_INFO,
				r->domain, r->text, t->column,
				"'%s' is not expanded: its target depends on the sender (macros); counted as 1 lookup, the lookups under it are not",
				t->text);
		return false;
	}
	if (!dnsauth_dname_valid(target, strlen(target), true, &why, NULL)) {
		target_invalid(w, r, t, "%s is not a valid domain name (%s)", target, why);
		return false;
	}
	if (!may_query(w, r->depth + 1)) {
		inexact(w);
		refuse(w, "'%s' in the SPF record of %s is not expanded: more than %u lookups or %u records deep",
		       t->text, r->domain, w->cap, DNSAUTH_SPF_EXPAND_MAX_DEPTH);
		return false;
	}
	ans = get(w, target, LDNS_RR_TYPE_TXT);
	if (!ans)
		return false;
	switch (ans->status) {
	case DNSAUTH_DNS_OUTSIDE:
		inexact(w);
		outside(w, r, ans, true);
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
		inexact(w);
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

/* What a term inside an included record means for flattening: its pass
 * ranges, or why there is no fixed set of pass ranges. */
static void check_flattenable(struct walk *w, const struct rec *r,
			      const struct dnsauth_spf_term *t)
{
	bool pass = t->qualifier == DNSAUTH_SPF_PASS;

	if (!w->collect)
		return;
	switch (t->kind) {
	case DNSAUTH_SPF_ALL:
		/* the include matches only on pass: -all, ~all, ?all are all
		 * "no match" for the includer */
		if (pass)
			refuse(w, "'%s' in the SPF record of %s lets every host pass",
			       t->text, r->domain);
		return;
	case DNSAUTH_SPF_IP4:
	case DNSAUTH_SPF_IP6:
		if (pass) {
			add_net(w, t->kind == DNSAUTH_SPF_IP4 ? 4 : 6, t->addr,
				t->kind == DNSAUTH_SPF_IP4 ? t->cidr4 : t->cidr6);
			return;
		}
		break;
	case DNSAUTH_SPF_INCLUDE:
	case DNSAUTH_SPF_A:
	case DNSAUTH_SPF_MX:
		if (pass)
			return;
		break;
	case DNSAUTH_SPF_PTR:
		refuse(w, "'%s' in the SPF record of %s depends on the connecting host's reverse DNS (ptr)",
		       t->text, r->domain);
		return;
	case DNSAUTH_SPF_EXISTS:
		refuse(w, "'%s' in the SPF record of %s depends on the connecting host (exists)",
		       t->text, r->domain);
		return;
	default:
		return;
	}
	refuse(w, "'%s' in the SPF record of %s has a qualifier other than pass, which pass ranges cannot express",
	       t->text, r->domain);
}

/* Evaluate one mechanism or the redirect. Returns whether it authorizes
 * some host: a mechanism with the pass qualifier ("+all" included), or a
 * redirect whose target record does. */
static bool eval_term(struct walk *w, const struct rec *r, const struct dnsauth_spf_term *t)
{
	const char *name = t->domain ? t->domain : r->domain;
	bool pass = t->qualifier == DNSAUTH_SPF_PASS;

	if (r->depth > 0)
		check_flattenable(w, r, t);
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
		if (has_macro(name)) {
			refuse(w, "'%s' in the SPF record of %s depends on the sender (macros)",
			       t->text, r->domain);
			return pass;
		}
		if (!dnsauth_dname_valid(name, strlen(name), true, NULL, NULL)) {
			refuse(w, "'%s' in the SPF record of %s: %s is not a valid host name",
			       t->text, r->domain, name);
			return pass;
		}
		if (!may_query(w, r->depth)) {
			refuse(w, "'%s' in the SPF record of %s is not resolved: more than %u lookups or %u records deep",
			       t->text, r->domain, w->cap, DNSAUTH_SPF_EXPAND_MAX_DEPTH);
			return pass;
		}
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

/* Append a top-level term, its cost and its networks to the result. */
static void push_term(struct walk *w, const struct rec *r, const struct dnsauth_spf_term *t,
		      unsigned lookups, unsigned voids)
{
	struct dnsauth_spf_expansion *x = w->x;
	struct dnsauth_spf_expand_term *v;

	if (x->nterms == w->terms_cap) {
		size_t cap = w->terms_cap ? w->terms_cap * 2 : 16;

		v = realloc(x->terms, cap * sizeof(*v));
		if (!v) {
			w->oom = 1;
			return;
		}
		x->terms = v;
		w->terms_cap = cap;
	}
	v = &x->terms[x->nterms];
	memset(v, 0, sizeof(*v));
	v->text = strdup(t->text);
	if (!v->text) {
		w->oom = 1;
		return;
	}
	v->index = (size_t)(t - r->spf->terms);
	v->lookups = lookups;
	v->voids = voids;
	v->exact = !w->term_inexact;
	if (w->collect) {
		v->flattenable = !w->refusal && !w->term_inexact;
		v->refusal = w->refusal;
		w->refusal = NULL;
		dnsauth_spf_nets_normalize(w->nets, &w->nnets);
		v->nets = w->nets;
		v->nnets = w->nnets;
		w->nets = NULL;
		w->nnets = w->nets_cap = 0;
	}
	x->nterms++;
}

/* The networks being collected are dropped (not moved to a term). */
static void collect_reset(struct walk *w)
{
	free(w->refusal);
	free(w->nets);
	w->refusal = NULL;
	w->nets = NULL;
	w->nnets = w->nets_cap = 0;
	w->collect = false;
}

/* One term, with its cost attributed when it is a top-level one. */
static bool eval_attributed(struct walk *w, const struct rec *r,
			    const struct dnsauth_spf_term *t)
{
	unsigned lookups = w->x->lookups, voids = w->x->voids;
	bool auth;

	if (r->depth == 0) {
		w->top_term = t->text;
		w->term_start = lookups;
		w->term_inexact = false;
		collect_reset(w);
		w->collect = w->o->networks && t->kind == DNSAUTH_SPF_INCLUDE;
		if (t->qualifier != DNSAUTH_SPF_PASS)
			refuse(w, "'%s' has a qualifier other than pass", t->text);
	}
	auth = eval_term(w, r, t);
	if (r->depth == 0) {
		if (w->x->lookups > lookups)
			push_term(w, r, t, w->x->lookups - lookups, w->x->voids - voids);
		collect_reset(w);
	}
	return auth;
}

/* Evaluate a record as receivers do when nothing matches: mechanisms up
 * to the first "all", then redirect when there is no "all". */
static bool eval_record(struct walk *w, const struct rec *r)
{
	const struct dnsauth_spf *spf = r->spf;
	const struct dnsauth_spf_term *redirect = NULL;
	bool all = false, auth = false;
	size_t i;

	for (i = 0; i < spf->nterms && !w->oom; i++) {
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
	if (redirect && !all && !w->oom && eval_attributed(w, r, redirect))
		auth = true;
	return auth;
}

static void walk_clear(struct walk *w)
{
	size_t i;

	for (i = 0; i < w->nnoted; i++)
		free(w->noted[i]);
	w->nnoted = 0;
	collect_reset(w);
	dnsauth_buf_free(&w->void_list);
}

/* ------------------------------------------------------------------ */
/* public functions                                                     */

void dnsauth_spf_expansion_free(struct dnsauth_spf_expansion *x)
{
	size_t i;

	if (!x)
		return;
	for (i = 0; i < x->nterms; i++) {
		free(x->terms[i].text);
		free(x->terms[i].refusal);
		free(x->terms[i].nets);
	}
	free(x->terms);
	for (i = 0; i < x->nrecords; i++) {
		free(x->records[i].name);
		free(x->records[i].text);
	}
	free(x->records);
	free(x->loop);
	free(x->limit_at);
	free(x->void_at);
	free(x->void_list);
	free(x);
}

int dnsauth_spf_expand(const struct dnsauth_spf *spf, const char *text,
		       const char *domain, const struct dnsauth_spf_expand_opts *o,
		       struct dnsauth_findings *fl, struct dnsauth_spf_expansion **out)
{
	struct dnsauth_spf_expansion *x;
	struct walk w;
	struct rec r;

	*out = NULL;
	if (!o || !o->get)
		return DNSAUTH_EINVAL;
	x = calloc(1, sizeof(*x));
	if (!x)
		return DNSAUTH_ENOMEM;
	x->exact = true;
	x->complete = true;
	memset(&w, 0, sizeof(w));
	w.o = o;
	w.fl = fl;
	w.x = x;
	w.cap = o->cap ? o->cap : DNSAUTH_SPF_EXPAND_CAP;
	dnsauth_buf_init(&w.void_list, MSG_MAX);
	dnsauth_buf_puts(&w.void_list, "");
	w.path[0] = domain;
	noted(&w, "record", domain); /* the caller has it */
	r.spf = spf;
	r.text = text;
	r.domain = domain;
	r.depth = 0;
	x->authorizes = eval_record(&w, &r);
	x->void_list = dnsauth_buf_steal(&w.void_list);
	if (!x->void_list)
		w.oom = 1;
	walk_clear(&w);
	if (w.oom) {
		dnsauth_spf_expansion_free(x);
		return DNSAUTH_ENOMEM;
	}
	*out = x;
	return 0;
}

/* ------------------------------------------------------------------ */
/* the findings of the count                                            */

static int cmp_cost(const void *pa, const void *pb)
{
	const struct dnsauth_spf_expand_term *a = *(const struct dnsauth_spf_expand_term *const *)pa;
	const struct dnsauth_spf_expand_term *b = *(const struct dnsauth_spf_expand_term *const *)pb;

	if (a->lookups != b->lookups)
		return a->lookups > b->lookups ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* "; costliest: include:x costs 5 lookups, a costs 1 lookup" for the
 * costliest top-level terms; caller frees (NULL when out of memory). */
static char *costliest(const struct dnsauth_spf_expansion *x)
{
	const struct dnsauth_spf_expand_term **v;
	struct dnsauth_buf b;
	size_t i;

	dnsauth_buf_init(&b, MSG_MAX);
	dnsauth_buf_puts(&b, "");
	if (x->nterms == 0)
		return dnsauth_buf_steal(&b);
	v = malloc(x->nterms * sizeof(*v));
	if (!v) {
		dnsauth_buf_free(&b);
		return NULL;
	}
	for (i = 0; i < x->nterms; i++)
		v[i] = &x->terms[i];
	qsort(v, x->nterms, sizeof(*v), cmp_cost);
	dnsauth_buf_puts(&b, "; costliest: ");
	for (i = 0; i < x->nterms && i < COSTLIEST; i++)
		dnsauth_buf_printf(&b, "%s%.200s costs %u lookup%s", i ? ", " : "",
				   v[i]->text, v[i]->lookups, v[i]->lookups == 1 ? "" : "s");
	free(v);
	return dnsauth_buf_steal(&b);
}

int dnsauth_spf_expand_report(const struct dnsauth_spf_expansion *x,
			      const char *domain, const char *text,
			      struct dnsauth_findings *fl)
{
	const char *atleast = x->lower_bound ? "at least " : "";
	char *costs;
	int rc = 0;

	if (x->lookups <= DNSAUTH_SPF_LOOKUP_LIMIT - 2 && !x->loop &&
	    x->voids <= DNSAUTH_SPF_VOID_LIMIT)
		return 0;
	costs = costliest(x);
	if (!costs)
		return DNSAUTH_ENOMEM;
	if (x->lookups > DNSAUTH_SPF_LOOKUP_LIMIT || x->loop)
		rc = dnsauth_findings_add(fl, DNSAUTH_R_SPF_TOO_MANY_LOOKUPS, DNSAUTH_SEV_ERROR,
					  domain, text, 0,
					  "%s%u DNS-querying terms, counted recursively as receivers count them (limit %u, RFC 7208 §4.6.4): receivers return permerror at the %uth%s%s%s%s%s",
					  atleast, x->lookups, DNSAUTH_SPF_LOOKUP_LIMIT,
					  DNSAUTH_SPF_LOOKUP_LIMIT + 1, x->limit_at ? ", " : "",
					  x->limit_at ? x->limit_at : "", costs,
					  x->loop ? "; include/redirect loop: " : "",
					  x->loop ? x->loop : "");
	else if (x->lookups >= DNSAUTH_SPF_LOOKUP_LIMIT - 1)
		rc = dnsauth_findings_add(fl, DNSAUTH_R_SPF_TOO_MANY_LOOKUPS, DNSAUTH_SEV_WARNING,
					  domain, text, 0,
					  "%s%u of the %u DNS-querying terms allowed (RFC 7208 §4.6.4): one more lookup here or in an included record makes SPF fail with permerror%s",
					  atleast, x->lookups, DNSAUTH_SPF_LOOKUP_LIMIT, costs);
	if (!rc && x->voids > DNSAUTH_SPF_VOID_LIMIT)
		rc = dnsauth_findings_add(fl, DNSAUTH_R_SPF_VOID_LOOKUPS, DNSAUTH_SEV_NONE,
					  domain, text, 0,
					  "%u void lookups (no records or NXDOMAIN; limit %u, RFC 7208 §4.6.4): %s%s; receivers that enforce the limit return permerror at the third%s%s",
					  x->voids, DNSAUTH_SPF_VOID_LIMIT,
					  x->void_list ? x->void_list : "",
					  x->voids > x->void_shown ? ", ..." : "",
					  x->void_at ? ", " : "", x->void_at ? x->void_at : "");
	free(costs);
	return rc;
}

/* ------------------------------------------------------------------ */
/* on its own: level by level through a resolver                         */

struct resolve_ctx {
	struct dnsauth_dns *dns;
	struct dnsauth_dns_q *missing;
	char **names;
	size_t n, cap;
	int oom;
};

/* The cached answer, or NULL after noting the question as missing. */
static const struct dnsauth_dns_answer *resolve_get(void *ctx, const char *name,
						    uint16_t type)
{
	struct resolve_ctx *c = ctx;
	const struct dnsauth_dns_answer *a = dnsauth_dns_cached(c->dns, name, type);
	size_t i;

	if (a)
		return a;
	for (i = 0; i < c->n; i++)
		if (c->missing[i].type == type && strcasecmp(c->names[i], name) == 0)
			return NULL;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		struct dnsauth_dns_q *q;
		char **v;

		q = realloc(c->missing, cap * sizeof(*q));
		if (!q) {
			c->oom = 1;
			return NULL;
		}
		c->missing = q;
		v = realloc(c->names, cap * sizeof(*v));
		if (!v) {
			c->oom = 1;
			return NULL;
		}
		c->names = v;
		c->cap = cap;
	}
	c->names[c->n] = strdup(name);
	if (!c->names[c->n]) {
		c->oom = 1;
		return NULL;
	}
	c->missing[c->n].name = c->names[c->n];
	c->missing[c->n].type = type;
	c->n++;
	return NULL;
}

static void resolve_clear(struct resolve_ctx *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->names[i]);
	c->n = 0;
}

/* Append copies of the findings of \p from to \p to. */
static int findings_append(struct dnsauth_findings *to, const struct dnsauth_findings *from)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < from->n && !rc; i++) {
		const struct dnsauth_finding *f = &from->v[i];

		rc = dnsauth_findings_add(to, f->rule, f->severity, f->name, f->record,
					  f->column, "%s", f->message);
	}
	return rc;
}

int dnsauth_spf_expand_resolve(struct dnsauth_dns *dns, const struct dnsauth_spf *spf,
			       const char *text, const char *domain,
			       const struct dnsauth_spf_expand_opts *o,
			       struct dnsauth_findings *fl,
			       struct dnsauth_spf_expansion **out)
{
	static const struct dnsauth_spf_expand_opts defaults;
	struct dnsauth_spf_expand_opts run = o ? *o : defaults;
	struct dnsauth_spf_expansion *x = NULL;
	struct dnsauth_findings tmp;
	struct resolve_ctx c;
	unsigned pass;
	int rc = 0;

	*out = NULL;
	memset(&c, 0, sizeof(c));
	c.dns = dns;
	run.get = resolve_get;
	run.ctx = &c;
	dnsauth_findings_init(&tmp);
	for (pass = 1; pass <= DNSAUTH_SPF_EXPAND_MAX_PASSES; pass++) {
		dnsauth_spf_expansion_free(x);
		x = NULL;
		dnsauth_findings_clear(&tmp);
		resolve_clear(&c);
		rc = dnsauth_spf_expand(spf, text, domain, &run, &tmp, &x);
		if (!rc && c.oom)
			rc = DNSAUTH_ENOMEM;
		if (rc)
			goto cleanup;
		x->passes = pass;
		if (c.n == 0 || pass == DNSAUTH_SPF_EXPAND_MAX_PASSES)
			break;
		rc = dnsauth_dns_prefetch(dns, c.missing, c.n);
		if (rc)
			goto cleanup;
	}
	if (fl)
		rc = findings_append(fl, &tmp);
	if (rc)
		goto cleanup;
	*out = x;
	x = NULL;
cleanup:
	dnsauth_spf_expansion_free(x);
	dnsauth_findings_clear(&tmp);
	resolve_clear(&c);
	free(c.missing);
	free(c.names);
	return rc;
}
