#include "enums.h"

#include <string.h>

#define LA_ENUM(var, ename, ...)                                         \
  static const char *const var##_values[] = {__VA_ARGS__, NULL};          \
  const la_enum var = {ename, var##_values,                               \
                       sizeof var##_values / sizeof var##_values[0] - 1}

LA_ENUM(ENUM_ROLE, "role", "admin", "clerk", "reviewer", "lawyer", "supervisor", "bureau");
LA_ENUM(ENUM_CHANNEL, "channel", "window", "hotline_12348", "online", "notice_police",
        "notice_procuratorate", "notice_court");
LA_ENUM(ENUM_CASE_TYPE, "case_type", "criminal_defense", "criminal_victim", "plea_help", "civil",
        "administrative", "labor_arbitration", "state_compensation", "notarization",
        "document_drafting");
LA_ENUM(ENUM_STAGE, "stage", "investigation", "prosecution", "trial", "death_review",
        "first_instance", "second_instance", "retrial", "arbitration", "enforcement");
LA_ENUM(ENUM_STATUS, "status", "submitted", "materials_requested", "approved", "rejected",
        "assigned", "in_progress", "closed", "terminated", "withdrawn");
LA_ENUM(ENUM_MATTER, "matter", "state_compensation", "social_insurance", "bereavement_pension",
        "support_payment", "labour_remuneration", "employment_confirmation",
        "incapacity_declaration", "personal_injury", "environmental_damage", "criminal_victim",
        "retrial_petition", "other", "work_injury", "traffic_injury", "food_drug_injury",
        "medical_injury");
LA_ENUM(ENUM_CRIMINAL_GROUND, "criminal_grounds", "minor", "sensory_disability",
        "mental_capacity", "life_or_death_penalty", "death_review", "in_absentia",
        "compulsory_treatment");
LA_ENUM(ENUM_EXEMPTION, "exemptions", "martyr_relative", "bravery", "retrial_compensation",
        "abuse_victim", "no_fixed_income", "social_assistance", "judicial_assistance",
        "veteran_benefits");
LA_ENUM(ENUM_TERMINATION_GROUND, "ground", "deception", "concealment", "illegal_use",
        "no_longer_eligible", "case_ended", "own_lawyer", "recipient_request", "other");
LA_ENUM(ENUM_SCOPE, "scope", "local", "cross_county", "in_province");
LA_ENUM(ENUM_GRADE, "grade", "excellent", "good", "pass", "fail");
LA_ENUM(ENUM_SUBSIDY_ITEM, "item", "criminal_investigation", "criminal_prosecution",
        "criminal_trial", "criminal_death_review", "civil", "administrative", "arbitration",
        "notarization", "duty_lawyer_day", "document_drafting", "service_hall_day",
        "hotline_day");
LA_ENUM(ENUM_GROUP, "groups", "minor", "elderly", "woman", "ethnic_minority", "migrant_worker",
        "disabled", "military", "low_income");
LA_ENUM(ENUM_CALL_KIND, "kind", "consultation", "complaint", "suggestion");
LA_ENUM(ENUM_CALL_OUTCOME, "outcome", "answered", "referred_mediation", "referred_agency",
        "work_order_12345", "converted");
LA_ENUM(ENUM_TOPIC, "topic", "labour", "marriage_family", "debt", "traffic_accident", "land",
        "housing", "personal_injury", "consumer", "criminal", "administrative", "social_security",
        "other");
LA_ENUM(ENUM_CONSULT_CHANNEL, "channel", "on_site", "phone", "online");
LA_ENUM(ENUM_LAWYER_KIND, "kind", "lawyer", "grassroots_worker", "social_org");
LA_ENUM(ENUM_ID_TYPE, "id_type", "resident_id", "hk_macao_permit", "taiwan_permit", "passport",
        "foreign_permanent_resident", "unknown");
LA_ENUM(ENUM_AGENT_RELATION, "relation", "guardian", "relative", "legal_representative",
        "entrusted");
LA_ENUM(ENUM_FORWARDER, "forwarded_by", "detention_centre", "prison", "drug_rehabilitation",
        "police", "procuratorate", "court", "duty_lawyer");
LA_ENUM(ENUM_WITHDRAWAL_KIND, "kind", "applicant", "materials_not_supplied");

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
