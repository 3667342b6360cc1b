-- Issue 15: an intake's name parts written before its number is taken.
-- An intake holds its centre's counter row (case_counters) from the number's UPDATE until its
-- commit, so intakes into one centre pass one at a time through that window. The insert trigger
-- of 0011_a_name_parts.sql wrote the name's parts (3-10 rows, each in two indexes) inside it,
-- and intakes into one centre fell from 546 to 309-354 a second (tests/bench/RESULTS.md).
-- The daemon now writes a new case's parts in the same transaction but before the number
-- (server/store/cases.c, q_case_parts), under the id it takes first; the trigger then only looks
-- once per case whether its parts are there (its first part, the name's first 32 characters,
-- which every name of one character or more has) and writes those of every case that has none:
-- any other writer (psql, the benchmarks' generator, an older daemon) is kept exact as before.
-- A case whose name gives no parts (an empty name) has none to write either way.
CREATE OR REPLACE FUNCTION legalaid_case_name_parts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_name_parts (part, case_id, center_id)
    SELECT p.part, n.id, n.center_id
    FROM (SELECT n.id, n.center_id, n.applicant_name FROM new_cases n
          WHERE NOT EXISTS (SELECT 1 FROM case_name_parts x
                            WHERE x.part = left(n.applicant_name, 32) AND x.case_id = n.id)
          OFFSET 0) n,
         legalaid_name_parts(n.applicant_name) p(part);
  RETURN NULL;
END $$;
