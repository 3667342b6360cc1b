#include "cases.h"

#include "pg.h"
#include "pii_log.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/calendar.h"
#include "domain/case.h"
#include "domain/timestamp.h"

/* The columns an intake writes besides its number: X(column, type). Their parameters follow
 * the number's, named P_<column>; case_insert binds each by that name. */
#define CASE_INSERT_VALUES(X)                  \
  X(channel, "text")                           \
  X(received_at, "timestamptz")                \
  X(case_type, "text")                         \
  X(matter, "text")                            \
  X(stage, "text")                             \
  X(venue_region_code, "text")                 \
  X(summary, "text")                           \
  X(opposing_party, "text")                    \
  X(opposing_party_id_number, "text")          \
  X(criminal_grounds, "text[]")                \
  X(exemptions, "text[]")                      \
  X(notice_organ_name, "text")                 \
  X(notice_no, "text")                         \
  X(applicant_name, "text")                    \
  X(applicant_id_number, "text")               \
  X(applicant_birth_date, "date")              \
  X(applicant_sex, "text")                     \
  X(applicant_phone, "text")                   \
  X(applicant_address, "text")                 \
  X(applicant_ethnicity, "text")               \
  X(groups, "text[]")                          \
  X(flagged_groups, "text[]")                  \
  X(household_size, "int")                     \
  X(household_monthly_income_fen, "bigint")    \
  X(eligibility, "jsonb")                      \
  X(decision_due, "date")                      \
  X(assignment_due, "date")                    \
  X(created_by, "bigint")                      \
  X(deadline_mode, "text")                     \
  X(applicant_id_type, "text")                 \
  X(retrial_ordered, "boolean")                \
  X(agent_name, "text")                        \
  X(agent_relation, "text")                    \
  X(agent_id_type, "text")                     \
  X(agent_id_number, "text")                   \
  X(agent_phone, "text")                       \
  X(recipients_count, "int")                   \
  X(forwarded_by_kind, "text")                 \
  X(forwarded_by_name, "text")                 \
  X(custody_received_at, "timestamptz")       \
  X(deadline_provisional, "boolean")

/* The parameters: the centre, the year, the pieces of the number (domain/case.h), then the
 * columns. */
enum {
  P_CENTER = 1,
  P_YEAR,
  P_NO_OPEN,
  P_NO_CLOSE,
  P_NO_KIND,
  P_NO_END,
  P_NO_DIGITS,
  P_ENDED, /* the statuses of an ended case (domain/case.h): not a duplicate */
#define P_COLUMN(col, type) P_##col,
  CASE_INSERT_VALUES(P_COLUMN)
#undef P_COLUMN
  P_NEXT
};

/* One statement: the centre's counter row for the year (locked until commit, so numbers are
 * never gapped nor reused), the case, and its intake event. Its text is made once from the
 * list above. Sent with q_case_inserted, which reads the case it wrote (api/views.c). */
static db_stmt q_case_insert = {"case_insert", NULL, 0};
static db_stmt q_case_inserted = {
    "case_inserted",
    "SELECT * FROM api_case($1, $2, $3)"
    " WHERE id = (SELECT currval(pg_get_serial_sequence('cases', 'id'))) AND full_pii",
    0};
static pthread_once_t case_insert_once = PTHREAD_ONCE_INIT;

/* Intakes into one centre overlap (issue 15). The centre's counter row stays locked until the
 * intake's transaction ends, which keeps the numbers without gap or repeat; with a synchronous
 * commit it ends only once the commit is on disk, so intakes into one centre waited for each
 * other's disk flush, one at a time. The intake's transaction now commits without waiting for
 * the flush (the lock goes as soon as the commit is in PostgreSQL's WAL buffers), and then, on
 * the same connection and before the answer, a transaction of its own that writes one WAL
 * record and commits synchronously (q_durable): its flush carries every earlier record of the
 * WAL, the intake's commit among them. So the answer still comes only once the case is on disk,
 * and the flushes of concurrent intakes are shared (group commit). A crash can only cut the WAL
 * at some point: the intakes after that point are lost together with their counter increments,
 * unanswered, so the numbers stay without gap or repeat. (tests/bench/RESULTS.md, "Intakes".) */
static db_stmt q_async_commit = {
    "async_commit", "SELECT set_config('synchronous_commit', 'off', true)", 0};
static db_stmt q_durable = {
    "durable", "SELECT pg_logical_emit_message(true, 'legalaid', 'durable')", 0};

/* The case's id, then its name's parts (case_name_parts, kept for the search by part of a name),
 * written in the intake's transaction before q_case_insert takes the centre's number: the
 * counter row stays locked from that number to the commit, and the parts (3-10 rows, each in
 * two indexes) no longer hold up the next intake into the centre. The insert trigger finds them
 * there and writes none (db/migrations/0012_a_name_parts_first.sql). q_case_insert inserts the
 * case under this id (currval). */
static db_stmt q_case_id = {"case_id", "SELECT nextval(pg_get_serial_sequence('cases', 'id'))", 0};
static db_stmt q_case_parts = {
    "case_parts",
    "INSERT INTO case_name_parts (part, case_id, center_id)"
    " SELECT p.part, currval(pg_get_serial_sequence('cases', 'id')), $2"
    " FROM legalaid_name_parts($1) p(part)",
    0};

