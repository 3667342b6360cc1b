#include "lifecycle.h"

#include <stdlib.h>
#include <string.h>

#include "deadlines.h"
#include "groups.h"
#include "intake.h"
#include "jurisdiction.h"
#include "principal.h"

typedef struct {
  const char *name;
  unsigned from;  /* status bits */
  int to;         /* case_status_t, or LC_SAME */
  unsigned roles; /* ROLE_BIT mask */
  bool assigned_lawyer_only;
} transition;

static const transition table[ACT__COUNT] = {
#define ROW(id, name, from, to, roles, assigned_only) [id] = {name, from, to, roles, assigned_only},
    LA_CASE_ACTIONS(ROW)
#undef ROW
};

static const case_refusal_info refusals[REFUSE__COUNT] = {
#define ROW(id, key, kind, field, why) [id] = {key, kind, field, why},
    LA_CASE_REFUSALS(ROW)
#undef ROW
};

const char *lifecycle_action_name(case_action a) {
  return a >= 0 && a < ACT__COUNT ? table[a].name : NULL;
}

const case_refusal_info *case_refusal_of(case_refusal r) {
  return r > REFUSE_NONE && r < REFUSE__COUNT ? &refusals[r] : NULL;
}

int case_claim_year(const case_state *s, day_t today) {
  return s->closed_year ? s->closed_year : s->terminated_year ? s->terminated_year : date_year(today);
}

/* Who may, and from which state: the table, then the once-only rules. */
static case_refusal gate(case_action a, const case_state *s, const case_actor *who) {
  const transition *t = &table[a];
  if (!(t->roles & ROLE_BIT(who->role))) return REFUSE_ROLE;
  if (t->assigned_lawyer_only && !(who->role == ROLE_LAWYER && s->lawyer_id == who->user_id))
    return REFUSE_NOT_ASSIGNED_LAWYER;
  unsigned from = t->from;
  /* A pending request to replace the lawyer lets the case be assigned again (Art. 55). */
  if (a == ACT_ASSIGN && s->replacement_pending)
    from |= LC_FROM(ST_ASSIGNED) | LC_FROM(ST_IN_PROGRESS);
  if (!(from & LC_FROM(s->status))) return REFUSE_STATUS;
  switch (a) {
    case ACT_REQUEST_MATERIALS:
      return s->materials_requested ? REFUSE_MATERIALS_ONCE : REFUSE_NONE;
    case ACT_GRADE:
      return s->graded ? REFUSE_ALREADY_GRADED : REFUSE_NONE;
    case ACT_SATISFACTION:
      return s->satisfaction_recorded ? REFUSE_SATISFACTION_RECORDED : REFUSE_NONE;
    case ACT_OBJECT:
      return s->objection_filed ? REFUSE_OBJECTION_FILED : REFUSE_NONE;
    case ACT_OBJECTION_DECIDE:
      return s->objection_pending ? REFUSE_NONE : REFUSE_NO_OBJECTION;
    case ACT_ARCHIVE:
      return s->archived ? REFUSE_ARCHIVED : REFUSE_NONE;
    case ACT_REQUEST_REPLACEMENT:
      return s->replacement_pending ? REFUSE_REPLACEMENT_PENDING : REFUSE_NONE;
    case ACT_PAPERS_RECEIVED:
      return s->papers_owed ? REFUSE_NONE : REFUSE_NO_PAPERS_OWED;
    case ACT_NOTIFY_ORGAN:
      if (s->channel < 0 || !channel_is_notice((channel_t)s->channel)) return REFUSE_NOT_A_NOTICE;
      return s->organ_notified ? REFUSE_ORGAN_NOTIFIED : REFUSE_NONE;
    default:
      return REFUSE_NONE;
  }
}

static day_t due_after(const case_state *s, const case_facts *f, int days) {
  return deadline_due(f->today, days, s->deadline_mode, f->calendar, 0);
}

/* The decision and who made it, now. */
static void decided(case_change *ch, decision_t d, const char *reason, const case_actor *who) {
  cv_set(ch->set.decision, (int)d);
  cv_text(ch->set.decision_reason, reason);
  cv_now(ch->set.decided_at);
  cv_set(ch->set.decided_by, who->user_id);
}

