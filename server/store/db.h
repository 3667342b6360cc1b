/* The store's public face: its status codes and the connection life cycle. Every store
 * function answers a db_status; libpq itself stays inside server/store (pg.h).
 *
 * Each thread that uses the store owns one PostgreSQL connection (thread-local) for its whole
 * life: the request workers each hold one for the length of every request they serve. A
 * broken connection is dropped and reopened on the next call (at most every DB_RETRY_MS), so
 * the service recovers by itself when PostgreSQL comes back. */
#ifndef LA_STORE_DB_H
#define LA_STORE_DB_H
#include <stdbool.h>

#define DB_RETRY_MS 200

typedef enum {
  DB_OK = 0,
  DB_NOT_FOUND,   /* the query found nothing */
  DB_CONFLICT,    /* a unique or exclusion constraint refused the row (23505, 23P01) */
  DB_REFUSED,     /* a CHECK or foreign key refused the row (23514, 23503) */
  DB_STALE,       /* the row changed since it was read (another version): nothing written */
  DB_ABORT,       /* a transaction body decided to roll back (its reason is in its arg) */
  DB_RETRY,       /* serialization failure or deadlock (40001, 40P01) */
  DB_UNAVAILABLE, /* no connection to PostgreSQL */
  DB_ERROR,       /* anything else: a bug, logged */
} db_status;

/* Sets the connection strings (copied); read may be NULL (then reads use the primary). */
void db_configure(const char *conninfo, const char *read_conninfo);
/* The schema owner's connection string (migrations), when the daemon serves as another role
 * (LEGALAID_DB_OWNER); NULL or "" means the serving role migrates too. Copied. */
void db_configure_owner(const char *conninfo);
/* Closes this thread's connections (thread exit, shutdown). */
void db_thread_close(void);
/* Closes every thread's connections; call once all threads that used the database stopped. */
void db_close_all(void);
/* After each request: rolls back anything a handler left open. */
void db_request_done(void);
/* Whether PostgreSQL answers now (SELECT 1 on this thread's connection). */
bool db_ping(void);

#endif
