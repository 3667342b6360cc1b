#include "stats.h"

#include "domain/case.h"
#include "pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const stats_case_keys[SC__COUNT + 1] = {
    "case_type", "channel", "status", "group", "month", "matter", "lawyer", "center", NULL};
const char *const stats_hotline_keys[SH__COUNT + 1] = {"topic", "outcome", "day", "hour",
                                                       "operator", NULL};

static db_stmt q_centers_under = {
    "centers_under",
    "SELECT c.id FROM centers c, centers r"
    " WHERE r.id = $1 AND (c.id = r.id OR (region_prefix(r.region_code) <> r.region_code"
    "   AND c.region_code LIKE region_prefix(r.region_code) || '%'))"
    "   AND ($2::boolean OR c.id = ANY($3::bigint[])) ORDER BY c.id",
    0};

db_status store_centers_under(const principal *pr, int64_t center_id, center_set *out) {
  memset(out, 0, sizeof *out);
  db_params p = {0};
  dbp_int(&p, center_id);
  if (!dbp_scope(&p, pr)) return DB_ERROR;
  PGresult *r;
  db_status s = db_query(&q_centers_under, &p, &r);
  if (s != DB_OK) return s;
  int n = PQntuples(r);
  if ((size_t)n > PRINCIPAL_MAX_CENTERS) {
    fprintf(stderr, "db: %d centres under centre %lld: more than a set holds\n", n,
            (long long)center_id);
    PQclear(r);
    return DB_ERROR;
  }
  for (int i = 0; i < n; i++) out->ids[out->n++] = db_int(r, i, 0);
  PQclear(r);
  return DB_OK;
}

/* The period as a WHERE fragment on a column (timestamptz or the case year), values as
 * parameters. */
static void period_sql(sql_text *out, const stats_period *per, const char *ts_col,
                       const char *year_col, db_params *p) {
  if (per->year && year_col) {
    dbp_int(p, per->year);
    sql_addf(out, " AND %s = $%d", year_col, p->n);
    return;
  }
  if (per->year) {
    dbp_int(p, per->year);
    sql_addf(out,
             " AND %s >= make_date($%d, 1, 1)::timestamptz"
             " AND %s < make_date($%d + 1, 1, 1)::timestamptz",
             ts_col, p->n, ts_col, p->n);
    return;
  }
  if (per->from_set) {
    dbp_date(p, per->from);
    sql_addf(out, " AND %s >= $%d::date::timestamptz", ts_col, p->n);
  }
  if (per->to_set) {
    dbp_date(p, per->to);
    sql_addf(out, " AND %s < ($%d::date + 1)::timestamptz", ts_col, p->n);
  }
}

/* Runs the text (and frees it): its one row's one column, JSON. */
static db_status run_json(sql_text *sql, const db_params *p, char **json) {
  if (sql->failed) {
    sql_free(sql);
    return DB_ERROR;
  }
  PGresult *r;
  db_status s = db_query_dynamic_read(sql->s, p, &r);
  sql_free(sql);
  if (s != DB_OK) return s;
  *json = strdup(PQgetvalue(r, 0, 0));
  PQclear(r);
  return *json ? DB_OK : DB_ERROR;
}

/* The groups of the people a case aids, one row per person and group (API.md 1.1: group
 * statistics count people): its recipients' when it has several, else the applicant's. */
#define PEOPLE_GROUPS(c)                                                               \
  "SELECT unnest(" c ".groups) WHERE NOT EXISTS (SELECT 1 FROM case_recipients r"     \
  "  WHERE r.case_id = " c ".id)"                                                     \
  " UNION ALL SELECT unnest(r.groups) FROM case_recipients r WHERE r.case_id = " c ".id"

