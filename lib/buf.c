/* SPDX-License-Identifier: MIT */
/* buf.c - growable byte buffer with a hard cap and a sticky error. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"

void dnsauth_buf_init(struct dnsauth_buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max ? max : DNSAUTH_BUF_DEFAULT_MAX;
}

void dnsauth_buf_free(struct dnsauth_buf *b)
{
	size_t max = b->max;

	free(b->data);
	dnsauth_buf_init(b, max);
}

void dnsauth_buf_reset(struct dnsauth_buf *b)
{
	b->len = 0;
	b->err = 0;
	if (b->data)
		b->data[0] = '\0';
}

char *dnsauth_buf_steal(struct dnsauth_buf *b)
{
	char *s;

	if (b->err) {
		dnsauth_buf_free(b);
		return NULL;
	}
	s = b->data ? b->data : strdup("");
	b->data = NULL;
	dnsauth_buf_free(b);
	return s;
}

const char *dnsauth_buf_str(const struct dnsauth_buf *b)
{
	return b->data ? b->data : "";
}

static int grow(struct dnsauth_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (b->err)
		return b->err;
	if (b->max == 0)
		b->max = DNSAUTH_BUF_DEFAULT_MAX;
	if (extra > b->max || b->len > b->max - extra) {
		b->err = DNSAUTH_ELIMIT;
		return b->err;
	}
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = realloc(b->data, cap);
	if (!p) {
		b->err = DNSAUTH_ENOMEM;
		return b->err;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

int dnsauth_buf_append(struct dnsauth_buf *b, const void *p, size_t n)
{
	int rc = grow(b, n);

	if (rc)
		return rc;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int dnsauth_buf_puts(struct dnsauth_buf *b, const char *s)
{
	return dnsauth_buf_append(b, s, strlen(s));
}

int dnsauth_buf_putc(struct dnsauth_buf *b, char c)
{
	return dnsauth_buf_append(b, &c, 1);
}

int dnsauth_buf_vprintf(struct dnsauth_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n, rc;

	if (b->err)
		return b->err;
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		b->err = DNSAUTH_EINVAL;
		return b->err;
	}
	rc = grow(b, (size_t)n);
	if (rc)
		return rc;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int dnsauth_buf_printf(struct dnsauth_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = dnsauth_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid. */
static size_t utf8_len(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Code points a terminal may act on or that hide or reorder text. */
static int dangerous(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) ||      /* C1 controls */
	       (cp >= 0x200b && cp <= 0x200f) ||  /* zero-width, LRM/RLM */
	       (cp >= 0x202a && cp <= 0x202e) ||  /* bidi embeddings */
	       (cp >= 0x2066 && cp <= 0x2069) ||  /* bidi isolates */
	       cp == 0x2028 || cp == 0x2029 || cp == 0xfeff;
}

int dnsauth_buf_put_safe(struct dnsauth_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len;
	uint32_t cp;

	while (i < n && !b->err) {
		unsigned char c = p[i];

		if (c == '\\') {
			dnsauth_buf_puts(b, "\\\\");
			i++;
		} else if (c == '\n') {
			dnsauth_buf_puts(b, "\\n");
			i++;
		} else if (c == '\r') {
			dnsauth_buf_puts(b, "\\r");
			i++;
		} else if (c == '\t') {
			dnsauth_buf_puts(b, "\\t");
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			dnsauth_buf_printf(b, "\\x%02X", c);
			i++;
		} else if (c < 0x80) {
			dnsauth_buf_putc(b, (char)c);
			i++;
		} else {
			len = utf8_len(p + i, n - i, &cp);
			if (len == 0) {
				dnsauth_buf_printf(b, "\\x%02X", c);
				i++;
			} else if (dangerous(cp)) {
				dnsauth_buf_printf(b, "\\u{%04X}", (unsigned)cp);
				i += len;
			} else {
				dnsauth_buf_append(b, p + i, len);
				i += len;
			}
		}
	}
	return b->err;
}
