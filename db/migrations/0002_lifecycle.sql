-- The Legal Aid Law as data: per-jurisdiction hardship thresholds and deadline settings, the
-- lifecycle's columns, stages, assignment history, lawyers' declared clients.

CREATE TABLE hardship_thresholds (
  region_code        text PRIMARY KEY REFERENCES regions (code),
  monthly_income_fen bigint NOT NULL CHECK (monthly_income_fen >= 0),
  is_default         boolean NOT NULL DEFAULT false,
  source             text NOT NULL DEFAULT '',
  updated_at         timestamptz NOT NULL DEFAULT now(),
  updated_by         bigint REFERENCES users (id)
);

CREATE TABLE jurisdiction_settings (
  region_code       text PRIMARY KEY REFERENCES regions (code),
  deadline_mode     text NOT NULL DEFAULT 'calendar_days'
                    CHECK (deadline_mode IN ('calendar_days', 'working_days')),
  pay_after_archive boolean NOT NULL DEFAULT false,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  updated_by        bigint REFERENCES users (id)
);

ALTER TABLE lawyers ADD COLUMN region_code text REFERENCES regions (code);

-- People a lawyer acts or acted for outside legal aid, declared by the admin (conflicts).
CREATE TABLE lawyer_clients (
  id        bigserial PRIMARY KEY,
  lawyer_id bigint NOT NULL REFERENCES lawyers (user_id),
  name      text NOT NULL,
  id_number text
);
CREATE INDEX lawyer_clients_lawyer ON lawyer_clients (lawyer_id);

ALTER TABLE cases
  ADD COLUMN duplicate_of              bigint[] NOT NULL DEFAULT '{}',
  ADD COLUMN eligibility_override      jsonb,
  ADD COLUMN deadline_mode             text NOT NULL DEFAULT 'calendar_days',
  ADD COLUMN paused_days               int NOT NULL DEFAULT 0,
  ADD COLUMN urgent                    boolean NOT NULL DEFAULT false,
  ADD COLUMN decision                  text CHECK (decision IN ('approve', 'reject', 'urgent_aid')),
  ADD COLUMN decision_reason           text,
  ADD COLUMN decided_at                timestamptz,
  ADD COLUMN decided_by                bigint REFERENCES users (id),
  ADD COLUMN materials_request         text,
  ADD COLUMN materials_requested_at    timestamptz,
  ADD COLUMN assigned_at               timestamptz,
  ADD COLUMN accepted_at               timestamptz,
  ADD COLUMN closed_on                 date,
  ADD COLUMN outcome                   text,
  ADD COLUMN recovered_fen             bigint CHECK (recovered_fen >= 0),
  ADD COLUMN grade                     text CHECK (grade IN ('excellent', 'good', 'pass', 'fail')),
  ADD COLUMN graded_at                 timestamptz,
  ADD COLUMN termination_ground        text CHECK (termination_ground IN (
                                         'deception', 'concealment', 'illegal_use',
                                         'no_longer_eligible', 'case_ended', 'own_lawyer',
                                         'recipient_request', 'other')),
  ADD COLUMN termination_reason        text,
  ADD COLUMN terminated_at             timestamptz,
  ADD COLUMN satisfied                 boolean,
  ADD COLUMN satisfaction_comment      text,
  ADD COLUMN satisfaction_at           timestamptz,
  ADD COLUMN objection_reason          text,
  ADD COLUMN objection_filed_at        timestamptz,
  ADD COLUMN objection_due             date,
  ADD COLUMN objection_upheld          boolean,
  ADD COLUMN objection_decision_reason text,
  ADD COLUMN objection_decided_at      timestamptz,
  ADD COLUMN replacement_reason        text,
  ADD COLUMN replacement_requested_at  timestamptz,
  ADD COLUMN archived_at               timestamptz;

CREATE INDEX cases_center_due ON cases (center_id, decision_due) WHERE status IN ('submitted', 'materials_requested');
CREATE INDEX cases_center_assign_due ON cases (center_id, assignment_due) WHERE status = 'approved';

-- Stage progress recorded by the lawyer.
CREATE TABLE case_stages (
  id                bigserial PRIMARY KEY,
  case_id           bigint NOT NULL REFERENCES cases (id),
  lawyer_id         bigint NOT NULL REFERENCES users (id),
  stage             text NOT NULL CHECK (stage IN (
                      'investigation', 'prosecution', 'trial', 'death_review', 'first_instance',
                      'second_instance', 'retrial', 'arbitration', 'enforcement')),
  venue_region_code text REFERENCES regions (code),
  started_on        date NOT NULL,
  ended_on          date,
  created_at        timestamptz NOT NULL DEFAULT now(),
  CHECK (ended_on IS NULL OR ended_on >= started_on)
);
CREATE INDEX case_stages_case ON case_stages (case_id, id);

-- Every assignment of a lawyer to a case, with how it ended: history and conflict checks.
CREATE TABLE case_assignments (
  id          bigserial PRIMARY KEY,
  case_id     bigint NOT NULL REFERENCES cases (id),
  lawyer_id   bigint NOT NULL REFERENCES users (id),
  assigned_at timestamptz NOT NULL DEFAULT now(),
  assigned_by bigint REFERENCES users (id),
  ended_at    timestamptz,
  end_reason  text
);
CREATE INDEX case_assignments_lawyer ON case_assignments (lawyer_id);
CREATE INDEX case_assignments_case ON case_assignments (case_id);

