/* SPDX-License-Identifier: MIT */
/*
 * lint.c - the zone-file linter's driver: scan a file, run the zone
 * rules, build a records source from what parsed, audit every domain the
 * records concern, and place each finding at the record it concerns.
 * See lint.h for the steps.
 */
#include <config.h>

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit.h"
#include "error.h"
#include "lint.h"
#include "rules.h"

/* Most domains audited per file: a big zone has a domain per SPF owner
 * and MX owner; past this, the rest are not audited (and a note says so).
 * Memory does not grow with the audits (the answers of each are dropped
 * after it), so this bounds time: about 100 µs a domain. */
#define LINT_DOMAINS_MAX 1000000u
/* Most DKIM selectors passed to one audit. */
#define LINT_SELECTORS_MAX 64u

void dnsauth_lint_result_init(struct dnsauth_lint_result *r)
{
	memset(r, 0, sizeof(*r));
	dnsauth_findings_init(&r->findings);
}

static void strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void dnsauth_lint_result_clear(struct dnsauth_lint_result *r)
{
	if (!r)
		return;
	dnsauth_findings_clear(&r->findings);
	strv_free(r->skipped, r->nskipped);
	strv_free(r->unreadable, r->nunreadable);
	memset(r, 0, sizeof(*r));
}

/* Append a copy of \p s to a string vector. 0 or DNSAUTH_ENOMEM. */
static int strv_add(char ***v, size_t *n, const char *s)
{
	char **nv = realloc(*v, (*n + 1) * sizeof(**v));

	if (!nv)
		return DNSAUTH_ENOMEM;
	*v = nv;
	nv[*n] = strdup(s);
	if (!nv[*n])
		return DNSAUTH_ENOMEM;
	(*n)++;
	return 0;
}

/* ------------------------------------------------------------------ */
/* the domains a file's records concern                                 */

struct lint_domain {
	char *name;
	const char *selectors[LINT_SELECTORS_MAX];
	size_t nselectors;
	bool mail;       /*!< a mail domain; false when only an SPF record at
	                      an underscore name made it a domain (an include
	                      target such as _spf.example.com): then only its
	                      SPF findings are kept */
};

/* The domains in order of first mention, with an open-addressing index
 * (slot: position + 1, 0 empty; at most half full) so that a zone of N
 * records and D domains costs O(N), not O(N x D). */
struct domain_set {
	struct lint_domain *v;
	size_t n, cap;
	size_t *idx;
	size_t nidx;            /* slots, a power of two (0: none yet) */
	bool truncated;
};

/* FNV-1a of a name of \p len octets (names are lower case already) */
static size_t name_hash(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ull;
	}
	return (size_t)(h ^ (h >> 29));
}

static int domain_index_grow(struct domain_set *ds)
{
	size_t n = ds->nidx ? ds->nidx * 2 : 64, i, *idx;

	idx = calloc(n, sizeof(*idx));
	if (!idx)
		return DNSAUTH_ENOMEM;
	for (i = 0; i < ds->n; i++) {
		size_t j = name_hash(ds->v[i].name, strlen(ds->v[i].name)) & (n - 1);

		while (idx[j])
			j = (j + 1) & (n - 1);
		idx[j] = i + 1;
	}
	free(ds->idx);
	ds->idx = idx;
	ds->nidx = n;
	return 0;
}

static struct lint_domain *domain_add(struct domain_set *ds, const char *name, size_t len)
{
	size_t j;

