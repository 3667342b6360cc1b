/* The enumerations of API.md, one name per thing across SQL, C and JSON: pure. */
#ifndef LA_DOMAIN_ENUMS_H
#define LA_DOMAIN_ENUMS_H
#include <stdbool.h>
#include <stddef.h>

/* A NULL-terminated list of the API names of one enumeration; the C enum below it uses the
 * same order, so names[value] is its API name. */
typedef struct {
  const char *name; /* the enumeration's own name, e.g. "channel" */
  const char *const *values;
  size_t count;
} la_enum;

/* The index of s[0..len) in e, or -1. */
int enum_find(const la_enum *e, const char *s, size_t len);
/* The API name of value v, or NULL when out of range. */
const char *enum_name(const la_enum *e, int v);

/* bureau: the judicial bureau (司法局) over the centres of its region; alone decides
 * objections (Art. 49). */
typedef enum {
  ROLE_ADMIN,
  ROLE_CLERK,
  ROLE_REVIEWER,
  ROLE_LAWYER,
  ROLE_SUPERVISOR,
  ROLE_BUREAU,
} role_t;
extern const la_enum ENUM_ROLE;

typedef enum {
  CHANNEL_WINDOW,
  CHANNEL_HOTLINE_12348,
  CHANNEL_ONLINE,
  CHANNEL_NOTICE_POLICE,
  CHANNEL_NOTICE_PROCURATORATE,
  CHANNEL_NOTICE_COURT,
} channel_t;
extern const la_enum ENUM_CHANNEL;
bool channel_is_notice(channel_t c);

typedef enum {
  CT_CRIMINAL_DEFENSE,
  CT_CRIMINAL_VICTIM,
  CT_PLEA_HELP,
  CT_CIVIL,
  CT_ADMINISTRATIVE,
  CT_LABOR_ARBITRATION,
  CT_STATE_COMPENSATION,
  CT_NOTARIZATION,
  CT_DOCUMENT_DRAFTING,
} case_type_t;
extern const la_enum ENUM_CASE_TYPE;
bool case_type_is_criminal(case_type_t t); /* defence, victim, plea help */
/* Civil, administrative, labour arbitration, state compensation: a `matter` is required. */
bool case_type_needs_matter(case_type_t t);

typedef enum {
  STAGE_INVESTIGATION,
  STAGE_PROSECUTION,
  STAGE_TRIAL,
  STAGE_DEATH_REVIEW,
  STAGE_FIRST_INSTANCE,
  STAGE_SECOND_INSTANCE,
  STAGE_RETRIAL,
  STAGE_ARBITRATION,
  STAGE_ENFORCEMENT,
} stage_t;
extern const la_enum ENUM_STAGE;
bool stage_is_criminal(stage_t s);
/* Whether a stage belongs to a case type (criminal stages, a second instance and a retrial
 * for criminal defence and victims; the first three for plea help; the others for civil-like
 * types; non-litigation types have no stages). stage_is_criminal: the stages only criminal
 * cases have. */
bool stage_fits_case_type(stage_t s, case_type_t t);

typedef enum {
  ST_SUBMITTED,
  ST_MATERIALS_REQUESTED,
  ST_APPROVED,
  ST_REJECTED,
  ST_ASSIGNED,
  ST_IN_PROGRESS,
  ST_CLOSED,
  ST_TERMINATED,
  ST_WITHDRAWN, /* the applicant withdrew, or the papers never came (Art. 43) */
} case_status_t;
extern const la_enum ENUM_STATUS;

typedef enum {
  MATTER_STATE_COMPENSATION,
  MATTER_SOCIAL_INSURANCE,
  MATTER_BEREAVEMENT_PENSION,
  MATTER_SUPPORT_PAYMENT,
  MATTER_LABOUR_REMUNERATION,
  MATTER_EMPLOYMENT_CONFIRMATION,
  MATTER_INCAPACITY_DECLARATION,
  MATTER_PERSONAL_INJURY,
  MATTER_ENVIRONMENTAL_DAMAGE,
  MATTER_CRIMINAL_VICTIM,
  MATTER_RETRIAL_PETITION,
  MATTER_OTHER,
  /* Art. 31 (七): injury damages from these four causes only (API 1.1); personal_injury
   * above stays readable for cases taken in before, its cause left to the reviewer. */
  MATTER_WORK_INJURY,
  MATTER_TRAFFIC_INJURY,
  MATTER_FOOD_DRUG_INJURY,
  MATTER_MEDICAL_INJURY,
} matter_t;
extern const la_enum ENUM_MATTER;

