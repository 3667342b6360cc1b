/* The Legal Aid Law exactly (issue 12), over HTTP on a real PostgreSQL: the matters of 1.1,
 * the holiday years and provisional deadlines, criminal appeals and retrials, case numbers,
 * the people on a case, withdrawal, objections the judicial bureau decides, the papers owed
 * after urgent aid, transfers and forwarding from custody, and the organ told who the lawyer
 * is (Art. 36). Each test names the article; server/domain/LAW.md lists them. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static char *admin, *clerk, *reviewer, *sup, *clerk2, *clerk_y, *admin_y, *bureau_y, *bureau_l;
static char *lawyer;
static long lawyer_id, county_center;
static int seq = 100;

static json_t *post_case(const char *token, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static json_t *post_case(const char *token, const char *fmt, ...) {
  char *body = NULL;
  va_list ap;
  va_start(ap, fmt);
  int n = vasprintf(&body, fmt, ap);
  va_end(ap);
  (void)n;
  resp *r = http("POST", "/api/v1/cases", token, body, NULL);
  free(body);
  ck_assert_msg(r->status == 201, "intake: %ld %s", r->status, r->body);
  json_t *j = json_incref(r->json);
  resp_free(r);
  return j;
}

/* A civil application at centre 1 from an adult of Dawa (the region of centre 1). */
static json_t *civil(const char *token, const char *fields) {
  char id[19];
  make_id(id, "211104", "19800101", 'M', seq);
  seq += 2;
  return post_case(token,
                   "{\"center_id\":1,\"channel\":\"window\",\"case_type\":\"civil\","
                   "\"opposing_party\":\"某公司\",%s,\"applicant\":{\"name\":\"申请人%d\","
                   "\"id_number\":\"%s\",\"household_size\":2,"
                   "\"household_monthly_income_fen\":100000}}",
                   fields, seq, id);
}

static int expect(resp *r, long want, const char *status_after) {
  ck_assert_msg(r->status == want, "want %ld got %ld: %s", want, r->status, r->body);
  int v = 0;
  if (want == 200) {
    if (status_after) ck_assert_str_eq(jstr(r->json, "status"), status_after);
    v = (int)jint(r->json, "version");
  }
  resp_free(r);
  return v;
}

static resp *get_case(const char *token, long id) {
  char path[64];
  snprintf(path, sizeof path, "/api/v1/cases/%ld", id);
  return http_get(path, token);
}

static bool rule_fired(json_t *c, const char *id) {
  json_t *rules = jget(c, "eligibility.rules");
  size_t i;
  json_t *r;
  json_array_foreach(rules, i, r) if (strcmp(jstr(r, "id"), id) == 0) return true;
  return false;
}

static bool has_event(const char *token, long id, const char *action) {
  char path[64];
  snprintf(path, sizeof path, "/api/v1/cases/%ld/events", id);
  resp *r = http_get(path, token);
  ck_status(r, 200);
  bool found = false;
  size_t i;
  json_t *e;
  json_array_foreach(json_object_get(r->json, "items"), i, e) found =
      found || strcmp(jstr(e, "action"), action) == 0;
  resp_free(r);
  return found;
}

/* Art. 31 (七) and (九), Art. 33, Art. 42 (三) through intake (points 1-4). */
START_TEST(intake_matters_of_1_1) {
  json_t *c = civil(clerk, "\"matter\":\"traffic_injury\"");
  ck_assert(json_is_true(jget(c, "eligibility.eligible")));
  ck_assert(rule_fired(c, "art31_7_injury"));
  ck_assert_str_eq(jstr(c, "matter"), "traffic_injury");
  json_decref(c);
  c = civil(clerk, "\"matter\":\"personal_injury\"");
  ck_assert(json_is_null(jget(c, "eligibility.eligible")));
  ck_assert(rule_fired(c, "art31_7_cause_unknown"));
  json_decref(c);
  c = civil(clerk, "\"matter\":\"other\"");
  ck_assert(json_is_null(jget(c, "eligibility.eligible")));
  ck_assert(rule_fired(c, "art31_9_other"));
  /* The rule's note says what the engine concluded; its text is the law's. */
  json_t *rules = jget(c, "eligibility.rules");
  ck_assert_ptr_nonnull(strstr(jstr(json_array_get(rules, 0), "text"), "法律、法规、规章规定的其他情形"));
  ck_assert_ptr_nonnull(json_object_get(json_array_get(rules, 0), "note"));
  json_decref(c);
  c = civil(clerk, "\"matter\":\"retrial_petition\"");
  ck_assert(json_is_false(jget(c, "eligibility.eligible")));
  ck_assert(json_is_false(jget(c, "retrial_ordered")));
  json_decref(c);
  c = civil(clerk, "\"matter\":\"retrial_petition\",\"retrial_ordered\":true");
  ck_assert(json_is_true(jget(c, "eligibility.eligible")));
  ck_assert(json_is_true(jget(c, "retrial_ordered")));
  json_decref(c);
  /* A migrant worker hurt in a traffic accident is means-tested. */
  char id[19];
  make_id(id, "211104", "19850101", 'M', seq);
  seq += 2;
  c = post_case(clerk,
                "{\"center_id\":1,\"channel\":\"window\",\"case_type\":\"civil\","
                "\"matter\":\"traffic_injury\",\"opposing_party\":\"某车主\","
                "\"applicant\":{\"name\":\"务工者\",\"id_number\":\"%s\",\"groups\":[\"migrant_worker\"]}}",
                id);
  ck_assert_str_eq(jstr(c, "eligibility.means_test"), "required");
  ck_assert(json_is_null(jget(c, "eligibility.eligible")));
  json_decref(c);
  resp *r = http_postf("/api/v1/eligibility/check", clerk,
                       "{\"center_id\":1,\"channel\":\"window\",\"case_type\":\"civil\","
                       "\"matter\":\"work_injury\",\"opposing_party\":\"某厂\","
                       "\"applicant\":{\"name\":\"务工者\",\"id_number\":\"%s\",\"groups\":[\"migrant_worker\"]}}",
                       id);
  ck_status(r, 200);
  ck_assert_str_eq(jstr(r->json, "means_test"), "exempt");
  resp_free(r);
  r = http_postf("/api/v1/cases", clerk, "{\"center_id\":1,\"channel\":\"window\",\"case_type\":\"civil\","
                 "\"matter\":\"retrial_petition\",\"retrial_ordered\":\"yes\",\"opposing_party\":\"某\","
                 "\"applicant\":{\"name\":\"甲\",\"id_number\":\"%s\"}}", id);
  ck_status(r, 422);
  ck_assert(err_has_field(r, "retrial_ordered"));
  resp_free(r);
}
END_TEST

