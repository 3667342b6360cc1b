/* Users, lawyers' profiles, sessions, sign-in throttling and security events. */
#ifndef LA_STORE_USERS_H
#define LA_STORE_USERS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "domain/principal.h"

/* Creates the administrator when no user exists yet (no centre: sees every centre).
 * *created tells whether it did. */
db_status store_bootstrap_admin(const char *username, const char *password_hash,
                                const char *display_name, bool *created);

typedef struct {
  int64_t id;
  char password_hash[256];
  bool active;
} user_secret;

/* The stored hash of an active or inactive user by name. */
db_status store_user_secret(const char *username, user_secret *out);

/* Opens a session: token_hash (32 bytes), absolute lifetime in seconds. On DB_OK *json is the
 * signed-in user as {"id","username","role","center_id","display_name"} (caller frees). */
db_status store_session_create(const unsigned char token_hash[32], int64_t user_id,
                               const char *csrf_token, const char *client_ip,
                               int lifetime_s, char **json);
/* Finds a live session (not expired, not idle longer than idle_s, user active) and fills
 * the principal (its visible centres included); refreshes last_seen_at at most once a minute.
 * DB_NOT_FOUND for none. */
db_status store_session_lookup(const unsigned char token_hash[32], int idle_s, principal *out);
db_status store_session_delete(const unsigned char token_hash[32]);
/* Drops sessions past their lifetime and idempotency keys older than a day. */
db_status store_housekeeping(void);

/* Sign-in throttling. *locked tells whether any of the keys is locked now. */
db_status store_throttle_locked(const char *user_key, const char *ip_key, bool *locked);
/* Counts a failure for key: after `limit` failures within window_s, locks it for lock_s. */
db_status store_throttle_fail(const char *key, int limit, int window_s, int lock_s);
db_status store_throttle_clear(const char *key);
/* Records a sign-in attempt or a denied access (never a password or token). */
void store_security_event(const char *kind, const char *username, int64_t user_id,
                          const char *client_ip, const char *detail);

typedef struct {
  const char *username, *password_hash, *display_name;
  role_t role;
  int64_t center_id;
  bool has_lawyer;
  const char *license_no, *firm;
  int kind; /* lawyer_kind_t */
  int64_t practice_years;
  unsigned specialties; /* case types (1u << case_type_t) */
} user_new;

/* Creates a user (and its lawyer profile) in one transaction. DB_CONFLICT when the
 * username or licence number is taken; DB_REFUSED for an unknown centre.
 * On DB_OK *json is the new user (caller frees). */
db_status store_user_create(const user_new *u, int64_t actor_id, char **json);
/* One user as JSON (with its lawyer profile). */
db_status store_user_json(int64_t id, char **json);
/* Users of the principal's centres: {"items":[...],"next_cursor"}; after_id 0 = first page. */
db_status store_users_list(const principal *p, int64_t after_id, int limit, char **json);
/* Lawyers of a centre (center_id 0: all the principal sees). */
db_status store_lawyers_list(const principal *p, int64_t center_id, int64_t after_id, int limit,
                             char **json);
typedef struct {
  const char *license_no, *firm, *region_code; /* NULL: unchanged */
  int kind;                                    /* lawyer_kind_t; -1: unchanged */
  bool specialties_set;
  unsigned specialties;                        /* case types (1u << case_type_t) */
  int64_t practice_years, center_id;           /* -1 / 0: unchanged */
  int active;                                         /* -1 unchanged, 0, 1 */
  const char *clients_json; /* [{"name","id_number"}]: replaces the declared clients; NULL keeps */
} lawyer_patch;

/* Changes a lawyer's profile (in the principal's centres; a new centre must be one of them
 * too). DB_NOT_FOUND outside scope, DB_CONFLICT for a taken licence number. *json is the
 * lawyer as GET /lawyers shows it. */
db_status store_lawyer_update(const principal *p, int64_t lawyer_id, const lawyer_patch *patch,
                              char **json);

/* Whether the centre exists. */
db_status store_center_exists(int64_t center_id);

#endif
