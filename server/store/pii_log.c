/* The pii_reads writer: see pii_log.h. */
#include "pii_log.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pg.h"

/* The most rows one INSERT carries. */
#define PII_LOG_BATCH 4096

typedef struct {
  int64_t user_id, case_id, at_us; /* at: the read's time, microseconds since the epoch */
} pii_row;

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t g_wake = PTHREAD_COND_INITIALIZER;
static pii_row *g_ring;
static size_t g_cap, g_head, g_count; /* the queued rows: g_ring[(g_head + i) % g_cap] */
static bool g_started, g_stop;
static pthread_t g_thread;

static db_stmt q_insert = {
    "pii_log_insert",
    "INSERT INTO pii_reads (user_id, case_id, at)"
    " SELECT r.u, r.c, timestamptz 'epoch' + r.t * interval '1 microsecond'"
    " FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS r(u, c, t)",
    0};

static db_stmt q_insert_one = {
    "pii_log_insert_one", "INSERT INTO pii_reads (user_id, case_id) VALUES ($1, $2)", 0};

static int64_t realtime_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void deadline_in(struct timespec *ts, long ms) {
  clock_gettime(CLOCK_REALTIME, ts);
  ts->tv_sec += ms / 1000;
  ts->tv_nsec += (ms % 1000) * 1000000L;
  if (ts->tv_nsec >= 1000000000L) {
    ts->tv_sec++;
    ts->tv_nsec -= 1000000000L;
  }
}

bool store_pii_log_case_read(int64_t user_id, int64_t case_id) {
  pthread_mutex_lock(&g_lock);
  if (!g_started) {
    pthread_mutex_unlock(&g_lock);
    db_params p = {0};
    dbp_int(&p, user_id);
    dbp_int(&p, case_id);
    return db_exec(db_conn(), &q_insert_one, &p, NULL) == DB_OK;
  }
  bool ok = g_count < g_cap;
  if (ok) {
    g_ring[(g_head + g_count) % g_cap] = (pii_row){user_id, case_id, realtime_us()};
    if (g_count++ == 0) pthread_cond_signal(&g_wake);
  } else {
    static _Atomic int64_t last_said;
    int64_t now = realtime_us();
    if (now - atomic_load(&last_said) > 10 * 1000000) {
      atomic_store(&last_said, now);
      fprintf(stderr, "pii_log: %zu reads queued and not yet written: refusing reads\n", g_cap);
    }
  }
  pthread_mutex_unlock(&g_lock);
  return ok;
}

/* "{a,b,c}" of one field of n rows from the queue's head (the lock held). */
static char *array_of(size_t n, size_t field) {
  char *s = malloc(n * 21 + 3);
  if (!s) return NULL;
  size_t o = 0;
  s[o++] = '{';
  for (size_t i = 0; i < n; i++) {
    const pii_row *r = &g_ring[(g_head + i) % g_cap];
    int64_t v = field == 0 ? r->user_id : field == 1 ? r->case_id : r->at_us;
    o += (size_t)sprintf(s + o, "%s%" PRId64, i ? "," : "", v);
  }
  s[o++] = '}';
  s[o] = '\0';
  return s;
}

/* Writes up to PII_LOG_BATCH rows from the head of the queue; they leave it once committed.
 * Called with the lock held; returns with it held. False when the write failed. */
static bool write_batch(void) {
  size_t n = g_count < PII_LOG_BATCH ? g_count : PII_LOG_BATCH;
  char *users = array_of(n, 0), *cases = array_of(n, 1), *ats = array_of(n, 2);
  pthread_mutex_unlock(&g_lock);
  db_status s = DB_ERROR;
  if (users && cases && ats) {
    db_params p = {0};
    dbp_str(&p, users);
    dbp_str(&p, cases);
    dbp_str(&p, ats);
    s = db_exec(db_conn(), &q_insert, &p, NULL);
  }
  free(users);
  free(cases);
  free(ats);
  pthread_mutex_lock(&g_lock);
  if (s != DB_OK) return false;
  /* Only the writer takes rows off the queue, so the n at its head are still the n written. */
  g_head = (g_head + n) % g_cap;
  g_count -= n;
  return true;
}

static void *writer_main(void *arg) {
  (void)arg;
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, NULL);
  struct timespec ts;
  int64_t stop_by = 0;
  pthread_mutex_lock(&g_lock);
  for (;;) {
    while (g_count == 0 && !g_stop) pthread_cond_wait(&g_wake, &g_lock);
    if (g_count == 0) break; /* stopping, nothing left */
    if (g_stop && !stop_by) stop_by = realtime_us() + (int64_t)PII_LOG_STOP_S * 1000000;
    /* Gather for a moment: one commit for the reads of PII_LOG_FLUSH_MS. */
    if (!g_stop && g_count < PII_LOG_BATCH) {
      deadline_in(&ts, PII_LOG_FLUSH_MS);
      while (!g_stop && g_count < PII_LOG_BATCH &&
             pthread_cond_timedwait(&g_wake, &g_lock, &ts) != ETIMEDOUT) {
      }
    }
    if (write_batch()) continue;
    if (stop_by && realtime_us() > stop_by) break;
    /* PostgreSQL away or the table locked: try again a little later. */
    deadline_in(&ts, DB_RETRY_MS);
    while (pthread_cond_timedwait(&g_wake, &g_lock, &ts) != ETIMEDOUT) {
      if (g_stop && !stop_by) break;
    }
  }
  if (g_count)
    fprintf(stderr, "pii_log: stopping with %zu reads not written to pii_reads\n", g_count);
  pthread_mutex_unlock(&g_lock);
  db_thread_close();
  return NULL;
}

int store_pii_log_start(size_t capacity) {
  if (capacity == 0) return -1;
  pthread_mutex_lock(&g_lock);
  int rc = -1;
  if (!g_started) {
    g_ring = calloc(capacity, sizeof *g_ring);
    if (g_ring) {
      g_cap = capacity;
      g_head = g_count = 0;
      g_stop = false;
      if (pthread_create(&g_thread, NULL, writer_main, NULL) == 0) {
        g_started = true;
        rc = 0;
      } else {
        free(g_ring);
        g_ring = NULL;
      }
    }
  }
  pthread_mutex_unlock(&g_lock);
  return rc;
}

void store_pii_log_stop(void) {
  pthread_mutex_lock(&g_lock);
  if (!g_started) {
    pthread_mutex_unlock(&g_lock);
    return;
  }
  g_stop = true;
  pthread_cond_signal(&g_wake);
  pthread_mutex_unlock(&g_lock);
  pthread_join(g_thread, NULL);
  pthread_mutex_lock(&g_lock);
  g_started = false;
  free(g_ring);
  g_ring = NULL;
  g_cap = g_head = g_count = 0;
  pthread_mutex_unlock(&g_lock);
}
