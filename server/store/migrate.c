#include "migrate.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "pg.h"

#define MIGRATE_LOCK_KEY "7140300211104"

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  struct stat st;
  if (fstat(fileno(f), &st) != 0 || st.st_size < 0) {
    fclose(f);
    return NULL;
  }
  size_t n = (size_t)st.st_size;
  char *buf = malloc(n + 1);
  if (buf && fread(buf, 1, n, f) != n) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  if (buf) {
    buf[n] = '\0';
    *len = n;
  }
  return buf;
}

/* FNV-1a, 64 bits, as hex: enough to notice an edited file. */
static void checksum(const char *s, size_t n, char out[17]) {
  unsigned long long h = 1469598103934665603ULL;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211ULL;
  }
  snprintf(out, 17, "%016llx", h);
}

static int ok_result(PGconn *c, PGresult *r, const char *what) {
  ExecStatusType es = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (es == PGRES_COMMAND_OK || es == PGRES_TUPLES_OK || es == PGRES_COPY_IN ||
      es == PGRES_EMPTY_QUERY)
    return 1;
  fprintf(stderr, "migrate: %s: %s", what, r ? PQresultErrorMessage(r) : PQerrorMessage(c));
  return 0;
}

static int exec_plain(PGconn *c, const char *sql, const char *what) {
  PGresult *r = PQexec(c, sql);
  int ok = ok_result(c, r, what);
  PQclear(r);
  return ok;
}

/* Runs a script: plain SQL goes to PQexec (several statements at once); a line
 * "COPY ... FROM stdin;" starts a block of data lines ended by "\." sent with
 * PQputCopyData. The script text is modified in place. */
static int run_script(PGconn *c, char *text, const char *name) {
  char *seg = text;
  char *p = text;
  while (*p) {
    char *eol = strchr(p, '\n');
    char *next = eol ? eol + 1 : p + strlen(p);
    if (strncmp(p, "COPY ", 5) == 0) {
      size_t ll = (size_t)(next - p);
      char *copy_end = p + ll;
      while (copy_end > p && (copy_end[-1] == '\n' || copy_end[-1] == '\r')) copy_end--;
      if (copy_end - p >= 11 && strncasecmp(copy_end - 11, "FROM stdin;", 11) == 0) {
        char saved = *p;
        *p = '\0';
        if (*seg && !exec_plain(c, seg, name)) return 0;
        *p = saved;
        char saved2 = *copy_end;
        *copy_end = '\0';
        PGresult *r = PQexec(c, p);
        *copy_end = saved2;
        if (!r || PQresultStatus(r) != PGRES_COPY_IN) {
          ok_result(c, r, name);
          PQclear(r);
          return 0;
        }
        PQclear(r);
        char *data = next;
        char *end = strstr(data, "\n\\.");
        char *after;
        if (data[0] == '\\' && data[1] == '.') {
          end = data;
          after = data + 2;
        } else if (end) {
          end += 1; /* keep the data's last newline */
          after = end + 2;
        } else {
          fprintf(stderr, "migrate: %s: COPY block without \\.\n", name);
          return 0;
        }
        if (PQputCopyData(c, data, (int)(end - data)) != 1 || PQputCopyEnd(c, NULL) != 1) {
          fprintf(stderr, "migrate: %s: %s", name, PQerrorMessage(c));
          return 0;
        }
        int good = 1;
        while ((r = PQgetResult(c)) != NULL) {
          if (PQresultStatus(r) != PGRES_COMMAND_OK) good = ok_result(c, r, name) && 0;
          PQclear(r);
        }
        if (!good) return 0;
        while (*after && *after != '\n') after++;
        if (*after) after++;
        seg = p = after;
        continue;
      }
    }
    p = next;
  }
  if (*seg && !exec_plain(c, seg, name)) return 0;
  return 1;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The api's views (api_*, views and the functions that are views with arguments): dropped
 * before a migration runs, so that it may change any column they read, and created again
 * after, at every start. */
static const char drop_views[] =
    "DO $$DECLARE v text; BEGIN"
    " FOR v IN SELECT viewname FROM pg_views WHERE schemaname = 'public'"
    "   AND viewname LIKE 'api\\_%' LOOP"
    "  EXECUTE format('DROP VIEW IF EXISTS %I CASCADE', v);"
    " END LOOP;"
    " FOR v IN SELECT p.oid::regprocedure::text FROM pg_proc p"
    "   JOIN pg_namespace n ON n.oid = p.pronamespace"
    "   WHERE n.nspname = 'public' AND p.proname LIKE 'api\\_%' LOOP"
    "  EXECUTE 'DROP FUNCTION IF EXISTS ' || v || ' CASCADE';"
    " END LOOP; END$$";

/* Applies every *.sql of dir not yet recorded under `kind`; `before` (may be NULL) runs once,
 * before the first of them. */
static int apply_dir(PGconn *c, const char *sql_dir, const char *kind,
                     int (*before)(PGconn *c)) {
  char dir[1024];
  snprintf(dir, sizeof dir, "%s/%s", sql_dir, kind);
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "migrate: cannot open %s\n", dir);
    return 0;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    size_t l = strlen(e->d_name);
    if (l < 5 || strcmp(e->d_name + l - 4, ".sql") != 0) continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 16;
      char **nn = realloc(names, cap * sizeof *names);
      if (!nn) break;
      names = nn;
    }
    names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof *names, cmp_names);
  int ok = 1;
  for (size_t i = 0; i < n && ok; i++) {
    char path[2048], key[512], sum[17];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    snprintf(key, sizeof key, "%s/%s", kind, names[i]);
    size_t len = 0;
    char *text = read_file(path, &len);
    if (!text) {
      fprintf(stderr, "migrate: cannot read %s\n", path);
      ok = 0;
      break;
    }
    checksum(text, len, sum);
    const char *pv[1] = {key};
    PGresult *r = PQexecParams(c, "SELECT checksum FROM schema_migrations WHERE version = $1",
                               1, NULL, pv, NULL, NULL, 0);
    if (!ok_result(c, r, key)) {
      PQclear(r);
      free(text);
      ok = 0;
      break;
    }
    if (PQntuples(r) == 1) {
      if (strcmp(PQgetvalue(r, 0, 0), sum) != 0)
        fprintf(stderr, "migrate: warning: %s changed after it was applied (ignored)\n", key);
      PQclear(r);
      free(text);
      continue;
    }
    PQclear(r);
    if (before) {
      ok = before(c);
      before = NULL;
    }
    ok = ok && exec_plain(c, "BEGIN", key) && run_script(c, text, key);
    if (ok) {
      const char *iv[2] = {key, sum};
      r = PQexecParams(c, "INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)", 2,
                       NULL, iv, NULL, NULL, 0);
      ok = ok_result(c, r, key);
      PQclear(r);
    }
    ok = ok && exec_plain(c, "COMMIT", key);
    if (!ok) {
      PQclear(PQexec(c, "ROLLBACK"));
    } else {
      fprintf(stderr, "migrate: applied %s\n", key);
    }
    free(text);
  }
  for (size_t i = 0; i < n; i++) free(names[i]);
  free(names);
  return ok;
}

