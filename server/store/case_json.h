/* The case as the API shows it, as one SQL expression over a row alias: used inline in every
 * statement that answers a case, so that PostgreSQL plans it once with the statement (a SQL
 * function would be planned again at each call: 25 times slower, measured). c is the alias of
 * a row of cases; full is a SQL boolean expression: false masks the resident ID and phone,
 * drops the address and shows the birth year alone (lists, supervisors); vis is a SQL boolean
 * expression over `d`, another row of cases, true when the caller may read it: duplicate_of
 * names only those, the others are counted in duplicates_elsewhere (API.md 1.1). */
#ifndef LA_STORE_CASE_JSON_H
#define LA_STORE_CASE_JSON_H

#define CASE_JSON(c, full, vis) \
  "json_build_object( " \
  "    'id', " c ".id, 'case_no', " c ".case_no, 'center_id', " c ".center_id, 'status', " c ".status, " \
  "    'version', " c ".version, 'channel', " c ".channel, " \
  "    'received_at', date_trunc('second', " c ".received_at), " \
  "    'case_type', " c ".case_type, 'matter', " c ".matter, 'stage', " c ".stage, " \
  "    'venue_region_code', " c ".venue_region_code, 'summary', " c ".summary, " \
  "    'opposing_party', " c ".opposing_party, " \
  "    'opposing_party_id_number', CASE WHEN " full " THEN " c ".opposing_party_id_number " \
  "                                     ELSE mask_id_number(" c ".opposing_party_id_number) END, " \
  "    'criminal_grounds', " c ".criminal_grounds, 'exemptions', " c ".exemptions, " \
  "    'notice', CASE WHEN " c ".notice_organ_name IS NULL AND " c ".notice_no IS NULL THEN NULL " \
  "                   ELSE json_build_object('organ_name', " c ".notice_organ_name, " \
  "                                          'notice_no', " c ".notice_no) END, " \
  "    'applicant', json_build_object( " \
  "       'name', " c ".applicant_name, " \
  "       'id_number', CASE WHEN " full " THEN " c ".applicant_id_number " \
  "                         ELSE mask_id_number(" c ".applicant_id_number) END, " \
  "       'phone', CASE WHEN " full " THEN " c ".applicant_phone ELSE mask_phone(" c ".applicant_phone) END, " \
  "       'address', CASE WHEN " full " THEN " c ".applicant_address END, " \
  "       'ethnicity', " c ".applicant_ethnicity, " \
  "       'birth_date', CASE WHEN " full " THEN " c ".applicant_birth_date END, " \
  "       'birth_year', extract(year FROM " c ".applicant_birth_date)::int, " \
  "       'sex', " c ".applicant_sex, 'groups', " c ".groups, 'flagged_groups', " c ".flagged_groups, " \
  "       'household_size', " c ".household_size, " \
  "       'household_monthly_income_fen', " c ".household_monthly_income_fen), " \
  "    'eligibility', " c ".eligibility, " \
  "    'eligibility_override', " c ".eligibility_override, " \
  "    'decision_due', " c ".decision_due, 'assignment_due', " c ".assignment_due, " \
  "    'deadline_mode', " c ".deadline_mode, 'paused_days', " c ".paused_days, " \
  "    'overdue', (" c ".status IN ('submitted') AND " c ".decision_due < current_date) " \
  "               OR (" c ".status = 'approved' AND " c ".assignment_due < current_date), " \
  "    'urgent', " c ".urgent, " \
  "    'decision', CASE WHEN " c ".decision IS NULL THEN NULL ELSE json_build_object( " \
  "       'decision', " c ".decision, 'reason', " c ".decision_reason, " \
  "       'decided_at', date_trunc('second', " c ".decided_at), 'decided_by', " c ".decided_by) END, " \
  "    'materials_request', CASE WHEN " c ".materials_requested_at IS NULL THEN NULL ELSE " \
  "       json_build_object('reason', " c ".materials_request, " \
  "                         'requested_at', date_trunc('second', " c ".materials_requested_at)) END, " \
  "    'lawyer_id', " c ".lawyer_id, " \
  "    'lawyer_name', (SELECT COALESCE(NULLIF(u.display_name, ''), u.username) FROM users u " \
  "                    WHERE u.id = " c ".lawyer_id), " \
  "    'lawyer', (SELECT json_build_object('id', l.user_id, 'firm', l.firm, " \
  "                      'license_no', l.license_no, 'kind', l.kind) " \
  "               FROM lawyers l WHERE l.user_id = " c ".lawyer_id), " \
  "    'assigned_at', date_trunc('second', " c ".assigned_at), " \
  "    'accepted_at', date_trunc('second', " c ".accepted_at), " \
  "    'closure', CASE WHEN " c ".closed_on IS NULL THEN NULL ELSE json_build_object( " \
  "       'outcome', " c ".outcome, 'recovered_fen', " c ".recovered_fen, 'closed_on', " c ".closed_on) END, " \
  "    'grade', " c ".grade, 'archived_at', date_trunc('second', " c ".archived_at), " \
  "    'termination', CASE WHEN " c ".termination_ground IS NULL THEN NULL ELSE json_build_object( " \
  "       'ground', " c ".termination_ground, 'reason', " c ".termination_reason, " \
  "       'terminated_at', date_trunc('second', " c ".terminated_at)) END, " \
  "    'satisfaction', CASE WHEN " c ".satisfied IS NULL THEN NULL ELSE json_build_object( " \
  "       'satisfied', " c ".satisfied, 'comment', " c ".satisfaction_comment, " \
  "       'at', date_trunc('second', " c ".satisfaction_at)) END, " \
  "    'objection', CASE WHEN " c ".objection_filed_at IS NULL THEN NULL ELSE json_build_object( " \
  "       'reason', " c ".objection_reason, 'filed_at', date_trunc('second', " c ".objection_filed_at), " \
  "       'due', " c ".objection_due, 'upheld', " c ".objection_upheld, " \
  "       'decision_reason', " c ".objection_decision_reason, " \
  "       'decided_at', date_trunc('second', " c ".objection_decided_at)) END, " \
  "    'replacement_request', CASE WHEN " c ".replacement_requested_at IS NULL THEN NULL ELSE " \
  "       json_build_object('reason', " c ".replacement_reason, " \
  "                         'requested_at', date_trunc('second', " c ".replacement_requested_at)) END, " \
  "    'stages', COALESCE((SELECT json_agg(json_build_object('id', s.id, 'stage', s.stage, " \
  "       'venue_region_code', s.venue_region_code, 'started_on', s.started_on, " \
  "       'ended_on', s.ended_on, 'lawyer_id', s.lawyer_id) ORDER BY s.id) " \
  "       FROM case_stages s WHERE s.case_id = " c ".id), '[]'), " \
  "    'duplicate_of', COALESCE((SELECT json_agg(json_build_object('id', d.id, 'case_no', d.case_no, " \
  "       'status', d.status) ORDER BY d.id) FROM cases d WHERE d.id = ANY (" c ".duplicate_of) " \
  "       AND (" vis ")), '[]'), " \
  "    'duplicates_elsewhere', (SELECT count(*) FROM cases d WHERE d.id = ANY (" c ".duplicate_of) " \
  "       AND NOT (" vis ")), " \
  "    'created_by', " c ".created_by, 'created_at', date_trunc('second', " c ".created_at), " \
  "    'updated_at', date_trunc('second', " c ".updated_at)) "

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

#endif
