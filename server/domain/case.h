/* A legal aid case as the rules see it (case_state, read by the store), and the columns a
 * decision may change (case_columns, written by the store). Pure data.
 *
 * A new column a transition sets is one line of LA_CASE_COLUMNS (and its migration); the
 * store writes it by name, and the store_schema suite checks the name and kind against the
 * database. */
#ifndef LA_DOMAIN_CASE_H
#define LA_DOMAIN_CASE_H
#include <stdbool.h>
#include <stdint.h>

#include "calendar.h"
#include "date.h"
#include "enums.h"

/* Longest texts the rules read, in bytes with the NUL (the API's limits in characters, four
 * bytes each at most). A longer value from the database is an error, never cut short. */
#define CASE_NAME_BYTES 804   /* opposing_party: 200 characters */
#define CASE_ETHNICITY_BYTES 81
#define CASE_ID_NUMBER_BYTES 19
#define CASE_REGION_BYTES 7

typedef struct {
  int64_t id, center_id;
  int64_t lawyer_id; /* 0: none assigned */
  int version;
  case_status_t status;
  int case_type, channel; /* case_type_t, channel_t */
  int stage, matter;      /* stage_t, matter_t; -1: none */
  unsigned criminal_grounds, exemptions; /* sets (1u << value) */
  unsigned groups, flagged_groups;       /* groups.h */
  day_t application_date;                /* received_at in Asia/Shanghai */
  int paused_days;                       /* while papers were awaited */
  bool materials_requested;              /* papers were asked for (once, Art. 43) */
  day_t materials_requested_on;
  bool graded, satisfaction_recorded, archived;
  bool objection_filed, objection_pending; /* filed; filed and not yet decided */
  bool replacement_pending;                /* the recipient asked for another lawyer */
  deadline_mode deadline_mode;             /* the jurisdiction's, fixed at intake */
  char center_region[CASE_REGION_BYTES];
  char venue_region_code[CASE_REGION_BYTES]; /* "": none */
  char opposing_party[CASE_NAME_BYTES];      /* "": none */
  char opposing_party_id_number[CASE_ID_NUMBER_BYTES];
  bool household_size_set, income_set;
  int64_t household_size, household_monthly_income_fen;
  bool birth_known;
  day_t birth_date;
  char sex; /* 'M', 'F' or 0 */
  char ethnicity[CASE_ETHNICITY_BYTES];
  int closed_year; /* 0: not closed */
  bool papers_owed;       /* urgent aid given, the papers owed not yet supplied (Art. 44) */
  bool organ_notified;    /* the organ that notified was told who the lawyer is (Art. 36) */
  day_t clock_start;      /* the competent centre received it (a transfer restarts it) */
  int terminated_year; /* 0: not terminated */
} case_state;

/* The statuses by what they mean to the queries that select cases (sets of case_status_t
 * bits; the store passes them as text[] parameters, api/views.c writes them into its views).
 * A new status joins here the sets it belongs to; tests/unit/test_lifecycle.c lists every
 * status's sets by name, so a status left out of that list fails it. */
#define ST_BIT(s) (1u << (s))
/* Ended: nothing more is decided; a new application of the same person is not its duplicate. */
#define CASE_ENDED \
  (ST_BIT(ST_REJECTED) | ST_BIT(ST_CLOSED) | ST_BIT(ST_TERMINATED) | ST_BIT(ST_WITHDRAWN))
/* Counted as a case of its year (statistics, reports): all but refused and withdrawn
 * applications (neither was ever aided). */
#define CASE_COUNTED (((1u << ST__COUNT) - 1u) & ~(ST_BIT(ST_REJECTED) | ST_BIT(ST_WITHDRAWN)))
/* Waiting for the decision: its decision_due runs (overdue after it). */
#define CASE_AWAITING_DECISION ST_BIT(ST_SUBMITTED)
/* Approved and waiting for a lawyer: its assignment_due runs. */
#define CASE_AWAITING_ASSIGNMENT ST_BIT(ST_APPROVED)
/* On a lawyer's desk: counts in the lawyer's load. */
#define CASE_WITH_LAWYER (ST_BIT(ST_ASSIGNED) | ST_BIT(ST_IN_PROGRESS))
/* A subsidy claim still to come (the budget's commitments): approved or with a lawyer, and
 * CASE_CLAIM_WHEN_UNGRADED when the quality grade is still to be given. */
#define CASE_CLAIM_AHEAD (ST_BIT(ST_APPROVED) | CASE_WITH_LAWYER)
#define CASE_CLAIM_WHEN_UNGRADED ST_BIT(ST_CLOSED)
/* Ungraded and ended before its end: only the stages it finished are still to be paid. */
#define CASE_CLAIM_FINISHED_STAGES ST_BIT(ST_TERMINATED)

/* A case's number (DOMAIN.md): the year of receipt in full-width brackets (API.md 1.1; the
 * numbers issued before with ASCII ones stay as they were), the centre's prefix, and the
 * centre's sequence number of that year in at least CASE_NO_DIGITS digits, never reused:
 * （2024）洼法援字第0001号. The store numbers a case in the statement that inserts it. */
#define CASE_NO_OPEN "（"
#define CASE_NO_CLOSE "）"
#define CASE_NO_KIND "法援字第"
#define CASE_NO_END "号"
#define CASE_NO_DIGITS 4

/* How a decision changes one column: leaves it, clears it, sets it, or stamps it now(). */
typedef enum { CV_KEEP = 0, CV_NULL, CV_SET, CV_NOW } cv_how;

/* The value types of the kinds of column. TIME columns are only stamped or cleared; JSON
 * columns hold the api's rendering of a typed value the decision gives (case_change). */
