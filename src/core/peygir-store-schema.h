/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The schema, private to the store: version 1 as it was first made, then
 * each later version's changes, which a new database goes through too.
 * Moments are unix seconds; days are YYYYMMDD integers (see peygir-types.h). */

#define PEYGIR_APPLICATION_ID_PRAGMA 0x50594752 /* "PYGR" */

static const char peygir_schema_v1[] =
  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ") WITHOUT ROWID;"

  "CREATE TABLE settings ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ") WITHOUT ROWID;"

  "CREATE TABLE users ("
  "  id INTEGER PRIMARY KEY,"
  "  login TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  roles INTEGER NOT NULL,"
  "  active INTEGER NOT NULL DEFAULT 1,"
  "  created_at INTEGER NOT NULL"
  ");"

  "CREATE TABLE agencies ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  head_title TEXT NOT NULL,"
  "  response_days INTEGER NOT NULL,"
  "  active INTEGER NOT NULL DEFAULT 1"
  ");"

  "CREATE TABLE images ("
  "  key TEXT PRIMARY KEY,"
  "  data BLOB NOT NULL"
  ") WITHOUT ROWID;"

  "CREATE TABLE holidays ("
  "  id INTEGER PRIMARY KEY,"
  "  persian_month INTEGER,"
  "  persian_day INTEGER,"
  "  day INTEGER,"
  "  name TEXT NOT NULL"
  ");"

  /* Registration and letter numbers: one row per series and Persian year,
   * incremented inside the action's own write transaction. */
  "CREATE TABLE counters ("
  "  series TEXT NOT NULL,"
  "  year INTEGER NOT NULL,"
  "  value INTEGER NOT NULL,"
  "  PRIMARY KEY (series, year)"
  ") WITHOUT ROWID;"

  "CREATE TABLE cases ("
  "  id INTEGER PRIMARY KEY,"
  "  tracking_code TEXT NOT NULL UNIQUE,"
  "  reg_year INTEGER,"
  "  reg_seq INTEGER,"
  "  kind TEXT NOT NULL,"
  "  applicant_type TEXT NOT NULL,"
  "  applicant_name TEXT NOT NULL,"
  "  national_id TEXT,"
  "  mobile TEXT,"
  "  phone TEXT,"
  "  address TEXT,"
  "  postal_code TEXT,"
  "  email TEXT,"
  "  subject TEXT NOT NULL,"
  "  description TEXT NOT NULL,"
  "  category TEXT NOT NULL,"
  "  agency_id INTEGER REFERENCES agencies (id),"
  "  channel TEXT NOT NULL,"
  "  samad_code TEXT,"
  "  linked_case_id INTEGER REFERENCES cases (id),"
  "  state TEXT NOT NULL,"
  "  expert_id INTEGER REFERENCES users (id),"
  "  received_on INTEGER NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  registered_at INTEGER,"
  "  updated_at INTEGER NOT NULL,"
  "  closed_at INTEGER,"
  "  service_due INTEGER,"
  "  paused_at INTEGER,"
  "  round INTEGER NOT NULL DEFAULT 1,"
  "  version INTEGER NOT NULL DEFAULT 1,"
  "  answer_due INTEGER,"
  "  UNIQUE (reg_year, reg_seq)"
  ");"
  "CREATE INDEX cases_received ON cases (received_on, id);"
  "CREATE INDEX cases_state_received ON cases (state, received_on, id);"
  "CREATE INDEX cases_updated ON cases (updated_at, id);"
  "CREATE INDEX cases_service_due ON cases (service_due, id);"
  "CREATE INDEX cases_expert ON cases (expert_id, state);"
  "CREATE INDEX cases_agency ON cases (agency_id);"
  "CREATE INDEX cases_national_id ON cases (national_id) WHERE national_id IS NOT NULL;"
  "CREATE INDEX cases_mobile ON cases (mobile) WHERE mobile IS NOT NULL;"
  "CREATE INDEX cases_samad ON cases (samad_code) WHERE samad_code IS NOT NULL;"
  "CREATE INDEX cases_paused ON cases (id) WHERE paused_at IS NOT NULL;"
  /* Cases waiting for an agency's answer: overdue when answer_due has
   * passed. In received order for the queue, in due order for its count. */
  "CREATE INDEX cases_waiting_received ON cases (received_on, id, answer_due) WHERE answer_due IS NOT NULL;"
  "CREATE INDEX cases_answer_due ON cases (answer_due) WHERE answer_due IS NOT NULL;"
  /* the chart's count of cases past the service target, without their rows */
  "CREATE INDEX cases_service_running ON cases (state, service_due) WHERE paused_at IS NULL;"

  "CREATE TABLE referrals ("
  "  id INTEGER PRIMARY KEY,"
  "  case_id INTEGER NOT NULL REFERENCES cases (id),"
  "  agency_id INTEGER NOT NULL REFERENCES agencies (id),"
  "  round INTEGER NOT NULL,"
  "  state TEXT NOT NULL,"
  "  letter_text TEXT NOT NULL,"
  "  drafted_by INTEGER REFERENCES users (id),"
  "  drafted_at INTEGER,"
  "  approved_by INTEGER REFERENCES users (id),"
  "  approved_at INTEGER,"
  "  letter_number TEXT UNIQUE,"
  "  dispatched_at INTEGER,"
  "  due INTEGER,"
  "  answer TEXT,"
  "  answered_at INTEGER"
  ");"
  "CREATE INDEX referrals_case ON referrals (case_id, round);"
  /* the overdue queue and the print queue read these, never the whole table */
  "CREATE INDEX referrals_dispatched_due ON referrals (due, case_id) WHERE state = 'dispatched';"
  "CREATE INDEX referrals_approved ON referrals (case_id) WHERE state = 'approved';"

  "CREATE TABLE follow_ups ("
  "  id INTEGER PRIMARY KEY,"
  "  referral_id INTEGER NOT NULL REFERENCES referrals (id),"
  "  at INTEGER NOT NULL,"
  "  user_id INTEGER NOT NULL REFERENCES users (id),"
  "  previous_due INTEGER,"
  "  new_due INTEGER NOT NULL,"
  "  letter_number TEXT UNIQUE,"
  "  note TEXT"
  ");"
  "CREATE INDEX follow_ups_referral ON follow_ups (referral_id);"

  /* The outgoing-letter registry: every number issued, with what it was for. */
  "CREATE TABLE letters ("
  "  id INTEGER PRIMARY KEY,"
  "  number TEXT NOT NULL UNIQUE,"
  "  kind TEXT NOT NULL,"
  "  case_id INTEGER NOT NULL REFERENCES cases (id),"
  "  referral_id INTEGER REFERENCES referrals (id),"
  "  issued_at INTEGER NOT NULL,"
  "  issued_by INTEGER REFERENCES users (id),"
  "  pdf BLOB"
  ");"
  "CREATE INDEX letters_case ON letters (case_id);"

  "CREATE TABLE contacts ("
  "  id INTEGER PRIMARY KEY,"
  "  case_id INTEGER NOT NULL REFERENCES cases (id),"
  "  at INTEGER NOT NULL,"
  "  user_id INTEGER REFERENCES users (id),"
  "  channel TEXT NOT NULL,"
  "  note TEXT"
  ");"
  "CREATE INDEX contacts_case ON contacts (case_id);"

  "CREATE TABLE documents ("
  "  id INTEGER PRIMARY KEY,"
  "  case_id INTEGER NOT NULL REFERENCES cases (id),"
  "  name TEXT NOT NULL,"
  "  content_type TEXT NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  sha256 TEXT NOT NULL,"
  "  data BLOB NOT NULL,"
  "  added_at INTEGER NOT NULL,"
  "  added_by INTEGER REFERENCES users (id)"
  ");"
  "CREATE INDEX documents_case ON documents (case_id);"

  /* The audit log: append-only, each event's hash chained over the previous. */
  "CREATE TABLE events ("
  "  id INTEGER PRIMARY KEY,"
  "  case_id INTEGER,"
  "  at INTEGER NOT NULL,"
  "  actor_id INTEGER,"
  "  action TEXT NOT NULL,"
  "  from_state TEXT,"
  "  to_state TEXT,"
  "  note TEXT,"
  "  hash TEXT NOT NULL"
  ");"
  "CREATE INDEX events_case ON events (case_id, id);"
  "CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"

  /* Queue counts without scanning the cases: kept by triggers in the same
   * transaction as every change of state. A row a state of the workflow,
   * which the store writes right after this script (create_schema). */
  "CREATE TABLE state_counts ("
  "  state TEXT PRIMARY KEY,"
  "  n INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE TRIGGER cases_count_insert AFTER INSERT ON cases BEGIN"
  "  UPDATE state_counts SET n = n + 1 WHERE state = NEW.state;"
  "END;"
  "CREATE TRIGGER cases_count_update AFTER UPDATE OF state ON cases"
  "  WHEN OLD.state <> NEW.state BEGIN"
  "  UPDATE state_counts SET n = n - 1 WHERE state = OLD.state;"
  "  UPDATE state_counts SET n = n + 1 WHERE state = NEW.state;"
  "END;"
  "CREATE TRIGGER cases_count_delete AFTER DELETE ON cases BEGIN"
  "  UPDATE state_counts SET n = n - 1 WHERE state = OLD.state;"
  "END;"

  /* How long cases stay in each state: the stays that ended on each day
   * (Tehran), added in the transaction of the action that ends them. */
  "CREATE TABLE state_stays ("
  "  state TEXT NOT NULL,"
  "  day INTEGER NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  seconds INTEGER NOT NULL,"
  "  PRIMARY KEY (state, day)"
  ") WITHOUT ROWID;"

  /* Search: normalised text (see peygir_text_index_forms), rowid = case id. */
  "CREATE VIRTUAL TABLE case_fts USING fts5 ("
  "  applicant, subject, description, answers, extra,"
  "  tokenize = 'unicode61 remove_diacritics 2'"
  ");";

