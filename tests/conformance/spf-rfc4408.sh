#!/bin/sh
# SPDX-License-Identifier: MIT
# The openspf.org RFC 4408 test suite (obsolete standard; informational):
# tests whose RFC 4408 expectation conflicts with RFC 7208 are listed in
# spf-skip.txt with the reason.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
exec "$top_builddir/tests/conformance/spf-suite" -n rfc4408 \
	-s "$top_srcdir/tests/conformance/spf-skip.txt" \
	"$top_srcdir/tests/conformance/data/rfc4408-tests.yml"
