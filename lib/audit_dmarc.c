/* SPDX-License-Identifier: MIT */
/*
 * audit_dmarc.c - the DMARC area of the audit engine: policy discovery
 * under RFC 9989 (tree walk) and RFC 7489 (PSL organizational domain),
 * the organizational domains of both, and the checks on the report
 * destinations of the policy found.
 *
 * The check is restartable (audit_int.h) and asks in two levels:
 *
 *   1. every name the discovery can need, known from the domain alone:
 *      the whole RFC 9989 tree walk (_dmarc.<domain>, then its parents,
 *      at most 8 names with the label-count rule, _dmarc.<TLD> included),
 *      _dmarc.<PSL organizational domain> for RFC 7489, the apex TXT
 *      (v=DMARC1 published at the wrong owner; NXDOMAIN: the domain does
 *      not exist, so np applies) and _dmarc.<domain>.<domain> (the name a
 *      zone file makes of "_dmarc.<domain>" written without its trailing
 *      dot; one more query in the same round trip, so cheap);
 *   2. for the policy record found, every rua/ruf host at once: MX, A and
 *      AAAA of mailto domains, <policy-domain>._report._dmarc.<host> and
 *      *._report._dmarc.<host> of external hosts, and, without a PSL, the
 *      tree walks that decide which hosts are external.
 *
 * So discovery costs one round trip however deep the walk is, and the
 * report checks one more.
 *
 * Choices (the report of the change explains them too):
 *
 * - Findings follow RFC 9989, the default standard: the policy record is
 *   parsed and validated as RFC 9989 (dnsauth_dmarc_parse/validate, with
 *   the PSL for psd=y). Where RFC 7489 receivers apply a different policy
 *   to the domain, one more finding says so (only with a PSL, which RFC
 *   7489 discovery needs): no record for them (dmarc-missing, warning),
 *   a record taken from another name (dmarc-orgdomain-divergence, info,
 *   unless the organizational domains already diverge), or sampling by
 *   pct (dmarc-removed-tag, info). Differences that the record's own
 *   findings already explain (t=y, np) are not repeated.
 * - A policy found only at an ancestor that is a public suffix (psd=y, or
 *   a public suffix in the PSL) is a PSD policy: the domain has no policy
 *   of its own, so dmarc-missing is reported, the PSD record gets no
 *   findings (it is not the domain owner's), its destinations are not
 *   checked and dmarc_enforced stays false.
 * - dmarc-missing is an error for sending domains and a warning for
 *   non-sending ones (opts->non_sending, as in the other areas: a parked
 *   domain should still publish p=reject).
 * - A record with a duplicate tag (valid false) is discarded like a
 *   missing one and the walk goes on; its parse findings say why.
 * - A failed lookup on the walk (SERVFAIL, REFUSED, TIMEOUT, ERROR) stops
 *   discovery there: dns-resolution-failure (error, G-DMARC-T) and no
 *   dmarc-missing. Failures of report-destination lookups only cost
 *   reports: dns-resolution-failure at warning. OUTSIDE (not in the zone
 *   data) is skipped silently: at _dmarc.<domain> the whole area is
 *   skipped, above it the name counts as having no record. The apex and
 *   _dmarc.<domain>.<domain> lookups are probes for misplaced records:
 *   their failures are left to the areas that own those names.
 * - dmarc-wrong-owner is a warning, not an error, when a valid record at
 *   _dmarc.<domain> applies anyway; a record at _dmarc.<domain>.<domain>
 *   identical to one at _dmarc.<domain> (a leftover, or a wildcard
 *   answering both names) is not reported. The probe assumes the domain
 *   is its zone's origin; for a subdomain written in its parent's zone
 *   the mistake lands at _dmarc.<sub>.<parent>, which is not probed.
 * - The effective policy for the domain (RFC 9989, t=y honoured) is p for
 *   its own record, else sp when the domain exists, np when it is
 *   NXDOMAIN. dmarc_enforced: that policy is quarantine or reject, t is
 *   not y and pct is absent or 100 (BIMI requires pct=100).
 * - dmarc-reject-spf-only: that policy is reject, no DKIM key was found,
 *   SPF authorizes some host (so SPF is the only aligned method) and the
 *   domain is not declared non-sending. With neither SPF nor DKIM the
 *   domain sends nothing that could pass: a parked domain with p=reject,
 *   no DKIM and SPF -all is the recommended setup, and a sending domain
 *   in that state gets its findings from the SPF and DKIM areas.
 * - External destinations: a host is external when its organizational
 *   domain differs from the policy domain's, by the PSL when given, else
 *   by the tree walk (a failed walk: not decided, not checked). An
 *   authorizing record whose rua names another host authorizes nothing
 *   (RFC 9990): also dmarc-external-rua-unauthorized.
 * - dmarc-rua-undeliverable: mailto domain NXDOMAIN, null MX, or no MX and
 *   neither A nor AAAA. An MX host's own addresses are not checked here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit_int.h"
#include "dmarc.h"
#include "dname.h"
#include "error.h"
#include "psl.h"

/** RFC 9989 §4.10: at most 8 names are queried on the tree walk. */
#define WALK_MAX 8u
/** A name of 8 or more labels is shortened to this many after the first. */
#define WALK_KEEP 7u
/** Longest domain name in presentation form, without the trailing dot. */
#define NAME_MAX_LEN 253u
/** At most this many distinct report hosts are checked. */
#define DEST_MAX (2u * DNSAUTH_DMARC_MAX_URIS)

#define STD DNSAUTH_DMARC_RFC9989

