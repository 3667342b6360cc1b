/* Prints the pgbench scripts of tests/bench/run.sh: the SQL legalaidd runs for each benchmarked
 * request, with the same views of the replies (api/views.c), so that pgbench measures the
 * database's own limit for the same work (a case's JSON the daemon writes from api_case's
 * columns: pgbench selects the columns). Variables: :th (a session's token hash, hex), :id
 * (a case id), :center, :year. */
#include <stdio.h>
#include <string.h>

#include "domain/case.h"
#include "store/cases.h"
#include "store/jurisdiction.h"
#include "store/stats.h"

/* The session's look-up is no longer part of a request's SQL: legalaidd answers it from its cache
 * (store/session_cache.h), looking it up at most every 30 s per session. */
#define SESSION ""

int main(int argc, char **argv) {
  const char *which = argc > 1 ? argv[1] : "";
  if (!strcmp(which, "get_case")) {
    printf("\\set id random(1, :maxid)\n%s", SESSION);
    /* The read alone: its pii_reads row is queued in the daemon and written in batches
     * (store/pii_log.h), one INSERT of many rows every 50 ms, not part of each read. */
    printf("SELECT v.* FROM api_case(true, '{}', 0) v WHERE v.id = :id"
           " AND (true OR v.center_id = ANY('{}')) AND (0 = 0 OR v.lawyer_id = 0)"
           " AND v.full_pii = true;\n");
  } else if (!strcmp(which, "case_statement")) {
    /* The read's statement itself, $1..$5 (store_case_get_sql), for legalaid-http-floor. */
    printf("%s\n", store_case_get_sql());
  } else if (!strcmp(which, "cmp_get_case")) {
    /* The contenders' read (run.sh): a case of the first centre (ids :lo to :hi) read by its
     * clerk: the statement with every value a parameter, as the daemon runs it (its generic
     * plan), pgbench -D giving all=f, scope={centre}, lawyer=0, full=t. */
    printf("\\set id random(:lo, :hi)\n");
    for (const char *q = store_case_get_sql(); *q; q++) {
      static const char *const value[] = {":id", ":all", ":scope", ":lawyer", ":full"};
      if (q[0] == '$' && q[1] >= '1' && q[1] <= '5') {
        fputs(value[q[1] - '1'], stdout);
        q++;
      } else {
        putchar(*q);
      }
    }
    puts(";");
  } else if (!strcmp(which, "worklist")) {
    printf("\\set center random(:c0, :c1)\n%s", SESSION);
    /* The page's rows: the daemon writes their JSON (store/pg.h, db_row_json). */
    printf("SELECT v.* FROM api_case(true, '{}', 0) v WHERE NOT full_pii AND center_id = :center"
           " ORDER BY id DESC LIMIT 50;\n");
  } else if (!strcmp(which, "intake")) {
    printf("\\set center random(:c0, :c1)\n\\set n random(1, 99999999)\n%s", SESSION);
    for (const char *q = store_jurisdiction_sql(); *q; q++) { /* the centre's jurisdiction */
      if (q[0] == '$' && q[1] == '1') {
        fputs(":center", stdout);
        q++;
      } else {
        putchar(*q);
      }
    }
    puts(";");
    /* As store/cases.c: the insert commits without waiting for the disk, then a synchronous
     * commit of its own (q_durable) before the read. */
    printf("\\startpipeline\nSELECT set_config('synchronous_commit', 'off', true);\n");
    printf("WITH n AS (INSERT INTO case_counters (center_id, year, last_no) VALUES (:center, 2026, 1)"
           " ON CONFLICT (center_id, year) DO UPDATE SET last_no = case_counters.last_no + 1"
           " RETURNING last_no), c AS (INSERT INTO cases (center_id, case_no, case_year, case_seq,"
           " channel, received_at, case_type, applicant_name, applicant_id_number, groups,"
           " flagged_groups, eligibility, decision_due, created_by, deadline_mode, duplicate_of)"
           " SELECT :center, '(2026)' || ctr.case_no_prefix || 'B' || n.last_no, 2026, n.last_no,"
           " 'window', now(), 'plea_help', '压测', '1401' || lpad(:n::text, 14, '0'), '{woman}', '{}',"
           " jsonb_build_object('eligible', true), current_date + 7, 1, 'calendar_days',"
           " ARRAY(SELECT d.id FROM cases d WHERE d.applicant_id_number = '1401' || lpad(:n::text, 14, '0')"
           " AND d.status NOT IN ('closed', 'terminated', 'rejected') ORDER BY d.id)"
           " FROM n, centers ctr WHERE ctr.id = :center RETURNING *),"
           " e AS (INSERT INTO case_events (case_id, actor_id, action, to_status, detail)"
           " SELECT c.id, 1, 'intake', 'submitted', jsonb_build_object('channel', c.channel) FROM c)"
           " SELECT c.id FROM c;\n\\endpipeline\n"
           "SELECT pg_logical_emit_message(true, 'legalaid', 'durable');\n"
           "SELECT * FROM api_case(true, '{}', 0) WHERE id = (SELECT currval(pg_get_serial_sequence('cases', 'id')))"
           " AND full_pii;\n");
  } else if (!strcmp(which, "call")) {
    printf("\\set center random(:c0, :c1)\n%s", SESSION);
    printf("WITH k AS (INSERT INTO hotline_calls (center_id, kind, started_at, duration_s,"
           " caller_phone, topic, summary, outcome, follow_up, operator_id) VALUES (:center,"
           " 'consultation', now(), 120, '13800138000', 'labour', '', 'answered', false, 1)"
           " RETURNING id) SELECT id FROM k;\n"
           "SELECT json::text FROM api_call"
           " WHERE id = (SELECT currval(pg_get_serial_sequence('hotline_calls', 'id'))) AND full_pii;\n");
  } else if (!strcmp(which, "annual")) {
    /* The annual figures' statement (the budget's few small queries aside). */
    const char *sql = store_stats_annual_sql();
    printf("\\set center random(:c0, :c1)\n%s", SESSION);
    for (const char *p = sql; *p; p++) {
      if (p[0] == '$' && p[1] == '1') {
        fputs("ARRAY[:center::bigint]", stdout); /* a constant array, as the daemon's parameter */
        p++;
      } else if (p[0] == '$' && p[1] == '2') {
        fputs(":year", stdout);
        p++;
      } else if (p[0] == '$' && p[1] == '3') { /* the statuses counted */
        const char *sep = "";
        fputs("'{", stdout);
        for (int st = 0; st < ST__COUNT; st++) {
          if (!(CASE_COUNTED & ST_BIT(st))) continue;
          printf("%s%s", sep, ENUM_STATUS.values[st]);
          sep = ",";
        }
        fputs("}'", stdout);
        p++;
      } else {
        putchar(*p);
      }
    }
    puts(";");
  } else {
    fprintf(stderr, "usage: %s get_case|worklist|intake|call|annual\n", argv[0]);
    return 2;
  }
  return 0;
}
