/* The one JSON reply helper and the one error reply helper. */
#include <stdlib.h>
#include <string.h>

#include "http.h"

static const struct {
  unsigned status;
  const char *code;
} err_table[ERR__COUNT] = {
    [ERR_NONE] = {200, "ok"},
    [ERR_BAD_JSON] = {400, "bad_json"},
    [ERR_BAD_REQUEST] = {400, "bad_request"},
    [ERR_UNAUTHORIZED] = {401, "unauthorized"},
    [ERR_FORBIDDEN] = {403, "forbidden"},
    [ERR_NOT_FOUND] = {404, "not_found"},
    [ERR_METHOD_NOT_ALLOWED] = {405, "method_not_allowed"},
    [ERR_CONFLICT] = {409, "conflict"},
    [ERR_PAYLOAD_TOO_LARGE] = {413, "payload_too_large"},
    [ERR_UNSUPPORTED_MEDIA_TYPE] = {415, "unsupported_media_type"},
    [ERR_VALIDATION] = {422, "validation_failed"},
    [ERR_TOO_MANY_REQUESTS] = {429, "too_many_requests"},
    [ERR_PASSWORD_CHANGE_REQUIRED] = {403, "password_change_required"},
    [ERR_INTERNAL] = {500, "internal"},
    [ERR_UNAVAILABLE] = {503, "unavailable"},
    [ERR_BUSY] = {503, "unavailable"},
    [ERR_AMBIGUOUS_LENGTH] = {400, "bad_request"},
};

/* The application's words for each error (http_start sets them once, before any request). */
static const char *const *g_words;

void http_set_error_words(const char *const *words) { g_words = words; }

static void reply_reset_body(http_reply *rep) {
  free(rep->body);
  rep->body = NULL;
  rep->body_len = 0;
}

void http_reply_body(http_reply *rep, unsigned status, char *body, size_t len, const char *ctype) {
  reply_reset_body(rep);
  rep->status = status;
  rep->body = body;
  rep->body_len = len;
  rep->content_type = ctype;
}

void http_reply_text(http_reply *rep, unsigned status, const char *text, size_t len,
                     const char *ctype) {
  char *copy = malloc(len + 1);
  if (!copy) {
    http_reply_body(rep, 500, NULL, 0, NULL);
    return;
  }
  memcpy(copy, text, len);
  copy[len] = '\0';
  http_reply_body(rep, status, copy, len, ctype);
}

void http_reply_json(http_reply *rep, unsigned status, json_t *json) {
  /* 15 significant digits: a rate of 0.9996 reads 0.9996, not 0.99960000000000004. */
  char *text = json ? json_dumps(json, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;
  json_decref(json);
  if (!text) {
    http_reply_body(rep, 500, NULL, 0, NULL);
    return;
  }
  http_reply_body(rep, status, text, strlen(text), NULL);
}

void http_reply_refusal(http_reply *rep, http_err err, const char *message, const char *reason,
                        json_t *fields) {
  if (err <= ERR_NONE || err >= ERR__COUNT) err = ERR_INTERNAL;
  if (!message) message = g_words && g_words[err] ? g_words[err] : err_table[err].code;
  json_t *e = json_pack("{s:s, s:s}", "code", err_table[err].code, "message", message);
  if (e && reason) json_object_set_new(e, "reason", json_string(reason));
  if (e && fields && json_object_size(fields) > 0)
    json_object_set_new(e, "fields", fields);
  else
    json_decref(fields);
  http_reply_json(rep, err_table[err].status, json_pack("{s:o}", "error", e));
}

void http_reply_error(http_reply *rep, http_err err, const char *message, json_t *fields) {
  http_reply_refusal(rep, err, message, NULL, fields);
}

void http_reply_field_error(http_reply *rep, http_err err, const char *field, const char *why) {
  http_reply_error(rep, err, NULL, json_pack("{s:s}", field, why));
}

void http_reply_header(http_reply *rep, const char *name, const char *value) {
  if (rep->nheaders >= HTTP_MAX_EXTRA_HEADERS) return;
  char *v = strdup(value);
  if (!v) return;
  rep->headers[rep->nheaders].name = name;
  rep->headers[rep->nheaders].value = v;
  rep->nheaders++;
}
