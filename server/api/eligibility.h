/* The eligibility answer of API.md: the domain's engine fed from an intake and the centre's
 * jurisdiction, rendered as JSON; POST /eligibility/check. */
#ifndef LA_API_ELIGIBILITY_H
#define LA_API_ELIGIBILITY_H
#include <stdbool.h>
#include <stdint.h>

#include "domain/calendar.h"
#include "domain/eligibility.h"
#include "domain/intake.h"

/* The centre's jurisdiction as the rules need it. */
typedef struct {
  bool threshold_known;
  int64_t threshold_fen;
  char threshold_region[7];
  int deadline_mode;
  bool pay_after_archive;
} jurisdiction;

/* Looks the centre's jurisdiction up (most specific wins). Returns a db_status. */
int api_jurisdiction(int64_t center_id, jurisdiction *out);
/* The holiday calendar loaded at start (never NULL). */
const holiday_calendar *api_calendar(void);
/* Loads the calendar from the database (start-up); keeps the built-in one on failure. */
void api_calendar_load(void);
void api_calendar_free(void);

/* The facts of an intake for the engine. */
void eligibility_facts_from_intake(const intake *in, const jurisdiction *j, elig_facts *out);
/* The answer as JSON text (malloc'd; caller frees). */
char *eligibility_json(const elig_result *r, const jurisdiction *j);
/* Both in one: the stored answer for an intake. */
char *eligibility_json_for(const intake *in, const jurisdiction *j);

#endif
