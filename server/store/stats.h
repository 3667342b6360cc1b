/* Statistics over cases, calls, consultations, duty shifts and claims. Every query takes the
 * set of centres to aggregate (decided by the caller from the principal's scope). */
#ifndef LA_STORE_STATS_H
#define LA_STORE_STATS_H
#include <stdbool.h>
#include <stdint.h>

#include "db.h"
#include "domain/date.h"
#include "domain/principal.h"

/* A period: a year (cases by their year, the rest by their dates within it), or a date range. */
typedef struct {
  int year; /* 0: use from/to */
  bool from_set, to_set;
  day_t from, to;
} stats_period;

/* The centre and every centre in the regions under it that the principal sees. */
db_status store_centers_under(const principal *p, int64_t center_id, center_set *out);

typedef enum {
  SC_CASE_TYPE,
  SC_CHANNEL,
  SC_STATUS,
  SC_GROUP,
  SC_MONTH,
  SC_MATTER,
  SC_LAWYER,
  SC_CENTER,
  SC__COUNT
} stats_case_key;
extern const char *const stats_case_keys[SC__COUNT + 1];

typedef enum { SH_TOPIC, SH_OUTCOME, SH_DAY, SH_HOUR, SH_OPERATOR, SH__COUNT } stats_hotline_key;
extern const char *const stats_hotline_keys[SH__COUNT + 1];

/* {"rows":[{"key","label","count"}],"total"} as JSON text (caller frees). */
db_status store_stats_cases(const center_set *centers, const stats_period *per, stats_case_key key,
                            char **json);
db_status store_stats_hotline(const center_set *centers, const stats_period *per, stats_hotline_key key,
                              char **json);
/* The annual report's figures except the budget (API.md /stats/annual). */
db_status store_stats_annual(const center_set *centers, int year, char **json);
/* Its SQL text (for the benchmark's pgbench script). */
const char *store_stats_annual_sql(void);

#endif
