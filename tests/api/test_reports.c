/* The seed reports found again through the API (issue 13, "Done when"): each centre's year
 * loaded request by request, then the figures its report quotes read back from /stats/annual,
 * /stats/performance and /stats/self-assessment, and the XLSX files opened with a real reader
 * (openpyxl, /usr/bin/python3) and compared cell by cell with the JSON.
 *
 *   Yangquan 2024 (seed 001): targets 40 cases, 3 stationed duty lawyers a day, 98% coverage
 *     and satisfaction; 29 cases done; 15万 budgeted, 11.9448万 received.
 *   Yueyang 2024 (seed 002): 3,260 cases in the city, 489 at the city's centre (the city's and
 *     one county's cases through the API, five counties' with legalaid-gen); 10,822 calls on
 *     12348; consultations 3,182 on site, 17 online, over 12,000 by phone; 14,206 ratings,
 *     99.96% satisfied; 60% of graded cases excellent; 12345 work orders closed: near 100.
 *   Lusong 2024 (seed 004): 612 cases against a target of 550. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#ifndef XLSX_DUMP
#error "XLSX_DUMP must name tests/api/xlsx_dump.py"
#endif
#define PYTHON "/usr/bin/python3" /* Debian's, with python3-openpyxl */

static char *admin, *sup2, *clerk2, *sup3, *clerk3, *reviewer3, *lawyer3, *sup5, *clerk5;
static long lawyer3_id;
static long yq_lawyers[3];
static char *county_clerks[6];
static long county_ids[6];

/* ---- helpers ---- */

/* Runs fn(i) for i in [0, n) on `threads` threads; returns the failures fn counted. */
typedef int (*job_fn)(int i, void *arg);
typedef struct {
  int from, to;
  job_fn fn;
  void *arg;
  int failures;
} job_part;

