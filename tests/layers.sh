#!/usr/bin/env bash
# The layers of server/ARCHITECTURE.md, checked: what each may include, where libpq, HTTP and
# words may appear, and no production function that nothing calls. Run by meson (test
# "layers"); by hand: tests/layers.sh [the source root]. Prints each breach; fails on any.
set -uo pipefail
cd "${1:-$(dirname "$0")/..}" || exit 2
status=0
breach() { echo "layers: $1"; printf '%s\n' "$2" | sed 's/^/  /'; status=1; }
check() { # what, then a command whose output lists breaches
  local what=$1 out
  shift
  out=$("$@" 2>&1) || true
  [ -n "$out" ] && breach "$what" "$out"
}

# libpq stays inside server/store, behind its own header.
check "libpq outside server/store" \
  grep -rn "libpq-fe\|PGconn\|PGresult" server/api server/domain server/http server/main.c
check "libpq in a store header other than pg.h" \
  grep -ln "libpq-fe\|PGconn\|PGresult" $(ls server/store/*.h | grep -v '/pg\.h$')
# The store answers statuses, never HTTP; http/ knows nothing of legal aid; neither words
# anything for a person (no text outside ASCII: the words are the api's).
check "HTTP in server/store" grep -rni "http" server/store
check "words in server/store or server/http" grep -rnP '[^\x00-\x7F]' server/store server/http
# Who includes whom: domain nothing of ours but domain; http nothing of ours; store no api
# and no http; api no libmicrohttpd (http/ wraps it).
check "domain includes another layer" grep -rnE '#include "[^"]*/' server/domain
check "domain includes a library" grep -rnE '#include <(libpq-fe|jansson|microhttpd|sodium|curl)' server/domain
check "http includes another layer" grep -rnE '#include "(api|store|domain)/' server/http
check "store includes api or http" grep -rnE '#include "(api|http)/|#include <microhttpd' server/store
check "api includes libmicrohttpd" grep -rn "#include <microhttpd" server/api

# Every production function is called by production (or by the benchmark tools that measure
# it); tests alone do not count.
if command -v cppcheck >/dev/null; then
  check "functions nothing calls (cppcheck --enable=unusedFunction)" \
    sh -c 'cppcheck --enable=unusedFunction --quiet -I server server tests/bench 2>&1 | grep "never used"'
else
  breach "cppcheck is not installed (deploy/lib.sh installs it)" ""
fi
exit $status
