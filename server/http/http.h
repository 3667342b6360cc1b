/* Generic HTTP glue over libmicrohttpd: requests, replies, routing, static files.
 * Knows nothing of legal aid. */
#ifndef LA_HTTP_HTTP_H
#define LA_HTTP_HTTP_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_MAX_PATH_PARAMS 4
#define HTTP_MAX_EXTRA_HEADERS 8

/* The one error vocabulary of the service: each error's HTTP status and code live in one
 * table (reply.c); its words (the message a person reads) are the application's, given in
 * http_config.error_words. */
typedef enum {
  ERR_NONE = 0,
  ERR_BAD_JSON,               /* 400 bad_json */
  ERR_BAD_REQUEST,            /* 400 bad_request: a malformed query string or header */
  ERR_UNAUTHORIZED,           /* 401 */
  ERR_FORBIDDEN,              /* 403 */
  ERR_NOT_FOUND,              /* 404 */
  ERR_METHOD_NOT_ALLOWED,     /* 405 */
  ERR_CONFLICT,               /* 409 */
  ERR_PAYLOAD_TOO_LARGE,      /* 413 */
  ERR_UNSUPPORTED_MEDIA_TYPE, /* 415 */
  ERR_VALIDATION,             /* 422 validation_failed */
  ERR_TOO_MANY_REQUESTS,      /* 429 */
  ERR_PASSWORD_CHANGE_REQUIRED, /* 403 password_change_required */
  ERR_INTERNAL,               /* 500 */
  ERR_UNAVAILABLE,            /* 503 */
  ERR_BUSY,                   /* 503 unavailable: every worker's queue is full */
  ERR_AMBIGUOUS_LENGTH,       /* 400 bad_request: Content-Length twice, or with Transfer-Encoding */
  ERR__COUNT
} http_err;

/* One reply, filled by a handler; the http layer turns it into a libmicrohttpd response.
 * body is owned by the reply (malloc'd) and freed by the http layer. */
typedef struct {
  unsigned status;
  char *body;
  size_t body_len;
  const char *content_type; /* static string; default application/json; charset=utf-8 */
  struct {
    const char *name; /* static */
    char *value;      /* owned */
  } headers[HTTP_MAX_EXTRA_HEADERS];
  int nheaders;
  bool cacheable; /* false (default): Cache-Control: no-store */
} http_reply;

struct MHD_Connection;
typedef struct http_route http_route;

typedef struct {
  const char *method;
  const char *path; /* decoded path, without the query string */
  struct MHD_Connection *conn;
  const char *body; /* NUL-terminated copy of the request body; NULL when there is none */
  size_t body_len;
  const char *params[HTTP_MAX_PATH_PARAMS]; /* {name} captures of the route, in order */
  int nparams;
  const http_route *route;
  char client_ip[48];
  uint64_t started_us;
  void *app; /* the application's per-request state (e.g. the signed-in user) */
} http_request;

typedef void (*http_handler)(http_request *req, http_reply *rep);
/* Answers n requests of one route at once (each its own reply), e.g. with one statement. */
typedef void (*http_batch_handler)(http_request **reqs, http_reply **reps, int n);

/* A route: method, pattern with {name} segments ("/api/v1/cases/{id}"), handler, an opaque
 * tag the application reads in its dispatch hook (roles allowed), and the class of workers
 * that runs it: each class has its own queue and threads (http_config.workers), so that one
 * kind of slow work (statistics, password hashing) never holds up the others. */
#define HTTP_QUEUES_MAX 4

struct http_route {
  const char *method;
  const char *pattern;
  http_handler handler;
  unsigned tag;
  const char *summary; /* for humans and the spec test */
  unsigned queue;      /* worker class, 0 .. HTTP_QUEUES_MAX - 1; 0 is the default */
  unsigned flags;      /* HTTP_ROUTE_RAW_BODY */
  /* Requests of this route that wait in a worker's queue together are answered together: the
   * worker that takes one also takes its share of the others waiting (those waiting divided
   * by the workers, at most HTTP_BATCH_MAX in all) and passes them to
   * http_config.dispatch_batch, which calls this. NULL: one at a time. A request never waits
   * for others to arrive: a batch is only what is already queued. */
  http_batch_handler batch;
};

#define HTTP_BATCH_MAX 16

/* The body is a file, not JSON: any Content-Type passes the http layer (the handler checks
 * it), the limit is max_raw_body instead of max_body, and the body's deadline
 * raw_body_timeout_s instead of body_timeout_s. */
#define HTTP_ROUTE_RAW_BODY 1u

/* Called for every matched route instead of the handler itself: lets the application
 * authenticate and authorise, then call route->handler. */
