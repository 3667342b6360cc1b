#include "pg.h"

#include <inttypes.h>
#include <stdarg.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DB_MAX_STMTS 512

typedef struct {
  PGconn *pg;
  uint64_t next_try_us, failed_at_us;
  unsigned char prepared[DB_MAX_STMTS];
} db_link;

static char *g_conninfo;
static char *g_read_conninfo;
static char *g_owner_conninfo;
static atomic_int g_next_stmt_id = 0;
static _Atomic uint64_t g_last_connect_us = 0;

/* Each thread's links live on the heap and are listed, so that db_close_all() can close the
 * connections of threads that have exited (the web server's workers after a stop). */
static _Thread_local db_link *tl_main_p;
static _Thread_local db_link *tl_read_p;
static db_link **g_links;
static size_t g_nlinks, g_links_cap;
static pthread_mutex_t g_links_lock = PTHREAD_MUTEX_INITIALIZER;

static db_link *link_new(void) {
  db_link *l = calloc(1, sizeof *l);
  if (!l) return NULL;
  pthread_mutex_lock(&g_links_lock);
  if (g_nlinks == g_links_cap) {
    size_t cap = g_links_cap ? g_links_cap * 2 : 32;
    db_link **nl = realloc(g_links, cap * sizeof *nl);
    if (!nl) {
      pthread_mutex_unlock(&g_links_lock);
      free(l);
      return NULL;
    }
    g_links = nl;
    g_links_cap = cap;
  }
  g_links[g_nlinks++] = l;
  pthread_mutex_unlock(&g_links_lock);
  return l;
}

static db_link *main_link(void) {
  if (!tl_main_p) tl_main_p = link_new();
  return tl_main_p;
}

static db_link *read_link(void) {
  if (!tl_read_p) tl_read_p = link_new();
  return tl_read_p;
}

static uint64_t now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

void db_configure(const char *conninfo, const char *read_conninfo) {
  free(g_conninfo);
  free(g_read_conninfo);
  g_conninfo = strdup(conninfo ? conninfo : "");
  g_read_conninfo = read_conninfo && *read_conninfo ? strdup(read_conninfo) : NULL;
}

void db_configure_owner(const char *conninfo) {
  free(g_owner_conninfo);
  g_owner_conninfo = conninfo && *conninfo ? strdup(conninfo) : NULL;
}

bool db_has_owner(void) { return g_owner_conninfo != NULL; }

static void shapes_free(void);

static void link_close(db_link *l) {
  if (l->pg) PQfinish(l->pg);
  l->pg = NULL;
  memset(l->prepared, 0, sizeof l->prepared);
}

/* Whether an idle connection is still good. The service never LISTENs, so the server writes
 * to an idle connection only when it goes away (shutdown, restart, a terminated backend):
 * anything readable means the connection is done. A poll() of no time: about a microsecond. */
static bool idle_link_alive(PGconn *pg) {
  if (PQtransactionStatus(pg) != PQTRANS_IDLE) return true;
  struct pollfd pfd = {PQsocket(pg), POLLIN, 0};
  return poll(&pfd, 1, 0) == 0;
}

static PGconn *link_get(db_link *l, const char *conninfo) {
  if (l->pg && PQstatus(l->pg) == CONNECTION_OK && idle_link_alive(l->pg)) return l->pg;
  link_close(l);
  uint64_t now = now_us();
  /* Back off after a failed attempt, unless another thread got through since. */
  if (now < l->next_try_us && atomic_load(&g_last_connect_us) < l->failed_at_us) return NULL;
  const char *keys[] = {"dbname", "connect_timeout", "options", "application_name", NULL};
  /* DateStyle ISO: the text of dates that db_row_json writes as JSON (rowjson.c). */
  const char *vals[] = {conninfo, "2",
                        "-c timezone=Asia/Shanghai -c datestyle=ISO -c statement_timeout=60000",
                        "legalaidd", NULL};
  PGconn *pg = PQconnectdbParams(keys, vals, 1);
  if (!pg || PQstatus(pg) != CONNECTION_OK) {
    l->failed_at_us = now_us();
    l->next_try_us = l->failed_at_us + DB_RETRY_MS * 1000u;
    if (pg) PQfinish(pg);
    return NULL;
  }
  l->pg = pg;
  l->next_try_us = 0;
  atomic_store(&g_last_connect_us, now_us());
  return pg;
}

