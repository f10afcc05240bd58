#!/bin/sh
# SPDX-License-Identifier: MIT
# The openspf.org RFC 7208 test suite (tests/conformance/data, a copy of
# the pyspf project's test/rfc7208-tests.yml) against check_host().
# Every test not listed in spf-skip.txt must pass.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
exec "$top_builddir/tests/conformance/spf-suite" -n rfc7208 \
	-s "$top_srcdir/tests/conformance/spf-skip.txt" \
	"$top_srcdir/tests/conformance/data/rfc7208-tests.yml"