typedef void (*http_dispatch)(const http_route *route, http_request *req, http_reply *rep);
/* The same for requests of a route with a batch handler taken together (n >= 2). */
typedef void (*http_dispatch_batch)(const http_route *route, http_request **reqs,
                                    http_reply **reps, int n);

/* Run for requests matching no route, before 404 (static files). Return true if it replied. */
typedef bool (*http_fallback)(http_request *req, http_reply *rep);

typedef struct {
  const char *bind_address; /* NULL: all */
  uint16_t port;
  unsigned threads;          /* libmicrohttpd's polling threads */
  unsigned connection_limit; /* whole daemon */
  unsigned per_ip_limit;
  unsigned timeout_s; /* idle connection timeout (no byte moves) */
  /* Deadlines for receiving a whole request, however slowly its bytes trickle in: its header
   * within header_timeout_s of the connection's start (or of the previous reply on a kept-alive
   * connection), then its body within body_timeout_s. A connection past its deadline is shut
   * down. 0: no deadline. */
  unsigned header_timeout_s, body_timeout_s;
  unsigned raw_body_timeout_s; /* the same for HTTP_ROUTE_RAW_BODY routes (0: body_timeout_s) */
  size_t max_body;    /* bytes; larger bodies get 413 */
  size_t max_raw_body; /* the same for HTTP_ROUTE_RAW_BODY routes (0: max_body) */
  const http_route *routes;
  size_t nroutes;
  http_dispatch dispatch;
  http_dispatch_batch dispatch_batch; /* NULL: batch handlers are not used */
  http_fallback fallback;
  void (*request_done)(http_request *req); /* frees req->app; may be NULL */
  bool access_log;
  bool trust_proxy; /* take X-Real-IP from a loopback peer (a local reverse proxy) */
  /* Worker threads per route class (http_route.queue); workers[0] == 0 handles requests in
   * the polling threads; a class without workers uses class 0's. */
  unsigned workers[HTTP_QUEUES_MAX];
  void (*after_handle)(void); /* in the worker, after each request (release a transaction) */
  /* The message of each http_err (ERR__COUNT entries), in the users' language; an entry or the
   * whole table NULL: the error's code. Used by every error reply, the application's too. */
  const char *const *error_words;
  void (*worker_exit)(void);  /* in the worker, when it stops */
} http_config;

typedef struct http_server http_server;

/* Starts listening; NULL on failure (logged). */
http_server *http_start(const http_config *cfg);
/* Stops accepting, lets in-flight requests finish (up to grace_ms), then stops. */
void http_stop(http_server *s, unsigned grace_ms);
/* The port listened on: the configured one, or the kernel's choice when that was 0. */
unsigned http_port(const http_server *s);

/* ---- request helpers ---- */
/* A header's value or NULL. */
const char *http_header(const http_request *req, const char *name);
/* A cookie's value or NULL. */
const char *http_cookie(const http_request *req, const char *name);
/* A query argument (decoded) or NULL. */
const char *http_query(const http_request *req, const char *name);
/* True when the request carries a query argument not in the NULL-terminated `allowed`
 * list; sets *unknown to its name. */
bool http_query_unknown(const http_request *req, const char *const *allowed, const char **unknown);

/* ---- replies (reply.c) ---- */
/* Takes ownership of a malloc'd body. */
void http_reply_body(http_reply *rep, unsigned status, char *body, size_t len, const char *ctype);
/* Serialises and DECREFs (steals) json; compact UTF-8. */
void http_reply_json(http_reply *rep, unsigned status, json_t *json);
/* Copies a string (e.g. JSON text that PostgreSQL built). */
void http_reply_text(http_reply *rep, unsigned status, const char *text, size_t len,
                     const char *ctype);
/* The one error reply: {"error": {"code","message","reason"?,"fields"?}}. fields (may be
 * NULL) is stolen; message NULL uses the error's words (http_config.error_words). */
void http_reply_error(http_reply *rep, http_err err, const char *message, json_t *fields);
/* The same with `reason`: a stable key naming the rule that refused (NULL: none). */
void http_reply_refusal(http_reply *rep, http_err err, const char *message, const char *reason,
                        json_t *fields);
/* Shorthand for one field error. */
void http_reply_field_error(http_reply *rep, http_err err, const char *field, const char *why);
void http_reply_header(http_reply *rep, const char *name, const char *value);
/* Sets the words of the error replies (as http_config.error_words; http_start calls it). */
void http_set_error_words(const char *const *words);

/* Microseconds on a monotonic clock. */
uint64_t http_now_us(void);

#endif
