/* SPDX-License-Identifier: MIT */
/*
 * audit_dkim.c - the DKIM area of the audit engine (rules.md §6.3).
 *
 * The key records at the selectors given with --selector and at the
 * common selectors (standards.md §3.3) are all asked in one pass: every
 * name is known from the start, and CNAME chains are followed by the DNS
 * layer. Each key record is checked by dnsauth_dkim_parse(); on top of
 * that this file reports what only the DNS shows: several records at one
 * selector, selector CNAMEs whose target is gone (an offboarded sending
 * service, half of the Microsoft 365 selector1/selector2 pair), selectors
 * that were named but do not exist, and a domain with no usable key.
 *
 * Probed selectors are guesses, so they are quieter than given ones: one
 * that does not exist is not a finding, a TXT record there that is no key
 * record is ignored (a wildcard TXT can answer every probe), an empty p=
 * there is one info note for all of them (a wildcard "*._domainkey" with
 * an empty p= revokes every key on purpose), and failed probe lookups are
 * summed up in one finding.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit_int.h"
#include "buf.h"
#include "dkim.h"
#include "error.h"

/* Selectors named in one summary message; the rest are counted. */
#define LIST_MAX 6u

enum sel_state {
	SEL_UNCHECKED, /* not asked: the selector makes no valid name */
	SEL_RECORDS,   /* TXT records that are (or claim to be) key records */
	SEL_ABSENT,    /* no key record: NXDOMAIN or NODATA without a CNAME,
	                  or (probe) TXT records that are no key records */
	SEL_DANGLING,  /* CNAME chain ending in NXDOMAIN or NODATA */
	SEL_LOOP,      /* CNAME loop */
	SEL_OUTSIDE,   /* not covered by zone data: unknown */
	SEL_FAILED,    /* the lookup failed */
};

struct sel {
	const char *selector;
	char *name;                           /* <selector>._domainkey.<domain> */
	bool given;                           /* named with --selector */
	const struct dnsauth_dns_answer *ans;
	enum sel_state state;
	const struct sel *rotation;           /* the M365 partner that resolves */
	bool rsa_usable;                      /* holds a usable RSA key */
	struct dnsauth_findings ed25519_note; /* the "dual-sign with RSA" note
	                                         of its Ed25519 key, held back
	                                         until all selectors are read */
};

struct dkim_run {
	struct sel *v;
	size_t n;
	size_t nprobes;                       /* of v, not given */
};

/* ------------------------------------------------------------------ */
/* helpers                                                              */

static bool is_ws(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/*
 * Whether a TXT value claims to be a key record: a tag v whose value
 * starts with DKIM (any case), or a tag p or k. Used for probed
 * selectors only, so that an unrelated TXT record (a wildcard SPF
 * record, a verification token) is not checked as a key.
 */
static bool looks_like_key(const char *t, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t a, e, eq;

		while (i < n && (is_ws(t[i]) || t[i] == ';'))
			i++;
		a = i;
		while (i < n && t[i] != ';')
			i++;
		e = i;
		for (eq = a; eq < e && t[eq] != '='; eq++)
			;
		if (eq == e)
			continue;
		while (eq > a && is_ws(t[eq - 1]))
			eq--;
		if (eq - a != 1)
			continue;
		if (t[a] == 'p' || t[a] == 'k')
			return true;
		if (t[a] == 'v') {
			size_t v = a + 1;

			while (v < e && (is_ws(t[v]) || t[v] == '='))
				v++;
			if (e - v >= 4 && strncasecmp(t + v, "DKIM", 4) == 0)
				return true;
		}
	}
	return false;
}

static bool any_key_like(const struct dnsauth_dns_answer *a)
{
	size_t i;

	for (i = 0; i < a->ntxt; i++)
		if (looks_like_key(a->txt[i], a->txt_len[i]))
			return true;
	return false;
}

/* ------------------------------------------------------------------ */
/* the selectors                                                        */

static void run_free(struct dkim_run *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].name);
		dnsauth_findings_clear(&r->v[i].ed25519_note);
	}
	free(r->v);
}

