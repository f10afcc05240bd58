/* SPDX-License-Identifier: MIT */
/*
 * dns.h - one resolver interface, several sources of records.
 *
 *   live    - the network: the servers of /etc/resolv.conf or given
 *             ones, UDP with EDNS0 (TCP when an answer is truncated),
 *             timeouts and retries, many queries in flight (records as
 *             ldns_rr);
 *   zone    - records loaded from zone files, answered from memory with
 *             NXDOMAIN/NODATA, CNAME and wildcard semantics (RFC 1034
 *             §4.3.2, RFC 4592); names outside the loaded zones are
 *             OUTSIDE, which means "not checked", never "missing";
 *   data    - records added one by one (test drivers): a zone source whose
 *             one zone is the root, so names not added are NXDOMAIN (never
 *             OUTSIDE), and names can be made to time out;
 *   records - parsed records added one by one into declared zones, each
 *             complete (a whole zone file: answered as the zone source
 *             does) or partial (a snippet: what it does not hold is
 *             OUTSIDE, never NXDOMAIN or NODATA); for linting.
 *
 * The zone, data and records sources are "zone-type"
 * (dnsauth_dns_is_zone()). One of them can be given a fallback source
 * (dnsauth_dns_set_fallback(), typically a live one) that is asked every
 * question the zone-type source would answer OUTSIDE.
 *
 * Concurrency design: phase-batched prefetch. A check gathers the names
 * it needs for its next step and hands them to dnsauth_dns_prefetch(),
 * which sends every one that is not cached yet at the same time (one UDP
 * socket per query, poll() over all of them, identical questions merged)
 * and returns when each is answered, failed or timed out. The check then
 * reads the answers with dnsauth_dns_lookup(), which answers from the
 * cache (or queries on its own for a name nobody prefetched). So a run
 * costs about as many round trips as its longest chain of dependent
 * lookups, the checks stay sequential code, and a bulk run can merge the
 * phases of many domains into one prefetch. One handle is used by one
 * thread at a time.
 *
 * Every answer is cached for the life of the handle (bounded by
 * DNSAUTH_DNS_CACHE_MAX entries); every wait is bounded by the per-query
 * timeout, the retries and the handle's deadline. Live answers keep the
 * whole last response (in wire format) for later checks (DNSSEC).
 *
 * Additional data (live source only). When a response gives DATA to an
 * MX question, the A and AAAA records of its additional section whose
 * owner is one of the exchanges named by the MX records of that answer
 * are cached as the DATA answers to (exchange, A) and (exchange, AAAA)
 * (answer.additional set), so that asking for the addresses of the mail
 * hosts costs no query. Only these pairs, and only:
 *   - a question already cached (or being resolved) is never changed:
 *     additional data fills gaps, it never overwrites;
 *   - absence proves nothing: an exchange without A (or AAAA) records in
 *     the additional section is asked as usual, never made NODATA;
 *   - records of other owners (or types) in the additional section are
 *     ignored, whatever they are;
 *   - not with dnssec_ok (a validating resolver's AD bit covers the
 *     answer and authority sections, not the additional one).
 * Why this is safe enough: RFC 2181 §5.4.1 ranks additional data lowest
 * of all, because a server may add what it is not authoritative for;
 * restricting it to the exchanges the answer itself names is what
 * resolvers do for MX (the additional processing of RFC 1035 §3.3.9) and
 * what pyspf does, and whoever can forge the additional section of an
 * answer can forge its answer section too (the same response, the same
 * ID and question checks). The zone-type sources have nothing of the
 * kind: their answers cost no query. dnsauth_dns_stats() counts these
 * answers neither as queries nor as cache hits until they are looked up.
 */
#ifndef DNSAUTH_DNS_H
#define DNSAUTH_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ldns/ldns.h>

#include "buf.h"

