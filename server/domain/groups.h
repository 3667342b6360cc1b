/* Special groups of applicants (DOMAIN.md "Applicants and special groups"): pure. */
#ifndef LA_DOMAIN_GROUPS_H
#define LA_DOMAIN_GROUPS_H
#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "enums.h"

/* A set of groups: one bit per group of ENUM_GROUP (enums.h). */
#define GROUP_BIT(g) (1u << (g))
#define GROUP_MINOR GROUP_BIT(GROUPIX_MINOR)
#define GROUP_ELDERLY GROUP_BIT(GROUPIX_ELDERLY)
#define GROUP_WOMAN GROUP_BIT(GROUPIX_WOMAN)
#define GROUP_ETHNIC_MINORITY GROUP_BIT(GROUPIX_ETHNIC_MINORITY)
#define GROUP_MIGRANT_WORKER GROUP_BIT(GROUPIX_MIGRANT_WORKER)
#define GROUP_DISABLED GROUP_BIT(GROUPIX_DISABLED)
#define GROUP_MILITARY GROUP_BIT(GROUPIX_MILITARY)
#define GROUP_LOW_INCOME GROUP_BIT(GROUPIX_LOW_INCOME)
/* The groups a resident ID decides: they may be flagged only when the ID agrees. */
#define GROUPS_FROM_ID (GROUP_MINOR | GROUP_ELDERLY | GROUP_WOMAN)

/* Groups derived from the ID and ethnicity on the application date:
 * minor = age < 18, elderly = age >= 60, woman = sex 'F', ethnic_minority = ethnicity given
 * and not "汉族"/"汉". birth_known false skips the age groups; sex 0 skips woman;
 * ethnicity NULL or "" skips ethnic_minority. */
unsigned groups_derive(bool birth_known, day_t birth, char sex, const char *ethnicity,
                       day_t application_date);
/* An applicant's groups: the derived ones and those flagged at intake. With the resident ID
 * known, a flagged group the ID decides must agree with it: false (and *out untouched) when
 * it does not. */
bool groups_combine(unsigned derived, unsigned flagged, bool id_known, unsigned *out);

#endif
