#include "money.h"

#include "domain/case.h"
#include "domain/duty.h"
#include "pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/date.h"

static void copyz(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src ? src : ""); }

/* The value of a stored name (-1 for NULL); a name this build does not know is an error,
 * logged and noted in *bad. */
static int find_or(const la_enum *e, const char *v, bool *bad) {
  if (!v) return -1;
  int k = enum_find(e, v, strlen(v));
  if (k < 0) {
    fprintf(stderr, "db: '%s' is no %s this build knows\n", v, e->name);
    *bad = true;
  }
  return k;
}

static db_stmt q_tables_for = {
    "standards_tables_for",
    "SELECT DISTINCT ON (t.jurisdiction) t.id, t.jurisdiction, t.year, t.version"
    " FROM subsidy_tables t"
    " WHERE t.superseded_at IS NULL AND t.year <= $2"
    "   AND $1 LIKE region_prefix(t.jurisdiction) || '%'"
    " ORDER BY t.jurisdiction, t.year DESC",
    0};
static db_stmt q_cells_for = {
    "standards_cells_for",
    "SELECT table_id, item, scope, min_fen, max_fen, unit, is_default FROM subsidy_cells"
    " WHERE table_id = ANY($1::bigint[]) ORDER BY table_id, item, scope NULLS FIRST",
    0};
static db_stmt q_addons_for = {
    "standards_addons_for",
    "SELECT table_id, code, item, amount_fen, cap_fen FROM subsidy_addons"
    " WHERE table_id = ANY($1::bigint[]) ORDER BY table_id, code",
    0};

db_status store_standards_for(const char *region, int year, standards *out) {
  memset(out, 0, sizeof *out);
  bool bad = false;
  db_params p = {0};
  dbp_str(&p, region);
  dbp_int(&p, year);
  PGresult *r;
  db_status s = db_query(&q_tables_for, &p, &r);
  if (s != DB_OK) return s;
  char ids[128] = "{";
  size_t used = 1;
  if (PQntuples(r) > MAX_TABLES) {
    fprintf(stderr, "db: %d subsidy tables for %s: more than a region's %d\n", PQntuples(r),
            region, MAX_TABLES);
    PQclear(r);
    return DB_ERROR;
  }
  for (int i = 0; i < PQntuples(r); i++) {
    subsidy_table *t = &out->tables[out->ntables];
    t->id = db_int(r, i, 0);
    copyz(t->jurisdiction, sizeof t->jurisdiction, PQgetvalue(r, i, 1));
    t->year = (int)db_int(r, i, 2);
    t->version = (int)db_int(r, i, 3);
    t->cells = out->cells[out->ntables];
    t->addons = out->addons[out->ntables];
    out->ptrs[out->ntables] = t;
    used += (size_t)snprintf(ids + used, sizeof ids - used, "%s%lld", out->ntables ? "," : "",
                             (long long)t->id);
    out->ntables++;
  }
  PQclear(r);
  if (!out->ntables) return DB_OK;
  snprintf(ids + used, sizeof ids - used, "}");
  db_params q = {0};
  dbp_str(&q, ids);
  if ((s = db_query(&q_cells_for, &q, &r)) != DB_OK) return s;
  for (int i = 0; i < PQntuples(r); i++) {
    int64_t tid = db_int(r, i, 0);
    for (int k = 0; k < out->ntables; k++) {
      subsidy_table *t = &out->tables[k];
      if (t->id != tid) continue;
      if (t->ncells >= MAX_CELLS) {
        fprintf(stderr, "db: subsidy table %lld has more than %d cells\n", (long long)tid,
                MAX_CELLS);
        bad = true;
        break;
      }
      subsidy_cell *cell = &out->cells[k][t->ncells++];
      cell->item = find_or(&ENUM_SUBSIDY_ITEM, PQgetvalue(r, i, 1), &bad);
      cell->scope = find_or(&ENUM_SCOPE, db_text(r, i, 2), &bad);
      cell->min_fen = db_int(r, i, 3);
      cell->max_fen = db_int(r, i, 4);
      cell->unit = find_or(&ENUM_SUBSIDY_UNIT, PQgetvalue(r, i, 5), &bad);
      cell->is_default = db_bool(r, i, 6);
    }
  }
  PQclear(r);
  if ((s = db_query(&q_addons_for, &q, &r)) != DB_OK) return s;
  for (int i = 0; i < PQntuples(r); i++) {
    int64_t tid = db_int(r, i, 0);
    for (int k = 0; k < out->ntables; k++) {
      subsidy_table *t = &out->tables[k];
      if (t->id != tid) continue;
      if (t->naddons >= MAX_ADDONS) {
        fprintf(stderr, "db: subsidy table %lld has more than %d add-ons\n", (long long)tid,
                MAX_ADDONS);
        bad = true;
        break;
      }
      subsidy_addon *a = &out->addons[k][t->naddons++];
      copyz(a->code, sizeof a->code, PQgetvalue(r, i, 1));
      a->item = find_or(&ENUM_SUBSIDY_ITEM, db_text(r, i, 2), &bad);
      a->amount_fen = db_int(r, i, 3);
      a->cap_fen = db_int(r, i, 4);
    }
  }
  PQclear(r);
  return bad ? DB_ERROR : DB_OK;
}

