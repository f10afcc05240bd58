/* SPDX-License-Identifier: MIT */
/*
 * audit_other.c - the last area of the audit engine: MTA-STS and TLS-RPT
 * TXT records (rules.md §6.7, record level; the HTTPS policy is checked
 * elsewhere), BIMI (§6.8), DANE TLSA records (§6.9, record level; DNSSEC
 * is checked elsewhere) and dangling CNAME chains of these names and of
 * _dmarc (§6.6, addr-dangling-alias; DKIM selectors are covered by
 * dkim-dangling-cname, MX hosts by the MX area).
 *
 * Two levels of lookups. Level 1, all known from the domain alone:
 * _mta-sts TXT, mta-sts A and AAAA, _smtp._tls TXT, default._bimi TXT,
 * _dmarc TXT, MX, and TLSA at _25._tcp.<domain>. Level 2, named by level
 * 1: TLSA at _25._tcp.<MX host>, MX of the TLS-RPT mailto domains (with
 * their A and AAAA, the implicit MX, unless the MX is known), and
 * the DMARC record of the organizational domain when BIMI needs it and
 * the domain has none. Failures of MX and _dmarc lookups are left to the
 * areas that own those names.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit_int.h"
#include "buf.h"
#include "dmarc.h"
#include "dname.h"
#include "error.h"
#include "psl.h"

/* MX hosts whose TLSA records are looked up (more are not checked). */
#define MX_MAX 32u
/* TLS-RPT mailto domains whose MX is looked up. */
#define RUA_MAX 8u
/* Longest tag or field name in MTA-STS and TLS-RPT (1 + 31). */
#define EXT_NAME_MAX 32u
/* Characters of a record quoted in a message. */
#define SHOWN_MAX 40

struct other_run {
	/* level 1 */
	char *n_sts, *n_sts_host, *n_rpt, *n_bimi, *n_dmarc, *n_tlsa;
	const struct dnsauth_dns_answer *sts, *sts_a, *sts_aaaa, *rpt, *bimi;
	const struct dnsauth_dns_answer *dmarc, *mx, *tlsa;
	/* the MX hosts */
	bool mx_known;     /* the MX answer says where mail goes */
	bool null_mx;
	bool self_mx;      /* the domain is one of its MX hosts (or the implicit one) */
	char *hosts[MX_MAX];
	size_t nhosts;
	/* level 2 */
	char *n_host_tlsa[MX_MAX];        /* NULL for the domain itself */
	const struct dnsauth_dns_answer *host_tlsa[MX_MAX];
	char *rua[RUA_MAX];               /* TLS-RPT mailto domains */
	unsigned rua_column[RUA_MAX];     /* of the first URI naming each */
	const char *rua_record;           /* the TLS-RPT record they are in */
	size_t nrua;
	const struct dnsauth_dns_answer *rua_mx[RUA_MAX];
	const struct dnsauth_dns_answer *rua_a[RUA_MAX], *rua_aaaa[RUA_MAX];
	char *n_dm[2];                    /* further DMARC names for BIMI */
	const struct dnsauth_dns_answer *dm[2];
	/* results */
	bool rpt_present;                 /* some TLS-RPT record, valid or not */
	bool bimi_check_dmarc;            /* one valid BIMI record to check */
	bool bimi_evidence;
	unsigned bimi_a_column;
};

/* ------------------------------------------------------------------ */
/* helpers                                                              */

static bool is_wsp(char ch)
{
	return ch == ' ' || ch == '\t';
}

static bool is_alnum(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9');
}

static int shown(size_t n)
{
	return (int)(n > SHOWN_MAX ? SHOWN_MAX : n);
}

static const char *more(size_t n)
{
	return n > SHOWN_MAX ? "..." : "";
}

/* "<a><b>", or NULL (out of memory noted). */
static char *cat(struct audit_ctx *c, const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = malloc(la + lb + 1);

	if (!s) {
		c->oom = 1;
		return NULL;
	}
	memcpy(s, a, la);
	memcpy(s + la, b, lb + 1);
	return s;
}

/* Record the A or AAAA records of an answer (and its chain). */
static void record_addresses(struct audit_ctx *c, const struct dnsauth_dns_answer *a,
			     bool chain)
{
	size_t i, n;

	if (chain)
		audit_record_chain(c, a);
	n = a->rrs ? ldns_rr_list_rr_count(a->rrs) : 0;
	for (i = 0; i < n; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(a->rrs, i);
		char *v;

		if (ldns_rr_rd_count(rr) < 1)
			continue;
		if (!audit_recording(c)) {
			audit_record_skip(c);
			continue;
		}
		v = ldns_rdf2str(ldns_rr_rdf(rr, 0));
		if (!v) {
			c->oom = 1;
			return;
		}
		audit_record(c, audit_final_name(a), audit_type_name(ldns_rr_get_type(rr)), v);
		free(v);
	}
}

/* Whether t[0..n) contains \p s, any case (t may hold NULs). */
static bool contains_ci(const char *t, size_t n, const char *s)
{
	size_t k = strlen(s), i;

	for (i = 0; i + k <= n; i++)
		if (strncasecmp(t + i, s, k) == 0)
			return true;
	return false;
}

/*
 * Whether t[0..n) begins with the version \p ver followed by *WSP ";" or
 * by the end: the records RFC 8461 §3.1 and RFC 8460 §3 select. *pos is
 * set after the version; *spaced when whitespace precedes the ';'.
 */
static bool begins_with_version(const char *t, size_t n, const char *ver,
				size_t *pos, bool *spaced)
{
	size_t k = strlen(ver), i;

	if (n < k || memcmp(t, ver, k) != 0)
		return false;
	for (i = k; i < n && is_wsp(t[i]); i++)
		;
	if (i < n && t[i] != ';')
		return false;
	*pos = k;
	*spaced = i > k && i < n;
	return true;
}

/* One name=value field after the version of an MTA-STS or TLS-RPT record. */
struct field {
	size_t name, name_len;
	size_t value, value_len;
};

/*
 * Split the rest of a record, 1*(*WSP ";" *WSP field) [*WSP ";" *WSP],
 * into fields: name (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / "."),
 * '=', and a value up to the next ';' (trailing whitespace removed; the
 * caller checks its characters). Trailing whitespace at the end of the
 * record is tolerated. Returns 0, or the 1-based column of the first
 * syntax error with *why set.
 */
