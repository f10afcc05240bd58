/* SPDX-License-Identifier: MIT */
/*
 * dmarc.c - DMARC policy record model (RFC 7489, RFC 9989): tag-list
 * parse with columns, validation, effective policy, canonical print.
 *
 * The tag-list follows RFC 6376 §3.2 / RFC 9989 §4.8: tags separated by
 * ';', optional SP/TAB around names, '=' and ';', a trailing ';' and empty
 * tags (";;") are accepted silently. Tag names are case-sensitive ("P" is
 * an unknown tag); policy words, adkim/aspf/t/psd letters, fo options and
 * rf formats are compared case-insensitively (ABNF literals) and printed
 * in lower case. The model's fields do not depend on the standard: only
 * what is reported does.
 *
 * The catalogue has no rule for several of the problems the parser finds;
 * each uses the closest DMARC rule (see also the table in the report):
 *
 *   problem                                  rule                  severity
 *   not a record but looks like one          dmarc-version-invalid error
 *   duplicate v                              dmarc-version-invalid error (1)
 *   duplicate p, sp, np                      dmarc-policy-invalid  error (1)
 *   duplicate rua, ruf                       dmarc-uri-invalid     error (1)
 *   duplicate of any other tag               dmarc-policy-invalid  error (1)
 *   p, sp, np not a policy word              dmarc-policy-invalid  error
 *   adkim, aspf, t, psd value (2)            dmarc-policy-invalid  error
 *   pct, ri, rf syntax (RFC 7489)            dmarc-policy-invalid  error
 *   unknown rf format (RFC 7489)             dmarc-policy-invalid  info
 *   p not the second tag (RFC 7489)          dmarc-policy-invalid  info
 *   unknown tag, malformed tag, np/psd/t
 *     under RFC 7489 (ignored there)         dmarc-policy-invalid  info
 *   fo: unknown option, 0 with 1 (RFC 9989),
 *     fo without ruf                         dmarc-policy-invalid  info
 *   more than 256 tags (rest not checked)    dmarc-policy-invalid  warning
 *   pct, rf, ri (RFC 9989)                   dmarc-removed-tag     warning
 *   pct below 100 (RFC 7489)                 dmarc-removed-tag     info
 *   t=y (RFC 9989)                           dmarc-monitoring-only info
 *   ruf present                              dmarc-uri-invalid     info
 *   "!size" suffix (RFC 9989)                dmarc-uri-invalid     info
 *   URI with an unsupported scheme           dmarc-uri-invalid     warning
 *   more than DNSAUTH_DMARC_MAX_URIS URIs    dmarc-uri-invalid     warning
 *
 * (1) RFC 6376 §3.2: a duplicate tag makes the whole tag-list invalid, so
 *     receivers that follow it discard the record: (*out)->valid is false.
 * (2) t and psd only under RFC 9989; receivers use the default instead.
 *
 * A value that swallowed the next tag because a ';' is missing
 * ("p=reject rua=...") is reported with the rule of the tag that holds it
 * and a hint naming the swallowed tag. "v=DMARC1 p=none" is not a record
 * (the v value is "DMARC1 p=none", and RFC 9989 §4.7 says the whole record
 * MUST then be ignored): dmarc-version-invalid at the v value, with the
 * hint, and DNSAUTH_ENOTSPF.
 *
 * Columns: a finding about a value points at the value (for an empty
 * value, just after the '='); about a tag, at its name; about a URI, at
 * the URI; about something absent (no p, no rua), 0.
 *
 * URIs: "valid" is syntactic (mailto with local@domain, or a scheme and a
 * host), which is what receivers test before acting as p=none; "usable"
 * (rua-missing, the "no usable URI" error) also needs mailto, https or
 * http. validate checks psd=y against the PSL under both standards, since
 * RFC 9989 receivers see the record whatever the standard linted against.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dmarc.h"
#include "dname.h"
#include "error.h"
#include "psl.h"

/** At most this many tags are checked; more are reported once. */
#define DMARC_MAX_TAGS 256u
/** Values longer than this are cut with "..." in messages. */
#define QMAX 64

/* Arguments for "'%.*s%s'": a value cut to QMAX bytes. */
#define QLEN(n) ((int)((n) > QMAX ? QMAX : (n)))
#define QCUT(n) ((n) > QMAX ? "..." : "")

enum tag_id {
	T_V,
	T_P,
	T_SP,
	T_NP,
	T_ADKIM,
	T_ASPF,
	T_PCT,
	T_FO,
	T_RF,
	T_RI,
	T_RUA,
	T_RUF,
	T_T,
	T_PSD,
	T_COUNT /* unknown tag */
};

static const char *const tag_names[T_COUNT] = {
	"v",  "p",  "sp", "np",  "adkim", "aspf", "pct",
	"fo", "rf", "ri", "rua", "ruf",   "t",    "psd",
};

/* ------------------------------------------------------------------ */
/* small helpers                                                        */

static bool is_wsp(char c)
{
	return c == ' ' || c == '\t';
}

/* ASCII classes: records are ASCII, whatever the locale says */
static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return is_alpha(c) || is_digit(c);
}

static bool is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static char to_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* ALPHA *(ALPHA / DIGIT / "_") (RFC 6376 tag-name) */
static bool valid_tag_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || !is_alpha(s[0]))
		return false;
	for (i = 1; i < n; i++)
		if (!is_alnum(s[i]) && s[i] != '_')
			return false;
	return true;
}

static enum tag_id tag_lookup(const char *s, size_t n)
{
	int i;

	for (i = 0; i < T_COUNT; i++)
		if (strlen(tag_names[i]) == n && memcmp(tag_names[i], s, n) == 0)
			return (enum tag_id)i;
	return T_COUNT;
}

static bool eq_ci(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp(s, word, n) == 0;
}

/* Copy n bytes of s into a new string, lower-cased when lower. */
static char *dup_n(const char *s, size_t n, bool lower)
{
	char *d = malloc(n + 1);
	size_t i;

	if (!d)
		return NULL;
	for (i = 0; i < n; i++)
		d[i] = lower ? to_lower(s[i]) : s[i];
	d[n] = '\0';
	return d;
}

/*
 * Whether s begins with a tag: a tag name, optional whitespace and '='.
 * On success *nlen is the length of the name.
 */
static bool tag_at(const char *s, size_t n, size_t *nlen)
{
	size_t k = 0, m;

	if (n == 0 || !is_alpha(s[0]))
		return false;
	while (k < n && (is_alnum(s[k]) || s[k] == '_'))
		k++;
	m = k;
	while (m < n && is_wsp(s[m]))
		m++;
	if (m >= n || s[m] != '=')
		return false;
	*nlen = k;
	return true;
}

/*
 * If a value swallowed the next tag because a ';' is missing
 * ("reject rua=mailto:..."), the name of that tag (*nlen bytes); else NULL.
 */
static const char *swallowed(const char *v, size_t n, size_t *nlen)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		if (!is_wsp(v[i]) || is_wsp(v[i - 1]))
			continue;
		j = i;
		while (j < n && is_wsp(v[j]))
			j++;
		if (tag_at(v + j, n - j, nlen))
			return v + j;
	}
	return NULL;
}

/* "; a ';' is probably missing before 'X'" or "" */
static const char *swallow_hint(const char *v, size_t n, char *buf, size_t size)
{
	size_t nlen = 0;
	const char *s = swallowed(v, n, &nlen);

	if (!s)
		return "";
	snprintf(buf, size, "; a ';' is probably missing before '%.*s'",
		 nlen > 32 ? 32 : (int)nlen, s);
	return buf;
}

