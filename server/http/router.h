/* Route matching: a linear scan over the table (tens of routes), no allocation. */
#ifndef LA_HTTP_ROUTER_H
#define LA_HTTP_ROUTER_H
#include <stddef.h>

#include "http.h"

typedef enum { ROUTE_FOUND, ROUTE_NOT_FOUND, ROUTE_METHOD_NOT_ALLOWED } route_result;

/* Matches method and path against the table. On ROUTE_FOUND sets *out and copies each {name}
 * segment into `scratch` (NUL-separated; scratch must hold strlen(path) + 1 bytes), pointing
 * params[i] into it. On ROUTE_METHOD_NOT_ALLOWED writes the allowed methods, comma-separated,
 * into allow (allow_len bytes; truncated safely). HEAD matches GET routes. */
route_result http_route_match(const http_route *routes, size_t n, const char *method,
                              const char *path, char *scratch, const char **params, int *nparams,
                              const http_route **out, char *allow, size_t allow_len);

#endif
