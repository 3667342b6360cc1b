#!/usr/bin/env bash
# Installs what is missing, builds twice (warnings as errors; then AddressSanitizer and
# UndefinedBehaviorSanitizer), starts a throwaway PostgreSQL cluster and runs every suite
# against it in both builds, the browser tests and tests/ha's quick three. Prints Check's summary
# lines, a timing line per phase and the time it took.
#
# What waits runs beside what computes (issue 16: the whole run under 10 minutes on two cores):
#   build build-ci | then the suites of build-ci, then those of build-asan, and beside them:
#   building build-asan, tests/ha (their own clusters; they mostly wait on WAL, standbys and
#   nginx) and the browser tests (build-ci's daemon on a database of its own).
# No suite stops the shared cluster (api_faults and api_resilience make their own), so these
# overlap freely; each part's output is printed whole once it is done.
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$LA_ROOT"
started=$(date +%s)
# la_took WHAT SINCE: one line of the run's timing per phase (issue 16: the whole run must stay
# under 10 minutes on two cores; these lines show where the time goes).
la_took() { la_log "$1 took $(( $(date +%s) - $2 )) s (load average $(cut -d' ' -f1-3 /proc/loadavg))"; }

la_install "${LA_PKGS_BUILD[@]}" "${LA_PKGS_RUN[@]}" "${LA_PKGS_TEST[@]}" "${LA_PKGS_BROWSER[@]}" "${LA_PKGS_HA[@]}"
la_install_node
la_took "installing" "$started"

# A throwaway cluster, in a directory the postgres user owns.
tmp=$(mktemp -d /tmp/legalaid-test.XXXXXX)
chmod 755 "$tmp"
chown postgres: "$tmp"
cleanup() {
  # The parts run beside each other end first (a failed build-asan leaves tests/ha running).
  wait || true
  la_pg_stop
  # A replica the resilience suite left behind in this run's directory when it failed
  # half-way: stopped through its own data directory, never by a pattern that could match
  # another run's processes.
  local d
  for d in "$tmp"/legalaid-replica.*/data; do
    [ -f "$d/postmaster.pid" ] && la_as_pg "$(la_pg_bindir)/pg_ctl" -D "$d" -m immediate -w stop >/dev/null 2>&1 || true
  done
  # The same for tests/ha, whose tests stop their own unless they were killed: the
  # pg_auto_failover formation first (its pg_autoctl would restart a stopped PostgreSQL), then
  # any cluster left in the run's directory.
  for d in "$tmp"/ha-failover.*; do
    [ -d "$d" ] && "$LA_ROOT/deploy/postgresql/ha.sh" stop "$d" >/dev/null 2>&1 || true
  done
  find "$tmp" -path "$tmp/pgdata" -prune -o -name postmaster.pid -print 2>/dev/null | while read -r f; do
    la_as_pg "$(la_pg_bindir)/pg_ctl" -D "$(dirname "$f")" -m immediate -w stop >/dev/null 2>&1 || true
  done
  rm -rf "$tmp" "/tmp/legalaid-pg.${LA_PG_PORT:-x}"
}
trap cleanup EXIT
port=$((20000 + RANDOM % 20000))
la_pg_start "$tmp" "$port"
# The roles before anything runs beside another (the browser tests, the suites, tests/ha).
la_pg_ensure_roles >/dev/null
export LEGALAID_TEST_PG="host=$LA_PG_SOCKDIR port=$LA_PG_PORT user=postgres dbname=postgres"
export LEGALAID_TEST_PG_DATA="$LA_PG_DATA" LEGALAID_TEST_PG_BIN="$(la_pg_bindir)"
export LEGALAID_TEST_TMPDIR="$tmp"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

t=$(date +%s)
la_build build-ci -Dbuildtype=debugoptimized -Dwerror=true
la_took "building build-ci" "$t"

