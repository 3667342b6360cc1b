#include "calendar.h"

/* China's public holidays and make-up working days, 2024-2026 (State Council notices);
 * db/reference/20_holidays.sql holds the same rows (a unit test compares them). */
static const cal_exception china_days[] = {
    {19723, CAL_DAY_HOLIDAY}, /* 2024-01-01 */
    {19757, CAL_DAY_WORKDAY}, /* 2024-02-04 */
    {19763, CAL_DAY_HOLIDAY}, /* 2024-02-10 */
    {19764, CAL_DAY_HOLIDAY}, /* 2024-02-11 */
    {19765, CAL_DAY_HOLIDAY}, /* 2024-02-12 */
    {19766, CAL_DAY_HOLIDAY}, /* 2024-02-13 */
    {19767, CAL_DAY_HOLIDAY}, /* 2024-02-14 */
    {19768, CAL_DAY_HOLIDAY}, /* 2024-02-15 */
    {19769, CAL_DAY_HOLIDAY}, /* 2024-02-16 */
    {19770, CAL_DAY_HOLIDAY}, /* 2024-02-17 */
    {19771, CAL_DAY_WORKDAY}, /* 2024-02-18 */
    {19817, CAL_DAY_HOLIDAY}, /* 2024-04-04 */
    {19818, CAL_DAY_HOLIDAY}, /* 2024-04-05 */
    {19819, CAL_DAY_HOLIDAY}, /* 2024-04-06 */
    {19820, CAL_DAY_WORKDAY}, /* 2024-04-07 */
    {19841, CAL_DAY_WORKDAY}, /* 2024-04-28 */
    {19844, CAL_DAY_HOLIDAY}, /* 2024-05-01 */
    {19845, CAL_DAY_HOLIDAY}, /* 2024-05-02 */
    {19846, CAL_DAY_HOLIDAY}, /* 2024-05-03 */
    {19847, CAL_DAY_HOLIDAY}, /* 2024-05-04 */
    {19848, CAL_DAY_HOLIDAY}, /* 2024-05-05 */
    {19854, CAL_DAY_WORKDAY}, /* 2024-05-11 */
    {19884, CAL_DAY_HOLIDAY}, /* 2024-06-10 */
    {19980, CAL_DAY_WORKDAY}, /* 2024-09-14 */
    {19981, CAL_DAY_HOLIDAY}, /* 2024-09-15 */
    {19982, CAL_DAY_HOLIDAY}, /* 2024-09-16 */
    {19983, CAL_DAY_HOLIDAY}, /* 2024-09-17 */
    {19995, CAL_DAY_WORKDAY}, /* 2024-09-29 */
    {19997, CAL_DAY_HOLIDAY}, /* 2024-10-01 */
    {19998, CAL_DAY_HOLIDAY}, /* 2024-10-02 */
    {19999, CAL_DAY_HOLIDAY}, /* 2024-10-03 */
    {20000, CAL_DAY_HOLIDAY}, /* 2024-10-04 */
    {20001, CAL_DAY_HOLIDAY}, /* 2024-10-05 */
    {20002, CAL_DAY_HOLIDAY}, /* 2024-10-06 */
    {20003, CAL_DAY_HOLIDAY}, /* 2024-10-07 */
    {20008, CAL_DAY_WORKDAY}, /* 2024-10-12 */
    {20089, CAL_DAY_HOLIDAY}, /* 2025-01-01 */
    {20114, CAL_DAY_WORKDAY}, /* 2025-01-26 */
    {20116, CAL_DAY_HOLIDAY}, /* 2025-01-28 */
    {20117, CAL_DAY_HOLIDAY}, /* 2025-01-29 */
    {20118, CAL_DAY_HOLIDAY}, /* 2025-01-30 */
    {20119, CAL_DAY_HOLIDAY}, /* 2025-01-31 */
    {20120, CAL_DAY_HOLIDAY}, /* 2025-02-01 */
    {20121, CAL_DAY_HOLIDAY}, /* 2025-02-02 */
    {20122, CAL_DAY_HOLIDAY}, /* 2025-02-03 */
    {20123, CAL_DAY_HOLIDAY}, /* 2025-02-04 */
    {20127, CAL_DAY_WORKDAY}, /* 2025-02-08 */
    {20182, CAL_DAY_HOLIDAY}, /* 2025-04-04 */
    {20183, CAL_DAY_HOLIDAY}, /* 2025-04-05 */
    {20184, CAL_DAY_HOLIDAY}, /* 2025-04-06 */
    {20205, CAL_DAY_WORKDAY}, /* 2025-04-27 */
    {20209, CAL_DAY_HOLIDAY}, /* 2025-05-01 */
    {20210, CAL_DAY_HOLIDAY}, /* 2025-05-02 */
    {20211, CAL_DAY_HOLIDAY}, /* 2025-05-03 */
    {20212, CAL_DAY_HOLIDAY}, /* 2025-05-04 */
    {20213, CAL_DAY_HOLIDAY}, /* 2025-05-05 */
    {20239, CAL_DAY_HOLIDAY}, /* 2025-05-31 */
    {20240, CAL_DAY_HOLIDAY}, /* 2025-06-01 */
    {20241, CAL_DAY_HOLIDAY}, /* 2025-06-02 */
    {20359, CAL_DAY_WORKDAY}, /* 2025-09-28 */
    {20362, CAL_DAY_HOLIDAY}, /* 2025-10-01 */
    {20363, CAL_DAY_HOLIDAY}, /* 2025-10-02 */
    {20364, CAL_DAY_HOLIDAY}, /* 2025-10-03 */
    {20365, CAL_DAY_HOLIDAY}, /* 2025-10-04 */
    {20366, CAL_DAY_HOLIDAY}, /* 2025-10-05 */
    {20367, CAL_DAY_HOLIDAY}, /* 2025-10-06 */
    {20368, CAL_DAY_HOLIDAY}, /* 2025-10-07 */
    {20369, CAL_DAY_HOLIDAY}, /* 2025-10-08 */
    {20372, CAL_DAY_WORKDAY}, /* 2025-10-11 */
    {20454, CAL_DAY_HOLIDAY}, /* 2026-01-01 */
    {20455, CAL_DAY_HOLIDAY}, /* 2026-01-02 */
    {20456, CAL_DAY_HOLIDAY}, /* 2026-01-03 */
    {20457, CAL_DAY_WORKDAY}, /* 2026-01-04 */
    {20498, CAL_DAY_WORKDAY}, /* 2026-02-14 */
    {20499, CAL_DAY_HOLIDAY}, /* 2026-02-15 */
    {20500, CAL_DAY_HOLIDAY}, /* 2026-02-16 */
    {20501, CAL_DAY_HOLIDAY}, /* 2026-02-17 */
    {20502, CAL_DAY_HOLIDAY}, /* 2026-02-18 */
    {20503, CAL_DAY_HOLIDAY}, /* 2026-02-19 */
    {20504, CAL_DAY_HOLIDAY}, /* 2026-02-20 */
    {20505, CAL_DAY_HOLIDAY}, /* 2026-02-21 */
    {20506, CAL_DAY_HOLIDAY}, /* 2026-02-22 */
    {20507, CAL_DAY_HOLIDAY}, /* 2026-02-23 */
    {20512, CAL_DAY_WORKDAY}, /* 2026-02-28 */
    {20547, CAL_DAY_HOLIDAY}, /* 2026-04-04 */
    {20548, CAL_DAY_HOLIDAY}, /* 2026-04-05 */
    {20549, CAL_DAY_HOLIDAY}, /* 2026-04-06 */
    {20574, CAL_DAY_HOLIDAY}, /* 2026-05-01 */
    {20575, CAL_DAY_HOLIDAY}, /* 2026-05-02 */
    {20576, CAL_DAY_HOLIDAY}, /* 2026-05-03 */
    {20577, CAL_DAY_HOLIDAY}, /* 2026-05-04 */
    {20578, CAL_DAY_HOLIDAY}, /* 2026-05-05 */
    {20582, CAL_DAY_WORKDAY}, /* 2026-05-09 */
    {20623, CAL_DAY_HOLIDAY}, /* 2026-06-19 */
    {20624, CAL_DAY_HOLIDAY}, /* 2026-06-20 */
    {20625, CAL_DAY_HOLIDAY}, /* 2026-06-21 */
    {20716, CAL_DAY_WORKDAY}, /* 2026-09-20 */
    {20721, CAL_DAY_HOLIDAY}, /* 2026-09-25 */
    {20722, CAL_DAY_HOLIDAY}, /* 2026-09-26 */
    {20723, CAL_DAY_HOLIDAY}, /* 2026-09-27 */
    {20727, CAL_DAY_HOLIDAY}, /* 2026-10-01 */
    {20728, CAL_DAY_HOLIDAY}, /* 2026-10-02 */
    {20729, CAL_DAY_HOLIDAY}, /* 2026-10-03 */
    {20730, CAL_DAY_HOLIDAY}, /* 2026-10-04 */
    {20731, CAL_DAY_HOLIDAY}, /* 2026-10-05 */
    {20732, CAL_DAY_HOLIDAY}, /* 2026-10-06 */
    {20733, CAL_DAY_HOLIDAY}, /* 2026-10-07 */
    {20736, CAL_DAY_WORKDAY}, /* 2026-10-10 */
};

