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

/* The octets of plain names: letters (lower-cased here), digits, '-',
 * '_', '*' and the label separator '.'; 0 for every other octet. */
static const unsigned char plain_octet[256] = {
	  0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
	  0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
	  0,   0,   0,   0,   0,   0,   0,   0,   0,   0,  42,   0,   0,  45,  46,   0,
	 48,  49,  50,  51,  52,  53,  54,  55,  56,  57,   0,   0,   0,   0,   0,   0,
	  0,  97,  98,  99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
	112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122,   0,   0,   0,   0,  95,
	  0,  97,  98,  99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
	112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122,   0,   0,   0,   0,   0,
	  0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
	  0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
	  0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
	  0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
	  0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
	  0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
	  0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
	  0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
};

long dnsauth_dname_plain(const char *in, size_t n, char *out)
{
	size_t i, lab = 0;

	if (n > 0 && in[n - 1] == '.')
		n--;
	/* the wire form is n + 2 octets (the first length and the root) */
	if (n == 0 || n > DNAME_WIRE_MAX - 2)
		return -1;
	/* one pass: out is only meaningful when the name is plain */
	for (i = 0; i < n; i++) {
		unsigned char c = plain_octet[(unsigned char)in[i]];

		if (c == '.') {
			if (lab == 0)
				return -1;
			lab = 0;
		} else if (c == 0 || ++lab > DNAME_LABEL_MAX) {
			return -1;
		}
		out[i] = (char)c;
	}
	if (lab == 0)
		return -1;
	out[n] = '\0';
	return (long)n;
}

/*
 * dnsauth_dname_rdf_text() and dnsauth_dname_rdf_str() without ldns for an
 * absolute wire name whose labels hold only letters, digits, '-', '_' and
 * '*' (none of which ldns escapes when it prints a name): the labels
 * joined with dots, as ldns_rdf2str() gives them, lower-cased when
 * \p lower (as after ldns_dname2canonical()), with the trailing dot when
 * \p dot ("." for the root). *plain is false, and NULL returned, for any other name; NULL
 * with *plain true is out of memory. ldns prints a name byte by byte
 * through a formatted print: with ldns_dname_absolute(), which prints the
 * name too, 7% of a lint run.
 */
static char *dname_text_plain(const uint8_t *w, size_t n, bool lower, bool dot,
			      bool *plain)
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
	s = malloc(n + 1);              /* labels and dots: n - 1, or n with
	                                   the trailing dot */
	if (!s)
		return NULL;
	o = s;
	for (pos = 0; w[pos] != 0; pos += 1 + w[pos]) {
		if (o != s)
			*o++ = '.';
		for (k = pos + 1; k <= pos + w[pos]; k++)
			*o++ = (char)(lower && w[k] >= 'A' && w[k] <= 'Z' ? w[k] + ('a' - 'A') :
				      w[k]);
	}
	if (dot)
		*o++ = '.';             /* the root alone is "." too */
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
	s = dname_text_plain(ldns_rdf_data(d), ldns_rdf_size(d), true, false, &plain);
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

char *dnsauth_dname_rdf_str(const ldns_rdf *d)
{
	char *s;
	bool plain;

	if (d && ldns_rdf_get_type(d) == LDNS_RDF_TYPE_DNAME) {
		s = dname_text_plain(ldns_rdf_data(d), ldns_rdf_size(d), false, true, &plain);
		if (plain)
			return s;
	}
	return ldns_rdf2str(d);
}

bool dnsauth_dname_text_absolute(const char *p, size_t n)
{
	size_t i = 0;
	bool dot = false;

	while (i < n) {
		if (p[i] == '\\') {
			if (i + 3 < n && isdigit((unsigned char)p[i + 1]) &&
			    isdigit((unsigned char)p[i + 2]) &&
			    isdigit((unsigned char)p[i + 3]))
				i += 4;
			else
				i += 2;
			dot = false;
			continue;
		}
		dot = p[i] == '.';
		i++;
	}
	return dot;
}
