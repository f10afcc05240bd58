/* SPDX-License-Identifier: MIT */
/*
 * dkim.c - DKIM key record model: tag-list parse (RFC 6376 §3.2), key
 * record checks (§3.6.1, RFC 8301, RFC 8463), public key decode with
 * OpenSSL, canonical print, key generation and record building.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/opensslv.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "dkim.h"
#include "dname.h"
#include "error.h"

#if OPENSSL_VERSION_NUMBER < 0x30000000L
#error "lib/dkim.c needs OpenSSL 3.0 or later"
#endif

#define ED25519_KEY_LEN 32u
#define SHOWN_MAX 40u /* characters of input quoted in a message */

/* Tags RFC 6376 §3.6.1 defines, plus the obsolete g= of RFC 4871. */
static const char *const known_tags[] = { "v", "h", "k", "n", "p", "s", "t", "g" };

static bool is_known_tag(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(known_tags) / sizeof(known_tags[0]); i++)
		if (n == 1 && s[0] == known_tags[i][0])
			return true;
	return false;
}

/* FWS inside a DNS TXT value: SP, TAB, CR, LF. */
static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* ALNUMPUNC = ALPHA / DIGIT / "_" */
static bool is_alnumpunc(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9') || c == '_';
}

static bool is_b64(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

/* How much of n characters of input a message quotes ("%.*s%s"). */
static int shown(size_t n)
{
	return (int)(n > SHOWN_MAX ? SHOWN_MAX : n);
}

static const char *more(size_t n)
{
	return n > SHOWN_MAX ? "..." : "";
}

const char *dnsauth_dkim_key_type_name(enum dnsauth_dkim_key_type type)
{
	switch (type) {
	case DNSAUTH_DKIM_KEY_RSA:
		return "rsa";
	case DNSAUTH_DKIM_KEY_ED25519:
		return "ed25519";
	case DNSAUTH_DKIM_KEY_OTHER:
		return "other";
	case DNSAUTH_DKIM_KEY_NONE:
		break;
	}
	return "none";
}

/* ------------------------------------------------------------------ */
/* model                                                                */

void dnsauth_dkim_free(struct dnsauth_dkim *rec)
{
	size_t i;

	if (!rec)
		return;
	for (i = 0; i < rec->ntags; i++) {
		free(rec->tags[i].name);
		free(rec->tags[i].value);
	}
	free(rec->tags);
	free(rec->key);
	free(rec);
}

const struct dnsauth_dkim_tag *dnsauth_dkim_tag(const struct dnsauth_dkim *rec,
						const char *name)
{
	size_t i;

	for (i = 0; i < rec->ntags; i++)
		if (strcmp(rec->tags[i].name, name) == 0)
			return &rec->tags[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* parser                                                               */

struct parse_ctx {
	const char *rec;   /* NUL-terminated copy of the value */
	size_t len;
	const char *name;
	struct dnsauth_findings *fl;
	struct dnsauth_dkim *dkim;
	bool invalid;      /* a syntax or version error */
	bool error;        /* any error finding */
	bool oom;
	bool stop;         /* tag-spec cap reached */
	size_t nspecs;     /* non-empty tag-specs seen */
	bool seen_dquote, seen_backslash, seen_smart, seen_nonascii;
	bool seen_control, seen_pem, seen_empty;
};

static void note(struct parse_ctx *c, enum dnsauth_rule_id rule,
		 enum dnsauth_severity sev, size_t col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void note(struct parse_ctx *c, enum dnsauth_rule_id rule,
		 enum dnsauth_severity sev, size_t col, const char *fmt, ...)
{
	va_list ap;

	if (sev == DNSAUTH_SEV_ERROR) {
		c->error = true;
		if (rule == DNSAUTH_R_DKIM_RECORD_SYNTAX ||
		    rule == DNSAUTH_R_DKIM_VERSION_INVALID)
			c->invalid = true;
	}
	va_start(ap, fmt);
	if (dnsauth_findings_vadd(c->fl, rule, sev, c->name, c->rec,
				  (unsigned)col, fmt, ap))
		c->oom = true;
	va_end(ap);
}

/* Code point of the UTF-8 sequence at s[0..n), or -1 if it is not valid;
 * *used is set to the bytes it takes (1 when invalid). */
static long utf8_cp(const unsigned char *s, size_t n, size_t *used)
{
	unsigned long cp;
	size_t k, len;

	*used = 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return -1;
	}
	if (len > n)
		return -1;
	for (k = 1; k < len; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[k] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*used = len;
	return (long)cp;
}

/*
 * Characters no key record should hold, in rec[a..e): zone-file quotes
 * and escapes, typographic quotes, other non-ASCII, control characters.
 * Each kind is reported once per record. Returns whether any was found.
 */
static bool scan_bad_chars(struct parse_ctx *c, size_t a, size_t e)
{
	const unsigned char *r = (const unsigned char *)c->rec;
	bool found = false;
	size_t i = a, used;
	long cp;

	while (i < e) {
		unsigned char ch = r[i];

		used = 1;
		if (ch == '"') {
			found = true;
			if (!c->seen_dquote)
				note(c, DNSAUTH_R_DKIM_RECORD_SYNTAX, DNSAUTH_SEV_ERROR, i + 1,
				     "'\"' inside the record: zone-file quotes were copied into the value (publish only the text between the quotes)");
			c->seen_dquote = true;
		} else if (ch == '\\') {
			found = true;
			if (!c->seen_backslash)
				note(c, DNSAUTH_R_DKIM_RECORD_SYNTAX, DNSAUTH_SEV_ERROR, i + 1,
				     "'\\' inside the record: a zone-file escape was copied into the value (key records have no escapes)");
			c->seen_backslash = true;
		} else if (ch >= 0x80) {
			found = true;
			cp = utf8_cp(r + i, e - i, &used);
			if (cp == 0x201c || cp == 0x201d || cp == 0x2018 || cp == 0x2019) {
				if (!c->seen_smart)
					note(c, DNSAUTH_R_DKIM_RECORD_SYNTAX, DNSAUTH_SEV_ERROR, i + 1,
					     "typographic quote U+%04lX inside the record: a word processor or web page replaced a plain quote; key records are plain ASCII",
					     (unsigned long)cp);
				c->seen_smart = true;
			} else if (!c->seen_nonascii) {
				if (cp >= 0)
					note(c, DNSAUTH_R_DKIM_RECORD_SYNTAX, DNSAUTH_SEV_ERROR, i + 1,
					     "non-ASCII character U+%04lX inside the record (key records are ASCII; pasted from a web page?)",
					     (unsigned long)cp);
				else
					note(c, DNSAUTH_R_DKIM_RECORD_SYNTAX, DNSAUTH_SEV_ERROR, i + 1,
					     "byte 0x%02X is not ASCII (key records are ASCII)", ch);
				c->seen_nonascii = true;
			}
		} else if ((ch < 0x20 && !is_ws((char)ch)) || ch == 0x7f) {
			found = true;
			if (!c->seen_control)
				note(c, DNSAUTH_R_DKIM_RECORD_SYNTAX, DNSAUTH_SEV_ERROR, i + 1,
				     "control character 0x%02X inside the record", ch);
			c->seen_control = true;
		}
		i += used;
	}
	return found;
}

/* Offset of "-----" in rec[a..e), or e. */
static size_t find_pem(const struct parse_ctx *c, size_t a, size_t e)
{
	size_t i;

	for (i = a; i + 5 <= e; i++)
		if (memcmp(c->rec + i, "-----", 5) == 0)
			return i;
	return e;
}

/*
 * A tag-spec that starts inside the value rec[va..vb) of tag \p tname
 * because a ';' is missing ("k=rsa p=MII..."): whitespace, a tag name,
 * optional whitespace, '='. In p= only a known tag name followed by a
 * value that is not '=' padding counts; in unknown tags only known names.
 * Returns the offset of that name, or vb.
 */
static size_t find_missing_semicolon(const struct parse_ctx *c, const char *tname,
				     size_t tlen, size_t va, size_t vb)
{
	const char *r = c->rec;
	bool in_p = tlen == 1 && tname[0] == 'p';
	bool known = is_known_tag(tname, tlen);
	size_t i, j, k;

	for (i = va + 1; i < vb; i++) {
		if (!is_ws(r[i - 1]) || is_ws(r[i]) || !is_alpha(r[i]))
			continue;
		for (j = i; j < vb && is_alnumpunc(r[j]); j++)
			;
		for (k = j; k < vb && is_ws(r[k]); k++)
			;
		if (k >= vb || r[k] != '=')
			continue;
		if (in_p || !known) {
			if (!is_known_tag(r + i, j - i))
				continue;
			for (k++; k < vb && is_ws(r[k]); k++)
				;
			if (in_p && (k >= vb || r[k] == '='))
				continue;
		}
		return i;
	}
	return vb;
}

static bool valid_tag_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || !is_alpha(s[0]))
		return false;
	for (i = 1; i < n; i++)
		if (!is_alnumpunc(s[i]))
			return false;
	return true;
}

static char *dup_value(const char *s, size_t n, bool strip_ws)
{
	char *d = malloc(n + 1);
	size_t i, k = 0;

	if (!d)
		return NULL;
	for (i = 0; i < n; i++)
		if (!strip_ws || !is_ws(s[i]))
			d[k++] = s[i];
	d[k] = '\0';
	return d;
}

/* Append one tag; reports duplicates. */
static void push_tag(struct parse_ctx *c, size_t na, size_t ne, size_t va,
		     size_t vb, bool bad)
{
	struct dnsauth_dkim *d = c->dkim;
	struct dnsauth_dkim_tag *t;
	size_t i, nlen = ne - na;

	for (i = 0; i < d->ntags; i++) {
		if (strlen(d->tags[i].name) == nlen &&
		    memcmp(d->tags[i].name, c->rec + na, nlen) == 0) {
			note(c, DNSAUTH_R_DKIM_RECORD_SYNTAX, DNSAUTH_SEV_ERROR, na + 1,
			     "tag '%.*s%s' appears more than once (first at column %u): the whole record is invalid (RFC 6376 §3.2)",
			     shown(nlen), c->rec + na, more(nlen), d->tags[i].column);
			bad = true;
			break;
		}
	}
	if (d->ntags == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;

		t = realloc(d->tags, cap * sizeof(*t));
		if (!t) {
			c->oom = true;
			return;
		}
		d->tags = t;
		d->cap = cap;
	}
	t = &d->tags[d->ntags];
	memset(t, 0, sizeof(*t));
	t->name = dup_value(c->rec + na, nlen, false);
	t->value = dup_value(c->rec + va, vb - va,
			     nlen == 1 && c->rec[na] == 'p');
	if (!t->name || !t->value) {
		free(t->name);
		free(t->value);
		c->oom = true;
		return;
	}
	t->column = (unsigned)na + 1;
	t->value_column = (unsigned)va + 1;
	t->length = vb - na;
	t->bad = bad;
	d->ntags++;
}

/* One ';'-separated part rec[s..e); last: nothing follows it. */
static void parse_segment(struct parse_ctx *c, size_t s, size_t e, bool last)
{
	const char *r = c->rec;
	size_t a = s, b = e, eq, ne, va, vb, split;
	bool bad, is_n;

	while (a < b && is_ws(r[a]))
		a++;
	while (b > a && is_ws(r[b - 1]))
		b--;
	if (a == b) {
		if (!last && !c->seen_empty)
			note(c, DNSAUTH_R_DKIM_RECORD_SYNTAX, DNSAUTH_SEV_WARNING, e + 1,
			     "empty tag-spec before this ';' (RFC 6376 §3.2 does not allow it; most verifiers skip it)");
		c->seen_empty = c->seen_empty || !last;
		return;
	}
	while (a < b && !c->stop && !c->oom) {
		/* every finding below is bounded by this cap */
		if (c->nspecs == DNSAUTH_DKIM_MAX_TAGS) {
			note(c, DNSAUTH_R_DKIM_RECORD_SYNTAX, DNSAUTH_SEV_ERROR, a + 1,
			     "more than %u tags: the rest of the record is not checked",
			     DNSAUTH_DKIM_MAX_TAGS);
			c->stop = true;
			return;
		}
		c->nspecs++;
		for (eq = a; eq < b && r[eq] != '='; eq++)
			;
		for (ne = eq; ne > a && is_ws(r[ne - 1]); ne--)
			;
		is_n = ne - a == 1 && r[a] == 'n';
		bad = scan_bad_chars(c, a, is_n ? ne : b);
		if (!is_n) {
			size_t pem = find_pem(c, a, b);

			if (pem < b) {
				if (!c->seen_pem)
					note(c, DNSAUTH_R_DKIM_RECORD_SYNTAX, DNSAUTH_SEV_ERROR,
					     pem + 1,
					     "PEM armour ('-----BEGIN ...') in the record: publish only the base64 between the BEGIN and END lines");
				c->seen_pem = true;
				bad = true;
			}
		}
		if (eq == b) {
			if (!bad)
				note(c, DNSAUTH_R_DKIM_RECORD_SYNTAX, DNSAUTH_SEV_ERROR, a + 1,
				     "'%.*s%s' is not a tag=value pair", shown(b - a), r + a,
				     more(b - a));
			return;
		}
		if (!valid_tag_name(r + a, ne - a)) {
			if (!bad)
				note(c, DNSAUTH_R_DKIM_RECORD_SYNTAX, DNSAUTH_SEV_ERROR, a + 1,
				     ne == a ? "'=' without a tag name%.*s%s" :
				     "invalid tag name '%.*s%s' (a letter, then letters, digits or '_')",
				     shown(ne - a), r + a, more(ne - a));
			return;
		}
		for (va = eq + 1; va < b && is_ws(r[va]); va++)
			;
		vb = b;
		split = b;
		if (!bad && !is_n)
			split = find_missing_semicolon(c, r + a, ne - a, va, b);
		if (split < b) {
			size_t sn = split;

			while (sn < b && is_alnumpunc(r[sn]))
				sn++;
			note(c, DNSAUTH_R_DKIM_RECORD_SYNTAX, DNSAUTH_SEV_ERROR, split + 1,
			     "missing ';' before '%.*s%s=' (tags are separated by semicolons)",
			     shown(sn - split), r + split, more(sn - split));
			for (vb = split; vb > va && is_ws(r[vb - 1]); vb--)
				;
		}
		push_tag(c, a, ne, va, vb, bad);
		a = split;
	}
}

/* ---- semantic checks ---- */

/* Whether the ':'-separated list \p v has an element equal to \p want. */
static bool list_has(const char *v, const char *want)
{
	size_t wl = strlen(want);
	const char *p = v;

	for (;;) {
		const char *q = strchr(p, ':');
		const char *end = q ? q : p + strlen(p);

		while (p < end && is_ws(*p))
			p++;
		while (end > p && is_ws(end[-1]))
			end--;
		if ((size_t)(end - p) == wl && memcmp(p, want, wl) == 0)
			return true;
		if (!q)
			return false;
		p = q + 1;
	}
}

/* Strict base64 (RFC 4648 §4) of the whitespace-free text s: 0, or -1
 * with *why set (*bad: offset in s of the problem, n for the length). */
static int b64_check(const char *s, size_t n, size_t *bad, const char **why)
{
	size_t i, pad = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '=') {
			if (pad == 0 && i + 2 < n) {
				*bad = i;
				*why = "'=' padding before the end";
				return -1;
			}
			pad++;
			continue;
		}
		if (pad || !is_b64(s[i])) {
			*bad = i;
			*why = pad ? "characters after the '=' padding" :
			       "character not allowed in base64";
			return -1;
		}
	}
	if (n % 4 != 0) {
		*bad = n;
		*why = "the length is not a multiple of 4 (missing or extra '=' padding?)";
		return -1;
	}
	if (pad > 2) {
		*bad = n - pad;
		*why = "more than two '=' padding characters";
		return -1;
	}
	return 0;
}

