#!/usr/bin/env bash
# deploy/lib.sh's la_pg_ensure_role, run by 8 callers at once for a role that does not exist
# yet (as test.sh's browser tests and the suites once made the two roles side by side): every
# caller succeeds and the role is there. Run by meson (test "deploy_roles") on the suites'
# cluster, LEGALAID_TEST_PG; by hand: tests/deploy_roles.sh [the source root].
set -uo pipefail
root=${1:-$(dirname "$0")/..}
# shellcheck source=../deploy/lib.sh
source "$root/deploy/lib.sh"
pg=${LEGALAID_TEST_PG:?LEGALAID_TEST_PG is not set: run through deploy/test.sh}
LA_PG_SOCKDIR=$(sed -n 's/.*host=\([^ ]*\).*/\1/p' <<<"$pg")
LA_PG_PORT=$(sed -n 's/.*port=\([0-9]*\).*/\1/p' <<<"$pg")
role="la_roles_test_$$"
pids=()
for i in 1 2 3 4 5 6 7 8; do
  la_pg_ensure_role "$role" >"${TMPDIR:-/tmp}/$role.$i" 2>&1 &
  pids+=($!)
done
failed=0
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || { failed=$((failed + 1)); sed 's/^/  /' "${TMPDIR:-/tmp}/$role.$((i + 1))"; }
done
rm -f "${TMPDIR:-/tmp}/$role".*
n=$(la_psql -d postgres -Atc "SELECT count(*) FROM pg_roles WHERE rolname = '$role' AND rolcanlogin")
la_psql -d postgres -c "DROP ROLE IF EXISTS \"$role\"" >/dev/null
echo "deploy_roles: $failed of 8 callers failed; the login role there: $n"
[ "$failed" -eq 0 ] && [ "$n" = 1 ]
