/* SPDX-License-Identifier: MIT */
/* txt.c - split TXT values into character-strings and quote them. */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "txt.h"

int dnsauth_txt_split(const char *value, size_t len, size_t max, bool at_spaces,
		      struct dnsauth_txt_chunk **chunks, size_t *n, bool *cut)
{
	struct dnsauth_txt_chunk *v;
	size_t cap, count = 0, off = 0;

	*chunks = NULL;
	*n = 0;
	if (cut)
		*cut = false;
	if (max == 0 || max > DNSAUTH_TXT_STRING_MAX)
		return DNSAUTH_EINVAL;
	cap = len / max + 2;
	v = calloc(cap, sizeof(*v));
	if (!v)
		return DNSAUTH_ENOMEM;
	do {
		size_t take = len - off;

		if (take > max) {
			take = max;
			if (at_spaces) {
				size_t k = max;

				/* last space inside the window: the chunk ends after it */
				while (k > 0 && value[off + k - 1] != ' ')
					k--;
				if (k > 0)
					take = k;
				else if (cut)
					*cut = true;
			}
		}
		if (count == cap) {
			struct dnsauth_txt_chunk *w = realloc(v, 2 * cap * sizeof(*v));

			if (!w) {
				free(v);
				return DNSAUTH_ENOMEM;
			}
			v = w;
			cap *= 2;
		}
		v[count].off = off;
		v[count].len = take;
		count++;
		off += take;
	} while (off < len);
	*chunks = v;
	*n = count;
	return 0;
}

int dnsauth_txt_quote(struct dnsauth_buf *out, const char *s, size_t len)
{
	size_t i;

	dnsauth_buf_putc(out, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			dnsauth_buf_putc(out, '\\');
			dnsauth_buf_putc(out, (char)c);
		} else if (c < 0x20 || c > 0x7e) {
			dnsauth_buf_printf(out, "\\%03u", c);
		} else {
			dnsauth_buf_putc(out, (char)c);
		}
	}
	return dnsauth_buf_putc(out, '"');
}

int dnsauth_txt_zone_line(struct dnsauth_buf *out, const char *owner,
			  unsigned ttl, const char *value, size_t len,
			  bool at_spaces)
{
	struct dnsauth_txt_chunk *chunks;
	size_t n, i, olen = strlen(owner);
	int rc;

	rc = dnsauth_txt_split(value, len, DNSAUTH_TXT_STRING_MAX, at_spaces,
			       &chunks, &n, NULL);
	if (rc)
		return rc;
	dnsauth_buf_puts(out, owner);
	if (olen == 0 || owner[olen - 1] != '.')
		dnsauth_buf_putc(out, '.');
	dnsauth_buf_printf(out, " %u IN TXT", ttl);
	for (i = 0; i < n; i++) {
		dnsauth_buf_putc(out, ' ');
		dnsauth_txt_quote(out, value + chunks[i].off, chunks[i].len);
	}
	free(chunks);
	return dnsauth_buf_putc(out, '\n');
}
