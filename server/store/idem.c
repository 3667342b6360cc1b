#include "idem.h"

#include "pg.h"

#include <stdlib.h>
#include <string.h>

static db_stmt q_idem_claim = {
    "idem_claim",
    "INSERT INTO idempotency_keys (user_id, scope, key, request_hash) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT DO NOTHING RETURNING 1",
    0};
/* An UPDATE, not a SELECT: the replaying transaction then writes, and its commit waits for the
 * synchronous standby like the first answer's did (pg.h). */
static db_stmt q_idem_get = {
    "idem_get",
    "UPDATE idempotency_keys SET status = status"
    " WHERE user_id = $1 AND scope = $2 AND key = $3"
    " RETURNING request_hash, status, response",
    0};
static db_stmt q_idem_finish = {
    "idem_finish",
    "UPDATE idempotency_keys SET status = $4, response = $5"
    " WHERE user_id = $1 AND scope = $2 AND key = $3",
    0};

db_status idem_begin(PGconn *c, int64_t user_id, const idem_req *k, idem_outcome *out,
                     int *status, char **body) {
  *out = IDEM_FRESH;
  *body = NULL;
  db_params p = {0};
  dbp_int(&p, user_id);
  dbp_str(&p, k->scope);
  dbp_str(&p, k->key);
  dbp_str(&p, k->request_hash);
  PGresult *r;
  db_status s = db_exec(c, &q_idem_claim, &p, &r);
  if (s != DB_OK) return s;
  int claimed = PQntuples(r);
  PQclear(r);
  if (claimed) return DB_OK;
  p.n = 3;
  s = db_exec(c, &q_idem_get, &p, &r);
  if (s != DB_OK) return s;
  if (PQntuples(r) != 1 || PQgetisnull(r, 0, 1)) {
    /* Claimed by a transaction that rolled back in between: rare; ask to retry. */
    PQclear(r);
    return DB_RETRY;
  }
  if (strcmp(PQgetvalue(r, 0, 0), k->request_hash) != 0) {
    *out = IDEM_MISMATCH;
  } else {
    *out = IDEM_REPLAY;
    *status = (int)db_int(r, 0, 1);
    *body = strdup(PQgetvalue(r, 0, 2));
  }
  PQclear(r);
  return DB_OK;
}

db_status idem_finish(PGconn *c, int64_t user_id, const idem_req *k, const char *body) {
  db_params p = {0};
  dbp_int(&p, user_id);
  dbp_str(&p, k->scope);
  dbp_str(&p, k->key);
  dbp_int(&p, k->status);
  dbp_str(&p, body);
  return db_exec(c, &q_idem_finish, &p, NULL);
}
