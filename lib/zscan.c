/* SPDX-License-Identifier: MIT */
/*
 * zscan.c - read zone files record by record, keeping positions.
 *
 * One pass over the raw bytes splits the text into logical records (a
 * line, or several lines inside parentheses) of tokens, each with its
 * 1-based line and byte column; comments are looked at only for
 * "; dnsauth: ignore" lists. Each record is then resolved (owner, TTL,
 * class, type), checked for what ldns would paper over, rebuilt as one
 * line with an absolute owner and an explicit TTL, and parsed with
 * ldns_rr_new_frm_str(). Records of the common types are built directly
 * from the tokens instead (lib/zfast.h), to the same ldns record, without
 * the text line.
 *
 * No recursion; every loop is bounded by the text. All strings of a
 * scanned file live in one arena owned by the file, so freeing the file
 * is one walk over its chunks plus the ldns records.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dname.h"
#include "error.h"
#include "output.h"
#include "zfast.h"
#include "zscan.h"

#define RULE DNSAUTH_R_ZONE_SYNTAX

/** Default TTL when the options give none. */
#define DEFAULT_TTL 3600u
/** Bytes of a token quoted in a message; longer ones are cut with "...".
 *  A quoted copy takes at most 4 * SHOW_BYTES + 4 bytes. */
#define SHOW_BYTES 48
#define SHOW_SIZE 640
/** Rule ids kept from the ignore comments of one record. */
#define IGNORE_MAX 1024u
/** Longest rebuilt record handed to ldns (RDATA is at most 65535 octets,
 *  which no presentation form makes longer than this). */
#define RECORD_TEXT_MAX (4u * 1024u * 1024u)
/** Longest character-string of TXT RDATA (RFC 1035 §3.3). */
#define CHARSTR_MAX 255u
/** RDATA tokens of a record tried with lib/zfast; longer ones go to ldns. */
#define FAST_TOKENS 64u
/** Type and class words whose lookup is remembered. */
#define MEMO_SLOTS 32u
/** Longest type token ldns reads (under its LDNS_SYNTAX_DATALEN, 16). */
#define TYPE_TEXT_MAX 15u

/* ------------------------------------------------------------- arena */

struct chunk {
	struct chunk *next;
	size_t used, cap;
	/* the bytes follow the header */
};

struct arena {
	struct chunk *head;
};

#define CHUNK_SIZE (64u * 1024u)

static void *arena_alloc(struct arena *a, size_t n)
{
	struct chunk *c = a->head;
	unsigned char *base;
	size_t pad, cap;

	if (n == 0)
		n = 1;
	if (c) {
		base = (unsigned char *)(c + 1);
		pad = (size_t)(-(uintptr_t)(base + c->used)) & 15u;
		if (c->used + pad <= c->cap && n <= c->cap - c->used - pad) {
			void *p = base + c->used + pad;

			c->used += pad + n;
			return p;
		}
	}
	cap = n + 16 > CHUNK_SIZE ? n + 16 : CHUNK_SIZE;
	c = malloc(sizeof(*c) + cap);
	if (!c)
		return NULL;
	base = (unsigned char *)(c + 1);
	pad = (size_t)(-(uintptr_t)base) & 15u;
	c->cap = cap;
	c->used = pad + n;
	if (a->head && n + 16 > CHUNK_SIZE) {
		/* a big block: keep filling the current chunk afterwards */
		c->next = a->head->next;
		a->head->next = c;
	} else {
		c->next = a->head;
		a->head = c;
	}
	return base + pad;
}

static char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *d = arena_alloc(a, n + 1);

	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static void arena_free(struct arena *a)
{
	struct chunk *c = a->head, *next;

	while (c) {
		next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
}

/* ------------------------------------------------------ scanner state */

/** The public file plus what only this file needs. */
struct zfile_impl {
	struct dnsauth_zfile pub; /* first member: the public pointer */
	struct arena arena;
	size_t cap;
};

/** A token as a span of the input. */
struct span {
	size_t off, len;
	unsigned line, col;
	bool quoted;
};

/** The logical record being read. */
struct recbuf {
	struct span *tok;
	size_t ntok, captok;
	size_t dropped;           /* tokens over DNSAUTH_ZSCAN_TOKENS_MAX */
	struct span *ign;         /* rule ids of ignore comments */
	size_t nign, capign;
	bool blank;               /* first line starts with a blank */
	bool bad;                 /* the scan found it is not what was written */
};

struct scan {
	const char *path;
	const char *t;
	size_t len, pos;
	unsigned line, col;
	struct dnsauth_findings *fl;
	struct zfile_impl *zf;
	int rc;                   /* first fatal error */
	bool stop;                /* record limit reached */
	unsigned nul_line;        /* last line a NUL was reported on */

	const char *origin;       /* in the arena, trailing dot; or NULL */
	ldns_rdf *origin_rdf;
	bool have_dollar_ttl;
	uint32_t dollar_ttl, default_ttl;
	bool have_last_ttl;
	uint32_t last_ttl;
	bool have_prev;           /* a record came before */
	const char *prev_owner;   /* its owner (canonical) or NULL */
	const char *prev_abs;     /* its owner as written, absolute, or NULL */

	struct recbuf rb;
	char shown[2][SHOW_SIZE];
	struct memo {             /* lookup()'s last answers */
		char text[32];
		size_t len;       /* 0: empty */
		bool cls;
		unsigned long v;
	} memo[MEMO_SLOTS];
};

static void set_rc(struct scan *s, int rc)
{
	if (rc && !s->rc)
		s->rc = rc;
}

/* p[0..n) quoted in a message (dnsauth_output_quote), in slot k. */
static const char *show(struct scan *s, int k, const char *p, size_t n)
{
	return dnsauth_output_quote(s->shown[k], SHOW_SIZE, p, n, SHOW_BYTES);
}

static const char *show_tok(struct scan *s, int k, const struct span *t)
{
	return show(s, k, s->t + t->off, t->len);
}

static void finding(struct scan *s, enum dnsauth_severity sev, unsigned line,
		    unsigned col, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static void finding(struct scan *s, enum dnsauth_severity sev, unsigned line,
		    unsigned col, const char *name, const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0) {
		set_rc(s, DNSAUTH_ENOMEM);
		return;
	}
	set_rc(s, dnsauth_findings_add_at(s->fl, RULE, sev, s->path, line, col, name,
					  NULL, "%s", msg));
	free(msg);
}

static bool grow(void **v, size_t *cap, size_t n, size_t size)
{
	size_t c;
	void *w;

	if (n < *cap)
		return true;
	c = *cap ? *cap * 2 : 16;
	w = realloc(*v, c * size);
	if (!w)
		return false;
	*v = w;
	*cap = c;
	return true;
}

/* ---------------------------------------------------------- tokenizer */

/* Step over one byte, keeping line and column; report NUL bytes. */
static void adv(struct scan *s)
{
	unsigned char c = (unsigned char)s->t[s->pos++];

	if (c == '\n') {
		s->line++;
		s->col = 1;
		return;
	}
	if (c == '\0') {
		s->rb.bad = true;
		if (s->nul_line != s->line) {
			s->nul_line = s->line;
			finding(s, DNSAUTH_SEV_NONE, s->line, s->col, NULL,
				"NUL byte in the zone text");
		}
	}
	s->col++;
}

static void push_tok(struct scan *s, size_t off, unsigned line, unsigned col,
		     bool quoted)
{
	struct recbuf *rb = &s->rb;
	struct span *t;

	if (rb->ntok >= DNSAUTH_ZSCAN_TOKENS_MAX) {
		rb->dropped++;
		return;
	}
	if (!grow((void **)&rb->tok, &rb->captok, rb->ntok, sizeof(*rb->tok))) {
		set_rc(s, DNSAUTH_ENOMEM);
		return;
	}
	t = &rb->tok[rb->ntok++];
	t->off = off;
	t->len = s->pos - off;
	t->line = line;
	t->col = col;
	t->quoted = quoted;
}

static bool ci_prefix(const char *p, size_t n, const char *word)
{
	size_t k = strlen(word);

	return n >= k && strncasecmp(p, word, k) == 0;
}

static bool is_id_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.';
}