static case_refusal decide_assign(const case_state *s, const case_request *rq,
                                  const case_facts *f, case_change *ch) {
  if (s->lawyer_id == rq->lawyer_id) return REFUSE_SAME_LAWYER;
  if (!f->lawyer_found) return REFUSE_UNKNOWN_LAWYER;
  assign_case c = {s->center_id,
                   s->case_type,
                   s->criminal_grounds,
                   s->venue_region_code[0] ? s->venue_region_code : NULL,
                   s->opposing_party[0] ? s->opposing_party : NULL,
                   s->opposing_party_id_number[0] ? s->opposing_party_id_number : NULL};
  static const case_refusal as_refusal[ASSIGN__COUNT] = {
      [ASSIGN_OK] = REFUSE_NONE,
      [ASSIGN_OTHER_CENTER] = REFUSE_OTHER_CENTER,
      [ASSIGN_INACTIVE] = REFUSE_LAWYER_INACTIVE,
      [ASSIGN_NOT_A_LAWYER] = REFUSE_NOT_A_LAWYER,
      [ASSIGN_NOT_QUALIFIED] = REFUSE_NOT_QUALIFIED,
      [ASSIGN_CONFLICT_OF_INTEREST] = REFUSE_CONFLICT_OF_INTEREST,
  };
  case_refusal r = as_refusal[assignment_refusal(&c, &f->lawyer, f->clients, f->nclients)];
  if (r != REFUSE_NONE) return r;
  if (s->lawyer_id) {
    ch->end_assignment = ASSIGNMENT_REPLACED;
    cv_null(ch->set.replacement_requested_at);
  }
  cv_set(ch->set.lawyer_id, rq->lawyer_id);
  cv_now(ch->set.assigned_at);
  ch->start_assignment = rq->lawyer_id;
  cv_set(ch->event.lawyer_id, rq->lawyer_id);
  cv_text(ch->event.lawyer_name, f->lawyer_name);
  if (s->lawyer_id)
    cv_set(ch->event.previous_lawyer_id, s->lawyer_id);
  else
    cv_null(ch->event.previous_lawyer_id);
  return REFUSE_NONE;
}

/* What one claim is for: a stage (or the whole case, stage -1) and its lawyer. */
typedef struct {
  int64_t stage_id, lawyer_id;
  int stage;
  const char *venue;
} grade_unit;

/* Grading computes the subsidy claims of the case: one per stage and lawyer for criminal
 * cases (the lawyer who recorded it; the case's stage at intake when none was recorded), one
 * per case otherwise, each where in the band the jurisdiction pays the grade. A terminated
 * case is paid for what was done: only the stages it finished (a stage with an end date),
 * and a case paid once when at least one of its stages was finished. Items no table prices
 * are listed as unpriced in the audit event. */