static db_stmt q_standards_list = {
    "standards_list",
    "WITH page AS (SELECT t.id FROM subsidy_tables t WHERE ($1::text IS NULL OR t.jurisdiction = $1)"
    "   AND ($2::int = 0 OR t.year = $2) AND ($3::boolean OR t.superseded_at IS NULL)"
    "   AND t.id > $4 ORDER BY t.id LIMIT $5)"
    " SELECT json_build_object('items', COALESCE(json_agg(t.json ORDER BY t.id), '[]'),"
    " 'next_cursor', CASE WHEN count(*) = $5 THEN max(t.id)::text END)::text"
    " FROM page JOIN api_subsidy_table t ON t.id = page.id",
    0};

db_status store_standards_list(const char *jurisdiction, int year, int64_t after, int limit,
                                char **json) {
  db_params p = {0};
  dbp_str(&p, jurisdiction);
  dbp_int(&p, year);
  /* With a jurisdiction and year: the whole history; otherwise the current tables. */
  dbp_bool(&p, jurisdiction && year);
  dbp_int(&p, after);
  dbp_int(&p, limit);
  return db_query_text(&q_standards_list, &p, json, NULL);
}

static db_stmt q_std_supersede = {
    "standards_supersede",
    "UPDATE subsidy_tables SET superseded_at = now()"
    " WHERE jurisdiction = $1 AND year = $2 AND superseded_at IS NULL",
    0};
static db_stmt q_std_insert = {
    "standards_insert",
    "INSERT INTO subsidy_tables (jurisdiction, year, version, source, created_by)"
    " SELECT $1, $2, COALESCE(max(version), 0) + 1, COALESCE($3, ''), $4"
    " FROM subsidy_tables WHERE jurisdiction = $1 AND year = $2 RETURNING id",
    0};
static db_stmt q_std_cell = {
    "standards_cell_insert",
    "INSERT INTO subsidy_cells (table_id, item, scope, min_fen, max_fen, unit)"
    " VALUES ($1, $2, $3, $4, $5, $6)",
    0};
static db_stmt q_std_addon = {
    "standards_addon_insert",
    "INSERT INTO subsidy_addons (table_id, code, item, amount_fen, cap_fen)"
    " VALUES ($1, $2, $3, $4, $5)",
    0};
static db_stmt q_std_json = {
    "standards_json", "SELECT json::text FROM api_subsidy_table WHERE id = $1", 0};

typedef struct {
  const char *jurisdiction, *source;
  int year;
  const standard_cell_in *cells;
  int ncells;
  const standard_addon_in *addons;
  int naddons;
  int64_t actor;
  char *json;
} std_put_tx;