/* Version 2: letters you can trust. A number issued in error is voided
 * with its reason and stays; a follow-up says how the agency was reminded,
 * and only one by letter makes a reminder, which is approved and sent like
 * a referral; the agency's own letter number and date come with its answer;
 * a user has the title printed under their name on letters they sign. */
static const char peygir_schema_v2[] =
  "ALTER TABLE letters ADD COLUMN void_reason TEXT;"
  "ALTER TABLE letters ADD COLUMN voided_at INTEGER;"
  "ALTER TABLE letters ADD COLUMN voided_by INTEGER REFERENCES users (id);"
  "CREATE INDEX letters_issued ON letters (issued_at, id);"

  /* channel: in_person, phone, mail (a reminder letter), email.
   * reminder: NULL without a letter, else draft (awaiting the manager),
   * approved (to print and send), sent, or withdrawn (the agency answered
   * first). The signer is whoever approved it, or the expert who wrote it. */
  "ALTER TABLE follow_ups ADD COLUMN channel TEXT NOT NULL DEFAULT 'mail';"
  "ALTER TABLE follow_ups ADD COLUMN reminder TEXT;"
  "ALTER TABLE follow_ups ADD COLUMN signer_id INTEGER REFERENCES users (id);"
  "ALTER TABLE follow_ups ADD COLUMN approved_at INTEGER;"
  "UPDATE follow_ups SET reminder = 'sent',"
  "  signer_id = (SELECT approved_by FROM referrals r WHERE r.id = follow_ups.referral_id),"
  "  approved_at = at"
  "  WHERE letter_number IS NOT NULL;"
  "CREATE INDEX follow_ups_reminder_pending ON follow_ups (referral_id) WHERE reminder IN ('draft', 'approved');"

  "ALTER TABLE referrals ADD COLUMN answer_number TEXT;"
  "ALTER TABLE referrals ADD COLUMN answer_date INTEGER;"
  "ALTER TABLE referrals ADD COLUMN answer_document_id INTEGER REFERENCES documents (id);"
  "CREATE INDEX referrals_answered ON referrals (answered_at, id) WHERE answered_at IS NOT NULL;"

  "ALTER TABLE users ADD COLUMN title TEXT;";

