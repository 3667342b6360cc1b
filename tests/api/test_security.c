/* Issue 10: each way in that an outside attack found, tried again against the real daemon, and
 * the accounts' life cycle (API.md 1.1 "Accounts"). The daemon of this suite has short request
 * deadlines (LEGALAID_HEADER_TIMEOUT=3) so that the slow-client tests take seconds. */
#include <arpa/inet.h>
#include <errno.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

static char *admin;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(int ms) {
  struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static long count_of(const char *sql) {
  char *v = sql_value(sql);
  long n = atol(v);
  free(v);
  return n;
}

/* A raw TCP connection to the daemon from a given loopback address. -1 when refused. */
static int raw_connect(const char *from) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  struct sockaddr_in src = {0}, dst = {0};
  src.sin_family = AF_INET;
  inet_pton(AF_INET, from, &src.sin_addr);
  if (bind(fd, (struct sockaddr *)&src, sizeof src) != 0) {
    close(fd);
    return -1;
  }
  dst.sin_family = AF_INET;
  dst.sin_port = htons((uint16_t)harness_port());
  inet_pton(AF_INET, "127.0.0.1", &dst.sin_addr);
  if (connect(fd, (struct sockaddr *)&dst, sizeof dst) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

static void send_all(int fd, const char *s, size_t n) {
  while (n > 0) {
    ssize_t w = send(fd, s, n, MSG_NOSIGNAL);
    if (w <= 0) return;
    s += w;
    n -= (size_t)w;
  }
}

/* Reads until the peer closes or timeout_ms passes; returns what came (malloc'd) and sets
 * *closed when the peer closed. */
static char *read_until_close(int fd, int timeout_ms, bool *closed) {
  size_t cap = 65536, len = 0;
  char *buf = malloc(cap);
  *closed = false;
  double until = now_s() + timeout_ms / 1000.0;
  while (now_s() < until) {
    struct pollfd p = {fd, POLLIN, 0};
    int left = (int)((until - now_s()) * 1000);
    if (poll(&p, 1, left > 0 ? left : 0) <= 0) continue;
    ssize_t n = recv(fd, buf + len, cap - len - 1, 0);
    if (n <= 0) {
      *closed = true;
      break;
    }
    len += (size_t)n;
    if (len + 1 >= cap) break;
  }
  buf[len] = '\0';
  return buf;
}

static long user_id_of(const char *name) {
  char q[200];
  snprintf(q, sizeof q, "SELECT id FROM users WHERE username = '%s'", name);
  return count_of(q);
}

static resp *sign_in(const char *user, const char *password) {
  return http_postf("/api/v1/session", NULL, "{\"username\":\"%s\",\"password\":\"%s\"}", user,
                    password);
}

/* ---- 1. jurisdiction-wide settings: only the admin above or at that jurisdiction ---- */

START_TEST(jurisdiction_settings_only_in_own_region) {
  char *yuanjiang = user_token(admin, "sec_admin_yj", "admin", 4);  /* 沅江市 430981 */
  char *yueyang = user_token(admin, "sec_admin_yy", "admin", 3);    /* 岳阳市 430600 */
  struct {
    const char *path, *body;
  } puts[] = {
      {"/api/v1/hardship-thresholds/140000", "{\"monthly_income_fen\":1}"},
      {"/api/v1/jurisdiction-settings/140000", "{\"deadline_mode\":\"working_days\"}"},
      {"/api/v1/subsidy-standards/140000/2026",
       "{\"cells\":[{\"item\":\"civil\",\"unit\":\"case\",\"min_fen\":1,\"max_fen\":2}]}"},
      {"/api/v1/hardship-thresholds/430000", "{\"monthly_income_fen\":1}"},
      {"/api/v1/jurisdiction-settings/430600", "{\"deadline_mode\":\"working_days\"}"},
  };
  for (size_t i = 0; i < sizeof puts / sizeof *puts; i++) {
    resp *r = http("PUT", puts[i].path, yuanjiang, puts[i].body, NULL);
    ck_assert_msg(r->status == 403, "沅江 admin PUT %s -> %ld", puts[i].path, r->status);
    ck_assert_str_eq(err_code(r), "forbidden");
    resp_free(r);
  }
  ck_assert_int_eq(count_of("SELECT count(*) FROM hardship_thresholds WHERE monthly_income_fen = 1"), 0);
  ck_assert_int_eq(count_of("SELECT count(*) FROM subsidy_tables WHERE jurisdiction = '140000'"), 0);
  ck_assert_int_eq(count_of("SELECT count(*) FROM jurisdiction_settings WHERE region_code IN"
                            " ('140000', '430600') AND deadline_mode = 'working_days'"), 0);
  /* Its own county: allowed. A city admin: its city and its counties, not the province. */
  resp *r = http("PUT", "/api/v1/jurisdiction-settings/430981", yuanjiang,
                 "{\"deadline_mode\":\"calendar_days\"}", NULL);
  ck_status(r, 200);
  resp_free(r);
  r = http("PUT", "/api/v1/hardship-thresholds/430602", yueyang, "{\"monthly_income_fen\":190000}", NULL);
  ck_status(r, 200);
  resp_free(r);
  r = http("PUT", "/api/v1/hardship-thresholds/430981", yueyang, "{\"monthly_income_fen\":190000}", NULL);
  ck_status(r, 403);
  resp_free(r);
  r = http("PUT", "/api/v1/hardship-thresholds/430000", yueyang, "{\"monthly_income_fen\":190000}", NULL);
  ck_status(r, 403);
  resp_free(r);
  /* The administrator of no centre: anywhere. */
  r = http("PUT", "/api/v1/jurisdiction-settings/140000", admin, "{\"deadline_mode\":\"calendar_days\"}", NULL);
  ck_status(r, 200);
  resp_free(r);
  free(yuanjiang);
  free(yueyang);
}
END_TEST

/* ---- 2. slow clients ---- */

#define SLOW_PER_ADDRESS 300
#define SLOW_START "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n"
#define SLOW_LINE "X-Slow: 1\r\n"

/* 1,200 connections from four addresses, each sending its header a line at a time; a fifth
 * address must still be answered. The aim is under a second; the assertion allows 5 s, as the
 * machine is shared (the time measured is printed). */
START_TEST(slow_clients_do_not_shut_out_others) {
  struct rlimit rl = {4096, 4096};
  setrlimit(RLIMIT_NOFILE, &rl);
  static const char *const from[] = {"127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"};
  int fds[4 * SLOW_PER_ADDRESS];
  int n = 0;
  for (int a = 0; a < 4; a++)
    for (int i = 0; i < SLOW_PER_ADDRESS; i++) {
      int fd = raw_connect(from[a]);
      if (fd >= 0) {
        send_all(fd, SLOW_START, strlen(SLOW_START));
        fds[n++] = fd;
      }
    }
  sleep_ms(300);
  for (int i = 0; i < n; i++) send_all(fds[i], SLOW_LINE, strlen(SLOW_LINE));
  harness_source_ip("127.0.0.6");
  double t0 = now_s();
  resp *r = http_get("/api/v1/health", NULL);
  double took = now_s() - t0;
  harness_source_ip(NULL);
  fprintf(stderr, "slow_clients: %d slow connections opened; the fifth address answered %ld in %.3f s\n",
          n, r->status, took);
  ck_status(r, 200);
  ck_assert_msg(took < 5.0, "the fifth address waited %.3f s", took);
  resp_free(r);
  for (int i = 0; i < n; i++) close(fds[i]);
}
END_TEST

/* A client that sends its header a line every half second never finishes it: the daemon closes
 * the connection at the header deadline (3 s in this suite; before, the 30 s inactivity timeout
 * was reset by every line and the connection lived for ever). */
START_TEST(slow_header_closed_at_deadline) {
  int fd = raw_connect("127.0.0.7");
  ck_assert_int_ge(fd, 0);
  send_all(fd, SLOW_START, strlen(SLOW_START));
  double t0 = now_s();
  bool closed = false;
  while (now_s() - t0 < 15 && !closed) {
    send_all(fd, SLOW_LINE, strlen(SLOW_LINE));
    free(read_until_close(fd, 500, &closed));
  }
  double took = now_s() - t0;
  fprintf(stderr, "slow_header: closed=%d after %.1f s\n", closed, took);
  ck_assert_msg(closed, "a header trickling for %.0f s was still being read", took);
  ck_assert_msg(took >= 2.0, "closed after %.1f s, before its deadline", took); /* not refused */
  close(fd);
  /* A slow body likewise (body deadline 3 s here). */
  fd = raw_connect("127.0.0.7");
  const char *h = "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  "Content-Length: 1000\r\n\r\n{";
  send_all(fd, h, strlen(h));
  t0 = now_s();
  closed = false;
  while (now_s() - t0 < 15 && !closed) {
    send_all(fd, " ", 1);
    free(read_until_close(fd, 500, &closed));
  }
  ck_assert_msg(closed, "a body trickling for %.0f s was still being read", now_s() - t0);
  close(fd);
  /* An ordinary request from the same address is still served. */
  harness_source_ip("127.0.0.7");
  resp *r = http_get("/api/v1/health", NULL);
  harness_source_ip(NULL);
  ck_status(r, 200);
  resp_free(r);
}
END_TEST

/* ---- 3. parallel guesses ---- */

typedef struct {
  const char *user, *password, *from;
  long status;
} attempt;

static void *attempt_run(void *arg) {
  attempt *a = arg;
  harness_source_ip(a->from);
  resp *r = sign_in(a->user, a->password);
  a->status = r->status;
  resp_free(r);
  return NULL;
}

START_TEST(parallel_guesses_are_counted_before_checked) {
  create_user(admin, "sec_parallel", "clerk", 1, NULL);
  attempt at[25];
  pthread_t th[25];
  for (int i = 0; i < 25; i++) {
    at[i] = (attempt){"sec_parallel", i == 12 ? USER_PASS : "wrong-guess-4711", "127.0.0.8", 0};
    pthread_create(&th[i], NULL, attempt_run, &at[i]);
  }
  int s401 = 0, s201 = 0, s429 = 0;
  for (int i = 0; i < 25; i++) {
    pthread_join(th[i], NULL);
    s401 += at[i].status == 401;
    s201 += at[i].status == 201;
    s429 += at[i].status == 429;
  }
  fprintf(stderr, "parallel guesses: %d x 401, %d x 201, %d x 429\n", s401, s201, s429);
  /* Counting and checking are one step, so at most 5 wrong passwords are checked per address
   * before the lock. A right password, when it is checked, clears the pair's count (the owner
   * is in), so up to 5 more wrong ones may follow it in the same burst: at most 5 wrong per
   * success. Before the fix: 19 x 401 with one 201 (the lock was read before the others were
   * counted). Seen under ASan: the right one checked early, then 4 + 5 wrong = 9 checked. */
  ck_assert_int_le(s201, 1);
  ck_assert_msg(s401 <= 5 * (s201 + 1), "%d wrong passwords were checked for %d right (at most %d may be)",
                s401, s201, 5 * (s201 + 1));
  ck_assert_int_eq(s401 + s201 + s429, 25);
}
END_TEST

/* ---- 4. nobody locks out a real user ---- */

START_TEST(wrong_passwords_do_not_lock_out_the_owner) {
  create_user(admin, "victim2", "clerk", 1, NULL);
  harness_source_ip("127.0.0.9");
  for (int i = 0; i < 5; i++) {
    resp *r = sign_in("VICTIM2", "not-the-password");
    ck_status(r, 401);
    resp_free(r);
  }
  /* That pair is locked hard. */
  resp *r = sign_in("victim2", USER_PASS);
  ck_status(r, 429);
  ck_assert_ptr_nonnull(resp_header(r, "Retry-After"));
  resp_free(r);
  /* The owner from another address waits a moment at most (the user's soft delay), then is in. */
  harness_source_ip("127.0.0.10");
  sleep_ms(2100);
  r = sign_in("victim2", USER_PASS);
  ck_status(r, 201);
  resp_free(r);
  /* Thirty failures from one address, for many users, lock no one else behind it. */
  harness_source_ip("127.0.0.11");
  for (int i = 0; i < 30; i++) {
    char name[32];
    snprintf(name, sizeof name, "nobody_%d", i % 6);
    r = sign_in(name, "not-the-password");
    ck_assert_msg(r->status == 401 || r->status == 429, "%ld", r->status);
    resp_free(r);
  }
  create_user(admin, "sec_office", "clerk", 1, NULL);
  r = sign_in("sec_office", USER_PASS);
  ck_status(r, 201);
  resp_free(r);
  harness_source_ip(NULL);
}
END_TEST

/* ---- 5. a sign-in flood does not delay the others ---- */

#define FLOOD 40

static atomic_int flood_done;

static void *flood_one(void *arg) {
  attempt *a = arg;
  resp *r = sign_in(a->user, a->password);
  a->status = r->status;
  resp_free(r);
  atomic_fetch_add(&flood_done, 1);
  return NULL;
}

/* 40 sign-ins at once (argon2id, deliberately slow) and then a case list: the list is answered
 * while most of the sign-ins still wait (by order, not by a clock: before, it queued behind
 * them on the same workers). */
START_TEST(sign_in_flood_does_not_delay_reads) {
  char *clerk = user_token(admin, "sec_flood_reader", "clerk", 1);
  static attempt at[FLOOD];
  static char names[FLOOD][32];
  pthread_t th[FLOOD];
  atomic_store(&flood_done, 0);
  for (int i = 0; i < FLOOD; i++) {
    snprintf(names[i], sizeof names[i], "flood_%d", i);
    at[i] = (attempt){names[i], "some-wrong-password", NULL, 0};
    pthread_create(&th[i], NULL, flood_one, &at[i]);
  }
  sleep_ms(300);
  resp *r = http_get("/api/v1/cases?limit=5", clerk);
  int done_then = atomic_load(&flood_done);
  ck_status(r, 200);
  resp_free(r);
  for (int i = 0; i < FLOOD; i++) pthread_join(th[i], NULL);
  fprintf(stderr, "sign-in flood: the case list came back after %d of %d sign-ins\n", done_then,
          FLOOD);
  ck_assert_msg(done_then < FLOOD / 2, "the read waited for %d of %d sign-ins", done_then, FLOOD);
  free(clerk);
}
END_TEST

/* ---- 6. masked data cannot be recovered by search ---- */

static long intake_with(const char *token, long center, const char *region, const char *id,
                        const char *phone) {
  resp *r = http_postf("/api/v1/cases", token,
                       "{\"center_id\":%ld,\"channel\":\"window\",\"case_type\":\"plea_help\","
                       "\"applicant\":{\"name\":\"测试人\",\"id_number\":\"%s\",\"phone\":\"%s\"}}",
                       center, id, phone);
  ck_assert_msg(r->status == 201, "intake: %ld %s", r->status, r->body);
  (void)region;
  long cid = jint(r->json, "id");
  resp_free(r);
  return cid;
}

START_TEST(id_and_phone_search_only_for_full_view_roles) {
  char *clerk = user_token(admin, "sec_search_clerk", "clerk", 1);
  char *sup = user_token(admin, "sec_search_sup", "supervisor", 1);
  char *lawyer = user_token(admin, "sec_search_lawyer", "lawyer", 1);
  char id[19];
  make_id(id, "211104", "19900517", 'M', 301);
  long cid = intake_with(clerk, 1, "211104", id, "13812345678");
  char path[200];
  const char *const probes[] = {id, "13812345678"};
  for (int k = 0; k < 2; k++) {
    snprintf(path, sizeof path, "/api/v1/cases?q=%s", probes[k]);
    resp *r = http_get(path, sup);
    ck_assert_msg(r->status == 403, "supervisor q=%s -> %ld", probes[k], r->status);
    resp_free(r);
    r = http_get(path, lawyer);
    ck_assert_msg(r->status == 403, "lawyer q=%s -> %ld", probes[k], r->status);
    resp_free(r);
    long before = count_of("SELECT count(*) FROM pii_reads WHERE purpose LIKE 'search%'");
    r = http_get(path, clerk);
    ck_status(r, 200);
    ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 1);
    resp_free(r);
    ck_assert_int_eq(count_of("SELECT count(*) FROM pii_reads WHERE purpose LIKE 'search%'"), before + 1);
  }
  /* The search is recorded with the number masked, never in full. */
  char q[200];
  snprintf(q, sizeof q, "SELECT count(*) FROM pii_reads WHERE term LIKE '%%%s%%'", id);
  ck_assert_int_eq(count_of(q), 0);
  /* Names still search for everyone. */
  resp *r = http_get("/api/v1/cases?q=%E6%B5%8B%E8%AF%95", sup);
  ck_status(r, 200);
  resp_free(r);
  /* The hotline's phone filter and the caller look-up likewise. */
  r = http_get("/api/v1/hotline/calls?phone=13812345678", sup);
  ck_status(r, 403);
  resp_free(r);
  long before = count_of("SELECT count(*) FROM pii_reads WHERE purpose LIKE 'search%'");
  r = http_get("/api/v1/hotline/calls?phone=13812345678", clerk);
  ck_status(r, 200);
  resp_free(r);
  r = http_get("/api/v1/hotline/callers/13812345678", clerk);
  ck_status(r, 200);
  resp_free(r);
  ck_assert_int_eq(count_of("SELECT count(*) FROM pii_reads WHERE purpose LIKE 'search%'"), before + 2);
  /* Where the ID is masked, the birth year only. */
  snprintf(path, sizeof path, "/api/v1/cases/%ld", cid);
  r = http_get(path, sup);
  ck_status(r, 200);
  ck_assert_ptr_nonnull(strstr(jstr(r->json, "applicant.id_number"), "**********"));
  ck_assert(json_is_null(jget(r->json, "applicant.birth_date")));
  ck_assert_int_eq(jint(r->json, "applicant.birth_year"), 1990);
  ck_assert_ptr_null(strstr(r->body, "1990-05-17"));
  resp_free(r);
  r = http_get("/api/v1/cases?limit=50", clerk);
  ck_status(r, 200);
  ck_assert_ptr_null(strstr(r->body, "1990-05-17"));
  resp_free(r);
  r = http_get(path, clerk);
  ck_status(r, 200);
  ck_assert_str_eq(jstr(r->json, "applicant.birth_date"), "1990-05-17");
  ck_assert_str_eq(jstr(r->json, "applicant.id_number"), id);
  resp_free(r);
  free(clerk);
  free(sup);
  free(lawyer);
}
END_TEST

/* ---- 7. duplicate_of names only cases the caller may read ---- */

START_TEST(duplicates_elsewhere_only_counted) {
  char *clerk1 = user_token(admin, "sec_dup_c1", "clerk", 1);
  char *clerk2 = user_token(admin, "sec_dup_c2", "clerk", 2);
  char id[19];
  make_id(id, "140302", "19700303", 'F', 402);
  long first = intake_with(clerk2, 2, "140300", id, "13900000001");
  resp *r = http_postf("/api/v1/cases", clerk1,
                       "{\"center_id\":1,\"channel\":\"window\",\"case_type\":\"plea_help\","
                       "\"applicant\":{\"name\":\"重复者\",\"id_number\":\"%s\"}}",
                       id);
  ck_status(r, 201);
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "duplicate_of")), 0);
  ck_assert_int_eq(jint(r->json, "duplicates_elsewhere"), 1);
  char no[64];
  snprintf(no, sizeof no, "SELECT case_no FROM cases WHERE id = %ld", first);
  char *case_no = sql_value(no);
  ck_assert_ptr_null(strstr(r->body, case_no));
  long second = jint(r->json, "id");
  resp_free(r);
  char path[64];
  snprintf(path, sizeof path, "/api/v1/cases/%ld", second);
  r = http_get(path, clerk1);
  ck_status(r, 200);
  ck_assert_ptr_null(strstr(r->body, case_no));
  ck_assert_int_eq(jint(r->json, "duplicates_elsewhere"), 1);
  resp_free(r);
  /* The root administrator reads both: it is named. */
  r = http_get(path, admin);
  ck_status(r, 200);
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "duplicate_of")), 1);
  ck_assert_int_eq(jint(r->json, "duplicates_elsewhere"), 0);
  resp_free(r);
  free(case_no);
  free(clerk1);
  free(clerk2);
}
END_TEST

