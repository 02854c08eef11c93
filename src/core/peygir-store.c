/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-store"

/* The store itself: opening a file, creating and migrating its schema,
 * transactions and batches, and the GObject. The subjects are in the
 * peygir-store-*.c files beside it; all go through peygir-db. */

#include <errno.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "peygir-clock.h"
#include "peygir-error.h"
#include "peygir-store-private.h"
#include "peygir-store-schema.h"

G_DEFINE_FINAL_TYPE (PeygirStore, peygir_store, G_TYPE_OBJECT)

GPtrArray *
_peygir_store_collect_rows (PeygirStore        *self,
                            PeygirDbStatement  *stmt,
                            RowFunc             from_row,
                            GDestroyNotify      free_row,
                            GError            **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_row);
  PeygirDbResult rc;

  while ((rc = peygir_db_step (stmt)) == PEYGIR_DB_ROW)
    g_ptr_array_add (rows, from_row (stmt));
  if (rc != PEYGIR_DB_DONE)
    {
      peygir_db_set_error (self->db, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

gboolean
_peygir_store_step_expect (PeygirStore        *self,
                           PeygirDbStatement  *stmt,
                           PeygirDbResult      expect,
                           GError            **error,
                           GQuark              domain,
                           int                 code,
                           const char         *format,
                           ...)
{
  PeygirDbResult rc = peygir_db_step (stmt);
  PeygirDbResult miss = expect == PEYGIR_DB_ROW ? PEYGIR_DB_DONE : PEYGIR_DB_DUPLICATE;
  va_list args;

  if (rc == expect)
    return TRUE;
  if (rc != miss)
    return peygir_db_set_error (self->db, error);
  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (domain, code, format, args));
  va_end (args);
  return FALSE;
}

gint64
_peygir_store_step_count (PeygirStore        *self,
                          PeygirDbStatement  *stmt,
                          GError            **error)
{
  if (peygir_db_step (stmt) != PEYGIR_DB_ROW)
    {
      peygir_db_set_error (self->db, error);
      return -1;
    }
  return peygir_db_column_int64 (stmt, 0);
}

gboolean
_peygir_store_read_between (PeygirStore   *self,
                            const char    *sql,
                            gint64         first,
                            gint64         last,
                            StoreRowFunc   row,
                            gpointer       data,
                            GError       **error)
{
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":first"), first);
  peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":last"), last);
  while ((rc = peygir_db_step (stmt)) == PEYGIR_DB_ROW)
    row (stmt, data);
  if (rc != PEYGIR_DB_DONE)
    return peygir_db_set_error (self->db, error);
  return TRUE;
}

/* Transactions. One per call; in a batch, savepoints inside the batch's
 * transaction, so that a failed action still undoes only itself. */

/* A statement without rows, prepared once (the batch's savepoints run
 * once per action: parsing them each time shows in the profile). */
static gboolean
run_cached (PeygirStore  *self,
            const char   *sql,
            GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, sql, error);

  return stmt != NULL && peygir_db_step_done (stmt, error);
}

gboolean
_peygir_store_tx_begin (PeygirStore  *self,
                        gboolean      write,
                        GError      **error)
{
  if (self->batch_depth > 0)
    {
      self->savepoint_head_id = self->head_id;
      g_free (self->savepoint_head_hash);
      self->savepoint_head_hash = g_strdup (self->head_hash);
      return run_cached (self, "SAVEPOINT peygir_action", error);
    }

  if (write && self->read_only)
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_READ_ONLY,
                   _("The database can only be read: the file or its folder is not writable."));
      return FALSE;
    }
  return peygir_db_begin (self->db, write, error);
}

static void
tx_rollback (PeygirStore *self)
{
  if (self->batch_depth > 0)
    {
      run_cached (self, "ROLLBACK TO peygir_action", NULL);
      run_cached (self, "RELEASE peygir_action", NULL);
      /* the batch's first action may have cached the head before it failed */
      self->head_cached = self->savepoint_head_hash != NULL;
      self->head_id = self->savepoint_head_id;
      g_free (self->head_hash);
      self->head_hash = g_steal_pointer (&self->savepoint_head_hash);
      return;
    }
  peygir_db_rollback (self->db);
}

