/* The intake body of API.md into the domain's intake struct. */
#ifndef LA_API_INTAKE_PARSE_H
#define LA_API_INTAKE_PARSE_H
#include <jansson.h>
#include <stdbool.h>

#include "domain/intake.h"
#include "eligibility.h"
#include "validate.h"

/* The agent (API.md 1.1) as a body gives it: intake and a correction read it the same way. */
typedef struct {
  jv_str name, id_number, phone;
  int relation, id_type;
} agent_body;
/* Its fields for a jv_field table whose body type has an agent_body `member`. */
#define JV_AGENT_FIELDS(type, member)                                                     \
  {"agent", JV_OBJECT, 0, false, 0, 0, NULL, NULL, 0},                                    \
  {"agent.name", JV_STRING, offsetof(type, member.name), false, 0, 50, NULL,              \
   jv_check_no_control, 0},                                                               \
  {"agent.relation", JV_ENUM, offsetof(type, member.relation), false, 0, 0,               \
   &ENUM_AGENT_RELATION, NULL, 0},                                                        \
  {"agent.id_type", JV_ENUM, offsetof(type, member.id_type), false, 0, 0, &ENUM_ID_TYPE,  \
   NULL, 0},                                                                              \
  {"agent.id_number", JV_STRING, offsetof(type, member.id_number), false, 0, 18, NULL,    \
   NULL, 0},                                                                              \
  {"agent.phone", JV_STRING, offsetof(type, member.phone), false, 0, 20, NULL,            \
   jv_check_phone, 0}
/* The domain's agent: present when root's "agent" is an object (absent or null: not present,
 * relation and id_type -1); an empty number or phone is none. */
agent_in api_agent_of(const json_t *root, const agent_body *b);

/* Fills out from root (strings borrowed from root); every malformed field gets an entry in
 * errors. */
bool api_parse_intake(const json_t *root, intake *out, json_t *errors);
/* Adds the domain's field errors to a JSON errors object. */
void api_field_errors_to_json(const field_errors *fe, json_t *errors);

/* The intake body read into *in, its centre the one given or default_center (the principal's):
 * false with the field errors in `errors`. With `absent` (an eligibility check of a form still
 * being filled in), a required field that is absent is not an error: its path is appended to
 * that array instead, and only malformed fields fail. Pure: no database. */
bool api_intake_read(const json_t *root, int64_t default_center, intake *in, json_t *errors,
                     json_t *absent);
/* The domain's rules of an intake (intake_check) under its jurisdiction's deadline rules and
 * calendar, at `now`; false with the field errors. With `absent`, as above: a form whose only
 * faults are absent fields still gets its groups and deadlines. Pure. */
bool api_intake_rules(const json_t *root, intake *in, const jurisdiction_rules *j,
                      const holiday_calendar *cal, int64_t now, json_t *errors, json_t *absent);

/* Parses, checks and completes an intake body (the two above and the database's part): field shapes, the domain's rules, the centre
 * (the principal's own when absent; 403 outside its scope), the venue's region, and the
 * centre's jurisdiction (into *j: threshold, deadline mode), from which the deadlines follow.
 * On failure the reply is set and false returned. With `absent` (an eligibility check of a
 * form still being filled in), a field that is required but absent is not an error: its path
 * is appended to that array instead, and only malformed fields fail. */
bool api_intake_prepare(http_request *req, http_reply *rep, const json_t *root, intake *in,
                        jurisdiction_rules *j, json_t *absent);

#endif
