/* The API's replies, as named views the api owns: each is a JSON column beside the keys a query
 * selects it by, or (api_case) the columns the store writes as JSON (store/pg.h,
 * db_row_json). The store selects from them by name (never spelling a reply's shape itself);
 * they are dropped and created again at every start, after the migrations (store/migrate.c),
 * so that a view and its columns may change freely.
 *
 * A new field in a reply goes here. Kept as SQL expressions inline in each view so that
 * PostgreSQL plans them with the query (a scalar SQL function building the JSON would be
 * planned at each call: 25 times slower, measured); the keys sit in the view so that a list
 * filters and pages the view itself and builds the JSON of the page's rows only.
 *
 *   api_case(all, centers, lawyer) (id and the keys lists filter by, full_pii, the case's
 *            "j:" columns, case_fields below): a view with the caller's scope as arguments
 *            (a SQL function PostgreSQL inlines into the query, planned with it like a view):
 *            full_pii false masks the resident IDs and phone, drops the address and shows the
 *            birth year alone (lists, supervisors);
 *            duplicate_of names the duplicates the caller may read (all, or the centre in
 *            centers, and lawyer 0 or the case's lawyer), duplicates_elsewhere counts the others
 *   api_call (id and the keys lists filter by, full_pii, json): full_pii false masks the
 *            caller's phone
 *   api_claim (id and the keys lists filter by, json): a subsidy claim and its breakdown
 *   api_subsidy_table (id, json): a table with its cells and add-ons
 *   api_center (id, json)
 *   api_user (id, center_id, json): with its lawyer profile
 *   api_lawyer (user_id, center_id, json): with its declared clients
 *   api_work_order (id and the keys lists filter by, json): an incoming 12345 work order
 *   api_attachment (id, case_id, json): a paper of a case file, without its bytes */
#include "views.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/case.h"

/* Each way of showing a row's personal data: a query picks one with WHERE full_pii = ... */
#define FULL_OR_MASKED "(VALUES (true), (false)) AS v(full_pii)"

/* A case, as the columns of api_case that the store writes as its JSON (store/pg.h,
 * db_row_json: "j:<key>", "j:<object>.<key>", "j:<object>{" a boolean opening the object, false
 * for null), in the reply's order: {key, SQL type, expression}. c: a row of cases; v.full_pii
 * false masks the resident IDs and phone, drops the address and shows the birth year alone;
 * duplicate_of names only the duplicates the caller may read (VISIBLE over `d`, another row of
 * cases), the others are counted in duplicates_elsewhere (API.md 1.1); lu and ll: the case's
 * lawyer as rows of users and of lawyers, LEFT JOINed on c.lawyer_id, NULL when it has none.
 * The lawyer is joined, not read by a sub-query per field, and the duplicates' two sub-queries
 * are skipped for a case that has none (most). The daemon writes the JSON from these columns
 * rather than PostgreSQL with json_build_object: a page of 50 cases' JSON cost PostgreSQL 2.1 ms,
 * its columns 0.2 ms (tests/bench/RESULTS.md, "A case's JSON written by the daemon"). */
#define VISIBLE                                                                  \
  "(viewer_all OR d.center_id = ANY (viewer_centers))"                          \
  " AND (viewer_lawyer = 0 OR d.lawyer_id = viewer_lawyer)"
#define MASKED_ID(col) "CASE WHEN v.full_pii THEN " col " ELSE mask_id_number(" col ") END"
#define MASKED_PHONE(col) "CASE WHEN v.full_pii THEN " col " ELSE mask_phone(" col ") END"
#define SECOND(col) "date_trunc('second', " col ")"

