-- Issue 15: a search by part of a name (GET /cases?q=秀英) that reads the newest matches first.
-- The trigram indexes (0009_b_search.sql) find every case holding the pattern, and a common name
-- has thousands (郭秀英: 4,955 of 2,000,000 cases): all of them were read from the table and
-- sorted for a page of the newest 50, so the search grew with the number of cases. Here every
-- contiguous part of each case's applicant name is a row (郭秀英: 郭, 秀, 英, 郭秀, 秀英, 郭秀英),
-- keyed by (part, case_id): a search walks the B-tree backwards from the newest case holding the
-- part and stops at a page (server/store/cases.c, store_cases_list).
--
-- Parts of up to 32 characters are kept (legalaid_name_parts): a name of any length is found by
-- any part of it up to 32 characters; a q longer than that is matched with LIKE on the cases
-- themselves, as before (NAME_PART_MAX in server/store/cases.c says the same 32). A name of n
-- characters gives at most n(n+1)/2 rows (a Chinese name of 2-4 characters: 3-10), fewer when
-- a part repeats (丽丽: 丽, 丽丽). The case-number half of a search stays on its trigram index.
--
-- Kept exact by triggers on cases, whoever writes (the daemon as the serving role, which may
-- write this table like every working table, legalaid_grant_serving; psql; the benchmarks'
-- generator): a new case's parts, once per statement (a COPY of two million cases is one
-- INSERT ... SELECT here); a name corrected, a case transferred to another centre (center_id, the
-- index of a search within one centre) or renumbered: its old rows deleted, its new ones added;
-- a case deleted: its rows deleted; cases truncated: all of them.
-- Each part once: the one that starts where the part first occurs in the name (strpos), not a
-- DISTINCT, which PostgreSQL runs as a hash table made and dropped for every case (28.8 s for
-- the parts of 400,000 cases against 1.6 s).
CREATE FUNCTION legalaid_name_parts(name text) RETURNS SETOF text LANGUAGE sql IMMUTABLE
  PARALLEL SAFE AS $$
  SELECT substr(name, i, l)
  FROM generate_series(1, char_length(name)) i,
       generate_series(1, least(char_length(name) - i + 1, 32)) l
  WHERE strpos(name, substr(name, i, l)) = i
$$;

CREATE TABLE case_name_parts (
  part      text   NOT NULL,
  case_id   bigint NOT NULL,
  center_id bigint NOT NULL
);

CREATE FUNCTION legalaid_case_name_parts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_name_parts (part, case_id, center_id)
    SELECT p.part, n.id, n.center_id FROM new_cases n, legalaid_name_parts(n.applicant_name) p(part);
  RETURN NULL;
END $$;

CREATE FUNCTION legalaid_case_name_parts_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM case_name_parts
      WHERE case_id = OLD.id AND part IN (SELECT legalaid_name_parts(OLD.applicant_name));
  END IF;
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO case_name_parts (part, case_id, center_id)
      SELECT p.part, NEW.id, NEW.center_id FROM legalaid_name_parts(NEW.applicant_name) p(part);
  END IF;
  RETURN NULL;
END $$;

-- Made before the rows below are filled in: creating it locks cases against writes until this
-- migration commits, so no case written meanwhile is missed.
CREATE TRIGGER cases_name_parts_insert AFTER INSERT ON cases
  REFERENCING NEW TABLE AS new_cases
  FOR EACH STATEMENT EXECUTE FUNCTION legalaid_case_name_parts_insert();
CREATE TRIGGER cases_name_parts_update AFTER UPDATE OF applicant_name, center_id, id ON cases
  FOR EACH ROW
  WHEN (OLD.applicant_name IS DISTINCT FROM NEW.applicant_name
        OR OLD.center_id IS DISTINCT FROM NEW.center_id OR OLD.id IS DISTINCT FROM NEW.id)
  EXECUTE FUNCTION legalaid_case_name_parts_update();
CREATE TRIGGER cases_name_parts_delete AFTER DELETE ON cases
  FOR EACH ROW EXECUTE FUNCTION legalaid_case_name_parts_update();
CREATE FUNCTION legalaid_case_name_parts_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE case_name_parts;
  RETURN NULL;
END $$;
CREATE TRIGGER cases_name_parts_truncate AFTER TRUNCATE ON cases
  FOR EACH STATEMENT EXECUTE FUNCTION legalaid_case_name_parts_truncate();

-- The cases already recorded (2,000,000 cases: 6.3 million rows, about 20 s), then the indexes:
-- the newest cases holding a part, over every centre and within one.
INSERT INTO case_name_parts (part, case_id, center_id)
  SELECT p.part, c.id, c.center_id FROM cases c, legalaid_name_parts(c.applicant_name) p(part);
ALTER TABLE case_name_parts ADD PRIMARY KEY (part, case_id);
CREATE INDEX case_name_parts_center ON case_name_parts (part, center_id, case_id);
ANALYZE case_name_parts;
