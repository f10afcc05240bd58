/* SPDX-License-Identifier: MIT */
/*
 * check_dns.c - unit tests of the resolver interface (lib/dns.h) on the
 * zone source, with the fixture zones of tests/data/dns (found through
 * $top_srcdir, default "."): DATA, NODATA, NXDOMAIN, empty non-terminals,
 * CNAME chains (within and across zones, dangling, loops, too long),
 * wildcards (RFC 4592), OUTSIDE and delegations, TXT joining, origins,
 * directory loading, load errors, reverse names, prefetch, the cache and
 * the counters; of the live source only what needs no server (settings,
 * the deadline, a server that does not answer): it is tested against NSD
 * and a faulty responder in tests/integration. The records source
 * (complete and partial zones, auto-declared zones) and the fallback
 * (to a data source, and to a live source on a small DNS server run by
 * the test on 127.0.0.1); with that server, the addresses of MX
 * exchanges taken from the additional section of the MX response (only
 * theirs, never overwriting, nothing made from absence, not with DO).
 */
#include <arpa/inet.h>
#include <check.h>
#include <ctype.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "dname.h"
#include "dns.h"
#include "error.h"

static char datadir[4096];
static struct dnsauth_dns *dns;

/* ----------------------------------------------------------- helpers */

static const char *data_path(const char *rel, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s/%s", datadir, rel);

	ck_assert(n > 0 && (size_t)n < size);
	return buf;
}

/* A zone source over tests/data/dns/<rel>... (NULL-terminated). */
static struct dnsauth_dns *load(const char *rel, ...)
{
	char paths[4][4096];
	const char *pv[4];
	struct dnsauth_dns *d = NULL;
	struct dnsauth_buf err;
	size_t n = 0;
	va_list ap;
	int rc;

	va_start(ap, rel);
	while (rel && n < 4) {
		pv[n] = data_path(rel, paths[n], sizeof(paths[n]));
		n++;
		rel = va_arg(ap, const char *);
	}
	va_end(ap);
	dnsauth_buf_init(&err, 0);
	rc = dnsauth_dns_new_zone(pv, n, &d, &err);
	ck_assert_msg(rc == 0, "load failed (%d): %s", rc, dnsauth_buf_str(&err));
	ck_assert_ptr_nonnull(d);
	dnsauth_buf_free(&err);
	return d;
}

static void setup(void)
{
	dns = load(".", NULL);
}

static void teardown(void)
{
	dnsauth_dns_free(dns);
	dns = NULL;
}

/* Look up and check the status. */
static const struct dnsauth_dns_answer *expect(struct dnsauth_dns *d, const char *name,
					       uint16_t type, enum dnsauth_dns_status st)
{
	const struct dnsauth_dns_answer *a = dnsauth_dns_lookup(d, name, type);

	ck_assert_ptr_nonnull(a);
	ck_assert_msg(a->status == st, "%s/%u: status %s, expected %s (%s)", name,
		      (unsigned)type, dnsauth_dns_status_name(a->status),
		      dnsauth_dns_status_name(st), a->error ? a->error : "");
	if (st == DNSAUTH_DNS_DATA) {
		ck_assert_ptr_nonnull(a->rrs);
		ck_assert_uint_gt(ldns_rr_list_rr_count(a->rrs), 0);
	} else {
		ck_assert_ptr_null(a->rrs);
	}
	ck_assert_uint_eq(a->rcode, 0);
	ck_assert_ptr_null(a->msg);
	return a;
}

/* The CNAME targets of an answer, joined with ",". */
static void expect_cnames(const struct dnsauth_dns_answer *a, const char *want)
{
	char got[2048] = "";
	size_t i;

	for (i = 0; i < a->ncnames; i++) {
		if (i > 0)
			strcat(got, ",");
		strcat(got, a->cnames[i]);
	}
	ck_assert_str_eq(got, want);
}

/* Whether the answer's TXT strings contain \p s exactly. */
static bool has_txt(const struct dnsauth_dns_answer *a, const char *s)
{
	size_t i;

	for (i = 0; i < a->ntxt; i++) {
		if (a->txt_len[i] == strlen(s) && memcmp(a->txt[i], s, a->txt_len[i]) == 0)
			return true;
	}
	return false;
}

/* The presentation of the first rdata field of the first record. */
static char *rdata0(const struct dnsauth_dns_answer *a)
{
	ck_assert_ptr_nonnull(a->rrs);
	return ldns_rdf2str(ldns_rr_rdf(ldns_rr_list_rr(a->rrs, 0), 0));
}

static void expect_rdata0(const struct dnsauth_dns_answer *a, const char *want)
{
	char *s = rdata0(a);

	ck_assert_str_eq(s, want);
	free(s);
}

static void expect_owner(const struct dnsauth_dns_answer *a, const char *want)
{
	char *s = ldns_rdf2str(ldns_rr_owner(ldns_rr_list_rr(a->rrs, 0)));

	ck_assert_str_eq(s, want);
	free(s);
}

/* ------------------------------------------------------------ answers */