/* ---- 8. CSV cells never start a formula ---- */

START_TEST(csv_cells_are_not_formulas) {
  static const char *const names[] = {"=HYPERLINK(\\\"http://evil.example\\\",\\\"x\\\")", "+SUM(1)",
                                      "-2+3", "@cmd"};
  char *clerk = user_token(admin, "sec_csv_clerk", "clerk", 1);
  for (int i = 0; i < 4; i++) {
    char lic[32], body[512];
    snprintf(lic, sizeof lic, "CSV-%d", i);
    snprintf(body, sizeof body,
             "{\"username\":\"sec_csv_l%d\",\"password\":\"%s\",\"role\":\"lawyer\",\"center_id\":1,"
             "\"display_name\":\"%s\",\"lawyer\":{\"license_no\":\"%s\",\"kind\":\"lawyer\","
             "\"practice_years\":3}}",
             i, USER_PASS, names[i], lic);
    resp *r = http("POST", "/api/v1/users", admin, body, NULL);
    ck_status(r, 201);
    long lid = jint(r->json, "id");
    resp_free(r);
    char id[19];
    make_id(id, "211104", "19820101", 'M', 500 + i * 2);
    long cid = intake_with(clerk, 1, "211104", id, "13700000000");
    char q[200];
    snprintf(q, sizeof q, "UPDATE cases SET lawyer_id = %ld, status = 'assigned' WHERE id = %ld", lid, cid);
    free(sql_value(q));
  }
  resp *r = http_get("/api/v1/stats/cases?group_by=lawyer&center_id=1&format=csv", admin);
  ck_status(r, 200);
  ck_assert_ptr_nonnull(strstr(r->body, "'=HYPERLINK"));
  ck_assert_ptr_nonnull(strstr(r->body, "'+SUM(1)"));
  ck_assert_ptr_nonnull(strstr(r->body, "'-2+3"));
  ck_assert_ptr_nonnull(strstr(r->body, "'@cmd"));
  /* No cell (after a line start, a comma or an opening quote) begins with a formula sign. */
  for (const char *p = r->body; *p; p++) {
    if (p == r->body || p[-1] == '\n' || p[-1] == ',' || (p[-1] == '"' && (p - 1 == r->body ||
        p[-2] == ',' || p[-2] == '\n'))) {
      ck_assert_msg(!strchr("=+@\t", *p) || *p == '\0', "a cell starts with %c: %.40s", *p, p);
    }
  }
  resp_free(r);
  free(clerk);
}
END_TEST

