/* SPDX-License-Identifier: MIT */
/*
 * cmd_common.c - opening the DNS source the options ask for.
 */
#include <config.h>

#include <string.h>
#include <time.h>

#include "cli.h"
#include "cmd.h"
#include "error.h"

/* The DNS source the options ask for: zone files or the live network.
 * NULL after printing an error. */
struct dnsauth_dns *cmd_open_source(const struct verify_opts *o, struct dnsauth_buf *err)
{
	struct dnsauth_dns_live_opts lo;
	struct dnsauth_dns *dns = NULL;
	int rc;

	if (o->nzones) {
		rc = dnsauth_dns_new_zone(o->zones, o->nzones, &dns, err);
	} else {
		memset(&lo, 0, sizeof(lo));
		lo.servers = o->nservers ? o->servers : NULL;
		lo.nservers = o->nservers;
		lo.port = (uint16_t)o->port;
		lo.timeout_ms = (unsigned)o->timeout_ms;
		lo.retries = (unsigned)o->retries;
		lo.retries_set = true;
		rc = dnsauth_dns_new_live(&lo, &dns, err);
	}
	if (rc) {
		cli_error(PROG, "%s", rc == DNSAUTH_ENOMEM ? "out of memory" : dnsauth_buf_str(err));
		return NULL;
	}
	dnsauth_dns_set_deadline(dns, (unsigned)o->deadline_s * 1000u);
	return dns;
}

long cmd_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}