/** One name of a walk: _dmarc.<dom> and what it holds. */
struct level {
	char *owner;                          /* "_dmarc.<dom>"; NULL: too long */
	const char *dom;                      /* owner + 7 */
	const struct dnsauth_dns_answer *ans; /* NULL until fetched, or owner NULL */
	size_t ndmarc;                        /* TXT RRs that are DMARC records */
	size_t first;                         /* index of the first in ans->txt */
	const struct dnsauth_dmarc *d;        /* the single record, parsed without
	                                         findings (kept for the audit by
	                                         audit_memo_add()); NULL if
	                                         ndmarc != 1 */
};

/** The RFC 9989 tree walk from one name. */
struct walk {
	struct level v[WALK_MAX];
	size_t n;
};

/** How discovery ended. */
enum disc {
	DISC_NONE,    /* no record anywhere on the walk */
	DISC_FOUND,   /* a valid record at v[at] */
	DISC_FAILED,  /* a lookup failed at v[at] */
	DISC_OUTSIDE, /* v[at] is not in the zone data: at 0, the domain is
	                 not checked; above it, its policy is not known
	                 (level_unchecked()) */
};

/** One report destination host of the policy record. */
struct dest {
	const char *host;                       /* lower case, from the model */
	const struct dnsauth_dmarc_uri *uri;    /* first URI with this host */
	const struct dnsauth_dmarc_uri *mailto; /* first mailto URI, or NULL */
	char *auth;                             /* P._report._dmarc.H, NULL if too long */
	char *wild;                             /* *._report._dmarc.H */
	bool ask_auth;                          /* auth names were asked */
	const struct dnsauth_dns_answer *mx, *a, *aaaa, *ans_auth, *ans_wild;
	struct walk hw;                         /* the host's walk (no PSL) */
	int external;                           /* 1 yes, 0 no, -1 not decided */
};

/** The state of one run of the area. */
struct dmarc_run {
	struct walk w;               /* from c->domain */
	struct level l7489;          /* _dmarc.<PSL org domain>, if not the domain
	                                nor on the walk */
	struct level *p7489;         /* that level: l7489, or the walk's level of
	                                the org domain; NULL for the domain */
	const char *org_psl;         /* PSL org domain (into c->domain) or NULL */
	char *dup_owner;             /* _dmarc.<domain>.<domain>, NULL if too long */
	const struct dnsauth_dns_answer *apex, *dup;
	enum disc disc;
	size_t at;                   /* the level discovery ended at */
	const struct level *pol;     /* the policy record's level, or NULL */
	bool psd_only;               /* pol is a PSD policy of an ancestor */
	struct dnsauth_dmarc_effective e; /* of pol under RFC 9989 */
	enum dnsauth_dmarc_policy eff;    /* what RFC 9989 receivers apply */
	bool missing_reported;
	bool divergence_reported;
};

/* ------------------------------------------------------------------ */
/* names                                                                */

static size_t label_count(const char *d)
{
	size_t n = 1;

	for (; *d; d++)
		if (*d == '.')
			n++;
	return n;
}

/* The last k labels of d (a pointer into d; all of d if it has fewer). */
static const char *last_labels(const char *d, size_t k)
{
	size_t n = strlen(d), seen = 0;

	while (n > 0) {
		if (d[n - 1] == '.') {
			seen++;
			if (seen == k)
				return d + n;
		}
		n--;
	}
	return d;
}

/* The concatenation a b cc, new; NULL when longer than a domain name may
 * be, or when out of memory (then c->oom is set). */
static char *make_name(struct audit_ctx *c, const char *a, const char *b,
		       const char *cc)
{
	size_t la = strlen(a), lb = strlen(b), lc = strlen(cc);
	char *s;

	if (la + lb + lc > NAME_MAX_LEN)
		return NULL;
	s = malloc(la + lb + lc + 1);
	if (!s) {
		c->oom = 1;
		return NULL;
	}
	memcpy(s, a, la);
	memcpy(s + la, b, lb);
	memcpy(s + la + lb, cc, lc + 1);
	return s;
}

/* Whether a TXT value says v=DMARC1 in any case, after optional spaces
 * (for records at the wrong owner, where exact syntax does not matter). */
static bool mentions_dmarc1(const char *t, size_t n)
{
	size_t i = 0;

	while (i < n && (t[i] == ' ' || t[i] == '\t'))
		i++;
	if (i >= n || (t[i] != 'v' && t[i] != 'V'))
		return false;
	i++;
	while (i < n && (t[i] == ' ' || t[i] == '\t'))
		i++;
	if (i >= n || t[i] != '=')
		return false;
	i++;
	while (i < n && (t[i] == ' ' || t[i] == '\t'))
		i++;
	return n - i >= 6 && strncasecmp(t + i, "dmarc1", 6) == 0;
}

/* The column of tag \p name (of its value when \p value) in a parsed
 * record, 0 if absent. */
static unsigned tag_col(const struct dnsauth_dmarc *d, const char *name, bool value)
{
	size_t i;

	for (i = 0; d && i < d->ntags; i++)
		if (strcmp(d->tags[i].name, name) == 0)
			return value ? d->tags[i].value_column : d->tags[i].column;
	return 0;
}

static bool failed(const struct dnsauth_dns_answer *ans)
{
	return ans && dnsauth_dns_failed(ans->status);
}

static bool has_data(const struct dnsauth_dns_answer *ans)
{
	return ans && ans->status == DNSAUTH_DNS_DATA;
}

/* ------------------------------------------------------------------ */
/* levels and walks                                                     */

static void level_init(struct audit_ctx *c, struct level *l, const char *dom)
{
	memset(l, 0, sizeof(*l));
	l->owner = make_name(c, "_dmarc.", dom, "");
	if (l->owner)
		l->dom = l->owner + 7;
}

static void level_free(struct level *l)
{
	free(l->owner);
	memset(l, 0, sizeof(*l));
}

static void dmarc_free(void *d)
{
	dnsauth_dmarc_free(d);
}

