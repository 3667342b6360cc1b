/* Static files (the pages) from one directory: content types, ETag revalidation, gzip. */
#ifndef LA_HTTP_STATIC_H
#define LA_HTTP_STATIC_H
#include <stdbool.h>

#include "http.h"

/* Sets the directory served (copied); NULL turns serving off. */
void http_static_init(const char *root);
/* The fallback hook: serves GET/HEAD of a file under the root ("/" is index.html; a path
 * without an extension that names no file gets index.html's sibling "<path>.html").
 * Returns false when there is no such file. */
bool http_static_serve(http_request *req, http_reply *rep);
/* Content type by file name. */
const char *http_static_type(const char *path);

#endif
