#!/usr/bin/env bash
# Backups and point-in-time recovery with pgBackRest (Debian's pgbackrest). Run as root; the
# work is done as `postgres`. The guide is deploy/postgresql/README.md, "Backups".
#
#   backup.sh setup PGDATA PORT SOCKET_DIR REPO   write the configuration, turn on WAL archiving
#                                                 (ALTER SYSTEM; restarts PostgreSQL once with
#                                                 pg_ctl unless BACKUP_NO_RESTART=1), create
#                                                 the stanza and check that WAL arrives
#   backup.sh check                               the stanza exists and WAL reaches the archive
#   backup.sh full                                a full backup
#   backup.sh restore DIR [TIME]                  restore into the empty directory DIR, WAL
#                                                 replayed up to TIME ('2026-12-02 10:15:00+08')
#                                                 or to the end of the archive; DIR's archiving
#                                                 is off. Start it with pg_ctl -D DIR.
#   backup.sh info                                the backups held
#
#   BACKUP_CONF   this script's pgBackRest configuration (default /etc/pgbackrest/legalaid.conf),
#                 written by setup, read by the rest and by PostgreSQL's archive_command
#
# The case files' papers (issue 14) are rows of PostgreSQL (case_attachments): the backup and
# the WAL hold them, and a restore to a moment brings back that moment's papers.
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "$0")/../lib.sh"

BACKUP_CONF=${BACKUP_CONF:-/etc/pgbackrest/legalaid.conf}
STANZA=legalaid

bk_usage() { sed -n '5,18p' "$0" >&2; exit 2; }

# pgBackRest as postgres with this configuration.
bk() { la_as_pg pgbackrest --config="$BACKUP_CONF" --stanza="$STANZA" "$@"; }

bk_setup() {
  local pgdata=$1 port=$2 sock=$3 repo=$4 bindir
  bindir=$(la_pg_bindir)
  pgdata=$(readlink -f "$pgdata")
  [ -f "$pgdata/PG_VERSION" ] || la_die "$pgdata is not a PostgreSQL data directory"
  mkdir -p "$repo" "$(dirname "$BACKUP_CONF")"
  repo=$(cd "$repo" && pwd)
  chown postgres: "$repo"; chmod 750 "$repo"
  la_pg_can_reach "$repo" || la_die "postgres cannot reach $repo"
  # Logs and locks in the repository's own directory: two repositories on one machine (the
  # tests) never share a lock.
  cat >"$BACKUP_CONF" <<CONF
# Written by deploy/postgresql/backup.sh setup.
[global]
repo1-path=$repo
repo1-retention-full-type=time
repo1-retention-full=${BACKUP_RETENTION_DAYS:-30}
compress-type=lz4
process-max=${BACKUP_PROCESSES:-2}
start-fast=y
log-path=$repo/log
lock-path=$repo/lock
log-level-console=warn
log-level-file=info

[$STANZA]
pg1-path=$pgdata
pg1-port=$port
pg1-socket-path=$sock
CONF
  chown postgres: "$BACKUP_CONF"; chmod 640 "$BACKUP_CONF"
  mkdir -p "$repo/log" "$repo/lock"; chown postgres: "$repo/log" "$repo/lock"
  la_as_pg psql -X -q -v ON_ERROR_STOP=1 -h "$sock" -p "$port" -d postgres \
    -c "ALTER SYSTEM SET archive_mode = on" \
    -c "ALTER SYSTEM SET archive_command = 'pgbackrest --config=$BACKUP_CONF --stanza=$STANZA archive-push %p'" \
    -c "ALTER SYSTEM SET wal_level = replica" >/dev/null
  if [ "${BACKUP_NO_RESTART:-0}" = 1 ]; then
    la_log "restart PostgreSQL now (archive_mode takes effect at a restart), then: $0 check"
    return 0
  fi
  la_as_pg "$bindir/pg_ctl" -D "$pgdata" -m fast -w -t 120 restart >/dev/null \
    || la_die "PostgreSQL did not restart"
  bk stanza-create
  bk check
}

bk_restore() {
  local dir=$1 target=${2:-} args=(--archive-mode=off)
  mkdir -p "$dir"
  [ -z "$(ls -A "$dir")" ] || la_die "$dir is not empty"
  chown postgres: "$dir"; chmod 700 "$dir"
  la_pg_can_reach "$dir" || la_die "postgres cannot reach $dir"
  if [ -n "$target" ]; then
    args+=(--type=time "--target=$target" --target-action=promote)
  fi
  bk restore --pg1-path="$dir" "${args[@]}"
}

cmd=${1:-}
[ -n "$cmd" ] || bk_usage
[ "$(id -u)" -eq 0 ] || la_die "run as root (pgBackRest runs as postgres)"
case $cmd in
  setup) [ $# -eq 5 ] || bk_usage; bk_setup "$2" "$3" "$4" "$5" ;;
  check) bk stanza-create; bk check ;;
  full) bk backup --type=full ;;
  restore) [ $# -ge 2 ] || bk_usage; bk_restore "$2" "${3:-}" ;;
  info) bk info ;;
  *) bk_usage ;;
esac
