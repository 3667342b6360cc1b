/* The enumerations of API.md, one name per thing across SQL, C and JSON: pure.
 *
 * Each enumeration is one list, X(C identifier, API name), from which both the C enum and
 * its names are made: a value is added in one place, here. Values stored in the database
 * are also in a CHECK constraint of a migration; the store_schema suite compares every such
 * constraint with these lists, so the two cannot drift apart unnoticed. */
#ifndef LA_DOMAIN_ENUMS_H
#define LA_DOMAIN_ENUMS_H
#include <stdbool.h>
#include <stddef.h>

/* A NULL-terminated list of the API names of one enumeration; names[value] is the API name
 * of the C enum's value. */
typedef struct {
  const char *name; /* the enumeration's own name, e.g. "channel" */
  const char *const *values;
  size_t count;
} la_enum;

/* The index of s[0..len) in e, or -1. */
int enum_find(const la_enum *e, const char *s, size_t len);
/* The API name of value v, or NULL when out of range. */
const char *enum_name(const la_enum *e, int v);

/* For the lists below: a C enum member, and an API name. */
#define LA_ENUM_MEMBER(id, name) id,
#define LA_ENUM_NAME(id, name) name,

#define LA_ROLES(X)              \
  X(ROLE_ADMIN, "admin")         \
  X(ROLE_CLERK, "clerk")         \
  X(ROLE_REVIEWER, "reviewer")   \
  X(ROLE_LAWYER, "lawyer")       \
  X(ROLE_SUPERVISOR, "supervisor") \
  /* the judicial bureau (司法局) over the centres of its region; alone decides objections */ \
  X(ROLE_BUREAU, "bureau")
typedef enum { LA_ROLES(LA_ENUM_MEMBER) ROLE__COUNT } role_t;
extern const la_enum ENUM_ROLE;

#define LA_CHANNELS(X)                                    \
  X(CHANNEL_WINDOW, "window")                             \
  X(CHANNEL_HOTLINE_12348, "hotline_12348")               \
  X(CHANNEL_ONLINE, "online")                             \
  X(CHANNEL_NOTICE_POLICE, "notice_police")               \
  X(CHANNEL_NOTICE_PROCURATORATE, "notice_procuratorate") \
  X(CHANNEL_NOTICE_COURT, "notice_court")
typedef enum { LA_CHANNELS(LA_ENUM_MEMBER) CHANNEL__COUNT } channel_t;
extern const la_enum ENUM_CHANNEL;
bool channel_is_notice(channel_t c);

#define LA_CASE_TYPES(X)                          \
  X(CT_CRIMINAL_DEFENSE, "criminal_defense")      \
  X(CT_CRIMINAL_VICTIM, "criminal_victim")        \
  X(CT_PLEA_HELP, "plea_help")                    \
  X(CT_CIVIL, "civil")                            \
  X(CT_ADMINISTRATIVE, "administrative")          \
  X(CT_LABOR_ARBITRATION, "labor_arbitration")    \
  X(CT_STATE_COMPENSATION, "state_compensation")  \
  X(CT_NOTARIZATION, "notarization")              \
  X(CT_DOCUMENT_DRAFTING, "document_drafting")
typedef enum { LA_CASE_TYPES(LA_ENUM_MEMBER) CT__COUNT } case_type_t;
extern const la_enum ENUM_CASE_TYPE;
bool case_type_is_criminal(case_type_t t); /* defence, victim, plea help */
/* Civil, administrative, labour arbitration, state compensation: a `matter` is required. */
bool case_type_needs_matter(case_type_t t);

#define LA_STAGES(X)                           \
  X(STAGE_INVESTIGATION, "investigation")      \
  X(STAGE_PROSECUTION, "prosecution")          \
  X(STAGE_TRIAL, "trial")                      \
  X(STAGE_DEATH_REVIEW, "death_review")        \
  X(STAGE_FIRST_INSTANCE, "first_instance")    \
  X(STAGE_SECOND_INSTANCE, "second_instance")  \
  X(STAGE_RETRIAL, "retrial")                  \
  X(STAGE_ARBITRATION, "arbitration")          \
  X(STAGE_ENFORCEMENT, "enforcement")
