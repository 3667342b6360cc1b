-- A case transferred to another centre takes that centre's number and keeps the ones it had in
-- former_case_nos (0007_a_law.sql). The applicant's receipt bears the number it had then, so a
-- search by part of a case number (GET /cases?q=) looks in the former numbers too.
-- legalaid_former_nos: the former numbers as one text, for LIKE and a trigram index (an index
-- wants an immutable expression: array_to_string is stable only because other element types'
-- output may depend on settings, which text's does not). Partial indexes: few cases are ever
-- transferred, and the search asks for former_case_nos <> '{}' before it reads them.
CREATE FUNCTION legalaid_former_nos(nos text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT array_to_string(nos, ' ') $$;
CREATE INDEX cases_former_nos_trgm ON cases USING gin (legalaid_former_nos(former_case_nos) gin_trgm_ops)
  WHERE former_case_nos <> '{}';
CREATE INDEX cases_former_nos ON cases (id) WHERE former_case_nos <> '{}';