static case_refusal decide_grade(const case_state *s, const case_request *rq,
                                 const case_facts *f, case_change *ch) {
  int year = case_claim_year(s, f->today);
  bool terminated = s->status == ST_TERMINATED;
  grade_unit *units = calloc((size_t)f->nstages + 1, sizeof *units);
  ch->claims = calloc((size_t)f->nstages + 1, sizeof *ch->claims);
  ch->unpriced = calloc((size_t)f->nstages + 1, sizeof *ch->unpriced);
  if (!units || !ch->claims || !ch->unpriced) abort(); /* out of memory */
  int nunits = 0, finished = 0;
  /* The days the lawyer helped: the distinct days the (counted) stages started on. */
  int64_t days = 0;
  for (int i = 0; i < f->nstages; i++) {
    if (terminated && !f->stages[i].finished) continue;
    finished++;
    bool again = false;
    for (int k = 0; k < i; k++)
      again = again || ((!terminated || f->stages[k].finished) &&
                        f->stages[k].started_on == f->stages[i].started_on);
    if (!again) days++;
  }
  if (subsidy_per_stage(s->case_type)) {
    for (int i = 0; i < f->nstages; i++) {
      if (terminated && !f->stages[i].finished) continue;
      bool seen = false;
      for (int k = 0; k < nunits; k++)
        seen = seen || (units[k].stage == f->stages[i].stage &&
                        units[k].lawyer_id == f->stages[i].lawyer_id);
      if (!seen)
        units[nunits++] = (grade_unit){f->stages[i].id, f->stages[i].lawyer_id,
                                       f->stages[i].stage, f->stages[i].venue};
    }
    if (nunits == 0 && !terminated && s->stage >= 0 && s->lawyer_id)
      units[nunits++] = (grade_unit){0, s->lawyer_id, s->stage, s->venue_region_code};
  } else if (s->lawyer_id && (!terminated || finished > 0)) {
    units[nunits++] = (grade_unit){0, s->lawyer_id, -1, s->venue_region_code};
  }
  for (int i = 0; i < nunits; i++) {
    int item = subsidy_item_for(s->case_type, units[i].stage);
    if (item < 0) continue;
    const char *venue = units[i].venue && units[i].venue[0] ? units[i].venue : NULL;
    /* No venue recorded: the stage took place locally. */
    subsidy_request sr = {item, rq->grade,
                          venue ? region_scope(s->center_region, venue) : SCOPE_LOCAL, 1,
                          {{0}}, 0, f->grade_pay};
    case_claim *k = &ch->claims[ch->nclaims];
    subsidy_status st = subsidy_compute(f->tables, f->ntables, s->center_region, &sr, &k->quote);
    /* A band per day (plea help, where the table says so) counts the days helped. */
    if (st == SUBSIDY_OK && units[i].stage < 0 && k->quote.unit == UNIT_DAY && days > 1) {
      sr.quantity = subsidy_case_quantity(k->quote.unit, days);
      st = subsidy_compute(f->tables, f->ntables, s->center_region, &sr, &k->quote);
    }
    if (st != SUBSIDY_OK) {
      ch->unpriced[ch->nunpriced++] = item;
      continue;
    }
    k->lawyer_id = units[i].lawyer_id;
    k->stage_id = units[i].stage_id;
    k->item = item;
    k->year = year;
    k->grade = rq->grade;
    ch->nclaims++;
  }
  free(units);
  cv_set(ch->set.grade, rq->grade);
  cv_now(ch->set.graded_at);
  cv_set(ch->event.grade, enum_name(&ENUM_GRADE, rq->grade));
  ch->event_claims = true;
  return REFUSE_NONE;
}

static void name_changed(case_change *ch, bool given, const char *name) {
  if (given && ch->nevent_names < CASE_EVENT_MAX_NAMES) ch->event_names[ch->nevent_names++] = name;
}

/* The applicant's data and the case's facts change: the groups and the eligibility answer
 * follow from the case as it will be. */
