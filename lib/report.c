/* SPDX-License-Identifier: MIT */
/* report.c - findings -> terminal-safe text and JSON. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report.h"

#define CARET_WINDOW 60u /* bytes of record shown on each side of a caret */

bool dnsauth_finding_has_impact(const struct dnsauth_finding *f)
{
	const struct dnsauth_rule *r = dnsauth_rule_get(f->rule);

	return *r->impact && f->severity >= r->severity;
}

void dnsauth_report_opts_init(struct dnsauth_report_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->min_severity = DNSAUTH_SEV_INFO;
	o->details = true;
}

bool dnsauth_report_color_wanted(int fd)
{
	const char *nc = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	if (nc && *nc)
		return false;
	if (term && strcmp(term, "dumb") == 0)
		return false;
	return isatty(fd) == 1;
}

static const char *sev_color(enum dnsauth_severity s)
{
	switch (s) {
	case DNSAUTH_SEV_ERROR:
		return "\033[1;31m";
	case DNSAUTH_SEV_WARNING:
		return "\033[1;33m";
	default:
		return "\033[1;36m";
	}
}

/* Terminal columns of one code point: 0 for combining marks, 2 for East
 * Asian wide and emoji ranges, else 1 (a locale-independent wcwidth()). */
static size_t cp_width(uint32_t c)
{
	if ((c >= 0x300 && c <= 0x36f) || (c >= 0x200b && c <= 0x200f) ||
	    (c >= 0xfe00 && c <= 0xfe0f))
		return 0;
	if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0x303e) ||
	    (c >= 0x3041 && c <= 0x33ff) || (c >= 0x3400 && c <= 0x4dbf) ||
	    (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xa000 && c <= 0xa4cf) ||
	    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) ||
	    (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x20000 && c <= 0x3fffd))
		return 2;
	return 1;
}

/* Number of terminal columns the escaped form of s[0..n) takes. */
static size_t shown_width(const char *s, size_t n)
{
	struct dnsauth_buf tmp;
	const unsigned char *p;
	size_t w = 0, i = 0;

	dnsauth_buf_init(&tmp, 0);
	dnsauth_buf_put_safe(&tmp, s, n);
	p = (const unsigned char *)dnsauth_buf_str(&tmp);
	/* the escaped text is valid UTF-8 by construction */
	while (i < tmp.len) {
		uint32_t c = p[i];
		size_t len = 1, k;

		if (c >= 0xf0)
			len = 4, c &= 0x07;
		else if (c >= 0xe0)
			len = 3, c &= 0x0f;
		else if (c >= 0xc0)
			len = 2, c &= 0x1f;
		for (k = 1; k < len && i + k < tmp.len; k++)
			c = (c << 6) | (p[i + k] & 0x3f);
		w += cp_width(c);
		i += len;
	}
	dnsauth_buf_free(&tmp);
	return w;
}

/* Start of the UTF-8 character containing byte i. */
static size_t char_start(const char *s, size_t i)
{
	while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80)
		i--;
	return i;
}

/* The record line and, when a column is known, a caret line under it. */
static void record_lines(struct dnsauth_buf *out, const char *rec, unsigned column)
{
	size_t len = strlen(rec), from = 0, to = len, col;
	bool cut_left = false, cut_right = false;

	col = column > 0 && column <= len + 1 ? column - 1 : (size_t)-1;
	if (col != (size_t)-1 && col > CARET_WINDOW) {
		from = char_start(rec, col - CARET_WINDOW);
		cut_left = from > 0;
	}
	if (col == (size_t)-1 && len > 2 * CARET_WINDOW) {
		to = char_start(rec, 2 * CARET_WINDOW);
		cut_right = true;
	} else if (col != (size_t)-1 && len - col > CARET_WINDOW + 1) {
		to = char_start(rec, col + 1 + CARET_WINDOW);
		cut_right = to < len;
	}
	dnsauth_buf_puts(out, "    ");
	if (cut_left)
		dnsauth_buf_puts(out, "...");
	dnsauth_buf_put_safe(out, rec + from, to - from);
	if (cut_right)
		dnsauth_buf_puts(out, "...");
	dnsauth_buf_putc(out, '\n');
	if (col == (size_t)-1)
		return;
	dnsauth_buf_puts(out, "    ");
	if (cut_left)
		dnsauth_buf_puts(out, "   ");
	dnsauth_buf_printf(out, "%*s^\n", (int)shown_width(rec + from, col - from), "");
}

