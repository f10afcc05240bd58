/* SPDX-License-Identifier: MIT */
/*
 * check_output.c - unit tests of atomic output and bounded input
 * (lib/output.h), each in its own temporary directory under /tmp:
 * modes, overwrite rules, refusing to clobber inputs (same path, hard
 * link, symlink), failure without leftovers, and read limits; and text
 * for a terminal (dnsauth_output_text, dnsauth_output_quote).
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "output.h"

#define NOBODY 65534

static char dir[128];
static struct dnsauth_buf err;

/* ----------------------------------------------------------- helpers */

static void rm_tree(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char sub[4096];

	if (lstat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	chmod(path, 0700);
	d = opendir(path);
	if (d) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			rm_tree(sub);
		}
		closedir(d);
	}
	rmdir(path);
}

/* Every test gets its own directory under base; main() removes base,
 * so a failed assertion (which skips the teardown) leaves nothing behind. */
static char base[64];

static void setup(void)
{
	umask(0);
	snprintf(dir, sizeof(dir), "%s/t.XXXXXX", base);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	dnsauth_buf_init(&err, 0);
}

static void teardown(void)
{
	rm_tree(dir);
	dnsauth_buf_free(&err);
}

/* dir/name in a static buffer (one of four, so a few can be live). */
static const char *in_dir(const char *name)
{
	static char paths[4][4096];
	static int next;
	char *p = paths[next++ % 4];

	snprintf(p, sizeof(paths[0]), "%s/%s", dir, name);
	return p;
}

static void write_plain(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(s, 1, strlen(s), f), strlen(s));
	ck_assert_int_eq(fclose(f), 0);
}

/* Contents of a file as a malloc'd string (NULL if it cannot be read). */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(fread(p, 1, (size_t)n, f), (size_t)n);
	p[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return p;
}

static void assert_file(const char *path, const char *want)
{
	size_t len = 0;
	char *got = slurp(path, &len);

	ck_assert_msg(got != NULL, "%s: cannot read", path);
	ck_assert_msg(len == strlen(want) && memcmp(got, want, len) == 0,
		      "%s: want \"%s\", got \"%s\"", path, want, got);
	free(got);
}

