/* The service's words: what a person reads in an error reply, by error and by the rule that
 * refused. The api alone words its answers; http/, domain/ and store/ hand it codes. */
#ifndef LA_API_WORDS_H
#define LA_API_WORDS_H
#include "http/http.h"

/* The default message of each http_err (http_config.error_words). */
extern const char *const api_error_words[ERR__COUNT];

#endif
