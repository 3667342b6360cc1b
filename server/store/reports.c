#include "reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/case.h"
#include "domain/enums.h"
#include "pg.h"

/* $1 the centres (NULL: all), $2 the year, $3 the stations of stationed duty
 * (DUTY_STATIONED): the small tables the annual statement of stats.c does not read (work
 * orders received from 12345 by their date, duty shifts by day). */
static db_stmt q_report_extra = {
    "report_extra",
    "WITH w AS (SELECT count(*) AS incoming, count(*) FILTER (WHERE closed_at IS NOT NULL) AS closed,"
    "   count(*) FILTER (WHERE due_on IS NOT NULL) AS due,"
    "   count(*) FILTER (WHERE closed_at IS NOT NULL AND due_on IS NOT NULL"
    "     AND (closed_at AT TIME ZONE 'Asia/Shanghai')::date <= due_on) AS closed_on_time"
    "   FROM work_orders_12345 WHERE ($1::bigint[] IS NULL OR center_id = ANY($1::bigint[]))"
    "     AND received_at >= make_date($2, 1, 1)::timestamptz"
    "     AND received_at < make_date($2 + 1, 1, 1)::timestamptz),"
    " d AS (SELECT count(*) FILTER (WHERE station = ANY ($3::text[])) AS stationed,"
    "   count(*) FILTER (WHERE station <> ALL ($3::text[])) AS other, COALESCE(sum(received), 0) AS received,"
    "   COALESCE(sum(consultations), 0) AS consultations,"
    "   COALESCE(sum(plea_witnessed), 0) AS plea_witnessed FROM duty_shifts"
    "   WHERE ($1::bigint[] IS NULL OR center_id = ANY($1::bigint[]))"
    "     AND day >= make_date($2, 1, 1) AND day < make_date($2 + 1, 1, 1))"
    " SELECT json_build_object("
    "  'work_orders_12345', json_build_object('incoming', w.incoming, 'closed', w.closed,"
    "    'due', w.due, 'closed_on_time', w.closed_on_time),"
    "  'duty_log', json_build_object('stationed_shifts', d.stationed, 'other_shifts', d.other,"
    "    'received', d.received, 'consultations', d.consultations,"
    "    'plea_witnessed', d.plea_witnessed))::text"
    " FROM w, d",
    0};

db_status store_report_extra(const center_set *centers, int year, char **json) {
  db_params p = {0};
  dbp_center_set(&p, centers);
  dbp_int(&p, year);
  dbp_set(&p, &ENUM_STATION, DUTY_STATIONED);
  return db_query_text(&q_report_extra, &p, json, NULL);
}

static db_stmt q_duty_days = {
    "report_duty_days",
    "SELECT day::text, count(DISTINCT lawyer_id) FROM duty_shifts"
    " WHERE ($1::bigint[] IS NULL OR center_id = ANY($1::bigint[]))"
    "   AND station = ANY ($4::text[])"
    "   AND day >= $2::date AND day <= $3::date GROUP BY day ORDER BY day",
    0};

db_status store_duty_days(const center_set *centers, day_t from, day_t to, duty_day **days,
                          size_t *n) {
  *days = NULL;
  *n = 0;
  db_params p = {0};
  dbp_center_set(&p, centers);
  dbp_date(&p, from);
  dbp_date(&p, to);
  dbp_set(&p, &ENUM_STATION, DUTY_STATIONED);
  PGresult *r;
  db_status s = db_query(&q_duty_days, &p, &r);
  if (s != DB_OK) return s;
  int k = PQntuples(r);
  if (k > 0 && !(*days = calloc((size_t)k, sizeof **days))) {
    PQclear(r);
    return DB_ERROR;
  }
  for (int i = 0; i < k; i++) {
    const char *d = PQgetvalue(r, i, 0);
    if (!date_parse(d, strlen(d), &(*days)[*n].day)) continue;
    (*days)[*n].lawyers = db_int(r, i, 1);
    (*n)++;
  }
  PQclear(r);
  return DB_OK;
}

/* ---- incoming 12345 work orders ---- */

/* The insert and the read of the order it wrote (api/views.c), in one round trip. */
static db_stmt q_wo_insert = {
    "work_order_insert",
    "INSERT INTO work_orders_12345 (center_id, order_no, received_at, due_on, topic,"
    " summary, created_by) VALUES ($1, $2, to_timestamp($3), $4::date, $5, COALESCE($6, ''), $7)",
    0};
