#include "intake.h"

#include <string.h>

#include "calendar.h"
#include "groups.h"
#include "timestamp.h"

void fe_add(field_errors *fe, const char *field, const char *reason) {
  if (fe_has(fe, field) || fe->n >= FIELD_ERRORS_MAX) return;
  fe->e[fe->n].field = field;
  fe->e[fe->n].reason = reason;
  fe->n++;
}

bool fe_has(const field_errors *fe, const char *field) {
  for (int i = 0; i < fe->n; i++)
    if (strcmp(fe->e[i].field, field) == 0) return true;
  return false;
}

static bool blank(const char *s) {
  if (!s) return true;
  for (; *s; s++)
    if (*s != ' ' && *s != '\t') return false;
  return true;
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
  if (blank(a->name)) fe_add(fe, "applicant.name", "required");
  if (!a->id_number) {
    fe_add(fe, "applicant.id_number", "required");
  } else {
    idcard_status st =
        idcard_parse(a->id_number, strlen(a->id_number), ts_local_date(now), &in->id);
    if (st != IDCARD_OK) fe_add(fe, "applicant.id_number", idcard_status_reason(st));
    else if (in->id.birth > in->application_date)
      fe_add(fe, "applicant.id_number", "birth date after the application date");
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

  if (in->channel >= 0 && channel_is_notice((channel_t)in->channel)) {
    if (blank(in->notice_organ_name)) fe_add(fe, "notice.organ_name", "required for a notice");
    if (blank(in->notice_no)) fe_add(fe, "notice.notice_no", "required for a notice");
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
      if (blank(in->opposing_party)) fe_add(fe, "opposing_party", "required for this case type");
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
  bool id_known = a->id_number != NULL;
  unsigned derived = groups_derive(id_known, in->id.birth, id_known ? in->id.sex : 0, a->ethnicity,
                                   in->application_date);
  if (!groups_combine(derived, a->flagged_groups, id_known, &in->groups)) {
    fe_add(fe, "applicant.groups", "contradicts the resident ID");
    return false;
  }
  bool notice = in->channel >= 0 && channel_is_notice((channel_t)in->channel);
  /* Notice cases skip the means test: the centre assigns within 3 days of the notice. */
  int days = in->channel >= 0 ? intake_decision_days((channel_t)in->channel) : DECISION_DAYS;
  in->decision_due = deadline_due(in->application_date, days, (deadline_mode)in->deadline_mode,
                                  in->calendar, 0);
  in->assignment_due_set = notice;
  if (notice) in->assignment_due = in->decision_due;
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
  f->threshold_known = threshold_known;
  f->threshold_fen = threshold_fen;
}
