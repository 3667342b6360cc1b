/* libpq inside the store: connections, prepared statements, parameters, transactions, rows
 * read by name. Included by the store's own .c files only; nothing outside the store sees libpq.
 * Also the functions the store's modules share inside a transaction. */
#ifndef LA_STORE_PG_H
#define LA_STORE_PG_H
#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cases.h"
#include "db.h"
#include "idem.h"
#include "money.h"
#include "domain/date.h"
#include "domain/enums.h"
#include "domain/principal.h"

#define DB_MAX_PARAMS 64

/* A statement prepared once per connection, on first use. Declare them static in the
 * store module that owns the query: static db_stmt q = {"case_get", "SELECT ..."}; */
typedef struct {
  const char *name;
  const char *sql;
  _Atomic int id; /* assigned on first use; 0 = not yet */
} db_stmt;

/* This thread's connection, opened if needed; NULL when PostgreSQL cannot be reached. */
PGconn *db_conn(void);
/* The connection for heavy reads (statistics): the replica when configured, else db_conn(). */
PGconn *db_read_conn(void);
/* A new connection of its own (migrations, scripts); the caller PQfinish()es it. NULL on failure. */
PGconn *db_connect_new(void);
/* A new connection as the schema owner (db_configure_owner; else as db_connect_new). */
PGconn *db_connect_owner(void);
/* Whether the schema owner is configured apart from the serving role. */
bool db_has_owner(void);

/* Parameters in text format. Values are copied into the struct's buffers for numbers, dates
 * and sets; strings are borrowed and must outlive the call. A parameter that does not fit
 * marks the list failed: running it then fails (DB_ERROR, logged), it never loses a value. */
typedef struct {
  const char *v[DB_MAX_PARAMS];
  char num[DB_MAX_PARAMS][24];
  char scope[PRINCIPAL_MAX_CENTERS * 21 + 3]; /* the centres literal of dbp_scope/dbp_centers */
  char sets[1024];                            /* the literals of dbp_set */
  size_t sets_used;
  int n;
  bool failed;
} db_params;

void dbp_str(db_params *p, const char *s); /* NULL -> SQL NULL */
void dbp_int(db_params *p, int64_t v);
void dbp_int_or_null(db_params *p, int64_t v, bool set);
void dbp_bool(db_params *p, bool v);
void dbp_date(db_params *p, day_t d); /* 'YYYY-MM-DD' */
/* An enumeration's value by name: a value out of range fails the list. */
void dbp_enum(db_params *p, const la_enum *e, int v);
/* A set of an enumeration's values (bits) as a text[] literal: "{minor,woman}". */
void dbp_set(db_params *p, const la_enum *e, unsigned bits);
/* A principal's scope as two parameters: whether it sees every centre, then its centres as a
 * bigint[] literal; for `($n::boolean OR center_id = ANY($n+1::bigint[]))`. False if the literal
 * cannot be built (then nothing is appended). dbp_centers appends the literal alone. */
bool dbp_scope(db_params *p, const principal *pr);
/* ids as a bigint[] literal "{1,2,3}" into out (len bytes); false when it does not fit. */
bool db_bigint_array(char *out, size_t len, const int64_t *ids, size_t n);
bool dbp_centers(db_params *p, const principal *pr);
/* dbp_scope, then the principal's own id when a lawyer (else 0): the three arguments of the
 * api's views that show only what the caller may read (api_case's duplicates). */
bool dbp_viewer(db_params *p, const principal *pr);
/* A set of centres as one bigint[] parameter, NULL for every centre. */
void dbp_center_set(db_params *p, const center_set *set);

/* Runs a prepared statement. On DB_OK, *res (if res) holds a PGRES_TUPLES_OK or
 * PGRES_COMMAND_OK result the caller PQclear()s; on any other status *res is NULL. */
