/* The transition endpoints of a case: parse the body, then decide inside the case's locked
 * transaction by asking the domain (the state machine, deadlines, assignment rules). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "domain/assignment.h"
#include "domain/calendar.h"
#include "domain/groups.h"
#include "domain/idcard.h"
#include "domain/jurisdiction.h"
#include "domain/subsidy.h"
#include "domain/timestamp.h"
#include "eligibility.h"
#include "handlers.h"
#include "intake_parse.h"
#include "store/cases.h"
#include "store/lifecycle.h"
#include "store/money.h"
#include "validate.h"

/* ---- shared ---- */

typedef struct {
  const principal *p;
  case_action action;
  json_t *root;   /* the parsed body */
  char *detail;   /* the audit event's detail (JSON text), freed after */
  void *extra;    /* per-action data */
} ctx;

static day_t today(void) { return ts_local_date(api_now()); }

/* The state machine's verdict; on refusal fills ch and returns false. */
static bool gate(const ctx *x, const case_row *row, case_change *ch, bool upheld) {
  case_state s = {
      .status = row->status,
      .materials_requested_before = row->materials_requested_at != 0,
      .graded = row->graded,
      .satisfaction_recorded = row->satisfaction_recorded,
      .objection_pending = row->objection_pending,
      .objection_filed = row->objection_filed,
      .replacement_pending = row->replacement_pending,
      .archived = row->archived,
  };
  case_actor a = {x->p->role, x->p->role == ROLE_LAWYER && row->lawyer_id == x->p->user_id};
  lc_result r = lifecycle_check(x->action, &s, &a, upheld);
  if (r.verdict == LC_FORBIDDEN) {
    ch->http_status = 403;
    ch->message = r.why;
    return false;
  }
  if (r.verdict == LC_CONFLICT) {
    ch->http_status = 409;
    ch->message = r.why;
    return false;
  }
  ch->to = r.to;
  return true;
}

static void refuse_field(case_change *ch, const char *field, const char *why, const char *msg) {
  ch->http_status = 422;
  ch->field = field;
  ch->field_reason = why;
  ch->message = msg;
}

/* Sets the event detail from a JSON object (stolen). */
static void detail(ctx *x, case_change *ch, json_t *o) {
  free(x->detail);
  x->detail = json_dumps(o, JSON_COMPACT);
  json_decref(o);
  ch->event_detail = x->detail;
}

/* "version" from the body, else If-Match ("3" or 3). */
static bool read_version(const http_request *req, const json_t *root, bool required, int *out,
                         http_reply *rep) {
  *out = -1;
  const json_t *v = json_object_get(root, "version");
  if (v && !json_is_null(v)) {
    if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 1000000000) {
      http_reply_field_error(rep, ERR_VALIDATION, "version", "must be a positive integer");
      return false;
    }
    *out = (int)json_integer_value(v);
    return true;
  }
  const char *im = http_header(req, "If-Match");
  if (im) {
    char buf[32];
    size_t n = 0;
    for (const char *c = im; *c && n < sizeof buf - 1; c++)
      if (*c != '"' && *c != ' ' && *c != 'W' && *c != '/') buf[n++] = *c;
    buf[n] = '\0';
    char *end;
    long x = strtol(buf, &end, 10);
    if (n > 0 && !*end && x > 0) {
      *out = (int)x;
      return true;
    }
    http_reply_field_error(rep, ERR_VALIDATION, "If-Match", "must be the case version");
    return false;
  }
  if (required) {
    http_reply_field_error(rep, ERR_VALIDATION, "version", "required");
    return false;
  }
  return true;
}

/* Parses the body by the table, reads the version, runs the transition and replies. */
static void run(http_request *req, http_reply *rep, case_action action, const jv_field *fields,
                size_t nfields, void *body, bool version_required, case_decide_fn decide,
                void *extra, bool (*check)(void *body, json_t *errors)) {
  int64_t id;
  if (!api_path_id(req, 0, &id, rep)) return;
  json_t *root = jv_body(req, rep);
  if (!root) return;
  json_t *errors = json_object();
  jv_parse(root, fields, nfields, body, errors);
  if (check) check(body, errors);
  if (json_object_size(errors) > 0) {
    json_decref(root);
    http_reply_error(rep, ERR_VALIDATION, NULL, errors);
    return;
  }
  json_decref(errors);
  int version;
  if (!read_version(req, root, version_required, &version, rep)) {
    json_decref(root);
    return;
  }
  ctx x = {api_principal(req), action, root, NULL, extra};
  (void)body;
  transition_result res;
  db_status s = store_case_transition(x.p, id, version, action, decide, &x, &res);
  free(x.detail);
  json_decref(root);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  switch (res.http_status) {
    case 200:
      api_reply_json_text(rep, 200, res.json);
      return;
    case 403:
      http_reply_error(rep, ERR_FORBIDDEN, res.message, NULL);
      return;
    case 404:
      http_reply_error(rep, ERR_NOT_FOUND, NULL, NULL);
      return;
    case 503:
      http_reply_error(rep, ERR_UNAVAILABLE, NULL, NULL);
      return;
    case 409:
      http_reply_error(rep, ERR_CONFLICT, res.message,
                       res.field ? json_pack("{s:s}", res.field, res.field_reason) : NULL);
      return;
    default:
      http_reply_error(rep, ERR_VALIDATION, res.message,
                       res.field ? json_pack("{s:s}", res.field,
                                             res.field_reason ? res.field_reason : "invalid")
                                 : NULL);
      return;
  }
}

