/* The transition endpoints of a case: each parses its body into a case_request; act() reads
 * the case, looks up the facts the action needs, lets the domain decide (case_decide) and has
 * the store write the change; the outcome is worded here. No rule is decided in this file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "domain/idcard.h"
#include "domain/lifecycle.h"
#include "domain/timestamp.h"
#include "eligibility.h"
#include "handlers.h"
#include "intake_parse.h"
#include "store/lifecycle.h"
#include "store/money.h"
#include "store/refdata.h"
#include "store/users.h"
#include "validate.h"
#include "words.h"

static day_t today(void) { return ts_local_date(api_now()); }

/* "version" from the body, else If-Match ("3" or 3); -1 when neither and not required. */
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
    if (n > 0 && !*end && x > 0 && x <= 1000000000) {
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

/* The case id of the path, the body by its field table (and a check of the fields against
 * each other), and the version. False when a reply was set; otherwise *root holds the body
 * the parsed strings point into (the caller releases it). */
static bool parse(http_request *req, http_reply *rep, const jv_field *fields, size_t nfields,
                  void *body, void (*check)(void *body, json_t *errors), bool version_required,
                  int64_t *id, int *version, json_t **root) {
  if (!api_path_id(req, 0, id, rep)) return false;
  *root = jv_body(req, rep);
  if (!*root) return false;
  json_t *errors = json_object();
  jv_parse(*root, fields, nfields, body, errors);
  if (check) check(body, errors);
  if (json_object_size(errors) > 0) {
    json_decref(*root);
    http_reply_error(rep, ERR_VALIDATION, NULL, errors);
    return false;
  }
  json_decref(errors);
  if (!read_version(req, *root, version_required, version, rep)) {
    json_decref(*root);
    return false;
  }
  return true;
}

#define PARSE(req, rep, fields, body, check, vreq, id, version, root) \
  parse(req, rep, fields, JV_FIELD_COUNT(fields), body, check, vreq, id, version, root)

/* ---- deciding and writing ---- */

/* The facts an action needs beyond the case, and what holds them. */
typedef struct {
  case_facts f;
  lawyer_facts lawyer;
  case_stage_fact *stages;
  standards *std;
  jurisdiction_rules j;
} facts_held;

static db_status gather(const case_state *s, const case_request *rq, facts_held *h) {
  memset(h, 0, sizeof *h);
  case_facts *f = &h->f;
  f->now = api_now();
  f->today = ts_local_date(f->now);
  f->calendar = api_calendar();
  db_status st = DB_OK;
  switch (rq->action) {
    case ACT_ASSIGN:
      st = store_lawyer_facts(rq->lawyer_id, &h->lawyer);
      if (st == DB_NOT_FOUND) return DB_OK; /* lawyer_found stays false */
      f->lawyer_found = st == DB_OK;
      f->lawyer = h->lawyer.l;
      f->lawyer_name = h->lawyer.name;
      f->clients = h->lawyer.clients;
      f->nclients = h->lawyer.nclients;
      break;
    case ACT_GRADE:
      st = store_case_stages(s->id, &h->stages, &f->nstages);
      f->stages = h->stages;
      if (st == DB_OK && !(h->std = calloc(1, sizeof *h->std))) st = DB_ERROR;
      if (st == DB_OK)
        st = store_standards_for(s->center_region, case_claim_year(s, f->today), h->std);
      if (st == DB_OK) {
        f->tables = h->std->ptrs;
        f->ntables = h->std->ntables;
        /* Where in the band the case's jurisdiction pays each grade. */
        st = (db_status)api_jurisdiction(s->center_id, &h->j);
        f->grade_pay = &h->j.grade_pay;
      }
      break;
    case ACT_TRANSFER:
      st = store_center_exists(rq->center_id);
      f->center_found = st == DB_OK;
      if (st == DB_NOT_FOUND) st = DB_OK;
      break;
    case ACT_UPDATE:
      st = (db_status)api_jurisdiction(s->center_id, &h->j);
      f->threshold_known = h->j.threshold_known;
      f->threshold_fen = h->j.threshold_fen;
      break;
    default:
      break;
  }
  return st;
}

static void release(facts_held *h) {
  store_free_clients(h->lawyer.clients, h->lawyer.nclients);
  free(h->stages);
  free(h->std);
}

/* The audit event's detail as JSON text (malloc'd). */
static char *event_json(const case_change *ch) {
  json_t *o = json_object();
  char d[DATE_STR_LEN], t[32];
#define EV_TEXT(v) json_string(v)
#define EV_INT(v) json_integer((json_int_t)(v))
#define EV_BOOL(v) json_boolean(v)
#define EV_DATE(v) (date_format(v, d), json_string(d))
#define EV_INSTANT(v) (ts_format_local(v, t), json_string(t))
#define FIELD(name, kind)                                                               \
  if (ch->event.name.how != CV_KEEP)                                                    \
    json_object_set_new(o, #name,                                                       \
                        ch->event.name.how == CV_NULL ? json_null() : EV_##kind(ch->event.name.v));
  LA_EVENT_FIELDS(FIELD)
#undef FIELD
  if (ch->event_claims) {
    json_t *claims = json_array(), *unpriced = json_array();
    for (int i = 0; i < ch->nclaims; i++)
      json_array_append_new(claims, json_pack("{s:s, s:I}", "item",
                                              enum_name(&ENUM_SUBSIDY_ITEM, ch->claims[i].item),
                                              "total_fen",
                                              (json_int_t)ch->claims[i].quote.total_fen));
    for (int i = 0; i < ch->nunpriced; i++)
      json_array_append_new(unpriced, json_string(enum_name(&ENUM_SUBSIDY_ITEM, ch->unpriced[i])));
    json_object_set_new(o, "claims", claims);
    json_object_set_new(o, "unpriced", unpriced);
  }
  if (ch->eligibility_changed) {
    json_t *names = json_array();
    for (int i = 0; i < ch->nevent_names; i++)
      json_array_append_new(names, json_string(ch->event_names[i]));
    json_object_set_new(o, "fields", names);
  }
  char *text = json_dumps(o, JSON_COMPACT);
  json_decref(o);
  return text;
}

static void reply_stale(http_reply *rep) {
  http_reply_refusal(rep, ERR_CONFLICT, "案件已被他人修改（版本不一致），请刷新后重试",
                     "stale_version", json_pack("{s:s}", "version", "stale"));
}

/* Reads the case, decides and writes; `version` -1 when the request named none. A write that
 * finds the case moved on since it was read is decided again on the case as it now is, when
 * the request did not name a version; otherwise it is stale (409). */
static void act(http_request *req, http_reply *rep, int64_t id, int version,
                const case_request *rq) {
  const principal *p = api_principal(req);
  case_actor who = {p->role, p->user_id};
  for (int attempt = 0;; attempt++) {
    case_state st;
    db_status s = store_case_read(p, id, &st);
    if (s != DB_OK) {
      api_reply_db(rep, s);
      return;
    }
    if (version >= 0 && version != st.version) {
      reply_stale(rep);
      return;
    }
    facts_held h;
    if ((s = gather(&st, rq, &h)) != DB_OK) {
      release(&h);
      api_reply_db(rep, s);
      return;
    }
    case_change ch;
    case_refusal r = case_decide(&st, &who, rq, &h.f, &ch);
    if (r != REFUSE_NONE) {
      release(&h);
      api_reply_refusal(rep, r);
      return;
    }
    /* The typed values of the JSON columns, rendered. */
    char *elig = ch.eligibility_changed ? eligibility_json(&ch.eligibility, &h.j) : NULL;
    char *override = NULL;
    if (ch.override_changed) {
      char at[32];
      ts_format_local(ch.override.at, at);
      json_t *o = json_pack("{s:b, s:s?, s:I, s:s}", "eligible", ch.override.eligible, "reason",
                            ch.override.reason, "by", (json_int_t)ch.override.by, "at", at);
      override = json_dumps(o, JSON_COMPACT);
      json_decref(o);
    }
    if (elig) cv_set(ch.set.eligibility, elig);
    if (override) cv_set(ch.set.eligibility_override, override);
    char *detail = event_json(&ch);
    char *json = NULL;
    s = store_case_write(p, &st, ch.action, &ch, detail, &json);
    free(detail);
    free(elig);
    free(override);
    case_change_free(&ch);
    release(&h);
    if (s == DB_STALE && version < 0 && attempt < 4) continue;
    if (s == DB_STALE) {
      reply_stale(rep);
    } else if (s == DB_REFUSED) {
      http_reply_error(rep, ERR_VALIDATION, "取值不被允许", NULL);
    } else if (s != DB_OK) {
      api_reply_db(rep, s);
    } else {
      api_reply_json_text(rep, 200, json);
    }
    return;
  }
}

/* ---- bodies that carry a reason, a comment or only the version ---- */

typedef struct {
  jv_str reason;
} reason_body;

static const jv_field reason_required[] = {
    {"reason", JV_STRING, offsetof(reason_body, reason), true, 1, 2000, NULL, NULL, 0},
};

typedef struct {
  jv_str comment;
} comment_body;

static const jv_field comment_fields[] = {
    {"comment", JV_STRING, offsetof(comment_body, comment), false, 0, 500, NULL, NULL, 0},
};

/* An action whose body is a required reason. */
static void act_with_reason(http_request *req, http_reply *rep, case_action a) {
  reason_body b = {{0}};
  int64_t id;
  int version;
  json_t *root;
  if (!PARSE(req, rep, reason_required, &b, NULL, true, &id, &version, &root)) return;
  case_request rq = {.action = a, .reason = b.reason.s};
  act(req, rep, id, version, &rq);
  json_decref(root);
}

/* An action whose body is an optional comment (kept in the audit event). */
static void act_with_comment(http_request *req, http_reply *rep, case_action a) {
  comment_body b = {{0}};
  int64_t id;
  int version;
  json_t *root;
  if (!PARSE(req, rep, comment_fields, &b, NULL, true, &id, &version, &root)) return;
  case_request rq = {.action = a, .comment = b.comment.s};
  act(req, rep, id, version, &rq);
  json_decref(root);
}

/* ---- decision: approve, reject, request materials ---- */

typedef struct {
  int decision; /* 0 approve, 1 reject, 2 request_materials */
  jv_str reason;
  unsigned papers; /* request_materials: the kinds of paper asked for */
} decision_body;

static const char *const decision_values[] = {"approve", "reject", "request_materials", NULL};
static const la_enum decision_enum = {"decision", decision_values, 3};

static const jv_field decision_fields[] = {
    {"decision", JV_ENUM, offsetof(decision_body, decision), true, 0, 0, &decision_enum, NULL, 0},
    {"reason", JV_STRING, offsetof(decision_body, reason), false, 0, 2000, NULL, NULL, 0},
    {"papers", JV_ENUM_SET, offsetof(decision_body, papers), false, 0, 0, &ENUM_ATTACHMENT_KIND,
     NULL, 0},
};

static void decision_check(void *body, json_t *errors) {
  decision_body *b = body;
  if (b->decision >= 1 && (!b->reason.s || b->reason.len == 0) &&
      !json_object_get(errors, "reason"))
    json_object_set_new(errors, "reason", json_string("required to reject or ask for papers"));
  if (b->decision != 2 && b->papers && !json_object_get(errors, "papers"))
    json_object_set_new(errors, "papers", json_string("only when asking for papers"));
}

void h_case_decision(http_request *req, http_reply *rep) {
  static const case_action actions[] = {ACT_APPROVE, ACT_REJECT, ACT_REQUEST_MATERIALS};
  decision_body b = {.decision = -1};
  int64_t id;
  int version;
  json_t *root;
  if (!PARSE(req, rep, decision_fields, &b, decision_check, true, &id, &version, &root)) return;
  case_request rq = {.action = actions[b.decision], .reason = b.reason.s, .papers = b.papers};
  act(req, rep, id, version, &rq);
  json_decref(root);
}

void h_case_materials(http_request *req, http_reply *rep) {
  act_with_comment(req, rep, ACT_MATERIALS_RECEIVED);
}

/* Art. 44: aid before the decision; the papers still owed and the days allowed for them. */
typedef struct {
  jv_str reason, papers;
  jv_int days;
} urgent_body;

static const jv_field urgent_fields[] = {
    {"reason", JV_STRING, offsetof(urgent_body, reason), true, 1, 2000, NULL, NULL, 0},
    {"papers", JV_STRING, offsetof(urgent_body, papers), false, 0, 500, NULL, NULL, 0},
    {"papers_due_days", JV_INT, offsetof(urgent_body, days), false, 1, 60, NULL, NULL, 0},
};

static void urgent_check(void *body, json_t *errors) {
  urgent_body *b = body;
  if (b->days.set && !b->papers.len && !json_object_get(errors, "papers"))
    json_object_set_new(errors, "papers", json_string("required with papers_due_days"));
}

void h_case_urgent(http_request *req, http_reply *rep) {
  urgent_body b;
  memset(&b, 0, sizeof b);
  int64_t id;
  int version;
  json_t *root;
  if (!PARSE(req, rep, urgent_fields, &b, urgent_check, true, &id, &version, &root)) return;
  case_request rq = {.action = ACT_URGENT_AID, .reason = b.reason.s};
  rq.owed.papers = b.papers.len ? b.papers.s : NULL;
  rq.owed.days = b.days.set ? (int)b.days.v : 0;
  act(req, rep, id, version, &rq);
  json_decref(root);
}

/* ---- withdrawal (Art. 43) ---- */

typedef struct {
  jv_str reason;
  int kind;
} withdrawal_body;

static const jv_field withdrawal_fields[] = {
    {"reason", JV_STRING, offsetof(withdrawal_body, reason), true, 1, 2000, NULL, NULL, 0},
    {"kind", JV_ENUM, offsetof(withdrawal_body, kind), false, 0, 0, &ENUM_WITHDRAWAL_KIND, NULL,
     0},
};

void h_case_withdrawal(http_request *req, http_reply *rep) {
  withdrawal_body b = {{0}, -1};
  int64_t id;
  int version;
  json_t *root;
  if (!PARSE(req, rep, withdrawal_fields, &b, NULL, true, &id, &version, &root)) return;
  case_request rq = {.action = ACT_WITHDRAW, .reason = b.reason.s};
  rq.withdrawal_kind = b.kind < 0 ? WITHDRAWAL_APPLICANT : b.kind;
  act(req, rep, id, version, &rq);
  json_decref(root);
}

/* ---- the organ told who the lawyer is (Art. 36) ---- */

void h_case_organ_notification(http_request *req, http_reply *rep) {
  act_with_comment(req, rep, ACT_NOTIFY_ORGAN);
}

/* ---- transfer to the competent centre (Art. 38) ---- */

typedef struct {
  jv_int center_id;
  jv_str reason;
} transfer_body;

static const jv_field transfer_fields[] = {
    {"center_id", JV_INT, offsetof(transfer_body, center_id), true, 1, INT64_MAX, NULL, NULL, 0},
    {"reason", JV_STRING, offsetof(transfer_body, reason), true, 1, 2000, NULL, NULL, 0},
};

void h_case_transfer(http_request *req, http_reply *rep) {
  transfer_body b;
  memset(&b, 0, sizeof b);
  int64_t id;
  int version;
  json_t *root;
  if (!PARSE(req, rep, transfer_fields, &b, NULL, true, &id, &version, &root)) return;
  case_request rq = {.action = ACT_TRANSFER, .reason = b.reason.s, .center_id = b.center_id.v};
  act(req, rep, id, version, &rq);
  json_decref(root);
}

/* ---- assignment ---- */

typedef struct {
  jv_int lawyer_id;
} assign_body;

static const jv_field assign_fields[] = {
    {"lawyer_id", JV_INT, offsetof(assign_body, lawyer_id), true, 1, INT64_MAX, NULL, NULL, 0},
};

void h_case_assignment(http_request *req, http_reply *rep) {
  assign_body b = {{0, false}};
  int64_t id;
  int version;
  json_t *root;
  if (!PARSE(req, rep, assign_fields, &b, NULL, true, &id, &version, &root)) return;
  case_request rq = {.action = ACT_ASSIGN, .lawyer_id = b.lawyer_id.v};
  act(req, rep, id, version, &rq);
  json_decref(root);
}

void h_case_accept(http_request *req, http_reply *rep) {
  act_with_comment(req, rep, ACT_ACCEPT);
}

void h_case_decline(http_request *req, http_reply *rep) {
  act_with_reason(req, rep, ACT_DECLINE);
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

static void stage_check(void *body, json_t *errors) {
  stage_body *b = body;
  day_t t = today();
  if (b->started_on.set && b->started_on.v > t && !json_object_get(errors, "started_on"))
    json_object_set_new(errors, "started_on", json_string("must not be in the future"));
  if (b->ended_on.set && b->started_on.set && b->ended_on.v < b->started_on.v)
    json_object_set_new(errors, "ended_on", json_string("before started_on"));
  if (b->ended_on.set && b->ended_on.v > t && !json_object_get(errors, "ended_on"))
    json_object_set_new(errors, "ended_on", json_string("must not be in the future"));
}

void h_case_stages(http_request *req, http_reply *rep) {
  stage_body b = {.stage = -1};
  int64_t id;
  int version;
  json_t *root;
  if (!PARSE(req, rep, stage_fields, &b, stage_check, false, &id, &version, &root)) return;
  if (b.venue.s) {
    db_status s = store_region_exists(b.venue.s);
    if (s != DB_OK) {
      json_decref(root);
      if (s == DB_NOT_FOUND)
        http_reply_error(rep, ERR_VALIDATION, "阶段信息有误",
                         json_pack("{s:s}", "venue_region_code", "unknown region"));
      else
        api_reply_db(rep, s);
      return;
    }
  }
  case_request rq = {.action = ACT_ADD_STAGE};
  rq.stage.stage = b.stage;
  rq.stage.venue = b.venue.s;
  rq.stage.started_on = b.started_on.v;
  rq.stage.ended = b.ended_on.set;
  rq.stage.ended_on = b.ended_on.v;
  act(req, rep, id, version, &rq);
  json_decref(root);
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

static void closure_check(void *body, json_t *errors) {
  closure_body *b = body;
  if (b->closed_on.set && b->closed_on.v > today())
    json_object_set_new(errors, "closed_on", json_string("must not be in the future"));
}

void h_case_closure(http_request *req, http_reply *rep) {
  closure_body b = {{0}, {0, false}, {0, false}};
  int64_t id;
  int version;
  json_t *root;
  if (!PARSE(req, rep, closure_fields, &b, closure_check, true, &id, &version, &root)) return;
  case_request rq = {.action = ACT_CLOSE};
  rq.closure.outcome = b.outcome.s;
  rq.closure.recovered_fen = b.recovered_fen.set ? b.recovered_fen.v : 0;
  rq.closure.closed_on = b.closed_on.v;
  act(req, rep, id, version, &rq);
  json_decref(root);
}

/* ---- grade ---- */

typedef struct {
  int grade;
} grade_body;

static const jv_field grade_fields[] = {
    {"grade", JV_ENUM, offsetof(grade_body, grade), true, 0, 0, &ENUM_GRADE, NULL, 0},
};

void h_case_grade(http_request *req, http_reply *rep) {
  grade_body b = {-1};
  int64_t id;
  int version;
  json_t *root;
  if (!PARSE(req, rep, grade_fields, &b, NULL, true, &id, &version, &root)) return;
  case_request rq = {.action = ACT_GRADE, .grade = b.grade};
  act(req, rep, id, version, &rq);
  json_decref(root);
}

void h_case_archive(http_request *req, http_reply *rep) {
  act_with_comment(req, rep, ACT_ARCHIVE);
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

void h_case_termination(http_request *req, http_reply *rep) {
  termination_body b = {-1, {0}};
  int64_t id;
  int version;
  json_t *root;
  if (!PARSE(req, rep, termination_fields, &b, NULL, true, &id, &version, &root)) return;
  case_request rq = {.action = ACT_TERMINATE, .ground = b.ground, .reason = b.reason.s};
  act(req, rep, id, version, &rq);
  json_decref(root);
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

void h_case_satisfaction(http_request *req, http_reply *rep) {
  satisfaction_body b = {{false, false}, {0}};
  int64_t id;
  int version;
  json_t *root;
  if (!PARSE(req, rep, satisfaction_fields, &b, NULL, false, &id, &version, &root)) return;
  case_request rq = {
      .action = ACT_SATISFACTION, .satisfied = b.satisfied.v, .comment = b.comment.s};
  act(req, rep, id, version, &rq);
  json_decref(root);
}

/* ---- objection (Art. 49) ---- */

void h_case_objection(http_request *req, http_reply *rep) {
  act_with_reason(req, rep, ACT_OBJECT);
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

void h_case_objection_decision(http_request *req, http_reply *rep) {
  objection_decision_body b = {{false, false}, {0}};
  int64_t id;
  int version;
  json_t *root;
  if (!PARSE(req, rep, objection_decision_fields, &b, NULL, true, &id, &version, &root)) return;
  case_request rq = {.action = ACT_OBJECTION_DECIDE, .upheld = b.upheld.v, .reason = b.reason.s};
  act(req, rep, id, version, &rq);
  json_decref(root);
}

/* ---- replacement of the lawyer (Art. 55) ---- */

void h_case_replacement(http_request *req, http_reply *rep) {
  act_with_reason(req, rep, ACT_REQUEST_REPLACEMENT);
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

void h_case_eligibility_override(http_request *req, http_reply *rep) {
  override_body b = {{false, false}, {0}};
  int64_t id;
  int version;
  json_t *root;
  if (!PARSE(req, rep, override_fields, &b, NULL, true, &id, &version, &root)) return;
  case_request rq = {
      .action = ACT_OVERRIDE_ELIGIBILITY, .eligible = b.eligible.v, .reason = b.reason.s};
  act(req, rep, id, version, &rq);
  json_decref(root);
}

/* ---- the applicant's data changes: eligibility is computed again ---- */

typedef struct {
  jv_str name, phone, address, ethnicity, summary, opposing_party, opposing_id, venue, reason;
  jv_int household_size, income;
  int matter;
  unsigned exemptions, criminal_grounds, groups;
  agent_body agent; /* replaces the agent whole; null removes it */
} update_body;

static const jv_field update_fields[] = {
    /* Why: kept in the case's history with the names of the fields changed. */
    {"reason", JV_STRING, offsetof(update_body, reason), false, 0, 2000, NULL, NULL, 0},
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
    /* A misspelt name corrected (never cleared; as long as at intake). */
    {"applicant.name", JV_STRING, offsetof(update_body, name), false, 1, 50, NULL,
     jv_check_no_control, 0},
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
    /* The agent as a whole, as at intake: given, it replaces the one recorded; null removes it. */
    JV_AGENT_FIELDS(update_body, agent),
};

static void update_check(void *body, json_t *errors) {
  update_body *b = body;
  if (b->name.s && intake_blank(b->name.s) && !json_object_get(errors, "applicant.name"))
    json_object_set_new(errors, "applicant.name", json_string("required"));
  if (b->opposing_id.s && b->opposing_id.len &&
      idcard_parse(b->opposing_id.s, b->opposing_id.len, today(), NULL) != IDCARD_OK &&
      !json_object_get(errors, "opposing_party_id_number"))
    json_object_set_new(errors, "opposing_party_id_number", json_string("not a valid resident ID"));
}

void h_case_update(http_request *req, http_reply *rep) {
  update_body b;
  memset(&b, 0, sizeof b);
  b.matter = -1;
  int64_t id;
  int version;
  json_t *root;
  if (!PARSE(req, rep, update_fields, &b, update_check, true, &id, &version, &root)) return;
  const json_t *app = json_object_get(root, "applicant");
  agent_in g = api_agent_of(root, &b.agent);
  if (g.present) {
    /* Checked as intake checks it: named, related, a known and well-formed document. */
    field_errors fe = {0};
    agent_check(&g, today(), &fe);
    if (fe.n > 0) {
      json_t *errors = json_object();
      api_field_errors_to_json(&fe, errors);
      json_decref(root);
      http_reply_error(rep, ERR_VALIDATION, NULL, errors);
      return;
    }
  }
  case_request rq = {.action = ACT_UPDATE, .reason = b.reason.s};
  case_update *u = &rq.update;
  u->matter = b.matter;
  u->summary = b.summary.s;
  u->opposing_party = b.opposing_party.s;
  u->opposing_party_id_number = b.opposing_id.s;
  u->venue_region_code = b.venue.s;
  /* A set given as null is cleared, like an empty one. */
  u->grounds_given = json_object_get(root, "criminal_grounds") != NULL;
  u->criminal_grounds = b.criminal_grounds;
  u->exemptions_given = json_object_get(root, "exemptions") != NULL;
  u->exemptions = b.exemptions;
  u->groups_given = app && json_object_get(app, "groups") != NULL;
  u->groups = b.groups;
  u->name = b.name.s;
  u->phone = b.phone.s;
  u->address = b.address.s;
  u->ethnicity = b.ethnicity.s;
  u->household_size_given = b.household_size.set;
  u->household_size = b.household_size.v;
  u->income_given = b.income.set;
  u->household_monthly_income_fen = b.income.v;
  u->agent_given = json_object_get(root, "agent") != NULL; /* null: removed */
  u->agent = g;
  act(req, rep, id, version, &rq);
  json_decref(root);
}
