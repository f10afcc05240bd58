/* SPDX-License-Identifier: MIT */
/*
 * spf-suite.c - run an openspf.org SPF test suite (YAML) against
 * dnsauth_spf_check_host().
 *
 * Usage: spf-suite [-v] [-n SUITE] [-s SKIPFILE] FILE.yml
 *
 * The file is several YAML documents; ytree parses one, so the file is
 * split on lines that are exactly "---". Each section's zonedata becomes a
 * data source (SPF records copied to TXT unless the name has its own TXT
 * or {TXT: NONE}); every test is evaluated and compared with its result
 * (any of a list) and, for fail with a specific explanation, the
 * explanation. ytree refuses strings with NUL bytes, and two records of
 * the suites end in the YAML escape "\0": the driver reads that escape as
 * "\x01" (no suite holds a real 0x01) and turns byte 0x01 back into a NUL
 * octet in TXT data, so the record served holds the NUL the suite means.
 * The skip file has "SUITE TEST REASON" lines; a skipped
 * test is run but its outcome does not count. Exit 0 when every test not
 * skipped passed, 1 otherwise, 2 on usage or input errors.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "dns.h"
#include "error.h"
#include "spf_eval.h"
#include "ytree.h"

#define MAX_SKIPS 1000u
#define MAX_FILE (4u * 1024u * 1024u)

struct skip {
	char *suite;
	char *test;
};

struct run {
	const char *suite;
	struct skip skips[MAX_SKIPS];
	size_t nskips;
	bool verbose;
	unsigned passed, failed, skipped, skipped_passing;
};

static char *read_all(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *d = NULL;
	size_t n = 0;

	if (!fp)
		return NULL;
	d = malloc(MAX_FILE + 1);
	if (d) {
		n = fread(d, 1, MAX_FILE + 1, fp);
		if (n > MAX_FILE || ferror(fp)) {
			free(d);
			d = NULL;
		} else {
			d[n] = '\0';
		}
	}
	fclose(fp);
	*len = n;
	return d;
}

static int load_skips(struct run *r, const char *path)
{
	char line[1024];
	FILE *fp = fopen(path, "r");

	if (!fp) {
		perror(path);
		return -1;
	}
	while (fgets(line, sizeof(line), fp) && r->nskips < MAX_SKIPS) {
		char s[256], t[256];

		if (line[0] == '#' || sscanf(line, "%255s %255s", s, t) != 2)
			continue;
		r->skips[r->nskips].suite = strdup(s);
		r->skips[r->nskips].test = strdup(t);
		if (!r->skips[r->nskips].suite || !r->skips[r->nskips].test)
			break;
		r->nskips++;
	}
	fclose(fp);
	return 0;
}

static bool is_skipped(const struct run *r, const char *test)
{
	size_t i;

	for (i = 0; i < r->nskips; i++)
		if (strcmp(r->skips[i].suite, r->suite) == 0 &&
		    strcmp(r->skips[i].test, test) == 0)
			return true;
	return false;
}

/* A TXT value (string, or list of strings) as quoted presentation form,
 * each string cut into 255-octet character-strings. */
static void txt_rdata(const struct dnsauth_ynode *v, struct dnsauth_buf *out)
{
	size_t k, nparts = v->type == DNSAUTH_Y_SEQUENCE ? v->n : 1;

	for (k = 0; k < nparts; k++) {
		const struct dnsauth_ynode *p = v->type == DNSAUTH_Y_SEQUENCE ? v->items[k] : v;
		const char *s = p->value ? p->value : "";
		size_t len = p->value ? p->value_len : 0, i, chunk = 0;

		dnsauth_buf_puts(out, k ? " \"" : "\"");
		for (i = 0; i < len; i++) {
			unsigned char ch = (unsigned char)s[i];

			if (chunk == 255) {
				dnsauth_buf_puts(out, "\" \"");
				chunk = 0;
			}
			if (ch == 0x01)
				ch = 0; /* the suite's "\0" (see the file comment) */
			if (ch == '"' || ch == '\\')
				dnsauth_buf_printf(out, "\\%c", ch);
			else if (ch < 0x20 || ch > 0x7e)
				dnsauth_buf_printf(out, "\\%03u", ch);
			else
				dnsauth_buf_putc(out, (char)ch);
			chunk++;
		}
		dnsauth_buf_putc(out, '"');
	}
}

