/* legalaidd: configuration (flags, then LEGALAID_* environment), start, graceful stop. */
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <sys/resource.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api/auth.h"
#include "api/common.h"
#include "api/eligibility.h"
#include "api/views.h"
#include "api/words.h"
#include "domain/attachment.h"
#include "domain/password.h"
#include "http/http.h"
#include "http/static.h"
#include "store/db.h"
#include "store/migrate.h"
#include "store/pii_log.h"
#include "store/users.h"

#ifndef LEGALAID_SQL_DIR
#define LEGALAID_SQL_DIR "db"
#endif
#ifndef LEGALAID_STATIC_DIR
#define LEGALAID_STATIC_DIR "static"
#endif

typedef struct {
  const char *db, *db_read, *db_owner, *bind, *sql_dir, *static_dir, *bootstrap_admin;
  long port, threads, workers, slow_workers, auth_workers, read_workers, max_conn, per_ip, timeout_s;
  long header_timeout_s, body_timeout_s;
  long pii_queue;
  int access_log, migrate_only, no_migrate, cookie_secure, trust_proxy, session_cache;
} config;

static const char *env_or(const char *name, const char *dflt) {
  const char *v = getenv(name);
  return v && *v ? v : dflt;
}

/* A whole number, all of s (decimal); false for anything else. */
static bool parse_long(const char *s, long *out) {
  if (!s || !*s) return false;
  char *end;
  errno = 0;
  long x = strtol(s, &end, 10);
  if (errno || *end || end == s) return false;
  *out = x;
  return true;
}

static bool g_bad_setting; /* a setting that is not a number: refused, never defaulted */

static long env_long(const char *name, long dflt) {
  const char *v = getenv(name);
  if (!v || !*v) return dflt;
  long x;
  if (parse_long(v, &x)) return x;
  fprintf(stderr, "legalaidd: %s=%s is not a whole number\n", name, v);
  g_bad_setting = true;
  return dflt;
}

static long opt_long(const char *flag, const char *v) {
  long x;
  if (parse_long(v, &x)) return x;
  fprintf(stderr, "legalaidd: --%s %s is not a whole number\n", flag, v);
  g_bad_setting = true;
  return 0;
}

static void usage(FILE *out) {
  fputs("usage: legalaidd [options]\n"
        "  --port N            listen port (LEGALAID_PORT, 8080); 0 takes a free one\n"
        "  --bind ADDR         IPv4 address to bind (LEGALAID_BIND, all)\n"
        "  --db CONNINFO       PostgreSQL connection (LEGALAID_DB)\n"
        "  --db-read CONNINFO  replica for statistics (LEGALAID_DB_READ)\n"
        "  --db-owner CONNINFO the schema owner's connection, for migrations; the daemon then\n"
        "                      serves as LEGALAID_DB's role with insert-only audit tables\n"
        "                      (LEGALAID_DB_OWNER)\n"
        "  --threads N         request workers, one PostgreSQL connection each (LEGALAID_THREADS,\n"
        "                      2 per core)\n"
        "  --stats-threads N   workers for statistics, apart (LEGALAID_STATS_THREADS, 4)\n"
        "  --auth-threads N    workers for sign-in and password hashing, apart (LEGALAID_AUTH_THREADS, 2)\n"
        "  --read-threads N    workers for case reads, apart (LEGALAID_READ_THREADS, 1 per core;\n"
        "                      0: the workers above)\n"
        "  --poll-threads N    libmicrohttpd polling threads (LEGALAID_POLL_THREADS, 2)\n"
        "  --max-connections N (LEGALAID_MAX_CONNECTIONS, 4096)\n"
        "  --per-ip-limit N    connections per client address (LEGALAID_PER_IP_LIMIT, 256)\n"
        "  --timeout N         idle connection timeout, seconds (LEGALAID_TIMEOUT, 30)\n"
        "  --header-timeout N  a request's header must arrive within N s (LEGALAID_HEADER_TIMEOUT, 10)\n"
        "  --body-timeout N    and its body within N s more (LEGALAID_BODY_TIMEOUT, 30)\n"
        "  --sql-dir DIR       migrations and reference data (LEGALAID_SQL_DIR)\n"
        "  --static-dir DIR    the pages (LEGALAID_STATIC_DIR)\n"
        "  --no-access-log     (LEGALAID_ACCESS_LOG=0)\n"
        "  --migrate-only      apply migrations and reference data, then exit\n"
        "  --no-migrate        start without applying migrations\n"
        "LEGALAID_PORT_FILE=PATH writes the port listened on there once serving.\n"
        "LEGALAID_BOOTSTRAP_ADMIN=name:password creates that admin when no user exists.\n"
        "LEGALAID_COOKIE_SECURE=1 marks the session cookie Secure (behind TLS).\n"
        "LEGALAID_SESSION_CACHE=0 looks every request's session up in PostgreSQL (no cache).\n"
        "LEGALAID_TRUST_PROXY=1 takes the client address from X-Real-IP of a local proxy.\n"
        "LEGALAID_PII_QUEUE=N  staff reads of personal data queued for pii_reads before reads are\n"
        "                      refused, while PostgreSQL cannot take them (65536).\n",
        out);
}