/* Ask for a level's TXT; false when it is not cached yet. */
static bool level_fetch(struct audit_ctx *c, struct level *l)
{
	const struct dnsauth_dns_answer *ans;
	size_t i;
	int rc;

	if (!l->owner)
		return true;
	ans = audit_get(c, l->owner, LDNS_RR_TYPE_TXT);
	if (!ans)
		return false;
	l->ans = ans;
	if (ans->status != DNSAUTH_DNS_DATA)
		return true;
	for (i = 0; i < ans->ntxt; i++) {
		if (!dnsauth_dmarc_is_record(ans->txt[i], ans->txt_len[i]))
			continue;
		if (l->ndmarc == 0)
			l->first = i;
		l->ndmarc++;
	}
	if (l->ndmarc == 1) {
		struct dnsauth_dmarc *d = NULL;
		bool found;

		/* parsed once per audit: the walk is asked again in every
		 * pass until the area is complete */
		l->d = audit_memo_find(c, ans, l->first, l->owner, &found);
		if (found)
			return true;
		rc = dnsauth_dmarc_parse(ans->txt[l->first], ans->txt_len[l->first],
					 l->owner, STD, &d, NULL);
		if (rc == DNSAUTH_ENOMEM)
			c->oom = 1;
		audit_memo_add(c, ans, l->first, l->owner, d, dmarc_free);
		l->d = c->oom ? NULL : d;
	}
	return true;
}

/* A single DMARC record that receivers keep. */
static bool level_valid(const struct level *l)
{
	return l->d && l->d->valid;
}

static const char *level_text(const struct level *l)
{
	return l->ans->txt[l->first];
}

/* The RFC 9989 §4.10 walk names from \p dom: dom itself, then its parent
 * (or, from 8 labels on, its last 7 labels), one label less each time,
 * down to the TLD. */
static void walk_init(struct audit_ctx *c, struct walk *w, const char *dom)
{
	size_t x = label_count(dom), k;

	memset(w, 0, sizeof(*w));
	level_init(c, &w->v[w->n++], dom);
	k = x - 1 < WALK_KEEP ? x - 1 : WALK_KEEP;
	for (; k > 0 && w->n < WALK_MAX; k--)
		level_init(c, &w->v[w->n++], last_labels(dom, k));
}

/* Ask for every name of the walk; false when some are not cached yet. */
static bool walk_fetch(struct audit_ctx *c, struct walk *w)
{
	bool all = true;
	size_t i;

	for (i = 0; i < w->n; i++)
		if (!level_fetch(c, &w->v[i]))
			all = false;
	return all;
}

static void walk_free(struct walk *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		level_free(&w->v[i]);
	w->n = 0;
}

/*
 * Whether a level of the walk from a domain is not checked: its answer
 * is OUTSIDE (a name the zone data does not cover), and it is the domain
 * itself or a name at or below \p org, the domain's organizational
 * domain by the PSL (without a PSL: any name but the TLD). Such a level
 * may hold the record that decides, so what the walk finds past it is
 * not known. Levels above \p org are public suffixes, which no zone file
 * of a registrant holds: as everywhere in the engine (dmarc-missing says
 * "nor up the tree walk to _dmarc.<tld>"), they are taken to publish no
 * record when they are outside the data.
 */
static bool level_unchecked(const struct level *l, size_t i, const char *org)
{
	size_t ld, lo;

	if (!l->ans || l->ans->status != DNSAUTH_DNS_OUTSIDE)
		return false;
	if (i == 0)
		return true;
	if (!org)
		return strchr(l->dom, '.') != NULL;
	ld = strlen(l->dom);
	lo = strlen(org);
	return ld >= lo && strcasecmp(l->dom + ld - lo, org) == 0 &&
	       (ld == lo || l->dom[ld - lo - 1] == '.');
}

/* Policy discovery (RFC 9989 §4.10.1): the first valid record. \p org:
 * as for level_unchecked(). */
static enum disc walk_discover(const struct walk *w, const char *org, size_t *at)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		const struct level *l = &w->v[i];

		*at = i;
		if (!l->ans)
			continue;
		if (failed(l->ans))
			return DISC_FAILED;
		if (level_unchecked(l, i, org))
			return DISC_OUTSIDE;
		if (level_valid(l))
			return DISC_FOUND;
	}
	*at = w->n ? w->n - 1 : 0;
	return DISC_NONE;
}

/*
 * The organizational domain of the walk's start by RFC 9989 §4.10.2:
 * walking up (stopping at psd=y or psd=n), a psd=n record names it; a
 * psd=y record above the start makes it the name one label below; else
 * the shortest name with a record; no record: the start itself.
 * Returns a new string; NULL with *unknown when a lookup failed or, with
 * \p checked, a level before the walk stops is not checked
 * (level_unchecked() with \p org), NULL alone when out of memory.
 */
static char *walk_org(const struct walk *w, const char *start, bool checked,
		      const char *org, bool *unknown)
{
	const struct level *last = NULL;
	size_t i;

	*unknown = false;
	for (i = 0; i < w->n; i++) {
		const struct level *l = &w->v[i];

		if (!l->ans)
			continue;
		if (failed(l->ans) || (checked && level_unchecked(l, i, org))) {
			*unknown = true;
			return NULL;
		}
		if (!level_valid(l))
			continue;
		last = l;
		if (l->d->psd == 'y' || l->d->psd == 'n')
			break;
	}
	if (!last)
		return strdup(start);
	if (last->d->psd == 'y' && last != &w->v[0])
		return strdup(last_labels(start, label_count(last->dom) + 1));
	return strdup(last->dom);
}

/* ------------------------------------------------------------------ */
/* findings                                                             */

/* dns-resolution-failure for a lookup that only costs reports, once per
 * question (another area may have reported it already). */