/* Damerau distance exactly one between a and b (b lower-case ASCII). */
static bool one_edit(const char *a, size_t na, const char *b, size_t nb)
{
	const char *l, *s;
	size_t ns, i = 0;

	if (na == nb) {
		while (i < na && a[i] == b[i])
			i++;
		if (i == na)
			return false;
		if (i + 1 < na && a[i] == b[i + 1] && a[i + 1] == b[i] &&
		    memcmp(a + i + 2, b + i + 2, na - i - 2) == 0)
			return true;
		return memcmp(a + i + 1, b + i + 1, na - i - 1) == 0;
	}
	if (na + 1 == nb) {
		l = b;
		s = a;
		ns = na;
	} else if (nb + 1 == na) {
		l = a;
		s = b;
		ns = nb;
	} else {
		return false;
	}
	/* l is one longer than s: skip one character of l */
	while (i < ns && l[i] == s[i])
		i++;
	return memcmp(l + i + 1, s + i, ns - i) == 0;
}

/*
 * A likely intended tag for an unknown name: " (did you mean 'rua'?)",
 * or a note on case for "P"; "" if none.
 */
static const char *name_hint(const char *s, size_t n, char *buf, size_t size)
{
	char low[16];
	size_t i;
	int k;

	for (k = 0; k < T_COUNT; k++) {
		if (eq_ci(s, n, tag_names[k])) {
			snprintf(buf, size,
				 " (tag names are case-sensitive: did you mean '%s'?)",
				 tag_names[k]);
			return buf;
		}
	}
	if (n < 3 || n >= sizeof(low))
		return "";
	for (i = 0; i < n; i++)
		low[i] = to_lower(s[i]);
	for (k = 0; k < T_COUNT; k++) {
		size_t tl = strlen(tag_names[k]);

		if (tl >= 3 && one_edit(low, n, tag_names[k], tl)) {
			snprintf(buf, size, " (did you mean '%s'?)", tag_names[k]);
			return buf;
		}
	}
	return "";
}

static enum dnsauth_dmarc_policy policy_word(const char *s, size_t n)
{
	if (eq_ci(s, n, "none"))
		return DNSAUTH_DMARC_NONE;
	if (eq_ci(s, n, "quarantine"))
		return DNSAUTH_DMARC_QUARANTINE;
	if (eq_ci(s, n, "reject"))
		return DNSAUTH_DMARC_REJECT;
	return DNSAUTH_DMARC_INVALID;
}

/* A one-letter value out of set (lower case); 0 if not one. */
static char one_of(const char *s, size_t n, const char *set)
{
	char ch;

	if (n != 1)
		return 0;
	ch = to_lower(s[0]);
	return strchr(set, ch) && ch != '\0' ? ch : 0;
}

/* 1*DIGIT not above max; *out the value. */
static bool parse_uint(const char *s, size_t n, size_t max_digits,
		       unsigned long long max, unsigned long long *out)
{
	unsigned long long v = 0;
	size_t i;

	if (n == 0 || n > max_digits)
		return false;
	for (i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return false;
		v = v * 10 + (unsigned long long)(s[i] - '0');
	}
	if (v > max)
		return false;
	*out = v;
	return true;
}

/* "!" size suffix without the '!': 1*DIGIT [k/m/g/t], fitting 64 bits. */
static bool size_ok(const char *s, size_t n, bool *overflow)
{
	uint64_t v = 0;
	size_t i, d = n;

	*overflow = false;
	if (n > 0 && strchr("kmgtKMGT", s[n - 1]) && s[n - 1] != '\0')
		d = n - 1;
	if (d == 0)
		return false;
	for (i = 0; i < d; i++) {
		unsigned dig;

		if (!is_digit(s[i]))
			return false;
		dig = (unsigned)(s[i] - '0');
		if (v > (UINT64_MAX - dig) / 10)
			*overflow = true;
		else
			v = v * 10 + dig;
	}
	return true;
}

/* ------------------------------------------------------------------ */
/* model                                                                */

struct dnsauth_dmarc *dnsauth_dmarc_new(void)
{
	struct dnsauth_dmarc *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->pct = -1;
	d->ri = -1;
	d->valid = true;
	return d;
}

static void uri_clear(struct dnsauth_dmarc_uri *u)
{
	free(u->uri);
	free(u->scheme);
	free(u->host);
	free(u->size);
	memset(u, 0, sizeof(*u));
}

void dnsauth_dmarc_free(struct dnsauth_dmarc *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->ntags; i++) {
		free(d->tags[i].name);
		free(d->tags[i].value);
	}
	free(d->tags);
	for (i = 0; i < d->nrua; i++)
		uri_clear(&d->rua[i]);
	free(d->rua);
	for (i = 0; i < d->nruf; i++)
		uri_clear(&d->ruf[i]);
	free(d->ruf);
	free(d->rf);
	free(d);
}

const char *dnsauth_dmarc_policy_name(enum dnsauth_dmarc_policy p)
{
	switch (p) {
	case DNSAUTH_DMARC_UNSET:
		return "unset";
	case DNSAUTH_DMARC_NONE:
		return "none";
	case DNSAUTH_DMARC_QUARANTINE:
		return "quarantine";
	case DNSAUTH_DMARC_REJECT:
		return "reject";
	case DNSAUTH_DMARC_INVALID:
		break;
	}
	return "invalid";
}

/* Append *u (moved, not copied) to rua or ruf. */
static int uri_append(struct dnsauth_dmarc *d, bool ruf,
		      struct dnsauth_dmarc_uri *u)
{
	struct dnsauth_dmarc_uri **arr = ruf ? &d->ruf : &d->rua;
	size_t *n = ruf ? &d->nruf : &d->nrua;
	struct dnsauth_dmarc_uri *v;

	if (*n >= DNSAUTH_DMARC_MAX_URIS)
		return DNSAUTH_ELIMIT;
	v = realloc(*arr, (*n + 1) * sizeof(*v));
	if (!v)
		return DNSAUTH_ENOMEM;
	*arr = v;
	v[*n] = *u;
	(*n)++;
	memset(u, 0, sizeof(*u));
	return 0;
}

/* ------------------------------------------------------------------ */
/* report URIs (RFC 3986 URI with an optional obsolete "!size")          */

/*
 * Parse one URI of a rua/ruf list (s, n: trimmed, not empty) into *u.
 * *sev is the severity of its problem (DNSAUTH_SEV_NONE: fine), *why a
 * static description and *detail an optional static detail (or NULL).
 * \return 0 or DNSAUTH_ENOMEM (then *u is cleared)
 */
