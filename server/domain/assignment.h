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

/* Why this lawyer may not take this case (a Chinese sentence), or NULL when it may. *code
 * gets a stable reason key ("other_center", "inactive", "not_qualified", "conflict_of_interest",
 * "not_a_lawyer"). */
const char *assignment_refusal(const assign_case *c, const assign_lawyer *l,
                               const former_client *clients, int nclients, const char **code);

#define SUGGEST_MAX_REASONS 6

typedef struct {
  int score; /* higher is better; refused lawyers score 0 */
  const char *reasons[SUGGEST_MAX_REASONS];
  int nreasons;
  const char *refusal; /* NULL when the lawyer may take the case */
} suggestion;

/* Scores a lawyer for a case: qualification, specialty, open caseload and region. */
void assignment_suggest(const assign_case *c, const assign_lawyer *l,
                        const former_client *clients, int nclients, suggestion *out);

#endif
