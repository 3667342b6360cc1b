/* PostgreSQL going away and coming back, graceful stop, and what the access log holds.
 * On a cluster of its own (it stops it: harness_own_cluster), so it runs beside the other suites;
 * without forking (it stops the daemon). */
#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

static char *admin, *clerk;

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
  nanosleep(&ts, NULL);
}

static long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

START_TEST(database_down_503_then_recovers) {
  harness_pg_stop();
  resp *r = http_get("/api/v1/health", NULL);
  ck_status(r, 503);
  ck_assert_str_eq(json_string_value(json_object_get(r->json, "status")), "unavailable");
  resp_free(r);
  r = http_get("/api/v1/cases", clerk);
  ck_status(r, 503);
  ck_assert_str_eq(err_code(r), "unavailable");
  resp_free(r);
  char id[19];
  make_id(id, "430981", "19900101", 'M', 1);
  r = http_postf("/api/v1/cases", clerk,
                 "{\"channel\":\"window\",\"case_type\":\"plea_help\","
                 "\"applicant\":{\"name\":\"断库\",\"id_number\":\"%s\"}}", id);
  ck_status(r, 503);
  resp_free(r);
  harness_pg_start();
  /* Back without a restart of the daemon, within two seconds of the database. */
  long t0 = now_ms();
  long st = 0;
  while (now_ms() - t0 < 5000) {
    r = http_get("/api/v1/me", clerk);
    st = r->status;
    resp_free(r);
    if (st == 200) break;
    sleep_ms(50);
  }
  ck_assert_int_eq(st, 200);
  long took = now_ms() - t0;
  fprintf(stderr, "service back %ld ms after PostgreSQL\n", took);
  ck_assert_int_le(took, 2000);
  /* Every worker thread reconnects: a series of requests all succeed. */
  for (int i = 0; i < 40; i++) {
    r = http_get("/api/v1/cases?limit=1", clerk);
    ck_status(r, 200);
    resp_free(r);
  }
  char *n = sql_value("SELECT count(*) FROM cases WHERE applicant_name = '断库'");
  ck_assert_str_eq(n, "0");
  free(n);
}
END_TEST

START_TEST(access_log_lines_hold_no_secrets) {
  char id[19];
  make_id(id, "430981", "19900101", 'F', 2);
  resp *r = http_postf("/api/v1/cases", clerk,
                       "{\"channel\":\"window\",\"case_type\":\"plea_help\","
                       "\"applicant\":{\"name\":\"日志\",\"id_number\":\"%s\"}}", id);
  ck_status(r, 201);
  resp_free(r);
  char path[128];
  snprintf(path, sizeof path, "/api/v1/cases?q=%s", id);
  r = http_get(path, clerk);
  ck_status(r, 200);
  resp_free(r);
  sleep_ms(100);
  FILE *f = fopen(harness_log_path(), "r");
  ck_assert_ptr_nonnull(f);
  char line[4096];
  int access = 0, post = 0;
  while (fgets(line, sizeof line, f)) {
    ck_assert_msg(!strstr(line, id), "resident ID in the log: %s", line);
    ck_assert_msg(!strstr(line, clerk), "token in the log: %s", line);
    ck_assert_msg(!strstr(line, ADMIN_PASS), "password in the log: %s", line);
    ck_assert_msg(!strstr(line, "kite-ledger-5931"), "password in the log: %s", line);
    if (strncmp(line, "access ", 7) == 0) {
      access++;
      char method[16], p[512];
      unsigned status;
      unsigned long long us;
      ck_assert_int_eq(sscanf(line, "access %15s %511s %u %llu", method, p, &status, &us), 4);
      if (strcmp(method, "POST") == 0 && strcmp(p, "/api/v1/cases") == 0 && status == 201) post++;
    }
  }
  fclose(f);
  ck_assert_int_gt(access, 5);
  ck_assert_int_ge(post, 1);
}
END_TEST

/* ---- statistics from a streaming replica (LEGALAID_DB_READ) ---- */

static void run(const char *cmd) {
  ck_assert_msg(system(cmd) == 0, "failed: %s", cmd);
}

