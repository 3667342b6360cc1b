#include "jurisdiction.h"

#include "pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rows whose region is the centre's own or one above it (region_prefix covers it). */
static db_stmt q_jurisdiction = {
    "jurisdiction_for_center",
    "SELECT c.region_code, 't', t.region_code, t.monthly_income_fen, NULL, NULL"
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
  bool found = false;
  for (int i = 0; i < n; i++) {
    snprintf(out->region, sizeof out->region, "%s", PQgetvalue(r, i, 0));
    found = true;
    char kind = PQgetvalue(r, i, 1)[0];
    if (kind == 't' && out->nthresholds < 3) {
      snprintf(out->thresholds[out->nthresholds].code, 7, "%s", PQgetvalue(r, i, 2));
      out->thresholds[out->nthresholds].fen = db_int(r, i, 3);
      out->nthresholds++;
    } else if (kind == 's' && out->nsettings < 3) {
      snprintf(out->settings[out->nsettings].code, 7, "%s", PQgetvalue(r, i, 2));
      out->settings[out->nsettings].deadline_mode =
          strcmp(PQgetvalue(r, i, 4), "working_days") == 0 ? DEADLINE_WORKING_DAYS
                                                           : DEADLINE_CALENDAR_DAYS;
      out->settings[out->nsettings].pay_after_archive = db_bool(r, i, 5);
      out->nsettings++;
    }
  }
  PQclear(r);
  return found ? DB_OK : DB_NOT_FOUND;
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
                             "SELECT day::text, kind FROM holidays ORDER BY day", 0};

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
    for (int i = 0; i < rows; i++) {
      date_parse(PQgetvalue(r, i, 0), (size_t)PQgetlength(r, i, 0), &(*days)[i].day);
      (*days)[i].kind = strcmp(PQgetvalue(r, i, 1), "workday") == 0 ? CAL_DAY_WORKDAY
                                                                       : CAL_DAY_HOLIDAY;
    }
    *n = (size_t)rows;
  }
  PQclear(r);
  return DB_OK;
}