db_status db_exec(PGconn *c, db_stmt *st, const db_params *p, PGresult **res);
/* db_exec with parameter number `bin` (0-based; -1: none) sent as `len` raw bytes (a bytea)
 * and the others as text; result_binary asks for every result column in binary (a bytea as its
 * bytes; text and json as their text, NUL-terminated by libpq). Files of the case file go so,
 * never as escaped text. */
db_status db_exec_bytes(PGconn *c, db_stmt *st, const db_params *p, int bin, const void *bytes,
                        size_t len, bool result_binary, PGresult **res);
/* Runs n prepared statements in one round trip (libpq's pipeline mode), which the server runs
 * as one transaction (outside a transaction of the caller's): a write and the read of what
 * it wrote, at the cost of one statement. On DB_OK results[i] holds each result (the caller
 * PQclear()s them); otherwise none, and nothing of them happened. */
db_status db_pipeline(PGconn *c, int n, db_stmt *const stmts[], const db_params *const params[],
                      PGresult *results[]);
/* db_pipeline, with a Sync also after each statement i whose sync_after[i] is true: the
 * statements up to each Sync are one transaction, committed before the next one begins (all
 * still in one round trip). DB_OK only when every statement succeeded; otherwise the first
 * failure, and no results (the transactions before the failing one did commit). */
db_status db_pipeline_steps(PGconn *c, int n, db_stmt *const stmts[],
                            const db_params *const params[], const bool sync_after[],
                            PGresult *results[]);
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
/* A statement whose text is built at run time (fixed fragments, values as parameters), on c
 * (inside a transaction): not prepared. Results as db_exec. */
db_status db_exec_dynamic(PGconn *c, const char *sql, const db_params *p, PGresult **res);
/* A read-only query whose text is built at run time from fixed fragments (values only as
 * parameters): not prepared; retried once on a broken connection like db_query. */
db_status db_query_dynamic(const char *sql, const db_params *p, PGresult **res);
/* db_query_dynamic for a text that recurs (a list's filters make a few shapes, the values
 * travel as parameters): each distinct text is prepared once per connection and run as
 * db_query runs a db_stmt, so PostgreSQL parses it once and may keep its plan. Not for a text
 * whose best plan depends on a value (a substring search): a kept plan would serve every value. */
db_status db_query_shaped(const char *sql, const db_params *p, PGresult **res);
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
/* db_tx for reads that must agree: a read-only transaction whose statements all see one
 * snapshot (REPEATABLE READ), e.g. a page's ids found by one statement and their JSON built by
 * another. Without parallel workers: such reads are a page's, and starting workers took 50 ms
 * where the whole read takes 5 (a search's walk of the newest cases at 2 M cases). */
db_status db_tx_snapshot(db_tx_fn fn, void *arg);


/* SQL text built at run time from fixed fragments, values only as parameters. It grows as
 * needed; a failed allocation marks it failed, and a failed text is never run (DB_ERROR). */
