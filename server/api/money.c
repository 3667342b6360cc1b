/* Subsidy standards and quotes, claims, duty shifts, budgets, targets and performance. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "domain/calendar.h"
#include "domain/jurisdiction.h"
#include "domain/subsidy.h"
#include "domain/timestamp.h"
#include "eligibility.h"
#include "money.h"
#include "handlers.h"
#include "http/query.h"
#include "store/money.h"
#include "store/refdata.h"
#include "validate.h"

static const char *const status_values[] = {"computed", "approved", "paid", NULL};
static const la_enum claim_status_enum = {"status", status_values, 3};

/* ---- standards ---- */

void h_standards_list(http_request *req, http_reply *rep) {
  static const char *const allowed[] = {"jurisdiction", "year", "limit", "cursor", NULL};
  int64_t year = 0;
  int limit;
  int64_t cursor;
  if (!api_query_only(req, allowed, rep) || !api_query_page(req, &limit, &cursor, rep) ||
      !api_query_int(req, "year", 2000, 2100, &year, NULL, rep))
    return;
  const char *j = http_query(req, "jurisdiction");
  if (j && jv_check_region_code(j, strlen(j))) {
    http_reply_field_error(rep, ERR_VALIDATION, "jurisdiction", "must be a six-digit region code");
    return;
  }
  char *json = NULL;
  db_status s = store_standards_list(j, (int)year, cursor, limit, &json);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  api_reply_json_text(rep, 200, json);
}

#define MAX_PUT_CELLS 64

