#include "cases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_json.h"
#include "domain/calendar.h"
#include "domain/groups.h"

void db_enum_array_literal(const la_enum *e, unsigned bits, char *out, size_t len) {
  size_t used = 0;
  out[used++] = '{';
  for (size_t i = 0; i < e->count && i < 32; i++) {
    if (!(bits & (1u << i))) continue;
    size_t l = strlen(e->values[i]);
    if (used + l + 3 > len) break;
    if (used > 1) out[used++] = ',';
    memcpy(out + used, e->values[i], l);
    used += l;
  }
  out[used++] = '}';
  out[used] = '\0';
}

static void groups_literal(unsigned bits, char *out, size_t len) {
  size_t used = 0;
  out[used++] = '{';
  for (int i = 0; i < GROUP_COUNT; i++) {
    if (!(bits & (1u << i))) continue;
    size_t l = strlen(group_names[i]);
    if (used + l + 3 > len) break;
    if (used > 1) out[used++] = ',';
    memcpy(out + used, group_names[i], l);
    used += l;
  }
  out[used++] = '}';
  out[used] = '\0';
}

/* One statement: the centre's counter row for the year (locked until commit, so numbers are
 * never gapped nor reused), the case, and its intake event. */
static db_stmt q_case_insert = {
    "case_insert",
    "WITH n AS ("
    "  INSERT INTO case_counters (center_id, year, last_no) VALUES ($1, $2, 1)"
    "  ON CONFLICT (center_id, year) DO UPDATE SET last_no = case_counters.last_no + 1"
    "  RETURNING last_no),"
    " c AS ("
    "  INSERT INTO cases (center_id, case_no, case_year, case_seq, channel, received_at,"
    "   case_type, matter, stage, venue_region_code, summary, opposing_party,"
    "   opposing_party_id_number, criminal_grounds, exemptions, notice_organ_name, notice_no,"
    "   applicant_name, applicant_id_number, applicant_birth_date, applicant_sex,"
    "   applicant_phone, applicant_address, applicant_ethnicity, groups, flagged_groups,"
    "   household_size, household_monthly_income_fen, eligibility, decision_due,"
    "   assignment_due, created_by, deadline_mode, duplicate_of)"
    "  SELECT $1, '(' || $2 || ')' || ctr.case_no_prefix || '法援字第' ||"
    "    CASE WHEN n.last_no < 10000 THEN lpad(n.last_no::text, 4, '0') ELSE n.last_no::text END"
    "    || '号', $2, n.last_no, $3, to_timestamp($4), $5, $6, $7, $8, COALESCE($9, ''), $10,"
    "    $11, $12::text[], $13::text[], $14, $15, $16, $17, $18::date, $19, $20, $21, $22,"
    "    $23::text[], $24::text[], $25, $26, $27::jsonb, $28::date, $29::date, $30, $31,"
    "    ARRAY(SELECT d.id FROM cases d WHERE d.applicant_id_number = $17"
    "          AND d.status NOT IN ('closed', 'terminated', 'rejected') ORDER BY d.id)"
    "  FROM n, centers ctr WHERE ctr.id = $1"
    "  RETURNING *),"
    " e AS (INSERT INTO case_events (case_id, actor_id, action, to_status, detail)"
    "  SELECT c.id, $30, 'intake', 'submitted',"
    "   jsonb_build_object('channel', c.channel, 'case_no', c.case_no,"
    "    'duplicate_of', c.duplicate_of) FROM c)"
    " SELECT " CASE_JSON("c", "true", "$32::boolean OR d.center_id = ANY($33::bigint[])") "::text FROM c",
    0};

typedef struct {
  const intake *in;
  const char *elig;
  const principal *actor;
  const idem_req *key;
  case_create_result *out;
} case_create_tx;

static db_status case_insert(PGconn *c, const case_create_tx *t, char **json);

db_status store_case_insert_tx(PGconn *c, const intake *in, const char *elig,
                               const principal *actor, char **json) {
  case_create_tx t = {in, elig, actor, NULL, NULL};
  return case_insert(c, &t, json);
}

