/* POST /eligibility/check, and the answer stored with each case. */
#include "eligibility.h"

#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "domain/jurisdiction.h"
#include "domain/timestamp.h"
#include "handlers.h"
#include "intake_parse.h"
#include "store/jurisdiction.h"
#include "store/lifecycle.h"
#include "validate.h"
#include <stdio.h>

/* The holiday calendar deadlines count with: loaded at start, and again when an
 * administrator loads a year (PUT /holidays/{year}). Readers take the current one without a
 * lock; a calendar replaced stays allocated (requests may still hold it) until shutdown. */
typedef struct loaded_cal {
  holiday_calendar cal;
  cal_exception *days;
  int *years;
  struct loaded_cal *older;
} loaded_cal;

static loaded_cal *g_current; /* atomic */
static pthread_mutex_t g_cal_lock = PTHREAD_MUTEX_INITIALIZER;

/* Reads the holidays and the years they cover; false (nothing changed) when it cannot, or
 * when the database has none (the built-in calendar stays). */
bool api_calendar_load(void) {
  cal_exception *days;
  size_t n, nyears;
  int *years;
  if (store_holidays_load(&days, &n) != DB_OK) return false;
  if (n == 0) {
    free(days);
    return false;
  }
  if (store_holiday_years_load(&years, &nyears) != DB_OK) {
    free(days);
    return false;
  }
  loaded_cal *l = calloc(1, sizeof *l);
  if (!l) {
    free(days);
    free(years);
    return false;
  }
  l->days = days;
  l->years = years;
  l->cal = (holiday_calendar){days, n, years, nyears};
  pthread_mutex_lock(&g_cal_lock);
  l->older = g_current;
  __atomic_store_n(&g_current, l, __ATOMIC_RELEASE);
  pthread_mutex_unlock(&g_cal_lock);
  return true;
}

void api_calendar_free(void) {
  pthread_mutex_lock(&g_cal_lock);
  loaded_cal *l = g_current;
  __atomic_store_n(&g_current, NULL, __ATOMIC_RELEASE);
  pthread_mutex_unlock(&g_cal_lock);
  while (l) {
    loaded_cal *older = l->older;
    free(l->days);
    free(l->years);
    free(l);
    l = older;
  }
}

const holiday_calendar *api_calendar(void) {
  loaded_cal *l = __atomic_load_n(&g_current, __ATOMIC_ACQUIRE);
  return l ? &l->cal : &cal_china_2024_2026;
}

int api_jurisdiction(int64_t center_id, jurisdiction_rules *out) {
  jurisdiction_rows rows;
  db_status s = store_jurisdiction_for_center(center_id, &rows);
  if (s != DB_OK) return (int)s;
  jurisdiction_pick(&rows, out);
  return DB_OK;
}

static json_t *eligibility_object(const elig_result *r, const jurisdiction_rules *j) {
  json_t *rules = json_array();
  for (int i = 0; i < r->nrules; i++)
    json_array_append_new(rules, json_pack("{s:s, s:s, s:s, s:s?}", "id", r->rules[i]->id,
                                           "article", r->rules[i]->article, "text",
                                           r->rules[i]->text, "note", r->rules[i]->note));
  json_t *missing = json_array();
  for (int i = 0; i < r->nmissing; i++) json_array_append_new(missing, json_string(r->missing[i]));
  json_t *o = json_pack("{s:o, s:b, s:s, s:o, s:o}", "eligible",
                        r->eligible < 0 ? json_null() : json_boolean(r->eligible == 1),
                        "mandatory", r->mandatory, "means_test", means_test_names[r->means_test],
                        "rules", rules, "missing", missing);
  if (j && j->threshold_known)
    json_object_set_new(o, "threshold", json_pack("{s:s, s:I}", "region_code", j->threshold_region,
                                                  "monthly_income_fen",
                                                  (json_int_t)j->threshold_fen));
  return o;
}

static char *dumped(json_t *o) {
  char *text = json_dumps(o, JSON_COMPACT);
  json_decref(o);
  return text;
}

char *eligibility_json(const elig_result *r, const jurisdiction_rules *j) {
  return dumped(eligibility_object(r, j));
}

char *eligibility_json_for(const intake *in, const jurisdiction_rules *j) {
  elig_facts f;
  intake_eligibility_facts(in, j->threshold_known, j->threshold_fen, &f);
  elig_result r;
  eligibility_evaluate(&f, &r);
  return eligibility_json(&r, j);
}