#define RUN(req, rep, action, fields, body, vreq, decide, extra, check) \
  run(req, rep, action, fields, JV_FIELD_COUNT(fields), body, vreq, decide, extra, check)

static int case_days(const case_row *row) {
  return row->channel >= 0 && channel_is_notice((channel_t)row->channel) ? NOTICE_ASSIGNMENT_DAYS
                                                                          : DECISION_DAYS;
}

/* ---- decision: approve, reject, request materials ---- */

typedef struct {
  int decision; /* 0 approve, 1 reject, 2 request_materials */
  jv_str reason;
} decision_body;

static const char *const decision_values[] = {"approve", "reject", "request_materials", NULL};
static const la_enum decision_enum = {"decision", decision_values, 3};

static const jv_field decision_fields[] = {
    {"decision", JV_ENUM, offsetof(decision_body, decision), true, 0, 0, &decision_enum, NULL, 0},
    {"reason", JV_STRING, offsetof(decision_body, reason), false, 0, 2000, NULL, NULL, 0},
};

static bool decision_check(void *body, json_t *errors) {
  decision_body *b = body;
  if (b->decision >= 1 && (!b->reason.s || b->reason.len == 0) &&
      !json_object_get(errors, "reason"))
    json_object_set_new(errors, "reason", json_string("required to reject or ask for papers"));
  return true;
}

static void decide_decision(PGconn *c, const case_row *row, void *arg, case_change *ch) {
  (void)c;
  ctx *x = arg;
  decision_body *b = x->extra;
  if (!gate(x, row, ch, false)) return;
  char pid[24];
  snprintf(pid, sizeof pid, "%lld", (long long)x->p->user_id);
  if (b->decision == 0) {
    change_set(ch, COL_DECISION, "approve");
    change_set(ch, COL_DECIDED_AT_NOW, NULL);
    change_set_int(ch, COL_DECIDED_BY, x->p->user_id);
    change_set(ch, COL_DECISION_REASON, b->reason.s);
    day_t due = deadline_due(today(), ASSIGNMENT_DAYS, (deadline_mode)row->deadline_mode,
                             api_calendar(), 0);
    change_set_date(ch, COL_ASSIGNMENT_DUE, due);
    char d[DATE_STR_LEN];
    date_format(due, d);
    detail(x, ch, json_pack("{s:s, s:s?, s:s}", "decision", "approve", "reason", b->reason.s,
                            "assignment_due", d));
  } else if (b->decision == 1) {
    change_set(ch, COL_DECISION, "reject");
    change_set(ch, COL_DECIDED_AT_NOW, NULL);
    change_set_int(ch, COL_DECIDED_BY, x->p->user_id);
    change_set(ch, COL_DECISION_REASON, b->reason.s);
    detail(x, ch, json_pack("{s:s, s:s}", "decision", "reject", "reason", b->reason.s));
  } else {
    change_set(ch, COL_MATERIALS_REQUEST, b->reason.s);
    change_set(ch, COL_MATERIALS_REQUESTED_AT_NOW, NULL);
    detail(x, ch, json_pack("{s:s, s:s}", "decision", "request_materials", "reason",
                            b->reason.s));
  }
}

void h_case_decision(http_request *req, http_reply *rep) {
  decision_body b = {.decision = -1};
  /* The action the state machine judges depends on the decision; parse it first. */
  json_t *peek = req->body ? json_loadb(req->body, req->body_len, 0, NULL) : NULL;
  const char *d = peek ? json_string_value(json_object_get(peek, "decision")) : NULL;
  case_action a = ACT_APPROVE;
  if (d && strcmp(d, "reject") == 0) a = ACT_REJECT;
  if (d && strcmp(d, "request_materials") == 0) a = ACT_REQUEST_MATERIALS;
  json_decref(peek);
  RUN(req, rep, a, decision_fields, &b, true, decide_decision, &b, decision_check);
}

/* ---- materials arrived ---- */

/* Bodies that carry only the version (read by read_version) and an optional comment. */
typedef struct {
  jv_str comment;
} comment_body;

static const jv_field comment_fields[] = {
    {"comment", JV_STRING, offsetof(comment_body, comment), false, 0, 500, NULL, NULL, 0},
};

static void decide_materials(PGconn *c, const case_row *row, void *arg, case_change *ch) {
  (void)c;
  ctx *x = arg;
  if (!gate(x, row, ch, false)) return;
  /* The clock stopped while papers were awaited: those calendar days do not count. */
  day_t asked = ts_local_date(row->materials_requested_at);
  int paused = today() - asked;
  if (paused < 0) paused = 0;
  int total = row->paused_days + paused;
  change_set_int(ch, COL_PAUSED_DAYS, total);
  day_t due = deadline_due(row->application_date, case_days(row),
                           (deadline_mode)row->deadline_mode, api_calendar(), total);
  change_set_date(ch, COL_DECISION_DUE, due);
  char d[DATE_STR_LEN];
  date_format(due, d);
  detail(x, ch, json_pack("{s:i, s:s}", "paused_days", paused, "decision_due", d));
}

void h_case_materials(http_request *req, http_reply *rep) {
  comment_body b = {{0}};
  RUN(req, rep, ACT_MATERIALS_RECEIVED, comment_fields, &b, true, decide_materials, NULL, NULL);
}

/* ---- urgent aid before the decision (Art. 44) ---- */

typedef struct {
  jv_str reason;
} reason_body;

static const jv_field reason_required[] = {
    {"reason", JV_STRING, offsetof(reason_body, reason), true, 1, 2000, NULL, NULL, 0},
};