static db_stmt q_wo_inserted = {
    "work_order_inserted",
    "SELECT json::text FROM api_work_order"
    " WHERE id = currval(pg_get_serial_sequence('work_orders_12345', 'id'))",
    0};

/* Sends the write and the read in one round trip: *json the order read, DB_NOT_FOUND when
 * the write touched no row. */
static db_status wo_write_read(db_stmt *write, const db_params *wp, db_stmt *read,
                               const db_params *rp, char **json) {
  *json = NULL;
  PGconn *c = db_conn();
  if (!c) return DB_UNAVAILABLE;
  db_stmt *const stmts[] = {write, read};
  const db_params *const params[] = {wp, rp};
  PGresult *r[2];
  db_status s = db_pipeline(c, 2, stmts, params, r);
  if (s != DB_OK) return s;
  if (atoi(PQcmdTuples(r[0])) != 1 || PQntuples(r[1]) != 1) {
    s = DB_NOT_FOUND;
  } else if (!(*json = strdup(PQgetvalue(r[1], 0, 0)))) {
    s = DB_ERROR;
  }
  PQclear(r[0]);
  PQclear(r[1]);
  return s;
}

db_status store_work_order_create(const work_order_new *w, char **json) {
  db_params p = {0};
  dbp_int(&p, w->center_id);
  dbp_str(&p, w->order_no);
  dbp_int(&p, w->received_at);
  if (w->due_set)
    dbp_date(&p, w->due_on);
  else
    dbp_str(&p, NULL);
  dbp_enum(&p, &ENUM_TOPIC, w->topic);
  dbp_str(&p, w->summary);
  dbp_int_or_null(&p, w->actor, w->actor != 0);
  db_status s = wo_write_read(&q_wo_insert, &p, &q_wo_inserted, NULL, json);
  return s == DB_NOT_FOUND ? DB_ERROR : s;
}

static db_stmt q_wo_close = {
    "work_order_close",
    "UPDATE work_orders_12345 SET closed_at = now(), closed_by = $4, result = $5"
    " WHERE id = $1 AND ($2::boolean OR center_id = ANY($3::bigint[])) AND closed_at IS NULL",
    0};
static db_stmt q_wo_closed = {
    "work_order_closed", "SELECT json::text FROM api_work_order WHERE id = $1", 0};
static db_stmt q_wo_exists = {
    "work_order_exists",
    "SELECT 1 FROM work_orders_12345"
    " WHERE id = $1 AND ($2::boolean OR center_id = ANY($3::bigint[]))",
    0};

db_status store_work_order_close(const principal *pr, int64_t id, const char *result,
                                 work_order_close_outcome *outcome, char **json) {
  *json = NULL;
  db_params p = {0};
  dbp_int(&p, id);
  if (!dbp_scope(&p, pr)) return DB_ERROR;
  dbp_int(&p, pr->user_id);
  dbp_str(&p, result);
  db_params r = {0};
  dbp_int(&r, id);
  db_status s = wo_write_read(&q_wo_close, &p, &q_wo_closed, &r, json);
  if (s == DB_OK) {
    *outcome = WO_CLOSED;
    return DB_OK;
  }
  if (s != DB_NOT_FOUND) return s;
  /* Not updated: either no such order in scope, or it was closed already. */
  PGresult *res;
  db_params q = {0};
  dbp_int(&q, id);
  if (!dbp_scope(&q, pr)) return DB_ERROR;
  s = db_query(&q_wo_exists, &q, &res);
  if (s != DB_OK) return s;
  *outcome = PQntuples(res) > 0 ? WO_ALREADY_CLOSED : WO_NOT_FOUND;
  PQclear(res);
  return DB_OK;
}

static db_stmt q_wo_list = {
    "work_orders_list",
    "WITH page AS (SELECT w.id, w.json FROM api_work_order w"
    "   WHERE ($1::boolean OR w.center_id = ANY($2::bigint[]))"
    "     AND ($3::bigint IS NULL OR w.center_id = $3)"
    "     AND ($4::boolean IS NULL OR (w.closed_at IS NULL) = $4)"
    "     AND ($5::date IS NULL OR w.received_at >= $5::date::timestamptz)"
    "     AND ($6::date IS NULL OR w.received_at < ($6::date + 1)::timestamptz)"
    "     AND ($7::bigint IS NULL OR w.id < $7)"
    "   ORDER BY w.id DESC LIMIT $8)"
    " SELECT json_build_object('items', COALESCE(json_agg(page.json"
    " ORDER BY page.id DESC), '[]'), 'next_cursor', CASE WHEN count(*) = $8"
    " THEN min(page.id)::text END)::text FROM page",
    0};

