#include "validate.h"

#include <stdio.h>
#include <string.h>

#include "domain/idcard.h"
#include "domain/timestamp.h"

#define JV_MAX_DEPTH 8

long jv_utf8_len(const char *s, size_t len) {
  long n = 0;
  size_t i = 0;
  const unsigned char *u = (const unsigned char *)s;
  while (i < len) {
    unsigned char c = u[i];
    size_t k;
    if (c < 0x80)
      k = 1;
    else if ((c & 0xE0) == 0xC0 && c >= 0xC2)
      k = 2;
    else if ((c & 0xF0) == 0xE0)
      k = 3;
    else if ((c & 0xF8) == 0xF0 && c <= 0xF4)
      k = 4;
    else
      return -1;
    if (i + k > len) return -1;
    for (size_t j = 1; j < k; j++)
      if ((u[i + j] & 0xC0) != 0x80) return -1;
    i += k;
    n++;
  }
  return n;
}

/* Nesting depth of JSON text, ignoring brackets inside strings: a cheap guard that runs
 * before jansson's own (much deeper) limit. */
static bool depth_ok(const char *s, size_t len, int max) {
  int depth = 0;
  bool in_str = false;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (in_str) {
      if (c == '\\')
        i++;
      else if (c == '"')
        in_str = false;
    } else if (c == '"') {
      in_str = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max) return false;
    } else if (c == '}' || c == ']') {
      depth--;
    }
  }
  return true;
}

json_t *jv_body(const http_request *req, http_reply *rep) {
  if (!req->body || req->body_len == 0) return json_object();
  if (!depth_ok(req->body, req->body_len, JV_MAX_DEPTH)) {
    http_reply_error(rep, ERR_BAD_JSON, "JSON 嵌套层数过多", NULL);
    return NULL;
  }
  json_error_t jerr;
  json_t *root = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
  if (!root) {
    http_reply_error(rep, ERR_BAD_JSON, NULL, NULL);
    return NULL;
  }
  if (!json_is_object(root)) {
    json_decref(root);
    http_reply_error(rep, ERR_BAD_JSON, "请求体须为 JSON 对象", NULL);
    return NULL;
  }
  return root;
}

const char *jv_check_region_code(const char *s, size_t len) {
  if (len != 6) return "must be a six-digit region code";
  for (size_t i = 0; i < 6; i++)
    if (s[i] < '0' || s[i] > '9') return "must be a six-digit region code";
  return NULL;
}

const char *jv_check_phone(const char *s, size_t len) {
  return phone_valid(s, len) ? NULL : "not a valid phone number";
}

const char *jv_check_no_control(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++)
    if ((unsigned char)s[i] < 0x20) return "must be a single line";
  return NULL;
}

static const json_t *lookup(const json_t *root, const char *path, bool *parent_bad) {
  const char *dot = strchr(path, '.');
  *parent_bad = false;
  if (!dot) return json_object_get(root, path);
  char head[64];
  size_t hl = (size_t)(dot - path);
  if (hl >= sizeof head) return NULL;
  memcpy(head, path, hl);
  head[hl] = '\0';
  const json_t *parent = json_object_get(root, head);
  if (!parent || json_is_null(parent)) return NULL;
  if (!json_is_object(parent)) {
    *parent_bad = true;
    return NULL;
  }
  return json_object_get(parent, dot + 1);
}

static void fail(json_t *errors, const char *path, const char *why) {
  if (!json_object_get(errors, path)) json_object_set_new(errors, path, json_string(why));
}