void h_standards_put(http_request *req, http_reply *rep) {
  const char *jur = req->params[0];
  int64_t year;
  if (jv_check_region_code(jur, strlen(jur))) {
    http_reply_field_error(rep, ERR_VALIDATION, "jurisdiction", "must be a six-digit region code");
    return;
  }
  if (!query_parse_int64(req->params[1], &year) || year < 2000 || year > 2100) {
    http_reply_field_error(rep, ERR_VALIDATION, "year", "2000 to 2100");
    return;
  }
  if (!api_may_set_jurisdiction(req, rep, jur)) return;
  json_t *root = jv_body(req, rep);
  if (!root) return;
  json_t *errors = json_object();
  const json_t *cells = json_object_get(root, "cells");
  const json_t *addons = json_object_get(root, "addons");
  const json_t *source = json_object_get(root, "source");
  standard_cell_in cin[MAX_PUT_CELLS];
  standard_addon_in ain[16];
  int nc = 0, na = 0;
  if (!json_is_array(cells) || json_array_size(cells) == 0 ||
      json_array_size(cells) > MAX_PUT_CELLS) {
    json_object_set_new(errors, "cells", json_string("an array of 1 to 64 cells"));
  } else {
    size_t i;
    const json_t *c;
    json_array_foreach(cells, i, c) {
      char field[48];
      const char *item = json_string_value(json_object_get(c, "item"));
      const json_t *scope = json_object_get(c, "scope");
      const char *unit = json_string_value(json_object_get(c, "unit"));
      const json_t *mn = json_object_get(c, "min_fen"), *mx = json_object_get(c, "max_fen");
      standard_cell_in *x = &cin[nc];
      x->item = item ? enum_find(&ENUM_SUBSIDY_ITEM, item, strlen(item)) : -1;
      x->scope = scope && json_is_string(scope)
                     ? enum_find(&ENUM_SCOPE, json_string_value(scope), json_string_length(scope))
                     : -1;
      x->unit = unit ? enum_find(&ENUM_SUBSIDY_UNIT, unit, strlen(unit)) : -1;
      snprintf(field, sizeof field, "cells[%zu]", i);
      if (!json_is_object(c) || x->item < 0)
        json_object_set_new(errors, field, json_string("unknown item"));
      else if (scope && !json_is_null(scope) && x->scope < 0)
        json_object_set_new(errors, field, json_string("unknown scope"));
      else if (x->unit < 0)
        json_object_set_new(errors, field, json_string("unknown unit"));
      else if (!json_is_integer(mn) || !json_is_integer(mx) || json_integer_value(mn) < 0 ||
               json_integer_value(mx) > SUBSIDY_MAX_FEN)
        json_object_set_new(errors, field, json_string("min_fen and max_fen: integers from 0 to 10^10"));
      else if (json_integer_value(mn) > json_integer_value(mx))
        json_object_set_new(errors, field, json_string("min_fen above max_fen"));
      else {
        x->min_fen = json_integer_value(mn);
        x->max_fen = json_integer_value(mx);
        for (int k = 0; k < nc; k++)
          if (cin[k].item == x->item && cin[k].scope == x->scope)
            json_object_set_new(errors, field, json_string("duplicate item and scope"));
        nc++;
      }
    }
  }
  if (addons && !json_is_null(addons)) {
    if (!json_is_array(addons) || json_array_size(addons) > 16) {
      json_object_set_new(errors, "addons", json_string("an array of at most 16"));
    } else {
      size_t i;
      const json_t *a;
      json_array_foreach(addons, i, a) {
        char field[48];
        snprintf(field, sizeof field, "addons[%zu]", i);
        const char *code = json_string_value(json_object_get(a, "code"));
        const char *item = json_string_value(json_object_get(a, "item"));
        const json_t *amt = json_object_get(a, "amount_fen"), *cap = json_object_get(a, "cap_fen");
        standard_addon_in *x = &ain[na];
        x->code = code;
        x->item = item ? enum_find(&ENUM_SUBSIDY_ITEM, item, strlen(item)) : -1;
        bool code_ok = code && *code && strlen(code) <= 40;
        for (const char *p = code; code_ok && *p; p++)
          if (!((*p >= 'a' && *p <= 'z') || *p == '_')) code_ok = false;
        if (!code_ok || (item && x->item < 0) || !json_is_integer(amt) || !json_is_integer(cap) ||
            json_integer_value(amt) < 0 || json_integer_value(cap) < 0 ||
            json_integer_value(amt) > SUBSIDY_MAX_FEN || json_integer_value(cap) > SUBSIDY_MAX_FEN) {
          json_object_set_new(errors, field,
                              json_string("code (a-z, _), item, amount_fen and cap_fen from 0 to 10^10"));
          continue;
        }
        x->amount_fen = json_integer_value(amt);
        x->cap_fen = json_integer_value(cap);
        for (int k = 0; k < na; k++)
          if (strcmp(ain[k].code, x->code) == 0)
            json_object_set_new(errors, field, json_string("duplicate code"));
        na++;
      }
    }
  }
  if (source && !json_is_null(source) && (!json_is_string(source) || json_string_length(source) > 500))
    json_object_set_new(errors, "source", json_string("a string of at most 500"));
  if (json_object_size(errors) > 0) {
    json_decref(root);
    http_reply_error(rep, ERR_VALIDATION, NULL, errors);
    return;
  }
  json_decref(errors);
  char *json = NULL;
  db_status s = store_standards_put(jur, (int)year, json_string_value(source), cin, nc, ain, na,
                                    api_principal(req)->user_id, &json);
  json_decref(root);
  if (s == DB_REFUSED) {
    http_reply_field_error(rep, ERR_VALIDATION, "jurisdiction", "unknown region");
    return;
  }
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  api_reply_json_text(rep, 200, json);
}

/* ---- quotes ---- */

typedef struct {
  int item, grade, scope;
  jv_int year, quantity;
  jv_str jurisdiction, center_region, venue;
} quote_body;

static const jv_field quote_fields[] = {
    {"item", JV_ENUM, offsetof(quote_body, item), true, 0, 0, &ENUM_SUBSIDY_ITEM, NULL, 0},
    {"year", JV_INT, offsetof(quote_body, year), true, 2000, 2100, NULL, NULL, 0},
    {"jurisdiction", JV_STRING, offsetof(quote_body, jurisdiction), false, 6, 6, NULL,
     jv_check_region_code, 0},
    {"center_region_code", JV_STRING, offsetof(quote_body, center_region), false, 6, 6, NULL,
     jv_check_region_code, 0},
    {"scope", JV_ENUM, offsetof(quote_body, scope), false, 0, 0, &ENUM_SCOPE, NULL, 0},
    {"venue_region_code", JV_STRING, offsetof(quote_body, venue), false, 6, 6, NULL,
     jv_check_region_code, 0},
    {"grade", JV_ENUM, offsetof(quote_body, grade), true, 0, 0, &ENUM_GRADE, NULL, 0},
    {"quantity", JV_INT, offsetof(quote_body, quantity), false, 1, 10000, NULL, NULL, 0},
};

