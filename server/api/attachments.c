/* The case file's papers: POST/GET /cases/{id}/attachments, GET /attachments/{id}. The body of
 * an upload is the file itself (a HTTP_ROUTE_RAW_BODY route: up to 20 MiB, any Content-Type
 * reaches the handler, which accepts PDF, JPEG and PNG whose bytes are what they claim). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "domain/attachment.h"
#include "handlers.h"
#include "store/attachments.h"

void h_case_attachment_upload(http_request *req, http_reply *rep) {
  int64_t case_id;
  if (!api_path_id(req, 0, &case_id, rep)) return;
  int type = attachment_type_of(http_header(req, "Content-Type"));
  if (type < 0) {
    http_reply_error(rep, ERR_UNSUPPORTED_MEDIA_TYPE,
                     "文件须为 PDF、JPEG 或 PNG（Content-Type: application/pdf、image/jpeg 或 image/png）",
                     NULL);
    return;
  }
  const char *k = http_header(req, "X-Attachment-Kind");
  int kind = k ? enum_find(&ENUM_ATTACHMENT_KIND, k, strlen(k)) : -1;
  if (kind < 0) {
    http_reply_field_error(rep, ERR_VALIDATION, "X-Attachment-Kind",
                           k ? "not an allowed value" : "required");
    return;
  }
  char name[4 * ATTACHMENT_NAME_MAX + 1];
  const char *raw_name = http_header(req, "X-Filename");
  if (raw_name) {
    static const char *const why[] = {
        [AN_EMPTY] = "required", [AN_BAD_ESCAPE] = "not percent-encoded UTF-8",
        [AN_NOT_UTF8] = "not percent-encoded UTF-8", [AN_CONTROL] = "must be a single line",
        [AN_TOO_LONG] = "too long"};
    attachment_name_result nr = attachment_name_decode(raw_name, name, sizeof name);
    if (nr != AN_OK) {
      http_reply_field_error(rep, ERR_VALIDATION, "X-Filename", why[nr]);
      return;
    }
  } else {
    /* No name given (a photo straight from a camera): the kind and the type make one. */
    snprintf(name, sizeof name, "%s.%s", enum_name(&ENUM_ATTACHMENT_KIND, kind),
             attachment_extension((attachment_type_t)type));
  }
  if (!req->body || req->body_len == 0) {
    http_reply_field_error(rep, ERR_VALIDATION, "file", "required");
    return;
  }
  const unsigned char *bytes = (const unsigned char *)req->body;
  if (!attachment_bytes_match((attachment_type_t)type, bytes, req->body_len)) {
    http_reply_error(rep, ERR_UNSUPPORTED_MEDIA_TYPE, "文件内容与所声明的类型不符", NULL);
    return;
  }
  attachment_in in = {(attachment_kind_t)kind, (attachment_type_t)type, name, bytes,
                      req->body_len, {0}};
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, bytes, req->body_len);
  sodium_bin2hex(in.sha256, sizeof in.sha256, h, sizeof h);
  /* Idempotency-Key: a phone that lost the answer sends the file again with the same key and
   * gets the first answer. The same key with another file, kind or name is refused. */
  idem_req key = {http_header(req, "Idempotency-Key"), NULL, {0}, 201};
  char scope[64];
  snprintf(scope, sizeof scope, "POST /cases/%lld/attachments", (long long)case_id);
  key.scope = scope;
  if (key.key) {
    size_t kl = strlen(key.key);
    if (kl == 0 || kl > 128) {
      http_reply_field_error(rep, ERR_VALIDATION, "Idempotency-Key", "1 to 128 characters");
      return;
    }
    char what[4 * ATTACHMENT_NAME_MAX + 128];
    int wl = snprintf(what, sizeof what, "%d\n%d\n%s\n%s", kind, type, name, in.sha256);
    crypto_hash_sha256(h, (const unsigned char *)what, (unsigned long long)wl);
    sodium_bin2hex(key.request_hash, sizeof key.request_hash, h, sizeof h);
  }
  attach_outcome out;
  char *json = NULL;
  db_status s = store_attachment_add(api_principal(req), case_id, &in, &key, &out, &json);
  if (s != DB_OK) {
    api_reply_db(rep, s);
  } else if (out == ATTACH_REPLAYED || out == ATTACH_KEY_REUSED) {
    api_reply_created(rep, out == ATTACH_REPLAYED ? IDEM_REPLAY : IDEM_MISMATCH, 201, json);
    return;
  } else if (out == ATTACH_NO_CASE) {
    http_reply_error(rep, ERR_NOT_FOUND, NULL, NULL);
  } else if (out == ATTACH_ARCHIVED) {
    http_reply_error(rep, ERR_CONFLICT, "卷宗已归档，不能再添加材料", NULL);
  } else {
    api_reply_json_text(rep, 201, json);
    return;
  }
  free(json);
}

void h_case_attachments_list(http_request *req, http_reply *rep) {
  static const char *const allowed[] = {"limit", "cursor", NULL};
  int64_t case_id, after;
  int limit;
  if (!api_path_id(req, 0, &case_id, rep) || !api_query_only(req, allowed, rep) ||
      !api_query_page(req, &limit, &after, rep))
    return;
  char *json = NULL;
  db_status s = store_attachments_list(api_principal(req), case_id, after, limit, &json);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  api_reply_json_text(rep, 200, json);
}

void h_attachment_get(http_request *req, http_reply *rep) {
  int64_t id;
  if (!api_path_id(req, 0, &id, rep)) return;
  attachment_file f;
  db_status s = store_attachment_read(api_principal(req), id, &f);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  char disposition[3 * sizeof f.filename + 64];
  if (!attachment_disposition(f.filename, disposition, sizeof disposition))
    snprintf(disposition, sizeof disposition, "attachment");
  http_reply_body(rep, 200, (char *)f.data, f.len, enum_name(&ENUM_ATTACHMENT_TYPE, f.type));
  http_reply_header(rep, "Content-Disposition", disposition);
}