static const struct {
  const char *key, *type, *expr;
} case_fields[] = {
    {"id", "bigint", "c.id"},
    {"case_no", "text", "c.case_no"},
    {"center_id", "bigint", "c.center_id"},
    {"status", "text", "c.status"},
    {"version", "integer", "c.version"},
    {"channel", "text", "c.channel"},
    {"received_at", "timestamptz", SECOND("c.received_at")},
    {"case_type", "text", "c.case_type"},
    {"matter", "text", "c.matter"},
    {"stage", "text", "c.stage"},
    {"venue_region_code", "text", "c.venue_region_code"},
    {"summary", "text", "c.summary"},
    {"opposing_party", "text", "c.opposing_party"},
    {"opposing_party_id_number", "text", MASKED_ID("c.opposing_party_id_number")},
    {"criminal_grounds", "json", "to_json(c.criminal_grounds)"},
    {"exemptions", "json", "to_json(c.exemptions)"},
    {"notice{", "boolean", "c.notice_organ_name IS NOT NULL OR c.notice_no IS NOT NULL"},
    {"notice.organ_name", "text", "c.notice_organ_name"},
    {"notice.notice_no", "text", "c.notice_no"},
    {"applicant{", "boolean", "true"},
    {"applicant.name", "text", "c.applicant_name"},
    {"applicant.id_type", "text", "c.applicant_id_type"},
    {"applicant.id_number", "text", MASKED_ID("c.applicant_id_number")},
    {"applicant.phone", "text", MASKED_PHONE("c.applicant_phone")},
    {"applicant.address", "text", "CASE WHEN v.full_pii THEN c.applicant_address END"},
    {"applicant.ethnicity", "text", "c.applicant_ethnicity"},
    {"applicant.birth_date", "date", "CASE WHEN v.full_pii THEN c.applicant_birth_date END"},
    {"applicant.birth_year", "integer", "extract(year FROM c.applicant_birth_date)::int"},
    {"applicant.sex", "text", "c.applicant_sex"},
    {"applicant.groups", "json", "to_json(c.groups)"},
    {"applicant.flagged_groups", "json", "to_json(c.flagged_groups)"},
    {"applicant.household_size", "integer", "c.household_size"},
    {"applicant.household_monthly_income_fen", "bigint", "c.household_monthly_income_fen"},
    {"eligibility", "jsonb", "c.eligibility"},
    {"eligibility_override", "jsonb", "c.eligibility_override"},
    {"decision_due", "date", "c.decision_due"},
    {"assignment_due", "date", "c.assignment_due"},
    {"deadline_mode", "text", "c.deadline_mode"},
    {"paused_days", "integer", "c.paused_days"},
    {"overdue", "boolean",
     "(c.status = ANY (@AWAITING_DECISION@) AND c.decision_due < current_date)"
     " OR (c.status = ANY (@AWAITING_ASSIGNMENT@) AND c.assignment_due < current_date)"},
    {"urgent", "boolean", "c.urgent"},
    {"decision{", "boolean", "c.decision IS NOT NULL"},
    {"decision.decision", "text", "c.decision"},
    {"decision.reason", "text", "c.decision_reason"},
    {"decision.decided_at", "timestamptz", SECOND("c.decided_at")},
    {"decision.decided_by", "bigint", "c.decided_by"},
    {"materials_request{", "boolean", "c.materials_requested_at IS NOT NULL"},
    {"materials_request.reason", "text", "c.materials_request"},
    {"materials_request.requested_at", "timestamptz", SECOND("c.materials_requested_at")},
    {"materials_request.papers", "json",
     "CASE WHEN c.materials_requested_at IS NOT NULL THEN COALESCE((SELECT json_agg("
     "json_build_object('kind', u.kind, 'arrived', EXISTS (SELECT 1 FROM case_attachments a"
     " WHERE a.case_id = c.id AND a.kind = u.kind AND a.uploaded_at >= c.materials_requested_at))"
     " ORDER BY u.n) FROM unnest(c.materials_papers) WITH ORDINALITY AS u(kind, n)), '[]') END"},
    {"lawyer_id", "bigint", "c.lawyer_id"},
    {"lawyer_name", "text", "COALESCE(NULLIF(lu.display_name, ''), lu.username)"},
    {"lawyer{", "boolean", "ll.user_id IS NOT NULL"},
    {"lawyer.id", "bigint", "ll.user_id"},
    {"lawyer.firm", "text", "ll.firm"},
    {"lawyer.license_no", "text", "ll.license_no"},
    {"lawyer.kind", "text", "ll.kind"},
    {"assigned_at", "timestamptz", SECOND("c.assigned_at")},
    {"accepted_at", "timestamptz", SECOND("c.accepted_at")},
    {"closure{", "boolean", "c.closed_on IS NOT NULL"},
    {"closure.outcome", "text", "c.outcome"},
    {"closure.recovered_fen", "bigint", "c.recovered_fen"},
    {"closure.closed_on", "date", "c.closed_on"},
    {"grade", "text", "c.grade"},
    {"archived_at", "timestamptz", SECOND("c.archived_at")},
    {"termination{", "boolean", "c.termination_ground IS NOT NULL"},
    {"termination.ground", "text", "c.termination_ground"},
    {"termination.reason", "text", "c.termination_reason"},
    {"termination.terminated_at", "timestamptz", SECOND("c.terminated_at")},
    {"satisfaction{", "boolean", "c.satisfied IS NOT NULL"},
    {"satisfaction.satisfied", "boolean", "c.satisfied"},
    {"satisfaction.comment", "text", "c.satisfaction_comment"},
    {"satisfaction.at", "timestamptz", SECOND("c.satisfaction_at")},
    {"objection{", "boolean", "c.objection_filed_at IS NOT NULL"},
    {"objection.reason", "text", "c.objection_reason"},
    {"objection.filed_at", "timestamptz", SECOND("c.objection_filed_at")},
    {"objection.due", "date", "c.objection_due"},
    {"objection.upheld", "boolean", "c.objection_upheld"},
    {"objection.decision_reason", "text", "c.objection_decision_reason"},
    {"objection.decided_at", "timestamptz", SECOND("c.objection_decided_at")},
    {"replacement_request{", "boolean", "c.replacement_requested_at IS NOT NULL"},
    {"replacement_request.reason", "text", "c.replacement_reason"},
    {"replacement_request.requested_at", "timestamptz", SECOND("c.replacement_requested_at")},
    {"stages", "json",
     "COALESCE((SELECT json_agg(json_build_object('id', s.id, 'stage', s.stage,"
     " 'venue_region_code', s.venue_region_code, 'started_on', s.started_on,"
     " 'ended_on', s.ended_on, 'lawyer_id', s.lawyer_id) ORDER BY s.id)"
     " FROM case_stages s WHERE s.case_id = c.id), '[]')"},
    {"duplicate_of", "json",
     "CASE WHEN c.duplicate_of = '{}' THEN '[]'::json ELSE COALESCE(("
     " SELECT json_agg(json_build_object('id', d.id, 'case_no', d.case_no,"
     " 'status', d.status) ORDER BY d.id) FROM cases d WHERE d.id = ANY (c.duplicate_of)"
     " AND (" VISIBLE ")), '[]') END"},
    {"duplicates_elsewhere", "bigint",
     "CASE WHEN c.duplicate_of = '{}' THEN 0 ELSE (SELECT count(*)"
     " FROM cases d WHERE d.id = ANY (c.duplicate_of) AND NOT (" VISIBLE ")) END"},
    {"created_by", "bigint", "c.created_by"},
    {"created_at", "timestamptz", SECOND("c.created_at")},
    {"updated_at", "timestamptz", SECOND("c.updated_at")},
    /* The people on a case and the procedures of issue 12 (API.md 1.1). */
    {"retrial_ordered", "boolean", "c.retrial_ordered"},
    {"recipients_count", "integer", "c.recipients_count"},
    {"agent{", "boolean", "c.agent_name IS NOT NULL"},
    {"agent.name", "text", "c.agent_name"},
    {"agent.relation", "text", "c.agent_relation"},
    {"agent.id_type", "text", "COALESCE(c.agent_id_type, 'resident_id')"},
    {"agent.id_number", "text", MASKED_ID("c.agent_id_number")},
    {"agent.phone", "text", MASKED_PHONE("c.agent_phone")},
    {"recipients", "json",
     "COALESCE((SELECT json_agg(json_build_object('seq', r.seq, 'name', r.name,"
     " 'id_type', r.id_type, 'id_number', " MASKED_ID("r.id_number") ","
     " 'birth_date', CASE WHEN v.full_pii THEN r.birth_date END,"
     " 'birth_year', extract(year FROM r.birth_date)::int,"
     " 'sex', CASE r.sex WHEN 'M' THEN 'male' WHEN 'F' THEN 'female' END,"
     " 'groups', r.groups) ORDER BY r.seq) FROM case_recipients r WHERE r.case_id = c.id), '[]')"},
    {"forwarded{", "boolean", "c.forwarded_by_kind IS NOT NULL"},
    {"forwarded.kind", "text", "c.forwarded_by_kind"},
    {"forwarded.organ_name", "text", "c.forwarded_by_name"},
    {"forwarded.received_at", "timestamptz", SECOND("c.custody_received_at")},
    {"forwarded.hours", "integer",
     "floor(extract(epoch FROM c.received_at - c.custody_received_at) / 3600)::int"},
    {"forwarded.late", "boolean", "c.received_at - c.custody_received_at > interval '24 hours'"},
    {"withdrawal_kind", "text", "c.withdrawal_kind"},
    {"withdrawal_reason", "text", "c.withdrawal_reason"},
    {"withdrawn_at", "timestamptz", SECOND("c.withdrawn_at")},
    {"objection_due", "date", "c.objection_due"},
    {"papers_owed", "text", "c.papers_owed"},
    {"papers_due", "date", "c.papers_due"},
    {"papers_received_at", "timestamptz", SECOND("c.papers_received_at")},
    {"organ_notice_due", "date", "c.organ_notice_due"},
    {"organ_notified_on", "date", "c.organ_notified_on"},
    {"organ_notified_by", "bigint", "c.organ_notified_by"},
    {"transferred_from", "bigint", "c.transferred_from"},
    {"transferred_at", "timestamptz", SECOND("c.transferred_at")},
    {"transfer_reason", "text", "c.transfer_reason"},
    {"former_case_nos", "json", "to_json(c.former_case_nos)"},
    {"deadline_provisional", "boolean", "c.deadline_provisional"},
};

