#include "lifecycle.h"

#include "domain/case.h"
#include "pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"

/* ---- reading the state ---- */

static db_stmt q_case_state = {
    "case_state",
    "SELECT c.id, c.center_id, COALESCE(c.lawyer_id, 0) AS lawyer_id, c.version, c.status,"
    " c.case_type, c.channel, c.stage, c.matter, c.criminal_grounds::text AS criminal_grounds,"
    " c.exemptions::text AS exemptions, c.groups::text AS groups,"
    " c.flagged_groups::text AS flagged_groups,"
    " (c.received_at AT TIME ZONE 'Asia/Shanghai')::date::text AS application_date,"
    " c.paused_days,"
    " (c.materials_requested_at AT TIME ZONE 'Asia/Shanghai')::date::text"
    "   AS materials_requested_on,"
    " c.grade IS NOT NULL AS graded, c.satisfied IS NOT NULL AS satisfaction_recorded,"
    " c.archived_at IS NOT NULL AS archived, c.objection_filed_at IS NOT NULL AS objection_filed,"
    " c.objection_filed_at IS NOT NULL AND c.objection_decided_at IS NULL AS objection_pending,"
    " c.replacement_requested_at IS NOT NULL AS replacement_pending, c.deadline_mode,"
    " ctr.region_code AS center_region, c.venue_region_code, c.opposing_party,"
    " c.opposing_party_id_number, c.household_size, c.household_monthly_income_fen,"
    " c.applicant_birth_date::text AS birth_date, c.applicant_sex, c.applicant_ethnicity,"
    " COALESCE(extract(year FROM c.closed_on)::int, 0) AS closed_year,"
    " c.papers_due IS NOT NULL AND c.papers_received_at IS NULL AS papers_owed,"
    " c.organ_notified_on IS NOT NULL AS organ_notified,"
    " COALESCE(c.clock_started_on, (c.received_at AT TIME ZONE 'Asia/Shanghai')::date)::text"
    "   AS clock_start,"
    " COALESCE(extract(year FROM c.terminated_at AT TIME ZONE 'Asia/Shanghai')::int, 0)"
    "   AS terminated_year"
    " FROM cases c JOIN centers ctr ON ctr.id = c.center_id"
    " WHERE c.id = $1 AND ($2::boolean OR c.center_id = ANY($3::bigint[]))"
    "   AND ($4::bigint = 0 OR c.lawyer_id = $4)",
    0};

