-- Issue 15: the masks of 0001_core.sql inlined into the queries that call them.
-- mask_id_number and mask_phone were SQL functions declared STRICT around a CASE, which is not
-- strict; PostgreSQL inlines a STRICT SQL function only when its body is, so it ran them as
-- functions: an executor started and stopped per call, about 2 us each, twice or more per case
-- of every list (5.9% of all the machine's time in fmgr_sql during searches at 16 connections,
-- perf -a, tests/bench/RESULTS.md). The same bodies without STRICT answer the same for every
-- value, NULL included (length(NULL) is NULL, so the ELSE's repeat gives NULL), and are inlined
-- as expressions (tests/store: masks_are_inlined).
CREATE OR REPLACE FUNCTION mask_id_number(s text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT AS $$
  SELECT CASE WHEN length(s) = 18 THEN left(s, 4) || repeat('*', 10) || right(s, 4)
              ELSE repeat('*', length(s)) END
$$;

CREATE OR REPLACE FUNCTION mask_phone(s text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE CALLED ON NULL INPUT AS $$
  SELECT CASE WHEN length(s) >= 8 THEN left(s, 3) || repeat('*', length(s) - 7) || right(s, 4)
              ELSE repeat('*', length(s)) END
$$;
