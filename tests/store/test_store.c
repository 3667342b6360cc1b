/* The store against a database migrated by the real daemon: the schema against the C that
 * reads and writes it (every CHECK constraint that lists values equals its enumeration in
 * server/domain/enums.h, and every enumeration is stored under such a constraint), and the
 * store's refusals to guess or cut short. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/case.h"
#include "domain/enums.h"
#include "harness.h"
#include "store/pg.h"

/* Where each enumeration is stored: table.column, its CHECK listing the values. A new stored
 * enumeration gets a line here (the test below fails until it has one). */
static const struct {
  const char *table, *column;
  const la_enum *e;
} stored[] = {
    {"users", "role", &ENUM_ROLE},
    {"lawyers", "kind", &ENUM_LAWYER_KIND},
    {"lawyers", "specialties", &ENUM_CASE_TYPE},
    {"holidays", "kind", &ENUM_CAL_DAY_KIND},
    {"cases", "status", &ENUM_STATUS},
    {"cases", "channel", &ENUM_CHANNEL},
    {"cases", "case_type", &ENUM_CASE_TYPE},
    {"cases", "matter", &ENUM_MATTER},
    {"cases", "stage", &ENUM_STAGE},
    {"cases", "criminal_grounds", &ENUM_CRIMINAL_GROUND},
    {"cases", "exemptions", &ENUM_EXEMPTION},
    {"cases", "groups", &ENUM_GROUP},
    {"cases", "flagged_groups", &ENUM_GROUP},
    {"cases", "applicant_sex", &ENUM_SEX},
    {"cases", "deadline_mode", &ENUM_DEADLINE_MODE},
    {"cases", "decision", &ENUM_DECISION},
    {"cases", "grade", &ENUM_GRADE},
    {"cases", "termination_ground", &ENUM_TERMINATION_GROUND},
    {"case_stages", "stage", &ENUM_STAGE},
    {"case_assignments", "end_reason", &ENUM_ASSIGNMENT_END},
    {"jurisdiction_settings", "deadline_mode", &ENUM_DEADLINE_MODE},
    {"subsidy_cells", "item", &ENUM_SUBSIDY_ITEM},
    {"subsidy_cells", "scope", &ENUM_SCOPE},
    {"subsidy_cells", "unit", &ENUM_SUBSIDY_UNIT},
    {"duty_shifts", "station", &ENUM_STATION},
    {"subsidy_claims", "status", &ENUM_CLAIM_STATUS},
    {"hotline_calls", "kind", &ENUM_CALL_KIND},
    {"hotline_calls", "topic", &ENUM_TOPIC},
    {"hotline_calls", "outcome", &ENUM_CALL_OUTCOME},
    {"consultations", "channel", &ENUM_CONSULT_CHANNEL},
    {"consultations", "topic", &ENUM_TOPIC},
    {"work_orders_12345", "topic", &ENUM_TOPIC},
    {"cases", "withdrawal_kind", &ENUM_WITHDRAWAL_KIND},
    {"cases", "forwarded_by_kind", &ENUM_FORWARDER},
    {"cases", "applicant_id_type", &ENUM_ID_TYPE},
    {"cases", "agent_relation", &ENUM_AGENT_RELATION},
    {"cases", "agent_id_type", &ENUM_ID_TYPE},
    {"case_recipients", "id_type", &ENUM_ID_TYPE},
    {"case_recipients", "sex", &ENUM_SEX},
    {"case_recipients", "groups", &ENUM_GROUP},
    {"case_attachments", "kind", &ENUM_ATTACHMENT_KIND},
    {"case_attachments", "content_type", &ENUM_ATTACHMENT_TYPE},
    {"cases", "materials_papers", &ENUM_ATTACHMENT_KIND},

};
#define NSTORED (sizeof stored / sizeof stored[0])

static PGconn *db;

static void setup(void) {
  db = PQconnectdb(harness_db_conninfo());
  ck_assert_msg(PQstatus(db) == CONNECTION_OK, "%s", PQerrorMessage(db));
}

static void teardown(void) { PQfinish(db); }

