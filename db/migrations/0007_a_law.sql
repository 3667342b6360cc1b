-- Issue 12, the Legal Aid Law exactly: the judicial bureau's role, withdrawal, the new matters
-- of Art. 31 (七), retrials ordered (Art. 33), the papers owed after urgent aid (Art. 44),
-- transfers to the competent centre (Art. 38), applications forwarded from custody (Art. 39)
-- and the organ told who the lawyer is (Art. 36). server/domain/LAW.md says which rule uses
-- which column.

-- The judicial bureau (司法局): reads the centres under it, alone decides objections (Art. 49).
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN (
  'admin', 'clerk', 'reviewer', 'lawyer', 'supervisor', 'bureau'));

-- The applicant withdraws, or the papers never came (视为撤回, Art. 43).
ALTER TABLE cases DROP CONSTRAINT cases_status_check;
ALTER TABLE cases ADD CONSTRAINT cases_status_check CHECK (status IN (
  'submitted', 'materials_requested', 'approved', 'rejected', 'assigned', 'in_progress',
  'closed', 'terminated', 'withdrawn'));
ALTER TABLE cases
  ADD COLUMN withdrawal_kind   text CHECK (withdrawal_kind IN ('applicant', 'materials_not_supplied')),
  ADD COLUMN withdrawal_reason text,
  ADD COLUMN withdrawn_at      timestamptz;

-- Art. 31 (七): injury damages from four causes; personal_injury stays for older cases.
ALTER TABLE cases DROP CONSTRAINT cases_matter_check;
ALTER TABLE cases ADD CONSTRAINT cases_matter_check CHECK (matter IN (
  'state_compensation', 'social_insurance', 'bereavement_pension', 'support_payment',
  'labour_remuneration', 'employment_confirmation', 'incapacity_declaration', 'personal_injury',
  'environmental_damage', 'criminal_victim', 'retrial_petition', 'other', 'work_injury',
  'traffic_injury', 'food_drug_injury', 'medical_injury'));

-- Art. 33: the court decided, or ordered, a retrial, or the procuratorate protested.
ALTER TABLE cases ADD COLUMN retrial_ordered boolean NOT NULL DEFAULT false;

-- Art. 44: aid given before the decision; the papers still owed and by when.
ALTER TABLE cases
  ADD COLUMN papers_owed        text,
  ADD COLUMN papers_due         date,
  ADD COLUMN papers_received_at timestamptz;
CREATE INDEX cases_center_papers_due ON cases (center_id, papers_due)
  WHERE papers_due IS NOT NULL AND papers_received_at IS NULL;

-- Art. 36: within 3 days of assigning, the police, procuratorate or court that notified is
-- told who the lawyer is.
ALTER TABLE cases
  ADD COLUMN organ_notice_due  date,
  ADD COLUMN organ_notified_on date,
  ADD COLUMN organ_notified_by bigint REFERENCES users (id);
CREATE INDEX cases_center_organ_notice_due ON cases (center_id, organ_notice_due)
  WHERE organ_notice_due IS NOT NULL AND organ_notified_on IS NULL;

-- Art. 38: sent on to the competent centre, the whole history with it. The case takes a
-- number of its new centre; the numbers it had stay with it (never reused).
ALTER TABLE cases
  ADD COLUMN transferred_from bigint REFERENCES centers (id),
  ADD COLUMN transferred_at   timestamptz,
  ADD COLUMN transfer_reason  text,
  ADD COLUMN former_case_nos  text[] NOT NULL DEFAULT '{}';

-- Art. 39: a detained person's application, forwarded by the organ or place of custody
-- (or a duty lawyer) that received it, within 24 hours.
ALTER TABLE cases
  ADD COLUMN forwarded_by_kind   text CHECK (forwarded_by_kind IN (
                                   'detention_centre', 'prison', 'drug_rehabilitation', 'police',
                                   'procuratorate', 'court', 'duty_lawyer')),
  ADD COLUMN forwarded_by_name   text,
  ADD COLUMN custody_received_at timestamptz,
  ADD CONSTRAINT cases_forwarded_check CHECK ((forwarded_by_kind IS NULL) = (custody_received_at IS NULL));
