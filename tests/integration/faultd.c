/* SPDX-License-Identifier: MIT */
/*
 * faultd.c - a deliberately broken DNS responder on 127.0.0.1 (UDP and
 * TCP, same port) for tests/integration/dns-faults.sh. It answers by the
 * first label of the query name:
 *
 *   servfail, refused, notimp, nxdomain   that RCODE
 *   nodata             NOERROR, no records, SOA in authority
 *   timeout            never answers (UDP or TCP)
 *   truncated          TC=1 over UDP; the real answer over TCP
 *   tcbig              TC=1 over UDP; 200 TXT records (~52 KB) over TCP
 *   truncated-broken   TC=1 over UDP; TCP connections are closed at once
 *   truncated-silent   TC=1 over UDP; TCP never answers
 *   malformed          garbage after the right ID
 *   badcount           a header claiming 65535 answers, none present
 *   empty              a zero-length datagram
 *   noqr               a "response" without QR
 *   wrongid            a response with another ID, never the right one
 *   wrongid-then-right one with another ID, then the right one
 *   wrongname          a response to another question name
 *   formerr-noq        FORMERR without a question section
 *   slow, slowNNN      the answer after --slow-ms (or NNN) milliseconds
 *   big                40 TXT records (~10 KB) in one UDP datagram
 *   chain              a CNAME to end.<the rest>, nothing else
 *   cnameloop          a CNAME to the name itself
 *   referral           no answer, not authoritative, NS in authority
 *   anything else      TXT "ok" (an A query: 192.0.2.1)
 *
 * Usage: faultd [--address A] [--port N] [--port-file F] [--lifetime S]
 *               [--slow-ms N] [--blackhole]
 * --address is an IPv4 loopback address (default 127.0.0.1); --blackhole
 * never answers anything (a dead server for the rotation tests).
 * Port 0 (the default) picks a free port; the port is written to
 * --port-file (or stdout) once both sockets listen. faultd exits on
 * SIGTERM/SIGINT or after --lifetime seconds (default 120), so a test
 * that dies cannot leave it running for long.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 32
#define MAX_DELAYED 256
#define MSG_MAX 65535

struct conn {
	int fd;
	uint8_t in[2 + 512];
	size_t inlen;
	bool silent;            /* read and ignore until the client closes */
};

struct delayed {
	uint64_t due;
	struct sockaddr_in to;
	uint8_t *msg;
	size_t len;
};

static volatile sig_atomic_t stop;
static unsigned slow_ms = 500;
static bool blackhole;
static struct in_addr address;
static struct delayed pending[MAX_DELAYED];
static size_t npending;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* A parsed query: its ID, RD, the question's extent, and the first label. */
struct query {
	uint16_t id;
	bool rd;
	const uint8_t *question;        /* name, type, class as sent */
	size_t qlen;
	size_t namelen;                 /* wire length of the name */
	uint16_t qtype;
	char label[64];                 /* first label, lower case */
};