/** What a query came to. "Lookup failed" is never "the record is missing". */
enum dnsauth_dns_status {
	DNSAUTH_DNS_DATA = 0,   /*!< records of the type exist */
	DNSAUTH_DNS_NODATA,     /*!< the name exists, no records of the type */
	DNSAUTH_DNS_NXDOMAIN,   /*!< the name (or the end of its CNAME chain)
	                             does not exist */
	DNSAUTH_DNS_SERVFAIL,   /*!< the server failed (RCODE 2) */
	DNSAUTH_DNS_REFUSED,    /*!< the server refused (RCODE 5) */
	DNSAUTH_DNS_TIMEOUT,    /*!< no answer within timeout and retries, or
	                             the run's deadline passed (error says
	                             whether the question was ever sent) */
	DNSAUTH_DNS_ERROR,      /*!< malformed or mismatched answer, other
	                             RCODE, CNAME loop, network error */
	DNSAUTH_DNS_OUTSIDE,    /*!< zone-type source: not in the loaded
	                             zones, or not known from a partial zone
	                             (not checked, never "missing") */
};

/** Longest CNAME chain followed; a longer one is a loop (ERROR). */
#define DNSAUTH_DNS_MAX_CNAMES 8
/** Most answers cached by a handle that sends queries (a live source, or
 *  a zone-type source with a fallback). Answers stay valid until the
 *  handle is freed, so nothing is evicted: past the bound, a new question
 *  gets an ERROR answer ("DNS cache full") without being sent. A zone-type
 *  source without a fallback is not bounded here: its answers come from
 *  records it already holds, and its callers bound the questions (the
 *  linter audits at most 20000 domains of a file). */
#define DNSAUTH_DNS_CACHE_MAX 100000u
/** Most queries in flight at once. */
#define DNSAUTH_DNS_MAX_INFLIGHT 64u

/** One answer. Owned by the handle's cache; valid until the handle is freed. */
struct dnsauth_dns_answer {
	enum dnsauth_dns_status status;
	char *qname;            /*!< the name asked, lower case, no trailing dot
	                             ("" for the root; a name that does not
	                             parse is kept as given, lower-cased, and
	                             answered ERROR) */
	uint16_t qtype;         /*!< LDNS_RR_TYPE_* */
	char *cnames[DNSAUTH_DNS_MAX_CNAMES]; /*!< CNAME targets followed, in
	                                         order (no trailing dots) */
	size_t ncnames;
	ldns_rr_list *rrs;      /*!< the records of qtype at the end of the
	                             chain (NULL unless DATA) */
	char **txt;             /*!< for TXT: one string per RR, its
	                             character-strings joined with nothing
	                             between them (NUL-terminated copies) */
	size_t *txt_len;        /*!< lengths of txt[i] (they may hold NULs) */
	size_t ntxt;
	uint8_t *msg;           /*!< live: the last response as received
	                             (DNS wire format, msg_len octets; parse
	                             it with ldns_wire2pkt() to look at more
	                             than the answer), else NULL (also for an
	                             answer taken from the additional section
	                             of another response) */
	size_t msg_len;
	unsigned rcode;         /*!< RCODE of the last response, 0 for zone */
	bool truncated_tcp;     /*!< answer came over TCP after TC=1 */
	bool additional;        /*!< live (or through a live fallback):
	                             DATA taken from the additional section of
	                             an MX response (the addresses of its
	                             exchanges), never asked; see "Additional
	                             data" at the top */
	bool cname_loop;        /*!< ERROR because the CNAME chain loops or is
	                             longer than DNSAUTH_DNS_MAX_CNAMES */
	char *error;            /*!< detail for SERVFAIL..ERROR, else NULL */
	bool rrs_shared;        /*!< internal: rrs holds a zone-type source's
	                             own records, not copies */
};

/** A question for dnsauth_dns_prefetch(). */
struct dnsauth_dns_q {
	const char *name;
	uint16_t type;
};