typedef enum { LA_STAGES(LA_ENUM_MEMBER) STAGE__COUNT } stage_t;
extern const la_enum ENUM_STAGE;
bool stage_is_criminal(stage_t s);
/* Whether a stage belongs to a case type (criminal stages, a second instance and a retrial
 * for criminal defence and victims; the first three for plea help; the others for civil-like
 * types; non-litigation types have no stages). stage_is_criminal: the stages only criminal
 * cases have. */
bool stage_fits_case_type(stage_t s, case_type_t t);

/* A case's status. Which action leads from which status to which is domain/lifecycle.h. */
#define LA_STATUSES(X)                              \
  X(ST_SUBMITTED, "submitted")                      \
  X(ST_MATERIALS_REQUESTED, "materials_requested")  \
  X(ST_APPROVED, "approved")                        \
  X(ST_REJECTED, "rejected")                        \
  X(ST_ASSIGNED, "assigned")                        \
  X(ST_IN_PROGRESS, "in_progress")                  \
  X(ST_CLOSED, "closed")                            \
  X(ST_TERMINATED, "terminated")                    \
  /* the applicant withdrew, or the papers never came (视为撤回, Art. 43) */ \
  X(ST_WITHDRAWN, "withdrawn")
typedef enum { LA_STATUSES(LA_ENUM_MEMBER) ST__COUNT } case_status_t;
extern const la_enum ENUM_STATUS;

#define LA_MATTERS(X)                                          \
  X(MATTER_STATE_COMPENSATION, "state_compensation")           \
  X(MATTER_SOCIAL_INSURANCE, "social_insurance")               \
  X(MATTER_BEREAVEMENT_PENSION, "bereavement_pension")         \
  X(MATTER_SUPPORT_PAYMENT, "support_payment")                 \
  X(MATTER_LABOUR_REMUNERATION, "labour_remuneration")         \
  X(MATTER_EMPLOYMENT_CONFIRMATION, "employment_confirmation") \
  X(MATTER_INCAPACITY_DECLARATION, "incapacity_declaration")   \
  X(MATTER_PERSONAL_INJURY, "personal_injury")                 \
  X(MATTER_ENVIRONMENTAL_DAMAGE, "environmental_damage")       \
  X(MATTER_CRIMINAL_VICTIM, "criminal_victim")                 \
  X(MATTER_RETRIAL_PETITION, "retrial_petition")               \
  X(MATTER_OTHER, "other")                                     \
  /* Art. 31 (七): injury damages from these four causes; personal_injury above stays \
   * readable for cases taken in before, its cause left to the reviewer */               \
  X(MATTER_WORK_INJURY, "work_injury")                         \
  X(MATTER_TRAFFIC_INJURY, "traffic_injury")                   \
  X(MATTER_FOOD_DRUG_INJURY, "food_drug_injury")               \
  X(MATTER_MEDICAL_INJURY, "medical_injury")
typedef enum { LA_MATTERS(LA_ENUM_MEMBER) MATTER__COUNT } matter_t;
extern const la_enum ENUM_MATTER;

#define LA_CRIMINAL_GROUNDS(X)                          \
  X(CG_MINOR, "minor")                                  \
  X(CG_SENSORY_DISABILITY, "sensory_disability")        \
  X(CG_MENTAL_CAPACITY, "mental_capacity")              \
  X(CG_LIFE_OR_DEATH_PENALTY, "life_or_death_penalty")  \
  X(CG_DEATH_REVIEW, "death_review")                    \
  X(CG_IN_ABSENTIA, "in_absentia")                      \
  X(CG_COMPULSORY_TREATMENT, "compulsory_treatment")
