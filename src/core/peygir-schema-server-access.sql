-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Who may do what on a PostgreSQL server. Run after peygir-schema-server.sql
-- by the role that creates the database's tables (its owner), who keeps
-- every right and may act for anyone (peygir-admin init, migrate, demo).
-- Everyone else connects as their own role and is a desk:
--
--  * each of Peygir's roles has a group role named after the database
--    (DATABASE_expert, …), made and granted by peygir_grant_group, which the
--    store calls for every role it knows;
--  * desks read everything and write only what the actions write; nobody
--    but the owner may change or delete an event;
--  * an event's actor is the role connected (session_user), whatever the
--    client claims;
--  * a change to a case, a referral, a letter, a user… is refused at commit
--    unless the same transaction recorded its event, so that a desk cannot
--    edit a row with psql behind the app's back;
--  * user administration grants and revokes the group roles
--    (peygir_set_membership), with the owner's rights.

-- The owner of the database, or a superuser: trusted as a file is.
CREATE FUNCTION peygir_is_owner () RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
  SELECT r.rolsuper OR pg_has_role (session_user, d.datdba, 'MEMBER')
    FROM pg_roles r, pg_database d
   WHERE r.rolname = session_user AND d.datname = current_database ()
$$;

CREATE FUNCTION peygir_group_role (peygir_role text) RETURNS text
  LANGUAGE sql STABLE AS $$
  SELECT current_database () || '_' || peygir_role
$$;

-- The transactions that recorded an event, until no one can see them run.
CREATE UNLOGGED TABLE peygir_acting (
  xact xid8 PRIMARY KEY
);

CREATE FUNCTION peygir_events_actor () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  me bigint;
BEGIN
  SELECT id INTO me FROM users WHERE login = session_user::text AND active <> 0;
  IF me IS NULL THEN
    RAISE EXCEPTION 'the role % is not an active user of Peygir', session_user
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.actor_id IS DISTINCT FROM me OR NEW.operator_id IS NOT NULL THEN
    RAISE EXCEPTION 'an event''s actor is the role connected, %', session_user
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  DELETE FROM peygir_acting WHERE xact < pg_snapshot_xmin (pg_current_snapshot ());
  INSERT INTO peygir_acting (xact) VALUES (pg_current_xact_id ()) ON CONFLICT DO NOTHING;
  RETURN NEW;
END;
$$;
CREATE TRIGGER events_actor BEFORE INSERT ON events
  FOR EACH ROW WHEN (NOT peygir_is_owner ()) EXECUTE FUNCTION peygir_events_actor ();

CREATE FUNCTION peygir_needs_event () RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM peygir_acting WHERE xact = pg_current_xact_id ()) THEN
    RAISE EXCEPTION 'a change to % is made by an action, which records its event', TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END;
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['cases', 'referrals', 'follow_ups', 'contacts', 'documents',
                           'users', 'agencies', 'settings', 'holidays', 'images', 'meta', 'counters'] LOOP
    EXECUTE format ('CREATE CONSTRAINT TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I'
                    ' DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NOT peygir_is_owner ())'
                    ' EXECUTE FUNCTION peygir_needs_event ()', t || '_need_event', t);
  END LOOP;
END;
$$;

-- A letter as it was sent is kept after it is printed, in a transaction of
-- its own (peygir_store_keep_letter_pdf): once, and never changed after.
CREATE CONSTRAINT TRIGGER letters_need_event
  AFTER INSERT OR DELETE OR UPDATE OF number, kind, case_id, referral_id, issued_at, issued_by,
                                      void_reason, voided_at, voided_by ON letters
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NOT peygir_is_owner ())
  EXECUTE FUNCTION peygir_needs_event ();

CREATE FUNCTION peygir_letters_kept_once () RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.pdf IS NOT NULL AND NEW.pdf IS DISTINCT FROM OLD.pdf THEN
    RAISE EXCEPTION 'letter % as it was sent is kept already', OLD.number
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER letters_kept_once BEFORE UPDATE OF pdf ON letters
  FOR EACH ROW WHEN (NOT peygir_is_owner ()) EXECUTE FUNCTION peygir_letters_kept_once ();

-- The counts follow every desk's change of a case, which desks may not
-- write themselves.
ALTER FUNCTION peygir_count_cases () SECURITY DEFINER SET search_path FROM CURRENT;

-- Nobody but the owner connects unless a group role lets them.
DO $$
BEGIN
  EXECUTE format ('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database ());
END;
$$;

-- The group role of one of Peygir's roles, made when missing, and what it
-- may do; @administers adds users, agencies, holidays and settings.
CREATE FUNCTION peygir_grant_group (peygir_role text, administers boolean) RETURNS void
  LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  g text := peygir_group_role (peygir_role);
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = g) THEN
    BEGIN
      EXECUTE format ('CREATE ROLE %I NOLOGIN', g);
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;  -- another database's init made it meanwhile
    END;
  END IF;
  EXECUTE format ('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', current_database (), g);
  EXECUTE format ('GRANT USAGE ON SCHEMA %I TO %I', current_schema (), g);
  EXECUTE format ('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I', current_schema (), g);
  EXECUTE format ('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', current_schema (), g);
  EXECUTE format ('REVOKE SELECT ON peygir_acting FROM %I', g);
  EXECUTE format ('GRANT INSERT ON events, cases, referrals, follow_ups, letters, contacts, documents,'
                  ' case_search, counters, state_stays, report_tallies, meta TO %I', g);
  EXECUTE format ('GRANT UPDATE ON cases, referrals, follow_ups, letters, documents, case_search,'
                  ' counters, state_stays, report_tallies, meta TO %I', g);
  EXECUTE format ('GRANT DELETE ON case_search, report_tallies TO %I', g);
  -- one's own name and title (the store lets no one write another's)
  EXECUTE format ('GRANT UPDATE (name, title) ON users TO %I', g);
  IF administers THEN
    EXECUTE format ('GRANT INSERT, UPDATE ON users, agencies, settings, holidays, images TO %I', g);
    EXECUTE format ('GRANT DELETE ON holidays, images TO %I', g);
    EXECUTE format ('GRANT EXECUTE ON FUNCTION peygir_set_membership (text, text[], text[]) TO %I', g);
  END IF;
END;
$$;

-- Who holds which group roles: @login's role is made (to log in as the
-- server's pg_hba.conf says) when missing, given the groups of @granted and
-- taken out of those of @revoked. With the owner's rights, for
-- administrators only.
CREATE FUNCTION peygir_set_membership (login text, granted text[], revoked text[]) RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
  r text;
  member boolean;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
    BEGIN
      EXECUTE format ('CREATE ROLE %I LOGIN', login);
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;  -- another database made it meanwhile
    END;
  END IF;
  FOREACH r IN ARRAY granted || revoked LOOP
    member := EXISTS (SELECT 1 FROM pg_auth_members m
                        JOIN pg_roles g ON g.oid = m.roleid
                        JOIN pg_roles u ON u.oid = m.member
                       WHERE g.rolname = peygir_group_role (r) AND u.rolname = login);
    IF r = ANY (granted) AND NOT member THEN
      EXECUTE format ('GRANT %I TO %I', peygir_group_role (r), login);
    ELSIF NOT r = ANY (granted) AND member THEN
      EXECUTE format ('REVOKE %I FROM %I', peygir_group_role (r), login);
    END IF;
  END LOOP;
END;
$$;
REVOKE ALL ON FUNCTION peygir_set_membership (text, text[], text[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION peygir_grant_group (text, boolean) FROM PUBLIC;
