# SPDX-License-Identifier: MIT
# bench/depth.awk - the minimum number of round trips of "dnsauth verify"
# for one domain, derived from the zone files alone (no DNS, no dnsauth):
# the depth of the longest chain of dependent lookups.
#
#   awk -v domain=bench.test -v selectors="s1 s2 s3" -f bench/depth.awk ZONE...
#
# The zone files are read into memory ($ORIGIN, $TTL, relative names, "@",
# blank owners, parentheses, TXT strings joined). Then the questions the
# audit asks are modelled as the audit's area checks name them (the
# comments at the top of lib/audit_*.c):
#
#   level 1, known from the domain alone: TXT and SPF (99) of the domain;
#     MX, A, AAAA of the domain; TXT of every selector; the DMARC tree walk
#     (_dmarc.<domain> and its parents) and _dmarc.<domain>.<domain>;
#     _mta-sts TXT, mta-sts A/AAAA, _smtp._tls TXT, default._bimi TXT,
#     _25._tcp.<domain> TLSA;
#   then every answer names the questions of the next level:
#     SPF record (apex, include/redirect target) -> TXT of include and
#       redirect targets (redirect only without "all"), A/AAAA of a terms,
#       MX of mx terms (-> A/AAAA of its hosts), A of exists terms
#       (terms after the first "all" and macro targets are not asked);
#     MX of the domain -> A/AAAA of every host (MX area) and TLSA at
#       _25._tcp.<host> (DANE); host addresses -> PTR; PTR names -> A (IPv4)
#       or AAAA (IPv6) of the name (forward confirmation);
#     DMARC record -> MX, A, AAAA of every mailto rua/ruf host, and for an
#       external host <domain>._report._dmarc.<host> and
#       *._report._dmarc.<host> TXT;
#     TLS-RPT record -> MX of every mailto rua domain.
#
# A question is fetched in the first batch in which any check can name it
# (level = 1 + the batch of the answer that names it, the least over all
# the checks that need it), as the phase-batched prefetch does: so a name
# asked at level 1 by one area and reached at level 3 by another costs no
# further round trip. The depth is the highest level; the audit then runs
# its checks once more with everything cached (passes = depth + 1).
#
# Output: "depth N", "questions N" (distinct name/type pairs: the
# questions a run needs; it sends fewer queries when answers bring others
# along, as the A/AAAA of in-zone MX hosts in the additional section of
# NSD's MX answers), one "level K: N questions" line per batch
# (with -v verbose=1 the questions too), "chain: ..." for one longest
# chain, and "chain N: ..." for the deepest chain under each level-1
# question that names further ones.
#
# Not modelled: CNAMEs (each hop costs one more round trip inside a
# batch; a "note:" line names them), non-public addresses (the audit asks
# no PTR for them), names with several SPF/DMARC/TLS-RPT records, IP
# literals as MX hosts, BIMI's DMARC lookup at the organizational domain,
# ptr terms and macros (they need the sender). Checked against
# "dnsauth verify --zone" over tests/data/zones: the same round trips for
# every domain there but one (mx-cname.test: a CNAME), the same number of
# questions for all but twelve (the cases above).

function lc(s) { return tolower(s) }

function fqdn(n) {
	n = lc(n)
	if (n == "@")
		return origin
	if (n ~ /\.$/)
		return substr(n, 1, length(n) - 1)
	return origin == "" ? n : n "." origin
}

# Remove a comment (a ";" outside quotes).
function strip_comment(s,    i, ch, q, out) {
	q = 0
	out = ""
	for (i = 1; i <= length(s); i++) {
		ch = substr(s, i, 1)
		if (ch == "\\" && q) {
			out = out ch substr(s, i + 1, 1)
			i++
			continue
		}
		if (ch == "\"")
			q = !q
		if (ch == ";" && !q)
			break
		out = out ch
	}
	return out
}

