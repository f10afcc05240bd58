/* SPDX-License-Identifier: MIT */
/*
 * cmd_verify.c - "dnsauth verify DOMAIN...": audit live DNS (or zone files
 * with --zone) and say which findings cause which rejections at receivers.
 */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "cli.h"
#include "cmd.h"
#include "dname.h"
#include "error.h"
#include "json.h"
#include "psl.h"
#include "report.h"

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
	      "      --ip ADDR           a sending IP: check its PTR, FCrDNS and whether SPF\n"
	      "                          authorizes it (repeatable)\n"
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
	for (i = 0; i < a->nip_spf; i++) {
		dnsauth_buf_printf(out, "SPF for %s: %s (", a->ip_spf[i].ip,
				   dnsauth_spf_result_name(a->ip_spf[i].result));
		dnsauth_buf_put_safe(out, a->ip_spf[i].reason, strlen(a->ip_spf[i].reason));
		dnsauth_buf_puts(out, ")\n");
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
	dnsauth_json_key(j, "sending_ips");
	dnsauth_json_array_begin(j);
	for (i = 0; i < a->nip_spf; i++) {
		dnsauth_json_object_begin(j);
		dnsauth_json_kv_string(j, "ip", a->ip_spf[i].ip);
		dnsauth_json_kv_string(j, "result", dnsauth_spf_result_name(a->ip_spf[i].result));
		dnsauth_json_kv_string(j, "reason", a->ip_spf[i].reason);
		dnsauth_json_kv_int(j, "lookups", a->ip_spf[i].lookups);
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

int cmd_verify(int argc, char **argv)
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
	dns = cmd_open_source(&o, &err);
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
		long t0 = cmd_now_ms(), ms;

		dnsauth_dns_stats(dns, &st0);
		rc = dnsauth_audit_domain(dns, argv[i], &ao, &a);
		if (rc) {
			cli_error(PROG, "out of memory");
			goto out;
		}
		dnsauth_dns_stats(dns, &st1);
		ms = cmd_now_ms() - t0;
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
