/* Intake, case reads, lists, the audit trail and isolation between centres. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static char *admin, *clerk1, *clerk2, *reviewer1, *sup1;

/* A valid window intake for centre 1 (大洼区), received on `date`, applicant born `birth`. */
static char *intake_body(long center, const char *date, const char *birth, char sex, int seq,
                         const char *extra) {
  char id[19];
  make_id(id, "211104", birth, sex, seq);
  char *b = NULL;
  int n = asprintf(&b,
                   "{\"center_id\":%ld,\"channel\":\"window\",\"received_at\":\"%sT09:30:00+08:00\","
                   "\"case_type\":\"civil\",\"matter\":\"labour_remuneration\","
                   "\"summary\":\"讨要工资\",\"opposing_party\":\"某建筑公司\","
                   "\"applicant\":{\"name\":\"王某\",\"id_number\":\"%s\",\"phone\":\"13812345678\","
                   "\"address\":\"盘锦市大洼区某街道\",\"ethnicity\":\"汉族\","
                   "\"household_size\":3,\"household_monthly_income_fen\":150000}%s}",
                   center, date, id, extra ? extra : "");
  (void)n;
  return b;
}

static bool has_group(json_t *c, const char *g) {
  size_t i;
  json_t *v;
  json_array_foreach(jget(c, "applicant.groups"), i, v) {
    if (strcmp(json_string_value(v), g) == 0) return true;
  }
  return false;
}

/* The ids of the rules of an eligibility answer, comma-separated (in a static buffer). */
static const char *rule_ids(json_t *eligibility) {
  static char ids[512];
  size_t used = 0, i;
  json_t *rule;
  ids[0] = '\0';
  json_array_foreach(json_object_get(eligibility, "rules"), i, rule) {
    int n = snprintf(ids + used, sizeof ids - used, "%s%s", used ? "," : "",
                     json_string_value(json_object_get(rule, "id")));
    if (n > 0) used += (size_t)n;
  }
  return ids;
}

START_TEST(intake_creates_numbered_case) {
  /* The next number of 大洼区's 2024 sequence, whatever other tests numbered before. */
  char *before = sql_value("SELECT COALESCE(max(last_no), 0) FROM case_counters"
                           " WHERE center_id = 1 AND year = 2024");
  char want_no[64];
  snprintf(want_no, sizeof want_no, "（2024）洼法援字第%04d号", atoi(before) + 1);
  free(before);
  char *b = intake_body(1, "2024-03-04", "19900101", 'M', 11, NULL);
  char want_id[19];
  make_id(want_id, "211104", "19900101", 'M', 11);
  resp *r = http("POST", "/api/v1/cases", clerk1, b, NULL);
  free(b);
  ck_status(r, 201);
  json_t *c = r->json;
  ck_assert_str_eq(jstr(c, "status"), "submitted");
  ck_assert_int_eq(jint(c, "version"), 1);
  ck_assert_str_eq(jstr(c, "case_no"), want_no);
  ck_assert_int_eq(jint(c, "center_id"), 1);
  ck_assert_str_eq(jstr(c, "channel"), "window");
  ck_assert_str_eq(jstr(c, "case_type"), "civil");
  ck_assert_str_eq(jstr(c, "matter"), "labour_remuneration");
  ck_assert_str_eq(jstr(c, "summary"), "讨要工资");
  ck_assert_str_eq(jstr(c, "opposing_party"), "某建筑公司");
  ck_assert_str_eq(jstr(c, "decision_due"), "2024-03-11");
  ck_assert(json_is_null(json_object_get(c, "assignment_due")));
  ck_assert_str_eq(jstr(c, "deadline_mode"), "calendar_days");
  ck_assert_str_eq(jstr(c, "received_at"), "2024-03-04T09:30:00+08:00");
  ck_assert_int_eq((int)json_array_size(json_object_get(c, "duplicate_of")), 0);
  /* The applicant as given, in full to the clerk, and what the ID says. */
  ck_assert_str_eq(jstr(c, "applicant.name"), "王某");
  ck_assert_str_eq(jstr(c, "applicant.id_number"), want_id);
  ck_assert_str_eq(jstr(c, "applicant.phone"), "13812345678");
  ck_assert_str_eq(jstr(c, "applicant.address"), "盘锦市大洼区某街道");
  ck_assert_str_eq(jstr(c, "applicant.sex"), "M");
  ck_assert_str_eq(jstr(c, "applicant.birth_date"), "1990-01-01");
  ck_assert_int_eq(jint(c, "applicant.household_size"), 3);
  ck_assert_int_eq(jint(c, "applicant.household_monthly_income_fen"), 150000);
  ck_assert_int_eq((int)json_array_size(jget(c, "applicant.groups")), 0);
  /* Eligible (Art. 31 labour remuneration): 500 yuan a person a month is within Liaoning's
   * default threshold of 1,910 (db/reference/40_jurisdictions.sql). */
  json_t *e = json_object_get(c, "eligibility");
  ck_assert(json_is_true(json_object_get(e, "eligible")));
  ck_assert(json_is_false(json_object_get(e, "mandatory")));
  ck_assert_str_eq(jstr(e, "means_test"), "required");
  /* One rule per item of Art. 31 (issue 12): labour remuneration is its item (五). */
  ck_assert_str_eq(rule_ids(e), "art31_5_labour,art41_statement,art34_within_threshold");
  ck_assert_int_eq((int)json_array_size(json_object_get(e, "missing")), 0);
  ck_assert_str_eq(jstr(e, "threshold.region_code"), "210000");
  ck_assert_int_eq(jint(e, "threshold.monthly_income_fen"), 191000);
  long id = jint(c, "id");
  resp_free(r);
  /* The intake event was written with it. */
  char q[200];
  snprintf(q, sizeof q, "SELECT count(*) FROM case_events WHERE case_id = %ld AND action = 'intake'", id);
  char *n = sql_value(q);
  ck_assert_str_eq(n, "1");
  free(n);
}
END_TEST

