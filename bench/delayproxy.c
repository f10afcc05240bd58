/* SPDX-License-Identifier: MIT */
/*
 * delayproxy.c - a DNS forwarder on 127.0.0.1 that adds a fixed latency
 * to every query, for bench/verify.sh: it stands in front of NSD so that
 * a run of dnsauth verify sees the round-trip time of a distant server,
 * and it logs every question so that duplicates can be counted.
 *
 * Every query (UDP, or TCP after a truncated answer) waits --delay-ms
 * milliseconds, then goes to 127.0.0.1:--upstream-port on a socket of its
 * own (one UDP socket, or one TCP connection, per query); the answer is
 * relayed back to the client as soon as it comes. The delay is per query,
 * never serialized: queries wait in a timer queue and one poll loop
 * (ppoll, nanosecond wake-ups) serves every socket, so n queries sent at
 * once are all forwarded delay-ms later. The delay is the same for every
 * query, so the timer queue is a FIFO: the order of arrival is the order
 * of expiry.
 *
 * The log (--log FILE) has one line per query received, written when it
 * arrives:
 *
 *     NAME TYPE PROTO MS
 *
 * NAME in lower case without the trailing dot ("." for the root, \DDD
 * for unusual octets), TYPE its mnemonic (TYPEnnn if unknown), PROTO
 * "udp" or "tcp" (a TCP query after TC=1 is not a duplicate), and MS the
 * arrival time in milliseconds since the proxy started. A query that does
 * not parse is logged as "? ? PROTO MS" and forwarded all the same.
 *
 * Usage: delayproxy --upstream-port N [--listen-port N] [--port-file F]
 *                   [--delay-ms N] [--log FILE] [--lifetime S]
 *
 * --listen-port 0 (the default) picks a free port for UDP and TCP; the
 * port is written to --port-file (or stdout) once both listen. The proxy
 * exits on SIGTERM/SIGINT, or after --lifetime seconds (default 300), so
 * a benchmark that dies cannot leave it running for long; on exit it
 * prints its counters to stderr. A query whose upstream gives no answer
 * in 5 seconds is dropped (the client retries).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_JOBS 4096u          /* queries waiting or in flight */
#define MAX_CLIENTS 64u         /* TCP client connections */
#define MSG_MAX 65535u
#define UPSTREAM_TIMEOUT_NS (5000u * 1000000ull)
#define IDLE_WAKE_NS (100u * 1000000ull) /* re-check expiries this often */

enum proto {
	PROTO_UDP,
	PROTO_TCP,
};

/* A TCP client connection. */
struct client {
	int fd;
	unsigned gen;           /* bumped on close: answers for an old
	                           connection are dropped */
	uint8_t in[2 + MSG_MAX];
	size_t inlen;
};

/* One query: waiting in the timer queue (up < 0), then in flight. */
struct job {
	bool used;
	enum proto proto;
	uint64_t due;           /* when it is forwarded (ns, monotonic) */
	uint64_t expire;        /* when an unanswered query is dropped */
	struct sockaddr_in from;/* UDP: the client */
	size_t client;          /* TCP: the client's slot ... */
	unsigned gen;           /* ... and its generation */
	uint8_t *msg;           /* the query; TCP: with its length prefix */
	size_t len;
	int up;                 /* upstream socket, -1 while waiting */
	size_t sent;            /* TCP: octets of msg written upstream */
	uint8_t *ans;           /* TCP: the answer being read, prefix included */
	size_t anslen;
};

struct counters {
	unsigned long udp, tcp, relayed, dropped;
};

static volatile sig_atomic_t stop;
static struct client clients[MAX_CLIENTS];
static struct job jobs[MAX_JOBS];
static size_t queue[MAX_JOBS];  /* FIFO of waiting jobs (indices) */
static size_t qhead, qcount;
static struct sockaddr_in upstream;
static uint64_t delay_ns, start_ns;
static FILE *log_file;
static struct counters count;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ------------------------------------------------------------------ */
/* the log                                                              */