/* Point 7: a deadline counted through a year whose holidays are not loaded is weekends-only
 * and provisional; loading the year (the administrator of no centre) counts the open cases'
 * deadlines again. 2023 is not shipped: a case received 2023-06-19 at a centre counting
 * working days. */
START_TEST(holidays_read_and_provisional) {
  resp *r = http("PUT", "/api/v1/jurisdiction-settings/140300", admin,
                 "{\"deadline_mode\":\"working_days\"}", NULL);
  ck_status(r, 200);
  resp_free(r);
  r = http_get("/api/v1/holidays?year=2023", clerk_y);
  ck_status(r, 200);
  ck_assert(json_is_false(json_object_get(r->json, "loaded")));
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "days")), 0);
  resp_free(r);
  r = http_get("/api/v1/holidays?year=2025", clerk_y);
  ck_status(r, 200);
  ck_assert(json_is_true(json_object_get(r->json, "loaded")));
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "days")), 33);
  ck_assert_str_eq(jstr(json_array_get(json_object_get(r->json, "days"), 0), "date"), "2025-01-01");
  resp_free(r);

  char id[19];
  make_id(id, "140302", "19700101", 'F', seq);
  seq += 2;
  json_t *c = post_case(clerk_y,
                        "{\"center_id\":2,\"channel\":\"window\",\"case_type\":\"plea_help\","
                        "\"received_at\":\"2023-06-19T09:00:00+08:00\","
                        "\"applicant\":{\"name\":\"端午\",\"id_number\":\"%s\"}}",
                        id);
  ck_assert_str_eq(jstr(c, "decision_due"), "2023-06-28");
  ck_assert(json_is_true(json_object_get(c, "deadline_provisional")));
  json_decref(c);
  /* The 2025 calendar is loaded: a case received then is not provisional. */
  make_id(id, "140302", "19700101", 'F', seq);
  seq += 2;
  c = post_case(clerk_y,
                "{\"center_id\":2,\"channel\":\"window\",\"case_type\":\"plea_help\","
                "\"received_at\":\"2025-09-26T09:00:00+08:00\","
                "\"applicant\":{\"name\":\"国庆\",\"id_number\":\"%s\"}}",
                id);
  ck_assert(json_is_false(json_object_get(c, "deadline_provisional")));
  /* 28 (a make-up Sunday), 29, 30, (10-01..08 off), 9, 10, 11 (a make-up Saturday), 13. */
  ck_assert_str_eq(jstr(c, "decision_due"), "2025-10-13");
  json_decref(c);
  r = http_get("/api/v1/holidays?year=1999", clerk_y);
  ck_status(r, 422);
  resp_free(r);
  r = http_get("/api/v1/eligibility/rules", clerk_y);
  ck_status(r, 200);
  ck_assert_int_ge(json_array_size(json_object_get(r->json, "items")), 10);
  resp_free(r);
  r = http("PUT", "/api/v1/jurisdiction-settings/140300", admin,
           "{\"deadline_mode\":\"calendar_days\"}", NULL);
  ck_status(r, 200);
  resp_free(r);
}
END_TEST

START_TEST(holidays_loaded_recount_open_cases) {
  resp *r = http("PUT", "/api/v1/jurisdiction-settings/140300", admin,
                 "{\"deadline_mode\":\"working_days\"}", NULL);
  ck_status(r, 200);
  resp_free(r);
  r = http_get("/api/v1/holidays?year=2023", clerk_y);
  ck_status(r, 200);
  ck_assert(json_is_false(json_object_get(r->json, "loaded")));
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "days")), 0);
  resp_free(r);
  r = http_get("/api/v1/holidays?year=2025", clerk_y);
  ck_status(r, 200);
  ck_assert(json_is_true(json_object_get(r->json, "loaded")));
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "days")), 33);
  ck_assert_str_eq(jstr(json_array_get(json_object_get(r->json, "days"), 0), "date"), "2025-01-01");
  resp_free(r);

  char id[19];
  make_id(id, "140302", "19700101", 'F', seq);
  seq += 2;
  json_t *c = post_case(clerk_y,
                        "{\"center_id\":2,\"channel\":\"window\",\"case_type\":\"plea_help\","
                        "\"received_at\":\"2023-06-19T09:00:00+08:00\","
                        "\"applicant\":{\"name\":\"端午\",\"id_number\":\"%s\"}}",
                        id);
  long cid = jint(c, "id");
  ck_assert_str_eq(jstr(c, "decision_due"), "2023-06-28");
  ck_assert(json_is_true(json_object_get(c, "deadline_provisional")));
  json_decref(c);

  static const char *days2023 =
      "{\"source\":\"国务院办公厅关于2023年部分节假日安排的通知\",\"days\":["
      "{\"date\":\"2023-06-22\",\"kind\":\"holiday\"},{\"date\":\"2023-06-23\",\"kind\":\"holiday\"},"
      "{\"date\":\"2023-06-24\",\"kind\":\"holiday\"},{\"date\":\"2023-06-25\",\"kind\":\"workday\"}]}";
  /* Only the administrator of no centre sets the country's calendar. */
  r = http("PUT", "/api/v1/holidays/2023", admin_y, days2023, NULL);
  ck_status(r, 403);
  resp_free(r);
  r = http("PUT", "/api/v1/holidays/2023", clerk_y, days2023, NULL);
  ck_status(r, 403);
  resp_free(r);
  /* Bad lists change nothing. */
  r = http("PUT", "/api/v1/holidays/2023", admin,
           "{\"days\":[{\"date\":\"2024-06-22\",\"kind\":\"holiday\"}]}", NULL);
  ck_status(r, 422);
  ck_assert(err_has_field(r, "days[0].date"));
  resp_free(r);
  r = http("PUT", "/api/v1/holidays/2023", admin,
           "{\"days\":[{\"date\":\"2023-06-21\",\"kind\":\"workday\"}]}", NULL);
  ck_status(r, 422); /* a Wednesday is no make-up working day */
  ck_assert(err_has_field(r, "days[0].kind"));
  resp_free(r);
  r = http("PUT", "/api/v1/holidays/2023", admin,
           "{\"days\":[{\"date\":\"2023-06-22\",\"kind\":\"holiday\"},"
           "{\"date\":\"2023-06-22\",\"kind\":\"holiday\"}]}", NULL);
  ck_status(r, 422);
  resp_free(r);
  r = http("PUT", "/api/v1/holidays/1999", admin, "{\"days\":[]}", NULL);
  ck_status(r, 422);
  resp_free(r);
  r = http_get("/api/v1/holidays?year=2023", clerk_y);
  ck_assert(json_is_false(json_object_get(r->json, "loaded")));
  resp_free(r);

  r = http("PUT", "/api/v1/holidays/2023", admin, days2023, NULL);
  ck_status(r, 200);
  ck_assert(json_is_true(json_object_get(r->json, "loaded")));
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "days")), 4);
  ck_assert_int_ge(jint(r->json, "recounted"), 1);
  resp_free(r);
  /* 20, 21, (22-24 off), 25 (a make-up Sunday), 26, 27, 28, 29. */
  r = get_case(clerk_y, cid);
  ck_status(r, 200);
  ck_assert_str_eq(jstr(r->json, "decision_due"), "2023-06-29");
  ck_assert(json_is_false(json_object_get(r->json, "deadline_provisional")));
  resp_free(r);
  ck_assert(has_event(clerk_y, cid, "deadlines_recounted"));
  r = http_get("/api/v1/holidays?year=2023", reviewer);
  ck_assert(json_is_true(json_object_get(r->json, "loaded")));
  resp_free(r);
  /* A new case counts with it at once. */
  make_id(id, "140302", "19700101", 'F', seq);
  seq += 2;
  c = post_case(clerk_y,
                "{\"center_id\":2,\"channel\":\"window\",\"case_type\":\"plea_help\","
                "\"received_at\":\"2023-06-19T09:00:00+08:00\","
                "\"applicant\":{\"name\":\"端午二\",\"id_number\":\"%s\"}}",
                id);
  ck_assert_str_eq(jstr(c, "decision_due"), "2023-06-29");
  json_decref(c);
  r = http("PUT", "/api/v1/jurisdiction-settings/140300", admin,
           "{\"deadline_mode\":\"calendar_days\"}", NULL);
  ck_status(r, 200);
  resp_free(r);
}
END_TEST