static void text_finding(struct dnsauth_buf *out, const struct dnsauth_finding *f,
			 const struct dnsauth_report_opts *o)
{
	const struct dnsauth_rule *r = dnsauth_rule_get(f->rule);
	const char *on = o->color ? sev_color(f->severity) : "";
	const char *off = o->color ? "\033[0m" : "";
	const char *dim = o->color ? "\033[2m" : "";

	if (f->file) {
		dnsauth_buf_put_safe(out, f->file, strlen(f->file));
		dnsauth_buf_printf(out, ":%u:", f->line);
		if (f->column)
			dnsauth_buf_printf(out, "%u:", f->column);
		dnsauth_buf_printf(out, " %s%s%s: ", on, dnsauth_severity_name(f->severity), off);
		if (f->name) {
			dnsauth_buf_put_safe(out, f->name, strlen(f->name));
			dnsauth_buf_puts(out, ": ");
		}
		dnsauth_buf_put_safe(out, f->message, strlen(f->message));
		dnsauth_buf_printf(out, " %s[%s]%s\n", dim, r->id, off);
	} else {
		dnsauth_buf_printf(out, "%s%s%s: %s%s%s: ", on,
				   dnsauth_severity_name(f->severity), off, dim, r->id, off);
		if (f->name) {
			dnsauth_buf_put_safe(out, f->name, strlen(f->name));
			dnsauth_buf_puts(out, ": ");
		}
		dnsauth_buf_put_safe(out, f->message, strlen(f->message));
		dnsauth_buf_putc(out, '\n');
	}
	if (!o->details)
		return;
	if (f->record)
		record_lines(out, f->record, f->file ? 0 : f->column);
	if (dnsauth_finding_has_impact(f))
		dnsauth_buf_printf(out, "    %sreceivers:%s %s\n", dim, off, r->impact);
	if (*r->reference)
		dnsauth_buf_printf(out, "    %sreference:%s %s\n", dim, off, r->reference);
}

enum dnsauth_report_section dnsauth_report_section_of(const struct dnsauth_finding *f)
{
	switch (f->area) {
	case DNSAUTH_AREA_SPF:
		return DNSAUTH_SECTION_SPF;
	case DNSAUTH_AREA_DMARC:
		return DNSAUTH_SECTION_DMARC;
	case DNSAUTH_AREA_DKIM:
		return DNSAUTH_SECTION_DKIM;
	case DNSAUTH_AREA_MX:
		return DNSAUTH_SECTION_MX;
	case DNSAUTH_AREA_PTR:
		return DNSAUTH_SECTION_PTR;
	default:
		return DNSAUTH_SECTION_OTHER;
	}
}

const char *dnsauth_report_section_title(enum dnsauth_report_section s)
{
	static const char *const titles[DNSAUTH_SECTION_COUNT] = {
		"SPF", "DMARC", "DKIM", "MX", "Reverse DNS", "Other",
	};

	return s < DNSAUTH_SECTION_COUNT ? titles[s] : "Other";
}

/* Append src to out with every line indented by two spaces. */
static void indent_lines(struct dnsauth_buf *out, const struct dnsauth_buf *src)
{
	const char *p = dnsauth_buf_str(src), *nl;

	while (*p) {
		nl = strchr(p, '\n');
		dnsauth_buf_puts(out, "  ");
		if (!nl) {
			dnsauth_buf_puts(out, p);
			break;
		}
		dnsauth_buf_append(out, p, (size_t)(nl - p) + 1);
		p = nl + 1;
	}
}

int dnsauth_report_text_sections(struct dnsauth_buf *out,
				 const struct dnsauth_findings *fl,
				 const struct dnsauth_report_opts *o)
{
	struct dnsauth_findings part;
	struct dnsauth_buf body;
	int s;
	size_t i;

	for (s = 0; s < DNSAUTH_SECTION_COUNT; s++) {
		/* a view of this section's findings: copies of the structs,
		 * the strings stay owned by fl */
		part.v = NULL;
		part.n = part.cap = part.dropped = 0;
		for (i = 0; i < fl->n; i++)
			if ((int)dnsauth_report_section_of(&fl->v[i]) == s)
				part.n++;
		if (part.n) {
			part.v = calloc(part.n, sizeof(*part.v));
			if (!part.v)
				return out->err ? out->err : -1;
			part.n = 0;
			for (i = 0; i < fl->n; i++)
				if ((int)dnsauth_report_section_of(&fl->v[i]) == s)
					part.v[part.n++] = fl->v[i];
		}
		dnsauth_buf_printf(out, "%s: ",
				   dnsauth_report_section_title((enum dnsauth_report_section)s));
		if (dnsauth_findings_worst(&part) == DNSAUTH_SEV_NONE)
			dnsauth_buf_puts(out, "no problems found");
		else
			dnsauth_report_summary(out, &part);
		dnsauth_buf_putc(out, '\n');
		dnsauth_buf_init(&body, 0);
		dnsauth_report_text(&body, &part, o);
		indent_lines(out, &body);
		dnsauth_buf_free(&body);
		free(part.v);
	}
	if (fl->dropped)
		dnsauth_buf_printf(out, "note: %zu further finding%s not kept\n",
				   fl->dropped, fl->dropped == 1 ? " was" : "s were");
	return out->err;
}

