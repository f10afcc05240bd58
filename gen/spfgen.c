/* SPDX-License-Identifier: MIT */
/*
 * spfgen - build an SPF record from a YAML description or from provider
 * templates, check it with the same validator verify and lint use, and
 * refuse to print a record that receivers would reject.
 *
 * With --resolve the lookups are counted through DNS by the expansion the
 * audit engine uses (lib/spf_expand.c) instead of from the templates'
 * documented costs. With --flatten, includes are replaced by the ip4/ip6
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
#include "txt.h"

#define PROG "spfgen"
#define MAX_CLI_TEMPLATES 64
#define MAX_LIST 16          /* --server, --zone options, at most */
#define DNS_DEADLINE_MS 60000u /* bound on the whole resolution */
#define RECORD_MAX 512u      /* RFC 7208 §3.4: octets of each value */
#define MAX_CHAIN 10u        /* chained records, at most (each costs a lookup) */
#define NET_TEXT_MAX 64u     /* "ip6:" + an IPv6 address + "/128" fits */

enum flatten_mode { FLATTEN_NONE, FLATTEN_AUTO, FLATTEN_ALWAYS };

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
	enum flatten_mode flatten;
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

static int add_list(const char **v, size_t *n, const char *s, const char *what)
{
	if (*n == MAX_LIST) {
		cli_error(PROG, "at most %d %s options", MAX_LIST, what);
		return -1;
	}
	v[(*n)++] = s;
	return 0;
}

static int number(const char *s, long min, long max, long *out, const char *what)
{
	char *end;
	long v;

	v = strtol(s, &end, 10);
	if (*s < '0' || *s > '9' || *end || v < min || v > max) {
		cli_error(PROG, "%s must be a number from %ld to %ld", what, min, max);
		return -1;
	}
	*out = v;
	return 0;
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
			o->flatten = FLATTEN_AUTO;
		} else if (strcmp(arg, "always") == 0) {
			o->flatten = FLATTEN_ALWAYS;
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
		rc = add_list(o->servers, &o->nservers, arg, "--server");
		break;
	case OPT_PORT:
		rc = number(arg, 1, 65535, &o->port, "--port");
		break;
	case OPT_TIMEOUT:
		rc = number(arg, 1, 60000, &o->timeout_ms, "--timeout");
		break;
	case OPT_ZONE:
		rc = add_list(o->zones, &o->nzones, arg, "--zone");
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
		if (o->c.format_set && o->c.format != CLI_FMT_TEXT && o->c.format != CLI_FMT_JSON) {
			cli_error(PROG, "--list-templates prints text or json");
			return CLI_EXIT_USAGE;
		}
		return 0;
	}
	if (o->c.format == CLI_FMT_TEXT) {
		cli_error(PROG, "unknown format 'text' for a record (value, zone or json)");
		return CLI_EXIT_USAGE;
	}
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

/* What --resolve found for the description's record, and what
 * --flatten made of it. */
struct resolved {
	const struct dnsauth_spf_desc *d;
	enum flatten_mode mode;
	char *value;                  /* the description's record, printed */
	struct dnsauth_spf *spf;      /* ... parsed */
	struct dnsauth_spf_expansion *x;
	struct dnsauth_findings xfl;  /* findings of the expansion */
	size_t *dmap;                 /* d->spf term -> spf term */
	long *xmap;                   /* spf term -> x->terms entry, or -1 */
	bool *flat;                   /* x->terms entries flattened */
	bool *refused;                /* x->terms entries not flattenable */
	struct dnsauth_spf_net *nets; /* networks of the flattened includes */
	size_t nnets;
	size_t nflat;
	char *main;                   /* the record at the domain */
	char *chain[MAX_CHAIN];       /* values of _spf1.DOMAIN, ... */
	char *chain_name[MAX_CHAIN];
	size_t nchain;
	unsigned total, voids;        /* after flattening */
};

static void plan_clear(struct resolved *r)
{
	size_t i;

	for (i = 0; i < r->nchain; i++) {
		free(r->chain[i]);
		free(r->chain_name[i]);
	}
	r->nchain = 0;
	free(r->nets);
	r->nets = NULL;
	r->nnets = 0;
	free(r->main);
	r->main = NULL;
}

