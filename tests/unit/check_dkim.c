/* SPDX-License-Identifier: MIT */
/*
 * check_dkim.c - unit tests of the DKIM key record model (lib/dkim.h):
 * tag-list parse, findings with columns, key decode (RSA SPKI and PKCS #1,
 * raw Ed25519), canonical print, owner names, key generation, and the
 * round trip key -> record -> parse -> EVP_PKEY.
 *
 * Keys are generated once per process in main() (RSA 512, 1024, 2048,
 * 4096 and Ed25519) and inherited by the forked tests. Inputs name them
 * with placeholders such as {R2048}. Base64 SPKI lengths are fixed for
 * e = 65537 (checked in main), so the columns in the tables are exact.
 * Every parse gets an exact-size copy of its input with no terminating
 * NUL, so a read past the value shows up under AddressSanitizer.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "buf.h"
#include "dkim.h"
#include "error.h"
#include "finding.h"
#include "rules.h"
#include "testutil.h"

#define NAME "sel._domainkey.example.com"
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------ keys */

static EVP_PKEY *k512, *k1024, *k2048, *k4096, *ked;

struct placeholder {
	const char *name;
	char *text;
};

/* {R512} {R1024} {R2048} {R4096}: base64 SPKI; {P2048}: base64 PKCS #1
 * RSAPublicKey; {E}: base64 raw Ed25519; {ES}: base64 Ed25519 SPKI;
 * {W2048}: {R2048} with SP, TAB, CR LF folded in every 50 characters;
 * {E31}: 31 octets. */
static struct placeholder ph[] = {
	{ "R512", NULL },  { "R1024", NULL }, { "R2048", NULL },
	{ "R4096", NULL }, { "P2048", NULL }, { "E", NULL },
	{ "ES", NULL },    { "W2048", NULL }, { "E31", NULL },
};

static char *b64(const unsigned char *d, size_t n)
{
	char *o = malloc(4 * ((n + 2) / 3) + 1);

	if (!o)
		abort();
	EVP_EncodeBlock((unsigned char *)o, d, (int)n);
	return o;
}

static char *spki_b64(EVP_PKEY *k)
{
	unsigned char *der = NULL;
	int n = i2d_PUBKEY(k, &der);
	char *r;

	if (n <= 0)
		abort();
	r = b64(der, (size_t)n);
	OPENSSL_free(der);
	return r;
}

static char *pkcs1_b64(EVP_PKEY *k)
{
	unsigned char *der = NULL;
	int n = i2d_PublicKey(k, &der);
	char *r;

	if (n <= 0)
		abort();
	r = b64(der, (size_t)n);
	OPENSSL_free(der);
	return r;
}

static char *raw_b64(EVP_PKEY *k)
{
	unsigned char raw[32];
	size_t n = sizeof(raw);

	if (EVP_PKEY_get_raw_public_key(k, raw, &n) != 1 || n != 32)
		abort();
	return b64(raw, n);
}

static char *folded(const char *s)
{
	static const char *const ws[] = { " ", "\t", "\r\n ", "  " };
	size_t n = strlen(s), i, k = 0;
	char *o = malloc(n * 2 + 1);

	if (!o)
		abort();
	for (i = 0; i < n; i++) {
		if (i && i % 50 == 0) {
			const char *w = ws[(i / 50) % NELEM(ws)];

			memcpy(o + k, w, strlen(w));
			k += strlen(w);
		}
		o[k++] = s[i];
	}
	o[k] = '\0';
	return o;
}

static void set_ph(const char *name, char *text)
{
	size_t i;

	for (i = 0; i < NELEM(ph); i++)
		if (strcmp(ph[i].name, name) == 0)
			ph[i].text = text;
}

static void expect_len(const char *name, size_t want)
{
	size_t i;

	for (i = 0; i < NELEM(ph); i++)
		if (strcmp(ph[i].name, name) == 0 && strlen(ph[i].text) != want) {
			fprintf(stderr, "placeholder %s: %zu characters, expected %zu\n",
				name, strlen(ph[i].text), want);
			exit(EXIT_FAILURE);
		}
}

/* Generate every key once (4096 bits takes a second or two). */
static void make_keys(void)
{
	static const unsigned char e31[31] = { 1, 2, 3 };

	k512 = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)512);
	if (!k512 || dnsauth_dkim_keygen(DNSAUTH_DKIM_KEY_RSA, 1024, &k1024) ||
	    dnsauth_dkim_keygen(DNSAUTH_DKIM_KEY_RSA, 0, &k2048) ||
	    dnsauth_dkim_keygen(DNSAUTH_DKIM_KEY_RSA, 4096, &k4096) ||
	    dnsauth_dkim_keygen(DNSAUTH_DKIM_KEY_ED25519, 0, &ked)) {
		fprintf(stderr, "key generation failed\n");
		exit(EXIT_FAILURE);
	}
	set_ph("R512", spki_b64(k512));
	set_ph("R1024", spki_b64(k1024));
	set_ph("R2048", spki_b64(k2048));
	set_ph("R4096", spki_b64(k4096));
	set_ph("P2048", pkcs1_b64(k2048));
	set_ph("E", raw_b64(ked));
	set_ph("ES", spki_b64(ked));
	set_ph("E31", b64(e31, sizeof(e31)));
	set_ph("W2048", folded(ph[2].text));
	expect_len("R512", 128);
	expect_len("R1024", 216);
	expect_len("R2048", 392);
	expect_len("R4096", 736);
	expect_len("P2048", 360);
	expect_len("E", 44);
	expect_len("ES", 60);
}

static void free_keys(void)
{
	size_t i;

	for (i = 0; i < NELEM(ph); i++)
		free(ph[i].text);
	EVP_PKEY_free(k512);
	EVP_PKEY_free(k1024);
	EVP_PKEY_free(k2048);
	EVP_PKEY_free(k4096);
	EVP_PKEY_free(ked);
}

/* in with every {NAME} replaced; the caller frees it. */
static char *expand(const char *in)
{
	struct dnsauth_buf b;
	const char *p = in;
	char *r;

	dnsauth_buf_init(&b, 0);
	while (*p) {
		size_t i, n;

		if (*p != '{') {
			dnsauth_buf_putc(&b, *p++);
			continue;
		}
		for (i = 0; i < NELEM(ph); i++) {
			n = strlen(ph[i].name);
			if (strncmp(p + 1, ph[i].name, n) == 0 && p[1 + n] == '}')
				break;
		}
		ck_assert_msg(i < NELEM(ph), "unknown placeholder in \"%s\"", in);
		dnsauth_buf_puts(&b, ph[i].text);
		p += strlen(ph[i].name) + 2;
	}
	dnsauth_buf_puts(&b, "");
	r = dnsauth_buf_steal(&b);
	ck_assert_ptr_nonnull(r);
	return r;
}

/* ------------------------------------------------------------ helpers */

static int parse_n(const char *text, size_t n, struct dnsauth_dkim **out,
		   struct dnsauth_findings *fl)
{
	char *buf = dup_exact(text, n);
	int rc = dnsauth_dkim_parse(buf, n, NAME, out, fl);

	free(buf);
	return rc;
}

/* ------------------------------------- key decoding against OpenSSL */

/* What OpenSSL alone makes of \p n DER octets, as lib/dkim.c did before
 * it read RSA SubjectPublicKeyInfo itself: the whole input as an SPKI,
 * else as a PKCS #1 RSAPublicKey. */