/* The first value of a query on any server, as a malloc'd string. */
static char *value_on(const char *conninfo, const char *sql) {
  PGconn *c = PQconnectdb(conninfo);
  ck_assert_msg(PQstatus(c) == CONNECTION_OK, "%s", PQerrorMessage(c));
  PGresult *r = PQexec(c, sql);
  ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK, "%s: %s", sql, PQerrorMessage(c));
  char *v = strdup(PQntuples(r) ? PQgetvalue(r, 0, 0) : "");
  PQclear(r);
  PQfinish(c);
  return v;
}

static long plea_help_count(void) {
  resp *r = http_get("/api/v1/stats/cases?group_by=case_type&center_id=4", admin);
  ck_status(r, 200);
  long n = 0;
  size_t i;
  json_t *row;
  json_array_foreach(json_object_get(r->json, "rows"), i, row) {
    if (strcmp(json_string_value(json_object_get(row, "key")), "plea_help") == 0)
      n = (long)json_integer_value(json_object_get(row, "count"));
  }
  resp_free(r);
  return n;
}

static void intake_plea_help(int seq) {
  char id[19];
  make_id(id, "430981", "19850101", 'F', seq);
  resp *r = http_postf("/api/v1/cases", clerk,
                       "{\"channel\":\"window\",\"case_type\":\"plea_help\","
                       "\"applicant\":{\"name\":\"副本\",\"id_number\":\"%s\"}}", id);
  ck_status(r, 201);
  resp_free(r);
}

START_TEST(statistics_read_from_a_streaming_replica) {
  const char *pg = getenv("LEGALAID_TEST_PG"), *bin = getenv("LEGALAID_TEST_PG_BIN");
  ck_assert_ptr_nonnull(bin);
  char host[256] = "", port[16] = "";
  const char *h = strstr(pg, "host="), *p = strstr(pg, "port=");
  ck_assert(h && p);
  sscanf(h + 5, "%255s", host);
  sscanf(p + 5, "%15s", port);
  /* A replica of the test cluster, as a DBA would make it: pg_basebackup -R. */
  /* Under the run's own directory when test.sh gave one, so that its clean-up stops this
   * replica (and only this one) if the test dies half-way. */
  const char *tmpdir = getenv("LEGALAID_TEST_TMPDIR");
  char dir[256]; /* also the replica's socket directory (a socket path holds 107 bytes) */
  snprintf(dir, sizeof dir, "%s/legalaid-replica.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
  ck_assert_ptr_nonnull(mkdtemp(dir));
  int rport = atoi(port) + 1;
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "chown postgres: '%s' && chmod 755 '%s'", dir, dir);
  run(cmd);
  snprintf(cmd, sizeof cmd,
           "cd / && runuser -u postgres -- %s/pg_basebackup -h '%s' -p %s -U postgres -D '%s/data'"
           " -R -X stream -c fast >/dev/null 2>&1", bin, host, port, dir);
  run(cmd);
  snprintf(cmd, sizeof cmd,
           "cd / && runuser -u postgres -- %s/pg_ctl -D '%s/data' -w -t 60 -l '%s/replica.log'"
           " -o \"-p %d -k '%s' -c listen_addresses=''\" start >/dev/null 2>&1", bin, dir, dir,
           rport, dir);
  run(cmd);
  char replica_admin[1024], replica_read[1024];
  snprintf(replica_admin, sizeof replica_admin, "host=%s port=%d user=postgres dbname=postgres",
           dir, rport);
  char *rec = value_on(replica_admin, "SELECT pg_is_in_recovery()");
  ck_assert_str_eq(rec, "t");
  free(rec);
  /* The daemon again, its statistics sent to the replica. */
  snprintf(replica_read, sizeof replica_read, "%s host=%s port=%d", harness_db_conninfo(), dir,
           rport);
  harness_signal(SIGTERM);
  ck_assert_int_eq(harness_wait_exit(20), 0);
  setenv("LEGALAID_DB_READ", replica_read, 1);
  harness_restart_daemon();

  long before = plea_help_count();
  /* Replay paused on the replica: a new case is written (to the primary) but the statistics,
   * read from the replica, do not see it yet; replay resumed, they do. */
  char *x = value_on(replica_admin, "SELECT pg_wal_replay_pause()");
  free(x);
  intake_plea_help(301);
  sleep_ms(300);
  ck_assert_int_eq(plea_help_count(), before);
  x = value_on(replica_admin, "SELECT pg_wal_replay_resume()");
  free(x);
  long after = before;
  for (int i = 0; i < 100 && after == before; i++) {
    sleep_ms(50);
    after = plea_help_count();
  }
  ck_assert_int_eq(after, before + 1);
  x = value_on(replica_admin,
               "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'legalaidd'");
  ck_assert_str_ne(x, "0"); /* the daemon's read connections are there */
  free(x);
  /* The replica gone: statistics fall back to the primary, writes never noticed. */
  snprintf(cmd, sizeof cmd,
           "cd / && runuser -u postgres -- %s/pg_ctl -D '%s/data' -m immediate -w stop >/dev/null 2>&1",
           bin, dir);
  run(cmd);
  intake_plea_help(303);
  ck_assert_int_eq(plea_help_count(), before + 2);

  harness_signal(SIGTERM);
  ck_assert_int_eq(harness_wait_exit(20), 0);
  unsetenv("LEGALAID_DB_READ");
  harness_restart_daemon();
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  run(cmd);
}
END_TEST

