/* The 12348 hotline and consultations, and the supervisor's statistics: the Yuanjiang 2023
 * figures built through the API and found again in /stats/annual, in JSON and in CSV. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static char *admin, *clerk4, *reviewer4, *sup4, *lawyer4, *clerk1, *sup1, *sup3;
static long lawyer4_id;

START_TEST(log_calls_and_validate) {
  resp *r = http_postf("/api/v1/hotline/calls", clerk1,
                       "{\"kind\":\"consultation\",\"started_at\":\"2024-06-03T09:12:00+08:00\",\"duration_s\":240,"
                       "\"caller_phone\":\"13912345678\",\"caller_region_code\":\"211104\",\"topic\":\"labour\","
                       "\"summary\":\"工资拖欠\",\"outcome\":\"answered\",\"follow_up\":false,\"satisfied\":true}");
  ck_status(r, 201);
  ck_assert_str_eq(jstr(r->json, "caller_phone"), "13912345678");
  ck_assert_int_eq(jint(r->json, "center_id"), 1);
  ck_assert(json_is_false(json_object_get(r->json, "in_follow_up_queue")));
  resp_free(r);
  /* Lists mask the phone. */
  r = http_get("/api/v1/hotline/calls?topic=labour", clerk1);
  ck_status(r, 200);
  ck_assert_str_eq(jstr(json_array_get(json_object_get(r->json, "items"), 0), "caller_phone"), "139****5678");
  resp_free(r);
  static const char *bad[] = {
      "{\"kind\":\"chat\",\"topic\":\"labour\",\"outcome\":\"answered\"}",
      "{\"kind\":\"consultation\",\"topic\":\"weather\",\"outcome\":\"answered\"}",
      "{\"kind\":\"consultation\",\"topic\":\"labour\",\"outcome\":\"converted\"}",
      "{\"kind\":\"consultation\",\"topic\":\"labour\",\"outcome\":\"answered\",\"caller_phone\":\"12\"}",
      "{\"kind\":\"consultation\",\"topic\":\"labour\",\"outcome\":\"answered\",\"started_at\":\"2099-01-01T00:00:00Z\"}",
      "{\"kind\":\"consultation\",\"topic\":\"labour\",\"outcome\":\"answered\",\"duration_s\":-1}",
      "{\"kind\":\"consultation\",\"topic\":\"labour\",\"outcome\":\"answered\",\"satisfied\":\"yes\"}",
      "{\"kind\":\"consultation\",\"topic\":\"labour\",\"outcome\":\"answered\",\"caller_region_code\":\"999999\"}",
      "{\"topic\":\"labour\",\"outcome\":\"answered\"}",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    r = http("POST", "/api/v1/hotline/calls", clerk1, bad[i], NULL);
    ck_assert_msg(r->status == 422, "%s -> %ld", bad[i], r->status);
    resp_free(r);
  }
  r = http("POST", "/api/v1/hotline/calls", sup1, "{\"kind\":\"consultation\",\"topic\":\"labour\",\"outcome\":\"answered\"}", NULL);
  ck_status(r, 403);
  resp_free(r);
  char *n = sql_value("SELECT count(*) FROM hotline_calls");
  ck_assert_str_eq(n, "1");
  free(n);
}
END_TEST

START_TEST(idempotent_calls) {
  const char *key[] = {"Idempotency-Key: call-7", NULL};
  const char *body = "{\"kind\":\"complaint\",\"topic\":\"debt\",\"outcome\":\"answered\",\"caller_phone\":\"13700000001\"}";
  resp *a = http("POST", "/api/v1/hotline/calls", clerk1, body, key);
  resp *b = http("POST", "/api/v1/hotline/calls", clerk1, body, key);
  ck_status(a, 201);
  ck_status(b, 201);
  ck_assert_int_eq(jint(a->json, "id"), jint(b->json, "id"));
  resp_free(a);
  resp_free(b);
  char *n = sql_value("SELECT count(*) FROM hotline_calls WHERE caller_phone = '13700000001'");
  ck_assert_str_eq(n, "1");
  free(n);
}
END_TEST

