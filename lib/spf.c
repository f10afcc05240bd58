/* SPDX-License-Identifier: MIT */
/*
 * spf.c - SPF record model: parse (RFC 7208 §4.5, §4.6, §5, §6, §7, §12),
 * canonical print, policy validation, local lookup count.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dname.h"
#include "error.h"
#include "spf.h"

#define SPF_UDP_LIMIT 512u   /* RFC 7208 §3.4, RFC 1035 UDP size */
#define SPF_EDNS_LIMIT 1232u /* DNS flag day 2020 EDNS buffer */

static const struct {
	const char *name;
	enum dnsauth_spf_kind kind;
} mechanisms[] = {
	{ "all", DNSAUTH_SPF_ALL },       { "include", DNSAUTH_SPF_INCLUDE },
	{ "a", DNSAUTH_SPF_A },           { "mx", DNSAUTH_SPF_MX },
	{ "ptr", DNSAUTH_SPF_PTR },       { "ip4", DNSAUTH_SPF_IP4 },
	{ "ip6", DNSAUTH_SPF_IP6 },       { "exists", DNSAUTH_SPF_EXISTS },
};

const char *dnsauth_spf_kind_name(enum dnsauth_spf_kind kind)
{
	switch (kind) {
	case DNSAUTH_SPF_ALL:
		return "all";
	case DNSAUTH_SPF_INCLUDE:
		return "include";
	case DNSAUTH_SPF_A:
		return "a";
	case DNSAUTH_SPF_MX:
		return "mx";
	case DNSAUTH_SPF_PTR:
		return "ptr";
	case DNSAUTH_SPF_IP4:
		return "ip4";
	case DNSAUTH_SPF_IP6:
		return "ip6";
	case DNSAUTH_SPF_EXISTS:
		return "exists";
	case DNSAUTH_SPF_REDIRECT:
		return "redirect";
	case DNSAUTH_SPF_EXP:
		return "exp";
	case DNSAUTH_SPF_UNKNOWN_MOD:
		return "modifier";
	case DNSAUTH_SPF_INVALID:
		break;
	}
	return "invalid";
}

static bool is_mechanism(enum dnsauth_spf_kind k)
{
	return k <= DNSAUTH_SPF_EXISTS;
}

/* ------------------------------------------------------------------ */
/* record selection                                                    */

bool dnsauth_spf_is_record(const char *text, size_t len)
{
	return len >= 6 && strncasecmp(text, "v=spf1", 6) == 0 &&
	       (len == 6 || text[6] == ' ');
}

bool dnsauth_spf_looks_like(const char *text, size_t len)
{
	size_t i = 0;

	if (dnsauth_spf_is_record(text, len))
		return false;
	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	if (i < len && (text[i] == 'v' || text[i] == 'V')) {
		i++;
		while (i < len && text[i] == ' ')
			i++;
		if (i >= len || text[i] != '=')
			return false;
		i++;
		while (i < len && text[i] == ' ')
			i++;
		return len - i >= 3 && strncasecmp(text + i, "spf", 3) == 0;
	}
	/* "spf1 include:..." with the "v=" forgotten */
	return len - i >= 5 && strncasecmp(text + i, "spf1 ", 5) == 0;
}

/* ------------------------------------------------------------------ */
/* macro-string and domain-spec (§7.1, §4.6.1)                         */

static bool is_alnum(char c)
{
	return isalnum((unsigned char)c) != 0;
}

/* toplabel = ( *alphanum ALPHA *alphanum ) /
 *            ( 1*alphanum "-" *( alphanum / "-" ) alphanum ) */
static bool toplabel_ok(const char *s, size_t n)
{
	bool alpha = false, dash = false;
	size_t i;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] == '-')
			dash = true;
		else if (isalpha((unsigned char)s[i]))
			alpha = true;
		else if (!isdigit((unsigned char)s[i]))
			return false;
	}
	if (!dash)
		return alpha;
	return is_alnum(s[0]) && is_alnum(s[n - 1]);
}

static int macro_fail(size_t *bad, const char **why, bool *macro_error,
		      size_t off, const char *msg, bool is_macro)
{
	*bad = off;
	*why = msg;
	*macro_error = is_macro;
	return DNSAUTH_EPARSE;
}

