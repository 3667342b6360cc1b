#include "harness.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char g_dbname[128];
static char g_db_conninfo[1024];    /* the serving role: what the daemon serves as */
static char g_owner_conninfo[1024]; /* the schema's owner: migrations, fixtures */
static char g_admin_conninfo[1024];
static char g_log[512];
static _Atomic int g_port; /* read by the suites' client threads while a restart sets it */
static pid_t g_pid;
static bool g_exec_peer;

static void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "harness: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n");
  va_end(ap);
  if (g_pid > 0) kill(g_pid, SIGKILL);
  exit(2);
}

int harness_port(void) { return g_port; }
int harness_daemon_pid(void) { return (int)g_pid; }
const char *harness_db_conninfo(void) { return g_db_conninfo; }
const char *harness_owner_conninfo(void) { return g_owner_conninfo; }
const char *harness_log_path(void) { return g_log; }

static void admin_sql(const char *sql) {
  PGconn *c = PQconnectdb(g_admin_conninfo);
  if (PQstatus(c) != CONNECTION_OK) die("cannot reach the test cluster: %s", PQerrorMessage(c));
  PGresult *r = PQexec(c, sql);
  if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
    die("%s: %s", sql, PQerrorMessage(c));
  PQclear(r);
  PQfinish(c);
}

/* Forks legalaidd on the suite's database and `port`, its stderr appended to the suite's log;
 * `portfile` (or NULL) receives the port it listens on, `extra` (or NULL) is one more argument. */
static pid_t exec_daemon(int port, const char *portfile, const char *extra) {
  const char *bin = getenv("LEGALAID_BIN");
  if (!bin) die("LEGALAID_BIN is not set");
  pid_t pid = fork();
  if (pid < 0) die("fork");
  if (pid == 0) {
    /* A second daemon ends with the test that started it, even one that failed half-way. */
    if (g_exec_peer) prctl(PR_SET_PDEATHSIG, SIGTERM);
    char p[16];
    snprintf(p, sizeof p, "%d", port);
    setenv("LEGALAID_DB", g_db_conninfo, 1);
    if (strcmp(g_owner_conninfo, g_db_conninfo) != 0)
      setenv("LEGALAID_DB_OWNER", g_owner_conninfo, 1);
    setenv("LEGALAID_PORT", p, 1);
    if (portfile) setenv("LEGALAID_PORT_FILE", portfile, 1);
    else unsetenv("LEGALAID_PORT_FILE");
    setenv("LEGALAID_BIND", "127.0.0.1", 1);
    setenv("LEGALAID_BOOTSTRAP_ADMIN", ADMIN_USER ":" ADMIN_PASS, 1);
    if (!getenv("LEGALAID_THREADS")) setenv("LEGALAID_THREADS", "8", 1);
    FILE *f = freopen(g_log, "a", stderr);
    (void)f;
    execl(bin, bin, extra, (char *)NULL);
    _exit(127);
  }
  return pid;
}

