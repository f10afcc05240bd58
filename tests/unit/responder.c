/* SPDX-License-Identifier: MIT */
/* responder.c - a DNS responder answering one RCODE, for unit tests. */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "buf.h"
#include "responder.h"


static void *serve(void *arg)
{
	struct responder *rs = arg;
	unsigned char buf[1500];

	for (;;) {
		struct pollfd p[2] = { { rs->fd, POLLIN, 0 }, { rs->stop[0], POLLIN, 0 } };
		struct sockaddr_storage from;
		socklen_t fl = sizeof(from);
		ssize_t n;
		size_t end;

		if (poll(p, 2, -1) < 0 || p[1].revents)
			break;
		n = recvfrom(rs->fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
		if (n < 12)
			continue;
		/* keep the header and the question, drop the rest */
		for (end = 12; end < (size_t)n && buf[end] != 0; end += buf[end] + 1u)
			;
		end += 5;
		if (end > (size_t)n)
			continue;
		buf[2] = (unsigned char)((buf[2] | 0x80) & ~0x02); /* QR, not TC */
		buf[3] = (unsigned char)(0x80 | rs->rcode);       /* RA, RCODE */
		memset(buf + 6, 0, 6);                              /* no records */
		sendto(rs->fd, buf, end, 0, (struct sockaddr *)&from, fl);
	}
	return NULL;
}

void responder_start(struct responder *rs, unsigned rcode)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);

	memset(rs, 0, sizeof(*rs));
	rs->rcode = rcode;
	rs->fd = socket(AF_INET, SOCK_DGRAM, 0);
	ck_assert_int_ge(rs->fd, 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(rs->fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	ck_assert_int_eq(getsockname(rs->fd, (struct sockaddr *)&sin, &len), 0);
	rs->port = ntohs(sin.sin_port);
	ck_assert_int_eq(pipe(rs->stop), 0);
	ck_assert_int_eq(pthread_create(&rs->th, NULL, serve, rs), 0);
}

void responder_stop(struct responder *rs)
{
	ck_assert_int_eq(write(rs->stop[1], "x", 1), 1);
	pthread_join(rs->th, NULL);
	close(rs->fd);
	close(rs->stop[0]);
	close(rs->stop[1]);
}

struct dnsauth_dns *live_to(const struct responder *rs)
{
	static const char *const servers[] = { "127.0.0.1" };
	struct dnsauth_dns_live_opts lo;
	struct dnsauth_dns *dns = NULL;
	struct dnsauth_buf err;

	memset(&lo, 0, sizeof(lo));
	lo.servers = servers;
	lo.nservers = 1;
	lo.port = rs->port;
	lo.timeout_ms = 1000;
	lo.retries = 0;
	lo.retries_set = true;
	dnsauth_buf_init(&err, 0);
	ck_assert_msg(dnsauth_dns_new_live(&lo, &dns, &err) == 0, "live source: %s",
		      dnsauth_buf_str(&err));
	dnsauth_buf_free(&err);
	return dns;
}

