/* SPDX-License-Identifier: MIT */
/*
 * lint_zone.c - the zone rules (rules.md §6.10): static checks on the
 * records of one scanned file, as written (lib/zscan.h).
 *
 * Per record:
 *   - zone-txt-string-too-long: a character-string of a TXT (or type 99)
 *     record over 255 octets once unescaped, at its first byte (the
 *     opening quote); checked on the raw tokens, also when ldns refused
 *     the record (the scanner then also reports ldns's refusal at the
 *     same place as zone-syntax);
 *   - zone-txt-split-breaks-token, for SPF and DMARC values of several
 *     strings: a string boundary inside the version tag; a boundary that
 *     glues two terms (SPF: the right string starts a term - [qualifier]
 *     name followed by ':', '=', '/' or the end - and the joined word is
 *     not one valid term, or both halves are valid terms on their own;
 *     DMARC: the right string starts "tag=" after a left part that
 *     already holds a tag value and no ';'). At the right string;
 *   - zone-missing-trailing-dot: an owner or an RDATA name (every field
 *     ldns parses as a domain name) written relative although its text
 *     already ends with the origin; an SPF include/redirect/a/mx/ptr/
 *     exists domain holding the origin twice in a row;
 *   - zone-record-wrong-owner: SPF, DMARC, DKIM, MTA-STS, TLS-RPT and
 *     BIMI TXT records at names receivers never query, with where they
 *     belong;
 *   - zone-txt-garbled: in SPF, DMARC and DKIM values (also when the
 *     garbling hides the version: leading quotes and invisible characters
 *     are skipped to recognise them): typographic quotes, no-break
 *     spaces, zero-width characters, tabs, control and other non-ASCII
 *     characters, '"'; in DKIM, PEM armour, and line breaks or '"' in
 *     p=. One finding per kind per record, at the first such byte;
 *   - zone-wildcard-shadow: TXT and CNAME records at a wildcard, with the
 *     mail names they answer for (not *._report._dmarc TXT v=DMARC1,
 *     which authorizes report destinations);
 *   - info under zone-syntax: TTLs outside 300..86400 on MX records and
 *     on TXT records selected as SPF, DMARC, DKIM, MTA-STS, TLS-RPT or
 *     BIMI; labels over 63 octets and names over 253 (owner, RDATA names,
 *     literal SPF domains).
 * Per owner name:
 *   - zone-cname-conflict: a CNAME at the apex or beside other data
 *     (RRSIG, NSEC and NSEC3 do not count), naming the other record's
 *     line; a second CNAME with another target;
 *   - zone-duplicate-or-conflicting-rr: identical records (owner, type,
 *     RDATA; names in any case; TTL not compared), at the later one; a
 *     second v=spf1 or v=DMARC1 TXT at one owner.
 *
 * Only records that parsed (rr != NULL) get content checks; the scanner
 * has reported the others. The apex is the owner of an SOA record in the
 * file; without one, the file's origin (or the first $ORIGIN). Every
 * loop is bounded by the records, tokens and values; the per-owner
 * checks work on an owner-sorted index, so a big zone costs n log n.
 */
#include <config.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "dname.h"
#include "dmarc.h"
#include "error.h"
#include "lint.h"
#include "output.h"
#include "spf.h"

#define CHARSTR_MAX 255u      /* RFC 1035 §3.3 */
#define LABEL_MAX 63u         /* RFC 1035 §2.3.4 */
#define DNAME_TEXT_MAX 253u   /* 255 octets of wire form, in text */
#define TTL_LOW 300u
#define TTL_HIGH 86400u
#define LABELS_MAX 128u       /* a 255-octet name has at most 127 */
#define SHOW_BYTES 60u        /* bytes of a value quoted in a message */
#define SHOW_SIZE 512u        /* at least 4 * SHOW_BYTES + 4 */

/* What a TXT value is. */
enum kind {
	K_NONE,
	K_SPF,
	K_DMARC,
	K_DKIM,
	K_STS,
	K_TLSRPT,
	K_BIMI,
};

static const char *const kind_what[] = {
	[K_NONE] = "TXT record",
	[K_SPF] = "SPF record",
	[K_DMARC] = "DMARC record",
	[K_DKIM] = "DKIM key record",
	[K_STS] = "MTA-STS record",
	[K_TLSRPT] = "TLS-RPT record",
	[K_BIMI] = "BIMI record",
};

/* What the checks keep per record. */
struct rinfo {
	enum kind kind;        /* strict: what receivers select */
	enum kind loose;       /* what it is meant to be (garbled text too) */
	struct dnsauth_spf *spf; /* parsed SPF (kind K_SPF), or NULL */
	uint64_t hash;         /* of type, class and RDATA (rr != NULL) */
	bool dup;              /* identical to an earlier record */
};

/* A record in an owner-sorted index. */
struct oent {
	const char *owner;
	size_t idx;
	uint32_t gid;          /* its owner's rank among the owners (strcmp) */
	uint16_t type;
	uint64_t hash;
};

/* The owners of a file: a hash index of distinct owners to their rank
 * (their group in c->own), open addressing (rank + 1, 0 empty), at most
 * half full. */
struct ownmap {
	uint32_t *slot;
	size_t mask;
};

struct zctx {
	const struct dnsauth_zfile *zf;
	struct dnsauth_findings *fl;
	struct rinfo *ri;
	struct oent *own;      /* records with an owner, by (owner, index) */
	size_t nown;
	size_t *gstart;        /* own[gstart[g] .. gstart[g + 1]): owner g */
	size_t ngroups;
	struct ownmap map;     /* owner -> g */
	char **targets;        /* include and redirect targets, sorted */
	size_t ntargets, captargets;
	const char *apex;      /* without a dot; NULL when unknown */
	char *apexbuf;
	bool have_soa;
	int rc;
	char shown[3][SHOW_SIZE];
};

/* ------------------------------------------------------------------ */
/* small helpers                                                        */

static void set_rc(struct zctx *c, int rc)
{
	if (rc && !c->rc)
		c->rc = rc;
}

static bool is_txt(uint16_t type)
{
	return type == LDNS_RR_TYPE_TXT || type == LDNS_RR_TYPE_SPF;
}

static bool is_wsp(char ch)
{
	return ch == ' ' || ch == '\t';
}