static json_t *quote_json(const subsidy_quote *q, int item, int grade, int year) {
  return json_pack(
      "{s:s, s:i, s:s, s:o, s:I, s:I, s:I, s:I, s:I, s:I, s:{s:I, s:i, s:s, s:i, s:o, s:[I,I], "
      "s:s, s:s, s:I, s:I, s:I}}",
      "jurisdiction", q->table->jurisdiction, "year", year, "item",
      enum_name(&ENUM_SUBSIDY_ITEM, item), "scope",
      q->scope >= 0 ? json_string(enum_name(&ENUM_SCOPE, q->scope)) : json_null(), "min_fen",
      (json_int_t)q->min_fen, "max_fen", (json_int_t)q->max_fen, "amount_fen",
      (json_int_t)q->amount_fen, "quantity", (json_int_t)q->quantity, "addons_fen",
      (json_int_t)q->addons_fen, "total_fen", (json_int_t)q->total_fen, "breakdown", "table_id",
      (json_int_t)q->table->id, "version", q->table->version, "jurisdiction",
      q->table->jurisdiction, "table_year", q->table->year, "scope",
      q->scope >= 0 ? json_string(enum_name(&ENUM_SCOPE, q->scope)) : json_null(), "band",
      (json_int_t)q->min_fen, (json_int_t)q->max_fen, "grade", enum_name(&ENUM_GRADE, grade),
      "unit", enum_name(&ENUM_SUBSIDY_UNIT, q->unit), "unit_amount_fen",
      (json_int_t)q->unit_amount_fen, "addons_fen", (json_int_t)q->addons_fen, "total_fen",
      (json_int_t)q->total_fen);
}

static void reply_subsidy_error(http_reply *rep, subsidy_status st, int item) {
  if (st == SUBSIDY_NO_TABLE)
    http_reply_error(rep, ERR_VALIDATION, "该地区没有此项目的补贴标准",
                     json_pack("{s:s}", "item", "no standard for this item in the jurisdiction"));
  else if (st == SUBSIDY_NO_SCOPE)
    http_reply_error(rep, ERR_VALIDATION, "该项目的补贴标准按地域范围区分，请给出范围或办案地",
                     json_pack("{s:s}", "scope", "no band for this scope"));
  else if (st == SUBSIDY_TOO_LARGE)
    http_reply_error(rep, ERR_VALIDATION, "金额超出上限（每项不超过 1 亿元）",
                     json_pack("{s:s}", "quantity", "the total would pass 10^10 fen"));
  else
    http_reply_field_error(rep, ERR_VALIDATION, "quantity", "out of range");
  (void)item;
}

void h_subsidy_quote(http_request *req, http_reply *rep) {
  json_t *root = jv_body(req, rep);
  if (!root) return;
  quote_body b = {.item = -1, .grade = -1, .scope = -1};
  json_t *errors = json_object();
  jv_parse(root, quote_fields, JV_FIELD_COUNT(quote_fields), &b, errors);
  const char *region = b.jurisdiction.s ? b.jurisdiction.s : b.center_region.s;
  if (!region && !json_object_get(errors, "jurisdiction"))
    json_object_set_new(errors, "jurisdiction", json_string("jurisdiction or center_region_code required"));
  subsidy_request rq = {b.item, b.grade, b.scope, b.quantity.set ? b.quantity.v : 1, {{0}}, 0};
  const json_t *addons = json_object_get(root, "addons");
  if (addons && !json_is_null(addons)) {
    const char *k;
    const json_t *v;
    if (!json_is_object(addons)) {
      json_object_set_new(errors, "addons", json_string("an object of code: count"));
    } else {
      json_object_foreach((json_t *)addons, k, v) {
        if (!json_is_integer(v) || json_integer_value(v) < 0 || rq.naddons >= 8) {
          json_object_set_new(errors, "addons", json_string("counts must be integers >= 0"));
          break;
        }
        rq.addons[rq.naddons].code = k;
        rq.addons[rq.naddons].count = json_integer_value(v);
        rq.naddons++;
      }
    }
  }
  if (json_object_size(errors) > 0) {
    json_decref(root);
    http_reply_error(rep, ERR_VALIDATION, NULL, errors);
    return;
  }
  json_decref(errors);
  if (b.scope < 0 && b.venue.s) rq.scope = region_scope(region, b.venue.s);
  standards *std = calloc(1, sizeof *std);
  db_status s = std ? store_standards_for(NULL, region, (int)b.year.v, std) : DB_ERROR;
  if (s != DB_OK) {
    free(std);
    json_decref(root);
    api_reply_db(rep, s);
    return;
  }
  subsidy_quote q;
  subsidy_status st = subsidy_compute(std->ptrs, std->ntables, region, &rq, &q);
  if (st != SUBSIDY_OK)
    reply_subsidy_error(rep, st, b.item);
  else
    http_reply_json(rep, 200, quote_json(&q, b.item, b.grade, (int)b.year.v));
  free(std);
  json_decref(root);
}

