#!/usr/bin/env bash
# A PostgreSQL that survives losing its server, with pg_auto_failover: a monitor, a primary and a
# synchronous standby, here all on this machine (127.0.0.1, ports BASE, BASE+1 and BASE+2, one
# directory) for trying it and for tests/ha/. On three hosts it is the same commands with each
# host's own address: see deploy/postgresql/README.md, "Failover".
#
#   deploy/postgresql/ha.sh start DIR [BASE]   create (first time) and start the three; waits for
#                                              a primary and a synchronous standby; prints the
#                                              daemon's LEGALAID_DB and LEGALAID_DB_OWNER
#   deploy/postgresql/ha.sh stop DIR           stop all three (pg_autoctl stop; immediate if stuck)
#   deploy/postgresql/ha.sh wait DIR [SECONDS] until a primary and a synchronous standby again
#   deploy/postgresql/ha.sh state DIR          pg_autoctl show state
#   deploy/postgresql/ha.sh conninfo DIR [owner]  the daemon's LEGALAID_DB (every node, read-write),
#                                              or with `owner` its LEGALAID_DB_OWNER
#   deploy/postgresql/ha.sh primary DIR        the primary's node name and port ("node2 26536")
#   deploy/postgresql/ha.sh home DIR           where the data really is (see below)
#   deploy/postgresql/ha.sh switchover DIR     planned: the standby becomes the primary (before
#                                              maintenance of the primary's host)
#
# Run as root; the clusters and pg_autoctl run as `postgres`. When postgres cannot reach DIR (a
# checkout under /root), the data goes to /var/lib/legalaid/clusters/<hash> and DIR/ha links
# there (deploy/lib.sh, la_pg_place). Layout of the home: monitor/, node1/, node2/ (PGDATA),
# sock/ (Unix sockets), xdg/ (pg_autoctl's configuration, state and pid files), log/.
#
# The monitor decides faster than pg_auto_failover's defaults (which took 50 s to fail over
# after losing the primary's whole server, tests/ha/RESULTS.md); the settings and their
# trade-off are in deploy/postgresql/README.md. Each can be set in the environment:
HA_HEALTH_CHECK_PERIOD_MS=${HA_HEALTH_CHECK_PERIOD_MS:-1000}    # default 5000
HA_HEALTH_CHECK_TIMEOUT_MS=${HA_HEALTH_CHECK_TIMEOUT_MS:-1000}  # default 5000
HA_HEALTH_CHECK_RETRIES=${HA_HEALTH_CHECK_RETRIES:-1}           # default 2
HA_HEALTH_CHECK_RETRY_DELAY_MS=${HA_HEALTH_CHECK_RETRY_DELAY_MS:-500}  # default 2000
# A primary whose health check fails and whose keeper has not reported for this long is replaced.
# 2 s: when PostgreSQL alone crashes, its keeper restarts it in place and reports nothing until
# that is done (crash recovery, ~8 s here), so the monitor decides on this timeout; at 5 s the
# failover took 11.9-16.6 s, at 2 s 11.1 s (tests/ha/RESULTS.md, "2026-12-02 afternoon").
HA_UNHEALTHY_TIMEOUT_MS=${HA_UNHEALTHY_TIMEOUT_MS:-2000}        # default 20000
HA_DEMOTE_TIMEOUT_MS=${HA_DEMOTE_TIMEOUT_MS:-5000}              # default 30000
# A primary cut off from the monitor and the standby stops itself after this many seconds;
# it must stay below HA_DEMOTE_TIMEOUT_MS, so that it is down before the standby is promoted.
HA_PARTITION_TIMEOUT_S=${HA_PARTITION_TIMEOUT_S:-3}             # default 20
# Synchronous standbys: 1 (a pair) or 2. With one, the primary runs alone (synchronous
# replication off) while its standby is lost or rebuilt; with two, pg_auto_failover sets
# number_sync_standbys to 1 and a commit still waits for the other standby.
HA_STANDBYS=${HA_STANDBYS:-1}
# The application's database and its two roles (deploy/postgresql/README.md, "Two roles"),
# created on the primary, replicated to the standbys: the owner migrates, the daemon serves.
HA_DB=${HA_DB:-legalaid}
HA_OWNER=${HA_OWNER:-legalaid_owner}
HA_USER=${HA_USER:-legalaid}
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "$0")/../lib.sh"

ha_usage() { sed -n '7,18p' "$0" >&2; exit 2; }

# ha_home DIR: the real home, created when missing.
ha_home() { la_pg_place "$1" ha; }

