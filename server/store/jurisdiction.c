#include "jurisdiction.h"

#include "pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rows whose region is the region c's own or one above it (region_prefix covers it): the
 * thresholds ('t'), the deadline and payment settings ('s'), where the grades pay ('g'), and
 * the region itself ('c'). */
#define JURISDICTION_ROWS                                                                    \
  " SELECT c.region_code AS region, 't' AS kind, t.region_code AS code,"                    \
  "  t.monthly_income_fen AS fen, NULL AS deadline_mode, NULL::boolean AS pay_after_archive," \
  "  NULL AS excellent, NULL AS good, NULL AS pass, NULL AS fail"                           \
  "  FROM c JOIN hardship_thresholds t ON c.region_code LIKE region_prefix(t.region_code) || '%'" \
  " UNION ALL"                                                                               \
  " SELECT c.region_code, 's', s.region_code, NULL, s.deadline_mode, s.pay_after_archive,"  \
  "  NULL, NULL, NULL, NULL"                                                                 \
  "  FROM c JOIN jurisdiction_settings s ON c.region_code LIKE region_prefix(s.region_code) || '%'" \
  " UNION ALL"                                                                               \
  " SELECT c.region_code, 'g', g.region_code, NULL, NULL, NULL, g.excellent, g.good, g.pass,"  \
  "  g.fail FROM c JOIN grade_pay g ON c.region_code LIKE region_prefix(g.region_code) || '%'" \
  " UNION ALL SELECT c.region_code, 'c', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM c"

static db_stmt q_jurisdiction = {
    "jurisdiction_for_center",
    "WITH c AS (SELECT region_code FROM centers WHERE id = $1)" JURISDICTION_ROWS,
    0};
static db_stmt q_jurisdiction_region = {
    "jurisdiction_for_region",
    "WITH c AS (SELECT $1::text AS region_code)" JURISDICTION_ROWS,
    0};

const char *store_jurisdiction_sql(void) { return q_jurisdiction.sql; }

static db_status jurisdiction_rows_of(db_stmt *st, const db_params *p, jurisdiction_rows *out);

db_status store_jurisdiction_for_center(int64_t center_id, jurisdiction_rows *out) {
  db_params p = {0};
  dbp_int(&p, center_id);
  return jurisdiction_rows_of(&q_jurisdiction, &p, out);
}

db_status store_jurisdiction_for_region(const char *region, jurisdiction_rows *out) {
  db_params p = {0};
  dbp_str(&p, region);
  return jurisdiction_rows_of(&q_jurisdiction_region, &p, out);
}

static bool parse_grade_pay(db_row *w, grade_pay *gp) {
  static const char *const cols[4] = {"excellent", "good", "pass", "fail"};
  for (int g = 0; g < 4; g++) {
    const char *v = row_text(w, cols[g]);
    if (!v || !grade_pay_rule_parse(v, strlen(v), &gp->by_grade[g])) return false;
  }
  return true;
}