/* "dnsauth: ignore ID[, ID ...]" in the comment text p[0..n) (after
 * the ';'): keep the ids as spans of the input. */
static void parse_ignore(struct scan *s, size_t off, size_t n)
{
	struct recbuf *rb = &s->rb;
	const char *p = s->t + off;
	size_t i = 0;

	while (i < n && (p[i] == ';' || p[i] == ' ' || p[i] == '\t'))
		i++;
	if (!ci_prefix(p + i, n - i, "dnsauth:"))
		return;
	i += 8;
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (!ci_prefix(p + i, n - i, "ignore"))
		return;
	i += 6;
	if (i >= n || (p[i] != ' ' && p[i] != '\t'))
		return;
	for (;;) {
		size_t start;

		while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == ',' ||
				 p[i] == '\r'))
			i++;
		start = i;
		while (i < n && is_id_char(p[i]))
			i++;
		if (i == start)
			return;
		if (i < n && p[i] != ' ' && p[i] != '\t' && p[i] != ',' && p[i] != '\r')
			return; /* "id(text)": not an id list any more */
		if (rb->nign >= IGNORE_MAX)
			return;
		if (!grow((void **)&rb->ign, &rb->capign, rb->nign, sizeof(*rb->ign))) {
			set_rc(s, DNSAUTH_ENOMEM);
			return;
		}
		rb->ign[rb->nign].off = off + start;
		rb->ign[rb->nign].len = i - start;
		rb->nign++;
	}
}

static void comment(struct scan *s)
{
	size_t start;

	adv(s); /* ';' */
	start = s->pos;
	while (s->pos < s->len && s->t[s->pos] != '\n')
		adv(s);
	parse_ignore(s, start, s->pos - start);
}

static void escaped_newline(struct scan *s)
{
	s->rb.bad = true;
	finding(s, DNSAUTH_SEV_NONE, s->line, s->col, NULL,
		"backslash at the end of a line escapes the line break");
}

/* A "..." string; outside parentheses it ends at the end of the line. */
static void quoted(struct scan *s, bool in_parens)
{
	size_t start = s->pos;
	unsigned line = s->line, col = s->col;
	bool closed = false, spans = false;

	adv(s);
	while (s->pos < s->len) {
		char c = s->t[s->pos];

		if (c == '\\') {
			if (s->pos + 1 < s->len && s->t[s->pos + 1] == '\n')
				escaped_newline(s);
			adv(s);
			if (s->pos < s->len)
				adv(s);
			continue;
		}
		if (c == '"') {
			adv(s);
			closed = true;
			break;
		}
		if (c == '\n') {
			if (!in_parens)
				break;
			spans = true;
		}
		adv(s);
	}
	if (!closed) {
		s->rb.bad = true;
		finding(s, DNSAUTH_SEV_NONE, line, col, NULL, "unterminated quoted string");
	} else if (spans) {
		s->rb.bad = true;
		finding(s, DNSAUTH_SEV_NONE, line, col, NULL,
			"quoted string spans a line break; ldns would join the lines "
			"with a space");
	}
	push_tok(s, start, line, col, true);
}

/* A word: up to a blank, parenthesis, ';' or line end not escaped. */
static void word(struct scan *s)
{
	size_t start = s->pos;
	unsigned line = s->line, col = s->col;
	bool warned = false;

	while (s->pos < s->len) {
		char c = s->t[s->pos];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' ||
		    c == '(' || c == ')' || c == '\0')
			break;
		if (c == '\\') {
			if (s->pos + 1 >= s->len) {
				s->rb.bad = true;
				finding(s, DNSAUTH_SEV_NONE, s->line, s->col, NULL,
					"backslash at the end of the file");
				adv(s);
				break;
			}
			if (s->t[s->pos + 1] == '\n')
				escaped_newline(s);
			adv(s);
			adv(s);
			continue;
		}
		if (c == '"' && !warned) {
			warned = true;
			finding(s, DNSAUTH_SEV_WARNING, s->line, s->col, NULL,
				"'\"' inside a word is taken literally; it does not "
				"start a quoted string");
		}
		adv(s);
	}
	push_tok(s, start, line, col, false);
}

/* Read one logical record into s->rb; false at the end of the text. */
static bool read_record(struct scan *s)
{
	struct recbuf *rb = &s->rb;
	unsigned depth = 0, pline = 0, pcol = 0;

	rb->ntok = 0;
	rb->nign = 0;
	rb->dropped = 0;
	rb->bad = false;
	if (s->pos >= s->len)
		return false;
	rb->blank = s->t[s->pos] == ' ' || s->t[s->pos] == '\t';
	while (s->pos < s->len && !s->rc) {
		switch (s->t[s->pos]) {
		case '\n':
			adv(s);
			if (depth == 0)
				return true;
			break;
		case ' ':
		case '\t':
		case '\r':
		case '\0':
			adv(s);
			break;
		case ';':
			comment(s);
			break;
		case '(':
			if (depth == 0) {
				pline = s->line;
				pcol = s->col;
			}
			depth++;
			adv(s);
			break;
		case ')':
			if (depth == 0) {
				rb->bad = true;
				finding(s, DNSAUTH_SEV_NONE, s->line, s->col, NULL,
					"unbalanced ')': no '(' before it");
			} else {
				depth--;
			}
			adv(s);
			break;
		case '"':
			quoted(s, depth > 0);
			break;
		default:
			word(s);
			break;
		}
	}
	if (depth > 0) {
		rb->bad = true;
		finding(s, DNSAUTH_SEV_NONE, pline, pcol, NULL,
			"unbalanced '(': no ')' before the end of the file");
	}
	return true;
}

/* ------------------------------------------------------------- names */


/* canonical() without ldns for an absolute plain name
 * (dnsauth_dname_plain), in the arena. \return the text, or NULL with
 * *plain false for any other name. ldns's parse and its byte-by-byte
 * formatted print of the name were 4% of a lint run. */
static const char *canonical_plain(struct scan *s, const char *abs, bool *plain)
{
	size_t n = strlen(abs);
	char *r;

	*plain = false;
	if (n == 1 && abs[0] == '.') {
		*plain = true;
		r = arena_strndup(&s->zf->arena, "", 0);
		if (!r)
			set_rc(s, DNSAUTH_ENOMEM);
		return r;
	}
	if (n < 2 || abs[n - 1] != '.')
		return NULL;
	r = arena_alloc(&s->zf->arena, n + 1);
	if (!r) {
		set_rc(s, DNSAUTH_ENOMEM);
		return NULL;
	}
	*plain = dnsauth_dname_plain(abs, n, r) >= 0;
	return *plain ? r : NULL;
}

/* Canonical text of a name parsed from "abs" (absolute, as written): lower
 * case, no trailing dot ("" for the root), in the arena. On a bad name
 * *why is ldns's reason and NULL is returned. */
static const char *canonical(struct scan *s, const char *abs, const char **why)
{
	ldns_rdf *rdf = NULL;
	ldns_status st;
	char *txt;
	const char *r;
	size_t n;
	bool plain;

	*why = NULL;
	r = canonical_plain(s, abs, &plain);
	if (plain || s->rc)
		return r;
	st = ldns_str2rdf_dname(&rdf, abs);
	if (st != LDNS_STATUS_OK) {
		*why = ldns_get_errorstr_by_id(st);
		if (!*why)
			*why = "bad name";
		return NULL;
	}
	ldns_dname2canonical(rdf);
	txt = ldns_rdf2str(rdf);
	ldns_rdf_deep_free(rdf);
	if (!txt) {
		set_rc(s, DNSAUTH_ENOMEM);
		return NULL;
	}
	n = strlen(txt);
	if (n > 0 && txt[n - 1] == '.')
		n--;
	r = arena_strndup(&s->zf->arena, txt, n);
	free(txt);
	if (!r)
		set_rc(s, DNSAUTH_ENOMEM);
	return r;
}

/* The name p[0..n) made absolute under origin (trailing dot), in the
 * arena; "@" is the origin. NULL when relative and origin is NULL. */