static void resolved_clear(struct resolved *r)
{
	plan_clear(r);
	free(r->value);
	dnsauth_spf_free(r->spf);
	dnsauth_spf_expansion_free(r->x);
	dnsauth_findings_clear(&r->xfl);
	free(r->dmap);
	free(r->xmap);
	free(r->flat);
	free(r->refused);
}

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

/* Print and parse the description's record, map its terms, expand it. */
static int resolve_record(const struct opts *o, const struct dnsauth_spf_desc *d,
			  struct dnsauth_dns *dns, struct resolved *r)
{
	struct dnsauth_spf_expand_opts xo;
	struct dnsauth_buf b;
	size_t i, pos = 0, n = d->spf->nterms;
	int pass, rc;

	r->d = d;
	r->mode = o->flatten;
	dnsauth_buf_init(&b, 0);
	rc = dnsauth_spf_print(d->spf, &b);
	r->value = dnsauth_buf_steal(&b);
	if (rc || !r->value)
		return DNSAUTH_ENOMEM;
	rc = dnsauth_spf_parse(r->value, strlen(r->value), d->domain, &r->spf, NULL);
	if (rc == DNSAUTH_ENOMEM)
		return rc;
	if (!r->spf || r->spf->nterms != n)
		return DNSAUTH_EPARSE;
	r->dmap = calloc(n ? n : 1, sizeof(*r->dmap));
	r->xmap = calloc(n ? n : 1, sizeof(*r->xmap));
	if (!r->dmap || !r->xmap)
		return DNSAUTH_ENOMEM;
	/* dnsauth_spf_print writes the mechanisms first, then the modifiers */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++) {
			enum dnsauth_spf_kind k = d->spf->terms[i].kind;
			bool mod = k == DNSAUTH_SPF_REDIRECT || k == DNSAUTH_SPF_EXP ||
				   k == DNSAUTH_SPF_UNKNOWN_MOD;

			if (mod == (pass == 1))
				r->dmap[i] = pos++;
		}
	}
	memset(&xo, 0, sizeof(xo));
	xo.cap_per_term = true;
	xo.networks = o->flatten != FLATTEN_NONE;
	rc = dnsauth_spf_expand_resolve(dns, r->spf, r->value, d->domain, &xo, &r->xfl, &r->x);
	if (rc)
		return rc;
	for (i = 0; i < n; i++)
		r->xmap[i] = -1;
	for (i = 0; i < r->x->nterms; i++)
		if (r->x->terms[i].index < n)
			r->xmap[r->x->terms[i].index] = (long)i;
	r->flat = calloc(r->x->nterms ? r->x->nterms : 1, sizeof(*r->flat));
	r->refused = calloc(r->x->nterms ? r->x->nterms : 1, sizeof(*r->refused));
	if (!r->flat || !r->refused)
		return DNSAUTH_ENOMEM;
	return 0;
}

/* The expansion entry of term \p k of the description's record, or NULL
 * when it costs nothing. */
static const struct dnsauth_spf_expand_term *dterm(const struct resolved *r, size_t k)
{
	long xi = r->xmap[r->dmap[k]];

	return xi < 0 ? NULL : &r->x->terms[xi];
}

static bool dterm_flat(const struct resolved *r, size_t k)
{
	long xi = r->xmap[r->dmap[k]];

	return xi >= 0 && r->flat[xi];
}

/* A sender's real cost: before flattening, or after (flattened terms
 * cost nothing). */
static unsigned sender_cost(const struct resolved *r, const struct dnsauth_spf_sender *s,
			    bool after, bool *exact)
{
	unsigned n = 0;
	size_t k;

	if (exact)
		*exact = true;
	for (k = s->first_term; k < s->first_term + s->nterms; k++) {
		const struct dnsauth_spf_expand_term *t = dterm(r, k);

		if (!t || (after && dterm_flat(r, k)))
			continue;
		n += t->lookups;
		if (exact && !t->exact)
			*exact = false;
	}
	return n;
}

static bool is_include(const struct resolved *r, size_t xi)
{
	return r->spf->terms[r->x->terms[xi].index].kind == DNSAUTH_SPF_INCLUDE;
}

/* The record at the domain: the description's record with the flattened
 * includes taken out; the networks (inline) or \p include go where the
 * first of them was. Caller frees. */