static bool is_fws(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* p[0..n) quoted in a message (dnsauth_output_quote), in slot k. */
static const char *show(struct zctx *c, int k, const char *p, size_t n)
{
	return dnsauth_output_quote(c->shown[k], SHOW_SIZE, p, n, SHOW_BYTES);
}

static void finding(struct zctx *c, enum dnsauth_rule_id rule, enum dnsauth_severity sev,
		    const struct dnsauth_zrec *r, unsigned line, unsigned col,
		    const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static void finding(struct zctx *c, enum dnsauth_rule_id rule, enum dnsauth_severity sev,
		    const struct dnsauth_zrec *r, unsigned line, unsigned col,
		    const char *fmt, ...)
{
	struct dnsauth_buf b;
	va_list ap;

	if (c->rc)
		return;
	dnsauth_buf_init(&b, 0);
	va_start(ap, fmt);
	dnsauth_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (b.err) {
		dnsauth_buf_free(&b);
		set_rc(c, DNSAUTH_ENOMEM);
		return;
	}
	set_rc(c, dnsauth_findings_add_at(c->fl, rule, sev, c->zf->path, line, col,
					  r ? r->owner : NULL, NULL, "%s",
					  dnsauth_buf_str(&b)));
	dnsauth_buf_free(&b);
}

/* Where the record's owner was written (the record when inherited). */
static void owner_pos(const struct dnsauth_zrec *r, unsigned *line, unsigned *col)
{
	if (r->owner_tok.text) {
		*line = r->owner_tok.line;
		*col = r->owner_tok.column;
	} else {
		*line = r->line;
		*col = r->column;
	}
}

/* Where byte off of the value was written; the record when unknown. */
static void value_pos(const struct dnsauth_zrec *r, size_t off, unsigned *line,
		      unsigned *col)
{
	if (dnsauth_zrec_value_pos(r, off, line, col) != 0) {
		*line = r->line;
		*col = r->column;
	}
}

/* Whether a, of length n, is the last labels of s, case-insensitively:
 * s == a, or s ends with "." a. */
static bool ends_with_name(const char *s, size_t slen, const char *a, size_t n)
{
	if (n == 0 || slen < n)
		return false;
	if (strncasecmp(s + slen - n, a, n) != 0)
		return false;
	return slen == n || s[slen - n - 1] == '.';
}

/* The labels of a canonical name (escapes kept inside their label). */
struct labels {
	const char *p[LABELS_MAX];
	size_t n[LABELS_MAX];
	size_t count;
};

static void split_labels(const char *name, struct labels *l)
{
	size_t i = 0, start = 0, len = name ? strlen(name) : 0;

	l->count = 0;
	if (len == 0)
		return;
	while (i <= len && l->count < LABELS_MAX) {
		if (i < len && name[i] == '\\') {
			i += 2;
			continue;
		}
		if (i >= len || name[i] == '.') {
			l->p[l->count] = name + start;
			l->n[l->count] = (i > len ? len : i) - start;
			l->count++;
			start = i + 1;
		}
		i++;
	}
}

static bool label_is(const struct labels *l, size_t k, const char *w)
{
	return k < l->count && l->n[k] == strlen(w) && strncasecmp(l->p[k], w, l->n[k]) == 0;
}

static bool label_in(const struct labels *l, size_t k, const char *const *words)
{
	size_t i;

	for (i = 0; words[i]; i++)
		if (label_is(l, k, words[i]))
			return true;
	return false;
}

/* The name from label k on ("" past the end): a suffix of the owner. */
static const char *labels_from(const struct labels *l, size_t k)
{
	if (k >= l->count)
		return "";
	return l->p[k];
}

/* ------------------------------------------------------------------ */
/* what a TXT value is                                                  */

/* Offset just after "v" WSP* "=" WSP* word at the start of v, or 0. */
static size_t vtag_end(const char *v, size_t n, const char *word, bool icase)
{
	size_t i = 1, k = strlen(word);

	if (n < 1 || (v[0] != 'v' && !(icase && v[0] == 'V')))
		return 0;
	while (i < n && is_wsp(v[i]))
		i++;
	if (i >= n || v[i] != '=')
		return 0;
	i++;
	while (i < n && is_wsp(v[i]))
		i++;
	if (n - i < k)
		return 0;
	if (icase ? strncasecmp(v + i, word, k) != 0 : memcmp(v + i, word, k) != 0)
		return 0;
	return i + k;
}

/* A tag-list record "v=WORD" followed by ';' or the end. */
static bool tag_record(const char *v, size_t n, const char *word)
{
	size_t i = vtag_end(v, n, word, false);

	if (i == 0)
		return false;
	while (i < n && is_fws(v[i]))
		i++;
	return i == n || v[i] == ';';
}

/* A DKIM key record without v=DKIM1: a tag list of DKIM tags only, with
 * p= and k= or h=, or a p= long enough to be a key. */
static bool dkim_shape(const char *v, size_t n)
{
	bool has_p = false, has_kh = false;
	size_t plen = 0, i = 0;

	while (i < n) {
		size_t s = i, e, k;

		while (i < n && v[i] != ';')
			i++;
		e = i;
		if (i < n)
			i++;
		while (s < e && is_fws(v[s]))
			s++;
		while (e > s && is_fws(v[e - 1]))
			e--;
		if (s == e)
			continue;
		k = s;
		while (k < e && isalnum((unsigned char)v[k]))
			k++;
		if (k - s != 1 || !strchr("vghknpst", v[s]))
			return false;
		while (k < e && is_fws(v[k]))
			k++;
		if (k >= e || v[k] != '=')
			return false;
		k++;
		while (k < e && is_fws(v[k]))
			k++;
		if (v[s] == 'p') {
			has_p = true;
			plen = e - k;
		} else if (v[s] == 'k' || v[s] == 'h') {
			has_kh = true;
		}
	}
	return has_p && (has_kh || plen >= 32);
}

static enum kind strict_kind(const char *v, size_t n)
{
	if (dnsauth_spf_is_record(v, n))
		return K_SPF;
	if (dnsauth_dmarc_is_record(v, n))
		return K_DMARC;
	if (tag_record(v, n, "DKIM1") || dkim_shape(v, n))
		return K_DKIM;
	if (tag_record(v, n, "STSv1"))
		return K_STS;
	if (tag_record(v, n, "TLSRPTv1"))
		return K_TLSRPT;
	if (tag_record(v, n, "BIMI1"))
		return K_BIMI;
	return K_NONE;
}

/* Length of a garbling UTF-8 sequence at p (typographic quotes, no-break
 * space, zero-width characters), 0 if none. */
static size_t garble_seq(const unsigned char *p, size_t n)
{
	if (n >= 2 && p[0] == 0xC2 && p[1] == 0xA0)
		return 2;
	if (n >= 3 && p[0] == 0xE2 && p[1] == 0x80 &&
	    (p[2] == 0x98 || p[2] == 0x99 || p[2] == 0x9C || p[2] == 0x9D ||
	     p[2] == 0x8B || p[2] == 0x8C || p[2] == 0x8D))
		return 3;
	if (n >= 3 && p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0xA0)
		return 3;
	if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		return 3;
	return 0;
}

/* What a value is meant to be, over garbling: leading blanks, quotes and
 * invisible characters skipped, the version compared in any case. */
static enum kind loose_kind(const char *v, size_t n, enum kind strict)
{
	const unsigned char *u = (const unsigned char *)v;
	size_t i = 0, g;

	if (strict != K_NONE)
		return strict;
	while (i < n) {
		if (is_fws(v[i]) || v[i] == '"' || v[i] == '\'') {
			i++;
			continue;
		}
		g = garble_seq(u + i, n - i);
		if (!g)
			break;
		i += g;
	}
	v += i;
	n -= i;
	/* "v=spf1" then anything but a digit: words written without quotes
	 * are joined without spaces ("v=spf1include:...") */
	if (n >= 6 && strncasecmp(v, "v=spf1", 6) == 0 &&
	    (n == 6 || !isdigit((unsigned char)v[6])))
		return K_SPF;
	if (vtag_end(v, n, "DMARC1", true))
		return K_DMARC;
	if (vtag_end(v, n, "DKIM1", true) || dkim_shape(v, n))
		return K_DKIM;
	return K_NONE;
}

/* ------------------------------------------------------------------ */
/* character-strings as written                                         */

static bool generic_rdata(const struct dnsauth_zrec *r)
{
	return r->nrdata > 0 && r->rdata[0].text && strcmp(r->rdata[0].text, "\\#") == 0;
}

/* zone-txt-string-too-long, on the raw tokens. */
static void check_string_length(struct zctx *c, const struct dnsauth_zrec *r)
{
	size_t k;

	if (!is_txt(r->type) || generic_rdata(r))
		return;
	for (k = 0; k < r->nrdata && !c->rc; k++) {
		const struct dnsauth_ztok *t = &r->rdata[k];
		size_t n;

		if (!t->text)
			continue;
		n = dnsauth_ztok_octets(t);
		if (n <= CHARSTR_MAX)
			continue;
		finding(c, DNSAUTH_R_ZONE_TXT_STRING_TOO_LONG, DNSAUTH_SEV_NONE, r, t->line,
			t->column,
			"character-string of %zu octets: one string holds at most 255 "
			"(RFC 1035 §3.3), so the zone does not load; write it as several "
			"quoted strings of at most 255 octets (\"...\" \"...\"), which "
			"receivers join without spaces", n);
	}
}

/* ------------------------------------------------------------------ */
/* string splits                                                        */

/* The strings of a TXT record that parsed: token k covers value bytes
 * off[k] .. off[k] + len[k]. False when the tokens do not add up to the
 * value (then no split is checked). */
static bool string_offsets(const struct dnsauth_zrec *r, size_t *off, size_t *len)
{
	size_t k, sum = 0;

	for (k = 0; k < r->nrdata; k++) {
		if (!r->rdata[k].text)
			return false;
		off[k] = sum;
		len[k] = dnsauth_ztok_octets(&r->rdata[k]);
		sum += len[k];
	}
	return sum == r->value_len;
}

/* Whether text parses as exactly one valid SPF term. */
static bool spf_one_term(struct zctx *c, const char *t, size_t n)
{
	struct dnsauth_buf b;
	struct dnsauth_spf *spf = NULL;
	bool ok;
	int rc;

	if (n == 0)
		return false;
	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, "v=spf1 ");
	dnsauth_buf_append(&b, t, n);
	if (b.err) {
		dnsauth_buf_free(&b);
		set_rc(c, DNSAUTH_ENOMEM);
		return false;
	}
	rc = dnsauth_spf_parse(b.data, b.len, NULL, &spf, NULL);
	dnsauth_buf_free(&b);
	if (rc == DNSAUTH_ENOMEM) {
		set_rc(c, rc);
		return false;
	}
	ok = rc == 0 && spf && spf->nterms == 1 && spf->terms[0].kind != DNSAUTH_SPF_INVALID;
	dnsauth_spf_free(spf);
	return ok;
}

/* Whether p[0..n) starts an SPF term: an optional qualifier, then a
 * mechanism or modifier name followed by ':', '=', '/', a blank or the
 * end. */
static bool spf_term_start(const char *p, size_t n)
{
	static const char *const names[] = {
		"redirect", "include", "exists", "all", "ptr", "ip4", "ip6", "exp",
		"mx", "a", NULL,
	};
	size_t i = 0, k, w;

	if (n > 0 && strchr("+-~?", p[0]) && p[0] != '\0')
		i = 1;
	for (k = 0; names[k]; k++) {
		w = strlen(names[k]);
		if (n - i < w || strncasecmp(p + i, names[k], w) != 0)
			continue;
		if (i + w == n || p[i + w] == ':' || p[i + w] == '=' || p[i + w] == '/' ||
		    is_wsp(p[i + w]))
			return true;
	}
	return false;
}

/* Whether p[0..n) starts with a DMARC tag name and '='. */
static bool dmarc_tag_start(const char *p, size_t n)
{
	static const char *const names[] = {
		"adkim", "aspf", "pct", "psd", "rua", "ruf", "np", "sp", "fo", "rf",
		"ri", "v", "p", "t", NULL,
	};
	size_t k, w, i;

	for (k = 0; names[k]; k++) {
		w = strlen(names[k]);
		if (n < w || memcmp(p, names[k], w) != 0)
			continue;
		i = w;
		while (i < n && is_wsp(p[i]))
			i++;
		if (i < n && p[i] == '=')
			return true;
	}
	return false;
}

/* The hint for strings written without quotes. */
static const char *unquoted_hint(const struct dnsauth_ztok *a, const struct dnsauth_ztok *b)
{
	if (a->quoted && b->quoted)
		return "";
	return " (words written without quotes are separate strings: quote the "
	       "whole value)";
}

static void check_split_spf(struct zctx *c, const struct dnsauth_zrec *r, const size_t *off,
			    const size_t *len)
{
	const char *v = r->value;
	size_t n = r->value_len, k, prev = SIZE_MAX;
	bool version_done = false;

	for (k = 0; k < r->nrdata && !c->rc; k++) {
		size_t b = off[k], s, e;
		const struct dnsauth_ztok *t = &r->rdata[k], *pt;

		if (len[k] == 0)
			continue;
		if (prev == SIZE_MAX) {
			prev = k;
			continue;
		}
		pt = &r->rdata[prev];
		prev = k;
		if (b == 0 || b >= n)
			continue;
		if (b < 6) {
			if (!version_done)
				finding(c, DNSAUTH_R_ZONE_TXT_SPLIT_BREAKS_TOKEN, DNSAUTH_SEV_NONE,
					r, t->line, t->column,
					"the version tag 'v=spf1' is split between two strings: "
					"receivers that read only the first string do not see an "
					"SPF record; keep 'v=spf1' whole at the start of the first "
					"string");
			version_done = true;
			continue;
		}
		if (is_wsp(v[b - 1]) || is_wsp(v[b]))
			continue;
		s = b;
		while (s > 0 && !is_wsp(v[s - 1]))
			s--;
		e = b;
		while (e < n && !is_wsp(v[e]))
			e++;
		if (s == 0) {
			/* the version itself is glued to the next term */
			if (b == 6)
				finding(c, DNSAUTH_R_ZONE_TXT_SPLIT_BREAKS_TOKEN, DNSAUTH_SEV_NONE,
					r, t->line, t->column,
					"this string is joined to 'v=spf1' without a space, so "
					"receivers read '%s' and find no SPF record (RFC 7208 "
					"§3.3, §4.5); end the previous string with a space%s",
					show(c, 0, v, e), unquoted_hint(pt, t));
			continue;
		}
		if (!spf_term_start(v + b, e - b))
			continue;
		if (spf_one_term(c, v + s, e - s) &&
		    !(spf_one_term(c, v + s, b - s) && spf_one_term(c, v + b, e - b)))
			continue;
		if (c->rc)
			return;
		finding(c, DNSAUTH_R_ZONE_TXT_SPLIT_BREAKS_TOKEN, DNSAUTH_SEV_NONE, r, t->line,
			t->column,
			"this string is joined to the previous one without a space, so "
			"receivers read '%s' as one term (RFC 7208 §3.3); end the previous "
			"string with a space or start this one with one%s",
			show(c, 0, v + s, e - s), unquoted_hint(pt, t));
	}
}

static void check_split_dmarc(struct zctx *c, const struct dnsauth_zrec *r,
			      const size_t *off, const size_t *len, size_t vend)
{
	const char *v = r->value;
	size_t n = r->value_len, k, prev = SIZE_MAX;
	bool version_done = false;

	for (k = 0; k < r->nrdata && !c->rc; k++) {
		size_t b = off[k], s, e, i;
		const struct dnsauth_ztok *t = &r->rdata[k], *pt;
		bool has_eq = false;

		if (len[k] == 0)
			continue;
		if (prev == SIZE_MAX) {
			prev = k;
			continue;
		}
		pt = &r->rdata[prev];
		prev = k;
		if (b == 0 || b >= n)
			continue;
		if (b < vend) {
			if (!version_done)
				finding(c, DNSAUTH_R_ZONE_TXT_SPLIT_BREAKS_TOKEN, DNSAUTH_SEV_NONE,
					r, t->line, t->column,
					"the version tag 'v=DMARC1' is split between two strings: "
					"receivers that read only the first string do not see a "
					"DMARC record; keep 'v=DMARC1' whole at the start of the "
					"first string");
			version_done = true;
			continue;
		}
		if (is_wsp(v[b - 1]) || v[b - 1] == ';' || is_wsp(v[b]) || v[b] == ';')
			continue;
		if (!dmarc_tag_start(v + b, n - b))
			continue;
		s = b;
		while (s > 0 && v[s - 1] != ';')
			s--;
		for (i = s; i < b; i++)
			has_eq = has_eq || v[i] == '=';
		if (!has_eq)
			continue;
		while (s < b && is_wsp(v[s]))
			s++;
		e = b;
		while (e < n && v[e] != ';')
			e++;
		while (e > b && is_wsp(v[e - 1]))
			e--;
		finding(c, DNSAUTH_R_ZONE_TXT_SPLIT_BREAKS_TOKEN, DNSAUTH_SEV_NONE, r, t->line,
			t->column,
			"this string is joined to the previous one without a ';', so "
			"receivers read '%s' as one tag and its value is invalid; end the "
			"previous string with '; ' or start this one with '; '%s",
			show(c, 0, v + s, e - s), unquoted_hint(pt, t));
	}
}

/* zone-txt-split-breaks-token. */
static void check_split(struct zctx *c, const struct dnsauth_zrec *r)
{
	size_t *off, *len, vend;
	bool spf, dmarc;

	if (!r->rr || !r->value || !is_txt(r->type) || r->nrdata < 2 || generic_rdata(r))
		return;
	spf = r->value_len >= 6 && strncasecmp(r->value, "v=spf1", 6) == 0;
	vend = vtag_end(r->value, r->value_len, "DMARC1", false);
	dmarc = vend > 0;
	if (!spf && !dmarc)
		return;
	off = calloc(r->nrdata, sizeof(*off));
	len = calloc(r->nrdata, sizeof(*len));
	if (!off || !len) {
		set_rc(c, DNSAUTH_ENOMEM);
	} else if (string_offsets(r, off, len)) {
		if (spf)
			check_split_spf(c, r, off, len);
		else
			check_split_dmarc(c, r, off, len, vend);
	}
	free(off);
	free(len);
}

/* ------------------------------------------------------------------ */
/* missing trailing dots                                                */

/* The origin in force at r, without its dot; NULL for none or the root. */
static const char *origin_of(const struct dnsauth_zrec *r, size_t *n)
{
	size_t len;

	if (!r->origin)
		return NULL;
	len = strlen(r->origin);
	if (len > 0 && r->origin[len - 1] == '.')
		len--;
	if (len == 0)
		return NULL;
	*n = len;
	return r->origin;
}

/* The token index of RDATA field f (the first field of HIP covers three
 * tokens, as the scanner counts them). */
static size_t field_token(uint16_t type, size_t f)
{
	if (type == LDNS_RR_TYPE_HIP)
		return f == 0 ? 0 : f + 2;
	return f;
}

static const char *type_name(uint16_t type)
{
	const ldns_rr_descriptor *d = ldns_rr_descript(type);

	return d && d->_name ? d->_name : "this";
}

/* A relative name token t (no escapes) whose text already ends with the
 * origin o: what doubled_origin() asks of the token alone, before the
 * name is printed to compare. */
static bool may_double_origin(const char *t, const char *o, size_t on)
{
	size_t tn = strlen(t);

	if (tn == 0 || (tn == 1 && t[0] == '@') || dnsauth_dname_text_absolute(t, tn) || strchr(t, '\\'))
		return false;
	return ends_with_name(t, tn, o, on);
}

/* A relative name token t whose text already ends with the origin and
 * that ldns made into abs (text form, trailing dot): "t.origin.". */
static bool doubled_origin(const char *t, const char *o, size_t on, const char *abs)
{
	size_t tn = strlen(t), an = strlen(abs);

	if (!may_double_origin(t, o, on))
		return false;
	/* abs must be exactly t "." o "." */
	if (an != tn + 1 + on + 1 || strncasecmp(abs, t, tn) != 0 || abs[tn] != '.' ||
	    strncasecmp(abs + tn + 1, o, on) != 0)
		return false;
	return true;
}

static void check_owner_dot(struct zctx *c, const struct dnsauth_zrec *r)
{
	const char *t = r->owner_tok.text, *o;
	size_t on = 0, tn;
	struct dnsauth_buf b;

	if (!t || r->owner_tok.quoted || !r->owner || !(o = origin_of(r, &on)) ||
	    !may_double_origin(t, o, on))
		return;
	tn = strlen(t);
	dnsauth_buf_init(&b, 0);
	dnsauth_buf_printf(&b, "%s.", r->owner);
	if (b.err) {
		set_rc(c, DNSAUTH_ENOMEM);
	} else if (doubled_origin(t, o, on, dnsauth_buf_str(&b))) {
		finding(c, DNSAUTH_R_ZONE_MISSING_TRAILING_DOT, DNSAUTH_SEV_NONE, r,
			r->owner_tok.line, r->owner_tok.column,
			"owner '%s' has no trailing dot, so the origin is appended and the "
			"record is published at %s. (RFC 1035 §5.1); write '%s.'",
			show(c, 0, t, tn), show(c, 1, r->owner, strlen(r->owner)),
			show(c, 2, t, tn));
	}
	dnsauth_buf_free(&b);
}

static void check_rdata_dots(struct zctx *c, const struct dnsauth_zrec *r)
{
	const char *o;
	size_t on = 0, f, k;

	if (!r->rr || generic_rdata(r) || !(o = origin_of(r, &on)))
		return;
	for (f = 0; f < ldns_rr_rd_count(r->rr) && !c->rc; f++) {
		const ldns_rdf *rdf = ldns_rr_rdf(r->rr, f);
		const struct dnsauth_ztok *t;
		char *abs;

		if (!rdf || ldns_rdf_get_type(rdf) != LDNS_RDF_TYPE_DNAME)
			continue;
		k = field_token(r->type, f);
		if (k >= r->nrdata)
			continue;
		t = &r->rdata[k];
		if (!t->text || t->quoted || !may_double_origin(t->text, o, on))
			continue;
		abs = ldns_rdf2str(rdf);
		if (!abs)
			continue; /* too long to print: the length check says so */
		if (doubled_origin(t->text, o, on, abs))
			finding(c, DNSAUTH_R_ZONE_MISSING_TRAILING_DOT, DNSAUTH_SEV_NONE, r,
				t->line, t->column,
				"%s name '%s' has no trailing dot, so the origin is appended "
				"and it becomes %s (RFC 1035 §5.1); write '%s.'",
				type_name(r->type), show(c, 0, t->text, strlen(t->text)),
				show(c, 1, abs, strlen(abs)), show(c, 2, t->text, strlen(t->text)));
		free(abs);
	}
}

/* Offset in the value of the domain of term t (after its ':' or '='). */
static size_t term_domain_off(const struct dnsauth_spf_term *t)
{
	size_t i, base = t->column ? t->column - 1 : 0;

	for (i = 0; t->text && t->text[i]; i++)
		if (t->text[i] == ':' || t->text[i] == '=')
			return base + i + 1;
	return base;
}

static bool term_has_domain(const struct dnsauth_spf_term *t)
{
	switch (t->kind) {
	case DNSAUTH_SPF_INCLUDE:
	case DNSAUTH_SPF_REDIRECT:
	case DNSAUTH_SPF_A:
	case DNSAUTH_SPF_MX:
	case DNSAUTH_SPF_EXISTS:
	case DNSAUTH_SPF_PTR:
		return t->domain != NULL && t->domain[0] != '\0';
	default:
		return false;
	}
}

/* The domains of SPF terms that hold the origin twice in a row. */
static void check_spf_dots(struct zctx *c, const struct dnsauth_zrec *r,
			   const struct dnsauth_spf *spf)
{
	const char *o;
	size_t on = 0, i;

	if (!spf || !(o = origin_of(r, &on)))
		return;
	for (i = 0; i < spf->nterms && !c->rc; i++) {
		const struct dnsauth_spf_term *t = &spf->terms[i];
		const char *d = t->domain;
		struct dnsauth_buf fix;
		size_t dn, p;
		unsigned line, col;

		if (!term_has_domain(t))
			continue;
		dn = strlen(d);
		if (dn > 0 && d[dn - 1] == '.')
			dn--;
		/* "o.o" as whole labels anywhere in the domain */
		if (dn < 2 * on + 1)
			continue;
		for (p = 0; p + 2 * on + 1 <= dn; p++) {
			if ((p == 0 || d[p - 1] == '.') &&
			    (p + 2 * on + 1 == dn || d[p + 2 * on + 1] == '.') &&
			    strncasecmp(d + p, o, on) == 0 && d[p + on] == '.' &&
			    strncasecmp(d + p + on + 1, o, on) == 0)
				break;
		}
		if (p + 2 * on + 1 > dn)
			continue;
		dnsauth_buf_init(&fix, 0);
		dnsauth_buf_append(&fix, d, p + on);
		dnsauth_buf_puts(&fix, d + p + 2 * on + 1);
		if (fix.err) {
			set_rc(c, DNSAUTH_ENOMEM);
		} else {
			value_pos(r, term_domain_off(t), &line, &col);
			finding(c, DNSAUTH_R_ZONE_MISSING_TRAILING_DOT, DNSAUTH_SEV_NONE, r, line,
				col,
				"the %s domain '%s' holds the origin %.*s twice, as a name "
				"written without its trailing dot in a zone gets it: receivers "
				"look up that name and find nothing; write '%s'",
				dnsauth_spf_kind_name(t->kind), show(c, 0, d, strlen(d)), (int)on,
				o, show(c, 1, fix.data, fix.len));
		}
		dnsauth_buf_free(&fix);
	}
}

/* ------------------------------------------------------------------ */
/* names: lengths                                                       */

/* The first label over 63 octets and the text length (octets without the
 * trailing dot) of a wire-form name. */
static void wire_name_sizes(const ldns_rdf *rdf, size_t *longest_label, size_t *text_len)
{
	const uint8_t *p = ldns_rdf_data(rdf);
	size_t n = ldns_rdf_size(rdf), i = 0, total = 0, labels = 0;

	*longest_label = 0;
	while (i < n && p[i] != 0) {
		size_t l = p[i];

		if (l > *longest_label)
			*longest_label = l;
		total += l;
		labels++;
		i += 1 + l;
	}
	*text_len = labels ? total + labels - 1 : 0;
}

static void name_length_finding(struct zctx *c, const struct dnsauth_zrec *r,
				const ldns_rdf *rdf, const char *what, unsigned line,
				unsigned col)
{
	size_t label, len;

	if (!rdf || ldns_rdf_get_type(rdf) != LDNS_RDF_TYPE_DNAME)
		return;
	wire_name_sizes(rdf, &label, &len);
	if (label > LABEL_MAX)
		finding(c, DNSAUTH_R_ZONE_SYNTAX, DNSAUTH_SEV_INFO, r, line, col,
			"%s has a label of %zu octets: at most 63 are allowed (RFC 1035 "
			"§2.3.4); shorten it", what, label);
	else if (len > DNAME_TEXT_MAX)
		finding(c, DNSAUTH_R_ZONE_SYNTAX, DNSAUTH_SEV_INFO, r, line, col,
			"%s is %zu octets long: at most 253 are allowed (RFC 1035 §2.3.4), "
			"so resolvers cannot look it up; shorten it", what, len);
}

static void check_name_lengths(struct zctx *c, const struct dnsauth_zrec *r)
{
	unsigned line, col;
	size_t f, k;

	if (!r->rr)
		return;
	owner_pos(r, &line, &col);
	name_length_finding(c, r, ldns_rr_owner(r->rr), "the owner name", line, col);
	if (generic_rdata(r))
		return;
	for (f = 0; f < ldns_rr_rd_count(r->rr) && !c->rc; f++) {
		const ldns_rdf *rdf = ldns_rr_rdf(r->rr, f);

		if (!rdf || ldns_rdf_get_type(rdf) != LDNS_RDF_TYPE_DNAME)
			continue;
		k = field_token(r->type, f);
		if (k < r->nrdata) {
			line = r->rdata[k].line;
			col = r->rdata[k].column;
		} else {
			line = r->line;
			col = r->column;
		}
		name_length_finding(c, r, rdf, "the name in the RDATA", line, col);
	}
}

/* Labels and lengths of the domains in SPF terms (macro parts skipped). */
static void check_spf_name_lengths(struct zctx *c, const struct dnsauth_zrec *r,
				   const struct dnsauth_spf *spf)
{
	size_t i;

	for (i = 0; spf && i < spf->nterms && !c->rc; i++) {
		const struct dnsauth_spf_term *t = &spf->terms[i];
		const char *d = t->domain;
		size_t dn, s, e, base;
		unsigned line, col;
		bool reported = false;

		if (!term_has_domain(t) && !(t->kind == DNSAUTH_SPF_EXP && d && d[0]))
			continue;
		dn = strlen(d);
		if (dn > 0 && d[dn - 1] == '.')
			dn--;
		base = term_domain_off(t);
		for (s = 0; s < dn && !reported; s = e + 1) {
			e = s;
			while (e < dn && d[e] != '.')
				e++;
			if (e - s > LABEL_MAX && !memchr(d + s, '%', e - s)) {
				value_pos(r, base + s, &line, &col);
				finding(c, DNSAUTH_R_ZONE_SYNTAX, DNSAUTH_SEV_INFO, r, line, col,
					"the %s domain has a label of %zu octets: at most 63 are "
					"allowed (RFC 1035 §2.3.4), so receivers treat the name as "
					"malformed (RFC 7208 §4.3); shorten it",
					dnsauth_spf_kind_name(t->kind), e - s);
				reported = true;
			}
		}
		if (!reported && dn > DNAME_TEXT_MAX && !memchr(d, '%', dn)) {
			value_pos(r, base, &line, &col);
			finding(c, DNSAUTH_R_ZONE_SYNTAX, DNSAUTH_SEV_INFO, r, line, col,
				"the %s domain is %zu octets long: at most 253 are allowed (RFC "
				"1035 §2.3.4), so receivers treat the name as malformed (RFC 7208 "
				"§4.3); shorten it", dnsauth_spf_kind_name(t->kind), dn);
		}
	}
}

/* ------------------------------------------------------------------ */
/* TTLs                                                                 */

static void check_ttl(struct zctx *c, const struct dnsauth_zrec *r)
{
	const char *what;

	if (!r->rr)
		return;
	if (r->type == LDNS_RR_TYPE_MX)
		what = "MX record";
	else if (is_txt(r->type) && c->ri[r - c->zf->recs].kind != K_NONE)
		what = kind_what[c->ri[r - c->zf->recs].kind];
	else
		return;
	if (r->ttl < TTL_LOW)
		finding(c, DNSAUTH_R_ZONE_SYNTAX, DNSAUTH_SEV_INFO, r, r->line, r->column,
			"TTL %lu on the %s is under 300 seconds: resolvers cache it only "
			"briefly, so receivers query it for almost every message and a short "
			"DNS outage soon turns into temporary errors; use 3600 or more",
			(unsigned long)r->ttl, what);
	else if (r->ttl > TTL_HIGH)
		finding(c, DNSAUTH_R_ZONE_SYNTAX, DNSAUTH_SEV_INFO, r, r->line, r->column,
			"TTL %lu on the %s is over 86400 seconds (one day): a change or a "
			"fix takes that long to reach receivers' caches; use at most 86400 "
			"(3600 is usual)", (unsigned long)r->ttl, what);
}

/* ------------------------------------------------------------------ */
/* garbled characters                                                   */

enum garble {
	G_SMART_QUOTE,
	G_NBSP,
	G_ZERO_WIDTH,
	G_TAB,
	G_CONTROL,
	G_NON_ASCII,
	G_PEM,
	G_LINE_BREAK,
	G_QUOTE,
	G_COUNT
};

/* Decode one UTF-8 character; 0 when invalid. */
static size_t utf8_char(const unsigned char *p, size_t n, uint32_t *cp)
{
	size_t len, i;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xE0) == 0xC0) {
		len = 2;
		*cp = p[0] & 0x1Fu;
	} else if ((p[0] & 0xF0) == 0xE0) {
		len = 3;
		*cp = p[0] & 0x0Fu;
	} else if ((p[0] & 0xF8) == 0xF0) {
		len = 4;
		*cp = p[0] & 0x07u;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (p[i] & 0x3Fu);
	}
	if ((len == 2 && *cp < 0x80) || (len == 3 && *cp < 0x800) ||
	    (len == 4 && (*cp < 0x10000 || *cp > 0x10FFFF)))
		return 0;
	return len;
}

