/* What the year's reports need beyond store/stats.c's annual statement: the 12345 work orders
 * received, the duty log and the stationed lawyers per day; the incoming work orders
 * themselves; the duty shifts' list. */
#ifndef LA_STORE_REPORTS_H
#define LA_STORE_REPORTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "domain/date.h"
#include "domain/duty.h"
#include "domain/principal.h"

/* centers: the centres to aggregate, NULL for every centre (as stats.h).
 *
 * {"work_orders_12345": {"incoming","closed","due","closed_on_time"},
 *  "duty_log": {"stationed_shifts","other_shifts","received","consultations","plea_witnessed"}}
 * for the year (work orders by the day received, shifts by their day), as JSON text the
 * caller frees. The cases, calls and consultations are store/stats.c's annual statement. */
db_status store_report_extra(const center_set *centers, int year, char **json);

/* The distinct lawyers stationed (DUTY_STATIONED) per day in
 * [from, to]: *days malloc'd (caller frees), one entry per day that had any. */
db_status store_duty_days(const center_set *centers, day_t from, day_t to, duty_day **days, size_t *n);

/* A centre's name into name (len bytes); DB_NOT_FOUND for no such centre. */
db_status store_center_name(int64_t id, char *name, size_t len);

/* ---- incoming 12345 work orders ---- */

typedef struct {
  int64_t center_id, actor;
  const char *order_no, *summary; /* summary may be NULL */
  int topic;                      /* ENUM_TOPIC index */
  int64_t received_at;            /* epoch seconds */
  bool due_set;
  day_t due_on;
} work_order_new;

/* DB_CONFLICT: the centre has an order of that number already. */
db_status store_work_order_create(const work_order_new *w, char **json);

typedef enum { WO_CLOSED, WO_NOT_FOUND, WO_ALREADY_CLOSED } work_order_close_outcome;
/* Closes an open order of the principal's centres with its result. */
db_status store_work_order_close(const principal *p, int64_t id, const char *result,
                                 work_order_close_outcome *outcome, char **json);

typedef struct {
  int64_t center_id; /* 0: every centre of the principal */
  int open;          /* -1 any, 1 open only, 0 closed only */
  bool from_set, to_set;
  day_t from, to;
  int64_t before_id;
  int limit;
} work_order_filter;
db_status store_work_orders_list(const principal *p, const work_order_filter *f, char **json);

/* ---- duty shifts (the day's log) ---- */

typedef struct {
  int64_t center_id, lawyer_id; /* 0: any */
  int station;                  /* station_t, -1: any */
  bool from_set, to_set;
  day_t from, to;
  int64_t before_id;
  int limit;
} duty_filter;
db_status store_duty_shifts_list(const principal *p, const duty_filter *f, char **json);

#endif
