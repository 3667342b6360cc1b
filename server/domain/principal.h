/* Who is acting, and which centres' data it may see: pure data and checks. */
#ifndef LA_DOMAIN_PRINCIPAL_H
#define LA_DOMAIN_PRINCIPAL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "enums.h"

#define PRINCIPAL_MAX_CENTERS 256

typedef struct {
  int64_t user_id;
  role_t role;
  int64_t center_id; /* 0: none (the bootstrap administrator stands above every centre) */
  char username[72];
  char csrf_token[48];
  char region_code[7]; /* its centre's region ("" for none) */
  bool password_change_required; /* a reset password: only PUT /me/password until changed */
  bool via_cookie;  /* authenticated by the session cookie (CSRF check applies) */
  bool all_centers; /* sees every centre */
  /* The centres it sees: its own, and for a supervisor or admin of a city (province) the
   * centres of its counties (cities and counties). */
  int64_t centers[PRINCIPAL_MAX_CENTERS];
  size_t ncenters;
} principal;

bool principal_sees_center(const principal *p, int64_t center_id);

/* A set of centres (what a statistic counts): every centre, or those listed. */
typedef struct {
  bool all;
  int64_t ids[PRINCIPAL_MAX_CENTERS];
  size_t n;
} center_set;

/* Whether it may write a jurisdiction-wide setting (hardship threshold, deadline settings, a
 * subsidy table) for the region `code` (API.md 1.1): the administrator of no centre, or an
 * admin whose centre's region is that code or contains it. */
bool principal_may_set_jurisdiction(const principal *p, const char *code);

/* A role bit for route tables. */
#define ROLE_BIT(r) (1u << (r))
#define ROLES_ALL ((1u << ROLE__COUNT) - 1u)
#define ROLES_STAFF (ROLES_ALL & ~ROLE_BIT(ROLE_LAWYER))

#endif
