/* The reviewer's and the lawyer's day: eligibility, decisions, deadlines, assignment, the
 * lifecycle to closure, and every forbidden transition (409) and wrong role (403). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static char *admin, *clerk, *reviewer, *sup, *clerk2, *bureau;
static char *expert, *novice, *grassroots;
static long expert_id, novice_id, other_center_lawyer_id, grassroots_id;
static int seq = 100;

/* Records a case for centre 1; extra is spliced into the body. Returns the case JSON. */
static json_t *intake(const char *token, const char *case_fields, const char *applicant_extra) {
  char id[19];
  make_id(id, "211104", "19800101", (seq % 2) ? 'M' : 'F', seq);
  seq += 2;
  resp *r = http_postf("/api/v1/cases", token,
                       "{\"center_id\":1,\"channel\":\"window\",%s,"
                       "\"applicant\":{\"name\":\"申请人%d\",\"id_number\":\"%s\"%s}}",
                       case_fields, seq, id, applicant_extra ? applicant_extra : "");
  ck_assert_msg(r->status == 201, "intake: %ld %s", r->status, r->body);
  json_t *j = json_incref(r->json);
  resp_free(r);
  return j;
}

/* Asserts the status and returns the new version. For 200, `what` is the status the case is
 * in after; for a refusal, the rule that refused, so that the test knows which did: the
 * error.reason key of a rule of the lifecycle ("already_graded"), ".field" for a field the
 * request got wrong, "route" for a role the route table refuses; NULL for 404. */
static int expect(resp *r, long want, const char *what) {
  ck_assert_msg(r->status == want, "want %ld got %ld: %s", want, r->status, r->body);
  int v = 0;
  if (want == 200) {
    if (what) ck_assert_str_eq(jstr(r->json, "status"), what);
    v = (int)jint(r->json, "version");
  } else if (want == 404) {
    ck_assert_ptr_null(what);
  } else {
    ck_assert_msg(what != NULL, "which rule refused? %s", r->body);
    const char *reason = jstr(r->json, "error.reason");
    if (what[0] == '.')
      ck_assert_msg(err_has_field(r, what + 1), "want field %s: %s", what + 1, r->body);
    else if (strcmp(what, "route") == 0)
      ck_assert_msg(strcmp(err_code(r), "forbidden") == 0 && !reason, "want the route's 403: %s",
                    r->body);
    else
      ck_assert_msg(reason && strcmp(reason, what) == 0, "want reason %s: %s", what, r->body);
  }
  resp_free(r);
  return v;
}

static const char *CRIMINAL_LIFE =
    "\"case_type\":\"criminal_defense\",\"stage\":\"trial\","
    "\"criminal_grounds\":[\"life_or_death_penalty\"],\"opposing_party\":\"某检察院\","
    "\"venue_region_code\":\"211104\",\"received_at\":\"2025-01-05T09:00:00+08:00\"";