static unsigned split_fields(const char *t, size_t n, size_t pos, struct field *f,
			     size_t max, size_t *nf, const char **why)
{
	size_t p = pos, e;

	*nf = 0;
	for (;;) {
		while (p < n && is_wsp(t[p]))
			p++;
		if (p == n)
			break;
		if (t[p] != ';') {
			*why = "expected ';' between fields";
			return (unsigned)p + 1;
		}
		p++;
		while (p < n && is_wsp(t[p]))
			p++;
		if (p == n)
			break;
		if (*nf == max) {
			*why = "too many fields";
			return (unsigned)p + 1;
		}
		f[*nf].name = p;
		if (!is_alnum(t[p])) {
			*why = "a field name starts with a letter or digit";
			return (unsigned)p + 1;
		}
		for (e = p + 1; e < n && (is_alnum(t[e]) || t[e] == '_' || t[e] == '-' ||
					  t[e] == '.'); e++)
			;
		if (e - p > EXT_NAME_MAX) {
			*why = "a field name is at most 32 characters";
			return (unsigned)p + 1;
		}
		if (e == n || t[e] != '=') {
			*why = "expected name=value";
			return (unsigned)p + 1;
		}
		f[*nf].name_len = e - p;
		p = e + 1;
		f[*nf].value = p;
		while (p < n && t[p] != ';')
			p++;
		e = p;
		while (e > f[*nf].value && is_wsp(t[e - 1]))
			e--;
		f[*nf].value_len = e - f[*nf].value;
		(*nf)++;
	}
	if (*nf == 0) {
		*why = "no field after the version";
		return (unsigned)n + 1;
	}
	return 0;
}

static bool field_is(const char *t, const struct field *f, const char *name)
{
	return f->name_len == strlen(name) && memcmp(t + f->name, name, f->name_len) == 0;
}

/* Offset of the first character of an extension value outside
 * %x21-3A / %x3C / %x3E-7E, or len when all are allowed (and len > 0). */
static size_t bad_ext_char(const char *v, size_t len)
{
	size_t i;

	if (len == 0)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)v[i];

		if (ch < 0x21 || ch > 0x7e || ch == ';' || ch == '=')
			return i;
	}
	return len;
}

/* ------------------------------------------------------------------ */
/* level 1                                                              */

static void run_free(struct other_run *r)
{
	size_t i;

	free(r->n_sts);
	free(r->n_sts_host);
	free(r->n_rpt);
	free(r->n_bimi);
	free(r->n_dmarc);
	free(r->n_tlsa);
	for (i = 0; i < r->nhosts; i++) {
		free(r->hosts[i]);
		free(r->n_host_tlsa[i]);
	}
	for (i = 0; i < r->nrua; i++)
		free(r->rua[i]);
	free(r->n_dm[0]);
	free(r->n_dm[1]);
}

static bool level1(struct audit_ctx *c, struct other_run *r)
{
	const char *d = c->domain;

	r->n_sts = cat(c, "_mta-sts.", d);
	r->n_sts_host = cat(c, "mta-sts.", d);
	r->n_rpt = cat(c, "_smtp._tls.", d);
	r->n_bimi = cat(c, "default._bimi.", d);
	r->n_dmarc = cat(c, "_dmarc.", d);
	r->n_tlsa = cat(c, "_25._tcp.", d);
	if (c->oom)
		return false;
	r->sts = audit_get(c, r->n_sts, LDNS_RR_TYPE_TXT);
	r->sts_a = audit_get(c, r->n_sts_host, LDNS_RR_TYPE_A);
	r->sts_aaaa = audit_get(c, r->n_sts_host, LDNS_RR_TYPE_AAAA);
	r->rpt = audit_get(c, r->n_rpt, LDNS_RR_TYPE_TXT);
	r->bimi = audit_get(c, r->n_bimi, LDNS_RR_TYPE_TXT);
	r->dmarc = audit_get(c, r->n_dmarc, LDNS_RR_TYPE_TXT);
	r->mx = audit_get(c, d, LDNS_RR_TYPE_MX);
	r->tlsa = audit_get(c, r->n_tlsa, LDNS_RR_TYPE_TLSA);
	return r->sts && r->sts_a && r->sts_aaaa && r->rpt && r->bimi && r->dmarc &&
	       r->mx && r->tlsa;
}

/* Whether an MX exchange is an IP address written as a name. */
static bool looks_like_address(const char *h)
{
	unsigned char b[16];

	return strchr(h, ':') != NULL || inet_pton(AF_INET, h, b) == 1;
}

/* The MX hosts (lower case, no trailing dot, without duplicates). */
static void parse_mx(struct audit_ctx *c, struct other_run *r)
{
	const struct dnsauth_dns_answer *a = r->mx;
	size_t i, j, n;

	switch (a->status) {
	case DNSAUTH_DNS_NODATA:
	case DNSAUTH_DNS_NXDOMAIN:
		/* the implicit MX is the domain itself (RFC 5321 §5.1) */
		r->mx_known = true;
		r->self_mx = true;
		return;
	case DNSAUTH_DNS_DATA:
		r->mx_known = true;
		break;
	default:
		return; /* the MX area reports it */
	}
	n = a->rrs ? ldns_rr_list_rr_count(a->rrs) : 0;
	for (i = 0; i < n && r->nhosts < MX_MAX; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(a->rrs, i);
		char *h;
		size_t len;
		bool dup = false;

		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_MX || ldns_rr_rd_count(rr) < 2)
			continue;
		h = audit_name_text(ldns_rr_rdf(rr, 1));
		if (!h) {
			c->oom = 1;
			return;
		}
		len = strlen(h);
		if (len == 0) {
			r->null_mx = true;
			free(h);
			continue;
		}
		for (j = 0; j < r->nhosts; j++)
			dup = dup || strcmp(r->hosts[j], h) == 0;
		/* an address written as a host name (mx-target-ip-literal,
		 * reported by the MX area) names no host to look TLSA up for */
		if (dup || looks_like_address(h)) {
			free(h);
			continue;
		}
		if (strcmp(h, c->domain) == 0)
			r->self_mx = true;
		r->hosts[r->nhosts++] = h;
	}
}

/* ------------------------------------------------------------------ */
/* MTA-STS                                                              */