static const char *absolute(struct scan *s, const char *p, size_t n, const char *origin)
{
	struct arena *a = &s->zf->arena;
	size_t on;
	char *r;

	if (n == 1 && p[0] == '@')
		return origin;
	if (dnsauth_dname_text_absolute(p, n)) {
		r = arena_strndup(a, p, n);
		goto done;
	}
	if (!origin)
		return NULL;
	on = strcmp(origin, ".") == 0 ? 0 : strlen(origin);
	r = arena_alloc(a, n + 1 + on + 1);
	if (r) {
		memcpy(r, p, n);
		r[n] = '.';
		memcpy(r + n + 1, origin, on);
		r[n + 1 + on] = '\0';
	}
done:
	if (!r)
		set_rc(s, DNSAUTH_ENOMEM);
	return r;
}

/* Set the origin in force to abs (absolute, trailing dot). */
static bool set_origin(struct scan *s, const char *abs, const char **why)
{
	const char *canon = canonical(s, abs, why);
	char *o;
	size_t n;
	ldns_rdf *rdf;

	if (!canon)
		return false;
	n = strlen(canon);
	o = arena_alloc(&s->zf->arena, n + 2);
	if (!o) {
		set_rc(s, DNSAUTH_ENOMEM);
		return false;
	}
	memcpy(o, canon, n);
	o[n] = '.';
	o[n + 1] = '\0';
	rdf = ldns_dname_new_frm_str(o);
	if (!rdf) {
		set_rc(s, DNSAUTH_ENOMEM);
		return false;
	}
	ldns_rdf_deep_free(s->origin_rdf);
	s->origin_rdf = rdf;
	s->origin = o;
	return true;
}

/* --------------------------------------------------------------- TTL */

/* Seconds of a TTL unit letter; 0 if it is none. */
static uint64_t ttl_unit(char c)
{
	switch (c) {
	case 's':
	case 'S':
		return 1;
	case 'm':
	case 'M':
		return 60;
	case 'h':
	case 'H':
		return 3600;
	case 'd':
	case 'D':
		return 86400;
	case 'w':
	case 'W':
		return 604800;
	default:
		return 0;
	}
}

/* A TTL as ldns_str2period reads it (the same value), but strictly: one
 * or more numbers, each followed by at most one unit (s, m, h, d, w).
 * \return 0 with *out set, -1 (syntax), 1 (larger than 2^32 - 1). */
static int ttl_value(const char *p, size_t n, uint32_t *out)
{
	uint64_t sum = 0;
	size_t i = 0;
	bool big = false;

	if (n == 0)
		return -1;
	while (i < n) {
		uint64_t v = 0, mult = 1;

		if (!isdigit((unsigned char)p[i]))
			return -1;
		while (i < n && isdigit((unsigned char)p[i])) {
			v = v * 10 + (uint64_t)(p[i] - '0');
			if (v > UINT32_MAX) {
				big = true;
				v = UINT32_MAX;
			}
			i++;
		}
		if (i < n) {
			mult = ttl_unit(p[i]);
			if (mult == 0)
				return -1;
			i++;
		}
		sum += v * mult;
		if (sum > UINT32_MAX) {
			big = true;
			sum = UINT32_MAX;
		}
	}
	*out = (uint32_t)sum;
	return big ? 1 : 0;
}

/* Whether the token t is meant as a TTL: a digit first, or a sign and a
 * digit ("-1", which is no type or class either). */
static bool ttl_like(const struct scan *s, const struct span *t)
{
	const char *p = s->t + t->off;

	return isdigit((unsigned char)p[0]) ||
	       ((p[0] == '-' || p[0] == '+') && t->len > 1 && isdigit((unsigned char)p[1]));
}

/* ------------------------------------------------------------ numbers */

/*
 * ldns reads numbers leniently and wraps them: a 16-bit field goes
 * through strtol() and a cast ("65536" is 0, "-1" 65535, "+10" 10), a
 * 32-bit one through strtoul() ("4294967296" is 0), and a TTL or SOA
 * timer sums its digits and units in 32 bits ("7102w" is 322304, "1-1"
 * 11, "h" 0). The scanner takes plain decimal digits within range (and
 * units for time values, as ttl_value) and reports anything else, with
 * what ldns would read instead; such a record is not what was written.
 */

/* What ldns reads as a time value (TTL, $TTL): ldns_str2period(), whose
 * end ldns does not check for a TTL. */
static uint32_t ldns_period(struct scan *s, const struct span *t)
{
	const char *end;
	char *buf = strndup(s->t + t->off, t->len);
	uint32_t v;

	if (!buf) {
		set_rc(s, DNSAUTH_ENOMEM);
		return 0;
	}
	v = ldns_str2period(buf, &end);
	free(buf);
	return v;
}

/* The token \p t read by ldns as an RDATA field of type \p ft: 0 with
 * *out (NULL when ldns refuses it; the caller frees it), or
 * DNSAUTH_ENOMEM (set on the scan too). */
static int token_rdf(struct scan *s, ldns_rdf_type ft, const struct span *t, ldns_rdf **out)
{
	char *buf = strndup(s->t + t->off, t->len);

	*out = NULL;
	if (!buf) {
		set_rc(s, DNSAUTH_ENOMEM);
		return DNSAUTH_ENOMEM;
	}
	*out = ldns_rdf_new_frm_str(ft, buf);
	free(buf);
	return 0;
}

/* What ldns reads from the token t as an RDATA field of type ft: true
 * with *v set, false when it refuses it. */
static bool ldns_field(struct scan *s, ldns_rdf_type ft, const struct span *t,
		       uint32_t *v)
{
	ldns_rdf *rdf;

	if (token_rdf(s, ft, t, &rdf) != 0 || !rdf)
		return false;
	switch (ldns_rdf_size(rdf)) {
	case 1:
		*v = ldns_rdf2native_int8(rdf);
		break;
	case 2:
		*v = ldns_rdf2native_int16(rdf);
		break;
	default:
		*v = ldns_rdf2native_int32(rdf);
		break;
	}
	ldns_rdf_deep_free(rdf);
	return true;
}

/*
 * The finding on the number t of field what (at most max; a time value
 * with units when period): out of range (big) or not a number; what ldns
 * reads instead (ldns_ok, v) or that it refuses the record.
 */
static void number_finding(struct scan *s, const struct span *t, const char *name,
			   const char *what, uint32_t max, bool period, bool big,
			   bool ldns_ok, uint32_t v)
{
	char range[96], then[96];

	if (big)
		snprintf(range, sizeof(range), "is out of range (0 to %lu%s)",
			 (unsigned long)max, period ? " seconds" : "");
	else if (period)
		snprintf(range, sizeof(range), "is not a time value (0 to %lu seconds, "
			 "or with units as in 1h30m)", (unsigned long)max);
	else
		snprintf(range, sizeof(range), "is not a decimal number from 0 to %lu",
			 (unsigned long)max);
	if (ldns_ok)
		snprintf(then, sizeof(then), ": ldns would read it as %lu, and BIND "
			 "does not load the zone", (unsigned long)v);
	else
		snprintf(then, sizeof(then), "; ldns cannot parse the record");
	finding(s, DNSAUTH_SEV_NONE, t->line, t->col, name, "%s '%s' %s%s", what,
		show_tok(s, 0, t), range, then);
}

/* Parse the TTL token t of a record, or of $TTL (dollar); a finding
 * when it is not one. */
static bool ttl_parse(struct scan *s, const struct span *t, const char *name,
		      bool dollar, uint32_t *out)
{
	const char *what = dollar ? "$TTL" : "TTL";
	int rc = ttl_value(s->t + t->off, t->len, out);

	if (rc != 0) {
		/* ldns takes any $TTL, and a record's TTL that starts with a
		 * digit, for what ldns_str2period() reads */
		bool ldns_ok = dollar || isdigit((unsigned char)s->t[t->off]);
		uint32_t v = ldns_ok ? ldns_period(s, t) : 0;

		if (!s->rc)
			number_finding(s, t, name, what, UINT32_MAX, true, rc > 0,
				       ldns_ok, v);
		return false;
	}
	if (*out > INT32_MAX)
		finding(s, DNSAUTH_SEV_WARNING, t->line, t->col, name,
			"%s %lu is above 2147483647: ldns keeps it, but RFC 2181 §8 "
			"says to treat it as 0, as BIND does", what, (unsigned long)*out);
	return true;
}