-- The case JSON grows the lifecycle's fields; its shape stays a superset of 0001's.
CREATE OR REPLACE FUNCTION case_json(c cases, full_pii boolean) RETURNS json
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT json_build_object(
    'id', c.id, 'case_no', c.case_no, 'center_id', c.center_id, 'status', c.status,
    'version', c.version, 'channel', c.channel,
    'received_at', date_trunc('second', c.received_at),
    'case_type', c.case_type, 'matter', c.matter, 'stage', c.stage,
    'venue_region_code', c.venue_region_code, 'summary', c.summary,
    'opposing_party', c.opposing_party,
    'opposing_party_id_number', CASE WHEN full_pii THEN c.opposing_party_id_number
                                     ELSE mask_id_number(c.opposing_party_id_number) END,
    'criminal_grounds', c.criminal_grounds, 'exemptions', c.exemptions,
    'notice', CASE WHEN c.notice_organ_name IS NULL AND c.notice_no IS NULL THEN NULL
                   ELSE json_build_object('organ_name', c.notice_organ_name,
                                          'notice_no', c.notice_no) END,
    'applicant', json_build_object(
       'name', c.applicant_name,
       'id_number', CASE WHEN full_pii THEN c.applicant_id_number
                         ELSE mask_id_number(c.applicant_id_number) END,
       'phone', CASE WHEN full_pii THEN c.applicant_phone ELSE mask_phone(c.applicant_phone) END,
       'address', CASE WHEN full_pii THEN c.applicant_address END,
       'ethnicity', c.applicant_ethnicity, 'birth_date', c.applicant_birth_date,
       'sex', c.applicant_sex, 'groups', c.groups, 'flagged_groups', c.flagged_groups,
       'household_size', c.household_size,
       'household_monthly_income_fen', c.household_monthly_income_fen),
    'eligibility', c.eligibility,
    'eligibility_override', c.eligibility_override,
    'decision_due', c.decision_due, 'assignment_due', c.assignment_due,
    'deadline_mode', c.deadline_mode, 'paused_days', c.paused_days,
    'overdue', (c.status IN ('submitted') AND c.decision_due < current_date)
               OR (c.status = 'approved' AND c.assignment_due < current_date),
    'urgent', c.urgent,
    'decision', CASE WHEN c.decision IS NULL THEN NULL ELSE json_build_object(
       'decision', c.decision, 'reason', c.decision_reason,
       'decided_at', date_trunc('second', c.decided_at), 'decided_by', c.decided_by) END,
    'materials_request', CASE WHEN c.materials_requested_at IS NULL THEN NULL ELSE
       json_build_object('reason', c.materials_request,
                         'requested_at', date_trunc('second', c.materials_requested_at)) END,
    'lawyer_id', c.lawyer_id,
    'lawyer_name', (SELECT COALESCE(NULLIF(u.display_name, ''), u.username) FROM users u
                    WHERE u.id = c.lawyer_id),
    'assigned_at', date_trunc('second', c.assigned_at),
    'accepted_at', date_trunc('second', c.accepted_at),
    'closure', CASE WHEN c.closed_on IS NULL THEN NULL ELSE json_build_object(
       'outcome', c.outcome, 'recovered_fen', c.recovered_fen, 'closed_on', c.closed_on) END,
    'grade', c.grade, 'archived_at', date_trunc('second', c.archived_at),
    'termination', CASE WHEN c.termination_ground IS NULL THEN NULL ELSE json_build_object(
       'ground', c.termination_ground, 'reason', c.termination_reason,
       'terminated_at', date_trunc('second', c.terminated_at)) END,
    'satisfaction', CASE WHEN c.satisfied IS NULL THEN NULL ELSE json_build_object(
       'satisfied', c.satisfied, 'comment', c.satisfaction_comment,
       'at', date_trunc('second', c.satisfaction_at)) END,
    'objection', CASE WHEN c.objection_filed_at IS NULL THEN NULL ELSE json_build_object(
       'reason', c.objection_reason, 'filed_at', date_trunc('second', c.objection_filed_at),
       'due', c.objection_due, 'upheld', c.objection_upheld,
       'decision_reason', c.objection_decision_reason,
       'decided_at', date_trunc('second', c.objection_decided_at)) END,
    'replacement_request', CASE WHEN c.replacement_requested_at IS NULL THEN NULL ELSE
       json_build_object('reason', c.replacement_reason,
                         'requested_at', date_trunc('second', c.replacement_requested_at)) END,
    'stages', COALESCE((SELECT json_agg(json_build_object('id', s.id, 'stage', s.stage,
       'venue_region_code', s.venue_region_code, 'started_on', s.started_on,
       'ended_on', s.ended_on, 'lawyer_id', s.lawyer_id) ORDER BY s.id)
       FROM case_stages s WHERE s.case_id = c.id), '[]'),
    'duplicate_of', COALESCE((SELECT json_agg(json_build_object('id', d.id, 'case_no', d.case_no,
       'status', d.status) ORDER BY d.id) FROM cases d WHERE d.id = ANY (c.duplicate_of)), '[]'),
    'created_by', c.created_by, 'created_at', date_trunc('second', c.created_at),
    'updated_at', date_trunc('second', c.updated_at))
$$;