static char *build_main(const struct resolved *r, bool inline_nets, const char *include)
{
	struct dnsauth_buf b;
	bool placed = false;
	size_t i, k;

	/* inline, the networks may make it long: plan() checks the length */
	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, "v=spf1");
	for (i = 0; i < r->spf->nterms; i++) {
		long xi = r->xmap[i];

		if (xi >= 0 && r->flat[xi]) {
			if (placed)
				continue;
			placed = true;
			for (k = 0; inline_nets && k < r->nnets; k++) {
				dnsauth_buf_putc(&b, ' ');
				dnsauth_spf_net_print(&r->nets[k], &b);
			}
			if (include)
				dnsauth_buf_printf(&b, " %s", include);
			continue;
		}
		dnsauth_buf_printf(&b, " %s", r->spf->terms[i].text);
	}
	return dnsauth_buf_steal(&b);
}

/* Pack the networks into chained records of at most RECORD_MAX octets:
 * "v=spf1 NETS include:_spfN+1.DOMAIN -all", the last without the
 * include. */
static int pack_chain(struct resolved *r)
{
	const char *domain = r->d->domain;
	size_t i = 0, j, rest;

	while (i < r->nnets) {
		struct dnsauth_buf b, nb;
		char *next = NULL;
		size_t limit;

		if (r->nchain == MAX_CHAIN)
			return DNSAUTH_ELIMIT;
		if (asprintf(&r->chain_name[r->nchain], "_spf%zu.%s", r->nchain + 1, domain) < 0)
			return DNSAUTH_ENOMEM;
		r->chain[r->nchain] = NULL;
		r->nchain++;
		if (asprintf(&next, "_spf%zu.%s", r->nchain + 1, domain) < 0)
			return DNSAUTH_ENOMEM;
		if (!dnsauth_dname_valid(next, strlen(next), true, NULL, NULL)) {
			free(next);
			return DNSAUTH_EINVAL;
		}
		/* the rest fits in this record: it is the last */
		rest = strlen("v=spf1") + strlen(" -all");
		for (j = i; j < r->nnets; j++) {
			dnsauth_buf_init(&nb, NET_TEXT_MAX);
			dnsauth_spf_net_print(&r->nets[j], &nb);
			rest += 1 + nb.len;
			dnsauth_buf_free(&nb);
		}
		limit = RECORD_MAX - strlen(" -all");
		if (rest > RECORD_MAX)
			limit -= strlen(" include:") + strlen(next);
		dnsauth_buf_init(&b, DNSAUTH_SPF_MAX_LEN);
		dnsauth_buf_puts(&b, "v=spf1");
		for (; i < r->nnets; i++) {
			dnsauth_buf_init(&nb, NET_TEXT_MAX);
			dnsauth_spf_net_print(&r->nets[i], &nb);
			if (b.len + 1 + nb.len > limit) {
				dnsauth_buf_free(&nb);
				break;
			}
			dnsauth_buf_printf(&b, " %s", dnsauth_buf_str(&nb));
			dnsauth_buf_free(&nb);
		}
		if (i < r->nnets)
			dnsauth_buf_printf(&b, " include:%s", next);
		dnsauth_buf_puts(&b, " -all");
		free(next);
		r->chain[r->nchain - 1] = dnsauth_buf_steal(&b);
		if (!r->chain[r->nchain - 1])
			return DNSAUTH_ENOMEM;
	}
	return 0;
}

/* Build the records for the flattened set r->flat: the networks, the
 * record at the domain, the chain, and the counts after flattening. */
static int plan(struct resolved *r)
{
	const struct dnsauth_spf_expansion *x = r->x;
	char *include = NULL;
	size_t i, n = 0;
	int rc;

	plan_clear(r);
	r->nflat = 0;
	r->total = x->lookups;
	r->voids = x->voids;
	for (i = 0; i < x->nterms; i++) {
		if (!r->flat[i])
			continue;
		r->nflat++;
		r->total -= x->terms[i].lookups;
		r->voids -= x->terms[i].voids;
		n += x->terms[i].nnets;
	}
	if (r->nflat == 0) {
		r->main = strdup(r->value);
		return r->main ? 0 : DNSAUTH_ENOMEM;
	}
	r->nets = calloc(n ? n : 1, sizeof(*r->nets));
	if (!r->nets)
		return DNSAUTH_ENOMEM;
	for (i = 0; i < x->nterms; i++) {
		if (!r->flat[i] || !x->terms[i].nnets)
			continue;
		memcpy(r->nets + r->nnets, x->terms[i].nets,
		       x->terms[i].nnets * sizeof(*r->nets));
		r->nnets += x->terms[i].nnets;
	}
	dnsauth_spf_nets_normalize(r->nets, &r->nnets);
	r->main = build_main(r, true, NULL);
	if (!r->main)
		return DNSAUTH_ENOMEM;
	if (strlen(r->main) <= RECORD_MAX || r->nnets == 0)
		return 0;
	free(r->main);
	r->main = NULL;
	rc = pack_chain(r);
	if (rc)
		return rc;
	if (asprintf(&include, "include:%s", r->chain_name[0]) < 0)
		return DNSAUTH_ENOMEM;
	r->main = build_main(r, false, include);
	free(include);
	if (!r->main)
		return DNSAUTH_ENOMEM;
	r->total += (unsigned)r->nchain;
	return 0;
}

