/* SPDX-License-Identifier: MIT */
/*
 * dnsauth-lint - check zone files and snippets statically, for pre-commit
 * hooks and CI: every record-level rule verify knows, with file:line:col
 * in the compiler style editors parse, or JSON, or SARIF 2.1.0.
 */
#include <config.h>

#include <getopt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "dname.h"
#include "error.h"
#include "json.h"
#include "lint.h"
#include "lint_config.h"
#include "output.h"
#include "psl.h"
#include "report.h"
#include "sarif.h"

#define PROG "dnsauth-lint"
#define MAX_SERVERS 8
/* standard input is read whole, at most this much */
#define STDIN_MAX (64u * 1024u * 1024u)

enum {
	EXIT_CLEAN = 0,    /* no finding at or above --fail-on */
	EXIT_FINDINGS = 1, /* findings at or above --fail-on */
	EXIT_USAGE = 2,    /* usage error, unreadable file or configuration */
};

enum format { FMT_TEXT, FMT_JSON, FMT_SARIF };

struct lint_args {
	const char *origin;
	const char *config;
	const char *output;
	const char *psl_path;
	const char *servers[MAX_SERVERS];
	size_t nservers;
	long port, timeout_ms;
	enum format format;
	enum dnsauth_severity fail_on; /* NONE: from the configuration, else error */
	bool online, no_config, quiet, doc_ok;
};

static void usage(FILE *f)
{
	fputs("Usage: dnsauth-lint [OPTIONS] FILE...\n"
	      "       dnsauth lint [OPTIONS] FILE...\n"
	      "\n"
	      "Check zone files and snippets for the mistakes that make receivers\n"
	      "reject mail: the SPF, DMARC, DKIM, MX, MTA-STS, TLS-RPT, BIMI and TLSA\n"
	      "rules of dnsauth verify, run on the records as written, and the zone\n"
	      "rules (string lengths and splits, missing trailing dots, CNAME\n"
	      "conflicts, records at the wrong name, garbled characters). Every FILE\n"
	      "is checked on its own; '-' reads standard input.\n"
	      "\n"
	      "Options:\n"
	      "      --origin NAME       origin of relative names (default: $ORIGIN, or the\n"
	      "                          file name: example.com.zone, db.example.com)\n"
	      "      --online            look up names outside the files in DNS (e.g. to\n"
	      "                          count an include's lookups)\n"
	      "      --server ADDR       DNS server for --online (repeatable)\n"
	      "      --port N            port of the servers (default 53)\n"
	      "      --timeout MS        per-query timeout for --online (default 2000)\n"
	      "      --fail-on LEVEL     error (default) or warning: the findings that make\n"
	      "                          the exit status 1\n"
	      "      --config FILE       settings file (default: .dnsauth.yaml in the\n"
	      "                          repository root)\n"
	      "      --no-config         do not read .dnsauth.yaml\n"
	      "      --psl FILE          Public Suffix List (default: Debian's publicsuffix)\n"
	      "      --documentation-addresses-ok\n"
	      "                          treat RFC 5737/3849 documentation ranges as public\n"
	      "  -f, --format FORMAT     text (default), json or sarif\n"
	      "  -o, --output FILE       write the report to FILE atomically\n"
	      "  -q, --quiet             text: show errors only, no summary\n"
	      "  -h, --help              show this help and exit\n"
	      "  -V, --version           show the version and exit\n"
	      "\n"
	      "Exit status: 0 no findings at or above --fail-on, 1 such findings,\n"
	      "2 usage error, unreadable file or invalid configuration.\n", f);
}

