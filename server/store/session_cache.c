#include "session_cache.h"

#include "pg.h"
#include "users.h"

#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

/* Open addressing over the token hashes (random: blake2b of a random token), a few slots probed;
 * a full neighbourhood gives up its entry nearest to expiry. */
#define SLOTS 4096
#define PROBE 8
#define CHANNEL "legalaid_sessions"

typedef struct {
  unsigned char hash[32];
  uint64_t until_us; /* 0: empty */
  int64_t user_id;
  principal *p;
} slot;

static slot g_slots[SLOTS];
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER; /* g_slots, g_gen */
static uint64_t g_gen;
static atomic_bool g_on; /* the listening connection is up: entries may be kept and trusted */

/* The listening connection: used under g_listen_lock by its thread and by requests (drain). */
static pthread_mutex_t g_listen_lock = PTHREAD_MUTEX_INITIALIZER;
static PGconn *g_listen;
static bool g_broken;
static pthread_t g_thread;
static bool g_started;
static atomic_bool g_stop;
static int g_wake = -1;

static uint64_t now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static size_t home(const unsigned char h[32]) {
  return ((size_t)h[0] | (size_t)h[1] << 8) & (SLOTS - 1);
}

static void slot_clear(slot *s) {
  free(s->p);
  memset(s, 0, sizeof *s);
}

/* Under g_lock. */
static void clear_all(void) {
  for (size_t i = 0; i < SLOTS; i++)
    if (g_slots[i].until_us) slot_clear(&g_slots[i]);
  g_gen++;
}

static void set_on(bool on) {
  pthread_mutex_lock(&g_lock);
  clear_all();
  atomic_store(&g_on, on);
  pthread_mutex_unlock(&g_lock);
}

static void forget_user_locked(int64_t user_id) {
  for (size_t i = 0; i < SLOTS; i++)
    if (g_slots[i].until_us && g_slots[i].user_id == user_id) slot_clear(&g_slots[i]);
  g_gen++;
}

void session_cache_forget_user(int64_t user_id) {
  pthread_mutex_lock(&g_lock);
  forget_user_locked(user_id);
  pthread_mutex_unlock(&g_lock);
}

void session_cache_forget_token(const unsigned char token_hash[32]) {
  pthread_mutex_lock(&g_lock);
  size_t h = home(token_hash);
  for (size_t k = 0; k < PROBE; k++) {
    slot *s = &g_slots[(h + k) & (SLOTS - 1)];
    if (s->until_us && memcmp(s->hash, token_hash, 32) == 0) slot_clear(s);
  }
  g_gen++;
  pthread_mutex_unlock(&g_lock);
}

/* A notification's payload: "u:<id>,<id>..." forgets those users' sessions; anything else
 * ("*": a centre changed, a table truncated) forgets every session. */
static void apply(const char *payload) {
  pthread_mutex_lock(&g_lock);
  if (strncmp(payload, "u:", 2) == 0) {
    const char *q = payload + 2;
    while (*q) {
      char *end;
      long long id = strtoll(q, &end, 10);
      if (end == q) {
        clear_all();
        break;
      }
      forget_user_locked(id);
      q = *end == ',' ? end + 1 : end;
      if (*end && *end != ',') {
        clear_all();
        break;
      }
    }
  } else {
    clear_all();
  }
  pthread_mutex_unlock(&g_lock);
}

/* Under g_listen_lock: reads what arrived and applies every notification. A broken connection
 * turns the cache off until the thread has listened again. */
static void consume_locked(void) {
  if (!g_listen || g_broken) return;
  if (!PQconsumeInput(g_listen)) {
    g_broken = true;
    set_on(false);
    return;
  }
  PGnotify *n;
  while ((n = PQnotifies(g_listen)) != NULL) {
    apply(n->extra ? n->extra : "*");
    PQfreemem(n);
  }
}

/* What has already arrived, before a cached session is trusted: a poll of no time. */
static void drain(void) {
  pthread_mutex_lock(&g_listen_lock);
  if (g_listen && !g_broken) {
    struct pollfd pfd = {PQsocket(g_listen), POLLIN, 0};
    if (poll(&pfd, 1, 0) != 0) consume_locked();
  }
  pthread_mutex_unlock(&g_listen_lock);
}

bool session_cache_get(const unsigned char token_hash[32], principal *out) {
  if (!atomic_load(&g_on)) return false;
  drain();
  bool hit = false;
  pthread_mutex_lock(&g_lock);
  if (atomic_load(&g_on)) {
    size_t h = home(token_hash);
    uint64_t now = now_us();
    for (size_t k = 0; k < PROBE && !hit; k++) {
      slot *s = &g_slots[(h + k) & (SLOTS - 1)];
      if (!s->until_us || memcmp(s->hash, token_hash, 32) != 0) continue;
      if (s->until_us <= now) {
        slot_clear(s);
        break;
      }
      memset(out, 0, sizeof *out);
      memcpy(out, s->p, offsetof(principal, centers));
      memcpy(out->centers, s->p->centers, s->p->ncenters * sizeof out->centers[0]);
      out->ncenters = s->p->ncenters;
      hit = true;
    }
  }
  pthread_mutex_unlock(&g_lock);
  return hit;
}

