/* The eligibility answer of API.md: the domain's engine fed from an intake and the centre's
 * jurisdiction, rendered as JSON; POST /eligibility/check. */
#ifndef LA_API_ELIGIBILITY_H
#define LA_API_ELIGIBILITY_H
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "domain/calendar.h"
#include "domain/eligibility.h"
#include "domain/intake.h"
#include "domain/jurisdiction.h"

/* The rules of the centre's jurisdiction (the store finds the candidates, the domain picks
 * the most specific). Returns a db_status. */
int api_jurisdiction(int64_t center_id, jurisdiction_rules *out);
/* The holiday calendar loaded at start (never NULL). */
const holiday_calendar *api_calendar(void);
/* Loads the calendar from the database (start-up); keeps the built-in one on failure. */
bool api_calendar_load(void);
void api_calendar_free(void);

/* The answer as JSON text (malloc'd; caller frees). */
char *eligibility_json(const elig_result *r, const jurisdiction_rules *j);
/* The stored answer for an intake. */
char *eligibility_json_for(const intake *in, const jurisdiction_rules *j);
/* The answer for a form still being filled in: the fields in `absent` (an array of paths,
 * from api_intake_read) are listed as missing, and aid is undetermined rather than refused
 * until they arrive. */
char *eligibility_json_for_form(const intake *in, const jurisdiction_rules *j,
                                const json_t *absent);

#endif