/* Check the one selected record; false with a finding if invalid. */
static bool sts_record_valid(struct audit_ctx *c, const struct dnsauth_dns_answer *a,
			     size_t k, size_t pos, bool spaced)
{
	const char *t = a->txt[k];
	size_t n = a->txt_len[k], nf, i, bad;
	struct field f[64];
	const struct field *id = NULL;
	const char *why = NULL;
	unsigned col;

	col = split_fields(t, n, pos, f, sizeof(f) / sizeof(f[0]), &nf, &why);
	if (col) {
		audit_finding(c, DNSAUTH_R_MTASTS_TXT_INVALID, DNSAUTH_SEV_NONE, a->qname, t,
			      col, "syntax error: %s (RFC 8461 §3.1); senders treat the domain as having no MTA-STS policy",
			      why);
		return false;
	}
	for (i = 0; i < nf; i++) {
		if (field_is(t, &f[i], "id")) {
			if (id) {
				audit_finding(c, DNSAUTH_R_MTASTS_TXT_INVALID, DNSAUTH_SEV_NONE,
					      a->qname, t, (unsigned)f[i].name + 1,
					      "id= appears more than once: senders may take either, or reject the record; keep one");
				return false;
			}
			id = &f[i];
			continue;
		}
		bad = bad_ext_char(t + f[i].value, f[i].value_len);
		if (bad < f[i].value_len) {
			audit_finding(c, DNSAUTH_R_MTASTS_TXT_INVALID, DNSAUTH_SEV_NONE, a->qname,
				      t, (unsigned)(f[i].value + bad) + 1,
				      "the value of '%.*s' %s (RFC 8461 §3.1 extension syntax); senders treat the domain as having no MTA-STS policy",
				      (int)f[i].name_len, t + f[i].name,
				      f[i].value_len ? "has a character that is not allowed (space, '=', or a control character)" :
				      "is empty");
			return false;
		}
	}
	if (!id) {
		bool upper = false;

		for (i = 0; i < nf; i++)
			upper = upper || (f[i].name_len == 2 && strncasecmp(t + f[i].name, "id", 2) == 0);
		audit_finding(c, DNSAUTH_R_MTASTS_TXT_INVALID, DNSAUTH_SEV_NONE, a->qname, t, 0,
			      "no id= field%s: senders cannot tell when the policy changes, and treat the domain as having no MTA-STS policy (RFC 8461 §3.1)",
			      upper ? " (field names are case-sensitive: write 'id')" : "");
		return false;
	}
	for (i = 0; i < id->value_len && is_alnum(t[id->value + i]); i++)
		;
	if (id->value_len == 0 || id->value_len > 32 || i < id->value_len) {
		audit_finding(c, DNSAUTH_R_MTASTS_TXT_INVALID, DNSAUTH_SEV_NONE, a->qname, t,
			      (unsigned)(id->value + (i < id->value_len ? i : 0)) + 1,
			      "id=%.*s%s is %s: it must be 1 to 32 letters and digits (RFC 8461 §3.1), for example the date and time as 20260101120000",
			      shown(id->value_len), t + id->value, more(id->value_len),
			      id->value_len == 0 ? "empty" :
			      id->value_len > 32 ? "longer than 32 characters" :
			      "not only letters and digits");
		return false;
	}
	if (spaced)
		audit_finding(c, DNSAUTH_R_MTASTS_TXT_INVALID, DNSAUTH_SEV_WARNING, a->qname, t, 8,
			      "whitespace between v=STSv1 and ';': the grammar allows it, but senders that look for a record beginning with 'v=STSv1;' discard it; write 'v=STSv1;'");
	return true;
}

static void check_mta_sts(struct audit_ctx *c, const struct other_run *r)
{
	const struct dnsauth_dns_answer *a = r->sts;
	size_t i, nsel = 0, sel = 0, pos = 0, sel_pos = 0;
	bool spaced = false, sel_spaced = false;

	if (audit_lookup_failed(a)) {
		audit_dns_failure(c, a, "the MTA-STS record");
		return;
	}
	if (a->status != DNSAUTH_DNS_DATA)
		return;
	audit_record_txt(c, a);
	for (i = 0; i < a->ntxt; i++) {
		if (!begins_with_version(a->txt[i], a->txt_len[i], "v=STSv1", &pos, &spaced))
			continue;
		if (nsel == 0) {
			sel = i;
			sel_pos = pos;
			sel_spaced = spaced;
		}
		nsel++;
	}
	if (nsel == 0) {
		for (i = 0; i < a->ntxt; i++)
			if (contains_ci(a->txt[i], a->txt_len[i], "v=sts"))
				audit_finding(c, DNSAUTH_R_MTASTS_TXT_INVALID, DNSAUTH_SEV_NONE,
					      a->qname, a->txt[i], 1,
					      "the record does not begin with 'v=STSv1;' (case-sensitive, nothing before it): senders discard it, so %s has no MTA-STS policy (RFC 8461 §3.1)",
					      c->domain);
		return;
	}
	if (nsel > 1) {
		audit_finding(c, DNSAUTH_R_MTASTS_TXT_INVALID, DNSAUTH_SEV_NONE, a->qname, NULL, 0,
			      "%zu TXT records at %s begin with v=STSv1: senders need exactly one, so %s has no MTA-STS policy (RFC 8461 §3.1); keep one",
			      nsel, a->qname, c->domain);
		return;
	}
	if (sts_record_valid(c, a, sel, sel_pos, sel_spaced))
		c->mta_sts = true;
}

/* ------------------------------------------------------------------ */
/* TLS-RPT                                                              */

/* Check one rua URI u[0..n) at \p column of the record; false with *why
 * set. Adds a mailto domain to r->rua. */
static bool rua_uri_valid(struct audit_ctx *c, struct other_run *r, const char *u,
			  size_t n, unsigned column, const char **why)
{
	size_t i, at = n, end;

	if (n >= 7 && strncasecmp(u, "mailto:", 7) == 0) {
		for (end = 7; end < n && u[end] != '?'; end++)
			if (u[end] == '@')
				at = end;
		if (at == n || at == 7 || at + 1 >= end) {
			*why = "a mailto: URI needs an address, local@domain";
			return false;
		}
		if (!dnsauth_dname_valid(u + at + 1, end - at - 1, true, NULL, NULL)) {
			*why = "the domain of the mailto: address is not a valid domain name";
			return false;
		}
		for (i = 0; i < r->nrua; i++)
			if (strlen(r->rua[i]) == end - at - 1 &&
			    strncasecmp(r->rua[i], u + at + 1, end - at - 1) == 0)
				return true;
		if (r->nrua < RUA_MAX) {
			char *d = strndup(u + at + 1, end - at - 1);

			if (!d) {
				c->oom = 1;
				return true;
			}
			for (i = 0; d[i]; i++)
				d[i] = (char)tolower((unsigned char)d[i]);
			r->rua_column[r->nrua] = column;
			r->rua[r->nrua++] = d;
		}
		return true;
	}
	if (n >= 8 && strncasecmp(u, "https://", 8) == 0) {
		for (end = 8; end < n && u[end] != '/' && u[end] != ':' && u[end] != '?' &&
			      u[end] != '#'; end++)
			;
		if (end == 8) {
			*why = "an https: URI needs a host";
			return false;
		}
		return true;
	}
	*why = "only mailto: and https: URIs are allowed (RFC 8460 §3)";
	return false;
}

