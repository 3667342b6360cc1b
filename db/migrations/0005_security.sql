-- Issue 10: accounts get a life cycle, usernames are unique regardless of case, sign-in
-- throttling counts before it checks, searches by resident ID or phone are recorded, amounts
-- are bounded, and the audit tables can only be added to by the serving role.

-- ---- usernames, unique regardless of letter case ----
-- Look-alikes created before this migration (ROOT_ADMIN beside root_admin) keep their rows but
-- not their name: every one but the oldest is renamed <name>-dup<id>, disabled, and recorded.
WITH dup AS (
  SELECT id, username FROM (
    SELECT id, username, row_number() OVER (PARTITION BY lower(username) ORDER BY id) AS n
    FROM users) x
  WHERE n > 1),
 renamed AS (
  UPDATE users u SET username = left(u.username, 50) || '-dup' || u.id, active = false
  FROM dup WHERE u.id = dup.id RETURNING u.id, dup.username AS old_name)
INSERT INTO security_events (kind, username, user_id, detail)
SELECT 'username_lookalike_renamed', old_name, id, 'renamed by migration 0005' FROM renamed;
CREATE UNIQUE INDEX users_username_ci ON users (lower(username));

-- ---- the account life cycle (PATCH /users/{id}, password reset, PUT /me/password) ----
ALTER TABLE users
  ADD COLUMN password_change_required boolean NOT NULL DEFAULT false,
  ADD COLUMN password_changed_at      timestamptz,
  ADD COLUMN updated_at               timestamptz,
  ADD COLUMN updated_by               bigint REFERENCES users (id);

-- ---- sign-in throttling: (user, address) hard, the user softly ----
-- One row per key: 'pair:<user>|<address>' locks for 15 minutes after 5 failures; 'user:<user>'
-- only spaces the attempts out (a growing delay). An attempt is counted before the password is
-- checked (login_attempt, one statement) and the count undone when it succeeds, so parallel
-- guesses cannot pass between the check and the count.
ALTER TABLE login_throttle ADD COLUMN last_at timestamptz;

-- login_attempt(pair, user, pair_limit, window_s, lock_s, soft_after, max_delay_s):
-- 0 when the attempt may go ahead (and is counted), else the seconds to wait (> 0).
CREATE FUNCTION login_attempt(pair_key text, user_key text, pair_limit int, window_s int,
                              lock_s int, soft_after int, max_delay_s int)
  RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  p login_throttle%ROWTYPE;
  u login_throttle%ROWTYPE;
  wait_s int := 0;
  delay_s int;
BEGIN
  INSERT INTO login_throttle (key, failures, window_start) VALUES (pair_key, 0, now()), (user_key, 0, now())
    ON CONFLICT (key) DO NOTHING;
  -- Rows locked in key order: two attempts never wait for each other crosswise.
  PERFORM 1 FROM login_throttle WHERE key IN (pair_key, user_key) ORDER BY key FOR UPDATE;
  SELECT * INTO p FROM login_throttle WHERE key = pair_key;
  SELECT * INTO u FROM login_throttle WHERE key = user_key;
  IF p.window_start < now() - make_interval(secs => window_s)
     AND (p.locked_until IS NULL OR p.locked_until < now()) THEN
    p.failures := 0; p.window_start := now(); p.locked_until := NULL;
  END IF;
  IF u.window_start < now() - make_interval(secs => window_s) THEN
    u.failures := 0; u.window_start := now();
  END IF;
  IF p.locked_until > now() THEN
    wait_s := ceil(extract(epoch FROM p.locked_until - now()))::int;
  ELSIF u.failures >= soft_after AND u.last_at IS NOT NULL THEN
    delay_s := least(max_delay_s, power(2, least(u.failures - soft_after, 20))::int);
    IF u.last_at + make_interval(secs => delay_s) > now() THEN
      wait_s := greatest(1, ceil(extract(epoch FROM u.last_at + make_interval(secs => delay_s) - now()))::int);
    END IF;
  END IF;
  IF wait_s > 0 THEN
    RETURN wait_s;
  END IF;
  UPDATE login_throttle SET failures = p.failures + 1, window_start = p.window_start, last_at = now(),
    locked_until = CASE WHEN p.failures + 1 >= pair_limit THEN now() + make_interval(secs => lock_s) END
    WHERE key = pair_key;
  UPDATE login_throttle SET failures = u.failures + 1, window_start = u.window_start, last_at = now()
    WHERE key = user_key;
  RETURN 0;
END $$;

-- ---- a shipped list of common passwords (db/reference/60_common_passwords.sql) ----
CREATE TABLE common_passwords (
  password text PRIMARY KEY,
  source   text NOT NULL
);

-- ---- searches by resident ID or phone are recorded beside the reads ----
ALTER TABLE pii_reads ALTER COLUMN case_id DROP NOT NULL;
ALTER TABLE pii_reads
  ADD COLUMN purpose   text NOT NULL DEFAULT 'case_read',
  ADD COLUMN term      text,   -- the searched value, masked as lists show it
  ADD COLUMN client_ip text;
CREATE INDEX pii_reads_user_at ON pii_reads (user_id, at);

-- ---- every amount bounded: 0 <= fen <= 10^10 per cell or claim (API.md 1.1) ----
-- NOT VALID: enforced for every new or changed row; rows from before are left as they are.
ALTER TABLE subsidy_cells ADD CONSTRAINT subsidy_cells_max_bound CHECK (max_fen <= 10000000000) NOT VALID;
ALTER TABLE subsidy_addons
  ADD CONSTRAINT subsidy_addons_bound CHECK (amount_fen <= 10000000000 AND cap_fen <= 10000000000) NOT VALID;
ALTER TABLE subsidy_claims
  ADD CONSTRAINT subsidy_claims_bound CHECK (amount_fen <= 10000000000 AND addons_fen <= 10000000000
                                             AND total_fen <= 10000000000) NOT VALID;

-- ---- the serving role (README, deploy/postgresql/README.md) ----
-- The schema's owner migrates; the daemon serves as another role, granted here after every
-- start's migrations: rows of the working tables it may read and write, the audit tables
-- (case_events, pii_reads, security_events) it may only read and add to. Called by the owner.
CREATE FUNCTION legalaid_grant_serving(serving name) RETURNS void LANGUAGE plpgsql AS $$
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
  EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO %I', serving);
  EXECUTE format('GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO %I', serving);
  EXECUTE format('REVOKE EXECUTE ON FUNCTION legalaid_grant_serving(name) FROM %I', serving);
END $$;
REVOKE EXECUTE ON FUNCTION legalaid_grant_serving(name) FROM PUBLIC;
