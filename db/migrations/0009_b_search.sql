-- Search by any part of a name or case number (GET /cases?q=建华 finds 郭建华): trigram indexes,
-- which serve LIKE '%…%' from three characters on (shorter queries scan the centre's cases).
-- pg_trgm ships in postgresql-contrib and is a trusted extension: the database's owner may
-- create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX cases_applicant_name_trgm ON cases USING gin (applicant_name gin_trgm_ops);
CREATE INDEX cases_case_no_trgm ON cases USING gin (case_no gin_trgm_ops);
