#include "attachments.h"

#include "pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The case, in the caller's scope, locked against an archiving in between. */
static db_stmt q_case_for_paper = {
    "attachment_case",
    "SELECT archived_at IS NOT NULL AS archived FROM cases WHERE id = $1"
    " AND ($2::boolean OR center_id = ANY($3::bigint[])) AND ($4::bigint = 0 OR lawyer_id = $4)"
    " FOR SHARE",
    0};

static db_stmt q_attachment_insert = {
    "attachment_insert",
    "WITH a AS (INSERT INTO case_attachments (case_id, kind, filename, content_type, size,"
    "   sha256, uploaded_by, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    "   RETURNING id, case_id, kind, filename, size, uploaded_by)"
    " INSERT INTO case_events (case_id, actor_id, action, detail)"
    "   SELECT a.case_id, a.uploaded_by, 'attachment', jsonb_build_object('attachment_id', a.id,"
    "     'kind', a.kind, 'filename', a.filename, 'size', a.size) FROM a"
    " RETURNING (detail->>'attachment_id')::bigint AS id",
    0};
/* The paper as the API shows it (the view sees the insert: a statement of its own). */
static db_stmt q_attachment_inserted = {"attachment_inserted",
                                        "SELECT json::text FROM api_attachment WHERE id = $1", 0};

typedef struct {
  const principal *p;
  int64_t case_id;
  const attachment_in *in;
  const idem_req *key;
  attach_outcome *out;
  char **json;
} add_tx;

static db_status add_body(PGconn *c, void *arg) {
  add_tx *t = arg;
  db_params p = {0};
  dbp_int(&p, t->case_id);
  if (!dbp_scope(&p, t->p)) return DB_ERROR;
  dbp_int(&p, t->p->role == ROLE_LAWYER ? t->p->user_id : 0);
  PGresult *r;
  db_status s = db_exec_row(c, &q_case_for_paper, &p, &r);
  if (s == DB_NOT_FOUND) {
    *t->out = ATTACH_NO_CASE;
    return DB_ABORT;
  }
  if (s != DB_OK) return s;
  db_row w = {r, 0, "attachment_case", false};
  bool archived = row_bool(&w, "archived");
  PQclear(r);
  if (w.failed) return DB_ERROR;
  if (archived) {
    *t->out = ATTACH_ARCHIVED;
    return DB_ABORT;
  }
  if (t->key && t->key->key) {
    idem_outcome io;
    int status;
    s = idem_begin(c, t->p->user_id, t->key, &io, &status, t->json);
    if (s != DB_OK) return s;
    if (io == IDEM_MISMATCH) {
      *t->out = ATTACH_KEY_REUSED;
      return DB_ABORT;
    }
    if (io == IDEM_REPLAY) {
      *t->out = ATTACH_REPLAYED;
      return DB_OK; /* commit: durable on the standby before it is answered (idem_begin) */
    }
  }
  db_params q = {0};
  dbp_int(&q, t->case_id);
  dbp_enum(&q, &ENUM_ATTACHMENT_KIND, (int)t->in->kind);
  dbp_str(&q, t->in->filename);
  dbp_enum(&q, &ENUM_ATTACHMENT_TYPE, (int)t->in->type);
  dbp_int(&q, (int64_t)t->in->size);
  dbp_str(&q, t->in->sha256);
  dbp_int(&q, t->p->user_id);
  dbp_str(&q, NULL); /* the bytes, sent apart */
  s = db_exec_bytes(c, &q_attachment_insert, &q, 7, t->in->data, t->in->size, false, &r);
  if (s != DB_OK) return s;
  db_row a = {r, 0, "attachment_insert", false};
  db_params id = {0};
  dbp_int(&id, row_int(&a, "id"));
  PQclear(r);
  if (a.failed) return DB_ERROR;
  s = db_exec_text(c, &q_attachment_inserted, &id, t->json, NULL);
  if (s != DB_OK) return s == DB_NOT_FOUND ? DB_ERROR : s;
  *t->out = ATTACH_DONE;
  return t->key && t->key->key ? idem_finish(c, t->p->user_id, t->key, *t->json) : DB_OK;
}