# The strings of a TXT rdata, joined.
function txt_join(s,    out) {
	out = ""
	while (match(s, /"([^"\\]|\\.)*"/)) {
		out = out substr(s, RSTART + 1, RLENGTH - 2)
		s = substr(s, RSTART + RLENGTH)
	}
	if (out == "" && s !~ /"/) {
		gsub(/^[ \t]+|[ \t]+$/, "", s)
		out = s
	}
	return out
}

function pop(    tok) {
	sub(/^[ \t]+/, "", rest)
	if (!match(rest, /^[^ \t]+/))
		return ""
	tok = substr(rest, 1, RLENGTH)
	rest = substr(rest, RLENGTH + 1)
	return tok
}

function add_rr(owner, type, rdata,    k, f) {
	type = toupper(type)
	if (type == "TXT" || type == "SPF") {
		rdata = txt_join(rdata)
	} else {
		gsub(/^[ \t]+|[ \t]+$/, "", rdata)
		if (type == "MX") {
			split(rdata, f, /[ \t]+/)
			rdata = f[1] " " fqdn(f[2])
		} else if (type == "PTR" || type == "CNAME" || type == "NS") {
			rdata = fqdn(rdata)
		}
	}
	k = owner SUBSEP type
	if (k in rr)
		rdata = rr[k] "\n" rdata
	rr[k] = rdata
	names[owner] = 1
}