static bool have_selector(const struct dkim_run *r, const char *s)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcasecmp(r->v[i].selector, s) == 0)
			return true;
	return false;
}

/*
 * Add one selector and its owner name. A given selector that makes no
 * valid name is kept (unchecked) for its finding; a probe that does not
 * fit (a name over 253 octets) is left out.
 * Returns 0, 1 when the domain itself makes no key names (nothing can be
 * checked), or DNSAUTH_ENOMEM.
 */
static int add_selector(struct audit_ctx *c, struct dkim_run *r, const char *s,
			bool given)
{
	struct sel *e = &r->v[r->n];
	struct dnsauth_buf b;
	const char *part = NULL, *why = NULL;
	int rc;

	if (have_selector(r, s))
		return 0;
	memset(e, 0, sizeof(*e));
	e->selector = s;
	e->given = given;
	dnsauth_buf_init(&b, 0);
	rc = dnsauth_dkim_owner(s, c->domain, &b, &part, &why);
	if (rc == DNSAUTH_EINVAL) {
		dnsauth_buf_free(&b);
		if (part && strcmp(part, "domain") == 0)
			return 1;
		if (!given)
			return 0;
		e->state = SEL_UNCHECKED;
		audit_finding(c, DNSAUTH_R_DKIM_NO_KEY_FOUND, DNSAUTH_SEV_NONE, c->domain,
			      NULL, 0,
			      "selector '%s' (given with --selector) cannot be looked up: the %s is invalid (%s)",
			      s, part ? part : "name", why ? why : "invalid");
		r->n++;
		return 0;
	}
	if (rc)
		return rc;
	e->name = dnsauth_buf_steal(&b);
	if (!e->name)
		return DNSAUTH_ENOMEM;
	r->n++;
	if (!given)
		r->nprobes++;
	return 0;
}

/* Fill \p r with the given selectors, then the common ones.
 * Returns 0, 1 (nothing to check) or DNSAUTH_ENOMEM. */
static int build(struct audit_ctx *c, struct dkim_run *r)
{
	const char *const *common = dnsauth_audit_common_selectors();
	size_t ncommon = 0, i;
	int rc;

	memset(r, 0, sizeof(*r));
	if (!c->o->no_selector_probe)
		while (common[ncommon])
			ncommon++;
	if (c->o->nselectors + ncommon == 0)
		return 1;
	r->v = calloc(c->o->nselectors + ncommon, sizeof(*r->v));
	if (!r->v)
		return DNSAUTH_ENOMEM;
	for (i = 0; i < c->o->nselectors; i++) {
		rc = add_selector(c, r, c->o->selectors[i], true);
		if (rc)
			return rc;
	}
	for (i = 0; i < ncommon; i++) {
		rc = add_selector(c, r, common[i], false);
		if (rc)
			return rc;
	}
	return 0;
}

/* Ask for every selector at once; false if some answer is not cached
 * yet (all the missing ones are then noted for the prefetch). */
static bool query(struct audit_ctx *c, struct dkim_run *r)
{
	bool complete = true;
	size_t i;

	for (i = 0; i < r->n; i++) {
		struct sel *s = &r->v[i];

		if (!s->name)
			continue;
		s->ans = audit_get(c, s->name, LDNS_RR_TYPE_TXT);
		if (!s->ans)
			complete = false;
	}
	return complete;
}

/* ------------------------------------------------------------------ */
/* key records                                                          */

/* Probed selectors with an empty p=, for one summary note. */
struct revoked_probes {
	const struct sel *first, *last;
	size_t n;
	struct dnsauth_buf list;
};

/* Parse one key record and pass its findings on; an empty p= at a plain
 * probed selector is collected for one summary note instead. */
static void check_record(struct audit_ctx *c, struct sel *s, size_t i,
			 struct revoked_probes *rp)
{
	const struct dnsauth_dns_answer *a = s->ans;
	bool expected = s->given || a->ncnames > 0;
	struct dnsauth_findings fl;
	struct dnsauth_dkim *k = NULL;
	size_t j;
	int rc;

