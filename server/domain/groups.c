#include "groups.h"

#include <string.h>

unsigned groups_derive(bool birth_known, day_t birth, char sex, const char *ethnicity,
                       day_t application_date) {
  unsigned g = 0;
  if (birth_known) {
    int age = date_age_on(birth, application_date);
    if (age < 18) g |= GROUP_MINOR;
    if (age >= 60) g |= GROUP_ELDERLY;
  }
  if (sex == 'F') g |= GROUP_WOMAN;
  if (ethnicity && *ethnicity && strcmp(ethnicity, "汉族") != 0 && strcmp(ethnicity, "汉") != 0)
    g |= GROUP_ETHNIC_MINORITY;
  return g;
}

bool groups_combine(unsigned derived, unsigned flagged, bool id_known, unsigned *out) {
  if (id_known && (flagged & GROUPS_FROM_ID & ~derived)) return false;
  *out = derived | flagged;
  return true;
}
