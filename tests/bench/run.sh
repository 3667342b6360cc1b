#!/usr/bin/env bash
# The load benchmark (not part of CI). One command:
#   tests/bench/run.sh            # defaults: 20 centres x 2 years of data, 10 s per run
# Environment: BENCH_SECONDS (10), BENCH_CONNECTIONS ("1 16 64 256"), BENCH_CENTERS (20),
# BENCH_THREADS (legalaidd's HTTP threads, 16), BENCH_ONLY (some of: get_case worklist intake
# call annual).
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
threads=${BENCH_THREADS:-16}

la_install "${LA_PKGS_BUILD[@]}" "${LA_PKGS_RUN[@]}" wrk curl
la_build build-bench -Dbuildtype=release
BIN=build-bench

tmp=$(mktemp -d /tmp/legalaid-bench.XXXXXX)
chmod 755 "$tmp"; chown postgres: "$tmp"
daemon=
cleanup() {
  [ -n "$daemon" ] && kill -TERM "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null
  la_pg_stop
  rm -rf "$tmp"
}
trap cleanup EXIT
la_pg_start "$tmp" $((30000 + RANDOM % 5000))
# The benchmark's cluster: sized like deploy/postgresql.conf for this machine.
la_psql -d postgres -qc "ALTER SYSTEM SET max_connections = 300" \
  -c "ALTER SYSTEM SET shared_buffers = '1GB'" -c "ALTER SYSTEM SET wal_buffers = '16MB'" \
  -c "ALTER SYSTEM SET checkpoint_timeout = '15min'" -c "ALTER SYSTEM SET max_wal_size = '4GB'"
la_as_pg "$(la_pg_bindir)/pg_ctl" -D "$LA_PG_DATA" -w -l "$LA_PG_DATA/server.log" restart >/dev/null
la_pg_ensure_db legalaid_bench
conn="host=$LA_PG_SOCKDIR port=$LA_PG_PORT dbname=legalaid_bench user=legalaid"
LEGALAID_DB="$conn" "$BIN/legalaidd" --migrate-only 2>/dev/null
t0=$(date +%s)
"$BIN/tests/legalaid-gen" "$conn" --centers "$centers" --years 2 --first-year 2025 \
  --admin bench:bench-pass-2024 2>&1 | grep -v WARNING >&2
echo "data: $(psql "$conn" -Atc 'SELECT count(*) FROM cases') cases, $(psql "$conn" -Atc \
  'SELECT count(*) FROM hotline_calls') calls, loaded in $(( $(date +%s) - t0 )) s"

LEGALAID_DB="$conn" LEGALAID_PORT=0 LEGALAID_PORT_FILE="$tmp/port" LEGALAID_BIND=127.0.0.1 \
  LEGALAID_ACCESS_LOG=0 LEGALAID_THREADS=$threads LEGALAID_PER_IP_LIMIT=1024 "$BIN/legalaidd" \
  --no-migrate 2>"$tmp/daemon.log" &
daemon=$!
port=$(la_wait_port "$tmp/port" $daemon) || { tail "$tmp/daemon.log" >&2; exit 1; }
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

cp "$tmp"/*.sql "$tmp"/*.lua /tmp/ 2>/dev/null || true
chmod 644 "$tmp"/*.sql
printf '\n%-9s %5s %9s %8s %8s %6s %9s %9s %7s\n' endpoint conns req/s p50_ms p99_ms non2xx rss_kB pgbench ratio
# pgbench's protocol follows the daemon's: prepared statements where the daemon prepares them,
# unnamed (planned with the values) where it builds the query (lists, statistics).
only=${BENCH_ONLY:-"get_case worklist intake call annual"}
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
echo "threads: $threads HTTP workers, one PostgreSQL connection each; machine: $(nproc) cores"