static case_refusal decide_update(const case_state *s, const case_request *rq,
                                  const case_facts *f, case_change *ch) {
  const case_update *u = &rq->update;
  if (u->matter >= 0 && (s->case_type < 0 || !case_type_needs_matter((case_type_t)s->case_type)))
    return REFUSE_MATTER_NOT_FOR_TYPE;
  if (u->grounds_given && u->criminal_grounds && s->case_type != CT_CRIMINAL_DEFENSE)
    return REFUSE_GROUNDS_NOT_FOR_TYPE;
  const char *ethnicity = u->ethnicity ? u->ethnicity : s->ethnicity;
  unsigned flagged = u->groups_given ? u->groups : s->flagged_groups;
  unsigned derived =
      groups_derive(s->birth_known, s->birth_date, s->sex, ethnicity, s->application_date);
  unsigned groups;
  if (!groups_combine(derived, flagged, s->birth_known, &groups))
    return REFUSE_GROUPS_CONTRADICT_ID;

  /* The case as it will be, for the eligibility engine. */
  intake after;
  memset(&after, 0, sizeof after);
  after.channel = s->channel;
  after.case_type = s->case_type;
  after.matter = u->matter >= 0 ? u->matter : s->matter;
  after.criminal_grounds = u->grounds_given ? u->criminal_grounds : s->criminal_grounds;
  after.exemptions = u->exemptions_given ? u->exemptions : s->exemptions;
  after.groups = groups;
  after.applicant.household_size_set = u->household_size_given || s->household_size_set;
  after.applicant.household_size = u->household_size_given ? u->household_size : s->household_size;
  after.applicant.income_set = u->income_given || s->income_set;
  after.applicant.household_monthly_income_fen =
      u->income_given ? u->household_monthly_income_fen : s->household_monthly_income_fen;
  elig_facts ef;
  intake_eligibility_facts(&after, f->threshold_known, f->threshold_fen, &ef);
  eligibility_evaluate(&ef, &ch->eligibility);
  ch->eligibility_changed = true;

  if (u->matter >= 0) cv_set(ch->set.matter, u->matter);
  if (u->summary) cv_set(ch->set.summary, u->summary);
  if (u->opposing_party) cv_set(ch->set.opposing_party, u->opposing_party);
  if (u->opposing_party_id_number)
    cv_text(ch->set.opposing_party_id_number,
            u->opposing_party_id_number[0] ? u->opposing_party_id_number : NULL);
  if (u->venue_region_code) cv_set(ch->set.venue_region_code, u->venue_region_code);
  if (u->grounds_given) cv_set(ch->set.criminal_grounds, after.criminal_grounds);
  if (u->exemptions_given) cv_set(ch->set.exemptions, after.exemptions);
  cv_set(ch->set.groups, groups);
  if (u->groups_given) cv_set(ch->set.flagged_groups, flagged);
  if (u->name) cv_set(ch->set.applicant_name, u->name);
  if (u->phone) cv_text(ch->set.applicant_phone, u->phone[0] ? u->phone : NULL);
  if (u->address) cv_set(ch->set.applicant_address, u->address);
  if (u->ethnicity) cv_text(ch->set.applicant_ethnicity, u->ethnicity[0] ? u->ethnicity : NULL);
  if (u->household_size_given) cv_set(ch->set.household_size, u->household_size);
  if (u->income_given) cv_set(ch->set.household_monthly_income_fen, u->household_monthly_income_fen);
  if (u->agent_given) {
    const agent_in *g = &u->agent;
    if (g->present) {
      cv_set(ch->set.agent_name, g->name);
      cv_set(ch->set.agent_relation, g->relation);
      cv_set(ch->set.agent_id_type, g->id_type < 0 ? (int)IDT_RESIDENT_ID : g->id_type);
      cv_text(ch->set.agent_id_number, g->id_number && g->id_number[0] ? g->id_number : NULL);
      cv_text(ch->set.agent_phone, g->phone && g->phone[0] ? g->phone : NULL);
    } else {
      cv_null(ch->set.agent_name);
      cv_null(ch->set.agent_relation);
      cv_null(ch->set.agent_id_type);
      cv_null(ch->set.agent_id_number);
      cv_null(ch->set.agent_phone);
    }
  }

  /* The audit keeps which fields changed, not their values (personal data). */
  name_changed(ch, u->matter >= 0, "matter");
  name_changed(ch, u->summary, "summary");
  name_changed(ch, u->opposing_party, "opposing_party");
  name_changed(ch, u->opposing_party_id_number, "opposing_party_id_number");
  name_changed(ch, u->venue_region_code, "venue_region_code");
  name_changed(ch, u->grounds_given, "criminal_grounds");
  name_changed(ch, u->exemptions_given, "exemptions");
  name_changed(ch, u->name, "applicant.name");
  name_changed(ch, u->phone, "applicant.phone");
  name_changed(ch, u->address, "applicant.address");
  name_changed(ch, u->ethnicity, "applicant.ethnicity");
  name_changed(ch, u->groups_given, "applicant.groups");
  name_changed(ch, u->household_size_given, "applicant.household_size");
  name_changed(ch, u->income_given, "applicant.household_monthly_income_fen");
  name_changed(ch, u->agent_given, "agent");
  if (rq->reason && rq->reason[0]) cv_set(ch->event.reason, rq->reason);
  if (ch->eligibility.eligible < 0)
    cv_null(ch->event.eligible);
  else
    cv_set(ch->event.eligible, ch->eligibility.eligible == 1);
  return REFUSE_NONE;
}