START_TEST(work_orders_and_follow_up_queue) {
  /* A 12345 work order on 2024-09-30 (Mon): out by the next working day (10-08, after the
   * National Day), feedback within 5 working days (10-12 is a make-up Saturday). */
  resp *r = http_postf("/api/v1/hotline/calls", clerk1,
                       "{\"kind\":\"consultation\",\"started_at\":\"2024-09-30T16:00:00+08:00\",\"topic\":\"land\","
                       "\"outcome\":\"work_order_12345\",\"caller_phone\":\"13800000002\"}");
  ck_status(r, 201);
  ck_assert_str_eq(jstr(r->json, "transfer_due"), "2024-10-08");
  ck_assert_str_eq(jstr(r->json, "feedback_due"), "2024-10-12");
  ck_assert(json_is_true(json_object_get(r->json, "in_follow_up_queue")));
  long wo = jint(r->json, "id");
  resp_free(r);
  r = http_postf("/api/v1/hotline/calls", clerk1,
                 "{\"kind\":\"complaint\",\"topic\":\"other\",\"outcome\":\"answered\",\"satisfied\":false,"
                 "\"caller_phone\":\"13800000003\"}");
  ck_status(r, 201);
  long unhappy = jint(r->json, "id");
  resp_free(r);
  r = http_get("/api/v1/hotline/follow-ups", clerk1);
  ck_status(r, 200);
  int found = 0;
  size_t i;
  json_t *c;
  json_array_foreach(json_object_get(r->json, "items"), i, c) {
    long id = jint(c, "id");
    if (id == wo || id == unhappy) found++;
    ck_assert(json_is_true(json_object_get(c, "in_follow_up_queue")));
  }
  ck_assert_int_eq(found, 2);
  resp_free(r);
  char path[96];
  snprintf(path, sizeof path, "/api/v1/hotline/calls/%ld/follow-up", unhappy);
  r = http_postf(path, clerk1, "{}");
  ck_status(r, 422); /* a note is required */
  resp_free(r);
  r = http_postf(path, clerk1, "{\"note\":\"已回访，说明处理情况\",\"satisfied\":true}");
  ck_status(r, 200);
  ck_assert(json_is_false(json_object_get(r->json, "in_follow_up_queue")));
  resp_free(r);
  r = http_postf(path, clerk1, "{\"note\":\"again\"}");
  ck_status(r, 409);
  resp_free(r);
  r = http_get("/api/v1/hotline/follow-ups", clerk1);
  json_array_foreach(json_object_get(r->json, "items"), i, c) ck_assert_int_ne(jint(c, "id"), unhappy);
  resp_free(r);
  /* Another centre's clerk cannot touch it. */
  char *clerk2 = user_token(admin, "h_clerk2", "clerk", 2);
  snprintf(path, sizeof path, "/api/v1/hotline/calls/%ld/follow-up", wo);
  r = http_postf(path, clerk2, "{\"note\":\"x\"}");
  ck_status(r, 404);
  resp_free(r);
  free(clerk2);
}
END_TEST

