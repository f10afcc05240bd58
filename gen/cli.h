/* SPDX-License-Identifier: MIT */
/*
 * cli.h - what every generator front end shares: messages, output
 * destination (standard output or an atomic file), exit codes.
 */
#ifndef DNSAUTH_GEN_CLI_H
#define DNSAUTH_GEN_CLI_H

#include <stdbool.h>

#include "buf.h"
#include "json.h"

/** Exit codes of the generators. */
enum cli_exit {
	CLI_EXIT_OK = 0,       /*!< record printed */
	CLI_EXIT_FINDINGS = 1, /*!< printed with error findings (--force) */
	CLI_EXIT_USAGE = 2,    /*!< usage or input error, or refused */
};

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

/** \brief Write key "strings": the value split into zone character-strings
 *  of at most 255 octets (at spaces when \p at_spaces). */
void cli_json_strings(struct dnsauth_json *j, const char *value, bool at_spaces);

#endif