static void decide_urgent(PGconn *c, const case_row *row, void *arg, case_change *ch) {
  (void)c;
  ctx *x = arg;
  reason_body *b = x->extra;
  if (!gate(x, row, ch, false)) return;
  change_set(ch, COL_URGENT, "true");
  change_set(ch, COL_DECISION, "urgent_aid");
  change_set(ch, COL_DECISION_REASON, b->reason.s);
  change_set(ch, COL_DECIDED_AT_NOW, NULL);
  change_set_int(ch, COL_DECIDED_BY, x->p->user_id);
  day_t due = deadline_due(today(), ASSIGNMENT_DAYS, (deadline_mode)row->deadline_mode,
                           api_calendar(), 0);
  change_set_date(ch, COL_ASSIGNMENT_DUE, due);
  detail(x, ch, json_pack("{s:s, s:s}", "article", "第四十四条", "reason", b->reason.s));
}

void h_case_urgent(http_request *req, http_reply *rep) {
  reason_body b = {{0}};
  RUN(req, rep, ACT_URGENT_AID, reason_required, &b, true, decide_urgent, &b, NULL);
}

/* ---- assignment ---- */

typedef struct {
  jv_int lawyer_id;
} assign_body;

static const jv_field assign_fields[] = {
    {"lawyer_id", JV_INT, offsetof(assign_body, lawyer_id), true, 1, INT64_MAX, NULL, NULL, 0},
};

static void decide_assign(PGconn *c, const case_row *row, void *arg, case_change *ch) {
  ctx *x = arg;
  assign_body *b = x->extra;
  if (!gate(x, row, ch, false)) return;
  if (row->lawyer_id == b->lawyer_id.v) {
    refuse_field(ch, "lawyer_id", "already assigned", "该律师已是本案承办律师");
    return;
  }
  assign_lawyer l;
  char region[8], name[256];
  former_client *clients = NULL;
  int nclients = 0;
  db_status s = store_assignment_facts(c, b->lawyer_id.v, &l, region, name, &clients, &nclients);
  if (s == DB_NOT_FOUND) {
    refuse_field(ch, "lawyer_id", "unknown lawyer", "没有这位律师");
    return;
  }
  if (s != DB_OK) {
    ch->http_status = 503;
    return;
  }
  assign_case ac = {row->center_id, row->case_type, row->criminal_grounds,
                    row->venue_region_code[0] ? row->venue_region_code : NULL,
                    row->opposing_party[0] ? row->opposing_party : NULL,
                    row->opposing_party_id_number[0] ? row->opposing_party_id_number : NULL};
  const char *code = NULL;
  const char *why = assignment_refusal(&ac, &l, clients, nclients, &code);
  store_free_clients(clients, nclients);
  if (why) {
    refuse_field(ch, "lawyer_id", code, why);
    return;
  }
  if (row->lawyer_id) {
    ch->end_assignment_reason = "replaced";
    change_set(ch, COL_REPLACEMENT_CLEAR, NULL);
  }
  change_set_int(ch, COL_LAWYER_ID, b->lawyer_id.v);
  change_set(ch, COL_ASSIGNED_AT_NOW, NULL);
  ch->start_assignment_lawyer = b->lawyer_id.v;
  detail(x, ch, json_pack("{s:I, s:s, s:o}", "lawyer_id", (json_int_t)b->lawyer_id.v,
                          "lawyer_name", name, "previous_lawyer_id",
                          row->lawyer_id ? json_integer(row->lawyer_id) : json_null()));
}

void h_case_assignment(http_request *req, http_reply *rep) {
  assign_body b = {{0, false}};
  RUN(req, rep, ACT_ASSIGN, assign_fields, &b, true, decide_assign, &b, NULL);
}

/* ---- the lawyer accepts or declines ---- */

static void decide_accept(PGconn *c, const case_row *row, void *arg, case_change *ch) {
  (void)c;
  ctx *x = arg;
  if (!gate(x, row, ch, false)) return;
  change_set(ch, COL_ACCEPTED_AT_NOW, NULL);
}

void h_case_accept(http_request *req, http_reply *rep) {
  comment_body b = {{0}};
  RUN(req, rep, ACT_ACCEPT, comment_fields, &b, true, decide_accept, NULL, NULL);
}

static void decide_decline(PGconn *c, const case_row *row, void *arg, case_change *ch) {
  (void)c;
  ctx *x = arg;
  reason_body *b = x->extra;
  if (!gate(x, row, ch, false)) return;
  change_set(ch, COL_LAWYER_ID, NULL);
  ch->end_assignment_reason = "declined";
  detail(x, ch, json_pack("{s:s, s:I}", "reason", b->reason.s, "lawyer_id",
                          (json_int_t)row->lawyer_id));
}

void h_case_decline(http_request *req, http_reply *rep) {
  reason_body b = {{0}};
  RUN(req, rep, ACT_DECLINE, reason_required, &b, true, decide_decline, &b, NULL);
}

/* ---- stages ---- */

typedef struct {
  int stage;
  jv_str venue;
  jv_date started_on, ended_on;
} stage_body;

static const jv_field stage_fields[] = {
    {"stage", JV_ENUM, offsetof(stage_body, stage), true, 0, 0, &ENUM_STAGE, NULL, 0},
    {"venue_region_code", JV_STRING, offsetof(stage_body, venue), false, 6, 6, NULL,
     jv_check_region_code, 0},
    {"started_on", JV_DATE, offsetof(stage_body, started_on), true, 0, 0, NULL, NULL, 0},
    {"ended_on", JV_DATE, offsetof(stage_body, ended_on), false, 0, 0, NULL, NULL, 0},
};

