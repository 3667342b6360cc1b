/* RFC 3339 timestamps: pure. China keeps UTC+8 all year (no daylight saving since 1991), so
 * the service's zone Asia/Shanghai is a fixed offset for every date it handles. */
#ifndef LA_DOMAIN_TIMESTAMP_H
#define LA_DOMAIN_TIMESTAMP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"

#define SHANGHAI_OFFSET_S (8 * 3600)

/* Parses "YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)" (a space may stand for 'T', 't' and
 * 'z' accepted) of exactly len bytes into seconds since the epoch (fractions dropped).
 * A plain "YYYY-MM-DD" is accepted too and means 00:00 in Asia/Shanghai. */
bool ts_parse(const char *s, size_t len, int64_t *epoch_s);
/* The Asia/Shanghai calendar date of an instant. */
day_t ts_local_date(int64_t epoch_s);
/* Writes "YYYY-MM-DDTHH:MM:SS+08:00" (26 bytes with NUL). */
void ts_format_local(int64_t epoch_s, char out[26]);

#endif