/* ---- 9. money is bounded ---- */

START_TEST(amounts_are_bounded) {
  resp *r = http("PUT", "/api/v1/subsidy-standards/430981/2026", admin,
                 "{\"cells\":[{\"item\":\"civil\",\"unit\":\"case\",\"min_fen\":100,\"max_fen\":200}],"
                 "\"addons\":[{\"code\":\"related_case\",\"amount_fen\":4611686018427387904,"
                 "\"cap_fen\":4611686018427387904}]}",
                 NULL);
  ck_status(r, 422);
  resp_free(r);
  r = http("PUT", "/api/v1/subsidy-standards/430981/2026", admin,
           "{\"cells\":[{\"item\":\"civil\",\"unit\":\"case\",\"min_fen\":100,\"max_fen\":10000000001}]}",
           NULL);
  ck_status(r, 422);
  resp_free(r);
  ck_assert_int_eq(count_of("SELECT count(*) FROM subsidy_tables WHERE jurisdiction = '430981'"), 0);
  /* The largest allowed amounts, quoted in quantity: refused, never wrapped. */
  r = http("PUT", "/api/v1/subsidy-standards/430981/2026", admin,
           "{\"cells\":[{\"item\":\"civil\",\"unit\":\"case\",\"min_fen\":10000000000,\"max_fen\":10000000000}],"
           "\"addons\":[{\"code\":\"a\",\"amount_fen\":10000000000,\"cap_fen\":10000000000},"
           "{\"code\":\"b\",\"amount_fen\":10000000000,\"cap_fen\":10000000000}]}",
           NULL);
  ck_status(r, 200);
  resp_free(r);
  r = http("POST", "/api/v1/subsidies/quote", admin,
           "{\"item\":\"civil\",\"year\":2026,\"jurisdiction\":\"430981\",\"grade\":\"excellent\","
           "\"quantity\":10000,\"addons\":{\"a\":9,\"b\":9}}",
           NULL);
  ck_status(r, 422);
  ck_assert_ptr_null(strstr(r->body, "total_fen"));
  resp_free(r);
  r = http("POST", "/api/v1/subsidies/quote", admin,
           "{\"item\":\"civil\",\"year\":2026,\"jurisdiction\":\"430981\",\"grade\":\"excellent\","
           "\"quantity\":1,\"addons\":{\"a\":1}}",
           NULL);
  ck_status(r, 422); /* 10^10 + 10^10 */
  resp_free(r);
  r = http("POST", "/api/v1/subsidies/quote", admin,
           "{\"item\":\"civil\",\"year\":2026,\"jurisdiction\":\"430981\",\"grade\":\"excellent\","
           "\"quantity\":1}",
           NULL);
  ck_status(r, 200);
  ck_assert_int_eq(jint(r->json, "total_fen"), 10000000000L);
  resp_free(r);
}
END_TEST

