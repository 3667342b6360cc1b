#include "lifecycle.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_json.h"
#include "domain/calendar.h"

static const char *const col_names[COL__COUNT] = {
    [COL_DECISION] = "decision",
    [COL_DECISION_REASON] = "decision_reason",
    [COL_DECIDED_AT_NOW] = "decided_at",
    [COL_DECIDED_BY] = "decided_by",
    [COL_DECISION_DUE] = "decision_due",
    [COL_ASSIGNMENT_DUE] = "assignment_due",
    [COL_PAUSED_DAYS] = "paused_days",
    [COL_MATERIALS_REQUEST] = "materials_request",
    [COL_MATERIALS_REQUESTED_AT_NOW] = "materials_requested_at",
    [COL_URGENT] = "urgent",
    [COL_LAWYER_ID] = "lawyer_id",
    [COL_ASSIGNED_AT_NOW] = "assigned_at",
    [COL_ACCEPTED_AT_NOW] = "accepted_at",
    [COL_CLOSED_ON] = "closed_on",
    [COL_OUTCOME] = "outcome",
    [COL_RECOVERED_FEN] = "recovered_fen",
    [COL_GRADE] = "grade",
    [COL_GRADED_AT_NOW] = "graded_at",
    [COL_TERMINATION_GROUND] = "termination_ground",
    [COL_TERMINATION_REASON] = "termination_reason",
    [COL_TERMINATED_AT_NOW] = "terminated_at",
    [COL_SATISFIED] = "satisfied",
    [COL_SATISFACTION_COMMENT] = "satisfaction_comment",
    [COL_SATISFACTION_AT_NOW] = "satisfaction_at",
    [COL_OBJECTION_REASON] = "objection_reason",
    [COL_OBJECTION_FILED_AT_NOW] = "objection_filed_at",
    [COL_OBJECTION_DUE] = "objection_due",
    [COL_OBJECTION_UPHELD] = "objection_upheld",
    [COL_OBJECTION_DECISION_REASON] = "objection_decision_reason",
    [COL_OBJECTION_DECIDED_AT_NOW] = "objection_decided_at",
    [COL_REPLACEMENT_REASON] = "replacement_reason",
    [COL_REPLACEMENT_REQUESTED_AT_NOW] = "replacement_requested_at",
    [COL_REPLACEMENT_CLEAR] = "replacement_requested_at",
    [COL_ELIGIBILITY] = "eligibility",
    [COL_ELIGIBILITY_OVERRIDE] = "eligibility_override",
    [COL_STAGE] = "stage",
    [COL_MATTER] = "matter",
    [COL_SUMMARY] = "summary",
    [COL_OPPOSING_PARTY] = "opposing_party",
    [COL_OPPOSING_PARTY_ID_NUMBER] = "opposing_party_id_number",
    [COL_VENUE_REGION_CODE] = "venue_region_code",
    [COL_CRIMINAL_GROUNDS] = "criminal_grounds",
    [COL_EXEMPTIONS] = "exemptions",
    [COL_GROUPS] = "groups",
    [COL_FLAGGED_GROUPS] = "flagged_groups",
    [COL_PHONE] = "applicant_phone",
    [COL_ADDRESS] = "applicant_address",
    [COL_ETHNICITY] = "applicant_ethnicity",
    [COL_HOUSEHOLD_SIZE] = "household_size",
    [COL_HOUSEHOLD_INCOME_FEN] = "household_monthly_income_fen",
    [COL_ARCHIVED_AT_NOW] = "archived_at",
};

static bool col_is_now(case_col c) {
  return c == COL_DECIDED_AT_NOW || c == COL_MATERIALS_REQUESTED_AT_NOW ||
         c == COL_ASSIGNED_AT_NOW || c == COL_ACCEPTED_AT_NOW || c == COL_GRADED_AT_NOW ||
         c == COL_TERMINATED_AT_NOW || c == COL_SATISFACTION_AT_NOW ||
         c == COL_OBJECTION_FILED_AT_NOW || c == COL_OBJECTION_DECIDED_AT_NOW ||
         c == COL_REPLACEMENT_REQUESTED_AT_NOW || c == COL_ARCHIVED_AT_NOW;
}

