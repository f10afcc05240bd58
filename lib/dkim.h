/* SPDX-License-Identifier: MIT */
/*
 * dkim.h - the DKIM key record model (RFC 6376 §3.2, §3.6.1; RFC 8301;
 * RFC 8463): parse, print, decode the public key; generate key pairs and
 * build records for dkimgen.
 *
 * dnsauth_dkim_parse() splits one TXT value into its tags, each with its
 * column, decodes p= with OpenSSL (RSA as SubjectPublicKeyInfo or bare
 * RSAPublicKey, Ed25519 as the raw 32-octet key) and reports every
 * problem as a finding: syntax, version, revoked, key size, and a key or
 * hash that verifiers cannot use. Generators build a record from a key
 * with dnsauth_dkim_record_value(), then parse the printed text with the
 * same function verify and lint use.
 */
#ifndef DNSAUTH_DKIM_H
#define DNSAUTH_DKIM_H

#include <stdbool.h>
#include <stddef.h>

#include <openssl/evp.h>

#include "buf.h"
#include "finding.h"

/** Longest TXT value the parser accepts (larger input is refused). */
#define DNSAUTH_DKIM_MAX_LEN 65535u
/** Most tags parsed in one record; the rest is reported, not kept. */
#define DNSAUTH_DKIM_MAX_TAGS 64u
/** Longest p= (base64 characters, whitespace removed) that is decoded:
 *  6144 octets, far above the 16384-bit RSA keys OpenSSL accepts. */
#define DNSAUTH_DKIM_MAX_KEY_CHARS 8192u
/** RSA sizes dnsauth_dkim_keygen() generates (RFC 8301 §3.2: signers
 *  MUST use at least 1024 bits; verifiers MUST handle up to 4096). */
#define DNSAUTH_DKIM_RSA_MIN_BITS 1024u
#define DNSAUTH_DKIM_RSA_MAX_BITS 4096u
#define DNSAUTH_DKIM_RSA_DEFAULT_BITS 2048u

/** What the p= material is (not what k= says it is). */
enum dnsauth_dkim_key_type {
	DNSAUTH_DKIM_KEY_NONE,    /*!< no key: p= missing, empty or undecodable */
	DNSAUTH_DKIM_KEY_RSA,
	DNSAUTH_DKIM_KEY_ED25519,
	DNSAUTH_DKIM_KEY_OTHER,   /*!< a public key of another type (EC, RSA-PSS) */
};

/** How the p= material is encoded. */
enum dnsauth_dkim_key_format {
	DNSAUTH_DKIM_FMT_NONE,    /*!< nothing decoded */
	DNSAUTH_DKIM_FMT_SPKI,    /*!< DER SubjectPublicKeyInfo (openssl -pubout) */
	DNSAUTH_DKIM_FMT_PKCS1,   /*!< DER RSAPublicKey (PKCS #1) */
	DNSAUTH_DKIM_FMT_RAW,     /*!< raw 32-octet Ed25519 key (RFC 8463) */
};

/** One tag=value pair as written. */
struct dnsauth_dkim_tag {
	char *name;            /*!< tag name (case-sensitive) */
	char *value;           /*!< value without surrounding whitespace; for p=
	                            every SP, TAB, CR and LF is removed */
	unsigned column;       /*!< 1-based column of the name in the record */
	unsigned value_column; /*!< 1-based column of the value's first
	                            character (just after '=' and whitespace) */
	size_t length;         /*!< length of name..end of value in the record */
	bool bad;              /*!< the pair has a syntax error; its meaning
	                            is not used */
};

/** A parsed key record. */
struct dnsauth_dkim {
	struct dnsauth_dkim_tag *tags; /*!< in written order */
	size_t ntags;
	size_t cap;
	bool valid;    /*!< no syntax or version error: verifiers accept the
	                    text as a key record (the key may still be unusable) */
	bool usable;   /*!< valid, and a verifier can check rsa-sha256 or
	                    ed25519-sha256 signatures with it: not revoked, key
	                    decoded and matching k=, sha256 allowed, service
	                    email, RSA of at least 1024 bits */
	bool revoked;  /*!< p= present and empty */
	bool testing;  /*!< t= has the flag y */
	bool strict;   /*!< t= has the flag s */
	enum dnsauth_dkim_key_type key_type;     /*!< type of the p= material */
	enum dnsauth_dkim_key_format key_format;
	unsigned key_bits;      /*!< RSA modulus bits; 256 for Ed25519; 0 if none */
	unsigned char *key;     /*!< decoded p= octets, NULL if none */
	size_t key_len;
};

