/* SPDX-License-Identifier: MIT */
/*
 * dname.h - checks on domain names written as text.
 */
#ifndef DNSAUTH_DNAME_H
#define DNSAUTH_DNAME_H

#include <stdbool.h>
#include <stddef.h>

#include <ldns/ldns.h>

/**
 * \brief Check a host or domain name in presentation form: labels of
 * 1..63 octets of letters, digits, hyphen or underscore (no leading or
 * trailing hyphen), at most 253 octets without the trailing dot, at least
 * two labels when \p need_fqdn. One trailing dot is allowed.
 * \param[out] why static reason when invalid (may be NULL)
 * \param[out] bad_offset offset of the problem (may be NULL)
 */
bool dnsauth_dname_valid(const char *s, size_t len, bool need_fqdn,
			 const char **why, size_t *bad_offset);

/** \brief Length of \p s without one trailing dot. */
size_t dnsauth_dname_len(const char *s);

/**
 * \brief The canonical text of a "plain" name without going through ldns:
 * \p n octets of labels of letters, digits, '-', '_' and '*' (characters
 * ldns neither escapes nor parses specially), one trailing dot allowed,
 * within the label (63) and wire (255) lengths. Writes it lower-cased,
 * without the trailing dot, NUL-terminated, to \p out (room for n + 1).
 * \return its length, or -1 when \p in is not such a name (the caller
 * then asks ldns; \p out may have been written). The root (".") is not
 * plain.
 */
long dnsauth_dname_plain(const char *in, size_t n, char *out);

/**
 * \brief The canonical text of a dname rdf: lower-cased, without the
 * trailing dot ("" for the root), escaped as ldns prints names. Plain
 * names (see dnsauth_dname_plain) are written directly, others through
 * ldns.
 * \return a string the caller frees, or NULL (not a dname, no memory).
 */
char *dnsauth_dname_rdf_text(const ldns_rdf *d);

/**
 * \brief What ldns_rdf2str() gives for \p d (for a dname: its case, and
 * the trailing dot of an absolute name), without ldns's formatted print
 * for plain names (see dnsauth_dname_plain).
 * \return a string the caller frees, or NULL (no memory).
 */
char *dnsauth_dname_rdf_str(const ldns_rdf *d);

/**
 * \brief Whether a name in presentation form, \p n octets as written,
 * ends with a dot that is not escaped ("a.b." yes; "a.b", "a\\." and
 * "a\\046" no): an absolute name in a zone file.
 */
bool dnsauth_dname_text_absolute(const char *p, size_t n);

#endif
