-- The serving role reads the api's views too (api_*, created again at every start after the
-- migrations, server/api/views.c): legalaid_grant_serving (0005) grants SELECT on every view
-- of the schema as well; the rest is as 0005 has it.
CREATE OR REPLACE FUNCTION legalaid_grant_serving(serving name) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  t record;
  audit text[] := ARRAY['case_events', 'pii_reads', 'security_events'];
BEGIN
  EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', serving);
  FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'schema_migrations'
  LOOP
    EXECUTE format('REVOKE ALL ON TABLE %I FROM %I', t.relname, serving);
    IF t.relname = ANY (audit) THEN
      EXECUTE format('GRANT SELECT, INSERT ON TABLE %I TO %I', t.relname, serving);
    ELSE
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE %I TO %I', t.relname, serving);
    END IF;
  END LOOP;
  FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind = 'v'
  LOOP
    EXECUTE format('REVOKE ALL ON TABLE %I FROM %I', t.relname, serving);
    EXECUTE format('GRANT SELECT ON TABLE %I TO %I', t.relname, serving);
  END LOOP;
  EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO %I', serving);
  EXECUTE format('GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO %I', serving);
  EXECUTE format('REVOKE EXECUTE ON FUNCTION legalaid_grant_serving(name) FROM %I', serving);
END $$;
REVOKE EXECUTE ON FUNCTION legalaid_grant_serving(name) FROM PUBLIC;