static void case_insert_sql(void) {
  sql_text t = {0};
  sql_addf(&t,
           "WITH n AS ("
           "  INSERT INTO case_counters (center_id, year, last_no) VALUES ($%d, $%d, 1)"
           "  ON CONFLICT (center_id, year) DO UPDATE SET last_no = case_counters.last_no + 1"
           "  RETURNING last_no),"
           " c AS (INSERT INTO cases (id, center_id, case_no, case_year, case_seq",
           P_CENTER, P_YEAR);
#define NAME(col, type) sql_add(&t, ", " #col);
  CASE_INSERT_VALUES(NAME)
#undef NAME
  sql_addf(&t,
           ", duplicate_of)"
           "  SELECT currval(pg_get_serial_sequence('cases', 'id')), $%d,"
           "   $%d::text || $%d || $%d::text || ctr.case_no_prefix || $%d::text"
           "   || lpad(n.last_no::text, greatest($%d::int, length(n.last_no::text)), '0')"
           "   || $%d::text, $%d, n.last_no",
           P_CENTER, P_NO_OPEN, P_YEAR, P_NO_CLOSE, P_NO_KIND, P_NO_DIGITS, P_NO_END, P_YEAR);
#define VALUE(col, type) sql_addf(&t, ", $%d::%s", P_##col, type);
  CASE_INSERT_VALUES(VALUE)
#undef VALUE
  sql_addf(&t,
           ", ARRAY(SELECT d.id FROM cases d WHERE d.applicant_id_number = $%d"
           "          AND d.status <> ALL ($%d::text[]) ORDER BY d.id)"
           "  FROM n, centers ctr WHERE ctr.id = $%d RETURNING *),"
           " e AS (INSERT INTO case_events (case_id, actor_id, action, to_status, detail)"
           "  SELECT c.id, c.created_by, 'intake', 'submitted',"
           "   jsonb_build_object('channel', c.channel, 'case_no', c.case_no,"
           "    'duplicate_of', c.duplicate_of) FROM c)"
           " SELECT c.id FROM c",
           P_applicant_id_number, P_ENDED, P_CENTER);
  q_case_insert.sql = t.failed ? NULL : t.s; /* kept for the life of the process */
}

typedef struct {
  const intake *in;
  const char *elig;
  const principal *actor;
  const idem_req *key;
  case_create_result *out;
} case_create_tx;

static db_status case_insert(PGconn *c, const case_create_tx *t, bool standalone, int64_t *id,
                             char **json);

db_status store_case_insert_tx(PGconn *c, const intake *in, const char *elig,
                               const principal *actor, int64_t *id, char **json) {
  case_create_tx t = {in, elig, actor, NULL, NULL};
  return case_insert(c, &t, false, id, json);
}

/* The recipients of a case with several (API.md 1.1), inserted beside the case: one row per
 * element of the arrays, numbered from 1. */
static db_stmt q_recipients_insert = {
    "case_recipients_insert",
    "INSERT INTO case_recipients (case_id, seq, name, id_type, id_number, birth_date, sex,"
    " groups)"
    " SELECT currval(pg_get_serial_sequence('cases', 'id')), x.seq, x.name, x.id_type,"
    "  x.id_number, x.birth::date, x.sex, x.groups::text[]"
    " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])"
    "  WITH ORDINALITY AS x(name, id_type, id_number, birth, sex, groups, seq)",
    0};

/* One element of an array literal: NULL, or the text double-quoted with " and \ escaped. */
static void array_element(sql_text *t, size_t i, const char *v) {
  sql_add(t, i ? "," : "{");
  if (!v) {
    sql_add(t, "NULL");
    return;
  }
  sql_add(t, "\"");
  for (const char *c = v; *c; c++) {
    char one[3] = {*c, 0, 0};
    if (*c == '"' || *c == '\\') one[0] = '\\', one[1] = *c;
    sql_add(t, one);
  }
  sql_add(t, "\"");
}

/* The six arrays of q_recipients_insert (freed by the caller). */
static void recipients_arrays(const intake *in, sql_text cols[6]) {
  for (size_t i = 0; i < in->nrecipients; i++) {
    const recipient_in *r = &in->recipients[i];
    char birth[DATE_STR_LEN], sex[2] = {r->sex, 0}, groups[256];
    if (r->birth_known) date_format(r->birth_date, birth);
    size_t o = (size_t)snprintf(groups, sizeof groups, "{");
    for (int g = 0; g < GROUP_COUNT; g++)
      if (r->groups & (1u << g))
        o += (size_t)snprintf(groups + o, sizeof groups - o, "%s%s", o > 1 ? "," : "",
                              ENUM_GROUP.values[g]);
    snprintf(groups + o, sizeof groups - o, "}");
    array_element(&cols[0], i, r->name);
    array_element(&cols[1], i, ENUM_ID_TYPE.values[r->id_type < 0 ? IDT_RESIDENT_ID : r->id_type]);
    array_element(&cols[2], i, r->id_number);
    array_element(&cols[3], i, r->birth_known ? birth : NULL);
    array_element(&cols[4], i, sex[0] ? sex : NULL);
    array_element(&cols[5], i, groups);
  }
  for (int k = 0; k < 6; k++) sql_add(&cols[k], "}");
}