static bool stage_check(void *body, json_t *errors) {
  stage_body *b = body;
  day_t t = today();
  if (b->started_on.set && b->started_on.v > t && !json_object_get(errors, "started_on"))
    json_object_set_new(errors, "started_on", json_string("must not be in the future"));
  if (b->ended_on.set && b->started_on.set && b->ended_on.v < b->started_on.v)
    json_object_set_new(errors, "ended_on", json_string("before started_on"));
  if (b->ended_on.set && b->ended_on.v > t && !json_object_get(errors, "ended_on"))
    json_object_set_new(errors, "ended_on", json_string("must not be in the future"));
  return true;
}

typedef struct {
  stage_body *b;
  char started[DATE_STR_LEN], ended[DATE_STR_LEN];
} stage_extra;

static void decide_stage(PGconn *c, const case_row *row, void *arg, case_change *ch) {
  (void)c;
  ctx *x = arg;
  stage_extra *e = x->extra;
  stage_body *b = e->b;
  if (!gate(x, row, ch, false)) return;
  if (row->case_type < 0 || !stage_fits_case_type((stage_t)b->stage, (case_type_t)row->case_type)) {
    refuse_field(ch, "stage", "does not fit the case type", "该阶段不适用于本案类型");
    return;
  }
  if (b->started_on.v < row->application_date) {
    refuse_field(ch, "started_on", "before the application", "阶段开始日期早于申请日期");
    return;
  }
  ch->add_stage = true;
  ch->stage = enum_name(&ENUM_STAGE, b->stage);
  ch->stage_venue = b->venue.s;
  date_format(b->started_on.v, e->started);
  ch->stage_started_on = e->started;
  if (b->ended_on.set) {
    date_format(b->ended_on.v, e->ended);
    ch->stage_ended_on = e->ended;
  }
  change_set(ch, COL_STAGE, ch->stage);
  detail(x, ch, json_pack("{s:s, s:s?, s:s, s:s?}", "stage", ch->stage, "venue_region_code",
                          b->venue.s, "started_on", e->started, "ended_on",
                          b->ended_on.set ? e->ended : NULL));
}

void h_case_stages(http_request *req, http_reply *rep) {
  stage_body b = {.stage = -1};
  stage_extra e = {&b, "", ""};
  RUN(req, rep, ACT_ADD_STAGE, stage_fields, &b, false, decide_stage, &e, stage_check);
}

/* ---- closure ---- */

typedef struct {
  jv_str outcome;
  jv_int recovered_fen;
  jv_date closed_on;
} closure_body;

static const jv_field closure_fields[] = {
    {"outcome", JV_STRING, offsetof(closure_body, outcome), true, 1, 1000, NULL, NULL, 0},
    {"recovered_fen", JV_INT, offsetof(closure_body, recovered_fen), false, 0,
     (int64_t)1000000000 * 100, NULL, NULL, 0},
    {"closed_on", JV_DATE, offsetof(closure_body, closed_on), true, 0, 0, NULL, NULL, 0},
};

static bool closure_check(void *body, json_t *errors) {
  closure_body *b = body;
  if (b->closed_on.set && b->closed_on.v > today())
    json_object_set_new(errors, "closed_on", json_string("must not be in the future"));
  return true;
}

static void decide_close(PGconn *c, const case_row *row, void *arg, case_change *ch) {
  (void)c;
  ctx *x = arg;
  closure_body *b = x->extra;
  if (!gate(x, row, ch, false)) return;
  if (b->closed_on.v < row->application_date) {
    refuse_field(ch, "closed_on", "before the application", "结案日期早于申请日期");
    return;
  }
  change_set(ch, COL_OUTCOME, b->outcome.s);
  change_set_int(ch, COL_RECOVERED_FEN, b->recovered_fen.set ? b->recovered_fen.v : 0);
  change_set_date(ch, COL_CLOSED_ON, b->closed_on.v);
  ch->end_assignment_reason = "closed";
  detail(x, ch, json_pack("{s:s, s:I}", "outcome", b->outcome.s, "recovered_fen",
                          (json_int_t)(b->recovered_fen.set ? b->recovered_fen.v : 0)));
}

void h_case_closure(http_request *req, http_reply *rep) {
  closure_body b = {{0}, {0, false}, {0, false}};
  RUN(req, rep, ACT_CLOSE, closure_fields, &b, true, decide_close, &b, closure_check);
}

/* ---- grade ---- */

typedef struct {
  int grade;
} grade_body;

static const jv_field grade_fields[] = {
    {"grade", JV_ENUM, offsetof(grade_body, grade), true, 0, 0, &ENUM_GRADE, NULL, 0},
};

static int b_grade(const grade_body *b) { return b->grade; }

/* What one claim is for: a stage (or the whole case, stage -1) and its lawyer. */
typedef struct {
  int64_t stage_id, lawyer_id;
  int stage;
  const char *venue;
} grade_unit;

typedef struct {
  grade_body *b;
  standards std;
  subsidy_quote quotes[12];
  stage_row *stages;
  int nstages;
} grade_extra;

/* Grading computes the subsidy claims of the case: one per stage for criminal cases (to the
 * lawyer who recorded it; the case's stage at intake when none was recorded), one per case
 * otherwise. Items without a standard are listed as unpriced in the audit event. */
