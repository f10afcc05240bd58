/* SPDX-License-Identifier: MIT */
/*
 * cli.h - what every generator front end shares: messages, output
 * destination (standard output or an atomic file), exit codes.
 */
#ifndef DNSAUTH_GEN_CLI_H
#define DNSAUTH_GEN_CLI_H

#include <stdbool.h>

#include "buf.h"
#include "finding.h"
#include "json.h"

/** Exit codes of the generators. */
enum cli_exit {
	CLI_EXIT_OK = 0,       /*!< record printed */
	CLI_EXIT_FINDINGS = 1, /*!< printed with error findings (--force) */
	CLI_EXIT_USAGE = 2,    /*!< usage or input error, or refused */
};

/** Output formats of the generators. */
enum cli_format { CLI_FMT_VALUE, CLI_FMT_ZONE, CLI_FMT_JSON, CLI_FMT_TEXT };

/** Options every generator has: -f, -o, --ttl, --force, -q. */
struct cli_common {
	enum cli_format format;
	bool format_set;
	const char *output;  /*!< -o FILE, NULL for standard output */
	long ttl;            /*!< --ttl, -1 when not given */
	bool force;
	bool quiet;
};

/** getopt_long values of the shared long-only options (keep other
 *  programs' own values below CLI_OPT_BASE). */
enum { CLI_OPT_BASE = 1000, CLI_OPT_TTL, CLI_OPT_FORCE };

/** The shared entries of a getopt_long option table. */
#define CLI_COMMON_LONGOPTS \
	{ "format", required_argument, NULL, 'f' }, \
	{ "output", required_argument, NULL, 'o' }, \
	{ "ttl", required_argument, NULL, CLI_OPT_TTL }, \
	{ "force", no_argument, NULL, CLI_OPT_FORCE }, \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, 'V' }
/** The shared short options, for getopt_long's option string. */
#define CLI_COMMON_SHORTOPTS "f:o:qhV"

/** \brief Defaults: value format, standard output, no TTL override. */
void cli_common_init(struct cli_common *c);

/**
 * \brief Handle option \p opt if it is one of the shared ones (not -h and
 * -V, which print program-specific text). "text" is accepted as a format
 * only when \p text_ok.
 * \return 1 handled, 0 not a shared option, -1 invalid (message printed)
 */
int cli_common_option(const char *prog, int opt, const char *arg, bool text_ok,
		      struct cli_common *c);

/**
 * \brief Check the format against what is printed: a template listing
 * (\p listing) is text or json, a record is value, zone or json.
 * \return 0, or -1 after printing an error.
 */
int cli_check_format(const char *prog, const struct cli_common *c, bool listing);

/**
 * \brief Print findings on standard error (errors only with \p quiet; one
 * line each unless \p details) and return the worst severity.
 */
enum dnsauth_severity cli_report(const struct dnsauth_findings *fl, bool quiet,
				 bool details);

/** \brief Print "prog: error: message" to standard error. */
void cli_error(const char *prog, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/** \brief Print "prog VERSION" to standard output. */
void cli_version(const char *prog);

/**
 * \brief Write \p out to standard output (path NULL or "-") or atomically
 * to \p path, never over one of \p inputs (NULL-terminated).
 * \return 0, or -1 after printing an error.
 */
int cli_write_output(const char *prog, const char *path,
		     const struct dnsauth_buf *out, const char *const *inputs);

/** \brief Write a buffer to standard error (nothing when empty). */
void cli_write_stderr(const struct dnsauth_buf *b);

/** \brief Drop the "command line:L:C: " prefix from a loader message about
 *  a description synthesized from options. Returns a pointer into \p msg. */
const char *cli_strip_position(const char *msg);

/** \brief Append \p s to the list \p v of *\p n entries, at most \p max
 *  (the caller owns \p v; \p s is stored, not copied). Past \p max:
 *  "at most MAX WHAT options" on standard error, -1. \return 0 or -1 */
int cli_add_list(const char *prog, const char **v, size_t *n, size_t max,
		 const char *s, const char *what);

/** \brief Parse the decimal number \p s, from \p min to \p max, into
 *  *\p out. Otherwise "WHAT must be a number from MIN to MAX" on
 *  standard error, -1 (*\p out unchanged). \return 0 or -1 */
int cli_number(const char *prog, const char *s, long min, long max, long *out,
	       const char *what);

/** \brief Write key "strings": the value split into zone character-strings
 *  of at most 255 octets (at spaces when \p at_spaces). */
void cli_json_strings(struct dnsauth_json *j, const char *value, bool at_spaces);

#endif