/* The p= value of a DKIM tag list: [*start, *end), false when none. */
static bool dkim_p_range(const char *v, size_t n, size_t *start, size_t *end)
{
	size_t i = 0;

	while (i < n) {
		size_t s = i, e, k;

		while (i < n && v[i] != ';')
			i++;
		e = i;
		if (i < n)
			i++;
		k = s;
		while (k < e && is_fws(v[k]))
			k++;
		if (k < e && v[k] == 'p') {
			k++;
			while (k < e && is_fws(v[k]))
				k++;
			if (k < e && v[k] == '=') {
				*start = k + 1;
				*end = e;
				return true;
			}
		}
	}
	return false;
}

/* The first place of w (whose first byte is not a letter) in v[0..n),
 * in any case; SIZE_MAX if none. */
static size_t find_ci(const char *v, size_t n, const char *w)
{
	size_t k = strlen(w), i = 0;
	const char *p;

	while (i + k <= n && (p = memchr(v + i, w[0], n - k + 1 - i)) != NULL) {
		i = (size_t)(p - v);
		if (strncasecmp(v + i, w, k) == 0)
			return i;
		i++;
	}
	return SIZE_MAX;
}

static void check_garbled(struct zctx *c, const struct dnsauth_zrec *r, enum kind kind,
			  enum kind strict)
{
	const unsigned char *u = (const unsigned char *)r->value;
	const char *v = r->value;
	size_t n = r->value_len, i = 0, at[G_COUNT], pstart = 0, pend = 0, g;
	uint32_t cp[G_COUNT];
	bool invalid_utf8 = false;
	const char *what = kind_what[kind], *effect, *ref;
	bool in_p, have_p = false;
	unsigned line, col;