/* A hotline call (k: a row of hotline_calls; full false masks the phone). */
#define CALL_JSON(k, full) \
  "json_build_object( " \
  "    'id', " k ".id, 'center_id', " k ".center_id, 'kind', " k ".kind, " \
  "    'started_at', date_trunc('second', " k ".started_at), 'duration_s', " k ".duration_s, " \
  "    'caller_phone', CASE WHEN " full " THEN " k ".caller_phone ELSE mask_phone(" k ".caller_phone) END, " \
  "    'caller_region_code', " k ".caller_region_code, 'topic', " k ".topic, 'summary', " k ".summary, " \
  "    'outcome', " k ".outcome, 'follow_up', " k ".follow_up, 'satisfied', " k ".satisfied, " \
  "    'operator_id', " k ".operator_id, " \
  "    'operator', (SELECT COALESCE(NULLIF(u.display_name, ''), u.username) FROM users u " \
  "                 WHERE u.id = " k ".operator_id), " \
  "    'case_id', " k ".case_id, " \
  "    'case_no', (SELECT c.case_no FROM cases c WHERE c.id = " k ".case_id), " \
  "    'transfer_due', " k ".transfer_due, 'feedback_due', " k ".feedback_due, " \
  "    'in_follow_up_queue', (" k ".follow_up OR " k ".satisfied = false) AND " k ".handled_at IS NULL, " \
  "    'handled_at', date_trunc('second', " k ".handled_at), 'handled_by', " k ".handled_by, " \
  "    'handled_note', " k ".handled_note, 'created_at', date_trunc('second', " k ".created_at)) "

