/* SPDX-License-Identifier: MIT */
/*
 * buf.h - growable byte buffer with a hard size cap and a sticky error.
 *
 * Everything that builds output text goes through a dnsauth_buf, so a
 * front end can build the whole output first and write it in one piece
 * (no partial output on failure). Once an append fails (out of memory or
 * over the cap), every later append is a no-op and the error is kept.
 */
#ifndef DNSAUTH_BUF_H
#define DNSAUTH_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct dnsauth_buf {
	char *data;  /*!< NUL-terminated contents, or NULL while empty */
	size_t len;  /*!< bytes used, without the NUL */
	size_t cap;  /*!< bytes allocated */
	size_t max;  /*!< hard cap on len; 0 means DNSAUTH_BUF_DEFAULT_MAX */
	int err;     /*!< first error (DNSAUTH_ENOMEM or DNSAUTH_ELIMIT), or 0 */
};

#define DNSAUTH_BUF_DEFAULT_MAX (64u * 1024u * 1024u)

/** \brief Initialise an empty buffer that may grow to \p max bytes (0: default). */
void dnsauth_buf_init(struct dnsauth_buf *b, size_t max);
/** \brief Release the buffer's memory; the buffer may be reused after init. */
void dnsauth_buf_free(struct dnsauth_buf *b);
/** \brief Empty the buffer, keep its memory and clear its error. */
void dnsauth_buf_reset(struct dnsauth_buf *b);
/**
 * \brief Take the contents out of the buffer.
 * \return a NUL-terminated string the caller must free(), or NULL if the
 *         buffer has an error (the buffer is freed either way).
 */
char *dnsauth_buf_steal(struct dnsauth_buf *b);
/** \brief Contents as a C string ("" while empty); owned by the buffer. */
const char *dnsauth_buf_str(const struct dnsauth_buf *b);

/** \brief Append \p n bytes. \return 0 or the buffer's sticky error. */
int dnsauth_buf_append(struct dnsauth_buf *b, const void *p, size_t n);
/** \brief Append a C string. */
int dnsauth_buf_puts(struct dnsauth_buf *b, const char *s);
/** \brief Append one byte. */
int dnsauth_buf_putc(struct dnsauth_buf *b, char c);
/** \brief Append printf-formatted text. */
int dnsauth_buf_printf(struct dnsauth_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/** \brief Append vprintf-formatted text. */
int dnsauth_buf_vprintf(struct dnsauth_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/**
 * \brief Append untrusted text so that it is safe to show on a terminal.
 *
 * C0 and C1 control characters, DEL, bidirectional overrides and bytes
 * that are not valid UTF-8 are written as escapes (\\n, \\t, \\xNN,
 * \\u{202E}); a backslash is doubled. Printable UTF-8 passes through.
 */
int dnsauth_buf_put_safe(struct dnsauth_buf *b, const char *s, size_t n);

#endif
