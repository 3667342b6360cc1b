/* POST/GET /users, GET /lawyers. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "common.h"
#include "domain/password.h"
#include "handlers.h"
#include "store/users.h"
#include "validate.h"

typedef struct {
  jv_str username, password, display_name, license_no, firm;
  int role, kind;
  jv_int center_id, practice_years;
  unsigned specialties;
} user_body;

static const char *check_username(const char *s, size_t len) {
  if (len < 2 || len > 64) return "2 to 64 characters";
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          c == '_' || c == '.' || c == '@' || c == '-'))
      return "letters, digits and _ . @ - only";
  }
  return NULL;
}

static const jv_field user_fields[] = {
    {"username", JV_STRING, offsetof(user_body, username), true, 2, 64, NULL, check_username, 0},
    {"password", JV_STRING, offsetof(user_body, password), true, 1, 256, NULL, NULL, 0},
    {"role", JV_ENUM, offsetof(user_body, role), true, 0, 0, &ENUM_ROLE, NULL, 0},
    {"center_id", JV_INT, offsetof(user_body, center_id), false, 1, INT64_MAX, NULL, NULL, 0},
    {"display_name", JV_STRING, offsetof(user_body, display_name), false, 0, 50, NULL,
     jv_check_no_control, 0},
    {"lawyer", JV_OBJECT, 0, false, 0, 0, NULL, NULL, 0},
    {"lawyer.license_no", JV_STRING, offsetof(user_body, license_no), false, 1, 40, NULL,
     jv_check_no_control, 0},
    {"lawyer.firm", JV_STRING, offsetof(user_body, firm), false, 0, 100, NULL,
     jv_check_no_control, 0},
    {"lawyer.kind", JV_ENUM, offsetof(user_body, kind), false, 0, 0, &ENUM_LAWYER_KIND, NULL, 0},
    {"lawyer.practice_years", JV_INT, offsetof(user_body, practice_years), false, 0, 80, NULL,
     NULL, 0},
    {"lawyer.specialties", JV_ENUM_SET, offsetof(user_body, specialties), false, 0, 0,
     &ENUM_CASE_TYPE, NULL, 0},
};

void h_users_create(http_request *req, http_reply *rep) {
  const principal *p = api_principal(req);
  json_t *root = jv_body(req, rep);
  if (!root) return;
  user_body b = {0};
  json_t *errors = json_object();
  jv_parse(root, user_fields, JV_FIELD_COUNT(user_fields), &b, errors);
  bool is_lawyer = b.role == ROLE_LAWYER;
  json_t *lawyer = json_object_get(root, "lawyer");
  bool has_lawyer = lawyer && json_is_object(lawyer);
  if (is_lawyer) {
    if (!has_lawyer) {
      json_object_set_new(errors, "lawyer", json_string("required for role lawyer"));
    } else {
      if (!b.license_no.s && !json_object_get(errors, "lawyer.license_no"))
        json_object_set_new(errors, "lawyer.license_no", json_string("required"));
      if (b.kind < 0 && !json_object_get(errors, "lawyer.kind"))
        json_object_set_new(errors, "lawyer.kind", json_string("required"));
      if (!b.practice_years.set && !json_object_get(errors, "lawyer.practice_years"))
        json_object_set_new(errors, "lawyer.practice_years", json_string("required"));
    }
  } else if (has_lawyer && b.role >= 0) {
    json_object_set_new(errors, "lawyer", json_string("only for role lawyer"));
  }
  if (b.password.s && !json_object_get(errors, "password")) {
    password_verdict v = password_check(b.password.s, b.username.s);
    if (v != PW_OK) json_object_set_new(errors, "password", json_string(password_reason(v)));
  }
  int64_t center_id = b.center_id.set ? b.center_id.v : p->center_id;
  if (center_id == 0 && b.role != ROLE_ADMIN && !json_object_get(errors, "center_id"))
    json_object_set_new(errors, "center_id", json_string("required"));
  if (json_object_size(errors) > 0) {
    json_decref(root);
    http_reply_error(rep, ERR_VALIDATION, NULL, errors);
    return;
  }
  json_decref(errors);
  if (!api_password_acceptable(rep, b.password.s, b.username.s, "password")) {
    json_decref(root);
    return;
  }
  if (center_id == 0 && !p->all_centers) center_id = p->center_id;
  if (center_id != 0) {
    db_status s = store_center_exists(center_id);
    if (s == DB_NOT_FOUND) {
      json_decref(root);
      http_reply_field_error(rep, ERR_VALIDATION, "center_id", "unknown centre");
      return;
    }
    if (s != DB_OK) {
      json_decref(root);
      api_reply_db(rep, s);
      return;
    }
    if (!principal_sees_center(p, center_id)) {
      json_decref(root);
      http_reply_error(rep, ERR_FORBIDDEN, "不能为本中心管辖范围以外的中心创建用户", NULL);
      return;
    }
  } else if (!p->all_centers) {
    json_decref(root);
    http_reply_error(rep, ERR_FORBIDDEN, NULL, NULL);
    return;
  }
  char hash[crypto_pwhash_STRBYTES];
  if (auth_hash_password(b.password.s, hash) != 0) {
    json_decref(root);
    http_reply_error(rep, ERR_INTERNAL, NULL, NULL);
    return;
  }
  user_new u = {
      .username = b.username.s,
      .password_hash = hash,
      .role = (role_t)b.role,
      .display_name = b.display_name.s,
      .center_id = center_id,
      .has_lawyer = is_lawyer,
      .license_no = b.license_no.s,
      .firm = b.firm.s,
      .kind = b.kind,
      .practice_years = b.practice_years.v,
      .specialties = b.specialties,
  };
  char *json = NULL;
  db_status s = store_user_create(&u, p->user_id, &json);
  json_decref(root);
  if (s == DB_CONFLICT) {
    http_reply_error(rep, ERR_CONFLICT, "用户名或执业证号已被使用", NULL);
    return;
  }
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  api_reply_json_text(rep, 201, json);
}

void h_users_list(http_request *req, http_reply *rep) {
  static const char *const allowed[] = {"limit", "cursor", NULL};
  int limit;
  int64_t cursor;
  if (!api_query_only(req, allowed, rep) || !api_query_page(req, &limit, &cursor, rep)) return;
  char *json = NULL;
  db_status s = store_users_list(api_principal(req), cursor, limit, &json);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  api_reply_json_text(rep, 200, json);
}

void h_lawyers_list(http_request *req, http_reply *rep) {
  static const char *const allowed[] = {"center_id", "limit", "cursor", NULL};
  int limit;
  int64_t cursor, center_id = 0;
  if (!api_query_only(req, allowed, rep) || !api_query_page(req, &limit, &cursor, rep) ||
      !api_query_int(req, "center_id", 1, INT64_MAX, &center_id, NULL, rep))
    return;
  char *json = NULL;
  db_status s = store_lawyers_list(api_principal(req), center_id, cursor, limit, &json);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  api_reply_json_text(rep, 200, json);
}

/* PATCH /users/{id} (admin, in scope): {"active", "display_name"}. Disabling ends the user's
 * sessions at once. An admin cannot disable itself (it would lock the door behind it). */