# Runs pg_autoctl (or anything) as postgres with this home's environment.
ha_pg() {
  local home=$1; shift
  la_as_pg env XDG_CONFIG_HOME="$home/xdg/config" XDG_DATA_HOME="$home/xdg/data" \
    XDG_RUNTIME_DIR="$home/xdg/run" PGHOST="$home/sock" "$@"
}

ha_port() { sed -n 's/^BASE=//p' "$1/ha.env"; }

ha_monitor_sql() {
  local home=$1; shift
  ha_pg "$home" psql -X -q -At -v ON_ERROR_STOP=1 -h "$home/sock" -p "$(ha_port "$home")" \
    -d pg_auto_failover "$@"
}

# The pid of a node's pg_autoctl supervisor, if it runs.
ha_autoctl_pid() {
  local f="$1/xdg/run/pg_autoctl$1/$2/pg_autoctl.pid" pid
  [ -f "$f" ] || return 1
  pid=$(head -n1 "$f")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && printf '%s\n' "$pid"
}

# A PostgreSQL data directory of our own: initdb, Unix sockets in sock/, a small
# shared_buffers (pg_autoctl would size it for the whole machine), and the HBA rules we need
# before pg_autoctl adds its own. trust on 127.0.0.1 is for this one-machine layout only; on
# hosts of their own use scram-sha-256 and TLS (README.md).
ha_initdb() {
  local home=$1 name=$2
  local data="$home/$name"
  [ -f "$data/PG_VERSION" ] && return 0
  la_as_pg "$(la_pg_bindir)/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust >>"$home/log/$name-create.log" 2>&1 || la_die "initdb $name failed"
  cat >"$data/pg_hba.conf" <<HBA
local all all trust
local replication all trust
# The daemon, and pg_rewind of a former primary (it connects to the database postgres).
host $HA_DB $HA_USER,$HA_OWNER 127.0.0.1/32 trust
host postgres pgautofailover_replicator 127.0.0.1/32 trust
HBA
  cat >>"$data/postgresql.auto.conf" <<CONF
unix_socket_directories = '$home/sock'
shared_buffers = '128MB'
max_connections = 200
CONF
  chown postgres: "$data/pg_hba.conf" "$data/postgresql.auto.conf"
}

