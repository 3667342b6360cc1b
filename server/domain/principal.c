#include "principal.h"

#include "jurisdiction.h"

bool principal_may_set_jurisdiction(const principal *p, const char *code) {
  if (p->role != ROLE_ADMIN) return false;
  if (p->center_id == 0 && p->all_centers) return true;
  return p->region_code[0] && region_rank(code, p->region_code) >= 0;
}

bool principal_sees_center(const principal *p, int64_t center_id) {
  if (p->all_centers) return true;
  for (size_t i = 0; i < p->ncenters; i++)
    if (p->centers[i] == center_id) return true;
  return false;
}
