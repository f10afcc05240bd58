/* SPDX-License-Identifier: MIT */
/*
 * spf_eval.c - RFC 7208 check_host(): record selection (§4.5), mechanisms
 * (§5), modifiers (§6), macros (§7), limits (§4.6.4), explanation (§6.2).
 *
 * The evaluation is sequential code over dnsauth_dns_lookup(). Recursion
 * (include, redirect) is bounded by the 10-term limit: each level costs a
 * lookup, so the depth never exceeds DNSAUTH_SPF_LOOKUP_LIMIT + 1. The
 * addresses of the (at most 10) names of an mx mechanism or of the PTR
 * names of ptr / %{p} are asked in one dnsauth_dns_prefetch() before they
 * are looked at one by one: the same questions as one by one (mx may ask
 * for names after the one that matches or fails), the lookup and void
 * counts unchanged, one round trip instead of up to ten.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "error.h"
#include "spf.h"
#include "spf_eval.h"

#define R_NONE DNSAUTH_SPF_R_NONE
#define R_NEUTRAL DNSAUTH_SPF_R_NEUTRAL
#define R_PASS DNSAUTH_SPF_R_PASS
#define R_FAIL DNSAUTH_SPF_R_FAIL
#define R_SOFTFAIL DNSAUTH_SPF_R_SOFTFAIL
#define R_TEMPERROR DNSAUTH_SPF_R_TEMPERROR
#define R_PERMERROR DNSAUTH_SPF_R_PERMERROR

/* Longest domain name after expansion (RFC 7208 §7.3). */
#define NAME_MAX_LEN 253u
/* Longest expanded macro-string kept. */
#define EXPAND_MAX 8192u
/* Term evaluation outcome, besides a result. */
#define NO_MATCH (-1)
#define MATCH (-2)

struct ctx {
	struct dnsauth_dns *dns;
	int af;                 /* 4 or 6 */
	uint8_t ip[16];
	char ipstr[INET6_ADDRSTRLEN];
	bool ip_upper;          /* the IPv6 address was written in upper case:
	                           %{i} keeps that case in its nibbles */
	char *local;            /* local part of the sender */
	char *sdomain;          /* domain of the sender */
	char *helo;
	char *pname;            /* validated name for %{p}, once computed */
	unsigned lookups;
	unsigned voids;
	struct dnsauth_spf_eval *ev;
	struct dnsauth_spf_step *cur;   /* step being filled, or NULL */
	struct dnsauth_buf q;           /* queries of the current step */
	bool nomem;
};

const char *dnsauth_spf_result_name(enum dnsauth_spf_result r)
{
	switch (r) {
	case R_NONE: return "none";
	case R_NEUTRAL: return "neutral";
	case R_PASS: return "pass";
	case R_FAIL: return "fail";
	case R_SOFTFAIL: return "softfail";
	case R_TEMPERROR: return "temperror";
	case R_PERMERROR: return "permerror";
	}
	return "?";
}

void dnsauth_spf_eval_free(struct dnsauth_spf_eval *ev)
{
	size_t i;

	if (!ev)
		return;
	for (i = 0; i < ev->nsteps; i++) {
		free(ev->steps[i].domain);
		free(ev->steps[i].term);
		free(ev->steps[i].queries);
		free(ev->steps[i].note);
	}
	free(ev->steps);
	free(ev->reason);
	free(ev->explanation);
	free(ev);
}

/* ---------------------------------------------------------------- trace */

/* Close the current step: its queries and its note. */
static void step_end(struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void step_end(struct ctx *c, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!c->cur)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->cur->queries = strdup(c->q.data ? c->q.data : "");
	c->cur->note = strdup(msg);
	if (!c->cur->queries || !c->cur->note)
		c->nomem = true;
	c->cur = NULL;
	dnsauth_buf_reset(&c->q);
}

/* Open a step for \p term at \p domain. */
static void step_begin(struct ctx *c, unsigned depth, const char *domain, const char *term)
{
	struct dnsauth_spf_eval *ev = c->ev;
	struct dnsauth_spf_step *s;

	if (c->cur)
		step_end(c, "(unfinished)");
	dnsauth_buf_reset(&c->q);
	if (ev->nsteps >= DNSAUTH_SPF_TRACE_MAX) {
		ev->steps_dropped++;
		return;
	}
	if (ev->nsteps % 16 == 0) {
		s = realloc(ev->steps, (ev->nsteps + 16) * sizeof(*s));
		if (!s) {
			c->nomem = true;
			return;
		}
		ev->steps = s;
	}
	s = &ev->steps[ev->nsteps++];
	memset(s, 0, sizeof(*s));
	s->depth = depth;
	s->domain = strdup(domain);
	s->term = strdup(term);
	if (!s->domain || !s->term)
		c->nomem = true;
	c->cur = s;
}

/* Set the reason (the latest one wins: callers set theirs after the
 * terms they evaluated, so it ends up describing the outermost step). */