START_TEST(caller_history_and_conversion) {
  const char *phone = "13655556666";
  resp *r = http_postf("/api/v1/hotline/calls", clerk1,
                       "{\"kind\":\"consultation\",\"topic\":\"labour\",\"outcome\":\"answered\","
                       "\"caller_phone\":\"%s\",\"started_at\":\"2024-05-01T10:00:00+08:00\"}", phone);
  ck_status(r, 201);
  resp_free(r);
  r = http_postf("/api/v1/hotline/calls", clerk1,
                 "{\"kind\":\"consultation\",\"topic\":\"labour\",\"outcome\":\"answered\",\"caller_phone\":\"%s\"}",
                 phone);
  ck_status(r, 201);
  long call = jint(r->json, "id");
  resp_free(r);
  char path[96];
  snprintf(path, sizeof path, "/api/v1/hotline/calls/%ld/convert", call);
  char id[19];
  make_id(id, "211104", "19850101", 'M', 3);
  /* A bad intake changes nothing. */
  r = http_postf(path, clerk1, "{\"case_type\":\"civil\",\"applicant\":{\"name\":\"来电人\",\"id_number\":\"%s\"}}", id);
  ck_status(r, 422);
  resp_free(r);
  r = http_postf(path, clerk1, "{\"channel\":\"window\",\"case_type\":\"plea_help\",\"applicant\":{\"name\":\"来电人\",\"id_number\":\"%s\"}}", id);
  ck_status(r, 422);
  resp_free(r);
  r = http_postf(path, clerk1,
                 "{\"case_type\":\"labor_arbitration\",\"matter\":\"labour_remuneration\",\"opposing_party\":\"某厂\","
                 "\"applicant\":{\"name\":\"来电人\",\"id_number\":\"%s\",\"phone\":\"%s\",\"groups\":[\"migrant_worker\"]}}",
                 id, phone);
  ck_status(r, 201);
  ck_assert_str_eq(jstr(r->json, "channel"), "hotline_12348");
  ck_assert_int_eq(jint(r->json, "center_id"), 1);
  long cid = jint(r->json, "id");
  resp_free(r);
  r = http_postf(path, clerk1, "{\"case_type\":\"plea_help\",\"applicant\":{\"name\":\"来电人\",\"id_number\":\"%s\"}}", id);
  ck_status(r, 409);
  resp_free(r);
  char q[160];
  snprintf(q, sizeof q, "SELECT outcome || ':' || case_id FROM hotline_calls WHERE id = %ld", call);
  char *v = sql_value(q);
  char want[64];
  snprintf(want, sizeof want, "converted:%ld", cid);
  ck_assert_str_eq(v, want);
  free(v);
  snprintf(q, sizeof q, "SELECT detail->>'hotline_call_id' FROM case_events WHERE case_id = %ld"
           " AND action = 'converted_from_call'", cid);
  v = sql_value(q);
  snprintf(want, sizeof want, "%ld", call);
  ck_assert_str_eq(v, want);
  free(v);
  /* The full number finds both calls and the case. */
  snprintf(path, sizeof path, "/api/v1/hotline/callers/%s", phone);
  r = http_get(path, clerk1);
  ck_status(r, 200);
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "calls")), 2);
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "cases")), 1);
  ck_assert_int_eq(jint(json_array_get(json_object_get(r->json, "cases"), 0), "id"), cid);
  resp_free(r);
  r = http_get("/api/v1/hotline/callers/12", clerk1);
  ck_status(r, 422);
  resp_free(r);
  r = http_get("/api/v1/hotline/calls?phone=13655556666&outcome=converted", clerk1);
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 1);
  resp_free(r);
}
END_TEST

/* ---- the Yuanjiang 2023 report, built and counted ---- */

typedef struct {
  int from, to, failures;
} part;

/* 1062 cases: 131 civil, 262 criminal, 668 plea-leniency help, 1 administrative; among the
 * applicants 149 minors, 42 elderly, 77 women, 9 of an ethnic minority, 50 migrant workers,
 * 27 disabled, 1 military. */
static void *build(void *arg) {
  part *p = arg;
  for (int i = p->from; i < p->to; i++) {
    const char *type = i < 131    ? "\"case_type\":\"civil\",\"matter\":\"labour_remuneration\",\"opposing_party\":\"某公司\""
                       : i < 393  ? "\"case_type\":\"criminal_defense\",\"stage\":\"trial\""
                       : i < 1061 ? "\"case_type\":\"plea_help\""
                                  : "\"case_type\":\"administrative\",\"matter\":\"social_insurance\",\"opposing_party\":\"某局\"";
    const char *birth = i < 149 ? "20100301" : i < 191 ? "19500301" : "19850301";
    char sex = (i >= 191 && i < 268) ? 'F' : 'M';
    const char *ethnicity = (i >= 268 && i < 277) ? "壮族" : "汉族";
    const char *flag = (i >= 277 && i < 327)   ? "\"migrant_worker\""
                       : (i >= 327 && i < 354) ? "\"disabled\""
                       : i == 354              ? "\"military\""
                                               : "";
    const char *channel = i % 3 == 0 ? "window" : i % 3 == 1 ? "hotline_12348" : "online";
    char id[19];
    make_id(id, "430981", birth, sex, (i * 2 + 1) % 1000);
    resp *r = http_postf("/api/v1/cases", clerk4,
                         "{\"channel\":\"%s\",\"received_at\":\"2023-%02d-15T10:00:00+08:00\",%s,"
                         "\"applicant\":{\"name\":\"沅江%d\",\"id_number\":\"%s\",\"ethnicity\":\"%s\","
                         "\"groups\":[%s],\"household_size\":2,\"household_monthly_income_fen\":100000}}",
                         channel, 1 + i % 12, type, i, id, ethnicity, flag);
    if (r->status != 201) {
      fprintf(stderr, "case %d: %ld %s\n", i, r->status, r->body);
      p->failures++;
    }
    resp_free(r);
  }
  return NULL;
}

