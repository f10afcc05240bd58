/* SPDX-License-Identifier: MIT */
/*
 * cmd.h - what the dnsauth subcommands share: the exit statuses, the
 * options that pick and tune the DNS source, and opening that source.
 */
#ifndef DNSAUTH_VERIFY_CMD_H
#define DNSAUTH_VERIFY_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "dns.h"

#define PROG "dnsauth"
#define MAX_LIST 64

/* Exit statuses. */
enum {
	EXIT_CLEAN = 0,      /* no error findings; SPF pass */
	EXIT_ERRORS = 1,     /* error findings; any other SPF result */
	EXIT_USAGE = 2,
	EXIT_INCOMPLETE = 3, /* verify: no DNS answers at all */
};

/* Options of verify (spf uses the DNS ones and helo). */
struct verify_opts {
	const char *servers[MAX_LIST];
	size_t nservers;
	const char *zones[MAX_LIST];
	size_t nzones;
	const char *selectors[MAX_LIST];
	size_t nselectors;
	const char *ips[MAX_LIST];
	size_t nips;
	const char *helo;
	const char *psl_path;
	const char *output;
	long port, timeout_ms, retries, deadline_s;
	bool json, quiet, non_sending, no_probe, doc_ok;
};

/* The DNS source the options ask for: zone files or the live network,
 * with the deadline set. NULL after printing an error; the caller frees
 * the handle with dnsauth_dns_free(). */
struct dnsauth_dns *cmd_open_source(const struct verify_opts *o, struct dnsauth_buf *err);

/* Monotonic milliseconds, for elapsed times. */
long cmd_now_ms(void);

/* dnsauth verify ARGS (argv[0] is "verify"); returns the exit status. */
int cmd_verify(int argc, char **argv);

/* dnsauth spf ARGS (argv[0] is "spf"); returns the exit status. */
int cmd_spf(int argc, char **argv);

#endif