/* Check the one selected record; false with a finding if invalid. */
static bool rpt_record_valid(struct audit_ctx *c, struct other_run *r,
			     const struct dnsauth_dns_answer *a, size_t k, size_t pos,
			     bool spaced)
{
	const char *t = a->txt[k];
	size_t n = a->txt_len[k], nf, i, bad;
	struct field f[64];
	const struct field *rua = NULL;
	const char *why = NULL;
	unsigned col;

	col = split_fields(t, n, pos, f, sizeof(f) / sizeof(f[0]), &nf, &why);
	if (col) {
		audit_finding(c, DNSAUTH_R_TLSRPT_INVALID, DNSAUTH_SEV_NONE, a->qname, t, col,
			      "syntax error: %s (RFC 8460 §3); senders send no TLS reports", why);
		return false;
	}
	for (i = 0; i < nf; i++) {
		if (field_is(t, &f[i], "rua")) {
			if (rua) {
				audit_finding(c, DNSAUTH_R_TLSRPT_INVALID, DNSAUTH_SEV_NONE, a->qname,
					      t, (unsigned)f[i].name + 1,
					      "rua= appears more than once: list every address in one rua=, separated by commas");
				return false;
			}
			rua = &f[i];
			continue;
		}
		bad = bad_ext_char(t + f[i].value, f[i].value_len);
		if (bad < f[i].value_len) {
			audit_finding(c, DNSAUTH_R_TLSRPT_INVALID, DNSAUTH_SEV_NONE, a->qname, t,
				      (unsigned)(f[i].value + bad) + 1,
				      "the value of '%.*s' %s (RFC 8460 §3 extension syntax); senders send no TLS reports",
				      (int)f[i].name_len, t + f[i].name,
				      f[i].value_len ? "has a character that is not allowed (space, '=', or a control character)" :
				      "is empty");
			return false;
		}
	}
	if (!rua) {
		audit_finding(c, DNSAUTH_R_TLSRPT_INVALID, DNSAUTH_SEV_NONE, a->qname, t, 0,
			      "no rua= field: the record says nowhere to send reports, so senders send none (RFC 8460 §3); add rua=mailto:tlsrpt@%s",
			      c->domain);
		return false;
	}
	/* tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri) */
	r->rua_record = t;
	for (i = rua->value; i <= rua->value + rua->value_len;) {
		size_t e = i, ue;

		while (e < rua->value + rua->value_len && t[e] != ',')
			e++;
		for (ue = e; ue > i && is_wsp(t[ue - 1]); ue--)
			;
		while (i < ue && is_wsp(t[i]))
			i++;
		if (i == ue) {
			audit_finding(c, DNSAUTH_R_TLSRPT_INVALID, DNSAUTH_SEV_NONE, a->qname, t,
				      (unsigned)i + 1, "empty URI in rua=: senders send no TLS reports");
			return false;
		}
		if (!rua_uri_valid(c, r, t + i, ue - i, (unsigned)i + 1, &why)) {
			audit_finding(c, DNSAUTH_R_TLSRPT_INVALID, DNSAUTH_SEV_NONE, a->qname, t,
				      (unsigned)i + 1, "rua URI '%.*s%s': %s; senders send no TLS reports",
				      shown(ue - i), t + i, more(ue - i), why);
			return false;
		}
		i = e + 1;
	}
	if (spaced)
		audit_finding(c, DNSAUTH_R_TLSRPT_INVALID, DNSAUTH_SEV_WARNING, a->qname, t, 11,
			      "whitespace between v=TLSRPTv1 and ';': the grammar allows it, but senders that look for a record beginning with 'v=TLSRPTv1;' discard it; write 'v=TLSRPTv1;'");
	return true;
}

/* The TLS-RPT record itself (level 1); collects the mailto domains. */
static void check_tls_rpt_record(struct audit_ctx *c, struct other_run *r)
{
	const struct dnsauth_dns_answer *a = r->rpt;
	size_t i, nsel = 0, sel = 0, pos = 0, sel_pos = 0;
	bool spaced = false, sel_spaced = false;

	if (audit_lookup_failed(a)) {
		audit_dns_failure(c, a, "the TLS-RPT record");
		r->rpt_present = true; /* unknown: not missing */
		return;
	}
	if (a->status == DNSAUTH_DNS_OUTSIDE || a->cname_loop ||
	    (a->status == DNSAUTH_DNS_NXDOMAIN && a->ncnames))
		r->rpt_present = true; /* unknown, or a dangling alias: not "missing" */
	if (a->status != DNSAUTH_DNS_DATA)
		return;
	audit_record_txt(c, a);
	for (i = 0; i < a->ntxt; i++) {
		if (!begins_with_version(a->txt[i], a->txt_len[i], "v=TLSRPTv1", &pos, &spaced))
			continue;
		if (nsel == 0) {
			sel = i;
			sel_pos = pos;
			sel_spaced = spaced;
		}
		nsel++;
	}
	if (nsel == 0) {
		for (i = 0; i < a->ntxt; i++) {
			if (!contains_ci(a->txt[i], a->txt_len[i], "v=tlsrpt"))
				continue;
			r->rpt_present = true;
			audit_finding(c, DNSAUTH_R_TLSRPT_INVALID, DNSAUTH_SEV_NONE, a->qname,
				      a->txt[i], 1,
				      "the record does not begin with 'v=TLSRPTv1;' (case-sensitive, nothing before it): senders discard it and send no TLS reports (RFC 8460 §3)");
		}
		return;
	}
	r->rpt_present = true;
	if (nsel > 1) {
		audit_finding(c, DNSAUTH_R_TLSRPT_INVALID, DNSAUTH_SEV_NONE, a->qname, NULL, 0,
			      "%zu TXT records at %s begin with v=TLSRPTv1: senders need exactly one, so they send no TLS reports (RFC 8460 §3); merge them into one record",
			      nsel, a->qname);
		return;
	}
	rpt_record_valid(c, r, a, sel, sel_pos, sel_spaced);
}

/* Why mail to a TLS-RPT mailto domain cannot be delivered, or NULL when
 * it can or when that is not known (an answer OUTSIDE the zone data, a
 * failed lookup): as for dmarc-rua-undeliverable, without MX records the
 * domain's addresses are its implicit MX (RFC 5321 §5.1). \p a and \p aaaa
 * are asked for only when there is no MX. */
static const char *rua_undeliverable(const struct dnsauth_dns_answer *mx,
				     const struct dnsauth_dns_answer *a,
				     const struct dnsauth_dns_answer *aaaa)
{
	if (mx->status == DNSAUTH_DNS_NXDOMAIN)
		return "does not exist (NXDOMAIN)";
	if (mx->status == DNSAUTH_DNS_DATA && mx->rrs &&
	    ldns_rr_list_rr_count(mx->rrs) == 1 &&
	    ldns_rr_rd_count(ldns_rr_list_rr(mx->rrs, 0)) >= 2 &&
	    ldns_dname_label_count(ldns_rr_rdf(ldns_rr_list_rr(mx->rrs, 0), 1)) == 0)
		return "publishes a null MX (it accepts no mail)";
	if (mx->status != DNSAUTH_DNS_NODATA || !a || !aaaa)
		return NULL;
	if (a->status == DNSAUTH_DNS_DATA || aaaa->status == DNSAUTH_DNS_DATA)
		return NULL; /* the implicit MX */
	if ((a->status != DNSAUTH_DNS_NODATA && a->status != DNSAUTH_DNS_NXDOMAIN) ||
	    (aaaa->status != DNSAUTH_DNS_NODATA && aaaa->status != DNSAUTH_DNS_NXDOMAIN))
		return NULL; /* OUTSIDE or failed: not known */
	return "has no MX record and no A or AAAA record for the implicit MX";
}

