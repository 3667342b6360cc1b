/* The case lifecycle of DOMAIN.md: which action may happen in which state, by which role,
 * where it leads and what it changes. Pure.
 *
 * One decision, one place: the store reads a case into a case_state (case.h); case_decide
 * takes that state, who acts, what is asked and the facts the action needs, and answers a
 * typed change or a refusal with its reason; the store writes the change with its audit
 * event in one transaction; the api words the outcome.
 *
 * A new action is a line of LA_CASE_ACTIONS, its fields in case_request and a branch of
 * case_decide (lifecycle.c); a new status is a line of LA_STATUSES (enums.h) and the
 * actions that lead to it and from it here. */
#ifndef LA_DOMAIN_LIFECYCLE_H
#define LA_DOMAIN_LIFECYCLE_H
#include <stdbool.h>
#include <stdint.h>

#include "assignment.h"
#include "calendar.h"
#include "case.h"
#include "eligibility.h"
#include "enums.h"
#include "intake.h"
#include "subsidy.h"

/* For the table below: a set of statuses, a set of roles. */
#define LC_FROM(st) (1u << (st))
#define LC_ROLE(r) (1u << (r))
#define LC_SAME (-1) /* the action keeps the status */

/* X(action, name in the audit trail, statuses it may start from, status it leads to, roles
 * that may do it, whether only the lawyer the case is assigned to may). The route of each
 * action allows exactly these roles (api/routes.c reads ACT_..._ROLES). */