	if (kind != K_SPF && kind != K_DMARC && kind != K_DKIM)
		return;
	for (g = 0; g < G_COUNT; g++) {
		at[g] = SIZE_MAX;
		cp[g] = 0;
	}
	if (kind == K_DKIM)
		have_p = dkim_p_range(v, n, &pstart, &pend);
	while (i < n) {
		uint32_t ch;
		size_t len = utf8_char(u + i, n - i, &ch), kindg = G_COUNT;
		bool bad = len == 0;

		if (bad) {
			ch = u[i];
			len = 1;
			kindg = G_NON_ASCII;
		} else if (ch == '\t') {
			kindg = G_TAB;
		} else if ((ch == '\n' || ch == '\r') && kind == K_DKIM) {
			kindg = G_LINE_BREAK;
		} else if (ch < 0x20 || ch == 0x7F || (ch >= 0x80 && ch < 0xA0)) {
			kindg = G_CONTROL;
		} else if (ch == '"') {
			kindg = G_QUOTE;
		} else if (ch == 0x201C || ch == 0x201D || ch == 0x2018 || ch == 0x2019) {
			kindg = G_SMART_QUOTE;
		} else if (ch == 0xA0) {
			kindg = G_NBSP;
		} else if (ch == 0x200B || ch == 0x200C || ch == 0x200D || ch == 0x2060 ||
			   ch == 0xFEFF) {
			kindg = G_ZERO_WIDTH;
		} else if (ch >= 0x80) {
			kindg = G_NON_ASCII;
		}
		/* DKIM: quotes are legal in n= notes, line breaks are folding
		 * white space between tags; only the key must be clean */
		if (kind == K_DKIM && (kindg == G_QUOTE || kindg == G_LINE_BREAK) &&
		    !(have_p && i >= pstart && i < pend))
			kindg = G_COUNT;
		if (kindg != G_COUNT && at[kindg] == SIZE_MAX) {
			at[kindg] = i;
			cp[kindg] = ch;
			if (kindg == G_NON_ASCII)
				invalid_utf8 = bad;
		}
		i += len;
	}
	if (kind == K_DKIM) {
		size_t b = find_ci(v, n, "-----BEGIN"), e = find_ci(v, n, "-----END");

		at[G_PEM] = b < e ? b : e;
	}
	switch (kind) {
	case K_SPF:
		effect = strict == K_SPF ? "receivers return permerror"
					 : "receivers do not see an SPF record (result none)";
		ref = "RFC 7208 §3.1: US-ASCII, terms separated by spaces";
		break;
	case K_DMARC:
		effect = strict == K_DMARC ? "receivers cannot parse the record"
					   : "receivers do not see a DMARC record";
		ref = "RFC 9989 §4.8";
		break;
	default:
		effect = "verifiers fail with a key syntax error";
		ref = "RFC 6376 §3.2, §3.6.1";
		break;
	}
	for (g = 0; g < G_COUNT && !c->rc; g++) {
		if (at[g] == SIZE_MAX)
			continue;
		value_pos(r, at[g], &line, &col);
		in_p = have_p && at[g] >= pstart && at[g] < pend;
		switch (g) {
		case G_SMART_QUOTE:
			finding(c, DNSAUTH_R_ZONE_TXT_GARBLED, DNSAUTH_SEV_NONE, r, line, col,
				"typographic quote U+%04lX in the %s: %s (%s); the value must "
				"be plain ASCII: put it between plain '\"' quotes and delete "
				"this one", (unsigned long)cp[g], what, effect, ref);
			break;
		case G_NBSP:
			finding(c, DNSAUTH_R_ZONE_TXT_GARBLED, DNSAUTH_SEV_NONE, r, line, col,
				"no-break space U+00A0 in the %s: %s (%s); replace it with a "
				"plain space", what, effect, ref);
			break;
		case G_ZERO_WIDTH:
			finding(c, DNSAUTH_R_ZONE_TXT_GARBLED, DNSAUTH_SEV_NONE, r, line, col,
				"invisible zero-width character U+%04lX in the %s: %s (%s); "
				"delete it", (unsigned long)cp[g], what, effect, ref);
			break;
		case G_TAB:
			if (kind == K_SPF)
				finding(c, DNSAUTH_R_ZONE_TXT_GARBLED, DNSAUTH_SEV_NONE, r, line,
					col, "tab in the SPF record: %s (RFC 7208 §12: terms are "
					"separated by spaces only); replace it with a plain space",
					effect);
			else
				finding(c, DNSAUTH_R_ZONE_TXT_GARBLED, DNSAUTH_SEV_NONE, r, line,
					col, "tab in the %s: the tag-list grammar allows it only as "
					"white space around tags and values, and some parsers fail "
					"on it (%s); replace it with a plain space", what, ref);
			break;
		case G_CONTROL:
			finding(c, DNSAUTH_R_ZONE_TXT_GARBLED, DNSAUTH_SEV_NONE, r, line, col,
				"control character 0x%02lX in the %s: %s (%s); delete it",
				(unsigned long)cp[g], what, effect, ref);
			break;
		case G_NON_ASCII:
			if (invalid_utf8)
				finding(c, DNSAUTH_R_ZONE_TXT_GARBLED, DNSAUTH_SEV_NONE, r, line,
					col, "byte 0x%02X (not ASCII) in the %s: %s (%s); retype "
					"the value in plain ASCII", u[at[g]], what, effect, ref);
			else
				finding(c, DNSAUTH_R_ZONE_TXT_GARBLED, DNSAUTH_SEV_NONE, r, line,
					col, "non-ASCII character U+%04lX in the %s: %s (%s); "
					"retype the value in plain ASCII (a dash or quote pasted "
					"from a word processor is not the ASCII one)",
					(unsigned long)cp[g], what, effect, ref);
			break;
		case G_PEM:
			finding(c, DNSAUTH_R_ZONE_TXT_GARBLED, DNSAUTH_SEV_NONE, r, line, col,
				"PEM armour ('-----BEGIN/END ...-----') in the DKIM key record: "
				"p= takes only the base64 of the key (RFC 6376 §3.6.1), so %s; "
				"delete the BEGIN and END lines", effect);
			break;
		case G_LINE_BREAK:
			finding(c, DNSAUTH_R_ZONE_TXT_GARBLED, DNSAUTH_SEV_NONE, r, line, col,
				"raw line break (\\%03lu) in the %s: %s (%s); delete the line "
				"breaks, the strings are joined as they are",
				(unsigned long)cp[g], in_p ? "DKIM p= key" : what,
				effect, ref);
			break;
		case G_QUOTE:
			finding(c, DNSAUTH_R_ZONE_TXT_GARBLED, DNSAUTH_SEV_NONE, r, line, col,
				"escaped quote (\\\") in the %s: the quotes around a zone-file "
				"string are not part of the value, so %s; delete it",
				in_p ? "DKIM p= key" : what, effect);
			break;
		default:
			break;
		}
	}
}