/* Point 8: a criminal case goes on to a second instance and a retrial. */
START_TEST(criminal_second_instance_and_retrial) {
  char id[19];
  make_id(id, "211104", "19900101", 'M', seq);
  seq += 2;
  json_t *c = post_case(clerk,
                        "{\"center_id\":1,\"channel\":\"window\",\"case_type\":\"criminal_defense\","
                        "\"received_at\":\"2025-12-01T09:00:00+08:00\","
                        "\"stage\":\"second_instance\",\"applicant\":{\"name\":\"上诉人\","
                        "\"id_number\":\"%s\",\"household_size\":1,\"household_monthly_income_fen\":1}}",
                        id);
  ck_assert_str_eq(jstr(c, "stage"), "second_instance");
  long cid = jint(c, "id");
  int v = (int)jint(c, "version");
  json_decref(c);
  v = expect(case_act(reviewer, cid, "decision", "{\"decision\":\"approve\",\"version\":%d}", v), 200,
             "approved");
  v = expect(case_act(reviewer, cid, "assignment", "{\"lawyer_id\":%ld,\"version\":%d}", lawyer_id, v),
             200, "assigned");
  v = expect(case_act(lawyer, cid, "accept", "{\"version\":%d}", v), 200, "in_progress");
  resp *r = case_act(lawyer, cid, "stages",
                "{\"stage\":\"retrial\",\"started_on\":\"2026-01-05\",\"version\":%d}", v);
  ck_assert_msg(r->status == 200 || r->status == 201, "%ld %s", r->status, r->body);
  resp_free(r);
  r = case_act(lawyer, cid, "stages", "{\"stage\":\"enforcement\",\"started_on\":\"2026-01-05\"}");
  ck_status(r, 422);
  resp_free(r);
}
END_TEST

/* Point 9: case numbers in full-width brackets. */
START_TEST(case_numbers_full_width) {
  json_t *c = civil(clerk, "\"matter\":\"support_payment\"");
  const char *no = jstr(c, "case_no");
  ck_assert_msg(strncmp(no, "（", strlen("（")) == 0, "%s", no);
  ck_assert_ptr_nonnull(strstr(no, "）洼法援字第"));
  ck_assert_ptr_null(strchr(no, '('));
  json_decref(c);
}
END_TEST

/* Point 10: a 16-year-old's application by her guardian; other documents; a suspect of unknown
 * identity notified by the police; a group wage claim of several recipients, counted as
 * people in the statistics. */