int dnsauth_report_text(struct dnsauth_buf *out, const struct dnsauth_findings *fl,
			const struct dnsauth_report_opts *o)
{
	size_t i;

	for (i = 0; i < fl->n; i++)
		if (fl->v[i].severity >= o->min_severity)
			text_finding(out, &fl->v[i], o);
	if (fl->dropped)
		dnsauth_buf_printf(out, "note: %zu further finding%s not kept\n",
				   fl->dropped, fl->dropped == 1 ? " was" : "s were");
	return out->err;
}

void dnsauth_report_json_finding(struct dnsauth_json *j, const struct dnsauth_finding *f)
{
	const struct dnsauth_rule *r = dnsauth_rule_get(f->rule);
	const char *p, *q;

	dnsauth_json_object_begin(j);
	dnsauth_json_kv_string(j, "rule", r->id);
	dnsauth_json_kv_string(j, "severity", dnsauth_severity_name(f->severity));
	dnsauth_json_kv_string(j, "area", dnsauth_area_name(f->area));
	dnsauth_json_kv_string(j, "title", r->title);
	dnsauth_json_kv_string(j, "message", f->message);
	dnsauth_json_kv_string(j, "name", f->name);
	dnsauth_json_kv_string(j, "record", f->record);
	dnsauth_json_kv_string(j, "file", f->file);
	dnsauth_json_key(j, "line");
	if (f->line)
		dnsauth_json_int(j, f->line);
	else
		dnsauth_json_null(j);
	dnsauth_json_key(j, "column");
	if (f->column)
		dnsauth_json_int(j, f->column);
	else
		dnsauth_json_null(j);
	dnsauth_json_kv_string(j, "impact", dnsauth_finding_has_impact(f) ? r->impact : NULL);
	dnsauth_json_kv_string(j, "reference", r->reference);
	dnsauth_json_key(j, "codes");
	dnsauth_json_array_begin(j);
	for (p = dnsauth_finding_has_impact(f) ? r->codes : ""; *p; p = q) {
		while (*p == ' ')
			p++;
		for (q = p; *q && *q != ' '; q++)
			;
		if (q > p)
			dnsauth_json_string_n(j, p, (size_t)(q - p));
	}
	dnsauth_json_array_end(j);
	dnsauth_json_object_end(j);
}

void dnsauth_report_json_array(struct dnsauth_json *j, const struct dnsauth_findings *fl,
			       enum dnsauth_severity min_severity)
{
	size_t i;

	dnsauth_json_array_begin(j);
	for (i = 0; i < fl->n; i++)
		if (fl->v[i].severity >= min_severity)
			dnsauth_report_json_finding(j, &fl->v[i]);
	dnsauth_json_array_end(j);
}

int dnsauth_report_json(struct dnsauth_buf *out, const struct dnsauth_findings *fl,
			const struct dnsauth_report_opts *o)
{
	struct dnsauth_json j;
	int rc;

	dnsauth_json_init(&j, out, true);
	dnsauth_json_object_begin(&j);
	dnsauth_json_key(&j, "findings");
	dnsauth_report_json_array(&j, fl, o->min_severity);
	dnsauth_json_object_end(&j);
	rc = dnsauth_json_finish(&j);
	dnsauth_buf_putc(out, '\n');
	return rc ? rc : out->err;
}

int dnsauth_report_summary(struct dnsauth_buf *out, const struct dnsauth_findings *fl)
{
	size_t e = dnsauth_findings_count(fl, DNSAUTH_SEV_ERROR);
	size_t w = dnsauth_findings_count(fl, DNSAUTH_SEV_WARNING);
	size_t n = dnsauth_findings_count(fl, DNSAUTH_SEV_INFO);

	return dnsauth_buf_printf(out, "%zu error%s, %zu warning%s, %zu note%s", e,
				  e == 1 ? "" : "s", w, w == 1 ? "" : "s", n,
				  n == 1 ? "" : "s");
}
