#include "hotline.h"

#include "pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"

static db_stmt q_call_insert = {
    "call_insert",
    "WITH k AS (INSERT INTO hotline_calls (center_id, kind, started_at, duration_s,"
    "  caller_phone, caller_region_code, topic, summary, outcome, follow_up, satisfied,"
    "  operator_id, transfer_due, feedback_due)"
    "  VALUES ($1, $2, to_timestamp($3), $4, $5, $6, $7, COALESCE($8, ''), $9, $10, $11, $12,"
    "  $13::date, $14::date) RETURNING id)"
    " SELECT id FROM k",
    0};
/* Sent with q_call_insert: the call it wrote (api/views.c). */
static db_stmt q_call_inserted = {
    "call_inserted",
    "SELECT json::text FROM api_call"
    " WHERE id = (SELECT currval(pg_get_serial_sequence('hotline_calls', 'id'))) AND full_pii",
    0};

/* A write and the read of the call it wrote (by id, $1 of `read`), in one round trip:
 * DB_NOT_FOUND when the write touched no row. */
static db_status write_then_read(PGconn *c, db_stmt *write, const db_params *wp, db_stmt *read,
                                 const db_params *rp, char **json) {
  *json = NULL;
  db_stmt *const stmts[] = {write, read};
  const db_params *const params[] = {wp, rp};
  PGresult *r[2];
  db_status s = db_pipeline(c, 2, stmts, params, r);
  if (s != DB_OK) return s;
  if (PQntuples(r[0]) != 1 || PQntuples(r[1]) != 1)
    s = DB_NOT_FOUND;
  else if (!(*json = strdup(PQgetvalue(r[1], 0, 0))))
    s = DB_ERROR;
  PQclear(r[0]);
  PQclear(r[1]);
  return s;
}

typedef struct {
  const call_new *k;
  const idem_req *key;
  call_create_result *out;
} call_tx;

static db_status call_insert(PGconn *c, const call_new *k, char **json) {
  char td[DATE_STR_LEN], fd[DATE_STR_LEN];
  db_params p = {0};
  dbp_int(&p, k->center_id);
  dbp_str(&p, enum_name(&ENUM_CALL_KIND, k->kind));
  dbp_int(&p, k->started_at);
  dbp_int(&p, k->duration_s);
  dbp_str(&p, k->caller_phone);
  dbp_str(&p, k->caller_region_code);
  dbp_str(&p, enum_name(&ENUM_TOPIC, k->topic));
  dbp_str(&p, k->summary);
  dbp_str(&p, enum_name(&ENUM_CALL_OUTCOME, k->outcome));
  dbp_bool(&p, k->follow_up);
  if (k->satisfied < 0)
    dbp_str(&p, NULL);
  else
    dbp_bool(&p, k->satisfied == 1);
  dbp_int(&p, k->operator_id);
  if (k->dues_set) {
    date_format(k->transfer_due, td);
    date_format(k->feedback_due, fd);
  }
  dbp_str(&p, k->dues_set ? td : NULL);
  dbp_str(&p, k->dues_set ? fd : NULL);
  return write_then_read(c, &q_call_insert, &p, &q_call_inserted, NULL, json);
}

static db_status call_body(PGconn *c, void *arg) {
  call_tx *t = arg;
  db_status s = idem_begin(c, t->k->operator_id, t->key, &t->out->idem, &t->out->replay_status,
                           &t->out->json);
  if (s != DB_OK) return s;
  if (t->out->idem == IDEM_MISMATCH) return DB_ABORT;
  if (t->out->idem == IDEM_REPLAY) return DB_OK; /* commit: durable before it is answered */
  if ((s = call_insert(c, t->k, &t->out->json)) != DB_OK) return s;
  return idem_finish(c, t->k->operator_id, t->key, t->out->json);
}

db_status store_call_create(const call_new *k, const idem_req *key, call_create_result *out) {
  memset(out, 0, sizeof *out);
  if (!key || !key->key) return call_insert(db_conn(), k, &out->json);
  call_tx t = {k, key, out};
  db_status s = db_tx(call_body, &t);
  if (s == DB_ABORT) return DB_OK;
  if (s != DB_OK) {
    free(out->json);
    out->json = NULL;
  }
  return s;
}