START_TEST(case_numbers_sequence_per_center_and_year) {
  char *nos[3];
  const char *dates[3] = {"2023-12-30", "2023-12-31", "2024-01-02"};
  for (int i = 0; i < 3; i++) {
    char *b = intake_body(2, dates[i], "19800505", 'F', 20 + i, NULL);
    resp *r = http("POST", "/api/v1/cases", admin, b, NULL);
    free(b);
    ck_status(r, 201);
    nos[i] = strdup(json_string_value(json_object_get(r->json, "case_no")));
    resp_free(r);
  }
  ck_assert_str_eq(nos[0], "（2023）阳法援字第0001号");
  ck_assert_str_eq(nos[1], "（2023）阳法援字第0002号");
  ck_assert_str_eq(nos[2], "（2024）阳法援字第0001号");
  for (int i = 0; i < 3; i++) free(nos[i]);
}
END_TEST

START_TEST(resident_id_errors_name_the_field) {
  static const char *bad[] = {
      "21110419900101001",   /* 17 characters */
      "2111041990010100111", /* 19 */
      "21110419900101001A",  /* letter */
      "991104199001010011",  /* unknown province */
      "211104199002300011",  /* 30 February */
      "211104203001010011",  /* born in the future */
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char *b = NULL;
    int n = asprintf(&b,
                     "{\"center_id\":1,\"channel\":\"window\",\"case_type\":\"plea_help\","
                     "\"applicant\":{\"name\":\"李某\",\"id_number\":\"%s\"}}",
                     bad[i]);
    (void)n;
    resp *r = http("POST", "/api/v1/cases", clerk1, b, NULL);
    free(b);
    ck_assert_msg(r->status == 422, "%s -> %ld", bad[i], r->status);
    ck_assert_str_eq(err_code(r), "validation_failed");
    ck_assert_msg(err_has_field(r, "applicant.id_number"), "%s: %s", bad[i], r->body);
    resp_free(r);
  }
  /* A wrong check character, explicitly. */
  char id[19];
  make_id(id, "211104", "19900101", 'M', 5);
  id[17] = id[17] == '0' ? '1' : '0';
  char *b = NULL;
  int n = asprintf(&b,
                   "{\"center_id\":1,\"channel\":\"window\",\"case_type\":\"plea_help\","
                   "\"applicant\":{\"name\":\"李某\",\"id_number\":\"%s\"}}",
                   id);
  (void)n;
  resp *r = http("POST", "/api/v1/cases", clerk1, b, NULL);
  free(b);
  ck_status(r, 422);
  ck_assert(err_has_field(r, "applicant.id_number"));
  resp_free(r);
  char *count = sql_value("SELECT count(*) FROM cases WHERE applicant_name = '李某'");
  ck_assert_str_eq(count, "0");
  free(count);
}
END_TEST

