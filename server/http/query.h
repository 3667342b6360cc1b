/* Parsing query-string values (already percent-decoded by libmicrohttpd): pure functions. */
#ifndef LA_HTTP_QUERY_H
#define LA_HTTP_QUERY_H
#include <stdbool.h>
#include <stdint.h>

/* A decimal integer, optional leading '-', no spaces, no overflow. */
bool query_parse_int64(const char *s, int64_t *out);
/* "true"/"1" or "false"/"0". */
bool query_parse_bool(const char *s, bool *out);

#endif
