/* libmicrohttpd glue: body accumulation and limits, routing, replies, access log, graceful
 * stop. One http_ctx per request lives in *req_cls and is freed in the completion callback. */
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <signal.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "router.h"

/* Requests are handled by worker threads, not by libmicrohttpd's polling threads: a request
 * whose body has arrived is suspended and queued; a worker runs it (its handler may block on
 * PostgreSQL) and resumes the connection, whose polling thread then sends the reply. The
 * polling threads never block, requests are served first come first served, and each class
 * of routes (http_route.queue: statistics, sign-in) has its own queue and workers so that
 * heavy work of one kind never holds up case reads.
 *
 * Slow clients: libmicrohttpd's timeout counts only inactivity, so a client sending a byte
 * every few seconds would hold its connection for ever. Each connection therefore carries a
 * deadline (its header, then its body, must arrive in time); a watchdog thread shuts down the
 * socket of a connection past it, and libmicrohttpd then closes it. libmicrohttpd (0.9.75,
 * daemon.c) calls the closed-notification before it closes the descriptor, and the watchdog
 * only touches descriptors still listed under the same lock, so it never hits a reused one. */
typedef struct http_ctx http_ctx;

typedef struct {
  http_ctx **items;
  size_t cap, head, len;
  pthread_mutex_t lock;
  pthread_cond_t ready;
  bool stopping;
  pthread_t *threads;
  unsigned nthreads;
  struct http_server *srv;
} work_queue;

/* One per connection (libmicrohttpd's socket context), listed for the watchdog. */
typedef struct conn_rec {
  int fd;
  _Atomic uint64_t deadline_us; /* 0: none (a request is being handled or answered) */
  bool shut;                    /* under the list lock */
  struct conn_rec *prev, *next;
} conn_rec;

struct http_server {
  struct MHD_Daemon *d;
  http_config cfg;
  atomic_uint inflight;
  work_queue queues[HTTP_QUEUES_MAX];
  pthread_mutex_t conns_lock;
  conn_rec *conns;
  pthread_t watchdog;
  bool watchdog_started;
  atomic_bool stopping;
};

struct http_ctx {
  http_request req;
  http_reply rep;
  http_server *srv;
  char *body;
  size_t body_len, body_cap;
  char *scratch; /* path parameter copies */
  const http_route *route_hint; /* the route the method and path match (NULL: none) */
  unsigned route_flags; /* its flags (0: none) */
  bool too_large;
  bool bad_media;
  bool started;
  bool replied;
  atomic_bool handled; /* a worker has filled rep: send it */
  bool queued;
  unsigned char batch_n; /* answered with batch_n - 1 others by one batch handler (0: alone) */
};