static gboolean
tx_commit (PeygirStore  *self,
           GError      **error)
{
  if (self->batch_depth > 0)
    return run_cached (self, "RELEASE peygir_action", error);
  return peygir_db_commit (self->db, error);
}

gboolean
_peygir_store_tx_end (PeygirStore  *self,
                      gboolean      ok,
                      GError      **error)
{
  if (!ok)
    {
      tx_rollback (self);
      return FALSE;
    }
  return tx_commit (self, error);
}

gint64
_peygir_store_now (PeygirStore *self)
{
  if (self->batch_depth > 0 && self->batch_time != 0)
    return self->batch_time;
  return peygir_clock_now ();
}

PeygirDay
_peygir_store_today (void)
{
  return peygir_day_from_unix (peygir_clock_now ());
}

/* Schema, creation and migration. */

/* The changes from each version to the next (migrations[v] takes a
 * database from v to v + 1). A new database is made at version 1 and goes
 * through them too, so that it is the same as one brought up to date. */
static const char * const migrations[PEYGIR_SCHEMA_VERSION] = {
  [1] = peygir_schema_v2,
  [2] = peygir_schema_v3,
  [3] = peygir_schema_v4,
  [4] = peygir_schema_v5,
  [5] = peygir_schema_v6,
  [6] = peygir_schema_v7,
};

char *
_peygir_store_counted_insert_trigger (void)
{
  return _peygir_store_with_running_states (peygir_cases_counted_insert);
}

/* The same for a database on a server, which began at version 3: a later
 * version writes its change here too, in the server's SQL. */
#define SERVER_FIRST_VERSION 3
/* The version peygir-schema-server.sql makes: always the current one. */
#define SERVER_SCRIPT_VERSION 7
/* Version 5's indexes for the report, the same as on a file. */
#define SERVER_REPORT_INDEXES \
  "DROP INDEX IF EXISTS cases_expert;" \
  "CREATE INDEX cases_expert ON cases (expert_id, state, answer_due);" \
  "CREATE INDEX IF NOT EXISTS cases_report ON cases" \
  "  (received_on, id, kind, channel, applicant_type, category, agency_id, state, updated_at);" \
  "CREATE INDEX IF NOT EXISTS contacts_in_person ON contacts (case_id, at) WHERE channel = 'in_person';" \
  "CREATE INDEX IF NOT EXISTS events_at ON events (at, id, case_id, actor_id, from_state, to_state);" \
  "CREATE INDEX IF NOT EXISTS events_pauses ON events (case_id, id, action, at)" \
  "  WHERE action IN ('await_documents', 'documents_received', 'notify');" \
  "CREATE INDEX IF NOT EXISTS referrals_dispatched ON referrals (dispatched_at, id, agency_id, answered_at, due)" \
  "  WHERE dispatched_at IS NOT NULL;"
static const char * const server_migrations[PEYGIR_SCHEMA_VERSION] = {
  [3] =
    "CREATE INDEX cases_tracking ON cases (tracking_code COLLATE \"C\", id);"
    "CREATE INDEX cases_applicant ON cases (applicant_name COLLATE \"C\", id);"
    "CREATE INDEX cases_subject ON cases (subject COLLATE \"C\", id);"
    "CREATE INDEX cases_state_order ON cases ("
    "  (CASE state WHEN 'received' THEN 0 WHEN 'in_review' THEN 1 WHEN 'registered' THEN 2"
    "   WHEN 'with_manager' THEN 3 WHEN 'referred' THEN 4 WHEN 'answered' THEN 5"
    "   WHEN 'rejected' THEN 6 ELSE 7 END), id);"
    "CREATE INDEX cases_deadline ON cases ((coalesce (service_due, 99999999)), id);"
    "CREATE INDEX cases_expert_received ON cases (expert_id, received_on, id);",
  [4] = SERVER_REPORT_INDEXES,
  [5] =
    "CREATE TABLE IF NOT EXISTS report_tallies ("
    "  figure text NOT NULL,"
    "  day integer NOT NULL,"
    "  key text NOT NULL,"
    "  a bigint NOT NULL,"
    "  b bigint NOT NULL,"
    "  n bigint NOT NULL,"
    "  PRIMARY KEY (figure, day, key, a, b)"
    ");"
    "DROP INDEX IF EXISTS cases_report;"
    "DROP INDEX IF EXISTS contacts_in_person;"
    "DROP INDEX IF EXISTS events_at;"
    "DROP INDEX IF EXISTS events_pauses;"
    "DROP INDEX IF EXISTS referrals_dispatched;",
  /* and then peygir-schema-server-counts.sql (migrate ()) */
  [6] =
    "ALTER TABLE cases ADD COLUMN IF NOT EXISTS letters_waiting integer;"
    "ALTER TABLE cases ADD COLUMN IF NOT EXISTS reminder_draft integer;"
    "DROP TRIGGER IF EXISTS cases_count_rows ON cases;"
    "DROP TRIGGER IF EXISTS cases_count_update ON cases;"
    "DROP FUNCTION IF EXISTS peygir_count_states ();"
    "DROP TABLE IF EXISTS state_counts;"
    "CREATE INDEX IF NOT EXISTS cases_letters_waiting ON cases (received_on, id) WHERE letters_waiting IS NOT NULL;"
    "CREATE INDEX IF NOT EXISTS cases_reminder_draft ON cases (received_on, id) WHERE reminder_draft IS NOT NULL;"
    "DROP INDEX IF EXISTS cases_paused;"
    "CREATE INDEX cases_paused ON cases (received_on, id) WHERE paused_at IS NOT NULL;"
    "DROP INDEX IF EXISTS cases_expert;"
    "CREATE INDEX cases_expert ON cases (expert_id, state, received_on, id, answer_due);",
};