START_TEST(field_validation) {
  char id[19];
  make_id(id, "211104", "19900101", 'M', 7);
  struct {
    const char *body;
    const char *field;
  } cases[] = {
      {"{\"channel\":\"fax\",\"case_type\":\"civil\"}", "channel"},
      {"{\"channel\":\"window\",\"case_type\":\"divorce\"}", "case_type"},
      {"{\"channel\":\"window\",\"case_type\":\"civil\",\"opposing_party\":\"x\"}", "matter"},
      {"{\"channel\":\"window\",\"case_type\":\"criminal_defense\"}", "stage"},
      {"{\"channel\":\"window\",\"case_type\":\"civil\",\"matter\":\"other\",\"opposing_party\":\"x\","
       "\"stage\":\"trial\"}",
       "stage"},
      {"{\"channel\":\"notice_court\",\"case_type\":\"criminal_defense\",\"stage\":\"trial\"}",
       "notice.organ_name"},
      {"{\"channel\":\"window\",\"case_type\":\"civil\",\"matter\":\"wages\"}", "matter"},
      {"{\"channel\":\"window\",\"case_type\":\"plea_help\",\"criminal_grounds\":[\"rich\"]}",
       "criminal_grounds"},
      {"{\"channel\":\"window\",\"case_type\":\"plea_help\",\"exemptions\":\"bravery\"}", "exemptions"},
      {"{\"channel\":\"window\",\"case_type\":\"plea_help\",\"received_at\":\"yesterday\"}",
       "received_at"},
      {"{\"channel\":\"window\",\"case_type\":\"plea_help\",\"received_at\":\"2099-01-01T00:00:00Z\"}",
       "received_at"},
      {"{\"channel\":\"window\",\"case_type\":\"plea_help\",\"venue_region_code\":\"12\"}",
       "venue_region_code"},
      {"{\"channel\":\"window\",\"case_type\":\"plea_help\",\"venue_region_code\":\"999999\"}",
       "venue_region_code"},
      {"{\"center_id\":\"one\",\"channel\":\"window\",\"case_type\":\"plea_help\"}", "center_id"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    /* Splice a valid applicant into each body. */
    char *b = NULL;
    size_t bl = strlen(cases[i].body);
    int n = asprintf(&b, "%.*s,\"applicant\":{\"name\":\"赵某\",\"id_number\":\"%s\"}}",
                     (int)(bl - 1), cases[i].body, id);
    (void)n;
    resp *r = http("POST", "/api/v1/cases", clerk1, b, NULL);
    ck_assert_msg(r->status == 422 && err_has_field(r, cases[i].field), "%s -> %ld %s", b,
                  r->status, r->body);
    free(b);
    resp_free(r);
  }
  /* Applicant fields. */
  struct {
    const char *applicant;
    const char *field;
  } app[] = {
      {"{\"id_number\":\"%s\"}", "applicant.name"},
      {"{\"name\":\"赵某\"}", "applicant.id_number"},
      {"{\"name\":\"赵某\",\"id_number\":\"%s\",\"phone\":\"12345\"}", "applicant.phone"},
      {"{\"name\":\"赵某\",\"id_number\":\"%s\",\"phone\":\"1381234567x\"}", "applicant.phone"},
      {"{\"name\":\"赵某\",\"id_number\":\"%s\",\"groups\":[\"rich\"]}", "applicant.groups"},
      {"{\"name\":\"赵某\",\"id_number\":\"%s\",\"groups\":[\"minor\"]}", "applicant.groups"},
      {"{\"name\":\"赵某\",\"id_number\":\"%s\",\"household_size\":0}", "applicant.household_size"},
      {"{\"name\":\"赵某\",\"id_number\":\"%s\",\"household_monthly_income_fen\":-1}",
       "applicant.household_monthly_income_fen"},
      {"{\"name\":\"赵某\",\"id_number\":\"%s\",\"household_monthly_income_fen\":12.5}",
       "applicant.household_monthly_income_fen"},
  };
  for (size_t i = 0; i < sizeof app / sizeof app[0]; i++) {
    char appl[512];
    const char *hole = strstr(app[i].applicant, "%s");
    if (hole)
      snprintf(appl, sizeof appl, "%.*s%s%s", (int)(hole - app[i].applicant), app[i].applicant,
               id, hole + 2);
    else
      snprintf(appl, sizeof appl, "%s", app[i].applicant);
    char *b = NULL;
    int n = asprintf(&b, "{\"center_id\":1,\"channel\":\"window\",\"case_type\":\"plea_help\","
                         "\"applicant\":%s}", appl);
    (void)n;
    resp *r = http("POST", "/api/v1/cases", clerk1, b, NULL);
    ck_assert_msg(r->status == 422 && err_has_field(r, app[i].field), "%s -> %ld %s", b, r->status,
                  r->body);
    free(b);
    resp_free(r);
  }
  resp *r = http_postf("/api/v1/cases", clerk1, "{\"applicant\":[]}");
  ck_status(r, 422);
  ck_assert(err_has_field(r, "applicant"));
  resp_free(r);
  char *count = sql_value("SELECT count(*) FROM cases WHERE applicant_name = '赵某'");
  ck_assert_str_eq(count, "0");
  free(count);
}
END_TEST

START_TEST(groups_derived_and_flagged) {
  /* A girl of 17 on the application date, of the Zhuang people, flagged as disabled. */
  char *b = intake_body(1, "2024-06-01", "20061001", 'F', 31,
                        NULL);
  /* Replace ethnicity and add groups by building a fresh body. */
  free(b);
  char id[19];
  make_id(id, "211104", "20061001", 'F', 31);
  resp *r = http_postf("/api/v1/cases", clerk1,
                       "{\"channel\":\"window\",\"received_at\":\"2024-06-01\","
                       "\"case_type\":\"criminal_victim\",\"stage\":\"trial\","
                       "\"opposing_party\":\"某某\",\"applicant\":{\"name\":\"韦某\","
                       "\"id_number\":\"%s\",\"ethnicity\":\"壮族\",\"groups\":[\"disabled\"]}}",
                       id);
  ck_status(r, 201);
  ck_assert(has_group(r->json, "minor"));
  ck_assert(has_group(r->json, "woman"));
  ck_assert(has_group(r->json, "ethnic_minority"));
  ck_assert(has_group(r->json, "disabled"));
  ck_assert(!has_group(r->json, "elderly"));
  ck_assert_int_eq(json_integer_value(json_object_get(r->json, "center_id")), 1);
  resp_free(r);
  /* 18 exactly on the application date: not a minor. */
  make_id(id, "211104", "20060601", 'M', 33);
  r = http_postf("/api/v1/cases", clerk1,
                 "{\"channel\":\"window\",\"received_at\":\"2024-06-01\",\"case_type\":\"plea_help\","
                 "\"applicant\":{\"name\":\"成某\",\"id_number\":\"%s\"}}",
                 id);
  ck_status(r, 201);
  ck_assert(!has_group(r->json, "minor"));
  resp_free(r);
  /* 60 exactly: elderly. */
  make_id(id, "211104", "19640601", 'M', 35);
  r = http_postf("/api/v1/cases", clerk1,
                 "{\"channel\":\"window\",\"received_at\":\"2024-06-01\",\"case_type\":\"plea_help\","
                 "\"applicant\":{\"name\":\"老某\",\"id_number\":\"%s\"}}",
                 id);
  ck_status(r, 201);
  ck_assert(has_group(r->json, "elderly"));
  resp_free(r);
}
END_TEST

START_TEST(notice_case_deadline) {
  char id[19];
  make_id(id, "211104", "19850312", 'M', 41);
  resp *r = http_postf("/api/v1/cases", clerk1,
                       "{\"channel\":\"notice_court\",\"received_at\":\"2024-05-06T10:00:00+08:00\","
                       "\"case_type\":\"criminal_defense\",\"stage\":\"trial\","
                       "\"criminal_grounds\":[\"life_or_death_penalty\"],"
                       "\"notice\":{\"organ_name\":\"盘锦市中级人民法院\",\"notice_no\":\"(2024)辽11刑初5号\"},"
                       "\"applicant\":{\"name\":\"被告某\",\"id_number\":\"%s\"}}",
                       id);
  ck_status(r, 201);
  ck_assert_str_eq(json_string_value(json_object_get(r->json, "assignment_due")), "2024-05-09");
  ck_assert_str_eq(json_string_value(jget(r->json, "notice.organ_name")), "盘锦市中级人民法院");
  resp_free(r);
}
END_TEST

START_TEST(idempotency_key) {
  char *b = intake_body(1, "2024-04-01", "19700101", 'M', 51, NULL);
  const char *key[] = {"Idempotency-Key: intake-abc-1", NULL};
  resp *a = http("POST", "/api/v1/cases", clerk1, b, key);
  resp *c = http("POST", "/api/v1/cases", clerk1, b, key);
  ck_status(a, 201);
  ck_status(c, 201);
  ck_assert_int_eq(json_integer_value(json_object_get(a->json, "id")),
                   json_integer_value(json_object_get(c->json, "id")));
  ck_assert_str_eq(json_string_value(json_object_get(a->json, "case_no")),
                   json_string_value(json_object_get(c->json, "case_no")));
  resp_free(a);
  resp_free(c);
  char *n = sql_value("SELECT count(*) FROM cases WHERE received_at = '2024-04-01 09:30+08'");
  ck_assert_str_eq(n, "1");
  free(n);
  /* The same key with another body is refused and creates nothing. */
  char *b2 = intake_body(1, "2024-04-02", "19700101", 'M', 51, NULL);
  resp *d = http("POST", "/api/v1/cases", clerk1, b2, key);
  ck_status(d, 422);
  ck_assert(err_has_field(d, "Idempotency-Key"));
  resp_free(d);
  n = sql_value("SELECT count(*) FROM cases WHERE received_at = '2024-04-02 09:30+08'");
  ck_assert_str_eq(n, "0");
  free(n);
  free(b);
  free(b2);
}
END_TEST

START_TEST(get_case_and_masked_list) {
  char *b = intake_body(1, "2024-07-01", "19750815", 'F', 61, NULL);
  resp *r = http("POST", "/api/v1/cases", clerk1, b, NULL);
  free(b);
  ck_status(r, 201);
  long id = (long)json_integer_value(json_object_get(r->json, "id"));
  char full_id[19];
  snprintf(full_id, sizeof full_id, "%s", json_string_value(jget(r->json, "applicant.id_number")));
  resp_free(r);
  char path[64];
  snprintf(path, sizeof path, "/api/v1/cases/%ld", id);
  r = http_get(path, reviewer1);
  ck_status(r, 200);
  ck_assert_str_eq(json_string_value(jget(r->json, "applicant.id_number")), full_id);
  ck_assert_str_eq(json_string_value(jget(r->json, "applicant.phone")), "13812345678");
  resp_free(r);
  char q[128];
  snprintf(q, sizeof q, "SELECT count(*) FROM pii_reads WHERE case_id = %ld", id);
  /* Written apart from the read, within a moment (store/pii_log.h). */
  char *n = sql_value_eventually(q, "1", 10000);
  ck_assert_str_eq(n, "1");
  free(n);
  /* A supervisor sees it masked: the first 4 and last 4 of the ID, 3 and 4 of the phone, no
   * address; and its read is not recorded as a read of personal data. */
  char masked[19];
  snprintf(masked, sizeof masked, "%.4s**********%.4s", full_id, full_id + 14);
  r = http_get(path, sup1);
  ck_status(r, 200);
  ck_assert_str_eq(jstr(r->json, "applicant.id_number"), masked);
  ck_assert_str_eq(jstr(r->json, "applicant.phone"), "138****5678");
  ck_assert(json_is_null(jget(r->json, "applicant.address")));
  ck_assert_str_eq(jstr(r->json, "applicant.name"), "王某");
  resp_free(r);
  /* The reviewer reads it again: its row is written after any row of the supervisor's read
   * (one queue, written in order), so once it is there the supervisor's would be too. */
  r = http_get(path, reviewer1);
  ck_status(r, 200);
  resp_free(r);
  n = sql_value_eventually(q, "2", 10000);
  ck_assert_str_eq(n, "2");
  free(n);
  snprintf(q, sizeof q, "SELECT count(DISTINCT user_id) FROM pii_reads WHERE case_id = %ld", id);
  n = sql_value(q);
  ck_assert_str_eq(n, "1");
  free(n);
  /* A landline of 12 digits keeps its first 3 and last 4 too. */
  snprintf(q, sizeof q, "UPDATE cases SET applicant_phone = '073188888888' WHERE id = %ld", id);
  free(sql_value(q));
  /* Lists mask both, for everyone. */
  r = http_get("/api/v1/cases?limit=500", clerk1);
  ck_status(r, 200);
  size_t i;
  json_t *c;
  bool found = false;
  json_array_foreach(json_object_get(r->json, "items"), i, c) {
    const char *idn = jstr(c, "applicant.id_number");
    ck_assert_int_eq((int)strlen(idn), 18);
    ck_assert_int_eq(memcmp(idn + 4, "**********", 10), 0);
    ck_assert(json_is_null(jget(c, "applicant.address")));
    if (jint(c, "id") != id) continue;
    found = true;
    ck_assert_str_eq(idn, masked);
    ck_assert_str_eq(jstr(c, "applicant.phone"), "073*****8888");
  }
  ck_assert(found);
  resp_free(r);
  r = http_get("/api/v1/cases/999999", clerk1);
  ck_status(r, 404);
  resp_free(r);
  r = http_get("/api/v1/cases/abc", clerk1);
  ck_status(r, 404);
  resp_free(r);
}
END_TEST

START_TEST(list_filters_and_paging) {
  for (int i = 0; i < 5; i++) {
    char *b = intake_body(1, "2022-02-10", "19600101", 'M', 71 + 2 * i, NULL);
    resp *r = http("POST", "/api/v1/cases", clerk1, b, NULL);
    ck_status(r, 201);
    resp_free(r);
    free(b);
  }
  /* Paging by 2 through the day's five cases: 2 + 2 + 1, no repeats. */
  long seen[8];
  int nseen = 0;
  char path[256] = "/api/v1/cases?from=2022-02-10&to=2022-02-10&limit=2";
  for (int page = 0; page < 4; page++) {
    resp *r = http_get(path, clerk1);
    ck_status(r, 200);
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(r->json, "items"), i, c) {
      long id = (long)json_integer_value(json_object_get(c, "id"));
      for (int k = 0; k < nseen; k++) ck_assert_int_ne(seen[k], id);
      seen[nseen++] = id;
    }
    json_t *next = json_object_get(r->json, "next_cursor");
    if (json_is_null(next)) {
      resp_free(r);
      break;
    }
    snprintf(path, sizeof path, "/api/v1/cases?from=2022-02-10&to=2022-02-10&limit=2&cursor=%s",
             json_string_value(next));
    resp_free(r);
  }
  ck_assert_int_eq(nseen, 5);
  /* Filters. */
  resp *r = http_get("/api/v1/cases?status=submitted&case_type=civil&channel=window&from=2022-02-10&to=2022-02-10", clerk1);
  ck_status(r, 200);
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 5);
  resp_free(r);
  r = http_get("/api/v1/cases?case_type=notarization&from=2022-02-10&to=2022-02-10", clerk1);
  ck_status(r, 200);
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 0);
  resp_free(r);
  /* Overdue: submitted long ago, still undecided. */
  r = http_get("/api/v1/cases?overdue=true&from=2022-02-10&to=2022-02-10", clerk1);
  ck_status(r, 200);
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 5);
  resp_free(r);
  /* Search by a full resident ID finds the applicant's case. */
  char id[19];
  make_id(id, "211104", "19600101", 'M', 73);
  char qpath[128];
  snprintf(qpath, sizeof qpath, "/api/v1/cases?q=%s", id);
  r = http_get(qpath, clerk1);
  ck_status(r, 200);
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 1);
  resp_free(r);
  static const char *bad[] = {"status=open", "limit=0", "limit=501", "from=2022-13-01",
                              "overdue=maybe", "cursor=x", "colour=red"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    snprintf(qpath, sizeof qpath, "/api/v1/cases?%s", bad[i]);
    r = http_get(qpath, clerk1);
    ck_assert_msg(r->status == 422, "%s -> %ld", bad[i], r->status);
    resp_free(r);
  }
}
END_TEST