/* Number of entries in directory d, and whether one is a temp file. */
static int count_entries(const char *d, int *temps)
{
	DIR *dp = opendir(d);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(dp);
	*temps = 0;
	while ((e = readdir(dp)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		n++;
		if (e->d_name[0] == '.')
			(*temps)++;
	}
	closedir(dp);
	return n;
}

static void assert_no_temps(const char *d)
{
	int temps;

	count_entries(d, &temps);
	ck_assert_msg(temps == 0, "%s: %d temporary files left", d, temps);
}

static void assert_err_names(const char *path)
{
	ck_assert_msg(strstr(dnsauth_buf_str(&err), path) != NULL,
		      "error \"%s\" does not name %s", dnsauth_buf_str(&err), path);
}

static mode_t perm(const char *path)
{
	struct stat st;

	ck_assert_int_eq(stat(path, &st), 0);
	return st.st_mode & 0777;
}

/* ------------------------------------------------------- write_atomic */

START_TEST(test_write_mode_0600)
{
	const char *p = in_dir("out.txt");
	struct stat st;
	int temps;

	ck_assert_int_eq(dnsauth_write_atomic(p, "secret\n", 7, 0600, NULL, false, &err),
			 0);
	ck_assert_str_eq(dnsauth_buf_str(&err), "");
	assert_file(p, "secret\n");
	ck_assert_int_eq(lstat(p, &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	ck_assert_uint_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(count_entries(dir, &temps), 1);
	ck_assert_int_eq(temps, 0);
}
END_TEST

START_TEST(test_write_mode_0644)
{
	const char *p = in_dir("zone.db");
	int temps;

	ck_assert_int_eq(dnsauth_write_atomic(p, "a\nb\n", 4, 0644, NULL, true, &err), 0);
	assert_file(p, "a\nb\n");
	ck_assert_uint_eq(perm(p), 0644);
	ck_assert_int_eq(count_entries(dir, &temps), 1);
	ck_assert_int_eq(temps, 0);
}
END_TEST

START_TEST(test_write_empty_and_binary)
{
	const char *p = in_dir("empty");
	const char *q = in_dir("bin");
	static const char bin[] = { 'a', '\0', '\xff', '\n' };
	size_t len;
	char *got;

	ck_assert_int_eq(dnsauth_write_atomic(p, "", 0, 0644, NULL, false, &err), 0);
	assert_file(p, "");
	ck_assert_int_eq(dnsauth_write_atomic(q, bin, sizeof(bin), 0644, NULL, false,
					      &err), 0);
	got = slurp(q, &len);
	ck_assert_uint_eq(len, sizeof(bin));
	ck_assert(memcmp(got, bin, sizeof(bin)) == 0);
	free(got);
	assert_no_temps(dir);
}
END_TEST

START_TEST(test_write_large)
{
	const char *p = in_dir("large");
	size_t n = 3u * 1024 * 1024 + 17, len, i;
	char *data = malloc(n), *got;

	ck_assert_ptr_nonnull(data);
	for (i = 0; i < n; i++)
		data[i] = (char)(i * 7 + 3);
	ck_assert_int_eq(dnsauth_write_atomic(p, data, n, 0644, NULL, false, &err), 0);
	got = slurp(p, &len);
	ck_assert_uint_eq(len, n);
	ck_assert(memcmp(got, data, n) == 0);
	free(got);
	free(data);
	assert_no_temps(dir);
}
END_TEST

START_TEST(test_overwrite_true_replaces)
{
	const char *p = in_dir("out");
	struct stat before, after;
	int temps;

	write_plain(p, "old contents that are longer\n");
	ck_assert_int_eq(chmod(p, 0600), 0);
	ck_assert_int_eq(stat(p, &before), 0);
	ck_assert_int_eq(dnsauth_write_atomic(p, "new\n", 4, 0644, NULL, true, &err), 0);
	assert_file(p, "new\n");
	ck_assert_uint_eq(perm(p), 0644);
	/* replaced by rename, not rewritten in place */
	ck_assert_int_eq(stat(p, &after), 0);
	ck_assert(before.st_ino != after.st_ino);
	ck_assert_int_eq(count_entries(dir, &temps), 1);
	ck_assert_int_eq(temps, 0);
}
END_TEST

START_TEST(test_overwrite_false_refuses)
{
	const char *p = in_dir("out");
	int temps;

	write_plain(p, "keep me\n");
	ck_assert_int_eq(chmod(p, 0640), 0);
	ck_assert_int_eq(dnsauth_write_atomic(p, "new\n", 4, 0644, NULL, false, &err),
			 DNSAUTH_EEXIST);
	assert_file(p, "keep me\n");
	ck_assert_uint_eq(perm(p), 0640);
	assert_err_names(p);
	ck_assert_int_eq(count_entries(dir, &temps), 1);
	ck_assert_int_eq(temps, 0);
}
END_TEST

START_TEST(test_refuse_input_same_path)
{
	const char *in = in_dir("input.yaml");
	const char *inputs[] = { "-", in, NULL };

	write_plain(in, "input\n");
	ck_assert_int_eq(dnsauth_write_atomic(in, "clobber", 7, 0644, inputs, true, &err),
			 DNSAUTH_EINVAL);
	assert_file(in, "input\n");
	assert_err_names(in);
	dnsauth_buf_reset(&err);
	ck_assert_int_eq(dnsauth_write_atomic(in, "clobber", 7, 0644, inputs, false,
					      &err), DNSAUTH_EINVAL);
	assert_file(in, "input\n");
	assert_err_names(in);
	assert_no_temps(dir);
}
END_TEST

/* The same path, even when the input does not exist (yet). */
START_TEST(test_refuse_input_same_path_missing)
{
	const char *in = in_dir("nothing-here");
	const char *inputs[] = { in, NULL };

	ck_assert_int_eq(dnsauth_write_atomic(in, "x", 1, 0644, inputs, true, &err),
			 DNSAUTH_EINVAL);
	ck_assert_int_eq(access(in, F_OK), -1);
	assert_err_names(in);
}
END_TEST

START_TEST(test_refuse_input_hard_link)
{
	const char *in = in_dir("input.yaml");
	const char *out = in_dir("alias.yaml");
	const char *inputs[] = { in, NULL };

	write_plain(in, "input\n");
	ck_assert_int_eq(link(in, out), 0);
	ck_assert_int_eq(dnsauth_write_atomic(out, "clobber", 7, 0644, inputs, true,
					      &err), DNSAUTH_EINVAL);
	assert_file(in, "input\n");
	assert_file(out, "input\n");
	assert_err_names(out);
	assert_no_temps(dir);
}
END_TEST

START_TEST(test_refuse_input_symlink)
{
	const char *in = in_dir("input.yaml");
	const char *out = in_dir("link.yaml");
	const char *inputs[] = { in, NULL };
	struct stat st;

	write_plain(in, "input\n");
	ck_assert_int_eq(symlink(in, out), 0);
	ck_assert_int_eq(dnsauth_write_atomic(out, "clobber", 7, 0644, inputs, true,
					      &err), DNSAUTH_EINVAL);
	assert_file(in, "input\n");
	ck_assert_int_eq(lstat(out, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	assert_err_names(out);
	assert_no_temps(dir);
}
END_TEST

/* The input named by another spelling of its path. */
START_TEST(test_refuse_input_other_spelling)
{
	const char *in = in_dir("input.yaml");
	char out[4200];
	const char *inputs[] = { in, NULL };

	write_plain(in, "input\n");
	snprintf(out, sizeof(out), "%s/./input.yaml", dir);
	ck_assert_int_eq(dnsauth_write_atomic(out, "clobber", 7, 0644, inputs, true,
					      &err), DNSAUTH_EINVAL);
	assert_file(in, "input\n");
	assert_err_names(out);
}
END_TEST

/* Inputs that are other files do not get in the way. */
START_TEST(test_other_inputs_allowed)
{
	const char *in = in_dir("input.yaml");
	const char *out = in_dir("out.txt");
	const char *inputs[] = { "-", in, in_dir("missing"), NULL };

	write_plain(in, "input\n");
	ck_assert_int_eq(dnsauth_write_atomic(out, "ok\n", 3, 0644, inputs, false, &err),
			 0);
	assert_file(out, "ok\n");
	assert_file(in, "input\n");
}
END_TEST

START_TEST(test_target_is_directory)
{
	const char *d = in_dir("sub");
	struct stat st;
	int temps;

	ck_assert_int_eq(mkdir(d, 0755), 0);
	ck_assert_int_eq(dnsauth_write_atomic(d, "x", 1, 0644, NULL, true, &err),
			 DNSAUTH_EIO);
	assert_err_names(d);
	ck_assert_int_eq(lstat(d, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	dnsauth_buf_reset(&err);
	ck_assert_int_ne(dnsauth_write_atomic(d, "x", 1, 0644, NULL, false, &err), 0);
	ck_assert_int_eq(lstat(d, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	ck_assert_int_eq(count_entries(d, &temps), 0);
	ck_assert_int_eq(count_entries(dir, &temps), 1);
	ck_assert_int_eq(temps, 0);
}
END_TEST

START_TEST(test_missing_directory)
{
	const char *p = in_dir("no/such/dir/out");

	ck_assert_int_eq(dnsauth_write_atomic(p, "x", 1, 0644, NULL, false, &err),
			 DNSAUTH_EIO);
	assert_err_names(p);
	ck_assert_int_eq(access(p, F_OK), -1);
}
END_TEST

/* The write into an unwritable directory; exit status 0 if as expected. */
static int unwritable_case(const char *path)
{
	struct dnsauth_buf e;
	int rc;

	dnsauth_buf_init(&e, 0);
	rc = dnsauth_write_atomic(path, "x", 1, 0644, NULL, false, &e);
	if (rc != DNSAUTH_EIO) {
		fprintf(stderr, "unwritable: rc %d\n", rc);
		return 1;
	}
	if (!strstr(dnsauth_buf_str(&e), path)) {
		fprintf(stderr, "unwritable: message \"%s\"\n", dnsauth_buf_str(&e));
		return 2;
	}
	dnsauth_buf_free(&e);
	return 0;
}

START_TEST(test_unwritable_directory)
{
	const char *ro = in_dir("ro");
	char path[4200];
	int temps;

	snprintf(path, sizeof(path), "%s/out.txt", ro);
	ck_assert_int_eq(mkdir(ro, 0500), 0);
	if (geteuid() != 0) {
		ck_assert_int_eq(unwritable_case(path), 0);
	} else {
		/* root bypasses permissions: try again as nobody in a child */
		pid_t pid;
		int status;

		if (chown(ro, NOBODY, NOBODY) != 0 || chmod(dir, 0711) != 0)
			return;
		pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			if (setgroups(0, NULL) != 0 || setgid(NOBODY) != 0 ||
			    setuid(NOBODY) != 0)
				_exit(77);
			_exit(unwritable_case(path));
		}
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		ck_assert(WIFEXITED(status));
		if (WEXITSTATUS(status) == 77)
			return; /* cannot drop privileges here: skipped */
		ck_assert_int_eq(WEXITSTATUS(status), 0);
	}
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_int_eq(count_entries(ro, &temps), 0);
}
END_TEST

/* No temp files after a series of writes and overwrites. */
START_TEST(test_no_temp_files_remain)
{
	const char *p = in_dir("out");
	int i, temps;

	for (i = 0; i < 20; i++) {
		char s[16];

		snprintf(s, sizeof(s), "%d\n", i);
		ck_assert_int_eq(dnsauth_write_atomic(p, s, strlen(s), 0644, NULL,
						      i > 0, &err), 0);
	}
	assert_file(p, "19\n");
	ck_assert_int_eq(count_entries(dir, &temps), 1);
	ck_assert_int_eq(temps, 0);
}
END_TEST

/* A relative path (no directory part) lands in the working directory. */
START_TEST(test_relative_path)
{
	int temps;

	ck_assert_int_eq(chdir(dir), 0);
	ck_assert_int_eq(dnsauth_write_atomic("rel.txt", "rel\n", 4, 0600, NULL, false,
					      &err), 0);
	assert_file(in_dir("rel.txt"), "rel\n");
	ck_assert_uint_eq(perm(in_dir("rel.txt")), 0600);
	ck_assert_int_eq(count_entries(dir, &temps), 1);
	ck_assert_int_eq(temps, 0);
	ck_assert_int_eq(chdir("/"), 0);
}
END_TEST

START_TEST(test_write_all)
{
	const char *p = in_dir("fd");
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(dnsauth_write_all(fd, "abc", 3), 0);
	ck_assert_int_eq(dnsauth_write_all(fd, "", 0), 0);
	ck_assert_int_eq(close(fd), 0);
	assert_file(p, "abc");
	ck_assert_int_eq(dnsauth_write_all(-1, "abc", 3), DNSAUTH_EIO);
}
END_TEST

/* ---------------------------------------------------------- read_file */

START_TEST(test_read_file)
{
	const char *p = in_dir("in.txt");
	char *data = NULL;
	size_t len = 99;

	write_plain(p, "v=spf1 -all\n");
	ck_assert_int_eq(dnsauth_read_file(p, 1000, &data, &len, &err), 0);
	ck_assert_ptr_nonnull(data);
	ck_assert_uint_eq(len, 12);
	ck_assert_str_eq(data, "v=spf1 -all\n");
	ck_assert_str_eq(dnsauth_buf_str(&err), "");
	free(data);
}
END_TEST

START_TEST(test_read_empty_file)
{
	const char *p = in_dir("empty");
	char *data = NULL;
	size_t len = 99;

	write_plain(p, "");
	ck_assert_int_eq(dnsauth_read_file(p, 0, &data, &len, &err), 0);
	ck_assert_ptr_nonnull(data);
	ck_assert_uint_eq(len, 0);
	ck_assert_str_eq(data, "");
	free(data);
}
END_TEST

START_TEST(test_read_binary)
{
	const char *p = in_dir("bin");
	static const char bin[] = { 'a', '\0', 'b', '\xff' };
	char *data = NULL;
	size_t len = 0;
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, bin, sizeof(bin)), (int)sizeof(bin));
	close(fd);
	ck_assert_int_eq(dnsauth_read_file(p, 100, &data, &len, &err), 0);
	ck_assert_uint_eq(len, sizeof(bin));
	ck_assert(memcmp(data, bin, sizeof(bin)) == 0);
	ck_assert_int_eq(data[len], '\0');
	free(data);
}
END_TEST

START_TEST(test_read_stdin)
{
	int fds[2], saved;
	char *data = NULL;
	size_t len = 0;
	static const char text[] = "from a pipe\nsecond line\n";

	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(write(fds[1], text, strlen(text)), (int)strlen(text));
	close(fds[1]);
	saved = dup(STDIN_FILENO);
	ck_assert_int_ge(saved, 0);
	ck_assert_int_eq(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
	close(fds[0]);
	ck_assert_int_eq(dnsauth_read_file("-", 1000, &data, &len, &err), 0);
	ck_assert_ptr_nonnull(data);
	ck_assert_uint_eq(len, strlen(text));
	ck_assert_str_eq(data, text);
	free(data);
	/* standard input is not closed by the read */
	ck_assert_int_ne(fcntl(STDIN_FILENO, F_GETFD), -1);
	dup2(saved, STDIN_FILENO);
	close(saved);
}
END_TEST

START_TEST(test_read_stdin_too_large)
{
	int fds[2], saved;
	char *data = NULL;
	size_t len = 0;

	ck_assert_int_eq(pipe(fds), 0);
	ck_assert_int_eq(write(fds[1], "0123456789", 10), 10);
	close(fds[1]);
	saved = dup(STDIN_FILENO);
	ck_assert_int_eq(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
	close(fds[0]);
	ck_assert_int_eq(dnsauth_read_file("-", 9, &data, &len, &err), DNSAUTH_ELIMIT);
	ck_assert_ptr_null(data);
	ck_assert_uint_eq(len, 0);
	ck_assert_str_ne(dnsauth_buf_str(&err), "");
	dup2(saved, STDIN_FILENO);
	close(saved);
}
END_TEST

START_TEST(test_read_missing)
{
	const char *p = in_dir("does-not-exist");
	char *data = (char *)1;
	size_t len = 99;

	ck_assert_int_eq(dnsauth_read_file(p, 1000, &data, &len, &err), DNSAUTH_EIO);
	ck_assert_ptr_null(data);
	ck_assert_uint_eq(len, 0);
	assert_err_names(p);
}
END_TEST

START_TEST(test_read_directory)
{
	char *data = (char *)1;
	size_t len = 99;

	ck_assert_int_eq(dnsauth_read_file(dir, 1000, &data, &len, &err), DNSAUTH_EIO);
	ck_assert_ptr_null(data);
	assert_err_names(dir);
}
END_TEST

/* A file of size bytes; returns the path. */
static const char *make_sized(const char *name, size_t size)
{
	const char *p = in_dir(name);
	char *s = malloc(size + 1);
	size_t i;

	ck_assert_ptr_nonnull(s);
	for (i = 0; i < size; i++)
		s[i] = (char)('a' + i % 26);
	s[size] = '\0';
	write_plain(p, s);
	free(s);
	return p;
}

START_TEST(test_read_limits)
{
	static const size_t sizes[] = { 1, 100, 4095, 4096, 4097, 8191, 8192, 10000 };
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t size = sizes[i], len = 0;
		const char *p = make_sized("sized", size);
		char *data = NULL;
		int rc;

		/* exactly max bytes: fine */
		rc = dnsauth_read_file(p, size, &data, &len, &err);
		ck_assert_msg(rc == 0, "size %zu max %zu: rc %d", size, size, rc);
		ck_assert_uint_eq(len, size);
		ck_assert_uint_eq(strlen(data), size);
		free(data);
		data = NULL;

		/* one byte over: refused */
		dnsauth_buf_reset(&err);
		rc = dnsauth_read_file(p, size - 1, &data, &len, &err);
		ck_assert_msg(rc == DNSAUTH_ELIMIT, "size %zu max %zu: rc %d", size,
			      size - 1, rc);
		ck_assert_ptr_null(data);
		ck_assert_uint_eq(len, 0);
		assert_err_names(p);
		dnsauth_buf_reset(&err);
	}
}
END_TEST

START_TEST(test_read_much_too_large)
{
	const char *p = make_sized("big", 100000);
	char *data = NULL;
	size_t len = 0;

	ck_assert_int_eq(dnsauth_read_file(p, 10, &data, &len, &err), DNSAUTH_ELIMIT);
	ck_assert_ptr_null(data);
	dnsauth_buf_reset(&err);
	ck_assert_int_eq(dnsauth_read_file(p, 50000, &data, &len, &err), DNSAUTH_ELIMIT);
	ck_assert_ptr_null(data);
	dnsauth_buf_reset(&err);
	ck_assert_int_eq(dnsauth_read_file(p, 0, &data, &len, &err), DNSAUTH_ELIMIT);
	ck_assert_ptr_null(data);
}
END_TEST

/* ------------------------------------------------- text for a terminal */

/* dnsauth_output_text() of s, as a string; caller frees. */
static char *text_of(const char *s, size_t n)
{
	struct dnsauth_buf b;
	char *r;

	dnsauth_buf_init(&b, 0);
	dnsauth_buf_puts(&b, "");
	ck_assert_int_eq(dnsauth_output_text(&b, s, n), 0);
	r = dnsauth_buf_steal(&b);
	ck_assert_ptr_nonnull(r);
	return r;
}

START_TEST(test_output_text)
{
	char *t;

	/* a backslash once, control characters and bidi overrides escaped */
	t = text_of("a\\.b\tc\n\x01\xE2\x80\xAE", 11);
	ck_assert_str_eq(t, "a\\.b\\tc\\n\\x01\\u{202E}");
	free(t);
	/* escaped text is left as it is */
	t = text_of("a\\.b\\tc\\n\\x01", 13);
	ck_assert_str_eq(t, "a\\.b\\tc\\n\\x01");
	free(t);
}
END_TEST

START_TEST(test_output_quote)
{
	static const char *const samples[] = {
		"a\\b", "TX\\T", "x\\\\y", "\x01\x7f", "tab\there", "caf\xC3\xA9",
		"\xE2\x80\xAE" "bidi", "bad\xFF" "utf8", "",
	};
	char dst[64], small[4];
	char *t;
	size_t i;

	/* a backslash kept as one, control characters escaped */
	ck_assert_str_eq(dnsauth_output_quote(dst, sizeof(dst), "a\\b", 3, 48), "a\\b");
	ck_assert_str_eq(dnsauth_output_quote(dst, sizeof(dst), "mx\\1.example\x01", 13, 48),
			 "mx\\1.example\\x01");
	ck_assert_str_eq(dnsauth_output_quote(dst, sizeof(dst), "a\tb\nc\r\x7f", 7, 48),
			 "a\\tb\\nc\\r\\x7F");
	ck_assert_str_eq(dnsauth_output_quote(dst, sizeof(dst), "\xE2\x80\xAEx", 4, 48),
			 "\\u{202E}x");
	ck_assert_str_eq(dnsauth_output_quote(dst, sizeof(dst), "a\xFF", 2, 48), "a\\xFF");
	/* the text printer shows the copy unchanged */
	for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		dnsauth_output_quote(dst, sizeof(dst), samples[i], strlen(samples[i]), 48);
		t = text_of(dst, strlen(dst));
		ck_assert_str_eq(t, dst);
		free(t);
	}
	/* cut at max bytes, before a character the limit would split */
	ck_assert_str_eq(dnsauth_output_quote(dst, sizeof(dst), "abcdef", 6, 4), "abcd...");
	ck_assert_str_eq(dnsauth_output_quote(dst, sizeof(dst), "abcd", 4, 4), "abcd");
	ck_assert_str_eq(dnsauth_output_quote(dst, sizeof(dst), "ab\xC3\xA9z", 5, 3),
			 "ab...");
	ck_assert_str_eq(dnsauth_output_quote(dst, sizeof(dst), "ab\xC3\xA9z", 5, 4),
			 "ab\xC3\xA9...");
	ck_assert_str_eq(dnsauth_output_quote(dst, sizeof(dst), "a\xF0\x9F\x98\x80z", 6, 4),
			 "a...");
	ck_assert_str_eq(dnsauth_output_quote(dst, sizeof(dst), "a\\\\b", 4, 2), "a\\...");
	/* not NUL-terminated input: only n bytes are read */
	ck_assert_str_eq(dnsauth_output_quote(dst, sizeof(dst), "abcXYZ", 3, 48), "abc");
	/* too small for the copy: "?"; 4 * max + 4 bytes are always enough */
	ck_assert_str_eq(dnsauth_output_quote(small, sizeof(small), "abcd", 4, 48), "?");
	ck_assert_str_eq(dnsauth_output_quote(small, sizeof(small), "abc", 3, 48), "abc");
	ck_assert_str_eq(dnsauth_output_quote(dst, 4 * 15 + 4,
					      "\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c"
					      "\x0e\x0f\x10\x11\x12\x13", 16, 15),
			 "\\x01\\x02\\x03\\x04\\x05\\x06\\x07\\x08\\x0B\\x0C\\x0E\\x0F"
			 "\\x10\\x11\\x12...");
}
END_TEST

static Suite *output_suite(void)
{
	Suite *s = suite_create("output");
	TCase *w = tcase_create("write_atomic");
	TCase *r = tcase_create("read_file");
	TCase *t = tcase_create("text");

	tcase_add_checked_fixture(w, setup, teardown);
	tcase_add_test(w, test_write_mode_0600);
	tcase_add_test(w, test_write_mode_0644);
	tcase_add_test(w, test_write_empty_and_binary);
	tcase_add_test(w, test_write_large);
	tcase_add_test(w, test_overwrite_true_replaces);
	tcase_add_test(w, test_overwrite_false_refuses);
	tcase_add_test(w, test_refuse_input_same_path);
	tcase_add_test(w, test_refuse_input_same_path_missing);
	tcase_add_test(w, test_refuse_input_hard_link);
	tcase_add_test(w, test_refuse_input_symlink);
	tcase_add_test(w, test_refuse_input_other_spelling);
	tcase_add_test(w, test_other_inputs_allowed);
	tcase_add_test(w, test_target_is_directory);
	tcase_add_test(w, test_missing_directory);
	tcase_add_test(w, test_unwritable_directory);
	tcase_add_test(w, test_no_temp_files_remain);
	tcase_add_test(w, test_relative_path);
	tcase_add_test(w, test_write_all);
	tcase_set_timeout(w, 30);
	suite_add_tcase(s, w);

	tcase_add_checked_fixture(r, setup, teardown);
	tcase_add_test(r, test_read_file);
	tcase_add_test(r, test_read_empty_file);
	tcase_add_test(r, test_read_binary);
	tcase_add_test(r, test_read_stdin);
	tcase_add_test(r, test_read_stdin_too_large);
	tcase_add_test(r, test_read_missing);
	tcase_add_test(r, test_read_directory);
	tcase_add_test(r, test_read_limits);
	tcase_add_test(r, test_read_much_too_large);
	suite_add_tcase(s, r);

	tcase_add_test(t, test_output_text);
	tcase_add_test(t, test_output_quote);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed;

	strcpy(base, "/tmp/check_output.XXXXXX");
	if (!mkdtemp(base) || chmod(base, 0711) != 0) {
		perror("check_output: temporary directory");
		return EXIT_FAILURE;
	}
	sr = srunner_create(output_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	rm_tree(base);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