/** Settings of the live source. */
struct dnsauth_dns_live_opts {
	const char *const *servers; /*!< addresses (IPv4/IPv6 literals); NULL:
	                                 the nameservers of /etc/resolv.conf */
	size_t nservers;
	uint16_t port;              /*!< 0: 53 */
	unsigned timeout_ms;        /*!< per attempt; 0: 2000 */
	unsigned retries;           /*!< further attempts; default 2 */
	bool retries_set;           /*!< use retries even when 0 */
	uint16_t edns_size;         /*!< 0: 1232 */
	bool dnssec_ok;             /*!< set the DO bit */
};

struct dnsauth_dns;

/**
 * \brief A live source.
 * \param[out] out free with dnsauth_dns_free()
 * \param[out] err message when no server can be used
 * \return 0, DNSAUTH_EINVAL (bad server address), DNSAUTH_EIO (no
 *         resolv.conf servers), DNSAUTH_ENOMEM
 */
int dnsauth_dns_new_live(const struct dnsauth_dns_live_opts *o,
			 struct dnsauth_dns **out, struct dnsauth_buf *err);

/**
 * \brief A zone source from zone files: \p paths are files or
 * directories (every regular file in a directory whose name ends in
 * .zone, .db or .dns, or starts with db.). Each file's origin is its
 * $ORIGIN, else its SOA owner, else the name derived from the file name.
 * \param[out] err "file:line: message" for the first file that does not
 *             load
 * \return 0, DNSAUTH_EIO, DNSAUTH_EPARSE, DNSAUTH_ENOMEM
 */
int dnsauth_dns_new_zone(const char *const *paths, size_t npaths,
			 struct dnsauth_dns **out, struct dnsauth_buf *err);

/**
 * \brief A data source: an empty zone source at the root, filled with
 * dnsauth_dns_data_add() and dnsauth_dns_data_set_timeout(). It answers
 * like a zone source (NXDOMAIN, NODATA, CNAME chains, wildcards); names
 * not added (and not above an added name) are NXDOMAIN, never OUTSIDE.
 * Add every record before the first lookup: answers already cached are
 * not updated.
 * \param[out] out free with dnsauth_dns_free()
 * \return 0, DNSAUTH_EINVAL, DNSAUTH_ENOMEM
 */
int dnsauth_dns_new_data(struct dnsauth_dns **out);

/**
 * \brief Add one record to a data source.
 * \param[in] owner the owner name (trailing dot optional, any case)
 * \param[in] type LDNS_RR_TYPE_*
 * \param[in] rdata_text the rdata in presentation form, parsed with
 *            ldns ("192.0.2.1", "10 mx.example.com.", "\"a\" \"b\"" for a
 *            TXT RR of two strings); NULL only makes the name exist
 *            (NODATA for every type). An identical record is added once.
 *            The data is copied.
 * \return 0, DNSAUTH_EINVAL (not a data source, bad owner),
 *         DNSAUTH_EPARSE (rdata does not parse as \p type),
 *         DNSAUTH_ELIMIT (too many records, rdata too long), DNSAUTH_ENOMEM
 */
int dnsauth_dns_data_add(struct dnsauth_dns *dns, const char *owner, uint16_t type,
			 const char *rdata_text);

/**
 * \brief A records source: a zone-type source with no zones at first,
 * filled with dnsauth_dns_records_zone() and dnsauth_dns_records_add().
 * Each record belongs to the declared zone with the longest origin at or
 * above its owner, which answers for it as the zone source does (CNAME
 * chains across zones, wildcards, delegations below the apex are
 * OUTSIDE), except that a partial zone never answers NXDOMAIN or NODATA:
 * a question it holds no records of the type (nor a CNAME) for, at the
 * name or at a wildcard of the snippet that applies, is OUTSIDE. Names
 * in no declared zone are OUTSIDE. Records and zones may be added in any
 * order; add them all before the first lookup: answers already cached
 * are not updated.
 * \param[out] out free with dnsauth_dns_free()
 * \return 0, DNSAUTH_EINVAL, DNSAUTH_ENOMEM
 */
int dnsauth_dns_new_records(struct dnsauth_dns **out);