/* ------------------------------------------------------------------ */
/* the owner index                                                      */

/* The records of one owner by type, hash and index: runs of possibly
 * identical records, in file order. */
static int oent_dup_cmp(const void *x, const void *y)
{
	const struct oent *a = x, *b = y;

	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* FNV-1a of a NUL-terminated owner */
static size_t owner_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ull;
	}
	return (size_t)(h ^ (h >> 29));
}

/* The slot of owner in the map while it is built: its owner's (slot
 * value g + 1 for names[g]), or the empty one it takes. */
static uint32_t *ownmap_slot(const struct ownmap *m, const char *owner,
			     const char *const *names)
{
	size_t j;

	for (j = owner_hash(owner) & m->mask; m->slot[j]; j = (j + 1) & m->mask)
		if (strcmp(names[m->slot[j] - 1], owner) == 0)
			break;
	return &m->slot[j];
}

/* First index of owner in c->own, and the end of its run (both 0 when
 * the file has no record there). */
static size_t owner_range(const struct zctx *c, const char *owner, size_t *end)
{
	size_t j, g;

	*end = 0;
	if (!c->ngroups)
		return 0; /* no owners, or the index failed (c->rc is set) */
	for (j = owner_hash(owner) & c->map.mask; c->map.slot[j]; j = (j + 1) & c->map.mask) {
		g = c->map.slot[j] - 1;
		if (strcmp(c->own[c->gstart[g]].owner, owner) == 0) {
			*end = c->gstart[g + 1];
			return c->gstart[g];
		}
	}
	return 0;
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *u = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= u[i];
		h *= 1099511628211ull;
	}
	return h;
}

/* Hash of type, class and RDATA (names in any case hash alike). */
static uint64_t rr_hash(const ldns_rr *rr)
{
	uint64_t h = 1469598103934665603ull;
	uint16_t t = (uint16_t)ldns_rr_get_type(rr), cl = (uint16_t)ldns_rr_get_class(rr);
	size_t i, j;

	h = fnv(h, &t, sizeof(t));
	h = fnv(h, &cl, sizeof(cl));
	for (i = 0; i < ldns_rr_rd_count(rr); i++) {
		const ldns_rdf *f = ldns_rr_rdf(rr, i);
		const uint8_t *d = ldns_rdf_data(f);
		size_t n = ldns_rdf_size(f);
		bool name = ldns_rdf_get_type(f) == LDNS_RDF_TYPE_DNAME;

		h = fnv(h, &n, sizeof(n));
		for (j = 0; j < n; j++) {
			uint8_t ch = name ? (uint8_t)tolower(d[j]) : d[j];

			h = fnv(h, &ch, 1);
		}
	}
	return h;
}