/* Parameter $k, whatever order the values come in. */
static db_params *at(db_params *p, int k) {
  p->n = k - 1;
  return p;
}

static void enum_or_null(db_params *p, const la_enum *e, int v) {
  if (v < 0)
    dbp_str(p, NULL);
  else
    dbp_enum(p, e, v);
}

/* The insert and the read of the new case, in one round trip: *id and *json (malloc'd).
 * standalone: outside any transaction of the caller's, the insert is its own transaction,
 * committed as q_durable says, then the read. */
static db_status case_insert(PGconn *c, const case_create_tx *t, bool standalone, int64_t *id,
                             char **json) {
  *json = NULL;
  pthread_once(&case_insert_once, case_insert_sql);
  if (!q_case_insert.sql) return DB_ERROR;
  const intake *in = t->in;
  const applicant_in *a = &in->applicant;
  char received[32];
  ts_format_local(in->received_at, received);
  char sex[2] = {in->id.sex, '\0'};
  db_params p = {0};
  dbp_int(at(&p, P_CENTER), in->center_id);
  dbp_int(at(&p, P_YEAR), date_year(in->application_date));
  dbp_str(at(&p, P_NO_OPEN), CASE_NO_OPEN);
  dbp_str(at(&p, P_NO_CLOSE), CASE_NO_CLOSE);
  dbp_str(at(&p, P_NO_KIND), CASE_NO_KIND);
  dbp_str(at(&p, P_NO_END), CASE_NO_END);
  dbp_int(at(&p, P_NO_DIGITS), CASE_NO_DIGITS);
  dbp_set(at(&p, P_ENDED), &ENUM_STATUS, CASE_ENDED);
  dbp_enum(at(&p, P_channel), &ENUM_CHANNEL, in->channel);
  dbp_str(at(&p, P_received_at), received);
  dbp_enum(at(&p, P_case_type), &ENUM_CASE_TYPE, in->case_type);
  enum_or_null(at(&p, P_matter), &ENUM_MATTER, in->matter);
  enum_or_null(at(&p, P_stage), &ENUM_STAGE, in->stage);
  dbp_str(at(&p, P_venue_region_code), in->venue_region_code);
  dbp_str(at(&p, P_summary), in->summary ? in->summary : "");
  dbp_str(at(&p, P_opposing_party), in->opposing_party);
  dbp_str(at(&p, P_opposing_party_id_number), in->opposing_party_id_number);
  dbp_set(at(&p, P_criminal_grounds), &ENUM_CRIMINAL_GROUND, in->criminal_grounds);
  dbp_set(at(&p, P_exemptions), &ENUM_EXEMPTION, in->exemptions);
  dbp_str(at(&p, P_notice_organ_name), in->notice_organ_name);
  dbp_str(at(&p, P_notice_no), in->notice_no);
  dbp_str(at(&p, P_applicant_name), a->name);
  dbp_str(at(&p, P_applicant_id_number), a->id_number);
  if (in->birth_known)
    dbp_date(at(&p, P_applicant_birth_date), in->id.birth);
  else
    dbp_str(at(&p, P_applicant_birth_date), NULL);
  dbp_str(at(&p, P_applicant_sex), sex[0] ? sex : NULL);
  dbp_str(at(&p, P_applicant_phone), a->phone);
  dbp_str(at(&p, P_applicant_address), a->address);
  dbp_str(at(&p, P_applicant_ethnicity), a->ethnicity);
  dbp_set(at(&p, P_groups), &ENUM_GROUP, in->groups);
  dbp_set(at(&p, P_flagged_groups), &ENUM_GROUP, a->flagged_groups);
  dbp_int_or_null(at(&p, P_household_size), a->household_size, a->household_size_set);
  dbp_int_or_null(at(&p, P_household_monthly_income_fen), a->household_monthly_income_fen,
                  a->income_set);
  dbp_str(at(&p, P_eligibility), t->elig);
  dbp_date(at(&p, P_decision_due), in->decision_due);
  if (in->assignment_due_set)
    dbp_date(at(&p, P_assignment_due), in->assignment_due);
  else
    dbp_str(at(&p, P_assignment_due), NULL);
  dbp_int(at(&p, P_created_by), t->actor->user_id);
  dbp_enum(at(&p, P_deadline_mode), &ENUM_DEADLINE_MODE, in->deadline_mode);
  dbp_enum(at(&p, P_applicant_id_type), &ENUM_ID_TYPE,
           a->id_type < 0 ? IDT_RESIDENT_ID : a->id_type);
  dbp_bool(at(&p, P_retrial_ordered), in->retrial_ordered);
  const agent_in *g = &in->agent;
  dbp_str(at(&p, P_agent_name), g->present ? g->name : NULL);
  enum_or_null(at(&p, P_agent_relation), &ENUM_AGENT_RELATION, g->present ? g->relation : -1);
  enum_or_null(at(&p, P_agent_id_type), &ENUM_ID_TYPE,
               !g->present ? -1 : g->id_type < 0 ? IDT_RESIDENT_ID : g->id_type);
  dbp_str(at(&p, P_agent_id_number), g->present ? g->id_number : NULL);
  dbp_str(at(&p, P_agent_phone), g->present ? g->phone : NULL);
  dbp_int(at(&p, P_recipients_count), in->nrecipients ? (int64_t)in->nrecipients : 1);
  enum_or_null(at(&p, P_forwarded_by_kind), &ENUM_FORWARDER, in->forwarded ? in->forwarded_by : -1);
  dbp_str(at(&p, P_forwarded_by_name), in->forwarded ? in->forwarded_by_name : NULL);
  char custody[32];
  if (in->forwarded) ts_format_local(in->custody_received_at, custody);
  dbp_str(at(&p, P_custody_received_at), in->forwarded ? custody : NULL);
  dbp_bool(at(&p, P_deadline_provisional), in->deadline_provisional);
  p.n = P_NEXT - 1;
  db_params viewer = {0}; /* who may read a duplicate (api_case) */
  if (!dbp_viewer(&viewer, t->actor)) return DB_ERROR;
  /* With several recipients, their rows go in the case's own transaction. */
  sql_text cols[6] = {{0}};
  db_params rp = {0};
  bool several = in->nrecipients > 0;
  if (several) {
    recipients_arrays(in, cols);
    for (int k = 0; k < 6; k++) dbp_str(&rp, cols[k].failed ? NULL : cols[k].s);
    for (int k = 0; k < 6; k++) rp.failed = rp.failed || cols[k].failed;
  }
  /* Standalone: the intake commits without waiting for its WAL flush, and the durable step
   * after it waits for the flush before the answer (see q_durable). */
  db_params np = {0}; /* the name's parts: the name, the centre */
  dbp_str(&np, a->name);
  dbp_int(&np, in->center_id);
  db_stmt *stmts[7];
  const db_params *params[7];
  bool sync_after[7];
  int n = 0;
  if (standalone) stmts[n] = &q_async_commit, params[n] = NULL, sync_after[n++] = false;
  stmts[n] = &q_case_id, params[n] = NULL, sync_after[n++] = false;
  stmts[n] = &q_case_parts, params[n] = &np, sync_after[n++] = false;
  int ins = n;
  stmts[n] = &q_case_insert, params[n] = &p, sync_after[n++] = !several;
  if (several) stmts[n] = &q_recipients_insert, params[n] = &rp, sync_after[n++] = true;
  if (standalone) stmts[n] = &q_durable, params[n] = NULL, sync_after[n++] = true;
  int read = n;
  stmts[n] = &q_case_inserted, params[n] = &viewer, sync_after[n++] = true;
  PGresult *r[7] = {NULL};
  db_status s = standalone ? db_pipeline_steps(c, n, stmts, params, sync_after, r)
                           : db_pipeline(c, n, stmts, params, r);
  for (int k = 0; k < 6; k++) sql_free(&cols[k]);
  if (s != DB_OK) return s;
  if (PQntuples(r[ins]) != 1 || PQntuples(r[read]) != 1) {
    s = DB_NOT_FOUND; /* no such centre */
  } else {
    *id = db_int(r[ins], 0, 0);
    *json = db_row_json_dup(r[read], 0);
    if (!*json) s = DB_ERROR;
  }
  for (int i = 0; i < n; i++) PQclear(r[i]);
  return s;
}