/* Version 7's columns of the cases on a file, unless it has them: SQLite
 * adds no column "IF NOT EXISTS". */
static gboolean
add_kept_columns (PeygirStore  *self,
                  GError      **error)
{
  static const char * const columns[] = { "letters_waiting", "reminder_draft" };
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  if (!peygir_db_list_columns (self->db, "cases", names, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    if (!g_ptr_array_find_with_equal_func (names, columns[i], g_str_equal, NULL))
      {
        g_autofree char *sql = g_strdup_printf ("ALTER TABLE cases ADD COLUMN %s INTEGER", columns[i]);

        if (!peygir_db_exec (self->db, sql, error))
          return FALSE;
      }
  return TRUE;
}

static gboolean
apply_migrations (PeygirStore  *self,
                  int           from_version,
                  int           to_version,
                  GError      **error)
{
  const char * const *steps = self->server ? server_migrations : migrations;

  for (int v = from_version; v < to_version; v++)
    {
      g_autofree char *step = steps[v] != NULL ? _peygir_store_with_running_states (steps[v]) : NULL;

      if ((v == 6 && !self->server && !add_kept_columns (self, error))
          || (step != NULL && !peygir_db_exec (self->db, step, error)))
        return FALSE;
    }
  return TRUE;
}

/* Every state of the workflow starts with no cases: version 1's
 * state_counts, which a file has until version 7. */
static gboolean
seed_state_counts (PeygirStore  *self,
                   GError      **error)
{
  for (guint s = 0; s < PEYGIR_N_STATES; s++)
    {
      g_autoptr(PeygirDbStatement) stmt =
        peygir_db_prepare (self->db, "INSERT INTO state_counts (state, n) VALUES (?, 0)", error);

      if (stmt == NULL)
        return FALSE;
      peygir_db_bind_text (stmt, 1, peygir_state_to_string ((PeygirState) s));
      if (!peygir_db_step_done (stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
exec_resource (PeygirStore  *self,
               const char   *name,
               GError      **error)
{
  g_autofree char *path = g_strconcat ("/ir/gov/peygir/core/", name, NULL);
  g_autoptr(GBytes) script = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autofree char *text = NULL;

  g_assert (script != NULL);
  text = _peygir_store_with_running_states (g_bytes_get_data (script, NULL));
  return peygir_db_exec (self->db, text, error);
}

/* On a server, each of Peygir's roles has its group role, with what its
 * desks may do (peygir-schema-server-access.sql), once every table is
 * made; again after a migration, which may have added tables. */
static gboolean
grant_groups (PeygirStore  *self,
              GError      **error)
{
  for (PeygirRoles role = PEYGIR_ROLE_EXPERT; role & PEYGIR_ROLES_ALL; role <<= 1)
    {
      g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, "SELECT peygir_grant_group (?, ?)", error);
      g_autofree char *name = peygir_roles_to_string (role);

      if (stmt == NULL)
        return FALSE;
      peygir_db_bind_text (stmt, 1, name);
      peygir_db_bind_int (stmt, 2, role == PEYGIR_ROLE_ADMIN);
      if (!peygir_db_step_done (stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* A server's schema is made whole at the current version, from
 * peygir-schema-server.sql; a file's goes through every version. */
static gboolean
create_tables (PeygirStore  *self,
               int           version,
               GError      **error)
{
  g_autoptr(GBytes) script = NULL;

  if (!self->server)
    return peygir_db_exec (self->db, peygir_schema_v1, error)
           && seed_state_counts (self, error)
           && apply_migrations (self, 1, version, error);

  G_STATIC_ASSERT (SERVER_SCRIPT_VERSION == PEYGIR_SCHEMA_VERSION);
  return exec_resource (self, "peygir-schema-server.sql", error)
         && exec_resource (self, "peygir-schema-server-counts.sql", error)
         && exec_resource (self, "peygir-schema-server-access.sql", error);
}

static gboolean
create_schema (PeygirStore  *self,
               int           version,
               GError      **error)
{
  if (!_peygir_store_tx_begin (self, TRUE, error))
    return FALSE;

  if (!create_tables (self, version, error) ||
      !peygir_db_set_application_id (self->db, PEYGIR_APPLICATION_ID_PRAGMA, error) ||
      !peygir_db_set_version (self->db, version, error) ||
      (self->server && !grant_groups (self, error)) ||
      (self->create_version != CREATE_FOR_COPY && !_peygir_store_seed_new_database (self, error)))
    {
      tx_rollback (self);
      return FALSE;
    }
  return tx_commit (self, error);
}

/* Version 7's counters on a server, with the trigger that keeps them
 * running as its owner, as a new server's access script makes it. */
static gboolean
migrate_server_counts (PeygirStore  *self,
                       GError      **error)
{
  return exec_resource (self, "peygir-schema-server-counts.sql", error)
         && peygir_db_exec (self->db, "ALTER FUNCTION peygir_count_cases () SECURITY DEFINER"
                                      " SET search_path FROM CURRENT", error);
}

static gboolean
migrate (PeygirStore  *self,
         int           from_version,
         GError      **error)
{
  /* a file is copied beside itself first; a server's copies are its
   * administrator's (pg_dump), and it never held a version before its first */
  g_assert (!self->server || from_version >= SERVER_FIRST_VERSION);
  if (!self->server)
    {
      g_autofree char *backup = g_strdup_printf ("%s.backup-v%d-%" G_GINT64_FORMAT, self->path, from_version,
                                                 g_get_real_time () / G_USEC_PER_SEC);

      if (!peygir_db_backup (self->db, backup, BACKUP_BUSY_FACTOR, error))
        return FALSE;
    }

  if (!_peygir_store_tx_begin (self, TRUE, error))
    return FALSE;
  /* version 6's figures come from the history the file already holds,
   * version 7's counts from its cases */
  if (!apply_migrations (self, from_version, PEYGIR_SCHEMA_VERSION, error) ||
      (from_version < 7 && self->server && !migrate_server_counts (self, error)) ||
      (from_version < 6 && !_peygir_store_tally_rebuild (self, error)) ||
      (from_version < 7 && !_peygir_store_counts_rebuild (self, error)) ||
      (self->server && !grant_groups (self, error)))
    return _peygir_store_tx_end (self, FALSE, error);

  return _peygir_store_tx_end (self, peygir_db_set_version (self->db, PEYGIR_SCHEMA_VERSION, error), error);
}

/* An empty file becomes a new database, when that was asked for. */
static gboolean
create_in_empty_file (PeygirStore           *self,
                      PeygirStoreOpenFlags   flags,
                      GError               **error)
{
  if ((!(flags & PEYGIR_STORE_OPEN_CREATE) || self->read_only) && self->server)
    {
      g_set_error_literal (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_INITIALIZED,
                           _("The database on the server has no Peygir tables yet: create them first (peygir-admin init)."));
      return FALSE;
    }
  if (!(flags & PEYGIR_STORE_OPEN_CREATE) || self->read_only)
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_INITIALIZED,
                   _("“%s” is an empty file, not a Peygir database: create one first."), self->path);
      return FALSE;
    }
  if (!peygir_db_use_share_journal (self->db, error))
    return FALSE;
  return create_schema (self, self->create_version > 0 ? self->create_version : PEYGIR_SCHEMA_VERSION, error);
}

static gboolean
prepare_connection (PeygirStore           *self,
                    PeygirStoreOpenFlags   flags,
                    GError               **error)
{
  PeygirDbFileInfo info;

  if (!peygir_db_read_file_info (self->db, &info, error))
    return FALSE;
  if (info.empty)
    return create_in_empty_file (self, flags, error);

  if (info.application_id != PEYGIR_APPLICATION_ID_PRAGMA)
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_INITIALIZED,
                   _("“%s” is a database of another program, not of Peygir."), self->path);
      return FALSE;
    }

  if (info.version > PEYGIR_SCHEMA_VERSION)
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NEWER_SCHEMA,
                   _("The database was made by a newer version of Peygir (schema %d; this one knows %d): update Peygir on this computer."),
                   info.version, PEYGIR_SCHEMA_VERSION);
      return FALSE;
    }

  if (!self->read_only && !peygir_db_use_share_journal (self->db, error))
    return FALSE;

  if (info.version < PEYGIR_SCHEMA_VERSION)
    {
      if (self->read_only)
        {
          g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_READ_ONLY,
                       _("The database needs upgrading, but it can only be read here."));
          return FALSE;
        }
      return migrate (self, info.version, error);
    }

  return TRUE;
}

gboolean
peygir_store_location_is_server (const char *location)
{
  g_return_val_if_fail (location != NULL, FALSE);
  return peygir_db_is_server_uri (location);
}

char *
peygir_store_default_path (void)
{
  const char *env = g_getenv ("PEYGIR_DB");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "peygir", "peygir.db", NULL);
}

/* Opens the connection, for reading only when the store is, and makes,
 * checks or migrates the schema. */
static gboolean
open_connection (PeygirStore           *self,
                 PeygirDbOpenFlags      db_flags,
                 PeygirStoreOpenFlags   flags,
                 const char            *password,
                 GError               **error)
{
  db_flags |= self->read_only ? PEYGIR_DB_OPEN_READ_ONLY : PEYGIR_DB_OPEN_CREATE;
  self->db = peygir_db_open_with_password (self->path, db_flags, password, error);
  if (self->db == NULL)
    return FALSE;
  if (!self->read_only && peygir_db_is_read_only (self->db))
    self->read_only = TRUE;
  return prepare_connection (self, flags, error);
}

/* Who the server knows this connection as. Anyone but the database's
 * owner acts only as themselves: the store takes no other actor from its
 * callers, and the server would refuse it (peygir-schema-server-access.sql). */
static gboolean
read_server_login (PeygirStore  *self,
                   GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, "SELECT session_user, CASE WHEN peygir_is_owner () THEN 0 ELSE 1 END", error);

  if (stmt == NULL || !_peygir_store_step_expect (self, stmt, PEYGIR_DB_ROW, error, 0, 0, NULL))
    return FALSE;
  self->server_login = peygir_db_column_dup (stmt, 0);
  self->server_bound = peygir_db_column_int (stmt, 1) != 0;
  return TRUE;
}