static void reason(struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void reason(struct ctx *c, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	free(c->ev->reason);
	c->ev->reason = strdup(msg);
	if (!c->ev->reason)
		c->nomem = true;
}

/* The mnemonic of the RR types SPF asks for (NULL for others). */
static const char *type_name(uint16_t type)
{
	switch (type) {
	case LDNS_RR_TYPE_A: return "A";
	case LDNS_RR_TYPE_AAAA: return "AAAA";
	case LDNS_RR_TYPE_MX: return "MX";
	case LDNS_RR_TYPE_TXT: return "TXT";
	case LDNS_RR_TYPE_PTR: return "PTR";
	default: return NULL;
	}
}

/* A lookup, recorded in the current step: every lookup the evaluation
 * makes, whether the answer comes from the network or from the handle's
 * cache (prefetched, asked before, or taken from the additional section
 * of an MX response): the trace is the same from every source. */
static const struct dnsauth_dns_answer *lookup(struct ctx *c, const char *name, uint16_t type)
{
	const struct dnsauth_dns_answer *a = dnsauth_dns_lookup(c->dns, name, type);
	const char *t = type_name(type);
	char *other = t ? NULL : ldns_rr_type2str((ldns_rr_type)type);

	dnsauth_buf_printf(&c->q, "%s%s %s: %s", c->q.len ? "; " : "",
			   t ? t : other ? other : "?", name,
			   a ? dnsauth_dns_status_name(a->status) : "out of memory");
	free(other);
	if (!a)
		c->nomem = true;
	return a;
}

/* ---------------------------------------------------------------- names */

/* Whether \p d is a usable domain name (RFC 7208 §4.3): at least two
 * labels, each 1..63 octets, at most 253 octets (one trailing dot
 * allowed), no domain literal. */
static bool name_ok(const char *d)
{
	size_t n = strlen(d), lab = 0, labels = 0, i;

	if (n > 0 && d[n - 1] == '.')
		n--;
	if (n == 0 || n > NAME_MAX_LEN || d[0] == '[')
		return false;
	for (i = 0; i <= n; i++) {
		if (i == n || d[i] == '.') {
			if (lab == 0 || lab > 63)
				return false;
			labels++;
			lab = 0;
		} else {
			lab++;
		}
	}
	return labels >= 2;
}

/* Whether name \p n is \p dom or below it (case-insensitive, trailing
 * dots ignored). */
static bool name_at_or_below(const char *n, const char *dom)
{
	size_t ln = strlen(n), ld = strlen(dom);

	if (ln > 0 && n[ln - 1] == '.')
		ln--;
	if (ld > 0 && dom[ld - 1] == '.')
		ld--;
	if (ld > ln)
		return false;
	if (strncasecmp(n + ln - ld, dom, ld) != 0)
		return false;
	return ln == ld || n[ln - ld - 1] == '.';
}

/* --------------------------------------------------------------- addresses */

/* Whether the address of \p rr (A or AAAA) is in the client's network
 * of \p prefix bits. */
static bool addr_match(const struct ctx *c, const uint8_t *net, size_t len, int prefix)
{
	size_t full = (size_t)prefix / 8, rem = (size_t)prefix % 8;

	if ((c->af == 4 && len != 4) || (c->af == 6 && len != 16))
		return false;
	if (full > len)
		return false;
	if (memcmp(c->ip, net, full) != 0)
		return false;
	if (rem == 0)
		return true;
	return ((c->ip[full] ^ net[full]) & (0xff00u >> rem) & 0xffu) == 0;
}

/* Whether any A/AAAA record of \p a is in the client's network. */
static bool answer_match(const struct ctx *c, const struct dnsauth_dns_answer *a, int prefix)
{
	size_t i, n;

	if (a->status != DNSAUTH_DNS_DATA || !a->rrs)
		return false;
	n = ldns_rr_list_rr_count(a->rrs);
	for (i = 0; i < n; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(a->rrs, i);
		const ldns_rdf *f = ldns_rr_rd_count(rr) ? ldns_rr_rdf(rr, 0) : NULL;

		if (f && addr_match(c, ldns_rdf_data(f), ldns_rdf_size(f), prefix))
			return true;
	}
	return false;
}

/* The type of address lookup for the client. */
static uint16_t addr_type(const struct ctx *c)
{
	return c->af == 4 ? LDNS_RR_TYPE_A : LDNS_RR_TYPE_AAAA;
}

/* The text of the domain name in rdata field \p f, without the trailing
 * dot; caller frees; NULL out of memory. */
static char *rdf_name(const ldns_rdf *f)
{
	const uint8_t *d = ldns_rdf_data(f);
	size_t n = ldns_rdf_size(f), i, o = 0;
	char *name;
	size_t l;

	/* labels of letters, digits, '-' and '_' (nearly every host name)
	 * read as they are; anything else as ldns prints it (escapes) */
	if (ldns_rdf_get_type(f) == LDNS_RDF_TYPE_DNAME && d && n > 1) {
		name = malloc(n);
		for (i = 0; name && i < n && d[i] != 0;) {
			size_t len = d[i++], k;

			for (k = 0; k < len && i < n; k++, i++) {
				uint8_t ch = d[i];

				if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
				      (ch >= '0' && ch <= '9') || ch == '-' || ch == '_'))
					break;
				name[o++] = (char)ch;
			}
			if (k < len)
				break;
			name[o++] = '.';
		}
		if (name && i < n && d[i] == 0 && i == n - 1) {
			name[o - 1] = '\0';
			return name;
		}
		free(name);
	}
	name = ldns_rdf2str(f);
	if (!name)
		return NULL;
	l = strlen(name);
	if (l > 0 && name[l - 1] == '.')
		name[l - 1] = '\0';
	return name;
}