/* Column in the record of offset idx in the whitespace-free p= value. */
static size_t p_column(const struct parse_ctx *c, const struct dnsauth_dkim_tag *t,
		       size_t idx)
{
	size_t i = t->value_column - 1, k = 0;

	while (i < c->len && (k < idx || is_ws(c->rec[i]))) {
		if (!is_ws(c->rec[i]))
			k++;
		i++;
	}
	return i + 1;
}

/* What k= asks for. */
enum k_kind { K_RSA, K_ED25519, K_UNKNOWN, K_BAD };

/* Decode p= (base64 already checked) into the model; fills type, format
 * and bits. Returns 0, or -1 when the octets are no public key. */
/*
 * Reading an RSA key's size without OpenSSL. OpenSSL 3's d2i_PUBKEY()
 * goes through its decoder framework (provider look-ups, locks): about
 * 100 µs a key, most of the linter's time on a zone of DKIM keys. The
 * common case, a DER SubjectPublicKeyInfo of rsaEncryption, is read here
 * with a strict DER reader; anything else (other algorithms, PKCS #1,
 * non-canonical encodings, trailing bytes) is left to OpenSSL, which
 * judges it as before. tests/unit/check_dkim.c compares the two on
 * generated and mutated keys.
 */

/* One DER element of tag \p tag at *p: its contents in [*c, *c + *clen),
 * *p moved past it. Definite, minimally encoded lengths only. */
