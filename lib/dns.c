/* SPDX-License-Identifier: MIT */
/*
 * dns.c - the resolver of dns.h: one answer cache in front of two
 * sources of records.
 *
 * Names. Every name is kept in one canonical text form: parsed by ldns
 * (escapes, label and name lengths checked), lower-cased, printed back by
 * ldns, without the trailing dot ("" is the root). The cache, the zone
 * tables and the answers all use this form, so "WWW.Example.COM." and
 * "www.example.com" are the same question. A name of letters, digits,
 * '-', '_' and '*' only (none of which ldns escapes) is lower-cased
 * directly, after the same length checks: the same text, without the
 * parse and print.
 *
 * Cache. A hash table (seeded from getrandom) keyed by type and name
 * holds one answer per question for the life of the handle; an entry,
 * its map entry and its name are one allocation. While a
 * batch resolves, its entries are "pending": dnsauth_dns_cached() does
 * not see them, and a second identical question in the batch finds the
 * pending entry and is not asked again. Nothing is evicted (answers stay
 * valid until the handle is freed): past DNSAUTH_DNS_CACHE_MAX entries a
 * new question is answered ERROR without being asked. The bound is for
 * answers that cost queries: a zone-type source without a fallback
 * answers from the records it holds and is not bounded (cache_full()),
 * since the linter audits tens of thousands of domains of one big zone
 * with one handle, some sixteen questions each, and a bound there turned
 * the answers past it into false lookup failures.
 *
 * Zone source. Each file is read with ldns_rr_new_frm_fp_l() (the record
 * loop of ldns_zone_new_frm_fp_l(), which in ldns 1.8 leaks the records
 * read so far on a syntax error, drops a second SOA and does not tell
 * which $ORIGIN it saw). The origin is the $ORIGIN before the first
 * record, else the first SOA owner, else the file name; relative names
 * before any $ORIGIN are relative to it (the file is read again when
 * the file name guessed wrong). Records go into the zone of the file's
 * origin (files with the same origin merge), a table of nodes by owner
 * name; records outside the origin are ignored, as name servers do, and
 * exact duplicates are dropped (a server serves one RRset). Empty
 * non-terminals get nodes without records, so "the name exists" is one
 * table look-up. Answers follow RFC 1034 4.3.2 and RFC 4592 (see
 * zone_answer()); a zone counts its delegations and wildcards, so that
 * the many that have none cost no look-ups for them.
 *
 * Records source. Records added one by one wait in a list (with the
 * declared zones) until a question is resolved; then records_build()
 * places each in the declared zone closest above its owner, declaring
 * partial zones for the others, and finishes the zones as for zone
 * files. Its zones do not own their records: they are copies the handle
 * keeps (dnsauth_dns_records_add()) or the caller's own
 * (dnsauth_dns_records_add_ref(), the linter's parsed file, which saves
 * a copy of every record). Records added later make the next batch build again (placed
 * records are taken back first, so the order of calls does not matter).
 * A partial zone answers like a complete one, except that its NODATA
 * and NXDOMAIN are OUTSIDE.
 *
 * Fallback. A zone-type source may have a fallback handle: after a batch
 * is answered from the zones, its OUTSIDE answers are asked of the
 * fallback in one dnsauth_dns_prefetch() (at the last CNAME target when
 * the chain left the zones), and each answer is continued with the
 * fallback's cached one (answer_continue(), as the live source does for
 * CNAME chains), so the answer lives in this handle's cache.
 *
 * Live source. A batch is one event loop: at most
 * DNSAUTH_DNS_MAX_INFLIGHT questions in flight (their states in slots the
 * handle keeps), each on its own non-blocking UDP socket connected to its
 * server (the kernel picks a random source port and drops datagrams from
 * other addresses), poll() over all of them. The query is written
 * directly in wire format (RD, EDNS0 OPT with the UDP size and DO), with
 * a random ID from getrandom(). A response is used only if it matches an
 * ID this question sent, its structure is sound (every record within the
 * message; of a TC=1 response only the question is checked, it is asked
 * again over TCP), it has QR set and opcode QUERY, and it repeats the
 * question (name compared without case, type, class IN); anything else
 * is ignored and remembered, so a question that never gets a valid
 * answer ends as ERROR instead of TIMEOUT. The response is read in
 * place (names decompressed with bounds and loop checks): only the
 * records an answer keeps become ldns records (ldns_wire2rr()), and a
 * kept record or CNAME that does not parse makes the answer ERROR; the
 * answer keeps a copy of the message. An attempt that times out is
 * retried on the next server (retries + 1 attempts, starting with the
 * server that answered last). TC=1 switches the question to TCP on the
 * same server, inside the same event loop (non-blocking connect, write,
 * read of the length-prefixed message, each bounded by the attempt's
 * timeout); a TCP failure is final (TIMEOUT or ERROR). The CNAME chain
 * is followed through the answer section; when it ends at a name the
 * response has neither records for nor an SOA covering (an authoritative
 * server does not chase targets in zones it does not serve), the chain
 * goes on with the cached answer to the target, or by asking the target
 * in the same slot of the loop. A referral (no answer, no AA, NS but no
 * SOA in authority) is ERROR, not NODATA. The handle's deadline bounds
 * everything: what it stops ends TIMEOUT (the error says whether it was
 * ever sent).
 * The A and AAAA records of the exchanges of an MX answer found in its
 * additional section are cached as their answers (see "Additional data"
 * in dns.h, and cache_additional()).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dname.h"
#include "dns.h"
#include "error.h"

/* Longest name text accepted as input (255 octets, each "\DDD"). */
#define NAME_TEXT_MAX 1024u
/* Most servers of a live source. */
#define MAX_SERVERS 16u
/* Most attempts of one question (retries + 1). */
#define MAX_ATTEMPTS 16u
/* IDs of earlier attempts on the same socket still accepted. */
#define MAX_IDS 8u
/* Datagrams read from one socket per wake-up. */
#define MAX_READS 16u
/* Most records loaded into one zone source. */
#define ZONE_RRS_MAX 10000000ul
/* Largest DNS message (UDP datagram or TCP message). */
#define MSG_MAX 65535u
/* Per-attempt timeout bounds, in milliseconds. */
#define TIMEOUT_DEFAULT 2000u
#define TIMEOUT_MAX 600000u

/* ------------------------------------------------------------ hash map */

struct hent {
	struct hent *next;
	uint64_t hash;
	void *val;
	size_t klen;
	unsigned char key[];
};

struct hmap {
	struct hent **b;
	size_t nb;              /* buckets, a power of two (0: empty) */
	size_t n;               /* entries */
	uint64_t seed;
};

/* A seeded hash of \p n bytes, eight at a time (names are hashed on
 * every question, for every ancestor: a byte-at-a-time hash was a tenth
 * of a lint run). */