static db_status jurisdiction_rows_of(db_stmt *st, const db_params *p, jurisdiction_rows *out) {
  memset(out, 0, sizeof *out);
  PGresult *r;
  db_status s = db_query(st, p, &r);
  if (s != DB_OK) return s;
  int n = PQntuples(r);
  db_row w = {r, 0, st->name, false};
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
    } else if (kind && kind[0] == 'g') {
      if (out->ngrade_pays == 3) w.failed = true;
      if (w.failed) break;
      row_copy(&w, "code", out->grade_pays[out->ngrade_pays].code, 7);
      if (!parse_grade_pay(&w, &out->grade_pays[out->ngrade_pays].gp)) {
        fprintf(stderr, "db: %s: a grade_pay row that is not max, mid, min, zero or 0-100\n",
                st->name);
        w.failed = true;
        break;
      }
      out->ngrade_pays++;
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

/* A region's settings and where its grades pay, as the API shows them (either may be null). */
#define SETTINGS_JSON(code, s, g)                                                            \
  "json_build_object('region_code', " code ", 'region_name', (SELECT name FROM regions"       \
  " WHERE code = " code "), 'deadline_mode', " s ".deadline_mode,"                           \
  " 'pay_after_archive', " s ".pay_after_archive, 'grade_pay', CASE WHEN " g ".region_code" \
  " IS NOT NULL THEN json_build_object('excellent', " g ".excellent, 'good', " g ".good,"     \
  " 'pass', " g ".pass, 'fail', " g ".fail, 'source', " g ".source) END)"

static db_stmt q_settings_list = {
    "settings_list",
    "WITH codes AS (SELECT region_code FROM jurisdiction_settings"
    "   UNION SELECT region_code FROM grade_pay),"
    " page AS (SELECT region_code FROM codes"
    "   WHERE $1::bigint = 0 OR region_code > $1::text ORDER BY region_code LIMIT $2)"
    " SELECT json_build_object('items', COALESCE(json_agg(" SETTINGS_JSON("p.region_code", "s", "g")
    "   ORDER BY p.region_code), '[]'),"
    " 'next_cursor', CASE WHEN count(*) = $2 THEN max(p.region_code) END)::text"
    " FROM page p LEFT JOIN jurisdiction_settings s ON s.region_code = p.region_code"
    " LEFT JOIN grade_pay g ON g.region_code = p.region_code",
    0};

db_status store_settings_list(int64_t after, int limit, char **json) {
  return region_page(&q_settings_list, after, limit, json);
}

static db_stmt q_settings_put = {
    "settings_put",
    "INSERT INTO jurisdiction_settings (region_code, deadline_mode, pay_after_archive, updated_by)"
    " VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (region_code) DO UPDATE SET deadline_mode = EXCLUDED.deadline_mode,"
    "  pay_after_archive = EXCLUDED.pay_after_archive, updated_at = now(),"
    "  updated_by = EXCLUDED.updated_by",
    0};
static db_stmt q_grade_pay_put = {
    "grade_pay_put",
    "INSERT INTO grade_pay (region_code, excellent, good, pass, fail, source, updated_by)"
    " VALUES ($1, $2, $3, $4, $5, '', $6)"
    " ON CONFLICT (region_code) DO UPDATE SET excellent = EXCLUDED.excellent,"
    "  good = EXCLUDED.good, pass = EXCLUDED.pass, fail = EXCLUDED.fail, source = '',"
    "  updated_at = now(), updated_by = EXCLUDED.updated_by",
    0};
static db_stmt q_grade_pay_clear = {"grade_pay_clear",
                                    "DELETE FROM grade_pay WHERE region_code = $1", 0};
static db_stmt q_settings_one = {
    "settings_one",
    "SELECT " SETTINGS_JSON("$1::text", "s", "g") "::text"
    " FROM (SELECT 1) x LEFT JOIN jurisdiction_settings s ON s.region_code = $1"
    " LEFT JOIN grade_pay g ON g.region_code = $1",
    0};

typedef struct {
  const char *region;
  const settings_change *ch;
  int64_t actor;
  char *json;
} settings_tx;

static db_status settings_body(PGconn *c, void *arg) {
  settings_tx *t = arg;
  db_status s = DB_OK;
  if (t->ch->mode) {
    db_params p = {0};
    dbp_str(&p, t->region);
    dbp_str(&p, t->ch->mode);
    dbp_bool(&p, t->ch->pay_after_archive);
    dbp_int_or_null(&p, t->actor, t->actor != 0);
    if ((s = db_exec(c, &q_settings_put, &p, NULL)) != DB_OK) return s;
  }
  if (t->ch->grade_pay == SETTINGS_GRADE_PAY_SET) {
    db_params p = {0};
    char rules[4][8];
    dbp_str(&p, t->region);
    for (int g = 0; g < 4; g++) {
      grade_pay_rule_format(t->ch->gp.by_grade[g], rules[g]);
      dbp_str(&p, rules[g]);
    }
    dbp_int_or_null(&p, t->actor, t->actor != 0);
    if ((s = db_exec(c, &q_grade_pay_put, &p, NULL)) != DB_OK) return s;
  } else if (t->ch->grade_pay == SETTINGS_GRADE_PAY_CLEAR) {
    db_params p = {0};
    dbp_str(&p, t->region);
    if ((s = db_exec(c, &q_grade_pay_clear, &p, NULL)) != DB_OK) return s;
  }
  db_params j = {0};
  dbp_str(&j, t->region);
  return db_exec_text(c, &q_settings_one, &j, &t->json, NULL);
}

db_status store_settings_put(const char *region, const settings_change *ch, int64_t actor,
                             char **json) {
  settings_tx t = {region, ch, actor, NULL};
  db_status s = db_tx(settings_body, &t);
  if (s == DB_OK)
    *json = t.json;
  else
    free(t.json);
  return s;
}

static db_stmt q_holidays = {"holidays_load",
                             "SELECT day::text AS day, kind FROM holidays ORDER BY day", 0};

static db_stmt q_holiday_years = {"holiday_years_load",
                                   "SELECT year FROM holiday_years ORDER BY year", 0};

db_status store_holiday_years_load(int **years, size_t *n) {
  *years = NULL;
  *n = 0;
  PGresult *r;
  db_status s = db_query(&q_holiday_years, NULL, &r);
  if (s != DB_OK) return s;
  int rows = PQntuples(r);
  if (rows > 0 && !(*years = calloc((size_t)rows, sizeof **years))) {
    PQclear(r);
    return DB_ERROR;
  }
  db_row w = {r, 0, q_holiday_years.name, false};
  for (w.row = 0; w.row < rows; w.row++) (*years)[w.row] = (int)row_int(&w, "year");
  PQclear(r);
  if (w.failed) {
    free(*years);
    *years = NULL;
    return DB_ERROR;
  }
  *n = (size_t)rows;
  return DB_OK;
}

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

/* ---- a year's holidays, loaded by the administrator (PUT /holidays/{year}) ---- */

static db_stmt q_holidays_clear = {
    "holidays_clear",
    "DELETE FROM holidays WHERE day >= make_date($1, 1, 1) AND day < make_date($1 + 1, 1, 1)", 0};
static db_stmt q_holidays_add = {
    "holidays_add",
    "INSERT INTO holidays (day, kind) SELECT x.day::date, x.kind"
    " FROM unnest($1::text[], $2::text[]) AS x(day, kind)",
    0};
static db_stmt q_holiday_year_set = {
    "holiday_year_set",
    "INSERT INTO holiday_years (year, loaded_by, source) VALUES ($1, $2, $3)"
    " ON CONFLICT (year) DO UPDATE SET loaded_at = now(), loaded_by = $2, source = $3",
    0};

typedef struct {
  int year;
  const char *dates, *kinds, *source;
  int64_t user_id;
} holidays_tx;

static db_status holidays_body(PGconn *c, void *arg) {
  holidays_tx *t = arg;
  db_params y = {0};
  dbp_int(&y, t->year);
  db_status s = db_exec(c, &q_holidays_clear, &y, NULL);
  if (s != DB_OK) return s;
  db_params d = {0};
  dbp_str(&d, t->dates);
  dbp_str(&d, t->kinds);
  if ((s = db_exec(c, &q_holidays_add, &d, NULL)) != DB_OK) return s;
  db_params k = {0};
  dbp_int(&k, t->year);
  dbp_int(&k, t->user_id);
  dbp_str(&k, t->source ? t->source : "");
  return db_exec(c, &q_holiday_year_set, &k, NULL);
}

db_status store_holidays_put(int year, const cal_exception *days, size_t n, const char *source,
                             int64_t user_id) {
  /* Two text[] literals of plain ASCII values: dates and kind names. */
  size_t cap = n * 12 + 3;
  char *dates = malloc(cap), *kinds = malloc(cap);
  if (!dates || !kinds) {
    free(dates);
    free(kinds);
    return DB_ERROR;
  }
  size_t od = 0, ok = 0;
  dates[od++] = '{';
  kinds[ok++] = '{';
  for (size_t i = 0; i < n; i++) {
    char d[DATE_STR_LEN];
    date_format(days[i].day, d);
    const char *k = enum_name(&ENUM_CAL_DAY_KIND, (int)days[i].kind);
    od += (size_t)snprintf(dates + od, cap - od, "%s%s", i ? "," : "", d);
    ok += (size_t)snprintf(kinds + ok, cap - ok, "%s%s", i ? "," : "", k ? k : "");
  }
  snprintf(dates + od, cap - od, "}");
  snprintf(kinds + ok, cap - ok, "}");
  holidays_tx t = {year, dates, kinds, source, user_id};
  db_status s = db_tx(holidays_body, &t);
  free(dates);
  free(kinds);
  return s;
}