static void close_one(long recovered, const char *satisfied) {
  char id[19];
  static int seq = 1;
  make_id(id, "430981", "19800101", 'M', 900 + seq++);
  resp *r = http_postf("/api/v1/cases", clerk4,
                       "{\"channel\":\"window\",\"received_at\":\"2022-12-20T10:00:00+08:00\",\"case_type\":\"civil\","
                       "\"matter\":\"labour_remuneration\",\"opposing_party\":\"某公司\",\"applicant\":{\"name\":\"讨薪\","
                       "\"id_number\":\"%s\",\"groups\":[\"migrant_worker\"]}}", id);
  ck_status(r, 201);
  long cid = jint(r->json, "id");
  resp_free(r);
  char path[96];
  int v = 1;
#define STEP(tok, what, ...)                                          \
  snprintf(path, sizeof path, "/api/v1/cases/%ld/%s", cid, what);     \
  r = http_postf(path, tok, __VA_ARGS__);                                   \
  ck_assert_msg(r->status == 200, "%s: %s", what, r->body);           \
  v = (int)jint(r->json, "version");                                  \
  resp_free(r)
  STEP(reviewer4, "decision", "{\"decision\":\"approve\",\"version\":%d}", v);
  STEP(reviewer4, "assignment", "{\"lawyer_id\":%ld,\"version\":%d}", lawyer4_id, v);
  STEP(lawyer4, "accept", "{\"version\":%d}", v);
  STEP(lawyer4, "closure", "{\"outcome\":\"调解结案\",\"recovered_fen\":%ld,\"closed_on\":\"2023-06-30\",\"version\":%d}",
       recovered, v);
  STEP(clerk4, "satisfaction", "{\"satisfied\":%s}", satisfied);
#undef STEP
}