static int parse_query(const uint8_t *m, size_t len, struct query *q)
{
	size_t off = 12;

	memset(q, 0, sizeof(*q));
	if (len < 12 || (m[2] & 0x80) || m[4] != 0 || m[5] != 1)
		return -1;
	q->id = (uint16_t)(m[0] << 8 | m[1]);
	q->rd = (m[2] & 0x01) != 0;
	while (off < len && m[off] != 0) {
		size_t l = m[off];

		if (l > 63 || off + 1 + l >= len || off + 1 + l - 12 > 255)
			return -1;
		if (off == 12) {
			size_t i;

			for (i = 0; i < l; i++) {
				char c = (char)m[off + 1 + i];

				q->label[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			}
			q->label[l] = '\0';
		}
		off += 1 + l;
	}
	if (off + 5 > len)
		return -1;
	q->namelen = off + 1 - 12;
	q->qtype = (uint16_t)(m[off + 1] << 8 | m[off + 2]);
	q->question = m + 12;
	q->qlen = q->namelen + 4;
	return 0;
}

static size_t put16(uint8_t *p, size_t off, unsigned v)
{
	p[off] = (uint8_t)(v >> 8);
	p[off + 1] = (uint8_t)(v & 0xff);
	return off + 2;
}

/* Header and question of a response. */
static size_t start_response(uint8_t *out, const struct query *q, unsigned rcode, bool aa,
			     bool tc, unsigned an, unsigned ns)
{
	size_t off;

	off = put16(out, 0, q->id);
	out[2] = (uint8_t)(0x80 | (aa ? 0x04 : 0) | (tc ? 0x02 : 0) | (q->rd ? 0x01 : 0));
	out[3] = (uint8_t)(rcode & 0x0f);
	off = 4;
	off = put16(out, off, 1);
	off = put16(out, off, an);
	off = put16(out, off, ns);
	off = put16(out, off, 0);
	memcpy(out + off, q->question, q->qlen);
	return off + q->qlen;
}

/* One record owned by the query name (a pointer to offset 12). */
static size_t put_rr(uint8_t *out, size_t off, unsigned type, const uint8_t *rdata,
		     size_t rdlen)
{
	off = put16(out, off, 0xc00c);
	off = put16(out, off, type);
	off = put16(out, off, 1);
	off = put16(out, off, 0);
	off = put16(out, off, 60);
	off = put16(out, off, (unsigned)rdlen);
	memcpy(out + off, rdata, rdlen);
	return off + rdlen;
}

/* A TXT or A record answering the question, whatever its type. */
static size_t put_ok(uint8_t *out, size_t off, const struct query *q, const char *text)
{
	uint8_t rd[256];
	size_t n = strlen(text);

	if (q->qtype == 1) {
		static const uint8_t a[4] = { 192, 0, 2, 1 };

		return put_rr(out, off, 1, a, 4);
	}
	rd[0] = (uint8_t)n;
	memcpy(rd + 1, text, n);
	return put_rr(out, off, 16, rd, n + 1);
}

/* The normal answer (also the one over TCP): TXT "text". */
static size_t answer_ok(uint8_t *out, const struct query *q, const char *text)
{
	size_t off = start_response(out, q, 0, true, false, 1, 0);

	return put_ok(out, off, q, text);
}

/* n TXT records of 250 octets. */
static size_t answer_many(uint8_t *out, const struct query *q, unsigned n)
{
	size_t off = start_response(out, q, 0, true, false, q->qtype == 16 ? n : 0, 0);
	uint8_t rd[251];
	unsigned i;

	if (q->qtype != 16)
		return off;
	memset(rd + 1, 'x', 250);
	rd[0] = 250;
	for (i = 0; i < n && off + 12 + sizeof(rd) < MSG_MAX; i++) {
		rd[1] = (uint8_t)('0' + i % 10);
		off = put_rr(out, off, 16, rd, sizeof(rd));
	}
	return off;
}

static bool starts(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static void queue_delayed(const struct sockaddr_in *to, const uint8_t *m, size_t len,
			  unsigned delay)
{
	struct delayed *d;

	if (npending >= MAX_DELAYED)
		return;
	d = &pending[npending];
	d->msg = malloc(len ? len : 1);
	if (!d->msg)
		return;
	memcpy(d->msg, m, len);
	d->len = len;
	d->to = *to;
	d->due = now_ms() + delay;
	npending++;
}

/* Build the UDP reaction to a query; returns the length to send, or -1
 * for none (a delayed answer is queued here). */
static long udp_reaction(const struct query *q, uint8_t *out, const struct sockaddr_in *from)
{
	const char *l = q->label;
	size_t off;

	if (strcmp(l, "timeout") == 0)
		return -1;
	if (strcmp(l, "servfail") == 0)
		return (long)start_response(out, q, 2, false, false, 0, 0);
	if (strcmp(l, "refused") == 0)
		return (long)start_response(out, q, 5, false, false, 0, 0);
	if (strcmp(l, "notimp") == 0)
		return (long)start_response(out, q, 4, false, false, 0, 0);
	if (strcmp(l, "nxdomain") == 0)
		return (long)start_response(out, q, 3, true, false, 0, 0);
	if (strcmp(l, "nodata") == 0) {
		static const uint8_t soa[] = {
			0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0x1c, 0x20, 0, 0, 0x0e, 0x10,
			0, 0x12, 0x75, 0, 0, 0, 0x01, 0x2c,
		};

		off = start_response(out, q, 0, true, false, 0, 1);
		/* the SOA is owned by the root here: it covers any name */
		out[off++] = 0;
		off = put16(out, off, 6);
		off = put16(out, off, 1);
		off = put16(out, off, 0);
		off = put16(out, off, 60);
		off = put16(out, off, sizeof(soa));
		memcpy(out + off, soa, sizeof(soa));
		return (long)(off + sizeof(soa));
	}
	if (starts(l, "truncated") || strcmp(l, "tcbig") == 0)
		return (long)start_response(out, q, 0, true, true, 0, 0);
	if (strcmp(l, "malformed") == 0) {
		static const uint8_t junk[] = "\x81\x80\x00\x01\x00\x05\x00\x00\x00\x00"
					      "\x07garbage\xc0\xff\xde\xad\xbe\xef";

		put16(out, 0, q->id);
		memcpy(out + 2, junk, sizeof(junk) - 1);
		return (long)(sizeof(junk) + 1);
	}
	if (strcmp(l, "badcount") == 0) {
		off = start_response(out, q, 0, true, false, 0xffff, 0);
		return (long)off;
	}
	if (strcmp(l, "empty") == 0)
		return 0;
	if (strcmp(l, "noqr") == 0) {
		off = answer_ok(out, q, "noqr");
		out[2] &= 0x7f;
		return (long)off;
	}
	if (starts(l, "wrongid")) {
		struct query w = *q;

		w.id = (uint16_t)(q->id ^ 0x5a5a);
		off = answer_ok(out, &w, "wrong id");
		if (strcmp(l, "wrongid-then-right") == 0) {
			queue_delayed(from, out, off, 0);
			return (long)answer_ok(out, q, "right id");
		}
		return (long)off;
	}
	if (strcmp(l, "wrongname") == 0) {
		off = answer_ok(out, q, "wrong name");
		/* change the first letter of the question name */
		out[13] = (uint8_t)(out[13] == 'x' ? 'y' : 'x');
		return (long)off;
	}
	if (strcmp(l, "formerr-noq") == 0) {
		off = put16(out, 0, q->id);
		out[2] = 0x80;
		out[3] = 1;
		memset(out + 4, 0, 8);
		return 12;
	}
	if (starts(l, "slow")) {
		unsigned ms = l[4] ? (unsigned)strtoul(l + 4, NULL, 10) : slow_ms;

		off = answer_ok(out, q, "slow");
		queue_delayed(from, out, off, ms);
		return -1;
	}
	if (strcmp(l, "big") == 0)
		return (long)answer_many(out, q, 40);
	if (strcmp(l, "chain") == 0 || strcmp(l, "cnameloop") == 0) {
		uint8_t rd[300];
		size_t n = 0;

		if (l[0] == 'c' && l[1] == 'h') {
			/* end.<the rest of the name> */
			rd[0] = 3;
			memcpy(rd + 1, "end", 3);
			n = 4;
			memcpy(rd + n, q->question + 1 + q->question[0],
			       q->namelen - 1 - q->question[0]);
			n += q->namelen - 1 - q->question[0];
		} else {
			memcpy(rd, q->question, q->namelen);
			n = q->namelen;
		}
		off = start_response(out, q, 0, true, false, 1, 0);
		return (long)put_rr(out, off, 5, rd, n);
	}
	if (strcmp(l, "referral") == 0) {
		static const uint8_t ns[] = "\x02ns\x07" "example\x00";

		off = start_response(out, q, 0, false, false, 0, 1);
		off = put_rr(out, off, 2, ns, sizeof(ns) - 1);
		return (long)off;
	}
	return (long)answer_ok(out, q, "ok");
}

/* The TCP reaction: -1 close, 0 stay silent, else the message length. */
static long tcp_reaction(const struct query *q, uint8_t *out)
{
	const char *l = q->label;

	if (strcmp(l, "truncated-broken") == 0)
		return -1;
	if (strcmp(l, "truncated-silent") == 0 || strcmp(l, "timeout") == 0)
		return 0;
	if (strcmp(l, "tcbig") == 0)
		return (long)answer_many(out, q, 200);
	if (strcmp(l, "truncated") == 0)
		return (long)answer_ok(out, q, "via tcp");
	return (long)answer_ok(out, q, "ok over tcp");
}

static void write_all(int fd, const uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == EAGAIN) {
			struct pollfd pf = { fd, POLLOUT, 0 };

			if (poll(&pf, 1, 2000) <= 0)
				return;
			continue;
		}
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

static void conn_close(struct conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->inlen = 0;
	c->silent = false;
}

static void conn_read(struct conn *c, uint8_t *out)
{
	struct query q;
	size_t need;
	ssize_t r;
	long n;

	r = read(c->fd, c->in + c->inlen, sizeof(c->in) - c->inlen);
	if (r <= 0) {
		if (r < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		conn_close(c);
		return;
	}
	if (c->silent) {
		c->inlen = 0;
		return;
	}
	c->inlen += (size_t)r;
	if (c->inlen < 2)
		return;
	need = (size_t)c->in[0] << 8 | c->in[1];
	if (need > sizeof(c->in) - 2) {
		conn_close(c);
		return;
	}
	if (c->inlen < need + 2)
		return;
	if (parse_query(c->in + 2, need, &q) != 0) {
		conn_close(c);
		return;
	}
	n = tcp_reaction(&q, out + 2);
	if (n < 0) {
		conn_close(c);
		return;
	}
	if (n == 0) {
		c->silent = true;
		c->inlen = 0;
		return;
	}
	put16(out, 0, (unsigned)n);
	write_all(c->fd, out, (size_t)n + 2);
	c->inlen = 0;
}

static int bind_pair(unsigned port, int *udp, int *tcp, unsigned *bound)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	int one = 1;

	*udp = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	*tcp = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (*udp < 0 || *tcp < 0)
		goto fail;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr = address;
	sa.sin_port = htons((uint16_t)port);
	if (bind(*udp, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		goto fail;
	if (getsockname(*udp, (struct sockaddr *)&sa, &sl) != 0)
		goto fail;
	setsockopt(*tcp, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(*tcp, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(*tcp, 64) != 0)
		goto fail;
	*bound = ntohs(sa.sin_port);
	return 0;
fail:
	if (*udp >= 0)
		close(*udp);
	if (*tcp >= 0)
		close(*tcp);
	*udp = *tcp = -1;
	return -1;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "port-file", required_argument, NULL, 'f' },
		{ "lifetime", required_argument, NULL, 'l' },
		{ "slow-ms", required_argument, NULL, 's' },
		{ "address", required_argument, NULL, 'a' },
		{ "blackhole", no_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	static uint8_t in[MSG_MAX], out[MSG_MAX + 2];
	struct conn conns[MAX_CONNS];
	struct pollfd pfd[2 + MAX_CONNS];
	unsigned port = 0, bound = 0, lifetime = 120, tries;
	const char *port_file = NULL;
	struct sigaction sa;
	uint64_t end;
	int udp = -1, tcp = -1, c;
	size_t i;

	address.s_addr = htonl(INADDR_LOOPBACK);
	for (;;) {
		c = getopt_long(argc, argv, "p:f:l:s:a:b", longopts, NULL);
		if (c == -1)
			break;
		if (c == 'p')
			port = (unsigned)strtoul(optarg, NULL, 10);
		else if (c == 'f')
			port_file = optarg;
		else if (c == 'l')
			lifetime = (unsigned)strtoul(optarg, NULL, 10);
		else if (c == 's')
			slow_ms = (unsigned)strtoul(optarg, NULL, 10);
		else if (c == 'a' && inet_pton(AF_INET, optarg, &address) == 1)
			continue;
		else if (c == 'b')
			blackhole = true;
		else
			return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	for (tries = 0; tries < 20; tries++) {
		if (bind_pair(port, &udp, &tcp, &bound) == 0)
			break;
		if (port != 0)
			break;
	}
	if (udp < 0) {
		perror("faultd: bind");
		return 1;
	}
	if (port_file) {
		char tmp[4096];
		FILE *f;

		snprintf(tmp, sizeof(tmp), "%s.tmp", port_file);
		f = fopen(tmp, "w");
		if (!f || fprintf(f, "%u\n", bound) < 0 || fclose(f) != 0 ||
		    rename(tmp, port_file) != 0) {
			perror("faultd: port file");
			return 1;
		}
	} else {
		printf("%u\n", bound);
		fflush(stdout);
	}
	for (i = 0; i < MAX_CONNS; i++)
		conns[i].fd = -1;
	end = now_ms() + (uint64_t)lifetime * 1000u;
	while (!stop && now_ms() < end) {
		uint64_t now = now_ms(), wake = end;
		size_t np = 2;
		int timeout;

		for (i = 0; i < npending; i++) {
			if (pending[i].due < wake)
				wake = pending[i].due;
		}
		pfd[0].fd = udp;
		pfd[0].events = POLLIN;
		pfd[1].fd = tcp;
		pfd[1].events = POLLIN;
		for (i = 0; i < MAX_CONNS; i++) {
			pfd[np].fd = conns[i].fd;
			pfd[np].events = POLLIN;
			np++;
		}
		timeout = wake <= now ? 0 : (int)(wake - now);
		if (poll(pfd, np, timeout) < 0 && errno != EINTR)
			break;
		now = now_ms();
		/* delayed datagrams that are due */
		for (i = 0; i < npending;) {
			if (pending[i].due <= now) {
				sendto(udp, pending[i].msg, pending[i].len, 0,
				       (struct sockaddr *)&pending[i].to, sizeof(pending[i].to));
				free(pending[i].msg);
				pending[i] = pending[--npending];
			} else {
				i++;
			}
		}
		if (pfd[0].revents & POLLIN) {
			for (;;) {
				struct sockaddr_in from;
				socklen_t fl = sizeof(from);
				struct query q;
				ssize_t r = recvfrom(udp, in, sizeof(in), 0,
						     (struct sockaddr *)&from, &fl);
				long n;

				if (r < 0)
					break;
				if (blackhole || parse_query(in, (size_t)r, &q) != 0)
					continue;
				n = udp_reaction(&q, out, &from);
				if (n >= 0)
					sendto(udp, out, (size_t)n, 0, (struct sockaddr *)&from,
					       fl);
			}
		}
		if (pfd[1].revents & POLLIN) {
			for (;;) {
				int fd = accept4(tcp, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

				if (fd < 0)
					break;
				for (i = 0; i < MAX_CONNS && conns[i].fd >= 0; i++)
					;
				if (i == MAX_CONNS) {
					close(fd);
					continue;
				}
				conns[i].fd = fd;
				conns[i].inlen = 0;
				conns[i].silent = blackhole;
			}
		}
		for (i = 0; i < MAX_CONNS; i++) {
			if (conns[i].fd >= 0 && pfd[2 + i].fd == conns[i].fd &&
			    (pfd[2 + i].revents & (POLLIN | POLLHUP | POLLERR)))
				conn_read(&conns[i], out);
		}
	}
	for (i = 0; i < MAX_CONNS; i++)
		conn_close(&conns[i]);
	for (i = 0; i < npending; i++)
		free(pending[i].msg);
	close(udp);
	close(tcp);
	return 0;
}
