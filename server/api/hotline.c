/* The 12348 hotline: log a call, find a caller's history, convert a call into an application,
 * the follow-up queue; consultations at the window and online. */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "domain/calendar.h"
#include "domain/idcard.h"
#include "domain/timestamp.h"
#include "eligibility.h"
#include "handlers.h"
#include "intake_parse.h"
#include "store/hotline.h"
#include "store/refdata.h"
#include "validate.h"

/* 12345 work orders: transferred within 1 working day, the caller hears back within 5. */
#define WORK_ORDER_TRANSFER_DAYS 1
#define WORK_ORDER_FEEDBACK_DAYS 5

typedef struct {
  jv_int center_id, duration_s;
  int kind, topic, outcome;
  jv_ts started_at;
  jv_str phone, region, summary;
  jv_bool follow_up;
  jv_tribool satisfied; /* not asked: unknown */
} call_body;

static const jv_field call_fields[] = {
    {"center_id", JV_INT, offsetof(call_body, center_id), false, 1, INT64_MAX, NULL, NULL, 0},
    {"kind", JV_ENUM, offsetof(call_body, kind), true, 0, 0, &ENUM_CALL_KIND, NULL, 0},
    {"started_at", JV_TIMESTAMP, offsetof(call_body, started_at), false, 0, 0, NULL, NULL, 0},
    {"duration_s", JV_INT, offsetof(call_body, duration_s), false, 0, 86400, NULL, NULL, 0},
    {"caller_phone", JV_STRING, offsetof(call_body, phone), false, 0, 20, NULL, jv_check_phone, 0},
    {"caller_region_code", JV_STRING, offsetof(call_body, region), false, 6, 6, NULL,
     jv_check_region_code, 0},
    {"topic", JV_ENUM, offsetof(call_body, topic), true, 0, 0, &ENUM_TOPIC, NULL, 0},
    {"summary", JV_STRING, offsetof(call_body, summary), false, 0, 4000, NULL, NULL, 0},
    {"outcome", JV_ENUM, offsetof(call_body, outcome), true, 0, 0, &ENUM_CALL_OUTCOME, NULL, 0},
    {"follow_up", JV_BOOL, offsetof(call_body, follow_up), false, 0, 0, NULL, NULL, 0},
    {"satisfied", JV_TRIBOOL, offsetof(call_body, satisfied), false},
};

void h_calls_create(http_request *req, http_reply *rep) {
  const principal *p = api_principal(req);
  idem_req ik;
  if (!api_idem_key(req, rep, "POST /hotline/calls", &ik)) return;
  json_t *root = jv_body(req, rep);
  if (!root) return;
  call_body b;
  memset(&b, 0, sizeof b);
  b.kind = b.topic = b.outcome = -1;
  json_t *errors = json_object();
  jv_parse(root, call_fields, JV_FIELD_COUNT(call_fields), &b, errors);
  if (b.outcome == OUTCOME_CONVERTED)
    json_object_set_new(errors, "outcome", json_string("use POST /hotline/calls/{id}/convert"));
  int64_t now = api_now();
  api_not_in_future(errors, "started_at", b.started_at.set, b.started_at.epoch_s);
  int64_t center = api_body_center(p, b.center_id.set, b.center_id.v, errors);
  if (api_body_refused(rep, errors, p, center, "不能为其他法律援助中心登记来电")) {
    json_decref(root);
    return;
  }
  if (b.region.s) {
    db_status s = store_region_exists(b.region.s);
    if (s != DB_OK) {
      json_decref(root);
      if (s == DB_NOT_FOUND)
        http_reply_field_error(rep, ERR_VALIDATION, "caller_region_code", "unknown region");
      else
        api_reply_db(rep, s);
      return;
    }
  }
  call_new k = {
      .center_id = center,
      .operator_id = p->user_id,
      .kind = b.kind,
      .topic = b.topic,
      .outcome = b.outcome,
      .started_at = b.started_at.set ? b.started_at.epoch_s : now,
      .duration_s = b.duration_s.set ? b.duration_s.v : 0,
      .caller_phone = b.phone.len ? b.phone.s : NULL,
      .caller_region_code = b.region.s,
      .summary = b.summary.s,
      .follow_up = b.follow_up.set && b.follow_up.v,
      .satisfied = b.satisfied,
  };
  if (b.outcome == OUTCOME_WORK_ORDER) {
    day_t d = ts_local_date(k.started_at);
    k.dues_set = true;
    k.transfer_due = deadline_due(d, WORK_ORDER_TRANSFER_DAYS, DEADLINE_WORKING_DAYS,
                                  api_calendar(), 0);
    k.feedback_due = deadline_due(d, WORK_ORDER_FEEDBACK_DAYS, DEADLINE_WORKING_DAYS,
                                  api_calendar(), 0);
    k.follow_up = true; /* the caller must hear back */
  }
  call_create_result res;
  db_status s = store_call_create(&k, &ik, &res);
  json_decref(root);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  api_reply_created(rep, res.idem, res.replay_status, res.json);
}