typedef struct {
  jv_bool active;
  jv_str display_name;
} user_patch_body;

static const jv_field user_patch_fields[] = {
    {"active", JV_BOOL, offsetof(user_patch_body, active), false, 0, 0, NULL, NULL, 0},
    {"display_name", JV_STRING, offsetof(user_patch_body, display_name), false, 0, 50, NULL,
     jv_check_no_control, 0},
};

void h_user_update(http_request *req, http_reply *rep) {
  const principal *p = api_principal(req);
  int64_t id;
  if (!api_path_id(req, 0, &id, rep)) return;
  json_t *root = jv_body(req, rep);
  if (!root) return;
  user_patch_body b = {{false, false}, {0}};
  json_t *errors = json_object();
  const char *key;
  json_t *v;
  json_object_foreach(root, key, v) {
    if (strcmp(key, "active") != 0 && strcmp(key, "display_name") != 0)
      json_object_set_new(errors, key, json_string("not a field that can be changed"));
  }
  jv_parse(root, user_patch_fields, JV_FIELD_COUNT(user_patch_fields), &b, errors);
  if (b.active.set && !b.active.v && id == p->user_id && !json_object_get(errors, "active"))
    json_object_set_new(errors, "active", json_string("an administrator cannot disable itself"));
  if (json_object_size(errors) > 0) {
    json_decref(root);
    http_reply_error(rep, ERR_VALIDATION, NULL, errors);
    return;
  }
  json_decref(errors);
  char *json = NULL;
  db_status s = store_user_update(p, id, b.active.set ? (b.active.v ? 1 : 0) : -1,
                                  b.display_name.s, &json);
  json_decref(root);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  fprintf(stderr, "security user_updated user=%lld by=%lld\n", (long long)id, (long long)p->user_id);
  api_reply_json_text(rep, 200, json);
}