static db_status std_put_body(PGconn *c, void *arg) {
  std_put_tx *t = arg;
  db_params p = {0};
  dbp_str(&p, t->jurisdiction);
  dbp_int(&p, t->year);
  db_status s = db_exec(c, &q_std_supersede, &p, NULL);
  if (s != DB_OK) return s;
  dbp_str(&p, t->source);
  dbp_int_or_null(&p, t->actor, t->actor != 0);
  PGresult *r;
  if ((s = db_exec(c, &q_std_insert, &p, &r)) != DB_OK) return s;
  int64_t id = db_int(r, 0, 0);
  PQclear(r);
  for (int i = 0; i < t->ncells; i++) {
    const standard_cell_in *cell = &t->cells[i];
    db_params q = {0};
    dbp_int(&q, id);
    dbp_str(&q, enum_name(&ENUM_SUBSIDY_ITEM, cell->item));
    dbp_str(&q, cell->scope >= 0 ? enum_name(&ENUM_SCOPE, cell->scope) : NULL);
    dbp_int(&q, cell->min_fen);
    dbp_int(&q, cell->max_fen);
    dbp_str(&q, enum_name(&ENUM_SUBSIDY_UNIT, cell->unit));
    if ((s = db_exec(c, &q_std_cell, &q, NULL)) != DB_OK) return s;
  }
  for (int i = 0; i < t->naddons; i++) {
    const standard_addon_in *a = &t->addons[i];
    db_params q = {0};
    dbp_int(&q, id);
    dbp_str(&q, a->code);
    dbp_str(&q, a->item >= 0 ? enum_name(&ENUM_SUBSIDY_ITEM, a->item) : NULL);
    dbp_int(&q, a->amount_fen);
    dbp_int(&q, a->cap_fen);
    if ((s = db_exec(c, &q_std_addon, &q, NULL)) != DB_OK) return s;
  }
  db_params j = {0};
  dbp_int(&j, id);
  return db_exec_text(c, &q_std_json, &j, &t->json, NULL);
}

db_status store_standards_put(const char *jurisdiction, int year, const char *source,
                              const standard_cell_in *cells, int ncells,
                              const standard_addon_in *addons, int naddons, int64_t actor,
                              char **json) {
  std_put_tx t = {jurisdiction, source, year, cells, ncells, addons, naddons, actor, NULL};
  db_status s = db_tx(std_put_body, &t);
  if (s == DB_OK)
    *json = t.json;
  else
    free(t.json);
  return s;
}

static db_stmt q_claim_insert = {
    "claim_insert",
    "INSERT INTO subsidy_claims (center_id, lawyer_id, case_id, stage_id, duty_shift_id, item,"
    " year, jurisdiction, table_id, scope, grade, quantity, min_fen, max_fen, amount_fen,"
    " addons_fen, total_fen, breakdown) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,"
    " $12, $13, $14, $15, $16, $17, jsonb_build_object('table_id', $9::bigint, 'version', $18::int,"
    " 'jurisdiction', $8::text, 'year', $19::int, 'scope', $10::text, 'band',"
    " jsonb_build_array($13::bigint, $14::bigint), 'grade', $11::text, 'unit', $20::text,"
    " 'unit_amount_fen', $21::bigint, 'quantity', $12::int, 'addons_fen', $16::bigint,"
    " 'grade_pay', $22::text, 'is_default', $23::boolean))"
    " RETURNING id",
    0};