#define LA_CASE_ACTIONS(X)                                                                      \
  X(ACT_APPROVE, "approve", LC_FROM(ST_SUBMITTED), ST_APPROVED, LC_ROLE(ROLE_REVIEWER), false)  \
  X(ACT_REJECT, "reject", LC_FROM(ST_SUBMITTED) | LC_FROM(ST_MATERIALS_REQUESTED), ST_REJECTED, \
    LC_ROLE(ROLE_REVIEWER), false)                                                              \
  X(ACT_REQUEST_MATERIALS, "request_materials", LC_FROM(ST_SUBMITTED), ST_MATERIALS_REQUESTED,  \
    LC_ROLE(ROLE_REVIEWER), false)                                                              \
  X(ACT_MATERIALS_RECEIVED, "materials_received", LC_FROM(ST_MATERIALS_REQUESTED),              \
    ST_SUBMITTED, LC_ROLE(ROLE_CLERK), false)                                                   \
  /* Art. 44: aid before the decision */                                                        \
  X(ACT_URGENT_AID, "urgent_aid", LC_FROM(ST_SUBMITTED) | LC_FROM(ST_MATERIALS_REQUESTED),      \
    ST_APPROVED, LC_ROLE(ROLE_REVIEWER), false)                                                 \
  /* also from assigned and in progress while a replacement is pending (Art. 55) */             \
  X(ACT_ASSIGN, "assign", LC_FROM(ST_APPROVED), ST_ASSIGNED,                                    \
    LC_ROLE(ROLE_REVIEWER) | LC_ROLE(ROLE_ADMIN), false)                                        \
  X(ACT_ACCEPT, "accept", LC_FROM(ST_ASSIGNED), ST_IN_PROGRESS, LC_ROLE(ROLE_LAWYER), true)     \
  X(ACT_DECLINE, "decline", LC_FROM(ST_ASSIGNED), ST_APPROVED, LC_ROLE(ROLE_LAWYER), true)      \
  X(ACT_ADD_STAGE, "stage", LC_FROM(ST_IN_PROGRESS), LC_SAME, LC_ROLE(ROLE_LAWYER), true)       \
  X(ACT_CLOSE, "close", LC_FROM(ST_IN_PROGRESS), ST_CLOSED, LC_ROLE(ROLE_LAWYER), true)         \
  /* a terminated case too: the stages it finished are priced (API.md 1.1) */                   \
  X(ACT_GRADE, "grade", LC_FROM(ST_CLOSED) | LC_FROM(ST_TERMINATED), LC_SAME,                   \
    LC_ROLE(ROLE_REVIEWER), false)                                                              \
  /* Art. 48 */                                                                                 \
  X(ACT_TERMINATE, "terminate",                                                                 \
    LC_FROM(ST_APPROVED) | LC_FROM(ST_ASSIGNED) | LC_FROM(ST_IN_PROGRESS), ST_TERMINATED,       \
    LC_ROLE(ROLE_REVIEWER), false)                                                              \
  /* Art. 49: the applicant objects to a refusal or a termination; the judicial bureau, and  \
   * it alone, answers */                                                                       \
  X(ACT_OBJECT, "objection", LC_FROM(ST_REJECTED) | LC_FROM(ST_TERMINATED), LC_SAME,            \
    LC_ROLE(ROLE_CLERK) | LC_ROLE(ROLE_REVIEWER), false)                                        \
  X(ACT_OBJECTION_DECIDE, "objection_decision", LC_FROM(ST_REJECTED) | LC_FROM(ST_TERMINATED),  \
    LC_SAME, LC_ROLE(ROLE_BUREAU), false)                                                       \
  /* the applicant withdraws, or the papers never came (视为撤回, Art. 43) */                   \
  X(ACT_WITHDRAW, "withdraw", LC_FROM(ST_SUBMITTED) | LC_FROM(ST_MATERIALS_REQUESTED),          \
    ST_WITHDRAWN, LC_ROLE(ROLE_CLERK) | LC_ROLE(ROLE_REVIEWER), false)                          \
  /* Art. 44: the papers owed after urgent aid arrived (POST .../materials) */                  \
  X(ACT_PAPERS_RECEIVED, "papers_received",                                                     \
    LC_FROM(ST_APPROVED) | LC_FROM(ST_ASSIGNED) | LC_FROM(ST_IN_PROGRESS), LC_SAME,             \
    LC_ROLE(ROLE_CLERK), false)                                                                 \
  /* Art. 36: the organ that notified is told who the lawyer is */                              \
  X(ACT_NOTIFY_ORGAN, "organ_notification", LC_FROM(ST_ASSIGNED) | LC_FROM(ST_IN_PROGRESS),     \
    LC_SAME, LC_ROLE(ROLE_CLERK) | LC_ROLE(ROLE_REVIEWER), false)                               \
  /* Art. 38: sent on to the competent centre, with its whole history */                        \
  X(ACT_TRANSFER, "transfer", LC_FROM(ST_SUBMITTED) | LC_FROM(ST_MATERIALS_REQUESTED),          \
    ST_SUBMITTED, LC_ROLE(ROLE_CLERK) | LC_ROLE(ROLE_REVIEWER) | LC_ROLE(ROLE_ADMIN), false)    \
  /* Art. 55 */                                                                                 \
  X(ACT_REQUEST_REPLACEMENT, "replacement_request",                                             \
    LC_FROM(ST_ASSIGNED) | LC_FROM(ST_IN_PROGRESS), LC_SAME,                                    \
    LC_ROLE(ROLE_CLERK) | LC_ROLE(ROLE_REVIEWER), false)                                        \
  X(ACT_SATISFACTION, "satisfaction", LC_FROM(ST_CLOSED) | LC_FROM(ST_TERMINATED), LC_SAME,     \
    LC_ROLE(ROLE_CLERK), false)                                                                 \
  /* the applicant's data and the case's facts change; eligibility is computed again */         \
  X(ACT_UPDATE, "update", LC_FROM(ST_SUBMITTED) | LC_FROM(ST_MATERIALS_REQUESTED), LC_SAME,     \
    LC_ROLE(ROLE_CLERK) | LC_ROLE(ROLE_REVIEWER) | LC_ROLE(ROLE_ADMIN), false)                  \
  X(ACT_OVERRIDE_ELIGIBILITY, "eligibility_override",                                           \
    LC_FROM(ST_SUBMITTED) | LC_FROM(ST_MATERIALS_REQUESTED), LC_SAME, LC_ROLE(ROLE_REVIEWER),   \
    false)                                                                                      \
  /* the closed case's file is archived */                                                      \
  X(ACT_ARCHIVE, "archive", LC_FROM(ST_CLOSED), LC_SAME,                                        \
    LC_ROLE(ROLE_CLERK) | LC_ROLE(ROLE_REVIEWER) | LC_ROLE(ROLE_ADMIN), false)

