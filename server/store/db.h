/* libpq: one connection per thread, prepared statements, transactions. No HTTP here.
 *
 * Each thread that calls db_conn() owns one PGconn (thread-local) for its whole life: the
 * HTTP worker threads each hold one for the length of every request they serve. A broken
 * connection is dropped and reopened on the next call (at most every DB_RETRY_MS), so the
 * service recovers by itself when PostgreSQL comes back. */
#ifndef LA_STORE_DB_H
#define LA_STORE_DB_H
#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/principal.h"

#define DB_RETRY_MS 200
#define DB_MAX_PARAMS 40

typedef enum {
  DB_OK = 0,
  DB_NOT_FOUND,   /* the query found nothing */
  DB_CONFLICT,    /* a unique or exclusion constraint refused the row (23505, 23P01) */
  DB_REFUSED,     /* a CHECK or foreign key refused the row (23514, 23503) */
  DB_ABORT,       /* a transaction body decided to roll back (its reason is in its arg) */
  DB_RETRY,       /* serialization failure or deadlock (40001, 40P01) */
  DB_UNAVAILABLE, /* no connection to PostgreSQL */
  DB_ERROR,       /* anything else: a bug, logged */
} db_status;

/* A statement prepared once per connection, on first use. Declare them static in the
 * store module that owns the query: static db_stmt q = {"case_get", "SELECT ..."}; */
typedef struct {
  const char *name;
  const char *sql;
  _Atomic int id; /* assigned on first use; 0 = not yet */
} db_stmt;

/* Sets the connection strings (copied); read may be NULL (then reads use the primary). */
void db_configure(const char *conninfo, const char *read_conninfo);
/* The schema owner's connection string (migrations), when the daemon serves as another role
 * (LEGALAID_DB_OWNER); NULL or "" means the serving role migrates too. Copied. */
void db_configure_owner(const char *conninfo);
bool db_has_owner(void);
/* This thread's connection, opened if needed; NULL when PostgreSQL cannot be reached. */
PGconn *db_conn(void);
/* The connection for heavy reads (statistics): the replica when configured, else db_conn(). */
PGconn *db_read_conn(void);
/* A new connection of its own (scripts); the caller PQfinish()es it. NULL on failure. */
PGconn *db_connect_new(void);
/* A new connection as the schema owner (db_configure_owner; else as db_connect_new). */
PGconn *db_connect_owner(void);
/* Closes this thread's connections (thread exit, shutdown). */
void db_thread_close(void);
/* Closes every thread's connections; call once all threads that used the database stopped. */
void db_close_all(void);
/* After each request: rolls back anything a handler left open. */
void db_request_done(void);

/* Parameters in text format. Values are copied into the struct's buffers for numbers;
 * strings are borrowed and must outlive the call. */
typedef struct {
  const char *v[DB_MAX_PARAMS];
  char num[DB_MAX_PARAMS][24];
  char scope[PRINCIPAL_MAX_CENTERS * 21 + 3]; /* the centres literal of dbp_scope/dbp_centers */
  int n;
} db_params;

void dbp_str(db_params *p, const char *s); /* NULL -> SQL NULL */
void dbp_strn(db_params *p, const char *s, size_t len); /* s must be NUL-terminated at len */
void dbp_int(db_params *p, int64_t v);
void dbp_int_or_null(db_params *p, int64_t v, bool set);
void dbp_bool(db_params *p, bool v);
/* A principal's scope as two parameters: whether it sees every centre, then its centres as a
 * bigint[] literal; for `($n::boolean OR center_id = ANY($n+1::bigint[]))`. False if the literal
 * cannot be built (then nothing is appended). dbp_centers appends the literal alone. */
bool dbp_scope(db_params *p, const principal *pr);
bool dbp_centers(db_params *p, const principal *pr);

/* Runs a prepared statement. On DB_OK, *res (if res) holds a PGRES_TUPLES_OK or
 * PGRES_COMMAND_OK result the caller PQclear()s; on any other status *res is NULL. */
db_status db_exec(PGconn *c, db_stmt *st, const db_params *p, PGresult **res);
/* Runs a statement returning at most one row of one text column (JSON built by PostgreSQL);
 * on DB_OK *out is malloc'd (caller frees) and *len its length; DB_NOT_FOUND for no row or
 * a NULL value. */
db_status db_exec_text(PGconn *c, db_stmt *st, const db_params *p, char **out, size_t *len);
/* A read-only statement on this thread's connection, outside any transaction. When the
 * connection turns out to be broken (PostgreSQL restarted since it was last used), it is
 * reopened and the statement tried once more: safe because the statement changes nothing.
 * Results as db_exec. */
db_status db_query(db_stmt *st, const db_params *p, PGresult **res);
db_status db_query_text(db_stmt *st, const db_params *p, char **out, size_t *len);
/* db_exec and db_query for a statement that must find exactly one row: DB_NOT_FOUND (and
 * nothing to clear) when it finds none or several. */
db_status db_exec_row(PGconn *c, db_stmt *st, const db_params *p, PGresult **res);
db_status db_query_row(db_stmt *st, const db_params *p, PGresult **res);
/* A read-only query whose text is built at run time from fixed fragments (values only as
 * parameters): not prepared; retried once on a broken connection like db_query. */
db_status db_query_dynamic(const char *sql, const db_params *p, PGresult **res);
/* The same on the read connection (the replica of LEGALAID_DB_READ when configured): for
 * statistics, which may lag the primary by a moment. */
db_status db_query_dynamic_read(const char *sql, const db_params *p, PGresult **res);
/* Runs plain SQL text without parameters (transaction control, scripts). */
db_status db_exec_sql(PGconn *c, const char *sql);

/* Runs fn inside BEGIN ... COMMIT on this thread's connection, retrying serialization
 * failures and deadlocks up to 5 times. fn returns DB_OK to commit; anything else rolls
 * back and is returned. DB_UNAVAILABLE when there is no connection. */
typedef db_status (*db_tx_fn)(PGconn *c, void *arg);
db_status db_tx(db_tx_fn fn, void *arg);

/* Whether PostgreSQL answers now (SELECT 1 on this thread's connection). */
bool db_ping(void);

/* Helpers over a result row. */
int64_t db_int(const PGresult *r, int row, int col);
bool db_bool(const PGresult *r, int row, int col);
const char *db_text(const PGresult *r, int row, int col); /* NULL for SQL NULL */

#endif