START_TEST(whole_lifecycle) {
  json_t *c = intake(clerk, CRIMINAL_LIFE, NULL);
  long id = jint(c, "id");
  int v = (int)jint(c, "version");
  ck_assert(json_is_true(jget(c, "eligibility.eligible")));
  ck_assert(json_is_true(jget(c, "eligibility.mandatory")));
  json_decref(c);
  /* Stale version: 409, nothing changes. */
  expect(case_act(reviewer, id, "decision", "{\"decision\":\"approve\",\"version\":%d}", v + 5), 409, "stale_version");
  /* Wrong role. */
  expect(case_act(clerk, id, "decision", "{\"decision\":\"approve\",\"version\":%d}", v), 403, "route");
  v = expect(case_act(reviewer, id, "decision", "{\"decision\":\"approve\",\"reason\":\"符合条件\",\"version\":%d}", v),
             200, "approved");
  /* Approving twice: 409. */
  expect(case_act(reviewer, id, "decision", "{\"decision\":\"approve\",\"version\":%d}", v), 409, "status_not_allowed");

  /* Suggestions: the novice is refused under Art. 26 and ranks below the expert. */
  char path[128];
  snprintf(path, sizeof path, "/api/v1/cases/%ld/lawyer-suggestions", id);
  resp *r = http_get(path, reviewer);
  ck_status(r, 200);
  json_t *items = json_object_get(r->json, "items");
  ck_assert_int_ge(json_array_size(items), 2);
  json_t *first = json_array_get(items, 0);
  ck_assert_int_eq(jint(first, "lawyer_id"), expert_id);
  ck_assert(json_is_true(json_object_get(first, "assignable")));
  ck_assert_int_gt(json_array_size(json_object_get(first, "reasons")), 0);
  size_t i;
  json_t *it;
  json_array_foreach(items, i, it) {
    if (jint(it, "lawyer_id") == novice_id) {
      ck_assert(json_is_false(json_object_get(it, "assignable")));
      ck_assert_ptr_nonnull(strstr(jstr(it, "refusal"), "第二十六条"));
    }
  }
  resp_free(r);

  /* Assignment refusals, each 422 naming the reason. */
  r = case_act(reviewer, id, "assignment", "{\"lawyer_id\":%ld,\"version\":%d}", novice_id, v);
  ck_status(r, 422);
  ck_assert(err_has_field(r, "lawyer_id"));
  ck_assert_str_eq(jstr(r->json, "error.fields.lawyer_id"), "not_qualified");
  resp_free(r);
  r = case_act(reviewer, id, "assignment", "{\"lawyer_id\":%ld,\"version\":%d}", other_center_lawyer_id, v);
  ck_status(r, 422);
  ck_assert_str_eq(jstr(r->json, "error.fields.lawyer_id"), "other_center");
  resp_free(r);
  r = case_act(reviewer, id, "assignment", "{\"lawyer_id\":%ld,\"version\":%d}", grassroots_id, v);
  ck_status(r, 422);
  ck_assert_str_eq(jstr(r->json, "error.fields.lawyer_id"), "not_a_lawyer");
  resp_free(r);
  r = case_act(reviewer, id, "assignment", "{\"lawyer_id\":999999,\"version\":%d}", v);
  ck_status(r, 422);
  ck_assert_str_eq(jstr(r->json, "error.reason"), "unknown_lawyer");
  resp_free(r);

  v = expect(case_act(reviewer, id, "assignment", "{\"lawyer_id\":%ld,\"version\":%d}", expert_id, v), 200,
             "assigned");
  /* The lawyer declines with a reason: back to approved. */
  expect(case_act(expert, id, "decline", "{\"version\":%d}", v), 422, ".reason");
  v = expect(case_act(expert, id, "decline", "{\"reason\":\"时间冲突\",\"version\":%d}", v), 200, "approved");
  r = case_act(reviewer, id, "assignment", "{\"lawyer_id\":%ld,\"version\":%d}", expert_id, v);
  ck_status(r, 200);
  /* The case names its lawyer's firm and licence (the assignment notice prints them). */
  ck_assert_int_eq(jint(r->json, "lawyer.id"), expert_id);
  ck_assert_str_eq(jstr(r->json, "lawyer.firm"), "辽宁某律所");
  ck_assert_str_eq(jstr(r->json, "lawyer.license_no"), "21110200812345678");
  v = (int)jint(r->json, "version");
  resp_free(r);
  /* The audit trail keeps the lawyer's name as it was when assigned. */
  char *named = sql_value("SELECT count(*) FROM case_events WHERE action = 'assign'"
                          " AND detail->>'lawyer_name' = 'lc_expert'");
  ck_assert_str_ne(named, "0");
  free(named);
  /* Another lawyer does not even see it. */
  expect(case_act(novice, id, "accept", "{\"version\":%d}", v), 404, NULL);
  v = expect(case_act(expert, id, "accept", "{\"version\":%d,\"comment\":\"已会见\"}", v), 200,
             "in_progress");
  char q[160];
  snprintf(q, sizeof q, "SELECT detail->>'comment' FROM case_events WHERE case_id = %ld"
           " AND action = 'accept'", id);
  char *kept = sql_value(q);
  ck_assert_str_eq(kept, "已会见");
  free(kept);
  /* Stages: one that fits, one that does not. */
  r = case_act(expert, id, "stages",
          "{\"stage\":\"trial\",\"venue_region_code\":\"211104\",\"started_on\":\"%s\"}", "2025-01-10");
  ck_status(r, 200);
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "stages")), 1);
  v = (int)jint(r->json, "version");
  resp_free(r);
  expect(case_act(expert, id, "stages", "{\"stage\":\"first_instance\",\"started_on\":\"2025-01-10\"}"), 422, "stage_not_for_case_type");
  expect(case_act(expert, id, "stages", "{\"stage\":\"trial\",\"started_on\":\"2099-01-10\"}"), 422, ".started_on");
  expect(case_act(expert, id, "stages",
             "{\"stage\":\"trial\",\"started_on\":\"2025-02-10\",\"ended_on\":\"2025-01-10\"}"), 422, ".ended_on");
  /* Closure, then nothing of the lawyer's any more. */
  expect(case_act(expert, id, "closure", "{\"outcome\":\"改判\",\"closed_on\":\"2025-02-01\"}"), 422, ".version");
  v = expect(case_act(expert, id, "closure",
                 "{\"outcome\":\"判处有期徒刑十五年\",\"recovered_fen\":0,\"closed_on\":\"2025-02-01\",\"version\":%d}", v),
             200, "closed");
  expect(case_act(expert, id, "stages", "{\"stage\":\"trial\",\"started_on\":\"2025-01-10\"}"), 409, "status_not_allowed");
  expect(case_act(expert, id, "closure", "{\"outcome\":\"x\",\"closed_on\":\"2025-02-01\",\"version\":%d}", v), 409, "status_not_allowed");
  /* Grade once. */
  expect(case_act(reviewer, id, "grade", "{\"grade\":\"superb\",\"version\":%d}", v), 422, ".grade");
  v = expect(case_act(reviewer, id, "grade", "{\"grade\":\"excellent\",\"version\":%d}", v), 200, "closed");
  expect(case_act(reviewer, id, "grade", "{\"grade\":\"good\",\"version\":%d}", v), 409, "already_graded");
  /* The follow-up call, once. */
  r = case_act(clerk, id, "satisfaction", "{\"satisfied\":true,\"comment\":\"律师很负责\"}");
  ck_status(r, 200);
  ck_assert(json_is_true(jget(r->json, "satisfaction.satisfied")));
  resp_free(r);
  expect(case_act(clerk, id, "satisfaction", "{\"satisfied\":false}"), 409, "satisfaction_already_recorded");
  /* Forbidden from closed. */
  expect(case_act(reviewer, id, "termination", "{\"ground\":\"case_ended\",\"reason\":\"x\",\"version\":%d}", v + 1), 409, "status_not_allowed");
  expect(case_act(reviewer, id, "decision", "{\"decision\":\"reject\",\"reason\":\"x\",\"version\":%d}", v + 1), 409, "status_not_allowed");

  /* The audit trail holds every step, in order. */
  snprintf(path, sizeof path, "/api/v1/cases/%ld/events", id);
  r = http_get(path, reviewer);
  ck_status(r, 200);
  static const char *actions[] = {"intake", "approve", "assign", "decline", "assign", "accept",
                                  "stage", "close", "grade", "satisfaction"};
  items = json_object_get(r->json, "items");
  ck_assert_int_eq(json_array_size(items), 10);
  for (size_t k = 0; k < 10; k++)
    ck_assert_str_eq(jstr(json_array_get(items, k), "action"), actions[k]);
  ck_assert_str_eq(jstr(json_array_get(items, 1), "from_status"), "submitted");
  ck_assert_str_eq(jstr(json_array_get(items, 1), "to_status"), "approved");
  resp_free(r);
  /* The lawyer's history. */
  snprintf(q, sizeof q, "SELECT count(*) FROM case_assignments WHERE case_id = %ld", id);
  char *n = sql_value(q);
  ck_assert_str_eq(n, "2");
  free(n);
}
END_TEST