#define LC_ACTION_MEMBER(id, name, from, to, roles, assigned_only) id,
typedef enum { LA_CASE_ACTIONS(LC_ACTION_MEMBER) ACT__COUNT } case_action;
/* ACT_APPROVE_ROLES, ...: the roles of each action, for the route table. */
#define LC_ACTION_ROLES(id, name, from, to, roles, assigned_only) id##_ROLES = (roles),
enum { LA_CASE_ACTIONS(LC_ACTION_ROLES) };

/* The action's name in the audit trail ("approve", "assign", ...); NULL when out of range. */
const char *lifecycle_action_name(case_action a);

/* What kind of refusal: the actor may not (forbidden), the case's state does not allow it
 * now (conflict), or what was asked breaks a rule (invalid, naming the field at fault). */
typedef enum { LC_FORBIDDEN, LC_CONFLICT, LC_INVALID } lc_kind;

/* X(refusal, stable key, kind, field at fault or NULL, the field's reason). The api words
 * each (api/words.c); the key travels as error.reason. */
#define LA_CASE_REFUSALS(X)                                                                   \
  X(REFUSE_ROLE, "role_not_allowed", LC_FORBIDDEN, NULL, NULL)                                \
  X(REFUSE_NOT_ASSIGNED_LAWYER, "not_the_assigned_lawyer", LC_FORBIDDEN, NULL, NULL)          \
  X(REFUSE_STATUS, "status_not_allowed", LC_CONFLICT, NULL, NULL)                             \
  X(REFUSE_MATERIALS_ONCE, "materials_already_requested", LC_CONFLICT, NULL, NULL)            \
  X(REFUSE_ALREADY_GRADED, "already_graded", LC_CONFLICT, NULL, NULL)                         \
  X(REFUSE_SATISFACTION_RECORDED, "satisfaction_already_recorded", LC_CONFLICT, NULL, NULL)   \
  X(REFUSE_OBJECTION_FILED, "objection_already_filed", LC_CONFLICT, NULL, NULL)               \
  X(REFUSE_NO_OBJECTION, "no_pending_objection", LC_CONFLICT, NULL, NULL)                     \
  X(REFUSE_ARCHIVED, "already_archived", LC_CONFLICT, NULL, NULL)                             \
  X(REFUSE_REPLACEMENT_PENDING, "replacement_already_requested", LC_CONFLICT, NULL, NULL)     \
  X(REFUSE_NO_MATERIALS_ASKED, "no_materials_requested", LC_CONFLICT, NULL, NULL)             \
  X(REFUSE_NO_PAPERS_OWED, "no_papers_owed", LC_CONFLICT, NULL, NULL)                         \
  X(REFUSE_NOT_A_NOTICE, "not_a_notice_case", LC_CONFLICT, NULL, NULL)                        \
  X(REFUSE_ORGAN_NOTIFIED, "organ_already_notified", LC_CONFLICT, NULL, NULL)                 \
  X(REFUSE_SAME_CENTER, "same_center", LC_INVALID, "center_id", "the case is already there")  \
  X(REFUSE_UNKNOWN_CENTER, "unknown_center", LC_INVALID, "center_id", "unknown centre")       \
  X(REFUSE_SAME_LAWYER, "already_assigned", LC_INVALID, "lawyer_id", "already assigned")      \
  X(REFUSE_UNKNOWN_LAWYER, "unknown_lawyer", LC_INVALID, "lawyer_id", "unknown lawyer")       \
  X(REFUSE_OTHER_CENTER, "other_center", LC_INVALID, "lawyer_id", "other_center")             \
  X(REFUSE_LAWYER_INACTIVE, "inactive", LC_INVALID, "lawyer_id", "inactive")                  \
  X(REFUSE_NOT_A_LAWYER, "not_a_lawyer", LC_INVALID, "lawyer_id", "not_a_lawyer")             \
  X(REFUSE_NOT_QUALIFIED, "not_qualified", LC_INVALID, "lawyer_id", "not_qualified")          \
  X(REFUSE_CONFLICT_OF_INTEREST, "conflict_of_interest", LC_INVALID, "lawyer_id",             \
    "conflict_of_interest")                                                                   \
  X(REFUSE_STAGE_NOT_FOR_TYPE, "stage_not_for_case_type", LC_INVALID, "stage",                \
    "does not fit the case type")                                                             \
  X(REFUSE_STAGE_BEFORE_APPLICATION, "stage_before_application", LC_INVALID, "started_on",    \
    "before the application")                                                                 \
  X(REFUSE_CLOSED_BEFORE_APPLICATION, "closed_before_application", LC_INVALID, "closed_on",   \
    "before the application")                                                                 \
  X(REFUSE_MATTER_NOT_FOR_TYPE, "matter_not_for_case_type", LC_INVALID, "matter",             \
    "not for this case type")                                                                 \
  X(REFUSE_GROUNDS_NOT_FOR_TYPE, "grounds_only_for_defence", LC_INVALID, "criminal_grounds",  \
    "only for criminal defence")                                                              \
  X(REFUSE_GROUPS_CONTRADICT_ID, "groups_contradict_id", LC_INVALID, "applicant.groups",      \
    "contradicts the resident ID")

