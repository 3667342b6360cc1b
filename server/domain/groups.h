/* Special groups of applicants (DOMAIN.md "Applicants and special groups"): pure. */
#ifndef LA_DOMAIN_GROUPS_H
#define LA_DOMAIN_GROUPS_H
#include <stdbool.h>
#include <stddef.h>

#include "date.h"

typedef enum {
  GROUP_MINOR = 1u << 0,
  GROUP_ELDERLY = 1u << 1,
  GROUP_WOMAN = 1u << 2,
  GROUP_ETHNIC_MINORITY = 1u << 3,
  GROUP_MIGRANT_WORKER = 1u << 4,
  GROUP_DISABLED = 1u << 5,
  GROUP_MILITARY = 1u << 6,
  GROUP_LOW_INCOME = 1u << 7,
} group_bit;

#define GROUP_COUNT 8
/* API names in bit order: "minor", "elderly", "woman", "ethnic_minority", "migrant_worker",
 * "disabled", "military", "low_income". */
extern const char *const group_names[GROUP_COUNT];
/* Bit for an API name of len bytes, 0 if unknown. */
unsigned group_from_name(const char *s, size_t len);

/* Groups derived from the ID and ethnicity on the application date:
 * minor = age < 18, elderly = age >= 60, woman = sex 'F', ethnic_minority = ethnicity given
 * and not "汉族"/"汉". birth_known false skips the age groups; sex 0 skips woman;
 * ethnicity NULL or "" skips ethnic_minority. */
unsigned groups_derive(bool birth_known, day_t birth, char sex, const char *ethnicity,
                       day_t application_date);

#endif