/* Version 3: who was at the keyboard. An administrator may act for another
 * user from the command line; the event then names both, the operator
 * being part of its hash. */
static const char peygir_schema_v3[] =
  "ALTER TABLE events ADD COLUMN operator_id INTEGER REFERENCES users (id);";

/* Version 4: the cartable sorted by any of its columns. Indexes for the
 * sorts a million cases would otherwise be read whole for; the state's
 * and the deadline's expressions are the ones the store's queries spell
 * (STATE_KEY, DEADLINE_KEY in peygir-store-query.c). The agency's and the
 * expert's names are the joined tables': those sorts read the cases. */
static const char peygir_schema_v4[] =
  "CREATE INDEX cases_tracking ON cases (tracking_code, id);"
  "CREATE INDEX cases_applicant ON cases (applicant_name, id);"
  "CREATE INDEX cases_subject ON cases (subject, id);"
  "CREATE INDEX cases_state_order ON cases ("
  "  (CASE state WHEN 'received' THEN 0 WHEN 'in_review' THEN 1 WHEN 'registered' THEN 2"
  "   WHEN 'with_manager' THEN 3 WHEN 'referred' THEN 4 WHEN 'answered' THEN 5"
  "   WHEN 'rejected' THEN 6 ELSE 7 END), id);"
  "CREATE INDEX cases_deadline ON cases ((coalesce (service_due, 99999999)), id);"
  "CREATE INDEX cases_expert_received ON cases (expert_id, received_on, id);";