db_status store_case_read(const principal *pr, int64_t id, case_state *out) {
  memset(out, 0, sizeof *out);
  db_params p = {0};
  dbp_int(&p, id);
  if (!dbp_scope(&p, pr)) return DB_ERROR;
  dbp_int(&p, pr->role == ROLE_LAWYER ? pr->user_id : 0);
  PGresult *r;
  db_status s = db_query_row(&q_case_state, &p, &r);
  if (s != DB_OK) return s;
  db_row w = {r, 0, q_case_state.name, false};
  out->id = row_int(&w, "id");
  out->center_id = row_int(&w, "center_id");
  out->lawyer_id = row_int(&w, "lawyer_id");
  out->version = (int)row_int(&w, "version");
  out->status = (case_status_t)row_enum(&w, "status", &ENUM_STATUS);
  out->case_type = row_enum(&w, "case_type", &ENUM_CASE_TYPE);
  out->channel = row_enum(&w, "channel", &ENUM_CHANNEL);
  out->stage = row_enum(&w, "stage", &ENUM_STAGE);
  out->matter = row_enum(&w, "matter", &ENUM_MATTER);
  out->criminal_grounds = row_set(&w, "criminal_grounds", &ENUM_CRIMINAL_GROUND);
  out->exemptions = row_set(&w, "exemptions", &ENUM_EXEMPTION);
  out->groups = row_set(&w, "groups", &ENUM_GROUP);
  out->flagged_groups = row_set(&w, "flagged_groups", &ENUM_GROUP);
  if (!row_date(&w, "application_date", &out->application_date)) w.failed = true;
  out->paused_days = (int)row_int(&w, "paused_days");
  out->materials_requested = row_date(&w, "materials_requested_on", &out->materials_requested_on);
  out->graded = row_bool(&w, "graded");
  out->satisfaction_recorded = row_bool(&w, "satisfaction_recorded");
  out->archived = row_bool(&w, "archived");
  out->objection_filed = row_bool(&w, "objection_filed");
  out->objection_pending = row_bool(&w, "objection_pending");
  out->replacement_pending = row_bool(&w, "replacement_pending");
  out->deadline_mode = (deadline_mode)row_enum(&w, "deadline_mode", &ENUM_DEADLINE_MODE);
  row_copy(&w, "center_region", out->center_region, sizeof out->center_region);
  row_copy(&w, "venue_region_code", out->venue_region_code, sizeof out->venue_region_code);
  row_copy(&w, "opposing_party", out->opposing_party, sizeof out->opposing_party);
  row_copy(&w, "opposing_party_id_number", out->opposing_party_id_number,
           sizeof out->opposing_party_id_number);
  out->household_size_set = !row_null(&w, "household_size");
  out->household_size = row_int(&w, "household_size");
  out->income_set = !row_null(&w, "household_monthly_income_fen");
  out->household_monthly_income_fen = row_int(&w, "household_monthly_income_fen");
  out->birth_known = row_date(&w, "birth_date", &out->birth_date);
  int sex = row_enum(&w, "applicant_sex", &ENUM_SEX);
  out->sex = sex == SEX_MALE ? 'M' : sex == SEX_FEMALE ? 'F' : 0;
  row_copy(&w, "applicant_ethnicity", out->ethnicity, sizeof out->ethnicity);
  out->closed_year = (int)row_int(&w, "closed_year");
  out->papers_owed = row_bool(&w, "papers_owed");
  out->organ_notified = row_bool(&w, "organ_notified");
  if (!row_date(&w, "clock_start", &out->clock_start)) w.failed = true;
  out->terminated_year = (int)row_int(&w, "terminated_year");
  if (out->status < 0 || out->case_type < 0 || out->channel < 0 || (int)out->deadline_mode < 0)
    w.failed = true;
  PQclear(r);
  return w.failed ? DB_ERROR : DB_OK;
}

static db_stmt q_case_stages = {
    "case_stages_for_claims",
    "SELECT id, lawyer_id, stage, COALESCE(venue_region_code, '') AS venue,"
    " started_on::text AS started_on, ended_on IS NOT NULL AS finished"
    " FROM case_stages WHERE case_id = $1 ORDER BY id",
    0};

db_status store_case_stages(int64_t case_id, case_stage_fact **rows, int *n) {
  *rows = NULL;
  *n = 0;
  db_params p = {0};
  dbp_int(&p, case_id);
  PGresult *r;
  db_status s = db_query(&q_case_stages, &p, &r);
  if (s != DB_OK) return s;
  int k = PQntuples(r);
  if (k && !(*rows = calloc((size_t)k, sizeof **rows))) {
    PQclear(r);
    return DB_ERROR;
  }
  db_row w = {r, 0, q_case_stages.name, false};
  for (w.row = 0; w.row < k; w.row++) {
    case_stage_fact *f = &(*rows)[w.row];
    f->id = row_int(&w, "id");
    f->lawyer_id = row_int(&w, "lawyer_id");
    f->stage = row_enum(&w, "stage", &ENUM_STAGE);
    row_copy(&w, "venue", f->venue, sizeof f->venue);
    row_date(&w, "started_on", &f->started_on);
    f->finished = row_bool(&w, "finished");
  }
  PQclear(r);
  if (w.failed) {
    free(*rows);
    *rows = NULL;
    return DB_ERROR;
  }
  *n = k;
  return DB_OK;
}

/* ---- writing the change ---- */