/* Ask for the addresses of the usable names among \p names[0..n) (NULLs
 * skipped) all at once, before the caller looks them up one by one: the
 * same questions, in one round trip instead of n. What is asked does
 * not change, only when (lookup() finds the answers cached). Out of
 * memory here only means the lookups ask for themselves. */
static void prefetch_addrs(struct ctx *c, char *const *names, size_t n)
{
	struct dnsauth_dns_q qs[DNSAUTH_SPF_NAME_LIMIT];
	size_t i, nq = 0;

	for (i = 0; i < n && nq < DNSAUTH_SPF_NAME_LIMIT; i++) {
		if (!names[i] || !name_ok(names[i]))
			continue;
		qs[nq].name = names[i];
		qs[nq].type = addr_type(c);
		nq++;
	}
	if (nq > 1)
		(void)dnsauth_dns_prefetch(c->dns, qs, nq);
}

/* The client's validated domain names (RFC 7208 §5.5): PTR names (at most
 * 10) whose addresses include the client. Names are appended to \p out
 * (caller frees each); \return how many, or -1 out of memory. */
static int validated_names(struct ctx *c, char **out, size_t max)
{
	char *rev = dnsauth_dns_reverse_name(c->ipstr);
	char *names[DNSAUTH_SPF_NAME_LIMIT] = { NULL };
	const struct dnsauth_dns_answer *a;
	size_t i, n, k = 0;

	if (!rev)
		return -1;
	a = lookup(c, rev, LDNS_RR_TYPE_PTR);
	free(rev);
	if (!a)
		return -1;
	if (a->status != DNSAUTH_DNS_DATA || !a->rrs)
		return 0;
	n = ldns_rr_list_rr_count(a->rrs);
	if (n > DNSAUTH_SPF_NAME_LIMIT)
		n = DNSAUTH_SPF_NAME_LIMIT;
	for (i = 0; i < n; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(a->rrs, i);

		if (ldns_rr_rd_count(rr) < 1)
			continue;
		names[i] = rdf_name(ldns_rr_rdf(rr, 0));
		if (!names[i]) {
			while (i-- > 0)
				free(names[i]);
			return -1;
		}
	}
	prefetch_addrs(c, names, n);
	for (i = 0; i < n; i++) {
		const struct dnsauth_dns_answer *aa;
		char *name = names[i];

		names[i] = NULL;
		if (!name)
			continue;
		aa = k < max && name_ok(name) ? lookup(c, name, addr_type(c)) : NULL;
		if (aa && answer_match(c, aa, c->af == 4 ? 32 : 128))
			out[k++] = name;
		else
			free(name);
	}
	return (int)k;
}

/* ------------------------------------------------------------------ macros */

