/* SPDX-License-Identifier: MIT */
/*
 * spf_flatten.c - an SPF description's record counted through DNS and
 * flattened (see spf_flatten.h): the includes to flatten chosen, the
 * networks packed into the record at the domain or into chained records,
 * and the findings of every record to publish, with the lookup budget
 * counted after flattening. Used by spfgen --resolve and --flatten.
 *
 * Choices:
 * - The description's record is printed and parsed again, so that the
 *   expansion, the findings and the records built all refer to the text
 *   that is published; dmap maps the description's terms (senders) to
 *   the printed ones (mechanisms first, then modifiers).
 * - auto flattens the costliest includes first (in record order among
 *   equal costs), rebuilding the records after each, until the total
 *   fits; the chained records count one lookup each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "dname.h"
#include "error.h"
#include "rules.h"
#include "spf_flatten.h"

#define RECORD_MAX DNSAUTH_SPF_FLATTEN_RECORD_MAX
#define MAX_CHAIN DNSAUTH_SPF_FLATTEN_MAX_CHAIN
#define NET_TEXT_MAX 64u     /* "ip6:" + an IPv6 address + "/128" fits */

static void plan_clear(struct dnsauth_spf_flatten *r)
{
	size_t i;

	for (i = 0; i < r->nchain; i++) {
		free(r->chain[i]);
		free(r->chain_name[i]);
	}
	r->nchain = 0;
	free(r->nets);
	r->nets = NULL;
	r->nnets = 0;
	free(r->main);
	r->main = NULL;
}

void dnsauth_spf_flatten_init(struct dnsauth_spf_flatten *r)
{
	memset(r, 0, sizeof(*r));
	dnsauth_findings_init(&r->xfl);
}

void dnsauth_spf_flatten_clear(struct dnsauth_spf_flatten *r)
{
	plan_clear(r);
	free(r->value);
	dnsauth_spf_free(r->spf);
	dnsauth_spf_expansion_free(r->x);
	dnsauth_findings_clear(&r->xfl);
	free(r->dmap);
	free(r->xmap);
	free(r->flat);
	free(r->refused);
	dnsauth_spf_flatten_init(r);
}

int dnsauth_spf_flatten_resolve(struct dnsauth_spf_flatten *r, struct dnsauth_dns *dns,
				const struct dnsauth_spf_desc *d,
				enum dnsauth_spf_flatten_mode mode)
{
	struct dnsauth_spf_expand_opts xo;
	struct dnsauth_buf b;
	size_t i, pos = 0, n = d->spf->nterms;
	int pass, rc;

	r->d = d;
	r->mode = mode;
	dnsauth_buf_init(&b, 0);
	rc = dnsauth_spf_print(d->spf, &b);
	r->value = dnsauth_buf_steal(&b);
	if (rc || !r->value)
		return DNSAUTH_ENOMEM;
	rc = dnsauth_spf_parse(r->value, strlen(r->value), d->domain, &r->spf, NULL);
	if (rc == DNSAUTH_ENOMEM)
		return rc;
	if (!r->spf || r->spf->nterms != n)
		return DNSAUTH_EPARSE;
	r->dmap = calloc(n ? n : 1, sizeof(*r->dmap));
	r->xmap = calloc(n ? n : 1, sizeof(*r->xmap));
	if (!r->dmap || !r->xmap)
		return DNSAUTH_ENOMEM;
	/* dnsauth_spf_print writes the mechanisms first, then the modifiers */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++) {
			enum dnsauth_spf_kind k = d->spf->terms[i].kind;
			bool mod = k == DNSAUTH_SPF_REDIRECT || k == DNSAUTH_SPF_EXP ||
				   k == DNSAUTH_SPF_UNKNOWN_MOD;

			if (mod == (pass == 1))
				r->dmap[i] = pos++;
		}
	}
	memset(&xo, 0, sizeof(xo));
	xo.cap_per_term = true;
	xo.networks = mode != DNSAUTH_SPF_FLATTEN_NONE;
	rc = dnsauth_spf_expand_resolve(dns, r->spf, r->value, d->domain, &xo, &r->xfl, &r->x);
	if (rc)
		return rc;
	for (i = 0; i < n; i++)
		r->xmap[i] = -1;
	for (i = 0; i < r->x->nterms; i++)
		if (r->x->terms[i].index < n)
			r->xmap[r->x->terms[i].index] = (long)i;
	r->flat = calloc(r->x->nterms ? r->x->nterms : 1, sizeof(*r->flat));
	r->refused = calloc(r->x->nterms ? r->x->nterms : 1, sizeof(*r->refused));
	if (!r->flat || !r->refused)
		return DNSAUTH_ENOMEM;
	return 0;
}