/* A host name as an absolute name ("." for the empty name). */
static void host_rdata(const char *h, struct dnsauth_buf *out)
{
	size_t n = strlen(h);

	dnsauth_buf_puts(out, h);
	if (n == 0 || h[n - 1] != '.')
		dnsauth_buf_putc(out, '.');
}

static bool is_none(const struct dnsauth_ynode *v)
{
	return v->type == DNSAUTH_Y_SCALAR && v->value && strcmp(v->value, "NONE") == 0;
}

/* Add one record of zonedata; \p has_txt: the owner has its own TXT. */
static void add_record(struct dnsauth_dns *dns, const char *owner,
		       const struct dnsauth_ynode *rec, bool has_txt)
{
	const struct dnsauth_ynode *v;
	const char *type;
	struct dnsauth_buf b;
	uint16_t t = 0;
	int rc = 0;

	if (rec->type == DNSAUTH_Y_SCALAR && rec->value && strcmp(rec->value, "TIMEOUT") == 0) {
		rc = dnsauth_dns_data_set_timeout(dns, owner);
		if (rc != 0)
			fprintf(stderr, "  note: %s TIMEOUT not set (%d)\n", owner, rc);
		return;
	}
	if (rec->type != DNSAUTH_Y_MAPPING || rec->n != 1 || !rec->keys[0]->value)
		return;
	type = rec->keys[0]->value;
	v = rec->items[0];
	dnsauth_buf_init(&b, 1u << 20);
	if (strcmp(type, "TXT") == 0 || strcmp(type, "SPF") == 0) {
		t = strcmp(type, "TXT") == 0 ? LDNS_RR_TYPE_TXT : LDNS_RR_TYPE_SPF;
		if (is_none(v)) {
			rc = dnsauth_dns_data_add(dns, owner, t, NULL);
			goto out;
		}
		txt_rdata(v, &b);
		rc = dnsauth_dns_data_add(dns, owner, t, b.data);
		if (rc == 0 && t == LDNS_RR_TYPE_SPF && !has_txt)
			rc = dnsauth_dns_data_add(dns, owner, LDNS_RR_TYPE_TXT, b.data);
	} else if (strcmp(type, "MX") == 0) {
		t = LDNS_RR_TYPE_MX;
		if (v->type != DNSAUTH_Y_SEQUENCE || v->n != 2 || !v->items[0]->value ||
		    !v->items[1]->value)
			goto out;
		dnsauth_buf_printf(&b, "%s ", v->items[0]->value);
		host_rdata(v->items[1]->value, &b);
		rc = dnsauth_dns_data_add(dns, owner, t, b.data);
	} else if (strcmp(type, "PTR") == 0 || strcmp(type, "CNAME") == 0) {
		t = strcmp(type, "PTR") == 0 ? LDNS_RR_TYPE_PTR : LDNS_RR_TYPE_CNAME;
		if (v->type != DNSAUTH_Y_SCALAR || !v->value)
			goto out;
		host_rdata(v->value, &b);
		rc = dnsauth_dns_data_add(dns, owner, t, b.data);
	} else if (strcmp(type, "A") == 0 || strcmp(type, "AAAA") == 0) {
		t = strcmp(type, "A") == 0 ? LDNS_RR_TYPE_A : LDNS_RR_TYPE_AAAA;
		if (v->type != DNSAUTH_Y_SCALAR || !v->value)
			goto out;
		rc = dnsauth_dns_data_add(dns, owner, t, v->value);
	} else {
		fprintf(stderr, "  note: %s: record type %s not supported\n", owner, type);
	}
out:
	if (rc != 0)
		fprintf(stderr, "  note: %s %s \"%s\" not added (%d)\n", owner, type,
			b.data ? b.data : "", rc);
	dnsauth_buf_free(&b);
}

