#!/usr/bin/env bash
# The load benchmark (not part of CI). One command:
#   tests/bench/run.sh            # defaults: 20 centres x 2 years of data, 10 s per run
# Environment: BENCH_SECONDS (10), BENCH_CONNECTIONS ("1 16 64 256"), BENCH_CENTERS (20),
# BENCH_THREADS (legalaidd's request workers; its default, two per core), BENCH_ONLY (some of: get_case worklist intake
# call annual; "none" for none), BENCH_COMPARE (1: first the contenders' table of issue 15, 0: not),
# BENCH_COMPARE_CONNECTIONS ("32 256"), BENCH_WARMUP (3: seconds of each contender's requests
# before its rows, not counted; 0: none).
#
# The contenders (issue 15), side by side in the same run on the same cluster: a case read and
# an intake into one centre by legalaidd, by the peer (tests/bench/peer: Express 4 + pg from npm,
# one worker per core, a session look-up per request), `pgbench -S` (PostgreSQL's own
# primary-key read, on pgbench's tables at scale 10) and `pgbench tx` (the intake-shaped
# transaction: the centre's number, the case, its event, one synchronous commit, into one centre).
# Beside the read, where its time goes: `floor -S` and `floor case` (tests/bench/floor.c: the
# least a C service can do over HTTP, libmicrohttpd and one prepared statement inline in its
# polling threads, around pgbench's read and around the case's statement) and `pgbench case`
# (that statement run by pgbench, with the clerk's scope as parameters).
# Each row carries the 1-minute load average when it started (the machine is shared).
#
# It builds a release legalaidd, starts a throwaway PostgreSQL (as deploy/test.sh does), loads
# realistic data with legalaid-gen (COPY), then drives the daemon with wrk at several
# concurrencies for: GET a case, a worklist page, an intake POST, a hotline call POST and the
# annual statistics; prints requests/s, p50 and p99 latency, the daemon's peak memory (and its
# resident memory with 256 connections open), and in the same run pgbench's rate for the same
# SQL (tests/bench/pgbench_sql.c prints it), with the ratio.
set -euo pipefail
source "$(dirname "$0")/../../deploy/lib.sh"
cd "$LA_ROOT"
secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-"1 16 64 256"}
centers=${BENCH_CENTERS:-20}
threads=${BENCH_THREADS:-}

la_install "${LA_PKGS_BUILD[@]}" "${LA_PKGS_RUN[@]}" wrk curl
[ "${BENCH_COMPARE:-1}" = 1 ] && la_install_node
[ -n "${BENCH_PROFILE:-}" ] && la_install linux-perf
la_build build-bench -Dbuildtype=release
BIN=build-bench

tmp=$(mktemp -d /tmp/legalaid-bench.XXXXXX)
chmod 755 "$tmp"; chown postgres: "$tmp"
daemon=
peer=
cleanup() {
  [ -n "$peer" ] && kill -TERM "$peer" 2>/dev/null && wait "$peer" 2>/dev/null
  [ -n "$daemon" ] && kill -TERM "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null
  la_pg_stop
  rm -rf "$tmp"
}
trap cleanup EXIT
la_pg_start "$tmp" $((30000 + RANDOM % 5000))
# The benchmark's cluster: sized like deploy/postgresql.conf for this machine.
la_psql -d postgres -qc "ALTER SYSTEM SET max_connections = 400" \
  -c "ALTER SYSTEM SET shared_buffers = '1GB'" -c "ALTER SYSTEM SET wal_buffers = '16MB'" \
  -c "ALTER SYSTEM SET checkpoint_timeout = '15min'" -c "ALTER SYSTEM SET max_wal_size = '4GB'"