typedef enum { LA_CRIMINAL_GROUNDS(LA_ENUM_MEMBER) CG__COUNT } criminal_ground_t;
extern const la_enum ENUM_CRIMINAL_GROUND;

#define LA_EXEMPTIONS(X)                              \
  X(EX_MARTYR_RELATIVE, "martyr_relative")            \
  X(EX_BRAVERY, "bravery")                            \
  X(EX_RETRIAL_COMPENSATION, "retrial_compensation")  \
  X(EX_ABUSE_VICTIM, "abuse_victim")                  \
  X(EX_NO_FIXED_INCOME, "no_fixed_income")            \
  X(EX_SOCIAL_ASSISTANCE, "social_assistance")        \
  X(EX_JUDICIAL_ASSISTANCE, "judicial_assistance")    \
  X(EX_VETERAN_BENEFITS, "veteran_benefits")
typedef enum { LA_EXEMPTIONS(LA_ENUM_MEMBER) EX__COUNT } exemption_t;
extern const la_enum ENUM_EXEMPTION;

#define LA_TERMINATION_GROUNDS(X)                    \
  X(TG_DECEPTION, "deception")                       \
  X(TG_CONCEALMENT, "concealment")                   \
  X(TG_ILLEGAL_USE, "illegal_use")                   \
  X(TG_NO_LONGER_ELIGIBLE, "no_longer_eligible")     \
  X(TG_CASE_ENDED, "case_ended")                     \
  X(TG_OWN_LAWYER, "own_lawyer")                     \
  X(TG_RECIPIENT_REQUEST, "recipient_request")       \
  X(TG_OTHER, "other")
typedef enum { LA_TERMINATION_GROUNDS(LA_ENUM_MEMBER) TG__COUNT } termination_ground_t;
extern const la_enum ENUM_TERMINATION_GROUND;

/* The decision recorded on a case (the API's "request_materials" is no decision). */
#define LA_DECISIONS(X)                \
  X(DECISION_APPROVE, "approve")       \
  X(DECISION_REJECT, "reject")         \
  X(DECISION_URGENT_AID, "urgent_aid")
typedef enum { LA_DECISIONS(LA_ENUM_MEMBER) DECISION__COUNT } decision_t;
extern const la_enum ENUM_DECISION;

#define LA_SCOPES(X)                     \
  X(SCOPE_LOCAL, "local")                \
  X(SCOPE_CROSS_COUNTY, "cross_county")  \
  X(SCOPE_IN_PROVINCE, "in_province")
typedef enum { LA_SCOPES(LA_ENUM_MEMBER) SCOPE__COUNT } scope_t;
extern const la_enum ENUM_SCOPE;

#define LA_GRADES(X)                \
  X(GRADE_EXCELLENT, "excellent")   \
  X(GRADE_GOOD, "good")             \
  X(GRADE_PASS, "pass")             \
  X(GRADE_FAIL, "fail")
typedef enum { LA_GRADES(LA_ENUM_MEMBER) GRADE__COUNT } grade_t;
extern const la_enum ENUM_GRADE;

#define LA_SUBSIDY_ITEMS(X)                                \
  X(ITEM_CRIMINAL_INVESTIGATION, "criminal_investigation") \
  X(ITEM_CRIMINAL_PROSECUTION, "criminal_prosecution")     \
  X(ITEM_CRIMINAL_TRIAL, "criminal_trial")                 \
  X(ITEM_CRIMINAL_DEATH_REVIEW, "criminal_death_review")   \
  X(ITEM_CIVIL, "civil")                                   \
  X(ITEM_ADMINISTRATIVE, "administrative")                 \
  X(ITEM_ARBITRATION, "arbitration")                       \
  X(ITEM_NOTARIZATION, "notarization")                     \
  X(ITEM_DUTY_LAWYER_DAY, "duty_lawyer_day")               \
  X(ITEM_DOCUMENT_DRAFTING, "document_drafting")           \
  X(ITEM_SERVICE_HALL_DAY, "service_hall_day")             \
  X(ITEM_HOTLINE_DAY, "hotline_day")                       \
  X(ITEM_PLEA_HELP, "plea_help")
