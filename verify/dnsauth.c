/* SPDX-License-Identifier: MIT */
/*
 * dnsauth - the verifier. "dnsauth verify DOMAIN..." audits live DNS (or
 * zone files with --zone) and says which findings cause which rejections
 * at receivers; "dnsauth rules" lists the rule catalogue.
 */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "cli.h"
#include "dname.h"
#include "error.h"
#include "json.h"
#include "psl.h"
#include "report.h"
#include "spf.h"
#include "spf_eval.h"

#define PROG "dnsauth"
#define MAX_LIST 64

/* Exit status of verify. */
enum {
	EXIT_CLEAN = 0,      /* no error findings */
	EXIT_ERRORS = 1,     /* error findings */
	EXIT_USAGE = 2,
	EXIT_INCOMPLETE = 3, /* no DNS answers at all */
};

struct verify_opts {
	const char *servers[MAX_LIST];
	size_t nservers;
	const char *zones[MAX_LIST];
	size_t nzones;
	const char *selectors[MAX_LIST];
	size_t nselectors;
	const char *ips[MAX_LIST];
	size_t nips;
	const char *helo;
	const char *psl_path;
	const char *output;
	long port, timeout_ms, retries, deadline_s;
	bool json, quiet, non_sending, no_probe, doc_ok;
};

static void usage_main(FILE *f)
{
	fputs("Usage: dnsauth COMMAND [OPTIONS] ...\n"
	      "\n"
	      "Commands:\n"
	      "  verify DOMAIN...   check a domain's mail-authentication records in DNS\n"
	      "  spf IP [DOMAIN]    evaluate SPF for a sending IP (RFC 7208 check_host)\n"
	      "  rules              list the rule catalogue (every finding id)\n"
	      "\n"
	      "Options:\n"
	      "  -h, --help         show this help and exit\n"
	      "  -V, --version      show the version and exit\n"
	      "\n"
	      "'dnsauth COMMAND --help' describes a command.\n", f);
}

static void usage_verify(FILE *f)
{
	fputs("Usage: dnsauth verify [OPTIONS] DOMAIN...\n"
	      "\n"
	      "Fetch the SPF, DMARC, DKIM, MX, address and PTR records of each DOMAIN\n"
	      "(and MTA-STS, TLS-RPT, BIMI and DANE records), check them against the\n"
	      "standards and the big receivers' rules, and say which findings cause\n"
	      "which rejections or deferrals.\n"
	      "\n"
	      "Options:\n"
	      "      --server ADDR       DNS server to ask (repeatable; default: resolv.conf)\n"
	      "      --port N            port of the servers (default 53)\n"
	      "      --timeout MS        per-query timeout (default 2000)\n"
	      "      --retries N         retries per query (default 2)\n"
	      "      --deadline SECONDS  bound on the whole run (default 60)\n"
	      "      --zone PATH         answer from zone files instead (file or directory;\n"
	      "                          repeatable); no network is used\n"
	      "      --selector NAME     DKIM selector to check (repeatable)\n"
	      "      --no-selector-probe do not probe the common DKIM selectors\n"
	      "      --ip ADDR           a sending IP: check its PTR and FCrDNS (repeatable)\n"
	      "      --helo NAME         the HELO name of the sending host\n"
	      "      --psl FILE          Public Suffix List (default: Debian's publicsuffix)\n"
	      "      --non-sending       the domain sends no mail\n"
	      "      --documentation-addresses-ok\n"
	      "                          treat RFC 5737/3849 documentation ranges as public\n"
	      "                          (for demo and test zones)\n"
	      "  -f, --format FORMAT     text (default) or json\n"
	      "  -o, --output FILE       write the report to FILE atomically\n"
	      "  -q, --quiet             show errors only\n"
	      "  -h, --help              show this help and exit\n"
	      "\n"
	      "Exit status: 0 no error findings, 1 error findings, 2 usage error,\n"
	      "3 could not complete (no DNS answers at all).\n", f);
}