db_status store_stats_cases(const center_set *centers, const stats_period *per, stats_case_key key,
                            char **json) {
  static const char *const exprs[SC__COUNT] = {
      [SC_CASE_TYPE] = "c.case_type",
      [SC_CHANNEL] = "c.channel",
      [SC_STATUS] = "c.status",
      [SC_GROUP] = "g.g",
      [SC_MONTH] = "to_char(c.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')",
      [SC_MATTER] = "COALESCE(c.matter, 'none')",
      [SC_LAWYER] = "COALESCE(c.lawyer_id::text, 'none')",
      [SC_CENTER] = "c.center_id::text",
  };
  static const char *const labels[SC__COUNT] = {
      [SC_LAWYER] = "(SELECT COALESCE(NULLIF(u.display_name, ''), u.username) FROM users u"
                    " WHERE u.id::text = x.key)",
      [SC_CENTER] = "(SELECT name FROM centers WHERE id::text = x.key)",
  };
  db_params p = {0};
  sql_text where = {0}, sql = {0};
  if (!centers->all) {
    dbp_center_set(&p, centers);
    sql_addf(&where, " AND c.center_id = ANY($%d::bigint[])", p.n);
  }
  period_sql(&where, per, "c.received_at", "c.case_year", &p);
  sql_addf(&sql,
           "WITH base AS MATERIALIZED (SELECT c.id, c.case_type, c.channel, c.status, c.groups,"
           "   c.received_at, c.matter, c.lawyer_id, c.center_id FROM cases c WHERE true%s),"
           " x AS (SELECT %s AS key, count(*) AS n FROM base c%s GROUP BY 1)"
           " SELECT json_build_object('rows', COALESCE((SELECT json_agg(json_build_object("
           "   'key', x.key, 'label', %s, 'count', x.n) ORDER BY x.key) FROM x), '[]'),"
           "  'total', (SELECT count(*) FROM base))::text",
           where.s ? where.s : "", exprs[key],
           key == SC_GROUP ? " CROSS JOIN LATERAL (" PEOPLE_GROUPS("c") ") AS g(g)" : "",
           labels[key] ? labels[key] : "NULL");
  sql.failed = sql.failed || where.failed;
  sql_free(&where);
  return run_json(&sql, &p, json);
}

db_status store_stats_hotline(const center_set *centers, const stats_period *per, stats_hotline_key key,
                              char **json) {
  static const char *const exprs[SH__COUNT] = {
      [SH_TOPIC] = "k.topic",
      [SH_OUTCOME] = "k.outcome",
      [SH_DAY] = "to_char(k.started_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')",
      [SH_HOUR] = "to_char(k.started_at AT TIME ZONE 'Asia/Shanghai', 'HH24')",
      [SH_OPERATOR] = "k.operator_id::text",
  };
  db_params p = {0};
  sql_text where = {0}, sql = {0};
  if (!centers->all) {
    dbp_center_set(&p, centers);
    sql_addf(&where, " AND k.center_id = ANY($%d::bigint[])", p.n);
  }
  period_sql(&where, per, "k.started_at", NULL, &p);
  sql_addf(&sql,
           "WITH x AS (SELECT %s AS key, count(*) AS n FROM hotline_calls k WHERE true%s"
           "  GROUP BY 1)"
           " SELECT json_build_object('rows', COALESCE((SELECT json_agg(json_build_object("
           "   'key', x.key, 'label', %s, 'count', x.n) ORDER BY x.key) FROM x), '[]'),"
           "  'total', COALESCE((SELECT sum(n) FROM x), 0))::text",
           exprs[key], where.s ? where.s : "",
           key == SH_OPERATOR ? "(SELECT COALESCE(NULLIF(u.display_name, ''), u.username)"
                                " FROM users u WHERE u.id::text = x.key)"
                              : "NULL");
  sql.failed = sql.failed || where.failed;
  sql_free(&where);
  return run_json(&sql, &p, json);
}

/* One statement: each figure reads only the centres' rows of the year through the
 * (center_id, year or date) indexes. $1 the centres (NULL: all), $2 the year, $3 the
 * statuses counted (domain/case.h). */