static bool der_elem(const unsigned char **p, const unsigned char *end,
		     unsigned char tag, const unsigned char **c, size_t *clen)
{
	const unsigned char *q = *p;
	size_t len, nb, i;

	if (end - q < 2 || q[0] != tag)
		return false;
	len = q[1];
	q += 2;
	if (len & 0x80) {
		nb = len & 0x7f;
		if (nb == 0 || nb > 3 || (size_t)(end - q) < nb || q[0] == 0)
			return false;
		for (len = 0, i = 0; i < nb; i++)
			len = len << 8 | q[i];
		q += nb;
		if (len < 0x80)
			return false;
	}
	if ((size_t)(end - q) < len)
		return false;
	*c = q;
	*clen = len;
	*p = q + len;
	return true;
}

/* Bits of a positive, minimally encoded DER INTEGER's contents; 0 for
 * zero, a negative or a padded one. */
static unsigned der_uint_bits(const unsigned char *c, size_t n)
{
	unsigned top = 0, v;

	if (n == 0 || (c[0] & 0x80))
		return 0;
	if (c[0] == 0) {
		if (n == 1 || !(c[1] & 0x80))
			return 0;
		c++;
		n--;
	}
	for (v = c[0]; v; v >>= 1)
		top++;
	return (unsigned)(n - 1) * 8 + top;
}