int dnsauth_spf_check_macro_string(const char *s, size_t len, bool domain_spec,
				   bool in_exp, size_t *bad_offset,
				   const char **why, bool *macro_error)
{
	size_t i = 0, expand_end = 0, e, k;
	bool ends_in_expand = false;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c == '%') {
			size_t j;

			if (i + 1 >= len)
				return macro_fail(bad_offset, why, macro_error, i,
						  "'%' at the end (write %% for a literal percent sign)",
						  true);
			if (s[i + 1] == '%' || s[i + 1] == '_' || s[i + 1] == '-') {
				i += 2;
				expand_end = i;
				continue;
			}
			if (s[i + 1] != '{')
				return macro_fail(bad_offset, why, macro_error, i,
						  "invalid macro: '%' must be followed by '{', '%', '_' or '-'",
						  true);
			j = i + 2;
			if (j >= len)
				return macro_fail(bad_offset, why, macro_error, i,
						  "unterminated macro '%{'", true);
			if (s[j] == '}')
				return macro_fail(bad_offset, why, macro_error, i,
						  "empty macro '%{}'", true);
			if (!strchr("slodiphcrtvSLODIPHCRTV", s[j]) || s[j] == '\0')
				return macro_fail(bad_offset, why, macro_error, i,
						  "unknown macro letter", true);
			if (!in_exp && strchr("crtCRT", s[j]))
				return macro_fail(bad_offset, why, macro_error, i,
						  "macros c, r and t are allowed only in explanation text",
						  true);
			j++;
			if (j < len && isdigit((unsigned char)s[j])) {
				size_t d = j;
				bool nonzero = false;

				while (j < len && isdigit((unsigned char)s[j])) {
					if (s[j] != '0')
						nonzero = true;
					j++;
				}
				if (!nonzero)
					return macro_fail(bad_offset, why, macro_error, i,
							  "macro transformer digit must not be zero",
							  true);
				(void)d;
			}
			if (j < len && (s[j] == 'r' || s[j] == 'R'))
				j++;
			while (j < len && strchr(".-+,/_=", s[j]) && s[j] != '\0')
				j++;
			if (j >= len)
				return macro_fail(bad_offset, why, macro_error, i,
						  "unterminated macro (missing '}')", true);
			if (s[j] != '}')
				return macro_fail(bad_offset, why, macro_error, i,
						  "invalid character in macro", true);
			i = j + 1;
			expand_end = i;
			continue;
		}
		if (c < 0x21 || c > 0x7e)
			return macro_fail(bad_offset, why, macro_error, i,
					  c == '\t' ? "tab is not a term separator (only spaces are)" :
					  c >= 0x80 ? "non-ASCII character (SPF records are US-ASCII)" :
					  "control character or space not allowed",
					  false);
		i++;
	}
	ends_in_expand = len > 0 && expand_end == len;
	if (!domain_spec || ends_in_expand)
		return 0;
	if (len == 0)
		return macro_fail(bad_offset, why, macro_error, 0, "empty domain", false);
	/* domain-end = "." toplabel [ "." ] */
	e = len;
	if (s[e - 1] == '.')
		e--;
	for (k = e; k > expand_end && s[k - 1] != '.'; k--)
		;
	if (k <= expand_end || k == 0 || !toplabel_ok(s + k, e - k))
		return macro_fail(bad_offset, why, macro_error, 0,
				  "domain must end in a macro or in '.' and a valid top-level label",
				  false);
	return 0;
}

/* ------------------------------------------------------------------ */
/* model helpers                                                        */

struct dnsauth_spf *dnsauth_spf_new(void)
{
	struct dnsauth_spf *spf = calloc(1, sizeof(*spf));

	if (spf)
		spf->valid = true;
	return spf;
}

static void term_clear(struct dnsauth_spf_term *t)
{
	free(t->name);
	free(t->domain);
	free(t->text);
}

void dnsauth_spf_free(struct dnsauth_spf *spf)
{
	size_t i;

	if (!spf)
		return;
	for (i = 0; i < spf->nterms; i++)
		term_clear(&spf->terms[i]);
	free(spf->terms);
	free(spf);
}

static struct dnsauth_spf_term *term_push(struct dnsauth_spf *spf)
{
	struct dnsauth_spf_term *t;

	if (spf->nterms == spf->cap) {
		size_t cap = spf->cap ? spf->cap * 2 : 8;

		t = realloc(spf->terms, cap * sizeof(*t));
		if (!t)
			return NULL;
		spf->terms = t;
		spf->cap = cap;
	}
	t = &spf->terms[spf->nterms++];
	memset(t, 0, sizeof(*t));
	t->qualifier = DNSAUTH_SPF_PASS;
	t->cidr4 = -1;
	t->cidr6 = -1;
	return t;
}

static char *strndup_or(const char *s, size_t n, int *failed)
{
	char *d = strndup(s, n);

	if (!d)
		*failed = 1;
	return d;
}

/* Parse a CIDR length: "0" or a digit 1-9 followed by digits, <= max. */
static bool cidr_len(const char *s, size_t n, int max, int *out)
{
	size_t i;
	int v = 0;

	if (n == 0 || n > 3 || (s[0] == '0' && n > 1))
		return false;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	if (v > max)
		return false;
	*out = v;
	return true;
}

/* qnum "." qnum "." qnum "." qnum, no leading zeros. */
static bool ip4_parse(const char *s, size_t n, uint8_t out[4])
{
	size_t i = 0;
	int part;

	for (part = 0; part < 4; part++) {
		size_t start = i;
		int v = 0;

		while (i < n && isdigit((unsigned char)s[i]) && i - start < 3) {
			v = v * 10 + (s[i] - '0');
			i++;
		}
		if (i == start || v > 255 || (s[start] == '0' && i - start > 1))
			return false;
		out[part] = (uint8_t)v;
		if (part < 3) {
			if (i >= n || s[i] != '.')
				return false;
			i++;
		}
	}
	return i == n;
}

static bool ip6_parse(const char *s, size_t n, uint8_t out[16])
{
	char tmp[INET6_ADDRSTRLEN + 1];

	if (n == 0 || n >= sizeof(tmp))
		return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	return inet_pton(AF_INET6, tmp, out) == 1;
}

