/* PRC resident identity numbers (GB 11643-1999, 18 characters): pure, no I/O. */
#ifndef LA_DOMAIN_IDCARD_H
#define LA_DOMAIN_IDCARD_H
#include <stdbool.h>
#include <stddef.h>

#include "date.h"

typedef enum {
  IDCARD_OK = 0,
  IDCARD_BAD_LENGTH, /* not exactly 18 characters */
  IDCARD_BAD_CHARS,  /* first 17 not all digits, or the 18th not a digit or X/x */
  IDCARD_BAD_REGION, /* first two digits not a province-level code of GB/T 2260 */
  IDCARD_BAD_DATE,   /* characters 7..14 not a real date, before 1900-01-01 or after `today` */
  IDCARD_BAD_CHECK,  /* ISO 7064 MOD 11-2 check character mismatch */
} idcard_status;

typedef struct {
  char region[7]; /* the six-digit region code, NUL-terminated */
  day_t birth;
  char sex; /* 'M' (17th digit odd) or 'F' (even) */
} idcard_info;

/* Validates s[0..len) against `today`; on IDCARD_OK fills *out (out may be NULL). */
idcard_status idcard_parse(const char *s, size_t len, day_t today, idcard_info *out);
/* The check character ('0'..'9' or 'X') for 17 digits. */
char idcard_check_char(const char digits17[17]);
/* Stable English reason for an error field, e.g. "check character mismatch". */
const char *idcard_status_reason(idcard_status st);
/* True for the 34 province-level prefixes of GB/T 2260 (11..15, 21..23, 31..37, 41..46,
 * 50..54, 61..65, 71, 81, 82). */
bool idcard_province_known(int two_digits);

/* A mainland mobile (11 digits starting 1[3-9]) or a landline: optional area code 0dd or
 * 0ddd, optional '-', then 7 or 8 digits. */
bool phone_valid(const char *s, size_t len);

#endif
