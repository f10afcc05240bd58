/* SPDX-License-Identifier: MIT */
/*
 * dkimgen - generate a DKIM key pair, write the private key (PKCS #8 PEM,
 * mode 0600, never over an existing key unless --force), and print the
 * public key record for <selector>._domainkey.<domain> after checking it
 * with the same parser verify and lint use.
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "cli.h"
#include "dkim.h"
#include "dname.h"
#include "error.h"
#include "json.h"
#include "output.h"
#include "report.h"
#include "txt.h"

#define PROG "dkimgen"
#define DEFAULT_TTL 3600L

struct opts {
	struct cli_common c;
	const char *domain;
	const char *selector;
	enum dnsauth_dkim_key_type type;
	unsigned bits;         /* 0: the default for the type */
	const char *key_out;
};

static void usage(FILE *f)
{
	fputs("Usage: dkimgen --domain NAME --selector NAME --key-out FILE [OPTIONS]\n"
	      "\n"
	      "Generate a DKIM key pair, write the private key to FILE (PKCS #8 PEM,\n"
	      "mode 0600) and print the public key record for\n"
	      "SELECTOR._domainkey.DOMAIN. An existing key file is never replaced\n"
	      "without --force.\n"
	      "\n"
	      "Options:\n"
	      "  -d, --domain NAME     the signing domain (d= in signatures)\n"
	      "  -s, --selector NAME   the selector (s=); may have several labels\n"
	      "      --type TYPE       key type: rsa (default) or ed25519\n"
	      "      --bits N          RSA key size, 1024-4096 (default 2048)\n"
	      "      --key-out FILE    where to write the private key (required);\n"
	      "                        \"-\" writes it to standard output, and then\n"
	      "                        the record needs -o FILE\n"
	      "  -f, --format FORMAT   value (default), zone or json\n"
	      "      --ttl SECONDS     TTL of the zone line (default 3600)\n"
	      "  -o, --output FILE     write the record to FILE atomically\n"
	      "      --force           replace an existing key file\n"
	      "  -q, --quiet           print errors only, no warnings or notes\n"
	      "  -h, --help            show this help and exit\n"
	      "  -V, --version         show the version and exit\n"
	      "\n"
	      "Exit status: 0 key written and record printed, 2 usage or output\n"
	      "error, or existing key file (nothing was replaced).\n", f);
}