static void decide_grade(PGconn *c, const case_row *row, void *arg, case_change *ch) {
  ctx *x = arg;
  grade_extra *e = x->extra;
  if (!gate(x, row, ch, false)) return;
  int year = row->closed_year ? row->closed_year : date_year(today());
  if (store_standards_for(c, row->center_region, year, &e->std) != DB_OK ||
      store_case_stages(c, row->id, &e->stages, &e->nstages) != DB_OK) {
    ch->http_status = 503;
    return;
  }
  json_t *claims = json_array(), *unpriced = json_array();
  grade_unit units[12];
  int nunits = 0;
  if (subsidy_per_stage(row->case_type)) {
    for (int i = 0; i < e->nstages && nunits < 12; i++) {
      bool seen = false; /* one claim per stage and lawyer */
      for (int k = 0; k < nunits; k++)
        if (units[k].stage == e->stages[i].stage && units[k].lawyer_id == e->stages[i].lawyer_id)
          seen = true;
      if (seen) continue;
      units[nunits].stage_id = e->stages[i].id;
      units[nunits].lawyer_id = e->stages[i].lawyer_id;
      units[nunits].stage = e->stages[i].stage;
      units[nunits].venue = e->stages[i].venue;
      nunits++;
    }
    if (nunits == 0 && row->stage >= 0 && row->lawyer_id)
      units[nunits++] = (grade_unit){0, row->lawyer_id, row->stage, row->venue_region_code};
  } else if (row->lawyer_id) {
    units[nunits++] = (grade_unit){0, row->lawyer_id, -1, row->venue_region_code};
  }
  for (int i = 0; i < nunits; i++) {
    int item = subsidy_item_for(row->case_type, units[i].stage);
    if (item < 0) continue;
    const char *venue = units[i].venue && units[i].venue[0] ? units[i].venue : NULL;
    /* No venue recorded: the stage took place locally. */
    subsidy_request rq = {item, b_grade(e->b), venue ? region_scope(row->center_region, venue)
                                                     : SCOPE_LOCAL,
                          1, {{0}}, 0};
    subsidy_quote *q = &e->quotes[ch->nclaims];
    subsidy_status st = subsidy_compute(e->std.ptrs, e->std.ntables, row->center_region, &rq, q);
    if (st != SUBSIDY_OK) {
      json_array_append_new(unpriced, json_string(enum_name(&ENUM_SUBSIDY_ITEM, item)));
      continue;
    }
    claim_new *k = &ch->claims[ch->nclaims++];
    memset(k, 0, sizeof *k);
    k->lawyer_id = units[i].lawyer_id;
    k->stage_id = units[i].stage_id;
    k->item = item;
    k->year = year;
    k->grade = e->b->grade;
    k->scope = q->scope;
    k->quantity = 1;
    k->q = q;
    json_array_append_new(claims, json_pack("{s:s, s:I}", "item", enum_name(&ENUM_SUBSIDY_ITEM, item),
                                            "total_fen", (json_int_t)q->total_fen));
  }
  change_set(ch, COL_GRADE, enum_name(&ENUM_GRADE, e->b->grade));
  change_set(ch, COL_GRADED_AT_NOW, NULL);
  detail(x, ch, json_pack("{s:s, s:o, s:o}", "grade", enum_name(&ENUM_GRADE, e->b->grade),
                          "claims", claims, "unpriced", unpriced));
}

void h_case_grade(http_request *req, http_reply *rep) {
  grade_body b = {-1};
  grade_extra *e = calloc(1, sizeof *e); /* the standards are large: keep them off the stack */
  if (!e) {
    http_reply_error(rep, ERR_INTERNAL, NULL, NULL);
    return;
  }
  e->b = &b;
  RUN(req, rep, ACT_GRADE, grade_fields, &b, true, decide_grade, e, NULL);
  free(e->stages);
  free(e);
}

/* ---- the closed case's file is archived ---- */

static void decide_archive(PGconn *c, const case_row *row, void *arg, case_change *ch) {
  (void)c;
  ctx *x = arg;
  if (!gate(x, row, ch, false)) return;
  change_set(ch, COL_ARCHIVED_AT_NOW, NULL);
}

void h_case_archive(http_request *req, http_reply *rep) {
  comment_body b = {{0}};
  RUN(req, rep, ACT_ARCHIVE, comment_fields, &b, true, decide_archive, NULL, NULL);
}

/* ---- termination (Art. 48) ---- */

typedef struct {
  int ground;
  jv_str reason;
} termination_body;

static const jv_field termination_fields[] = {
    {"ground", JV_ENUM, offsetof(termination_body, ground), true, 0, 0, &ENUM_TERMINATION_GROUND,
     NULL, 0},
    {"reason", JV_STRING, offsetof(termination_body, reason), true, 1, 2000, NULL, NULL, 0},
};

static void decide_terminate(PGconn *c, const case_row *row, void *arg, case_change *ch) {
  (void)c;
  ctx *x = arg;
  termination_body *b = x->extra;
  if (!gate(x, row, ch, false)) return;
  change_set(ch, COL_TERMINATION_GROUND, enum_name(&ENUM_TERMINATION_GROUND, b->ground));
  change_set(ch, COL_TERMINATION_REASON, b->reason.s);
  change_set(ch, COL_TERMINATED_AT_NOW, NULL);
  if (row->lawyer_id) ch->end_assignment_reason = "terminated";
  detail(x, ch, json_pack("{s:s, s:s, s:s}", "article", "第四十八条", "ground",
                          enum_name(&ENUM_TERMINATION_GROUND, b->ground), "reason", b->reason.s));
}

