#!/usr/bin/env bash
# Issue 5, point 4: the cost of /stats/annual for one centre and year, and of
# /stats/cases?group_by=month for a city (with its counties) and year, on a database of
# 2 million cases and 5 million calls against a database holding only that centre's year.
#
#   tests/bench/stats_scale.sh PGCONN [BUILD_DIR]
#
# PGCONN: a conninfo of a cluster's maintenance database reachable as the legalaid role's
# owner (e.g. "host=/tmp/legalaid-pg.55432 port=55432 user=postgres dbname=postgres").
# Creates (or reuses, when LEGALAID_BENCH_REUSE=1) the databases la_scale and la_one, loads them
# with legalaid-gen, starts legalaidd on each and measures with wrk (1 connection, 10 s), then
# prints the plans PostgreSQL chose for both requests on the large database.
set -euo pipefail
PG=${1:?usage: stats_scale.sh PGCONN [BUILD_DIR]}
BUILD=${2:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
source deploy/lib.sh
tmp=$(mktemp -d /tmp/legalaid-scale.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
la_install wrk curl
base=$(printf '%s\n' "$PG" | sed 's/dbname=[^ ]*//; s/user=[^ ]*//')

make_db() { # name gen-args...
  local db=$1; shift
  if [ "${LEGALAID_BENCH_REUSE:-0}" = 1 ] && psql "$PG" -Atc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
    return
  fi
  psql -q "$PG" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db OWNER legalaid"
  LEGALAID_DB="$base dbname=$db user=legalaid" "$BUILD/legalaidd" --migrate-only 2>/dev/null
  /usr/bin/time -f "%e s to load $db" "$BUILD/tests/legalaid-gen" "$base dbname=$db user=legalaid" \
    --admin bench:bench-pass-2024 "$@"
}

make_db la_scale
# The one centre's year alone: the same sizes, one city centre, one year; and the city with its
# four counties, one year.
make_db la_one --centers 1 --years 1 --first-year 2024
make_db la_city --centers 5 --years 1 --first-year 2024

start_daemon() { # db: starts legalaidd on a port of its choosing; sets pid, port, tok
  rm -f "$tmp/port"
  LEGALAID_DB="$base dbname=$1 user=legalaid" LEGALAID_PORT=0 LEGALAID_PORT_FILE="$tmp/port" \
    LEGALAID_BIND=127.0.0.1 LEGALAID_ACCESS_LOG=0 "$BUILD/legalaidd" --no-migrate \
    >/dev/null 2>"$tmp/daemon.log" &
  pid=$!
  port=$(la_wait_port "$tmp/port" $pid) || { cat "$tmp/daemon.log" >&2; exit 1; }
  tok=$(curl -sf -H 'Content-Type: application/json' \
    -d '{"username":"bench","password":"bench-pass-2024"}' "localhost:$port/api/v1/session" |
    sed 's/.*"token":"\([^"]*\)".*/\1/')
}

measure() { # db path
  local db=$1 path=$2
  start_daemon "$db"
  curl -sf -H "Authorization: Bearer $tok" "localhost:$port$path" -o /dev/null
  wrk -t1 -c1 -d10s -H "Authorization: Bearer $tok" "http://localhost:$port$path" |
    awk -v db="$db" -v p="$path" '/Latency/ {lat=$2} /Requests\/sec/ {rps=$2}
      END {printf "%-9s %-70s latency %s  req/s %s\n", db, p, lat, rps}'
  kill -TERM $pid; wait $pid 2>/dev/null || true
}

# The plans PostgreSQL ran for one request (auto_explain, sent to the daemon as notices, which
# libpq prints on its stderr), statements over 2 ms only: the statistics, not the session look-up.
plans() { # db path
  local db=$1 path=$2
  psql -q "$PG" -c "ALTER ROLE legalaid IN DATABASE $db SET session_preload_libraries = 'auto_explain'" \
    -c "ALTER ROLE legalaid IN DATABASE $db SET auto_explain.log_min_duration = '2ms'" \
    -c "ALTER ROLE legalaid IN DATABASE $db SET auto_explain.log_analyze = on" \
    -c "ALTER ROLE legalaid IN DATABASE $db SET auto_explain.log_timing = off" \
    -c "ALTER ROLE legalaid IN DATABASE $db SET auto_explain.log_level = 'notice'"
  start_daemon "$db"
  curl -sf -H "Authorization: Bearer $tok" "localhost:$port$path" -o /dev/null
  kill -TERM $pid; wait $pid 2>/dev/null || true
  psql -q "$PG" -c "ALTER ROLE legalaid IN DATABASE $db RESET ALL"
  echo "plan of $path on $db:"
  grep -v '^Query Text:' "$tmp/daemon.log" | grep -v '^legalaidd:\|^migrate:\|^security ' | sed 's/^/    /'
}

# The first generated centre is a city (with 4 counties); its id in each database:
one_scale=$(psql "$base dbname=la_scale user=legalaid" -Atc "SELECT min(id) FROM centers WHERE name LIKE '基准测试%'")
one_one=$(psql "$base dbname=la_one user=legalaid" -Atc "SELECT min(id) FROM centers WHERE name LIKE '基准测试%'")
one_city=$(psql "$base dbname=la_city user=legalaid" -Atc "SELECT min(id) FROM centers WHERE name LIKE '基准测试%'")
echo "cases: $(psql "$base dbname=la_scale user=legalaid" -Atc 'SELECT count(*) FROM cases') in la_scale," \
     "$(psql "$base dbname=la_one user=legalaid" -Atc 'SELECT count(*) FROM cases') in la_one," \
     "$(psql "$base dbname=la_city user=legalaid" -Atc 'SELECT count(*) FROM cases') in la_city"
measure la_scale "/api/v1/stats/annual?center_id=$one_scale&year=2024"
measure la_one   "/api/v1/stats/annual?center_id=$one_one&year=2024"
measure la_scale "/api/v1/stats/cases?group_by=month&center_id=$one_scale&include_children=true&year=2024"
measure la_city  "/api/v1/stats/cases?group_by=month&center_id=$one_city&include_children=true&year=2024"
plans la_scale "/api/v1/stats/annual?center_id=$one_scale&year=2024"
plans la_scale "/api/v1/stats/cases?group_by=month&center_id=$one_scale&include_children=true&year=2024"