START_TEST(test_data)
{
	const struct dnsauth_dns_answer *a;

	a = expect(dns, "example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	ck_assert_str_eq(a->qname, "example.com");
	ck_assert_uint_eq(a->qtype, LDNS_RR_TYPE_TXT);
	ck_assert_uint_eq(a->ncnames, 0);
	ck_assert_uint_eq(a->ntxt, 1);
	ck_assert(has_txt(a, "v=spf1 include:_spf.example.net -all"));
	ck_assert_ptr_null(a->error);
	ck_assert(!a->truncated_tcp);

	a = expect(dns, "example.com", LDNS_RR_TYPE_MX, DNSAUTH_DNS_DATA);
	ck_assert_uint_eq(a->ntxt, 0);
	ck_assert_ptr_null(a->txt);
	a = expect(dns, "mail.example.com", LDNS_RR_TYPE_AAAA, DNSAUTH_DNS_DATA);
	expect_rdata0(a, "2001:db8::25");
	expect_owner(a, "mail.example.com.");
	a = expect(dns, "example.com", LDNS_RR_TYPE_SOA, DNSAUTH_DNS_DATA);
	ck_assert_uint_eq(ldns_rr_list_rr_count(a->rrs), 1);
	a = expect(dns, "sel._domainkey.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	ck_assert_uint_eq(a->ntxt, 1);
}
END_TEST

START_TEST(test_nodata_nxdomain)
{
	const struct dnsauth_dns_answer *a;

	a = expect(dns, "mail.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_NODATA);
	ck_assert_uint_eq(a->ntxt, 0);
	ck_assert_ptr_null(a->error);
	expect(dns, "_dmarc.example.com", LDNS_RR_TYPE_MX, DNSAUTH_DNS_NODATA);
	a = expect(dns, "nope.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_NXDOMAIN);
	ck_assert_uint_eq(a->ncnames, 0);
	expect(dns, "x.mail.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_NXDOMAIN);
	expect(dns, "_dmarc.mail.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_NXDOMAIN);
	expect(dns, "nope.example.net", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_NXDOMAIN);
}
END_TEST

START_TEST(test_empty_non_terminal)
{
	expect(dns, "c.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_NODATA);
	expect(dns, "b.c.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_NODATA);
	expect(dns, "b.c.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_NODATA);
	expect(dns, "a.b.c.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	expect(dns, "x.b.c.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_NXDOMAIN);
	expect(dns, "x.c.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_NXDOMAIN);
	/* "_domainkey" exists only because of sel._domainkey */
	expect(dns, "_domainkey.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_NODATA);
	expect(dns, "other._domainkey.example.com", LDNS_RR_TYPE_TXT,
	       DNSAUTH_DNS_NXDOMAIN);
}
END_TEST

START_TEST(test_cname_within_zone)
{
	const struct dnsauth_dns_answer *a;

	a = expect(dns, "alias.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_DATA);
	expect_cnames(a, "mail.example.com");
	expect_rdata0(a, "192.0.2.25");
	expect_owner(a, "mail.example.com.");
	ck_assert_str_eq(a->qname, "alias.example.com");
	/* CNAME to a name without the type */
	a = expect(dns, "alias.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_NODATA);
	expect_cnames(a, "mail.example.com");
	/* asking for the CNAME itself does not follow it */
	a = expect(dns, "alias.example.com", LDNS_RR_TYPE_CNAME, DNSAUTH_DNS_DATA);
	ck_assert_uint_eq(a->ncnames, 0);
	expect_rdata0(a, "mail.example.com.");
}
END_TEST

START_TEST(test_cname_across_zones)
{
	const struct dnsauth_dns_answer *a;

	a = expect(dns, "www.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_DATA);
	expect_cnames(a, "web.example.com,host.example.net");
	expect_rdata0(a, "192.0.2.80");
	a = expect(dns, "www.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	ck_assert(has_txt(a, "host in example.net"));
	a = expect(dns, "back.example.net", LDNS_RR_TYPE_A, DNSAUTH_DNS_DATA);
	expect_cnames(a, "mail.example.com");
	a = expect(dns, "hop.example.net", LDNS_RR_TYPE_A, DNSAUTH_DNS_DATA);
	expect_cnames(a, "www.example.com,web.example.com,host.example.net");
	a = expect(dns, "hop.example.net", LDNS_RR_TYPE_MX, DNSAUTH_DNS_NODATA);
	expect_cnames(a, "www.example.com,web.example.com,host.example.net");
}
END_TEST

START_TEST(test_cname_nxdomain)
{
	const struct dnsauth_dns_answer *a;

	a = expect(dns, "dangling.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_NXDOMAIN);
	expect_cnames(a, "nothere.example.com");
	ck_assert_ptr_null(a->error);
}
END_TEST

START_TEST(test_cname_outside)
{
	const struct dnsauth_dns_answer *a;

	a = expect(dns, "outside.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_OUTSIDE);
	expect_cnames(a, "www.example.org");
	ck_assert(!dnsauth_dns_failed(a->status));
}
END_TEST

START_TEST(test_cname_loops)
{
	const struct dnsauth_dns_answer *a;

	a = expect(dns, "loop1.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_ERROR);
	ck_assert_ptr_nonnull(a->error);
	ck_assert_msg(strstr(a->error, "CNAME loop") != NULL, "%s", a->error);
	expect_cnames(a, "loop2.example.com");
	ck_assert(dnsauth_dns_failed(a->status));
	a = expect(dns, "self.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_ERROR);
	ck_assert_msg(strstr(a->error, "CNAME loop") != NULL, "%s", a->error);
	ck_assert_uint_eq(a->ncnames, 0);
	/* 8 hops are followed, 9 are a loop */
	a = expect(dns, "long2.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_DATA);
	ck_assert_uint_eq(a->ncnames, DNSAUTH_DNS_MAX_CNAMES);
	ck_assert_str_eq(a->cnames[DNSAUTH_DNS_MAX_CNAMES - 1], "mail.example.com");
	a = expect(dns, "long1.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_ERROR);
	ck_assert_msg(strstr(a->error, "CNAME loop") != NULL, "%s", a->error);
	ck_assert_uint_eq(a->ncnames, DNSAUTH_DNS_MAX_CNAMES);
	/* the CNAME records themselves are data */
	expect(dns, "loop1.example.com", LDNS_RR_TYPE_CNAME, DNSAUTH_DNS_DATA);
}
END_TEST

START_TEST(test_wildcard_txt)
{
	const struct dnsauth_dns_answer *a;

	a = expect(dns, "foo.wild.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	ck_assert(has_txt(a, "wildcard"));
	/* synthesized: the owner is the name asked */
	expect_owner(a, "foo.wild.example.com.");
	a = expect(dns, "a.b.foo.wild.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	expect_owner(a, "a.b.foo.wild.example.com.");
	a = expect(dns, "foo.wild.example.com", LDNS_RR_TYPE_MX, DNSAUTH_DNS_DATA);
	expect_rdata0(a, "10");
	/* the wildcard exists, without A records */
	expect(dns, "foo.wild.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_NODATA);
	/* the wildcard name itself */
	a = expect(dns, "*.wild.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	expect_owner(a, "*.wild.example.com.");
	/* "wild" is an empty non-terminal above its wildcard */
	expect(dns, "wild.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_NODATA);
}
END_TEST

START_TEST(test_wildcard_not_matching)
{
	/* an existing name is never answered by the wildcard */
	expect(dns, "exists.wild.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_NODATA);
	expect(dns, "exists.wild.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_DATA);
	/* nor an empty non-terminal */
	expect(dns, "y.wild.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_NODATA);
	/* below an existing child of the closest encloser: no wildcard */
	expect(dns, "z.y.wild.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_NXDOMAIN);
	expect(dns, "sub.exists.wild.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_NXDOMAIN);
	expect(dns, "x.y.wild.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	/* no wildcard at the apex */
	expect(dns, "nowild.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_NXDOMAIN);
}
END_TEST

START_TEST(test_wildcard_cname)
{
	const struct dnsauth_dns_answer *a;

	a = expect(dns, "any.wc.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_DATA);
	expect_cnames(a, "mail.example.com");
	expect_rdata0(a, "192.0.2.25");
	a = expect(dns, "any.wc.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_NODATA);
	expect_cnames(a, "mail.example.com");
	a = expect(dns, "any.wc.example.com", LDNS_RR_TYPE_CNAME, DNSAUTH_DNS_DATA);
	ck_assert_uint_eq(a->ncnames, 0);
	expect_owner(a, "any.wc.example.com.");
	expect_rdata0(a, "mail.example.com.");
	expect(dns, "wc.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_NODATA);
}
END_TEST

START_TEST(test_outside)
{
	const struct dnsauth_dns_answer *a;

	a = expect(dns, "example.org", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_OUTSIDE);
	ck_assert_str_eq(a->qname, "example.org");
	ck_assert(!dnsauth_dns_failed(a->status));
	expect(dns, "com", LDNS_RR_TYPE_NS, DNSAUTH_DNS_OUTSIDE);
	expect(dns, ".", LDNS_RR_TYPE_NS, DNSAUTH_DNS_OUTSIDE);
	expect(dns, "notexample.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_OUTSIDE);
	expect(dns, "www.example.org", LDNS_RR_TYPE_A, DNSAUTH_DNS_OUTSIDE);
}
END_TEST

START_TEST(test_delegation)
{
	expect(dns, "sub.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_OUTSIDE);
	expect(dns, "sub.example.com", LDNS_RR_TYPE_NS, DNSAUTH_DNS_OUTSIDE);
	expect(dns, "sub.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_OUTSIDE);
	/* glue is not an answer */
	expect(dns, "ns.sub.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_OUTSIDE);
	expect(dns, "x.y.sub.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_OUTSIDE);
	/* DS at the cut belongs to the parent */
	expect(dns, "sub.example.com", LDNS_RR_TYPE_DS, DNSAUTH_DNS_NODATA);
	/* the apex NS is data, not a delegation */
	expect(dns, "example.com", LDNS_RR_TYPE_NS, DNSAUTH_DNS_DATA);
}
END_TEST

START_TEST(test_longest_origin)
{
	const struct dnsauth_dns_answer *a;

	/* child.example.com is loaded: it answers below its cut */
	a = expect(dns, "child.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	ck_assert(has_txt(a, "child apex"));
	a = expect(dns, "deep.child.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	ck_assert(has_txt(a, "in the child zone"));
	expect(dns, "nope.child.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_NXDOMAIN);
	a = expect(dns, "child.example.com", LDNS_RR_TYPE_NS, DNSAUTH_DNS_DATA);
	expect_rdata0(a, "ns1.example.com.");
}
END_TEST

START_TEST(test_txt_joining)
{
	const struct dnsauth_dns_answer *a;
	size_t i;

	/* two RRs (the repeated "first" is one record), strings joined */
	a = expect(dns, "multi.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	ck_assert_uint_eq(a->ntxt, 2);
	ck_assert_uint_eq(ldns_rr_list_rr_count(a->rrs), 2);
	ck_assert(has_txt(a, "first"));
	ck_assert(has_txt(a, "second part"));
	for (i = 0; i < a->ntxt; i++)
		ck_assert_uint_eq(a->txt[i][a->txt_len[i]], '\0');
	/* an embedded NUL is kept, the length says where the string ends */
	a = expect(dns, "nul.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	ck_assert_uint_eq(a->ntxt, 1);
	ck_assert_uint_eq(a->txt_len[0], 3);
	ck_assert(memcmp(a->txt[0], "a\0b", 4) == 0);
}
END_TEST

/* ------------------------------------------------------------ loading */

START_TEST(test_origin_from_origin_directive)
{
	struct dnsauth_dns *d = load("origin/misnamed.zone", NULL);
	const struct dnsauth_dns_answer *a;

	a = expect(d, "www.example.biz", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	ck_assert(has_txt(a, "biz www"));
	expect(d, "example.biz", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	expect(d, "www.misnamed", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_OUTSIDE);
	dnsauth_dns_free(d);
}
END_TEST

START_TEST(test_origin_from_soa)
{
	struct dnsauth_dns *d = load("origin/soa-owner.txt", NULL);
	const struct dnsauth_dns_answer *a;

	/* the relative "www" is relative to the SOA owner */
	a = expect(d, "www.example.info", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	ck_assert(has_txt(a, "info www"));
	expect(d, "example.info", LDNS_RR_TYPE_SOA, DNSAUTH_DNS_DATA);
	expect(d, "www.soa-owner.txt", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_OUTSIDE);
	dnsauth_dns_free(d);
}
END_TEST

START_TEST(test_origin_from_file_name)
{
	struct dnsauth_dns *d = load("origin/db.example.org", "origin/example.edu.db",
				     "example.net.zone", NULL);
	const struct dnsauth_dns_answer *a;

	a = expect(d, "www.example.org", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	ck_assert(has_txt(a, "org www"));
	expect(d, "example.org", LDNS_RR_TYPE_MX, DNSAUTH_DNS_DATA);
	expect(d, "example.org", LDNS_RR_TYPE_SOA, DNSAUTH_DNS_NODATA);
	a = expect(d, "www.example.edu", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	ck_assert(has_txt(a, "edu www"));
	expect(d, "host.example.net", LDNS_RR_TYPE_A, DNSAUTH_DNS_DATA);
	/* example.com is not loaded: the CNAME target is outside */
	a = expect(d, "back.example.net", LDNS_RR_TYPE_A, DNSAUTH_DNS_OUTSIDE);
	expect_cnames(a, "mail.example.com");
	dnsauth_dns_free(d);
}
END_TEST

START_TEST(test_directory)
{
	struct dnsauth_dns *d = load("origin", NULL);

	/* *.zone, *.db and db.* are loaded, other files are not */
	expect(d, "www.example.biz", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	expect(d, "www.example.org", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	expect(d, "www.example.edu", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	expect(d, "www.example.info", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_OUTSIDE);
	dnsauth_dns_free(d);
	/* the top directory: subdirectories and the README are skipped */
	expect(dns, "www.example.biz", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_OUTSIDE);
	expect(dns, "host.example.net", LDNS_RR_TYPE_A, DNSAUTH_DNS_DATA);
	ck_assert(dnsauth_dns_is_zone(dns));
}
END_TEST

START_TEST(test_files_and_directories_together)
{
	struct dnsauth_dns *d = load("origin", "example.com.zone", "example.com.zone", NULL);
	const struct dnsauth_dns_answer *a;

	/* the same zone twice: the records merge, duplicates drop */
	a = expect(d, "example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	ck_assert_uint_eq(a->ntxt, 1);
	a = expect(d, "multi.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	ck_assert_uint_eq(a->ntxt, 2);
	expect(d, "www.example.biz", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	/* example.net is not loaded */
	a = expect(d, "www.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_OUTSIDE);
	expect_cnames(a, "web.example.com,host.example.net");
	dnsauth_dns_free(d);
}
END_TEST

START_TEST(test_load_errors)
{
	char p[4096], dir[] = "/tmp/check_dns.XXXXXX";
	const char *pv[2];
	struct dnsauth_dns *d = (struct dnsauth_dns *)&d;
	struct dnsauth_buf err;
	const char *msg;

	dnsauth_buf_init(&err, 0);
	pv[0] = data_path("bad/broken.zone", p, sizeof(p));
	ck_assert_int_eq(dnsauth_dns_new_zone(pv, 1, &d, &err), DNSAUTH_EPARSE);
	ck_assert_ptr_null(d);
	msg = dnsauth_buf_str(&err);
	ck_assert_msg(strncmp(msg, p, strlen(p)) == 0 && strncmp(msg + strlen(p), ":4: ", 4) == 0,
		      "message: %s", msg);
	ck_assert_msg(strlen(msg) > strlen(p) + 4, "no ldns message: %s", msg);

	/* a directory holding it fails the same way */
	dnsauth_buf_reset(&err);
	pv[0] = data_path("bad", p, sizeof(p));
	ck_assert_int_eq(dnsauth_dns_new_zone(pv, 1, &d, &err), DNSAUTH_EPARSE);
	ck_assert_ptr_nonnull(strstr(dnsauth_buf_str(&err), "broken.zone:4: "));

	dnsauth_buf_reset(&err);
	pv[0] = data_path("no-such-file.zone", p, sizeof(p));
	ck_assert_int_eq(dnsauth_dns_new_zone(pv, 1, &d, &err), DNSAUTH_EIO);
	ck_assert_ptr_nonnull(strstr(dnsauth_buf_str(&err), "no-such-file.zone"));
	ck_assert_ptr_null(d);

	/* a directory without zone files */
	dnsauth_buf_reset(&err);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	pv[0] = dir;
	ck_assert_int_eq(dnsauth_dns_new_zone(pv, 1, &d, &err), DNSAUTH_EIO);
	ck_assert_ptr_nonnull(strstr(dnsauth_buf_str(&err), "no zone files"));
	rmdir(dir);

	/* no paths: an empty zone source, everything is outside */
	ck_assert_int_eq(dnsauth_dns_new_zone(NULL, 0, &d, NULL), 0);
	expect(d, "example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_OUTSIDE);
	dnsauth_dns_free(d);
	dnsauth_dns_free(NULL);
	dnsauth_buf_free(&err);
}
END_TEST

/* ------------------------------------------------------- names, cache */

START_TEST(test_names_case_and_dots)
{
	const struct dnsauth_dns_answer *a, *b, *c;

	a = expect(dns, "MAIL.Example.COM.", LDNS_RR_TYPE_A, DNSAUTH_DNS_DATA);
	ck_assert_str_eq(a->qname, "mail.example.com");
	b = dnsauth_dns_lookup(dns, "mail.example.com", LDNS_RR_TYPE_A);
	ck_assert_ptr_eq(a, b);
	c = dnsauth_dns_cached(dns, "Mail.Example.Com", LDNS_RR_TYPE_A);
	ck_assert_ptr_eq(a, c);
	/* other type, other answer */
	b = dnsauth_dns_lookup(dns, "mail.example.com", LDNS_RR_TYPE_AAAA);
	ck_assert_ptr_ne(a, b);
	a = expect(dns, "WWW.EXAMPLE.COM", LDNS_RR_TYPE_A, DNSAUTH_DNS_DATA);
	expect_cnames(a, "web.example.com,host.example.net");
	a = expect(dns, "Foo.WILD.example.com.", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	ck_assert_str_eq(a->qname, "foo.wild.example.com");
	expect_owner(a, "foo.wild.example.com.");
}
END_TEST

START_TEST(test_invalid_names)
{
	const struct dnsauth_dns_answer *a;
	char label[96];

	a = expect(dns, "a..example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_ERROR);
	ck_assert_ptr_nonnull(a->error);
	ck_assert_str_eq(a->qname, "a..example.com");
	expect(dns, "", LDNS_RR_TYPE_A, DNSAUTH_DNS_ERROR);
	memset(label, 'a', 70);
	strcpy(label + 70, ".example.com");
	expect(dns, label, LDNS_RR_TYPE_A, DNSAUTH_DNS_ERROR);
	/* the same bad name again: the cached answer */
	ck_assert_ptr_eq(dnsauth_dns_lookup(dns, "a..example.com", LDNS_RR_TYPE_A), a);
}
END_TEST

START_TEST(test_prefetch_cached_stats)
{
	const struct dnsauth_dns_q qs[] = {
		{ "www.example.com", LDNS_RR_TYPE_A },         /* 3 names */
		{ "mail.example.com", LDNS_RR_TYPE_A },        /* 1 */
		{ "WWW.Example.COM.", LDNS_RR_TYPE_A },        /* merged */
		{ "alias.example.com", LDNS_RR_TYPE_A },       /* 2 */
		{ "nope.example.com", LDNS_RR_TYPE_TXT },      /* 1 */
		{ "example.org", LDNS_RR_TYPE_TXT },           /* 1, outside */
	};
	struct dnsauth_dns_stats st;
	const struct dnsauth_dns_answer *a;

	dnsauth_dns_stats(dns, &st);
	ck_assert_uint_eq(st.queries, 0);
	ck_assert_uint_eq(st.round_trips, 0);
	ck_assert_ptr_null(dnsauth_dns_cached(dns, "www.example.com", LDNS_RR_TYPE_A));

	ck_assert_int_eq(dnsauth_dns_prefetch(dns, qs, 6), 0);
	dnsauth_dns_stats(dns, &st);
	ck_assert_uint_eq(st.queries, 8);
	ck_assert_uint_eq(st.round_trips, 1);
	ck_assert_uint_eq(st.cache_hits, 0);
	ck_assert_uint_eq(st.timeouts, 0);
	ck_assert_uint_eq(st.tcp_retries, 0);

	a = dnsauth_dns_cached(dns, "www.example.com.", LDNS_RR_TYPE_A);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->status, DNSAUTH_DNS_DATA);
	ck_assert_ptr_eq(dnsauth_dns_cached(dns, "nope.example.com", LDNS_RR_TYPE_TXT)->qname,
			 dnsauth_dns_lookup(dns, "nope.example.com", LDNS_RR_TYPE_TXT)->qname);
	ck_assert_int_eq(dnsauth_dns_cached(dns, "example.org", LDNS_RR_TYPE_TXT)->status,
			 DNSAUTH_DNS_OUTSIDE);
	/* cached() neither resolves nor counts */
	ck_assert_ptr_null(dnsauth_dns_cached(dns, "mail.example.com", LDNS_RR_TYPE_MX));
	ck_assert_ptr_null(dnsauth_dns_cached(dns, "web.example.com", LDNS_RR_TYPE_A));
	dnsauth_dns_stats(dns, &st);
	ck_assert_uint_eq(st.queries, 8);
	ck_assert_uint_eq(st.cache_hits, 1);

	/* the same batch again: all from the cache, no round trip */
	ck_assert_int_eq(dnsauth_dns_prefetch(dns, qs, 6), 0);
	dnsauth_dns_stats(dns, &st);
	ck_assert_uint_eq(st.queries, 8);
	ck_assert_uint_eq(st.round_trips, 1);
	ck_assert_uint_eq(st.cache_hits, 7);

	/* a lookup of a new name resolves it: a batch of one */
	a = dnsauth_dns_lookup(dns, "mail.example.com", LDNS_RR_TYPE_MX);
	ck_assert_int_eq(a->status, DNSAUTH_DNS_NODATA);
	dnsauth_dns_stats(dns, &st);
	ck_assert_uint_eq(st.queries, 9);
	ck_assert_uint_eq(st.round_trips, 2);

	/* empty prefetch */
	ck_assert_int_eq(dnsauth_dns_prefetch(dns, NULL, 0), 0);
	dnsauth_dns_stats(dns, &st);
	ck_assert_uint_eq(st.round_trips, 2);
	/* a deadline does not matter to the zone source */
	dnsauth_dns_set_deadline(dns, 1);
	usleep(5000);
	expect(dns, "a.b.c.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
}
END_TEST

START_TEST(test_reverse_name)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "192.0.2.1", "1.2.0.192.in-addr.arpa" },
		{ "10.0.0.255", "255.0.0.10.in-addr.arpa" },
		{ "0.0.0.0", "0.0.0.0.in-addr.arpa" },
		{ "2001:db8::1",
		  "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa" },
		{ "2001:DB8:ABCD:12::FF",
		  "f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.2.1.0.0.d.c.b.a.8.b.d.0.1.0.0.2.ip6.arpa" },
		{ "::1",
		  "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa" },
		{ "::ffff:192.0.2.1", "1.2.0.192.in-addr.arpa" },
		{ "::ffff:c000:201", "1.2.0.192.in-addr.arpa" },
	};
	static const char *const bad[] = {
		"", "192.0.2", "192.0.2.256", "1.2.3.4.5", "example.com", "::g", " 192.0.2.1",
		"192.0.2.1 ", "[::1]", "fe80::1%lo", "1:2:3:4:5:6:7:8:9", "192.0.2.1/24",
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *r = dnsauth_dns_reverse_name(cases[i].in);

		ck_assert_msg(r != NULL, "%s", cases[i].in);
		ck_assert_str_eq(r, cases[i].want);
		free(r);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(dnsauth_dns_reverse_name(bad[i]) == NULL, "'%s'", bad[i]);
	ck_assert_ptr_null(dnsauth_dns_reverse_name(NULL));
}
END_TEST

START_TEST(test_reverse_name_lookup)
{
	char dir[] = "/tmp/check_dns.XXXXXX", path[256];
	const char *pv[1] = { dir };
	struct dnsauth_dns *d = NULL;
	char *r;
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/2.0.192.in-addr.arpa.zone", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("1 IN PTR mail.example.com.\n", f);
	fclose(f);
	ck_assert_int_eq(dnsauth_dns_new_zone(pv, 1, &d, NULL), 0);
	r = dnsauth_dns_reverse_name("::ffff:192.0.2.1");
	expect_rdata0(expect(d, r, LDNS_RR_TYPE_PTR, DNSAUTH_DNS_DATA), "mail.example.com.");
	free(r);
	dnsauth_dns_free(d);
	unlink(path);
	rmdir(dir);
}
END_TEST

START_TEST(test_status_names)
{
	ck_assert_str_eq(dnsauth_dns_status_name(DNSAUTH_DNS_DATA), "data");
	ck_assert_str_eq(dnsauth_dns_status_name(DNSAUTH_DNS_NODATA), "nodata");
	ck_assert_str_eq(dnsauth_dns_status_name(DNSAUTH_DNS_NXDOMAIN), "nxdomain");
	ck_assert_str_eq(dnsauth_dns_status_name(DNSAUTH_DNS_SERVFAIL), "servfail");
	ck_assert_str_eq(dnsauth_dns_status_name(DNSAUTH_DNS_REFUSED), "refused");
	ck_assert_str_eq(dnsauth_dns_status_name(DNSAUTH_DNS_TIMEOUT), "timeout");
	ck_assert_str_eq(dnsauth_dns_status_name(DNSAUTH_DNS_ERROR), "error");
	ck_assert_str_eq(dnsauth_dns_status_name(DNSAUTH_DNS_OUTSIDE), "outside");
	ck_assert(!dnsauth_dns_failed(DNSAUTH_DNS_DATA));
	ck_assert(!dnsauth_dns_failed(DNSAUTH_DNS_NODATA));
	ck_assert(!dnsauth_dns_failed(DNSAUTH_DNS_NXDOMAIN));
	ck_assert(!dnsauth_dns_failed(DNSAUTH_DNS_OUTSIDE));
	ck_assert(dnsauth_dns_failed(DNSAUTH_DNS_SERVFAIL));
	ck_assert(dnsauth_dns_failed(DNSAUTH_DNS_REFUSED));
	ck_assert(dnsauth_dns_failed(DNSAUTH_DNS_TIMEOUT));
	ck_assert(dnsauth_dns_failed(DNSAUTH_DNS_ERROR));
	ck_assert(!dnsauth_dns_is_zone(NULL));
}
END_TEST

/* -------------------------------------------------------- live source */

START_TEST(test_live_settings)
{
	const char *good[] = { "127.0.0.1", "::1", "192.0.2.53" };
	const char *bad[] = { "127.0.0.1", "dns.example.com" };
	const char *many[20];
	struct dnsauth_dns_live_opts o;
	struct dnsauth_dns *d = NULL;
	struct dnsauth_buf err;
	size_t i;

	dnsauth_buf_init(&err, 0);
	memset(&o, 0, sizeof(o));
	o.servers = good;
	o.nservers = 3;
	o.port = 5353;
	ck_assert_int_eq(dnsauth_dns_new_live(&o, &d, &err), 0);
	ck_assert_ptr_nonnull(d);
	ck_assert(!dnsauth_dns_is_zone(d));
	ck_assert_ptr_null(dnsauth_dns_cached(d, "example.com", LDNS_RR_TYPE_A));
	dnsauth_dns_free(d);

	o.servers = bad;
	o.nservers = 2;
	d = (struct dnsauth_dns *)&d;
	ck_assert_int_eq(dnsauth_dns_new_live(&o, &d, &err), DNSAUTH_EINVAL);
	ck_assert_ptr_null(d);
	ck_assert_ptr_nonnull(strstr(dnsauth_buf_str(&err), "'dns.example.com'"));

	for (i = 0; i < 20; i++)
		many[i] = "127.0.0.1";
	o.servers = many;
	o.nservers = 20;
	dnsauth_buf_reset(&err);
	ck_assert_int_eq(dnsauth_dns_new_live(&o, &d, &err), DNSAUTH_EINVAL);
	ck_assert_ptr_nonnull(strstr(dnsauth_buf_str(&err), "too many servers"));
	dnsauth_buf_free(&err);
}
END_TEST

/* A live source on 127.0.0.1 at a port where nothing listens. */
static struct dnsauth_dns *live_nowhere(unsigned timeout_ms, unsigned retries)
{
	static const char *srv[] = { "127.0.0.1" };
	struct dnsauth_dns_live_opts o;
	struct dnsauth_dns *d = NULL;

	memset(&o, 0, sizeof(o));
	o.servers = srv;
	o.nservers = 1;
	o.port = 9;     /* discard: nothing answers DNS there */
	o.timeout_ms = timeout_ms;
	o.retries = retries;
	o.retries_set = true;
	ck_assert_int_eq(dnsauth_dns_new_live(&o, &d, NULL), 0);
	return d;
}

START_TEST(test_live_deadline_before_sending)
{
	struct dnsauth_dns *d = live_nowhere(200, 0);
	const struct dnsauth_dns_answer *a;
	struct dnsauth_dns_stats st;

	dnsauth_dns_set_deadline(d, 1);
	usleep(10000);
	a = dnsauth_dns_lookup(d, "example.com", LDNS_RR_TYPE_TXT);
	ck_assert_ptr_nonnull(a);
	/* a failure (never "not checked"): the audit reports it */
	ck_assert_int_eq(a->status, DNSAUTH_DNS_TIMEOUT);
	ck_assert(dnsauth_dns_failed(a->status));
	ck_assert_ptr_nonnull(a->error);
	ck_assert_str_eq(a->error, "deadline passed before sending");
	dnsauth_dns_stats(d, &st);
	ck_assert_uint_eq(st.queries, 0);
	ck_assert_uint_eq(st.round_trips, 0);
	/* cached like any answer */
	ck_assert_ptr_eq(dnsauth_dns_cached(d, "EXAMPLE.com.", LDNS_RR_TYPE_TXT), a);
	dnsauth_dns_free(d);
}
END_TEST

START_TEST(test_live_no_server)
{
	struct dnsauth_dns *d = live_nowhere(300, 1);
	const struct dnsauth_dns_q qs[] = {
		{ "example.com", LDNS_RR_TYPE_TXT },
		{ "example.com.", LDNS_RR_TYPE_TXT },
		{ "example.com", LDNS_RR_TYPE_MX },
	};
	const struct dnsauth_dns_answer *a;
	struct dnsauth_dns_stats st;

	ck_assert_int_eq(dnsauth_dns_prefetch(d, qs, 3), 0);
	dnsauth_dns_stats(d, &st);
	ck_assert_uint_eq(st.queries, 2);
	ck_assert_uint_eq(st.round_trips, 1);
	a = dnsauth_dns_cached(d, "example.com", LDNS_RR_TYPE_TXT);
	ck_assert_ptr_nonnull(a);
	/* refused by ICMP, or no answer: a failure, never "missing" */
	ck_assert_msg(a->status == DNSAUTH_DNS_ERROR || a->status == DNSAUTH_DNS_TIMEOUT,
		      "%s", dnsauth_dns_status_name(a->status));
	ck_assert(dnsauth_dns_failed(a->status));
	ck_assert_ptr_nonnull(a->error);
	ck_assert_ptr_null(a->rrs);
	ck_assert_ptr_null(a->msg);
	/* a cached failure is not asked again */
	ck_assert_ptr_eq(dnsauth_dns_lookup(d, "example.com", LDNS_RR_TYPE_TXT), a);
	dnsauth_dns_stats(d, &st);
	ck_assert_uint_eq(st.queries, 2);
	ck_assert_uint_eq(st.cache_hits, 1);
	a = dnsauth_dns_lookup(d, "bad..name", LDNS_RR_TYPE_TXT);
	ck_assert_int_eq(a->status, DNSAUTH_DNS_ERROR);
	dnsauth_dns_free(d);
}
END_TEST

/* ------------------------------------------------------------ data source */

START_TEST(test_data_answers)
{
	struct dnsauth_dns *d = NULL;
	const struct dnsauth_dns_answer *a;

	ck_assert_int_eq(dnsauth_dns_new_data(&d), 0);
	ck_assert(dnsauth_dns_is_zone(d));
	ck_assert_int_eq(dnsauth_dns_data_add(d, "Mail.Example.COM.", LDNS_RR_TYPE_A, "192.0.2.1"), 0);
	ck_assert_int_eq(dnsauth_dns_data_add(d, "mail.example.com", LDNS_RR_TYPE_A, "192.0.2.1"), 0);
	ck_assert_int_eq(dnsauth_dns_data_add(d, "example.com", LDNS_RR_TYPE_MX, "10 mail.example.com."), 0);
	ck_assert_int_eq(dnsauth_dns_data_add(d, "example.com", LDNS_RR_TYPE_TXT,
					      "\"v=spf1 \" \"-all\""), 0);
	ck_assert_int_eq(dnsauth_dns_data_add(d, "alias.example.org", LDNS_RR_TYPE_CNAME,
					      "mail.example.com."), 0);
	ck_assert_int_eq(dnsauth_dns_data_add(d, "empty.example.net", LDNS_RR_TYPE_TXT, NULL), 0);

	a = dnsauth_dns_lookup(d, "mail.example.com", LDNS_RR_TYPE_A);
	ck_assert_int_eq(a->status, DNSAUTH_DNS_DATA);
	ck_assert_uint_eq(ldns_rr_list_rr_count(a->rrs), 1);    /* duplicate added once */
	a = dnsauth_dns_lookup(d, "example.com", LDNS_RR_TYPE_TXT);
	ck_assert_int_eq(a->status, DNSAUTH_DNS_DATA);
	ck_assert_uint_eq(a->ntxt, 1);
	ck_assert_str_eq(a->txt[0], "v=spf1 -all");
	a = dnsauth_dns_lookup(d, "example.com", LDNS_RR_TYPE_A);
	ck_assert_int_eq(a->status, DNSAUTH_DNS_NODATA);
	a = dnsauth_dns_lookup(d, "com", LDNS_RR_TYPE_A);     /* empty non-terminal */
	ck_assert_int_eq(a->status, DNSAUTH_DNS_NODATA);
	a = dnsauth_dns_lookup(d, "nowhere.example", LDNS_RR_TYPE_A);
	ck_assert_int_eq(a->status, DNSAUTH_DNS_NXDOMAIN);      /* never OUTSIDE */
	a = dnsauth_dns_lookup(d, "alias.example.org", LDNS_RR_TYPE_A);
	ck_assert_int_eq(a->status, DNSAUTH_DNS_DATA);
	ck_assert_uint_eq(a->ncnames, 1);
	ck_assert_str_eq(a->cnames[0], "mail.example.com");
	a = dnsauth_dns_lookup(d, "empty.example.net", LDNS_RR_TYPE_TXT);
	ck_assert_int_eq(a->status, DNSAUTH_DNS_NODATA);
	dnsauth_dns_free(d);
}
END_TEST

START_TEST(test_data_timeout_and_errors)
{
	struct dnsauth_dns *d = NULL;
	const struct dnsauth_dns_answer *a;

	ck_assert_int_eq(dnsauth_dns_new_data(&d), 0);
	ck_assert_int_eq(dnsauth_dns_data_set_timeout(d, "slow.example.com"), 0);
	ck_assert_int_eq(dnsauth_dns_data_add(d, "to-slow.example.com", LDNS_RR_TYPE_CNAME,
					      "slow.example.com."), 0);
	ck_assert_int_eq(dnsauth_dns_data_add(d, "x.example.com", LDNS_RR_TYPE_A, "not-an-address"),
			 DNSAUTH_EPARSE);
	ck_assert_int_eq(dnsauth_dns_data_add(d, "bad..name", LDNS_RR_TYPE_A, "192.0.2.1"),
			 DNSAUTH_EINVAL);
	a = dnsauth_dns_lookup(d, "slow.example.com", LDNS_RR_TYPE_TXT);
	ck_assert_int_eq(a->status, DNSAUTH_DNS_TIMEOUT);
	ck_assert(dnsauth_dns_failed(a->status));
	a = dnsauth_dns_lookup(d, "to-slow.example.com", LDNS_RR_TYPE_A);
	ck_assert_int_eq(a->status, DNSAUTH_DNS_TIMEOUT);
	/* records at a timing-out name still answer; other types time out */
	ck_assert_int_eq(dnsauth_dns_data_add(d, "half.example.com", LDNS_RR_TYPE_TXT, "\"v=spf1 -all\""), 0);
	ck_assert_int_eq(dnsauth_dns_data_set_timeout(d, "half.example.com"), 0);
	a = dnsauth_dns_lookup(d, "half.example.com", LDNS_RR_TYPE_TXT);
	ck_assert_int_eq(a->status, DNSAUTH_DNS_DATA);
	a = dnsauth_dns_lookup(d, "half.example.com", LDNS_RR_TYPE_SPF);
	ck_assert_int_eq(a->status, DNSAUTH_DNS_TIMEOUT);
	a = dnsauth_dns_lookup(d, "example.com", LDNS_RR_TYPE_A);
	ck_assert_int_eq(a->status, DNSAUTH_DNS_NODATA);
	/* not a data source */
	ck_assert_int_eq(dnsauth_dns_data_add(NULL, "a.example", LDNS_RR_TYPE_A, "192.0.2.1"),
			 DNSAUTH_EINVAL);
	dnsauth_dns_free(d);
}
END_TEST

/* ------------------------------------------------------- records source */

/* Add one record in presentation form to a records source. */
static void radd(struct dnsauth_dns *d, const char *text)
{
	ldns_rr *rr = NULL;

	ck_assert_msg(ldns_rr_new_frm_str(&rr, text, 3600, NULL, NULL) == LDNS_STATUS_OK,
		      "bad record %s", text);
	ck_assert_int_eq(dnsauth_dns_records_add(d, rr), 0);
	ldns_rr_free(rr);
}

static struct dnsauth_dns *records(void)
{
	struct dnsauth_dns *d = NULL;

	ck_assert_int_eq(dnsauth_dns_new_records(&d), 0);
	ck_assert_ptr_nonnull(d);
	ck_assert(dnsauth_dns_is_zone(d));
	return d;
}

START_TEST(test_records_complete_vs_partial)
{
	struct dnsauth_dns *d = records();
	const struct dnsauth_dns_answer *a;

	ck_assert_int_eq(dnsauth_dns_records_zone(d, "Example.COM.", true), 0);
	radd(d, "example.com. SOA ns1.example.com. host.example.com. 1 7200 3600 1209600 300");
	radd(d, "example.com. TXT \"v=spf1 -all\"");
	radd(d, "www.example.com. A 192.0.2.1");
	ck_assert_int_eq(dnsauth_dns_records_zone(d, "example.net", false), 0);
	radd(d, "example.net. TXT \"v=spf1 mx -all\"");
	radd(d, "www.example.net. A 192.0.2.2");
	radd(d, "a.b.example.net. TXT \"deep\"");

	/* complete: answered as the zone source does */
	a = expect(d, "example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	ck_assert(has_txt(a, "v=spf1 -all"));
	expect(d, "example.com", LDNS_RR_TYPE_MX, DNSAUTH_DNS_NODATA);
	expect(d, "www.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_NODATA);
	expect(d, "nope.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_NXDOMAIN);
	expect(d, "_dmarc.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_NXDOMAIN);
	/* partial: what the snippet does not hold is not known */
	a = expect(d, "EXAMPLE.net.", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	ck_assert(has_txt(a, "v=spf1 mx -all"));
	expect_rdata0(expect(d, "www.example.net", LDNS_RR_TYPE_A, DNSAUTH_DNS_DATA), "192.0.2.2");
	a = expect(d, "example.net", LDNS_RR_TYPE_MX, DNSAUTH_DNS_OUTSIDE);
	ck_assert(!dnsauth_dns_failed(a->status));
	ck_assert_ptr_null(a->error);
	expect(d, "www.example.net", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_OUTSIDE);
	expect(d, "nope.example.net", LDNS_RR_TYPE_A, DNSAUTH_DNS_OUTSIDE);
	expect(d, "_dmarc.example.net", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_OUTSIDE);
	expect(d, "b.example.net", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_OUTSIDE);  /* empty non-terminal */
	expect(d, "a.b.example.net", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	/* in no declared zone */
	expect(d, "example.org", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_OUTSIDE);
	expect(d, "net", LDNS_RR_TYPE_NS, DNSAUTH_DNS_OUTSIDE);
	expect(d, ".", LDNS_RR_TYPE_NS, DNSAUTH_DNS_OUTSIDE);
	expect(d, "notexample.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_OUTSIDE);
	dnsauth_dns_free(d);
}
END_TEST

/* dnsauth_dns_forget() drops what the zones answered (it is made again,
 * the same, on the next question), keeps the names outside them; the
 * answers hold the zones' own records, and adding records after
 * questions leaves the earlier answers readable. */
START_TEST(test_records_forget)
{
	struct dnsauth_dns *d = records();
	const struct dnsauth_dns_answer *a, *keep;
	struct dnsauth_dns_stats st0, st1;
	char **names = NULL;
	size_t n = 0, i;

	ck_assert_int_eq(dnsauth_dns_records_zone(d, "example.com", true), 0);
	radd(d, "example.com. SOA ns1.example.com. host.example.com. 1 7200 3600 1209600 300");
	radd(d, "example.com. TXT \"v=spf1 -all\"");
	radd(d, "*.w.example.com. TXT \"wild\"");
	radd(d, "alias.example.com. CNAME example.com.");
	keep = expect(d, "example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	ck_assert(keep->rrs_shared);
	a = expect(d, "x.w.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	ck_assert(!a->rrs_shared);              /* synthesized: copies */
	expect_rdata0(a, "\"wild\"");
	expect(d, "alias.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	expect(d, "example.org", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_OUTSIDE);

	/* records added after questions: the zones are rebuilt, and an
	 * answer given before still holds readable records of its own */
	radd(d, "www.example.com. A 192.0.2.1");
	expect(d, "www.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_DATA);
	ck_assert(!keep->rrs_shared);
	ck_assert(has_txt(keep, "v=spf1 -all"));
	expect_rdata0(keep, "\"v=spf1 -all\"");

	dnsauth_dns_stats(d, &st0);
	dnsauth_dns_forget(d);
	dnsauth_dns_forget(d);                  /* twice is harmless */
	a = expect(d, "example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	ck_assert(has_txt(a, "v=spf1 -all"));
	a = expect(d, "alias.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	ck_assert_uint_eq(a->ncnames, 1);
	ck_assert_str_eq(a->cnames[0], "example.com");
	expect_rdata0(expect(d, "x.w.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA),
		      "\"wild\"");
	expect(d, "example.org", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_OUTSIDE);
	dnsauth_dns_stats(d, &st1);
	/* the three zone answers were made again, the OUTSIDE one was kept
	 * (alias: two names of the chain) */
	ck_assert_uint_eq(st1.queries - st0.queries, 4);
	ck_assert_uint_eq(st1.cache_hits - st0.cache_hits, 1);
	ck_assert_int_eq(dnsauth_dns_outside_names(d, &names, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(names[0], "example.org");
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	dnsauth_dns_free(d);
}
END_TEST

START_TEST(test_records_declarations)
{
	struct dnsauth_dns *d = records();

	/* records first, zones after: the order does not matter; declared
	 * twice, complete wins */
	radd(d, "www.example.com. A 192.0.2.1");
	radd(d, "www.example.net. A 192.0.2.2");
	ck_assert_int_eq(dnsauth_dns_records_zone(d, "example.com", true), 0);
	ck_assert_int_eq(dnsauth_dns_records_zone(d, "example.com.", false), 0);
	ck_assert_int_eq(dnsauth_dns_records_zone(d, "EXAMPLE.NET", false), 0);
	ck_assert_int_eq(dnsauth_dns_records_zone(d, "example.net", true), 0);
	ck_assert_int_eq(dnsauth_dns_records_zone(d, "example.org", false), 0);
	expect(d, "nope.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_NXDOMAIN);
	expect(d, "nope.example.net", LDNS_RR_TYPE_A, DNSAUTH_DNS_NXDOMAIN);
	expect(d, "example.net", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_NODATA);
	/* a partial zone without records knows nothing */
	expect(d, "example.org", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_OUTSIDE);
	dnsauth_dns_free(d);

	/* an empty complete zone answers like an empty zone file */
	d = records();
	ck_assert_int_eq(dnsauth_dns_records_zone(d, "example.org", true), 0);
	radd(d, "mail.example.org. A 192.0.2.25");
	radd(d, "a.b.example.com. TXT \"auto\"");
	expect(d, "example.org", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_NODATA);
	expect(d, "www.example.org", LDNS_RR_TYPE_A, DNSAUTH_DNS_NXDOMAIN);
	expect(d, "example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_OUTSIDE);
	expect(d, "x.a.b.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_OUTSIDE);
	/* added after a lookup: the next question places everything again,
	 * the root as a partial zone and example.com as a complete one */
	ck_assert_int_eq(dnsauth_dns_records_zone(d, ".", false), 0);
	ck_assert_int_eq(dnsauth_dns_records_zone(d, "example.com", true), 0);
	radd(d, "late.example.net. TXT \"added after a lookup\"");
	expect(d, "late.example.net", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	expect(d, "example.com", LDNS_RR_TYPE_MX, DNSAUTH_DNS_NODATA);
	expect(d, "nope.example.com", LDNS_RR_TYPE_MX, DNSAUTH_DNS_NXDOMAIN);
	expect(d, "a.b.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	expect(d, "b.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_NODATA);
	expect(d, "mail.example.org", LDNS_RR_TYPE_A, DNSAUTH_DNS_DATA);
	expect(d, "www.example.org", LDNS_RR_TYPE_MX, DNSAUTH_DNS_NXDOMAIN);
	expect(d, "example.net", LDNS_RR_TYPE_MX, DNSAUTH_DNS_OUTSIDE);
	/* answers cached before are kept */
	expect(d, "example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_OUTSIDE);
	dnsauth_dns_free(d);
}
END_TEST

START_TEST(test_records_auto_zone)
{
	struct dnsauth_dns *d = records();
	const struct dnsauth_dns_answer *a;

	/* deeper owners first: they still join the apex's zone */
	radd(d, "www.example.org. A 192.0.2.80");
	radd(d, "WWW.Example.ORG. 60 IN A 192.0.2.80");         /* the same record */
	radd(d, "www.example.org. A 192.0.2.81");
	radd(d, "example.org. TXT \"v=spf1 -all\"");
	radd(d, "*.wild.example.info. TXT \"wildcard\"");

	a = expect(d, "www.example.org", LDNS_RR_TYPE_A, DNSAUTH_DNS_DATA);
	ck_assert_uint_eq(ldns_rr_list_rr_count(a->rrs), 2);
	expect(d, "example.org", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	expect(d, "example.org", LDNS_RR_TYPE_MX, DNSAUTH_DNS_OUTSIDE);
	/* the auto-declared zone is partial: nothing is NXDOMAIN */
	expect(d, "nope.example.org", LDNS_RR_TYPE_A, DNSAUTH_DNS_OUTSIDE);
	expect(d, "x.www.example.org", LDNS_RR_TYPE_A, DNSAUTH_DNS_OUTSIDE);
	/* above it, nothing is declared */
	expect(d, "org", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_OUTSIDE);
	/* a wildcard's zone is its parent: it answers the names below */
	a = expect(d, "foo.wild.example.info", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	ck_assert(has_txt(a, "wildcard"));
	expect_owner(a, "foo.wild.example.info.");
	expect(d, "foo.wild.example.info", LDNS_RR_TYPE_A, DNSAUTH_DNS_OUTSIDE);
	expect(d, "wild.example.info", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_OUTSIDE);
	expect(d, "example.info", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_OUTSIDE);
	dnsauth_dns_free(d);
}
END_TEST

START_TEST(test_records_errors)
{
	struct dnsauth_dns *d = records(), *data = NULL;
	ldns_rr *rr = NULL;

	ck_assert_int_eq(dnsauth_dns_new_records(NULL), DNSAUTH_EINVAL);
	ck_assert_int_eq(dnsauth_dns_new_data(&data), 0);
	ck_assert_int_eq(ldns_rr_new_frm_str(&rr, "a.example. A 192.0.2.1", 0, NULL, NULL),
			 LDNS_STATUS_OK);
	ck_assert_int_eq(dnsauth_dns_records_add(NULL, rr), DNSAUTH_EINVAL);
	ck_assert_int_eq(dnsauth_dns_records_add(data, rr), DNSAUTH_EINVAL);
	ck_assert_int_eq(dnsauth_dns_records_add(dns, rr), DNSAUTH_EINVAL);
	ck_assert_int_eq(dnsauth_dns_records_add(d, NULL), DNSAUTH_EINVAL);
	ck_assert_int_eq(dnsauth_dns_records_zone(data, "example.com", true), DNSAUTH_EINVAL);
	ck_assert_int_eq(dnsauth_dns_records_zone(d, "a..example", true), DNSAUTH_EINVAL);
	ck_assert_int_eq(dnsauth_dns_records_zone(d, NULL, true), DNSAUTH_EINVAL);
	/* the data source's calls are not for a records source */
	ck_assert_int_eq(dnsauth_dns_data_add(d, "a.example", LDNS_RR_TYPE_A, "192.0.2.1"),
			 DNSAUTH_EINVAL);
	ck_assert_int_eq(dnsauth_dns_data_set_timeout(d, "a.example"), DNSAUTH_EINVAL);
	/* class IN only */
	ldns_rr_set_class(rr, LDNS_RR_CLASS_CH);
	ck_assert_int_eq(dnsauth_dns_records_add(d, rr), DNSAUTH_EINVAL);
	ldns_rr_free(rr);
	expect(d, "a.example", LDNS_RR_TYPE_A, DNSAUTH_DNS_OUTSIDE);
	dnsauth_dns_free(data);
	dnsauth_dns_free(d);
}
END_TEST

START_TEST(test_records_cname)
{
	struct dnsauth_dns *d = records();
	const struct dnsauth_dns_answer *a;

	ck_assert_int_eq(dnsauth_dns_records_zone(d, "example.com", false), 0);
	radd(d, "alias.example.com. CNAME www.example.com.");
	radd(d, "www.example.com. A 192.0.2.1");
	radd(d, "out.example.com. CNAME www.example.org.");
	radd(d, "dangling.example.com. CNAME nothere.example.com.");
	radd(d, "toc.example.com. CNAME a.example.net.");
	ck_assert_int_eq(dnsauth_dns_records_zone(d, "example.net", true), 0);
	radd(d, "a.example.net. CNAME www.example.com.");
	radd(d, "b.example.net. CNAME gone.example.net.");

	a = expect(d, "alias.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_DATA);
	expect_cnames(a, "www.example.com");
	expect_rdata0(a, "192.0.2.1");
	expect_owner(a, "www.example.com.");
	/* the end of the chain has no TXT in the snippet: not known */
	a = expect(d, "alias.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_OUTSIDE);
	expect_cnames(a, "www.example.com");
	a = expect(d, "alias.example.com", LDNS_RR_TYPE_CNAME, DNSAUTH_DNS_DATA);
	ck_assert_uint_eq(a->ncnames, 0);
	a = expect(d, "out.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_OUTSIDE);
	expect_cnames(a, "www.example.org");
	a = expect(d, "dangling.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_OUTSIDE);
	expect_cnames(a, "nothere.example.com");
	/* across zones, partial to complete and back */
	a = expect(d, "toc.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_DATA);
	expect_cnames(a, "a.example.net,www.example.com");
	a = expect(d, "b.example.net", LDNS_RR_TYPE_A, DNSAUTH_DNS_NXDOMAIN);
	expect_cnames(a, "gone.example.net");
	dnsauth_dns_free(d);
}
END_TEST

START_TEST(test_records_wildcard_partial)
{
	struct dnsauth_dns *p = records(), *c = records();
	struct dnsauth_dns *both[2] = { p, c };
	const struct dnsauth_dns_answer *a;
	size_t i;

	ck_assert_int_eq(dnsauth_dns_records_zone(p, "example.com", false), 0);
	ck_assert_int_eq(dnsauth_dns_records_zone(c, "example.com", true), 0);
	for (i = 0; i < 2; i++) {
		radd(both[i], "*.example.com. TXT \"wild\"");
		radd(both[i], "*.example.com. MX 10 mx.example.com.");
		radd(both[i], "exists.example.com. A 192.0.2.1");
		radd(both[i], "*.cn.example.com. CNAME www.example.com.");
		radd(both[i], "www.example.com. A 192.0.2.80");
	}
	for (i = 0; i < 2; i++) {
		a = expect(both[i], "foo.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
		ck_assert(has_txt(a, "wild"));
		expect_owner(a, "foo.example.com.");
		a = expect(both[i], "a.b.example.com", LDNS_RR_TYPE_MX, DNSAUTH_DNS_DATA);
		expect_owner(a, "a.b.example.com.");
		a = expect(both[i], "x.cn.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_DATA);
		expect_cnames(a, "www.example.com");
		expect_rdata0(a, "192.0.2.80");
	}
	/* the wildcard has no A, the name exists without TXT, nothing
	 * below an existing name: negative only in the complete zone */
	expect(p, "foo.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_OUTSIDE);
	expect(c, "foo.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_NODATA);
	expect(p, "exists.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_OUTSIDE);
	expect(c, "exists.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_NODATA);
	expect(p, "sub.exists.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_OUTSIDE);
	expect(c, "sub.exists.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_NXDOMAIN);
	a = expect(p, "x.cn.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_OUTSIDE);
	expect_cnames(a, "www.example.com");
	a = expect(c, "x.cn.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_NODATA);
	expect_cnames(a, "www.example.com");
	dnsauth_dns_free(p);
	dnsauth_dns_free(c);
}
END_TEST

START_TEST(test_records_nested_and_delegation)
{
	struct dnsauth_dns *d = records();
	const struct dnsauth_dns_answer *a;

	ck_assert_int_eq(dnsauth_dns_records_zone(d, "a.example.com", false), 0);
	ck_assert_int_eq(dnsauth_dns_records_zone(d, "example.com", true), 0);
	radd(d, "example.com. SOA ns1.example.com. host.example.com. 1 7200 3600 1209600 300");
	radd(d, "example.com. NS ns1.example.com.");
	radd(d, "a.example.com. TXT \"child\"");
	radd(d, "sub.example.com. NS ns.example.net.");
	radd(d, "ns.sub.example.com. A 192.0.2.53");

	a = expect(d, "a.example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	ck_assert(has_txt(a, "child"));
	/* the closest zone answers: the partial child */
	expect(d, "nope.a.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_OUTSIDE);
	expect(d, "a.example.com", LDNS_RR_TYPE_MX, DNSAUTH_DNS_OUTSIDE);
	expect(d, "nope.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_NXDOMAIN);
	expect(d, "example.com", LDNS_RR_TYPE_NS, DNSAUTH_DNS_DATA);
	/* delegations are outside; DS at the cut is the parent's */
	expect(d, "sub.example.com", LDNS_RR_TYPE_NS, DNSAUTH_DNS_OUTSIDE);
	expect(d, "ns.sub.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_OUTSIDE);
	expect(d, "sub.example.com", LDNS_RR_TYPE_DS, DNSAUTH_DNS_NODATA);
	dnsauth_dns_free(d);
}
END_TEST

/* The text of an answer's records, one per line, in order. */
static void rrs_text(const struct dnsauth_dns_answer *a, char *out, size_t size)
{
	size_t i, used = 0;

	out[0] = '\0';
	for (i = 0; a->rrs && i < ldns_rr_list_rr_count(a->rrs); i++) {
		char *t = ldns_rr2str(ldns_rr_list_rr(a->rrs, i));

		ck_assert_ptr_nonnull(t);
		used += (size_t)snprintf(out + used, size - used, "%s", t);
		free(t);
		ck_assert_uint_lt(used, size);
	}
}

/* Records added by reference answer as copies do: the same records in
 * the same order (a type's records sorted as ldns sorts them, exact
 * duplicates dropped, TTL aside), names without case; the caller's
 * records are left as they are. */
START_TEST(test_records_by_reference)
{
	static const char *const text[] = {
		"Example.COM. SOA ns1.example.com. host.example.com. 1 7200 3600 1209600 300",
		"example.com. MX 20 MX2.example.com.",
		"example.com. TXT \"v=spf1 mx -all\"",
		"example.com. MX 10 mx1.example.com.",
		"EXAMPLE.com. 60 MX 20 mx2.example.com.",
		"example.com. TXT \"zz\"",
		"example.com. A 192.0.2.1",
		"example.com. MX 10 mx1.example.com.",
		"example.com. TXT \"aa\"",
		"example.com. MX 5 MX3.Example.Com.",
		"_25._tcp.Mx1.example.com. TLSA 3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		"_25._tcp.mx1.example.com. TLSA 3 1 1 0023456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		"*.w.example.com. TXT \"wild\"",
		"Mx1.example.com. A 192.0.2.25",
	};
	static const struct {
		const char *name;
		uint16_t type;
	} q[] = {
		{ "example.com", LDNS_RR_TYPE_MX },
		{ "example.com", LDNS_RR_TYPE_TXT },
		{ "example.com", LDNS_RR_TYPE_A },
		{ "_25._tcp.mx1.example.com", LDNS_RR_TYPE_TLSA },
		{ "x.w.example.com", LDNS_RR_TYPE_TXT },
		{ "mx1.example.com", LDNS_RR_TYPE_A },
		{ "nope.example.com", LDNS_RR_TYPE_A },
	};
	struct dnsauth_dns *copied = records(), *ref = records();
	ldns_rr *rrs[sizeof(text) / sizeof(text[0])];
	char want[4096], got[4096];
	size_t i;

	for (i = 0; i < sizeof(text) / sizeof(text[0]); i++) {
		ck_assert(ldns_rr_new_frm_str(&rrs[i], text[i], 3600, NULL, NULL) == LDNS_STATUS_OK);
		ck_assert_int_eq(dnsauth_dns_records_add(copied, rrs[i]), 0);
		ck_assert_int_eq(dnsauth_dns_records_add_ref(ref, rrs[i]), 0);
	}
	for (i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		const struct dnsauth_dns_answer *a = dnsauth_dns_lookup(copied, q[i].name, q[i].type);
		const struct dnsauth_dns_answer *b = dnsauth_dns_lookup(ref, q[i].name, q[i].type);

		ck_assert_ptr_nonnull(a);
		ck_assert_ptr_nonnull(b);
		ck_assert_int_eq(a->status, b->status);
		ck_assert_uint_eq(a->ntxt, b->ntxt);
		rrs_text(a, want, sizeof(want));
		rrs_text(b, got, sizeof(got));
		/* owners keep their case by reference; rdata is the same */
		for (char *p = want; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		for (char *p = got; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		ck_assert_str_eq(got, want);
	}
	/* the MX records: 10 and 20 once each (duplicates: the TTL and the
	 * case of names are not compared), and 5 */
	ck_assert_uint_eq(ldns_rr_list_rr_count(dnsauth_dns_lookup(ref, "example.com",
								     LDNS_RR_TYPE_MX)->rrs), 3);
	ck_assert_uint_eq(dnsauth_dns_lookup(ref, "example.com", LDNS_RR_TYPE_TXT)->ntxt, 3);
	/* in the order of ldns's sort of the whole node, duplicates after
	 * the first dropped */
	{
		ldns_rr_list *all = ldns_rr_list_new(), *kept = ldns_rr_list_new();
		struct dnsauth_dns_answer fake;
		ldns_rr *last = NULL;
		size_t k;

		ck_assert_ptr_nonnull(all);
		ck_assert_ptr_nonnull(kept);
		for (k = 1; k <= 9; k++)
			ck_assert(ldns_rr_list_push_rr(all, rrs[k]));
		ldns_rr_list_sort(all);
		for (k = 0; k < ldns_rr_list_rr_count(all); k++) {
			ldns_rr *rr = ldns_rr_list_rr(all, k);

			if (ldns_rr_get_type(rr) != LDNS_RR_TYPE_MX ||
			    (last && ldns_rr_compare(last, rr) == 0))
				continue;
			ck_assert(ldns_rr_list_push_rr(kept, rr));
			last = rr;
		}
		memset(&fake, 0, sizeof(fake));
		fake.rrs = kept;
		rrs_text(&fake, want, sizeof(want));
		rrs_text(dnsauth_dns_lookup(ref, "example.com", LDNS_RR_TYPE_MX), got, sizeof(got));
		ck_assert_str_eq(got, want);
		ldns_rr_list_free(all);
		ldns_rr_list_free(kept);
	}
	/* the caller's records are unchanged, and still the caller's */
	{
		char *owner = ldns_rdf2str(ldns_rr_owner(rrs[0]));

		ck_assert_ptr_nonnull(owner);
		ck_assert_str_eq(owner, "Example.COM.");
		free(owner);
	}
	dnsauth_dns_free(copied);
	dnsauth_dns_free(ref);
	for (i = 0; i < sizeof(text) / sizeof(text[0]); i++)
		ldns_rr_free(rrs[i]);
}
END_TEST

/* dnsauth_dname_rdf_str() is ldns_rdf2str(); dnsauth_dname_rdf_text()
 * its canonical text. */
START_TEST(test_dname_rdf_text)
{
	static const char *const names[] = {
		"Mail.Example.COM.", "mx1.example.com.", ".", "a-b_c.*.x.", "x\\.y.example.",
		"caf\\195\\169.test.", "a\\032b.test.", "relative",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		ldns_rdf *d = ldns_dname_new_frm_str(names[i]);
		char *want, *got, *text;
		size_t n;

		ck_assert_ptr_nonnull(d);
		want = ldns_rdf2str(d);
		got = dnsauth_dname_rdf_str(d);
		ck_assert_ptr_nonnull(want);
		ck_assert_ptr_nonnull(got);
		ck_assert_str_eq(got, want);
		/* the text: lower case, no trailing dot */
		text = dnsauth_dname_rdf_text(d);
		ck_assert_ptr_nonnull(text);
		n = strlen(want);
		if (n > 0 && want[n - 1] == '.')
			want[--n] = '\0';
		for (n = 0; want[n]; n++)
			want[n] = (char)tolower((unsigned char)want[n]);
		ck_assert_str_eq(text, want);
		free(want);
		free(got);
		free(text);
		ldns_rdf_deep_free(d);
	}
}
END_TEST

/* ------------------------------------------------------------ fallback */

START_TEST(test_fallback_data)
{
	struct dnsauth_dns *d = records(), *alone = records(), *fb = NULL;
	const struct dnsauth_dns_q qs[] = {
		{ "example.com", LDNS_RR_TYPE_TXT },    /* records */
		{ "example.com", LDNS_RR_TYPE_MX },     /* partial: fallback */
		{ "example.org", LDNS_RR_TYPE_TXT },    /* no zone: fallback */
		{ "out.example.com", LDNS_RR_TYPE_A },  /* chain into the fallback */
		{ "nope.example.net", LDNS_RR_TYPE_A }, /* fallback: NXDOMAIN */
		{ "www.example.org", LDNS_RR_TYPE_A },  /* merged with the chain's */
	};
	const struct dnsauth_dns_answer *a;
	struct dnsauth_dns_stats st, fst;
	size_t i;

	ck_assert_int_eq(dnsauth_dns_new_data(&fb), 0);
	ck_assert_int_eq(dnsauth_dns_data_add(fb, "www.example.org", LDNS_RR_TYPE_A, "192.0.2.80"), 0);
	ck_assert_int_eq(dnsauth_dns_data_add(fb, "example.org", LDNS_RR_TYPE_TXT,
					      "\"v=spf1 -all\""), 0);
	ck_assert_int_eq(dnsauth_dns_data_add(fb, "example.com", LDNS_RR_TYPE_MX,
					      "10 mx.example.com."), 0);
	ck_assert_int_eq(dnsauth_dns_data_add(fb, "example.com", LDNS_RR_TYPE_TXT,
					      "\"not this one\""), 0);
	ck_assert_int_eq(dnsauth_dns_data_add(fb, "l2.example.org", LDNS_RR_TYPE_CNAME,
					      "loop.example.com."), 0);
	for (i = 0; i < 2; i++) {
		struct dnsauth_dns *r = i == 0 ? d : alone;

		ck_assert_int_eq(dnsauth_dns_records_zone(r, "example.com", false), 0);
		radd(r, "example.com. TXT \"v=spf1 mx -all\"");
		radd(r, "out.example.com. CNAME www.example.org.");
		radd(r, "loop.example.com. CNAME l2.example.org.");
	}
	ck_assert_int_eq(dnsauth_dns_set_fallback(d, fb), 0);

	/* one prefetch, one batch to the fallback: 4 distinct questions */
	ck_assert_int_eq(dnsauth_dns_prefetch(d, qs, sizeof(qs) / sizeof(qs[0])), 0);
	dnsauth_dns_stats(fb, &fst);
	ck_assert_uint_eq(fst.queries, 4);
	ck_assert_uint_eq(fst.round_trips, 1);
	ck_assert_uint_eq(fst.cache_hits, 0);
	/* the source counts its own hops (7) and the fallback's queries */
	dnsauth_dns_stats(d, &st);
	ck_assert_uint_eq(st.queries, 7 + 4);
	ck_assert_uint_eq(st.round_trips, 2);

	a = dnsauth_dns_cached(d, "example.com", LDNS_RR_TYPE_TXT);
	ck_assert_ptr_nonnull(a);
	ck_assert(has_txt(a, "v=spf1 mx -all"));
	a = dnsauth_dns_cached(d, "example.com", LDNS_RR_TYPE_MX);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->status, DNSAUTH_DNS_DATA);
	expect_rdata0(a, "10");
	a = expect(d, "example.org", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	ck_assert(has_txt(a, "v=spf1 -all"));
	ck_assert_str_eq(a->qname, "example.org");
	a = expect(d, "out.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_DATA);
	ck_assert_str_eq(a->qname, "out.example.com");
	expect_cnames(a, "www.example.org");
	expect_rdata0(a, "192.0.2.80");
	expect_owner(a, "www.example.org.");
	expect(d, "nope.example.net", LDNS_RR_TYPE_A, DNSAUTH_DNS_NXDOMAIN);
	expect(d, "www.example.org", LDNS_RR_TYPE_A, DNSAUTH_DNS_DATA);
	dnsauth_dns_stats(fb, &fst);
	ck_assert_uint_eq(fst.queries, 4);      /* lookups above were cached */
	ck_assert_uint_eq(fst.round_trips, 1);

	/* a lookup of a new name: a batch of one to the fallback */
	a = expect(d, "loop.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_ERROR);
	ck_assert(a->cname_loop);
	ck_assert_msg(strstr(a->error, "CNAME loop") != NULL, "%s", a->error);
	expect_cnames(a, "l2.example.org");
	dnsauth_dns_stats(fb, &fst);
	ck_assert_uint_eq(fst.round_trips, 2);
	ck_assert_uint_eq(fst.queries, 4 + 2);  /* l2.example.org, then loop.example.com */

	/* without a fallback, the same questions stay OUTSIDE */
	for (i = 0; i < sizeof(qs) / sizeof(qs[0]); i++) {
		a = dnsauth_dns_lookup(alone, qs[i].name, qs[i].type);
		ck_assert_int_eq(a->status, i == 0 ? DNSAUTH_DNS_DATA : DNSAUTH_DNS_OUTSIDE);
	}
	a = expect(alone, "out.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_OUTSIDE);
	expect_cnames(a, "www.example.org");

	/* the fallback is borrowed: freeing the source leaves it usable */
	dnsauth_dns_free(d);
	expect(fb, "www.example.org", LDNS_RR_TYPE_A, DNSAUTH_DNS_DATA);
	dnsauth_dns_free(alone);
	dnsauth_dns_free(fb);
}
END_TEST

START_TEST(test_fallback_zone_source)
{
	struct dnsauth_dns *fb = NULL;
	const struct dnsauth_dns_answer *a;
	struct dnsauth_dns_stats st;

	ck_assert_int_eq(dnsauth_dns_new_data(&fb), 0);
	ck_assert_int_eq(dnsauth_dns_data_add(fb, "www.example.org", LDNS_RR_TYPE_A, "192.0.2.80"), 0);
	ck_assert_int_eq(dnsauth_dns_set_fallback(dns, fb), 0);
	/* the zone source: outside names and delegations go to the fallback */
	a = expect(dns, "outside.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_DATA);
	expect_cnames(a, "www.example.org");
	expect(dns, "sub.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_NXDOMAIN);
	/* answers from the zones do not reach it */
	expect(dns, "nope.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_NXDOMAIN);
	expect(dns, "mail.example.com", LDNS_RR_TYPE_A, DNSAUTH_DNS_DATA);
	dnsauth_dns_stats(fb, &st);
	ck_assert_uint_eq(st.queries, 2);
	ck_assert_uint_eq(st.round_trips, 2);
	/* removed: new outside names are OUTSIDE again */
	ck_assert_int_eq(dnsauth_dns_set_fallback(dns, NULL), 0);
	expect(dns, "example.org", LDNS_RR_TYPE_A, DNSAUTH_DNS_OUTSIDE);
	dnsauth_dns_free(fb);
}
END_TEST

START_TEST(test_fallback_errors)
{
	struct dnsauth_dns *a = records(), *b = records(), *c = NULL, *live;

	ck_assert_int_eq(dnsauth_dns_new_data(&c), 0);
	live = live_nowhere(100, 0);
	ck_assert_int_eq(dnsauth_dns_set_fallback(NULL, b), DNSAUTH_EINVAL);
	ck_assert_int_eq(dnsauth_dns_set_fallback(live, a), DNSAUTH_EINVAL);
	ck_assert_int_eq(dnsauth_dns_set_fallback(a, a), DNSAUTH_EINVAL);
	/* chains are allowed, cycles are not */
	ck_assert_int_eq(dnsauth_dns_set_fallback(a, b), 0);
	ck_assert_int_eq(dnsauth_dns_set_fallback(b, c), 0);
	ck_assert_int_eq(dnsauth_dns_set_fallback(c, a), DNSAUTH_EINVAL);
	ck_assert_int_eq(dnsauth_dns_set_fallback(b, a), DNSAUTH_EINVAL);
	ck_assert_int_eq(dnsauth_dns_set_fallback(c, live), 0);
	/* a -> b (empty: OUTSIDE) -> c (data: NXDOMAIN): the chain answers */
	expect(a, "nope.example", LDNS_RR_TYPE_A, DNSAUTH_DNS_NXDOMAIN);
	dnsauth_dns_free(a);
	dnsauth_dns_free(b);
	dnsauth_dns_free(c);
	dnsauth_dns_free(live);
}
END_TEST

/* A DNS server on 127.0.0.1 for the fallback and additional-data tests:
 * names starting with "nx" are NXDOMAIN, TXT questions get one TXT
 * record "live", MX questions for names starting with "mx" the answer of
 * lserver_mx(), others an authoritative empty answer (NODATA). */
struct lserver {
	int fd;
	int stop[2];
	unsigned short port;
	unsigned long received;
	pthread_t th;
};

/* Add one record (presentation form, printf-style) to section \p sec. */
static void lpush(ldns_pkt *r, ldns_pkt_section sec, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void lpush(ldns_pkt *r, ldns_pkt_section sec, const char *fmt, ...)
{
	char line[700];
	ldns_rr *rr = NULL;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (ldns_rr_new_frm_str(&rr, line, 0, NULL, NULL) == LDNS_STATUS_OK)
		ldns_pkt_push_rr(r, sec, rr);
}

/*
 * The MX answer for name N (with its trailing dot): exchanges a.N and
 * b.N; in the additional section, as a server doing RFC 1035 additional
 * processing would (and more): A of a.N (its owner in upper case) and
 * AAAA of a.N, two A of b.N but no AAAA, and an A record of a name the
 * answer does not name (evil.example.org), which must be ignored. The
 * server itself answers A and AAAA questions NODATA, so an address taken
 * from the additional section and one asked for are told apart.
 */
static void lserver_mx(ldns_pkt *r, const char *n)
{
	char up[600];
	size_t i;

	for (i = 0; n[i] && i < sizeof(up) - 1; i++)
		up[i] = (char)toupper((unsigned char)n[i]);
	up[i] = '\0';
	lpush(r, LDNS_SECTION_ANSWER, "%s 300 IN MX 10 a.%s", n, n);
	lpush(r, LDNS_SECTION_ANSWER, "%s 300 IN MX 20 b.%s", n, n);
	lpush(r, LDNS_SECTION_ADDITIONAL, "A.%s 300 IN A 192.0.2.1", up);
	lpush(r, LDNS_SECTION_ADDITIONAL, "a.%s 300 IN AAAA 2001:db8::1", n);
	lpush(r, LDNS_SECTION_ADDITIONAL, "b.%s 300 IN A 192.0.2.2", n);
	lpush(r, LDNS_SECTION_ADDITIONAL, "b.%s 300 IN A 192.0.2.3", n);
	lpush(r, LDNS_SECTION_ADDITIONAL, "evil.example.org. 300 IN A 192.0.2.66");
}

static void lserver_answer(struct lserver *ls, const uint8_t *buf, size_t n,
			   const struct sockaddr_storage *from, socklen_t fl)
{
	ldns_pkt *q = NULL, *r = NULL;
	const ldns_rr *qr;
	uint8_t *wire = NULL;
	size_t wlen = 0;
	char *name = NULL;

	if (ldns_wire2pkt(&q, buf, n) != LDNS_STATUS_OK || ldns_pkt_qdcount(q) != 1)
		goto out;
	ls->received++;
	qr = ldns_rr_list_rr(ldns_pkt_question(q), 0);
	name = ldns_rdf2str(ldns_rr_owner(qr));
	r = ldns_pkt_new();
	if (!name || !r)
		goto out;
	ldns_pkt_set_id(r, ldns_pkt_id(q));
	ldns_pkt_set_qr(r, true);
	ldns_pkt_set_aa(r, true);
	ldns_pkt_set_rd(r, ldns_pkt_rd(q));
	ldns_pkt_set_ra(r, true);
	ldns_pkt_push_rr(r, LDNS_SECTION_QUESTION, ldns_rr_clone(qr));
	if (strncmp(name, "nx", 2) == 0) {
		ldns_pkt_set_rcode(r, LDNS_RCODE_NXDOMAIN);
	} else if (ldns_rr_get_type(qr) == LDNS_RR_TYPE_TXT) {
		lpush(r, LDNS_SECTION_ANSWER, "%s 300 IN TXT \"live\"", name);
	} else if (ldns_rr_get_type(qr) == LDNS_RR_TYPE_MX && strncmp(name, "mx", 2) == 0) {
		lserver_mx(r, name);
	}
	if (ldns_pkt2wire(&wire, r, &wlen) == LDNS_STATUS_OK)
		sendto(ls->fd, wire, wlen, 0, (const struct sockaddr *)from, fl);
out:
	free(wire);
	free(name);
	if (q)
		ldns_pkt_free(q);
	if (r)
		ldns_pkt_free(r);
}

static void *lserver_run(void *arg)
{
	struct lserver *ls = arg;
	uint8_t buf[1500];

	for (;;) {
		struct pollfd p[2] = { { ls->fd, POLLIN, 0 }, { ls->stop[0], POLLIN, 0 } };
		struct sockaddr_storage from;
		socklen_t fl = sizeof(from);
		ssize_t n;

		if (poll(p, 2, -1) < 0 || p[1].revents)
			break;
		n = recvfrom(ls->fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
		if (n >= 12)
			lserver_answer(ls, buf, (size_t)n, &from, fl);
	}
	return NULL;
}

static void lserver_start(struct lserver *ls)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);

	memset(ls, 0, sizeof(*ls));
	ls->fd = socket(AF_INET, SOCK_DGRAM, 0);
	ck_assert_int_ge(ls->fd, 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(ls->fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	ck_assert_int_eq(getsockname(ls->fd, (struct sockaddr *)&sin, &len), 0);
	ls->port = ntohs(sin.sin_port);
	ck_assert_int_eq(pipe(ls->stop), 0);
	ck_assert_int_eq(pthread_create(&ls->th, NULL, lserver_run, ls), 0);
}

static void lserver_stop(struct lserver *ls)
{
	ck_assert_int_eq(write(ls->stop[1], "x", 1), 1);
	pthread_join(ls->th, NULL);
	close(ls->fd);
	close(ls->stop[0]);
	close(ls->stop[1]);
}

START_TEST(test_fallback_live)
{
	static const char *const srv[] = { "127.0.0.1" };
	const struct dnsauth_dns_q qs[] = {
		{ "example.com", LDNS_RR_TYPE_TXT },     /* records */
		{ "example.com", LDNS_RR_TYPE_MX },      /* live NODATA */
		{ "out.example.com", LDNS_RR_TYPE_TXT }, /* chain into live */
		{ "nx.example.net", LDNS_RR_TYPE_A },    /* live NXDOMAIN */
		{ "other.example.org", LDNS_RR_TYPE_TXT },
		{ "Other.Example.org.", LDNS_RR_TYPE_TXT },
	};
	struct dnsauth_dns_live_opts o;
	struct dnsauth_dns *d = records(), *live = NULL;
	const struct dnsauth_dns_answer *a;
	struct dnsauth_dns_stats st, lst;
	struct lserver ls;

	lserver_start(&ls);
	memset(&o, 0, sizeof(o));
	o.servers = srv;
	o.nservers = 1;
	o.port = ls.port;
	o.timeout_ms = 2000;
	ck_assert_int_eq(dnsauth_dns_new_live(&o, &live, NULL), 0);
	ck_assert_int_eq(dnsauth_dns_records_zone(d, "example.com", false), 0);
	radd(d, "example.com. TXT \"v=spf1 -all\"");
	radd(d, "out.example.com. CNAME host.example.org.");
	ck_assert_int_eq(dnsauth_dns_set_fallback(d, live), 0);

	ck_assert_int_eq(dnsauth_dns_prefetch(d, qs, sizeof(qs) / sizeof(qs[0])), 0);
	dnsauth_dns_stats(live, &lst);
	ck_assert_uint_eq(lst.queries, 4);
	ck_assert_uint_eq(lst.round_trips, 1);
	dnsauth_dns_stats(d, &st);
	ck_assert_uint_eq(st.queries, 6 + 4);
	ck_assert_uint_eq(st.round_trips, 2);

	a = expect(d, "example.com", LDNS_RR_TYPE_TXT, DNSAUTH_DNS_DATA);
	ck_assert(has_txt(a, "v=spf1 -all"));
	a = dnsauth_dns_cached(d, "example.com", LDNS_RR_TYPE_MX);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->status, DNSAUTH_DNS_NODATA);
	ck_assert_ptr_nonnull(a->msg);
	a = dnsauth_dns_cached(d, "out.example.com", LDNS_RR_TYPE_TXT);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->status, DNSAUTH_DNS_DATA);
	expect_cnames(a, "host.example.org");
	ck_assert(has_txt(a, "live"));
	expect_owner(a, "host.example.org.");
	ck_assert_ptr_nonnull(a->msg);
	a = dnsauth_dns_cached(d, "nx.example.net", LDNS_RR_TYPE_A);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->status, DNSAUTH_DNS_NXDOMAIN);
	ck_assert_uint_eq(a->rcode, LDNS_RCODE_NXDOMAIN);
	a = dnsauth_dns_lookup(d, "other.example.org", LDNS_RR_TYPE_TXT);
	ck_assert_int_eq(a->status, DNSAUTH_DNS_DATA);
	ck_assert(has_txt(a, "live"));
	dnsauth_dns_stats(live, &lst);
	ck_assert_uint_eq(lst.queries, 4);
	dnsauth_dns_free(d);
	dnsauth_dns_free(live);
	lserver_stop(&ls);
	ck_assert_uint_eq(ls.received, 4);
}
END_TEST

/* A live source asking the test server only. */
static struct dnsauth_dns *live_lserver(const struct lserver *ls, bool dnssec_ok)
{
	static const char *const srv[] = { "127.0.0.1" };
	struct dnsauth_dns_live_opts o;
	struct dnsauth_dns *live = NULL;

	memset(&o, 0, sizeof(o));
	o.servers = srv;
	o.nservers = 1;
	o.port = ls->port;
	o.timeout_ms = 2000;
	o.dnssec_ok = dnssec_ok;
	ck_assert_int_eq(dnsauth_dns_new_live(&o, &live, NULL), 0);
	return live;
}

/* The addresses of an answer, sorted, joined with ",". */
static void expect_addrs(const struct dnsauth_dns_answer *a, const char *want)
{
	char got[512] = "", *v[8];
	size_t i, j, n;

	ck_assert_int_eq(a->status, DNSAUTH_DNS_DATA);
	n = ldns_rr_list_rr_count(a->rrs);
	ck_assert_uint_le(n, 8);
	for (i = 0; i < n; i++) {
		v[i] = ldns_rdf2str(ldns_rr_rdf(ldns_rr_list_rr(a->rrs, i), 0));
		ck_assert_ptr_nonnull(v[i]);
		for (j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
			char *t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	}
	for (i = 0; i < n; i++) {
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", i ? "," : "", v[i]);
		free(v[i]);
	}
	ck_assert_str_eq(got, want);
}

/* The additional section of an MX response answers the addresses of the
 * exchanges it names, without a query; nothing else of it is used. */
START_TEST(test_live_mx_additional)
{
	struct dnsauth_dns *live;
	const struct dnsauth_dns_answer *a;
	struct dnsauth_dns_stats st;
	struct lserver ls;

	lserver_start(&ls);
	live = live_lserver(&ls, false);
	a = dnsauth_dns_lookup(live, "mx.example.net", LDNS_RR_TYPE_MX);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->status, DNSAUTH_DNS_DATA);
	ck_assert_uint_eq(ldns_rr_list_rr_count(a->rrs), 2);
	ck_assert(!a->additional);
	ck_assert_ptr_nonnull(a->msg);
	dnsauth_dns_stats(live, &st);
	ck_assert_uint_eq(st.queries, 1);
	ck_assert_uint_eq(st.cache_hits, 0);

	/* the A and AAAA records of the exchanges are cached answers: no
	 * query (and no cache hit counted until they are looked up) */
	a = dnsauth_dns_cached(live, "a.mx.example.net", LDNS_RR_TYPE_A);
	ck_assert_ptr_nonnull(a);
	ck_assert(a->additional);
	ck_assert_ptr_null(a->msg);
	ck_assert_uint_eq(a->rcode, 0);
	ck_assert_str_eq(a->qname, "a.mx.example.net");
	expect_addrs(a, "192.0.2.1");
	a = dnsauth_dns_lookup(live, "A.MX.Example.NET.", LDNS_RR_TYPE_A);
	ck_assert_ptr_nonnull(a);
	ck_assert(a->additional);
	a = dnsauth_dns_lookup(live, "b.mx.example.net", LDNS_RR_TYPE_A);
	ck_assert_ptr_nonnull(a);
	ck_assert(a->additional);
	expect_addrs(a, "192.0.2.2,192.0.2.3");
	a = dnsauth_dns_lookup(live, "a.mx.example.net", LDNS_RR_TYPE_AAAA);
	ck_assert_ptr_nonnull(a);
	ck_assert(a->additional);
	expect_addrs(a, "2001:db8::1");
	dnsauth_dns_stats(live, &st);
	ck_assert_uint_eq(st.queries, 1);
	ck_assert_uint_eq(st.cache_hits, 3);
	ck_assert_uint_eq(ls.received, 1);

	/* absence proves nothing: b has no AAAA in the additional section,
	 * so it is asked (the server says NODATA) */
	ck_assert_ptr_null(dnsauth_dns_cached(live, "b.mx.example.net", LDNS_RR_TYPE_AAAA));
	a = dnsauth_dns_lookup(live, "b.mx.example.net", LDNS_RR_TYPE_AAAA);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->status, DNSAUTH_DNS_NODATA);
	ck_assert(!a->additional);
	dnsauth_dns_stats(live, &st);
	ck_assert_uint_eq(st.queries, 2);

	/* a name the answer does not name is ignored */
	ck_assert_ptr_null(dnsauth_dns_cached(live, "evil.example.org", LDNS_RR_TYPE_A));
	a = dnsauth_dns_lookup(live, "evil.example.org", LDNS_RR_TYPE_A);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->status, DNSAUTH_DNS_NODATA);
	dnsauth_dns_stats(live, &st);
	ck_assert_uint_eq(st.queries, 3);
	ck_assert_uint_eq(st.round_trips, 3);
	dnsauth_dns_free(live);
	lserver_stop(&ls);
	ck_assert_uint_eq(ls.received, 3);
}
END_TEST

/* Additional data never overwrites an answer, cached or being resolved
 * in the same batch, and is not used with DNSSEC (DO). */
START_TEST(test_live_mx_additional_never_overwrites)
{
	const struct dnsauth_dns_q batch[] = {
		{ "mx3.example.net", LDNS_RR_TYPE_MX },
		{ "a.mx3.example.net", LDNS_RR_TYPE_A },
	};
	struct dnsauth_dns *live, *dnssec;
	const struct dnsauth_dns_answer *a;
	struct dnsauth_dns_stats st;
	struct lserver ls;

	lserver_start(&ls);
	live = live_lserver(&ls, false);
	/* asked before the MX: the server's NODATA stays */
	a = dnsauth_dns_lookup(live, "a.mx2.example.net", LDNS_RR_TYPE_A);
	ck_assert_int_eq(a->status, DNSAUTH_DNS_NODATA);
	a = dnsauth_dns_lookup(live, "mx2.example.net", LDNS_RR_TYPE_MX);
	ck_assert_int_eq(a->status, DNSAUTH_DNS_DATA);
	a = dnsauth_dns_cached(live, "a.mx2.example.net", LDNS_RR_TYPE_A);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->status, DNSAUTH_DNS_NODATA);
	ck_assert(!a->additional);
	/* the other exchange is filled in */
	a = dnsauth_dns_cached(live, "b.mx2.example.net", LDNS_RR_TYPE_A);
	ck_assert_ptr_nonnull(a);
	ck_assert(a->additional);
	/* asked in the same batch as the MX: answered by the server */
	ck_assert_int_eq(dnsauth_dns_prefetch(live, batch, 2), 0);
	a = dnsauth_dns_cached(live, "a.mx3.example.net", LDNS_RR_TYPE_A);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->status, DNSAUTH_DNS_NODATA);
	ck_assert(!a->additional);
	dnsauth_dns_stats(live, &st);
	ck_assert_uint_eq(st.queries, 4);

	/* with DO set, the additional section is not used */
	dnssec = live_lserver(&ls, true);
	a = dnsauth_dns_lookup(dnssec, "mx.example.net", LDNS_RR_TYPE_MX);
	ck_assert_int_eq(a->status, DNSAUTH_DNS_DATA);
	ck_assert_ptr_null(dnsauth_dns_cached(dnssec, "a.mx.example.net", LDNS_RR_TYPE_A));
	ck_assert_ptr_null(dnsauth_dns_cached(dnssec, "b.mx.example.net", LDNS_RR_TYPE_A));
	dnsauth_dns_free(dnssec);
	dnsauth_dns_free(live);
	lserver_stop(&ls);
	ck_assert_uint_eq(ls.received, 5);
}
END_TEST

START_TEST(test_fallback_live_failure)
{
	struct dnsauth_dns *d = records(), *live = live_nowhere(200, 0);
	const struct dnsauth_dns_q qs[] = {
		{ "example.com", LDNS_RR_TYPE_TXT },
		{ "example.com", LDNS_RR_TYPE_MX },
		{ "example.org", LDNS_RR_TYPE_TXT },
	};
	const struct dnsauth_dns_answer *a;
	struct dnsauth_dns_stats lst;

	radd(d, "example.com. TXT \"v=spf1 -all\"");
	ck_assert_int_eq(dnsauth_dns_set_fallback(d, live), 0);
	ck_assert_int_eq(dnsauth_dns_prefetch(d, qs, 3), 0);
	dnsauth_dns_stats(live, &lst);
	ck_assert_uint_eq(lst.queries, 2);
	ck_assert_uint_eq(lst.round_trips, 1);
	/* the fallback's failure is the answer: a failure, never "missing" */
	a = dnsauth_dns_cached(d, "example.org", LDNS_RR_TYPE_TXT);
	ck_assert_ptr_nonnull(a);
	ck_assert_msg(dnsauth_dns_failed(a->status), "%s", dnsauth_dns_status_name(a->status));
	ck_assert_ptr_nonnull(a->error);
	ck_assert_int_eq(dnsauth_dns_cached(d, "example.com", LDNS_RR_TYPE_TXT)->status,
			 DNSAUTH_DNS_DATA);
	dnsauth_dns_free(d);
	dnsauth_dns_free(live);
}
END_TEST

static Suite *dns_suite(void)
{
	Suite *s = suite_create("dns");
	TCase *z = tcase_create("zone");
	TCase *l = tcase_create("load");
	TCase *n = tcase_create("names");
	TCase *v = tcase_create("live");
	TCase *r = tcase_create("records");
	TCase *f = tcase_create("fallback");

	tcase_add_checked_fixture(z, setup, teardown);
	tcase_add_test(z, test_data);
	tcase_add_test(z, test_nodata_nxdomain);
	tcase_add_test(z, test_empty_non_terminal);
	tcase_add_test(z, test_cname_within_zone);
	tcase_add_test(z, test_cname_across_zones);
	tcase_add_test(z, test_cname_nxdomain);
	tcase_add_test(z, test_cname_outside);
	tcase_add_test(z, test_cname_loops);
	tcase_add_test(z, test_wildcard_txt);
	tcase_add_test(z, test_wildcard_not_matching);
	tcase_add_test(z, test_wildcard_cname);
	tcase_add_test(z, test_outside);
	tcase_add_test(z, test_delegation);
	tcase_add_test(z, test_longest_origin);
	tcase_add_test(z, test_txt_joining);
	suite_add_tcase(s, z);

	tcase_add_checked_fixture(l, setup, teardown);
	tcase_add_test(l, test_origin_from_origin_directive);
	tcase_add_test(l, test_origin_from_soa);
	tcase_add_test(l, test_origin_from_file_name);
	tcase_add_test(l, test_directory);
	tcase_add_test(l, test_files_and_directories_together);
	tcase_add_test(l, test_load_errors);
	suite_add_tcase(s, l);

	tcase_add_checked_fixture(n, setup, teardown);
	tcase_add_test(n, test_names_case_and_dots);
	tcase_add_test(n, test_invalid_names);
	tcase_add_test(n, test_prefetch_cached_stats);
	tcase_add_test(n, test_reverse_name);
	tcase_add_test(n, test_reverse_name_lookup);
	tcase_add_test(n, test_status_names);
	tcase_add_test(n, test_data_answers);
	tcase_add_test(n, test_data_timeout_and_errors);
	suite_add_tcase(s, n);

	tcase_add_test(v, test_live_settings);
	tcase_add_test(v, test_live_deadline_before_sending);
	tcase_add_test(v, test_live_no_server);
	tcase_set_timeout(v, 30);
	suite_add_tcase(s, v);

	tcase_add_checked_fixture(r, setup, teardown);
	tcase_add_test(r, test_records_complete_vs_partial);
	tcase_add_test(r, test_records_declarations);
	tcase_add_test(r, test_records_forget);
	tcase_add_test(r, test_records_auto_zone);
	tcase_add_test(r, test_records_errors);
	tcase_add_test(r, test_records_cname);
	tcase_add_test(r, test_records_wildcard_partial);
	tcase_add_test(r, test_records_nested_and_delegation);
	tcase_add_test(r, test_records_by_reference);
	tcase_add_test(r, test_dname_rdf_text);
	suite_add_tcase(s, r);

	tcase_add_checked_fixture(f, setup, teardown);
	tcase_add_test(f, test_fallback_data);
	tcase_add_test(f, test_fallback_zone_source);
	tcase_add_test(f, test_fallback_errors);
	tcase_add_test(f, test_fallback_live);
	tcase_add_test(f, test_fallback_live_failure);
	tcase_add_test(f, test_live_mx_additional);
	tcase_add_test(f, test_live_mx_additional_never_overwrites);
	tcase_set_timeout(f, 30);
	suite_add_tcase(s, f);
	return s;
}

int main(void)
{
	const char *top = getenv("top_srcdir");
	SRunner *sr;
	int failed;

	snprintf(datadir, sizeof(datadir), "%s/tests/data/dns", top && *top ? top : ".");
	sr = srunner_create(dns_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