static bool rr_same(const ldns_rr *a, const ldns_rr *b)
{
	size_t i;

	if (ldns_rr_get_type(a) != ldns_rr_get_type(b) ||
	    ldns_rr_get_class(a) != ldns_rr_get_class(b) ||
	    ldns_rr_rd_count(a) != ldns_rr_rd_count(b))
		return false;
	for (i = 0; i < ldns_rr_rd_count(a); i++) {
		const ldns_rdf *x = ldns_rr_rdf(a, i), *y = ldns_rr_rdf(b, i);

		if (ldns_rdf_get_type(x) != ldns_rdf_get_type(y))
			return false;
		if (ldns_rdf_get_type(x) == LDNS_RDF_TYPE_DNAME) {
			if (ldns_dname_compare(x, y) != 0)
				return false;
		} else if (ldns_rdf_compare(x, y) != 0) {
			return false;
		}
	}
	return true;
}

/* Whether the file has an SPF TXT record at name. */
static bool has_spf_at(const struct zctx *c, const char *name)
{
	size_t i, end;

	for (i = owner_range(c, name, &end); i < end; i++)
		if (c->own[i].type == LDNS_RR_TYPE_TXT && c->ri[c->own[i].idx].kind == K_SPF)
			return true;
	return false;
}

/* Whether the file has any record at name. */
static bool has_name(const struct zctx *c, const char *name)
{
	size_t end, i = owner_range(c, name, &end);

	return i < end;
}

static int str_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static void add_target(struct zctx *c, const char *d)
{
	size_t n = strlen(d), i;
	char *s;

	if (n > 0 && d[n - 1] == '.')
		n--;
	if (n == 0 || memchr(d, '%', n))
		return;
	if (c->ntargets == c->captargets) {
		size_t cap = c->captargets ? c->captargets * 2 : 16;
		char **v = realloc(c->targets, cap * sizeof(*v));

		if (!v) {
			set_rc(c, DNSAUTH_ENOMEM);
			return;
		}
		c->targets = v;
		c->captargets = cap;
	}
	s = strndup(d, n);
	if (!s) {
		set_rc(c, DNSAUTH_ENOMEM);
		return;
	}
	for (i = 0; i < n; i++)
		s[i] = (char)tolower((unsigned char)s[i]);
	c->targets[c->ntargets++] = s;
}

static bool is_target(const struct zctx *c, const char *name)
{
	return c->ntargets &&
	       bsearch(&name, c->targets, c->ntargets, sizeof(*c->targets), str_cmp) != NULL;
}

/* The owner is the apex of the zone. */
static bool is_apex(const struct zctx *c, const char *owner)
{
	size_t i, end;

	if (c->have_soa) {
		for (i = owner_range(c, owner, &end); i < end; i++)
			if (c->own[i].type == LDNS_RR_TYPE_SOA && c->zf->recs[c->own[i].idx].rr)
				return true;
		return false;
	}
	return c->apex && strcmp(c->apex, owner) == 0;
}

/* ------------------------------------------------------------------ */
/* records at the wrong owner                                           */

static void wrong_owner(struct zctx *c, const struct dnsauth_zrec *r, const char *fmt,
			...) __attribute__((format(printf, 3, 4)));

static void wrong_owner(struct zctx *c, const struct dnsauth_zrec *r, const char *fmt, ...)
{
	struct dnsauth_buf b;
	unsigned line, col;
	va_list ap;

	dnsauth_buf_init(&b, 0);
	va_start(ap, fmt);
	dnsauth_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (b.err) {
		set_rc(c, DNSAUTH_ENOMEM);
	} else {
		owner_pos(r, &line, &col);
		finding(c, DNSAUTH_R_ZONE_RECORD_WRONG_OWNER, DNSAUTH_SEV_NONE, r, line, col,
			"%s", dnsauth_buf_str(&b));
	}
	dnsauth_buf_free(&b);
}

static void owner_spf(struct zctx *c, const struct dnsauth_zrec *r, const struct labels *l)
{
	const char *d = labels_from(l, 1);

	if (label_is(l, 0, "_dmarc")) {
		wrong_owner(c, r,
			    "SPF record at %s: receivers look up SPF at the MAIL FROM domain "
			    "itself (RFC 7208 §4.3), never at _dmarc; move it to %s",
			    r->owner, *d ? d : "the domain");
		return;
	}
	if (!label_is(l, 0, "_spf") && !label_is(l, 0, "www"))
		return;
	if (l->count < 2 || is_target(c, r->owner) || has_spf_at(c, d))
		return;
	if (label_is(l, 0, "_spf"))
		wrong_owner(c, r,
			    "SPF record at %s, which no SPF record in the file includes, and %s "
			    "has none: receivers look up SPF only at the MAIL FROM domain (RFC "
			    "7208 §4.3); publish \"v=spf1 include:%s -all\" (or the record "
			    "itself) at %s", r->owner, d, r->owner, d);
	else
		wrong_owner(c, r,
			    "SPF record at %s, and %s has none: receivers look up SPF at the "
			    "MAIL FROM domain (RFC 7208 §4.3), and mail is sent as ...@%s, not "
			    "...@%s; publish it at %s", r->owner, d, d, r->owner, d);
}

static void owner_dmarc(struct zctx *c, const struct dnsauth_zrec *r, const struct labels *l)
{
	static const char *const typos[] = {
		"dmarc", "_dmarc_", "__dmarc", "_dmark", "dmark", "_dmarc1", "_dmarcs", NULL,
	};
	size_t k;

	if (label_is(l, 0, "_dmarc"))
		return;
	/* report authorizations: <domain>._report._dmarc.<host> (RFC 9990) */
	for (k = 1; k + 1 < l->count; k++)
		if (label_is(l, k, "_report") && label_is(l, k + 1, "_dmarc"))
			return;
	if (label_in(l, 0, typos) && l->count > 1)
		wrong_owner(c, r,
			    "DMARC record at %s: receivers look it up only at _dmarc.<domain> "
			    "(RFC 9989 §4.5); the label must be '_dmarc': publish it at "
			    "_dmarc.%s", r->owner, labels_from(l, 1));
	else
		wrong_owner(c, r,
			    "DMARC record at %s: receivers look it up only at _dmarc.<domain> "
			    "(RFC 9989 §4.5), so they never see it here; publish it at "
			    "_dmarc.%s", r->owner, r->owner);
}

static void owner_dkim(struct zctx *c, const struct dnsauth_zrec *r, const struct labels *l)
{
	static const char *const typos[] = {
		"domainkey", "_domainkeys", "domainkeys", "_dkim", "_domain_key",
		"_domain-key", "__domainkey", "_domainkey_", "_domainkey-", NULL,
	};
	size_t k;

	for (k = 1; k + 1 < l->count; k++)
		if (label_is(l, k, "_domainkey"))
			return;
	if (label_is(l, 0, "_domainkey")) {
		wrong_owner(c, r,
			    "DKIM key at %s has no selector: receivers look keys up at "
			    "<selector>._domainkey.<domain> (RFC 6376 §3.6.2.1); publish it at "
			    "<selector>.%s, with the selector your mail is signed with (s=)",
			    r->owner, r->owner);
		return;
	}
	for (k = 0; k + 1 < l->count; k++) {
		if (!label_in(l, k, typos))
			continue;
		if (k == 0)
			wrong_owner(c, r,
				    "DKIM key at %s: receivers look keys up at "
				    "<selector>._domainkey.<domain> (RFC 6376 §3.6.2.1); the label "
				    "must be '_domainkey', after a selector: publish it at "
				    "<selector>._domainkey.%s", r->owner, labels_from(l, 1));
		else
			wrong_owner(c, r,
				    "DKIM key at %s: receivers look keys up at "
				    "<selector>._domainkey.<domain> (RFC 6376 §3.6.2.1); the label "
				    "'%.*s' must be '_domainkey': publish it at %.*s._domainkey.%s",
				    r->owner, (int)l->n[k], l->p[k],
				    (int)(l->p[k] - r->owner - 1), r->owner, labels_from(l, k + 1));
		return;
	}
	wrong_owner(c, r,
		    "DKIM key at %s: receivers look keys up only at "
		    "<selector>._domainkey.<domain> (RFC 6376 §3.6.2.1); publish it at "
		    "<selector>._domainkey.%s", r->owner, r->owner);
}

static void owner_sts(struct zctx *c, const struct dnsauth_zrec *r, const struct labels *l)
{
	static const char *const typos[] = {
		"_mta_sts", "mta-sts", "mta_sts", "_mtasts", "mtasts", "_mta-sts_",
		"_sts", NULL,
	};

	if (label_is(l, 0, "_mta-sts") && l->count > 1)
		return;
	wrong_owner(c, r,
		    "MTA-STS record at %s: senders look it up only at _mta-sts.<domain> "
		    "(RFC 8461 §3.1); publish it at _mta-sts.%s", r->owner,
		    label_in(l, 0, typos) && l->count > 1 ? labels_from(l, 1) : r->owner);
}

static void owner_tlsrpt(struct zctx *c, const struct dnsauth_zrec *r, const struct labels *l)
{
	static const char *const one[] = {
		"_smtp-tls", "_smtp_tls", "_smtptls", "smtp-tls", "smtp_tls", "_tlsrpt",
		"_smtp", "_tls", NULL,
	};
	const char *d = r->owner;

	if (label_is(l, 0, "_smtp") && label_is(l, 1, "_tls") && l->count > 2)
		return;
	if (l->count > 2 &&
	    ((label_is(l, 0, "_tls") && label_is(l, 1, "_smtp")) ||
	     (label_is(l, 0, "_smtp") && label_is(l, 1, "tls")) ||
	     (label_is(l, 0, "smtp") && label_is(l, 1, "_tls")) ||
	     (label_is(l, 0, "smtp") && label_is(l, 1, "tls"))))
		d = labels_from(l, 2);
	else if (l->count > 1 && label_in(l, 0, one))
		d = labels_from(l, 1);
	wrong_owner(c, r,
		    "TLS-RPT record at %s: senders look it up only at _smtp._tls.<domain> "
		    "(RFC 8460 §3); publish it at _smtp._tls.%s", r->owner, d);
}

