/* Subsidy standards, claims, duty shifts, budgets and targets. */
#ifndef LA_STORE_MONEY_H
#define LA_STORE_MONEY_H
#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "domain/assessment.h"
#include "domain/principal.h"
#include "domain/date.h"
#include "domain/subsidy.h"

#define MAX_TABLES 3
#define MAX_CELLS 64
#define MAX_ADDONS 16

/* The candidate tables for a region and year: for each jurisdiction of the region (itself,
 * its city, its province), its current table of the latest year not after `year`. */
typedef struct {
  subsidy_table tables[MAX_TABLES];
  const subsidy_table *ptrs[MAX_TABLES];
  int ntables;
  subsidy_cell cells[MAX_TABLES][MAX_CELLS];
  subsidy_addon addons[MAX_TABLES][MAX_ADDONS];
} standards;

db_status store_standards_for(const char *region, int year, standards *out);

/* GET /subsidy-standards: current tables (optionally one jurisdiction and/or year), with cells
 * and add-ons, and the history of versions. */
db_status store_standards_list(const char *jurisdiction, int year, int64_t after, int limit,
                                char **json);

typedef struct {
  int item, scope, unit; /* scope -1: any */
  int64_t min_fen, max_fen;
} standard_cell_in;

typedef struct {
  const char *code;
  int item; /* -1: any */
  int64_t amount_fen, cap_fen;
} standard_addon_in;

/* Replaces the jurisdiction's table for the year: the current version is kept, superseded.
 * DB_REFUSED: unknown jurisdiction. */
db_status store_standards_put(const char *jurisdiction, int year, const char *source,
                              const standard_cell_in *cells, int ncells,
                              const standard_addon_in *addons, int naddons, int64_t actor,
                              char **json);

/* A claim to write. */
typedef struct {
  int64_t center_id, lawyer_id, case_id, stage_id, duty_shift_id; /* 0: none */
  int item, year, grade, scope; /* grade/scope -1: none */
  int64_t quantity;
  const subsidy_quote *q;
} claim_new;

/* A duty lawyer of the principal's centres: its centre and that centre's region (7 bytes).
 * DB_NOT_FOUND: no such lawyer in scope. */
db_status store_duty_lawyer(const principal *p, int64_t lawyer_id, int64_t *center_id,
                            char *region);
/* The day's log of a shift (0008): people received, consultations, plea agreements witnessed. */
typedef struct {
  int64_t received, consultations, plea_witnessed;
} duty_log;
/* Records a lawyer's duty day at a station, its log and its claim (priced by the caller for
 * the lawyer's centre, center_id), in one transaction; *json the shift with its claim.
 * DB_CONFLICT: the same lawyer, station and day exists; DB_NOT_FOUND: no such lawyer in
 * scope; DB_STALE: the lawyer belongs to another centre than center_id now. */
db_status store_duty_shift_create(const principal *p, int64_t lawyer_id, int64_t center_id,
                                  station_t station, day_t day, const duty_log *log,
                                  const claim_new *claim, char **json);

typedef struct {
  int64_t center_id, lawyer_id; /* 0: any */
  int status;                   /* 0 computed, 1 approved, 2 paid, -1 any */
  int year;                     /* 0: any */
  int64_t before_id;
  int limit;
} claim_filter;
db_status store_claims_list(const principal *p, const claim_filter *f, char **json);

/* A claim as the rules see it (domain/subsidy.h claim_may_advance). DB_NOT_FOUND outside the
 * principal's centres. */
typedef struct {
  int64_t center_id;
  claim_status_t status;
  bool for_case;      /* a case's claim (not a duty day's) */
  bool case_archived; /* its case is closed and its file archived */
} claim_state;
db_status store_claim_read(const principal *p, int64_t id, claim_state *out);
/* Moves a claim on from `from` (computed -> approved, approved -> paid) by the principal;
 * DB_STALE when it is no longer `from`. *json the claim after. */
db_status store_claim_advance(const principal *p, int64_t id, claim_status_t from, char **json);

/* Budgets: the allocation and, once entered, the money received (received_set false leaves it
 * NULL). */
db_status store_budget_put(int64_t center_id, int year, int64_t allocated_fen, bool received_set,
                           int64_t received_fen, int64_t actor);
typedef struct {
  bool allocated_set, received_set;
  int64_t allocated_fen, received_fen, committed_fen, paid_fen, pending_fen;
} budget_sums;
db_status store_budget_sums(int64_t center_id, int year, budget_sums *out);

/* Open cases of a centre and year with what is still to be paid for them: one row per
 * case and stage recorded (stage -1 for a case without one), with the venue, by case; a
 * terminated case's finished stages only. */
typedef struct {
  int64_t case_id;
  int case_type, stage;
  char venue[8];
} open_item;
db_status store_open_items(int64_t center_id, int year, open_item **items, int *n);
db_status store_center_region(int64_t center_id, char *region /* 7 bytes */);

/* Targets, one per indicator of the self-assessment (domain/assessment.h), each in its
 * indicator's unit: counts, lawyers a day in hundredths, rates in basis points, fen. */
typedef struct {
  bool set[IND__COUNT];
  int64_t value[IND__COUNT];
} targets_row;
db_status store_targets_put(int64_t center_id, int year, const targets_row *t, int64_t actor);
db_status store_targets_get(int64_t center_id, int year, targets_row *t);

#endif
