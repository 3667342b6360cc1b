/* Resident IDs, phones, dates and timestamps from arbitrary bytes. */
#include <string.h>

#include "domain/date.h"
#include "domain/idcard.h"
#include "domain/timestamp.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  day_t today = date_from_ymd(2024, 11, 24);
  idcard_info info;
  if (idcard_parse(s, size, today, &info) == IDCARD_OK) {
    /* A valid number is 18 characters whose check character agrees. */
    if (size != 18 || idcard_check_char(s) != (s[17] == 'x' ? 'X' : s[17])) __builtin_trap();
    if (info.birth > today) __builtin_trap();
  }
  phone_valid(s, size);
  day_t d;
  if (date_parse(s, size, &d)) {
    char back[DATE_STR_LEN];
    date_format(d, back);
    if (size != 10 || memcmp(back, s, 10) != 0) __builtin_trap(); /* round trip */
  }
  int64_t t;
  if (ts_parse(s, size, &t)) {
    char f[26];
    ts_format_local(t, f);
  }
  return 0;
}
