/* SPDX-License-Identifier: MIT */
/*
 * spfgen - build an SPF record from a YAML description or from provider
 * templates, check it with the same validator verify and lint use, and
 * refuse to print a record that receivers would reject.
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
#include "error.h"
#include "json.h"
#include "report.h"
#include "txt.h"

#define PROG "spfgen"
#define MAX_CLI_TEMPLATES 64

struct opts {
	struct cli_common c;
	const char *domain;
	const char *templates[MAX_CLI_TEMPLATES];
	size_t ntemplates;
	const char *policy;
	const char *template_dir;
	bool list;
	const char *input;
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
	      "      --force           print even a record receivers would reject (exit 1)\n"
	      "  -q, --quiet           print errors only, no warnings or notes\n"
	      "  -h, --help            show this help and exit\n"
	      "  -V, --version         show the version and exit\n"
	      "\n"
	      "Exit status: 0 record printed, 1 printed with errors (--force),\n"
	      "2 usage or input error, or record refused.\n", f);
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	enum { OPT_TEMPLATES = 256, OPT_LIST };
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{ "domain", required_argument, NULL, 'd' },
		{ "template", required_argument, NULL, 't' },
		{ "policy", required_argument, NULL, 'p' },
		{ "templates", required_argument, NULL, OPT_TEMPLATES },
		{ "list-templates", no_argument, NULL, OPT_LIST },
		{ NULL, 0, NULL, 0 },
	};
	int c, handled;

	memset(o, 0, sizeof(*o));
	cli_common_init(&o->c);
	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS "d:t:p:", longopts,
				NULL)) != -1) {
		handled = cli_common_option(PROG, c, optarg, true, &o->c);
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
	if (o->list) {
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

static void json_output(struct dnsauth_buf *out, const struct dnsauth_spf_desc *d,
			const char *owner, const char *value,
			const struct dnsauth_findings *fl)
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
	char *value = NULL, *owner = NULL;
	int rc, status = CLI_EXIT_USAGE;

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
	rc = dnsauth_spf_desc_check(d, &value, &fl);
	if (rc) {
		cli_error(PROG, "out of memory");
		goto out;
	}
	worst = cli_report(&fl, o->c.quiet, true);
	if (worst == DNSAUTH_SEV_ERROR && !o->c.force) {
		cli_error(PROG, "refusing to print a record for %s that receivers would reject (--force prints it anyway)",
			  d->domain);
		goto out;
	}
	switch (o->c.format) {
	case CLI_FMT_ZONE:
		dnsauth_txt_zone_line(&out, d->domain, d->ttl, value, strlen(value), true);
		break;
	case CLI_FMT_JSON:
		if (asprintf(&owner, "%s.", d->domain) < 0) {
			owner = NULL;
			cli_error(PROG, "out of memory");
			goto out;
		}
		json_output(&out, d, owner, value, &fl);
		break;
	default:
		dnsauth_buf_printf(&out, "%s\n", value);
		break;
	}
	if (cli_write_output(PROG, o->c.output, &out, inputs) != 0)
		goto out;
	status = worst == DNSAUTH_SEV_ERROR ? CLI_EXIT_FINDINGS : CLI_EXIT_OK;
out:
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
