/* Subsidy standards and quotes, claims, duty shifts, budgets, targets and performance. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "domain/calendar.h"
#include "domain/duty.h"
#include "domain/jurisdiction.h"
#include "domain/subsidy.h"
#include "domain/timestamp.h"
#include "eligibility.h"
#include "money.h"
#include "handlers.h"
#include "http/query.h"
#include "store/jurisdiction.h"
#include "store/money.h"
#include "store/refdata.h"
#include "validate.h"


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

/* PUT /subsidy-standards/{jurisdiction}/{year}: the cells and add-ons of a table. */
#define MAX_PUT_CELLS 64
#define MAX_PUT_ADDONS 16

typedef struct {
  int item, scope, unit;
  jv_int min_fen, max_fen;
} cell_body;

static const jv_field cell_fields[] = {
    {"item", JV_ENUM, offsetof(cell_body, item), true, 0, 0, &ENUM_SUBSIDY_ITEM},
    {"scope", JV_ENUM, offsetof(cell_body, scope), false, 0, 0, &ENUM_SCOPE},
    {"unit", JV_ENUM, offsetof(cell_body, unit), true, 0, 0, &ENUM_SUBSIDY_UNIT},
    {"min_fen", JV_INT, offsetof(cell_body, min_fen), true, 0, SUBSIDY_MAX_FEN},
    {"max_fen", JV_INT, offsetof(cell_body, max_fen), true, 0, SUBSIDY_MAX_FEN},
};

/* A band runs low to high; one cell per item and scope. */
static void cell_check(const void *elem, size_t index, const void *all, const char *path,
                       json_t *errors) {
  const cell_body *c = elem, *cells = all;
  if (c->min_fen.v > c->max_fen.v)
    json_object_set_new(errors, path, json_string("min_fen above max_fen"));
  for (size_t k = 0; k < index; k++)
    if (cells[k].item == c->item && cells[k].scope == c->scope)
      json_object_set_new(errors, path, json_string("duplicate item and scope"));
}

static const jv_items cell_items = {cell_fields, JV_FIELD_COUNT(cell_fields), sizeof(cell_body),
                                    cell_check};

static const char *check_addon_code(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_')) return "a-z and _ only";
  return NULL;
}

typedef struct {
  jv_str code;
  int item;
  jv_int amount_fen, cap_fen;
} addon_body;

static const jv_field addon_fields[] = {
    {"code", JV_STRING, offsetof(addon_body, code), true, 1, 40, NULL, check_addon_code},
    {"item", JV_ENUM, offsetof(addon_body, item), false, 0, 0, &ENUM_SUBSIDY_ITEM},
    {"amount_fen", JV_INT, offsetof(addon_body, amount_fen), true, 0, SUBSIDY_MAX_FEN},
    {"cap_fen", JV_INT, offsetof(addon_body, cap_fen), true, 0, SUBSIDY_MAX_FEN},
};

static void addon_check(const void *elem, size_t index, const void *all, const char *path,
                        json_t *errors) {
  const addon_body *a = elem, *addons = all;
  for (size_t k = 0; k < index; k++)
    if (strcmp(addons[k].code.s, a->code.s) == 0)
      json_object_set_new(errors, path, json_string("duplicate code"));
}

static const jv_items addon_items = {addon_fields, JV_FIELD_COUNT(addon_fields),
                                     sizeof(addon_body), addon_check};

typedef struct {
  cell_body cells[MAX_PUT_CELLS];
  size_t ncells;
  addon_body addons[MAX_PUT_ADDONS];
  size_t naddons;
  jv_str source;
  /* For the store: */
  standard_cell_in cin[MAX_PUT_CELLS];
  standard_addon_in ain[MAX_PUT_ADDONS];
} standards_body;

static const jv_field standards_fields[] = {
    {"cells", JV_ARRAY, offsetof(standards_body, cells), true, 1, MAX_PUT_CELLS, NULL, NULL,
     offsetof(standards_body, ncells), &cell_items},
    {"addons", JV_ARRAY, offsetof(standards_body, addons), false, 0, MAX_PUT_ADDONS, NULL, NULL,
     offsetof(standards_body, naddons), &addon_items},
    {"source", JV_STRING, offsetof(standards_body, source), false, 0, 500},
};

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
  standards_body *b = calloc(1, sizeof *b);
  json_t *errors = json_object();
  if (!b || !jv_parse(root, standards_fields, JV_FIELD_COUNT(standards_fields), b, errors)) {
    free(b);
    json_decref(root);
    http_reply_error(rep, b ? ERR_VALIDATION : ERR_INTERNAL, NULL, errors);
    return;
  }
  json_decref(errors);
  for (size_t i = 0; i < b->ncells; i++)
    b->cin[i] = (standard_cell_in){b->cells[i].item, b->cells[i].scope, b->cells[i].unit,
                                   b->cells[i].min_fen.v, b->cells[i].max_fen.v};
  for (size_t i = 0; i < b->naddons; i++)
    b->ain[i] = (standard_addon_in){b->addons[i].code.s, b->addons[i].item,
                                    b->addons[i].amount_fen.v, b->addons[i].cap_fen.v};
  char *json = NULL;
  db_status s = store_standards_put(jur, (int)year, b->source.s, b->cin, (int)b->ncells, b->ain,
                                    (int)b->naddons, api_principal(req)->user_id, &json);
  free(b);
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

