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
} idem_req;

typedef enum { IDEM_FRESH, IDEM_REPLAY, IDEM_MISMATCH } idem_outcome;

/* Claims the key for this request. IDEM_REPLAY: *status and *body (malloc'd, caller frees)
 * hold the first answer, and the caller commits: the key's row is rewritten, so that the
 * commit waits for the synchronous standby and the answer is replayed only once what it
 * answers for is on the standby. (A primary that crashed while a commit waited for the standby
 * has that transaction committed when it comes back, on its own; replaying its answer at once
 * answered 201 for a case a failover then lost: tests/ha/replay.sh.) IDEM_MISMATCH: the key was
 * used with another body; the caller rolls back. A concurrent request with the same key waits
 * here until the first one commits. */
db_status idem_begin(PGconn *c, int64_t user_id, const idem_req *k, idem_outcome *out,
                     int *status, char **body);
/* Records the answer; call in the same transaction after the work succeeded. */
db_status idem_finish(PGconn *c, int64_t user_id, const idem_req *k, int status,
                      const char *body);

#endif