START_TEST(people_on_a_case) {
  char minor[19], parent[19];
  make_id(minor, "211104", "20100305", 'F', seq);
  make_id(parent, "211104", "19820101", 'M', seq + 2);
  seq += 4;
  json_t *c = post_case(clerk,
                        "{\"center_id\":1,\"channel\":\"window\",\"case_type\":\"civil\","
                        "\"matter\":\"support_payment\",\"opposing_party\":\"生父\","
                        "\"received_at\":\"2026-06-01T09:00:00+08:00\","
                        "\"applicant\":{\"name\":\"小红\",\"id_number\":\"%s\"},"
                        "\"agent\":{\"name\":\"王监护\",\"relation\":\"guardian\",\"id_number\":\"%s\","
                        "\"phone\":\"13912345678\"}}",
                        minor, parent);
  long cid = jint(c, "id");
  ck_assert_str_eq(jstr(c, "agent.relation"), "guardian");
  ck_assert_str_eq(jstr(c, "agent.name"), "王监护");
  ck_assert_str_eq(jstr(c, "applicant.id_type"), "resident_id");
  ck_assert_int_eq(jint(c, "recipients_count"), 1);
  json_decref(c);
  resp *r = get_case(reviewer, cid);
  ck_status(r, 200);
  ck_assert_str_eq(jstr(r->json, "agent.id_number"), parent);
  ck_assert_str_eq(jstr(r->json, "agent.phone"), "13912345678");
  resp_free(r);
  /* The agent's document is checked like the applicant's. */
  r = http_postf("/api/v1/cases", clerk,
                 "{\"center_id\":1,\"channel\":\"window\",\"case_type\":\"plea_help\","
                 "\"applicant\":{\"name\":\"小明\",\"id_number\":\"%s\"},"
                 "\"agent\":{\"name\":\"某\",\"relation\":\"uncle\",\"id_number\":\"123\"}}",
                 minor);
  ck_status(r, 422);
  ck_assert(err_has_field(r, "agent.relation"));
  ck_assert(err_has_field(r, "agent.id_number"));
  resp_free(r);

  /* A Hong Kong resident: birth date and sex given directly. */
  r = http_postf("/api/v1/cases", clerk,
                 "{\"center_id\":1,\"channel\":\"window\",\"case_type\":\"plea_help\","
                 "\"applicant\":{\"name\":\"陈大文\",\"id_type\":\"hk_macao_permit\","
                 "\"id_number\":\"H12345678\"}}");
  ck_status(r, 422);
  ck_assert(err_has_field(r, "applicant.birth_date"));
  ck_assert(err_has_field(r, "applicant.sex"));
  resp_free(r);
  c = post_case(clerk,
                "{\"center_id\":1,\"channel\":\"window\",\"case_type\":\"plea_help\","
                "\"applicant\":{\"name\":\"陈大文\",\"id_type\":\"hk_macao_permit\","
                "\"id_number\":\"H12345678\",\"birth_date\":\"1950-02-01\",\"sex\":\"female\"}}");
  ck_assert_str_eq(jstr(c, "applicant.id_type"), "hk_macao_permit");
  ck_assert_str_eq(jstr(c, "applicant.birth_date"), "1950-02-01");
  json_t *groups = jget(c, "applicant.groups");
  bool elderly = false, woman = false;
  size_t i;
  json_t *g;
  json_array_foreach(groups, i, g) {
    elderly = elderly || strcmp(json_string_value(g), "elderly") == 0;
    woman = woman || strcmp(json_string_value(g), "woman") == 0;
  }
  ck_assert(elderly && woman);
  json_decref(c);

  /* A suspect the police could not identify: only on a notice. */
  c = post_case(clerk,
                "{\"center_id\":1,\"channel\":\"notice_police\",\"case_type\":\"criminal_defense\","
                "\"stage\":\"investigation\",\"notice\":{\"organ_name\":\"大洼区公安分局\","
                "\"notice_no\":\"洼公通〔2026〕9号\"},\"applicant\":{\"id_type\":\"unknown\",\"sex\":\"male\"}}");
  ck_assert_str_eq(jstr(c, "applicant.id_type"), "unknown");
  ck_assert(json_is_null(jget(c, "applicant.name")) || jget(c, "applicant.name") == NULL);
  ck_assert(json_is_true(jget(c, "eligibility.eligible")));
  json_decref(c);
  r = http_postf("/api/v1/cases", clerk,
                 "{\"center_id\":1,\"channel\":\"window\",\"case_type\":\"plea_help\","
                 "\"applicant\":{\"id_type\":\"unknown\"}}");
  ck_status(r, 422);
  ck_assert(err_has_field(r, "applicant.id_type"));
  resp_free(r);

  /* A group wage claim: three workers, one a minor, one a woman. */
  char w1[19], w2[19], w3[19];
  make_id(w1, "211104", "19800101", 'M', seq);
  make_id(w2, "211104", "20090101", 'M', seq + 2);
  make_id(w3, "211104", "19900101", 'F', seq + 4);
  seq += 6;
  c = post_case(clerk,
                "{\"center_id\":1,\"channel\":\"window\",\"case_type\":\"labor_arbitration\","
                "\"matter\":\"labour_remuneration\",\"opposing_party\":\"某建筑公司\","
                "\"applicant\":{\"name\":\"工人甲\",\"id_number\":\"%s\",\"groups\":[\"migrant_worker\"]},"
                "\"recipients\":[{\"name\":\"工人甲\",\"id_number\":\"%s\",\"groups\":[\"migrant_worker\"]},"
                "{\"name\":\"工人乙\",\"id_number\":\"%s\",\"groups\":[\"migrant_worker\"]},"
                "{\"name\":\"工人丙\",\"id_number\":\"%s\",\"groups\":[\"migrant_worker\"]}]}",
                w1, w1, w2, w3);
  ck_assert_int_eq(jint(c, "recipients_count"), 3);
  ck_assert_int_eq(json_array_size(jget(c, "recipients")), 3);
  ck_assert_str_eq(jstr(json_array_get(jget(c, "recipients"), 1), "name"), "工人乙");
  ck_assert(json_is_true(jget(c, "eligibility.eligible")));
  json_decref(c);
  /* The same worker twice, a bad number: named by index. */
  r = http_postf("/api/v1/cases", clerk,
                 "{\"center_id\":1,\"channel\":\"window\",\"case_type\":\"labor_arbitration\","
                 "\"matter\":\"labour_remuneration\",\"opposing_party\":\"某\","
                 "\"applicant\":{\"name\":\"工人甲\",\"id_number\":\"%s\"},"
                 "\"recipients\":[{\"name\":\"甲\",\"id_number\":\"%s\"},{\"name\":\"甲\",\"id_number\":\"%s\"},"
                 "{\"name\":\"乙\",\"id_number\":\"123\"}]}",
                 w1, w1, w1);
  ck_status(r, 422);
  ck_assert(err_has_field(r, "recipients[1].id_number"));
  ck_assert(err_has_field(r, "recipients[2].id_number"));
  resp_free(r);

  /* Statistics of groups count people: the three workers are three migrant workers; the
   * minor among them is counted as a minor. */
  r = http_get("/api/v1/stats/cases?group_by=group&center_id=1", sup);
  ck_status(r, 200);
  long migrants = 0;
  json_array_foreach(json_object_get(r->json, "rows"), i, g) if (strcmp(jstr(g, "key"), "migrant_worker") == 0) migrants = jint(g, "count");
  ck_assert_int_ge(migrants, 3);
  resp_free(r);
  r = http_get("/api/v1/stats/annual?center_id=1&year=2026", sup);
  ck_status(r, 200);
  ck_assert_int_ge(jint(r->json, "cases.recipients_total"), jint(r->json, "cases.total") + 2);
  resp_free(r);
}
END_TEST