const char *
peygir_store_get_login (PeygirStore *self)
{
  g_return_val_if_fail (PEYGIR_IS_STORE (self), NULL);

  return self->server_login != NULL ? self->server_login : g_get_user_name ();
}

/* The same store on a PostgreSQL server. */
static PeygirStore *
open_server (PeygirStore           *store,
             PeygirStoreOpenFlags   flags,
             const char            *password,
             GError               **error)
{
  g_autoptr(PeygirStore) self = store;

  self->server = TRUE;
  self->read_only = (flags & PEYGIR_STORE_OPEN_READ_ONLY) != 0;
  if (!open_connection (self, 0, flags, password, error) || !read_server_login (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

static PeygirStore *
open_store (const char            *path,
            PeygirStoreOpenFlags   flags,
            int                    create_version,
            const char            *password,
            GError               **error)
{
  g_autoptr(PeygirStore) self = NULL;
  gboolean exists;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (PEYGIR_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->create_version = create_version;
  if (peygir_store_location_is_server (path))
    return open_server (g_steal_pointer (&self), flags, password, error);
  exists = g_file_test (path, G_FILE_TEST_EXISTS);

  if (!exists && !(flags & PEYGIR_STORE_OPEN_CREATE))
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_UNREACHABLE,
                   _("There is no database at “%s”: is the share mounted?"), path);
      return NULL;
    }

  if (!exists)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      if (g_mkdir_with_parents (dir, 0775) != 0)
        {
          int saved = errno;

          g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_UNREACHABLE,
                       _("The folder “%s” cannot be created: %s."), dir, g_strerror (saved));
          return NULL;
        }
    }

  self->read_only = (flags & PEYGIR_STORE_OPEN_READ_ONLY) != 0
                    || (exists && g_access (path, W_OK) != 0);
  if (!self->read_only && exists)
    {
      /* the -journal file is made beside the database */
      g_autofree char *dir = g_path_get_dirname (path);

      self->read_only = g_access (dir, W_OK) != 0;
    }

  if (!open_connection (self, PEYGIR_DB_OPEN_SHARED, flags, NULL, error))
    return NULL;
  return g_steal_pointer (&self);
}

