/* SPDX-License-Identifier: MIT */
/* dname.c - syntax checks on domain names in presentation form. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dname.h"

/* RFC 1035 §2.3.4: octets of a name in wire form, of a label */
#define DNAME_WIRE_MAX 255u
#define DNAME_LABEL_MAX 63u

size_t dnsauth_dname_len(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && s[n - 1] == '.' ? n - 1 : n;
}

static bool fail(const char **why, size_t *bad, const char *msg, size_t off)
{
	if (why)
		*why = msg;
	if (bad)
		*bad = off;
	return false;
}

bool dnsauth_dname_valid(const char *s, size_t len, bool need_fqdn,
			 const char **why, size_t *bad_offset)
{
	size_t i, start = 0, labels = 0;

	if (len > 0 && s[len - 1] == '.')
		len--;
	if (len == 0)
		return fail(why, bad_offset, "empty domain name", 0);
	if (len > 253)
		return fail(why, bad_offset, "domain name longer than 253 characters", 253);
	for (i = 0; i <= len; i++) {
		if (i == len || s[i] == '.') {
			size_t l = i - start;

			if (l == 0)
				return fail(why, bad_offset, "empty label", i);
			if (l > 63)
				return fail(why, bad_offset,
					    "label longer than 63 characters", start);
			if (s[start] == '-')
				return fail(why, bad_offset,
					    "label begins with a hyphen", start);
			if (s[i - 1] == '-')
				return fail(why, bad_offset,
					    "label ends with a hyphen", i - 1);
			labels++;
			start = i + 1;
			continue;
		}
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return fail(why, bad_offset,
				    "character not allowed in a host name", i);
	}
	if (need_fqdn && labels < 2)
		return fail(why, bad_offset, "not a fully qualified domain name", 0);
	return true;
}

long dnsauth_dname_plain(const char *in, size_t n, char *out)
{
	size_t i, lab = 0;

	if (n > 0 && in[n - 1] == '.')
		n--;
	/* the wire form is n + 2 octets (the first length and the root) */
	if (n == 0 || n > DNAME_WIRE_MAX - 2)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];

		if (c == '.') {
			if (lab == 0)
				return -1;
			lab = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '*') {
			if (++lab > DNAME_LABEL_MAX)
				return -1;
		} else {
			return -1;
		}
	}
	if (lab == 0)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];

		out[i] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
	}
	out[n] = '\0';
	return (long)n;
}

/*
 * dnsauth_dname_rdf_text() without ldns for an absolute wire name whose labels hold
 * only letters, digits, '-', '_' and '*' (none of which ldns escapes when
 * it prints a name): the labels lower-cased and joined with dots, as
 * ldns_dname2canonical() and ldns_rdf2str() give them (minus the trailing
 * dot). *plain is false, and NULL returned, for any other name; NULL
 * with *plain true is out of memory. ldns prints a name byte by byte
 * through a formatted print: with ldns_dname_absolute(), which prints the
 * name too, 7% of a lint run.
 */
static char *dname_text_plain(const uint8_t *w, size_t n, bool *plain)
{
	size_t pos = 0, k;
	char *s, *o;

	*plain = false;
	while (pos < n && w[pos] != 0) {
		size_t len = w[pos];

		if (len > LDNS_MAX_LABELLEN || pos + 1 + len >= n)
			return NULL;
		for (k = pos + 1; k <= pos + len; k++) {
			uint8_t c = w[k];

			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			      (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '*'))
				return NULL;
		}
		pos += 1 + len;
	}
	if (pos + 1 != n || n > LDNS_MAX_DOMAINLEN)
		return NULL;            /* relative, or bytes after the root */
	*plain = true;
	s = malloc(n);                  /* labels and dots, less one: n - 1 */
	if (!s)
		return NULL;
	o = s;
	for (pos = 0; w[pos] != 0; pos += 1 + w[pos]) {
		if (o != s)
			*o++ = '.';
		for (k = pos + 1; k <= pos + w[pos]; k++)
			*o++ = (char)(w[k] >= 'A' && w[k] <= 'Z' ? w[k] + ('a' - 'A') : w[k]);
	}
	*o = '\0';
	return s;
}

char *dnsauth_dname_rdf_text(const ldns_rdf *d)
{
	ldns_rdf *c;
	char *s;
	size_t n;
	bool plain;

	if (!d || ldns_rdf_get_type(d) != LDNS_RDF_TYPE_DNAME)
		return NULL;
	s = dname_text_plain(ldns_rdf_data(d), ldns_rdf_size(d), &plain);
	if (plain)
		return s;
	c = ldns_rdf_clone(d);
	if (!c)
		return NULL;
	ldns_dname2canonical(c);
	s = ldns_rdf2str(c);
	ldns_rdf_deep_free(c);
	if (!s)
		return NULL;
	n = strlen(s);
	if (n > 0 && s[n - 1] == '.')
		s[n - 1] = '\0';
	return s;
}
