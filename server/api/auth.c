#include "auth.h"

#include <ctype.h>
#include <semaphore.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "domain/password.h"
#include "store/users.h"
#include "validate.h"

/* OWASP's argon2id minimum: 19 MiB, 2 passes (ARCHITECTURE.md). */
#define PWHASH_OPS 2
#define PWHASH_MEM ((size_t)19 * 1024 * 1024)

/* Sign-in throttling (API.md 1.1, issue 10): the (user, address) pair is locked for 15 minutes
 * after 5 failures in 15 minutes; the user alone, from any address, only has its attempts
 * spaced out after 5 failures (1, 2, 4 ... at most 60 s apart), so that nobody can lock the owner
 * out from another address. No limit per address alone: an office signs in from behind one. */
static const login_limits login_throttle = {
    .pair_limit = 5, .window_s = 15 * 60, .lock_s = 15 * 60, .soft_after = 5, .max_delay_s = 60};

static sem_t hash_slots;
static char dummy_hash[crypto_pwhash_STRBYTES];

int auth_init(void) {
  if (sodium_init() < 0) return -1;
  if (sem_init(&hash_slots, 0, 2) != 0) return -1;
  /* Unknown users are checked against this, so both answers take the same time. */
  char pw[33];
  randombytes_buf(pw, 16);
  sodium_bin2hex(pw, sizeof pw, (const unsigned char *)pw, 16);
  return auth_hash_password(pw, dummy_hash);
}

int auth_hash_password(const char *password, char *out) {
  sem_wait(&hash_slots);
  int rc = crypto_pwhash_str_alg(out, password, strlen(password), PWHASH_OPS, PWHASH_MEM,
                                 crypto_pwhash_ALG_ARGON2ID13);
  sem_post(&hash_slots);
  return rc;
}

static bool verify_password(const char *hash, const char *password) {
  sem_wait(&hash_slots);
  int rc = crypto_pwhash_str_verify(hash, password, strlen(password));
  sem_post(&hash_slots);
  return rc == 0;
}

static void token_hash(const char *token, unsigned char out[32]) {
  crypto_generichash(out, 32, (const unsigned char *)token, strlen(token), NULL, 0);
}

/* The token a request carries: Authorization: Bearer ..., else the session cookie. */
static const char *request_token(const http_request *req, bool *via_cookie) {
  *via_cookie = false;
  const char *h = http_header(req, "Authorization");
  if (h && strncasecmp(h, "Bearer ", 7) == 0) {
    h += 7;
    while (*h == ' ') h++;
    return *h ? h : NULL;
  }
  const char *c = http_cookie(req, "session");
  if (c && *c) {
    *via_cookie = true;
    return c;
  }
  return NULL;
}

db_status auth_principal(const http_request *req, principal *out) {
  bool via_cookie;
  const char *tok = request_token(req, &via_cookie);
  if (!tok || strlen(tok) > 128) return DB_NOT_FOUND;
  unsigned char h[32];
  token_hash(tok, h);
  db_status s = store_session_lookup(h, api_config.session_idle_s, out);
  if (s == DB_OK) out->via_cookie = via_cookie;
  return s;
}