static int verify_args(int argc, char **argv, struct verify_opts *o)
{
	enum {
		OPT_SERVER = 256, OPT_PORT, OPT_TIMEOUT, OPT_RETRIES, OPT_DEADLINE,
		OPT_ZONE, OPT_SELECTOR, OPT_NO_PROBE, OPT_IP, OPT_HELO, OPT_PSL,
		OPT_NON_SENDING, OPT_DOC_OK,
	};
	static const struct option longopts[] = {
		{ "server", required_argument, NULL, OPT_SERVER },
		{ "port", required_argument, NULL, OPT_PORT },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "retries", required_argument, NULL, OPT_RETRIES },
		{ "deadline", required_argument, NULL, OPT_DEADLINE },
		{ "zone", required_argument, NULL, OPT_ZONE },
		{ "selector", required_argument, NULL, OPT_SELECTOR },
		{ "no-selector-probe", no_argument, NULL, OPT_NO_PROBE },
		{ "ip", required_argument, NULL, OPT_IP },
		{ "helo", required_argument, NULL, OPT_HELO },
		{ "psl", required_argument, NULL, OPT_PSL },
		{ "non-sending", no_argument, NULL, OPT_NON_SENDING },
		{ "documentation-addresses-ok", no_argument, NULL, OPT_DOC_OK },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc = 0;

	memset(o, 0, sizeof(*o));
	o->port = 53;
	o->timeout_ms = 2000;
	o->retries = 2;
	o->deadline_s = 60;
	optind = 1;
	while (rc == 0 && (c = getopt_long(argc, argv, "f:o:qh", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_SERVER:
			rc = cli_add_list(PROG, o->servers, &o->nservers, MAX_LIST, optarg, "--server");
			break;
		case OPT_PORT:
			rc = cli_number(PROG, optarg, 1, 65535, &o->port, "--port");
			break;
		case OPT_TIMEOUT:
			rc = cli_number(PROG, optarg, 1, 60000, &o->timeout_ms, "--timeout");
			break;
		case OPT_RETRIES:
			rc = cli_number(PROG, optarg, 0, 10, &o->retries, "--retries");
			break;
		case OPT_DEADLINE:
			rc = cli_number(PROG, optarg, 1, 3600, &o->deadline_s, "--deadline");
			break;
		case OPT_ZONE:
			rc = cli_add_list(PROG, o->zones, &o->nzones, MAX_LIST, optarg, "--zone");
			break;
		case OPT_SELECTOR:
			rc = cli_add_list(PROG, o->selectors, &o->nselectors, MAX_LIST, optarg,
					  "--selector");
			break;
		case OPT_NO_PROBE:
			o->no_probe = true;
			break;
		case OPT_IP:
			rc = cli_add_list(PROG, o->ips, &o->nips, MAX_LIST, optarg, "--ip");
			break;
		case OPT_HELO:
			o->helo = optarg;
			break;
		case OPT_PSL:
			o->psl_path = optarg;
			break;
		case OPT_NON_SENDING:
			o->non_sending = true;
			break;
		case OPT_DOC_OK:
			o->doc_ok = true;
			break;
		case 'f':
			if (strcmp(optarg, "json") == 0) {
				o->json = true;
			} else if (strcmp(optarg, "text") != 0) {
				cli_error(PROG, "unknown format '%s' (text or json)", optarg);
				rc = -1;
			}
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'h':
			usage_verify(stdout);
			exit(EXIT_CLEAN);
		default:
			usage_verify(stderr);
			return -1;
		}
	}
	if (rc)
		return -1;
	if (optind >= argc) {
		cli_error(PROG, "verify needs at least one DOMAIN; see 'dnsauth verify --help'");
		return -1;
	}
	if (o->nzones && o->nservers) {
		cli_error(PROG, "--zone and --server exclude each other");
		return -1;
	}
	return 0;
}

/* The DNS source the options ask for: zone files or the live network.
 * NULL after printing an error. */
static struct dnsauth_dns *open_source(const struct verify_opts *o, struct dnsauth_buf *err)
{
	struct dnsauth_dns_live_opts lo;
	struct dnsauth_dns *dns = NULL;
	int rc;

	if (o->nzones) {
		rc = dnsauth_dns_new_zone(o->zones, o->nzones, &dns, err);
	} else {
		memset(&lo, 0, sizeof(lo));
		lo.servers = o->nservers ? o->servers : NULL;
		lo.nservers = o->nservers;
		lo.port = (uint16_t)o->port;
		lo.timeout_ms = (unsigned)o->timeout_ms;
		lo.retries = (unsigned)o->retries;
		lo.retries_set = true;
		rc = dnsauth_dns_new_live(&lo, &dns, err);
	}
	if (rc) {
		cli_error(PROG, "%s", rc == DNSAUTH_ENOMEM ? "out of memory" : dnsauth_buf_str(err));
		return NULL;
	}
	dnsauth_dns_set_deadline(dns, (unsigned)o->deadline_s * 1000u);
	return dns;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void text_domain(struct dnsauth_buf *out, const struct dnsauth_audit *a,
			const struct verify_opts *o, unsigned long queries, long ms)
{
	struct dnsauth_report_opts ro;
	size_t i;

	dnsauth_report_opts_init(&ro);
	ro.color = !o->output && dnsauth_report_color_wanted(STDOUT_FILENO);
	ro.min_severity = o->quiet ? DNSAUTH_SEV_ERROR : DNSAUTH_SEV_INFO;
	dnsauth_buf_puts(out, "== ");
	dnsauth_buf_put_safe(out, a->domain, strlen(a->domain));
	dnsauth_buf_puts(out, " ==\n");
	if (a->no_answers && a->findings.n == 0) {
		/* nothing answered: neither "no problems" nor "missing" */
		dnsauth_buf_printf(out, "Not checked: no DNS answer for any of its names (%s)\n\n",
				   o->nzones ? "the zone files do not cover this domain" :
				   "no server answered");
		return;
	}
	if (a->spf_found && a->nspf_terms) {
		dnsauth_buf_printf(out, "SPF lookups: %u of 10", a->spf_lookups);
		for (i = 0; i < a->nspf_terms; i++)
			if (a->spf_terms[i].lookups)
				dnsauth_buf_printf(out, "%s%s %u", i ? ", " : " (",
						   a->spf_terms[i].term, a->spf_terms[i].lookups);
		dnsauth_buf_puts(out, a->nspf_terms ? ")\n" : "\n");
	}
	dnsauth_report_text_sections(out, &a->findings, &ro);
	dnsauth_buf_puts(out, "Summary: ");
	dnsauth_report_summary(out, &a->findings);
	dnsauth_buf_printf(out, " (%lu DNS queries, %ld ms)\n\n", queries, ms);
}

static void json_domain(struct dnsauth_json *j, const struct dnsauth_audit *a,
			unsigned long queries, long ms, unsigned long round_trips)
{
	size_t i;

	dnsauth_json_object_begin(j);
	dnsauth_json_kv_string(j, "domain", a->domain);
	dnsauth_json_key(j, "complete");
	dnsauth_json_bool(j, !a->no_answers);
	dnsauth_json_key(j, "records");
	dnsauth_json_array_begin(j);
	for (i = 0; i < a->nrecords; i++) {
		dnsauth_json_object_begin(j);
		dnsauth_json_kv_string(j, "name", a->records[i].name);
		dnsauth_json_kv_string(j, "type", a->records[i].type);
		dnsauth_json_kv_string(j, "value", a->records[i].value);
		dnsauth_json_object_end(j);
	}
	dnsauth_json_array_end(j);
	dnsauth_json_key(j, "spf");
	dnsauth_json_object_begin(j);
	dnsauth_json_key(j, "found");
	dnsauth_json_bool(j, a->spf_found);
	dnsauth_json_kv_int(j, "lookups", a->spf_lookups);
	dnsauth_json_kv_int(j, "void_lookups", a->spf_voids);
	dnsauth_json_key(j, "terms");
	dnsauth_json_array_begin(j);
	for (i = 0; i < a->nspf_terms; i++) {
		dnsauth_json_object_begin(j);
		dnsauth_json_kv_string(j, "term", a->spf_terms[i].term);
		dnsauth_json_kv_int(j, "lookups", a->spf_terms[i].lookups);
		dnsauth_json_kv_int(j, "void_lookups", a->spf_terms[i].voids);
		dnsauth_json_object_end(j);
	}
	dnsauth_json_array_end(j);
	dnsauth_json_object_end(j);
	dnsauth_json_key(j, "dmarc");
	dnsauth_json_object_begin(j);
	dnsauth_json_kv_string(j, "record_name", a->dmarc_name);
	dnsauth_json_kv_string(j, "org_domain_psl", a->org_domain_psl);
	dnsauth_json_kv_string(j, "org_domain_tree_walk", a->org_domain_walk);
	dnsauth_json_object_end(j);
	dnsauth_json_key(j, "findings");
	dnsauth_report_json_array(j, &a->findings, DNSAUTH_SEV_INFO);
	dnsauth_json_key(j, "stats");
	dnsauth_json_object_begin(j);
	dnsauth_json_kv_int(j, "queries", (long long)queries);
	dnsauth_json_kv_int(j, "round_trips", (long long)round_trips);
	dnsauth_json_kv_int(j, "passes", a->passes);
	dnsauth_json_kv_int(j, "elapsed_ms", ms);
	dnsauth_json_object_end(j);
	dnsauth_json_object_end(j);
}

static int verify(int argc, char **argv)
{
	struct dnsauth_audit_opts ao;
	struct dnsauth_dns_stats st0, st1;
	struct verify_opts o;
	struct dnsauth_dns *dns = NULL;
	struct dnsauth_psl *psl = NULL;
	struct dnsauth_buf out, err;
	struct dnsauth_json j;
	bool errors = false, incomplete = false;
	int status = EXIT_USAGE, i, rc;

	if (verify_args(argc, argv, &o) != 0)
		return EXIT_USAGE;
	dnsauth_buf_init(&out, 0);
	dnsauth_buf_init(&err, 0);
	for (i = optind; i < argc; i++) {
		const char *why = NULL;

		if (!dnsauth_dname_valid(argv[i], strlen(argv[i]), true, &why, NULL)) {
			struct dnsauth_buf s;

			dnsauth_buf_init(&s, 0);
			dnsauth_buf_put_safe(&s, argv[i], strlen(argv[i]));
			cli_error(PROG, "'%s' is not a valid domain name: %s", dnsauth_buf_str(&s), why);
			dnsauth_buf_free(&s);
			goto out;
		}
	}
	dns = open_source(&o, &err);
	if (!dns)
		goto out;
	dnsauth_buf_reset(&err);
	/* the PSL is optional: without it RFC 7489 organizational domains are
	 * not compared, which the report says */
	if (dnsauth_psl_load(o.psl_path, &psl, &err) != 0) {
		if (o.psl_path) {
			cli_error(PROG, "%s", dnsauth_buf_str(&err));
			goto out;
		}
		psl = NULL;
	}
	memset(&ao, 0, sizeof(ao));
	ao.selectors = o.selectors;
	ao.nselectors = o.nselectors;
	ao.no_selector_probe = o.no_probe;
	ao.ips = o.ips;
	ao.nips = o.nips;
	ao.helo = o.helo;
	ao.psl = psl;
	ao.non_sending = o.non_sending;
	ao.documentation_addresses_ok = o.doc_ok;

	dnsauth_json_init(&j, &out, true);
	if (o.json) {
		dnsauth_json_object_begin(&j);
		dnsauth_json_key(&j, "domains");
		dnsauth_json_array_begin(&j);
	}
	for (i = optind; i < argc; i++) {
		struct dnsauth_audit *a = NULL;
		long t0 = now_ms(), ms;

		dnsauth_dns_stats(dns, &st0);
		rc = dnsauth_audit_domain(dns, argv[i], &ao, &a);
		if (rc) {
			cli_error(PROG, "out of memory");
			goto out;
		}
		dnsauth_dns_stats(dns, &st1);
		ms = now_ms() - t0;
		if (dnsauth_findings_worst(&a->findings) == DNSAUTH_SEV_ERROR)
			errors = true;
		if (a->no_answers)
			incomplete = true;
		if (o.json)
			json_domain(&j, a, st1.queries - st0.queries, ms,
				    st1.round_trips - st0.round_trips);
		else
			text_domain(&out, a, &o, st1.queries - st0.queries, ms);
		dnsauth_audit_free(a);
	}
	if (o.json) {
		dnsauth_json_array_end(&j);
		dnsauth_json_object_end(&j);
		dnsauth_json_finish(&j);
		dnsauth_buf_putc(&out, '\n');
	}
	if (cli_write_output(PROG, o.output, &out, NULL) != 0)
		goto out;
	status = incomplete ? EXIT_INCOMPLETE : errors ? EXIT_ERRORS : EXIT_CLEAN;
out:
	dnsauth_psl_free(psl);
	dnsauth_dns_free(dns);
	dnsauth_buf_free(&out);
	dnsauth_buf_free(&err);
	return status;
}

/* ------------------------------------------------------------------ */
/* dnsauth spf                                                          */

static void usage_spf(FILE *f)
{
	fputs("Usage: dnsauth spf [OPTIONS] IP [DOMAIN]\n"
	      "\n"
	      "Evaluate SPF (RFC 7208 check_host) for mail from IP: print the result\n"
	      "first (pass, fail, softfail, neutral, none, temperror, permerror),\n"
	      "then the reason, the explanation and a trace of every term. DOMAIN\n"
	      "defaults to the domain of --sender, or to --helo without a sender.\n"
	      "\n"
	      "Options:\n"
	      "      --sender ADDR       the MAIL FROM address\n"
	      "      --helo NAME         the HELO/EHLO name\n"
	      "      --server ADDR       DNS server to ask (repeatable; default: resolv.conf)\n"
	      "      --port N            port of the servers (default 53)\n"
	      "      --timeout MS        per-query timeout (default 2000)\n"
	      "      --retries N         retries per query (default 2)\n"
	      "      --deadline SECONDS  bound on the whole evaluation (default 20)\n"
	      "      --zone PATH         answer from zone files (repeatable)\n"
	      "  -f, --format FORMAT     text (default) or json\n"
	      "  -h, --help              show this help and exit\n"
	      "\n"
	      "Exit status: 0 pass, 1 any other result, 2 usage error.\n", f);
}

static void spf_text(struct dnsauth_buf *out, const struct dnsauth_spf_eval *ev,
		     const char *ip, const char *domain)
{
	size_t i;

	dnsauth_buf_printf(out, "%s\n", dnsauth_spf_result_name(ev->result));
	dnsauth_buf_printf(out, "  client %s, domain ", ip);
	dnsauth_buf_put_safe(out, domain, strlen(domain));
	dnsauth_buf_puts(out, "\n  reason: ");
	dnsauth_buf_put_safe(out, ev->reason ? ev->reason : "", ev->reason ? strlen(ev->reason) : 0);
	dnsauth_buf_putc(out, '\n');
	if (ev->explanation) {
		dnsauth_buf_puts(out, "  explanation: ");
		dnsauth_buf_put_safe(out, ev->explanation, strlen(ev->explanation));
		dnsauth_buf_putc(out, '\n');
	}
	dnsauth_buf_printf(out, "  lookups: %u of %u, void lookups: %u of %u\n", ev->lookups,
			   DNSAUTH_SPF_LOOKUP_LIMIT, ev->void_lookups, DNSAUTH_SPF_VOID_LIMIT);
	dnsauth_buf_puts(out, "trace:\n");
	for (i = 0; i < ev->nsteps; i++) {
		const struct dnsauth_spf_step *st = &ev->steps[i];

		dnsauth_buf_printf(out, "  %*s", (int)(2 * st->depth), "");
		dnsauth_buf_put_safe(out, st->domain, strlen(st->domain));
		dnsauth_buf_puts(out, ": ");
		dnsauth_buf_put_safe(out, st->term, strlen(st->term));
		if (st->cost)
			dnsauth_buf_printf(out, " (cost %u)", st->cost);
		if (st->queries && *st->queries) {
			dnsauth_buf_puts(out, " [");
			dnsauth_buf_put_safe(out, st->queries, strlen(st->queries));
			dnsauth_buf_putc(out, ']');
		}
		if (st->note && *st->note) {
			dnsauth_buf_puts(out, " -> ");
			dnsauth_buf_put_safe(out, st->note, strlen(st->note));
		}
		dnsauth_buf_putc(out, '\n');
	}
	if (ev->steps_dropped)
		dnsauth_buf_printf(out, "  (%zu further steps not kept)\n", ev->steps_dropped);
}

static void spf_json(struct dnsauth_buf *out, const struct dnsauth_spf_eval *ev,
		     const char *ip, const char *domain, const char *sender,
		     const char *helo, const struct dnsauth_dns_stats *st)
{
	struct dnsauth_json j;
	size_t i;

	dnsauth_json_init(&j, out, true);
	dnsauth_json_object_begin(&j);
	dnsauth_json_kv_string(&j, "result", dnsauth_spf_result_name(ev->result));
	dnsauth_json_kv_string(&j, "ip", ip);
	dnsauth_json_kv_string(&j, "domain", domain);
	dnsauth_json_kv_string(&j, "sender", sender);
	dnsauth_json_kv_string(&j, "helo", helo);
	dnsauth_json_kv_string(&j, "reason", ev->reason);
	dnsauth_json_kv_string(&j, "explanation", ev->explanation);
	dnsauth_json_kv_int(&j, "lookups", ev->lookups);
	dnsauth_json_kv_int(&j, "void_lookups", ev->void_lookups);
	dnsauth_json_key(&j, "trace");
	dnsauth_json_array_begin(&j);
	for (i = 0; i < ev->nsteps; i++) {
		dnsauth_json_object_begin(&j);
		dnsauth_json_kv_int(&j, "depth", ev->steps[i].depth);
		dnsauth_json_kv_string(&j, "domain", ev->steps[i].domain);
		dnsauth_json_kv_string(&j, "term", ev->steps[i].term);
		dnsauth_json_kv_string(&j, "queries", ev->steps[i].queries);
		dnsauth_json_kv_int(&j, "cost", ev->steps[i].cost);
		dnsauth_json_kv_string(&j, "note", ev->steps[i].note);
		dnsauth_json_object_end(&j);
	}
	dnsauth_json_array_end(&j);
	dnsauth_json_key(&j, "stats");
	dnsauth_json_object_begin(&j);
	dnsauth_json_kv_int(&j, "queries", (long long)st->queries);
	dnsauth_json_kv_int(&j, "round_trips", (long long)st->round_trips);
	dnsauth_json_object_end(&j);
	dnsauth_json_object_end(&j);
	dnsauth_json_finish(&j);
	dnsauth_buf_putc(out, '\n');
}

static int spf(int argc, char **argv)
{
	enum {
		OPT_SENDER = 256, OPT_HELO, OPT_SERVER, OPT_PORT, OPT_TIMEOUT,
		OPT_RETRIES, OPT_DEADLINE, OPT_ZONE,
	};
	static const struct option longopts[] = {
		{ "sender", required_argument, NULL, OPT_SENDER },
		{ "helo", required_argument, NULL, OPT_HELO },
		{ "server", required_argument, NULL, OPT_SERVER },
		{ "port", required_argument, NULL, OPT_PORT },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "retries", required_argument, NULL, OPT_RETRIES },
		{ "deadline", required_argument, NULL, OPT_DEADLINE },
		{ "zone", required_argument, NULL, OPT_ZONE },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct verify_opts o;
	struct dnsauth_spf_eval *ev = NULL;
	struct dnsauth_dns_stats st;
	struct dnsauth_dns *dns = NULL;
	struct dnsauth_buf out, err;
	const char *sender = NULL, *ip, *domain, *at;
	int c, rc = 0, status = EXIT_USAGE;

	memset(&o, 0, sizeof(o));
	o.port = 53;
	o.timeout_ms = 2000;
	o.retries = 2;
	o.deadline_s = 20; /* RFC 7208 §4.6.4: at least 20 s */
	optind = 1;
	while (rc == 0 && (c = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_SENDER:
			sender = optarg;
			break;
		case OPT_HELO:
			o.helo = optarg;
			break;
		case OPT_SERVER:
			rc = cli_add_list(PROG, o.servers, &o.nservers, MAX_LIST, optarg, "--server");
			break;
		case OPT_PORT:
			rc = cli_number(PROG, optarg, 1, 65535, &o.port, "--port");
			break;
		case OPT_TIMEOUT:
			rc = cli_number(PROG, optarg, 1, 60000, &o.timeout_ms, "--timeout");
			break;
		case OPT_RETRIES:
			rc = cli_number(PROG, optarg, 0, 10, &o.retries, "--retries");
			break;
		case OPT_DEADLINE:
			rc = cli_number(PROG, optarg, 1, 3600, &o.deadline_s, "--deadline");
			break;
		case OPT_ZONE:
			rc = cli_add_list(PROG, o.zones, &o.nzones, MAX_LIST, optarg, "--zone");
			break;
		case 'f':
			if (strcmp(optarg, "json") == 0) {
				o.json = true;
			} else if (strcmp(optarg, "text") != 0) {
				cli_error(PROG, "unknown format '%s' (text or json)", optarg);
				rc = -1;
			}
			break;
		case 'h':
			usage_spf(stdout);
			exit(EXIT_CLEAN);
		default:
			usage_spf(stderr);
			return EXIT_USAGE;
		}
	}
	if (rc)
		return EXIT_USAGE;
	if (optind >= argc || argc - optind > 2) {
		cli_error(PROG, "spf needs an IP and at most one DOMAIN; see 'dnsauth spf --help'");
		return EXIT_USAGE;
	}
	if (o.nzones && o.nservers) {
		cli_error(PROG, "--zone and --server exclude each other");
		return EXIT_USAGE;
	}
	ip = argv[optind];
	/* RFC 7208 §2.3, §2.4: the sender's domain, else the HELO name */
	at = sender ? strrchr(sender, '@') : NULL;
	domain = argc - optind == 2 ? argv[optind + 1] :
		 at && at[1] ? at + 1 : sender && *sender && !at ? sender : o.helo;
	if (!domain || !*domain) {
		cli_error(PROG, "no domain to check: give DOMAIN, --sender or --helo");
		return EXIT_USAGE;
	}
	dnsauth_buf_init(&out, 0);
	dnsauth_buf_init(&err, 0);
	dns = open_source(&o, &err);
	if (!dns)
		goto out;
	rc = dnsauth_spf_check_host(dns, ip, domain, sender, o.helo, &ev);
	if (rc == DNSAUTH_EINVAL) {
		struct dnsauth_buf sh;

		dnsauth_buf_init(&sh, 0);
		dnsauth_buf_put_safe(&sh, ip, strlen(ip));
		cli_error(PROG, "'%s' is not an IPv4 or IPv6 address", dnsauth_buf_str(&sh));
		dnsauth_buf_free(&sh);
		goto out;
	}
	if (rc) {
		cli_error(PROG, "out of memory");
		goto out;
	}
	dnsauth_dns_stats(dns, &st);
	if (o.json)
		spf_json(&out, ev, ip, domain, sender, o.helo, &st);
	else
		spf_text(&out, ev, ip, domain);
	if (cli_write_output(PROG, NULL, &out, NULL) != 0)
		goto out;
	status = ev->result == DNSAUTH_SPF_R_PASS ? EXIT_CLEAN : EXIT_ERRORS;
out:
	dnsauth_spf_eval_free(ev);
	dnsauth_dns_free(dns);
	dnsauth_buf_free(&out);
	dnsauth_buf_free(&err);
	return status;
}

static int rules(int argc, char **argv)
{
	struct dnsauth_buf out;
	struct dnsauth_json j;
	bool json = false;
	size_t i;
	int status = EXIT_CLEAN;

	if (argc == 3 && strcmp(argv[1], "--format") == 0 && strcmp(argv[2], "json") == 0) {
		json = true;
	} else if (argc != 1) {
		cli_error(PROG, "usage: dnsauth rules [--format json]");
		return EXIT_USAGE;
	}
	dnsauth_buf_init(&out, 0);
	dnsauth_json_init(&j, &out, true);
	if (json) {
		dnsauth_json_object_begin(&j);
		dnsauth_json_key(&j, "rules");
		dnsauth_json_array_begin(&j);
	}
	for (i = 0; i < dnsauth_rule_count(); i++) {
		const struct dnsauth_rule *r = dnsauth_rule_get((enum dnsauth_rule_id)i);

		if (json) {
			dnsauth_json_object_begin(&j);
			dnsauth_json_kv_string(&j, "rule", r->id);
			dnsauth_json_kv_string(&j, "severity", dnsauth_severity_name(r->severity));
			dnsauth_json_kv_string(&j, "area", dnsauth_area_name(r->area));
			dnsauth_json_kv_string(&j, "title", r->title);
			dnsauth_json_kv_string(&j, "reference", r->reference);
			dnsauth_json_kv_string(&j, "impact", r->impact);
			dnsauth_json_kv_string(&j, "codes", r->codes);
			dnsauth_json_key(&j, "live");
			dnsauth_json_bool(&j, r->live);
			dnsauth_json_object_end(&j);
		} else {
			dnsauth_buf_printf(&out, "%-34s %-8s %s\n", r->id,
					   dnsauth_severity_name(r->severity), r->title);
		}
	}
	if (json) {
		dnsauth_json_array_end(&j);
		dnsauth_json_object_end(&j);
		dnsauth_json_finish(&j);
		dnsauth_buf_putc(&out, '\n');
	}
	if (cli_write_output(PROG, NULL, &out, NULL) != 0)
		status = EXIT_USAGE;
	dnsauth_buf_free(&out);
	return status;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage_main(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage_main(stdout);
		return EXIT_CLEAN;
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		cli_version(PROG);
		return EXIT_CLEAN;
	}
	if (strcmp(argv[1], "verify") == 0)
		return verify(argc - 1, argv + 1);
	if (strcmp(argv[1], "spf") == 0)
		return spf(argc - 1, argv + 1);
	if (strcmp(argv[1], "rules") == 0)
		return rules(argc - 1, argv + 1);
	cli_error(PROG, "unknown command '%s'; see 'dnsauth --help'", argv[1]);
	return EXIT_USAGE;
}