static void list_calls(http_request *req, http_reply *rep, bool queue) {
  static const char *const allowed[] = {"from",  "to",    "topic",  "outcome",   "operator_id",
                                        "kind",  "phone", "center_id", "follow_up", "limit",
                                        "cursor", NULL};
  call_filter f = {.topic = -1, .outcome = -1, .kind = -1, .follow_up_queue = queue};
  int64_t cursor;
  bool follow_up = false;
  if (!api_query_only(req, allowed, rep) || !api_query_page(req, &f.limit, &cursor, rep) ||
      !api_query_enum(req, "topic", &ENUM_TOPIC, &f.topic, rep) ||
      !api_query_enum(req, "outcome", &ENUM_CALL_OUTCOME, &f.outcome, rep) ||
      !api_query_enum(req, "kind", &ENUM_CALL_KIND, &f.kind, rep) ||
      !api_query_int(req, "operator_id", 1, INT64_MAX, &f.operator_id, NULL, rep) ||
      !api_query_int(req, "center_id", 1, INT64_MAX, &f.center_id, NULL, rep) ||
      !api_query_bool(req, "follow_up", &follow_up, rep) ||
      !api_query_date(req, "from", &f.from, &f.from_set, rep) ||
      !api_query_date(req, "to", &f.to, &f.to_set, rep))
    return;
  if (follow_up) f.follow_up_queue = true;
  f.before_id = cursor;
  f.phone = http_query(req, "phone");
  if (f.phone && !phone_valid(f.phone, strlen(f.phone))) {
    http_reply_field_error(rep, ERR_VALIDATION, "phone", "a full phone number");
    return;
  }
  if (f.phone && !api_pii_search(req, rep, "search_caller", f.phone)) return;
  char *json = NULL;
  db_status s = store_calls_list(api_principal(req), &f, &json);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  api_reply_json_text(rep, 200, json);
}

void h_calls_list(http_request *req, http_reply *rep) { list_calls(req, rep, false); }
void h_follow_ups(http_request *req, http_reply *rep) { list_calls(req, rep, true); }

void h_caller_lookup(http_request *req, http_reply *rep) {
  const char *phone = req->params[0];
  if (!phone_valid(phone, strlen(phone))) {
    http_reply_field_error(rep, ERR_VALIDATION, "phone", "a full phone number");
    return;
  }
  if (!api_pii_search(req, rep, "search_caller", phone)) return;
  char *json = NULL;
  db_status s = store_caller_lookup(api_principal(req), phone, &json);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  api_reply_json_text(rep, 200, json);
}

typedef struct {
  jv_str note;
  jv_tribool satisfied;
} handle_body;

static const jv_field handle_fields[] = {
    {"note", JV_STRING, offsetof(handle_body, note), true, 1, 2000, NULL, NULL, 0},
    {"satisfied", JV_TRIBOOL, offsetof(handle_body, satisfied), false},
};