static const char *col_cast(case_col c) {
  switch (c) {
    case COL_DECISION_DUE:
    case COL_ASSIGNMENT_DUE:
    case COL_CLOSED_ON:
    case COL_OBJECTION_DUE:
      return "::date";
    case COL_PAUSED_DAYS:
    case COL_HOUSEHOLD_SIZE:
      return "::int";
    case COL_HOUSEHOLD_INCOME_FEN:
      return "::bigint";
    case COL_CRIMINAL_GROUNDS:
    case COL_EXEMPTIONS:
    case COL_GROUPS:
    case COL_FLAGGED_GROUPS:
      return "::text[]";
    case COL_DECIDED_BY:
    case COL_LAWYER_ID:
    case COL_RECOVERED_FEN:
      return "::bigint";
    case COL_URGENT:
    case COL_SATISFIED:
    case COL_OBJECTION_UPHELD:
      return "::boolean";
    case COL_ELIGIBILITY:
    case COL_ELIGIBILITY_OVERRIDE:
      return "::jsonb";
    default:
      return "::text";
  }
}

void change_set(case_change *ch, case_col col, const char *value) {
  if (ch->nset >= CHANGE_MAX_SETS) return;
  ch->set[ch->nset].col = col;
  ch->set[ch->nset].value = value;
  ch->nset++;
}

void change_set_int(case_change *ch, case_col col, int64_t v) {
  if (ch->nset >= CHANGE_MAX_SETS) return;
  snprintf(ch->num[ch->nset], sizeof ch->num[0], "%" PRId64, v);
  change_set(ch, col, ch->num[ch->nset]);
}

void change_set_date(case_change *ch, case_col col, day_t d) {
  if (ch->nset >= CHANGE_MAX_SETS) return;
  date_format(d, ch->num[ch->nset]);
  change_set(ch, col, ch->num[ch->nset]);
}

static unsigned bits_of(const char *arr, const la_enum *e) {
  /* "{a,b}" from a text[] column: names are plain identifiers, never quoted. */
  unsigned bits = 0;
  const char *p = arr;
  while (p && *p) {
    while (*p == '{' || *p == ',' || *p == '}') p++;
    const char *start = p;
    while (*p && *p != ',' && *p != '}') p++;
    if (p > start) {
      int k = enum_find(e, start, (size_t)(p - start));
      if (k >= 0 && k < 32) bits |= 1u << k;
    }
  }
  return bits;
}

static void copy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src ? src : ""); }

static db_stmt q_lock = {
    "case_lock",
    "SELECT c.id, c.center_id, COALESCE(c.lawyer_id, 0), c.version, c.status, c.case_type,"
    " c.stage, c.matter, c.channel, c.criminal_grounds::text, c.exemptions::text,"
    " c.groups::text, (c.received_at AT TIME ZONE 'Asia/Shanghai')::date::text,"
    " c.decision_due::text, c.paused_days,"
    " COALESCE(extract(epoch FROM c.materials_requested_at)::bigint, 0),"
    " c.grade IS NOT NULL, c.satisfied IS NOT NULL, c.objection_filed_at IS NOT NULL,"
    " c.objection_filed_at IS NOT NULL AND c.objection_decided_at IS NULL,"
    " c.replacement_requested_at IS NOT NULL, c.deadline_mode, ctr.region_code,"
    " c.venue_region_code, c.opposing_party, c.opposing_party_id_number,"
    " c.applicant_id_number, c.household_monthly_income_fen, c.household_size,"
    " c.applicant_birth_date::text, c.applicant_sex, c.applicant_ethnicity,"
    " c.flagged_groups::text, COALESCE(extract(year FROM c.closed_on)::int, 0),"
    " c.archived_at IS NOT NULL"
    " FROM cases c JOIN centers ctr ON ctr.id = c.center_id"
    " WHERE c.id = $1 AND ($2::boolean OR c.center_id = ANY($3::bigint[]))"
    "   AND ($4::bigint = 0 OR c.lawyer_id = $4)"
    " FOR UPDATE OF c",
    0};