#define LC_REFUSAL_MEMBER(id, key, kind, field, why) id,
typedef enum { REFUSE_NONE = 0, LA_CASE_REFUSALS(LC_REFUSAL_MEMBER) REFUSE__COUNT } case_refusal;

typedef struct {
  const char *key;    /* stable, e.g. "already_graded" */
  lc_kind kind;
  const char *field;  /* LC_INVALID: the field at fault (API path) */
  const char *why;    /* its stable English reason */
} case_refusal_info;
/* The refusal's key, kind and field; NULL for REFUSE_NONE or out of range. */
const case_refusal_info *case_refusal_of(case_refusal r);

/* Who acts. */
typedef struct {
  role_t role;
  int64_t user_id;
} case_actor;

/* The applicant's data and the case's facts as ACT_UPDATE changes them: a text is NULL when
 * not given, "" to clear it (phone, ethnicity, the opposing party's ID). The name is corrected,
 * never cleared. */
typedef struct {
  int matter; /* -1: not given */
  const char *summary, *opposing_party, *opposing_party_id_number, *venue_region_code;
  bool grounds_given, exemptions_given, groups_given;
  unsigned criminal_grounds, exemptions, groups; /* groups: as flagged */
  const char *name, *phone, *address, *ethnicity;
  bool household_size_given, income_given;
  int64_t household_size, household_monthly_income_fen;
  /* The agent replaced (agent.present) or removed (!agent.present), when agent_given. */
  bool agent_given;
  agent_in agent;
} case_update;

/* What is asked: the action and its fields (each action reads its own). */
typedef struct {
  case_action action;
  const char *reason;   /* reject, request materials, urgent aid, decline, termination,
                           objection and its decision, replacement, override */
  const char *comment;  /* materials received, accept, archive, satisfaction */
  unsigned papers;      /* request materials: the kinds of paper asked for (ENUM_ATTACHMENT_KIND) */
  int64_t lawyer_id;    /* assign */
  struct {
    int stage;          /* stage_t */
    const char *venue;  /* may be NULL */
    day_t started_on;
    bool ended;
    day_t ended_on;
  } stage;              /* add stage */
  struct {
    const char *outcome;
    int64_t recovered_fen;
    day_t closed_on;
  } closure;            /* close */
  int grade;            /* grade_t */
  int ground;           /* termination_ground_t */
  bool satisfied;       /* satisfaction */
  bool upheld;          /* objection decision */
  bool eligible;        /* override */
  case_update update;   /* update */
  int withdrawal_kind;  /* withdraw: withdrawal_kind_t */
  struct {
    const char *papers; /* urgent aid: the papers still owed (NULL: none) */
    int days;           /* and the days allowed (0: DEADLINE_PAPERS_DAYS) */
  } owed;
  int64_t center_id;    /* transfer: the competent centre */
} case_request;

/* A stage the lawyer recorded (for grading). */
typedef struct {
  int64_t id, lawyer_id;
  int stage;                          /* stage_t */
  char venue[CASE_REGION_BYTES];      /* "": not recorded */
  day_t started_on;
  bool finished;                      /* it has an end date */
} case_stage_fact;

