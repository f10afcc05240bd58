/* SPDX-License-Identifier: MIT */
/*
 * audit_mx.c - the MX, address and reverse-DNS area of the audit engine
 * (rules.md §6.4 MX, §6.5 PTR / FCrDNS / HELO).
 *
 * The check is restartable (audit_int.h): it reads DNS answers only with
 * audit_get() and proceeds as far as the cache allows, asking for every
 * name of a level together. The chains, one level per pass:
 *
 *   MX, A and AAAA of the domain (A/AAAA for the implicit MX)
 *     -> A and AAAA of every exchange
 *       -> PTR of every address (MX addresses and the --ip addresses;
 *          the PTRs of --ip addresses are asked in the first pass)
 *         -> A or AAAA of every PTR name (forward confirmation)
 *   A and AAAA of the --helo name (first pass)
 *
 * so a domain with two MX hosts costs four passes (five when the PTR
 * names are not the MX names, whose addresses are cached already).
 *
 * Choices:
 * - "Lookup failed" is reported with audit_dns_failure(), never as a
 *   missing record; OUTSIDE answers (not in the loaded zones) are skipped
 *   without a finding.
 * - An exchange whose CNAME chain ends in NXDOMAIN is reported once, as
 *   mx-target-unresolvable naming the dangling alias, not also as
 *   addr-dangling-alias or mx-target-cname: one root cause, one finding.
 *   A CNAME loop (a lookup ERROR in dns.h) is addr-dangling-alias, not
 *   dns-resolution-failure: it is a configuration error, not a failure
 *   that may go away.
 * - An exchange that looks like an IP address is not looked up (the name
 *   resolves to nothing anyway): mx-target-ip-literal only. A dotted quad
 *   followed by the domain ("192.0.2.1.example.com", an address written
 *   without its trailing dot in the zone) counts as a literal too.
 * - A null MX counts as c->null_mx when every MX record names the root
 *   (the domain accepts no mail). The valid form (a single "0 .") is an
 *   info note when the domain does not send; RFC 7505 violations are
 *   mx-nullmx-invalid; sending from a null-MX domain is
 *   mx-nullmx-but-sending instead of the note.
 * - The catalogue has no rule ids for the info notes of §6.4, so they use
 *   the closest MX rule at severity info: the deliberate null MX uses
 *   mx-nullmx-invalid (the RFC 7505 rule), a single MX host or MX names
 *   all on one address use mx-missing ("a backup MX is missing").
 * - The PTR rules are about sending IPs (--ip): there they have the
 *   rule's severity. MX hosts often send too, so their public addresses
 *   get the same checks, one severity milder (error -> warning,
 *   warning -> info), because the audit cannot know that they send.
 *   Non-public MX addresses get no PTR checks (mx-target-nonpublic says
 *   it all).
 * - IPv6 addresses get ptr-ipv6-missing (for a missing PTR or failed
 *   FCrDNS) instead of ptr-missing / ptr-not-fcrdns.
 * - Documentation ranges (192.0.2/24, 198.51.100/24, 203.0.113/24,
 *   2001:db8::/32) are non-public, unless the options say they are test
 *   data (documentation_addresses_ok: demo and test zones use them).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit_int.h"
#include "dname.h"

/* Bounds: exchanges checked (lowest preferences first), addresses
 * checked (the --ip ones first), PTR names followed per address. */
#define MX_MAX_HOSTS 32u
#define MX_MAX_ADDRS 64u
#define MX_MAX_PTR_NAMES 8u
/* Room for a name in presentation form (every octet escaped as \DDD). */
#define MX_NAME_TEXT 1030u


struct mx_host {
	char *name;        /* lower case, no trailing dot; "" for the root */
	unsigned pref;
	bool literal;      /* looks like an IP address */
	bool bad;          /* has an MX finding */
	bool unknown;      /* outside the zones or lookup failed */
	bool resolved;     /* has addresses */
};

struct mx_addr {
	int family;                    /* AF_INET or AF_INET6 */
	unsigned char b[16];
	char text[INET6_ADDRSTRLEN];
	const char *host;              /* first MX host with it, or NULL */
	bool sending;                  /* given with --ip */
	bool mx;                       /* an address of an MX host */
	bool nonpublic;
	char *rev;                     /* reverse name */
	char *ptr[MX_MAX_PTR_NAMES];   /* PTR names, lower case, no dot */
	size_t nptr;
	bool ptr_known;                /* PTR answer cached and DATA */
};

struct mx_run {
	struct audit_ctx *c;
	struct mx_host hosts[MX_MAX_HOSTS];
	size_t nhosts;
	struct mx_addr addrs[MX_MAX_ADDRS];
	size_t naddrs;
};

/* ------------------------------------------------------------------ */
/* small helpers                                                        */

static bool is_data(const struct dnsauth_dns_answer *a)
{
	return a->status == DNSAUTH_DNS_DATA && a->rrs;
}

static bool is_absent(const struct dnsauth_dns_answer *a)
{
	return a->status == DNSAUTH_DNS_NODATA || a->status == DNSAUTH_DNS_NXDOMAIN ||
	       (a->status == DNSAUTH_DNS_DATA && !a->rrs);
}

/* Record a record unless this run recorded the same one already (areas
 * and levels meet: the PTR name is often the MX host). */
static void record_once(struct audit_ctx *c, const char *name, const char *type,
			const char *value)
{
	if (!audit_recorded(c, name, type, value))
		audit_record(c, name, type, value);
}

/* The address of an A or AAAA record into b (4 or 16 bytes); the family,
 * or 0 when the record is something else. */
static int rr_address(const ldns_rr *rr, unsigned char *b)
{
	const ldns_rdf *rdf = ldns_rr_rdf(rr, 0);

	if (!rdf)
		return 0;
	if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_A && ldns_rdf_size(rdf) == 4) {
		memcpy(b, ldns_rdf_data(rdf), 4);
		return AF_INET;
	}
	if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_AAAA && ldns_rdf_size(rdf) == 16) {
		memcpy(b, ldns_rdf_data(rdf), 16);
		return AF_INET6;
	}
	return 0;
}

static size_t addr_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

