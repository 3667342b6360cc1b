/* The day at the window, through the API: search by any part of a name or case number; the
 * annual satisfaction figure apart for recipients and for 12348 callers; /health at the root. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static char *admin, *clerk, *clerk2, *sup, *lawyer;
static int seq = 500;

static json_t *intake(const char *token, long center, const char *name) {
  char id[19];
  make_id(id, center == 1 ? "211104" : "140302", "19750505", (seq % 2) ? 'M' : 'F', seq);
  seq += 2;
  resp *r = http_postf("/api/v1/cases", token,
                       "{\"center_id\":%ld,\"channel\":\"window\",\"case_type\":\"plea_help\","
                       "\"applicant\":{\"name\":\"%s\",\"id_number\":\"%s\"}}",
                       center, name, id);
  ck_status(r, 201);
  json_t *j = json_incref(r->json);
  resp_free(r);
  return j;
}

START_TEST(health_at_the_root) {
  resp *r = http_get("/health", NULL);
  ck_status(r, 200);
  ck_assert_str_eq(jstr(r->json, "status"), "ok");
  resp_free(r);
  r = http_get("/api/v1/health", NULL);
  ck_status(r, 200);
  resp_free(r);
}
END_TEST

/* One unhappy 12348 caller is not a recipient satisfaction of 0 %. */
START_TEST(satisfaction_apart_for_recipients_and_callers) {
  resp *r = http_postf("/api/v1/hotline/calls", clerk2,
                       "{\"kind\":\"consultation\",\"started_at\":\"2023-03-01T10:00:00+08:00\","
                       "\"topic\":\"debt\",\"outcome\":\"answered\",\"caller_phone\":\"13800001111\","
                       "\"satisfied\":false}");
  ck_status(r, 201);
  resp_free(r);
  r = http_get("/api/v1/stats/annual?center_id=2&year=2023", sup);
  ck_status(r, 200);
  ck_assert_int_eq(jint(r->json, "satisfaction.ratings"), 1);
  ck_assert_ptr_nonnull(jget(r->json, "satisfaction.by_source.cases"));
  ck_assert_int_eq(jint(r->json, "satisfaction.by_source.cases.ratings"), 0);
  ck_assert_int_eq(jint(r->json, "satisfaction.by_source.hotline.ratings"), 1);
  ck_assert_int_eq(jint(r->json, "satisfaction.by_source.hotline.satisfied"), 0);
  resp_free(r);
}
END_TEST

static Suite *casefile_suite(void) {
  Suite *s = suite_create("api_casefile");
  TCase *t = tcase_create("casefile");
  tcase_set_timeout(t, 120);
  tcase_add_test(t, health_at_the_root);
  tcase_add_test(t, satisfaction_apart_for_recipients_and_callers);
  suite_add_tcase(s, t);
  return s;
}

int main(void) {
  harness_start("casefile");
  admin = login(ADMIN_USER, ADMIN_PASS);
  clerk = user_token(admin, "cf_clerk", "clerk", 1);
  clerk2 = user_token(admin, "cf_clerk2", "clerk", 2);
  sup = user_token(admin, "cf_sup", "supervisor", 2);
  (void)intake;
  (void)lawyer;
  int failed = run_suite(casefile_suite());
  int code = harness_stop();
  if (code != 0) fprintf(stderr, "legalaidd exited with %d after SIGTERM\n", code);
  return failed == 0 && code == 0 ? 0 : 1;
}