static void openssl_key(const unsigned char *der, size_t n, int *type, unsigned *bits)
{
	const unsigned char *p = der;
	EVP_PKEY *pk = d2i_PUBKEY(NULL, &p, (long)n);

	if (pk && p != der + n) {
		EVP_PKEY_free(pk);
		pk = NULL;
	}
	if (!pk) {
		p = der;
		pk = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, (long)n);
		if (pk && p != der + n) {
			EVP_PKEY_free(pk);
			pk = NULL;
		}
	}
	*type = DNSAUTH_DKIM_KEY_NONE;
	*bits = 0;
	if (pk) {
		int id = EVP_PKEY_get_base_id(pk);

		*type = id == EVP_PKEY_RSA ? DNSAUTH_DKIM_KEY_RSA : DNSAUTH_DKIM_KEY_OTHER;
		*bits = (unsigned)EVP_PKEY_get_bits(pk);
		EVP_PKEY_free(pk);
	}
	ERR_clear_error();
}

/* Parse "v=DKIM1; p=" + base64(\p der); return 1 if the model's key type
 * and size are what OpenSSL makes of the octets. */
static int same_as_openssl(const unsigned char *der, size_t n)
{
	unsigned char *b64 = malloc(4 * ((n + 2) / 3) + 1);
	struct dnsauth_buf rec;
	struct dnsauth_findings fl;
	struct dnsauth_dkim *d = NULL;
	int type, ok, rc;
	unsigned bits;

	ck_assert_ptr_nonnull(b64);
	EVP_EncodeBlock(b64, der, (int)n);
	dnsauth_buf_init(&rec, 0);
	dnsauth_findings_init(&fl);
	dnsauth_buf_printf(&rec, "v=DKIM1; p=%s", (const char *)b64);
	rc = parse_n(rec.data, rec.len, &d, &fl);
	ck_assert(rc == 0 || rc == DNSAUTH_EPARSE);
	ck_assert_ptr_nonnull(d);
	openssl_key(der, n, &type, &bits);
	ok = (int)d->key_type == type && d->key_bits == bits;
	if (!ok)
		fprintf(stderr, "%zu octets: model %d/%u, OpenSSL %d/%u\n", n,
			(int)d->key_type, d->key_bits, type, bits);
	dnsauth_dkim_free(d);
	dnsauth_findings_clear(&fl);
	dnsauth_buf_free(&rec);
	free(b64);
	return ok;
}

/* Append a DER element (tag, length, contents); \p longform writes a
 * short length in the long form (not DER). */
static void der_put(struct dnsauth_buf *b, unsigned char tag, const void *c,
		    size_t n, int longform)
{
	dnsauth_buf_putc(b, (char)tag);
	if (n < 0x80 && !longform) {
		dnsauth_buf_putc(b, (char)n);
	} else if (n < 0x100) {
		dnsauth_buf_putc(b, (char)0x81);
		dnsauth_buf_putc(b, (char)n);
	} else {
		dnsauth_buf_putc(b, (char)0x82);
		dnsauth_buf_putc(b, (char)(n >> 8));
		dnsauth_buf_putc(b, (char)(n & 0xff));
	}
	dnsauth_buf_append(b, c, n);
}

/* A SubjectPublicKeyInfo of rsaEncryption around a synthetic modulus of
 * \p modlen octets, with the ways of writing it that DER forbids:
 * \p zeros needless leading zero octets, a \p negative modulus, a
 * \p long_exp exponent length, \p no_null parameters. */
static void build_spki(struct dnsauth_buf *out, size_t modlen, int zeros, int negative,
		       int long_exp, int no_null)
{
	static const unsigned char oid[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d,
					     0x01, 0x01, 0x01 };
	static const unsigned char e[] = { 0x01, 0x00, 0x01 };
	struct dnsauth_buf mod, ints, rsa, bits, alg, spki;
	size_t i;

	dnsauth_buf_init(&mod, 0);
	dnsauth_buf_init(&ints, 0);
	dnsauth_buf_init(&rsa, 0);
	dnsauth_buf_init(&bits, 0);
	dnsauth_buf_init(&alg, 0);
	dnsauth_buf_init(&spki, 0);
	/* the leading zero of a positive modulus, and \p zeros more */
	for (i = 0; !negative && i < 1 + (size_t)zeros; i++)
		dnsauth_buf_putc(&mod, 0);
	dnsauth_buf_putc(&mod, (char)0xc3);
	for (i = 1; i < modlen; i++)
		dnsauth_buf_putc(&mod, 0x5a);
	der_put(&ints, 0x02, mod.data, mod.len, 0);
	der_put(&ints, 0x02, e, sizeof(e), long_exp);
	der_put(&rsa, 0x30, ints.data, ints.len, 0);
	dnsauth_buf_putc(&bits, 0);
	dnsauth_buf_append(&bits, rsa.data, rsa.len);
	der_put(&alg, 0x06, oid, sizeof(oid), 0);
	if (!no_null)
		der_put(&alg, 0x05, "", 0, 0);
	der_put(&spki, 0x30, alg.data, alg.len, 0);
	der_put(&spki, 0x03, bits.data, bits.len, 0);
	dnsauth_buf_reset(out);
	der_put(out, 0x30, spki.data, spki.len, 0);
	dnsauth_buf_free(&mod);
	dnsauth_buf_free(&ints);
	dnsauth_buf_free(&rsa);
	dnsauth_buf_free(&bits);
	dnsauth_buf_free(&alg);
	dnsauth_buf_free(&spki);
}

/* Encodings DER forbids, and a modulus of each length around the
 * one-, two- and three-octet length forms: the model agrees with OpenSSL
 * on every one (and reads the canonical ones as RSA of the right size). */
START_TEST(test_key_decode_encodings)
{
	static const size_t lens[] = { 64, 100, 126, 127, 128, 129, 255, 256, 257, 512 };
	struct dnsauth_buf der;
	size_t i;
	int z, neg, le, nn;

	dnsauth_buf_init(&der, 0);
	for (i = 0; i < NELEM(lens); i++) {
		for (z = 0; z <= 2; z++)
			for (neg = 0; neg <= 1; neg++)
				for (le = 0; le <= 1; le++)
					for (nn = 0; nn <= 1; nn++) {
						build_spki(&der, lens[i], z, neg, le, nn);
						ck_assert_msg(same_as_openssl((unsigned char *)der.data, der.len),
							      "modulus %zu octets, zeros %d, negative %d, long %d, no NULL %d",
							      lens[i], z, neg, le, nn);
					}
		build_spki(&der, lens[i], 0, 0, 0, 0);
		{
			struct dnsauth_dkim *d = NULL;
			struct dnsauth_findings fl;
			unsigned char *b64 = malloc(4 * ((der.len + 2) / 3) + 1);
			struct dnsauth_buf rec;

			ck_assert_ptr_nonnull(b64);
			EVP_EncodeBlock(b64, (unsigned char *)der.data, (int)der.len);
			dnsauth_buf_init(&rec, 0);
			dnsauth_findings_init(&fl);
			dnsauth_buf_printf(&rec, "v=DKIM1; p=%s", (const char *)b64);
			parse_n(rec.data, rec.len, &d, &fl);
			ck_assert_ptr_nonnull(d);
			ck_assert_int_eq(d->key_type, DNSAUTH_DKIM_KEY_RSA);
			ck_assert_uint_eq(d->key_bits, lens[i] * 8);
			dnsauth_dkim_free(d);
			dnsauth_findings_clear(&fl);
			dnsauth_buf_free(&rec);
			free(b64);
		}
	}
	dnsauth_buf_free(&der);
}
END_TEST

/* The DER reader of lib/dkim.c gives OpenSSL's answer for real keys and
 * for every one-octet change, truncation and extension of them. */
