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
# with legalaid-gen, starts legalaidd on each and measures with wrk (1 connection, 10 s).
set -euo pipefail
PG=${1:?usage: stats_scale.sh PGCONN [BUILD_DIR]}
BUILD=${2:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
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

measure() { # db port path
  local db=$1 port=$2 path=$3
  LEGALAID_DB="$base dbname=$db user=legalaid" LEGALAID_PORT=$port LEGALAID_ACCESS_LOG=0 \
    "$BUILD/legalaidd" --no-migrate >/dev/null 2>&1 &
  local pid=$!
  for _ in $(seq 1 100); do curl -sf "localhost:$port/api/v1/health" >/dev/null && break; sleep 0.1; done
  local tok
  tok=$(curl -sf -H 'Content-Type: application/json' \
    -d '{"username":"bench","password":"bench-pass-2024"}' "localhost:$port/api/v1/session" |
    sed 's/.*"token":"\([^"]*\)".*/\1/')
  curl -sf -H "Authorization: Bearer $tok" "localhost:$port$path" -o /dev/null
  wrk -t1 -c1 -d10s -H "Authorization: Bearer $tok" "http://localhost:$port$path" |
    awk -v db="$db" -v p="$path" '/Latency/ {lat=$2} /Requests\/sec/ {rps=$2}
      END {printf "%-9s %-70s latency %s  req/s %s\n", db, p, lat, rps}'
  kill -TERM $pid; wait $pid 2>/dev/null || true
}

# The first generated centre is a city (with 4 counties); its id in each database:
one_scale=$(psql "$base dbname=la_scale user=legalaid" -Atc "SELECT min(id) FROM centers WHERE name LIKE '基准测试%'")
one_one=$(psql "$base dbname=la_one user=legalaid" -Atc "SELECT min(id) FROM centers WHERE name LIKE '基准测试%'")
one_city=$(psql "$base dbname=la_city user=legalaid" -Atc "SELECT min(id) FROM centers WHERE name LIKE '基准测试%'")
echo "cases: $(psql "$base dbname=la_scale user=legalaid" -Atc 'SELECT count(*) FROM cases') in la_scale," \
     "$(psql "$base dbname=la_one user=legalaid" -Atc 'SELECT count(*) FROM cases') in la_one," \
     "$(psql "$base dbname=la_city user=legalaid" -Atc 'SELECT count(*) FROM cases') in la_city"
measure la_scale 18181 "/api/v1/stats/annual?center_id=$one_scale&year=2024"
measure la_one   18182 "/api/v1/stats/annual?center_id=$one_one&year=2024"
measure la_scale 18183 "/api/v1/stats/cases?group_by=month&center_id=$one_scale&include_children=true&year=2024"
measure la_city  18184 "/api/v1/stats/cases?group_by=month&center_id=$one_city&include_children=true&year=2024"
