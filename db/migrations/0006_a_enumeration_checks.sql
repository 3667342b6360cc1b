-- Every stored enumeration has a CHECK constraint listing its values, arrays of them too, so
-- that the store_schema suite can compare each with its list in server/domain/enums.h.
ALTER TABLE cases
  ADD CONSTRAINT cases_criminal_grounds_check CHECK (criminal_grounds <@ ARRAY[
    'minor', 'sensory_disability', 'mental_capacity', 'life_or_death_penalty', 'death_review',
    'in_absentia', 'compulsory_treatment']::text[]),
  ADD CONSTRAINT cases_exemptions_check CHECK (exemptions <@ ARRAY[
    'martyr_relative', 'bravery', 'retrial_compensation', 'abuse_victim', 'no_fixed_income',
    'social_assistance', 'judicial_assistance', 'veteran_benefits']::text[]),
  ADD CONSTRAINT cases_groups_check CHECK (groups <@ ARRAY[
    'minor', 'elderly', 'woman', 'ethnic_minority', 'migrant_worker', 'disabled', 'military',
    'low_income']::text[]),
  ADD CONSTRAINT cases_flagged_groups_check CHECK (flagged_groups <@ ARRAY[
    'minor', 'elderly', 'woman', 'ethnic_minority', 'migrant_worker', 'disabled', 'military',
    'low_income']::text[]),
  ADD CONSTRAINT cases_deadline_mode_check CHECK (deadline_mode IN (
    'calendar_days', 'working_days'));

ALTER TABLE lawyers
  ADD CONSTRAINT lawyers_specialties_check CHECK (specialties <@ ARRAY[
    'criminal_defense', 'criminal_victim', 'plea_help', 'civil', 'administrative',
    'labor_arbitration', 'state_compensation', 'notarization', 'document_drafting']::text[]);

ALTER TABLE case_assignments
  ADD CONSTRAINT case_assignments_end_reason_check CHECK (end_reason IN (
    'replaced', 'declined', 'terminated', 'closed'));