START_TEST(test_key_decode_matches_openssl)
{
	static const unsigned char flips[] = { 0x01, 0x02, 0x40, 0x80, 0xff };
	EVP_PKEY *keys[] = { k512, k1024, k2048 };
	size_t k, i, f, mismatches = 0, rsa_seen = 0;

	for (k = 0; k < NELEM(keys); k++) {
		unsigned char *der = NULL, *m;
		int n = i2d_PUBKEY(keys[k], &der);

		ck_assert_int_gt(n, 0);
		m = malloc((size_t)n + 1);
		ck_assert_ptr_nonnull(m);
		ck_assert(same_as_openssl(der, (size_t)n));
		for (i = 0; i < (size_t)n; i++) {
			for (f = 0; f < NELEM(flips); f++) {
				int type;
				unsigned bits;

				memcpy(m, der, (size_t)n);
				m[i] ^= flips[f];
				mismatches += !same_as_openssl(m, (size_t)n);
				openssl_key(m, (size_t)n, &type, &bits);
				rsa_seen += type == DNSAUTH_DKIM_KEY_RSA;
			}
			if (i != 32)
				mismatches += !same_as_openssl(der, i);
		}
		memcpy(m, der, (size_t)n);
		m[n] = 0;
		mismatches += !same_as_openssl(m, (size_t)n + 1);
		free(m);
		OPENSSL_free(der);
	}
	ck_assert_uint_eq(mismatches, 0);
	/* many changed keys still decode (bits of the modulus or exponent) */
	ck_assert_uint_gt(rsa_seen, 1000);
}
END_TEST

static char *print_dkim(const struct dnsauth_dkim *d)
{
	struct dnsauth_buf b;
	char *r;

	dnsauth_buf_init(&b, 0);
	ck_assert_int_eq(dnsauth_dkim_print(d, &b), 0);
	r = dnsauth_buf_steal(&b);
	ck_assert_ptr_nonnull(r);
	return r;
}

/* ------------------------------------------------------- parse table */

struct parse_case {
	const char *in;
	int rc;
	const char *want;
	enum dnsauth_dkim_key_type type;
	unsigned bits;
	bool usable;
};

#define SYN(c) "dkim-record-syntax:error:" #c
#define SYNW(c) "dkim-record-syntax:warning:" #c
#define SYNI(c) "dkim-record-syntax:info:" #c
#define VER(c) "dkim-version-invalid:error:" #c
#define UNU(c) "dkim-key-unusable:error:" #c
#define UNUW(c) "dkim-key-unusable:warning:" #c
#define UNUI(c) "dkim-key-unusable:info:" #c
#define REV(c) "dkim-key-revoked:warning:" #c
#define SHORT(c) "dkim-key-too-short:error:" #c
#define WEAK(c) "dkim-key-weak:warning:" #c
#define EP DNSAUTH_EPARSE
#define KRSA DNSAUTH_DKIM_KEY_RSA
#define KED DNSAUTH_DKIM_KEY_ED25519
#define KNONE DNSAUTH_DKIM_KEY_NONE

/* "v=DKIM1; k=rsa; p=" is 18 characters: p at 17, its value at 19;
 * a {R2048} after it ends at column 410. */