/* The quoted values of a constraint's ARRAY[...]: "{'a'::text, 'b'::text}" -> a, b. Returns
 * how many (at most max), each copied into vals[i]. */
static int array_values(const char *def, char vals[][64], int max) {
  const char *p = strstr(def, "ARRAY[");
  int n = 0;
  if (!p) return -1;
  for (p += 6; *p && *p != ']';) {
    if (*p != '\'') {
      p++;
      continue;
    }
    const char *end = strchr(p + 1, '\'');
    if (!end || n == max) return -1;
    snprintf(vals[n++], 64, "%.*s", (int)(end - p - 1), p + 1);
    p = end + 1;
  }
  return n;
}

/* Every single-column CHECK constraint that lists values. */
static PGresult *listing_checks(void) {
  PGresult *r = PQexec(db,
                       "SELECT t.relname, a.attname, pg_get_constraintdef(c.oid), c.conname"
                       " FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid"
                       " JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'"
                       " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
                       " WHERE c.contype = 'c' AND cardinality(c.conkey) = 1"
                       "   AND pg_get_constraintdef(c.oid) LIKE '%ARRAY[%'"
                       " ORDER BY 1, 2");
  ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK, "%s", PQerrorMessage(db));
  return r;
}

START_TEST(every_listing_check_is_its_enumeration) {
  PGresult *r = listing_checks();
  ck_assert_int_ge(PQntuples(r), (int)NSTORED);
  bool seen[NSTORED] = {false};
  for (int i = 0; i < PQntuples(r); i++) {
    const char *table = PQgetvalue(r, i, 0), *column = PQgetvalue(r, i, 1);
    const char *def = PQgetvalue(r, i, 2);
    size_t k = 0;
    while (k < NSTORED && (strcmp(stored[k].table, table) || strcmp(stored[k].column, column))) k++;
    ck_assert_msg(k < NSTORED, "%s.%s lists values (%s) but no enumeration is stored there",
                  table, column, def);
    seen[k] = true;
    const la_enum *e = stored[k].e;
    char vals[64][64];
    int n = array_values(def, vals, 64);
    ck_assert_msg(n == (int)e->count, "%s.%s lists %d values, %s has %zu: %s", table, column, n,
                  e->name, e->count, def);
    for (int v = 0; v < n; v++)
      ck_assert_msg(enum_find(e, vals[v], strlen(vals[v])) >= 0,
                    "%s.%s allows '%s', which %s does not have", table, column, vals[v], e->name);
  }
  PQclear(r);
  for (size_t k = 0; k < NSTORED; k++)
    ck_assert_msg(seen[k], "%s.%s has no CHECK listing %s's values", stored[k].table,
                  stored[k].column, stored[k].e->name);
}
END_TEST

START_TEST(every_enumeration_is_stored_under_a_check) {
  for (size_t i = 0; la_enums[i]; i++) {
    bool found = false;
    for (size_t k = 0; k < NSTORED; k++) found = found || stored[k].e == la_enums[i];
    ck_assert_msg(found, "the enumeration %s (%s, ...) is stored nowhere under a CHECK",
                  la_enums[i]->name, la_enums[i]->values[0]);
  }
}
END_TEST

/* ---- the columns a decision writes ---- */

/* Every column of domain/case.h's list exists in `cases` with a type of its kind: the store
 * writes them by these names. */
START_TEST(case_columns_exist_with_their_kinds) {
  static const struct {
    const char *column, *kind;
  } cols[] = {
#define COLUMN(col, kind, e) {#col, #kind},
      LA_CASE_COLUMNS(COLUMN)
#undef COLUMN
  };
  static const struct {
    const char *kind, *types;
  } types[] = {
      {"TEXT", "|text|"},           {"JSON", "|jsonb|"},   {"INT", "|integer|bigint|"},
      {"BOOL", "|boolean|"},        {"DATE", "|date|"},    {"TIME", "|timestamp with time zone|"},
      {"ENUM", "|text|"},           {"SET", "|ARRAY|"},
  };
  for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
    const char *params[1] = {cols[i].column};
    PGresult *r = PQexecParams(db,
                               "SELECT data_type FROM information_schema.columns"
                               " WHERE table_name = 'cases' AND column_name = $1",
                               1, NULL, params, NULL, NULL, 0);
    ck_assert_int_eq(PQresultStatus(r), PGRES_TUPLES_OK);
    ck_assert_msg(PQntuples(r) == 1, "cases has no column %s", cols[i].column);
    char type[80];
    snprintf(type, sizeof type, "|%s|", PQgetvalue(r, 0, 0));
    PQclear(r);
    const char *want = NULL;
    for (size_t k = 0; k < sizeof types / sizeof types[0]; k++)
      if (strcmp(types[k].kind, cols[i].kind) == 0) want = types[k].types;
    ck_assert_msg(want && strstr(want, type), "cases.%s is %s, not of kind %s", cols[i].column,
                  type, cols[i].kind);
  }
}
END_TEST

