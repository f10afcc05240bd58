/* SPDX-License-Identifier: MIT */
/*
 * dmarcgen - build a DMARC record from a YAML description or a template,
 * check it with the same code verify and lint use, and print the records
 * that external report receivers must publish (RFC 9990).
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
#include "ytree.h"

#define PROG "dmarcgen"

struct opts {
	struct cli_common c;
	const char *domain;
	const char *template_name;
	enum dnsauth_dmarc_standard standard;
	const char *template_dir;
	const char *psl_path;
	bool list;
	const char *input;
};

static void usage(FILE *f)
{
	fputs("Usage: dmarcgen [OPTIONS] DESCRIPTION.yaml\n"
	      "       dmarcgen [OPTIONS] --domain NAME --template NAME\n"
	      "       dmarcgen --list-templates [--format text|json]\n"
	      "\n"
	      "Build the DMARC record of a domain from a YAML description (\"-\" reads\n"
	      "standard input) or a template, check it, and print the records that\n"
	      "report receivers outside the domain must publish.\n"
	      "\n"
	      "Options:\n"
	      "  -f, --format FORMAT     value (default), zone or json\n"
	      "  -o, --output FILE       write to FILE atomically (never over an input)\n"
	      "  -d, --domain NAME       the domain, when no description is given\n"
	      "  -t, --template NAME     a policy template, when no description is given\n"
	      "      --standard STD      rfc9989 (default) or rfc7489\n"
	      "      --ttl SECONDS       TTL of the zone lines (overrides the description)\n"
	      "      --templates DIR     template directory\n"
	      "      --psl FILE          Public Suffix List (default: Debian's publicsuffix)\n"
	      "      --list-templates    list the policy templates\n"
	      "      --force             print even a record with errors (exit 1)\n"
	      "  -q, --quiet             print errors only, no warnings or notes\n"
	      "  -h, --help              show this help and exit\n"
	      "  -V, --version           show the version and exit\n"
	      "\n"
	      "Exit status: 0 record printed, 1 printed with errors (--force),\n"
	      "2 usage or input error, or record refused.\n", f);
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	enum { OPT_STANDARD = 256, OPT_TEMPLATES, OPT_PSL, OPT_LIST };
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{ "domain", required_argument, NULL, 'd' },
		{ "template", required_argument, NULL, 't' },
		{ "standard", required_argument, NULL, OPT_STANDARD },
		{ "templates", required_argument, NULL, OPT_TEMPLATES },
		{ "psl", required_argument, NULL, OPT_PSL },
		{ "list-templates", no_argument, NULL, OPT_LIST },
		{ NULL, 0, NULL, 0 },
	};
	int c, handled;

	memset(o, 0, sizeof(*o));
	cli_common_init(&o->c);
	o->standard = DNSAUTH_DMARC_RFC9989;
	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS "d:t:", longopts,
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
			o->template_name = optarg;
			break;
		case OPT_STANDARD:
			if (strcmp(optarg, "rfc9989") == 0) {
				o->standard = DNSAUTH_DMARC_RFC9989;
			} else if (strcmp(optarg, "rfc7489") == 0) {
				o->standard = DNSAUTH_DMARC_RFC7489;
			} else {
				cli_error(PROG, "unknown standard '%s' (rfc9989 or rfc7489)", optarg);
				return CLI_EXIT_USAGE;
			}
			break;
		case OPT_TEMPLATES:
			o->template_dir = optarg;
			break;
		case OPT_PSL:
			o->psl_path = optarg;
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
		if (optind < argc || o->domain || o->template_name) {
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
		if (o->domain || o->template_name) {
			cli_error(PROG, "--domain and --template are for use without a description file");
			return CLI_EXIT_USAGE;
		}
		o->input = argv[optind];
		return 0;
	}
	if (!o->domain || !o->template_name) {
		cli_error(PROG, "no description file; give one, or --domain and --template (see 'dmarcgen --help')");
		return CLI_EXIT_USAGE;
	}
	return 0;
}

/* "domain: D\ntemplate: T\n" after checking both, so nothing needs quoting. */
static int cli_description(const struct opts *o, struct dnsauth_buf *yaml)
{
	const char *why = NULL;
	struct dnsauth_buf s;

	dnsauth_buf_init(&s, 0);
	if (!dnsauth_dname_valid(o->domain, strlen(o->domain), true, &why, NULL)) {
		dnsauth_buf_put_safe(&s, o->domain, strlen(o->domain));
		cli_error(PROG, "--domain '%s' is not a valid domain name: %s",
			  dnsauth_buf_str(&s), why);
	} else if (!dnsauth_template_name_ok(o->template_name)) {
		dnsauth_buf_put_safe(&s, o->template_name, strlen(o->template_name));
		cli_error(PROG, "invalid template name '%s'; 'dmarcgen --list-templates' lists them",
			  dnsauth_buf_str(&s));
	} else {
		dnsauth_buf_printf(yaml, "domain: %s\ntemplate: %s\n", o->domain, o->template_name);
	}
	dnsauth_buf_free(&s);
	return yaml->len && !yaml->err ? 0 : -1;
}

