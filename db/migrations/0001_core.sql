-- Core schema: regions, centres, users and sessions, cases and their audit trail.
-- Codes are text with CHECK constraints mirroring API.md's enumerations; money is bigint fen.

CREATE TABLE regions (
  code        text PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
  name        text NOT NULL,
  parent_code text REFERENCES regions (code) DEFERRABLE INITIALLY DEFERRED,
  level       smallint NOT NULL CHECK (level BETWEEN 1 AND 3)
);
CREATE INDEX regions_parent ON regions (parent_code);

-- The prefix every code under a region starts with: 43 for a province 430000, 4306 for a
-- city 430600, the code itself for a county.
CREATE FUNCTION region_prefix(code text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN substr(code, 3, 4) = '0000' THEN substr(code, 1, 2)
              WHEN substr(code, 5, 2) = '00' THEN substr(code, 1, 4)
              ELSE code END
$$;

-- Public holidays and make-up working days (reference data: db/reference/20_holidays.sql).
CREATE TABLE holidays (
  day  date PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('holiday', 'workday'))
);

CREATE TABLE centers (
  id             bigserial PRIMARY KEY,
  name           text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
  region_code    text NOT NULL REFERENCES regions (code),
  case_no_prefix text NOT NULL CHECK (length(case_no_prefix) BETWEEN 1 AND 10),
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX centers_region ON centers (region_code text_pattern_ops);

CREATE TABLE users (
  id            bigserial PRIMARY KEY,
  username      text NOT NULL UNIQUE CHECK (username ~ '^[A-Za-z0-9_.@-]{2,64}$'),
  password_hash text NOT NULL,
  role          text NOT NULL CHECK (role IN ('admin', 'clerk', 'reviewer', 'lawyer', 'supervisor')),
  center_id     bigint REFERENCES centers (id),
  display_name  text NOT NULL DEFAULT '',
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    bigint REFERENCES users (id),
  -- Only an administrator may stand above every centre (the bootstrap admin).
  CHECK (center_id IS NOT NULL OR role = 'admin')
);
CREATE INDEX users_center ON users (center_id);

CREATE TABLE lawyers (
  user_id        bigint PRIMARY KEY REFERENCES users (id),
  center_id      bigint NOT NULL REFERENCES centers (id),
  license_no     text NOT NULL UNIQUE CHECK (length(license_no) BETWEEN 1 AND 40),
  firm           text NOT NULL DEFAULT '',
  kind           text NOT NULL CHECK (kind IN ('lawyer', 'grassroots_worker', 'social_org')),
  practice_years int NOT NULL CHECK (practice_years BETWEEN 0 AND 80),
  specialties    text[] NOT NULL DEFAULT '{}',
  active         boolean NOT NULL DEFAULT true
);
CREATE INDEX lawyers_center ON lawyers (center_id);

-- Sessions: only a hash of the token is kept.
CREATE TABLE sessions (
  token_hash   bytea PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES users (id),
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  client_ip    text
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Failed sign-ins per key ('user:<name>' or 'ip:<address>') in a sliding window.
CREATE TABLE login_throttle (
  key          text PRIMARY KEY,
  failures     int NOT NULL,
  window_start timestamptz NOT NULL,
  locked_until timestamptz
);

-- Sign-in attempts and denied accesses (never a password or a token).
CREATE TABLE security_events (
  id        bigserial PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT now(),
  kind      text NOT NULL,
  username  text,
  user_id   bigint,
  client_ip text,
  detail    text
);

CREATE TABLE case_counters (
  center_id bigint NOT NULL REFERENCES centers (id),
  year      int NOT NULL,
  last_no   int NOT NULL,
  PRIMARY KEY (center_id, year)
);

CREATE TABLE cases (
  id                           bigserial PRIMARY KEY,
  center_id                    bigint NOT NULL REFERENCES centers (id),
  case_no                      text NOT NULL UNIQUE,
  case_year                    int NOT NULL,
  case_seq                     int NOT NULL,
  status                       text NOT NULL DEFAULT 'submitted' CHECK (status IN (
                                 'submitted', 'materials_requested', 'approved', 'rejected',
                                 'assigned', 'in_progress', 'closed', 'terminated')),
  version                      int NOT NULL DEFAULT 1,
  channel                      text NOT NULL CHECK (channel IN (
                                 'window', 'hotline_12348', 'online', 'notice_police',
                                 'notice_procuratorate', 'notice_court')),
  received_at                  timestamptz NOT NULL,
  case_type                    text NOT NULL CHECK (case_type IN (
                                 'criminal_defense', 'criminal_victim', 'plea_help', 'civil',
                                 'administrative', 'labor_arbitration', 'state_compensation',
                                 'notarization', 'document_drafting')),
  matter                       text CHECK (matter IN (
                                 'state_compensation', 'social_insurance', 'bereavement_pension',
                                 'support_payment', 'labour_remuneration',
                                 'employment_confirmation', 'incapacity_declaration',
                                 'personal_injury', 'environmental_damage', 'criminal_victim',
                                 'retrial_petition', 'other')),
  stage                        text CHECK (stage IN (
                                 'investigation', 'prosecution', 'trial', 'death_review',
                                 'first_instance', 'second_instance', 'retrial', 'arbitration',
                                 'enforcement')),
  venue_region_code            text REFERENCES regions (code),
  summary                      text NOT NULL DEFAULT '',
  opposing_party               text,
  opposing_party_id_number     text,
  criminal_grounds             text[] NOT NULL DEFAULT '{}',
  exemptions                   text[] NOT NULL DEFAULT '{}',
  notice_organ_name            text,
  notice_no                    text,
  applicant_name               text NOT NULL,
  applicant_id_number          text NOT NULL,
  applicant_birth_date         date,
  applicant_sex                text CHECK (applicant_sex IN ('M', 'F')),
  applicant_phone              text,
  applicant_address            text,
  applicant_ethnicity          text,
  groups                       text[] NOT NULL DEFAULT '{}',
  flagged_groups               text[] NOT NULL DEFAULT '{}',
  household_size               int CHECK (household_size BETWEEN 1 AND 99),
  household_monthly_income_fen bigint CHECK (household_monthly_income_fen >= 0),
  eligibility                  jsonb NOT NULL,
  decision_due                 date,
  assignment_due               date,
  lawyer_id                    bigint REFERENCES users (id),
  created_by                   bigint NOT NULL REFERENCES users (id),
  created_at                   timestamptz NOT NULL DEFAULT now(),
  updated_at                   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (center_id, case_year, case_seq)
);
CREATE INDEX cases_center_id ON cases (center_id, id DESC);
CREATE INDEX cases_applicant_id_number ON cases (applicant_id_number);
CREATE INDEX cases_applicant_phone ON cases (applicant_phone) WHERE applicant_phone IS NOT NULL;
CREATE INDEX cases_lawyer ON cases (lawyer_id, id DESC) WHERE lawyer_id IS NOT NULL;
CREATE INDEX cases_center_status ON cases (center_id, status, id DESC);

-- The audit trail: every change of a case, written in the same transaction as the change.
CREATE TABLE case_events (
  id          bigserial PRIMARY KEY,
  case_id     bigint NOT NULL REFERENCES cases (id),
  at          timestamptz NOT NULL DEFAULT now(),
  actor_id    bigint REFERENCES users (id),
  action      text NOT NULL,
  from_status text,
  to_status   text,
  detail      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX case_events_case ON case_events (case_id, id);

-- Reads of a case's full personal data (resident ID, phone, address).
CREATE TABLE pii_reads (
  id      bigserial PRIMARY KEY,
  at      timestamptz NOT NULL DEFAULT now(),
  user_id bigint NOT NULL,
  case_id bigint NOT NULL
);

-- Idempotency-Key: the first answer to a (user, route, key), replayed for a repeat.
CREATE TABLE idempotency_keys (
  user_id      bigint NOT NULL,
  scope        text NOT NULL,
  key          text NOT NULL,
  request_hash text NOT NULL,
  status       int,
  response     text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, scope, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

CREATE FUNCTION mask_id_number(s text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN length(s) = 18 THEN left(s, 4) || repeat('*', 10) || right(s, 4)
              ELSE repeat('*', length(s)) END
$$;

CREATE FUNCTION mask_phone(s text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN length(s) >= 8 THEN left(s, 3) || repeat('*', length(s) - 7) || right(s, 4)
              ELSE repeat('*', length(s)) END
$$;