/* The masks of lists (mask_id_number, mask_phone) are inlined into the queries that call them,
 * not run as functions (an executor per call: 0013_a_masks_inlined.sql), and answer as before,
 * NULL for NULL. */
START_TEST(masks_are_inlined) {
  static const char *const fns[] = {"mask_id_number", "mask_phone"};
  for (size_t i = 0; i < 2; i++) {
    char sql[256];
    snprintf(sql, sizeof sql,
             "EXPLAIN (VERBOSE, COSTS OFF) SELECT %s(applicant_phone) FROM cases", fns[i]);
    PGresult *r = PQexec(db, sql);
    ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK, "%s", PQerrorMessage(db));
    for (int k = 0; k < PQntuples(r); k++)
      ck_assert_msg(!strstr(PQgetvalue(r, k, 0), fns[i]), "%s is not inlined: %s", fns[i],
                    PQgetvalue(r, k, 0));
    PQclear(r);
  }
  PGresult *r = PQexec(db, "SELECT mask_id_number('11010119900101123X'), mask_id_number('123'),"
                           " mask_phone('13812345678'), mask_phone('1234'),"
                           " mask_id_number(NULL) IS NULL AND mask_phone(NULL) IS NULL");
  ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK, "%s", PQerrorMessage(db));
  ck_assert_str_eq(PQgetvalue(r, 0, 0), "1101**********123X");
  ck_assert_str_eq(PQgetvalue(r, 0, 1), "***");
  ck_assert_str_eq(PQgetvalue(r, 0, 2), "138****5678");
  ck_assert_str_eq(PQgetvalue(r, 0, 3), "****");
  ck_assert_str_eq(PQgetvalue(r, 0, 4), "t");
  PQclear(r);
}
END_TEST

/* ---- no silent truncation, no guessing ---- */

/* SQL text grows as far as it needs (a 4 KB buffer used to drop what did not fit). */
START_TEST(sql_text_keeps_everything) {
  sql_text t = {0};
  for (int i = 0; i < 2000; i++) sql_addf(&t, " AND x%d = $%d", i, i + 1);
  ck_assert(!t.failed);
  ck_assert_uint_gt(t.len, 20000);
  ck_assert_uint_eq(strlen(t.s), t.len);
  ck_assert_ptr_nonnull(strstr(t.s, " AND x1999 = $2000"));
  sql_free(&t);
}
END_TEST

/* A parameter that does not fit fails the statement; it is never dropped (which shifted
 * every later value into the wrong place). */
START_TEST(parameters_that_do_not_fit_fail) {
  db_configure(harness_db_conninfo(), NULL);
  static db_stmt q = {"test_params", "SELECT $1::int", 0};
  db_params p = {0};
  for (int i = 0; i < DB_MAX_PARAMS; i++) dbp_int(&p, i);
  ck_assert(!p.failed);
  dbp_int(&p, DB_MAX_PARAMS);
  ck_assert(p.failed);
  PGresult *r = NULL;
  ck_assert_int_eq(db_query(&q, &p, &r), DB_ERROR);
  ck_assert_ptr_null(r);
  /* A set with a bit no value has, and a value out of the enumeration, fail likewise. */
  db_params s = {0};
  dbp_set(&s, &ENUM_GROUP, 1u << GROUP_COUNT);
  ck_assert(s.failed);
  db_params e = {0};
  dbp_enum(&e, &ENUM_STATUS, ST__COUNT);
  ck_assert(e.failed);
  db_params ok = {0};
  dbp_set(&ok, &ENUM_GROUP, (1u << GROUPIX_MINOR) | (1u << GROUPIX_LOW_INCOME));
  ck_assert(!ok.failed);
  ck_assert_str_eq(ok.v[0], "{minor,low_income}");
  db_thread_close();
}
END_TEST