/* The expansion entry of term \p k of the description's record, or NULL
 * when it costs nothing. */
static const struct dnsauth_spf_expand_term *dterm(const struct dnsauth_spf_flatten *r,
						    size_t k)
{
	long xi = r->xmap[r->dmap[k]];

	return xi < 0 ? NULL : &r->x->terms[xi];
}

bool dnsauth_spf_flatten_term_flat(const struct dnsauth_spf_flatten *r, size_t k)
{
	long xi = r->xmap[r->dmap[k]];

	return xi >= 0 && r->flat[xi];
}

/* A sender's real cost: before flattening, or after (flattened terms
 * cost nothing). */
unsigned dnsauth_spf_flatten_sender_cost(const struct dnsauth_spf_flatten *r,
					 const struct dnsauth_spf_sender *s,
					 bool after, bool *exact)
{
	unsigned n = 0;
	size_t k;

	if (exact)
		*exact = true;
	for (k = s->first_term; k < s->first_term + s->nterms; k++) {
		const struct dnsauth_spf_expand_term *t = dterm(r, k);

		if (!t || (after && dnsauth_spf_flatten_term_flat(r, k)))
			continue;
		n += t->lookups;
		if (exact && !t->exact)
			*exact = false;
	}
	return n;
}

static bool is_include(const struct dnsauth_spf_flatten *r, size_t xi)
{
	return r->spf->terms[r->x->terms[xi].index].kind == DNSAUTH_SPF_INCLUDE;
}

/* The record at the domain: the description's record with the flattened
 * includes taken out; the networks (inline) or \p include go where the
 * first of them was. Caller frees. */
static char *build_main(const struct dnsauth_spf_flatten *r, bool inline_nets,
			const char *include)
{
	struct dnsauth_buf b;
	bool placed = false;
	size_t i, k;

	/* inline, the networks may make it long: plan() checks the length */
	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, "v=spf1");
	for (i = 0; i < r->spf->nterms; i++) {
		long xi = r->xmap[i];

		if (xi >= 0 && r->flat[xi]) {
			if (placed)
				continue;
			placed = true;
			for (k = 0; inline_nets && k < r->nnets; k++) {
				dnsauth_buf_putc(&b, ' ');
				dnsauth_spf_net_print(&r->nets[k], &b);
			}
			if (include)
				dnsauth_buf_printf(&b, " %s", include);
			continue;
		}
		dnsauth_buf_printf(&b, " %s", r->spf->terms[i].text);
	}
	return dnsauth_buf_steal(&b);
}

/* Pack the networks into chained records of at most RECORD_MAX octets:
 * "v=spf1 NETS include:_spfN+1.DOMAIN -all", the last without the
 * include. */