/* ---- claims ---- */

void h_subsidies_list(http_request *req, http_reply *rep) {
  static const char *const allowed[] = {"center_id", "lawyer_id", "status", "year",
                                        "limit",     "cursor",    NULL};
  claim_filter f = {.status = -1};
  int64_t year = 0, cursor = 0;
  if (!api_query_only(req, allowed, rep) || !api_query_page(req, &f.limit, &cursor, rep) ||
      !api_query_int(req, "center_id", 1, INT64_MAX, &f.center_id, NULL, rep) ||
      !api_query_int(req, "lawyer_id", 1, INT64_MAX, &f.lawyer_id, NULL, rep) ||
      !api_query_int(req, "year", 2000, 2100, &year, NULL, rep) ||
      !api_query_enum(req, "status", &claim_status_enum, &f.status, rep))
    return;
  f.year = (int)year;
  f.before_id = cursor;
  char *json = NULL;
  db_status s = store_claims_list(api_principal(req), &f, &json);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  api_reply_json_text(rep, 200, json);
}

static void advance(http_request *req, http_reply *rep, bool pay) {
  int64_t id;
  if (!api_path_id(req, 0, &id, rep)) return;
  const principal *p = api_principal(req);
  bool hold = false;
  if (pay) {
    /* Whether the claim's jurisdiction pays only after the file is archived (Hunan). */
    char region[8];
    int64_t center;
    db_status s = store_claim_center_region(p, id, region, &center);
    if (s != DB_OK) {
      api_reply_db(rep, s);
      return;
    }
    jurisdiction j;
    s = (db_status)api_jurisdiction(center, &j);
    if (s != DB_OK) {
      api_reply_db(rep, s);
      return;
    }
    hold = j.pay_after_archive;
  }
  int http = 0;
  const char *why = NULL;
  char *json = NULL;
  db_status s = store_claim_advance(p, id, pay, hold, &http, &why, &json);
  api_reply_outcome(rep, s, http, why, 200, json);
}

void h_subsidy_approve(http_request *req, http_reply *rep) { advance(req, rep, false); }
void h_subsidy_pay(http_request *req, http_reply *rep) { advance(req, rep, true); }

/* ---- duty shifts ---- */

static const char *const station_values[] = {"court", "procuratorate", "detention_centre",
                                             "service_hall", "hotline_12348", NULL};
static const la_enum station_enum = {"station", station_values, 5};

typedef struct {
  jv_int lawyer_id;
  int station, grade;
  jv_date date;
  jv_int received, consultations, plea_witnessed;
} duty_body;

static const jv_field duty_fields[] = {
    {"lawyer_id", JV_INT, offsetof(duty_body, lawyer_id), true, 1, INT64_MAX, NULL, NULL, 0},
    {"station", JV_ENUM, offsetof(duty_body, station), true, 0, 0, &station_enum, NULL, 0},
    {"date", JV_DATE, offsetof(duty_body, date), true, 0, 0, NULL, NULL, 0},
    {"grade", JV_ENUM, offsetof(duty_body, grade), false, 0, 0, &ENUM_GRADE, NULL, 0},
    {"received", JV_INT, offsetof(duty_body, received), false, 0, 100000, NULL, NULL, 0},
    {"consultations", JV_INT, offsetof(duty_body, consultations), false, 0, 100000, NULL, NULL, 0},
    {"plea_witnessed", JV_INT, offsetof(duty_body, plea_witnessed), false, 0, 100000, NULL, NULL,
     0},
};

