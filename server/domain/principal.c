#include "principal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

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

bool principal_centers_literal(const principal *p, char *out, size_t len) {
  size_t used = 0;
  if (len < 3) return false;
  out[used++] = '{';
  for (size_t i = 0; i < p->ncenters; i++) {
    int n = snprintf(out + used, len - used, "%s%" PRId64, i ? "," : "", p->centers[i]);
    if (n < 0 || (size_t)n >= len - used) return false;
    used += (size_t)n;
  }
  if (used + 2 > len) return false;
  out[used++] = '}';
  out[used] = '\0';
  return true;
}