/* What the action needs to know beyond the case, looked up before deciding. */
typedef struct {
  /* ACT_ASSIGN: the lawyer asked for, and the people it acts or acted for. */
  bool lawyer_found;
  assign_lawyer lawyer;
  const char *lawyer_name;
  const former_client *clients;
  int nclients;
  /* ACT_GRADE: the recorded stages, the subsidy tables of the centre's region for the year
   * case_claim_year names, and where in the band each grade pays there (NULL: the default). */
  const case_stage_fact *stages;
  int nstages;
  const subsidy_table *const *tables;
  int ntables;
  /* ACT_TRANSFER: whether the centre asked for exists. */
  bool center_found;
  const grade_pay *grade_pay;
  /* ACT_UPDATE: the hardship threshold of the case's centre. */
  bool threshold_known;
  int64_t threshold_fen;
  /* The time and the holiday calendar deadlines count with. */
  int64_t now; /* epoch seconds */
  day_t today; /* in Asia/Shanghai */
  const holiday_calendar *calendar;
} case_facts;

/* The audit event's detail: X(field, kind). A new field of the trail is a line here. */
#define LA_EVENT_FIELDS(X)    \
  X(decision, TEXT)           \
  X(reason, TEXT)             \
  X(comment, TEXT)            \
  X(article, TEXT)            \
  X(assignment_due, DATE)     \
  X(paused_days, INT)         \
  X(decision_due, DATE)       \
  X(lawyer_id, INT)           \
  X(lawyer_name, TEXT)        \
  X(previous_lawyer_id, INT)  \
  X(stage, TEXT)              \
  X(venue_region_code, TEXT)  \
  X(started_on, DATE)         \
  X(ended_on, DATE)           \
  X(outcome, TEXT)            \
  X(recovered_fen, INT)       \
  X(grade, TEXT)              \
  X(ground, TEXT)             \
  X(satisfied, BOOL)          \
  X(due, DATE)                \
  X(upheld, BOOL)             \
  X(eligible, BOOL)           \
  X(by, INT)                  \
  X(kind, TEXT)               \
  X(papers, TEXT)             \
  X(center_id, INT)           \
  X(from_center_id, INT)      \
  X(at, INSTANT)

#define CV_TYPE_INSTANT int64_t /* epoch seconds */
typedef struct {
  LA_EVENT_FIELDS(LA_VALUE_FIELD)
} case_event_fields;

/* A subsidy claim grading computes. */
typedef struct {
  int64_t lawyer_id, stage_id; /* stage_id 0: for the whole case */
  int item, year, grade;
  subsidy_quote quote;
} case_claim;

#define CASE_EVENT_MAX_NAMES 16

/* A decided change: what the store writes, with its audit event. */
typedef struct {
  case_action action; /* what the audit trail records (papers received at .../materials) */
  case_status_t to;
  case_columns set;
  /* ACT_TRANSFER: the case moves to this centre and takes its next number (0: stays). */
  int64_t transfer_to;
  /* ACT_ADD_STAGE: the stage to record (by the acting lawyer). */
  bool add_stage;
  int stage;
  const char *stage_venue;
  day_t stage_started_on;
  bool stage_ended;
  day_t stage_ended_on;
  /* ACT_GRADE: the claims (malloc'd: case_change_free) and the items no table prices. */
  case_claim *claims;
  int nclaims;
  int *unpriced; /* subsidy_item_t */
  int nunpriced;
  /* The lawyer's assignment history: end the open one (assignment_end_t, -1: no), start one
   * for a lawyer (0: no). */
  int end_assignment;
  int64_t start_assignment;
  /* ACT_UPDATE: the eligibility answer for the changed case (the api renders it into
   * set.eligibility). ACT_OVERRIDE_ELIGIBILITY: the override (into set.eligibility_override). */
  bool eligibility_changed;
  elig_result eligibility;
  bool override_changed;
  struct {
    bool eligible;
    const char *reason;
    int64_t by, at;
  } override;
  /* The audit event: its fields; grading lists its claims and unpriced items, an update the
   * fields it changed. */
  case_event_fields event;
  bool event_claims;
  const char *event_names[CASE_EVENT_MAX_NAMES];
  int nevent_names;
} case_change;

/* The year whose subsidy tables price a graded case's claims: the year it was closed in, or
 * terminated in. */
int case_claim_year(const case_state *s, day_t today);

/* Decides: `who` asks for `rq` on the case in state `s`, knowing `f`. REFUSE_NONE with *out
 * filled (case_change_free it), or the refusal (nothing to free). */
case_refusal case_decide(const case_state *s, const case_actor *who, const case_request *rq,
                         const case_facts *f, case_change *out);
void case_change_free(case_change *ch);

/* Days the law allows (Art. 43, 36, 49). */
#define OBJECTION_DAYS 5

#endif