la_as_pg "$(la_pg_bindir)/pg_ctl" -D "$LA_PG_DATA" -w -l "$LA_PG_DATA/server.log" restart >/dev/null
la_pg_ensure_db legalaid_bench
conn="host=$LA_PG_SOCKDIR port=$LA_PG_PORT dbname=legalaid_bench user=legalaid"
# The two roles of deploy/run.sh: the owner migrates and bulk-loads, legalaid serves.
owner="host=$LA_PG_SOCKDIR port=$LA_PG_PORT dbname=legalaid_bench user=legalaid_owner"
export LEGALAID_DB_OWNER="$owner"
LEGALAID_DB="$conn" "$BIN/legalaidd" --migrate-only 2>/dev/null
t0=$(date +%s)
"$BIN/tests/legalaid-gen" "$owner" --centers "$centers" --years 2 --first-year 2025 \
  --admin bench:bench-pass-2024 2>&1 | grep -v WARNING >&2
# Vacuumed as pgbench -i vacuums its own tables: the rows' hint bits set and the visibility map
# made now, not by the first requests of whichever contender runs first.
psql "$owner" -qc "VACUUM (ANALYZE)" 2>/dev/null || psql "$conn" -qc "VACUUM (ANALYZE)"
echo "data: $(psql "$conn" -Atc 'SELECT count(*) FROM cases') cases, $(psql "$conn" -Atc \
  'SELECT count(*) FROM hotline_calls') calls, loaded in $(( $(date +%s) - t0 )) s"

if [ -n "$threads" ]; then export LEGALAID_THREADS=$threads; else unset LEGALAID_THREADS; fi
LEGALAID_DB="$conn" LEGALAID_PORT=0 LEGALAID_PORT_FILE="$tmp/port" LEGALAID_BIND=127.0.0.1 \
  LEGALAID_ACCESS_LOG=0 LEGALAID_PER_IP_LIMIT=1024 "$BIN/legalaidd" \
  --no-migrate 2>"$tmp/daemon.log" &
daemon=$!
port=$(la_wait_port "$tmp/port" $daemon) || { tail "$tmp/daemon.log" >&2; exit 1; }
# The workers it runs (its default unless BENCH_THREADS), from its start-up line.
threads=$(sed -n 's/.* \([0-9]*\) workers,.*/\1/p' "$tmp/daemon.log" | head -1)
base="http://127.0.0.1:$port/api/v1"
login() { curl -sf -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"$2\"}" \
  "$base/session" | sed 's/.*"token":"\([^"]*\)".*/\1/'; }
admin=$(login bench bench-pass-2024)
c0=$(psql "$conn" -Atc "SELECT min(id) FROM centers WHERE name LIKE '基准测试%'")
c1=$(psql "$conn" -Atc "SELECT max(id) FROM centers WHERE name LIKE '基准测试%'")
maxid=$(psql "$conn" -Atc "SELECT max(id) FROM cases")
curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d "{\"username\":\"bench_clerk\",\"password\":\"bench-pass-2024\",\"role\":\"clerk\",\"center_id\":$c0}" \
  "$base/users" >/dev/null
clerk=$(login bench_clerk bench-pass-2024)
# One of each write by hand first: the benchmark must measure successes, not refusals.
probe() { # token path body
  local code
  code=$(curl -s -o "$tmp/probe.out" -w '%{http_code}' -H "Authorization: Bearer $1" \
    -H 'Content-Type: application/json' -d "$3" "$base$2")
  [ "$code" = 201 ] || { echo "probe $2: $code $(cat "$tmp/probe.out")" >&2; exit 1; }
}
probe "$clerk" /cases '{"channel":"window","case_type":"plea_help","applicant":{"name":"探测","id_number":"11010519491231002X"}}'
probe "$clerk" /hotline/calls '{"kind":"consultation","topic":"labour","outcome":"answered"}'
th=$(psql "$conn" -Atc "SELECT encode(token_hash, 'hex') FROM sessions ORDER BY created_at DESC LIMIT 1")