static db_status case_insert(PGconn *c, const case_create_tx *t, char **json) {
  const intake *in = t->in;
  const applicant_in *a = &in->applicant;
  char grounds[256], exemptions[256], groups[256], flagged[256];
  char birth[DATE_STR_LEN], due[DATE_STR_LEN], adue[DATE_STR_LEN];
  db_enum_array_literal(&ENUM_CRIMINAL_GROUND, in->criminal_grounds, grounds, sizeof grounds);
  db_enum_array_literal(&ENUM_EXEMPTION, in->exemptions, exemptions, sizeof exemptions);
  groups_literal(in->groups, groups, sizeof groups);
  groups_literal(a->flagged_groups, flagged, sizeof flagged);
  date_format(in->id.birth, birth);
  date_format(in->decision_due, due);
  date_format(in->assignment_due, adue);
  char sex[2] = {in->id.sex, '\0'};
  db_params p = {0};
  dbp_int(&p, in->center_id);
  dbp_int(&p, date_year(in->application_date));
  dbp_str(&p, enum_name(&ENUM_CHANNEL, in->channel));
  dbp_int(&p, in->received_at);
  dbp_str(&p, enum_name(&ENUM_CASE_TYPE, in->case_type));
  dbp_str(&p, enum_name(&ENUM_MATTER, in->matter));
  dbp_str(&p, enum_name(&ENUM_STAGE, in->stage));
  dbp_str(&p, in->venue_region_code);
  dbp_str(&p, in->summary);
  dbp_str(&p, in->opposing_party);
  dbp_str(&p, in->opposing_party_id_number);
  dbp_str(&p, grounds);
  dbp_str(&p, exemptions);
  dbp_str(&p, in->notice_organ_name);
  dbp_str(&p, in->notice_no);
  dbp_str(&p, a->name);
  dbp_str(&p, a->id_number);
  dbp_str(&p, birth);
  dbp_str(&p, sex);
  dbp_str(&p, a->phone);
  dbp_str(&p, a->address);
  dbp_str(&p, a->ethnicity);
  dbp_str(&p, groups);
  dbp_str(&p, flagged);
  dbp_int_or_null(&p, a->household_size, a->household_size_set);
  dbp_int_or_null(&p, a->household_monthly_income_fen, a->income_set);
  dbp_str(&p, t->elig);
  dbp_str(&p, due);
  dbp_str(&p, in->assignment_due_set ? adue : NULL);
  dbp_int(&p, t->actor->user_id);
  dbp_str(&p, in->deadline_mode == DEADLINE_WORKING_DAYS ? "working_days" : "calendar_days");
  if (!dbp_scope(&p, t->actor)) return DB_ERROR;
  return db_exec_text(c, &q_case_insert, &p, json, NULL);
}

static db_status case_create_body(PGconn *c, void *arg) {
  case_create_tx *t = arg;
  t->out->idem = IDEM_FRESH;
  db_status s = idem_begin(c, t->actor->user_id, t->key, &t->out->idem, &t->out->status, &t->out->json);
  if (s != DB_OK) return s;
  if (t->out->idem == IDEM_MISMATCH) return DB_ABORT;
  if (t->out->idem == IDEM_REPLAY) return DB_OK; /* commit: durable before it is answered */
  s = case_insert(c, t, &t->out->json);
  if (s == DB_NOT_FOUND) return DB_REFUSED; /* no such centre */
  if (s != DB_OK) return s;
  t->out->status = 201;
  return idem_finish(c, t->actor->user_id, t->key, 201, t->out->json);
}

db_status store_case_create(const intake *in, const char *eligibility_json, const principal *actor,
                            const idem_req *key, case_create_result *out) {
  memset(out, 0, sizeof *out);
  case_create_tx t = {in, eligibility_json, actor, key, out};
  if (!key || !key->key) {
    /* One statement is its own transaction: a single round trip. */
    db_status s = case_insert(db_conn(), &t, &out->json);
    if (s == DB_NOT_FOUND) return DB_REFUSED;
    out->status = 201;
    return s;
  }
  db_status s = db_tx(case_create_body, &t);
  if (s == DB_ABORT) return DB_OK; /* a mismatch: out->idem says so */
  if (s != DB_OK) {
    free(out->json);
    out->json = NULL;
  }
  return s;
}

static db_stmt q_case_get = {
    "case_get",
    "WITH c AS (SELECT * FROM cases WHERE id = $1"
    "   AND ($2::boolean OR center_id = ANY($3::bigint[]))"
    "   AND ($4::bigint = 0 OR lawyer_id = $4)),"
    " r AS (INSERT INTO pii_reads (user_id, case_id) SELECT $5, c.id FROM c WHERE $6::boolean)"
    " SELECT " CASE_JSON("c", "$6::boolean",
                          "($2::boolean OR d.center_id = ANY($3::bigint[]))"
                          " AND ($4::bigint = 0 OR d.lawyer_id = $4)") "::text FROM c",
    0};

db_status store_case_get(const principal *pr, int64_t id, bool full_pii, char **json) {
  db_params p = {0};
  dbp_int(&p, id);
  if (!dbp_scope(&p, pr)) return DB_ERROR;
  dbp_int(&p, pr->role == ROLE_LAWYER ? pr->user_id : 0);
  dbp_int(&p, pr->user_id);
  dbp_bool(&p, full_pii);
  /* Not db_query: it writes the pii_reads row, so it is never tried twice. */
  return db_exec_text(db_conn(), &q_case_get, &p, json, NULL);
}

/* A growing SQL text whose values all travel as parameters. */
typedef struct {
  char sql[4096];
  size_t len;
  db_params p;
} sql_builder;

static void sb_add(sql_builder *b, const char *text) {
  size_t l = strlen(text);
  if (b->len + l + 1 >= sizeof b->sql) return;
  memcpy(b->sql + b->len, text, l + 1);
  b->len += l;
}