/* ---- 10. weak passwords; 11. look-alike names ---- */

START_TEST(weak_passwords_refused) {
  static const char *const weak[] = {"12345678", "password", "zhang.wei.clerk", "ZHANG.WEI.CLERK",
                                     "Password-1234", "iloveyou2024!", "qwertyuiop123",
                                     "123456789012", "short-pw"};
  for (size_t i = 0; i < sizeof weak / sizeof *weak; i++) {
    resp *r = http_postf("/api/v1/users", admin,
                         "{\"username\":\"zhang.wei.clerk\",\"password\":\"%s\",\"role\":\"clerk\","
                         "\"center_id\":1}",
                         weak[i]);
    ck_assert_msg(r->status == 422 && err_has_field(r, "password"), "password %s -> %ld %s",
                  weak[i], r->status, r->body);
    resp_free(r);
  }
  ck_assert_int_eq(user_id_of("zhang.wei.clerk"), 0);
  resp *r = http_postf("/api/v1/users", admin,
                       "{\"username\":\"zhang.wei.clerk\",\"password\":\"%s\",\"role\":\"clerk\","
                       "\"center_id\":1}",
                       "窗口受理-晨光-8841");
  ck_status(r, 201);
  resp_free(r);
}
END_TEST

START_TEST(usernames_unique_regardless_of_case) {
  create_user(admin, "Acc_Clerk", "clerk", 1, NULL);
  resp *r = http_postf("/api/v1/users", admin,
                       "{\"username\":\"acc_clerk\",\"password\":\"%s\",\"role\":\"clerk\","
                       "\"center_id\":1}",
                       USER_PASS);
  ck_status(r, 409);
  resp_free(r);
  r = http_postf("/api/v1/users", admin,
                 "{\"username\":\"ACC_CLERK\",\"password\":\"%s\",\"role\":\"admin\",\"center_id\":1}",
                 USER_PASS);
  ck_status(r, 409);
  resp_free(r);
  ck_assert_int_eq(count_of("SELECT count(*) FROM users WHERE lower(username) = 'acc_clerk'"), 1);
}
END_TEST

/* ---- 12. request smuggling ---- */

START_TEST(ambiguous_length_400_and_closed) {
  char *tok = login(ADMIN_USER, ADMIN_PASS);
  char smuggled[600];
  snprintf(smuggled, sizeof smuggled,
           "POST /api/v1/centers HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
           "Content-Type: application/json\r\nContent-Length: 72\r\n\r\n"
           "{\"name\":\"走私中心\",\"region_code\":\"430602\",\"case_no_prefix\":\"私\"}    ",
           tok);
  char req[2048];
  /* Two lengths: 2 ("{}") first, the whole rest second. */
  snprintf(req, sizeof req,
           "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
           "Content-Length: 2\r\nContent-Length: %zu\r\n\r\n{}%s",
           strlen(smuggled) + 2, smuggled);
  int fd = raw_connect("127.0.0.1");
  send_all(fd, req, strlen(req));
  bool closed;
  char *got = read_until_close(fd, 5000, &closed);
  close(fd);
  ck_assert_msg(strncmp(got, "HTTP/1.1 400", 12) == 0, "answer: %.200s", got);
  ck_assert_msg(strstr(got + 12, "HTTP/1.1") == NULL, "a second answer: %.400s", got);
  ck_assert(closed);
  free(got);
  /* Content-Length with Transfer-Encoding. */
  snprintf(req, sizeof req,
           "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
           "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n%s",
           smuggled);
  fd = raw_connect("127.0.0.1");
  send_all(fd, req, strlen(req));
  got = read_until_close(fd, 5000, &closed);
  close(fd);
  ck_assert_msg(strncmp(got, "HTTP/1.1 400", 12) == 0, "answer: %.200s", got);
  ck_assert_msg(strstr(got + 12, "HTTP/1.1") == NULL, "a second answer: %.400s", got);
  ck_assert(closed);
  free(got);
  sleep_ms(300);
  ck_assert_int_eq(count_of("SELECT count(*) FROM centers WHERE name = '走私中心'"), 0);
  /* The same smuggled request sent on its own does run (so the check above can fail). */
  fd = raw_connect("127.0.0.1");
  send_all(fd, smuggled, strlen(smuggled));
  got = read_until_close(fd, 2000, &closed);
  close(fd);
  ck_assert_msg(strncmp(got, "HTTP/1.1 201", 12) == 0, "answer: %.200s", got);
  free(got);
  free(tok);
}
END_TEST