PeygirStore *
peygir_store_open (const char            *path,
                   PeygirStoreOpenFlags   flags,
                   GError               **error)
{
  return open_store (path, flags, 0, NULL, error);
}

PeygirStore *
peygir_store_open_with_password (const char            *path,
                                 PeygirStoreOpenFlags   flags,
                                 const char            *password,
                                 GError               **error)
{
  return open_store (path, flags, 0, password, error);
}

gboolean
peygir_store_check_server_location (const char  *location,
                                    GError     **error)
{
  g_return_val_if_fail (location != NULL, FALSE);
  return peygir_db_check_server_location (location, error);
}

gboolean
peygir_store_describe_server (const char  *location,
                              char       **user,
                              char       **host,
                              char       **dbname)
{
  g_return_val_if_fail (location != NULL, FALSE);
  return peygir_db_describe_server_parts (location, user, host, dbname);
}

char *
peygir_store_server_key (const char *location)
{
  g_return_val_if_fail (location != NULL, NULL);
  return peygir_db_server_location_without_password (location);
}

gboolean
_peygir_store_create_at_version (const char  *path,
                                 int          version,
                                 GError     **error)
{
  g_autoptr(PeygirStore) self = NULL;

  g_return_val_if_fail (version >= 1 && version <= PEYGIR_SCHEMA_VERSION, FALSE);
  g_return_val_if_fail (!g_file_test (path, G_FILE_TEST_EXISTS), FALSE);

  self = open_store (path, PEYGIR_STORE_OPEN_CREATE, version, NULL, error);
  return self != NULL;
}

