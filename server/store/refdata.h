/* Centres and regions. */
#ifndef LA_STORE_REFDATA_H
#define LA_STORE_REFDATA_H
#include <stdint.h>

#include "db.h"
#include "domain/principal.h"

/* Centres the principal sees: {"items":[{"id","name","region_code","region_name",
 * "case_no_prefix"}],"next_cursor":null}. */
db_status store_centers_list(const principal *p, int64_t after, int limit, char **json);
/* Renames a centre or changes its case-number prefix (NULL: unchanged); *json the centre.
 * DB_NOT_FOUND: no such centre; DB_CONFLICT: another centre has that name. */
db_status store_center_update(int64_t id, const char *name, const char *prefix, char **json);
/* Creates a centre; DB_CONFLICT for a taken name, DB_REFUSED for an unknown region. */
db_status store_center_create(const char *name, const char *region_code, const char *prefix,
                              char **json);
/* Regions under parent (NULL: the provinces): {"items":[{"code","name","parent_code","level"}]} */
db_status store_regions_list(const char *parent, int64_t after, int limit, char **json);
/* DB_OK when the region code exists. */
db_status store_region_exists(const char *code);

#endif