/* Level 2: the mailto domains must accept mail; and tlsrpt-missing. */
static void check_tls_rpt_rest(struct audit_ctx *c, const struct other_run *r)
{
	size_t i;

	for (i = 0; i < r->nrua; i++) {
		const char *why = rua_undeliverable(r->rua_mx[i], r->rua_a[i], r->rua_aaaa[i]);

		if (why)
			audit_finding(c, DNSAUTH_R_TLSRPT_INVALID, DNSAUTH_SEV_WARNING, r->rpt->qname,
				      r->rua_record, r->rua_column[i],
				      "the TLS-RPT report domain %s %s: reports mailed there are likely lost",
				      r->rua[i], why);
	}
	if (r->rpt_present || r->null_mx)
		return;
	if (c->mta_sts || c->dane)
		audit_finding(c, DNSAUTH_R_TLSRPT_MISSING, DNSAUTH_SEV_NONE, r->n_rpt, NULL, 0,
			      "%s deploys %s but publishes no TLS-RPT record at %s: failed TLS deliveries go unnoticed; add \"v=TLSRPTv1; rua=mailto:tlsrpt@%s\"",
			      c->domain,
			      c->mta_sts && c->dane ? "MTA-STS and DANE" : c->mta_sts ? "MTA-STS" : "DANE",
			      r->n_rpt, c->domain);
	else if (r->nhosts)
		audit_finding(c, DNSAUTH_R_TLSRPT_MISSING, DNSAUTH_SEV_INFO, r->n_rpt, NULL, 0,
			      "no TLS-RPT record at %s (neither MTA-STS nor DANE is deployed, so there is little to report yet)",
			      r->n_rpt);
}

/* ------------------------------------------------------------------ */
/* DANE                                                                 */

struct tlsa_count {
	size_t n, usable, pkix, bad_usage, bad_selector, bad_matching, bad_length, full;
};

static unsigned rdf_u8(const ldns_rdf *f)
{
	return f && ldns_rdf_size(f) == 1 ? ldns_rdf_data(f)[0] : 256u;
}

static void count_tlsa(const struct dnsauth_dns_answer *a, struct tlsa_count *t)
{
	size_t i, n = a->rrs ? ldns_rr_list_rr_count(a->rrs) : 0;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < n; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(a->rrs, i);
		unsigned u, s, m;
		size_t len;
		bool ok = true;

		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_TLSA || ldns_rr_rd_count(rr) != 4)
			continue;
		t->n++;
		u = rdf_u8(ldns_rr_rdf(rr, 0));
		s = rdf_u8(ldns_rr_rdf(rr, 1));
		m = rdf_u8(ldns_rr_rdf(rr, 2));
		len = ldns_rdf_size(ldns_rr_rdf(rr, 3));
		if (u == 0 || u == 1) {
			t->pkix++;
			ok = false;
		} else if (u != 2 && u != 3) {
			t->bad_usage++;
			ok = false;
		}
		if (s > 1) {
			t->bad_selector++;
			ok = false;
		}
		if (m > 2) {
			t->bad_matching++;
			ok = false;
		} else if ((m == 1 && len != 32) || (m == 2 && len != 64) || len == 0) {
			t->bad_length++;
			ok = false;
		}
		if (ok) {
			t->usable++;
			if (m == 0)
				t->full++;
		}
	}
}

static void record_tlsa(struct audit_ctx *c, const struct dnsauth_dns_answer *a)
{
	size_t i, j, n = a->rrs ? ldns_rr_list_rr_count(a->rrs) : 0;
	struct dnsauth_buf b;

	audit_record_chain(c, a);
	dnsauth_buf_init(&b, 0);
	for (i = 0; i < n; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(a->rrs, i);
		const ldns_rdf *data;

		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_TLSA || ldns_rr_rd_count(rr) != 4)
			continue;
		if (!audit_recording(c)) {
			audit_record_skip(c);
			continue;
		}
		data = ldns_rr_rdf(rr, 3);
		dnsauth_buf_reset(&b);
		dnsauth_buf_printf(&b, "%u %u %u ", rdf_u8(ldns_rr_rdf(rr, 0)),
				   rdf_u8(ldns_rr_rdf(rr, 1)), rdf_u8(ldns_rr_rdf(rr, 2)));
		for (j = 0; j < ldns_rdf_size(data); j++) {
			static const char hex[] = "0123456789ABCDEF";
			uint8_t o = ldns_rdf_data(data)[j];

			dnsauth_buf_putc(&b, hex[o >> 4]);
			dnsauth_buf_putc(&b, hex[o & 15]);
		}
		if (b.err) {
			c->oom = 1;
			break;
		}
		audit_record(c, audit_final_name(a), "TLSA", dnsauth_buf_str(&b));
	}
	dnsauth_buf_free(&b);
}

/* The TLSA records of one MX host. */
static void check_host_tlsa(struct audit_ctx *c, const char *host,
			    const struct dnsauth_dns_answer *a)
{
	struct tlsa_count t;
	struct dnsauth_buf why;

	record_tlsa(c, a);
	count_tlsa(a, &t);
	if (t.n == 0)
		return;
	dnsauth_buf_init(&why, 0);
	if (t.pkix)
		dnsauth_buf_printf(&why, "%s%zu with usage PKIX-TA(0) or PKIX-EE(1), which DANE for SMTP does not use",
				   why.len ? "; " : "", t.pkix);
	if (t.bad_usage)
		dnsauth_buf_printf(&why, "%s%zu with an unknown usage", why.len ? "; " : "",
				   t.bad_usage);
	if (t.bad_selector)
		dnsauth_buf_printf(&why, "%s%zu with an unknown selector (0 or 1)",
				   why.len ? "; " : "", t.bad_selector);
	if (t.bad_matching)
		dnsauth_buf_printf(&why, "%s%zu with an unknown matching type (0, 1 or 2)",
				   why.len ? "; " : "", t.bad_matching);
	if (t.bad_length)
		dnsauth_buf_printf(&why, "%s%zu whose data length does not fit the matching type (SHA-256: 32 octets, SHA-512: 64)",
				   why.len ? "; " : "", t.bad_length);
	if (why.err)
		c->oom = 1;
	if (t.usable == 0) {
		audit_finding(c, DNSAUTH_R_DANE_TLSA_UNUSABLE_USAGE, DNSAUTH_SEV_NONE, a->qname,
			      NULL, 0,
			      "none of the %zu TLSA records of MX host %s is usable for SMTP (%s): DANE senders still insist on TLS but cannot authenticate %s (RFC 7672 §3.1.3); publish \"3 1 1\" records",
			      t.n, host, dnsauth_buf_str(&why), host);
		dnsauth_buf_free(&why);
		return;
	}
	c->dane = true;
	if (t.usable < t.n)
		audit_finding(c, DNSAUTH_R_DANE_TLSA_UNUSABLE_USAGE, DNSAUTH_SEV_INFO, a->qname,
			      NULL, 0, "%zu of the %zu TLSA records of MX host %s are ignored by DANE senders (%s)",
			      t.n - t.usable, t.n, host, dnsauth_buf_str(&why));
	if (t.full)
		audit_finding(c, DNSAUTH_R_DANE_TLSA_UNUSABLE_USAGE, DNSAUTH_SEV_INFO, a->qname,
			      NULL, 0,
			      "%zu TLSA record%s of MX host %s use%s matching type 0 (the full certificate or key): prefer 1 (SHA-256), which keeps answers small (RFC 7671 §10.1.2)",
			      t.full, t.full > 1 ? "s" : "", host, t.full > 1 ? "" : "s");
	if (t.usable == 1)
		audit_finding(c, DNSAUTH_R_DANE_TLSA_UNUSABLE_USAGE, DNSAUTH_SEV_INFO, a->qname,
			      NULL, 0,
			      "MX host %s has a single usable TLSA record: with no record for the next key beside it, a certificate or key change breaks DANE delivery until the new record is published and cached (RFC 7671 §8.1)",
			      host);
	dnsauth_buf_free(&why);
}