/* Reading a row by name: a missing column, an unknown name, a value too long fail the row. */
START_TEST(rows_read_by_name_refuse_to_guess) {
  PGresult *r = PQexec(db, "SELECT 'archived'::text AS status, '{minor,rich}'::text AS groups,"
                           " 'abcdef'::text AS code, 'approved'::text AS known");
  ck_assert_int_eq(PQresultStatus(r), PGRES_TUPLES_OK);
  db_row w = {r, 0, "test", false};
  ck_assert_int_eq(row_enum(&w, "known", &ENUM_STATUS), ST_APPROVED);
  ck_assert(!w.failed);
  ck_assert_int_eq(row_enum(&w, "status", &ENUM_STATUS), -1);
  ck_assert(w.failed);
  w.failed = false;
  ck_assert_uint_eq(row_set(&w, "groups", &ENUM_GROUP), 1u << GROUPIX_MINOR);
  ck_assert(w.failed);
  w.failed = false;
  char small[4];
  row_copy(&w, "code", small, sizeof small);
  ck_assert(w.failed);
  ck_assert_str_eq(small, "");
  w.failed = false;
  row_int(&w, "no_such_column");
  ck_assert(w.failed);
  PQclear(r);
}
END_TEST

/* A pipeline (a write and the read of it, one round trip) is one transaction: when its second
 * statement fails, the first is undone. */
START_TEST(pipeline_is_one_transaction) {
  /* The probe table is the schema owner's; the store runs as the serving role. */
  PGconn *owner = PQconnectdb(harness_owner_conninfo());
  ck_assert_msg(PQstatus(owner) == CONNECTION_OK, "%s", PQerrorMessage(owner));
  PGresult *made = PQexec(owner, "CREATE TABLE pipeline_probe (x int);"
                                 " GRANT SELECT, INSERT ON pipeline_probe TO CURRENT_USER, PUBLIC");
  ck_assert_msg(PQresultStatus(made) == PGRES_COMMAND_OK, "%s", PQerrorMessage(owner));
  PQclear(made);
  PQfinish(owner);
  db_configure(harness_db_conninfo(), NULL);
  static db_stmt ins = {"test_probe_insert", "INSERT INTO pipeline_probe VALUES (1) RETURNING x", 0};
  static db_stmt bad = {"test_probe_fail", "SELECT 1 / (SELECT count(*) - 1 FROM pipeline_probe)",
                        0};
  static db_stmt good = {"test_probe_count", "SELECT count(*) FROM pipeline_probe", 0};
  db_stmt *const failing[] = {&ins, &bad};
  const db_params *const params[] = {NULL, NULL};
  PGresult *r[2];
  ck_assert_int_eq(db_pipeline(db_conn(), 2, failing, params, r), DB_ERROR);
  ck_assert_ptr_null(r[0]);
  PGresult *n = PQexec(db, "SELECT count(*) FROM pipeline_probe");
  ck_assert_str_eq(PQgetvalue(n, 0, 0), "0");
  PQclear(n);
  /* And it sees its own write. */
  db_stmt *const working[] = {&ins, &good};
  ck_assert_int_eq(db_pipeline(db_conn(), 2, working, params, r), DB_OK);
  ck_assert_str_eq(PQgetvalue(r[1], 0, 0), "1");
  PQclear(r[0]);
  PQclear(r[1]);
  db_thread_close();
  owner = PQconnectdb(harness_owner_conninfo());
  PQclear(PQexec(owner, "DROP TABLE pipeline_probe"));
  PQfinish(owner);
}
END_TEST

/* ---- a row's JSON written by the daemon (store/rowjson.c) ---- */

