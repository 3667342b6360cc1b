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
/* Its SQL text, $1 the centre (for the benchmark's pgbench script). */
const char *store_jurisdiction_sql(void);

/* {"items":[{"region_code","region_name","monthly_income_fen","is_default","source"}]} */
db_status store_thresholds_list(int64_t after, int limit, char **json);
/* Sets a region's threshold (DB_REFUSED: unknown region). */
db_status store_threshold_put(const char *region, int64_t fen, const char *source, int64_t actor,
                              char **json);
/* {"items":[{"region_code","deadline_mode","pay_after_archive"}]} */
db_status store_settings_list(int64_t after, int limit, char **json);
db_status store_settings_put(const char *region, const char *mode,
                             bool pay_after_archive, int64_t actor, char **json);

/* The holiday calendar from the holidays table (sorted). *days is malloc'd (caller frees). */
db_status store_holidays_load(cal_exception **days, size_t *n);

#endif