static PGconn *connect_new(const char *conninfo) {
  const char *keys[] = {"dbname", "connect_timeout", "options", "application_name", NULL};
  const char *vals[] = {conninfo, "5", "-c timezone=Asia/Shanghai -c datestyle=ISO",
                        "legalaidd-admin", NULL};
  PGconn *pg = PQconnectdbParams(keys, vals, 1);
  if (pg && PQstatus(pg) == CONNECTION_OK) return pg;
  fprintf(stderr, "db: cannot connect: %s", pg ? PQerrorMessage(pg) : "out of memory\n");
  if (pg) PQfinish(pg);
  return NULL;
}

PGconn *db_connect_new(void) { return connect_new(g_conninfo); }

PGconn *db_connect_owner(void) {
  return connect_new(g_owner_conninfo ? g_owner_conninfo : g_conninfo);
}

PGconn *db_conn(void) {
  db_link *l = main_link();
  return l ? link_get(l, g_conninfo) : NULL;
}

PGconn *db_read_conn(void) {
  if (!g_read_conninfo) return db_conn();
  db_link *l = read_link();
  PGconn *c = l ? link_get(l, g_read_conninfo) : NULL;
  return c ? c : db_conn(); /* the replica down: fall back to the primary */
}

void db_thread_close(void) {
  if (tl_main_p) link_close(tl_main_p);
  if (tl_read_p) link_close(tl_read_p);
}

void db_close_all(void) {
  pthread_mutex_lock(&g_links_lock);
  for (size_t i = 0; i < g_nlinks; i++) {
    link_close(g_links[i]);
    free(g_links[i]);
  }
  free(g_links);
  g_links = NULL;
  g_nlinks = g_links_cap = 0;
  pthread_mutex_unlock(&g_links_lock);
  tl_main_p = tl_read_p = NULL;
  shapes_free();
  free(g_conninfo);
  free(g_read_conninfo);
  free(g_owner_conninfo);
  g_conninfo = g_read_conninfo = g_owner_conninfo = NULL;
}

static db_link *link_of(PGconn *c) {
  if (tl_main_p && tl_main_p->pg == c) return tl_main_p;
  if (tl_read_p && tl_read_p->pg == c) return tl_read_p;
  return NULL;
}

void db_request_done(void) {
  db_link *links[2] = {tl_main_p, tl_read_p};
  for (int i = 0; i < 2; i++) {
    if (!links[i]) continue;
    PGconn *c = links[i]->pg;
    if (!c) continue;
    PGTransactionStatusType ts = PQtransactionStatus(c);
    if (ts == PQTRANS_IDLE) continue;
    if (ts == PQTRANS_UNKNOWN || ts == PQTRANS_ACTIVE) {
      link_close(links[i]);
      continue;
    }
    fprintf(stderr, "db: a request left a transaction open; rolling back\n");
    PGresult *r = PQexec(c, "ROLLBACK");
    PQclear(r);
  }
}

void dbp_str(db_params *p, const char *s) {
  if (p->n >= DB_MAX_PARAMS) {
    p->failed = true;
    return;
  }
  p->v[p->n++] = s;
}

void dbp_int(db_params *p, int64_t v) {
  if (p->n >= DB_MAX_PARAMS) {
    p->failed = true;
    return;
  }
  snprintf(p->num[p->n], sizeof p->num[p->n], "%" PRId64, v);
  p->v[p->n] = p->num[p->n];
  p->n++;
}

void dbp_date(db_params *p, day_t d) {
  if (p->n >= DB_MAX_PARAMS) {
    p->failed = true;
    return;
  }
  date_format(d, p->num[p->n]);
  p->v[p->n] = p->num[p->n];
  p->n++;
}

void dbp_enum(db_params *p, const la_enum *e, int v) {
  const char *name = enum_name(e, v);
  if (!name) {
    fprintf(stderr, "db: %d is no value of %s\n", v, e->name);
    p->failed = true;
  }
  dbp_str(p, name);
}

void dbp_set(db_params *p, const la_enum *e, unsigned bits) {
  char *out = p->sets + p->sets_used;
  size_t room = sizeof p->sets - p->sets_used, used = 0;
  bool fits = room >= 3;
  if (fits) out[used++] = '{';
  for (size_t i = 0; fits && i < e->count; i++) {
    if (!(bits & (1u << i))) continue;
    size_t l = strlen(e->values[i]);
    if (used + l + 3 > room) {
      fits = false;
      break;
    }
    if (used > 1) out[used++] = ',';
    memcpy(out + used, e->values[i], l);
    used += l;
  }
  if (!fits || (e->count < 32 && (bits >> e->count))) {
    fprintf(stderr, "db: the set %#x of %s does not fit\n", bits, e->name);
    p->failed = true;
    dbp_str(p, NULL);
    return;
  }
  out[used++] = '}';
  out[used++] = '\0';
  p->sets_used += used;
  dbp_str(p, out);
}

