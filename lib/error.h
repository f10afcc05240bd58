/* SPDX-License-Identifier: MIT */
/*
 * error.h - operational status codes of libdnsauth.
 *
 * Failures (out of memory, unreadable file, unparsable input) are reported
 * with these codes. Findings about records are a separate thing (finding.h).
 */
#ifndef DNSAUTH_ERROR_H
#define DNSAUTH_ERROR_H

/** Status codes: 0 is success, every failure is negative. */
enum dnsauth_rc {
	DNSAUTH_OK = 0,
	DNSAUTH_ENOMEM = -1,   /*!< allocation failed */
	DNSAUTH_EINVAL = -2,   /*!< invalid argument */
	DNSAUTH_EPARSE = -3,   /*!< input text does not parse */
	DNSAUTH_EIO = -4,      /*!< read or write failed */
	DNSAUTH_ENOTFOUND = -5,/*!< named thing does not exist */
	DNSAUTH_ELIMIT = -6,   /*!< a size or count limit was exceeded */
	DNSAUTH_EEXIST = -7,   /*!< refusing to overwrite */
	DNSAUTH_ENOTSPF = -8,  /*!< the text is not an SPF record at all */
};

/**
 * \brief Describe a status code.
 * \return a static string; never NULL.
 */
const char *dnsauth_strerror(int rc);

#endif