typedef enum { LA_SUBSIDY_ITEMS(LA_ENUM_MEMBER) ITEM__COUNT } subsidy_item_t;
extern const la_enum ENUM_SUBSIDY_ITEM;

#define LA_SUBSIDY_UNITS(X)          \
  X(UNIT_CASE_STAGE, "case_stage")   \
  X(UNIT_CASE, "case")               \
  X(UNIT_LAWYER_DAY, "lawyer_day")   \
  X(UNIT_PIECE, "piece")             \
  X(UNIT_DAY, "day")
typedef enum { LA_SUBSIDY_UNITS(LA_ENUM_MEMBER) UNIT__COUNT } subsidy_unit_t;
extern const la_enum ENUM_SUBSIDY_UNIT;

/* A subsidy claim: computed, then approved, then paid. */
#define LA_CLAIM_STATUSES(X)     \
  X(CLAIM_COMPUTED, "computed")  \
  X(CLAIM_APPROVED, "approved")  \
  X(CLAIM_PAID, "paid")
typedef enum { LA_CLAIM_STATUSES(LA_ENUM_MEMBER) CLAIM__COUNT } claim_status_t;
extern const la_enum ENUM_CLAIM_STATUS;

/* Where a duty lawyer's day is spent. */
#define LA_STATIONS(X)                              \
  X(STATION_COURT, "court")                         \
  X(STATION_PROCURATORATE, "procuratorate")         \
  X(STATION_DETENTION_CENTRE, "detention_centre")   \
  X(STATION_SERVICE_HALL, "service_hall")           \
  X(STATION_HOTLINE_12348, "hotline_12348")
typedef enum { LA_STATIONS(LA_ENUM_MEMBER) STATION__COUNT } station_t;
extern const la_enum ENUM_STATION;

/* Whether a jurisdiction counts its deadlines in calendar or working days. */
#define LA_DEADLINE_MODES(X)                  \
  X(DEADLINE_CALENDAR_DAYS, "calendar_days")  \
  X(DEADLINE_WORKING_DAYS, "working_days")
typedef enum { LA_DEADLINE_MODES(LA_ENUM_MEMBER) DEADLINE__COUNT } deadline_mode;
extern const la_enum ENUM_DEADLINE_MODE;

/* The 12348 hotline and consultations. */
#define LA_CALL_KINDS(X)                \
  X(CALL_CONSULTATION, "consultation")  \
  X(CALL_COMPLAINT, "complaint")        \
  X(CALL_SUGGESTION, "suggestion")
typedef enum { LA_CALL_KINDS(LA_ENUM_MEMBER) CALL__COUNT } call_kind_t;
extern const la_enum ENUM_CALL_KIND;

#define LA_CALL_OUTCOMES(X)                  \
  X(OUTCOME_ANSWERED, "answered")            \
  X(OUTCOME_MEDIATION, "referred_mediation") \
  X(OUTCOME_AGENCY, "referred_agency")       \
  X(OUTCOME_WORK_ORDER, "work_order_12345")  \
  X(OUTCOME_CONVERTED, "converted")
typedef enum { LA_CALL_OUTCOMES(LA_ENUM_MEMBER) OUTCOME__COUNT } call_outcome_t;
extern const la_enum ENUM_CALL_OUTCOME;

#define LA_TOPICS(X)                              \
  X(TOPIC_LABOUR, "labour")                       \
  X(TOPIC_MARRIAGE_FAMILY, "marriage_family")     \
  X(TOPIC_DEBT, "debt")                           \
  X(TOPIC_TRAFFIC_ACCIDENT, "traffic_accident")   \
  X(TOPIC_LAND, "land")                           \
  X(TOPIC_HOUSING, "housing")                     \
  X(TOPIC_PERSONAL_INJURY, "personal_injury")     \
  X(TOPIC_CONSUMER, "consumer")                   \
  X(TOPIC_CRIMINAL, "criminal")                   \
  X(TOPIC_ADMINISTRATIVE, "administrative")       \
  X(TOPIC_SOCIAL_SECURITY, "social_security")     \
  X(TOPIC_OTHER, "other")