START_TEST(yuanjiang_2023_annual_figures) {
  pthread_t t[4];
  part parts[4];
  for (int i = 0; i < 4; i++) {
    parts[i] = (part){i * 266, i == 3 ? 1062 : (i + 1) * 266, 0};
    pthread_create(&t[i], NULL, build, &parts[i]);
  }
  int failures = 0;
  for (int i = 0; i < 4; i++) {
    pthread_join(t[i], NULL);
    failures += parts[i].failures;
  }
  ck_assert_int_eq(failures, 0);
  /* Three cases of 2022 closed in 2023 with wages recovered; two callers satisfied, one not. */
  close_one(10000000, "true");
  close_one(20000000, "true");
  close_one(5370000, "false");
  /* Calls of 2023: 20 consultations (one satisfied, one not), 5 complaints, 3 suggestions. */
  for (int i = 0; i < 28; i++) {
    const char *kind = i < 20 ? "consultation" : i < 25 ? "complaint" : "suggestion";
    const char *sat = i == 0 ? ",\"satisfied\":true" : i == 1 ? ",\"satisfied\":false" : "";
    resp *r = http_postf("/api/v1/hotline/calls", clerk4,
                         "{\"kind\":\"%s\",\"started_at\":\"2023-0%d-10T%02d:30:00+08:00\",\"topic\":\"%s\","
                         "\"outcome\":\"answered\"%s}",
                         kind, 1 + i % 9, 8 + i % 10, i % 2 ? "labour" : "marriage_family", sat);
    ck_status(r, 201);
    resp_free(r);
  }
  /* Walk-in and online consultations: 10 on site, 4 online, 2 by (non-hotline) phone. */
  for (int i = 0; i < 16; i++) {
    resp *r = http_postf("/api/v1/consultations", clerk4,
                         "{\"channel\":\"%s\",\"topic\":\"debt\",\"at\":\"2023-04-0%dT10:00:00+08:00\"}",
                         i < 10 ? "on_site" : i < 14 ? "online" : "phone", 1 + i % 9);
    ck_status(r, 201);
    resp_free(r);
  }
  resp *r = http("PUT", "/api/v1/budgets/4/2023", sup4, "{\"allocated_fen\":46000000}", NULL);
  ck_status(r, 200);
  resp_free(r);

  r = http_get("/api/v1/stats/annual?center_id=4&year=2023", sup4);
  ck_status(r, 200);
  json_t *a = r->json;
  ck_assert_int_eq(jint(a, "cases.total"), 1062);
  ck_assert_int_eq(jint(a, "cases.by_type.civil"), 131);
  ck_assert_int_eq(jint(a, "cases.by_type.criminal_defense"), 262);
  ck_assert_int_eq(jint(a, "cases.by_type.plea_help"), 668);
  ck_assert_int_eq(jint(a, "cases.by_type.administrative"), 1);
  ck_assert_int_eq(jint(a, "cases.by_type.notarization"), 0);
  ck_assert_int_eq(jint(a, "cases.by_group.migrant_worker"), 50);
  ck_assert_int_eq(jint(a, "cases.by_group.disabled"), 27);
  ck_assert_int_eq(jint(a, "cases.by_group.elderly"), 42);
  ck_assert_int_eq(jint(a, "cases.by_group.minor"), 149);
  ck_assert_int_eq(jint(a, "cases.by_group.woman"), 77);
  ck_assert_int_eq(jint(a, "cases.by_group.military"), 1);
  ck_assert_int_eq(jint(a, "cases.by_group.ethnic_minority"), 9);
  ck_assert_int_eq(jint(a, "cases.by_channel.window"), 354);
  ck_assert_int_eq(jint(a, "cases.by_channel.hotline_12348"), 354);
  ck_assert_int_eq(jint(a, "cases.by_channel.online"), 354);
  ck_assert_int_eq(jint(a, "consultations.by_channel.on_site"), 10);
  ck_assert_int_eq(jint(a, "consultations.by_channel.online"), 4);
  ck_assert_int_eq(jint(a, "consultations.by_channel.phone"), 22); /* 2 + 20 hotline */
  ck_assert_int_eq(jint(a, "consultations.by_channel.hotline_12348"), 20);
  ck_assert_int_eq(jint(a, "consultations.total"), 36);
  ck_assert_int_eq(jint(a, "hotline.calls"), 28);
  ck_assert_int_eq(jint(a, "hotline.converted"), 0);
  ck_assert_int_eq(jint(a, "recovered_fen"), 35370000); /* 35.37万 */
  ck_assert_int_eq(jint(a, "recovered_wages_fen"), 35370000);
  ck_assert_int_eq(jint(a, "satisfaction.ratings"), 2); /* the calls; the closed cases are of 2022 */
  ck_assert_int_eq(jint(a, "satisfaction.satisfied"), 1);
  ck_assert(json_number_value(jget(a, "satisfaction.rate")) == 0.5);
  ck_assert_int_eq(jint(a, "budget.allocated_fen"), 46000000);
  ck_assert(jget(a, "budget.projected_shortfall_fen") != NULL);
  ck_assert(jget(a, "timeliness.decided_on_time_rate") != NULL);
  ck_assert(jget(a, "duty_lawyer_days") != NULL);
  ck_assert(jget(a, "subsidies.paid_fen") != NULL);
  resp_free(r);

  /* The same figures in CSV, for a spreadsheet. */
  const char *accept[] = {"Accept: text/csv", NULL};
  r = http("GET", "/api/v1/stats/annual?center_id=4&year=2023", sup4, NULL, accept);
  ck_status(r, 200);
  ck_assert_ptr_nonnull(strstr(resp_header(r, "Content-Type"), "text/csv"));
  /* Chinese headings, Chinese labels, money in yuan with two decimals, the key in a column of
   * its own for programs (issue 13 point 7; was "metric,label,value" with fen). */
  const char head[] = "\xEF\xBB\xBF类别,项目,数值,单位,代码\r\n";
  ck_assert_msg(memcmp(r->body, head, sizeof head - 1) == 0, "%.80s", r->body);
  static const char *lines[] = {"\r\n案件,受理法律援助案件,1062,件,cases.total\r\n",
                                "\r\n案件,按类型：民事,131,件,cases.by_type.civil\r\n",
                                "\r\n案件,按类型：认罪认罚法律帮助,668,件,cases.by_type.plea_help\r\n",
                                "\r\n受援人,特殊群体：未成年人,149,人,cases.by_group.minor\r\n",
                                "\r\n受援人,特殊群体：少数民族,9,人,cases.by_group.ethnic_minority\r\n",
                                "\r\n经济效益,为受援人挽回经济损失,353700.00,元,recovered_fen\r\n",
                                "\r\n12348热线,来电,28,人次,hotline.calls\r\n",
                                "\r\n满意度,满意率,50.00,%,satisfaction.rate\r\n",
                                "\r\n经费,预算金额,460000.00,元,budget.allocated_fen\r\n"};
  for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
    ck_assert_msg(strstr(r->body, lines[i]), "missing %s in %s", lines[i], r->body);
  /* No English key stands where a heading or a label should be. */
  ck_assert_ptr_null(strstr(r->body, "\r\ncases."));
  resp_free(r);
  r = http_get("/api/v1/stats/annual?center_id=4&year=2023&format=csv", sup4);
  ck_status(r, 200);
  ck_assert_ptr_nonnull(strstr(r->body, "\r\n案件,按类型：刑事辩护,262,件,cases.by_type.criminal_defense\r\n"));
  resp_free(r);

  /* Grouped counts. */
  r = http_get("/api/v1/stats/cases?group_by=case_type&center_id=4&year=2023", sup4);
  ck_status(r, 200);
  ck_assert_int_eq(jint(r->json, "total"), 1062);
  size_t i;
  json_t *row;
  long sum = 0;
  json_array_foreach(json_object_get(r->json, "rows"), i, row) {
    sum += jint(row, "count");
    if (strcmp(jstr(row, "key"), "civil") == 0) {
      ck_assert_int_eq(jint(row, "count"), 131);
      ck_assert_str_eq(jstr(row, "label"), "民事");
    }
  }
  ck_assert_int_eq(sum, 1062);
  resp_free(r);
  r = http_get("/api/v1/stats/cases?group_by=month&center_id=4&year=2023", sup4);
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "rows")), 12);
  ck_assert_str_eq(jstr(json_array_get(json_object_get(r->json, "rows"), 0), "key"), "2023-01");
  ck_assert_int_eq(jint(json_array_get(json_object_get(r->json, "rows"), 0), "count"), 89);
  resp_free(r);
  r = http_get("/api/v1/stats/cases?group_by=group&center_id=4&year=2023&format=csv", sup4);
  ck_assert_msg(strncmp(r->body, "\xEF\xBB\xBF特殊群体,案件数,代码\r\n", 34) == 0, "%.60s", r->body);
  ck_assert_ptr_nonnull(strstr(r->body, "\r\n农民工,50,migrant_worker\r\n"));
  ck_assert_ptr_nonnull(strstr(r->body, "\r\n合计,1062,total\r\n"));
  resp_free(r);
  static const char *keys[] = {"channel", "status", "matter", "lawyer", "center"};
  for (size_t k = 0; k < 5; k++) {
    char path[128];
    snprintf(path, sizeof path, "/api/v1/stats/cases?group_by=%s&center_id=4&year=2023", keys[k]);
    r = http_get(path, sup4);
    ck_assert_msg(r->status == 200, "%s", keys[k]);
    ck_assert_int_eq(jint(r->json, "total"), 1062);
    resp_free(r);
  }
  r = http_get("/api/v1/stats/hotline?group_by=topic&center_id=4&year=2023", sup4);
  ck_status(r, 200);
  ck_assert_int_eq(jint(r->json, "total"), 28);
  resp_free(r);
  static const char *hkeys[] = {"outcome", "day", "hour", "operator"};
  for (size_t k = 0; k < 4; k++) {
    char path[128];
    snprintf(path, sizeof path, "/api/v1/stats/hotline?group_by=%s&center_id=4&year=2023", hkeys[k]);
    r = http_get(path, sup4);
    ck_assert_msg(r->status == 200 && jint(r->json, "total") == 28, "%s", hkeys[k]);
    resp_free(r);
  }
  r = http_get("/api/v1/stats/cases?group_by=colour&center_id=4", sup4);
  ck_status(r, 422);
  resp_free(r);
  r = http_get("/api/v1/stats/cases?group_by=month&year=2023&from=2023-01-01", sup4);
  ck_status(r, 422);
  resp_free(r);
  r = http_get("/api/v1/stats/cases?group_by=month&center_id=4&from=2023-03-01&to=2023-03-31", sup4);
  ck_status(r, 200);
  ck_assert_int_eq(jint(r->json, "total"), 89);
  resp_free(r);
  /* The performance indicators now count calls' ratings too. */
  r = http_get("/api/v1/stats/performance?center_id=4&year=2023", sup4);
  ck_status(r, 200);
  ck_assert_int_eq(jint(r->json, "counts.ratings"), 2);
  resp_free(r);
}
END_TEST

