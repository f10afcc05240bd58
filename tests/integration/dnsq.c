/* SPDX-License-Identifier: MIT */
/*
 * dnsq.c - ask questions through the library's resolver (lib/dns.h) and
 * print one line per question, for the shell tests that compare the live
 * source with the zone source and check the fault statuses:
 *
 *   name type status[ cnames: a,b][ data: rdata;rdata][ tcp][ error: text]
 *
 * The rdata of each record is its fields in presentation form separated
 * by spaces; the records are sorted. "tcp" marks an answer that came over
 * TCP after TC=1; "error" is the detail of a failure status.
 *
 * Usage: dnsq [--zone PATH]... [--server ADDR]... [--port N]
 *             [--timeout MS] [--retries N] [--deadline MS] [--dnssec]
 *             [--one-by-one] [--stats] NAME TYPE... [NAME TYPE...]...
 *
 * Every argument that is an RR type name is a type for the name before
 * it; any other argument starts a new name. All questions are prefetched
 * in one batch (--one-by-one: looked up one after the other), then
 * printed in order. Exit status: 0, or 2 for a usage or setup error.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dns.h"
#include "error.h"

#define MAX_ITEMS 4096

static void usage(FILE *f)
{
	fputs("usage: dnsq [--zone PATH]... [--server ADDR]... [--port N] [--timeout MS]\n"
	      "            [--retries N] [--deadline MS] [--dnssec] [--one-by-one]\n"
	      "            [--stats] NAME TYPE... [NAME TYPE...]...\n", f);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The rdata fields of a record in presentation form, separated by spaces. */
static char *rdata_text(const ldns_rr *rr)
{
	struct dnsauth_buf b;
	size_t i;

	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, "");
	for (i = 0; i < ldns_rr_rd_count(rr); i++) {
		char *s = ldns_rdf2str(ldns_rr_rdf(rr, i));

		if (i > 0)
			dnsauth_buf_putc(&b, ' ');
		dnsauth_buf_puts(&b, s ? s : "?");
		free(s);
	}
	return dnsauth_buf_steal(&b);
}

