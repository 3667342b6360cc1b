/* The schema against the C that reads and writes it, on a database migrated by the real
 * daemon: every CHECK constraint that lists values equals its enumeration in
 * server/domain/enums.h, and every enumeration is stored under such a constraint. */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/enums.h"
#include "harness.h"

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

static Suite *schema_suite(void) {
  Suite *s = suite_create("store_schema");
  TCase *t = tcase_create("enumerations");
  tcase_add_checked_fixture(t, setup, teardown);
  tcase_add_test(t, every_listing_check_is_its_enumeration);
  tcase_add_test(t, every_enumeration_is_stored_under_a_check);
  suite_add_tcase(s, t);
  return s;
}

int main(void) {
  harness_start("schema");
  int failed = run_suite(schema_suite());
  int code = harness_stop();
  return failed == 0 && code == 0 ? 0 : 1;
}