typedef enum { LA_TOPICS(LA_ENUM_MEMBER) TOPIC__COUNT } topic_t;
extern const la_enum ENUM_TOPIC;

#define LA_CONSULT_CHANNELS(X)   \
  X(CONSULT_ON_SITE, "on_site")  \
  X(CONSULT_PHONE, "phone")      \
  X(CONSULT_ONLINE, "online")
typedef enum { LA_CONSULT_CHANNELS(LA_ENUM_MEMBER) CONSULT__COUNT } consult_channel_t;
extern const la_enum ENUM_CONSULT_CHANNEL;

/* The applicant groups of API.md. A set of groups is a bit mask: GROUP_MINOR is the bit of
 * GROUPIX_MINOR (groups.h). */
#define LA_GROUPS(X)                            \
  X(GROUPIX_MINOR, "minor")                     \
  X(GROUPIX_ELDERLY, "elderly")                 \
  X(GROUPIX_WOMAN, "woman")                     \
  X(GROUPIX_ETHNIC_MINORITY, "ethnic_minority") \
  X(GROUPIX_MIGRANT_WORKER, "migrant_worker")   \
  X(GROUPIX_DISABLED, "disabled")               \
  X(GROUPIX_MILITARY, "military")               \
  X(GROUPIX_LOW_INCOME, "low_income")
typedef enum { LA_GROUPS(LA_ENUM_MEMBER) GROUP_COUNT } group_t;
extern const la_enum ENUM_GROUP;

#define LA_LAWYER_KINDS(X)                      \
  X(LK_LAWYER, "lawyer")                        \
  X(LK_GRASSROOTS_WORKER, "grassroots_worker")  \
  X(LK_SOCIAL_ORG, "social_org")
typedef enum { LA_LAWYER_KINDS(LA_ENUM_MEMBER) LK__COUNT } lawyer_kind_t;
extern const la_enum ENUM_LAWYER_KIND;

/* Why a lawyer's assignment to a case ended. */
#define LA_ASSIGNMENT_ENDS(X)             \
  X(ASSIGNMENT_REPLACED, "replaced")      \
  X(ASSIGNMENT_DECLINED, "declined")      \
  X(ASSIGNMENT_TERMINATED, "terminated")  \
  X(ASSIGNMENT_CLOSED, "closed")
typedef enum { LA_ASSIGNMENT_ENDS(LA_ENUM_MEMBER) ASSIGNMENT_END__COUNT } assignment_end_t;
extern const la_enum ENUM_ASSIGNMENT_END;

/* The sex a resident ID encodes, as stored. */
#define LA_SEXES(X) \
  X(SEX_MALE, "M")  \
  X(SEX_FEMALE, "F")
typedef enum { LA_SEXES(LA_ENUM_MEMBER) SEX__COUNT } sex_t;
extern const la_enum ENUM_SEX;

/* A day of the holiday calendar that is not what its weekday says. HOLIDAY: a public holiday
 * (no work even on a weekday); WORKDAY: a make-up working day (调休上班) on a weekend. */
#define LA_CAL_DAY_KINDS(X)      \
  X(CAL_DAY_HOLIDAY, "holiday")  \
  X(CAL_DAY_WORKDAY, "workday")
typedef enum { LA_CAL_DAY_KINDS(LA_ENUM_MEMBER) CAL_DAY__COUNT } cal_day_kind;
extern const la_enum ENUM_CAL_DAY_KIND;

