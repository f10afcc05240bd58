/* SPDX-License-Identifier: MIT */
/*
 * zfast.c - build ldns records of common types straight from tokens.
 *
 * Each field is checked and written to a scratch area on the stack
 * first; only a record that parses completely is allocated, so a record
 * left to ldns costs no allocation here.
 *
 * What ldns 1.8 does with the line "OWNER TTL IN TYPE TOKEN ..." and
 * what this file matches (rr.c, parse.c, str2host.c, dname.c):
 *   - The RDATA text is first read as one token, which drops unquoted,
 *     unescaped '(' ')' and ';' comments, toggles its quoting on every
 *     unescaped '"' and turns CR into a space; then field by field.
 *     Unquoted tokens with such bytes, and control bytes anywhere (but
 *     a tab), are left to ldns; quoted strings keep '(' ')' ';' as text.
 *   - Names keep their case. "@" is the origin; a relative name gets the
 *     origin appended with no check of the total length (ldns accepts
 *     names over 255 octets that way: left to ldns). A first label "@"
 *     ("@.x") is also the origin in ldns: only letters, digits, '-', '_',
 *     '*' and '.' are handled here.
 *   - Character-strings: "\DDD" (exactly three digits, at most 255) and
 *     "\X" (X not a digit) are one octet each; at most 255 octets; an
 *     unquoted token is a string too. CAA's value (LONG_STR) must be
 *     quoted and may be up to 65535 octets; an empty one has no data.
 *   - Integers go through strtol() and a cast, so "70000" is a 16-bit
 *     4464 and "-1" 65535 for ldns: only plain digits within range are
 *     handled here. SOA timers (PERIOD) take units (1h30m) and wrap on
 *     overflow in ldns: handled without overflow only. (The scanner
 *     reports the other numbers of these types and asks neither.)
 *   - TLSA's hex is the rest of the line with blanks skipped; an odd
 *     number of digits gets a zero nibble in ldns: left to ldns. The
 *     TLSA mnemonics (DANE-EE, SPKI, ...) are left to ldns too.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "zfast.h"

/** Fields of one record handled here; more go to ldns. */
#define FIELDS_MAX 64u
/** Octets of RDATA handled here; more go to ldns. */
#define SCRATCH_MAX 8192u
/** Longest name in wire form. */
#define NAME_WIRE_MAX 255u
/** ldns reads the RDATA text as one token of under 65535 bytes. */
#define RDATA_TEXT_MAX 65534u

static bool zfast_off;
static struct dnsauth_zfast_stats *zfast_stats;

void dnsauth_zfast_debug(bool enabled, struct dnsauth_zfast_stats *stats)
{
	zfast_off = !enabled;
	zfast_stats = stats;
}

/* ------------------------------------------------------------ fields */

struct field {
	size_t off, len;
	ldns_rdf_type type;
};

/** The record being parsed: its fields' bytes in one scratch area. */
struct work {
	const ldns_rdf *origin;
	struct field f[FIELDS_MAX];
	size_t nf;
	size_t used;
	uint8_t buf[SCRATCH_MAX];
};

/* Room for a field of up to max octets: its first byte, or NULL. */
static uint8_t *field_begin(struct work *w, size_t max)
{
	if (w->nf >= FIELDS_MAX || max > SCRATCH_MAX - w->used)
		return NULL;
	return w->buf + w->used;
}

static void field_end(struct work *w, ldns_rdf_type type, size_t len)
{
	w->f[w->nf].off = w->used;
	w->f[w->nf].len = len;
	w->f[w->nf].type = type;
	w->nf++;
	w->used += len;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Bytes of a label as handled here: those ldns neither escapes nor
 * parses specially. */
static bool label_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) ||
	       c == '-' || c == '_' || c == '*';
}

/*
 * The wire form of the name p[0..n) as ldns_str2rdf_dname() gives it,
 * with origin appended to a relative name and "@" the origin, into out
 * (room for NAME_WIRE_MAX octets). \return its length, or 0 when the
 * name is not handled here (origin NULL and the name relative or "@").
 */
