/* The intake body of API.md into the domain's intake struct. */
#ifndef LA_API_INTAKE_PARSE_H
#define LA_API_INTAKE_PARSE_H
#include <jansson.h>
#include <stdbool.h>

#include "domain/intake.h"
#include "eligibility.h"
#include "validate.h"

/* Fills out from root (strings borrowed from root); every malformed field gets an entry in
 * errors. */
bool api_parse_intake(const json_t *root, intake *out, json_t *errors);
/* Adds the domain's field errors to a JSON errors object. */
void api_field_errors_to_json(const field_errors *fe, json_t *errors);

/* Parses, checks and completes an intake body: field shapes, the domain's rules, the centre
 * (the principal's own when absent; 403 outside its scope), the venue's region, and the
 * centre's jurisdiction (into *j: threshold, deadline mode), from which the deadlines follow.
 * On failure the reply is set and false returned. With `absent` (an eligibility check of a
 * form still being filled in), a field that is required but absent is not an error: its path
 * is appended to that array instead, and only malformed fields fail. */
bool api_intake_prepare(http_request *req, http_reply *rep, const json_t *root, intake *in,
                        jurisdiction_rules *j, json_t *absent);

#endif