/* Issue 14 point 3, issue 12 point 10: the agent is corrected like the applicant's data
 * (PATCH /cases/{id}): replaced whole and checked as at intake, or removed with null; a wrong
 * one changes nothing. */
START_TEST(agent_corrected_or_removed) {
  char minor[19], parent[19], other[19];
  make_id(minor, "211104", "20110407", 'M', seq);
  make_id(parent, "211104", "19830101", 'F', seq + 2);
  make_id(other, "211104", "19790101", 'M', seq + 4);
  seq += 6;
  json_t *c = post_case(clerk,
                        "{\"center_id\":1,\"channel\":\"window\",\"case_type\":\"civil\","
                        "\"matter\":\"support_payment\",\"opposing_party\":\"生父\","
                        "\"applicant\":{\"name\":\"小刚\",\"id_number\":\"%s\"},"
                        "\"agent\":{\"name\":\"李监护\",\"relation\":\"guardian\",\"id_number\":\"%s\","
                        "\"phone\":\"13912345678\"}}",
                        minor, parent);
  long cid = jint(c, "id");
  int v = (int)jint(c, "version");
  json_decref(c);
  char path[64];
  snprintf(path, sizeof path, "/api/v1/cases/%ld", cid);
  /* A wrong document, an unidentified agent, no relation: 422, each named, nothing changed. */
  char body[512];
  snprintf(body, sizeof body,
           "{\"version\":%d,\"agent\":{\"name\":\"李监护\",\"id_type\":\"unknown\","
           "\"id_number\":\"123\"}}", v);
  resp *r = http("PATCH", path, clerk, body, NULL);
  ck_status(r, 422);
  ck_assert(err_has_field(r, "agent.relation"));
  ck_assert(err_has_field(r, "agent.id_type"));
  resp_free(r);
  snprintf(body, sizeof body,
           "{\"version\":%d,\"agent\":{\"name\":\"李监护\",\"relation\":\"guardian\","
           "\"id_number\":\"%.17s0\"}}", v, other);
  if (other[17] == '0') body[strlen(body) - 4] = '1'; /* a wrong check character either way */
  r = http("PATCH", path, clerk, body, NULL);
  ck_status(r, 422);
  ck_assert(err_has_field(r, "agent.id_number"));
  resp_free(r);
  r = get_case(clerk, cid);
  ck_assert_int_eq(jint(r->json, "version"), v);
  ck_assert_str_eq(jstr(r->json, "agent.phone"), "13912345678");
  resp_free(r);
  /* The other parent becomes the guardian who applies: replaced whole. */
  snprintf(body, sizeof body,
           "{\"version\":%d,\"reason\":\"改由父亲代为申请\",\"agent\":{\"name\":\"张父\","
           "\"relation\":\"guardian\",\"id_number\":\"%s\",\"phone\":\"13700001111\"}}", v, other);
  r = http("PATCH", path, clerk, body, NULL);
  ck_status(r, 200);
  ck_assert_str_eq(jstr(r->json, "agent.name"), "张父");
  ck_assert_str_eq(jstr(r->json, "agent.id_number"), other);
  ck_assert_str_eq(jstr(r->json, "agent.phone"), "13700001111");
  v = (int)jint(r->json, "version");
  resp_free(r);
  ck_assert(has_event(clerk, cid, "update"));
  /* Recorded by mistake: removed. */
  snprintf(body, sizeof body, "{\"version\":%d,\"agent\":null}", v);
  r = http("PATCH", path, clerk, body, NULL);
  ck_status(r, 200);
  ck_assert(json_is_null(json_object_get(r->json, "agent")));
  resp_free(r);
}
END_TEST

/* Point 11: the applicant withdraws, or the papers never came (视为撤回, Art. 43). */
START_TEST(withdrawal_and_deemed_withdrawal) {
  json_t *c = civil(clerk, "\"matter\":\"support_payment\"");
  long cid = jint(c, "id");
  int v = (int)jint(c, "version");
  json_decref(c);
  expect(case_act(clerk, cid, "withdrawal", "{\"version\":%d}", v), 422, NULL); /* a reason */
  expect(case_act(lawyer, cid, "withdrawal", "{\"reason\":\"x\",\"version\":%d}", v), 403, NULL);
  /* Deemed withdrawn only when papers were asked for. */
  expect(case_act(clerk, cid, "withdrawal",
             "{\"reason\":\"逾期未补\",\"kind\":\"materials_not_supplied\",\"version\":%d}", v),
         409, NULL);
  v = expect(case_act(clerk, cid, "withdrawal", "{\"reason\":\"申请人书面撤回申请\",\"version\":%d}", v),
             200, "withdrawn");
  resp *r = get_case(reviewer, cid);
  ck_assert_str_eq(jstr(r->json, "withdrawal_kind"), "applicant");
  ck_assert_str_eq(jstr(r->json, "withdrawal_reason"), "申请人书面撤回申请");
  resp_free(r);
  ck_assert(has_event(reviewer, cid, "withdraw"));
  /* Nothing follows a withdrawal. */
  expect(case_act(reviewer, cid, "decision", "{\"decision\":\"approve\",\"version\":%d}", v), 409, NULL);
  expect(case_act(clerk, cid, "withdrawal", "{\"reason\":\"再撤\",\"version\":%d}", v), 409, NULL);

  c = civil(clerk, "\"matter\":\"support_payment\"");
  cid = jint(c, "id");
  v = (int)jint(c, "version");
  json_decref(c);
  v = expect(case_act(reviewer, cid, "decision",
                 "{\"decision\":\"request_materials\",\"reason\":\"补充收入证明\",\"version\":%d}", v),
             200, "materials_requested");
  v = expect(case_act(reviewer, cid, "withdrawal",
                 "{\"reason\":\"通知补充材料后逾期未补\",\"kind\":\"materials_not_supplied\",\"version\":%d}",
                 v),
             200, "withdrawn");
  r = get_case(reviewer, cid);
  ck_assert_str_eq(jstr(r->json, "withdrawal_kind"), "materials_not_supplied");
  resp_free(r);
  /* Withdrawn applications are no cases of the year's figures. */
  r = http_get("/api/v1/cases?status=withdrawn&center_id=1", reviewer);
  ck_status(r, 200);
  ck_assert_int_ge(json_array_size(json_object_get(r->json, "items")), 2);
  resp_free(r);
  /* An approved case cannot be withdrawn: it is terminated (Art. 48). */
  c = civil(clerk, "\"matter\":\"support_payment\"");
  cid = jint(c, "id");
  v = (int)jint(c, "version");
  json_decref(c);
  v = expect(case_act(reviewer, cid, "decision", "{\"decision\":\"approve\",\"version\":%d}", v), 200,
             "approved");
  expect(case_act(clerk, cid, "withdrawal", "{\"reason\":\"撤回\",\"version\":%d}", v), 409, NULL);
}
END_TEST