static const struct parse_case parse_cases[] = {
	/* valid keys */
	{ "v=DKIM1; k=rsa; p={R2048}", 0, "", KRSA, 2048, true },
	{ "v=DKIM1; k=rsa; p={R4096}", 0, "", KRSA, 4096, true },
	{ "p={R2048}", 0, "", KRSA, 2048, true },
	{ "v=DKIM1; p={R2048};", 0, "", KRSA, 2048, true },
	{ "v=DKIM1; h=sha256; k=rsa; s=email; t=s; n=key for mail; p={R2048}",
	  0, "", KRSA, 2048, true },
	/* key sizes (RFC 8301 §3.2) */
	{ "v=DKIM1; k=rsa; p={R1024}", 0, WEAK(19), KRSA, 1024, true },
	{ "v=DKIM1; p={R1024}", 0, WEAK(12), KRSA, 1024, true },
	{ "v=DKIM1; k=rsa; p={R512}", 0, SHORT(19), KRSA, 512, false },
	/* Ed25519 (RFC 8463) */
	{ "v=DKIM1; k=ed25519; p={E}", 0, UNUI(12), KED, 256, true },
	{ "k=ed25519; p={E}", 0, UNUI(3), KED, 256, true },
	{ "v=DKIM1; k=ed25519; h=sha256; p={E}", 0, UNUI(12), KED, 256, true },
	/* key material that does not fit k= */
	{ "v=DKIM1; k=ed25519; p={R2048}", 0, UNU(23), KRSA, 2048, false },
	{ "v=DKIM1; k=ed25519; p={ES}", 0, UNU(23), KED, 256, false },
	{ "v=DKIM1; k=ed25519; p={E31}", 0, UNU(23), KNONE, 0, false },
	{ "v=DKIM1; k=rsa; p={E}", 0, UNU(19), KED, 256, false },
	{ "v=DKIM1; p={E}", 0, UNU(12), KED, 256, false },
	{ "v=DKIM1; k=rsa; p={ES}", 0, UNU(19), KED, 256, false },
	/* bare RSAPublicKey: accepted, noted */
	{ "v=DKIM1; k=rsa; p={P2048}", 0, UNUI(19), KRSA, 2048, true },
	/* k= */
	{ "v=DKIM1; k=dsa; p={R2048}", 0, UNU(12), KRSA, 2048, false },
	{ "v=DKIM1; k=; p={R2048}", 0, UNU(12), KRSA, 2048, false },
	{ "v=DKIM1; k=RSA; p={R2048}", 0, UNUW(12), KRSA, 2048, true },
	/* revoked */
	{ "v=DKIM1; k=rsa; p=", 0, REV(17), KNONE, 0, false },
	{ "v=DKIM1; k=rsa; p= ;", 0, REV(17), KNONE, 0, false },
	{ "v=DKIM1; p=; k=ed25519", 0, REV(10), KNONE, 0, false },
	/* PEM armour */
	{ "v=DKIM1; k=rsa; p=-----BEGIN PUBLIC KEY-----\n{R2048}\n"
	  "-----END PUBLIC KEY-----\n", EP, SYN(19), KNONE, 0, false },
	{ "v=DKIM1; k=rsa; p=-----BEGIN PUBLIC KEY-----{R2048}"
	  "-----END PUBLIC KEY-----", EP, SYN(19), KNONE, 0, false },
	/* invalid base64 */
	{ "v=DKIM1; k=rsa; p=MIIB!AAA", EP, SYN(19), KNONE, 0, false },
	{ "p=abc", EP, SYN(3), KNONE, 0, false },
	{ "p=AB=C", EP, SYN(3), KNONE, 0, false },
	{ "p=A===", EP, SYN(3), KNONE, 0, false },
	{ "p=QUJD====", EP, SYN(3), KNONE, 0, false },
	{ "p=QUJDRA=A", EP, SYN(3), KNONE, 0, false },
	/* base64, but not a key */
	{ "v=DKIM1; p=QUJDRA==", EP, SYN(12), KNONE, 0, false },
	/* quotes and backslashes copied from a zone file */
	{ "\"v=DKIM1; k=rsa; p={R2048}\"", EP, SYN(1), KNONE, 0, false },
	{ "v=DKIM1; k=rsa; p=MIIB\" \"{R2048}", EP, SYN(23), KNONE, 0, false },
	{ "v=DKIM1\\; k=rsa\\; p={R2048}", EP, SYN(8), KRSA, 2048, false },
	{ "v=DKIM1; k=rsa; p=\"{R2048}\"", EP, SYN(19), KNONE, 0, false },
	{ "v=DKIM1; k=\"rsa\\\"; p={R2048}", EP, SYN(12) ";" SYN(16), KRSA,
	  2048, false },
	/* typographic quotes, other non-ASCII, control characters */
	{ "v=DKIM1; k=rsa; p=\xe2\x80\x9c{R2048}\xe2\x80\x9d", EP, SYN(19),
	  KNONE, 0, false },
	{ "v=DKIM1; k=\xe2\x80\x9crsa\xe2\x80\x9d; p={R2048}", EP, SYN(12),
	  KRSA, 2048, false },
	{ "v=DKIM1;\xc2\xa0k=rsa; p={R2048}", EP, SYN(9), KRSA, 2048, false },
	{ "v=DKIM1; k=rsa\x01; p={R2048}", EP, SYN(15), KRSA, 2048, false },
	{ "v=DKIM1; k=r\xe9sa; p={R2048}", EP, SYN(13), KRSA, 2048, false },
	/* duplicate tags: the whole record is invalid */
	{ "v=DKIM1; k=rsa; k=rsa; p={R2048}", EP, SYN(17), KRSA, 2048, false },
	{ "v=DKIM1; p={R2048}; p={R1024}", EP, SYN(406), KRSA, 2048, false },
	{ "v=DKIM1; v=DKIM1; p={R2048}", EP, SYN(10), KRSA, 2048, false },
	/* tag names are case-sensitive */
	{ "v=DKIM1; K=rsa; p={R2048}", 0, SYNW(10), KRSA, 2048, true },
	{ "P={R2048}", EP, SYNW(1) ";" SYN(0), KNONE, 0, false },
	/* v= */
	{ "k=rsa; v=DKIM1; p={R2048}", EP, VER(8), KRSA, 2048, false },
	{ "v=DKIM2; k=rsa; p={R2048}", EP, VER(3), KRSA, 2048, false },
	{ "v=dkim1; p={R2048}", EP, VER(3), KRSA, 2048, false },
	{ "k=rsa; v=DKIM2; p={R2048}", EP, VER(8) ";" VER(10), KRSA, 2048,
	  false },
	{ "v=spf1 -all", EP, VER(3) ";" SYN(0), KNONE, 0, false },
	/* h= */
	{ "v=DKIM1; h=sha1; k=rsa; p={R2048}", 0, UNU(12), KRSA, 2048, false },
	{ "v=DKIM1; h=sha1:sha256; k=rsa; p={R2048}", 0, UNUI(12), KRSA, 2048,
	  true },
	{ "v=DKIM1; h = sha1 : sha256 ; p={R2048}", 0, UNUI(14), KRSA, 2048,
	  true },
	{ "v=DKIM1; h=sha256:sha512; p={R2048}", 0, "", KRSA, 2048, true },
	{ "v=DKIM1; h=SHA256; p={R2048}", 0, UNU(12), KRSA, 2048, false },
	/* s= */
	{ "v=DKIM1; s=email; p={R2048}", 0, "", KRSA, 2048, true },
	{ "v=DKIM1; s=*; p={R2048}", 0, "", KRSA, 2048, true },
	{ "v=DKIM1; s=email:tlsrpt; p={R2048}", 0, "", KRSA, 2048, true },
	{ "v=DKIM1; s=tlsrpt; p={R2048}", 0, UNU(12), KRSA, 2048, false },
	/* t= and the obsolete g= */
	{ "v=DKIM1; k=rsa; t=y; p={R2048}", 0, UNUI(19), KRSA, 2048, true },
	{ "v=DKIM1; t=s:y; p={R2048}", 0, UNUI(12), KRSA, 2048, true },
	{ "v=DKIM1; t=s; p={R2048}", 0, "", KRSA, 2048, true },
	{ "v=DKIM1; g=*; k=rsa; p={R2048}", 0, SYNI(10), KRSA, 2048, true },
	/* unknown tags are ignored */
	{ "v=DKIM1; k=rsa; x=foo bar; zz_1=; o=~; p={R2048}", 0, "", KRSA,
	  2048, true },
	/* whitespace: around tags, and folded inside p= */
	{ " v = DKIM1 ;\tk = rsa ;\r\n p = {R2048} ; ", 0, "", KRSA, 2048,
	  true },
	{ "v=DKIM1; k=rsa; p={W2048}", 0, "", KRSA, 2048, true },
	{ "v=DKIM1; k=rsa; p=\r\n\t{W2048}\r\n", 0, "", KRSA, 2048, true },
	/* a missing ';' */
	{ "v=DKIM1; k=rsa p={R2048}", EP, SYN(16), KRSA, 2048, false },
	{ "v=DKIM1 k=rsa; p={R2048}", EP, SYN(9), KRSA, 2048, false },
	{ "v=DKIM1; k=rsa; p={R2048} t=y", EP, SYN(412) ";" UNUI(414), KRSA,
	  2048, false },
	{ "v=DKIM1; x=a b=c; p={R2048}", 0, "", KRSA, 2048, true },
	{ "v=DKIM1; x=a k=rsa; p={R2048}", EP, SYN(14), KRSA, 2048, false },
	/* bad tag-lists */
	{ "", EP, SYN(0), KNONE, 0, false },
	{ "v=DKIM1; k=rsa", EP, SYN(0), KNONE, 0, false },
	{ "v=DKIM1;; k=rsa; p={R2048}", 0, SYNW(9), KRSA, 2048, true },
	{ ";;;;p={R2048}", 0, SYNW(1), KRSA, 2048, true },
	{ "v=DKIM1; rsa; p={R2048}", EP, SYN(10), KRSA, 2048, false },
	{ "v=DKIM1; 1k=rsa; p={R2048}", EP, SYN(10), KRSA, 2048, false },
	{ "v=DKIM1; =rsa; p={R2048}", EP, SYN(10), KRSA, 2048, false },
	{ "v=DKIM1; k-x=rsa; p={R2048}", EP, SYN(10), KRSA, 2048, false },
	/* several problems: all reported */
	{ "k=rsa; v=DKIM1; h=sha1; s=tlsrpt; t=y; p={R1024}", EP,
	  VER(8) ";" UNU(19) ";" UNU(27) ";" UNUI(37) ";" WEAK(42), KRSA, 1024,
	  false },
};

