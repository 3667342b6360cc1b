/* Idempotency-Key: the first answer to (user, scope, key) is kept a day and replayed. Used
 * inside the transaction of the request it guards. */
#ifndef LA_STORE_IDEM_H
#define LA_STORE_IDEM_H
#include <stdint.h>

#include "db.h"

typedef struct {
  const char *key;         /* the header's value; NULL: no key */
  const char *scope;       /* the route, e.g. "POST /cases" */
  char request_hash[65];   /* hex SHA-256 (or any digest) of the body */
  int status;              /* the caller's status of a fresh answer, kept to replay */
} idem_req;

typedef enum { IDEM_FRESH, IDEM_REPLAY, IDEM_MISMATCH } idem_outcome;

/* Claims the key for this request. IDEM_REPLAY: *status and *body (malloc'd, caller frees)
 * hold the first answer. IDEM_MISMATCH: the key was used with another body. A concurrent
 * request with the same key waits here until the first one commits. */
db_status idem_begin(PGconn *c, int64_t user_id, const idem_req *k, idem_outcome *out,
                     int *status, char **body);
/* Records the answer (with k->status); call in the same transaction after the work
 * succeeded. */
db_status idem_finish(PGconn *c, int64_t user_id, const idem_req *k, const char *body);

#endif