/* Whether an A/AAAA answer holds the address. */
static bool answer_has(const struct dnsauth_dns_answer *ans, const struct mx_addr *a)
{
	unsigned char b[16];
	size_t i;

	if (!is_data(ans))
		return false;
	for (i = 0; i < ldns_rr_list_rr_count(ans->rrs); i++)
		if (rr_address(ldns_rr_list_rr(ans->rrs, i), b) == a->family &&
		    memcmp(b, a->b, addr_len(a->family)) == 0)
			return true;
	return false;
}

/* Record every A/AAAA of an answer under its own owner name. */
static void record_addresses(struct audit_ctx *c, const struct dnsauth_dns_answer *ans)
{
	size_t i;

	if (!is_data(ans))
		return;
	for (i = 0; i < ldns_rr_list_rr_count(ans->rrs); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(ans->rrs, i);
		unsigned char b[16];
		char text[INET6_ADDRSTRLEN];
		int family = rr_address(rr, b);
		char *owner;

		if (family && !audit_recording(c)) {
			audit_record_skip(c);
			continue;
		}
		if (!family || !inet_ntop(family, b, text, sizeof(text)))
			continue;
		owner = audit_name_text(ldns_rr_owner(rr));
		if (!owner) {
			c->oom = 1;
			return;
		}
		record_once(c, owner, family == AF_INET ? "A" : "AAAA", text);
		free(owner);
	}
}

/* "a, b, c" of the PTR names of an address, into buf. */
static const char *join_names(char *const *v, size_t n, char *buf, size_t size)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < n && used < size; i++) {
		int k = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", v[i]);

		if (k < 0)
			break;
		used += (size_t)k;
	}
	return buf;
}

/* ------------------------------------------------------------------ */
/* address classes                                                      */

struct net_range {
	unsigned char prefix[16];
	unsigned bits;
	const char *what;
};

static const struct net_range nonpublic4[] = {
	{ { 0 }, 8, "\"this network\" (0.0.0.0/8, unspecified)" },
	{ { 10 }, 8, "private (RFC 1918)" },
	{ { 100, 64 }, 10, "shared CGNAT space (100.64.0.0/10, RFC 6598)" },
	{ { 127 }, 8, "loopback" },
	{ { 169, 254 }, 16, "link-local" },
	{ { 172, 16 }, 12, "private (RFC 1918)" },
	{ { 192, 168 }, 16, "private (RFC 1918)" },
	{ { 198, 18 }, 15, "benchmarking (198.18.0.0/15)" },
	{ { 224 }, 4, "multicast" },
	{ { 240 }, 4, "reserved (240.0.0.0/4, broadcast)" },
};

static const struct net_range nonpublic6[] = {
	{ { 0 }, 128, "unspecified (::)" },
	{ { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, 128, "loopback (::1)" },
	{ { 0xfc }, 7, "unique local (fc00::/7)" },
	{ { 0xfe, 0x80 }, 10, "link-local (fe80::/10)" },
	{ { 0xfe, 0xc0 }, 10, "site-local (fec0::/10, deprecated)" },
	{ { 0xff }, 8, "multicast (ff00::/8)" },
};

/* The documentation ranges (RFC 5737, RFC 3849): not public, unless the
 * audit options mark them as test data. */
static const struct net_range documentation[] = {
	{ { 192, 0, 2 }, 24, "documentation (192.0.2.0/24, RFC 5737)" },
	{ { 198, 51, 100 }, 24, "documentation (198.51.100.0/24, RFC 5737)" },
	{ { 203, 0, 113 }, 24, "documentation (203.0.113.0/24, RFC 5737)" },
	{ { 0x20, 0x01, 0x0d, 0xb8 }, 32, "documentation (2001:db8::/32, RFC 3849)" },
};

static bool in_range(const unsigned char *b, size_t len, const struct net_range *r)
{
	unsigned full = r->bits / 8, rest = r->bits % 8;

	if (r->bits > len * 8 || memcmp(b, r->prefix, full) != 0)
		return false;
	return rest == 0 || ((b[full] ^ r->prefix[full]) & (0xffu << (8 - rest)) & 0xffu) == 0;
}

static const char *in_table(const unsigned char *b, size_t len, const struct net_range *t,
			    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (in_range(b, len, &t[i]))
			return t[i].what;
	return NULL;
}

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* What makes an address non-public (static text), or NULL if public. */
static const char *addr_nonpublic(int family, const unsigned char *b, bool doc_ok)
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	const char *why;

	if (family == AF_INET) {
		why = in_table(b, 4, nonpublic4, NELEM(nonpublic4));
		if (!why && !doc_ok)
			why = in_table(b, 4, documentation, NELEM(documentation) - 1);
		return why;
	}
	if (memcmp(b, mapped, sizeof(mapped)) == 0)
		return addr_nonpublic(AF_INET, b + 12, doc_ok);
	why = in_table(b, 16, nonpublic6, NELEM(nonpublic6));
	if (!why && !doc_ok)
		why = in_table(b, 16, &documentation[NELEM(documentation) - 1], 1);
	return why;
}

/* ------------------------------------------------------------------ */
/* generic PTR names                                                    */

/*
 * The heuristic for ptr-generic. A PTR name looks generic when
 *   1. it embeds the address: for IPv4 its four octets as consecutive
 *      numbers in order or reversed, whatever separates them
 *      ("192-0-2-1", "1.2.0.192", "ip-192-0-2-1"), or the address as 8
 *      hex digits ("c0000201") or as one decimal number; for IPv6 four
 *      consecutive 16-bit groups of it as consecutive hex numbers
 *      ("2001-db8-0-0-..."), or its 32 nibbles in order or reversed;
 *   2. or it is a default name of a cloud or hosting provider (EC2
 *      "...compute.amazonaws.com", GCE "...bc.googleusercontent.com",
 *      Azure "...cloudapp.azure.com" / "...cloudapp.net", Linode,
 *      Vultr, Hetzner "...clients.your-server.de");
 *   3. or a label left of the last two has a word of dynamic or
 *      end-user address space (dyn, dynamic, pool, dsl, dhcp, cable,
 *      ppp, dialup, broadband, client, customer, ...; words are split at
 *      non-letters), or starts "host-", "ip-", "static-" or "addr-"
 *      followed by a digit. The last two labels are left out so that a
 *      provider's own domain name ("dyn.com") does not count.
 */

