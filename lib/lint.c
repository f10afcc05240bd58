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
/* an index of a file's records for placing findings                    */

#define NO_REC SIZE_MAX

/* A map from strings (pointer and length, not owned) to record indices:
 * open addressing, at most half full. With nocase, keys compare as
 * strncasecmp() does (ASCII: the tools set no locale). */
struct strmap {
	struct strmap_ent {
		const char *key;  /* NULL: an empty slot */
		size_t len;
		size_t val;
	} *v;
	size_t nslots, n;     /* nslots: a power of two (0: none yet) */
	bool nocase;
};

/* FNV-1a of \p len octets, ASCII letters folded with \p nocase */
static size_t key_hash(const char *s, size_t len, bool nocase)
{
	uint64_t h = 0xcbf29ce484222325ull;
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (nocase && c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h ^= c;
		h *= 0x100000001b3ull;
	}
	return (size_t)(h ^ (h >> 29));
}

/* The slot of \p key: its entry, or the empty slot it would take. */
static struct strmap_ent *strmap_slot(const struct strmap *m, const char *key, size_t len)
{
	size_t j, mask = m->nslots - 1;

	for (j = key_hash(key, len, m->nocase) & mask; m->v[j].key; j = (j + 1) & mask) {
		const struct strmap_ent *e = &m->v[j];

		if (e->len == len && (m->nocase ? strncasecmp(e->key, key, len) == 0
						: memcmp(e->key, key, len) == 0))
			break;
	}
	return &m->v[j];
}

static int strmap_grow(struct strmap *m)
{
	size_t n = m->nslots ? m->nslots * 2 : 64, i;
	struct strmap_ent *v = calloc(n, sizeof(*v));

	if (!v)
		return DNSAUTH_ENOMEM;
	for (i = 0; i < m->nslots; i++) {
		size_t j;

		if (!m->v[i].key)
			continue;
		j = key_hash(m->v[i].key, m->v[i].len, m->nocase) & (n - 1);
		while (v[j].key)
			j = (j + 1) & (n - 1);
		v[j] = m->v[i];
	}
	free(m->v);
	m->v = v;
	m->nslots = n;
	return 0;
}

/* The entry of \p key, added with \p val when new (*added says so);
 * NULL when out of memory. */
static struct strmap_ent *strmap_get(struct strmap *m, const char *key, size_t len,
				     size_t val, bool *added)
{
	struct strmap_ent *e;

	if ((m->n + 1) * 2 > m->nslots && strmap_grow(m) != 0)
		return NULL;
	e = strmap_slot(m, key, len);
	*added = !e->key;
	if (!e->key) {
		e->key = key;
		e->len = len;
		e->val = val;
		m->n++;
	}
	return e;
}

/* The value of \p key, or NO_REC. */
static size_t strmap_find(const struct strmap *m, const char *key, size_t len)
{
	const struct strmap_ent *e;

	if (!m->nslots)
		return NO_REC;
	e = strmap_slot(m, key, len);
	return e->key ? e->val : NO_REC;
}

/* What placing the findings of one file looks up, each part built on
 * first use (a clean file needs none of it), so that placing a finding
 * costs the records at its name, not a pass over the file. */
struct place_index {
	const struct dnsauth_zfile *zf;
	bool owners_built, dkim_built, texts_built;
	struct strmap owners;  /* owner (ASCII case folded) -> its first record */
	size_t *next;          /* the next record at the same owner, or NO_REC */
	struct strmap dkim;    /* a name -> the first record below it whose
	                          owner holds "._domainkey." */
	struct strmap values;  /* a TXT/SPF value -> the first record with it */
	struct strmap rdatas;  /* the RDATA text of the other records (no
	                          trailing dots, case folded) -> the first */
	char **texts;          /* the keys of rdatas */
	size_t ntexts;
	unsigned *line_max;    /* the highest start line of records 0..i */
};

static void place_index_init(struct place_index *px, const struct dnsauth_zfile *zf)
{
	memset(px, 0, sizeof(*px));
	px->zf = zf;
	px->owners.nocase = true;
	px->rdatas.nocase = true;
}

static void place_index_free(struct place_index *px)
{
	strv_free(px->texts, px->ntexts);
	free(px->owners.v);
	free(px->next);
	free(px->dkim.v);
	free(px->values.v);
	free(px->rdatas.v);
	free(px->line_max);
}

/* The records that can hold a finding: parsed, with an owner. */
static bool placeable(const struct dnsauth_zrec *r)
{
	return r->rr && r->owner;
}