static uint64_t hash_bytes(uint64_t seed, const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = seed ^ ((uint64_t)n * 0x9e3779b97f4a7c15ull), w;

	while (n >= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
		s += 8;
		n -= 8;
	}
	if (n > 0) {
		w = 0;
		memcpy(&w, s, n);
		h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
		h ^= h >> 29;
	}
	/* final mix, so that the low bits depend on every byte */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

static struct hent *hmap_find(const struct hmap *m, const void *k, size_t kl)
{
	struct hent *e;
	uint64_t h;

	if (m->nb == 0)
		return NULL;
	h = hash_bytes(m->seed, k, kl);
	for (e = m->b[h & (m->nb - 1)]; e; e = e->next) {
		if (e->hash == h && e->klen == kl && memcmp(e->key, k, kl) == 0)
			return e;
	}
	return NULL;
}

static int hmap_grow(struct hmap *m)
{
	size_t nb = m->nb ? m->nb * 2 : 64, i;
	struct hent **b;

	b = calloc(nb, sizeof(*b));
	if (!b)
		return DNSAUTH_ENOMEM;
	for (i = 0; i < m->nb; i++) {
		struct hent *e = m->b[i];

		while (e) {
			struct hent *next = e->next;
			size_t j = e->hash & (nb - 1);

			e->next = b[j];
			b[j] = e;
			e = next;
		}
	}
	free(m->b);
	m->b = b;
	m->nb = nb;
	return 0;
}

/* Add a key that is not in the map yet. */
static int hmap_add(struct hmap *m, const void *k, size_t kl, void *val)
{
	struct hent *e;
	size_t j;

	if (m->n >= m->nb && hmap_grow(m) != 0)
		return DNSAUTH_ENOMEM;
	e = malloc(sizeof(*e) + kl + 1);
	if (!e)
		return DNSAUTH_ENOMEM;
	e->hash = hash_bytes(m->seed, k, kl);
	e->val = val;
	e->klen = kl;
	memcpy(e->key, k, kl);
	e->key[kl] = '\0';
	j = e->hash & (m->nb - 1);
	e->next = m->b[j];
	m->b[j] = e;
	m->n++;
	return 0;
}

/* Link an entry the caller allocated, key and val set, for a key that is
 * not in the map yet (cache entries and zone nodes are one block with
 * their map entry). \return 0 or DNSAUTH_ENOMEM. */
static int hmap_insert(struct hmap *m, struct hent *e)
{
	size_t j;

	if (m->n >= m->nb && hmap_grow(m) != 0)
		return DNSAUTH_ENOMEM;
	e->hash = hash_bytes(m->seed, e->key, e->klen);
	j = e->hash & (m->nb - 1);
	e->next = m->b[j];
	m->b[j] = e;
	m->n++;
	return 0;
}

/* Unlink an entry of the map (not freed). */
static void hmap_unlink(struct hmap *m, struct hent *e)
{
	struct hent **pp;

	if (m->nb == 0)
		return;
	for (pp = &m->b[e->hash & (m->nb - 1)]; *pp; pp = &(*pp)->next) {
		if (*pp == e) {
			*pp = e->next;
			m->n--;
			return;
		}
	}
}

static void hmap_clear(struct hmap *m, void (*free_val)(void *))
{
	size_t i;

	for (i = 0; i < m->nb; i++) {
		struct hent *e = m->b[i];

		while (e) {
			struct hent *next = e->next;

			if (free_val)
				free_val(e->val);
			free(e);
			e = next;
		}
	}
	free(m->b);
	m->b = NULL;
	m->nb = 0;
	m->n = 0;
}

/* -------------------------------------------------------------- handle */

/* A cache entry: the answer, and whether its batch is still running.
 * One block holds the entry, then its map entry, whose key (the type in
 * two octets, then the name) holds the answer's qname. */
struct centry {
	struct dnsauth_dns_answer a;
	struct hent *h;         /* in the block, after the entry */
	bool pending;
	bool from_zone;         /* answered from the zones (not OUTSIDE, not
	                           by the fallback): dnsauth_dns_forget() may
	                           drop it */
};

/* A name of a zone, with its records. */
struct znode {
	ldns_rr_list *rrs;      /* NULL: empty non-terminal */
	bool cut;               /* has NS records and is not the origin */
};

/* A cache entry and a zone node are each one block with their map
 * entry right after them (cache_add(), znode_make()). */
_Static_assert(sizeof(struct centry) % _Alignof(struct hent) == 0, "centry block");
_Static_assert(sizeof(struct znode) % _Alignof(struct hent) == 0, "znode block");

/* A zone: its origin and its nodes (owner name -> struct znode). */
struct zone {
	char *origin;
	struct hmap nodes;
	size_t ncuts;           /* nodes with cut set: with none, no answer
	                           looks for delegations */
	size_t nwild;           /* wildcard nodes ("*" or "*.<name>"): with
	                           none, a missing name is NXDOMAIN at once */
	bool owns;              /* the nodes' records are the zone's (zone and
	                           data sources); a records source's belong to
	                           its caller or to its kept list */
	bool partial;           /* records source: a snippet, never NXDOMAIN
	                           or NODATA */
};

/* A zone declared on a records source. */
struct rdecl {
	char *origin;
	bool complete;
};

struct server {
	struct sockaddr_storage sa;
	socklen_t len;
};

struct dnsauth_dns {
	bool is_zone;
	struct hmap cache;              /* type + name -> struct centry */
	struct centry **recent;         /* zone-type: entries added since the
	                                   last dnsauth_dns_forget() */
	size_t nrecent, caprecent;
	struct dnsauth_dns_stats st;
	uint64_t deadline;              /* CLOCK_MONOTONIC ms; 0: none */
	/* zone source */
	struct zone **zones;
	size_t nzones;
	struct hmap origins;            /* origin -> struct zone */
	unsigned long nrrs;             /* records read (ZONE_RRS_MAX) */
	struct hmap timeouts;           /* data source: names that time out */
	struct dnsauth_dns *fallback;   /* asked what would be OUTSIDE
	                                   (borrowed) */
	/* records source */
	bool is_records;
	bool rdirty;                    /* records or zones added since the
	                                   zones were last built */
	bool rbroken;                   /* records lost to a failed build */
	struct rdecl *decls;
	size_t ndecls;
	ldns_rr_list *recs;             /* records not placed in zones yet
	                                   (not owned by the list) */
	ldns_rr_list *kept;             /* the copies made by
	                                   dnsauth_dns_records_add(), owned */
	/* live source */
	struct server srv[MAX_SERVERS];
	size_t nsrv;
	size_t pref;                    /* server that answered last */
	unsigned timeout_ms;
	unsigned attempts;              /* retries + 1 */
	uint16_t edns_size;
	bool dnssec_ok;
	unsigned char rnd[256];         /* random bytes for query IDs */
	size_t rnd_pos;
	unsigned char *rbuf;            /* receive buffer, MSG_MAX bytes */
	struct query *slots;            /* DNSAUTH_DNS_MAX_INFLIGHT states of
	                                   questions in flight (net_run()) */
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static uint64_t random_seed(void)
{
	uint64_t s = 0;

	if (getrandom(&s, sizeof(s), GRND_NONBLOCK) != (ssize_t)sizeof(s))
		s = now_ms() ^ ((uint64_t)getpid() << 32);
	return s;
}

static struct dnsauth_dns *handle_new(bool is_zone)
{
	struct dnsauth_dns *dns = calloc(1, sizeof(*dns));

	if (!dns)
		return NULL;
	dns->is_zone = is_zone;
	dns->cache.seed = random_seed();
	dns->origins.seed = dns->cache.seed;
	dns->timeouts.seed = dns->cache.seed;
	dns->rnd_pos = sizeof(dns->rnd);
	return dns;
}

/* Free a->rrs: the list only when its records are the source's own
 * (rrs_shared), else the copies too. */
static void answer_drop_rrs(struct dnsauth_dns_answer *a)
{
	if (a->rrs) {
		if (a->rrs_shared)
			ldns_rr_list_free(a->rrs);
		else
			ldns_rr_list_deep_free(a->rrs);
	}
	a->rrs = NULL;
	a->rrs_shared = false;
}

/* Free what an answer holds, and its qname when \p qname_owned (a cache
 * entry's qname is in the entry's block). */
static void answer_release(struct dnsauth_dns_answer *a, bool qname_owned)
{
	size_t i;

	if (qname_owned)
		free(a->qname);
	for (i = 0; i < a->ncnames; i++)
		free(a->cnames[i]);
	answer_drop_rrs(a);
	free(a->txt);           /* with txt_len and the strings */
	free(a->msg);
	free(a->error);
	memset(a, 0, sizeof(*a));
}

static void answer_clear(struct dnsauth_dns_answer *a)
{
	answer_release(a, true);
}

/* A cache entry, its map entry and its name (one block). */
static void centry_free(struct centry *e)
{
	if (!e)
		return;
	answer_release(&e->a, false);
	free(e);
}

/* Free every entry of the cache (hmap_clear() would free the map
 * entries, which are in the blocks). */
static void cache_clear(struct hmap *m)
{
	size_t i;

	for (i = 0; i < m->nb; i++) {
		struct hent *h = m->b[i];

		while (h) {
			struct hent *next = h->next;

			centry_free(h->val);
			h = next;
		}
	}
	free(m->b);
	m->b = NULL;
	m->nb = 0;
	m->n = 0;
}

static void zone_free(struct zone *z)
{
	size_t i;

	if (!z)
		return;
	/* a node and its map entry are one block (znode_make()); the
	 * records are the zone's own, or not */
	for (i = 0; i < z->nodes.nb; i++) {
		struct hent *h = z->nodes.b[i];

		while (h) {
			struct hent *next = h->next;
			struct znode *n = h->val;

			if (n->rrs && z->owns)
				ldns_rr_list_deep_free(n->rrs);
			else if (n->rrs)
				ldns_rr_list_free(n->rrs);
			free(n);
			h = next;
		}
	}
	free(z->nodes.b);
	free(z->origin);
	free(z);
}

void dnsauth_dns_free(struct dnsauth_dns *dns)
{
	size_t i;

	if (!dns)
		return;
	cache_clear(&dns->cache);
	free(dns->recent);
	for (i = 0; i < dns->nzones; i++)
		zone_free(dns->zones[i]);
	free(dns->zones);
	hmap_clear(&dns->origins, NULL);
	hmap_clear(&dns->timeouts, NULL);
	for (i = 0; i < dns->ndecls; i++)
		free(dns->decls[i].origin);
	free(dns->decls);
	if (dns->recs)
		ldns_rr_list_free(dns->recs);
	if (dns->kept)
		ldns_rr_list_deep_free(dns->kept);
	free(dns->rbuf);
	free(dns->slots);
	free(dns);
}

void dnsauth_dns_set_deadline(struct dnsauth_dns *dns, unsigned ms_from_now)
{
	if (!dns)
		return;
	dns->deadline = ms_from_now ? now_ms() + ms_from_now : 0;
}

void dnsauth_dns_stats(const struct dnsauth_dns *dns, struct dnsauth_dns_stats *out)
{
	if (!out)
		return;
	memset(out, 0, sizeof(*out));
	if (dns)
		*out = dns->st;
}

bool dnsauth_dns_is_zone(const struct dnsauth_dns *dns)
{
	return dns && dns->is_zone;
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int dnsauth_dns_outside_names(const struct dnsauth_dns *dns, char ***names, size_t *n)
{
	const char **q = NULL;
	char **v = NULL;
	size_t i, k, nq = 0, cnt = 0;

	*names = NULL;
	*n = 0;
	if (!dns || dns->cache.n == 0)
		return 0;
	/* the names of the OUTSIDE answers, sorted so that a name asked for
	 * several types is kept once (a big zone has thousands of them) */
	q = malloc(dns->cache.n * sizeof(*q));
	if (!q)
		return DNSAUTH_ENOMEM;
	for (i = 0; i < dns->cache.nb; i++) {
		const struct hent *e;

		for (e = dns->cache.b[i]; e; e = e->next) {
			const struct centry *ce = e->val;

			if (!ce->pending && ce->a.status == DNSAUTH_DNS_OUTSIDE && ce->a.qname)
				q[nq++] = ce->a.qname;
		}
	}
	if (nq > 1)
		qsort(q, nq, sizeof(*q), cmp_strp);
	if (nq) {
		v = malloc(nq * sizeof(*v));
		if (!v)
			goto nomem;
	}
	for (i = 0; i < nq; i++) {
		if (i > 0 && strcmp(q[i - 1], q[i]) == 0)
			continue;
		v[cnt] = strdup(q[i]);
		if (!v[cnt])
			goto nomem;
		cnt++;
	}
	free(q);
	if (cnt == 0) {
		free(v);
		v = NULL;
	}
	*names = v;
	*n = cnt;
	return 0;
nomem:
	for (k = 0; k < cnt; k++)
		free(v[k]);
	free(v);
	free(q);
	return DNSAUTH_ENOMEM;
}

const char *dnsauth_dns_status_name(enum dnsauth_dns_status s)
{
	switch (s) {
	case DNSAUTH_DNS_DATA:
		return "data";
	case DNSAUTH_DNS_NODATA:
		return "nodata";
	case DNSAUTH_DNS_NXDOMAIN:
		return "nxdomain";
	case DNSAUTH_DNS_SERVFAIL:
		return "servfail";
	case DNSAUTH_DNS_REFUSED:
		return "refused";
	case DNSAUTH_DNS_TIMEOUT:
		return "timeout";
	case DNSAUTH_DNS_ERROR:
		return "error";
	case DNSAUTH_DNS_OUTSIDE:
		return "outside";
	}
	return "error";
}

bool dnsauth_dns_failed(enum dnsauth_dns_status s)
{
	return s == DNSAUTH_DNS_SERVFAIL || s == DNSAUTH_DNS_REFUSED ||
	       s == DNSAUTH_DNS_TIMEOUT || s == DNSAUTH_DNS_ERROR;
}

/* --------------------------------------------------------------- names */

/* The canonical text of a plain name (dnsauth_dname_plain: nearly every
 * name asked), without parsing and printing; NULL when \p in is not such a
 * name (the caller then asks ldns) or on allocation failure. */
static char *name_norm_plain(const char *in, size_t n)
{
	char *s = malloc(n + 1);

	if (s && dnsauth_dname_plain(in, n, s) < 0) {
		free(s);
		s = NULL;
	}
	return s;
}

/*
 * The canonical text of a domain name (see the file comment), or NULL
 * when \p in is not a domain name (or out of memory).
 */
static char *name_norm(const char *in)
{
	ldns_rdf *d = NULL;
	char *s = NULL;
	size_t n;

	if (!in || in[0] == '\0')
		goto out;
	n = strlen(in);
	if (n > NAME_TEXT_MAX)
		goto out;
	s = name_norm_plain(in, n);
	if (s)
		goto out;
	d = ldns_dname_new_frm_str(in);
	if (!d)
		goto out;
	ldns_dname2canonical(d);
	s = ldns_rdf2str(d);
	if (!s)
		goto out;
	n = strlen(s);
	if (n > 0 && s[n - 1] == '.')
		s[n - 1] = '\0';
out:
	if (d)
		ldns_rdf_deep_free(d);
	return s;
}

/*
 * The canonical text of \p in, or NULL as name_norm(): a plain name is
 * written to \p buf (NAME_TEXT_MAX + 1 octets), any other is a new
 * string left in *heap for the caller to free; *len is its length.
 * Looking a question up costs no allocation then.
 */
static const char *name_norm_buf(const char *in, char *buf, char **heap, size_t *len)
{
	size_t n;
	long k;

	*heap = NULL;
	if (!in || in[0] == '\0')
		return NULL;
	n = strlen(in);
	if (n > NAME_TEXT_MAX)
		return NULL;
	k = dnsauth_dname_plain(in, n, buf);
	if (k >= 0) {
		*len = (size_t)k;
		return buf;
	}
	*heap = name_norm(in);
	if (*heap)
		*len = strlen(*heap);
	return *heap;
}

/* The dname of a canonical name text. */
static ldns_rdf *name_dname(const char *name)
{
	char buf[NAME_TEXT_MAX + 2];
	int n;

	n = snprintf(buf, sizeof(buf), "%s.", name);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return NULL;
	if (name[0] == '\0')
		return ldns_dname_new_frm_str(".");
	return ldns_dname_new_frm_str(buf);
}

/* ldns_dname_absolute() prints the name to look at its last character:
 * a wire name ending in the root label is absolute without that. */
static bool dname_absolute(const ldns_rdf *d)
{
	const uint8_t *w = ldns_rdf_data(d);
	size_t n = ldns_rdf_size(d), pos = 0;

	while (pos < n && w[pos] != 0)
		pos += 1 + (size_t)w[pos];
	if (pos + 1 == n)
		return true;
	return ldns_dname_absolute(d);
}


/*
 * The parent of a canonical name: a pointer into \p name after its first
 * label ("" for a one-label name), or NULL for the root. Escapes ("\.",
 * "\DDD") are not label separators.
 */
static const char *name_parent(const char *name)
{
	const char *p = name;

	if (*p == '\0')
		return NULL;
	while (*p) {
		if (*p == '\\') {
			if (isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
			    isdigit((unsigned char)p[3]))
				p += 4;
			else if (p[1] != '\0')
				p += 2;
			else
				p++;
			continue;
		}
		if (*p == '.')
			return p + 1;
		p++;
	}
	return p;
}

/* Whether canonical name \p name is \p anc or below it. */
static bool name_under(const char *name, const char *anc)
{
	const char *p = name;

	while (p) {
		if (strcmp(p, anc) == 0)
			return true;
		p = name_parent(p);
	}
	return false;
}

/* A copy of \p s, lower-cased, without one trailing dot (for names that
 * do not parse: the answer still says what was asked). */
static char *raw_lower(const char *s)
{
	size_t n = strnlen(s, NAME_TEXT_MAX), i;
	char *r = malloc(n + 1);

	if (!r)
		return NULL;
	for (i = 0; i < n; i++)
		r[i] = (char)tolower((unsigned char)s[i]);
	if (n > 0 && r[n - 1] == '.')
		n--;
	r[n] = '\0';
	return r;
}

char *dnsauth_dns_reverse_name(const char *addr)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[16];
	char *out = NULL;
	size_t i, o = 0;

	if (!addr)
		return NULL;
	if (inet_pton(AF_INET, addr, b) == 1) {
		out = malloc(32);
		if (out)
			snprintf(out, 32, "%u.%u.%u.%u.in-addr.arpa", b[3], b[2], b[1], b[0]);
		return out;
	}
	if (inet_pton(AF_INET6, addr, b) != 1)
		return NULL;
	/* IPv4-mapped (::ffff:a.b.c.d): the IPv4 address's reverse name,
	 * which is where its PTR records live. */
	if (memcmp(b, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12) == 0) {
		out = malloc(32);
		if (out)
			snprintf(out, 32, "%u.%u.%u.%u.in-addr.arpa", b[15], b[14], b[13],
				 b[12]);
		return out;
	}
	out = malloc(16 * 4 + sizeof("ip6.arpa"));
	if (!out)
		return NULL;
	for (i = 16; i-- > 0;) {
		out[o++] = hex[b[i] & 0x0f];
		out[o++] = '.';
		out[o++] = hex[b[i] >> 4];
		out[o++] = '.';
	}
	memcpy(out + o, "ip6.arpa", sizeof("ip6.arpa"));
	return out;
}

/* ------------------------------------------------------------- answers */

static void answer_error(struct dnsauth_dns_answer *a, enum dnsauth_dns_status st,
			 const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Set a failure (or other final) status with a message. */
static void answer_error(struct dnsauth_dns_answer *a, enum dnsauth_dns_status st,
			 const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	a->status = st;
	free(a->error);
	a->error = NULL;
	answer_drop_rrs(a);
	if (!fmt)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	a->error = strdup(msg);
}

/* Fill txt[] and txt_len[] from the TXT records of a->rrs: one block
 * holds both arrays and the strings (freed as a->txt). */
static int answer_fill_txt(struct dnsauth_dns_answer *a)
{
	size_t n = ldns_rr_list_rr_count(a->rrs), i, j, total = 0;
	char *block, *s;

	a->ntxt = 0;
	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(a->rrs, i);

		for (j = 0; j < ldns_rr_rd_count(rr); j++)
			total += ldns_rdf_size(ldns_rr_rdf(rr, j));
		total++;
	}
	block = malloc(n * (sizeof(*a->txt) + sizeof(*a->txt_len)) + total);
	if (!block)
		return DNSAUTH_ENOMEM;
	a->txt = (char **)(void *)block;
	a->txt_len = (size_t *)(void *)(block + n * sizeof(*a->txt));
	s = block + n * (sizeof(*a->txt) + sizeof(*a->txt_len));
	for (i = 0; i < n; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(a->rrs, i);
		size_t off = 0;

		for (j = 0; j < ldns_rr_rd_count(rr); j++) {
			const ldns_rdf *f = ldns_rr_rdf(rr, j);
			const uint8_t *d = ldns_rdf_data(f);
			size_t sz = ldns_rdf_size(f), len;

			if (sz == 0 || !d)
				continue;
			if (ldns_rdf_get_type(f) != LDNS_RDF_TYPE_STR) {
				/* not a character-string: keep the bytes */
				memcpy(s + off, d, sz);
				off += sz;
				continue;
			}
			len = d[0];
			if (len > sz - 1)
				len = sz - 1;
			memcpy(s + off, d + 1, len);
			off += len;
		}
		s[off] = '\0';
		a->txt[i] = s;
		a->txt_len[i] = off;
		s += off + 1;
	}
	a->ntxt = n;
	return 0;
}

/*
 * Make \p a a DATA answer with the records of \p type in \p src (a
 * zone's, which outlive the cache) whose owner is \p owner (any owner
 * when NULL). The answer's list holds the zone's own records
 * (rrs_shared): copying every answer's records was much of a lint
 * run's malloc and free. With \p new_owner (wildcard synthesis) it holds copies with
 * that owner.
 * \return the number of records taken, or -1 when out of memory.
 */
static long answer_take(struct dnsauth_dns_answer *a, const ldns_rr_list *src,
			uint16_t type, const ldns_rdf *owner, const ldns_rdf *new_owner)
{
	ldns_rr_list *l = NULL;
	size_t i, n = src ? ldns_rr_list_rr_count(src) : 0;
	long count = 0;

	for (i = 0; i < n; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(src, i);
		ldns_rr *c;

		if (ldns_rr_get_type(rr) != type || ldns_rr_get_class(rr) != LDNS_RR_CLASS_IN)
			continue;
		if (owner && ldns_dname_compare(ldns_rr_owner(rr), owner) != 0)
			continue;
		if (!l)
			l = ldns_rr_list_new();
		if (!l)
			goto nomem;
		if (!new_owner) {
			/* the zone's own record: it outlives the cache */
			if (!ldns_rr_list_push_rr(l, (ldns_rr *)rr))
				goto nomem;
			count++;
			continue;
		}
		c = ldns_rr_clone(rr);
		if (!c)
			goto nomem;
		{
			ldns_rdf *o = ldns_rdf_clone(new_owner);

			if (!o) {
				ldns_rr_free(c);
				goto nomem;
			}
			ldns_rdf_deep_free(ldns_rr_owner(c));
			ldns_rr_set_owner(c, o);
		}
		if (!ldns_rr_list_push_rr(l, c)) {
			ldns_rr_free(c);
			goto nomem;
		}
		count++;
	}
	if (count == 0)
		return 0;
	answer_drop_rrs(a);
	a->rrs = l;
	a->rrs_shared = !new_owner;
	a->status = DNSAUTH_DNS_DATA;
	if (type == LDNS_RR_TYPE_TXT && answer_fill_txt(a) != 0)
		return -1;
	return count;
nomem:
	if (l && new_owner)
		ldns_rr_list_deep_free(l);
	else if (l)
		ldns_rr_list_free(l);
	return -1;
}

/*
 * Record a CNAME hop to \p target (canonical text, taken over). A target
 * already in the chain, or one hop too many, is a loop: ERROR.
 * \return 0, or -1 when the answer was made an ERROR.
 */
static int answer_add_cname(struct dnsauth_dns_answer *a, char *target)
{
	size_t i;

	if (!target) {
		answer_error(a, DNSAUTH_DNS_ERROR, "out of memory");
		return -1;
	}
	if (strcmp(target, a->qname) == 0)
		goto loop;
	for (i = 0; i < a->ncnames; i++) {
		if (strcmp(target, a->cnames[i]) == 0)
			goto loop;
	}
	if (a->ncnames >= DNSAUTH_DNS_MAX_CNAMES) {
		free(target);
		answer_error(a, DNSAUTH_DNS_ERROR, "CNAME loop (chain longer than %d)",
			     DNSAUTH_DNS_MAX_CNAMES);
		a->cname_loop = true;
		return -1;
	}
	a->cnames[a->ncnames++] = target;
	return 0;
loop:
	free(target);
	answer_error(a, DNSAUTH_DNS_ERROR, "CNAME loop");
	a->cname_loop = true;
	return -1;
}

/* --------------------------------------------------------------- cache */

/* The cache key: two bytes of type, then the name. */
static size_t cache_key(unsigned char *k, const char *name, uint16_t type)
{
	size_t n = strlen(name);

	k[0] = (unsigned char)(type >> 8);
	k[1] = (unsigned char)(type & 0xff);
	memcpy(k + 2, name, n);
	return n + 2;
}

static struct centry *cache_get(const struct dnsauth_dns *dns, const char *name,
				uint16_t type)
{
	unsigned char k[NAME_TEXT_MAX + 3];
	struct hent *h;

	if (strlen(name) > NAME_TEXT_MAX)
		return NULL;
	h = hmap_find(&dns->cache, k, cache_key(k, name, type));
	return h ? h->val : NULL;
}

/*
 * The entry of the question (\p name, \p type), or NULL; *norm is its
 * canonical name: in \p k + 2 (a key buffer of NAME_TEXT_MAX + 3 octets,
 * where the key is built in place), or a new string in *heap, or the
 * name lower-cased as given when it does not parse (*bad set).
 * \return NULL with *norm NULL when out of memory.
 */
static struct centry *question_find(const struct dnsauth_dns *dns, const char *name,
				    uint16_t type, unsigned char *k, const char **norm,
				    char **heap, bool *bad)
{
	struct hent *h;
	size_t n = 0;

	*bad = false;
	*norm = name_norm_buf(name, (char *)k + 2, heap, &n);
	if (!*norm) {
		*bad = true;
		*norm = *heap = raw_lower(name);
		if (!*heap)
			return NULL;
		n = strlen(*heap);
	}
	if (n > NAME_TEXT_MAX)
		return NULL;
	if (*norm != (const char *)k + 2)
		memcpy(k + 2, *norm, n);
	k[0] = (unsigned char)(type >> 8);
	k[1] = (unsigned char)(type & 0xff);
	h = hmap_find(&dns->cache, k, n + 2);
	return h ? h->val : NULL;
}

/* A new pending entry for a question (\p name: a canonical name, or one
 * that does not parse, lower-cased), in one block. */
static struct centry *cache_add(struct dnsauth_dns *dns, const char *name, uint16_t type)
{
	size_t n = strlen(name);
	struct centry *e;
	struct hent *h;

	if (n > NAME_TEXT_MAX)
		return NULL;
	if (dns->is_zone && dns->nrecent == dns->caprecent) {
		size_t cap = dns->caprecent ? dns->caprecent * 2 : 256;
		struct centry **v = realloc(dns->recent, cap * sizeof(*v));

		if (!v)
			return NULL;
		dns->recent = v;
		dns->caprecent = cap;
	}
	/* sizeof(struct centry) is a multiple of its alignment, which is
	 * that of struct hent too (pointers, 64-bit integers) */
	e = malloc(sizeof(*e) + sizeof(*h) + n + 3);
	if (!e)
		return NULL;
	memset(e, 0, sizeof(*e));
	h = (struct hent *)(void *)(e + 1);
	h->val = e;
	h->klen = cache_key(h->key, name, type);
	h->key[h->klen] = '\0';
	e->h = h;
	e->a.qname = (char *)h->key + 2;
	e->a.qtype = type;
	e->a.status = DNSAUTH_DNS_ERROR;        /* until resolved */
	e->pending = true;
	if (hmap_insert(&dns->cache, h) != 0) {
		free(e);
		return NULL;
	}
	if (dns->is_zone)
		dns->recent[dns->nrecent++] = e;
	return e;
}

void dnsauth_dns_forget(struct dnsauth_dns *dns)
{
	size_t i;

	if (!dns || !dns->is_zone)
		return;
	/* what stays (pending, OUTSIDE, the fallback's answers) is not
	 * looked at again by later calls */
	for (i = 0; i < dns->nrecent; i++) {
		struct centry *e = dns->recent[i];

		if (e->pending || !e->from_zone)
			continue;
		hmap_unlink(&dns->cache, e->h);
		centry_free(e);
	}
	dns->nrecent = 0;
}

/* ---------------------------------------------------------- zone source */

static struct zone *zone_of_origin(const struct dnsauth_dns *dns, const char *origin)
{
	struct hent *h = hmap_find(&dns->origins, origin, strlen(origin));

	return h ? h->val : NULL;
}

static struct znode *znode_get(const struct zone *z, const char *name)
{
	struct hent *h = hmap_find(&z->nodes, name, strlen(name));

	return h ? h->val : NULL;
}

/* The node of \p name in \p z, created (without records) if needed:
 * the node, then its map entry, in one block (a question looks at both). */
static struct znode *znode_make(struct zone *z, const char *name)
{
	struct znode *n = znode_get(z, name);
	size_t kl = strlen(name);
	struct hent *h;

	if (n)
		return n;
	/* sizeof(struct znode) is a multiple of the alignment of struct
	 * hent (pointers) */
	n = malloc(sizeof(*n) + sizeof(*h) + kl + 1);
	if (!n)
		return NULL;
	memset(n, 0, sizeof(*n));
	h = (struct hent *)(void *)(n + 1);
	h->val = n;
	h->klen = kl;
	memcpy(h->key, name, kl);
	h->key[kl] = '\0';
	if (hmap_insert(&z->nodes, h) != 0) {
		free(n);
		return NULL;
	}
	if (name[0] == '*' && (name[1] == '.' || name[1] == '\0'))
		z->nwild++;
	return n;
}

/* Add \p rr to the records of \p node, the node of \p owner in \p z
 * (counting delegations). \return false when out of memory. */
static bool znode_push(struct zone *z, const char *owner, struct znode *node, ldns_rr *rr)
{
	if (!node->rrs)
		node->rrs = ldns_rr_list_new();
	if (!node->rrs || !ldns_rr_list_push_rr(node->rrs, rr))
		return false;
	if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_NS && !node->cut &&
	    strcmp(owner, z->origin) != 0) {
		node->cut = true;
		z->ncuts++;
	}
	return true;
}

/* The zone of \p origin, created if needed. */
static struct zone *zone_make(struct dnsauth_dns *dns, const char *origin)
{
	struct zone *z = zone_of_origin(dns, origin), **v;

	if (z)
		return z;
	v = realloc(dns->zones, (dns->nzones + 1) * sizeof(*v));
	if (!v)
		return NULL;
	dns->zones = v;
	z = calloc(1, sizeof(*z));
	if (!z)
		return NULL;
	z->nodes.seed = dns->cache.seed;
	z->owns = !dns->is_records;
	z->origin = strdup(origin);
	if (!z->origin || !znode_make(z, origin) ||
	    hmap_add(&dns->origins, z->origin, strlen(z->origin), z) != 0) {
		zone_free(z);
		return NULL;
	}
	dns->zones[dns->nzones++] = z;
	return z;
}

/* The origin a file name implies: example.com.zone, example.com.db,
 * example.com.dns, db.example.com; any other name as it is. */
static ldns_rdf *origin_from_file(const char *path)
{
	static const char *const suffixes[] = { ".zone", ".db", ".dns" };
	const char *base = strrchr(path, '/');
	char name[NAME_TEXT_MAX + 2];
	size_t n, i;

	base = base ? base + 1 : path;
	if (strncmp(base, "db.", 3) == 0 && base[3] != '\0')
		base += 3;
	n = strlen(base);
	if (n == 0 || n > NAME_TEXT_MAX)
		return NULL;
	memcpy(name, base, n + 1);
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t sl = strlen(suffixes[i]);

		if (n > sl && strcmp(name + n - sl, suffixes[i]) == 0) {
			n -= sl;
			name[n] = '\0';
			break;
		}
	}
	if (name[n - 1] != '.') {
		name[n] = '.';
		name[n + 1] = '\0';
	}
	return ldns_dname_new_frm_str(name);
}