/* An array of objects: each element by the item fields, its errors under "path[i].field". */
static void parse_array(const jv_field *f, const json_t *v, char *base, json_t *errors) {
  const jv_items *it = f->items;
  size_t n = json_is_array(v) ? json_array_size(v) : 0;
  if (!json_is_array(v) || (int64_t)n < f->min || (int64_t)n > f->max) {
    char why[64];
    if (f->min > 0)
      snprintf(why, sizeof why, "an array of %lld to %lld", (long long)f->min, (long long)f->max);
    else
      snprintf(why, sizeof why, "an array of at most %lld", (long long)f->max);
    fail(errors, f->path, why);
    return;
  }
  char *elems = base + f->offset;
  for (size_t i = 0; i < n; i++) {
    char path[96];
    snprintf(path, sizeof path, "%s[%zu]", f->path, i);
    const json_t *e = json_array_get(v, i);
    char *elem = elems + i * it->size;
    memset(elem, 0, it->size);
    if (!json_is_object(e)) {
      fail(errors, path, "must be an object");
      continue;
    }
    json_t *own = json_object();
    bool ok = jv_parse(e, it->fields, it->nfields, elem, own);
    const char *k;
    json_t *why;
    json_object_foreach(own, k, why) {
      char key[160];
      snprintf(key, sizeof key, "%s.%s", path, k);
      fail(errors, key, json_string_value(why));
    }
    json_decref(own);
    if (ok && it->check) it->check(elem, i, elems, path, errors);
  }
  *(size_t *)(base + f->offset2) = n;
}