START_TEST(materials_pause_the_clock) {
  json_t *c = intake(clerk,
                     "\"case_type\":\"civil\",\"matter\":\"support_payment\",\"opposing_party\":\"某某\","
                     "\"received_at\":\"2026-01-05T09:00:00+08:00\"",
                     NULL);
  long id = jint(c, "id");
  int v = (int)jint(c, "version");
  ck_assert_str_eq(jstr(c, "decision_due"), "2026-01-12");
  json_decref(c);
  expect(case_act(reviewer, id, "decision", "{\"decision\":\"request_materials\",\"version\":%d}", v), 422, ".reason");
  v = expect(case_act(reviewer, id, "decision",
                 "{\"decision\":\"request_materials\",\"reason\":\"请补充收入证明\",\"version\":%d}", v),
             200, "materials_requested");
  /* Papers were asked for two days after the application (01-07) and arrive today: the days
   * (01-07, today] do not count where they fall (issue 12 point 6), so 5 of the 7 days remain
   * after today (the last moved past a weekend or holiday). */
  char q[300];
  snprintf(q, sizeof q,
           "UPDATE cases SET materials_requested_at = '2026-01-07T10:00:00+08:00' WHERE id = %ld",
           id);
  free(sql_value(q));
  expect(case_act(clerk, id, "materials", "{\"version\":%d}", v + 7), 409, "stale_version");
  resp *r = case_act(clerk, id, "materials", "{\"version\":%d,\"comment\":\"收入证明已交\"}", v);
  ck_status(r, 200);
  ck_assert_str_eq(jstr(r->json, "status"), "submitted");
  snprintf(q, sizeof q,
           "SELECT (paused_days = (now() AT TIME ZONE 'Asia/Shanghai')::date - date '2026-01-07')"
           " AND decision_due BETWEEN (now() AT TIME ZONE 'Asia/Shanghai')::date + 5"
           " AND (now() AT TIME ZONE 'Asia/Shanghai')::date + 12 FROM cases WHERE id = %ld", id);
  char *ok = sql_value(q);
  ck_assert_msg(strcmp(ok, "t") == 0, "paused %lld, due %s", (long long)jint(r->json, "paused_days"),
                jstr(r->json, "decision_due"));
  free(ok);
  v = (int)jint(r->json, "version");
  resp_free(r);
  /* The clerk's comment is kept in the audit trail. */
  snprintf(q, sizeof q, "SELECT detail->>'comment' FROM case_events WHERE case_id = %ld"
           " AND action = 'materials_received'", id);
  char *kept = sql_value(q);
  ck_assert_str_eq(kept, "收入证明已交");
  free(kept);
  /* Papers are asked for once only. */
  expect(case_act(reviewer, id, "decision",
             "{\"decision\":\"request_materials\",\"reason\":\"再补\",\"version\":%d}", v), 409, "materials_already_requested");
  /* Materials when none were asked for: 409. */
  expect(case_act(clerk, id, "materials", "{\"version\":%d}", v), 409, "status_not_allowed");
}
END_TEST

START_TEST(reject_objection_upheld) {
  /* A petition for retrial none has ordered is outside the law (Art. 33). */
  json_t *c = intake(clerk, "\"case_type\":\"civil\",\"matter\":\"retrial_petition\",\"opposing_party\":\"邻居\"", NULL);
  long id = jint(c, "id");
  int v = (int)jint(c, "version");
  ck_assert(json_is_false(jget(c, "eligibility.eligible")));
  json_decref(c);
  expect(case_act(reviewer, id, "decision", "{\"decision\":\"reject\",\"version\":%d}", v), 422, ".reason");
  v = expect(case_act(reviewer, id, "decision",
                 "{\"decision\":\"reject\",\"reason\":\"不属于法律援助事项范围\",\"version\":%d}", v),
             200, "rejected");
  expect(case_act(bureau, id, "objection/decision", "{\"upheld\":true,\"reason\":\"x\",\"version\":%d}", v), 409, "no_pending_objection");
  resp *r = case_act(clerk, id, "objection", "{\"reason\":\"我认为符合条件\",\"version\":%d}", v);
  ck_status(r, 200);
  ck_assert_ptr_nonnull(jstr(r->json, "objection.due"));
  v = (int)jint(r->json, "version");
  resp_free(r);
  expect(case_act(clerk, id, "objection", "{\"reason\":\"再次\",\"version\":%d}", v), 409, "objection_already_filed");
  expect(case_act(clerk, id, "objection/decision", "{\"upheld\":true,\"reason\":\"x\",\"version\":%d}", v), 403, "route");
  /* The judicial bureau alone decides (issue 12 point 12): not the centre's reviewer. */
  expect(case_act(reviewer, id, "objection/decision", "{\"upheld\":true,\"reason\":\"x\",\"version\":%d}", v), 403, "route");
  v = expect(case_act(bureau, id, "objection/decision",
                 "{\"upheld\":true,\"reason\":\"司法局决定给予援助\",\"version\":%d}", v),
             200, "approved");
}
END_TEST

