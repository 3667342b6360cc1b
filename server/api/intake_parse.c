/* The intake body (POST /cases, POST /eligibility/check, POST /hotline/calls/{id}/convert)
 * from JSON into the domain's intake struct. */
#include "intake_parse.h"

#include <stdio.h>
#include <string.h>


typedef struct {
  jv_int center_id;
  int channel, case_type, matter, stage;
  jv_ts received_at;
  jv_str venue_region_code, summary, opposing_party, opposing_party_id_number;
  unsigned criminal_grounds, exemptions;
  jv_str notice_organ_name, notice_no;
  jv_str name, id_number, phone, address, ethnicity;
  unsigned groups;
  jv_int household_size, income;
  int id_type, sex;
  jv_date birth_date;
  jv_bool retrial_ordered;
  agent_body agent;
  int forwarded_kind;
  jv_str forwarded_name;
  jv_ts forwarded_at;
} intake_body;

/* The sex of a person given directly (API.md 1.1). */
static const char *const sex_values[] = {"male", "female", NULL};
static const la_enum sex_enum = {"sex", sex_values, 2};

#define F(path, type, field, req, min, max, values, check) \
  {path, type, offsetof(intake_body, field), req, min, max, values, check, 0}

static const jv_field intake_fields[] = {
    F("center_id", JV_INT, center_id, false, 1, INT64_MAX, NULL, NULL),
    F("channel", JV_ENUM, channel, true, 0, 0, &ENUM_CHANNEL, NULL),
    F("received_at", JV_TIMESTAMP, received_at, false, 0, 0, NULL, NULL),
    F("case_type", JV_ENUM, case_type, true, 0, 0, &ENUM_CASE_TYPE, NULL),
    F("matter", JV_ENUM, matter, false, 0, 0, &ENUM_MATTER, NULL),
    F("stage", JV_ENUM, stage, false, 0, 0, &ENUM_STAGE, NULL),
    F("venue_region_code", JV_STRING, venue_region_code, false, 6, 6, NULL,
      jv_check_region_code),
    F("summary", JV_STRING, summary, false, 0, 4000, NULL, NULL),
    F("opposing_party", JV_STRING, opposing_party, false, 0, 200, NULL, jv_check_no_control),
    F("opposing_party_id_number", JV_STRING, opposing_party_id_number, false, 0, 18, NULL, NULL),
    F("criminal_grounds", JV_ENUM_SET, criminal_grounds, false, 0, 0, &ENUM_CRIMINAL_GROUND,
      NULL),
    F("exemptions", JV_ENUM_SET, exemptions, false, 0, 0, &ENUM_EXEMPTION, NULL),
    F("notice", JV_OBJECT, center_id, false, 0, 0, NULL, NULL),
    F("notice.organ_name", JV_STRING, notice_organ_name, false, 0, 100, NULL,
      jv_check_no_control),
    F("notice.notice_no", JV_STRING, notice_no, false, 0, 64, NULL, jv_check_no_control),
    F("retrial_ordered", JV_BOOL, retrial_ordered, false, 0, 0, NULL, NULL),
    F("applicant", JV_OBJECT, center_id, true, 0, 0, NULL, NULL),
    /* Name and number are required unless the identity is unknown (domain/people.h). */
    F("applicant.name", JV_STRING, name, false, 0, 50, NULL, jv_check_no_control),
    F("applicant.id_type", JV_ENUM, id_type, false, 0, 0, &ENUM_ID_TYPE, NULL),
    F("applicant.id_number", JV_STRING, id_number, false, 0, 18, NULL, NULL),
    F("applicant.birth_date", JV_DATE, birth_date, false, 0, 0, NULL, NULL),
    F("applicant.sex", JV_ENUM, sex, false, 0, 0, &sex_enum, NULL),
    F("applicant.phone", JV_STRING, phone, false, 0, 20, NULL, jv_check_phone),
    F("applicant.address", JV_STRING, address, false, 0, 200, NULL, jv_check_no_control),
    F("applicant.ethnicity", JV_STRING, ethnicity, false, 0, 20, NULL, jv_check_no_control),
    F("applicant.groups", JV_ENUM_SET, groups, false, 0, 0, &ENUM_GROUP, NULL),
    F("applicant.household_size", JV_INT, household_size, false, 1, 99, NULL, NULL),
    F("applicant.household_monthly_income_fen", JV_INT, income, false, 0,
      (int64_t)100000000 * 100, NULL, NULL),
    JV_AGENT_FIELDS(intake_body, agent),
    F("forwarded", JV_OBJECT, center_id, false, 0, 0, NULL, NULL),
    F("forwarded.kind", JV_ENUM, forwarded_kind, false, 0, 0, &ENUM_FORWARDER, NULL),
    F("forwarded.organ_name", JV_STRING, forwarded_name, false, 0, 100, NULL,
      jv_check_no_control),
    F("forwarded.received_at", JV_TIMESTAMP, forwarded_at, false, 0, 0, NULL, NULL),
};

