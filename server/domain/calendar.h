/* Deadlines in calendar or working days, with a holiday calendar: pure. */
#ifndef LA_DOMAIN_CALENDAR_H
#define LA_DOMAIN_CALENDAR_H
#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "enums.h"


typedef struct {
  day_t day;
  cal_day_kind kind; /* enums.h */
} cal_exception;

/* A holiday calendar: exceptions sorted by day, no duplicates. Not owned. */
typedef struct {
  const cal_exception *days;
  size_t n;
} holiday_calendar;

/* The built-in calendar of China's public holidays and make-up working days, 2024-2026
 * (State Council notices); the same data ships as db/reference/holidays.sql. */
extern const holiday_calendar cal_china_2024_2026;

bool cal_is_working_day(const holiday_calendar *cal, day_t day);


/* The due date `n` days after `start` (n >= 0). Calendar days: start + n. Working days: the
 * n-th working day after start (start itself never counts); n == 0 gives start.
 * paused_days (>= 0) are added first as calendar days: time while papers were requested does
 * not count. cal may be NULL (weekends only). */
day_t deadline_due(day_t start, int n, deadline_mode mode, const holiday_calendar *cal,
                   int paused_days);

#endif