START_TEST(termination_and_urgent_aid) {
  json_t *c = intake(clerk, "\"case_type\":\"plea_help\"", NULL);
  long id = jint(c, "id");
  int v = (int)jint(c, "version");
  json_decref(c);
  expect(case_act(reviewer, id, "termination", "{\"ground\":\"own_lawyer\",\"reason\":\"x\",\"version\":%d}", v), 409, "status_not_allowed");
  resp *r = case_act(reviewer, id, "urgent-aid", "{\"reason\":\"开庭在即\",\"version\":%d}", v);
  ck_status(r, 200);
  ck_assert_str_eq(jstr(r->json, "status"), "approved");
  ck_assert(json_is_true(json_object_get(r->json, "urgent")));
  ck_assert_ptr_nonnull(jstr(r->json, "assignment_due"));
  v = (int)jint(r->json, "version");
  resp_free(r);
  expect(case_act(reviewer, id, "termination", "{\"ground\":\"rich\",\"reason\":\"x\",\"version\":%d}", v), 422, ".ground");
  expect(case_act(reviewer, id, "termination", "{\"ground\":\"own_lawyer\",\"version\":%d}", v), 422, ".reason");
  r = case_act(reviewer, id, "termination",
          "{\"ground\":\"own_lawyer\",\"reason\":\"受援人自行委托律师\",\"version\":%d}", v);
  ck_status(r, 200);
  ck_assert_str_eq(jstr(r->json, "status"), "terminated");
  ck_assert_str_eq(jstr(r->json, "termination.ground"), "own_lawyer");
  resp_free(r);
}
END_TEST

START_TEST(replacement_of_the_lawyer) {
  json_t *c = intake(clerk, "\"case_type\":\"criminal_defense\",\"stage\":\"prosecution\"", NULL);
  long id = jint(c, "id");
  int v = (int)jint(c, "version");
  json_decref(c);
  v = expect(case_act(reviewer, id, "urgent-aid", "{\"reason\":\"羁押期限\",\"version\":%d}", v), 200, "approved");
  v = expect(case_act(reviewer, id, "assignment", "{\"lawyer_id\":%ld,\"version\":%d}", novice_id, v), 200, "assigned");
  v = expect(case_act(novice, id, "accept", "{\"version\":%d}", v), 200, "in_progress");
  /* Assigning again without a request: 409. */
  expect(case_act(reviewer, id, "assignment", "{\"lawyer_id\":%ld,\"version\":%d}", expert_id, v), 409, "status_not_allowed");
  v = expect(case_act(clerk, id, "replacement-request", "{\"reason\":\"受援人要求更换律师\",\"version\":%d}", v),
             200, "in_progress");
  v = expect(case_act(reviewer, id, "assignment", "{\"lawyer_id\":%ld,\"version\":%d}", expert_id, v), 200, "assigned");
  char path[64];
  snprintf(path, sizeof path, "/api/v1/cases/%ld", id);
  resp *r = http_get(path, novice);
  ck_status(r, 404); /* the old lawyer no longer sees it */
  resp_free(r);
  r = http_get(path, expert);
  ck_status(r, 200);
  ck_assert(json_is_null(json_object_get(r->json, "replacement_request")));
  resp_free(r);
}
END_TEST

START_TEST(conflict_of_interest) {
  /* The expert once acted for 冲突某 ... */
  char id_a[19];
  make_id(id_a, "211104", "19700505", 'M', 555);
  resp *r = http_postf("/api/v1/cases", clerk,
                       "{\"channel\":\"window\",\"case_type\":\"plea_help\","
                       "\"applicant\":{\"name\":\"冲突某\",\"id_number\":\"%s\"}}", id_a);
  ck_status(r, 201);
  long a = jint(r->json, "id");
  int v = (int)jint(r->json, "version");
  resp_free(r);
  v = expect(case_act(reviewer, a, "decision", "{\"decision\":\"approve\",\"version\":%d}", v), 200, "approved");
  expect(case_act(reviewer, a, "assignment", "{\"lawyer_id\":%ld,\"version\":%d}", expert_id, v), 200, "assigned");
  /* ... who is now the opposing party of another case. */
  char body_extra[256];
  snprintf(body_extra, sizeof body_extra,
           "\"case_type\":\"civil\",\"matter\":\"personal_injury\",\"opposing_party\":\"冲突某\","
           "\"opposing_party_id_number\":\"%s\"", id_a);
  json_t *c = intake(clerk, body_extra, ",\"household_size\":1,\"household_monthly_income_fen\":1000");
  long b = jint(c, "id");
  v = (int)jint(c, "version");
  json_decref(c);
  v = expect(case_act(reviewer, b, "decision", "{\"decision\":\"approve\",\"version\":%d}", v), 200, "approved");
  r = case_act(reviewer, b, "assignment", "{\"lawyer_id\":%ld,\"version\":%d}", expert_id, v);
  ck_status(r, 422);
  ck_assert_str_eq(jstr(r->json, "error.fields.lawyer_id"), "conflict_of_interest");
  resp_free(r);
  /* A declared private client counts too. */
  char path[64];
  snprintf(path, sizeof path, "/api/v1/lawyers/%ld", novice_id);
  r = http("PATCH", path, admin, "{\"clients\":[{\"name\":\"私人客户甲\"}]}", NULL);
  ck_status(r, 200);
  resp_free(r);
  c = intake(clerk, "\"case_type\":\"civil\",\"matter\":\"personal_injury\",\"opposing_party\":\"私人客户甲\"",
             ",\"household_size\":1,\"household_monthly_income_fen\":1000");
  long d = jint(c, "id");
  v = (int)jint(c, "version");
  json_decref(c);
  v = expect(case_act(reviewer, d, "decision", "{\"decision\":\"approve\",\"version\":%d}", v), 200, "approved");
  r = case_act(reviewer, d, "assignment", "{\"lawyer_id\":%ld,\"version\":%d}", novice_id, v);
  ck_status(r, 422);
  ck_assert_str_eq(jstr(r->json, "error.fields.lawyer_id"), "conflict_of_interest");
  resp_free(r);
}
END_TEST