/* One of several recipients (API.md 1.1). */
typedef struct {
  jv_str name, id_number;
  int id_type, sex;
  jv_date birth_date;
  unsigned groups;
} recipient_body;

#define RF(path, type, field, req, min, max, values, check) \
  {path, type, offsetof(recipient_body, field), req, min, max, values, check, 0}
static const jv_field recipient_fields[] = {
    RF("name", JV_STRING, name, false, 0, 50, NULL, jv_check_no_control),
    RF("id_type", JV_ENUM, id_type, false, 0, 0, &ENUM_ID_TYPE, NULL),
    RF("id_number", JV_STRING, id_number, false, 0, 18, NULL, NULL),
    RF("birth_date", JV_DATE, birth_date, false, 0, 0, NULL, NULL),
    RF("sex", JV_ENUM, sex, false, 0, 0, &sex_enum, NULL),
    RF("groups", JV_ENUM_SET, groups, false, 0, 0, &ENUM_GROUP, NULL),
};

agent_in api_agent_of(const json_t *root, const agent_body *b) {
  if (!json_is_object(json_object_get(root, "agent"))) return (agent_in){.relation = -1, .id_type = -1};
  return (agent_in){.present = true,
                    .name = b->name.s,
                    .relation = b->relation,
                    .id_type = b->id_type,
                    .id_number = b->id_number.len ? b->id_number.s : NULL,
                    .phone = b->phone.len ? b->phone.s : NULL};
}

/* The recipients parsed last on this thread: intake.recipients points here, valid like the
 * strings borrowed from the body until the next intake is parsed on the same thread. */
static _Thread_local recipient_in recipients_parsed[INTAKE_MAX_RECIPIENTS];

static char sex_of(int k) { return k == 0 ? 'M' : k == 1 ? 'F' : 0; }

/* "recipients": an array of people; each bad field named by index. */
static bool parse_recipients(const json_t *root, intake *out, json_t *errors) {
  const json_t *arr = json_object_get(root, "recipients");
  if (!arr || json_is_null(arr)) return true;
  if (!json_is_array(arr) || json_array_size(arr) < 1 ||
      json_array_size(arr) > INTAKE_MAX_RECIPIENTS) {
    json_object_set_new(errors, "recipients", json_string("an array of 1 to 500 people"));
    return false;
  }
  bool ok = true;
  size_t i;
  const json_t *e;
  json_array_foreach(arr, i, e) {
    char path[48];
    snprintf(path, sizeof path, "recipients[%zu]", i);
    if (!json_is_object(e)) {
      json_object_set_new(errors, path, json_string("must be an object"));
      ok = false;
      continue;
    }
    recipient_body b;
    memset(&b, 0, sizeof b);
    json_t *errs = json_object();
    if (!jv_parse(e, recipient_fields, JV_FIELD_COUNT(recipient_fields), &b, errs)) {
      const char *k;
      json_t *v;
      json_object_foreach(errs, k, v) {
        char field[96];
        snprintf(field, sizeof field, "%s.%s", path, k);
        json_object_set(errors, field, v);
      }
      ok = false;
    }
    json_decref(errs);
    recipient_in *r = &recipients_parsed[i];
    memset(r, 0, sizeof *r);
    r->name = b.name.s;
    r->id_number = b.id_number.len ? b.id_number.s : NULL;
    r->id_type = b.id_type;
    r->birth_date_set = b.birth_date.set;
    r->birth_date = b.birth_date.v;
    r->sex = sex_of(b.sex);
    r->flagged_groups = b.groups;
  }
  out->recipients = recipients_parsed;
  out->nrecipients = json_array_size(arr);
  return ok;
}

static const char *nz(const jv_str *s) { return s->s; }

