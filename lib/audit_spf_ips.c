/* SPDX-License-Identifier: MIT */
/*
 * audit_spf_ips.c - whether the domain's SPF authorizes each sending IP
 * of the options (verify --ip), and whether the HELO name has SPF.
 *
 * Runs once, after the restartable area checks: check_host() is
 * sequential code over dnsauth_dns_lookup(), and by then most of the
 * names it asks for are cached. An IP the policy does not authorize is
 * reported under spf-missing (rules.md §6.1 lists "a configured sending
 * IP is not authorized" as a check inside the existing SPF rules): SPF
 * does not pass for mail from that IP, with the receivers' answer to it
 * in the message. Result none is not reported per IP (spf-missing is
 * already reported for the domain).
 */
#include <config.h>

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "audit_int.h"
#include "dname.h"
#include "error.h"
#include "spf.h"

/* What receivers do with mail from an IP that gets \p r. */
static const char *effect(enum dnsauth_spf_result r)
{
	switch (r) {
	case DNSAUTH_SPF_R_FAIL:
		return "mail from it passes DMARC only with an aligned DKIM signature, and "
		       "Gmail rejects an SPF hard fail with 550 5.7.26";
	case DNSAUTH_SPF_R_SOFTFAIL:
		return "receivers accept it but count it against the message, and it passes "
		       "DMARC only with an aligned DKIM signature";
	case DNSAUTH_SPF_R_NEUTRAL:
		return "SPF does not pass, so DMARC depends on an aligned DKIM signature";
	case DNSAUTH_SPF_R_PERMERROR:
		return "receivers treat the policy as broken for every IP (Outlook.com "
		       "550 5.7.515 for bulk senders; with DMARC enforced and no DKIM, "
		       "Gmail 550 5.7.26)";
	case DNSAUTH_SPF_R_TEMPERROR:
		return "receivers defer the mail (451 4.4.3) and retry";
	default:
		return "";
	}
}

static enum dnsauth_severity severity(enum dnsauth_spf_result r)
{
	return r == DNSAUTH_SPF_R_FAIL || r == DNSAUTH_SPF_R_PERMERROR ? DNSAUTH_SEV_ERROR :
	       DNSAUTH_SEV_WARNING;
}

static void eval_ip(struct audit_ctx *c, const char *ip)
{
	struct dnsauth_audit *a = c->a;
	struct dnsauth_audit_ip_spf *e;
	struct dnsauth_spf_eval *ev = NULL;
	int rc;

	rc = dnsauth_spf_check_host(c->dns, ip, c->domain, NULL, c->o->helo, &ev);
	if (rc == DNSAUTH_EINVAL)
		return; /* not an address: the front ends check them */
	if (rc) {
		c->oom = 1;
		return;
	}
	e = &a->ip_spf[a->nip_spf];
	e->ip = strdup(ip);
	e->reason = strdup(ev->reason ? ev->reason : "");
	if (!e->ip || !e->reason) {
		free(e->ip);
		free(e->reason);
		dnsauth_spf_eval_free(ev);
		c->oom = 1;
		return;
	}
	e->result = ev->result;
	e->lookups = ev->lookups;
	a->nip_spf++;
	if (ev->result != DNSAUTH_SPF_R_PASS && ev->result != DNSAUTH_SPF_R_NONE)
		audit_finding(c, DNSAUTH_R_SPF_MISSING, severity(ev->result), c->domain, NULL, 0,
			      "the SPF policy of %s does not authorize the sending IP %s: "
			      "result %s (%s); %s",
			      c->domain, ip, dnsauth_spf_result_name(ev->result), e->reason,
			      effect(ev->result));
	dnsauth_spf_eval_free(ev);
}

/* RFC 7208 §2.3: receivers may check the HELO identity too. */
static void helo_spf(struct audit_ctx *c)
{
	const char *helo = c->o->helo, *why = NULL;
	const struct dnsauth_dns_answer *txt;
	unsigned char b[16];
	size_t i;

	if (!helo || !*helo || inet_pton(AF_INET, helo, b) == 1 ||
	    inet_pton(AF_INET6, helo, b) == 1 || helo[0] == '[' ||
	    !dnsauth_dname_valid(helo, strlen(helo), true, &why, NULL))
		return; /* not a name: ptr-helo-mismatch reports it */
	txt = dnsauth_dns_lookup(c->dns, helo, LDNS_RR_TYPE_TXT);
	if (!txt) {
		c->oom = 1;
		return;
	}
	if (txt->status == DNSAUTH_DNS_OUTSIDE || dnsauth_dns_failed(txt->status))
		return; /* not known: not reported as missing */
	for (i = 0; txt->status == DNSAUTH_DNS_DATA && i < txt->ntxt; i++)
		if (dnsauth_spf_is_record(txt->txt[i], txt->txt_len[i]))
			return;
	audit_finding(c, DNSAUTH_R_SPF_MISSING, DNSAUTH_SEV_INFO, helo, NULL, 0,
		      "the HELO name %s has no SPF record: receivers that check the HELO "
		      "identity (RFC 7208 §2.3) get none; a host name that sends mail can "
		      "publish 'v=spf1 a -all'", helo);
}

void audit_spf_ips(struct audit_ctx *c)
{
	const struct dnsauth_audit_opts *o = c->o;
	size_t i;

	helo_spf(c);
	if (!o->nips || c->oom)
		return;
	c->a->ip_spf = calloc(o->nips, sizeof(*c->a->ip_spf));
	if (!c->a->ip_spf) {
		c->oom = 1;
		return;
	}
	for (i = 0; i < o->nips && !c->oom; i++)
		if (o->ips[i])
			eval_ip(c, o->ips[i]);
}