void dbp_int_or_null(db_params *p, int64_t v, bool set) {
  if (set)
    dbp_int(p, v);
  else
    dbp_str(p, NULL);
}

void dbp_bool(db_params *p, bool v) { dbp_str(p, v ? "t" : "f"); }

bool db_bigint_array(char *out, size_t len, const int64_t *ids, size_t n) {
  size_t used = 0;
  if (len < 3) return false;
  out[used++] = '{';
  for (size_t i = 0; i < n; i++) {
    int k = snprintf(out + used, len - used, "%s%" PRId64, i ? "," : "", ids[i]);
    if (k < 0 || (size_t)k >= len - used) return false;
    used += (size_t)k;
  }
  if (used + 2 > len) return false;
  out[used++] = '}';
  out[used] = '\0';
  return true;
}

/* Centre ids as a bigint[] literal into p->scope; false when it does not fit. */
static bool centers_literal(db_params *p, const int64_t *ids, size_t n) {
  if (db_bigint_array(p->scope, sizeof p->scope, ids, n)) return true;
  p->failed = true;
  return false;
}

bool dbp_centers(db_params *p, const principal *pr) {
  if (!centers_literal(p, pr->centers, pr->ncenters)) return false;
  dbp_str(p, p->scope);
  return true;
}

void dbp_center_set(db_params *p, const center_set *set) {
  if (set->all)
    dbp_str(p, NULL);
  else if (centers_literal(p, set->ids, set->n))
    dbp_str(p, p->scope);
}

bool dbp_scope(db_params *p, const principal *pr) {
  if (!centers_literal(p, pr->centers, pr->ncenters)) return false;
  dbp_bool(p, pr->all_centers);
  dbp_str(p, p->scope);
  return true;
}

bool dbp_viewer(db_params *p, const principal *pr) {
  if (!dbp_scope(p, pr)) return false;
  dbp_int(p, pr->role == ROLE_LAWYER ? pr->user_id : 0);
  return true;
}

static db_status classify(PGconn *c, const PGresult *r) {
  if (!c || PQstatus(c) != CONNECTION_OK) return DB_UNAVAILABLE;
  const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
  if (!state) return DB_UNAVAILABLE;
  if (strcmp(state, "23505") == 0 || strcmp(state, "23P01") == 0) return DB_CONFLICT;
  if (strcmp(state, "23514") == 0 || strcmp(state, "23503") == 0 ||
      strcmp(state, "23502") == 0 || strcmp(state, "22P02") == 0 ||
      strcmp(state, "22003") == 0 || strcmp(state, "22007") == 0 ||
      strcmp(state, "22008") == 0)
    return DB_REFUSED;
  if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0) return DB_RETRY;
  if (strncmp(state, "08", 2) == 0 || strcmp(state, "57P01") == 0 ||
      strcmp(state, "57P02") == 0 || strcmp(state, "57P03") == 0)
    return DB_UNAVAILABLE;
  return DB_ERROR;
}

static void log_error(const char *what, const PGresult *r, PGconn *c) {
  const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
  const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  if (!msg) msg = c ? PQerrorMessage(c) : "no connection";
  fprintf(stderr, "db: %s failed: %s %s\n", what, state ? state : "-", msg);
}

static bool ensure_prepared(PGconn *c, db_stmt *st) {
  int id = atomic_load_explicit(&st->id, memory_order_acquire);
  if (id == 0) {
    int fresh = atomic_fetch_add(&g_next_stmt_id, 1) + 1;
    int expected = 0;
    if (atomic_compare_exchange_strong(&st->id, &expected, fresh))
      id = fresh;
    else
      id = expected;
  }
  if (id >= DB_MAX_STMTS) {
    fprintf(stderr, "db: too many statements\n");
    return false;
  }
  db_link *l = link_of(c);
  if (l && l->prepared[id]) return true;
  PGresult *r = PQprepare(c, st->name, st->sql, 0, NULL);
  bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
  if (!ok) log_error(st->name, r, c);
  PQclear(r);
  if (ok && l) l->prepared[id] = 1;
  return ok;
}

/* A parameter list that could not hold a value is never sent. */
static bool params_ok(const db_params *p, const char *what) {
  if (!p || !p->failed) return true;
  fprintf(stderr, "db: %s: a parameter did not fit; not run\n", what);
  return false;
}