static void parse_row(const PGresult *r, case_row *row) {
  memset(row, 0, sizeof *row);
  row->id = db_int(r, 0, 0);
  row->center_id = db_int(r, 0, 1);
  row->lawyer_id = db_int(r, 0, 2);
  row->version = (int)db_int(r, 0, 3);
  const char *st = PQgetvalue(r, 0, 4);
  int s = enum_find(&ENUM_STATUS, st, strlen(st));
  row->status = s < 0 ? ST_SUBMITTED : (case_status_t)s;
  const char *v;
  v = PQgetvalue(r, 0, 5);
  row->case_type = enum_find(&ENUM_CASE_TYPE, v, strlen(v));
  v = db_text(r, 0, 6);
  row->stage = v ? enum_find(&ENUM_STAGE, v, strlen(v)) : -1;
  v = db_text(r, 0, 7);
  row->matter = v ? enum_find(&ENUM_MATTER, v, strlen(v)) : -1;
  v = PQgetvalue(r, 0, 8);
  row->channel = enum_find(&ENUM_CHANNEL, v, strlen(v));
  row->criminal_grounds = bits_of(PQgetvalue(r, 0, 9), &ENUM_CRIMINAL_GROUND);
  row->exemptions = bits_of(PQgetvalue(r, 0, 10), &ENUM_EXEMPTION);
  row->groups = bits_of(PQgetvalue(r, 0, 11), &ENUM_GROUP);
  date_parse(PQgetvalue(r, 0, 12), (size_t)PQgetlength(r, 0, 12), &row->application_date);
  v = db_text(r, 0, 13);
  row->decision_due_set = v && date_parse(v, strlen(v), &row->decision_due);
  row->paused_days = (int)db_int(r, 0, 14);
  row->materials_requested_at = db_int(r, 0, 15);
  row->graded = db_bool(r, 0, 16);
  row->satisfaction_recorded = db_bool(r, 0, 17);
  row->objection_filed = db_bool(r, 0, 18);
  row->objection_pending = db_bool(r, 0, 19);
  row->replacement_pending = db_bool(r, 0, 20);
  row->deadline_mode =
      strcmp(PQgetvalue(r, 0, 21), "working_days") == 0 ? DEADLINE_WORKING_DAYS
                                                         : DEADLINE_CALENDAR_DAYS;
  copy(row->center_region, sizeof row->center_region, PQgetvalue(r, 0, 22));
  copy(row->venue_region_code, sizeof row->venue_region_code, db_text(r, 0, 23));
  copy(row->opposing_party, sizeof row->opposing_party, db_text(r, 0, 24));
  copy(row->opposing_party_id_number, sizeof row->opposing_party_id_number, db_text(r, 0, 25));
  copy(row->applicant_id_number, sizeof row->applicant_id_number, db_text(r, 0, 26));
  row->income_set = !PQgetisnull(r, 0, 27);
  row->household_monthly_income_fen = db_int(r, 0, 27);
  row->household_size_set = !PQgetisnull(r, 0, 28);
  row->household_size = db_int(r, 0, 28);
  v = db_text(r, 0, 29);
  if (v) date_parse(v, strlen(v), &row->birth_date);
  v = db_text(r, 0, 30);
  row->sex = v ? v[0] : 0;
  copy(row->ethnicity, sizeof row->ethnicity, db_text(r, 0, 31));
  row->flagged_groups = bits_of(PQgetvalue(r, 0, 32), &ENUM_GROUP);
  row->closed_year = (int)db_int(r, 0, 33);
  row->archived = db_bool(r, 0, 34);
}

static db_stmt q_event = {
    "case_event_insert",
    "INSERT INTO case_events (case_id, actor_id, action, from_status, to_status, detail)"
    " VALUES ($1, $2, $3, $4, $5, COALESCE($6::jsonb, '{}'))",
    0};