/* The modulus size of a canonical DER SubjectPublicKeyInfo holding an
 * rsaEncryption key (RFC 3279 §2.3.1, NULL parameters), exactly \p n
 * octets; 0 for anything else. */
static unsigned spki_rsa_bits(const unsigned char *k, size_t n)
{
	static const unsigned char alg_rsa[] = {
		0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01,
		0x05, 0x00
	};
	const unsigned char *p = k, *end = k + n, *c;
	size_t len;
	unsigned bits;

	if (!der_elem(&p, end, 0x30, &c, &len) || p != end)
		return 0;
	p = c;
	end = c + len;
	if (!der_elem(&p, end, 0x30, &c, &len) || len != sizeof(alg_rsa) ||
	    memcmp(c, alg_rsa, len) != 0)
		return 0;
	if (!der_elem(&p, end, 0x03, &c, &len) || p != end || len < 1 || c[0] != 0)
		return 0;
	p = c + 1;
	end = c + len;
	if (!der_elem(&p, end, 0x30, &c, &len) || p != end)
		return 0;
	p = c;
	end = c + len;
	if (!der_elem(&p, end, 0x02, &c, &len))
		return 0;
	bits = der_uint_bits(c, len);
	if (!der_elem(&p, end, 0x02, &c, &len) || p != end || !der_uint_bits(c, len))
		return 0;
	return bits;
}

static int decode_key(struct parse_ctx *c, const char *b64, size_t n)
{
	struct dnsauth_dkim *d = c->dkim;
	const unsigned char *p;
	EVP_PKEY *pk = NULL;
	int olen, rc = -1;
	size_t pad = 0;
	unsigned bits;

	d->key = malloc(n / 4 * 3 + 1);
	if (!d->key) {
		c->oom = true;
		return -1;
	}
	olen = EVP_DecodeBlock(d->key, (const unsigned char *)b64, (int)n);
	if (olen < 0) {
		free(d->key);
		d->key = NULL;
		return -1;
	}
	while (pad < n && b64[n - 1 - pad] == '=')
		pad++;
	d->key_len = (size_t)olen - pad;
	if (d->key_len == ED25519_KEY_LEN) {
		pk = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, d->key,
						 d->key_len);
		d->key_format = DNSAUTH_DKIM_FMT_RAW;
	} else if ((bits = spki_rsa_bits(d->key, d->key_len)) != 0) {
		d->key_format = DNSAUTH_DKIM_FMT_SPKI;
		d->key_type = DNSAUTH_DKIM_KEY_RSA;
		d->key_bits = bits;
		return 0;
	} else {
		p = d->key;
		pk = d2i_PUBKEY(NULL, &p, (long)d->key_len);
		if (pk && p != d->key + d->key_len) {
			EVP_PKEY_free(pk);
			pk = NULL;
		}
		d->key_format = DNSAUTH_DKIM_FMT_SPKI;
		if (!pk) {
			p = d->key;
			pk = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, (long)d->key_len);
			if (pk && p != d->key + d->key_len) {
				EVP_PKEY_free(pk);
				pk = NULL;
			}
			d->key_format = DNSAUTH_DKIM_FMT_PKCS1;
		}
	}
	ERR_clear_error();
	if (!pk) {
		d->key_format = DNSAUTH_DKIM_FMT_NONE;
		goto out;
	}
	switch (EVP_PKEY_get_base_id(pk)) {
	case EVP_PKEY_RSA:
		d->key_type = DNSAUTH_DKIM_KEY_RSA;
		d->key_bits = (unsigned)EVP_PKEY_get_bits(pk);
		break;
	case EVP_PKEY_ED25519:
		d->key_type = DNSAUTH_DKIM_KEY_ED25519;
		d->key_bits = ED25519_KEY_LEN * 8;
		break;
	default:
		d->key_type = DNSAUTH_DKIM_KEY_OTHER;
		d->key_bits = (unsigned)EVP_PKEY_get_bits(pk);
		break;
	}
	rc = 0;
