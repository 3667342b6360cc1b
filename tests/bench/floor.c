/* The floor of a read over HTTP (issue 15, tests/bench/run.sh): the least a C service can do to
 * answer GET /api/v1/cases/<id> with one statement of PostgreSQL, to set beside legalaidd's read.
 *
 *   legalaid-http-floor PORT THREADS CONNINFO SQL [PARAM2 ...]
 *
 * libmicrohttpd with legalaidd's flags (internal polling threads, epoll), THREADS of them, each
 * with its own PostgreSQL connection; the statement SQL is prepared once per connection and run
 * inline in the polling thread (no hand-off to a worker, no session, no access log, no audit
 * row), $1 the path's id as text and $2... the PARAMs given; its first column of the first row
 * is the answer (200), no row is 404. Not part of the service: a measuring stick only.
 * With pgbench's own primary-key read (SELECT abalance FROM pgbench_accounts WHERE aid = $1)
 * it measures the HTTP exchange around the cheapest read there is; with legalaidd's case
 * statement it measures that statement with the least HTTP around it. */
#include <libpq-fe.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARAMS 8

static const char *g_conninfo, *g_sql;
static const char *g_params[MAX_PARAMS];
static int g_nparams;
static _Thread_local PGconn *tl_pg;

static PGconn *conn(void) {
  if (tl_pg && PQstatus(tl_pg) == CONNECTION_OK) return tl_pg;
  if (tl_pg) PQfinish(tl_pg);
  tl_pg = PQconnectdb(g_conninfo);
  if (PQstatus(tl_pg) != CONNECTION_OK) {
    fprintf(stderr, "floor: %s", PQerrorMessage(tl_pg));
    return NULL;
  }
  PGresult *r = PQprepare(tl_pg, "read", g_sql, 0, NULL);
  if (PQresultStatus(r) != PGRES_COMMAND_OK) fprintf(stderr, "floor: %s", PQerrorMessage(tl_pg));
  PQclear(r);
  return tl_pg;
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, const char *body,
                             size_t len) {
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
  if (!resp) return MHD_NO;
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
  enum MHD_Result ret = MHD_queue_response(c, status, resp);
  MHD_destroy_response(resp);
  return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **req_cls) {
  (void)cls, (void)method, (void)version, (void)upload_data, (void)upload_data_size;
  if (!*req_cls) { /* the header: wait for the (empty) body */
    *req_cls = c;
    return MHD_YES;
  }
  const char *id = strrchr(url, '/');
  id = id ? id + 1 : url;
  PGconn *pg = conn();
  if (!pg) return reply(c, 503, "{}", 2);
  const char *values[MAX_PARAMS + 1] = {id};
  for (int i = 0; i < g_nparams; i++) values[i + 1] = g_params[i];
  PGresult *r = PQexecPrepared(pg, "read", g_nparams + 1, values, NULL, NULL, 0);
  enum MHD_Result ret;
  if (PQresultStatus(r) != PGRES_TUPLES_OK)
    ret = reply(c, 500, "{}", 2);
  else if (PQntuples(r) == 0)
    ret = reply(c, 404, "{}", 2);
  else
    ret = reply(c, 200, PQgetvalue(r, 0, 0), (size_t)PQgetlength(r, 0, 0));
  PQclear(r);
  return ret;
}

int main(int argc, char **argv) {
  if (argc < 5 || argc - 5 > MAX_PARAMS) {
    fprintf(stderr, "usage: legalaid-http-floor PORT THREADS CONNINFO SQL [PARAM2 ...]\n");
    return 2;
  }
  unsigned port = (unsigned)strtoul(argv[1], NULL, 10), nthreads = (unsigned)strtoul(argv[2], NULL, 10);
  g_conninfo = argv[3];
  g_sql = argv[4];
  for (int i = 5; i < argc; i++) g_params[g_nparams++] = argv[i];
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGTERM);
  sigaddset(&sigs, SIGINT);
  pthread_sigmask(SIG_BLOCK, &sigs, NULL); /* the polling threads inherit it */
  struct MHD_Daemon *d = MHD_start_daemon(
      MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC | MHD_USE_ERROR_LOG,
      (uint16_t)port, NULL, NULL, on_request, NULL, MHD_OPTION_THREAD_POOL_SIZE,
      nthreads ? nthreads : 1u, MHD_OPTION_CONNECTION_LIMIT, 4096u, MHD_OPTION_LISTEN_BACKLOG_SIZE,
      1024u, MHD_OPTION_END);
  if (!d) {
    fprintf(stderr, "floor: cannot listen on port %u\n", port);
    return 1;
  }
  int sig;
  sigwait(&sigs, &sig);
  MHD_stop_daemon(d);
  return 0;
}