/* The status of a prepared statement's result; on DB_OK hands it to *res (or clears it). */
static db_status exec_result(PGconn *c, const db_stmt *st, PGresult *r, PGresult **res) {
  ExecStatusType es = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (es == PGRES_TUPLES_OK || es == PGRES_COMMAND_OK) {
    if (res)
      *res = r;
    else
      PQclear(r);
    return DB_OK;
  }
  db_status s = classify(c, r);
  if (s == DB_ERROR || s == DB_UNAVAILABLE) log_error(st->name, r, c);
  PQclear(r);
  return s;
}

db_status db_exec(PGconn *c, db_stmt *st, const db_params *p, PGresult **res) {
  if (res) *res = NULL;
  if (!params_ok(p, st->name)) return DB_ERROR;
  if (!c) return DB_UNAVAILABLE;
  if (!ensure_prepared(c, st)) return PQstatus(c) == CONNECTION_OK ? DB_ERROR : DB_UNAVAILABLE;
  PGresult *r = PQexecPrepared(c, st->name, p ? p->n : 0, p ? p->v : NULL, NULL, NULL, 0);
  return exec_result(c, st, r, res);
}

db_status db_exec_bytes(PGconn *c, db_stmt *st, const db_params *p, int bin, const void *bytes,
                        size_t len, bool result_binary, PGresult **res) {
  if (res) *res = NULL;
  if (!params_ok(p, st->name)) return DB_ERROR;
  if (!c) return DB_UNAVAILABLE;
  if (!p || bin >= p->n || len > INT32_MAX) return DB_ERROR;
  if (!ensure_prepared(c, st)) return PQstatus(c) == CONNECTION_OK ? DB_ERROR : DB_UNAVAILABLE;
  const char *values[DB_MAX_PARAMS];
  int lengths[DB_MAX_PARAMS] = {0}, formats[DB_MAX_PARAMS] = {0};
  memcpy(values, p->v, sizeof values);
  if (bin >= 0) {
    values[bin] = bytes;
    lengths[bin] = (int)len;
    formats[bin] = 1;
  }
  PGresult *r = PQexecPrepared(c, st->name, p->n, values, lengths, formats, result_binary ? 1 : 0);
  return exec_result(c, st, r, res);
}

db_status db_exec_dynamic(PGconn *c, const char *sql, const db_params *p, PGresult **res) {
  if (res) *res = NULL;
  if (!params_ok(p, "dynamic statement")) return DB_ERROR;
  if (!c) return DB_UNAVAILABLE;
  PGresult *r = PQexecParams(c, sql, p ? p->n : 0, NULL, p ? p->v : NULL, NULL, NULL, 0);
  ExecStatusType es = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (es == PGRES_TUPLES_OK || es == PGRES_COMMAND_OK) {
    if (res)
      *res = r;
    else
      PQclear(r);
    return DB_OK;
  }
  db_status s = classify(c, r);
  if (s == DB_ERROR || s == DB_UNAVAILABLE) log_error("dynamic statement", r, c);
  PQclear(r);
  return s;
}

/* Sends the n statements at once, a Sync after statement i when sync_after is NULL and i is the
 * last, or when sync_after[i]: each run up to a Sync is one transaction. */
static db_status pipeline_run(PGconn *c, int n, db_stmt *const stmts[],
                              const db_params *const params[], const bool *sync_after,
                              PGresult *results[]) {
  for (int i = 0; i < n; i++) results[i] = NULL;
  if (!c) return DB_UNAVAILABLE;
  for (int i = 0; i < n; i++) {
    if (!params_ok(params[i], stmts[i]->name)) return DB_ERROR;
    if (!ensure_prepared(c, stmts[i]))
      return PQstatus(c) == CONNECTION_OK ? DB_ERROR : DB_UNAVAILABLE;
  }
  if (!PQenterPipelineMode(c)) {
    log_error("pipeline", NULL, c);
    return DB_ERROR;
  }
  bool sent = true;
  for (int i = 0; i < n && sent; i++) {
    sent = PQsendQueryPrepared(c, stmts[i]->name, params[i] ? params[i]->n : 0,
                               params[i] ? params[i]->v : NULL, NULL, NULL, 0) == 1;
    if (sent && (sync_after ? sync_after[i] || i == n - 1 : i == n - 1))
      sent = PQpipelineSync(c) == 1;
  }
  db_status s = sent ? DB_OK : DB_UNAVAILABLE;
  /* Each statement's result, then NULL; after a statement followed by a Sync, the Sync's. */
  for (int i = 0; i < n && sent; i++) {
    PGresult *r = PQgetResult(c);
    ExecStatusType es = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (es == PGRES_TUPLES_OK || es == PGRES_COMMAND_OK) {
      results[i] = r;
    } else {
      if (s == DB_OK && es != PGRES_PIPELINE_ABORTED) {
        s = classify(c, r);
        if (s == DB_ERROR || s == DB_UNAVAILABLE) log_error(stmts[i]->name, r, c);
      }
      if (s == DB_OK) s = DB_ERROR;
      PQclear(r);
    }
    if (!r) break;
    while ((r = PQgetResult(c)) != NULL) PQclear(r);
    if (sync_after ? sync_after[i] || i == n - 1 : i == n - 1) {
      while ((r = PQgetResult(c)) != NULL) {
        ExecStatusType st = PQresultStatus(r);
        PQclear(r);
        if (st == PGRES_PIPELINE_SYNC) break;
      }
    }
  }
  if (!PQexitPipelineMode(c)) s = s == DB_OK ? DB_ERROR : s;
  if (s != DB_OK)
    for (int i = 0; i < n; i++) {
      PQclear(results[i]);
      results[i] = NULL;
    }
  return s;
}