static int pack_chain(struct dnsauth_spf_flatten *r)
{
	const char *domain = r->d->domain;
	size_t i = 0, j, rest;

	while (i < r->nnets) {
		struct dnsauth_buf b, nb;
		char *next = NULL;
		size_t limit;

		if (r->nchain == MAX_CHAIN)
			return DNSAUTH_ELIMIT;
		if (asprintf(&r->chain_name[r->nchain], "_spf%zu.%s", r->nchain + 1, domain) < 0)
			return DNSAUTH_ENOMEM;
		r->chain[r->nchain] = NULL;
		r->nchain++;
		if (asprintf(&next, "_spf%zu.%s", r->nchain + 1, domain) < 0)
			return DNSAUTH_ENOMEM;
		if (!dnsauth_dname_valid(next, strlen(next), true, NULL, NULL)) {
			free(next);
			return DNSAUTH_EINVAL;
		}
		/* the rest fits in this record: it is the last */
		rest = strlen("v=spf1") + strlen(" -all");
		for (j = i; j < r->nnets; j++) {
			dnsauth_buf_init(&nb, NET_TEXT_MAX);
			dnsauth_spf_net_print(&r->nets[j], &nb);
			rest += 1 + nb.len;
			dnsauth_buf_free(&nb);
		}
		limit = RECORD_MAX - strlen(" -all");
		if (rest > RECORD_MAX)
			limit -= strlen(" include:") + strlen(next);
		dnsauth_buf_init(&b, DNSAUTH_SPF_MAX_LEN);
		dnsauth_buf_puts(&b, "v=spf1");
		for (; i < r->nnets; i++) {
			dnsauth_buf_init(&nb, NET_TEXT_MAX);
			dnsauth_spf_net_print(&r->nets[i], &nb);
			if (b.len + 1 + nb.len > limit) {
				dnsauth_buf_free(&nb);
				break;
			}
			dnsauth_buf_printf(&b, " %s", dnsauth_buf_str(&nb));
			dnsauth_buf_free(&nb);
		}
		if (i < r->nnets)
			dnsauth_buf_printf(&b, " include:%s", next);
		dnsauth_buf_puts(&b, " -all");
		free(next);
		r->chain[r->nchain - 1] = dnsauth_buf_steal(&b);
		if (!r->chain[r->nchain - 1])
			return DNSAUTH_ENOMEM;
	}
	return 0;
}

/* Build the records for the flattened set r->flat: the networks, the
 * record at the domain, the chain, and the counts after flattening. */
static int plan(struct dnsauth_spf_flatten *r)
{
	const struct dnsauth_spf_expansion *x = r->x;
	char *include = NULL;
	size_t i, n = 0;
	int rc;

	plan_clear(r);
	r->nflat = 0;
	r->total = x->lookups;
	r->voids = x->voids;
	for (i = 0; i < x->nterms; i++) {
		if (!r->flat[i])
			continue;
		r->nflat++;
		r->total -= x->terms[i].lookups;
		r->voids -= x->terms[i].voids;
		n += x->terms[i].nnets;
	}
	if (r->nflat == 0) {
		r->main = strdup(r->value);
		return r->main ? 0 : DNSAUTH_ENOMEM;
	}
	r->nets = calloc(n ? n : 1, sizeof(*r->nets));
	if (!r->nets)
		return DNSAUTH_ENOMEM;
	for (i = 0; i < x->nterms; i++) {
		if (!r->flat[i] || !x->terms[i].nnets)
			continue;
		memcpy(r->nets + r->nnets, x->terms[i].nets,
		       x->terms[i].nnets * sizeof(*r->nets));
		r->nnets += x->terms[i].nnets;
	}
	dnsauth_spf_nets_normalize(r->nets, &r->nnets);
	r->main = build_main(r, true, NULL);
	if (!r->main)
		return DNSAUTH_ENOMEM;
	if (strlen(r->main) <= RECORD_MAX || r->nnets == 0)
		return 0;
	free(r->main);
	r->main = NULL;
	rc = pack_chain(r);
	if (rc)
		return rc;
	if (asprintf(&include, "include:%s", r->chain_name[0]) < 0)
		return DNSAUTH_ENOMEM;
	r->main = build_main(r, false, include);
	free(include);
	if (!r->main)
		return DNSAUTH_ENOMEM;
	r->total += (unsigned)r->nchain;
	return 0;
}

/* Include entries in flattening order: costliest first, then in order. */
static int flat_order_cmp(const void *pa, const void *pb, void *arg)
{
	const struct dnsauth_spf_expansion *x = arg;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;

	if (x->terms[a].lookups != x->terms[b].lookups)
		return x->terms[a].lookups > x->terms[b].lookups ? -1 : 1;
	return a < b ? -1 : 1;
}

/* Decide what to flatten (all flattenable includes, or with auto the
 * costliest until the record fits the budget) and build the records. */
