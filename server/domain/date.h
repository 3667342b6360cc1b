/* Civil dates as day numbers: pure, no I/O. */
#ifndef LA_DOMAIN_DATE_H
#define LA_DOMAIN_DATE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Days since 1970-01-01 in the proleptic Gregorian calendar (may be negative). */
typedef int32_t day_t;

#define DATE_STR_LEN 11 /* "YYYY-MM-DD" plus NUL */

bool date_valid_ymd(int y, int m, int d);
/* Caller guarantees a valid date (see date_valid_ymd). */
day_t date_from_ymd(int y, int m, int d);
void date_to_ymd(day_t day, int *y, int *m, int *d);
/* Strict "YYYY-MM-DD" of exactly len bytes (years 1900..2199); false on anything else. */
bool date_parse(const char *s, size_t len, day_t *out);
/* Writes "YYYY-MM-DD" and a NUL into out. */
void date_format(day_t day, char out[DATE_STR_LEN]);
/* ISO weekday: 1 = Monday .. 7 = Sunday. */
int date_weekday(day_t day);
/* Whole years of age on `on` of someone born on `birth` (a 29 Feb birthday counts on 1 Mar
 * in non-leap years); negative if on < birth. */
int date_age_on(day_t birth, day_t on);
int date_year(day_t day);

#endif