static db_status case_create_body(PGconn *c, void *arg) {
  case_create_tx *t = arg;
  t->out->idem = IDEM_FRESH;
  db_status s = idem_begin(c, t->actor->user_id, t->key, &t->out->idem,
                           &t->out->replay_status, &t->out->json);
  if (s != DB_OK) return s;
  if (t->out->idem == IDEM_MISMATCH) return DB_ABORT;
  /* A replay writes nothing here, yet is answered only once the first answer's case is durable
   * (on the synchronous standby too): store_case_create's q_durable waits for that. */
  if (t->out->idem == IDEM_REPLAY) return DB_OK;
  /* Commits without waiting for the disk; store_case_create waits for it (q_durable). */
  if ((s = db_exec(c, &q_async_commit, NULL, NULL)) != DB_OK) return s;
  int64_t id;
  s = case_insert(c, t, false, &id, &t->out->json);
  if (s == DB_NOT_FOUND) return DB_REFUSED; /* no such centre */
  if (s != DB_OK) return s;
  return idem_finish(c, t->actor->user_id, t->key, t->out->json);
}

db_status store_case_create(const intake *in, const char *eligibility_json, const principal *actor,
                            const idem_req *key, case_create_result *out) {
  memset(out, 0, sizeof *out);
  case_create_tx t = {in, eligibility_json, actor, key, out};
  if (!key || !key->key) {
    /* One statement is its own transaction: a single round trip. */
    int64_t id;
    db_status s = case_insert(db_conn(), &t, true, &id, &out->json);
    return s == DB_NOT_FOUND ? DB_REFUSED : s;
  }
  db_status s = db_tx(case_create_body, &t);
  if (s == DB_ABORT) return DB_OK; /* a mismatch: out->idem says so */
  /* Fresh or replayed, the intake on disk (and on a synchronous standby) before the answer. */
  if (s == DB_OK) s = db_exec(db_conn(), &q_durable, NULL, NULL);
  if (s != DB_OK) {
    free(out->json);
    out->json = NULL;
  }
  return s;
}

