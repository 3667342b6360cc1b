/* The sessions' cache (issue 15), inside the store: a live session's principal kept for at most
 * SESSION_CACHE_TTL_S, so that a request does not look its session up in PostgreSQL each time.
 *
 * Every change that could end a session or change what it may see is announced by PostgreSQL
 * itself: triggers of migration 0010_a NOTIFY the channel `legalaid_sessions` when a session is
 * deleted (sign-out, disabling, a password changed or reset, housekeeping), when a user or a
 * lawyer's profile changes (active, role, centre, password) and when a centre is added, moved or
 * removed (the visible centres of a supervisor). One thread per daemon LISTENs on its own
 * connection and forgets what the notification names; every daemon on the database hears every
 * change, whichever daemon (or psql) made it. A request also reads what has already arrived on
 * that connection before it trusts a cached session, so a change is honoured as soon as
 * PostgreSQL has sent it, not when the listening thread next runs.
 *
 * When the listening connection is not up (PostgreSQL restarting, the thread not started), the
 * cache holds nothing and every request looks its session up as before: a notification can only
 * be missed while the cache is off, and it is emptied whenever it is turned on again. */
#ifndef LA_STORE_SESSION_CACHE_H
#define LA_STORE_SESSION_CACHE_H
#include <stdbool.h>
#include <stdint.h>

#include "domain/principal.h"

/* At most this long without a look-up in PostgreSQL: the look-up also refreshes the session's
 * last_seen_at (once a minute), so the idle limit counts a cached session's requests too. */
#define SESSION_CACHE_TTL_S 30

/* A cached session: its principal (copied into out), or false. */
bool session_cache_get(const unsigned char token_hash[32], principal *out);
/* The generation before a look-up: session_cache_put keeps the answer only when nothing was
 * forgotten since (a change may have committed between the look-up and the put). */
uint64_t session_cache_generation(void);
void session_cache_put(const unsigned char token_hash[32], const principal *p, double lifetime_s,
                       uint64_t generation);
/* Forgets one session, or every session of a user, at once in this daemon (after its own
 * commit; the other daemons hear it from the trigger's notification). */
void session_cache_forget_token(const unsigned char token_hash[32]);
void session_cache_forget_user(int64_t user_id);

#endif