	dnsauth_findings_init(&fl);
	rc = dnsauth_dkim_parse(a->txt[i], a->txt_len[i], a->qname, &k, &fl);
	if (rc == DNSAUTH_ENOMEM) {
		c->oom = 1;
		goto out;
	}
	if (rc == DNSAUTH_ELIMIT)
		audit_finding(c, DNSAUTH_R_DKIM_RECORD_SYNTAX, DNSAUTH_SEV_NONE, a->qname,
			      NULL, 0, "the TXT record at %s is %zu octets long, more than any key record (%u)",
			      a->qname, a->txt_len[i], DNSAUTH_DKIM_MAX_LEN);
	for (j = 0; j < fl.n; j++) {
		const struct dnsauth_finding *f = &fl.v[j];

		if (f->rule == DNSAUTH_R_DKIM_KEY_REVOKED && !expected) {
			if (rp->last == s)
				continue; /* a second record of the same selector */
			if (rp->n < LIST_MAX)
				dnsauth_buf_printf(&rp->list, "%s%s", rp->n ? ", " : "",
						   s->selector);
			if (!rp->first)
				rp->first = s;
			rp->last = s;
			rp->n++;
			continue;
		}
		/* an Ed25519 key's advice to dual-sign with RSA: moot if
		 * another selector of the domain holds an RSA key */
		if (f->rule == DNSAUTH_R_DKIM_KEY_UNUSABLE && f->severity == DNSAUTH_SEV_INFO &&
		    k && k->key_type == DNSAUTH_DKIM_KEY_ED25519 && k->usable &&
		    strstr(f->message, "dual-sign") != NULL) {
			if (dnsauth_findings_add(&s->ed25519_note, f->rule, f->severity, f->name,
						 f->record, f->column, "%s", f->message) != 0)
				c->oom = 1;
			continue;
		}
		if (f->rule == DNSAUTH_R_DKIM_KEY_REVOKED && a->ncnames > 0)
			audit_finding(c, f->rule, f->severity, f->name, f->record, f->column,
				      "%s; the selector is a CNAME to %s, so the sending service revoked the key: if you left it, remove the CNAME, otherwise enable DKIM signing there again",
				      f->message, audit_final_name(a));
		else
			audit_finding(c, f->rule, f->severity, f->name, f->record, f->column,
				      "%s", f->message);
	}
	if (k && k->usable)
		c->dkim_key_found = true;
	if (k && k->usable && k->key_type == DNSAUTH_DKIM_KEY_RSA)
		s->rsa_usable = true;
out:
	dnsauth_dkim_free(k);
	dnsauth_findings_clear(&fl);
}

static void check_records(struct audit_ctx *c, struct sel *s, struct revoked_probes *rp)
{
	const struct dnsauth_dns_answer *a = s->ans;
	size_t i;

	audit_record_txt(c, a);
	if (a->ntxt > 1)
		audit_finding(c, DNSAUTH_R_DKIM_MULTIPLE_RECORDS, DNSAUTH_SEV_NONE, a->qname,
			      NULL, 0,
			      "%zu TXT records at selector '%s' (%s): verifiers may use any of them, so results are undefined (RFC 6376 §3.6.2.2); publish exactly one key record per selector",
			      a->ntxt, s->selector, a->qname);
	for (i = 0; i < a->ntxt && !c->oom; i++)
		check_record(c, s, i, rp);
}

/* Classify an answer (and check its key records). */
static void classify(struct audit_ctx *c, struct sel *s, struct revoked_probes *rp)
{
	const struct dnsauth_dns_answer *a = s->ans;

	switch (a->status) {
	case DNSAUTH_DNS_DATA:
		if (a->ntxt == 0 || (!s->given && !any_key_like(a))) {
			s->state = SEL_ABSENT;
			return;
		}
		s->state = SEL_RECORDS;
		check_records(c, s, rp);
		return;
	case DNSAUTH_DNS_NODATA:
	case DNSAUTH_DNS_NXDOMAIN:
		s->state = a->ncnames ? SEL_DANGLING : SEL_ABSENT;
		return;
	case DNSAUTH_DNS_OUTSIDE:
		s->state = SEL_OUTSIDE;
		return;
	case DNSAUTH_DNS_SERVFAIL:
	case DNSAUTH_DNS_REFUSED:
	case DNSAUTH_DNS_TIMEOUT:
	case DNSAUTH_DNS_ERROR:
		break;
	}
	s->state = a->cname_loop ? SEL_LOOP : SEL_FAILED;
}