int dnsauth_spf_flatten_choose(struct dnsauth_spf_flatten *r)
{
	const struct dnsauth_spf_expansion *x = r->x;
	size_t *order = NULL, i, n = 0;
	int rc;

	if (r->mode == DNSAUTH_SPF_FLATTEN_ALWAYS) {
		for (i = 0; i < x->nterms; i++) {
			if (!is_include(r, i))
				continue;
			if (x->terms[i].flattenable)
				r->flat[i] = true;
			else
				r->refused[i] = true;
		}
		return plan(r);
	}
	rc = plan(r);
	if (rc || r->mode == DNSAUTH_SPF_FLATTEN_NONE || r->total <= DNSAUTH_SPF_LOOKUP_LIMIT)
		return rc;
	order = calloc(x->nterms ? x->nterms : 1, sizeof(*order));
	if (!order)
		return DNSAUTH_ENOMEM;
	for (i = 0; i < x->nterms; i++)
		if (is_include(r, i))
			order[n++] = i;
	qsort_r(order, n, sizeof(*order), flat_order_cmp, (void *)x);
	for (i = 0; i < n && !rc && r->total > DNSAUTH_SPF_LOOKUP_LIMIT; i++) {
		if (!x->terms[order[i]].flattenable) {
			r->refused[order[i]] = true;
			continue;
		}
		r->flat[order[i]] = true;
		rc = plan(r);
	}
	free(order);
	return rc;
}

/* A chained record's name that the record already uses for something
 * else, or NULL. */
const char *dnsauth_spf_flatten_collision(const struct dnsauth_spf_flatten *r)
{
	size_t i, k;

	for (k = 0; k < r->nchain; k++) {
		size_t len = strlen(r->chain_name[k]);

		for (i = 0; i < r->spf->nterms; i++) {
			const char *dom = r->spf->terms[i].domain;

			if (dom && dnsauth_dname_len(dom) == len &&
			    strncasecmp(dom, r->chain_name[k], len) == 0)
				return r->chain_name[k];
		}
		for (i = 0; i < r->x->nrecords; i++) {
			const char *dom = r->x->records[i].name;

			if (dnsauth_dname_len(dom) == len &&
			    strncasecmp(dom, r->chain_name[k], len) == 0)
				return r->chain_name[k];
		}
	}
	return NULL;
}

/* Parse and validate one record as verify and lint do. */
static int check_value(const char *value, const char *name, struct dnsauth_findings *fl)
{
	struct dnsauth_spf *spf = NULL;
	int rc;

	rc = dnsauth_spf_parse(value, strlen(value), name, &spf, fl);
	if (rc == DNSAUTH_ENOMEM || rc == DNSAUTH_ELIMIT)
		goto cleanup;
	rc = spf ? dnsauth_spf_validate(spf, value, strlen(value), name, fl) : 0;
cleanup:
	dnsauth_spf_free(spf);
	return rc;
}

/* "template heavy (7), include:x (3)": the costliest after flattening,
 * the chain included. */
static void costliest(const struct dnsauth_spf_flatten *r, struct dnsauth_buf *why)
{
	const struct dnsauth_spf_desc *d = r->d;
	size_t n = d->nsenders + 2, i, shown;
	unsigned *cost = calloc(n, sizeof(*cost));
	const char **label = calloc(n, sizeof(*label));
	char chain[64];

	if (!cost || !label) {
		why->err = DNSAUTH_ENOMEM;
		goto cleanup;
	}
	for (i = 0; i < d->nsenders; i++) {
		cost[i] = dnsauth_spf_flatten_sender_cost(r, &d->senders[i], true, NULL);
		label[i] = d->senders[i].label;
	}
	for (i = 0; i < r->spf->nterms; i++) {
		long xi = r->xmap[i];

		if (xi >= 0 && r->spf->terms[i].kind == DNSAUTH_SPF_REDIRECT) {
			cost[d->nsenders] = r->x->terms[xi].lookups;
			label[d->nsenders] = r->spf->terms[i].text;
		}
	}
	snprintf(chain, sizeof(chain), "the chained records");
	cost[d->nsenders + 1] = (unsigned)r->nchain;
	label[d->nsenders + 1] = chain;
	for (shown = 0; shown < 3; shown++) {
		size_t best = n;

		for (i = 0; i < n; i++)
			if (cost[i] && (best == n || cost[i] > cost[best]))
				best = i;
		if (best == n)
			break;
		dnsauth_buf_printf(why, "%s%s (%u)", shown ? ", " : "", label[best], cost[best]);
		cost[best] = 0;
	}
cleanup:
	free(cost);
	free(label);
}

/* spf-too-many-lookups and spf-void-lookups from the real count after
 * flattening. */