static int load_zonedata(struct dnsauth_dns *dns, const struct dnsauth_ynode *zd)
{
	size_t i, j;

	if (!zd)
		return 0;
	if (zd->type != DNSAUTH_Y_MAPPING)
		return -1;
	for (i = 0; i < zd->n; i++) {
		const char *owner = zd->keys[i]->value;
		const struct dnsauth_ynode *recs = zd->items[i];
		bool has_txt = false;

		if (!owner || recs->type != DNSAUTH_Y_SEQUENCE)
			continue;
		for (j = 0; j < recs->n; j++)
			if (recs->items[j]->type == DNSAUTH_Y_MAPPING &&
			    dnsauth_ynode_get(recs->items[j], "TXT"))
				has_txt = true;
		if (recs->n == 0)
			dnsauth_dns_data_add(dns, owner, LDNS_RR_TYPE_TXT, NULL);
		for (j = 0; j < recs->n; j++)
			add_record(dns, owner, recs->items[j], has_txt);
	}
	return 0;
}

static const char *scalar(const struct dnsauth_ynode *map, const char *key)
{
	const struct dnsauth_ynode *v = dnsauth_ynode_get(map, key);

	if (!v || v->type != DNSAUTH_Y_SCALAR || !v->value)
		return NULL;
	return v->value;
}

static bool result_ok(const struct dnsauth_ynode *exp, const char *got)
{
	size_t i;

	if (!exp)
		return false;
	if (exp->type == DNSAUTH_Y_SCALAR)
		return exp->value && strcmp(exp->value, got) == 0;
	if (exp->type != DNSAUTH_Y_SEQUENCE)
		return false;
	for (i = 0; i < exp->n; i++)
		if (exp->items[i]->value && strcmp(exp->items[i]->value, got) == 0)
			return true;
	return false;
}

static void run_test(struct run *r, struct dnsauth_dns *dns, const char *name,
		     const struct dnsauth_ynode *t)
{
	const char *host = scalar(t, "host"), *mailfrom = scalar(t, "mailfrom");
	const char *helo = scalar(t, "helo"), *expl = scalar(t, "explanation");
	const struct dnsauth_ynode *exp = dnsauth_ynode_get(t, "result");
	struct dnsauth_spf_eval *ev = NULL;
	const char *got = "(error)";
	bool ok = false, skip = is_skipped(r, name);
	int rc;

	rc = dnsauth_spf_check_host(dns, host ? host : "", NULL, mailfrom ? mailfrom : "",
				    helo, &ev);
	if (rc == 0) {
		got = dnsauth_spf_result_name(ev->result);
		ok = result_ok(exp, got);
		if (ok && expl && strcmp(expl, "DEFAULT") != 0 && ev->result == DNSAUTH_SPF_R_FAIL)
			ok = ev->explanation && strcmp(ev->explanation, expl) == 0;
	}
	if (skip) {
		r->skipped++;
		if (ok)
			r->skipped_passing++;
		printf("SKIP %s (%s)\n", name, ok ? "passes now" : "fails");
	} else if (ok) {
		r->passed++;
		printf("PASS %s\n", name);
	} else {
		r->failed++;
		printf("FAIL %s: got %s", name, got);
		if (exp && exp->type == DNSAUTH_Y_SCALAR)
			printf(", want %s", exp->value);
		else if (exp && exp->type == DNSAUTH_Y_SEQUENCE)
			printf(", want one of a list");
		if (ev && ev->explanation)
			printf(", explanation \"%s\"", ev->explanation);
		if (expl)
			printf(" (want explanation \"%s\")", expl);
		printf("\n");
	}
	if (ev && (r->verbose || (!ok && !skip))) {
		size_t i;

		printf("     reason: %s\n", ev->reason ? ev->reason : "");
		for (i = 0; i < ev->nsteps; i++)
			printf("     %*s%s @ %s [%s] cost %u: %s\n", (int)ev->steps[i].depth * 2, "",
			       ev->steps[i].term, ev->steps[i].domain,
			       ev->steps[i].queries ? ev->steps[i].queries : "",
			       ev->steps[i].cost, ev->steps[i].note ? ev->steps[i].note : "");
	}
	dnsauth_spf_eval_free(ev);
}