#define MAX_TOKENS 64

/* Numbers of the maximal digit runs (hex: hex-digit runs) of s, up to
 * max; runs too long for an octet / group count as -1. */
static size_t number_tokens(const char *s, bool hex, long *out, size_t max)
{
	size_t n = 0;

	while (*s && n < max) {
		const char *p = s;
		size_t len;

		while (*p && (hex ? isxdigit((unsigned char)*p) : isdigit((unsigned char)*p)))
			p++;
		len = (size_t)(p - s);
		if (len == 0) {
			s++;
			continue;
		}
		if (len > (hex ? 4u : 3u)) {
			out[n++] = -1;
		} else {
			char tmp[5];

			memcpy(tmp, s, len);
			tmp[len] = '\0';
			out[n++] = strtol(tmp, NULL, hex ? 16 : 10);
		}
		s = p;
	}
	return n;
}

/* Whether want[0..k) appears as consecutive tokens (or reversed). */
static bool tokens_have(const long *tok, size_t n, const long *want, size_t k, bool reversed)
{
	size_t i, j;

	for (i = 0; i + k <= n; i++) {
		for (j = 0; j < k; j++)
			if (tok[i + j] != want[reversed ? k - 1 - j : j])
				break;
		if (j == k)
			return true;
	}
	return false;
}

static bool embeds_address(const char *name, const struct mx_addr *a)
{
	long tok[MAX_TOKENS], want[8];
	char hex[40], rhex[40], digits[256], num[16];
	size_t n, i, nd = 0;

	if (a->family == AF_INET) {
		for (i = 0; i < 4; i++)
			want[i] = a->b[i];
		n = number_tokens(name, false, tok, MAX_TOKENS);
		if (tokens_have(tok, n, want, 4, false) || tokens_have(tok, n, want, 4, true))
			return true;
		snprintf(hex, sizeof(hex), "%02x%02x%02x%02x", a->b[0], a->b[1], a->b[2], a->b[3]);
		snprintf(num, sizeof(num), "%lu",
			 ((unsigned long)a->b[0] << 24) | ((unsigned long)a->b[1] << 16) |
				 ((unsigned long)a->b[2] << 8) | a->b[3]);
		/* the decimal form only when long enough not to match by chance */
		return strstr(name, hex) != NULL || (strlen(num) >= 8 && strstr(name, num) != NULL);
	}
	for (i = 0; i < 8; i++)
		want[i] = (long)a->b[2 * i] << 8 | a->b[2 * i + 1];
	n = number_tokens(name, true, tok, MAX_TOKENS);
	for (i = 0; i + 4 <= 8; i++)
		if (tokens_have(tok, n, want + i, 4, false))
			return true;
	for (i = 0; i < 16; i++) {
		snprintf(hex + 2 * i, 3, "%02x", a->b[i]);
		rhex[31 - 2 * i] = hex[2 * i];
		rhex[30 - 2 * i] = hex[2 * i + 1];
	}
	rhex[32] = '\0';
	for (i = 0; name[i] && nd + 1 < sizeof(digits); i++)
		if (isxdigit((unsigned char)name[i]))
			digits[nd++] = name[i];
	digits[nd] = '\0';
	return strstr(digits, hex) != NULL || strstr(digits, rhex) != NULL;
}

static bool has_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);

	if (n == k)
		return strcmp(name, suffix) == 0;
	return n > k && name[n - k - 1] == '.' && strcmp(name + n - k, suffix) == 0;
}

static const char *cloud_default(const char *name)
{
	static const struct {
		const char *suffix;
		const char *what;
	} clouds[] = {
		{ "bc.googleusercontent.com", "a Google Cloud default name" },
		{ "cloudapp.azure.com", "an Azure default name" },
		{ "cloudapp.net", "an Azure default name" },
		{ "ip.linodeusercontent.com", "a Linode default name" },
		{ "members.linode.com", "a Linode default name" },
		{ "vultrusercontent.com", "a Vultr default name" },
		{ "clients.your-server.de", "a Hetzner default name" },
	};
	size_t i;

	if (has_suffix(name, "amazonaws.com") &&
	    (strstr(name, ".compute.") || strstr(name, ".compute-1.")))
		return "an Amazon EC2 default name";
	for (i = 0; i < NELEM(clouds); i++)
		if (has_suffix(name, clouds[i].suffix))
			return clouds[i].what;
	return NULL;
}

/* A word of dynamic or end-user address space in the labels left of the
 * last two, or a "host-1"-style label; static text or NULL. */
static const char *generic_word(const char *name)
{
	static const char *const words[] = {
		"dyn", "dynamic", "dynip", "dhcp", "pool", "dsl", "adsl", "vdsl", "xdsl",
		"sdsl", "cable", "ppp", "pppoe", "dialup", "dial", "broadband", "client",
		"clients", "customer", "cust", "subscriber", "residential", "unassigned",
	};
	static const char *const prefixes[] = { "host-", "ip-", "static-", "addr-" };
	const char *end = name + strlen(name), *p;
	int dots = 0;
	size_t i;

	/* end: the start of the second-to-last label */
	for (p = end; p > name; p--) {
		if (p[-1] == '.' && ++dots == 2) {
			end = p - 1;
			break;
		}
	}
	if (dots < 2)
		return NULL;
	for (p = name; p < end;) {
		const char *label = p, *q;

		while (p < end && *p != '.')
			p++;
		for (i = 0; i < NELEM(prefixes); i++) {
			size_t k = strlen(prefixes[i]);

			if ((size_t)(p - label) > k && strncmp(label, prefixes[i], k) == 0 &&
			    isdigit((unsigned char)label[k]))
				return prefixes[i];
		}
		for (q = label; q < p;) {
			const char *w = q;

			while (q < p && isalpha((unsigned char)*q))
				q++;
			for (i = 0; w < q && i < NELEM(words); i++)
				if ((size_t)(q - w) == strlen(words[i]) &&
				    strncmp(w, words[i], (size_t)(q - w)) == 0)
					return words[i];
			while (q < p && !isalpha((unsigned char)*q))
				q++;
		}
		if (p < end)
			p++;
	}
	return NULL;
}

