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

/* A holiday calendar: exceptions sorted by day, no duplicates, and the years whose list was
 * loaded (ascending): a day of another year is known only as a weekday or a weekend. Not
 * owned. */
typedef struct {
  const cal_exception *days;
  size_t n;
  const int *years;
  size_t nyears;
} holiday_calendar;

/* Whether the holidays of `year` are known (always, for no calendar at all). */
bool cal_year_loaded(const holiday_calendar *cal, int year);

/* The built-in calendar of China's public holidays and make-up working days, 2024-2026
 * (State Council notices); the same data ships as db/reference/holidays.sql. */
extern const holiday_calendar cal_china_2024_2026;

bool cal_is_working_day(const holiday_calendar *cal, day_t day);

/* The years a calendar may hold (PUT /holidays/{year}). */
#define CAL_FIRST_YEAR 2000
#define CAL_LAST_YEAR 2100

/* A year's list as the State Council publishes it (API.md 1.1): every day of that year, none
 * twice, a make-up working day only on a weekend. CAL_OK, or the fault of days[*at]. */
typedef enum { CAL_OK, CAL_BAD_YEAR, CAL_OTHER_YEAR, CAL_TWICE, CAL_WORKDAY_ON_WEEKDAY } cal_fault;
cal_fault cal_year_check(int year, const cal_exception *days, size_t n, size_t *at);


/* The clock stood still on the days in (from, to]: papers were asked for on `from` and
 * arrived on `to` (the day they arrive the count starts again, not counting that day, as on
 * the day of application). */
typedef struct {
  day_t from, to;
} deadline_pause;

typedef struct {
  day_t due;
  bool provisional; /* counted through a year whose holidays are not loaded: weekends only */
} deadline_result;

/* The due date `n` days after `start` (n >= 0), the paused days skipped where they fall.
 * Calendar days: the n-th day after start, moved on to the first working day when it is a
 * weekend or a holiday (the procedure laws' rule for a period's last day). Working days: the
 * n-th working day after start (start itself never counts). n == 0 gives start. cal may be
 * NULL (weekends only, never provisional). */
deadline_result deadline_count(day_t start, int n, deadline_mode mode, const holiday_calendar *cal,
                               const deadline_pause *pauses, size_t npauses);

/* deadline_count's date with no pause but `paused_days` (>= 0) right after start. */
day_t deadline_due(day_t start, int n, deadline_mode mode, const holiday_calendar *cal,
                   int paused_days);

#endif
