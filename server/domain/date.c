#include "date.h"


static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m) {
  static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

bool date_valid_ymd(int y, int m, int d) {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

/* Howard Hinnant's days_from_civil. */
day_t date_from_ymd(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (day_t)(era * 146097 + doe - 719468);
}

void date_to_ymd(day_t day, int *y, int *m, int *d) {
  int z = (int)day + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yoe + era * 400 + (*m <= 2);
}

static bool digits(const char *s, int n, int *out) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

bool date_parse(const char *s, size_t len, day_t *out) {
  int y, m, d;
  if (len != 10 || s[4] != '-' || s[7] != '-') return false;
  if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d)) return false;
  if (y < 1900 || y > 2199 || !date_valid_ymd(y, m, d)) return false;
  *out = date_from_ymd(y, m, d);
  return true;
}

void date_format(day_t day, char out[DATE_STR_LEN]) {
  int y, m, d;
  date_to_ymd(day, &y, &m, &d);
  unsigned uy = (unsigned)(y < 0 ? 0 : y % 10000);
  out[0] = (char)('0' + uy / 1000);
  out[1] = (char)('0' + uy / 100 % 10);
  out[2] = (char)('0' + uy / 10 % 10);
  out[3] = (char)('0' + uy % 10);
  out[4] = '-';
  out[5] = (char)('0' + m / 10);
  out[6] = (char)('0' + m % 10);
  out[7] = '-';
  out[8] = (char)('0' + d / 10);
  out[9] = (char)('0' + d % 10);
  out[10] = '\0';
}

int date_weekday(day_t day) {
  /* 1970-01-01 was a Thursday (4). */
  int w = (int)((day % 7 + 7) % 7); /* 0 = Thursday */
  return (w + 3) % 7 + 1;
}

int date_year(day_t day) {
  int y, m, d;
  date_to_ymd(day, &y, &m, &d);
  return y;
}

int date_age_on(day_t birth, day_t on) {
  int by, bm, bd, y, m, d;
  date_to_ymd(birth, &by, &bm, &bd);
  date_to_ymd(on, &y, &m, &d);
  if (on < birth) return -1 - date_age_on(on, birth);
  int age = y - by;
  /* Born on 29 February: in a common year the birthday is taken as 1 March. */
  int bmonth = bm, bday = bd;
  if (bm == 2 && bd == 29 && !is_leap(y)) {
    bmonth = 3;
    bday = 1;
  }
  if (m < bmonth || (m == bmonth && d < bday)) age--;
  return age;
}