db_status db_pipeline(PGconn *c, int n, db_stmt *const stmts[], const db_params *const params[],
                      PGresult *results[]) {
  return pipeline_run(c, n, stmts, params, NULL, results);
}

db_status db_pipeline_steps(PGconn *c, int n, db_stmt *const stmts[],
                            const db_params *const params[], const bool sync_after[],
                            PGresult *results[]) {
  return pipeline_run(c, n, stmts, params, sync_after, results);
}

db_status db_exec_text(PGconn *c, db_stmt *st, const db_params *p, char **out, size_t *len) {
  *out = NULL;
  if (len) *len = 0;
  PGresult *r;
  db_status s = db_exec(c, st, p, &r);
  if (s != DB_OK) return s;
  if (PQntuples(r) == 0 || PQgetisnull(r, 0, 0)) {
    PQclear(r);
    return DB_NOT_FOUND;
  }
  size_t n = (size_t)PQgetlength(r, 0, 0);
  char *buf = malloc(n + 1);
  if (!buf) {
    PQclear(r);
    return DB_ERROR;
  }
  memcpy(buf, PQgetvalue(r, 0, 0), n);
  buf[n] = '\0';
  PQclear(r);
  *out = buf;
  if (len) *len = n;
  return DB_OK;
}

/* The JSON of a result's first row (db_row_json), or DB_NOT_FOUND when it has none; clears r. */
static db_status first_row_json(db_status s, PGresult *r, char **out) {
  *out = NULL;
  if (s != DB_OK) return s;
  if (PQntuples(r) == 0)
    s = DB_NOT_FOUND;
  else if (!(*out = db_row_json_dup(r, 0)))
    s = DB_ERROR;
  PQclear(r);
  return s;
}

db_status db_exec_json(PGconn *c, db_stmt *st, const db_params *p, char **out) {
  PGresult *r = NULL;
  db_status s = db_exec(c, st, p, &r);
  return first_row_json(s, r, out);
}

db_status db_query(db_stmt *st, const db_params *p, PGresult **res) {
  for (int attempt = 0;; attempt++) {
    PGconn *c = db_conn();
    db_status s = db_exec(c, st, p, res);
    if (s != DB_UNAVAILABLE || !c || attempt > 0 || PQstatus(c) == CONNECTION_OK) return s;
    link_close(tl_main_p);
  }
}

static db_status one_row(db_status s, PGresult **res) {
  if (s == DB_OK && PQntuples(*res) != 1) {
    PQclear(*res);
    *res = NULL;
    return DB_NOT_FOUND;
  }
  return s;
}

db_status db_exec_row(PGconn *c, db_stmt *st, const db_params *p, PGresult **res) {
  return one_row(db_exec(c, st, p, res), res);
}

db_status db_query_row(db_stmt *st, const db_params *p, PGresult **res) {
  return one_row(db_query(st, p, res), res);
}

db_status db_query_text(db_stmt *st, const db_params *p, char **out, size_t *len) {
  for (int attempt = 0;; attempt++) {
    PGconn *c = db_conn();
    db_status s = db_exec_text(c, st, p, out, len);
    if (s != DB_UNAVAILABLE || !c || attempt > 0 || PQstatus(c) == CONNECTION_OK) return s;
    link_close(tl_main_p);
  }
}

