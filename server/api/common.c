#include "common.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "http/query.h"
#include "store/cases.h"
#include "store/users.h"

api_settings api_config = {
    .session_lifetime_s = 12 * 3600,
    .session_idle_s = 2 * 3600,
    .cookie_secure = false,
    .static_dir = NULL,
};

int64_t api_now(void) { return (int64_t)time(NULL); }

int64_t api_body_center(const principal *p, bool given, int64_t center, json_t *errors) {
  if (!given) center = p->center_id;
  if (!center && !json_object_get(errors, "center_id"))
    json_object_set_new(errors, "center_id", json_string("required"));
  return center;
}

void api_not_in_future(json_t *errors, const char *field, bool set, int64_t epoch_s) {
  if (set && epoch_s > api_now() + 600)
    json_object_set_new(errors, field, json_string("must not be in the future"));
}

bool api_body_refused(http_reply *rep, json_t *errors, const principal *p, int64_t center,
                      const char *forbidden) {
  if (json_object_size(errors) > 0) {
    http_reply_error(rep, ERR_VALIDATION, NULL, errors);
    return true;
  }
  json_decref(errors);
  if (!principal_sees_center(p, center)) {
    http_reply_error(rep, ERR_FORBIDDEN, forbidden, NULL);
    return true;
  }
  return false;
}

const principal *api_principal(const http_request *req) { return req->app; }

void api_request_done(http_request *req) {
  free(req->app);
  req->app = NULL;
}

static bool unsafe_method(const char *m) {
  return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0 && strcmp(m, "OPTIONS") != 0;
}

/* Who calls, and whether they may call the route: true when its handler is to run (req->app
 * then holds the principal of a route that is not public); false when refused, answered. */
static bool authorize(const http_route *route, http_request *req, http_reply *rep) {
  if (route->tag & ROUTE_PUBLIC) return true;
  principal *p = malloc(sizeof *p);
  if (!p) {
    http_reply_error(rep, ERR_INTERNAL, NULL, NULL);
    return false;
  }
  db_status s = auth_principal(req, p);
  if (s != DB_OK) {
    free(p);
    if (s == DB_NOT_FOUND)
      http_reply_error(rep, ERR_UNAUTHORIZED, NULL, NULL);
    else
      api_reply_db(rep, s);
    return false;
  }
  req->app = p;
  if (!(route->tag & ROLE_BIT(p->role))) {
    char detail[160];
    snprintf(detail, sizeof detail, "%s %s", req->method, route->pattern);
    fprintf(stderr, "security denied user=%lld role=%s %s\n", (long long)p->user_id,
            enum_name(&ENUM_ROLE, (int)p->role), detail);
    store_security_event("denied", p->username, p->user_id, req->client_ip, detail);
    http_reply_error(rep, ERR_FORBIDDEN, NULL, NULL);
    return false;
  }
  if (p->password_change_required && !(route->tag & ROUTE_PASSWORD_CHANGE)) {
    http_reply_error(rep, ERR_PASSWORD_CHANGE_REQUIRED, NULL, NULL);
    return false;
  }
  if (p->via_cookie && unsafe_method(req->method)) {
    const char *t = http_header(req, "X-CSRF-Token");
    size_t want = strlen(p->csrf_token);
    if (!t || strlen(t) != want || sodium_memcmp(t, p->csrf_token, want) != 0) {
      http_reply_error(rep, ERR_FORBIDDEN, "缺少或错误的 CSRF 令牌", NULL);
      return false;
    }
  }
  return true;
}

void api_dispatch(const http_route *route, http_request *req, http_reply *rep) {
  if (authorize(route, req, rep)) route->handler(req, rep);
}

/* Each request authorised as if alone (its own principal, its own refusal); those that may go
 * on are answered together by the route's batch handler. */