out:
	EVP_PKEY_free(pk);
	return rc;
}

static void check_rsa_size(struct parse_ctx *c, unsigned bits, size_t col)
{
	if (bits < 1024)
		note(c, DNSAUTH_R_DKIM_KEY_TOO_SHORT, DNSAUTH_SEV_ERROR, col,
		     "RSA key of %u bits: verifiers must not accept keys under 1024 bits (RFC 8301 §3.2); generate a 2048-bit key",
		     bits);
	else if (bits < 2048)
		note(c, DNSAUTH_R_DKIM_KEY_WEAK, DNSAUTH_SEV_WARNING, col,
		     "RSA key of %u bits: RFC 8301 §3.2 recommends at least 2048 bits",
		     bits);
	else if (bits > 4096)
		note(c, DNSAUTH_R_DKIM_KEY_UNUSABLE, DNSAUTH_SEV_WARNING, col,
		     "RSA key of %u bits: verifiers need only handle up to 4096 bits (RFC 8301 §3.2); some will fail",
		     bits);
}

static void check_key(struct parse_ctx *c, const struct dnsauth_dkim_tag *p,
		      const struct dnsauth_dkim_tag *k, enum k_kind kk)
{
	struct dnsauth_dkim *d = c->dkim;
	size_t n = strlen(p->value), bad = 0;
	const char *why = NULL;
	size_t col = p->value_column;
	const char *kname = k ? "k=rsa" : "k= is missing (default rsa)";

	if (n == 0) {
		d->revoked = true;
		note(c, DNSAUTH_R_DKIM_KEY_REVOKED, DNSAUTH_SEV_WARNING, p->column,
		     "p= is empty: the key is revoked; verifiers fail every signature made with this selector");
		return;
	}
	if (n > DNSAUTH_DKIM_MAX_KEY_CHARS) {
		note(c, DNSAUTH_R_DKIM_KEY_UNUSABLE, DNSAUTH_SEV_ERROR, col,
		     "p= holds %zu base64 characters, more than any usable key (at most %u are decoded)",
		     n, DNSAUTH_DKIM_MAX_KEY_CHARS);
		return;
	}
	if (b64_check(p->value, n, &bad, &why) != 0) {
		if (bad < n)
			note(c, DNSAUTH_R_DKIM_RECORD_SYNTAX, DNSAUTH_SEV_ERROR, col,
			     "invalid base64 in p=: %s ('%c' at column %zu)", why,
			     p->value[bad], p_column(c, p, bad));
		else
			note(c, DNSAUTH_R_DKIM_RECORD_SYNTAX, DNSAUTH_SEV_ERROR, col,
			     "invalid base64 in p=: %s (%zu characters)", why, n);
		return;
	}
	if (decode_key(c, p->value, n) != 0) {
		if (c->oom || kk == K_UNKNOWN || kk == K_BAD)
			return;
		if (kk == K_ED25519)
			note(c, DNSAUTH_R_DKIM_KEY_UNUSABLE, DNSAUTH_SEV_ERROR, col,
			     "k=ed25519 needs the raw 32-octet key (RFC 8463); p= holds %zu octets",
			     d->key_len);
		else
			note(c, DNSAUTH_R_DKIM_RECORD_SYNTAX, DNSAUTH_SEV_ERROR, col,
			     "p= does not hold a public key: %zu octets that are neither SubjectPublicKeyInfo nor RSAPublicKey DER",
			     d->key_len);
		return;
	}
	if (kk == K_UNKNOWN || kk == K_BAD)
		return;
	if (kk == K_RSA) {
		switch (d->key_type) {
		case DNSAUTH_DKIM_KEY_RSA:
			if (d->key_format == DNSAUTH_DKIM_FMT_PKCS1)
				note(c, DNSAUTH_R_DKIM_KEY_UNUSABLE, DNSAUTH_SEV_INFO, col,
				     "p= is a bare RSAPublicKey (PKCS #1), not the SubjectPublicKeyInfo almost everyone publishes: RFC 6376 allows it, but verifiers that expect SubjectPublicKeyInfo fail");
			check_rsa_size(c, d->key_bits, col);
			break;
		case DNSAUTH_DKIM_KEY_ED25519:
			if (d->key_format == DNSAUTH_DKIM_FMT_RAW)
				note(c, DNSAUTH_R_DKIM_KEY_UNUSABLE, DNSAUTH_SEV_ERROR, col,
				     "%s, but p= holds 32 octets, the size of a raw Ed25519 key: write k=ed25519",
				     kname);
			else
				note(c, DNSAUTH_R_DKIM_KEY_UNUSABLE, DNSAUTH_SEV_ERROR, col,
				     "%s, but p= holds an Ed25519 SubjectPublicKeyInfo: write k=ed25519 and publish the raw 32-octet key (RFC 8463)",
				     kname);
			break;
		default:
			note(c, DNSAUTH_R_DKIM_KEY_UNUSABLE, DNSAUTH_SEV_ERROR, col,
			     "p= holds a %u-bit key that is neither RSA nor Ed25519 (EC or RSA-PSS?): verifiers cannot use it",
			     d->key_bits);
			break;
		}
		return;
	}
	/* k=ed25519 */
	switch (d->key_type) {
	case DNSAUTH_DKIM_KEY_ED25519:
		if (d->key_format == DNSAUTH_DKIM_FMT_RAW)
			note(c, DNSAUTH_R_DKIM_KEY_UNUSABLE, DNSAUTH_SEV_INFO,
			     k->value_column,
			     "Ed25519 key: not all verifiers support Ed25519 (RFC 8463); dual-sign with an RSA key under another selector");
		else
			note(c, DNSAUTH_R_DKIM_KEY_UNUSABLE, DNSAUTH_SEV_ERROR, col,
			     "k=ed25519 needs the raw 32-octet key (RFC 8463), not SubjectPublicKeyInfo: publish its last 32 octets");
		break;
	case DNSAUTH_DKIM_KEY_RSA:
		note(c, DNSAUTH_R_DKIM_KEY_UNUSABLE, DNSAUTH_SEV_ERROR, col,
		     "k=ed25519, but p= holds a %u-bit RSA key: write k=rsa, or publish the raw 32-octet Ed25519 key",
		     d->key_bits);
		break;
	default:
		note(c, DNSAUTH_R_DKIM_KEY_UNUSABLE, DNSAUTH_SEV_ERROR, col,
		     "k=ed25519, but p= holds a %u-bit key of another type: verifiers cannot use it",
		     d->key_bits);
		break;
	}
}

