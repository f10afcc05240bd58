#!/bin/sh
# SPDX-License-Identifier: MIT
# dnsauth-lint as a pre-commit hook, with the real pre-commit tool: a
# temporary git repository uses a local hook with the "files" pattern of the
# repository's .pre-commit-hooks.yaml and the built linter; a clean zone is
# committed, a broken one is refused with its finding shown, and a file the
# pattern does not match is not checked. Skipped without git or pre-commit.
# No network: HOME and PRE_COMMIT_HOME are temporary, the hook is a local
# one (nothing to clone or install) and git may use only local files.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

for tool in git pre-commit; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed"
		exit 77
	fi
done

LINT="$top_builddir/lint/dnsauth-lint"
HOOKS="$top_srcdir/.pre-commit-hooks.yaml"
export DNSAUTH_PSL="$DATA/psl/public_suffix_list.dat"

mkdir "$TMP/home" "$TMP/pre-commit-home" "$TMP/repo" || exit 1
HOME="$TMP/home"
PRE_COMMIT_HOME="$TMP/pre-commit-home"
PRE_COMMIT_COLOR='never'
GIT_CONFIG_NOSYSTEM=1
GIT_ALLOW_PROTOCOL='file'
export HOME PRE_COMMIT_HOME PRE_COMMIT_COLOR GIT_CONFIG_NOSYSTEM GIT_ALLOW_PROTOCOL
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE

# The hook definition: id dnsauth-lint, and its files pattern (and types).
expect_grep "hook id" "- id: dnsauth-lint" "$HOOKS"
files=$(sed -n "s/^ *files: *'\\(.*\\)' *\$/\\1/p" "$HOOKS")
types=$(sed -n 's/^ *types: *\(\[.*\]\) *$/\1/p' "$HOOKS")
if [ -z "$files" ]; then
	fail "no files pattern in $HOOKS"
	finish
	exit 1
fi

cd "$TMP/repo" || exit 1
git init -q . && git config user.name "dnsauth test" &&
	git config user.email "test@example.com" && git config commit.gpgsign false
expect_rc "git init" 0 $?
{
	echo "repos:"
	echo "  - repo: local"
	echo "    hooks:"
	echo "      - id: dnsauth-lint"
	echo "        name: dnsauth-lint"
	echo "        entry: $LINT --no-config --documentation-addresses-ok"
	echo "        language: system"
	echo "        files: '$files'"
	[ -n "$types" ] && echo "        types: $types"
} >.pre-commit-config.yaml
pre-commit install >"$TMP/out" 2>&1
expect_rc "pre-commit install" 0 $?
[ -x .git/hooks/pre-commit ] && ok || fail "pre-commit install wrote no hook"

# commit_files WANT_RC MESSAGE FILE...: add and commit; output in $TMP/out
commit_files() {
	want=$1 msg=$2
	shift 2
	git add -- "$@" .pre-commit-config.yaml
	git commit -q -m "$msg" >"$TMP/out" 2>&1
	rc=$?
	if [ "$want" = 0 ]; then
		expect_rc "$msg: commit" 0 "$rc"
	elif [ "$rc" -eq 0 ]; then
		fail "$msg: commit was not refused"
	else
		ok
	fi
}

mkdir zones notes
cat >zones/example.com.zone <<'Z'
$ORIGIN example.com.
@        3600 IN MX  10 mail.example.com.
mail     3600 IN A   192.0.2.25
@        3600 IN TXT "v=spf1 mx -all"
_dmarc   3600 IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"
Z
commit_files 0 "clean zone" zones/example.com.zone
expect_grep "the hook passed" "Passed" "$TMP/out"
git cat-file -e HEAD:zones/example.com.zone 2>/dev/null && ok ||
	fail "the clean zone was not committed"

# The MX host lacks its trailing dot; the origin comes from the file name.
broken='$TTL 3600
@        IN MX  10 mail.broken.example
mail     IN A   192.0.2.25
@        IN TXT "v=spf1 mx -all"
'
finding="error: MX name 'mail.broken.example' has no trailing dot, so the origin is appended and it becomes mail.broken.example.broken.example. (RFC 1035 §5.1); write 'mail.broken.example.' [zone-missing-trailing-dot]"
head=$(git rev-parse HEAD)
for f in zones/broken.example.zone broken.example.db db.broken.example; do
	printf '%s' "$broken" >"$f"
	commit_files 1 "broken $f" "$f"
	expect_grep "broken $f: finding shown" "$f:2:20: $finding" "$TMP/out"
	expect_grep "broken $f: hook failed" "Failed" "$TMP/out"
	[ "$(git rev-parse HEAD)" = "$head" ] && ok ||
		fail "broken $f: HEAD moved although the commit was refused"
	git rm -q --cached -- "$f" && rm -f -- "$f"
done

# Files the pattern does not match are not checked, broken or not.
printf '%s' "$broken" >notes/broken.example.txt
printf '%s' "$broken" >zones/broken.example.zone.orig
commit_files 0 "not matched" notes/broken.example.txt zones/broken.example.zone.orig
expect_grep "not matched: hook skipped" "(no files to check)" "$TMP/out"
if grep -q "broken.example" "$TMP/out"; then
	fail "not matched: a file outside the pattern was checked:"
	sed 's/^/    /' "$TMP/out"
else
	ok
fi
[ "$(git rev-parse HEAD)" != "$head" ] && ok || fail "not matched: nothing was committed"

finish