/* Include entries in flattening order: costliest first, then in order. */
static int flat_order_cmp(const void *pa, const void *pb, void *arg)
{
	const struct dnsauth_spf_expansion *x = arg;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;

	if (x->terms[a].lookups != x->terms[b].lookups)
		return x->terms[a].lookups > x->terms[b].lookups ? -1 : 1;
	return a < b ? -1 : 1;
}

/* Decide what to flatten (all flattenable includes, or with auto the
 * costliest until the record fits the budget) and build the records. */
static int choose(struct resolved *r)
{
	const struct dnsauth_spf_expansion *x = r->x;
	size_t *order = NULL, i, n = 0;
	int rc;

	if (r->mode == FLATTEN_ALWAYS) {
		for (i = 0; i < x->nterms; i++) {
			if (!is_include(r, i))
				continue;
			if (x->terms[i].flattenable)
				r->flat[i] = true;
			else
				r->refused[i] = true;
		}
		return plan(r);
	}
	rc = plan(r);
	if (rc || r->mode == FLATTEN_NONE || r->total <= DNSAUTH_SPF_LOOKUP_LIMIT)
		return rc;
	order = calloc(x->nterms ? x->nterms : 1, sizeof(*order));
	if (!order)
		return DNSAUTH_ENOMEM;
	for (i = 0; i < x->nterms; i++)
		if (is_include(r, i))
			order[n++] = i;
	qsort_r(order, n, sizeof(*order), flat_order_cmp, (void *)x);
	for (i = 0; i < n && !rc && r->total > DNSAUTH_SPF_LOOKUP_LIMIT; i++) {
		if (!x->terms[order[i]].flattenable) {
			r->refused[order[i]] = true;
			continue;
		}
		r->flat[order[i]] = true;
		rc = plan(r);
	}
	free(order);
	return rc;
}

/* A chained record's name that the record already uses for something
 * else, or NULL. */
static const char *chain_collision(const struct resolved *r)
{
	size_t i, k;

	for (k = 0; k < r->nchain; k++) {
		size_t len = strlen(r->chain_name[k]);

		for (i = 0; i < r->spf->nterms; i++) {
			const char *dom = r->spf->terms[i].domain;

			if (dom && dnsauth_dname_len(dom) == len &&
			    strncasecmp(dom, r->chain_name[k], len) == 0)
				return r->chain_name[k];
		}
		for (i = 0; i < r->x->nrecords; i++) {
			const char *dom = r->x->records[i].name;

			if (dnsauth_dname_len(dom) == len &&
			    strncasecmp(dom, r->chain_name[k], len) == 0)
				return r->chain_name[k];
		}
	}
	return NULL;
}

/* Parse and validate one record as verify and lint do. */
static int check_value(const char *value, const char *name, struct dnsauth_findings *fl)
{
	struct dnsauth_spf *spf = NULL;
	int rc;

	rc = dnsauth_spf_parse(value, strlen(value), name, &spf, fl);
	if (rc == DNSAUTH_ENOMEM || rc == DNSAUTH_ELIMIT)
		goto cleanup;
	rc = spf ? dnsauth_spf_validate(spf, value, strlen(value), name, fl) : 0;
cleanup:
	dnsauth_spf_free(spf);
	return rc;
}

/* "template heavy (7), include:x (3)": the costliest after flattening,
 * the chain included. */
