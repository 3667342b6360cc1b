/* A small declarative validator over jansson: a table of fields fills a C struct and names
 * every bad field. Strings point into the parsed JSON (borrowed: valid while the json_t the
 * caller parsed lives); nothing is allocated for the caller to free. */
#ifndef LA_API_VALIDATE_H
#define LA_API_VALIDATE_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/date.h"
#include "domain/enums.h"
#include "http/http.h"

typedef struct {
  const char *s; /* NULL when absent or null */
  size_t len;    /* bytes */
} jv_str;

typedef struct {
  int64_t v;
  bool set;
} jv_int;

typedef struct {
  bool v;
  bool set;
} jv_bool;

typedef struct {
  day_t v;
  bool set;
} jv_date;

typedef struct {
  int64_t epoch_s;
  bool set;
} jv_ts;

typedef struct {
  double v;
  bool set;
} jv_num;

/* A key the body may hold: true, false, or null (not known). */
typedef enum { JV_UNKNOWN = -1, JV_FALSE = 0, JV_TRUE = 1 } jv_tribool;

/* One entry of an object of counts: {"related_case": 2}. */
typedef struct {
  const char *key;
  int64_t count;
} jv_count;

typedef enum {
  JV_STRING,    /* jv_str; min/max are lengths in characters (UTF-8 code points) */
  JV_INT,       /* jv_int; min/max bounds */
  JV_BOOL,      /* jv_bool */
  JV_TRIBOOL,   /* jv_tribool: true, false, or null/absent (JV_UNKNOWN) */
  JV_ENUM,      /* int: the index in `values`, -1 when absent */
  JV_ENUM_SET,  /* unsigned: a bit per index in `values`; an array of distinct names */
  JV_DATE,      /* jv_date: "YYYY-MM-DD" */
  JV_TIMESTAMP, /* jv_ts: RFC 3339 (or a date: 00:00 Asia/Shanghai) */
  JV_OBJECT,    /* no output: checks that the key, if present, holds an object */
  JV_INT_ARRAY, /* int64_t *: up to max entries; count written to the size_t at offset2 */
  JV_NUMBER,    /* jv_num: an integer or a real within [min, max] */
  JV_ARRAY,     /* an array of objects, each parsed by `items` into the array of elements at
                   offset (items->size bytes each, min..max of them); count at offset2 */
  JV_COUNTS,    /* an object of key: count (integers >= 0), at most max: jv_count array at
                   offset, count at offset2 */
} jv_type;

/* A string check beyond length: returns NULL when fine, else a short English reason. */
typedef const char *(*jv_check)(const char *s, size_t len);

typedef struct jv_items jv_items;

/* Field tables leave out the trailing members they do not use (zero, as C says). */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

typedef struct {
  const char *path; /* "name" or "applicant.name" (one level of nesting) */
  jv_type type;
  size_t offset; /* into the output struct */
  bool required;
  int64_t min, max; /* JV_INT bounds; JV_STRING lengths (max 0 = 10000); array sizes */
  const la_enum *values;
  jv_check check;
  size_t offset2;
  const jv_items *items; /* JV_ARRAY */
} jv_field;

/* The elements of a JV_ARRAY: their fields, their size, and a check of each parsed element
 * as a whole (NULL: none) that adds errors under `path` ("cells[2]"). */
struct jv_items {
  const jv_field *fields;
  size_t nfields;
  size_t size;
  void (*check)(const void *elem, size_t index, const void *all, const char *path,
                json_t *errors);
};

#define JV_FIELD_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Fills out from root by the table. Every bad or missing required field gets an entry in
 * errors (a JSON object, path -> reason). Returns true when no field was bad. */
bool jv_parse(const json_t *root, const jv_field *fields, size_t n, void *out, json_t *errors);

/* Parses a request body as a JSON object with the service's limits (duplicate keys refused,
 * nesting depth at most 8, no NUL characters). On failure sets the reply (400 bad_json) and
 * returns NULL; the caller owns (json_decref) the result. An empty body is treated as {}. */
json_t *jv_body(const http_request *req, http_reply *rep);

/* UTF-8 code points in s[0..len), or -1 when s is not valid UTF-8. */
long jv_utf8_len(const char *s, size_t len);

/* Common string checks. */
const char *jv_check_region_code(const char *s, size_t len); /* six digits */
const char *jv_check_phone(const char *s, size_t len);
const char *jv_check_no_control(const char *s, size_t len); /* single-line text */

#endif
