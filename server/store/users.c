#include "users.h"

#include "pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void hex32(const unsigned char h[32], char out[67]) {
  static const char digits[] = "0123456789abcdef";
  out[0] = '\\';
  out[1] = 'x';
  for (int i = 0; i < 32; i++) {
    out[2 + 2 * i] = digits[h[i] >> 4];
    out[3 + 2 * i] = digits[h[i] & 15];
  }
  out[66] = '\0';
}

static db_stmt q_bootstrap = {
    "bootstrap_admin",
    "INSERT INTO users (username, password_hash, role, center_id, display_name) "
    "SELECT $1, $2, 'admin', NULL, $3 WHERE NOT EXISTS (SELECT 1 FROM users) "
    "RETURNING id",
    0};

db_status store_bootstrap_admin(const char *username, const char *password_hash,
                                const char *display_name, bool *created) {
  db_params p = {0};
  dbp_str(&p, username);
  dbp_str(&p, password_hash);
  dbp_str(&p, display_name);
  PGresult *r;
  db_status s = db_query(&q_bootstrap, &p, &r); /* harmless to repeat: NOT EXISTS guards it */
  if (s != DB_OK) return s;
  *created = PQntuples(r) == 1;
  PQclear(r);
  return DB_OK;
}

/* By name regardless of case (names are unique so, migration 0005). A lawyer whose profile is
 * inactive is as inactive as a disabled user. */
static db_stmt q_users_exist = {"users_exist", "SELECT EXISTS (SELECT 1 FROM users)", 0};

db_status store_users_exist(bool *any) {
  PGresult *r;
  db_status s = db_query(&q_users_exist, NULL, &r);
  if (s != DB_OK) return s;
  *any = db_bool(r, 0, 0);
  PQclear(r);
  return DB_OK;
}

static db_stmt q_user_secret = {
    "user_secret",
    "SELECT u.id, u.password_hash, u.active AND COALESCE(l.active, true), u.username"
    " FROM users u LEFT JOIN lawyers l ON l.user_id = u.id WHERE lower(u.username) = lower($1)",
    0};

db_status store_user_secret(const char *username, user_secret *out) {
  db_params p = {0};
  dbp_str(&p, username);
  PGresult *r;
  db_status s = db_query_row(&q_user_secret, &p, &r);
  if (s != DB_OK) return s;
  out->id = db_int(r, 0, 0);
  snprintf(out->password_hash, sizeof out->password_hash, "%s", PQgetvalue(r, 0, 1));
  out->active = db_bool(r, 0, 2);
  snprintf(out->username, sizeof out->username, "%s", PQgetvalue(r, 0, 3));
  PQclear(r);
  return DB_OK;
}

static db_stmt q_user_secret_id = {
    "user_secret_by_id",
    "SELECT u.id, u.password_hash, u.active AND COALESCE(l.active, true), u.username"
    " FROM users u LEFT JOIN lawyers l ON l.user_id = u.id WHERE u.id = $1",
    0};

db_status store_user_secret_by_id(int64_t id, user_secret *out) {
  db_params p = {0};
  dbp_int(&p, id);
  PGresult *r;
  db_status s = db_query_row(&q_user_secret_id, &p, &r);
  if (s != DB_OK) return s;
  out->id = db_int(r, 0, 0);
  snprintf(out->password_hash, sizeof out->password_hash, "%s", PQgetvalue(r, 0, 1));
  out->active = db_bool(r, 0, 2);
  snprintf(out->username, sizeof out->username, "%s", PQgetvalue(r, 0, 3));
  PQclear(r);
  return DB_OK;
}

static db_stmt q_session_create = {
    "session_create",
    "WITH s AS (INSERT INTO sessions (token_hash, user_id, csrf_token, client_ip, expires_at) "
    "  VALUES ($1::bytea, $2, $3, $4, now() + make_interval(secs => $5)) RETURNING user_id) "
    "SELECT json_build_object('id', u.id, 'username', u.username, 'role', u.role, "
    "  'center_id', u.center_id, 'display_name', u.display_name)::text "
    "FROM s JOIN users u ON u.id = s.user_id",
    0};

db_status store_session_create(const unsigned char token_hash[32], int64_t user_id,
                               const char *csrf_token, const char *client_ip, int lifetime_s,
                               char **json) {
  char hx[67];
  hex32(token_hash, hx);
  db_params p = {0};
  dbp_str(&p, hx);
  dbp_int(&p, user_id);
  dbp_str(&p, csrf_token);
  dbp_str(&p, client_ip);
  dbp_int(&p, lifetime_s);
  PGconn *c = db_conn();
  return db_exec_text(c, &q_session_create, &p, json, NULL);
}

