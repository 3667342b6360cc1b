#include "enums.h"

#include <string.h>

/* The names of an enumeration, from the same list as its C enum. */
#define LA_ENUM_TABLE(var, ename, list, count)                                  \
  static const char *const var##_values[] = {list(LA_ENUM_NAME) NULL};          \
  _Static_assert((count) <= 32, #var " has more values than a set can hold");   \
  const la_enum var = {ename, var##_values, (count)}

LA_ENUM_TABLE(ENUM_ROLE, "role", LA_ROLES, ROLE__COUNT);
LA_ENUM_TABLE(ENUM_CHANNEL, "channel", LA_CHANNELS, CHANNEL__COUNT);
LA_ENUM_TABLE(ENUM_CASE_TYPE, "case_type", LA_CASE_TYPES, CT__COUNT);
LA_ENUM_TABLE(ENUM_STAGE, "stage", LA_STAGES, STAGE__COUNT);
LA_ENUM_TABLE(ENUM_STATUS, "status", LA_STATUSES, ST__COUNT);
LA_ENUM_TABLE(ENUM_MATTER, "matter", LA_MATTERS, MATTER__COUNT);
LA_ENUM_TABLE(ENUM_CRIMINAL_GROUND, "criminal_grounds", LA_CRIMINAL_GROUNDS, CG__COUNT);
LA_ENUM_TABLE(ENUM_EXEMPTION, "exemptions", LA_EXEMPTIONS, EX__COUNT);
LA_ENUM_TABLE(ENUM_TERMINATION_GROUND, "ground", LA_TERMINATION_GROUNDS, TG__COUNT);
LA_ENUM_TABLE(ENUM_DECISION, "decision", LA_DECISIONS, DECISION__COUNT);
LA_ENUM_TABLE(ENUM_SCOPE, "scope", LA_SCOPES, SCOPE__COUNT);
LA_ENUM_TABLE(ENUM_GRADE, "grade", LA_GRADES, GRADE__COUNT);
LA_ENUM_TABLE(ENUM_SUBSIDY_ITEM, "item", LA_SUBSIDY_ITEMS, ITEM__COUNT);
LA_ENUM_TABLE(ENUM_SUBSIDY_UNIT, "unit", LA_SUBSIDY_UNITS, UNIT__COUNT);
LA_ENUM_TABLE(ENUM_CLAIM_STATUS, "status", LA_CLAIM_STATUSES, CLAIM__COUNT);
LA_ENUM_TABLE(ENUM_STATION, "station", LA_STATIONS, STATION__COUNT);
LA_ENUM_TABLE(ENUM_DEADLINE_MODE, "deadline_mode", LA_DEADLINE_MODES, DEADLINE__COUNT);
LA_ENUM_TABLE(ENUM_CALL_KIND, "kind", LA_CALL_KINDS, CALL__COUNT);
LA_ENUM_TABLE(ENUM_CALL_OUTCOME, "outcome", LA_CALL_OUTCOMES, OUTCOME__COUNT);
LA_ENUM_TABLE(ENUM_TOPIC, "topic", LA_TOPICS, TOPIC__COUNT);
LA_ENUM_TABLE(ENUM_CONSULT_CHANNEL, "channel", LA_CONSULT_CHANNELS, CONSULT__COUNT);
LA_ENUM_TABLE(ENUM_GROUP, "groups", LA_GROUPS, GROUP_COUNT);
LA_ENUM_TABLE(ENUM_LAWYER_KIND, "kind", LA_LAWYER_KINDS, LK__COUNT);
LA_ENUM_TABLE(ENUM_ASSIGNMENT_END, "end_reason", LA_ASSIGNMENT_ENDS, ASSIGNMENT_END__COUNT);
LA_ENUM_TABLE(ENUM_SEX, "sex", LA_SEXES, SEX__COUNT);
LA_ENUM_TABLE(ENUM_CAL_DAY_KIND, "kind", LA_CAL_DAY_KINDS, CAL_DAY__COUNT);
LA_ENUM_TABLE(ENUM_ID_TYPE, "id_type", LA_ID_TYPES, IDT__COUNT);
LA_ENUM_TABLE(ENUM_AGENT_RELATION, "relation", LA_AGENT_RELATIONS, AGENT__COUNT);
LA_ENUM_TABLE(ENUM_FORWARDER, "forwarded_by", LA_FORWARDERS, FWD__COUNT);
LA_ENUM_TABLE(ENUM_WITHDRAWAL_KIND, "kind", LA_WITHDRAWAL_KINDS, WITHDRAWAL__COUNT);
LA_ENUM_TABLE(ENUM_ATTACHMENT_KIND, "kind", LA_ATTACHMENT_KINDS, AK__COUNT);
LA_ENUM_TABLE(ENUM_ATTACHMENT_TYPE, "content_type", LA_ATTACHMENT_TYPES, AT__COUNT);

const la_enum *const la_enums[] = {
    &ENUM_ROLE,          &ENUM_CHANNEL,       &ENUM_CASE_TYPE,      &ENUM_STAGE,
    &ENUM_STATUS,        &ENUM_MATTER,        &ENUM_CRIMINAL_GROUND, &ENUM_EXEMPTION,
    &ENUM_TERMINATION_GROUND, &ENUM_DECISION, &ENUM_SCOPE,          &ENUM_GRADE,
    &ENUM_SUBSIDY_ITEM,  &ENUM_SUBSIDY_UNIT,  &ENUM_CLAIM_STATUS,   &ENUM_STATION,
    &ENUM_DEADLINE_MODE, &ENUM_CALL_KIND,     &ENUM_CALL_OUTCOME,   &ENUM_TOPIC,
    &ENUM_CONSULT_CHANNEL, &ENUM_GROUP,       &ENUM_LAWYER_KIND,    &ENUM_ASSIGNMENT_END, &ENUM_SEX,
    &ENUM_CAL_DAY_KIND,  &ENUM_ID_TYPE,       &ENUM_AGENT_RELATION, &ENUM_FORWARDER,
    &ENUM_WITHDRAWAL_KIND, &ENUM_ATTACHMENT_KIND, &ENUM_ATTACHMENT_TYPE, NULL};

int enum_find(const la_enum *e, const char *s, size_t len) {
  for (size_t i = 0; i < e->count; i++)
    if (strlen(e->values[i]) == len && memcmp(e->values[i], s, len) == 0) return (int)i;
  return -1;
}

const char *enum_name(const la_enum *e, int v) {
  return v >= 0 && (size_t)v < e->count ? e->values[v] : NULL;
}

bool channel_is_notice(channel_t c) {
  return c == CHANNEL_NOTICE_POLICE || c == CHANNEL_NOTICE_PROCURATORATE ||
         c == CHANNEL_NOTICE_COURT;
}

bool case_type_is_criminal(case_type_t t) {
  return t == CT_CRIMINAL_DEFENSE || t == CT_CRIMINAL_VICTIM || t == CT_PLEA_HELP;
}

bool case_type_needs_matter(case_type_t t) {
  return t == CT_CIVIL || t == CT_ADMINISTRATIVE || t == CT_LABOR_ARBITRATION ||
         t == CT_STATE_COMPENSATION;
}

bool stage_is_criminal(stage_t s) {
  return s == STAGE_INVESTIGATION || s == STAGE_PROSECUTION || s == STAGE_TRIAL ||
         s == STAGE_DEATH_REVIEW;
}

bool stage_fits_case_type(stage_t s, case_type_t t) {
  if (t == CT_NOTARIZATION || t == CT_DOCUMENT_DRAFTING) return false;
  if (t == CT_PLEA_HELP) return s == STAGE_INVESTIGATION || s == STAGE_PROSECUTION || s == STAGE_TRIAL;
  /* A criminal trial may go on to a second instance and a retrial (issue 12). */
  if (case_type_is_criminal(t))
    return stage_is_criminal(s) || s == STAGE_SECOND_INSTANCE || s == STAGE_RETRIAL;
  if (t == CT_LABOR_ARBITRATION)
    return s == STAGE_ARBITRATION || s == STAGE_FIRST_INSTANCE || s == STAGE_SECOND_INSTANCE ||
           s == STAGE_ENFORCEMENT || s == STAGE_RETRIAL;
  return !stage_is_criminal(s);
}
