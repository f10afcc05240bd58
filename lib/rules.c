/* SPDX-License-Identifier: MIT */
/*
 * rules.c - the rule catalogue table, built from rules.def, and the
 * names of severities and areas.
 */
#include <stddef.h>
#include <string.h>

#include "rules.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct dnsauth_rule rules[DNSAUTH_RULE_COUNT] = {
#define DNSAUTH_RULE(sym, id_, area_, sev_, live_, title_, ref_, impact_, codes_) \
	[DNSAUTH_R_##sym] = {                   \
		.rule = DNSAUTH_R_##sym,        \
		.id = id_,                      \
		.area = DNSAUTH_AREA_##area_,   \
		.severity = DNSAUTH_SEV_##sev_, \
		.live = live_,                  \
		.title = title_,                \
		.reference = ref_,              \
		.impact = impact_,              \
		.codes = codes_,                \
	},
#include "rules.def"
#undef DNSAUTH_RULE
};

static const char *const sev_names[] = {
	[DNSAUTH_SEV_NONE] = "none",
	[DNSAUTH_SEV_INFO] = "info",
	[DNSAUTH_SEV_WARNING] = "warning",
	[DNSAUTH_SEV_ERROR] = "error",
};

static const char *const area_names[DNSAUTH_AREA_COUNT] = {
	[DNSAUTH_AREA_SPF] = "spf",
	[DNSAUTH_AREA_DMARC] = "dmarc",
	[DNSAUTH_AREA_DKIM] = "dkim",
	[DNSAUTH_AREA_MX] = "mx",
	[DNSAUTH_AREA_PTR] = "ptr",
	[DNSAUTH_AREA_DNS] = "dns",
	[DNSAUTH_AREA_MTASTS] = "mtasts",
	[DNSAUTH_AREA_BIMI] = "bimi",
	[DNSAUTH_AREA_DANE] = "dane",
	[DNSAUTH_AREA_ZONE] = "zone",
};

static const char *const area_titles[DNSAUTH_AREA_COUNT] = {
	[DNSAUTH_AREA_SPF] = "SPF",
	[DNSAUTH_AREA_DMARC] = "DMARC",
	[DNSAUTH_AREA_DKIM] = "DKIM",
	[DNSAUTH_AREA_MX] = "MX",
	[DNSAUTH_AREA_PTR] = "Reverse DNS",
	[DNSAUTH_AREA_DNS] = "DNS",
	[DNSAUTH_AREA_MTASTS] = "MTA-STS and TLS-RPT",
	[DNSAUTH_AREA_BIMI] = "BIMI",
	[DNSAUTH_AREA_DANE] = "DANE",
	[DNSAUTH_AREA_ZONE] = "Zone file",
};

const struct dnsauth_rule *dnsauth_rule_get(enum dnsauth_rule_id rule)
{
	if ((unsigned)rule >= DNSAUTH_RULE_COUNT)
		return NULL;
	return &rules[rule];
}

const struct dnsauth_rule *dnsauth_rule_find(const char *id)
{
	size_t i;

	if (id == NULL)
		return NULL;
	/* 80 entries: a linear scan is cheap and needs no sorted copy. */
	for (i = 0; i < NELEM(rules); i++)
		if (strcmp(rules[i].id, id) == 0)
			return &rules[i];
	return NULL;
}

size_t dnsauth_rule_count(void)
{
	return DNSAUTH_RULE_COUNT;
}

const char *dnsauth_severity_name(enum dnsauth_severity sev)
{
	if ((unsigned)sev >= NELEM(sev_names))
		return "none";
	return sev_names[sev];
}

/* ASCII case-insensitive equality; no locale involved. */
static int ascii_caseeq(const char *a, const char *b)
{
	unsigned char ca, cb;

	do {
		ca = (unsigned char)*a++;
		cb = (unsigned char)*b++;
		if (ca >= 'A' && ca <= 'Z')
			ca = (unsigned char)(ca - 'A' + 'a');
		if (cb >= 'A' && cb <= 'Z')
			cb = (unsigned char)(cb - 'A' + 'a');
		if (ca != cb)
			return 0;
	} while (ca != '\0');
	return 1;
}

enum dnsauth_severity dnsauth_severity_parse(const char *name)
{
	if (name == NULL)
		return DNSAUTH_SEV_NONE;
	if (ascii_caseeq(name, "error"))
		return DNSAUTH_SEV_ERROR;
	if (ascii_caseeq(name, "warning"))
		return DNSAUTH_SEV_WARNING;
	if (ascii_caseeq(name, "info"))
		return DNSAUTH_SEV_INFO;
	return DNSAUTH_SEV_NONE;
}

const char *dnsauth_area_name(enum dnsauth_area area)
{
	if ((unsigned)area >= DNSAUTH_AREA_COUNT)
		return "unknown";
	return area_names[area];
}

const char *dnsauth_area_title(enum dnsauth_area area)
{
	if ((unsigned)area >= DNSAUTH_AREA_COUNT)
		return "Unknown";
	return area_titles[area];
}