/* An identity document (API.md 1.1); unknown: not established (a notice case's suspect). */
#define LA_ID_TYPES(X)                                              \
  X(IDT_RESIDENT_ID, "resident_id")                                 \
  X(IDT_HK_MACAO_PERMIT, "hk_macao_permit")                         \
  X(IDT_TAIWAN_PERMIT, "taiwan_permit")                             \
  X(IDT_PASSPORT, "passport")                                       \
  X(IDT_FOREIGN_PERMANENT_RESIDENT, "foreign_permanent_resident")   \
  X(IDT_UNKNOWN, "unknown")
typedef enum { LA_ID_TYPES(LA_ENUM_MEMBER) IDT__COUNT } id_type_t;
extern const la_enum ENUM_ID_TYPE;

/* Who applies on the recipient's behalf (Art. 24, 40). */
#define LA_AGENT_RELATIONS(X)                             \
  X(AGENT_GUARDIAN, "guardian")                           \
  X(AGENT_RELATIVE, "relative")                           \
  X(AGENT_LEGAL_REPRESENTATIVE, "legal_representative")   \
  X(AGENT_ENTRUSTED, "entrusted")
typedef enum { LA_AGENT_RELATIONS(LA_ENUM_MEMBER) AGENT__COUNT } agent_relation_t;
extern const la_enum ENUM_AGENT_RELATION;

/* Who forwarded a detained person's application (Art. 39). */
#define LA_FORWARDERS(X)                             \
  X(FWD_DETENTION_CENTRE, "detention_centre")        \
  X(FWD_PRISON, "prison")                            \
  X(FWD_DRUG_REHABILITATION, "drug_rehabilitation")  \
  X(FWD_POLICE, "police")                            \
  X(FWD_PROCURATORATE, "procuratorate")              \
  X(FWD_COURT, "court")                              \
  X(FWD_DUTY_LAWYER, "duty_lawyer")
typedef enum { LA_FORWARDERS(LA_ENUM_MEMBER) FWD__COUNT } forwarder_t;
extern const la_enum ENUM_FORWARDER;

/* How an application ended unanswered: withdrawn, or deemed withdrawn (视为撤回, Art. 43). */
#define LA_WITHDRAWAL_KINDS(X)                                   \
  X(WITHDRAWAL_APPLICANT, "applicant")                           \
  X(WITHDRAWAL_MATERIALS_NOT_SUPPLIED, "materials_not_supplied")
typedef enum { LA_WITHDRAWAL_KINDS(LA_ENUM_MEMBER) WITHDRAWAL__COUNT } withdrawal_kind_t;
extern const la_enum ENUM_WITHDRAWAL_KIND;
/* The kind of a paper in a case file (卷宗), API.md 1.1. */
#define LA_ATTACHMENT_KINDS(X)                 \
  X(AK_IDENTITY, "identity")             /* 身份证明 */ \
  X(AK_HARDSHIP_PROOF, "hardship_proof") /* 经济困难证明 */ \
  X(AK_APPLICATION, "application")       /* 申请书 */ \
  X(AK_NOTICE, "notice")                 /* 通知书（公安、检察院、法院） */ \
  X(AK_JUDGMENT, "judgment")             /* 判决书、裁定书、调解书 */ \
  X(AK_CLOSING_REPORT, "closing_report") /* 结案报告 */ \
  X(AK_OTHER, "other")
typedef enum { LA_ATTACHMENT_KINDS(LA_ENUM_MEMBER) AK__COUNT } attachment_kind_t;
extern const la_enum ENUM_ATTACHMENT_KIND;

/* The file types a case file accepts, by their media type. */
#define LA_ATTACHMENT_TYPES(X)      \
  X(AT_PDF, "application/pdf")      \
  X(AT_JPEG, "image/jpeg")          \
  X(AT_PNG, "image/png")
typedef enum { LA_ATTACHMENT_TYPES(LA_ENUM_MEMBER) AT__COUNT } attachment_type_t;
extern const la_enum ENUM_ATTACHMENT_TYPE;

/* Every enumeration above, NULL-terminated (the store_schema suite finds each stored under
 * a CHECK constraint). */
extern const la_enum *const la_enums[];

#endif