/* Who may read it: $2 all centres, $3 the centres, $4 the lawyer (0: any), $5 full_pii. */
#define CASE_READ_SCOPE \
  "   AND ($2::boolean OR v.center_id = ANY($3::bigint[]))" \
  "   AND ($4::bigint = 0 OR v.lawyer_id = $4) AND v.full_pii = $5::boolean"

/* The read alone: the row of a staff read (full_pii) goes to pii_reads through the writer of
 * store/pii_log.h, queued before the answer and written apart, in batches. A read it cannot
 * queue is refused (DB_UNAVAILABLE), never answered unlogged. */
static db_stmt q_case_get = {
    "case_get", "SELECT v.* FROM api_case($2, $3, $4) v WHERE v.id = $1" CASE_READ_SCOPE,
    0};

const char *store_case_get_sql(void) { return q_case_get.sql; }

/* A staff read of personal data (status DB_OK, *json its answer) queued for pii_reads, or
 * refused: DB_UNAVAILABLE, *json freed. */
static db_status pii_logged(int64_t user_id, int64_t case_id, db_status s, char **json) {
  if (s != DB_OK || store_pii_log_case_read(user_id, case_id)) return s;
  free(*json);
  *json = NULL;
  return DB_UNAVAILABLE;
}

/* The parameters of a read but its id ($1): the scope, lawyer and full_pii. */
static bool case_read_params(db_params *p, const principal *pr, bool full_pii) {
  if (!dbp_scope(p, pr)) return false;
  dbp_int(p, pr->role == ROLE_LAWYER ? pr->user_id : 0);
  dbp_bool(p, full_pii);
  return !p->failed;
}

db_status store_case_get(const principal *pr, int64_t id, bool full_pii, char **json) {
  db_params p = {0};
  dbp_int(&p, id);
  if (!case_read_params(&p, pr, full_pii)) return DB_ERROR;
  db_status s = db_query_json(&q_case_get, &p, json);
  return full_pii ? pii_logged(pr->user_id, id, s, json) : s;
}

/* Reads waiting together, of the same scope: one statement for all their ids, planned and
 * started once (a case's statement costs PostgreSQL more to start than to run: 8 cases in one
 * statement came to 2.9x the cases a second of one each, tests/bench/RESULTS.md). The same
 * rows as q_case_get's for each id; $1 the ids as a bigint[]. */
static db_stmt q_case_get_many = {
    "case_get_many",
    "SELECT v.* FROM api_case($2, $3, $4) v WHERE v.id = ANY($1::bigint[])"
    CASE_READ_SCOPE,
    0};

/* A read's parameters, $1 (the ids) left for its group. */
static bool many_params(db_params *p, const case_read *r) {
  dbp_str(p, NULL);
  return case_read_params(p, r->pr, r->full_pii);
}

static bool same_params(const db_params *a, const db_params *b) {
  if (a->n != b->n) return false;
  for (int i = 1; i < a->n; i++)
    if (strcmp(a->v[i], b->v[i]) != 0) return false;
  return true;
}

/* One group: reads[k] for k in idx (n of them, the same parameters p but $1). */
static void case_get_group(case_read *reads, const int *idx, int n, db_params *p) {
  int64_t id_of[CASE_READS_MAX];
  char ids[CASE_READS_MAX * 21 + 3];
  for (int k = 0; k < n; k++) id_of[k] = reads[idx[k]].id;
  db_bigint_array(ids, sizeof ids, id_of, (size_t)n); /* fits: sized for CASE_READS_MAX */
  p->v[0] = ids;
  PGresult *r;
  db_status s = db_query(&q_case_get_many, p, &r);
  for (int k = 0; k < n; k++) reads[idx[k]].status = s == DB_OK ? DB_NOT_FOUND : s;
  if (s != DB_OK) return;
  for (int row = 0; row < PQntuples(r); row++) {
    int64_t id = db_int(r, row, 0);
    for (int k = 0; k < n; k++) {
      case_read *c = &reads[idx[k]];
      if (c->id != id || c->status == DB_OK) continue;
      c->json = db_row_json_dup(r, row);
      c->status = c->json ? DB_OK : DB_ERROR;
    }
  }
  PQclear(r);
}

void store_case_get_many(case_read *reads, int n) {
  bool done[CASE_READS_MAX] = {false};
  if (n > CASE_READS_MAX) { /* the rest as another call, so that none is left unanswered */
    store_case_get_many(reads + CASE_READS_MAX, n - CASE_READS_MAX);
    n = CASE_READS_MAX;
  }
  for (int i = 0; i < n; i++) {
    reads[i].json = NULL;
    reads[i].status = DB_ERROR;
  }
  for (int i = 0; i < n; i++) {
    if (done[i]) continue;
    db_params lead = {0}, other;
    int idx[CASE_READS_MAX], m = 0;
    idx[m++] = i;
    done[i] = true;
    if (!many_params(&lead, &reads[i])) continue;
    for (int j = i + 1; j < n; j++) {
      if (done[j]) continue;
      memset(&other, 0, sizeof other);
      if (many_params(&other, &reads[j]) && same_params(&lead, &other)) {
        idx[m++] = j;
        done[j] = true;
      }
    }
    if (m == 1) {
      reads[i].status = store_case_get(reads[i].pr, reads[i].id, reads[i].full_pii, &reads[i].json);
      continue;
    }
    case_get_group(reads, idx, m, &lead);
    /* Each staff read of personal data in pii_reads under its own user, as store_case_get. */
    for (int k = 0; k < m; k++) {
      case_read *c = &reads[idx[k]];
      if (c->full_pii) c->status = pii_logged(c->pr->user_id, c->id, c->status, &c->json);
    }
  }
}