/* Version 5: a year's report at a million cases. Each of the report's
 * passes (peygir-store-report.c) reads an index of its own in the order it
 * pages, holding every column it needs, instead of the wide rows of cases
 * and events; the audit log is read by its moments, a referral by its
 * dispatch. IF NOT EXISTS: a file brought back to an earlier version may
 * keep them. */
static const char peygir_schema_v5[] =
  /* each expert's open and overdue cases, counted without their rows */
  "DROP INDEX IF EXISTS cases_expert;"
  "CREATE INDEX cases_expert ON cases (expert_id, state, answer_due);"
  "CREATE INDEX IF NOT EXISTS cases_report ON cases"
  "  (received_on, id, kind, channel, applicant_type, category, agency_id, state, updated_at);"
  "CREATE INDEX IF NOT EXISTS contacts_in_person ON contacts (case_id, at) WHERE channel = 'in_person';"
  "CREATE INDEX IF NOT EXISTS events_at ON events (at, id, case_id, actor_id, from_state, to_state);"
  "CREATE INDEX IF NOT EXISTS events_pauses ON events (case_id, id, action, at)"
  "  WHERE action IN ('await_documents', 'documents_received', 'notify');"
  "CREATE INDEX IF NOT EXISTS referrals_dispatched ON referrals (dispatched_at, id, agency_id, answered_at, due)"
  "  WHERE dispatched_at IS NOT NULL;";

/* Version 6: a year's report at a million cases, from figures kept as the
 * work happens (peygir-store-tally.c says what each row holds), filled
 * from the history when a file comes to this version (IF NOT EXISTS: a
 * file brought back to an earlier version may keep it). The report no
 * longer reads the history, and version 5's indexes for it go. */
static const char peygir_schema_v6[] =
  "CREATE TABLE IF NOT EXISTS report_tallies ("
  "  figure TEXT NOT NULL,"
  "  day INTEGER NOT NULL,"
  "  key TEXT NOT NULL,"
  "  a INTEGER NOT NULL,"
  "  b INTEGER NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  PRIMARY KEY (figure, day, key, a, b)"
  ") WITHOUT ROWID;"
  "DROP INDEX IF EXISTS cases_report;"
  "DROP INDEX IF EXISTS contacts_in_person;"
  "DROP INDEX IF EXISTS events_at;"
  "DROP INDEX IF EXISTS events_pauses;"
  "DROP INDEX IF EXISTS referrals_dispatched;";

/* Version 7: a window that opens without counting the cases. Each count
 * the cartable shows comes from counters the triggers below keep in the
 * transaction of every change of a case, by what its queues ask: state,
 * expert (0: nobody), letters waiting to print, a reminder waiting for
 * the manager, documents awaited. What the clock makes overdue is counted
 * by deadline day: an agency's answer due (by expert) and the service
 * target while it runs (peygir_workflow_service_clock_runs ()'s states),
 * so that a day's overdue count is a sum over the days before it. The two
 * columns the print queue and the manager's reminders read are kept from
 * the referrals (CASE_SET_FROM_REFERRALS), and the counts written from
 * the cases (_peygir_store_counts_rebuild ()), when a file comes to this
 * version. state_counts, which case_counts holds, goes. IF NOT EXISTS: a
 * file brought back to an earlier version may keep them. RUNNING stands
 * for the workflow's states whose service clock runs, written in when the
 * script is run (_peygir_store_with_running_states ()). */
#define COUNT_KEY(R) \
  R ".state, coalesce (" R ".expert_id, 0), " R ".letters_waiting IS NOT NULL," \
  " " R ".reminder_draft IS NOT NULL, " R ".paused_at IS NOT NULL"
#define SERVICE_RUNS(R) \
  R ".service_due <> 0 AND " R ".paused_at IS NULL" \
  " AND " R ".state IN (RUNNING)"
#define COUNT_ADD(R) \
  "INSERT INTO case_counts VALUES (" COUNT_KEY (R) ", 1) ON CONFLICT DO UPDATE SET n = n + 1;" \
  "INSERT INTO deadline_counts SELECT 'answer', coalesce (" R ".expert_id, 0), " R ".answer_due, " R ".state, 1" \
  "  WHERE " R ".answer_due IS NOT NULL ON CONFLICT DO UPDATE SET n = n + 1;" \
  "INSERT INTO deadline_counts SELECT 'service', 0, " R ".service_due, " R ".state, 1" \
  "  WHERE " SERVICE_RUNS (R) " ON CONFLICT DO UPDATE SET n = n + 1;"
