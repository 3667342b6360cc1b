/* Budget figures shared by GET /budgets and GET /stats/annual. */
#ifndef LA_API_MONEY_H
#define LA_API_MONEY_H
#include <jansson.h>
#include <stdint.h>

/* The budget figures of API.md for a centre and year into *out (caller decrefs). Returns a
 * db_status. */
int api_budget_json(int64_t center, int year, json_t **out);

#endif