/**
 * \brief Parse one DKIM key record (the strings of one TXT RR joined).
 *
 * Reports dkim-record-syntax, dkim-version-invalid, dkim-key-revoked,
 * dkim-key-too-short, dkim-key-weak and dkim-key-unusable into \p fl (may
 * be NULL), each with the 1-based byte column in \p text, and info notes
 * (t=y, the obsolete g=, Ed25519 keys, bare RSAPublicKey). All problems
 * are reported, not only the first. Unknown tags are ignored, as
 * verifiers ignore them.
 *
 * \param[in]  text value; need not be NUL-terminated
 * \param[in]  len  length of \p text
 * \param[in]  name DNS name the record is published at (for findings), or NULL
 * \param[out] out  the model; the caller frees it with dnsauth_dkim_free().
 *                  Set also when the record is invalid ((*out)->valid false).
 * \retval 0               the record is valid (see usable for the key)
 * \retval DNSAUTH_EPARSE  syntax or version error: verifiers discard it
 * \retval DNSAUTH_ELIMIT  longer than DNSAUTH_DKIM_MAX_LEN (*out is NULL)
 * \retval DNSAUTH_ENOMEM  (*out is NULL)
 */
int dnsauth_dkim_parse(const char *text, size_t len, const char *name,
		       struct dnsauth_dkim **out, struct dnsauth_findings *fl);

/** \brief Free a record and everything it owns; NULL is allowed. */
void dnsauth_dkim_free(struct dnsauth_dkim *rec);

/**
 * \brief The tag called \p name (case-sensitive), or NULL if absent.
 * \return a pointer into \p rec, valid until it is freed.
 */
const struct dnsauth_dkim_tag *dnsauth_dkim_tag(const struct dnsauth_dkim *rec,
						const char *name);

/**
 * \brief Print the record canonically: "v=DKIM1", then h=, k= (always;
 * "rsa" when absent), s=, t=, n=, the unknown tags in written order, and
 * p= last, separated by "; ". Lists are printed without whitespace, p=
 * without FWS. Tags with syntax errors are left out (an invalid record
 * prints what could be understood).
 * \param[out] out text is appended; the caller owns the buffer
 * \return 0 or the buffer's error
 */
int dnsauth_dkim_print(const struct dnsauth_dkim *rec, struct dnsauth_buf *out);

/** \brief "rsa", "ed25519", "none" or "other"; a static string. */
const char *dnsauth_dkim_key_type_name(enum dnsauth_dkim_key_type type);

/**
 * \brief Build and check the owner name "<selector>._domainkey.<domain>"
 * (RFC 6376 §3.6.2.1). The selector may have several labels ("sel.sub");
 * every label is 1..63 octets of letters, digits, '-' or '_', the domain
 * has at least two labels, and the whole name is at most 253 octets.
 * \param[out] out the name without a trailing dot is appended
 * \param[out] bad_part on failure: "selector", "domain" or "name" (static)
 * \param[out] why on failure: a static reason
 * \return 0, DNSAUTH_EINVAL, or the buffer's error
 */
int dnsauth_dkim_owner(const char *selector, const char *domain,
		       struct dnsauth_buf *out, const char **bad_part,
		       const char **why);

/**
 * \brief Generate a key pair for signing.
 * \param[in] type DNSAUTH_DKIM_KEY_RSA or DNSAUTH_DKIM_KEY_ED25519
 * \param[in] bits RSA modulus size, DNSAUTH_DKIM_RSA_MIN_BITS ..
 *            DNSAUTH_DKIM_RSA_MAX_BITS, or 0 for the default (2048);
 *            must be 0 for Ed25519
 * \param[out] out the key pair; the caller frees it with EVP_PKEY_free()
 * \retval DNSAUTH_EINVAL unknown type or bits out of range
 * \retval DNSAUTH_ENOMEM key generation failed
 */
int dnsauth_dkim_keygen(enum dnsauth_dkim_key_type type, unsigned bits,
			EVP_PKEY **out);

/**
 * \brief Append the private key of \p key as unencrypted PKCS #8 PEM
 * ("-----BEGIN PRIVATE KEY-----"). The caller owns \p out and should wipe
 * it (OPENSSL_cleanse) before freeing it.
 * \return 0, DNSAUTH_EINVAL (no private key), DNSAUTH_ENOMEM
 */
int dnsauth_dkim_key_pem(const EVP_PKEY *key, struct dnsauth_buf *out);

/**
 * \brief Append the key record value for the public half of \p key:
 * "v=DKIM1; k=rsa; p=<base64 DER SubjectPublicKeyInfo>" for RSA, as every
 * signer publishes it, or "v=DKIM1; k=ed25519; p=<base64 raw 32 octets>"
 * for Ed25519 (RFC 8463).
 * \return 0, DNSAUTH_EINVAL (another key type), DNSAUTH_ENOMEM
 */
int dnsauth_dkim_record_value(const EVP_PKEY *key, struct dnsauth_buf *out);

/**
 * \brief The public key published in a parsed record, as an EVP_PKEY.
 * \param[out] out the key; the caller frees it with EVP_PKEY_free()
 * \retval DNSAUTH_ENOTFOUND the record has no decodable RSA or Ed25519 key
 * \retval DNSAUTH_ENOMEM
 */
int dnsauth_dkim_public_key(const struct dnsauth_dkim *rec, EVP_PKEY **out);

#endif
