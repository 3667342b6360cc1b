/* A burst of intakes: 8 concurrent clients, 2000 intakes, no failed request, 2000 distinct
 * case numbers with no gap. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define CLIENTS 8
#define PER_CLIENT 250

static char *clerk;

typedef struct {
  int idx;
  int failures;
  long first_failure;
} worker;

static void *run(void *arg) {
  worker *w = arg;
  for (int i = 0; i < PER_CLIENT; i++) {
    char id[19];
    make_id(id, "430981", "19880808", (i % 2) ? 'M' : 'F', (w->idx * PER_CLIENT + i) % 1000);
    resp *r = http_postf("/api/v1/cases", clerk,
                         "{\"channel\":\"window\",\"received_at\":\"2024-05-20T10:00:00+08:00\","
                         "\"case_type\":\"plea_help\",\"applicant\":{\"name\":\"并发%d-%d\","
                         "\"id_number\":\"%s\"}}",
                         w->idx, i, id);
    if (r->status != 201) {
      if (!w->failures) w->first_failure = r->status;
      w->failures++;
    }
    resp_free(r);
  }
  return NULL;
}

START_TEST(burst_2000_intakes) {
  pthread_t t[CLIENTS];
  worker w[CLIENTS];
  for (int i = 0; i < CLIENTS; i++) {
    w[i] = (worker){i, 0, 0};
    pthread_create(&t[i], NULL, run, &w[i]);
  }
  int failures = 0;
  for (int i = 0; i < CLIENTS; i++) {
    pthread_join(t[i], NULL);
    failures += w[i].failures;
    if (w[i].failures) fprintf(stderr, "client %d: first failure %ld\n", i, w[i].first_failure);
  }
  ck_assert_int_eq(failures, 0);
  char *n = sql_value("SELECT count(*) FROM cases WHERE center_id = 4 AND case_year = 2024");
  ck_assert_str_eq(n, "2000");
  free(n);
  n = sql_value("SELECT count(DISTINCT case_no) FROM cases WHERE center_id = 4 AND case_year = 2024");
  ck_assert_str_eq(n, "2000");
  free(n);
  /* No gap: the numbers are exactly 1..2000. */
  n = sql_value("SELECT min(case_seq) || '-' || max(case_seq) FROM cases"
                " WHERE center_id = 4 AND case_year = 2024");
  ck_assert_str_eq(n, "1-2000");
  free(n);
  n = sql_value("SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id"
                " WHERE c.center_id = 4 AND e.action = 'intake'");
  ck_assert_str_eq(n, "2000");
  free(n);
}
END_TEST

int main(void) {
  harness_start("burst");
  char *admin = login(ADMIN_USER, ADMIN_PASS);
  clerk = user_token(admin, "burst_clerk", "clerk", 4);
  free(admin);
  Suite *s = suite_create("api_burst");
  TCase *tc = tcase_create("burst");
  tcase_set_timeout(tc, 300);
  tcase_add_test(tc, burst_2000_intakes);
  suite_add_tcase(s, tc);
  int failed = run_suite(s);
  int code = harness_stop();
  return failed == 0 && code == 0 ? 0 : 1;
}
