/* SPDX-License-Identifier: MIT */
/*
 * responder.h - a tiny DNS responder on 127.0.0.1 for unit tests: it
 * answers every query with one RCODE (SERVFAIL, REFUSED ...), from a
 * thread, so audit tests can prove that failed lookups are reported as
 * failures and never as missing records.
 */
#ifndef DNSAUTH_TEST_RESPONDER_H
#define DNSAUTH_TEST_RESPONDER_H

#include <pthread.h>

#include "dns.h"

struct responder {
	int fd;
	int stop[2];
	unsigned rcode;
	unsigned short port;
	pthread_t th;
};

/** \brief Start answering every query on a free loopback port with RCODE
 *  \p rcode (asserts on failure). */
void responder_start(struct responder *rs, unsigned rcode);

/** \brief Stop the responder and close its sockets. */
void responder_stop(struct responder *rs);

/** \brief A live DNS source pointed at the responder (one attempt, short
 *  timeout); free with dnsauth_dns_free(). */
struct dnsauth_dns *live_to(const struct responder *rs);

#endif
