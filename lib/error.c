/* SPDX-License-Identifier: MIT */
/* error.c - messages for the operational status codes. */
#include "error.h"

const char *dnsauth_strerror(int rc)
{
	switch (rc) {
	case DNSAUTH_OK:
		return "success";
	case DNSAUTH_ENOMEM:
		return "out of memory";
	case DNSAUTH_EINVAL:
		return "invalid argument";
	case DNSAUTH_EPARSE:
		return "syntax error";
	case DNSAUTH_EIO:
		return "input/output error";
	case DNSAUTH_ENOTFOUND:
		return "not found";
	case DNSAUTH_ELIMIT:
		return "size or count limit exceeded";
	case DNSAUTH_EEXIST:
		return "file exists";
	case DNSAUTH_ENOTSPF:
		return "not an SPF record";
	}
	return "unknown error";
}
