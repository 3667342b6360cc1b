#include "jurisdiction.h"

#include "pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rows whose region is the centre's own or one above it (region_prefix covers it). */
static db_stmt q_jurisdiction = {
    "jurisdiction_for_center",
    "SELECT c.region_code AS region, 't' AS kind, t.region_code AS code,"
    "  t.monthly_income_fen AS fen, NULL AS deadline_mode, NULL AS pay_after_archive"
    "  FROM centers c JOIN hardship_thresholds t"
    "    ON c.region_code LIKE region_prefix(t.region_code) || '%' WHERE c.id = $1"
    " UNION ALL"
    " SELECT c.region_code, 's', s.region_code, NULL, s.deadline_mode, s.pay_after_archive"
    "  FROM centers c JOIN jurisdiction_settings s"
    "    ON c.region_code LIKE region_prefix(s.region_code) || '%' WHERE c.id = $1"
    " UNION ALL SELECT c.region_code, 'c', NULL, NULL, NULL, NULL FROM centers c WHERE c.id = $1",
    0};

const char *store_jurisdiction_sql(void) { return q_jurisdiction.sql; }

db_status store_jurisdiction_for_center(int64_t center_id, jurisdiction_rows *out) {
  memset(out, 0, sizeof *out);
  db_params p = {0};
  dbp_int(&p, center_id);
  PGresult *r;
  db_status s = db_query(&q_jurisdiction, &p, &r);
  if (s != DB_OK) return s;
  int n = PQntuples(r);
  db_row w = {r, 0, q_jurisdiction.name, false};
  /* At most three of each: a region's own, its city's and its province's. */
  for (w.row = 0; w.row < n && !w.failed; w.row++) {
    row_copy(&w, "region", out->region, sizeof out->region);
    const char *kind = row_text(&w, "kind");
    if (kind && kind[0] == 't') {
      if (out->nthresholds == 3) w.failed = true;
      if (w.failed) break;
      row_copy(&w, "code", out->thresholds[out->nthresholds].code, 7);
      out->thresholds[out->nthresholds].fen = row_int(&w, "fen");
      out->nthresholds++;
    } else if (kind && kind[0] == 's') {
      if (out->nsettings == 3) w.failed = true;
      if (w.failed) break;
      row_copy(&w, "code", out->settings[out->nsettings].code, 7);
      out->settings[out->nsettings].deadline_mode =
          (deadline_mode)row_enum(&w, "deadline_mode", &ENUM_DEADLINE_MODE);
      out->settings[out->nsettings].pay_after_archive = row_bool(&w, "pay_after_archive");
      out->nsettings++;
    }
  }
  PQclear(r);
  if (w.failed) return DB_ERROR;
  return n > 0 ? DB_OK : DB_NOT_FOUND;
}

static db_stmt q_thresholds_list = {
    "thresholds_list",
    "WITH page AS (SELECT * FROM hardship_thresholds"
    "   WHERE $1::bigint = 0 OR region_code > $1::text ORDER BY region_code LIMIT $2)"
    " SELECT json_build_object('items', COALESCE(json_agg(json_build_object("
    " 'region_code', t.region_code, 'region_name', r.name,"
    " 'monthly_income_fen', t.monthly_income_fen, 'is_default', t.is_default,"
    " 'source', t.source, 'updated_at', date_trunc('second', t.updated_at))"
    " ORDER BY t.region_code), '[]'),"
    " 'next_cursor', CASE WHEN count(*) = $2 THEN max(t.region_code) END)::text"
    " FROM page t JOIN regions r ON r.code = t.region_code",
    0};

/* A page of a list keyed by region code: after (0: from the start) and limit. */
static db_status region_page(db_stmt *st, int64_t after, int limit, char **json) {
  db_params p = {0};
  dbp_int(&p, after);
  dbp_int(&p, limit);
  return db_query_text(st, &p, json, NULL);
}

db_status store_thresholds_list(int64_t after, int limit, char **json) {
  return region_page(&q_thresholds_list, after, limit, json);
}

