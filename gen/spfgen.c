/* SPDX-License-Identifier: MIT */
/*
 * spfgen - build an SPF record from a YAML description or from provider
 * templates, check it with the same validator verify and lint use, and
 * refuse to print a record that receivers would reject.
 *
 * With --resolve the lookups are counted through DNS by the expansion the
 * audit engine uses (lib/spf_expand.c) instead of from the templates'
 * documented costs; the flattening and its findings are lib/spf_flatten.c,
 * this file only prints them. With --flatten, includes are replaced by the ip4/ip6
 * networks they resolve to (all of them, or with "auto" the costliest
 * until the record fits the budget); networks that do not fit the record
 * at the domain in 512 octets go to chained records _spf1.DOMAIN,
 * _spf2.DOMAIN, ..., each included by the one before and each ending in
 * "-all" (an include maps fail and neutral alike to "no match", so the
 * "-all" never changes the main record's result; it keeps every
 * published record a complete policy). Nothing is counted or flattened
 * from a partial answer: a failed lookup is exit status 2.
 */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "desc.h"
#include "dname.h"
#include "dns.h"
#include "error.h"
#include "json.h"
#include "report.h"
#include "spf_expand.h"
#include "spf_flatten.h"
#include "txt.h"

#define PROG "spfgen"
#define MAX_CLI_TEMPLATES 64
#define MAX_LIST 16          /* --server, --zone options, at most */
#define DNS_DEADLINE_MS 60000u /* bound on the whole resolution */

/* getopt_long values of spfgen's own long-only options */
enum {
	OPT_TEMPLATES = 256, OPT_LIST, OPT_RESOLVE, OPT_FLATTEN, OPT_SERVER,
	OPT_PORT, OPT_TIMEOUT, OPT_ZONE,
};

struct opts {
	struct cli_common c;
	const char *domain;
	const char *templates[MAX_CLI_TEMPLATES];
	size_t ntemplates;
	const char *policy;
	const char *template_dir;
	bool list;
	const char *input;
	bool resolve;
	enum dnsauth_spf_flatten_mode flatten;
	const char *servers[MAX_LIST];
	size_t nservers;
	const char *zones[MAX_LIST];
	size_t nzones;
	long port, timeout_ms;
	bool dns_option;     /* a DNS source option was given */
};

static void usage(FILE *f)
{
	fputs("Usage: spfgen [OPTIONS] DESCRIPTION.yaml\n"
	      "       spfgen [OPTIONS] --domain NAME --template NAME... [--policy POLICY]\n"
	      "       spfgen --list-templates [--format text|json]\n"
	      "\n"
	      "Build an SPF record from a YAML description (\"-\" reads standard input)\n"
	      "or from provider templates, and refuse to print one that receivers\n"
	      "would reject (more than 10 DNS lookups, syntax errors).\n"
	      "\n"
	      "Options:\n"
	      "  -f, --format FORMAT   value (default), zone or json\n"
	      "  -o, --output FILE     write to FILE atomically (never over an input)\n"
	      "  -d, --domain NAME     the domain, when no description is given\n"
	      "  -t, --template NAME   add a provider template (repeatable)\n"
	      "  -p, --policy POLICY   fail (default), softfail or neutral\n"
	      "      --ttl SECONDS     TTL of the zone line (overrides the description)\n"
	      "      --templates DIR   template directory\n"
	      "      --list-templates  list the provider templates and their lookup costs\n"
	      "      --resolve         count the lookups through DNS, includes expanded\n"
	      "      --flatten MODE    auto or always: replace includes by the ip4/ip6\n"
	      "                        networks they resolve to (implies --resolve)\n"
	      "      --server ADDR     DNS server to ask (repeatable; default: resolv.conf)\n"
	      "      --port N          port of the servers (default 53)\n"
	      "      --timeout MS      per-query timeout (default 2000)\n"
	      "      --zone PATH       answer from zone files instead (file or directory;\n"
	      "                        repeatable); no network is used\n"
	      "      --force           print even a record receivers would reject (exit 1)\n"
	      "  -q, --quiet           print errors only, no warnings or notes\n"
	      "  -h, --help            show this help and exit\n"
	      "  -V, --version         show the version and exit\n"
	      "\n"
	      "Exit status: 0 record printed, 1 printed with errors (--force),\n"
	      "2 usage or input error, DNS failure, or record refused.\n", f);
}

