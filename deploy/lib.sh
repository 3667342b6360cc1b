# Shared by run.sh and test.sh: installing what is missing, building, and an embedded
# PostgreSQL cluster run as the `postgres` user. Source it; it defines functions only.
# shellcheck shell=bash

LA_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

la_log() { printf '[legalaid] %s\n' "$*" >&2; }
la_die() { la_log "error: $*"; exit 1; }

# Debian packages: build, runtime, tests. Only what is missing is installed.
LA_PKGS_BUILD=(meson ninja-build pkg-config gcc libc6-dev libmicrohttpd-dev libjansson-dev
  libpq-dev libsodium-dev zlib1g-dev libxlsxwriter-dev check libsubunit-dev libcurl4-openssl-dev
  cppcheck libyaml-dev)
# The API suites read the XLSX exports with a real reader (openpyxl, run as /usr/bin/python3).
LA_PKGS_TEST=(python3 python3-openpyxl)
LA_PKGS_RUN=(postgresql postgresql-contrib ca-certificates)
# The browser tests: Debian's chromium with its Chinese UI strings (date inputs then read
# 年/月/日 as on the staff's machines), a Chinese font, curl for the scripts.
LA_PKGS_BROWSER=(chromium chromium-l10n fonts-noto-cjk curl)
# Failover, backups and several daemons (deploy/postgresql/ha.sh, backup.sh; tests/ha/):
# pg_auto_failover for Debian 12's PostgreSQL 15, pgBackRest, nginx, and for the tests openssl
# (a self-signed certificate for the nginx site), jq, and ss (iproute2) to find free ports.
LA_PKGS_HA=(postgresql-15-auto-failover pgbackrest nginx openssl jq curl iproute2)

la_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || la_die "missing packages (${missing[*]}); run as root or install them"
  la_log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine has no package lists yet; refresh them at most once an hour.
  if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -60 2>/dev/null | head -n1)" ]; then
    apt-get -o DPkg::Lock::Timeout=900 update -qq >&2 || la_die "apt-get update failed"
  fi
  # A package's own service must not start: we run our own cluster.
  local had_policy=0
  if [ -e /usr/sbin/policy-rc.d ]; then had_policy=1; else
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  fi
  apt-get install -o DPkg::Lock::Timeout=900 -y -qq --no-install-recommends "${missing[@]}" >&2 || la_die "apt-get install failed"
  [ $had_policy -eq 1 ] || rm -f /usr/sbin/policy-rc.d
}

# Node.js and npm for the browser tests: the machine's own when there is one, else Debian's.
la_install_node() {
  if command -v node >/dev/null && command -v npm >/dev/null; then return 0; fi
  la_install nodejs npm
}

la_pg_bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
  [ -n "$d" ] || la_die "PostgreSQL server binaries not found"
  printf '%s\n' "$d"
}

# meson setup + compile into $1 with extra meson options.
la_build() {
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$LA_ROOT" "$@" >&2 || la_die "meson setup $dir failed"
  fi
  meson compile -C "$dir" >&2 || la_die "build failed in $dir"
}

# Runs a command as the postgres user, from a directory it can read.
la_as_pg() { (cd / && runuser -u postgres -- "$@"); }

# Can the postgres user reach (search) this directory?
la_pg_can_reach() { la_as_pg test -x "$1" -a -w "$1" 2>/dev/null; }