static db_status query_dynamic(bool read, const char *sql, const db_params *p, PGresult **res) {
  *res = NULL;
  if (!params_ok(p, "dynamic query")) return DB_ERROR;
  for (int attempt = 0;; attempt++) {
    PGconn *c = read ? db_read_conn() : db_conn();
    if (!c) return DB_UNAVAILABLE;
    PGresult *r = PQexecParams(c, sql, p ? p->n : 0, NULL, p ? p->v : NULL, NULL, NULL, 0);
    ExecStatusType es = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (es == PGRES_TUPLES_OK || es == PGRES_COMMAND_OK) {
      *res = r;
      return DB_OK;
    }
    db_status s = classify(c, r);
    if (s == DB_UNAVAILABLE && attempt == 0 && PQstatus(c) != CONNECTION_OK) {
      PQclear(r);
      db_link *l = link_of(c);
      if (l) link_close(l);
      continue;
    }
    if (s == DB_ERROR || s == DB_UNAVAILABLE) log_error("dynamic query", r, c);
    PQclear(r);
    return s;
  }
}

db_status db_query_json(db_stmt *st, const db_params *p, char **out) {
  PGresult *r = NULL;
  db_status s = db_query(st, p, &r); /* retried once on a broken link */
  return first_row_json(s, r, out);
}

db_status db_query_dynamic(const char *sql, const db_params *p, PGresult **res) {
  return query_dynamic(false, sql, p, res);
}

/* The shapes of db_query_shaped: each distinct text once per process, a prepared statement of
 * its own (named shape_N), prepared on each connection at its first use there. Never removed
 * before db_close_all: the texts are made of fixed fragments, so there are few of them; past
 * DB_MAX_SHAPES a new text is sent unprepared. */
#define DB_MAX_SHAPES 128

typedef struct {
  uint64_t hash;
  char *sql;
  char name[24];
  db_stmt st;
} db_shape;

