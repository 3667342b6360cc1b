/* Faults: kill -9 in the middle of a stream of intakes; PostgreSQL stopped under load; slow
 * clients trickling bytes. On a cluster of its own (it stops and crashes it: harness_own_cluster),
 * so it runs beside the other suites; without forking. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

static char *clerk;

static long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
  nanosleep(&ts, NULL);
}

/* ---- kill -9 during intakes ---- */

#define WRITERS 4
#define PER_WRITER 150

typedef struct {
  int idx;
  long ids[PER_WRITER]; /* the case answered 201 for each intake (0: not yet) */
  int retries;
  int other_status;
} writer;

static atomic_int stop_writing;
static atomic_int intakes_done;

static long post_intake(int w, int i, long *status) {
  char id[19], key[96];
  make_id(id, "430981", "19820202", (i % 2) ? 'M' : 'F', (w * PER_WRITER + i) % 1000);
  snprintf(key, sizeof key, "Idempotency-Key: fault-%d-%d", w, i);
  const char *h[] = {key, NULL};
  char body[512];
  snprintf(body, sizeof body,
           "{\"channel\":\"window\",\"received_at\":\"2024-08-08T10:00:00+08:00\","
           "\"case_type\":\"plea_help\",\"applicant\":{\"name\":\"断电%d-%d\",\"id_number\":\"%s\"}}",
           w, i, id);
  resp *r = http("POST", "/api/v1/cases", clerk, body, h);
  *status = r->status;
  long cid = r->status == 201 ? (long)json_integer_value(json_object_get(r->json, "id")) : 0;
  resp_free(r);
  return cid;
}

static void *write_loop(void *arg) {
  writer *w = arg;
  for (int i = 0; i < PER_WRITER; i++) {
    /* Retry each intake with the same key until it is answered 201. */
    for (;;) {
      long status;
      long cid = post_intake(w->idx, i, &status);
      if (cid) {
        w->ids[i] = cid;
        atomic_fetch_add(&intakes_done, 1);
        break;
      }
      if (status != 0 && status != 503) w->other_status++;
      w->retries++;
      sleep_ms(50);
    }
  }
  return NULL;
}

START_TEST(kill_9_during_intakes) {
  writer ws[WRITERS];
  pthread_t t[WRITERS];
  memset(ws, 0, sizeof ws);
  for (int i = 0; i < WRITERS; i++) {
    ws[i].idx = i;
    pthread_create(&t[i], NULL, write_loop, &ws[i]);
  }
  /* kill -9 a third of the way through, with requests in flight. */
  while (atomic_load(&intakes_done) < WRITERS * PER_WRITER / 3) sleep_ms(5);
  harness_kill_daemon();
  sleep_ms(300);
  harness_restart_daemon();
  for (int i = 0; i < WRITERS; i++) pthread_join(t[i], NULL);
  int retries = 0, others = 0;
  for (int i = 0; i < WRITERS; i++) {
    retries += ws[i].retries;
    others += ws[i].other_status;
  }
  fprintf(stderr, "kill -9: %d intakes, %d retried after the crash\n", WRITERS * PER_WRITER, retries);
  ck_assert_int_gt(retries, 0); /* the kill did land mid-stream */
  ck_assert_int_eq(others, 0);
  /* Every case answered 201 is there, with its intake event. */
  for (int i = 0; i < WRITERS; i++)
    for (int k = 0; k < PER_WRITER; k++) {
      char q[160];
      snprintf(q, sizeof q,
               "SELECT count(*) FROM cases c JOIN case_events e ON e.case_id = c.id"
               " AND e.action = 'intake' WHERE c.id = %ld", ws[i].ids[k]);
      char *n = sql_value(q);
      ck_assert_msg(strcmp(n, "1") == 0, "case %ld answered 201 but not stored whole", ws[i].ids[k]);
      free(n);
    }
  /* Idempotent retries created no duplicate: one case per intake. */
  char *n = sql_value("SELECT count(*) FROM cases WHERE applicant_name LIKE '断电%'");
  char want[16];
  snprintf(want, sizeof want, "%d", WRITERS * PER_WRITER);
  ck_assert_str_eq(n, want);
  free(n);
  n = sql_value("SELECT count(DISTINCT applicant_name) FROM cases WHERE applicant_name LIKE '断电%'");
  ck_assert_str_eq(n, want);
  free(n);
  /* Nothing half-written: no case without its event, no event without its case; numbers 1..N. */
  n = sql_value("SELECT count(*) FROM cases c WHERE NOT EXISTS"
                " (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.action = 'intake')");
  ck_assert_str_eq(n, "0");
  free(n);
  n = sql_value("SELECT (max(case_seq) = count(*))::text || (SELECT last_no FROM case_counters"
                " WHERE center_id = 4 AND year = 2024) FROM cases WHERE center_id = 4 AND case_year = 2024");
  snprintf(want, sizeof want, "true%d", WRITERS * PER_WRITER);
  ck_assert_str_eq(n, want);
  free(n);
  n = sql_value("SELECT count(*) FROM idempotency_keys WHERE key LIKE 'fault-%' AND status IS NULL");
  ck_assert_str_eq(n, "0");
  free(n);
}
END_TEST