/* A subsidy claim (k: a row of subsidy_claims). */
#define CLAIM_JSON(k) \
  "json_build_object( " \
  "    'id', " k ".id, 'center_id', " k ".center_id, 'lawyer_id', " k ".lawyer_id, 'case_id', " k ".case_id, " \
  "    'case_no', (SELECT c.case_no FROM cases c WHERE c.id = " k ".case_id), " \
  "    'stage_id', " k ".stage_id, 'duty_shift_id', " k ".duty_shift_id, 'item', " k ".item, 'year', " k ".year, " \
  "    'jurisdiction', " k ".jurisdiction, 'table_id', " k ".table_id, " \
  "    'table_version', (SELECT t.version FROM subsidy_tables t WHERE t.id = " k ".table_id), " \
  "    'scope', " k ".scope, 'grade', " k ".grade, 'quantity', " k ".quantity, 'min_fen', " k ".min_fen, " \
  "    'max_fen', " k ".max_fen, 'amount_fen', " k ".amount_fen, 'addons_fen', " k ".addons_fen, " \
  "    'total_fen', " k ".total_fen, 'breakdown', " k ".breakdown, 'status', " k ".status, " \
  "    'computed_at', date_trunc('second', " k ".computed_at), " \
  "    'approved_at', date_trunc('second', " k ".approved_at), 'approved_by', " k ".approved_by, " \
  "    'paid_at', date_trunc('second', " k ".paid_at), 'paid_by', " k ".paid_by) "

#define TABLE_JSON                                                                           \
  "json_build_object('id', t.id, 'jurisdiction', t.jurisdiction,"                           \
  " 'jurisdiction_name', (SELECT name FROM regions WHERE code = t.jurisdiction),"           \
  " 'year', t.year, 'version', t.version, 'source', t.source,"                              \
  " 'created_at', date_trunc('second', t.created_at),"                                      \
  " 'superseded_at', date_trunc('second', t.superseded_at),"                                \
  " 'cells', COALESCE((SELECT json_agg(json_build_object('item', c.item, 'scope', c.scope," \
  "   'min_fen', c.min_fen, 'max_fen', c.max_fen, 'unit', c.unit,"                          \
  "   'is_default', c.is_default, 'note', c.note)"                                          \
  "   ORDER BY c.item, c.scope NULLS FIRST) FROM subsidy_cells c WHERE c.table_id = t.id),"  \
  "   '[]'),"                                                                               \
  " 'addons', COALESCE((SELECT json_agg(json_build_object('code', a.code, 'item', a.item,"  \
  "   'amount_fen', a.amount_fen, 'cap_fen', a.cap_fen) ORDER BY a.code)"                   \
  "   FROM subsidy_addons a WHERE a.table_id = t.id), '[]'))"

