#include "router.h"

#include <string.h>

/* Compares one pattern against a path segment by segment. When scratch is not NULL, copies
 * captured segments there. Returns 1 on a match. */
static int match(const char *pat, const char *path, char *scratch, const char **params,
                 int *nparams) {
  int np = 0;
  const char *p = pat, *s = path;
  while (*p && *s) {
    if (*p != '/' || *s != '/') return 0;
    p++;
    s++;
    const char *pe = strchr(p, '/');
    const char *se = strchr(s, '/');
    size_t plen = pe ? (size_t)(pe - p) : strlen(p);
    size_t slen = se ? (size_t)(se - s) : strlen(s);
    if (plen >= 2 && p[0] == '{' && p[plen - 1] == '}') {
      if (slen == 0) return 0;
      if (np >= HTTP_MAX_PATH_PARAMS) return 0;
      if (scratch) {
        memcpy(scratch, s, slen);
        scratch[slen] = '\0';
        params[np] = scratch;
        scratch += slen + 1;
      }
      np++;
    } else if (plen != slen || memcmp(p, s, plen) != 0) {
      return 0;
    }
    p += plen;
    s += slen;
  }
  if (*p || *s) return 0;
  if (nparams) *nparams = np;
  return 1;
}

route_result http_route_match(const http_route *routes, size_t n, const char *method,
                              const char *path, char *scratch, const char **params, int *nparams,
                              const http_route **out, char *allow, size_t allow_len) {
  const char *m = strcmp(method, "HEAD") == 0 ? "GET" : method;
  int path_seen = 0;
  size_t used = 0;
  if (allow_len) allow[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    if (!match(routes[i].pattern, path, NULL, NULL, NULL)) continue;
    if (strcmp(routes[i].method, m) == 0) {
      match(routes[i].pattern, path, scratch, params, nparams);
      *out = &routes[i];
      return ROUTE_FOUND;
    }
    path_seen = 1;
    size_t ml = strlen(routes[i].method);
    if (allow_len && used + ml + 3 < allow_len && !strstr(allow, routes[i].method)) {
      if (used) {
        memcpy(allow + used, ", ", 2);
        used += 2;
      }
      memcpy(allow + used, routes[i].method, ml);
      used += ml;
      allow[used] = '\0';
    }
  }
  return path_seen ? ROUTE_METHOD_NOT_ALLOWED : ROUTE_NOT_FOUND;
}