/* A list's text is prepared once per connection and its plan may be kept (db_query_shaped):
 * the same shape must keep answering with what is in the database now, for other values of its
 * parameters, and after the api's views were dropped and created again by another legalaidd's
 * start while this one kept its prepared statements. */
START_TEST(prepared_lists_follow_data_and_views) {
  char path[160];
  for (int i = 0; i < 8; i++) {
    /* One shape (from, to, status), past the five custom plans PostgreSQL makes before it may
     * keep a generic one; each time one case more. */
    char *b = intake_body(1, "2022-03-14", "19700101", 'F', 101 + 2 * i, NULL);
    resp *r = http("POST", "/api/v1/cases", clerk1, b, NULL);
    ck_status(r, 201);
    resp_free(r);
    free(b);
    r = http_get("/api/v1/cases?from=2022-03-14&to=2022-03-14&status=submitted&limit=50", clerk1);
    ck_status(r, 200);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), i + 1);
    resp_free(r);
    /* The same shape with other values: another day has none. */
    r = http_get("/api/v1/cases?from=2022-03-15&to=2022-03-15&status=submitted&limit=50", clerk1);
    ck_status(r, 200);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 0);
    resp_free(r);
  }
  /* A page of 3 of the 8, then the rest by the cursor: the limit is a parameter too. */
  resp *r = http_get("/api/v1/cases?from=2022-03-14&to=2022-03-14&status=submitted&limit=3", clerk1);
  ck_status(r, 200);
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 3);
  snprintf(path, sizeof path,
           "/api/v1/cases?from=2022-03-14&to=2022-03-14&status=submitted&limit=50&cursor=%s",
           jstr(r->json, "next_cursor"));
  resp_free(r);
  r = http_get(path, clerk1);
  ck_status(r, 200);
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 5);
  resp_free(r);
  /* The views dropped and created again beneath the running daemon's prepared lists. */
  ck_assert_int_eq(harness_migrate_again(120), 0);
  for (int i = 0; i < 3; i++) {
    r = http_get("/api/v1/cases?from=2022-03-14&to=2022-03-14&status=submitted&limit=50", clerk1);
    ck_assert_msg(r->status == 200, "after the views were made again: %ld %s", r->status,
                  r->body ? r->body : "");
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 8);
    ck_assert_str_eq(jstr(json_array_get(json_object_get(r->json, "items"), 0), "status"),
                     "submitted");
    resp_free(r);
  }
}
END_TEST