db_status store_attachment_add(const principal *p, int64_t case_id, const attachment_in *in,
                               const idem_req *key, attach_outcome *out, char **json) {
  *json = NULL;
  *out = ATTACH_NO_CASE;
  add_tx t = {p, case_id, in, key, out, json};
  db_status s = db_tx(add_body, &t);
  if (s == DB_ABORT) return DB_OK; /* *out says why nothing was written (or replayed) */
  if (s != DB_OK) {
    free(*json);
    *json = NULL;
  }
  return s;
}

static db_stmt q_attachments_list = {
    "attachments_list",
    "SELECT json_build_object('items', COALESCE(json_agg(a.json ORDER BY a.id)"
    "   FILTER (WHERE a.id IS NOT NULL), '[]'),"
    "  'next_cursor', CASE WHEN count(a.id) = $6 THEN max(a.id)::text END)::text"
    " FROM cases c LEFT JOIN LATERAL (SELECT x.id, x.json FROM api_attachment x"
    "   WHERE x.case_id = c.id AND x.id > $5 ORDER BY x.id LIMIT $6) a ON true"
    " WHERE c.id = $1 AND ($2::boolean OR c.center_id = ANY($3::bigint[]))"
    "   AND ($4::bigint = 0 OR c.lawyer_id = $4)"
    " GROUP BY c.id",
    0};

db_status store_attachments_list(const principal *pr, int64_t case_id, int64_t after_id, int limit,
                                 char **json) {
  db_params p = {0};
  dbp_int(&p, case_id);
  if (!dbp_scope(&p, pr)) return DB_ERROR;
  dbp_int(&p, pr->role == ROLE_LAWYER ? pr->user_id : 0);
  dbp_int(&p, after_id);
  dbp_int(&p, limit);
  return db_query_text(&q_attachments_list, &p, json, NULL);
}

static db_stmt q_attachment_read = {
    "attachment_read",
    "WITH a AS (SELECT a.id, a.case_id, a.content_type, a.filename, a.data"
    "   FROM case_attachments a JOIN cases c ON c.id = a.case_id WHERE a.id = $1"
    "   AND ($2::boolean OR c.center_id = ANY($3::bigint[])) AND ($4::bigint = 0 OR c.lawyer_id = $4)),"
    " r AS (INSERT INTO attachment_reads (user_id, attachment_id, case_id)"
    "   SELECT $5, a.id, a.case_id FROM a)"
    " SELECT a.content_type, a.filename, a.data FROM a",
    0};

db_status store_attachment_read(const principal *pr, int64_t id, attachment_file *out) {
  memset(out, 0, sizeof *out);
  db_params p = {0};
  dbp_int(&p, id);
  if (!dbp_scope(&p, pr)) return DB_ERROR;
  dbp_int(&p, pr->role == ROLE_LAWYER ? pr->user_id : 0);
  dbp_int(&p, pr->user_id);
  PGresult *r;
  /* Not retried on a broken connection: it records the read. The binary result gives the
   * file's bytes as they are (text columns as their text). */
  db_status s = db_exec_bytes(db_conn(), &q_attachment_read, &p, -1, NULL, 0, true, &r);
  if (s != DB_OK) return s;
  if (PQntuples(r) != 1) {
    PQclear(r);
    return DB_NOT_FOUND;
  }
  db_row w = {r, 0, "attachment_read", false};
  out->type = row_enum(&w, "content_type", &ENUM_ATTACHMENT_TYPE);
  row_copy(&w, "filename", out->filename, sizeof out->filename);
  int data = PQfnumber(r, "data");
  out->len = data < 0 ? 0 : (size_t)PQgetlength(r, 0, data);
  out->data = malloc(out->len ? out->len : 1);
  if (!out->data || out->type < 0 || data < 0 || w.failed) {
    free(out->data);
    out->data = NULL;
    PQclear(r);
    return DB_ERROR;
  }
  memcpy(out->data, PQgetvalue(r, 0, data), out->len);
  PQclear(r);
  return DB_OK;
}
