/* Whether a lawyer may take a case, and how well it fits: pure. */
#ifndef LA_DOMAIN_ASSIGNMENT_H
#define LA_DOMAIN_ASSIGNMENT_H
#include <stdbool.h>
#include <stdint.h>

#include "enums.h"

typedef struct {
  int64_t center_id;
  int case_type;             /* case_type_t */
  unsigned criminal_grounds; /* criminal_ground_t bits */
  const char *venue_region_code; /* may be NULL */
  const char *opposing_party;    /* may be NULL */
  const char *opposing_party_id_number; /* may be NULL */
} assign_case;

typedef struct {
  int64_t lawyer_id, center_id;
  bool active;
  int kind; /* lawyer_kind_t */
  int practice_years;
  unsigned specialties; /* case_type_t bits */
  int open_cases;       /* assigned or in progress now */
  const char *region_code; /* where the lawyer practises; may be NULL */
} assign_lawyer;

/* Someone the lawyer acts or acted for: a legal aid client or a declared private client. */
typedef struct {
  const char *name;
  const char *id_number; /* may be NULL */
} former_client;

/* Art. 26: a possible life or death sentence, or a death-penalty review. */
bool assignment_needs_experienced(const assign_case *c);
#define EXPERIENCED_YEARS 3

/* Whether the opposing party is this client: the same resident ID when both are known;
 * otherwise the same name. */
bool conflict_matches(const char *opposing_name, const char *opposing_id,
                      const former_client *client);

/* Why a lawyer may not take a case (the lifecycle refuses an assignment with its
 * REFUSE_... of the same name, whose key the API shows). */
typedef enum {
  ASSIGN_OK = 0,
  ASSIGN_OTHER_CENTER,
  ASSIGN_INACTIVE,
  ASSIGN_NOT_A_LAWYER,
  ASSIGN_NOT_QUALIFIED,
  ASSIGN_CONFLICT_OF_INTEREST,
  ASSIGN__COUNT
} assign_refusal;

/* Why this lawyer may not take this case, or ASSIGN_OK: another centre's, inactive, not a
 * lawyer for a criminal case, short of Art. 26's experience, or acting for the other side. */
assign_refusal assignment_refusal(const assign_case *c, const assign_lawyer *l,
                                  const former_client *clients, int nclients);

/* What speaks for a lawyer (the api words each). */
typedef enum {
  SUGGEST_SPECIALTY,
  SUGGEST_TEN_YEARS,
  SUGGEST_THREE_YEARS,
  SUGGEST_ART26_QUALIFIED,
  SUGGEST_NO_OPEN_CASES,
  SUGGEST_MANY_OPEN_CASES,
  SUGGEST_FEW_OPEN_CASES,
  SUGGEST_SAME_COUNTY,
  SUGGEST_SAME_CITY,
  SUGGEST__COUNT
} suggest_reason;

#define SUGGEST_MAX_REASONS 6

typedef struct {
  int score; /* higher is better; refused lawyers score 0 */
  suggest_reason reasons[SUGGEST_MAX_REASONS];
  int nreasons;
  assign_refusal refusal; /* ASSIGN_OK when the lawyer may take the case */
} suggestion;

/* Scores a lawyer for a case: qualification, specialty, open caseload and region. */
void assignment_suggest(const assign_case *c, const assign_lawyer *l,
                        const former_client *clients, int nclients, suggestion *out);

#endif