static size_t name_wire(const char *p, size_t n, const ldns_rdf *origin, uint8_t *out)
{
	size_t i, lab = 0, k = 1, olen;

	if (n == 1 && p[0] == '.') {
		out[0] = 0;
		return 1;
	}
	if (n == 1 && p[0] == '@') {
		if (!origin || ldns_rdf_size(origin) > NAME_WIRE_MAX)
			return 0;
		memcpy(out, ldns_rdf_data(origin), ldns_rdf_size(origin));
		return ldns_rdf_size(origin);
	}
	if (n == 0 || n >= NAME_WIRE_MAX)
		return 0;
	/* out[lab] is the length byte of the label being written at k */
	for (i = 0; i < n; i++) {
		if (p[i] == '.') {
			if (k - lab - 1 == 0 || k - lab - 1 > LDNS_MAX_LABELLEN)
				return 0;
			out[lab] = (uint8_t)(k - lab - 1);
			lab = k++;
			continue;
		}
		if (!label_char(p[i]))
			return 0;
		out[k++] = (uint8_t)p[i];
	}
	if (p[n - 1] == '.') {
		out[lab] = 0; /* the root label */
		return k;
	}
	/* relative: close the last label, then the origin */
	if (!origin || k - lab - 1 > LDNS_MAX_LABELLEN)
		return 0;
	out[lab] = (uint8_t)(k - lab - 1);
	olen = ldns_rdf_size(origin);
	if (olen == 0 || olen > NAME_WIRE_MAX - k)
		return 0;
	memcpy(out + k, ldns_rdf_data(origin), olen);
	return k + olen;
}

static bool put_name(struct work *w, const struct dnsauth_zfast_tok *t)
{
	uint8_t *o;
	size_t len;

	if (t->quoted || !(o = field_begin(w, NAME_WIRE_MAX)))
		return false;
	len = name_wire(t->p, t->len, w->origin, o);
	if (len == 0)
		return false;
	field_end(w, LDNS_RDF_TYPE_DNAME, len);
	return true;
}

/* Plain decimal digits of at most max (no sign, no blanks, no overflow). */
static bool number(const struct dnsauth_zfast_tok *t, uint32_t max, uint32_t *v)
{
	uint64_t x = 0;
	size_t i;

	if (t->quoted || t->len == 0 || t->len > 10)
		return false;
	for (i = 0; i < t->len; i++) {
		if (!is_digit(t->p[i]))
			return false;
		x = x * 10 + (uint64_t)(t->p[i] - '0');
	}
	if (x > max)
		return false;
	*v = (uint32_t)x;
	return true;
}

static bool put_int(struct work *w, const struct dnsauth_zfast_tok *t,
		    ldns_rdf_type type, unsigned octets)
{
	uint32_t max = octets == 1 ? 0xffu : octets == 2 ? 0xffffu : 0xffffffffu;
	uint32_t v;
	uint8_t *o;
	unsigned i;

	if (!number(t, max, &v) || !(o = field_begin(w, octets)))
		return false;
	for (i = 0; i < octets; i++)
		o[i] = (uint8_t)(v >> (8 * (octets - 1 - i)));
	field_end(w, type, octets);
	return true;
}

/* A PERIOD as ldns_str2period() reads it: numbers, each optionally
 * followed by a unit (s, m, h, d, w in either case); only without
 * overflow, and with a number before every unit. */