START_TEST(test_parse_table)
{
	const struct parse_case *c = &parse_cases[_i];
	char *in = expand(c->in);
	size_t n = strlen(in), i;
	struct dnsauth_findings fl;
	struct dnsauth_dkim *d = NULL;
	char *got;
	int rc;

	dnsauth_findings_init(&fl);
	rc = parse_n(in, n, &d, &fl);
	got = fmt_findings(&fl, 0);
	ck_assert_msg(rc == c->rc, "case %d \"%.60s\": rc %d (%s), expected %d;"
		      " findings \"%s\"", _i, c->in, rc, dnsauth_strerror(rc),
		      c->rc, got);
	ck_assert_msg(strcmp(got, c->want) == 0,
		      "case %d \"%.60s\": findings\n  expected \"%s\"\n  got      \"%s\"",
		      _i, c->in, c->want, got);
	ck_assert_ptr_nonnull(d);
	ck_assert_msg(d->valid == (rc == 0), "case %d: valid %d, rc %d", _i,
		      d->valid, rc);
	ck_assert_msg(d->key_type == c->type && d->key_bits == c->bits,
		      "case %d \"%.60s\": key %s/%u, expected %s/%u", _i, c->in,
		      dnsauth_dkim_key_type_name(d->key_type), d->key_bits,
		      dnsauth_dkim_key_type_name(c->type), c->bits);
	ck_assert_msg(d->usable == c->usable, "case %d \"%.60s\": usable %d",
		      _i, c->in, d->usable);
	/* every finding names the record and the owner */
	for (i = 0; i < fl.n; i++) {
		ck_assert_str_eq(fl.v[i].name, NAME);
		ck_assert_ptr_nonnull(fl.v[i].record);
		ck_assert_msg(fl.v[i].column <= n + 1, "case %d: column %u past "
			      "the end", _i, fl.v[i].column);
	}
	/* every tag's columns point at its text */
	for (i = 0; i < d->ntags; i++) {
		const struct dnsauth_dkim_tag *t = &d->tags[i];

		ck_assert_msg(t->column >= 1 && t->column - 1 + t->length <= n &&
			      strncmp(in + t->column - 1, t->name,
				      strlen(t->name)) == 0,
			      "case %d: tag %zu '%s' at column %u", _i, i,
			      t->name, t->column);
		ck_assert_msg(t->value_column > t->column && t->value_column <= n + 1,
			      "case %d: tag '%s' value column %u", _i, t->name,
			      t->value_column);
	}
	if (rc == 0) {
		/* the canonical form parses back to itself */
		char *p1 = print_dkim(d), *p2;
		struct dnsauth_dkim *again = NULL;

		ck_assert_msg(parse_n(p1, strlen(p1), &again, NULL) == 0,
			      "case %d: printed \"%.80s\" does not parse", _i, p1);
		p2 = print_dkim(again);
		ck_assert_msg(strcmp(p1, p2) == 0, "case %d: print not "
			      "idempotent:\n  %s\n  %s", _i, p1, p2);
		ck_assert_int_eq(again->usable, d->usable);
		ck_assert_int_eq(again->key_type, d->key_type);
		ck_assert_uint_eq(again->key_bits, d->key_bits);
		free(p2);
		free(p1);
		dnsauth_dkim_free(again);
	}
	dnsauth_dkim_free(d);
	free(got);
	free(in);
	dnsauth_findings_clear(&fl);
}
END_TEST

/* ----------------------------------------------------------- model */

START_TEST(test_model_fields)
{
	char *in = expand(" v=DKIM1; k = rsa ;t=y:s; p = {W2048} ; n=a b");
	struct dnsauth_dkim *d = NULL;
	const struct dnsauth_dkim_tag *t;

	ck_assert_int_eq(parse_n(in, strlen(in), &d, NULL), 0);
	ck_assert_uint_eq(d->ntags, 5);
	t = dnsauth_dkim_tag(d, "k");
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(t->value, "rsa");
	ck_assert_uint_eq(t->column, 11);
	ck_assert_uint_eq(t->value_column, 15);
	ck_assert_uint_eq(t->length, 7);
	t = dnsauth_dkim_tag(d, "p");
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(t->value, ph[2].text); /* FWS removed */
	ck_assert_uint_eq(t->value_column, 31);
	t = dnsauth_dkim_tag(d, "n");
	ck_assert_str_eq(t->value, "a b");
	ck_assert_ptr_null(dnsauth_dkim_tag(d, "K"));
	ck_assert(d->testing);
	ck_assert(d->strict);
	ck_assert(!d->revoked);
	ck_assert(d->valid && d->usable);
	ck_assert_int_eq(d->key_format, DNSAUTH_DKIM_FMT_SPKI);
	ck_assert_uint_eq(d->key_len, 294);
	dnsauth_dkim_free(d);
	free(in);

	ck_assert_int_eq(parse_n("p=", 2, &d, NULL), 0);
	ck_assert(d->revoked && d->valid && !d->usable);
	ck_assert_ptr_null(d->key);
	dnsauth_dkim_free(d);
	dnsauth_dkim_free(NULL);
}
END_TEST

START_TEST(test_key_formats)
{
	static const struct {
		const char *in;
		enum dnsauth_dkim_key_format fmt;
	} cases[] = {
		{ "p={R2048}", DNSAUTH_DKIM_FMT_SPKI },
		{ "p={P2048}", DNSAUTH_DKIM_FMT_PKCS1 },
		{ "k=ed25519; p={E}", DNSAUTH_DKIM_FMT_RAW },
		{ "k=ed25519; p={ES}", DNSAUTH_DKIM_FMT_SPKI },
		{ "p=QUJDRA==", DNSAUTH_DKIM_FMT_NONE },
		{ "p=", DNSAUTH_DKIM_FMT_NONE },
	};
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		char *in = expand(cases[i].in);
		struct dnsauth_dkim *d = NULL;

		parse_n(in, strlen(in), &d, NULL);
		ck_assert_ptr_nonnull(d);
		ck_assert_msg(d->key_format == cases[i].fmt, "%s: format %d",
			      cases[i].in, d->key_format);
		dnsauth_dkim_free(d);
		free(in);
	}
}
END_TEST

/* ---------------------------------------------------------- limits */

START_TEST(test_parse_too_long)
{
	size_t n = DNSAUTH_DKIM_MAX_LEN + 1;
	char *big = malloc(n);
	struct dnsauth_dkim *d = (struct dnsauth_dkim *)&n;
	struct dnsauth_findings fl;
	char *got;

	ck_assert_ptr_nonnull(big);
	memset(big, 'A', n);
	memcpy(big, "p=", 2);
	dnsauth_findings_init(&fl);
	ck_assert_int_eq(dnsauth_dkim_parse(big, n, NAME, &d, &fl), DNSAUTH_ELIMIT);
	ck_assert_ptr_null(d);
	ck_assert_uint_eq(fl.n, 0);
	/* just under the limit: parsed, p= too long to decode */
	ck_assert_int_eq(dnsauth_dkim_parse(big, n - 1, NAME, &d, &fl), 0);
	ck_assert_ptr_nonnull(d);
	got = fmt_findings(&fl, 0);
	ck_assert_str_eq(got, UNU(3));
	free(got);
	ck_assert(!d->usable);
	dnsauth_dkim_free(d);
	dnsauth_findings_clear(&fl);
	free(big);
}
END_TEST

START_TEST(test_tag_cap)
{
	struct dnsauth_buf b;
	struct dnsauth_findings fl;
	struct dnsauth_dkim *d = NULL;
	char want[64], *got;
	unsigned i;

	dnsauth_buf_init(&b, 0);
	for (i = 0; i < DNSAUTH_DKIM_MAX_TAGS - 1; i++)
		dnsauth_buf_printf(&b, "x%02u=1;", i);
	dnsauth_buf_printf(&b, "p=%s", ph[2].text);
	dnsauth_findings_init(&fl);
	ck_assert_int_eq(parse_n(b.data, b.len, &d, &fl), 0);
	ck_assert_uint_eq(d->ntags, DNSAUTH_DKIM_MAX_TAGS);
	ck_assert_uint_eq(fl.n, 0);
	dnsauth_dkim_free(d);
	/* one more: reported once, parsing stops */
	dnsauth_buf_reset(&b);
	for (i = 0; i < DNSAUTH_DKIM_MAX_TAGS; i++)
		dnsauth_buf_printf(&b, "x%02u=1;", i);
	dnsauth_buf_printf(&b, "p=%s;q=1;r=2", ph[2].text);
	ck_assert_int_eq(parse_n(b.data, b.len, &d, &fl), DNSAUTH_EPARSE);
	snprintf(want, sizeof(want), SYN(%u), DNSAUTH_DKIM_MAX_TAGS * 6 + 1);
	got = fmt_findings(&fl, 0);
	ck_assert_str_eq(got, want);
	free(got);
	ck_assert_uint_eq(d->ntags, DNSAUTH_DKIM_MAX_TAGS);
	dnsauth_dkim_free(d);
	dnsauth_findings_clear(&fl);
	dnsauth_buf_free(&b);
}
END_TEST