START_TEST(statistics_scope) {
  /* 岳阳市 (centre 3) and a county centre under it. */
  resp *r = http_postf("/api/v1/centers", admin,
                       "{\"name\":\"岳阳县法律援助中心\",\"region_code\":\"430621\",\"case_no_prefix\":\"岳县\"}");
  ck_status(r, 201);
  long county = jint(r->json, "id");
  resp_free(r);
  char *county_clerk = user_token(admin, "s_county_clerk", "clerk", county);
  char *county_sup = user_token(admin, "s_county_sup", "supervisor", county);
  char *city_clerk = user_token(admin, "s_city_clerk", "clerk", 3);
  for (int i = 0; i < 3; i++) {
    char id[19];
    make_id(id, "430621", "19900101", 'M', 10 + i * 2);
    r = http_postf("/api/v1/cases", county_clerk,
                   "{\"channel\":\"window\",\"received_at\":\"2024-02-02\",\"case_type\":\"plea_help\","
                   "\"applicant\":{\"name\":\"县%d\",\"id_number\":\"%s\"}}", i, id);
    ck_status(r, 201);
    resp_free(r);
  }
  char id[19];
  make_id(id, "430602", "19900101", 'M', 31);
  r = http_postf("/api/v1/cases", city_clerk,
                 "{\"channel\":\"window\",\"received_at\":\"2024-02-02\",\"case_type\":\"plea_help\","
                 "\"applicant\":{\"name\":\"市\",\"id_number\":\"%s\"}}", id);
  ck_status(r, 201);
  resp_free(r);
  /* The city's supervisor: its own centre, or with its counties. */
  r = http_get("/api/v1/stats/cases?group_by=center&center_id=3&year=2024", sup3);
  ck_status(r, 200);
  ck_assert_int_eq(jint(r->json, "total"), 1);
  resp_free(r);
  r = http_get("/api/v1/stats/cases?group_by=center&center_id=3&year=2024&include_children=true", sup3);
  ck_status(r, 200);
  ck_assert_int_eq(jint(r->json, "total"), 4);
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "rows")), 2);
  resp_free(r);
  r = http_get("/api/v1/stats/annual?center_id=3&year=2024&include_children=true", sup3);
  ck_status(r, 200);
  ck_assert_int_eq(jint(r->json, "cases.total"), 4);
  resp_free(r);
  /* The county's supervisor: its own only; the city's figures are not its to see. */
  r = http_get("/api/v1/stats/cases?group_by=center&year=2024", county_sup);
  ck_assert_int_eq(jint(r->json, "total"), 3);
  resp_free(r);
  r = http_get("/api/v1/stats/cases?group_by=center&center_id=3&year=2024", county_sup);
  ck_status(r, 404);
  resp_free(r);
  r = http_get("/api/v1/stats/annual?center_id=3&year=2024", sup4);
  ck_status(r, 404);
  resp_free(r);
  r = http_get("/api/v1/stats/annual?center_id=3&year=2024", city_clerk);
  ck_status(r, 403);
  resp_free(r);
  /* Without center_id: everything the supervisor sees. */
  r = http_get("/api/v1/stats/cases?group_by=center&year=2024", sup3);
  ck_assert_int_eq(jint(r->json, "total"), 4);
  resp_free(r);
  free(county_clerk);
  free(county_sup);
  free(city_clerk);
}
END_TEST