PeygirStore *
_peygir_store_open_for_copy (const char  *location,
                             GError     **error)
{
  return open_store (location, PEYGIR_STORE_OPEN_CREATE, CREATE_FOR_COPY, NULL, error);
}

char *
peygir_store_dup_shown_location (PeygirStore *self)
{
  char *shown;

  g_return_val_if_fail (PEYGIR_IS_STORE (self), NULL);
  if (!self->server)
    return g_strdup (self->path);
  shown = peygir_store_server_key (self->path);
  return shown != NULL ? shown : g_strdup ("postgresql://");
}

const char *
peygir_store_get_path (PeygirStore *self)
{
  g_return_val_if_fail (PEYGIR_IS_STORE (self), NULL);
  return self->path;
}

gboolean
peygir_store_is_read_only (PeygirStore *self)
{
  g_return_val_if_fail (PEYGIR_IS_STORE (self), TRUE);
  return self->read_only;
}

void
peygir_store_set_busy_timeout (PeygirStore *self,
                               int          milliseconds)
{
  g_return_if_fail (milliseconds >= 0);

  STORE_LOCK (self);
  peygir_db_set_busy_timeout (self->db, milliseconds);
}

int
peygir_store_get_change_socket (PeygirStore *self)
{
  STORE_LOCK (self);
  return peygir_db_get_change_socket (self->db);
}

gboolean
peygir_store_get_data_version (PeygirStore  *self,
                               gint64       *version,
                               GError      **error)
{
  STORE_LOCK (self);
  return peygir_db_get_data_version (self->db, version, error);
}