typedef struct {
  char *s;
  size_t len, cap;
  bool failed;
} sql_text;
void sql_add(sql_text *t, const char *fragment);
void sql_addf(sql_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sql_addn(sql_text *t, const char *s, size_t n); /* n bytes of s */
void sql_free(sql_text *t);

/* A row as a JSON object written by the daemon from its columns (rowjson.c), for a reply whose
 * shape is a view's columns (api/views.c: api_case). A column named "j:<key>" is a key of the
 * object, "j:<object>.<key>" a key of a nested object, and "j:<object>{", a boolean, opens that
 * object (true) or writes null for it. Each value as json_build_object writes it, by the
 * column's type: boolean, integer, text, date, timestamptz (DateStyle ISO, which the store's
 * connections set), json or jsonb; another type fails (logged). Other columns are left out.
 * Appends to out; false on failure. */
bool db_row_json(const PGresult *r, int row, sql_text *out);
/* The same, malloc'd; NULL on failure. */
char *db_row_json_dup(const PGresult *r, int row);
/* s (n bytes) as a JSON string, escaped as PostgreSQL escapes it. */
void db_json_string(sql_text *out, const char *s, size_t n);
/* db_exec_text and db_query_text for a statement whose first row is a JSON object written from
 * its columns (db_row_json). */
db_status db_exec_json(PGconn *c, db_stmt *st, const db_params *p, char **out);
db_status db_query_json(db_stmt *st, const db_params *p, char **out);

/* A page of a list, as the API answers it (API.md): {"items": [...], "next_cursor"} with the
 * items newest first by id and the cursor the page's last id when the page is full. page selects
 * id and json (and whatever `more` sums) with its values in p; $limit is the page's size; more:
 * further keys of the object, ending with a comma ("'total_fen', COALESCE(sum(v.total_fen), 0),"),
 * or "". shaped: prepared once per text (db_query_shaped), else planned each time. *json is
 * malloc'd. A failed text is DB_ERROR. */
db_status db_list_page(const sql_text *page, const db_params *p, int limit, const char *more,
                       bool shaped, char **json);
/* The same page when its items are written from their columns (db_row_json): page selects id
 * first, then the item's columns, newest first (ORDER BY id DESC); limit is the page's size
 * itself (not a parameter's number); on c when it is not NULL. */
db_status db_list_page_rows(PGconn *c, const sql_text *page, const db_params *p, int limit,
                            bool shaped, char **json);

/* Helpers over a result row. */
int64_t db_int(const PGresult *r, int row, int col);
bool db_bool(const PGresult *r, int row, int col);
const char *db_text(const PGresult *r, int row, int col); /* NULL for SQL NULL */

/* A row read by column names. A column the result lacks, a value too long for its buffer or
 * a name no enumeration knows (a newer schema than this build) marks the reader failed and
 * is logged: the caller then answers DB_ERROR instead of acting on a guess. */
typedef struct {
  const PGresult *r;
  int row;
  const char *what; /* the query, for the log */
  bool failed;
} db_row;
bool row_null(db_row *w, const char *col);
int64_t row_int(db_row *w, const char *col);    /* 0 for NULL */
bool row_bool(db_row *w, const char *col);      /* false for NULL */
const char *row_text(db_row *w, const char *col); /* NULL for NULL */
bool row_date(db_row *w, const char *col, day_t *out); /* false for NULL */
/* The value's index in e; -1 for NULL. */
int row_enum(db_row *w, const char *col, const la_enum *e);
/* A text[] of e's names as a set. */
unsigned row_set(db_row *w, const char *col, const la_enum *e);
/* Copies the text ("" for NULL) into dst of n bytes. */
void row_copy(db_row *w, const char *col, char *dst, size_t n);


/* ---- shared by the store's modules, inside a transaction ---- */

/* Idempotency-Key (idem.c). Claims the key for this request: IDEM_REPLAY with *status and
 * *body (malloc'd, caller frees) the first answer, and the caller COMMITS: the key's row is
 * rewritten, so that the commit waits for the synchronous standby and the answer is replayed
 * only once what it answers for is on the standby. (A primary that crashed while a commit
 * waited for the standby has that transaction committed when it comes back, on its own;
 * replaying its answer at once answered 201 for a case a failover then lost:
 * tests/ha/replay.sh.) IDEM_MISMATCH: the key was used with another body; the caller rolls
 * back. A concurrent request with the same key waits here until the first commits. */
db_status idem_begin(PGconn *c, int64_t user_id, const idem_req *k, idem_outcome *out,
                     int *status, char **body);
/* Records the answer (with k->status) after the work succeeded, in the same transaction. */
db_status idem_finish(PGconn *c, int64_t user_id, const idem_req *k, const char *body);

/* The insertion of store_case_create (cases.c): number, case, intake event; *id and *json
 * the new case as the actor sees it. DB_NOT_FOUND: no such centre. */
db_status store_case_insert_tx(PGconn *c, const intake *in, const char *elig,
                               const principal *actor, int64_t *id, char **json);

/* Writes a claim with its breakdown (money.c). */
db_status store_claim_insert(PGconn *c, const claim_new *k);

#endif
