#include "idcard.h"

#include <string.h>

bool idcard_province_known(int p) {
  return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) ||
         (p >= 41 && p <= 46) || (p >= 50 && p <= 54) || (p >= 61 && p <= 65) || p == 71 ||
         p == 81 || p == 82;
}

char idcard_check_char(const char digits17[17]) {
  static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char cc[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  int sum = 0;
  for (int i = 0; i < 17; i++) sum += (digits17[i] - '0') * w[i];
  return cc[sum % 11];
}

idcard_status idcard_parse(const char *s, size_t len, day_t today, idcard_info *out) {
  if (len != 18) return IDCARD_BAD_LENGTH;
  for (int i = 0; i < 17; i++)
    if (s[i] < '0' || s[i] > '9') return IDCARD_BAD_CHARS;
  char last = s[17] == 'x' ? 'X' : s[17];
  if (!((last >= '0' && last <= '9') || last == 'X')) return IDCARD_BAD_CHARS;
  if (!idcard_province_known((s[0] - '0') * 10 + (s[1] - '0'))) return IDCARD_BAD_REGION;
  int y = 0, m = 0, d = 0;
  for (int i = 6; i < 10; i++) y = y * 10 + (s[i] - '0');
  m = (s[10] - '0') * 10 + (s[11] - '0');
  d = (s[12] - '0') * 10 + (s[13] - '0');
  if (y < 1900 || !date_valid_ymd(y, m, d)) return IDCARD_BAD_DATE;
  day_t birth = date_from_ymd(y, m, d);
  if (birth > today) return IDCARD_BAD_DATE;
  if (idcard_check_char(s) != last) return IDCARD_BAD_CHECK;
  if (out) {
    memcpy(out->region, s, 6);
    out->region[6] = '\0';
    out->birth = birth;
    out->sex = ((s[16] - '0') % 2) ? 'M' : 'F';
  }
  return IDCARD_OK;
}

const char *idcard_status_reason(idcard_status st) {
  switch (st) {
    case IDCARD_OK: return "ok";
    case IDCARD_BAD_LENGTH: return "must be 18 characters";
    case IDCARD_BAD_CHARS: return "17 digits and a digit or X";
    case IDCARD_BAD_REGION: return "unknown region code";
    case IDCARD_BAD_DATE: return "not a real birth date";
    case IDCARD_BAD_CHECK: return "check character mismatch";
  }
  return "invalid";
}

static bool all_digits(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (s[i] < '0' || s[i] > '9') return false;
  return len > 0;
}

bool phone_valid(const char *s, size_t len) {
  if (len == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9' && all_digits(s, len)) return true;
  if (len == 0 || s[0] != '0') return false;
  /* Landline: area code 0dd or 0ddd, optional '-', then 7 or 8 digits. */
  const char *dash = memchr(s, '-', len);
  if (dash) {
    size_t area = (size_t)(dash - s);
    size_t local = len - area - 1;
    return (area == 3 || area == 4) && all_digits(s, area) && (local == 7 || local == 8) &&
           all_digits(dash + 1, local) && dash[1] != '0';
  }
  return all_digits(s, len) && len >= 10 && len <= 12;
}