#define CENTER_JSON                                                                    \
  "json_build_object('id', c.id, 'name', c.name, 'region_code', c.region_code,"        \
  " 'region_name', r.name, 'case_no_prefix', c.case_no_prefix)"

#define USER_JSON                                                                          \
  "json_build_object('id', u.id, 'username', u.username, 'role', u.role,"                 \
  " 'center_id', u.center_id, 'display_name', u.display_name, 'active', u.active,"        \
  " 'password_change_required', u.password_change_required,"                               \
  " 'created_at', u.created_at, 'lawyer', CASE WHEN l.user_id IS NULL THEN NULL ELSE"     \
  " json_build_object('license_no', l.license_no, 'firm', l.firm, 'kind', l.kind,"        \
  " 'practice_years', l.practice_years, 'specialties', l.specialties, 'active', l.active)" \
  " END)"

#define LAWYER_JSON                                                                          \
  "json_build_object('id', u.id, 'user_id', u.id, 'username', u.username,"                  \
  " 'display_name', u.display_name, 'center_id', l.center_id, 'license_no', l.license_no,"  \
  " 'firm', l.firm, 'kind', l.kind, 'practice_years', l.practice_years,"                    \
  " 'specialties', l.specialties, 'region_code', l.region_code,"                           \
  " 'active', l.active AND u.active,"                                                       \
  " 'clients', COALESCE((SELECT json_agg(json_build_object('name', k.name,"                 \
  "   'id_number', k.id_number) ORDER BY k.id) FROM lawyer_clients k"                       \
  "   WHERE k.lawyer_id = l.user_id), '[]'))"

#define WORK_ORDER_JSON(w)                                                                      \
  "json_build_object('id', " w ".id, 'center_id', " w ".center_id, 'order_no', " w ".order_no," \
  " 'received_at', date_trunc('second', " w ".received_at), 'due_on', " w ".due_on,"           \
  " 'topic', " w ".topic, 'summary', " w ".summary,"                                           \
  " 'closed_at', date_trunc('second', " w ".closed_at), 'closed_by', " w ".closed_by,"         \
  " 'result', " w ".result, 'created_by', " w ".created_by)"

#define ATTACHMENT_JSON                                                                    \
  "json_build_object('id', a.id, 'case_id', a.case_id, 'kind', a.kind,"                   \
  " 'filename', a.filename, 'content_type', a.content_type, 'size', a.size,"              \
  " 'sha256', a.sha256, 'uploaded_at', date_trunc('second', a.uploaded_at),"              \
  " 'uploaded_by', a.uploaded_by,"                                                        \
  " 'uploaded_by_name', COALESCE(NULLIF(u.display_name, ''), u.username))"

/* api_case(all, centers, lawyer): the keys lists filter by, full_pii, then case_fields. */
#define API_CASE_KEYS                                                                        \
  "id bigint, center_id bigint, lawyer_id bigint, status text, case_type text, channel text," \
  " received_at timestamptz, decision_due date, assignment_due date, case_no text,"           \
  " applicant_name text, applicant_id_number text, applicant_phone text, full_pii boolean"
#define API_CASE_KEY_VALUES                                                                 \
  "c.id, c.center_id, c.lawyer_id, c.status, c.case_type, c.channel, c.received_at,"       \
  " c.decision_due, c.assignment_due, c.case_no, c.applicant_name, c.applicant_id_number," \
  " c.applicant_phone, v.full_pii"