static bool json_has_string(const json_t *arr, const char *want) {
  size_t i;
  json_t *v;
  json_array_foreach(arr, i, v) if (json_is_string(v) && strcmp(json_string_value(v), want) == 0) return true;
  return false;
}

START_TEST(eligibility_check_update_override) {
  /* A migrant worker claiming wages: exempt from the means test (Art. 42). */
  char id[19];
  make_id(id, "211104", "19900101", 'M', 701);
  resp *r = http_postf("/api/v1/eligibility/check", clerk,
                       "{\"channel\":\"window\",\"case_type\":\"labor_arbitration\","
                       "\"matter\":\"labour_remuneration\",\"opposing_party\":\"某公司\","
                       "\"applicant\":{\"name\":\"农民工\",\"id_number\":\"%s\","
                       "\"groups\":[\"migrant_worker\"]}}", id);
  ck_status(r, 200);
  ck_assert(json_is_true(json_object_get(r->json, "eligible")));
  ck_assert_str_eq(jstr(r->json, "means_test"), "exempt");
  bool found = false;
  size_t i;
  json_t *rule;
  json_array_foreach(json_object_get(r->json, "rules"), i, rule) {
    if (strcmp(jstr(rule, "id"), "art42_migrant_worker") == 0) {
      found = true;
      ck_assert_str_eq(jstr(rule, "article"), "第四十二条");
      ck_assert_uint_gt(strlen(jstr(rule, "text")), 6);
    }
  }
  ck_assert(found);
  resp_free(r);
  char *n = sql_value("SELECT count(*) FROM cases WHERE applicant_name = '农民工'");
  ck_assert_str_eq(n, "0"); /* stores nothing */
  free(n);
  /* A form still being filled in: what is not there yet is missing, not an error. */
  r = http_postf("/api/v1/eligibility/check", clerk, "{\"channel\":\"window\"}");
  ck_status(r, 200);
  ck_assert(json_is_null(json_object_get(r->json, "eligible")));
  ck_assert(json_has_string(json_object_get(r->json, "missing"), "case_type"));
  ck_assert(json_has_string(json_object_get(r->json, "missing"), "applicant.id_number"));
  ck_assert(json_has_string(json_object_get(r->json, "missing"), "applicant.name"));
  resp_free(r);
  r = http_postf("/api/v1/eligibility/check", clerk,
                 "{\"channel\":\"window\",\"case_type\":\"criminal_defense\","
                 "\"applicant\":{\"name\":\"甲\",\"id_number\":\"%s\"}}", id);
  ck_status(r, 200);
  ck_assert(json_has_string(json_object_get(r->json, "missing"), "stage"));
  resp_free(r);
  /* What is there must be well formed: a bad resident ID or enumeration is refused. */
  r = http_postf("/api/v1/eligibility/check", clerk,
                 "{\"channel\":\"window\",\"applicant\":{\"id_number\":\"123\"}}");
  ck_status(r, 422);
  ck_assert(err_has_field(r, "applicant.id_number"));
  resp_free(r);
  r = http_postf("/api/v1/eligibility/check", clerk, "{\"channel\":\"carrier_pigeon\"}");
  ck_status(r, 422);
  ck_assert(err_has_field(r, "channel"));
  resp_free(r);

  /* Undetermined until the income arrives; then recomputed on the case. */
  json_t *c = intake(clerk, "\"case_type\":\"civil\",\"matter\":\"support_payment\",\"opposing_party\":\"前夫\"", NULL);
  long cid = jint(c, "id");
  int v = (int)jint(c, "version");
  ck_assert(json_is_null(jget(c, "eligibility.eligible")));
  ck_assert_int_ge(json_array_size(jget(c, "eligibility.missing")), 2);
  json_decref(c);
  char path[64];
  snprintf(path, sizeof path, "/api/v1/cases/%ld", cid);
  char body[256];
  snprintf(body, sizeof body,
           "{\"applicant\":{\"household_size\":2,\"household_monthly_income_fen\":500000},\"version\":%d}", v);
  r = http("PATCH", path, clerk, body, NULL);
  ck_status(r, 200);
  ck_assert(json_is_false(jget(r->json, "eligibility.eligible"))); /* 2500 a head > 1910 */
  ck_assert_int_eq(jint(r->json, "applicant.household_size"), 2);
  v = (int)jint(r->json, "version");
  resp_free(r);
  snprintf(body, sizeof body, "{\"applicant\":{\"household_monthly_income_fen\":300000},\"version\":%d}", v);
  r = http("PATCH", path, clerk, body, NULL);
  ck_status(r, 200);
  ck_assert(json_is_true(jget(r->json, "eligibility.eligible"))); /* 1500 a head */
  v = (int)jint(r->json, "version");
  resp_free(r);
  r = http("PATCH", path, clerk, "{\"applicant\":{\"household_size\":0}}", NULL);
  ck_status(r, 422);
  resp_free(r);
  /* Override: only with a reason, kept in the trail. */
  expect(case_act(reviewer, cid, "eligibility-override", "{\"eligible\":false,\"version\":%d}", v), 422, ".reason");
  expect(case_act(clerk, cid, "eligibility-override", "{\"eligible\":false,\"reason\":\"x\",\"version\":%d}", v), 403, "route");
  r = case_act(reviewer, cid, "eligibility-override",
          "{\"eligible\":false,\"reason\":\"申请人隐瞒房产收入\",\"version\":%d}", v);
  ck_status(r, 200);
  ck_assert(json_is_false(jget(r->json, "eligibility_override.eligible")));
  ck_assert_str_eq(jstr(r->json, "eligibility_override.reason"), "申请人隐瞒房产收入");
  resp_free(r);
  char q[160];
  snprintf(q, sizeof q,
           "SELECT detail->>'reason' FROM case_events WHERE case_id = %ld AND action = 'eligibility_override'", cid);
  n = sql_value(q);
  ck_assert_str_eq(n, "申请人隐瞒房产收入");
  free(n);
}
END_TEST