FNR == 1 {
	origin = FILENAME
	sub(/.*\//, "", origin)
	sub(/\.zone$/, "", origin)
	origin = lc(origin)
	last = origin
	pending = ""
}

{
	line = strip_comment($0)
	if (pending != "") {
		line = pending " " line
		pending = ""
	}
	if (index(line, "(") && !index(line, ")")) {
		pending = line
		next
	}
	gsub(/[()]/, " ", line)
	if (line ~ /^[ \t]*$/)
		next
	if (line ~ /^\$ORIGIN/) {
		split(line, f, /[ \t]+/)
		origin = lc(f[2])
		sub(/\.$/, "", origin)
		next
	}
	if (line ~ /^\$/)
		next
	rest = line
	if (line ~ /^[ \t]/) {
		owner = last
	} else {
		owner = fqdn(pop())
		last = owner
	}
	for (;;) {
		tok = pop()
		if (tok ~ /^[0-9]+$/ || toupper(tok) == "IN" || toupper(tok) == "CH")
			continue
		break
	}
	add_rr(owner, tok, rest)
}

# ------------------------------------------------------------------ model

function get(name, type) {
	return (name SUBSEP type) in rr ? rr[name SUBSEP type] : ""
}

# A question named at level lvl by the answer "from", for check ctx.
function ask(type, name, ctx, lvl, from,    q, n) {
	name = lc(name)
	sub(/\.$/, "", name)
	q = type " " name
	if (!(q in level) || lvl < level[q]) {
		level[q] = lvl
		via[q] = from
		changed = 1
	}
	n = q SUBSEP ctx
	if (!(n in node)) {
		node[n] = 1
		changed = 1
	}
	if (get(name, "CNAME") != "")
		cname_note = cname_note " " name
}

function spf_record(name,    v, i, n, recs, found) {
	n = split(get(name, "TXT"), recs, "\n")
	found = ""
	for (i = 1; i <= n; i++) {
		if (lc(recs[i]) ~ /^v=spf1( |$)/) {
			if (found != "")
				return ""    # several records: permerror, not expanded
			found = recs[i]
		}
	}
	return found
}

function target(term, dflt,    t) {
	t = term
	sub(/^[a-z]+[:=]?/, "", t)
	sub(/\/.*/, "", t)
	return t == "" ? dflt : t
}

# Whether a report host is external to the domain. The audit compares
# organizational domains (PSL or tree walk); here: neither the domain nor
# a name under it.
function external(host) {
	if (host == domain)
		return 0
	return substr(host, length(host) - length(domain)) != "." domain
}

# The questions an answer (question q, fetched at level lvl) names for
# the check ctx.
function expand(q, ctx, lvl,    type, name, rec, terms, i, n, t, kind, tg, all, redir,
		hosts, h, addrs, a, j, m, f, rev, uris, u, host) {
	type = substr(q, 1, index(q, " ") - 1)
	name = substr(q, index(q, " ") + 1)
	if (ctx == "spf") {
		rec = spf_record(name)
		if (rec == "" || lvl > 20)
			return
		n = split(rec, terms, /[ \t]+/)
		all = 0
		redir = ""
		for (i = 2; i <= n; i++) {
			t = lc(terms[i])
			sub(/^[-+~?]/, "", t)
			kind = t
			sub(/[:=\/].*/, "", kind)
			if (kind == "redirect") {
				if (redir == "")
					redir = target(t, "")
				continue
			}
			if (all)
				continue
			if (t ~ /%/)
				continue
			tg = target(t, name)
			if (kind == "all")
				all = 1
			else if (kind == "include")
				ask("TXT", tg, "spf", lvl + 1, q)
			else if (kind == "a") {
				ask("A", tg, "leaf", lvl + 1, q)
				ask("AAAA", tg, "leaf", lvl + 1, q)
			} else if (kind == "mx")
				ask("MX", tg, "spfmx", lvl + 1, q)
			else if (kind == "exists")
				ask("A", tg, "leaf", lvl + 1, q)
		}
		if (!all && redir != "" && redir !~ /%/)
			ask("TXT", redir, "spf", lvl + 1, q)
	} else if (ctx == "spfmx" || ctx == "mx" || ctx == "dane") {
		n = split(get(name, "MX"), hosts, "\n")
		for (i = 1; i <= n; i++) {
			split(hosts[i], f, " ")
			h = f[2]
			if (h == "" || h == ".")
				continue
			if (ctx == "dane") {
				if (h != domain)
					ask("TLSA", "_25._tcp." h, "leaf", lvl + 1, q)
				continue
			}
			ask("A", h, ctx == "mx" ? "mxhost" : "leaf", lvl + 1, q)
			ask("AAAA", h, ctx == "mx" ? "mxhost" : "leaf", lvl + 1, q)
		}
	} else if (ctx == "mxhost") {
		m = split(get(name, type), addrs, "\n")
		for (j = 1; j <= m; j++) {
			rev = reverse(addrs[j])
			if (rev != "")
				ask("PTR", rev, type == "A" ? "ptr4" : "ptr6", lvl + 1, q)
		}
	} else if (ctx == "ptr4" || ctx == "ptr6") {
		m = split(get(name, "PTR"), addrs, "\n")
		for (j = 1; j <= m; j++)
			ask(ctx == "ptr4" ? "A" : "AAAA", addrs[j], "leaf", lvl + 1, q)
	} else if (ctx == "dmarc" || ctx == "tlsrpt") {
		rec = get(name, "TXT")
		if (ctx == "dmarc" && lc(rec) !~ /^v=dmarc1/)
			return
		if (ctx == "tlsrpt" && lc(rec) !~ /^v=tlsrptv1/)
			return
		n = split(rec, f, /;/)
		for (i = 1; i <= n; i++) {
			t = f[i]
			gsub(/[ \t]/, "", t)
			if (lc(t) !~ /^ru[af]=/)
				continue
			if (ctx == "tlsrpt" && lc(t) !~ /^rua=/)
				continue
			m = split(substr(t, 5), uris, /,/)
			for (j = 1; j <= m; j++) {
				u = lc(uris[j])
				sub(/!.*/, "", u)
				if (u !~ /^mailto:.*@/)
					continue
				host = u
				sub(/.*@/, "", host)
				if (ctx == "tlsrpt") {
					ask("MX", host, "leaf", lvl + 1, q)
					continue
				}
				ask("MX", host, "leaf", lvl + 1, q)
				ask("A", host, "leaf", lvl + 1, q)
				ask("AAAA", host, "leaf", lvl + 1, q)
				if (external(host)) {
					t = "._report._dmarc." host
					ask("TXT", domain t, "leaf", lvl + 1, q)
					ask("TXT", "*" t, "leaf", lvl + 1, q)
				}
			}
		}
	}
}

# The reverse name of an address ("" if it is not one).
function reverse(addr,    out, o, i, n, g, halves, left, right, nl, nr, groups, k, hex) {
	if (addr ~ /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/) {
		split(addr, o, ".")
		return o[4] "." o[3] "." o[2] "." o[1] ".in-addr.arpa"
	}
	if (addr !~ /:/)
		return ""
	addr = lc(addr)
	n = split(addr, halves, "::")
	nl = halves[1] == "" ? 0 : split(halves[1], left, ":")
	nr = (n < 2 || halves[2] == "") ? 0 : split(halves[2], right, ":")
	k = 0
	for (i = 1; i <= nl; i++)
		groups[++k] = left[i]
	for (i = 0; i < 8 - nl - nr; i++)
		groups[++k] = "0"
	for (i = 1; i <= nr; i++)
		groups[++k] = right[i]
	hex = ""
	for (i = 1; i <= 8; i++) {
		g = groups[i]
		while (length(g) < 4)
			g = "0" g
		hex = hex g
	}
	out = ""
	for (i = 32; i >= 1; i--)
		out = out substr(hex, i, 1) "."
	return out "ip6.arpa"
}

function chain_of(q,    s) {
	s = q " (" level[q] ")"
	for (q = via[q]; q != ""; q = via[q])
		s = q " (" level[q] ") -> " s
	return s
}

END {
	domain = lc(domain)
	sub(/\.$/, "", domain)
	d = domain
	ask("TXT", d, "spf", 1, "")
	ask("SPF", d, "leaf", 1, "")
	ask("MX", d, "mx", 1, "")
	ask("MX", d, "dane", 1, "")
	ask("A", d, "leaf", 1, "")
	ask("AAAA", d, "leaf", 1, "")
	ns = split(selectors, sel, /[ ,]+/)
	for (i = 1; i <= ns; i++)
		if (sel[i] != "")
			ask("TXT", sel[i] "._domainkey." d, "leaf", 1, "")
	ask("TXT", "_dmarc." d, "dmarc", 1, "")
	w = d
	for (k = 0; k < 7 && index(w, "."); k++) {
		w = substr(w, index(w, ".") + 1)
		ask("TXT", "_dmarc." w, "leaf", 1, "")
	}
	ask("TXT", "_dmarc." d "." d, "leaf", 1, "")
	ask("TXT", "_mta-sts." d, "leaf", 1, "")
	ask("A", "mta-sts." d, "leaf", 1, "")
	ask("AAAA", "mta-sts." d, "leaf", 1, "")
	ask("TXT", "_smtp._tls." d, "tlsrpt", 1, "")
	ask("TXT", "default._bimi." d, "leaf", 1, "")
	ask("TLSA", "_25._tcp." d, "leaf", 1, "")
	# relax until no question can be named earlier
	for (round = 0; changed && round < 50; round++) {
		changed = 0
		for (n in node) {
			split(n, p, SUBSEP)
			expand(p[1], p[2], level[p[1]])
		}
	}
	depth = 0
	nq = 0
	for (q in level) {
		nq++
		if (level[q] > depth) {
			depth = level[q]
			deepest = q
		} else if (level[q] == depth && q < deepest) {
			deepest = q
		}
	}
	print "depth " depth
	print "questions " nq
	for (k = 1; k <= depth; k++) {
		c = 0
		for (q in level)
			if (level[q] == k)
				c++
		print "level " k ": " c (c == 1 ? " question" : " questions")
		for (q in level)
			if (verbose && level[q] == k)
				print "    " q
	}
	print "chain: " chain_of(deepest)
	# the deepest question under each level-1 question
	for (q in level) {
		for (r = q; via[r] != ""; r = via[r])
			;
		if (!(r in best) || level[q] > level[best[r]] ||
		    (level[q] == level[best[r]] && q < best[r]))
			best[r] = q
	}
	for (r in best)
		if (level[best[r]] > 1)
			print "chain " level[best[r]] ": " chain_of(best[r])
	if (cname_note != "")
		print "note: CNAMEs not modelled (each hop costs a round trip):" cname_note
}
