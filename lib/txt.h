/* SPDX-License-Identifier: MIT */
/*
 * txt.h - TXT record values as zone-file character-strings.
 *
 * A TXT RR holds one or more character-strings of at most 255 octets each;
 * receivers join them with nothing in between (RFC 7208 §3.3, RFC 6376
 * §3.6.2.2). Long values are therefore split, and for SPF the split must
 * fall between terms so that no term is cut.
 */
#ifndef DNSAUTH_TXT_H
#define DNSAUTH_TXT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

#define DNSAUTH_TXT_STRING_MAX 255u

/** A piece of a value: offset and length into the value. */
struct dnsauth_txt_chunk {
	size_t off;
	size_t len;
};

/**
 * \brief Split \p value into chunks of at most \p max octets (1..255).
 * With \p at_spaces, each chunk ends just after a space where possible
 * (a term longer than \p max is cut, and *cut is set).
 * \param[out] chunks array the caller frees with free()
 * \return 0, DNSAUTH_EINVAL, DNSAUTH_ENOMEM
 */
int dnsauth_txt_split(const char *value, size_t len, size_t max, bool at_spaces,
		      struct dnsauth_txt_chunk **chunks, size_t *n, bool *cut);

/** \brief Append \p s as a zone-file quoted string ("\\"" and "\\\\" escaped,
 *  non-printable bytes as \\DDD). */
int dnsauth_txt_quote(struct dnsauth_buf *out, const char *s, size_t len);

/**
 * \brief Append a BIND zone line: "OWNER. TTL IN TXT "..." "..."\\n".
 * Several strings go on one line inside parentheses-free form, separated by
 * one space. \p owner gets a trailing dot if it lacks one.
 */
int dnsauth_txt_zone_line(struct dnsauth_buf *out, const char *owner,
			  unsigned ttl, const char *value, size_t len,
			  bool at_spaces);

#endif
