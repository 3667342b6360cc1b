/* Hardship thresholds (Art. 34), deadline settings and where in the band each grade pays, per
 * jurisdiction, kept by admins. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "handlers.h"
#include "store/jurisdiction.h"
#include "validate.h"

void h_thresholds_list(http_request *req, http_reply *rep) {
  static const char *const allowed[] = {"limit", "cursor", NULL};
  int limit;
  int64_t cursor;
  if (!api_query_only(req, allowed, rep) || !api_query_page(req, &limit, &cursor, rep)) return;
  char *json = NULL;
  db_status s = store_thresholds_list(cursor, limit, &json);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  api_reply_json_text(rep, 200, json);
}

typedef struct {
  jv_int fen;
  jv_str source;
} threshold_body;

static const jv_field threshold_fields[] = {
    {"monthly_income_fen", JV_INT, offsetof(threshold_body, fen), true, 0, (int64_t)1000000 * 100,
     NULL, NULL, 0},
    {"source", JV_STRING, offsetof(threshold_body, source), false, 0, 500, NULL, NULL, 0},
};

static bool region_param(http_request *req, http_reply *rep) {
  if (req->nparams < 1 || jv_check_region_code(req->params[0], strlen(req->params[0]))) {
    http_reply_field_error(rep, ERR_VALIDATION, "region_code", "must be a six-digit region code");
    return false;
  }
  return true;
}

static void reply_put(http_reply *rep, db_status s, char *json) {
  if (s == DB_REFUSED) {
    http_reply_field_error(rep, ERR_VALIDATION, "region_code", "unknown region");
    return;
  }
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  api_reply_json_text(rep, 200, json);
}

void h_threshold_put(http_request *req, http_reply *rep) {
  if (!region_param(req, rep) || !api_may_set_jurisdiction(req, rep, req->params[0])) return;
  json_t *root = jv_body(req, rep);
  if (!root) return;
  threshold_body b = {{0, false}, {0}};
  json_t *errors = json_object();
  if (!jv_parse(root, threshold_fields, JV_FIELD_COUNT(threshold_fields), &b, errors)) {
    json_decref(root);
    http_reply_error(rep, ERR_VALIDATION, NULL, errors);
    return;
  }
  json_decref(errors);
  char *json = NULL;
  db_status s = store_threshold_put(req->params[0], b.fen.v, b.source.s,
                                    api_principal(req)->user_id, &json);
  json_decref(root);
  reply_put(rep, s, json);
}

void h_settings_list(http_request *req, http_reply *rep) {
  static const char *const allowed[] = {"limit", "cursor", NULL};
  int limit;
  int64_t cursor;
  if (!api_query_only(req, allowed, rep) || !api_query_page(req, &limit, &cursor, rep)) return;
  char *json = NULL;
  db_status s = store_settings_list(cursor, limit, &json);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  api_reply_json_text(rep, 200, json);
}

typedef struct {
  int mode;
  jv_bool pay_after_archive;
} settings_body;

static const jv_field settings_fields[] = {
    {"deadline_mode", JV_ENUM, offsetof(settings_body, mode), false, 0, 0, &ENUM_DEADLINE_MODE, NULL, 0},
    {"pay_after_archive", JV_BOOL, offsetof(settings_body, pay_after_archive), false, 0, 0, NULL,
     NULL, 0},
    {"grade_pay", JV_OBJECT, 0, false, 0, 0, NULL, NULL, 0},
};

/* "grade_pay": {"excellent", "good", "pass", "fail"}, each "max", "mid", "min", "zero" or a
 * whole percentage 0-100 (a number or its text); a grade left out keeps the default. Errors
 * name grade_pay.<grade>. */
static void parse_grade_pay(const json_t *o, grade_pay *out, json_t *errors) {
  *out = GRADE_PAY_DEFAULT;
  const char *k;
  json_t *v;
  json_object_foreach((json_t *)o, k, v) {
    int g = enum_find(&ENUM_GRADE, k, strlen(k));
    char field[48], text[24];
    snprintf(field, sizeof field, "grade_pay.%.30s", k);
    if (g < 0) {
      json_object_set_new(errors, field, json_string("not a grade: excellent, good, pass or fail"));
      continue;
    }
    const char *s = NULL;
    if (json_is_string(v)) {
      s = json_string_value(v);
    } else if (json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= 100) {
      snprintf(text, sizeof text, "%lld", (long long)json_integer_value(v));
      s = text;
    }
    if (!s || !grade_pay_rule_parse(s, strlen(s), &out->by_grade[g]))
      json_object_set_new(errors, field,
                          json_string("max, mid, min, zero or a whole percentage 0-100"));
  }
}

/* PUT /jurisdiction-settings/{code}: the deadline rules (deadline_mode, pay_after_archive) and
 * where in the band each grade pays (grade_pay; null: back to the default). Either or both;
 * what is not given stays. */
void h_settings_put(http_request *req, http_reply *rep) {
  if (!region_param(req, rep) || !api_may_set_jurisdiction(req, rep, req->params[0])) return;
  json_t *root = jv_body(req, rep);
  if (!root) return;
  settings_body b = {-1, {false, false}};
  json_t *errors = json_object();
  jv_parse(root, settings_fields, JV_FIELD_COUNT(settings_fields), &b, errors);
  settings_change ch;
  memset(&ch, 0, sizeof ch);
  const json_t *gp = json_object_get(root, "grade_pay");
  if (gp && json_is_null(gp))
    ch.grade_pay = SETTINGS_GRADE_PAY_CLEAR;
  else if (json_is_object(gp)) {
    ch.grade_pay = SETTINGS_GRADE_PAY_SET;
    parse_grade_pay(gp, &ch.gp, errors);
  }
  if (b.mode < 0 && !gp && json_object_size(errors) == 0)
    json_object_set_new(errors, "deadline_mode", json_string("required (or grade_pay)"));
  if (b.mode < 0 && b.pay_after_archive.set && !json_object_get(errors, "deadline_mode"))
    json_object_set_new(errors, "deadline_mode", json_string("required with pay_after_archive"));
  if (json_object_size(errors) > 0) {
    json_decref(root);
    http_reply_error(rep, ERR_VALIDATION, NULL, errors);
    return;
  }
  json_decref(errors);
  ch.mode = b.mode >= 0 ? enum_name(&ENUM_DEADLINE_MODE, b.mode) : NULL;
  ch.pay_after_archive = b.pay_after_archive.v;
  char *json = NULL;
  db_status s = store_settings_put(req->params[0], &ch, api_principal(req)->user_id, &json);
  json_decref(root);
  reply_put(rep, s, json);
}