gboolean
peygir_store_path_is_network (const char  *path,
                              char       **fs_name)
{
  g_autofree char *dir = NULL;
  struct statfs info;
  const char *name = NULL;
  gboolean network = FALSE;

  if (peygir_db_is_server_uri (path))
    {
      if (fs_name != NULL)
        *fs_name = NULL;
      return FALSE;
    }
  dir = g_file_test (path, G_FILE_TEST_IS_DIR) ? g_strdup (path) : g_path_get_dirname (path);
  while (statfs (dir, &info) != 0)
    {
      char *parent = g_path_get_dirname (dir);

      if (g_str_equal (parent, dir))
        {
          g_free (parent);
          if (fs_name != NULL)
            *fs_name = NULL;
          return FALSE;
        }
      g_free (dir);
      dir = parent;
    }

  switch ((unsigned long) info.f_type)
    {
    case 0x6969UL:      name = "nfs";  network = TRUE; break;
    case 0x517BUL:      name = "smb";  network = TRUE; break;
    case 0xFF534D42UL:  name = "cifs"; network = TRUE; break;
    case 0xFE534D42UL:  name = "smb2"; network = TRUE; break;
    case 0x65735546UL:  name = "fuse"; network = TRUE; break;
    default:            name = "local"; break;
    }
  if (fs_name != NULL)
    *fs_name = g_strdup (name);
  return network;
}

/* Batches. */

gboolean
peygir_store_begin_batch (PeygirStore  *self,
                          GError      **error)
{
  g_rec_mutex_lock (&self->lock);
  if (self->batch_depth == 0 && !_peygir_store_tx_begin (self, TRUE, error))
    {
      g_rec_mutex_unlock (&self->lock);
      return FALSE;
    }
  /* the lock stays held until end_batch: nobody else uses the connection meanwhile */
  self->batch_depth++;
  return TRUE;
}

gboolean
peygir_store_end_batch (PeygirStore  *self,
                        gboolean      commit,
                        GError      **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (self->batch_depth > 0, FALSE);

  if (self->batch_depth == 1 && commit)
    ok = _peygir_store_flush_search_rows (self, error);
  if (self->batch_depth == 1 && commit && ok && self->head_cached)
    ok = _peygir_store_write_audit_head (self, self->head_id, self->head_hash, error);

  self->batch_depth--;
  if (self->batch_depth == 0)
    {
      g_clear_pointer (&self->batch_calendar, peygir_calendar_unref);
      g_clear_pointer (&self->batch_actors, g_hash_table_unref);
      g_clear_pointer (&self->batch_search, g_hash_table_unref);
      self->batch_time = 0;
      self->head_cached = FALSE;
      g_clear_pointer (&self->head_hash, g_free);
      g_clear_pointer (&self->savepoint_head_hash, g_free);
      /* giving a batch up is no failure: FALSE only with an error set */
      if (commit && ok)
        ok = tx_commit (self, error);
      else
        tx_rollback (self);
    }
  g_rec_mutex_unlock (&self->lock);
  return ok;
}

void
peygir_store_set_batch_time (PeygirStore *self,
                             gint64       at)
{
  g_return_if_fail (self->batch_depth > 0);
  self->batch_time = at;
}

/* GObject. */

static void
peygir_store_finalize (GObject *object)
{
  PeygirStore *self = (PeygirStore *) object;

  g_clear_pointer (&self->db, peygir_db_close);
  g_clear_pointer (&self->batch_calendar, peygir_calendar_unref);
  g_clear_pointer (&self->batch_actors, g_hash_table_unref);
  g_clear_pointer (&self->batch_search, g_hash_table_unref);
  g_clear_pointer (&self->head_hash, g_free);
  g_clear_pointer (&self->savepoint_head_hash, g_free);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->operator_login, g_free);
  g_clear_pointer (&self->server_login, g_free);
  g_rec_mutex_clear (&self->lock);

  G_OBJECT_CLASS (peygir_store_parent_class)->finalize (object);
}

static void
peygir_store_class_init (PeygirStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = peygir_store_finalize;
}

static void
peygir_store_init (PeygirStore *self)
{
  g_rec_mutex_init (&self->lock);
  self->rand = g_rand_new ();
}
