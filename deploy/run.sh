#!/usr/bin/env bash
# Installs what is missing, builds, starts an embedded PostgreSQL (unless LEGALAID_DB names a
# server), migrates, loads reference data and serves on LEGALAID_PORT until stopped.
#   LEGALAID_DATA_DIR  where the embedded cluster lives (default ./var, kept between runs)
#   LEGALAID_DB        a PostgreSQL conninfo; when set, no embedded cluster is started
#   LEGALAID_DB_OWNER  the schema owner's conninfo, for migrations (with LEGALAID_DB; see README)
#   LEGALAID_PORT      HTTP port (default 8080)
#   LEGALAID_BOOTSTRAP_ADMIN=name:password  creates the first admin when no user exists; on an
#                      embedded cluster without it, `admin` with a random password is created and
#                      the password kept in $LEGALAID_DATA_DIR/initial-admin.txt
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$LA_ROOT"

la_install "${LA_PKGS_BUILD[@]}" "${LA_PKGS_RUN[@]}"
la_build build -Dbuildtype=release

export LEGALAID_PORT=${LEGALAID_PORT:-8080}
embedded=0
if [ -z "${LEGALAID_DB:-}" ]; then
  embedded=1
  data_dir=${LEGALAID_DATA_DIR:-$LA_ROOT/var}
  pg_port=${LEGALAID_PG_PORT:-54329}
  la_pg_start "$data_dir" "$pg_port"
  la_pg_ensure_db legalaid
  # Served as legalaid; migrated as legalaid_owner (the audit cannot be rewritten by the daemon).
  LEGALAID_DB=$(la_db_conninfo legalaid legalaid "$LA_PG_SOCKDIR:$LA_PG_PORT")
  LEGALAID_DB_OWNER=$(la_db_conninfo legalaid legalaid_owner "$LA_PG_SOCKDIR:$LA_PG_PORT")
  export LEGALAID_DB LEGALAID_DB_OWNER
  # The first administrator: only for a database without users yet.
  nusers=0
  if [ "$(la_psql -d legalaid -Atc "SELECT to_regclass('public.users') IS NOT NULL")" = t ]; then
    nusers=$(la_psql -d legalaid -Atc "SELECT count(*) FROM users")
  fi
  if [ -z "${LEGALAID_BOOTSTRAP_ADMIN:-}" ] && [ "$nusers" = 0 ]; then
    cred="$data_dir/initial-admin.txt"
    if [ ! -f "$cred" ]; then
      (umask 077; printf 'admin:%s\n' "$(head -c 18 /dev/urandom | base64 | tr '+/' 'xy')" >"$cred")
    fi
    LEGALAID_BOOTSTRAP_ADMIN=$(cat "$cred")
    export LEGALAID_BOOTSTRAP_ADMIN
    la_log "the first administrator's name and password are in $cred"
  fi
fi

daemon_pid=
stop() {
  trap - INT TERM EXIT
  if [ -n "$daemon_pid" ] && kill -0 "$daemon_pid" 2>/dev/null; then
    la_log "stopping legalaidd"
    kill -TERM "$daemon_pid" 2>/dev/null || true
    wait "$daemon_pid" 2>/dev/null || true
  fi
  if [ $embedded -eq 1 ]; then
    la_log "stopping PostgreSQL"
    la_pg_stop
  fi
}
trap stop INT TERM EXIT

la_log "serving on http://localhost:$LEGALAID_PORT/"
build/legalaidd &
daemon_pid=$!
# `wait` returns when a signal arrives (the trap then stops both) or when the daemon exits.
set +e
wait "$daemon_pid"
status=$?
exit $status