/* --------------------------------------------------------- directives */

static bool span_is(const struct scan *s, const struct span *t, const char *w)
{
	return !t->quoted && t->len == strlen(w) && strncasecmp(s->t + t->off, w, t->len) == 0;
}

static void directive(struct scan *s)
{
	struct recbuf *rb = &s->rb;
	const struct span *d = &rb->tok[0];
	const char *dtext = show_tok(s, 1, d);
	const char *why;

	if (span_is(s, d, "$ORIGIN") || span_is(s, d, "$TTL") ||
	    span_is(s, d, "$INCLUDE") || span_is(s, d, "$GENERATE")) {
		char up[16];
		size_t i;

		for (i = 0; i < d->len && i + 1 < sizeof(up); i++)
			up[i] = (char)toupper((unsigned char)s->t[d->off + i]);
		up[i] = '\0';
		if (strncmp(up, s->t + d->off, d->len) != 0)
			finding(s, DNSAUTH_SEV_WARNING, d->line, d->col, NULL,
				"'%s': ldns only knows the directive in upper case (%s)",
				dtext, up);
	}
	if (span_is(s, d, "$ORIGIN")) {
		const struct span *a = rb->ntok > 1 ? &rb->tok[1] : NULL;
		const char *abs;

		if (rb->ntok != 2 || a->quoted) {
			finding(s, DNSAUTH_SEV_NONE, d->line, d->col, NULL,
				"$ORIGIN needs exactly one domain name");
			return;
		}
		abs = absolute(s, s->t + a->off, a->len, s->origin);
		if (s->rc)
			return;
		if (!abs) {
			finding(s, DNSAUTH_SEV_NONE, a->line, a->col, NULL,
				"relative $ORIGIN '%s' and no origin known: give "
				"--origin or an absolute $ORIGIN", show_tok(s, 0, a));
			return;
		}
		if (!dnsauth_dname_text_absolute(s->t + a->off, a->len) &&
		    !(a->len == 1 && s->t[a->off] == '@'))
			finding(s, DNSAUTH_SEV_WARNING, a->line, a->col, NULL,
				"relative $ORIGIN '%s' is taken as %s (under the "
				"origin), but ldns takes it as written",
				show_tok(s, 0, a), show(s, 1, abs, strlen(abs)));
		if (!set_origin(s, abs, &why) && why)
			finding(s, DNSAUTH_SEV_NONE, a->line, a->col, NULL,
				"invalid $ORIGIN '%s': %s", show_tok(s, 0, a), why);
		return;
	}
	if (span_is(s, d, "$TTL")) {
		uint32_t ttl;

		if (rb->ntok != 2 || rb->tok[1].quoted) {
			finding(s, DNSAUTH_SEV_NONE, d->line, d->col, NULL,
				"$TTL needs exactly one TTL");
			return;
		}
		if (ttl_parse(s, &rb->tok[1], NULL, true, &ttl)) {
			s->have_dollar_ttl = true;
			s->dollar_ttl = ttl;
		}
		return;
	}
	if (span_is(s, d, "$INCLUDE")) {
		finding(s, DNSAUTH_SEV_INFO, d->line, d->col, NULL,
			"$INCLUDE %s was not followed; lint that file on its own",
			rb->ntok > 1 ? show_tok(s, 0, &rb->tok[1]) : "(no file named)");
		return;
	}
	if (span_is(s, d, "$GENERATE")) {
		finding(s, DNSAUTH_SEV_INFO, d->line, d->col, NULL,
			"$GENERATE is not expanded; the records it makes are not "
			"checked");
		return;
	}
	finding(s, DNSAUTH_SEV_NONE, d->line, d->col, NULL, "unknown directive '%s'",
		dtext);
}

/* ------------------------------------------------------------ records */

static bool is_txt(uint16_t type)
{
	return type == LDNS_RR_TYPE_TXT || type == LDNS_RR_TYPE_SPF;
}

/* Type or class of a token; 0 when none. */
static unsigned long lookup(struct scan *s, const struct span *t, bool cls)
{
	char buf[32];
	unsigned long v;
	struct memo *m;

	if (t->quoted || t->len == 0 || t->len >= sizeof(buf) ||
	    memchr(s->t + t->off, '\0', t->len))
		return 0;
	memcpy(buf, s->t + t->off, t->len);
	buf[t->len] = '\0';
	/* ldns searches its tables by name: remember the answers for the
	 * few words a zone uses (as written, so any case is exact) */
	m = &s->memo[((unsigned char)buf[0] + t->len * 7u + (cls ? 3u : 0u)) % MEMO_SLOTS];
	if (m->len == t->len && m->cls == cls && memcmp(m->text, buf, t->len) == 0)
		return m->v;
	v = cls ? (unsigned long)ldns_get_rr_class_by_name(buf)
		: (unsigned long)ldns_get_rr_type_by_name(buf);
	v = v > 65535 ? 0 : v;
	memcpy(m->text, buf, t->len);
	m->len = t->len;
	m->cls = cls;
	m->v = v;
	return v;
}

/* The RDATA field a token index stands for; the first field of HIP
 * covers three tokens. */
static size_t field_index(uint16_t type, size_t i)
{
	if (type == LDNS_RR_TYPE_HIP)
		return i < 3 ? 0 : i - 2;
	return i;
}

static bool field_is_dname(const ldns_rr_descriptor *desc, uint16_t type, size_t i)
{
	size_t f = field_index(type, i);

	if (!desc || f >= ldns_rr_descriptor_maximum(desc))
		return false;
	return ldns_rr_descriptor_field_type(desc, f) == LDNS_RDF_TYPE_DNAME;
}

/* Field types that take exactly one token. */
static bool one_token_field(ldns_rdf_type ft)
{
	switch (ft) {
	case LDNS_RDF_TYPE_A:
	case LDNS_RDF_TYPE_AAAA:
	case LDNS_RDF_TYPE_INT8:
	case LDNS_RDF_TYPE_INT16:
	case LDNS_RDF_TYPE_INT32:
	case LDNS_RDF_TYPE_DNAME:
	case LDNS_RDF_TYPE_STR:
	case LDNS_RDF_TYPE_TAG:
	case LDNS_RDF_TYPE_TYPE:
	case LDNS_RDF_TYPE_CLASS:
	case LDNS_RDF_TYPE_ALG:
	case LDNS_RDF_TYPE_PERIOD:
	case LDNS_RDF_TYPE_TIME:
		return true;
	default:
		return false;
	}
}

/* Field types a token can be checked on alone with ldns_rdf_new_frm_str. */
static bool probe_field(ldns_rdf_type ft)
{
	switch (ft) {
	case LDNS_RDF_TYPE_A:
	case LDNS_RDF_TYPE_AAAA:
	case LDNS_RDF_TYPE_INT8:
	case LDNS_RDF_TYPE_INT16:
	case LDNS_RDF_TYPE_INT32:
	case LDNS_RDF_TYPE_DNAME:
		return true;
	default:
		return false;
	}
}

/*
 * Decode the character-strings of TXT RDATA tokens. With out set, append
 * the bytes; with want set, stop at value byte *want and give its place.
 * \return 0 done (or found), -1 offset not reached.
 */
struct decode {
	struct dnsauth_buf *out;
	const size_t *want;
	unsigned line, col;
	size_t bad_tok;           /* first token with a string over 255 octets
	                             or a \DDD over 255, or SIZE_MAX */
	size_t bad_len;           /* octets of that string */
	bool bad_escape;          /* it is a \DDD over 255 */
};

