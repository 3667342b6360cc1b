#!/usr/bin/env bash
# The figures of tests/ha/RESULTS.md, re-measurable (as root; needs build-ci, as test.sh builds it):
#
#   tests/ha/measure.sh failover [RUNS [MODE...]]  RUNS times (default 3): tests/ha/failover.sh
#                                           with the primary's postmaster killed, with its whole
#                                           server (pg_autoctl and PostgreSQL) killed, and a
#                                           planned switchover (MODEs: postmaster node switchover,
#                                           default all three)
#   tests/ha/measure.sh restore [CENTERS]   restore time per GB: legalaid-gen loads CENTERS
#                                           centres (default 20) x 5 years (4,000 cases and
#                                           10,000 calls per centre-year), backup.sh takes a
#                                           full backup, an update of one year's cases writes
#                                           WAL after it, backup.sh restores it all into a
#                                           fresh directory and PostgreSQL replays the WAL
#
# Run it alone on a quiet machine: these are timings. Each result line starts with the time and
# the 1-minute load average before and after it.
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "$0")/../../deploy/lib.sh"
# shellcheck source=tests/ha/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$LA_ROOT"

# The machine's 1-minute load average (uptime's first figure), printed before and after each
# measurement: the machine is shared.
load() { cut -d' ' -f1 /proc/loadavg; }