static int uri_parse(const char *s, size_t n, struct dnsauth_dmarc_uri *u,
		     enum dnsauth_severity *sev, const char **why,
		     const char **detail)
{
	size_t i, bang = n, ulen = n, sch = 0, rn, q, at;
	const char *rest, *bad = NULL;
	bool overflow = false, bad_bang = false;

	memset(u, 0, sizeof(*u));
	*sev = DNSAUTH_SEV_NONE;
	*why = NULL;
	*detail = NULL;
	for (i = 0; i < n && !bad; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == ' ' || ch == '\t')
			bad = "contains whitespace";
		else if (ch < 0x20 || ch == 0x7f)
			bad = "contains a control character";
		else if (ch >= 0x80)
			bad = "contains a non-ASCII character (percent-encode it)";
	}
	for (i = 0; i < n; i++) {
		if (s[i] == '!') {
			bang = i;
			break;
		}
	}
	if (bang < n) {
		if (size_ok(s + bang + 1, n - bang - 1, &overflow))
			ulen = bang;
		else
			bad_bang = true;
	}
	u->uri = dup_n(s, ulen, false);
	if (!u->uri)
		goto oom;
	if (ulen < n) {
		u->size = dup_n(s + bang + 1, n - bang - 1, false);
		if (!u->size)
			goto oom;
	}
	if (bad) {
		*why = bad;
		goto error;
	}
	if (bad_bang) {
		*why = "contains an unencoded '!' (write %21; only a size suffix such as '!10m' may follow a URI)";
		goto error;
	}
	if (overflow) {
		*why = "has a size suffix that does not fit in 64 bits";
		goto error;
	}
	if (ulen > 0 && is_alpha(s[0])) {
		sch = 1;
		while (sch < ulen && (is_alnum(s[sch]) ||
				      s[sch] == '+' || s[sch] == '-' || s[sch] == '.'))
			sch++;
	}
	if (sch == 0 || sch >= ulen || s[sch] != ':') {
		*why = memchr(s, '@', ulen) ?
		       "is not a URI: it has no scheme (write 'mailto:' before an address; a ',' inside a URI must be written %2C)" :
		       "is not a URI: it has no scheme";
		goto error;
	}
	u->scheme = dup_n(s, sch, true);
	if (!u->scheme)
		goto oom;
	rest = s + sch + 1;
	rn = ulen - sch - 1;
	if (strcmp(u->scheme, "mailto") == 0) {
		for (q = 0; q < rn && rest[q] != '?'; q++)
			;
		for (at = q; at > 0 && rest[at - 1] != '@'; at--)
			;
		if (at == 0) {
			*why = q == 0 ? "has no address after 'mailto:'" :
			       "has no '@' in its mailto address";
			goto error;
		}
		if (at == 1) {
			*why = "has no local part before the '@'";
			goto error;
		}
		if (!dnsauth_dname_valid(rest + at, q - at, true, detail, NULL)) {
			*why = "has an invalid mailto domain";
			goto error;
		}
		u->host = dup_n(rest + at, q - at, true);
		if (!u->host)
			goto oom;
		u->valid = true;
		return 0;
	}
	if (rn >= 2 && rest[0] == '/' && rest[1] == '/') {
		const char *a = rest + 2, *h;
		size_t an = 0, hn;

		while (an < rn - 2 && a[an] != '/' && a[an] != '?' && a[an] != '#')
			an++;
		for (i = an; i > 0 && a[i - 1] != '@'; i--)
			;
		h = a + i;
		hn = an - i;
		if (hn > 0 && h[0] == '[') {
			size_t e = 1;

			while (e < hn && h[e] != ']' &&
			       (is_hex(h[e]) || h[e] == ':' || h[e] == '.'))
				e++;
			if (e < hn && h[e] == ']' && e > 1 &&
			    (e + 1 == hn || h[e + 1] == ':')) {
				u->host = dup_n(h + 1, e - 1, true);
				if (!u->host)
					goto oom;
			}
		} else {
			size_t e = 0, p;

			while (e < hn && h[e] != ':')
				e++;
			for (p = e + 1; p < hn && is_digit(h[p]); p++)
				;
			if (e > 0 && (e == hn || p == hn) &&
			    dnsauth_dname_valid(h, e, true, detail, NULL)) {
				u->host = dup_n(h, e, true);
				if (!u->host)
					goto oom;
			}
		}
	}
	if (strcmp(u->scheme, "https") == 0 || strcmp(u->scheme, "http") == 0) {
		if (!u->host) {
			*why = "has no valid host";
			goto error;
		}
		*detail = NULL;
		u->valid = true;
		return 0;
	}
	*detail = NULL;
	*sev = DNSAUTH_SEV_WARNING;
	*why = "uses an unsupported scheme: receivers may ignore it (mailto is the scheme every receiver supports)";
	u->valid = u->host != NULL;
	return 0;
error:
	*sev = DNSAUTH_SEV_ERROR;
	u->valid = false;
	return 0;
oom:
	uri_clear(u);
	return DNSAUTH_ENOMEM;
}

/* ------------------------------------------------------------------ */
/* parser                                                               */

struct parse_ctx {
	const char *rec;  /* NUL-terminated copy of the value, for findings */
	const char *name;
	enum dnsauth_dmarc_standard std;
	struct dnsauth_findings *fl;
	struct dnsauth_dmarc *d;
	unsigned col[T_COUNT];  /* column of each known tag, 0 if absent */
	size_t cap;             /* allocated tags */
	int errors;
	int oom;
	bool duplicate;
};