typedef struct {
  duty_body *b;
  standards std;
  subsidy_quote q;
  subsidy_status st;
} duty_price_arg;

#define DUTY_OFF_DAY 423 /* price_duty's refusal of a per-working-day band on a day off */

/* A duty day is paid at the band's minimum unless a grade is given. A band paid per lawyer
 * and working day (Yangquan: 每人每个工作日) is not paid for a weekend or holiday: refused. */
static int price_duty(const char *region, int year, PGconn *c, void *arg, claim_new *k) {
  duty_price_arg *a = arg;
  int item = subsidy_item_for_station(station_values[a->b->station]);
  if (store_standards_for(c, region, year, &a->std) != DB_OK) return 503;
  int grade = a->b->grade >= 0 ? a->b->grade : GRADE_PASS;
  subsidy_request rq = {item, grade, -1, 1, {{0}}, 0};
  a->st = subsidy_compute(a->std.ptrs, a->std.ntables, region, &rq, &a->q);
  if (a->st != SUBSIDY_OK) return 422;
  if (a->q.unit == UNIT_LAWYER_DAY && !cal_is_working_day(api_calendar(), a->b->date.v))
    return DUTY_OFF_DAY;
  k->item = item;
  k->year = year;
  k->grade = grade;
  k->scope = -1;
  k->quantity = 1;
  k->q = &a->q;
  return 0;
}

void h_duty_shift_create(http_request *req, http_reply *rep) {
  json_t *root = jv_body(req, rep);
  if (!root) return;
  duty_body b = {.station = -1, .grade = -1};
  json_t *errors = json_object();
  if (!jv_parse(root, duty_fields, JV_FIELD_COUNT(duty_fields), &b, errors)) {
    json_decref(root);
    http_reply_error(rep, ERR_VALIDATION, NULL, errors);
    return;
  }
  json_decref(errors);
  json_decref(root);
  if (b.date.v > ts_local_date(api_now()) + 60) {
    http_reply_field_error(rep, ERR_VALIDATION, "date", "more than 60 days ahead");
    return;
  }
  char day[DATE_STR_LEN];
  date_format(b.date.v, day);
  duty_price_arg *a = calloc(1, sizeof *a);
  if (!a) {
    http_reply_error(rep, ERR_INTERNAL, NULL, NULL);
    return;
  }
  a->b = &b;
  int price_error = 0;
  char *json = NULL;
  duty_log log = {b.received.v, b.consultations.v, b.plea_witnessed.v};
  db_status s = store_duty_shift_create(api_principal(req), b.lawyer_id.v,
                                        station_values[b.station], day, date_year(b.date.v), &log,
                                        price_duty, a, &price_error, &json);
  subsidy_status st = a->st;
  free(a);
  if (s == DB_ABORT && price_error == 422) {
    reply_subsidy_error(rep, st, 0);
    return;
  }
  if (s == DB_ABORT && price_error == DUTY_OFF_DAY) {
    http_reply_error(rep, ERR_VALIDATION, "该值班补贴按工作日发放，所选日期为休息日或法定节假日",
                     json_pack("{s:s}", "date", "not a working day: the band is paid per working day"));
    return;
  }
  if (s == DB_ABORT) {
    http_reply_error(rep, ERR_UNAVAILABLE, NULL, NULL);
    return;
  }
  if (s == DB_NOT_FOUND) {
    http_reply_field_error(rep, ERR_VALIDATION, "lawyer_id", "no such lawyer in your centres");
    return;
  }
  if (s == DB_CONFLICT) {
    http_reply_error(rep, ERR_CONFLICT, "该律师当天在此值班点已登记", NULL);
    return;
  }
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  api_reply_json_text(rep, 201, json);
}

/* ---- budgets ---- */

/* center_id and year of /budgets/{center_id}/{year} and /targets/...; the centre must be the
 * principal's (404 otherwise). */