/* A growing SQL text whose values all travel as parameters. */
typedef struct {
  sql_text sql;
  db_params p;
} sql_builder;

static void sb_add(sql_builder *b, const char *text) { sql_add(&b->sql, text); }

/* Appends a fragment holding one "$?" replaced by the last parameter's number. */
static void sb_param(sql_builder *b, const char *frag) {
  const char *q = strstr(frag, "$?");
  if (!q)
    sql_add(&b->sql, frag);
  else
    sql_addf(&b->sql, "%.*s$%d%s", (int)(q - frag), frag, b->p.n, q + 2);
}

/* s with LIKE's wildcards escaped, into out (len bytes); false when it does not fit. */
static bool like_escape(const char *in, char *out, size_t len) {
  size_t o = 0;
  for (; *in; in++) {
    if (o + 3 > len) return false;
    if (*in == '%' || *in == '_' || *in == '\\') out[o++] = '\\';
    out[o++] = *in;
  }
  out[o] = '\0';
  return true;
}

/* A search by part of a name reads case_name_parts, which holds the parts of each applicant name
 * of up to this many characters (legalaid_name_parts, db/migrations/0011_a_name_parts.sql: the
 * same 32). A longer q cannot be there: it is matched with LIKE on the cases themselves, the
 * trigram indexes of 0009_b_search.sql (such a search is rare, and its long pattern a selective
 * one). */
#define NAME_PART_MAX 32

