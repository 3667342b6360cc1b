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
# of the later 10. With the case file's attachments (issue 14: POST /cases/{id}/attachments in
# api-spec/openapi.yaml), a paper of 1 MiB added to case 1 before T and another to case 14 after
# it: a daemon on the restored cluster serves the first byte for byte, and neither lists nor
# serves the second. Prints how long the backup, the restore and the replay took.
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "$0")/../../deploy/lib.sh"
# shellcheck source=tests/ha/lib.sh
source "$(dirname "$0")/lib.sh"

t_setup pitr "${1:-}"
BK="$LA_ROOT/deploy/postgresql/backup.sh"
export BACKUP_CONF="$T_DIR/pgbackrest.conf"

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
# The case file's papers, once the attachments route exists (issue 14).
attachments=0
if awk '/^  \/cases\/\{id\}\/attachments:/ {u = 1; next} /^  \// {u = 0} u && /^    post:/ {f = 1} END {exit !f}' \
     "$LA_ROOT/api-spec/openapi.yaml"; then
  attachments=1
fi
# attach CASE_NO N: a PDF of 1 MiB (its header, then random bytes) added to case CASE_NO
# (1-based, this centre's only cases) as paper N; prints the attachment's id. The file stays
# in $T_DIR/paper-N.pdf.
attach() {
  local f="$T_DIR/paper-$2.pdf" id st
  { printf '%%PDF-1.4\n%% 证据 %s\n' "$2"; head -c 1048576 /dev/urandom; printf '\n%%%%EOF\n'; } >"$f"
  id=$(la_psql -d legalaid -At -c "SELECT id FROM cases WHERE case_seq = $1")
  st=$(t_http POST "$D_URL/api/v1/cases/$id/attachments" "$clerk" "" -H 'Content-Type: application/pdf' \
    -H 'X-Attachment-Kind: identity' -H "X-Filename: paper-$2.pdf" --data-binary "@$f")
  [ "$st" = 201 ] || t_fail "attaching paper $2 to case $1 answered $st: $(cat "$T_DIR/body")"
  t_body .id
}
[ $attachments -eq 0 ] || early=$(attach 1 1)
t0=$(t_ms)
"$BK" full
backup_s=$(awk -v a="$t0" -v b="$(t_ms)" 'BEGIN {printf "%.1f", (b - a) / 1000}')
for i in $(seq 4 13); do t_intake "$D_URL" "$clerk" "$i" >/dev/null; done
target=$(la_psql -d legalaid -At -c "SELECT clock_timestamp()")
cases >"$T_DIR/at_target"
for i in $(seq 14 23); do t_intake "$D_URL" "$clerk" "$i" >/dev/null; done
[ $attachments -eq 0 ] || late=$(attach 14 2)
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
papers="attachments not checked: the route is not in api-spec/openapi.yaml yet (issue 14)"
if [ $attachments -eq 1 ]; then
  # The daemon on the restored cluster (it migrates nothing new) serves the earlier paper.
  t_daemon R "$(la_db_conninfo legalaid legalaid "$rsock:$rport")" "$(la_db_conninfo legalaid legalaid_owner "$rsock:$rport")"
  clerk=$(t_login "$R_URL" pitr_clerk "$T_USER_PASS")
  st=$(curl -s -o "$T_DIR/served.pdf" -w '%{http_code}' -H "Authorization: Bearer $clerk" "$R_URL/api/v1/attachments/$early")
  [ "$st" = 200 ] || t_fail "the restored daemon answered $st for the paper attached before $target"
  cmp -s "$T_DIR/paper-1.pdf" "$T_DIR/served.pdf" || t_fail "the restored paper differs from the one attached"
  st=$(t_http GET "$R_URL/api/v1/attachments/$late" "$clerk")
  [ "$st" = 404 ] || t_fail "the restored daemon answered $st for the paper attached after $target, not 404"
  n=$(rpsql -c "SELECT count(*) FROM case_attachments")
  [ "$n" = 1 ] || t_fail "the restored cluster holds $n attachments, not 1"
  papers="the paper attached before it served byte for byte by a daemon on the restored cluster, the later one 404"
fi
t_log "$papers"
size=$(rpsql -c "SELECT pg_size_pretty(pg_database_size('legalaid'))")
printf 'pitr: restored to %s: exactly the 13 cases recorded before it, none of the 10 after; %s; backup %s s, restore %s s, replay and start %s s (database %s)\n' \
  "$target" "$papers" "$backup_s" "$restore_s" "$replay_s" "$size"
