/* The intake body as POST /cases and POST /eligibility/check take it: the bytes through
 * jv_body (its guards: depth, duplicate keys, NUL, an object), the field table, the domain's
 * rules, and the path of a form still being filled in (absent fields listed, not refused), to
 * the eligibility answer. Everything before the database. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "api/eligibility.h"
#include "api/intake_parse.h"
#include "api/validate.h"
#include "domain/calendar.h"
#include "fuzz.h"

#define NOW 1732406400 /* 2024-11-24 */

/* One pass: with `absent` an eligibility check's, without it an intake's. Returns whether the
 * body passed every check; *answer (malloc'd) the eligibility answer when it did. */
static bool pass(const json_t *root, json_t *absent, char **answer) {
  *answer = NULL;
  intake in;
  json_t *errors = json_object();
  jurisdiction_rules j = {true, 193000, "430000", DEADLINE_WORKING_DAYS, false};
  bool ok = api_intake_read(root, 1, &in, errors, absent) &&
            api_intake_rules(root, &in, &j, &cal_china_2024_2026, NOW, errors, absent);
  /* A refusal names its fields; a pass leaves none. */
  if (ok != (json_object_size(errors) == 0)) __builtin_trap();
  json_decref(errors);
  if (!ok) return false;
  if (in.decision_due < in.application_date) __builtin_trap();
  *answer = absent ? eligibility_json_for_form(&in, &j, absent) : eligibility_json_for(&in, &j);
  if (!*answer) __builtin_trap();
  return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *body = malloc(size + 1);
  if (!body) return 0;
  memcpy(body, data, size);
  body[size] = '\0';
  http_request req;
  memset(&req, 0, sizeof req);
  req.body = body;
  req.body_len = size;
  http_reply rep;
  memset(&rep, 0, sizeof rep);
  json_t *root = jv_body(&req, &rep);
  /* Refused bodies are refused as bad JSON, and only they. */
  if (!root != (rep.status == 400)) __builtin_trap();
  free(rep.body);
  if (root) {
    char *whole, *form;
    json_t *absent = json_array();
    bool as_intake = pass(root, NULL, &whole);
    bool as_form = pass(root, absent, &form);
    /* A complete intake is a complete form: nothing absent, the same answer. */
    if (as_intake && (!as_form || json_array_size(absent) != 0 || strcmp(whole, form) != 0))
      __builtin_trap();
    /* A form's answer lists what is absent and never refuses aid on a form not complete. */
    if (as_form && json_array_size(absent)) {
      json_t *a = json_loads(form, 0, NULL);
      json_t *missing = json_object_get(a, "missing");
      if (!a || json_is_false(json_object_get(a, "eligible")) ||
          json_array_size(missing) < json_array_size(absent))
        __builtin_trap();
      json_decref(a);
    }
    free(whole);
    free(form);
    json_decref(absent);
    json_decref(root);
  }
  free(body);
  return 0;
}