/**
 * \brief Declare a zone of a records source.
 * \param[in] origin the zone's apex (trailing dot optional, any case;
 *            "." is the root)
 * \param[in] complete true: the zone's records are all added (a zone
 *            file): names and types it lacks are NXDOMAIN and NODATA;
 *            false: they are part of the zone (a snippet): what they do
 *            not answer is OUTSIDE. The same origin declared again is
 *            complete if either declaration says so. Zones may nest (the
 *            closest enclosing zone answers).
 * \return 0, DNSAUTH_EINVAL (not a records source, bad origin),
 *         DNSAUTH_ENOMEM
 */
int dnsauth_dns_records_zone(struct dnsauth_dns *dns, const char *origin, bool complete);

/**
 * \brief Add a copy of one record (class IN) to a records source. A
 * record whose owner is in no declared zone when the records are first
 * used declares a partial zone at its owner (at the owner's parent for a
 * wildcard owner "*.<parent>", the names the wildcard answers for);
 * shallower owners are placed first, so www.example.com joins the zone a
 * record at example.com declared. An identical record (TTL aside) is
 * kept once. \p rr stays the caller's.
 * \return 0, DNSAUTH_EINVAL (not a records source, no owner, class not
 *         IN), DNSAUTH_ELIMIT (too many records), DNSAUTH_ENOMEM
 */
int dnsauth_dns_records_add(struct dnsauth_dns *dns, const ldns_rr *rr);

/**
 * \brief As dnsauth_dns_records_add(), without a copy: the source keeps a
 * pointer to \p rr, and never changes nor frees it (its owner keeps its
 * case; names are compared without case). For a caller that holds the
 * records anyway, as the linter holds the parsed file: \p rr must stay
 * valid and unchanged until \p dns is freed. The records of answers may
 * then be the caller's own.
 * \return as dnsauth_dns_records_add()
 */
int dnsauth_dns_records_add_ref(struct dnsauth_dns *dns, const ldns_rr *rr);

/**
 * \brief Ask \p fallback every question the zone-type source \p dns
 * would answer OUTSIDE (a name outside its zones, below a delegation, or
 * not known from a partial zone), NULL for none. The questions of one
 * dnsauth_dns_prefetch() (or one dnsauth_dns_lookup() of an uncached
 * name) go to dnsauth_dns_prefetch() on the fallback in one batch, and
 * the fallback's answers are copied into \p dns's cache, so
 * dnsauth_dns_lookup() and dnsauth_dns_cached() on \p dns return them
 * (status, records, response, RCODE and error detail). A CNAME chain
 * that leaves the zones goes on in the fallback from its last target:
 * the answer carries the whole chain (loops across both still end in
 * ERROR); a chain that comes back from the fallback into the zones is
 * answered by the fallback, not from the zones. What the fallback counts
 * for these batches (queries, cache hits, timeouts, TCP retries, round
 * trips) is added to \p dns's counters too. The fallback is borrowed: it
 * keeps its own settings and deadline, must outlive \p dns and is not
 * freed with it; it may be shared, and may have its own fallback.
 * Answers cached before the call are not updated.
 * \return 0, DNSAUTH_EINVAL (\p dns is not a zone-type source, or the
 *         fallbacks would form a cycle)
 */
int dnsauth_dns_set_fallback(struct dnsauth_dns *dns, struct dnsauth_dns *fallback);

/**
 * \brief Make queries for \p owner (also through a CNAME chain that
 * reaches it) end TIMEOUT, for every type the name has no record of:
 * records added at the name (and a CNAME there) still answer, as in the
 * openspf test suites ("TXT: ...; TIMEOUT": TXT answers, SPF times out).
 * With no records at the name, every query times out. The name exists.
 * \return 0, DNSAUTH_EINVAL, DNSAUTH_ENOMEM
 */
int dnsauth_dns_data_set_timeout(struct dnsauth_dns *dns, const char *owner);