/* Request workers by default: two per core (at most 64), each with its PostgreSQL connection,
 * as PostgreSQL's own advice sizes a pool (cores x 2, plus a disk): the database's work is
 * CPU and the workers beyond that only take turns on the cores. On 2 cores, 16 workers read
 * cases at 3,900-5,000/s with a p99 of 56-138 ms, 4 at 5,800-7,200/s with 10-11 ms
 * (tests/bench/RESULTS.md, "Workers"):
 * a worker that finds the queue non-empty takes the next request without sleeping, and every
 * sleep and wake-up is a system call and a switch of thread. */
static long cores(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n;
}

static long default_workers(void) {
  long n = cores();
  return n > 32 ? 64 : 2 * n;
}

/* Case-read workers by default: one per core (at most 32). Reads are CPU on both sides, the
 * daemon's and PostgreSQL's, and answered together when they wait together (http_route.batch):
 * on 2 cores, 2 threads read 13,500-16,300 cases a second with a p99 of 5.7-7.2 ms, 4 threads
 * 10,200-11,300 with 7.0-16.3 ms (tests/bench/RESULTS.md, "The read's tail and the number of
 * workers"). */
static long default_read_workers(void) {
  long n = cores();
  return n > 32 ? 32 : n;
}

static int parse_config(int argc, char **argv, config *c) {
  c->db = env_or("LEGALAID_DB", "dbname=legalaid");
  c->db_read = env_or("LEGALAID_DB_READ", NULL);
  c->db_owner = env_or("LEGALAID_DB_OWNER", NULL);
  c->bind = env_or("LEGALAID_BIND", NULL);
  c->sql_dir = env_or("LEGALAID_SQL_DIR", LEGALAID_SQL_DIR);
  c->static_dir = env_or("LEGALAID_STATIC_DIR", LEGALAID_STATIC_DIR);
  c->bootstrap_admin = env_or("LEGALAID_BOOTSTRAP_ADMIN", NULL);
  c->port = env_long("LEGALAID_PORT", 8080);
  c->threads = env_long("LEGALAID_POLL_THREADS", 2);
  c->workers = env_long("LEGALAID_THREADS", default_workers());
  c->slow_workers = env_long("LEGALAID_STATS_THREADS", 4);
  c->auth_workers = env_long("LEGALAID_AUTH_THREADS", 2);
  c->read_workers = env_long("LEGALAID_READ_THREADS", default_read_workers());
  c->max_conn = env_long("LEGALAID_MAX_CONNECTIONS", 4096);
  c->per_ip = env_long("LEGALAID_PER_IP_LIMIT", 256);
  c->timeout_s = env_long("LEGALAID_TIMEOUT", 30);
  c->header_timeout_s = env_long("LEGALAID_HEADER_TIMEOUT", 10);
  c->body_timeout_s = env_long("LEGALAID_BODY_TIMEOUT", 30);
  c->access_log = env_long("LEGALAID_ACCESS_LOG", 1) != 0;
  c->cookie_secure = env_long("LEGALAID_COOKIE_SECURE", 0) != 0;
  c->session_cache = env_long("LEGALAID_SESSION_CACHE", 1) != 0;
  c->trust_proxy = env_long("LEGALAID_TRUST_PROXY", 0) != 0;
  c->pii_queue = env_long("LEGALAID_PII_QUEUE", PII_LOG_DEFAULT_CAPACITY);
  static const struct option opts[] = {
      {"port", required_argument, NULL, 'p'},      {"bind", required_argument, NULL, 'b'},
      {"db", required_argument, NULL, 'd'},        {"db-read", required_argument, NULL, 'r'},
      {"threads", required_argument, NULL, 't'},   {"max-connections", required_argument, NULL, 'm'},
      {"stats-threads", required_argument, NULL, 'W'}, {"poll-threads", required_argument, NULL, 'P'},
      {"auth-threads", required_argument, NULL, 'A'},
      {"read-threads", required_argument, NULL, 'R'}, {"db-owner", required_argument, NULL, 'O'},
      {"header-timeout", required_argument, NULL, 'H'}, {"body-timeout", required_argument, NULL, 'B'},
      {"per-ip-limit", required_argument, NULL, 'i'}, {"timeout", required_argument, NULL, 'T'},
      {"sql-dir", required_argument, NULL, 's'},   {"static-dir", required_argument, NULL, 'S'},
      {"no-access-log", no_argument, NULL, 'L'},   {"migrate-only", no_argument, NULL, 'M'},
      {"no-migrate", no_argument, NULL, 'N'},      {"help", no_argument, NULL, 'h'},
      {NULL, 0, NULL, 0}};
  int o;
  while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
    switch (o) {
      case 'p': c->port = opt_long("port", optarg); break;
      case 'b': c->bind = optarg; break;
      case 'd': c->db = optarg; break;
      case 'r': c->db_read = optarg; break;
      case 't': c->workers = opt_long("threads", optarg); break;
      case 'W': c->slow_workers = opt_long("stats-threads", optarg); break;
      case 'A': c->auth_workers = opt_long("auth-threads", optarg); break;
      case 'R': c->read_workers = opt_long("read-threads", optarg); break;
      case 'O': c->db_owner = optarg; break;
      case 'H': c->header_timeout_s = opt_long("header-timeout", optarg); break;
      case 'B': c->body_timeout_s = opt_long("body-timeout", optarg); break;
      case 'P': c->threads = opt_long("poll-threads", optarg); break;
      case 'm': c->max_conn = opt_long("max-connections", optarg); break;
      case 'i': c->per_ip = opt_long("per-ip-limit", optarg); break;
      case 'T': c->timeout_s = opt_long("timeout", optarg); break;
      case 's': c->sql_dir = optarg; break;
      case 'S': c->static_dir = optarg; break;
      case 'L': c->access_log = 0; break;
      case 'M': c->migrate_only = 1; break;
      case 'N': c->no_migrate = 1; break;
      case 'h': usage(stdout); exit(0);
      default: usage(stderr); return -1;
    }
  }
  if (optind < argc) {
    fprintf(stderr, "legalaidd: unexpected argument %s\n", argv[optind]);
    usage(stderr);
    return -1;
  }
  if (g_bad_setting) return -1;
  if (c->port < 0 || c->port > 65535 || c->threads < 1 || c->threads > 64 || c->workers < 1 ||
      c->workers > 256 || c->slow_workers < 0 || c->slow_workers > 64 || c->auth_workers < 0 ||
      c->auth_workers > 64 || c->read_workers < 0 || c->read_workers > 64 || c->max_conn < 16 ||
      c->max_conn > 65536 || c->per_ip < 1 ||
      c->timeout_s < 1 || c->header_timeout_s < 0 || c->body_timeout_s < 0 || c->pii_queue < 1 ||
      c->pii_queue > 16 * 1024 * 1024) {
    fprintf(stderr, "legalaidd: a numeric setting is out of range\n");
    return -1;
  }
  return 0;
}