static void *job_run(void *p) {
  job_part *j = p;
  for (int i = j->from; i < j->to; i++) j->failures += j->fn(i, j->arg);
  return NULL;
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int parallel(int n, job_fn fn, void *arg) {
  enum { T = 6 };
  double t0 = now_s();
  pthread_t t[T];
  job_part parts[T];
  for (int k = 0; k < T; k++) {
    parts[k] = (job_part){n * k / T, n * (k + 1) / T, fn, arg, 0};
    pthread_create(&t[k], NULL, job_run, &parts[k]);
  }
  int failures = 0;
  for (int k = 0; k < T; k++) {
    pthread_join(t[k], NULL);
    failures += parts[k].failures;
  }
  fprintf(stderr, "loaded %d in %.1f s\n", n, now_s() - t0);
  return failures;
}

/* 2024-MM-DD of the i-th day of 2024 (0 = 1 January). */
static void day_of_2024(int i, char out[16]) {
  static const int dim[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  unsigned m = 0, d = (unsigned)i;
  while (m < 11 && d >= (unsigned)dim[m]) d -= (unsigned)dim[m++];
  snprintf(out, 16, "2024-%02u-%02u", (m + 1) % 100, (d + 1) % 100);
}

/* A 2024 application at a centre; 1 on failure. */
static int new_case(const char *clerk, const char *region, long center, int i, long *id) {
  char idn[19], birth[16];
  unsigned k = (unsigned)i;
  snprintf(birth, sizeof birth, "19%02u%02u%02u", 50 + k % 40, 1 + k % 12, 1 + k % 28);
  make_id(idn, region, birth, i % 2 ? 'M' : 'F', (i / 7) % 1000);
  resp *r = http_postf("/api/v1/cases", clerk,
                       "{\"center_id\":%ld,\"channel\":\"window\",\"received_at\":\"2024-%02d-%02dT09:30:00+08:00\","
                       "\"case_type\":\"civil\",\"matter\":\"labour_remuneration\",\"opposing_party\":\"某公司%d\","
                       "\"applicant\":{\"name\":\"受援人%d\",\"id_number\":\"%s\",\"household_size\":2,"
                       "\"household_monthly_income_fen\":100000}}",
                       center, 1 + i % 12, 1 + i % 28, i, i, idn);
  int bad = r->status != 201;
  if (bad) fprintf(stderr, "case %d: %ld %.300s\n", i, r->status, r->body);
  if (id) *id = bad ? 0 : jint(r->json, "id");
  resp_free(r);
  return bad;
}

/* The XLSX of a response as openpyxl reads it. */
static json_t *read_xlsx(const resp *r) {
  char path[] = "/tmp/legalaid-test-XXXXXX.xlsx"; /* openpyxl goes by the extension */
  int fd = mkstemps(path, 5);
  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(write(fd, r->body, r->len), (ssize_t)r->len);
  close(fd);
  char cmd[512];
  snprintf(cmd, sizeof cmd, PYTHON " '%s' '%s'", XLSX_DUMP, path);
  FILE *p = popen(cmd, "r");
  ck_assert_ptr_nonnull(p);
  char *buf = NULL;
  size_t cap = 0, n = 0, got;
  do {
    if (n + 65536 > cap) buf = realloc(buf, cap = cap * 2 + 65536);
    got = fread(buf + n, 1, cap - n, p);
    n += got;
  } while (got > 0);
  int rc = pclose(p);
  unlink(path);
  ck_assert_msg(rc == 0, "%s failed (%d): is python3-openpyxl installed?", cmd, rc);
  json_error_t e;
  json_t *j = json_loadb(buf, n, 0, &e);
  free(buf);
  ck_assert_msg(j != NULL, "openpyxl output: %s", e.text);
  return j;
}

static json_t *sheet(json_t *x, size_t i) { return json_array_get(json_object_get(x, "sheets"), i); }
/* A cell of a sheet (row and column from 0); NULL when empty. */
static json_t *cell(json_t *sh, size_t row, size_t col) {
  json_t *c = json_array_get(json_array_get(json_object_get(sh, "rows"), row), col);
  return json_is_object(c) ? c : NULL;
}
static double num(json_t *c) {
  ck_assert_msg(c && json_is_number(json_object_get(c, "v")), "not a number cell");
  return json_number_value(json_object_get(c, "v"));
}
static const char *text(json_t *c) { return c ? json_string_value(json_object_get(c, "v")) : NULL; }
static const char *fmt(json_t *c) { return c ? json_string_value(json_object_get(c, "f")) : NULL; }
static bool near(double a, double b) { return a - b < 1e-9 && b - a < 1e-9; }

/* The indicator of a self-assessment by key. */
static json_t *indicator(json_t *sa, const char *key) {
  size_t i;
  json_t *x;
  json_array_foreach(json_object_get(sa, "indicators"), i, x) if (strcmp(jstr(x, "key"), key) == 0) return x;
  ck_abort_msg("no indicator %s", key);
  return NULL;
}

/* The value at a dotted path of the annual object as a number. */
static double at(json_t *annual, const char *path) {
  json_t *v = jget(annual, path);
  ck_assert_msg(json_is_number(v), "annual %s is not a number", path);
  return json_number_value(v);
}

/* Every indicator of the self-assessment has its actual where its source says, in the annual
 * figures of the same centre and year: the actual, and a rate's numerator and denominator. */
static void check_traceable(json_t *sa, const char *sup) {
  json_t *budget = json_object_get(sa, "budget");
  resp *r = http_get(jstr(budget, "source.path"), sup);
  ck_status(r, 200);
  json_t *annual = r->json;
  ck_assert_int_eq(jint(budget, "executed_fen"), (long)at(annual, jstr(budget, "source.executed")));
  ck_assert_int_eq(jint(budget, "allocated_fen"), (long)at(annual, jstr(budget, "source.allocated")));
  size_t i;
  json_t *x;
  json_array_foreach(json_object_get(sa, "indicators"), i, x) {
    ck_assert_str_eq(jstr(x, "source.path"), jstr(budget, "source.path"));
    json_t *actual = json_object_get(x, "actual");
    json_t *there = jget(annual, jstr(x, "source.field"));
    if (json_is_null(actual)) {
      ck_assert_msg(there == NULL || json_is_null(there) || jget(x, "source.denominator"),
                    "%s: null actual but %s is set", jstr(x, "key"), jstr(x, "source.field"));
      continue;
    }
    ck_assert_msg(json_is_number(there), "%s: %s", jstr(x, "key"), jstr(x, "source.field"));
    if (strcmp(jstr(x, "unit"), "fen") == 0 || strcmp(jstr(x, "unit"), "count") == 0)
      ck_assert_msg(json_integer_value(actual) == json_integer_value(there), "%s", jstr(x, "key"));
    else
      ck_assert_msg(near(json_number_value(actual), json_number_value(there)), "%s: %g vs %g",
                    jstr(x, "key"), json_number_value(actual), json_number_value(there));
    if (jget(x, "source.numerator")) {
      double n = at(annual, jstr(x, "source.numerator")), d = at(annual, jstr(x, "source.denominator"));
      double scale = strcmp(jstr(x, "unit"), "rate") == 0 ? 10000.0 : 100.0;
      ck_assert_msg(d > 0 && near(json_number_value(actual), (double)(long)(n * scale / d + 0.5) / scale),
                    "%s: %g / %g", jstr(x, "key"), n, d);
    }
  }
  resp_free(r);
}

/* The XLSX of a self-assessment holds the JSON's figures: budget in 万元, each assessed
 * indicator's row, the total and the grade; the heading row stays in view; widths fit. */
static void check_self_assessment_xlsx(json_t *sa, const char *query, const char *sup) {
  char path[160];
  snprintf(path, sizeof path, "/api/v1/stats/self-assessment?%s&format=xlsx", query);
  resp *r = http_get(path, sup);
  ck_status(r, 200);
  ck_assert_str_eq(resp_header(r, "Content-Type"),
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  ck_assert_ptr_nonnull(strstr(resp_header(r, "Content-Disposition"), ".xlsx"));
  json_t *x = read_xlsx(r);
  resp_free(r);
  json_t *sh = sheet(x, 0);
  ck_assert_str_eq(jstr(sh, "title"), "绩效自评表");
  ck_assert_ptr_nonnull(strstr(text(cell(sh, 0, 0)), "项目支出绩效自评表"));
  ck_assert_str_eq(text(cell(sh, 1, 1)), jstr(sa, "center_name"));
  ck_assert_int_eq(jint(sh, "paper"), 9); /* A4 */
  /* Budget: 万元 to the yuan. */
  json_t *b = json_object_get(sa, "budget");
  ck_assert_str_eq(text(cell(sh, 2, 0)), "项目预算金额（万元）");
  if (json_is_true(json_object_get(b, "allocated_set")))
    ck_assert(near(num(cell(sh, 2, 1)), (double)jint(b, "allocated_fen") / 1e6));
  if (json_is_integer(json_object_get(b, "received_fen")))
    ck_assert(near(num(cell(sh, 2, 3)), (double)jint(b, "received_fen") / 1e6));
  ck_assert(near(num(cell(sh, 2, 5)), (double)jint(b, "executed_fen") / 1e6));
  ck_assert_str_eq(fmt(cell(sh, 2, 5)), "0.0000");
  if (!json_is_null(json_object_get(b, "execution_rate"))) {
    ck_assert(near(num(cell(sh, 2, 7)), json_number_value(json_object_get(b, "execution_rate"))));
    ck_assert_str_eq(fmt(cell(sh, 2, 7)), "0.00%");
  }
  ck_assert(near(num(cell(sh, 2, 9)), json_number_value(json_object_get(b, "score"))));
  /* The indicators' table and its heading row, frozen. */
  static const char *const head[] = {"一级指标", "二级指标", "三级指标", "年度指标值", "全年完成值",
                                     "单位",     "是否完成", "分值",     "得分",       "数据来源"};
  for (int c = 0; c < 10; c++) ck_assert_str_eq(text(cell(sh, 4, (size_t)c)), head[c]);
  ck_assert_str_eq(jstr(sh, "freeze"), "A6");
  /* Each assessed indicator on a row of its own, found by its name; a level without a target
   * on a row saying so; then the total and the grade. */
  size_t nrows = json_array_size(json_object_get(sh, "rows")), i, found = 0, row;
  json_t *ind;
  json_array_foreach(json_object_get(sa, "indicators"), i, ind) {
    if (!json_is_true(json_object_get(ind, "assessed"))) continue;
    for (row = 5; row < nrows; row++)
      if (text(cell(sh, row, 2)) && strcmp(text(cell(sh, row, 2)), jstr(ind, "name")) == 0) break;
    ck_assert_msg(row < nrows, "no row for %s", jstr(ind, "name"));
    found++;
    ck_assert_ptr_nonnull(strstr(text(cell(sh, row, 0)), jstr(ind, "level1")));
    ck_assert_str_eq(text(cell(sh, row, 1)), jstr(ind, "level2"));
    const char *unit = jstr(ind, "unit");
    double scale = strcmp(unit, "fen") == 0 ? 1e6 : 1; /* money in 万元 */
    ck_assert_msg(near(num(cell(sh, row, 3)), json_number_value(json_object_get(ind, "target")) / scale),
                  "target of %s", jstr(ind, "key"));
    if (json_is_null(json_object_get(ind, "actual")))
      ck_assert_ptr_null(cell(sh, row, 4));
    else
      ck_assert_msg(near(num(cell(sh, row, 4)), json_number_value(json_object_get(ind, "actual")) / scale),
                    "actual of %s", jstr(ind, "key"));
    if (strcmp(unit, "rate") == 0) ck_assert_str_eq(fmt(cell(sh, row, 3)), "0.00%");
    ck_assert_str_eq(text(cell(sh, row, 5)), jstr(ind, "unit_zh"));
    json_t *met = json_object_get(ind, "met");
    ck_assert_str_eq(text(cell(sh, row, 6)), json_is_null(met) ? "无数据" : json_is_true(met) ? "是" : "否");
    ck_assert(near(num(cell(sh, row, 7)), json_number_value(json_object_get(ind, "weight"))));
    ck_assert(near(num(cell(sh, row, 8)), json_number_value(json_object_get(ind, "score"))));
    ck_assert_str_eq(text(cell(sh, row, 9)), jstr(ind, "source.field"));
  }
  ck_assert_int_gt(found, 0);
  size_t unset = 0;
  json_array_foreach(json_object_get(sa, "levels"), i, ind)
    if (i > 0 && jint(ind, "indicators") == 0) unset++;
  size_t unset_rows = 0;
  for (row = 5; row < nrows; row++)
    if (text(cell(sh, row, 1)) && strcmp(text(cell(sh, row, 1)), "未设定年度指标值") == 0) unset_rows++;
  ck_assert_int_eq(unset_rows, unset);
  for (row = 5; row < nrows && !(text(cell(sh, row, 0)) && strcmp(text(cell(sh, row, 0)), "总分") == 0); row++)
    ;
  ck_assert_msg(row < nrows, "no total");
  ck_assert(near(num(cell(sh, row, 8)), json_number_value(json_object_get(sa, "total_score"))));
  ck_assert_str_eq(text(cell(sh, row, 7)), jstr(sa, "grade"));
  /* Widths that fit: the indicator names (CJK, two units a character) are not cut. */
  double wc = json_number_value(jget(sh, "widths.C"));
  ck_assert_msg(wc >= 2 * 11, "column C is %g wide", wc);
  json_decref(x);
}

/* ---- Yangquan 2024 (seed 001) ---- */

static int yq_case(int i, void *arg) {
  (void)arg;
  return new_case(clerk2, "140300", 2, 1000 + i, NULL);
}

/* Each day of 2024, each of the three lawyers stationed at the court, the procuratorate or the
 * detention centre: a working day gives a claim, a weekend or holiday is refused (the band is
 * per working day). Lawyer 0's days are graded excellent (500 yuan), the others pass (200). */
static int yq_duty(int i, void *arg) {
  int *created = arg;
  static const char *const stations[] = {"court", "procuratorate", "detention_centre"};
  int day = i / 3, k = i % 3;
  char date[16];
  day_of_2024(day, date);
  resp *r = http_postf("/api/v1/duty-shifts", clerk2,
                       "{\"lawyer_id\":%ld,\"station\":\"%s\",\"date\":\"%s\",\"received\":%d,"
                       "\"consultations\":%d,\"plea_witnessed\":%d%s}",
                       yq_lawyers[k], stations[k], date, 2 + k, 1, day % 5 == 0 ? 1 : 0,
                       k == 0 ? ",\"grade\":\"excellent\"" : "");
  int bad = 0;
  if (r->status == 201) {
    __atomic_add_fetch(&created[k], 1, __ATOMIC_SEQ_CST);
  } else if (r->status != 422 || !err_has_field(r, "date")) {
    fprintf(stderr, "duty %s %d: %ld %.200s\n", date, k, r->status, r->body);
    bad = 1;
  }
  resp_free(r);
  return bad;
}

static int yq_call(int i, void *arg) {
  (void)arg;
  resp *r = http_postf("/api/v1/hotline/calls", clerk2,
                       "{\"kind\":\"consultation\",\"started_at\":\"2024-%02d-%02dT10:00:00+08:00\","
                       "\"topic\":\"labour\",\"outcome\":\"answered\",\"satisfied\":%s}",
                       1 + i % 12, 1 + i % 28, i == 7 ? "false" : "true");
  int bad = r->status != 201;
  resp_free(r);
  return bad;
}

START_TEST(yangquan_2024) {
  resp *r = http("PUT", "/api/v1/targets/2/2024", sup2,
                 "{\"cases\":40,\"duty_lawyers_per_day\":3,\"duty_coverage_rate\":0.98,"
                 "\"satisfaction_rate\":0.98}", NULL);
  ck_status(r, 200);
  ck_assert_int_eq(jint(r->json, "cases"), 40);
  ck_assert(json_number_value(json_object_get(r->json, "duty_lawyers_per_day")) == 3.0);
  ck_assert(json_number_value(json_object_get(r->json, "duty_coverage_rate")) == 0.98);
  ck_assert(json_is_null(json_object_get(r->json, "recovered_fen")));
  resp_free(r);
  /* 15万 budgeted, 11.9448万 received (seed 001's 项目预算金额 and 实际到位金额). */
  r = http("PUT", "/api/v1/budgets/2/2024", sup2,
           "{\"allocated_fen\":15000000,\"received_fen\":11944800}", NULL);
  ck_status(r, 200);
  ck_assert_int_eq(jint(r->json, "received_fen"), 11944800);
  resp_free(r);
  ck_assert_int_eq(parallel(29, yq_case, NULL), 0);
  int created[3] = {0, 0, 0};
  ck_assert_int_eq(parallel(366 * 3, yq_duty, created), 0);
  /* 251 working days in 2024: each lawyer's shifts on them, none on the 115 days off. */
  for (int k = 0; k < 3; k++) ck_assert_int_eq(created[k], 251);
  ck_assert_int_eq(parallel(50, yq_call, NULL), 0);
  /* Pay 238 of the excellent days (500 yuan) and 2 of the others (200): 119,400 yuan. */
  char path[128];
  for (int k = 0; k < 2; k++) {
    snprintf(path, sizeof path, "/api/v1/subsidies?center_id=2&year=2024&lawyer_id=%ld&limit=500",
             yq_lawyers[k]);
    r = http_get(path, sup2);
    ck_status(r, 200);
    json_t *items = json_object_get(r->json, "items");
    ck_assert_int_eq(json_array_size(items), 251);
    for (size_t i = 0; i < (k == 0 ? 238u : 2u); i++) {
      json_t *claim = json_array_get(items, i);
      ck_assert_int_eq(jint(claim, "amount_fen"), k == 0 ? 50000 : 20000);
      char p2[96];
      snprintf(p2, sizeof p2, "/api/v1/subsidies/%ld/approve", jint(claim, "id"));
      resp *a = http("POST", p2, sup2, NULL, NULL);
      ck_status(a, 200);
      resp_free(a);
      snprintf(p2, sizeof p2, "/api/v1/subsidies/%ld/pay", jint(claim, "id"));
      a = http("POST", p2, sup2, NULL, NULL);
      ck_status(a, 200);
      resp_free(a);
    }
    resp_free(r);
  }

  /* The annual figures: stationed duty per working day and the day's log. */
  r = http_get("/api/v1/stats/annual?center_id=2&year=2024", sup2);
  ck_status(r, 200);
  json_t *a = r->json;
  ck_assert_int_eq(jint(a, "cases.total"), 29);
  ck_assert_int_eq(jint(a, "duty.working_days"), 251);
  ck_assert_int_eq(jint(a, "duty.stationed_lawyer_days"), 753);
  ck_assert(at(a, "duty.lawyers_per_working_day") == 3.0);
  ck_assert(at(a, "duty.target_lawyers_per_day") == 3.0);
  ck_assert_int_eq(jint(a, "duty.days_meeting_target"), 251);
  ck_assert(at(a, "duty.coverage_rate") == 1.0);
  ck_assert_int_eq(jint(a, "duty.off_day_lawyer_days"), 0);
  ck_assert_int_eq(jint(a, "duty.received"), 251 * (2 + 3 + 4));
  ck_assert_int_eq(jint(a, "duty.consultations"), 753);
  ck_assert_int_eq(jint(a, "duty_lawyer_days"), 753);
  ck_assert_int_eq(jint(a, "satisfaction.ratings"), 50);
  ck_assert_int_eq(jint(a, "satisfaction.satisfied"), 49);
  ck_assert(at(a, "satisfaction.rate") == 0.98);
  ck_assert_int_eq(jint(a, "budget.paid_fen"), 11940000);
  long plea = jint(a, "duty.plea_witnessed");
  ck_assert_int_gt(plea, 0);
  resp_free(r);

  /* The self-assessment: seed 001's form filled from the data. */
  r = http_get("/api/v1/stats/self-assessment?center_id=2&year=2024", sup2);
  ck_status(r, 200);
  json_t *sa = json_incref(r->json);
  resp_free(r);
  ck_assert_str_eq(jstr(sa, "center_name"), "阳泉市法律援助中心");
  ck_assert_int_eq(jint(sa, "year"), 2024);
  ck_assert_int_eq(jint(sa, "budget.allocated_fen"), 15000000);
  ck_assert_int_eq(jint(sa, "budget.received_fen"), 11944800);
  ck_assert_int_eq(jint(sa, "budget.executed_fen"), 11940000);
  ck_assert(json_number_value(jget(sa, "budget.execution_rate")) == 0.9996);
  ck_assert(json_number_value(jget(sa, "budget.score")) == 10.0);
  json_t *cases = indicator(sa, "cases");
  ck_assert_str_eq(jstr(cases, "level1"), "产出指标");
  ck_assert_str_eq(jstr(cases, "level2"), "数量指标");
  ck_assert_int_eq(jint(cases, "target"), 40);
  ck_assert_int_eq(jint(cases, "actual"), 29);
  ck_assert(json_is_false(json_object_get(cases, "met")));
  ck_assert(json_number_value(json_object_get(cases, "weight")) == 16.67);
  ck_assert(json_number_value(json_object_get(cases, "score")) == 12.09); /* 16.67 x 29/40 */
  json_t *duty = indicator(sa, "duty_lawyers_per_day");
  ck_assert(json_number_value(json_object_get(duty, "target")) == 3.0);
  ck_assert(json_number_value(json_object_get(duty, "actual")) == 3.0);
  ck_assert(json_is_true(json_object_get(duty, "met")));
  ck_assert_str_eq(jstr(duty, "actual_text"), "3.00人/天");
  json_t *coverage = indicator(sa, "duty_coverage_rate");
  ck_assert(json_number_value(json_object_get(coverage, "actual")) == 1.0);
  ck_assert(json_is_true(json_object_get(coverage, "met")));
  json_t *sat = indicator(sa, "satisfaction_rate");
  ck_assert_str_eq(jstr(sat, "level1"), "满意度指标");
  ck_assert(json_number_value(json_object_get(sat, "target")) == 0.98);
  ck_assert(json_number_value(json_object_get(sat, "actual")) == 0.98);
  ck_assert(json_is_true(json_object_get(sat, "met")));
  ck_assert(json_number_value(json_object_get(sat, "score")) == 10.0);
  json_t *rec = indicator(sa, "recovered_fen");
  ck_assert(json_is_false(json_object_get(rec, "assessed")));
  ck_assert(json_is_null(json_object_get(rec, "met")));
  /* 10 + (12.09 + 16.67 + 16.66) + 0 (no effect target) + 10 = 65.42: 中. */
  ck_assert(json_number_value(json_object_get(sa, "total_score")) == 65.42);
  ck_assert_str_eq(jstr(sa, "grade"), "中");
  ck_assert_ptr_nonnull(strstr(jstr(sa, "method"), "预算执行率10分"));
  char *notes = json_dumps(json_object_get(sa, "notes"), 0);
  ck_assert_ptr_nonnull(strstr(notes, "效益指标未设定年度指标值"));
  free(notes);
  check_traceable(sa, sup2);
  check_self_assessment_xlsx(sa, "center_id=2&year=2024", sup2);
  json_decref(sa);

  /* /stats/performance reads the same figures. */
  r = http_get("/api/v1/stats/performance?center_id=2&year=2024", sup2);
  ck_status(r, 200);
  json_t *items = json_object_get(r->json, "items");
  ck_assert_str_eq(jstr(json_array_get(items, 1), "indicator"), "duty_lawyers_per_day");
  ck_assert(json_number_value(jget(json_array_get(items, 1), "actual")) == 3.0);
  ck_assert_int_eq(jint(r->json, "counts.working_days"), 251);
  resp_free(r);
  /* A clerk may not; another centre's supervisor does not see it. */
  r = http_get("/api/v1/stats/self-assessment?center_id=2&year=2024", clerk2);
  ck_status(r, 403);
  resp_free(r);
  r = http_get("/api/v1/stats/self-assessment?center_id=2&year=2024", sup5);
  ck_status(r, 404);
  resp_free(r);
  r = http_get("/api/v1/stats/self-assessment?center_id=2&year=2024&format=pdf", sup2);
  ck_status(r, 422);
  resp_free(r);
}
END_TEST

/* ---- Yueyang 2024 (seed 002) ---- */

static int yy_city_case(int i, void *arg) {
  (void)arg;
  return new_case(clerk3, "430600", 3, 5000 + i, NULL);
}

/* 临湘市's 461 cases through the API. */
static int yy_county_case(int i, void *arg) {
  (void)arg;
  return new_case(county_clerks[5], "430682", county_ids[5], 9000 + i, NULL);
}

/* 50 of the 10,822 calls through the API, two callers not satisfied. */
static int yy_call(int i, void *arg) {
  (void)arg;
  resp *r = http_postf("/api/v1/hotline/calls", clerk3,
                       "{\"kind\":\"consultation\",\"started_at\":\"2024-%02d-%02dT%02d:%02d:00+08:00\","
                       "\"topic\":\"%s\",\"outcome\":\"answered\",\"satisfied\":%s}",
                       1 + i % 12, 1 + i % 28, 8 + i % 10, i % 60, i % 3 ? "labour" : "debt",
                       i % 25 == 3 ? "false" : "true");
  int bad = r->status != 201;
  if (bad) fprintf(stderr, "call %d: %ld %.200s\n", i, r->status, r->body);
  resp_free(r);
  return bad;
}

/* The 17 online consultations through the API, each rated satisfied. */
static int yy_consultation(int i, void *arg) {
  (void)arg;
  resp *r = http_postf("/api/v1/consultations", clerk3,
                       "{\"channel\":\"online\",\"topic\":\"marriage_family\","
                       "\"at\":\"2024-%02d-%02dT15:00:00+08:00\",\"satisfied\":true}",
                       1 + i % 12, 1 + i % 28);
  int bad = r->status != 201 || !json_is_true(json_object_get(r->json, "satisfied"));
  resp_free(r);
  return bad;
}

/* The volume with the benchmark's generator (COPY): the other 10,772 calls (4 not satisfied,
 * 30 sent on as 12345 work orders); 3,182 consultations on site and 1,178 by phone off the
 * hotline, the first 3,367 of them rated satisfied; 462 cases in each of five counties. */
static void gen(const char *args) {
  const char *bin = getenv("LEGALAID_GEN");
  ck_assert_msg(bin && *bin, "LEGALAID_GEN (meson sets it) names legalaid-gen");
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "'%s' '%s' %s", bin,
           harness_owner_conninfo(), /* bulk loading (setval): the owner */ args);
  ck_assert_msg(system(cmd) == 0, "%s", cmd);
}

static void yy_volume(void) {
  gen("--center 3 --year 2024 --calls 10772 --calls-dissatisfied 4 --calls-work-orders 30"
      " --consultations-on-site 3182 --consultations-phone 1178 --consultations-rated 3367");
  for (int c = 0; c < 5; c++) {
    char args[96];
    snprintf(args, sizeof args, "--center %ld --year 2024 --cases 462", county_ids[c]);
    gen(args);
  }
}

/* 99 work orders from 12345, each closed. */
static int yy_work_order(int i, void *arg) {
  (void)arg;
  resp *r = http_postf("/api/v1/hotline/work-orders", clerk3,
                       "{\"order_no\":\"12345-2024-%05d\",\"received_at\":\"2024-%02d-%02dT09:00:00+08:00\","
                       "\"due_on\":\"2099-01-01\",\"topic\":\"labour\",\"summary\":\"欠薪投诉转办\"}",
                       i, 1 + i % 12, 1 + i % 28);
  if (r->status != 201) {
    resp_free(r);
    return 1;
  }
  char path[96];
  snprintf(path, sizeof path, "/api/v1/hotline/work-orders/%ld/closure", jint(r->json, "id"));
  resp_free(r);
  r = http_postf(path, clerk3, "{\"result\":\"已联系当事人并答复\"}");
  int bad = r->status != 200;
  resp_free(r);
  return bad;
}

/* A case of the city centre taken to closure and graded. */
static int yy_graded(int i, void *arg) {
  (void)arg;
  static const char *const grades[] = {"excellent", "excellent", "excellent", "excellent", "excellent",
                                       "excellent", "good",      "good",      "good",      "pass"};
  long id;
  if (new_case(clerk3, "430600", 3, 7000 + i, &id)) return 1;
  char path[96];
  int v = 1, bad = 0;
#define STEP(tok, what, ...)                                            \
  do {                                                                  \
    snprintf(path, sizeof path, "/api/v1/cases/%ld/%s", id, what);      \
    resp *s = http_postf(path, tok, __VA_ARGS__);                       \
    if (s->status != 200) {                                             \
      fprintf(stderr, "%s: %ld %.200s\n", what, s->status, s->body);    \
      bad = 1;                                                          \
    } else {                                                            \
      v = (int)jint(s->json, "version");                                \
    }                                                                   \
    resp_free(s);                                                       \
  } while (0)
  STEP(reviewer3, "decision", "{\"decision\":\"approve\",\"version\":%d}", v);
  STEP(reviewer3, "assignment", "{\"lawyer_id\":%ld,\"version\":%d}", lawyer3_id, v);
  STEP(lawyer3, "accept", "{\"version\":%d}", v);
  STEP(lawyer3, "closure", "{\"outcome\":\"调解结案\",\"recovered_fen\":100000,\"closed_on\":\"2024-12-31\",\"version\":%d}", v);
  STEP(reviewer3, "grade", "{\"grade\":\"%s\",\"version\":%d}", grades[i], v);
#undef STEP
  return bad;
}

START_TEST(yueyang_2024) {
  ck_assert_int_eq(parallel(479, yy_city_case, NULL), 0);
  ck_assert_int_eq(parallel(10, yy_graded, NULL), 0);
  ck_assert_int_eq(parallel(461, yy_county_case, NULL), 0);
  ck_assert_int_eq(parallel(50, yy_call, NULL), 0);
  ck_assert_int_eq(parallel(17, yy_consultation, NULL), 0);
  yy_volume();
  ck_assert_int_eq(parallel(99, yy_work_order, NULL), 0);
  resp *r = http("PUT", "/api/v1/targets/3/2024", sup3,
                 "{\"satisfaction_rate\":0.95,\"excellent_rate\":0.5,\"hotline_calls\":10000,"
                 "\"work_orders_closed_rate\":0.9}", NULL);
  ck_status(r, 200);
  resp_free(r);

  /* The city: 3,260 cases; 14,206 ratings, 99.96% satisfied. */
  r = http_get("/api/v1/stats/annual?center_id=3&year=2024&include_children=true", sup3);
  ck_status(r, 200);
  json_t *a = r->json;
  ck_assert_int_eq(jint(a, "cases.total"), 3260);
  ck_assert_int_eq(jint(a, "satisfaction.ratings"), 14206);
  ck_assert_int_eq(jint(a, "satisfaction.satisfied"), 14200);
  ck_assert(at(a, "satisfaction.rate") == 0.9996);
  ck_assert_int_eq(jint(a, "satisfaction.by_source.hotline.ratings"), 10822);
  ck_assert_int_eq(jint(a, "satisfaction.by_source.consultations.ratings"), 3384);
  ck_assert_int_eq(jint(a, "satisfaction.by_source.cases.ratings"), 0);
  resp_free(r);
  /* The city's own centre: 489 cases, the hotline, consultations, work orders, grades. */
  r = http_get("/api/v1/stats/annual?center_id=3&year=2024", sup3);
  ck_status(r, 200);
  a = json_incref(r->json);
  resp_free(r);
  ck_assert_int_eq(jint(a, "cases.total"), 489);
  ck_assert_int_eq(jint(a, "hotline.calls"), 10822);
  ck_assert_int_eq(jint(a, "consultations.by_channel.on_site"), 3182);
  ck_assert_int_eq(jint(a, "consultations.by_channel.online"), 17);
  ck_assert_int_eq(jint(a, "consultations.by_channel.hotline_12348"), 10822);
  ck_assert_int_eq(jint(a, "consultations.by_channel.phone"), 12000); /* 来电咨询超12000人次 */
  ck_assert_int_gt(jint(a, "consultations.total"), 15000);             /* 接待各类咨询超15000 */
  ck_assert_int_eq(jint(a, "work_orders_12345.incoming"), 99);
  ck_assert_int_eq(jint(a, "work_orders_12345.closed"), 99);           /* 办结12345热线工单近100件 */
  ck_assert(at(a, "work_orders_12345.closed_rate") == 1.0);
  ck_assert_int_eq(jint(a, "work_orders_12345.outgoing"), 30);
  ck_assert_int_eq(jint(a, "cases.graded"), 10);
  ck_assert_int_eq(jint(a, "cases.by_grade.excellent"), 6);
  ck_assert_int_eq(jint(a, "cases.by_grade.good"), 3);
  ck_assert_int_eq(jint(a, "cases.by_grade.pass"), 1);
  ck_assert_int_eq(jint(a, "cases.by_grade.fail"), 0);
  ck_assert(at(a, "cases.excellent_rate") == 0.6); /* 优秀率60% */
  ck_assert(at(a, "cases.good_rate") == 0.9);
  ck_assert(at(a, "satisfaction.rate") == 0.9996);

  /* Grouped counts agree; the CSV has Chinese headings. */
  r = http_get("/api/v1/stats/cases?group_by=center&center_id=3&year=2024&include_children=true", sup3);
  ck_status(r, 200);
  ck_assert_int_eq(jint(r->json, "total"), 3260);
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "rows")), 7);
  resp_free(r);

  /* The annual report as XLSX: every row's value is the JSON's, by its key. */
  r = http_get("/api/v1/stats/annual?center_id=3&year=2024&format=xlsx", sup3);
  ck_status(r, 200);
  ck_assert_str_eq(resp_header(r, "Content-Type"),
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  json_t *x = read_xlsx(r);
  resp_free(r);
  json_t *sh = sheet(x, 0);
  ck_assert_str_eq(jstr(sh, "title"), "年度统计");
  ck_assert_str_eq(jstr(sh, "freeze"), "A2");
  static const char *const head[] = {"类别", "项目", "数值", "单位", "代码"};
  for (int c = 0; c < 5; c++) ck_assert_str_eq(text(cell(sh, 0, (size_t)c)), head[c]);
  size_t nrows = json_array_size(json_object_get(sh, "rows")), checked = 0, money = 0, rates = 0;
  for (size_t row = 1; row < nrows; row++) {
    const char *key = text(cell(sh, row, 4)), *unit = text(cell(sh, row, 3));
    ck_assert_ptr_nonnull(key);
    json_t *v = jget(a, key);
    json_t *c = cell(sh, row, 2);
    if (v == NULL || json_is_null(v)) {
      ck_assert_msg(c == NULL, "%s: null in JSON, a value in XLSX", key);
      continue;
    }
    if (strcmp(unit, "元") == 0) {
      ck_assert_msg(near(num(c) * 100, (double)json_integer_value(v)), "%s", key);
      ck_assert_str_eq(fmt(c), "#,##0.00");
      money++;
    } else if (strcmp(unit, "%") == 0) {
      ck_assert_msg(near(num(c), json_number_value(v)), "%s", key);
      ck_assert_str_eq(fmt(c), "0.00%");
      rates++;
    } else {
      ck_assert_msg(near(num(c), json_number_value(v)), "%s: %g vs %g", key, num(c), json_number_value(v));
    }
    checked++;
  }
  ck_assert_int_gt(checked, 80);
  ck_assert_int_gt(money, 10);
  ck_assert_int_gt(rates, 5);
  /* The Chinese labels are there and the columns are wide enough for them. */
  ck_assert(json_number_value(jget(sh, "widths.B")) >= 2 * 8);
  json_decref(x);

  /* The self-assessment of the city centre: satisfaction 99.96% against 95%, 60% excellent
   * against 50%, 10,822 calls against 10,000, every work order closed. */
  r = http_get("/api/v1/stats/self-assessment?center_id=3&year=2024", sup3);
  ck_status(r, 200);
  json_t *sa = json_incref(r->json);
  resp_free(r);
  json_t *sat = indicator(sa, "satisfaction_rate");
  ck_assert(json_number_value(json_object_get(sat, "actual")) == 0.9996);
  ck_assert(json_is_true(json_object_get(sat, "met")));
  json_t *ex = indicator(sa, "excellent_rate");
  ck_assert(json_number_value(json_object_get(ex, "actual")) == 0.6);
  ck_assert(json_is_true(json_object_get(ex, "met")));
  ck_assert_int_eq(jint(indicator(sa, "hotline_calls"), "actual"), 10822);
  ck_assert(json_number_value(json_object_get(indicator(sa, "work_orders_closed_rate"), "actual")) == 1.0);
  /* No budget entered: execution not known, no points; outputs and effects met in full. */
  ck_assert(json_is_null(jget(sa, "budget.execution_rate")));
  ck_assert(json_number_value(json_object_get(sa, "total_score")) == 90.0);
  ck_assert_str_eq(jstr(sa, "grade"), "优");
  check_traceable(sa, sup3);
  check_self_assessment_xlsx(sa, "center_id=3&year=2024", sup3);
  json_decref(sa);
  json_decref(a);

  /* Work orders: listing, a repeated number, closing twice, another centre's. */
  r = http_get("/api/v1/hotline/work-orders?status=closed&limit=5", clerk3);
  ck_status(r, 200);
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 5);
  ck_assert_ptr_nonnull(jstr(r->json, "next_cursor"));
  long wid = jint(json_array_get(json_object_get(r->json, "items"), 0), "id");
  resp_free(r);
  r = http_postf("/api/v1/hotline/work-orders", clerk3,
                 "{\"order_no\":\"12345-2024-00001\",\"received_at\":\"2024-03-01T09:00:00+08:00\",\"topic\":\"labour\"}");
  ck_status(r, 409);
  resp_free(r);
  char path[96];
  snprintf(path, sizeof path, "/api/v1/hotline/work-orders/%ld/closure", wid);
  r = http_postf(path, clerk3, "{\"result\":\"再次办结\"}");
  ck_status(r, 409);
  resp_free(r);
  r = http_postf(path, clerk2, "{\"result\":\"别的中心\"}");
  ck_status(r, 404);
  resp_free(r);
  r = http_postf("/api/v1/hotline/work-orders", clerk3,
                 "{\"order_no\":\"\",\"received_at\":\"2024-03-01T09:00:00+08:00\",\"topic\":\"lunch\"}");
  ck_status(r, 422);
  ck_assert(err_has_field(r, "order_no") && err_has_field(r, "topic"));
  resp_free(r);
}
END_TEST