static bool put_period(struct work *w, const struct dnsauth_zfast_tok *t)
{
	uint64_t sum = 0, cur = 0, mult;
	bool digits = false;
	uint8_t *o;
	size_t i;

	if (t->quoted || t->len == 0 || !(o = field_begin(w, 4)))
		return false;
	for (i = 0; i < t->len; i++) {
		char c = t->p[i];

		if (is_digit(c)) {
			cur = cur * 10 + (uint64_t)(c - '0');
			if (cur > UINT32_MAX)
				return false;
			digits = true;
			continue;
		}
		switch (c) {
		case 's': case 'S': mult = 1; break;
		case 'm': case 'M': mult = 60; break;
		case 'h': case 'H': mult = 3600; break;
		case 'd': case 'D': mult = 86400; break;
		case 'w': case 'W': mult = 604800; break;
		default: return false;
		}
		if (!digits)
			return false;
		sum += cur * mult;
		if (sum > UINT32_MAX)
			return false;
		cur = 0;
		digits = false;
	}
	sum += cur;
	if (sum > UINT32_MAX)
		return false;
	o[0] = (uint8_t)(sum >> 24);
	o[1] = (uint8_t)(sum >> 16);
	o[2] = (uint8_t)(sum >> 8);
	o[3] = (uint8_t)sum;
	field_end(w, LDNS_RDF_TYPE_PERIOD, 4);
	return true;
}

static bool put_addr(struct work *w, const struct dnsauth_zfast_tok *t, int af)
{
	char buf[64];
	size_t octets = af == AF_INET ? 4 : 16;
	uint8_t *o;

	if (t->quoted || t->len >= sizeof(buf) || !(o = field_begin(w, octets)))
		return false;
	memcpy(buf, t->p, t->len);
	buf[t->len] = '\0';
	/* what inet_pton() takes is hex digits, ':' and '.': bytes ldns's
	 * tokenizer passes through as they are */
	if (inet_pton(af, buf, o) != 1)
		return false;
	field_end(w, af == AF_INET ? LDNS_RDF_TYPE_A : LDNS_RDF_TYPE_AAAA, octets);
	return true;
}

/*
 * The octets of a character-string token as ldns_str2rdf_str() (or
 * _long_str()) gives them, into out (room for max). \return the count,
 * or -1 when not handled here.
 */
static long charstr(const struct dnsauth_zfast_tok *t, uint8_t *out, size_t max)
{
	const char *p = t->p;
	size_t n = t->len, i = 0, k = 0;

	if (t->quoted) {
		if (n < 2 || p[0] != '"' || p[n - 1] != '"')
			return -1;
		p++;
		n -= 2;
	} else if (n == 0 || (n == 2 && p[0] == '\\' && p[1] == '#')) {
		return -1; /* "\#" is the generic form for ldns */
	}
	while (i < n) {
		unsigned char c = (unsigned char)p[i];

		/* control bytes (CR becomes a space in ldns); a bare quote
		 * toggles ldns's quoting; unquoted, a blank ends the token,
		 * parentheses vanish and ';' starts a comment */
		if ((c < 0x20 && c != '\t') || c == '"')
			return -1;
		if (!t->quoted && (c == ' ' || c == '\t' || c == '(' || c == ')' || c == ';'))
			return -1;
		if (c == '\\') {
			if (i + 1 >= n)
				return -1;
			c = (unsigned char)p[i + 1];
			if (is_digit((char)c)) {
				unsigned v;

				if (i + 3 >= n || !is_digit(p[i + 2]) || !is_digit(p[i + 3]))
					return -1;
				v = (unsigned)(p[i + 1] - '0') * 100 +
				    (unsigned)(p[i + 2] - '0') * 10 + (unsigned)(p[i + 3] - '0');
				if (v > 255)
					return -1;
				c = (unsigned char)v;
				i += 4;
			} else {
				if (c < 0x20 && c != '\t')
					return -1;
				i += 2;
			}
		} else {
			i++;
		}
		if (k >= max)
			return -1;
		out[k++] = c;
	}
	return (long)k;
}

static bool put_str(struct work *w, const struct dnsauth_zfast_tok *t)
{
	uint8_t *o = field_begin(w, 1);
	size_t room = SCRATCH_MAX - w->used - 1;
	long n;

	if (!o)
		return false;
	n = charstr(t, o + 1, room < 255 ? room : 255);
	if (n < 0)
		return false;
	o[0] = (uint8_t)n;
	field_end(w, LDNS_RDF_TYPE_STR, (size_t)n + 1);
	return true;
}

