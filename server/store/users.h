/* Users, lawyers' profiles, sessions, sign-in throttling and security events. */
#ifndef LA_STORE_USERS_H
#define LA_STORE_USERS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "domain/principal.h"

/* Whether any user exists. */
db_status store_users_exist(bool *any);
/* Creates the administrator when no user exists yet (no centre: sees every centre).
 * *created tells whether it did. */
db_status store_bootstrap_admin(const char *username, const char *password_hash,
                                const char *display_name, bool *created);

typedef struct {
  int64_t id;
  char password_hash[256];
  bool active; /* the user, and its lawyer profile if it has one */
  char username[72];
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

/* Sign-in throttling (migration 0005, login_attempt): the limits of one attempt. */
typedef struct {
  int pair_limit;  /* failures of one (user, address) pair ... */
  int window_s;    /* ... within this window ... */
  int lock_s;      /* ... lock the pair this long */
  int soft_after;  /* failures of the user (from anywhere) after which attempts are spaced ... */
  int max_delay_s; /* ... 1, 2, 4 ... seconds apart, at most this */
} login_limits;
/* Checks and counts an attempt in one statement, before its password is checked (so parallel
 * guesses cannot pass between the two): *wait_s 0 lets it go ahead (counted as a failure until
 * store_login_succeeded), else the seconds to wait. */
db_status store_login_attempt(const char *pair_key, const char *user_key, const login_limits *lim,
                              int *wait_s);
/* A good password: the pair's and the user's counts are cleared. */
db_status store_login_succeeded(const char *pair_key, const char *user_key);
/* Whether any of the forms is on the shipped list of common passwords. */
db_status store_password_is_common(const char *const *forms, int n, bool *common);

/* The stored hash of a user by id (PUT /me/password checks the current password). */
db_status store_user_secret_by_id(int64_t id, user_secret *out);
/* PATCH /users/{id}: active (-1 unchanged) and display_name (NULL unchanged) of a user in the
 * principal's centres (DB_NOT_FOUND otherwise); disabling ends its sessions in the same
 * transaction. *json is the user as GET /users shows it. */
db_status store_user_update(const principal *p, int64_t id, int active, const char *display_name,
                            char **json);
/* Sets a user's password hash. change_required marks a temporary one (a reset); every session
 * of the user ends but the one whose token hash is keep (NULL: all). scope (NULL: none) limits
 * the user to a principal's centres (DB_NOT_FOUND otherwise). The change is recorded in
 * security_events by actor_id. */
db_status store_user_set_password(const principal *scope, int64_t id, const char *hash,
                                  bool change_required, const unsigned char *keep,
                                  int64_t actor_id);
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