static const int china_years[] = {2024, 2025, 2026};
const holiday_calendar cal_china_2024_2026 = {china_days, sizeof china_days / sizeof china_days[0],
                                              china_years, 3};

static const cal_exception *find(const holiday_calendar *cal, day_t day) {
  if (!cal) return NULL;
  size_t lo = 0, hi = cal->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cal->days[mid].day < day)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < cal->n && cal->days[lo].day == day ? &cal->days[lo] : NULL;
}

bool cal_is_working_day(const holiday_calendar *cal, day_t day) {
  const cal_exception *e = find(cal, day);
  if (e) return e->kind == CAL_DAY_WORKDAY;
  return date_weekday(day) <= 5;
}

bool cal_year_loaded(const holiday_calendar *cal, int year) {
  if (!cal) return true;
  for (size_t i = 0; i < cal->nyears; i++)
    if (cal->years[i] == year) return true;
  return false;
}

static bool paused_on(day_t d, const deadline_pause *pauses, size_t npauses) {
  for (size_t i = 0; i < npauses; i++)
    if (d > pauses[i].from && d <= pauses[i].to) return true;
  return false;
}

deadline_result deadline_count(day_t start, int n, deadline_mode mode, const holiday_calendar *cal,
                               const deadline_pause *pauses, size_t npauses) {
  deadline_result r = {start, false};
  if (n <= 0) return r;
  day_t d = start;
  int counted = 0;
  /* Bounded: n days plus the paused ones plus holidays (a long break is at most 9 days). */
  while (counted < n) {
    d++;
    if (paused_on(d, pauses, npauses)) continue;
    if (mode == DEADLINE_CALENDAR_DAYS) {
      counted++;
      continue;
    }
    if (!cal_year_loaded(cal, date_year(d))) r.provisional = true;
    if (cal_is_working_day(cal, d)) counted++;
  }
  if (mode == DEADLINE_CALENDAR_DAYS) {
    /* A period whose last day is a rest day ends on the first working day after it. */
    for (;;) {
      if (!cal_year_loaded(cal, date_year(d))) r.provisional = true;
      if (cal_is_working_day(cal, d)) break;
      d++;
    }
  }
  r.due = d;
  return r;
}

day_t deadline_due(day_t start, int n, deadline_mode mode, const holiday_calendar *cal,
                   int paused_days) {
  deadline_pause p = {start, start + (paused_days > 0 ? paused_days : 0)};
  return deadline_count(start, n, mode, cal, &p, paused_days > 0 ? 1 : 0).due;
}

cal_fault cal_year_check(int year, const cal_exception *days, size_t n, size_t *at) {
  *at = 0;
  if (year < CAL_FIRST_YEAR || year > CAL_LAST_YEAR) return CAL_BAD_YEAR;
  for (size_t i = 0; i < n; i++) {
    *at = i;
    if (date_year(days[i].day) != year) return CAL_OTHER_YEAR;
    for (size_t k = 0; k < i; k++)
      if (days[k].day == days[i].day) return CAL_TWICE;
    if (days[i].kind == CAL_DAY_WORKDAY && date_weekday(days[i].day) <= 5)
      return CAL_WORKDAY_ON_WEEKDAY;
  }
  return CAL_OK;
}