static void dest_failure(struct audit_ctx *c, const struct dnsauth_dns_answer *ans,
			 const char *what)
{
	char q[NAME_MAX_LEN + 32];

	snprintf(q, sizeof(q), "(%s %s)", ans->qname, audit_type_name(ans->qtype));
	if (audit_reported(c, DNSAUTH_R_DNS_RESOLUTION_FAILURE, q))
		return;
	audit_finding(c, DNSAUTH_R_DNS_RESOLUTION_FAILURE, DNSAUTH_SEV_WARNING,
		      ans->qname, NULL, 0,
		      "looking up %s %s failed: %s%s%s; this is not the same as the record being absent, and receivers may not send DMARC reports meanwhile",
		      what, q, dnsauth_dns_status_name(ans->status),
		      ans->error ? ", " : "", ans->error ? ans->error : "");
}

/* Parse a record with findings (and validate it when \p validate). */
static void record_findings(struct audit_ctx *c, const struct level *l, size_t i,
			    bool validate)
{
	const char *t = l->ans->txt[i];
	size_t n = l->ans->txt_len[i];
	struct dnsauth_dmarc *d = NULL;
	int rc;

	rc = dnsauth_dmarc_parse(t, n, l->owner, STD, &d, audit_findings(c));
	if (rc == DNSAUTH_ENOMEM)
		c->oom = 1;
	if (d && validate) {
		rc = dnsauth_dmarc_validate(d, t, n, l->owner, STD, c->o->psl,
					    audit_findings(c));
		if (rc == DNSAUTH_ENOMEM)
			c->oom = 1;
	}
	dnsauth_dmarc_free(d);
}

/* What the levels the discovery reached hold: records, multiple records,
 * records receivers ignore, the static findings of the policy record,
 * and the failure that stopped the walk. */
static void report_levels(struct audit_ctx *c, struct dmarc_run *s)
{
	size_t i, j;

	for (i = 0; i <= s->at && i < s->w.n; i++) {
		const struct level *l = &s->w.v[i];
		bool psd_level = s->psd_only && l == s->pol;

		if (!l->ans)
			continue;
		if (failed(l->ans)) {
			audit_dns_failure(c, l->ans, "the DMARC policy record");
			continue;
		}
		if (l->ans->status != DNSAUTH_DNS_DATA)
			continue;
		for (j = 0; j < l->ans->ntxt; j++) {
			if (dnsauth_dmarc_is_record(l->ans->txt[j], l->ans->txt_len[j]))
				audit_record(c, l->owner, "TXT", l->ans->txt[j]);
			else if (!psd_level)
				/* a finding only when it is meant to be DMARC */
				record_findings(c, l, j, false);
		}
		if (l->ndmarc > 1)
			audit_finding(c, DNSAUTH_R_DMARC_MULTIPLE_RECORDS, DNSAUTH_SEV_NONE,
				      l->owner, NULL, 0,
				      "%zu DMARC records at %s: receivers discard all of them (RFC 9989 receivers go on up the tree walk, RFC 7489 receivers apply no DMARC); publish exactly one",
				      l->ndmarc, l->owner);
		else if (l->ndmarc == 1 && !psd_level)
			record_findings(c, l, l->first, l == s->pol);
	}
}

static void check_wrong_owner(struct audit_ctx *c, struct dmarc_run *s)
{
	const struct dnsauth_dns_answer *own = s->w.v[0].ans;
	bool own_ok = s->disc == DISC_FOUND && s->at == 0;
	const char *own_name = s->w.v[0].owner ? s->w.v[0].owner : c->domain;
	size_t i, j;

	for (i = 0; has_data(s->apex) && i < s->apex->ntxt; i++) {
		if (!mentions_dmarc1(s->apex->txt[i], s->apex->txt_len[i]))
			continue;
		audit_finding(c, DNSAUTH_R_DMARC_WRONG_OWNER,
			      own_ok ? DNSAUTH_SEV_WARNING : DNSAUTH_SEV_NONE,
			      c->domain, s->apex->txt[i], 0,
			      "a DMARC record is published at %s itself: receivers query only %s, so they never see it (%s)",
			      c->domain, own_name,
			      own_ok ? "the record at the right name applies; remove this one" :
			      "move it there");
	}
	for (i = 0; has_data(s->dup) && i < s->dup->ntxt; i++) {
		bool same = false;

		if (!mentions_dmarc1(s->dup->txt[i], s->dup->txt_len[i]))
			continue;
		for (j = 0; has_data(own) && j < own->ntxt; j++)
			if (own->txt_len[j] == s->dup->txt_len[i] &&
			    memcmp(own->txt[j], s->dup->txt[i], own->txt_len[j]) == 0)
				same = true;
		if (same)
			continue;
		audit_finding(c, DNSAUTH_R_DMARC_WRONG_OWNER,
			      own_ok ? DNSAUTH_SEV_WARNING : DNSAUTH_SEV_NONE,
			      s->dup_owner, s->dup->txt[i], 0,
			      "a DMARC record is published at %s, which is what a zone file for %s makes of the name '%s' written without its trailing dot: receivers query only %s (write '%s.' or '_dmarc')",
			      s->dup_owner, c->domain, own_name, own_name, own_name);
	}
}