/* What one pass over a zone file found. */
struct zparse {
	ldns_rr_list *rrs;
	ldns_rdf *lead_origin;  /* $ORIGIN before the first record */
	ldns_rdf *any_origin;   /* first $ORIGIN anywhere */
	ldns_rdf *soa_owner;    /* owner of the first SOA */
};

static void zparse_clear(struct zparse *p)
{
	if (p->rrs)
		ldns_rr_list_deep_free(p->rrs);
	if (p->lead_origin)
		ldns_rdf_deep_free(p->lead_origin);
	if (p->any_origin)
		ldns_rdf_deep_free(p->any_origin);
	if (p->soa_owner)
		ldns_rdf_deep_free(p->soa_owner);
	memset(p, 0, sizeof(*p));
}

/*
 * The line where the record that ldns just failed to read starts. ldns
 * counts the newlines it consumed, which include blank lines after the
 * record and miss the last line of a file without a final newline; so
 * look at the text it read (from \p pos, line \p before + 1) for the
 * first line with something other than blanks and comments.
 */
static int record_line(FILE *fp, long pos, int before, int after)
{
	int line = before + 1, c;
	bool comment = false;
	long end = ftell(fp), i;

	if (pos < 0 || end < pos || fseek(fp, pos, SEEK_SET) != 0)
		return after > 0 ? after : 1;
	for (i = pos; i < end; i++) {
		c = getc(fp);
		if (c == EOF)
			break;
		if (c == '\n') {
			line++;
			comment = false;
		} else if (c == ';') {
			comment = true;
		} else if (!comment && !isspace(c)) {
			break;
		}
	}
	return line;
}

/* Read every record of \p fp, relative names against \p def. */
static int zone_parse(FILE *fp, const char *path, const ldns_rdf *def, struct zparse *p,
		      unsigned long *total, struct dnsauth_buf *err)
{
	ldns_rdf *origin = NULL, *prev = NULL;
	uint32_t ttl = 3600;
	int line = 0, rc = 0;

	memset(p, 0, sizeof(*p));
	p->rrs = ldns_rr_list_new();
	if (!p->rrs)
		goto nomem;
	if (def) {
		origin = ldns_rdf_clone(def);
		prev = ldns_rdf_clone(def);
		if (!origin || !prev)
			goto nomem;
	}
	while (!feof(fp)) {
		ldns_rr *rr = NULL;
		ldns_status s;
		long pos = ftell(fp);
		int line_before = line;

		s = ldns_rr_new_frm_fp_l(&rr, fp, &ttl, &origin, &prev, &line);
		if (s == LDNS_STATUS_SYNTAX_EMPTY || s == LDNS_STATUS_SYNTAX_TTL)
			continue;
		if (s == LDNS_STATUS_SYNTAX_ORIGIN) {
			if (!p->any_origin && origin) {
				p->any_origin = ldns_rdf_clone(origin);
				if (!p->any_origin)
					goto nomem;
				if (ldns_rr_list_rr_count(p->rrs) == 0) {
					p->lead_origin = ldns_rdf_clone(origin);
					if (!p->lead_origin)
						goto nomem;
				}
			}
			continue;
		}
		if (s == LDNS_STATUS_MEM_ERR)
			goto nomem;
		if (s != LDNS_STATUS_OK) {
			dnsauth_buf_printf(err, "%s:%d: %s", path,
					   record_line(fp, pos, line_before, line),
					   ldns_get_errorstr_by_id(s));
			rc = DNSAUTH_EPARSE;
			goto out;
		}
		if (!rr)
			continue;
		if (++*total > ZONE_RRS_MAX) {
			ldns_rr_free(rr);
			dnsauth_buf_printf(err, "%s:%d: too many records (more than %lu)", path,
					   record_line(fp, pos, line_before, line), ZONE_RRS_MAX);
			rc = DNSAUTH_EPARSE;
			goto out;
		}
		if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_SOA && !p->soa_owner) {
			p->soa_owner = ldns_rdf_clone(ldns_rr_owner(rr));
			if (!p->soa_owner) {
				ldns_rr_free(rr);
				goto nomem;
			}
		}
		if (!ldns_rr_list_push_rr(p->rrs, rr)) {
			ldns_rr_free(rr);
			goto nomem;
		}
	}
	if (ferror(fp)) {
		dnsauth_buf_printf(err, "%s: read error", path);
		rc = DNSAUTH_EIO;
	}
	goto out;
nomem:
	rc = DNSAUTH_ENOMEM;
out:
	if (origin)
		ldns_rdf_deep_free(origin);
	if (prev)
		ldns_rdf_deep_free(prev);
	if (rc != 0)
		zparse_clear(p);
	return rc;
}

/* Put the records of one parsed file into the zone of \p origin. */
static int zone_add_records(struct dnsauth_dns *dns, const ldns_rdf *origin, ldns_rr_list *rrs)
{
	struct zone *z;
	char *otext = dnsauth_dname_rdf_text(origin), *owner = NULL;
	size_t i, n = ldns_rr_list_rr_count(rrs);
	int rc = DNSAUTH_ENOMEM;

	if (!otext)
		goto out;
	z = zone_make(dns, otext);
	if (!z)
		goto out;
	for (i = 0; i < n; i++) {
		ldns_rr *rr = ldns_rr_list_rr(rrs, i);
		struct znode *node;

		ldns_dname2canonical(ldns_rr_owner(rr));
		owner = dnsauth_dname_rdf_text(ldns_rr_owner(rr));
		if (!owner)
			goto out;
		/* out-of-zone data is ignored, as name servers do */
		if (!name_under(owner, otext)) {
			free(owner);
			owner = NULL;
			continue;
		}
		node = znode_make(z, owner);
		if (!node || !znode_push(z, owner, node, rr))
			goto out;
		free(owner);
		owner = NULL;
		ldns_rr_list_set_rr(rrs, NULL, i);
	}
	rc = 0;
out:
	free(owner);
	free(otext);
	return rc;
}

/* Load one zone file. */
static int zone_load_file(struct dnsauth_dns *dns, const char *path, struct dnsauth_buf *err)
{
	FILE *fp = NULL;
	ldns_rdf *def = NULL;
	const ldns_rdf *origin;
	struct zparse p;
	unsigned long before;
	int rc;

	memset(&p, 0, sizeof(p));
	fp = fopen(path, "r");
	if (!fp) {
		dnsauth_buf_printf(err, "%s: %s", path, strerror(errno));
		rc = DNSAUTH_EIO;
		goto out;
	}
	def = origin_from_file(path);
	before = dns->nrrs;
	rc = zone_parse(fp, path, def, &p, &dns->nrrs, err);
	if (rc != 0)
		goto out;
	origin = p.lead_origin ? p.lead_origin :
		 p.soa_owner ? p.soa_owner :
		 def ? def : p.any_origin;
	if (!origin) {
		dnsauth_buf_printf(err, "%s:1: cannot tell the zone's origin "
				   "(no $ORIGIN, no SOA)", path);
		rc = DNSAUTH_EPARSE;
		goto out;
	}
	/* Relative names before any $ORIGIN are relative to the zone's
	 * origin: read again when the file name guessed another one. */
	if (!p.lead_origin && (!def || ldns_dname_compare(origin, def) != 0)) {
		ldns_rdf *o = ldns_rdf_clone(origin);

		if (!o) {
			rc = DNSAUTH_ENOMEM;
			goto out;
		}
		if (def)
			ldns_rdf_deep_free(def);
		def = o;
		zparse_clear(&p);
		rewind(fp);
		dns->nrrs = before;
		rc = zone_parse(fp, path, def, &p, &dns->nrrs, err);
		if (rc != 0)
			goto out;
		origin = def;
	}
	rc = zone_add_records(dns, origin, p.rrs);
out:
	zparse_clear(&p);
	if (def)
		ldns_rdf_deep_free(def);
	if (fp)
		fclose(fp);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether a file name in a directory names a zone file. */
static bool zone_file_name(const char *n)
{
	static const char *const suffixes[] = { ".zone", ".db", ".dns" };
	size_t len = strlen(n), i;

	if (n[0] == '.')
		return false;
	if (strncmp(n, "db.", 3) == 0 && len > 3)
		return true;
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t sl = strlen(suffixes[i]);

		if (len > sl && strcmp(n + len - sl, suffixes[i]) == 0)
			return true;
	}
	return false;
}

/* Load every zone file of a directory, in name order. */
static int zone_load_dir(struct dnsauth_dns *dns, const char *dir, struct dnsauth_buf *err)
{
	DIR *d = NULL;
	struct dirent *de;
	char **names = NULL, *path = NULL;
	size_t n = 0, cap = 0, i, loaded = 0;
	int rc = 0;

	d = opendir(dir);
	if (!d) {
		dnsauth_buf_printf(err, "%s: %s", dir, strerror(errno));
		rc = DNSAUTH_EIO;
		goto out;
	}
	for (;;) {
		errno = 0;
		de = readdir(d);
		if (!de)
			break;
		if (!zone_file_name(de->d_name))
			continue;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 16;
			char **v = realloc(names, nc * sizeof(*v));

			if (!v) {
				rc = DNSAUTH_ENOMEM;
				goto out;
			}
			names = v;
			cap = nc;
		}
		names[n] = strdup(de->d_name);
		if (!names[n]) {
			rc = DNSAUTH_ENOMEM;
			goto out;
		}
		n++;
	}
	if (errno != 0) {
		dnsauth_buf_printf(err, "%s: %s", dir, strerror(errno));
		rc = DNSAUTH_EIO;
		goto out;
	}
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		struct stat st;
		size_t len = strlen(dir) + strlen(names[i]) + 2;

		free(path);
		path = malloc(len);
		if (!path) {
			rc = DNSAUTH_ENOMEM;
			goto out;
		}
		snprintf(path, len, "%s/%s", dir, names[i]);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		rc = zone_load_file(dns, path, err);
		if (rc != 0)
			goto out;
		loaded++;
	}
	if (loaded == 0) {
		dnsauth_buf_printf(err, "%s: no zone files (*.zone, *.db, *.dns, db.*)", dir);
		rc = DNSAUTH_EIO;
	}
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(path);
	if (d)
		closedir(d);
	return rc;
}