static bool put_long_str(struct work *w, const struct dnsauth_zfast_tok *t)
{
	uint8_t *o = field_begin(w, 0);
	long n;

	if (!o || !t->quoted)
		return false; /* ldns wants it quoted */
	n = charstr(t, o, SCRATCH_MAX - w->used);
	if (n < 0)
		return false;
	field_end(w, LDNS_RDF_TYPE_LONG_STR, (size_t)n);
	return true;
}

static bool put_tag(struct work *w, const struct dnsauth_zfast_tok *t)
{
	uint8_t *o;
	size_t i;

	if (t->quoted || t->len == 0 || t->len > 255 || !(o = field_begin(w, t->len + 1)))
		return false;
	for (i = 0; i < t->len; i++) {
		char c = t->p[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c)))
			return false;
		o[i + 1] = (uint8_t)c;
	}
	o[0] = (uint8_t)t->len;
	field_end(w, LDNS_RDF_TYPE_TAG, t->len + 1);
	return true;
}

static int hexval(char c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The last field of HEX: the digits of all the tokens left, an even
 * count of them. */
static bool put_hex(struct work *w, const struct dnsauth_zfast_tok *t, size_t n)
{
	uint8_t *o = field_begin(w, 0);
	size_t room = SCRATCH_MAX - w->used, k = 0, i, j;
	bool high = true;

	if (!o)
		return false;
	for (j = 0; j < n; j++) {
		if (t[j].quoted)
			return false;
		for (i = 0; i < t[j].len; i++) {
			int v = hexval(t[j].p[i]);

			if (v < 0)
				return false;
			if (high) {
				if (k >= room)
					return false;
				o[k] = (uint8_t)(v << 4);
			} else {
				o[k++] |= (uint8_t)v;
			}
			high = !high;
		}
	}
	if (!high || k == 0)
		return false;
	field_end(w, LDNS_RDF_TYPE_HEX, k);
	return true;
}

/* ------------------------------------------------------------ records */

/* All the fields of the RDATA into w; false when not handled here. */
static bool rdata(struct work *w, uint16_t type, const struct dnsauth_zfast_tok *rd,
		  size_t nrd)
{
	size_t i;

	switch (type) {
	case LDNS_RR_TYPE_A:
		return nrd == 1 && put_addr(w, &rd[0], AF_INET);
	case LDNS_RR_TYPE_AAAA:
		return nrd == 1 && put_addr(w, &rd[0], AF_INET6);
	case LDNS_RR_TYPE_NS:
	case LDNS_RR_TYPE_CNAME:
	case LDNS_RR_TYPE_PTR:
		return nrd == 1 && put_name(w, &rd[0]);
	case LDNS_RR_TYPE_MX:
		return nrd == 2 && put_int(w, &rd[0], LDNS_RDF_TYPE_INT16, 2) &&
		       put_name(w, &rd[1]);
	case LDNS_RR_TYPE_SRV:
		return nrd == 4 && put_int(w, &rd[0], LDNS_RDF_TYPE_INT16, 2) &&
		       put_int(w, &rd[1], LDNS_RDF_TYPE_INT16, 2) &&
		       put_int(w, &rd[2], LDNS_RDF_TYPE_INT16, 2) && put_name(w, &rd[3]);
	case LDNS_RR_TYPE_SOA:
		if (nrd != 7 || !put_name(w, &rd[0]) || !put_name(w, &rd[1]) ||
		    !put_int(w, &rd[2], LDNS_RDF_TYPE_INT32, 4))
			return false;
		for (i = 3; i < 7; i++)
			if (!put_period(w, &rd[i]))
				return false;
		return true;
	case LDNS_RR_TYPE_TXT:
	case LDNS_RR_TYPE_SPF:
		if (nrd == 0)
			return false;
		for (i = 0; i < nrd; i++)
			if (!put_str(w, &rd[i]))
				return false;
		return true;
	case LDNS_RR_TYPE_TLSA:
		return nrd >= 4 &&
		       put_int(w, &rd[0], LDNS_RDF_TYPE_CERTIFICATE_USAGE, 1) &&
		       put_int(w, &rd[1], LDNS_RDF_TYPE_SELECTOR, 1) &&
		       put_int(w, &rd[2], LDNS_RDF_TYPE_MATCHING_TYPE, 1) &&
		       put_hex(w, rd + 3, nrd - 3);
	case LDNS_RR_TYPE_CAA:
		return nrd == 3 && put_int(w, &rd[0], LDNS_RDF_TYPE_INT8, 1) &&
		       put_tag(w, &rd[1]) && put_long_str(w, &rd[2]);
	default:
		return false;
	}
}

/* The bytes of the RDATA text ldns would read: the tokens joined by
 * single spaces, within what it reads in one piece. */
static bool text_fits(const struct dnsauth_zfast_tok *rd, size_t nrd)
{
	size_t i, n = nrd - 1;

	for (i = 0; i < nrd; i++) {
		if (rd[i].len > RDATA_TEXT_MAX - n)
			return false;
		n += rd[i].len;
	}
	return true;
}

/* The record of w, whose first min fields fill the min empty ones
 * ldns_rr_new_frm_type() makes; NULL when out of memory. */
static ldns_rr *build(const struct work *w, size_t min, const uint8_t *owner,
		      size_t olen, uint32_t ttl, uint16_t type)
{
	ldns_rdf *rdf;
	ldns_rr *rr;
	size_t i;

	rr = ldns_rr_new_frm_type((ldns_rr_type)type);
	if (!rr)
		return NULL;
	rdf = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_DNAME, olen, owner);
	if (!rdf)
		goto fail;
	ldns_rr_set_owner(rr, rdf);
	ldns_rr_set_ttl(rr, ttl);
	ldns_rr_set_class(rr, LDNS_RR_CLASS_IN);
	for (i = 0; i < w->nf; i++) {
		const struct field *f = &w->f[i];

		/* an empty LONG_STR has no data in ldns */
		rdf = f->len ? ldns_rdf_new_frm_data(f->type, f->len, w->buf + f->off)
			     : ldns_rdf_new(f->type, 0, NULL);
		if (!rdf)
			goto fail;
		if (i < min) {
			ldns_rr_set_rdf(rr, rdf, i);
		} else if (!ldns_rr_push_rdf(rr, rdf)) {
			ldns_rdf_deep_free(rdf);
			goto fail;
		}
	}
	return rr;
fail:
	ldns_rr_free(rr);
	return NULL;
}

