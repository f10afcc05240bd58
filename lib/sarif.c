/* SPDX-License-Identifier: MIT */
/*
 * sarif.c - SARIF 2.1.0 output of findings.
 */
#include <config.h>

#include <string.h>

#include "error.h"
#include "json.h"
#include "rules.h"
#include "sarif.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

const char *dnsauth_sarif_level(enum dnsauth_severity sev)
{
	switch (sev) {
	case DNSAUTH_SEV_ERROR:
		return "error";
	case DNSAUTH_SEV_WARNING:
		return "warning";
	default:
		return "note";
	}
}

int dnsauth_sarif_uri(struct dnsauth_buf *out, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			dnsauth_buf_putc(out, (char)*p);
		} else {
			dnsauth_buf_putc(out, '%');
			dnsauth_buf_putc(out, hex[*p >> 4]);
			dnsauth_buf_putc(out, hex[*p & 15]);
		}
	}
	return out->err ? DNSAUTH_ENOMEM : 0;
}

static void text_object(struct dnsauth_json *j, const char *key, const char *text)
{
	dnsauth_json_key(j, key);
	dnsauth_json_object_begin(j);
	dnsauth_json_kv_string(j, "text", text);
	dnsauth_json_object_end(j);
}

static void driver(struct dnsauth_json *j, const char *tool, const char *version)
{
	size_t i;

	dnsauth_json_key(j, "driver");
	dnsauth_json_object_begin(j);
	dnsauth_json_kv_string(j, "name", tool);
	dnsauth_json_kv_string(j, "version", version);
	dnsauth_json_kv_string(j, "informationUri", "https://dnsauth.invalid/");
	dnsauth_json_key(j, "rules");
	dnsauth_json_array_begin(j);
	for (i = 0; i < dnsauth_rule_count(); i++) {
		const struct dnsauth_rule *r = dnsauth_rule_get((enum dnsauth_rule_id)i);

		dnsauth_json_object_begin(j);
		dnsauth_json_kv_string(j, "id", r->id);
		text_object(j, "shortDescription", r->title);
		text_object(j, "fullDescription", r->impact);
		text_object(j, "help", r->reference);
		dnsauth_json_key(j, "defaultConfiguration");
		dnsauth_json_object_begin(j);
		dnsauth_json_kv_string(j, "level", dnsauth_sarif_level(r->severity));
		dnsauth_json_object_end(j);
		dnsauth_json_key(j, "properties");
		dnsauth_json_object_begin(j);
		dnsauth_json_kv_string(j, "area", dnsauth_area_name(r->area));
		dnsauth_json_object_end(j);
		dnsauth_json_object_end(j);
	}
	dnsauth_json_array_end(j);
	dnsauth_json_object_end(j);
}

static int result(struct dnsauth_json *j, const struct dnsauth_finding *f)
{
	const struct dnsauth_rule *r = dnsauth_rule_get(f->rule);
	struct dnsauth_buf uri;
	int rc = 0;

	dnsauth_json_object_begin(j);
	dnsauth_json_kv_string(j, "ruleId", r->id);
	dnsauth_json_kv_int(j, "ruleIndex", (long long)f->rule);
	dnsauth_json_kv_string(j, "level", dnsauth_sarif_level(f->severity));
	text_object(j, "message", f->message);
	if (f->file) {
		dnsauth_buf_init(&uri, 0);
		rc = dnsauth_sarif_uri(&uri, f->file);
		dnsauth_json_key(j, "locations");
		dnsauth_json_array_begin(j);
		dnsauth_json_object_begin(j);
		dnsauth_json_key(j, "physicalLocation");
		dnsauth_json_object_begin(j);
		dnsauth_json_key(j, "artifactLocation");
		dnsauth_json_object_begin(j);
		dnsauth_json_kv_string(j, "uri", dnsauth_buf_str(&uri));
		dnsauth_json_object_end(j);
		if (f->line) {
			dnsauth_json_key(j, "region");
			dnsauth_json_object_begin(j);
			dnsauth_json_kv_int(j, "startLine", f->line);
			if (f->column)
				dnsauth_json_kv_int(j, "startColumn", f->column);
			dnsauth_json_object_end(j);
		}
		dnsauth_json_object_end(j);
		dnsauth_json_object_end(j);
		dnsauth_json_array_end(j);
		dnsauth_buf_free(&uri);
	}
	if (f->name) {
		dnsauth_json_key(j, "properties");
		dnsauth_json_object_begin(j);
		dnsauth_json_kv_string(j, "name", f->name);
		dnsauth_json_object_end(j);
	}
	dnsauth_json_object_end(j);
	return rc;
}

int dnsauth_sarif_write(struct dnsauth_buf *out, const struct dnsauth_findings *fl,
			const char *tool, const char *version)
{
	struct dnsauth_json j;
	size_t i;
	int rc = 0;

	dnsauth_json_init(&j, out, true);
	dnsauth_json_object_begin(&j);
	dnsauth_json_kv_string(&j, "$schema", SARIF_SCHEMA);
	dnsauth_json_kv_string(&j, "version", "2.1.0");
	dnsauth_json_key(&j, "runs");
	dnsauth_json_array_begin(&j);
	dnsauth_json_object_begin(&j);
	dnsauth_json_key(&j, "tool");
	dnsauth_json_object_begin(&j);
	driver(&j, tool, version);
	dnsauth_json_object_end(&j);
	dnsauth_json_key(&j, "results");
	dnsauth_json_array_begin(&j);
	for (i = 0; i < fl->n && !rc; i++)
		rc = result(&j, &fl->v[i]);
	dnsauth_json_array_end(&j);
	dnsauth_json_object_end(&j);
	dnsauth_json_array_end(&j);
	dnsauth_json_object_end(&j);
	if (dnsauth_json_finish(&j) != 0 || rc)
		return DNSAUTH_ENOMEM;
	dnsauth_buf_putc(out, '\n');
	return out->err ? DNSAUTH_ENOMEM : 0;
}
