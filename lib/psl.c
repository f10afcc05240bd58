/* SPDX-License-Identifier: MIT */
/*
 * psl.c - Public Suffix List: load the list, find public suffixes and
 * organizational domains. Rules with non-ASCII labels are stored in their
 * A-label (punycode, RFC 3492) form too, since DNS names arrive that way.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "output.h"
#include "psl.h"

#define PSL_MAX_BYTES (16u * 1024u * 1024u)
#define PSL_MAX_RULES 200000u
#define PSL_MAX_NAME 253u

enum { RULE_NORMAL = 1, RULE_WILDCARD = 2, RULE_EXCEPTION = 4 };

struct psl_rule {
	char *name;    /* lower case, without "*." or "!" */
	unsigned kind; /* RULE_* bits */
};

struct dnsauth_psl {
	struct psl_rule *rules; /* sorted by name */
	size_t n;
	size_t cap;
	uint32_t *slots;        /* hash index of rules: index + 1, 0 empty;
	                           NULL: bsearch the rules */
	size_t nslots;          /* a power of two, over twice n */
};

/* ------------------------------------------------------------------ */
/* punycode (RFC 3492) for one label                                    */

static char puny_digit(uint32_t d)
{
	return (char)(d < 26 ? 'a' + d : '0' + (d - 26));
}

static uint32_t puny_adapt(uint32_t delta, uint32_t numpoints, bool first)
{
	uint32_t k = 0;

	delta = first ? delta / 700 : delta / 2;
	delta += delta / numpoints;
	while (delta > ((36 - 1) * 26) / 2) {
		delta /= 36 - 1;
		k += 36;
	}
	return k + (36 * delta) / (delta + 38);
}