/* Append \p v to \p out, URL-escaped when \p upper. */
static void put_value(struct dnsauth_buf *out, const char *v, bool upper)
{
	for (; *v; v++) {
		unsigned char ch = (unsigned char)*v;

		if (!upper || isalnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~')
			dnsauth_buf_putc(out, (char)ch);
		else
			dnsauth_buf_printf(out, "%%%02X", ch);
	}
}

/* The value of macro letter \p l (lower case); caller frees; NULL out of
 * memory or unknown letter. */
static char *macro_value(struct ctx *c, char l, const char *domain)
{
	char buf[128];

	switch (l) {
	case 's': {
		size_t n = strlen(c->local) + strlen(c->sdomain) + 2;
		char *s = malloc(n);

		if (s)
			snprintf(s, n, "%s@%s", c->local, c->sdomain);
		return s;
	}
	case 'l': return strdup(c->local);
	case 'o': return strdup(c->sdomain);
	case 'd': return strdup(domain);
	case 'h': return strdup(c->helo);
	case 'c': return strdup(c->ipstr);
	case 'r': return strdup("unknown");
	case 'v': return strdup(c->af == 4 ? "in-addr" : "ip6");
	case 't':
		snprintf(buf, sizeof(buf), "%lld", (long long)time(NULL));
		return strdup(buf);
	case 'i':
		if (c->af == 4) {
			snprintf(buf, sizeof(buf), "%u.%u.%u.%u", c->ip[0], c->ip[1],
				 c->ip[2], c->ip[3]);
		} else {
			size_t i, o = 0;

			/* hex digits in the case the address was given in
			 * (DNS names ignore case; explanations show it) */
			for (i = 0; i < 16; i++)
				o += (size_t)snprintf(buf + o, sizeof(buf) - o,
						      c->ip_upper ? "%s%X.%X" : "%s%x.%x",
						      i ? "." : "", c->ip[i] >> 4,
						      c->ip[i] & 0xf);
		}
		return strdup(buf);
	case 'p':
		if (!c->pname) {
			char *names[DNSAUTH_SPF_NAME_LIMIT];
			int k = validated_names(c, names, DNSAUTH_SPF_NAME_LIMIT), i;
			int best = -1;

			if (k < 0)
				return NULL;
			/* prefer the domain itself, then a name below it */
			for (i = 0; i < k && best < 0; i++)
				if (strcasecmp(names[i], domain) == 0)
					best = i;
			for (i = 0; i < k && best < 0; i++)
				if (name_at_or_below(names[i], domain))
					best = i;
			if (best < 0 && k > 0)
				best = 0;
			c->pname = strdup(best >= 0 ? names[best] : "unknown");
			for (i = 0; i < k; i++)
				free(names[i]);
		}
		return c->pname ? strdup(c->pname) : NULL;
	default:
		return NULL;
	}
}

/* Apply the transformers: split on \p delims, reverse, keep the last
 * \p keep parts (0: all), join with ".". */
static void put_transformed(struct dnsauth_buf *out, const char *v, const char *delims,
			    unsigned long keep, bool rev, bool upper)
{
	const char *parts[256];
	size_t lens[256], n = 0, i, start;
	const char *p = v, *s = v;
	struct dnsauth_buf tmp;

	for (;; p++) {
		if (*p == '\0' || strchr(delims, *p)) {
			if (n < 256) {
				parts[n] = s;
				lens[n] = (size_t)(p - s);
				n++;
			}
			if (*p == '\0')
				break;
			s = p + 1;
		}
	}
	if (rev) {
		for (i = 0; i < n / 2; i++) {
			const char *tp = parts[i];
			size_t tl = lens[i];

			parts[i] = parts[n - 1 - i];
			lens[i] = lens[n - 1 - i];
			parts[n - 1 - i] = tp;
			lens[n - 1 - i] = tl;
		}
	}
	start = keep > 0 && keep < n ? n - keep : 0;
	dnsauth_buf_init(&tmp, EXPAND_MAX);
	for (i = start; i < n; i++) {
		if (i > start)
			dnsauth_buf_putc(&tmp, '.');
		dnsauth_buf_append(&tmp, parts[i], lens[i]);
	}
	put_value(out, tmp.data ? tmp.data : "", upper);
	dnsauth_buf_free(&tmp);
}

/*
 * Expand a macro-string (RFC 7208 §7). \p in_exp allows c, r, t.
 * \return 0, or -1 on a syntax error (permerror), -2 out of memory.
 */
static int expand(struct ctx *c, const char *s, size_t len, const char *domain,
		  bool in_exp, struct dnsauth_buf *out)
{
	size_t i = 0;

	while (i < len) {
		char ch = s[i];
		char letter, delims[8];
		unsigned long keep = 0;
		bool rev = false, upper;
		size_t nd = 0, digits = 0;
		char *v;

		if (ch != '%') {
			if ((unsigned char)ch < 0x21 && ch != ' ')
				return -1;
			if ((unsigned char)ch > 0x7e)
				return -1;
			dnsauth_buf_putc(out, ch);
			i++;
			continue;
		}
		if (i + 1 >= len)
			return -1;
		ch = s[i + 1];
		if (ch == '%' || ch == '_' || ch == '-') {
			dnsauth_buf_puts(out, ch == '%' ? "%" : ch == '_' ? " " : "%20");
			i += 2;
			continue;
		}
		if (ch != '{' || i + 2 >= len)
			return -1;
		i += 2;
		letter = s[i++];
		upper = isupper((unsigned char)letter) != 0;
		letter = (char)tolower((unsigned char)letter);
		if (!strchr("slodiphcrtv", letter))
			return -1;
		if (!in_exp && strchr("crt", letter))
			return -1;
		while (i < len && isdigit((unsigned char)s[i])) {
			if (digits++ < 4)
				keep = keep * 10 + (unsigned long)(s[i] - '0');
			i++;
		}
		if (digits > 0 && keep == 0)
			return -1;
		if (i < len && (s[i] == 'r' || s[i] == 'R')) {
			rev = true;
			i++;
		}
		while (i < len && strchr(".-+,/_=", s[i]) && s[i] != '\0') {
			if (nd < sizeof(delims) - 1)
				delims[nd++] = s[i];
			i++;
		}
		delims[nd] = '\0';
		if (nd == 0)
			strcpy(delims, ".");
		if (i >= len || s[i] != '}')
			return -1;
		i++;
		v = macro_value(c, letter, domain);
		if (!v)
			return -2;
		put_transformed(out, v, delims, keep, rev, upper);
		free(v);
	}
	return out->err ? -2 : 0;
}

/*
 * The target name of a domain-spec (or \p domain when \p spec is NULL),
 * expanded and truncated from the left to 253 octets (§7.3).
 * \return a copy, caller frees; NULL with *syntax on a macro error.
 */
static char *target_name(struct ctx *c, const char *spec, const char *domain, bool *syntax)
{
	struct dnsauth_buf b;
	const char *p;
	size_t n;
	char *r;
	int rc;

	*syntax = false;
	if (!spec)
		return strdup(domain);
	dnsauth_buf_init(&b, EXPAND_MAX);
	rc = expand(c, spec, strlen(spec), domain, false, &b);
	if (rc != 0) {
		if (rc == -1)
			*syntax = true;
		else
			c->nomem = true;
		dnsauth_buf_free(&b);
		return NULL;
	}
	p = b.data ? b.data : "";
	n = strlen(p);
	if (n > 0 && p[n - 1] == '.')
		b.data[--n] = '\0';
	while (n > NAME_MAX_LEN) {
		const char *dot = strchr(p, '.');

		if (!dot)
			break;
		n -= (size_t)(dot + 1 - p);
		p = dot + 1;
	}
	r = strdup(p);
	dnsauth_buf_free(&b);
	if (!r)
		c->nomem = true;
	return r;
}

/* ------------------------------------------------------------- evaluation */

static enum dnsauth_spf_result check_domain(struct ctx *c, const char *domain,
					    unsigned depth, char **expl);

/* Count a DNS-querying term; \return false past the limit (permerror). */
static bool count_lookup(struct ctx *c)
{
	if (++c->lookups > DNSAUTH_SPF_LOOKUP_LIMIT) {
		reason(c, "more than %u DNS-querying terms (RFC 7208 §4.6.4)",
		       DNSAUTH_SPF_LOOKUP_LIMIT);
		return false;
	}
	return true;
}

/* Count a void lookup; \return false past the limit. */
static bool count_void(struct ctx *c, const struct dnsauth_dns_answer *a)
{
	if (a->status != DNSAUTH_DNS_NXDOMAIN && a->status != DNSAUTH_DNS_NODATA)
		return true;
	if (++c->voids > DNSAUTH_SPF_VOID_LIMIT) {
		reason(c, "more than %u void lookups (RFC 7208 §4.6.4)",
		       DNSAUTH_SPF_VOID_LIMIT);
		return false;
	}
	return true;
}

/* A DNS failure of a lookup that decides: temperror. */
static int dns_failure(struct ctx *c, const struct dnsauth_dns_answer *a, const char *name)
{
	reason(c, "DNS lookup of %s failed: %s", name,
	       a->error ? a->error : dnsauth_dns_status_name(a->status));
	return R_TEMPERROR;
}

/* The answer of a mechanism's own lookup of \p target, counted as void
 * when empty; NULL, with *rc the result that ends the evaluation
 * (temperror, or permerror past the void limit), when it decides. */
static const struct dnsauth_dns_answer *term_lookup(struct ctx *c, const char *target,
						    uint16_t type, int *rc)
{
	const struct dnsauth_dns_answer *a = lookup(c, target, type);

	if (!a) {
		*rc = R_TEMPERROR;
		return NULL;
	}
	if (dnsauth_dns_failed(a->status)) {
		*rc = dns_failure(c, a, target);
		return NULL;
	}
	if (!count_void(c, a)) {
		*rc = R_PERMERROR;
		return NULL;
	}
	return a;
}

/*
 * Evaluate one mechanism. \return MATCH, NO_MATCH, or a result that ends
 * the evaluation (temperror, permerror).
 */
static int eval_mech(struct ctx *c, const struct dnsauth_spf_term *t, const char *domain,
		     unsigned depth)
{
	const struct dnsauth_dns_answer *a;
	char *hosts[DNSAUTH_SPF_NAME_LIMIT] = { NULL };
	char *target = NULL;
	bool syntax = false;
	int prefix, rc = NO_MATCH;
	size_t i, n;

	switch (t->kind) {
	case DNSAUTH_SPF_ALL:
		return MATCH;
	case DNSAUTH_SPF_IP4:
		if (c->af != 4)
			return NO_MATCH;
		return addr_match(c, t->addr, 4, t->cidr4 >= 0 ? t->cidr4 : 32) ? MATCH : NO_MATCH;
	case DNSAUTH_SPF_IP6:
		if (c->af != 6)
			return NO_MATCH;
		return addr_match(c, t->addr, 16, t->cidr6 >= 0 ? t->cidr6 : 128) ? MATCH : NO_MATCH;
	default:
		break;
	}
	if (!count_lookup(c))
		return R_PERMERROR;
	if (c->cur)
		c->cur->cost = 1;
	if ((t->kind == DNSAUTH_SPF_INCLUDE || t->kind == DNSAUTH_SPF_EXISTS) && !t->domain) {
		reason(c, "%s without a domain", t->text);
		return R_PERMERROR;
	}
	target = target_name(c, t->domain, domain, &syntax);
	if (!target) {
		if (syntax)
			reason(c, "macro error in \"%s\"", t->text);
		return R_PERMERROR;
	}
	prefix = c->af == 4 ? (t->cidr4 >= 0 ? t->cidr4 : 32) : (t->cidr6 >= 0 ? t->cidr6 : 128);
	switch (t->kind) {
	case DNSAUTH_SPF_A:
	case DNSAUTH_SPF_EXISTS: {
		uint16_t type = t->kind == DNSAUTH_SPF_EXISTS ? LDNS_RR_TYPE_A : addr_type(c);

		if (!name_ok(target)) {
			rc = NO_MATCH;
			break;
		}
		a = term_lookup(c, target, type, &rc);
		if (!a)
			break;
		if (t->kind == DNSAUTH_SPF_EXISTS)
			rc = a->status == DNSAUTH_DNS_DATA ? MATCH : NO_MATCH;
		else
			rc = answer_match(c, a, prefix) ? MATCH : NO_MATCH;
		break;
	}
	case DNSAUTH_SPF_MX:
		if (!name_ok(target))
			break;
		a = term_lookup(c, target, LDNS_RR_TYPE_MX, &rc);
		if (!a)
			break;
		if (a->status != DNSAUTH_DNS_DATA || !a->rrs)
			break;
		n = ldns_rr_list_rr_count(a->rrs);
		if (n > DNSAUTH_SPF_NAME_LIMIT) {
			reason(c, "%s: more than %u MX names (RFC 7208 §4.6.4)", target,
			       DNSAUTH_SPF_NAME_LIMIT);
			rc = R_PERMERROR;
			break;
		}
		/* the exchanges, their addresses asked all at once, then
		 * looked at in order (the first match or failure decides) */
		for (i = 0; i < n && !c->nomem; i++) {
			const ldns_rr *rr = ldns_rr_list_rr(a->rrs, i);

			if (ldns_rr_rd_count(rr) < 2)
				continue;
			hosts[i] = rdf_name(ldns_rr_rdf(rr, 1));
			if (!hosts[i])
				c->nomem = true;
		}
		if (!c->nomem)
			prefetch_addrs(c, hosts, n);
		for (i = 0; i < n && rc == NO_MATCH && !c->nomem; i++) {
			const struct dnsauth_dns_answer *aa;

			if (!hosts[i])
				continue;
			aa = name_ok(hosts[i]) ? lookup(c, hosts[i], addr_type(c)) : NULL;
			if (aa && dnsauth_dns_failed(aa->status))
				rc = dns_failure(c, aa, hosts[i]);
			else if (aa && answer_match(c, aa, prefix))
				rc = MATCH;
		}
		for (i = 0; i < n; i++)
			free(hosts[i]);
		break;
	case DNSAUTH_SPF_PTR: {
		char *names[DNSAUTH_SPF_NAME_LIMIT];
		int k = validated_names(c, names, DNSAUTH_SPF_NAME_LIMIT), j;

		if (k < 0) {
			c->nomem = true;
			break;
		}
		for (j = 0; j < k; j++) {
			if (name_at_or_below(names[j], target))
				rc = MATCH;
			free(names[j]);
		}
		break;
	}
	case DNSAUTH_SPF_INCLUDE: {
		enum dnsauth_spf_result r;

		step_end(c, "include of %s", target);
		r = check_domain(c, target, depth + 1, NULL);
		switch (r) {
		case R_PASS:
			rc = MATCH;
			break;
		case R_FAIL:
		case R_SOFTFAIL:
		case R_NEUTRAL:
			rc = NO_MATCH;
			break;
		case R_TEMPERROR:
			rc = R_TEMPERROR;
			break;
		case R_NONE:
			reason(c, "include:%s has no SPF record", target);
			rc = R_PERMERROR;
			break;
		default:
			rc = R_PERMERROR;
			break;
		}
		break;
	}
	default:
		break;
	}
	free(target);
	return rc;
}

/* The explanation of a fail (§6.2): NULL when it cannot be had. */
static char *explanation(struct ctx *c, const char *spec, const char *domain, unsigned depth)
{
	const struct dnsauth_dns_answer *a;
	struct dnsauth_buf b;
	bool syntax;
	char *target, *r = NULL;

	step_begin(c, depth, domain, "exp");
	target = target_name(c, spec, domain, &syntax);
	if (!target || !name_ok(target)) {
		step_end(c, "no explanation: bad domain");
		free(target);
		return NULL;
	}
	a = lookup(c, target, LDNS_RR_TYPE_TXT);
	free(target);
	if (!a || a->status != DNSAUTH_DNS_DATA || a->ntxt != 1) {
		step_end(c, "no explanation: not exactly one TXT record");
		return NULL;
	}
	dnsauth_buf_init(&b, EXPAND_MAX);
	if (memchr(a->txt[0], '\0', a->txt_len[0]) ||
	    expand(c, a->txt[0], a->txt_len[0], domain, true, &b) != 0) {
		step_end(c, "no explanation: bad explanation text");
		dnsauth_buf_free(&b);
		return NULL;
	}
	r = strdup(b.data ? b.data : "");
	dnsauth_buf_free(&b);
	step_end(c, "explanation found");
	return r;
}

/* Whether the record text is 7-bit ASCII. */
static bool ascii_only(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] > 0x7e)
			return false;
	return true;
}