/* ---- PostgreSQL crashes during intakes into one centre (issue 15) ----
 * An intake's transaction commits without waiting for the disk, and its answer waits for a
 * later flush (store/cases.c, q_durable). A crash of PostgreSQL (pg_ctl -m immediate: what is
 * only in its shared memory, the WAL buffers among it, is lost) in the middle of a stream of
 * intakes into one centre must lose no answered intake, and leave the centre's numbers without
 * gap or repeat. Half the writers send an Idempotency-Key (retried with it), half none (retried
 * as a new intake: an unanswered one may then be there twice, numbered like any other). */

#define CRASH_WRITERS 6
#define CRASH_EACH 60

typedef struct {
  int idx;
  long ids[CRASH_EACH];
  int retries, other_status;
} crash_writer;

static atomic_int crash_done;

static void *crash_loop(void *arg) {
  crash_writer *w = arg;
  for (int i = 0; i < CRASH_EACH; i++) {
    for (;;) {
      char id[19], key[96], body[512];
      make_id(id, "430981", "19830303", (i % 2) ? 'M' : 'F', (w->idx * CRASH_EACH + i) % 1000);
      snprintf(key, sizeof key, "Idempotency-Key: crash-%d-%d", w->idx, i);
      const char *h[] = {key, NULL};
      snprintf(body, sizeof body,
               "{\"channel\":\"window\",\"received_at\":\"2023-05-05T10:00:00+08:00\","
               "\"case_type\":\"plea_help\",\"applicant\":{\"name\":\"崩溃%d-%d\",\"id_number\":\"%s\"}}",
               w->idx, i, id);
      resp *r = http("POST", "/api/v1/cases", clerk, body, (w->idx % 2) ? h : NULL);
      long st = r->status;
      long cid = st == 201 ? (long)json_integer_value(json_object_get(r->json, "id")) : 0;
      resp_free(r);
      if (cid) {
        w->ids[i] = cid;
        atomic_fetch_add(&crash_done, 1);
        break;
      }
      if (st != 0 && st != 503) w->other_status++;
      w->retries++;
      sleep_ms(50);
    }
  }
  return NULL;
}

