/* SPDX-License-Identifier: MIT */
/* cli.c - shared front-end helpers for the generators. */
#include <config.h>

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "output.h"
#include "report.h"
#include "txt.h"

void cli_error(const char *prog, const char *fmt, ...)
{
	struct dnsauth_buf b;
	va_list ap;

	dnsauth_buf_init(&b, 0);
	dnsauth_buf_printf(&b, "%s: error: ", prog);
	va_start(ap, fmt);
	dnsauth_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	dnsauth_buf_putc(&b, '\n');
	fflush(stdout);
	dnsauth_write_all(STDERR_FILENO, dnsauth_buf_str(&b), b.len);
	dnsauth_buf_free(&b);
}

void cli_version(const char *prog)
{
	printf("%s (%s) %s\n", prog, PACKAGE_NAME, PACKAGE_VERSION);
}

void cli_write_stderr(const struct dnsauth_buf *b)
{
	if (b->len == 0)
		return;
	fflush(stdout);
	dnsauth_write_all(STDERR_FILENO, b->data, b->len);
}

int cli_write_output(const char *prog, const char *path,
		     const struct dnsauth_buf *out, const char *const *inputs)
{
	struct dnsauth_buf err;
	mode_t mask;
	int rc;

	if (out->err) {
		cli_error(prog, "cannot build the output: out of memory or too large");
		return -1;
	}
	if (!path || strcmp(path, "-") == 0) {
		if (dnsauth_write_all(STDOUT_FILENO, dnsauth_buf_str(out), out->len) != 0) {
			cli_error(prog, "cannot write to standard output");
			return -1;
		}
		return 0;
	}
	mask = umask(0);
	umask(mask);
	dnsauth_buf_init(&err, 0);
	rc = dnsauth_write_atomic(path, dnsauth_buf_str(out), out->len,
				  0666 & ~mask, inputs, true, &err);
	if (rc)
		cli_error(prog, "%s", dnsauth_buf_str(&err));
	dnsauth_buf_free(&err);
	return rc ? -1 : 0;
}

int cli_add_list(const char *prog, const char **v, size_t *n, size_t max,
		 const char *s, const char *what)
{
	if (*n == max) {
		cli_error(prog, "at most %zu %s options", max, what);
		return -1;
	}
	v[(*n)++] = s;
	return 0;
}

int cli_number(const char *prog, const char *s, long min, long max, long *out,
	       const char *what)
{
	char *end;
	long v;

	v = strtol(s, &end, 10);
	if (*s < '0' || *s > '9' || *end || v < min || v > max) {
		cli_error(prog, "%s must be a number from %ld to %ld", what, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

const char *cli_strip_position(const char *msg)
{
	const char *p = msg;
	int colons = 0;

	if (strncmp(msg, "command line:", 13) != 0)
		return msg;
	while (*p && colons < 3) {
		if (*p == ':')
			colons++;
		p++;
	}
	while (*p == ' ')
		p++;
	return *p ? p : msg;
}

void cli_json_strings(struct dnsauth_json *j, const char *value, bool at_spaces)
{
	struct dnsauth_txt_chunk *chunks = NULL;
	size_t n = 0, i;

	dnsauth_json_key(j, "strings");
	dnsauth_json_array_begin(j);
	if (dnsauth_txt_split(value, strlen(value), DNSAUTH_TXT_STRING_MAX, at_spaces,
			      &chunks, &n, NULL) == 0)
		for (i = 0; i < n; i++)
			dnsauth_json_string_n(j, value + chunks[i].off, chunks[i].len);
	free(chunks);
	dnsauth_json_array_end(j);
}

void cli_common_init(struct cli_common *c)
{
	memset(c, 0, sizeof(*c));
	c->format = CLI_FMT_VALUE;
	c->ttl = -1;
}

int cli_common_option(const char *prog, int opt, const char *arg, bool text_ok,
		      struct cli_common *c)
{
	char *end;

	switch (opt) {
	case 'f':
		if (strcmp(arg, "value") == 0) {
			c->format = CLI_FMT_VALUE;
		} else if (strcmp(arg, "zone") == 0) {
			c->format = CLI_FMT_ZONE;
		} else if (strcmp(arg, "json") == 0) {
			c->format = CLI_FMT_JSON;
		} else if (text_ok && strcmp(arg, "text") == 0) {
			c->format = CLI_FMT_TEXT;
		} else {
			struct dnsauth_buf s;

			dnsauth_buf_init(&s, 0);
			dnsauth_buf_put_safe(&s, arg, strlen(arg));
			cli_error(prog, "unknown format '%s' (value, zone or json)",
				  dnsauth_buf_str(&s));
			dnsauth_buf_free(&s);
			return -1;
		}
		c->format_set = true;
		return 1;
	case 'o':
		c->output = arg;
		return 1;
	case CLI_OPT_TTL:
		c->ttl = strtol(arg, &end, 10);
		if (*arg < '0' || *arg > '9' || *end || c->ttl < 0 || c->ttl > 2147483647L) {
			cli_error(prog, "--ttl must be a number of seconds (0-2147483647)");
			return -1;
		}
		return 1;
	case CLI_OPT_FORCE:
		c->force = true;
		return 1;
	case 'q':
		c->quiet = true;
		return 1;
	}
	return 0;
}

int cli_check_format(const char *prog, const struct cli_common *c, bool listing)
{
	if (listing && c->format_set && c->format != CLI_FMT_TEXT &&
	    c->format != CLI_FMT_JSON) {
		cli_error(prog, "--list-templates prints text or json");
		return -1;
	}
	if (!listing && c->format == CLI_FMT_TEXT) {
		cli_error(prog, "unknown format 'text' for a record (value, zone or json)");
		return -1;
	}
	return 0;
}

enum dnsauth_severity cli_report(const struct dnsauth_findings *fl, bool quiet,
				 bool details)
{
	struct dnsauth_report_opts ro;
	struct dnsauth_buf diag;

	dnsauth_report_opts_init(&ro);
	ro.color = dnsauth_report_color_wanted(STDERR_FILENO);
	ro.min_severity = quiet ? DNSAUTH_SEV_ERROR : DNSAUTH_SEV_INFO;
	ro.details = details;
	dnsauth_buf_init(&diag, 0);
	dnsauth_report_text(&diag, fl, &ro);
	cli_write_stderr(&diag);
	dnsauth_buf_free(&diag);
	return dnsauth_findings_worst(fl);
}