/* The values of rows_as_json_as_postgresql_writes_them: every type db_row_json writes, with
 * the escapes, offsets (whole hours, half hours, seconds: local mean time before 1901),
 * infinities and BC dates. */
#define JSON_ROWS                                                                             \
  " FROM (VALUES (1::bigint, 'plain'::text, 2147483647::int, true, '2024-02-29'::date,"       \
  "   '2024-03-05 08:30:00+08'::timestamptz, '{\"a\" : [1, 2]}'::json,"                       \
  "   '{\"b\": {\"c\": null}}'::jsonb, ARRAY['x', NULL, 'y \"q\"']::text[], (-3)::smallint),"  \
  "  (-9223372036854775808, E'q\"uote\\\\back\\nline\\ttab\\x01\\x1f\\x7f é中文😀', -1, false," \
  "   '0001-01-01', '2024-03-05 08:30:00.123456+00', 'null', '[]', ARRAY[]::text[], 0),"       \
  "  (0, '', NULL, NULL, NULL, 'infinity', NULL, NULL, NULL, NULL),"                           \
  "  (NULL, NULL, 0, true, 'infinity', '-infinity', '\"s\"', '\"é\"', NULL, NULL),"            \
  "  (5, 'x', 1, true, '2024-01-01', '1900-01-01 00:00:00', '1', '1.5', '{a}', 1),"            \
  "  (6, 'BC', 1, false, '0044-03-15 BC', '0044-03-15 12:00:00+00 BC', '{}', '{}', '{\"\"}', 1),"  \
  "  (7, 'y', 1, true, '10000-01-01', '10000-01-01 10:00:00.5+00', '2', '2', '{}', 2))"        \
  " t(id, s, n, b, d, ts, js, jb, arr, i2)"

/* db_row_json writes what json_build_object writes, byte for byte: columns "j:<key>", nested
 * objects ("j:<object>{" true opens it, false or NULL writes null and skips its keys) two deep,
 * a key of the outer object after the inner one, a key of the row after both; in four time
 * zones. The oracle is PostgreSQL's own json_build_object over the same values. */
START_TEST(rows_as_json_as_postgresql_writes_them) {
  static const char *const zones[] = {"Asia/Shanghai", "Asia/Kolkata", "America/St_Johns",
                                      "UTC"};
  static const char sql[] =
      "SELECT t.id AS \"not:written\", t.id AS \"j:id\", t.s AS \"j:s\", t.n AS \"j:n\","
      " t.b AS \"j:b\", t.d AS \"j:d\", t.ts AS \"j:ts\", t.js AS \"j:js\", t.jb AS \"j:jb\","
      " to_json(t.arr) AS \"j:arr\", t.i2 AS \"j:i2\", t.s IS NOT NULL AS \"j:o{\","
      " t.s AS \"j:o.s\", t.n AS \"j:o.n\", t.b AS \"j:o.p{\", t.ts AS \"j:o.p.ts\","
      " t.id AS \"j:o.p.id\", t.d AS \"j:o.after\", t.b AS \"j:last\", t.s AS \"other\","
      " json_build_object('id', t.id, 's', t.s, 'n', t.n, 'b', t.b, 'd', t.d, 'ts', t.ts,"
      "  'js', t.js, 'jb', t.jb, 'arr', t.arr, 'i2', t.i2, 'o', CASE WHEN t.s IS NOT NULL THEN"
      "  json_build_object('s', t.s, 'n', t.n, 'p', CASE WHEN t.b THEN json_build_object("
      "  'ts', t.ts, 'id', t.id) END, 'after', t.d) END, 'last', t.b)::text AS oracle" JSON_ROWS;
  for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
    char set[128];
    snprintf(set, sizeof set, "SET datestyle = ISO; SET timezone = '%s'", zones[z]);
    PQclear(PQexec(db, set));
    PGresult *r = PQexec(db, sql);
    ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK, "%s", PQerrorMessage(db));
    int oracle = PQfnumber(r, "oracle");
    ck_assert_int_eq(PQntuples(r), 7);
    for (int row = 0; row < PQntuples(r); row++) {
      char *mine = db_row_json_dup(r, row);
      ck_assert_ptr_nonnull(mine);
      ck_assert_msg(strcmp(mine, PQgetvalue(r, row, oracle)) == 0,
                    "%s, row %d:\n  written %s\n  want    %s", zones[z], row, mine,
                    PQgetvalue(r, row, oracle));
      free(mine);
    }
    PQclear(r);
  }
}
END_TEST

