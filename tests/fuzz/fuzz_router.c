/* Route matching: the first byte picks a method, the rest is the path. */
#include <stdlib.h>
#include <string.h>

#include "api/common.h"
#include "fuzz.h"
#include "http/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
  if (size < 1 || size > 4096) return 0;
  const char *method = methods[data[0] % 7];
  char *path = malloc(size);
  memcpy(path, data + 1, size - 1);
  path[size - 1] = '\0';
  char *scratch = malloc(size);
  const char *params[HTTP_MAX_PATH_PARAMS];
  int nparams = 0;
  const http_route *route = NULL;
  char allow[64];
  route_result r = http_route_match(api_routes, api_nroutes, method, path, scratch, params, &nparams,
                                    &route, allow, sizeof allow);
  if (r == ROUTE_FOUND) {
    if (!route || nparams > HTTP_MAX_PATH_PARAMS) __builtin_trap();
    for (int i = 0; i < nparams; i++)
      if (strlen(params[i]) == 0 || strchr(params[i], '/')) __builtin_trap();
  }
  free(path);
  free(scratch);
  return 0;
}