/* For whoever started the daemon with port 0 (the tests): the port, written whole or not at all. */
static void write_port_file(const char *path, unsigned port) {
  if (!path || !*path) return;
  char tmp[4096];
  if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) return;
  FILE *f = fopen(tmp, "w");
  if (!f) {
    fprintf(stderr, "legalaidd: cannot write %s: %s\n", tmp, strerror(errno));
    return;
  }
  fprintf(f, "%u\n", port);
  if (fclose(f) != 0 || rename(tmp, path) != 0)
    fprintf(stderr, "legalaidd: cannot write %s: %s\n", path, strerror(errno));
}

/* Enough descriptors for every connection allowed, the workers' PostgreSQL connections and
 * the files served: the soft limit raised towards the hard one (or the connection limit
 * lowered to what there is). */
static void raise_fd_limit(config *c) {
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return;
  rlim_t want = (rlim_t)c->max_conn +
                (rlim_t)(c->workers + c->slow_workers + c->auth_workers + c->read_workers) * 2 + 256;
  if (rl.rlim_cur >= want) return;
  if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want) {
    struct rlimit more = {want, want};
    if (setrlimit(RLIMIT_NOFILE, &more) == 0) return; /* as root */
  }
  rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= want ? want : rl.rlim_max;
  setrlimit(RLIMIT_NOFILE, &rl);
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < want) {
    long fit = (long)rl.rlim_cur - (long)(want - (rlim_t)c->max_conn);
    if (fit < 16) fit = 16;
    fprintf(stderr, "legalaidd: only %lu file descriptors: at most %ld connections\n",
            (unsigned long)rl.rlim_cur, fit);
    c->max_conn = fit;
  }
}