/* The records at each owner, in file order: built backwards, each record
 * goes before the ones already listed at its owner. */
static int owners_build(struct place_index *px)
{
	const struct dnsauth_zfile *zf = px->zf;
	size_t i;

	px->owners_built = true;
	if (!zf->nrecs)
		return 0;
	px->next = malloc(zf->nrecs * sizeof(*px->next));
	if (!px->next)
		return DNSAUTH_ENOMEM;
	for (i = zf->nrecs; i-- > 0;) {
		const struct dnsauth_zrec *r = &zf->recs[i];
		struct strmap_ent *e;
		bool added;

		px->next[i] = NO_REC;
		if (!placeable(r))
			continue;
		e = strmap_get(&px->owners, r->owner, strlen(r->owner), i, &added);
		if (!e)
			return DNSAUTH_ENOMEM;
		if (!added) {
			px->next[i] = e->val;
			e->val = i;
		}
	}
	return 0;
}

/* The first record whose owner is \p name[0..len) in any case, or
 * NO_REC; px->next[] leads to the others. */
static int owner_first(struct place_index *px, const char *name, size_t len, size_t *first)
{
	int rc;

	*first = NO_REC;
	if (!px->owners_built && (rc = owners_build(px)) != 0)
		return rc;
	*first = strmap_find(&px->owners, name, len);
	return 0;
}

/* The length of a name without one trailing dot (0 for NULL). */
static size_t owner_len(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	return n && name[n - 1] == '.' ? n - 1 : n;
}

/* The presentation form of \p r's RDATA without trailing dots (names are
 * compared without them), or NULL. */
static char *rdata_text(const struct dnsauth_zrec *r)
{
	char *s;
	size_t i, n;
	ldns_buffer *b;

	if (!r->rr)
		return NULL;
	b = ldns_buffer_new(256);
	if (!b)
		return NULL;
	n = ldns_rr_rd_count(r->rr);
	for (i = 0; i < n; i++) {
		if (i)
			ldns_buffer_printf(b, " ");
		ldns_rdf2buffer_str(b, ldns_rr_rdf(r->rr, i));
	}
	s = ldns_buffer_export2str(b);
	ldns_buffer_free(b);
	if (!s)
		return NULL;
	n = strlen(s);
	while (n && s[n - 1] == '.')
		s[--n] = '\0';
	return s;
}

/* The length of \p text without its trailing dots. */
static size_t text_len(const char *text)
{
	size_t k = strlen(text);

	while (k && text[k - 1] == '.')
		k--;
	return k;
}

/* Whether the presentation form of \p r's RDATA is \p text[0..k) (no
 * trailing dots), in any case. */
static bool rdata_is(const struct dnsauth_zrec *r, const char *text, size_t k)
{
	char *s = rdata_text(r);
	bool same;

	if (!s)
		return false;
	same = strlen(s) == k && strncasecmp(s, text, k) == 0;
	free(s);
	return same;
}

/* Whether \p r holds the record text \p record (\p rlen octets; \p k
 * without trailing dots): its value, or the text of its RDATA. */
static bool record_is(const struct dnsauth_zrec *r, const char *record, size_t rlen, size_t k)
{
	if (r->value)
		return rlen == r->value_len && memcmp(r->value, record, rlen) == 0;
	return rdata_is(r, record, k);
}

/* The first record of the file holding each value and RDATA text. */
static int texts_build(struct place_index *px)
{
	const struct dnsauth_zfile *zf = px->zf;
	size_t i;

	px->texts_built = true;
	for (i = 0; i < zf->nrecs; i++) {
		const struct dnsauth_zrec *r = &zf->recs[i];
		bool added;
		char *s, **v;

		if (!r->rr)
			continue;
		if (r->value) {
			if (!strmap_get(&px->values, r->value, r->value_len, i, &added))
				return DNSAUTH_ENOMEM;
			continue;
		}
		s = rdata_text(r);
		if (!s)
			continue; /* as rdata_is: no text, no match */
		v = realloc(px->texts, (px->ntexts + 1) * sizeof(*v));
		if (!v) {
			free(s);
			return DNSAUTH_ENOMEM;
		}
		px->texts = v;
		if (!strmap_get(&px->rdatas, s, strlen(s), i, &added)) {
			free(s);
			return DNSAUTH_ENOMEM;
		}
		if (added)
			px->texts[px->ntexts++] = s;
		else
			free(s);
	}
	return 0;
}

/* The record a finding concerns: the one whose value is its record text
 * (at its name if possible), else the first record at its name. */