void api_dispatch_batch(const http_route *route, http_request **reqs, http_reply **reps, int n) {
  http_request *ok_reqs[HTTP_BATCH_MAX];
  http_reply *ok_reps[HTTP_BATCH_MAX];
  int m = 0;
  for (int i = 0; i < n && i < HTTP_BATCH_MAX; i++) {
    if (!authorize(route, reqs[i], reps[i])) continue;
    ok_reqs[m] = reqs[i];
    ok_reps[m] = reps[i];
    m++;
  }
  if (m == 1)
    route->handler(ok_reqs[0], ok_reps[0]);
  else if (m > 1)
    route->batch(ok_reqs, ok_reps, m);
}

void api_reply_db(http_reply *rep, db_status s) {
  switch (s) {
    case DB_NOT_FOUND:
      http_reply_error(rep, ERR_NOT_FOUND, NULL, NULL);
      break;
    case DB_CONFLICT:
      http_reply_error(rep, ERR_CONFLICT, "与已有记录冲突", NULL);
      break;
    case DB_STALE:
      http_reply_error(rep, ERR_CONFLICT, "数据已被他人修改，请刷新后重试", NULL);
      break;
    case DB_REFUSED:
      http_reply_error(rep, ERR_VALIDATION, "引用的记录不存在或取值不被允许", NULL);
      break;
    case DB_UNAVAILABLE:
    case DB_RETRY:
      http_reply_error(rep, ERR_UNAVAILABLE, NULL, NULL);
      break;
    default:
      http_reply_error(rep, ERR_INTERNAL, NULL, NULL);
      break;
  }
}

void api_reply_json_text(http_reply *rep, unsigned status, char *json) {
  http_reply_body(rep, status, json, strlen(json), NULL);
}

bool api_idem_key(const http_request *req, http_reply *rep, const char *scope, idem_req *k) {
  memset(k, 0, sizeof *k);
  k->scope = scope;
  k->status = 201;
  k->key = http_header(req, "Idempotency-Key");
  if (!k->key) return true;
  size_t n = strlen(k->key);
  if (n == 0 || n > 128) {
    http_reply_field_error(rep, ERR_VALIDATION, "Idempotency-Key", "1 to 128 characters");
    return false;
  }
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, (const unsigned char *)(req->body ? req->body : ""), req->body_len);
  sodium_bin2hex(k->request_hash, sizeof k->request_hash, h, sizeof h);
  return true;
}

void api_reply_created(http_reply *rep, idem_outcome idem, int replay_status, char *json) {
  if (idem == IDEM_MISMATCH) {
    free(json);
    http_reply_field_error(rep, ERR_VALIDATION, "Idempotency-Key",
                           "already used with a different request body");
    return;
  }
  if (idem == IDEM_REPLAY) http_reply_header(rep, "Idempotent-Replayed", "true");
  api_reply_json_text(rep, idem == IDEM_REPLAY ? (unsigned)replay_status : 201, json);
}

bool api_path_id(const http_request *req, int i, int64_t *out, http_reply *rep) {
  int64_t v;
  if (i < req->nparams && query_parse_int64(req->params[i], &v) && v > 0) {
    *out = v;
    return true;
  }
  http_reply_error(rep, ERR_NOT_FOUND, NULL, NULL);
  return false;
}

bool api_query_int(const http_request *req, const char *name, int64_t min, int64_t max,
                   int64_t *out, bool *set, http_reply *rep) {
  const char *v = http_query(req, name);
  if (set) *set = false;
  if (!v) return true;
  int64_t x;
  if (!query_parse_int64(v, &x)) {
    http_reply_field_error(rep, ERR_VALIDATION, name, "not a valid number");
    return false;
  }
  if (x < min || x > max) {
    char why[80];
    if (max == INT64_MAX)
      snprintf(why, sizeof why, "must be at least %lld", (long long)min);
    else
      snprintf(why, sizeof why, "must be between %lld and %lld", (long long)min, (long long)max);
    http_reply_field_error(rep, ERR_VALIDATION, name, why);
    return false;
  }
  *out = x;
  if (set) *set = true;
  return true;
}

