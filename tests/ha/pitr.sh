#!/usr/bin/env bash
# Point-in-time recovery with pgBackRest (issue 16, point 2).
#
#   tests/ha/pitr.sh [BUILD_DIR]          (default build-ci; run as root)
#
# A cluster of its own with deploy/postgresql/backup.sh set up on it (WAL archiving, a
# repository in this test's directory). legalaidd records 3 applications, backup.sh takes a
# full backup, legalaidd records 10 more, the test notes the time T, legalaidd records 10 more.
# backup.sh restores to T into a fresh, empty directory, which is started as a cluster of its
# own: it must hold exactly the 13 cases recorded before T, under their case numbers, and none
# of the later 10. A file in LEGALAID_ATTACHMENTS_DIR before the backup comes back with the
# restore. Prints how long the backup, the restore and the replay took.
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "$0")/../../deploy/lib.sh"
# shellcheck source=tests/ha/lib.sh
source "$(dirname "$0")/lib.sh"

t_setup pitr "${1:-}"
BK="$LA_ROOT/deploy/postgresql/backup.sh"
export BACKUP_CONF="$T_DIR/pgbackrest.conf"
export LEGALAID_ATTACHMENTS_DIR="$T_DIR/files"

port=$(la_free_ports 2)   # the source, then the restored cluster
la_pg_start "$T_DIR/source" "$port"
T_CLEANUP+=("la_as_pg '$(la_pg_bindir)/pg_ctl' -D '$LA_PG_DATA' -m immediate -w stop >/dev/null 2>&1")
T_CLEANUP+=("rm -rf '/tmp/legalaid-pg.$port'")
la_pg_ensure_db legalaid
"$BK" setup "$LA_PG_DATA" "$LA_PG_PORT" "$LA_PG_SOCKDIR" "$T_DIR/repo"

t_daemon D "$(t_conninfo legalaid)" "$(t_conninfo legalaid_owner)"
admin=$(t_login "$D_URL" admin "$T_ADMIN_PASS")
t_user "$D_URL" "$admin" pitr_clerk clerk 4 >/dev/null
clerk=$(t_login "$D_URL" pitr_clerk "$T_USER_PASS")
cases() { la_psql -d legalaid -At -c "SELECT case_no || ' ' || applicant_name FROM cases ORDER BY case_seq"; }

for i in $(seq 1 3); do t_intake "$D_URL" "$clerk" "$i" >/dev/null; done
mkdir -p "$LEGALAID_ATTACHMENTS_DIR/ab"
echo "材料 $(date)" >"$LEGALAID_ATTACHMENTS_DIR/ab/abcdef.txt"
t0=$(t_ms)
"$BK" full
backup_s=$(awk -v a="$t0" -v b="$(t_ms)" 'BEGIN {printf "%.1f", (b - a) / 1000}')
for i in $(seq 4 13); do t_intake "$D_URL" "$clerk" "$i" >/dev/null; done
target=$(la_psql -d legalaid -At -c "SELECT clock_timestamp()")
cases >"$T_DIR/at_target"
for i in $(seq 14 23); do t_intake "$D_URL" "$clerk" "$i" >/dev/null; done
cases >"$T_DIR/at_end"
[ "$(wc -l <"$T_DIR/at_target")" -eq 13 ] && [ "$(wc -l <"$T_DIR/at_end")" -eq 23 ] \
  || t_fail "expected 13 cases at the target and 23 at the end"
# The WAL of the later cases reaches the archive (check switches to a new WAL file and waits).
"$BK" check

# Restore to the target into a fresh directory and start it as a cluster of its own.
restored=$(la_pg_place "$T_DIR" restored)
t0=$(t_ms)
"$BK" restore "$restored" "$target"
restore_s=$(awk -v a="$t0" -v b="$(t_ms)" 'BEGIN {printf "%.1f", (b - a) / 1000}')
rport=$((port + 1))
rsock="/tmp/legalaid-pg.$rport"
mkdir -p "$rsock"; chown postgres: "$rsock"
T_CLEANUP+=("la_as_pg '$(la_pg_bindir)/pg_ctl' -D '$restored' -m immediate -w stop >/dev/null 2>&1")
T_CLEANUP+=("rm -rf '$rsock'")
# The source's own port and socket came with the backup (deploy/lib.sh's legalaid.conf).
sed -i -e "s|^port = .*|port = $rport|" -e "s|^unix_socket_directories = .*|unix_socket_directories = '$rsock'|" \
  "$restored/legalaid.conf"
grep -q "^port = $rport\$" "$restored/legalaid.conf" || t_fail "no port in the restored legalaid.conf"
chown postgres: "$restored/legalaid.conf"
t0=$(t_ms)
la_as_pg "$(la_pg_bindir)/pg_ctl" -D "$restored" -w -t 600 -l "$T_DIR/restored.log" start >/dev/null \
  || { tail -n 20 "$T_DIR/restored.log" >&2; t_fail "the restored cluster did not start"; }
# Promoted at the target (--target-action=promote), not paused in recovery.
t_wait_promoted "$rsock" "$rport"
replay_s=$(awk -v a="$t0" -v b="$(t_ms)" 'BEGIN {printf "%.1f", (b - a) / 1000}')
rpsql() { la_as_pg psql -X -At -h "$rsock" -p "$rport" -d legalaid "$@"; }
rpsql -c "SELECT case_no || ' ' || applicant_name FROM cases ORDER BY case_seq" >"$T_DIR/restored_cases"
if ! diff "$T_DIR/at_target" "$T_DIR/restored_cases" >&2; then
  t_fail "the restored cases are not those recorded before $target (< then, > restored)"
fi
cmp -s "$LEGALAID_ATTACHMENTS_DIR/ab/abcdef.txt" "$restored-attachments/ab/abcdef.txt" \
  || t_fail "the attachment did not come back with the restore"
size=$(rpsql -c "SELECT pg_size_pretty(pg_database_size('legalaid'))")
printf 'pitr: restored to %s: exactly the 13 cases recorded before it, none of the 10 after; backup %s s, restore %s s, replay and start %s s (database %s)\n' \
  "$target" "$backup_s" "$restore_s" "$replay_s" "$size"