typedef enum {
  CG_MINOR,
  CG_SENSORY_DISABILITY,
  CG_MENTAL_CAPACITY,
  CG_LIFE_OR_DEATH_PENALTY,
  CG_DEATH_REVIEW,
  CG_IN_ABSENTIA,
  CG_COMPULSORY_TREATMENT,
} criminal_ground_t;
extern const la_enum ENUM_CRIMINAL_GROUND;

typedef enum {
  EX_MARTYR_RELATIVE,
  EX_BRAVERY,
  EX_RETRIAL_COMPENSATION,
  EX_ABUSE_VICTIM,
  EX_NO_FIXED_INCOME,
  EX_SOCIAL_ASSISTANCE,
  EX_JUDICIAL_ASSISTANCE,
  EX_VETERAN_BENEFITS,
} exemption_t;
extern const la_enum ENUM_EXEMPTION;

typedef enum {
  TG_DECEPTION,
  TG_CONCEALMENT,
  TG_ILLEGAL_USE,
  TG_NO_LONGER_ELIGIBLE,
  TG_CASE_ENDED,
  TG_OWN_LAWYER,
  TG_RECIPIENT_REQUEST,
  TG_OTHER,
} termination_ground_t;
extern const la_enum ENUM_TERMINATION_GROUND;

typedef enum { SCOPE_LOCAL, SCOPE_CROSS_COUNTY, SCOPE_IN_PROVINCE } scope_t;
extern const la_enum ENUM_SCOPE;

typedef enum { GRADE_EXCELLENT, GRADE_GOOD, GRADE_PASS, GRADE_FAIL } grade_t;
extern const la_enum ENUM_GRADE;

typedef enum {
  ITEM_CRIMINAL_INVESTIGATION,
  ITEM_CRIMINAL_PROSECUTION,
  ITEM_CRIMINAL_TRIAL,
  ITEM_CRIMINAL_DEATH_REVIEW,
  ITEM_CIVIL,
  ITEM_ADMINISTRATIVE,
  ITEM_ARBITRATION,
  ITEM_NOTARIZATION,
  ITEM_DUTY_LAWYER_DAY,
  ITEM_DOCUMENT_DRAFTING,
  ITEM_SERVICE_HALL_DAY,
  ITEM_HOTLINE_DAY,
} subsidy_item_t;
extern const la_enum ENUM_SUBSIDY_ITEM;

/* The 12348 hotline and consultations. */
extern const la_enum ENUM_CALL_KIND;    /* consultation, complaint, suggestion */
extern const la_enum ENUM_CALL_OUTCOME; /* answered, referred_mediation, referred_agency,
                                           work_order_12345, converted */
typedef enum { OUTCOME_ANSWERED, OUTCOME_MEDIATION, OUTCOME_AGENCY, OUTCOME_WORK_ORDER,
               OUTCOME_CONVERTED } call_outcome_t;
extern const la_enum ENUM_TOPIC;           /* labour, marriage_family, debt, ... */
extern const la_enum ENUM_CONSULT_CHANNEL; /* on_site, phone, online */

/* The applicant groups of API.md, in the bit order of groups.h. */
extern const la_enum ENUM_GROUP;

typedef enum { LK_LAWYER, LK_GRASSROOTS_WORKER, LK_SOCIAL_ORG } lawyer_kind_t;

/* An identity document (API.md 1.1); unknown: not established (a notice case's suspect). */
typedef enum {
  IDT_RESIDENT_ID,
  IDT_HK_MACAO_PERMIT,
  IDT_TAIWAN_PERMIT,
  IDT_PASSPORT,
  IDT_FOREIGN_PERMANENT_RESIDENT,
  IDT_UNKNOWN,
} id_type_t;
extern const la_enum ENUM_ID_TYPE;

/* Who applies on the recipient's behalf (Art. 24, 40). */
typedef enum { AGENT_GUARDIAN, AGENT_RELATIVE, AGENT_LEGAL_REPRESENTATIVE, AGENT_ENTRUSTED } agent_relation_t;
extern const la_enum ENUM_AGENT_RELATION;

/* Who forwarded a detained person's application (Art. 39). */
typedef enum {
  FWD_DETENTION_CENTRE,
  FWD_PRISON,
  FWD_DRUG_REHABILITATION,
  FWD_POLICE,
  FWD_PROCURATORATE,
  FWD_COURT,
  FWD_DUTY_LAWYER,
} forwarder_t;
extern const la_enum ENUM_FORWARDER;

/* How an application ended unanswered: withdrawn, or deemed withdrawn (视为撤回, Art. 43). */
typedef enum { WITHDRAWAL_APPLICANT, WITHDRAWAL_MATERIALS_NOT_SUPPLIED } withdrawal_kind_t;
extern const la_enum ENUM_WITHDRAWAL_KIND;
extern const la_enum ENUM_LAWYER_KIND;

#endif
