/* Budget figures shared by GET /budgets and GET /stats/annual. */
#ifndef LA_API_MONEY_H
#define LA_API_MONEY_H
#include <jansson.h>
#include <stdint.h>

#include "domain/assessment.h"

/* The budget figures of API.md for a centre and year into *out (caller decrefs). Returns a
 * db_status. */
int api_budget_json(int64_t center, int year, json_t **out);

/* A target or an actual of an indicator in its JSON form: rates as fractions (0.98), lawyers a
 * day as a number (3.0), counts and fen as integers. New reference. */
json_t *api_indicator_value(indicator_t i, int64_t v);

#endif