/* One option of --resolve and --flatten; 1 handled, 0 not one, -1 bad. */
static int resolve_option(int c, const char *arg, struct opts *o)
{
	int rc = 0;

	switch (c) {
	case OPT_RESOLVE:
		o->resolve = true;
		return 1;
	case OPT_FLATTEN:
		if (strcmp(arg, "auto") == 0) {
			o->flatten = DNSAUTH_SPF_FLATTEN_AUTO;
		} else if (strcmp(arg, "always") == 0) {
			o->flatten = DNSAUTH_SPF_FLATTEN_ALWAYS;
		} else {
			struct dnsauth_buf s;

			dnsauth_buf_init(&s, 0);
			dnsauth_buf_put_safe(&s, arg, strlen(arg));
			cli_error(PROG, "unknown --flatten mode '%s' (auto or always)",
				  dnsauth_buf_str(&s));
			dnsauth_buf_free(&s);
			return -1;
		}
		o->resolve = true;
		return 1;
	case OPT_SERVER:
		rc = cli_add_list(PROG, o->servers, &o->nservers, MAX_LIST, arg, "--server");
		break;
	case OPT_PORT:
		rc = cli_number(PROG, arg, 1, 65535, &o->port, "--port");
		break;
	case OPT_TIMEOUT:
		rc = cli_number(PROG, arg, 1, 60000, &o->timeout_ms, "--timeout");
		break;
	case OPT_ZONE:
		rc = cli_add_list(PROG, o->zones, &o->nzones, MAX_LIST, arg, "--zone");
		break;
	default:
		return 0;
	}
	o->dns_option = true;
	return rc ? -1 : 1;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{ "domain", required_argument, NULL, 'd' },
		{ "template", required_argument, NULL, 't' },
		{ "policy", required_argument, NULL, 'p' },
		{ "templates", required_argument, NULL, OPT_TEMPLATES },
		{ "list-templates", no_argument, NULL, OPT_LIST },
		{ "resolve", no_argument, NULL, OPT_RESOLVE },
		{ "flatten", required_argument, NULL, OPT_FLATTEN },
		{ "server", required_argument, NULL, OPT_SERVER },
		{ "port", required_argument, NULL, OPT_PORT },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "zone", required_argument, NULL, OPT_ZONE },
		{ NULL, 0, NULL, 0 },
	};
	int c, handled;

	memset(o, 0, sizeof(*o));
	cli_common_init(&o->c);
	o->port = 53;
	o->timeout_ms = 2000;
	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS "d:t:p:", longopts,
				NULL)) != -1) {
		handled = cli_common_option(PROG, c, optarg, true, &o->c);
		if (!handled)
			handled = resolve_option(c, optarg, o);
		if (handled < 0)
			return CLI_EXIT_USAGE;
		if (handled)
			continue;
		switch (c) {
		case 'd':
			o->domain = optarg;
			break;
		case 't':
			if (o->ntemplates == MAX_CLI_TEMPLATES) {
				cli_error(PROG, "at most %d --template options", MAX_CLI_TEMPLATES);
				return CLI_EXIT_USAGE;
			}
			o->templates[o->ntemplates++] = optarg;
			break;
		case 'p':
			o->policy = optarg;
			break;
		case OPT_TEMPLATES:
			o->template_dir = optarg;
			break;
		case OPT_LIST:
			o->list = true;
			break;
		case 'h':
			usage(stdout);
			exit(CLI_EXIT_OK);
		case 'V':
			cli_version(PROG);
			exit(CLI_EXIT_OK);
		default:
			usage(stderr);
			return CLI_EXIT_USAGE;
		}
	}
	if (o->nzones && o->nservers) {
		cli_error(PROG, "--zone and --server exclude each other");
		return CLI_EXIT_USAGE;
	}
	if (o->dns_option && !o->resolve) {
		cli_error(PROG, "--server, --port, --timeout and --zone are for --resolve or --flatten");
		return CLI_EXIT_USAGE;
	}
	if (o->list) {
		if (o->resolve) {
			cli_error(PROG, "--list-templates prints the documented costs; --resolve and --flatten are for building a record");
			return CLI_EXIT_USAGE;
		}
		if (optind < argc || o->domain || o->ntemplates) {
			cli_error(PROG, "--list-templates takes no description, domain or template");
			return CLI_EXIT_USAGE;
		}
		return cli_check_format(PROG, &o->c, true) ? CLI_EXIT_USAGE : 0;
	}
	if (cli_check_format(PROG, &o->c, false))
		return CLI_EXIT_USAGE;
	if (optind < argc) {
		if (optind + 1 < argc) {
			cli_error(PROG, "one description at a time (got %d)", argc - optind);
			return CLI_EXIT_USAGE;
		}
		if (o->domain || o->ntemplates || o->policy) {
			cli_error(PROG, "--domain, --template and --policy are for use without a description file");
			return CLI_EXIT_USAGE;
		}
		o->input = argv[optind];
		return 0;
	}
	if (!o->domain) {
		cli_error(PROG, "no description file and no --domain; see 'spfgen --help'");
		return CLI_EXIT_USAGE;
	}
	return 0;
}