static void print_answer(struct dnsauth_buf *out, const struct dnsauth_dns_answer *a)
{
	char *type = ldns_rr_type2str(a->qtype);
	size_t i;

	dnsauth_buf_printf(out, "%s %s %s", a->qname[0] ? a->qname : ".", type ? type : "?",
			   dnsauth_dns_status_name(a->status));
	free(type);
	if (a->ncnames > 0) {
		dnsauth_buf_puts(out, " cnames: ");
		for (i = 0; i < a->ncnames; i++)
			dnsauth_buf_printf(out, "%s%s", i ? "," : "", a->cnames[i]);
	}
	if (a->status == DNSAUTH_DNS_DATA && a->rrs) {
		size_t n = ldns_rr_list_rr_count(a->rrs);
		char **v = calloc(n ? n : 1, sizeof(*v));

		for (i = 0; v && i < n; i++)
			v[i] = rdata_text(ldns_rr_list_rr(a->rrs, i));
		if (v)
			qsort(v, n, sizeof(*v), cmp_str);
		dnsauth_buf_puts(out, " data: ");
		for (i = 0; v && i < n; i++) {
			dnsauth_buf_printf(out, "%s%s", i ? ";" : "", v[i] ? v[i] : "?");
			free(v[i]);
		}
		free(v);
	}
	if (a->truncated_tcp)
		dnsauth_buf_puts(out, " tcp");
	if (dnsauth_dns_failed(a->status) && a->error)
		dnsauth_buf_printf(out, " error: %s", a->error);
	dnsauth_buf_putc(out, '\n');
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "zone", required_argument, NULL, 'z' },
		{ "server", required_argument, NULL, 's' },
		{ "port", required_argument, NULL, 'p' },
		{ "timeout", required_argument, NULL, 't' },
		{ "retries", required_argument, NULL, 'r' },
		{ "deadline", required_argument, NULL, 'd' },
		{ "dnssec", no_argument, NULL, 'D' },
		{ "one-by-one", no_argument, NULL, '1' },
		{ "stats", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *zones[64], *servers[16];
	size_t nzones = 0, nservers = 0, nq = 0, i;
	struct dnsauth_dns_live_opts lo;
	struct dnsauth_dns_q *qs = NULL;
	struct dnsauth_dns *dns = NULL;
	struct dnsauth_buf err, out;
	unsigned deadline = 0;
	const char *name = NULL;
	bool one = false, stats = false;
	int c, rc = 2;

	memset(&lo, 0, sizeof(lo));
	dnsauth_buf_init(&err, 0);
	dnsauth_buf_init(&out, 0);
	for (;;) {
		c = getopt_long(argc, argv, "z:s:p:t:r:d:D1Sh", longopts, NULL);
		if (c == -1)
			break;
		switch (c) {
		case 'z':
			if (nzones < sizeof(zones) / sizeof(zones[0]))
				zones[nzones++] = optarg;
			break;
		case 's':
			if (nservers < sizeof(servers) / sizeof(servers[0]))
				servers[nservers++] = optarg;
			break;
		case 'p':
			lo.port = (uint16_t)strtoul(optarg, NULL, 10);
			break;
		case 't':
			lo.timeout_ms = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'r':
			lo.retries = (unsigned)strtoul(optarg, NULL, 10);
			lo.retries_set = true;
			break;
		case 'd':
			deadline = (unsigned)strtoul(optarg, NULL, 10);
			break;
		case 'D':
			lo.dnssec_ok = true;
			break;
		case '1':
			one = true;
			break;
		case 'S':
			stats = true;
			break;
		case 'h':
			usage(stdout);
			rc = 0;
			goto out;
		default:
			usage(stderr);
			goto out;
		}
	}
	qs = calloc(MAX_ITEMS, sizeof(*qs));
	if (!qs)
		goto out;
	for (i = (size_t)optind; i < (size_t)argc && nq < MAX_ITEMS; i++) {
		uint16_t t = name ? (uint16_t)ldns_get_rr_type_by_name(argv[i]) : 0;

		if (t == 0) {
			name = argv[i];
			continue;
		}
		qs[nq].name = name;
		qs[nq].type = t;
		nq++;
	}
	if (nq == 0) {
		usage(stderr);
		goto out;
	}
	if (nzones > 0) {
		c = dnsauth_dns_new_zone(zones, nzones, &dns, &err);
	} else {
		lo.servers = nservers ? servers : NULL;
		lo.nservers = nservers;
		c = dnsauth_dns_new_live(&lo, &dns, &err);
	}
	if (c != 0) {
		fprintf(stderr, "dnsq: %s\n",
			err.len ? dnsauth_buf_str(&err) : dnsauth_strerror(c));
		goto out;
	}
	dnsauth_dns_set_deadline(dns, deadline);
	if (!one && dnsauth_dns_prefetch(dns, qs, nq) != 0) {
		fputs("dnsq: out of memory\n", stderr);
		goto out;
	}
	for (i = 0; i < nq; i++) {
		const struct dnsauth_dns_answer *a;

		a = dnsauth_dns_lookup(dns, qs[i].name, qs[i].type);
		if (!a) {
			fputs("dnsq: out of memory\n", stderr);
			goto out;
		}
		print_answer(&out, a);
	}
	if (out.err) {
		fputs("dnsq: out of memory\n", stderr);
		goto out;
	}
	fputs(dnsauth_buf_str(&out), stdout);
	if (stats) {
		struct dnsauth_dns_stats st;

		dnsauth_dns_stats(dns, &st);
		fprintf(stderr, "queries=%lu cache_hits=%lu timeouts=%lu tcp_retries=%lu "
			"round_trips=%lu\n", st.queries, st.cache_hits, st.timeouts,
			st.tcp_retries, st.round_trips);
	}
	rc = fflush(stdout) == 0 ? 0 : 2;
out:
	dnsauth_dns_free(dns);
	free(qs);
	dnsauth_buf_free(&err);
	dnsauth_buf_free(&out);
	return rc;
}