/* ---- 13. the accounts' life cycle ---- */

START_TEST(disabled_user_loses_sessions_and_sign_in) {
  char *tok = user_token(admin, "sec_leaver", "clerk", 1);
  long id = user_id_of("sec_leaver");
  char path[64];
  snprintf(path, sizeof path, "/api/v1/users/%ld", id);
  /* An admin of another centre does not see the user. */
  char *other = user_token(admin, "sec_admin_other", "admin", 2);
  resp *r = http("PATCH", path, other, "{\"active\":false}", NULL);
  ck_status(r, 404);
  resp_free(r);
  r = http("PATCH", path, admin, "{\"active\":false,\"display_name\":\"已离职\"}", NULL);
  ck_status(r, 200);
  ck_assert(json_is_false(json_object_get(r->json, "active")));
  ck_assert_str_eq(jstr(r->json, "display_name"), "已离职");
  resp_free(r);
  r = http_get("/api/v1/me", tok);
  ck_status(r, 401);
  resp_free(r);
  r = sign_in("sec_leaver", USER_PASS);
  ck_status(r, 401);
  resp_free(r);
  r = http("PATCH", path, admin, "{\"active\":true}", NULL);
  ck_status(r, 200);
  resp_free(r);
  r = sign_in("sec_leaver", USER_PASS);
  ck_status(r, 201);
  resp_free(r);
  r = http("PATCH", path, admin, "{\"active\":\"no\"}", NULL);
  ck_status(r, 422);
  resp_free(r);
  free(tok);
  free(other);
}
END_TEST

START_TEST(inactive_lawyer_cannot_sign_in) {
  char *tok = user_token(admin, "sec_lawyer_off", "lawyer", 1);
  long id = user_id_of("sec_lawyer_off");
  char path[64];
  snprintf(path, sizeof path, "/api/v1/lawyers/%ld", id);
  resp *r = http("PATCH", path, admin, "{\"active\":false}", NULL);
  ck_status(r, 200);
  resp_free(r);
  r = sign_in("sec_lawyer_off", USER_PASS);
  ck_status(r, 401);
  resp_free(r);
  r = http_get("/api/v1/me", tok);
  ck_status(r, 401);
  resp_free(r);
  free(tok);
}
END_TEST

START_TEST(password_reset_then_change) {
  char *old = user_token(admin, "sec_forgetful", "reviewer", 1);
  long id = user_id_of("sec_forgetful");
  char path[80];
  snprintf(path, sizeof path, "/api/v1/users/%ld/password-reset", id);
  resp *r = http("POST", path, admin, NULL, NULL);
  ck_status(r, 201);
  char tmp[128];
  snprintf(tmp, sizeof tmp, "%s", jstr(r->json, "temporary_password"));
  ck_assert_uint_ge(strlen(tmp), 12);
  resp_free(r);
  r = http_get("/api/v1/me", old); /* the reset ends the old sessions */
  ck_status(r, 401);
  resp_free(r);
  r = sign_in("sec_forgetful", USER_PASS);
  ck_status(r, 401);
  resp_free(r);
  char *tok = login("sec_forgetful", tmp);
  r = http_get("/api/v1/cases", tok);
  ck_status(r, 403);
  ck_assert_str_eq(err_code(r), "password_change_required");
  resp_free(r);
  r = http_get("/api/v1/me", tok);
  ck_status(r, 200);
  ck_assert(json_is_true(json_object_get(r->json, "password_change_required")));
  resp_free(r);
  r = http("PUT", "/api/v1/me/password", tok, "{\"current_password\":\"wrong-wrong-wrong\",\"new_password\":\"晨光-复核-7730-b\"}", NULL);
  ck_status(r, 403);
  resp_free(r);
  char body[256];
  snprintf(body, sizeof body, "{\"current_password\":\"%s\",\"new_password\":\"password-2024\"}", tmp);
  r = http("PUT", "/api/v1/me/password", tok, body, NULL);
  ck_status(r, 422);
  ck_assert(err_has_field(r, "new_password"));
  resp_free(r);
  snprintf(body, sizeof body, "{\"current_password\":\"%s\",\"new_password\":\"晨光-复核-7730-b\"}", tmp);
  r = http("PUT", "/api/v1/me/password", tok, body, NULL);
  ck_status(r, 204);
  resp_free(r);
  r = http_get("/api/v1/cases", tok);
  ck_status(r, 200);
  resp_free(r);
  free(tok);
  free(old);
}
END_TEST

START_TEST(own_password_change_ends_other_sessions) {
  create_user(admin, "sec_changer", "clerk", 1, NULL);
  char *a = login("sec_changer", USER_PASS);
  char *b = login("sec_changer", USER_PASS);
  resp *r = http("PUT", "/api/v1/me/password", a,
                 "{\"current_password\":\"" USER_PASS "\",\"new_password\":\"窗口-新的密码-5512\"}", NULL);
  ck_status(r, 204);
  resp_free(r);
  r = http_get("/api/v1/me", b);
  ck_status(r, 401);
  resp_free(r);
  r = http_get("/api/v1/me", a);
  ck_status(r, 200);
  resp_free(r);
  r = sign_in("sec_changer", USER_PASS);
  ck_status(r, 401);
  resp_free(r);
  free(login("sec_changer", "窗口-新的密码-5512"));
  free(a);
  free(b);
}
END_TEST

/* ---- 14. the audit can only be added to ---- */

static const char *sql_state_as(const char *conninfo, const char *sql, char *state, size_t len) {
  PGconn *c = PQconnectdb(conninfo);
  ck_assert_msg(PQstatus(c) == CONNECTION_OK, "%s", PQerrorMessage(c));
  PGresult *r = PQexec(c, sql);
  const char *s = PQresultErrorField(r, PG_DIAG_SQLSTATE);
  snprintf(state, len, "%s", s ? s : "00000");
  PQclear(r);
  PQfinish(c);
  return state;
}

