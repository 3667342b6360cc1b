/* PATCH /lawyers/{id}, GET /cases/{id}/lawyer-suggestions. */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "domain/assignment.h"
#include "domain/idcard.h"
#include "domain/timestamp.h"
#include "handlers.h"
#include "store/lifecycle.h"
#include "store/users.h"
#include "validate.h"
#include "words.h"

/* The people a lawyer acts or acted for outside legal aid (conflicts of interest). */
#define MAX_CLIENTS 500

typedef struct {
  jv_str name, id_number;
} client_body;

static const char *check_id_number(const char *s, size_t len) {
  return idcard_parse(s, len, ts_local_date(api_now()), NULL) == IDCARD_OK
             ? NULL
             : "not a valid resident ID";
}

static const jv_field client_fields[] = {
    {"name", JV_STRING, offsetof(client_body, name), true, 1, 200, NULL, jv_check_no_control},
    {"id_number", JV_STRING, offsetof(client_body, id_number), false, 18, 18, NULL,
     check_id_number},
};

static const jv_items client_items = {client_fields, JV_FIELD_COUNT(client_fields),
                                      sizeof(client_body), NULL};

typedef struct {
  jv_str license_no, firm, region_code;
  int kind;
  jv_int practice_years, center_id;
  jv_bool active;
  unsigned specialties;
  client_body clients[MAX_CLIENTS];
  size_t nclients;
} lawyer_body;

static const jv_field lawyer_fields[] = {
    {"license_no", JV_STRING, offsetof(lawyer_body, license_no), false, 1, 40, NULL,
     jv_check_no_control, 0},
    {"firm", JV_STRING, offsetof(lawyer_body, firm), false, 0, 100, NULL, jv_check_no_control, 0},
    {"kind", JV_ENUM, offsetof(lawyer_body, kind), false, 0, 0, &ENUM_LAWYER_KIND, NULL, 0},
    {"practice_years", JV_INT, offsetof(lawyer_body, practice_years), false, 0, 80, NULL, NULL, 0},
    {"specialties", JV_ENUM_SET, offsetof(lawyer_body, specialties), false, 0, 0, &ENUM_CASE_TYPE,
     NULL, 0},
    {"active", JV_BOOL, offsetof(lawyer_body, active), false, 0, 0, NULL, NULL, 0},
    {"region_code", JV_STRING, offsetof(lawyer_body, region_code), false, 6, 6, NULL,
     jv_check_region_code, 0},
    {"center_id", JV_INT, offsetof(lawyer_body, center_id), false, 1, INT64_MAX, NULL, NULL, 0},
    {"clients", JV_ARRAY, offsetof(lawyer_body, clients), false, 0, MAX_CLIENTS, NULL, NULL,
     offsetof(lawyer_body, nclients), &client_items},
};

void h_lawyer_update(http_request *req, http_reply *rep) {
  int64_t id;
  if (!api_path_id(req, 0, &id, rep)) return;
  json_t *root = jv_body(req, rep);
  if (!root) return;
  lawyer_body *b = calloc(1, sizeof *b); /* room for the clients: off the stack */
  if (!b) {
    json_decref(root);
    http_reply_error(rep, ERR_INTERNAL, NULL, NULL);
    return;
  }
  json_t *errors = json_object();
  jv_parse(root, lawyer_fields, JV_FIELD_COUNT(lawyer_fields), b, errors);
  const principal *p = api_principal(req);
  if (b->center_id.set && !principal_sees_center(p, b->center_id.v) &&
      !json_object_get(errors, "center_id"))
    json_object_set_new(errors, "center_id", json_string("not a centre you administer"));
  if (json_object_size(errors) > 0) {
    free(b);
    json_decref(root);
    http_reply_error(rep, ERR_VALIDATION, NULL, errors);
    return;
  }
  json_decref(errors);
  /* The store takes the checked list as JSON. */
  const json_t *cv = json_object_get(root, "clients");
  char *clients = cv && !json_is_null(cv) ? json_dumps(cv, JSON_COMPACT) : NULL;
  const json_t *sv = json_object_get(root, "specialties");
  lawyer_patch lp = {
      .license_no = b->license_no.s,
      .firm = b->firm.s,
      .kind = b->kind,
      .region_code = b->region_code.s,
      .specialties_set = sv && json_is_array(sv),
      .specialties = b->specialties,
      .practice_years = b->practice_years.set ? b->practice_years.v : -1,
      .center_id = b->center_id.set ? b->center_id.v : 0,
      .active = b->active.set ? (b->active.v ? 1 : 0) : -1,
      .clients_json = clients,
  };
  char *json = NULL;
  db_status s = store_lawyer_update(p, id, &lp, &json);
  free(clients);
  free(b);
  json_decref(root);
  if (s == DB_CONFLICT) {
    http_reply_field_error(rep, ERR_CONFLICT, "license_no", "already used");
    return;
  }
  if (s == DB_REFUSED) {
    http_reply_error(rep, ERR_VALIDATION, "地区或中心不存在", NULL);
    return;
  }
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  api_reply_json_text(rep, 200, json);
}

static int by_score(const void *a, const void *b) {
  const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
  json_int_t sx = json_integer_value(json_object_get(x, "score"));
  json_int_t sy = json_integer_value(json_object_get(y, "score"));
  if (sx != sy) return sx > sy ? -1 : 1;
  json_int_t ix = json_integer_value(json_object_get(x, "lawyer_id"));
  json_int_t iy = json_integer_value(json_object_get(y, "lawyer_id"));
  return ix < iy ? -1 : ix > iy;
}

void h_case_lawyer_suggestions(http_request *req, http_reply *rep) {
  int64_t id;
  if (!api_path_id(req, 0, &id, rep)) return;
  suggestion_case sc;
  lawyer_candidate *cands;
  int n;
  db_status s = store_suggestion_data(api_principal(req), id, &sc, &cands, &n);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  json_t **rows = n ? calloc((size_t)n, sizeof *rows) : NULL;
  for (int i = 0; i < n; i++) {
    suggestion sg;
    assignment_suggest(&sc.c, &cands[i].l, cands[i].clients, cands[i].nclients, &sg);
    /* A lawyer who may not take the case: its refusal is its one reason. */
    const char *refusal = api_assign_words(sg.refusal);
    json_t *reasons = json_array();
    if (refusal) json_array_append_new(reasons, json_string(refusal));
    for (int k = 0; k < sg.nreasons; k++)
      json_array_append_new(reasons, json_string(api_suggest_words(sg.reasons[k])));
    rows[i] = json_pack("{s:I, s:s, s:s, s:i, s:o, s:b, s:s?, s:i, s:i}", "lawyer_id",
                        (json_int_t)cands[i].l.lawyer_id, "username", cands[i].username,
                        "display_name", cands[i].display_name, "score", sg.score, "reasons",
                        reasons, "assignable", refusal == NULL, "refusal", refusal,
                        "open_cases", cands[i].l.open_cases, "practice_years",
                        cands[i].l.practice_years);
  }
  if (n) qsort(rows, (size_t)n, sizeof *rows, by_score);
  json_t *items = json_array();
  for (int i = 0; i < n; i++) json_array_append_new(items, rows[i]);
  free(rows);
  store_free_candidates(cands, n);
  http_reply_json(rep, 200, json_pack("{s:o, s:n}", "items", items, "next_cursor"));
}
