#include "people.h"

#include <string.h>

static bool all(const char *s, size_t len, bool (*ok)(char)) {
  for (size_t i = 0; i < len; i++)
    if (!ok(s[i])) return false;
  return true;
}
static bool digit(char c) { return c >= '0' && c <= '9'; }
static bool capital(char c) { return c >= 'A' && c <= 'Z'; }
static bool alnum(char c) { return digit(c) || capital(c); }

const char *people_document_reason(id_type_t type, const char *s, size_t len) {
  switch (type) {
    case IDT_HK_MACAO_PERMIT:
      if ((len == 9 || len == 11) && (s[0] == 'H' || s[0] == 'M') && all(s + 1, len - 1, digit))
        return NULL;
      return "not a Hong Kong or Macao permit number (H or M and 8 or 10 digits)";
    case IDT_TAIWAN_PERMIT:
      if ((len == 8 && all(s, 8, digit)) || (len == 10 && all(s, 10, digit)) ||
          (len == 11 && all(s, 10, digit) && capital(s[10])))
        return NULL;
      return "not a Taiwan permit number (8 digits, or 10 and a letter)";
    case IDT_PASSPORT:
      if (len >= 5 && len <= 17 && all(s, len, alnum)) return NULL;
      return "not a passport number (5 to 17 capital letters and digits)";
    case IDT_FOREIGN_PERMANENT_RESIDENT:
      if (len == 15 && all(s, 3, capital) && all(s + 3, 12, digit)) return NULL;
      if (len == 18 && s[0] == '9' && all(s, 17, digit)) {
        char want = idcard_check_char(s);
        return want == s[17] ? NULL : "check character mismatch";
      }
      return "not a foreign permanent resident card number";
    case IDT_RESIDENT_ID:
    case IDT_UNKNOWN:
    default:
      return NULL;
  }
}

bool people_check_person(const person_in *p, const char *path, bool unknown_allowed, day_t today,
                         day_t application_date, bool *birth_known, day_t *birth, char *sex,
                         people_fault fault, void *ctx) {
  bool ok = true;
#define FAULT(field, reason) (fault(ctx, path, field, reason), ok = false)
  id_type_t type = p->id_type < 0 ? IDT_RESIDENT_ID : (id_type_t)p->id_type;
  *birth_known = false;
  *birth = 0;
  *sex = 0;
  if (type == IDT_UNKNOWN) {
    if (!unknown_allowed)
      FAULT("id_type", "only for a notice from police, procuratorate or court");
    /* Whatever is known of the person is kept. */
    if (p->birth_date_set) {
      if (p->birth_date > application_date) FAULT("birth_date", "after the application date");
      *birth_known = true;
      *birth = p->birth_date;
    }
    *sex = p->sex;
    return ok;
  }
  if (!p->name || !p->name[0]) FAULT("name", "required");
  if (!p->id_number || !p->id_number[0]) {
    FAULT("id_number", "required");
  } else if (type == IDT_RESIDENT_ID) {
    idcard_info info;
    idcard_status st = idcard_parse(p->id_number, strlen(p->id_number), today, &info);
    if (st != IDCARD_OK) {
      FAULT("id_number", idcard_status_reason(st));
    } else if (info.birth > application_date) {
      FAULT("id_number", "birth date after the application date");
    } else {
      *birth_known = true;
      *birth = info.birth;
      *sex = info.sex;
      /* Given beside the ID, they must agree with it. */
      if (p->birth_date_set && p->birth_date != info.birth)
        FAULT("birth_date", "contradicts the resident ID");
      if (p->sex && p->sex != info.sex) FAULT("sex", "contradicts the resident ID");
    }
  } else {
    const char *why = people_document_reason(type, p->id_number, strlen(p->id_number));
    if (why) FAULT("id_number", why);
  }
  if (type != IDT_RESIDENT_ID) {
    if (!p->birth_date_set)
      FAULT("birth_date", "required for this document");
    else if (p->birth_date > application_date)
      FAULT("birth_date", "after the application date");
    if (!p->sex) FAULT("sex", "required for this document");
    if (ok) {
      *birth_known = true;
      *birth = p->birth_date;
      *sex = p->sex;
    }
  }
#undef FAULT
  return ok;
}