# Issue 16's quick tests: a repeated request after its primary crashed (synchronous standby),
# point-in-time recovery (pgBackRest), two daemons behind nginx. Each has its own clusters in
# $tmp. The failover test (pg_auto_failover) takes too long for this run: `tests/ha/run.sh`
# alone is the separate HA check (README, Tests).
la_log "running the replay, recovery and nginx tests (tests/ha), beside the suites"
(
  t=$(date +%s); rc=0
  tests/ha/run.sh build-ci replay pitr nginx || rc=1
  la_took "tests/ha" "$t"
  exit $rc
) >"$tmp/ha.log" 2>&1 &
ha_pid=$!
(
  t=$(date +%s)
  la_build build-asan -Dbuildtype=debug -Db_sanitize=address,undefined -Db_lundef=false
  la_took "building build-asan (beside the suites of build-ci)" "$t"
) >"$tmp/build-asan.log" 2>&1 &
asan_pid=$!

# The browser tests: the real daemon (the build-ci one, serving static/) on a fresh database,
# beside the suites of both builds (they mostly wait on the pages and on chromium).
run_browser() {
  local t rc=0 bpid bport
  la_log "running the browser tests (beside the suites)"
  t=$(date +%s)
  la_pg_ensure_db la_browser >/dev/null
  # Port 0: the kernel picks a free one and the daemon writes it to LEGALAID_PORT_FILE (a
  # random pick once collided with a client's ephemeral port in CI).
  rm -f "$tmp/browser.port"
  LEGALAID_DB=$(la_db_conninfo la_browser legalaid "$LA_PG_SOCKDIR:$LA_PG_PORT") \
    LEGALAID_DB_OWNER=$(la_db_conninfo la_browser legalaid_owner "$LA_PG_SOCKDIR:$LA_PG_PORT") \
    LEGALAID_PORT=0 LEGALAID_PORT_FILE="$tmp/browser.port" LEGALAID_BIND=127.0.0.1 \
    LEGALAID_BOOTSTRAP_ADMIN=admin:browser-admin-2024 \
    build-ci/legalaidd 2>"$tmp/browser-daemon.log" &
  bpid=$!
  bport=$(la_wait_port "$tmp/browser.port" $bpid) || bport=0
  if (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error >&2 &&
      LEGALAID_URL="http://127.0.0.1:$bport" LEGALAID_ADMIN=admin:browser-admin-2024 node run.mjs); then
    la_log "browser tests passed (screenshots in tests/browser/artifacts)"
  else
    rc=1
    tail -n 20 "$tmp/browser-daemon.log" >&2
  fi
  kill -TERM $bpid 2>/dev/null; wait $bpid 2>/dev/null || true
  la_took "the browser tests" "$t"
  return $rc
}
run_browser >"$tmp/browser.log" 2>&1 &
browser_pid=$!

status=0
# run_suites BUILD: meson test, its output in $tmp/BUILD.out; a timing line.
run_suites() {
  local b=$1 t rc=0
  la_log "running the suites in $b"
  t=$(date +%s)
  meson test -C "$b" --print-errorlogs --num-processes 2 >"$tmp/$b.out" 2>&1 || rc=1
  la_took "the suites in $b" "$t"
  return $rc
}
# show_suites BUILD: meson's summary and Check's own summary line of every suite
# ("100%: Checks: 12, Failures: 0, Errors: 0").
show_suites() {
  local b=$1
  tail -n 15 "$tmp/$b.out"
  awk -v b="$b" '/^test:/ {t = $2} /^[0-9]+%: Checks:/ {printf "[%s] %-18s %s\n", b, t, $0}' \
    "$b/meson-logs/testlog.txt" | sort -k2,2 || true
}

run_suites build-ci || status=1
show_suites build-ci
if ! wait $asan_pid; then
  cat "$tmp/build-asan.log" >&2
  la_die "build failed in build-asan"
fi
grep -a '^\[legalaid\]' "$tmp/build-asan.log" >&2 || true

run_suites build-asan || status=1
show_suites build-asan
wait $browser_pid || status=1
cat "$tmp/browser.log"
wait $ha_pid || status=1
cat "$tmp/ha.log"

la_log "finished in $(( $(date +%s) - started )) s with status $status"
exit $status
