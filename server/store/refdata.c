#include "refdata.h"

#include "pg.h"

#include <stddef.h>
#include <string.h>

static db_stmt q_centers_list = {
    "centers_list",
    "WITH page AS (SELECT c.id FROM centers c WHERE ($1::boolean OR c.id = ANY($2::bigint[]))"
    "   AND c.id > $3 ORDER BY c.id LIMIT $4)"
    " SELECT json_build_object('items', COALESCE(json_agg(c.json ORDER BY c.id), '[]'),"
    " 'next_cursor', CASE WHEN count(*) = $4 THEN max(c.id)::text END)::text"
    " FROM page JOIN api_center c ON c.id = page.id",
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
    "INSERT INTO centers (name, region_code, case_no_prefix) VALUES ($1, $2, $3) RETURNING id",
    0};
static db_stmt q_center_created = {
    "center_created",
    "SELECT json::text FROM api_center WHERE id = currval(pg_get_serial_sequence('centers', 'id'))",
    0};

db_status store_center_create(const char *name, const char *region_code, const char *prefix,
                              char **json) {
  db_params p = {0};
  dbp_str(&p, name);
  dbp_str(&p, region_code);
  dbp_str(&p, prefix);
  *json = NULL;
  /* The insert and the centre as the API shows it, in one round trip. */
  db_stmt *const stmts[] = {&q_center_create, &q_center_created};
  const db_params *const params[] = {&p, NULL};
  PGresult *r[2];
  db_status s = db_pipeline(db_conn(), 2, stmts, params, r);
  if (s != DB_OK) return s;
  if (PQntuples(r[1]) != 1 || !(*json = strdup(PQgetvalue(r[1], 0, 0)))) s = DB_ERROR;
  PQclear(r[0]);
  PQclear(r[1]);
  return s;
}

/* A centre renamed or given another case-number prefix: numbers issued keep the old one. */
static db_stmt q_center_update = {
    "center_update",
    "UPDATE centers SET name = COALESCE($2, name), case_no_prefix = COALESCE($3, case_no_prefix)"
    " WHERE id = $1",
    0};
static db_stmt q_center_updated = {"center_updated",
                                   "SELECT json::text FROM api_center WHERE id = $1", 0};

db_status store_center_update(int64_t id, const char *name, const char *prefix, char **json) {
  db_params p = {0}, q = {0};
  dbp_int(&p, id);
  dbp_str(&p, name);
  dbp_str(&p, prefix);
  dbp_int(&q, id);
  *json = NULL;
  /* The update and the centre as the API shows it, in one round trip (one transaction). */
  db_stmt *const stmts[] = {&q_center_update, &q_center_updated};
  const db_params *const params[] = {&p, &q};
  PGresult *r[2];
  db_status s = db_pipeline(db_conn(), 2, stmts, params, r);
  if (s != DB_OK) return s;
  if (PQntuples(r[1]) != 1)
    s = DB_NOT_FOUND;
  else if (!(*json = strdup(PQgetvalue(r[1], 0, 0))))
    s = DB_ERROR;
  PQclear(r[0]);
  PQclear(r[1]);
  return s;
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
