-- Issue 12, the people on a case (API.md 1.1): the applicant's identity document (not always
-- a mainland resident ID; unknown for a suspect the police could not identify), the agent who
-- applies on the recipient's behalf (a guardian, Art. 24 and 40), and the recipients of a
-- case with several (a group wage claim). Statistics of groups count the recipients.

ALTER TABLE cases
  ALTER COLUMN applicant_name DROP NOT NULL,
  ALTER COLUMN applicant_id_number DROP NOT NULL,
  ADD COLUMN applicant_id_type text NOT NULL DEFAULT 'resident_id' CHECK (applicant_id_type IN (
    'resident_id', 'hk_macao_permit', 'taiwan_permit', 'passport', 'foreign_permanent_resident',
    'unknown')),
  ADD CONSTRAINT cases_applicant_known_check CHECK (
    applicant_id_type = 'unknown' OR (applicant_name IS NOT NULL AND applicant_id_number IS NOT NULL)),
  ADD COLUMN agent_name      text,
  ADD COLUMN agent_relation  text CHECK (agent_relation IN (
    'guardian', 'relative', 'legal_representative', 'entrusted')),
  -- The values of id_type (server/domain/enums.h); an agent's identity is always known.
  ADD COLUMN agent_id_type   text CHECK (agent_id_type IN (
    'resident_id', 'hk_macao_permit', 'taiwan_permit', 'passport', 'foreign_permanent_resident',
    'unknown')),
  ADD CONSTRAINT cases_agent_id_known_check CHECK (agent_id_type <> 'unknown'),
  ADD COLUMN agent_id_number text,
  ADD COLUMN agent_phone     text,
  ADD CONSTRAINT cases_agent_check CHECK ((agent_name IS NULL) = (agent_relation IS NULL)),
  -- How many people the case aids: 1, or the rows of case_recipients.
  ADD COLUMN recipients_count int NOT NULL DEFAULT 1 CHECK (recipients_count BETWEEN 1 AND 500);

CREATE TABLE case_recipients (
  case_id    bigint NOT NULL REFERENCES cases (id),
  seq        int NOT NULL CHECK (seq >= 1),
  name       text NOT NULL,
  id_type    text NOT NULL CHECK (id_type IN (
               'resident_id', 'hk_macao_permit', 'taiwan_permit', 'passport',
               'foreign_permanent_resident', 'unknown')),
  id_number  text NOT NULL,
  birth_date date,
  sex        text CHECK (sex IN ('M', 'F')),
  groups     text[] NOT NULL DEFAULT '{}' CHECK (groups <@ ARRAY[
               'minor', 'elderly', 'woman', 'ethnic_minority', 'migrant_worker', 'disabled',
               'military', 'low_income']::text[]),
  PRIMARY KEY (case_id, seq),
  -- A recipient's identity is always known (unknown is only a notified suspect's).
  CONSTRAINT case_recipients_id_known_check CHECK (id_type <> 'unknown')
);
CREATE INDEX case_recipients_id_number ON case_recipients (id_number);
