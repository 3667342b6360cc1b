-- The sessions' cache of every daemon (issue 15, server/store/session_cache.h) hears here of each
-- change that ends a session or changes what it may see, whoever makes it (a daemon, another
-- daemon on the same database, psql): NOTIFY legalaid_sessions, sent when the transaction
-- commits. Payload "u:<user id>" forgets that user's cached sessions; "*" forgets them all.
--   sessions deleted      sign-out, a user disabled, a password changed or reset, housekeeping
--   sessions shortened    an expiry or a last use moved earlier (not the look-up's own touch,
--                         which only moves last_seen_at later)
--   users changed         active, role, centre, password, password_change_required ...
--   lawyers changed       a profile's active flag or centre (a lawyer's session checks both)
--   centres changed       a supervisor's or admin's visible centres follow the regions
--   any of them truncated
CREATE FUNCTION legalaid_sessions_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('legalaid_sessions', '*');
    RETURN NULL;
  END IF;
  IF TG_TABLE_NAME = 'users' THEN
    PERFORM pg_notify('legalaid_sessions', 'u:' || COALESCE(OLD.id, NEW.id));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('legalaid_sessions', 'u:' || OLD.user_id);
  ELSE
    PERFORM pg_notify('legalaid_sessions', 'u:' || NEW.user_id);
    IF TG_OP = 'UPDATE' AND OLD.user_id IS DISTINCT FROM NEW.user_id THEN
      PERFORM pg_notify('legalaid_sessions', 'u:' || OLD.user_id);
    END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER sessions_notify_delete AFTER DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION legalaid_sessions_notify();
CREATE TRIGGER sessions_notify_update AFTER UPDATE ON sessions FOR EACH ROW
  WHEN (NEW.expires_at < OLD.expires_at OR NEW.last_seen_at < OLD.last_seen_at
        OR NEW.user_id IS DISTINCT FROM OLD.user_id OR NEW.token_hash IS DISTINCT FROM OLD.token_hash)
  EXECUTE FUNCTION legalaid_sessions_notify();
CREATE TRIGGER users_notify AFTER UPDATE OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION legalaid_sessions_notify();
CREATE TRIGGER lawyers_notify AFTER INSERT OR UPDATE OR DELETE ON lawyers
  FOR EACH ROW EXECUTE FUNCTION legalaid_sessions_notify();
CREATE TRIGGER centers_notify AFTER INSERT OR UPDATE OR DELETE ON centers
  FOR EACH STATEMENT EXECUTE FUNCTION legalaid_sessions_notify();
CREATE TRIGGER sessions_notify_truncate AFTER TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION legalaid_sessions_notify();
CREATE TRIGGER users_notify_truncate AFTER TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION legalaid_sessions_notify();
CREATE TRIGGER lawyers_notify_truncate AFTER TRUNCATE ON lawyers
  FOR EACH STATEMENT EXECUTE FUNCTION legalaid_sessions_notify();