static db_shape g_shapes[DB_MAX_SHAPES];
static int g_nshapes;
static pthread_mutex_t g_shapes_lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t text_hash(const char *s) {
  uint64_t h = 1469598103934665603ull; /* FNV-1a */
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

/* The shape of this text, registered on first sight; NULL when the table is full. */
static db_stmt *shape_of(const char *sql) {
  uint64_t h = text_hash(sql);
  db_stmt *st = NULL;
  pthread_mutex_lock(&g_shapes_lock);
  for (int i = 0; i < g_nshapes && !st; i++)
    if (g_shapes[i].hash == h && strcmp(g_shapes[i].sql, sql) == 0) st = &g_shapes[i].st;
  if (!st && g_nshapes < DB_MAX_SHAPES) {
    db_shape *d = &g_shapes[g_nshapes];
    d->sql = strdup(sql);
    if (d->sql) {
      d->hash = h;
      snprintf(d->name, sizeof d->name, "shape_%d", g_nshapes);
      d->st.name = d->name;
      d->st.sql = d->sql;
      atomic_store(&d->st.id, 0);
      g_nshapes++;
      st = &d->st;
    }
  }
  pthread_mutex_unlock(&g_shapes_lock);
  return st;
}

static void shapes_free(void) {
  pthread_mutex_lock(&g_shapes_lock);
  for (int i = 0; i < g_nshapes; i++) free(g_shapes[i].sql);
  memset(g_shapes, 0, sizeof g_shapes);
  g_nshapes = 0;
  pthread_mutex_unlock(&g_shapes_lock);
}

db_status db_query_shaped(const char *sql, const db_params *p, PGresult **res) {
  db_stmt *st = shape_of(sql);
  if (!st) return query_dynamic(false, sql, p, res);
  return db_query(st, p, res);
}

db_status db_query_dynamic_read(const char *sql, const db_params *p, PGresult **res) {
  return query_dynamic(true, sql, p, res);
}

/* Runs a list's text: on c when inside a transaction, else on this thread's connection;
 * shaped: prepared once per text. */
static db_status list_run(PGconn *c, const char *sql, const db_params *p, bool shaped,
                          PGresult **r) {
  if (!c) return shaped ? db_query_shaped(sql, p, r) : db_query_dynamic(sql, p, r);
  if (!shaped) return db_exec_dynamic(c, sql, p, r);
  db_stmt *st = shape_of(sql);
  return st ? db_exec(c, st, p, r) : db_exec_dynamic(c, sql, p, r);
}

/* db_list_page: on this thread's connection (retried once when it broke, as db_query). The
 * items are joined as text, not aggregated as json: each item's JSON is PostgreSQL's own output
 * already, and json_agg of a text column would parse it again (5 us per case,
 * tests/bench/RESULTS.md). The keys after the items are one small object built by
 * json_build_object, its '{' dropped. */
db_status db_list_page(const sql_text *page, const db_params *p, int limit, const char *more,
                       bool shaped, char **json) {
  *json = NULL;
  sql_text outer = {0};
  sql_addf(&outer,
           "SELECT '{\"items\" : [' || COALESCE(string_agg(v.json::text, ', ' ORDER BY v.id DESC),"
           " '') || '], ' || right(json_build_object(%s 'next_cursor',"
           " CASE WHEN count(*) = $%d THEN min(v.id)::text END)::text, -1) FROM (%s) v",
           more, limit, page->s ? page->s : "");
  PGresult *r;
  db_status s = page->failed || outer.failed ? DB_ERROR : list_run(NULL, outer.s, p, shaped, &r);
  sql_free(&outer);
  if (s != DB_OK) return s;
  *json = strdup(PQgetvalue(r, 0, 0));
  PQclear(r);
  return *json ? DB_OK : DB_ERROR;
}



/* The page as db_list_page writes it: {"items" : [a, b], "next_cursor" : "id" or null}. */
db_status db_list_page_rows(PGconn *c, const sql_text *page, const db_params *p, int limit,
                            bool shaped, char **json) {
  *json = NULL;
  PGresult *r;
  db_status s = page->failed || !page->s ? DB_ERROR : list_run(c, page->s, p, shaped, &r);
  if (s != DB_OK) return s;
  sql_text out = {0};
  int n = PQntuples(r);
  sql_add(&out, "{\"items\" : [");
  bool ok = true;
  for (int row = 0; row < n && ok; row++) {
    if (row) sql_addn(&out, ", ", 2);
    ok = db_row_json(r, row, &out);
  }
  sql_add(&out, "], \"next_cursor\" : ");
  if (n > 0 && n == limit) {
    const char *last = PQgetvalue(r, n - 1, 0);
    db_json_string(&out, last, strlen(last));
  } else {
    sql_add(&out, "null");
  }
  sql_add(&out, "}");
  PQclear(r);
  if (!ok || out.failed) {
    sql_free(&out);
    return DB_ERROR;
  }
  *json = out.s;
  return DB_OK;
}

db_status db_exec_sql(PGconn *c, const char *sql) {
  if (!c) return DB_UNAVAILABLE;
  PGresult *r = PQexec(c, sql);
  ExecStatusType es = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (es == PGRES_COMMAND_OK || es == PGRES_TUPLES_OK) {
    PQclear(r);
    return DB_OK;
  }
  db_status s = classify(c, r);
  if (s != DB_RETRY) log_error("sql", r, c);
  PQclear(r);
  return s;
}

static db_status tx_run(const char *begin, db_tx_fn fn, void *arg) {
  for (int attempt = 0; attempt < 6; attempt++) {
    PGconn *c = db_conn();
    if (!c) return DB_UNAVAILABLE;
    db_status s = db_exec_sql(c, begin);
    if (s == DB_UNAVAILABLE && attempt == 0) {
      /* A connection that broke while idle (PostgreSQL restarted): reopen once. Nothing of
       * this transaction ran yet, so trying again is safe. */
      link_close(tl_main_p);
      continue;
    }
    if (s != DB_OK) return s;
    s = fn(c, arg);
    if (s == DB_OK) {
      s = db_exec_sql(c, "COMMIT");
      if (s == DB_OK) return DB_OK;
      if (s != DB_RETRY) return s;
    } else if (PQstatus(c) == CONNECTION_OK) {
      PGresult *r = PQexec(c, "ROLLBACK");
      PQclear(r);
    }
    if (s != DB_RETRY) return s;
  }
  return DB_RETRY;
}

db_status db_tx(db_tx_fn fn, void *arg) { return tx_run("BEGIN", fn, arg); }

db_status db_tx_snapshot(db_tx_fn fn, void *arg) {
  return tx_run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;"
                " SET LOCAL max_parallel_workers_per_gather = 0",
                fn, arg);
}

bool db_ping(void) {
  for (int attempt = 0; attempt < 2; attempt++) {
    PGconn *c = db_conn();
    if (!c) return false;
    PGresult *r = PQexec(c, "SELECT 1");
    bool ok = r && PQresultStatus(r) == PGRES_TUPLES_OK;
    PQclear(r);
    if (ok) return true;
    link_close(tl_main_p);
  }
  return false;
}