char *eligibility_json_for_form(const intake *in, const jurisdiction_rules *j,
                                const json_t *absent) {
  elig_facts f;
  intake_eligibility_facts(in, j->threshold_known, j->threshold_fen, &f);
  elig_result r;
  eligibility_evaluate(&f, &r);
  /* Aid is not refused on a form not yet complete. */
  if (json_array_size(absent) && r.eligible == 0) r.eligible = -1;
  json_t *o = eligibility_object(&r, j);
  json_t *missing = json_object_get(o, "missing");
  size_t i, k;
  json_t *v, *m;
  json_array_foreach(absent, i, v) {
    bool seen = false;
    json_array_foreach(missing, k, m) seen = seen || json_equal(m, v);
    if (!seen) json_array_append(missing, v);
  }
  return dumped(o);
}

void h_eligibility_check(http_request *req, http_reply *rep) {
  json_t *root = jv_body(req, rep);
  if (!root) return;
  intake in;
  jurisdiction_rules j;
  /* A form being filled in: required fields not yet given are listed as missing, not refused. */
  json_t *absent = json_array();
  if (!api_intake_prepare(req, rep, root, &in, &j, absent)) {
    json_decref(absent);
    json_decref(root);
    return;
  }
  char *text = eligibility_json_for_form(&in, &j, absent);
  json_decref(absent);
  json_decref(root);
  api_reply_json_text(rep, 200, text);
}

/* GET /eligibility/rules: every rule the engine answers with, its article, the law's text and
 * what the engine concludes (server/domain/LAW.md lists them with their tests). */
void h_eligibility_rules(http_request *req, http_reply *rep) {
  static const char *const allowed[] = {NULL};
  if (!api_query_only(req, allowed, rep)) return;
  const elig_rule *all[128];
  size_t n = eligibility_rule_list(all, 128);
  if (n > 128) n = 128;
  json_t *items = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:s?}", "id", all[i]->id, "article",
                                           all[i]->article, "text", all[i]->text, "note",
                                           all[i]->note));
  http_reply_json(rep, 200, json_pack("{s:o, s:n}", "items", items, "next_cursor"));
}

/* GET /holidays?year=: the year's holidays and make-up working days as the service counts
 * deadlines with them, and whether the year's list is loaded (API.md 1.1). */
void h_holidays_get(http_request *req, http_reply *rep) {
  static const char *const allowed[] = {"year", NULL};
  int64_t year = 0;
  bool year_set = false;
  if (!api_query_only(req, allowed, rep) ||
      !api_query_int(req, "year", 2000, 2100, &year, &year_set, rep))
    return;
  if (!year_set) year = date_year(ts_local_date(api_now()));
  const holiday_calendar *cal = api_calendar();
  json_t *days = json_array();
  for (size_t i = 0; i < cal->n; i++) {
    if (date_year(cal->days[i].day) != (int)year) continue;
    char d[DATE_STR_LEN];
    date_format(cal->days[i].day, d);
    json_array_append_new(days, json_pack("{s:s, s:s}", "date", d, "kind",
                                          enum_name(&ENUM_CAL_DAY_KIND, cal->days[i].kind)));
  }
  http_reply_json(rep, 200, json_pack("{s:I, s:b, s:o}", "year", (json_int_t)year, "loaded",
                                     cal_year_loaded(cal, (int)year), "days", days));
}

/* PUT /holidays/{year} (the administrator of no centre: the country's calendar): the year's
 * holidays and make-up working days from the State Council's notice; the calendar is loaded
 * again and every running deadline counted with it. */
#define MAX_HOLIDAY_DAYS 366

typedef struct {
  jv_date date;
  int kind;
} holiday_body;

static const jv_field holiday_fields[] = {
    {"date", JV_DATE, offsetof(holiday_body, date), true, 0, 0, NULL, NULL, 0},
    {"kind", JV_ENUM, offsetof(holiday_body, kind), true, 0, 0, &ENUM_CAL_DAY_KIND, NULL, 0},
};
static const jv_items holiday_items = {holiday_fields, JV_FIELD_COUNT(holiday_fields),
                                       sizeof(holiday_body), NULL};

typedef struct {
  holiday_body days[MAX_HOLIDAY_DAYS];
  size_t ndays;
  jv_str source;
} holidays_body;

static const jv_field holidays_fields[] = {
    {"days", JV_ARRAY, offsetof(holidays_body, days), true, 0, MAX_HOLIDAY_DAYS, NULL, NULL,
     offsetof(holidays_body, ndays), &holiday_items},
    {"source", JV_STRING, offsetof(holidays_body, source), false, 0, 200, NULL,
     jv_check_no_control, 0},
};