# la_pg_place PARENT NAME [KEY]: prints the real path of PARENT/NAME, a directory of the
# postgres user (mode 700). When postgres cannot reach PARENT (a checkout under /root, say), the
# directory is /var/lib/legalaid/clusters/<hash of KEY, default PARENT/NAME> and PARENT/NAME
# links to it. An existing PARENT/NAME (directory or link) is kept.
la_pg_place() {
  local parent=$1 name=$2 key path
  mkdir -p "$parent"
  parent=$(cd "$parent" && pwd)
  key=${3:-$parent/$name}
  path="$parent/$name"
  if [ -L "$path" ]; then
    readlink -f "$path"
  elif [ -d "$path" ]; then
    printf '%s\n' "$path"
  elif chown postgres: "$parent" 2>/dev/null && la_pg_can_reach "$parent"; then
    mkdir -p "$path"; chown postgres: "$path"; chmod 700 "$path"
    printf '%s\n' "$path"
  else
    local h alt
    h=$(printf '%s' "$key" | sha256sum | cut -c1-16)
    alt="/var/lib/legalaid/clusters/$h"
    la_log "postgres cannot reach $parent; keeping $name in $alt (linked as $path)"
    mkdir -p /var/lib/legalaid/clusters
    chmod 755 /var/lib/legalaid /var/lib/legalaid/clusters
    mkdir -p "$alt"; chown postgres: "$alt"; chmod 700 "$alt"
    ln -sfn "$alt" "$path"
    printf '%s\n' "$alt"
  fi
}

# la_pg_start DATA_PARENT PORT: starts (initialising if needed) a cluster whose data lives in
# DATA_PARENT/pgdata, owned by postgres, listening only on a Unix socket. When postgres cannot
# reach DATA_PARENT (a checkout under /root, say), the data goes to
# /var/lib/legalaid/clusters/<hash of DATA_PARENT> and DATA_PARENT/pgdata links to it.
# Sets LA_PG_SOCKDIR, LA_PG_PORT, LA_PG_DATA.
la_pg_start() {
  local parent=$1 port=$2 bindir data sockdir
  bindir=$(la_pg_bindir)
  [ "$(id -u)" -eq 0 ] || la_die "the embedded cluster is started as root (it runs as postgres)"
  id postgres >/dev/null 2>&1 || la_die "no postgres user (is the postgresql package installed?)"
  mkdir -p "$parent"
  parent=$(cd "$parent" && pwd)
  data=$(la_pg_place "$parent" pgdata "$parent") || la_die "no place for the cluster's data"
  sockdir="/tmp/legalaid-pg.$port"
  mkdir -p "$sockdir"; chown postgres: "$sockdir"; chmod 755 "$sockdir"
  if [ ! -f "$data/PG_VERSION" ]; then
    la_log "initialising a PostgreSQL cluster in $data"
    la_as_pg "$bindir/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=reject >/dev/null || la_die "initdb failed"
    echo "include_if_exists = 'legalaid.conf'" >>"$data/postgresql.conf"
  fi
  # Settings of this start, kept in a file so that a plain `pg_ctl start` (the fault tests)
  # brings the cluster back the same way. Only a Unix socket: no TCP.
  cat >"$data/legalaid.conf" <<CONF
listen_addresses = ''
port = $port
unix_socket_directories = '$sockdir'
max_connections = 200
shared_buffers = 256MB
fsync = on
synchronous_commit = on
full_page_writes = on
CONF
  chown postgres: "$data/legalaid.conf"
  if la_as_pg "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    la_log "PostgreSQL already running in $data"
  else
    la_as_pg "$bindir/pg_ctl" -D "$data" -w -t 60 -l "$data/server.log" start >/dev/null \
      || { tail -n 20 "$data/server.log" >&2; la_die "PostgreSQL did not start"; }
  fi
  LA_PG_SOCKDIR=$sockdir LA_PG_PORT=$port LA_PG_DATA=$data
  export LA_PG_SOCKDIR LA_PG_PORT LA_PG_DATA
}

la_pg_stop() {
  [ -n "${LA_PG_DATA:-}" ] || return 0
  la_as_pg "$(la_pg_bindir)/pg_ctl" -D "$LA_PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
}

# psql as the cluster's superuser.
la_psql() { la_as_pg psql -X -q -v ON_ERROR_STOP=1 -h "$LA_PG_SOCKDIR" -p "$LA_PG_PORT" -U postgres "$@"; }