void h_case_termination(http_request *req, http_reply *rep) {
  termination_body b = {-1, {0}};
  RUN(req, rep, ACT_TERMINATE, termination_fields, &b, true, decide_terminate, &b, NULL);
}

/* ---- satisfaction ---- */

typedef struct {
  jv_bool satisfied;
  jv_str comment;
} satisfaction_body;

static const jv_field satisfaction_fields[] = {
    {"satisfied", JV_BOOL, offsetof(satisfaction_body, satisfied), true, 0, 0, NULL, NULL, 0},
    {"comment", JV_STRING, offsetof(satisfaction_body, comment), false, 0, 1000, NULL, NULL, 0},
};

static void decide_satisfaction(PGconn *c, const case_row *row, void *arg, case_change *ch) {
  (void)c;
  ctx *x = arg;
  satisfaction_body *b = x->extra;
  if (!gate(x, row, ch, false)) return;
  change_set(ch, COL_SATISFIED, b->satisfied.v ? "true" : "false");
  change_set(ch, COL_SATISFACTION_COMMENT, b->comment.s);
  change_set(ch, COL_SATISFACTION_AT_NOW, NULL);
  detail(x, ch, json_pack("{s:b}", "satisfied", b->satisfied.v));
}

void h_case_satisfaction(http_request *req, http_reply *rep) {
  satisfaction_body b = {{false, false}, {0}};
  RUN(req, rep, ACT_SATISFACTION, satisfaction_fields, &b, false, decide_satisfaction, &b, NULL);
}

/* ---- objection (Art. 49) ---- */

#define OBJECTION_DAYS 5

static void decide_objection(PGconn *c, const case_row *row, void *arg, case_change *ch) {
  (void)c;
  ctx *x = arg;
  reason_body *b = x->extra;
  if (!gate(x, row, ch, false)) return;
  day_t due = deadline_due(today(), OBJECTION_DAYS, (deadline_mode)row->deadline_mode,
                           api_calendar(), 0);
  change_set(ch, COL_OBJECTION_REASON, b->reason.s);
  change_set(ch, COL_OBJECTION_FILED_AT_NOW, NULL);
  change_set_date(ch, COL_OBJECTION_DUE, due);
  char d[DATE_STR_LEN];
  date_format(due, d);
  detail(x, ch, json_pack("{s:s, s:s, s:s}", "article", "第四十九条", "reason", b->reason.s,
                          "due", d));
}

void h_case_objection(http_request *req, http_reply *rep) {
  reason_body b = {{0}};
  RUN(req, rep, ACT_OBJECT, reason_required, &b, true, decide_objection, &b, NULL);
}

typedef struct {
  jv_bool upheld;
  jv_str reason;
} objection_decision_body;

static const jv_field objection_decision_fields[] = {
    {"upheld", JV_BOOL, offsetof(objection_decision_body, upheld), true, 0, 0, NULL, NULL, 0},
    {"reason", JV_STRING, offsetof(objection_decision_body, reason), true, 1, 2000, NULL, NULL,
     0},
};

static void decide_objection_decision(PGconn *c, const case_row *row, void *arg,
                                      case_change *ch) {
  (void)c;
  ctx *x = arg;
  objection_decision_body *b = x->extra;
  if (!gate(x, row, ch, b->upheld.v)) return;
  change_set(ch, COL_OBJECTION_UPHELD, b->upheld.v ? "true" : "false");
  change_set(ch, COL_OBJECTION_DECISION_REASON, b->reason.s);
  change_set(ch, COL_OBJECTION_DECIDED_AT_NOW, NULL);
  if (b->upheld.v) {
    /* The bureau orders aid: the case is approved and must be assigned in time. */
    change_set(ch, COL_DECISION, "approve");
    change_set(ch, COL_DECISION_REASON, b->reason.s);
    change_set(ch, COL_DECIDED_AT_NOW, NULL);
    change_set_int(ch, COL_DECIDED_BY, x->p->user_id);
    change_set_date(ch, COL_ASSIGNMENT_DUE,
                    deadline_due(today(), ASSIGNMENT_DAYS, (deadline_mode)row->deadline_mode,
                                 api_calendar(), 0));
  }
  detail(x, ch, json_pack("{s:b, s:s}", "upheld", b->upheld.v, "reason", b->reason.s));
}

void h_case_objection_decision(http_request *req, http_reply *rep) {
  objection_decision_body b = {{false, false}, {0}};
  RUN(req, rep, ACT_OBJECTION_DECIDE, objection_decision_fields, &b, true,
      decide_objection_decision, &b, NULL);
}

/* ---- replacement of the lawyer (Art. 55) ---- */

static void decide_replacement(PGconn *c, const case_row *row, void *arg, case_change *ch) {
  (void)c;
  ctx *x = arg;
  reason_body *b = x->extra;
  if (!gate(x, row, ch, false)) return;
  change_set(ch, COL_REPLACEMENT_REASON, b->reason.s);
  change_set(ch, COL_REPLACEMENT_REQUESTED_AT_NOW, NULL);
  detail(x, ch, json_pack("{s:s, s:s, s:I}", "article", "第五十五条", "reason", b->reason.s,
                          "lawyer_id", (json_int_t)row->lawyer_id));
}

void h_case_replacement(http_request *req, http_reply *rep) {
  reason_body b = {{0}};
  RUN(req, rep, ACT_REQUEST_REPLACEMENT, reason_required, &b, true, decide_replacement, &b, NULL);
}

/* ---- eligibility override ---- */

typedef struct {
  jv_bool eligible;
  jv_str reason;
} override_body;