db_status store_claim_insert(PGconn *c, const claim_new *k) {
  const subsidy_quote *q = k->q;
  db_params p = {0};
  dbp_int(&p, k->center_id);
  dbp_int(&p, k->lawyer_id);
  dbp_int_or_null(&p, k->case_id, k->case_id != 0);
  dbp_int_or_null(&p, k->stage_id, k->stage_id != 0);
  dbp_int_or_null(&p, k->duty_shift_id, k->duty_shift_id != 0);
  dbp_str(&p, enum_name(&ENUM_SUBSIDY_ITEM, k->item));
  dbp_int(&p, k->year);
  dbp_str(&p, q->table->jurisdiction);
  dbp_int(&p, q->table->id);
  dbp_str(&p, q->scope >= 0 ? enum_name(&ENUM_SCOPE, q->scope) : NULL);
  dbp_str(&p, k->grade >= 0 ? enum_name(&ENUM_GRADE, k->grade) : NULL);
  dbp_int(&p, q->quantity);
  dbp_int(&p, q->min_fen);
  dbp_int(&p, q->max_fen);
  dbp_int(&p, q->amount_fen);
  dbp_int(&p, q->addons_fen);
  dbp_int(&p, q->total_fen);
  dbp_int(&p, q->table->version);
  dbp_int(&p, q->table->year);
  dbp_str(&p, enum_name(&ENUM_SUBSIDY_UNIT, q->unit));
  dbp_int(&p, q->unit_amount_fen);
  char rule[8];
  grade_pay_rule_format(q->rule, rule);
  dbp_str(&p, k->grade >= 0 ? rule : NULL);
  dbp_bool(&p, q->is_default);
  return db_exec(c, &q_claim_insert, &p, NULL);
}

/* ---- duty shifts ---- */

static db_stmt q_duty_lawyer = {
    "duty_lawyer",
    "SELECT l.center_id, ctr.region_code FROM lawyers l JOIN centers ctr ON ctr.id = l.center_id"
    " WHERE l.user_id = $1 AND ($2::boolean OR l.center_id = ANY($3::bigint[]))",
    0};
static db_stmt q_duty_insert = {
    "duty_insert",
    "INSERT INTO duty_shifts (center_id, lawyer_id, station, day, created_by, received,"
    " consultations, plea_witnessed) VALUES ($1, $2, $3, $4::date, $5, $6, $7, $8) RETURNING id",
    0};
static db_stmt q_duty_json = {
    "duty_json",
    "SELECT json_build_object('id', d.id, 'center_id', d.center_id, 'lawyer_id', d.lawyer_id,"
    " 'station', d.station, 'date', d.day,"
    " 'stationed', d.station = ANY ($2::text[]),"
    " 'received', d.received, 'consultations', d.consultations,"
    " 'plea_witnessed', d.plea_witnessed,"
    " 'claim', (SELECT v.json FROM subsidy_claims k"
    "  JOIN api_claim v ON v.id = k.id WHERE k.duty_shift_id = d.id))::text"
    " FROM duty_shifts d WHERE d.id = $1",
    0};

db_status store_duty_lawyer(const principal *pr, int64_t lawyer_id, int64_t *center_id,
                            char *region) {
  db_params p = {0};
  dbp_int(&p, lawyer_id);
  if (!dbp_scope(&p, pr)) return DB_ERROR;
  PGresult *r;
  db_status s = db_query_row(&q_duty_lawyer, &p, &r);
  if (s != DB_OK) return s;
  db_row w = {r, 0, q_duty_lawyer.name, false};
  *center_id = row_int(&w, "center_id");
  row_copy(&w, "region_code", region, 7);
  PQclear(r);
  return w.failed ? DB_ERROR : DB_OK;
}

typedef struct {
  const principal *p;
  int64_t lawyer_id, center_id;
  station_t station;
  day_t day;
  const duty_log *log;
  const claim_new *claim;
  char *json;
} duty_tx;