	if (len == 0)
		return NULL;
	if ((ds->n + 1) * 2 > ds->nidx && domain_index_grow(ds) != 0)
		return NULL;
	for (j = name_hash(name, len) & (ds->nidx - 1); ds->idx[j]; j = (j + 1) & (ds->nidx - 1)) {
		struct lint_domain *d = &ds->v[ds->idx[j] - 1];

		if (strncmp(d->name, name, len) == 0 && d->name[len] == '\0')
			return d;
	}
	if (ds->n >= LINT_DOMAINS_MAX) {
		ds->truncated = true;
		return NULL;
	}
	if (ds->n == ds->cap) {
		size_t cap = ds->cap ? ds->cap * 2 : 16;
		struct lint_domain *v = realloc(ds->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		ds->v = v;
		ds->cap = cap;
	}
	memset(&ds->v[ds->n], 0, sizeof(ds->v[ds->n]));
	ds->v[ds->n].name = strndup(name, len);
	if (!ds->v[ds->n].name)
		return NULL;
	ds->idx[j] = ds->n + 1;
	return &ds->v[ds->n++];
}

static void domains_free(struct domain_set *ds)
{
	size_t i;

	for (i = 0; i < ds->n; i++)
		free(ds->v[i].name);
	free(ds->v);
	free(ds->idx);
}

/* The domain below a marker label: "_dmarc.example.com" with "_dmarc."
 * at the start gives "example.com"; for "_domainkey" and "_bimi" the
 * selector labels come first ("s1._domainkey.example.com"). */
static const char *below(const char *owner, const char *label, const char **sel_end)
{
	size_t n = strlen(label);
	const char *p = owner;

	*sel_end = NULL;
	if (strncmp(owner, label, n) == 0 && owner[n] == '.')
		return owner + n + 1;
	while ((p = strchr(p, '.')) != NULL) {
		p++;
		if (strncmp(p, label, n) == 0 && p[n] == '.') {
			*sel_end = p - 1;
			return p + n + 1;
		}
	}
	return NULL;
}

static bool value_starts(const struct dnsauth_zrec *r, const char *prefix)
{
	size_t n = strlen(prefix);

	return r->value && r->value_len >= n && strncasecmp(r->value, prefix, n) == 0;
}

/* Collect the domains to audit: the origin when it has records (or the
 * owner of the file's first SOA), owners of
 * SPF and MX records, and the domains of _dmarc, _domainkey (with their
 * selectors), _mta-sts, _smtp._tls and _bimi names. */
static int collect_domains(const struct dnsauth_zfile *zf, struct domain_set *ds)
{
	unsigned soa_seen = 0; /* the first SOA's owner: the file's zone */
	size_t i;

	for (i = 0; i < zf->nrecs; i++) {
		const struct dnsauth_zrec *r = &zf->recs[i];
		const char *d, *sel_end;
		struct lint_domain *ld = NULL;

		if (!r->rr || !r->owner || !*r->owner || r->owner[0] == '*')
			continue;
		if ((r->type == LDNS_RR_TYPE_SOA && !soa_seen++) ||
		    (zf->origin && strlen(r->owner) + 1 == strlen(zf->origin) &&
		     strncmp(r->owner, zf->origin, strlen(r->owner)) == 0)) {
			ld = domain_add(ds, r->owner, strlen(r->owner));
			if (ld)
				ld->mail = true;
			else if (!ds->truncated)
				return DNSAUTH_ENOMEM;
			continue;
		}
		if (r->type == LDNS_RR_TYPE_MX || value_starts(r, "v=spf1")) {
			ld = domain_add(ds, r->owner, strlen(r->owner));
			if (ld && (r->type == LDNS_RR_TYPE_MX || r->owner[0] != '_'))
				ld->mail = true;
			if (!ld && !ds->truncated)
				return DNSAUTH_ENOMEM;
			continue;
		} else if ((d = below(r->owner, "_dmarc", &sel_end)) != NULL && !sel_end) {
			ld = domain_add(ds, d, strlen(d));
		} else if ((d = below(r->owner, "_mta-sts", &sel_end)) != NULL && !sel_end) {
			ld = domain_add(ds, d, strlen(d));
		} else if (strncmp(r->owner, "_smtp._tls.", 11) == 0) {
			ld = domain_add(ds, r->owner + 11, strlen(r->owner + 11));
		} else if ((d = below(r->owner, "_bimi", &sel_end)) != NULL && sel_end) {
			ld = domain_add(ds, d, strlen(d));
		} else if ((d = below(r->owner, "_domainkey", &sel_end)) != NULL && sel_end) {
			ld = domain_add(ds, d, strlen(d));
			if (ld)
				ld->mail = true;
			if (ld && ld->nselectors < LINT_SELECTORS_MAX) {
				/* the selector is the owner up to "._domainkey";
				 * kept as a pointer into the record, copied below */
				size_t k, n = (size_t)(sel_end - r->owner);
				char *s;
				bool dup = false;

				for (k = 0; k < ld->nselectors; k++)
					if (strlen(ld->selectors[k]) == n &&
					    strncmp(ld->selectors[k], r->owner, n) == 0)
						dup = true;
				if (!dup) {
					s = strndup(r->owner, n);
					if (!s)
						return DNSAUTH_ENOMEM;
					ld->selectors[ld->nselectors++] = s;
				}
			}
			if (!ld && !ds->truncated)
				return DNSAUTH_ENOMEM;
			continue;
		} else {
			continue;
		}
		if (ld)
			ld->mail = true;
		else if (!ds->truncated)
			return DNSAUTH_ENOMEM;
	}
	return 0;
}

static void selectors_free(struct domain_set *ds)
{
	size_t i, k;

	for (i = 0; i < ds->n; i++)
		for (k = 0; k < ds->v[i].nselectors; k++)
			free((char *)ds->v[i].selectors[k]);
}

/* ------------------------------------------------------------------ */
/* placing audit findings                                               */

/* Whether \p r's owner is \p name, whose length without a trailing dot
 * is \p n (place() compares one name with every record of a file). */
static bool owner_is(const struct dnsauth_zrec *r, const char *name, size_t n)
{
	if (!r->owner || !name)
		return false;
	/* the prefix first: most owners differ in their first octets (a
	 * match ends with the owner's n octets) */
	return strncasecmp(r->owner, name, n) == 0 && r->owner[n] == '\0';
}

/* The length of a name without one trailing dot (0 for NULL). */
static size_t owner_len(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	return n && name[n - 1] == '.' ? n - 1 : n;
}

/* Whether the presentation form of \p r's RDATA is \p text. */
static bool rdata_is(const struct dnsauth_zrec *r, const char *text)
{
	char *s;
	bool same = false;
	size_t i, n, k = 0;
	ldns_buffer *b;

	if (!r->rr)
		return false;
	b = ldns_buffer_new(256);
	if (!b)
		return false;
	n = ldns_rr_rd_count(r->rr);
	for (i = 0; i < n; i++) {
		if (i)
			ldns_buffer_printf(b, " ");
		ldns_rdf2buffer_str(b, ldns_rr_rdf(r->rr, i));
	}
	s = ldns_buffer_export2str(b);
	ldns_buffer_free(b);
	if (!s)
		return false;
	/* names: compare without the trailing dots */
	n = strlen(s);
	while (n && s[n - 1] == '.')
		s[--n] = '\0';
	k = strlen(text);
	while (k && text[k - 1] == '.')
		k--;
	same = n == k && strncasecmp(s, text, k) == 0;
	free(s);
	return same;
}

/* The record a finding concerns: the one whose value is its record text
 * (at its name if possible), else the first record at its name. */
static const struct dnsauth_zrec *place(const struct dnsauth_zfile *zf,
					const struct dnsauth_finding *f, bool *by_record)
{
	const struct dnsauth_zrec *by_value = NULL, *by_name = NULL;
	size_t i, nlen = owner_len(f->name);

	/* first the records at its name, the usual place: comparing owners
	 * is cheap, printing the RDATA of every record of a big zone is not */
	for (i = 0; i < zf->nrecs && f->record; i++) {
		const struct dnsauth_zrec *r = &zf->recs[i];

		if (r->rr && owner_is(r, f->name, nlen) &&
		    ((r->value && strlen(f->record) == r->value_len &&
		      memcmp(r->value, f->record, r->value_len) == 0) ||
		     (!r->value && rdata_is(r, f->record)))) {
			*by_record = true;
			return r;
		}
	}
	for (i = 0; i < zf->nrecs; i++) {
		const struct dnsauth_zrec *r = &zf->recs[i];
		bool value_match;

		if (!r->rr)
			continue;
		value_match = f->record &&
			      ((r->value && strlen(f->record) == r->value_len &&
				memcmp(r->value, f->record, r->value_len) == 0) ||
			       (!r->value && rdata_is(r, f->record)));
		if (value_match && owner_is(r, f->name, nlen)) {
			*by_record = true;
			return r;
		}
		if (value_match && !by_value)
			by_value = r;
		if (!by_name && owner_is(r, f->name, nlen))
			by_name = r;
	}
	*by_record = by_value != NULL;
	return by_value ? by_value : by_name;
}

/* Whether the exchange of MX record \p r is named in \p message (as a
 * whole name: "mx1.example.com" does not match "mx1.example.com.au"). */
static bool mx_named(const struct dnsauth_zrec *r, const char *message)
{
	const ldns_rdf *ex = ldns_rr_rdf(r->rr, 1);
	char *name, *p;
	size_t n;
	bool found = false;

	if (!ex || !message)
		return false;
	name = ldns_rdf2str(ex);
	if (!name)
		return false;
	n = strlen(name);
	if (n > 1 && name[n - 1] == '.')
		name[--n] = '\0';
	for (p = strstr(message, name); p && !found; p = strstr(p + 1, name)) {
		char after = p[n];

		found = (p == message || strchr(" '(", p[-1])) &&
			(after == '\0' || strchr(" ',):;", after));
	}
	free(name);
	return found;
}

/* For a finding whose record text matches no record (an MX host that
 * does not exist, no usable DKIM key): the record of the audited \p domain
 * its area is about at \p domain, else the first record at \p domain. */
static const struct dnsauth_zrec *place_in_area(const struct dnsauth_zfile *zf,
						const struct dnsauth_finding *f,
						const char *domain)
{
	const struct dnsauth_zrec *first = NULL, *first_mx = NULL;
	size_t i, dl = strlen(domain);

	for (i = 0; i < zf->nrecs; i++) {
		const struct dnsauth_zrec *r = &zf->recs[i];
		size_t ol;
		bool at, under;

		if (!r->rr || !r->owner)
			continue;
		ol = strlen(r->owner);
		at = strcmp(r->owner, domain) == 0;
		under = ol > dl + 1 && r->owner[ol - dl - 1] == '.' &&
			strcmp(r->owner + ol - dl, domain) == 0;
		if (at && !first)
			first = r;
		switch (f->area) {
		case DNSAUTH_AREA_MX:
			/* the MX naming the host the message is about, else the
			 * first MX */
			if (at && r->type == LDNS_RR_TYPE_MX) {
				if (mx_named(r, f->message))
					return r;
				if (!first_mx)
					first_mx = r;
			}
			break;
		case DNSAUTH_AREA_SPF:
			if (at && value_starts(r, "v=spf1"))
				return r;
			break;
		case DNSAUTH_AREA_DMARC:
			if (under && ol == dl + 7 && strncmp(r->owner, "_dmarc.", 7) == 0)
				return r;
			break;
		case DNSAUTH_AREA_DKIM:
			if (under && strstr(r->owner, "._domainkey.") != NULL)
				return r;
			break;
		default:
			break;
		}
	}
	return first_mx ? first_mx : first;
}

static bool ignored(const struct dnsauth_zrec *r, enum dnsauth_rule_id rule)
{
	const char *id = dnsauth_rule_get(rule)->id;
	size_t i;

	for (i = 0; r && i < r->nignore; i++)
		if (strcasecmp(r->ignore[i], id) == 0)
			return true;
	return false;
}

/* The zrec a positioned finding (from the scanner or the zone rules)
 * lies in: the last record starting at or before its line. */
static const struct dnsauth_zrec *rec_at(const struct dnsauth_zfile *zf, unsigned line)
{
	const struct dnsauth_zrec *best = NULL;
	size_t i;

	for (i = 0; i < zf->nrecs; i++) {
		if (zf->recs[i].line > line)
			break;
		best = &zf->recs[i];
	}
	/* a record spans lines: only if the finding is on one of them */
	if (best && best->nrdata) {
		const struct dnsauth_ztok *last = &best->rdata[best->nrdata - 1];

		if (last->line < line)
			return NULL;
	}
	return best;
}

/* Whether an identical finding (rule, position, message) is in fl. */
static bool seen(const struct dnsauth_findings *fl, const struct dnsauth_finding *f)
{
	size_t i;

	for (i = 0; i < fl->n; i++) {
		const struct dnsauth_finding *g = &fl->v[i];

		if (g->rule == f->rule && g->line == f->line && g->column == f->column &&
		    strcmp(g->message, f->message) == 0)
			return true;
	}
	return false;
}

/* Whether \p zr's value is the record text of \p f (so that a column in
 * that text is a position in \p zr). */
static bool value_is_record(const struct dnsauth_zrec *zr, const struct dnsauth_finding *f)
{
	return zr->value && f->record && strlen(f->record) == zr->value_len &&
	       memcmp(zr->value, f->record, zr->value_len) == 0;
}

/* Copy \p f into \p out at \p zr's position (or the file alone): at the
 * finding's column when \p zr holds its record text, else at the record's
 * start (a column in another record's text means nothing here). */
static int add_placed(struct dnsauth_findings *out, const char *path,
		      const struct dnsauth_finding *f, const struct dnsauth_zrec *zr)
{
	unsigned line = 0, col = 0;
	struct dnsauth_finding tmp = *f;

	if (zr) {
		line = zr->line;
		col = zr->column;
		if (f->column && value_is_record(zr, f) &&
		    dnsauth_zrec_value_pos(zr, f->column - 1, &line, &col) != 0) {
			line = zr->line;
			col = zr->column;
		}
	}
	tmp.line = line;
	tmp.column = col;
	if (seen(out, &tmp))
		return 0;
	if (dnsauth_findings_add_at(out, f->rule, f->severity, path, line, col, f->name,
				    f->record, "%s", f->message) != 0)
		return DNSAUTH_ENOMEM;
	out->v[out->n - 1].area = f->area;
	return 0;
}

/* ------------------------------------------------------------------ */
/* one file                                                             */

/* A records source over the records that parsed; its zone is complete
 * when the file has an SOA at the owner of that SOA. */
static int build_source(const struct dnsauth_zfile *zf, const struct dnsauth_lint_opts *o,
			struct dnsauth_dns **out)
{
	struct dnsauth_dns *dns = NULL;
	size_t i;
	int rc;