static int run_section(struct run *r, const struct dnsauth_ynode *root)
{
	const struct dnsauth_ynode *tests = dnsauth_ynode_get(root, "tests");
	const char *desc = scalar(root, "description");
	struct dnsauth_dns *dns = NULL;
	size_t i;

	if (!tests || tests->type != DNSAUTH_Y_MAPPING)
		return 0;
	printf("# %s\n", desc ? desc : "(section)");
	if (dnsauth_dns_new_data(&dns) != 0)
		return -1;
	if (load_zonedata(dns, dnsauth_ynode_get(root, "zonedata")) != 0) {
		dnsauth_dns_free(dns);
		return -1;
	}
	for (i = 0; i < tests->n; i++)
		if (tests->keys[i]->value && tests->items[i]->type == DNSAUTH_Y_MAPPING)
			run_test(r, dns, tests->keys[i]->value, tests->items[i]);
	dnsauth_dns_free(dns);
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: spf-suite [-v] [-n SUITE] [-s SKIPFILE] FILE.yml\n");
}

int main(int argc, char **argv)
{
	static struct run r;
	const char *path;
	char *data = NULL, *p, *end;
	size_t len, i;
	int opt, status = 2;

	r.suite = NULL;
	while ((opt = getopt(argc, argv, "vn:s:")) != -1) {
		switch (opt) {
		case 'v':
			r.verbose = true;
			break;
		case 'n':
			r.suite = optarg;
			break;
		case 's':
			if (load_skips(&r, optarg) != 0)
				return 2;
			break;
		default:
			usage();
			return 2;
		}
	}
	if (optind != argc - 1) {
		usage();
		return 2;
	}
	path = argv[optind];
	if (!r.suite)
		r.suite = path;
	data = read_all(path, &len);
	if (!data) {
		perror(path);
		return 2;
	}
	/* YAML "\0" in a double-quoted scalar -> "\x01" (see the file comment) */
	for (i = 0; i + 1 < len; i++) {
		if (data[i] == '\\' && data[i + 1] == '\\') {
			i++;
		} else if (data[i] == '\\' && data[i + 1] == '0') {
			if (len + 2 > MAX_FILE)
				goto out;
			memmove(data + i + 4, data + i + 2, len - i - 2 + 1);
			memcpy(data + i, "\\x01", 4);
			len += 2;
			i += 3;
		}
	}
	/* split on lines that are exactly "---" */
	p = data;
	end = data + len;
	while (p < end) {
		char *q = p, *next = end;
		struct dnsauth_ydoc *doc = NULL;
		struct dnsauth_buf err;

		while (q < end) {
			char *eol = memchr(q, '\n', (size_t)(end - q));
			size_t ll = eol ? (size_t)(eol - q) : (size_t)(end - q);

			if (ll == 3 && memcmp(q, "---", 3) == 0) {
				next = eol ? eol + 1 : end;
				break;
			}
			q = eol ? eol + 1 : end;
		}
		dnsauth_buf_init(&err, 4096);
		if (dnsauth_ydoc_parse(path, p, (size_t)(q - p), &doc, &err) != 0) {
			fprintf(stderr, "%s\n", err.data ? err.data : "parse error");
			dnsauth_buf_free(&err);
			goto out;
		}
		dnsauth_buf_free(&err);
		if (doc->root && doc->root->type == DNSAUTH_Y_MAPPING &&
		    run_section(&r, doc->root) != 0) {
			dnsauth_ydoc_free(doc);
			goto out;
		}
		dnsauth_ydoc_free(doc);
		p = next;
	}
	printf("%s: %u passed, %u failed, %u skipped (%u of them pass now)\n", r.suite,
	       r.passed, r.failed, r.skipped, r.skipped_passing);
	status = r.failed ? 1 : 0;
out:
	for (i = 0; i < r.nskips; i++) {
		free(r.skips[i].suite);
		free(r.skips[i].test);
	}
	free(data);
	return status;
}
