#!/bin/sh
# SPDX-License-Identifier: MIT
# Every shipped SPF template loads, produces a valid record on its own,
# and spfgen counts exactly its documented lookup cost; every template
# file is installed (listed in Makefile.am) and documented.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

export DNSAUTH_TEMPLATE_DIR="$top_srcdir/templates"
n=0
for f in "$top_srcdir"/templates/spf/*.yaml; do
	name=$(basename "$f" .yaml)
	n=$((n + 1))
	documented=$(sed -n 's/^lookups: *\([0-9][0-9]*\).*/\1/p' "$f")
	[ -n "$documented" ] && ok || fail "$name: no 'lookups:' line"
	"$SPFGEN" -f json -d example.com -t "$name" >"$TMP/$name.json" 2>"$TMP/$name.err"
	expect_rc "$name generates" 0 $?
	counted=$(sed -n 's/^    "total": \([0-9]*\),$/\1/p' "$TMP/$name.json")
	if [ "$counted" = "$documented" ]; then ok; else
		fail "$name: spfgen counts '$counted' lookups, the template documents '$documented'"
	fi
	# the record holds exactly the template's terms and the policy
	"$SPFGEN" -d example.com -t "$name" >"$TMP/$name.value" 2>/dev/null
	terms=$(sed -n 's/^  - \([a-z0-9]*\): *\(.*\)$/\1:\2/p' "$f" | sed 's/ *#.*//' | tr '\n' ' ')
	expect_file "$name record" /dev/stdin "$TMP/$name.value" <<EOT
v=spf1 ${terms}-all
EOT
	grep -q "templates/spf/$name.yaml" "$top_srcdir/Makefile.am" && ok ||
		fail "$name: not listed in Makefile.am (it would not be installed)"
	grep -q "| *\`$name\` *|" "$top_srcdir/doc/spf-templates.md" && ok ||
		fail "$name: not documented in doc/spf-templates.md"
done
[ "$n" -ge 12 ] && ok || fail "only $n templates, at least 12 expected"

# --list-templates lists every one of them
"$SPFGEN" --list-templates >"$TMP/list" 2>&1
expect_rc list 0 $?
[ "$(($(wc -l <"$TMP/list") - 1))" -eq "$n" ] && ok || fail "--list-templates does not list $n templates"

# Two templates together add their costs.
"$SPFGEN" -f json -d example.com -t google-workspace -t mailgun >"$TMP/two.json" 2>/dev/null
g=$(sed -n 's/^lookups: *\([0-9]*\).*/\1/p' "$top_srcdir/templates/spf/google-workspace.yaml")
m=$(sed -n 's/^lookups: *\([0-9]*\).*/\1/p' "$top_srcdir/templates/spf/mailgun.yaml")
expect_grep "costs add up" "\"total\": $((g + m))," "$TMP/two.json"

finish