bool jv_parse(const json_t *root, const jv_field *fields, size_t n, void *out, json_t *errors) {
  size_t before = json_object_size(errors);
  char *base = out;
  for (size_t i = 0; i < n; i++) {
    const jv_field *f = &fields[i];
    void *dst = base + f->offset;
    bool parent_bad;
    const json_t *v = lookup(root, f->path, &parent_bad);
    if (parent_bad) {
      const char *dot = strchr(f->path, '.');
      char head[64];
      size_t hl = (size_t)(dot - f->path);
      memcpy(head, f->path, hl);
      head[hl] = '\0';
      fail(errors, head, "must be an object");
      continue;
    }
    if (f->type == JV_ENUM) *(int *)dst = -1;
    if (f->type == JV_TRIBOOL) *(jv_tribool *)dst = JV_UNKNOWN;
    if (f->type == JV_ARRAY || f->type == JV_COUNTS || f->type == JV_INT_ARRAY)
      *(size_t *)(base + f->offset2) = 0;
    if (!v || json_is_null(v)) {
      if (f->required) fail(errors, f->path, "required");
      continue;
    }
    switch (f->type) {
      case JV_STRING: {
        if (!json_is_string(v)) {
          fail(errors, f->path, "must be a string");
          break;
        }
        const char *s = json_string_value(v);
        size_t len = json_string_length(v);
        if (memchr(s, '\0', len)) {
          fail(errors, f->path, "must not contain NUL");
          break;
        }
        long chars = jv_utf8_len(s, len);
        int64_t max = f->max ? f->max : 10000;
        if (chars < 0) {
          fail(errors, f->path, "not valid UTF-8");
        } else if (chars < f->min || (f->required && chars == 0)) {
          fail(errors, f->path, f->required && chars == 0 ? "required" : "too short");
        } else if (chars > max) {
          fail(errors, f->path, "too long");
        } else {
          const char *why = f->check ? f->check(s, len) : NULL;
          if (why)
            fail(errors, f->path, why);
          else
            *(jv_str *)dst = (jv_str){s, len};
        }
        break;
      }
      case JV_INT: {
        if (!json_is_integer(v)) {
          fail(errors, f->path, "must be an integer");
          break;
        }
        json_int_t x = json_integer_value(v);
        if ((f->min || f->max) && (x < f->min || x > f->max)) {
          fail(errors, f->path, "out of range");
          break;
        }
        *(jv_int *)dst = (jv_int){(int64_t)x, true};
        break;
      }
      case JV_BOOL:
        if (!json_is_boolean(v)) {
          fail(errors, f->path, "must be true or false");
          break;
        }
        *(jv_bool *)dst = (jv_bool){json_is_true(v), true};
        break;
      case JV_TRIBOOL:
        if (!json_is_boolean(v)) {
          fail(errors, f->path, "true, false or null");
          break;
        }
        *(jv_tribool *)dst = json_is_true(v) ? JV_TRUE : JV_FALSE;
        break;
      case JV_ARRAY:
        parse_array(f, v, base, errors);
        break;
      case JV_COUNTS: {
        if (!json_is_object(v) || (int64_t)json_object_size(v) > f->max) {
          char why[64];
          snprintf(why, sizeof why, "an object of at most %lld key: count", (long long)f->max);
          fail(errors, f->path, why);
          break;
        }
        jv_count *counts = dst;
        size_t ncounts = 0;
        const char *k;
        const json_t *c;
        json_object_foreach((json_t *)v, k, c) {
          if (!json_is_integer(c) || json_integer_value(c) < 0) {
            fail(errors, f->path, "counts must be integers >= 0");
            break;
          }
          counts[ncounts++] = (jv_count){k, (int64_t)json_integer_value(c)};
        }
        *(size_t *)(base + f->offset2) = ncounts;
        break;
      }
      case JV_ENUM: {
        int k = json_is_string(v)
                    ? enum_find(f->values, json_string_value(v), json_string_length(v))
                    : -1;
        if (k < 0)
          fail(errors, f->path, "not an allowed value");
        else
          *(int *)dst = k;
        break;
      }
      case JV_ENUM_SET: {
        if (!json_is_array(v)) {
          fail(errors, f->path, "must be an array");
          break;
        }
        unsigned bits = 0;
        size_t idx;
        const json_t *e;
        bool bad = false;
        json_array_foreach(v, idx, e) {
          int k = json_is_string(e)
                      ? enum_find(f->values, json_string_value(e), json_string_length(e))
                      : -1;
          if (k < 0 || k >= 32) {
            bad = true;
            break;
          }
          bits |= 1u << k;
        }
        if (bad)
          fail(errors, f->path, "contains a value that is not allowed");
        else
          *(unsigned *)dst = bits;
        break;
      }
      case JV_DATE: {
        day_t d;
        if (!json_is_string(v) ||
            !date_parse(json_string_value(v), json_string_length(v), &d)) {
          fail(errors, f->path, "must be a date YYYY-MM-DD");
          break;
        }
        *(jv_date *)dst = (jv_date){d, true};
        break;
      }
      case JV_TIMESTAMP: {
        int64_t t;
        if (!json_is_string(v) || !ts_parse(json_string_value(v), json_string_length(v), &t)) {
          fail(errors, f->path, "must be an RFC 3339 timestamp");
          break;
        }
        *(jv_ts *)dst = (jv_ts){t, true};
        break;
      }
      case JV_OBJECT:
        if (!json_is_object(v)) fail(errors, f->path, "must be an object");
        break;
      case JV_NUMBER: {
        if (!json_is_number(v)) {
          fail(errors, f->path, "must be a number");
          break;
        }
        double x = json_number_value(v);
        if (x < (double)f->min || x > (double)f->max) {
          fail(errors, f->path, "out of range");
          break;
        }
        *(jv_num *)dst = (jv_num){x, true};
        break;
      }
      case JV_INT_ARRAY: {
        if (!json_is_array(v) || (int64_t)json_array_size(v) > f->max) {
          fail(errors, f->path, "must be an array of integers");
          break;
        }
        int64_t *arr = dst;
        size_t idx;
        const json_t *e;
        bool bad = false;
        json_array_foreach(v, idx, e) {
          if (!json_is_integer(e)) {
            bad = true;
            break;
          }
          arr[idx] = (int64_t)json_integer_value(e);
        }
        if (bad)
          fail(errors, f->path, "must be an array of integers");
        else
          *(size_t *)(base + f->offset2) = json_array_size(v);
        break;
      }
    }
  }
  return json_object_size(errors) == before;
}