START_TEST(audit_tables_are_insert_only_for_the_daemon) {
  char *clerk = user_token(admin, "sec_audit_clerk", "clerk", 1);
  char id[19];
  make_id(id, "211104", "19650101", 'M', 601);
  long cid = intake_with(clerk, 1, "211104", id, "13600000000");
  char path[64];
  snprintf(path, sizeof path, "/api/v1/cases/%ld", cid);
  resp *r = http_get(path, clerk); /* a pii_reads row */
  ck_status(r, 200);
  resp_free(r);
  const char *serving = harness_db_conninfo();
  static const char *const refused[] = {
      "UPDATE case_events SET action = 'forged'",
      "DELETE FROM case_events",
      "UPDATE pii_reads SET user_id = 0",
      "DELETE FROM pii_reads",
      "UPDATE security_events SET kind = 'nothing'",
      "DELETE FROM security_events",
      "TRUNCATE security_events",
      "ALTER TABLE case_events DISABLE TRIGGER ALL",
      "DROP TABLE pii_reads",
  };
  char state[8];
  for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
    sql_state_as(serving, refused[i], state, sizeof state);
    ck_assert_msg(strcmp(state, "42501") == 0, "as the serving role, %s -> SQLSTATE %s",
                  refused[i], state);
  }
  sql_state_as(serving, "INSERT INTO security_events (kind) VALUES ('test')", state, sizeof state);
  ck_assert_str_eq(state, "00000");
  /* The rows are all still there. */
  char q[128];
  snprintf(q, sizeof q, "SELECT count(*) FROM case_events WHERE case_id = %ld AND action = 'intake'", cid);
  ck_assert_int_eq(count_of(q), 1);
  free(clerk);
}
END_TEST

/* ---- 15. the sessions' cache (issue 15): a change ends a session on every daemon at once ---- */

static long me_on(int port, const char *tok) {
  harness_target_port(port);
  resp *r = http_get("/api/v1/me", tok);
  harness_target_port(0);
  long st = r->status;
  resp_free(r);
  return st;
}

/* The second daemon hears of a change when PostgreSQL delivers the notification: microseconds on
 * a quiet machine, but the listening backend must be scheduled first. Polled every 10 ms, for at
 * most 10 s (generous: the machine runs several suites at once, at load averages of 30 to 50);
 * the delay seen is printed. The daemon that made the change refuses at once (asserted apart). */
static void refused_soon(int port, const char *tok, const char *what) {
  for (int i = 0; i < 1000; i++) {
    long st = me_on(port, tok);
    if (st == 401) {
      if (i) fprintf(stderr, "cached session (%s) refused on the second daemon after ~%d ms\n", what, i * 10);
      return;
    }
    ck_assert_msg(st == 200, "%s: %ld", what, st);
    struct timespec ts = {0, 10 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  ck_abort_msg("%s: the second daemon still accepts the session after 10 s", what);
}

START_TEST(cached_sessions_end_on_every_daemon) {
  int peer = harness_peer_start();
  char *disabled = user_token(admin, "sec_cache_disabled", "clerk", 1);
  char *signed_out = user_token(admin, "sec_cache_out", "clerk", 1);
  char *reset = user_token(admin, "sec_cache_reset", "reviewer", 1);
  create_user(admin, "sec_cache_changer", "clerk", 1, NULL);
  char *changer = login("sec_cache_changer", USER_PASS);
  char *changer_other = login("sec_cache_changer", USER_PASS);
  char *lawyer = user_token(admin, "sec_cache_lawyer", "lawyer", 1);
  char *by_sql = user_token(admin, "sec_cache_sql", "clerk", 1);
  char *sup = user_token(admin, "sec_cache_sup", "supervisor", 2); /* a city's */
  char *expired = user_token(admin, "sec_cache_expired", "clerk", 1);
  const char *all[] = {disabled, signed_out, reset, changer, changer_other, lawyer, by_sql, sup,
                       expired};
  /* Each session used twice on the second daemon: from then on it answers from its cache. */
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
    ck_assert_int_eq(me_on(peer, all[i]), 200);
    ck_assert_int_eq(me_on(peer, all[i]), 200);
  }
  /* The changes, each made through the first daemon (or psql), each refused at once on the
   * second. */
  char path[96];
  snprintf(path, sizeof path, "/api/v1/users/%ld", user_id_of("sec_cache_disabled"));
  resp *r = http("PATCH", path, admin, "{\"active\":false}", NULL);
  ck_status(r, 200);
  resp_free(r);
  ck_assert_int_eq(me_on(0, disabled), 401);
  refused_soon(peer, disabled, "disabled");

  r = http("DELETE", "/api/v1/session", signed_out, NULL, NULL);
  ck_status(r, 204);
  resp_free(r);
  ck_assert_int_eq(me_on(0, signed_out), 401);
  refused_soon(peer, signed_out, "signed out");

  snprintf(path, sizeof path, "/api/v1/users/%ld/password-reset", user_id_of("sec_cache_reset"));
  r = http("POST", path, admin, NULL, NULL);
  ck_status(r, 201);
  resp_free(r);
  ck_assert_int_eq(me_on(0, reset), 401);
  refused_soon(peer, reset, "password reset");

  r = http("PUT", "/api/v1/me/password", changer,
           "{\"current_password\":\"" USER_PASS "\",\"new_password\":\"缓存-新的密码-6620\"}", NULL);
  ck_status(r, 204);
  resp_free(r);
  ck_assert_int_eq(me_on(0, changer_other), 401);
  refused_soon(peer, changer_other, "password changed");
  ck_assert_int_eq(me_on(peer, changer), 200); /* the session that changed it stays */

  snprintf(path, sizeof path, "/api/v1/lawyers/%ld", user_id_of("sec_cache_lawyer"));
  r = http("PATCH", path, admin, "{\"active\":false}", NULL);
  ck_status(r, 200);
  resp_free(r);
  ck_assert_int_eq(me_on(0, lawyer), 401);
  refused_soon(peer, lawyer, "lawyer profile inactive");

  free(sql_value("UPDATE users SET active = false WHERE username = 'sec_cache_sql'"));
  refused_soon(peer, by_sql, "disabled by psql");
  free(sql_value("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id ="
                 " (SELECT id FROM users WHERE username = 'sec_cache_expired')"));
  refused_soon(peer, expired, "expired by psql");

  /* A new county centre under the supervisor's city: seen at once (the cached scope is gone). */
  ck_assert_int_eq(me_on(peer, sup), 200);
  char *region = sql_value("SELECT region_code FROM centers WHERE id = 2");
  harness_target_port(peer);
  r = http_get("/api/v1/me", sup);
  harness_target_port(0);
  size_t before = json_array_size(json_object_get(r->json, "visible_centers"));
  resp_free(r);
  char q[512];
  snprintf(q, sizeof q,
           "INSERT INTO centers (name, region_code, case_no_prefix)"
           " SELECT '缓存测试县中心', code, '缓' FROM regions WHERE code LIKE region_prefix('%s') || '%%'"
           " AND code <> '%s' AND code NOT IN (SELECT region_code FROM centers) LIMIT 1 RETURNING id",
           region, region);
  char *added = sql_value(q);
  ck_assert_msg(*added, "no county of centre 2's city left for a new centre");
  size_t now_seen = before;
  for (int i = 0; i < 1000 && now_seen == before; i++) { /* as refused_soon */
    harness_target_port(peer);
    r = http_get("/api/v1/me", sup);
    harness_target_port(0);
    ck_status(r, 200);
    now_seen = json_array_size(json_object_get(r->json, "visible_centers"));
    resp_free(r);
    if (now_seen == before) {
      struct timespec ts = {0, 10 * 1000 * 1000};
      nanosleep(&ts, NULL);
    }
  }
  ck_assert_uint_eq(now_seen, before + 1);
  free(added);
  free(region);

  ck_assert_int_eq(harness_peer_stop(), 0);
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) free((char *)all[i]);
}
END_TEST

