/* GET /health, GET/POST /centers, GET /regions. */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "handlers.h"
#include "store/refdata.h"
#include "validate.h"

void h_health(http_request *req, http_reply *rep) {
  (void)req;
  if (db_ping())
    http_reply_json(rep, 200, json_pack("{s:s}", "status", "ok"));
  else
    http_reply_json(rep, 503, json_pack("{s:s}", "status", "unavailable"));
}

void h_centers_list(http_request *req, http_reply *rep) {
  static const char *const allowed[] = {"limit", "cursor", NULL};
  int limit;
  int64_t cursor;
  if (!api_query_only(req, allowed, rep) || !api_query_page(req, &limit, &cursor, rep)) return;
  char *json = NULL;
  db_status s = store_centers_list(api_principal(req), cursor, limit, &json);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  api_reply_json_text(rep, 200, json);
}

typedef struct {
  jv_str name, region_code, case_no_prefix;
} center_body;

static const jv_field center_fields[] = {
    {"name", JV_STRING, offsetof(center_body, name), true, 1, 100, NULL, jv_check_no_control, 0},
    {"region_code", JV_STRING, offsetof(center_body, region_code), true, 6, 6, NULL,
     jv_check_region_code, 0},
    {"case_no_prefix", JV_STRING, offsetof(center_body, case_no_prefix), true, 1, 10, NULL,
     jv_check_no_control, 0},
};

void h_centers_create(http_request *req, http_reply *rep) {
  json_t *root = jv_body(req, rep);
  if (!root) return;
  center_body b = {0};
  json_t *errors = json_object();
  if (!jv_parse(root, center_fields, JV_FIELD_COUNT(center_fields), &b, errors)) {
    json_decref(root);
    http_reply_error(rep, ERR_VALIDATION, NULL, errors);
    return;
  }
  json_decref(errors);
  /* Centres are set up by the administrator who stands above every centre. */
  if (!api_principal(req)->all_centers) {
    json_decref(root);
    http_reply_error(rep, ERR_FORBIDDEN, "只有全局管理员可以新建法律援助中心", NULL);
    return;
  }
  db_status s = store_region_exists(b.region_code.s);
  if (s == DB_NOT_FOUND) {
    json_decref(root);
    http_reply_field_error(rep, ERR_VALIDATION, "region_code", "unknown region");
    return;
  }
  char *json = NULL;
  if (s == DB_OK) s = store_center_create(b.name.s, b.region_code.s, b.case_no_prefix.s, &json);
  json_decref(root);
  if (s == DB_CONFLICT) {
    http_reply_field_error(rep, ERR_CONFLICT, "name", "a centre with this name exists");
    return;
  }
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  api_reply_json_text(rep, 201, json);
}

/* PATCH /centers/{id} {"name", "case_no_prefix"}: the administrator above every centre renames
 * a centre or changes the prefix of its new case numbers (those issued keep theirs). The region
 * is not changed here: a centre's cases, lawyers and scope hang on it. */
static const jv_field center_patch_fields[] = {
    {"name", JV_STRING, offsetof(center_body, name), false, 1, 100, NULL, jv_check_no_control, 0},
    {"case_no_prefix", JV_STRING, offsetof(center_body, case_no_prefix), false, 1, 10, NULL,
     jv_check_no_control, 0},
};

void h_center_update(http_request *req, http_reply *rep) {
  int64_t id;
  if (!api_path_id(req, 0, &id, rep)) return;
  json_t *root = jv_body(req, rep);
  if (!root) return;
  center_body b = {0};
  json_t *errors = json_object();
  const char *key;
  json_t *v;
  json_object_foreach(root, key, v) {
    if (strcmp(key, "name") != 0 && strcmp(key, "case_no_prefix") != 0)
      json_object_set_new(errors, key, json_string(strcmp(key, "region_code") == 0
                                                       ? "cannot be changed"
                                                       : "unknown field"));
  }
  jv_parse(root, center_patch_fields, JV_FIELD_COUNT(center_patch_fields), &b, errors);
  if (json_object_size(errors) == 0 && !b.name.s && !b.case_no_prefix.s)
    json_object_set_new(errors, "name", json_string("required"));
  if (json_object_size(errors) > 0) {
    json_decref(root);
    http_reply_error(rep, ERR_VALIDATION, NULL, errors);
    return;
  }
  json_decref(errors);
  if (!api_principal(req)->all_centers) {
    json_decref(root);
    http_reply_error(rep, ERR_FORBIDDEN, "只有全局管理员可以修改法律援助中心", NULL);
    return;
  }
  char *json = NULL;
  db_status s = store_center_update(id, b.name.s, b.case_no_prefix.s, &json);
  json_decref(root);
  if (s == DB_CONFLICT) {
    http_reply_field_error(rep, ERR_CONFLICT, "name", "a centre with this name exists");
    return;
  }
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  api_reply_json_text(rep, 200, json);
}

void h_regions_list(http_request *req, http_reply *rep) {
  static const char *const allowed[] = {"parent", "limit", "cursor", NULL};
  int limit;
  int64_t cursor;
  if (!api_query_only(req, allowed, rep) || !api_query_page(req, &limit, &cursor, rep)) return;
  const char *parent = http_query(req, "parent");
  if (parent && jv_check_region_code(parent, strlen(parent))) {
    http_reply_field_error(rep, ERR_VALIDATION, "parent", "must be a six-digit region code");
    return;
  }
  char *json = NULL;
  db_status s = store_regions_list(parent, cursor, limit, &json);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  api_reply_json_text(rep, 200, json);
}