static int list_templates(const struct opts *o)
{
	const char *dir = dnsauth_template_dir(o->template_dir);
	struct dnsauth_buf out, err, yaml;
	struct dnsauth_json j;
	char **names = NULL;
	size_t n = 0, i;
	int status = CLI_EXIT_OK;

	dnsauth_buf_init(&out, 0);
	dnsauth_buf_init(&err, 0);
	dnsauth_buf_init(&yaml, 0);
	if (dnsauth_template_list(dir, "dmarc", &names, &n, &err) != 0) {
		cli_error(PROG, "%s", dnsauth_buf_str(&err));
		status = CLI_EXIT_USAGE;
		goto out;
	}
	dnsauth_json_init(&j, &out, true);
	if (o->c.format == CLI_FMT_JSON) {
		dnsauth_json_object_begin(&j);
		dnsauth_json_key(&j, "templates");
		dnsauth_json_array_begin(&j);
	}
	for (i = 0; i < n; i++) {
		struct dnsauth_dmarc_desc *d = NULL;
		struct dnsauth_ydoc *doc = NULL;
		struct dnsauth_buf rec;
		const struct dnsauth_ynode *t;
		char *path = NULL;

		/* the record each template gives for example.com */
		dnsauth_buf_reset(&yaml);
		dnsauth_buf_printf(&yaml, "domain: example.com\ntemplate: %s\n", names[i]);
		if (dnsauth_dmarc_desc_parse("command line", yaml.data, yaml.len, dir,
					     o->standard, &d, &err) != 0 ||
		    asprintf(&path, "%s/dmarc/%s.yaml", dir, names[i]) < 0 ||
		    dnsauth_ydoc_load(path, &doc, &err) != 0) {
			cli_error(PROG, "%s", cli_strip_position(dnsauth_buf_str(&err)));
			dnsauth_dmarc_desc_free(d);
			free(path);
			status = CLI_EXIT_USAGE;
			goto out;
		}
		t = doc->root ? dnsauth_ynode_get(doc->root, "title") : NULL;
		dnsauth_buf_init(&rec, 0);
		dnsauth_dmarc_print(d->dmarc, &rec);
		if (o->c.format == CLI_FMT_JSON) {
			dnsauth_json_object_begin(&j);
			dnsauth_json_kv_string(&j, "name", names[i]);
			dnsauth_json_kv_string(&j, "title", t ? t->value : NULL);
			dnsauth_json_kv_string(&j, "example", dnsauth_buf_str(&rec));
			dnsauth_json_object_end(&j);
		} else {
			dnsauth_buf_printf(&out, "%-24s %s\n    %s\n", names[i],
					   t && t->value ? t->value : "", dnsauth_buf_str(&rec));
		}
		dnsauth_buf_free(&rec);
		dnsauth_ydoc_free(doc);
		dnsauth_dmarc_desc_free(d);
		free(path);
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
	dnsauth_buf_free(&yaml);
	return status;
}

static const char *std_name(enum dnsauth_dmarc_standard s)
{
	return s == DNSAUTH_DMARC_RFC7489 ? "rfc7489" : "rfc9989";
}

static void json_effective(struct dnsauth_json *j, const struct dnsauth_dmarc *m,
			   enum dnsauth_dmarc_standard std)
{
	struct dnsauth_dmarc_effective e;

	dnsauth_dmarc_effective(m, std, &e);
	dnsauth_json_key(j, std_name(std));
	dnsauth_json_object_begin(j);
	dnsauth_json_key(j, "applies");
	dnsauth_json_bool(j, e.applies);
	dnsauth_json_kv_string(j, "domain", dnsauth_dmarc_policy_name(e.domain));
	dnsauth_json_kv_string(j, "subdomain", dnsauth_dmarc_policy_name(e.subdomain));
	dnsauth_json_kv_string(j, "nonexistent", dnsauth_dmarc_policy_name(e.nonexistent));
	dnsauth_json_key(j, "testing");
	dnsauth_json_bool(j, e.testing);
	dnsauth_json_kv_int(j, "pct", e.pct);
	dnsauth_json_object_end(j);
}

static void render(struct dnsauth_buf *out, const struct opts *o,
		   const struct dnsauth_dmarc_desc *d, const char *owner,
		   const char *value, const struct dnsauth_dmarc_auth *a, size_t na,
		   const struct dnsauth_findings *fl)
{
	struct dnsauth_json j;
	size_t i;

	if (o->c.format == CLI_FMT_JSON) {
		dnsauth_json_init(&j, out, true);
		dnsauth_json_object_begin(&j);
		dnsauth_json_kv_string(&j, "domain", d->domain);
		dnsauth_json_kv_string(&j, "name", owner);
		dnsauth_json_kv_string(&j, "type", "TXT");
		dnsauth_json_kv_int(&j, "ttl", d->ttl);
		dnsauth_json_kv_string(&j, "value", value);
		cli_json_strings(&j, value, true);
		dnsauth_json_kv_string(&j, "standard", std_name(d->standard));
		dnsauth_json_kv_string(&j, "template", d->template_name);
		dnsauth_json_key(&j, "effective");
		dnsauth_json_object_begin(&j);
		json_effective(&j, d->dmarc, DNSAUTH_DMARC_RFC9989);
		json_effective(&j, d->dmarc, DNSAUTH_DMARC_RFC7489);
		dnsauth_json_object_end(&j);
		dnsauth_json_key(&j, "report_authorizations");
		dnsauth_json_array_begin(&j);
		for (i = 0; i < na; i++) {
			dnsauth_json_object_begin(&j);
			const char *p, *q;
			struct dnsauth_buf nm;

			dnsauth_buf_init(&nm, 0);
			dnsauth_buf_printf(&nm, "%s.", a[i].name);
			dnsauth_json_kv_string(&j, "publisher", a[i].host);
			dnsauth_json_kv_string(&j, "name", dnsauth_buf_str(&nm));
			dnsauth_buf_free(&nm);
			dnsauth_json_kv_string(&j, "type", "TXT");
			dnsauth_json_kv_string(&j, "value", "v=DMARC1");
			dnsauth_json_key(&j, "authorizes");
			dnsauth_json_array_begin(&j);
			for (p = a[i].uris; *p; p = *q ? q + 1 : q) {
				q = strchr(p, ',');
				if (!q)
					q = p + strlen(p);
				dnsauth_json_string_n(&j, p, (size_t)(q - p));
			}
			dnsauth_json_array_end(&j);
			dnsauth_json_object_end(&j);
		}
		dnsauth_json_array_end(&j);
		dnsauth_json_key(&j, "findings");
		dnsauth_report_json_array(&j, fl, DNSAUTH_SEV_INFO);
		dnsauth_json_object_end(&j);
		dnsauth_json_finish(&j);
		dnsauth_buf_putc(out, '\n');
		return;
	}
	if (o->c.format == CLI_FMT_ZONE)
		dnsauth_txt_zone_line(out, owner, d->ttl, value, strlen(value), true);
	else
		dnsauth_buf_printf(out, "%s\n", value);
	if (na == 0)
		return;
	dnsauth_buf_puts(out, "\n; Report authorization (RFC 9990): each record below belongs in the\n"
			 "; report receiver's zone, not in this one. Until it is published there,\n"
			 "; receivers ignore the report address it names.\n");
	for (i = 0; i < na; i++) {
		dnsauth_buf_printf(out, "; %s must publish this, for %s:\n", a[i].host, a[i].uris);
		dnsauth_txt_zone_line(out, a[i].name, d->ttl, "v=DMARC1", 8, false);
	}
}

static int generate(const struct opts *o)
{
	const char *inputs[2] = { o->input, NULL };
	struct dnsauth_dmarc_desc *d = NULL;
	struct dnsauth_dmarc_auth *auths = NULL;
	struct dnsauth_psl *psl = NULL;
	struct dnsauth_buf err, out, yaml;
	struct dnsauth_findings fl;
	enum dnsauth_severity worst;
	char *value = NULL, *owner = NULL;
	size_t nauths = 0;
	int rc, status = CLI_EXIT_USAGE;

	dnsauth_buf_init(&err, 0);
	dnsauth_buf_init(&out, 0);
	dnsauth_buf_init(&yaml, 0);
	dnsauth_findings_init(&fl);

	if (o->input) {
		rc = dnsauth_dmarc_desc_load(o->input, o->template_dir, o->standard, &d, &err);
	} else if (cli_description(o, &yaml) != 0) {
		goto out;
	} else {
		rc = dnsauth_dmarc_desc_parse("command line", yaml.data, yaml.len,
					      o->template_dir, o->standard, &d, &err);
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
	if (d->dmarc->nrua || d->dmarc->nruf) {
		rc = dnsauth_psl_load(o->psl_path, &psl, &err);
		if (rc) {
			cli_error(PROG, "%s", dnsauth_buf_str(&err));
			goto out;
		}
	}
	rc = dnsauth_dmarc_desc_check(d, psl, &value, &auths, &nauths, &fl);
	if (rc || asprintf(&owner, "_dmarc.%s.", d->domain) < 0) {
		owner = NULL;
		cli_error(PROG, "out of memory");
		goto out;
	}
	worst = cli_report(&fl, o->c.quiet, true);
	if (worst == DNSAUTH_SEV_ERROR && !o->c.force) {
		cli_error(PROG, "refusing to print a DMARC record for %s that has errors (--force prints it anyway)",
			  d->domain);
		goto out;
	}
	render(&out, o, d, owner, value, auths, nauths, &fl);
	if (cli_write_output(PROG, o->c.output, &out, inputs) != 0)
		goto out;
	status = worst == DNSAUTH_SEV_ERROR ? CLI_EXIT_FINDINGS : CLI_EXIT_OK;
out:
	free(value);
	free(owner);
	dnsauth_dmarc_auths_free(auths, nauths);
	dnsauth_dmarc_desc_free(d);
	dnsauth_psl_free(psl);
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