/* The visible centres: its own; for a supervisor, admin or judicial bureau, also every centre in the regions
 * under its centre's region (a city's counties, a province's cities and counties). */
static db_stmt q_session_lookup = {
    "session_lookup",
    "WITH s AS ("
    "  SELECT u.id, u.role, u.center_id, u.username, s.csrf_token, s.last_seen_at, c.region_code,"
    "    u.password_change_required"
    "  FROM sessions s JOIN users u ON u.id = s.user_id"
    "  LEFT JOIN centers c ON c.id = u.center_id"
    "  WHERE s.token_hash = $1::bytea AND s.expires_at > now()"
    "    AND s.last_seen_at > now() - make_interval(secs => $2) AND u.active"
    "    AND NOT EXISTS (SELECT 1 FROM lawyers l WHERE l.user_id = u.id AND NOT l.active)),"
    " touch AS (UPDATE sessions SET last_seen_at = now() WHERE token_hash = $1::bytea"
    "    AND last_seen_at < now() - interval '60 seconds' AND EXISTS (SELECT 1 FROM s))"
    " SELECT s.id, s.role, s.center_id, s.username, s.csrf_token,"
    "  s.center_id IS NULL AS all_centers,"
    "  CASE WHEN s.center_id IS NULL THEN '{}'::bigint[]"
    "       WHEN s.role IN ('admin', 'supervisor', 'bureau') THEN"
    "         ARRAY(SELECT c2.id FROM centers c2 WHERE c2.id = s.center_id"
    "               OR (region_prefix(s.region_code) <> s.region_code"
    "                   AND c2.region_code LIKE region_prefix(s.region_code) || '%')"
    "               ORDER BY c2.id)"
    "       ELSE ARRAY[s.center_id] END AS centers,"
    "  COALESCE(s.region_code, ''), s.password_change_required"
    " FROM s",
    0};

db_status store_session_lookup(const unsigned char token_hash[32], int idle_s, principal *out) {
  char hx[67];
  hex32(token_hash, hx);
  db_params p = {0};
  dbp_str(&p, hx);
  dbp_int(&p, idle_s);
  PGresult *r;
  db_status s = db_query_row(&q_session_lookup, &p, &r);
  if (s != DB_OK) return s;
  memset(out, 0, sizeof *out);
  out->user_id = db_int(r, 0, 0);
  int role = enum_find(&ENUM_ROLE, PQgetvalue(r, 0, 1), (size_t)PQgetlength(r, 0, 1));
  if (role < 0) {
    /* A role this build does not know (a newer schema): no guess at its rights. */
    fprintf(stderr, "db: session_lookup: role '%s' is no role this build knows\n",
            PQgetvalue(r, 0, 1));
    PQclear(r);
    return DB_ERROR;
  }
  out->role = (role_t)role;
  out->center_id = db_int(r, 0, 2);
  snprintf(out->username, sizeof out->username, "%s", PQgetvalue(r, 0, 3));
  snprintf(out->csrf_token, sizeof out->csrf_token, "%s", PQgetvalue(r, 0, 4));
  out->all_centers = db_bool(r, 0, 5);
  const char *arr = PQgetvalue(r, 0, 6); /* "{1,2,3}" */
  for (const char *q = arr; *q;) {
    if (*q >= '0' && *q <= '9') {
      if (out->ncenters == PRINCIPAL_MAX_CENTERS) {
        /* Never a scope silently cut short. */
        fprintf(stderr, "db: session_lookup: user %lld sees more than %d centres\n",
                (long long)out->user_id, PRINCIPAL_MAX_CENTERS);
        PQclear(r);
        return DB_ERROR;
      }
      char *end;
      out->centers[out->ncenters++] = strtoll(q, &end, 10);
      q = end;
    } else {
      q++;
    }
  }
  snprintf(out->region_code, sizeof out->region_code, "%s", PQgetvalue(r, 0, 7));
  out->password_change_required = db_bool(r, 0, 8);
  PQclear(r);
  return DB_OK;
}

static db_stmt q_session_delete = {"session_delete",
                                   "DELETE FROM sessions WHERE token_hash = $1::bytea", 0};

db_status store_session_delete(const unsigned char token_hash[32]) {
  char hx[67];
  hex32(token_hash, hx);
  db_params p = {0};
  dbp_str(&p, hx);
  return db_exec(db_conn(), &q_session_delete, &p, NULL);
}