#define COUNT_REMOVE(R) \
  "UPDATE case_counts SET n = n - 1 WHERE (state, expert_id, letters, reminders, paused) = (" COUNT_KEY (R) ");" \
  "UPDATE deadline_counts SET n = n - 1" \
  "  WHERE (clock, expert_id, day, state) = ('answer', coalesce (" R ".expert_id, 0), " R ".answer_due, " R ".state);" \
  "UPDATE deadline_counts SET n = n - 1" \
  "  WHERE (clock, expert_id, day, state) = ('service', 0, " R ".service_due, " R ".state) AND " SERVICE_RUNS (R) ";"
/* Kept apart: the bulk path sets it aside while it writes new cases, and
 * adds their counts at once (_peygir_store_counts_add_cases ()). */
#define CASES_COUNTED_INSERT \
  "CREATE TRIGGER IF NOT EXISTS cases_counted_insert AFTER INSERT ON cases BEGIN " \
  COUNT_ADD ("NEW") \
  "END;"
/* The columns, which SQLite cannot add "IF NOT EXISTS", are added before
 * this script by apply_migrations (). */
static const char peygir_schema_v7[] =
  "DROP TRIGGER IF EXISTS cases_count_insert;"
  "DROP TRIGGER IF EXISTS cases_count_update;"
  "DROP TRIGGER IF EXISTS cases_count_delete;"
  "DROP TABLE IF EXISTS state_counts;"
  "CREATE TABLE IF NOT EXISTS case_counts ("
  "  state TEXT NOT NULL,"
  "  expert_id INTEGER NOT NULL,"
  "  letters INTEGER NOT NULL,"
  "  reminders INTEGER NOT NULL,"
  "  paused INTEGER NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  PRIMARY KEY (state, expert_id, letters, reminders, paused)"
  ") WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS deadline_counts ("
  "  clock TEXT NOT NULL,"
  "  expert_id INTEGER NOT NULL,"
  "  day INTEGER NOT NULL,"
  "  state TEXT NOT NULL,"
  "  n INTEGER NOT NULL,"
  "  PRIMARY KEY (clock, expert_id, day, state)"
  ") WITHOUT ROWID;"
  CASES_COUNTED_INSERT
  "CREATE TRIGGER IF NOT EXISTS cases_counted_delete AFTER DELETE ON cases BEGIN "
  COUNT_REMOVE ("OLD")
  "END;"
  "CREATE TRIGGER IF NOT EXISTS cases_counted_update"
  "  AFTER UPDATE OF state, expert_id, letters_waiting, reminder_draft, paused_at, answer_due, service_due"
  "  ON cases WHEN OLD.state IS NOT NEW.state OR OLD.expert_id IS NOT NEW.expert_id"
  "  OR OLD.letters_waiting IS NOT NEW.letters_waiting OR OLD.reminder_draft IS NOT NEW.reminder_draft"
  "  OR OLD.paused_at IS NOT NEW.paused_at OR OLD.answer_due IS NOT NEW.answer_due"
  "  OR OLD.service_due IS NOT NEW.service_due BEGIN "
  COUNT_REMOVE ("OLD")
  COUNT_ADD ("NEW")
  "END;"
  /* the print queue, the manager's reminders and the cases waiting for
   * documents, a page at a time in the inbox's order from their own index */
  "CREATE INDEX IF NOT EXISTS cases_letters_waiting ON cases (received_on, id) WHERE letters_waiting IS NOT NULL;"
  "CREATE INDEX IF NOT EXISTS cases_reminder_draft ON cases (received_on, id) WHERE reminder_draft IS NOT NULL;"
  "DROP INDEX IF EXISTS cases_paused;"
  "CREATE INDEX cases_paused ON cases (received_on, id) WHERE paused_at IS NOT NULL;"
  /* an expert's queue of one state, newest first: its first page reads its
   * 50 cases, not every case of the expert down to the 50th in that state
   * (still counted without their rows, with answer_due) */
  "DROP INDEX IF EXISTS cases_expert;"
  "CREATE INDEX cases_expert ON cases (expert_id, state, received_on, id, answer_due);";
static const char peygir_cases_counted_insert[] = CASES_COUNTED_INSERT;
#undef CASES_COUNTED_INSERT
#undef COUNT_KEY
#undef SERVICE_RUNS
#undef COUNT_ADD
#undef COUNT_REMOVE