/* Hostile input cannot multiply findings: each kind is bounded. */
START_TEST(test_findings_bounded)
{
	static const char *const units[] = { ";", "a;", "\";", "\x01;", "=x;",
					     "k=a;" };
	struct dnsauth_findings fl;
	size_t u;

	for (u = 0; u < NELEM(units); u++) {
		size_t ul = strlen(units[u]), n = 0;
		char *big = malloc(DNSAUTH_DKIM_MAX_LEN);
		struct dnsauth_dkim *d = NULL;

		ck_assert_ptr_nonnull(big);
		while (n + ul <= DNSAUTH_DKIM_MAX_LEN) {
			memcpy(big + n, units[u], ul);
			n += ul;
		}
		dnsauth_findings_init(&fl);
		dnsauth_dkim_parse(big, n, NAME, &d, &fl);
		ck_assert_ptr_nonnull(d);
		ck_assert_msg(fl.n <= DNSAUTH_DKIM_MAX_TAGS + 2,
			      "unit \"%s\": %zu findings", units[u], fl.n);
		dnsauth_dkim_free(d);
		dnsauth_findings_clear(&fl);
		free(big);
	}
}
END_TEST

START_TEST(test_embedded_nul)
{
	static const char in[] = "v=DKIM1; k=rsa\0; p=";
	struct dnsauth_findings fl;
	struct dnsauth_dkim *d = NULL;
	char *got;

	dnsauth_findings_init(&fl);
	ck_assert_int_eq(parse_n(in, sizeof(in) - 1, &d, &fl), DNSAUTH_EPARSE);
	got = fmt_findings(&fl, 0);
	ck_assert_str_eq(got, SYN(15) ";" REV(18));
	free(got);
	dnsauth_dkim_free(d);
	dnsauth_findings_clear(&fl);
}
END_TEST

START_TEST(test_null_findings_list)
{
	struct dnsauth_dkim *d = NULL;

	ck_assert_int_eq(parse_n("v=DKIM2; p=!", 12, &d, NULL), DNSAUTH_EPARSE);
	ck_assert(!d->valid && !d->usable);
	dnsauth_dkim_free(d);
}
END_TEST

/* ----------------------------------------------------------- print */

static const struct {
	const char *in;
	const char *want;
} print_cases[] = {
	{ "p=", "v=DKIM1; k=rsa; p=" },
	{ "p={R2048}", "v=DKIM1; k=rsa; p={R2048}" },
	{ " p = {W2048} ; k = rsa ; v = DKIM1 ", "v=DKIM1; k=rsa; p={R2048}" },
	{ "k=ed25519; p={E}", "v=DKIM1; k=ed25519; p={E}" },
	{ "k=RSA; p=x", "v=DKIM1; k=rsa; p=x" },
	{ "k=ED25519; p=x", "v=DKIM1; k=ed25519; p=x" },
	{ "t = y : s ; s = email : * ; h = sha256 ;p=AB CD; n=a note ;v=DKIM1",
	  "v=DKIM1; h=sha256; k=rsa; s=email:*; t=y:s; n=a note; p=ABCD" },
	{ "v=DKIM1; zz=1; g=*; k=rsa; y=2; p=x", "v=DKIM1; k=rsa; zz=1; g=*; y=2; p=x" },
	{ "v=DKIM1; k=dsa; p=x", "v=DKIM1; k=dsa; p=x" },
	/* as understood: tags with syntax errors are left out */
	{ "v=DKIM1; k=rsa\\; p=x", "v=DKIM1; k=rsa; p=x" },
	{ "v=DKIM1; x=\"a\"; p=x", "v=DKIM1; k=rsa; p=x" },
	{ "v=DKIM2; p=x", "v=DKIM2; k=rsa; p=x" },
	{ "k=rsa", "v=DKIM1; k=rsa; p=" },
};

START_TEST(test_print_table)
{
	char *in = expand(print_cases[_i].in);
	char *want = expand(print_cases[_i].want);
	struct dnsauth_dkim *d = NULL;
	char *got;

	parse_n(in, strlen(in), &d, NULL);
	ck_assert_ptr_nonnull(d);
	got = print_dkim(d);
	ck_assert_msg(strcmp(got, want) == 0, "print \"%s\":\n  expected \"%.100s\""
		      "\n  got      \"%.100s\"", print_cases[_i].in, want, got);
	free(got);
	free(want);
	free(in);
	dnsauth_dkim_free(d);
}
END_TEST

START_TEST(test_key_type_name)
{
	ck_assert_str_eq(dnsauth_dkim_key_type_name(DNSAUTH_DKIM_KEY_RSA), "rsa");
	ck_assert_str_eq(dnsauth_dkim_key_type_name(DNSAUTH_DKIM_KEY_ED25519), "ed25519");
	ck_assert_str_eq(dnsauth_dkim_key_type_name(DNSAUTH_DKIM_KEY_NONE), "none");
	ck_assert_str_eq(dnsauth_dkim_key_type_name(DNSAUTH_DKIM_KEY_OTHER), "other");
}
END_TEST

/* ----------------------------------------------------------- owner */