START_TEST(database_crash_during_intakes_into_one_centre) {
  crash_writer ws[CRASH_WRITERS];
  pthread_t t[CRASH_WRITERS];
  memset(ws, 0, sizeof ws);
  for (int i = 0; i < CRASH_WRITERS; i++) {
    ws[i].idx = i;
    pthread_create(&t[i], NULL, crash_loop, &ws[i]);
  }
  while (atomic_load(&crash_done) < CRASH_WRITERS * CRASH_EACH / 3) sleep_ms(2);
  harness_pg_crash();
  sleep_ms(500);
  harness_pg_start();
  for (int i = 0; i < CRASH_WRITERS; i++) pthread_join(t[i], NULL);
  int retries = 0, others = 0;
  for (int i = 0; i < CRASH_WRITERS; i++) {
    retries += ws[i].retries;
    others += ws[i].other_status;
  }
  fprintf(stderr, "PostgreSQL crash: %d intakes into one centre, %d retried\n",
          CRASH_WRITERS * CRASH_EACH, retries);
  ck_assert_int_gt(retries, 0); /* the crash did land mid-stream */
  ck_assert_int_eq(others, 0);
  /* Every answered intake survived the crash, with its event. */
  for (int i = 0; i < CRASH_WRITERS; i++)
    for (int k = 0; k < CRASH_EACH; k++) {
      char q[200];
      snprintf(q, sizeof q,
               "SELECT count(*) FROM cases c JOIN case_events e ON e.case_id = c.id"
               " AND e.action = 'intake' AND e.detail->>'case_no' = c.case_no WHERE c.id = %ld",
               ws[i].ids[k]);
      char *n = sql_value(q);
      ck_assert_msg(strcmp(n, "1") == 0, "case %ld answered 201 but lost in the crash", ws[i].ids[k]);
      free(n);
    }
  char want[32];
  snprintf(want, sizeof want, "%d", CRASH_WRITERS * CRASH_EACH);
  char *n = sql_value("SELECT count(DISTINCT applicant_name) FROM cases WHERE applicant_name LIKE '崩溃%'");
  ck_assert_str_eq(n, want);
  free(n);
  /* Numbers 1..N, no gap, no repeat; the counter at N. */
  n = sql_value("SELECT (count(*) = max(case_seq) AND count(*) = count(DISTINCT case_seq)"
                " AND max(case_seq) = (SELECT last_no FROM case_counters WHERE center_id = 4"
                " AND year = 2023))::text FROM cases WHERE center_id = 4 AND case_year = 2023");
  ck_assert_str_eq(n, "true");
  free(n);
}
END_TEST

/* ---- PostgreSQL stopped under load ---- */

typedef struct {
  atomic_int ok, unavailable, other, failed_connect;
  atomic_long last_failure_ms;
} load_stats;

static load_stats ls;

static void *read_loop(void *arg) {
  (void)arg;
  while (!atomic_load(&stop_writing)) {
    resp *r = http_get("/api/v1/cases?limit=5", clerk);
    if (r->status == 200)
      atomic_fetch_add(&ls.ok, 1);
    else {
      atomic_store(&ls.last_failure_ms, now_ms());
      if (r->status == 503)
        atomic_fetch_add(&ls.unavailable, 1);
      else if (r->status == 0)
        atomic_fetch_add(&ls.failed_connect, 1);
      else
        atomic_fetch_add(&ls.other, 1);
    }
    resp_free(r);
  }
  return NULL;
}

START_TEST(database_stopped_under_load) {
  atomic_store(&stop_writing, 0);
  pthread_t t[6];
  for (int i = 0; i < 6; i++) pthread_create(&t[i], NULL, read_loop, NULL);
  sleep_ms(500);
  harness_pg_stop();
  sleep_ms(1500);
  int during = atomic_load(&ls.unavailable);
  harness_pg_start();
  long back = now_ms();
  sleep_ms(3000);
  atomic_store(&stop_writing, 1);
  for (int i = 0; i < 6; i++) pthread_join(t[i], NULL);
  long recovered_after = atomic_load(&ls.last_failure_ms) - back;
  fprintf(stderr, "PostgreSQL down: %d answered 503, %d ok in all; last failure %ld ms after the"
                  " database was back\n", during, atomic_load(&ls.ok), recovered_after);
  ck_assert_int_gt(during, 0);               /* 503s while it was down */
  ck_assert_int_eq(atomic_load(&ls.other), 0);
  ck_assert_int_eq(atomic_load(&ls.failed_connect), 0); /* the daemon never went away */
  ck_assert_int_le(recovered_after, 2000);    /* back within 2 s of the database */
  resp *r = http_get("/api/v1/health", NULL);
  ck_status(r, 200);
  resp_free(r);
}
END_TEST