static const jv_field override_fields[] = {
    {"eligible", JV_BOOL, offsetof(override_body, eligible), true, 0, 0, NULL, NULL, 0},
    {"reason", JV_STRING, offsetof(override_body, reason), true, 1, 2000, NULL, NULL, 0},
};

typedef struct {
  override_body *b;
  char *json;
} override_extra;

static void decide_override(PGconn *c, const case_row *row, void *arg, case_change *ch) {
  (void)c;
  ctx *x = arg;
  override_extra *e = x->extra;
  if (!gate(x, row, ch, false)) return;
  char at[32];
  ts_format_local(api_now(), at);
  json_t *o = json_pack("{s:b, s:s, s:I, s:s}", "eligible", e->b->eligible.v, "reason",
                        e->b->reason.s, "by", (json_int_t)x->p->user_id, "at", at);
  free(e->json);
  e->json = json_dumps(o, JSON_COMPACT);
  change_set(ch, COL_ELIGIBILITY_OVERRIDE, e->json);
  detail(x, ch, o);
}

void h_case_eligibility_override(http_request *req, http_reply *rep) {
  override_body b = {{false, false}, {0}};
  override_extra e = {&b, NULL};
  RUN(req, rep, ACT_OVERRIDE_ELIGIBILITY, override_fields, &b, true, decide_override, &e, NULL);
  free(e.json);
}

/* ---- the applicant's data changes: eligibility is computed again ---- */

typedef struct {
  jv_str phone, address, ethnicity, summary, opposing_party, opposing_id, venue;
  jv_int household_size, income;
  int matter;
  unsigned exemptions, criminal_grounds, groups;
  bool has_exemptions, has_grounds, has_groups;
} update_body;

static const jv_field update_fields[] = {
    {"matter", JV_ENUM, offsetof(update_body, matter), false, 0, 0, &ENUM_MATTER, NULL, 0},
    {"summary", JV_STRING, offsetof(update_body, summary), false, 0, 4000, NULL, NULL, 0},
    {"opposing_party", JV_STRING, offsetof(update_body, opposing_party), false, 0, 200, NULL,
     jv_check_no_control, 0},
    {"opposing_party_id_number", JV_STRING, offsetof(update_body, opposing_id), false, 0, 18,
     NULL, NULL, 0},
    {"venue_region_code", JV_STRING, offsetof(update_body, venue), false, 6, 6, NULL,
     jv_check_region_code, 0},
    {"criminal_grounds", JV_ENUM_SET, offsetof(update_body, criminal_grounds), false, 0, 0,
     &ENUM_CRIMINAL_GROUND, NULL, 0},
    {"exemptions", JV_ENUM_SET, offsetof(update_body, exemptions), false, 0, 0, &ENUM_EXEMPTION,
     NULL, 0},
    {"applicant", JV_OBJECT, 0, false, 0, 0, NULL, NULL, 0},
    {"applicant.phone", JV_STRING, offsetof(update_body, phone), false, 0, 20, NULL,
     jv_check_phone, 0},
    {"applicant.address", JV_STRING, offsetof(update_body, address), false, 0, 200, NULL,
     jv_check_no_control, 0},
    {"applicant.ethnicity", JV_STRING, offsetof(update_body, ethnicity), false, 0, 20, NULL,
     jv_check_no_control, 0},
    {"applicant.groups", JV_ENUM_SET, offsetof(update_body, groups), false, 0, 0, &ENUM_GROUP,
     NULL, 0},
    {"applicant.household_size", JV_INT, offsetof(update_body, household_size), false, 1, 99, NULL,
     NULL, 0},
    {"applicant.household_monthly_income_fen", JV_INT, offsetof(update_body, income), false, 0,
     (int64_t)100000000 * 100, NULL, NULL, 0},
};

typedef struct {
  update_body *b;
  jurisdiction j;
  char *elig;
  char grounds[256], exemptions[256], groups[256], flagged[256];
} update_extra;

static bool update_check(void *body, json_t *errors) {
  update_body *b = body;
  if (b->opposing_id.s && b->opposing_id.len) {
    if (idcard_parse(b->opposing_id.s, b->opposing_id.len, today(), NULL) != IDCARD_OK &&
        !json_object_get(errors, "opposing_party_id_number"))
      json_object_set_new(errors, "opposing_party_id_number", json_string("not a valid resident ID"));
  }
  return true;
}