static db_stmt q_stage = {
    "case_stage_insert",
    "INSERT INTO case_stages (case_id, lawyer_id, stage, venue_region_code, started_on,"
    " ended_on) VALUES ($1, $2, $3, $4, $5::date, $6::date)",
    0};
static db_stmt q_assignment_end = {
    "case_assignment_end",
    "UPDATE case_assignments SET ended_at = now(), end_reason = $2"
    " WHERE case_id = $1 AND ended_at IS NULL",
    0};
static db_stmt q_assignment_start = {
    "case_assignment_start",
    "INSERT INTO case_assignments (case_id, lawyer_id, assigned_by) VALUES ($1, $2, $3)", 0};
static db_stmt q_case_full = {
    "case_full_json",
    "SELECT " CASE_JSON("c", "true", "($2::boolean OR d.center_id = ANY($3::bigint[]))"
                                     " AND ($4::bigint = 0 OR d.lawyer_id = $4)")
    "::text FROM cases c WHERE c.id = $1", 0};

typedef struct {
  const principal *p;
  int64_t id;
  int expected_version;
  case_action action;
  case_decide_fn decide;
  void *arg;
  transition_result *res;
} transition_tx;

static db_status refuse(transition_result *res, int status, const char *message, const char *field,
                        const char *why) {
  res->http_status = status;
  res->message = message;
  res->field = field;
  res->field_reason = why;
  return DB_ABORT;
}

static db_status transition_body(PGconn *c, void *arg) {
  transition_tx *t = arg;
  transition_result *res = t->res;
  db_params p = {0};
  dbp_int(&p, t->id);
  if (!dbp_scope(&p, t->p)) return DB_ERROR;
  dbp_int(&p, t->p->role == ROLE_LAWYER ? t->p->user_id : 0);
  PGresult *r;
  db_status s = db_exec_row(c, &q_lock, &p, &r);
  if (s == DB_NOT_FOUND) return refuse(res, 404, NULL, NULL, NULL);
  if (s != DB_OK) return s;
  case_row row;
  parse_row(r, &row);
  PQclear(r);
  if (t->expected_version >= 0 && t->expected_version != row.version)
    return refuse(res, 409, "案件已被他人修改（版本不一致），请刷新后重试", "version", "stale");

  case_change ch;
  memset(&ch, 0, sizeof ch);
  t->decide(c, &row, t->arg, &ch);
  if (ch.http_status) return refuse(res, ch.http_status, ch.message, ch.field, ch.field_reason);

  /* The update: fixed column names from the table above, every value a parameter. */
  char sql[2048];
  db_params u = {0};
  dbp_int(&u, row.id);
  dbp_str(&u, enum_name(&ENUM_STATUS, (int)ch.to));
  int len = snprintf(sql, sizeof sql,
                     "UPDATE cases SET status = $2, version = version + 1, updated_at = now()");
  for (int i = 0; i < ch.nset && len < (int)sizeof sql - 128; i++) {
    case_col col = ch.set[i].col;
    if (col_is_now(col)) {
      len += snprintf(sql + len, sizeof sql - (size_t)len, ", %s = now()", col_names[col]);
    } else if (col == COL_REPLACEMENT_CLEAR) {
      len += snprintf(sql + len, sizeof sql - (size_t)len, ", %s = NULL", col_names[col]);
    } else {
      dbp_str(&u, ch.set[i].value);
      len += snprintf(sql + len, sizeof sql - (size_t)len, ", %s = $%d%s", col_names[col], u.n,
                      col_cast(col));
    }
  }
  snprintf(sql + len, sizeof sql - (size_t)len, " WHERE id = $1");
  r = PQexecParams(c, sql, u.n, NULL, u.v, NULL, NULL, 0);
  if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    fprintf(stderr, "db: case update failed: %s %s", state ? state : "-",
            r ? PQresultErrorMessage(r) : PQerrorMessage(c));
    bool refused = state && strncmp(state, "23", 2) == 0;
    PQclear(r);
    if (refused) return refuse(res, 422, "取值不被允许", NULL, NULL);
    return PQstatus(c) == CONNECTION_OK ? DB_ERROR : DB_UNAVAILABLE;
  }
  PQclear(r);

  if (ch.add_stage) {
    db_params sp = {0};
    dbp_int(&sp, row.id);
    dbp_int(&sp, t->p->user_id);
    dbp_str(&sp, ch.stage);
    dbp_str(&sp, ch.stage_venue);
    dbp_str(&sp, ch.stage_started_on);
    dbp_str(&sp, ch.stage_ended_on);
    s = db_exec(c, &q_stage, &sp, NULL);
    if (s == DB_REFUSED) return refuse(res, 422, "阶段信息有误", "venue_region_code", "unknown region");
    if (s != DB_OK) return s;
  }
  for (int i = 0; i < ch.nclaims; i++) {
    ch.claims[i].case_id = row.id;
    ch.claims[i].center_id = row.center_id;
    if ((s = store_claim_insert(c, &ch.claims[i])) != DB_OK) return s;
  }
  if (ch.end_assignment_reason) {
    db_params ap = {0};
    dbp_int(&ap, row.id);
    dbp_str(&ap, ch.end_assignment_reason);
    if ((s = db_exec(c, &q_assignment_end, &ap, NULL)) != DB_OK) return s;
  }
  if (ch.start_assignment_lawyer) {
    db_params ap = {0};
    dbp_int(&ap, row.id);
    dbp_int(&ap, ch.start_assignment_lawyer);
    dbp_int(&ap, t->p->user_id);
    if ((s = db_exec(c, &q_assignment_start, &ap, NULL)) != DB_OK) return s;
  }
  db_params e = {0};
  dbp_int(&e, row.id);
  dbp_int(&e, t->p->user_id);
  dbp_str(&e, lifecycle_action_name(t->action));
  dbp_str(&e, enum_name(&ENUM_STATUS, (int)row.status));
  dbp_str(&e, enum_name(&ENUM_STATUS, (int)ch.to));
  dbp_str(&e, ch.event_detail);
  if ((s = db_exec(c, &q_event, &e, NULL)) != DB_OK) return s;
  db_params j = {0};
  dbp_int(&j, row.id);
  if (!dbp_scope(&j, t->p)) return DB_ERROR;
  dbp_int(&j, t->p->role == ROLE_LAWYER ? t->p->user_id : 0);
  s = db_exec_text(c, &q_case_full, &j, &res->json, NULL);
  if (s != DB_OK) return s;
  res->http_status = 200;
  return DB_OK;
}

