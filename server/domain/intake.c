#include "intake.h"

#include <string.h>

#include <stdio.h>

#include "calendar.h"
#include "deadlines.h"
#include "groups.h"
#include "people.h"
#include "timestamp.h"

void fe_add(field_errors *fe, const char *field, const char *reason) {
  if (fe_has(fe, field) || fe->n >= FIELD_ERRORS_MAX) return;
  fe->e[fe->n].field = field;
  fe->e[fe->n].reason = reason;
  fe->n++;
}

void fe_add_at(field_errors *fe, const char *prefix, const char *field, const char *reason) {
  char path[48];
  snprintf(path, sizeof path, "%s.%s", prefix, field);
  if (fe_has(fe, path) || fe->n >= FIELD_ERRORS_MAX) return;
  snprintf(fe->e[fe->n].own, sizeof fe->e[fe->n].own, "%s", path);
  fe->e[fe->n].field = fe->e[fe->n].own;
  fe->e[fe->n].reason = reason;
  fe->n++;
}

static void person_fault(void *ctx, const char *path, const char *field, const char *reason) {
  fe_add_at(ctx, path, field, reason);
}

bool fe_has(const field_errors *fe, const char *field) {
  for (int i = 0; i < fe->n; i++)
    if (strcmp(fe->e[i].field, field) == 0) return true;
  return false;
}

bool intake_blank(const char *s) {
  if (!s) return true;
  for (; *s; s++)
    if (*s != ' ' && *s != '\t') return false;
  return true;
}

void agent_check(const agent_in *g, day_t today, field_errors *fe) {
  if (intake_blank(g->name)) fe_add(fe, "agent.name", "required");
  if (g->relation < 0) fe_add(fe, "agent.relation", "required");
  if (g->id_type == IDT_UNKNOWN) fe_add(fe, "agent.id_type", "an agent is identified");
  if (g->id_number && g->id_number[0]) {
    id_type_t t = g->id_type < 0 ? IDT_RESIDENT_ID : (id_type_t)g->id_type;
    if (t == IDT_RESIDENT_ID) {
      idcard_status st = idcard_parse(g->id_number, strlen(g->id_number), today, NULL);
      if (st != IDCARD_OK) fe_add(fe, "agent.id_number", idcard_status_reason(st));
    } else {
      const char *why = people_document_reason(t, g->id_number, strlen(g->id_number));
      if (why) fe_add(fe, "agent.id_number", why);
    }
  }
}

bool intake_check(intake *in, int64_t now, field_errors *fe) {
  int before = fe->n;
  if (!in->received_at_set) {
    in->received_at = now;
    in->received_at_set = true;
  }
  /* A few minutes of clock skew between a clerk's PC and the server are tolerated. */
  if (in->received_at > now + 600) fe_add(fe, "received_at", "must not be in the future");
  in->application_date = ts_local_date(in->received_at);

  const applicant_in *a = &in->applicant;
  bool notice = in->channel >= 0 && channel_is_notice((channel_t)in->channel);
  day_t today = ts_local_date(now);
  /* The applicant: a resident ID checked as GB 11643, another document with its birth date
   * and sex, or (a suspect the police could not identify) nothing but what is known. */
  person_in ap = {a->id_type, intake_blank(a->name) ? NULL : a->name, a->id_number, a->birth_date_set,
                  a->birth_date, a->sex};
  people_check_person(&ap, "applicant", notice, today, in->application_date, &in->birth_known,
                      &in->id.birth, &in->id.sex, person_fault, fe);
  if (in->agent.present) agent_check(&in->agent, today, fe);
  for (size_t i = 0; i < in->nrecipients; i++) {
    recipient_in *r = &in->recipients[i];
    char path[40];
    snprintf(path, sizeof path, "recipients[%zu]", i);
    person_in rp = {r->id_type, intake_blank(r->name) ? NULL : r->name, r->id_number, r->birth_date_set,
                    r->birth_date, r->sex};
    day_t birth;
    char sex;
    if (people_check_person(&rp, path, false, today, in->application_date, &r->birth_known,
                            &birth, &sex, person_fault, fe)) {
      r->birth_date = birth;
      r->birth_date_set = r->birth_known;
      r->sex = sex;
    }
    for (size_t k = 0; k < i && r->id_number; k++)
      if (in->recipients[k].id_number && strcmp(in->recipients[k].id_number, r->id_number) == 0)
        fe_add_at(fe, path, "id_number", "the same person twice");
  }
  if (in->forwarded) {
    if (in->forwarded_by < 0) fe_add(fe, "forwarded.kind", "required");
    if (!in->custody_received_set)
      fe_add(fe, "forwarded.received_at", "required");
    else if (in->custody_received_at > in->received_at)
      fe_add(fe, "forwarded.received_at", "after the centre received it");
    else
      in->forwarding_hours = (in->received_at - in->custody_received_at) / 3600;
  }
  if (in->opposing_party_id_number) {
    idcard_info other;
    idcard_status st = idcard_parse(in->opposing_party_id_number,
                                    strlen(in->opposing_party_id_number), ts_local_date(now),
                                    &other);
    if (st != IDCARD_OK) fe_add(fe, "opposing_party_id_number", idcard_status_reason(st));
  }
  if (a->household_size_set && a->household_size < 1)
    fe_add(fe, "applicant.household_size", "out of range");

  if (notice) {
    if (intake_blank(in->notice_organ_name)) fe_add(fe, "notice.organ_name", "required for a notice");
    if (intake_blank(in->notice_no)) fe_add(fe, "notice.notice_no", "required for a notice");
    if (in->case_type >= 0 && !case_type_is_criminal((case_type_t)in->case_type))
      fe_add(fe, "case_type", "a notice from police, procuratorate or court is a criminal case");
  } else if (in->notice_present && (in->notice_organ_name || in->notice_no)) {
    fe_add(fe, "notice", "only for notice channels");
  }

  if (in->case_type >= 0) {
    case_type_t t = (case_type_t)in->case_type;
    if (case_type_needs_matter(t) && in->matter < 0) fe_add(fe, "matter", "required for this case type");
    if ((t == CT_CRIMINAL_DEFENSE || t == CT_CRIMINAL_VICTIM) && in->stage < 0)
      fe_add(fe, "stage", "required for a criminal case");
    if (in->stage >= 0 && !stage_fits_case_type((stage_t)in->stage, t))
      fe_add(fe, "stage", "does not fit the case type");
    if (in->criminal_grounds && t != CT_CRIMINAL_DEFENSE)
      fe_add(fe, "criminal_grounds", "only for criminal defence");
    if (t == CT_CIVIL || t == CT_ADMINISTRATIVE || t == CT_LABOR_ARBITRATION ||
        t == CT_STATE_COMPENSATION || t == CT_CRIMINAL_VICTIM) {
      if (intake_blank(in->opposing_party)) fe_add(fe, "opposing_party", "required for this case type");
    }
  }

  if (fe->n != before) return false;
  return intake_derive(in, fe);
}