/* Most records of a node sorted by type groups (znode_dedup()); a
 * bigger node is sorted whole. */
#define DEDUP_SMALL 16u

/* Sort a node's records and drop exact duplicates (a server serves an
 * RRset, not the lines of a file): the whole list, as ldns sorts it.
 * \p owns: the records are the zone's, freed when dropped. */
static int znode_dedup_all(struct znode *node, bool owns)
{
	ldns_rr_list *l;
	ldns_rr *last = NULL;
	size_t i, n;

	l = ldns_rr_list_new();
	if (!l)
		return DNSAUTH_ENOMEM;
	ldns_rr_list_sort(node->rrs);
	n = ldns_rr_list_rr_count(node->rrs);
	for (i = 0; i < n; i++) {
		ldns_rr *rr = ldns_rr_list_rr(node->rrs, i);

		if (last && ldns_rr_compare(last, rr) == 0) {
			if (owns)
				ldns_rr_free(rr);
		} else if (ldns_rr_list_push_rr(l, rr)) {
			last = rr;
		} else {
			/* records before i are in l or freed: the load
			 * fails and frees the rest of the old list */
			while (i-- > 0)
				ldns_rr_list_set_rr(node->rrs, NULL, i);
			if (owns)
				ldns_rr_list_deep_free(l);
			else
				ldns_rr_list_free(l);
			return DNSAUTH_ENOMEM;
		}
	}
	ldns_rr_list_free(node->rrs);
	node->rrs = l;
	return 0;
}

/*
 * Sort a node's records and drop exact duplicates (see znode_dedup_all()).
 * Answers take the records of one type, in order, so only the order of
 * records of the same type can be seen: in a small node each type's
 * records are sorted apart (ldns's sort is stable, so they end in the
 * order the whole sort gives them), after the types of one record each,
 * which keep their order. Most nodes have one record of each type, and
 * nothing to sort at all; two records of a type take one comparison.
 * \p owns: as for znode_dedup_all().
 */
static int znode_dedup(struct znode *node, bool owns)
{
	ldns_rr *v[DEDUP_SMALL], *drop[DEDUP_SMALL];
	bool done[DEDUP_SMALL];
	ldns_rr_list *l = NULL, *group = NULL;
	size_t n, i, j, k, ndrop = 0;
	bool repeats = false;

	n = node->rrs ? ldns_rr_list_rr_count(node->rrs) : 0;
	if (n < 2)
		return 0;
	if (n > DEDUP_SMALL)
		return znode_dedup_all(node, owns);
	for (i = 0; i < n; i++) {
		v[i] = ldns_rr_list_rr(node->rrs, i);
		done[i] = false;
	}
	for (i = 1; i < n && !repeats; i++)
		for (j = 0; j < i && !repeats; j++)
			repeats = ldns_rr_get_type(v[i]) == ldns_rr_get_type(v[j]);
	if (!repeats)
		return 0;
	/* the node keeps its list until the new one is complete */
	l = ldns_rr_list_new();
	if (!l)
		return DNSAUTH_ENOMEM;
	for (i = 0; i < n; i++) {
		ldns_rr_type t = ldns_rr_get_type(v[i]);
		ldns_rr *g[DEDUP_SMALL], *last = NULL;
		size_t ng = 0;

		if (done[i])
			continue;
		for (j = i; j < n; j++)
			if (!done[j] && ldns_rr_get_type(v[j]) == t) {
				g[ng++] = v[j];
				done[j] = true;
			}
		if (ng == 2) {
			/* what the sort and the comparison after it come to */
			int r = ldns_rr_compare(g[0], g[1]);

			if (r > 0) {
				ldns_rr *x = g[0];

				g[0] = g[1];
				g[1] = x;
			} else if (r == 0) {
				drop[ndrop++] = g[1];
				ng = 1;
			}
		} else if (ng > 2) {
			group = ldns_rr_list_new();
			if (!group)
				goto nomem;
			for (k = 0; k < ng; k++)
				if (!ldns_rr_list_push_rr(group, g[k]))
					goto nomem;
			ldns_rr_list_sort(group);
			for (j = k = 0; j < ng; j++) {
				ldns_rr *rr = ldns_rr_list_rr(group, j);

				if (last && ldns_rr_compare(last, rr) == 0)
					drop[ndrop++] = rr;
				else
					g[k++] = last = rr;
			}
			ng = k;
			ldns_rr_list_free(group);
			group = NULL;
		}
		for (k = 0; k < ng; k++)
			if (!ldns_rr_list_push_rr(l, g[k]))
				goto nomem;
	}
	for (i = 0; owns && i < ndrop; i++)
		ldns_rr_free(drop[i]);
	ldns_rr_list_free(node->rrs);
	node->rrs = l;
	return 0;
nomem:
	if (group)
		ldns_rr_list_free(group);
	ldns_rr_list_free(l);
	return DNSAUTH_ENOMEM;
}

