#!/usr/bin/env bash
# Installs what is missing, builds twice (warnings as errors; then AddressSanitizer and
# UndefinedBehaviorSanitizer), starts a throwaway PostgreSQL cluster and runs every suite
# against it in both builds. Prints Check's summary lines and the time it took.
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$LA_ROOT"
started=$(date +%s)

la_install "${LA_PKGS_BUILD[@]}" "${LA_PKGS_RUN[@]}"

la_build build-ci -Dbuildtype=debugoptimized -Dwerror=true
la_build build-asan -Dbuildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

# A throwaway cluster, in a directory the postgres user owns.
tmp=$(mktemp -d /tmp/legalaid-test.XXXXXX)
chmod 755 "$tmp"
chown postgres: "$tmp"
cleanup() {
  la_pg_stop
  rm -rf "$tmp" "/tmp/legalaid-pg.${LA_PG_PORT:-x}"
}
trap cleanup EXIT
port=$((20000 + RANDOM % 20000))
la_pg_start "$tmp" "$port"
export LEGALAID_TEST_PG="host=$LA_PG_SOCKDIR port=$LA_PG_PORT user=postgres dbname=postgres"
export LEGALAID_TEST_PG_DATA="$LA_PG_DATA" LEGALAID_TEST_PG_BIN="$(la_pg_bindir)"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

status=0
for b in build-ci build-asan; do
  la_log "running the suites in $b"
  if ! meson test -C "$b" --print-errorlogs --num-processes 2 >"$tmp/$b.out" 2>&1; then
    status=1
  fi
  tail -n 15 "$tmp/$b.out"
  # Check's own summary line of every suite ("100%: Checks: 12, Failures: 0, Errors: 0").
  grep -h -E '^[0-9]+%: Checks:' "$b/meson-logs/testlog.txt" | sed "s|^|[$b] |" || true
done

la_log "finished in $(( $(date +%s) - started )) s with status $status"
exit $status