static int place(struct place_index *px, const struct dnsauth_finding *f,
		 const struct dnsauth_zrec **out, bool *by_record)
{
	const struct dnsauth_zrec *recs = px->zf->recs;
	size_t i, first = NO_REC, rlen = 0, k = 0, by_value = NO_REC;
	int rc;

	*out = NULL;
	*by_record = false;
	if (f->name && (rc = owner_first(px, f->name, owner_len(f->name), &first)) != 0)
		return rc;
	if (f->record) {
		size_t a, b;

		/* first the records at its name, the usual place */
		rlen = strlen(f->record);
		k = text_len(f->record);
		for (i = first; i != NO_REC; i = px->next[i])
			if (record_is(&recs[i], f->record, rlen, k)) {
				*by_record = true;
				*out = &recs[i];
				return 0;
			}
		/* else the first record of the file with its text */
		if (!px->texts_built && (rc = texts_build(px)) != 0)
			return rc;
		a = strmap_find(&px->values, f->record, rlen);
		b = strmap_find(&px->rdatas, f->record, k);
		by_value = a < b ? a : b;
	}
	*by_record = by_value != NO_REC;
	if (by_value != NO_REC)
		*out = &recs[by_value];
	else if (first != NO_REC)
		*out = &recs[first];
	return 0;
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

/* For each name, the first record below it (its owner ends in "." and
 * the name) whose owner holds "._domainkey.": a DKIM record of the
 * domain, under any selector. */
static int dkim_build(struct place_index *px)
{
	const struct dnsauth_zfile *zf = px->zf;
	size_t i, p, ol;
	bool added;

	px->dkim_built = true;
	for (i = 0; i < zf->nrecs; i++) {
		const struct dnsauth_zrec *r = &zf->recs[i];

		if (!placeable(r) || !strstr(r->owner, "._domainkey."))
			continue;
		ol = strlen(r->owner);
		/* every name the owner is strictly below, octet by octet as
		 * written (an escaped dot counts too) */
		for (p = 1; p < ol; p++)
			if (r->owner[p] == '.' &&
			    !strmap_get(&px->dkim, r->owner + p + 1, ol - p - 1, i, &added))
				return DNSAUTH_ENOMEM;
	}
	return 0;
}

/* For a finding whose record text matches no record (an MX host that
 * does not exist, no usable DKIM key): the record of the audited \p domain
 * its area is about at \p domain, else the first record at \p domain. */
static int place_in_area(struct place_index *px, const struct dnsauth_finding *f,
			 const char *domain, const struct dnsauth_zrec **out)
{
	const struct dnsauth_zrec *recs = px->zf->recs;
	const struct dnsauth_zrec *first = NULL, *first_mx = NULL;
	size_t i, at, dl = strlen(domain);
	char *dmarc;
	int rc;

	*out = NULL;
	switch (f->area) {
	case DNSAUTH_AREA_DMARC:
		/* the record at _dmarc.<domain> */
		dmarc = malloc(dl + 8);
		if (!dmarc)
			return DNSAUTH_ENOMEM;
		memcpy(dmarc, "_dmarc.", 7);
		memcpy(dmarc + 7, domain, dl + 1);
		rc = owner_first(px, dmarc, dl + 7, &at);
		for (i = at; !rc && i != NO_REC; i = px->next[i])
			if (strcmp(recs[i].owner, dmarc) == 0) {
				*out = &recs[i];
				break;
			}
		free(dmarc);
		if (rc || *out)
			return rc;
		break;
	case DNSAUTH_AREA_DKIM:
		if (!px->dkim_built && (rc = dkim_build(px)) != 0)
			return rc;
		i = strmap_find(&px->dkim, domain, dl);
		if (i != NO_REC) {
			*out = &recs[i];
			return 0;
		}
		break;
	default:
		break;
	}
	if ((rc = owner_first(px, domain, dl, &at)) != 0)
		return rc;
	for (i = at; i != NO_REC; i = px->next[i]) {
		const struct dnsauth_zrec *r = &recs[i];

		if (strcmp(r->owner, domain) != 0)
			continue;
		if (!first)
			first = r;
		if (f->area == DNSAUTH_AREA_MX && r->type == LDNS_RR_TYPE_MX) {
			/* the MX naming the host the message is about, else
			 * the first MX */
			if (mx_named(r, f->message)) {
				*out = r;
				return 0;
			}
			if (!first_mx)
				first_mx = r;
		} else if (f->area == DNSAUTH_AREA_SPF && value_starts(r, "v=spf1")) {
			*out = r;
			return 0;
		}
	}
	*out = first_mx ? first_mx : first;
	return 0;
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
 * lies in: the last record before the first one starting after its line
 * (a binary search on the highest start line so far). */
static int rec_at(struct place_index *px, unsigned line, const struct dnsauth_zrec **out)
{
	const struct dnsauth_zfile *zf = px->zf;
	const struct dnsauth_zrec *best;
	size_t i, lo = 0, hi = zf->nrecs;

	*out = NULL;
	if (!px->line_max && zf->nrecs) {
		px->line_max = malloc(zf->nrecs * sizeof(*px->line_max));
		if (!px->line_max)
			return DNSAUTH_ENOMEM;
		for (i = 0; i < zf->nrecs; i++)
			px->line_max[i] = i && px->line_max[i - 1] > zf->recs[i].line
					  ? px->line_max[i - 1] : zf->recs[i].line;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (px->line_max[mid] > line)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (!lo)
		return 0;
	best = &zf->recs[lo - 1];
	/* a record spans lines: only if the finding is on one of them */
	if (best->nrdata && best->rdata[best->nrdata - 1].line < line)
		return 0;
	*out = best;
	return 0;
}

/* The findings of a list by rule, position and message, to add each
 * placed finding once: open addressing (index + 1, 0 empty), at most
 * half full. */
struct seen_set {
	size_t *slot;
	size_t nslots, n;
};

static size_t finding_key(enum dnsauth_rule_id rule, unsigned line, unsigned column,
			  const char *message)
{
	size_t h = key_hash(message, strlen(message), false);

	h ^= ((size_t)rule * 0x9e3779b97f4a7c15ull) ^ ((size_t)line << 20) ^ column;
	return h ^ (h >> 31);
}

static bool seen_same(const struct dnsauth_finding *g, enum dnsauth_rule_id rule,
		      unsigned line, unsigned column, const char *message)
{
	return g->rule == rule && g->line == line && g->column == column &&
	       strcmp(g->message, message) == 0;
}

static int seen_grow(struct seen_set *ss, const struct dnsauth_findings *fl)
{
	size_t n = ss->nslots ? ss->nslots * 2 : 64, i, *slot;

	slot = calloc(n, sizeof(*slot));
	if (!slot)
		return DNSAUTH_ENOMEM;
	for (i = 0; i < ss->nslots; i++) {
		const struct dnsauth_finding *g;
		size_t j;

		if (!ss->slot[i])
			continue;
		g = &fl->v[ss->slot[i] - 1];
		j = finding_key(g->rule, g->line, g->column, g->message) & (n - 1);
		while (slot[j])
			j = (j + 1) & (n - 1);
		slot[j] = ss->slot[i];
	}
	free(ss->slot);
	ss->slot = slot;
	ss->nslots = n;
	return 0;
}

/* Add finding \p idx of \p fl to the set. */
static int seen_add(struct seen_set *ss, const struct dnsauth_findings *fl, size_t idx)
{
	const struct dnsauth_finding *g = &fl->v[idx];
	size_t j;

	if ((ss->n + 1) * 2 > ss->nslots && seen_grow(ss, fl) != 0)
		return DNSAUTH_ENOMEM;
	j = finding_key(g->rule, g->line, g->column, g->message) & (ss->nslots - 1);
	while (ss->slot[j])
		j = (j + 1) & (ss->nslots - 1);
	ss->slot[j] = idx + 1;
	ss->n++;
	return 0;
}

/* Whether a finding of \p rule at \p line:column with \p message is in
 * \p fl (whose findings are all in the set). */
static bool seen(const struct seen_set *ss, const struct dnsauth_findings *fl,
		 enum dnsauth_rule_id rule, unsigned line, unsigned column, const char *message)
{
	size_t j;

	if (!ss->nslots)
		return false;
	for (j = finding_key(rule, line, column, message) & (ss->nslots - 1); ss->slot[j];
	     j = (j + 1) & (ss->nslots - 1))
		if (seen_same(&fl->v[ss->slot[j] - 1], rule, line, column, message))
			return true;
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
static int add_placed(struct dnsauth_findings *out, struct seen_set *ss, const char *path,
		      const struct dnsauth_finding *f, const struct dnsauth_zrec *zr)
{
	unsigned line = 0, col = 0;
	size_t n = out->n;

	if (zr) {
		line = zr->line;
		col = zr->column;
		if (f->column && value_is_record(zr, f) &&
		    dnsauth_zrec_value_pos(zr, f->column - 1, &line, &col) != 0) {
			line = zr->line;
			col = zr->column;
		}
	}
	if (seen(ss, out, f->rule, line, col, f->message))
		return 0;
	if (dnsauth_findings_add_at(out, f->rule, f->severity, path, line, col, f->name,
				    f->record, "%s", f->message) != 0)
		return DNSAUTH_ENOMEM;
	out->v[out->n - 1].area = f->area;
	return out->n > n ? seen_add(ss, out, out->n - 1) : 0;
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
static int audit_all(struct place_index *px, const struct dnsauth_lint_opts *o,
		     struct dnsauth_dns *dns, const struct domain_set *ds,
		     struct dnsauth_findings *out, struct dnsauth_lint_result *r)
{
	const struct dnsauth_zfile *zf = px->zf;
	struct seen_set ss;
	size_t i, k;
	int rc = 0;

	memset(&ss, 0, sizeof(ss));
	for (k = 0; k < out->n && !rc; k++)
		rc = seen_add(&ss, out, k);
	for (i = 0; i < ds->n && !rc; i++) {
		struct dnsauth_audit_opts ao;
		struct dnsauth_audit *a = NULL;

		memset(&ao, 0, sizeof(ao));
		ao.selectors = ds->v[i].selectors;
		ao.nselectors = ds->v[i].nselectors;
		ao.no_selector_probe = true;
		ao.psl = o->psl;
		ao.documentation_addresses_ok = o->documentation_addresses_ok;
		ao.no_records = true;   /* only the findings are placed */
		/* an include target (_spf.example.com): its SPF record only */
		ao.spf_only = !ds->v[i].mail;
		rc = dnsauth_audit_domain(dns, ds->v[i].name, &ao, &a);
		if (rc)
			break;
		r->ndomains++;
		for (k = 0; k < a->findings.n && !rc; k++) {
			const struct dnsauth_finding *f = &a->findings.v[k];
			const struct dnsauth_zrec *zr, *in_area = NULL;
			bool by_record = false;

			/* live rules need probes lint does not make */
			if (dnsauth_rule_get(f->rule)->live && !o->online)
				continue;
			if (!ds->v[i].mail && f->area != DNSAUTH_AREA_SPF)
				continue;
			rc = place(px, f, &zr, &by_record);
			/* no record with its text: the record of its area at its
			 * name (the _dmarc record of a DMARC finding about a
			 * domain), else of the audited domain */
			if (!rc && !by_record && f->name)
				rc = place_in_area(px, f, f->name, &in_area);
			if (!rc && !by_record && !in_area)
				rc = place_in_area(px, f, ds->v[i].name, &in_area);
			if (in_area)
				zr = in_area;
			/* ignore comments are applied in merge(), after the
			 * superseded findings are dropped */
			if (!rc)
				rc = add_placed(out, &ss, zf->path, f, zr);
		}
		dnsauth_audit_free(a);
		/* the next domain asks other names: drop this one's answers
		 * (a big zone's cache would otherwise hold every audit's) */
		dnsauth_dns_forget(dns);
	}
	free(ss.slot);
	return rc;
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
static int merge(struct place_index *px, struct dnsauth_findings *fl,
		 struct dnsauth_lint_result *r)
{
	size_t i;

	dnsauth_lint_drop_superseded(fl); /* sorts them too */
	for (i = 0; i < fl->n; i++) {
		const struct dnsauth_finding *f = &fl->v[i];
		const struct dnsauth_zrec *zr = NULL;

		if (f->line && rec_at(px, f->line, &zr) != 0)
			return DNSAUTH_ENOMEM;
		if (f->line && ignored(zr, f->rule)) {
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
	struct place_index px;
	int rc;

	memset(&ds, 0, sizeof(ds));
	place_index_init(&px, zf);
	r->nfiles++;
	r->nrecords += zf->nrecs;
	rc = dnsauth_lint_zone_rules(zf, fl);
	if (!rc)
		rc = collect_domains(zf, &ds);
	if (!rc)
		rc = build_source(zf, o, &dns);
	if (!rc)
		rc = audit_all(&px, o, dns, &ds, fl, r);
	if (!rc && ds.truncated)
		rc = dnsauth_findings_add_at(fl, DNSAUTH_R_ZONE_SYNTAX, DNSAUTH_SEV_INFO, zf->path,
					     0, 0, NULL, NULL,
					     "more than %u domains in the file: only the first "
					     "%u were audited", LINT_DOMAINS_MAX, LINT_DOMAINS_MAX);
	if (!rc && dns && !o->online)
		rc = note_skipped(dns, r);
	if (!rc)
		rc = merge(&px, fl, r);
	place_index_free(&px);
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