#define CV_TYPE_TEXT const char *
#define CV_TYPE_JSON const char *
#define CV_TYPE_INT int64_t
#define CV_TYPE_BOOL bool
#define CV_TYPE_DATE day_t
#define CV_TYPE_TIME bool
#define CV_TYPE_ENUM int
#define CV_TYPE_SET unsigned

/* The columns of `cases` a decision may set: X(column, kind, enumeration of ENUM and SET). */
#define LA_CASE_COLUMNS(X)                                  \
  X(decision, ENUM, &ENUM_DECISION)                         \
  X(decision_reason, TEXT, NULL)                            \
  X(decided_at, TIME, NULL)                                 \
  X(decided_by, INT, NULL)                                  \
  X(decision_due, DATE, NULL)                               \
  X(assignment_due, DATE, NULL)                             \
  X(paused_days, INT, NULL)                                 \
  X(materials_request, TEXT, NULL)                          \
  X(materials_requested_at, TIME, NULL)                     \
  X(materials_papers, SET, &ENUM_ATTACHMENT_KIND)           \
  X(urgent, BOOL, NULL)                                     \
  X(lawyer_id, INT, NULL)                                   \
  X(assigned_at, TIME, NULL)                                \
  X(accepted_at, TIME, NULL)                                \
  X(closed_on, DATE, NULL)                                  \
  X(outcome, TEXT, NULL)                                    \
  X(recovered_fen, INT, NULL)                               \
  X(grade, ENUM, &ENUM_GRADE)                               \
  X(graded_at, TIME, NULL)                                  \
  X(termination_ground, ENUM, &ENUM_TERMINATION_GROUND)     \
  X(termination_reason, TEXT, NULL)                         \
  X(terminated_at, TIME, NULL)                              \
  X(satisfied, BOOL, NULL)                                  \
  X(satisfaction_comment, TEXT, NULL)                       \
  X(satisfaction_at, TIME, NULL)                            \
  X(objection_reason, TEXT, NULL)                           \
  X(objection_filed_at, TIME, NULL)                         \
  X(objection_due, DATE, NULL)                              \
  X(objection_upheld, BOOL, NULL)                           \
  X(objection_decision_reason, TEXT, NULL)                  \
  X(objection_decided_at, TIME, NULL)                       \
  X(replacement_reason, TEXT, NULL)                         \
  X(replacement_requested_at, TIME, NULL)                   \
  X(archived_at, TIME, NULL)                                \
  X(eligibility, JSON, NULL)                                \
  X(eligibility_override, JSON, NULL)                       \
  X(stage, ENUM, &ENUM_STAGE)                               \
  X(matter, ENUM, &ENUM_MATTER)                             \
  X(summary, TEXT, NULL)                                    \
  X(opposing_party, TEXT, NULL)                             \
  X(opposing_party_id_number, TEXT, NULL)                   \
  X(venue_region_code, TEXT, NULL)                          \
  X(criminal_grounds, SET, &ENUM_CRIMINAL_GROUND)           \
  X(exemptions, SET, &ENUM_EXEMPTION)                       \
  X(groups, SET, &ENUM_GROUP)                               \
  X(flagged_groups, SET, &ENUM_GROUP)                       \
  X(applicant_name, TEXT, NULL)                             \
  X(applicant_phone, TEXT, NULL)                            \
  X(applicant_address, TEXT, NULL)                          \
  X(applicant_ethnicity, TEXT, NULL)                        \
  X(household_size, INT, NULL)                              \
  X(household_monthly_income_fen, INT, NULL)              \
  X(withdrawal_kind, ENUM, &ENUM_WITHDRAWAL_KIND)           \
  X(withdrawal_reason, TEXT, NULL)                          \
  X(withdrawn_at, TIME, NULL)                               \
  X(agent_name, TEXT, NULL)                                 \
  X(agent_relation, ENUM, &ENUM_AGENT_RELATION)             \
  X(agent_id_type, ENUM, &ENUM_ID_TYPE)                     \
  X(agent_id_number, TEXT, NULL)                            \
  X(agent_phone, TEXT, NULL)                                \
  X(papers_owed, TEXT, NULL)                                \
  X(papers_due, DATE, NULL)                                 \
  X(papers_from, DATE, NULL)                                \
  X(papers_days, INT, NULL)                                 \
  X(papers_received_at, TIME, NULL)                         \
  X(organ_notice_due, DATE, NULL)                           \
  X(organ_notified_on, DATE, NULL)                          \
  X(organ_notified_by, INT, NULL)                           \
  X(transferred_at, TIME, NULL)                             \
  X(transfer_reason, TEXT, NULL)                            \
  X(clock_started_on, DATE, NULL)                          \
  X(materials_received_on, DATE, NULL)

/* A field that a decision may set, of a kind above. */
#define LA_VALUE_FIELD(name, kind) \
  struct {                         \
    cv_how how;                    \
    CV_TYPE_##kind v;              \
  } name;
#define LA_CASE_COLUMN_FIELD(col, kind, e) LA_VALUE_FIELD(col, kind)
typedef struct {
  LA_CASE_COLUMNS(LA_CASE_COLUMN_FIELD)
} case_columns;

/* Setting a column (or an audit field of lifecycle.h): cv_set(ch->set.grade, GRADE_GOOD). */
#define cv_set(f, value) ((f).how = CV_SET, (f).v = (value))
#define cv_now(f) ((f).how = CV_NOW)
#define cv_null(f) ((f).how = CV_NULL)
/* A text that may be absent: set when given, cleared when NULL. */
#define cv_text(f, s) ((f).how = (s) ? CV_SET : CV_NULL, (f).v = (s))

#endif
