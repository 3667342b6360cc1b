/* Duty lawyers stationed (派驻) at the court, procuratorate and detention centre, counted per
 * working day (API.md 1.1 "Money"; seed 001: "每天实现派驻法律援助值班律师3人"). Pure.
 *
 * A day counts the distinct lawyers stationed at any of the three stations; service-hall and
 * 12348 hotline shifts are not stationed duty and never count. The average divides the
 * lawyer-days of working days by the working days of the period (days without any shift
 * count as zero, they are not left out); the coverage is the share of working days that met
 * the target. Shifts on days off are counted apart. */
#ifndef LA_DOMAIN_DUTY_H
#define LA_DOMAIN_DUTY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calendar.h"
#include "date.h"
#include "enums.h"

/* The stations whose duty is stationed duty, as a set of station_t bits: the one place that
 * says so (the store's queries take it as a parameter). */
#define DUTY_STATIONED \
  ((1u << STATION_COURT) | (1u << STATION_PROCURATORATE) | (1u << STATION_DETENTION_CENTRE))

/* Whether a duty band paid in `unit` (subsidy_unit_t) pays for `day`: a band paid per lawyer
 * and working day (Yangquan: 每人每个工作日) pays nothing for a weekend or holiday. */
bool duty_band_pays_day(int unit, const holiday_calendar *cal, day_t day);

/* One day and the distinct lawyers stationed on it. */
typedef struct {
  day_t day;
  int64_t lawyers;
} duty_day;

typedef struct {
  int64_t working_days;           /* working days in [from, to] (0 when to < from) */
  int64_t lawyer_days;            /* stationed lawyers summed over working days */
  int64_t days_with_duty;         /* working days with at least one lawyer stationed */
  int64_t days_meeting_target;    /* working days with lawyers >= the target (0 without one) */
  int64_t off_day_lawyer_days;    /* stationed lawyers on weekends and holidays */
  int64_t per_day_x100;           /* lawyer_days * 100 / working_days, half up; 0 when none */
  int64_t coverage_bp;            /* days_meeting_target * 10000 / working_days, half up */
  bool target_set;
} duty_summary;

/* Summarises the days (any order; days outside [from, to] are ignored; a day listed twice
 * adds up) against target_x100 (lawyers a day in hundredths; target_set false: no target).
 * cal NULL: weekends only. */
duty_summary duty_summarise(const holiday_calendar *cal, day_t from, day_t to,
                            const duty_day *days, size_t n, bool target_set,
                            int64_t target_x100);

/* The period a year's duty is counted over: 1 January to 31 December, or to `today` for the
 * current year (days not yet come are not owed); *to < *from for a year still to come. */
void duty_year_period(int year, day_t today, day_t *from, day_t *to);

#endif