/* ------------------------------------------------------------------ */
/* parser                                                               */

struct parse_ctx {
	const char *rec;      /* NUL-terminated copy of the value */
	const char *name;
	struct dnsauth_findings *fl;
	struct dnsauth_spf *spf;
	int errors;
	int oom;
	unsigned redirect_col;
	unsigned exp_col;
};

static void perr(struct parse_ctx *c, enum dnsauth_rule_id rule, unsigned col,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void perr(struct parse_ctx *c, enum dnsauth_rule_id rule, unsigned col,
		 const char *fmt, ...)
{
	va_list ap;

	c->errors++;
	va_start(ap, fmt);
	if (dnsauth_findings_vadd(c->fl, rule, DNSAUTH_SEV_ERROR, c->name, c->rec,
				  col, fmt, ap))
		c->oom = 1;
	va_end(ap);
}

static void pnote(struct parse_ctx *c, enum dnsauth_rule_id rule,
		  enum dnsauth_severity sev, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void pnote(struct parse_ctx *c, enum dnsauth_rule_id rule,
		  enum dnsauth_severity sev, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (dnsauth_findings_vadd(c->fl, rule, sev, c->name, c->rec, col, fmt, ap))
		c->oom = 1;
	va_end(ap);
}

/* Check a domain-spec or macro-string at column col; report on failure. */
static bool check_spec(struct parse_ctx *c, const char *s, size_t n, unsigned col,
		       bool domain_spec, const char *what)
{
	size_t bad = 0, i;
	const char *why = NULL;
	bool macro = false;

	if (dnsauth_spf_check_macro_string(s, n, domain_spec, false, &bad, &why,
					   &macro) != 0) {
		if (macro)
			perr(c, DNSAUTH_R_SPF_MACRO_INVALID, col + (unsigned)bad,
			     "%s: %s", what, why);
		else
			perr(c, DNSAUTH_R_SPF_SYNTAX_ERROR, col + (unsigned)bad,
			     "%s: %s", what, why);
		return false;
	}
	for (i = 0; i + 2 < n; i++) {
		if (s[i] == '%' && s[i + 1] == '%') {
			i++;
			continue;
		}
		if (s[i] == '%' && s[i + 1] == '{' && (s[i + 2] == 'p' || s[i + 2] == 'P'))
			pnote(c, DNSAUTH_R_SPF_PTR_USED, DNSAUTH_SEV_WARNING,
			      col + (unsigned)i,
			      "the %%{p} macro SHOULD NOT be used: it needs slow, unreliable PTR lookups");
	}
	return true;
}

/* Dual CIDR suffix of a and mx: [ "/" ip4 ] [ "//" ip6 ]. */
static bool parse_dual_cidr(struct parse_ctx *c, struct dnsauth_spf_term *t,
			    const char *s, size_t n, unsigned col)
{
	size_t i = 0, j;

	if (n == 0)
		return true;
	if (n >= 2 && s[0] == '/' && s[1] != '/') {
		for (j = 1; j < n && s[j] != '/'; j++)
			;
		if (!cidr_len(s + 1, j - 1, 32, &t->cidr4)) {
			perr(c, DNSAUTH_R_SPF_SYNTAX_ERROR, col,
			     "invalid IPv4 prefix length '%.*s' (0-32, no leading zeros)",
			     (int)(j - 1), s + 1);
			return false;
		}
		i = j;
	}
	if (i == n)
		return true;
	if (n - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
		if (!cidr_len(s + i + 2, n - i - 2, 128, &t->cidr6)) {
			perr(c, DNSAUTH_R_SPF_SYNTAX_ERROR, col + (unsigned)i,
			     "invalid IPv6 prefix length '%.*s' (0-128, no leading zeros)",
			     (int)(n - i - 2), s + i + 2);
			return false;
		}
		return true;
	}
	perr(c, DNSAUTH_R_SPF_SYNTAX_ERROR, col + (unsigned)i,
	     "invalid prefix length (expected /N for IPv4 and //N for IPv6)");
	return false;
}

/* Offset of the first '/' outside a %{...} macro, or n. */
/* Whether \p s is a whole dual-cidr-length: "/" digits, "//" digits, or
 * "/" digits "//" digits (the values are checked later). */
static size_t digits_at(const char *s, size_t n, size_t i)
{
	size_t d = 0;

	while (i + d < n && isdigit((unsigned char)s[i + d]))
		d++;
	return d;
}

static bool cidr_shaped(const char *s, size_t n)
{
	size_t i = 0, d;

	if (n < 2 || s[0] != '/')
		return false;
	if (s[1] != '/') {
		d = digits_at(s, n, 1);
		if (d == 0)
			return false;
		i = 1 + d;
		if (i == n)
			return true;
	}
	if (n - i < 3 || s[i] != '/' || s[i + 1] != '/')
		return false;
	d = digits_at(s, n, i + 2);
	return d > 0 && i + 2 + d == n;
}

/* Where the dual-cidr-length of "a:"/"mx:" starts: the first "/" outside
 * a macro that begins a cidr-shaped end, so that a domain-spec may hold
 * "/" (RFC 7208 §7.1: any visible character but "%"). */
static size_t cidr_start(const char *s, size_t n)
{
	size_t i;
	bool in_macro = false;

	for (i = 0; i < n; i++) {
		if (!in_macro && s[i] == '%' && i + 1 < n && s[i + 1] == '{')
			in_macro = true;
		else if (in_macro && s[i] == '}')
			in_macro = false;
		else if (!in_macro && s[i] == '/' && cidr_shaped(s + i, n - i))
			return i;
	}
	return n;
}

static bool parse_ip(struct parse_ctx *c, struct dnsauth_spf_term *t,
		     const char *s, size_t n, unsigned col)
{
	bool v4 = t->kind == DNSAUTH_SPF_IP4;
	size_t slash;

	for (slash = 0; slash < n && s[slash] != '/'; slash++)
		;
	if (v4 ? !ip4_parse(s, slash, t->addr) : !ip6_parse(s, slash, t->addr)) {
		if (slash == 0)
			perr(c, DNSAUTH_R_SPF_SYNTAX_ERROR, col, "%s: missing address",
			     v4 ? "ip4" : "ip6");
		else
			perr(c, DNSAUTH_R_SPF_SYNTAX_ERROR, col,
			     "%s: '%.*s' is not an %s address%s", v4 ? "ip4" : "ip6",
			     (int)slash, s, v4 ? "IPv4" : "IPv6",
			     v4 && isalpha((unsigned char)s[0]) ?
			     " (host names go in 'a:' or 'include:')" : "");
		return false;
	}
	if (slash == n)
		return true;
	if (!cidr_len(s + slash + 1, n - slash - 1, v4 ? 32 : 128,
		      v4 ? &t->cidr4 : &t->cidr6)) {
		perr(c, DNSAUTH_R_SPF_SYNTAX_ERROR, col + (unsigned)slash,
		     "invalid %s prefix length '%.*s' (%s, no leading zeros)",
		     v4 ? "IPv4" : "IPv6", (int)(n - slash - 1), s + slash + 1,
		     v4 ? "0-32" : "0-128");
		return false;
	}
	return true;
}

static const char *mech_hint(const char *s, size_t n)
{
	if ((n == 8 && strncasecmp(s, "redirect", 8) == 0) ||
	    (n == 3 && strncasecmp(s, "exp", 3) == 0))
		return " (modifiers take '=', as in redirect=example.com)";
	if ((n == 4 && strncasecmp(s, "ipv4", 4) == 0) ||
	    (n == 2 && strncasecmp(s, "ip", 2) == 0))
		return " (did you mean 'ip4'?)";
	if (n == 4 && strncasecmp(s, "ipv6", 4) == 0)
		return " (did you mean 'ip6'?)";
	if ((n == 8 && strncasecmp(s, "includes", 8) == 0) ||
	    (n == 7 && strncasecmp(s, "inlcude", 7) == 0))
		return " (did you mean 'include'?)";
	return "";
}

static void parse_modifier(struct parse_ctx *c, struct dnsauth_spf_term *t,
			   const char *s, size_t n, size_t eq, unsigned col)
{
	const char *val = s + eq + 1;
	size_t vlen = n - eq - 1;
	unsigned vcol = col + (unsigned)eq + 1;
	int failed = 0;

	t->name = strndup_or(s, eq, &failed);
	t->domain = strndup_or(val, vlen, &failed);
	if (failed) {
		c->oom = 1;
		return;
	}
	if (eq == 8 && strncasecmp(s, "redirect", 8) == 0)
		t->kind = DNSAUTH_SPF_REDIRECT;
	else if (eq == 3 && strncasecmp(s, "exp", 3) == 0)
		t->kind = DNSAUTH_SPF_EXP;
	else
		t->kind = DNSAUTH_SPF_UNKNOWN_MOD;

	if (t->kind == DNSAUTH_SPF_UNKNOWN_MOD) {
		if (!check_spec(c, val, vlen, vcol, false, t->name))
			t->kind = DNSAUTH_SPF_INVALID;
		return;
	}
	if (vlen == 0) {
		perr(c, DNSAUTH_R_SPF_SYNTAX_ERROR, col, "%s= needs a domain",
		     dnsauth_spf_kind_name(t->kind));
		t->kind = DNSAUTH_SPF_INVALID;
		return;
	}
	if (!check_spec(c, val, vlen, vcol, true, dnsauth_spf_kind_name(t->kind))) {
		t->kind = DNSAUTH_SPF_INVALID;
		return;
	}
	if (t->kind == DNSAUTH_SPF_REDIRECT) {
		if (c->redirect_col) {
			perr(c, DNSAUTH_R_SPF_DUPLICATE_MODIFIER, col,
			     "redirect= appears more than once (first at column %u)",
			     c->redirect_col);
			return;
		}
		c->redirect_col = col;
	} else {
		if (c->exp_col) {
			perr(c, DNSAUTH_R_SPF_DUPLICATE_MODIFIER, col,
			     "exp= appears more than once (first at column %u)",
			     c->exp_col);
			return;
		}
		c->exp_col = col;
	}
}

static void parse_mechanism(struct parse_ctx *c, struct dnsauth_spf_term *t,
			    const char *s, size_t n, size_t q, unsigned col)
{
	size_t j = q, k, m;
	const char *rest;
	size_t rlen;
	unsigned rcol;
	int failed = 0;

	while (j < n && is_alnum(s[j]))
		j++;
	for (k = 0; k < sizeof(mechanisms) / sizeof(mechanisms[0]); k++)
		if (strlen(mechanisms[k].name) == j - q &&
		    strncasecmp(mechanisms[k].name, s + q, j - q) == 0)
			break;
	if (k == sizeof(mechanisms) / sizeof(mechanisms[0])) {
		if (j == q)
			perr(c, DNSAUTH_R_SPF_SYNTAX_ERROR, col, "invalid term '%.*s'",
			     (int)n, s);
		else
			perr(c, DNSAUTH_R_SPF_SYNTAX_ERROR, col, "unknown mechanism '%.*s'%s",
			     (int)(j - q), s + q, mech_hint(s + q, j - q));
		return;
	}
	t->kind = mechanisms[k].kind;
	rest = s + j;
	rlen = n - j;
	rcol = col + (unsigned)j;

	switch (t->kind) {
	case DNSAUTH_SPF_ALL:
		if (rlen) {
			perr(c, DNSAUTH_R_SPF_SYNTAX_ERROR, col,
			     "'all' takes no argument");
			t->kind = DNSAUTH_SPF_INVALID;
		}
		return;
	case DNSAUTH_SPF_INCLUDE:
	case DNSAUTH_SPF_EXISTS:
		if (rlen < 2 || rest[0] != ':') {
			perr(c, DNSAUTH_R_SPF_SYNTAX_ERROR, col, "'%s' needs ':' and a domain",
			     mechanisms[k].name);
			t->kind = DNSAUTH_SPF_INVALID;
			return;
		}
		t->domain = strndup_or(rest + 1, rlen - 1, &failed);
		if (!check_spec(c, rest + 1, rlen - 1, rcol + 1, true, mechanisms[k].name))
			t->kind = DNSAUTH_SPF_INVALID;
		break;
	case DNSAUTH_SPF_A:
	case DNSAUTH_SPF_MX:
	case DNSAUTH_SPF_PTR:
		if (rlen && rest[0] != ':' && (t->kind == DNSAUTH_SPF_PTR || rest[0] != '/')) {
			perr(c, DNSAUTH_R_SPF_SYNTAX_ERROR, col, "unknown mechanism '%.*s'",
			     (int)(n - q), s + q);
			t->kind = DNSAUTH_SPF_INVALID;
			return;
		}
		if (rlen && rest[0] == ':') {
			m = t->kind == DNSAUTH_SPF_PTR ? rlen : cidr_start(rest, rlen);
			if (m < 2) {
				perr(c, DNSAUTH_R_SPF_SYNTAX_ERROR, col,
				     "'%s:' needs a domain after the colon",
				     mechanisms[k].name);
				t->kind = DNSAUTH_SPF_INVALID;
				return;
			}
			t->domain = strndup_or(rest + 1, m - 1, &failed);
			if (!check_spec(c, rest + 1, m - 1, rcol + 1, true,
					mechanisms[k].name)) {
				t->kind = DNSAUTH_SPF_INVALID;
				break;
			}
		} else {
			m = 0;
		}
		if (!parse_dual_cidr(c, t, rest + m, rlen - m, rcol + (unsigned)m))
			t->kind = DNSAUTH_SPF_INVALID;
		break;
	case DNSAUTH_SPF_IP4:
	case DNSAUTH_SPF_IP6:
		if (rlen < 1 || rest[0] != ':') {
			perr(c, DNSAUTH_R_SPF_SYNTAX_ERROR, col, "'%s' needs ':' and an address",
			     mechanisms[k].name);
			t->kind = DNSAUTH_SPF_INVALID;
			return;
		}
		if (!parse_ip(c, t, rest + 1, rlen - 1, rcol + 1))
			t->kind = DNSAUTH_SPF_INVALID;
		break;
	default:
		break;
	}
	if (failed)
		c->oom = 1;
	if (t->kind == DNSAUTH_SPF_PTR)
		pnote(c, DNSAUTH_R_SPF_PTR_USED, DNSAUTH_SEV_WARNING, col,
		      "the ptr mechanism SHOULD NOT be published (RFC 7208 §5.5): it is slow and some receivers skip it");
}

static void parse_term(struct parse_ctx *c, const char *s, size_t n, unsigned col)
{
	struct dnsauth_spf_term *t = term_push(c->spf);
	size_t i, q = 0, bad;
	int failed = 0;

	if (!t) {
		c->oom = 1;
		return;
	}
	t->kind = DNSAUTH_SPF_INVALID;
	t->column = col;
	t->length = n;
	t->text = strndup_or(s, n, &failed);
	if (failed) {
		c->oom = 1;
		return;
	}
	/* characters outside macro-literal that no term may contain */
	for (bad = 0; bad < n; bad++) {
		unsigned char ch = (unsigned char)s[bad];

		if (ch < 0x21 || ch > 0x7e)
			break;
	}
	if (bad < n) {
		unsigned char ch = (unsigned char)s[bad];

		perr(c, DNSAUTH_R_SPF_SYNTAX_ERROR, col + (unsigned)bad, "%s",
		     ch == '\t' ? "tab is not a term separator (only spaces are)" :
		     ch >= 0x80 ? "non-ASCII character (SPF records are US-ASCII)" :
		     "control character in record");
		return;
	}
	if (strchr("+-~?", s[0])) {
		t->qualifier = s[0];
		t->explicit_qualifier = true;
		q = 1;
	}
	/* modifier: name "=" macro-string */
	for (i = q; i < n && (is_alnum(s[i]) || s[i] == '-' || s[i] == '_' || s[i] == '.'); i++)
		;
	if (i < n && s[i] == '=' && i > q) {
		if (q) {
			perr(c, DNSAUTH_R_SPF_SYNTAX_ERROR, col,
			     "a modifier cannot have a qualifier");
			return;
		}
		if (!isalpha((unsigned char)s[0])) {
			perr(c, DNSAUTH_R_SPF_SYNTAX_ERROR, col,
			     "modifier name must begin with a letter");
			return;
		}
		parse_modifier(c, t, s, n, i, col);
		return;
	}
	if (q && n > 1 && strchr("+-~?", s[1])) {
		perr(c, DNSAUTH_R_SPF_SYNTAX_ERROR, col, "more than one qualifier");
		return;
	}
	parse_mechanism(c, t, s, n, q, col);
}

int dnsauth_spf_parse(const char *text, size_t len, const char *name,
		      struct dnsauth_spf **out, struct dnsauth_findings *fl)
{
	struct parse_ctx c;
	char *rec;
	size_t pos, start;
	int rc;

	*out = NULL;
	if (len > DNSAUTH_SPF_MAX_LEN)
		return DNSAUTH_ELIMIT;
	rec = strndup(text, len);
	if (!rec)
		return DNSAUTH_ENOMEM;
	if (strlen(rec) != len) {
		/* an embedded NUL: report it as a control character */
		free(rec);
		rec = malloc(len + 1);
		if (!rec)
			return DNSAUTH_ENOMEM;
		memcpy(rec, text, len);
		rec[len] = '\0';
	}
	if (!dnsauth_spf_is_record(text, len)) {
		rc = DNSAUTH_ENOTSPF;
		if (dnsauth_spf_looks_like(text, len)) {
			const char *why = "the record must begin with exactly 'v=spf1' followed by a space";

			if (len && (text[0] == ' ' || text[0] == '\t'))
				why = "leading whitespace: the record must begin with 'v=spf1'";
			else if (len > 6 && strncasecmp(text, "v=spf1", 6) == 0 && text[6] == '\t')
				why = "tab after 'v=spf1': terms are separated by spaces only";
			if (dnsauth_findings_add(fl, DNSAUTH_R_SPF_VERSION_MALFORMED,
						 DNSAUTH_SEV_ERROR, name, rec, 1,
						 "%s; receivers ignore this record", why))
				rc = DNSAUTH_ENOMEM;
		}
		free(rec);
		return rc;
	}
	memset(&c, 0, sizeof(c));
	c.rec = rec;
	c.name = name;
	c.fl = fl;
	c.spf = dnsauth_spf_new();
	if (!c.spf) {
		free(rec);
		return DNSAUTH_ENOMEM;
	}
	pos = 6;
	while (pos < len && !c.oom) {
		while (pos < len && text[pos] == ' ')
			pos++;
		if (pos >= len)
			break;
		start = pos;
		while (pos < len && text[pos] != ' ')
			pos++;
		parse_term(&c, text + start, pos - start, (unsigned)start + 1);
	}
	free(rec);
	if (c.oom) {
		dnsauth_spf_free(c.spf);
		return DNSAUTH_ENOMEM;
	}
	c.spf->valid = c.errors == 0;
	*out = c.spf;
	return c.errors ? DNSAUTH_EPARSE : 0;
}

/* ------------------------------------------------------------------ */
/* validation                                                           */

int dnsauth_spf_validate(const struct dnsauth_spf *spf, const char *text,
			 size_t len, const char *name,
			 struct dnsauth_findings *fl)
{
	const struct dnsauth_spf_term *all = NULL, *first_all = NULL, *redirect = NULL;
	char *rec = strndup(text, len);
	bool after_all_reported = false;
	size_t i;
	int rc = 0;

	if (!rec)
		return DNSAUTH_ENOMEM;
	for (i = 0; i < spf->nterms && !first_all; i++)
		if (spf->terms[i].kind == DNSAUTH_SPF_ALL)
			first_all = &spf->terms[i];
#define ADD(rule, sev, col, ...) \
	do { \
		if (!rc) \
			rc = dnsauth_findings_add(fl, rule, sev, name, rec, col, __VA_ARGS__); \
	} while (0)
	for (i = 0; i < spf->nterms; i++) {
		const struct dnsauth_spf_term *t = &spf->terms[i];

		if (all && is_mechanism(t->kind) && !after_all_reported) {
			ADD(DNSAUTH_R_SPF_SYNTAX_ERROR, DNSAUTH_SEV_WARNING, t->column,
			    "terms after '%s' are never evaluated", all->text);
			after_all_reported = true;
		}
		switch (t->kind) {
		case DNSAUTH_SPF_ALL:
			if (!all)
				all = t;
			if (t->qualifier == DNSAUTH_SPF_PASS)
				ADD(DNSAUTH_R_SPF_PERMISSIVE, DNSAUTH_SEV_ERROR, t->column,
				    "'%s' lets every host on the Internet pass SPF", t->text);
			else if (t->qualifier == DNSAUTH_SPF_NEUTRAL)
				ADD(DNSAUTH_R_SPF_PERMISSIVE, DNSAUTH_SEV_WARNING, t->column,
				    "'?all' asserts nothing about other hosts; use '~all' or '-all'");
			break;
		case DNSAUTH_SPF_IP4:
			if (t->qualifier == DNSAUTH_SPF_PASS && t->cidr4 >= 0 && t->cidr4 < 16)
				ADD(DNSAUTH_R_SPF_PERMISSIVE,
				    t->cidr4 < 8 ? DNSAUTH_SEV_ERROR : DNSAUTH_SEV_WARNING,
				    t->column, "'%s' authorizes %llu IPv4 addresses", t->text,
				    1ULL << (32 - t->cidr4));
			break;
		case DNSAUTH_SPF_IP6:
			if (t->qualifier == DNSAUTH_SPF_PASS && t->cidr6 >= 0 && t->cidr6 < 32)
				ADD(DNSAUTH_R_SPF_PERMISSIVE,
				    t->cidr6 < 16 ? DNSAUTH_SEV_ERROR : DNSAUTH_SEV_WARNING,
				    t->column, "'%s' authorizes a /%d IPv6 range", t->text,
				    t->cidr6);
			break;
		case DNSAUTH_SPF_REDIRECT:
			if (!redirect && first_all)
				ADD(DNSAUTH_R_SPF_REDIRECT_IGNORED, DNSAUTH_SEV_WARNING, t->column,
				    "redirect= is ignored because the record has '%s' (RFC 7208 §5.1, §6.1)",
				    first_all->text);
			if (!redirect)
				redirect = t;
			break;
		case DNSAUTH_SPF_UNKNOWN_MOD:
			ADD(DNSAUTH_R_SPF_SYNTAX_ERROR, DNSAUTH_SEV_INFO, t->column,
			    "unknown modifier '%s' is ignored by receivers (legal, RFC 7208 §6)",
			    t->name);
			break;
		default:
			break;
		}
		if (t->domain && t->kind != DNSAUTH_SPF_UNKNOWN_MOD &&
		    t->kind != DNSAUTH_SPF_INVALID && !strchr(t->domain, '%')) {
			const char *why = NULL;

			if (!dnsauth_dname_valid(t->domain, strlen(t->domain), true,
						 &why, NULL))
				ADD(DNSAUTH_R_SPF_SYNTAX_ERROR, DNSAUTH_SEV_WARNING, t->column,
				    "'%s' is not a valid host name (%s); receivers treat it as non-existent",
				    t->domain, why);
		}
	}
	if (!all && !redirect && spf->valid)
		ADD(DNSAUTH_R_SPF_PERMISSIVE, DNSAUTH_SEV_WARNING, 0,
		    "no 'all' and no redirect=: the default result is neutral (an implicit '?all', RFC 7208 §4.7)");
	if (len > SPF_UDP_LIMIT)
		ADD(DNSAUTH_R_SPF_RESPONSE_TOO_LARGE, DNSAUTH_SEV_WARNING, 0,
		    "the record is %zu octets: over %u it may not fit a plain UDP answer%s",
		    len, SPF_UDP_LIMIT,
		    len > SPF_EDNS_LIMIT ? ", and over 1232 it is truncated even with EDNS (TCP needed)" : "");
#undef ADD
	free(rec);
	return rc;
}

/* ------------------------------------------------------------------ */
/* builder, printer, counts                                             */

int dnsauth_spf_add(struct dnsauth_spf *spf, enum dnsauth_spf_kind kind,
		    char qualifier, const char *domain, int cidr4, int cidr6,
		    const char *modname)
{
	struct dnsauth_spf_term *t;
	struct dnsauth_buf b;
	int failed = 0;

	if (kind == DNSAUTH_SPF_INVALID || (kind == DNSAUTH_SPF_UNKNOWN_MOD && !modname))
		return DNSAUTH_EINVAL;
	if (cidr4 > 32 || cidr6 > 128)
		return DNSAUTH_EINVAL;
	t = term_push(spf);
	if (!t)
		return DNSAUTH_ENOMEM;
	t->kind = kind;
	t->qualifier = qualifier ? qualifier : DNSAUTH_SPF_PASS;
	t->explicit_qualifier = t->qualifier != DNSAUTH_SPF_PASS;
	t->cidr4 = cidr4;
	t->cidr6 = cidr6;
	if (kind == DNSAUTH_SPF_IP4 || kind == DNSAUTH_SPF_IP6) {
		const char *slash = domain ? strchr(domain, '/') : NULL;
		size_t alen = domain ? (slash ? (size_t)(slash - domain) : strlen(domain)) : 0;
		bool v4 = kind == DNSAUTH_SPF_IP4;
		int *cidr = v4 ? &t->cidr4 : &t->cidr6;

		if (!domain || (v4 ? !ip4_parse(domain, alen, t->addr) :
				!ip6_parse(domain, alen, t->addr)) ||
		    (slash && !cidr_len(slash + 1, strlen(slash + 1), v4 ? 32 : 128, cidr))) {
			spf->nterms--;
			return DNSAUTH_EINVAL;
		}
	} else if (domain) {
		t->domain = strndup_or(domain, strlen(domain), &failed);
	}
	if (modname)
		t->name = strndup_or(modname, strlen(modname), &failed);
	if (kind == DNSAUTH_SPF_REDIRECT || kind == DNSAUTH_SPF_EXP)
		t->name = strndup_or(dnsauth_spf_kind_name(kind), strlen(dnsauth_spf_kind_name(kind)), &failed);
	dnsauth_buf_init(&b, 0);
	if (!failed && dnsauth_spf_term_print(t, &b) == 0)
		t->text = dnsauth_buf_steal(&b);
	else
		dnsauth_buf_free(&b);
	if (failed || !t->text) {
		term_clear(t);
		spf->nterms--;
		return DNSAUTH_ENOMEM;
	}
	t->length = strlen(t->text);
	return 0;
}

int dnsauth_spf_term_print(const struct dnsauth_spf_term *t, struct dnsauth_buf *out)
{
	char addr[INET6_ADDRSTRLEN];

	switch (t->kind) {
	case DNSAUTH_SPF_INVALID:
		return dnsauth_buf_puts(out, t->text ? t->text : "");
	case DNSAUTH_SPF_REDIRECT:
	case DNSAUTH_SPF_EXP:
		return dnsauth_buf_printf(out, "%s=%s", dnsauth_spf_kind_name(t->kind),
					  t->domain ? t->domain : "");
	case DNSAUTH_SPF_UNKNOWN_MOD:
		return dnsauth_buf_printf(out, "%s=%s", t->name ? t->name : "",
					  t->domain ? t->domain : "");
	default:
		break;
	}
	if (t->qualifier != DNSAUTH_SPF_PASS)
		dnsauth_buf_putc(out, t->qualifier);
	dnsauth_buf_puts(out, dnsauth_spf_kind_name(t->kind));
	if (t->kind == DNSAUTH_SPF_IP4 || t->kind == DNSAUTH_SPF_IP6) {
		inet_ntop(t->kind == DNSAUTH_SPF_IP4 ? AF_INET : AF_INET6, t->addr,
			  addr, sizeof(addr));
		dnsauth_buf_printf(out, ":%s", addr);
		if (t->kind == DNSAUTH_SPF_IP4 && t->cidr4 >= 0)
			dnsauth_buf_printf(out, "/%d", t->cidr4);
		if (t->kind == DNSAUTH_SPF_IP6 && t->cidr6 >= 0)
			dnsauth_buf_printf(out, "/%d", t->cidr6);
		return out->err;
	}
	if (t->domain)
		dnsauth_buf_printf(out, ":%s", t->domain);
	if (t->cidr4 >= 0)
		dnsauth_buf_printf(out, "/%d", t->cidr4);
	if (t->cidr6 >= 0)
		dnsauth_buf_printf(out, "//%d", t->cidr6);
	return out->err;
}

int dnsauth_spf_print(const struct dnsauth_spf *spf, struct dnsauth_buf *out)
{
	size_t i;
	int pass;

	dnsauth_buf_puts(out, "v=spf1");
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < spf->nterms; i++) {
			const struct dnsauth_spf_term *t = &spf->terms[i];
			bool mod = t->kind == DNSAUTH_SPF_REDIRECT || t->kind == DNSAUTH_SPF_EXP ||
				   t->kind == DNSAUTH_SPF_UNKNOWN_MOD;

			if (mod != (pass == 1))
				continue;
			dnsauth_buf_putc(out, ' ');
			dnsauth_spf_term_print(t, out);
		}
	}
	return out->err;
}

static bool has_all(const struct dnsauth_spf *spf)
{
	size_t i;

	for (i = 0; i < spf->nterms; i++)
		if (spf->terms[i].kind == DNSAUTH_SPF_ALL)
			return true;
	return false;
}

bool dnsauth_spf_term_costs(const struct dnsauth_spf *spf,
			    const struct dnsauth_spf_term *t)
{
	switch (t->kind) {
	case DNSAUTH_SPF_INCLUDE:
	case DNSAUTH_SPF_A:
	case DNSAUTH_SPF_MX:
	case DNSAUTH_SPF_PTR:
	case DNSAUTH_SPF_EXISTS:
		return true;
	case DNSAUTH_SPF_REDIRECT:
		return !has_all(spf);
	default:
		return false;
	}
}

unsigned dnsauth_spf_local_lookups(const struct dnsauth_spf *spf)
{
	unsigned n = 0;
	size_t i;

	for (i = 0; i < spf->nterms; i++)
		if (dnsauth_spf_term_costs(spf, &spf->terms[i]))
			n++;
	return n;
}