db_status store_calls_list(const principal *pr, const call_filter *f, char **json) {
  char fr[DATE_STR_LEN], to[DATE_STR_LEN];
  db_params p = {0};
  sql_text sql = {0};
  sql_add(&sql, "SELECT k.id, k.json FROM api_call k WHERE NOT k.full_pii");
#define ADD(...) sql_addf(&sql, __VA_ARGS__)
  if (!pr->all_centers) {
    if (!dbp_centers(&p, pr)) {
      sql_free(&sql);
      return DB_ERROR;
    }
    ADD(" AND k.center_id = ANY($%d::bigint[])", p.n);
  }
  if (f->center_id) {
    dbp_int(&p, f->center_id);
    ADD(" AND k.center_id = $%d", p.n);
  }
  if (f->operator_id) {
    dbp_int(&p, f->operator_id);
    ADD(" AND k.operator_id = $%d", p.n);
  }
  if (f->topic >= 0) {
    dbp_str(&p, enum_name(&ENUM_TOPIC, f->topic));
    ADD(" AND k.topic = $%d", p.n);
  }
  if (f->outcome >= 0) {
    dbp_str(&p, enum_name(&ENUM_CALL_OUTCOME, f->outcome));
    ADD(" AND k.outcome = $%d", p.n);
  }
  if (f->kind >= 0) {
    dbp_str(&p, enum_name(&ENUM_CALL_KIND, f->kind));
    ADD(" AND k.kind = $%d", p.n);
  }
  if (f->phone) {
    dbp_str(&p, f->phone);
    ADD(" AND k.caller_phone = $%d", p.n);
  }
  if (f->follow_up_queue) ADD(" AND (k.follow_up OR k.satisfied = false) AND k.handled_at IS NULL");
  if (f->from_set) {
    date_format(f->from, fr);
    dbp_str(&p, fr);
    ADD(" AND k.started_at >= $%d::date::timestamptz", p.n);
  }
  if (f->to_set) {
    date_format(f->to, to);
    dbp_str(&p, to);
    ADD(" AND k.started_at < ($%d::date + 1)::timestamptz", p.n);
  }
  if (f->before_id) {
    dbp_int(&p, f->before_id);
    ADD(" AND k.id < $%d", p.n);
  }
  dbp_int(&p, f->limit);
  ADD(" ORDER BY k.id DESC LIMIT $%d", p.n);
#undef ADD
  db_status s = db_list_page(&sql, &p, p.n, "", false, json);
  sql_free(&sql);
  return s;
}

static db_stmt q_lookup = {
    "caller_lookup",
    "SELECT json_build_object("
    " 'calls', COALESCE((SELECT json_agg(v.json ORDER BY k.started_at DESC)"
    "   FROM (SELECT id, started_at FROM hotline_calls WHERE caller_phone = $1"
    "         AND ($2::boolean OR center_id = ANY($3::bigint[]))"
    "         ORDER BY started_at DESC LIMIT 50) k"
    "   JOIN api_call v ON v.id = k.id AND NOT v.full_pii), '[]'),"
    " 'cases', COALESCE((SELECT json_agg(json_build_object('id', c.id, 'case_no', c.case_no,"
    "   'status', c.status, 'case_type', c.case_type, 'applicant_name', c.applicant_name,"
    "   'received_at', date_trunc('second', c.received_at)) ORDER BY c.id DESC)"
    "   FROM cases c WHERE c.applicant_phone = $1"
    "     AND ($2::boolean OR c.center_id = ANY($3::bigint[]))), '[]'))::text",
    0};

db_status store_caller_lookup(const principal *pr, const char *phone, char **json) {
  db_params p = {0};
  dbp_str(&p, phone);
  if (!dbp_scope(&p, pr)) return DB_ERROR;
  return db_query_text(&q_lookup, &p, json, NULL);
}

static db_stmt q_handle = {
    "call_handle",
    "UPDATE hotline_calls SET handled_at = now(), handled_by = $4,"
    "   handled_note = $5, satisfied = COALESCE($6::boolean, satisfied)"
    "  WHERE id = $1 AND ($2::boolean OR center_id = ANY($3::bigint[]))"
    "    AND (follow_up OR satisfied = false) AND handled_at IS NULL RETURNING id",
    0};
static db_stmt q_call_json = {
    "call_json", "SELECT json::text FROM api_call WHERE id = $1 AND full_pii", 0};
static db_stmt q_call_exists = {
    "call_exists",
    "SELECT center_id FROM hotline_calls WHERE id = $1"
    " AND ($2::boolean OR center_id = ANY($3::bigint[]))",
    0};

db_status store_call_center(const principal *pr, int64_t id, int64_t *center_id) {
  db_params p = {0};
  dbp_int(&p, id);
  if (!dbp_scope(&p, pr)) return DB_ERROR;
  PGresult *r;
  db_status s = db_query(&q_call_exists, &p, &r);
  if (s != DB_OK) return s;
  s = PQntuples(r) == 1 ? DB_OK : DB_NOT_FOUND;
  if (s == DB_OK) *center_id = db_int(r, 0, 0);
  PQclear(r);
  return s;
}

