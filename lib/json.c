/* SPDX-License-Identifier: MIT */
/* json.c - a small JSON writer into a dnsauth_buf. */
#include <stdint.h>
#include <string.h>

#include "error.h"
#include "json.h"

void dnsauth_json_init(struct dnsauth_json *j, struct dnsauth_buf *out, bool pretty)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
	j->pretty = pretty;
	j->first[0] = true;
}

static void newline(struct dnsauth_json *j)
{
	int i;

	if (!j->pretty)
		return;
	dnsauth_buf_putc(j->out, '\n');
	for (i = 0; i < j->depth; i++)
		dnsauth_buf_puts(j->out, "  ");
}

/* Separator before a value or a key. */
static void before_value(struct dnsauth_json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (!j->first[j->depth])
		dnsauth_buf_putc(j->out, ',');
	if (j->depth > 0)
		newline(j);
	j->first[j->depth] = false;
}

static void json_open(struct dnsauth_json *j, char c)
{
	before_value(j);
	dnsauth_buf_putc(j->out, c);
	if (j->depth + 1 >= DNSAUTH_JSON_MAX_DEPTH) {
		j->err = DNSAUTH_ELIMIT;
		return;
	}
	j->depth++;
	j->first[j->depth] = true;
}

static void json_close(struct dnsauth_json *j, char c)
{
	bool empty;

	if (j->depth == 0) {
		j->err = DNSAUTH_ELIMIT;
		return;
	}
	empty = j->first[j->depth];
	j->depth--;
	if (!empty)
		newline(j);
	dnsauth_buf_putc(j->out, c);
}

void dnsauth_json_object_begin(struct dnsauth_json *j)
{
	json_open(j, '{');
}

void dnsauth_json_object_end(struct dnsauth_json *j)
{
	json_close(j, '}');
}

void dnsauth_json_array_begin(struct dnsauth_json *j)
{
	json_open(j, '[');
}

void dnsauth_json_array_end(struct dnsauth_json *j)
{
	json_close(j, ']');
}

void dnsauth_json_key(struct dnsauth_json *j, const char *key)
{
	before_value(j);
	dnsauth_json_escape(j->out, key, strlen(key));
	dnsauth_buf_puts(j->out, j->pretty ? ": " : ":");
	j->after_key = true;
}

void dnsauth_json_string_n(struct dnsauth_json *j, const char *s, size_t n)
{
	before_value(j);
	dnsauth_json_escape(j->out, s, n);
}

void dnsauth_json_string(struct dnsauth_json *j, const char *s)
{
	if (!s) {
		dnsauth_json_null(j);
		return;
	}
	dnsauth_json_string_n(j, s, strlen(s));
}

void dnsauth_json_int(struct dnsauth_json *j, long long v)
{
	before_value(j);
	dnsauth_buf_printf(j->out, "%lld", v);
}

void dnsauth_json_bool(struct dnsauth_json *j, bool v)
{
	before_value(j);
	dnsauth_buf_puts(j->out, v ? "true" : "false");
}

void dnsauth_json_null(struct dnsauth_json *j)
{
	before_value(j);
	dnsauth_buf_puts(j->out, "null");
}

void dnsauth_json_kv_string(struct dnsauth_json *j, const char *key, const char *s)
{
	dnsauth_json_key(j, key);
	dnsauth_json_string(j, s);
}

void dnsauth_json_kv_int(struct dnsauth_json *j, const char *key, long long v)
{
	dnsauth_json_key(j, key);
	dnsauth_json_int(j, v);
}

int dnsauth_json_finish(struct dnsauth_json *j)
{
	if (j->err)
		return j->err;
	if (j->depth != 0 || j->after_key)
		return DNSAUTH_ELIMIT;
	return j->out->err;
}

/* Length of a valid UTF-8 sequence at s, or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t c;

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
	return len;
}

int dnsauth_json_escape(struct dnsauth_buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len;

	dnsauth_buf_putc(out, '"');
	while (i < n) {
		unsigned char c = p[i];

		switch (c) {
		case '"':
			dnsauth_buf_puts(out, "\\\"");
			break;
		case '\\':
			dnsauth_buf_puts(out, "\\\\");
			break;
		case '\n':
			dnsauth_buf_puts(out, "\\n");
			break;
		case '\r':
			dnsauth_buf_puts(out, "\\r");
			break;
		case '\t':
			dnsauth_buf_puts(out, "\\t");
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				dnsauth_buf_printf(out, "\\u%04x", c);
			} else if (c < 0x80) {
				dnsauth_buf_putc(out, (char)c);
			} else {
				len = utf8_seq(p + i, n - i);
				if (len == 0) {
					dnsauth_buf_puts(out, "\\ufffd");
				} else {
					dnsauth_buf_append(out, p + i, len);
					i += len - 1;
				}
			}
		}
		i++;
	}
	dnsauth_buf_putc(out, '"');
	return out->err;
}