	rc = dnsauth_dns_new_records(&dns);
	if (rc)
		return rc;
	for (i = 0; i < zf->nrecs && !rc; i++)
		if (zf->recs[i].rr && zf->recs[i].type == LDNS_RR_TYPE_SOA && zf->recs[i].owner)
			rc = dnsauth_dns_records_zone(dns, zf->recs[i].owner, true);
	if (!rc && zf->origin)
		rc = dnsauth_dns_records_zone(dns, zf->origin, false);
	/* the source points at the file's records, which outlive it */
	for (i = 0; i < zf->nrecs && !rc; i++)
		if (zf->recs[i].rr)
			rc = dnsauth_dns_records_add_ref(dns, zf->recs[i].rr);
	if (!rc && o->online)
		rc = dnsauth_dns_set_fallback(dns, o->online);
	if (rc) {
		dnsauth_dns_free(dns);
		return rc == DNSAUTH_ENOMEM ? rc : DNSAUTH_ENOMEM;
	}
	*out = dns;
	return 0;
}

/* Audit every domain; place the findings in \p out. */
static int audit_all(const struct dnsauth_zfile *zf, const struct dnsauth_lint_opts *o,
		     struct dnsauth_dns *dns, const struct domain_set *ds,
		     struct dnsauth_findings *out, struct dnsauth_lint_result *r)
{
	size_t i, k;