db_status store_case_transition(const principal *p, int64_t case_id, int expected_version,
                                case_action action, case_decide_fn decide, void *arg,
                                transition_result *res) {
  memset(res, 0, sizeof *res);
  transition_tx t = {p, case_id, expected_version, action, decide, arg, res};
  db_status s = db_tx(transition_body, &t);
  if (s == DB_ABORT) return DB_OK; /* refused: res says why */
  if (s != DB_OK) {
    free(res->json);
    res->json = NULL;
  }
  return s;
}

static db_stmt q_lawyer_facts = {
    "lawyer_facts",
    "SELECT l.user_id, l.center_id, l.active AND u.active, l.kind, l.practice_years,"
    " l.specialties::text, COALESCE(l.region_code, ctr.region_code),"
    " (SELECT count(*) FROM cases k WHERE k.lawyer_id = l.user_id"
    "   AND k.status IN ('assigned', 'in_progress')),"
    " COALESCE(NULLIF(u.display_name, ''), u.username)"
    " FROM lawyers l JOIN users u ON u.id = l.user_id JOIN centers ctr ON ctr.id = l.center_id"
    " WHERE l.user_id = $1",
    0};
static db_stmt q_lawyer_clients = {
    "lawyer_clients",
    "SELECT c.applicant_name, c.applicant_id_number FROM case_assignments a"
    "  JOIN cases c ON c.id = a.case_id WHERE a.lawyer_id = $1"
    " UNION SELECT name, id_number FROM lawyer_clients WHERE lawyer_id = $1",
    0};