static int decode_txt(const struct dnsauth_ztok *tok, size_t n, struct decode *d)
{
	size_t k, count = 0;

	d->bad_tok = SIZE_MAX;
	d->bad_escape = false;
	for (k = 0; k < n; k++) {
		const char *p = tok[k].text;
		size_t len = strlen(p), i = 0, slen = 0;
		unsigned line = tok[k].line, col = tok[k].column;

		if (tok[k].quoted) {
			i = 1;
			col++;
			if (len >= 2 && p[len - 1] == '"')
				len--;
		}
		while (i < len) {
			unsigned char byte;
			unsigned bl = line, bc = col;

			if (p[i] == '\\' && i + 1 < len) {
				if (i + 3 < len && isdigit((unsigned char)p[i + 1]) &&
				    isdigit((unsigned char)p[i + 2]) &&
				    isdigit((unsigned char)p[i + 3])) {
					unsigned v = (unsigned)(p[i + 1] - '0') * 100 +
						     (unsigned)(p[i + 2] - '0') * 10 +
						     (unsigned)(p[i + 3] - '0');

					if (v > 255 && d->bad_tok == SIZE_MAX) {
						d->bad_tok = k;
						d->bad_escape = true;
					}
					byte = (unsigned char)v;
					i += 4;
					col += 4;
				} else {
					byte = (unsigned char)p[i + 1];
					if (byte == '\n') {
						line++;
						col = 1;
					} else {
						col += 2;
					}
					i += 2;
				}
			} else {
				byte = (unsigned char)p[i];
				if (byte == '\n') {
					line++;
					col = 1;
				} else {
					col++;
				}
				i++;
			}
			if (d->want && count == *d->want) {
				d->line = bl;
				d->col = bc;
				return 0;
			}
			if (d->out)
				dnsauth_buf_putc(d->out, (char)byte);
			count++;
			slen++;
		}
		if (slen > CHARSTR_MAX && d->bad_tok == SIZE_MAX) {
			d->bad_tok = k;
			d->bad_len = slen;
		}
	}
	return d->want ? -1 : 0;
}

/* The TXT data of an ldns record: its strings joined, into b. */
static void rr_txt_data(const ldns_rr *rr, struct dnsauth_buf *b)
{
	size_t i;

	for (i = 0; i < ldns_rr_rd_count(rr); i++) {
		const ldns_rdf *f = ldns_rr_rdf(rr, i);

		if (ldns_rdf_size(f) >= 1)
			dnsauth_buf_append(b, ldns_rdf_data(f) + 1, ldns_rdf_size(f) - 1);
	}
}

/* The value of a TXT record from its data: the strings joined, into
 * the arena. */
static void txt_value(struct scan *s, struct dnsauth_zrec *r, const ldns_rr *rr)
{
	size_t i, n = 0, k = 0;
	char *v;

	for (i = 0; i < ldns_rr_rd_count(rr); i++) {
		size_t sz = ldns_rdf_size(ldns_rr_rdf(rr, i));

		n += sz >= 1 ? sz - 1 : 0;
	}
	v = arena_alloc(&s->zf->arena, n + 1);
	if (!v) {
		set_rc(s, DNSAUTH_ENOMEM);
		return;
	}
	for (i = 0; i < ldns_rr_rd_count(rr); i++) {
		const ldns_rdf *f = ldns_rr_rdf(rr, i);

		if (ldns_rdf_size(f) >= 1) {
			memcpy(v + k, ldns_rdf_data(f) + 1, ldns_rdf_size(f) - 1);
			k += ldns_rdf_size(f) - 1;
		}
	}
	v[n] = '\0';
	r->value = v;
	r->value_len = n;
}

/* RDATA in the generic form "\# length hex" (RFC 3597). */
static bool generic(const struct scan *s, const struct dnsauth_zrec *r,
		    const struct span *rd)
{
	return r->nrdata > 0 && rd[0].len == 2 && memcmp(s->t + rd[0].off, "\\#", 2) == 0;
}

/* A numeric RDATA field of the types the audits read. */
struct numfield {
	uint16_t type;
	unsigned char tok;       /* its RDATA token */
	ldns_rdf_type ft;        /* as ldns reads it */
	uint32_t max;
	bool period;             /* a time value: units allowed (1h30m) */
	bool mnemonic;           /* ldns also takes a name (TLSA: DANE-EE) */
	const char *what;
};

static const struct numfield numfields[] = {
#define U16 LDNS_RDF_TYPE_INT16, 65535, false, false
#define U32 LDNS_RDF_TYPE_INT32, UINT32_MAX, false, false
#define TIME LDNS_RDF_TYPE_PERIOD, UINT32_MAX, true, false
	{ LDNS_RR_TYPE_MX, 0, U16, "MX preference" },
	{ LDNS_RR_TYPE_SRV, 0, U16, "SRV priority" },
	{ LDNS_RR_TYPE_SRV, 1, U16, "SRV weight" },
	{ LDNS_RR_TYPE_SRV, 2, U16, "SRV port" },
	{ LDNS_RR_TYPE_SOA, 2, U32, "SOA serial" },
	{ LDNS_RR_TYPE_SOA, 3, TIME, "SOA refresh" },
	{ LDNS_RR_TYPE_SOA, 4, TIME, "SOA retry" },
	{ LDNS_RR_TYPE_SOA, 5, TIME, "SOA expire" },
	{ LDNS_RR_TYPE_SOA, 6, TIME, "SOA minimum" },
	{ LDNS_RR_TYPE_TLSA, 0, LDNS_RDF_TYPE_CERTIFICATE_USAGE, 255, false, true,
	  "TLSA certificate usage" },
	{ LDNS_RR_TYPE_TLSA, 1, LDNS_RDF_TYPE_SELECTOR, 255, false, true,
	  "TLSA selector" },
	{ LDNS_RR_TYPE_TLSA, 2, LDNS_RDF_TYPE_MATCHING_TYPE, 255, false, true,
	  "TLSA matching type" },
	{ LDNS_RR_TYPE_CAA, 0, LDNS_RDF_TYPE_INT8, 255, false, false, "CAA flags" },
#undef U16
#undef U32
#undef TIME
};

/* Plain decimal digits of p[0..n): 0 within max (*v set), 1 over it,
 * -1 not digits. */
static int plain_number(const char *p, size_t n, uint32_t max, uint32_t *v)
{
	uint64_t x = 0;
	size_t i;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)p[i]))
			return -1;
		x = x * 10 + (uint64_t)(p[i] - '0');
		if (x > max)
			x = (uint64_t)max + 1; /* no overflow on long digit runs */
	}
	if (x > max)
		return 1;
	*v = (uint32_t)x;
	return 0;
}

/* The numeric fields of MX, SRV, SOA, TLSA and CAA: plain numbers within
 * range, or a finding each. Quoted tokens, tokens with a quote or a
 * backslash, and TLSA mnemonics (DANE-EE) are left to ldns. */
static bool check_numbers(struct scan *s, const struct dnsauth_zrec *r,
			  const struct span *rd)
{
	bool ok = true;
	size_t i;

	if (generic(s, r, rd))
		return true;
	for (i = 0; i < sizeof(numfields) / sizeof(numfields[0]) && !s->rc; i++) {
		const struct numfield *f = &numfields[i];
		const struct span *t;
		const char *p;
		uint32_t v = 0;
		bool ldns_ok;
		int rc;

		if (f->type != r->type || f->tok >= r->nrdata)
			continue;
		t = &rd[f->tok];
		p = s->t + t->off;
		if (t->quoted || memchr(p, '"', t->len) || memchr(p, '\\', t->len) ||
		    memchr(p, '\0', t->len))
			continue;
		if (f->mnemonic && isalpha((unsigned char)p[0]))
			continue; /* a mnemonic, or ldns's error on it */
		rc = f->period ? ttl_value(p, t->len, &v)
			       : plain_number(p, t->len, f->max, &v);
		if (rc == 0)
			continue;
		ldns_ok = ldns_field(s, f->ft, t, &v);
		if (s->rc)
			return false;
		number_finding(s, t, r->owner, f->what, f->max, f->period, rc > 0,
			       ldns_ok, v);
		ok = false;
	}
	return ok;
}

