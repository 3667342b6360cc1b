/* POST /eligibility/check, and the answer stored with each case. */
#include "eligibility.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "domain/jurisdiction.h"
#include "handlers.h"
#include "intake_parse.h"
#include "store/jurisdiction.h"

static cal_exception *g_days;
static holiday_calendar g_cal;
static bool g_cal_loaded;

void api_calendar_load(void) {
  cal_exception *days;
  size_t n;
  if (store_holidays_load(&days, &n) == DB_OK && n > 0) {
    g_days = days;
    g_cal.days = days;
    g_cal.n = n;
    g_cal_loaded = true;
  }
}

void api_calendar_free(void) {
  free(g_days);
  g_days = NULL;
  g_cal_loaded = false;
}

const holiday_calendar *api_calendar(void) {
  return g_cal_loaded ? &g_cal : &cal_china_2024_2026;
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
    json_array_append_new(rules, json_pack("{s:s, s:s, s:s}", "id", r->rules[i]->id, "article",
                                           r->rules[i]->article, "text", r->rules[i]->text));
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
