/* SPDX-License-Identifier: MIT */
/* output.c - atomic file output, text for a terminal, bounded file input. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "output.h"

int dnsauth_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return DNSAUTH_EIO;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Whether path names the same file as one of inputs. */
static bool is_input(const char *path, const struct stat *st,
		     const char *const *inputs)
{
	struct stat ist;

	for (; inputs && *inputs; inputs++) {
		if (strcmp(*inputs, "-") == 0)
			continue;
		if (strcmp(*inputs, path) == 0)
			return true;
		if (st && stat(*inputs, &ist) == 0 && ist.st_dev == st->st_dev &&
		    ist.st_ino == st->st_ino)
			return true;
	}
	return false;
}

int dnsauth_write_atomic(const char *path, const void *data, size_t len,
			 mode_t mode, const char *const *inputs, bool overwrite,
			 struct dnsauth_buf *err)
{
	struct stat st;
	char *copy = NULL, *tmp = NULL, *dir;
	int fd = -1, dfd, rc = DNSAUTH_EIO, exists;

	exists = stat(path, &st) == 0;
	if (is_input(path, exists ? &st : NULL, inputs)) {
		dnsauth_buf_printf(err, "%s: refusing to overwrite an input file", path);
		return DNSAUTH_EINVAL;
	}
	if (exists && S_ISDIR(st.st_mode)) {
		dnsauth_buf_printf(err, "%s: is a directory", path);
		return DNSAUTH_EIO;
	}
	if (exists && !overwrite) {
		dnsauth_buf_printf(err, "%s: file exists (use --force to overwrite)", path);
		return DNSAUTH_EEXIST;
	}
	copy = strdup(path);
	if (!copy)
		return DNSAUTH_ENOMEM;
	dir = dirname(copy);
	if (asprintf(&tmp, "%s/.%s.XXXXXX", dir, strrchr(path, '/') ?
		     strrchr(path, '/') + 1 : path) < 0) {
		tmp = NULL;
		rc = DNSAUTH_ENOMEM;
		goto out;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		dnsauth_buf_printf(err, "%s: cannot create a temporary file in %s: %s",
				   path, dir, strerror(errno));
		goto out;
	}
	if (fchmod(fd, mode) != 0 || dnsauth_write_all(fd, data, len) != 0 ||
	    fsync(fd) != 0) {
		dnsauth_buf_printf(err, "%s: write failed: %s", path, strerror(errno));
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		dnsauth_buf_printf(err, "%s: write failed: %s", path, strerror(errno));
		goto out;
	}
	fd = -1;
	if (!overwrite) {
		/* link() fails if the target appeared meanwhile: no clobbering */
		if (link(tmp, path) != 0) {
			dnsauth_buf_printf(err, "%s: %s", path, strerror(errno));
			rc = errno == EEXIST ? DNSAUTH_EEXIST : DNSAUTH_EIO;
			goto out;
		}
		unlink(tmp);
	} else if (rename(tmp, path) != 0) {
		dnsauth_buf_printf(err, "%s: cannot rename into place: %s", path,
				   strerror(errno));
		goto out;
	}
	free(tmp);
	tmp = NULL;
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	free(copy);
	return rc;
}

int dnsauth_output_text(struct dnsauth_buf *b, const char *s, size_t n)
{
	const char *p;

	/* a backslash is never part of a multi-byte UTF-8 sequence, so the
	 * runs between backslashes are whole characters */
	while (n > 0 && (p = memchr(s, '\\', n)) != NULL) {
		dnsauth_buf_put_safe(b, s, (size_t)(p - s));
		dnsauth_buf_putc(b, '\\');
		n -= (size_t)(p - s) + 1;
		s = p + 1;
	}
	dnsauth_buf_put_safe(b, s, n);
	return b->err;
}

const char *dnsauth_output_quote(char *dst, size_t size, const char *s, size_t n,
				 size_t max)
{
	struct dnsauth_buf b;
	size_t cut = n;

	if (size == 0)
		return dst;
	if (n > max) {
		/* back to the first byte of a character the limit splits */
		cut = max;
		while (cut > 0 && max - cut < 3 && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--;
	}
	dnsauth_buf_init(&b, 0);
	dnsauth_output_text(&b, s, cut);
	if (cut < n)
		dnsauth_buf_puts(&b, "...");
	if (b.err || b.len >= size)
		snprintf(dst, size, "?");
	else
		memcpy(dst, dnsauth_buf_str(&b), b.len + 1);
	dnsauth_buf_free(&b);
	return dst;
}

int dnsauth_read_file(const char *path, size_t max, char **data, size_t *len,
		      struct dnsauth_buf *err)
{
	const char *shown = strcmp(path, "-") == 0 ? "<stdin>" : path;
	size_t cap = 4096, n = 0;
	char *p = NULL, *q;
	int fd, rc = DNSAUTH_EIO;
	struct stat st;

	*data = NULL;
	*len = 0;
	fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		dnsauth_buf_printf(err, "%s: %s", shown, strerror(errno));
		return DNSAUTH_EIO;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		dnsauth_buf_printf(err, "%s: is a directory", shown);
		goto out;
	}
	p = malloc(cap);
	if (!p) {
		rc = DNSAUTH_ENOMEM;
		goto out;
	}
	for (;;) {
		ssize_t r;

		if (n + 1 >= cap) {
			if (cap > max + 1) {
				dnsauth_buf_printf(err, "%s: larger than %zu bytes", shown, max);
				rc = DNSAUTH_ELIMIT;
				goto out;
			}
			q = realloc(p, cap * 2);
			if (!q) {
				rc = DNSAUTH_ENOMEM;
				goto out;
			}
			p = q;
			cap *= 2;
		}
		r = read(fd, p + n, cap - n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			dnsauth_buf_printf(err, "%s: %s", shown, strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max) {
			dnsauth_buf_printf(err, "%s: larger than %zu bytes", shown, max);
			rc = DNSAUTH_ELIMIT;
			goto out;
		}
	}
	p[n] = '\0';
	*data = p;
	*len = n;
	p = NULL;
	rc = 0;
out:
	free(p);
	if (fd != STDIN_FILENO)
		close(fd);
	return rc;
}