/* One column of the change: ", col = <value>", the value a parameter. */
static void set_column(sql_text *q, db_params *p, const char *col, cv_how how, const char *cast) {
  if (how == CV_NOW)
    sql_addf(q, ", %s = now()", col);
  else if (how == CV_NULL)
    sql_addf(q, ", %s = NULL", col);
  else
    sql_addf(q, ", %s = $%d::%s", col, p->n, cast);
}

#define BIND_TEXT(p, v, e) dbp_str(p, v)
#define BIND_JSON(p, v, e) dbp_str(p, v)
#define BIND_INT(p, v, e) dbp_int(p, v)
#define BIND_BOOL(p, v, e) dbp_bool(p, v)
#define BIND_DATE(p, v, e) dbp_date(p, v)
#define BIND_TIME(p, v, e) (void)(v)
#define BIND_ENUM(p, v, e) dbp_enum(p, e, v)
#define BIND_SET(p, v, e) dbp_set(p, e, v)
#define CAST_TEXT "text"
#define CAST_JSON "jsonb"
#define CAST_INT "bigint"
#define CAST_BOOL "boolean"
#define CAST_DATE "date"
#define CAST_TIME "timestamptz"
#define CAST_ENUM "text"
#define CAST_SET "text[]"

/* Every column the change sets, by the list of domain/case.h: its name is the column's. */
static void set_columns(sql_text *q, db_params *p, const case_columns *set) {
#define COLUMN(col, kind, e)                                 \
  if (set->col.how != CV_KEEP) {                             \
    if (set->col.how == CV_SET) BIND_##kind(p, set->col.v, e); \
    set_column(q, p, #col, set->col.how, CAST_##kind);       \
  }
  LA_CASE_COLUMNS(COLUMN)
#undef COLUMN
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
/* Art. 38: the case moves to the competent centre and takes its next number of the year; the
 * numbers it had stay with it. */
static db_stmt q_case_transfer = {
    "case_transfer",
    "WITH y AS (SELECT extract(year FROM now() AT TIME ZONE 'Asia/Shanghai')::int AS year),"
    " n AS ("
    "  INSERT INTO case_counters (center_id, year, last_no) SELECT $2, y.year, 1 FROM y"
    "  ON CONFLICT (center_id, year) DO UPDATE SET last_no = case_counters.last_no + 1"
    "  RETURNING year, last_no)"
    " UPDATE cases c SET transferred_from = c.center_id, center_id = $2,"
    "  former_case_nos = c.former_case_nos || c.case_no, case_year = n.year,"
    "  case_seq = n.last_no,"
    "  case_no = $3::text || n.year || $4::text || ctr.case_no_prefix || $5::text"
    "   || lpad(n.last_no::text, greatest($6::int, length(n.last_no::text)), '0') || $7::text"
    " FROM n, centers ctr WHERE ctr.id = $2 AND c.id = $1",
    0};
static db_stmt q_case_full = {
    "case_full_json", "SELECT * FROM api_case($2, $3, $4) WHERE id = $1 AND full_pii", 0};

typedef struct {
  const principal *p;
  const case_state *was;
  case_action action;
  const case_change *ch;
  const char *detail;
  char *json;
  char to_centers[32];
} write_tx;

static db_status write_body(PGconn *c, void *arg) {
  write_tx *t = arg;
  const case_state *was = t->was;
  const case_change *ch = t->ch;
  /* The update: column names from the list, every value a parameter; only from the version
   * the decision was made on. */
  sql_text q = {0};
  db_params u = {0};
  dbp_int(&u, was->id);
  dbp_int(&u, was->version);
  dbp_enum(&u, &ENUM_STATUS, (int)ch->to);
  sql_add(&q, "UPDATE cases SET status = $3, version = version + 1, updated_at = now()");
  set_columns(&q, &u, &ch->set);
  sql_add(&q, " WHERE id = $1 AND version = $2");
  PGresult *r;
  db_status s = q.failed ? DB_ERROR : db_exec_dynamic(c, q.s, &u, &r);
  sql_free(&q);
  if (s != DB_OK) return s;
  bool changed = strcmp(PQcmdTuples(r), "1") == 0;
  PQclear(r);
  if (!changed) return DB_STALE;

  if (ch->transfer_to) {
    db_params tp = {0};
    dbp_int(&tp, was->id);
    dbp_int(&tp, ch->transfer_to);
    dbp_str(&tp, CASE_NO_OPEN);
    dbp_str(&tp, CASE_NO_CLOSE);
    dbp_str(&tp, CASE_NO_KIND);
    dbp_int(&tp, CASE_NO_DIGITS);
    dbp_str(&tp, CASE_NO_END);
    if ((s = db_exec(c, &q_case_transfer, &tp, &r)) != DB_OK) return s;
    bool moved = strcmp(PQcmdTuples(r), "1") == 0;
    PQclear(r);
    if (!moved) return DB_REFUSED; /* no such centre */
  }
  if (ch->add_stage) {
    db_params sp = {0};
    dbp_int(&sp, was->id);
    dbp_int(&sp, t->p->user_id);
    dbp_enum(&sp, &ENUM_STAGE, ch->stage);
    dbp_str(&sp, ch->stage_venue);
    dbp_date(&sp, ch->stage_started_on);
    if (ch->stage_ended)
      dbp_date(&sp, ch->stage_ended_on);
    else
      dbp_str(&sp, NULL);
    if ((s = db_exec(c, &q_stage, &sp, NULL)) != DB_OK) return s;
  }
  for (int i = 0; i < ch->nclaims; i++) {
    const case_claim *k = &ch->claims[i];
    claim_new n = {was->center_id, k->lawyer_id, was->id,   k->stage_id,  0,
                   k->item,        k->year,      k->grade,  k->quote.scope, 1, &k->quote};
    if ((s = store_claim_insert(c, &n)) != DB_OK) return s;
  }
  if (ch->end_assignment >= 0) {
    db_params ap = {0};
    dbp_int(&ap, was->id);
    dbp_enum(&ap, &ENUM_ASSIGNMENT_END, ch->end_assignment);
    if ((s = db_exec(c, &q_assignment_end, &ap, NULL)) != DB_OK) return s;
  }
  if (ch->start_assignment) {
    db_params ap = {0};
    dbp_int(&ap, was->id);
    dbp_int(&ap, ch->start_assignment);
    dbp_int(&ap, t->p->user_id);
    if ((s = db_exec(c, &q_assignment_start, &ap, NULL)) != DB_OK) return s;
  }
  db_params e = {0};
  dbp_int(&e, was->id);
  dbp_int(&e, t->p->user_id);
  dbp_str(&e, lifecycle_action_name(t->action));
  dbp_enum(&e, &ENUM_STATUS, (int)was->status);
  dbp_enum(&e, &ENUM_STATUS, (int)ch->to);
  dbp_str(&e, t->detail);
  if ((s = db_exec(c, &q_event, &e, NULL)) != DB_OK) return s;
  db_params j = {0};
  dbp_int(&j, was->id);
  if (ch->transfer_to) {
    /* The sending centre answers with the case as the receiving one sees it. */
    snprintf(t->to_centers, sizeof t->to_centers, "{%lld}", (long long)ch->transfer_to);
    dbp_bool(&j, false);
    dbp_str(&j, t->to_centers);
    dbp_int(&j, 0);
  } else if (!dbp_viewer(&j, t->p)) {
    return DB_ERROR;
  }
  return db_exec_json(c, &q_case_full, &j, &t->json);
}

db_status store_case_write(const principal *p, const case_state *was, case_action action,
                           const case_change *ch, const char *event_detail, char **json) {
  write_tx t = {p, was, action, ch, event_detail, NULL, ""};
  db_status s = db_tx(write_body, &t);
  if (s == DB_OK) {
    *json = t.json;
    return DB_OK;
  }
  free(t.json);
  *json = NULL;
  return s;
}

/* ---- facts for the decisions ---- */

static db_stmt q_lawyer_facts = {
    "lawyer_facts",
    "SELECT l.user_id, l.center_id, l.active AND u.active AS active, l.kind, l.practice_years,"
    " l.specialties::text AS specialties, COALESCE(l.region_code, ctr.region_code) AS region,"
    " (SELECT count(*) FROM cases k WHERE k.lawyer_id = l.user_id"
    "   AND k.status = ANY ($2::text[])) AS open_cases,"
    " COALESCE(NULLIF(u.display_name, ''), u.username) AS name"
    " FROM lawyers l JOIN users u ON u.id = l.user_id JOIN centers ctr ON ctr.id = l.center_id"
    " WHERE l.user_id = $1",
    0};
static db_stmt q_lawyer_clients = {
    "lawyer_clients",
    "SELECT c.applicant_name AS name, c.applicant_id_number AS id_number"
    "  FROM case_assignments a JOIN cases c ON c.id = a.case_id WHERE a.lawyer_id = $1"
    " UNION SELECT name, id_number FROM lawyer_clients WHERE lawyer_id = $1",
    0};

/* The lawyer's facts common to both queries below. */
static void read_lawyer(db_row *w, assign_lawyer *l, char *region, size_t region_len) {
  l->lawyer_id = row_int(w, "user_id");
  l->center_id = row_int(w, "center_id");
  l->active = row_bool(w, "active");
  l->kind = row_enum(w, "kind", &ENUM_LAWYER_KIND);
  l->practice_years = (int)row_int(w, "practice_years");
  l->specialties = row_set(w, "specialties", &ENUM_CASE_TYPE);
  row_copy(w, "region", region, region_len);
  l->region_code = region;
  l->open_cases = (int)row_int(w, "open_cases");
}

static bool add_client(former_client **clients, int *n, const char *name, const char *id_number) {
  former_client *grown = realloc(*clients, (size_t)(*n + 1) * sizeof *grown);
  if (!grown) return false;
  *clients = grown;
  grown[*n].name = strdup(name ? name : "");
  grown[*n].id_number = id_number ? strdup(id_number) : NULL;
  if (!grown[*n].name || (id_number && !grown[*n].id_number)) {
    free((char *)grown[*n].name);
    free((char *)grown[*n].id_number);
    return false;
  }
  (*n)++;
  return true;
}

db_status store_lawyer_facts(int64_t lawyer_id, lawyer_facts *out) {
  memset(out, 0, sizeof *out);
  db_params p = {0};
  dbp_int(&p, lawyer_id);
  dbp_set(&p, &ENUM_STATUS, CASE_WITH_LAWYER);
  PGresult *r;
  db_status s = db_query_row(&q_lawyer_facts, &p, &r);
  if (s != DB_OK) return s;
  db_row w = {r, 0, q_lawyer_facts.name, false};
  read_lawyer(&w, &out->l, out->region, sizeof out->region);
  row_copy(&w, "name", out->name, sizeof out->name);
  PQclear(r);
  if (w.failed) return DB_ERROR;
  db_params cp = {0};
  dbp_int(&cp, lawyer_id);
  if ((s = db_query(&q_lawyer_clients, &cp, &r)) != DB_OK) return s;
  db_row c = {r, 0, q_lawyer_clients.name, false};
  for (c.row = 0; c.row < PQntuples(r) && !c.failed; c.row++)
    if (!add_client(&out->clients, &out->nclients, row_text(&c, "name"),
                    row_text(&c, "id_number")))
      c.failed = true;
  PQclear(r);
  if (c.failed) {
    store_free_clients(out->clients, out->nclients);
    out->clients = NULL;
    out->nclients = 0;
    return DB_ERROR;
  }
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
    "SELECT c.center_id, c.case_type, c.criminal_grounds::text AS criminal_grounds,"
    " c.venue_region_code, c.opposing_party, c.opposing_party_id_number FROM cases c"
    " WHERE c.id = $1 AND ($2::boolean OR c.center_id = ANY($3::bigint[]))",
    0};
static db_stmt q_suggest_lawyers = {
    "suggest_lawyers",
    "SELECT l.user_id, l.center_id, l.active AND u.active AS active, l.kind, l.practice_years,"
    " l.specialties::text AS specialties, COALESCE(l.region_code, ctr.region_code) AS region,"
    " u.username, u.display_name,"
    " (SELECT count(*) FROM cases k WHERE k.lawyer_id = l.user_id"
    "   AND k.status = ANY ($2::text[])) AS open_cases"
    " FROM lawyers l JOIN users u ON u.id = l.user_id JOIN centers ctr ON ctr.id = l.center_id"
    " WHERE l.center_id = $1 ORDER BY l.user_id",
    0};
/* Only the former clients that could match the opposing party. */
static db_stmt q_suggest_clients = {
    "suggest_clients",
    "SELECT a.lawyer_id, c.applicant_name AS name, c.applicant_id_number AS id_number"
    "  FROM case_assignments a JOIN cases c ON c.id = a.case_id"
    "  JOIN lawyers l ON l.user_id = a.lawyer_id"
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
  db_row w = {r, 0, q_suggest_case.name, false};
  sc->c.center_id = row_int(&w, "center_id");
  sc->c.case_type = row_enum(&w, "case_type", &ENUM_CASE_TYPE);
  sc->c.criminal_grounds = row_set(&w, "criminal_grounds", &ENUM_CRIMINAL_GROUND);
  row_copy(&w, "venue_region_code", sc->venue, sizeof sc->venue);
  row_copy(&w, "opposing_party", sc->opposing, sizeof sc->opposing);
  row_copy(&w, "opposing_party_id_number", sc->opposing_id, sizeof sc->opposing_id);
  PQclear(r);
  if (w.failed) return DB_ERROR;
  sc->c.venue_region_code = sc->venue[0] ? sc->venue : NULL;
  sc->c.opposing_party = sc->opposing[0] ? sc->opposing : NULL;
  sc->c.opposing_party_id_number = sc->opposing_id[0] ? sc->opposing_id : NULL;

  db_params lp = {0};
  dbp_int(&lp, sc->c.center_id);
  dbp_set(&lp, &ENUM_STATUS, CASE_WITH_LAWYER);
  if ((s = db_query(&q_suggest_lawyers, &lp, &r)) != DB_OK) return s;
  int rows = PQntuples(r);
  lawyer_candidate *cs = rows ? calloc((size_t)rows, sizeof *cs) : NULL;
  if (rows && !cs) {
    PQclear(r);
    return DB_ERROR;
  }
  db_row l = {r, 0, q_suggest_lawyers.name, false};
  for (l.row = 0; l.row < rows; l.row++) {
    lawyer_candidate *k = &cs[l.row];
    read_lawyer(&l, &k->l, k->region, sizeof k->region);
    row_copy(&l, "username", k->username, sizeof k->username);
    row_copy(&l, "display_name", k->display_name, sizeof k->display_name);
  }
  PQclear(r);
  s = l.failed ? DB_ERROR : DB_OK;
  if (s == DB_OK && (sc->c.opposing_party || sc->c.opposing_party_id_number)) {
    db_params cp = {0};
    dbp_int(&cp, sc->c.center_id);
    dbp_str(&cp, sc->c.opposing_party);
    dbp_str(&cp, sc->c.opposing_party_id_number);
    if ((s = db_query(&q_suggest_clients, &cp, &r)) == DB_OK) {
      db_row c = {r, 0, q_suggest_clients.name, false};
      for (c.row = 0; c.row < PQntuples(r) && !c.failed; c.row++) {
        int64_t lid = row_int(&c, "lawyer_id");
        for (int k = 0; k < rows && !c.failed; k++)
          if (cs[k].l.lawyer_id == lid &&
              !add_client(&cs[k].clients, &cs[k].nclients, row_text(&c, "name"),
                          row_text(&c, "id_number")))
            c.failed = true;
      }
      PQclear(r);
      if (c.failed) s = DB_ERROR;
    }
  }
  if (s != DB_OK) {
    store_free_candidates(cs, rows);
    return s;
  }
  *cands = cs;
  *n = rows;
  return DB_OK;
}

void store_free_candidates(lawyer_candidate *cands, int n) {
  for (int i = 0; i < n; i++) store_free_clients(cands[i].clients, cands[i].nclients);
  free(cands);
}

/* ---- deadlines counted again (a holiday year was loaded) ---- */

static db_stmt q_open_deadlines = {
    "open_case_deadlines",
    "SELECT c.id, c.version, c.status, c.channel, c.deadline_mode,"
    " COALESCE(c.clock_started_on, (c.received_at AT TIME ZONE 'Asia/Shanghai')::date)::text"
    "   AS clock_start,"
    " (c.materials_requested_at AT TIME ZONE 'Asia/Shanghai')::date::text AS asked_on,"
    " COALESCE(c.materials_received_on,"
    "   (c.materials_requested_at AT TIME ZONE 'Asia/Shanghai')::date + c.paused_days)::text"
    "   AS received_on,"
    " (c.decided_at AT TIME ZONE 'Asia/Shanghai')::date::text AS decided_on,"
    " (c.assigned_at AT TIME ZONE 'Asia/Shanghai')::date::text AS assigned_on,"
    " c.organ_notice_due IS NOT NULL AND c.organ_notified_on IS NULL AS organ_owed,"
    " c.objection_filed_at IS NOT NULL AND c.objection_decided_at IS NULL AS objection_pending,"
    " (c.objection_filed_at AT TIME ZONE 'Asia/Shanghai')::date::text AS objection_filed_on,"
    " c.papers_due IS NOT NULL AND c.papers_received_at IS NULL AS papers_open,"
    " c.papers_from::text AS papers_from, COALESCE(c.papers_days, 0) AS papers_days,"
    " c.papers_due::text AS papers_due,"
    " c.decision_due::text AS decision_due, c.assignment_due::text AS assignment_due,"
    " c.organ_notice_due::text AS organ_notice_due, c.objection_due::text AS objection_due,"
    " c.deadline_provisional"
    " FROM cases c WHERE c.status = ANY ($1::text[])"
    "  OR (c.organ_notice_due IS NOT NULL AND c.organ_notified_on IS NULL)"
    "  OR (c.objection_filed_at IS NOT NULL AND c.objection_decided_at IS NULL)"
    "  OR (c.papers_due IS NOT NULL AND c.papers_received_at IS NULL)"
    " ORDER BY c.id",
    0};

db_status store_open_case_deadlines(case_deadline_row **rows, size_t *n) {
  *rows = NULL;
  *n = 0;
  db_params p = {0};
  dbp_set(&p, &ENUM_STATUS, CASE_AWAITING_DECISION | CASE_AWAITING_ASSIGNMENT);
  PGresult *r;
  db_status s = db_query(&q_open_deadlines, &p, &r);
  if (s != DB_OK) return s;
  int k = PQntuples(r);
  if (k && !(*rows = calloc((size_t)k, sizeof **rows))) {
    PQclear(r);
    return DB_ERROR;
  }
  db_row w = {r, 0, q_open_deadlines.name, false};
  for (w.row = 0; w.row < k; w.row++) {
    case_deadline_row *o = &(*rows)[w.row];
    case_clocks *c = &o->d.clocks;
    o->id = row_int(&w, "id");
    o->version = (int)row_int(&w, "version");
    int status = row_enum(&w, "status", &ENUM_STATUS);
    int channel = row_enum(&w, "channel", &ENUM_CHANNEL);
    c->mode = (deadline_mode)row_enum(&w, "deadline_mode", &ENUM_DEADLINE_MODE);
    c->notice = channel >= 0 && channel_is_notice((channel_t)channel);
    if (!row_date(&w, "clock_start", &c->clock_start)) w.failed = true;
    c->open_decision = status == ST_SUBMITTED;
    c->open_assignment = status == ST_APPROVED;
    if (c->open_decision) {
      c->materials_asked = row_date(&w, "asked_on", &c->materials_asked_on);
      c->materials_received =
          c->materials_asked && row_date(&w, "received_on", &c->materials_received_on);
    }
    c->decided = row_date(&w, "decided_on", &c->decided_on);
    c->organ_notice_owed =
        row_bool(&w, "organ_owed") && row_date(&w, "assigned_on", &c->assigned_on);
    c->objection_pending = row_bool(&w, "objection_pending") &&
                           row_date(&w, "objection_filed_on", &c->objection_filed_on);
    c->papers_owed = row_bool(&w, "papers_open") && row_date(&w, "papers_from", &c->papers_from);
    c->papers_days = (int)row_int(&w, "papers_days");
    case_dues *was = &o->d.was;
    was->decision_set = row_date(&w, "decision_due", &was->decision_due);
    was->assignment_set = row_date(&w, "assignment_due", &was->assignment_due);
    was->organ_notice_set = row_date(&w, "organ_notice_due", &was->organ_notice_due);
    was->objection_set = row_date(&w, "objection_due", &was->objection_due);
    was->papers_set = row_date(&w, "papers_due", &was->papers_due);
    o->d.was_provisional = row_bool(&w, "deadline_provisional");
    if (status < 0 || channel < 0 || (int)c->mode < 0) w.failed = true;
  }
  PQclear(r);
  if (w.failed) {
    free(*rows);
    *rows = NULL;
    return DB_ERROR;
  }
  *n = (size_t)k;
  return DB_OK;
}

static db_stmt q_recount = {
    "case_deadlines_recount",
    "WITH u AS (UPDATE cases SET decision_due = $3::date, assignment_due = $4::date,"
    "   organ_notice_due = $5::date, objection_due = $6::date, deadline_provisional = $7,"
    "   papers_due = $10::date,"
    "   version = version + 1, updated_at = now()"
    "  WHERE id = $1 AND version = $2 RETURNING id, status)"
    " INSERT INTO case_events (case_id, actor_id, action, from_status, to_status, detail)"
    " SELECT u.id, $8, 'deadlines_recounted', u.status, u.status, $9::jsonb FROM u",
    0};

static void date_or_null(db_params *p, bool set, day_t d) {
  if (set)
    dbp_date(p, d);
  else
    dbp_str(p, NULL);
}

db_status store_case_deadlines_write(const case_deadline_row *row, const case_dues *now,
                                     int64_t actor_id, const char *detail, bool *written) {
  *written = false;
  db_params p = {0};
  dbp_int(&p, row->id);
  dbp_int(&p, row->version);
  date_or_null(&p, now->decision_set, now->decision_due);
  date_or_null(&p, now->assignment_set, now->assignment_due);
  date_or_null(&p, now->organ_notice_set, now->organ_notice_due);
  date_or_null(&p, now->objection_set, now->objection_due);
  dbp_bool(&p, now->provisional);
  dbp_int(&p, actor_id);
  dbp_str(&p, detail);
  date_or_null(&p, now->papers_set, now->papers_due);
  PGresult *r;
  /* One statement: the new dates and their event commit together, or neither (a case that
   * moved on since it was read is left alone: its own transition counted it). */
  db_status s = db_exec(db_conn(), &q_recount, &p, &r);
  if (s != DB_OK) return s;
  *written = strcmp(PQcmdTuples(r), "1") == 0;
  PQclear(r);
  return DB_OK;
}