/* The serving role (the user of LEGALAID_DB) into `serving`; 1 when it is another role than the
 * owner's, 0 when the same (a warning), -1 when it cannot be told. */
static int serving_role(PGconn *owner, char serving[128]) {
  serving[0] = '\0';
  PGconn *s = db_connect_new();
  if (!s) return -1;
  PGresult *r = PQexec(s, "SELECT current_user");
  if (ok_result(s, r, "serving role")) snprintf(serving, 128, "%s", PQgetvalue(r, 0, 0));
  PQclear(r);
  PQfinish(s);
  if (!serving[0]) return -1;
  r = PQexec(owner, "SELECT current_user");
  int same = ok_result(owner, r, "owner role") && strcmp(PQgetvalue(r, 0, 0), serving) == 0;
  PQclear(r);
  if (same) {
    fprintf(stderr, "migrate: warning: LEGALAID_DB_OWNER names the serving role %s itself: the audit"
                    " tables are not protected\n", serving);
    return 0;
  }
  return 1;
}

/* The serving role granted what it needs, the audit tables only to read and add to, the views
 * to read (legalaid_grant_serving, migrations 0005 and 0006_b). */
static int grant_serving(PGconn *owner, const char *serving) {
  const char *v[1] = {serving};
  PGresult *r = PQexecParams(owner, "SELECT legalaid_grant_serving($1)", 1, NULL, v, NULL, NULL, 0);
  int ok = ok_result(owner, r, "grant");
  PQclear(r);
  return ok;
}

static int drop_api_views(PGconn *c) { return exec_plain(c, drop_views, "views"); }

/* The views: replaced as a whole, in one transaction with the serving role's grants (when it
 * is not the owner), so that queries meanwhile wait, never fail. */
static int apply_views(PGconn *c, const char *views, const char *serving) {
  if (!views) return 1;
  int ok = exec_plain(c, "BEGIN", "views") && exec_plain(c, drop_views, "views") &&
           exec_plain(c, views, "views") && (!serving || grant_serving(c, serving)) &&
           exec_plain(c, "COMMIT", "views");
  if (!ok) PQclear(PQexec(c, "ROLLBACK"));
  return ok;
}

int db_migrate(const char *sql_dir, const char *views) {
  PGconn *c = db_connect_owner();
  if (!c) return -2;
  int ok = exec_plain(c, "SET client_min_messages = warning", "setup") &&
           exec_plain(c, "SELECT pg_advisory_lock(" MIGRATE_LOCK_KEY ")", "lock") &&
           exec_plain(c,
                      "CREATE TABLE IF NOT EXISTS schema_migrations ("
                      " version text PRIMARY KEY, checksum text NOT NULL,"
                      " applied_at timestamptz NOT NULL DEFAULT now())",
                      "schema_migrations") &&
           apply_dir(c, sql_dir, "migrations", drop_api_views) &&
           apply_dir(c, sql_dir, "reference", NULL);
  char serving[128] = "";
  int apart = ok && db_has_owner() ? serving_role(c, serving) : 0;
  if (apart < 0) ok = 0;
  ok = ok && apply_views(c, views, apart > 0 ? serving : NULL);
  if (ok && apart > 0) {
    ok = grant_serving(c, serving);
    if (ok) fprintf(stderr, "migrate: serving as %s (audit tables: read and insert only)\n", serving);
  } else if (ok && !db_has_owner()) {
    fprintf(stderr, "migrate: warning: the daemon serves as the schema's owner, so it could rewrite"
                    " the audit tables; set LEGALAID_DB_OWNER to migrate as another role\n");
  }
  PQclear(PQexec(c, "SELECT pg_advisory_unlock(" MIGRATE_LOCK_KEY ")"));
  PQfinish(c);
  return ok ? 0 : -1;
}