/* Counts every running deadline again with the calendar now loaded: how many cases changed. */
static db_status recount_open_cases(int64_t actor, int year, int64_t *changed) {
  *changed = 0;
  case_deadline_row *rows;
  size_t n;
  db_status s = store_open_case_deadlines(&rows, &n);
  if (s != DB_OK) return s;
  const holiday_calendar *cal = api_calendar();
  for (size_t i = 0; i < n && s == DB_OK; i++) {
    case_dues now;
    if (!case_dues_recount(&rows[i].d, cal, &now)) continue;
    json_t *o = json_pack("{s:i, s:b}", "year", year, "deadline_provisional", now.provisional);
    char d[DATE_STR_LEN];
#define DUE(set, due)                                    \
    if (now.set) {                                       \
      date_format(now.due, d);                           \
      json_object_set_new(o, #due, json_string(d));      \
    }
    DUE(decision_set, decision_due)
    DUE(assignment_set, assignment_due)
    DUE(organ_notice_set, organ_notice_due)
    DUE(objection_set, objection_due)
    DUE(papers_set, papers_due)
#undef DUE
    char *detail = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    bool written = false;
    s = detail ? store_case_deadlines_write(&rows[i], &now, actor, detail, &written) : DB_ERROR;
    free(detail);
    if (written) (*changed)++;
  }
  free(rows);
  return s;
}

void h_holidays_put(http_request *req, http_reply *rep) {
  const principal *p = api_principal(req);
  if (!(p->center_id == 0 && p->all_centers)) {
    http_reply_error(rep, ERR_FORBIDDEN, "只有不属于任何中心的系统管理员可以设置全国节假日", NULL);
    return;
  }
  int64_t year;
  if (!api_path_id(req, 0, &year, rep)) return;
  json_t *root = jv_body(req, rep);
  if (!root) return;
  holidays_body *b = calloc(1, sizeof *b); /* room for a year's days: off the stack */
  if (!b) {
    json_decref(root);
    http_reply_error(rep, ERR_INTERNAL, NULL, NULL);
    return;
  }
  json_t *errors = json_object();
  jv_parse(root, holidays_fields, JV_FIELD_COUNT(holidays_fields), b, errors);
  cal_exception days[MAX_HOLIDAY_DAYS];
  for (size_t i = 0; i < b->ndays; i++) days[i] = (cal_exception){b->days[i].date.v, b->days[i].kind};
  if (json_object_size(errors) == 0) {
    size_t at;
    static const char *const why[] = {
        [CAL_BAD_YEAR] = "a year from 2000 to 2100",
        [CAL_OTHER_YEAR] = "not of that year",
        [CAL_TWICE] = "listed twice",
        [CAL_WORKDAY_ON_WEEKDAY] = "a make-up working day falls on a weekend",
    };
    cal_fault f = cal_year_check((int)(year > 9999 ? 0 : year), days, b->ndays, &at);
    if (f != CAL_OK) {
      char path[48];
      snprintf(path, sizeof path, "days[%zu].%s", at,
               f == CAL_WORKDAY_ON_WEEKDAY ? "kind" : "date");
      json_object_set_new(errors, f == CAL_BAD_YEAR ? "year" : path, json_string(why[f]));
    }
  }
  if (json_object_size(errors) > 0) {
    free(b);
    json_decref(root);
    http_reply_error(rep, ERR_VALIDATION, "节假日安排有误", errors);
    return;
  }
  json_decref(errors);
  db_status s = store_holidays_put((int)year, days, b->ndays, b->source.s, p->user_id);
  free(b);
  json_decref(root);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  int64_t changed = 0;
  if (!api_calendar_load()) s = DB_ERROR;
  if (s == DB_OK) s = recount_open_cases(p->user_id, (int)year, &changed);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  /* The year as it is now, and how many cases' deadlines changed. */
  const holiday_calendar *cal = api_calendar();
  json_t *out = json_array();
  for (size_t i = 0; i < cal->n; i++) {
    if (date_year(cal->days[i].day) != (int)year) continue;
    char d[DATE_STR_LEN];
    date_format(cal->days[i].day, d);
    json_array_append_new(out, json_pack("{s:s, s:s}", "date", d, "kind",
                                         enum_name(&ENUM_CAL_DAY_KIND, cal->days[i].kind)));
  }
  http_reply_json(rep, 200, json_pack("{s:I, s:b, s:o, s:I}", "year", (json_int_t)year, "loaded",
                                      cal_year_loaded(cal, (int)year), "days", out, "recounted",
                                      (json_int_t)changed));
}