static const char security_csp[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

uint64_t http_now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

const char *http_header(const http_request *req, const char *name) {
  return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *http_cookie(const http_request *req, const char *name) {
  return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

const char *http_query(const http_request *req, const char *name) {
  return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

typedef struct {
  const char *const *allowed;
  const char *unknown;
} unknown_scan;

static enum MHD_Result scan_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *value) {
  (void)kind;
  (void)value;
  unknown_scan *u = cls;
  for (const char *const *a = u->allowed; *a; a++)
    if (strcmp(*a, key) == 0) return MHD_YES;
  u->unknown = key;
  return MHD_NO;
}

bool http_query_unknown(const http_request *req, const char *const *allowed, const char **unknown) {
  unknown_scan u = {allowed, NULL};
  MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, scan_arg, &u);
  if (u.unknown && unknown) *unknown = u.unknown;
  return u.unknown != NULL;
}

/* Builds and queues the libmicrohttpd response from ctx->rep. */
static enum MHD_Result queue_reply(struct MHD_Connection *conn, http_ctx *ctx) {
  http_reply *rep = &ctx->rep;
  if (rep->status == 0) http_reply_error(rep, ERR_INTERNAL, NULL, NULL);
  struct MHD_Response *r;
  if (rep->body) {
    r = MHD_create_response_from_buffer(rep->body_len, rep->body, MHD_RESPMEM_MUST_FREE);
    if (r) rep->body = NULL; /* now MHD's */
  } else {
    r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
  }
  if (!r) return MHD_NO;
  MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
                          rep->content_type ? rep->content_type
                                            : "application/json; charset=utf-8");
  MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
  MHD_add_response_header(r, "X-Frame-Options", "DENY");
  MHD_add_response_header(r, "Content-Security-Policy", security_csp);
  if (!rep->cacheable) MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
  for (int i = 0; i < rep->nheaders; i++)
    MHD_add_response_header(r, rep->headers[i].name, rep->headers[i].value);
  enum MHD_Result ret = MHD_queue_response(conn, rep->status, r);
  MHD_destroy_response(r);
  ctx->replied = true;
  return ret;
}

static bool media_is_json(const char *ct) {
  if (!ct) return false;
  while (*ct == ' ') ct++;
  static const char json[] = "application/json";
  if (strncasecmp(ct, json, sizeof json - 1) != 0) return false;
  const char *rest = ct + sizeof json - 1;
  while (*rest == ' ') rest++;
  return *rest == '\0' || *rest == ';';
}

static void client_ip(struct MHD_Connection *conn, char *out, size_t len) {
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  out[0] = '\0';
  if (!ci || !ci->client_addr) return;
  const struct sockaddr *sa = ci->client_addr;
  if (sa->sa_family == AF_INET)
    inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
              (socklen_t)len);
  else if (sa->sa_family == AF_INET6)
    inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
              (socklen_t)len);
}

/* Everything before the route's own work: the route with the request's path parameters, or
 * NULL when the request was answered here (too large, no such route, wrong media type). */
static const http_route *prepare(http_ctx *ctx) {
  http_server *s = ctx->srv;
  http_request *req = &ctx->req;
  http_reply *rep = &ctx->rep;
  if (ctx->too_large) {
    http_reply_error(rep, ERR_PAYLOAD_TOO_LARGE, NULL, NULL);
    return NULL;
  }
  char allow[64];
  const http_route *route = NULL;
  size_t plen = strlen(req->path);
  ctx->scratch = malloc(plen + 1);
  if (!ctx->scratch) {
    http_reply_error(rep, ERR_INTERNAL, NULL, NULL);
    return NULL;
  }
  route_result rr = http_route_match(s->cfg.routes, s->cfg.nroutes, req->method, req->path,
                                     ctx->scratch, req->params, &req->nparams, &route, allow,
                                     sizeof allow);
  if (rr == ROUTE_NOT_FOUND) {
    if (s->cfg.fallback && s->cfg.fallback(req, rep)) return NULL;
    http_reply_error(rep, ERR_NOT_FOUND, NULL, NULL);
    return NULL;
  }
  if (rr == ROUTE_METHOD_NOT_ALLOWED) {
    http_reply_error(rep, ERR_METHOD_NOT_ALLOWED, NULL, NULL);
    http_reply_header(rep, MHD_HTTP_HEADER_ALLOW, allow);
    return NULL;
  }
  if (ctx->bad_media) {
    http_reply_error(rep, ERR_UNSUPPORTED_MEDIA_TYPE, NULL, NULL);
    return NULL;
  }
  req->route = route;
  req->body = ctx->body;
  req->body_len = ctx->body_len;
  return route;
}

static void dispatch(http_ctx *ctx, const http_route *route) {
  http_server *s = ctx->srv;
  if (s->cfg.dispatch)
    s->cfg.dispatch(route, &ctx->req, &ctx->rep);
  else
    route->handler(&ctx->req, &ctx->rep);
}

static void handle(http_ctx *ctx) {
  const http_route *route = prepare(ctx);
  if (route) dispatch(ctx, route);
}

/* Requests of one route with a batch handler, taken from the queue together (n >= 2): each
 * prepared alone, then those still going answered by one call of the batch dispatch. */