/* Which token ldns most likely refused: probe single-token fields one by
 * one; the first extra token; or the first RDATA token. */
static size_t blame_token(struct scan *s, const struct dnsauth_zrec *r,
			  const struct span *rd, ldns_status st)
{
	const ldns_rr_descriptor *desc = ldns_rr_descript(r->type);
	size_t i, max;
	bool simple = true;

	if (r->nrdata == 0 || !desc)
		return SIZE_MAX;
	if (generic(s, r, rd))
		return 0;
	max = ldns_rr_descriptor_maximum(desc);
	for (i = 0; i < r->nrdata && i < max; i++) {
		ldns_rdf_type ft = ldns_rr_descriptor_field_type(desc, field_index(r->type, i));
		ldns_rdf *rdf;

		if (!one_token_field(ft) || field_index(r->type, i) != i) {
			simple = false;
			break;
		}
		if (!probe_field(ft) || rd[i].quoted)
			continue;
		if (ft == LDNS_RDF_TYPE_DNAME && rd[i].len == 1 && s->t[rd[i].off] == '@')
			continue;
		if (token_rdf(s, ft, &rd[i], &rdf) != 0)
			return SIZE_MAX;
		if (!rdf)
			return i;
		ldns_rdf_deep_free(rdf);
	}
	if (st == LDNS_STATUS_SYNTAX_SUPERFLUOUS_TEXT_ERR && simple &&
	    i == max && r->nrdata > max)
		return max;
	return 0;
}

/* The record parsed without ldns's text parser (lib/zfast.h) into *rr:
 * 0, 1 when it is left to ldns, or DNSAUTH_ENOMEM. */
static int parse_fast(const struct scan *s, const struct dnsauth_zrec *r,
		      const char *abs, const struct span *typ,
		      const struct span *rd, ldns_rr **rr)
{
	struct dnsauth_zfast_tok tk[FAST_TOKENS];
	size_t i;

	*rr = NULL;
	if (r->nrdata > FAST_TOKENS || typ->len > TYPE_TEXT_MAX)
		return 1;
	for (i = 0; i < r->nrdata; i++) {
		tk[i].p = s->t + rd[i].off;
		tk[i].len = rd[i].len;
		tk[i].quoted = rd[i].quoted;
	}
	return dnsauth_zfast_rr(abs, r->ttl, r->type, tk, r->nrdata, s->origin_rdf, rr);
}

/* Parse the record (directly, else with ldns); set r->rr and, for TXT,
 * the value. */
static void parse_rr(struct scan *s, struct dnsauth_zrec *r, const char *abs,
		     const struct span *typ, const struct span *rd)
{
	struct dnsauth_buf b, v;
	ldns_rr *rr = NULL;
	ldns_status st;
	size_t i;
	int fast;

	dnsauth_buf_init(&b, RECORD_TEXT_MAX);
	fast = parse_fast(s, r, abs, typ, rd, &rr);
	if (fast == DNSAUTH_ENOMEM) {
		set_rc(s, DNSAUTH_ENOMEM);
		goto out;
	}
	if (fast == 0)
		goto parsed;
	dnsauth_buf_printf(&b, "%s %lu IN ", abs, (unsigned long)r->ttl);
	dnsauth_buf_append(&b, s->t + typ->off, typ->len);
	for (i = 0; i < r->nrdata; i++) {
		dnsauth_buf_putc(&b, ' ');
		dnsauth_buf_append(&b, s->t + rd[i].off, rd[i].len);
	}
	if (b.err == DNSAUTH_ENOMEM) {
		set_rc(s, DNSAUTH_ENOMEM);
		goto out;
	}
	if (b.err) {
		finding(s, DNSAUTH_SEV_NONE, r->line, r->column, r->owner,
			"record longer than %u bytes of text: its RDATA cannot fit "
			"in 65535 octets", RECORD_TEXT_MAX);
		goto out;
	}
	st = ldns_rr_new_frm_str(&rr, dnsauth_buf_str(&b), r->ttl, s->origin_rdf, NULL);
	if (st != LDNS_STATUS_OK) {
		const char *why = ldns_get_errorstr_by_id(st);
		size_t k = blame_token(s, r, rd, st);
		unsigned line = r->line, col = r->column;
		struct decode d = { 0 };

		if (k == SIZE_MAX) {
			line = typ->line;
			col = typ->col;
		} else {
			line = rd[k].line;
			col = rd[k].col;
		}
		if (is_txt(r->type) && !generic(s, r, rd)) {
			decode_txt(r->rdata, r->nrdata, &d);
			if (d.bad_tok != SIZE_MAX && d.bad_escape) {
				finding(s, DNSAUTH_SEV_NONE, rd[d.bad_tok].line,
					rd[d.bad_tok].col, r->owner,
					"escape above \\255 in a character-string; ldns "
					"cannot parse the record");
				goto out;
			}
			if (d.bad_tok != SIZE_MAX) {
				finding(s, DNSAUTH_SEV_NONE, rd[d.bad_tok].line,
					rd[d.bad_tok].col, r->owner,
					"character-string of %zu octets is longer than 255; "
					"ldns cannot parse the record", d.bad_len);
				goto out;
			}
		}
		finding(s, DNSAUTH_SEV_NONE, line, col, r->owner,
			"ldns cannot parse the %s record: %s", show_tok(s, 0, typ),
			why ? why : "unknown error");
		goto out;
	}
parsed:
	r->rr = rr;
	if (!is_txt(r->type))
		goto out;
	if (fast == 0) {
		/* lib/zfast decodes the strings as ldns does, and takes only
		 * tokens that decode_txt() reads the same way (no control
		 * bytes, no bare quotes, escapes \DDD up to 255 and \X): the
		 * value is the record's data */
		txt_value(s, r, rr);
		goto out;
	}

	/* the value, and whether ldns read the same bytes */
	dnsauth_buf_init(&v, 0);
	dnsauth_buf_reset(&b);
	rr_txt_data(rr, &b);
	if (generic(s, r, rd)) {
		dnsauth_buf_append(&v, b.data, b.len);
	} else {
		struct decode d = { 0 };

		d.out = &v;
		decode_txt(r->rdata, r->nrdata, &d);
		if (!v.err && !b.err &&
		    (v.len != b.len || (v.len && memcmp(v.data, b.data, v.len) != 0))) {
			finding(s, DNSAUTH_SEV_NONE, rd[0].line, rd[0].col, r->owner,
				"ldns reads other text from this %s record than is "
				"written", show_tok(s, 0, typ));
			ldns_rr_free(rr);
			r->rr = NULL;
			dnsauth_buf_free(&v);
			goto out;
		}
	}
	if (v.err || b.err) {
		set_rc(s, DNSAUTH_ENOMEM);
		dnsauth_buf_free(&v);
		goto out;
	}
	r->value = arena_strndup(&s->zf->arena, v.data ? v.data : "", v.len);
	r->value_len = v.len;
	if (!r->value)
		set_rc(s, DNSAUTH_ENOMEM);
	dnsauth_buf_free(&v);
out:
	dnsauth_buf_free(&b);
}

static bool copy_tok(struct scan *s, struct dnsauth_ztok *z, const struct span *t)
{
	z->text = arena_strndup(&s->zf->arena, s->t + t->off, t->len);
	z->line = t->line;
	z->column = t->col;
	z->quoted = t->quoted;
	if (!z->text)
		set_rc(s, DNSAUTH_ENOMEM);
	return z->text != NULL;
}

static struct dnsauth_zrec *new_rec(struct scan *s, const struct span *first)
{
	struct zfile_impl *zf = s->zf;
	struct dnsauth_zrec *r;

	if (zf->pub.nrecs >= DNSAUTH_ZSCAN_RECORDS_MAX) {
		finding(s, DNSAUTH_SEV_NONE, first->line, first->col, NULL,
			"more than %u records; the rest of the file is not scanned",
			DNSAUTH_ZSCAN_RECORDS_MAX);
		s->stop = true;
		return NULL;
	}
	if (!grow((void **)&zf->pub.recs, &zf->cap, zf->pub.nrecs, sizeof(*r))) {
		set_rc(s, DNSAUTH_ENOMEM);
		return NULL;
	}
	r = &zf->pub.recs[zf->pub.nrecs++];
	memset(r, 0, sizeof(*r));
	r->line = first->line;
	r->column = first->col;
	r->origin = (char *)s->origin;
	return r;
}