static const char views_sql[] =
    "CREATE VIEW api_call AS SELECT k.id, k.center_id, k.operator_id, k.kind, k.topic,"
    " k.outcome, k.caller_phone, k.started_at, k.follow_up, k.satisfied, k.handled_at,"
    " v.full_pii, " CALL_JSON("k", "v.full_pii")
    " AS json FROM hotline_calls k CROSS JOIN " FULL_OR_MASKED ";\n"
    "CREATE VIEW api_claim AS SELECT k.id, k.center_id, k.lawyer_id, k.status, k.year,"
    " k.total_fen, " CLAIM_JSON("k") " AS json FROM subsidy_claims k;\n"
    "CREATE VIEW api_subsidy_table AS SELECT t.id, " TABLE_JSON
    " AS json FROM subsidy_tables t;\n"
    "CREATE VIEW api_center AS SELECT c.id, " CENTER_JSON
    " AS json FROM centers c JOIN regions r ON r.code = c.region_code;\n"
    "CREATE VIEW api_user AS SELECT u.id, u.center_id, " USER_JSON
    " AS json FROM users u LEFT JOIN lawyers l ON l.user_id = u.id;\n"
    "CREATE VIEW api_lawyer AS SELECT l.user_id, l.center_id, " LAWYER_JSON
    " AS json FROM lawyers l JOIN users u ON u.id = l.user_id;\n"
    "CREATE VIEW api_work_order AS SELECT w.id, w.center_id, w.received_at, w.closed_at, "
    WORK_ORDER_JSON("w") " AS json FROM work_orders_12345 w;\n"
    "CREATE VIEW api_attachment AS SELECT a.id, a.case_id, " ATTACHMENT_JSON
    " AS json FROM case_attachments a LEFT JOIN users u ON u.id = a.uploaded_by;\n";

/* The sets of statuses the views select by (domain/case.h), as the SQL the text carries in
 * their place: @NAME@ -> '{a,b}'::text[]. */
static const struct {
  const char *mark;
  unsigned set;
} status_sets[] = {
    {"@AWAITING_DECISION@", CASE_AWAITING_DECISION},
    {"@AWAITING_ASSIGNMENT@", CASE_AWAITING_ASSIGNMENT},
};

static void status_array(unsigned set, char *out, size_t len) {
  size_t o = (size_t)snprintf(out, len, "'{");
  const char *sep = "";
  for (int st = 0; st < ST__COUNT && o < len; st++) {
    if (!(set & ST_BIT(st))) continue;
    o += (size_t)snprintf(out + o, len - o, "%s%s", sep, ENUM_STATUS.values[st]);
    sep = ",";
  }
  if (o < len) snprintf(out + o, len - o, "}'::text[]");
}

/* The text of every view before its @MARK@s are replaced: api_case from case_fields, then the
 * others. malloc'd, NULL when out of memory. */
static char *views_source(void) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  if (!f) return NULL;
  fputs("CREATE FUNCTION api_case(viewer_all boolean, viewer_centers bigint[],"
        " viewer_lawyer bigint) RETURNS TABLE (" API_CASE_KEYS, f);
  for (size_t i = 0; i < sizeof case_fields / sizeof case_fields[0]; i++)
    fprintf(f, ", \"j:%s\" %s", case_fields[i].key, case_fields[i].type);
  fputs(") LANGUAGE sql STABLE AS $$ SELECT " API_CASE_KEY_VALUES, f);
  for (size_t i = 0; i < sizeof case_fields / sizeof case_fields[0]; i++)
    fprintf(f, ", %s", case_fields[i].expr);
  fputs(" FROM cases c LEFT JOIN users lu ON lu.id = c.lawyer_id"
        " LEFT JOIN lawyers ll ON ll.user_id = c.lawyer_id CROSS JOIN " FULL_OR_MASKED " $$;\n",
        f);
  fputs(views_sql, f);
  if (fclose(f) != 0) {
    free(text);
    return NULL;
  }
  return text;
}

char *api_views_sql(void) {
  char *src = views_source();
  if (!src) return NULL;
  size_t cap = strlen(src) * 2 + 1, n = 0;
  char *out = malloc(cap);
  if (!out) {
    free(src);
    return NULL;
  }
  for (const char *p = src; *p;) {
    const char *text = p;
    size_t len = 1;
    char arr[512];
    if (*p == '@') {
      for (size_t i = 0; i < sizeof status_sets / sizeof status_sets[0]; i++) {
        size_t ml = strlen(status_sets[i].mark);
        if (strncmp(p, status_sets[i].mark, ml) == 0) {
          status_array(status_sets[i].set, arr, sizeof arr);
          text = arr;
          len = strlen(arr);
          p += ml - 1;
          break;
        }
      }
    }
    p++;
    if (n + len + 1 > cap) {
      free(src);
      free(out);
      return NULL;
    }
    memcpy(out + n, text, len);
    n += len;
  }
  out[n] = '\0';
  free(src);
  return out;
}