static const char annual_sql[] =
      "WITH c AS MATERIALIZED (SELECT case_type, channel, groups, satisfied, decided_at,"
      "   decision_due, assigned_at, assignment_due, id, recipients_count, grade FROM cases"
      "   WHERE ($1::bigint[] IS NULL OR center_id = ANY($1::bigint[])) AND case_year = $2"
      "     AND status = ANY ($3::text[])),"
      " k AS MATERIALIZED (SELECT kind, outcome, satisfied FROM hotline_calls"
      "   WHERE ($1::bigint[] IS NULL OR center_id = ANY($1::bigint[]))"
      "     AND started_at >= make_date($2, 1, 1)::timestamptz"
      "     AND started_at < make_date($2 + 1, 1, 1)::timestamptz),"
      " q AS (SELECT channel, count(*) AS n, count(*) FILTER (WHERE satisfied IS NOT NULL) AS r,"
      "   count(*) FILTER (WHERE satisfied) AS s FROM consultations"
      "   WHERE ($1::bigint[] IS NULL OR center_id = ANY($1::bigint[]))"
      "     AND at >= make_date($2, 1, 1)::timestamptz"
      "     AND at < make_date($2 + 1, 1, 1)::timestamptz GROUP BY 1),"
      " s AS (SELECT count(*) FILTER (WHERE status IN ('approved', 'paid')) AS n_approved,"
      "   COALESCE(sum(total_fen) FILTER (WHERE status IN ('approved', 'paid')), 0) AS approved,"
      "   COALESCE(sum(total_fen) FILTER (WHERE status = 'paid'), 0) AS paid"
      "   FROM subsidy_claims WHERE ($1::bigint[] IS NULL OR center_id = ANY($1::bigint[]))"
      "     AND year = $2),"
      " sat AS (SELECT c_r + k_r + q_r AS ratings, c_s + k_s + q_s AS satisfied, * FROM ("
      "   SELECT (SELECT count(*) FROM c WHERE satisfied IS NOT NULL) AS c_r,"
      "   (SELECT count(*) FROM c WHERE satisfied) AS c_s,"
      "   (SELECT count(*) FROM k WHERE satisfied IS NOT NULL) AS k_r,"
      "   (SELECT count(*) FROM k WHERE satisfied) AS k_s,"
      "   (SELECT COALESCE(sum(r), 0) FROM q) AS q_r, (SELECT COALESCE(sum(s), 0) FROM q) AS q_s) x),"
      " t AS (SELECT count(*) FILTER (WHERE decided_at IS NOT NULL) AS decided,"
      "   count(*) FILTER (WHERE (decided_at AT TIME ZONE 'Asia/Shanghai')::date <= decision_due)"
      "   AS decided_on_time,"
      "   count(*) FILTER (WHERE assigned_at IS NOT NULL AND assignment_due IS NOT NULL)"
      "   AS assigned,"
      "   count(*) FILTER (WHERE (SELECT min(a.assigned_at) FROM case_assignments a"
      "     WHERE a.case_id = c.id) AT TIME ZONE 'Asia/Shanghai' < assignment_due + 1)"
      "   AS assigned_on_time FROM c)"
      " SELECT json_build_object("
      "  'cases', json_build_object('total', (SELECT count(*) FROM c),"
      "    'recipients_total', (SELECT COALESCE(sum(recipients_count), 0) FROM c),"
      "    'by_type', COALESCE((SELECT json_object_agg(case_type, n) FROM"
      "      (SELECT case_type, count(*) AS n FROM c GROUP BY 1) x), '{}'),"
      "    'by_channel', COALESCE((SELECT json_object_agg(channel, n) FROM"
      "      (SELECT channel, count(*) AS n FROM c GROUP BY 1) x), '{}'),"
      "    'by_group', COALESCE((SELECT json_object_agg(g, n) FROM"
      "      (SELECT g, count(*) AS n FROM c CROSS JOIN LATERAL (" PEOPLE_GROUPS("c")
      "       ) AS p(g) GROUP BY 1) x), '{}'),"
      "    'by_grade', (SELECT json_build_object('excellent', count(*) FILTER (WHERE grade = 'excellent'),"
      "      'good', count(*) FILTER (WHERE grade = 'good'), 'pass', count(*) FILTER (WHERE grade = 'pass'),"
      "      'fail', count(*) FILTER (WHERE grade = 'fail')) FROM c),"
      "    'graded', (SELECT count(*) FROM c WHERE grade IS NOT NULL)),"
      "  'consultations', json_build_object("
      "    'total', COALESCE((SELECT sum(n) FROM q), 0)"
      "      + (SELECT count(*) FROM k WHERE kind = 'consultation'),"
      "    'by_channel', json_build_object("
      "      'on_site', COALESCE((SELECT n FROM q WHERE channel = 'on_site'), 0),"
      "      'phone', COALESCE((SELECT n FROM q WHERE channel = 'phone'), 0)"
      "        + (SELECT count(*) FROM k WHERE kind = 'consultation'),"
      "      'online', COALESCE((SELECT n FROM q WHERE channel = 'online'), 0),"
      "      'hotline_12348', (SELECT count(*) FROM k WHERE kind = 'consultation'))),"
      "  'hotline', json_build_object('calls', (SELECT count(*) FROM k),"
      "    'converted', (SELECT count(*) FROM k WHERE outcome = 'converted'),"
      "    'complaints', (SELECT count(*) FROM k WHERE kind = 'complaint'),"
      "    'suggestions', (SELECT count(*) FROM k WHERE kind = 'suggestion'),"
      "    'work_orders_12345', (SELECT count(*) FROM k WHERE outcome = 'work_order_12345')),"
      "  'recovered_fen', (SELECT COALESCE(sum(recovered_fen), 0) FROM cases"
      "    WHERE ($1::bigint[] IS NULL OR center_id = ANY($1::bigint[]))"
      "      AND closed_on >= make_date($2, 1, 1) AND closed_on < make_date($2 + 1, 1, 1)),"
      "  'recovered_wages_fen', (SELECT COALESCE(sum(recovered_fen), 0) FROM cases"
      "    WHERE ($1::bigint[] IS NULL OR center_id = ANY($1::bigint[]))"
      "      AND closed_on >= make_date($2, 1, 1) AND closed_on < make_date($2 + 1, 1, 1)"
      "      AND matter = 'labour_remuneration' AND 'migrant_worker' = ANY(groups)),"
      "  'satisfaction', (SELECT json_build_object('ratings', ratings, 'satisfied', satisfied,"
      "    'rate', CASE WHEN ratings > 0 THEN round(satisfied::numeric / ratings, 4) END,"
      "    'by_source', json_build_object("
      "      'cases', json_build_object('ratings', c_r, 'satisfied', c_s),"
      "      'hotline', json_build_object('ratings', k_r, 'satisfied', k_s),"
      "      'consultations', json_build_object('ratings', q_r, 'satisfied', q_s)))"
      "    FROM sat),"
      "  'timeliness', (SELECT json_build_object("
      "    'decided', decided, 'decided_on_time', decided_on_time,"
      "    'decided_on_time_rate', CASE WHEN decided > 0"
      "      THEN round(decided_on_time::numeric / decided, 4) END,"
      "    'assigned', assigned, 'assigned_on_time', assigned_on_time,"
      "    'assigned_on_time_rate', CASE WHEN assigned > 0"
      "      THEN round(assigned_on_time::numeric / assigned, 4) END) FROM t),"
      "  'duty_lawyer_days', (SELECT count(*) FROM duty_shifts"
      "    WHERE ($1::bigint[] IS NULL OR center_id = ANY($1::bigint[]))"
      "      AND day >= make_date($2, 1, 1) AND day < make_date($2 + 1, 1, 1)),"
      "  'subsidies', (SELECT json_build_object('approved_fen', approved, 'paid_fen', paid)"
      "    FROM s))::text";

const char *store_stats_annual_sql(void) { return annual_sql; }

db_status store_stats_annual(const center_set *centers, int year, char **json) {
  db_params p = {0};
  dbp_center_set(&p, centers); /* NULL: every centre */
  dbp_int(&p, year);
  dbp_set(&p, &ENUM_STATUS, CASE_COUNTED);
  sql_text sql = {0};
  sql_add(&sql, annual_sql);
  return run_json(&sql, &p, json);
}