static const char *type_name(unsigned t, char *buf, size_t size)
{
	static const struct {
		unsigned type;
		const char *name;
	} names[] = {
		{ 1, "A" }, { 2, "NS" }, { 5, "CNAME" }, { 6, "SOA" }, { 12, "PTR" },
		{ 15, "MX" }, { 16, "TXT" }, { 28, "AAAA" }, { 33, "SRV" },
		{ 43, "DS" }, { 46, "RRSIG" }, { 48, "DNSKEY" }, { 52, "TLSA" },
		{ 64, "SVCB" }, { 65, "HTTPS" }, { 99, "SPF" }, { 255, "ANY" },
		{ 257, "CAA" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].type == t)
			return names[i].name;
	snprintf(buf, size, "TYPE%u", t);
	return buf;
}

/* The question of a query as "name TYPE" (no compression in queries). */
static int question(const uint8_t *m, size_t len, char *out, size_t size)
{
	char tbuf[16];
	size_t off = 12, o = 0;

	if (len < 12 || m[4] != 0 || m[5] < 1)
		return -1;
	while (off < len && m[off] != 0) {
		size_t l = m[off], i;

		if (l > 63 || off + 1 + l >= len)
			return -1;
		for (i = 0; i < l; i++) {
			unsigned ch = m[off + 1 + i];

			if (ch >= 'A' && ch <= 'Z')
				ch += 32;
			if (o + 5 >= size)
				return -1;
			if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
			    ch == '_' || ch == '*')
				out[o++] = (char)ch;
			else
				o += (size_t)snprintf(out + o, size - o, "\\%03u", ch);
		}
		off += 1 + l;
		if (off < len && m[off] != 0)
			out[o++] = '.';
	}
	if (off + 4 >= len)
		return -1;
	if (o == 0)
		out[o++] = '.';
	snprintf(out + o, size - o, " %s",
		 type_name((unsigned)(m[off + 1] << 8 | m[off + 2]), tbuf, sizeof(tbuf)));
	return 0;
}

static void log_query(const uint8_t *m, size_t len, enum proto p, uint64_t now)
{
	char q[1100];

	if (p == PROTO_UDP)
		count.udp++;
	else
		count.tcp++;
	if (!log_file)
		return;
	if (question(m, len, q, sizeof(q)) != 0)
		snprintf(q, sizeof(q), "? ?");
	fprintf(log_file, "%s %s %.3f\n", q, p == PROTO_UDP ? "udp" : "tcp",
		(double)(now - start_ns) / 1e6);
	fflush(log_file);
}

/* ------------------------------------------------------------------ */
/* jobs                                                                 */

static void job_free(struct job *j)
{
	if (j->up >= 0)
		close(j->up);
	free(j->msg);
	free(j->ans);
	memset(j, 0, sizeof(*j));
	j->up = -1;
}

/* A new waiting job holding a copy of the query (with the TCP length
 * prefix when p is TCP), queued; NULL when the table is full. */
static struct job *job_new(enum proto p, const uint8_t *m, size_t len, uint64_t now)
{
	size_t i, pre = p == PROTO_TCP ? 2 : 0;
	struct job *j;

	if (qcount == MAX_JOBS)
		return NULL;
	for (i = 0; i < MAX_JOBS && jobs[i].used; i++)
		;
	if (i == MAX_JOBS)
		return NULL;
	j = &jobs[i];
	j->msg = malloc(len + pre);
	if (!j->msg)
		return NULL;
	if (pre) {
		j->msg[0] = (uint8_t)(len >> 8);
		j->msg[1] = (uint8_t)(len & 0xff);
	}
	memcpy(j->msg + pre, m, len);
	j->len = len + pre;
	j->used = true;
	j->proto = p;
	j->up = -1;
	j->due = now + delay_ns;
	j->expire = j->due + UPSTREAM_TIMEOUT_NS;
	queue[(qhead + qcount) % MAX_JOBS] = i;
	qcount++;
	return j;
}

static void drop(struct job *j)
{
	count.dropped++;
	job_free(j);
}

/* Send a due query upstream on a socket of its own. */
static void forward(struct job *j)
{
	int type = j->proto == PROTO_UDP ? SOCK_DGRAM : SOCK_STREAM;

	j->up = socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (j->up < 0) {
		drop(j);
		return;
	}
	if (connect(j->up, (const struct sockaddr *)&upstream, sizeof(upstream)) != 0 &&
	    errno != EINPROGRESS) {
		drop(j);
		return;
	}
	if (j->proto == PROTO_UDP && send(j->up, j->msg, j->len, 0) < 0)
		drop(j);
	/* TCP: written when the connection is up (POLLOUT) */
}

