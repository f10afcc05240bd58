/* SPDX-License-Identifier: MIT */
/*
 * dname.h - checks on domain names written as text.
 */
#ifndef DNSAUTH_DNAME_H
#define DNSAUTH_DNAME_H

#include <stdbool.h>
#include <stddef.h>

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

#endif
