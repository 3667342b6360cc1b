/* Per-jurisdiction settings (thresholds, deadlines, subsidy tables) are looked up from the
 * most specific jurisdiction that has one: a county's own, else its city's, else its
 * province's. Pure. */
#ifndef LA_DOMAIN_JURISDICTION_H
#define LA_DOMAIN_JURISDICTION_H
#include <stdbool.h>

/* The jurisdictions of a region, most specific first: a county's own code, its city's, its
 * province's (a city: itself and its province; a province: itself). Writes up to 3
 * NUL-terminated codes into out; returns how many (0 for a malformed code). */
int region_chain(const char *code, char out[3][7]);
/* Where `jurisdiction` stands in region's chain: 0 the region itself, 1 the next up, ...;
 * -1 when it is not one of the region's jurisdictions. */
int region_rank(const char *region, const char *jurisdiction);

/* The region scope (scope_t) of a venue relative to a centre, from their six-digit codes:
 * - a county-level centre: its own county is local (本县区内); the rest of its city, the
 *   city itself included, cross_county (本市跨县区); another city of the province in_province;
 * - a city-level centre: the city and its districts (市辖区, codes xxxx01-xxxx20) are local
 *   (本市市区内); its counties and county-level cities cross_county; another city in_province;
 * - a province-level centre: the whole province is local.
 * Another province, or a malformed code: -1 (no band applies). */
int region_scope(const char *center_region, const char *venue_region);

#endif
