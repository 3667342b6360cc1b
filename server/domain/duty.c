#include "duty.h"

#include <string.h>

bool duty_band_pays_day(int unit, const holiday_calendar *cal, day_t day) {
  return unit != UNIT_LAWYER_DAY || cal_is_working_day(cal, day);
}

static int64_t ratio_half_up(int64_t num, int64_t den) { return den > 0 ? (2 * num + den) / (2 * den) : 0; }

duty_summary duty_summarise(const holiday_calendar *cal, day_t from, day_t to,
                            const duty_day *days, size_t n, bool target_set,
                            int64_t target_x100) {
  duty_summary s;
  memset(&s, 0, sizeof s);
  s.target_set = target_set;
  if (to < from) return s;
  for (day_t d = from; d <= to; d++)
    if (cal_is_working_day(cal, d)) s.working_days++;
  /* Per day: the days may come unsorted or repeated; sum them per day first. The period is
   * at most a year, so a small table indexed by day does. */
  enum { MAX_SPAN = 400 };
  int64_t per_day[MAX_SPAN];
  int64_t span = (int64_t)to - from + 1;
  if (span > MAX_SPAN) span = MAX_SPAN;
  memset(per_day, 0, sizeof per_day);
  for (size_t i = 0; i < n; i++) {
    if (days[i].day < from || days[i].day > to || days[i].lawyers <= 0) continue;
    int64_t k = (int64_t)days[i].day - from;
    if (k >= span) continue;
    per_day[k] += days[i].lawyers;
  }
  for (int64_t k = 0; k < span; k++) {
    day_t d = (day_t)(from + k);
    if (!cal_is_working_day(cal, d)) {
      s.off_day_lawyer_days += per_day[k];
      continue;
    }
    s.lawyer_days += per_day[k];
    if (per_day[k] > 0) s.days_with_duty++;
    if (target_set && per_day[k] * 100 >= target_x100) s.days_meeting_target++;
  }
  s.per_day_x100 = ratio_half_up(s.lawyer_days * 100, s.working_days);
  s.coverage_bp = ratio_half_up(s.days_meeting_target * 10000, s.working_days);
  return s;
}

void duty_year_period(int year, day_t today, day_t *from, day_t *to) {
  *from = date_from_ymd(year, 1, 1);
  *to = date_from_ymd(year, 12, 31);
  if (today < *to) *to = today;
}