static enum k_kind classify_k(const struct dnsauth_dkim_tag *k)
{
	if (!k)
		return K_RSA;
	if (k->bad)
		return K_BAD;
	if (strcasecmp(k->value, "rsa") == 0)
		return K_RSA;
	if (strcasecmp(k->value, "ed25519") == 0)
		return K_ED25519;
	return K_UNKNOWN;
}

static void check_tag(struct parse_ctx *c, const struct dnsauth_dkim_tag *t,
		      size_t index, const struct dnsauth_dkim_tag *k, enum k_kind kk)
{
	const char *v = t->value;
	char lower;

	if (strlen(t->name) != 1)
		return; /* only one-letter tags are defined */
	switch (t->name[0]) {
	case 'v':
		if (index != 0)
			note(c, DNSAUTH_R_DKIM_VERSION_INVALID, DNSAUTH_SEV_ERROR, t->column,
			     "v= must be the first tag (RFC 6376 §3.6.1); verifiers may discard this record");
		if (strcmp(v, "DKIM1") != 0)
			note(c, DNSAUTH_R_DKIM_VERSION_INVALID, DNSAUTH_SEV_ERROR,
			     t->value_column,
			     "v=%.*s%s: the version must be exactly DKIM1; verifiers discard this record",
			     shown(strlen(v)), v, more(strlen(v)));
		break;
	case 'p':
		check_key(c, t, k, kk);
		break;
	case 'k':
		if (kk == K_UNKNOWN)
			note(c, DNSAUTH_R_DKIM_KEY_UNUSABLE, DNSAUTH_SEV_ERROR, t->value_column,
			     "unknown key type k=%.*s%s (rsa or ed25519): verifiers cannot use this key",
			     shown(strlen(v)), v, more(strlen(v)));
		else if (strcmp(v, "rsa") != 0 && strcmp(v, "ed25519") != 0)
			note(c, DNSAUTH_R_DKIM_KEY_UNUSABLE, DNSAUTH_SEV_WARNING, t->value_column,
			     "k=%s: key types are case-sensitive; write '%s' (some verifiers do not recognise other spellings)",
			     v, kk == K_RSA ? "rsa" : "ed25519");
		break;
	case 'h':
		if (!list_has(v, "sha256"))
			note(c, DNSAUTH_R_DKIM_KEY_UNUSABLE, DNSAUTH_SEV_ERROR, t->value_column,
			     "h=%.*s%s does not allow sha256, the only hash RFC 8301 §3.1 permits: verifiers reject every signature with this key (remove h= or write h=sha256)",
			     shown(strlen(v)), v, more(strlen(v)));
		else if (list_has(v, "sha1"))
			note(c, DNSAUTH_R_DKIM_KEY_UNUSABLE, DNSAUTH_SEV_INFO, t->value_column,
			     "h= lists sha1, which RFC 8301 §3.1 forbids for signing and verifying; h=sha256 (or no h=) is enough");
		break;
	case 's':
		if (!list_has(v, "email") && !list_has(v, "*"))
			note(c, DNSAUTH_R_DKIM_KEY_UNUSABLE, DNSAUTH_SEV_ERROR, t->value_column,
			     "s=%.*s%s does not include email or *: verifiers must not use this key for mail (RFC 6376 §3.6.1)%s",
			     shown(strlen(v)), v, more(strlen(v)), list_has(v, "tlsrpt") ?
			     "; s=tlsrpt keys sign TLS reports only (RFC 8460 §3)" : "");
		break;
	case 't':
		if (list_has(v, "y")) {
			c->dkim->testing = true;
			note(c, DNSAUTH_R_DKIM_KEY_UNUSABLE, DNSAUTH_SEV_INFO, t->value_column,
			     "t=y: the domain is testing DKIM, and verifiers must not treat its mail differently from unsigned mail (RFC 6376 §3.6.1); remove it once signing works");
		}
		if (list_has(v, "s"))
			c->dkim->strict = true;
		break;
	case 'g':
		note(c, DNSAUTH_R_DKIM_RECORD_SYNTAX, DNSAUTH_SEV_INFO, t->column,
		     "g= is obsolete (RFC 4871 key granularity, removed by RFC 6376) and ignored; remove it");
		break;
	case 'n':
		break;
	default:
		lower = (char)tolower((unsigned char)t->name[0]);
		if (lower != t->name[0] && is_known_tag(&lower, 1))
			note(c, DNSAUTH_R_DKIM_RECORD_SYNTAX, DNSAUTH_SEV_WARNING, t->column,
			     "unknown tag '%s' is ignored: tag names are case-sensitive (did you mean '%c'?)",
			     t->name, lower);
		break;
	}
}