void h_call_handle(http_request *req, http_reply *rep) {
  int64_t id;
  if (!api_path_id(req, 0, &id, rep)) return;
  json_t *root = jv_body(req, rep);
  if (!root) return;
  handle_body b = {{0}, JV_UNKNOWN};
  json_t *errors = json_object();
  jv_parse(root, handle_fields, JV_FIELD_COUNT(handle_fields), &b, errors);
  if (json_object_size(errors) > 0) {
    json_decref(root);
    http_reply_error(rep, ERR_VALIDATION, NULL, errors);
    return;
  }
  json_decref(errors);
  char *json = NULL;
  db_status s = store_call_handle(api_principal(req), id, b.note.s, b.satisfied, &json);
  json_decref(root);
  if (s == DB_CONFLICT)
    http_reply_error(rep, ERR_CONFLICT, "该来电不在回访队列中", NULL);
  else if (s != DB_OK)
    api_reply_db(rep, s);
  else
    api_reply_json_text(rep, 200, json);
}

void h_call_convert(http_request *req, http_reply *rep) {
  int64_t id, center;
  if (!api_path_id(req, 0, &id, rep)) return;
  const principal *p = api_principal(req);
  db_status s = store_call_center(p, id, &center);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  json_t *root = jv_body(req, rep);
  if (!root) return;
  /* The channel is implied, the centre is the call's. */
  const json_t *ch = json_object_get(root, "channel");
  if (ch && !json_is_null(ch) &&
      (!json_is_string(ch) || strcmp(json_string_value(ch), "hotline_12348") != 0)) {
    json_decref(root);
    http_reply_field_error(rep, ERR_VALIDATION, "channel", "a converted call is hotline_12348");
    return;
  }
  json_object_set_new(root, "channel", json_string("hotline_12348"));
  json_object_set_new(root, "center_id", json_integer(center));
  intake in;
  jurisdiction_rules j;
  if (!api_intake_prepare(req, rep, root, &in, &j, NULL)) {
    json_decref(root);
    return;
  }
  char *elig = eligibility_json_for(&in, &j);
  char *json = NULL;
  s = store_call_convert(p, id, &in, elig, &json);
  free(elig);
  json_decref(root);
  if (s == DB_CONFLICT)
    http_reply_error(rep, ERR_CONFLICT, "该来电已转为法律援助申请", NULL);
  else if (s != DB_OK)
    api_reply_db(rep, s);
  else
    api_reply_json_text(rep, 201, json);
}

typedef struct {
  jv_int center_id;
  int channel, topic;
  jv_ts at;
  jv_str summary;
  jv_bool satisfied;
} consultation_body;

static const jv_field consultation_fields[] = {
    {"center_id", JV_INT, offsetof(consultation_body, center_id), false, 1, INT64_MAX, NULL, NULL,
     0},
    {"channel", JV_ENUM, offsetof(consultation_body, channel), true, 0, 0, &ENUM_CONSULT_CHANNEL,
     NULL, 0},
    {"topic", JV_ENUM, offsetof(consultation_body, topic), true, 0, 0, &ENUM_TOPIC, NULL, 0},
    {"at", JV_TIMESTAMP, offsetof(consultation_body, at), false, 0, 0, NULL, NULL, 0},
    {"summary", JV_STRING, offsetof(consultation_body, summary), false, 0, 4000, NULL, NULL, 0},
    /* The person's rating (扫码评价 or asked at the end); absent or null: not rated. */
    {"satisfied", JV_BOOL, offsetof(consultation_body, satisfied), false, 0, 0, NULL, NULL, 0},
};

void h_consultation_create(http_request *req, http_reply *rep) {
  const principal *p = api_principal(req);
  json_t *root = jv_body(req, rep);
  if (!root) return;
  consultation_body b;
  memset(&b, 0, sizeof b);
  b.channel = b.topic = -1;
  json_t *errors = json_object();
  jv_parse(root, consultation_fields, JV_FIELD_COUNT(consultation_fields), &b, errors);
  int64_t center = api_body_center(p, b.center_id.set, b.center_id.v, errors);
  api_not_in_future(errors, "at", b.at.set, b.at.epoch_s);
  if (api_body_refused(rep, errors, p, center, NULL)) {
    json_decref(root);
    return;
  }
  consultation_new k = {center, p->user_id, b.channel, b.topic,
                        b.at.set ? b.at.epoch_s : api_now(), b.summary.s,
                        b.satisfied.set ? (int)b.satisfied.v : -1};
  char *json = NULL;
  db_status s = store_consultation_create(&k, &json);
  json_decref(root);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  api_reply_json_text(rep, 201, json);
}