/* Why a PTR name looks generic, into buf; NULL if it does not. */
static const char *ptr_generic(const char *name, const struct mx_addr *a, char *buf,
			       size_t size)
{
	const char *why;

	if (embeds_address(name, a))
		return "it embeds the address";
	why = cloud_default(name);
	if (why) {
		snprintf(buf, size, "it is %s", why);
		return buf;
	}
	why = generic_word(name);
	if (why) {
		snprintf(buf, size, "it has \"%s\", a mark of dynamic or end-user address space",
			 why);
		return buf;
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* addresses                                                            */

static struct mx_addr *addr_add(struct mx_run *r, int family, const unsigned char *b,
				const char *host)
{
	struct mx_addr *a;
	size_t i;

	for (i = 0; i < r->naddrs; i++) {
		a = &r->addrs[i];
		if (a->family == family && memcmp(a->b, b, addr_len(family)) == 0) {
			if (host && !a->host)
				a->host = host;
			return a;
		}
	}
	if (r->naddrs >= MX_MAX_ADDRS)
		return NULL;
	a = &r->addrs[r->naddrs];
	memset(a, 0, sizeof(*a));
	a->family = family;
	memcpy(a->b, b, addr_len(family));
	if (!inet_ntop(family, b, a->text, sizeof(a->text)))
		return NULL;
	a->host = host;
	r->naddrs++;
	return a;
}

/* The --ip addresses; ones that are not address literals are skipped
 * (the front ends check them). */
static void add_sending(struct mx_run *r)
{
	const struct dnsauth_audit_opts *o = r->c->o;
	size_t i;

	for (i = 0; i < o->nips; i++) {
		unsigned char b[16];
		int family = AF_INET;
		struct mx_addr *a;

		if (!o->ips[i])
			continue;
		if (inet_pton(AF_INET, o->ips[i], b) != 1) {
			family = AF_INET6;
			if (inet_pton(AF_INET6, o->ips[i], b) != 1)
				continue;
			/* IPv4-mapped: the IPv4 address is what receivers see */
			if (memcmp(b, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0) {
				memmove(b, b + 12, 4);
				family = AF_INET;
			}
		}
		a = addr_add(r, family, b, NULL);
		if (a)
			a->sending = true;
	}
}

/* ------------------------------------------------------------------ */
/* MX                                                                   */

/* Whether an exchange looks like an IP address; *relative when it is a
 * dotted quad followed by the domain (written without the trailing dot). */
static bool exchange_literal(const char *name, const char *domain, bool *relative)
{
	unsigned char b[4];
	char quad[16];
	const char *p = name;
	int dots = 0;

	*relative = false;
	if (strchr(name, ':') || name[0] == '[' || inet_pton(AF_INET, name, b) == 1)
		return true;
	while (*p && dots < 4) {
		if (*p == '.')
			dots++;
		if (dots < 4)
			p++;
	}
	if (dots < 4 || (size_t)(p - name) >= sizeof(quad))
		return false;
	memcpy(quad, name, (size_t)(p - name));
	quad[p - name] = '\0';
	if (inet_pton(AF_INET, quad, b) == 1 && strcmp(p + 1, domain) == 0) {
		*relative = true;
		return true;
	}
	return false;
}

static int host_cmp(const void *x, const void *y)
{
	const struct mx_host *a = x, *b = y;

	if (a->pref != b->pref)
		return a->pref < b->pref ? -1 : 1;
	return strcmp(a->name, b->name);
}

/* No MX: the implicit MX is the domain's own address (RFC 5321 §5.1). */
static void mx_missing(struct audit_ctx *c, const struct dnsauth_dns_answer *mx,
		       const struct dnsauth_dns_answer *a4, const struct dnsauth_dns_answer *a6)
{
	bool unknown = false;

	if (dnsauth_dns_failed(a4->status)) {
		audit_dns_failure(c, a4, "the address of the domain (its implicit MX)");
		unknown = true;
	}
	if (dnsauth_dns_failed(a6->status)) {
		audit_dns_failure(c, a6, "the address of the domain (its implicit MX)");
		unknown = true;
	}
	if (a4->status == DNSAUTH_DNS_OUTSIDE || a6->status == DNSAUTH_DNS_OUTSIDE)
		unknown = true;
	if (is_data(a4) || is_data(a6)) {
		record_addresses(c, a4);
		record_addresses(c, a6);
		audit_finding(c, DNSAUTH_R_MX_MISSING, DNSAUTH_SEV_NONE, c->domain, NULL, 0,
			      "%s has no MX record, so senders deliver to the implicit MX, "
			      "its own address (often a web server); publish an MX for the "
			      "mail host, or a null MX (MX 0 .) if it receives no mail",
			      c->domain);
	} else if (unknown) {
		audit_finding(c, DNSAUTH_R_MX_MISSING, DNSAUTH_SEV_NONE, c->domain, NULL, 0,
			      "%s has no MX record, so senders deliver to the implicit MX, "
			      "its own address, which could not be checked",
			      c->domain);
	} else if (mx->status == DNSAUTH_DNS_NXDOMAIN) {
		audit_finding(c, DNSAUTH_R_MX_MISSING, DNSAUTH_SEV_ERROR, c->domain, NULL, 0,
			      "%s does not exist (NXDOMAIN): it has no MX and no address, "
			      "so mail to it cannot be delivered",
			      c->domain);
	} else {
		audit_finding(c, DNSAUTH_R_MX_MISSING, DNSAUTH_SEV_ERROR, c->domain, NULL, 0,
			      "%s has no MX record and no A or AAAA record for the implicit "
			      "MX, so mail to it cannot be delivered; publish an MX, or a "
			      "null MX (MX 0 .) if it receives no mail",
			      c->domain);
	}
}

/* The MX records into r->hosts (sorted, one entry per exchange),
 * recorded as found. */
static void mx_collect(struct mx_run *r, const struct dnsauth_dns_answer *mx)
{
	struct audit_ctx *c = r->c;
	size_t i, j;

	for (i = 0; i < ldns_rr_list_rr_count(mx->rrs); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(mx->rrs, i);
		const ldns_rdf *pref = ldns_rr_rdf(rr, 0), *ex = ldns_rr_rdf(rr, 1);
		char value[MX_NAME_TEXT];
		unsigned p;
		char *name, *owner;
		bool dup = false;

		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_MX || !pref || !ex)
			continue;
		p = ldns_rdf2native_int16(pref);
		name = audit_name_text(ex);
		if (!name) {
			c->oom = 1;
			return;
		}
		if (audit_recording(c)) {
			snprintf(value, sizeof(value), "%u %s.", p, name);
			owner = audit_name_text(ldns_rr_owner(rr));
			if (!owner) {
				free(name);
				c->oom = 1;
				return;
			}
			record_once(c, owner, "MX", value);
			free(owner);
		} else {
			audit_record_skip(c);
		}
		/* the same exchange twice: keep the lower preference (but keep
		 * every root entry, the null MX checks count them) */
		for (j = 0; *name && j < r->nhosts; j++) {
			if (strcmp(r->hosts[j].name, name) == 0) {
				if (p < r->hosts[j].pref)
					r->hosts[j].pref = p;
				dup = true;
			}
		}
		if (dup || r->nhosts >= MX_MAX_HOSTS) {
			free(name);
			continue;
		}
		memset(&r->hosts[r->nhosts], 0, sizeof(r->hosts[0]));
		r->hosts[r->nhosts].name = name;
		r->hosts[r->nhosts].pref = p;
		r->nhosts++;
	}
	qsort(r->hosts, r->nhosts, sizeof(r->hosts[0]), host_cmp);
}

/* Null MX (RFC 7505); sets c->null_mx. */
static void mx_null(struct mx_run *r)
{
	struct audit_ctx *c = r->c;
	size_t nroot = 0, i;
	unsigned rootpref = 0;
	bool sending = c->spf_authorizes || c->dkim_key_found;

	for (i = 0; i < r->nhosts; i++) {
		if (!*r->hosts[i].name) {
			nroot++;
			if (r->hosts[i].pref)
				rootpref = r->hosts[i].pref;
		}
	}
	if (!nroot)
		return;
	c->null_mx = nroot == r->nhosts;
	if (nroot < r->nhosts)
		audit_finding(c, DNSAUTH_R_MX_NULLMX_INVALID, DNSAUTH_SEV_NONE, c->domain, NULL, 0,
			      "%s publishes a null MX (MX 0 .) together with %zu other MX "
			      "record%s; RFC 7505 forbids that, and senders may treat the "
			      "domain as accepting no mail (556 5.1.10)",
			      c->domain, r->nhosts - nroot, r->nhosts - nroot == 1 ? "" : "s");
	else if (nroot > 1 || rootpref)
		audit_finding(c, DNSAUTH_R_MX_NULLMX_INVALID, DNSAUTH_SEV_NONE, c->domain, NULL, 0,
			      "%s has a null MX with preference %u; RFC 7505 requires exactly "
			      "one MX record, \"MX 0 .\"",
			      c->domain, rootpref);
	if (c->null_mx && sending)
		audit_finding(c, DNSAUTH_R_MX_NULLMX_BUT_SENDING, DNSAUTH_SEV_NONE, c->domain, NULL, 0,
			      "%s publishes a null MX (it accepts no mail) but %s: receivers "
			      "may reject its mail with 550 5.7.27, and bounces and reports "
			      "to it are impossible",
			      c->domain,
			      c->spf_authorizes && c->dkim_key_found ?
				      "its SPF record authorizes sending hosts and it has DKIM keys" :
			      c->spf_authorizes ? "its SPF record authorizes sending hosts" :
						  "it has DKIM keys");
	else if (c->null_mx && nroot == 1 && !rootpref)
		audit_finding(c, DNSAUTH_R_MX_NULLMX_INVALID, DNSAUTH_SEV_INFO, c->domain, NULL, 0,
			      "%s publishes a deliberate null MX: it accepts no mail and "
			      "senders fail at once (556 5.1.10); right for a parked domain, "
			      "together with \"v=spf1 -all\" and DMARC p=reject",
			      c->domain);
}

/* One exchange whose A and AAAA are cached: its findings, its addresses. */
static void mx_host_check(struct mx_run *r, struct mx_host *h,
			  const struct dnsauth_dns_answer *a4,
			  const struct dnsauth_dns_answer *a6)
{
	struct audit_ctx *c = r->c;
	const struct dnsauth_dns_answer *ans[2] = { a4, a6 };
	char what[MX_NAME_TEXT + 40];
	const char *why = NULL, *first = NULL;
	size_t nonpublic = 0, i, k;
	bool failed = false;

	if (a4->status == DNSAUTH_DNS_OUTSIDE && a6->status == DNSAUTH_DNS_OUTSIDE) {
		h->unknown = true;
		return;
	}
	for (k = 0; k < 2; k++) {
		if (ans[k]->cname_loop) {
			h->bad = true;
			audit_finding(c, DNSAUTH_R_ADDR_DANGLING_ALIAS, DNSAUTH_SEV_NONE, h->name,
				      NULL, 0,
				      "MX host %s of %s is an alias in %s (through %s): it "
				      "never resolves, and senders bounce the mail",
				      h->name, c->domain,
				      strstr(ans[k]->error, "longer") ? "a CNAME chain too long "
									"to follow" :
									"a CNAME loop",
				      ans[k]->cnames[0]);
			return;
		}
	}
	snprintf(what, sizeof(what), "the address of MX host %s", h->name);
	for (k = 0; k < 2; k++) {
		if (dnsauth_dns_failed(ans[k]->status)) {
			audit_dns_failure(c, ans[k], what);
			failed = true;
		}
	}
	if (!is_data(a4) && !is_data(a6) &&
	    (a4->status == DNSAUTH_DNS_NXDOMAIN || a6->status == DNSAUTH_DNS_NXDOMAIN)) {
		const struct dnsauth_dns_answer *nx =
			a4->status == DNSAUTH_DNS_NXDOMAIN ? a4 : a6;

		h->bad = true;
		if (nx->ncnames)
			audit_finding(c, DNSAUTH_R_MX_TARGET_UNRESOLVABLE, DNSAUTH_SEV_NONE, h->name,
				      NULL, 0,
				      "MX host %s of %s is an alias (CNAME) of %s, which does "
				      "not exist (a dangling alias): senders bounce the mail",
				      h->name, c->domain, nx->cnames[nx->ncnames - 1]);
		else
			audit_finding(c, DNSAUTH_R_MX_TARGET_UNRESOLVABLE, DNSAUTH_SEV_NONE, h->name,
				      NULL, 0,
				      "MX host %s of %s does not exist (NXDOMAIN): senders "
				      "bounce the mail",
				      h->name, c->domain);
		return;
	}
	if (!is_data(a4) && !is_data(a6)) {
		if (failed || a4->status == DNSAUTH_DNS_OUTSIDE ||
		    a6->status == DNSAUTH_DNS_OUTSIDE) {
			h->unknown = true;
			return;
		}
		h->bad = true;
		audit_finding(c, DNSAUTH_R_MX_TARGET_UNRESOLVABLE, DNSAUTH_SEV_NONE, h->name, NULL,
			      0, "MX host %s of %s has no A or AAAA record: senders cannot reach it",
			      h->name, c->domain);
		return;
	}
	if (failed)
		h->unknown = true;
	for (k = 0; k < 2; k++) {
		if (ans[k]->ncnames && is_data(ans[k])) {
			h->bad = true;
			audit_finding(c, DNSAUTH_R_MX_TARGET_CNAME, DNSAUTH_SEV_NONE, h->name, NULL, 0,
				      "MX host %s of %s is an alias (CNAME) of %s; an MX must "
				      "name the host itself (RFC 2181 §10.3): point the MX at %s",
				      h->name, c->domain, ans[k]->cnames[ans[k]->ncnames - 1],
				      ans[k]->cnames[ans[k]->ncnames - 1]);
			break;
		}
	}
	for (k = 0; k < 2; k++) {
		if (!is_data(ans[k]))
			continue;
		record_addresses(c, ans[k]);
		for (i = 0; i < ldns_rr_list_rr_count(ans[k]->rrs); i++) {
			unsigned char b[16];
			int family = rr_address(ldns_rr_list_rr(ans[k]->rrs, i), b);
			const char *np;
			struct mx_addr *a;

			if (!family)
				continue;
			h->resolved = true;
			np = addr_nonpublic(family, b, c->o->documentation_addresses_ok);
			a = addr_add(r, family, b, h->name);
			if (a) {
				a->mx = true;
				a->nonpublic = a->nonpublic || np;
			}
			if (np && nonpublic == 0) {
				why = np;
				first = a ? a->text : "?";
			}
			if (np)
				nonpublic++;
		}
	}
	if (nonpublic) {
		h->bad = true;
		audit_finding(c, DNSAUTH_R_MX_TARGET_NONPUBLIC, DNSAUTH_SEV_NONE, h->name, NULL, 0,
			      "MX host %s of %s resolves to %s, %s%s: senders on the "
			      "Internet cannot connect to it",
			      h->name, c->domain, first, why,
			      nonpublic > 1 ? " (and more non-public addresses)" : "");
	}
}

/* Info notes: no backup MX. Only when no null MX is involved. */
static void mx_redundancy(struct mx_run *r)
{
	struct audit_ctx *c = r->c;
	size_t n4 = 0, n6 = 0, i;

	if (r->nhosts == 1 && !r->hosts[0].bad && !r->hosts[0].literal) {
		audit_finding(c, DNSAUTH_R_MX_MISSING, DNSAUTH_SEV_INFO, c->domain, NULL, 0,
			      "%s has a single MX host (%s) and no backup: while it is down "
			      "senders defer (4.4.1) and give up after days (4.4.7)",
			      c->domain, r->hosts[0].name);
		return;
	}
	if (r->nhosts < 2)
		return;
	for (i = 0; i < r->nhosts; i++)
		if (r->hosts[i].bad || r->hosts[i].literal || r->hosts[i].unknown ||
		    !r->hosts[i].resolved)
			return;
	for (i = 0; i < r->naddrs; i++) {
		if (!r->addrs[i].mx)
			continue;
		if (r->addrs[i].family == AF_INET)
			n4++;
		else
			n6++;
	}
	if (n4 <= 1 && n6 <= 1)
		audit_finding(c, DNSAUTH_R_MX_MISSING, DNSAUTH_SEV_INFO, c->domain, NULL, 0,
			      "the %zu MX hosts of %s all share one address, so there is no "
			      "backup: while it is down senders defer (4.4.1) and give up "
			      "after days (4.4.7)",
			      r->nhosts, c->domain);
}

/* The MX records of the domain and the addresses of the exchanges. */
static void mx_stage(struct mx_run *r)
{
	struct audit_ctx *c = r->c;
	const struct dnsauth_dns_answer *mx, *a4, *a6;
	const struct dnsauth_dns_answer *h4[MX_MAX_HOSTS], *h6[MX_MAX_HOSTS];
	bool pending = false, nullmx = false;
	size_t i;

	mx = audit_get(c, c->domain, LDNS_RR_TYPE_MX);
	a4 = audit_get(c, c->domain, LDNS_RR_TYPE_A);
	a6 = audit_get(c, c->domain, LDNS_RR_TYPE_AAAA);
	if (!mx || !a4 || !a6)
		return;
	if (mx->status == DNSAUTH_DNS_OUTSIDE)
		return;
	if (dnsauth_dns_failed(mx->status)) {
		audit_dns_failure(c, mx, "the MX records");
		return;
	}
	if (is_data(mx))
		mx_collect(r, mx);
	if (r->nhosts == 0) {
		mx_missing(c, mx, a4, a6);
		return;
	}
	mx_null(r);
	/* literals are not looked up; every other exchange in one pass */
	for (i = 0; i < r->nhosts; i++) {
		struct mx_host *h = &r->hosts[i];
		bool relative;

		h4[i] = h6[i] = NULL;
		if (!*h->name) {
			nullmx = true;
			continue;
		}
		h->literal = exchange_literal(h->name, c->domain, &relative);
		if (h->literal) {
			h->bad = true;
			if (relative)
				audit_finding(c, DNSAUTH_R_MX_TARGET_IP_LITERAL, DNSAUTH_SEV_NONE,
					      c->domain, NULL, 0,
					      "an MX of %s names an IP address written without "
					      "the trailing dot, so it became the host name %s, "
					      "which does not exist; an MX must name a host",
					      c->domain, h->name);
			else
				audit_finding(c, DNSAUTH_R_MX_TARGET_IP_LITERAL, DNSAUTH_SEV_NONE,
					      c->domain, NULL, 0,
					      "an MX of %s names the IP address %s; an MX must "
					      "name a host (RFC 1035 §3.3.9), and senders look %s "
					      "up as a name and find nothing",
					      c->domain, h->name, h->name);
			continue;
		}
		h4[i] = audit_get(c, h->name, LDNS_RR_TYPE_A);
		h6[i] = audit_get(c, h->name, LDNS_RR_TYPE_AAAA);
		if (!h4[i] || !h6[i])
			pending = true;
	}
	if (pending)
		return;
	for (i = 0; i < r->nhosts; i++)
		if (h4[i] && h6[i])
			mx_host_check(r, &r->hosts[i], h4[i], h6[i]);
	if (!nullmx)
		mx_redundancy(r);
}

/* ------------------------------------------------------------------ */
/* PTR and FCrDNS                                                       */

/* A PTR-area finding for an address: the rule's severity for a sending
 * IP, one step milder for an address known only as an MX host's. */
static enum dnsauth_severity ptr_sev(const struct mx_addr *a, enum dnsauth_rule_id rule)
{
	enum dnsauth_severity s = dnsauth_rule_get(rule)->severity;

	if (a->sending || s <= DNSAUTH_SEV_INFO)
		return s;
	return (enum dnsauth_severity)(s - 1);
}

/* "sending IP 192.0.2.1" or "address 192.0.2.1 of MX host mx.example". */
static const char *addr_role(const struct mx_addr *a, char *buf, size_t size)
{
	if (a->sending)
		snprintf(buf, size, "sending IP%s %s", a->family == AF_INET6 ? "v6 address" : "",
			 a->text);
	else
		snprintf(buf, size, "address %s of MX host %s", a->text, a->host ? a->host : "?");
	return buf;
}

static void ptr_missing(struct audit_ctx *c, const struct mx_addr *a,
			const struct dnsauth_dns_answer *p)
{
	enum dnsauth_rule_id rule = a->family == AF_INET6 ? DNSAUTH_R_PTR_IPV6_MISSING :
							    DNSAUTH_R_PTR_MISSING;
	char role[MX_NAME_TEXT + 80];

	audit_finding(c, rule, ptr_sev(a, rule), a->text, NULL, 0,
		      "the %s has no PTR record (%s: %s); Gmail, Yahoo and Outlook.com "
		      "want a PTR name that resolves back to the address%s",
		      addr_role(a, role, sizeof(role)), a->rev,
		      dnsauth_dns_status_name(p->status),
		      a->sending ? "" : " (MX hosts often send mail too)");
}

/* The PTR names of one address, cached: records, generic names, and the
 * forward lookups; findings once those are cached too. */
static void ptr_check(struct mx_run *r, struct mx_addr *a)
{
	struct audit_ctx *c = r->c;
	const struct dnsauth_dns_answer *p, *fwd[MX_MAX_PTR_NAMES];
	uint16_t type = a->family == AF_INET ? LDNS_RR_TYPE_A : LDNS_RR_TYPE_AAAA;
	char what[INET6_ADDRSTRLEN + 40], buf[160], role[MX_NAME_TEXT + 80];
	char names[MX_MAX_PTR_NAMES * (MX_NAME_TEXT + 2)];
	bool pending = false, confirmed = false, unknown = false;
	size_t i;

	a->rev = dnsauth_dns_reverse_name(a->text);
	if (!a->rev) {
		c->oom = 1;
		return;
	}
	p = audit_get(c, a->rev, LDNS_RR_TYPE_PTR);
	if (!p || p->status == DNSAUTH_DNS_OUTSIDE)
		return;
	if (dnsauth_dns_failed(p->status)) {
		snprintf(what, sizeof(what), "the PTR record of %s", a->text);
		audit_dns_failure(c, p, what);
		return;
	}
	if (!is_data(p)) {
		ptr_missing(c, a, p);
		return;
	}
	for (i = 0; i < ldns_rr_list_rr_count(p->rrs) && a->nptr < MX_MAX_PTR_NAMES; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(p->rrs, i);
		char value[MX_NAME_TEXT + 2];
		char *name;

		if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_PTR || !ldns_rr_rdf(rr, 0))
			continue;
		name = audit_name_text(ldns_rr_rdf(rr, 0));
		if (!name) {
			c->oom = 1;
			return;
		}
		a->ptr[a->nptr++] = name;
		if (audit_recording(c)) {
			snprintf(value, sizeof(value), "%s.", name);
			record_once(c, p->qname, "PTR", value);
		} else {
			audit_record_skip(c);
		}
	}
	if (a->nptr == 0) {
		ptr_missing(c, a, p);
		return;
	}
	a->ptr_known = true;
	for (i = 0; i < a->nptr; i++) {
		const char *why = ptr_generic(a->ptr[i], a, buf, sizeof(buf));

		if (why) {
			audit_finding(c, DNSAUTH_R_PTR_GENERIC, ptr_sev(a, DNSAUTH_R_PTR_GENERIC),
				      a->text, NULL, 0,
				      "the PTR name %s of the %s looks generic (%s): receivers "
				      "treat such names as dynamic or unmanaged address space; "
				      "use a name of your own that resolves back to the address",
				      a->ptr[i], addr_role(a, role, sizeof(role)), why);
			break;
		}
	}
	/* forward confirmation: every PTR name in one pass */
	for (i = 0; i < a->nptr; i++) {
		fwd[i] = audit_get(c, a->ptr[i], type);
		if (!fwd[i])
			pending = true;
	}
	if (pending)
		return;
	for (i = 0; i < a->nptr; i++) {
		if (answer_has(fwd[i], a))
			confirmed = true;
		else if (fwd[i]->status == DNSAUTH_DNS_OUTSIDE ||
			 dnsauth_dns_failed(fwd[i]->status))
			unknown = true;
	}
	if (confirmed)
		return;
	for (i = 0; i < a->nptr; i++) {
		if (dnsauth_dns_failed(fwd[i]->status)) {
			snprintf(what, sizeof(what), "the PTR name of %s", a->text);
			audit_dns_failure(c, fwd[i], what);
		}
	}
	if (unknown)
		return;
	join_names(a->ptr, a->nptr, names, sizeof(names));
	if (a->family == AF_INET6)
		audit_finding(c, DNSAUTH_R_PTR_IPV6_MISSING,
			      ptr_sev(a, DNSAUTH_R_PTR_IPV6_MISSING), a->text, NULL, 0,
			      "the %s has a PTR (%s), but no PTR name resolves back to it: "
			      "forward-confirmed reverse DNS fails, and Gmail and Exchange "
			      "Online require it over IPv6",
			      addr_role(a, role, sizeof(role)), names);
	else
		audit_finding(c, DNSAUTH_R_PTR_NOT_FCRDNS, ptr_sev(a, DNSAUTH_R_PTR_NOT_FCRDNS),
			      a->text, NULL, 0,
			      "the %s has a PTR (%s), but no PTR name resolves back to it: "
			      "forward-confirmed reverse DNS fails",
			      addr_role(a, role, sizeof(role)), names);
}

/* ------------------------------------------------------------------ */
/* HELO                                                                 */

static void helo_check(struct mx_run *r)
{
	struct audit_ctx *c = r->c;
	const char *helo = c->o->helo, *why = NULL;
	const struct dnsauth_dns_answer *h4, *h6;
	char name[MX_NAME_TEXT], names[MX_MAX_PTR_NAMES * (MX_NAME_TEXT + 2)];
	unsigned char b[16];
	bool any = false, reported4 = false, reported6 = false;
	size_t len, i, j;

	if (!helo || !*helo)
		return;
	len = dnsauth_dname_len(helo);
	if (helo[0] == '[' || inet_pton(AF_INET, helo, b) == 1 ||
	    inet_pton(AF_INET6, helo, b) == 1) {
		audit_finding(c, DNSAUTH_R_PTR_HELO_MISMATCH, DNSAUTH_SEV_NONE, helo, NULL, 0,
			      "the HELO name %s is an address, not a host name; use the "
			      "host's fully qualified name, the one its PTR gives",
			      helo);
		return;
	}
	if (len >= sizeof(name) || !dnsauth_dname_valid(helo, strlen(helo), true, &why, NULL)) {
		audit_finding(c, DNSAUTH_R_PTR_HELO_MISMATCH, DNSAUTH_SEV_NONE, helo, NULL, 0,
			      "the HELO name %s is not a valid host name (%s); it should be "
			      "the host's fully qualified name, and Gmail answers 501 5.5.4 "
			      "to malformed names",
			      helo, why ? why : "too long");
		return;
	}
	for (i = 0; i < len; i++)
		name[i] = (char)tolower((unsigned char)helo[i]);
	name[len] = '\0';
	h4 = audit_get(c, name, LDNS_RR_TYPE_A);
	h6 = audit_get(c, name, LDNS_RR_TYPE_AAAA);
	if (!h4 || !h6)
		return;
	for (i = 0; i < r->naddrs; i++) {
		const struct mx_addr *a = &r->addrs[i];
		const struct dnsauth_dns_answer *h = a->family == AF_INET ? h4 : h6;
		bool *reported = a->family == AF_INET ? &reported4 : &reported6;

		if (!a->sending)
			continue;
		any = true;
		if (dnsauth_dns_failed(h->status)) {
			if (!*reported)
				audit_dns_failure(c, h, "the address of the HELO name");
			*reported = true;
		} else if (h->status != DNSAUTH_DNS_OUTSIDE && !answer_has(h, a)) {
			audit_finding(c, DNSAUTH_R_PTR_HELO_MISMATCH, DNSAUTH_SEV_NONE, name, NULL, 0,
				      "the HELO name %s does not resolve to the sending IP %s",
				      name, a->text);
		}
		if (!a->ptr_known)
			continue;
		for (j = 0; j < a->nptr; j++)
			if (strcmp(a->ptr[j], name) == 0)
				break;
		join_names(a->ptr, a->nptr, names, sizeof(names));
		if (j == a->nptr)
			audit_finding(c, DNSAUTH_R_PTR_HELO_MISMATCH, DNSAUTH_SEV_NONE, name, NULL, 0,
				      "the HELO name %s differs from the PTR name%s of %s (%s)",
				      name, a->nptr > 1 ? "s" : "", a->text, names);
		if (a->nptr > 1)
			audit_finding(c, DNSAUTH_R_PTR_HELO_MISMATCH, DNSAUTH_SEV_NONE, a->text, NULL,
				      0,
				      "%s has %zu PTR names (%s); receivers that compare the "
				      "HELO name with the PTR may use any one: keep one",
				      a->text, a->nptr, names);
	}
	if (!any && is_absent(h4) && is_absent(h6))
		audit_finding(c, DNSAUTH_R_PTR_HELO_MISMATCH, DNSAUTH_SEV_NONE, name, NULL, 0,
			      "the HELO name %s has no A or AAAA record", name);
}

/* ------------------------------------------------------------------ */

void audit_mx_run(struct audit_ctx *c)
{
	/* on the stack: a block this size from malloc makes it consolidate
	 * its free chunks, on every run; entries are cleared when added */
	struct mx_run run, *r = &run;
	size_t i, j;

	r->c = c;
	r->nhosts = r->naddrs = 0;
	add_sending(r);
	mx_stage(r);
	for (i = 0; i < r->naddrs && !c->oom; i++)
		if (!r->addrs[i].nonpublic || r->addrs[i].sending)
			ptr_check(r, &r->addrs[i]);
	if (!c->oom)
		helo_check(r);
	for (i = 0; i < r->nhosts; i++)
		free(r->hosts[i].name);
	for (i = 0; i < r->naddrs; i++) {
		free(r->addrs[i].rev);
		for (j = 0; j < r->addrs[i].nptr; j++)
			free(r->addrs[i].ptr[j]);
	}
}