static int parse_args(int argc, char **argv, struct lint_args *a)
{
	enum {
		OPT_ORIGIN = 256, OPT_ONLINE, OPT_SERVER, OPT_PORT, OPT_TIMEOUT, OPT_FAIL_ON,
		OPT_CONFIG, OPT_NO_CONFIG, OPT_PSL, OPT_DOC_OK,
	};
	static const struct option longopts[] = {
		{ "origin", required_argument, NULL, OPT_ORIGIN },
		{ "online", no_argument, NULL, OPT_ONLINE },
		{ "server", required_argument, NULL, OPT_SERVER },
		{ "port", required_argument, NULL, OPT_PORT },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		{ "config", required_argument, NULL, OPT_CONFIG },
		{ "no-config", no_argument, NULL, OPT_NO_CONFIG },
		{ "psl", required_argument, NULL, OPT_PSL },
		{ "documentation-addresses-ok", no_argument, NULL, OPT_DOC_OK },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *why = NULL;
	int c, rc = 0;

	memset(a, 0, sizeof(*a));
	a->port = 53;
	a->timeout_ms = 2000;
	optind = 1;
	while (rc == 0 && (c = getopt_long(argc, argv, "f:o:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_ORIGIN:
			a->origin = optarg;
			if (!dnsauth_dname_valid(optarg, strlen(optarg), false, &why, NULL)) {
				cli_error(PROG, "--origin '%s' is not a domain name: %s", optarg, why);
				rc = -1;
			}
			break;
		case OPT_ONLINE:
			a->online = true;
			break;
		case OPT_SERVER:
			rc = cli_add_list(PROG, a->servers, &a->nservers, MAX_SERVERS, optarg,
					  "--server");
			break;
		case OPT_PORT:
			rc = cli_number(PROG, optarg, 1, 65535, &a->port, "--port");
			break;
		case OPT_TIMEOUT:
			rc = cli_number(PROG, optarg, 1, 60000, &a->timeout_ms, "--timeout");
			break;
		case OPT_FAIL_ON:
			if (strcmp(optarg, "error") == 0) {
				a->fail_on = DNSAUTH_SEV_ERROR;
			} else if (strcmp(optarg, "warning") == 0) {
				a->fail_on = DNSAUTH_SEV_WARNING;
			} else {
				cli_error(PROG, "--fail-on takes error or warning, not '%s'", optarg);
				rc = -1;
			}
			break;
		case OPT_CONFIG:
			a->config = optarg;
			break;
		case OPT_NO_CONFIG:
			a->no_config = true;
			break;
		case OPT_PSL:
			a->psl_path = optarg;
			break;
		case OPT_DOC_OK:
			a->doc_ok = true;
			break;
		case 'f':
			if (strcmp(optarg, "text") == 0) {
				a->format = FMT_TEXT;
			} else if (strcmp(optarg, "json") == 0) {
				a->format = FMT_JSON;
			} else if (strcmp(optarg, "sarif") == 0) {
				a->format = FMT_SARIF;
			} else {
				cli_error(PROG, "unknown format '%s' (text, json or sarif)", optarg);
				rc = -1;
			}
			break;
		case 'o':
			a->output = optarg;
			break;
		case 'q':
			a->quiet = true;
			break;
		case 'h':
			usage(stdout);
			exit(EXIT_CLEAN);
		case 'V':
			cli_version(PROG);
			exit(EXIT_CLEAN);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (rc)
		return -1;
	if (optind >= argc) {
		cli_error(PROG, "no FILE to check; see 'dnsauth-lint --help'");
		return -1;
	}
	if (a->config && a->no_config) {
		cli_error(PROG, "--config and --no-config exclude each other");
		return -1;
	}
	if (a->nservers && !a->online) {
		cli_error(PROG, "--server is for --online");
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* output                                                               */

static void text_report(struct dnsauth_buf *out, const struct dnsauth_lint_result *r,
			const struct lint_args *a, bool color)
{
	const char *off = color ? "\033[0m" : "";
	size_t i;

	for (i = 0; i < r->findings.n; i++) {
		const struct dnsauth_finding *f = &r->findings.v[i];
		const char *on = "";

		if (a->quiet && f->severity < DNSAUTH_SEV_ERROR)
			continue;
		if (color)
			on = f->severity == DNSAUTH_SEV_ERROR ? "\033[1;31m" :
			     f->severity == DNSAUTH_SEV_WARNING ? "\033[1;33m" : "\033[1;36m";
		dnsauth_output_text(out, f->file ? f->file : "-", strlen(f->file ? f->file : "-"));
		if (f->line) {
			dnsauth_buf_printf(out, ":%u", f->line);
			if (f->column)
				dnsauth_buf_printf(out, ":%u", f->column);
		}
		dnsauth_buf_printf(out, ": %s%s%s: ", on,
				   f->severity == DNSAUTH_SEV_INFO ? "note" :
				   dnsauth_severity_name(f->severity), color ? off : "");
		/* escaped once: not the backslashes of quoted names and values */
		dnsauth_output_text(out, f->message, strlen(f->message));
		dnsauth_buf_printf(out, " [%s]\n", dnsauth_rule_get(f->rule)->id);
	}
	if (a->quiet)
		return;
	if (r->nskipped) {
		dnsauth_buf_printf(out, "not checked offline: %zu name%s outside the files "
				   "(--online looks them up):", r->nskipped,
				   r->nskipped == 1 ? "" : "s");
		for (i = 0; i < r->nskipped && i < 10; i++) {
			dnsauth_buf_putc(out, ' ');
			dnsauth_output_text(out, r->skipped[i], strlen(r->skipped[i]));
		}
		dnsauth_buf_puts(out, r->nskipped > 10 ? " ...\n" : "\n");
	}
	dnsauth_buf_printf(out, "%zu file%s, %zu record%s: ", r->nfiles, r->nfiles == 1 ? "" : "s",
			   r->nrecords, r->nrecords == 1 ? "" : "s");
	dnsauth_report_summary(out, &r->findings);
	if (r->nsuppressed)
		dnsauth_buf_printf(out, " (%zu suppressed)", r->nsuppressed);
	dnsauth_buf_putc(out, '\n');
}

static void json_report(struct dnsauth_buf *out, const struct dnsauth_lint_result *r,
			enum dnsauth_severity fail_on)
{
	struct dnsauth_json j;
	size_t i;

	dnsauth_json_init(&j, out, true);
	dnsauth_json_object_begin(&j);
	dnsauth_json_kv_int(&j, "files", (long long)r->nfiles);
	dnsauth_json_kv_int(&j, "records", (long long)r->nrecords);
	dnsauth_json_kv_int(&j, "domains_audited", (long long)r->ndomains);
	dnsauth_json_kv_string(&j, "fail_on", dnsauth_severity_name(fail_on));
	dnsauth_json_key(&j, "findings");
	dnsauth_report_json_array(&j, &r->findings, DNSAUTH_SEV_INFO);
	dnsauth_json_kv_int(&j, "suppressed", (long long)r->nsuppressed);
	dnsauth_json_key(&j, "not_checked");
	dnsauth_json_array_begin(&j);
	for (i = 0; i < r->nskipped; i++)
		dnsauth_json_string(&j, r->skipped[i]);
	dnsauth_json_array_end(&j);
	dnsauth_json_key(&j, "summary");
	dnsauth_json_object_begin(&j);
	dnsauth_json_kv_int(&j, "errors",
			    (long long)dnsauth_findings_count(&r->findings, DNSAUTH_SEV_ERROR));
	dnsauth_json_kv_int(&j, "warnings",
			    (long long)dnsauth_findings_count(&r->findings, DNSAUTH_SEV_WARNING));
	dnsauth_json_kv_int(&j, "notes",
			    (long long)dnsauth_findings_count(&r->findings, DNSAUTH_SEV_INFO));
	dnsauth_json_object_end(&j);
	dnsauth_json_object_end(&j);
	dnsauth_json_finish(&j);
	dnsauth_buf_putc(out, '\n');
}

/* ------------------------------------------------------------------ */

static int load_config(const struct lint_args *a, struct dnsauth_lint_config *cfg)
{
	struct dnsauth_buf err;
	char *path = NULL;
	int rc;

	if (a->no_config)
		return 0;
	if (!a->config) {
		path = dnsauth_lint_config_find();
		if (!path)
			return 0;
	}
	dnsauth_buf_init(&err, 0);
	rc = dnsauth_lint_config_load(a->config ? a->config : path, cfg, &err);
	if (rc)
		cli_error(PROG, "%s", rc == DNSAUTH_ENOMEM ? "out of memory" : dnsauth_buf_str(&err));
	dnsauth_buf_free(&err);
	free(path);
	return rc ? -1 : 0;
}

static struct dnsauth_dns *open_live(const struct lint_args *a)
{
	struct dnsauth_dns_live_opts lo;
	struct dnsauth_dns *dns = NULL;
	struct dnsauth_buf err;

	memset(&lo, 0, sizeof(lo));
	lo.servers = a->nservers ? a->servers : NULL;
	lo.nservers = a->nservers;
	lo.port = (uint16_t)a->port;
	lo.timeout_ms = (unsigned)a->timeout_ms;
	dnsauth_buf_init(&err, 0);
	if (dnsauth_dns_new_live(&lo, &dns, &err) != 0) {
		cli_error(PROG, "%s", dnsauth_buf_str(&err));
		dns = NULL;
	}
	dnsauth_buf_free(&err);
	if (dns)
		dnsauth_dns_set_deadline(dns, 120000);
	return dns;
}

/* Lint standard input: read it whole, then as a buffer named "-". */
static int lint_stdin(const struct dnsauth_lint_opts *lo, struct dnsauth_lint_result *r)
{
	struct dnsauth_buf err;
	char *data = NULL;
	size_t len = 0;
	int rc;

	dnsauth_buf_init(&err, 0);
	rc = dnsauth_read_file("-", STDIN_MAX, &data, &len, &err);
	if (rc == DNSAUTH_ENOMEM) {
		dnsauth_buf_free(&err);
		return rc;
	}
	if (rc) {
		char **v = realloc(r->unreadable, (r->nunreadable + 1) * sizeof(*v));

		if (!v) {
			dnsauth_buf_free(&err);
			return DNSAUTH_ENOMEM;
		}
		r->unreadable = v;
		v[r->nunreadable] = strdup(dnsauth_buf_str(&err));
		rc = v[r->nunreadable] ? 0 : DNSAUTH_ENOMEM;
		if (!rc)
			r->nunreadable++;
		dnsauth_buf_free(&err);
		return rc;
	}
	dnsauth_buf_free(&err);
	rc = dnsauth_lint_buf("-", data, len, lo, r);
	free(data);
	return rc;
}

int main(int argc, char **argv)
{
	struct lint_args a;
	struct dnsauth_lint_config cfg;
	struct dnsauth_lint_opts lo;
	struct dnsauth_lint_result r;
	struct dnsauth_psl *psl = NULL;
	struct dnsauth_dns *live = NULL;
	struct dnsauth_buf out, err;
	enum dnsauth_severity fail_on;
	int status = EXIT_USAGE, i, rc = 0;
	size_t k;

	if (parse_args(argc, argv, &a) != 0)
		return EXIT_USAGE;
	/* ldns allocates and frees a 64 KiB buffer per record: keep freed
	 * memory instead of returning it to the system each time (4x faster
	 * on big zones) */
	mallopt(M_TRIM_THRESHOLD, 4 << 20);
	mallopt(M_TOP_PAD, 1 << 20);
	dnsauth_lint_config_init(&cfg);
	dnsauth_lint_result_init(&r);
	dnsauth_buf_init(&out, 0);
	dnsauth_buf_init(&err, 0);
	if (load_config(&a, &cfg) != 0)
		goto done;
	fail_on = a.fail_on ? a.fail_on : cfg.fail_on ? cfg.fail_on : DNSAUTH_SEV_ERROR;
	if (dnsauth_psl_load(a.psl_path, &psl, &err) != 0) {
		if (a.psl_path) {
			cli_error(PROG, "%s", dnsauth_buf_str(&err));
			goto done;
		}
		psl = NULL;
	}
	if (a.online) {
		live = open_live(&a);
		if (!live)
			goto done;
	}
	memset(&lo, 0, sizeof(lo));
	lo.origin = a.origin;
	lo.online = live;
	lo.psl = psl;
	lo.documentation_addresses_ok = a.doc_ok;
	for (i = optind; i < argc && !rc; i++)
		rc = strcmp(argv[i], "-") == 0 ? lint_stdin(&lo, &r) :
		     dnsauth_lint_file(argv[i], &lo, &r);
	if (rc) {
		cli_error(PROG, "out of memory");
		goto done;
	}
	r.nsuppressed += dnsauth_lint_config_apply(&cfg, &r.findings);
	switch (a.format) {
	case FMT_TEXT:
		text_report(&out, &r, &a, !a.output && dnsauth_report_color_wanted(STDOUT_FILENO));
		break;
	case FMT_JSON:
		json_report(&out, &r, fail_on);
		break;
	case FMT_SARIF:
		if (dnsauth_sarif_write(&out, &r.findings, PROG, PACKAGE_VERSION) != 0) {
			cli_error(PROG, "out of memory");
			goto done;
		}
		break;
	}
	for (k = 0; k < r.nunreadable; k++)
		cli_error(PROG, "%s", r.unreadable[k]);
	/* argv is NULL-terminated: the files are the inputs not to overwrite */
	if (cli_write_output(PROG, a.output, &out, (const char *const *)argv + optind) != 0)
		goto done;
	if (r.nunreadable)
		status = EXIT_USAGE;
	else
		status = dnsauth_findings_worst(&r.findings) >= fail_on ? EXIT_FINDINGS : EXIT_CLEAN;
done:
	dnsauth_dns_free(live);
	dnsauth_psl_free(psl);
	dnsauth_lint_result_clear(&r);
	dnsauth_lint_config_clear(&cfg);
	dnsauth_buf_free(&out);
	dnsauth_buf_free(&err);
	return status;
}