bool api_query_bool(const http_request *req, const char *name, bool *out, http_reply *rep) {
  const char *v = http_query(req, name);
  if (!v) return true;
  if (!query_parse_bool(v, out)) {
    http_reply_field_error(rep, ERR_VALIDATION, name, "must be true or false");
    return false;
  }
  return true;
}

bool api_query_enum(const http_request *req, const char *name, const la_enum *e, int *out,
                    http_reply *rep) {
  const char *v = http_query(req, name);
  if (!v || !*v) return true;
  int k = enum_find(e, v, strlen(v));
  if (k < 0) {
    http_reply_field_error(rep, ERR_VALIDATION, name, "not an allowed value");
    return false;
  }
  *out = k;
  return true;
}

bool api_query_date(const http_request *req, const char *name, day_t *out, bool *set,
                    http_reply *rep) {
  const char *v = http_query(req, name);
  *set = false;
  if (!v || !*v) return true;
  if (!date_parse(v, strlen(v), out)) {
    http_reply_field_error(rep, ERR_VALIDATION, name, "must be a date YYYY-MM-DD");
    return false;
  }
  *set = true;
  return true;
}

bool api_query_page(const http_request *req, int *limit, int64_t *cursor, http_reply *rep) {
  int64_t l = 50, c = 0;
  if (!api_query_int(req, "limit", 1, 500, &l, NULL, rep)) return false;
  if (!api_query_int(req, "cursor", 1, INT64_MAX, &c, NULL, rep)) return false;
  *limit = (int)l;
  *cursor = c;
  return true;
}

bool api_query_only(const http_request *req, const char *const *allowed, http_reply *rep) {
  const char *unknown = NULL;
  if (http_query_unknown(req, allowed, &unknown)) {
    http_reply_field_error(rep, ERR_VALIDATION, unknown ? unknown : "query",
                           "unknown query parameter");
    return false;
  }
  return true;
}

bool api_may_set_jurisdiction(const http_request *req, http_reply *rep, const char *code) {
  const principal *p = api_principal(req);
  if (principal_may_set_jurisdiction(p, code)) return true;
  char detail[160];
  snprintf(detail, sizeof detail, "%s %s", req->method, req->path);
  fprintf(stderr, "security denied user=%lld jurisdiction %s\n", (long long)p->user_id, code);
  store_security_event("denied", p->username, p->user_id, req->client_ip, detail);
  http_reply_error(rep, ERR_FORBIDDEN, "只能修改本中心所在地区及其下级地区的设置", NULL);
  return false;
}

bool api_pii_search(const http_request *req, http_reply *rep, const char *purpose,
                    const char *term) {
  const principal *p = api_principal(req);
  if (p->role != ROLE_CLERK && p->role != ROLE_REVIEWER && p->role != ROLE_ADMIN) {
    char detail[160];
    snprintf(detail, sizeof detail, "%s %s (%s)", req->method, req->path, purpose);
    fprintf(stderr, "security denied user=%lld %s\n", (long long)p->user_id, purpose);
    store_security_event("denied", p->username, p->user_id, req->client_ip, detail);
    http_reply_error(rep, ERR_FORBIDDEN, "按身份证号或电话查找仅限能看到完整号码的岗位", NULL);
    return false;
  }
  /* Masked as lists show it: 4301**********123X, 138****5678. */
  char masked[64];
  size_t n = strlen(term);
  if (n >= sizeof masked) n = sizeof masked - 1;
  size_t head = n == 18 ? 4 : 3, tail = 4;
  for (size_t i = 0; i < n; i++) masked[i] = i < head || i + tail >= n ? term[i] : '*';
  masked[n] = '\0';
  db_status s = store_pii_search(p->user_id, purpose, masked, req->client_ip);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return false;
  }
  return true;
}