static void handle_batch(http_ctx **batch, int n) {
  http_server *s = batch[0]->srv;
  const http_route *route = batch[0]->route_hint;
  http_request *reqs[HTTP_BATCH_MAX];
  http_reply *reps[HTTP_BATCH_MAX];
  http_ctx *going[HTTP_BATCH_MAX];
  int m = 0;
  for (int i = 0; i < n; i++) {
    if (!prepare(batch[i])) continue; /* answered: its route is the hint's, matched again */
    going[m] = batch[i];
    reqs[m] = &batch[i]->req;
    reps[m] = &batch[i]->rep;
    m++;
  }
  if (m == 1) {
    dispatch(going[0], route);
  } else if (m > 1) {
    s->cfg.dispatch_batch(route, reqs, reps, m);
    for (int i = 0; i < m; i++) going[i]->batch_n = (unsigned char)m;
  }
}

/* The route a method and path match (without side effects), or NULL: looked up once, when the
 * headers have arrived, to choose the body's limit, media check, deadline, worker queue and
 * whether the request may be answered with others (http_route.batch). */
static const http_route *match_route(const http_server *s, const char *method, const char *path) {
  char allow[8];
  const http_route *route = NULL;
  const char *params[HTTP_MAX_PATH_PARAMS];
  int nparams = 0;
  char *scratch = malloc(strlen(path) + 1);
  if (!scratch) return NULL;
  if (http_route_match(s->cfg.routes, s->cfg.nroutes, method, path, scratch, params, &nparams,
                       &route, allow, sizeof allow) != ROUTE_FOUND)
    route = NULL;
  free(scratch);
  return route;
}

static bool raw_body(const http_ctx *ctx) { return ctx->route_flags & HTTP_ROUTE_RAW_BODY; }

static size_t body_limit(const http_server *s, const http_ctx *ctx) {
  return raw_body(ctx) && s->cfg.max_raw_body ? s->cfg.max_raw_body : s->cfg.max_body;
}

/* The queue of the request's route class (matched without side effects): its own when that
 * class has workers, else the default one. */
static work_queue *route_queue(http_server *s, http_ctx *ctx) {
  const http_route *route = ctx->route_hint;
  unsigned k = 0;
  if (route && route->queue < HTTP_QUEUES_MAX && s->queues[route->queue].nthreads > 0)
    k = route->queue;
  return &s->queues[k];
}

/* ---- per-connection deadlines ---- */

static conn_rec *conn_of(struct MHD_Connection *conn) {
  const union MHD_ConnectionInfo *ci =
      MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  return ci ? ci->socket_context : NULL;
}

static void set_deadline(struct MHD_Connection *conn, unsigned seconds) {
  conn_rec *r = conn_of(conn);
  if (r) atomic_store(&r->deadline_us, seconds ? http_now_us() + (uint64_t)seconds * 1000000u : 0);
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe) {
  http_server *s = cls;
  if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    conn_rec *r = calloc(1, sizeof *r);
    if (!r || !ci) {
      free(r);
      return;
    }
    r->fd = ci->connect_fd;
    atomic_init(&r->deadline_us, s->cfg.header_timeout_s
                                     ? http_now_us() + (uint64_t)s->cfg.header_timeout_s * 1000000u
                                     : 0);
    pthread_mutex_lock(&s->conns_lock);
    r->next = s->conns;
    if (s->conns) s->conns->prev = r;
    s->conns = r;
    pthread_mutex_unlock(&s->conns_lock);
    *socket_context = r;
    return;
  }
  /* MHD_CONNECTION_NOTIFY_CLOSED: before libmicrohttpd closes the descriptor. */
  conn_rec *r = *socket_context;
  if (!r) return;
  pthread_mutex_lock(&s->conns_lock);
  if (r->prev)
    r->prev->next = r->next;
  else
    s->conns = r->next;
  if (r->next) r->next->prev = r->prev;
  pthread_mutex_unlock(&s->conns_lock);
  *socket_context = NULL;
  free(r);
}

