/* Sign-in: password hashing (argon2id), session tokens, throttling. */
#ifndef LA_API_AUTH_H
#define LA_API_AUTH_H
#include <stdbool.h>

#include "domain/principal.h"
#include "http/http.h"
#include "store/db.h"

/* Must run once before any other call (initialises libsodium). 0 on success. */
int auth_init(void);
/* argon2id (2 passes, 19 MiB) into out (crypto_pwhash_STRBYTES); at most two hashes run at
 * once so sign-in storms cannot exhaust memory. 0 on success. */
int auth_hash_password(const char *password, char *out);
/* The request's principal from its Bearer token or session cookie: DB_NOT_FOUND when it
 * carries none or an unknown, expired or idle one. */
db_status auth_principal(const http_request *req, principal *out);

/* Whether a new password meets API.md 1.1 (12 characters, not the username, not on the list of
 * common passwords); false with the 422 naming `field` (or a 503) sent. */
bool api_password_acceptable(http_reply *rep, const char *password, const char *username,
                             const char *field);

/* Handlers. */
void h_me_password(http_request *req, http_reply *rep);
void h_user_password_reset(http_request *req, http_reply *rep);
void h_session_create(http_request *req, http_reply *rep);
void h_session_delete(http_request *req, http_reply *rep);
void h_me(http_request *req, http_reply *rep);

#endif