static bool center_year(http_request *req, http_reply *rep, int64_t *center, int *year) {
  int64_t y;
  if (!api_path_id(req, 0, center, rep)) return false;
  if (!query_parse_int64(req->params[1], &y) || y < 2000 || y > 2100) {
    http_reply_field_error(rep, ERR_VALIDATION, "year", "2000 to 2100");
    return false;
  }
  *year = (int)y;
  if (!principal_sees_center(api_principal(req), *center)) {
    http_reply_error(rep, ERR_NOT_FOUND, NULL, NULL);
    return false;
  }
  return true;
}

typedef struct {
  jv_int allocated, received;
} budget_body;

static const jv_field budget_fields[] = {
    {"allocated_fen", JV_INT, offsetof(budget_body, allocated), true, 0,
     (int64_t)100000000000 * 100, NULL, NULL, 0},
    /* 实际到位金额: what the finance bureau transferred; absent or null: not yet known. */
    {"received_fen", JV_INT, offsetof(budget_body, received), false, 0, (int64_t)10000000000,
     NULL, NULL, 0},
};

void h_budget_put(http_request *req, http_reply *rep) {
  int64_t center;
  int year;
  if (!center_year(req, rep, &center, &year)) return;
  json_t *root = jv_body(req, rep);
  if (!root) return;
  budget_body b = {{0, false}, {0, false}};
  json_t *errors = json_object();
  if (!jv_parse(root, budget_fields, JV_FIELD_COUNT(budget_fields), &b, errors)) {
    json_decref(root);
    http_reply_error(rep, ERR_VALIDATION, NULL, errors);
    return;
  }
  json_decref(errors);
  json_decref(root);
  db_status s = store_budget_put(center, year, b.allocated.v, b.received.set, b.received.v,
                                 api_principal(req)->user_id);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  h_budget_get(req, rep);
}

/* The budget figures of API.md; *out owned by the caller. Returns a db_status. */
int api_budget_json(int64_t center, int year, json_t **out) {
  budget_sums sums;
  db_status s = store_budget_sums(center, year, &sums);
  if (s != DB_OK) return (int)s;
  char region[8];
  if ((s = store_center_region(center, region)) != DB_OK) return (int)s;
  open_item *items;
  int n;
  if ((s = store_open_items(center, year, &items, &n)) != DB_OK) return (int)s;
  standards *std = calloc(1, sizeof *std);
  if (!std || (s = store_standards_for(NULL, region, year, std)) != DB_OK) {
    free(std);
    free(items);
    return std ? (int)s : (int)DB_ERROR;
  }
  /* Each open stage (or case) at its band's minimum. */
  int64_t open_min = 0;
  int open_stages = 0, unpriced = 0;
  for (int i = 0; i < n; i++) {
    int item = subsidy_item_for(items[i].case_type, items[i].stage);
    if (item < 0) {
      if (items[i].case_type != CT_PLEA_HELP) unpriced++;
      continue;
    }
    subsidy_request rq = {item, GRADE_PASS,
                          items[i].venue[0] ? region_scope(region, items[i].venue) : SCOPE_LOCAL,
                          1, {{0}}, 0};
    subsidy_quote q;
    if (subsidy_compute(std->ptrs, std->ntables, region, &rq, &q) != SUBSIDY_OK) {
      unpriced++;
      continue;
    }
    open_min += q.amount_fen;
    open_stages++;
  }
  free(std);
  free(items);
  int64_t need = sums.committed_fen + sums.pending_fen + open_min;
  int64_t shortfall = need > sums.allocated_fen ? need - sums.allocated_fen : 0;
  json_t *rate = sums.allocated_fen > 0
                     ? json_real(round((double)sums.paid_fen * 10000.0 / (double)sums.allocated_fen) /
                                 10000.0)
                     : json_null();
  *out = json_pack(
      "{s:I, s:i, s:I, s:b, s:o, s:I, s:I, s:I, s:I, s:i, s:i, s:I, s:I, s:o}", "center_id",
      (json_int_t)center, "year", year, "allocated_fen", (json_int_t)sums.allocated_fen,
      "allocated_set", sums.allocated_set, "received_fen",
      sums.received_set ? json_integer(sums.received_fen) : json_null(), "committed_fen",
      (json_int_t)sums.committed_fen,
      "paid_fen", (json_int_t)sums.paid_fen, "pending_fen", (json_int_t)sums.pending_fen,
      "open_cases_min_fen", (json_int_t)open_min, "open_stages", open_stages, "unpriced_open_items",
      unpriced, "projected_need_fen", (json_int_t)need, "projected_shortfall_fen",
      (json_int_t)shortfall, "execution_rate", rate);
  return DB_OK;
}