/* Point 12: an objection to a termination (Art. 49), decided by the judicial bureau alone,
 * which reads the centres of its region and no others. */
START_TEST(objection_after_termination_bureau_decides) {
  char id[19];
  make_id(id, "140302", "19700101", 'M', seq);
  seq += 2;
  json_t *c = post_case(clerk_y,
                        "{\"center_id\":2,\"channel\":\"window\",\"case_type\":\"civil\","
                        "\"matter\":\"support_payment\",\"opposing_party\":\"子女\","
                        "\"applicant\":{\"name\":\"老人\",\"id_number\":\"%s\",\"household_size\":1,"
                        "\"household_monthly_income_fen\":50000}}",
                        id);
  long cid = jint(c, "id");
  int v = (int)jint(c, "version");
  json_decref(c);
  char *reviewer_y = user_token(admin, "law_reviewer_y", "reviewer", 2);
  v = expect(case_act(reviewer_y, cid, "decision", "{\"decision\":\"approve\",\"version\":%d}", v), 200,
             "approved");
  v = expect(case_act(reviewer_y, cid, "termination",
                 "{\"ground\":\"no_longer_eligible\",\"reason\":\"收入增加\",\"version\":%d}", v),
             200, "terminated");
  v = expect(case_act(clerk_y, cid, "objection", "{\"reason\":\"收入并未增加\",\"version\":%d}", v), 200,
             "terminated");
  resp *r = get_case(bureau_y, cid);
  ck_status(r, 200);
  ck_assert_ptr_nonnull(jstr(r->json, "objection_due"));
  resp_free(r);
  /* The centre does not decide its own objection; another region's bureau cannot see it. */
  expect(case_act(reviewer_y, cid, "objection/decision",
             "{\"upheld\":true,\"reason\":\"x\",\"version\":%d}", v),
         403, NULL);
  expect(case_act(admin_y, cid, "objection/decision", "{\"upheld\":true,\"reason\":\"x\",\"version\":%d}",
             v),
         403, NULL);
  expect(case_act(bureau_l, cid, "objection/decision",
             "{\"upheld\":true,\"reason\":\"x\",\"version\":%d}", v),
         404, NULL);
  r = get_case(bureau_l, cid);
  ck_status(r, 404);
  resp_free(r);
  v = expect(case_act(bureau_y, cid, "objection/decision",
                 "{\"upheld\":true,\"reason\":\"经核查收入未变化，责令恢复援助\",\"version\":%d}", v),
             200, "approved");
  ck_assert(has_event(bureau_y, cid, "objection_decision"));
  /* The bureau reads its region's cases (the county centre's too) and changes nothing else. */
  r = http_get("/api/v1/cases?limit=500", bureau_y);
  ck_status(r, 200);
  size_t i;
  json_t *it;
  json_array_foreach(json_object_get(r->json, "items"), i, it) {
    long center = jint(it, "center_id");
    ck_assert_msg(center == 2 || center == county_center, "centre %ld", center);
  }
  resp_free(r);
  r = http_postf("/api/v1/cases", bureau_y, "{\"center_id\":2}");
  ck_status(r, 403);
  resp_free(r);
  expect(case_act(bureau_y, cid, "assignment", "{\"lawyer_id\":1,\"version\":%d}", v), 403, NULL);
  /* A refusal's objection the bureau keeps refused. */
  make_id(id, "140302", "19700101", 'M', seq);
  seq += 2;
  c = post_case(clerk_y,
                "{\"center_id\":2,\"channel\":\"window\",\"case_type\":\"civil\","
                "\"matter\":\"other\",\"opposing_party\":\"邻居\","
                "\"applicant\":{\"name\":\"邻里\",\"id_number\":\"%s\"}}",
                id);
  cid = jint(c, "id");
  v = (int)jint(c, "version");
  json_decref(c);
  v = expect(case_act(reviewer_y, cid, "decision",
                 "{\"decision\":\"reject\",\"reason\":\"不属于援助事项\",\"version\":%d}", v),
             200, "rejected");
  v = expect(case_act(clerk_y, cid, "objection", "{\"reason\":\"属于\",\"version\":%d}", v), 200,
             "rejected");
  expect(case_act(bureau_y, cid, "objection/decision",
             "{\"upheld\":false,\"reason\":\"维持不予援助决定\",\"version\":%d}", v),
         200, "rejected");
  free(reviewer_y);
}
END_TEST

/* Point 13: aid before the decision (Art. 44): the papers still owed and their deadline stay
 * on the worklist until they come. */
START_TEST(papers_owed_after_urgent_aid) {
  json_t *c = civil(clerk, "\"matter\":\"labour_remuneration\"");
  long cid = jint(c, "id");
  int v = (int)jint(c, "version");
  json_decref(c);
  v = expect(case_act(reviewer, cid, "urgent-aid",
                 "{\"reason\":\"仲裁时效7日内届满\",\"papers\":\"劳动合同、工资条\",\"papers_due_days\":5,"
                 "\"version\":%d}",
                 v),
             200, "approved");
  resp *r = get_case(clerk, cid);
  ck_assert_str_eq(jstr(r->json, "papers_owed"), "劳动合同、工资条");
  ck_assert_ptr_nonnull(jstr(r->json, "papers_due"));
  ck_assert(json_is_null(json_object_get(r->json, "papers_received_at")));
  resp_free(r);
  r = http_get("/api/v1/cases?papers_owed=true&center_id=1", clerk);
  ck_status(r, 200);
  bool listed = false;
  size_t i;
  json_t *it;
  json_array_foreach(json_object_get(r->json, "items"), i, it) listed = listed || jint(it, "id") == cid;
  ck_assert(listed);
  resp_free(r);
  v = expect(case_act(clerk, cid, "materials", "{\"comment\":\"已补交\",\"version\":%d}", v), 200,
             "approved");
  r = get_case(clerk, cid);
  ck_assert(!json_is_null(json_object_get(r->json, "papers_received_at")));
  resp_free(r);
  r = http_get("/api/v1/cases?papers_owed=true&center_id=1", clerk);
  listed = false;
  json_array_foreach(json_object_get(r->json, "items"), i, it) listed = listed || jint(it, "id") == cid;
  ck_assert(!listed);
  resp_free(r);
  expect(case_act(clerk, cid, "materials", "{\"version\":%d}", v), 409, NULL);
  ck_assert(has_event(clerk, cid, "papers_received"));
}
END_TEST