static void owner_bimi(struct zctx *c, const struct dnsauth_zrec *r, const struct labels *l)
{
	static const char *const typos[] = {
		"bimi", "_bimi_", "__bimi", "_bimi1", NULL,
	};
	size_t k;

	for (k = 1; k + 1 < l->count; k++)
		if (label_is(l, k, "_bimi"))
			return;
	if (label_is(l, 0, "_bimi") || label_in(l, 0, typos)) {
		wrong_owner(c, r,
			    "BIMI record at %s has no selector: receivers look it up at "
			    "<selector>._bimi.<domain>; publish it at default._bimi.%s",
			    r->owner, l->count > 1 ? labels_from(l, 1) : r->owner);
		return;
	}
	for (k = 1; k + 1 < l->count; k++) {
		if (!label_in(l, k, typos))
			continue;
		wrong_owner(c, r,
			    "BIMI record at %s: receivers look it up at "
			    "<selector>._bimi.<domain>; the label '%.*s' must be '_bimi': "
			    "publish it at %.*s._bimi.%s", r->owner, (int)l->n[k], l->p[k],
			    (int)(l->p[k] - r->owner - 1), r->owner, labels_from(l, k + 1));
		return;
	}
	wrong_owner(c, r,
		    "BIMI record at %s: receivers look it up only at <selector>._bimi."
		    "<domain>; publish it at default._bimi.%s", r->owner, r->owner);
}