# wrk scripts: a random case, the intake and call bodies (valid resident IDs, unique names).
cat >"$tmp/get.lua" <<LUA
math.randomseed(os.time())
request = function() return wrk.format("GET", "/api/v1/cases/" .. math.random(1, $maxid)) end
LUA
cat >"$tmp/worklist.lua" <<LUA
math.randomseed(os.time())
request = function() return wrk.format("GET", "/api/v1/cases?limit=50&center_id=" .. math.random($c0, $c1)) end
LUA
cat >"$tmp/intake.lua" <<LUA
local c0, c1 = $c0, $c1
LUA
cat >>"$tmp/intake.lua" <<'LUA'
wrk.headers["Content-Type"] = "application/json" -- kept beside -H Authorization
math.randomseed(os.time())
local n = 0
local w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
local cc = "10X98765432"
local function rid(k)
  local d = string.format("140302198%01d0315%03d", k % 10, k % 1000)
  local s = 0
  for i = 1, 17 do s = s + tonumber(d:sub(i, i)) * w[i] end
  return d .. cc:sub(s % 11 + 1, s % 11 + 1)
end
request = function()
  n = n + 1
  -- Intakes of all the centres, each numbered in its own sequence (as pgbench's script does).
  local body = string.format('{"center_id":%d,"channel":"window","case_type":"plea_help","applicant":{"name":"压测%d","id_number":"%s"}}', math.random(c0, c1), n, rid(n))
  return wrk.format("POST", "/api/v1/cases", nil, body)
end
LUA
cat >"$tmp/call.lua" <<'LUA'
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  local body = string.format('{"kind":"consultation","topic":"labour","outcome":"answered","caller_phone":"139%08d","duration_s":120}', n)
  return wrk.format("POST", "/api/v1/hotline/calls", nil, body)
end
LUA
cat >"$tmp/annual.lua" <<LUA
math.randomseed(os.time())
request = function() return wrk.format("GET", "/api/v1/stats/annual?year=2025&center_id=" .. math.random($c0, $c1)) end
LUA
for s in get_case worklist intake call annual; do "$BIN/tests/legalaid-pgbench-sql" $s >"$tmp/$s.sql"; done

peak_rss=0
sample_rss() { # the daemon's resident memory now, in kB
  awk '/VmRSS/ {print $2}' "/proc/$daemon/status"
}

# wrk: req/s, p50, p99 (ms) and non-2xx count. Non-2xx answers count as failures of the run.
run_wrk() { # token lua connections
  local out rss max=0
  local t=2
  [ "$3" -lt 2 ] && t=1
  wrk -t$t -c"$3" -d"${secs}s" --latency --timeout 10s -H "Authorization: Bearer $1" -s "$2" "http://127.0.0.1:$port" >"$tmp/wrk.out" 2>&1 &
  local w=$!
  while kill -0 $w 2>/dev/null; do rss=$(sample_rss); [ "$rss" -gt "$max" ] && max=$rss; sleep 0.25; done
  wait $w || true
  out=$(awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /Requests\/sec/ { rps = $2 }
    /Non-2xx/ { bad = $NF } /Socket errors/ { err = $0 }
    END { printf "%.0f %.2f %.2f %d", rps, p50, p99, bad + 0 }' "$tmp/wrk.out")
  echo "$out $max"
}

run_pgbench() { # script connections mode
  local c=$2 mode=${3:-prepared}
  [ "$c" -gt "$threads" ] && c=$threads  # the daemon holds at most one connection per thread
  la_as_pg pgbench -n -M "$mode" -h "$LA_PG_SOCKDIR" -p "$LA_PG_PORT" -U legalaid -c "$c" -j 2 -T "$secs" \
    -D th="$th" -D maxid="$maxid" -D c0="$c0" -D c1="$c1" -D year=2025 -f "$1" legalaid_bench 2>/dev/null |
    awk '/^tps/ {printf "%.0f", $3}'
}

# ---- issue 15: the contenders, side by side ----
load1() { cut -d' ' -f1 /proc/loadavg; }
wrk_at() { # port token lua connections: req/s p50 p99 non-2xx
  local t=2
  [ "$4" -lt 2 ] && t=1
  wrk -t$t -c"$4" -d"${secs}s" --latency --timeout 10s -H "Authorization: Bearer $2" -s "$3" \
    "http://127.0.0.1:$1" 2>&1 | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /Requests\/sec/ { rps = $2 }
    /Non-2xx/ { bad = $NF }
    END { printf "%.0f %.2f %.2f %d", rps, p50, p99, bad + 0 }'
}
pgbench_tps() { # db connections args...: tps
  local db=$1 c=$2
  shift 2
  la_as_pg pgbench -n -h "$LA_PG_SOCKDIR" -p "$LA_PG_PORT" -c "$c" -j 2 -T "$secs" "$@" "$db" 2>/dev/null |
    awk '/^tps/ {printf "%.0f", $3}'
}
if [ "${BENCH_COMPARE:-1}" = 1 ]; then
  # The peer signs in its own way: a session row whose token hash is the token's SHA-256, for
  # the same clerk of the first centre.
  ptok=peer-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
  psql "$conn" -qc "INSERT INTO sessions (token_hash, user_id, csrf_token, client_ip, expires_at)
    SELECT sha256(convert_to('$ptok', 'UTF8')), id, 'peer', '127.0.0.1', now() + interval '1 day'
    FROM users WHERE username = 'bench_clerk'"
  (cd tests/bench/peer && npm ci --no-audit --no-fund --loglevel=error >&2)
  pport=$((22000 + RANDOM % 4000)) # below the ephemeral ports (32768-60999)
  PGHOST=$LA_PG_SOCKDIR PGPORT=$LA_PG_PORT PGDATABASE=legalaid_bench PGUSER=legalaid PEER_PORT=$pport \
    node tests/bench/peer/server.js 2>"$tmp/peer.log" &
  peer=$!
  for _ in $(seq 150); do # up once it answers (404: no case 0)
    [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $ptok" \
      "http://127.0.0.1:$pport/api/v1/cases/0")" = 404 ] && break
    sleep 0.2
  done
  if [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $ptok" \
      "http://127.0.0.1:$pport/api/v1/cases/0")" != 404 ]; then
    echo "the peer does not answer on port $pport:" >&2; tail -20 "$tmp/peer.log" >&2; exit 1
  fi
  la_psql -d postgres -qc "DROP DATABASE IF EXISTS pgbench_s" -c "CREATE DATABASE pgbench_s"
  la_as_pg pgbench -i -q -s 10 -h "$LA_PG_SOCKDIR" -p "$LA_PG_PORT" pgbench_s >/dev/null 2>&1
  pg_s="host=$LA_PG_SOCKDIR port=$LA_PG_PORT dbname=pgbench_s user=postgres"
  # legalaid-http-floor (tests/bench/floor.c) with the daemon's workers as its threads, each
  # with its connection, read by the same wrk script as legalaidd (the case ids exist in
  # pgbench_accounts too: 1,000,000 rows at scale 10).
  floor_at() { # conninfo connections sql params...: req/s p50 p99 non-2xx
    local fc=$1 n=$2 fsql=$3 fport=$((26000 + RANDOM % 4000)) fpid
    shift 3
    "$BIN/tests/legalaid-http-floor" "$fport" "$threads" "$fc" "$fsql" "$@" 2>>"$tmp/floor.log" &
    fpid=$!
    for _ in $(seq 50); do
      curl -s -o /dev/null "http://127.0.0.1:$fport/api/v1/cases/0" && break
      sleep 0.1
    done
    warm_up "$fport" none "$tmp/cmp_get.lua"
    wrk_at "$fport" none "$tmp/cmp_get.lua" "$n"
    kill -TERM "$fpid"; wait "$fpid" 2>/dev/null || true
  }
  # The first centre's cases, read at random by its clerk (legalaidd) and the same user (peer).
  ids=$(psql "$conn" -Atc "SELECT string_agg(id::text, ',') FROM (SELECT id FROM cases
    WHERE center_id = $c0 ORDER BY random() LIMIT 2000) x")
  read -r lo hi <<<"$(psql "$conn" -Atc "SELECT min(id), max(id) FROM cases WHERE center_id = $c0" | tr '|' ' ')"
  "$BIN/tests/legalaid-pgbench-sql" cmp_get_case >"$tmp/cmp_get_case.sql"
  cat >"$tmp/cmp_get.lua" <<LUA
local ids = {$ids}
math.randomseed(os.time())
request = function() return wrk.format("GET", "/api/v1/cases/" .. ids[math.random(#ids)]) end
LUA
  # Intakes into one centre (the clerk's own), distinct applicants; each contender its own names.
  for who in daemon peer; do
    cat >"$tmp/cmp_intake_$who.lua" <<LUA
local who = "$who"
LUA
    cat >>"$tmp/cmp_intake_$who.lua" <<'LUA'
wrk.headers["Content-Type"] = "application/json"
local n = 0
local w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
local cc = "10X98765432"
local thread_no = 0
setup = function(thread) thread_no = thread_no + 1; thread:set("tid", thread_no) end
local function rid(k)
  local d = string.format("140302198%01d0315%03d", k % 10, k % 1000)
  local s = 0
  for i = 1, 17 do s = s + tonumber(d:sub(i, i)) * w[i] end
  return d .. cc:sub(s % 11 + 1, s % 11 + 1)
end
request = function()
  n = n + 1
  local body = string.format('{"channel":"window","case_type":"plea_help","applicant":{"name":"%s%d-%d","id_number":"%s"}}', who == "peer" and "对照" or "单中心", tid or 0, n, rid(n))
  return wrk.format("POST", "/api/v1/cases", nil, body)
end
LUA
  done
  # pgbench tx: the intake-shaped transaction into the same centre, synchronously committed.
  cat >"$tmp/cmp_intake_tx.sql" <<'SQL'
\set n random(1, 99999999)
WITH n AS (INSERT INTO case_counters (center_id, year, last_no) VALUES (:center, 2026, 1) ON CONFLICT (center_id, year) DO UPDATE SET last_no = case_counters.last_no + 1 RETURNING last_no), c AS (INSERT INTO cases (center_id, case_no, case_year, case_seq, channel, received_at, case_type, applicant_name, applicant_id_number, eligibility, created_by) SELECT :center, '(2026)' || ctr.case_no_prefix || 'T' || n.last_no, 2026, n.last_no, 'window', now(), 'plea_help', '事务', '1401' || lpad(:n::text, 14, '0'), '{}', 1 FROM n, centers ctr WHERE ctr.id = :center RETURNING id, channel, case_no) INSERT INTO case_events (case_id, actor_id, action, to_status, detail) SELECT c.id, 1, 'intake', 'submitted', jsonb_build_object('channel', c.channel, 'case_no', c.case_no) FROM c;
SQL
  chmod 644 "$tmp"/cmp_*
  printf '\n%-12s %-12s %5s %9s %9s %9s %6s %5s\n' workload contender conns req/s p50_ms p99_ms non2xx load
  # BENCH_PROFILE=DIR: perf (system-wide, call graphs) during legalaidd's rows at the first
  # connection count; DIR receives each profile's summary by command and by symbol.
  profile() { # name
    [ -n "${BENCH_PROFILE:-}" ] && [ "$c" = "${first_c:-}" ] || return 0
    mkdir -p "$BENCH_PROFILE"
    perf record -q -a -g -o "$tmp/$1.perf" -- sleep "$((secs - 2))" >/dev/null 2>&1 &
    perf_pid=$!
  }
  profile_done() { # name
    [ -n "${BENCH_PROFILE:-}" ] && [ "$c" = "${first_c:-}" ] || return 0
    wait "$perf_pid"
    perf report -i "$tmp/$1.perf" --no-children --sort comm --stdio -g none 2>/dev/null |
      grep -v '^#' | grep -v '^$' | head -12 >"$BENCH_PROFILE/$1.by-command.txt"
    perf report -i "$tmp/$1.perf" --no-children --comm legalaidd --sort dso,sym --stdio -g none \
      2>/dev/null | grep -v '^#' | grep -v '^$' | head -40 >"$BENCH_PROFILE/$1.legalaidd.txt" || true
    perf report -i "$tmp/$1.perf" --no-children --comm postgres --sort sym --stdio -g none \
      2>/dev/null | grep -v '^#' | grep -v '^$' | head -40 >"$BENCH_PROFILE/$1.postgres.txt" || true
  }
  first_c=${BENCH_COMPARE_CONNECTIONS:-32 256}
  first_c=${first_c%% *}
  # Warm-up (BENCH_WARMUP seconds, 3; 0: none), not counted: each contender's reads and intakes
  # at 32 connections first, as a service that has run a while is. The daemon opens one
  # PostgreSQL connection per worker thread at its first request, and a new backend's first
  # query of the case view loads the catalogue into it (100-200 ms at load 9, RESULTS.md): the
  # first row measured otherwise carried those cold starts in its tail.
  warm_up() { # port token lua
    wrk -t2 -c32 -d"${BENCH_WARMUP:-3}s" -H "Authorization: Bearer $2" -s "$3" \
      "http://127.0.0.1:$1" >/dev/null 2>&1 || true
  }
  if [ "${BENCH_WARMUP:-3}" -gt 0 ]; then
    warm_up "$port" "$clerk" "$tmp/cmp_get.lua"
    warm_up "$pport" "$ptok" "$tmp/cmp_get.lua"
    warm_up "$port" "$clerk" "$tmp/cmp_intake_daemon.lua"
    warm_up "$pport" "$ptok" "$tmp/cmp_intake_peer.lua"
  fi
  for c in ${BENCH_COMPARE_CONNECTIONS:-32 256}; do
    l=$(load1); profile get_case; read -r rps p50 p99 bad <<<"$(wrk_at "$port" "$clerk" "$tmp/cmp_get.lua" "$c")"; profile_done get_case
    printf '%-12s %-12s %5s %9s %9s %9s %6s %5s\n' "GET case" legalaidd "$c" "$rps" "$p50" "$p99" "$bad" "$l"
    l=$(load1); read -r rps p50 p99 bad <<<"$(wrk_at "$pport" "$ptok" "$tmp/cmp_get.lua" "$c")"
    printf '%-12s %-12s %5s %9s %9s %9s %6s %5s\n' "GET case" express+pg "$c" "$rps" "$p50" "$p99" "$bad" "$l"
    l=$(load1); tps=$(pgbench_tps pgbench_s "$c" -S -M prepared)
    printf '%-12s %-12s %5s %9s %9s %9s %6s %5s\n' "GET case" "pgbench -S" "$c" "$tps" - - - "$l"
    # Where the read's time goes: the least HTTP around pgbench's read and around the case's
    # statement (legalaid-http-floor), and that statement run by pgbench itself.
    l=$(load1); read -r rps p50 p99 bad <<<"$(floor_at "$pg_s" "$c" 'SELECT abalance FROM pgbench_accounts WHERE aid = $1::int')"
    printf '%-12s %-12s %5s %9s %9s %9s %6s %5s\n' "GET case" "floor -S" "$c" "$rps" "$p50" "$p99" "$bad" "$l"
    l=$(load1); read -r rps p50 p99 bad <<<"$(floor_at "$conn" "$c" "$("$BIN/tests/legalaid-pgbench-sql" case_statement)" f "{$c0}" 0 t)"
    printf '%-12s %-12s %5s %9s %9s %9s %6s %5s\n' "GET case" "floor case" "$c" "$rps" "$p50" "$p99" "$bad" "$l"
    l=$(load1); tps=$(pgbench_tps legalaid_bench "$c" -M prepared -D lo="$lo" -D hi="$hi" -D all=f \
      -D scope="{$c0}" -D lawyer=0 -D full=t -f "$tmp/cmp_get_case.sql")
    printf '%-12s %-12s %5s %9s %9s %9s %6s %5s\n' "GET case" "pgbench case" "$c" "$tps" - - - "$l"
    l=$(load1); profile intake; read -r rps p50 p99 bad <<<"$(wrk_at "$port" "$clerk" "$tmp/cmp_intake_daemon.lua" "$c")"; profile_done intake
    printf '%-12s %-12s %5s %9s %9s %9s %6s %5s\n' "POST intake" legalaidd "$c" "$rps" "$p50" "$p99" "$bad" "$l"
    l=$(load1); read -r rps p50 p99 bad <<<"$(wrk_at "$pport" "$ptok" "$tmp/cmp_intake_peer.lua" "$c")"
    printf '%-12s %-12s %5s %9s %9s %9s %6s %5s\n' "POST intake" express+pg "$c" "$rps" "$p50" "$p99" "$bad" "$l"
    l=$(load1); tps=$(pgbench_tps legalaid_bench "$c" -M prepared -D center="$c0" -f "$tmp/cmp_intake_tx.sql")
    printf '%-12s %-12s %5s %9s %9s %9s %6s %5s\n' "POST intake" "pgbench tx" "$c" "$tps" - - - "$l"
  done
  echo "(GET case: a random case of the first centre's 2,000 read by its clerk; POST intake: the clerk's"
  echo " centre, distinct applicants; pgbench tx into the same centre; load = 1-minute load average)"
  echo "peer resident memory (all workers): $(ps -o rss= --ppid "$peer" | awk '{s += $1} END {print s}') kB"
  kill -TERM "$peer" 2>/dev/null; wait "$peer" 2>/dev/null || true
  peer=
fi

cp "$tmp"/*.sql "$tmp"/*.lua /tmp/ 2>/dev/null || true
chmod 644 "$tmp"/*.sql
printf '\n%-9s %5s %9s %8s %8s %6s %9s %9s %7s\n' endpoint conns req/s p50_ms p99_ms non2xx rss_kB pgbench ratio
# pgbench's protocol follows the daemon's: prepared statements where the daemon prepares them,
# unnamed (planned with the values) where it builds the query (lists, statistics).
only=${BENCH_ONLY:-"get_case worklist intake call annual"}  # "none": the contenders alone
for spec in "get_case:get.lua:$admin:prepared" "worklist:worklist.lua:$admin:extended" \
            "intake:intake.lua:$admin:prepared" "call:call.lua:$clerk:prepared" \
            "annual:annual.lua:$admin:extended"; do
  IFS=: read -r name lua tok mode <<<"$spec"
  case " $only " in *" $name "*) ;; *) continue ;; esac
  for c in $conns; do
    read -r rps p50 p99 bad rss <<<"$(run_wrk "$tok" "$tmp/$lua" "$c")"
    [ "$rss" -gt "$peak_rss" ] && peak_rss=$rss
    pg=$(run_pgbench "$tmp/$name.sql" "$c" "$mode")
    ratio=$(awk -v a="$rps" -v b="$pg" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
    printf '%-9s %5s %9s %8s %8s %6s %9s %9s %7s\n' "$name" "$c" "$rps" "$p50" "$p99" "$bad" "$rss" "$pg" "$ratio"
  done
done
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$daemon/status")
echo
echo "legalaidd peak resident memory (VmHWM): ${hwm} kB; highest sampled during a run: ${peak_rss} kB"
echo "threads: $threads HTTP workers and $(sed -n 's/.* \([0-9]*\) for case reads.*/\1/p' "$tmp/daemon.log" | head -1) for case reads, one PostgreSQL connection each; machine: $(nproc) cores"
