/* SPDX-License-Identifier: MIT */
/*
 * cmd_spf.c - "dnsauth spf IP [DOMAIN]": RFC 7208 check_host() for one
 * client address, or for every line of a --batch file.
 */
#include <config.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"
#include "error.h"
#include "json.h"
#include "spf.h"
#include "output.h"
#include "spf_eval.h"

static void usage_spf(FILE *f)
{
	fputs("Usage: dnsauth spf [OPTIONS] IP [DOMAIN]\n"
	      "       dnsauth spf [OPTIONS] --batch FILE\n"
	      "\n"
	      "Evaluate SPF (RFC 7208 check_host) for mail from IP: print the result\n"
	      "first (pass, fail, softfail, neutral, none, temperror, permerror),\n"
	      "then the reason, the explanation and a trace of every term. DOMAIN\n"
	      "defaults to the domain of --sender, or to --helo without a sender.\n"
	      "With --batch, evaluate every line 'IP [DOMAIN]' of FILE ('-': standard\n"
	      "input) and print one line per evaluation: result, IP, domain, reason.\n"
	      "\n"
	      "Options:\n"
	      "      --sender ADDR       the MAIL FROM address\n"
	      "      --helo NAME         the HELO/EHLO name\n"
	      "      --batch FILE        evaluate every 'IP [DOMAIN]' line of FILE\n"
	      "      --server ADDR       DNS server to ask (repeatable; default: resolv.conf)\n"
	      "      --port N            port of the servers (default 53)\n"
	      "      --timeout MS        per-query timeout (default 2000)\n"
	      "      --retries N         retries per query (default 2)\n"
	      "      --deadline SECONDS  bound on each evaluation (default 20)\n"
	      "      --zone PATH         answer from zone files (repeatable)\n"
	      "  -f, --format FORMAT     text (default) or json\n"
	      "  -h, --help              show this help and exit\n"
	      "\n"
	      "Exit status: 0 pass (with --batch: every line), 1 any other result,\n"
	      "2 usage error or unreadable batch file.\n", f);
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
	if (st) {
		dnsauth_json_key(&j, "stats");
		dnsauth_json_object_begin(&j);
		dnsauth_json_kv_int(&j, "queries", (long long)st->queries);
		dnsauth_json_kv_int(&j, "round_trips", (long long)st->round_trips);
		dnsauth_json_object_end(&j);
	}
	dnsauth_json_object_end(&j);
	dnsauth_json_finish(&j);
	dnsauth_buf_putc(out, '\n');
}

/* Batch files: at most this many bytes and evaluations. */
#define BATCH_MAX_BYTES (64u * 1024u * 1024u)
#define BATCH_MAX_LINES 1000000u

/* One evaluation asked for. */
struct spf_job {
	const char *ip;
	const char *domain;
};

/* RFC 7208 §2.3, §2.4: the domain checked is the sender's domain, else
 * the HELO name; NULL when there is none. */
static const char *default_domain(const char *sender, const char *helo)
{
	const char *at = sender ? strrchr(sender, '@') : NULL;

	if (at && at[1])
		return at + 1;
	if (sender && *sender && !at)
		return sender;
	return helo && *helo ? helo : NULL;
}

static bool is_address(const char *ip)
{
	unsigned char b[16];

	return inet_pton(AF_INET, ip, b) == 1 || inet_pton(AF_INET6, ip, b) == 1;
}

static void bad_address(const char *where, const char *ip)
{
	struct dnsauth_buf sh;

	dnsauth_buf_init(&sh, 0);
	dnsauth_buf_put_safe(&sh, ip, strlen(ip));
	cli_error(PROG, "%s'%s' is not an IPv4 or IPv6 address", where, dnsauth_buf_str(&sh));
	dnsauth_buf_free(&sh);
}

/* Split the batch file \p data (modified in place) into jobs: one per
 * line "IP [DOMAIN]"; blank lines and '#' comments are skipped. Every line
 * is checked before anything is evaluated. -1 after printing an error. */
static int batch_parse(const char *path, char *data, size_t len, const char *sender,
		       const char *helo, struct spf_job **jobs, size_t *njobs)
{
	size_t cap = 0, lineno = 0;
	char *p = data, *end = data + len;

	*jobs = NULL;
	*njobs = 0;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *eol = nl ? nl : end, *f[3];
		char where[64];
		int nf = 0;

		lineno++;
		*eol = '\0';
		if (strlen(p) != (size_t)(eol - p)) {
			cli_error(PROG, "%s:%zu: NUL byte in the line", path, lineno);
			return -1;
		}
		while (nf < 3) {
			while (*p && isspace((unsigned char)*p))
				p++;
			if (!*p || *p == '#')
				break;
			f[nf++] = p;
			while (*p && !isspace((unsigned char)*p))
				p++;
			if (*p)
				*p++ = '\0';
		}
		p = eol + 1;
		if (nf == 0)
			continue;
		snprintf(where, sizeof(where), "%.40s:%zu: ", path, lineno);
		if (nf == 3) {
			cli_error(PROG, "%sexpected 'IP [DOMAIN]', found more fields", where);
			return -1;
		}
		if (!is_address(f[0])) {
			bad_address(where, f[0]);
			return -1;
		}
		if (nf == 1 && !default_domain(sender, helo)) {
			cli_error(PROG, "%sno domain: give it on the line, or --sender or --helo",
				  where);
			return -1;
		}
		if (*njobs >= BATCH_MAX_LINES) {
			cli_error(PROG, "%s: more than %u evaluations", path, BATCH_MAX_LINES);
			return -1;
		}
		if (*njobs == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct spf_job *v = realloc(*jobs, ncap * sizeof(*v));

			if (!v) {
				cli_error(PROG, "out of memory");
				return -1;
			}
			*jobs = v;
			cap = ncap;
		}
		(*jobs)[*njobs].ip = f[0];
		(*jobs)[*njobs].domain = nf == 2 ? f[1] : default_domain(sender, helo);
		(*njobs)++;
	}
	return 0;
}