static void check_owner(struct zctx *c, const struct dnsauth_zrec *r, enum kind kind)
{
	struct labels l;

	if (r->type != LDNS_RR_TYPE_TXT || !r->owner)
		return;
	split_labels(r->owner, &l);
	switch (kind) {
	case K_SPF:
		owner_spf(c, r, &l);
		break;
	case K_DMARC:
		owner_dmarc(c, r, &l);
		break;
	case K_DKIM:
		owner_dkim(c, r, &l);
		break;
	case K_STS:
		owner_sts(c, r, &l);
		break;
	case K_TLSRPT:
		owner_tlsrpt(c, r, &l);
		break;
	case K_BIMI:
		owner_bimi(c, r, &l);
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------------ */
/* per owner: CNAME conflicts, wildcards, duplicates                    */

static bool cname_ignores(uint16_t type)
{
	return type == LDNS_RR_TYPE_RRSIG || type == LDNS_RR_TYPE_NSEC ||
	       type == LDNS_RR_TYPE_NSEC3;
}

/* The CNAMEs of one owner (c->own[lo..end), in file order): against the
 * apex, the other data there, and an earlier CNAME to another target. */
static void check_cname(struct zctx *c, size_t lo, size_t end)
{
	const struct dnsauth_zfile *zf = c->zf;
	const struct dnsauth_zrec *other = NULL, *first_cname = NULL;
	size_t i, nother = 0;
	bool apex;

	for (i = lo; i < end; i++) {
		const struct dnsauth_zrec *o = &zf->recs[c->own[i].idx];

		if (!o->rr || cname_ignores(o->type))
			continue;
		if (o->type == LDNS_RR_TYPE_CNAME) {
			if (!first_cname)
				first_cname = o;
			continue;
		}
		if (!other)
			other = o;
		nother++;
	}
	if (!first_cname)
		return;
	apex = is_apex(c, first_cname->owner);
	for (i = lo; i < end && !c->rc; i++) {
		const struct dnsauth_zrec *r = &zf->recs[c->own[i].idx];
		unsigned line, col;

		if (!r->rr || r->type != LDNS_RR_TYPE_CNAME)
			continue;
		owner_pos(r, &line, &col);
		if (apex && other) {
			finding(c, DNSAUTH_R_ZONE_CNAME_CONFLICT, DNSAUTH_SEV_NONE, r, line, col,
				"CNAME at the zone apex %s, beside the %s record on line %u: "
				"the apex needs SOA and NS records, and a name with a CNAME can "
				"have no other data (RFC 1034 §3.6.2, RFC 2181 §10.1); use A/AAAA "
				"records (or the provider's ALIAS or flattening) instead",
				r->owner, type_name(other->type), other->line);
		} else if (apex) {
			finding(c, DNSAUTH_R_ZONE_CNAME_CONFLICT, DNSAUTH_SEV_NONE, r, line, col,
				"CNAME at the zone apex %s: the apex needs SOA and NS records, "
				"and a name with a CNAME can have no other data (RFC 1034 "
				"§3.6.2, RFC 2181 §10.1); use A/AAAA records (or the provider's "
				"ALIAS or flattening) instead", r->owner);
		} else if (other) {
			finding(c, DNSAUTH_R_ZONE_CNAME_CONFLICT, DNSAUTH_SEV_NONE, r, line, col,
				"CNAME at %s beside the %s record on line %u%s: a name with a "
				"CNAME can have no other data (RFC 1034 §3.6.2, RFC 2181 §10.1), "
				"so servers refuse the zone or answer unpredictably; keep either "
				"the CNAME or the other records", r->owner, type_name(other->type),
				other->line, nother > 1 ? " and others" : "");
		} else if (r != first_cname && !rr_same(first_cname->rr, r->rr)) {
			/* identical ones are zone-duplicate-or-conflicting-rr */
			finding(c, DNSAUTH_R_ZONE_CNAME_CONFLICT, DNSAUTH_SEV_NONE, r, line, col,
				"second CNAME at %s (the first on line %u): a name has at most "
				"one CNAME (RFC 2181 §10.1), so answers are undefined; keep one",
				r->owner, first_cname->line);
		}
	}
}

static void check_wildcard(struct zctx *c, const struct dnsauth_zrec *r)
{
	struct labels l;
	const char *x;
	unsigned line, col;
	struct dnsauth_buf b, nb;
	enum kind kind;

	if (!r->rr || !r->owner || (r->type != LDNS_RR_TYPE_TXT && r->type != LDNS_RR_TYPE_CNAME))
		return;
	split_labels(r->owner, &l);
	if (!label_is(&l, 0, "*") || l.count < 2)
		return;
	x = labels_from(&l, 1);
	kind = r->type == LDNS_RR_TYPE_TXT ? c->ri[r - c->zf->recs].kind : K_NONE;
	/* *._report._dmarc.<host> TXT "v=DMARC1" authorizes reports (RFC 9990) */
	if (kind == K_DMARC && label_is(&l, 1, "_report") && label_is(&l, 2, "_dmarc"))
		return;
	owner_pos(r, &line, &col);
	dnsauth_buf_init(&b, 0);
	dnsauth_buf_init(&nb, 0);
	if (label_is(&l, 1, "_domainkey")) {
		dnsauth_buf_printf(&b, "it answers for every DKIM selector <sel>.%s", x);
	} else if (label_is(&l, 1, "_dmarc")) {
		dnsauth_buf_printf(&b, "it answers for every name under %s, report "
				   "authorizations <domain>._report.%s included", x, x);
	} else {
		dnsauth_buf_printf(&b, "it answers for every name under %s that the zone does "
				   "not define, mail names included: _dmarc.<any>.%s", x, x);
		dnsauth_buf_printf(&nb, "_dmarc.%s", x);
		if (!nb.err && !has_name(c, dnsauth_buf_str(&nb)))
			dnsauth_buf_printf(&b, ", _dmarc.%s", x);
		dnsauth_buf_printf(&b, ", <sel>._domainkey.<any>.%s", x);
		if (kind == K_SPF)
			dnsauth_buf_printf(&b, "; every such name gets this SPF record, so names "
					   "that send no mail look like senders");
	}
	if (r->type == LDNS_RR_TYPE_CNAME && ldns_rr_rd_count(r->rr) > 0) {
		char *target = ldns_rdf2str(ldns_rr_rdf(r->rr, 0));

		if (target)
			dnsauth_buf_printf(&b, "; their TXT queries follow the CNAME to %s",
					   show(c, 0, target, strlen(target)));
		free(target);
	}
	if (b.err || nb.err) {
		set_rc(c, DNSAUTH_ENOMEM);
	} else {
		finding(c, DNSAUTH_R_ZONE_WILDCARD_SHADOW, DNSAUTH_SEV_NONE, r, line, col,
			"wildcard %s at %s: %s (RFC 4592%s); give the mail names their own "
			"records, or drop the wildcard",
			r->type == LDNS_RR_TYPE_TXT ? "TXT" : "CNAME", r->owner,
			dnsauth_buf_str(&b), kind == K_SPF ? ", RFC 7208 §3.5" : "");
	}
	dnsauth_buf_free(&b);
	dnsauth_buf_free(&nb);
}

/* Identical records; a second v=spf1 or v=DMARC1 TXT at one owner. */
static void check_duplicates(struct zctx *c)
{
	const struct dnsauth_zfile *zf = c->zf;
	struct oent *v;
	size_t n = c->nown, i, k, run;

	v = malloc((n ? n : 1) * sizeof(*v));
	if (!v) {
		set_rc(c, DNSAUTH_ENOMEM);
		return;
	}
	memcpy(v, c->own, n * sizeof(*v));
	/* own is by (owner, index) already: sort each owner's records */
	for (i = 0; i < c->ngroups; i++)
		if (c->gstart[i + 1] - c->gstart[i] > 1)
			qsort(v + c->gstart[i], c->gstart[i + 1] - c->gstart[i], sizeof(*v),
			      oent_dup_cmp);
	for (i = 0; i < n && !c->rc; i = run) {
		run = i + 1;
		while (run < n && v[run].gid == v[i].gid &&
		       v[run].type == v[i].type && v[run].hash == v[i].hash)
			run++;
		for (k = i + 1; k < run && !c->rc; k++) {
			const struct dnsauth_zrec *b = &zf->recs[v[k].idx];
			size_t j;

			if (!b->rr)
				continue;
			for (j = i; j < k; j++) {
				const struct dnsauth_zrec *a = &zf->recs[v[j].idx];
				unsigned line, col;

				if (!a->rr || !rr_same(a->rr, b->rr))
					continue;
				c->ri[v[k].idx].dup = true;
				owner_pos(b, &line, &col);
				finding(c, DNSAUTH_R_ZONE_DUPLICATE_OR_CONFLICTING_RR,
					DNSAUTH_SEV_NONE, b, line, col,
					"the same %s record as on line %u: servers keep one, or "
					"refuse the zone; delete this one", type_name(b->type),
					a->line);
				break;
			}
		}
	}
	free(v);

	/* purpose: two SPF or two DMARC TXT records at one owner */
	for (i = 0; i < c->nown && !c->rc; i = run) {
		const struct dnsauth_zrec *first_spf = NULL, *first_dmarc = NULL;

		run = c->gstart[c->own[i].gid + 1];
		for (k = i; k < run && !c->rc; k++) {
			const struct dnsauth_zrec *r = &zf->recs[c->own[k].idx];
			const struct rinfo *ri = &c->ri[c->own[k].idx];
			const struct dnsauth_zrec **first;
			unsigned line, col;

			if (!r->rr || r->type != LDNS_RR_TYPE_TXT)
				continue;
			if (ri->kind == K_SPF)
				first = &first_spf;
			else if (ri->kind == K_DMARC)
				first = &first_dmarc;
			else
				continue;
			if (!*first) {
				*first = r;
				continue;
			}
			if (ri->dup)
				continue;
			owner_pos(r, &line, &col);
			if (ri->kind == K_SPF)
				finding(c, DNSAUTH_R_ZONE_DUPLICATE_OR_CONFLICTING_RR,
					DNSAUTH_SEV_NONE, r, line, col,
					"second SPF record at %s (the first on line %u): with more "
					"than one, receivers return permerror (RFC 7208 §3.2, §4.5); "
					"merge them into one v=spf1 record", r->owner, (*first)->line);
			else
				finding(c, DNSAUTH_R_ZONE_DUPLICATE_OR_CONFLICTING_RR,
					DNSAUTH_SEV_NONE, r, line, col,
					"second DMARC record at %s (the first on line %u): with more "
					"than one, receivers discard all of them; merge them into one "
					"v=DMARC1 record", r->owner, (*first)->line);
		}
	}
}

/* ------------------------------------------------------------------ */
/* the driver                                                           */

/* An owner and its group, to sort the owners. */
struct gname {
	const char *name;
	uint32_t g;
};

static int gname_cmp(const void *x, const void *y)
{
	return strcmp(((const struct gname *)x)->name, ((const struct gname *)y)->name);
}

/* Order c->own by (owner, index) as a sort of it would, sorting only
 * the distinct owners: group the records by owner with a hash index (in
 * order of first appearance), sort the owners, then lay the records out
 * owner by owner in file order. The index stays, for owner_range(). */
static void group_owners(struct zctx *c)
{
	size_t n = c->nown, nslots = 16, i, ng = 0;
	const char **names = NULL;
	struct gname *sorted = NULL;
	uint32_t *gid = NULL, *rank = NULL;
	size_t *cur = NULL;
	struct oent *v = NULL;

	while (nslots < 2 * n)
		nslots *= 2;
	c->map.slot = calloc(nslots, sizeof(*c->map.slot));
	c->map.mask = nslots - 1;
	names = malloc((n ? n : 1) * sizeof(*names));
	gid = malloc((n ? n : 1) * sizeof(*gid));
	v = malloc((n ? n : 1) * sizeof(*v));
	if (!c->map.slot || !names || !gid || !v)
		goto nomem;
	/* the distinct owners, in order of first appearance */
	for (i = 0; i < n; i++) {
		uint32_t *sl = ownmap_slot(&c->map, c->own[i].owner, names);

		if (!*sl) {
			names[ng] = c->own[i].owner;
			*sl = (uint32_t)++ng;
		}
		gid[i] = *sl - 1;
	}
	/* their ranks in strcmp order (distinct names: one order) */
	sorted = malloc((ng ? ng : 1) * sizeof(*sorted));
	rank = malloc((ng ? ng : 1) * sizeof(*rank));
	c->gstart = calloc(ng + 1, sizeof(*c->gstart));
	cur = malloc((ng ? ng : 1) * sizeof(*cur));
	if (!sorted || !rank || !c->gstart || !cur)
		goto nomem;
	for (i = 0; i < ng; i++) {
		sorted[i].name = names[i];
		sorted[i].g = (uint32_t)i;
	}
	qsort(sorted, ng, sizeof(*sorted), gname_cmp);
	for (i = 0; i < ng; i++)
		rank[sorted[i].g] = (uint32_t)i;
	/* each owner's records, in file order, owner after owner */
	for (i = 0; i < n; i++)
		c->gstart[rank[gid[i]] + 1]++;
	for (i = 0; i < ng; i++) {
		c->gstart[i + 1] += c->gstart[i];
		cur[i] = c->gstart[i];
	}
	for (i = 0; i < n; i++) {
		uint32_t g = rank[gid[i]];

		v[cur[g]] = c->own[i];
		v[cur[g]++].gid = g;
	}
	free(c->own);
	c->own = v;
	v = NULL;
	c->ngroups = ng;
	/* the index now leads to ranks */
	for (i = 0; i < nslots; i++)
		if (c->map.slot[i])
			c->map.slot[i] = rank[c->map.slot[i] - 1] + 1;
	goto out;
nomem:
	set_rc(c, DNSAUTH_ENOMEM);
out:
	free(names);
	free(sorted);
	free(gid);
	free(rank);
	free(cur);
	free(v);
}

static void prepare(struct zctx *c)
{
	const struct dnsauth_zfile *zf = c->zf;
	size_t i, k;

	c->ri = calloc(zf->nrecs ? zf->nrecs : 1, sizeof(*c->ri));
	c->own = malloc((zf->nrecs ? zf->nrecs : 1) * sizeof(*c->own));
	if (!c->ri || !c->own) {
		set_rc(c, DNSAUTH_ENOMEM);
		return;
	}
	for (i = 0; i < zf->nrecs && !c->rc; i++) {
		const struct dnsauth_zrec *r = &zf->recs[i];
		struct rinfo *ri = &c->ri[i];

		if (r->rr && r->value && is_txt(r->type)) {
			ri->kind = strict_kind(r->value, r->value_len);
			ri->loose = loose_kind(r->value, r->value_len, ri->kind);
			if (ri->kind == K_SPF) {
				int rc = dnsauth_spf_parse(r->value, r->value_len, NULL, &ri->spf,
							   NULL);

				if (rc == DNSAUTH_ENOMEM)
					set_rc(c, rc);
				for (k = 0; ri->spf && k < ri->spf->nterms; k++) {
					const struct dnsauth_spf_term *t = &ri->spf->terms[k];

					if ((t->kind == DNSAUTH_SPF_INCLUDE ||
					     t->kind == DNSAUTH_SPF_REDIRECT) && t->domain)
						add_target(c, t->domain);
				}
			}
		}
		if (r->rr)
			ri->hash = rr_hash(r->rr);
		if (r->rr && r->type == LDNS_RR_TYPE_SOA && r->owner)
			c->have_soa = true;
		if (r->owner) {
			c->own[c->nown].owner = r->owner;
			c->own[c->nown].idx = i;
			c->own[c->nown].type = r->type;
			c->own[c->nown].hash = ri->hash;
			c->nown++;
		}
	}
	if (c->rc)
		return;
	group_owners(c);
	if (c->rc)
		return;
	if (c->ntargets > 1)
		qsort(c->targets, c->ntargets, sizeof(*c->targets), str_cmp);
	/* the apex without an SOA: the file's origin, else the first $ORIGIN */
	if (!c->have_soa) {
		const char *o = zf->origin;
		size_t n;

		for (i = 0; !o && i < zf->nrecs; i++)
			o = zf->recs[i].origin;
		if (o) {
			n = strlen(o);
			if (n > 0 && o[n - 1] == '.')
				n--;
			c->apexbuf = strndup(o, n);
			if (!c->apexbuf) {
				set_rc(c, DNSAUTH_ENOMEM);
				return;
			}
			for (i = 0; i < n; i++)
				c->apexbuf[i] = (char)tolower((unsigned char)c->apexbuf[i]);
			c->apex = c->apexbuf;
		}
	}
}

int dnsauth_lint_zone_rules(const struct dnsauth_zfile *zf, struct dnsauth_findings *fl)
{
	struct zctx c;
	size_t i;

	if (!zf || !fl)
		return DNSAUTH_EINVAL;
	memset(&c, 0, sizeof(c));
	c.zf = zf;
	c.fl = fl;
	prepare(&c);
	for (i = 0; i < zf->nrecs && !c.rc; i++) {
		const struct dnsauth_zrec *r = &zf->recs[i];
		const struct rinfo *ri = &c.ri[i];

		check_string_length(&c, r);
		if (!r->rr)
			continue;
		check_split(&c, r);
		check_owner_dot(&c, r);
		check_rdata_dots(&c, r);
		if (ri->spf) {
			check_spf_dots(&c, r, ri->spf);
			check_spf_name_lengths(&c, r, ri->spf);
		}
		if (r->value && is_txt(r->type)) {
			check_owner(&c, r, ri->kind);
			check_garbled(&c, r, ri->loose, ri->kind);
		}
		check_wildcard(&c, r);
		check_ttl(&c, r);
		check_name_lengths(&c, r);
	}
	for (i = 0; i < c.ngroups && !c.rc; i++)
		check_cname(&c, c.gstart[i], c.gstart[i + 1]);
	if (!c.rc)
		check_duplicates(&c);

	for (i = 0; c.ri && i < zf->nrecs; i++)
		dnsauth_spf_free(c.ri[i].spf);
	for (i = 0; i < c.ntargets; i++)
		free(c.targets[i]);
	free(c.targets);
	free(c.ri);
	free(c.own);
	free(c.gstart);
	free(c.map.slot);
	free(c.apexbuf);
	return c.rc ? DNSAUTH_ENOMEM : 0;
}