static void check_missing(struct audit_ctx *c, struct dmarc_run *s)
{
	enum dnsauth_severity sev = c->o->non_sending ? DNSAUTH_SEV_WARNING :
			       DNSAUTH_SEV_NONE;
	const char *own = s->w.v[0].owner ? s->w.v[0].owner : c->domain;

	if (s->disc == DISC_NONE) {
		if (c->o->non_sending)
			audit_finding(c, DNSAUTH_R_DMARC_MISSING, sev, own, NULL, 0,
				      "no DMARC record for %s, which sends no mail: publish \"v=DMARC1; p=reject\" at %s so that receivers reject mail forged in its name",
				      c->domain, own);
		else
			audit_finding(c, DNSAUTH_R_DMARC_MISSING, sev, own, NULL, 0,
				      "no DMARC record for %s: none at %s nor up the tree walk to %s; receivers apply no DMARC, and Gmail, Yahoo and Outlook.com reject bulk mail without one (publish at least \"v=DMARC1; p=none; rua=mailto:...\")",
				      c->domain, own, s->w.v[s->w.n - 1].owner ?
				      s->w.v[s->w.n - 1].owner : own);
		s->missing_reported = true;
	} else if (s->disc == DISC_FOUND && s->psd_only) {
		audit_finding(c, DNSAUTH_R_DMARC_MISSING, sev, own, NULL, 0,
			      "no DMARC record for %s nor for its organizational domain: the only policy found is the public suffix policy at %s (%s), which only RFC 9989 receivers apply; publish a record at %s%s",
			      c->domain, s->pol->owner,
			      s->pol->d->psd == 'y' ? "psd=y" :
			      "a public suffix in the Public Suffix List",
			      own, c->o->non_sending ? " (\"v=DMARC1; p=reject\": the domain sends no mail)" : "");
		s->missing_reported = true;
	}
}

/* a->org_domain_psl, a->org_domain_walk and dmarc-orgdomain-divergence */
static void check_org_domains(struct audit_ctx *c, struct dmarc_run *s)
{
	const char *psl_org = s->org_psl ? s->org_psl : c->domain;
	bool unknown;
	char *wo;

	wo = walk_org(&s->w, c->domain, true, s->org_psl, &unknown);
	if (!wo) {
		if (!unknown)
			c->oom = 1;
		return;
	}
	free(c->a->org_domain_walk);
	c->a->org_domain_walk = wo;
	if (!c->o->psl || strcasecmp(psl_org, wo) == 0)
		return;
	audit_finding(c, DNSAUTH_R_DMARC_ORGDOMAIN_DIVERGENCE, DNSAUTH_SEV_NONE,
		      c->domain, NULL, 0,
		      "the organizational domain of %s is %s by the Public Suffix List (RFC 7489) but %s by the DMARC tree walk (RFC 9989 §4.10.2): relaxed alignment differs between receivers; prefer strict alignment (adkim=s, aspf=s) and explicit records",
		      c->domain, psl_org, wo);
	s->divergence_reported = true;
}

/* psd=n on a name whose parent publishes a record (the live part of
 * dmarc-psd-misuse; psd=y is checked by dnsauth_dmarc_validate). */
static void check_psd_n(struct audit_ctx *c, struct dmarc_run *s)
{
	const struct level *p = s->pol;
	size_t j;

	if (!p || s->psd_only || p->d->psd != 'n')
		return;
	for (j = s->at + 1; j < s->w.n; j++) {
		const struct level *l = &s->w.v[j];

		if (!level_valid(l) || l->d->psd == 'y' ||
		    (c->o->psl && dnsauth_psl_is_public_suffix(c->o->psl, l->dom)))
			continue;
		audit_finding(c, DNSAUTH_R_DMARC_PSD_MISUSE, DNSAUTH_SEV_INFO, p->owner,
			      level_text(p), tag_col(p->d, "psd", true),
			      "psd=n makes %s its own organizational domain at RFC 9989 receivers although %s publishes a DMARC record at %s: mail from %s no longer aligns with %s in relaxed mode, and the sp and np of %s no longer apply to it",
			      p->dom, l->dom, l->owner, p->dom, l->dom, l->dom);
		return;
	}
}

/* Where RFC 7489 receivers (own name, then the PSL organizational
 * domain; more than one record: no DMARC) apply another policy. */
static void check_rfc7489(struct audit_ctx *c, struct dmarc_run *s)
{
	const struct level *own = &s->w.v[0], *r7 = NULL;
	struct dnsauth_dmarc_effective e7;
	enum dnsauth_dmarc_policy p7;
	const char *org = s->org_psl ? s->org_psl : c->domain;

	if (!c->o->psl || !s->pol || s->missing_reported || !own->ans)
		return;
	if (own->ndmarc > 0) {
		if (level_valid(own))
			r7 = own;
	} else if (s->p7489 && s->p7489->owner) {
		if (!s->p7489->ans || failed(s->p7489->ans))
			return; /* not known what they find */
		if (level_valid(s->p7489))
			r7 = s->p7489;
	}
	if (!r7) {
		if (own->ndmarc > 1)
			audit_finding(c, DNSAUTH_R_DMARC_MISSING, DNSAUTH_SEV_WARNING,
				      own->owner, NULL, 0,
				      "RFC 7489 receivers apply no DMARC to %s: they stop at the %zu records at %s; the policy at %s is found only by the RFC 9989 tree walk",
				      c->domain, own->ndmarc, own->owner, s->pol->owner);
		else if (strcasecmp(org, c->domain) == 0)
			audit_finding(c, DNSAUTH_R_DMARC_MISSING, DNSAUTH_SEV_WARNING,
				      own->owner, NULL, 0,
				      "RFC 7489 receivers find no DMARC record for %s: they query only %s (%s is its own organizational domain by the Public Suffix List); the policy at %s is found only by the RFC 9989 tree walk",
				      c->domain, own->owner, c->domain, s->pol->owner);
		else
			audit_finding(c, DNSAUTH_R_DMARC_MISSING, DNSAUTH_SEV_WARNING,
				      own->owner, NULL, 0,
				      "RFC 7489 receivers find no DMARC record for %s: they query only %s and _dmarc.%s (its organizational domain by the Public Suffix List); the policy at %s is found only by the RFC 9989 tree walk",
				      c->domain, own->owner, org, s->pol->owner);
		return;
	}
	dnsauth_dmarc_effective(r7->d, DNSAUTH_DMARC_RFC7489, &e7);
	p7 = !e7.applies ? DNSAUTH_DMARC_UNSET : r7 == own ? e7.domain : e7.subdomain;
	if (strcasecmp(r7->owner, s->pol->owner) != 0) {
		if (p7 != s->eff && !s->divergence_reported)
			audit_finding(c, DNSAUTH_R_DMARC_ORGDOMAIN_DIVERGENCE,
				      DNSAUTH_SEV_INFO, c->domain, NULL, 0,
				      "RFC 7489 receivers apply %s to %s from %s (its organizational domain by the Public Suffix List), RFC 9989 receivers %s from %s (tree walk)",
				      dnsauth_dmarc_policy_name(p7), c->domain, r7->owner,
				      dnsauth_dmarc_policy_name(s->eff), s->pol->owner);
		return;
	}
	if ((p7 == DNSAUTH_DMARC_QUARANTINE || p7 == DNSAUTH_DMARC_REJECT) && e7.pct < 100)
		audit_finding(c, DNSAUTH_R_DMARC_REMOVED_TAG, DNSAUTH_SEV_INFO,
			      s->pol->owner, level_text(s->pol), tag_col(s->pol->d, "pct", false),
			      "pct=%d: RFC 7489 receivers apply %s to only %d%% of the mail from %s that fails DMARC, RFC 9989 receivers ignore pct and apply %s to all of it",
			      e7.pct, dnsauth_dmarc_policy_name(p7), e7.pct, c->domain,
			      dnsauth_dmarc_policy_name(s->eff));
}