static void check_dane(struct audit_ctx *c, const struct other_run *r)
{
	const struct dnsauth_dns_answer *a = r->tlsa;
	size_t i;

	if (audit_lookup_failed(a)) {
		if (r->self_mx)
			audit_dns_failure(c, a, "the TLSA records of the MX host");
	} else if (a->status == DNSAUTH_DNS_DATA && a->rrs &&
		   ldns_rr_list_rr_count(a->rrs) > 0) {
		if (r->self_mx) {
			check_host_tlsa(c, c->domain, a);
		} else if (r->mx_known) {
			record_tlsa(c, a);
			if (r->null_mx || r->nhosts == 0)
				audit_finding(c, DNSAUTH_R_DANE_TLSA_MISPLACED, DNSAUTH_SEV_NONE,
					      a->qname, NULL, 0,
					      "TLSA records at %s, but %s publishes a null MX (it receives no mail): nothing uses them",
					      a->qname, c->domain);
			else
				audit_finding(c, DNSAUTH_R_DANE_TLSA_MISPLACED, DNSAUTH_SEV_NONE,
					      a->qname, NULL, 0,
					      "TLSA records at %s, but mail for %s goes to %s%s: DANE senders look up TLSA records at _25._tcp.<MX host> (RFC 7672 §2.2), never at the mail domain, so these are not used; publish them at _25._tcp.%s",
					      a->qname, c->domain, r->hosts[0],
					      r->nhosts > 1 ? " and other hosts" : "", r->hosts[0]);
		}
	}
	for (i = 0; i < r->nhosts; i++) {
		const struct dnsauth_dns_answer *h = r->host_tlsa[i];

		if (!h)
			continue; /* the domain itself, checked above */
		if (audit_lookup_failed(h)) {
			struct dnsauth_buf what;

			dnsauth_buf_init(&what, 0);
			dnsauth_buf_printf(&what, "the TLSA records of MX host %s", r->hosts[i]);
			if (what.err)
				c->oom = 1;
			else
				audit_dns_failure(c, h, dnsauth_buf_str(&what));
			dnsauth_buf_free(&what);
		} else if (h->status == DNSAUTH_DNS_DATA) {
			check_host_tlsa(c, r->hosts[i], h);
		}
	}
}

/* ------------------------------------------------------------------ */
/* BIMI                                                                 */

struct tag {
	size_t name, name_len, value, value_len;
};

/* Split a BIMI record into tag=value pairs (RFC 6376 §3.2 style tag
 * list). Returns 0, or the 1-based column of a syntax error. */
static unsigned split_tags(const char *t, size_t n, struct tag *tags, size_t max,
			   size_t *ntags, const char **why)
{
	size_t p = 0;

	*ntags = 0;
	while (p < n) {
		size_t a = p, e, eq, b;

		while (p < n && t[p] != ';')
			p++;
		e = p;
		if (p < n)
			p++;
		while (a < e && (is_wsp(t[a]) || t[a] == '\r' || t[a] == '\n'))
			a++;
		b = e;
		while (b > a && (is_wsp(t[b - 1]) || t[b - 1] == '\r' || t[b - 1] == '\n'))
			b--;
		if (a == b)
			continue;
		for (eq = a; eq < b && t[eq] != '='; eq++)
			;
		if (eq == b) {
			*why = "is not a tag=value pair";
			return (unsigned)a + 1;
		}
		if (*ntags == max) {
			*why = "too many tags";
			return (unsigned)a + 1;
		}
		tags[*ntags].name = a;
		for (e = eq; e > a && is_wsp(t[e - 1]); e--)
			;
		tags[*ntags].name_len = e - a;
		for (eq++; eq < b && is_wsp(t[eq]); eq++)
			;
		tags[*ntags].value = eq;
		tags[*ntags].value_len = b - eq;
		if (e == a) {
			*why = "has no tag name before '='";
			return (unsigned)a + 1;
		}
		(*ntags)++;
	}
	return 0;
}

static const struct tag *find_tag(const char *t, const struct tag *tags, size_t n,
				  const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (tags[i].name_len == strlen(name) &&
		    memcmp(t + tags[i].name, name, tags[i].name_len) == 0)
			return &tags[i];
	return NULL;
}

/* Whether u[0..n) is an https URI with a host; the path must end in
 * .svg when \p svg. *why is set when not. */
static bool https_uri_ok(const char *u, size_t n, bool svg, const char **why)
{
	size_t h = 8, p;

	if (n < 8 || strncasecmp(u, "https://", 8) != 0) {
		*why = "is not an https:// URI";
		return false;
	}
	while (h < n && u[h] != '/' && u[h] != '?' && u[h] != '#' && u[h] != ':')
		h++;
	if (h == 8) {
		*why = "has no host";
		return false;
	}
	for (p = h; p < n && u[p] != '?' && u[p] != '#'; p++)
		;
	if (svg && (p - h < 4 || strncasecmp(u + p - 4, ".svg", 4) != 0)) {
		*why = "does not name an SVG file (.svg): receivers show only SVG Tiny PS logos";
		return false;
	}
	return true;
}