case_refusal case_decide(const case_state *s, const case_actor *who, const case_request *rq,
                         const case_facts *f, case_change *ch) {
  memset(ch, 0, sizeof *ch);
  ch->end_assignment = -1;
  case_action a = rq->action;
  if (a < 0 || a >= ACT__COUNT) return REFUSE_ROLE;
  /* Papers handed in at the window: those a materials request asked for, or those still owed
   * after urgent aid (Art. 44). */
  if (a == ACT_MATERIALS_RECEIVED && s->status != ST_MATERIALS_REQUESTED && s->papers_owed)
    a = ACT_PAPERS_RECEIVED;
  ch->action = a;
  case_refusal r = gate(a, s, who);
  if (r != REFUSE_NONE) return r;
  ch->to = table[a].to == LC_SAME ? s->status : (case_status_t)table[a].to;
  case_event_fields *ev = &ch->event;
  switch (a) {
    case ACT_APPROVE: {
      decided(ch, DECISION_APPROVE, rq->reason, who);
      day_t due = due_after(s, f, ASSIGNMENT_DAYS);
      cv_set(ch->set.assignment_due, due);
      cv_set(ev->decision, "approve");
      if (rq->reason) cv_set(ev->reason, rq->reason);
      cv_set(ev->assignment_due, due);
      break;
    }
    case ACT_REJECT:
      decided(ch, DECISION_REJECT, rq->reason, who);
      cv_set(ev->decision, "reject");
      cv_text(ev->reason, rq->reason);
      break;
    case ACT_REQUEST_MATERIALS:
      cv_text(ch->set.materials_request, rq->reason);
      cv_now(ch->set.materials_requested_at);
      cv_set(ch->set.materials_papers, rq->papers);
      cv_set(ev->decision, "request_materials");
      cv_text(ev->reason, rq->reason);
      break;
    case ACT_MATERIALS_RECEIVED: {
      /* The clock stood while papers were awaited: the days (asked, arrived] do not count,
       * where they fall (domain/deadlines.h). */
      int paused = s->materials_requested ? f->today - s->materials_requested_on : 0;
      if (paused < 0) paused = 0;
      case_clocks c;
      memset(&c, 0, sizeof c);
      c.mode = s->deadline_mode;
      c.notice = channel_is_notice((channel_t)s->channel);
      c.clock_start = s->clock_start ? s->clock_start : s->application_date;
      c.materials_asked = s->materials_requested;
      c.materials_received = s->materials_requested;
      c.materials_asked_on = s->materials_requested_on;
      c.materials_received_on = f->today;
      c.open_decision = true;
      case_dues dues;
      case_dues_count(&c, f->calendar, &dues);
      day_t due = dues.decision_due;
      cv_set(ch->set.paused_days, paused);
      cv_set(ch->set.materials_received_on, f->today);
      cv_set(ch->set.decision_due, due);
      cv_set(ev->paused_days, paused);
      cv_set(ev->decision_due, due);
      if (rq->comment) cv_set(ev->comment, rq->comment);
      break;
    }
    case ACT_URGENT_AID: {
      cv_set(ch->set.urgent, true);
      decided(ch, DECISION_URGENT_AID, rq->reason, who);
      cv_set(ch->set.assignment_due, due_after(s, f, ASSIGNMENT_DAYS));
      cv_set(ev->article, "第四十四条");
      cv_text(ev->reason, rq->reason);
      if (rq->owed.papers) {
        /* The papers still owed stay on the worklist with their deadline. */
        int days = rq->owed.days > 0 ? rq->owed.days : DEADLINE_PAPERS_DAYS;
        day_t due = due_after(s, f, days);
        cv_set(ch->set.papers_owed, rq->owed.papers);
        cv_set(ch->set.papers_due, due);
        /* Where the count starts and how long it runs: a calendar loaded later counts it again. */
        cv_set(ch->set.papers_from, f->today);
        cv_set(ch->set.papers_days, days);
        cv_set(ev->papers, rq->owed.papers);
        cv_set(ev->due, due);
      }
      break;
    }
    case ACT_PAPERS_RECEIVED:
      cv_now(ch->set.papers_received_at);
      cv_set(ev->article, "第四十四条");
      if (rq->comment) cv_set(ev->comment, rq->comment);
      break;
    case ACT_WITHDRAW:
      if (rq->withdrawal_kind == WITHDRAWAL_MATERIALS_NOT_SUPPLIED &&
          s->status != ST_MATERIALS_REQUESTED) {
        r = REFUSE_NO_MATERIALS_ASKED; /* deemed withdrawn only when papers were asked for */
        break;
      }
      cv_set(ch->set.withdrawal_kind, rq->withdrawal_kind);
      cv_text(ch->set.withdrawal_reason, rq->reason);
      cv_now(ch->set.withdrawn_at);
      cv_set(ev->article, "第四十三条");
      cv_set(ev->kind, enum_name(&ENUM_WITHDRAWAL_KIND, rq->withdrawal_kind));
      cv_text(ev->reason, rq->reason);
      break;
    case ACT_NOTIFY_ORGAN:
      cv_set(ch->set.organ_notified_on, f->today);
      cv_set(ch->set.organ_notified_by, who->user_id);
      cv_set(ev->article, "第三十六条");
      if (rq->comment) cv_set(ev->comment, rq->comment);
      break;
    case ACT_TRANSFER: {
      if (rq->center_id == s->center_id) {
        r = REFUSE_SAME_CENTER;
        break;
      }
      if (!f->center_found) {
        r = REFUSE_UNKNOWN_CENTER;
        break;
      }
      /* The competent centre's clock starts when it receives the application. */
      day_t due = due_after(s, f, intake_decision_days((channel_t)s->channel));
      ch->transfer_to = rq->center_id;
      cv_now(ch->set.transferred_at);
      cv_text(ch->set.transfer_reason, rq->reason);
      cv_set(ch->set.clock_started_on, f->today);
      cv_set(ch->set.decision_due, due);
      cv_set(ch->set.paused_days, 0);
      cv_set(ev->article, "第三十八条");
      cv_set(ev->center_id, rq->center_id);
      cv_set(ev->from_center_id, s->center_id);
      cv_set(ev->decision_due, due);
      cv_text(ev->reason, rq->reason);
      break;
    }
    case ACT_ASSIGN:
      r = decide_assign(s, rq, f, ch);
      /* Art. 36: the organ that notified is told who the lawyer is within 3 days. */
      if (r == REFUSE_NONE && channel_is_notice((channel_t)s->channel) && !s->organ_notified) {
        day_t due = due_after(s, f, DEADLINE_ORGAN_NOTICE_DAYS);
        cv_set(ch->set.organ_notice_due, due);
        cv_set(ev->due, due);
      }
      break;
    case ACT_ACCEPT:
      cv_now(ch->set.accepted_at);
      if (rq->comment) cv_set(ev->comment, rq->comment);
      break;
    case ACT_DECLINE:
      cv_null(ch->set.lawyer_id);
      ch->end_assignment = ASSIGNMENT_DECLINED;
      cv_text(ev->reason, rq->reason);
      cv_set(ev->lawyer_id, s->lawyer_id);
      break;
    case ACT_ADD_STAGE:
      if (s->case_type < 0 ||
          !stage_fits_case_type((stage_t)rq->stage.stage, (case_type_t)s->case_type)) {
        r = REFUSE_STAGE_NOT_FOR_TYPE;
        break;
      }
      if (rq->stage.started_on < s->application_date) {
        r = REFUSE_STAGE_BEFORE_APPLICATION;
        break;
      }
      ch->add_stage = true;
      ch->stage = rq->stage.stage;
      ch->stage_venue = rq->stage.venue;
      ch->stage_started_on = rq->stage.started_on;
      ch->stage_ended = rq->stage.ended;
      ch->stage_ended_on = rq->stage.ended_on;
      cv_set(ch->set.stage, rq->stage.stage);
      cv_set(ev->stage, enum_name(&ENUM_STAGE, rq->stage.stage));
      if (rq->stage.venue) cv_set(ev->venue_region_code, rq->stage.venue);
      cv_set(ev->started_on, rq->stage.started_on);
      if (rq->stage.ended) cv_set(ev->ended_on, rq->stage.ended_on);
      break;
    case ACT_CLOSE:
      if (rq->closure.closed_on < s->application_date) {
        r = REFUSE_CLOSED_BEFORE_APPLICATION;
        break;
      }
      cv_text(ch->set.outcome, rq->closure.outcome);
      cv_set(ch->set.recovered_fen, rq->closure.recovered_fen);
      cv_set(ch->set.closed_on, rq->closure.closed_on);
      ch->end_assignment = ASSIGNMENT_CLOSED;
      cv_text(ev->outcome, rq->closure.outcome);
      cv_set(ev->recovered_fen, rq->closure.recovered_fen);
      break;
    case ACT_GRADE:
      r = decide_grade(s, rq, f, ch);
      break;
    case ACT_TERMINATE:
      cv_set(ch->set.termination_ground, rq->ground);
      cv_text(ch->set.termination_reason, rq->reason);
      cv_now(ch->set.terminated_at);
      if (s->lawyer_id) ch->end_assignment = ASSIGNMENT_TERMINATED;
      cv_set(ev->article, "第四十八条");
      cv_set(ev->ground, enum_name(&ENUM_TERMINATION_GROUND, rq->ground));
      cv_text(ev->reason, rq->reason);
      break;
    case ACT_SATISFACTION:
      cv_set(ch->set.satisfied, rq->satisfied);
      cv_text(ch->set.satisfaction_comment, rq->comment);
      cv_now(ch->set.satisfaction_at);
      cv_set(ev->satisfied, rq->satisfied);
      break;
    case ACT_OBJECT: {
      day_t due = due_after(s, f, OBJECTION_DAYS);
      cv_text(ch->set.objection_reason, rq->reason);
      cv_now(ch->set.objection_filed_at);
      cv_set(ch->set.objection_due, due);
      cv_set(ev->article, "第四十九条");
      cv_text(ev->reason, rq->reason);
      cv_set(ev->due, due);
      break;
    }
    case ACT_OBJECTION_DECIDE:
      cv_set(ch->set.objection_upheld, rq->upheld);
      cv_text(ch->set.objection_decision_reason, rq->reason);
      cv_now(ch->set.objection_decided_at);
      if (rq->upheld) {
        /* The bureau orders aid (again): the case is approved and must be assigned in time;
         * a terminated case's lawyer is no longer on it. */
        ch->to = ST_APPROVED;
        decided(ch, DECISION_APPROVE, rq->reason, who);
        cv_set(ch->set.assignment_due, due_after(s, f, ASSIGNMENT_DAYS));
        if (s->lawyer_id) cv_null(ch->set.lawyer_id);
      } else {
        ch->to = s->status; /* the refusal or the termination stands */
      }
      cv_set(ev->upheld, rq->upheld);
      cv_text(ev->reason, rq->reason);
      break;
    case ACT_REQUEST_REPLACEMENT:
      cv_text(ch->set.replacement_reason, rq->reason);
      cv_now(ch->set.replacement_requested_at);
      cv_set(ev->article, "第五十五条");
      cv_text(ev->reason, rq->reason);
      cv_set(ev->lawyer_id, s->lawyer_id);
      break;
    case ACT_OVERRIDE_ELIGIBILITY:
      ch->override_changed = true;
      ch->override.eligible = rq->eligible;
      ch->override.reason = rq->reason;
      ch->override.by = who->user_id;
      ch->override.at = f->now;
      cv_set(ev->eligible, rq->eligible);
      cv_text(ev->reason, rq->reason);
      cv_set(ev->by, who->user_id);
      cv_set(ev->at, f->now);
      break;
    case ACT_UPDATE:
      r = decide_update(s, rq, f, ch);
      break;
    case ACT_ARCHIVE:
      cv_now(ch->set.archived_at);
      if (rq->comment) cv_set(ev->comment, rq->comment);
      break;
    case ACT__COUNT:
      break;
  }
  if (r != REFUSE_NONE) case_change_free(ch);
  return r;
}

void case_change_free(case_change *ch) {
  free(ch->claims);
  free(ch->unpriced);
  ch->claims = NULL;
  ch->unpriced = NULL;
  ch->nclaims = ch->nunpriced = 0;
}