/**
 * \brief Drop the answers a zone-type source made from its own records
 * since the last call (they are cheap to make again), keeping the names
 * outside its zones (for dnsauth_dns_outside_names()) and what the
 * fallback answered. The linter calls it between domains, so that the
 * cache of a big zone does not grow with every audit. Every answer
 * pointer obtained before the call may be invalid after it. No effect on
 * a live source.
 */
void dnsauth_dns_forget(struct dnsauth_dns *dns);

/** \brief Free a handle, its cache and every answer; NULL is allowed. */
void dnsauth_dns_free(struct dnsauth_dns *dns);

/** \brief Set an absolute deadline for the run, in milliseconds from now
 *  (0: none). Queries not answered by then end as TIMEOUT. */
void dnsauth_dns_set_deadline(struct dnsauth_dns *dns, unsigned ms_from_now);

/**
 * \brief Resolve every question not cached yet, all at once (see the
 * design note above), following CNAME chains. Returns when all are done.
 * \return 0 or DNSAUTH_ENOMEM (failures are statuses of the answers)
 */
int dnsauth_dns_prefetch(struct dnsauth_dns *dns, const struct dnsauth_dns_q *qs,
			 size_t n);

/**
 * \brief The answer to one question: from the cache, or resolved now.
 * \p name may have a trailing dot and any case. Never NULL unless out of
 * memory; the answer is owned by the handle.
 */
const struct dnsauth_dns_answer *dnsauth_dns_lookup(struct dnsauth_dns *dns,
						    const char *name, uint16_t type);

/**
 * \brief The cached answer to a question, or NULL when it has not been
 * resolved yet (never sends a query). For restartable checks.
 */
const struct dnsauth_dns_answer *dnsauth_dns_cached(const struct dnsauth_dns *dns,
						    const char *name, uint16_t type);

/** \brief The reverse name of an IPv4 or IPv6 address literal
 *  ("4.3.2.1.in-addr.arpa"); caller frees; NULL if not an address. */
char *dnsauth_dns_reverse_name(const char *addr);

/** Counters of a handle. */
struct dnsauth_dns_stats {
	unsigned long queries;      /*!< questions sent (live) or answered
	                                 from zones (zone-type), CNAME hops
	                                 included (live: each name once; its
	                                 retries and its TCP retry are not
	                                 counted again); a zone-type source
	                                 adds what its fallback counted for it
	                                 (to every counter) */
	unsigned long cache_hits;   /*!< questions answered from the cache by
	                                 dnsauth_dns_lookup() or _prefetch()
	                                 (not _cached(); a duplicate within one
	                                 prefetch is merged, not a hit) */
	unsigned long timeouts;     /*!< attempts that got no answer in time
	                                 (each retry counts) */
	unsigned long tcp_retries;  /*!< TC=1 answers retried over TCP */
	unsigned long round_trips;  /*!< prefetch batches that sent queries
	                                 (a dnsauth_dns_lookup() that resolves
	                                 an uncached name is a batch of one;
	                                 zone: batches with uncached questions) */
};

/** \brief The handle's counters. */
void dnsauth_dns_stats(const struct dnsauth_dns *dns, struct dnsauth_dns_stats *out);

/** \brief "data", "nodata", "nxdomain", "servfail", "refused", "timeout",
 *  "error", "outside". */
const char *dnsauth_dns_status_name(enum dnsauth_dns_status s);

/** \brief Whether the status is a failure to look up (not an answer):
 *  SERVFAIL, REFUSED, TIMEOUT, ERROR. */
bool dnsauth_dns_failed(enum dnsauth_dns_status s);

/** \brief Whether this handle is a zone-type source (zone, data or
 *  records). */
bool dnsauth_dns_is_zone(const struct dnsauth_dns *dns);

/**
 * \brief The names of the cached answers that are OUTSIDE: what a run
 * asked for that the zone-type source does not cover (the linter's "not
 * checked offline"), each once, in no particular order.
 * \param[out] names the caller frees each string and the array
 * \return 0 or DNSAUTH_ENOMEM
 */
int dnsauth_dns_outside_names(const struct dnsauth_dns *dns, char ***names, size_t *n);

#endif