/* ------------------------------------------------------------------ */
/* the Microsoft 365 pair                                               */

static struct sel *find_sel(struct dkim_run *r, const char *selector)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->v[i].name && strcasecmp(r->v[i].selector, selector) == 0)
			return &r->v[i];
	return NULL;
}

/*
 * Microsoft 365 publishes its keys behind two CNAMEs, selector1 and
 * selector2, and rotates between them. When one of them resolves to a
 * key and the other is a dangling CNAME, or (when the one that resolves
 * is a CNAME) is not published at all, signing breaks at the next
 * rotation: mark the other one.
 */
static void check_pair(struct dkim_run *r)
{
	struct sel *s1 = find_sel(r, "selector1"), *s2 = find_sel(r, "selector2");
	struct sel *x, *y;
	int k;

	if (!s1 || !s2)
		return;
	for (k = 0; k < 2; k++) {
		x = k ? s2 : s1;
		y = k ? s1 : s2;
		if (x->state != SEL_RECORDS)
			continue;
		if (y->state == SEL_DANGLING || y->state == SEL_LOOP) {
			y->rotation = x;
		} else if (y->state == SEL_ABSENT && x->ans->ncnames > 0 &&
			   y->ans->status != DNSAUTH_DNS_DATA) {
			y->rotation = x;
		}
	}
}

/* ------------------------------------------------------------------ */
/* findings per selector                                                */

static const char rotation_text[] =
	"; Microsoft 365 signs with selector1 and selector2 in turn and rotates between them, so signing breaks at the next rotation: publish both CNAMEs exactly as the Microsoft 365 portal shows them";

static void report_dangling(struct audit_ctx *c, const struct sel *s)
{
	const struct dnsauth_dns_answer *a = s->ans;
	struct dnsauth_buf chain;
	const char *end;

	dnsauth_buf_init(&chain, 0);
	audit_chain_text(&chain, a);
	if (s->state == SEL_LOOP)
		end = "leads back into the chain (a CNAME loop)";
	else if (a->status == DNSAUTH_DNS_NXDOMAIN)
		end = "does not exist (NXDOMAIN)";
	else
		end = "has no TXT record";
	if (chain.err)
		c->oom = 1;
	if (s->rotation)
		audit_finding(c, DNSAUTH_R_DKIM_DANGLING_CNAME, DNSAUTH_SEV_NONE, a->qname,
			      NULL, 0,
			      "selector '%s' is a CNAME chain (%s) whose target %s, while selector '%s' resolves to a key%s",
			      s->selector, dnsauth_buf_str(&chain), end,
			      s->rotation->selector, rotation_text);
	else
		audit_finding(c, DNSAUTH_R_DKIM_DANGLING_CNAME, DNSAUTH_SEV_NONE, a->qname,
			      NULL, 0,
			      "selector '%s' is a CNAME chain (%s) whose target %s: verifiers find no key for this selector (PERMFAIL)%s",
			      s->selector, dnsauth_buf_str(&chain), end,
			      s->state == SEL_LOOP ? "; point the CNAME at the key the sending service gives" :
			      "; the sending service was probably offboarded, or DKIM was never enabled there: remove the CNAME, or enable DKIM at the service");
	dnsauth_buf_free(&chain);
}

static void report_unpublished_pair(struct audit_ctx *c, const struct sel *s)
{
	const struct dnsauth_dns_answer *p = s->rotation->ans;

	audit_finding(c, DNSAUTH_R_DKIM_DANGLING_CNAME, DNSAUTH_SEV_NONE, s->name, NULL, 0,
		      "selector '%s' is not published, but selector '%s' is a CNAME to %s (the Microsoft 365 pattern)%s",
		      s->selector, s->rotation->selector, p->cnames[0], rotation_text);
}