static int zfast_rr(const char *owner, uint32_t ttl, uint16_t type,
		    const struct dnsauth_zfast_tok *rd, size_t nrd,
		    const ldns_rdf *origin, ldns_rr **out)
{
	const ldns_rr_descriptor *desc = ldns_rr_descript(type);
	uint8_t own[NAME_WIRE_MAX];
	struct work w;
	size_t olen, n, min;

	*out = NULL;
	if (zfast_off || !owner || nrd == 0 || nrd > FIELDS_MAX || !text_fits(rd, nrd))
		return 1;
	n = strlen(owner);
	/* absolute, as ldns takes it: a trailing dot (or the root) */
	if (n == 0 || owner[n - 1] != '.')
		return 1;
	olen = name_wire(owner, n, NULL, own);
	if (olen == 0)
		return 1;
	w.origin = origin;
	w.nf = 0;
	w.used = 0;
	if (!rdata(&w, type, rd, nrd))
		return 1;
	min = desc ? ldns_rr_descriptor_minimum(desc) : 0;
	if (min == 0 || min > w.nf)
		return 1; /* not so for the types handled here */
	*out = build(&w, min, own, olen, ttl, type);
	return *out ? 0 : DNSAUTH_ENOMEM;
}

int dnsauth_zfast_rr(const char *owner, uint32_t ttl, uint16_t type,
		     const struct dnsauth_zfast_tok *rd, size_t nrd,
		     const ldns_rdf *origin, ldns_rr **out)
{
	int rc = zfast_rr(owner, ttl, type, rd, nrd, origin, out);

	if (zfast_stats) {
		if (rc == 0)
			zfast_stats->handled++;
		else if (rc == 1)
			zfast_stats->declined++;
	}
	return rc;
}