START_TEST(thresholds_by_jurisdiction) {
  /* Liaoning's provincial default applies to centre 1 until a county figure exists. */
  resp *r = http_get("/api/v1/hardship-thresholds", clerk);
  ck_status(r, 200);
  ck_assert_int_ge(json_array_size(json_object_get(r->json, "items")), 3);
  resp_free(r);
  json_t *c = intake(clerk, "\"case_type\":\"civil\",\"matter\":\"support_payment\",\"opposing_party\":\"x\"",
                     ",\"household_size\":1,\"household_monthly_income_fen\":150000");
  ck_assert(json_is_true(jget(c, "eligibility.eligible")));
  ck_assert_str_eq(jstr(c, "eligibility.threshold.region_code"), "210000");
  json_decref(c);
  r = http("PUT", "/api/v1/hardship-thresholds/211104", clerk, "{\"monthly_income_fen\":100000}", NULL);
  ck_status(r, 403);
  resp_free(r);
  r = http("PUT", "/api/v1/hardship-thresholds/211104", admin, "{\"monthly_income_fen\":-5}", NULL);
  ck_status(r, 422);
  resp_free(r);
  r = http("PUT", "/api/v1/hardship-thresholds/999999", admin, "{\"monthly_income_fen\":100000}", NULL);
  ck_status(r, 422);
  resp_free(r);
  r = http("PUT", "/api/v1/hardship-thresholds/211104", admin,
           "{\"monthly_income_fen\":100000,\"source\":\"大洼区标准\"}", NULL);
  ck_status(r, 200);
  resp_free(r);
  /* The county's own figure now wins: 1500 a head is above 1000. */
  c = intake(clerk, "\"case_type\":\"civil\",\"matter\":\"support_payment\",\"opposing_party\":\"x\"",
             ",\"household_size\":1,\"household_monthly_income_fen\":150000");
  ck_assert(json_is_false(jget(c, "eligibility.eligible")));
  ck_assert_str_eq(jstr(c, "eligibility.threshold.region_code"), "211104");
  json_decref(c);
  free(sql_value("DELETE FROM hardship_thresholds WHERE region_code = '211104'"));
}
END_TEST

START_TEST(working_day_deadlines_and_worklists) {
  /* Zhuzhou (430200) counts working days: 芦淞区 (430203, centre 5) inherits it. */
  resp *r = http("PUT", "/api/v1/jurisdiction-settings/430200", admin,
                 "{\"deadline_mode\":\"working_days\"}", NULL);
  ck_status(r, 200);
  resp_free(r);
  char *clerk5 = user_token(admin, "clerk_lusong", "clerk", 5);
  char id[19];
  make_id(id, "430203", "19800101", 'M', 801);
  r = http_postf("/api/v1/cases", clerk5,
                 "{\"channel\":\"window\",\"received_at\":\"2024-09-30T10:00:00+08:00\","
                 "\"case_type\":\"plea_help\",\"applicant\":{\"name\":\"工作日\",\"id_number\":\"%s\"}}", id);
  ck_status(r, 201);
  ck_assert_str_eq(jstr(r->json, "decision_due"), "2024-10-15"); /* over the National Day */
  ck_assert_str_eq(jstr(r->json, "deadline_mode"), "working_days");
  ck_assert(json_is_true(json_object_get(r->json, "overdue")));
  resp_free(r);
  /* Centre 1 stays on calendar days. */
  json_t *c = intake(clerk, "\"case_type\":\"plea_help\",\"received_at\":\"2024-09-30T10:00:00+08:00\"", NULL);
  /* 10-07 is the National Day break's last day: the period ends on 10-08 (issue 12). */
  ck_assert_str_eq(jstr(c, "decision_due"), "2024-10-08");
  json_decref(c);
  /* Worklists: overdue, and due within N days. */
  r = http_get("/api/v1/cases?overdue=true", clerk5);
  ck_status(r, 200);
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 1);
  resp_free(r);
  make_id(id, "430203", "19800101", 'M', 803);
  r = http_postf("/api/v1/cases", clerk5,
                 "{\"channel\":\"window\",\"case_type\":\"plea_help\","
                 "\"applicant\":{\"name\":\"今天\",\"id_number\":\"%s\"}}", id);
  ck_status(r, 201);
  resp_free(r);
  r = http_get("/api/v1/cases?due_within_days=30", clerk5);
  ck_status(r, 200);
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 1);
  ck_assert_str_eq(jstr(json_array_get(json_object_get(r->json, "items"), 0), "applicant.name"), "今天");
  resp_free(r);
  r = http_get("/api/v1/cases?due_within_days=-1", clerk5);
  ck_status(r, 422);
  resp_free(r);
  r = http("PUT", "/api/v1/jurisdiction-settings/430200", admin, "{\"deadline_mode\":\"lunar\"}", NULL);
  ck_status(r, 422);
  resp_free(r);
  free(clerk5);
}
END_TEST