START_TEST(events_trail) {
  char *b = intake_body(1, "2024-08-01", "19900101", 'M', 81, NULL);
  resp *r = http("POST", "/api/v1/cases", clerk1, b, NULL);
  free(b);
  long id = (long)json_integer_value(json_object_get(r->json, "id"));
  resp_free(r);
  char path[64];
  snprintf(path, sizeof path, "/api/v1/cases/%ld/events", id);
  r = http_get(path, reviewer1);
  ck_status(r, 200);
  json_t *items = json_object_get(r->json, "items");
  ck_assert_int_eq(json_array_size(items), 1);
  json_t *e = json_array_get(items, 0);
  ck_assert_str_eq(json_string_value(json_object_get(e, "action")), "intake");
  ck_assert_str_eq(json_string_value(json_object_get(e, "to_status")), "submitted");
  ck_assert_str_eq(json_string_value(json_object_get(e, "actor")), "clerk1");
  ck_assert(json_object_get(e, "at") != NULL);
  resp_free(r);
  r = http_get(path, clerk2); /* another centre */
  ck_status(r, 404);
  resp_free(r);
}
END_TEST

START_TEST(isolation_between_centres) {
  char *b = intake_body(1, "2024-09-01", "19900101", 'M', 91, NULL);
  resp *r = http("POST", "/api/v1/cases", clerk1, b, NULL);
  long id = (long)json_integer_value(json_object_get(r->json, "id"));
  resp_free(r);
  /* A clerk of centre 2 cannot record for centre 1, read or list its cases. */
  r = http("POST", "/api/v1/cases", clerk2, b, NULL);
  ck_status(r, 403);
  resp_free(r);
  free(b);
  char path[64];
  snprintf(path, sizeof path, "/api/v1/cases/%ld", id);
  r = http_get(path, clerk2);
  ck_status(r, 404);
  resp_free(r);
  r = http_get("/api/v1/cases?center_id=1", clerk2);
  ck_status(r, 200);
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 0);
  resp_free(r);
  /* A lawyer sees only cases assigned to it: none yet. */
  char *lawyer = user_token(admin, "lawyer_iso", "lawyer", 1);
  r = http_get("/api/v1/cases", lawyer);
  ck_status(r, 200);
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 0);
  resp_free(r);
  r = http_get(path, lawyer);
  ck_status(r, 404);
  resp_free(r);
  free(lawyer);
}
END_TEST

