# Shared by the tests of tests/ha/: daemons, HTTP with curl and jq, clean-up. Source it after
# deploy/lib.sh; it defines functions only. Each test runs as root (its clusters run as
# postgres), in a directory of its own under $LEGALAID_TEST_TMPDIR (or /tmp).
# shellcheck shell=bash

t_log() { printf '[ha] %s\n' "$*" >&2; }
t_fail() { printf '[ha] FAILED: %s\n' "$*" >&2; exit 1; }
t_assert() { # t_assert "what" test-args...
  local what=$1; shift
  "$@" || t_fail "$what"
}

# t_setup NAME [BUILD_DIR]: T_DIR (this test's directory, postgres may enter it), T_BUILD.
t_setup() {
  T_NAME=$1
  T_BUILD=$(cd "${2:-$LA_ROOT/build-ci}" && pwd) || t_fail "no build directory ${2:-build-ci}"
  [ -x "$T_BUILD/legalaidd" ] || t_fail "$T_BUILD/legalaidd is not built"
  [ "$(id -u)" -eq 0 ] || t_fail "run as root (the clusters run as postgres)"
  T_DIR=$(mktemp -d "${LEGALAID_TEST_TMPDIR:-/tmp}/ha-$1.XXXXXX")
  chmod 755 "$T_DIR"
  T_PIDS=()
  T_CLEANUP=()
  trap t_cleanup EXIT
}

# Clean-up: the daemons this test started (by pid), then what each test registered
# (stopping its clusters by their data directories), then the directory.
t_cleanup() {
  local rc=$? p c
  for p in "${T_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${T_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  for c in "${T_CLEANUP[@]}"; do eval "$c" || true; done
  if [ -z "${HA_KEEP:-}" ]; then
    rm -rf "$T_DIR"
  else
    t_log "kept $T_DIR (HA_KEEP; its clusters are stopped)"
  fi
  exit $rc
}

# t_daemon NAME CONNINFO OWNER_CONNINFO [VAR=VALUE...]: starts legalaidd (serving as
# CONNINFO's role, migrating as OWNER_CONNINFO's) on a port the kernel picks, its log in
# $T_DIR/NAME.log; sets NAME_PID and NAME_URL (NAME: a shell identifier).
t_daemon() {
  local name=$1 db=$2 owner=$3 pid port
  shift 3
  rm -f "$T_DIR/$name.port"
  env LEGALAID_DB="$db" LEGALAID_DB_OWNER="$owner" LEGALAID_PORT=0 LEGALAID_PORT_FILE="$T_DIR/$name.port" \
    LEGALAID_BIND=127.0.0.1 LEGALAID_SQL_DIR="$LA_ROOT/db" LEGALAID_STATIC_DIR="$LA_ROOT/static" \
    LEGALAID_BOOTSTRAP_ADMIN="admin:$T_ADMIN_PASS" "$@" \
    "$T_BUILD/legalaidd" 2>"$T_DIR/$name.log" &
  pid=$!
  T_PIDS+=("$pid")
  port=$(la_wait_port "$T_DIR/$name.port" "$pid") || { tail -n 20 "$T_DIR/$name.log" >&2; t_fail "legalaidd $name did not start"; }
  printf -v "${name}_PID" '%s' "$pid"
  printf -v "${name}_URL" 'http://127.0.0.1:%s' "$port"
}
T_ADMIN_PASS=ha-admin-password-2024
T_USER_PASS=ha-user-password-2024

# t_http METHOD URL [TOKEN] [BODY] [extra curl args...]: prints the status; the body is in
# $T_DIR/body. (-k: the nginx test's certificate is its own.)
t_http() {
  local m=$1 url=$2 tok=${3:-} body=${4:-}
  shift $(( $# < 4 ? $# : 4 ))
  local args=(-s -k -o "$T_DIR/body" -w '%{http_code}' -X "$m" "$@")
  [ -n "$tok" ] && args+=(-H "Authorization: Bearer $tok")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  curl "${args[@]}" "$url" || true
}
t_body() { jq -r "$1" "$T_DIR/body"; }

# t_login URL USER PASSWORD: prints a token.
t_login() {
  local st
  st=$(t_http POST "$1/api/v1/session" "" "{\"username\":\"$2\",\"password\":\"$3\"}")
  [ "$st" = 201 ] || t_fail "sign-in of $2 at $1 answered $st: $(cat "$T_DIR/body")"
  t_body .token
}

# t_user URL ADMIN_TOKEN USERNAME ROLE CENTER_ID: creates a user (password $T_USER_PASS);
# prints its id.
t_user() {
  local st
  st=$(t_http POST "$1/api/v1/users" "$2" \
    "{\"username\":\"$3\",\"password\":\"$T_USER_PASS\",\"role\":\"$4\",\"center_id\":$5,\"display_name\":\"$3\"}")
  [ "$st" = 201 ] || t_fail "creating $3 answered $st: $(cat "$T_DIR/body")"
  t_body .id
}

# t_resident_id N: a valid resident ID of 沅江市 (430981), different for each N < 10^6.
t_resident_id() {
  local n=$1 d17 sum=0 i
  local w=(7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) cc=(1 0 X 9 8 7 6 5 4 3 2)
  d17="430981$(date -u -d "1960-01-01 +$((n / 1000)) days" +%Y%m%d)$(printf '%03d' $((n % 1000)))"
  for i in $(seq 0 16); do sum=$((sum + ${d17:i:1} * w[i])); done
  printf '%s%s\n' "$d17" "${cc[sum % 11]}"
}

# t_intake URL TOKEN N: records application N (applicant 申请人N); prints its case number.
t_intake() {
  local st
  st=$(t_http POST "$1/api/v1/cases" "$2" \
    "{\"channel\":\"window\",\"case_type\":\"plea_help\",\"applicant\":{\"name\":\"申请人$3\",\"id_number\":\"$(t_resident_id "$3")\"}}")
  [ "$st" = 201 ] || t_fail "intake $3 answered $st: $(cat "$T_DIR/body")"
  t_body .case_no
}

# t_ms: the clock in milliseconds.
t_ms() { date +%s%3N; }

# t_wait_promoted SOCKDIR PORT [SECONDS]: until a restored cluster has finished recovery (it
# takes connections from its first consistent moment, while WAL is still being replayed).
t_wait_promoted() {
  local limit=${3:-600} t0
  t0=$(date +%s)
  until [ "$(la_as_pg psql -X -At -h "$1" -p "$2" -d postgres -c 'SELECT pg_is_in_recovery()' 2>/dev/null)" = f ]; do
    [ $(( $(date +%s) - t0 )) -lt "$limit" ] || t_fail "the restored cluster on port $2 is still in recovery after $limit s"
    sleep 0.1
  done
}

# t_conninfo ROLE: the conninfo of this test's embedded cluster (la_pg_start) for ROLE.
t_conninfo() { la_db_conninfo legalaid "$1" "$LA_PG_SOCKDIR:$LA_PG_PORT"; }