static db_status duty_body(PGconn *c, void *arg) {
  duty_tx *t = arg;
  db_params p = {0};
  dbp_int(&p, t->lawyer_id);
  if (!dbp_scope(&p, t->p)) return DB_ERROR;
  PGresult *r;
  db_status s = db_exec_row(c, &q_duty_lawyer, &p, &r);
  if (s != DB_OK) return s;
  bool same = db_int(r, 0, 0) == t->center_id;
  PQclear(r);
  if (!same) return DB_STALE; /* moved to another centre since it was priced */
  db_params d = {0};
  dbp_int(&d, t->center_id);
  dbp_int(&d, t->lawyer_id);
  dbp_enum(&d, &ENUM_STATION, t->station);
  dbp_date(&d, t->day);
  dbp_int(&d, t->p->user_id);
  dbp_int(&d, t->log->received);
  dbp_int(&d, t->log->consultations);
  dbp_int(&d, t->log->plea_witnessed);
  if ((s = db_exec(c, &q_duty_insert, &d, &r)) != DB_OK) return s;
  claim_new k = *t->claim;
  k.center_id = t->center_id;
  k.lawyer_id = t->lawyer_id;
  k.duty_shift_id = db_int(r, 0, 0);
  PQclear(r);
  if ((s = store_claim_insert(c, &k)) != DB_OK) return s;
  db_params j = {0};
  dbp_int(&j, k.duty_shift_id);
  dbp_set(&j, &ENUM_STATION, DUTY_STATIONED);
  return db_exec_text(c, &q_duty_json, &j, &t->json, NULL);
}

db_status store_duty_shift_create(const principal *p, int64_t lawyer_id, int64_t center_id,
                                  station_t station, day_t day, const duty_log *log,
                                  const claim_new *claim, char **json) {
  duty_tx t = {p, lawyer_id, center_id, station, day, log, claim, NULL};
  db_status s = db_tx(duty_body, &t);
  if (s == DB_OK)
    *json = t.json;
  else
    free(t.json);
  return s;
}

/* ---- claims ---- */

db_status store_claims_list(const principal *pr, const claim_filter *f, char **json) {
  db_params p = {0};
  sql_text sql = {0};
  sql_add(&sql, "SELECT k.id, k.total_fen, k.json FROM api_claim k WHERE true");
  if (!pr->all_centers) {
    if (!dbp_centers(&p, pr)) {
      sql_free(&sql);
      return DB_ERROR;
    }
    sql_addf(&sql, " AND k.center_id = ANY($%d::bigint[])",
                    p.n);
  }
  if (pr->role == ROLE_LAWYER) {
    dbp_int(&p, pr->user_id);
    sql_addf(&sql, " AND k.lawyer_id = $%d", p.n);
  }
  if (f->center_id) {
    dbp_int(&p, f->center_id);
    sql_addf(&sql, " AND k.center_id = $%d", p.n);
  }
  if (f->lawyer_id) {
    dbp_int(&p, f->lawyer_id);
    sql_addf(&sql, " AND k.lawyer_id = $%d", p.n);
  }
  if (f->status >= 0) {
    dbp_str(&p, enum_name(&ENUM_CLAIM_STATUS, f->status));
    sql_addf(&sql, " AND k.status = $%d", p.n);
  }
  if (f->year) {
    dbp_int(&p, f->year);
    sql_addf(&sql, " AND k.year = $%d", p.n);
  }
  if (f->before_id) {
    dbp_int(&p, f->before_id);
    sql_addf(&sql, " AND k.id < $%d", p.n);
  }
  dbp_int(&p, f->limit);
  sql_addf(&sql, " ORDER BY k.id DESC LIMIT $%d", p.n);
  db_status s = db_list_page(&sql, &p, p.n, "'total_fen', COALESCE(sum(v.total_fen), 0),", false,
                             json);
  sql_free(&sql);
  return s;
}

static db_stmt q_claim_read = {
    "claim_read",
    "SELECT k.center_id, k.status, k.case_id IS NOT NULL AS for_case,"
    " COALESCE(c.status = 'closed' AND c.archived_at IS NOT NULL, false) AS case_archived"
    " FROM subsidy_claims k LEFT JOIN cases c ON c.id = k.case_id"
    " WHERE k.id = $1 AND ($2::boolean OR k.center_id = ANY($3::bigint[]))",
    0};

db_status store_claim_read(const principal *pr, int64_t id, claim_state *out) {
  db_params p = {0};
  dbp_int(&p, id);
  if (!dbp_scope(&p, pr)) return DB_ERROR;
  PGresult *r;
  db_status s = db_query_row(&q_claim_read, &p, &r);
  if (s != DB_OK) return s;
  db_row w = {r, 0, q_claim_read.name, false};
  out->center_id = row_int(&w, "center_id");
  out->status = (claim_status_t)row_enum(&w, "status", &ENUM_CLAIM_STATUS);
  out->for_case = row_bool(&w, "for_case");
  out->case_archived = row_bool(&w, "case_archived");
  PQclear(r);
  return w.failed || (int)out->status < 0 ? DB_ERROR : DB_OK;
}

