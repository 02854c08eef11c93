-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- The cartable's counts without counting the cases, on a server (version 7;
-- what each row holds: peygir_schema_v7 in peygir-store-schema.h), kept in
-- the transaction of every change of a case. Run after
-- peygir-schema-server.sql by a new server's schema, and by the migration
-- of a server to version 7, which also fills them. RUNNING stands for the
-- workflow's states whose service clock runs, written in when it is run.
CREATE TABLE IF NOT EXISTS case_counts (
  state text NOT NULL,
  expert_id bigint NOT NULL,
  letters integer NOT NULL,
  reminders integer NOT NULL,
  paused integer NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (state, expert_id, letters, reminders, paused)
);
CREATE TABLE IF NOT EXISTS deadline_counts (
  clock text NOT NULL,
  expert_id bigint NOT NULL,
  day integer NOT NULL,
  state text NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (clock, expert_id, day, state)
);
-- Only the rows whose key changed are written: inside one long transaction
-- (the demo's batches) every update of a row leaves a version that the next
-- one walks past.
CREATE OR REPLACE FUNCTION peygir_count_cases () RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  updating boolean := TG_OP = 'UPDATE';
  old_runs boolean := TG_OP <> 'INSERT' AND coalesce (OLD.service_due <> 0 AND OLD.paused_at IS NULL
                      AND OLD.state IN (RUNNING), false);
  new_runs boolean := TG_OP <> 'DELETE' AND coalesce (NEW.service_due <> 0 AND NEW.paused_at IS NULL
                      AND NEW.state IN (RUNNING), false);
  counted boolean := NOT updating OR OLD.state IS DISTINCT FROM NEW.state
                     OR OLD.expert_id IS DISTINCT FROM NEW.expert_id
                     OR (OLD.letters_waiting IS NULL) <> (NEW.letters_waiting IS NULL)
                     OR (OLD.reminder_draft IS NULL) <> (NEW.reminder_draft IS NULL)
                     OR (OLD.paused_at IS NULL) <> (NEW.paused_at IS NULL);
  answer boolean := NOT updating OR OLD.answer_due IS DISTINCT FROM NEW.answer_due
                    OR OLD.expert_id IS DISTINCT FROM NEW.expert_id OR OLD.state IS DISTINCT FROM NEW.state;
  service boolean := NOT updating OR old_runs <> new_runs
                     OR OLD.service_due IS DISTINCT FROM NEW.service_due OR OLD.state IS DISTINCT FROM NEW.state;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    IF counted THEN
      UPDATE case_counts SET n = n - 1
        WHERE (state, expert_id, letters, reminders, paused)
              = (OLD.state, coalesce (OLD.expert_id, 0), (OLD.letters_waiting IS NOT NULL)::integer,
                 (OLD.reminder_draft IS NOT NULL)::integer, (OLD.paused_at IS NOT NULL)::integer);
    END IF;
    IF answer AND OLD.answer_due IS NOT NULL THEN
      UPDATE deadline_counts SET n = n - 1
        WHERE (clock, expert_id, day, state) = ('answer', coalesce (OLD.expert_id, 0), OLD.answer_due, OLD.state);
    END IF;
    IF service AND old_runs THEN
      UPDATE deadline_counts SET n = n - 1
        WHERE (clock, expert_id, day, state) = ('service', 0, OLD.service_due, OLD.state);
    END IF;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    IF counted THEN
      INSERT INTO case_counts
        VALUES (NEW.state, coalesce (NEW.expert_id, 0), (NEW.letters_waiting IS NOT NULL)::integer,
                (NEW.reminder_draft IS NOT NULL)::integer, (NEW.paused_at IS NOT NULL)::integer, 1)
        ON CONFLICT (state, expert_id, letters, reminders, paused) DO UPDATE SET n = case_counts.n + 1;
    END IF;
    IF answer AND NEW.answer_due IS NOT NULL THEN
      INSERT INTO deadline_counts VALUES ('answer', coalesce (NEW.expert_id, 0), NEW.answer_due, NEW.state, 1)
        ON CONFLICT (clock, expert_id, day, state) DO UPDATE SET n = deadline_counts.n + 1;
    END IF;
    IF service AND new_runs THEN
      INSERT INTO deadline_counts VALUES ('service', 0, NEW.service_due, NEW.state, 1)
        ON CONFLICT (clock, expert_id, day, state) DO UPDATE SET n = deadline_counts.n + 1;
    END IF;
  END IF;
  RETURN NULL;
END;
$$;
CREATE OR REPLACE TRIGGER cases_count_rows AFTER INSERT OR DELETE ON cases
  FOR EACH ROW EXECUTE FUNCTION peygir_count_cases ();
CREATE OR REPLACE TRIGGER cases_count_update
  AFTER UPDATE OF state, expert_id, letters_waiting, reminder_draft, paused_at, answer_due, service_due ON cases
  FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.expert_id IS DISTINCT FROM NEW.expert_id
                     OR OLD.letters_waiting IS DISTINCT FROM NEW.letters_waiting
                     OR OLD.reminder_draft IS DISTINCT FROM NEW.reminder_draft
                     OR OLD.paused_at IS DISTINCT FROM NEW.paused_at
                     OR OLD.answer_due IS DISTINCT FROM NEW.answer_due
                     OR OLD.service_due IS DISTINCT FROM NEW.service_due)
  EXECUTE FUNCTION peygir_count_cases ();