/* Check one BIMI record; true when it is valid and not a declination. */
static bool bimi_record_ok(struct audit_ctx *c, struct other_run *r,
			   const struct dnsauth_dns_answer *a, size_t k)
{
	const char *t = a->txt[k];
	size_t n = a->txt_len[k], nt, i, j;
	struct tag tags[32];
	const struct tag *l, *ev;
	const char *why = NULL;
	unsigned col;

	col = split_tags(t, n, tags, sizeof(tags) / sizeof(tags[0]), &nt, &why);
	if (!col && (nt == 0 || !(tags[0].name_len == 1 && t[tags[0].name] == 'v'))) {
		col = 1;
		why = "does not begin with v=BIMI1: receivers ignore it";
	} else if (!col && !(tags[0].value_len == 5 && memcmp(t + tags[0].value, "BIMI1", 5) == 0)) {
		col = (unsigned)tags[0].value + 1;
		why = "has a version other than v=BIMI1 (case-sensitive): receivers ignore it";
	}
	for (i = 0; !col && i < nt; i++)
		for (j = 0; j < i; j++)
			if (tags[i].name_len == tags[j].name_len &&
			    memcmp(t + tags[i].name, t + tags[j].name, tags[i].name_len) == 0) {
				col = (unsigned)tags[i].name + 1;
				why = "repeats a tag";
				break;
			}
	if (col) {
		audit_finding(c, DNSAUTH_R_BIMI_RECORD_INVALID, DNSAUTH_SEV_NONE, a->qname, t, col,
			      "the BIMI record %s; no logo is shown", why);
		return false;
	}
	l = find_tag(t, tags, nt, "l");
	ev = find_tag(t, tags, nt, "a");
	if (!l) {
		audit_finding(c, DNSAUTH_R_BIMI_RECORD_INVALID, DNSAUTH_SEV_NONE, a->qname, t, 0,
			      "the BIMI record has no l= tag (the logo's https:// URI is required); write \"v=BIMI1; l=; a=;\" to decline BIMI on purpose");
		return false;
	}
	if (l->value_len == 0) {
		audit_finding(c, DNSAUTH_R_BIMI_RECORD_INVALID, DNSAUTH_SEV_INFO, a->qname, t,
			      (unsigned)l->name + 1,
			      "empty l=: %s explicitly declines to show a BIMI logo", c->domain);
		return false;
	}
	/* l= may list several URIs, separated by commas (older drafts) */
	for (i = l->value; i < l->value + l->value_len;) {
		size_t e = i, ue;

		while (e < l->value + l->value_len && t[e] != ',')
			e++;
		for (ue = e; ue > i && is_wsp(t[ue - 1]); ue--)
			;
		while (i < ue && is_wsp(t[i]))
			i++;
		if (!https_uri_ok(t + i, ue - i, true, &why)) {
			audit_finding(c, DNSAUTH_R_BIMI_RECORD_INVALID, DNSAUTH_SEV_NONE, a->qname, t,
				      (unsigned)i + 1, "the logo location l=%.*s%s %s; no logo is shown",
				      shown(ue - i), t + i, more(ue - i), why);
			return false;
		}
		i = e + 1;
	}
	if (ev && ev->value_len && !https_uri_ok(t + ev->value, ev->value_len, false, &why)) {
		audit_finding(c, DNSAUTH_R_BIMI_RECORD_INVALID, DNSAUTH_SEV_NONE, a->qname, t,
			      (unsigned)ev->value + 1, "the evidence location a=%.*s%s %s; no logo is shown",
			      shown(ev->value_len), t + ev->value, more(ev->value_len), why);
		return false;
	}
	r->bimi_evidence = ev && ev->value_len;
	r->bimi_a_column = ev ? (unsigned)ev->name + 1 : 0;
	return true;
}

/* Level 1: the BIMI record; sets r->bimi_check_dmarc. */
static void check_bimi_record(struct audit_ctx *c, struct other_run *r)
{
	const struct dnsauth_dns_answer *a = r->bimi;
	size_t i;
	bool ok = true;

	if (audit_lookup_failed(a)) {
		audit_dns_failure(c, a, "the BIMI record");
		return;
	}
	if (a->status != DNSAUTH_DNS_DATA || a->ntxt == 0)
		return;
	audit_record_txt(c, a);
	if (a->ntxt > 1) {
		audit_finding(c, DNSAUTH_R_BIMI_RECORD_INVALID, DNSAUTH_SEV_NONE, a->qname, NULL, 0,
			      "%zu TXT records at %s: receivers need exactly one BIMI record, so no logo is shown; keep one",
			      a->ntxt, a->qname);
		ok = false;
	}
	for (i = 0; i < a->ntxt; i++)
		if (!bimi_record_ok(c, r, a, i))
			ok = false;
	r->bimi_check_dmarc = ok;
}

/* The one DMARC record of an answer: 0 none, 1 found, 2 several. */
static int dmarc_record(const struct dnsauth_dns_answer *a, size_t *k)
{
	size_t i;
	int n = 0;

	if (a->status != DNSAUTH_DNS_DATA)
		return 0;
	for (i = 0; i < a->ntxt; i++)
		if (dnsauth_dmarc_is_record(a->txt[i], a->txt_len[i])) {
			if (n == 0)
				*k = i;
			n++;
		}
	return n > 1 ? 2 : n;
}

/* The further DMARC names BIMI may need: where the DMARC area found the
 * policy, and the organizational domain's. */
static void plan_bimi_dmarc(struct audit_ctx *c, struct other_run *r)
{
	enum dnsauth_dns_status st = r->dmarc->status;
	const char *org;
	size_t k;

	if (!r->bimi_check_dmarc)
		return;
	if (st != DNSAUTH_DNS_NXDOMAIN && st != DNSAUTH_DNS_NODATA && st != DNSAUTH_DNS_DATA)
		return; /* unknown */
	if (dmarc_record(r->dmarc, &k) != 0)
		return; /* the domain has its own */
	if (c->a->dmarc_name) {
		const char *dn = c->a->dmarc_name;

		r->n_dm[0] = strncasecmp(dn, "_dmarc.", 7) == 0 ? strdup(dn) : cat(c, "_dmarc.", dn);
		if (!r->n_dm[0])
			c->oom = 1;
		else if (strcasecmp(r->n_dm[0], r->n_dmarc) == 0) {
			free(r->n_dm[0]);
			r->n_dm[0] = NULL;
		}
	}
	org = c->o->psl ? dnsauth_psl_org_domain(c->o->psl, c->domain) : NULL;
	if (org && strcasecmp(org, c->domain) != 0) {
		r->n_dm[1] = cat(c, "_dmarc.", org);
		if (r->n_dm[1] && r->n_dm[0] && strcasecmp(r->n_dm[0], r->n_dm[1]) == 0) {
			free(r->n_dm[1]);
			r->n_dm[1] = NULL;
		}
	}
}