/* Waits up to timeout_s for `pid` to exit: its exit status (128 + signal), or -1. */
static int wait_exit(pid_t pid, int timeout_s) {
  int status = 0;
  for (int i = 0; i < timeout_s * 10; i++) {
    if (waitpid(pid, &status, WNOHANG) == pid)
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    struct timespec ts = {0, 100 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  return -1;
}

/* Starts the daemon on `port`, 0 meaning a port the kernel picks (no race with other suites
 * or with the clients' ephemeral ports); returns 0 once it answers /health, -1 when it exited
 * at start. The port it listens on is read from LEGALAID_PORT_FILE. */
static int spawn_daemon_on(int port) {
  char portfile[600];
  snprintf(portfile, sizeof portfile, "%s.port", g_log);
  unlink(portfile);
  g_pid = exec_daemon(port, portfile, NULL);
  for (int i = 0; i < 600; i++) {
    int status;
    if (waitpid(g_pid, &status, WNOHANG) == g_pid) {
      g_pid = 0;
      return -1;
    }
    FILE *f = fopen(portfile, "r");
    int got = 0;
    if (f) {
      if (fscanf(f, "%d", &got) != 1) got = 0;
      fclose(f);
    }
    if (got > 0) {
      g_port = got;
      resp *r = http("GET", "/api/v1/health", NULL, NULL, NULL);
      long st = r->status;
      resp_free(r);
      if (st == 200) return 0;
    }
    struct timespec ts = {0, 100 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  die("legalaidd did not become healthy in 60 s (see %s)", g_log);
  return -1;
}

/* A restart keeps the port the clients use when it can; should that port have been taken
 * meanwhile, it takes a new one (the clients read harness_port() on every request). */
static void spawn_daemon(void) {
  if (g_port > 0 && spawn_daemon_on(g_port) == 0) return;
  if (spawn_daemon_on(0) != 0) die("legalaidd exited at start (see %s)", g_log);
}

void harness_start(const char *suite) {
  const char *pg = getenv("LEGALAID_TEST_PG");
  if (!pg || !*pg) die("LEGALAID_TEST_PG is not set: run the suites through deploy/test.sh");
  curl_global_init(CURL_GLOBAL_DEFAULT);
  snprintf(g_admin_conninfo, sizeof g_admin_conninfo, "%s", pg);
  snprintf(g_dbname, sizeof g_dbname, "la_%s_%d", suite, (int)getpid());
  char sql[512];
  snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", g_dbname);
  admin_sql(sql);
  /* Two roles, as deploy/run.sh makes them: legalaid_owner owns the database and migrates it,
   * legalaid serves (the audit tables only to read and add to). LEGALAID_TEST_SINGLE_ROLE=1
   * runs the suites the old way, one role for both. Suites start side by side: a CREATE that
   * finds the role made by another is success (deploy/lib.sh's la_pg_ensure_role). */
  admin_sql("DO $$BEGIN CREATE ROLE legalaid LOGIN;"
            " EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END$$");
  admin_sql("DO $$BEGIN CREATE ROLE legalaid_owner LOGIN;"
            " EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END$$");
  const char *single = getenv("LEGALAID_TEST_SINGLE_ROLE");
  bool one_role = single && strcmp(single, "1") == 0;
  snprintf(sql, sizeof sql, "CREATE DATABASE %s OWNER %s", g_dbname,
           one_role ? "legalaid" : "legalaid_owner");
  admin_sql(sql);
  /* The same cluster, the suite's database, as the unprivileged roles. */
  snprintf(g_db_conninfo, sizeof g_db_conninfo, "%s dbname=%s user=legalaid", pg, g_dbname);
  snprintf(g_owner_conninfo, sizeof g_owner_conninfo, "%s dbname=%s user=%s", pg, g_dbname,
           one_role ? "legalaid" : "legalaid_owner");
  const char *dir = getenv("LEGALAID_TEST_LOGDIR");
  snprintf(g_log, sizeof g_log, "%s/legalaidd-%s.log", dir ? dir : "/tmp", suite);
  g_port = 0;
  spawn_daemon();
}

void harness_restart_daemon(void) { spawn_daemon(); }

void harness_signal(int sig) {
  if (g_pid > 0) kill(g_pid, sig);
}

int harness_wait_exit(int timeout_s) {
  if (g_pid <= 0) return -1;
  int st = wait_exit(g_pid, timeout_s);
  if (st >= 0) g_pid = 0;
  return st;
}

int harness_second_daemon(int port, int timeout_s) {
  pid_t pid = exec_daemon(port, NULL, "--no-migrate");
  int st = wait_exit(pid, timeout_s);
  if (st < 0) {
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
  }
  return st;
}

int harness_migrate_again(int timeout_s) {
  pid_t pid = exec_daemon(0, NULL, "--migrate-only");
  int st = wait_exit(pid, timeout_s);
  if (st < 0) {
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
  }
  return st;
}

static pid_t g_peer_pid;

/* Waits up to 60 s for a daemon started with exec_daemon to write its port to portfile and
 * answer /health with 200: that port. Dies (the daemon killed) when it exits or never does. */
static int wait_healthy(pid_t pid, const char *portfile) {
  for (int i = 0; i < 600; i++) {
    int status;
    if (waitpid(pid, &status, WNOHANG) == pid) die("the second legalaidd exited at start");
    FILE *f = fopen(portfile, "r");
    int got = 0;
    if (f) {
      if (fscanf(f, "%d", &got) != 1) got = 0;
      fclose(f);
    }
    if (got > 0) {
      resp *r = http_bytes_at(got, "GET", "/api/v1/health", NULL, NULL, 0, NULL);
      long st = r->status;
      resp_free(r);
      if (st == 200) return got;
    }
    struct timespec ts = {0, 100 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  kill(pid, SIGKILL);
  waitpid(pid, NULL, 0);
  die("the second legalaidd did not become healthy in 60 s (see %s)", g_log);
  return -1;
}

/* SIGTERM, then up to 30 s for the exit: its status, or -1 (then killed). */
static int stop_daemon(pid_t pid) {
  kill(pid, SIGTERM);
  int st = wait_exit(pid, 30);
  if (st < 0) {
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
  }
  return st;
}

int harness_peer_start(void) {
  char portfile[600];
  snprintf(portfile, sizeof portfile, "%s.peer-port", g_log);
  unlink(portfile);
  g_exec_peer = true;
  g_peer_pid = exec_daemon(0, portfile, "--no-migrate");
  g_exec_peer = false;
  return wait_healthy(g_peer_pid, portfile);
}

int harness_peer_stop(void) {
  if (g_peer_pid <= 0) return -1;
  int st = stop_daemon(g_peer_pid);
  g_peer_pid = 0;
  return st;
}

int harness_extra_daemon(int *pid_out) {
  char portfile[600];
  snprintf(portfile, sizeof portfile, "%s.extra.port", g_log);
  unlink(portfile);
  pid_t pid = exec_daemon(0, portfile, "--no-migrate");
  int port = wait_healthy(pid, portfile);
  *pid_out = (int)pid;
  return port;
}

int harness_extra_stop(int pid) { return stop_daemon((pid_t)pid); }

/* The cluster of a suite that stops it (harness_own_cluster): its directory, removed at exit. */
static char g_own_dir[512];

static void own_cluster_remove(void) {
  if (!g_own_dir[0]) return;
  const char *bin = getenv("LEGALAID_TEST_PG_BIN");
  char cmd[2048];
  snprintf(cmd, sizeof cmd,
           "cd / && runuser -u postgres -- %s/pg_ctl -D '%s/data' -m immediate -w -t 60 stop"
           " >/dev/null 2>&1; rm -rf '%s'", bin, g_own_dir, g_own_dir);
  if (system(cmd) != 0) fprintf(stderr, "harness: could not remove %s\n", g_own_dir);
  g_own_dir[0] = '\0';
}

void harness_own_cluster(void) {
  const char *bin = getenv("LEGALAID_TEST_PG_BIN"), *tmp = getenv("LEGALAID_TEST_TMPDIR");
  if (!bin || !*bin || !tmp || !*tmp)
    die("a suite that stops PostgreSQL makes a cluster of its own: LEGALAID_TEST_PG_BIN and"
        " LEGALAID_TEST_TMPDIR are needed (deploy/test.sh sets them)");
  snprintf(g_own_dir, sizeof g_own_dir, "%s/legalaid-own.XXXXXX", tmp);
  if (!mkdtemp(g_own_dir)) {
    g_own_dir[0] = '\0';
    die("mkdtemp in %s: %s", tmp, strerror(errno));
  }
  struct passwd *pw = getpwnam("postgres");
  if (!pw || chown(g_own_dir, pw->pw_uid, pw->pw_gid) != 0 || chmod(g_own_dir, 0755) != 0)
    die("cannot give %s to the postgres user", g_own_dir);
  atexit(own_cluster_remove);
  /* As deploy/lib.sh's la_pg_start makes the run's cluster (durable commits), but only a Unix
   * socket in its own directory: its port cannot collide with anything. */
  char cmd[4096];
  snprintf(cmd, sizeof cmd,
           "cd / && runuser -u postgres -- %s/initdb -D '%s/data' -U postgres -E UTF8"
           " --locale=C.UTF-8 --auth-local=trust --auth-host=reject >/dev/null 2>&1"
           " && printf \"listen_addresses = ''\\nport = 5432\\nunix_socket_directories = '%s'\\n"
           "max_connections = 200\\nshared_buffers = 128MB\\nfsync = on\\nsynchronous_commit = on\\n"
           "full_page_writes = on\\n\" >>'%s/data/postgresql.conf'"
           " && runuser -u postgres -- %s/pg_ctl -D '%s/data' -w -t 60 -l '%s/data/server.log' start"
           " >/dev/null 2>&1",
           bin, g_own_dir, g_own_dir, g_own_dir, bin, g_own_dir, g_own_dir);
  if (system(cmd) != 0) die("could not make and start a cluster in %s", g_own_dir);
  char pg[700], data[600];
  snprintf(pg, sizeof pg, "host=%s port=5432 user=postgres dbname=postgres", g_own_dir);
  snprintf(data, sizeof data, "%s/data", g_own_dir);
  setenv("LEGALAID_TEST_PG", pg, 1);
  setenv("LEGALAID_TEST_PG_DATA", data, 1);
}

static void pg_ctl_mode(const char *action, const char *mode) {
  const char *data = getenv("LEGALAID_TEST_PG_DATA");
  const char *bin = getenv("LEGALAID_TEST_PG_BIN");
  if (!data || !bin) die("LEGALAID_TEST_PG_DATA and LEGALAID_TEST_PG_BIN are needed");
  char cmd[2048];
  snprintf(cmd, sizeof cmd,
           "cd / && runuser -u postgres -- %s/pg_ctl -D '%s' -m %s -w -t 60 -l '%s/server.log' %s"
           " >/dev/null 2>&1",
           bin, data, mode, data, action);
  if (system(cmd) != 0) die("pg_ctl %s failed", action);
}

static void pg_ctl(const char *action) { pg_ctl_mode(action, "fast"); }
void harness_pg_crash(void) { pg_ctl_mode("stop", "immediate"); }

void harness_pg_stop(void) { pg_ctl("stop"); }
void harness_pg_start(void) { pg_ctl("start"); }

void harness_kill_daemon(void) {
  if (g_pid > 0) {
    kill(g_pid, SIGKILL);
    waitpid(g_pid, NULL, 0);
    g_pid = 0;
  }
}

int harness_stop(void) {
  int code = -1;
  if (g_pid > 0) {
    kill(g_pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 300; i++) {
      if (waitpid(g_pid, &status, WNOHANG) == g_pid) {
        code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        break;
      }
      struct timespec ts = {0, 100 * 1000 * 1000};
      nanosleep(&ts, NULL);
    }
    if (code == -1) {
      kill(g_pid, SIGKILL);
      waitpid(g_pid, NULL, 0);
      fprintf(stderr, "harness: legalaidd did not stop within 30 s of SIGTERM\n");
    }
    g_pid = 0;
  }
  char sql[256];
  snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", g_dbname);
  admin_sql(sql);
  curl_global_cleanup();
  return code;
}

/* ---- HTTP ---- */

static size_t on_body(char *data, size_t size, size_t n, void *userp) {
  resp *r = userp;
  size_t len = size * n;
  char *nb = realloc(r->body, r->len + len + 1);
  if (!nb) return 0;
  r->body = nb;
  memcpy(r->body + r->len, data, len);
  r->len += len;
  r->body[r->len] = '\0';
  return len;
}

static size_t on_header(char *data, size_t size, size_t n, void *userp) {
  resp *r = userp;
  size_t len = size * n;
  size_t used = strlen(r->headers);
  if (used + len + 1 < sizeof r->headers) {
    memcpy(r->headers + used, data, len);
    r->headers[used + len] = '\0';
  }
  return len;
}

static __thread char tl_source_ip[48];
static __thread int tl_port;

void harness_target_port(int port) { tl_port = port; }

void harness_source_ip(const char *ip) {
  snprintf(tl_source_ip, sizeof tl_source_ip, "%s", ip ? ip : "");
}

resp *http(const char *method, const char *path, const char *token, const char *body,
           const char *const *extra_headers) {
  return http_bytes_at(tl_port ? tl_port : g_port, method, path, token, body, body ? strlen(body) : 0, extra_headers);
}

resp *http_bytes(const char *method, const char *path, const char *token, const void *body,
                 size_t len, const char *const *extra_headers) {
  return http_bytes_at(tl_port ? tl_port : g_port, method, path, token, body, len, extra_headers);
}

resp *http_bytes_at(int port, const char *method, const char *path, const char *token,
                    const void *body, size_t len, const char *const *extra_headers) {
  resp *r = calloc(1, sizeof *r);
  CURL *c = curl_easy_init();
  if (tl_source_ip[0]) curl_easy_setopt(c, CURLOPT_INTERFACE, tl_source_ip);
  char url[2048];
  snprintf(url, sizeof url, "http://127.0.0.1:%d%s", port, path);
  struct curl_slist *h = NULL;
  char auth[300];
  if (token) {
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    h = curl_slist_append(h, auth);
  }
  bool has_ct = false;
  for (const char *const *e = extra_headers; e && *e; e++) {
    h = curl_slist_append(h, *e);
    if (strncasecmp(*e, "Content-Type:", 13) == 0) has_ct = true;
  }
  if (body && !has_ct) h = curl_slist_append(h, "Content-Type: application/json");
  /* A large body (a file) asks first (Expect: 100-continue) and waits as long as the request
   * may take for the answer: a daemon that refuses it on its headers (413) answers before any
   * of it is sent. Sent at once instead, the refused body raced the daemon's close of the
   * connection: under load the reset could come before curl read the 413 (status 0,
   * api_attachments refusals_change_nothing in a full test.sh at load average 10). */
  h = curl_slist_append(h, body && len > 1024 * 1024 ? "Expect: 100-continue" : "Expect:");
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
  if (strcmp(method, "HEAD") == 0) curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  if (body) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(c, CURLOPT_EXPECT_100_TIMEOUT_MS, 60000L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  if (curl_easy_perform(c) == CURLE_OK)
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
  else
    r->status = 0;
  curl_slist_free_all(h);
  curl_easy_cleanup(c);
  if (r->body) r->json = json_loadb(r->body, r->len, 0, NULL);
  return r;
}

resp *http_get(const char *path, const char *token) { return http("GET", path, token, NULL, NULL); }

static resp *http_vf(const char *method, const char *path, const char *token, const char *fmt,
                     va_list ap) {
  char *body = NULL;
  if (vasprintf(&body, fmt, ap) < 0) die("vasprintf");
  resp *r = http(method, path, token, body, NULL);
  free(body);
  return r;
}

resp *http_postf(const char *path, const char *token, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  resp *r = http_vf("POST", path, token, fmt, ap);
  va_end(ap);
  return r;
}

resp *case_act(const char *token, long id, const char *what, const char *fmt, ...) {
  char path[128];
  snprintf(path, sizeof path, "/api/v1/cases/%ld/%s", id, what);
  va_list ap;
  va_start(ap, fmt);
  resp *r = http_vf("POST", path, token, fmt, ap);
  va_end(ap);
  return r;
}

resp *http_putf(const char *path, const char *token, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  resp *r = http_vf("PUT", path, token, fmt, ap);
  va_end(ap);
  return r;
}

void resp_free(resp *r) {
  if (!r) return;
  free(r->body);
  json_decref(r->json);
  free(r);
}

const char *resp_header(const resp *r, const char *name) {
  static __thread char value[1024];
  size_t nl = strlen(name);
  const char *p = r->headers;
  while (p && *p) {
    const char *eol = strstr(p, "\r\n");
    size_t ll = eol ? (size_t)(eol - p) : strlen(p);
    if (ll > nl + 1 && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
      const char *v = p + nl + 1;
      while (*v == ' ') v++;
      size_t vl = ll - (size_t)(v - p);
      if (vl >= sizeof value) vl = sizeof value - 1;
      memcpy(value, v, vl);
      value[vl] = '\0';
      return value;
    }
    p = eol ? eol + 2 : NULL;
  }
  return NULL;
}

const char *err_code(const resp *r) {
  json_t *e = r->json ? json_object_get(r->json, "error") : NULL;
  const char *c = e ? json_string_value(json_object_get(e, "code")) : NULL;
  return c ? c : "";
}

bool err_has_field(const resp *r, const char *field) {
  json_t *e = r->json ? json_object_get(r->json, "error") : NULL;
  json_t *f = e ? json_object_get(e, "fields") : NULL;
  return f && json_object_get(f, field) != NULL;
}

char *login(const char *username, const char *password) {
  resp *r = http_postf("/api/v1/session", NULL, "{\"username\":\"%s\",\"password\":\"%s\"}",
                       username, password);
  if (r->status != 201) die("login %s: %ld %s", username, r->status, r->body ? r->body : "");
  char *tok = strdup(json_string_value(json_object_get(r->json, "token")));
  resp_free(r);
  return tok;
}

long create_user(const char *admin_token, const char *username, const char *role, long center_id,
                 const char *lawyer_json) {
  resp *r;
  if (lawyer_json)
    r = http_postf("/api/v1/users", admin_token,
                   "{\"username\":\"%s\",\"password\":\"kite-ledger-5931\",\"role\":\"%s\","
                   "\"center_id\":%ld,\"display_name\":\"%s\",\"lawyer\":%s}",
                   username, role, center_id, username, lawyer_json);
  else
    r = http_postf("/api/v1/users", admin_token,
                   "{\"username\":\"%s\",\"password\":\"kite-ledger-5931\",\"role\":\"%s\","
                   "\"center_id\":%ld,\"display_name\":\"%s\"}",
                   username, role, center_id, username);
  if (r->status != 201) die("create_user %s: %ld %s", username, r->status, r->body);
  long id = (long)json_integer_value(json_object_get(r->json, "id"));
  resp_free(r);
  return id;
}

char *user_token(const char *admin_token, const char *username, const char *role, long center_id) {
  if (strcmp(role, "lawyer") == 0) {
    char lj[256];
    snprintf(lj, sizeof lj,
             "{\"license_no\":\"L-%s\",\"firm\":\"测试律师事务所\",\"kind\":\"lawyer\","
             "\"practice_years\":5,\"specialties\":[\"criminal_defense\",\"civil\"]}",
             username);
    create_user(admin_token, username, role, center_id, lj);
  } else {
    create_user(admin_token, username, role, center_id, NULL);
  }
  return login(username, "kite-ledger-5931");
}

void make_id(char out[19], const char *region, const char *birth, char sex, int seq) {
  static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char cc[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  int s = seq % 1000;
  /* The 17th digit (last of the sequence) is odd for men, even for women. */
  if ((sex == 'M') != (s % 2 == 1)) s = (s + 1) % 1000;
  snprintf(out, 19, "%.6s%.8s%03d", region, birth, s);
  int sum = 0;
  for (int i = 0; i < 17; i++) sum += (out[i] - '0') * w[i];
  out[17] = cc[sum % 11];
  out[18] = '\0';
}

char *sql_value(const char *sql) {
  PGconn *c = PQconnectdb(g_owner_conninfo);
  if (PQstatus(c) != CONNECTION_OK) die("sql: %s", PQerrorMessage(c));
  PGresult *r = PQexec(c, sql);
  if (PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK)
    die("%s: %s", sql, PQerrorMessage(c));
  char *v = strdup(PQntuples(r) > 0 && PQnfields(r) > 0 ? PQgetvalue(r, 0, 0) : "");
  PQclear(r);
  PQfinish(c);
  return v;
}

char *sql_value_eventually(const char *sql, const char *want, int timeout_ms) {
  for (int waited = 0;; waited += 20) {
    char *v = sql_value(sql);
    if (strcmp(v, want) == 0 || waited >= timeout_ms) return v;
    free(v);
    struct timespec ts = {0, 20 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
}

int run_suite(Suite *s) {
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed;
}

json_t *jget(json_t *o, const char *path) {
  char buf[256];
  snprintf(buf, sizeof buf, "%s", path);
  json_t *cur = o;
  char *save = NULL;
  for (char *tok = strtok_r(buf, ".", &save); tok && cur; tok = strtok_r(NULL, ".", &save))
    cur = json_object_get(cur, tok);
  return cur;
}
long jint(json_t *o, const char *path) { return (long)json_integer_value(jget(o, path)); }
const char *jstr(json_t *o, const char *path) { return json_string_value(jget(o, path)); }