START_TEST(duplicates_flagged) {
  char id[19];
  make_id(id, "211104", "19750101", 'F', 901);
#define DUP_BODY                                                  \
  "{\"channel\":\"window\",\"case_type\":\"plea_help\","            \
  "\"applicant\":{\"name\":\"重复\",\"id_number\":\"%s\"}}"
  resp *a = http_postf("/api/v1/cases", clerk, DUP_BODY, id);
  resp *b = http_postf("/api/v1/cases", clerk, DUP_BODY, id);
  ck_status(a, 201);
  ck_status(b, 201);
  ck_assert_int_eq(json_array_size(json_object_get(a->json, "duplicate_of")), 0);
  json_t *dup = json_object_get(b->json, "duplicate_of");
  ck_assert_int_eq(json_array_size(dup), 1);
  ck_assert_int_eq(jint(json_array_get(dup, 0), "id"), jint(a->json, "id"));
  ck_assert_str_eq(jstr(json_array_get(dup, 0), "case_no"), jstr(a->json, "case_no"));
  resp_free(a);
  resp_free(b);
}
END_TEST

START_TEST(lawyer_sees_only_its_cases) {
  resp *r = http_get("/api/v1/cases?limit=500", expert);
  ck_status(r, 200);
  size_t i;
  json_t *c;
  json_array_foreach(json_object_get(r->json, "items"), i, c)
      ck_assert_int_eq(jint(c, "lawyer_id"), expert_id);
  resp_free(r);
  /* Even asking for another lawyer's cases by filter. */
  char path[96];
  snprintf(path, sizeof path, "/api/v1/cases?lawyer_id=%ld", novice_id);
  r = http_get(path, expert);
  ck_status(r, 200);
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 0);
  resp_free(r);
}
END_TEST

START_TEST(wrong_roles_403) {
  json_t *c = intake(clerk, "\"case_type\":\"plea_help\"", NULL);
  long id = jint(c, "id");
  json_decref(c);
  struct {
    const char *what;
    char **tok;
  } denied[] = {
      {"decision", &clerk}, {"decision", &expert}, {"decision", &sup}, {"decision", &admin},
      {"materials", &reviewer}, {"materials", &expert}, {"urgent-aid", &clerk},
      {"assignment", &clerk}, {"assignment", &expert}, {"assignment", &sup},
      {"accept", &reviewer}, {"accept", &clerk}, {"decline", &admin},
      {"stages", &reviewer}, {"closure", &reviewer}, {"closure", &sup},
      {"grade", &clerk}, {"grade", &expert}, {"termination", &clerk}, {"termination", &expert},
      {"satisfaction", &reviewer}, {"satisfaction", &expert}, {"objection", &expert},
      {"objection/decision", &clerk}, {"objection/decision", &reviewer},
      {"replacement-request", &expert}, {"withdrawal", &expert}, {"withdrawal", &sup},
      {"transfer", &expert}, {"organ-notification", &expert},
      {"eligibility-override", &clerk}, {"eligibility-override", &admin},
  };
  for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++) {
    resp *r = case_act(*denied[i].tok, id, denied[i].what, "{\"version\":1}");
    ck_assert_msg(r->status == 403, "%s -> %ld", denied[i].what, r->status);
    ck_assert_str_eq(err_code(r), "forbidden");
    resp_free(r);
  }
  char path[96];
  snprintf(path, sizeof path, "/api/v1/cases/%ld/lawyer-suggestions", id);
  resp *r = http_get(path, clerk);
  ck_status(r, 403);
  resp_free(r);
  snprintf(path, sizeof path, "/api/v1/cases/%ld", id);
  r = http("PATCH", path, expert, "{\"version\":1}", NULL);
  ck_status(r, 403);
  resp_free(r);
  r = http("PATCH", "/api/v1/lawyers/1", clerk, "{}", NULL);
  ck_status(r, 403);
  resp_free(r);
  /* Another centre's clerk: the case does not exist for it. */
  r = case_act(clerk2, id, "materials", "{\"version\":1}");
  ck_status(r, 404);
  resp_free(r);
  /* Nothing changed. */
  char q[96];
  snprintf(q, sizeof q, "SELECT status || version FROM cases WHERE id = %ld", id);
  char *s = sql_value(q);
  ck_assert_str_eq(s, "submitted1");
  free(s);
}
END_TEST