/* c->dmarc_enforced and dmarc-reject-spf-only */
static void check_enforcement(struct audit_ctx *c, struct dmarc_run *s)
{
	const struct level *p = s->pol;

	if (!p || s->psd_only)
		return;
	c->dmarc_enforced = s->e.applies && !s->e.testing &&
			    (s->eff == DNSAUTH_DMARC_QUARANTINE ||
			     s->eff == DNSAUTH_DMARC_REJECT) &&
			    (p->d->pct < 0 || p->d->pct == 100);
	/* SPF must be the only method: with no SPF authorization either,
	 * the domain sends nothing (parked) or the SPF area says why */
	if (s->eff != DNSAUTH_DMARC_REJECT || c->dkim_key_found || !c->spf_authorizes ||
	    c->o->non_sending)
		return;
	/* no selector looked at (lint of a snippet without keys, or
	 * --no-selector-probe alone): nothing is known of DKIM */
	if (c->o->no_selector_probe && c->o->nselectors == 0)
		return;
	audit_finding(c, DNSAUTH_R_DMARC_REJECT_SPF_ONLY, DNSAUTH_SEV_NONE,
		      p->owner, level_text(p), tag_col(p->d, "p", false),
		      "the DMARC policy for %s is reject, but no DKIM key was found at the probed selectors: mail passes DMARC only through SPF, which forwarding breaks, so forwarded mail is rejected (RFC 9989 §7.4: MUST NOT rely solely on SPF)",
		      c->domain);
}

/* ------------------------------------------------------------------ */
/* report destinations                                                  */

static bool null_mx(const struct dnsauth_dns_answer *mx)
{
	size_t i, n = mx->rrs ? ldns_rr_list_rr_count(mx->rrs) : 0;

	for (i = 0; i < n; i++) {
		ldns_rdf *x = ldns_rr_mx_exchange(ldns_rr_list_rr(mx->rrs, i));

		if (!x || ldns_dname_label_count(x) != 0)
			return false;
	}
	return n > 0;
}

static void check_deliverable(struct audit_ctx *c, const struct dmarc_run *s,
			      const struct dest *d)
{
	const struct level *p = s->pol;
	const char *uri = d->mailto->uri;

	if (d->mx->status == DNSAUTH_DNS_OUTSIDE)
		return;
	if (failed(d->mx)) {
		dest_failure(c, d->mx, "the mail exchangers of a DMARC report address");
		return;
	}
	if (d->mx->status == DNSAUTH_DNS_NXDOMAIN) {
		audit_finding(c, DNSAUTH_R_DMARC_RUA_UNDELIVERABLE, DNSAUTH_SEV_NONE,
			      p->owner, level_text(p), d->mailto->column,
			      "%s does not exist (NXDOMAIN): reports to %s bounce",
			      d->host, uri);
		return;
	}
	if (d->mx->status == DNSAUTH_DNS_DATA) {
		if (null_mx(d->mx))
			audit_finding(c, DNSAUTH_R_DMARC_RUA_UNDELIVERABLE, DNSAUTH_SEV_NONE,
				      p->owner, level_text(p), d->mailto->column,
				      "%s publishes a null MX (RFC 7505): it accepts no mail, so reports to %s bounce",
				      d->host, uri);
		return;
	}
	/* no MX: the address records are the implicit MX (RFC 5321 §5.1) */
	if (has_data(d->a) || has_data(d->aaaa))
		return;
	if (failed(d->a) || failed(d->aaaa)) {
		dest_failure(c, failed(d->a) ? d->a : d->aaaa,
			     "the address of a DMARC report domain");
		return;
	}
	audit_finding(c, DNSAUTH_R_DMARC_RUA_UNDELIVERABLE, DNSAUTH_SEV_NONE,
		      p->owner, level_text(p), d->mailto->column,
		      "%s has no MX and no A or AAAA record: reports to %s cannot be delivered",
		      d->host, uri);
}