static void report(struct parse_ctx *c, enum dnsauth_rule_id rule,
		   enum dnsauth_severity sev, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void report(struct parse_ctx *c, enum dnsauth_rule_id rule,
		   enum dnsauth_severity sev, unsigned col, const char *fmt, ...)
{
	va_list ap;

	if (sev == DNSAUTH_SEV_ERROR)
		c->errors++;
	va_start(ap, fmt);
	if (dnsauth_findings_vadd(c->fl, rule, sev, c->name, c->rec, col, fmt, ap))
		c->oom = 1;
	va_end(ap);
}

static bool is_9989(const struct parse_ctx *c)
{
	return c->std != DNSAUTH_DMARC_RFC7489;
}

/* An RFC 9989 tag under RFC 7489: ignored there. */
static void report_9989_only(struct parse_ctx *c, const struct dnsauth_dmarc_tag *t,
			     const char *v, size_t n, const char *what)
{
	report(c, DNSAUTH_R_DMARC_POLICY_INVALID, DNSAUTH_SEV_INFO, t->column,
	       "'%s=%.*s%s' is an RFC 9989 tag: RFC 7489 receivers ignore it (%s)",
	       t->name, QLEN(n), v, QCUT(n), what);
}

static void parse_policy(struct parse_ctx *c, enum tag_id id,
			 const struct dnsauth_dmarc_tag *t, const char *v,
			 size_t n, size_t index)
{
	enum dnsauth_dmarc_policy pol = policy_word(v, n);
	char hint[96];

	if (id == T_P)
		c->d->p = pol;
	else if (id == T_SP)
		c->d->sp = pol;
	else
		c->d->np = pol;
	if (id == T_NP && !is_9989(c)) {
		report_9989_only(c, t, v, n, "non-existent subdomains get sp or p");
		return;
	}
	if (pol == DNSAUTH_DMARC_INVALID) {
		if (n == 0)
			report(c, DNSAUTH_R_DMARC_POLICY_INVALID, DNSAUTH_SEV_ERROR,
			       t->value_column,
			       "%s has no value: use none, quarantine or reject",
			       t->name);
		else
			report(c, DNSAUTH_R_DMARC_POLICY_INVALID, DNSAUTH_SEV_ERROR,
			       t->value_column,
			       "%s value '%.*s%s' is not none, quarantine or reject%s",
			       t->name, QLEN(n), v, QCUT(n),
			       swallow_hint(v, n, hint, sizeof(hint)));
	}
	if (id == T_P && !is_9989(c) && index != 1)
		report(c, DNSAUTH_R_DMARC_POLICY_INVALID, DNSAUTH_SEV_INFO, t->column,
		       "p is not the second tag: RFC 7489 requires 'v=DMARC1; p=...' in that order (most receivers accept any order)");
}

/* adkim, aspf, t, psd */
static void parse_letter(struct parse_ctx *c, enum tag_id id,
			 const struct dnsauth_dmarc_tag *t, const char *v, size_t n)
{
	static const struct {
		const char *set;
		const char *words;
		const char *def;
	} spec[] = {
		{ "rs", "r or s", "r" },
		{ "yn", "y or n", "n" },
		{ "ynu", "y, n or u", "u" },
	};
	int k = id == T_ADKIM || id == T_ASPF ? 0 : id == T_T ? 1 : 2;
	char ch = one_of(v, n, spec[k].set);
	char hint[96];

	if (id == T_ADKIM)
		c->d->adkim = ch;
	else if (id == T_ASPF)
		c->d->aspf = ch;
	else if (id == T_T)
		c->d->t = ch;
	else
		c->d->psd = ch;
	if ((id == T_T || id == T_PSD) && !is_9989(c)) {
		report_9989_only(c, t, v, n,
				 id == T_T ? "no test mode" : "the PSL decides");
		return;
	}
	if (!ch) {
		report(c, DNSAUTH_R_DMARC_POLICY_INVALID, DNSAUTH_SEV_ERROR,
		       t->value_column,
		       "%s value '%.*s%s' is not %s; receivers use the default %s%s",
		       t->name, QLEN(n), v, QCUT(n), spec[k].words, spec[k].def,
		       swallow_hint(v, n, hint, sizeof(hint)));
		return;
	}
	if (id == T_T && ch == 'y')
		report(c, DNSAUTH_R_DMARC_MONITORING_ONLY, DNSAUTH_SEV_INFO,
		       t->column,
		       "t=y (test mode): receivers apply the policy one level lower (reject as quarantine, quarantine as none)");
}

static void report_removed(struct parse_ctx *c, const struct dnsauth_dmarc_tag *t,
			   const char *v, size_t n)
{
	report(c, DNSAUTH_R_DMARC_REMOVED_TAG, DNSAUTH_SEV_WARNING, t->column,
	       "'%s=%.*s%s' uses a tag removed by RFC 9989: RFC 9989 receivers ignore it while RFC 7489 receivers may still honour it%s",
	       t->name, QLEN(n), v, QCUT(n),
	       strcmp(t->name, "pct") == 0 ? " (use t=y to test a policy)" : "");
}

static void parse_pct(struct parse_ctx *c, const struct dnsauth_dmarc_tag *t,
		      const char *v, size_t n)
{
	unsigned long long x = 0;
	bool ok = parse_uint(v, n, 3, 100, &x);
	char hint[96];

	c->d->pct = ok ? (int)x : -1;
	if (is_9989(c)) {
		report_removed(c, t, v, n);
		return;
	}
	if (!ok)
		report(c, DNSAUTH_R_DMARC_POLICY_INVALID, DNSAUTH_SEV_ERROR,
		       t->value_column,
		       "pct value '%.*s%s' is not an integer from 0 to 100; receivers use 100%s",
		       QLEN(n), v, QCUT(n), swallow_hint(v, n, hint, sizeof(hint)));
	else if (x < 100)
		report(c, DNSAUTH_R_DMARC_REMOVED_TAG, DNSAUTH_SEV_INFO, t->column,
		       "pct=%llu: RFC 7489 receivers apply the policy to only %llu%% of failing mail, and RFC 9989 removed pct (use t=y to test a policy)",
		       x, x);
}

static void parse_ri(struct parse_ctx *c, const struct dnsauth_dmarc_tag *t,
		     const char *v, size_t n)
{
	unsigned long long x = 0;
	bool ok = parse_uint(v, n, 10, 4294967295ULL, &x);
	char hint[96];

	/* a 32-bit long cannot hold every 32-bit unsigned value */
	c->d->ri = !ok ? -1 : x > (unsigned long long)LONG_MAX ? LONG_MAX : (long)x;
	if (is_9989(c)) {
		report_removed(c, t, v, n);
		return;
	}
	if (!ok)
		report(c, DNSAUTH_R_DMARC_POLICY_INVALID, DNSAUTH_SEV_ERROR,
		       t->value_column,
		       "ri value '%.*s%s' is not a number of seconds from 0 to 4294967295; receivers use 86400%s",
		       QLEN(n), v, QCUT(n), swallow_hint(v, n, hint, sizeof(hint)));
}

/* rf: Keyword *(*WSP ":" *WSP Keyword), only "afrf" defined (RFC 7489). */
static void parse_rf(struct parse_ctx *c, const struct dnsauth_dmarc_tag *t,
		     const char *v, size_t n)
{
	size_t i = 0, unknown_at = n, unknown_len = 0;
	bool syntax = n > 0;
	char hint[96];

	c->d->rf = dup_n(v, n, false);
	if (!c->d->rf) {
		c->oom = 1;
		return;
	}
	if (is_9989(c)) {
		report_removed(c, t, v, n);
		return;
	}
	while (syntax && i < n) {
		size_t s = i, e;

		while (i < n && (is_alnum(v[i]) || v[i] == '-'))
			i++;
		e = i;
		if (e == s || v[s] == '-' || v[e - 1] == '-') {
			syntax = false;
			break;
		}
		if (!eq_ci(v + s, e - s, "afrf") && unknown_at == n) {
			unknown_at = s;
			unknown_len = e - s;
		}
		while (i < n && is_wsp(v[i]))
			i++;
		if (i == n)
			break;
		if (v[i] != ':') {
			syntax = false;
			break;
		}
		i++;
		while (i < n && is_wsp(v[i]))
			i++;
		if (i == n)
			syntax = false;
	}
	if (!syntax)
		report(c, DNSAUTH_R_DMARC_POLICY_INVALID, DNSAUTH_SEV_ERROR,
		       t->value_column,
		       "rf value '%.*s%s' is not a colon-separated list of report formats; receivers use afrf%s",
		       QLEN(n), v, QCUT(n), swallow_hint(v, n, hint, sizeof(hint)));
	else if (unknown_at < n)
		report(c, DNSAUTH_R_DMARC_POLICY_INVALID, DNSAUTH_SEV_INFO,
		       t->value_column,
		       "rf value '%.*s%s' names the unknown report format '%.*s' (only afrf is defined)",
		       QLEN(n), v, QCUT(n), QLEN(unknown_len), v + unknown_at);
}

/* fo: colon list of 0, 1, d, s */
static void parse_fo(struct parse_ctx *c, const struct dnsauth_dmarc_tag *t,
		     const char *v, size_t n)
{
	unsigned bits = 0;
	size_t i = 0;
	bool bad = n == 0;
	char hint[96];

	while (!bad && i < n) {
		size_t s, e;

		while (i < n && is_wsp(v[i]))
			i++;
		s = i;
		while (i < n && v[i] != ':')
			i++;
		e = i;
		while (e > s && is_wsp(v[e - 1]))
			e--;
		if (e - s != 1)
			bad = true;
		else if (v[s] == '0')
			bits |= DNSAUTH_DMARC_FO_0;
		else if (v[s] == '1')
			bits |= DNSAUTH_DMARC_FO_1;
		else if (v[s] == 'd' || v[s] == 'D')
			bits |= DNSAUTH_DMARC_FO_D;
		else if (v[s] == 's' || v[s] == 'S')
			bits |= DNSAUTH_DMARC_FO_S;
		else
			bad = true;
		if (i < n) {
			i++;
			if (i == n)
				bad = true; /* trailing ':' */
		}
	}
	if (bad) {
		/* the whole tag is discarded in favour of the default */
		c->d->fo = 0;
		report(c, DNSAUTH_R_DMARC_POLICY_INVALID, DNSAUTH_SEV_INFO,
		       t->value_column,
		       "fo value '%.*s%s' is not a colon-separated list of 0, 1, d and s; receivers ignore it%s",
		       QLEN(n), v, QCUT(n), swallow_hint(v, n, hint, sizeof(hint)));
		return;
	}
	c->d->fo = bits;
	if (is_9989(c) && (bits & DNSAUTH_DMARC_FO_0) && (bits & DNSAUTH_DMARC_FO_1))
		report(c, DNSAUTH_R_DMARC_POLICY_INVALID, DNSAUTH_SEV_INFO,
		       t->value_column,
		       "fo value '%.*s%s' has both 0 and 1, which RFC 9989 does not allow together; receivers may ignore fo",
		       QLEN(n), v, QCUT(n));
}

static void parse_urilist(struct parse_ctx *c, enum tag_id id,
			  const struct dnsauth_dmarc_tag *t, const char *v,
			  size_t n)
{
	bool ruf = id == T_RUF, list_error = false, limit = false;
	size_t i = 0, usable = 0, count = 0;
	char hint[96];

	if (ruf)
		report(c, DNSAUTH_R_DMARC_URI_INVALID, DNSAUTH_SEV_INFO, t->column,
		       "ruf asks for failure reports, which most large receivers do not send (privacy, RFC 9991)");
	if (n == 0) {
		report(c, DNSAUTH_R_DMARC_URI_INVALID, DNSAUTH_SEV_ERROR,
		       t->value_column,
		       "%s has no value: list at least one URI such as mailto:dmarc@example.com",
		       t->name);
		return;
	}
	while (!c->oom) {
		size_t s = i, e;
		unsigned ucol;

		while (i < n && v[i] != ',')
			i++;
		e = i;
		while (s < e && is_wsp(v[s]))
			s++;
		while (e > s && is_wsp(v[e - 1]))
			e--;
		ucol = t->value_column + (unsigned)s;
		if (s == e) {
			report(c, DNSAUTH_R_DMARC_URI_INVALID, DNSAUTH_SEV_ERROR, ucol,
			       "%s has an empty entry (a stray ',')", t->name);
			list_error = true;
		} else if (count >= DNSAUTH_DMARC_MAX_URIS) {
			if (!limit)
				report(c, DNSAUTH_R_DMARC_URI_INVALID,
				       DNSAUTH_SEV_WARNING, ucol,
				       "%s lists more than %u URIs: the rest are not checked (receivers need to support only two)",
				       t->name, DNSAUTH_DMARC_MAX_URIS);
			limit = true;
		} else {
			struct dnsauth_dmarc_uri u;
			enum dnsauth_severity sev;
			const char *why, *detail;
			size_t un = e - s;

			if (uri_parse(v + s, un, &u, &sev, &why, &detail)) {
				c->oom = 1;
				break;
			}
			u.column = ucol;
			if (sev == DNSAUTH_SEV_ERROR) {
				list_error = true;
				report(c, DNSAUTH_R_DMARC_URI_INVALID, sev, ucol,
				       "%s URI '%.*s%s' %s%s%s%s%s", t->name,
				       QLEN(un), v + s, QCUT(un), why,
				       detail ? " (" : "", detail ? detail : "",
				       detail ? ")" : "",
				       swallow_hint(v + s, un, hint, sizeof(hint)));
			} else if (sev == DNSAUTH_SEV_WARNING) {
				report(c, DNSAUTH_R_DMARC_URI_INVALID, sev, ucol,
				       "%s URI '%.*s%s' %s", t->name, QLEN(un),
				       v + s, QCUT(un), why);
			} else if (u.valid) {
				usable++;
			}
			if (sev != DNSAUTH_SEV_ERROR && u.size && is_9989(c))
				report(c, DNSAUTH_R_DMARC_URI_INVALID,
				       DNSAUTH_SEV_INFO, ucol,
				       "%s URI '%.*s%s' has the obsolete size limit '!%s', which RFC 9989 receivers ignore",
				       t->name, QLEN(un), v + s, QCUT(un), u.size);
			if (uri_append(c->d, ruf, &u)) {
				uri_clear(&u);
				c->oom = 1;
				break;
			}
			count++;
		}
		if (i >= n)
			break;
		i++;
	}
	if (!c->oom && usable == 0 && !list_error)
		report(c, DNSAUTH_R_DMARC_URI_INVALID, DNSAUTH_SEV_ERROR,
		       t->value_column,
		       "%s has no usable URI: no %s reports will be sent", t->name,
		       ruf ? "failure" : "aggregate");
}

static void parse_unknown(struct parse_ctx *c, const struct dnsauth_dmarc_tag *t,
			  const char *v, size_t n)
{
	char hint[96], nhint[96];
	size_t nn = strlen(t->name);

	report(c, DNSAUTH_R_DMARC_POLICY_INVALID, DNSAUTH_SEV_INFO, t->column,
	       "unknown tag '%.*s%s=%.*s%s' is ignored by receivers%s%s",
	       QLEN(nn), t->name, QCUT(nn), QLEN(n), v, QCUT(n),
	       name_hint(t->name, nn, nhint, sizeof(nhint)),
	       swallow_hint(v, n, hint, sizeof(hint)));
}

/* A segment that is not name=value ("p reject", "s p=none"). */
static void parse_malformed(struct parse_ctx *c, const char *s, size_t n,
			    unsigned col)
{
	char hint[96] = "";
	size_t k = 0;
	enum tag_id id;

	while (k < n && is_alnum(s[k]))
		k++;
	id = tag_lookup(s, k);
	if (id == T_COUNT) {
		int j;

		for (j = 0; j < T_COUNT; j++)
			if (eq_ci(s, k, tag_names[j]))
				id = (enum tag_id)j;
	}
	if (id != T_COUNT && (k == n || is_wsp(s[k]) || s[k] == ':'))
		snprintf(hint, sizeof(hint), " (did you mean '%s=...'?)",
			 tag_names[id]);
	report(c, DNSAUTH_R_DMARC_POLICY_INVALID, DNSAUTH_SEV_INFO, col,
	       "'%.*s%s' is not a valid tag (name=value) and is ignored by receivers%s",
	       QLEN(n), s, QCUT(n), hint);
}

static struct dnsauth_dmarc_tag *tag_push(struct parse_ctx *c, const char *name,
					  size_t nn, const char *v, size_t vn,
					  unsigned col, unsigned vcol, bool known)
{
	struct dnsauth_dmarc *d = c->d;
	struct dnsauth_dmarc_tag *t;

	if (d->ntags == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;

		t = realloc(d->tags, cap * sizeof(*t));
		if (!t)
			return NULL;
		d->tags = t;
		c->cap = cap;
	}
	t = &d->tags[d->ntags];
	memset(t, 0, sizeof(*t));
	t->name = dup_n(name, nn, false);
	t->value = dup_n(v, vn, false);
	if (!t->name || !t->value) {
		free(t->name);
		free(t->value);
		return NULL;
	}
	t->column = col;
	t->value_column = vcol;
	t->known = known;
	d->ntags++;
	return t;
}

static void report_duplicate(struct parse_ctx *c, enum tag_id id,
			     const struct dnsauth_dmarc_tag *t, unsigned first)
{
	enum dnsauth_rule_id rule = DNSAUTH_R_DMARC_POLICY_INVALID;
	size_t nn = strlen(t->name);

	if (id == T_V)
		rule = DNSAUTH_R_DMARC_VERSION_INVALID;
	else if (id == T_RUA || id == T_RUF)
		rule = DNSAUTH_R_DMARC_URI_INVALID;
	c->duplicate = true;
	report(c, rule, DNSAUTH_SEV_ERROR, t->column,
	       "duplicate tag '%.*s%s' (first at column %u): receivers that follow RFC 6376 §3.2 discard the whole record",
	       QLEN(nn), t->name, QCUT(nn), first);
}

/* One non-empty segment text[s..e) between separators. */
static void parse_segment(struct parse_ctx *c, const char *text, size_t s,
			  size_t e)
{
	size_t eq, ne, vs, i;
	enum tag_id id;
	struct dnsauth_dmarc_tag *t;
	unsigned first = 0;

	for (eq = s; eq < e && text[eq] != '='; eq++)
		;
	ne = eq;
	while (ne > s && is_wsp(text[ne - 1]))
		ne--;
	if (eq == e || !valid_tag_name(text + s, ne - s)) {
		parse_malformed(c, text + s, e - s, (unsigned)s + 1);
		return;
	}
	vs = eq + 1;
	while (vs < e && is_wsp(text[vs]))
		vs++;
	id = tag_lookup(text + s, ne - s);
	if (id != T_COUNT) {
		first = c->col[id];
	} else {
		for (i = 0; i < c->d->ntags && !first; i++)
			if (!c->d->tags[i].known &&
			    strlen(c->d->tags[i].name) == ne - s &&
			    memcmp(c->d->tags[i].name, text + s, ne - s) == 0)
				first = c->d->tags[i].column;
	}
	t = tag_push(c, text + s, ne - s, text + vs, e - vs, (unsigned)s + 1,
		     (unsigned)vs + 1, id != T_COUNT);
	if (!t) {
		c->oom = 1;
		return;
	}
	if (first) {
		report_duplicate(c, id, t, first);
		return;
	}
	if (id == T_COUNT) {
		parse_unknown(c, t, text + vs, e - vs);
		return;
	}
	c->col[id] = t->column;
	switch (id) {
	case T_V:
		break; /* checked by dnsauth_dmarc_is_record() */
	case T_P:
	case T_SP:
	case T_NP:
		parse_policy(c, id, t, text + vs, e - vs, c->d->ntags - 1);
		break;
	case T_ADKIM:
	case T_ASPF:
	case T_T:
	case T_PSD:
		parse_letter(c, id, t, text + vs, e - vs);
		break;
	case T_PCT:
		parse_pct(c, t, text + vs, e - vs);
		break;
	case T_RI:
		parse_ri(c, t, text + vs, e - vs);
		break;
	case T_RF:
		parse_rf(c, t, text + vs, e - vs);
		break;
	case T_FO:
		parse_fo(c, t, text + vs, e - vs);
		break;
	case T_RUA:
	case T_RUF:
		parse_urilist(c, id, t, text + vs, e - vs);
		break;
	case T_COUNT:
		break;
	}
}

static void parse_tags(struct parse_ctx *c, const char *text, size_t len)
{
	size_t pos = 0, ntags = 0;

	while (!c->oom) {
		size_t end = pos, s, e;

		while (end < len && text[end] != ';')
			end++;
		s = pos;
		e = end;
		while (s < e && is_wsp(text[s]))
			s++;
		while (e > s && is_wsp(text[e - 1]))
			e--;
		if (s < e) {
			if (ntags == DMARC_MAX_TAGS) {
				report(c, DNSAUTH_R_DMARC_POLICY_INVALID,
				       DNSAUTH_SEV_WARNING, (unsigned)s + 1,
				       "more than %u tags: the rest of the record is not checked",
				       DMARC_MAX_TAGS);
				break;
			}
			ntags++;
			parse_segment(c, text, s, e);
		}
		if (end >= len)
			break;
		pos = end + 1;
	}
}

/* Findings that need the whole record. */
static void parse_finish(struct parse_ctx *c)
{
	if (c->oom)
		return;
	if (!c->col[T_P]) {
		if (is_9989(c))
			report(c, DNSAUTH_R_DMARC_POLICY_MISSING, DNSAUTH_SEV_WARNING, 0,
			       "no p tag: RFC 9989 receivers treat the record as p=none, and RFC 7489 receivers ignore it unless rua has a valid URI");
		else
			report(c, DNSAUTH_R_DMARC_POLICY_MISSING, DNSAUTH_SEV_ERROR, 0,
			       "no p tag, which RFC 7489 requires: receivers ignore the record unless rua has a valid URI (then p=none)");
	}
	if (c->col[T_FO] && !c->col[T_RUF])
		report(c, DNSAUTH_R_DMARC_POLICY_INVALID, DNSAUTH_SEV_INFO,
		       c->col[T_FO], "fo is ignored without ruf");
}

bool dnsauth_dmarc_is_record(const char *text, size_t len)
{
	size_t i = 1;

	if (!text || len < 1 || text[0] != 'v')
		return false;
	while (i < len && is_wsp(text[i]))
		i++;
	if (i >= len || text[i] != '=')
		return false;
	i++;
	while (i < len && is_wsp(text[i]))
		i++;
	if (len - i < 6 || memcmp(text + i, "DMARC1", 6) != 0)
		return false;
	i += 6;
	while (i < len && is_wsp(text[i]))
		i++;
	return i == len || text[i] == ';';
}

/* Offset of the first case-insensitive "v=dmarc1" in text, or len. */
static size_t find_version(const char *text, size_t len)
{
	size_t i;

	for (i = 0; i + 8 <= len; i++)
		if (strncasecmp(text + i, "v=dmarc1", 8) == 0)
			return i;
	return len;
}

/* Whether a text that is not a DMARC record is meant to be one. */
static bool looks_like(const char *text, size_t len)
{
	size_t i = 0;

	while (i < len && is_wsp(text[i]))
		i++;
	if (i < len && (text[i] == 'v' || text[i] == 'V')) {
		i++;
		while (i < len && is_wsp(text[i]))
			i++;
		if (i < len && text[i] == '=') {
			i++;
			while (i < len && is_wsp(text[i]))
				i++;
			if (len - i >= 5 && strncasecmp(text + i, "dmarc", 5) == 0)
				return true;
		}
	}
	return find_version(text, len) < len;
}

/* The one dmarc-version-invalid finding for a text that looks like DMARC. */
static int report_not_record(const char *text, size_t len, const char *rec,
			     const char *name, struct dnsauth_findings *fl)
{
	size_t i = 0, end, eq, ne, vs, ve, nlen = 0, found;
	unsigned col = 1;
	char why[200];

	while (i < len && is_wsp(text[i]))
		i++;
	for (end = i; end < len && text[end] != ';'; end++)
		;
	for (eq = i; eq < end && text[eq] != '='; eq++)
		;
	ne = eq;
	while (ne > i && is_wsp(text[ne - 1]))
		ne--;
	vs = eq < end ? eq + 1 : end;
	while (vs < end && is_wsp(text[vs]))
		vs++;
	ve = end;
	while (ve > vs && is_wsp(text[ve - 1]))
		ve--;
	found = find_version(text, len);
	if (eq < end && ne - i == 1 && (text[i] == 'v' || text[i] == 'V')) {
		const char *v = text + vs;
		size_t n = ve - vs, j = 6;

		if (i > 0) {
			snprintf(why, sizeof(why),
				 "whitespace before 'v=': the record must begin with 'v=DMARC1'");
		} else if (text[i] == 'V') {
			snprintf(why, sizeof(why),
				 "the version tag must be a lower-case 'v' (tag names are case-sensitive)");
		} else if (n > 6 && memcmp(v, "DMARC1", 6) == 0) {
			while (j < n && is_wsp(v[j]))
				j++;
			col = (unsigned)vs + 1;
			if (tag_at(v + j, n - j, &nlen))
				snprintf(why, sizeof(why),
					 "v value '%.*s%s' is not exactly 'DMARC1': a ';' is probably missing before '%.*s'",
					 QLEN(n), v, QCUT(n),
					 nlen > 32 ? 32 : (int)nlen, v + j);
			else
				snprintf(why, sizeof(why),
					 "v value '%.*s%s' is not exactly 'DMARC1'",
					 QLEN(n), v, QCUT(n));
		} else if (eq_ci(v, n, "DMARC1")) {
			col = (unsigned)vs + 1;
			snprintf(why, sizeof(why),
				 "v value '%.*s' is case-sensitive: write 'v=DMARC1'",
				 (int)n, v);
		} else {
			col = (unsigned)vs + 1;
			snprintf(why, sizeof(why),
				 "v value '%.*s%s' is not 'DMARC1'", QLEN(n), v,
				 QCUT(n));
		}
	} else if (found < len) {
		snprintf(why, sizeof(why),
			 "'v=DMARC1' must be the first tag (it is at column %zu)",
			 found + 1);
	} else {
		snprintf(why, sizeof(why),
			 "the record must begin with 'v=DMARC1'");
	}
	return dnsauth_findings_add(fl, DNSAUTH_R_DMARC_VERSION_INVALID,
				    DNSAUTH_SEV_ERROR, name, rec, col,
				    "%s; receivers ignore this record", why);
}

int dnsauth_dmarc_parse(const char *text, size_t len, const char *name,
			enum dnsauth_dmarc_standard std,
			struct dnsauth_dmarc **out, struct dnsauth_findings *fl)
{
	struct parse_ctx c;
	char *rec = NULL;
	int rc;

	if (!out)
		return DNSAUTH_EINVAL;
	*out = NULL;
	if (!text && len)
		return DNSAUTH_EINVAL;
	if (len > DNSAUTH_DMARC_MAX_LEN)
		return DNSAUTH_ELIMIT;
	rec = malloc(len + 1);
	if (!rec)
		return DNSAUTH_ENOMEM;
	if (len)
		memcpy(rec, text, len);
	rec[len] = '\0';
	if (!dnsauth_dmarc_is_record(text, len)) {
		rc = DNSAUTH_ENOTSPF;
		if (looks_like(text, len) &&
		    report_not_record(text, len, rec, name, fl))
			rc = DNSAUTH_ENOMEM;
		goto cleanup;
	}
	memset(&c, 0, sizeof(c));
	c.rec = rec;
	c.name = name;
	c.std = std;
	c.fl = fl;
	c.d = dnsauth_dmarc_new();
	if (!c.d) {
		rc = DNSAUTH_ENOMEM;
		goto cleanup;
	}
	parse_tags(&c, text, len);
	parse_finish(&c);
	if (c.oom) {
		dnsauth_dmarc_free(c.d);
		rc = DNSAUTH_ENOMEM;
		goto cleanup;
	}
	c.d->valid = !c.duplicate;
	*out = c.d;
	rc = c.errors ? DNSAUTH_EPARSE : 0;
cleanup:
	free(rec);
	return rc;
}

/* ------------------------------------------------------------------ */
/* effective policy                                                     */

static enum dnsauth_dmarc_policy lower_one(enum dnsauth_dmarc_policy p)
{
	if (p == DNSAUTH_DMARC_REJECT)
		return DNSAUTH_DMARC_QUARANTINE;
	if (p == DNSAUTH_DMARC_QUARANTINE)
		return DNSAUTH_DMARC_NONE;
	return p;
}

static bool has_valid_uri(const struct dnsauth_dmarc_uri *u, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (u[i].valid)
			return true;
	return false;
}

static void effective(const struct dnsauth_dmarc *d,
		      enum dnsauth_dmarc_standard std, bool honour_t,
		      struct dnsauth_dmarc_effective *o)
{
	bool rfc9989 = std != DNSAUTH_DMARC_RFC7489;
	enum dnsauth_dmarc_policy p, sp, np;
	bool bad;

	memset(o, 0, sizeof(*o));
	o->pct = 100;
	if (!d || !d->valid)
		return;
	p = d->p;
	sp = d->sp;
	np = rfc9989 ? d->np : DNSAUTH_DMARC_UNSET;
	bad = p == DNSAUTH_DMARC_INVALID || sp == DNSAUTH_DMARC_INVALID ||
	      np == DNSAUTH_DMARC_INVALID;
	if (p == DNSAUTH_DMARC_UNSET) {
		if (rfc9989)
			p = DNSAUTH_DMARC_NONE;
		else
			bad = true;
	}
	if (bad) {
		/* RFC 9989 §4.10.1, RFC 7489 §6.6.3: as "p=none" with a
		 * syntactically valid rua, else no DMARC at all */
		if (!has_valid_uri(d->rua, d->nrua))
			return;
		p = sp = np = DNSAUTH_DMARC_NONE;
	}
	o->applies = true;
	o->domain = p;
	o->subdomain = sp != DNSAUTH_DMARC_UNSET ? sp : p;
	o->nonexistent = np != DNSAUTH_DMARC_UNSET ? np : o->subdomain;
	if (rfc9989) {
		o->testing = d->t == 'y';
		if (o->testing && honour_t) {
			o->domain = lower_one(o->domain);
			o->subdomain = lower_one(o->subdomain);
			o->nonexistent = lower_one(o->nonexistent);
		}
	} else if (d->pct >= 0) {
		o->pct = d->pct;
	}
}

void dnsauth_dmarc_effective(const struct dnsauth_dmarc *d,
			     enum dnsauth_dmarc_standard std,
			     struct dnsauth_dmarc_effective *out)
{
	effective(d, std, true, out);
}

/* ------------------------------------------------------------------ */
/* validation                                                           */

static const struct dnsauth_dmarc_tag *find_tag(const struct dnsauth_dmarc *d,
						const char *name)
{
	size_t i;

	for (i = 0; i < d->ntags; i++)
		if (d->tags[i].known && strcmp(d->tags[i].name, name) == 0)
			return &d->tags[i];
	return NULL;
}

static unsigned value_col(const struct dnsauth_dmarc *d, const char *name)
{
	const struct dnsauth_dmarc_tag *t = find_tag(d, name);

	return t ? t->value_column : 0;
}

static bool has_usable_uri(const struct dnsauth_dmarc_uri *u, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (u[i].valid && u[i].scheme &&
		    (strcmp(u[i].scheme, "mailto") == 0 ||
		     strcmp(u[i].scheme, "https") == 0 ||
		     strcmp(u[i].scheme, "http") == 0))
			return true;
	return false;
}

/* The first of p, sp, np (RFC 9989) holding an invalid policy; "p" if none. */
static const char *invalid_policy_tag(const struct dnsauth_dmarc *d,
				      enum dnsauth_dmarc_standard std)
{
	if (d->p != DNSAUTH_DMARC_INVALID && d->sp == DNSAUTH_DMARC_INVALID)
		return "sp";
	if (d->p != DNSAUTH_DMARC_INVALID && d->np == DNSAUTH_DMARC_INVALID &&
	    std != DNSAUTH_DMARC_RFC7489)
		return "np";
	return "p";
}

int dnsauth_dmarc_validate(const struct dnsauth_dmarc *d, const char *text,
			   size_t len, const char *name,
			   enum dnsauth_dmarc_standard std,
			   const struct dnsauth_psl *psl,
			   struct dnsauth_findings *fl)
{
	struct dnsauth_dmarc_effective e;
	char *rec = NULL;
	int rc = 0;

	if (!d || (!text && len))
		return DNSAUTH_EINVAL;
	if (text) {
		rec = dup_n(text, len, false);
		if (!rec)
			return DNSAUTH_ENOMEM;
	}
#define ADD(rule, sev, col, ...) \
	do { \
		if (!rc) \
			rc = dnsauth_findings_add(fl, rule, sev, name, rec, col, \
						  __VA_ARGS__); \
	} while (0)
	if (!d->valid)
		goto cleanup; /* discarded by receivers; parse said why */
	effective(d, std, false, &e);
	if (e.applies && e.domain == DNSAUTH_DMARC_NONE) {
		if (d->p == DNSAUTH_DMARC_NONE)
			ADD(DNSAUTH_R_DMARC_MONITORING_ONLY, DNSAUTH_SEV_INFO,
			    value_col(d, "p"),
			    "p=none is monitoring only: failing mail is neither quarantined nor rejected");
		else if (d->p == DNSAUTH_DMARC_UNSET)
			ADD(DNSAUTH_R_DMARC_MONITORING_ONLY, DNSAUTH_SEV_INFO, 0,
			    "without p the policy is none (monitoring only): failing mail is neither quarantined nor rejected");
		else
			ADD(DNSAUTH_R_DMARC_MONITORING_ONLY, DNSAUTH_SEV_INFO,
			    value_col(d, invalid_policy_tag(d, std)),
			    "an invalid %s value makes receivers act as p=none (monitoring only) because rua is valid",
			    invalid_policy_tag(d, std));
	}
	if (e.applies && (e.domain == DNSAUTH_DMARC_QUARANTINE ||
			  e.domain == DNSAUTH_DMARC_REJECT)) {
		if (d->sp == DNSAUTH_DMARC_NONE)
			ADD(DNSAUTH_R_DMARC_SUBDOMAIN_WEAKER, DNSAUTH_SEV_WARNING,
			    value_col(d, "sp"),
			    "sp=none leaves existing subdomains%s unprotected while p=%s",
			    e.nonexistent == DNSAUTH_DMARC_NONE ?
			    " (and non-existent ones)" : "",
			    dnsauth_dmarc_policy_name(e.domain));
		if (std != DNSAUTH_DMARC_RFC7489 && d->np == DNSAUTH_DMARC_NONE)
			ADD(DNSAUTH_R_DMARC_SUBDOMAIN_WEAKER, DNSAUTH_SEV_WARNING,
			    value_col(d, "np"),
			    "np=none leaves non-existent subdomains unprotected while p=%s",
			    dnsauth_dmarc_policy_name(e.domain));
	}
	if (!has_usable_uri(d->rua, d->nrua)) {
		const struct dnsauth_dmarc_tag *t = find_tag(d, "rua");

		if (t)
			ADD(DNSAUTH_R_DMARC_RUA_MISSING, DNSAUTH_SEV_WARNING,
			    t->column,
			    "rua has no usable URI: no aggregate reports will be sent");
		else
			ADD(DNSAUTH_R_DMARC_RUA_MISSING, DNSAUTH_SEV_WARNING, 0,
			    "no rua tag: no aggregate reports will be sent");
	}
	if (d->psd == 'y' && psl && name) {
		const char *dom = name;

		if (strncasecmp(dom, "_dmarc.", 7) == 0)
			dom += 7;
		if (!dnsauth_psl_is_public_suffix(psl, dom))
			ADD(DNSAUTH_R_DMARC_PSD_MISUSE, DNSAUTH_SEV_ERROR,
			    value_col(d, "psd"),
			    "psd=y but '%.*s%s' is not a public suffix: RFC 9989 receivers would treat each of its subdomains as a separate organizational domain",
			    QLEN(strlen(dom)), dom, QCUT(strlen(dom)));
	}
#undef ADD
cleanup:
	free(rec);
	return rc;
}

/* ------------------------------------------------------------------ */
/* builder and printer                                                  */

int dnsauth_dmarc_add_uri(struct dnsauth_dmarc *d, bool ruf, const char *uri)
{
	struct dnsauth_dmarc_uri u;
	enum dnsauth_severity sev;
	const char *why, *detail;
	size_t n;
	int rc;

	if (!d || !uri)
		return DNSAUTH_EINVAL;
	n = strlen(uri);
	if (n == 0 || strchr(uri, ',') || strchr(uri, ';'))
		return DNSAUTH_EINVAL;
	if ((ruf ? d->nruf : d->nrua) >= DNSAUTH_DMARC_MAX_URIS)
		return DNSAUTH_ELIMIT;
	rc = uri_parse(uri, n, &u, &sev, &why, &detail);
	if (rc)
		return rc;
	if (sev == DNSAUTH_SEV_ERROR || !u.valid) {
		uri_clear(&u);
		return DNSAUTH_EINVAL;
	}
	rc = uri_append(d, ruf, &u);
	if (rc)
		uri_clear(&u);
	return rc;
}

static void print_policy(const struct dnsauth_dmarc *d, struct dnsauth_buf *out,
			 const char *name, enum dnsauth_dmarc_policy p)
{
	const struct dnsauth_dmarc_tag *t;

	if (p == DNSAUTH_DMARC_UNSET)
		return;
	if (p != DNSAUTH_DMARC_INVALID) {
		dnsauth_buf_printf(out, "; %s=%s", name, dnsauth_dmarc_policy_name(p));
		return;
	}
	t = find_tag(d, name);
	if (t)
		dnsauth_buf_printf(out, "; %s=%s", name, t->value);
}

static void print_uris(struct dnsauth_buf *out, const char *name,
		       const struct dnsauth_dmarc_uri *u, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	dnsauth_buf_printf(out, "; %s=", name);
	for (i = 0; i < n; i++) {
		if (i)
			dnsauth_buf_putc(out, ',');
		dnsauth_buf_puts(out, u[i].uri ? u[i].uri : "");
		if (u[i].size)
			dnsauth_buf_printf(out, "!%s", u[i].size);
	}
}

int dnsauth_dmarc_print(const struct dnsauth_dmarc *d, struct dnsauth_buf *out)
{
	static const struct {
		unsigned bit;
		char c;
	} fo[] = {
		{ DNSAUTH_DMARC_FO_0, '0' },
		{ DNSAUTH_DMARC_FO_1, '1' },
		{ DNSAUTH_DMARC_FO_D, 'd' },
		{ DNSAUTH_DMARC_FO_S, 's' },
	};
	size_t i;
	bool first = true;

	if (!d || !out)
		return DNSAUTH_EINVAL;
	dnsauth_buf_puts(out, "v=DMARC1");
	print_policy(d, out, "p", d->p);
	print_policy(d, out, "sp", d->sp);
	print_policy(d, out, "np", d->np);
	if (d->adkim)
		dnsauth_buf_printf(out, "; adkim=%c", d->adkim);
	if (d->aspf)
		dnsauth_buf_printf(out, "; aspf=%c", d->aspf);
	if (d->pct >= 0)
		dnsauth_buf_printf(out, "; pct=%d", d->pct);
	if (d->fo) {
		dnsauth_buf_puts(out, "; fo=");
		for (i = 0; i < sizeof(fo) / sizeof(fo[0]); i++) {
			if (!(d->fo & fo[i].bit))
				continue;
			if (!first)
				dnsauth_buf_putc(out, ':');
			dnsauth_buf_putc(out, fo[i].c);
			first = false;
		}
	}
	if (d->rf)
		dnsauth_buf_printf(out, "; rf=%s", d->rf);
	if (d->ri >= 0)
		dnsauth_buf_printf(out, "; ri=%ld", d->ri);
	print_uris(out, "rua", d->rua, d->nrua);
	print_uris(out, "ruf", d->ruf, d->nruf);
	if (d->t)
		dnsauth_buf_printf(out, "; t=%c", d->t);
	if (d->psd)
		dnsauth_buf_printf(out, "; psd=%c", d->psd);
	for (i = 0; i < d->ntags; i++)
		if (!d->tags[i].known && d->tags[i].name && d->tags[i].value)
			dnsauth_buf_printf(out, "; %s=%s", d->tags[i].name,
					   d->tags[i].value);
	return out->err;
}
