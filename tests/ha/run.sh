#!/usr/bin/env bash
# The tests of issue 16, side by side: failover under a stream of intakes, a repeated intake or
# paper upload after its primary crashed, point-in-time recovery, two daemons behind nginx.
#
#   tests/ha/run.sh [BUILD_DIR [TEST...]]   (as root; default build-ci, built as test.sh builds
#                                            it; default TESTs: failover replay pitr nginx)
#
# The separate HA check: `tests/ha/run.sh` alone runs all four, failover included. deploy/test.sh
# (and so CI's .ci/run) runs only the quick three, `tests/ha/run.sh build-ci replay pitr nginx`:
# the failover test waits on pg_auto_failover's monitor (a formation of three clusters, its
# health checks and timeouts) and took minutes, up to 15 at a load average of 40, which the
# 10 minutes of test.sh cannot hold. A CI-like run of everything: `.ci/run && .ci/ha`.
#
# Each test starts and removes its own clusters, daemons and nginx, in a directory of its own
# under $LEGALAID_TEST_TMPDIR (or /tmp). Prints each test's result line and seconds; exits 1 if
# one failed. Figures over several runs: tests/ha/measure.sh (tests/ha/RESULTS.md).
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "$0")/../../deploy/lib.sh"
cd "$LA_ROOT"
la_install "${LA_PKGS_BUILD[@]}" "${LA_PKGS_RUN[@]}" "${LA_PKGS_HA[@]}"
build=${1:-build-ci}
[ $# -ge 1 ] || la_build build-ci -Dbuildtype=debugoptimized -Dwerror=true
shift $(( $# ? 1 : 0 ))
logs=$(mktemp -d "${LEGALAID_TEST_TMPDIR:-/tmp}/ha-logs.XXXXXX")
# At once: they mostly wait (on pg_auto_failover's decisions, on WAL reaching the archive),
# and none asserts a time.
tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(failover replay pitr nginx)
for t in "${tests[@]}"; do
  case $t in failover | replay | pitr | nginx) ;; *) printf '[ha] no test %s (failover, replay, pitr, nginx)\n' "$t" >&2; exit 2 ;; esac
done
printf '[ha] %s UTC, load average %s\n' "$(date -u +%H:%M)" "$(cut -d' ' -f1-3 /proc/loadavg)"
declare -A pid t0
for t in "${tests[@]}"; do
  t0[$t]=$(date +%s)
  # Each notes its own seconds (the waits below end in order, not when each test did).
  (
    rc=0
    "tests/ha/$t.sh" "$build" >"$logs/$t.out" 2>"$logs/$t.err" || rc=$?
    echo $(( $(date +%s) - t0[$t] )) >"$logs/$t.secs"
    exit $rc
  ) &
  pid[$t]=$!
done
status=0
for t in "${tests[@]}"; do
  if wait "${pid[$t]}"; then
    printf '[ha] %-8s passed in %3d s: %s\n' "$t" "$(cat "$logs/$t.secs")" "$(tail -n1 "$logs/$t.out")"
  else
    status=1
    printf '[ha] %-8s FAILED after %s s:\n' "$t" "$(cat "$logs/$t.secs" 2>/dev/null || echo '?')"
    tail -n 25 "$logs/$t.err" | sed 's/^/    /'
  fi
done
rm -rf "$logs"
printf '[ha] %s UTC, load average %s\n' "$(date -u +%H:%M)" "$(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