/* Finish the loaded zones: deduplicate, add empty non-terminals. */
static int zones_finish(struct dnsauth_dns *dns)
{
	size_t zi, i;

	for (zi = 0; zi < dns->nzones; zi++) {
		struct zone *z = dns->zones[zi];
		struct hent **nodes;
		size_t n = 0;
		int rc = 0;

		nodes = calloc(z->nodes.n ? z->nodes.n : 1, sizeof(*nodes));
		if (!nodes)
			return DNSAUTH_ENOMEM;
		for (i = 0; i < z->nodes.nb; i++) {
			struct hent *h;

			for (h = z->nodes.b[i]; h; h = h->next)
				nodes[n++] = h;
		}
		for (i = 0; i < n && rc == 0; i++) {
			const char *p = (const char *)nodes[i]->key;

			rc = znode_dedup(nodes[i]->val, z->owns);
			/* every ancestor up to the origin exists: up to the
			 * first that does, since its ancestors exist too (or
			 * will, when its own turn comes) */
			while (rc == 0 && strcmp(p, z->origin) != 0) {
				p = name_parent(p);
				if (!p || znode_get(z, p))
					break;
				if (!znode_make(z, p))
					rc = DNSAUTH_ENOMEM;
			}
		}
		free(nodes);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int dnsauth_dns_new_zone(const char *const *paths, size_t npaths,
			 struct dnsauth_dns **out, struct dnsauth_buf *err)
{
	struct dnsauth_dns *dns = NULL;
	struct dnsauth_buf tmp;
	size_t i;
	int rc = 0;

	dnsauth_buf_init(&tmp, 4096);
	if (!err)
		err = &tmp;
	if (out)
		*out = NULL;
	if (!out || (npaths > 0 && !paths)) {
		rc = DNSAUTH_EINVAL;
		goto out;
	}
	dns = handle_new(true);
	if (!dns) {
		rc = DNSAUTH_ENOMEM;
		goto out;
	}
	for (i = 0; i < npaths; i++) {
		struct stat st;

		if (!paths[i] || stat(paths[i], &st) != 0) {
			dnsauth_buf_printf(err, "%s: %s", paths[i] ? paths[i] : "(null)",
					   paths[i] ? strerror(errno) : "no path");
			rc = DNSAUTH_EIO;
			goto out;
		}
		if (S_ISDIR(st.st_mode))
			rc = zone_load_dir(dns, paths[i], err);
		else
			rc = zone_load_file(dns, paths[i], err);
		if (rc != 0)
			goto out;
	}
	rc = zones_finish(dns);
out:
	if (rc == DNSAUTH_ENOMEM && err->len == 0)
		dnsauth_buf_puts(err, "out of memory");
	if (rc != 0) {
		dnsauth_dns_free(dns);
		dns = NULL;
	}
	if (out)
		*out = dns;
	dnsauth_buf_free(&tmp);
	return rc;
}

/* ---------------------------------------------------------- data source */

int dnsauth_dns_new_data(struct dnsauth_dns **out)
{
	struct dnsauth_dns *dns;

	if (!out)
		return DNSAUTH_EINVAL;
	*out = NULL;
	dns = handle_new(true);
	if (!dns)
		return DNSAUTH_ENOMEM;
	/* one zone at the root: every name is in it, none is OUTSIDE */
	if (!zone_make(dns, "")) {
		dnsauth_dns_free(dns);
		return DNSAUTH_ENOMEM;
	}
	*out = dns;
	return 0;
}

/* The node of canonical \p owner in the data source's root zone, made
 * with every ancestor (so that they are empty non-terminals). */
static struct znode *data_node(struct dnsauth_dns *dns, const char *owner)
{
	struct zone *z = zone_of_origin(dns, "");
	struct znode *node;
	const char *p;

	if (!z || dns->nzones != 1)
		return NULL;
	node = znode_make(z, owner);
	if (!node)
		return NULL;
	for (p = name_parent(owner); p; p = name_parent(p)) {
		if (!znode_get(z, p) && !znode_make(z, p))
			return NULL;
	}
	return node;
}

int dnsauth_dns_data_add(struct dnsauth_dns *dns, const char *owner, uint16_t type,
			 const char *rdata_text)
{
	char *name = NULL, *line = NULL, *ts;
	ldns_rr *rr = NULL;
	struct znode *node;
	size_t i, n, len;
	int rc = DNSAUTH_EINVAL;

	if (!dns || !owner || !dns->is_zone || dns->is_records || dns->nzones != 1 ||
	    !zone_of_origin(dns, ""))
		return DNSAUTH_EINVAL;
	name = name_norm(owner);
	if (!name)
		goto out;
	rc = DNSAUTH_ENOMEM;
	node = data_node(dns, name);
	if (!node)
		goto out;
	if (!rdata_text) {
		rc = 0;
		goto out;
	}
	rc = DNSAUTH_ELIMIT;
	if (strlen(rdata_text) > 65535u || dns->nrrs >= ZONE_RRS_MAX)
		goto out;
	rc = DNSAUTH_ENOMEM;
	ts = ldns_rr_type2str((ldns_rr_type)type);
	if (!ts)
		goto out;
	len = strlen(name) + strlen(ts) + strlen(rdata_text) + 32;
	line = malloc(len);
	if (line)
		snprintf(line, len, "%s. 0 IN %s %s", name, ts, rdata_text);
	free(ts);
	if (!line)
		goto out;
	rc = DNSAUTH_EPARSE;
	if (ldns_rr_new_frm_str(&rr, line, 0, NULL, NULL) != LDNS_STATUS_OK || !rr)
		goto out;
	if (ldns_rr_get_type(rr) != type)
		goto out;
	ldns_dname2canonical(ldns_rr_owner(rr));
	/* an identical record is not added twice */
	n = node->rrs ? ldns_rr_list_rr_count(node->rrs) : 0;
	for (i = 0; i < n; i++) {
		if (ldns_rr_compare(ldns_rr_list_rr(node->rrs, i), rr) == 0) {
			rc = 0;
			goto out;
		}
	}
	rc = DNSAUTH_ENOMEM;
	if (!znode_push(zone_of_origin(dns, ""), name, node, rr))
		goto out;
	rr = NULL;
	dns->nrrs++;
	rc = 0;
out:
	if (rr)
		ldns_rr_free(rr);
	free(line);
	free(name);
	return rc;
}

int dnsauth_dns_data_set_timeout(struct dnsauth_dns *dns, const char *owner)
{
	char *name;
	int rc = 0;

	if (!dns || !owner || !dns->is_zone || dns->is_records || dns->nzones != 1 ||
	    !zone_of_origin(dns, ""))
		return DNSAUTH_EINVAL;
	name = name_norm(owner);
	if (!name)
		return DNSAUTH_EINVAL;
	if (!hmap_find(&dns->timeouts, name, strlen(name)) &&
	    hmap_add(&dns->timeouts, name, strlen(name), dns) != 0)
		rc = DNSAUTH_ENOMEM;
	/* the name exists (its queries time out before it is looked at) */
	if (rc == 0 && !data_node(dns, name))
		rc = DNSAUTH_ENOMEM;
	free(name);
	return rc;
}

/* The loaded zone with the longest origin that \p name is at or below. */
static const struct zone *zone_find(const struct dnsauth_dns *dns, const char *name)
{
	const char *p = name;

	/* one zone (a zone file, a data source): a suffix comparison, when
	 * no escape can hide a label separator */
	if (dns->nzones == 1 && !strchr(name, '\\')) {
		const struct zone *z = dns->zones[0];
		size_t n = strlen(name), k = strlen(z->origin);

		if (k == 0 || (n == k && memcmp(name, z->origin, k) == 0) ||
		    (n > k && name[n - k - 1] == '.' && memcmp(name + n - k, z->origin, k) == 0))
			return z;
		return NULL;
	}
	while (p) {
		const struct zone *z = zone_of_origin(dns, p);

		if (z)
			return z;
		p = name_parent(p);
	}
	return NULL;
}

static bool rrs_have_type(const ldns_rr_list *l, uint16_t type)
{
	size_t i;

	for (i = 0; l && i < ldns_rr_list_rr_count(l); i++) {
		if (ldns_rr_get_type(ldns_rr_list_rr(l, i)) == type)
			return true;
	}
	return false;
}

static const ldns_rr *rrs_first(const ldns_rr_list *l, uint16_t type)
{
	size_t i;

	for (i = 0; l && i < ldns_rr_list_rr_count(l); i++) {
		if (ldns_rr_get_type(ldns_rr_list_rr(l, i)) == type)
			return ldns_rr_list_rr(l, i);
	}
	return NULL;
}

/*
 * Answer one question from the loaded zones (RFC 1034 4.3.2, RFC 4592):
 *   - no zone holds the name, or it is at or below a delegation of its
 *     zone (NS below the apex): OUTSIDE (DS at the cut itself is the
 *     parent's and is answered);
 *   - the name has records of the type: DATA;
 *   - it has a CNAME (and the type is not CNAME): follow it, in whatever
 *     zone holds the target;
 *   - it exists (records, or names below it): NODATA;
 *   - else the closest encloser's "*" child, if it exists, answers as if
 *     it were the name (records copied with the name as owner), with the
 *     same CNAME and NODATA rules; else NXDOMAIN;
 *   - in a partial zone (records source), what would be NODATA or
 *     NXDOMAIN is OUTSIDE: the records are only part of the zone.
 */
static void zone_answer(struct dnsauth_dns *dns, struct dnsauth_dns_answer *a)
{
	char wild[NAME_TEXT_MAX + 3];
	const char *cur = a->qname;
	ldns_rdf *cur_d = NULL;
	uint16_t type = a->qtype;

	for (;;) {
		const struct zone *z;
		const struct znode *node;
		const char *p;
		const ldns_rr *cn;
		const ldns_rr_list *rrs;
		bool synth = false;
		long took;

		dns->st.queries++;
		z = zone_find(dns, cur);
		if (dns->timeouts.n > 0 && z &&
		    hmap_find(&dns->timeouts, cur, strlen(cur))) {
			node = znode_get(z, cur);
			if (!node || (!rrs_have_type(node->rrs, type) &&
				      !rrs_have_type(node->rrs, LDNS_RR_TYPE_CNAME))) {
				answer_error(a, DNSAUTH_DNS_TIMEOUT, "%s: timeout (test data)", cur);
				break;
			}
		}
		if (!z) {
			answer_error(a, DNSAUTH_DNS_OUTSIDE, NULL);
			break;
		}
		/* delegations between the name and the apex (none in most
		 * zones: then nothing to look for) */
		for (p = cur; z->ncuts > 0 && p && strcmp(p, z->origin) != 0;
		     p = name_parent(p)) {
			const struct znode *d = znode_get(z, p);

			if (!d || !rrs_have_type(d->rrs, LDNS_RR_TYPE_NS))
				continue;
			if (p == cur && type == LDNS_RR_TYPE_DS)
				continue;
			break;
		}
		if (z->ncuts > 0 && p && strcmp(p, z->origin) != 0) {
			answer_error(a, DNSAUTH_DNS_OUTSIDE, NULL);
			break;
		}
		node = znode_get(z, cur);
		if (!node && z->nwild == 0) {
			/* no wildcard in the zone to synthesize from */
			answer_error(a, z->partial ? DNSAUTH_DNS_OUTSIDE : DNSAUTH_DNS_NXDOMAIN,
				     NULL);
			break;
		}
		if (!node) {
			/* closest encloser: the origin node always exists */
			p = name_parent(cur);
			while (p && !znode_get(z, p))
				p = name_parent(p);
			if (p && strlen(p) + 3 > sizeof(wild))
				goto nomem;     /* cannot happen: names are shorter */
			if (p && p[0] != '\0')
				snprintf(wild, sizeof(wild), "*.%s", p);
			else
				strcpy(wild, "*");
			node = znode_get(z, wild);
			if (!node) {
				answer_error(a, z->partial ? DNSAUTH_DNS_OUTSIDE :
					     DNSAUTH_DNS_NXDOMAIN, NULL);
				break;
			}
			synth = true;
		}
		rrs = node->rrs;
		if (synth) {
			/* records copied with the name as their owner */
			if (cur_d)
				ldns_rdf_deep_free(cur_d);
			cur_d = name_dname(cur);
			if (!cur_d)
				goto nomem;
		}
		took = answer_take(a, rrs, type, NULL, synth ? cur_d : NULL);
		if (took < 0)
			goto nomem;
		if (took > 0)
			break;
		cn = type == LDNS_RR_TYPE_CNAME ? NULL : rrs_first(rrs, LDNS_RR_TYPE_CNAME);
		if (!cn || ldns_rr_rd_count(cn) < 1) {
			answer_error(a, z->partial ? DNSAUTH_DNS_OUTSIDE : DNSAUTH_DNS_NODATA,
				     NULL);
			break;
		}
		if (answer_add_cname(a, dnsauth_dname_rdf_text(ldns_rr_rdf(cn, 0))) != 0)
			break;
		/* the answer keeps its chain: the target stays valid */
		cur = a->cnames[a->ncnames - 1];
	}
	goto out;
nomem:
	answer_error(a, DNSAUTH_DNS_ERROR, "out of memory");
out:
	if (cur_d)
		ldns_rdf_deep_free(cur_d);
}

/* ------------------------------------------------------- records source */

int dnsauth_dns_new_records(struct dnsauth_dns **out)
{
	struct dnsauth_dns *dns;

	if (!out)
		return DNSAUTH_EINVAL;
	*out = NULL;
	dns = handle_new(true);
	if (!dns)
		return DNSAUTH_ENOMEM;
	dns->is_records = true;
	dns->recs = ldns_rr_list_new();
	dns->kept = ldns_rr_list_new();
	if (!dns->recs || !dns->kept) {
		dnsauth_dns_free(dns);
		return DNSAUTH_ENOMEM;
	}
	*out = dns;
	return 0;
}

int dnsauth_dns_records_zone(struct dnsauth_dns *dns, const char *origin, bool complete)
{
	struct rdecl *v;
	char *name;
	size_t i;

	if (!dns || !dns->is_records || !origin)
		return DNSAUTH_EINVAL;
	name = name_norm(origin);
	if (!name)
		return DNSAUTH_EINVAL;
	for (i = 0; i < dns->ndecls; i++) {
		if (strcmp(dns->decls[i].origin, name) == 0) {
			free(name);
			if (complete && !dns->decls[i].complete) {
				dns->decls[i].complete = true;
				dns->rdirty = true;
			}
			return 0;
		}
	}
	v = realloc(dns->decls, (dns->ndecls + 1) * sizeof(*v));
	if (!v) {
		free(name);
		return DNSAUTH_ENOMEM;
	}
	dns->decls = v;
	v[dns->ndecls].origin = name;
	v[dns->ndecls].complete = complete;
	dns->ndecls++;
	dns->rdirty = true;
	return 0;
}

/* Whether a record may go into a records source: 0 or DNSAUTH_EINVAL,
 * DNSAUTH_ELIMIT. */
static int records_check(const struct dnsauth_dns *dns, const ldns_rr *rr)
{
	const ldns_rdf *owner;

	if (!dns || !dns->is_records || !rr)
		return DNSAUTH_EINVAL;
	owner = ldns_rr_owner(rr);
	if (!owner || ldns_rdf_get_type(owner) != LDNS_RDF_TYPE_DNAME ||
	    !dname_absolute(owner) || ldns_rr_get_class(rr) != LDNS_RR_CLASS_IN)
		return DNSAUTH_EINVAL;
	if (dns->nrrs >= ZONE_RRS_MAX)
		return DNSAUTH_ELIMIT;
	return 0;
}

int dnsauth_dns_records_add(struct dnsauth_dns *dns, const ldns_rr *rr)
{
	ldns_rr *c;
	int rc = records_check(dns, rr);

	if (rc)
		return rc;
	c = ldns_rr_clone(rr);
	if (!c)
		return DNSAUTH_ENOMEM;
	ldns_dname2canonical(ldns_rr_owner(c));
	if (!ldns_rr_list_push_rr(dns->kept, c)) {
		ldns_rr_free(c);
		return DNSAUTH_ENOMEM;
	}
	/* a copy not placed stays in kept, freed with the handle */
	if (!ldns_rr_list_push_rr(dns->recs, c))
		return DNSAUTH_ENOMEM;
	dns->nrrs++;
	dns->rdirty = true;
	return 0;
}

int dnsauth_dns_records_add_ref(struct dnsauth_dns *dns, const ldns_rr *rr)
{
	int rc = records_check(dns, rr);

	if (rc)
		return rc;
	/* never changed nor freed here: the lists of a records source do
	 * not own their records */
	if (!ldns_rr_list_push_rr(dns->recs, (ldns_rr *)(uintptr_t)rr))
		return DNSAUTH_ENOMEM;
	dns->nrrs++;
	dns->rdirty = true;
	return 0;
}

/* Give every cached answer that holds the zones' own records copies of
 * them, before the zones are rebuilt (which moves records and frees
 * duplicates). 0 or DNSAUTH_ENOMEM. */
static int cache_unshare(struct dnsauth_dns *dns)
{
	size_t i;

	for (i = 0; i < dns->cache.nb; i++) {
		struct hent *h;

		for (h = dns->cache.b[i]; h; h = h->next) {
			struct centry *e = h->val;
			ldns_rr_list *c;

			if (!e->a.rrs_shared)
				continue;
			c = ldns_rr_list_clone(e->a.rrs);
			if (!c)
				return DNSAUTH_ENOMEM;
			ldns_rr_list_free(e->a.rrs);
			e->a.rrs = c;
			e->a.rrs_shared = false;
		}
	}
	return 0;
}

/* A record waiting to be placed: its owner and the depth (labels) of the
 * zone it would declare. */
struct rplace {
	char *owner;
	size_t depth;
	size_t idx;
};

static int cmp_rplace(const void *a, const void *b)
{
	const struct rplace *x = a, *y = b;

	if (x->depth != y->depth)
		return x->depth < y->depth ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static size_t name_depth(const char *name)
{
	size_t d = 0;

	for (name = name_parent(name); name; name = name_parent(name))
		d++;
	return d;
}

/* The zone a record at \p owner declares when it is in none: the owner,
 * or the parent of a wildcard owner (the names the wildcard answers). */
static const char *auto_origin(const char *owner)
{
	if (owner[0] == '*' && (owner[1] == '.' || owner[1] == '\0'))
		return name_parent(owner);
	return owner;
}

/*
 * (Re)build the zones of a records source: the records already placed
 * are taken back, the declared zones are made afresh, and every record
 * goes to the declared zone closest above its owner; one in none
 * declares a partial zone (shallowest first, so that a record at
 * example.com makes the zone www.example.com joins). Then as for zone
 * files: duplicates drop, empty non-terminals get nodes. A record lost
 * to a failed allocation makes every later answer ERROR (rbroken).
 */
static int records_build(struct dnsauth_dns *dns)
{
	struct rplace *pl = NULL;
	ldns_rr_list *all;
	size_t zi, i, n = 0;
	bool declared = true;
	int rc = DNSAUTH_ENOMEM;

	if (cache_unshare(dns) != 0)
		return DNSAUTH_ENOMEM;
	all = ldns_rr_list_new();
	if (!all)
		return DNSAUTH_ENOMEM;
	/* every record into one list: those not placed, then the placed */
	for (i = 0; i < ldns_rr_list_rr_count(dns->recs); i++) {
		ldns_rr *rr = ldns_rr_list_rr(dns->recs, i);

		if (rr && !ldns_rr_list_push_rr(all, rr))
			dns->rbroken = true;
	}
	ldns_rr_list_free(dns->recs);
	dns->recs = all;
	for (zi = 0; zi < dns->nzones; zi++) {
		struct zone *z = dns->zones[zi];

		for (i = 0; i < z->nodes.nb; i++) {
			struct hent *h;

			for (h = z->nodes.b[i]; h; h = h->next) {
				struct znode *node = h->val;
				size_t k;

				for (k = 0; node->rrs && k < ldns_rr_list_rr_count(node->rrs); k++) {
					ldns_rr *rr = ldns_rr_list_rr(node->rrs, k);

					if (!ldns_rr_list_push_rr(all, rr))
						dns->rbroken = true;
				}
				if (node->rrs)
					ldns_rr_list_free(node->rrs);
				node->rrs = NULL;
			}
		}
		zone_free(z);
	}
	free(dns->zones);
	dns->zones = NULL;
	dns->nzones = 0;
	hmap_clear(&dns->origins, NULL);
	for (i = 0; i < dns->ndecls; i++) {
		struct zone *z = zone_make(dns, dns->decls[i].origin);

		if (!z)
			goto out;
		z->partial = !dns->decls[i].complete;
	}
	n = ldns_rr_list_rr_count(all);
	pl = calloc(n ? n : 1, sizeof(*pl));
	if (!pl)
		goto out;
	for (i = 0; i < n; i++) {
		pl[i].owner = dnsauth_dname_rdf_text(ldns_rr_owner(ldns_rr_list_rr(all, i)));
		if (!pl[i].owner)
			goto out;
		pl[i].idx = i;
		if (!zone_find(dns, pl[i].owner))
			declared = false;
	}
	/* a record in no declared zone declares one: shallower owners go
	 * first; when every record is in a declared zone (a whole file
	 * usually is) the order does not matter, the records of a name keep
	 * theirs either way */
	if (!declared) {
		for (i = 0; i < n; i++)
			pl[i].depth = name_depth(auto_origin(pl[i].owner));
		qsort(pl, n, sizeof(*pl), cmp_rplace);
	}
	for (i = 0; i < n; i++) {
		ldns_rr *rr = ldns_rr_list_rr(all, pl[i].idx);
		struct zone *z = (struct zone *)zone_find(dns, pl[i].owner);
		struct znode *node;

		if (!z) {
			z = zone_make(dns, auto_origin(pl[i].owner));
			if (!z)
				goto out;
			z->partial = true;
		}
		node = znode_make(z, pl[i].owner);
		if (!node || !znode_push(z, pl[i].owner, node, rr))
			goto out;
		ldns_rr_list_set_rr(all, NULL, pl[i].idx);
	}
	rc = zones_finish(dns);
	if (rc == 0) {
		/* every record is in a zone now */
		ldns_rr_list_set_rr_count(all, 0);
		dns->rdirty = false;
	}
out:
	for (i = 0; pl && i < n; i++)
		free(pl[i].owner);
	free(pl);
	return rc;
}

/* ---------------------------------------------------------- live source */

/* The state of one question in a batch. */
enum qstate {
	QS_QUEUED,
	QS_UDP,                 /* waiting for a UDP response */
	QS_TCP_CONNECT,
	QS_TCP_WRITE,
	QS_TCP_READ,
	QS_DONE,
};

/* Largest query: length prefix, header, name, type and class, OPT. */
#define QUERY_MAX (2u + LDNS_HEADER_SIZE + LDNS_MAX_DOMAINLEN + 4u + 11u)

struct query {
	struct dnsauth_dns_answer *a;
	enum qstate st;
	int fd;
	size_t fd_srv;          /* server the socket is connected to */
	size_t start;           /* server of the first attempt */
	size_t srv;             /* server of the current attempt */
	unsigned attempt;       /* attempts made for this name */
	uint16_t ids[MAX_IDS];  /* IDs sent on this socket (a ring) */
	unsigned nids;
	uint64_t expires;       /* end of the current attempt */
	size_t wlen;            /* length of the query (after 2 octets of
	                           length in wire[]) */
	size_t io;              /* TCP: octets written or read so far */
	uint8_t tlen[2];        /* TCP: length of the response */
	uint8_t *tbuf;          /* TCP: the response */
	size_t tneed;
	bool tcp;               /* the current attempt is over TCP */
	bool sent;              /* something was sent for this question */
	bool name_sent;         /* the current name was sent */
	bool timed_out;         /* an attempt for this name timed out */
	size_t qnlen;           /* length of qn */
	uint8_t qn[LDNS_MAX_DOMAINLEN]; /* the name asked now (wire form):
	                           the question's, or a CNAME target being
	                           chased */
	uint8_t wire[QUERY_MAX]; /* the query, after 2 octets of length */
	char bad[160];          /* why the last ignored response was ignored */
	char neterr[160];       /* the last network error */
};

/* "address#port" of a server, for messages. */
static const char *srv_text(const struct dnsauth_dns *dns, size_t i, char *buf, size_t n)
{
	char host[INET6_ADDRSTRLEN + 16], port[8];

	if (getnameinfo((const struct sockaddr *)&dns->srv[i].sa, dns->srv[i].len, host,
			sizeof(host), port, sizeof(port), NI_NUMERICHOST | NI_NUMERICSERV) != 0)
		snprintf(buf, n, "server %zu", i + 1);
	else
		snprintf(buf, n, "%s#%s", host, port);
	return buf;
}

/* A random query ID (getrandom, 128 IDs per call). */
static int rnd_id(struct dnsauth_dns *dns, uint16_t *id)
{
	if (dns->rnd_pos + 2 > sizeof(dns->rnd)) {
		if (getrandom(dns->rnd, sizeof(dns->rnd), 0) != (ssize_t)sizeof(dns->rnd))
			return -1;
		dns->rnd_pos = 0;
	}
	*id = (uint16_t)(dns->rnd[dns->rnd_pos] << 8 | dns->rnd[dns->rnd_pos + 1]);
	dns->rnd_pos += 2;
	return 0;
}

static void q_close(struct query *q)
{
	if (q->fd >= 0)
		close(q->fd);
	q->fd = -1;
	q->nids = 0;
}

/* The question is answered (its status is set): release its resources. */
static void q_finish(struct query *q)
{
	q_close(q);
	free(q->tbuf);
	q->tbuf = NULL;
	q->st = QS_DONE;
}

/* ------------------------------------------------------- wire format */

/*
 * The wire form of a canonical name text ("" is the root) into \p out
 * (LDNS_MAX_DOMAINLEN octets). \return its length, or 0 when the text is
 * not a name (an empty or long label, a bad escape, too long).
 */
static size_t text_wire(const char *s, uint8_t *out)
{
	size_t o = 1, lab = 0;

	out[0] = 0;
	if (*s == '\0')
		return 1;
	for (;;) {
		unsigned c = (unsigned char)*s;

		if (c == '\0' || c == '.') {
			size_t l = o - lab - 1;

			if (l == 0 || l > LDNS_MAX_LABELLEN)
				return 0;
			out[lab] = (uint8_t)l;
			if (c == '\0' || s[1] == '\0')
				break;
			s++;
			if (o >= LDNS_MAX_DOMAINLEN - 1)
				return 0;
			lab = o;
			out[o++] = 0;
			continue;
		}
		if (c == '\\') {
			if (isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2]) &&
			    isdigit((unsigned char)s[3])) {
				c = (unsigned)(s[1] - '0') * 100 + (unsigned)(s[2] - '0') * 10 +
				    (unsigned)(s[3] - '0');
				if (c > 255)
					return 0;
				s += 4;
			} else if (s[1] != '\0') {
				c = (unsigned char)s[1];
				s += 2;
			} else {
				return 0;
			}
		} else {
			s++;
		}
		if (o >= LDNS_MAX_DOMAINLEN - 1)
			return 0;
		out[o++] = (uint8_t)c;
	}
	out[o++] = 0;
	return o;
}

static unsigned char lc(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + ('a' - 'A')) : c;
}

/* Whether two uncompressed wire names are equal, ignoring ASCII case
 * (RFC 4343). */
static bool wire_eq(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	size_t i;

	if (alen != blen)
		return false;
	/* label lengths are at most 63: below 'A', so lc() leaves them */
	for (i = 0; i < alen; i++) {
		if (a[i] != b[i] && lc(a[i]) != lc(b[i]))
			return false;
	}
	return true;
}

/* Whether uncompressed wire name \p n is \p anc or below it. */
static bool wire_under(const uint8_t *n, size_t nlen, const uint8_t *anc, size_t alen)
{
	size_t i = 0;

	while (i < nlen) {
		if (nlen - i == alen && wire_eq(n + i, alen, anc, alen))
			return true;
		if (n[i] == 0)
			break;
		i += 1u + n[i];
	}
	return false;
}