/* A call, a consultation and a 12345 work order are each made for a centre the same way: the
 * caller's own by default, another only in the caller's scope (403), a time more than 10 minutes
 * ahead refused (422, the field named); nothing is written for a refused one. */
START_TEST(records_for_a_centre_checked_alike) {
  static const struct {
    const char *path, *body, *time_field;
  } rec[] = {
      {"/api/v1/hotline/calls", "\"kind\":\"consultation\",\"topic\":\"labour\",\"outcome\":\"answered\"",
       "started_at"},
      {"/api/v1/consultations", "\"channel\":\"on_site\",\"topic\":\"labour\"", "at"},
      {"/api/v1/hotline/work-orders",
       "\"order_no\":\"12345-A-1\",\"topic\":\"labour\"", "received_at"},
  };
  char *before = sql_value("SELECT (SELECT count(*) FROM hotline_calls) || '/' ||"
                           " (SELECT count(*) FROM consultations) || '/' ||"
                           " (SELECT count(*) FROM work_orders_12345)");
  for (size_t i = 0; i < sizeof rec / sizeof rec[0]; i++) {
    resp *r = http_postf(rec[i].path, clerk1, "{\"center_id\":4,%s,\"%s\":\"2024-05-01T09:00:00+08:00\"}",
                         rec[i].body, rec[i].time_field);
    ck_assert_msg(r->status == 403, "%s for another centre: %ld", rec[i].path, r->status);
    ck_assert_str_eq(err_code(r), "forbidden");
    resp_free(r);
    r = http_postf(rec[i].path, clerk1, "{%s,\"%s\":\"2099-01-01T00:00:00Z\"}", rec[i].body,
                   rec[i].time_field);
    ck_assert_msg(r->status == 422, "%s in 2099: %ld", rec[i].path, r->status);
    ck_assert_msg(err_has_field(r, rec[i].time_field), "%s: %s not named", rec[i].path,
                  rec[i].time_field);
    resp_free(r);
  }
  char *after = sql_value("SELECT (SELECT count(*) FROM hotline_calls) || '/' ||"
                          " (SELECT count(*) FROM consultations) || '/' ||"
                          " (SELECT count(*) FROM work_orders_12345)");
  ck_assert_str_eq(after, before);
  free(before);
  free(after);
}
END_TEST

