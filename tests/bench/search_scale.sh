#!/usr/bin/env bash
# Issue 15: a worklist page, a search by part of a name and a case read on 2,000,000 cases over
# 100 centres against the same requests on a database of 20,000 (one city with its four
# counties, one year): stats_scale.sh's databases la_scale and la_city, made here when missing
# (LEGALAID_BENCH_REUSE=1 keeps them). Each request with wrk, 1 connection, 8 s (mean latency),
# then the search and the worklist page at 16 connections (p50/p99), as the generator's admin
# `bench` (every centre), each after 3 s of warm-up at 32 connections (not counted).
# BENCH_SCALE_GEN_ARGS: more arguments for the generator of la_scale, e.g.
# "--calls-per-center-year 0" to leave out its 5,000,000 hotline calls (none of these requests
# reads them; stats_scale.sh's requests do).
#
#   tests/bench/search_scale.sh PGCONN [BUILD_DIR]
set -euo pipefail
PG=${1:?usage: search_scale.sh PGCONN [BUILD_DIR]}
BUILD=${2:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
source deploy/lib.sh
la_install wrk curl
tmp=$(mktemp -d /tmp/legalaid-search.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill -TERM $pid 2>/dev/null; rm -rf "$tmp"' EXIT
base=$(printf '%s\n' "$PG" | sed 's/dbname=[^ ]*//; s/user=[^ ]*//')
secs=${BENCH_SECONDS:-8}

make_db() { # name gen-args...
  local db=$1; shift
  if [ "${LEGALAID_BENCH_REUSE:-0}" = 1 ] && psql "$PG" -Atc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
    LEGALAID_DB="$base dbname=$db user=legalaid" "$BUILD/legalaidd" --migrate-only 2>/dev/null
    return
  fi
  psql -q "$PG" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db OWNER legalaid"
  LEGALAID_DB="$base dbname=$db user=legalaid" "$BUILD/legalaidd" --migrate-only 2>/dev/null
  /usr/bin/time -f "%e s to load $db" "$BUILD/tests/legalaid-gen" "$base dbname=$db user=legalaid" \
    --admin bench:bench-pass-2024 "$@"
}
# shellcheck disable=SC2086
make_db la_scale ${BENCH_SCALE_GEN_ARGS:-}
make_db la_city --centers 5 --years 1 --first-year 2024

start_daemon() { # db
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
stop_daemon() { kill -TERM $pid; wait $pid 2>/dev/null || true; pid=; }

measure() { # db label path connections
  curl -sf -H "Authorization: Bearer $tok" "localhost:$port$3" -o /dev/null ||
    { echo "$3 failed" >&2; exit 1; }
  # Warm up first, as a daemon that has run a while is: each of its worker threads has its own
  # PostgreSQL connection, and a connection's first query of a kind pays for loading the
  # catalogue into that backend (100-200 ms for the list's view); at 1 connection and a few
  # requests a second those first queries were most of an 8 s run.
  wrk -t1 -c32 -d3s -H "Authorization: Bearer $tok" "http://localhost:$port$3" >/dev/null
  wrk -t1 -c"$4" -d"${secs}s" --latency -H "Authorization: Bearer $tok" "http://localhost:$port$3" |
    awk -v db="$1" -v l="$2" -v c="$4" -v load="$(cut -d' ' -f1 /proc/loadavg)" '
      function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
      /Latency/ && !lat {lat = ms($2)} /^ +50%/ {p50 = ms($2)} /^ +99%/ {p99 = ms($2)} /Requests\/sec/ {rps = $2}
      END {printf "%-9s %-22s %3d  mean %8.2f ms  p50 %8.2f  p99 %8.2f  req/s %8s  load %s\n", db, l, c, lat, p50, p99, rps, load}'
}

q=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("郭秀英"))')
q2=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("秀英"))')
for db in la_scale la_city; do
  c0=$(psql "$base dbname=$db user=legalaid" -Atc "SELECT min(id) FROM centers WHERE name LIKE '基准测试%'")
  case_id=$(psql "$base dbname=$db user=legalaid" -Atc "SELECT max(id) FROM cases WHERE center_id = $c0")
  echo "$db: $(psql "$base dbname=$db user=legalaid" -Atc 'SELECT count(*) FROM cases') cases;" \
    "$(psql "$base dbname=$db user=legalaid" -Atc "SELECT count(*) FROM cases WHERE applicant_name LIKE '%郭秀英%'") named *郭秀英*"
  start_daemon "$db"
  measure "$db" "search all (q=郭秀英)" "/api/v1/cases?q=$q&limit=50" 1
  measure "$db" "search one centre" "/api/v1/cases?q=$q&center_id=$c0&limit=50" 1
  measure "$db" "search all (q=秀英)" "/api/v1/cases?q=$q2&limit=50" 1
  measure "$db" "worklist page" "/api/v1/cases?center_id=$c0&status=submitted&limit=50" 1
  measure "$db" "case read" "/api/v1/cases/$case_id" 1
  measure "$db" "search all (q=郭秀英)" "/api/v1/cases?q=$q&limit=50" 16
  measure "$db" "worklist page" "/api/v1/cases?center_id=$c0&status=submitted&limit=50" 16
  stop_daemon
done
# The plan of the search over every centre on the large database: the LIKE of both columns
# (what the daemon ran before case_name_parts), then, when the table is there, the daemon's
# query since (server/store/cases.c, store_cases_list; as the admin of every centre).
psql "$base dbname=la_scale user=legalaid" -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
  SELECT id FROM cases WHERE (applicant_name LIKE '%郭秀英%' OR case_no LIKE '%郭秀英%')
  ORDER BY id DESC LIMIT 50" | sed 's/^/    /'
if psql "$base dbname=la_scale user=legalaid" -Atc "SELECT to_regclass('case_name_parts')" | grep -q .; then
  psql "$base dbname=la_scale user=legalaid" -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
    SELECT c.id FROM cases c WHERE c.id IN (WITH n AS (SELECT p.case_id FROM case_name_parts p
      JOIN cases c ON c.id = p.case_id WHERE p.part = '郭秀英' ORDER BY p.case_id DESC LIMIT 50)
      SELECT n.case_id FROM n UNION ALL (SELECT c.id FROM cases c
      WHERE c.case_no LIKE '%' || '郭秀英' || '%' ORDER BY c.id DESC LIMIT 50))
    ORDER BY c.id DESC LIMIT 50" | sed 's/^/    /'
fi