/* ---- 16. a staff read's pii_reads row is written apart from the read (issue 15) ---- */

/* A connection of the test's own holding pii_reads locked against inserts (reads of it go on). */
static PGconn *lock_pii_reads(void) {
  PGconn *c = PQconnectdb(harness_owner_conninfo());
  ck_assert_int_eq(PQstatus(c), CONNECTION_OK);
  PGresult *r = PQexec(c, "BEGIN; LOCK TABLE pii_reads IN EXCLUSIVE MODE");
  ck_assert_int_eq(PQresultStatus(r), PGRES_COMMAND_OK);
  PQclear(r);
  return c;
}

static void unlock_pii_reads(PGconn *c) {
  PGresult *r = PQexec(c, "COMMIT");
  ck_assert_int_eq(PQresultStatus(r), PGRES_COMMAND_OK);
  PQclear(r);
  PQfinish(c);
}

static void ck_pii_rows(long cid, const char *want) {
  char q[160];
  snprintf(q, sizeof q, "SELECT count(*) FROM pii_reads WHERE case_id = %ld", cid);
  char *n = sql_value_eventually(q, want, 10000);
  ck_assert_str_eq(n, want);
  free(n);
}

START_TEST(pii_reads_are_written_apart_from_the_read) {
  char *clerk = user_token(admin, "sec_pii_async", "clerk", 1);
  char id[19];
  make_id(id, "211104", "19700101", 'F', 611);
  long cid = intake_with(clerk, 1, "211104", id, "13600000001");
  char path[64];
  snprintf(path, sizeof path, "/api/v1/cases/%ld", cid);
  /* The read does not wait for its row: answered while nothing can be inserted into
   * pii_reads (before, the read's own statement inserted it and waited for the lock). */
  PGconn *lock = lock_pii_reads();
  double t0 = now_s();
  resp *r = http_get(path, clerk);
  double took = now_s() - t0;
  ck_status(r, 200);
  resp_free(r);
  ck_assert_msg(took < 20, "the read waited %.1f s for its pii_reads row", took);
  ck_pii_rows(cid, "0");
  unlock_pii_reads(lock);
  ck_pii_rows(cid, "1"); /* written once the table takes rows again */

  /* A daemon whose queue holds 2 rows: with the table locked, 2 reads are answered and the
   * third refused (503), not answered unlogged; once unlocked, both rows arrive and reads are
   * answered again. */
  setenv("LEGALAID_PII_QUEUE", "2", 1);
  int pid, port = harness_extra_daemon(&pid);
  unsetenv("LEGALAID_PII_QUEUE");
  harness_target_port(port);
  lock = lock_pii_reads();
  for (int i = 0; i < 3; i++) {
    r = http_get(path, clerk);
    ck_status(r, i < 2 ? 200 : 503);
    if (i == 2) ck_assert_str_eq(err_code(r), "unavailable");
    resp_free(r);
  }
  unlock_pii_reads(lock);
  ck_pii_rows(cid, "3");
  r = http_get(path, clerk);
  ck_status(r, 200);
  resp_free(r);
  ck_pii_rows(cid, "4");
  /* Stopped with a row queued (the table locked), the daemon writes it before it exits. */
  lock = lock_pii_reads();
  r = http_get(path, clerk);
  ck_status(r, 200);
  resp_free(r);
  harness_target_port(0);
  kill(pid, SIGTERM);
  sleep_ms(500);
  unlock_pii_reads(lock);
  ck_assert_int_eq(harness_extra_stop(pid), 0);
  char q[160];
  snprintf(q, sizeof q, "SELECT count(*) FROM pii_reads WHERE case_id = %ld", cid);
  ck_assert_int_eq(count_of(q), 5);
  free(clerk);
}
END_TEST

/* ---- 17. case reads waiting together are answered together, each as if alone (issue 15) ---- */

#define TOGETHER_USERS 4
#define TOGETHER_CASES 8
#define TOGETHER_CLIENTS 16
#define TOGETHER_ROUNDS 6

typedef struct {
  const char *tokens[TOGETHER_USERS];
  long cases[TOGETHER_CASES];
  long want_status[TOGETHER_USERS][TOGETHER_CASES];
  char *want_body[TOGETHER_USERS][TOGETHER_CASES];
  int port;
} together;

typedef struct {
  together *t;
  int idx;
  int wrong;
  char first_wrong[300];
  long full_reads[TOGETHER_USERS];
} together_client;

static void *read_together(void *arg) {
  together_client *c = arg;
  harness_target_port(c->t->port);
  for (int round = 0; round < TOGETHER_ROUNDS; round++)
    for (int k = 0; k < TOGETHER_USERS * TOGETHER_CASES; k++) {
      /* Each client its own order of (user, case), so that the queue mixes them. */
      int x = (k * 7 + c->idx * 5 + round) % (TOGETHER_USERS * TOGETHER_CASES);
      int u = x % TOGETHER_USERS, j = x / TOGETHER_USERS;
      char path[64];
      snprintf(path, sizeof path, "/api/v1/cases/%ld", c->t->cases[j]);
      resp *r = http_get(path, c->t->tokens[u]);
      bool same = r->status == c->t->want_status[u][j] && r->body &&
                  strcmp(r->body, c->t->want_body[u][j]) == 0;
      if (!same && c->wrong++ == 0)
        snprintf(c->first_wrong, sizeof c->first_wrong, "user %d case %ld: %ld %.200s", u,
                 c->t->cases[j], r->status, r->body ? r->body : "");
      if (r->status == 200 && u != 2) c->full_reads[u]++; /* user 2: a supervisor (masked) */
      resp_free(r);
    }
  harness_target_port(0);
  return NULL;
}