static db_stmt q_housekeeping = {
    "housekeeping",
    "WITH a AS (DELETE FROM sessions WHERE expires_at < now()),"
    " b AS (DELETE FROM idempotency_keys WHERE created_at < now() - interval '1 day'),"
    " c AS (DELETE FROM login_throttle WHERE window_start < now() - interval '1 day'"
    "       AND (locked_until IS NULL OR locked_until < now()))"
    " SELECT 1",
    0};

db_status store_housekeeping(void) { return db_exec(db_conn(), &q_housekeeping, NULL, NULL); }

static db_stmt q_login_attempt = {
    "login_attempt", "SELECT login_attempt($1, $2, $3, $4, $5, $6, $7)", 0};

db_status store_login_attempt(const char *pair_key, const char *user_key, const login_limits *lim,
                              int *wait_s) {
  db_params p = {0};
  dbp_str(&p, pair_key);
  dbp_str(&p, user_key);
  dbp_int(&p, lim->pair_limit);
  dbp_int(&p, lim->window_s);
  dbp_int(&p, lim->lock_s);
  dbp_int(&p, lim->soft_after);
  dbp_int(&p, lim->max_delay_s);
  PGresult *r;
  /* Not db_query: it writes, so it is never tried twice. */
  db_status s = db_exec_row(db_conn(), &q_login_attempt, &p, &r);
  if (s != DB_OK) return s;
  *wait_s = (int)db_int(r, 0, 0);
  PQclear(r);
  return DB_OK;
}

static db_stmt q_login_succeeded = {
    "login_succeeded", "DELETE FROM login_throttle WHERE key IN ($1, $2)", 0};

db_status store_login_succeeded(const char *pair_key, const char *user_key) {
  db_params p = {0};
  dbp_str(&p, pair_key);
  dbp_str(&p, user_key);
  return db_exec(db_conn(), &q_login_succeeded, &p, NULL);
}

static db_stmt q_password_common = {
    "password_common",
    "SELECT EXISTS (SELECT 1 FROM common_passwords WHERE password = ANY ($1::text[]))", 0};

db_status store_password_is_common(const char *const *forms, int n, bool *common) {
  /* The forms as an array literal, each quoted (they may hold any character but NUL). */
  size_t cap = 16;
  for (int i = 0; i < n; i++) cap += strlen(forms[i]) * 2 + 4;
  char *lit = malloc(cap);
  if (!lit) return DB_ERROR;
  size_t used = 0;
  lit[used++] = '{';
  for (int i = 0; i < n; i++) {
    if (i) lit[used++] = ',';
    lit[used++] = '"';
    for (const char *c = forms[i]; *c; c++) {
      if (*c == '"' || *c == '\\') lit[used++] = '\\';
      lit[used++] = *c;
    }
    lit[used++] = '"';
  }
  lit[used++] = '}';
  lit[used] = '\0';
  db_params p = {0};
  dbp_str(&p, lit);
  PGresult *r;
  db_status s = db_query(&q_password_common, &p, &r);
  free(lit);
  if (s != DB_OK) return s;
  *common = db_bool(r, 0, 0);
  PQclear(r);
  return DB_OK;
}

static db_stmt q_security_event = {
    "security_event",
    "INSERT INTO security_events (kind, username, user_id, client_ip, detail)"
    " VALUES ($1, $2, $3, $4, $5)",
    0};

void store_security_event(const char *kind, const char *username, int64_t user_id,
                          const char *client_ip, const char *detail) {
  db_params p = {0};
  dbp_str(&p, kind);
  dbp_str(&p, username);
  dbp_int_or_null(&p, user_id, user_id != 0);
  dbp_str(&p, client_ip);
  dbp_str(&p, detail);
  PGconn *c = db_conn();
  if (c) db_exec(c, &q_security_event, &p, NULL);
}