# The two roles (README, deploy/postgresql/README.md): legalaid_owner owns the database and
# migrates it; legalaid is what the daemon serves as, granted by the migrations the rows it
# works on and the audit tables only to read and add to.
la_pg_ensure_roles() {
  la_pg_ensure_role legalaid_owner
  la_pg_ensure_role legalaid
}
# la_pg_ensure_role NAME: a login role, made when missing. Safe when several callers run at
# once (test.sh's browser tests beside the suites): a look then a CREATE is not, one of two
# callers failing with "role already exists" (seen in a clean-clone CI run); so the CREATE
# itself is tried, and another caller having made it first is success.
la_pg_ensure_role() {
  la_psql -d postgres -c "DO \$\$BEGIN CREATE ROLE \"$1\" LOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END\$\$"
}

# Creates the roles and the database (owned by legalaid_owner) when missing. A database from
# before the two roles (owned by legalaid) is handed to legalaid_owner, objects and all.
la_pg_ensure_db() {
  local db=$1
  la_pg_ensure_roles
  if ! la_psql -d postgres -tc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    la_psql -d postgres -c "CREATE DATABASE \"$db\" OWNER legalaid_owner"
  elif [ "$(la_psql -d postgres -Atc "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '$db'")" = legalaid ]; then
    la_log "handing database $db to legalaid_owner (the daemon now serves as legalaid)"
    la_psql -d "$db" -c "ALTER DATABASE \"$db\" OWNER TO legalaid_owner" \
      -c "REASSIGN OWNED BY legalaid TO legalaid_owner"
  fi
}

# la_free_ports N: prints a port P such that P .. P+N-1 have no listener now, below the
# kernel's range for outgoing connections (32768-), so a client socket cannot hold one.
la_free_ports() {
  local n=$1 p i used
  used=$(ss -Hltn 2>/dev/null | awk '{sub(/.*:/, "", $4); print $4}')
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 12000))
    for ((i = 0; i < n; i++)); do grep -qx "$((p + i))" <<<"$used" && continue 2; done
    echo "$p"; return 0
  done
  la_die "no $n free ports"
}

# la_wait_port PORTFILE PID: for a legalaidd started with LEGALAID_PORT=0 and
# LEGALAID_PORT_FILE=PORTFILE, prints the port once /health answers there; fails when the
# daemon exits first or after 60 s. (A port picked at random once collided in CI.)
la_wait_port() {
  local file=$1 pid=$2 port
  for _ in $(seq 1 300); do
    if [ -s "$file" ]; then
      port=$(cat "$file")
      curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && { echo "$port"; return 0; }
    fi
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}

# la_db_conninfo DBNAME USER SERVER...: the daemon's conninfo (LEGALAID_DB), built here and
# nowhere else. A SERVER is HOST:PORT, or a socket directory:PORT. With several servers libpq
# tries them in order and keeps the first that takes writes (target_session_attrs=read-write):
# after a failover the daemon finds the new primary by itself, and answers 503 until then.
# Over TCP, keepalives and tcp_user_timeout make a connection to a host that vanished fail in
# seconds instead of TCP's minutes.
la_db_conninfo() {
  local db=$1 user=$2 hosts='' ports='' s tcp=0
  shift 2
  [ $# -ge 1 ] || la_die "la_db_conninfo: no server"
  for s in "$@"; do
    hosts+=${hosts:+,}${s%:*}
    ports+=${ports:+,}${s##*:}
    case $s in /*) ;; *) tcp=1 ;; esac
  done
  local ci="host=$hosts port=$ports dbname=$db user=$user"
  [ $# -gt 1 ] && ci+=" target_session_attrs=read-write"
  [ $tcp -eq 1 ] && ci+=" keepalives_idle=5 keepalives_interval=2 keepalives_count=3 tcp_user_timeout=10000"
  printf '%s\n' "$ci"
}