/* Points 7 and 13 together: the papers owed after urgent aid are counted again when a holiday
 * year is loaded. The day they are due is made a holiday (the year's list as it is, plus that
 * day): whichever way the centre counts, they are then due later, and the case says why. */
START_TEST(papers_owed_counted_again_when_a_year_is_loaded) {
  json_t *c = civil(clerk, "\"matter\":\"labour_remuneration\"");
  long cid = jint(c, "id");
  int v = (int)jint(c, "version");
  json_decref(c);
  expect(case_act(reviewer, cid, "urgent-aid",
             "{\"reason\":\"诉讼时效即将届满\",\"papers\":\"收入证明\",\"papers_due_days\":5,"
             "\"version\":%d}",
             v),
         200, "approved");
  resp *r = get_case(clerk, cid);
  char due[11];
  snprintf(due, sizeof due, "%s", jstr(r->json, "papers_due"));
  resp_free(r);
  int year = atoi(due);
  char path[64];
  snprintf(path, sizeof path, "/api/v1/holidays?year=%d", year);
  r = http_get(path, admin);
  ck_status(r, 200);
  json_t *days = json_deep_copy(json_object_get(r->json, "days"));
  resp_free(r);
  json_array_append_new(days, json_pack("{s:s, s:s}", "date", due, "kind", "holiday"));
  json_t *body = json_pack("{s:s, s:o}", "source", "测试：补交期限当日放假", "days", days);
  char *text = json_dumps(body, JSON_COMPACT);
  json_decref(body);
  snprintf(path, sizeof path, "/api/v1/holidays/%d", year);
  r = http("PUT", path, admin, text, NULL);
  free(text);
  ck_status(r, 200);
  ck_assert_int_ge(jint(r->json, "recounted"), 1);
  resp_free(r);
  r = get_case(clerk, cid);
  ck_assert_ptr_nonnull(jstr(r->json, "papers_due"));
  ck_assert_msg(strcmp(jstr(r->json, "papers_due"), due) > 0, "papers due %s, was %s (now a holiday)",
                jstr(r->json, "papers_due"), due);
  resp_free(r);
  ck_assert(has_event(clerk, cid, "deadlines_recounted"));
}
END_TEST

/* Point 14: sent on to the competent centre with the whole history (Art. 38); an application
 * forwarded from custody, and how long it took (Art. 39). */
START_TEST(transfer_and_forwarding) {
  json_t *c = civil(clerk, "\"matter\":\"support_payment\"");
  long cid = jint(c, "id");
  int v = (int)jint(c, "version");
  char old_no[64];
  snprintf(old_no, sizeof old_no, "%s", jstr(c, "case_no"));
  json_decref(c);
  expect(case_act(clerk, cid, "transfer", "{\"center_id\":1,\"reason\":\"x\",\"version\":%d}", v), 422,
         NULL);
  expect(case_act(clerk, cid, "transfer", "{\"center_id\":999,\"reason\":\"x\",\"version\":%d}", v), 422,
         NULL);
  expect(case_act(clerk, cid, "transfer", "{\"center_id\":2,\"version\":%d}", v), 422, NULL);
  resp *r = case_act(clerk, cid, "transfer",
                "{\"center_id\":2,\"reason\":\"办案机关在阳泉，由阳泉市法律援助中心受理\",\"version\":%d}", v);
  ck_status(r, 200);
  ck_assert_int_eq(jint(r->json, "center_id"), 2);
  ck_assert_ptr_nonnull(strstr(jstr(r->json, "case_no"), "阳法援字"));
  ck_assert_str_eq(json_string_value(json_array_get(jget(r->json, "former_case_nos"), 0)), old_no);
  ck_assert_str_eq(jstr(r->json, "status"), "submitted");
  resp_free(r);
  /* The sending centre no longer sees it; the receiving one sees its whole history. */
  r = get_case(clerk, cid);
  ck_status(r, 404);
  resp_free(r);
  ck_assert(has_event(clerk_y, cid, "intake"));
  ck_assert(has_event(clerk_y, cid, "transfer"));
  r = get_case(clerk_y, cid);
  ck_status(r, 200);
  ck_assert_int_eq(jint(r->json, "transferred_from"), 1);
  resp_free(r);

  /* Forwarded by a detention centre: received there 30 hours before the centre got it. */
  char id[19];
  make_id(id, "211104", "19880101", 'M', seq);
  seq += 2;
  c = post_case(clerk,
                "{\"center_id\":1,\"channel\":\"window\",\"case_type\":\"criminal_defense\","
                "\"stage\":\"investigation\",\"received_at\":\"2026-03-03T15:00:00+08:00\","
                "\"forwarded\":{\"kind\":\"detention_centre\",\"organ_name\":\"盘锦市看守所\","
                "\"received_at\":\"2026-03-02T09:00:00+08:00\"},"
                "\"applicant\":{\"name\":\"在押人\",\"id_number\":\"%s\",\"household_size\":1,"
                "\"household_monthly_income_fen\":0}}",
                id);
  ck_assert_str_eq(jstr(c, "forwarded.kind"), "detention_centre");
  ck_assert_int_eq(jint(c, "forwarded.hours"), 30);
  ck_assert(json_is_true(jget(c, "forwarded.late")));
  json_decref(c);
  r = http_postf("/api/v1/cases", clerk,
                 "{\"center_id\":1,\"channel\":\"window\",\"case_type\":\"criminal_defense\","
                 "\"stage\":\"investigation\",\"received_at\":\"2026-03-03T15:00:00+08:00\","
                 "\"forwarded\":{\"kind\":\"detention_centre\",\"received_at\":\"2026-03-04T09:00:00+08:00\"},"
                 "\"applicant\":{\"name\":\"在押人\",\"id_number\":\"%s\"}}",
                 id);
  ck_status(r, 422);
  ck_assert(err_has_field(r, "forwarded.received_at"));
  resp_free(r);
}
END_TEST

