/* The HTTP layer, sign-in, users, centres and regions, against the real daemon. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

static char *admin;

/* ---- HTTP layer ---- */

START_TEST(health_ok) {
  resp *r = http_get("/api/v1/health", NULL);
  ck_status(r, 200);
  ck_assert_str_eq(json_string_value(json_object_get(r->json, "status")), "ok");
  ck_assert_ptr_nonnull(strstr(resp_header(r, "Content-Type"), "application/json"));
  ck_assert_str_eq(resp_header(r, "X-Content-Type-Options"), "nosniff");
  ck_assert_ptr_nonnull(strstr(resp_header(r, "Content-Security-Policy"), "frame-ancestors 'none'"));
  resp_free(r);
}
END_TEST

/* A second daemon started on a port already served fails at once instead of sharing the port
 * (no SO_REUSEPORT): two legalaidd answering one address by turns would be a silent fault. */
START_TEST(second_daemon_on_same_port_fails) {
  int st = harness_second_daemon(harness_port(), 30);
  ck_assert_msg(st >= 0, "a second legalaidd on port %d kept running", harness_port());
  ck_assert_int_ne(st, 0);
  /* The first one still answers. */
  resp *r = http_get("/api/v1/health", NULL);
  ck_status(r, 200);
  resp_free(r);
}
END_TEST

/* Appends what the pipe holds now to err (got bytes so far, n its size), NUL-terminated. */
static void read_more(int fd, char *err, size_t *got, size_t n) {
  ssize_t k;
  while (*got + 1 < n && (k = read(fd, err + *got, n - 1 - *got)) > 0) *got += (size_t)k;
  err[*got] = '\0';
}

/* Runs legalaidd with one argument and one more environment variable (each may be NULL; no
 * LEGALAID_THREADS of the caller's) on the suite's database: its exit status within 10 s (-1:
 * still running, then killed, at once when its stderr shows until) and the start of its stderr
 * in err. */