db_status store_assignment_facts(PGconn *c, int64_t lawyer_id, assign_lawyer *out,
                                 char *region_buf, char name_buf[256], former_client **clients,
                                 int *nclients) {
  *clients = NULL;
  *nclients = 0;
  db_params p = {0};
  dbp_int(&p, lawyer_id);
  PGresult *r;
  db_status s = db_exec_row(c, &q_lawyer_facts, &p, &r);
  if (s != DB_OK) return s;
  memset(out, 0, sizeof *out);
  out->lawyer_id = db_int(r, 0, 0);
  out->center_id = db_int(r, 0, 1);
  out->active = db_bool(r, 0, 2);
  const char *k = PQgetvalue(r, 0, 3);
  out->kind = enum_find(&ENUM_LAWYER_KIND, k, strlen(k));
  out->practice_years = (int)db_int(r, 0, 4);
  out->specialties = bits_of(PQgetvalue(r, 0, 5), &ENUM_CASE_TYPE);
  copy(region_buf, 7, PQgetvalue(r, 0, 6));
  out->region_code = region_buf;
  out->open_cases = (int)db_int(r, 0, 7);
  copy(name_buf, 256, PQgetvalue(r, 0, 8));
  PQclear(r);
  s = db_exec(c, &q_lawyer_clients, &p, &r);
  if (s != DB_OK) return s;
  int n = PQntuples(r);
  if (n > 0) {
    *clients = calloc((size_t)n, sizeof **clients);
    if (!*clients) {
      PQclear(r);
      return DB_ERROR;
    }
    for (int i = 0; i < n; i++) {
      (*clients)[i].name = strdup(PQgetvalue(r, i, 0));
      (*clients)[i].id_number = PQgetisnull(r, i, 1) ? NULL : strdup(PQgetvalue(r, i, 1));
    }
    *nclients = n;
  }
  PQclear(r);
  return DB_OK;
}

void store_free_clients(former_client *clients, int n) {
  for (int i = 0; i < n; i++) {
    free((char *)clients[i].name);
    free((char *)clients[i].id_number);
  }
  free(clients);
}

static db_stmt q_suggest_case = {
    "suggest_case",
    "SELECT c.center_id, c.case_type, c.criminal_grounds::text, c.venue_region_code,"
    " c.opposing_party, c.opposing_party_id_number FROM cases c"
    " WHERE c.id = $1 AND ($2::boolean OR c.center_id = ANY($3::bigint[]))",
    0};
static db_stmt q_suggest_lawyers = {
    "suggest_lawyers",
    "SELECT l.user_id, l.center_id, l.active AND u.active, l.kind, l.practice_years,"
    " l.specialties::text, COALESCE(l.region_code, ctr.region_code), u.username,"
    " u.display_name,"
    " (SELECT count(*) FROM cases k WHERE k.lawyer_id = l.user_id"
    "   AND k.status IN ('assigned', 'in_progress'))"
    " FROM lawyers l JOIN users u ON u.id = l.user_id JOIN centers ctr ON ctr.id = l.center_id"
    " WHERE l.center_id = $1 ORDER BY l.user_id",
    0};
/* Only the former clients that could match the opposing party. */
static db_stmt q_suggest_clients = {
    "suggest_clients",
    "SELECT a.lawyer_id, c.applicant_name, c.applicant_id_number FROM case_assignments a"
    "  JOIN cases c ON c.id = a.case_id JOIN lawyers l ON l.user_id = a.lawyer_id"
    "  WHERE l.center_id = $1 AND (c.applicant_name = $2 OR c.applicant_id_number = $3)"
    " UNION SELECT k.lawyer_id, k.name, k.id_number FROM lawyer_clients k"
    "  JOIN lawyers l ON l.user_id = k.lawyer_id"
    "  WHERE l.center_id = $1 AND (k.name = $2 OR k.id_number = $3)",
    0};