	for (i = 0; i < ds->n; i++) {
		struct dnsauth_audit_opts ao;
		struct dnsauth_audit *a = NULL;
		int rc;

		memset(&ao, 0, sizeof(ao));
		ao.selectors = ds->v[i].selectors;
		ao.nselectors = ds->v[i].nselectors;
		ao.no_selector_probe = true;
		ao.psl = o->psl;
		ao.documentation_addresses_ok = o->documentation_addresses_ok;
		ao.no_records = true;   /* only the findings are placed */
		rc = dnsauth_audit_domain(dns, ds->v[i].name, &ao, &a);
		if (rc)
			return rc;
		r->ndomains++;
		for (k = 0; k < a->findings.n; k++) {
			const struct dnsauth_finding *f = &a->findings.v[k];
			const struct dnsauth_zrec *zr;
			bool by_record = false;

			/* live rules need probes lint does not make */
			if (dnsauth_rule_get(f->rule)->live && !o->online)
				continue;
			if (!ds->v[i].mail && f->area != DNSAUTH_AREA_SPF)
				continue;
			zr = place(zf, f, &by_record);
			/* no record with its text: the record of its area at its
			 * name (the _dmarc record of a DMARC finding about a
			 * domain), else of the audited domain */
			if (!by_record) {
				const struct dnsauth_zrec *in_area = NULL;

				if (f->name)
					in_area = place_in_area(zf, f, f->name);
				if (!in_area)
					in_area = place_in_area(zf, f, ds->v[i].name);
				if (in_area)
					zr = in_area;
			}
			/* ignore comments are applied in merge(), after the
			 * superseded findings are dropped */
			if (add_placed(out, zf->path, f, zr) != 0) {
				dnsauth_audit_free(a);
				return DNSAUTH_ENOMEM;
			}
		}
		dnsauth_audit_free(a);
		/* the next domain asks other names: drop this one's answers
		 * (a big zone's cache would otherwise hold every audit's) */
		dnsauth_dns_forget(dns);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* one finding per cause at one place                                   */

/*
 * Pairs of rules that report one cause at one place in different words:
 * the zone rules (lib/lint_zone.c) and the scanner see the record as
 * written, the audit engine sees the value, and both may name the same
 * mistake at the same file:line:col. There the winner's finding is kept
 * and the loser's dropped; at other places, or alone, each rule reports
 * as usual. The winner is the more specific and more actionable rule.
 * Findings of two causes at one place (dkim-no-key-found summing up a
 * dkim-record-syntax, dmarc-missing after dmarc-multiple-records, a note
 * of dmarc-monitoring-only on the effective policy) all stay.
 *
 * Pairs that "dnsauth verify" reports too belong to the audit engine,
 * not here (an invalid include or redirect domain is spf-target-invalid,
 * not also spf-syntax-error: lib/audit_spf.c); this table holds only the
 * pairs the linter adds, where a zone rule or the scanner meets a rule of
 * the engine.
 */
static const struct supersede {
	enum dnsauth_rule_id winner, loser;
} supersedes[] = {
	/* A string over 255 octets: the scanner passes on ldns's parse
	 * error too, which says less. */
	{ DNSAUTH_R_ZONE_TXT_STRING_TOO_LONG, DNSAUTH_R_ZONE_SYNTAX },
	/* DMARC at the apex (rules.md lists it under both rules): the DMARC
	 * rule owns it. It exists for exactly this case, it is what dnsauth
	 * verify reports for the same record (so ignore comments and
	 * profiles work alike in both tools), and it knows whether a valid
	 * record at _dmarc applies anyway (then a warning: remove the stray
	 * one, not an error). zone-record-wrong-owner stays where the engine
	 * does not judge: owners it does not audit (typos such as
	 * dmarc.<domain>, DMARC at www), and a snippet that does not hold
	 * _dmarc.<domain> (whether the right record exists is not known). */
	{ DNSAUTH_R_DMARC_WRONG_OWNER, DNSAUTH_R_ZONE_RECORD_WRONG_OWNER },
	/* A garbled character (smart quote, U+2011, no-break space, an
	 * escaped quote): the zone rule names the character and how it got
	 * there; the record's syntax error at the same column only says
	 * that it is not allowed. */
	{ DNSAUTH_R_ZONE_TXT_GARBLED, DNSAUTH_R_SPF_SYNTAX_ERROR },
	{ DNSAUTH_R_ZONE_TXT_GARBLED, DNSAUTH_R_DKIM_RECORD_SYNTAX },
	{ DNSAUTH_R_ZONE_TXT_GARBLED, DNSAUTH_R_DMARC_VERSION_INVALID },
	{ DNSAUTH_R_ZONE_TXT_GARBLED, DNSAUTH_R_DMARC_POLICY_INVALID },
};

/* Whether a finding of \p winner at a place drops one of \p loser there. */
static bool supersedes_rule(enum dnsauth_rule_id winner, enum dnsauth_rule_id loser)
{
	size_t i;

	for (i = 0; i < sizeof(supersedes) / sizeof(supersedes[0]); i++)
		if (supersedes[i].winner == winner && supersedes[i].loser == loser)
			return true;
	return false;
}

static bool same_place(const struct dnsauth_finding *a, const struct dnsauth_finding *b)
{
	return a->line == b->line && a->column == b->column &&
	       ((!a->file && !b->file) || (a->file && b->file && strcmp(a->file, b->file) == 0));
}

static int place_cmp(const struct dnsauth_finding *a, const struct dnsauth_finding *b)
{
	int c;

	if (a->file != b->file) {
		if (!a->file || !b->file)
			return a->file ? 1 : -1;
		c = strcmp(a->file, b->file);
		if (c)
			return c;
	}
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->column != b->column)
		return a->column < b->column ? -1 : 1;
	return 0;
}

static int finding_cmp(const void *x, const void *y)
{
	const struct dnsauth_finding *a = x, *b = y;
	int c = place_cmp(a, b);

	return c ? c : (int)a->rule - (int)b->rule;
}

size_t dnsauth_lint_drop_superseded(struct dnsauth_findings *fl)
{
	size_t i, j, start, n;
	bool *drop;

	if (fl->n < 2)
		return 0;
	qsort(fl->v, fl->n, sizeof(fl->v[0]), finding_cmp);
	drop = calloc(fl->n, sizeof(*drop));
	if (!drop)
		return 0; /* keep everything: a duplicate is better than a loss */
	/* sorted by place, the findings of one place are a run */
	for (start = 0; start < fl->n; start = i) {
		for (i = start + 1; i < fl->n && same_place(&fl->v[i], &fl->v[start]); i++)
			;
		if (!fl->v[start].line || i - start < 2)
			continue; /* no place, or alone there */
		for (j = start; j < i; j++) {
			size_t k;

			for (k = start; k < i && !drop[j]; k++)
				if (k != j && supersedes_rule(fl->v[k].rule, fl->v[j].rule))
					drop[j] = true;
		}
	}
	n = dnsauth_findings_remove(fl, drop);
	free(drop);
	return n;
}

/* Move the findings of one file, sorted, into the result, dropping the
 * superseded ones and then the ones an ignore comment suppresses (so an
 * ignore comment for the rule that owns a cause silences it: the other
 * rule's finding is gone already). */
static int merge(const struct dnsauth_zfile *zf, struct dnsauth_findings *fl,
		 struct dnsauth_lint_result *r)
{
	size_t i;