/* Skip the (possibly compressed) name at *off. \return 0 or -1. */
static int wire_skip_name(const uint8_t *m, size_t len, size_t *off)
{
	size_t o = *off;

	for (;;) {
		uint8_t c;

		if (o >= len)
			return -1;
		c = m[o];
		if (c == 0) {
			*off = o + 1;
			return 0;
		}
		if ((c & 0xc0) == 0xc0) {
			if (o + 2 > len)
				return -1;
			*off = o + 2;
			return 0;
		}
		if (c & 0xc0)
			return -1;
		o += 1u + c;
	}
}

/*
 * The name at \p off of message \p m, decompressed into \p out
 * (LDNS_MAX_DOMAINLEN octets). \return its length, or 0 when it is
 * malformed (out of bounds, a pointer loop, an unknown label type, too
 * long).
 */
static size_t wire_name(const uint8_t *m, size_t len, size_t off, uint8_t *out)
{
	size_t o = 0;
	unsigned hops = 0;

	for (;;) {
		uint8_t c;

		if (off >= len)
			return 0;
		c = m[off];
		if ((c & 0xc0) == 0xc0) {
			if (off + 1 >= len || ++hops > 127)
				return 0;
			off = (size_t)(c & 0x3f) << 8 | m[off + 1];
			continue;
		}
		if (c & 0xc0)
			return 0;
		if (off + 1u + c > len || o + 1u + c > (c ? LDNS_MAX_DOMAINLEN - 1u :
						       LDNS_MAX_DOMAINLEN))
			return 0;
		memcpy(out + o, m + off, 1u + c);
		o += 1u + c;
		off += 1u + c;
		if (c == 0)
			return o;
	}
}