START_TEST(city_supervisor_sees_counties) {
  /* A county centre under 岳阳市 (430600): 岳阳楼区 430602. */
  resp *r = http_postf("/api/v1/centers", admin,
                       "{\"name\":\"岳阳楼区法律援助中心\",\"region_code\":\"430602\","
                       "\"case_no_prefix\":\"岳楼\"}");
  ck_status(r, 201);
  long county = (long)json_integer_value(json_object_get(r->json, "id"));
  resp_free(r);
  char *county_clerk = user_token(admin, "clerk_ylq", "clerk", county);
  char *city_sup = user_token(admin, "sup_yueyang", "supervisor", 3);
  char *city_clerk = user_token(admin, "clerk_yueyang", "clerk", 3);
  char *county_sup = user_token(admin, "sup_ylq", "supervisor", county);
  char id[19];
  make_id(id, "430602", "19900101", 'M', 101);
  r = http_postf("/api/v1/cases", county_clerk,
                 "{\"channel\":\"window\",\"case_type\":\"plea_help\","
                 "\"applicant\":{\"name\":\"县某\",\"id_number\":\"%s\"}}",
                 id);
  ck_status(r, 201);
  long cid = (long)json_integer_value(json_object_get(r->json, "id"));
  ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(r->json, "case_no")), "岳楼法援字第0001号"));
  resp_free(r);
  char path[64];
  snprintf(path, sizeof path, "/api/v1/cases/%ld", cid);
  r = http_get(path, city_sup);
  ck_status(r, 200); /* the city's supervisor sees its county */
  resp_free(r);
  r = http_get(path, city_clerk);
  ck_status(r, 404); /* a city clerk does not */
  resp_free(r);
  r = http_get("/api/v1/centers", city_sup);
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 2);
  resp_free(r);
  /* The county supervisor does not see the city's cases. */
  char *b = intake_body(3, "2024-09-02", "19900101", 'M', 103, NULL);
  r = http("POST", "/api/v1/cases", city_clerk, b, NULL);
  free(b);
  ck_status(r, 201);
  snprintf(path, sizeof path, "/api/v1/cases/%ld",
           (long)json_integer_value(json_object_get(r->json, "id")));
  resp_free(r);
  r = http_get(path, county_sup);
  ck_status(r, 404);
  resp_free(r);
  free(county_clerk);
  free(city_sup);
  free(city_clerk);
  free(county_sup);
}
END_TEST