static void check_semantics(struct parse_ctx *c)
{
	const struct dnsauth_dkim *d = c->dkim;
	const struct dnsauth_dkim_tag *k = dnsauth_dkim_tag(d, "k");
	enum k_kind kk = classify_k(k);
	bool have_p = false;
	size_t i;

	for (i = 0; i < d->ntags && !c->oom; i++) {
		const struct dnsauth_dkim_tag *t = &d->tags[i];

		if (strcmp(t->name, "p") == 0)
			have_p = true;
		if (t->bad)
			continue;
		check_tag(c, t, i, k, kk);
	}
	if (!have_p && !c->stop)
		note(c, DNSAUTH_R_DKIM_RECORD_SYNTAX, DNSAUTH_SEV_ERROR, 0,
		     "no p= tag: the public key is required (RFC 6376 §3.6.1)");
}

int dnsauth_dkim_parse(const char *text, size_t len, const char *name,
		       struct dnsauth_dkim **out, struct dnsauth_findings *fl)
{
	struct parse_ctx c;
	char *rec;
	size_t pos, end;

	*out = NULL;
	if (len > DNSAUTH_DKIM_MAX_LEN)
		return DNSAUTH_ELIMIT;
	rec = malloc(len + 1);
	if (!rec)
		return DNSAUTH_ENOMEM;
	memcpy(rec, text, len);
	rec[len] = '\0';
	memset(&c, 0, sizeof(c));
	c.rec = rec;
	c.len = len;
	c.name = name;
	c.fl = fl;
	c.dkim = calloc(1, sizeof(*c.dkim));
	if (!c.dkim) {
		free(rec);
		return DNSAUTH_ENOMEM;
	}
	pos = 0;
	for (;;) {
		for (end = pos; end < len && rec[end] != ';'; end++)
			;
		parse_segment(&c, pos, end, end == len);
		if (end == len || c.stop || c.oom)
			break;
		pos = end + 1;
	}
	if (!c.oom)
		check_semantics(&c);
	free(rec);
	if (c.oom) {
		dnsauth_dkim_free(c.dkim);
		return DNSAUTH_ENOMEM;
	}
	c.dkim->valid = !c.invalid;
	c.dkim->usable = !c.error && !c.dkim->revoked &&
			 (c.dkim->key_type == DNSAUTH_DKIM_KEY_RSA ||
			  c.dkim->key_type == DNSAUTH_DKIM_KEY_ED25519);
	*out = c.dkim;
	return c.invalid ? DNSAUTH_EPARSE : 0;
}

/* ------------------------------------------------------------------ */
/* printer                                                              */

/* A ':'-list without whitespace around its elements. */
static void print_list(struct dnsauth_buf *out, const char *v)
{
	const char *p = v;

	for (;;) {
		const char *q = strchr(p, ':');
		const char *end = q ? q : p + strlen(p);

		while (p < end && is_ws(*p))
			p++;
		while (end > p && is_ws(end[-1]))
			end--;
		dnsauth_buf_append(out, p, (size_t)(end - p));
		if (!q)
			return;
		dnsauth_buf_putc(out, ':');
		p = q + 1;
	}
}

static const struct dnsauth_dkim_tag *good_tag(const struct dnsauth_dkim *rec,
					       const char *name)
{
	const struct dnsauth_dkim_tag *t = dnsauth_dkim_tag(rec, name);

	return t && !t->bad ? t : NULL;
}

int dnsauth_dkim_print(const struct dnsauth_dkim *rec, struct dnsauth_buf *out)
{
	static const char *const lists[] = { "h", "k", "s", "t" };
	const struct dnsauth_dkim_tag *t;
	size_t i;

	t = good_tag(rec, "v");
	dnsauth_buf_printf(out, "v=%s", t ? t->value : "DKIM1");
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		t = good_tag(rec, lists[i]);
		if (!t && lists[i][0] != 'k')
			continue;
		dnsauth_buf_printf(out, "; %s=", lists[i]);
		if (lists[i][0] == 'k' && classify_k(t) == K_RSA)
			dnsauth_buf_puts(out, "rsa");
		else if (lists[i][0] == 'k' && classify_k(t) == K_ED25519)
			dnsauth_buf_puts(out, "ed25519");
		else
			print_list(out, t->value);
	}
	t = good_tag(rec, "n");
	if (t)
		dnsauth_buf_printf(out, "; n=%s", t->value);
	/* unknown tags, and the obsolete g=, in written order */
	for (i = 0; i < rec->ntags; i++) {
		t = &rec->tags[i];
		if (t->bad)
			continue;
		if (is_known_tag(t->name, strlen(t->name)) && strcmp(t->name, "g") != 0)
			continue;
		dnsauth_buf_printf(out, "; %s=%s", t->name, t->value);
	}
	t = good_tag(rec, "p");
	dnsauth_buf_printf(out, "; p=%s", t ? t->value : "");
	return out->err;
}

/* ------------------------------------------------------------------ */
/* owner name                                                           */