uint64_t session_cache_generation(void) {
  pthread_mutex_lock(&g_lock);
  uint64_t g = g_gen;
  pthread_mutex_unlock(&g_lock);
  return g;
}

void session_cache_put(const unsigned char token_hash[32], const principal *p, double lifetime_s,
                       uint64_t generation) {
  if (!atomic_load(&g_on) || lifetime_s <= 1) return;
  double ttl = lifetime_s - 1 < SESSION_CACHE_TTL_S ? lifetime_s - 1 : SESSION_CACHE_TTL_S;
  principal *copy = malloc(sizeof *copy);
  if (!copy) return;
  memcpy(copy, p, sizeof *copy);
  copy->via_cookie = false; /* set per request by the api */
  pthread_mutex_lock(&g_lock);
  if (!atomic_load(&g_on) || generation != g_gen) {
    /* Something was forgotten since the look-up began: its answer may predate the change. */
    pthread_mutex_unlock(&g_lock);
    free(copy);
    return;
  }
  uint64_t now = now_us();
  size_t h = home(token_hash);
  slot *match = NULL, *empty = NULL, *oldest = NULL;
  for (size_t k = 0; k < PROBE && !match; k++) {
    slot *s = &g_slots[(h + k) & (SLOTS - 1)];
    if (s->until_us && memcmp(s->hash, token_hash, 32) == 0)
      match = s;
    else if (!s->until_us || s->until_us <= now)
      empty = empty ? empty : s;
    else if (!oldest || s->until_us < oldest->until_us)
      oldest = s;
  }
  slot *pick = match ? match : empty ? empty : oldest;
  slot_clear(pick);
  memcpy(pick->hash, token_hash, 32);
  pick->until_us = now + (uint64_t)(ttl * 1e6);
  pick->user_id = p->user_id;
  pick->p = copy;
  pthread_mutex_unlock(&g_lock);
}

/* ---- the listening thread ---- */

static PGconn *listen_connect(void) {
  PGconn *c = db_connect_new();
  if (!c) return NULL;
  PGresult *r = PQexec(c, "LISTEN " CHANNEL);
  bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  if (!ok) {
    fprintf(stderr, "db: LISTEN %s failed: %s", CHANNEL, PQerrorMessage(c));
    PQfinish(c);
    return NULL;
  }
  PQsetnonblocking(c, 1);
  return c;
}

/* Waits for the wake-up descriptor up to ms; true when asked to stop. */
static bool pause_ms(int ms) {
  struct pollfd pfd = {g_wake, POLLIN, 0};
  poll(&pfd, 1, ms);
  return atomic_load(&g_stop);
}

static void *listen_main(void *arg) {
  (void)arg;
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, NULL);
  while (!atomic_load(&g_stop)) {
    PGconn *c = listen_connect();
    if (!c) {
      if (pause_ms(DB_RETRY_MS * 5)) break;
      continue;
    }
    pthread_mutex_lock(&g_listen_lock);
    g_listen = c;
    g_broken = false;
    pthread_mutex_unlock(&g_listen_lock);
    /* Emptied as it turns on: whatever was missed while it was off is forgotten. */
    set_on(true);
    for (;;) {
      struct pollfd pfd[2] = {{PQsocket(c), POLLIN, 0}, {g_wake, POLLIN, 0}};
      poll(pfd, 2, 1000);
      if (atomic_load(&g_stop)) break;
      pthread_mutex_lock(&g_listen_lock);
      if (pfd[0].revents) consume_locked();
      bool broken = g_broken || PQstatus(c) != CONNECTION_OK;
      pthread_mutex_unlock(&g_listen_lock);
      if (broken) break;
    }
    set_on(false);
    pthread_mutex_lock(&g_listen_lock);
    g_listen = NULL;
    pthread_mutex_unlock(&g_listen_lock);
    PQfinish(c);
    if (!atomic_load(&g_stop)) {
      fprintf(stderr, "db: the sessions' notifications stopped; the cache is off until they are back\n");
      if (pause_ms(DB_RETRY_MS)) break;
    }
  }
  db_thread_close();
  return NULL;
}

int store_session_cache_start(void) {
  g_wake = eventfd(0, EFD_CLOEXEC);
  if (g_wake < 0) return -1;
  atomic_store(&g_stop, false);
  if (pthread_create(&g_thread, NULL, listen_main, NULL) != 0) {
    close(g_wake);
    g_wake = -1;
    return -1;
  }
  g_started = true;
  return 0;
}

void store_session_cache_stop(void) {
  if (g_started) {
    atomic_store(&g_stop, true);
    uint64_t one = 1;
    ssize_t w = write(g_wake, &one, sizeof one);
    (void)w;
    pthread_join(g_thread, NULL);
    close(g_wake);
    g_wake = -1;
    g_started = false;
  }
  set_on(false);
}
