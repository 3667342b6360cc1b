#include "principal.h"


bool principal_sees_center(const principal *p, int64_t center_id) {
  if (p->all_centers) return true;
  for (size_t i = 0; i < p->ncenters; i++)
    if (p->centers[i] == center_id) return true;
  return false;
}