/* Write all of a message to a (non-blocking) TCP client. */
static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == EAGAIN) {
			struct pollfd pf = { fd, POLLOUT, 0 };

			if (poll(&pf, 1, 2000) <= 0)
				return -1;
			continue;
		}
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void client_close(struct client *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->inlen = 0;
	c->gen++;
}

/* The upstream TCP connection of a job is ready: write the query, then
 * read the answer and pass it to the client. */
static void tcp_event(struct job *j, short revents)
{
	ssize_t r;

	if (j->sent < j->len) {
		int err = 0;
		socklen_t el = sizeof(err);

		if (revents & (POLLERR | POLLHUP) ||
		    getsockopt(j->up, SOL_SOCKET, SO_ERROR, &err, &el) != 0 || err) {
			drop(j);
			return;
		}
		r = write(j->up, j->msg + j->sent, j->len - j->sent);
		if (r < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (r <= 0) {
			drop(j);
			return;
		}
		j->sent += (size_t)r;
		return;
	}
	if (!j->ans) {
		j->ans = malloc(2 + MSG_MAX);
		if (!j->ans) {
			drop(j);
			return;
		}
	}
	r = read(j->up, j->ans + j->anslen, 2 + MSG_MAX - j->anslen);
	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (r <= 0) {
		drop(j);
		return;
	}
	j->anslen += (size_t)r;
	if (j->anslen >= 2 && j->anslen >= 2 + ((size_t)j->ans[0] << 8 | j->ans[1])) {
		struct client *c = &clients[j->client];

		if (c->fd >= 0 && c->gen == j->gen &&
		    write_all(c->fd, j->ans, 2 + ((size_t)j->ans[0] << 8 | j->ans[1])) == 0)
			count.relayed++;
		else
			count.dropped++;
		job_free(j);
	}
}

/* A UDP answer from upstream: back to the client from the listening
 * socket. */
static void udp_answer(int udp, struct job *j)
{
	static uint8_t buf[MSG_MAX];
	ssize_t r = recv(j->up, buf, sizeof(buf), 0);

	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (r < 12) {
		drop(j);
		return;
	}
	if (sendto(udp, buf, (size_t)r, 0, (struct sockaddr *)&j->from, sizeof(j->from)) < 0)
		count.dropped++;
	else
		count.relayed++;
	job_free(j);
}

/* Complete queries in a client's buffer become jobs. */
static void client_read(size_t ci, uint64_t now)
{
	struct client *c = &clients[ci];
	ssize_t r;

	r = read(c->fd, c->in + c->inlen, sizeof(c->in) - c->inlen);
	if (r <= 0) {
		if (r < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		client_close(c);
		return;
	}
	c->inlen += (size_t)r;
	while (c->inlen >= 2) {
		size_t need = (size_t)c->in[0] << 8 | c->in[1];
		struct job *j;

		if (c->inlen < need + 2)
			break;
		log_query(c->in + 2, need, PROTO_TCP, now);
		j = job_new(PROTO_TCP, c->in + 2, need, now);
		if (j) {
			j->client = ci;
			j->gen = c->gen;
		} else {
			count.dropped++;
		}
		memmove(c->in, c->in + 2 + need, c->inlen - 2 - need);
		c->inlen -= 2 + need;
	}
}

/* ------------------------------------------------------------------ */
/* setup                                                                */

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
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
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

static int write_port(const char *path, unsigned port)
{
	char tmp[4096];
	FILE *f;

	if (!path) {
		printf("%u\n", port);
		return fflush(stdout) == 0 ? 0 : -1;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return -1;
	if (fprintf(f, "%u\n", port) < 0) {
		fclose(f);
		return -1;
	}
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		return -1;
	return 0;
}

static void usage(FILE *f)
{
	fputs("Usage: delayproxy --upstream-port N [OPTIONS]\n"
	      "\n"
	      "Forward DNS queries (UDP and TCP) from 127.0.0.1 to 127.0.0.1:N, each\n"
	      "delayed by a fixed time, and log every question.\n"
	      "\n"
	      "Options:\n"
	      "      --upstream-port N  port of the server on 127.0.0.1 (required)\n"
	      "      --listen-port N    port to listen on (default 0: a free one)\n"
	      "      --port-file FILE   write the port listened on to FILE (else stdout)\n"
	      "      --delay-ms N       delay of every query (default 20)\n"
	      "      --log FILE         one line per query: NAME TYPE PROTO MS\n"
	      "      --lifetime S       exit after S seconds (default 300)\n"
	      "  -h, --help             show this help and exit\n", f);
}

static int number(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

/* ------------------------------------------------------------------ */
/* the poll loop                                                        */

/* What each entry of the poll set is: [0] the UDP socket, [1] the TCP
 * listener, then clients (owner: client slot), then upstream sockets
 * (owner: job slot). */
static struct pollfd pfd[2 + MAX_CLIENTS + MAX_JOBS];
static size_t owner[2 + MAX_CLIENTS + MAX_JOBS];

/* Fill the poll set; returns its size, *nclient the end of the clients. */
static size_t poll_set(int udp, int tcp, size_t *nclient)
{
	size_t i, np = 2;

	pfd[0] = (struct pollfd){ .fd = udp, .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = tcp, .events = POLLIN };
	for (i = 0; i < MAX_CLIENTS; i++) {
		if (clients[i].fd < 0)
			continue;
		pfd[np] = (struct pollfd){ .fd = clients[i].fd, .events = POLLIN };
		owner[np++] = i;
	}
	*nclient = np;
	for (i = 0; i < MAX_JOBS; i++) {
		const struct job *j = &jobs[i];
		bool writing = j->proto == PROTO_TCP && j->sent < j->len;

		if (!j->used || j->up < 0)
			continue;
		pfd[np] = (struct pollfd){ .fd = j->up, .events = writing ? POLLOUT : POLLIN };
		owner[np++] = i;
	}
	return np;
}

/* Every UDP query waiting on the socket becomes a job. */
static void udp_queries(int udp, uint64_t now)
{
	static uint8_t in[MSG_MAX];

	for (;;) {
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		struct job *j;
		ssize_t r;

		r = recvfrom(udp, in, sizeof(in), 0, (struct sockaddr *)&from, &fl);
		if (r < 0)
			return;
		if (r < 12)
			continue;
		log_query(in, (size_t)r, PROTO_UDP, now);
		j = job_new(PROTO_UDP, in, (size_t)r, now);
		if (j)
			j->from = from;
		else
			count.dropped++;
	}
}

static void accept_clients(int tcp)
{
	size_t i;

	for (;;) {
		int fd = accept4(tcp, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0)
			return;
		for (i = 0; i < MAX_CLIENTS && clients[i].fd >= 0; i++)
			;
		if (i == MAX_CLIENTS) {
			close(fd);
			continue;
		}
		clients[i].fd = fd;
		clients[i].inlen = 0;
	}
}

/* Serve until a signal or the end of the lifetime (ns, monotonic). */
static int serve(int udp, int tcp, uint64_t end)
{
	size_t i, np, nclient;

	while (!stop) {
		uint64_t now = now_ns(), wake = now + IDLE_WAKE_NS;
		struct timespec ts;

		if (now >= end)
			return 0;
		if (qcount && jobs[queue[qhead]].due < wake)
			wake = jobs[queue[qhead]].due;
		if (end < wake)
			wake = end;
		np = poll_set(udp, tcp, &nclient);
		ts.tv_sec = wake > now ? (time_t)((wake - now) / 1000000000u) : 0;
		ts.tv_nsec = wake > now ? (long)((wake - now) % 1000000000u) : 0;
		if (ppoll(pfd, np, &ts, NULL) < 0 && errno != EINTR)
			return -1;
		now = now_ns();

		/* answers first: they free job slots */
		for (i = nclient; i < np; i++) {
			struct job *j = &jobs[owner[i]];

			if (!pfd[i].revents || !j->used || j->up != pfd[i].fd)
				continue;
			if (j->proto == PROTO_UDP)
				udp_answer(udp, j);
			else
				tcp_event(j, pfd[i].revents);
		}
		/* queries that are due, in order */
		while (qcount && jobs[queue[qhead]].due <= now) {
			struct job *j = &jobs[queue[qhead]];

			qhead = (qhead + 1) % MAX_JOBS;
			qcount--;
			forward(j);
		}
		if (pfd[0].revents & POLLIN)
			udp_queries(udp, now);
		if (pfd[1].revents & POLLIN)
			accept_clients(tcp);
		for (i = 2; i < nclient; i++)
			if (pfd[i].revents && clients[owner[i]].fd == pfd[i].fd)
				client_read(owner[i], now);
		/* queries the upstream did not answer */
		for (i = 0; i < MAX_JOBS; i++)
			if (jobs[i].used && jobs[i].up >= 0 && jobs[i].expire <= now)
				drop(&jobs[i]);
	}
	return 0;
}

int main(int argc, char **argv)
{
	enum { OPT_UP = 256, OPT_LISTEN, OPT_PORT_FILE, OPT_DELAY, OPT_LOG, OPT_LIFE };
	static const struct option longopts[] = {
		{ "upstream-port", required_argument, NULL, OPT_UP },
		{ "listen-port", required_argument, NULL, OPT_LISTEN },
		{ "port-file", required_argument, NULL, OPT_PORT_FILE },
		{ "delay-ms", required_argument, NULL, OPT_DELAY },
		{ "log", required_argument, NULL, OPT_LOG },
		{ "lifetime", required_argument, NULL, OPT_LIFE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long up_port = 0, listen_port = 0, delay_ms = 20, lifetime = 300;
	const char *port_file = NULL, *log_path = NULL;
	unsigned bound = 0, tries;
	struct sigaction sa;
	int udp = -1, tcp = -1, c, rc = 1;
	size_t i;

	for (;;) {
		unsigned long *v = NULL, max = 65535;

		c = getopt_long(argc, argv, "h", longopts, NULL);
		if (c == -1)
			break;
		switch (c) {
		case OPT_UP:
			v = &up_port;
			break;
		case OPT_LISTEN:
			v = &listen_port;
			break;
		case OPT_DELAY:
			v = &delay_ms;
			max = 60000;
			break;
		case OPT_LIFE:
			v = &lifetime;
			max = 86400;
			break;
		case OPT_PORT_FILE:
			port_file = optarg;
			break;
		case OPT_LOG:
			log_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
		if (v && number(optarg, max, v) != 0) {
			fprintf(stderr, "delayproxy: error: bad number '%s' (0 to %lu)\n",
				optarg, max);
			return 2;
		}
	}
	if (optind != argc || up_port == 0) {
		usage(stderr);
		return 2;
	}
	memset(&upstream, 0, sizeof(upstream));
	upstream.sin_family = AF_INET;
	upstream.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	upstream.sin_port = htons((uint16_t)up_port);
	delay_ns = (uint64_t)delay_ms * 1000000u;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (log_path) {
		log_file = fopen(log_path, "w");
		if (!log_file) {
			perror("delayproxy: error: log");
			return 1;
		}
	}
	for (tries = 0; tries < 20; tries++) {
		if (bind_pair((unsigned)listen_port, &udp, &tcp, &bound) == 0)
			break;
		if (listen_port != 0)
			break;
	}
	if (udp < 0) {
		perror("delayproxy: error: bind");
		goto out;
	}
	if (write_port(port_file, bound) != 0) {
		perror("delayproxy: error: port file");
		goto out;
	}
	for (i = 0; i < MAX_CLIENTS; i++)
		clients[i].fd = -1;
	for (i = 0; i < MAX_JOBS; i++)
		jobs[i].up = -1;
	start_ns = now_ns();
	if (serve(udp, tcp, start_ns + (uint64_t)lifetime * 1000000000u) != 0)
		perror("delayproxy: error: poll");
	else
		rc = 0;
out:
	fprintf(stderr, "delayproxy: %lu queries (%lu udp, %lu tcp), %lu answers relayed, "
		"%lu dropped\n", count.udp + count.tcp, count.udp, count.tcp, count.relayed,
		count.dropped);
	for (i = 0; i < MAX_JOBS; i++)
		if (jobs[i].used)
			job_free(&jobs[i]);
	for (i = 0; i < MAX_CLIENTS; i++)
		client_close(&clients[i]);
	if (udp >= 0)
		close(udp);
	if (tcp >= 0)
		close(tcp);
	if (log_file)
		fclose(log_file);
	return rc;
}