/* One line of batch output: "RESULT IP DOMAIN: reason". */
static void batch_line(struct dnsauth_buf *out, const struct dnsauth_spf_eval *ev,
		       const struct spf_job *job)
{
	dnsauth_buf_printf(out, "%s %s ", dnsauth_spf_result_name(ev->result), job->ip);
	dnsauth_buf_put_safe(out, job->domain, strlen(job->domain));
	dnsauth_buf_puts(out, ": ");
	if (ev->reason)
		dnsauth_buf_put_safe(out, ev->reason, strlen(ev->reason));
	dnsauth_buf_putc(out, '\n');
}

int cmd_spf(int argc, char **argv)
{
	enum {
		OPT_SENDER = 256, OPT_HELO, OPT_SERVER, OPT_PORT, OPT_TIMEOUT,
		OPT_RETRIES, OPT_DEADLINE, OPT_ZONE, OPT_BATCH,
	};
	static const struct option longopts[] = {
		{ "sender", required_argument, NULL, OPT_SENDER },
		{ "helo", required_argument, NULL, OPT_HELO },
		{ "batch", required_argument, NULL, OPT_BATCH },
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
	struct spf_job one, *jobs = NULL;
	const char *sender = NULL, *batch = NULL;
	char *data = NULL;
	size_t njobs = 0, i, len;
	bool all_pass = true;
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
		case OPT_BATCH:
			batch = optarg;
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
	if (o.nzones && o.nservers) {
		cli_error(PROG, "--zone and --server exclude each other");
		return EXIT_USAGE;
	}
	dnsauth_buf_init(&out, 0);
	dnsauth_buf_init(&err, 0);
	if (batch) {
		if (optind < argc) {
			cli_error(PROG, "--batch takes the addresses from the file, not the command line");
			goto out;
		}
		rc = dnsauth_read_file(batch, BATCH_MAX_BYTES, &data, &len, &err);
		if (rc) {
			cli_error(PROG, "%s", rc == DNSAUTH_ENOMEM ? "out of memory" :
				  dnsauth_buf_str(&err));
			goto out;
		}
		if (batch_parse(batch, data, len, sender, o.helo, &jobs, &njobs) != 0)
			goto out;
	} else {
		if (optind >= argc || argc - optind > 2) {
			cli_error(PROG, "spf needs an IP and at most one DOMAIN; see 'dnsauth spf --help'");
			goto out;
		}
		one.ip = argv[optind];
		one.domain = argc - optind == 2 ? argv[optind + 1] : default_domain(sender, o.helo);
		if (!one.domain || !*one.domain) {
			cli_error(PROG, "no domain to check: give DOMAIN, --sender or --helo");
			goto out;
		}
		if (!is_address(one.ip)) {
			bad_address("", one.ip);
			goto out;
		}
		jobs = &one;
		njobs = 1;
	}
	dns = cmd_open_source(&o, &err);
	if (!dns)
		goto out;
	if (batch && o.json)
		dnsauth_buf_puts(&out, "[\n");
	for (i = 0; i < njobs; i++) {
		/* each evaluation gets the whole deadline; answers stay cached */
		if (i)
			dnsauth_dns_set_deadline(dns, (unsigned)o.deadline_s * 1000u);
		rc = dnsauth_spf_check_host(dns, jobs[i].ip, jobs[i].domain, sender, o.helo, &ev);
		if (rc == DNSAUTH_EINVAL) {
			bad_address("", jobs[i].ip);
			goto out;
		}
		if (rc) {
			cli_error(PROG, "out of memory");
			goto out;
		}
		if (ev->result != DNSAUTH_SPF_R_PASS)
			all_pass = false;
		if (!batch) {
			dnsauth_dns_stats(dns, &st);
			if (o.json)
				spf_json(&out, ev, jobs[i].ip, jobs[i].domain, sender, o.helo, &st);
			else
				spf_text(&out, ev, jobs[i].ip, jobs[i].domain);
		} else if (o.json) {
			if (i)
				dnsauth_buf_puts(&out, ",");
			spf_json(&out, ev, jobs[i].ip, jobs[i].domain, sender, o.helo, NULL);
		} else {
			batch_line(&out, ev, &jobs[i]);
		}
		dnsauth_spf_eval_free(ev);
		ev = NULL;
	}
	if (batch && o.json)
		dnsauth_buf_puts(&out, "]\n");
	if (cli_write_output(PROG, NULL, &out, NULL) != 0)
		goto out;
	status = all_pass ? EXIT_CLEAN : EXIT_ERRORS;
out:
	dnsauth_spf_eval_free(ev);
	if (jobs != &one)
		free(jobs);
	free(data);
	dnsauth_dns_free(dns);
	dnsauth_buf_free(&out);
	dnsauth_buf_free(&err);
	return status;
}