static db_stmt q_claim_approve = {
    "claim_approve",
    "UPDATE subsidy_claims SET status = 'approved', approved_at = now(), approved_by = $2"
    " WHERE id = $1 AND status = 'computed' RETURNING id",
    0};
static db_stmt q_claim_pay = {
    "claim_pay",
    "UPDATE subsidy_claims SET status = 'paid', paid_at = now(), paid_by = $2"
    " WHERE id = $1 AND status = 'approved' RETURNING id",
    0};
static db_stmt q_claim_json = {"claim_json", "SELECT json::text FROM api_claim WHERE id = $1", 0};

db_status store_claim_advance(const principal *pr, int64_t id, claim_status_t from, char **json) {
  *json = NULL;
  if (from != CLAIM_COMPUTED && from != CLAIM_APPROVED) return DB_ERROR;
  db_params u = {0}, j = {0};
  dbp_int(&u, id);
  dbp_int(&u, pr->user_id);
  dbp_int(&j, id);
  /* The update and the claim as it then is, in one round trip. */
  db_stmt *const stmts[] = {from == CLAIM_APPROVED ? &q_claim_pay : &q_claim_approve,
                            &q_claim_json};
  const db_params *const params[] = {&u, &j};
  PGresult *r[2];
  db_status s = db_pipeline(db_conn(), 2, stmts, params, r);
  if (s != DB_OK) return s;
  if (PQntuples(r[0]) != 1)
    s = DB_STALE; /* no longer `from` */
  else if (PQntuples(r[1]) != 1 || !(*json = strdup(PQgetvalue(r[1], 0, 0))))
    s = DB_ERROR;
  PQclear(r[0]);
  PQclear(r[1]);
  return s;
}

/* ---- budgets ---- */

static db_stmt q_budget_put = {
    "budget_put",
    "INSERT INTO budgets (center_id, year, allocated_fen, updated_by, received_fen)"
    " VALUES ($1, $2, $3, $4, $5)"
    " ON CONFLICT (center_id, year) DO UPDATE SET allocated_fen = EXCLUDED.allocated_fen,"
    " received_fen = EXCLUDED.received_fen, updated_at = now(), updated_by = EXCLUDED.updated_by",
    0};

db_status store_budget_put(int64_t center_id, int year, int64_t allocated_fen, bool received_set,
                           int64_t received_fen, int64_t actor) {
  db_params p = {0};
  dbp_int(&p, center_id);
  dbp_int(&p, year);
  dbp_int(&p, allocated_fen);
  dbp_int_or_null(&p, actor, actor != 0);
  dbp_int_or_null(&p, received_fen, received_set);
  return db_exec(db_conn(), &q_budget_put, &p, NULL);
}

static db_stmt q_budget_sums = {
    "budget_sums",
    "SELECT (SELECT allocated_fen FROM budgets WHERE center_id = $1 AND year = $2),"
    " (SELECT received_fen FROM budgets WHERE center_id = $1 AND year = $2),"
    " COALESCE(sum(total_fen) FILTER (WHERE status IN ('approved', 'paid')), 0),"
    " COALESCE(sum(total_fen) FILTER (WHERE status = 'paid'), 0),"
    " COALESCE(sum(total_fen) FILTER (WHERE status = 'computed'), 0)"
    " FROM subsidy_claims WHERE center_id = $1 AND year = $2",
    0};

