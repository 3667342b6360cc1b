/* The year's figures as the reports quote them: /stats/annual's object (built once, read by
 * the annual report, the performance figures and the self-assessment), its rows for CSV and
 * XLSX, and the Chinese names of the enumerations' values. */
#ifndef LA_API_REPORTS_H
#define LA_API_REPORTS_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/principal.h"

/* /stats/annual's answer for the centres and year; single: the one centre when only one is aggregated (its budget, targets and duty
 * target), else 0. *out is the caller's (json_decref). Returns a db_status. */
int api_annual_build(const center_set *centers, int64_t single, int year, json_t **out);

/* How a row's value is written. */
typedef enum {
  AR_COUNT,   /* an integer */
  AR_FEN,     /* money: yuan with two decimals */
  AR_RATE,    /* a fraction: a percentage with two decimals */
  AR_PER_DAY, /* a number with two decimals */
} annual_kind;

typedef struct {
  char section[32]; /* 类别 */
  char label[96];   /* 项目 */
  char path[96];    /* the value's place in the JSON object: the key programs read */
  annual_kind kind;
  const char *unit; /* 件, 人次, 元, %, ... */
} annual_row;

/* The rows of the annual report in print order; *rows is malloc'd (caller frees). */
size_t api_annual_rows(annual_row **rows);

/* A value of the JSON object by dotted path; NULL when absent. */
json_t *api_json_path(json_t *o, const char *path);

/* The Chinese name of an enumeration value ("civil" -> "民事"), or NULL. stats.c. */
const char *api_zh(const char *key);

#endif
