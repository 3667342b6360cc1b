/* The JSON-to-struct validation of an intake body: parse, check every field, apply the
 * domain's rules, compute eligibility, as POST /cases does before the database. */
#include <jansson.h>
#include <string.h>

#include "api/intake_parse.h"
#include "domain/eligibility.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  json_error_t err;
  json_t *root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &err);
  if (!root) return 0;
  if (json_is_object(root)) {
    intake in;
    json_t *errors = json_object();
    if (api_parse_intake(root, &in, errors)) {
      field_errors fe;
      memset(&fe, 0, sizeof fe);
      if (intake_check(&in, 1732406400 /* 2024-11-24 */, &fe)) {
        jurisdiction_rules j = {true, 193000, "430000", DEADLINE_CALENDAR_DAYS, false};
        char *text = eligibility_json_for(&in, &j);
        free(text);
      }
    }
    json_decref(errors);
  }
  json_decref(root);
  return 0;
}
