/* Cases and their audit trail. Every query that reads a case carries the caller's scope:
 * its centres and, for a lawyer, its own id. */
#ifndef LA_STORE_CASES_H
#define LA_STORE_CASES_H
#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "domain/intake.h"
#include "domain/principal.h"
#include "idem.h"

typedef struct {
  char *json;        /* the new case, or the replayed answer's body (caller frees) */
  idem_outcome idem;
  int replay_status; /* IDEM_REPLAY: the status the first answer had */
} case_create_result;

/* Records an intake: allocates the centre's next case number for the year of receipt,
 * inserts the case and its 'intake' event, in one transaction (with the Idempotency-Key
 * claim when key->key is set). eligibility_json is the engine's answer. */
db_status store_case_create(const intake *in, const char *eligibility_json, const principal *actor,
                            const idem_req *key, case_create_result *out);

/* One case the principal may see, as JSON; full_pii shows the resident ID, phone and
 * address, and records the read in pii_reads (store/pii_log.h: queued, then written apart;
 * DB_UNAVAILABLE when it cannot be queued). DB_NOT_FOUND when it does not exist or is out
 * of the principal's scope (the same answer, so ids cannot be probed). */
db_status store_case_get(const principal *p, int64_t id, bool full_pii, char **json);
/* Several such reads at once (requests waiting together): those with the same scope and
 * full_pii read by one statement, each recorded in pii_reads as store_case_get does; each
 * read's status and json (malloc'd, when DB_OK) filled in. */
#define CASE_READS_MAX 16
typedef struct {
  const principal *pr;
  int64_t id;
  bool full_pii;
  db_status status; /* out */
  char *json;       /* out */
} case_read;
void store_case_get_many(case_read *reads, int n);
/* That read's statement, for the benchmarks (tests/bench): $1 the id, $2 all centres, $3 the
 * centres, $4 the lawyer (0: any), $5 full_pii. */
const char *store_case_get_sql(void);

typedef struct {
  int status, case_type, channel; /* -1: any */
  int64_t center_id, lawyer_id;   /* 0: any */
  bool overdue;
  bool papers_owed, organ_notice_owed; /* only the cases with that deadline running */
  int due_within_days; /* -1: any */
  const char *q;
  bool from_set, to_set;
  day_t from, to; /* received_at dates, inclusive */
  int64_t before_id; /* keyset cursor: 0 = first page */
  int limit;
} case_filter;

/* {"items":[case (masked)...],"next_cursor":"<id>"|null}, newest first. */
db_status store_cases_list(const principal *p, const case_filter *f, char **json);

/* Records a search by resident ID or phone (API.md 1.1) in pii_reads: purpose
 * ("search_id_number", "search_phone", "search_caller"), the term as lists mask it. */
db_status store_pii_search(int64_t user_id, const char *purpose, const char *masked_term,
                           const char *client_ip);

/* The audit trail of a visible case: {"items":[{"id","at","actor_id","actor","action",
 * "from_status","to_status","detail"}],"next_cursor":null}. */
db_status store_case_events(const principal *p, int64_t id, char **json);

#endif
