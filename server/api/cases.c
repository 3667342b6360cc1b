/* POST/GET /cases, GET /cases/{id}, GET /cases/{id}/events. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "eligibility.h"
#include "handlers.h"
#include "intake_parse.h"
#include "store/cases.h"
#include "store/refdata.h"
#include "validate.h"

bool api_intake_prepare(http_request *req, http_reply *rep, const json_t *root, intake *in,
                        jurisdiction_rules *j, json_t *absent) {
  const principal *p = api_principal(req);
  json_t *errors = json_object();
  if (!api_intake_read(root, p->center_id, in, errors, absent)) {
    if (!absent) {
      /* Every bad field at once: the domain's faults of what did parse beside the shapes'. */
      intake copy = *in;
      field_errors fe = {0};
      if (!intake_check(&copy, api_now(), &fe)) api_field_errors_to_json(&fe, errors);
    }
    http_reply_error(rep, ERR_VALIDATION, NULL, errors);
    return false;
  }
  if (!principal_sees_center(p, in->center_id)) {
    json_decref(errors);
    http_reply_error(rep, ERR_FORBIDDEN, "不能为其他法律援助中心登记案件", NULL);
    return false;
  }
  db_status s = (db_status)api_jurisdiction(in->center_id, j);
  if (s == DB_NOT_FOUND) {
    json_object_set_new(errors, "center_id", json_string("unknown centre"));
    http_reply_error(rep, ERR_VALIDATION, NULL, errors);
    return false;
  }
  if (s != DB_OK) {
    json_decref(errors);
    api_reply_db(rep, s);
    return false;
  }
  if (!api_intake_rules(root, in, j, api_calendar(), api_now(), errors, absent)) {
    http_reply_error(rep, ERR_VALIDATION, NULL, errors);
    return false;
  }
  json_decref(errors);
  if (in->venue_region_code) {
    s = store_region_exists(in->venue_region_code);
    if (s == DB_NOT_FOUND) {
      http_reply_field_error(rep, ERR_VALIDATION, "venue_region_code", "unknown region");
      return false;
    }
    if (s != DB_OK) {
      api_reply_db(rep, s);
      return false;
    }
  }
  return true;
}

void h_cases_create(http_request *req, http_reply *rep) {
  const principal *p = api_principal(req);
  idem_req k;
  if (!api_idem_key(req, rep, "POST /cases", &k)) return;
  json_t *root = jv_body(req, rep);
  if (!root) return;
  intake in;
  jurisdiction_rules j;
  if (!api_intake_prepare(req, rep, root, &in, &j, NULL)) {
    json_decref(root);
    return;
  }
  char *elig = eligibility_json_for(&in, &j);
  case_create_result res;
  db_status s = store_case_create(&in, elig, p, &k, &res);
  free(elig);
  json_decref(root);
  if (s == DB_REFUSED) {
    http_reply_field_error(rep, ERR_VALIDATION, "center_id", "unknown centre");
    return;
  }
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  api_reply_created(rep, res.idem, res.replay_status, res.json);
}

/* Supervisors work with figures: they see personal data masked. */
static bool case_read_full(const principal *p) { return p->role != ROLE_SUPERVISOR; }

static void reply_case(http_reply *rep, db_status s, char *json) {
  if (s != DB_OK)
    api_reply_db(rep, s);
  else
    api_reply_json_text(rep, 200, json);
}

static bool case_get_args(http_request *req, http_reply *rep, int64_t *id) {
  static const char *const allowed[] = {NULL};
  return api_path_id(req, 0, id, rep) && api_query_only(req, allowed, rep);
}

void h_case_get(http_request *req, http_reply *rep) {
  int64_t id;
  if (!case_get_args(req, rep, &id)) return;
  const principal *p = api_principal(req);
  char *json = NULL;
  db_status s = store_case_get(p, id, case_read_full(p), &json);
  reply_case(rep, s, json);
}

/* Reads of cases waiting together: one statement for those of the same scope (store). */
void h_case_get_batch(http_request **reqs, http_reply **reps, int n) {
  case_read reads[HTTP_BATCH_MAX];
  http_reply *going[HTTP_BATCH_MAX];
  int m = 0;
  for (int i = 0; i < n && i < HTTP_BATCH_MAX; i++) {
    int64_t id;
    if (!case_get_args(reqs[i], reps[i], &id)) continue;
    const principal *p = api_principal(reqs[i]);
    reads[m] = (case_read){.pr = p, .id = id, .full_pii = case_read_full(p)};
    going[m++] = reps[i];
  }
  store_case_get_many(reads, m);
  for (int i = 0; i < m; i++) reply_case(going[i], reads[i].status, reads[i].json);
}

void h_cases_list(http_request *req, http_reply *rep) {
  static const char *const allowed[] = {"status", "case_type", "channel", "center_id",
                                        "lawyer_id", "overdue", "due_within_days", "q", "from",
                                        "to", "limit", "cursor", "papers_owed",
                                        "organ_notice_owed", NULL};
  case_filter f = {.status = -1, .case_type = -1, .channel = -1, .due_within_days = -1};
  int64_t cursor, within = -1;
  if (!api_query_only(req, allowed, rep) || !api_query_page(req, &f.limit, &cursor, rep) ||
      !api_query_enum(req, "status", &ENUM_STATUS, &f.status, rep) ||
      !api_query_enum(req, "case_type", &ENUM_CASE_TYPE, &f.case_type, rep) ||
      !api_query_enum(req, "channel", &ENUM_CHANNEL, &f.channel, rep) ||
      !api_query_int(req, "center_id", 1, INT64_MAX, &f.center_id, NULL, rep) ||
      !api_query_int(req, "lawyer_id", 1, INT64_MAX, &f.lawyer_id, NULL, rep) ||
      !api_query_bool(req, "overdue", &f.overdue, rep) ||
      !api_query_bool(req, "papers_owed", &f.papers_owed, rep) ||
      !api_query_bool(req, "organ_notice_owed", &f.organ_notice_owed, rep) ||
      !api_query_date(req, "from", &f.from, &f.from_set, rep) ||
      !api_query_date(req, "to", &f.to, &f.to_set, rep) ||
      !api_query_int(req, "due_within_days", 0, 366, &within, NULL, rep))
    return;
  f.due_within_days = (int)within;
  f.before_id = cursor;
  f.q = http_query(req, "q");
  if (f.q && strlen(f.q) > 100) {
    http_reply_field_error(rep, ERR_VALIDATION, "q", "too long");
    return;
  }
  /* An 18-character q is a resident ID, 11 digits a phone (store_cases_list matches them in
   * full): only for the roles that see them so, and recorded. */
  if (f.q) {
    size_t ql = strlen(f.q);
    if (ql == 18 && !api_pii_search(req, rep, "search_id_number", f.q)) return;
    if (ql == 11 && strspn(f.q, "0123456789") == 11 &&
        !api_pii_search(req, rep, "search_phone", f.q))
      return;
  }
  char *json = NULL;
  db_status s = store_cases_list(api_principal(req), &f, &json);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  api_reply_json_text(rep, 200, json);
}

void h_case_events(http_request *req, http_reply *rep) {
  int64_t id;
  if (!api_path_id(req, 0, &id, rep)) return;
  char *json = NULL;
  db_status s = store_case_events(api_principal(req), id, &json);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  api_reply_json_text(rep, 200, json);
}
