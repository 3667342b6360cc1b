#!/usr/bin/env bash
# A repeated intake or paper upload (same Idempotency-Key) is answered 201 only once what it
# answers for is on the synchronous standby (issue 16: found by failover.sh, which lost a case
# answered 201). The paper's part runs once the attachments route is in api-spec/openapi.yaml.
#
#   tests/ha/replay.sh [BUILD_DIR]        (default build-ci; run as root)
#
# What failover.sh saw with the primary's postmaster killed: an intake's commit was waiting for
# the standby when the primary died; the client got 503 and retried with its Idempotency-Key;
# the primary, restarted in place by its pg_autoctl before being demoted, had the transaction
# committed (PostgreSQL's documented behaviour after a crash: "those waiting transactions will
# be marked fully committed once the primary database recovers"), and the daemon replayed its
# stored answer: 201, for a case the standby never received. The standby was promoted, the case
# was gone, and its number was given to the next application.
#
# The same steps, without pg_auto_failover: a primary with a synchronous standby (streaming,
# pg_basebackup -R); the standby stopped; an intake waits for it (pg_stat_activity: SyncRep);
# the primary stopped at once (-m immediate) and started again (crash recovery); the intake
# repeated with the same key must not be answered 201 while the standby is away; with the
# standby back it is, and the standby holds the case.
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "$0")/../../deploy/lib.sh"
# shellcheck source=tests/ha/lib.sh
source "$(dirname "$0")/lib.sh"

t_setup replay "${1:-}"
bin=$(la_pg_bindir)
port=$(la_free_ports 2)
la_pg_start "$T_DIR/primary" "$port"
primary=$LA_PG_DATA
T_CLEANUP+=("la_as_pg '$bin/pg_ctl' -D '$primary' -m immediate -w stop >/dev/null 2>&1")
T_CLEANUP+=("rm -rf '/tmp/legalaid-pg.$port' '/tmp/legalaid-pg.$((port + 1))'")
la_pg_ensure_db legalaid

# The standby: pg_basebackup -R, named so that the primary can wait for it.
standby=$(la_pg_place "$T_DIR" standby)
la_as_pg "$bin/pg_basebackup" -h "$LA_PG_SOCKDIR" -p "$port" -U postgres -D "$standby" -R -X stream -c fast \
  -d "application_name=standby1" >/dev/null
ssock="/tmp/legalaid-pg.$((port + 1))"
mkdir -p "$ssock"; chown postgres: "$ssock"
sed -i -e "s|^port = .*|port = $((port + 1))|" -e "s|^unix_socket_directories = .*|unix_socket_directories = '$ssock'|" \
  "$standby/legalaid.conf"