static int budget_findings(const struct dnsauth_spf_flatten *r,
			   struct dnsauth_findings *fl)
{
	const char *atleast = r->x->exact ? "" : "at least ";
	struct dnsauth_buf why, tail;
	size_t i, shown = 0;
	int rc = 0;

	dnsauth_buf_init(&why, 4096);
	dnsauth_buf_init(&tail, 4096);
	dnsauth_buf_puts(&tail, "");
	if (r->total > DNSAUTH_SPF_LOOKUP_LIMIT) {
		for (i = 0; i < r->x->nterms; i++) {
			if (!r->refused[i])
				continue;
			dnsauth_buf_printf(&tail, "%s%.200s (%.300s)",
					   shown++ ? ", " : "; not flattened: ",
					   r->x->terms[i].text, r->x->terms[i].refusal ?
					   r->x->terms[i].refusal : "not resolved");
		}
		if (r->x->loop)
			dnsauth_buf_printf(&tail, "; include/redirect loop: %s", r->x->loop);
		if (r->mode == DNSAUTH_SPF_FLATTEN_NONE)
			dnsauth_buf_puts(&tail, "; --flatten auto replaces includes by their ip4/ip6 networks");
	}
	if (r->total >= DNSAUTH_SPF_LOOKUP_LIMIT - 1) {
		costliest(r, &why);
		if (r->total > DNSAUTH_SPF_LOOKUP_LIMIT)
			rc = dnsauth_findings_add(fl, DNSAUTH_R_SPF_TOO_MANY_LOOKUPS,
						  DNSAUTH_SEV_ERROR, r->d->domain, r->main, 0,
						  "the record needs %s%u DNS lookups, counted through DNS as receivers count them, over the limit of 10 (receivers return permerror); most costly: %s%s",
						  atleast, r->total, dnsauth_buf_str(&why),
						  dnsauth_buf_str(&tail));
		else
			rc = dnsauth_findings_add(fl, DNSAUTH_R_SPF_TOO_MANY_LOOKUPS,
						  DNSAUTH_SEV_WARNING, r->d->domain, r->main, 0,
						  "the record needs %s%u of the 10 allowed DNS lookups, counted through DNS; one more provider change can break SPF; most costly: %s",
						  atleast, r->total, dnsauth_buf_str(&why));
	}
	if (!rc && r->voids > DNSAUTH_SPF_VOID_LIMIT) {
		dnsauth_buf_reset(&why);
		for (i = 0, shown = 0; i < r->x->nterms; i++)
			if (r->x->terms[i].voids && !r->flat[i])
				dnsauth_buf_printf(&why, "%s%.200s (%u)", shown++ ? ", " : "",
						   r->x->terms[i].text, r->x->terms[i].voids);
		rc = dnsauth_findings_add(fl, DNSAUTH_R_SPF_VOID_LOOKUPS, DNSAUTH_SEV_NONE,
					  r->d->domain, r->main, 0,
					  "%u void lookups (no records or NXDOMAIN), counted through DNS (limit %u, RFC 7208 §4.6.4): %s; receivers that enforce the limit return permerror",
					  r->voids, DNSAUTH_SPF_VOID_LIMIT, dnsauth_buf_str(&why));
	}
	if (!rc && (why.err || tail.err))
		rc = DNSAUTH_ENOMEM;
	dnsauth_buf_free(&why);
	dnsauth_buf_free(&tail);
	return rc;
}

/* The findings of every record printed, in order: the record at the
 * domain, the expansion, the chained records, the budget. */
int dnsauth_spf_flatten_check(const struct dnsauth_spf_flatten *r,
			      struct dnsauth_findings *fl)
{
	size_t i;
	int rc;

	rc = check_value(r->main, r->d->domain, fl);
	for (i = 0; !rc && i < r->xfl.n; i++) {
		const struct dnsauth_finding *f = &r->xfl.v[i];

		rc = dnsauth_findings_add(fl, f->rule, f->severity, f->name, f->record,
					  f->column, "%s", f->message);
	}
	for (i = 0; !rc && i < r->nchain; i++)
		rc = check_value(r->chain[i], r->chain_name[i], fl);
	if (!rc)
		rc = budget_findings(r, fl);
	return rc;
}