START_TEST(test_owner)
{
	static const struct {
		const char *sel, *dom;
		const char *want;  /* name, or the bad part */
		int rc;
	} cases[] = {
		{ "sel", "example.com", "sel._domainkey.example.com", 0 },
		{ "sel.sub", "example.com.", "sel.sub._domainkey.example.com", 0 },
		{ "2024-01_a", "mail.example.co.uk", "2024-01_a._domainkey.mail.example.co.uk", 0 },
		{ "", "example.com", "selector", DNSAUTH_EINVAL },
		{ "a..b", "example.com", "selector", DNSAUTH_EINVAL },
		{ "sel.", "example.com", "selector", DNSAUTH_EINVAL },
		{ "-sel", "example.com", "selector", DNSAUTH_EINVAL },
		{ "se l", "example.com", "selector", DNSAUTH_EINVAL },
		{ "sel._domainkey", "example.com", "selector", DNSAUTH_EINVAL },
		{ "sel", "localhost", "domain", DNSAUTH_EINVAL },
		{ "sel", "bad domain.com", "domain", DNSAUTH_EINVAL },
		{ "sel", "", "domain", DNSAUTH_EINVAL },
	};
	struct dnsauth_buf b, s;
	const char *part, *why;
	size_t i;
	int rc;

	for (i = 0; i < NELEM(cases); i++) {
		dnsauth_buf_init(&b, 0);
		part = why = NULL;
		rc = dnsauth_dkim_owner(cases[i].sel, cases[i].dom, &b, &part, &why);
		ck_assert_msg(rc == cases[i].rc, "owner %s %s: rc %d", cases[i].sel,
			      cases[i].dom, rc);
		if (rc == 0) {
			ck_assert_str_eq(dnsauth_buf_str(&b), cases[i].want);
		} else {
			ck_assert_ptr_nonnull(why);
			ck_assert_str_eq(part, cases[i].want);
			ck_assert_uint_eq(b.len, 0);
		}
		dnsauth_buf_free(&b);
	}
	/* 63-octet labels are fine, 64 are not; the name is at most 253:
	 * 191 (selector) + 12 + 67 (domain) = 270 */
	dnsauth_buf_init(&s, 0);
	for (i = 0; i < 63; i++)
		dnsauth_buf_putc(&s, 'a');
	dnsauth_buf_init(&b, 0);
	ck_assert_int_eq(dnsauth_dkim_owner(s.data, "example.com", &b, &part, &why), 0);
	dnsauth_buf_free(&b);
	dnsauth_buf_putc(&s, 'a');
	ck_assert_int_eq(dnsauth_dkim_owner(s.data, "example.com", &b, &part, &why),
			 DNSAUTH_EINVAL);
	ck_assert_str_eq(part, "selector");
	dnsauth_buf_reset(&s);
	for (i = 0; i < 3; i++)
		dnsauth_buf_printf(&s, "%s%.63s", i ? "." : "",
				   "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
	ck_assert_int_eq(dnsauth_dkim_owner(s.data, "example.com", &b, &part, &why), 0);
	dnsauth_buf_reset(&b);
	ck_assert_int_eq(dnsauth_dkim_owner(s.data, "ccccccccccccccccccccccccccccccc"
					    "cccccccccccccccccccccccccccccccc.com",
					    &b, &part, &why), DNSAUTH_EINVAL);
	ck_assert_str_eq(part, "name");
	dnsauth_buf_free(&b);
	dnsauth_buf_free(&s);
}
END_TEST

/* ------------------------------------------------------------ keys */

START_TEST(test_keygen_args)
{
	EVP_PKEY *k = (EVP_PKEY *)&k;

	ck_assert_int_eq(dnsauth_dkim_keygen(DNSAUTH_DKIM_KEY_RSA, 512, &k), DNSAUTH_EINVAL);
	ck_assert_ptr_null(k);
	ck_assert_int_eq(dnsauth_dkim_keygen(DNSAUTH_DKIM_KEY_RSA, 1023, &k), DNSAUTH_EINVAL);
	ck_assert_int_eq(dnsauth_dkim_keygen(DNSAUTH_DKIM_KEY_RSA, 4097, &k), DNSAUTH_EINVAL);
	ck_assert_int_eq(dnsauth_dkim_keygen(DNSAUTH_DKIM_KEY_RSA, 8192, &k), DNSAUTH_EINVAL);
	ck_assert_int_eq(dnsauth_dkim_keygen(DNSAUTH_DKIM_KEY_ED25519, 256, &k), DNSAUTH_EINVAL);
	ck_assert_int_eq(dnsauth_dkim_keygen(DNSAUTH_DKIM_KEY_NONE, 0, &k), DNSAUTH_EINVAL);
	ck_assert_int_eq(dnsauth_dkim_keygen(DNSAUTH_DKIM_KEY_OTHER, 0, &k), DNSAUTH_EINVAL);
	ck_assert_ptr_null(k);
	ck_assert_int_eq(EVP_PKEY_get_bits(k2048), 2048);
	ck_assert_int_eq(EVP_PKEY_get_bits(k1024), 1024);
	ck_assert_int_eq(EVP_PKEY_get_bits(k4096), 4096);
	ck_assert_int_eq(EVP_PKEY_get_base_id(ked), EVP_PKEY_ED25519);
}
END_TEST

/* Private key -> PEM -> key read back; record -> parse -> public key;
 * all of them equal. */
static void round_trip(EVP_PKEY *key, const char *prefix, size_t value_len,
		       enum dnsauth_dkim_key_type type, unsigned bits,
		       const char *want_findings)
{
	struct dnsauth_buf pem, rec;
	struct dnsauth_findings fl;
	struct dnsauth_dkim *d = NULL;
	EVP_PKEY *priv, *pub = NULL;
	BIO *bio;
	char *got;

	dnsauth_buf_init(&pem, 0);
	dnsauth_buf_init(&rec, 0);
	dnsauth_findings_init(&fl);
	ck_assert_int_eq(dnsauth_dkim_key_pem(key, &pem), 0);
	ck_assert_msg(strncmp(pem.data, "-----BEGIN PRIVATE KEY-----\n", 28) == 0,
		      "PEM starts with %.40s", pem.data);
	ck_assert(strstr(pem.data, "-----END PRIVATE KEY-----\n") != NULL);
	bio = BIO_new_mem_buf(pem.data, (int)pem.len);
	ck_assert_ptr_nonnull(bio);
	priv = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	BIO_free(bio);
	ck_assert_ptr_nonnull(priv);
	ck_assert_int_eq(EVP_PKEY_eq(priv, key), 1);

	ck_assert_int_eq(dnsauth_dkim_record_value(key, &rec), 0);
	ck_assert_msg(strncmp(rec.data, prefix, strlen(prefix)) == 0,
		      "record %.40s", rec.data);
	ck_assert_uint_eq(rec.len, strlen(prefix) + value_len);
	ck_assert_int_eq(parse_n(rec.data, rec.len, &d, &fl), 0);
	got = fmt_findings(&fl, 0);
	ck_assert_str_eq(got, want_findings);
	free(got);
	ck_assert(d->valid);
	ck_assert(d->usable);
	ck_assert_int_eq(d->key_type, type);
	ck_assert_uint_eq(d->key_bits, bits);
	ck_assert_int_eq(dnsauth_dkim_public_key(d, &pub), 0);
	ck_assert_int_eq(EVP_PKEY_eq(pub, key), 1);
	ck_assert_int_eq(EVP_PKEY_eq(pub, priv), 1);
	/* a different key does not compare equal */
	ck_assert_int_ne(EVP_PKEY_eq(pub, key == k2048 ? k1024 : k2048), 1);

	EVP_PKEY_free(pub);
	EVP_PKEY_free(priv);
	dnsauth_dkim_free(d);
	dnsauth_findings_clear(&fl);
	OPENSSL_cleanse(pem.data, pem.len);
	dnsauth_buf_free(&pem);
	dnsauth_buf_free(&rec);
}

START_TEST(test_round_trip_rsa2048)
{
	round_trip(k2048, "v=DKIM1; k=rsa; p=", 392, DNSAUTH_DKIM_KEY_RSA, 2048, "");
}
END_TEST

START_TEST(test_round_trip_rsa1024)
{
	round_trip(k1024, "v=DKIM1; k=rsa; p=", 216, DNSAUTH_DKIM_KEY_RSA, 1024,
		   WEAK(19));
}
END_TEST

START_TEST(test_round_trip_rsa4096)
{
	round_trip(k4096, "v=DKIM1; k=rsa; p=", 736, DNSAUTH_DKIM_KEY_RSA, 4096, "");
}
END_TEST

START_TEST(test_round_trip_ed25519)
{
	round_trip(ked, "v=DKIM1; k=ed25519; p=", 44, DNSAUTH_DKIM_KEY_ED25519,
		   256, UNUI(12));
}
END_TEST

/* The bare RSAPublicKey form decodes to the same key. */
START_TEST(test_public_key_pkcs1)
{
	char *in = expand("p={P2048}");
	struct dnsauth_dkim *d = NULL;
	EVP_PKEY *pub = NULL;

	ck_assert_int_eq(parse_n(in, strlen(in), &d, NULL), 0);
	ck_assert_int_eq(dnsauth_dkim_public_key(d, &pub), 0);
	ck_assert_int_eq(EVP_PKEY_eq(pub, k2048), 1);
	EVP_PKEY_free(pub);
	dnsauth_dkim_free(d);
	free(in);
}
END_TEST

START_TEST(test_public_key_none)
{
	static const char *const ins[] = { "p=", "p=QUJDRA==", "p=!", "k=rsa" };
	size_t i;

	for (i = 0; i < NELEM(ins); i++) {
		struct dnsauth_dkim *d = NULL;
		EVP_PKEY *pub = (EVP_PKEY *)&pub;

		parse_n(ins[i], strlen(ins[i]), &d, NULL);
		ck_assert_ptr_nonnull(d);
		ck_assert_int_eq(dnsauth_dkim_public_key(d, &pub), DNSAUTH_ENOTFOUND);
		ck_assert_ptr_null(pub);
		dnsauth_dkim_free(d);
	}
}
END_TEST

START_TEST(test_keys_refused)
{
	struct dnsauth_buf b;
	EVP_PKEY *ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	EVP_PKEY *pub = NULL;
	const unsigned char *p;
	unsigned char *der = NULL;
	int n;

	ck_assert_ptr_nonnull(ec);
	dnsauth_buf_init(&b, 0);
	/* no DKIM record for an EC key */
	ck_assert_int_eq(dnsauth_dkim_record_value(ec, &b), DNSAUTH_EINVAL);
	ck_assert_uint_eq(b.len, 0);
	/* no PEM private key from a public-only key */
	n = i2d_PUBKEY(k2048, &der);
	ck_assert_int_gt(n, 0);
	p = der;
	pub = d2i_PUBKEY(NULL, &p, n);
	ck_assert_ptr_nonnull(pub);
	ck_assert_int_eq(dnsauth_dkim_key_pem(pub, &b), DNSAUTH_EINVAL);
	ck_assert_uint_eq(b.len, 0);
	OPENSSL_free(der);
	EVP_PKEY_free(pub);
	EVP_PKEY_free(ec);
	dnsauth_buf_free(&b);
}
END_TEST

/* An EC SubjectPublicKeyInfo in p=: decoded as "other", unusable. */
START_TEST(test_ec_key)
{
	EVP_PKEY *ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	struct dnsauth_findings fl;
	struct dnsauth_dkim *d = NULL;
	char *b, *in, *got;

	ck_assert_ptr_nonnull(ec);
	b = spki_b64(ec);
	ck_assert_int_ne(asprintf(&in, "v=DKIM1; p=%s", b), -1);
	dnsauth_findings_init(&fl);
	ck_assert_int_eq(parse_n(in, strlen(in), &d, &fl), 0);
	got = fmt_findings(&fl, 0);
	ck_assert_str_eq(got, UNU(12));
	ck_assert_int_eq(d->key_type, DNSAUTH_DKIM_KEY_OTHER);
	ck_assert_uint_eq(d->key_bits, 256);
	ck_assert(!d->usable);
	free(got);
	free(in);
	free(b);
	dnsauth_dkim_free(d);
	dnsauth_findings_clear(&fl);
	EVP_PKEY_free(ec);
}
END_TEST

/* A finding's message says what is wrong (spot checks). */
START_TEST(test_messages)
{
	static const struct {
		const char *in;
		const char *needle;
	} cases[] = {
		{ "v=DKIM1; k=rsa p={R2048}", "missing ';' before 'p='" },
		{ "v=DKIM1; p={R2048}; p=", "tag 'p' appears more than once (first at column 10)" },
		{ "p=MIIB!AAA", "'!' at column 7" },
		{ "p=M I I B ! A", "'!' at column 11" },
		{ "p={R1024}", "RSA key of 1024 bits" },
		{ "p={R512}", "RSA key of 512 bits" },
		{ "p={E}", "write k=ed25519" },
		{ "k=ed25519; p={R2048}", "2048-bit RSA key" },
		{ "v=DKIM1;\xc2\xa0p=", "U+00A0" },
		{ "p=\xe2\x80\x9d", "U+201D" },
		{ "s=tlsrpt; p={R2048}", "RFC 8460" },
		{ "v=DKIM1; g=; p={R2048}", "RFC 4871" },
		{ "P=x", "did you mean 'p'?" },
		{ "p=-----BEGIN PUBLIC KEY-----", "PEM armour" },
	};
	size_t i, k;

	for (i = 0; i < NELEM(cases); i++) {
		char *in = expand(cases[i].in);
		struct dnsauth_findings fl;
		struct dnsauth_dkim *d = NULL;
		bool found = false;

		dnsauth_findings_init(&fl);
		parse_n(in, strlen(in), &d, &fl);
		for (k = 0; k < fl.n; k++)
			found = found || strstr(fl.v[k].message, cases[i].needle);
		ck_assert_msg(found, "\"%s\": no message with \"%s\" (first: %s)",
			      cases[i].in, cases[i].needle,
			      fl.n ? fl.v[0].message : "none");
		dnsauth_dkim_free(d);
		dnsauth_findings_clear(&fl);
		free(in);
	}
}
END_TEST

/* Messages quote at most 40 characters of input. */
START_TEST(test_messages_bounded)
{
	static const char *const around[][2] = {
		{ "v=DKIM1; ", "; p=" }, { "", "=1; p=" }, { "v=DKIM1; k=", "; p=" },
		{ "v=", "; p=" }, { "h=", "; p=" }, { "k=rsa x", "=1; p=" },
		{ "s=", "; p=" },
	};
	char junk[1001], in[1100];
	size_t i, k;

	memset(junk, 'x', 1000);
	junk[1000] = '\0';
	for (i = 0; i < NELEM(around); i++) {
		struct dnsauth_findings fl;
		struct dnsauth_dkim *d = NULL;

		snprintf(in, sizeof(in), "%s%s%s", around[i][0], junk, around[i][1]);
		dnsauth_findings_init(&fl);
		parse_n(in, strlen(in), &d, &fl);
		ck_assert_msg(fl.n > 0, "\"%.20s\": no finding", in);
		for (k = 0; k < fl.n; k++) {
			ck_assert_msg(strlen(fl.v[k].message) < 300, "\"%.20s\": "
				      "message of %zu characters", in,
				      strlen(fl.v[k].message));
			if (strstr(fl.v[k].message, "xxxx"))
				ck_assert(strstr(fl.v[k].message, "x...") != NULL);
		}
		dnsauth_dkim_free(d);
		dnsauth_findings_clear(&fl);
	}
}
END_TEST

/* --------------------------------------------------------------- main */

static Suite *dkim_suite(void)
{
	Suite *s = suite_create("dkim");
	TCase *tc;

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, test_parse_table, 0, (int)NELEM(parse_cases));
	tcase_add_test(tc, test_model_fields);
	tcase_add_test(tc, test_key_formats);
	tcase_add_test(tc, test_key_decode_matches_openssl);
	tcase_add_test(tc, test_key_decode_encodings);
	tcase_add_test(tc, test_parse_too_long);
	tcase_add_test(tc, test_tag_cap);
	tcase_add_test(tc, test_findings_bounded);
	tcase_add_test(tc, test_embedded_nul);
	tcase_add_test(tc, test_null_findings_list);
	tcase_add_test(tc, test_ec_key);
	tcase_add_test(tc, test_messages);
	tcase_add_test(tc, test_messages_bounded);
	suite_add_tcase(s, tc);

	tc = tcase_create("print");
	tcase_add_loop_test(tc, test_print_table, 0, (int)NELEM(print_cases));
	tcase_add_test(tc, test_key_type_name);
	suite_add_tcase(s, tc);

	tc = tcase_create("owner");
	tcase_add_test(tc, test_owner);
	suite_add_tcase(s, tc);

	tc = tcase_create("keys");
	tcase_add_test(tc, test_keygen_args);
	tcase_add_test(tc, test_round_trip_rsa2048);
	tcase_add_test(tc, test_round_trip_rsa1024);
	tcase_add_test(tc, test_round_trip_rsa4096);
	tcase_add_test(tc, test_round_trip_ed25519);
	tcase_add_test(tc, test_public_key_pkcs1);
	tcase_add_test(tc, test_public_key_none);
	tcase_add_test(tc, test_keys_refused);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr;
	int failed;

	make_keys();
	sr = srunner_create(dkim_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	free_keys();
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