/* ---- Lusong 2024 (seed 004) ---- */

static int ls_case(int i, void *arg) {
  (void)arg;
  return new_case(clerk5, "430203", 5, 20000 + i, NULL);
}

START_TEST(lusong_2024) {
  ck_assert_int_eq(parallel(612, ls_case, NULL), 0);
  resp *r = http("PUT", "/api/v1/targets/5/2024", sup5, "{\"cases\":550}", NULL);
  ck_status(r, 200);
  resp_free(r);
  r = http_get("/api/v1/stats/self-assessment?center_id=5&year=2024", sup5);
  ck_status(r, 200);
  json_t *cases = indicator(r->json, "cases");
  ck_assert_int_eq(jint(cases, "target"), 550);
  ck_assert_int_eq(jint(cases, "actual"), 612); /* 全年受理612件，超额完成（任务数550件） */
  ck_assert(json_is_true(json_object_get(cases, "met")));
  ck_assert(json_number_value(json_object_get(cases, "weight")) == 50.0);
  ck_assert(json_number_value(json_object_get(cases, "score")) == 50.0);
  ck_assert_str_eq(jstr(cases, "target_text"), "550件");
  ck_assert_str_eq(jstr(cases, "actual_text"), "612件");
  resp_free(r);
  r = http_get("/api/v1/stats/performance?center_id=5&year=2024", sup5);
  ck_status(r, 200);
  json_t *first = json_array_get(json_object_get(r->json, "items"), 0);
  ck_assert_str_eq(jstr(first, "indicator"), "cases");
  ck_assert_int_eq(jint(first, "actual"), 612);
  ck_assert(json_is_true(json_object_get(first, "met")));
  resp_free(r);
}
END_TEST