/* Level 2: DMARC at enforcement, and the evidence. */
static void check_bimi_rest(struct audit_ctx *c, const struct other_run *r)
{
	const struct dnsauth_dns_answer *cand[3] = { r->dmarc, r->dm[0], r->dm[1] };
	const struct dnsauth_dns_answer *at = NULL;
	struct dnsauth_dmarc_effective e7, e9;
	struct dnsauth_dmarc *d = NULL;
	struct dnsauth_buf why;
	size_t i, k = 0;
	int found = 0, rc;

	if (!r->bimi_check_dmarc)
		return;
	for (i = 0; i < 3 && !at; i++) {
		if (!cand[i])
			continue;
		if (cand[i]->status == DNSAUTH_DNS_OUTSIDE || dnsauth_dns_failed(cand[i]->status))
			goto evidence; /* unknown: the DMARC area reports failures */
		found = dmarc_record(cand[i], &k);
		if (found)
			at = cand[i];
	}
	dnsauth_buf_init(&why, 0);
	if (!at) {
		dnsauth_buf_printf(&why, "%s publishes no DMARC policy", c->domain);
	} else if (found > 1) {
		dnsauth_buf_printf(&why, "%s holds more than one DMARC record, so receivers apply none",
				   at->qname);
	} else {
		rc = dnsauth_dmarc_parse(at->txt[k], at->txt_len[k], at->qname,
					 DNSAUTH_DMARC_RFC7489, &d, NULL);
		if (rc == DNSAUTH_ENOMEM) {
			c->oom = 1;
			dnsauth_buf_free(&why);
			return;
		}
		dnsauth_dmarc_effective(d, DNSAUTH_DMARC_RFC7489, &e7);
		dnsauth_dmarc_effective(d, DNSAUTH_DMARC_RFC9989, &e9);
		if (!e7.applies)
			dnsauth_buf_puts(&why, "no valid p= (RFC 7489 receivers apply no DMARC policy)");
		else if (e7.domain == DNSAUTH_DMARC_NONE)
			dnsauth_buf_puts(&why, "p=none");
		else if (e7.subdomain == DNSAUTH_DMARC_NONE)
			dnsauth_buf_puts(&why, "sp=none");
		if (e7.applies && e7.pct < 100)
			dnsauth_buf_printf(&why, "%spct=%d (RFC 7489 receivers apply the policy to only part of the mail)",
					   why.len ? ", " : "", e7.pct);
		if (!why.len && e9.applies && e9.testing &&
		    (e9.domain == DNSAUTH_DMARC_NONE || e9.subdomain == DNSAUTH_DMARC_NONE))
			dnsauth_buf_puts(&why, "t=y (RFC 9989 receivers lower the policy to none)");
		if (why.len) {
			/* prefix where the policy is */
			struct dnsauth_buf w2;

			dnsauth_buf_init(&w2, 0);
			dnsauth_buf_printf(&w2, "the DMARC policy at %s has %s", at->qname,
					   dnsauth_buf_str(&why));
			dnsauth_buf_free(&why);
			why = w2;
		}
	}
	if (why.err)
		c->oom = 1;
	if (why.len)
		audit_finding(c, DNSAUTH_R_BIMI_DMARC_INELIGIBLE, DNSAUTH_SEV_NONE, r->bimi->qname,
			      r->bimi->txt[0], 0,
			      "BIMI needs DMARC at enforcement (p=quarantine or p=reject, sp not none, pct=100), but %s: no logo is shown",
			      dnsauth_buf_str(&why));
	dnsauth_buf_free(&why);
	dnsauth_dmarc_free(d);
evidence:
	if (!r->bimi_evidence)
		audit_finding(c, DNSAUTH_R_BIMI_NO_EVIDENCE, DNSAUTH_SEV_NONE, r->bimi->qname,
			      r->bimi->txt[0], r->bimi_a_column,
			      "the BIMI record has no a= evidence (a Verified Mark Certificate or Common Mark Certificate): Gmail and Apple Mail show no logo without one");
}

/* ------------------------------------------------------------------ */
/* dangling aliases                                                     */

/* addr-dangling-alias when the CNAME chain of \p a ends in NXDOMAIN or
 * loops; returns whether it did. */
static bool check_alias(struct audit_ctx *c, const struct dnsauth_dns_answer *a,
			const char *what)
{
	struct dnsauth_buf chain;
	bool loop = a->cname_loop;

	if (!loop && !(a->status == DNSAUTH_DNS_NXDOMAIN && a->ncnames))
		return false;
	dnsauth_buf_init(&chain, 0);
	audit_chain_text(&chain, a);
	if (chain.err)
		c->oom = 1;
	if (loop)
		audit_finding(c, DNSAUTH_R_ADDR_DANGLING_ALIAS, DNSAUTH_SEV_NONE, a->qname, NULL, 0,
			      "the CNAME chain of %s loops (%s ...): resolvers fail, so %s cannot be found; point the CNAME at a name that exists",
			      a->qname, dnsauth_buf_str(&chain), what);
	else
		audit_finding(c, DNSAUTH_R_ADDR_DANGLING_ALIAS, DNSAUTH_SEV_NONE, a->qname, NULL, 0,
			      "the CNAME chain %s ends in a name that does not exist (NXDOMAIN), so %s cannot be found; remove the CNAME or restore its target (whoever can create the target controls %s)",
			      dnsauth_buf_str(&chain), what, what);
	dnsauth_buf_free(&chain);
	return true;
}

static void check_aliases(struct audit_ctx *c, const struct other_run *r)
{
	size_t i;

	check_alias(c, r->dmarc, "the DMARC policy");
	check_alias(c, r->sts, "the MTA-STS record");
	if (!check_alias(c, r->sts_a, "the MTA-STS policy host"))
		check_alias(c, r->sts_aaaa, "the MTA-STS policy host");
	check_alias(c, r->rpt, "the TLS-RPT record");
	check_alias(c, r->bimi, "the BIMI record");
	check_alias(c, r->tlsa, "the TLSA records");
	for (i = 0; i < r->nhosts; i++)
		if (r->host_tlsa[i])
			check_alias(c, r->host_tlsa[i], "the TLSA records of the MX host");
}

/* ------------------------------------------------------------------ */

/* Ask for every level-2 name at once; false if some is missing. */
static bool level2(struct audit_ctx *c, struct other_run *r)
{
	bool complete = true;
	size_t i;

	for (i = 0; i < r->nhosts; i++) {
		if (strcmp(r->hosts[i], c->domain) == 0)
			continue;
		r->n_host_tlsa[i] = cat(c, "_25._tcp.", r->hosts[i]);
		if (!r->n_host_tlsa[i])
			return false;
		r->host_tlsa[i] = audit_get(c, r->n_host_tlsa[i], LDNS_RR_TYPE_TLSA);
		complete = complete && r->host_tlsa[i];
	}
	for (i = 0; i < r->nrua; i++) {
		r->rua_mx[i] = audit_get(c, r->rua[i], LDNS_RR_TYPE_MX);
		complete = complete && r->rua_mx[i];
		if (r->rua_mx[i] && r->rua_mx[i]->status != DNSAUTH_DNS_NODATA)
			continue;
		/* no MX (or not known yet: in the same round trip): the
		 * addresses are the implicit MX */
		r->rua_a[i] = audit_get(c, r->rua[i], LDNS_RR_TYPE_A);
		r->rua_aaaa[i] = audit_get(c, r->rua[i], LDNS_RR_TYPE_AAAA);
		complete = complete && r->rua_a[i] && r->rua_aaaa[i];
	}
	for (i = 0; i < 2; i++) {
		if (!r->n_dm[i])
			continue;
		r->dm[i] = audit_get(c, r->n_dm[i], LDNS_RR_TYPE_TXT);
		complete = complete && r->dm[i];
	}
	return complete;
}

void audit_other_run(struct audit_ctx *c)
{
	struct other_run r;

	memset(&r, 0, sizeof(r));
	if (!level1(c, &r))
		goto out;
	parse_mx(c, &r);
	check_mta_sts(c, &r);
	check_tls_rpt_record(c, &r);
	check_bimi_record(c, &r);
	plan_bimi_dmarc(c, &r);
	if (c->oom || !level2(c, &r))
		goto out;
	check_dane(c, &r);
	check_tls_rpt_rest(c, &r);
	check_bimi_rest(c, &r);
	check_aliases(c, &r);
	if (r.sts_a->status == DNSAUTH_DNS_DATA)
		record_addresses(c, r.sts_a, true);
	if (r.sts_aaaa->status == DNSAUTH_DNS_DATA)
		record_addresses(c, r.sts_aaaa, r.sts_a->status != DNSAUTH_DNS_DATA);
out:
	run_free(&r);
}
