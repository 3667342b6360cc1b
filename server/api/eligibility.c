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

int api_jurisdiction(int64_t center_id, jurisdiction *out) {
  memset(out, 0, sizeof *out);
  out->deadline_mode = DEADLINE_CALENDAR_DAYS;
  jurisdiction_rows rows;
  db_status s = store_jurisdiction_for_center(center_id, &rows);
  if (s != DB_OK) return (int)s;
  int best = 99;
  for (int i = 0; i < rows.nthresholds; i++) {
    int rank = region_rank(rows.region, rows.thresholds[i].code);
    if (rank >= 0 && rank < best) {
      best = rank;
      out->threshold_known = true;
      out->threshold_fen = rows.thresholds[i].fen;
      memcpy(out->threshold_region, rows.thresholds[i].code, 7);
    }
  }
  best = 99;
  for (int i = 0; i < rows.nsettings; i++) {
    int rank = region_rank(rows.region, rows.settings[i].code);
    if (rank >= 0 && rank < best) {
      best = rank;
      out->deadline_mode = rows.settings[i].deadline_mode;
      out->pay_after_archive = rows.settings[i].pay_after_archive;
    }
  }
  return DB_OK;
}

void eligibility_facts_from_intake(const intake *in, const jurisdiction *j, elig_facts *f) {
  memset(f, 0, sizeof *f);
  f->channel = in->channel;
  f->case_type = in->case_type;
  f->matter = in->matter;
  f->criminal_grounds = in->criminal_grounds;
  f->exemptions = in->exemptions;
  f->groups = in->groups;
  f->household_size_set = in->applicant.household_size_set;
  f->household_size = in->applicant.household_size;
  f->income_set = in->applicant.income_set;
  f->household_monthly_income_fen = in->applicant.household_monthly_income_fen;
  f->threshold_known = j->threshold_known;
  f->threshold_fen = j->threshold_fen;
}

char *eligibility_json(const elig_result *r, const jurisdiction *j) {
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
  char *text = json_dumps(o, JSON_COMPACT);
  json_decref(o);
  return text;
}

char *eligibility_json_for(const intake *in, const jurisdiction *j) {
  elig_facts f;
  eligibility_facts_from_intake(in, j, &f);
  elig_result r;
  eligibility_evaluate(&f, &r);
  return eligibility_json(&r, j);
}

void h_eligibility_check(http_request *req, http_reply *rep) {
  json_t *root = jv_body(req, rep);
  if (!root) return;
  intake in;
  jurisdiction j;
  /* A form being filled in: required fields not yet given are listed as missing, not refused. */
  json_t *absent = json_array();
  if (!api_intake_prepare(req, rep, root, &in, true, &j, absent)) {
    json_decref(absent);
    json_decref(root);
    return;
  }
  elig_facts f;
  eligibility_facts_from_intake(&in, &j, &f);
  elig_result r;
  eligibility_evaluate(&f, &r);
  size_t i;
  json_t *v;
  json_array_foreach(absent, i, v) {
    const char *field = json_string_value(v);
    bool seen = false;
    for (int m = 0; m < r.nmissing; m++) seen = seen || strcmp(r.missing[m], field) == 0;
    if (!seen && r.nmissing < ELIG_MAX_MISSING) r.missing[r.nmissing++] = field;
  }
  /* Aid is not refused on a form not yet complete. */
  if (json_array_size(absent) && r.eligible == 0) r.eligible = -1;
  char *text = eligibility_json(&r, &j);
  json_decref(absent);
  json_decref(root);
  api_reply_json_text(rep, 200, text);
}