static void *watchdog(void *arg) {
  http_server *s = arg;
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, NULL);
  while (!atomic_load(&s->stopping)) {
    struct timespec ts = {0, 200 * 1000 * 1000};
    nanosleep(&ts, NULL);
    uint64_t now = http_now_us();
    unsigned shut = 0;
    pthread_mutex_lock(&s->conns_lock);
    for (conn_rec *r = s->conns; r; r = r->next) {
      uint64_t d = atomic_load(&r->deadline_us);
      if (d && d < now && !r->shut) {
        shutdown(r->fd, SHUT_RDWR); /* libmicrohttpd sees the end and closes it */
        r->shut = true;
        shut++;
      }
    }
    pthread_mutex_unlock(&s->conns_lock);
    if (shut) fprintf(stderr, "http: closed %u connection(s) past their request deadline\n", shut);
  }
  return NULL;
}

/* Request smuggling: a request whose length is ambiguous (Content-Length given twice, or with
 * Transfer-Encoding) is answered 400 and its connection closed: libmicrohttpd 0.9.75 would
 * take one reading and run the rest of the bytes as another request. */
typedef struct {
  int content_length;
  int transfer_encoding;
} length_headers;

static enum MHD_Result count_length_headers(void *cls, enum MHD_ValueKind kind, const char *key,
                                            const char *value) {
  (void)kind;
  (void)value;
  length_headers *h = cls;
  if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) h->content_length++;
  if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) h->transfer_encoding++;
  return MHD_YES;
}

static bool ambiguous_length(struct MHD_Connection *conn) {
  length_headers h = {0, 0};
  MHD_get_connection_values(conn, MHD_HEADER_KIND, count_length_headers, &h);
  if (h.content_length > 1 || h.transfer_encoding > 1) return true;
  if (h.content_length && h.transfer_encoding) return true;
  const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
  if (cl && (!*cl || strspn(cl, "0123456789") != strlen(cl))) return true; /* "5, 60", "+5" */
  const char *te = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                               MHD_HTTP_HEADER_TRANSFER_ENCODING);
  return te && strcasecmp(te, "chunked") != 0;
}

#define QUEUE_MAX 65536

static bool enqueue(work_queue *q, http_ctx *ctx) {
  pthread_mutex_lock(&q->lock);
  if (q->len == q->cap) {
    size_t cap = q->cap ? q->cap * 2 : 256;
    http_ctx **items = cap <= QUEUE_MAX ? malloc(cap * sizeof *items) : NULL;
    if (!items) {
      pthread_mutex_unlock(&q->lock);
      return false;
    }
    for (size_t i = 0; i < q->len; i++) items[i] = q->items[(q->head + i) % q->cap];
    free(q->items);
    q->items = items;
    q->cap = cap;
    q->head = 0;
  }
  q->items[(q->head + q->len) % q->cap] = ctx;
  q->len++;
  pthread_cond_signal(&q->ready);
  pthread_mutex_unlock(&q->lock);
  return true;
}

/* Under q->lock: takes from the queue up to max more requests of route among the first
 * BATCH_SCAN waiting, the others keeping their order; how many it took. */
#define BATCH_SCAN 64

static int take_same_route(work_queue *q, const http_route *route, http_ctx **out, int max) {
  size_t w = q->len < BATCH_SCAN ? q->len : BATCH_SCAN;
  bool taken_at[BATCH_SCAN] = {false};
  int taken = 0;
  for (size_t i = 0; i < w && taken < max; i++) {
    http_ctx *c = q->items[(q->head + i) % q->cap];
    if (c->route_hint == route) {
      out[taken++] = c;
      taken_at[i] = true;
    }
  }
  /* The window's others moved to its end, in order; the head then skips the gap. */
  size_t dst = w;
  for (size_t i = w; i-- > 0;)
    if (!taken_at[i]) q->items[(q->head + --dst) % q->cap] = q->items[(q->head + i) % q->cap];
  q->head = (q->head + (size_t)taken) % q->cap;
  q->len -= (size_t)taken;
  return taken;
}