/* ---- slow clients ---- */

static int connect_from(const char *src) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in s = {0}, d = {0};
  s.sin_family = AF_INET;
  inet_pton(AF_INET, src, &s.sin_addr);
  if (bind(fd, (struct sockaddr *)&s, sizeof s) != 0) {
    close(fd);
    return -1;
  }
  d.sin_family = AF_INET;
  d.sin_port = htons((uint16_t)harness_port());
  d.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, (struct sockaddr *)&d, sizeof d) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

/* Whether the server closed the connection (read returns 0 or an error, without blocking). */
static int closed_by_server(int fd) {
  struct timeval tv = {0, 200000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  char b[64];
  ssize_t n = recv(fd, b, sizeof b, 0);
  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

START_TEST(slow_clients_do_not_hold_up_others) {
  /* 60 connections from another address trickling a request a byte at a time. */
  enum { SLOW = 60 };
  int fds[SLOW];
  static const char req[] = "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
  for (int i = 0; i < SLOW; i++) fds[i] = connect_from("127.0.0.2");
  long worst = 0;
  for (int round = 0; round < 6; round++) {
    for (int i = 0; i < SLOW; i++)
      if (fds[i] >= 0) {
        ssize_t w = send(fds[i], req + round, 1, MSG_NOSIGNAL);
        (void)w;
      }
    /* Meanwhile, a normal client is served at once. */
    long t0 = now_ms();
    resp *r = http_get("/api/v1/cases?limit=1", clerk);
    long took = now_ms() - t0;
    ck_status(r, 200);
    resp_free(r);
    if (took > worst) worst = took;
    sleep_ms(500);
  }
  fprintf(stderr, "slow clients: a normal request took at most %ld ms\n", worst);
  ck_assert_int_lt(worst, 1000);
  /* The per-address limit (32 in this suite) refused the rest of the slow address's
   * connections; and after the idle timeout (3 s here) the silent ones are dropped. */
  int refused = 0;
  for (int i = 0; i < SLOW; i++)
    if (fds[i] < 0 || closed_by_server(fds[i])) refused++;
  ck_assert_int_ge(refused, SLOW - 32);
  sleep_ms(3500);
  int dropped = 0;
  for (int i = 0; i < SLOW; i++)
    if (fds[i] < 0 || closed_by_server(fds[i])) dropped++;
  fprintf(stderr, "slow clients: %d of %d refused or closed while trickling (per-address limit 32),"
                  " %d closed after the idle timeout\n", refused, SLOW, dropped);
  ck_assert_int_eq(dropped, SLOW);
  for (int i = 0; i < SLOW; i++)
    if (fds[i] >= 0) close(fds[i]);
  resp *r = http_get("/api/v1/health", NULL);
  ck_status(r, 200);
  resp_free(r);
}
END_TEST

int main(void) {
  setenv("LEGALAID_PER_IP_LIMIT", "32", 1);
  setenv("LEGALAID_TIMEOUT", "3", 1);
  harness_own_cluster(); /* it stops and crashes PostgreSQL: a cluster of its own */
  harness_start("faults");
  char *admin = login(ADMIN_USER, ADMIN_PASS);
  clerk = user_token(admin, "f_clerk", "clerk", 4);
  free(admin);
  Suite *s = suite_create("api_faults");
  TCase *tc = tcase_create("faults");
  tcase_set_timeout(tc, 180);
  tcase_add_test(tc, kill_9_during_intakes);
  tcase_add_test(tc, database_stopped_under_load);
  tcase_add_test(tc, database_crash_during_intakes_into_one_centre);
  tcase_add_test(tc, slow_clients_do_not_hold_up_others);
  suite_add_tcase(s, tc);
  SRunner *sr = srunner_create(s);
  srunner_set_fork_status(sr, CK_NOFORK);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  int code = harness_stop();
  free(clerk);
  if (code != 0) fprintf(stderr, "legalaidd exited with %d after SIGTERM\n", code);
  return failed == 0 && code == 0 ? 0 : 1;
}
