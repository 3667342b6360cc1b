/* The eligibility answer of API.md for an intake. */
#ifndef LA_API_ELIGIBILITY_H
#define LA_API_ELIGIBILITY_H
#include "domain/intake.h"

/* The answer as JSON text (malloc'd; caller frees), stored with the case. */
char *eligibility_json_for(const intake *in);

#endif
