#include "deadlines.h"

#include <string.h>

static day_t count(const case_clocks *c, const holiday_calendar *cal, day_t start, int days,
                   const deadline_pause *pause, case_dues *out) {
  deadline_result r = deadline_count(start, days, c->mode, cal, pause, pause ? 1 : 0);
  if (r.provisional) out->provisional = true;
  return r.due;
}

void case_dues_count(const case_clocks *c, const holiday_calendar *cal, case_dues *out) {
  memset(out, 0, sizeof *out);
  if (c->open_decision) {
    deadline_pause p = {c->materials_asked_on, c->materials_received_on};
    bool paused = c->materials_asked && c->materials_received;
    out->decision_set = true;
    out->decision_due =
        count(c, cal, c->clock_start, c->notice ? DEADLINE_NOTICE_DAYS : DEADLINE_DECISION_DAYS,
              paused ? &p : NULL, out);
  }
  if (c->open_assignment || (c->open_decision && c->notice)) {
    /* A notice is assigned within 3 days of its receipt, whenever it was approved. */
    if (c->notice) {
      out->assignment_set = true;
      out->assignment_due = count(c, cal, c->clock_start, DEADLINE_NOTICE_DAYS, NULL, out);
    } else if (c->decided) {
      out->assignment_set = true;
      out->assignment_due = count(c, cal, c->decided_on, DEADLINE_ASSIGNMENT_DAYS, NULL, out);
    }
  }
  if (c->papers_owed) {
    out->papers_set = true;
    out->papers_due = count(c, cal, c->papers_from,
                            c->papers_days > 0 ? c->papers_days : DEADLINE_PAPERS_DAYS, NULL, out);
  }
  if (c->organ_notice_owed) {
    out->organ_notice_set = true;
    out->organ_notice_due =
        count(c, cal, c->assigned_on, DEADLINE_ORGAN_NOTICE_DAYS, NULL, out);
  }
  if (c->objection_pending) {
    out->objection_set = true;
    out->objection_due =
        count(c, cal, c->objection_filed_on, DEADLINE_OBJECTION_DAYS, NULL, out);
  }
}

bool case_dues_recount(const case_deadlines *d, const holiday_calendar *cal, case_dues *now) {
  case_dues fresh;
  case_dues_count(&d->clocks, cal, &fresh);
  *now = d->was;
  bool changed = false;
#define KEEP(set, due)                                                \
  if (fresh.set) {                                                    \
    if (!d->was.set || d->was.due != fresh.due) changed = true;       \
    now->set = true;                                                  \
    now->due = fresh.due;                                             \
  }
  KEEP(decision_set, decision_due)
  KEEP(assignment_set, assignment_due)
  KEEP(papers_set, papers_due)
  KEEP(organ_notice_set, organ_notice_due)
  KEEP(objection_set, objection_due)
#undef KEEP
  now->provisional = fresh.provisional;
  if (fresh.provisional != d->was_provisional) changed = true;
  return changed;
}