/* Intakes into one centre from many clients at once (issue 15: the intakes of a centre overlap,
 * each committed without waiting for the disk before the next may take a number): numbered
 * 1..N without gap or repeat, each with its intake event naming its number. Half carry an
 * Idempotency-Key (the other path through the store). */
#define NUMBERING_THREADS 8
#define NUMBERING_EACH 20

static void *numbering_writer(void *arg) {
  long k = (long)arg;
  for (int i = 0; i < NUMBERING_EACH; i++) {
    char *b = intake_body(3, "2022-03-03", "19770707", (i % 2) ? 'M' : 'F',
                          (int)(k * NUMBERING_EACH + i) % 1000, NULL);
    char key[64];
    snprintf(key, sizeof key, "Idempotency-Key: numbering-%ld-%d", k, i);
    const char *h[] = {key, NULL};
    resp *r = http("POST", "/api/v1/cases", admin, b, (k % 2) ? h : NULL);
    free(b);
    long st = r->status;
    resp_free(r);
    if (st != 201) return (void *)st;
  }
  return NULL;
}

START_TEST(concurrent_intakes_numbered_without_gap) {
  pthread_t t[NUMBERING_THREADS];
  for (long k = 0; k < NUMBERING_THREADS; k++)
    pthread_create(&t[k], NULL, numbering_writer, (void *)k);
  for (int k = 0; k < NUMBERING_THREADS; k++) {
    void *st;
    pthread_join(t[k], &st);
    ck_assert_msg(st == NULL, "an intake answered %ld", (long)st);
  }
  char want[64];
  snprintf(want, sizeof want, "%d %d %d %d %d", NUMBERING_THREADS * NUMBERING_EACH,
           NUMBERING_THREADS * NUMBERING_EACH, NUMBERING_THREADS * NUMBERING_EACH,
           NUMBERING_THREADS * NUMBERING_EACH, NUMBERING_THREADS * NUMBERING_EACH);
  char *got = sql_value(
      "SELECT count(*) || ' ' || count(DISTINCT c.case_seq) || ' ' || max(c.case_seq) || ' ' ||"
      " (SELECT last_no FROM case_counters WHERE center_id = 3 AND year = 2022) || ' ' ||"
      " count(e.id) FILTER (WHERE e.detail->>'case_no' = c.case_no)"
      " FROM cases c LEFT JOIN case_events e ON e.case_id = c.id AND e.action = 'intake'"
      " WHERE c.center_id = 3 AND c.case_year = 2022");
  ck_assert_str_eq(got, want);
  free(got);
}
END_TEST