static void report_absent_given(struct audit_ctx *c, const struct sel *s)
{
	const struct dnsauth_dns_answer *a = s->ans;

	audit_finding(c, DNSAUTH_R_DKIM_NO_KEY_FOUND, DNSAUTH_SEV_NONE, a->qname, NULL, 0,
		      "no DKIM key record at selector '%s' (given with --selector): %s has %s; verifiers fail signatures made with this selector (PERMFAIL, no key)",
		      s->selector, a->qname,
		      a->status == DNSAUTH_DNS_NXDOMAIN ? "no records (NXDOMAIN)" :
		      a->status == DNSAUTH_DNS_NODATA ? "no TXT record" :
		      "no key record");
}

/* One finding for every probe whose lookup failed. */
static void report_failed_probes(struct audit_ctx *c, const struct dkim_run *r)
{
	const struct sel *first = NULL;
	struct dnsauth_buf others;
	size_t i, n = 0, listed = 0;

	dnsauth_buf_init(&others, 0);
	for (i = 0; i < r->n; i++) {
		const struct sel *s = &r->v[i];

		if (s->given || s->state != SEL_FAILED)
			continue;
		n++;
		if (!first) {
			first = s;
			continue;
		}
		if (listed < LIST_MAX) {
			dnsauth_buf_printf(&others, "%s%s", listed ? ", " : "", s->selector);
			listed++;
		}
	}
	if (!first) {
		dnsauth_buf_free(&others);
		return;
	}
	if (n > 1 + listed)
		dnsauth_buf_printf(&others, " and %zu more", n - 1 - listed);
	if (others.err)
		c->oom = 1;
	audit_finding(c, DNSAUTH_R_DNS_RESOLUTION_FAILURE, DNSAUTH_SEV_NONE, first->ans->qname,
		      NULL, 0,
		      "looking up DKIM keys at %zu of %zu probed selectors failed, first %s (TXT): %s%s%s%s%s; a key may exist there: this is not the same as the key being absent",
		      n, r->nprobes, first->ans->qname,
		      dnsauth_dns_status_name(first->ans->status),
		      first->ans->error ? ", " : "",
		      first->ans->error ? first->ans->error : "",
		      n > 1 ? "; also " : "", n > 1 ? dnsauth_buf_str(&others) : "");
	dnsauth_buf_free(&others);
}

static void report_revoked_probes(struct audit_ctx *c, const struct dkim_run *r,
				  struct revoked_probes *rp)
{
	if (!rp->first)
		return;
	if (rp->n > LIST_MAX)
		dnsauth_buf_printf(&rp->list, " and %zu more", rp->n - LIST_MAX);
	if (rp->list.err)
		c->oom = 1;
	if (rp->n > 1 && rp->n == r->nprobes)
		audit_finding(c, DNSAUTH_R_DKIM_KEY_REVOKED, DNSAUTH_SEV_INFO, rp->first->name,
			      NULL, 0,
			      "every probed selector has an empty p= (a revoked key): a wildcard *._domainkey.%s record revokes all keys, as parked and non-sending domains publish; mail signed by this domain fails DKIM",
			      c->domain);
	else
		audit_finding(c, DNSAUTH_R_DKIM_KEY_REVOKED, DNSAUTH_SEV_INFO, rp->first->name,
			      NULL, 0,
			      "empty p= (a revoked key) at the probed selector%s %s: fine if nothing signs with %s any more",
			      rp->n > 1 ? "s" : "", dnsauth_buf_str(&rp->list),
			      rp->n > 1 ? "them" : "it");
}

/* The Ed25519 notes held back by check_record(): reported only when no
 * selector checked holds a usable RSA key (a domain that signs with both
 * needs no advice to). */
static void report_ed25519_notes(struct audit_ctx *c, const struct dkim_run *r)
{
	size_t i, j;

	for (i = 0; i < r->n; i++)
		if (r->v[i].rsa_usable)
			return;
	for (i = 0; i < r->n; i++) {
		const struct dnsauth_findings *fl = &r->v[i].ed25519_note;

		for (j = 0; j < fl->n; j++)
			audit_finding(c, fl->v[j].rule, fl->v[j].severity, fl->v[j].name,
				      fl->v[j].record, fl->v[j].column, "%s", fl->v[j].message);
	}
}