static enum dnsauth_spf_result qual_result(char q)
{
	switch (q) {
	case '-': return R_FAIL;
	case '~': return R_SOFTFAIL;
	case '?': return R_NEUTRAL;
	default: return R_PASS;
	}
}

/*
 * check_host() for one domain (§4). \p expl receives the explanation of
 * a fail (NULL when the caller does not want it: include).
 */
static enum dnsauth_spf_result check_domain(struct ctx *c, const char *domain,
					    unsigned depth, char **expl)
{
	const struct dnsauth_dns_answer *a;
	const struct dnsauth_spf_term *redirect = NULL, *exp = NULL;
	struct dnsauth_spf *spf = NULL;
	enum dnsauth_spf_result res = R_NEUTRAL;
	size_t i, found = 0, which = 0;
	int rc;

	step_begin(c, depth, domain, "(record)");
	if (!name_ok(domain)) {
		step_end(c, "not a valid domain name");
		reason(c, "%s is not a valid domain name (RFC 7208 §4.3)", domain);
		return R_NONE;
	}
	a = lookup(c, domain, LDNS_RR_TYPE_TXT);
	if (!a)
		return R_TEMPERROR;
	if (dnsauth_dns_failed(a->status)) {
		step_end(c, "record lookup failed");
		return (enum dnsauth_spf_result)dns_failure(c, a, domain);
	}
	for (i = 0; a->status == DNSAUTH_DNS_DATA && i < a->ntxt; i++) {
		if (dnsauth_spf_is_record(a->txt[i], a->txt_len[i])) {
			found++;
			which = i;
		}
	}
	if (found == 0) {
		step_end(c, "no SPF record");
		reason(c, "%s has no SPF record", domain);
		return R_NONE;
	}
	if (found > 1) {
		step_end(c, "%zu SPF records", found);
		reason(c, "%s has %zu SPF records (RFC 7208 §4.5)", domain, found);
		return R_PERMERROR;
	}
	if (!ascii_only(a->txt[which], a->txt_len[which]) ||
	    memchr(a->txt[which], '\0', a->txt_len[which])) {
		step_end(c, "record is not 7-bit ASCII");
		reason(c, "the SPF record of %s is not 7-bit ASCII (RFC 7208 §3.1)", domain);
		return R_PERMERROR;
	}
	rc = dnsauth_spf_parse(a->txt[which], a->txt_len[which], domain, &spf, NULL);
	if (rc == DNSAUTH_ENOMEM) {
		c->nomem = true;
		return R_TEMPERROR;
	}
	if (rc != 0 || !spf) {
		step_end(c, "syntax error");
		reason(c, "the SPF record of %s has a syntax error", domain);
		res = R_PERMERROR;
		goto out;
	}
	for (i = 0; i < spf->nterms; i++) {
		const struct dnsauth_spf_term *t = &spf->terms[i];

		if (t->kind == DNSAUTH_SPF_INVALID) {
			step_end(c, "syntax error");
			reason(c, "the SPF record of %s has a syntax error: %s", domain, t->text);
			res = R_PERMERROR;
			goto out;
		}
		if (t->kind == DNSAUTH_SPF_REDIRECT || t->kind == DNSAUTH_SPF_EXP) {
			const struct dnsauth_spf_term **slot =
				t->kind == DNSAUTH_SPF_REDIRECT ? &redirect : &exp;

			if (*slot) {
				step_end(c, "duplicate modifier");
				reason(c, "%s: %s= more than once (RFC 7208 §6)", domain,
				       dnsauth_spf_kind_name(t->kind));
				res = R_PERMERROR;
				goto out;
			}
			*slot = t;
		}
	}
	step_end(c, "SPF record found");
	for (i = 0; i < spf->nterms; i++) {
		const struct dnsauth_spf_term *t = &spf->terms[i];
		int m;

		if (t->kind == DNSAUTH_SPF_REDIRECT || t->kind == DNSAUTH_SPF_EXP ||
		    t->kind == DNSAUTH_SPF_UNKNOWN_MOD)
			continue;
		step_begin(c, depth, domain, t->text);
		m = eval_mech(c, t, domain, depth);
		if (c->nomem) {
			res = R_TEMPERROR;
			goto out;
		}
		if (m == NO_MATCH) {
			step_end(c, "no match");
			continue;
		}
		if (m != MATCH) {
			step_end(c, "%s", dnsauth_spf_result_name((enum dnsauth_spf_result)m));
			res = (enum dnsauth_spf_result)m;
			goto out;
		}
		step_end(c, "match");
		res = qual_result(t->qualifier);
		reason(c, "%s matched in the SPF record of %s", t->text, domain);
		if (res == R_FAIL && exp && expl)
			*expl = explanation(c, exp->domain, domain, depth);
		goto out;
	}
	if (redirect) {
		char *target;
		bool syntax;

		step_begin(c, depth, domain, redirect->text);
		if (!count_lookup(c)) {
			step_end(c, "permerror");
			res = R_PERMERROR;
			goto out;
		}
		if (c->cur)
			c->cur->cost = 1;
		target = target_name(c, redirect->domain, domain, &syntax);
		if (!target) {
			step_end(c, "permerror");
			reason(c, "macro error in \"%s\"", redirect->text);
			res = R_PERMERROR;
			goto out;
		}
		step_end(c, "redirect to %s", target);
		res = check_domain(c, target, depth + 1, expl);
		if (res == R_NONE) {
			reason(c, "redirect=%s has no SPF record", target);
			res = R_PERMERROR;
		}
		free(target);
		goto out;
	}
	reason(c, "no mechanism matched in the SPF record of %s (default neutral)", domain);
	res = R_NEUTRAL;
out:
	if (c->cur)
		step_end(c, "%s", dnsauth_spf_result_name(res));
	dnsauth_spf_free(spf);
	return res;
}

