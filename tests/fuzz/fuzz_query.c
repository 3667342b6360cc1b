/* Query-string values and the JSON body guard: integers, booleans, dates, and a request body
 * through jv_body (depth limit, duplicate keys, NUL) and a generic field table. */
#include <stdlib.h>
#include <string.h>

#include "api/validate.h"
#include "fuzz.h"
#include "http/query.h"

typedef struct {
  jv_str s;
  jv_int i;
  jv_bool b;
  int e;
  unsigned set;
  jv_date d;
  jv_ts t;
  jv_num n;
} all_types;

static const jv_field fields[] = {
    {"s", JV_STRING, offsetof(all_types, s), false, 0, 50, NULL, jv_check_phone, 0},
    {"i", JV_INT, offsetof(all_types, i), false, -5, 5, NULL, NULL, 0},
    {"b", JV_BOOL, offsetof(all_types, b), false, 0, 0, NULL, NULL, 0},
    {"e", JV_ENUM, offsetof(all_types, e), false, 0, 0, &ENUM_CASE_TYPE, NULL, 0},
    {"set", JV_ENUM_SET, offsetof(all_types, set), false, 0, 0, &ENUM_GROUP, NULL, 0},
    {"x.d", JV_DATE, offsetof(all_types, d), false, 0, 0, NULL, NULL, 0},
    {"x.t", JV_TIMESTAMP, offsetof(all_types, t), false, 0, 0, NULL, NULL, 0},
    {"n", JV_NUMBER, offsetof(all_types, n), false, 0, 1, NULL, NULL, 0},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *s = malloc(size + 1);
  memcpy(s, data, size);
  s[size] = '\0';
  int64_t v;
  bool b;
  if (query_parse_int64(s, &v)) {
    char back[32];
    snprintf(back, sizeof back, "%lld", (long long)v);
    /* Only canonical forms parse, except a leading zero or "-0". */
    if (s[0] != '0' && strcmp(s, back) != 0 && !(s[0] == '-' && s[1] == '0')) __builtin_trap();
  }
  query_parse_bool(s, &b);
  http_request req;
  memset(&req, 0, sizeof req);
  req.body = s;
  req.body_len = size;
  http_reply rep;
  memset(&rep, 0, sizeof rep);
  json_t *root = jv_body(&req, &rep);
  if (root) {
    all_types out;
    memset(&out, 0, sizeof out);
    json_t *errors = json_object();
    jv_parse(root, fields, JV_FIELD_COUNT(fields), &out, errors);
    if (out.i.set && (out.i.v < -5 || out.i.v > 5)) __builtin_trap();
    json_decref(errors);
    json_decref(root);
  } else if (rep.status != 400) {
    __builtin_trap();
  }
  free(rep.body);
  for (int i = 0; i < rep.nheaders; i++) free(rep.headers[i].value);
  free(s);
  return 0;
}