static int bootstrap_admin(const char *spec) {
  const char *colon = strchr(spec, ':');
  if (!colon || colon == spec || !colon[1]) {
    fprintf(stderr, "legalaidd: LEGALAID_BOOTSTRAP_ADMIN must be name:password\n");
    return -1;
  }
  char name[72];
  size_t nl = (size_t)(colon - spec);
  if (nl >= sizeof name) return -1;
  memcpy(name, spec, nl);
  name[nl] = '\0';
  const char *password = colon + 1;
  /* The password rule of every account (API.md 1.1), checked only while there is no user yet
   * (the variable may stay set on a running installation). */
  password_verdict v = password_check(password, name);
  if (v == PW_OK) {
    char forms[PASSWORD_FORMS][PASSWORD_MAX_BYTES + 1];
    const char *ptrs[PASSWORD_FORMS];
    int n = password_list_forms(password, forms);
    for (int i = 0; i < n; i++) ptrs[i] = forms[i];
    bool common = false;
    if (n && store_password_is_common(ptrs, n, &common) == DB_OK && common) v = PW_COMMON;
  }
  if (v != PW_OK) {
    bool any = true;
    if (store_users_exist(&any) == DB_OK && any) return 0;
    fprintf(stderr, "legalaidd: the bootstrap admin's password is refused: %s\n", password_reason(v));
    return -1;
  }
  char hash[crypto_pwhash_STRBYTES];
  if (auth_hash_password(password, hash) != 0) return -1;
  bool created = false;
  db_status s = store_bootstrap_admin(name, hash, API_BOOTSTRAP_ADMIN_NAME, &created);
  if (s != DB_OK) {
    fprintf(stderr, "legalaidd: cannot create the bootstrap admin (%d)\n", (int)s);
    return -1;
  }
  if (created) fprintf(stderr, "legalaidd: created the administrator %s\n", name);
  return 0;
}

/* Every ten minutes: expired sessions, old idempotency keys and throttle rows go. */
static volatile sig_atomic_t g_stopping;
static void *housekeeping(void *arg) {
  (void)arg;
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, NULL);
  unsigned ticks = 0;
  while (!g_stopping) {
    struct timespec ts = {1, 0};
    nanosleep(&ts, NULL);
    if (++ticks % 600 == 1) store_housekeeping();
  }
  db_thread_close();
  return NULL;
}

/* glibc's malloc gives a block of 128 KiB or more its own mmap, unmapped again when freed, and
 * gives a thread's arena memory back (madvise) once more than 128 KiB is free at its top. A
 * page of 50 cases is about 110 KiB of JSON, held twice (libpq's result and the reply), so
 * every such request mapped, faulted in page by page and unmapped its memory: on this VM, where
 * each system call and page fault is dear, searches at 16 connections ran at 481-508 a second
 * against 632-662 with the thresholds below (tests/bench/RESULTS.md, "Memory kept for large
 * replies"), and the daemon's peak memory stayed 29 MB. GLIBC's MALLOC_*_ environment variables
 * still decide when set. */
static void keep_reply_memory(void) {
#ifdef M_MMAP_THRESHOLD
  if (!getenv("MALLOC_MMAP_THRESHOLD_")) mallopt(M_MMAP_THRESHOLD, 4 << 20);
  if (!getenv("MALLOC_TRIM_THRESHOLD_")) mallopt(M_TRIM_THRESHOLD, 8 << 20);
#endif
}