	dnsauth_lint_drop_superseded(fl); /* sorts them too */
	for (i = 0; i < fl->n; i++) {
		const struct dnsauth_finding *f = &fl->v[i];

		if (zf && f->line && ignored(rec_at(zf, f->line), f->rule)) {
			r->nsuppressed++;
			continue;
		}
		if (dnsauth_findings_add_at(&r->findings, f->rule, f->severity, f->file, f->line,
					    f->column, f->name, f->record, "%s", f->message) != 0)
			return DNSAUTH_ENOMEM;
		r->findings.v[r->findings.n - 1].area = f->area;
	}
	r->findings.dropped += fl->dropped;
	return 0;
}

static int skipped_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Record the names the audits asked for that the file does not cover. */
static int note_skipped(struct dnsauth_dns *dns, struct dnsauth_lint_result *r)
{
	char **names = NULL;
	size_t n = 0, i, old = r->nskipped;
	int rc;

	rc = dnsauth_dns_outside_names(dns, &names, &n);
	if (rc)
		return rc;
	/* the names are unique; r->skipped is sorted (below): a big zone
	 * has thousands (the reverse names of its addresses) */
	for (i = 0; i < n && !rc; i++)
		if (!old || !bsearch(&names[i], r->skipped, old, sizeof(*r->skipped), skipped_cmp))
			rc = strv_add(&r->skipped, &r->nskipped, names[i]);
	strv_free(names, n);
	if (r->nskipped > 1)
		qsort(r->skipped, r->nskipped, sizeof(*r->skipped), skipped_cmp);
	return rc;
}

static int lint_scanned(struct dnsauth_zfile *zf, struct dnsauth_findings *fl,
			const struct dnsauth_lint_opts *o, struct dnsauth_lint_result *r)
{
	struct domain_set ds;
	struct dnsauth_dns *dns = NULL;
	int rc;

	memset(&ds, 0, sizeof(ds));
	r->nfiles++;
	r->nrecords += zf->nrecs;
	rc = dnsauth_lint_zone_rules(zf, fl);
	if (!rc)
		rc = collect_domains(zf, &ds);
	if (!rc)
		rc = build_source(zf, o, &dns);
	if (!rc)
		rc = audit_all(zf, o, dns, &ds, fl, r);
	if (!rc && ds.truncated)
		rc = dnsauth_findings_add_at(fl, DNSAUTH_R_ZONE_SYNTAX, DNSAUTH_SEV_INFO, zf->path,
					     0, 0, NULL, NULL,
					     "more than %u domains in the file: only the first "
					     "%u were audited", LINT_DOMAINS_MAX, LINT_DOMAINS_MAX);
	if (!rc && dns && !o->online)
		rc = note_skipped(dns, r);
	if (!rc)
		rc = merge(zf, fl, r);
	dnsauth_dns_free(dns);
	selectors_free(&ds);
	domains_free(&ds);
	return rc;
}

static void scan_opts(const struct dnsauth_lint_opts *o, struct dnsauth_zscan_opts *so)
{
	memset(so, 0, sizeof(*so));
	so->origin = o->origin;
}

int dnsauth_lint_file(const char *path, const struct dnsauth_lint_opts *o,
		      struct dnsauth_lint_result *r)
{
	struct dnsauth_zscan_opts so;
	struct dnsauth_zfile *zf = NULL;
	struct dnsauth_findings fl;
	char err[512];
	int rc;