db_status store_budget_sums(int64_t center_id, int year, budget_sums *out) {
  memset(out, 0, sizeof *out);
  db_params p = {0};
  dbp_int(&p, center_id);
  dbp_int(&p, year);
  PGresult *r;
  db_status s = db_query(&q_budget_sums, &p, &r);
  if (s != DB_OK) return s;
  out->allocated_set = !PQgetisnull(r, 0, 0);
  out->allocated_fen = db_int(r, 0, 0);
  out->received_set = !PQgetisnull(r, 0, 1);
  out->received_fen = db_int(r, 0, 1);
  out->committed_fen = db_int(r, 0, 2);
  out->paid_fen = db_int(r, 0, 3);
  out->pending_fen = db_int(r, 0, 4);
  PQclear(r);
  return DB_OK;
}

/* Open cases (decided for aid, not yet priced): each recorded stage not yet claimed, and the
 * current stage when none is recorded; a terminated case ungraded ($5) only the stages it
 * finished. By case, so that the caller counts a per-case item once. */
static db_stmt q_open_items = {
    "open_items",
    "SELECT c.id, c.case_type, s.stage, COALESCE(s.venue_region_code, c.venue_region_code, '')"
    " FROM cases c JOIN LATERAL ("
    "   SELECT DISTINCT st.stage, st.venue_region_code FROM case_stages st"
    "    WHERE st.case_id = c.id AND (c.status <> ALL ($5::text[]) OR st.ended_on IS NOT NULL)"
    "   UNION ALL SELECT c.stage, NULL WHERE c.stage IS NOT NULL AND c.status <> ALL ($5::text[])"
    "    AND NOT EXISTS (SELECT 1 FROM case_stages st WHERE st.case_id = c.id)"
    "   UNION ALL SELECT NULL, NULL WHERE c.stage IS NULL AND c.status <> ALL ($5::text[])"
    "    AND NOT EXISTS (SELECT 1 FROM case_stages st WHERE st.case_id = c.id)) s ON true"
    " WHERE c.center_id = $1 AND c.case_year = $2"
    "   AND (c.status = ANY ($3::text[]) OR (c.status = ANY ($4::text[]) AND c.grade IS NULL)"
    "        OR (c.status = ANY ($5::text[]) AND c.grade IS NULL))"
    " ORDER BY c.id",
    0};

db_status store_open_items(int64_t center_id, int year, open_item **items, int *n) {
  *items = NULL;
  *n = 0;
  bool bad = false;
  db_params p = {0};
  dbp_int(&p, center_id);
  dbp_int(&p, year);
  dbp_set(&p, &ENUM_STATUS, CASE_CLAIM_AHEAD);
  dbp_set(&p, &ENUM_STATUS, CASE_CLAIM_WHEN_UNGRADED);
  dbp_set(&p, &ENUM_STATUS, CASE_CLAIM_FINISHED_STAGES);
  PGresult *r;
  db_status s = db_query(&q_open_items, &p, &r);
  if (s != DB_OK) return s;
  int k = PQntuples(r);
  if (k) {
    *items = calloc((size_t)k, sizeof **items);
    if (!*items) {
      PQclear(r);
      return DB_ERROR;
    }
  }
  for (int i = 0; i < k; i++) {
    (*items)[i].case_id = db_int(r, i, 0);
    (*items)[i].case_type = find_or(&ENUM_CASE_TYPE, PQgetvalue(r, i, 1), &bad);
    (*items)[i].stage = find_or(&ENUM_STAGE, db_text(r, i, 2), &bad);
    copyz((*items)[i].venue, sizeof (*items)[i].venue, PQgetvalue(r, i, 3));
  }
  PQclear(r);
  if (bad) {
    free(*items);
    *items = NULL;
    return DB_ERROR;
  }
  *n = k;
  return DB_OK;
}

static db_stmt q_center_region = {"center_region",
                                  "SELECT region_code FROM centers WHERE id = $1", 0};

db_status store_center_region(int64_t center_id, char *region) {
  db_params p = {0};
  dbp_int(&p, center_id);
  PGresult *r;
  db_status s = db_query_row(&q_center_region, &p, &r);
  if (s != DB_OK) return s;
  copyz(region, 7, PQgetvalue(r, 0, 0));
  PQclear(r);
  return DB_OK;
}