#define MAX_QUOTE_ADDONS 8

typedef struct {
  int item, grade, scope;
  jv_int year, quantity;
  jv_str jurisdiction, center_region, venue;
  jv_count addons[MAX_QUOTE_ADDONS];
  size_t naddons;
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
    {"addons", JV_COUNTS, offsetof(quote_body, addons), false, 0, MAX_QUOTE_ADDONS, NULL, NULL,
     offsetof(quote_body, naddons)},
};

static json_t *quote_json(const subsidy_quote *q, int item, int grade, int year) {
  char rule[8];
  grade_pay_rule_format(q->rule, rule);
  json_t *o = json_pack(
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
  /* Where in the band the grade paid in the jurisdiction, and whether the cell is a
   * placeholder the service ships until the jurisdiction's own figure is entered. */
  json_t *b = json_object_get(o, "breakdown");
  json_object_set_new(b, "grade_pay", json_string(rule));
  json_object_set_new(b, "is_default", json_boolean(q->is_default));
  return o;
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
  subsidy_request rq = {b.item, b.grade, b.scope, b.quantity.set ? b.quantity.v : 1, {{0}}, 0, NULL};
  for (size_t i = 0; i < b.naddons; i++) {
    rq.addons[i].code = b.addons[i].key;
    rq.addons[i].count = b.addons[i].count;
  }
  rq.naddons = (int)b.naddons;
  if (json_object_size(errors) > 0) {
    json_decref(root);
    http_reply_error(rep, ERR_VALIDATION, NULL, errors);
    return;
  }
  json_decref(errors);
  if (b.scope < 0 && b.venue.s) rq.scope = region_scope(region, b.venue.s);
  standards *std = calloc(1, sizeof *std);
  db_status s = std ? store_standards_for(region, (int)b.year.v, std) : DB_ERROR;
  /* The region's own rule of where in the band each grade pays (Yuanjiang: the minimum). */
  jurisdiction_rows jrows;
  jurisdiction_rules jrules;
  if (s == DB_OK) s = store_jurisdiction_for_region(region, &jrows);
  if (s == DB_OK) {
    jurisdiction_pick(&jrows, &jrules);
    rq.pay = &jrules.grade_pay;
  }
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
      !api_query_enum(req, "status", &ENUM_CLAIM_STATUS, &f.status, rep))
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

static const char *const claim_words[] = {
    [CLAIM_NOT_COMPUTED] = "只有待审核的补贴可以审核",
    [CLAIM_NOT_APPROVED] = "只有已审核的补贴可以支付",
    [CLAIM_HELD_UNTIL_ARCHIVED] = "本地规定结案并归档后方可支付办案补贴",
};

/* Approves or pays a claim: the store reads it, the domain says whether it may go on (and,
 * paying, whether its jurisdiction holds payment until the case file is archived). */
static void advance(http_request *req, http_reply *rep, bool pay) {
  int64_t id;
  if (!api_path_id(req, 0, &id, rep)) return;
  const principal *p = api_principal(req);
  for (int attempt = 0;; attempt++) {
    claim_state k;
    db_status s = store_claim_read(p, id, &k);
    jurisdiction_rules j = {0};
    if (s == DB_OK && pay) s = (db_status)api_jurisdiction(k.center_id, &j);
    if (s != DB_OK) {
      api_reply_db(rep, s);
      return;
    }
    claim_refusal r = claim_may_advance(k.status, pay, j.pay_after_archive, k.for_case,
                                        k.case_archived);
    if (r != CLAIM_MAY) {
      http_reply_error(rep, ERR_CONFLICT, claim_words[r], NULL);
      return;
    }
    char *json = NULL;
    s = store_claim_advance(p, id, k.status, &json);
    if (s == DB_STALE && attempt < 2) continue; /* moved on meanwhile: judge it again */
    if (s != DB_OK)
      api_reply_db(rep, s == DB_STALE ? DB_CONFLICT : s);
    else
      api_reply_json_text(rep, 200, json);
    return;
  }
}

void h_subsidy_approve(http_request *req, http_reply *rep) { advance(req, rep, false); }
void h_subsidy_pay(http_request *req, http_reply *rep) { advance(req, rep, true); }

/* ---- duty shifts ---- */

typedef struct {
  jv_int lawyer_id;
  int station, grade;
  jv_date date;
  jv_int received, consultations, plea_witnessed;
} duty_body;

static const jv_field duty_fields[] = {
    {"lawyer_id", JV_INT, offsetof(duty_body, lawyer_id), true, 1, INT64_MAX, NULL, NULL, 0},
    {"station", JV_ENUM, offsetof(duty_body, station), true, 0, 0, &ENUM_STATION, NULL, 0},
    {"date", JV_DATE, offsetof(duty_body, date), true, 0, 0, NULL, NULL, 0},
    {"grade", JV_ENUM, offsetof(duty_body, grade), false, 0, 0, &ENUM_GRADE, NULL, 0},
    {"received", JV_INT, offsetof(duty_body, received), false, 0, 100000, NULL, NULL, 0},
    {"consultations", JV_INT, offsetof(duty_body, consultations), false, 0, 100000, NULL, NULL, 0},
    {"plea_witnessed", JV_INT, offsetof(duty_body, plea_witnessed), false, 0, 100000, NULL, NULL,
     0},
};

/* A duty day is paid at the band's minimum unless a grade is given: priced with the tables
 * of the lawyer's centre, then recorded with its claim and the day's log. A band paid per
 * lawyer and working day (Yangquan: 每人每个工作日) is not paid for a weekend or holiday. */
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
  const principal *p = api_principal(req);
  standards *std = calloc(1, sizeof *std);
  if (!std) {
    http_reply_error(rep, ERR_INTERNAL, NULL, NULL);
    return;
  }
  db_status s;
  char *json = NULL;
  duty_log log = {b.received.v, b.consultations.v, b.plea_witnessed.v};
  for (int attempt = 0;; attempt++) {
    int64_t center;
    char region[8];
    jurisdiction_rules j;
    s = store_duty_lawyer(p, b.lawyer_id.v, &center, region);
    if (s == DB_OK) s = store_standards_for(region, date_year(b.date.v), std);
    if (s == DB_OK) s = (db_status)api_jurisdiction(center, &j);
    if (s != DB_OK) break;
    int item = subsidy_item_for_station((station_t)b.station);
    int grade = b.grade >= 0 ? b.grade : GRADE_PASS;
    subsidy_request rq = {item, grade, -1, 1, {{0}}, 0, &j.grade_pay};
    subsidy_quote q;
    subsidy_status st = subsidy_compute(std->ptrs, std->ntables, region, &rq, &q);
    if (st != SUBSIDY_OK) {
      free(std);
      reply_subsidy_error(rep, st, item);
      return;
    }
    if (!duty_band_pays_day(q.unit, api_calendar(), b.date.v)) {
      free(std);
      http_reply_error(rep, ERR_VALIDATION, "该值班补贴按工作日发放，所选日期为休息日或法定节假日",
                       json_pack("{s:s}", "date", "not a working day: the band is paid per working day"));
      return;
    }
    claim_new k = {0, 0, 0, 0, 0, item, date_year(b.date.v), grade, -1, 1, &q};
    s = store_duty_shift_create(p, b.lawyer_id.v, center, (station_t)b.station, b.date.v, &log,
                                &k, &json);
    if (s != DB_STALE || attempt >= 2) break; /* the lawyer moved centre: price it again */
  }
  free(std);
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
  if (!std || (s = store_standards_for(region, year, std)) != DB_OK) {
    free(std);
    free(items);
    return std ? (int)s : (int)DB_ERROR;
  }
  /* Each open stage (or case) at its band's minimum: a case paid once counts once, whatever
   * stages it recorded (the rows come by case). */
  int64_t open_min = 0;
  int open_stages = 0, unpriced = 0;
  for (int i = 0; i < n; i++) {
    if (i > 0 && items[i].case_id == items[i - 1].case_id &&
        !subsidy_per_stage(items[i].case_type))
      continue;
    int item = subsidy_item_for(items[i].case_type,
                                subsidy_per_stage(items[i].case_type) ? items[i].stage : -1);
    if (item < 0) {
      unpriced++;
      continue;
    }
    /* At the band's minimum whatever the jurisdiction pays a grade. */
    static const grade_pay minimum = {{{GP_MIN, 0}, {GP_MIN, 0}, {GP_MIN, 0}, {GP_MIN, 0}}};
    subsidy_request rq = {item, GRADE_PASS,
                          items[i].venue[0] ? region_scope(region, items[i].venue) : SCOPE_LOCAL,
                          1, {{0}}, 0, &minimum};
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
