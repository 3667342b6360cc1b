/* The service's words: what a person reads in an error reply, by error and by the rule that
 * refused. The api alone words its answers; http/, domain/ and store/ hand it codes. */
#ifndef LA_API_WORDS_H
#define LA_API_WORDS_H
#include "domain/assignment.h"
#include "domain/lifecycle.h"
#include "http/http.h"

/* The display name of the administrator created at the first start. */
#define API_BOOTSTRAP_ADMIN_NAME "系统管理员"

/* The default message of each http_err (http_config.error_words). */
extern const char *const api_error_words[ERR__COUNT];

/* Why the domain refused an action on a case. */
const char *api_refusal_words(case_refusal r);
/* Why a lawyer may not take a case; what speaks for a lawyer. */
const char *api_assign_words(assign_refusal r);
const char *api_suggest_words(suggest_reason r);

/* The refusal's reply: 403, 409 or 422 by its kind, its words, its key as error.reason and
 * the field at fault. */
void api_reply_refusal(http_reply *rep, case_refusal r);

#endif