void h_budget_get(http_request *req, http_reply *rep) {
  int64_t center;
  int year;
  if (!center_year(req, rep, &center, &year)) return;
  json_t *j = NULL;
  db_status s = (db_status)api_budget_json(center, year, &j);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  http_reply_json(rep, 200, j);
}

/* ---- targets ---- */

/* One JSON field per indicator of the self-assessment, named by its key: counts and fen as
 * integers, lawyers a day as a number, rates as fractions (0.98). */
typedef struct {
  jv_num v[IND__COUNT];
} targets_body;

#define TARGET_FIELD(ind, lo, hi) \
  {NULL, JV_NUMBER, offsetof(targets_body, v) + (ind) * sizeof(jv_num), false, lo, hi, NULL, NULL, 0}

static int64_t target_max(indicator_unit u) {
  switch (u) {
    case IU_BP:
      return 1;
    case IU_PER_DAY_X100:
      return 10000;
    case IU_FEN:
      return (int64_t)10000000000;
    default:
      return 100000000;
  }
}

void h_targets_put(http_request *req, http_reply *rep) {
  int64_t center;
  int year;
  if (!center_year(req, rep, &center, &year)) return;
  json_t *root = jv_body(req, rep);
  if (!root) return;
  targets_body b;
  memset(&b, 0, sizeof b);
  jv_field fields[IND__COUNT];
  for (int i = 0; i < IND__COUNT; i++) {
    const indicator_def *d = &assessment_indicators[i];
    fields[i] = (jv_field)TARGET_FIELD(i, 0, target_max(d->unit));
    fields[i].path = d->key;
  }
  json_t *errors = json_object();
  jv_parse(root, fields, IND__COUNT, &b, errors);
  targets_row t;
  memset(&t, 0, sizeof t);
  for (int i = 0; i < IND__COUNT; i++) {
    const indicator_def *d = &assessment_indicators[i];
    if (!b.v[i].set) continue;
    double v = b.v[i].v;
    /* Counts and money are whole numbers. */
    if ((d->unit == IU_COUNT || d->unit == IU_FEN) && v != (double)(int64_t)v)
      json_object_set_new(errors, d->key, json_string("must be an integer"));
    t.set[i] = true;
    t.value[i] = d->unit == IU_BP            ? (int64_t)llround(v * 10000.0)
                 : d->unit == IU_PER_DAY_X100 ? (int64_t)llround(v * 100.0)
                                              : (int64_t)v;
  }
  json_decref(root);
  if (json_object_size(errors) > 0) {
    http_reply_error(rep, ERR_VALIDATION, NULL, errors);
    return;
  }
  json_decref(errors);
  db_status s = store_targets_put(center, year, &t, api_principal(req)->user_id);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  h_targets_get(req, rep);
}

/* A target (or an actual) in its indicator's JSON form. */
json_t *api_indicator_value(indicator_t i, int64_t v) {
  switch (assessment_indicators[i].unit) {
    case IU_BP:
      return json_real((double)v / 10000.0);
    case IU_PER_DAY_X100:
      return json_real((double)v / 100.0);
    default:
      return json_integer(v);
  }
}

void h_targets_get(http_request *req, http_reply *rep) {
  int64_t center;
  int year;
  if (!center_year(req, rep, &center, &year)) return;
  targets_row t;
  db_status s = store_targets_get(center, year, &t);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  json_t *o = json_pack("{s:I, s:i}", "center_id", (json_int_t)center, "year", year);
  for (int i = 0; i < IND__COUNT; i++)
    json_object_set_new(o, assessment_indicators[i].key,
                        t.set[i] ? api_indicator_value((indicator_t)i, t.value[i]) : json_null());
  http_reply_json(rep, 200, o);
}
