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