static db_stmt q_threshold_put = {
    "threshold_put",
    "WITH t AS (INSERT INTO hardship_thresholds (region_code, monthly_income_fen, is_default,"
    "  source, updated_by) VALUES ($1, $2, false, COALESCE($3, ''), $4)"
    "  ON CONFLICT (region_code) DO UPDATE SET monthly_income_fen = EXCLUDED.monthly_income_fen,"
    "  is_default = false, source = EXCLUDED.source, updated_at = now(),"
    "  updated_by = EXCLUDED.updated_by RETURNING *)"
    " SELECT json_build_object('region_code', region_code, 'monthly_income_fen',"
    "  monthly_income_fen, 'is_default', is_default, 'source', source)::text FROM t",
    0};

db_status store_threshold_put(const char *region, int64_t fen, const char *source, int64_t actor,
                              char **json) {
  db_params p = {0};
  dbp_str(&p, region);
  dbp_int(&p, fen);
  dbp_str(&p, source);
  dbp_int_or_null(&p, actor, actor != 0);
  return db_exec_text(db_conn(), &q_threshold_put, &p, json, NULL);
}

static db_stmt q_settings_list = {
    "settings_list",
    "WITH page AS (SELECT * FROM jurisdiction_settings"
    "   WHERE $1::bigint = 0 OR region_code > $1::text ORDER BY region_code LIMIT $2)"
    " SELECT json_build_object('items', COALESCE(json_agg(json_build_object("
    " 'region_code', s.region_code, 'region_name', r.name, 'deadline_mode', s.deadline_mode,"
    " 'pay_after_archive', s.pay_after_archive) ORDER BY s.region_code), '[]'),"
    " 'next_cursor', CASE WHEN count(*) = $2 THEN max(s.region_code) END)::text"
    " FROM page s JOIN regions r ON r.code = s.region_code",
    0};

db_status store_settings_list(int64_t after, int limit, char **json) {
  return region_page(&q_settings_list, after, limit, json);
}

static db_stmt q_settings_put = {
    "settings_put",
    "WITH s AS (INSERT INTO jurisdiction_settings (region_code, deadline_mode,"
    "  pay_after_archive, updated_by) VALUES ($1, $2, $3, $4)"
    "  ON CONFLICT (region_code) DO UPDATE SET deadline_mode = EXCLUDED.deadline_mode,"
    "  pay_after_archive = EXCLUDED.pay_after_archive, updated_at = now(),"
    "  updated_by = EXCLUDED.updated_by RETURNING *)"
    " SELECT json_build_object('region_code', region_code, 'deadline_mode', deadline_mode,"
    "  'pay_after_archive', pay_after_archive)::text FROM s",
    0};

db_status store_settings_put(const char *region, const char *mode,
                             bool pay_after_archive, int64_t actor, char **json) {
  db_params p = {0};
  dbp_str(&p, region);
  dbp_str(&p, mode);
  dbp_bool(&p, pay_after_archive);
  dbp_int_or_null(&p, actor, actor != 0);
  return db_exec_text(db_conn(), &q_settings_put, &p, json, NULL);
}

static db_stmt q_holidays = {"holidays_load",
                             "SELECT day::text AS day, kind FROM holidays ORDER BY day", 0};

db_status store_holidays_load(cal_exception **days, size_t *n) {
  *days = NULL;
  *n = 0;
  PGresult *r;
  db_status s = db_query(&q_holidays, NULL, &r);
  if (s != DB_OK) return s;
  int rows = PQntuples(r);
  if (rows > 0) {
    *days = calloc((size_t)rows, sizeof **days);
    if (!*days) {
      PQclear(r);
      return DB_ERROR;
    }
    db_row w = {r, 0, q_holidays.name, false};
    for (w.row = 0; w.row < rows; w.row++) {
      if (!row_date(&w, "day", &(*days)[w.row].day)) w.failed = true;
      (*days)[w.row].kind = (cal_day_kind)row_enum(&w, "kind", &ENUM_CAL_DAY_KIND);
    }
    if (w.failed) {
      PQclear(r);
      free(*days);
      *days = NULL;
      return DB_ERROR;
    }
    *n = (size_t)rows;
  }
  PQclear(r);
  return DB_OK;
}
