/* Per-jurisdiction settings (thresholds, deadlines, subsidy tables) are looked up from the
 * most specific jurisdiction that has one: a county's own, else its city's, else its
 * province's. Pure. */
#ifndef LA_DOMAIN_JURISDICTION_H
#define LA_DOMAIN_JURISDICTION_H
#include <stdbool.h>
#include <stdint.h>

#include "enums.h"
#include "grade_pay.h"

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

/* The settings that apply to a centre, from the most specific jurisdiction that has each. */
typedef struct {
  bool threshold_known; /* a hardship threshold (Art. 34) applies */
  int64_t threshold_fen; /* monthly household income per person */
  char threshold_region[7];
  deadline_mode deadline_mode; /* default: calendar days */
  bool pay_after_archive;      /* subsidies are paid once the case file is archived */
  /* Where in the band each grade pays (grade_pay.h): the most specific jurisdiction that sets
   * one, apart from the settings above; GRADE_PAY_DEFAULT when none does. */
  grade_pay grade_pay;
  char grade_pay_region[7]; /* "" for the default */
} jurisdiction_rules;

/* The candidate rows of a centre's region (the store finds them): thresholds and settings
 * of the region itself and of the regions above it, in any order. */
typedef struct {
  char region[7]; /* the centre's region */
  struct {
    char code[7];
    int64_t fen;
  } thresholds[3];
  int nthresholds;
  struct {
    char code[7];
    deadline_mode deadline_mode;
    bool pay_after_archive;
  } settings[3];
  int nsettings;
  struct {
    char code[7];
    grade_pay gp;
  } grade_pays[3];
  int ngrade_pays;
} jurisdiction_rows;

/* Picks, for each setting, the row of the most specific jurisdiction. */
void jurisdiction_pick(const jurisdiction_rows *rows, jurisdiction_rules *out);

#endif