START_TEST(bad_bodies_change_nothing) {
  json_t *c = intake(clerk, "\"case_type\":\"plea_help\"", NULL);
  long id = jint(c, "id");
  json_decref(c);
  static const char *bad[] = {"{\"decision\":\"maybe\",\"version\":1}", "{\"decision\":\"approve\"}",
                              "{\"decision\":\"approve\",\"version\":\"1\"}",
                              "{\"decision\":\"approve\",\"version\":0}"};
  for (size_t i = 0; i < 4; i++) {
    char path[96];
    snprintf(path, sizeof path, "/api/v1/cases/%ld/decision", id);
    resp *r = http("POST", path, reviewer, bad[i], NULL);
    ck_assert_msg(r->status == 422, "%s -> %ld", bad[i], r->status);
    resp_free(r);
  }
  /* If-Match carries the version too. */
  char path[96];
  snprintf(path, sizeof path, "/api/v1/cases/%ld/decision", id);
  const char *stale[] = {"If-Match: \"9\"", NULL};
  resp *r = http("POST", path, reviewer, "{\"decision\":\"approve\"}", stale);
  ck_status(r, 409);
  resp_free(r);
  const char *good[] = {"If-Match: \"1\"", NULL};
  r = http("POST", path, reviewer, "{\"decision\":\"approve\"}", good);
  ck_status(r, 200);
  resp_free(r);
  r = http("POST", "/api/v1/cases/99999999/decision", reviewer, "{\"decision\":\"approve\",\"version\":1}", NULL);
  ck_status(r, 404);
  resp_free(r);
}
END_TEST

/* A status this build does not know (a newer schema's, say) stops an action with 500 and
 * changes nothing; it used to be read as submitted, and the case approved over it. */
START_TEST(unknown_status_fails_loudly) {
  json_t *c = intake(clerk, "\"case_type\":\"plea_help\"", NULL);
  long id = jint(c, "id");
  int v = (int)jint(c, "version");
  json_decref(c);
  char *def = sql_value("SELECT pg_get_constraintdef(oid) FROM pg_constraint"
                        " WHERE conname = 'cases_status_check'");
  free(sql_value("ALTER TABLE cases DROP CONSTRAINT cases_status_check"));
  char q[2048];
  snprintf(q, sizeof q, "UPDATE cases SET status = 'archived' WHERE id = %ld", id);
  free(sql_value(q));
  resp *r = case_act(reviewer, id, "decision", "{\"decision\":\"approve\",\"version\":%d}", v);
  long status = r->status;
  resp_free(r);
  snprintf(q, sizeof q, "SELECT status || ' ' || version FROM cases WHERE id = %ld", id);
  char *after = sql_value(q);
  snprintf(q, sizeof q, "UPDATE cases SET status = 'submitted' WHERE id = %ld", id);
  free(sql_value(q));
  snprintf(q, sizeof q, "ALTER TABLE cases ADD CONSTRAINT cases_status_check %s", def);
  free(sql_value(q));
  free(def);
  ck_assert_int_eq(status, 500);
  char want[32];
  snprintf(want, sizeof want, "archived %d", v);
  ck_assert_str_eq(after, want);
  free(after);
}
END_TEST

static Suite *lifecycle_api_suite(void) {
  Suite *s = suite_create("api_lifecycle");
  TCase *t = tcase_create("lifecycle");
  tcase_set_timeout(t, 120);
  tcase_add_test(t, whole_lifecycle);
  tcase_add_test(t, materials_pause_the_clock);
  tcase_add_test(t, reject_objection_upheld);
  tcase_add_test(t, termination_and_urgent_aid);
  tcase_add_test(t, replacement_of_the_lawyer);
  tcase_add_test(t, conflict_of_interest);
  tcase_add_test(t, eligibility_check_update_override);
  tcase_add_test(t, thresholds_by_jurisdiction);
  tcase_add_test(t, working_day_deadlines_and_worklists);
  tcase_add_test(t, duplicates_flagged);
  tcase_add_test(t, lawyer_sees_only_its_cases);
  tcase_add_test(t, wrong_roles_403);
  tcase_add_test(t, bad_bodies_change_nothing);
  tcase_add_test(t, unknown_status_fails_loudly);
  suite_add_tcase(s, t);
  return s;
}

int main(void) {
  harness_start("lifecycle");
  admin = login(ADMIN_USER, ADMIN_PASS);
  clerk = user_token(admin, "lc_clerk", "clerk", 1);
  clerk2 = user_token(admin, "lc_clerk2", "clerk", 2);
  reviewer = user_token(admin, "lc_reviewer", "reviewer", 1);
  bureau = user_token(admin, "lc_bureau", "bureau", 1);
  sup = user_token(admin, "lc_sup", "supervisor", 1);
  expert_id = create_user(admin, "lc_expert", "lawyer", 1,
                          "{\"license_no\":\"21110200812345678\",\"firm\":\"辽宁某律所\",\"kind\":\"lawyer\","
                          "\"practice_years\":8,\"specialties\":[\"criminal_defense\"]}");
  expert = login("lc_expert", "kite-ledger-5931");
  novice_id = create_user(admin, "lc_novice", "lawyer", 1,
                          "{\"license_no\":\"21110202212345678\",\"firm\":\"辽宁某律所\",\"kind\":\"lawyer\","
                          "\"practice_years\":2,\"specialties\":[\"civil\"]}");
  novice = login("lc_novice", "kite-ledger-5931");
  grassroots_id = create_user(admin, "lc_grassroots", "lawyer", 1,
                              "{\"license_no\":\"J-2111-001\",\"kind\":\"grassroots_worker\","
                              "\"practice_years\":10}");
  grassroots = login("lc_grassroots", "kite-ledger-5931");
  other_center_lawyer_id = create_user(admin, "lc_other", "lawyer", 2,
                                       "{\"license_no\":\"14030020101234567\",\"kind\":\"lawyer\","
                                       "\"practice_years\":20}");
  int failed = run_suite(lifecycle_api_suite());
  int code = harness_stop();
  if (code != 0) fprintf(stderr, "legalaidd exited with %d after SIGTERM\n", code);
  return failed == 0 && code == 0 ? 0 : 1;
}