/* The authorizing record's rua must keep the same host (RFC 9990). */
static void check_redirect(struct audit_ctx *c, const struct dmarc_run *s,
			   const struct dest *d, const char *name, const char *t,
			   size_t n)
{
	const struct level *p = s->pol;
	struct dnsauth_dmarc *r = NULL;
	size_t i;

	if (dnsauth_dmarc_parse(t, n, name, STD, &r, NULL) == DNSAUTH_ENOMEM)
		c->oom = 1;
	for (i = 0; r && i < r->nrua; i++) {
		if (!r->rua[i].host || strcasecmp(r->rua[i].host, d->host) == 0)
			continue;
		audit_finding(c, DNSAUTH_R_DMARC_EXTERNAL_RUA_UNAUTHORIZED,
			      DNSAUTH_SEV_NONE, p->owner, level_text(p), d->uri->column,
			      "%s authorizes reports for %s at %s, but its rua there names another host (%s): receivers then report to neither (RFC 9990)",
			      d->host, p->dom, name, r->rua[i].host);
		break;
	}
	dnsauth_dmarc_free(r);
}

static void check_authorized(struct audit_ctx *c, const struct dmarc_run *s,
			     const struct dest *d)
{
	const struct dnsauth_dns_answer *two[2] = { d->ans_auth, d->ans_wild };
	const struct level *p = s->pol;
	size_t k, j;

	if (!d->auth) {
		audit_finding(c, DNSAUTH_R_DMARC_EXTERNAL_RUA_UNAUTHORIZED,
			      DNSAUTH_SEV_NONE, p->owner, level_text(p), d->uri->column,
			      "%s._report._dmarc.%s is longer than 253 octets, so %s cannot authorize reports for %s: receivers ignore %s (RFC 9990)",
			      p->dom, d->host, d->host, p->dom, d->uri->uri);
		return;
	}
	for (k = 0; k < 2; k++) {
		if (!has_data(two[k]))
			continue;
		for (j = 0; j < two[k]->ntxt; j++) {
			if (!dnsauth_dmarc_is_record(two[k]->txt[j], two[k]->txt_len[j]))
				continue;
			audit_record(c, k ? d->wild : d->auth, "TXT", two[k]->txt[j]);
			check_redirect(c, s, d, k ? d->wild : d->auth, two[k]->txt[j],
				       two[k]->txt_len[j]);
			return;
		}
	}
	for (k = 0; k < 2; k++)
		if (failed(two[k])) {
			dest_failure(c, two[k], "the DMARC report authorization");
			return;
		}
	if (!d->ans_auth || d->ans_auth->status == DNSAUTH_DNS_OUTSIDE)
		return;
	audit_finding(c, DNSAUTH_R_DMARC_EXTERNAL_RUA_UNAUTHORIZED, DNSAUTH_SEV_NONE,
		      p->owner, level_text(p), d->uri->column,
		      "reports to %s are not authorized: %s is outside the organizational domain of %s, so receivers ignore the URI unless %s publishes %s. TXT \"v=DMARC1\" (or *._report._dmarc.%s. TXT \"v=DMARC1\" for every domain; RFC 9990)",
		      d->uri->uri, d->host, p->dom, d->host, d->auth, d->host);
}

/* Add the hosts of one URI list to v. */
static void collect_dests(struct dest *v, size_t *n, size_t max,
			  const struct dnsauth_dmarc_uri *u, size_t nu)
{
	size_t i, k;

	for (i = 0; i < nu; i++) {
		const char *h = u[i].host;
		bool mailto = u[i].scheme && strcmp(u[i].scheme, "mailto") == 0;

		if (!u[i].valid || !h || !dnsauth_dname_valid(h, strlen(h), false, NULL, NULL))
			continue;
		for (k = 0; k < *n; k++)
			if (strcasecmp(v[k].host, h) == 0)
				break;
		if (k == *n) {
			if (*n == max)
				continue;
			v[k].host = h;
			v[k].uri = &u[i];
			v[k].external = -1;
			(*n)++;
		}
		if (mailto && !v[k].mailto)
			v[k].mailto = &u[i];
	}
}

/* The report destinations of the policy record, and their answers. */
struct dests {
	struct dest *v;
	size_t n;
	struct walk pw;              /* the policy domain's walk (no PSL) */
};

/* Level 2: collect the report destinations of the policy found and ask
 * for everything they need at once. \return whether it is all cached
 * (true also when there is nothing to ask). */
static bool dests_plan(struct audit_ctx *c, const struct dmarc_run *s, struct dests *ds)
{
	const struct dnsauth_psl *psl = c->o->psl;
	const struct level *p = s->pol;
	bool ready = true;
	size_t i, max;

	if (!p || s->psd_only || p->d->nrua + p->d->nruf == 0)
		return true;
	/* at most one host per URI, DEST_MAX in all */
	max = p->d->nrua + p->d->nruf < DEST_MAX ? p->d->nrua + p->d->nruf : DEST_MAX;
	ds->v = calloc(max, sizeof(*ds->v));
	if (!ds->v) {
		c->oom = 1;
		return false;
	}
	collect_dests(ds->v, &ds->n, max, p->d->rua, p->d->nrua);
	collect_dests(ds->v, &ds->n, max, p->d->ruf, p->d->nruf);
	if (ds->n == 0)
		return true;
	if (!psl) {
		walk_init(c, &ds->pw, p->dom);
		if (!walk_fetch(c, &ds->pw))
			ready = false;
	}
	for (i = 0; i < ds->n; i++) {
		struct dest *d = &ds->v[i];

		if (d->mailto) {
			d->mx = audit_get(c, d->host, LDNS_RR_TYPE_MX);
			d->a = audit_get(c, d->host, LDNS_RR_TYPE_A);
			d->aaaa = audit_get(c, d->host, LDNS_RR_TYPE_AAAA);
			if (!d->mx || !d->a || !d->aaaa)
				ready = false;
		}
		if (strcasecmp(d->host, p->dom) == 0)
			d->external = 0;
		else if (psl)
			d->external = dnsauth_psl_same_org(psl, p->dom, d->host) ? 0 : 1;
		if (d->external == 0)
			continue;
		if (!psl) {
			walk_init(c, &d->hw, d->host);
			if (!walk_fetch(c, &d->hw))
				ready = false;
		}
		d->ask_auth = true;
		d->auth = make_name(c, p->dom, "._report._dmarc.", d->host);
		d->wild = make_name(c, "*", "._report._dmarc.", d->host);
		if (d->auth) {
			d->ans_auth = audit_get(c, d->auth, LDNS_RR_TYPE_TXT);
			if (!d->ans_auth)
				ready = false;
		}
		if (d->wild) {
			d->ans_wild = audit_get(c, d->wild, LDNS_RR_TYPE_TXT);
			if (!d->ans_wild)
				ready = false;
		}
	}
	return ready;
}

