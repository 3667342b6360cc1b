/* The one JSON reply helper and the one error reply helper. */
#include <stdlib.h>
#include <string.h>

#include "http.h"

static const struct {
  unsigned status;
  const char *code;
  const char *message;
} err_table[ERR__COUNT] = {
    [ERR_NONE] = {200, "ok", "成功"},
    [ERR_BAD_JSON] = {400, "bad_json", "请求体不是合法的 JSON"},
    [ERR_BAD_REQUEST] = {400, "bad_request", "请求格式有误"},
    [ERR_UNAUTHORIZED] = {401, "unauthorized", "请先登录"},
    [ERR_FORBIDDEN] = {403, "forbidden", "无权进行此操作"},
    [ERR_NOT_FOUND] = {404, "not_found", "未找到"},
    [ERR_METHOD_NOT_ALLOWED] = {405, "method_not_allowed", "不支持该请求方法"},
    [ERR_CONFLICT] = {409, "conflict", "当前状态不允许此操作，或数据已被他人修改"},
    [ERR_PAYLOAD_TOO_LARGE] = {413, "payload_too_large", "请求体过大"},
    [ERR_UNSUPPORTED_MEDIA_TYPE] = {415, "unsupported_media_type",
                                    "请求体须为 application/json"},
    [ERR_VALIDATION] = {422, "validation_failed", "填写的内容有误"},
    [ERR_TOO_MANY_REQUESTS] = {429, "too_many_requests", "尝试过于频繁，请稍后再试"},
    [ERR_PASSWORD_CHANGE_REQUIRED] = {403, "password_change_required",
                                      "密码已由管理员重置，请先修改密码"},
    [ERR_INTERNAL] = {500, "internal", "服务器内部错误"},
    [ERR_UNAVAILABLE] = {503, "unavailable", "服务暂不可用（数据库无法连接），请稍后再试"},
};

unsigned http_err_status(http_err err) {
  return err > ERR_NONE && err < ERR__COUNT ? err_table[err].status : 500;
}

const char *http_err_code(http_err err) {
  return err > ERR_NONE && err < ERR__COUNT ? err_table[err].code : "internal";
}

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

void http_reply_error(http_reply *rep, http_err err, const char *message, json_t *fields) {
  if (err <= ERR_NONE || err >= ERR__COUNT) err = ERR_INTERNAL;
  json_t *e = json_pack("{s:s, s:s}", "code", err_table[err].code, "message",
                        message ? message : err_table[err].message);
  if (e && fields && json_object_size(fields) > 0)
    json_object_set_new(e, "fields", fields);
  else
    json_decref(fields);
  http_reply_json(rep, err_table[err].status, json_pack("{s:o}", "error", e));
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