static void copy_ignores(struct scan *s, struct dnsauth_zrec *r)
{
	struct recbuf *rb = &s->rb;
	size_t i, k;

	if (rb->nign == 0)
		return;
	r->ignore = arena_alloc(&s->zf->arena, rb->nign * sizeof(*r->ignore));
	if (!r->ignore) {
		set_rc(s, DNSAUTH_ENOMEM);
		return;
	}
	for (i = 0; i < rb->nign; i++) {
		const struct span *g = &rb->ign[i];
		bool dup = false;

		for (k = 0; k < r->nignore && !dup; k++)
			dup = strlen(r->ignore[k]) == g->len &&
			      memcmp(r->ignore[k], s->t + g->off, g->len) == 0;
		if (dup)
			continue;
		r->ignore[r->nignore] = arena_strndup(&s->zf->arena, s->t + g->off, g->len);
		if (!r->ignore[r->nignore]) {
			set_rc(s, DNSAUTH_ENOMEM);
			return;
		}
		r->nignore++;
	}
}

/* Relative names in the RDATA while no origin is known. */
static bool check_rdata_names(struct scan *s, const struct dnsauth_zrec *r,
			      const struct span *rd)
{
	const ldns_rr_descriptor *desc = ldns_rr_descript(r->type);
	bool ok = true;
	size_t i;

	if (s->origin || generic(s, r, rd))
		return true;
	for (i = 0; i < r->nrdata; i++) {
		if (!field_is_dname(desc, r->type, i))
			continue;
		if (!rd[i].quoted && dnsauth_dname_text_absolute(s->t + rd[i].off, rd[i].len) &&
		    !(rd[i].len == 1 && s->t[rd[i].off] == '@'))
			continue;
		finding(s, DNSAUTH_SEV_NONE, rd[i].line, rd[i].col, r->owner,
			"relative name '%s' in the RDATA and no origin known: give "
			"--origin or $ORIGIN", show_tok(s, 0, &rd[i]));
		ok = false;
	}
	return ok;
}

static void record(struct scan *s)
{
	struct recbuf *rb = &s->rb;
	const struct span *tok = rb->tok, *cls = NULL, *typ = NULL, *rd;
	struct dnsauth_zrec *r = new_rec(s, &tok[0]);
	bool bad = rb->bad, have_ttl = false, ttl_ok = false;
	const char *abs = NULL, *why;
	unsigned long type = 0;
	uint32_t ttl = 0;
	size_t i = 0, k;
	int round;

	if (!r)
		return;
	if (!rb->blank) {
		const struct span *o = &tok[0];

		i = 1;
		if (!copy_tok(s, &r->owner_tok, o))
			return;
		if (o->quoted) {
			finding(s, DNSAUTH_SEV_NONE, o->line, o->col, NULL,
				"quoted owner name %s", show_tok(s, 0, o));
		} else {
			abs = absolute(s, s->t + o->off, o->len, s->origin);
			if (s->rc)
				return;
			if (!abs) {
				finding(s, DNSAUTH_SEV_NONE, o->line, o->col, NULL,
					"relative owner name '%s' and no origin known: "
					"give --origin or $ORIGIN", show_tok(s, 0, o));
			} else {
				r->owner = (char *)canonical(s, abs, &why);
				if (s->rc)
					return;
				if (!r->owner) {
					finding(s, DNSAUTH_SEV_NONE, o->line, o->col, NULL,
						"invalid owner name '%s': %s",
						show_tok(s, 0, o), why);
					abs = NULL;
				}
			}
		}
	} else if (!s->have_prev) {
		finding(s, DNSAUTH_SEV_NONE, r->line, r->column, NULL,
			"the first record has no owner (its line starts with a blank)");
	} else {
		r->owner = (char *)s->prev_owner;
		abs = s->prev_abs;
	}
	if (!r->owner)
		bad = true;

	/* [ttl] [class] in either order */
	for (round = 0; round < 2 && i < rb->ntok; round++) {
		const struct span *t = &tok[i];

		if (t->quoted)
			break;
		if (!have_ttl && ttl_like(s, t)) {
			have_ttl = true;
			ttl_ok = ttl_parse(s, t, r->owner, false, &ttl);
			if (!ttl_ok)
				bad = true;
			i++;
			continue;
		}
		if (!cls && lookup(s, t, true) != 0) {
			cls = t;
			i++;
			continue;
		}
		break;
	}
	if (ttl_ok)
		r->ttl = ttl;
	else if (s->have_dollar_ttl)
		r->ttl = s->dollar_ttl;
	else if (s->have_last_ttl)
		r->ttl = s->last_ttl;
	else
		r->ttl = s->default_ttl;
	if (i < rb->ntok)
		typ = &tok[i++];
	if (!typ) {
		bad = true;
		finding(s, DNSAUTH_SEV_NONE, r->line, r->column, r->owner,
			"record has no type");
	} else {
		type = lookup(s, typ, false);
		if (type == 0) {
			bad = true;
			finding(s, DNSAUTH_SEV_NONE, typ->line, typ->col, r->owner,
				"unknown record type '%s'", show_tok(s, 0, typ));
		}
	}
	r->type = (uint16_t)type;
	if (cls && lookup(s, cls, true) != LDNS_RR_CLASS_IN) {
		bad = true;
		finding(s, DNSAUTH_SEV_NONE, cls->line, cls->col, r->owner,
			"class '%s' is not IN; only IN records are checked",
			show_tok(s, 0, cls));
	}

	/* the RDATA as written */
	rd = tok + i;
	r->nrdata = rb->ntok - i;
	if (r->nrdata) {
		r->rdata = arena_alloc(&s->zf->arena, r->nrdata * sizeof(*r->rdata));
		if (!r->rdata) {
			set_rc(s, DNSAUTH_ENOMEM);
			return;
		}
		for (k = 0; k < r->nrdata; k++)
			if (!copy_tok(s, &r->rdata[k], &rd[k]))
				return;
	}
	if (rb->dropped) {
		bad = true;
		finding(s, DNSAUTH_SEV_NONE, r->line, r->column, r->owner,
			"record of more than %u tokens; the rest is not kept",
			DNSAUTH_ZSCAN_TOKENS_MAX);
	}
	if (type != 0 && !check_rdata_names(s, r, rd))
		bad = true;
	if (type != 0 && !check_numbers(s, r, rd))
		bad = true;
	copy_ignores(s, r);

	s->have_prev = true;
	s->prev_owner = r->owner;
	s->prev_abs = abs;
	s->have_last_ttl = true;
	s->last_ttl = r->ttl;
	if (!bad && !s->rc)
		parse_rr(s, r, abs, typ, rd);
}

static void process_record(struct scan *s)
{
	struct recbuf *rb = &s->rb;

	if (rb->ntok == 0)
		return;
	if (!rb->blank && !rb->tok[0].quoted && s->t[rb->tok[0].off] == '$')
		directive(s);
	else
		record(s);
}

/* ---------------------------------------------------------- public API */

