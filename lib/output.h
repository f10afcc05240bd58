/* SPDX-License-Identifier: MIT */
/*
 * output.h - atomic file output, and text for a terminal.
 *
 * Output goes to a temporary file in the target's directory, is synced,
 * and renamed over the target, so readers see the old file or the whole
 * new one, never a partial one. An input file is never overwritten.
 */
#ifndef DNSAUTH_OUTPUT_H
#define DNSAUTH_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "buf.h"

/**
 * \brief Write \p len bytes to \p path atomically.
 * \param[in] mode permission bits of the new file (e.g. 0644, 0600)
 * \param[in] inputs NULL-terminated list of input paths the output must
 *            not be (compared by device and inode); may be NULL
 * \param[in] overwrite false: fail with DNSAUTH_EEXIST if \p path exists
 * \param[out] err message naming the path on failure
 * \return 0, DNSAUTH_EEXIST, DNSAUTH_EINVAL (path is an input), DNSAUTH_EIO
 */
int dnsauth_write_atomic(const char *path, const void *data, size_t len,
			 mode_t mode, const char *const *inputs, bool overwrite,
			 struct dnsauth_buf *err);

/**
 * \brief Write all of \p len bytes to a file descriptor (retrying on
 * EINTR and short writes). \return 0 or DNSAUTH_EIO.
 */
int dnsauth_write_all(int fd, const void *data, size_t len);

/**
 * \brief Append human-readable text for a terminal: control characters,
 * invalid UTF-8 and invisible or bidirectional code points are escaped as
 * dnsauth_buf_put_safe() escapes them (\\n, \\t, \\xNN, \\u{202E}), but a
 * backslash is written as it is. A message may quote text that is
 * escaped already (a name in presentation form, "a\\.b.example", or a
 * value quoted with dnsauth_output_quote()): its backslashes are shown
 * once, and text escaped this way is unchanged when escaped again. (Text
 * made safe with dnsauth_buf_put_safe() has its backslashes doubled, and
 * they stay doubled here.)
 * \return the buffer's error, or 0
 */
int dnsauth_output_text(struct dnsauth_buf *b, const char *s, size_t n);

/**
 * \brief A shortened, terminal-safe copy of \p n bytes of \p s, for
 * quoting text (a token, a name, a value) in a finding's message.
 *
 * At most \p max bytes of \p s are kept, cut before a UTF-8 character
 * that would cross that limit, and "..." marks the cut. The copy is
 * escaped as dnsauth_output_text() escapes (control characters, invalid
 * UTF-8, invisible and bidirectional code points), and a backslash is
 * kept as one: dnsauth_output_text() prints the message unchanged, so a
 * backslash of the quoted text shows once in the text output (not
 * doubled) and a JSON message holds it as written, while a control
 * character shows as its escape (a tab as \\t).
 * \param[out] dst the copy, NUL-terminated; \p size bytes of room, and
 *             4 * \p max + 4 always suffice
 * \return \p dst; "?" in it when out of memory or the copy does not fit
 */
const char *dnsauth_output_quote(char *dst, size_t size, const char *s, size_t n,
				 size_t max);

/**
 * \brief Read a whole file ("-" for standard input) of at most \p max bytes.
 * \param[out] data NUL-terminated contents the caller must free()
 * \return 0, DNSAUTH_EIO, DNSAUTH_ELIMIT, DNSAUTH_ENOMEM; \p err names the file
 */
int dnsauth_read_file(const char *path, size_t max, char **data, size_t *len,
		      struct dnsauth_buf *err);

#endif
