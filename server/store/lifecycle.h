/* One transaction per case transition: lock the case (in the caller's scope), let the caller
 * decide (the domain's rules, through a callback), write the change and its audit event,
 * answer the case as it now is. No rules here: the callback decides. */
#ifndef LA_STORE_LIFECYCLE_H
#define LA_STORE_LIFECYCLE_H
#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "domain/assignment.h"
#include "domain/date.h"
#include "domain/lifecycle.h"
#include "domain/principal.h"
#include "money.h"

/* The locked case, as the deciding callback sees it. Strings are copies (NUL-terminated). */
typedef struct {
  int64_t id, center_id, lawyer_id; /* lawyer_id 0: none */
  int version;
  case_status_t status;
  int case_type, stage, matter, channel;
  unsigned criminal_grounds, exemptions, groups;
  day_t application_date;
  day_t decision_due;
  bool decision_due_set;
  int paused_days;
  int64_t materials_requested_at; /* epoch seconds; 0: never */
  bool graded, satisfaction_recorded, objection_filed, objection_pending, replacement_pending;
  int deadline_mode; /* deadline_mode (calendar.h) */
  char center_region[7];
  char venue_region_code[7];
  char opposing_party[256];
  char opposing_party_id_number[24];
  char applicant_id_number[24];
  bool income_set, household_size_set;
  int64_t household_monthly_income_fen, household_size;
  day_t birth_date;
  char sex; /* 'M', 'F' or 0 */
  char ethnicity[64];
  unsigned flagged_groups;
  int closed_year; /* 0: not closed */
  bool archived;
} case_row;

/* The columns a transition may set; the store maps each to its column name. */
typedef enum {
  COL_DECISION,
  COL_DECISION_REASON,
  COL_DECIDED_AT_NOW,     /* value ignored: now() */
  COL_DECIDED_BY,
  COL_DECISION_DUE,
  COL_ASSIGNMENT_DUE,
  COL_PAUSED_DAYS,
  COL_MATERIALS_REQUEST,
  COL_MATERIALS_REQUESTED_AT_NOW,
  COL_URGENT,
  COL_LAWYER_ID,          /* value NULL clears it */
  COL_ASSIGNED_AT_NOW,
  COL_ACCEPTED_AT_NOW,
  COL_CLOSED_ON,
  COL_OUTCOME,
  COL_RECOVERED_FEN,
  COL_GRADE,
  COL_GRADED_AT_NOW,
  COL_TERMINATION_GROUND,
  COL_TERMINATION_REASON,
  COL_TERMINATED_AT_NOW,
  COL_SATISFIED,
  COL_SATISFACTION_COMMENT,
  COL_SATISFACTION_AT_NOW,
  COL_OBJECTION_REASON,
  COL_OBJECTION_FILED_AT_NOW,
  COL_OBJECTION_DUE,
  COL_OBJECTION_UPHELD,
  COL_OBJECTION_DECISION_REASON,
  COL_OBJECTION_DECIDED_AT_NOW,
  COL_REPLACEMENT_REASON,
  COL_REPLACEMENT_REQUESTED_AT_NOW,
  COL_REPLACEMENT_CLEAR,  /* clears the pending request */
  COL_ELIGIBILITY,        /* jsonb */
  COL_ELIGIBILITY_OVERRIDE, /* jsonb */
  COL_STAGE,
  COL_MATTER,
  COL_SUMMARY,
  COL_OPPOSING_PARTY,
  COL_OPPOSING_PARTY_ID_NUMBER,
  COL_VENUE_REGION_CODE,
  COL_CRIMINAL_GROUNDS, /* text[] literal */
  COL_EXEMPTIONS,       /* text[] literal */
  COL_GROUPS,           /* text[] literal */
  COL_FLAGGED_GROUPS,   /* text[] literal */
  COL_PHONE,
  COL_ADDRESS,
  COL_ETHNICITY,
  COL_HOUSEHOLD_SIZE,
  COL_HOUSEHOLD_INCOME_FEN,
  COL_ARCHIVED_AT_NOW,
  COL__COUNT
} case_col;

#define CHANGE_MAX_SETS 24

/* What the callback decided. Strings are borrowed and must live until the store returns. */
typedef struct {
  int http_status;      /* 0: go ahead; 403, 409 or 422: refuse with message (and field) */
  const char *message;  /* Chinese */
  const char *field;    /* for 422: the field at fault */
  const char *field_reason;
  case_status_t to;
  struct {
    case_col col;
    const char *value; /* text; NULL is SQL NULL */
  } set[CHANGE_MAX_SETS];
  int nset;
  char num[CHANGE_MAX_SETS][24]; /* scratch for numbers */
  const char *event_detail; /* JSON object text for the audit event; NULL: {} */
  /* A stage to record (ACT_ADD_STAGE). */
  bool add_stage;
  const char *stage, *stage_venue, *stage_started_on, *stage_ended_on;
  /* Subsidy claims to write (grading). */
  claim_new claims[12];
  int nclaims;
  /* Assignment history: end the open one (reason), start one for the new lawyer. */
  const char *end_assignment_reason;
  int64_t start_assignment_lawyer;
} case_change;

void change_set(case_change *ch, case_col col, const char *value);
void change_set_int(case_change *ch, case_col col, int64_t v);
void change_set_date(case_change *ch, case_col col, day_t d);

/* The deciding callback. c is the transaction's connection, for reads the decision needs
 * (store_assignment_facts below); it must not commit or roll back. */
typedef void (*case_decide_fn)(PGconn *c, const case_row *row, void *arg, case_change *out);

typedef struct {
  int http_status; /* 200, or the refusal's (403, 404, 409, 422) */
  const char *message, *field, *field_reason;
  char *json; /* the case after the change (caller frees) */
} transition_result;

/* Runs a transition. expected_version < 0 skips the version check (stages, satisfaction).
 * DB_OK with res->http_status telling the outcome; other statuses are database failures. */
db_status store_case_transition(const principal *p, int64_t case_id, int expected_version,
                                case_action action, case_decide_fn decide, void *arg,
                                transition_result *res);

/* Inside a transition: the lawyer's facts and the people it acts or acted for (legal aid
 * clients of its assignments and declared clients), for the conflict check. clients are
 * malloc'd strings the caller frees with store_free_clients. DB_NOT_FOUND: no such lawyer. */
db_status store_assignment_facts(PGconn *c, int64_t lawyer_id, assign_lawyer *out,
                                 char *region_buf, char name_buf[256], former_client **clients,
                                 int *nclients);
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
  char venue[8], opposing[256], opposing_id[24];
} suggestion_case;

db_status store_suggestion_data(const principal *p, int64_t case_id, suggestion_case *sc,
                                lawyer_candidate **cands, int *n);
void store_free_candidates(lawyer_candidate *cands, int n);

#endif
