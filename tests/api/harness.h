/* API test harness: a fresh database on the test run's PostgreSQL cluster, the real
 * legalaidd started on it, and real HTTP (libcurl) to it.
 *
 * Environment (set by deploy/test.sh, or by hand):
 *   LEGALAID_TEST_PG   conninfo of the cluster's maintenance database (required: a suite
 *                      that cannot reach its database fails, it never skips)
 *   LEGALAID_BIN       the legalaidd to start (meson sets it)
 */
#ifndef LA_TESTS_HARNESS_H
#define LA_TESTS_HARNESS_H
#include <check.h>
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define ADMIN_USER "admin"
#define ADMIN_PASS "admin-pass-2024"
/* The password of the users create_user and user_token make. */
#define USER_PASS "kite-ledger-5931"

typedef struct {
  long status;
  char *body;
  size_t len;
  json_t *json; /* parsed body, NULL when not JSON */
  char headers[4096];
} resp;

/* Creates the database, starts the daemon, waits for /health. Aborts the process on failure. */
void harness_start(const char *suite);
/* Sends SIGTERM, checks the daemon exits 0, drops the database. Returns the exit status. */
int harness_stop(void);
/* Starts the daemon again on the same database (after a stop or a kill). */
void harness_restart_daemon(void);
/* kill -9 the daemon (fault tests). */
void harness_kill_daemon(void);
/* Sends a signal to the daemon; harness_wait_exit waits up to timeout_s for it to exit and
 * returns its exit code (-1 on timeout). */
void harness_signal(int sig);
int harness_wait_exit(int timeout_s);
/* Starts another legalaidd on the suite's database and `port` and waits up to timeout_s for it
 * to exit: its exit status, or -1 when it was still running (it is then killed). */
int harness_second_daemon(int port, int timeout_s);
/* Runs legalaidd --migrate-only on the suite's database, as a second daemon starting (a new
 * version deployed beside a running one) would: the api's views are dropped and created again
 * while the suite's daemon keeps running. Its exit status (-1: killed after timeout_s). */
int harness_migrate_again(int timeout_s);
/* Another legalaidd serving the suite's database beside the first (--no-migrate, a port of its
 * own): returns its port once it answers /health. harness_peer_stop stops it (SIGTERM, exit 0
 * checked) and answers its exit status. */
int harness_peer_start(void);
int harness_peer_stop(void);
/* This thread's requests go to `port` from now on (0: the suite's daemon again). */
void harness_target_port(int port);
/* Stops PostgreSQL as a crash would (pg_ctl -m immediate: no checkpoint, what is only in its
 * shared memory lost); harness_pg_start brings it back through recovery. */
void harness_pg_crash(void);
/* Starts another legalaidd (no migrations) on the suite's database, on a port of its own,
 * and waits until it answers /health: returns that port, its pid in *pid. harness_extra_stop
 * sends it SIGTERM and returns its exit status (-1: it had to be killed). */
int harness_extra_daemon(int *pid);
int harness_extra_stop(int pid);
/* Before harness_start: this suite gets a PostgreSQL cluster of its own (initdb and start in
 * a new directory under LEGALAID_TEST_TMPDIR, stopped and removed at exit), so that stopping
 * or crashing it (below) touches no other suite and the suite can run beside the others. */
void harness_own_cluster(void);
/* Stops and starts the test cluster's PostgreSQL (pg_ctl as postgres; only the suites with a
 * cluster of their own use these). */
void harness_pg_stop(void);
void harness_pg_start(void);
int harness_port(void);
/* The suite's daemon's process id (0 when it is not running). */
int harness_daemon_pid(void);
/* The serving role's conninfo (the daemon's LEGALAID_DB) and the schema owner's. */
const char *harness_db_conninfo(void);
const char *harness_owner_conninfo(void);
const char *harness_log_path(void);

/* One request. body may be NULL; extra_headers a NULL-terminated list of "Name: value". */
resp *http(const char *method, const char *path, const char *token, const char *body,
           const char *const *extra_headers);
/* The same with a body of len bytes (a file), to the suite's daemon or to another port. */
resp *http_bytes(const char *method, const char *path, const char *token, const void *body,
                 size_t len, const char *const *extra_headers);
resp *http_bytes_at(int port, const char *method, const char *path, const char *token,
                    const void *body, size_t len, const char *const *extra_headers);
/* The source address of this thread's requests from now on ("127.0.0.2"; NULL: the default). */
void harness_source_ip(const char *ip);
/* Shorthands with a printf-formatted JSON body. */
resp *http_get(const char *path, const char *token);
resp *http_postf(const char *path, const char *token, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
resp *http_putf(const char *path, const char *token, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* POST /api/v1/cases/{id}/{what} with a printf-formatted body: a step of a case. */
resp *case_act(const char *token, long id, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void resp_free(resp *r);

/* A value inside a JSON document by a dotted path ("applicant.groups"); NULL when absent. */
json_t *jget(json_t *o, const char *path);
long jint(json_t *o, const char *path);
const char *jstr(json_t *o, const char *path);
/* A response header's value (copied into a static buffer per call) or NULL. */
const char *resp_header(const resp *r, const char *name);

/* The error code of an error response ("validation_failed"), or "". */
const char *err_code(const resp *r);
/* Whether the error names this field. */
bool err_has_field(const resp *r, const char *field);

/* Signs in; returns a malloc'd token (aborts on failure). */
char *login(const char *username, const char *password);
/* Creates a user with the admin token; returns its id. lawyer_json may be NULL. */
long create_user(const char *admin_token, const char *username, const char *role, long center_id,
                 const char *lawyer_json);
/* Creates a user and signs it in; returns its token (password USER_PASS). */
char *user_token(const char *admin_token, const char *username, const char *role, long center_id);

/* A valid resident ID for a region and birth date ("19900101"), sex 'M' or 'F', with the
 * given 3-digit sequence, check character computed. out holds 19 bytes. */
void make_id(char out[19], const char *region, const char *birth, char sex, int seq);

/* Runs SQL on the suite's database as the schema's owner (fixtures, checks); returns the first value of the first
 * row as a malloc'd string ("" for none). Aborts on error. */
char *sql_value(const char *sql);
/* sql_value repeated every 20 ms until it answers `want` or timeout_ms passed: the last answer.
 * For what the daemon writes apart from its answer (the pii_reads of a case read). */
char *sql_value_eventually(const char *sql, const char *want, int timeout_ms);

/* Runs a suite (CK_NORMAL output, which prints Check's summary line). */
int run_suite(Suite *s);

#define ck_status(r, want)                                                             \
  ck_assert_msg((r)->status == (want), "%s:%d: status %ld, want %d: %.500s", __FILE__, \
                __LINE__, (r)->status, (want), (r)->body ? (r)->body : "")

#endif