static void *worker(void *arg) {
  work_queue *q = arg;
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, NULL);
  http_server *s = NULL;
  for (;;) {
    pthread_mutex_lock(&q->lock);
    while (q->len == 0 && !q->stopping) pthread_cond_wait(&q->ready, &q->lock);
    if (q->len == 0 && q->stopping) {
      pthread_mutex_unlock(&q->lock);
      break;
    }
    http_ctx *batch[HTTP_BATCH_MAX];
    batch[0] = q->items[q->head];
    q->head = (q->head + 1) % q->cap;
    q->len--;
    s = batch[0]->srv;
    int n = 1;
    const http_route *route = batch[0]->route_hint;
    /* Its share of those waiting, so that the other workers have theirs to run meanwhile. */
    size_t share = q->len / q->nthreads;
    if (route && route->batch && s->cfg.dispatch_batch && share > 0)
      n += take_same_route(q, route, batch + 1,
                           share < HTTP_BATCH_MAX - 1 ? (int)share : HTTP_BATCH_MAX - 1);
    pthread_mutex_unlock(&q->lock);
    if (n == 1)
      handle(batch[0]);
    else
      handle_batch(batch, n);
    if (s->cfg.after_handle) s->cfg.after_handle();
    for (int i = 0; i < n; i++) {
      struct MHD_Connection *conn = batch[i]->req.conn;
      atomic_store(&batch[i]->handled, true);
      MHD_resume_connection(conn);
    }
  }
  (void)s;
  if (q->srv->cfg.worker_exit) q->srv->cfg.worker_exit();
  return NULL;
}

static bool start_workers(http_server *s, work_queue *q, unsigned n) {
  q->srv = s;
  pthread_mutex_init(&q->lock, NULL);
  pthread_cond_init(&q->ready, NULL);
  if (n == 0) return true;
  q->threads = calloc(n, sizeof *q->threads);
  if (!q->threads) return false;
  for (unsigned i = 0; i < n; i++) {
    if (pthread_create(&q->threads[i], NULL, worker, q) != 0) return false;
    q->nthreads++;
  }
  return true;
}

