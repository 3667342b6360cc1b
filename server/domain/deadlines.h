/* Every deadline a case can be waiting on, counted from the facts that start each clock: one
 * place for the intake, the transitions and a holiday year loaded later (which counts the
 * open cases' deadlines again). Pure. The articles: server/domain/LAW.md. */
#ifndef LA_DOMAIN_DEADLINES_H
#define LA_DOMAIN_DEADLINES_H
#include <stdbool.h>

#include "calendar.h"
#include "date.h"

/* Days the law allows. */
#define DEADLINE_DECISION_DAYS 7      /* Art. 43: decide within 7 days of the application */
#define DEADLINE_ASSIGNMENT_DAYS 3    /* Art. 43: assign within 3 days of the decision */
#define DEADLINE_NOTICE_DAYS 3        /* Art. 36: assign within 3 days of a notice */
#define DEADLINE_ORGAN_NOTICE_DAYS 3  /* Art. 36: tell the organ who the lawyer is */
#define DEADLINE_OBJECTION_DAYS 5     /* Art. 49: the bureau answers within 5 days */
#define DEADLINE_PAPERS_DAYS 7        /* Art. 44: papers owed after urgent aid, by default */

/* What starts and stops a case's clocks. A `has_` false leaves that clock unstarted. */
typedef struct {
  deadline_mode mode;
  bool notice;         /* notified by police, procuratorate or court (Art. 36) */
  day_t clock_start;   /* the competent centre received the application */
  /* Papers asked for on `asked_on`; `received` once they arrived on `received_on`. While
   * they are awaited the decision's due date stays as counted before (the clock stands). */
  bool materials_asked, materials_received;
  day_t materials_asked_on, materials_received_on;
  bool open_decision;   /* submitted or awaiting papers: a decision is due */
  bool open_assignment; /* approved, no lawyer yet: an assignment is due */
  bool decided;         /* approved (or urgent aid) on decided_on */
  day_t decided_on;
  bool papers_owed;     /* urgent aid given on papers_from, papers not yet supplied (Art. 44) */
  day_t papers_from;
  int papers_days;      /* days the centre allowed (DEADLINE_PAPERS_DAYS when 0) */
  bool organ_notice_owed; /* a notice case assigned on assigned_on, the organ not yet told */
  day_t assigned_on;
  bool objection_pending; /* filed on objection_filed_on, not decided */
  day_t objection_filed_on;
} case_clocks;

typedef struct {
  bool decision_set, assignment_set, papers_set, organ_notice_set, objection_set;
  day_t decision_due, assignment_due, papers_due, organ_notice_due, objection_due;
  /* Some deadline was counted through a year whose holidays are not loaded (weekends only). */
  bool provisional;
} case_dues;

void case_dues_count(const case_clocks *c, const holiday_calendar *cal, case_dues *out);

/* A case's deadlines as they stand (set: a date is recorded) beside the clocks that make them. */
typedef struct {
  case_clocks clocks;
  case_dues was;
  bool was_provisional;
} case_deadlines;

/* Counts a case's running deadlines again (a holiday year was loaded): true when any date or
 * the provisional mark changed, with *now the new dues (those not running stay as they were). */
bool case_dues_recount(const case_deadlines *d, const holiday_calendar *cal, case_dues *now);

#endif