/* ---- targets ---- */

/* Each indicator's column, in the order of domain/assessment.h. */
static const char *const target_columns[IND__COUNT] = {
    [IND_CASES] = "cases",
    [IND_PLEA_HELP_CASES] = "plea_help_cases",
    [IND_DUTY_LAWYERS_PER_DAY] = "duty_lawyers_per_day",
    [IND_CONSULTATIONS] = "consultations",
    [IND_HOTLINE_CALLS] = "hotline_calls",
    [IND_DUTY_COVERAGE] = "duty_coverage_bp",
    [IND_GOOD_RATE] = "good_rate_bp",
    [IND_EXCELLENT_RATE] = "excellent_rate_bp",
    [IND_TIMELY_RATE] = "timely_rate_bp",
    [IND_RECOVERED] = "recovered_fen",
    [IND_WORK_ORDERS_CLOSED] = "work_orders_closed_bp",
    [IND_SATISFACTION] = "satisfaction_rate_bp",
};

static db_stmt q_targets_put = {
    "targets_put",
    "INSERT INTO targets (center_id, year, updated_by, cases, plea_help_cases,"
    " duty_lawyers_per_day, consultations, hotline_calls, duty_coverage_bp, good_rate_bp,"
    " excellent_rate_bp, timely_rate_bp, recovered_fen, work_orders_closed_bp,"
    " satisfaction_rate_bp) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,"
    " $15) ON CONFLICT (center_id, year) DO UPDATE SET updated_at = now(),"
    " updated_by = EXCLUDED.updated_by, cases = EXCLUDED.cases,"
    " plea_help_cases = EXCLUDED.plea_help_cases,"
    " duty_lawyers_per_day = EXCLUDED.duty_lawyers_per_day,"
    " consultations = EXCLUDED.consultations, hotline_calls = EXCLUDED.hotline_calls,"
    " duty_coverage_bp = EXCLUDED.duty_coverage_bp, good_rate_bp = EXCLUDED.good_rate_bp,"
    " excellent_rate_bp = EXCLUDED.excellent_rate_bp, timely_rate_bp = EXCLUDED.timely_rate_bp,"
    " recovered_fen = EXCLUDED.recovered_fen,"
    " work_orders_closed_bp = EXCLUDED.work_orders_closed_bp,"
    " satisfaction_rate_bp = EXCLUDED.satisfaction_rate_bp",
    0};

db_status store_targets_put(int64_t center_id, int year, const targets_row *t, int64_t actor) {
  db_params p = {0};
  dbp_int(&p, center_id);
  dbp_int(&p, year);
  dbp_int_or_null(&p, actor, actor != 0);
  for (int i = 0; i < IND__COUNT; i++) dbp_int_or_null(&p, t->value[i], t->set[i]);
  return db_exec(db_conn(), &q_targets_put, &p, NULL);
}

static db_stmt q_targets_get = {
    "targets_get",
    "SELECT cases, plea_help_cases, duty_lawyers_per_day, consultations, hotline_calls,"
    " duty_coverage_bp, good_rate_bp, excellent_rate_bp, timely_rate_bp, recovered_fen,"
    " work_orders_closed_bp, satisfaction_rate_bp FROM targets WHERE center_id = $1 AND year = $2",
    0};

db_status store_targets_get(int64_t center_id, int year, targets_row *t) {
  memset(t, 0, sizeof *t);
  db_params p = {0};
  dbp_int(&p, center_id);
  dbp_int(&p, year);
  PGresult *r;
  db_status s = db_query(&q_targets_get, &p, &r);
  if (s != DB_OK) return s;
  if (PQntuples(r) == 1) {
    for (int i = 0; i < IND__COUNT; i++) {
      int col = PQfnumber(r, target_columns[i]);
      if (col < 0) {
        PQclear(r);
        return DB_ERROR;
      }
      t->set[i] = !PQgetisnull(r, 0, col);
      t->value[i] = db_int(r, 0, col);
    }
  }
  PQclear(r);
  return DB_OK;
}