START_TEST(case_reads_together_answer_each_its_own) {
  /* Two centres' clerks, a supervisor (personal data masked) and the admin (every centre),
   * each reading every one of 8 cases of two centres: first one at a time, then from 16
   * clients at once on a daemon with one worker, so that reads wait in its queue and are taken
   * together. Every answer must be byte for byte the one read alone (another centre's case
   * 404 to a clerk, masked to the supervisor), reads must indeed have been answered together
   * (the access log says batch=N), and each staff read of personal data must have its own
   * pii_reads row under its own user. */
  together t = {0};
  const char *names[TOGETHER_USERS] = {"sec_tog_clerk1", "sec_tog_clerk3", "sec_tog_sup",
                                       ADMIN_USER};
  t.tokens[0] = user_token(admin, names[0], "clerk", 1);
  t.tokens[1] = user_token(admin, names[1], "clerk", 3);
  t.tokens[2] = user_token(admin, names[2], "supervisor", 1);
  t.tokens[3] = admin;
  for (int j = 0; j < TOGETHER_CASES; j++) {
    char id[19], phone[12];
    make_id(id, "211104", "19800101", j % 2 ? 'M' : 'F', 700 + j);
    snprintf(phone, sizeof phone, "1370000%04d", j);
    t.cases[j] = intake_with(t.tokens[j % 2], j % 2 ? 3 : 1, "211104", id, phone);
  }
  int pid;
  setenv("LEGALAID_THREADS", "1", 1);
  setenv("LEGALAID_READ_THREADS", "1", 1);
  t.port = harness_extra_daemon(&pid);
  unsetenv("LEGALAID_THREADS");
  unsetenv("LEGALAID_READ_THREADS");
  harness_target_port(t.port);
  long alone_full[TOGETHER_USERS] = {0};
  for (int u = 0; u < TOGETHER_USERS; u++)
    for (int j = 0; j < TOGETHER_CASES; j++) {
      char path[64];
      snprintf(path, sizeof path, "/api/v1/cases/%ld", t.cases[j]);
      resp *r = http_get(path, t.tokens[u]);
      t.want_status[u][j] = r->status;
      t.want_body[u][j] = strdup(r->body ? r->body : "");
      if (r->status == 200 && u != 2) alone_full[u]++;
      resp_free(r);
    }
  harness_target_port(0);
  /* What alone answers: each clerk its centre's 4, the others 404; the supervisor its
   * centre's, masked; the admin all 8. */
  ck_assert_int_eq(alone_full[0], 4);
  ck_assert_int_eq(alone_full[1], 4);
  ck_assert_int_eq(alone_full[3], 8);
  ck_assert_int_eq(t.want_status[0][1], 404);
  ck_assert_int_eq(t.want_status[1][0], 404);
  ck_assert_int_eq(t.want_status[2][0], 200);
  ck_assert_msg(!strstr(t.want_body[2][0], "19800101"), "unmasked to the supervisor: %s",
                t.want_body[2][0]);
  sleep_ms(300); /* the access lines of the reads above: written once each reply is sent */
  FILE *log = fopen(harness_log_path(), "r");
  ck_assert_ptr_nonnull(log);
  fseek(log, 0, SEEK_END);
  long log_from = ftell(log);

  pthread_t th[TOGETHER_CLIENTS];
  together_client c[TOGETHER_CLIENTS];
  for (int i = 0; i < TOGETHER_CLIENTS; i++) {
    c[i] = (together_client){.t = &t, .idx = i};
    pthread_create(&th[i], NULL, read_together, &c[i]);
  }
  long wrong = 0, full[TOGETHER_USERS] = {0};
  for (int i = 0; i < TOGETHER_CLIENTS; i++) {
    pthread_join(th[i], NULL);
    if (c[i].wrong) fprintf(stderr, "client %d: %d wrong, first %s\n", i, c[i].wrong, c[i].first_wrong);
    wrong += c[i].wrong;
    for (int u = 0; u < TOGETHER_USERS; u++) full[u] += c[i].full_reads[u];
  }
  ck_assert_int_eq(harness_extra_stop(pid), 0); /* its pii_reads rows written before it exits */
  ck_assert_int_eq(wrong, 0);

  fseek(log, log_from, SEEK_SET);
  char line[1024];
  long reads = 0, together_reads = 0;
  while (fgets(line, sizeof line, log)) {
    if (strncmp(line, "access GET /api/v1/cases/", 25) != 0) continue;
    reads++;
    if (strstr(line, " batch=")) together_reads++;
  }
  fclose(log);
  fprintf(stderr, "case reads at once: %ld, answered together with others: %ld\n", reads,
          together_reads);
  ck_assert_int_ge(reads, TOGETHER_CLIENTS * TOGETHER_ROUNDS * TOGETHER_USERS * TOGETHER_CASES);
  ck_assert_msg(together_reads > 0, "no read was answered together with others");

  char cases[TOGETHER_CASES * 24] = "";
  for (int j = 0; j < TOGETHER_CASES; j++)
    snprintf(cases + strlen(cases), sizeof cases - strlen(cases), "%s%ld", j ? "," : "",
             t.cases[j]);
  for (int u = 0; u < TOGETHER_USERS; u++) {
    char q[512];
    snprintf(q, sizeof q,
             "SELECT count(*) FROM pii_reads WHERE user_id = (SELECT id FROM users WHERE"
             " username = '%s') AND case_id IN (%s)",
             names[u], cases);
    ck_assert_msg(count_of(q) == alone_full[u] + full[u], "%s: %ld pii_reads rows, %ld reads",
                  names[u], count_of(q), alone_full[u] + full[u]);
  }
  for (int u = 0; u < TOGETHER_USERS; u++) {
    if (u != 3) free((char *)t.tokens[u]); /* 3: the suite's admin */
    for (int j = 0; j < TOGETHER_CASES; j++) free(t.want_body[u][j]);
  }
}
END_TEST

static Suite *security_suite(void) {
  Suite *s = suite_create("api_security");
  TCase *t = tcase_create("attacks");
  tcase_set_timeout(t, 60);
  tcase_add_test(t, jurisdiction_settings_only_in_own_region);
  tcase_add_test(t, id_and_phone_search_only_for_full_view_roles);
  tcase_add_test(t, duplicates_elsewhere_only_counted);
  tcase_add_test(t, csv_cells_are_not_formulas);
  tcase_add_test(t, amounts_are_bounded);
  tcase_add_test(t, weak_passwords_refused);
  tcase_add_test(t, usernames_unique_regardless_of_case);
  tcase_add_test(t, ambiguous_length_400_and_closed);
  suite_add_tcase(s, t);
  TCase *a = tcase_create("accounts");
  tcase_set_timeout(a, 60);
  tcase_add_test(a, disabled_user_loses_sessions_and_sign_in);
  tcase_add_test(a, inactive_lawyer_cannot_sign_in);
  tcase_add_test(a, password_reset_then_change);
  tcase_add_test(a, own_password_change_ends_other_sessions);
  tcase_add_test(a, audit_tables_are_insert_only_for_the_daemon);
  tcase_add_test(a, cached_sessions_end_on_every_daemon);
  tcase_add_test(a, pii_reads_are_written_apart_from_the_read);
  tcase_add_test(a, case_reads_together_answer_each_its_own);
  suite_add_tcase(s, a);
  /* Last: these load the daemon (slow connections, sign-in floods). */
  TCase *n = tcase_create("network");
  tcase_set_timeout(n, 120);
  tcase_add_test(n, slow_clients_do_not_shut_out_others);
  tcase_add_test(n, slow_header_closed_at_deadline);
  suite_add_tcase(s, n);
  TCase *g = tcase_create("signin");
  tcase_set_timeout(g, 120);
  tcase_add_test(g, parallel_guesses_are_counted_before_checked);
  tcase_add_test(g, wrong_passwords_do_not_lock_out_the_owner);
  tcase_add_test(g, sign_in_flood_does_not_delay_reads);
  suite_add_tcase(s, g);
  return s;
}

int main(void) {
  setenv("LEGALAID_HEADER_TIMEOUT", "3", 1);
  setenv("LEGALAID_BODY_TIMEOUT", "3", 1);
  harness_start("security");
  admin = login(ADMIN_USER, ADMIN_PASS);
  int failed = run_suite(security_suite());
  free(admin);
  int code = harness_stop();
  if (code != 0) fprintf(stderr, "legalaidd exited with %d after SIGTERM\n", code);
  return failed == 0 && code == 0 ? 0 : 1;
}