static Suite *hotline_suite(void) {
  Suite *s = suite_create("api_hotline_stats");
  TCase *t = tcase_create("hotline");
  tcase_set_timeout(t, 300);
  tcase_add_test(t, log_calls_and_validate);
  tcase_add_test(t, idempotent_calls);
  tcase_add_test(t, records_for_a_centre_checked_alike);
  tcase_add_test(t, work_orders_and_follow_up_queue);
  tcase_add_test(t, caller_history_and_conversion);
  tcase_add_test(t, yuanjiang_2023_annual_figures);
  tcase_add_test(t, statistics_scope);
  suite_add_tcase(s, t);
  return s;
}

int main(void) {
  harness_start("hotline");
  admin = login(ADMIN_USER, ADMIN_PASS);
  clerk1 = user_token(admin, "h_clerk1", "clerk", 1);
  sup1 = user_token(admin, "h_sup1", "supervisor", 1);
  sup3 = user_token(admin, "h_sup3", "supervisor", 3);
  clerk4 = user_token(admin, "h_clerk4", "clerk", 4);
  reviewer4 = user_token(admin, "h_reviewer4", "reviewer", 4);
  sup4 = user_token(admin, "h_sup4", "supervisor", 4);
  lawyer4_id = create_user(admin, "h_lawyer4", "lawyer", 4,
                           "{\"license_no\":\"14309812019999999\",\"kind\":\"lawyer\",\"practice_years\":6}");
  lawyer4 = login("h_lawyer4", "kite-ledger-5931");
  int failed = run_suite(hotline_suite());
  int code = harness_stop();
  if (code != 0) fprintf(stderr, "legalaidd exited with %d after SIGTERM\n", code);
  return failed == 0 && code == 0 ? 0 : 1;
}