static void new_secret(char *out, size_t outlen) {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  sodium_bin2base64(out, outlen, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(raw, sizeof raw);
}

static void set_cookie(http_reply *rep, const char *value, int max_age) {
  char cookie[256];
  snprintf(cookie, sizeof cookie, "session=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s",
           value, max_age, api_config.cookie_secure ? "; Secure" : "");
  http_reply_header(rep, "Set-Cookie", cookie);
}

typedef struct {
  jv_str username, password;
} login_body;

static const jv_field login_fields[] = {
    {"username", JV_STRING, offsetof(login_body, username), true, 1, 64, NULL, NULL, 0},
    {"password", JV_STRING, offsetof(login_body, password), true, 1, 256, NULL, NULL, 0},
};

void h_session_create(http_request *req, http_reply *rep) {
  json_t *root = jv_body(req, rep);
  if (!root) return;
  login_body b = {0};
  json_t *errors = json_object();
  if (!jv_parse(root, login_fields, JV_FIELD_COUNT(login_fields), &b, errors)) {
    json_decref(root);
    http_reply_error(rep, ERR_VALIDATION, NULL, errors);
    return;
  }
  json_decref(errors);
  char user_key[96], pair_key[160];
  snprintf(user_key, sizeof user_key, "user:%s", b.username.s);
  for (char *c = user_key; *c; c++) *c = (char)tolower((unsigned char)*c);
  snprintf(pair_key, sizeof pair_key, "pair:%s|%s", user_key + 5, req->client_ip);

  int wait_s = 0;
  db_status s = store_login_attempt(pair_key, user_key, &login_throttle, &wait_s);
  if (s != DB_OK) {
    json_decref(root);
    api_reply_db(rep, s);
    return;
  }
  if (wait_s > 0) {
    fprintf(stderr, "security login_throttled ip=%s wait=%d\n", req->client_ip, wait_s);
    store_security_event("login_throttled", b.username.s, 0, req->client_ip, NULL);
    json_decref(root);
    char msg[96], after[16];
    if (wait_s >= 120)
      snprintf(msg, sizeof msg, "登录失败次数过多，请 %d 分钟后再试", (wait_s + 59) / 60);
    else
      snprintf(msg, sizeof msg, "登录失败次数过多，请 %d 秒后再试", wait_s);
    snprintf(after, sizeof after, "%d", wait_s);
    http_reply_error(rep, ERR_TOO_MANY_REQUESTS, msg, NULL);
    http_reply_header(rep, "Retry-After", after);
    return;
  }

  user_secret sec;
  s = store_user_secret(b.username.s, &sec);
  if (s != DB_OK && s != DB_NOT_FOUND) {
    json_decref(root);
    api_reply_db(rep, s);
    return;
  }
  bool found = s == DB_OK;
  bool ok = verify_password(found ? sec.password_hash : dummy_hash, b.password.s) && found &&
            sec.active;
  if (!ok) {
    /* Already counted by store_login_attempt. */
    fprintf(stderr, "security login_failed ip=%s\n", req->client_ip);
    store_security_event("login_failed", b.username.s, found ? sec.id : 0, req->client_ip, NULL);
    json_decref(root);
    http_reply_error(rep, ERR_UNAUTHORIZED, "用户名或密码错误", NULL);
    return;
  }
  store_login_succeeded(pair_key, user_key);

  char token[64], csrf[48];
  new_secret(token, sizeof token);
  new_secret(csrf, sizeof csrf);
  unsigned char h[32];
  token_hash(token, h);
  char *user_json = NULL;
  s = store_session_create(h, sec.id, csrf, req->client_ip, api_config.session_lifetime_s,
                           &user_json);
  json_decref(root);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  fprintf(stderr, "security login user=%lld ip=%s\n", (long long)sec.id, req->client_ip);
  store_security_event("login", NULL, sec.id, req->client_ip, NULL);
  json_t *user = json_loads(user_json, 0, NULL);
  free(user_json);
  json_t *body = json_pack("{s:s, s:s, s:o, s:i}", "token", token, "csrf_token", csrf, "user",
                           user ? user : json_null(), "expires_in",
                           api_config.session_lifetime_s);
  set_cookie(rep, token, api_config.session_lifetime_s);
  sodium_memzero(token, sizeof token);
  http_reply_json(rep, 201, body);
}

void h_session_delete(http_request *req, http_reply *rep) {
  bool via_cookie;
  const char *tok = request_token(req, &via_cookie);
  if (tok && strlen(tok) <= 128) {
    unsigned char h[32];
    token_hash(tok, h);
    db_status s = store_session_delete(h);
    if (s != DB_OK) {
      api_reply_db(rep, s);
      return;
    }
  }
  set_cookie(rep, "", 0);
  http_reply_body(rep, 204, NULL, 0, NULL);
}

void h_me(http_request *req, http_reply *rep) {
  const principal *p = api_principal(req);
  char *json = NULL;
  db_status s = store_user_json(p->user_id, &json);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  json_t *me = json_loads(json, 0, NULL);
  free(json);
  if (!me) {
    http_reply_error(rep, ERR_INTERNAL, NULL, NULL);
    return;
  }
  json_t *centers = json_array();
  for (size_t i = 0; i < p->ncenters; i++) json_array_append_new(centers, json_integer(p->centers[i]));
  json_object_set_new(me, "visible_centers", p->all_centers ? json_null() : centers);
  if (p->all_centers) json_decref(centers);
  json_object_set_new(me, "all_centers", json_boolean(p->all_centers));
  json_object_set_new(me, "csrf_token", json_string(p->csrf_token));
  http_reply_json(rep, 200, me);
}

/* ---- passwords (API.md 1.1) ---- */

bool api_password_acceptable(http_reply *rep, const char *password, const char *username,
                             const char *field) {
  password_verdict v = password_check(password, username);
  if (v == PW_OK) {
    char forms[PASSWORD_FORMS][PASSWORD_MAX_BYTES + 1];
    int n = password_list_forms(password, forms);
    const char *ptrs[PASSWORD_FORMS];
    for (int i = 0; i < n; i++) ptrs[i] = forms[i];
    bool common = false;
    db_status s = n ? store_password_is_common(ptrs, n, &common) : DB_OK;
    if (s != DB_OK) {
      api_reply_db(rep, s);
      return false;
    }
    if (common) v = PW_COMMON;
  }
  if (v == PW_OK) return true;
  http_reply_field_error(rep, ERR_VALIDATION, field, password_reason(v));
  return false;
}

typedef struct {
  jv_str current, next;
} password_body;

static const jv_field password_fields[] = {
    {"current_password", JV_STRING, offsetof(password_body, current), true, 1, 256, NULL, NULL, 0},
    {"new_password", JV_STRING, offsetof(password_body, next), true, 1, 256, NULL, NULL, 0},
};

/* PUT /me/password: the current password, then the new one; the user's other sessions end. */
void h_me_password(http_request *req, http_reply *rep) {
  const principal *p = api_principal(req);
  json_t *root = jv_body(req, rep);
  if (!root) return;
  password_body b = {{0}, {0}};
  json_t *errors = json_object();
  if (!jv_parse(root, password_fields, JV_FIELD_COUNT(password_fields), &b, errors)) {
    json_decref(root);
    http_reply_error(rep, ERR_VALIDATION, NULL, errors);
    return;
  }
  json_decref(errors);
  user_secret sec;
  db_status s = store_user_secret_by_id(p->user_id, &sec);
  if (s != DB_OK) {
    json_decref(root);
    api_reply_db(rep, s);
    return;
  }
  if (!verify_password(sec.password_hash, b.current.s)) {
    json_decref(root);
    fprintf(stderr, "security password_change_refused user=%lld ip=%s\n", (long long)p->user_id,
            req->client_ip);
    store_security_event("password_change_refused", p->username, p->user_id, req->client_ip, NULL);
    http_reply_error(rep, ERR_FORBIDDEN, "当前密码不正确", NULL);
    return;
  }
  if (strcmp(b.current.s, b.next.s) == 0) {
    json_decref(root);
    http_reply_field_error(rep, ERR_VALIDATION, "new_password", "must differ from the current one");
    return;
  }
  if (!api_password_acceptable(rep, b.next.s, p->username, "new_password")) {
    json_decref(root);
    return;
  }
  char hash[crypto_pwhash_STRBYTES];
  int rc = auth_hash_password(b.next.s, hash);
  json_decref(root);
  if (rc != 0) {
    http_reply_error(rep, ERR_INTERNAL, NULL, NULL);
    return;
  }
  /* The session this request came with stays; every other one ends. */
  bool via_cookie;
  const char *tok = request_token(req, &via_cookie);
  unsigned char keep[32];
  token_hash(tok ? tok : "", keep);
  s = store_user_set_password(NULL, p->user_id, hash, false, keep, p->user_id);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  fprintf(stderr, "security password_changed user=%lld ip=%s\n", (long long)p->user_id, req->client_ip);
  http_reply_body(rep, 204, NULL, 0, NULL);
}

/* A temporary password: 18 random bytes, base64 (24 characters). */
void h_user_password_reset(http_request *req, http_reply *rep) {
  const principal *p = api_principal(req);
  int64_t id;
  if (!api_path_id(req, 0, &id, rep)) return;
  char temp[48];
  unsigned char raw[18];
  randombytes_buf(raw, sizeof raw);
  sodium_bin2base64(temp, sizeof temp, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(raw, sizeof raw);
  char hash[crypto_pwhash_STRBYTES];
  if (auth_hash_password(temp, hash) != 0) {
    http_reply_error(rep, ERR_INTERNAL, NULL, NULL);
    return;
  }
  db_status s = store_user_set_password(p, id, hash, true, NULL, p->user_id);
  if (s != DB_OK) {
    sodium_memzero(temp, sizeof temp);
    api_reply_db(rep, s);
    return;
  }
  fprintf(stderr, "security password_reset user=%lld by=%lld ip=%s\n", (long long)id,
          (long long)p->user_id, req->client_ip);
  http_reply_json(rep, 201, json_pack("{s:s}", "temporary_password", temp));
  sodium_memzero(temp, sizeof temp);
}
