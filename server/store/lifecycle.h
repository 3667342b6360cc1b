/* A case transition around the domain's decision (domain/lifecycle.h): the store reads the
 * case into a case_state, and later writes the decided change with its audit event in one
 * transaction, provided the case is still at the version the decision was made on. No rules
 * here, and no reply of the web: each function answers a db_status of its own. */
#ifndef LA_STORE_LIFECYCLE_H
#define LA_STORE_LIFECYCLE_H
#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "domain/assignment.h"
#include "domain/case.h"
#include "domain/deadlines.h"
#include "domain/lifecycle.h"
#include "domain/principal.h"

/* The case as the rules see it. DB_NOT_FOUND when it does not exist or is outside the
 * principal's scope (for a lawyer: not assigned to it). DB_ERROR for a row this build cannot
 * read (a value no enumeration knows), logged. */
db_status store_case_read(const principal *p, int64_t id, case_state *out);

/* Writes `ch` (decided on `was`) for `action` by the principal: the case's columns, a
 * stage, claims, the assignment history and the audit event (detail: JSON text, NULL for
 * {}), in one transaction. DB_STALE when the case is no longer at was->version (nothing
 * written). On DB_OK *json is the case as it now is (caller frees). */
db_status store_case_write(const principal *p, const case_state *was, case_action action,
                           const case_change *ch, const char *event_detail, char **json);

/* The deadlines of every case with one running, and the facts that count them (*rows
 * malloc'd, caller frees). */
typedef struct {
  int64_t id;
  int version;
  case_deadlines d;
} case_deadline_row;
db_status store_open_case_deadlines(case_deadline_row **rows, size_t *n);
/* Writes a case's deadlines counted again, with its 'deadlines_recounted' event (detail: JSON
 * text), if the case is still at row->version (*written says whether it was). */
db_status store_case_deadlines_write(const case_deadline_row *row, const case_dues *now,
                                     int64_t actor_id, const char *detail, bool *written);

/* The stages the lawyers recorded on a case, oldest first (*rows malloc'd, caller frees). */
db_status store_case_stages(int64_t case_id, case_stage_fact **rows, int *n);

/* A lawyer's facts for the assignment rules and the people it acts or acted for (legal aid
 * clients of its assignments and declared clients): *clients malloc'd, freed with
 * store_free_clients. DB_NOT_FOUND: no such lawyer. */
typedef struct {
  assign_lawyer l;
  char region[8];
  char name[256];
  former_client *clients;
  int nclients;
} lawyer_facts;
db_status store_lawyer_facts(int64_t lawyer_id, lawyer_facts *out);
void store_free_clients(former_client *clients, int n);

/* For GET /cases/{id}/lawyer-suggestions: the case's facts (strings into bufs) and every
 * lawyer of its centre with its facts and the former clients that match the opposing party. */
typedef struct {
  assign_lawyer l;
  char region[8];
  char username[72];
  char display_name[128];
  former_client *clients;
  int nclients;
} lawyer_candidate;

typedef struct {
  assign_case c;
  char venue[8], opposing[CASE_NAME_BYTES], opposing_id[CASE_ID_NUMBER_BYTES];
} suggestion_case;

db_status store_suggestion_data(const principal *p, int64_t case_id, suggestion_case *sc,
                                lawyer_candidate **cands, int *n);
void store_free_candidates(lawyer_candidate *cands, int n);

#endif