int main(int argc, char **argv) {
  config cfg = {0};
  keep_reply_memory();
  if (parse_config(argc, argv, &cfg) != 0) return 2;
  signal(SIGPIPE, SIG_IGN);
  if (auth_init() != 0) {
    fprintf(stderr, "legalaidd: libsodium failed to start\n");
    return 1;
  }
  raise_fd_limit(&cfg);
  db_configure(cfg.db, cfg.db_read);
  db_configure_owner(cfg.db_owner);
  if (!cfg.no_migrate) {
    /* At start the database may still be coming up: wait for it a little. */
    int rc = -1;
    char *views = api_views_sql();
    for (int attempt = 0; views && attempt < 30; attempt++) {
      rc = db_migrate(cfg.sql_dir, views);
      if (rc != -2) break;
      sleep(1);
    }
    free(views);
    if (rc != 0) {
      fprintf(stderr, "legalaidd: migrations failed\n");
      db_close_all();
      return 1;
    }
  }
  if (cfg.migrate_only) {
    db_close_all();
    return 0;
  }
  if (cfg.bootstrap_admin && bootstrap_admin(cfg.bootstrap_admin) != 0) {
    db_close_all();
    return 1;
  }
  api_calendar_load();
  db_thread_close();

  /* Signals are taken by this thread alone, with sigwait. */
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGTERM);
  sigaddset(&sigs, SIGINT);
  pthread_sigmask(SIG_BLOCK, &sigs, NULL);

  api_config.cookie_secure = cfg.cookie_secure;
  api_config.static_dir = cfg.static_dir;
  http_static_init(cfg.static_dir);
  http_config hc = {
      .bind_address = cfg.bind,
      .port = (uint16_t)cfg.port,
      .threads = (unsigned)cfg.threads,
      .connection_limit = (unsigned)cfg.max_conn,
      .per_ip_limit = (unsigned)cfg.per_ip,
      .timeout_s = (unsigned)cfg.timeout_s,
      .header_timeout_s = (unsigned)cfg.header_timeout_s,
      .body_timeout_s = (unsigned)cfg.body_timeout_s,
      .max_body = 1024 * 1024,
      .max_raw_body = ATTACHMENT_MAX_BYTES,
      /* A 20 MiB photograph from a phone on a slow line: minutes, not the JSON bodies' seconds. */
      .raw_body_timeout_s = (unsigned)(cfg.body_timeout_s ? (cfg.body_timeout_s > 300 ? cfg.body_timeout_s : 300) : 0),
      .routes = api_routes,
      .nroutes = api_nroutes,
      .dispatch = api_dispatch,
      .dispatch_batch = api_dispatch_batch,
      .fallback = http_static_serve,
      .request_done = api_request_done,
      .access_log = cfg.access_log,
      .trust_proxy = cfg.trust_proxy,
      .workers = {[API_QUEUE_DEFAULT] = (unsigned)cfg.workers,
                  [API_QUEUE_STATS] = (unsigned)cfg.slow_workers,
                  [API_QUEUE_AUTH] = (unsigned)cfg.auth_workers,
                  [API_QUEUE_READ] = (unsigned)cfg.read_workers},
      .after_handle = db_request_done,
      .worker_exit = db_thread_close,
      .error_words = api_error_words,
  };
  /* Before the first request: a staff read queues its pii_reads row here. */
  if (store_pii_log_start((size_t)cfg.pii_queue) != 0) {
    fprintf(stderr, "legalaidd: the pii_reads writer did not start\n");
    db_close_all();
    return 1;
  }
  http_server *srv = http_start(&hc);
  if (!srv) {
    store_pii_log_stop();
    db_close_all();
    return 1;
  }
  if (cfg.session_cache && store_session_cache_start() != 0)
    fprintf(stderr, "legalaidd: the sessions' cache did not start; every request looks its session up\n");
  pthread_t hk;
  pthread_create(&hk, NULL, housekeeping, NULL);
  unsigned port = http_port(srv);
  fprintf(stderr,
          "legalaidd: listening on port %u: %ld polling threads, %ld workers, %ld for statistics,"
          " %ld for sign-in, %ld for case reads; %ld connections, %ld per address\n",
          port, cfg.threads, cfg.workers, cfg.slow_workers, cfg.auth_workers, cfg.read_workers,
          cfg.max_conn,
          cfg.per_ip);
  write_port_file(getenv("LEGALAID_PORT_FILE"), port);

  int sig = 0;
  sigwait(&sigs, &sig);
  fprintf(stderr, "legalaidd: signal %d, finishing requests in flight\n", sig);
  g_stopping = 1;
  http_stop(srv, 10000);
  pthread_join(hk, NULL);
  store_session_cache_stop();
  store_pii_log_stop(); /* after the last request: writes what they queued */
  db_close_all();
  http_static_init(NULL);
  api_calendar_free();
  fprintf(stderr, "legalaidd: stopped\n");
  return 0;
}