/* Point 15: Art. 36: within 3 days of assigning, the organ that notified is told who the lawyer
 * is; the deadline is on the worklist until that is recorded. */
START_TEST(organ_told_who_the_lawyer_is) {
  char id[19];
  make_id(id, "211104", "19900101", 'M', seq);
  seq += 2;
  json_t *c = post_case(clerk,
                        "{\"center_id\":1,\"channel\":\"notice_court\",\"case_type\":\"criminal_defense\","
                        "\"stage\":\"trial\",\"criminal_grounds\":[\"sensory_disability\"],"
                        "\"notice\":{\"organ_name\":\"大洼区人民法院\",\"notice_no\":\"(2026)辽1104刑初1号\"},"
                        "\"applicant\":{\"name\":\"聋哑人\",\"id_number\":\"%s\"}}",
                        id);
  long cid = jint(c, "id");
  int v = (int)jint(c, "version");
  json_decref(c);
  expect(case_act(clerk, cid, "organ-notification", "{\"version\":%d}", v), 409, NULL); /* no lawyer yet */
  v = expect(case_act(reviewer, cid, "decision", "{\"decision\":\"approve\",\"version\":%d}", v), 200,
             "approved");
  v = expect(case_act(reviewer, cid, "assignment", "{\"lawyer_id\":%ld,\"version\":%d}", lawyer_id, v),
             200, "assigned");
  resp *r = get_case(clerk, cid);
  const char *due = jstr(r->json, "organ_notice_due");
  ck_assert_ptr_nonnull(due);
  ck_assert(json_is_null(json_object_get(r->json, "organ_notified_on")));
  resp_free(r);
  r = http_get("/api/v1/cases?organ_notice_owed=true&center_id=1", clerk);
  ck_status(r, 200);
  bool listed = false;
  size_t i;
  json_t *it;
  json_array_foreach(json_object_get(r->json, "items"), i, it) listed = listed || jint(it, "id") == cid;
  ck_assert(listed);
  resp_free(r);
  expect(case_act(lawyer, cid, "organ-notification", "{\"version\":%d}", v), 403, NULL);
  v = expect(case_act(clerk, cid, "organ-notification", "{\"comment\":\"已函告法院\",\"version\":%d}", v),
             200, "assigned");
  r = get_case(clerk, cid);
  ck_assert_ptr_nonnull(jstr(r->json, "organ_notified_on"));
  resp_free(r);
  expect(case_act(clerk, cid, "organ-notification", "{\"version\":%d}", v), 409, NULL);
  /* An application (no notice): nothing to tell. */
  json_t *k = civil(clerk, "\"matter\":\"support_payment\"");
  expect(case_act(clerk, jint(k, "id"), "organ-notification", "{\"version\":%d}", (int)jint(k, "version")),
         409, NULL);
  json_decref(k);
}
END_TEST

static Suite *law_suite(void) {
  Suite *s = suite_create("api_law");
  TCase *t = tcase_create("law");
  tcase_set_timeout(t, 120);
  tcase_add_test(t, intake_matters_of_1_1);
  tcase_add_test(t, holidays_read_and_provisional);
  tcase_add_test(t, holidays_loaded_recount_open_cases);
  tcase_add_test(t, criminal_second_instance_and_retrial);
  tcase_add_test(t, case_numbers_full_width);
  tcase_add_test(t, people_on_a_case);
  tcase_add_test(t, agent_corrected_or_removed);
  tcase_add_test(t, withdrawal_and_deemed_withdrawal);
  tcase_add_test(t, objection_after_termination_bureau_decides);
  tcase_add_test(t, papers_owed_after_urgent_aid);
  tcase_add_test(t, transfer_and_forwarding);
  tcase_add_test(t, organ_told_who_the_lawyer_is);
  /* Last: it changes a year's calendar for the rest of the suite. */
  tcase_add_test(t, papers_owed_counted_again_when_a_year_is_loaded);
  suite_add_tcase(s, t);
  return s;
}

int main(void) {
  harness_start("law");
  admin = login(ADMIN_USER, ADMIN_PASS);
  clerk = user_token(admin, "law_clerk", "clerk", 1);
  clerk2 = user_token(admin, "law_clerk_l", "clerk", 5);
  reviewer = user_token(admin, "law_reviewer", "reviewer", 1);
  sup = user_token(admin, "law_sup", "supervisor", 1);
  clerk_y = user_token(admin, "law_clerk_y", "clerk", 2);
  admin_y = user_token(admin, "law_admin_y", "admin", 2);
  /* A county centre under Yangquan (城区, 140302), for the bureau's scope. */
  resp *r = http_postf("/api/v1/centers", admin,
                       "{\"name\":\"阳泉市城区法律援助中心\",\"region_code\":\"140302\","
                       "\"case_no_prefix\":\"城\"}");
  if (r->status != 201) {
    fprintf(stderr, "creating a county centre: %ld %s\n", r->status, r->body);
    return 1;
  }
  county_center = jint(r->json, "id");
  resp_free(r);
  bureau_y = user_token(admin, "law_bureau_y", "bureau", 2);
  bureau_l = user_token(admin, "law_bureau_l", "bureau", 5);
  lawyer_id = create_user(admin, "law_lawyer", "lawyer", 1,
                          "{\"license_no\":\"21110200812340001\",\"firm\":\"辽宁某律所\","
                          "\"kind\":\"lawyer\",\"practice_years\":9,"
                          "\"specialties\":[\"criminal_defense\",\"civil\"]}");
  lawyer = login("law_lawyer", USER_PASS);
  int failed = run_suite(law_suite());
  int code = harness_stop();
  if (code != 0) fprintf(stderr, "legalaidd exited with %d after SIGTERM\n", code);
  free(admin);
  return failed == 0 && code == 0 ? 0 : 1;
}
