/* SPDX-License-Identifier: MIT */
/*
 * dnsauth - the verifier's front end: "dnsauth verify DOMAIN..." audits
 * live DNS (or zone files), "dnsauth spf IP" evaluates SPF for a sending
 * address, "dnsauth rules" lists the rule catalogue.
 */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd.h"
#include "json.h"
#include "rules.h"

static void usage_main(FILE *f)
{
	fputs("Usage: dnsauth COMMAND [OPTIONS] ...\n"
	      "\n"
	      "Commands:\n"
	      "  verify DOMAIN...   check a domain's mail-authentication records in DNS\n"
	      "  spf IP [DOMAIN]    evaluate SPF for a sending IP (RFC 7208 check_host)\n"
	      "  lint FILE...       check zone files and snippets (runs dnsauth-lint)\n"
	      "  rules              list the rule catalogue (every finding id)\n"
	      "\n"
	      "Options:\n"
	      "  -h, --help         show this help and exit\n"
	      "  -V, --version      show the version and exit\n"
	      "\n"
	      "'dnsauth COMMAND --help' describes a command.\n", f);
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

/* "dnsauth lint ARGS": run dnsauth-lint from the directory of this
 * program, else from PATH (as git runs its git-* commands). Returns only
 * on failure. */
static int lint(char **argv)
{
	char self[PATH_MAX], path[PATH_MAX + 32];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	argv[0] = (char *)"dnsauth-lint";
	if (n > 0) {
		char *slash;

		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			snprintf(path, sizeof(path), "%s/dnsauth-lint", self);
			if (access(path, X_OK) == 0)
				execv(path, argv);
		}
	}
	execvp("dnsauth-lint", argv);
	cli_error(PROG, "cannot run dnsauth-lint: %s (install it beside dnsauth or on PATH)",
		  strerror(errno));
	return EXIT_USAGE;
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
		return cmd_verify(argc - 1, argv + 1);
	if (strcmp(argv[1], "spf") == 0)
		return cmd_spf(argc - 1, argv + 1);
	if (strcmp(argv[1], "lint") == 0)
		return lint(argv + 1);
	if (strcmp(argv[1], "rules") == 0)
		return rules(argc - 1, argv + 1);
	cli_error(PROG, "unknown command '%s'; see 'dnsauth --help'", argv[1]);
	return EXIT_USAGE;
}