/* Decode UTF-8 into code points; false on invalid input. */
static bool utf8_decode(const char *s, size_t n, uint32_t *out, size_t *count,
			size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, c = 0;

	while (i < n) {
		uint32_t cp;
		size_t len, k;

		if (c == max)
			return false;
		if (p[i] < 0x80) {
			cp = p[i];
			len = 1;
		} else if ((p[i] & 0xe0) == 0xc0) {
			cp = p[i] & 0x1f;
			len = 2;
		} else if ((p[i] & 0xf0) == 0xe0) {
			cp = p[i] & 0x0f;
			len = 3;
		} else if ((p[i] & 0xf8) == 0xf0) {
			cp = p[i] & 0x07;
			len = 4;
		} else {
			return false;
		}
		if (i + len > n)
			return false;
		for (k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		out[c++] = cp;
		i += len;
	}
	*count = c;
	return true;
}

/* Append the A-label of one UTF-8 label to out; false if not encodable. */
static bool puny_label(const char *s, size_t n, struct dnsauth_buf *out)
{
	uint32_t cps[64], m, next = 0x80, delta = 0, bias = 72, h, b = 0, q, k, t;
	size_t count, j;
	bool ascii = true;

	if (!utf8_decode(s, n, cps, &count, 64))
		return false;
	for (j = 0; j < count; j++)
		if (cps[j] >= 0x80)
			ascii = false;
	if (ascii)
		return dnsauth_buf_append(out, s, n) == 0;
	dnsauth_buf_puts(out, "xn--");
	for (j = 0; j < count; j++)
		if (cps[j] < 0x80) {
			dnsauth_buf_putc(out, (char)tolower((int)cps[j]));
			b++;
		}
	if (b > 0)
		dnsauth_buf_putc(out, '-');
	h = b;
	while (h < count) {
		m = UINT32_MAX;
		for (j = 0; j < count; j++)
			if (cps[j] >= next && cps[j] < m)
				m = cps[j];
		if ((m - next) > (UINT32_MAX - delta) / (h + 1))
			return false;
		delta += (m - next) * (h + 1);
		next = m;
		for (j = 0; j < count; j++) {
			if (cps[j] < next)
				delta++;
			if (cps[j] == next) {
				q = delta;
				for (k = 36;; k += 36) {
					t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
					if (q < t)
						break;
					dnsauth_buf_putc(out, puny_digit(t + (q - t) % (36 - t)));
					q = (q - t) / (36 - t);
				}
				dnsauth_buf_putc(out, puny_digit(q));
				bias = puny_adapt(delta, h + 1, h == b);
				delta = 0;
				h++;
			}
		}
		delta++;
		next++;
	}
	return out->err == 0;
}

/* A-label form of a whole name, NULL if it is ASCII already or invalid. */
static char *to_alabels(const char *name)
{
	struct dnsauth_buf b;
	const char *p = name, *dot;
	bool ascii = true;

	for (p = name; *p; p++)
		if ((unsigned char)*p >= 0x80)
			ascii = false;
	if (ascii)
		return NULL;
	dnsauth_buf_init(&b, 1024);
	for (p = name;; p = dot + 1) {
		dot = strchr(p, '.');
		if (!puny_label(p, dot ? (size_t)(dot - p) : strlen(p), &b)) {
			dnsauth_buf_free(&b);
			return NULL;
		}
		if (!dot)
			break;
		dnsauth_buf_putc(&b, '.');
	}
	return dnsauth_buf_steal(&b);
}

/* ------------------------------------------------------------------ */
/* loading                                                              */

static int rule_cmp(const void *a, const void *b)
{
	return strcmp(((const struct psl_rule *)a)->name, ((const struct psl_rule *)b)->name);
}

static int add_rule(struct dnsauth_psl *psl, char *name, unsigned kind)
{
	if (psl->n == PSL_MAX_RULES) {
		free(name);
		return DNSAUTH_ELIMIT;
	}
	if (psl->n == psl->cap) {
		size_t cap = psl->cap ? psl->cap * 2 : 1024;
		struct psl_rule *v = realloc(psl->rules, cap * sizeof(*v));

		if (!v) {
			free(name);
			return DNSAUTH_ENOMEM;
		}
		psl->rules = v;
		psl->cap = cap;
	}
	psl->rules[psl->n].name = name;
	psl->rules[psl->n].kind = kind;
	psl->n++;
	return 0;
}

/* One line of the list: the rule is its first whitespace-free word. */
static int parse_line(struct dnsauth_psl *psl, const char *s, size_t n)
{
	unsigned kind = RULE_NORMAL;
	char *name, *alabel;
	size_t i, len = 0;
	int rc;

	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	if (n == 0 || (n >= 2 && s[0] == '/' && s[1] == '/'))
		return 0;
	while (len < n && s[len] != ' ' && s[len] != '\t' && s[len] != '\r')
		len++;
	if (s[0] == '!') {
		kind = RULE_EXCEPTION;
		s++, len--;
	} else if (len >= 2 && s[0] == '*' && s[1] == '.') {
		kind = RULE_WILDCARD;
		s += 2, len -= 2;
	}
	if (len == 0 || len > PSL_MAX_NAME || s[0] == '.')
		return 0;
	name = strndup(s, len);
	if (!name)
		return DNSAUTH_ENOMEM;
	for (i = 0; i < len; i++)
		name[i] = (char)tolower((unsigned char)name[i]);
	alabel = to_alabels(name);
	rc = add_rule(psl, name, kind);
	if (!rc && alabel)
		rc = add_rule(psl, alabel, kind);
	else
		free(alabel);
	return rc;
}

void dnsauth_psl_free(struct dnsauth_psl *psl)
{
	size_t i;

	if (!psl)
		return;
	for (i = 0; i < psl->n; i++)
		free(psl->rules[i].name);
	free(psl->rules);
	free(psl->slots);
	free(psl);
}

/* FNV-1a of n octets (names are looked up several times per audited
 * domain: a hash probe instead of a binary search over every rule). */
static uint32_t name_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Index the merged rules; without memory the lookups bsearch instead. */
static void index_rules(struct dnsauth_psl *psl)
{
	size_t nslots = 64, i;

	while (nslots < 2 * psl->n + 1)
		nslots *= 2;
	psl->slots = calloc(nslots, sizeof(*psl->slots));
	if (!psl->slots)
		return;
	psl->nslots = nslots;
	for (i = 0; i < psl->n; i++) {
		const char *name = psl->rules[i].name;
		size_t j = name_hash(name, strlen(name)) & (nslots - 1);

		while (psl->slots[j])
			j = (j + 1) & (nslots - 1);
		psl->slots[j] = (uint32_t)i + 1;
	}
}

int dnsauth_psl_parse(const char *text, size_t len, struct dnsauth_psl **out)
{
	struct dnsauth_psl *psl = calloc(1, sizeof(*psl));
	size_t i = 0, j, w;
	int rc = 0;

	*out = NULL;
	if (!psl)
		return DNSAUTH_ENOMEM;
	while (i < len && !rc) {
		for (j = i; j < len && text[j] != '\n'; j++)
			;
		rc = parse_line(psl, text + i, j - i);
		i = j + 1;
	}
	if (rc) {
		dnsauth_psl_free(psl);
		return rc;
	}
	if (psl->n)
		qsort(psl->rules, psl->n, sizeof(*psl->rules), rule_cmp);
	/* merge duplicates (a name may be both a rule and a wildcard base) */
	for (i = 0, w = 0; i < psl->n; i++) {
		if (w > 0 && strcmp(psl->rules[w - 1].name, psl->rules[i].name) == 0) {
			psl->rules[w - 1].kind |= psl->rules[i].kind;
			free(psl->rules[i].name);
			continue;
		}
		psl->rules[w++] = psl->rules[i];
	}
	psl->n = w;
	index_rules(psl);
	*out = psl;
	return 0;
}

int dnsauth_psl_load(const char *path, struct dnsauth_psl **out,
		     struct dnsauth_buf *err)
{
	const char *env = getenv("DNSAUTH_PSL");
	char *data = NULL;
	size_t len = 0;
	int rc;

	if (!path)
		path = env && *env ? env : DNSAUTH_PSL_DEFAULT_PATH;
	*out = NULL;
	rc = dnsauth_read_file(path, PSL_MAX_BYTES, &data, &len, err);
	if (rc) {
		dnsauth_buf_puts(err, " (the Public Suffix List: install Debian's "
				 "publicsuffix package or give its path)");
		return rc;
	}
	rc = dnsauth_psl_parse(data, len, out);
	free(data);
	if (rc == 0 && (*out)->n == 0) {
		dnsauth_buf_printf(err, "%s: no Public Suffix List rules found", path);
		dnsauth_psl_free(*out);
		*out = NULL;
		rc = DNSAUTH_EIO;
	}
	return rc;
}

size_t dnsauth_psl_count(const struct dnsauth_psl *psl)
{
	return psl ? psl->n : 0;
}

/* ------------------------------------------------------------------ */
/* lookups                                                              */

/* Length of a name without one trailing dot. */
static size_t name_len(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && s[n - 1] == '.' ? n - 1 : n;
}

static unsigned rule_kind(const struct dnsauth_psl *psl, const char *name, size_t n)
{
	char key[PSL_MAX_NAME + 1];
	struct psl_rule k, *r;
	size_t i;

	if (n > PSL_MAX_NAME || psl->n == 0)
		return 0;
	for (i = 0; i < n; i++)
		key[i] = (char)tolower((unsigned char)name[i]);
	key[n] = '\0';
	if (psl->slots) {
		size_t j = name_hash(key, n) & (psl->nslots - 1);

		for (; psl->slots[j]; j = (j + 1) & (psl->nslots - 1)) {
			r = &psl->rules[psl->slots[j] - 1];
			if (strcmp(r->name, key) == 0)
				return r->kind;
		}
		return 0;
	}
	k.name = key;
	r = bsearch(&k, psl->rules, psl->n, sizeof(*psl->rules), rule_cmp);
	return r ? r->kind : 0;
}

const char *dnsauth_psl_public_suffix(const struct dnsauth_psl *psl,
				      const char *domain)
{
	size_t len = name_len(domain);
	const char *p = domain, *last = domain;

	/* suffixes from longest to shortest: the first match is the longest */
	for (;;) {
		size_t n = len - (size_t)(p - domain);
		const char *dot = memchr(p, '.', n);
		unsigned kind = rule_kind(psl, p, n);

		if (kind & RULE_EXCEPTION)
			return dot ? dot + 1 : p;
		if (kind & RULE_NORMAL)
			return p;
		if (dot && (rule_kind(psl, dot + 1, len - (size_t)(dot + 1 - domain)) &
			    RULE_WILDCARD))
			return p;
		if (!dot)
			break;
		p = dot + 1;
	}
	/* the implicit rule "*": the last label */
	for (p = domain; p < domain + len; p++)
		if (*p == '.')
			last = p + 1;
	return last;
}

bool dnsauth_psl_is_public_suffix(const struct dnsauth_psl *psl, const char *domain)
{
	return dnsauth_psl_public_suffix(psl, domain) == domain;
}

const char *dnsauth_psl_org_domain(const struct dnsauth_psl *psl, const char *domain)
{
	const char *ps = dnsauth_psl_public_suffix(psl, domain), *p;

	if (ps == domain)
		return NULL;
	/* one more label to the left of the public suffix */
	p = ps - 1; /* the dot before the suffix */
	while (p > domain && p[-1] != '.')
		p--;
	return p;
}

bool dnsauth_psl_same_org(const struct dnsauth_psl *psl, const char *a, const char *b)
{
	const char *oa = dnsauth_psl_org_domain(psl, a);
	const char *ob = dnsauth_psl_org_domain(psl, b);
	size_t la, lb;

	if (!oa)
		oa = a;
	if (!ob)
		ob = b;
	la = name_len(oa);
	lb = name_len(ob);
	return la == lb && strncasecmp(oa, ob, la) == 0;
}