db_status store_call_handle(const principal *pr, int64_t id, const char *note, int satisfied,
                            char **json) {
  db_params p = {0};
  dbp_int(&p, id);
  if (!dbp_scope(&p, pr)) return DB_ERROR;
  dbp_int(&p, pr->user_id);
  dbp_str(&p, note);
  if (satisfied < 0)
    dbp_str(&p, NULL);
  else
    dbp_bool(&p, satisfied == 1);
  db_params j = {0};
  dbp_int(&j, id);
  db_status s = write_then_read(db_conn(), &q_handle, &p, &q_call_json, &j, json);
  if (s != DB_NOT_FOUND) return s;
  /* Nothing handled: no such call, or one not in the queue. */
  int64_t center;
  s = store_call_center(pr, id, &center);
  return s == DB_OK ? DB_CONFLICT : s;
}

static db_stmt q_call_lock = {
    "call_lock_for_convert",
    "SELECT outcome FROM hotline_calls WHERE id = $1"
    " AND ($2::boolean OR center_id = ANY($3::bigint[])) FOR UPDATE",
    0};
static db_stmt q_call_converted = {
    "call_converted",
    "UPDATE hotline_calls SET outcome = 'converted', case_id = $2 WHERE id = $1", 0};
static db_stmt q_convert_event = {
    "call_convert_event",
    "INSERT INTO case_events (case_id, actor_id, action, to_status, detail)"
    " VALUES ($1, $3, 'converted_from_call', 'submitted',"
    " jsonb_build_object('hotline_call_id', $2::bigint))",
    0};

typedef struct {
  const principal *p;
  int64_t id;
  const intake *in;
  const char *elig;
  char *json;
} convert_tx;

static db_status convert_body(PGconn *c, void *arg) {
  convert_tx *t = arg;
  db_params p = {0};
  dbp_int(&p, t->id);
  if (!dbp_scope(&p, t->p)) return DB_ERROR;
  PGresult *r;
  db_status s = db_exec_row(c, &q_call_lock, &p, &r);
  if (s != DB_OK) return s;
  bool converted = strcmp(PQgetvalue(r, 0, 0), "converted") == 0;
  PQclear(r);
  if (converted) return DB_CONFLICT;
  free(t->json);
  t->json = NULL;
  int64_t case_id;
  s = store_case_insert_tx(c, t->in, t->elig, t->p, &case_id, &t->json);
  if (s != DB_OK) return s;
  db_params u = {0};
  dbp_int(&u, t->id);
  dbp_int(&u, case_id);
  if ((s = db_exec(c, &q_call_converted, &u, NULL)) != DB_OK) return s;
  db_params e = {0};
  dbp_int(&e, case_id);
  dbp_int(&e, t->id);
  dbp_int(&e, t->p->user_id);
  /* The audit is only ever added to: a second event links the call (the intake's stays). */
  return db_exec(c, &q_convert_event, &e, NULL);
}

db_status store_call_convert(const principal *p, int64_t id, const intake *in, const char *elig,
                             char **json) {
  convert_tx t = {p, id, in, elig, NULL};
  db_status s = db_tx(convert_body, &t);
  if (s == DB_OK) {
    *json = t.json;
    return DB_OK;
  }
  free(t.json);
  *json = NULL;
  return s;
}

static db_stmt q_consultation = {
    "consultation_insert",
    "WITH k AS (INSERT INTO consultations (center_id, channel, topic, at, summary, created_by,"
    " satisfied) VALUES ($1, $2, $3, to_timestamp($4), COALESCE($5, ''), $6, $7) RETURNING *)"
    " SELECT json_build_object('id', id, 'center_id', center_id, 'channel', channel, 'topic',"
    " topic, 'at', date_trunc('second', at), 'summary', summary, 'satisfied', satisfied,"
    " 'created_by', created_by)::text"
    " FROM k",
    0};

db_status store_consultation_create(const consultation_new *k, char **json) {
  db_params p = {0};
  dbp_int(&p, k->center_id);
  dbp_str(&p, enum_name(&ENUM_CONSULT_CHANNEL, k->channel));
  dbp_str(&p, enum_name(&ENUM_TOPIC, k->topic));
  dbp_int(&p, k->at);
  dbp_str(&p, k->summary);
  dbp_int(&p, k->actor);
  if (k->satisfied < 0)
    dbp_str(&p, NULL);
  else
    dbp_bool(&p, k->satisfied == 1);
  return db_exec_text(db_conn(), &q_consultation, &p, json, NULL);
}
