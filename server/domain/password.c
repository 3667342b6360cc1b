#include "password.h"

#include <stdbool.h>
#include <string.h>

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }
static bool is_letter(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80; }

/* UTF-8 code points, or -1 when malformed. */
static long utf8_chars(const char *s) {
  long n = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p;) {
    int len = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : (*p >> 3) == 30 ? 4 : 0;
    if (!len) return -1;
    for (int i = 1; i < len; i++)
      if ((p[i] & 0xC0) != 0x80) return -1;
    p += len;
    n++;
  }
  return n;
}

static bool contains_ci(const char *hay, const char *needle) {
  size_t n = strlen(needle), h = strlen(hay);
  for (size_t i = 0; n && i + n <= h; i++) {
    size_t k = 0;
    while (k < n && lower(hay[i + k]) == lower(needle[k])) k++;
    if (k == n) return true;
  }
  return false;
}

/* Every step +1 or every step -1 (digits wrap: 890123...). */
static bool is_run(const char *s) {
  size_t n = strlen(s);
  if (n < 2) return false;
  for (int dir = -1; dir <= 1; dir += 2) {
    bool run = true;
    for (size_t i = 1; i < n && run; i++) {
      char a = lower(s[i - 1]), b = lower(s[i]);
      if (a >= '0' && a <= '9' && b >= '0' && b <= '9')
        run = (a - '0' + 10 + dir) % 10 == b - '0';
      else
        run = b - a == dir;
    }
    if (run) return true;
  }
  return false;
}

password_verdict password_check(const char *pw, const char *username) {
  if (strlen(pw) > PASSWORD_MAX_BYTES) return PW_TOO_LONG;
  long chars = utf8_chars(pw);
  if (chars < 0) return PW_TOO_LONG;
  if (chars < PASSWORD_MIN_CHARS) return PW_TOO_SHORT;
  if (username && *username && strlen(username) == strlen(pw) && contains_ci(pw, username))
    return PW_IS_USERNAME;
  int distinct = 0;
  bool seen[256] = {false};
  for (const unsigned char *p = (const unsigned char *)pw; *p; p++)
    if (!seen[*p]) {
      seen[*p] = true;
      distinct++;
    }
  if (distinct < 5 || is_run(pw)) return PW_TOO_SIMPLE;
  return PW_OK;
}

static void add_form(char out[PASSWORD_FORMS][PASSWORD_MAX_BYTES + 1], int *n, const char *s,
                     size_t len) {
  if (len < 3 || len > PASSWORD_MAX_BYTES || *n >= PASSWORD_FORMS) return;
  for (int i = 0; i < *n; i++)
    if (strlen(out[i]) == len && memcmp(out[i], s, len) == 0) return;
  memcpy(out[*n], s, len);
  out[*n][len] = '\0';
  (*n)++;
}

/* The core of s (leading and trailing non-letters off) into out; its length. */
static size_t core_of(const char *s, char *out) {
  size_t b = 0, e = strlen(s);
  while (b < e && !is_letter((unsigned char)s[b])) b++;
  while (e > b && !is_letter((unsigned char)s[e - 1])) e--;
  memcpy(out, s + b, e - b);
  out[e - b] = '\0';
  return e - b;
}

int password_list_forms(const char *pw, char out[PASSWORD_FORMS][PASSWORD_MAX_BYTES + 1]) {
  int n = 0;
  size_t len = strlen(pw);
  if (len > PASSWORD_MAX_BYTES) return 0;
  char low[PASSWORD_MAX_BYTES + 1], core[PASSWORD_MAX_BYTES + 1], leet[PASSWORD_MAX_BYTES + 1];
  for (size_t i = 0; i <= len; i++) low[i] = lower(pw[i]);
  add_form(out, &n, low, len);
  size_t cl = core_of(low, core);
  add_form(out, &n, core, cl);
  /* The core with look-alikes read as letters (p@ssw0rd -> password). */
  static const char from[] = "0134578@$!", to[] = "oieastbasi";
  for (size_t i = 0; i <= cl; i++) {
    const char *k = core[i] ? strchr(from, core[i]) : NULL;
    leet[i] = k ? to[k - from] : core[i];
  }
  add_form(out, &n, leet, cl);
  /* A core made of one unit repeated. */
  for (size_t unit = 3; unit <= cl / 2; unit++) {
    if (cl % unit) continue;
    bool rep = true;
    for (size_t i = unit; i < cl && rep; i++) rep = core[i] == core[i - unit];
    if (rep) {
      add_form(out, &n, core, unit);
      break;
    }
  }
  return n;
}

const char *password_reason(password_verdict v) {
  switch (v) {
    case PW_TOO_SHORT: return "at least 12 characters";
    case PW_TOO_LONG: return "at most 256 bytes of UTF-8";
    case PW_IS_USERNAME: return "must not be the username";
    case PW_TOO_SIMPLE: return "too simple (a run or too few different characters)";
    case PW_COMMON: return "a common password: choose another";
    default: return "ok";
  }
}