static void costliest(const struct resolved *r, struct dnsauth_buf *why)
{
	const struct dnsauth_spf_desc *d = r->d;
	size_t n = d->nsenders + 2, i, shown;
	unsigned *cost = calloc(n, sizeof(*cost));
	const char **label = calloc(n, sizeof(*label));
	char chain[64];

	if (!cost || !label) {
		why->err = DNSAUTH_ENOMEM;
		goto cleanup;
	}
	for (i = 0; i < d->nsenders; i++) {
		cost[i] = sender_cost(r, &d->senders[i], true, NULL);
		label[i] = d->senders[i].label;
	}
	for (i = 0; i < r->spf->nterms; i++) {
		long xi = r->xmap[i];

		if (xi >= 0 && r->spf->terms[i].kind == DNSAUTH_SPF_REDIRECT) {
			cost[d->nsenders] = r->x->terms[xi].lookups;
			label[d->nsenders] = r->spf->terms[i].text;
		}
	}
	snprintf(chain, sizeof(chain), "the chained records");
	cost[d->nsenders + 1] = (unsigned)r->nchain;
	label[d->nsenders + 1] = chain;
	for (shown = 0; shown < 3; shown++) {
		size_t best = n;

		for (i = 0; i < n; i++)
			if (cost[i] && (best == n || cost[i] > cost[best]))
				best = i;
		if (best == n)
			break;
		dnsauth_buf_printf(why, "%s%s (%u)", shown ? ", " : "", label[best], cost[best]);
		cost[best] = 0;
	}
cleanup:
	free(cost);
	free(label);
}

/* spf-too-many-lookups and spf-void-lookups from the real count after
 * flattening. */
static int budget_findings(const struct resolved *r, struct dnsauth_findings *fl)
{
	const char *atleast = r->x->exact ? "" : "at least ";
	struct dnsauth_buf why, tail;
	size_t i, shown = 0;
	int rc = 0;

	dnsauth_buf_init(&why, 4096);
	dnsauth_buf_init(&tail, 4096);
	dnsauth_buf_puts(&tail, "");
	if (r->total > DNSAUTH_SPF_LOOKUP_LIMIT) {
		for (i = 0; i < r->x->nterms; i++) {
			if (!r->refused[i])
				continue;
			dnsauth_buf_printf(&tail, "%s%.200s (%.300s)",
					   shown++ ? ", " : "; not flattened: ",
					   r->x->terms[i].text, r->x->terms[i].refusal ?
					   r->x->terms[i].refusal : "not resolved");
		}
		if (r->x->loop)
			dnsauth_buf_printf(&tail, "; include/redirect loop: %s", r->x->loop);
		if (r->mode == FLATTEN_NONE)
			dnsauth_buf_puts(&tail, "; --flatten auto replaces includes by their ip4/ip6 networks");
	}
	if (r->total >= DNSAUTH_SPF_LOOKUP_LIMIT - 1) {
		costliest(r, &why);
		if (r->total > DNSAUTH_SPF_LOOKUP_LIMIT)
			rc = dnsauth_findings_add(fl, DNSAUTH_R_SPF_TOO_MANY_LOOKUPS,
						  DNSAUTH_SEV_ERROR, r->d->domain, r->main, 0,
						  "the record needs %s%u DNS lookups, counted through DNS as receivers count them, over the limit of 10 (receivers return permerror); most costly: %s%s",
						  atleast, r->total, dnsauth_buf_str(&why),
						  dnsauth_buf_str(&tail));
		else
			rc = dnsauth_findings_add(fl, DNSAUTH_R_SPF_TOO_MANY_LOOKUPS,
						  DNSAUTH_SEV_WARNING, r->d->domain, r->main, 0,
						  "the record needs %s%u of the 10 allowed DNS lookups, counted through DNS; one more provider change can break SPF; most costly: %s",
						  atleast, r->total, dnsauth_buf_str(&why));
	}
	if (!rc && r->voids > DNSAUTH_SPF_VOID_LIMIT) {
		dnsauth_buf_reset(&why);
		for (i = 0, shown = 0; i < r->x->nterms; i++)
			if (r->x->terms[i].voids && !r->flat[i])
				dnsauth_buf_printf(&why, "%s%.200s (%u)", shown++ ? ", " : "",
						   r->x->terms[i].text, r->x->terms[i].voids);
		rc = dnsauth_findings_add(fl, DNSAUTH_R_SPF_VOID_LOOKUPS, DNSAUTH_SEV_NONE,
					  r->d->domain, r->main, 0,
					  "%u void lookups (no records or NXDOMAIN), counted through DNS (limit %u, RFC 7208 §4.6.4): %s; receivers that enforce the limit return permerror",
					  r->voids, DNSAUTH_SPF_VOID_LIMIT, dnsauth_buf_str(&why));
	}
	if (!rc && (why.err || tail.err))
		rc = DNSAUTH_ENOMEM;
	dnsauth_buf_free(&why);
	dnsauth_buf_free(&tail);
	return rc;
}

