#include "groups.h"

#include <string.h>

const char *const group_names[GROUP_COUNT] = {"minor",          "elderly",  "woman",
                                              "ethnic_minority", "migrant_worker", "disabled",
                                              "military",       "low_income"};

unsigned group_from_name(const char *s, size_t len) {
  for (int i = 0; i < GROUP_COUNT; i++)
    if (strlen(group_names[i]) == len && memcmp(group_names[i], s, len) == 0) return 1u << i;
  return 0;
}

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