static void stop_workers(work_queue *q) {
  pthread_mutex_lock(&q->lock);
  q->stopping = true;
  pthread_cond_broadcast(&q->ready);
  pthread_mutex_unlock(&q->lock);
  for (unsigned i = 0; i < q->nthreads; i++) pthread_join(q->threads[i], NULL);
  free(q->threads);
  free(q->items);
  pthread_mutex_destroy(&q->lock);
  pthread_cond_destroy(&q->ready);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **req_cls) {
  (void)version;
  http_server *s = cls;
  http_ctx *ctx = *req_cls;
  if (!ctx) {
    ctx = calloc(1, sizeof *ctx);
    if (!ctx) return MHD_NO;
    *req_cls = ctx;
    ctx->srv = s;
    ctx->req.method = method;
    ctx->req.path = url;
    ctx->req.conn = conn;
    ctx->req.started_us = http_now_us();
    client_ip(conn, ctx->req.client_ip, sizeof ctx->req.client_ip);
    /* Behind a reverse proxy on this machine (deploy/nginx), the client is the one it names. */
    if (s->cfg.trust_proxy && (strcmp(ctx->req.client_ip, "127.0.0.1") == 0 ||
                               strcmp(ctx->req.client_ip, "::1") == 0)) {
      const char *real = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Real-IP");
      if (real && strlen(real) < sizeof ctx->req.client_ip &&
          strspn(real, "0123456789abcdefABCDEF.:") == strlen(real))
        snprintf(ctx->req.client_ip, sizeof ctx->req.client_ip, "%s", real);
    }
    atomic_fetch_add(&s->inflight, 1);
    ctx->started = true;
    if (ambiguous_length(conn)) {
      http_reply_error(&ctx->rep, ERR_AMBIGUOUS_LENGTH, NULL, NULL);
      http_reply_header(&ctx->rep, MHD_HTTP_HEADER_CONNECTION, "close");
      return queue_reply(conn, ctx);
    }
    ctx->route_hint = match_route(s, method, url);
    ctx->route_flags = ctx->route_hint ? ctx->route_hint->flags : 0;
    size_t limit = body_limit(s, ctx);
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_CONTENT_LENGTH);
    const char *te = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_TRANSFER_ENCODING);
    bool has_body = (cl && strcmp(cl, "0") != 0) || te;
    if (cl) {
      char *end;
      errno = 0;
      unsigned long long n = strtoull(cl, &end, 10);
      if (errno || *end || n > limit) {
        /* A client that asked first (Expect: 100-continue) sends nothing more: refused at once,
         * and the connection closes after. One already sending would see the connection reset
         * under its feet and might never read the answer: its body is read and thrown away
         * (up to twice the limit, within the body's deadline), then it is answered 413. */
        const char *expect = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                         MHD_HTTP_HEADER_EXPECT);
        if (errno || *end || expect || n / 2 > limit) {
          http_reply_error(&ctx->rep, ERR_PAYLOAD_TOO_LARGE, NULL, NULL);
          return queue_reply(conn, ctx);
        }
        ctx->too_large = true;
      }
    }
    if (has_body && !raw_body(ctx)) {
      const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                   MHD_HTTP_HEADER_CONTENT_TYPE);
      if (!media_is_json(ct)) ctx->bad_media = true;
    }
    /* A file of known length: its buffer at once, rather than doubling up to 20 MiB. */
    if (cl && raw_body(ctx) && !ctx->too_large) {
      size_t n = (size_t)strtoull(cl, NULL, 10);
      if (n > 0) {
        ctx->body = malloc(n + 1);
        if (!ctx->body) return MHD_NO;
        ctx->body_cap = n + 1;
      }
    }
    /* The header is in: now the body has its own deadline (a file's, from a phone, a longer
     * one); a request without one has none while it is handled. */
    unsigned body_s = raw_body(ctx) && s->cfg.raw_body_timeout_s ? s->cfg.raw_body_timeout_s
                                                                 : s->cfg.body_timeout_s;
    set_deadline(conn, has_body ? body_s : 0);
    return MHD_YES;
  }
  if (ctx->replied) {
    *upload_data_size = 0; /* discard whatever still comes */
    return MHD_YES;
  }
  if (*upload_data_size > 0) {
    size_t n = *upload_data_size;
    *upload_data_size = 0;
    if (ctx->too_large || ctx->bad_media) return MHD_YES;
    if (ctx->body_len + n > body_limit(s, ctx)) {
      ctx->too_large = true;
      free(ctx->body);
      ctx->body = NULL;
      ctx->body_len = ctx->body_cap = 0;
      return MHD_YES;
    }
    if (ctx->body_len + n + 1 > ctx->body_cap) {
      size_t cap = ctx->body_cap ? ctx->body_cap : 1024;
      while (cap < ctx->body_len + n + 1) cap *= 2;
      char *nb = realloc(ctx->body, cap);
      if (!nb) return MHD_NO;
      ctx->body = nb;
      ctx->body_cap = cap;
    }
    memcpy(ctx->body + ctx->body_len, upload_data, n);
    ctx->body_len += n;
    ctx->body[ctx->body_len] = '\0';
    return MHD_YES;
  }
  if (atomic_load(&ctx->handled)) return queue_reply(conn, ctx);
  if (ctx->queued) return MHD_YES; /* resumed early: nothing to send yet */
  set_deadline(conn, 0); /* the whole request is in */
  if (s->queues[0].nthreads == 0) { /* no workers: handle inline */
    handle(ctx);
    return queue_reply(conn, ctx);
  }
  ctx->queued = true;
  MHD_suspend_connection(conn);
  work_queue *q = route_queue(s, ctx);
  if (!enqueue(q, ctx)) {
    MHD_resume_connection(conn);
    http_reply_error(&ctx->rep, ERR_BUSY, NULL, NULL);
    atomic_store(&ctx->handled, true);
  }
  return MHD_YES;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode toe) {
  http_server *s = cls;
  /* Kept alive, the connection's next request has the header deadline again. */
  set_deadline(conn, s->cfg.header_timeout_s);
  http_ctx *ctx = *req_cls;
  if (!ctx) return;
  *req_cls = NULL;
  if (s->cfg.access_log) {
    uint64_t us = http_now_us() - ctx->req.started_us;
    char line[600];
    /* The path only: never the query string, which may carry a name or an ID number. */
    char batch[16] = "";
    if (ctx->batch_n > 1) snprintf(batch, sizeof batch, " batch=%u", ctx->batch_n);
    int n = snprintf(line, sizeof line, "access %s %.400s %u %llu%s%s\n", ctx->req.method,
                     ctx->req.path, ctx->replied ? ctx->rep.status : 0u,
                     (unsigned long long)us, batch,
                     toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
    if (n > 0) {
      ssize_t w = write(STDERR_FILENO, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
      (void)w;
    }
  }
  if (s->cfg.request_done) s->cfg.request_done(&ctx->req);
  free(ctx->rep.body);
  for (int i = 0; i < ctx->rep.nheaders; i++) free(ctx->rep.headers[i].value);
  free(ctx->body);
  free(ctx->scratch);
  if (ctx->started) atomic_fetch_sub(&s->inflight, 1);
  free(ctx);
}

static void mhd_log(void *cls, const char *fmt, va_list ap) {
  (void)cls;
  char buf[512];
  vsnprintf(buf, sizeof buf, fmt, ap);
  fprintf(stderr, "mhd: %s%s", buf, buf[0] && buf[strlen(buf) - 1] == '\n' ? "" : "\n");
}

http_server *http_start(const http_config *cfg) {
  http_server *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->cfg = *cfg;
  http_set_error_words(cfg->error_words);
  atomic_init(&s->inflight, 0);
  atomic_init(&s->stopping, false);
  pthread_mutex_init(&s->conns_lock, NULL);
  bool ok = true;
  for (int k = 0; k < HTTP_QUEUES_MAX; k++)
    ok = start_workers(s, &s->queues[k], k == 0 || cfg->workers[0] ? cfg->workers[k] : 0) && ok;
  if (!ok) {
    fprintf(stderr, "http: cannot start worker threads\n");
    for (int k = 0; k < HTTP_QUEUES_MAX; k++) stop_workers(&s->queues[k]);
    free(s);
    return NULL;
  }
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons(cfg->port);
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  if (cfg->bind_address && inet_pton(AF_INET, cfg->bind_address, &addr.sin_addr) != 1) {
    fprintf(stderr, "http: bad bind address %s\n", cfg->bind_address);
    for (int k = 0; k < HTTP_QUEUES_MAX; k++) stop_workers(&s->queues[k]);
    free(s);
    return NULL;
  }
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
                   MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
  s->d = MHD_start_daemon(
      flags, cfg->port, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
      MHD_OPTION_SOCK_ADDR,
      (const struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE, cfg->threads,
      MHD_OPTION_CONNECTION_LIMIT, cfg->connection_limit, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
      cfg->per_ip_limit, MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_s,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024, MHD_OPTION_LISTEN_BACKLOG_SIZE,
      1024u, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_NOTIFY_CONNECTION,
      on_connection, s, MHD_OPTION_END);
  if (!s->d) {
    fprintf(stderr, "http: cannot listen on port %u\n", cfg->port);
    for (int k = 0; k < HTTP_QUEUES_MAX; k++) stop_workers(&s->queues[k]);
    free(s);
    return NULL;
  }
  if ((cfg->header_timeout_s || cfg->body_timeout_s) &&
      pthread_create(&s->watchdog, NULL, watchdog, s) == 0)
    s->watchdog_started = true;
  return s;
}

unsigned http_port(const http_server *s) {
  const union MHD_DaemonInfo *i = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
  return i ? i->port : 0;
}

void http_stop(http_server *s, unsigned grace_ms) {
  if (!s) return;
  MHD_socket fd = MHD_quiesce_daemon(s->d);
  if (fd != MHD_INVALID_SOCKET) close(fd);
  uint64_t until = http_now_us() + (uint64_t)grace_ms * 1000u;
  while (atomic_load(&s->inflight) > 0 && http_now_us() < until) {
    struct timespec ts = {0, 10 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  atomic_store(&s->stopping, true);
  if (s->watchdog_started) pthread_join(s->watchdog, NULL);
  MHD_stop_daemon(s->d);
  for (int k = 0; k < HTTP_QUEUES_MAX; k++) stop_workers(&s->queues[k]);
  pthread_mutex_destroy(&s->conns_lock);
  free(s);
}