static int run_legalaidd(const char *arg, const char *env, const char *until, char *err,
                         size_t n) {
  int fd[2];
  ck_assert_int_eq(pipe(fd), 0);
  pid_t pid = fork();
  ck_assert_int_ge(pid, 0);
  if (pid == 0) {
    dup2(fd[1], 2);
    close(fd[0]);
    setenv("LEGALAID_DB", harness_db_conninfo(), 1);
    setenv("LEGALAID_BIND", "127.0.0.1", 1);
    unsetenv("LEGALAID_PORT");
    unsetenv("LEGALAID_PORT_FILE");
    unsetenv("LEGALAID_THREADS");
    if (env) putenv((char *)env);
    const char *bin = getenv("LEGALAID_BIN");
    execl(bin, bin, "--no-migrate", arg, (char *)NULL);
    _exit(127);
  }
  close(fd[1]);
  fcntl(fd[0], F_SETFL, O_NONBLOCK);
  size_t got = 0;
  err[0] = '\0';
  int status = -1;
  for (int i = 0; i < 100; i++) {
    read_more(fd[0], err, &got, n);
    if (until && strstr(err, until)) break;
    int st;
    if (waitpid(pid, &st, WNOHANG) == pid) {
      status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
      break;
    }
    struct timespec ts = {0, 100 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  if (status < 0) {
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
  }
  read_more(fd[0], err, &got, n);
  close(fd[0]);
  return status;
}

/* Issue 15: by default two request workers per core (each with its PostgreSQL connection), not
 * 16 whatever the machine: on 2 cores 16 workers read cases at 3,900-5,000/s, 4 at
 * 5,800-7,200/s (tests/bench/RESULTS.md, "Workers"). */
START_TEST(workers_default_to_two_per_core) {
  char err[4096], says[64];
  run_legalaidd("--port=0", NULL, "listening on port", err, sizeof err);
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  snprintf(says, sizeof says, " %ld workers,", cores > 32 ? 64 : 2 * cores);
  ck_assert_msg(strstr(err, says), "want%s on %ld cores: %s", says, cores, err);
  /* and one per core for case reads, apart (RESULTS.md, "The read's tail and ...") */
  snprintf(says, sizeof says, " %ld for case reads;", cores > 32 ? 32 : cores);
  ck_assert_msg(strstr(err, says), "want%s on %ld cores: %s", says, cores, err);
}
END_TEST

/* A setting that is not a number stops the daemon at start with its name; it never falls
 * back to a default (--port x used to listen on a random port, LEGALAID_THREADS=x on 16). */
START_TEST(bad_settings_fail_loudly) {
  static const struct {
    const char *arg, *env, *says;
  } bad[] = {
      {"--port=x", NULL, "--port x is not a whole number"},
      {"--port=80x", NULL, "--port 80x is not a whole number"},
      {"--threads=", NULL, "--threads  is not a whole number"},
      {NULL, "LEGALAID_THREADS=abc", "LEGALAID_THREADS=abc is not a whole number"},
      {NULL, "LEGALAID_TIMEOUT=30s", "LEGALAID_TIMEOUT=30s is not a whole number"},
      {NULL, "LEGALAID_COOKIE_SECURE=yes", "LEGALAID_COOKIE_SECURE=yes is not a whole number"},
      {"stray", NULL, "unexpected argument stray"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char err[2048];
    int st = run_legalaidd(bad[i].arg, bad[i].env, NULL, err, sizeof err);
    ck_assert_msg(st == 2, "%s%s: exit %d, %s", bad[i].arg ? bad[i].arg : "",
                  bad[i].env ? bad[i].env : "", st, err);
    ck_assert_msg(strstr(err, bad[i].says), "%s: %s", bad[i].says, err);
  }
}
END_TEST

START_TEST(unknown_path_404) {
  resp *r = http_get("/api/v1/nothing-here", admin);
  ck_status(r, 404);
  ck_assert_str_eq(err_code(r), "not_found");
  /* Answered by the generic http layer, in the api's words. */
  ck_assert_str_eq(jstr(r->json, "error.message"), "未找到");
  resp_free(r);
}
END_TEST

START_TEST(wrong_method_405_with_allow) {
  resp *r = http("DELETE", "/api/v1/cases", admin, NULL, NULL);
  ck_status(r, 405);
  ck_assert_str_eq(err_code(r), "method_not_allowed");
  const char *allow = resp_header(r, "Allow");
  ck_assert_ptr_nonnull(allow);
  ck_assert_ptr_nonnull(strstr(allow, "GET"));
  ck_assert_ptr_nonnull(strstr(allow, "POST"));
  resp_free(r);
}
END_TEST

START_TEST(body_over_1mib_413) {
  size_t n = 1024 * 1024 + 10;
  char *big = malloc(n + 1);
  memset(big, ' ', n);
  big[0] = '{';
  big[n - 1] = '}';
  big[n] = '\0';
  resp *r = http("POST", "/api/v1/cases", admin, big, NULL);
  ck_status(r, 413);
  ck_assert_str_eq(err_code(r), "payload_too_large");
  resp_free(r);
  /* Chunked, without a Content-Length: refused as it streams. */
  const char *chunked[] = {"Transfer-Encoding: chunked", NULL};
  r = http("POST", "/api/v1/cases", admin, big, chunked);
  ck_status(r, 413);
  resp_free(r);
  free(big);
  char *count = sql_value("SELECT count(*) FROM cases");
  ck_assert_str_eq(count, "0");
  free(count);
}
END_TEST

START_TEST(body_exactly_1mib_is_read) {
  /* 1 MiB of valid JSON is accepted as a body (and then judged on its fields). */
  size_t n = 1024 * 1024;
  char *big = malloc(n + 1);
  memset(big, ' ', n);
  memcpy(big, "{\"x\":1", 6);
  big[n - 1] = '}';
  big[n] = '\0';
  resp *r = http("POST", "/api/v1/cases", admin, big, NULL);
  ck_status(r, 422);
  resp_free(r);
  free(big);
}
END_TEST

START_TEST(wrong_content_type_415) {
  const char *ct[] = {"Content-Type: text/plain", NULL};
  resp *r = http("POST", "/api/v1/cases", admin, "{}", ct);
  ck_status(r, 415);
  ck_assert_str_eq(err_code(r), "unsupported_media_type");
  resp_free(r);
  const char *form[] = {"Content-Type: application/x-www-form-urlencoded", NULL};
  r = http("POST", "/api/v1/session", NULL, "username=a&password=b", form);
  ck_status(r, 415);
  resp_free(r);
  const char *charset[] = {"Content-Type: application/json; charset=utf-8", NULL};
  r = http("POST", "/api/v1/session", NULL, "{\"username\":\"x\",\"password\":\"y\"}", charset);
  ck_status(r, 401);
  resp_free(r);
}
END_TEST

START_TEST(malformed_json_400) {
  static const char *bad[] = {
      "{",
      "{\"a\":}",
      "[1,2",
      "not json",
      "{\"a\":1,\"a\":2}",              /* duplicate key */
      "{\"a\":\"\\u0000\"}",            /* NUL */
      "[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]", /* too deep */
      "123",                            /* not an object */
      "{\"a\":99999999999999999999999}", /* integer overflow */
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    resp *r = http("POST", "/api/v1/cases", admin, bad[i], NULL);
    ck_assert_msg(r->status == 400, "%s -> %ld", bad[i], r->status);
    ck_assert_str_eq(err_code(r), "bad_json");
    resp_free(r);
  }
}
END_TEST

/* ---- the pages ---- */

START_TEST(static_pages_served_with_caching_and_headers) {
  resp *r = http_get("/", NULL);
  ck_status(r, 200);
  ck_assert_ptr_nonnull(strstr(resp_header(r, "Content-Type"), "text/html"));
  ck_assert_ptr_nonnull(strstr(r->body, "法律援助案件管理"));
  ck_assert_ptr_nonnull(strstr(resp_header(r, "Content-Security-Policy"), "script-src 'self'"));
  ck_assert_str_eq(resp_header(r, "X-Frame-Options"), "DENY");
  ck_assert_str_eq(resp_header(r, "Referrer-Policy"), "no-referrer");
  char etag[96];
  snprintf(etag, sizeof etag, "If-None-Match: %s", resp_header(r, "ETag"));
  resp_free(r);
  const char *inm[] = {etag, NULL};
  r = http("GET", "/", NULL, NULL, inm);
  ck_status(r, 304);
  ck_assert_int_eq((int)r->len, 0);
  resp_free(r);
  /* A page by its pretty path, a module with its type, a vendored library compressed. */
  r = http_get("/intake", NULL);
  ck_status(r, 200);
  ck_assert_ptr_nonnull(strstr(r->body, "法律援助申请登记"));
  resp_free(r);
  r = http_get("/js/api.js", NULL);
  ck_status(r, 200);
  ck_assert_ptr_nonnull(strstr(resp_header(r, "Content-Type"), "text/javascript"));
  resp_free(r);
  const char *gz[] = {"Accept-Encoding: gzip", NULL};
  r = http("GET", "/vendor/echarts-5.5.1/echarts.min.js", NULL, NULL, gz);
  ck_status(r, 200);
  ck_assert_str_eq(resp_header(r, "Content-Encoding"), "gzip");
  ck_assert_ptr_nonnull(strstr(resp_header(r, "Cache-Control"), "max-age"));
  ck_assert_uint_lt(r->len, 600 * 1024); /* about a third of the 1 MB file */
  resp_free(r);
  static const char *missing[] = {"/nothing.html", "/../etc/passwd", "/.git/config", "/js/../../README.md"};
  for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
    r = http_get(missing[i], NULL);
    ck_assert_msg(r->status == 404, "%s -> %ld", missing[i], r->status);
    resp_free(r);
  }
  r = http("POST", "/index.html", NULL, "{}", NULL);
  ck_status(r, 404);
  resp_free(r);
}
END_TEST

/* ---- sign-in ---- */

START_TEST(login_and_me) {
  resp *r = http_postf("/api/v1/session", NULL, "{\"username\":\"%s\",\"password\":\"%s\"}",
                       ADMIN_USER, ADMIN_PASS);
  ck_status(r, 201);
  const char *tok = json_string_value(json_object_get(r->json, "token"));
  ck_assert_ptr_nonnull(tok);
  ck_assert_uint_ge(strlen(tok), 22); /* >= 128 bits, base64 */
  json_t *u = json_object_get(r->json, "user");
  ck_assert_str_eq(json_string_value(json_object_get(u, "username")), ADMIN_USER);
  ck_assert_str_eq(json_string_value(json_object_get(u, "role")), "admin");
  ck_assert(json_object_get(u, "id") != NULL);
  ck_assert(json_object_get(u, "center_id") != NULL);
  const char *cookie = resp_header(r, "Set-Cookie");
  ck_assert_ptr_nonnull(cookie);
  ck_assert_ptr_nonnull(strstr(cookie, "HttpOnly"));
  ck_assert_ptr_nonnull(strstr(cookie, "SameSite=Strict"));
  char *t = strdup(tok);
  resp_free(r);
  r = http_get("/api/v1/me", t);
  ck_status(r, 200);
  ck_assert_str_eq(json_string_value(json_object_get(r->json, "username")), ADMIN_USER);
  resp_free(r);
  /* A new token at every sign-in. */
  char *t2 = login(ADMIN_USER, ADMIN_PASS);
  ck_assert_str_ne(t, t2);
  free(t);
  free(t2);
}
END_TEST

/* A role this build does not know (a newer schema's) is refused loudly, never taken for
 * another role (it used to be taken for a lawyer). */
START_TEST(unknown_role_fails_loudly) {
  char *tok = user_token(admin, "future_role", "clerk", 1);
  char *def = sql_value("SELECT pg_get_constraintdef(oid) FROM pg_constraint"
                        " WHERE conname = 'users_role_check'");
  free(sql_value("ALTER TABLE users DROP CONSTRAINT users_role_check"));
  free(sql_value("UPDATE users SET role = 'archivist' WHERE username = 'future_role'"));
  resp *r = http_get("/api/v1/me", tok);
  long status = r->status;
  resp_free(r);
  free(sql_value("UPDATE users SET role = 'clerk' WHERE username = 'future_role'"));
  char q[1024];
  snprintf(q, sizeof q, "ALTER TABLE users ADD CONSTRAINT users_role_check %s", def);
  free(sql_value(q));
  free(def);
  ck_assert_int_eq(status, 500);
  r = http_get("/api/v1/me", tok);
  ck_status(r, 200);
  ck_assert_str_eq(jstr(r->json, "role"), "clerk");
  resp_free(r);
  free(tok);
}
END_TEST

START_TEST(wrong_password_same_answer_as_unknown_user) {
  resp *a = http_postf("/api/v1/session", NULL, "{\"username\":\"%s\",\"password\":\"nope-nope\"}",
                       ADMIN_USER);
  resp *b = http_postf("/api/v1/session", NULL,
                       "{\"username\":\"no_such_user\",\"password\":\"nope-nope\"}");
  ck_status(a, 401);
  ck_status(b, 401);
  ck_assert_str_eq(a->body, b->body);
  ck_assert_str_eq(err_code(a), "unauthorized");
  resp_free(a);
  resp_free(b);
  char *n = sql_value("SELECT count(*) FROM security_events WHERE kind = 'login_failed'");
  ck_assert_int_ge(atoi(n), 2);
  free(n);
  /* The password is never stored in the log table. */
  char *leak = sql_value("SELECT count(*) FROM security_events WHERE detail LIKE '%nope-nope%'"
                         " OR username LIKE '%nope-nope%'");
  ck_assert_str_eq(leak, "0");
  free(leak);
}
END_TEST

START_TEST(login_validation_422) {
  resp *r = http_postf("/api/v1/session", NULL, "{\"username\":\"x\"}");
  ck_status(r, 422);
  ck_assert(err_has_field(r, "password"));
  resp_free(r);
  r = http_postf("/api/v1/session", NULL, "{\"username\":5,\"password\":\"y\"}");
  ck_status(r, 422);
  ck_assert(err_has_field(r, "username"));
  resp_free(r);
}
END_TEST

START_TEST(throttle_per_user) {
  create_user(admin, "throttled", "clerk", 1, NULL);
  for (int i = 0; i < 5; i++) {
    resp *r = http_postf("/api/v1/session", NULL,
                         "{\"username\":\"throttled\",\"password\":\"wrong-%d\"}", i);
    ck_status(r, 401);
    resp_free(r);
  }
  /* Locked now: even the right password is refused for a while. */
  resp *r = http_postf("/api/v1/session", NULL,
                       "{\"username\":\"throttled\",\"password\":\"kite-ledger-5931\"}");
  ck_status(r, 429);
  ck_assert_str_eq(err_code(r), "too_many_requests");
  ck_assert_ptr_nonnull(resp_header(r, "Retry-After"));
  resp_free(r);
  /* Other users are not affected. */
  char *t = login(ADMIN_USER, ADMIN_PASS);
  free(t);
}
END_TEST

START_TEST(no_token_401_bad_token_401) {
  resp *r = http_get("/api/v1/me", NULL);
  ck_status(r, 401);
  ck_assert_str_eq(err_code(r), "unauthorized");
  resp_free(r);
  r = http_get("/api/v1/cases", "not-a-real-token");
  ck_status(r, 401);
  resp_free(r);
  const char *basic[] = {"Authorization: Basic YWRtaW46YWRtaW4=", NULL};
  r = http("GET", "/api/v1/me", NULL, NULL, basic);
  ck_status(r, 401);
  resp_free(r);
}
END_TEST

START_TEST(logout_ends_session) {
  char *t = login(ADMIN_USER, ADMIN_PASS);
  resp *r = http("DELETE", "/api/v1/session", t, NULL, NULL);
  ck_status(r, 204);
  resp_free(r);
  r = http_get("/api/v1/me", t);
  ck_status(r, 401);
  resp_free(r);
  free(t);
}
END_TEST

START_TEST(expired_session_401) {
  char *t = login(ADMIN_USER, ADMIN_PASS);
  char *x = sql_value("UPDATE sessions SET expires_at = now() - interval '1 second'"
                      " WHERE created_at = (SELECT max(created_at) FROM sessions)");
  free(x);
  resp *r = http_get("/api/v1/me", t);
  ck_status(r, 401);
  resp_free(r);
  free(t);
  t = login(ADMIN_USER, ADMIN_PASS);
  x = sql_value("UPDATE sessions SET last_seen_at = now() - interval '3 hours'"
                " WHERE created_at = (SELECT max(created_at) FROM sessions)");
  free(x);
  r = http_get("/api/v1/me", t);
  ck_status(r, 401); /* idle too long */
  resp_free(r);
  free(t);
}
END_TEST

START_TEST(cookie_auth_needs_csrf_for_writes) {
  resp *r = http_postf("/api/v1/session", NULL, "{\"username\":\"%s\",\"password\":\"%s\"}",
                       ADMIN_USER, ADMIN_PASS);
  ck_status(r, 201);
  char cookie[256], csrf[128];
  snprintf(cookie, sizeof cookie, "Cookie: session=%s",
           json_string_value(json_object_get(r->json, "token")));
  snprintf(csrf, sizeof csrf, "X-CSRF-Token: %s",
           json_string_value(json_object_get(r->json, "csrf_token")));
  resp_free(r);
  const char *get_h[] = {cookie, NULL};
  r = http("GET", "/api/v1/me", NULL, NULL, get_h);
  ck_status(r, 200); /* reads need no token */
  resp_free(r);
  const char *body = "{\"name\":\"跨站中心\",\"region_code\":\"430602\",\"case_no_prefix\":\"跨\"}";
  r = http("POST", "/api/v1/centers", NULL, body, get_h);
  ck_status(r, 403);
  resp_free(r);
  const char *bad_h[] = {cookie, "X-CSRF-Token: wrong", NULL};
  r = http("POST", "/api/v1/centers", NULL, body, bad_h);
  ck_status(r, 403);
  resp_free(r);
  char *n = sql_value("SELECT count(*) FROM centers WHERE name = '跨站中心'");
  ck_assert_str_eq(n, "0");
  free(n);
  const char *good_h[] = {cookie, csrf, NULL};
  r = http("POST", "/api/v1/centers", NULL, body, good_h);
  ck_status(r, 201);
  resp_free(r);
}
END_TEST

/* ---- users, roles ---- */

START_TEST(users_create_and_list) {
  long id = create_user(admin, "clerk_a", "clerk", 1, NULL);
  ck_assert_int_gt(id, 0);
  resp *r = http_get("/api/v1/users", admin);
  ck_status(r, 200);
  json_t *items = json_object_get(r->json, "items");
  ck_assert(json_is_array(items));
  bool found = false;
  size_t i;
  json_t *u;
  json_array_foreach(items, i, u) {
    if (json_integer_value(json_object_get(u, "id")) == id) found = true;
    ck_assert_ptr_null(json_object_get(u, "password_hash"));
    ck_assert_ptr_null(json_object_get(u, "password"));
  }
  ck_assert(found);
  ck_assert(json_object_get(r->json, "next_cursor") != NULL);
  resp_free(r);
  /* argon2id in the database, never the password. */
  char *h = sql_value("SELECT password_hash FROM users WHERE username = 'clerk_a'");
  ck_assert_ptr_nonnull(strstr(h, "$argon2id$"));
  ck_assert_ptr_null(strstr(h, "kite-ledger-5931"));
  free(h);
}
END_TEST

START_TEST(users_validation) {
  resp *r = http_postf("/api/v1/users", admin,
                       "{\"username\":\"x y\",\"password\":\"short\",\"role\":\"boss\","
                       "\"center_id\":1}");
  ck_status(r, 422);
  ck_assert(err_has_field(r, "username"));
  ck_assert(err_has_field(r, "password"));
  ck_assert(err_has_field(r, "role"));
  resp_free(r);
  r = http_postf("/api/v1/users", admin,
                 "{\"username\":\"lawyer_nolic\",\"password\":\"kite-ledger-5931\",\"role\":\"lawyer\","
                 "\"center_id\":1}");
  ck_status(r, 422);
  ck_assert(err_has_field(r, "lawyer"));
  resp_free(r);
  r = http_postf("/api/v1/users", admin,
                 "{\"username\":\"ghost\",\"password\":\"kite-ledger-5931\",\"role\":\"clerk\","
                 "\"center_id\":999}");
  ck_status(r, 422);
  ck_assert(err_has_field(r, "center_id"));
  resp_free(r);
  create_user(admin, "dup_user", "clerk", 1, NULL);
  r = http_postf("/api/v1/users", admin,
                 "{\"username\":\"dup_user\",\"password\":\"kite-ledger-5931\",\"role\":\"clerk\","
                 "\"center_id\":1}");
  ck_status(r, 409);
  ck_assert_str_eq(err_code(r), "conflict");
  resp_free(r);
}
END_TEST

START_TEST(lawyer_profile_and_list) {
  long id = create_user(admin, "lawyer_zhang", "lawyer", 2,
                        "{\"license_no\":\"14003200910012345\",\"firm\":\"山西某律师事务所\","
                        "\"kind\":\"lawyer\",\"practice_years\":12,"
                        "\"specialties\":[\"criminal_defense\"]}");
  resp *r = http_get("/api/v1/lawyers?center_id=2", admin);
  ck_status(r, 200);
  json_t *items = json_object_get(r->json, "items");
  ck_assert_int_ge(json_array_size(items), 1);
  bool found = false;
  size_t i;
  json_t *l;
  json_array_foreach(items, i, l) {
    ck_assert_int_eq(json_integer_value(json_object_get(l, "center_id")), 2);
    if (json_integer_value(json_object_get(l, "id")) == id) {
      found = true;
      ck_assert_int_eq(json_integer_value(json_object_get(l, "practice_years")), 12);
      ck_assert_str_eq(json_string_value(json_object_get(l, "license_no")), "14003200910012345");
    }
  }
  ck_assert(found);
  resp_free(r);
}
END_TEST

START_TEST(role_denials_403) {
  char *clerk = user_token(admin, "clerk_roles", "clerk", 1);
  char *lawyer = user_token(admin, "lawyer_roles", "lawyer", 1);
  char *sup = user_token(admin, "sup_roles", "supervisor", 1);
  struct {
    const char *method, *path, *body;
    const char *tok;
  } denied[] = {
      {"POST", "/api/v1/users", "{}", clerk},
      {"POST", "/api/v1/users", "{}", sup},
      {"GET", "/api/v1/users", NULL, clerk},
      {"GET", "/api/v1/users", NULL, lawyer},
      {"POST", "/api/v1/centers", "{}", clerk},
      {"POST", "/api/v1/centers", "{}", sup},
      {"GET", "/api/v1/lawyers", NULL, lawyer},
      {"POST", "/api/v1/cases", "{}", lawyer},
      {"POST", "/api/v1/cases", "{}", sup},
  };
  for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++) {
    resp *r = http(denied[i].method, denied[i].path, denied[i].tok, denied[i].body, NULL);
    ck_assert_msg(r->status == 403, "%s %s -> %ld", denied[i].method, denied[i].path, r->status);
    ck_assert_str_eq(err_code(r), "forbidden");
    resp_free(r);
  }
  char *n = sql_value("SELECT count(*) FROM security_events WHERE kind = 'denied'");
  ck_assert_int_ge(atoi(n), 9);
  free(n);
  free(clerk);
  free(lawyer);
  free(sup);
}
END_TEST

/* ---- reference data ---- */

START_TEST(seed_centers) {
  resp *r = http_get("/api/v1/centers", admin);
  ck_status(r, 200);
  json_t *items = json_object_get(r->json, "items");
  static const char *codes[] = {"211104", "140300", "430600", "430981", "430203"};
  for (size_t k = 0; k < 5; k++) {
    bool found = false;
    size_t i;
    json_t *c;
    json_array_foreach(items, i, c) {
      if (strcmp(json_string_value(json_object_get(c, "region_code")), codes[k]) == 0)
        found = true;
    }
    ck_assert_msg(found, "centre %s missing", codes[k]);
  }
  resp_free(r);
  /* A clerk sees its own centre only. */
  char *clerk = user_token(admin, "clerk_centers", "clerk", 3);
  r = http_get("/api/v1/centers", clerk);
  ck_status(r, 200);
  ck_assert_int_eq(json_array_size(json_object_get(r->json, "items")), 1);
  resp_free(r);
  free(clerk);
}
END_TEST

START_TEST(regions_tree) {
  resp *r = http_get("/api/v1/regions", admin);
  ck_status(r, 200);
  ck_assert_int_ge(json_array_size(json_object_get(r->json, "items")), 31);
  resp_free(r);
  r = http_get("/api/v1/regions?parent=430900", admin);
  ck_status(r, 200);
  bool found = false;
  size_t i;
  json_t *g;
  json_array_foreach(json_object_get(r->json, "items"), i, g) {
    if (strcmp(json_string_value(json_object_get(g, "code")), "430981") == 0) {
      found = true;
      ck_assert_str_eq(json_string_value(json_object_get(g, "name")), "沅江市");
    }
  }
  ck_assert(found);
  resp_free(r);
  r = http_get("/api/v1/regions?parent=43x", admin);
  ck_status(r, 422);
  resp_free(r);
  r = http_get("/api/v1/regions?bogus=1", admin);
  ck_status(r, 422);
  resp_free(r);
}
END_TEST

/* Reference lists page like every list: limit and cursor, the pages neither overlap nor skip. */
START_TEST(reference_lists_page) {
  static const char *const lists[] = {"/api/v1/regions?parent=430000", "/api/v1/centers?x=1",
                                      "/api/v1/hardship-thresholds?x=1",
                                      "/api/v1/subsidy-standards?x=1",
                                      "/api/v1/jurisdiction-settings?x=1"};
  for (size_t k = 0; k < sizeof lists / sizeof *lists; k++) {
    char base[128], path[200];
    snprintf(base, sizeof base, "%s", lists[k]);
    char *q = strstr(base, "?x=1");
    if (q) *q = '\0';
    const char *sep = strchr(base, '?') ? "&" : "?";
    /* Everything at once, then two at a time: the same items in the same order. */
    snprintf(path, sizeof path, "%s%slimit=500", base, sep);
    resp *all = http_get(path, admin);
    ck_status(all, 200);
    ck_assert(json_is_null(json_object_get(all->json, "next_cursor")));
    size_t n = json_array_size(json_object_get(all->json, "items"));
    ck_assert_msg(n >= 1, "%s: %zu items", base, n);
    size_t seen = 0;
    char cursor[32] = "";
    for (int guard = 0; guard < 100; guard++) {
      if (cursor[0])
        snprintf(path, sizeof path, "%s%slimit=2&cursor=%s", base, sep, cursor);
      else
        snprintf(path, sizeof path, "%s%slimit=2", base, sep);
      resp *r = http_get(path, admin);
      ck_status(r, 200);
      json_t *items = json_object_get(r->json, "items");
      ck_assert_int_le(json_array_size(items), 2);
      for (size_t i = 0; i < json_array_size(items); i++, seen++)
        ck_assert_msg(json_equal(json_array_get(items, i),
                                 json_array_get(json_object_get(all->json, "items"), seen)),
                      "%s: item %zu differs", base, seen);
      json_t *next = json_object_get(r->json, "next_cursor");
      if (json_is_null(next)) {
        resp_free(r);
        break;
      }
      snprintf(cursor, sizeof cursor, "%s", json_string_value(next));
      resp_free(r);
    }
    ck_assert_uint_eq(seen, n);
    resp_free(all);
    snprintf(path, sizeof path, "%s%slimit=501", base, sep);
    resp *r = http_get(path, admin);
    ck_status(r, 422);
    ck_assert(err_has_field(r, "limit"));
    ck_assert_str_eq(jstr(r->json, "error.fields.limit"), "must be between 1 and 500");
    resp_free(r);
    snprintf(path, sizeof path, "%s%scursor=abc", base, sep);
    r = http_get(path, admin);
    ck_status(r, 422);
    ck_assert(err_has_field(r, "cursor"));
    resp_free(r);
  }
}
END_TEST

START_TEST(create_center_validation) {
  resp *r = http_postf("/api/v1/centers", admin,
                       "{\"name\":\"虚构中心\",\"region_code\":\"999999\",\"case_no_prefix\":\"虚\"}");
  ck_status(r, 422);
  ck_assert(err_has_field(r, "region_code"));
  resp_free(r);
  r = http_postf("/api/v1/centers", admin, "{\"name\":\"\",\"region_code\":\"43\"}");
  ck_status(r, 422);
  ck_assert(err_has_field(r, "name"));
  ck_assert(err_has_field(r, "region_code"));
  ck_assert(err_has_field(r, "case_no_prefix"));
  resp_free(r);
}
END_TEST

static Suite *core_suite(void) {
  Suite *s = suite_create("api_core");
  TCase *h = tcase_create("http");
  tcase_set_timeout(h, 60);
  tcase_add_test(h, health_ok);
  tcase_add_test(h, second_daemon_on_same_port_fails);
  tcase_add_test(h, bad_settings_fail_loudly);
  tcase_add_test(h, workers_default_to_two_per_core);
  tcase_add_test(h, unknown_path_404);
  tcase_add_test(h, wrong_method_405_with_allow);
  tcase_add_test(h, body_over_1mib_413);
  tcase_add_test(h, body_exactly_1mib_is_read);
  tcase_add_test(h, wrong_content_type_415);
  tcase_add_test(h, malformed_json_400);
  tcase_add_test(h, static_pages_served_with_caching_and_headers);
  suite_add_tcase(s, h);
  TCase *a = tcase_create("auth");
  tcase_set_timeout(a, 60);
  tcase_add_test(a, login_and_me);
  tcase_add_test(a, unknown_role_fails_loudly);
  tcase_add_test(a, wrong_password_same_answer_as_unknown_user);
  tcase_add_test(a, login_validation_422);
  tcase_add_test(a, throttle_per_user);
  tcase_add_test(a, no_token_401_bad_token_401);
  tcase_add_test(a, logout_ends_session);
  tcase_add_test(a, expired_session_401);
  tcase_add_test(a, cookie_auth_needs_csrf_for_writes);
  suite_add_tcase(s, a);
  TCase *u = tcase_create("users");
  tcase_set_timeout(u, 60);
  tcase_add_test(u, users_create_and_list);
  tcase_add_test(u, users_validation);
  tcase_add_test(u, lawyer_profile_and_list);
  tcase_add_test(u, role_denials_403);
  suite_add_tcase(s, u);
  TCase *ref = tcase_create("reference");
  tcase_set_timeout(ref, 60);
  tcase_add_test(ref, seed_centers);
  tcase_add_test(ref, regions_tree);
  tcase_add_test(ref, reference_lists_page);
  tcase_add_test(ref, create_center_validation);
  suite_add_tcase(s, ref);
  return s;
}

int main(void) {
  harness_start("core");
  admin = login(ADMIN_USER, ADMIN_PASS);
  int failed = run_suite(core_suite());
  free(admin);
  int code = harness_stop();
  if (code != 0) fprintf(stderr, "legalaidd exited with %d after SIGTERM\n", code);
  return failed == 0 && code == 0 ? 0 : 1;
}