bool api_parse_intake(const json_t *root, intake *out, json_t *errors) {
  intake_body b;
  memset(&b, 0, sizeof b);
  bool ok = jv_parse(root, intake_fields, JV_FIELD_COUNT(intake_fields), &b, errors);
  memset(out, 0, sizeof *out);
  out->center_id = b.center_id.set ? b.center_id.v : 0;
  out->channel = b.channel;
  out->case_type = b.case_type;
  out->matter = b.matter;
  out->stage = b.stage;
  out->received_at = b.received_at.epoch_s;
  out->received_at_set = b.received_at.set;
  out->venue_region_code = nz(&b.venue_region_code);
  out->summary = nz(&b.summary);
  out->opposing_party = nz(&b.opposing_party);
  out->opposing_party_id_number =
      b.opposing_party_id_number.len ? nz(&b.opposing_party_id_number) : NULL;
  out->criminal_grounds = b.criminal_grounds;
  out->exemptions = b.exemptions;
  out->notice_present = json_is_object(json_object_get(root, "notice"));
  out->notice_organ_name = nz(&b.notice_organ_name);
  out->notice_no = nz(&b.notice_no);
  applicant_in *a = &out->applicant;
  a->name = nz(&b.name);
  a->id_number = nz(&b.id_number);
  a->phone = b.phone.len ? nz(&b.phone) : NULL;
  a->address = nz(&b.address);
  a->ethnicity = b.ethnicity.len ? nz(&b.ethnicity) : NULL;
  a->flagged_groups = b.groups;
  a->household_size = b.household_size.v;
  a->household_size_set = b.household_size.set;
  a->household_monthly_income_fen = b.income.v;
  a->income_set = b.income.set;
  a->id_type = b.id_type;
  a->birth_date_set = b.birth_date.set;
  a->birth_date = b.birth_date.v;
  a->sex = sex_of(b.sex);
  out->retrial_ordered = b.retrial_ordered.set && b.retrial_ordered.v;
  out->agent = api_agent_of(root, &b.agent);
  if (json_is_object(json_object_get(root, "forwarded"))) {
    out->forwarded = true;
    out->forwarded_by = b.forwarded_kind;
    out->forwarded_by_name = b.forwarded_name.len ? b.forwarded_name.s : NULL;
    out->custody_received_set = b.forwarded_at.set;
    out->custody_received_at = b.forwarded_at.epoch_s;
  }
  if (!parse_recipients(root, out, errors)) ok = false;
  return ok;
}

void api_field_errors_to_json(const field_errors *fe, json_t *errors) {
  for (int i = 0; i < fe->n; i++)
    if (!json_object_get(errors, fe->e[i].field))
      json_object_set_new(errors, fe->e[i].field, json_string(fe->e[i].reason));
}

/* Whether a dotted field path ("applicant.name") is absent or null in the body. */
static bool field_absent(const json_t *root, const char *path) {
  char buf[128];
  snprintf(buf, sizeof buf, "%s", path);
  const json_t *cur = root;
  char *save = NULL;
  for (char *tok = strtok_r(buf, ".", &save); tok; tok = strtok_r(NULL, ".", &save)) {
    if (!json_is_object(cur)) return false;
    cur = json_object_get(cur, tok);
    if (!cur || json_is_null(cur)) return true;
  }
  return false;
}

/* For an eligibility check: moves the errors of absent fields into `absent` (each path once);
 * true when no other error is left. */
static bool only_absent(const json_t *root, json_t *errors, json_t *absent) {
  const char *field;
  json_t *v;
  void *tmp;
  json_object_foreach_safe(errors, tmp, field, v) {
    if (field_absent(root, field)) {
      bool listed = false;
      size_t i;
      json_t *a;
      json_array_foreach(absent, i, a) listed = listed || strcmp(json_string_value(a), field) == 0;
      if (!listed) json_array_append_new(absent, json_string(field));
      json_object_del(errors, field);
    }
  }
  return json_object_size(errors) == 0;
}

bool api_intake_read(const json_t *root, int64_t default_center, intake *in, json_t *errors,
                     json_t *absent) {
  bool ok = api_parse_intake(root, in, errors);
  if (in->center_id == 0) in->center_id = default_center;

  if (in->center_id == 0 && !json_object_get(errors, "center_id")) {
    json_object_set_new(errors, "center_id", json_string("required"));
    ok = false;
  }
  /* An eligibility check cannot look up the threshold without a centre. */
  if (!ok && absent && in->center_id != 0) ok = only_absent(root, errors, absent);
  return ok;
}

bool api_intake_rules(const json_t *root, intake *in, const jurisdiction_rules *j,
                      const holiday_calendar *cal, int64_t now, json_t *errors, json_t *absent) {
  in->deadline_mode = j->deadline_mode;
  in->calendar = cal;
  field_errors fe = {0};
  if (intake_check(in, now, &fe)) return true;
  api_field_errors_to_json(&fe, errors);
  /* A form being filled in: when only absent fields failed, its derived part still counts. */
  if (!absent || !only_absent(root, errors, absent)) return false;
  field_errors fe2 = {0};
  if (intake_derive(in, &fe2)) return true;
  api_field_errors_to_json(&fe2, errors);
  return false;
}