T_CLEANUP+=("la_as_pg '$bin/pg_ctl' -D '$standby' -m immediate -w stop >/dev/null 2>&1")
standby_up() { la_as_pg "$bin/pg_ctl" -D "$standby" -w -t 120 -l "$T_DIR/standby.log" start >/dev/null; }
standby_up
la_psql -d postgres -c "ALTER SYSTEM SET synchronous_standby_names = 'standby1'" -c "SELECT pg_reload_conf()" >/dev/null
on_standby() { la_as_pg psql -X -At -h "$ssock" -p "$((port + 1))" -d legalaid -c "$1"; }
for _ in $(seq 1 100); do
  [ "$(la_psql -d postgres -At -c "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby1'")" = sync ] && break
  sleep 0.2
done

t_daemon D "$(t_conninfo legalaid)" "$(t_conninfo legalaid_owner)"
admin=$(t_login "$D_URL" admin "$T_ADMIN_PASS")
t_user "$D_URL" "$admin" replay_clerk clerk 4 >/dev/null
clerk=$(t_login "$D_URL" replay_clerk "$T_USER_PASS")
t_intake "$D_URL" "$clerk" 1 >/dev/null   # synchronous replication works

case_id=$(t_body .id)

waiting_for_standby() {
  [ "$(la_psql -d postgres -At -c "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'SyncRep'" 2>/dev/null)" = 1 ]
}

# replay_check WHAT POST COUNT_SQL: POST OUTFILE sends the request with its Idempotency-Key in
# the background (its status to OUTFILE); COUNT_SQL counts the row it writes (1 once written).
replay_check() {
  local what=$1 post=$2 sql=$3 first again
  # The standby away; the request's commit waits for it; the primary dies.
  la_as_pg "$bin/pg_ctl" -D "$standby" -m fast -w stop >/dev/null
  rm -f "$T_DIR/first" "$T_DIR/again"
  $post "$T_DIR/first" &
  first=$!
  for _ in $(seq 1 150); do waiting_for_standby && break; sleep 0.2; done
  waiting_for_standby || t_fail "the $what did not wait for the standby"
  la_as_pg "$bin/pg_ctl" -D "$primary" -m immediate -w stop >/dev/null
  wait "$first"
  [ "$(cat "$T_DIR/first")" = 503 ] || t_fail "the $what whose primary died answered $(cat "$T_DIR/first"), not 503"
  la_as_pg "$bin/pg_ctl" -D "$primary" -w -t 120 -l "$T_DIR/primary.log" start >/dev/null
  # Crash recovery made the waiting transaction committed, on the primary alone.
  [ "$(la_psql -d legalaid -At -c "$sql")" = 1 ] \
    || t_fail "the recovered primary does not hold the waiting $what (the premise of this test)"

  # Repeated with its key while the standby is still away: no 201 yet.
  $post "$T_DIR/again" &
  again=$!
  for _ in $(seq 1 40); do
    [ -s "$T_DIR/again" ] && break
    waiting_for_standby && break
    sleep 0.1
  done
  if [ -s "$T_DIR/again" ] || ! kill -0 "$again" 2>/dev/null; then
    wait "$again" || true
    t_fail "the repeated $what was answered $(cat "$T_DIR/again") while the standby does not have it ($(on_standby "$sql" 2>/dev/null || echo 'standby down'))"
  fi
  waiting_for_standby || t_fail "the repeated $what neither answered nor waits for the standby"

  # The standby back: the answer comes, and the standby has the row.
  standby_up
  wait "$again"
  [ "$(cat "$T_DIR/again")" = 201 ] || t_fail "with the standby back the repeated $what answered $(cat "$T_DIR/again")"
  for _ in $(seq 1 50); do
    [ "$(on_standby "$sql")" = 1 ] && break
    sleep 0.1
  done
  [ "$(on_standby "$sql")" = 1 ] || t_fail "the $what answered 201, but the standby does not have it"
}

body="{\"channel\":\"window\",\"case_type\":\"plea_help\",\"applicant\":{\"name\":\"重放人\",\"id_number\":\"$(t_resident_id 2)\"}}"
post_intake() { # post_intake OUTFILE: the intake with its key
  curl -s -o /dev/null -w '%{http_code}' --max-time 150 -X POST "$D_URL/api/v1/cases" \
    -H "Authorization: Bearer $clerk" -H 'Content-Type: application/json' \
    -H 'Idempotency-Key: replay-1' --data-binary "$body" >"$1" || true
}
replay_check intake post_intake "SELECT count(*) FROM cases WHERE applicant_name = '重放人'"
done="a repeated intake"

# The same for a paper of the case file (issue 14), once the route exists.
if awk '/^  \/cases\/\{id\}\/attachments:/ {u = 1; next} /^  \// {u = 0} u && /^    post:/ {f = 1} END {exit !f}' \
    "$LA_ROOT/api-spec/openapi.yaml"; then
  { printf '%%PDF-1.4\n'; head -c 65536 /dev/urandom; } >"$T_DIR/paper.pdf"
  post_paper() { # post_paper OUTFILE: the paper with its key
    curl -s -o /dev/null -w '%{http_code}' --max-time 150 -X POST "$D_URL/api/v1/cases/$case_id/attachments" \
      -H "Authorization: Bearer $clerk" -H 'Content-Type: application/pdf' -H 'X-Attachment-Kind: identity' \
      -H 'X-Filename: replay.pdf' -H 'Idempotency-Key: replay-paper-1' --data-binary "@$T_DIR/paper.pdf" >"$1" || true
  }
  replay_check "paper upload" post_paper "SELECT count(*) FROM case_attachments WHERE filename = 'replay.pdf'"
  done="$done and a repeated paper upload"
fi
printf 'replay: %s whose first commit survived only on the crashed primary waited for the standby, then 201 with it on the standby\n' "$done"