static Suite *reports_suite(void) {
  Suite *s = suite_create("api_reports");
  TCase *t = tcase_create("reports");
  /* Tens of thousands of requests in the Yueyang test: generous for a shared, loaded machine
   * and the sanitizer build, not a measure of speed. */
  tcase_set_timeout(t, 1200);
  tcase_add_test(t, yangquan_2024);
  tcase_add_test(t, yueyang_2024);
  tcase_add_test(t, lusong_2024);
  suite_add_tcase(s, t);
  return s;
}

int main(void) {
  harness_start("reports");
  admin = login(ADMIN_USER, ADMIN_PASS);
  /* Yueyang's counties get centres of their own before anyone of the city signs in. */
  static const char *const counties[][3] = {
      {"岳阳县法律援助中心", "430621", "岳县"}, {"华容县法律援助中心", "430623", "华"},
      {"湘阴县法律援助中心", "430624", "湘阴"}, {"平江县法律援助中心", "430626", "平"},
      {"汨罗市法律援助中心", "430681", "汨"},   {"临湘市法律援助中心", "430682", "临"}};
  for (int i = 0; i < 6; i++) {
    resp *r = http_postf("/api/v1/centers", admin,
                         "{\"name\":\"%s\",\"region_code\":\"%s\",\"case_no_prefix\":\"%s\"}",
                         counties[i][0], counties[i][1], counties[i][2]);
    if (r->status != 201) {
      fprintf(stderr, "centre: %ld %s\n", r->status, r->body);
      return 1;
    }
    county_ids[i] = jint(r->json, "id");
    resp_free(r);
    char name[32];
    snprintf(name, sizeof name, "r_clerk_c%d", i);
    county_clerks[i] = user_token(admin, name, "clerk", county_ids[i]);
  }
  sup2 = user_token(admin, "r_sup2", "supervisor", 2);
  clerk2 = user_token(admin, "r_clerk2", "clerk", 2);
  for (int k = 0; k < 3; k++) {
    char name[32], lawyer[160];
    snprintf(name, sizeof name, "r_lawyer2_%d", k);
    snprintf(lawyer, sizeof lawyer,
             "{\"license_no\":\"1403002012000%04d\",\"kind\":\"lawyer\",\"practice_years\":%d}", k, 5 + k);
    yq_lawyers[k] = create_user(admin, name, "lawyer", 2, lawyer);
  }
  sup3 = user_token(admin, "r_sup3", "supervisor", 3);
  clerk3 = user_token(admin, "r_clerk3", "clerk", 3);
  reviewer3 = user_token(admin, "r_reviewer3", "reviewer", 3);
  lawyer3_id = create_user(admin, "r_lawyer3", "lawyer", 3,
                           "{\"license_no\":\"14306002012345678\",\"kind\":\"lawyer\",\"practice_years\":12,"
                           "\"specialties\":[\"civil\"]}");
  lawyer3 = login("r_lawyer3", USER_PASS);
  sup5 = user_token(admin, "r_sup5", "supervisor", 5);
  clerk5 = user_token(admin, "r_clerk5", "clerk", 5);
  int failed = run_suite(reports_suite());
  int code = harness_stop();
  if (code != 0) fprintf(stderr, "legalaidd exited with %d after SIGTERM\n", code);
  return failed == 0 && code == 0 ? 0 : 1;
}