/* Appends a fragment holding one "$?" replaced by the next parameter's number. */
static void sb_param(sql_builder *b, const char *frag) {
  char buf[512];
  const char *q = strstr(frag, "$?");
  if (!q) {
    sb_add(b, frag);
    return;
  }
  snprintf(buf, sizeof buf, "%.*s$%d%s", (int)(q - frag), frag, b->p.n, q + 2);
  sb_add(b, buf);
}

static void like_escape(const char *in, char *out, size_t len) {
  size_t o = 0;
  for (; *in && o + 3 < len; in++) {
    if (*in == '%' || *in == '_' || *in == '\\') out[o++] = '\\';
    out[o++] = *in;
  }
  out[o] = '\0';
}

db_status store_cases_list(const principal *pr, const case_filter *f, char **json) {
  sql_builder b = {0};
  char from[DATE_STR_LEN], to[DATE_STR_LEN], qlike[256];
  /* $1-$3: who may read a duplicate (CASE_JSON's vis), the caller's scope. */
  if (!dbp_scope(&b.p, pr)) return DB_ERROR;
  dbp_int(&b.p, pr->role == ROLE_LAWYER ? pr->user_id : 0);
  sb_add(&b, "SELECT * FROM cases WHERE true");
  if (!pr->all_centers) {
    if (!dbp_centers(&b.p, pr)) return DB_ERROR;
    sb_param(&b, " AND center_id = ANY($?::bigint[])");
  }
  if (pr->role == ROLE_LAWYER) {
    dbp_int(&b.p, pr->user_id);
    sb_param(&b, " AND lawyer_id = $?");
  }
  if (f->center_id) {
    dbp_int(&b.p, f->center_id);
    sb_param(&b, " AND center_id = $?");
  }
  if (f->lawyer_id) {
    dbp_int(&b.p, f->lawyer_id);
    sb_param(&b, " AND lawyer_id = $?");
  }
  if (f->status >= 0) {
    dbp_str(&b.p, enum_name(&ENUM_STATUS, f->status));
    sb_param(&b, " AND status = $?");
  }
  if (f->case_type >= 0) {
    dbp_str(&b.p, enum_name(&ENUM_CASE_TYPE, f->case_type));
    sb_param(&b, " AND case_type = $?");
  }
  if (f->channel >= 0) {
    dbp_str(&b.p, enum_name(&ENUM_CHANNEL, f->channel));
    sb_param(&b, " AND channel = $?");
  }
  if (f->from_set) {
    date_format(f->from, from);
    dbp_str(&b.p, from);
    sb_param(&b, " AND received_at >= $?::date::timestamptz");
  }
  if (f->to_set) {
    date_format(f->to, to);
    dbp_str(&b.p, to);
    sb_param(&b, " AND received_at < ($?::date + 1)::timestamptz");
  }
  if (f->overdue) {
    sb_add(&b,
           " AND ((status = 'submitted' AND decision_due < current_date)"
           " OR (status = 'approved' AND assignment_due < current_date))");
  }
  if (f->due_within_days >= 0) {
    dbp_int(&b.p, f->due_within_days);
    sb_param(&b,
             " AND ((status = 'submitted' AND decision_due BETWEEN current_date"
             " AND current_date + $?::int)");
    dbp_int(&b.p, f->due_within_days);
    sb_param(&b,
             " OR (status = 'approved' AND assignment_due BETWEEN current_date"
             " AND current_date + $?::int))");
  }
  if (f->q && *f->q) {
    size_t ql = strlen(f->q);
    if (ql == 18) {
      dbp_str(&b.p, f->q);
      sb_param(&b, " AND applicant_id_number = upper($?)");
    } else if (ql == 11 && strspn(f->q, "0123456789") == 11) {
      dbp_str(&b.p, f->q);
      sb_param(&b, " AND applicant_phone = $?");
    } else {
      like_escape(f->q, qlike, sizeof qlike);
      dbp_str(&b.p, qlike);
      sb_param(&b, " AND (applicant_name LIKE $? || '%'");
      sb_param(&b, " OR case_no LIKE '%' || $? || '%')");
    }
  }
  if (f->before_id) {
    dbp_int(&b.p, f->before_id);
    sb_param(&b, " AND id < $?");
  }
  dbp_int(&b.p, f->limit);
  sb_param(&b, " ORDER BY id DESC LIMIT $?");
  char outer[sizeof b.sql + 10240];
  snprintf(outer, sizeof outer,
           "SELECT json_build_object('items', COALESCE(json_agg("
           CASE_JSON("c", "false", "($1::boolean OR d.center_id = ANY($2::bigint[]))"
                               " AND ($3::bigint = 0 OR d.lawyer_id = $3)")
           " ORDER BY c.id DESC), '[]'), 'next_cursor', CASE WHEN count(*) = $%d"
           " THEN min(c.id)::text END)::text FROM (%s) c",
           b.p.n, b.sql);
  PGresult *r;
  db_status s = db_query_dynamic(outer, &b.p, &r);
  if (s != DB_OK) return s;
  *json = strdup(PQgetvalue(r, 0, 0));
  PQclear(r);
  return *json ? DB_OK : DB_ERROR;
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