	scan_opts(o, &so);
	dnsauth_findings_init(&fl);
	err[0] = '\0';
	rc = dnsauth_zscan_file(path, &so, &zf, &fl, err, sizeof(err));
	if (rc == DNSAUTH_EIO || (rc && rc != DNSAUTH_ENOMEM)) {
		dnsauth_findings_clear(&fl);
		return strv_add(&r->unreadable, &r->nunreadable, err[0] ? err : path);
	}
	if (!rc)
		rc = lint_scanned(zf, &fl, o, r);
	dnsauth_zfile_free(zf);
	dnsauth_findings_clear(&fl);
	return rc;
}

int dnsauth_lint_buf(const char *path, const char *text, size_t len,
		     const struct dnsauth_lint_opts *o, struct dnsauth_lint_result *r)
{
	struct dnsauth_zscan_opts so;
	struct dnsauth_zfile *zf = NULL;
	struct dnsauth_findings fl;
	int rc;

	scan_opts(o, &so);
	dnsauth_findings_init(&fl);
	rc = dnsauth_zscan_buf(path, text, len, &so, &zf, &fl);
	if (!rc)
		rc = lint_scanned(zf, &fl, o, r);
	dnsauth_zfile_free(zf);
	dnsauth_findings_clear(&fl);
	return rc;
}