int dnsauth_zscan_infer_origin(const char *path, char *buf, size_t buflen)
{
	/* last labels that are file-name extensions rather than TLDs */
	static const char *const not_tld[] = {
		"bak", "cfg", "cnf", "conf", "csv", "dist", "ini", "j2", "jnl",
		"json", "local", "log", "md", "old", "orig", "rej", "sample",
		"signed", "swp", "temp", "tmp", "tpl", "txt", "xml", "yaml", "yml",
	};
	const char *base, *last;
	size_t n, i, lastlen;
	char name[256];

	if (!path || !buf || buflen == 0)
		return -1;
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	n = strlen(base);
	if (n == 0 || n >= sizeof(name))
		return -1;
	for (i = 0; i < n; i++)
		name[i] = (char)tolower((unsigned char)base[i]);
	name[n] = '\0';
	if (n > 5 && strcmp(name + n - 5, ".zone") == 0)
		n -= 5;
	else if (n > 3 && strcmp(name + n - 3, ".db") == 0)
		n -= 3;
	name[n] = '\0';
	base = name;
	if (n > 3 && strncmp(name, "db.", 3) == 0) {
		base += 3;
		n -= 3;
	}
	if (n > 0 && base[n - 1] == '.')
		n--;
	if (!dnsauth_dname_valid(base, n, true, NULL, NULL))
		return -1;
	last = base + n;
	while (last > base && last[-1] != '.')
		last--;
	lastlen = (size_t)(base + n - last);
	if (lastlen < 2)
		return -1;
	for (i = 0; i < lastlen; i++)
		if (!isalpha((unsigned char)last[i]))
			return -1;
	for (i = 0; i < sizeof(not_tld) / sizeof(not_tld[0]); i++)
		if (strlen(not_tld[i]) == lastlen && memcmp(last, not_tld[i], lastlen) == 0)
			return -1;
	if (n + 2 > buflen)
		return -1;
	memcpy(buf, base, n);
	buf[n] = '.';
	buf[n + 1] = '\0';
	return 0;
}

void dnsauth_zfile_free(struct dnsauth_zfile *zf)
{
	struct zfile_impl *impl = (struct zfile_impl *)zf;
	size_t i;

	if (!zf)
		return;
	/* the arena's chunks first: freeing a big block makes malloc sweep
	 * its lists of small free blocks, which the records' many small
	 * blocks would then be on */
	arena_free(&impl->arena);
	for (i = 0; i < zf->nrecs; i++)
		ldns_rr_free(zf->recs[i].rr);
	free(zf->recs);
	free(impl);
}

int dnsauth_zscan_buf(const char *path, const char *text, size_t len,
		      const struct dnsauth_zscan_opts *o, struct dnsauth_zfile **out,
		      struct dnsauth_findings *fl)
{
	struct scan s;
	struct zfile_impl *zf;
	const char *why = NULL;
	char inferred[256];
	int rc;

	*out = NULL;
	if (!text && len > 0)
		return DNSAUTH_EINVAL;
	if (len > DNSAUTH_ZSCAN_FILE_MAX)
		return DNSAUTH_ELIMIT;
	zf = calloc(1, sizeof(*zf));
	if (!zf)
		return DNSAUTH_ENOMEM;
	memset(&s, 0, sizeof(s));
	s.path = path;
	s.t = text ? text : "";
	s.len = len;
	s.line = 1;
	s.col = 1;
	s.fl = fl;
	s.zf = zf;
	s.default_ttl = o && o->default_ttl ? o->default_ttl : DEFAULT_TTL;
	if (path) {
		zf->pub.path = arena_strndup(&zf->arena, path, strlen(path));
		if (!zf->pub.path) {
			rc = DNSAUTH_ENOMEM;
			goto fail;
		}
	}

	/* the origin at the start */
	if (o && o->origin) {
		size_t n = strlen(o->origin);
		char *abs = malloc(n + 2);

		if (!abs) {
			rc = DNSAUTH_ENOMEM;
			goto fail;
		}
		memcpy(abs, o->origin, n + 1);
		if (n == 0 || !dnsauth_dname_text_absolute(abs, n)) {
			abs[n] = '.';
			abs[n + 1] = '\0';
		}
		if (n == 0 || (n == 1 && abs[0] == '@') || !set_origin(&s, abs, &why)) {
			free(abs);
			rc = s.rc ? s.rc : DNSAUTH_EINVAL;
			goto fail;
		}
		free(abs);
	} else if (path && !(o && o->no_infer) &&
		   dnsauth_zscan_infer_origin(path, inferred, sizeof(inferred)) == 0) {
		if (set_origin(&s, inferred, &why))
			zf->pub.origin_inferred = true;
		else if (s.rc) {
			rc = s.rc;
			goto fail;
		}
	}
	zf->pub.origin = (char *)s.origin;

	if (len >= 3 && memcmp(s.t, "\xEF\xBB\xBF", 3) == 0) {
		finding(&s, DNSAUTH_SEV_WARNING, 1, 1, NULL,
			"byte-order mark at the start of the file; ldns would read "
			"it as part of the first name");
		s.pos = 3;
		s.col = 4;
	}
	while (!s.rc && !s.stop && read_record(&s)) {
		if (s.rc)
			break;
		process_record(&s);
	}
	rc = s.rc;
	if (rc)
		goto fail;
	free(s.rb.tok);
	free(s.rb.ign);
	ldns_rdf_deep_free(s.origin_rdf);
	*out = &zf->pub;
	return 0;
fail:
	free(s.rb.tok);
	free(s.rb.ign);
	ldns_rdf_deep_free(s.origin_rdf);
	dnsauth_zfile_free(&zf->pub);
	return rc;
}

int dnsauth_zscan_file(const char *path, const struct dnsauth_zscan_opts *o,
		       struct dnsauth_zfile **out, struct dnsauth_findings *fl,
		       char *err, size_t errlen)
{
	struct dnsauth_buf eb;
	char *data = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	if (err && errlen)
		err[0] = '\0';
	dnsauth_buf_init(&eb, 4096);
	rc = dnsauth_read_file(path, DNSAUTH_ZSCAN_FILE_MAX, &data, &len, &eb);
	if (rc) {
		if (err && errlen)
			snprintf(err, errlen, "%s", eb.len ? dnsauth_buf_str(&eb)
							   : dnsauth_strerror(rc));
		dnsauth_buf_free(&eb);
		return rc == DNSAUTH_ENOMEM ? rc : DNSAUTH_EIO;
	}
	dnsauth_buf_free(&eb);
	rc = dnsauth_zscan_buf(path, data, len, o, out, fl);
	if (rc && err && errlen)
		snprintf(err, errlen, "%s: %s", path,
			 rc == DNSAUTH_EINVAL ? "invalid origin" : dnsauth_strerror(rc));
	free(data);
	return rc;
}

size_t dnsauth_ztok_octets(const struct dnsauth_ztok *t)
{
	const char *p = t->text;
	size_t len = strlen(p), i = 0, count = 0;

	if (t->quoted) {
		i = 1;
		if (len >= 2 && p[len - 1] == '"')
			len--;
	}
	while (i < len) {
		if (p[i] == '\\' && i + 1 < len) {
			if (i + 3 < len && isdigit((unsigned char)p[i + 1]) &&
			    isdigit((unsigned char)p[i + 2]) && isdigit((unsigned char)p[i + 3]))
				i += 4;
			else
				i += 2;
		} else {
			i++;
		}
		count++;
	}
	return count;
}

int dnsauth_zrec_value_pos(const struct dnsauth_zrec *r, size_t offset,
			   unsigned *line, unsigned *column)
{
	struct decode d = { 0 };
	const ldns_rr *rr;

	if (!r || !r->value || offset >= r->value_len || !r->rr)
		return -1;
	rr = r->rr;
	if (r->nrdata > 0 && strcmp(r->rdata[0].text, "\\#") == 0) {
		/* generic form: the hex digit pair of the byte */
		size_t i, w = 0, rem = offset, digit, k;

		for (i = 0; i < ldns_rr_rd_count(rr); i++) {
			size_t sz = ldns_rdf_size(ldns_rr_rdf(rr, i));

			if (sz >= 1 && rem < sz - 1) {
				w += 1 + rem;
				break;
			}
			rem -= sz >= 1 ? sz - 1 : 0;
			w += sz;
		}
		digit = 2 * w;
		for (k = 2; k < r->nrdata; k++) {
			size_t tl = strlen(r->rdata[k].text);

			if (digit < tl) {
				*line = r->rdata[k].line;
				*column = r->rdata[k].column + (unsigned)digit;
				return 0;
			}
			digit -= tl;
		}
		return -1;
	}
	d.want = &offset;
	if (decode_txt(r->rdata, r->nrdata, &d) != 0)
		return -1;
	*line = d.line;
	*column = d.col;
	return 0;
}