START_TEST(graceful_stop_finishes_request_in_flight) {
  char id[19];
  make_id(id, "430981", "19900101", 'M', 3);
  char body[512];
  int bl = snprintf(body, sizeof body,
                    "{\"channel\":\"window\",\"case_type\":\"plea_help\","
                    "\"applicant\":{\"name\":\"在途\",\"id_number\":\"%s\"}}", id);
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_port = htons((uint16_t)harness_port());
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ck_assert_int_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
  char head[512];
  int hl = snprintf(head, sizeof head,
                    "POST /api/v1/cases HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer %s\r\n"
                    "Content-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n",
                    clerk, bl);
  ck_assert_int_eq(write(fd, head, (size_t)hl), hl);
  ck_assert_int_eq(write(fd, body, 10), 10); /* half-sent: the request is in flight */
  sleep_ms(300);
  harness_signal(SIGTERM);
  sleep_ms(300);
  ck_assert_int_eq(write(fd, body + 10, (size_t)(bl - 10)), bl - 10);
  char reply[4096] = {0};
  size_t got = 0;
  ssize_t n;
  while (got < sizeof reply - 1 && (n = read(fd, reply + got, sizeof reply - 1 - got)) > 0)
    got += (size_t)n;
  close(fd);
  ck_assert_msg(strncmp(reply, "HTTP/1.1 201", 12) == 0, "reply: %.200s", reply);
  int code = harness_wait_exit(20);
  ck_assert_int_eq(code, 0);
  char *c = sql_value("SELECT count(*) FROM cases WHERE applicant_name = '在途'");
  ck_assert_str_eq(c, "1");
  free(c);
  /* New connections are refused once it stopped. */
  resp *r = http_get("/api/v1/health", NULL);
  ck_assert_int_eq(r->status, 0);
  resp_free(r);
}
END_TEST

int main(void) {
  harness_own_cluster(); /* it stops and crashes PostgreSQL: a cluster of its own */
  harness_start("resilience");
  admin = login(ADMIN_USER, ADMIN_PASS);
  clerk = user_token(admin, "res_clerk", "clerk", 4);
  Suite *s = suite_create("api_resilience");
  TCase *tc = tcase_create("resilience");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, database_down_503_then_recovers);
  tcase_add_test(tc, access_log_lines_hold_no_secrets);
  tcase_add_test(tc, statistics_read_from_a_streaming_replica);
  tcase_add_test(tc, graceful_stop_finishes_request_in_flight); /* last: stops the daemon */
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_set_fork_status(sr, CK_NOFORK);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  harness_stop();
  free(admin);
  free(clerk);
  return failed ? 1 : 0;
}