/* ------------------------------------------------------------------ */

static int list_templates(const struct opts *o)
{
	const char *dir = dnsauth_template_dir(o->template_dir);
	struct dnsauth_buf out, err;
	struct dnsauth_json j;
	char **names = NULL;
	size_t n = 0, i, k;
	int rc, status = CLI_EXIT_OK;

	dnsauth_buf_init(&out, 0);
	dnsauth_buf_init(&err, 0);
	rc = dnsauth_spf_template_list(dir, &names, &n, &err);
	if (rc) {
		cli_error(PROG, "%s", dnsauth_buf_str(&err));
		status = CLI_EXIT_USAGE;
		goto out;
	}
	dnsauth_json_init(&j, &out, true);
	if (o->c.format == CLI_FMT_JSON) {
		dnsauth_json_object_begin(&j);
		dnsauth_json_key(&j, "templates");
		dnsauth_json_array_begin(&j);
	} else {
		dnsauth_buf_printf(&out, "%-22s %7s  %-7s  %s\n", "NAME", "LOOKUPS",
				   "CHECKED", "PROVIDER (TERMS)");
	}
	for (i = 0; i < n; i++) {
		struct dnsauth_spf_template *t = NULL;

		rc = dnsauth_spf_template_load(dir, names[i], &t, &err);
		if (rc) {
			cli_error(PROG, "%s", dnsauth_buf_str(&err));
			status = CLI_EXIT_USAGE;
			goto out;
		}
		if (o->c.format == CLI_FMT_JSON) {
			dnsauth_json_object_begin(&j);
			dnsauth_json_kv_string(&j, "name", t->name);
			dnsauth_json_kv_string(&j, "title", t->title);
			dnsauth_json_kv_int(&j, "lookups", t->lookups);
			dnsauth_json_kv_string(&j, "checked", t->checked);
			dnsauth_json_kv_string(&j, "reference", t->reference);
			dnsauth_json_key(&j, "terms");
			dnsauth_json_array_begin(&j);
			for (k = 0; k < t->spf->nterms; k++)
				dnsauth_json_string(&j, t->spf->terms[k].text);
			dnsauth_json_array_end(&j);
			dnsauth_json_kv_string(&j, "notes", t->notes);
			dnsauth_json_object_end(&j);
		} else {
			dnsauth_buf_printf(&out, "%-22s %7u  %-7s  %s (", t->name, t->lookups,
					   t->checked, t->title);
			for (k = 0; k < t->spf->nterms; k++)
				dnsauth_buf_printf(&out, "%s%s", k ? " " : "",
						   t->spf->terms[k].text);
			dnsauth_buf_puts(&out, ")\n");
		}
		dnsauth_spf_template_free(t);
	}
	if (o->c.format == CLI_FMT_JSON) {
		dnsauth_json_array_end(&j);
		dnsauth_json_object_end(&j);
		dnsauth_json_finish(&j);
		dnsauth_buf_putc(&out, '\n');
	}
	if (cli_write_output(PROG, o->c.output, &out, NULL) != 0)
		status = CLI_EXIT_USAGE;
out:
	dnsauth_strv_free(names, n);
	dnsauth_buf_free(&out);
	dnsauth_buf_free(&err);
	return status;
}

/* A description built from --domain/--template/--policy, as YAML text.
 * Every value is checked first, so nothing needs quoting. */