int64_t db_int(const PGresult *r, int row, int col) {
  return PQgetisnull(r, row, col) ? 0 : strtoll(PQgetvalue(r, row, col), NULL, 10);
}

bool db_bool(const PGresult *r, int row, int col) {
  return !PQgetisnull(r, row, col) && PQgetvalue(r, row, col)[0] == 't';
}

const char *db_text(const PGresult *r, int row, int col) {
  return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

/* ---- rows by column name ---- */

static int row_col(db_row *w, const char *col) {
  int k = PQfnumber(w->r, col);
  if (k < 0) {
    fprintf(stderr, "db: %s: no column %s\n", w->what, col);
    w->failed = true;
  }
  return k;
}

bool row_null(db_row *w, const char *col) {
  int k = row_col(w, col);
  return k < 0 || PQgetisnull(w->r, w->row, k);
}

int64_t row_int(db_row *w, const char *col) {
  int k = row_col(w, col);
  return k < 0 ? 0 : db_int(w->r, w->row, k);
}

bool row_bool(db_row *w, const char *col) {
  int k = row_col(w, col);
  return k >= 0 && db_bool(w->r, w->row, k);
}

const char *row_text(db_row *w, const char *col) {
  int k = row_col(w, col);
  return k < 0 ? NULL : db_text(w->r, w->row, k);
}

bool row_date(db_row *w, const char *col, day_t *out) {
  const char *v = row_text(w, col);
  if (!v) return false;
  if (date_parse(v, strlen(v), out)) return true;
  fprintf(stderr, "db: %s: %s is no date: %s\n", w->what, col, v);
  w->failed = true;
  return false;
}

int row_enum(db_row *w, const char *col, const la_enum *e) {
  const char *v = row_text(w, col);
  if (!v) return -1;
  int k = enum_find(e, v, strlen(v));
  if (k < 0) {
    fprintf(stderr, "db: %s: %s '%s' is no %s this build knows\n", w->what, col, v, e->name);
    w->failed = true;
  }
  return k;
}

unsigned row_set(db_row *w, const char *col, const la_enum *e) {
  /* "{a,b}" from a text[] column: the names are plain identifiers, never quoted. */
  const char *p = row_text(w, col);
  unsigned bits = 0;
  while (p && *p) {
    while (*p == '{' || *p == ',' || *p == '}') p++;
    const char *start = p;
    while (*p && *p != ',' && *p != '}') p++;
    if (p == start) continue;
    int k = enum_find(e, start, (size_t)(p - start));
    if (k < 0) {
      fprintf(stderr, "db: %s: %s holds '%.*s', no %s this build knows\n", w->what, col,
              (int)(p - start), start, e->name);
      w->failed = true;
      continue;
    }
    bits |= 1u << k;
  }
  return bits;
}

void row_copy(db_row *w, const char *col, char *dst, size_t n) {
  const char *v = row_text(w, col);
  size_t l = v ? strlen(v) : 0;
  if (l >= n) {
    fprintf(stderr, "db: %s: %s is %zu bytes, more than the %zu it may have\n", w->what, col, l,
            n - 1);
    w->failed = true;
    l = 0;
  }
  memcpy(dst, v ? v : "", l);
  dst[l] = '\0';
}

/* ---- SQL text ---- */

/* Room in t for n more bytes and a terminating NUL; false (t failed) when it cannot grow. */
static bool sql_room(sql_text *t, size_t n) {
  if (t->failed) return false;
  if (t->s && t->len + n < t->cap) return true;
  size_t cap = t->cap ? t->cap : 1024;
  while (cap <= t->len + n) cap *= 2;
  char *grown = realloc(t->s, cap);
  if (!grown) {
    t->failed = true;
    return false;
  }
  t->s = grown;
  t->cap = cap;
  return true;
}

void sql_addf(sql_text *t, const char *fmt, ...) {
  if (t->failed) return;
  for (;;) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->s ? t->s + t->len : NULL, t->s ? t->cap - t->len : 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
      t->failed = true;
      return;
    }
    if (t->s && t->len + (size_t)n < t->cap) {
      t->len += (size_t)n;
      return;
    }
    if (!sql_room(t, (size_t)n)) return;
  }
}

void sql_add(sql_text *t, const char *fragment) { sql_addf(t, "%s", fragment); }

void sql_addn(sql_text *t, const char *s, size_t n) {
  if (!sql_room(t, n)) return;
  memcpy(t->s + t->len, s, n);
  t->len += n;
  t->s[t->len] = '\0';
}

void sql_free(sql_text *t) {
  free(t->s);
  memset(t, 0, sizeof *t);
}