int dnsauth_dkim_owner(const char *selector, const char *domain,
		       struct dnsauth_buf *out, const char **bad_part,
		       const char **why)
{
	static const char infix[] = "._domainkey.";
	size_t slen = strlen(selector), dlen = dnsauth_dname_len(domain);
	const char *w = NULL;

	*bad_part = "selector";
	if (slen == 0) {
		*why = "empty selector";
		return DNSAUTH_EINVAL;
	}
	if (selector[slen - 1] == '.') {
		*why = "the selector must not end with a dot";
		return DNSAUTH_EINVAL;
	}
	if (!dnsauth_dname_valid(selector, slen, false, &w, NULL)) {
		*why = w;
		return DNSAUTH_EINVAL;
	}
	if (strstr(selector, "_domainkey")) {
		*why = "write the selector without '._domainkey' (it is added)";
		return DNSAUTH_EINVAL;
	}
	*bad_part = "domain";
	if (!dnsauth_dname_valid(domain, strlen(domain), true, &w, NULL)) {
		*why = w;
		return DNSAUTH_EINVAL;
	}
	*bad_part = "name";
	if (slen + sizeof(infix) - 1 + dlen > 253) {
		*why = "the selector and domain make a name longer than 253 characters";
		return DNSAUTH_EINVAL;
	}
	*bad_part = NULL;
	*why = NULL;
	return dnsauth_buf_printf(out, "%s%s%.*s", selector, infix, (int)dlen,
				  domain);
}

/* ------------------------------------------------------------------ */
/* keys                                                                 */

int dnsauth_dkim_keygen(enum dnsauth_dkim_key_type type, unsigned bits,
			EVP_PKEY **out)
{
	*out = NULL;
	if (type == DNSAUTH_DKIM_KEY_RSA) {
		if (bits == 0)
			bits = DNSAUTH_DKIM_RSA_DEFAULT_BITS;
		if (bits < DNSAUTH_DKIM_RSA_MIN_BITS || bits > DNSAUTH_DKIM_RSA_MAX_BITS)
			return DNSAUTH_EINVAL;
		*out = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits);
	} else if (type == DNSAUTH_DKIM_KEY_ED25519) {
		if (bits != 0)
			return DNSAUTH_EINVAL;
		*out = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	} else {
		return DNSAUTH_EINVAL;
	}
	ERR_clear_error();
	return *out ? 0 : DNSAUTH_ENOMEM;
}

int dnsauth_dkim_key_pem(const EVP_PKEY *key, struct dnsauth_buf *out)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *data = NULL;
	long n;
	int rc = DNSAUTH_ENOMEM;

	if (!bio)
		return DNSAUTH_ENOMEM;
	if (PEM_write_bio_PKCS8PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL) != 1) {
		rc = DNSAUTH_EINVAL;
		goto out;
	}
	n = BIO_get_mem_data(bio, &data);
	if (n <= 0 || !data)
		goto out;
	rc = dnsauth_buf_append(out, data, (size_t)n);
	OPENSSL_cleanse(data, (size_t)n);
out:
	ERR_clear_error();
	BIO_free(bio);
	return rc;
}

/* Base64 of n octets, appended to out. */
static int b64_append(struct dnsauth_buf *out, const unsigned char *in, size_t n)
{
	char *b = malloc(4 * ((n + 2) / 3) + 1);
	int rc;

	if (!b)
		return DNSAUTH_ENOMEM;
	EVP_EncodeBlock((unsigned char *)b, in, (int)n);
	rc = dnsauth_buf_puts(out, b);
	free(b);
	return rc;
}

int dnsauth_dkim_record_value(const EVP_PKEY *key, struct dnsauth_buf *out)
{
	unsigned char raw[ED25519_KEY_LEN], *der = NULL;
	size_t rawlen = sizeof(raw);
	int n, rc;

	switch (EVP_PKEY_get_base_id(key)) {
	case EVP_PKEY_RSA:
		n = i2d_PUBKEY(key, &der);
		if (n <= 0) {
			ERR_clear_error();
			return DNSAUTH_ENOMEM;
		}
		dnsauth_buf_puts(out, "v=DKIM1; k=rsa; p=");
		rc = b64_append(out, der, (size_t)n);
		OPENSSL_free(der);
		return rc;
	case EVP_PKEY_ED25519:
		if (EVP_PKEY_get_raw_public_key(key, raw, &rawlen) != 1 ||
		    rawlen != sizeof(raw)) {
			ERR_clear_error();
			return DNSAUTH_EINVAL;
		}
		dnsauth_buf_puts(out, "v=DKIM1; k=ed25519; p=");
		return b64_append(out, raw, rawlen);
	default:
		return DNSAUTH_EINVAL;
	}
}

int dnsauth_dkim_public_key(const struct dnsauth_dkim *rec, EVP_PKEY **out)
{
	const unsigned char *p = rec->key;
	EVP_PKEY *pk = NULL;

	*out = NULL;
	if (!rec->key || (rec->key_type != DNSAUTH_DKIM_KEY_RSA &&
			  rec->key_type != DNSAUTH_DKIM_KEY_ED25519))
		return DNSAUTH_ENOTFOUND;
	switch (rec->key_format) {
	case DNSAUTH_DKIM_FMT_SPKI:
		pk = d2i_PUBKEY(NULL, &p, (long)rec->key_len);
		break;
	case DNSAUTH_DKIM_FMT_PKCS1:
		pk = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, (long)rec->key_len);
		break;
	case DNSAUTH_DKIM_FMT_RAW:
		pk = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, rec->key,
						 rec->key_len);
		break;
	case DNSAUTH_DKIM_FMT_NONE:
		return DNSAUTH_ENOTFOUND;
	}
	ERR_clear_error();
	if (!pk)
		return DNSAUTH_ENOMEM;
	*out = pk;
	return 0;
}