static void error_arg(const char *before, const char *arg, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "BEFORE'ARG'AFTER" with ARG made terminal-safe, for messages about
 * command-line arguments. */
static void error_arg(const char *before, const char *arg, const char *fmt, ...)
{
	struct dnsauth_buf s, after;
	va_list ap;

	dnsauth_buf_init(&s, 0);
	dnsauth_buf_init(&after, 0);
	dnsauth_buf_put_safe(&s, arg, strlen(arg));
	va_start(ap, fmt);
	dnsauth_buf_vprintf(&after, fmt, ap);
	va_end(ap);
	cli_error(PROG, "%s'%s'%s", before, dnsauth_buf_str(&s),
		  dnsauth_buf_str(&after));
	dnsauth_buf_free(&s);
	dnsauth_buf_free(&after);
}

/* A decimal number without sign or junk, in [min, max]. */
static int parse_number(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end || errno || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	enum { OPT_TYPE = 256, OPT_BITS, OPT_KEY_OUT };
	static const struct option longopts[] = {
		CLI_COMMON_LONGOPTS,
		{ "domain", required_argument, NULL, 'd' },
		{ "selector", required_argument, NULL, 's' },
		{ "type", required_argument, NULL, OPT_TYPE },
		{ "bits", required_argument, NULL, OPT_BITS },
		{ "key-out", required_argument, NULL, OPT_KEY_OUT },
		{ NULL, 0, NULL, 0 },
	};
	const char *bits_arg = NULL;
	long v;
	int c, handled;

	memset(o, 0, sizeof(*o));
	cli_common_init(&o->c);
	o->c.ttl = DEFAULT_TTL;
	o->type = DNSAUTH_DKIM_KEY_RSA;
	for (;;) {
		c = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS "d:s:", longopts, NULL);
		if (c == -1)
			break;
		handled = cli_common_option(PROG, c, optarg, false, &o->c);
		if (handled < 0)
			return CLI_EXIT_USAGE;
		if (handled)
			continue;
		switch (c) {
		case 'd':
			o->domain = optarg;
			break;
		case 's':
			o->selector = optarg;
			break;
		case OPT_TYPE:
			if (strcmp(optarg, "rsa") == 0) {
				o->type = DNSAUTH_DKIM_KEY_RSA;
			} else if (strcmp(optarg, "ed25519") == 0) {
				o->type = DNSAUTH_DKIM_KEY_ED25519;
			} else {
				error_arg("unknown key type ", optarg, " (rsa or ed25519)");
				return CLI_EXIT_USAGE;
			}
			break;
		case OPT_BITS:
			bits_arg = optarg;
			break;
		case OPT_KEY_OUT:
			o->key_out = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(CLI_EXIT_OK);
		case 'V':
			cli_version(PROG);
			exit(CLI_EXIT_OK);
		default:
			usage(stderr);
			return CLI_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		error_arg("unexpected argument ", argv[optind], "; see 'dkimgen --help'");
		return CLI_EXIT_USAGE;
	}
	if (!o->domain || !o->selector) {
		cli_error(PROG, "--domain and --selector are required; see 'dkimgen --help'");
		return CLI_EXIT_USAGE;
	}
	if (bits_arg) {
		if (o->type != DNSAUTH_DKIM_KEY_RSA) {
			cli_error(PROG, "--bits applies to RSA keys only (Ed25519 keys have a fixed size)");
			return CLI_EXIT_USAGE;
		}
		if (parse_number(bits_arg, DNSAUTH_DKIM_RSA_MIN_BITS,
				 DNSAUTH_DKIM_RSA_MAX_BITS, &v) != 0) {
			error_arg("--bits ", bits_arg,
				  " is not a key size from 1024 to 4096 (RFC 8301: signers use at least 1024, verifiers handle up to 4096)");
			return CLI_EXIT_USAGE;
		}
		o->bits = (unsigned)v;
	}
	if (!o->key_out) {
		cli_error(PROG, "--key-out FILE is required: where to write the private key (\"--key-out -\" prints it on standard output)");
		return CLI_EXIT_USAGE;
	}
	if (strcmp(o->key_out, "-") == 0 && (!o->c.output || strcmp(o->c.output, "-") == 0)) {
		cli_error(PROG, "--key-out - prints the private key on standard output; write the record to a file with -o FILE");
		return CLI_EXIT_USAGE;
	}
	if (o->c.output && strcmp(o->c.output, o->key_out) == 0) {
		cli_error(PROG, "--key-out and --output name the same file");
		return CLI_EXIT_USAGE;
	}
	return 0;
}

/* ------------------------------------------------------------------ */

static void json_output(struct dnsauth_buf *out, const struct opts *o,
			const char *owner, const char *value,
			const struct dnsauth_dkim *rec,
			const struct dnsauth_findings *fl)
{
	struct dnsauth_txt_chunk *chunks = NULL;
	struct dnsauth_json j;
	size_t n = 0, i;

	dnsauth_json_init(&j, out, true);
	dnsauth_json_object_begin(&j);
	dnsauth_json_key(&j, "domain");
	dnsauth_json_string_n(&j, o->domain, dnsauth_dname_len(o->domain));
	dnsauth_json_kv_string(&j, "selector", o->selector);
	dnsauth_json_key(&j, "name");
	dnsauth_json_string(&j, owner);
	dnsauth_json_kv_string(&j, "type", "TXT");
	dnsauth_json_kv_int(&j, "ttl", o->c.ttl);
	dnsauth_json_kv_string(&j, "value", value);
	dnsauth_json_key(&j, "strings");
	dnsauth_json_array_begin(&j);
	if (dnsauth_txt_split(value, strlen(value), DNSAUTH_TXT_STRING_MAX, false,
			      &chunks, &n, NULL) == 0)
		for (i = 0; i < n; i++)
			dnsauth_json_string_n(&j, value + chunks[i].off, chunks[i].len);
	free(chunks);
	dnsauth_json_array_end(&j);
	dnsauth_json_key(&j, "key");
	dnsauth_json_object_begin(&j);
	dnsauth_json_kv_string(&j, "type", dnsauth_dkim_key_type_name(rec->key_type));
	dnsauth_json_kv_int(&j, "bits", rec->key_bits);
	dnsauth_json_object_end(&j);
	dnsauth_json_kv_string(&j, "private_key_file",
			       strcmp(o->key_out, "-") == 0 ? NULL : o->key_out);
	dnsauth_json_key(&j, "findings");
	dnsauth_report_json_array(&j, fl, DNSAUTH_SEV_INFO);
	dnsauth_json_object_end(&j);
	dnsauth_json_finish(&j);
	dnsauth_buf_putc(out, '\n');
}

/* Write the private key: standard output, or an atomic new file 0600. */
static int write_key(const struct opts *o, const struct dnsauth_buf *pem)
{
	struct dnsauth_buf err;
	int rc;

	if (strcmp(o->key_out, "-") == 0) {
		if (dnsauth_write_all(STDOUT_FILENO, pem->data, pem->len) != 0) {
			cli_error(PROG, "cannot write the private key to standard output");
			return -1;
		}
		return 0;
	}
	dnsauth_buf_init(&err, 0);
	rc = dnsauth_write_atomic(o->key_out, pem->data, pem->len, 0600, NULL,
				  o->c.force, &err);
	if (rc == DNSAUTH_EEXIST)
		error_arg("", o->key_out,
			  " exists: refusing to replace a private key (--force replaces it)");
	else if (rc)
		cli_error(PROG, "%s", rc == DNSAUTH_ENOMEM ? "out of memory" :
			  dnsauth_buf_str(&err));
	dnsauth_buf_free(&err);
	return rc ? -1 : 0;
}

static int generate(const struct opts *o)
{
	const char *inputs[2] = { NULL, NULL };
	struct dnsauth_buf owner, value, pem, out;
	struct dnsauth_findings fl;
	struct dnsauth_dkim *rec = NULL;
	const char *part = NULL, *why = NULL;
	EVP_PKEY *key = NULL;
	struct stat st;
	char *fqdn = NULL;
	int rc, status = CLI_EXIT_USAGE;

	dnsauth_buf_init(&owner, 0);
	dnsauth_buf_init(&value, 0);
	dnsauth_buf_init(&pem, 0);
	dnsauth_buf_init(&out, 0);
	dnsauth_findings_init(&fl);

	rc = dnsauth_dkim_owner(o->selector, o->domain, &owner, &part, &why);
	if (rc == DNSAUTH_EINVAL) {
		if (strcmp(part, "selector") == 0)
			error_arg("--selector ", o->selector, " is not a valid selector: %s",
				  why);
		else if (strcmp(part, "domain") == 0)
			error_arg("--domain ", o->domain, " is not a valid domain name: %s",
				  why);
		else
			cli_error(PROG, "--selector and --domain: %s", why);
		goto out;
	}
	if (rc) {
		cli_error(PROG, "out of memory");
		goto out;
	}
	/* fail early, before the slow key generation; the atomic write
	 * checks again */
	if (!o->c.force && strcmp(o->key_out, "-") != 0 && lstat(o->key_out, &st) == 0) {
		error_arg("", o->key_out,
			  " exists: refusing to replace a private key (--force replaces it)");
		goto out;
	}
	if (dnsauth_dkim_keygen(o->type, o->bits, &key) != 0) {
		cli_error(PROG, "key generation failed");
		goto out;
	}
	if (dnsauth_dkim_key_pem(key, &pem) != 0 ||
	    dnsauth_dkim_record_value(key, &value) != 0) {
		cli_error(PROG, "cannot encode the key: out of memory");
		goto out;
	}
	/* the record goes out only if the parser every checker uses accepts it */
	rc = dnsauth_dkim_parse(value.data, value.len, owner.data, &rec, &fl);
	if (rc == DNSAUTH_ENOMEM || rc == DNSAUTH_ELIMIT) {
		cli_error(PROG, "cannot check the record: %s", dnsauth_strerror(rc));
		goto out;
	}
	/* one line per finding: the record is ours, a caret under a
	 * 400-character key helps nobody */
	if (cli_report(&fl, o->c.quiet, false) == DNSAUTH_SEV_ERROR || rc != 0 ||
	    !rec->usable) {
		cli_error(PROG, "refusing: the generated record for %s does not check out",
			  owner.data);
		goto out;
	}
	if (asprintf(&fqdn, "%s.", owner.data) < 0) {
		fqdn = NULL;
		cli_error(PROG, "out of memory");
		goto out;
	}
	switch (o->c.format) {
	case CLI_FMT_ZONE:
		/* base64 splits inside p= are harmless (RFC 6376 §3.6.2.2) */
		dnsauth_txt_zone_line(&out, owner.data, (unsigned)o->c.ttl, value.data,
				      value.len, false);
		break;
	case CLI_FMT_JSON:
		json_output(&out, o, fqdn, value.data, rec, &fl);
		break;
	default:
		dnsauth_buf_printf(&out, "%s\n", value.data);
		break;
	}
	if (out.err) {
		cli_error(PROG, "cannot build the output: out of memory");
		goto out;
	}
	if (write_key(o, &pem) != 0)
		goto out;
	inputs[0] = strcmp(o->key_out, "-") == 0 ? NULL : o->key_out;
	if (cli_write_output(PROG, o->c.output, &out, inputs) != 0) {
		if (inputs[0])
			error_arg("the private key was written to ", o->key_out,
				  "; 'openssl pkey -pubout' shows its public key");
		goto out;
	}
	status = CLI_EXIT_OK;
out:
	if (pem.data)
		OPENSSL_cleanse(pem.data, pem.cap);
	EVP_PKEY_free(key);
	dnsauth_dkim_free(rec);
	dnsauth_findings_clear(&fl);
	free(fqdn);
	dnsauth_buf_free(&owner);
	dnsauth_buf_free(&value);
	dnsauth_buf_free(&pem);
	dnsauth_buf_free(&out);
	return status;
}

int main(int argc, char **argv)
{
	struct opts o;
	int rc;

	rc = parse_args(argc, argv, &o);
	if (rc)
		return rc;
	return generate(&o);
}
