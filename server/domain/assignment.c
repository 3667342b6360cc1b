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

const char *assignment_refusal(const assign_case *c, const assign_lawyer *l,
                               const former_client *clients, int nclients, const char **code) {
  const char *dummy;
  if (!code) code = &dummy;
  if (l->center_id != c->center_id) {
    *code = "other_center";
    return "该律师不属于本法律援助中心";
  }
  if (!l->active) {
    *code = "inactive";
    return "该律师已停用，不能指派";
  }
  if ((c->case_type == CT_CRIMINAL_DEFENSE || c->case_type == CT_CRIMINAL_VICTIM) &&
      l->kind != LK_LAWYER) {
    *code = "not_a_lawyer";
    return "刑事辩护和代理须指派律师承办";
  }
  if (assignment_needs_experienced(c) && l->practice_years < EXPERIENCED_YEARS) {
    *code = "not_qualified";
    return "可能判处无期徒刑、死刑或死刑复核案件，须指派具有三年以上相关执业经历的律师（第二十六条）";
  }
  for (int i = 0; i < nclients; i++) {
    if (conflict_matches(c->opposing_party, c->opposing_party_id_number, &clients[i])) {
      *code = "conflict_of_interest";
      return "利益冲突：对方当事人是或曾是该律师的委托人";
    }
  }
  *code = NULL;
  return NULL;
}

static void reason(suggestion *s, const char *r) {
  if (s->nreasons < SUGGEST_MAX_REASONS) s->reasons[s->nreasons++] = r;
}

void assignment_suggest(const assign_case *c, const assign_lawyer *l,
                        const former_client *clients, int nclients, suggestion *out) {
  memset(out, 0, sizeof *out);
  out->refusal = assignment_refusal(c, l, clients, nclients, NULL);
  if (out->refusal) {
    reason(out, out->refusal);
    return;
  }
  int score = 10;
  if (c->case_type >= 0 && (l->specialties & (1u << c->case_type))) {
    score += 40;
    reason(out, "擅长该案件类型");
  }
  int years = l->practice_years > 10 ? 10 : l->practice_years;
  score += years * 2;
  if (l->practice_years >= 10)
    reason(out, "执业十年以上");
  else if (l->practice_years >= EXPERIENCED_YEARS)
    reason(out, "执业三年以上");
  if (assignment_needs_experienced(c)) reason(out, "符合第二十六条资历要求");
  int load = l->open_cases > 10 ? 10 : l->open_cases;
  score -= load * 4;
  if (l->open_cases == 0)
    reason(out, "目前没有在办案件");
  else if (l->open_cases >= 5)
    reason(out, "在办案件较多");
  else
    reason(out, "在办案件较少");
  if (known(c->venue_region_code) && known(l->region_code)) {
    if (strcmp(c->venue_region_code, l->region_code) == 0) {
      score += 10;
      reason(out, "执业地与办案地同县区");
    } else if (strncmp(c->venue_region_code, l->region_code, 4) == 0) {
      score += 5;
      reason(out, "执业地与办案地同市");
    }
  }
  out->score = score < 1 ? 1 : score;
}