static Suite *cases_suite(void) {
  Suite *s = suite_create("api_cases");
  TCase *t = tcase_create("intake");
  tcase_set_timeout(t, 60);
  tcase_add_test(t, intake_creates_numbered_case);
  tcase_add_test(t, case_numbers_sequence_per_center_and_year);
  tcase_add_test(t, resident_id_errors_name_the_field);
  tcase_add_test(t, field_validation);
  tcase_add_test(t, groups_derived_and_flagged);
  tcase_add_test(t, notice_case_deadline);
  tcase_add_test(t, idempotency_key);
  tcase_add_test(t, concurrent_intakes_numbered_without_gap);
  suite_add_tcase(s, t);
  TCase *r = tcase_create("reads");
  tcase_set_timeout(r, 60);
  tcase_add_test(r, get_case_and_masked_list);
  tcase_add_test(r, list_filters_and_paging);
  tcase_add_test(r, prepared_lists_follow_data_and_views);
  tcase_add_test(r, events_trail);
  tcase_add_test(r, isolation_between_centres);
  tcase_add_test(r, city_supervisor_sees_counties);
  suite_add_tcase(s, r);
  return s;
}

int main(void) {
  harness_start("cases");
  admin = login(ADMIN_USER, ADMIN_PASS);
  clerk1 = user_token(admin, "clerk1", "clerk", 1);
  clerk2 = user_token(admin, "clerk2", "clerk", 2);
  reviewer1 = user_token(admin, "reviewer1", "reviewer", 1);
  sup1 = user_token(admin, "sup1", "supervisor", 1);
  int failed = run_suite(cases_suite());
  int code = harness_stop();
  if (code != 0) fprintf(stderr, "legalaidd exited with %d after SIGTERM\n", code);
  return failed == 0 && code == 0 ? 0 : 1;
}
