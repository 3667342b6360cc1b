/* The eligibility answer. Until the engine of the Legal Aid Law lands, the answer is
 * undetermined (eligible null) and `missing` says so. */
#include "eligibility.h"

#include <jansson.h>

char *eligibility_json_for(const intake *in) {
  (void)in;
  json_t *j = json_pack("{s:n, s:b, s:s, s:[], s:[s]}", "eligible", "mandatory", 0, "means_test",
                        "not_applicable", "rules", "missing", "eligibility_engine");
  char *text = json_dumps(j, JSON_COMPACT);
  json_decref(j);
  return text;
}