# ha_run HOME NAME [pg_autoctl create ... arguments]: starts a node's pg_autoctl in a session
# of its own (a test kills it by that group): `create ... --run` the first time, `run` after.
ha_run() {
  local home=$1 name=$2
  shift 2
  ha_autoctl_pid "$home" "$name" >/dev/null && return 0
  if [ $# -gt 0 ]; then
    ha_pg "$home" setsid -f pg_autoctl "$@" --run >>"$home/log/$name.log" 2>&1
  else
    ha_pg "$home" setsid -f pg_autoctl run --pgdata "$home/$name" >>"$home/log/$name.log" 2>&1
  fi
}

# Whether pg_autoctl has a node's configuration (it was created).
ha_created() { [ -f "$1/xdg/config/pg_autoctl$1/$2/pg_autoctl.cfg" ]; }

ha_states() {
  ha_monitor_sql "$1" -c "SELECT nodename, reportedstate, goalstate, nodeport FROM pgautofailover.node ORDER BY nodeid" 2>/dev/null
}

# ha_wait HOME [SECONDS] [STANDBYS]: until one node is primary and STANDBYS others secondary
# (reported and assigned), and the primary names its synchronous standbys.
ha_wait() {
  local home=$1 limit=${2:-180} want=${3:-$HA_STANDBYS} t0 st p
  t0=$(date +%s)
  while :; do
    st=$(ha_states "$home" || true)
    if grep -q '|primary|primary|' <<<"$st" && [ "$(grep -c '|secondary|secondary|' <<<"$st")" -ge "$want" ]; then
      p=$(awk -F'|' '$2 == "primary" {print $4}' <<<"$st")
      if [ -n "$(ha_pg "$home" psql -X -At -h "$home/sock" -p "$p" -d postgres \
                 -c 'SHOW synchronous_standby_names' 2>/dev/null)" ]; then
        return 0
      fi
    fi
    [ $(( $(date +%s) - t0 )) -lt "$limit" ] || { la_log "no primary and synchronous standby after $limit s:"; printf '%s\n' "$st" >&2; return 1; }
    sleep 0.5
  done
}

# ha_create_node HOME NAME PORT MONITOR_URI: creates a node, then runs it: the first on a data
# directory of ours, a later one on an empty directory that pg_autoctl fills from the primary
# (pg_basebackup: the HBA rules and settings above come with it). Not `create --run`: the
# setting below must be written before pg_autoctl runs (`config set` signals a running
# pg_autoctl, and while it starts that signal can reach our own process group).
ha_create_node() {
  local home=$1 name=$2 port=$3 monitor_uri=$4
  [ "$name" = node1 ] && ha_initdb "$home" "$name"
  la_log "creating $name (port $port)"
  ha_pg "$home" pg_autoctl create postgres --pgdata "$home/$name" --pgport "$port" \
    --hostname 127.0.0.1 --listen 127.0.0.1 --name "$name" --dbname "$HA_DB" \
    --auth trust --no-ssl --monitor "$monitor_uri" --pgctl "$(la_pg_bindir)/pg_ctl" \
    >>"$home/log/$name-create.log" 2>&1 || { tail -n 20 "$home/log/$name-create.log" >&2; la_die "pg_autoctl create postgres $name failed"; }
  ha_pg "$home" pg_autoctl config set --pgdata "$home/$name" timeout.network_partition_timeout \
    "$HA_PARTITION_TIMEOUT_S" >/dev/null
  ha_run "$home" "$name"
}

ha_start() {
  local dir=$1 home base
  home=$(ha_home "$dir")
  if [ -f "$home/ha.env" ]; then
    base=$(ha_port "$home")
    HA_STANDBYS=$(sed -n 's/^STANDBYS=//p' "$home/ha.env")
  else
    [ "$HA_STANDBYS" = 1 ] || [ "$HA_STANDBYS" = 2 ] || la_die "HA_STANDBYS is 1 or 2"
    base=${2:-$(la_free_ports $((HA_STANDBYS + 2)))}
    printf 'BASE=%s\nSTANDBYS=%s\n' "$base" "$HA_STANDBYS" >"$home/ha.env"
  fi
  mkdir -p "$home/sock" "$home/xdg/config" "$home/xdg/data" "$home/xdg/run" "$home/log"
  chmod 755 "$home" "$home/sock"; chmod 700 "$home/xdg/run"
  chown -R postgres: "$home"

  if ha_created "$home" monitor; then
    ha_run "$home" monitor
  else
    la_log "creating the monitor (port $base)"
    ha_initdb "$home" monitor
    ha_run "$home" monitor create monitor --pgdata "$home/monitor" --pgport "$base" \
      --hostname 127.0.0.1 --listen 127.0.0.1 --auth trust --no-ssl \
      --pgctl "$(la_pg_bindir)/pg_ctl"
  fi
  local ok=0
  for _ in $(seq 1 120); do
    ha_monitor_sql "$home" -c "SELECT count(*) FROM pgautofailover.formation" >/dev/null 2>&1 && { ok=1; break; }
    sleep 0.5
  done
  [ $ok -eq 1 ] || la_die "the monitor did not start (see $home/log/monitor.log)"
  ha_monitor_sql "$home" \
    -c "ALTER SYSTEM SET pgautofailover.health_check_period = $HA_HEALTH_CHECK_PERIOD_MS" \
    -c "ALTER SYSTEM SET pgautofailover.health_check_timeout = $HA_HEALTH_CHECK_TIMEOUT_MS" \
    -c "ALTER SYSTEM SET pgautofailover.health_check_max_retries = $HA_HEALTH_CHECK_RETRIES" \
    -c "ALTER SYSTEM SET pgautofailover.health_check_retry_delay = $HA_HEALTH_CHECK_RETRY_DELAY_MS" \
    -c "ALTER SYSTEM SET pgautofailover.node_considered_unhealthy_timeout = $HA_UNHEALTHY_TIMEOUT_MS" \
    -c "ALTER SYSTEM SET pgautofailover.primary_demote_timeout = $HA_DEMOTE_TIMEOUT_MS" \
    -c "SELECT pg_reload_conf()" >/dev/null
  local uri
  uri=$(ha_pg "$home" pg_autoctl show uri --pgdata "$home/monitor" --formation monitor)

  # The first node becomes the primary; the others are cloned from it and become its
  # synchronous standbys, once the first is the primary ("single"), one after the other.
  if ha_created "$home" node1; then ha_run "$home" node1; else ha_create_node "$home" node1 $((base + 1)) "$uri"; fi
  local i
  for ((i = 2; i <= HA_STANDBYS + 1; i++)); do
    if ha_created "$home" "node$i"; then
      ha_run "$home" "node$i"
    else
      for _ in $(seq 1 240); do
        ha_states "$home" | grep -qE '^node1\|(single|primary)\|(single|primary)\|' && break
        sleep 0.5
      done
      ha_create_node "$home" "node$i" $((base + i)) "$uri"
      ha_wait "$home" 180 $((i - 1)) || la_die "node$i did not become a standby (logs in $home/log)"
    fi
  done
  ha_wait "$home" 180 "$HA_STANDBYS" || la_die "the formation did not settle (logs in $home/log)"

  # The owner role owns the database pg_autoctl created (--dbname); the daemon's role logs in.
  local p r
  p=$(awk -F'|' '$2 == "primary" {print $4}' <<<"$(ha_states "$home")")
  for r in "$HA_OWNER" "$HA_USER"; do
    ha_pg "$home" psql -X -q -v ON_ERROR_STOP=1 -h "$home/sock" -p "$p" -d postgres \
      -c "DO \$\$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$r') THEN CREATE ROLE $r LOGIN; END IF; END\$\$" >/dev/null
  done
  ha_pg "$home" psql -X -q -v ON_ERROR_STOP=1 -h "$home/sock" -p "$p" -d postgres \
    -c "ALTER DATABASE $HA_DB OWNER TO $HA_OWNER" >/dev/null
  # pg_autoctl creates pg_stat_statements in the database's schema public, owned by postgres,
  # with pg_stat_statements_reset() not executable by PUBLIC. The migrations grant every
  # function in public to the daemon's role as the owner (0005, legalaid_grant_serving), which
  # fails on that one ("permission denied for function pg_stat_statements_reset"): the
  # extension goes to a schema of its own, still there for the DBA (monitoring.pg_stat_statements).
  ha_pg "$home" psql -X -q -v ON_ERROR_STOP=1 -h "$home/sock" -p "$p" -d "$HA_DB" \
    -c "CREATE SCHEMA IF NOT EXISTS monitoring" \
    -c "DO \$\$BEGIN IF EXISTS (SELECT 1 FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                               WHERE e.extname = 'pg_stat_statements' AND n.nspname = 'public')
        THEN ALTER EXTENSION pg_stat_statements SET SCHEMA monitoring; END IF; END\$\$" >/dev/null
  echo "LEGALAID_DB=$(ha_conninfo "$home")"
  echo "LEGALAID_DB_OWNER=$(ha_conninfo "$home" "$HA_OWNER")"
}

# ha_conninfo HOME [ROLE]: the conninfo naming every node, for the daemon's role by default.
ha_conninfo() {
  local base i servers=()
  base=$(ha_port "$1")
  for ((i = 1; i <= HA_STANDBYS + 1; i++)); do servers+=("127.0.0.1:$((base + i))"); done
  la_db_conninfo "$HA_DB" "${2:-$HA_USER}" "${servers[@]}"
}

ha_stop() {
  local home=$1 n pid pm
  for n in node3 node2 node1 monitor; do
    if pid=$(ha_autoctl_pid "$home" "$n"); then
      ha_pg "$home" timeout 60 pg_autoctl stop --pgdata "$home/$n" >/dev/null 2>&1 || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      # Still there: its whole session (it was started with setsid), at once.
      kill -0 "$pid" 2>/dev/null && kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    # A PostgreSQL left without its pg_autoctl (a test killed the supervisor).
    if [ -f "$home/$n/postmaster.pid" ]; then
      pm=$(head -n1 "$home/$n/postmaster.pid")
      if [ -n "$pm" ] && kill -0 "$pm" 2>/dev/null; then
        la_as_pg "$(la_pg_bindir)/pg_ctl" -D "$home/$n" -m immediate -w stop >/dev/null 2>&1 || true
      fi
    fi
  done
}

cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || ha_usage
[ "$(id -u)" -eq 0 ] || la_die "run as root (the clusters run as postgres)"
# An existing formation keeps the number of standbys it was made with.
if [ "$cmd" != start ] && [ -f "$dir/ha/ha.env" ]; then
  HA_STANDBYS=$(sed -n 's/^STANDBYS=//p' "$dir/ha/ha.env")
fi
case $cmd in
  start) ha_start "$dir" "${3:-}" ;;
  stop) if [ -e "$dir/ha" ]; then ha_stop "$(ha_home "$dir")"; fi ;;
  wait) ha_wait "$(ha_home "$dir")" "${3:-180}" ;;
  state) home=$(ha_home "$dir"); ha_pg "$home" pg_autoctl show state --pgdata "$home/monitor" ;;
  conninfo) case ${3:-} in
      owner) ha_conninfo "$(ha_home "$dir")" "$HA_OWNER" ;;
      '') ha_conninfo "$(ha_home "$dir")" ;;
      *) ha_usage ;;
    esac ;;
  primary) # reported and assigned alike: a lost primary stays "primary" as last reported
    ha_states "$(ha_home "$dir")" | awk -F'|' '$2 == $3 && ($2 == "primary" || $2 == "wait_primary" || $2 == "single") {print $1, $4}' ;;
  home) ha_home "$dir" ;;
  switchover) home=$(ha_home "$dir"); ha_pg "$home" pg_autoctl perform switchover --pgdata "$home/monitor" ;;
  *) ha_usage ;;
esac