/* The checks of the destinations, once dests_plan() found all cached. */
static void dests_check(struct audit_ctx *c, const struct dmarc_run *s, struct dests *ds)
{
	const struct level *p = s->pol;
	char *po = NULL;
	bool unknown;
	size_t i;

	if (!p || s->psd_only || ds->n == 0 || c->oom)
		return;
	if (!c->o->psl) {
		po = walk_org(&ds->pw, p->dom, false, NULL, &unknown);
		if (!po && !unknown)
			c->oom = 1;
	}
	for (i = 0; i < ds->n; i++) {
		struct dest *d = &ds->v[i];

		if (d->external < 0 && po) {
			char *ho = walk_org(&d->hw, d->host, false, NULL, &unknown);

			if (ho)
				d->external = strcasecmp(po, ho) != 0;
			else if (!unknown)
				c->oom = 1;
			free(ho);
		}
		if (d->mailto)
			check_deliverable(c, s, d);
		if (d->external == 1 && d->ask_auth)
			check_authorized(c, s, d);
	}
	free(po);
}

static void dests_free(struct dests *ds)
{
	size_t i;

	for (i = 0; i < ds->n; i++) {
		free(ds->v[i].auth);
		free(ds->v[i].wild);
		walk_free(&ds->v[i].hw);
	}
	free(ds->v);
	walk_free(&ds->pw);
	memset(ds, 0, sizeof(*ds));
}

/* ------------------------------------------------------------------ */

void audit_dmarc_run(struct audit_ctx *c)
{
	const struct dnsauth_psl *psl = c->o->psl;
	struct dmarc_run s;
	struct dests ds;
	bool ready;

	memset(&s, 0, sizeof(s));
	memset(&ds, 0, sizeof(ds));
	if (!c->domain[0])
		return;
	if (psl) {
		s.org_psl = dnsauth_psl_org_domain(psl, c->domain);
		free(c->a->org_domain_psl);
		c->a->org_domain_psl = strdup(s.org_psl ? s.org_psl : c->domain);
		if (!c->a->org_domain_psl)
			c->oom = 1;
	}
	/* level 1: every name discovery can need, all in one round trip */
	walk_init(c, &s.w, c->domain);
	if (s.org_psl && strcasecmp(s.org_psl, c->domain) != 0) {
		size_t i;

		/* usually a name of the walk: the same question, the same
		 * record, fetched and parsed once */
		for (i = 1; i < s.w.n && !s.p7489; i++)
			if (s.w.v[i].dom && strcmp(s.w.v[i].dom, s.org_psl) == 0)
				s.p7489 = &s.w.v[i];
		if (!s.p7489) {
			level_init(c, &s.l7489, s.org_psl);
			s.p7489 = &s.l7489;
		}
	}
	s.dup_owner = make_name(c, "_dmarc.", c->domain, "");
	if (s.dup_owner) {
		char *dup = make_name(c, s.dup_owner, ".", c->domain);

		free(s.dup_owner);
		s.dup_owner = dup;
	}
	if (c->oom)
		goto out;
	ready = walk_fetch(c, &s.w);
	if (s.p7489 == &s.l7489 && !level_fetch(c, &s.l7489))
		ready = false;
	s.apex = audit_get(c, c->domain, LDNS_RR_TYPE_TXT);
	if (!s.apex)
		ready = false;
	if (s.dup_owner) {
		s.dup = audit_get(c, s.dup_owner, LDNS_RR_TYPE_TXT);
		if (!s.dup)
			ready = false;
	}
	if (!ready || c->oom)
		goto out;

	s.disc = walk_discover(&s.w, s.org_psl, &s.at);
	if (s.disc == DISC_OUTSIDE && s.at == 0)
		goto out; /* the domain is not in the zone data */
	if (s.disc == DISC_FOUND) {
		s.pol = &s.w.v[s.at];
		s.psd_only = s.at > 0 && (s.pol->d->psd == 'y' ||
					  (psl && dnsauth_psl_is_public_suffix(psl, s.pol->dom)));
		c->a->dmarc_name = strdup(s.pol->owner);
		if (!c->a->dmarc_name)
			c->oom = 1;
		dnsauth_dmarc_effective(s.pol->d, STD, &s.e);
		if (!s.e.applies)
			s.eff = DNSAUTH_DMARC_UNSET;
		else if (s.at == 0)
			s.eff = s.e.domain;
		else if (s.apex->status == DNSAUTH_DNS_NXDOMAIN)
			s.eff = s.e.nonexistent;
		else
			s.eff = s.e.subdomain;
	}
	/* level 2, the report destinations of the policy found, is asked
	 * for before anything is reported: a run that misses some of it
	 * runs again in the next pass, and only that run's findings count */
	ready = dests_plan(c, &s, &ds);
	if ((!ready && !c->last_pass) || c->oom)
		goto out;
	report_levels(c, &s);
	check_wrong_owner(c, &s);
	check_missing(c, &s);
	check_org_domains(c, &s);
	check_psd_n(c, &s);
	check_rfc7489(c, &s);
	check_enforcement(c, &s);
	if (ready)
		dests_check(c, &s, &ds);
out:
	dests_free(&ds);
	walk_free(&s.w);
	level_free(&s.l7489);
	free(s.dup_owner);
}
