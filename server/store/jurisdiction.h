/* Per-jurisdiction settings: hardship thresholds (Art. 34), deadline mode and payment rule;
 * the holiday calendar. The store finds the candidate rows; the domain picks the most
 * specific (domain/jurisdiction.h). */
#ifndef LA_STORE_JURISDICTION_H
#define LA_STORE_JURISDICTION_H
#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "domain/calendar.h"
#include "domain/jurisdiction.h"

/* The rows that apply to a centre's region. DB_NOT_FOUND: no such centre. */
db_status store_jurisdiction_for_center(int64_t center_id, jurisdiction_rows *out);
/* The rows that apply to a region (a quote names a region, not a centre). */
db_status store_jurisdiction_for_region(const char *region, jurisdiction_rows *out);
/* Its SQL text, $1 the centre (for the benchmark's pgbench script). */
const char *store_jurisdiction_sql(void);

/* {"items":[{"region_code","region_name","monthly_income_fen","is_default","source"}]} */
db_status store_thresholds_list(int64_t after, int limit, char **json);
/* Sets a region's threshold (DB_REFUSED: unknown region). */
db_status store_threshold_put(const char *region, int64_t fen, const char *source, int64_t actor,
                              char **json);
/* {"items":[{"region_code","region_name","deadline_mode","pay_after_archive","grade_pay"}]}:
 * every region with deadline settings or a grade pay (the other null). */
db_status store_settings_list(int64_t after, int limit, char **json);

/* What a PUT /jurisdiction-settings changes, in one transaction: the deadline settings when
 * mode is given, and the grade pay (set it, clear it back to the default, or leave it). */
typedef enum { SETTINGS_GRADE_PAY_KEEP, SETTINGS_GRADE_PAY_SET, SETTINGS_GRADE_PAY_CLEAR } settings_gp;
typedef struct {
  const char *mode; /* NULL: the deadline settings stay as they are */
  bool pay_after_archive;
  settings_gp grade_pay;
  grade_pay gp;
} settings_change;
/* *json: the region's settings after (SETTINGS_JSON). DB_REFUSED: unknown region. */
db_status store_settings_put(const char *region, const settings_change *ch, int64_t actor,
                             char **json);

/* The holiday calendar from the holidays table (sorted). *days is malloc'd (caller frees). */
db_status store_holidays_load(cal_exception **days, size_t *n);
/* The years whose holidays are loaded in full (holiday_years), ascending; *years malloc'd. */
db_status store_holiday_years_load(int **years, size_t *n);
/* Replaces the holidays of `year` by `days` (checked: domain/calendar.h cal_year_check) and
 * marks the year loaded, by whom and from which notice, in one transaction. */
db_status store_holidays_put(int year, const cal_exception *days, size_t n, const char *source,
                             int64_t user_id);

#endif