/* dkim-no-key-found for the domain as a whole. */
static void report_no_key(struct audit_ctx *c, const struct dkim_run *r)
{
	size_t i, nrecords = 0, nabsent_given = 0, ngiven = 0;
	struct dnsauth_buf list;

	if (c->dkim_key_found || c->o->non_sending)
		return;
	for (i = 0; i < r->n; i++) {
		const struct sel *s = &r->v[i];

		if (s->given)
			ngiven++;
		switch (s->state) {
		case SEL_OUTSIDE:
		case SEL_FAILED:
			return; /* a key may exist where we could not look */
		case SEL_RECORDS:
			nrecords++;
			break;
		case SEL_ABSENT:
		case SEL_UNCHECKED:
			if (s->given)
				nabsent_given++;
			break;
		case SEL_DANGLING:
		case SEL_LOOP:
			break;
		}
	}
	/* only given selectors, each already reported as absent */
	if (r->nprobes == 0 && nabsent_given == r->n)
		return;
	dnsauth_buf_init(&list, 0);
	for (i = 0; i < r->n; i++)
		if (r->v[i].given)
			dnsauth_buf_printf(&list, "%s'%s'", list.len ? ", " : "",
					   r->v[i].selector);
	if (r->nprobes)
		dnsauth_buf_printf(&list, "%s%zu common selectors", list.len ? " and " : "",
				   r->nprobes);
	if (list.err)
		c->oom = 1;
	if (nrecords)
		audit_finding(c, DNSAUTH_R_DKIM_NO_KEY_FOUND, DNSAUTH_SEV_NONE, c->domain,
			      NULL, 0,
			      "no usable DKIM key for %s: key records exist, but none can verify signatures (see the other DKIM findings); mail is treated as unsigned",
			      c->domain);
	else
		audit_finding(c, DNSAUTH_R_DKIM_NO_KEY_FOUND, DNSAUTH_SEV_NONE, c->domain,
			      NULL, 0,
			      "no DKIM key found for %s at %s: mail is unsigned, or signed with a selector not checked here (name it with --selector)%s",
			      c->domain, dnsauth_buf_str(&list),
			      ngiven ? "" : "; the selector is the s= tag of the DKIM-Signature header of a message this domain sent");
	dnsauth_buf_free(&list);
}

/* ------------------------------------------------------------------ */

void audit_dkim_run(struct audit_ctx *c)
{
	struct revoked_probes rp;
	struct dkim_run r;
	size_t i;
	int rc;

	memset(&rp, 0, sizeof(rp));
	dnsauth_buf_init(&rp.list, 0);
	rc = build(c, &r);
	if (rc == DNSAUTH_ENOMEM)
		c->oom = 1;
	if (rc || !query(c, &r))
		goto out;
	for (i = 0; i < r.n && !c->oom; i++)
		if (r.v[i].name)
			classify(c, &r.v[i], &rp);
	check_pair(&r);
	report_ed25519_notes(c, &r);
	for (i = 0; i < r.n; i++) {
		const struct sel *s = &r.v[i];

		switch (s->state) {
		case SEL_DANGLING:
		case SEL_LOOP:
			report_dangling(c, s);
			break;
		case SEL_ABSENT:
			if (s->rotation)
				report_unpublished_pair(c, s);
			else if (s->given)
				report_absent_given(c, s);
			break;
		case SEL_FAILED:
			if (s->given)
				audit_dns_failure(c, s->ans, "a DKIM key given with --selector");
			break;
		case SEL_UNCHECKED:
		case SEL_RECORDS:
		case SEL_OUTSIDE:
			break;
		}
	}
	report_failed_probes(c, &r);
	report_revoked_probes(c, &r, &rp);
	report_no_key(c, &r);
out:
	dnsauth_buf_free(&rp.list);
	run_free(&r);
}
