#include "refdata.h"

#include <stddef.h>

#define CENTER_JSON                                                                    \
  "json_build_object('id', c.id, 'name', c.name, 'region_code', c.region_code,"        \
  " 'region_name', r.name, 'case_no_prefix', c.case_no_prefix)"

static db_stmt q_centers_list = {
    "centers_list",
    "WITH page AS (SELECT c.id FROM centers c WHERE ($1::boolean OR c.id = ANY($2::bigint[]))"
    "   AND c.id > $3 ORDER BY c.id LIMIT $4)"
    " SELECT json_build_object('items', COALESCE(json_agg(" CENTER_JSON " ORDER BY c.id), '[]'),"
    " 'next_cursor', CASE WHEN count(*) = $4 THEN max(c.id)::text END)::text"
    " FROM page JOIN centers c ON c.id = page.id JOIN regions r ON r.code = c.region_code",
    0};

db_status store_centers_list(const principal *pr, int64_t after, int limit, char **json) {
  db_params p = {0};
  if (!dbp_scope(&p, pr)) return DB_ERROR;
  dbp_int(&p, after);
  dbp_int(&p, limit);
  return db_query_text(&q_centers_list, &p, json, NULL);
}

static db_stmt q_center_create = {
    "center_create",
    "WITH c AS (INSERT INTO centers (name, region_code, case_no_prefix) VALUES ($1, $2, $3)"
    " RETURNING *) SELECT " CENTER_JSON "::text FROM c JOIN regions r ON r.code = c.region_code",
    0};

db_status store_center_create(const char *name, const char *region_code, const char *prefix,
                              char **json) {
  db_params p = {0};
  dbp_str(&p, name);
  dbp_str(&p, region_code);
  dbp_str(&p, prefix);
  return db_exec_text(db_conn(), &q_center_create, &p, json, NULL);
}

/* A centre renamed or given another case-number prefix: numbers issued keep the old one. */
static db_stmt q_center_update = {
    "center_update",
    "WITH c AS (UPDATE centers SET name = COALESCE($2, name),"
    "   case_no_prefix = COALESCE($3, case_no_prefix) WHERE id = $1 RETURNING *)"
    " SELECT " CENTER_JSON "::text FROM c JOIN regions r ON r.code = c.region_code",
    0};

db_status store_center_update(int64_t id, const char *name, const char *prefix, char **json) {
  db_params p = {0};
  dbp_int(&p, id);
  dbp_str(&p, name);
  dbp_str(&p, prefix);
  return db_exec_text(db_conn(), &q_center_update, &p, json, NULL);
}

static db_stmt q_regions_list = {
    "regions_list",
    "WITH page AS (SELECT code, name, parent_code, level FROM regions"
    "   WHERE CASE WHEN $1::text IS NULL THEN level = 1 ELSE parent_code = $1 END"
    "   AND ($2::bigint = 0 OR code > $2::text) ORDER BY code LIMIT $3)"
    " SELECT json_build_object('items', COALESCE(json_agg(json_build_object('code', code,"
    " 'name', name, 'parent_code', parent_code, 'level', level) ORDER BY code), '[]'),"
    " 'next_cursor', CASE WHEN count(*) = $3 THEN max(code) END)::text FROM page",
    0};

db_status store_regions_list(const char *parent, int64_t after, int limit, char **json) {
  db_params p = {0};
  dbp_str(&p, parent);
  dbp_int(&p, after);
  dbp_int(&p, limit);
  return db_query_text(&q_regions_list, &p, json, NULL);
}

static db_stmt q_region_exists = {"region_exists", "SELECT 1 FROM regions WHERE code = $1", 0};

db_status store_region_exists(const char *code) {
  db_params p = {0};
  dbp_str(&p, code);
  PGresult *r;
  db_status s = db_query(&q_region_exists, &p, &r);
  if (s != DB_OK) return s;
  s = PQntuples(r) == 1 ? DB_OK : DB_NOT_FOUND;
  PQclear(r);
  return s;
}