static int cli_description(const struct opts *o, struct dnsauth_buf *yaml)
{
	const char *why = NULL;
	size_t i, k;

	if (!dnsauth_dname_valid(o->domain, strlen(o->domain), true, &why, NULL)) {
		struct dnsauth_buf s;

		dnsauth_buf_init(&s, 0);
		dnsauth_buf_put_safe(&s, o->domain, strlen(o->domain));
		cli_error(PROG, "--domain '%s' is not a valid domain name: %s",
			  dnsauth_buf_str(&s), why);
		dnsauth_buf_free(&s);
		return -1;
	}
	dnsauth_buf_printf(yaml, "domain: %s\npolicy: ", o->domain);
	if (o->policy) {
		/* double-quoted YAML scalar, so any value reaches the loader,
		 * which reports it by name */
		dnsauth_buf_putc(yaml, '"');
		for (k = 0; o->policy[k]; k++) {
			unsigned char c = (unsigned char)o->policy[k];

			if (c == '"' || c == '\\')
				dnsauth_buf_printf(yaml, "\\%c", c);
			else if (c < 0x20 || c >= 0x7f)
				dnsauth_buf_printf(yaml, "\\x%02x", c);
			else
				dnsauth_buf_putc(yaml, (char)c);
		}
		dnsauth_buf_puts(yaml, "\"\n");
	} else {
		dnsauth_buf_puts(yaml, "fail\n");
	}
	dnsauth_buf_puts(yaml, "senders:\n");
	for (i = 0; i < o->ntemplates; i++) {
		const char *t = o->templates[i];

		for (k = 0; t[k]; k++)
			if (!((t[k] >= 'a' && t[k] <= 'z') || (t[k] >= '0' && t[k] <= '9') ||
			      t[k] == '-'))
				break;
		if (t[k] || k == 0) {
			struct dnsauth_buf s;

			dnsauth_buf_init(&s, 0);
			dnsauth_buf_put_safe(&s, t, strlen(t));
			cli_error(PROG, "invalid template name '%s'; 'spfgen --list-templates' lists them",
				  dnsauth_buf_str(&s));
			dnsauth_buf_free(&s);
			return -1;
		}
		dnsauth_buf_printf(yaml, "  - template: %s\n", t);
	}
	return yaml->err ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* --resolve and --flatten                                              */

static const char *type_name(uint16_t type)
{
	const ldns_rr_descriptor *d = ldns_rr_descript(type);

	return d && d->_name ? d->_name : "?";
}

/* The DNS source of the options; NULL after printing an error. */
static struct dnsauth_dns *open_dns(const struct opts *o)
{
	struct dnsauth_dns_live_opts lo;
	struct dnsauth_dns *dns = NULL;
	struct dnsauth_buf err;
	int rc;

	dnsauth_buf_init(&err, 0);
	if (o->nzones) {
		rc = dnsauth_dns_new_zone(o->zones, o->nzones, &dns, &err);
	} else {
		memset(&lo, 0, sizeof(lo));
		lo.servers = o->nservers ? o->servers : NULL;
		lo.nservers = o->nservers;
		lo.port = (uint16_t)o->port;
		lo.timeout_ms = (unsigned)o->timeout_ms;
		rc = dnsauth_dns_new_live(&lo, &dns, &err);
	}
	if (rc)
		cli_error(PROG, "%s", rc == DNSAUTH_ENOMEM ? "out of memory" : dnsauth_buf_str(&err));
	else
		dnsauth_dns_set_deadline(dns, DNS_DEADLINE_MS);
	dnsauth_buf_free(&err);
	return rc ? NULL : dns;
}

/* Print why the expansion is not complete: a failed lookup, a name
 * outside the zones, or the deadline. */
static void dns_failure(const struct dnsauth_spf_expansion *x, bool zone)
{
	const struct dnsauth_dns_answer *a = x->failed ? x->failed : x->outside;
	const char *tail = "nothing is counted or flattened from a partial answer";

	if (!a)
		cli_error(PROG, "the SPF expansion did not finish in %u passes; %s",
			  DNSAUTH_SPF_EXPAND_MAX_PASSES, tail);
	else if (a->status == DNSAUTH_DNS_OUTSIDE && zone)
		cli_error(PROG, "%s %s is not in the zones given with --zone; %s", a->qname,
			  type_name(a->qtype), tail);
	else if (a->status == DNSAUTH_DNS_OUTSIDE)
		cli_error(PROG, "%s %s: no answer within the %u s deadline; %s", a->qname,
			  type_name(a->qtype), DNS_DEADLINE_MS / 1000u, tail);
	else
		cli_error(PROG, "DNS lookup of %s %s failed: %s%s%s%s; %s", a->qname,
			  type_name(a->qtype), dnsauth_dns_status_name(a->status),
			  a->error ? " (" : "", a->error ? a->error : "", a->error ? ")" : "",
			  tail);
}

/* Notes and warnings about the resolution on standard error: templates
 * whose documented cost differs from DNS, includes not flattened. */
static void resolve_notes(const struct dnsauth_spf_flatten *r, bool quiet)
{
	const struct dnsauth_spf_desc *d = r->d;
	struct dnsauth_buf b;
	size_t i;

	if (quiet)
		return;
	dnsauth_buf_init(&b, 0);
	for (i = 0; i < d->nsenders; i++) {
		const struct dnsauth_spf_sender *s = &d->senders[i];
		bool exact;
		unsigned real = dnsauth_spf_flatten_sender_cost(r, s, false, &exact);

		if (strncmp(s->label, "template ", 9) == 0 && exact && real != s->lookups)
			dnsauth_buf_printf(&b, "%s: note: %s documents %u lookup%s; DNS counts %u\n",
					   PROG, s->label, s->lookups, s->lookups == 1 ? "" : "s",
					   real);
	}
	for (i = 0; i < r->x->nterms; i++)
		if (r->refused[i])
			dnsauth_buf_printf(&b, "%s: warning: %s is not flattened: %s\n", PROG,
					   r->x->terms[i].text, r->x->terms[i].refusal ?
					   r->x->terms[i].refusal : "not resolved");
	cli_write_stderr(&b);
	dnsauth_buf_free(&b);
}

static const char refresh_note[] =
	"the flattened ip4/ip6 networks are copies of what the includes resolved to when these records were generated; regenerate and republish them whenever a provider changes its ranges";

/* Zone format: a comment on what was flattened, then every record. */
static void zone_resolved(struct dnsauth_buf *out, const struct dnsauth_spf_flatten *r)
{
	unsigned ttl = r->d->ttl;
	size_t i;

	if (r->nflat) {
		dnsauth_buf_printf(out, "; spfgen --flatten %s: these includes were replaced by the %zu ip4/ip6\n"
				   "; networks they resolved to. The networks are copies: regenerate and\n"
				   "; republish these records whenever a provider changes its ranges.\n",
				   r->mode == DNSAUTH_SPF_FLATTEN_AUTO ? "auto" : "always", r->nnets);
		for (i = 0; i < r->x->nterms; i++)
			if (r->flat[i])
				dnsauth_buf_printf(out, ";   %s (%u lookup%s, %zu network%s)\n",
						   r->x->terms[i].text, r->x->terms[i].lookups,
						   r->x->terms[i].lookups == 1 ? "" : "s",
						   r->x->terms[i].nnets,
						   r->x->terms[i].nnets == 1 ? "" : "s");
	}
	dnsauth_txt_zone_line(out, r->d->domain, ttl, r->main, strlen(r->main), true);
	for (i = 0; i < r->nchain; i++)
		dnsauth_txt_zone_line(out, r->chain_name[i], ttl, r->chain[i],
				      strlen(r->chain[i]), true);
}

/* Value format: the value alone (--resolve), or with --flatten one line
 * "OWNER. VALUE" per record. */
static void value_resolved(struct dnsauth_buf *out, const struct dnsauth_spf_flatten *r)
{
	size_t i;

	if (r->mode == DNSAUTH_SPF_FLATTEN_NONE) {
		dnsauth_buf_printf(out, "%s\n", r->main);
		return;
	}
	dnsauth_buf_printf(out, "%s. %s\n", r->d->domain, r->main);
	for (i = 0; i < r->nchain; i++)
		dnsauth_buf_printf(out, "%s. %s\n", r->chain_name[i], r->chain[i]);
}

static void json_record(struct dnsauth_json *j, const char *owner, unsigned ttl,
			const char *value)
{
	size_t len = strlen(owner);

	dnsauth_json_object_begin(j);
	dnsauth_json_key(j, "name");
	if (len && owner[len - 1] == '.') {
		dnsauth_json_string(j, owner);
	} else {
		char *o = NULL;

		if (asprintf(&o, "%s.", owner) < 0)
			o = NULL;
		dnsauth_json_string(j, o ? o : owner);
		free(o);
	}
	dnsauth_json_kv_string(j, "type", "TXT");
	dnsauth_json_kv_int(j, "ttl", ttl);
	dnsauth_json_kv_string(j, "value", value);
	cli_json_strings(j, value, true);
	dnsauth_json_object_end(j);
}

/* The keys --resolve adds to the JSON output (inside "lookups", then
 * "flatten" and "records" at the top level). */
static void json_resolved_lookups(struct dnsauth_json *j, const struct dnsauth_spf_flatten *r)
{
	const struct dnsauth_spf_desc *d = r->d;
	size_t i, k;

	dnsauth_json_kv_int(j, "total", r->total);
	dnsauth_json_kv_int(j, "limit", DNSAUTH_SPF_LOOKUP_LIMIT);
	dnsauth_json_key(j, "exact");
	dnsauth_json_bool(j, r->x->exact);
	dnsauth_json_key(j, "resolved");
	dnsauth_json_bool(j, true);
	dnsauth_json_kv_int(j, "void_lookups", r->voids);
	dnsauth_json_key(j, "senders");
	dnsauth_json_array_begin(j);
	for (i = 0; i < d->nsenders; i++) {
		const struct dnsauth_spf_sender *s = &d->senders[i];
		bool exact, flat = false;
		unsigned cost = dnsauth_spf_flatten_sender_cost(r, s, false, &exact);

		dnsauth_json_object_begin(j);
		dnsauth_json_kv_string(j, "sender", s->label);
		dnsauth_json_key(j, "terms");
		dnsauth_json_array_begin(j);
		for (k = 0; k < s->nterms; k++) {
			dnsauth_json_string(j, d->spf->terms[s->first_term + k].text);
			if (dnsauth_spf_flatten_term_flat(r, s->first_term + k))
				flat = true;
		}
		dnsauth_json_array_end(j);
		dnsauth_json_kv_int(j, "lookups", cost);
		dnsauth_json_key(j, "exact");
		dnsauth_json_bool(j, exact);
		dnsauth_json_key(j, "documented");
		if (strncmp(s->label, "template ", 9) == 0)
			dnsauth_json_int(j, s->lookups);
		else
			dnsauth_json_null(j);
		dnsauth_json_key(j, "flattened");
		dnsauth_json_bool(j, flat);
		dnsauth_json_kv_int(j, "line", s->line);
		dnsauth_json_object_end(j);
	}
	dnsauth_json_array_end(j);
	dnsauth_json_key(j, "terms");
	dnsauth_json_array_begin(j);
	for (i = 0; i < r->x->nterms; i++) {
		const struct dnsauth_spf_expand_term *t = &r->x->terms[i];

		dnsauth_json_object_begin(j);
		dnsauth_json_kv_string(j, "term", t->text);
		dnsauth_json_kv_int(j, "lookups", t->lookups);
		dnsauth_json_kv_int(j, "void_lookups", t->voids);
		dnsauth_json_key(j, "exact");
		dnsauth_json_bool(j, t->exact);
		dnsauth_json_key(j, "flattened");
		dnsauth_json_bool(j, r->flat[i]);
		dnsauth_json_object_end(j);
	}
	dnsauth_json_array_end(j);
}

static void json_resolved_tail(struct dnsauth_json *j, const struct dnsauth_spf_flatten *r)
{
	size_t i;

	dnsauth_json_key(j, "flatten");
	if (r->mode == DNSAUTH_SPF_FLATTEN_NONE) {
		dnsauth_json_null(j);
	} else {
		dnsauth_json_object_begin(j);
		dnsauth_json_kv_string(j, "mode", r->mode == DNSAUTH_SPF_FLATTEN_AUTO ? "auto" : "always");
		dnsauth_json_kv_int(j, "lookups_before", r->x->lookups);
		dnsauth_json_key(j, "flattened");
		dnsauth_json_array_begin(j);
		for (i = 0; i < r->x->nterms; i++) {
			if (!r->flat[i])
				continue;
			dnsauth_json_object_begin(j);
			dnsauth_json_kv_string(j, "term", r->x->terms[i].text);
			dnsauth_json_kv_int(j, "lookups", r->x->terms[i].lookups);
			dnsauth_json_kv_int(j, "networks", (long long)r->x->terms[i].nnets);
			dnsauth_json_object_end(j);
		}
		dnsauth_json_array_end(j);
		dnsauth_json_key(j, "not_flattened");
		dnsauth_json_array_begin(j);
		for (i = 0; i < r->x->nterms; i++) {
			if (!r->refused[i])
				continue;
			dnsauth_json_object_begin(j);
			dnsauth_json_kv_string(j, "term", r->x->terms[i].text);
			dnsauth_json_kv_string(j, "reason", r->x->terms[i].refusal ?
					       r->x->terms[i].refusal : "not resolved");
			dnsauth_json_object_end(j);
		}
		dnsauth_json_array_end(j);
		dnsauth_json_kv_int(j, "networks", (long long)r->nnets);
		dnsauth_json_kv_int(j, "chained_records", (long long)r->nchain);
		dnsauth_json_key(j, "refresh");
		if (r->nflat)
			dnsauth_json_string(j, refresh_note);
		else
			dnsauth_json_null(j);
		dnsauth_json_object_end(j);
	}
	dnsauth_json_key(j, "records");
	dnsauth_json_array_begin(j);
	json_record(j, r->d->domain, r->d->ttl, r->main);
	for (i = 0; i < r->nchain; i++)
		json_record(j, r->chain_name[i], r->d->ttl, r->chain[i]);
	dnsauth_json_array_end(j);
}

/* Resolve, flatten and check: 0, or an exit status after an error was
 * printed. */
static int resolve_and_check(const struct opts *o, const struct dnsauth_spf_desc *d,
			     struct dnsauth_spf_flatten *r, struct dnsauth_findings *fl)
{
	struct dnsauth_dns *dns;
	const char *clash;
	int rc;

	dns = open_dns(o);
	if (!dns)
		return CLI_EXIT_USAGE;
	rc = dnsauth_spf_flatten_resolve(r, dns, d, o->flatten);
	if (rc == 0 && (r->x->failed || r->x->outside || !r->x->complete)) {
		dns_failure(r->x, o->nzones > 0);
		rc = CLI_EXIT_USAGE;
		goto cleanup;
	}
	if (rc == 0)
		rc = dnsauth_spf_flatten_choose(r);
	if (rc == DNSAUTH_ELIMIT) {
		cli_error(PROG, "the flattened networks of %s need more than %u chained records",
			  d->domain, DNSAUTH_SPF_FLATTEN_MAX_CHAIN);
		rc = CLI_EXIT_USAGE;
		goto cleanup;
	}
	if (rc == DNSAUTH_EINVAL) {
		cli_error(PROG, "%s is too long a domain for the chained records _spfN.%s",
			  d->domain, d->domain);
		rc = CLI_EXIT_USAGE;
		goto cleanup;
	}
	if (rc == 0) {
		clash = dnsauth_spf_flatten_collision(r);
		if (clash) {
			cli_error(PROG, "%s is already used by the SPF record of %s; cannot publish the flattened networks there",
				  clash, d->domain);
			rc = CLI_EXIT_USAGE;
			goto cleanup;
		}
	}
	if (rc == 0)
		rc = dnsauth_spf_flatten_check(r, fl);
	if (rc) {
		cli_error(PROG, rc == DNSAUTH_ENOMEM ? "out of memory" :
			  "cannot build the SPF record (%s)", dnsauth_strerror(rc));
		rc = CLI_EXIT_USAGE;
	}
cleanup:
	/* the expansion points to answers the resolver owns: keep only
	 * what was copied */
	if (r->x) {
		r->x->failed = NULL;
		r->x->outside = NULL;
	}
	dnsauth_dns_free(dns);
	return rc;
}

static void json_output(struct dnsauth_buf *out, const struct dnsauth_spf_desc *d,
			const char *owner, const char *value,
			const struct dnsauth_findings *fl, const struct dnsauth_spf_flatten *r)
{
	struct dnsauth_json j;
	size_t i, k;
	bool exact = true;

	dnsauth_json_init(&j, out, true);
	dnsauth_json_object_begin(&j);
	dnsauth_json_kv_string(&j, "domain", d->domain);
	dnsauth_json_key(&j, "name");
	dnsauth_json_string(&j, owner);
	dnsauth_json_kv_string(&j, "type", "TXT");
	dnsauth_json_kv_int(&j, "ttl", d->ttl);
	dnsauth_json_kv_string(&j, "value", value);
	cli_json_strings(&j, value, true);
	dnsauth_json_key(&j, "lookups");
	dnsauth_json_object_begin(&j);
	if (r) {
		json_resolved_lookups(&j, r);
		dnsauth_json_object_end(&j);
		json_resolved_tail(&j, r);
		goto findings;
	}
	for (i = 0; i < d->nsenders; i++)
		if (!d->senders[i].cost_known)
			exact = false;
	if (d->redirect)
		exact = false;
	dnsauth_json_kv_int(&j, "total", d->lookups);
	dnsauth_json_kv_int(&j, "limit", DNSAUTH_SPF_LOOKUP_LIMIT);
	dnsauth_json_key(&j, "exact");
	dnsauth_json_bool(&j, exact);
	dnsauth_json_key(&j, "senders");
	dnsauth_json_array_begin(&j);
	for (i = 0; i < d->nsenders; i++) {
		const struct dnsauth_spf_sender *s = &d->senders[i];

		dnsauth_json_object_begin(&j);
		dnsauth_json_kv_string(&j, "sender", s->label);
		dnsauth_json_key(&j, "terms");
		dnsauth_json_array_begin(&j);
		for (k = 0; k < s->nterms; k++)
			dnsauth_json_string(&j, d->spf->terms[s->first_term + k].text);
		dnsauth_json_array_end(&j);
		dnsauth_json_kv_int(&j, "lookups", s->lookups);
		dnsauth_json_key(&j, "exact");
		dnsauth_json_bool(&j, s->cost_known);
		dnsauth_json_kv_int(&j, "line", s->line);
		dnsauth_json_object_end(&j);
	}
	dnsauth_json_array_end(&j);
	dnsauth_json_object_end(&j);
findings:
	dnsauth_json_key(&j, "findings");
	dnsauth_report_json_array(&j, fl, DNSAUTH_SEV_INFO);
	dnsauth_json_object_end(&j);
	dnsauth_json_finish(&j);
	dnsauth_buf_putc(out, '\n');
}

static int generate(const struct opts *o)
{
	const char *inputs[2] = { o->input, NULL };
	struct dnsauth_spf_desc *d = NULL;
	struct dnsauth_buf err, out, yaml;
	struct dnsauth_findings fl;
	enum dnsauth_severity worst;
	struct dnsauth_spf_flatten r;
	char *value = NULL, *owner = NULL;
	int rc, status = CLI_EXIT_USAGE;

	dnsauth_spf_flatten_init(&r);
	dnsauth_buf_init(&err, 0);
	dnsauth_buf_init(&out, 0);
	dnsauth_buf_init(&yaml, 0);
	dnsauth_findings_init(&fl);

	if (o->input) {
		rc = dnsauth_spf_desc_load(o->input, o->template_dir, &d, &err);
	} else if (cli_description(o, &yaml) != 0) {
		goto out;
	} else {
		rc = dnsauth_spf_desc_parse("command line", yaml.data, yaml.len,
					    o->template_dir, &d, &err);
	}
	if (rc) {
		if (rc == DNSAUTH_ENOMEM)
			cli_error(PROG, "out of memory");
		else
			cli_error(PROG, "%s", o->input ? dnsauth_buf_str(&err) :
				  cli_strip_position(dnsauth_buf_str(&err)));
		goto out;
	}
	if (o->c.ttl >= 0)
		d->ttl = (unsigned)o->c.ttl;
	if (o->resolve) {
		rc = resolve_and_check(o, d, &r, &fl);
		if (rc)
			goto out;
		value = strdup(r.main);
		if (!value) {
			cli_error(PROG, "out of memory");
			goto out;
		}
		resolve_notes(&r, o->c.quiet);
	} else {
		rc = dnsauth_spf_desc_check(d, &value, &fl);
		if (rc) {
			cli_error(PROG, "out of memory");
			goto out;
		}
	}
	worst = cli_report(&fl, o->c.quiet, true);
	if (worst == DNSAUTH_SEV_ERROR && !o->c.force) {
		cli_error(PROG, "refusing to print a record for %s that receivers would reject (--force prints it anyway)",
			  d->domain);
		goto out;
	}
	switch (o->c.format) {
	case CLI_FMT_ZONE:
		if (o->resolve)
			zone_resolved(&out, &r);
		else
			dnsauth_txt_zone_line(&out, d->domain, d->ttl, value, strlen(value), true);
		break;
	case CLI_FMT_JSON:
		if (asprintf(&owner, "%s.", d->domain) < 0) {
			owner = NULL;
			cli_error(PROG, "out of memory");
			goto out;
		}
		json_output(&out, d, owner, value, &fl, o->resolve ? &r : NULL);
		break;
	default:
		if (o->resolve)
			value_resolved(&out, &r);
		else
			dnsauth_buf_printf(&out, "%s\n", value);
		break;
	}
	if (cli_write_output(PROG, o->c.output, &out, inputs) != 0)
		goto out;
	if (r.nflat && o->c.format == CLI_FMT_VALUE && !o->c.quiet) {
		struct dnsauth_buf note;

		dnsauth_buf_init(&note, 0);
		dnsauth_buf_printf(&note, "%s: note: %s\n", PROG, refresh_note);
		cli_write_stderr(&note);
		dnsauth_buf_free(&note);
	}
	status = worst == DNSAUTH_SEV_ERROR ? CLI_EXIT_FINDINGS : CLI_EXIT_OK;
out:
	dnsauth_spf_flatten_clear(&r);
	free(value);
	free(owner);
	dnsauth_spf_desc_free(d);
	dnsauth_findings_clear(&fl);
	dnsauth_buf_free(&err);
	dnsauth_buf_free(&out);
	dnsauth_buf_free(&yaml);
	return status;
}

int main(int argc, char **argv)
{
	struct opts o;
	int rc;

	rc = parse_args(argc, argv, &o);
	if (rc)
		return rc;
	if (o.list)
		return list_templates(&o);
	return generate(&o);
}