/* The findings of every record printed, in order: the record at the
 * domain, the expansion, the chained records, the budget. */
static int check_resolved(const struct resolved *r, struct dnsauth_findings *fl)
{
	size_t i;
	int rc;

	rc = check_value(r->main, r->d->domain, fl);
	for (i = 0; !rc && i < r->xfl.n; i++) {
		const struct dnsauth_finding *f = &r->xfl.v[i];

		rc = dnsauth_findings_add(fl, f->rule, f->severity, f->name, f->record,
					  f->column, "%s", f->message);
	}
	for (i = 0; !rc && i < r->nchain; i++)
		rc = check_value(r->chain[i], r->chain_name[i], fl);
	if (!rc)
		rc = budget_findings(r, fl);
	return rc;
}

/* Notes and warnings about the resolution on standard error: templates
 * whose documented cost differs from DNS, includes not flattened. */
static void resolve_notes(const struct resolved *r, bool quiet)
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
		unsigned real = sender_cost(r, s, false, &exact);

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
static void zone_resolved(struct dnsauth_buf *out, const struct resolved *r)
{
	unsigned ttl = r->d->ttl;
	size_t i;

	if (r->nflat) {
		dnsauth_buf_printf(out, "; spfgen --flatten %s: these includes were replaced by the %zu ip4/ip6\n"
				   "; networks they resolved to. The networks are copies: regenerate and\n"
				   "; republish these records whenever a provider changes its ranges.\n",
				   r->mode == FLATTEN_AUTO ? "auto" : "always", r->nnets);
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
static void value_resolved(struct dnsauth_buf *out, const struct resolved *r)
{
	size_t i;

	if (r->mode == FLATTEN_NONE) {
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
static void json_resolved_lookups(struct dnsauth_json *j, const struct resolved *r)
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
		unsigned cost = sender_cost(r, s, false, &exact);

		dnsauth_json_object_begin(j);
		dnsauth_json_kv_string(j, "sender", s->label);
		dnsauth_json_key(j, "terms");
		dnsauth_json_array_begin(j);
		for (k = 0; k < s->nterms; k++) {
			dnsauth_json_string(j, d->spf->terms[s->first_term + k].text);
			if (dterm_flat(r, s->first_term + k))
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

static void json_resolved_tail(struct dnsauth_json *j, const struct resolved *r)
{
	size_t i;

	dnsauth_json_key(j, "flatten");
	if (r->mode == FLATTEN_NONE) {
		dnsauth_json_null(j);
	} else {
		dnsauth_json_object_begin(j);
		dnsauth_json_kv_string(j, "mode", r->mode == FLATTEN_AUTO ? "auto" : "always");
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
			     struct resolved *r, struct dnsauth_findings *fl)
{
	struct dnsauth_dns *dns;
	const char *clash;
	int rc;

	dns = open_dns(o);
	if (!dns)
		return CLI_EXIT_USAGE;
	rc = resolve_record(o, d, dns, r);
	if (rc == 0 && (r->x->failed || r->x->outside || !r->x->complete)) {
		dns_failure(r->x, o->nzones > 0);
		rc = CLI_EXIT_USAGE;
		goto cleanup;
	}
	if (rc == 0)
		rc = choose(r);
	if (rc == DNSAUTH_ELIMIT) {
		cli_error(PROG, "the flattened networks of %s need more than %u chained records",
			  d->domain, MAX_CHAIN);
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
		clash = chain_collision(r);
		if (clash) {
			cli_error(PROG, "%s is already used by the SPF record of %s; cannot publish the flattened networks there",
				  clash, d->domain);
			rc = CLI_EXIT_USAGE;
			goto cleanup;
		}
	}
	if (rc == 0)
		rc = check_resolved(r, fl);
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
			const struct dnsauth_findings *fl, const struct resolved *r)
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
	struct resolved r;
	char *value = NULL, *owner = NULL;
	int rc, status = CLI_EXIT_USAGE;

	memset(&r, 0, sizeof(r));
	dnsauth_findings_init(&r.xfl);
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
	resolved_clear(&r);
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