/* Characters of a UTF-8 text (the bytes that do not continue a character). */
static size_t utf8_chars(const char *s) {
  size_t n = 0;
  for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

/* The rows of a search's page (store_cases_list): the cases of the ids ($4, {a,b,...}) the
 * caller may read, newest first, for db_list_page_rows. The caller's scope applies again here,
 * beside the search's. Prepared once (shaped). */
#define SEARCH_PAGE_SQL                                                \
  "SELECT v.* FROM api_case($1, $2, $3) v WHERE NOT v.full_pii"        \
  " AND v.id = ANY ($4::bigint[]) AND ($1 OR v.center_id = ANY ($2))"  \
  " AND ($3 = 0 OR v.lawyer_id = $3) ORDER BY v.id DESC"

typedef struct {
  const char *ids_sql;   /* selects the page's ids as one bigint[] text (NULL for none) */
  const db_params *ids;  /* its parameters */
  const principal *pr;
  int limit;
  char **json;
} search_page;

static db_status search_page_run(PGconn *c, void *arg) {
  search_page *sp = arg;
  PGresult *r;
  db_status s = db_exec_dynamic(c, sp->ids_sql, sp->ids, &r);
  if (s != DB_OK) return s;
  db_params p = {0};
  if (dbp_viewer(&p, sp->pr)) {
    dbp_str(&p, db_text(r, 0, 0));
    sql_text page = {0};
    sql_add(&page, SEARCH_PAGE_SQL);
    s = db_list_page_rows(c, &page, &p, sp->limit, true, sp->json);
    sql_free(&page);
  } else {
    s = DB_ERROR;
  }
  PQclear(r);
  return s;
}

/* A case number holds the search's pattern ($like, LIKE-escaped): its own or one it had before
 * a transfer (the applicant's receipt bears that one). The former numbers are read only for
 * the few cases that have some, through the partial trigram index of
 * 0014_a_former_numbers_search.sql (a pattern of three characters or more) alongside the
 * numbers' own. */
static void number_like(sql_text *sql, int like) {
  sql_addf(sql,
           "(c.case_no LIKE '%%' || $%d || '%%' OR (c.former_case_nos <> '{}'"
           " AND legalaid_former_nos(c.former_case_nos) LIKE '%%' || $%d || '%%'))",
           like, like);
}

db_status store_cases_list(const principal *pr, const case_filter *f, char **json) {
  /* b.sql: the list's filters, each on `c`, a row of cases or of api_case (the same columns),
   * so that the substring search can apply them inside its two halves too; their parameters
   * from $1 on. */
  sql_builder b = {0};
  char from[DATE_STR_LEN], to[DATE_STR_LEN], qlike[1024];
  int scope = 0, center = 0, before = 0, part = 0, like = 0; /* their parameters' numbers */
  if (!pr->all_centers) {
    if (!dbp_centers(&b.p, pr)) return DB_ERROR;
    scope = b.p.n;
    sb_param(&b, " AND c.center_id = ANY($?::bigint[])");
  }
  if (f->center_id) {
    dbp_int(&b.p, f->center_id);
    center = b.p.n;
    sb_param(&b, " AND c.center_id = $?");
  }
  if (f->before_id) {
    dbp_int(&b.p, f->before_id);
    before = b.p.n;
    sb_param(&b, " AND c.id < $?");
  }
  /* The filters so far (scope, centre, cursor) are also columns of case_name_parts; a search
   * by part of a name with no other reads the parts alone, without joining the cases. */
  size_t parts_only = b.sql.len;
  if (pr->role == ROLE_LAWYER) {
    dbp_int(&b.p, pr->user_id);
    sb_param(&b, " AND c.lawyer_id = $?");
  }
  if (f->lawyer_id) {
    dbp_int(&b.p, f->lawyer_id);
    sb_param(&b, " AND c.lawyer_id = $?");
  }
  if (f->status >= 0) {
    dbp_str(&b.p, enum_name(&ENUM_STATUS, f->status));
    sb_param(&b, " AND c.status = $?");
  }
  if (f->case_type >= 0) {
    dbp_str(&b.p, enum_name(&ENUM_CASE_TYPE, f->case_type));
    sb_param(&b, " AND c.case_type = $?");
  }
  if (f->channel >= 0) {
    dbp_str(&b.p, enum_name(&ENUM_CHANNEL, f->channel));
    sb_param(&b, " AND c.channel = $?");
  }
  if (f->from_set) {
    date_format(f->from, from);
    dbp_str(&b.p, from);
    sb_param(&b, " AND c.received_at >= $?::date::timestamptz");
  }
  if (f->to_set) {
    date_format(f->to, to);
    dbp_str(&b.p, to);
    sb_param(&b, " AND c.received_at < ($?::date + 1)::timestamptz");
  }
  if (f->overdue) {
    dbp_set(&b.p, &ENUM_STATUS, CASE_AWAITING_DECISION);
    sb_param(&b, " AND ((c.status = ANY ($?::text[]) AND c.decision_due < current_date)");
    dbp_set(&b.p, &ENUM_STATUS, CASE_AWAITING_ASSIGNMENT);
    sb_param(&b, " OR (c.status = ANY ($?::text[]) AND c.assignment_due < current_date))");
  }
  /* The worklist's other deadlines: papers owed after urgent aid (Art. 44), the organ not yet
   * told who the lawyer is (Art. 36). */
  if (f->papers_owed)
    sb_add(&b, " AND c.id IN (SELECT k.id FROM cases k WHERE k.papers_due IS NOT NULL"
               " AND k.papers_received_at IS NULL)");
  if (f->organ_notice_owed)
    sb_add(&b, " AND c.id IN (SELECT k.id FROM cases k WHERE k.organ_notice_due IS NOT NULL"
               " AND k.organ_notified_on IS NULL)");
  if (f->due_within_days >= 0) {
    dbp_set(&b.p, &ENUM_STATUS, CASE_AWAITING_DECISION);
    sb_param(&b, " AND ((c.status = ANY ($?::text[])");
    dbp_int(&b.p, f->due_within_days);
    sb_param(&b, " AND c.decision_due BETWEEN current_date AND current_date + $?::int)");
    dbp_set(&b.p, &ENUM_STATUS, CASE_AWAITING_ASSIGNMENT);
    sb_param(&b, " OR (c.status = ANY ($?::text[])");
    dbp_int(&b.p, f->due_within_days);
    sb_param(&b, " AND c.assignment_due BETWEEN current_date AND current_date + $?::int))");
  }
  if (f->q && *f->q) {
    size_t ql = strlen(f->q);
    if (ql == 18) {
      dbp_str(&b.p, f->q);
      sb_param(&b, " AND c.applicant_id_number = upper($?)");
    } else if (ql == 11 && strspn(f->q, "0123456789") == 11) {
      dbp_str(&b.p, f->q);
      sb_param(&b, " AND c.applicant_phone = $?");
    } else {
      /* Any part of the name or of the case number. */
      if (!like_escape(f->q, qlike, sizeof qlike)) {
        fprintf(stderr, "db: cases_list: a search of %zu bytes does not fit\n", ql);
        sql_free(&b.sql);
        return DB_ERROR;
      }
      dbp_str(&b.p, qlike);
      like = b.p.n;
      if (utf8_chars(f->q) <= NAME_PART_MAX) {
        dbp_str(&b.p, f->q);
        part = b.p.n;
      } else {
        sql_addf(&b.sql, " AND (c.applicant_name LIKE '%%' || $%d || '%%' OR ", like);
        number_like(&b.sql, like);
        sql_add(&b.sql, ")");
      }
    }
  }
  dbp_int(&b.p, f->limit);
  int limit = b.p.n;
  const char *filters = b.sql.s ? b.sql.s : "";
  sql_text page = {0};
  db_status s;
  if (!like) {
    /* Then who may read a duplicate (api_case's arguments). */
    int viewer = b.p.n + 1;
    if (!dbp_viewer(&b.p, pr)) {
      sql_free(&b.sql);
      return DB_ERROR;
    }
    sql_addf(&page,
             "SELECT c.* FROM api_case($%d, $%d, $%d) c WHERE NOT c.full_pii",
             viewer, viewer + 1, viewer + 2);
    sql_add(&page, filters);
    sql_addf(&page, " ORDER BY c.id DESC LIMIT $%d", limit);
    /* A list's text has one of a few shapes (which filters are set), prepared once per
     * connection (db_query_shaped): a worklist page spent most of its time in PostgreSQL
     * planning it (tests/bench/RESULTS.md, "Prepared lists"). */
    s = b.sql.failed ? DB_ERROR : db_list_page_rows(NULL, &page, &b.p, f->limit, true, json);
  } else {
    /* The ids as one bigint[] for the JSON's statement. */
    sql_add(&page, "SELECT array_agg(x.id)::text FROM (");
    if (!part) {
      sql_add(&page, "SELECT c.id FROM cases c WHERE true");
      sql_add(&page, filters);
      sql_addf(&page, " ORDER BY c.id DESC LIMIT $%d) x", limit);
    } else {
      /* The page of a search by part of a name or of a case number: the newest cases holding
       * the part in their name (case_name_parts read backwards from the newest, through the
       * index of the centre when the list is within centres) and the newest holding it in
       * a case number of theirs, present or former (number_like), each with every filter of
       * the list and at most a page, then the
       * newest of both. The same cases as
       *   (c.applicant_name LIKE '%q%' OR <number_like>) ORDER BY c.id DESC LIMIT n,
       * whose work grew with the number of matches (a common name: thousands at 2 M cases;
       * the trigram indexes have no order), where this reads about a page whatever their
       * number. The case numbers: through their trigram index from 3 characters on. A shorter
       * q has no trigram, so the newest cases are walked until a page of numbers holds it (a
       * given name of two characters, which no number holds: every case); when the names gave
       * a full page, only the cases newer than its last can be in the page, and the walk stops
       * there: as far back as the LIKE of both columns walked. The names half joins the
       * cases only for a filter case_name_parts lacks (not the scope, centre or cursor). */
      bool joined = b.sql.len > parts_only;
      sql_add(&page, "SELECT x.id FROM (WITH n AS (SELECT p.case_id FROM case_name_parts p");
      if (joined) sql_add(&page, " JOIN cases c ON c.id = p.case_id");
      sql_addf(&page, " WHERE p.part = $%d", part);
      if (scope) sql_addf(&page, " AND p.center_id = ANY($%d::bigint[])", scope);
      if (center) sql_addf(&page, " AND p.center_id = $%d", center);
      if (before) sql_addf(&page, " AND p.case_id < $%d", before);
      if (joined) sql_add(&page, filters);
      sql_addf(&page, " ORDER BY p.case_id DESC LIMIT $%d)", limit);
      sql_add(&page, " SELECT n.case_id AS id FROM n UNION (SELECT c.id FROM cases c WHERE ");
      number_like(&page, like);
      if (utf8_chars(f->q) < 3)
        sql_addf(&page,
                 " AND c.id >= (SELECT CASE WHEN count(*) = $%d THEN min(n.case_id) ELSE 0 END"
                 " FROM n)",
                 limit);
      sql_add(&page, filters);
      sql_addf(&page, " ORDER BY c.id DESC LIMIT $%d)) x ORDER BY x.id DESC LIMIT $%d) x", limit,
               limit);
    }
    /* A substring search is planned each time: how many case numbers hold the pattern decides
     * between walking the newest cases and the trigram index, and one kept plan would serve a
     * rare pattern as a common one. So it is two statements in one snapshot: the page's ids,
     * planned each time over the bare tables (under a millisecond), then their JSON by a
     * prepared statement: planned with the JSON of api_case, the search spent about half of its
     * time in PostgreSQL planning (tests/bench/RESULTS.md, "Search: the ids, then their JSON"). */
    search_page sp = {.ids_sql = page.s, .ids = &b.p, .pr = pr, .limit = f->limit, .json = json};
    s = b.sql.failed || page.failed ? DB_ERROR : db_tx_snapshot(search_page_run, &sp);
  }
  sql_free(&b.sql);
  sql_free(&page);
  return s;
}

static db_stmt q_case_events = {
    "case_events",
    "SELECT json_build_object('items', COALESCE((SELECT json_agg(json_build_object("
    "   'id', e.id, 'at', date_trunc('second', e.at), 'actor_id', e.actor_id,"
    "   'actor', COALESCE(NULLIF(u.display_name, ''), u.username), 'action', e.action,"
    "   'from_status', e.from_status, 'to_status', e.to_status, 'detail', e.detail)"
    "   ORDER BY e.id) FROM case_events e LEFT JOIN users u ON u.id = e.actor_id"
    "   WHERE e.case_id = c.id), '[]'), 'next_cursor', NULL)::text"
    " FROM cases c WHERE c.id = $1 AND ($2::boolean OR c.center_id = ANY($3::bigint[]))"
    "   AND ($4::bigint = 0 OR c.lawyer_id = $4)",
    0};

db_status store_case_events(const principal *pr, int64_t id, char **json) {
  db_params p = {0};
  dbp_int(&p, id);
  if (!dbp_scope(&p, pr)) return DB_ERROR;
  dbp_int(&p, pr->role == ROLE_LAWYER ? pr->user_id : 0);
  return db_query_text(&q_case_events, &p, json, NULL);
}

static db_stmt q_pii_search = {
    "pii_search",
    "INSERT INTO pii_reads (user_id, purpose, term, client_ip) VALUES ($1, $2, $3, $4)", 0};

db_status store_pii_search(int64_t user_id, const char *purpose, const char *masked_term,
                           const char *client_ip) {
  db_params p = {0};
  dbp_int(&p, user_id);
  dbp_str(&p, purpose);
  dbp_str(&p, masked_term);
  dbp_str(&p, client_ip);
  return db_exec(db_conn(), &q_pii_search, &p, NULL);
}