/* Whether the name at \p off of \p m is the uncompressed \p n. */
static bool wire_name_is(const uint8_t *m, size_t len, size_t off, const uint8_t *n,
			 size_t nlen)
{
	uint8_t buf[LDNS_MAX_DOMAINLEN];
	size_t bl = wire_name(m, len, off, buf);

	return bl > 0 && wire_eq(buf, bl, n, nlen);
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* One resource record of a message: where its parts are. */
struct wrr {
	size_t owner;           /* offset of the owner name */
	uint16_t type;
	uint16_t cls;
	size_t rd;              /* offset of the rdata */
	size_t rdlen;
	size_t end;             /* offset after the record */
};

static int wire_rr(const uint8_t *m, size_t len, size_t off, struct wrr *r)
{
	r->owner = off;
	if (wire_skip_name(m, len, &off) != 0 || off + 10 > len)
		return -1;
	r->type = get16(m + off);
	r->cls = get16(m + off + 2);
	r->rdlen = get16(m + off + 8);
	r->rd = off + 10;
	r->end = r->rd + r->rdlen;
	return r->end > len ? -1 : 0;
}

/* A response whose structure was checked: every record is within the
 * message (names and rdata are read, and checked, when used). */
struct msg {
	const uint8_t *m;
	size_t len;
	uint16_t flags;         /* octets 2-3 of the header */
	uint16_t count[3];      /* answer, authority, additional */
	size_t sec[3];          /* offsets where these sections start */
};

#define MSG_QR 0x8000u
#define MSG_AA 0x0400u
#define MSG_TC 0x0200u

static unsigned msg_rcode(const struct msg *g)
{
	return g->flags & 0x0fu;
}

/*
 * Check the structure of message \p m and find its sections. With
 * \p question_only (a truncated response, which is only asked again
 * over TCP) the sections are not checked. \return 0 or -1.
 */
static int msg_parse(struct msg *g, const uint8_t *m, size_t len, bool question_only)
{
	size_t off = LDNS_HEADER_SIZE, i, s;
	uint16_t qd;

	memset(g, 0, sizeof(*g));
	if (len < LDNS_HEADER_SIZE)
		return -1;
	g->m = m;
	g->len = len;
	g->flags = get16(m + 2);
	qd = get16(m + 4);
	for (s = 0; s < 3; s++)
		g->count[s] = get16(m + 6 + 2 * s);
	for (i = 0; i < qd; i++) {
		if (wire_skip_name(m, len, &off) != 0 || off + 4 > len)
			return -1;
		off += 4;
	}
	if (question_only) {
		memset(g->count, 0, sizeof(g->count));
		for (s = 0; s < 3; s++)
			g->sec[s] = off;
		return 0;
	}
	for (s = 0; s < 3; s++) {
		g->sec[s] = off;
		for (i = 0; i < g->count[s]; i++) {
			struct wrr r;

			if (wire_rr(m, len, off, &r) != 0)
				return -1;
			off = r.end;
		}
	}
	return 0;
}

/*
 * Make \p a a DATA answer with the records of \p type (class IN) at the
 * uncompressed name \p owner in section \p sec of \p g (ldns records, the
 * owner as the message spells it). \return the number of records taken
 * (0: none, \p a unchanged), -1 out of memory, -2 a record that does
 * not parse.
 */
static long answer_take_wire(struct dnsauth_dns_answer *a, const struct msg *g, size_t sec,
			     uint16_t type, const uint8_t *owner, size_t olen)
{
	static const ldns_pkt_section sections[3] = { LDNS_SECTION_ANSWER,
						       LDNS_SECTION_AUTHORITY,
						       LDNS_SECTION_ADDITIONAL };
	ldns_rr_list *l = NULL;
	size_t i, off = g->sec[sec];
	long count = 0, rc = -1;

	for (i = 0; i < g->count[sec]; i++) {
		struct wrr r;
		size_t pos = off;
		ldns_rr *rr = NULL;
		ldns_status st;

		if (wire_rr(g->m, g->len, off, &r) != 0)
			goto fail;
		off = r.end;
		if (r.type != type || r.cls != LDNS_RR_CLASS_IN ||
		    !wire_name_is(g->m, g->len, r.owner, owner, olen))
			continue;
		if (!l)
			l = ldns_rr_list_new();
		if (!l)
			goto fail;
		st = ldns_wire2rr(&rr, g->m, g->len, &pos, sections[sec]);
		if (st != LDNS_STATUS_OK || !rr) {
			rc = st == LDNS_STATUS_MEM_ERR ? -1 : -2;
			goto fail;
		}
		if (!ldns_rr_list_push_rr(l, rr)) {
			ldns_rr_free(rr);
			goto fail;
		}
		count++;
	}
	if (count == 0)
		return 0;
	answer_drop_rrs(a);
	a->rrs = l;
	a->status = DNSAUTH_DNS_DATA;
	if (type == LDNS_RR_TYPE_TXT && answer_fill_txt(a) != 0)
		return -1;
	return count;
fail:
	if (l)
		ldns_rr_list_deep_free(l);
	return rc;
}

/* ---------------------------------------------------------- queries */

/*
 * Build the query for q->qn (RD, EDNS0 with the handle's size, DO if
 * asked) in q->wire, the ID patched in when it is sent: the same octets
 * ldns_pkt_query_new() and ldns_pkt2wire() give, without an allocation.
 */
static void query_build(const struct dnsauth_dns *dns, struct query *q)
{
	uint8_t *w = q->wire + 2;
	size_t o = LDNS_HEADER_SIZE;

	/* header: ID 0 for now, RD, one question, one additional (OPT) */
	memset(w, 0, LDNS_HEADER_SIZE);
	w[2] = 0x01;
	w[5] = 1;
	w[11] = 1;
	memcpy(w + o, q->qn, q->qnlen);
	o += q->qnlen;
	w[o++] = (uint8_t)(q->a->qtype >> 8);
	w[o++] = (uint8_t)(q->a->qtype & 0xff);
	w[o++] = 0;
	w[o++] = LDNS_RR_CLASS_IN;
	/* OPT (RFC 6891): root owner, the UDP size as class, extended RCODE
	 * and version 0, DO in the flags, no options */
	w[o++] = 0;
	w[o++] = 0;
	w[o++] = LDNS_RR_TYPE_OPT;
	w[o++] = (uint8_t)(dns->edns_size >> 8);
	w[o++] = (uint8_t)(dns->edns_size & 0xff);
	w[o++] = 0;
	w[o++] = 0;
	w[o++] = dns->dnssec_ok ? 0x80 : 0;
	w[o++] = 0;
	w[o++] = 0;
	w[o++] = 0;
	q->wlen = o;
	q->wire[0] = (uint8_t)(o >> 8);
	q->wire[1] = (uint8_t)(o & 0xff);
}

/* A new random ID in the query; remembered as one this socket sent. */
static int q_new_id(struct dnsauth_dns *dns, struct query *q)
{
	uint16_t id;

	if (rnd_id(dns, &id) != 0)
		return -1;
	q->wire[2] = (uint8_t)(id >> 8);
	q->wire[3] = (uint8_t)(id & 0xff);
	q->ids[q->nids % MAX_IDS] = id;
	q->nids++;
	return 0;
}

static uint64_t attempt_end(const struct dnsauth_dns *dns, uint64_t now)
{
	uint64_t end = now + dns->timeout_ms;

	if (dns->deadline && end > dns->deadline)
		end = dns->deadline;
	return end;
}

/* Send the query over UDP to q->srv. \return 0, or -1 (q->neterr set). */
static int udp_send(struct dnsauth_dns *dns, struct query *q, uint64_t now)
{
	const struct server *s = &dns->srv[q->srv];
	char where[INET6_ADDRSTRLEN + 24];
	ssize_t w;
	int e;

	if (q->fd >= 0 && (q->tcp || q->fd_srv != q->srv))
		q_close(q);
	q->tcp = false;
	if (q->fd < 0) {
		q->fd = socket(s->sa.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (q->fd < 0)
			goto fail;
		/* connected: the kernel drops datagrams from other peers */
		if (connect(q->fd, (const struct sockaddr *)&s->sa, s->len) != 0)
			goto fail;
		q->fd_srv = q->srv;
		q->nids = 0;
	}
	if (q_new_id(dns, q) != 0) {
		snprintf(q->neterr, sizeof(q->neterr), "no random numbers for query IDs");
		q_close(q);
		return -1;
	}
	w = send(q->fd, q->wire + 2, q->wlen, 0);
	if (w < 0 || (size_t)w != q->wlen)
		goto fail;
	q->st = QS_UDP;
	q->expires = attempt_end(dns, now);
	if (!q->name_sent)
		dns->st.queries++;
	q->name_sent = true;
	q->sent = true;
	return 0;
fail:
	e = errno;
	snprintf(q->neterr, sizeof(q->neterr), "%s: %s",
		 srv_text(dns, q->srv, where, sizeof(where)), strerror(e));
	q_close(q);
	return -1;
}

/* Every attempt is used: the status says why. */
static void q_give_up(struct query *q)
{
	if (q->bad[0])
		answer_error(q->a, DNSAUTH_DNS_ERROR, "%s", q->bad);
	else if (q->timed_out || !q->neterr[0])
		answer_error(q->a, DNSAUTH_DNS_TIMEOUT, "no answer within the timeout "
			     "(%u attempts)", q->attempt);
	else
		answer_error(q->a, DNSAUTH_DNS_ERROR, "%s", q->neterr);
	q_finish(q);
}

/* The deadline has passed. */
static void q_deadline(struct dnsauth_dns *dns, struct query *q)
{
	if (!q->sent) {
		/* a failure, not "not checked": the audit reports it as
		 * dns-resolution-failure, never as a missing record */
		answer_error(q->a, DNSAUTH_DNS_TIMEOUT, "deadline passed before sending");
	} else {
		if (q->st != QS_QUEUED && q->st != QS_DONE)
			dns->st.timeouts++;
		answer_error(q->a, DNSAUTH_DNS_TIMEOUT, "deadline passed");
	}
	q_finish(q);
}

/* Start the next attempt (next server), or give up. */
static void q_attempt(struct dnsauth_dns *dns, struct query *q, uint64_t now)
{
	while (q->attempt < dns->attempts) {
		if (dns->deadline && now >= dns->deadline) {
			q_deadline(dns, q);
			return;
		}
		q->srv = (q->start + q->attempt) % dns->nsrv;
		q->attempt++;
		if (udp_send(dns, q, now) == 0)
			return;
	}
	q_give_up(q);
}

/* Ask \p name (canonical text: the question's name or a CNAME target). */
static void q_begin(struct dnsauth_dns *dns, struct query *q, const char *name, uint64_t now)
{
	q_close(q);
	q->qnlen = text_wire(name, q->qn);
	if (q->qnlen == 0) {
		answer_error(q->a, DNSAUTH_DNS_ERROR, "invalid domain name");
		q_finish(q);
		return;
	}
	query_build(dns, q);
	q->attempt = 0;
	q->start = dns->pref;
	q->tcp = false;
	q->name_sent = false;
	q->timed_out = false;
	q->bad[0] = '\0';
	q->neterr[0] = '\0';
	q_attempt(dns, q, now);
}

/*
 * Whether \p buf is the response to q's query: it has an ID sent on this
 * socket, QR, opcode QUERY, the same question (name compared without
 * case) and a sound structure (\p g describes it then). An error
 * response without a question (FORMERR from a server that does not know
 * EDNS) is taken too. Else q->bad says why.
 */
static int check_response(struct query *q, const uint8_t *buf, size_t len, struct msg *g)
{
	uint16_t id;
	unsigned k, rc;
	bool known = false;
	size_t off;

	if (len < LDNS_HEADER_SIZE) {
		snprintf(q->bad, sizeof(q->bad), "malformed response (%zu octets)", len);
		return -1;
	}
	id = get16(buf);
	for (k = 0; k < q->nids && k < MAX_IDS; k++)
		known = known || q->ids[k] == id;
	if (!known) {
		snprintf(q->bad, sizeof(q->bad), "response with a wrong ID");
		return -1;
	}
	/* a truncated UDP response is asked again over TCP: only its
	 * question matters (its sections may have been cut anywhere) */
	if (msg_parse(g, buf, len, !q->tcp && (get16(buf + 2) & MSG_TC) != 0) != 0) {
		snprintf(q->bad, sizeof(q->bad), "malformed response");
		return -1;
	}
	if (!(g->flags & MSG_QR) || ((g->flags >> 11) & 0x0fu) != LDNS_PACKET_QUERY) {
		snprintf(q->bad, sizeof(q->bad), "malformed response (not a response)");
		return -1;
	}
	rc = msg_rcode(g);
	if (get16(buf + 4) == 0 && rc != LDNS_RCODE_NOERROR && rc != LDNS_RCODE_NXDOMAIN)
		return 0;
	off = LDNS_HEADER_SIZE;
	if (get16(buf + 4) != 1 || !wire_name_is(buf, len, off, q->qn, q->qnlen) ||
	    wire_skip_name(buf, len, &off) != 0 || get16(buf + off) != q->a->qtype ||
	    get16(buf + off + 2) != LDNS_RR_CLASS_IN) {
		snprintf(q->bad, sizeof(q->bad), "response to another question");
		return -1;
	}
	return 0;
}

/* Whether the authority section has an SOA at \p name or above it: the
 * server answered for the zone of \p name. */
static bool soa_covers(const struct msg *g, const uint8_t *name, size_t nlen)
{
	size_t i, off = g->sec[1];

	for (i = 0; i < g->count[1]; i++) {
		uint8_t owner[LDNS_MAX_DOMAINLEN];
		struct wrr r;
		size_t ol;

		if (wire_rr(g->m, g->len, off, &r) != 0)
			return false;
		off = r.end;
		if (r.type != LDNS_RR_TYPE_SOA)
			continue;
		ol = wire_name(g->m, g->len, r.owner, owner);
		if (ol > 0 && wire_under(name, nlen, owner, ol))
			return true;
	}
	return false;
}

/* A referral: no answer, not authoritative, NS and no SOA in authority. */
static bool is_referral(const struct msg *g)
{
	size_t i, off = g->sec[1];
	bool ns = false;

	if ((g->flags & MSG_AA) || g->count[0] > 0)
		return false;
	for (i = 0; i < g->count[1]; i++) {
		struct wrr r;

		if (wire_rr(g->m, g->len, off, &r) != 0)
			return false;
		off = r.end;
		if (r.type == LDNS_RR_TYPE_SOA)
			return false;
		ns = ns || r.type == LDNS_RR_TYPE_NS;
	}
	return ns;
}

/*
 * The target of the CNAME (class IN) at the uncompressed name \p owner in
 * the answer section, decompressed into \p out, its length in *tlen.
 * \return 1, 0 when there is none, -1 when it is malformed.
 */
static int find_cname(const struct msg *g, const uint8_t *owner, size_t olen, uint8_t *out,
		      size_t *tlen)
{
	size_t i, off = g->sec[0];

	for (i = 0; i < g->count[0]; i++) {
		struct wrr r;
		size_t p;

		if (wire_rr(g->m, g->len, off, &r) != 0)
			return -1;
		off = r.end;
		if (r.type != LDNS_RR_TYPE_CNAME || r.cls != LDNS_RR_CLASS_IN ||
		    !wire_name_is(g->m, g->len, r.owner, owner, olen))
			continue;
		/* one name, filling the rdata exactly */
		p = r.rd;
		*tlen = wire_name(g->m, g->len, r.rd, out);
		if (*tlen == 0 || wire_skip_name(g->m, g->len, &p) != 0 || p != r.end)
			return -1;
		return 1;
	}
	return 0;
}

/* The canonical text of an uncompressed wire name; NULL out of memory
 * (or not a name). */
static char *wire_text(const uint8_t *n, size_t nlen)
{
	ldns_rdf *d = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_DNAME, nlen, n);
	char *s;

	if (!d)
		return NULL;
	s = dnsauth_dname_rdf_text(d);
	ldns_rdf_deep_free(d);
	return s;
}

/*
 * Continue answer \p a with the cached answer \p c to the end of its
 * CNAME chain: c's chain is appended (still checked for loops), c's
 * status, records, response and detail are copied.
 */
static void answer_continue(struct dnsauth_dns_answer *a, const struct dnsauth_dns_answer *c)
{
	size_t i;

	for (i = 0; i < c->ncnames; i++) {
		char *t = strdup(c->cnames[i]);

		if (!t)
			goto nomem;
		if (answer_add_cname(a, t) != 0)
			return;
	}
	answer_error(a, c->status, c->error ? "%s" : NULL, c->error);
	a->rcode = c->rcode;
	a->truncated_tcp = c->truncated_tcp;
	a->additional = c->additional;
	free(a->msg);
	a->msg = NULL;
	a->msg_len = 0;
	if (c->msg) {
		a->msg = malloc(c->msg_len);
		if (!a->msg)
			goto nomem;
		memcpy(a->msg, c->msg, c->msg_len);
		a->msg_len = c->msg_len;
	}
	if (c->rrs) {
		a->rrs = ldns_rr_list_clone(c->rrs);
		if (!a->rrs || (a->qtype == LDNS_RR_TYPE_TXT && answer_fill_txt(a) != 0))
			goto nomem;
	}
	return;
nomem:
	answer_error(a, DNSAUTH_DNS_ERROR, "out of memory");
}

/* The chain of q's answer goes on at its last target: from the cache
 * when that question is answered already, else by asking it. */
static void q_chase(struct dnsauth_dns *dns, struct query *q, uint64_t now)
{
	const char *target = q->a->cnames[q->a->ncnames - 1];
	const struct centry *c = cache_get(dns, target, q->a->qtype);

	if (c && !c->pending) {
		dns->st.cache_hits++;
		answer_continue(q->a, &c->a);
		q_finish(q);
		return;
	}
	q_begin(dns, q, target, now);
}

/*
 * The additional data of an MX response (see "Additional data" in
 * dns.h): for each exchange named by the MX records of \p a (DATA, taken
 * from \p g), the A and AAAA records at that exchange in the additional
 * section become the answers to (exchange, A) and (exchange, AAAA),
 * unless those questions are cached or pending already. Nothing else of
 * the section is used; no answer is made from what is missing. Out of
 * memory (or a record that does not parse) only means fewer answers
 * taken.
 */
static void cache_additional(struct dnsauth_dns *dns, const struct dnsauth_dns_answer *a,
			     const struct msg *g)
{
	static const uint16_t types[] = { LDNS_RR_TYPE_A, LDNS_RR_TYPE_AAAA };
	size_t i, j, k, t, nmx, off;

	if (dns->dnssec_ok || a->qtype != LDNS_RR_TYPE_MX || a->status != DNSAUTH_DNS_DATA ||
	    !a->rrs || g->count[2] == 0)
		return;
	nmx = ldns_rr_list_rr_count(a->rrs);
	for (i = 0; i < nmx; i++) {
		const ldns_rr *mx = ldns_rr_list_rr(a->rrs, i);
		const ldns_rdf *ex;
		const uint8_t *exw;
		size_t exlen;
		bool seen = false;

		if (ldns_rr_rd_count(mx) < 2)
			continue;
		ex = ldns_rr_rdf(mx, 1);
		if (ldns_rdf_get_type(ex) != LDNS_RDF_TYPE_DNAME)
			continue;
		exw = ldns_rdf_data(ex);
		exlen = ldns_rdf_size(ex);
		/* an exchange named twice is done once */
		for (j = 0; j < i && !seen; j++) {
			const ldns_rr *p = ldns_rr_list_rr(a->rrs, j);

			seen = ldns_rr_rd_count(p) >= 2 &&
			       ldns_rdf_get_type(ldns_rr_rdf(p, 1)) == LDNS_RDF_TYPE_DNAME &&
			       wire_eq(ldns_rdf_data(ldns_rr_rdf(p, 1)),
				       ldns_rdf_size(ldns_rr_rdf(p, 1)), exw, exlen);
		}
		if (seen)
			continue;
		for (t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
			struct dnsauth_dns_answer tmp;
			struct centry *e;
			bool have = false;
			char *name;

			off = g->sec[2];
			for (k = 0; k < g->count[2] && !have; k++) {
				struct wrr r;

				if (wire_rr(g->m, g->len, off, &r) != 0)
					return;
				off = r.end;
				have = r.type == types[t] && r.cls == LDNS_RR_CLASS_IN &&
				       wire_name_is(g->m, g->len, r.owner, exw, exlen);
			}
			if (!have || dns->cache.n >= DNSAUTH_DNS_CACHE_MAX)
				continue;
			name = wire_text(exw, exlen);
			if (!name)
				return;
			if (cache_get(dns, name, types[t])) {
				free(name);
				continue;
			}
			/* the records first: a failure leaves no entry behind */
			memset(&tmp, 0, sizeof(tmp));
			if (answer_take_wire(&tmp, g, 2, types[t], exw, exlen) <= 0) {
				answer_clear(&tmp);
				free(name);
				continue;
			}
			e = cache_add(dns, name, types[t]);
			free(name);
			if (!e) {
				answer_clear(&tmp);
				return;
			}
			e->a.status = DNSAUTH_DNS_DATA;
			e->a.rrs = tmp.rrs;
			e->a.rcode = LDNS_RCODE_NOERROR;
			e->a.additional = true;
			e->pending = false;
		}
	}
}

/*
 * A valid response \p g to q's current name: keep a copy, map the RCODE,
 * follow the CNAME chain through the answer section, and ask the end of
 * the chain ourselves when the server did not answer for it.
 */
static void q_response(struct dnsauth_dns *dns, struct query *q, const struct msg *g,
		       uint64_t now)
{
	struct dnsauth_dns_answer *a = q->a;
	unsigned rc = msg_rcode(g);
	const ldns_lookup_table *rn;
	char where[INET6_ADDRSTRLEN + 24];
	uint8_t cur[LDNS_MAX_DOMAINLEN];
	size_t curlen;
	bool moved = false, chase = false;
	unsigned hop;

	free(a->msg);
	a->msg = malloc(g->len);
	a->msg_len = 0;
	if (!a->msg)
		goto nomem;
	memcpy(a->msg, g->m, g->len);
	a->msg_len = g->len;
	a->rcode = rc;
	a->truncated_tcp = q->tcp;
	if (rc == LDNS_RCODE_SERVFAIL) {
		answer_error(a, DNSAUTH_DNS_SERVFAIL, "SERVFAIL from %s",
			     srv_text(dns, q->srv, where, sizeof(where)));
		goto done;
	}
	if (rc == LDNS_RCODE_REFUSED) {
		answer_error(a, DNSAUTH_DNS_REFUSED, "REFUSED by %s",
			     srv_text(dns, q->srv, where, sizeof(where)));
		goto done;
	}
	if (rc != LDNS_RCODE_NOERROR && rc != LDNS_RCODE_NXDOMAIN) {
		srv_text(dns, q->srv, where, sizeof(where));
		rn = ldns_lookup_by_id(ldns_rcodes, (int)rc);
		if (rn)
			answer_error(a, DNSAUTH_DNS_ERROR, "%s from %s", rn->name, where);
		else
			answer_error(a, DNSAUTH_DNS_ERROR, "RCODE %u from %s", rc, where);
		goto done;
	}
	memcpy(cur, q->qn, q->qnlen);
	curlen = q->qnlen;
	/* each hop adds a CNAME; answer_add_cname() ends long chains */
	for (hop = 0; hop <= DNSAUTH_DNS_MAX_CNAMES; hop++) {
		uint8_t target[LDNS_MAX_DOMAINLEN];
		long took = answer_take_wire(a, g, 0, a->qtype, cur, curlen);
		size_t tl = 0;
		int found;

		if (took == -1)
			goto nomem;
		if (took == -2)
			goto malformed;
		if (took > 0) {
			if (a->qtype == LDNS_RR_TYPE_MX)
				cache_additional(dns, a, g);
			goto done;
		}
		if (a->qtype == LDNS_RR_TYPE_CNAME)
			break;
		found = find_cname(g, cur, curlen, target, &tl);
		if (found < 0)
			goto malformed;
		if (found == 0)
			break;
		if (answer_add_cname(a, wire_text(target, tl)) != 0)
			goto done;
		memcpy(cur, target, tl);
		curlen = tl;
		moved = true;
	}
	if (rc == LDNS_RCODE_NXDOMAIN) {
		answer_error(a, DNSAUTH_DNS_NXDOMAIN, NULL);
		goto done;
	}
	if (moved && !soa_covers(g, cur, curlen)) {
		/* the chain leaves what the server answered for: go on */
		chase = true;
		goto done;
	}
	if (!moved && is_referral(g)) {
		answer_error(a, DNSAUTH_DNS_ERROR, "referral from %s (not a recursive "
			     "server, and not authoritative for the name)",
			     srv_text(dns, q->srv, where, sizeof(where)));
		goto done;
	}
	answer_error(a, DNSAUTH_DNS_NODATA, NULL);
	goto done;
malformed:
	answer_error(a, DNSAUTH_DNS_ERROR, "malformed response from %s",
		     srv_text(dns, q->srv, where, sizeof(where)));
	goto done;
nomem:
	answer_error(a, DNSAUTH_DNS_ERROR, "out of memory");
done:
	if (chase)
		q_chase(dns, q, now);
	else
		q_finish(q);
}

/* TC=1: ask the same server over TCP, within one more timeout. */
static void tcp_start(struct dnsauth_dns *dns, struct query *q, uint64_t now)
{
	const struct server *s = &dns->srv[q->srv];
	char where[INET6_ADDRSTRLEN + 24];
	int e;

	q_close(q);
	dns->st.tcp_retries++;
	q->tcp = true;
	q->io = 0;
	q->fd = socket(s->sa.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (q->fd < 0)
		goto fail;
	q->fd_srv = q->srv;
	if (q_new_id(dns, q) != 0) {
		answer_error(q->a, DNSAUTH_DNS_ERROR, "no random numbers for query IDs");
		q_finish(q);
		return;
	}
	if (connect(q->fd, (const struct sockaddr *)&s->sa, s->len) == 0)
		q->st = QS_TCP_WRITE;
	else if (errno == EINPROGRESS)
		q->st = QS_TCP_CONNECT;
	else
		goto fail;
	q->expires = attempt_end(dns, now);
	return;
fail:
	e = errno;
	answer_error(q->a, DNSAUTH_DNS_ERROR, "TCP to %s (after TC=1): %s",
		     srv_text(dns, q->srv, where, sizeof(where)), strerror(e));
	q_finish(q);
}

static void tcp_fail(struct dnsauth_dns *dns, struct query *q, const char *why)
{
	char where[INET6_ADDRSTRLEN + 24];

	answer_error(q->a, DNSAUTH_DNS_ERROR, "TCP to %s (after TC=1): %s",
		     srv_text(dns, q->srv, where, sizeof(where)), why);
	q_finish(q);
}

/* Move a TCP exchange on as far as the socket allows. */
static void tcp_io(struct dnsauth_dns *dns, struct query *q, uint64_t now)
{
	struct msg g;
	ssize_t r;

	if (q->st == QS_TCP_CONNECT) {
		int e = 0;
		socklen_t el = sizeof(e);

		if (getsockopt(q->fd, SOL_SOCKET, SO_ERROR, &e, &el) != 0)
			e = errno;
		if (e != 0) {
			tcp_fail(dns, q, strerror(e));
			return;
		}
		q->st = QS_TCP_WRITE;
	}
	if (q->st == QS_TCP_WRITE) {
		r = send(q->fd, q->wire + q->io, q->wlen + 2 - q->io, MSG_NOSIGNAL);
		if (r < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				tcp_fail(dns, q, strerror(errno));
			return;
		}
		q->io += (size_t)r;
		if (q->io < q->wlen + 2)
			return;
		q->st = QS_TCP_READ;
		q->io = 0;
		return;
	}
	if (q->st != QS_TCP_READ)
		return;
	/* each read makes progress towards at most 2 + 65535 octets */
	for (;;) {
		if (q->io < 2)
			r = recv(q->fd, q->tlen + q->io, 2 - q->io, 0);
		else
			r = recv(q->fd, q->tbuf + (q->io - 2), q->tneed - (q->io - 2), 0);
		if (r == 0) {
			tcp_fail(dns, q, "connection closed before the response");
			return;
		}
		if (r < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				tcp_fail(dns, q, strerror(errno));
			return;
		}
		q->io += (size_t)r;
		if (q->io == 2) {
			q->tneed = (size_t)q->tlen[0] << 8 | q->tlen[1];
			if (q->tneed < LDNS_HEADER_SIZE) {
				tcp_fail(dns, q, "malformed response");
				return;
			}
			free(q->tbuf);
			q->tbuf = malloc(q->tneed);
			if (!q->tbuf) {
				tcp_fail(dns, q, "out of memory");
				return;
			}
		}
		if (q->io >= 2 && q->io - 2 == q->tneed)
			break;
	}
	if (check_response(q, q->tbuf, q->tneed, &g) != 0) {
		tcp_fail(dns, q, q->bad);
		return;
	}
	dns->pref = q->srv;
	q_response(dns, q, &g, now);
}

/* Read what came on a UDP socket. */
static void udp_read(struct dnsauth_dns *dns, struct query *q, uint64_t now)
{
	char where[INET6_ADDRSTRLEN + 24];
	unsigned k;

	for (k = 0; k < MAX_READS; k++) {
		struct msg g;
		ssize_t r = recv(q->fd, dns->rbuf, MSG_MAX, 0);

		if (r < 0) {
			int e = errno;

			if (e == EAGAIN || e == EWOULDBLOCK || e == EINTR)
				return;
			/* an ICMP error (port unreachable ...): this attempt
			 * failed, try the next one now */
			snprintf(q->neterr, sizeof(q->neterr), "%s: %s",
				 srv_text(dns, q->srv, where, sizeof(where)), strerror(e));
			q_close(q);
			q_attempt(dns, q, now);
			return;
		}
		if (check_response(q, dns->rbuf, (size_t)r, &g) != 0)
			continue;
		dns->pref = q->srv;
		if (g.flags & MSG_TC) {
			tcp_start(dns, q, now);
			return;
		}
		q_response(dns, q, &g, now);
		return;
	}
}

/* The current attempt's time is up. */
static void q_expire(struct dnsauth_dns *dns, struct query *q, uint64_t now)
{
	dns->st.timeouts++;
	if (dns->deadline && now >= dns->deadline) {
		answer_error(q->a, DNSAUTH_DNS_TIMEOUT, "deadline passed");
		q_finish(q);
		return;
	}
	if (q->tcp) {
		answer_error(q->a, DNSAUTH_DNS_TIMEOUT, "no TCP answer within the timeout "
			     "(after TC=1)");
		q_finish(q);
		return;
	}
	q->timed_out = true;
	q_attempt(dns, q, now);
}

/* The slot of a finished question is free again. */
static void q_release(struct query *q)
{
	q_close(q);
	free(q->tbuf);
	q->tbuf = NULL;
}

/* Resolve a batch of pending entries over the network (see the file
 * comment). */
static void net_run(struct dnsauth_dns *dns, struct centry **v, size_t n)
{
	struct query *act[DNSAUTH_DNS_MAX_INFLIGHT], *idle[DNSAUTH_DNS_MAX_INFLIGHT];
	struct pollfd pfd[DNSAUTH_DNS_MAX_INFLIGHT];
	unsigned long queries = dns->st.queries;
	size_t next = 0, nact = 0, nidle, i, k;

	/* the state of the questions in flight: slots kept by the handle */
	if (!dns->slots)
		dns->slots = calloc(DNSAUTH_DNS_MAX_INFLIGHT, sizeof(*dns->slots));
	if (!dns->rbuf)
		dns->rbuf = malloc(MSG_MAX);
	if (!dns->slots || !dns->rbuf) {
		for (i = 0; i < n; i++)
			answer_error(&v[i]->a, DNSAUTH_DNS_ERROR, "out of memory");
		return;
	}
	for (nidle = 0; nidle < DNSAUTH_DNS_MAX_INFLIGHT; nidle++)
		idle[nidle] = &dns->slots[DNSAUTH_DNS_MAX_INFLIGHT - 1 - nidle];
	for (;;) {
		uint64_t now = now_ms(), wake = UINT64_MAX;
		int timeout, r;

		if (dns->deadline && now >= dns->deadline) {
			for (k = 0; k < nact; k++) {
				q_deadline(dns, act[k]);
				q_release(act[k]);
			}
			/* a failure, not "not checked": the audit reports it
			 * as dns-resolution-failure, never as a missing record */
			for (; next < n; next++)
				answer_error(&v[next]->a, DNSAUTH_DNS_TIMEOUT,
					     "deadline passed before sending");
			break;
		}
		while (nact < DNSAUTH_DNS_MAX_INFLIGHT && next < n) {
			struct query *q = idle[--nidle];

			memset(q, 0, sizeof(*q));
			q->a = &v[next++]->a;
			q->fd = -1;
			q->st = QS_QUEUED;
			q_begin(dns, q, q->a->qname, now);
			if (q->st != QS_DONE) {
				act[nact++] = q;
			} else {
				q_release(q);
				idle[nidle++] = q;
			}
		}
		if (nact == 0 && next >= n)
			break;
		for (k = 0; k < nact; k++) {
			struct query *q = act[k];

			pfd[k].fd = q->fd;
			pfd[k].events = q->st == QS_TCP_CONNECT || q->st == QS_TCP_WRITE ?
					POLLOUT : POLLIN;
			pfd[k].revents = 0;
			if (q->expires < wake)
				wake = q->expires;
		}
		if (dns->deadline && dns->deadline < wake)
			wake = dns->deadline;
		timeout = wake <= now ? 0 : wake - now > INT32_MAX ? INT32_MAX :
			  (int)(wake - now);
		r = poll(pfd, nact, timeout);
		if (r < 0 && errno != EINTR) {
			char msg[96];

			snprintf(msg, sizeof(msg), "poll: %s", strerror(errno));
			for (k = 0; k < nact; k++) {
				answer_error(act[k]->a, DNSAUTH_DNS_ERROR, "%s", msg);
				q_finish(act[k]);
				q_release(act[k]);
			}
			for (; next < n; next++)
				answer_error(&v[next]->a, DNSAUTH_DNS_ERROR, "%s", msg);
			break;
		}
		now = now_ms();
		for (k = 0; r > 0 && k < nact; k++) {
			struct query *q = act[k];

			if (!pfd[k].revents || q->st == QS_DONE)
				continue;
			if (q->st == QS_UDP)
				udp_read(dns, q, now);
			else
				tcp_io(dns, q, now);
		}
		for (k = 0; k < nact; k++) {
			if (act[k]->st != QS_DONE && act[k]->expires <= now)
				q_expire(dns, act[k], now);
		}
		for (i = k = 0; k < nact; k++) {
			if (act[k]->st != QS_DONE) {
				act[i++] = act[k];
			} else {
				q_release(act[k]);
				idle[nidle++] = act[k];
			}
		}
		nact = i;
	}
	if (dns->st.queries != queries)
		dns->st.round_trips++;
}

/* Parse one server address literal. */
static int server_add(struct dnsauth_dns *dns, const char *addr, uint16_t port,
		      struct dnsauth_buf *err)
{
	struct addrinfo hints, *ai = NULL;
	char ps[8];
	int rc = 0;

	if (dns->nsrv >= MAX_SERVERS) {
		dnsauth_buf_printf(err, "too many servers (at most %u)", MAX_SERVERS);
		return DNSAUTH_EINVAL;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	snprintf(ps, sizeof(ps), "%u", (unsigned)port);
	if (!addr || getaddrinfo(addr, ps, &hints, &ai) != 0 || !ai ||
	    ai->ai_addrlen > sizeof(dns->srv[0].sa)) {
		dnsauth_buf_printf(err, "invalid server address '%s' (an IPv4 or IPv6 "
				   "address is needed)", addr ? addr : "(null)");
		rc = DNSAUTH_EINVAL;
		goto out;
	}
	memcpy(&dns->srv[dns->nsrv].sa, ai->ai_addr, ai->ai_addrlen);
	dns->srv[dns->nsrv].len = ai->ai_addrlen;
	dns->nsrv++;
out:
	if (ai)
		freeaddrinfo(ai);
	return rc;
}

/* The nameservers of /etc/resolv.conf. */
static int servers_from_resolv_conf(struct dnsauth_dns *dns, uint16_t port,
				    struct dnsauth_buf *err)
{
	ldns_resolver *res = NULL;
	ldns_rdf **ns;
	ldns_status s;
	size_t i, n;
	int rc = 0;

	s = ldns_resolver_new_frm_file(&res, NULL);
	if (s != LDNS_STATUS_OK) {
		dnsauth_buf_printf(err, "cannot read the servers of /etc/resolv.conf: %s",
				   ldns_get_errorstr_by_id(s));
		rc = s == LDNS_STATUS_MEM_ERR ? DNSAUTH_ENOMEM : DNSAUTH_EIO;
		goto out;
	}
	ns = ldns_resolver_nameservers(res);
	n = ldns_resolver_nameserver_count(res);
	for (i = 0; i < n && dns->nsrv < MAX_SERVERS; i++) {
		struct server *sv = &dns->srv[dns->nsrv];
		const ldns_rdf *a = ns[i];

		memset(sv, 0, sizeof(*sv));
		if (ldns_rdf_get_type(a) == LDNS_RDF_TYPE_A && ldns_rdf_size(a) == 4) {
			struct sockaddr_in *in = (struct sockaddr_in *)&sv->sa;

			in->sin_family = AF_INET;
			in->sin_port = htons(port);
			memcpy(&in->sin_addr, ldns_rdf_data(a), 4);
			sv->len = sizeof(*in);
		} else if (ldns_rdf_get_type(a) == LDNS_RDF_TYPE_AAAA && ldns_rdf_size(a) == 16) {
			struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&sv->sa;

			in6->sin6_family = AF_INET6;
			in6->sin6_port = htons(port);
			memcpy(&in6->sin6_addr, ldns_rdf_data(a), 16);
			sv->len = sizeof(*in6);
		} else {
			continue;
		}
		dns->nsrv++;
	}
	if (dns->nsrv == 0) {
		dnsauth_buf_puts(err, "no nameserver in /etc/resolv.conf");
		rc = DNSAUTH_EIO;
	}
out:
	if (res)
		ldns_resolver_deep_free(res);
	return rc;
}

int dnsauth_dns_new_live(const struct dnsauth_dns_live_opts *o,
			 struct dnsauth_dns **out, struct dnsauth_buf *err)
{
	struct dnsauth_dns_live_opts def;
	struct dnsauth_dns *dns = NULL;
	struct dnsauth_buf tmp;
	unsigned retries;
	uint16_t port;
	size_t i;
	int rc = 0;

	dnsauth_buf_init(&tmp, 4096);
	if (!err)
		err = &tmp;
	memset(&def, 0, sizeof(def));
	if (!o)
		o = &def;
	if (!out) {
		rc = DNSAUTH_EINVAL;
		goto out;
	}
	*out = NULL;
	dns = handle_new(false);
	if (!dns) {
		rc = DNSAUTH_ENOMEM;
		goto out;
	}
	port = o->port ? o->port : 53;
	dns->timeout_ms = o->timeout_ms ? o->timeout_ms : TIMEOUT_DEFAULT;
	if (dns->timeout_ms > TIMEOUT_MAX)
		dns->timeout_ms = TIMEOUT_MAX;
	retries = o->retries_set || o->retries ? o->retries : 2;
	dns->attempts = retries >= MAX_ATTEMPTS ? MAX_ATTEMPTS : retries + 1;
	dns->edns_size = o->edns_size ? o->edns_size : 1232;
	if (dns->edns_size < 512)
		dns->edns_size = 512;
	dns->dnssec_ok = o->dnssec_ok;
	if (o->servers && o->nservers > 0) {
		for (i = 0; i < o->nservers && rc == 0; i++)
			rc = server_add(dns, o->servers[i], port, err);
	} else {
		rc = servers_from_resolv_conf(dns, port, err);
	}
	if (rc != 0)
		goto out;
	dns->rbuf = malloc(MSG_MAX);
	if (!dns->rbuf)
		rc = DNSAUTH_ENOMEM;
out:
	if (rc == DNSAUTH_ENOMEM && err->len == 0)
		dnsauth_buf_puts(err, "out of memory");
	if (rc != 0) {
		dnsauth_dns_free(dns);
		dns = NULL;
	}
	if (out)
		*out = dns;
	dnsauth_buf_free(&tmp);
	return rc;
}

/* -------------------------------------------------------------- queries */

int dnsauth_dns_set_fallback(struct dnsauth_dns *dns, struct dnsauth_dns *fallback)
{
	const struct dnsauth_dns *f;

	if (!dns || !dns->is_zone)
		return DNSAUTH_EINVAL;
	for (f = fallback; f; f = f->fallback) {
		if (f == dns)
			return DNSAUTH_EINVAL;
	}
	dns->fallback = fallback;
	return 0;
}

/* The name to ask the fallback for an OUTSIDE answer: where the chain
 * left the zones. */
static const char *fallback_name(const struct dnsauth_dns_answer *a)
{
	return a->ncnames > 0 ? a->cnames[a->ncnames - 1] : a->qname;
}

/* Add the counters \p after - \p before of the fallback to dns's. */
static void stats_add_delta(struct dnsauth_dns_stats *to, const struct dnsauth_dns_stats *before,
			    const struct dnsauth_dns_stats *after)
{
	to->queries += after->queries - before->queries;
	to->cache_hits += after->cache_hits - before->cache_hits;
	to->timeouts += after->timeouts - before->timeouts;
	to->tcp_retries += after->tcp_retries - before->tcp_retries;
	to->round_trips += after->round_trips - before->round_trips;
}

/*
 * Ask the fallback, in one batch, every question of \p v that the zones
 * answered OUTSIDE (at the end of its chain), and continue each answer
 * with the fallback's.
 */
static void fallback_run(struct dnsauth_dns *dns, struct centry **v, size_t n)
{
	struct dnsauth_dns *fb = dns->fallback;
	struct dnsauth_dns_stats before, after;
	struct dnsauth_dns_q *qs;
	size_t i, nq = 0;

	for (i = 0; i < n; i++)
		nq += v[i]->a.status == DNSAUTH_DNS_OUTSIDE;
	if (nq == 0)
		return;
	qs = calloc(nq, sizeof(*qs));
	if (!qs) {
		for (i = 0; i < n; i++) {
			if (v[i]->a.status == DNSAUTH_DNS_OUTSIDE)
				answer_error(&v[i]->a, DNSAUTH_DNS_ERROR, "out of memory");
		}
		return;
	}
	for (i = nq = 0; i < n; i++) {
		if (v[i]->a.status != DNSAUTH_DNS_OUTSIDE)
			continue;
		qs[nq].name = fallback_name(&v[i]->a);
		qs[nq].type = v[i]->a.qtype;
		nq++;
	}
	before = fb->st;
	/* out of memory leaves questions unanswered: they are ERROR below */
	(void)dnsauth_dns_prefetch(fb, qs, nq);
	after = fb->st;
	stats_add_delta(&dns->st, &before, &after);
	free(qs);
	for (i = 0; i < n; i++) {
		struct dnsauth_dns_answer *a = &v[i]->a;
		const struct dnsauth_dns_answer *c;

		if (a->status != DNSAUTH_DNS_OUTSIDE)
			continue;
		c = dnsauth_dns_cached(fb, fallback_name(a), a->qtype);
		if (!c)
			answer_error(a, DNSAUTH_DNS_ERROR, "out of memory");
		else
			answer_continue(a, c);
	}
}

/* Resolve a batch of pending entries (all distinct questions). */
static void resolve_batch(struct dnsauth_dns *dns, struct centry **v, size_t n)
{
	size_t i;

	if (n == 0)
		return;
	if (dns->is_zone) {
		if (dns->is_records && dns->rdirty && !dns->rbroken &&
		    records_build(dns) != 0)
			dns->rbroken = true;
		for (i = 0; i < n; i++) {
			if (dns->rbroken)
				answer_error(&v[i]->a, DNSAUTH_DNS_ERROR, "out of memory "
					     "(records source)");
			else
				zone_answer(dns, &v[i]->a);
			v[i]->from_zone = v[i]->a.status != DNSAUTH_DNS_OUTSIDE;
		}
		dns->st.round_trips++;
		if (dns->fallback)
			fallback_run(dns, v, n);
	} else {
		net_run(dns, v, n);
	}
	for (i = 0; i < n; i++)
		v[i]->pending = false;
}

/* Whether a new question is over the cache's bound (see "Cache" at the
 * top): never for a zone-type source without a fallback. */
static bool cache_full(const struct dnsauth_dns *dns)
{
	if (dns->is_zone && !dns->fallback)
		return false;
	return dns->cache.n > DNSAUTH_DNS_CACHE_MAX;
}

/*
 * Find or make the entry of one question. \return the entry; *fresh is
 * set when it is new and pending (still to be resolved). A name that
 * does not parse, or a question over the cache's bound, gets an ERROR
 * answer at once.
 */
static struct centry *question_entry(struct dnsauth_dns *dns, const char *name,
				     uint16_t type, bool *fresh)
{
	unsigned char k[NAME_TEXT_MAX + 3];
	struct centry *e;
	const char *cnorm;
	char *norm;
	bool bad;

	*fresh = false;
	if (!name)
		name = "";
	e = question_find(dns, name, type, k, &cnorm, &norm, &bad);
	if (!cnorm)
		return NULL;
	if (e) {
		free(norm);
		return e;
	}
	e = cache_add(dns, cnorm, type);
	free(norm);
	if (!e)
		return NULL;
	if (bad) {
		answer_error(&e->a, DNSAUTH_DNS_ERROR, "invalid domain name");
		e->pending = false;
	} else if (cache_full(dns)) {
		answer_error(&e->a, DNSAUTH_DNS_ERROR, "DNS cache full (%u answers)",
			     DNSAUTH_DNS_CACHE_MAX);
		e->pending = false;
	} else {
		*fresh = true;
	}
	return e;
}

int dnsauth_dns_prefetch(struct dnsauth_dns *dns, const struct dnsauth_dns_q *qs,
			 size_t n)
{
	struct centry **v = NULL;
	size_t i, nv = 0;
	int rc = 0;

	if (!dns || (n > 0 && !qs))
		return DNSAUTH_EINVAL;
	if (n == 0)
		return 0;
	v = calloc(n, sizeof(*v));
	if (!v)
		return DNSAUTH_ENOMEM;
	for (i = 0; i < n; i++) {
		struct centry *e;
		bool fresh;

		e = question_entry(dns, qs[i].name, qs[i].type, &fresh);
		if (!e) {
			rc = DNSAUTH_ENOMEM;
			break;
		}
		if (fresh)
			v[nv++] = e;
		else if (!e->pending)
			dns->st.cache_hits++;
	}
	/* resolve what was made even after a failure: no entry stays pending */
	resolve_batch(dns, v, nv);
	free(v);
	return rc;
}

const struct dnsauth_dns_answer *dnsauth_dns_lookup(struct dnsauth_dns *dns,
						    const char *name, uint16_t type)
{
	struct centry *e;
	bool fresh;

	if (!dns)
		return NULL;
	e = question_entry(dns, name, type, &fresh);
	if (!e)
		return NULL;
	if (fresh)
		resolve_batch(dns, &e, 1);
	else
		dns->st.cache_hits++;
	return &e->a;
}

const struct dnsauth_dns_answer *dnsauth_dns_cached(const struct dnsauth_dns *dns,
						    const char *name, uint16_t type)
{
	unsigned char k[NAME_TEXT_MAX + 3];
	struct centry *e;
	const char *cnorm;
	char *norm;
	bool bad;

	if (!dns || !name)
		return NULL;
	e = question_find(dns, name, type, k, &cnorm, &norm, &bad);
	free(norm);
	if (!e || e->pending)
		return NULL;
	return &e->a;
}