static void decide_update(PGconn *c, const case_row *row, void *arg, case_change *ch) {
  (void)c;
  ctx *x = arg;
  update_extra *e = x->extra;
  update_body *b = e->b;
  if (!gate(x, row, ch, false)) return;
  const json_t *root = x->root;
  const json_t *app = json_object_get(root, "applicant");
  b->has_grounds = json_object_get(root, "criminal_grounds") != NULL;
  b->has_exemptions = json_object_get(root, "exemptions") != NULL;
  b->has_groups = app && json_object_get(app, "groups") != NULL;

  /* The facts after the change. */
  elig_facts f = {0};
  f.channel = row->channel;
  f.case_type = row->case_type;
  f.matter = b->matter >= 0 ? b->matter : row->matter;
  if (b->matter >= 0 && (row->case_type < 0 || !case_type_needs_matter((case_type_t)row->case_type))) {
    refuse_field(ch, "matter", "not for this case type", "本案类型不需要填写事项");
    return;
  }
  f.criminal_grounds = b->has_grounds ? b->criminal_grounds : row->criminal_grounds;
  if (b->has_grounds && b->criminal_grounds && row->case_type != CT_CRIMINAL_DEFENSE) {
    refuse_field(ch, "criminal_grounds", "only for criminal defence", "仅刑事辩护案件适用");
    return;
  }
  f.exemptions = b->has_exemptions ? b->exemptions : row->exemptions;
  const char *ethnicity = b->ethnicity.s ? b->ethnicity.s : row->ethnicity;
  unsigned flagged = b->has_groups ? b->groups : row->flagged_groups;
  unsigned derived = groups_derive(true, row->birth_date, row->sex, ethnicity,
                                   row->application_date);
  const unsigned derivable = GROUP_MINOR | GROUP_ELDERLY | GROUP_WOMAN;
  if ((flagged & derivable) & ~derived) {
    refuse_field(ch, "applicant.groups", "contradicts the resident ID", "与身份证信息不符");
    return;
  }
  f.groups = derived | flagged;
  f.household_size_set = b->household_size.set || row->household_size_set;
  f.household_size = b->household_size.set ? b->household_size.v : row->household_size;
  f.income_set = b->income.set || row->income_set;
  f.household_monthly_income_fen = b->income.set ? b->income.v : row->household_monthly_income_fen;
  f.threshold_known = e->j.threshold_known;
  f.threshold_fen = e->j.threshold_fen;
  elig_result r;
  eligibility_evaluate(&f, &r);
  free(e->elig);
  e->elig = eligibility_json(&r, &e->j);

  if (b->matter >= 0) change_set(ch, COL_MATTER, enum_name(&ENUM_MATTER, b->matter));
  if (b->summary.s) change_set(ch, COL_SUMMARY, b->summary.s);
  if (b->opposing_party.s) change_set(ch, COL_OPPOSING_PARTY, b->opposing_party.s);
  if (b->opposing_id.s)
    change_set(ch, COL_OPPOSING_PARTY_ID_NUMBER, b->opposing_id.len ? b->opposing_id.s : NULL);
  if (b->venue.s) change_set(ch, COL_VENUE_REGION_CODE, b->venue.s);
  if (b->has_grounds) {
    db_enum_array_literal(&ENUM_CRIMINAL_GROUND, f.criminal_grounds, e->grounds, sizeof e->grounds);
    change_set(ch, COL_CRIMINAL_GROUNDS, e->grounds);
  }
  if (b->has_exemptions) {
    db_enum_array_literal(&ENUM_EXEMPTION, f.exemptions, e->exemptions, sizeof e->exemptions);
    change_set(ch, COL_EXEMPTIONS, e->exemptions);
  }
  db_enum_array_literal(&ENUM_GROUP, f.groups, e->groups, sizeof e->groups);
  change_set(ch, COL_GROUPS, e->groups);
  if (b->has_groups) {
    db_enum_array_literal(&ENUM_GROUP, flagged, e->flagged, sizeof e->flagged);
    change_set(ch, COL_FLAGGED_GROUPS, e->flagged);
  }
  if (b->phone.s) change_set(ch, COL_PHONE, b->phone.len ? b->phone.s : NULL);
  if (b->address.s) change_set(ch, COL_ADDRESS, b->address.s);
  if (b->ethnicity.s) change_set(ch, COL_ETHNICITY, b->ethnicity.len ? b->ethnicity.s : NULL);
  if (b->household_size.set) change_set_int(ch, COL_HOUSEHOLD_SIZE, b->household_size.v);
  if (b->income.set) change_set_int(ch, COL_HOUSEHOLD_INCOME_FEN, b->income.v);
  change_set(ch, COL_ELIGIBILITY, e->elig);
  /* The audit keeps which fields changed, not their values (personal data). */
  json_t *fields = json_array();
  const char *keys[] = {"matter", "summary", "opposing_party", "opposing_party_id_number",
                        "venue_region_code", "criminal_grounds", "exemptions"};
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
    if (json_object_get(root, keys[i])) json_array_append_new(fields, json_string(keys[i]));
  const char *akeys[] = {"phone", "address", "ethnicity", "groups", "household_size",
                         "household_monthly_income_fen"};
  for (size_t i = 0; app && i < sizeof akeys / sizeof akeys[0]; i++) {
    if (json_object_get(app, akeys[i])) {
      char k[64];
      snprintf(k, sizeof k, "applicant.%s", akeys[i]);
      json_array_append_new(fields, json_string(k));
    }
  }
  detail(x, ch, json_pack("{s:o, s:o}", "fields", fields, "eligible",
                          r.eligible < 0 ? json_null() : json_boolean(r.eligible == 1)));
}

void h_case_update(http_request *req, http_reply *rep) {
  update_body b;
  memset(&b, 0, sizeof b);
  b.matter = -1;
  update_extra e;
  memset(&e, 0, sizeof e);
  e.b = &b;
  int64_t id;
  if (!api_path_id(req, 0, &id, rep)) return;
  /* The threshold of the case's centre: the case is read in scope first (404 otherwise). */
  char *json = NULL;
  db_status s = store_case_get(api_principal(req), id, false, &json);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  json_t *cj = json_loads(json, 0, NULL);
  free(json);
  int64_t center = cj ? (int64_t)json_integer_value(json_object_get(cj, "center_id")) : 0;
  json_decref(cj);
  s = (db_status)api_jurisdiction(center, &e.j);
  if (s != DB_OK) {
    api_reply_db(rep, s);
    return;
  }
  RUN(req, rep, ACT_UPDATE, update_fields, &b, true, decide_update, &e, update_check);
  free(e.elig);
}