int intake_decision_days(channel_t c) {
  return channel_is_notice(c) ? NOTICE_ASSIGNMENT_DAYS : DECISION_DAYS;
}

bool intake_derive(intake *in, field_errors *fe) {
  const applicant_in *a = &in->applicant;
  /* The birth date and sex intake_check found (from a resident ID, or given with another
   * document), even when other fields failed. */
  bool id_known = in->birth_known;
  unsigned derived = groups_derive(id_known, in->id.birth, id_known ? in->id.sex : 0, a->ethnicity,
                                   in->application_date);
  if (!groups_combine(derived, a->flagged_groups, id_known, &in->groups)) {
    fe_add(fe, "applicant.groups", "contradicts the resident ID");
    return false;
  }
  for (size_t i = 0; i < in->nrecipients; i++) {
    recipient_in *r = &in->recipients[i];
    unsigned rd = groups_derive(r->birth_known, r->birth_date, r->sex, NULL, in->application_date);
    if (!groups_combine(rd, r->flagged_groups, r->birth_known, &r->groups)) {
      char path[40];
      snprintf(path, sizeof path, "recipients[%zu]", i);
      fe_add_at(fe, path, "groups", "contradicts the birth date or sex");
      return false;
    }
  }
  bool notice = in->channel >= 0 && channel_is_notice((channel_t)in->channel);
  /* Notice cases skip the means test: the centre assigns within 3 days of the notice. The
   * deadlines of a case come from one place (deadlines.h); counted through a year whose
   * holidays are not loaded, they are provisional. */
  case_clocks clocks;
  memset(&clocks, 0, sizeof clocks);
  clocks.mode = (deadline_mode)in->deadline_mode;
  clocks.notice = notice;
  clocks.clock_start = in->application_date;
  clocks.open_decision = true;
  case_dues dues;
  case_dues_count(&clocks, in->calendar, &dues);
  in->decision_due = dues.decision_due;
  in->assignment_due_set = notice && dues.assignment_set;
  if (in->assignment_due_set) in->assignment_due = dues.assignment_due;
  in->deadline_provisional = dues.provisional;
  return true;
}

void intake_eligibility_facts(const intake *in, bool threshold_known, int64_t threshold_fen,
                              elig_facts *f) {
  memset(f, 0, sizeof *f);
  f->channel = in->channel;
  f->case_type = in->case_type;
  f->matter = in->matter;
  f->criminal_grounds = in->criminal_grounds;
  f->exemptions = in->exemptions;
  f->groups = in->groups;
  f->household_size_set = in->applicant.household_size_set;
  f->household_size = in->applicant.household_size;
  f->income_set = in->applicant.income_set;
  f->household_monthly_income_fen = in->applicant.household_monthly_income_fen;
  f->retrial_ordered = in->retrial_ordered;
  f->threshold_known = threshold_known;
  f->threshold_fen = threshold_fen;
}