db_status store_suggestion_data(const principal *pr, int64_t case_id, suggestion_case *sc,
                                lawyer_candidate **cands, int *n) {
  *cands = NULL;
  *n = 0;
  memset(sc, 0, sizeof *sc);
  db_params p = {0};
  dbp_int(&p, case_id);
  if (!dbp_scope(&p, pr)) return DB_ERROR;
  PGresult *r;
  db_status s = db_query_row(&q_suggest_case, &p, &r);
  if (s != DB_OK) return s;
  sc->c.center_id = db_int(r, 0, 0);
  const char *t = PQgetvalue(r, 0, 1);
  sc->c.case_type = enum_find(&ENUM_CASE_TYPE, t, strlen(t));
  sc->c.criminal_grounds = bits_of(PQgetvalue(r, 0, 2), &ENUM_CRIMINAL_GROUND);
  copy(sc->venue, sizeof sc->venue, db_text(r, 0, 3));
  copy(sc->opposing, sizeof sc->opposing, db_text(r, 0, 4));
  copy(sc->opposing_id, sizeof sc->opposing_id, db_text(r, 0, 5));
  sc->c.venue_region_code = sc->venue[0] ? sc->venue : NULL;
  sc->c.opposing_party = sc->opposing[0] ? sc->opposing : NULL;
  sc->c.opposing_party_id_number = sc->opposing_id[0] ? sc->opposing_id : NULL;
  PQclear(r);

  db_params lp = {0};
  dbp_int(&lp, sc->c.center_id);
  if ((s = db_query(&q_suggest_lawyers, &lp, &r)) != DB_OK) return s;
  int rows = PQntuples(r);
  lawyer_candidate *cs = rows ? calloc((size_t)rows, sizeof *cs) : NULL;
  if (rows && !cs) {
    PQclear(r);
    return DB_ERROR;
  }
  for (int i = 0; i < rows; i++) {
    lawyer_candidate *k = &cs[i];
    k->l.lawyer_id = db_int(r, i, 0);
    k->l.center_id = db_int(r, i, 1);
    k->l.active = db_bool(r, i, 2);
    const char *kind = PQgetvalue(r, i, 3);
    k->l.kind = enum_find(&ENUM_LAWYER_KIND, kind, strlen(kind));
    k->l.practice_years = (int)db_int(r, i, 4);
    k->l.specialties = bits_of(PQgetvalue(r, i, 5), &ENUM_CASE_TYPE);
    copy(k->region, sizeof k->region, PQgetvalue(r, i, 6));
    k->l.region_code = k->region;
    copy(k->username, sizeof k->username, PQgetvalue(r, i, 7));
    copy(k->display_name, sizeof k->display_name, PQgetvalue(r, i, 8));
    k->l.open_cases = (int)db_int(r, i, 9);
  }
  PQclear(r);
  *cands = cs;
  *n = rows;
  if (!sc->c.opposing_party && !sc->c.opposing_party_id_number) return DB_OK;
  db_params cp = {0};
  dbp_int(&cp, sc->c.center_id);
  dbp_str(&cp, sc->c.opposing_party);
  dbp_str(&cp, sc->c.opposing_party_id_number);
  if ((s = db_query(&q_suggest_clients, &cp, &r)) != DB_OK) return s;
  for (int i = 0; i < PQntuples(r); i++) {
    int64_t lid = db_int(r, i, 0);
    for (int k = 0; k < rows; k++) {
      if (cs[k].l.lawyer_id != lid) continue;
      former_client *grown = realloc(cs[k].clients, (size_t)(cs[k].nclients + 1) * sizeof *grown);
      if (!grown) break;
      cs[k].clients = grown;
      grown[cs[k].nclients].name = strdup(PQgetvalue(r, i, 1));
      grown[cs[k].nclients].id_number = PQgetisnull(r, i, 2) ? NULL : strdup(PQgetvalue(r, i, 2));
      cs[k].nclients++;
    }
  }
  PQclear(r);
  return DB_OK;
}

void store_free_candidates(lawyer_candidate *cands, int n) {
  for (int i = 0; i < n; i++) store_free_clients(cands[i].clients, cands[i].nclients);
  free(cands);
}
