#include "assignment.h"

#include <string.h>

bool assignment_needs_experienced(const assign_case *c) {
  return c->case_type == CT_CRIMINAL_DEFENSE &&
         (c->criminal_grounds & ((1u << CG_LIFE_OR_DEATH_PENALTY) | (1u << CG_DEATH_REVIEW)));
}

static bool known(const char *s) { return s && *s; }

static bool same_id(const char *a, const char *b) {
  if (strlen(a) != strlen(b)) return false;
  for (; *a; a++, b++) {
    char x = *a == 'x' ? 'X' : *a, y = *b == 'x' ? 'X' : *b;
    if (x != y) return false;
  }
  return true;
}

bool conflict_matches(const char *opposing_name, const char *opposing_id,
                      const former_client *client) {
  if (known(opposing_id) && known(client->id_number))
    return same_id(opposing_id, client->id_number);
  return known(opposing_name) && known(client->name) && strcmp(opposing_name, client->name) == 0;
}

assign_refusal assignment_refusal(const assign_case *c, const assign_lawyer *l,
                                  const former_client *clients, int nclients) {
  if (l->center_id != c->center_id) return ASSIGN_OTHER_CENTER;
  if (!l->active) return ASSIGN_INACTIVE;
  if ((c->case_type == CT_CRIMINAL_DEFENSE || c->case_type == CT_CRIMINAL_VICTIM) &&
      l->kind != LK_LAWYER)
    return ASSIGN_NOT_A_LAWYER;
  if (assignment_needs_experienced(c) && l->practice_years < EXPERIENCED_YEARS)
    return ASSIGN_NOT_QUALIFIED;
  for (int i = 0; i < nclients; i++)
    if (conflict_matches(c->opposing_party, c->opposing_party_id_number, &clients[i]))
      return ASSIGN_CONFLICT_OF_INTEREST;
  return ASSIGN_OK;
}

static void reason(suggestion *s, suggest_reason r) {
  if (s->nreasons < SUGGEST_MAX_REASONS) s->reasons[s->nreasons++] = r;
}

void assignment_suggest(const assign_case *c, const assign_lawyer *l,
                        const former_client *clients, int nclients, suggestion *out) {
  memset(out, 0, sizeof *out);
  out->refusal = assignment_refusal(c, l, clients, nclients);
  if (out->refusal != ASSIGN_OK) return;
  int score = 10;
  if (c->case_type >= 0 && (l->specialties & (1u << c->case_type))) {
    score += 40;
    reason(out, SUGGEST_SPECIALTY);
  }
  int years = l->practice_years > 10 ? 10 : l->practice_years;
  score += years * 2;
  if (l->practice_years >= 10)
    reason(out, SUGGEST_TEN_YEARS);
  else if (l->practice_years >= EXPERIENCED_YEARS)
    reason(out, SUGGEST_THREE_YEARS);
  if (assignment_needs_experienced(c)) reason(out, SUGGEST_ART26_QUALIFIED);
  int load = l->open_cases > 10 ? 10 : l->open_cases;
  score -= load * 4;
  if (l->open_cases == 0)
    reason(out, SUGGEST_NO_OPEN_CASES);
  else if (l->open_cases >= 5)
    reason(out, SUGGEST_MANY_OPEN_CASES);
  else
    reason(out, SUGGEST_FEW_OPEN_CASES);
  if (known(c->venue_region_code) && known(l->region_code)) {
    if (strcmp(c->venue_region_code, l->region_code) == 0) {
      score += 10;
      reason(out, SUGGEST_SAME_COUNTY);
    } else if (strncmp(c->venue_region_code, l->region_code, 4) == 0) {
      score += 5;
      reason(out, SUGGEST_SAME_CITY);
    }
  }
  out->score = score < 1 ? 1 : score;
}