/* Parse the client address: IPv4, IPv6, IPv4-mapped IPv6 as IPv4. */
static bool parse_ip(struct ctx *c, const char *ip)
{
	struct in6_addr a6;

	if (inet_pton(AF_INET, ip, c->ip) == 1) {
		c->af = 4;
	} else if (inet_pton(AF_INET6, ip, &a6) == 1) {
		static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

		if (memcmp(a6.s6_addr, mapped, 12) == 0) {
			c->af = 4;
			memcpy(c->ip, a6.s6_addr + 12, 4);
		} else {
			c->af = 6;
			memcpy(c->ip, a6.s6_addr, 16);
			c->ip_upper = strpbrk(ip, "ABCDEF") != NULL;
		}
	} else {
		return false;
	}
	return inet_ntop(c->af == 4 ? AF_INET : AF_INET6, c->ip, c->ipstr,
			 sizeof(c->ipstr)) != NULL;
}

int dnsauth_spf_check_host(struct dnsauth_dns *dns, const char *ip,
			   const char *domain, const char *sender,
			   const char *helo, struct dnsauth_spf_eval **out)
{
	struct ctx c;
	const char *at;
	char *expl = NULL;
	int rc = DNSAUTH_ENOMEM;

	if (!out)
		return DNSAUTH_EINVAL;
	*out = NULL;
	if (!dns || !ip)
		return DNSAUTH_EINVAL;
	memset(&c, 0, sizeof(c));
	c.dns = dns;
	dnsauth_buf_init(&c.q, 65536);
	if (!parse_ip(&c, ip)) {
		rc = DNSAUTH_EINVAL;
		goto out;
	}
	if (!helo)
		helo = "";
	c.helo = strdup(helo);
	if (!sender || !*sender) {
		c.local = strdup("postmaster");
		c.sdomain = strdup(helo);
	} else if ((at = strrchr(sender, '@')) != NULL) {
		c.local = at == sender ? strdup("postmaster") : strndup(sender, (size_t)(at - sender));
		c.sdomain = strdup(at + 1);
	} else {
		c.local = strdup("postmaster");
		c.sdomain = strdup(sender);
	}
	c.ev = calloc(1, sizeof(*c.ev));
	if (!c.helo || !c.local || !c.sdomain || !c.ev)
		goto out;
	if (!domain)
		domain = c.sdomain;
	c.ev->result = check_domain(&c, domain, 0, &expl);
	if (c.nomem)
		goto out;
	if (c.cur)
		step_end(&c, "%s", dnsauth_spf_result_name(c.ev->result));
	c.ev->explanation = c.ev->result == R_FAIL ? expl : NULL;
	if (c.ev->result != R_FAIL)
		free(expl);
	expl = NULL;
	c.ev->lookups = c.lookups;
	c.ev->void_lookups = c.voids;
	if (!c.ev->reason)
		reason(&c, "result %s", dnsauth_spf_result_name(c.ev->result));
	if (c.nomem)
		goto out;
	*out = c.ev;
	c.ev = NULL;
	rc = 0;
out:
	free(expl);
	dnsauth_spf_eval_free(c.ev);
	dnsauth_buf_free(&c.q);
	free(c.helo);
	free(c.local);
	free(c.sdomain);
	free(c.pname);
	return rc;
}