db_status store_work_orders_list(const principal *pr, const work_order_filter *f, char **json) {
  char fr[DATE_STR_LEN], to[DATE_STR_LEN];
  db_params p = {0};
  if (!dbp_scope(&p, pr)) return DB_ERROR;
  dbp_int_or_null(&p, f->center_id, f->center_id != 0);
  if (f->open < 0)
    dbp_str(&p, NULL);
  else
    dbp_bool(&p, f->open == 1);
  if (f->from_set) date_format(f->from, fr);
  if (f->to_set) date_format(f->to, to);
  dbp_str(&p, f->from_set ? fr : NULL);
  dbp_str(&p, f->to_set ? to : NULL);
  dbp_int_or_null(&p, f->before_id, f->before_id != 0);
  dbp_int(&p, f->limit);
  return db_query_text(&q_wo_list, &p, json, NULL);
}

/* ---- duty shifts ---- */

static db_stmt q_duty_list = {
    "duty_shifts_list",
    "WITH page AS (SELECT d.* FROM duty_shifts d"
    "   WHERE ($1::boolean OR d.center_id = ANY($2::bigint[]))"
    "     AND ($3::bigint IS NULL OR d.center_id = $3)"
    "     AND ($4::bigint IS NULL OR d.lawyer_id = $4)"
    "     AND ($5::text IS NULL OR d.station = $5)"
    "     AND ($6::date IS NULL OR d.day >= $6::date)"
    "     AND ($7::date IS NULL OR d.day <= $7::date)"
    "     AND ($8::bigint IS NULL OR d.id < $8)"
    "   ORDER BY d.id DESC LIMIT $9)"
    " SELECT json_build_object('items', COALESCE(json_agg(json_build_object("
    "   'id', page.id, 'center_id', page.center_id, 'lawyer_id', page.lawyer_id,"
    "   'lawyer_name', (SELECT COALESCE(NULLIF(u.display_name, ''), u.username) FROM users u"
    "     WHERE u.id = page.lawyer_id),"
    "   'station', page.station, 'date', page.day,"
    "   'stationed', page.station = ANY ($10::text[]),"
    "   'received', page.received, 'consultations', page.consultations,"
    "   'plea_witnessed', page.plea_witnessed,"
    "   'claim_id', (SELECT k.id FROM subsidy_claims k WHERE k.duty_shift_id = page.id),"
    "   'created_at', date_trunc('second', page.created_at)) ORDER BY page.id DESC), '[]'),"
    "  'next_cursor', CASE WHEN count(*) = $9 THEN min(page.id)::text END)::text FROM page",
    0};

db_status store_duty_shifts_list(const principal *pr, const duty_filter *f, char **json) {
  char fr[DATE_STR_LEN], to[DATE_STR_LEN];
  db_params p = {0};
  if (!dbp_scope(&p, pr)) return DB_ERROR;
  dbp_int_or_null(&p, f->center_id, f->center_id != 0);
  dbp_int_or_null(&p, f->lawyer_id, f->lawyer_id != 0);
  if (f->station < 0)
    dbp_str(&p, NULL);
  else
    dbp_enum(&p, &ENUM_STATION, f->station);
  if (f->from_set) date_format(f->from, fr);
  if (f->to_set) date_format(f->to, to);
  dbp_str(&p, f->from_set ? fr : NULL);
  dbp_str(&p, f->to_set ? to : NULL);
  dbp_int_or_null(&p, f->before_id, f->before_id != 0);
  dbp_int(&p, f->limit);
  dbp_set(&p, &ENUM_STATION, DUTY_STATIONED);
  return db_query_text(&q_duty_list, &p, json, NULL);
}

static db_stmt q_center_name = {"report_center_name", "SELECT name FROM centers WHERE id = $1", 0};

db_status store_center_name(int64_t id, char *name, size_t len) {
  db_params p = {0};
  dbp_int(&p, id);
  PGresult *r;
  db_status s = db_query_row(&q_center_name, &p, &r);
  if (s != DB_OK) return s;
  snprintf(name, len, "%s", PQgetvalue(r, 0, 0));
  PQclear(r);
  return DB_OK;
}
