/* Idempotency-Key: the first answer to (user, scope, key) is kept a day and replayed, inside
 * the transaction of the request it guards (idem_begin, idem_finish: pg.h). */
#ifndef LA_STORE_IDEM_H
#define LA_STORE_IDEM_H
#include <stdint.h>


typedef struct {
  const char *key;         /* the header's value; NULL: no key */
  const char *scope;       /* the route, e.g. "POST /cases" */
  char request_hash[65];   /* hex SHA-256 (or any digest) of the body */
  int status;              /* the caller's status of a fresh answer, kept to replay */
} idem_req;

typedef enum { IDEM_FRESH, IDEM_REPLAY, IDEM_MISMATCH } idem_outcome;

#endif