static db_stmt q_user_insert = {
    "user_insert",
    "INSERT INTO users (username, password_hash, role, center_id, display_name, created_by)"
    " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    0};
static db_stmt q_lawyer_insert = {
    "lawyer_insert",
    "INSERT INTO lawyers (user_id, center_id, license_no, firm, kind, practice_years,"
    " specialties) VALUES ($1, $2, $3, $4, $5, $6, $7::text[])",
    0};
static db_stmt q_user_json = {
    "user_json",
    "SELECT json::text FROM api_user WHERE id = $1",
    0};

db_status store_user_json(int64_t id, char **json) {
  db_params p = {0};
  dbp_int(&p, id);
  return db_query_text(&q_user_json, &p, json, NULL);
}

typedef struct {
  const user_new *u;
  int64_t actor;
  char *json;
} user_create_tx;

static db_status user_create_body(PGconn *c, void *arg) {
  user_create_tx *t = arg;
  const user_new *u = t->u;
  db_params p = {0};
  dbp_str(&p, u->username);
  dbp_str(&p, u->password_hash);
  dbp_enum(&p, &ENUM_ROLE, (int)u->role);
  dbp_int_or_null(&p, u->center_id, u->center_id != 0);
  dbp_str(&p, u->display_name ? u->display_name : "");
  dbp_int_or_null(&p, t->actor, t->actor != 0);
  PGresult *r;
  db_status s = db_exec(c, &q_user_insert, &p, &r);
  if (s != DB_OK) return s;
  int64_t id = db_int(r, 0, 0);
  PQclear(r);
  if (u->has_lawyer) {
    db_params q = {0};
    dbp_int(&q, id);
    dbp_int(&q, u->center_id);
    dbp_str(&q, u->license_no);
    dbp_str(&q, u->firm ? u->firm : "");
    dbp_enum(&q, &ENUM_LAWYER_KIND, u->kind);
    dbp_int(&q, u->practice_years);
    dbp_set(&q, &ENUM_CASE_TYPE, u->specialties);
    s = db_exec(c, &q_lawyer_insert, &q, NULL);
    if (s != DB_OK) return s;
  }
  db_params j = {0};
  dbp_int(&j, id);
  return db_exec_text(c, &q_user_json, &j, &t->json, NULL);
}

db_status store_user_create(const user_new *u, int64_t actor_id, char **json) {
  user_create_tx t = {u, actor_id, NULL};
  db_status s = db_tx(user_create_body, &t);
  if (s == DB_OK)
    *json = t.json;
  else
    free(t.json);
  return s;
}

/* Lists are built by PostgreSQL: items and the cursor (the last id when the page is full). */
static db_stmt q_users_list = {
    "users_list",
    "WITH page AS (SELECT u.id FROM users u"
    "   WHERE ($1::boolean OR u.center_id = ANY($2::bigint[])) AND u.id > $3"
    "   ORDER BY u.id LIMIT $4)"
    " SELECT json_build_object('items', COALESCE(json_agg(u.json ORDER BY u.id), '[]'),"
    "  'next_cursor', CASE WHEN count(*) = $4 THEN max(u.id)::text END)::text"
    " FROM page p JOIN api_user u ON u.id = p.id",
    0};

db_status store_users_list(const principal *pr, int64_t after_id, int limit, char **json) {
  db_params p = {0};
  if (!dbp_scope(&p, pr)) return DB_ERROR;
  dbp_int(&p, after_id);
  dbp_int(&p, limit);
  return db_query_text(&q_users_list, &p, json, NULL);
}

static db_stmt q_lawyers_list = {
    "lawyers_list",
    "WITH page AS (SELECT l.user_id FROM lawyers l JOIN users u ON u.id = l.user_id"
    "   WHERE ($1::boolean OR l.center_id = ANY($2::bigint[]))"
    "     AND ($3::bigint = 0 OR l.center_id = $3) AND l.user_id > $4"
    "   ORDER BY l.user_id LIMIT $5)"
    " SELECT json_build_object('items', COALESCE(json_agg(json_build_object("
    "   'id', u.id, 'user_id', u.id, 'username', u.username, 'display_name', u.display_name,"
    "   'center_id', l.center_id, 'license_no', l.license_no, 'firm', l.firm, 'kind', l.kind,"
    "   'practice_years', l.practice_years, 'specialties', l.specialties,"
    "   'active', l.active AND u.active) ORDER BY u.id), '[]'),"
    "  'next_cursor', CASE WHEN count(*) = $5 THEN max(u.id)::text END)::text"
    " FROM page p JOIN users u ON u.id = p.user_id JOIN lawyers l ON l.user_id = u.id",
    0};

db_status store_lawyers_list(const principal *pr, int64_t center_id, int64_t after_id, int limit,
                             char **json) {
  db_params p = {0};
  if (!dbp_scope(&p, pr)) return DB_ERROR;
  dbp_int(&p, center_id);
  dbp_int(&p, after_id);
  dbp_int(&p, limit);
  return db_query_text(&q_lawyers_list, &p, json, NULL);
}

static db_stmt q_center_exists = {"center_exists", "SELECT 1 FROM centers WHERE id = $1", 0};

db_status store_center_exists(int64_t center_id) {
  db_params p = {0};
  dbp_int(&p, center_id);
  PGresult *r;
  db_status s = db_query(&q_center_exists, &p, &r);
  if (s != DB_OK) return s;
  s = PQntuples(r) == 1 ? DB_OK : DB_NOT_FOUND;
  PQclear(r);
  return s;
}

static db_stmt q_lawyer_update = {
    "lawyer_update",
    "UPDATE lawyers l SET license_no = COALESCE($2, l.license_no), firm = COALESCE($3, l.firm),"
    " kind = COALESCE($4, l.kind), practice_years = COALESCE($5::int, l.practice_years),"
    " specialties = COALESCE($6::text[], l.specialties),"
    " active = COALESCE($7::boolean, l.active),"
    " region_code = COALESCE($8, l.region_code), center_id = COALESCE($9::bigint, l.center_id)"
    " WHERE l.user_id = $1 AND ($10::boolean OR l.center_id = ANY($11::bigint[]))"
    " RETURNING l.center_id",
    0};
static db_stmt q_lawyer_user_center = {
    "lawyer_user_center", "UPDATE users SET center_id = $2 WHERE id = $1", 0};
static db_stmt q_lawyer_clients_clear = {
    "lawyer_clients_clear", "DELETE FROM lawyer_clients WHERE lawyer_id = $1", 0};
static db_stmt q_lawyer_clients_add = {
    "lawyer_clients_add",
    "INSERT INTO lawyer_clients (lawyer_id, name, id_number)"
    " SELECT $1, x.name, NULLIF(x.id_number, '') FROM jsonb_to_recordset($2::jsonb)"
    " AS x(name text, id_number text)",
    0};
static db_stmt q_lawyer_json = {
    "lawyer_json",
    "SELECT json::text FROM api_lawyer WHERE user_id = $1",
    0};

typedef struct {
  const principal *p;
  int64_t id;
  const lawyer_patch *patch;
  char *json;
} lawyer_update_tx;

static db_status lawyer_update_body(PGconn *c, void *arg) {
  lawyer_update_tx *t = arg;
  const lawyer_patch *lp = t->patch;
  db_params p = {0};
  dbp_int(&p, t->id);
  dbp_str(&p, lp->license_no);
  dbp_str(&p, lp->firm);
  if (lp->kind >= 0)
    dbp_enum(&p, &ENUM_LAWYER_KIND, lp->kind);
  else
    dbp_str(&p, NULL);
  dbp_int_or_null(&p, lp->practice_years, lp->practice_years >= 0);
  if (lp->specialties_set)
    dbp_set(&p, &ENUM_CASE_TYPE, lp->specialties);
  else
    dbp_str(&p, NULL);
  if (lp->active < 0)
    dbp_str(&p, NULL);
  else
    dbp_bool(&p, lp->active == 1);
  dbp_str(&p, lp->region_code);
  dbp_int_or_null(&p, lp->center_id, lp->center_id > 0);
  if (!dbp_scope(&p, t->p)) return DB_ERROR;
  PGresult *r;
  db_status s = db_exec(c, &q_lawyer_update, &p, &r);
  if (s != DB_OK) return s;
  int n = PQntuples(r);
  PQclear(r);
  if (n != 1) return DB_NOT_FOUND;
  if (lp->center_id > 0) {
    db_params q = {0};
    dbp_int(&q, t->id);
    dbp_int(&q, lp->center_id);
    if ((s = db_exec(c, &q_lawyer_user_center, &q, NULL)) != DB_OK) return s;
  }
  if (lp->clients_json) {
    db_params q = {0};
    dbp_int(&q, t->id);
    if ((s = db_exec(c, &q_lawyer_clients_clear, &q, NULL)) != DB_OK) return s;
    dbp_str(&q, lp->clients_json);
    if ((s = db_exec(c, &q_lawyer_clients_add, &q, NULL)) != DB_OK) return s;
  }
  db_params j = {0};
  dbp_int(&j, t->id);
  return db_exec_text(c, &q_lawyer_json, &j, &t->json, NULL);
}

db_status store_lawyer_update(const principal *p, int64_t lawyer_id, const lawyer_patch *patch,
                              char **json) {
  lawyer_update_tx t = {p, lawyer_id, patch, NULL};
  db_status s = db_tx(lawyer_update_body, &t);
  if (s == DB_OK)
    *json = t.json;
  else
    free(t.json);
  return s;
}

/* ---- the accounts' life cycle ---- */

static db_stmt q_user_update = {
    "user_update",
    "UPDATE users u SET active = COALESCE($2::boolean, u.active),"
    " display_name = COALESCE($3, u.display_name), updated_at = now(), updated_by = $6"
    " WHERE u.id = $1 AND ($4::boolean OR u.center_id = ANY($5::bigint[]))"
    " RETURNING u.active",
    0};
static db_stmt q_user_sessions_end = {
    "user_sessions_end",
    "DELETE FROM sessions WHERE user_id = $1 AND ($2::bytea IS NULL OR token_hash <> $2::bytea)", 0};

typedef struct {
  const principal *p;
  int64_t id;
  int active;
  const char *display_name;
  char *json;
} user_update_tx;

static db_status user_update_body(PGconn *c, void *arg) {
  user_update_tx *t = arg;
  db_params p = {0};
  dbp_int(&p, t->id);
  if (t->active < 0)
    dbp_str(&p, NULL);
  else
    dbp_bool(&p, t->active == 1);
  dbp_str(&p, t->display_name);
  if (!dbp_scope(&p, t->p)) return DB_ERROR;
  dbp_int(&p, t->p->user_id);
  PGresult *r;
  db_status s = db_exec_row(c, &q_user_update, &p, &r);
  if (s != DB_OK) return s;
  bool active = db_bool(r, 0, 0);
  PQclear(r);
  if (!active) {
    db_params q = {0};
    dbp_int(&q, t->id);
    dbp_str(&q, NULL);
    if ((s = db_exec(c, &q_user_sessions_end, &q, NULL)) != DB_OK) return s;
  }
  db_params j = {0};
  dbp_int(&j, t->id);
  return db_exec_text(c, &q_user_json, &j, &t->json, NULL);
}

db_status store_user_update(const principal *p, int64_t id, int active, const char *display_name,
                            char **json) {
  user_update_tx t = {p, id, active, display_name, NULL};
  db_status s = db_tx(user_update_body, &t);
  if (s == DB_OK)
    *json = t.json;
  else
    free(t.json);
  return s;
}

static db_stmt q_user_password = {
    "user_set_password",
    "UPDATE users u SET password_hash = $2, password_change_required = $3::boolean,"
    " password_changed_at = now(), updated_at = now(), updated_by = $4"
    " WHERE u.id = $1 AND ($5::boolean OR u.center_id = ANY($6::bigint[]))",
    0};

typedef struct {
  const principal *scope;
  int64_t id, actor;
  const char *hash;
  bool change_required;
  const unsigned char *keep;
} set_password_tx;

static db_status set_password_body(PGconn *c, void *arg) {
  set_password_tx *t = arg;
  db_params p = {0};
  dbp_int(&p, t->id);
  dbp_str(&p, t->hash);
  dbp_bool(&p, t->change_required);
  dbp_int(&p, t->actor);
  if (t->scope) {
    if (!dbp_scope(&p, t->scope)) return DB_ERROR;
  } else {
    dbp_bool(&p, true);
    dbp_str(&p, "{}");
  }
  PGresult *r;
  db_status s = db_exec(c, &q_user_password, &p, &r);
  if (s != DB_OK) return s;
  bool found = strcmp(PQcmdTuples(r), "1") == 0;
  PQclear(r);
  if (!found) return DB_NOT_FOUND;
  char hx[67];
  db_params q = {0};
  dbp_int(&q, t->id);
  if (t->keep) {
    hex32(t->keep, hx);
    dbp_str(&q, hx);
  } else {
    dbp_str(&q, NULL);
  }
  if ((s = db_exec(c, &q_user_sessions_end, &q, NULL)) != DB_OK) return s;
  db_params e = {0};
  dbp_str(&e, t->change_required ? "password_reset" : "password_changed");
  dbp_str(&e, NULL);
  dbp_int(&e, t->id);
  dbp_str(&e, NULL);
  char detail[48];
  snprintf(detail, sizeof detail, "by user %lld", (long long)t->actor);
  dbp_str(&e, detail);
  return db_exec(c, &q_security_event, &e, NULL);
}

db_status store_user_set_password(const principal *scope, int64_t id, const char *hash,
                                  bool change_required, const unsigned char *keep,
                                  int64_t actor_id) {
  set_password_tx t = {scope, id, actor_id, hash, change_required, keep};
  return db_tx(set_password_body, &t);
}