measure_failover() {
  local runs=${1:-3} i modes
  shift $(( $# ? 1 : 0 ))
  modes=("$@")
  [ ${#modes[@]} -gt 0 ] || modes=(postmaster node switchover)
  for i in $(seq 1 "$runs"); do
    for kill in "${modes[@]}"; do
      load0=$(load)
      if HA_TIMELINE=1 HA_KILL=$kill tests/ha/failover.sh build-ci >"/tmp/ha-measure.$$.out" 2>"/tmp/ha-measure.$$.err"; then
        echo "run $i ($(date -u +%H:%M) UTC, load $load0 -> $(load)): $(tail -n1 "/tmp/ha-measure.$$.out")"
        # Where the seconds went (failover.sh's timeline, s after the kill or the command).
        awk '$1 == "[ha]" && $2 == "timeline" {
               t = sprintf("%.1f", $3 / 1000)
               if ($0 ~ /to prepare_promotion/ && !d) {d = 1; printf "  decided %s s", t}
               if ($0 ~ /reported by .*"stop_replication"/ && !p) {p = 1; printf "; promoted (stop_replication) %s s", t}
               if ($0 ~ /reported by .*"wait_primary"/ && !w) {w = 1; printf "; wait_primary %s s", t}
               if ($0 ~ /first 201 after the outage/) printf "; first 201 %s s", t
             } END {print ""}' "/tmp/ha-measure.$$.err"
      else
        echo "run $i ($(date -u +%H:%M) UTC, load $load0 -> $(load)): failover ($kill) FAILED: $(grep -m1 FAILED "/tmp/ha-measure.$$.err")"
      fi
      rm -f "/tmp/ha-measure.$$.out" "/tmp/ha-measure.$$.err"
    done
  done
}

secs() { awk -v a="$1" -v b="$(t_ms)" 'BEGIN {printf "%.1f", (b - a) / 1000}'; }

measure_restore() {
  local centers=${1:-20}
  t_setup restore build-ci
  local load0; load0=$(load)
  local BK="$LA_ROOT/deploy/postgresql/backup.sh" port t0
  export BACKUP_CONF="$T_DIR/pgbackrest.conf"
  port=$(la_free_ports 2)
  la_pg_start "$T_DIR/source" "$port"
  T_CLEANUP+=("la_as_pg '$(la_pg_bindir)/pg_ctl' -D '$LA_PG_DATA' -m immediate -w stop >/dev/null 2>&1")
  T_CLEANUP+=("rm -rf '/tmp/legalaid-pg.$port' '/tmp/legalaid-pg.$((port + 1))'")
  la_pg_ensure_db legalaid
  "$BK" setup "$LA_PG_DATA" "$LA_PG_PORT" "$LA_PG_SOCKDIR" "$T_DIR/repo"
  # Migrated as the owner, which also loads the data (COPY, then ANALYZE).
  local conn; conn=$(t_conninfo legalaid_owner)
  LEGALAID_DB="$(t_conninfo legalaid)" LEGALAID_DB_OWNER="$conn" LEGALAID_SQL_DIR="$LA_ROOT/db" \
    "$T_BUILD/legalaidd" --migrate-only 2>/dev/null
  t0=$(t_ms)
  "$T_BUILD/tests/legalaid-gen" "$conn" --centers "$centers" --years 5 --first-year 2021 2>&1 \
    | grep -v WARNING >&2
  t_log "loaded in $(secs "$t0") s"
  la_psql -d legalaid -c "VACUUM ANALYZE" >/dev/null
  local cases bytes
  cases=$(la_psql -d legalaid -At -c "SELECT count(*) FROM cases")
  bytes=$(la_psql -d legalaid -At -c "SELECT pg_database_size('legalaid')")
  t0=$(t_ms); "$BK" full; local backup_s; backup_s=$(secs "$t0")
  local repo_bytes; repo_bytes=$(du -sb "$T_DIR/repo" | awk '{print $1}')
  # WAL after the backup: a year's cases each changed once (as a year of work changes them).
  local lsn0 wal_bytes
  lsn0=$(la_psql -d legalaid -At -c "SELECT pg_current_wal_lsn()")
  la_psql -d legalaid -c "UPDATE cases SET summary = summary || '.' WHERE case_year = 2025" >/dev/null
  wal_bytes=$(la_psql -d legalaid -At -c "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '$lsn0')")
  "$BK" check
  local restored; restored=$(la_pg_place "$T_DIR" restored)
  t0=$(t_ms); "$BK" restore "$restored"; local restore_s; restore_s=$(secs "$t0")
  local rport=$((port + 1)) rsock="/tmp/legalaid-pg.$((port + 1))"
  mkdir -p "$rsock"; chown postgres: "$rsock"
  T_CLEANUP+=("la_as_pg '$(la_pg_bindir)/pg_ctl' -D '$restored' -m immediate -w stop >/dev/null 2>&1")
  sed -i -e "s|^port = .*|port = $rport|" -e "s|^unix_socket_directories = .*|unix_socket_directories = '$rsock'|" \
    "$restored/legalaid.conf"
  t0=$(t_ms)
  la_as_pg "$(la_pg_bindir)/pg_ctl" -D "$restored" -w -t 3600 -l "$T_DIR/restored.log" start >/dev/null
  t_wait_promoted "$rsock" "$rport" 3600
  local replay_s; replay_s=$(secs "$t0")
  local n; n=$(la_as_pg psql -X -At -h "$rsock" -p "$rport" -d legalaid -c "SELECT count(*) FROM cases WHERE summary LIKE '%.'")
  printf '(%s UTC, load %s -> %s) ' "$(date -u +%H:%M)" "$load0" "$(load)"
  awk -v c="$cases" -v b="$bytes" -v bs="$backup_s" -v rb="$repo_bytes" -v rs="$restore_s" \
      -v w="$wal_bytes" -v ps="$replay_s" -v n="$n" 'BEGIN {
    gb = b / 1073741824
    printf "restore: database %.2f GB (%d cases); full backup %s s (%.2f GB in the repository, lz4); restore %s s = %.1f s per GB; then %.0f MB of WAL (%d cases changed) replayed and started in %s s = %.1f s per GB of WAL\n",
      gb, c, bs, rb / 1073741824, rs, rs / gb, w / 1048576, n, ps, ps / (w / 1073741824) }'
}

case ${1:-} in
  failover) shift; measure_failover "$@" ;;
  restore) measure_restore "${2:-20}" ;;
  *) sed -n '2,15p' "$0" >&2; exit 2 ;;
esac