/* A JSON column of a type it does not write (numeric) or outside its object fails the row. */
START_TEST(rows_as_json_refuse_what_they_cannot_write) {
  static const char *const bad[] = {
      "SELECT 1::int AS \"j:a\", 1.5::numeric AS \"j:b\"",
      "SELECT 1::int AS \"j:a\", 2::int AS \"j:o.b\"",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    PGresult *r = PQexec(db, bad[i]);
    ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK, "%s", PQerrorMessage(db));
    ck_assert_ptr_null(db_row_json_dup(r, 0));
    PQclear(r);
  }
}
END_TEST

/* The store's connections read dates in the style db_row_json expects, whatever the database's
 * default: a database set to German dates still gets ISO, and the JSON's XSD dates. */
START_TEST(store_connections_read_iso_dates) {
  PGconn *owner = PQconnectdb(harness_owner_conninfo());
  ck_assert_msg(PQstatus(owner) == CONNECTION_OK, "%s", PQerrorMessage(owner));
  PGresult *n = PQexec(owner, "SELECT current_database()");
  char *name = PQescapeIdentifier(owner, PQgetvalue(n, 0, 0), strlen(PQgetvalue(n, 0, 0)));
  PQclear(n);
  char sql[256];
  snprintf(sql, sizeof sql, "ALTER DATABASE %s SET datestyle = 'German, DMY'", name);
  PGresult *a = PQexec(owner, sql);
  ck_assert_msg(PQresultStatus(a) == PGRES_COMMAND_OK, "%s", PQerrorMessage(owner));
  PQclear(a);
  db_configure(harness_db_conninfo(), NULL);
  static db_stmt q = {"test_iso_dates",
                      "SELECT '2024-03-05'::date AS \"j:d\","
                      " '2024-03-05 08:30:00+08'::timestamptz AS \"j:ts\"",
                      0};
  char *json = NULL;
  db_status s = db_query_json(&q, NULL, &json);
  db_thread_close();
  snprintf(sql, sizeof sql, "ALTER DATABASE %s RESET datestyle", name);
  PQclear(PQexec(owner, sql));
  PQfreemem(name);
  PQfinish(owner);
  ck_assert_int_eq(s, DB_OK);
  ck_assert_str_eq(json, "{\"d\" : \"2024-03-05\", \"ts\" : \"2024-03-05T08:30:00+08:00\"}");
  free(json);
}
END_TEST

static Suite *store_suite(void) {
  Suite *s = suite_create("store");
  TCase *t = tcase_create("schema");
  tcase_add_checked_fixture(t, setup, teardown);
  tcase_add_test(t, every_listing_check_is_its_enumeration);
  tcase_add_test(t, every_enumeration_is_stored_under_a_check);
  tcase_add_test(t, case_columns_exist_with_their_kinds);
  tcase_add_test(t, masks_are_inlined);
  suite_add_tcase(s, t);
  TCase *l = tcase_create("loud");
  tcase_add_checked_fixture(l, setup, teardown);
  tcase_add_test(l, sql_text_keeps_everything);
  tcase_add_test(l, parameters_that_do_not_fit_fail);
  tcase_add_test(l, rows_read_by_name_refuse_to_guess);
  tcase_add_test(l, pipeline_is_one_transaction);
  suite_add_tcase(s, l);
  TCase *j = tcase_create("rowjson");
  tcase_add_checked_fixture(j, setup, teardown);
  tcase_add_test(j, rows_as_json_as_postgresql_writes_them);
  tcase_add_test(j, rows_as_json_refuse_what_they_cannot_write);
  tcase_add_test(j, store_connections_read_iso_dates);
  suite_add_tcase(s, j);
  return s;
}

int main(void) {
  harness_start("store");
  int failed = run_suite(store_suite());
  int code = harness_stop();
  return failed == 0 && code == 0 ? 0 : 1;
}
