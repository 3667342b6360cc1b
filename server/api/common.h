/* What every handler shares: the route tags, authentication and authorisation (the dispatch
 * hook the router calls), and the mapping of store results to replies. */
#ifndef LA_API_COMMON_H
#define LA_API_COMMON_H
#include <stdbool.h>
#include <stdint.h>

#include "domain/intake.h"
#include "domain/principal.h"
#include "http/http.h"
#include "store/db.h"
#include "store/idem.h"

/* A route's tag: the roles allowed (ROLE_BIT) in the low byte, flags above. */
#define ROUTE_PUBLIC (1u << 8) /* no sign-in needed */
/* Open to a user whose password was reset and not yet changed (GET /me, PUT /me/password);
 * every other route answers it 403 password_change_required. */
#define ROUTE_PASSWORD_CHANGE (1u << 9)

/* The worker classes (http_route.queue): each its own queue and threads (main.c). */
/* API_QUEUE_READ: case reads, one worker per core: on few cores they answer more reads with a
 * shorter tail on as few threads as there are cores, while writes that wait for their commit
 * keep the default class's two per core (tests/bench/RESULTS.md, "The read's tail and the number
 * of workers"). */
enum { API_QUEUE_DEFAULT = 0, API_QUEUE_STATS = 1, API_QUEUE_AUTH = 2, API_QUEUE_READ = 3 };

typedef struct {
  int session_lifetime_s; /* absolute */
  int session_idle_s;
  bool cookie_secure;
  const char *static_dir;
} api_settings;

extern api_settings api_config;

/* The route table (routes.c). */
extern const http_route api_routes[];
extern const size_t api_nroutes;

/* The router's dispatch hook: authenticates (Bearer token or session cookie), checks the
 * route's roles (403) and, for cookie-authenticated unsafe methods, the X-CSRF-Token header;
 * then calls the handler with req->app pointing to the principal. */
void api_dispatch(const http_route *route, http_request *req, http_reply *rep);
/* The same for requests of a route with a batch handler taken together: each authorised alone,
 * those that may go on answered by route->batch (or the handler, when one is left). */
void api_dispatch_batch(const http_route *route, http_request **reqs, http_reply **reps, int n);
/* Frees what api_dispatch attached to the request. */
void api_request_done(http_request *req);

/* The signed-in principal of a request (NULL on public routes). */
const principal *api_principal(const http_request *req);

/* Replies for a store status that is not DB_OK: 404, 409, 422, 503 or 500. */
void api_reply_db(http_reply *rep, db_status s);
/* Sends JSON text built by PostgreSQL; takes ownership of json. */
void api_reply_json_text(http_reply *rep, unsigned status, char *json);
/* Reads the Idempotency-Key header of a create into *k (scope names the route; the body's
 * SHA-256 tells a retry from a reuse of the key; a fresh answer is 201). False, with 422
 * sent, when it is malformed. */
bool api_idem_key(const http_request *req, http_reply *rep, const char *scope, idem_req *k);
/* Answers a create guarded by a key: 201 with the new resource, or the first answer again
 * (its status, marked Idempotent-Replayed), or 422 when the key came with another body.
 * Takes json. */
void api_reply_created(http_reply *rep, idem_outcome idem, int replay_status, char *json);

/* Path parameter i as a positive id; false (with a 404 reply) otherwise. */
bool api_path_id(const http_request *req, int i, int64_t *out, http_reply *rep);
/* Query parameters: each false (with a 422 reply naming the parameter) when malformed;
 * absent leaves *out unchanged and *set false when given. */
bool api_query_int(const http_request *req, const char *name, int64_t min, int64_t max,
                   int64_t *out, bool *set, http_reply *rep);
bool api_query_bool(const http_request *req, const char *name, bool *out, http_reply *rep);
bool api_query_enum(const http_request *req, const char *name, const la_enum *e, int *out,
                    http_reply *rep);
bool api_query_date(const http_request *req, const char *name, day_t *out, bool *set,
                    http_reply *rep);
/* limit (1..500, default 50) and cursor (an id; absent = 0). */
bool api_query_page(const http_request *req, int *limit, int64_t *cursor, http_reply *rep);
/* Refuses (422) query parameters outside the NULL-terminated list. */
bool api_query_only(const http_request *req, const char *const *allowed, http_reply *rep);

/* A search by resident ID or phone (API.md 1.1): only for the roles that see them in full
 * (clerk, reviewer, admin; else false with 403 sent), and recorded in pii_reads with the term
 * masked (false with 503 sent when it cannot be). purpose: "search_id_number", ... */
bool api_pii_search(const http_request *req, http_reply *rep, const char *purpose,
                    const char *term);

/* Jurisdiction-wide settings (API.md 1.1): false, with 403 sent and the denial recorded, when
 * the principal may not write those of `code`. */
bool api_may_set_jurisdiction(const http_request *req, http_reply *rep, const char *code);

/* Today in Asia/Shanghai and the current instant. */
int64_t api_now(void);

/* A record a body makes for a centre (a 12348 call, a consultation, a 12345 work order):
 * api_body_center gives the body's center_id, else the caller's own centre, and adds "required"
 * to errors when there is neither; api_not_in_future adds "must not be in the future" for a time
 * more than 10 minutes ahead (clocks drift); api_body_refused, once every field is checked,
 * replies 422 with errors when there are any, else 403 (forbidden: its message, NULL for the
 * default) when the caller may not write for that centre, and says whether it replied. It takes
 * errors. */
int64_t api_body_center(const principal *p, bool given, int64_t center, json_t *errors);
void api_not_in_future(json_t *errors, const char *field, bool set, int64_t epoch_s);
bool api_body_refused(http_reply *rep, json_t *errors, const principal *p, int64_t center,
                      const char *forbidden);

#endif
