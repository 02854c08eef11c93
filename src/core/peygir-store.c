/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-store"

#include <inttypes.h>
#include <errno.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "peygir-clock.h"
#include "peygir-core-resources.h"
#include "peygir-db.h"
#include "peygir-error.h"
#include "peygir-store.h"
#include "peygir-store-private.h"
#include "peygir-store-schema.h"
#include "peygir-text.h"
#include "peygir-vfs-sim.h"
#include "peygir-workflow.h"

/* A backup runs unattended (the nightly script) and nobody sits waiting
 * for it, so it may wait several times a save's budget for a desk that is
 * writing; but a lock held for good must not hang the night's script. */
#define BACKUP_BUSY_FACTOR        8
#define DEFAULT_SERVICE_DAYS      15
#define DEFAULT_RESPONSE_DAYS     7
#define DEFAULT_DOCUMENT_MAX      (20 * 1024 * 1024)
#define MAX_NOTE_CHARS            32000
#define AUDIT_GENESIS             "peygir-audit-genesis"
#define CHECK_CHUNK               20000

struct _PeygirStore
{
  GObject         parent_instance;

  GRecMutex       lock;          /* one connection, used by one thread at a time */
  PeygirDb       *db;
  char           *path;
  gboolean        read_only;
  guint           batch_depth;
  GRand          *rand;
  PeygirCalendar *batch_calendar;
  GHashTable     *batch_actors;  /* login → PeygirUser, read once a batch */
  GHashTable     *batch_search;  /* ids of the cases whose search rows wait for the batch's end */
  gint64          batch_time;
  int             create_version; /* 0: a new file is made at the current version */
  char           *operator_login; /* who is at the keyboard; NULL: the actor */

  /* In a batch the audit chain's head is kept here and written to meta
   * once, at the end; the savepoint's copy undoes a failed action. */
  gboolean        head_cached;
  gint64          head_id;
  char           *head_hash;
  gint64          savepoint_head_id;
  char           *savepoint_head_hash;
};

G_DEFINE_FINAL_TYPE (PeygirStore, peygir_store, G_TYPE_OBJECT)

typedef struct
{
  PeygirStore *store;
} StoreLocker;

static void
store_unlock (StoreLocker *locker)
{
  if (locker->store != NULL)
    g_rec_mutex_unlock (&locker->store->lock);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StoreLocker, store_unlock)

/* Taken before any g_autoptr(PeygirDbStatement) is declared: cleanups run in
 * reverse order, so the statement is then reset while the lock is still
 * held, never after another thread has begun to use it. */
#define STORE_LOCK(self) \
  g_auto(StoreLocker) G_PASTE (locker_, __LINE__) = { self }; \
  g_rec_mutex_lock (&(self)->lock)

/* Steps @stmt to its end, making an object of each row with @from_row: the
 * one loop behind every list the store returns. */
typedef gpointer (*RowFunc) (PeygirDbStatement *stmt);

static GPtrArray *
collect_rows (PeygirStore        *self,
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

static gboolean
tx_begin (PeygirStore  *self,
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

/* Finish a call: commit if it went well, roll back otherwise. */
static gboolean
tx_end (PeygirStore  *self,
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

static gint64
store_now (PeygirStore *self)
{
  if (self->batch_depth > 0 && self->batch_time != 0)
    return self->batch_time;
  return peygir_clock_now ();
}

static PeygirDay
today (void)
{
  return peygir_day_from_unix (peygir_clock_now ());
}

/* Settings. */

typedef struct
{
  const char *key;
  const char *value;
  gboolean    is_number;   /* a positive whole number; otherwise a text */
  gboolean    multiline;
  const char *choices;     /* "a|b": the only values it takes; NULL: any text */
} SettingDefault;

static const SettingDefault setting_defaults[] = {
  { PEYGIR_SETTING_SERVICE_DAYS,      "15",       TRUE },
  { PEYGIR_SETTING_RESPONSE_DAYS,     "7",        TRUE },
  { PEYGIR_SETTING_DOCUMENT_MAX,      "20971520", TRUE },
  { PEYGIR_SETTING_COUNTRY,           "جمهوری اسلامی ایران" },
  { PEYGIR_SETTING_MINISTRY,          "وزارت کشور" },
  { PEYGIR_SETTING_GOVERNORATE,       "استانداری" },
  { PEYGIR_SETTING_OFFICE,            "دفتر مدیریت عملکرد، بازرسی و امور حقوقی" },
  { PEYGIR_SETTING_OFFICE_PHONE,      "" },
  { PEYGIR_SETTING_OFFICE_ADDRESS,    "" },
  { PEYGIR_SETTING_SIGNER_TITLE,      "مدیر دفتر مدیریت عملکرد، بازرسی و امور حقوقی" },
  { PEYGIR_SETTING_TEMPLATE_REFERRAL, "", FALSE, TRUE },
  { PEYGIR_SETTING_TEMPLATE_REMINDER, "", FALSE, TRUE },
  { PEYGIR_SETTING_TEMPLATE_RECEIPT,  "", FALSE, TRUE },
  { PEYGIR_SETTING_TEMPLATE_ANSWER,   "", FALSE, TRUE },
  { PEYGIR_SETTING_REMINDER_SIGNER,   "manager", FALSE, FALSE, "manager|expert" },
};

const char * const *
peygir_store_setting_keys (void)
{
  static const char *keys[G_N_ELEMENTS (setting_defaults) + 1];

  if (keys[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (setting_defaults); i++)
      keys[i] = setting_defaults[i].key;
  return keys;
}

static const SettingDefault *
find_setting (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (setting_defaults); i++)
    if (g_strcmp0 (setting_defaults[i].key, key) == 0)
      return &setting_defaults[i];
  return NULL;
}

static char *
read_setting (PeygirStore  *self,
              const char   *key,
              GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, "SELECT value FROM settings WHERE key = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  peygir_db_bind_text (stmt, 1, key);
  rc = peygir_db_step (stmt);
  if (rc == PEYGIR_DB_ROW)
    return peygir_db_column_dup (stmt, 0);
  if (rc != PEYGIR_DB_DONE)
    {
      peygir_db_set_error (self->db, error);
      return NULL;
    }

  if (find_setting (key) != NULL)
    return g_strdup (find_setting (key)->value);

  g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND,
               _("There is no setting “%s”."), key);
  return NULL;
}

static int
read_setting_int (PeygirStore *self,
                  const char  *key,
                  int          fallback)
{
  g_autofree char *value = read_setting (self, key, NULL);
  gint64 n;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, 0, G_MAXINT, &n, NULL))
    return fallback;
  return (int) n;
}

/* Users. */

static PeygirUser *
user_from_row (PeygirDbStatement *stmt)
{
  PeygirUser *user = g_new0 (PeygirUser, 1);

  user->id = peygir_db_column_int64 (stmt, 0);
  user->login = peygir_db_column_dup (stmt, 1);
  user->name = peygir_db_column_dup (stmt, 2);
  user->roles = peygir_db_column_int (stmt, 3);
  user->active = peygir_db_column_int (stmt, 4);
  user->title = peygir_db_column_dup (stmt, 5);
  return user;
}

#define USER_COLUMNS "id, login, name, roles, active, title"

static PeygirUser *
read_user (PeygirStore  *self,
           const char   *login,
           GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, "SELECT " USER_COLUMNS " FROM users WHERE login = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  peygir_db_bind_text (stmt, 1, login);
  rc = peygir_db_step (stmt);
  if (rc == PEYGIR_DB_ROW)
    return user_from_row (stmt);
  if (rc != PEYGIR_DB_DONE)
    peygir_db_set_error (self->db, error);
  else
    g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_UNKNOWN_USER,
                 _("“%s” is not a user of Peygir: ask the administrator to add this login."), login);
  return NULL;
}

static gboolean read_operator (PeygirStore  *self,
                               gint64        actor_id,
                               gint64       *operator_id,
                               GError      **error);

/* The actor of an action: a known, active user. */
static PeygirUser *
read_actor (PeygirStore  *self,
            const char   *login,
            GError      **error)
{
  PeygirUser *user;

  if (login == NULL || *login == '\0')
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_UNKNOWN_USER,
                   _("Every action needs the user who takes it."));
      return NULL;
    }
  if (self->batch_depth > 0 && self->batch_actors != NULL
      && (user = g_hash_table_lookup (self->batch_actors, login)) != NULL)
    return peygir_user_copy (user);
  user = read_user (self, login, error);
  if (user != NULL && user->active && self->batch_depth > 0)
    {
      if (self->batch_actors == NULL)
        self->batch_actors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                    (GDestroyNotify) peygir_user_free);
      g_hash_table_insert (self->batch_actors, g_strdup (login), peygir_user_copy (user));
    }
  if (user != NULL && !user->active)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_UNKNOWN_USER,
                   _("The user “%s” has been deactivated."), login);
      g_clear_pointer (&user, peygir_user_free);
    }
  if (user != NULL && !read_operator (self, user->id, NULL, error))
    g_clear_pointer (&user, peygir_user_free);
  return user;
}

/* The person at the keyboard when it is not @actor_id: only an active
 * administrator may act for another user, and the event keeps both. Sets
 * @operator_id to 0 when the actor is the operator or none was set. */
static gboolean
read_operator (PeygirStore  *self,
               gint64        actor_id,
               gint64       *operator_id,
               GError      **error)
{
  g_autoptr(PeygirUser) operator = NULL;

  if (operator_id != NULL)
    *operator_id = 0;
  if (self->operator_login == NULL || actor_id == 0)
    return TRUE;

  /* not read_actor, which asks this of every actor it reads */
  if (self->batch_depth > 0 && self->batch_actors != NULL
      && (operator = g_hash_table_lookup (self->batch_actors, self->operator_login)) != NULL)
    operator = peygir_user_copy (operator);
  else
    operator = read_user (self, self->operator_login, NULL);
  if (operator != NULL && operator->id == actor_id)
    return TRUE;
  if (operator == NULL || !operator->active || !(operator->roles & PEYGIR_ROLE_ADMIN))
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED,
                   _("Only an administrator may act for another user, and “%s” is not an active administrator of this office."),
                   self->operator_login);
      return FALSE;
    }
  if (operator_id != NULL)
    *operator_id = operator->id;
  return TRUE;
}

static gint64
count_rows (PeygirStore  *self,
            const char   *sql,
            GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;
  rc = peygir_db_step (stmt);
  if (rc != PEYGIR_DB_ROW)
    {
      peygir_db_set_error (self->db, error);
      return -1;
    }
  return peygir_db_column_int64 (stmt, 0);
}

/* Administrative changes: a NULL actor is the operator when one is set,
 * else the program holding the file itself (a test, the demo's own set-up);
 * a named actor must be an administrator. */
static gboolean
check_admin (PeygirStore  *self,
             const char   *actor_login,
             gint64       *actor_id,
             GError      **error)
{
  g_autoptr(PeygirUser) actor = NULL;

  *actor_id = 0;
  if (actor_login == NULL)
    actor_login = self->operator_login;
  if (actor_login == NULL)
    return TRUE;

  actor = read_actor (self, actor_login, error);
  if (actor == NULL)
    return FALSE;
  if (!(actor->roles & PEYGIR_ROLE_ADMIN))
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED,
                   _("Only an administrator may change users, agencies and settings."));
      return FALSE;
    }
  *actor_id = actor->id;
  return TRUE;
}

/* The audit chain. */

static char *
audit_hash (const char  *previous,
            gint64       id,
            gint64       case_id,
            gint64       at,
            gint64       actor_id,
            gint64       operator_id,
            const char  *action,
            const char  *from_state,
            const char  *to_state,
            const char  *note)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GString) fields = g_string_new (NULL);

  /* The unit separator cannot occur in any field (control characters are refused). */
  g_string_printf (fields, "%s\x1f%" G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT
                   "\x1f%" G_GINT64_FORMAT "\x1f%s\x1f%s\x1f%s\x1f%s",
                   previous, id, case_id, at, actor_id, action,
                   from_state ? from_state : "", to_state ? to_state : "",
                   note ? note : "");
  /* only when there is one, so that the events written before operators
   * were recorded keep their hashes */
  if (operator_id != 0)
    g_string_append_printf (fields, "\x1f%" G_GINT64_FORMAT, operator_id);
  g_checksum_update (sum, (const guchar *) fields->str, fields->len);
  return g_strdup (g_checksum_get_string (sum));
}

static gboolean
read_audit_head (PeygirStore  *self,
                 gint64       *head_id,
                 char        **head_hash,
                 GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt = NULL;

  if (self->batch_depth > 0 && self->head_cached)
    {
      *head_id = self->head_id;
      *head_hash = g_strdup (self->head_hash);
      return TRUE;
    }

  stmt =
    peygir_db_prepare (self->db,
               "SELECT (SELECT value FROM meta WHERE key = 'audit_head_id'),"
               "       (SELECT value FROM meta WHERE key = 'audit_head_hash')", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = peygir_db_step (stmt);
  if (rc != PEYGIR_DB_ROW)
    return peygir_db_set_error (self->db, error);
  *head_id = peygir_db_column_int64 (stmt, 0);
  *head_hash = peygir_db_column_is_null (stmt, 1) ? g_strdup (AUDIT_GENESIS) : peygir_db_column_dup (stmt, 1);
  return TRUE;
}

static gboolean
write_audit_head (PeygirStore  *self,
                  gint64        head_id,
                  const char   *head_hash,
                  GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt =
    peygir_db_prepare (self->db,
               "INSERT OR REPLACE INTO meta (key, value) VALUES ('audit_head_id', ?), ('audit_head_hash', ?)",
               error);
  g_autofree char *id_text = NULL;

  if (stmt == NULL)
    return FALSE;
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, head_id);
  peygir_db_bind_text (stmt, 1, id_text);
  peygir_db_bind_text (stmt, 2, head_hash);
  return peygir_db_step_done (stmt, error);
}

static gboolean
append_event (PeygirStore  *self,
              gint64        case_id,
              gint64        at,
              gint64        actor_id,
              const char   *action,
              const char   *from_state,
              const char   *to_state,
              const char   *note,
              GError      **error)
{
  g_autofree char *previous = NULL;
  g_autofree char *hash = NULL;
  gint64 head_id = 0;
  gint64 operator_id;

  if (!read_operator (self, actor_id, &operator_id, error)
      || !read_audit_head (self, &head_id, &previous, error))
    return FALSE;

  hash = audit_hash (previous, head_id + 1, case_id, at, actor_id, operator_id, action, from_state, to_state, note);

  {
    /* without the operator's column when there is none: a new file is
     * seeded at version 1, before the column exists */
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db,
                 operator_id != 0
                 ? "INSERT INTO events (id, case_id, at, actor_id, action, from_state, to_state, note, hash, operator_id)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                 : "INSERT INTO events (id, case_id, at, actor_id, action, from_state, to_state, note, hash)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
    if (stmt == NULL)
      return FALSE;
    peygir_db_bind_int64 (stmt, 1, head_id + 1);
    peygir_db_bind_id (stmt, 2, case_id);
    peygir_db_bind_int64 (stmt, 3, at);
    peygir_db_bind_id (stmt, 4, actor_id);
    peygir_db_bind_text (stmt, 5, action);
    peygir_db_bind_text (stmt, 6, from_state);
    peygir_db_bind_text (stmt, 7, to_state);
    peygir_db_bind_text (stmt, 8, note);
    peygir_db_bind_text (stmt, 9, hash);
    if (operator_id != 0)
      peygir_db_bind_int64 (stmt, 10, operator_id);
    if (!peygir_db_step_done (stmt, error))
      return FALSE;
  }

  if (self->batch_depth > 0)
    {
      self->head_cached = TRUE;
      self->head_id = head_id + 1;
      g_free (self->head_hash);
      self->head_hash = g_steal_pointer (&hash);
      return TRUE;
    }
  return write_audit_head (self, head_id + 1, hash, error);
}

/* Schema, creation and migration. */

static gboolean
seed_new_database (PeygirStore  *self,
                   GError      **error)
{
  guint n_holidays;
  const PeygirSolarHoliday *holidays = peygir_default_solar_holidays (&n_holidays);
  g_autoptr(GBytes) agencies = NULL;
  int response_days = DEFAULT_RESPONSE_DAYS;

  for (guint i = 0; i < G_N_ELEMENTS (setting_defaults); i++)
    {
      g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, "INSERT INTO settings (key, value) VALUES (?, ?)", error);

      if (stmt == NULL)
        return FALSE;
      peygir_db_bind_text (stmt, 1, setting_defaults[i].key);
      peygir_db_bind_text (stmt, 2, setting_defaults[i].value);
      if (!peygir_db_step_done (stmt, error))
        return FALSE;
    }

  for (guint i = 0; i < n_holidays; i++)
    {
      g_autoptr(PeygirDbStatement) stmt =
        peygir_db_prepare (self->db, "INSERT INTO holidays (persian_month, persian_day, name) VALUES (?, ?, ?)", error);

      if (stmt == NULL)
        return FALSE;
      peygir_db_bind_int (stmt, 1, holidays[i].month);
      peygir_db_bind_int (stmt, 2, holidays[i].day);
      peygir_db_bind_text (stmt, 3, holidays[i].name);
      if (!peygir_db_step_done (stmt, error))
        return FALSE;
    }

  /* The province's agencies, one "name<TAB>head title" a line. */
  agencies = g_resource_lookup_data (peygir_core_get_resource (),
                                     "/ir/gov/peygir/core/default-agencies.tsv",
                                     G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (agencies != NULL)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (agencies, NULL), g_bytes_get_size (agencies));
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_auto(GStrv) fields = g_strsplit (lines[i], "\t", 2);
          g_autoptr(PeygirDbStatement) stmt = NULL;

          if (fields[0] == NULL || *g_strstrip (fields[0]) == '\0' || fields[0][0] == '#')
            continue;
          stmt = peygir_db_prepare (self->db, "INSERT OR IGNORE INTO agencies (name, head_title, response_days) VALUES (?, ?, ?)", error);
          if (stmt == NULL)
            return FALSE;
          peygir_db_bind_text (stmt, 1, fields[0]);
          if (fields[1] != NULL && *g_strstrip (fields[1]) != '\0')
            peygir_db_bind_text (stmt, 2, fields[1]);
          else
            peygir_db_bind_text_take (stmt, 2, g_strconcat ("رئیس محترم ", fields[0], NULL));
          peygir_db_bind_int (stmt, 3, response_days);
          if (!peygir_db_step_done (stmt, error))
            return FALSE;
        }
    }

  return append_event (self, 0, peygir_clock_now (), 0, "init", NULL, NULL, NULL, error);
}

/* The changes from each version to the next (migrations[v] takes a
 * database from v to v + 1). A new database is made at version 1 and goes
 * through them too, so that it is the same as one brought up to date. */
static const char * const migrations[PEYGIR_SCHEMA_VERSION] = {
  [1] = peygir_schema_v2,
  [2] = peygir_schema_v3,
};

static gboolean
apply_migrations (PeygirStore  *self,
                  int           from_version,
                  int           to_version,
                  GError      **error)
{
  for (int v = from_version; v < to_version; v++)
    if (migrations[v] != NULL && !peygir_db_exec (self->db, migrations[v], error))
      return FALSE;
  return TRUE;
}

static gboolean
create_schema (PeygirStore  *self,
               int           version,
               GError      **error)
{
  if (!tx_begin (self, TRUE, error))
    return FALSE;

  if (!peygir_db_exec (self->db, peygir_schema_v1, error) ||
      !apply_migrations (self, 1, version, error) ||
      !peygir_db_set_application_id (self->db, PEYGIR_APPLICATION_ID_PRAGMA, error) ||
      !peygir_db_set_version (self->db, version, error) ||
      !seed_new_database (self, error))
    {
      tx_rollback (self);
      return FALSE;
    }
  return tx_commit (self, error);
}

static gboolean
migrate (PeygirStore  *self,
         int           from_version,
         GError      **error)
{
  g_autofree char *backup = NULL;

  backup = g_strdup_printf ("%s.backup-v%d-%" G_GINT64_FORMAT, self->path, from_version, g_get_real_time () / G_USEC_PER_SEC);
  if (!peygir_db_backup (self->db, backup, BACKUP_BUSY_FACTOR, error))
    return FALSE;

  if (!tx_begin (self, TRUE, error))
    return FALSE;
  if (!apply_migrations (self, from_version, PEYGIR_SCHEMA_VERSION, error))
    return tx_end (self, FALSE, error);

  return tx_end (self, peygir_db_set_version (self->db, PEYGIR_SCHEMA_VERSION, error), error);
}

/* An empty file becomes a new database, when that was asked for. */
static gboolean
create_in_empty_file (PeygirStore           *self,
                      PeygirStoreOpenFlags   flags,
                      GError               **error)
{
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

char *
peygir_store_default_path (void)
{
  const char *env = g_getenv ("PEYGIR_DB");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "peygir", "peygir.db", NULL);
}

static PeygirStore *
open_store (const char            *path,
            PeygirStoreOpenFlags   flags,
            int                    create_version,
            GError               **error)
{
  g_autoptr(PeygirStore) self = NULL;
  gboolean exists;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (PEYGIR_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->create_version = create_version;
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

  self->db = peygir_db_open (path,
                             PEYGIR_DB_OPEN_SHARED
                             | (self->read_only ? PEYGIR_DB_OPEN_READ_ONLY : PEYGIR_DB_OPEN_CREATE),
                             error);
  if (self->db == NULL)
    return NULL;
  if (!self->read_only && peygir_db_is_read_only (self->db))
    self->read_only = TRUE;

  if (!prepare_connection (self, flags, error))
    return NULL;

  return g_steal_pointer (&self);
}

PeygirStore *
peygir_store_open (const char            *path,
                   PeygirStoreOpenFlags   flags,
                   GError               **error)
{
  return open_store (path, flags, 0, error);
}

gboolean
_peygir_store_create_at_version (const char  *path,
                                 int          version,
                                 GError     **error)
{
  g_autoptr(PeygirStore) self = NULL;

  g_return_val_if_fail (version >= 1 && version <= PEYGIR_SCHEMA_VERSION, FALSE);
  g_return_val_if_fail (!g_file_test (path, G_FILE_TEST_EXISTS), FALSE);

  self = open_store (path, PEYGIR_STORE_OPEN_CREATE, version, error);
  return self != NULL;
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

/* Backup and check. */

/* The audit chain's head as a database file records it: for a backup,
 * which is a consistent copy, the last event it holds. */
static gboolean
read_file_audit_head (const char  *path,
                      gint64      *head_id,
                      char       **head_hash,
                      GError     **error)
{
  g_autoptr(PeygirDb) db = peygir_db_open (path, PEYGIR_DB_OPEN_READ_ONLY, NULL);
  g_autoptr(PeygirDbStatement) stmt = NULL;
  PeygirDbResult rc = PEYGIR_DB_FAILED;

  if (db != NULL)
    stmt = peygir_db_prepare (db,
                              "SELECT (SELECT value FROM meta WHERE key = 'audit_head_id'),"
                              "       (SELECT value FROM meta WHERE key = 'audit_head_hash')",
                              NULL);
  if (stmt != NULL)
    rc = peygir_db_step (stmt);
  if (rc == PEYGIR_DB_ROW && !peygir_db_column_is_null (stmt, 1))
    {
      *head_id = peygir_db_column_int64 (stmt, 0);
      *head_hash = peygir_db_column_dup (stmt, 1);
    }
  else
    g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND,
                 _("“%s” is not a backup of a Peygir database."), path);
  return rc == PEYGIR_DB_ROW && *head_hash != NULL;
}

static char *
head_file_path (const char *backup)
{
  return g_strconcat (backup, ".head", NULL);
}

/* "ID HASH": the chain's head the backup holds, kept apart from it and from
 * the live file, so that a log cut short and its head rewritten is still
 * found against it. */
static gboolean
parse_audit_head (const char  *text,
                  gint64      *head_id,
                  char       **head_hash)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  guint64 id;

  if (g_strv_length (words) != 2
      || !g_ascii_string_to_unsigned (words[0], 10, 1, G_MAXINT64, &id, NULL)
      || strlen (g_strstrip (words[1])) != 64
      || strspn (words[1], "0123456789abcdef") != 64)
    return FALSE;
  *head_id = (gint64) id;
  *head_hash = g_strdup (words[1]);
  return TRUE;
}

gboolean
peygir_store_backup (PeygirStore  *self,
                     const char   *dest,
                     GError      **error)
{
  g_autofree char *head_path = head_file_path (dest);
  g_autofree char *head_hash = NULL;
  g_autofree char *head_text = NULL;
  gint64 head_id = 0;

  {
    STORE_LOCK (self);
    if (!peygir_db_backup (self->db, dest, BACKUP_BUSY_FACTOR, error))
      return FALSE;
  }

  if (!read_file_audit_head (dest, &head_id, &head_hash, error))
    return FALSE;
  head_text = g_strdup_printf ("%" G_GINT64_FORMAT " %s\n", head_id, head_hash);
  if (!g_file_set_contents (head_path, head_text, -1, NULL))
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_UNREACHABLE,
                   _("The backup was written, but the record of its audit head “%s” could not be."), head_path);
      return FALSE;
    }
  return TRUE;
}

gboolean
peygir_store_check_against (PeygirStore  *self,
                            const char   *backup,
                            GError      **error)
{
  g_autofree char *head_path = NULL;
  g_autofree char *head_text = NULL;
  g_autofree char *head_hash = NULL;
  g_autofree char *live_hash = NULL;
  gint64 head_id = 0;
  int rc;

  head_path = g_str_has_suffix (backup, ".head") ? g_strdup (backup) : head_file_path (backup);
  if (g_file_get_contents (head_path, &head_text, NULL, NULL))
    {
      if (!parse_audit_head (head_text, &head_id, &head_hash))
        {
          g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_AUDIT,
                       _("“%s” does not hold an audit head: it has been altered."), head_path);
          return FALSE;
        }
    }
  else if (!g_file_test (backup, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND,
                   _("There is no backup at “%s”."), backup);
      return FALSE;
    }
  else if (!read_file_audit_head (backup, &head_id, &head_hash, error))
    return FALSE;

  STORE_LOCK (self);
  {
    g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, "SELECT hash FROM events WHERE id = ?", error);

    if (stmt == NULL)
      return FALSE;
    peygir_db_bind_int64 (stmt, 1, head_id);
    rc = peygir_db_step (stmt);
    if (rc == PEYGIR_DB_ROW)
      live_hash = peygir_db_column_dup (stmt, 0);
    else if (rc != PEYGIR_DB_DONE)
      return peygir_db_set_error (self->db, error);
  }

  if (live_hash == NULL)
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_AUDIT,
                   _("The audit log does not verify against the backup: it no longer holds event %" PRId64 ", the last one the backup recorded; events were removed."),
                   head_id);
      return FALSE;
    }
  if (g_strcmp0 (live_hash, head_hash) != 0)
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_AUDIT,
                   _("The audit log does not verify against the backup: event %" PRId64 " is not the one the backup recorded; the log was rewritten."),
                   head_id);
      return FALSE;
    }
  return TRUE;
}

gboolean
peygir_store_check (PeygirStore  *self,
                    GError      **error)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autofree char *running = g_strdup (AUDIT_GENESIS);
  g_autofree char *head_hash = NULL;
  gint64 head_id = 0;
  gint64 last_id = 0;
  gint64 expected_id = 1;
  gboolean more = TRUE;

  STORE_LOCK (self);

  if (!peygir_db_check_integrity (self->db, problems, error))
    return FALSE;

  if (problems->len > 0)
    {
      g_strchomp (problems->str);
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CORRUPT,
                   _("The database file is damaged: %s"), problems->str);
      return FALSE;
    }

  {
    g_autofree char *table = peygir_db_find_dangling_row (self->db, error);

    if (table != NULL)
      g_string_append_printf (problems, _("a row of “%s” points to a missing row\n"), table);
  }

  /* The head and the last event in one statement, so one snapshot: every
   * action writes both in its transaction, so an event past the head was
   * put there behind Peygir's back (or the head was set back). */
  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db,
                 "SELECT (SELECT value FROM meta WHERE key = 'audit_head_id'),"
                 "       (SELECT value FROM meta WHERE key = 'audit_head_hash'),"
                 "       (SELECT max (id) FROM events)", error);
    int rc;

    if (stmt == NULL)
      return FALSE;
    rc = peygir_db_step (stmt);
    if (rc != PEYGIR_DB_ROW)
      return peygir_db_set_error (self->db, error);
    head_id = peygir_db_column_int64 (stmt, 0);
    head_hash = peygir_db_column_is_null (stmt, 1) ? g_strdup (AUDIT_GENESIS) : peygir_db_column_dup (stmt, 1);
    last_id = peygir_db_column_int64 (stmt, 2);
  }
  if (last_id > head_id)
    g_string_append_printf (problems,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "%" PRId64 " audit event lies past the head of the log (event %" PRId64 "): it was added, or the head set back, outside Peygir\n",
                                         "%" PRId64 " audit events lie past the head of the log (event %" PRId64 "): they were added, or the head set back, outside Peygir\n",
                                         last_id - head_id),
                            last_id - head_id, head_id);

  /* In chunks, each its own read transaction, so that a long check never
   * holds the other desks' commits back for long. */
  while (more)
    {
      g_autoptr(PeygirDbStatement) stmt =
        peygir_db_prepare (self->db,
                   "SELECT id, case_id, at, actor_id, action, from_state, to_state, note, hash, operator_id"
                   " FROM events WHERE id >= ? AND id <= ? ORDER BY id LIMIT " G_STRINGIFY (CHECK_CHUNK), error);
      int rc;
      guint rows = 0;

      if (stmt == NULL)
        return FALSE;
      peygir_db_bind_int64 (stmt, 1, expected_id);
      /* up to the head read above: events other desks append meanwhile are
       * for the next check, not a chain that ends past its head */
      peygir_db_bind_int64 (stmt, 2, head_id);
      while ((rc = peygir_db_step (stmt)) == PEYGIR_DB_ROW)
        {
          gint64 id = peygir_db_column_int64 (stmt, 0);
          g_autofree char *hash = NULL;
          const char *stored = peygir_db_column_text (stmt, 8);

          rows++;
          if (id != expected_id)
            g_string_append_printf (problems, _("audit events %" PRId64 " to %" PRId64 " are missing\n"),
                                    expected_id, id - 1);
          hash = audit_hash (running, id,
                             peygir_db_column_int64 (stmt, 1),
                             peygir_db_column_int64 (stmt, 2),
                             peygir_db_column_int64 (stmt, 3),
                             peygir_db_column_int64 (stmt, 9),
                             peygir_db_column_text (stmt, 4),
                             peygir_db_column_text (stmt, 5),
                             peygir_db_column_text (stmt, 6),
                             peygir_db_column_text (stmt, 7));
          if (g_strcmp0 (hash, stored) != 0)
            g_string_append_printf (problems, _("audit event %" PRId64 " has been altered\n"), id);
          g_free (running);
          /* chain on the stored hash, so one altered event is reported once */
          running = g_strdup (stored != NULL ? stored : "");
          expected_id = id + 1;
        }
      if (rc != PEYGIR_DB_DONE)
        return peygir_db_set_error (self->db, error);
      more = rows == CHECK_CHUNK;
    }

  if (expected_id - 1 != head_id || g_strcmp0 (running, head_hash) != 0)
    g_string_append_printf (problems, _("the audit log ends at event %" PRId64 " but should end at %" PRId64 ": events were removed\n"),
                            expected_id - 1, head_id);

  if (problems->len > 0)
    {
      g_strchomp (problems->str);
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_AUDIT,
                   _("The audit log does not verify: %s"), problems->str);
      return FALSE;
    }
  return TRUE;
}

/* Users and agencies. */

PeygirUser *
peygir_store_add_user (PeygirStore  *self,
                       const char   *actor_login,
                       const char   *login,
                       const char   *name,
                       PeygirRoles   roles,
                       GError      **error)
{
  g_autoptr(PeygirUser) user = NULL;
  g_autofree char *clean_name = NULL;
  g_autofree char *roles_text = NULL;
  gint64 actor_id = 0;
  gint64 users;
  gboolean ok = FALSE;

  if (!peygir_text_validate (login, _("The login"), 64, FALSE, error) ||
      !peygir_text_validate (name, _("The name"), 200, FALSE, error))
    return NULL;
  clean_name = peygir_text_sanitize (name, FALSE);
  if (*login == '\0' || strpbrk (login, " \t/") != NULL || *clean_name == '\0')
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                   _("A user needs a login without spaces and a name."));
      return NULL;
    }
  if ((roles & PEYGIR_ROLES_ALL) == 0)
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_MISSING,
                   _("A user needs at least one role."));
      return NULL;
    }

  STORE_LOCK (self);
  if (!tx_begin (self, TRUE, error))
    return NULL;

  users = count_rows (self, "SELECT count(*) FROM users", error);
  if (users < 0)
    goto out;
  if (users == 0)
    roles |= PEYGIR_ROLE_ADMIN;  /* the first user administers the office's Peygir */
  else if (!check_admin (self, actor_login, &actor_id, error))
    goto out;

  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db, "INSERT INTO users (login, name, roles, created_at) VALUES (?, ?, ?, ?)", error);
    int rc;

    if (stmt == NULL)
      goto out;
    peygir_db_bind_text (stmt, 1, login);
    peygir_db_bind_text (stmt, 2, clean_name);
    peygir_db_bind_int (stmt, 3, roles & PEYGIR_ROLES_ALL);
    peygir_db_bind_int64 (stmt, 4, peygir_clock_now ());
    rc = peygir_db_step (stmt);
    if (rc == PEYGIR_DB_DUPLICATE)
      {
        g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_EXISTS,
                     _("There is already a user with the login “%s”."), login);
        goto out;
      }
    if (rc != PEYGIR_DB_DONE)
      {
        peygir_db_set_error (self->db, error);
        goto out;
      }
  }

  user = read_user (self, login, error);
  if (user == NULL)
    goto out;
  roles_text = peygir_roles_to_string (user->roles);
  {
    g_autofree char *note = g_strdup_printf ("%s (%s): %s", user->login, user->name, roles_text);

    ok = append_event (self, 0, peygir_clock_now (), actor_id, "user_add", NULL, NULL, note, error);
  }

out:
  if (!tx_end (self, ok, error))
    return NULL;
  return g_steal_pointer (&user);
}

PeygirUser *
peygir_store_update_user (PeygirStore  *self,
                          const char   *actor_login,
                          const char   *login,
                          const char   *name,
                          PeygirRoles   roles,
                          int           active,
                          GError      **error)
{
  g_autoptr(PeygirUser) before = NULL;
  g_autoptr(PeygirUser) user = NULL;
  g_autofree char *clean_name = NULL;
  g_autofree char *roles_text = NULL;
  g_autofree char *note = NULL;
  gint64 actor_id;
  gboolean ok = FALSE;

  if (name != NULL)
    {
      if (!peygir_text_validate (name, _("The name"), 200, FALSE, error))
        return NULL;
      clean_name = peygir_text_sanitize (name, FALSE);
      if (*clean_name == '\0')
        {
          g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_MISSING, _("A user needs a name."));
          return NULL;
        }
    }

  STORE_LOCK (self);
  if (!tx_begin (self, TRUE, error))
    return NULL;
  if (!check_admin (self, actor_login, &actor_id, error))
    goto out;
  before = read_user (self, login, error);
  if (before == NULL)
    goto out;

  if (roles == 0)
    roles = before->roles;
  if (active < 0)
    active = before->active;

  /* Someone must still be able to administer the office's Peygir. */
  if ((before->roles & PEYGIR_ROLE_ADMIN) && before->active
      && (!(roles & PEYGIR_ROLE_ADMIN) || !active))
    {
      gint64 admins = count_rows (self, "SELECT count(*) FROM users WHERE active AND roles & 8", error);

      if (admins < 0)
        goto out;
      if (admins <= 1)
        {
          g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED,
                       _("“%s” is the last administrator: make someone else an administrator first."), login);
          goto out;
        }
    }

  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db, "UPDATE users SET name = coalesce (?2, name), roles = ?3, active = ?4 WHERE login = ?1", error);

    if (stmt == NULL)
      goto out;
    peygir_db_bind_text (stmt, 1, login);
    peygir_db_bind_text (stmt, 2, clean_name);
    peygir_db_bind_int (stmt, 3, roles & PEYGIR_ROLES_ALL);
    peygir_db_bind_int (stmt, 4, active ? 1 : 0);
    if (!peygir_db_step_done (stmt, error))
      goto out;
  }

  g_clear_pointer (&self->batch_actors, g_hash_table_unref);
  user = read_user (self, login, error);
  if (user == NULL)
    goto out;
  roles_text = peygir_roles_to_string (user->roles);
  note = g_strdup_printf ("%s (%s): %s%s", user->login, user->name, roles_text, user->active ? "" : " — inactive");
  ok = append_event (self, 0, peygir_clock_now (), actor_id, "user_change", NULL, NULL, note, error);

out:
  if (!tx_end (self, ok, error))
    return NULL;
  return g_steal_pointer (&user);
}

PeygirUser *
peygir_store_set_user_title (PeygirStore  *self,
                             const char   *actor_login,
                             const char   *login,
                             const char   *title,
                             GError      **error)
{
  g_autoptr(PeygirUser) actor = NULL;
  g_autoptr(PeygirUser) user = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *note = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (login != NULL, NULL);

  if (title != NULL)
    {
      if (!peygir_text_validate (title, _("The title"), 300, FALSE, error))
        return NULL;
      clean = peygir_text_sanitize (title, FALSE);
      g_strstrip (clean);
      if (*clean == '\0')
        g_clear_pointer (&clean, g_free);
    }

  STORE_LOCK (self);
  if (!tx_begin (self, TRUE, error))
    return NULL;
  actor = read_actor (self, actor_login, error);
  if (actor == NULL)
    goto out;
  /* one's own title, or anyone's for an administrator */
  if (g_strcmp0 (actor->login, login) != 0 && !(actor->roles & PEYGIR_ROLE_ADMIN))
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED,
                   _("Only an administrator may change another user’s title."));
      goto out;
    }
  user = read_user (self, login, error);
  if (user == NULL)
    goto out;
  {
    g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, "UPDATE users SET title = ?2 WHERE login = ?1", error);

    if (stmt == NULL)
      goto out;
    peygir_db_bind_text (stmt, 1, login);
    peygir_db_bind_text (stmt, 2, clean);
    if (!peygir_db_step_done (stmt, error))
      goto out;
  }
  note = g_strdup_printf ("%s: %s", login, clean != NULL ? clean : "");
  if (!append_event (self, 0, peygir_clock_now (), actor->id, "user_title", NULL, NULL, note, error))
    goto out;
  g_free (user->title);
  user->title = g_steal_pointer (&clean);
  ok = TRUE;

out:
  if (!tx_end (self, ok, error))
    return NULL;
  return g_steal_pointer (&user);
}

PeygirUser *
peygir_store_find_user (PeygirStore  *self,
                        const char   *login,
                        GError      **error)
{
  STORE_LOCK (self);
  return read_user (self, login, error);
}

GPtrArray *
peygir_store_list_users (PeygirStore  *self,
                         GError      **error)
{
  STORE_LOCK (self);
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, "SELECT " USER_COLUMNS " FROM users ORDER BY id", error);

  if (stmt == NULL)
    return NULL;
  return collect_rows (self, stmt, (RowFunc) user_from_row, (GDestroyNotify) peygir_user_free, error);
}

void
peygir_store_set_operator (PeygirStore *self,
                           const char  *login)
{
  STORE_LOCK (self);
  g_free (self->operator_login);
  self->operator_login = g_strdup (login);
}

gint64
peygir_store_count_users (PeygirStore  *self,
                          GError      **error)
{
  STORE_LOCK (self);
  return count_rows (self, "SELECT count(*) FROM users", error);
}

#define AGENCY_COLUMNS "id, name, head_title, response_days, active"

static PeygirAgency *
agency_from_row (PeygirDbStatement *stmt)
{
  PeygirAgency *agency = g_new0 (PeygirAgency, 1);

  agency->id = peygir_db_column_int64 (stmt, 0);
  agency->name = peygir_db_column_dup (stmt, 1);
  agency->head_title = peygir_db_column_dup (stmt, 2);
  agency->response_days = peygir_db_column_int (stmt, 3);
  agency->active = peygir_db_column_int (stmt, 4);
  return agency;
}

static PeygirAgency *
read_agency (PeygirStore  *self,
             gint64        id,
             GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, "SELECT " AGENCY_COLUMNS " FROM agencies WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  peygir_db_bind_int64 (stmt, 1, id);
  rc = peygir_db_step (stmt);
  if (rc == PEYGIR_DB_ROW)
    return agency_from_row (stmt);
  if (rc != PEYGIR_DB_DONE)
    peygir_db_set_error (self->db, error);
  else
    g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND,
                 _("There is no agency number %" PRId64 "."), id);
  return NULL;
}

PeygirAgency *
peygir_store_add_agency (PeygirStore  *self,
                         const char   *actor_login,
                         const char   *name,
                         const char   *head_title,
                         int           response_days,
                         GError      **error)
{
  g_autofree char *clean_name = NULL;
  g_autofree char *clean_title = NULL;
  g_autoptr(PeygirAgency) agency = NULL;
  gint64 actor_id;
  gboolean ok = FALSE;

  if (!peygir_text_validate (name, _("The agency’s name"), 300, FALSE, error) ||
      (head_title != NULL && !peygir_text_validate (head_title, _("The head’s title"), 300, FALSE, error)))
    return NULL;
  clean_name = peygir_text_sanitize (name, FALSE);
  if (*clean_name == '\0')
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_MISSING, _("An agency needs a name."));
      return NULL;
    }
  clean_title = head_title != NULL && *head_title != '\0'
                ? peygir_text_sanitize (head_title, FALSE)
                : g_strconcat ("رئیس محترم ", clean_name, NULL);
  if (response_days < 0 || response_days > 365)
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                   _("The days to answer must be between 1 and 365."));
      return NULL;
    }

  STORE_LOCK (self);
  if (!tx_begin (self, TRUE, error))
    return NULL;
  if (!check_admin (self, actor_login, &actor_id, error))
    goto out;

  if (response_days == 0)
    response_days = read_setting_int (self, PEYGIR_SETTING_RESPONSE_DAYS, DEFAULT_RESPONSE_DAYS);

  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db, "INSERT INTO agencies (name, head_title, response_days) VALUES (?, ?, ?)", error);
    int rc;

    if (stmt == NULL)
      goto out;
    peygir_db_bind_text (stmt, 1, clean_name);
    peygir_db_bind_text (stmt, 2, clean_title);
    peygir_db_bind_int (stmt, 3, response_days);
    rc = peygir_db_step (stmt);
    if (rc == PEYGIR_DB_DUPLICATE)
      {
        g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_EXISTS,
                     _("There is already an agency named “%s”."), clean_name);
        goto out;
      }
    if (rc != PEYGIR_DB_DONE)
      {
        peygir_db_set_error (self->db, error);
        goto out;
      }
  }

  agency = read_agency (self, peygir_db_last_insert_id (self->db), error);
  ok = agency != NULL
       && append_event (self, 0, peygir_clock_now (), actor_id, "agency_add", NULL, NULL, clean_name, error);

out:
  if (!tx_end (self, ok, error))
    return NULL;
  return g_steal_pointer (&agency);
}

PeygirAgency *
peygir_store_update_agency (PeygirStore  *self,
                            const char   *actor_login,
                            gint64        id,
                            const char   *name,
                            const char   *head_title,
                            int           response_days,
                            int           active,
                            GError      **error)
{
  g_autoptr(PeygirAgency) agency = NULL;
  g_autofree char *clean_name = NULL;
  g_autofree char *clean_title = NULL;
  gint64 actor_id;
  gboolean ok = FALSE;

  if ((name != NULL && !peygir_text_validate (name, _("The agency’s name"), 300, FALSE, error)) ||
      (head_title != NULL && !peygir_text_validate (head_title, _("The head’s title"), 300, FALSE, error)))
    return NULL;
  clean_name = name != NULL ? peygir_text_sanitize (name, FALSE) : NULL;
  clean_title = head_title != NULL ? peygir_text_sanitize (head_title, FALSE) : NULL;
  if ((clean_name != NULL && *clean_name == '\0') || (clean_title != NULL && *clean_title == '\0'))
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_MISSING,
                   _("An agency needs a name and its head’s title."));
      return NULL;
    }
  if (response_days < 0 || response_days > 365)
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                   _("The days to answer must be between 1 and 365."));
      return NULL;
    }

  STORE_LOCK (self);
  if (!tx_begin (self, TRUE, error))
    return NULL;
  if (!check_admin (self, actor_login, &actor_id, error))
    goto out;
  agency = read_agency (self, id, error);
  if (agency == NULL)
    goto out;
  g_clear_pointer (&agency, peygir_agency_free);

  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db,
                 "UPDATE agencies SET name = coalesce (?2, name), head_title = coalesce (?3, head_title),"
                 " response_days = CASE WHEN ?4 > 0 THEN ?4 ELSE response_days END,"
                 " active = CASE WHEN ?5 >= 0 THEN ?5 ELSE active END WHERE id = ?1", error);
    int rc;

    if (stmt == NULL)
      goto out;
    peygir_db_bind_int64 (stmt, 1, id);
    peygir_db_bind_text (stmt, 2, clean_name);
    peygir_db_bind_text (stmt, 3, clean_title);
    peygir_db_bind_int (stmt, 4, response_days);
    peygir_db_bind_int (stmt, 5, active < 0 ? -1 : (active ? 1 : 0));
    rc = peygir_db_step (stmt);
    if (rc == PEYGIR_DB_DUPLICATE)
      {
        g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_EXISTS,
                     _("There is already an agency named “%s”."), clean_name);
        goto out;
      }
    if (rc != PEYGIR_DB_DONE)
      {
        peygir_db_set_error (self->db, error);
        goto out;
      }
  }

  agency = read_agency (self, id, error);
  ok = agency != NULL
       && append_event (self, 0, peygir_clock_now (), actor_id, "agency_change", NULL, NULL, agency->name, error);

out:
  if (!tx_end (self, ok, error))
    return NULL;
  return g_steal_pointer (&agency);
}

PeygirAgency *
peygir_store_get_agency (PeygirStore  *self,
                         gint64        id,
                         GError      **error)
{
  STORE_LOCK (self);
  return read_agency (self, id, error);
}

GPtrArray *
peygir_store_list_agencies (PeygirStore  *self,
                            GError      **error)
{
  STORE_LOCK (self);
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, "SELECT " AGENCY_COLUMNS " FROM agencies ORDER BY id", error);

  if (stmt == NULL)
    return NULL;
  return collect_rows (self, stmt, (RowFunc) agency_from_row, (GDestroyNotify) peygir_agency_free, error);
}

/* Settings. */

char *
peygir_store_get_setting (PeygirStore  *self,
                          const char   *key,
                          GError      **error)
{
  STORE_LOCK (self);
  return read_setting (self, key, error);
}

int
peygir_store_get_setting_int (PeygirStore *self,
                              const char  *key,
                              int          fallback)
{
  STORE_LOCK (self);
  return read_setting_int (self, key, fallback);
}

gboolean
peygir_store_set_setting (PeygirStore  *self,
                          const char   *actor_login,
                          const char   *key,
                          const char   *value,
                          GError      **error)
{
  const SettingDefault *setting = find_setting (key);
  gint64 actor_id;
  gboolean ok = FALSE;
  gint64 n;

  if (setting == NULL)
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND,
                   _("There is no setting “%s”."), key);
      return FALSE;
    }
  if (setting->choices != NULL)
    {
      g_auto(GStrv) choices = g_strsplit (setting->choices, "|", -1);

      if (value == NULL || !g_strv_contains ((const char * const *) choices, value))
        {
          g_autofree char *listed = g_strjoinv (", ", choices);

          g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                       _("The setting “%s” takes one of: %s."), key, listed);
          return FALSE;
        }
    }
  else if (setting->is_number
      ? (value == NULL || !g_ascii_string_to_signed (value, 10, 1, G_MAXINT, &n, NULL))
      : !peygir_text_validate (value, key, 20000, setting->multiline, error))
    {
      if (setting->is_number)
        g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                     _("The setting “%s” must be a positive whole number."), key);
      return FALSE;
    }

  STORE_LOCK (self);
  if (!tx_begin (self, TRUE, error))
    return FALSE;
  if (check_admin (self, actor_login, &actor_id, error))
    {
      g_autoptr(PeygirDbStatement) stmt =
        peygir_db_prepare (self->db, "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", error);
      g_autofree char *note = g_strdup_printf ("%s = %s", key, value);

      if (stmt != NULL)
        {
          peygir_db_bind_text (stmt, 1, key);
          peygir_db_bind_text (stmt, 2, value);
          ok = peygir_db_step_done (stmt, error)
               && append_event (self, 0, peygir_clock_now (), actor_id, "setting", NULL, NULL, note, error);
        }
    }
  return tx_end (self, ok, error);
}

/* Holidays and the working-day calendar. */

static PeygirHoliday *
holiday_from_row (PeygirDbStatement *stmt)
{
  PeygirHoliday *holiday = g_new0 (PeygirHoliday, 1);

  holiday->id = peygir_db_column_int64 (stmt, 0);
  holiday->persian_month = peygir_db_column_int (stmt, 1);
  holiday->persian_day = peygir_db_column_int (stmt, 2);
  holiday->day = peygir_db_column_int (stmt, 3);
  holiday->name = peygir_db_column_dup (stmt, 4);
  return holiday;
}

static GPtrArray *
read_holidays (PeygirStore  *self,
               GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt =
    peygir_db_prepare (self->db, "SELECT id, persian_month, persian_day, day, name FROM holidays ORDER BY id", error);

  if (stmt == NULL)
    return NULL;
  return collect_rows (self, stmt, (RowFunc) holiday_from_row, (GDestroyNotify) peygir_holiday_free, error);
}

static PeygirCalendar *
read_calendar (PeygirStore  *self,
               GError      **error)
{
  g_autoptr(GPtrArray) holidays = NULL;
  PeygirCalendar *calendar;

  /* In a batch nobody else can change the table: read it once. */
  if (self->batch_depth > 0 && self->batch_calendar != NULL)
    return peygir_calendar_ref (self->batch_calendar);

  holidays = read_holidays (self, error);
  if (holidays == NULL)
    return NULL;

  calendar = peygir_calendar_new ();
  for (guint i = 0; i < holidays->len; i++)
    {
      PeygirHoliday *holiday = g_ptr_array_index (holidays, i);

      if (holiday->day != 0)
        peygir_calendar_add_holiday (calendar, holiday->day);
      else if (holiday->persian_month != 0)
        peygir_calendar_add_solar_holiday (calendar, holiday->persian_month, holiday->persian_day);
    }

  if (self->batch_depth > 0)
    self->batch_calendar = peygir_calendar_ref (calendar);
  return calendar;
}

GPtrArray *
peygir_store_list_holidays (PeygirStore  *self,
                            GError      **error)
{
  STORE_LOCK (self);
  return read_holidays (self, error);
}

PeygirCalendar *
peygir_store_get_calendar (PeygirStore  *self,
                           GError      **error)
{
  STORE_LOCK (self);
  return read_calendar (self, error);
}

gboolean
peygir_store_add_holiday (PeygirStore          *self,
                          const char           *actor_login,
                          const PeygirHoliday  *holiday,
                          GError              **error)
{
  g_autofree char *name = NULL;
  gint64 actor_id;
  gboolean ok = FALSE;

  if (holiday->day != 0 ? !peygir_day_is_valid (holiday->day)
                        : (holiday->persian_month < 1 || holiday->persian_month > 12 ||
                           holiday->persian_day < 1 || holiday->persian_day > 31))
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_DATE, _("The holiday’s date is not valid."));
      return FALSE;
    }
  if (!peygir_text_validate (holiday->name, _("The holiday’s name"), 200, FALSE, error))
    return FALSE;
  name = peygir_text_sanitize (holiday->name, FALSE);

  STORE_LOCK (self);
  if (!tx_begin (self, TRUE, error))
    return FALSE;
  if (check_admin (self, actor_login, &actor_id, error))
    {
      g_autoptr(PeygirDbStatement) stmt =
        peygir_db_prepare (self->db, "INSERT INTO holidays (persian_month, persian_day, day, name) VALUES (?, ?, ?, ?)", error);

      if (stmt != NULL)
        {
          if (holiday->day != 0)
            {
              peygir_db_bind_null (stmt, 1);
              peygir_db_bind_null (stmt, 2);
              peygir_db_bind_int (stmt, 3, holiday->day);
            }
          else
            {
              peygir_db_bind_int (stmt, 1, holiday->persian_month);
              peygir_db_bind_int (stmt, 2, holiday->persian_day);
              peygir_db_bind_null (stmt, 3);
            }
          peygir_db_bind_text (stmt, 4, name);
          ok = peygir_db_step_done (stmt, error)
               && append_event (self, 0, peygir_clock_now (), actor_id, "holiday_add", NULL, NULL, name, error);
        }
    }
  return tx_end (self, ok, error);
}

/* Cases: reading. */

/* A case's columns, with @description the column or expression for its
 * text. Overdue (answer not sent on time) is read from answer_due, the
 * earliest deadline of the round's dispatched, unanswered referrals, which
 * every action that moves one keeps current. */
#define CASE_SELECT(description) \
  "c.id, c.tracking_code, c.reg_year, c.reg_seq, c.kind, c.applicant_type, c.applicant_name," \
  " c.national_id, c.mobile, c.phone, c.address, c.postal_code, c.email, c.subject, " description "," \
  " c.category, c.agency_id, a.name, c.channel, c.samad_code, c.linked_case_id, c.state," \
  " c.expert_id, u.name, c.received_on, c.created_at, c.registered_at, c.updated_at," \
  " c.closed_at, c.service_due, c.paused_at, c.round, c.version," \
  " coalesce (c.answer_due < :today, 0)" \
  " FROM cases c LEFT JOIN agencies a ON a.id = c.agency_id LEFT JOIN users u ON u.id = c.expert_id"

/* Pages of the inbox need only the start of a long description. */
#define FULL_DESCRIPTION  "c.description"
#define SHORT_DESCRIPTION "substr (c.description, 1, 300)"

/* Stored identifiers back to enums; the database only holds known ones. */
#define COLUMN_ENUM(stmt, column, type, out) \
  peygir_##type##_from_string (peygir_db_column_text (stmt, column), out)

static PeygirCase *
case_from_row (PeygirDbStatement *stmt)
{
  PeygirCase *kase = g_new0 (PeygirCase, 1);
  PeygirDay now = today ();
  int i = 0;

  kase->id = peygir_db_column_int64 (stmt, i++);
  kase->tracking_code = peygir_db_column_dup (stmt, i++);
  if (!peygir_db_column_is_null (stmt, i))
    kase->registration_number = g_strdup_printf ("%d/%d", peygir_db_column_int (stmt, i), peygir_db_column_int (stmt, i + 1));
  i += 2;
  COLUMN_ENUM (stmt, i++, kind, &kase->kind);
  COLUMN_ENUM (stmt, i++, applicant_type, &kase->applicant.type);
  kase->applicant.name = peygir_db_column_dup (stmt, i++);
  kase->applicant.national_id = peygir_db_column_dup (stmt, i++);
  kase->applicant.mobile = peygir_db_column_dup (stmt, i++);
  kase->applicant.phone = peygir_db_column_dup (stmt, i++);
  kase->applicant.address = peygir_db_column_dup (stmt, i++);
  kase->applicant.postal_code = peygir_db_column_dup (stmt, i++);
  kase->applicant.email = peygir_db_column_dup (stmt, i++);
  kase->subject = peygir_db_column_dup (stmt, i++);
  kase->description = peygir_db_column_dup (stmt, i++);
  COLUMN_ENUM (stmt, i++, category, &kase->category);
  kase->agency_id = peygir_db_column_int64 (stmt, i++);
  kase->agency_name = peygir_db_column_dup (stmt, i++);
  COLUMN_ENUM (stmt, i++, channel, &kase->channel);
  kase->samad_code = peygir_db_column_dup (stmt, i++);
  kase->linked_case_id = peygir_db_column_int64 (stmt, i++);
  COLUMN_ENUM (stmt, i++, state, &kase->state);
  kase->expert_id = peygir_db_column_int64 (stmt, i++);
  kase->expert_name = peygir_db_column_dup (stmt, i++);
  kase->received_on = peygir_db_column_int (stmt, i++);
  kase->created_at = peygir_db_column_int64 (stmt, i++);
  kase->registered_at = peygir_db_column_int64 (stmt, i++);
  kase->updated_at = peygir_db_column_int64 (stmt, i++);
  kase->closed_at = peygir_db_column_int64 (stmt, i++);
  kase->service_due = peygir_db_column_int (stmt, i++);
  kase->paused_at = peygir_db_column_int64 (stmt, i++);
  kase->round = peygir_db_column_int (stmt, i++);
  kase->version = peygir_db_column_int (stmt, i++);
  kase->overdue = peygir_db_column_int (stmt, i++);

  kase->service_overdue = kase->service_due != 0
                          && kase->paused_at == 0
                          && kase->service_due < now
                          && (PEYGIR_STATE_BIT (kase->state) &
                              (PEYGIR_STATE_BIT (PEYGIR_STATE_REGISTERED) |
                               PEYGIR_STATE_BIT (PEYGIR_STATE_WITH_MANAGER) |
                               PEYGIR_STATE_BIT (PEYGIR_STATE_REFERRED) |
                               PEYGIR_STATE_BIT (PEYGIR_STATE_IN_REVIEW)));
  return kase;
}

static void
bind_today (PeygirDbStatement *stmt)
{
  int index = peygir_db_parameter (stmt, ":today");

  if (index > 0)
    peygir_db_bind_int (stmt, index, today ());
}

/* With the referral, its latest reminder letter (m: the newest follow-up
 * by letter that was not withdrawn) and the day that one was sent. */
#define REFERRAL_COLUMNS \
  "r.id, r.case_id, r.agency_id, a.name, a.head_title, r.round, r.state, r.letter_text," \
  " r.drafted_by, r.drafted_at, r.approved_by, u.name, r.approved_at, r.letter_number," \
  " r.dispatched_at, r.due, r.answer, r.answered_at," \
  " (SELECT count(*) FROM follow_ups f WHERE f.referral_id = r.id)," \
  " m.reminder, m.id, m.letter_number, l.issued_at, m.note, m.signer_id," \
  " r.answer_number, r.answer_date, r.answer_document_id" \
  " FROM referrals r JOIN agencies a ON a.id = r.agency_id LEFT JOIN users u ON u.id = r.approved_by" \
  " LEFT JOIN follow_ups m ON m.id = (SELECT max (f.id) FROM follow_ups f WHERE f.referral_id = r.id" \
  "                                   AND f.reminder IS NOT NULL AND f.reminder <> 'withdrawn')" \
  " LEFT JOIN letters l ON l.number = m.letter_number"

static PeygirReferral *
referral_from_row (PeygirDbStatement *stmt)
{
  PeygirReferral *referral = g_new0 (PeygirReferral, 1);
  int i = 0;

  referral->id = peygir_db_column_int64 (stmt, i++);
  referral->case_id = peygir_db_column_int64 (stmt, i++);
  referral->agency_id = peygir_db_column_int64 (stmt, i++);
  referral->agency_name = peygir_db_column_dup (stmt, i++);
  referral->agency_head_title = peygir_db_column_dup (stmt, i++);
  referral->round = peygir_db_column_int (stmt, i++);
  COLUMN_ENUM (stmt, i++, referral_state, &referral->state);
  referral->letter_text = peygir_db_column_dup (stmt, i++);
  referral->drafted_by = peygir_db_column_int64 (stmt, i++);
  referral->drafted_at = peygir_db_column_int64 (stmt, i++);
  referral->approved_by = peygir_db_column_int64 (stmt, i++);
  referral->approved_by_name = peygir_db_column_dup (stmt, i++);
  referral->approved_at = peygir_db_column_int64 (stmt, i++);
  referral->letter_number = peygir_db_column_dup (stmt, i++);
  referral->dispatched_at = peygir_db_column_int64 (stmt, i++);
  referral->due = peygir_db_column_int (stmt, i++);
  referral->answer = peygir_db_column_dup (stmt, i++);
  referral->answered_at = peygir_db_column_int64 (stmt, i++);
  referral->follow_ups = peygir_db_column_int (stmt, i++);
  if (!peygir_db_column_is_null (stmt, i))
    COLUMN_ENUM (stmt, i, reminder_state, &referral->reminder);
  i++;
  referral->reminder_follow_up_id = peygir_db_column_int64 (stmt, i++);
  referral->last_reminder_number = peygir_db_column_dup (stmt, i++);
  referral->last_reminder_at = peygir_db_column_int64 (stmt, i++);
  referral->last_reminder_note = peygir_db_column_dup (stmt, i++);
  referral->reminder_signer_id = peygir_db_column_int64 (stmt, i++);
  referral->answer_number = peygir_db_column_dup (stmt, i++);
  referral->answer_date = peygir_db_column_int (stmt, i++);
  referral->answer_document_id = peygir_db_column_int64 (stmt, i++);
  referral->overdue = referral->state == PEYGIR_REFERRAL_DISPATCHED && referral->due != 0 && referral->due < today ();
  return referral;
}

static GPtrArray *
read_referrals (PeygirStore  *self,
                gint64        case_id,
                GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt =
    peygir_db_prepare (self->db, "SELECT " REFERRAL_COLUMNS " WHERE r.case_id = ? ORDER BY r.id", error);

  if (stmt == NULL)
    return NULL;
  peygir_db_bind_int64 (stmt, 1, case_id);
  return collect_rows (self, stmt, (RowFunc) referral_from_row, (GDestroyNotify) peygir_referral_free, error);
}

/* One case by a condition on :key1 (and :key2): numbers, or a text for
 * :key1. Named, not ?1: CASE_SELECT's :today comes first in the text and
 * would take the number 1. */
static PeygirCase *
read_case_where (PeygirStore       *self,
                 const char        *where,
                 gint64             key1,
                 gint64             key2,
                 const char        *text_key,
                 PeygirCaseDetail   detail,
                 GError           **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(PeygirCase) kase = NULL;
  int rc;

  sql = g_strdup_printf ("SELECT " CASE_SELECT (FULL_DESCRIPTION) " WHERE %s", where);
  {
    g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare_built (self->db, sql, error);

    if (stmt == NULL)
      return NULL;
    bind_today (stmt);
    if (text_key != NULL)
      peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":key1"), text_key);
    else
      peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":key1"), key1);
    if (peygir_db_parameter (stmt, ":key2") > 0)
      peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":key2"), key2);
    rc = peygir_db_step (stmt);
    if (rc == PEYGIR_DB_ROW)
      kase = case_from_row (stmt);
    else if (rc != PEYGIR_DB_DONE)
      {
        peygir_db_set_error (self->db, error);
        return NULL;
      }
  }

  if (kase == NULL)
    {
      if (text_key != NULL)
        g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND,
                     _("No case has the number “%s”."), text_key);
      else
        g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND,
                     _("There is no case number %" PRId64 "."), key1);
      return NULL;
    }

  if (detail & PEYGIR_CASE_DETAIL_REFERRALS)
    {
      kase->referrals = read_referrals (self, kase->id, error);
      if (kase->referrals == NULL)
        return NULL;
    }
  return g_steal_pointer (&kase);
}

static PeygirCase *
read_case (PeygirStore       *self,
           gint64             id,
           PeygirCaseDetail   detail,
           GError           **error)
{
  return read_case_where (self, "c.id = :key1", id, 0, NULL, detail, error);
}

PeygirCase *
peygir_store_get_case (PeygirStore       *self,
                       gint64             id,
                       PeygirCaseDetail   detail,
                       GError           **error)
{
  PeygirCase *kase;

  STORE_LOCK (self);
  /* one read transaction, so the case and its referrals agree */
  if (!tx_begin (self, FALSE, error))
    return NULL;
  kase = read_case (self, id, detail, error);
  tx_end (self, TRUE, NULL);
  return kase;
}

/* "1405/123", "۱۴۰۵-۱۲۳" → year and sequence. */
static gboolean
parse_registration_number (const char *text,
                           int        *year,
                           int        *seq)
{
  g_autofree char *ascii = peygir_text_digits_to_ascii (text);
  g_auto(GStrv) parts = NULL;
  gint64 y, s;

  g_strstrip (ascii);
  parts = g_regex_split_simple ("\\s*[/\\-]\\s*", ascii, 0, 0);
  if (g_strv_length (parts) != 2)
    return FALSE;
  if (!g_ascii_string_to_unsigned (parts[0], 10, 1300, 1700, (guint64 *) &y, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXINT, (guint64 *) &s, NULL))
    return FALSE;
  *year = (int) y;
  *seq = (int) s;
  return TRUE;
}

static char *
digits_only (const char *text)
{
  g_autofree char *ascii = peygir_text_digits_to_ascii (text);
  GString *digits = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
    else if (*p != ' ' && *p != '-')
      {
        g_string_free (digits, TRUE);
        return NULL;
      }
  return g_string_free (digits, FALSE);
}

PeygirCase *
peygir_store_find_case (PeygirStore       *self,
                        const char        *code,
                        PeygirCaseDetail   detail,
                        GError           **error)
{
  g_autofree char *digits = digits_only (code);
  g_autoptr(GError) local_error = NULL;
  PeygirCase *kase = NULL;
  gboolean tried = FALSE;
  int year, seq;

  STORE_LOCK (self);
  if (!tx_begin (self, FALSE, error))
    return NULL;

  if (digits != NULL && peygir_tracking_code_is_valid (digits))
    {
      kase = read_case_where (self, "c.tracking_code = :key1", 0, 0, digits, detail, &local_error);
      tried = TRUE;
    }
  /* "1405-12345" may also read as a tracking code that nobody was given */
  if (kase == NULL && parse_registration_number (code, &year, &seq)
      && (local_error == NULL || g_error_matches (local_error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND)))
    {
      g_clear_error (&local_error);
      kase = read_case_where (self, "c.reg_year = :key1 AND c.reg_seq = :key2", year, seq, NULL, detail, &local_error);
      tried = TRUE;
    }
  if (!tried)
    g_set_error (&local_error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND,
                 _("“%s” is neither a tracking code nor a registration number."), code);

  tx_end (self, TRUE, NULL);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return kase;
}

/* Cases: writing. */

static gboolean
check_agency_usable (PeygirStore  *self,
                     gint64        agency_id,
                     GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(PeygirAgency) agency = read_agency (self, agency_id, &local_error);

  if (agency == NULL)
    {
      if (g_error_matches (local_error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND))
        g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                     _("There is no agency number %" PRId64 "."), agency_id);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!agency->active)
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                   _("The agency “%s” is no longer in use."), agency->name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
case_exists (PeygirStore  *self,
             gint64        case_id,
             GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, "SELECT 1 FROM cases WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  peygir_db_bind_int64 (stmt, 1, case_id);
  rc = peygir_db_step (stmt);
  if (rc == PEYGIR_DB_ROW)
    return TRUE;
  if (rc != PEYGIR_DB_DONE)
    return peygir_db_set_error (self->db, error);
  g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND,
               _("There is no case number %" PRId64 "."), case_id);
  return FALSE;
}

/* The search row of a case: names, subject, description and every answer,
 * normalised (peygir_text_index_forms). Rewritten whole on each change.
 * A case gone (its creation undone in a batch) loses its row. */
static gboolean
rewrite_search_row (PeygirStore  *self,
                    gint64        case_id,
                    gboolean      missing_ok,
                    GError      **error)
{
  g_autofree char *name = NULL, *subject = NULL, *description = NULL, *answers = NULL;
  /* g_autofree on an array would free only its first element */
  g_auto(GStrv) body = g_new0 (char *, 5);
  g_auto(GStrv) extra = g_new0 (char *, 5);
  g_autofree char *all_extra = NULL;
  int rc;

  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db,
                 "SELECT applicant_name, subject, description,"
                 " (SELECT group_concat (answer || coalesce (' ' || answer_number, ''), ' ') FROM referrals"
                 "  WHERE case_id = cases.id AND answer IS NOT NULL)"
                 " FROM cases WHERE id = ?", error);
    if (stmt == NULL)
      return FALSE;
    peygir_db_bind_int64 (stmt, 1, case_id);
    rc = peygir_db_step (stmt);
    if (rc == PEYGIR_DB_DONE && missing_ok)
      {
        g_autoptr(PeygirDbStatement) gone = peygir_db_prepare (self->db, "DELETE FROM case_fts WHERE rowid = ?", error);

        if (gone == NULL)
          return FALSE;
        peygir_db_bind_int64 (gone, 1, case_id);
        return peygir_db_step_done (gone, error);
      }
    if (rc != PEYGIR_DB_ROW)
      return rc == PEYGIR_DB_DONE ? peygir_db_set_error_as (self->db, PEYGIR_STORE_ERROR_CORRUPT, error)
                                 : peygir_db_set_error (self->db, error);
    name = peygir_db_column_dup (stmt, 0);
    subject = peygir_db_column_dup (stmt, 1);
    description = peygir_db_column_dup (stmt, 2);
    answers = peygir_db_column_dup (stmt, 3);
  }

  peygir_text_index_forms (name, &body[0], &extra[0]);
  peygir_text_index_forms (subject, &body[1], &extra[1]);
  peygir_text_index_forms (description, &body[2], &extra[2]);
  peygir_text_index_forms (answers != NULL ? answers : "", &body[3], &extra[3]);
  all_extra = g_strjoin (" ", extra[0], extra[1], extra[2], extra[3], NULL);

  {
    g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, "DELETE FROM case_fts WHERE rowid = ?", error);

    if (stmt == NULL)
      return FALSE;
    peygir_db_bind_int64 (stmt, 1, case_id);
    if (!peygir_db_step_done (stmt, error))
      return FALSE;
  }
  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db,
                 "INSERT INTO case_fts (rowid, applicant, subject, description, answers, extra)"
                 " VALUES (?, ?, ?, ?, ?, ?)", error);
    if (stmt == NULL)
      return FALSE;
    peygir_db_bind_int64 (stmt, 1, case_id);
    for (int i = 0; i < 4; i++)
      peygir_db_bind_text (stmt, i + 2, body[i]);
    peygir_db_bind_text (stmt, 6, all_extra);
    return peygir_db_step_done (stmt, error);
  }
}

/* In a batch the search rows are written once, at its end: FTS5 flushes
 * its pending rows at every savepoint, and a batch has one per action. */
static gboolean
write_search_row (PeygirStore  *self,
                  gint64        case_id,
                  GError      **error)
{
  if (self->batch_depth > 0)
    {
      if (self->batch_search == NULL)
        self->batch_search = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      g_hash_table_add (self->batch_search, g_memdup2 (&case_id, sizeof case_id));
      return TRUE;
    }
  return rewrite_search_row (self, case_id, FALSE, error);
}

static gboolean
flush_search_rows (PeygirStore  *self,
                   GError      **error)
{
  GHashTableIter iter;
  gpointer key;

  if (self->batch_search == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, self->batch_search);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!rewrite_search_row (self, *(gint64 *) key, TRUE, error))
      return FALSE;
  return TRUE;
}

/* Bumps the counter of a series for a Persian year, in the caller's write
 * transaction, so two desks can never be given the same number. */
static gint64
next_number (PeygirStore  *self,
             const char   *series,
             int           year,
             GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt =
    peygir_db_prepare (self->db,
               "INSERT INTO counters (series, year, value) VALUES (?1, ?2, 1)"
               " ON CONFLICT (series, year) DO UPDATE SET value = value + 1"
               " RETURNING value", error);
  gint64 value;
  int rc;

  if (stmt == NULL)
    return -1;
  peygir_db_bind_text (stmt, 1, series);
  peygir_db_bind_int (stmt, 2, year);
  rc = peygir_db_step (stmt);
  if (rc != PEYGIR_DB_ROW)
    {
      peygir_db_set_error (self->db, error);
      return -1;
    }
  value = peygir_db_column_int64 (stmt, 0);
  if (!peygir_db_step_done (stmt, error))
    return -1;
  return value;
}

static gboolean
bind_draft (PeygirDbStatement     *stmt,
            const PeygirCaseDraft *draft)
{
  const PeygirApplicant *a = &draft->applicant;

  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":kind"), peygir_kind_to_string (draft->kind));
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":applicant_type"), peygir_applicant_type_to_string (a->type));
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":name"), a->name);
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":national_id"), a->national_id);
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":mobile"), a->mobile);
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":phone"), a->phone);
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":address"), a->address);
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":postal_code"), a->postal_code);
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":email"), a->email);
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":subject"), draft->subject);
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":description"), draft->description);
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":category"), peygir_category_to_string (draft->category));
  peygir_db_bind_id (stmt, peygir_db_parameter (stmt, ":agency_id"), draft->agency_id);
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":channel"), peygir_channel_to_string (draft->channel));
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":samad_code"), draft->samad_code);
  peygir_db_bind_id (stmt, peygir_db_parameter (stmt, ":linked_case_id"), draft->linked_case_id);
  peygir_db_bind_int (stmt, peygir_db_parameter (stmt, ":received_on"), draft->received_on);
  return TRUE;
}

static gboolean
check_draft_references (PeygirStore      *self,
                        PeygirCaseDraft  *draft,
                        gint64            case_id,
                        GError          **error)
{
  if (draft->agency_id != 0 && !check_agency_usable (self, draft->agency_id, error))
    return FALSE;
  if (draft->linked_case_id != 0)
    {
      if (draft->linked_case_id == case_id)
        {
          g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                       _("A case cannot be linked to itself."));
          return FALSE;
        }
      if (!case_exists (self, draft->linked_case_id, error))
        {
          if (error != NULL && *error != NULL && (*error)->domain == PEYGIR_STORE_ERROR
              && (*error)->code == PEYGIR_STORE_ERROR_NOT_FOUND)
            (*error)->domain = PEYGIR_INPUT_ERROR, (*error)->code = PEYGIR_INPUT_ERROR_INVALID;
          return FALSE;
        }
    }
  return TRUE;
}

PeygirCase *
peygir_store_create_case (PeygirStore      *self,
                          const char       *actor_login,
                          PeygirCaseDraft  *draft,
                          GError          **error)
{
  g_autoptr(PeygirUser) actor = NULL;
  g_autoptr(PeygirCase) kase = NULL;
  gint64 now = store_now (self);
  gint64 case_id = 0;
  gboolean ok = FALSE;

  if (!peygir_case_draft_validate (draft, error))
    return NULL;
  if (draft->received_on == 0)
    draft->received_on = peygir_day_from_unix (now);
  else if (!peygir_day_is_valid (draft->received_on) || draft->received_on > peygir_day_from_unix (now))
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_DATE,
                   _("The date the case was received is not valid, or lies in the future."));
      return NULL;
    }

  STORE_LOCK (self);
  if (!tx_begin (self, TRUE, error))
    return NULL;

  actor = read_actor (self, actor_login, error);
  if (actor == NULL)
    goto out;
  if (!(actor->roles & PEYGIR_ROLES_INTAKE))
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED,
                   _("Only an expert or the secretariat may take in a case."));
      goto out;
    }
  if (!check_draft_references (self, draft, 0, error))
    goto out;

  /* A random tracking code may collide with an earlier one: draw again. */
  for (int attempt = 0; attempt < 20 && case_id == 0; attempt++)
    {
      g_autofree char *tracking = peygir_tracking_code_generate (self->rand);
      g_autoptr(PeygirDbStatement) stmt =
        peygir_db_prepare (self->db,
                   "INSERT INTO cases (tracking_code, kind, applicant_type, applicant_name, national_id,"
                   " mobile, phone, address, postal_code, email, subject, description, category,"
                   " agency_id, channel, samad_code, linked_case_id, state, expert_id, received_on,"
                   " created_at, updated_at)"
                   " VALUES (:tracking_code, :kind, :applicant_type, :name, :national_id, :mobile, :phone,"
                   " :address, :postal_code, :email, :subject, :description, :category, :agency_id,"
                   " :channel, :samad_code, :linked_case_id, 'received', :expert_id, :received_on,"
                   " :now, :now)", error);
      int rc;

      if (stmt == NULL)
        goto out;
      bind_draft (stmt, draft);
      peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":tracking_code"), tracking);
      peygir_db_bind_id (stmt, peygir_db_parameter (stmt, ":expert_id"),
               (actor->roles & PEYGIR_ROLE_EXPERT) ? actor->id : 0);
      peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":now"), now);
      rc = peygir_db_step (stmt);
      if (rc == PEYGIR_DB_DONE)
        case_id = peygir_db_last_insert_id (self->db);
      else if (rc != PEYGIR_DB_DUPLICATE)
        {
          peygir_db_set_error (self->db, error);
          goto out;
        }
    }
  if (case_id == 0)
    {
      peygir_db_set_error_as (self->db, PEYGIR_STORE_ERROR_EXISTS, error);
      goto out;
    }

  if (!write_search_row (self, case_id, error) ||
      !append_event (self, case_id, now, actor->id, "create", NULL, "received", draft->subject, error))
    goto out;

  kase = read_case (self, case_id, PEYGIR_CASE_DETAIL_REFERRALS, error);
  ok = kase != NULL;

out:
  if (!tx_end (self, ok, error))
    return NULL;
  return g_steal_pointer (&kase);
}

static gboolean
check_version (PeygirCase  *kase,
               int          expect_version,
               GError     **error)
{
  if (expect_version >= 0 && kase->version != expect_version)
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CONFLICT,
                   _("Someone else changed this case meanwhile (it is now at version %d, not %d): nothing was saved; look at the case again."),
                   kase->version, expect_version);
      return FALSE;
    }
  return TRUE;
}

PeygirCase *
peygir_store_update_case (PeygirStore      *self,
                          const char       *actor_login,
                          gint64            case_id,
                          int               expect_version,
                          PeygirCaseDraft  *draft,
                          GError          **error)
{
  g_autoptr(PeygirUser) actor = NULL;
  g_autoptr(PeygirCase) before = NULL;
  g_autoptr(PeygirCase) kase = NULL;
  gint64 now = peygir_clock_now ();
  gboolean ok = FALSE;

  if (!peygir_case_draft_validate (draft, error))
    return NULL;

  STORE_LOCK (self);
  if (!tx_begin (self, TRUE, error))
    return NULL;

  actor = read_actor (self, actor_login, error);
  if (actor == NULL)
    goto out;
  before = read_case (self, case_id, PEYGIR_CASE_DETAIL_NONE, error);
  if (before == NULL || !check_version (before, expect_version, error))
    goto out;
  if (!(actor->roles & PEYGIR_ROLES_INTAKE))
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED,
                   _("Only an expert or the secretariat may correct a case’s details."));
      goto out;
    }
  if (before->state == PEYGIR_STATE_CLOSED)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                   _("A closed case cannot be changed; the manager may reopen it."));
      goto out;
    }
  if (draft->received_on == 0)
    draft->received_on = before->received_on;
  else if (!peygir_day_is_valid (draft->received_on) || draft->received_on > peygir_day_from_unix (now))
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_DATE,
                   _("The date the case was received is not valid, or lies in the future."));
      goto out;
    }
  if (!check_draft_references (self, draft, case_id, error))
    goto out;

  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db,
                 "UPDATE cases SET kind = :kind, applicant_type = :applicant_type, applicant_name = :name,"
                 " national_id = :national_id, mobile = :mobile, phone = :phone, address = :address,"
                 " postal_code = :postal_code, email = :email, subject = :subject,"
                 " description = :description, category = :category, agency_id = :agency_id,"
                 " channel = :channel, samad_code = :samad_code, linked_case_id = :linked_case_id,"
                 " received_on = :received_on, updated_at = :now, version = version + 1"
                 " WHERE id = :id", error);
    if (stmt == NULL)
      goto out;
    bind_draft (stmt, draft);
    peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":now"), now);
    peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":id"), case_id);
    if (!peygir_db_step_done (stmt, error))
      goto out;
  }

  if (!write_search_row (self, case_id, error) ||
      !append_event (self, case_id, now, actor->id, "edit", NULL, NULL, NULL, error))
    goto out;

  kase = read_case (self, case_id, PEYGIR_CASE_DETAIL_REFERRALS, error);
  ok = kase != NULL;

out:
  if (!tx_end (self, ok, error))
    return NULL;
  return g_steal_pointer (&kase);
}

/* The workflow's actions. */

static PeygirDocument *insert_document (PeygirStore   *self,
                                        gint64         actor_id,
                                        gint64         case_id,
                                        const char    *name,
                                        const char    *content_type,
                                        GInputStream  *stream,
                                        goffset        size,
                                        GCancellable  *cancellable,
                                        gint64         at,
                                        GError       **error);

typedef struct
{
  PeygirStore               *self;
  const PeygirActionRequest *request;
  PeygirUser                *actor;
  PeygirCase                *kase;     /* as it was before the action, with its referrals */
  gint64                     at;
  PeygirDay                  day;
  PeygirState                to_state;
  GString                   *note;     /* what the audit event records beside the request's note */
} ActionContext;

static gboolean
exec_case_update (ActionContext  *ctx,
                  const char     *sql,
                  gint64          value,
                  GError        **error)
{
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (ctx->self->db, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (peygir_db_parameter (stmt, ":value") > 0)
    peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":value"), value);
  peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":id"), ctx->kase->id);
  return peygir_db_step_done (stmt, error);
}

static gboolean
set_referrals_state (ActionContext        *ctx,
                     PeygirReferralState   from,
                     PeygirReferralState   to,
                     GError              **error)
{
  g_autoptr(PeygirDbStatement) stmt =
    peygir_db_prepare (ctx->self->db,
               "UPDATE referrals SET state = ?3,"
               " approved_by = CASE WHEN ?3 = 'approved' THEN ?4 ELSE approved_by END,"
               " approved_at = CASE WHEN ?3 = 'approved' THEN ?5 ELSE approved_at END"
               " WHERE case_id = ?1 AND round = ?2 AND state = ?6", error);

  if (stmt == NULL)
    return FALSE;
  peygir_db_bind_int64 (stmt, 1, ctx->kase->id);
  peygir_db_bind_int (stmt, 2, ctx->kase->round);
  peygir_db_bind_text (stmt, 3, peygir_referral_state_to_string (to));
  peygir_db_bind_int64 (stmt, 4, ctx->actor->id);
  peygir_db_bind_int64 (stmt, 5, ctx->at);
  peygir_db_bind_text (stmt, 6, peygir_referral_state_to_string (from));
  return peygir_db_step_done (stmt, error);
}

static PeygirReferral *
find_referral (ActionContext  *ctx,
               gint64          referral_id,
               GError        **error)
{
  GPtrArray *referrals = ctx->kase->referrals;

  for (guint i = 0; i < referrals->len; i++)
    {
      PeygirReferral *referral = g_ptr_array_index (referrals, i);

      if (referral->id == referral_id && referral->round == ctx->kase->round)
        return referral;
    }
  g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT,
               _("Referral %" PRId64 " does not belong to this case’s current round."), referral_id);
  return NULL;
}

/* ص for صادره, outgoing: the secretariat's customary form. */
static char *
format_letter_number (int    year,
                      gint64 seq)
{
  return g_strdup_printf ("%d/ص/%" G_GINT64_FORMAT, year, seq);
}

/* Gives the next outgoing number to a letter that is being sent, in the
 * registry, with the PDF that was printed when @pdf is given. A letter
 * printed before it was sent carries the number it was printed with
 * (@expect): another number would make the paper wrong, so then nothing
 * is issued. */
static char *
issue_letter_number_full (PeygirStore   *self,
                          gint64         case_id,
                          gint64         actor_id,
                          gint64         at,
                          const char    *kind,
                          gint64         referral_id,
                          const char    *expect,
                          GBytes        *pdf,
                          GError       **error)
{
  int year = peygir_persian_year_of (at);
  gint64 seq = next_number (self, "letter", year, error);
  g_autofree char *number = NULL;
  g_autoptr(PeygirDbStatement) stmt = NULL;

  if (seq < 0)
    return NULL;
  number = format_letter_number (year, seq);
  if (expect != NULL && g_strcmp0 (expect, number) != 0)
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CONFLICT,
                   _("The letter was printed with number %s, but the next number is now %s: another desk sent letters meanwhile. Nothing was recorded; print it again."),
                   expect, number);
      return NULL;
    }
  stmt = peygir_db_prepare (self->db,
                    "INSERT INTO letters (number, kind, case_id, referral_id, issued_at, issued_by, pdf)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return NULL;
  peygir_db_bind_text (stmt, 1, number);
  peygir_db_bind_text (stmt, 2, kind);
  peygir_db_bind_int64 (stmt, 3, case_id);
  peygir_db_bind_id (stmt, 4, referral_id);
  peygir_db_bind_int64 (stmt, 5, at);
  peygir_db_bind_int64 (stmt, 6, actor_id);
  if (pdf != NULL)
    peygir_db_bind_blob (stmt, 7, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
  else
    peygir_db_bind_null (stmt, 7);
  if (!peygir_db_step_done (stmt, error))
    return NULL;
  return g_steal_pointer (&number);
}

static char *
issue_letter_number (ActionContext  *ctx,
                     const char     *kind,
                     gint64          referral_id,
                     GError        **error)
{
  return issue_letter_number_full (ctx->self, ctx->kase->id, ctx->actor->id, ctx->at, kind, referral_id,
                                   ctx->request->expect_number, ctx->request->letter_pdf, error);
}

static int
agency_response_days (ActionContext *ctx,
                      gint64         agency_id)
{
  g_autoptr(PeygirAgency) agency = read_agency (ctx->self, agency_id, NULL);

  if (agency != NULL && agency->response_days > 0)
    return agency->response_days;
  return read_setting_int (ctx->self, PEYGIR_SETTING_RESPONSE_DAYS, DEFAULT_RESPONSE_DAYS);
}

static gboolean
do_register (ActionContext  *ctx,
             GError        **error)
{
  g_autoptr(PeygirCalendar) calendar = read_calendar (ctx->self, error);
  int year = peygir_persian_year_of (ctx->at);
  int service_days;
  gint64 seq;
  g_autoptr(PeygirDbStatement) stmt = NULL;

  if (calendar == NULL)
    return FALSE;
  /* A reopened case keeps the number it was registered under. */
  if (ctx->kase->registration_number != NULL)
    return TRUE;

  seq = next_number (ctx->self, "registration", year, error);
  if (seq < 0)
    return FALSE;
  service_days = read_setting_int (ctx->self, PEYGIR_SETTING_SERVICE_DAYS, DEFAULT_SERVICE_DAYS);

  stmt = peygir_db_prepare (ctx->self->db,
                    "UPDATE cases SET reg_year = ?, reg_seq = ?, registered_at = ?, service_due = ? WHERE id = ?",
                    error);
  if (stmt == NULL)
    return FALSE;
  peygir_db_bind_int (stmt, 1, year);
  peygir_db_bind_int64 (stmt, 2, seq);
  peygir_db_bind_int64 (stmt, 3, ctx->at);
  peygir_db_bind_int (stmt, 4, peygir_calendar_add_working_days (calendar, ctx->day, service_days));
  peygir_db_bind_int64 (stmt, 5, ctx->kase->id);
  g_string_append_printf (ctx->note, "%d/%" G_GINT64_FORMAT, year, seq);
  return peygir_db_step_done (stmt, error);
}

static gboolean
do_refer (ActionContext  *ctx,
          GError        **error)
{
  const PeygirActionRequest *request = ctx->request;

  if (request->n_agency_ids == 0)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT,
                   _("A referral needs at least one agency."));
      return FALSE;
    }

  for (guint i = 0; i < request->n_agency_ids; i++)
    {
      g_autoptr(PeygirDbStatement) stmt = NULL;
      g_autoptr(PeygirAgency) agency = NULL;

      for (guint j = 0; j < i; j++)
        if (request->agency_ids[j] == request->agency_ids[i])
          {
            g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT,
                         _("The same agency is named twice in the referral."));
            return FALSE;
          }
      if (!check_agency_usable (ctx->self, request->agency_ids[i], error))
        {
          if (error != NULL && (*error)->domain == PEYGIR_INPUT_ERROR)
            (*error)->domain = PEYGIR_WORKFLOW_ERROR, (*error)->code = PEYGIR_WORKFLOW_ERROR_ARGUMENT;
          return FALSE;
        }
      agency = read_agency (ctx->self, request->agency_ids[i], error);

      stmt = peygir_db_prepare (ctx->self->db,
                        "INSERT INTO referrals (case_id, agency_id, round, state, letter_text, drafted_by, drafted_at)"
                        " VALUES (?, ?, ?, 'draft', ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      peygir_db_bind_int64 (stmt, 1, ctx->kase->id);
      peygir_db_bind_int64 (stmt, 2, request->agency_ids[i]);
      peygir_db_bind_int (stmt, 3, ctx->kase->round);
      peygir_db_bind_text (stmt, 4, request->note);
      peygir_db_bind_int64 (stmt, 5, ctx->actor->id);
      peygir_db_bind_int64 (stmt, 6, ctx->at);
      if (!peygir_db_step_done (stmt, error))
        return FALSE;
      g_string_append_printf (ctx->note, "%s%s", i > 0 ? "، " : "", agency->name);
    }
  return TRUE;
}

static gboolean
dispatch_one (ActionContext   *ctx,
              PeygirReferral  *referral,
              PeygirCalendar  *calendar,
              GError         **error)
{
  g_autofree char *number = issue_letter_number (ctx, "referral", referral->id, error);
  g_autoptr(PeygirDbStatement) stmt = NULL;
  PeygirDay due;

  if (number == NULL)
    return FALSE;
  due = peygir_calendar_add_working_days (calendar, ctx->day, agency_response_days (ctx, referral->agency_id));
  stmt = peygir_db_prepare (ctx->self->db,
                    "UPDATE referrals SET state = 'dispatched', letter_number = ?, dispatched_at = ?, due = ? WHERE id = ?",
                    error);
  if (stmt == NULL)
    return FALSE;
  peygir_db_bind_text (stmt, 1, number);
  peygir_db_bind_int64 (stmt, 2, ctx->at);
  peygir_db_bind_int (stmt, 3, due);
  peygir_db_bind_int64 (stmt, 4, referral->id);
  g_string_append_printf (ctx->note, "%s%s: %s", ctx->note->len > 0 ? "؛ " : "", referral->agency_name, number);
  return peygir_db_step_done (stmt, error);
}

/* Sends the approved reminder of @referral: numbered now, and the
 * agency's new deadline counts from today. */
static gboolean
send_reminder (ActionContext   *ctx,
               PeygirReferral  *referral,
               PeygirCalendar  *calendar,
               GError         **error)
{
  g_autofree char *number = issue_letter_number (ctx, "reminder", referral->id, error);
  PeygirDay due;

  if (number == NULL)
    return FALSE;
  due = peygir_calendar_add_working_days (calendar, ctx->day, agency_response_days (ctx, referral->agency_id));
  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (ctx->self->db, "UPDATE follow_ups SET reminder = 'sent', letter_number = ?, new_due = ? WHERE id = ?",
                 error);
    if (stmt == NULL)
      return FALSE;
    peygir_db_bind_text (stmt, 1, number);
    peygir_db_bind_int (stmt, 2, due);
    peygir_db_bind_int64 (stmt, 3, referral->reminder_follow_up_id);
    if (!peygir_db_step_done (stmt, error))
      return FALSE;
  }
  {
    g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (ctx->self->db, "UPDATE referrals SET due = ? WHERE id = ?", error);

    if (stmt == NULL)
      return FALSE;
    peygir_db_bind_int (stmt, 1, due);
    peygir_db_bind_int64 (stmt, 2, referral->id);
    if (!peygir_db_step_done (stmt, error))
      return FALSE;
  }
  g_string_append_printf (ctx->note, "%s%s: %s", ctx->note->len > 0 ? "؛ " : "", referral->agency_name, number);
  return TRUE;
}

/* The secretariat sends the case's approved letters: referral letters,
 * which start the agency's deadline, and reminders. */
static gboolean
do_dispatch (ActionContext  *ctx,
             GError        **error)
{
  g_autoptr(PeygirCalendar) calendar = read_calendar (ctx->self, error);
  GPtrArray *referrals = ctx->kase->referrals;
  guint dispatched = 0;

  if (calendar == NULL)
    return FALSE;

  if (ctx->request->referral_id != 0)
    {
      PeygirReferral *referral = find_referral (ctx, ctx->request->referral_id, error);

      if (referral == NULL)
        return FALSE;
      if (referral->state == PEYGIR_REFERRAL_APPROVED)
        return dispatch_one (ctx, referral, calendar, error);
      if (referral->state == PEYGIR_REFERRAL_DISPATCHED && referral->reminder == PEYGIR_REMINDER_APPROVED)
        return send_reminder (ctx, referral, calendar, error);
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                   referral->reminder == PEYGIR_REMINDER_DRAFT
                   ? _("The reminder to “%s” waits for the manager’s approval.")
                   : _("No letter to “%s” is waiting to be dispatched."),
                   referral->agency_name);
      return FALSE;
    }

  if (ctx->request->expect_number != NULL || ctx->request->letter_pdf != NULL)
    {
      g_set_error_literal (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT,
                           _("A printed letter is sent on its own: say which referral it is for."));
      return FALSE;
    }

  for (guint i = 0; i < referrals->len; i++)
    {
      PeygirReferral *referral = g_ptr_array_index (referrals, i);

      if (referral->round != ctx->kase->round)
        continue;
      if (referral->state == PEYGIR_REFERRAL_APPROVED)
        {
          if (!dispatch_one (ctx, referral, calendar, error))
            return FALSE;
          dispatched++;
        }
      else if (referral->state == PEYGIR_REFERRAL_DISPATCHED && referral->reminder == PEYGIR_REMINDER_APPROVED)
        {
          if (!send_reminder (ctx, referral, calendar, error))
            return FALSE;
          dispatched++;
        }
    }
  if (dispatched == 0)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                   _("This case has no approved letter waiting to be dispatched."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
update_referral_due (ActionContext  *ctx,
                     gint64          referral_id,
                     PeygirDay       due,
                     GError        **error)
{
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (ctx->self->db, "UPDATE referrals SET due = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  peygir_db_bind_int (stmt, 1, due);
  peygir_db_bind_int64 (stmt, 2, referral_id);
  return peygir_db_step_done (stmt, error);
}

/* The card's side path for an answer not sent on time. Every follow-up
 * gives the agency a new deadline; only one by letter makes a reminder,
 * which is signed (per the office's setting) by the manager who approves
 * it or by the expert who wrote it, and numbered when it is sent. */
static gboolean
do_follow_up (ActionContext  *ctx,
              GError        **error)
{
  g_autoptr(PeygirCalendar) calendar = read_calendar (ctx->self, error);
  PeygirChannel channel = ctx->request->channel;
  PeygirReferral *referral;
  g_autofree char *signer = NULL;
  PeygirReminderState reminder = PEYGIR_REMINDER_NONE;
  PeygirDay due;

  if (calendar == NULL)
    return FALSE;
  referral = find_referral (ctx, ctx->request->referral_id, error);
  if (referral == NULL)
    return FALSE;

  if (channel != PEYGIR_CHANNEL_PHONE && channel != PEYGIR_CHANNEL_MAIL
      && channel != PEYGIR_CHANNEL_IN_PERSON && channel != PEYGIR_CHANNEL_EMAIL)
    {
      g_set_error_literal (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT,
                           _("Say how the agency was reminded: by phone, by letter, in person or by e-mail."));
      return FALSE;
    }

  /* The card's side path: only an answer not sent on time is followed up. */
  if (referral->state != PEYGIR_REFERRAL_DISPATCHED || referral->due >= ctx->day)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                   _("The answer of “%s” is not overdue, so there is nothing to follow up yet."),
                   referral->agency_name);
      return FALSE;
    }
  if (channel == PEYGIR_CHANNEL_MAIL
      && (referral->reminder == PEYGIR_REMINDER_DRAFT || referral->reminder == PEYGIR_REMINDER_APPROVED))
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                   _("A reminder to “%s” is already waiting to be sent."), referral->agency_name);
      return FALSE;
    }

  if (channel == PEYGIR_CHANNEL_MAIL)
    {
      signer = read_setting (ctx->self, PEYGIR_SETTING_REMINDER_SIGNER, error);
      if (signer == NULL)
        return FALSE;
      reminder = g_str_equal (signer, "expert") ? PEYGIR_REMINDER_APPROVED : PEYGIR_REMINDER_DRAFT;
    }
  due = peygir_calendar_add_working_days (calendar, ctx->day, agency_response_days (ctx, referral->agency_id));

  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (ctx->self->db,
                 "INSERT INTO follow_ups (referral_id, at, user_id, previous_due, new_due, note, channel,"
                 " reminder, signer_id, approved_at)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
    if (stmt == NULL)
      return FALSE;
    peygir_db_bind_int64 (stmt, 1, referral->id);
    peygir_db_bind_int64 (stmt, 2, ctx->at);
    peygir_db_bind_int64 (stmt, 3, ctx->actor->id);
    peygir_db_bind_int (stmt, 4, referral->due);
    peygir_db_bind_int (stmt, 5, due);
    peygir_db_bind_text (stmt, 6, ctx->request->note);
    peygir_db_bind_text (stmt, 7, peygir_channel_to_string (channel));
    if (reminder != PEYGIR_REMINDER_NONE)
      peygir_db_bind_text (stmt, 8, peygir_reminder_state_to_string (reminder));
    else
      peygir_db_bind_null (stmt, 8);
    /* signed by the expert who wrote it: approved as it is written */
    peygir_db_bind_id (stmt, 9, reminder == PEYGIR_REMINDER_APPROVED ? ctx->actor->id : 0);
    if (reminder == PEYGIR_REMINDER_APPROVED)
      peygir_db_bind_int64 (stmt, 10, ctx->at);
    else
      peygir_db_bind_null (stmt, 10);
    if (!peygir_db_step_done (stmt, error))
      return FALSE;
  }
  if (!update_referral_due (ctx, referral->id, due, error))
    return FALSE;
  g_string_append_printf (ctx->note, "%s: %s", referral->agency_name,
                          reminder == PEYGIR_REMINDER_NONE ? peygir_channel_label (channel)
                                                           : peygir_reminder_state_label (reminder));
  return TRUE;
}

/* The manager signs the reminder an expert wrote. */
static gboolean
do_approve_reminder (ActionContext  *ctx,
                     GError        **error)
{
  PeygirReferral *referral = find_referral (ctx, ctx->request->referral_id, error);
  g_autoptr(PeygirDbStatement) stmt = NULL;

  if (referral == NULL)
    return FALSE;
  if (referral->reminder != PEYGIR_REMINDER_DRAFT)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                   _("No reminder to “%s” is waiting for approval."), referral->agency_name);
      return FALSE;
    }
  stmt = peygir_db_prepare (ctx->self->db,
                    "UPDATE follow_ups SET reminder = 'approved', signer_id = ?, approved_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  peygir_db_bind_int64 (stmt, 1, ctx->actor->id);
  peygir_db_bind_int64 (stmt, 2, ctx->at);
  peygir_db_bind_int64 (stmt, 3, referral->reminder_follow_up_id);
  g_string_append (ctx->note, referral->agency_name);
  return peygir_db_step_done (stmt, error);
}

static gboolean
do_answer (ActionContext  *ctx,
           GError        **error)
{
  PeygirReferral *referral = find_referral (ctx, ctx->request->referral_id, error);
  GPtrArray *referrals = ctx->kase->referrals;
  gboolean all_answered = TRUE;
  g_autofree char *number = NULL;
  gint64 document_id = 0;

  if (referral == NULL)
    return FALSE;
  if (referral->state != PEYGIR_REFERRAL_DISPATCHED)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                   referral->state == PEYGIR_REFERRAL_ANSWERED
                   ? _("The answer of “%s” has already been recorded.")
                   : _("The letter to “%s” has not been dispatched yet."),
                   referral->agency_name);
      return FALSE;
    }

  if (ctx->request->answer_date != 0
      && (!peygir_day_is_valid (ctx->request->answer_date) || ctx->request->answer_date > ctx->day))
    {
      g_set_error_literal (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_DATE,
                           _("The date of the agency’s letter is not valid, or lies in the future."));
      return FALSE;
    }
  if (ctx->request->answer_number != NULL
      && !peygir_text_validate (ctx->request->answer_number, _("The agency’s letter number"), 100, FALSE, error))
    return FALSE;
  if (ctx->request->document != NULL || ctx->request->document_stream != NULL)
    {
      g_autoptr(GInputStream) bytes_stream = NULL;
      g_autoptr(PeygirDocument) document = NULL;
      GInputStream *stream = ctx->request->document_stream;
      goffset size = ctx->request->document_size;

      if (stream == NULL)
        {
          stream = bytes_stream = g_memory_input_stream_new_from_bytes (ctx->request->document);
          size = g_bytes_get_size (ctx->request->document);
        }
      document = insert_document (ctx->self, ctx->actor->id, ctx->kase->id,
                                  ctx->request->document_name != NULL ? ctx->request->document_name : "answer.pdf",
                                  ctx->request->document_type, stream, size, NULL, ctx->at, error);
      if (document == NULL)
        return FALSE;
      document_id = document->id;
    }
  if (ctx->request->answer_number != NULL)
    {
      g_autofree char *clean = peygir_text_sanitize (ctx->request->answer_number, FALSE);

      /* kept in ASCII digits like our own numbers, so that a search in
       * either finds it */
      number = peygir_text_digits_to_ascii (clean);
      g_strstrip (number);
      if (*number == '\0')
        g_clear_pointer (&number, g_free);
    }

  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (ctx->self->db,
                 "UPDATE referrals SET state = 'answered', answer = ?, answered_at = ?,"
                 " answer_number = ?, answer_date = ?, answer_document_id = ? WHERE id = ?", error);
    if (stmt == NULL)
      return FALSE;
    peygir_db_bind_text (stmt, 1, ctx->request->note);
    peygir_db_bind_int64 (stmt, 2, ctx->at);
    peygir_db_bind_text (stmt, 3, number);
    peygir_db_bind_id (stmt, 4, ctx->request->answer_date);
    peygir_db_bind_id (stmt, 5, document_id);
    peygir_db_bind_int64 (stmt, 6, referral->id);
    if (!peygir_db_step_done (stmt, error))
      return FALSE;
  }
  /* a reminder not sent yet has nothing left to remind of */
  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (ctx->self->db,
                 "UPDATE follow_ups SET reminder = 'withdrawn' WHERE referral_id = ? AND reminder IN ('draft', 'approved')",
                 error);
    if (stmt == NULL)
      return FALSE;
    peygir_db_bind_int64 (stmt, 1, referral->id);
    if (!peygir_db_step_done (stmt, error))
      return FALSE;
  }

  /* The case is answered when every referral of this round is. */
  for (guint i = 0; i < referrals->len; i++)
    {
      PeygirReferral *other = g_ptr_array_index (referrals, i);

      if (other != referral && other->round == ctx->kase->round
          && other->state != PEYGIR_REFERRAL_ANSWERED && other->state != PEYGIR_REFERRAL_WITHDRAWN)
        all_answered = FALSE;
    }
  if (!all_answered)
    ctx->to_state = ctx->kase->state;

  g_string_append (ctx->note, referral->agency_name);
  return write_search_row (ctx->self, ctx->kase->id, error);
}

static gboolean
record_contact (ActionContext  *ctx,
                GError        **error)
{
  g_autoptr(PeygirDbStatement) stmt =
    peygir_db_prepare (ctx->self->db, "INSERT INTO contacts (case_id, at, user_id, channel, note) VALUES (?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  peygir_db_bind_int64 (stmt, 1, ctx->kase->id);
  peygir_db_bind_int64 (stmt, 2, ctx->at);
  peygir_db_bind_int64 (stmt, 3, ctx->actor->id);
  peygir_db_bind_text (stmt, 4, peygir_channel_to_string (ctx->request->channel));
  peygir_db_bind_text (stmt, 5, ctx->request->note);
  return peygir_db_step_done (stmt, error);
}

static gboolean
do_documents_received (ActionContext  *ctx,
                       GError        **error)
{
  g_autoptr(PeygirCalendar) calendar = NULL;
  PeygirDay paused_on;
  int paused_days;

  if (ctx->kase->paused_at == 0)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                   _("This case is not waiting for the applicant’s documents."));
      return FALSE;
    }

  calendar = read_calendar (ctx->self, error);
  if (calendar == NULL)
    return FALSE;

  /* The service clock stood still while the office waited: the deadline
   * moves on by the working days of the pause. */
  paused_on = peygir_day_from_unix (ctx->kase->paused_at);
  paused_days = peygir_calendar_working_days_between (calendar, paused_on, ctx->day);
  if (ctx->kase->service_due != 0 && paused_days > 0
      && !exec_case_update (ctx, "UPDATE cases SET service_due = :value WHERE id = :id",
                            peygir_calendar_add_working_days (calendar, ctx->kase->service_due, paused_days),
                            error))
    return FALSE;
  g_string_append_printf (ctx->note, "%d", paused_days);
  return exec_case_update (ctx, "UPDATE cases SET paused_at = NULL WHERE id = :id", 0, error);
}

static gboolean
do_link (ActionContext  *ctx,
         GError        **error)
{
  gint64 linked = ctx->request->linked_case_id;

  if (linked == ctx->kase->id)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT,
                   _("A case cannot be linked to itself."));
      return FALSE;
    }
  if (!case_exists (ctx->self, linked, error))
    {
      if (error != NULL && (*error)->domain == PEYGIR_STORE_ERROR)
        (*error)->domain = PEYGIR_WORKFLOW_ERROR, (*error)->code = PEYGIR_WORKFLOW_ERROR_ARGUMENT;
      return FALSE;
    }
  g_string_append_printf (ctx->note, "%" G_GINT64_FORMAT, linked);
  return exec_case_update (ctx, "UPDATE cases SET linked_case_id = :value WHERE id = :id", linked, error);
}

static gboolean
apply_effects (ActionContext  *ctx,
               GError        **error)
{
  switch (ctx->request->action)
    {
    case PEYGIR_ACTION_REVIEW:
      return exec_case_update (ctx, "UPDATE cases SET expert_id = coalesce (expert_id, :value) WHERE id = :id",
                               ctx->actor->id, error);
    case PEYGIR_ACTION_REGISTER:
      return do_register (ctx, error);
    case PEYGIR_ACTION_REJECT:
    case PEYGIR_ACTION_RETURN:
      return set_referrals_state (ctx, PEYGIR_REFERRAL_DRAFT, PEYGIR_REFERRAL_WITHDRAWN, error);
    case PEYGIR_ACTION_REFER:
      return do_refer (ctx, error);
    case PEYGIR_ACTION_APPROVE:
      return set_referrals_state (ctx, PEYGIR_REFERRAL_DRAFT, PEYGIR_REFERRAL_APPROVED, error);
    case PEYGIR_ACTION_DISPATCH:
      return do_dispatch (ctx, error);
    case PEYGIR_ACTION_FOLLOW_UP:
      return do_follow_up (ctx, error);
    case PEYGIR_ACTION_APPROVE_REMINDER:
      return do_approve_reminder (ctx, error);
    case PEYGIR_ACTION_ANSWER:
      return do_answer (ctx, error);
    case PEYGIR_ACTION_NOTIFY:
      return record_contact (ctx, error)
             && exec_case_update (ctx, "UPDATE cases SET closed_at = :value WHERE id = :id", ctx->at, error);
    case PEYGIR_ACTION_REOPEN:
      {
        g_autoptr(PeygirCalendar) calendar = read_calendar (ctx->self, error);
        int service_days = read_setting_int (ctx->self, PEYGIR_SETTING_SERVICE_DAYS, DEFAULT_SERVICE_DAYS);

        /* A new round: the objection is handled like a new request,
         * with the history of the first kept. */
        return calendar != NULL
               && exec_case_update (ctx,
                                    "UPDATE cases SET round = round + 1, closed_at = NULL, paused_at = NULL,"
                                    " service_due = CASE WHEN reg_year IS NULL THEN NULL ELSE :value END"
                                    " WHERE id = :id",
                                    peygir_calendar_add_working_days (calendar, ctx->day, service_days), error);
      }
    case PEYGIR_ACTION_AWAIT_DOCUMENTS:
      if (ctx->kase->paused_at != 0)
        {
          g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                       _("This case is already waiting for the applicant’s documents."));
          return FALSE;
        }
      return exec_case_update (ctx, "UPDATE cases SET paused_at = :value WHERE id = :id", ctx->at, error);
    case PEYGIR_ACTION_DOCUMENTS_RECEIVED:
      return do_documents_received (ctx, error);
    case PEYGIR_ACTION_LINK:
      return do_link (ctx, error);
    case PEYGIR_ACTION_CONTACT:
      return record_contact (ctx, error);
    case PEYGIR_N_ACTIONS:
    default:
      break;
    }
  g_assert_not_reached ();
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gboolean
check_request_arguments (const PeygirActionRequest  *request,
                         GError                    **error)
{
  const PeygirActionInfo *info = peygir_workflow_action_info (request->action);

  if (request->note != NULL && !peygir_text_validate (request->note, _("The note"), MAX_NOTE_CHARS, TRUE, error))
    return FALSE;

  if ((info->flags & PEYGIR_ACTION_NEEDS_NOTE) && is_blank (request->note))
    {
      const char *what;

      switch (request->action)
        {
        case PEYGIR_ACTION_REJECT:  what = _("A rejection needs its reason."); break;
        case PEYGIR_ACTION_RETURN:  what = _("Returning a referral needs a comment for the expert."); break;
        case PEYGIR_ACTION_REOPEN:  what = _("Reopening a case needs its reason (the applicant’s objection)."); break;
        case PEYGIR_ACTION_REFER:   what = _("A referral needs the text of its letter."); break;
        case PEYGIR_ACTION_ANSWER:  what = _("Recording an answer needs the answer’s text."); break;
        default:                    what = _("This action needs a note."); break;
        }
      g_set_error_literal (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOTE_REQUIRED, what);
      return FALSE;
    }
  if ((info->flags & PEYGIR_ACTION_NEEDS_CHANNEL)
      && (request->channel == PEYGIR_CHANNEL_NONE || request->channel >= PEYGIR_N_CHANNELS))
    {
      g_set_error_literal (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT,
                           request->action == PEYGIR_ACTION_FOLLOW_UP
                           ? _("Say how the agency was reminded: by phone, by letter, in person or by e-mail.")
                           : _("Say how the applicant was reached: in person, by phone, by letter or by text message."));
      return FALSE;
    }
  if ((info->flags & PEYGIR_ACTION_NEEDS_REFERRAL) && request->referral_id <= 0)
    {
      g_set_error_literal (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT,
                           _("Say which referral this is about."));
      return FALSE;
    }
  if ((info->flags & PEYGIR_ACTION_NEEDS_LINKED_CASE) && request->linked_case_id <= 0)
    {
      g_set_error_literal (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT,
                           _("Say which earlier case this one repeats."));
      return FALSE;
    }
  return TRUE;
}

/* Adds the stay in @state that ends at @at to the office's per-day sums;
 * it began at the case's latest event that entered @state. */
static gboolean
record_stay (PeygirStore  *self,
             gint64        case_id,
             PeygirState   state,
             gint64        at,
             GError      **error)
{
  const char *id = peygir_state_to_string (state);
  gint64 entered = at;
  int rc;

  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db, "SELECT at FROM events WHERE case_id = ? AND to_state = ?"
                       " AND (from_state IS NULL OR from_state <> to_state)"
                       " ORDER BY id DESC LIMIT 1", error);
    if (stmt == NULL)
      return FALSE;
    peygir_db_bind_int64 (stmt, 1, case_id);
    peygir_db_bind_text (stmt, 2, id);
    rc = peygir_db_step (stmt);
    if (rc == PEYGIR_DB_ROW)
      entered = peygir_db_column_int64 (stmt, 0);
    else if (rc != PEYGIR_DB_DONE)
      return peygir_db_set_error (self->db, error);
  }
  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db, "INSERT INTO state_stays (state, day, n, seconds) VALUES (?, ?, 1, ?)"
                       " ON CONFLICT (state, day) DO UPDATE SET n = n + 1, seconds = seconds + excluded.seconds",
                 error);
    if (stmt == NULL)
      return FALSE;
    peygir_db_bind_text (stmt, 1, id);
    peygir_db_bind_int (stmt, 2, peygir_day_from_unix (at));
    peygir_db_bind_int64 (stmt, 3, MAX (0, at - entered));
    return peygir_db_step_done (stmt, error);
  }
}

PeygirCase *
peygir_store_apply_action (PeygirStore                *self,
                           const PeygirActionRequest  *request,
                           GError                    **error)
{
  g_autoptr(PeygirUser) actor = NULL;
  g_autoptr(PeygirCase) before = NULL;
  g_autoptr(PeygirCase) after = NULL;
  g_autoptr(GString) note = g_string_new (NULL);
  ActionContext ctx = { 0, };
  gboolean ok = FALSE;

  g_return_val_if_fail (PEYGIR_IS_STORE (self), NULL);
  g_return_val_if_fail (request != NULL && request->action < PEYGIR_N_ACTIONS, NULL);

  if (!check_request_arguments (request, error))
    return NULL;

  STORE_LOCK (self);
  if (!tx_begin (self, TRUE, error))
    return NULL;

  actor = read_actor (self, request->actor_login, error);
  if (actor == NULL)
    goto out;
  /* only these look at the referrals as they were; the others change
   * them in SQL, and reading them costs a query per action */
  before = read_case (self, request->case_id,
                      (request->action == PEYGIR_ACTION_DISPATCH || request->action == PEYGIR_ACTION_FOLLOW_UP
                       || request->action == PEYGIR_ACTION_ANSWER
                       || request->action == PEYGIR_ACTION_APPROVE_REMINDER) ? PEYGIR_CASE_DETAIL_REFERRALS
                                                                   : PEYGIR_CASE_DETAIL_NONE,
                      error);
  if (before == NULL)
    goto out;
  if (!check_version (before, request->expect_version, error))
    goto out;
  if (!peygir_workflow_check (request->action, before->state, actor->roles, error))
    goto out;

  ctx.self = self;
  ctx.request = request;
  ctx.actor = actor;
  ctx.kase = before;
  ctx.at = request->at != 0 ? request->at : peygir_clock_now ();
  ctx.day = peygir_day_from_unix (ctx.at);
  ctx.to_state = peygir_workflow_next_state (request->action, before->state);
  ctx.note = note;

  if (!apply_effects (&ctx, error))
    goto out;
  if ((request->action == PEYGIR_ACTION_DISPATCH || request->action == PEYGIR_ACTION_FOLLOW_UP
       || request->action == PEYGIR_ACTION_ANSWER || request->action == PEYGIR_ACTION_REOPEN)
      && !exec_case_update (&ctx,
                            "UPDATE cases SET answer_due = (SELECT min (r.due) FROM referrals r"
                            " WHERE r.case_id = cases.id AND r.round = cases.round AND r.state = 'dispatched')"
                            " WHERE id = :id", 0, error))
    goto out;

  if (ctx.to_state != before->state &&
      !record_stay (self, before->id, before->state, ctx.at, error))
    goto out;

  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db, "UPDATE cases SET state = ?, version = version + 1, updated_at = ? WHERE id = ?", error);
    if (stmt == NULL)
      goto out;
    peygir_db_bind_text (stmt, 1, peygir_state_to_string (ctx.to_state));
    peygir_db_bind_int64 (stmt, 2, ctx.at);
    peygir_db_bind_int64 (stmt, 3, before->id);
    if (!peygir_db_step_done (stmt, error))
      goto out;
  }

  if (request->note != NULL && *request->note != '\0')
    {
      g_autofree char *clean = peygir_text_sanitize (request->note, TRUE);

      if (note->len > 0)
        g_string_append (note, " — ");
      g_string_append (note, clean);
    }
  if (request->channel != PEYGIR_CHANNEL_NONE
      && (peygir_workflow_action_info (request->action)->flags & PEYGIR_ACTION_NEEDS_CHANNEL))
    {
      g_autofree char *channel = g_strdup_printf ("[%s] ", peygir_channel_to_string (request->channel));

      g_string_prepend (note, channel);
    }

  if (!append_event (self, before->id, ctx.at, actor->id,
                     peygir_action_to_string (request->action),
                     peygir_state_to_string (before->state),
                     peygir_state_to_string (ctx.to_state),
                     note->len > 0 ? note->str : NULL, error))
    goto out;

  after = read_case (self, before->id, PEYGIR_CASE_DETAIL_REFERRALS, error);
  ok = after != NULL;

out:
  if (!tx_end (self, ok, error))
    return NULL;
  return g_steal_pointer (&after);
}

/* Lists, counts and search. */

typedef struct
{
  const char *key_column;     /* what the cursor compares */
  const char *order;          /* ORDER BY, ascending */
} SortInfo;

/* The registration number sorts as one integer: year × 10⁷ + sequence. */
#define REG_KEY "(c.reg_year * 10000000 + c.reg_seq)"

static const SortInfo sorts[] = {
  [PEYGIR_CASE_SORT_RECEIVED]     = { "c.received_on", "c.received_on DIR, c.id DIR" },
  [PEYGIR_CASE_SORT_UPDATED]      = { "c.updated_at",  "c.updated_at DIR, c.id DIR" },
  [PEYGIR_CASE_SORT_REGISTRATION] = { REG_KEY,         "c.reg_year DIR, c.reg_seq DIR, c.id DIR" },
  [PEYGIR_CASE_SORT_SERVICE_DUE]  = { "coalesce (c.service_due, 0)", "coalesce (c.service_due, 0) DIR, c.id DIR" },
};

gint64
peygir_case_sort_key (const PeygirCase *kase,
                      PeygirCaseSort    sort)
{
  switch (sort)
    {
    case PEYGIR_CASE_SORT_RECEIVED:
      return kase->received_on;
    case PEYGIR_CASE_SORT_UPDATED:
      return kase->updated_at;
    case PEYGIR_CASE_SORT_REGISTRATION:
      {
        int year = 0, seq = 0;

        if (kase->registration_number != NULL)
          sscanf (kase->registration_number, "%d/%d", &year, &seq);
        return (gint64) year * 10000000 + seq;
      }
    case PEYGIR_CASE_SORT_SERVICE_DUE:
      return kase->service_due;
    default:
      return 0;
    }
}

/* The WHERE clause of a query, the same for a page and for its count. */
static void
append_filters (GString               *sql,
                const PeygirCaseQuery *query)
{
  g_string_append (sql, " WHERE 1");
  if (query->states != 0 && (query->states & PEYGIR_STATES_ALL) != PEYGIR_STATES_ALL)
    {
      gboolean first = TRUE;

      g_string_append (sql, " AND c.state IN (");
      for (guint s = 0; s < PEYGIR_N_STATES; s++)
        if (query->states & PEYGIR_STATE_BIT (s))
          {
            g_string_append_printf (sql, "%s'%s'", first ? "" : ", ", peygir_state_to_string (s));
            first = FALSE;
          }
      g_string_append (sql, ")");
    }
  /* Driven from the partial indexes on referrals: only the overdue or
   * waiting ones are read, never the whole case table. The subqueries must
   * not refer to c: a correlated IN is run again for every case, which
   * took seconds on 10,000 cases (peygir-bench). */
  /* answer_due < :today implies it is not NULL: the partial indexes on it
   * serve the overdue queue in received order and its count */
  if (query->overdue_only)
    g_string_append (sql, " AND c.answer_due < :today");
  /* letters approved and not sent: referral letters, and reminders */
  if (query->undispatched_only)
    g_string_append (sql, " AND c.id IN (SELECT r.case_id FROM referrals r"
                          " JOIN cases rc ON rc.id = r.case_id AND rc.round = r.round"
                          " WHERE r.state = 'approved'"
                          " UNION SELECT r.case_id FROM follow_ups f JOIN referrals r ON r.id = f.referral_id"
                          " WHERE f.reminder = 'approved' AND r.state = 'dispatched')");
  if (query->reminders_to_approve)
    g_string_append (sql, " AND c.id IN (SELECT r.case_id FROM follow_ups f JOIN referrals r ON r.id = f.referral_id"
                          " WHERE f.reminder = 'draft' AND r.state = 'dispatched')");
  if (query->paused_only)
    g_string_append (sql, " AND c.paused_at IS NOT NULL");
  if (query->expert_id != 0)
    g_string_append (sql, " AND c.expert_id = :expert_id");
  if (query->agency_id != 0)
    g_string_append (sql, " AND c.agency_id = :agency_id");
  /* sorted by registration number, the unregistered have no place */
  if (query->sort == PEYGIR_CASE_SORT_REGISTRATION)
    g_string_append (sql, " AND c.reg_year IS NOT NULL");
}

static void
bind_filters (PeygirDbStatement     *stmt,
              const PeygirCaseQuery *query)
{
  bind_today (stmt);
  if (query->expert_id != 0)
    peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":expert_id"), query->expert_id);
  if (query->agency_id != 0)
    peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":agency_id"), query->agency_id);
}

static GPtrArray *
collect_cases (PeygirStore   *self,
               PeygirDbStatement *stmt,
               GError       **error)
{
  return collect_rows (self, stmt, (RowFunc) case_from_row, (GDestroyNotify) peygir_case_free, error);
}

GPtrArray *
peygir_store_list_cases (PeygirStore            *self,
                         const PeygirCaseQuery  *query,
                         GError                **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  const SortInfo *sort;
  const char *direction;

  g_return_val_if_fail (query->sort < G_N_ELEMENTS (sorts), NULL);
  sort = &sorts[query->sort];
  direction = query->descending ? "DESC" : "ASC";

  g_string_assign (sql, "SELECT " CASE_SELECT (SHORT_DESCRIPTION));
  append_filters (sql, query);
  if (query->has_cursor)
    g_string_append_printf (sql, " AND (%s, c.id) %s (:after_key, :after_id)",
                            sort->key_column, query->descending ? "<" : ">");
  {
    g_autoptr(GString) order = g_string_new (sort->order);

    g_string_replace (order, "DIR", direction, 0);
    g_string_append_printf (sql, " ORDER BY %s", order->str);
  }
  g_string_append (sql, " LIMIT :limit");

  {
    STORE_LOCK (self);
    g_autoptr(PeygirDbStatement) stmt = NULL;

    stmt = peygir_db_prepare_built (self->db, sql->str, error);
    if (stmt == NULL)
      return NULL;
    bind_filters (stmt, query);
    if (query->has_cursor)
      {
        peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":after_key"), query->after_key);
        peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":after_id"), query->after_id);
      }
    peygir_db_bind_int (stmt, peygir_db_parameter (stmt, ":limit"), query->limit > 0 ? (int) query->limit : 50);
    return collect_cases (self, stmt, error);
  }
}

gint64
peygir_store_count_cases (PeygirStore            *self,
                          const PeygirCaseQuery  *query,
                          GError                **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT count(*) FROM cases c");
  STORE_LOCK (self);
  g_autoptr(PeygirDbStatement) stmt = NULL;
  int rc;

  append_filters (sql, query);

  stmt = peygir_db_prepare_built (self->db, sql->str, error);
  if (stmt == NULL)
    return -1;
  bind_filters (stmt, query);
  rc = peygir_db_step (stmt);
  if (rc != PEYGIR_DB_ROW)
    {
      peygir_db_set_error (self->db, error);
      return -1;
    }
  return peygir_db_column_int64 (stmt, 0);
}

gboolean
peygir_store_count_by_state (PeygirStore  *self,
                             gint64        counts[PEYGIR_N_STATES],
                             GError      **error)
{
  STORE_LOCK (self);
  g_autoptr(PeygirDbStatement) stmt = NULL;
  int rc;

  for (guint s = 0; s < PEYGIR_N_STATES; s++)
    counts[s] = 0;

  stmt = peygir_db_prepare (self->db, "SELECT state, n FROM state_counts", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = peygir_db_step (stmt)) == PEYGIR_DB_ROW)
    {
      PeygirState state;

      if (COLUMN_ENUM (stmt, 0, state, &state))
        counts[state] = peygir_db_column_int64 (stmt, 1);
    }
  if (rc != PEYGIR_DB_DONE)
    return peygir_db_set_error (self->db, error);
  return TRUE;
}

/* Overdue referrals are read from their partial index, service delays from
 * the open states' cases, and the average stays from the per-day sums that
 * each action's transaction keeps: no query here reads every case or event. */
gboolean
peygir_store_get_step_figures (PeygirStore        *self,
                               gint64              since,
                               gint64              until,
                               PeygirStepFigures   figures[PEYGIR_N_STATES],
                               GError            **error)
{
  gint64 seconds[PEYGIR_N_STATES] = { 0, };
  static const char *queries[] = {
    "SELECT state, n FROM state_counts",
    "SELECT state, count (*) FROM cases WHERE answer_due < :today GROUP BY state",
    "SELECT state, count (*) FROM cases"
    " WHERE state IN ('in_review', 'registered', 'with_manager', 'referred')"
    "   AND paused_at IS NULL AND service_due <> 0 AND service_due < :today GROUP BY state",
    "SELECT state, sum (n), sum (seconds) FROM state_stays"
    " WHERE day BETWEEN :first AND :last GROUP BY state",
  };

  g_return_val_if_fail (PEYGIR_IS_STORE (self), FALSE);

  memset (figures, 0, sizeof (PeygirStepFigures) * PEYGIR_N_STATES);

  STORE_LOCK (self);
  if (!tx_begin (self, FALSE, error))
    return FALSE;
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, queries[q], error);
      int rc;

      if (stmt == NULL)
        {
          tx_end (self, FALSE, NULL);
          return FALSE;
        }
      bind_today (stmt);
      if (q == 3)
        {
          peygir_db_bind_int (stmt, peygir_db_parameter (stmt, ":first"),
                            peygir_day_from_unix (since));
          peygir_db_bind_int (stmt, peygir_db_parameter (stmt, ":last"),
                            peygir_day_from_unix (MAX (since, until - 1)));
        }
      while ((rc = peygir_db_step (stmt)) == PEYGIR_DB_ROW)
        {
          PeygirState state;

          if (!COLUMN_ENUM (stmt, 0, state, &state))
            continue;
          if (q == 0)
            figures[state].open = peygir_db_column_int64 (stmt, 1);
          else if (q == 1)
            figures[state].overdue = peygir_db_column_int64 (stmt, 1);
          else if (q == 2)
            figures[state].service_overdue = peygir_db_column_int64 (stmt, 1);
          else
            {
              figures[state].passages = peygir_db_column_int64 (stmt, 1);
              seconds[state] = peygir_db_column_int64 (stmt, 2);
            }
        }
      if (rc != PEYGIR_DB_DONE)
        {
          peygir_db_set_error (self->db, error);
          tx_end (self, FALSE, NULL);
          return FALSE;
        }
    }
  for (guint s = 0; s < PEYGIR_N_STATES; s++)
    if (figures[s].passages > 0)
      figures[s].average_seconds = seconds[s] / figures[s].passages;
  return tx_end (self, TRUE, error);
}

static GPtrArray *
select_cases (PeygirStore  *self,
              const char   *where_and_order,
              const char   *text,
              guint         limit,
              GError      **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT " CASE_SELECT (SHORT_DESCRIPTION) " %s LIMIT :limit", where_and_order);
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare_built (self->db, sql, error);

  if (stmt == NULL)
    return NULL;
  /* named: a ?1 would be CASE_SELECT's :today, which comes first */
  bind_today (stmt);
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":text"), text);
  peygir_db_bind_int (stmt, peygir_db_parameter (stmt, ":limit"), limit);
  return collect_cases (self, stmt, error);
}

GPtrArray *
peygir_store_search (PeygirStore  *self,
                     const char   *query,
                     guint         limit,
                     GError      **error)
{
  g_autofree char *digits = NULL;
  g_autofree char *match = NULL;
  g_autoptr(GPtrArray) found = NULL;
  int year, seq;

  if (limit == 0)
    limit = 50;
  if (query == NULL || !g_utf8_validate (query, -1, NULL))
    return g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_case_free);

  STORE_LOCK (self);

  /* Numbers people read out on the phone first, each through its index. */
  /* a mobile copied from a phone's contacts starts with +98 */
  digits = digits_only (g_str_has_prefix (query, "+") ? query + 1 : query);
  if (digits != NULL && *digits != '\0')
    {
      g_autofree char *mobile = peygir_mobile_normalize (digits, NULL);

      if (peygir_tracking_code_is_valid (digits))
        found = select_cases (self, "WHERE c.tracking_code = :text", digits, limit, error);
      else if (mobile != NULL && !peygir_national_id_is_valid (digits))
        found = select_cases (self, "WHERE c.mobile = :text ORDER BY c.id DESC", mobile, limit, error);
      else
        /* ten digits beginning with 9 may be a national ID or a mobile without its 0 */
        found = select_cases (self,
                              "WHERE c.id IN (SELECT id FROM cases WHERE national_id = :text"
                              " UNION SELECT id FROM cases WHERE samad_code = :text"
                              " UNION SELECT id FROM cases WHERE mobile = '0' || :text)"
                              " ORDER BY c.id DESC", digits, limit, error);
      if (found == NULL || found->len > 0)
        return g_steal_pointer (&found);
      g_clear_pointer (&found, g_ptr_array_unref);
    }
  /* after the numbers, as "1405-12345" may also read as a tracking code */
  if (parse_registration_number (query, &year, &seq))
    {
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) year * 10000000 + seq);

      found = select_cases (self, "WHERE c.reg_year = :text / 10000000 AND c.reg_seq = :text % 10000000", key, limit, error);
      if (found == NULL || found->len > 0)
        return g_steal_pointer (&found);
      g_clear_pointer (&found, g_ptr_array_unref);
    }

  match = peygir_text_match_expression (query);
  if (match == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_case_free);

  /* Newest first: FTS5 walks its rowids in order, so a common word on a
   * million cases still stops after one page. */
  return select_cases (self,
                       "WHERE c.id IN (SELECT rowid FROM case_fts WHERE case_fts MATCH :text"
                       " ORDER BY rowid DESC LIMIT :limit)"
                       " ORDER BY c.id DESC", match, limit, error);
}

GPtrArray *
peygir_store_find_earlier_cases (PeygirStore  *self,
                                 const char   *national_id,
                                 const char   *mobile,
                                 gint64        exclude_case_id,
                                 GError      **error)
{
  g_autofree char *id_digits = national_id != NULL ? digits_only (national_id) : NULL;
  g_autofree char *mobile_norm = mobile != NULL ? peygir_mobile_normalize (mobile, NULL) : NULL;
  STORE_LOCK (self);
  g_autoptr(PeygirDbStatement) stmt = NULL;

  stmt = peygir_db_prepare (self->db,
                    "SELECT " CASE_SELECT (SHORT_DESCRIPTION)
                    " WHERE c.id IN (SELECT id FROM cases WHERE national_id = :nid"
                    "                UNION SELECT id FROM cases WHERE mobile = :mobile)"
                    "   AND c.id <> :exclude"
                    " ORDER BY c.id DESC LIMIT 20", error);
  if (stmt == NULL)
    return NULL;
  bind_today (stmt);
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":nid"), id_digits != NULL && *id_digits ? id_digits : NULL);
  peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":mobile"), mobile_norm);
  peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":exclude"), exclude_case_id);
  return collect_cases (self, stmt, error);
}

static PeygirEvent *
event_from_row (PeygirDbStatement *stmt)
{
  PeygirEvent *event = g_new0 (PeygirEvent, 1);

  event->id = peygir_db_column_int64 (stmt, 0);
  event->case_id = peygir_db_column_int64 (stmt, 1);
  event->at = peygir_db_column_int64 (stmt, 2);
  event->actor_id = peygir_db_column_int64 (stmt, 3);
  event->actor_name = peygir_db_column_dup (stmt, 4);
  event->action = peygir_db_column_dup (stmt, 5);
  event->from_state = peygir_db_column_dup (stmt, 6);
  event->to_state = peygir_db_column_dup (stmt, 7);
  event->note = peygir_db_column_dup (stmt, 8);
  event->hash = peygir_db_column_dup (stmt, 9);
  event->operator_id = peygir_db_column_int64 (stmt, 10);
  event->operator_name = peygir_db_column_dup (stmt, 11);
  return event;
}

GPtrArray *
peygir_store_list_events (PeygirStore  *self,
                          gint64        case_id,
                          GError      **error)
{
  STORE_LOCK (self);
  g_autoptr(PeygirDbStatement) stmt =
    peygir_db_prepare (self->db,
               "SELECT e.id, e.case_id, e.at, e.actor_id, u.name, e.action, e.from_state, e.to_state,"
               " e.note, e.hash, e.operator_id, o.name FROM events e LEFT JOIN users u ON u.id = e.actor_id"
               " LEFT JOIN users o ON o.id = e.operator_id"
               " WHERE e.case_id = ? ORDER BY e.id", error);

  if (stmt == NULL)
    return NULL;
  peygir_db_bind_int64 (stmt, 1, case_id);
  return collect_rows (self, stmt, (RowFunc) event_from_row, (GDestroyNotify) peygir_event_free, error);
}

static PeygirContact *
contact_from_row (PeygirDbStatement *stmt)
{
  PeygirContact *contact = g_new0 (PeygirContact, 1);

  contact->id = peygir_db_column_int64 (stmt, 0);
  contact->case_id = peygir_db_column_int64 (stmt, 1);
  contact->at = peygir_db_column_int64 (stmt, 2);
  contact->user_id = peygir_db_column_int64 (stmt, 3);
  contact->user_name = peygir_db_column_dup (stmt, 4);
  COLUMN_ENUM (stmt, 5, channel, &contact->channel);
  contact->note = peygir_db_column_dup (stmt, 6);
  return contact;
}

GPtrArray *
peygir_store_list_contacts (PeygirStore  *self,
                            gint64        case_id,
                            GError      **error)
{
  STORE_LOCK (self);
  g_autoptr(PeygirDbStatement) stmt =
    peygir_db_prepare (self->db,
               "SELECT k.id, k.case_id, k.at, k.user_id, u.name, k.channel, k.note"
               " FROM contacts k LEFT JOIN users u ON u.id = k.user_id"
               " WHERE k.case_id = ? ORDER BY k.id", error);

  if (stmt == NULL)
    return NULL;
  peygir_db_bind_int64 (stmt, 1, case_id);
  return collect_rows (self, stmt, (RowFunc) contact_from_row, (GDestroyNotify) peygir_contact_free, error);
}

/* Documents. */

/* The copy of a document into the database goes in pieces of this size,
 * so that memory stays small whatever the limit. */
#define DOCUMENT_CHUNK (64 * 1024)

/* Copies @size bytes of @stream into the data of document @id, which holds
 * as many zeros, and returns their SHA-256. A stream that ends early or
 * goes on (a file changed while it was read) is refused. */
static char *
write_document_data (PeygirStore   *self,
                     gint64         id,
                     GInputStream  *stream,
                     goffset        size,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(PeygirDbBlob) blob = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (DOCUMENT_CHUNK);
  goffset offset = 0;
  gssize n;

  blob = peygir_db_blob_open (self->db, "documents", "data", id, error);
  if (blob == NULL)
    return NULL;

  while (offset < size)
    {
      n = g_input_stream_read (stream, buffer, (gsize) MIN (size - offset, DOCUMENT_CHUNK), cancellable, error);
      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      g_checksum_update (checksum, buffer, n);
      if (!peygir_db_blob_write (blob, buffer, n, offset, error))
        return NULL;
      offset += n;
    }
  if (offset == size)
    {
      n = g_input_stream_read (stream, buffer, 1, cancellable, error);
      if (n < 0)
        return NULL;
    }
  if (offset != size || n != 0)
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                   _("The document changed while it was read; try again."));
      return NULL;
    }

  if (!peygir_db_blob_close (g_steal_pointer (&blob), error))
    return NULL;
  return g_strdup (g_checksum_get_string (checksum));
}

/* Inserts a document of case @case_id (validated: a name, a MIME type, no
 * larger than the setting allows, which is known from @size before
 * anything is read) and its audit event, inside the caller's write
 * transaction. The data is streamed from @stream. */
static PeygirDocument *
insert_document (PeygirStore   *self,
                 gint64         actor_id,
                 gint64         case_id,
                 const char    *name,
                 const char    *content_type,
                 GInputStream  *stream,
                 goffset        size,
                 GCancellable  *cancellable,
                 gint64         at,
                 GError       **error)
{
  g_autoptr(PeygirDocument) document = NULL;
  g_autofree char *clean_name = NULL;
  g_autofree char *mime_type = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *note = NULL;
  gint64 max = read_setting_int (self, PEYGIR_SETTING_DOCUMENT_MAX, DEFAULT_DOCUMENT_MAX);
  gint64 id;

  if (!peygir_text_validate (name, _("The document’s name"), 255, FALSE, error))
    return NULL;
  clean_name = peygir_text_sanitize (name, FALSE);
  if (*clean_name == '\0')
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_MISSING, _("A document needs a name."));
      return NULL;
    }
  mime_type = peygir_mime_type_normalize (content_type != NULL ? content_type : "application/octet-stream");
  if (mime_type == NULL)
    {
      g_autofree char *shown = g_strescape (content_type, NULL);

      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                   _("“%s” is not a MIME type such as application/pdf."), shown);
      return NULL;
    }
  if (size < 0 || size > max)
    {
      GFormatSizeFlags flags = G_FORMAT_SIZE_IEC_UNITS;
      g_autofree char *size_text = g_format_size_full (MAX (size, 0), flags);
      g_autofree char *max_text = g_format_size_full (max, flags);

      /* a few bytes over reads as the limit itself: then count the bytes */
      if (g_str_equal (size_text, max_text))
        {
          flags |= G_FORMAT_SIZE_LONG_FORMAT;
          g_free (size_text);
          g_free (max_text);
          size_text = g_format_size_full (size, flags);
          max_text = g_format_size_full (max, flags);
        }

      /* Translators: the sizes are like "21.3 MiB" and "20.0 MiB" */
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_TOO_LARGE,
                   _("The document is %s, larger than the %s a document may be."), size_text, max_text);
      return NULL;
    }

  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db,
                 "INSERT INTO documents (case_id, name, content_type, size, sha256, data, added_at, added_by)"
                 " VALUES (?, ?, ?, ?, '', ?, ?, ?)", error);
    if (stmt == NULL)
      return NULL;
    peygir_db_bind_int64 (stmt, 1, case_id);
    peygir_db_bind_text (stmt, 2, clean_name);
    peygir_db_bind_text (stmt, 3, mime_type);
    peygir_db_bind_int64 (stmt, 4, size);
    peygir_db_bind_zeroblob (stmt, 5, size);
    peygir_db_bind_int64 (stmt, 6, at);
    peygir_db_bind_int64 (stmt, 7, actor_id);
    if (!peygir_db_step_done (stmt, error))
      return NULL;
  }
  id = peygir_db_last_insert_id (self->db);

  sha256 = write_document_data (self, id, stream, size, cancellable, error);
  if (sha256 == NULL)
    return NULL;
  {
    g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, "UPDATE documents SET sha256 = ? WHERE id = ?", error);

    if (stmt == NULL)
      return NULL;
    peygir_db_bind_text (stmt, 1, sha256);
    peygir_db_bind_int64 (stmt, 2, id);
    if (!peygir_db_step_done (stmt, error))
      return NULL;
  }

  document = g_new0 (PeygirDocument, 1);
  document->id = id;
  document->case_id = case_id;
  document->name = g_strdup (clean_name);
  document->content_type = g_strdup (mime_type);
  document->size = size;
  document->sha256 = g_strdup (sha256);
  document->added_at = at;
  document->added_by = actor_id;

  note = g_strdup_printf ("%s (%s)", clean_name, sha256);
  if (!append_event (self, case_id, at, actor_id, "attach", NULL, NULL, note, error))
    return NULL;
  return g_steal_pointer (&document);
}

PeygirDocument *
peygir_store_add_document_from_stream (PeygirStore   *self,
                                       const char    *actor_login,
                                       gint64         case_id,
                                       const char    *name,
                                       const char    *content_type,
                                       GInputStream  *stream,
                                       goffset        size,
                                       GCancellable  *cancellable,
                                       GError       **error)
{
  g_autoptr(PeygirUser) actor = NULL;
  g_autoptr(PeygirDocument) document = NULL;
  gint64 now = peygir_clock_now ();
  gboolean ok = FALSE;

  g_return_val_if_fail (PEYGIR_IS_STORE (self), NULL);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  STORE_LOCK (self);
  if (!tx_begin (self, TRUE, error))
    return NULL;

  actor = read_actor (self, actor_login, error);
  if (actor == NULL)
    goto out;
  if (!(actor->roles & (PEYGIR_ROLE_EXPERT | PEYGIR_ROLE_SECRETARIAT | PEYGIR_ROLE_MANAGER)))
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED,
                   _("Your roles do not allow adding documents to a case."));
      goto out;
    }
  if (!case_exists (self, case_id, error))
    goto out;

  document = insert_document (self, actor->id, case_id, name, content_type, stream, size, cancellable, now, error);
  if (document == NULL)
    goto out;
  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db, "UPDATE cases SET version = version + 1, updated_at = ? WHERE id = ?", error);
    if (stmt == NULL)
      goto out;
    peygir_db_bind_int64 (stmt, 1, now);
    peygir_db_bind_int64 (stmt, 2, case_id);
    ok = peygir_db_step_done (stmt, error);
  }

out:
  if (!tx_end (self, ok, error))
    return NULL;
  return g_steal_pointer (&document);
}

PeygirDocument *
peygir_store_add_document (PeygirStore  *self,
                           const char   *actor_login,
                           gint64        case_id,
                           const char   *name,
                           const char   *content_type,
                           GBytes       *data,
                           GError      **error)
{
  g_autoptr(GInputStream) stream = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  stream = g_memory_input_stream_new_from_bytes (data);
  return peygir_store_add_document_from_stream (self, actor_login, case_id, name, content_type, stream,
                                                g_bytes_get_size (data), NULL, error);
}

static PeygirDocument *
document_from_row (PeygirDbStatement *stmt)
{
  PeygirDocument *document = g_new0 (PeygirDocument, 1);

  document->id = peygir_db_column_int64 (stmt, 0);
  document->case_id = peygir_db_column_int64 (stmt, 1);
  document->name = peygir_db_column_dup (stmt, 2);
  document->content_type = peygir_db_column_dup (stmt, 3);
  document->size = peygir_db_column_int64 (stmt, 4);
  document->sha256 = peygir_db_column_dup (stmt, 5);
  document->added_at = peygir_db_column_int64 (stmt, 6);
  document->added_by = peygir_db_column_int64 (stmt, 7);
  return document;
}

GPtrArray *
peygir_store_list_documents (PeygirStore  *self,
                             gint64        case_id,
                             GError      **error)
{
  STORE_LOCK (self);
  g_autoptr(PeygirDbStatement) stmt =
    peygir_db_prepare (self->db,
               "SELECT id, case_id, name, content_type, size, sha256, added_at, added_by"
               " FROM documents WHERE case_id = ? ORDER BY id", error);

  if (stmt == NULL)
    return NULL;
  peygir_db_bind_int64 (stmt, 1, case_id);
  return collect_rows (self, stmt, (RowFunc) document_from_row, (GDestroyNotify) peygir_document_free, error);
}

GBytes *
peygir_store_get_document_data (PeygirStore  *self,
                                gint64        document_id,
                                GError      **error)
{
  STORE_LOCK (self);
  g_autoptr(PeygirDbStatement) stmt = NULL;
  int rc;

  stmt = peygir_db_prepare (self->db, "SELECT data FROM documents WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  peygir_db_bind_int64 (stmt, 1, document_id);
  rc = peygir_db_step (stmt);
  if (rc == PEYGIR_DB_ROW)
    return g_bytes_new (peygir_db_column_blob (stmt, 0), peygir_db_column_bytes (stmt, 0));
  if (rc != PEYGIR_DB_DONE)
    peygir_db_set_error (self->db, error);
  else
    g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND,
                 _("There is no document number %" PRId64 "."), document_id);
  return NULL;
}

/* Images. */

static gboolean
image_key_is_valid (const char *key)
{
  return g_strcmp0 (key, "logo") == 0
         || (key != NULL && g_str_has_prefix (key, "signature:") && key[strlen ("signature:")] != '\0');
}

gboolean
peygir_store_set_image (PeygirStore  *self,
                        const char   *actor_login,
                        const char   *key,
                        GBytes       *png,
                        GError      **error)
{
  static const guchar png_magic[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  gint64 actor_id;
  gboolean ok = FALSE;

  if (!image_key_is_valid (key))
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND,
                   _("There is no image “%s”: the images are the logo and the managers’ signatures."), key);
      return FALSE;
    }
  if (png != NULL
      && (g_bytes_get_size (png) < sizeof png_magic
          || memcmp (g_bytes_get_data (png, NULL), png_magic, sizeof png_magic) != 0))
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                   _("The image must be a PNG file."));
      return FALSE;
    }
  if (png != NULL && g_bytes_get_size (png) > 2 * 1024 * 1024)
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_TOO_LARGE,
                   _("The image is larger than 2 MB."));
      return FALSE;
    }

  STORE_LOCK (self);
  if (!tx_begin (self, TRUE, error))
    return FALSE;
  if (check_admin (self, actor_login, &actor_id, error))
    {
      g_autoptr(PeygirDbStatement) stmt =
        peygir_db_prepare (self->db, png != NULL ? "INSERT OR REPLACE INTO images (key, data) VALUES (?1, ?2)"
                                     : "DELETE FROM images WHERE key = ?1", error);

      if (stmt != NULL)
        {
          peygir_db_bind_text (stmt, 1, key);
          if (png != NULL)
            peygir_db_bind_blob (stmt, 2, g_bytes_get_data (png, NULL), g_bytes_get_size (png));
          ok = peygir_db_step_done (stmt, error)
               && append_event (self, 0, peygir_clock_now (), actor_id, "image", NULL, NULL, key, error);
        }
    }
  return tx_end (self, ok, error);
}

GBytes *
peygir_store_get_image (PeygirStore  *self,
                        const char   *key,
                        GError      **error)
{
  STORE_LOCK (self);
  g_autoptr(PeygirDbStatement) stmt = NULL;
  int rc;

  stmt = peygir_db_prepare (self->db, "SELECT data FROM images WHERE key = ?", error);
  if (stmt == NULL)
    return NULL;
  peygir_db_bind_text (stmt, 1, key);
  rc = peygir_db_step (stmt);
  if (rc == PEYGIR_DB_ROW)
    return g_bytes_new (peygir_db_column_blob (stmt, 0), peygir_db_column_bytes (stmt, 0));
  if (rc != PEYGIR_DB_DONE)
    peygir_db_set_error (self->db, error);
  return NULL;
}

/* The letter registry. */

void
peygir_letter_record_free (PeygirLetterRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->number);
  g_free (record->kind);
  g_free (record->void_reason);
  g_free (record);
}

#define LETTER_COLUMNS \
  "id, number, kind, case_id, referral_id, issued_at, issued_by, pdf IS NOT NULL," \
  " void_reason, voided_at, voided_by FROM letters"

static PeygirLetterRecord *
letter_record_from_row (PeygirDbStatement *stmt)
{
  PeygirLetterRecord *record = g_new0 (PeygirLetterRecord, 1);

  record->id = peygir_db_column_int64 (stmt, 0);
  record->number = peygir_db_column_dup (stmt, 1);
  record->kind = peygir_db_column_dup (stmt, 2);
  record->case_id = peygir_db_column_int64 (stmt, 3);
  record->referral_id = peygir_db_column_int64 (stmt, 4);
  record->issued_at = peygir_db_column_int64 (stmt, 5);
  record->issued_by = peygir_db_column_int64 (stmt, 6);
  record->has_pdf = peygir_db_column_int (stmt, 7);
  record->void_reason = peygir_db_column_dup (stmt, 8);
  record->voided_at = peygir_db_column_int64 (stmt, 9);
  record->voided_by = peygir_db_column_int64 (stmt, 10);
  return record;
}

/* The letters of a case, with more conditions in @where (on ?2 = @text). */
static GPtrArray *
read_letters (PeygirStore  *self,
              const char   *where,
              gint64        case_id,
              const char   *text,
              GError      **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT " LETTER_COLUMNS " WHERE case_id = ? %s ORDER BY id", where);
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare_built (self->db, sql, error);

  if (stmt == NULL)
    return NULL;
  peygir_db_bind_int64 (stmt, 1, case_id);
  if (text != NULL)
    peygir_db_bind_text (stmt, 2, text);
  return collect_rows (self, stmt, (RowFunc) letter_record_from_row,
                       (GDestroyNotify) peygir_letter_record_free, error);
}

GPtrArray *
peygir_store_list_letters (PeygirStore  *self,
                           gint64        case_id,
                           GError      **error)
{
  STORE_LOCK (self);
  return read_letters (self, "", case_id, NULL, error);
}

/* The written answers of the case's current round: a reopened case is
 * answered again. */
static GPtrArray *
read_answer_letters (PeygirStore  *self,
                     gint64        case_id,
                     GError      **error)
{
  return read_letters (self,
                       "AND kind = 'answer' AND void_reason IS NULL AND issued_at >= coalesce ((SELECT max (at) FROM events"
                       " WHERE events.case_id = letters.case_id AND action = 'reopen'), 0)",
                       case_id, NULL, error);
}

PeygirLetterRecord *
peygir_store_get_answer_letter (PeygirStore  *self,
                                gint64        case_id,
                                GError      **error)
{
  g_autoptr(GPtrArray) issued = NULL;

  STORE_LOCK (self);
  issued = read_answer_letters (self, case_id, error);
  if (issued == NULL)
    return NULL;
  if (issued->len == 0)
    {
      g_set_error_literal (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND,
                           _("The answer to the applicant has not been sent yet."));
      return NULL;
    }
  return g_steal_pointer (&g_ptr_array_index (issued, issued->len - 1));
}

PeygirLetterRecord *
peygir_store_issue_answer_letter (PeygirStore  *self,
                                  const char   *actor_login,
                                  gint64        case_id,
                                  const char   *expect_number,
                                  GBytes       *pdf,
                                  GError      **error)
{
  g_autoptr(PeygirUser) actor = NULL;
  g_autoptr(PeygirCase) kase = NULL;
  g_autoptr(GPtrArray) issued = NULL;
  PeygirLetterRecord *record = NULL;
  g_autofree char *number = NULL;
  gint64 at;
  gboolean ok = FALSE;

  STORE_LOCK (self);
  if (!tx_begin (self, TRUE, error))
    return NULL;

  actor = read_actor (self, actor_login, error);
  if (actor == NULL)
    goto out;
  if (!(actor->roles & PEYGIR_ROLE_SECRETARIAT))
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED,
                   _("Only the secretariat issues letters."));
      goto out;
    }
  kase = read_case (self, case_id, PEYGIR_CASE_DETAIL_NONE, error);
  if (kase == NULL)
    goto out;
  if (!peygir_workflow_has_result (kase->state))
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                   _("The answer to the applicant can be issued once the case is answered or rejected."));
      goto out;
    }

  /* one written answer per round: issuing again gives the same letter */
  issued = read_answer_letters (self, case_id, error);
  if (issued == NULL)
    goto out;
  if (issued->len > 0)
    {
      record = g_steal_pointer (&g_ptr_array_index (issued, issued->len - 1));
      ok = TRUE;
      goto out;
    }

  at = peygir_clock_now ();
  number = issue_letter_number_full (self, case_id, actor->id, at, "answer", 0, expect_number, pdf, error);
  if (number == NULL
      || !append_event (self, case_id, at, actor->id, "issue_letter", NULL, NULL, number, error))
    goto out;

  g_clear_pointer (&issued, g_ptr_array_unref);
  issued = read_letters (self, "AND number = ?2", case_id, number, error);
  if (issued == NULL || issued->len != 1)
    goto out;
  record = g_steal_pointer (&g_ptr_array_index (issued, 0));
  ok = TRUE;

out:
  if (!tx_end (self, ok, error))
    g_clear_pointer (&record, peygir_letter_record_free);
  return record;
}

/* The reason a number is voided, as kept: required, sanitized, trimmed. */
static char *
void_reason_from (const char  *reason,
                  GError     **error)
{
  g_autofree char *clean = NULL;

  if (reason != NULL && !peygir_text_validate (reason, _("The reason"), MAX_NOTE_CHARS, TRUE, error))
    return NULL;
  if (reason != NULL)
    clean = g_strstrip (peygir_text_sanitize (reason, TRUE));
  if (clean == NULL || *clean == '\0')
    {
      g_set_error_literal (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOTE_REQUIRED,
                           _("Voiding a letter number needs its reason."));
      return NULL;
    }
  return g_steal_pointer (&clean);
}

gboolean
peygir_store_void_letter (PeygirStore  *self,
                          const char   *actor_login,
                          const char   *number,
                          const char   *reason,
                          GError      **error)
{
  g_autoptr(PeygirUser) actor = NULL;
  g_autoptr(PeygirLetterRecord) letter = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *clean_reason = NULL;
  g_autofree char *note = NULL;
  gint64 now = peygir_clock_now ();
  gboolean ok = FALSE;

  g_return_val_if_fail (number != NULL, FALSE);

  clean_reason = void_reason_from (reason, error);
  if (clean_reason == NULL)
    return FALSE;

  STORE_LOCK (self);
  if (!tx_begin (self, TRUE, error))
    return FALSE;
  actor = read_actor (self, actor_login, error);
  if (actor == NULL)
    goto out;
  if (!(actor->roles & PEYGIR_ROLE_SECRETARIAT))
    {
      g_set_error_literal (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED,
                           _("Only the secretariat voids letter numbers."));
      goto out;
    }
  {
    g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare (self->db, "SELECT " LETTER_COLUMNS " WHERE number = ?", error);

    if (stmt == NULL)
      goto out;
    peygir_db_bind_text (stmt, 1, number);
    found = collect_rows (self, stmt, (RowFunc) letter_record_from_row,
                          (GDestroyNotify) peygir_letter_record_free, error);
    if (found == NULL)
      goto out;
  }
  if (found->len == 0)
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND,
                   _("Letter %s is not in the registry."), number);
      goto out;
    }
  letter = g_steal_pointer (&g_ptr_array_index (found, 0));
  if (letter->void_reason != NULL)
    {
      g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                   _("Letter %s is void already."), number);
      goto out;
    }

  /* What the letter sent goes back to waiting to be sent, under a new
   * number; the void one stays in the register. */
  if (g_str_equal (letter->kind, "referral"))
    {
      g_autoptr(PeygirDbStatement) check =
        peygir_db_prepare (self->db, "SELECT r.state, (SELECT count (*) FROM follow_ups f WHERE f.referral_id = r.id"
                         " AND f.letter_number IS NOT NULL) FROM referrals r WHERE r.id = ?", error);
      int rc;

      if (check == NULL)
        goto out;
      peygir_db_bind_int64 (check, 1, letter->referral_id);
      rc = peygir_db_step (check);
      if (rc != PEYGIR_DB_ROW)
        {
          if (rc == PEYGIR_DB_DONE)
            peygir_db_set_error_as (self->db, PEYGIR_STORE_ERROR_CORRUPT, error);
          else
            peygir_db_set_error (self->db, error);
          goto out;
        }
      if (g_strcmp0 (peygir_db_column_text (check, 0), "dispatched") != 0)
        {
          g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                       _("The agency has answered letter %s: it cannot be voided."), number);
          goto out;
        }
      if (peygir_db_column_int (check, 1) > 0)
        {
          g_set_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,
                       _("A reminder was sent after letter %s: void the reminder first."), number);
          goto out;
        }
      peygir_db_statement_release (check);
      {
        g_autoptr(PeygirDbStatement) stmt =
          peygir_db_prepare (self->db, "UPDATE referrals SET state = 'approved', letter_number = NULL, dispatched_at = NULL,"
                           " due = NULL WHERE id = ?", error);
        if (stmt == NULL)
          goto out;
        peygir_db_bind_int64 (stmt, 1, letter->referral_id);
        if (!peygir_db_step_done (stmt, error))
          goto out;
      }
    }
  else if (g_str_equal (letter->kind, "reminder"))
    {
      g_autoptr(PeygirDbStatement) stmt =
        peygir_db_prepare (self->db, "UPDATE follow_ups SET letter_number = NULL,"
                         " reminder = CASE WHEN (SELECT state FROM referrals r WHERE r.id = follow_ups.referral_id)"
                         "   = 'dispatched' THEN 'approved' ELSE 'withdrawn' END"
                         " WHERE letter_number = ?", error);
      if (stmt == NULL)
        goto out;
      peygir_db_bind_text (stmt, 1, number);
      if (!peygir_db_step_done (stmt, error))
        goto out;
    }

  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db, "UPDATE letters SET void_reason = ?, voided_at = ?, voided_by = ? WHERE id = ?", error);
    if (stmt == NULL)
      goto out;
    peygir_db_bind_text (stmt, 1, clean_reason);
    peygir_db_bind_int64 (stmt, 2, now);
    peygir_db_bind_int64 (stmt, 3, actor->id);
    peygir_db_bind_int64 (stmt, 4, letter->id);
    if (!peygir_db_step_done (stmt, error))
      goto out;
  }
  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db,
                 "UPDATE cases SET version = version + 1, updated_at = ?,"
                 " answer_due = (SELECT min (r.due) FROM referrals r"
                 "  WHERE r.case_id = cases.id AND r.round = cases.round AND r.state = 'dispatched')"
                 " WHERE id = ?", error);
    if (stmt == NULL)
      goto out;
    peygir_db_bind_int64 (stmt, 1, now);
    peygir_db_bind_int64 (stmt, 2, letter->case_id);
    if (!peygir_db_step_done (stmt, error))
      goto out;
  }
  note = g_strdup_printf ("%s — %s", number, clean_reason);
  ok = append_event (self, letter->case_id, now, actor->id, "void_letter", NULL, NULL, note, error);

out:
  return tx_end (self, ok, error);
}

gboolean
peygir_store_spoil_letter_number (PeygirStore  *self,
                                  const char   *actor_login,
                                  gint64        case_id,
                                  const char   *kind,
                                  gint64        referral_id,
                                  const char   *expect_number,
                                  const char   *reason,
                                  GError      **error)
{
  g_autoptr(PeygirUser) actor = NULL;
  g_autofree char *number = NULL;
  g_autofree char *clean_reason = NULL;
  g_autofree char *note = NULL;
  gint64 now = peygir_clock_now ();
  gboolean ok = FALSE;

  g_return_val_if_fail (expect_number != NULL, FALSE);
  g_return_val_if_fail (g_strcmp0 (kind, "referral") == 0 || g_strcmp0 (kind, "reminder") == 0
                        || g_strcmp0 (kind, "answer") == 0, FALSE);

  clean_reason = void_reason_from (reason, error);
  if (clean_reason == NULL)
    return FALSE;

  STORE_LOCK (self);
  if (!tx_begin (self, TRUE, error))
    return FALSE;
  actor = read_actor (self, actor_login, error);
  if (actor == NULL)
    goto out;
  if (!(actor->roles & PEYGIR_ROLE_SECRETARIAT))
    {
      g_set_error_literal (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED,
                           _("Only the secretariat voids letter numbers."));
      goto out;
    }
  if (!case_exists (self, case_id, error))
    goto out;
  number = issue_letter_number_full (self, case_id, actor->id, now, kind, referral_id, expect_number, NULL, error);
  if (number == NULL)
    goto out;
  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db, "UPDATE letters SET void_reason = ?, voided_at = ?, voided_by = ? WHERE number = ?", error);
    if (stmt == NULL)
      goto out;
    peygir_db_bind_text (stmt, 1, clean_reason);
    peygir_db_bind_int64 (stmt, 2, now);
    peygir_db_bind_int64 (stmt, 3, actor->id);
    peygir_db_bind_text (stmt, 4, number);
    if (!peygir_db_step_done (stmt, error))
      goto out;
  }
  note = g_strdup_printf ("%s — %s", number, clean_reason);
  ok = append_event (self, case_id, now, actor->id, "void_letter", NULL, NULL, note, error);

out:
  return tx_end (self, ok, error);
}

char **
peygir_store_peek_letter_numbers (PeygirStore  *self,
                                  guint         n,
                                  GError      **error)
{
  int year = peygir_persian_year_of (peygir_clock_now ());
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PeygirDbStatement) stmt = NULL;
  gint64 last = 0;
  int rc;

  STORE_LOCK (self);
  stmt = peygir_db_prepare (self->db, "SELECT value FROM counters WHERE series = 'letter' AND year = ?", error);
  if (stmt == NULL)
    return NULL;
  peygir_db_bind_int (stmt, 1, year);
  rc = peygir_db_step (stmt);
  if (rc == PEYGIR_DB_ROW)
    last = peygir_db_column_int64 (stmt, 0);
  else if (rc != PEYGIR_DB_DONE)
    {
      peygir_db_set_error (self->db, error);
      return NULL;
    }
  peygir_db_statement_release (stmt);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (numbers, format_letter_number (year, last + 1 + i));
  g_ptr_array_add (numbers, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&numbers), FALSE);
}

void
peygir_register_entry_free (PeygirRegisterEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->number);
  g_free (entry->kind);
  g_free (entry->tracking_code);
  g_free (entry->registration_number);
  g_free (entry->subject);
  g_free (entry->party);
  g_free (entry->void_reason);
  g_free (entry);
}

static PeygirRegisterEntry *
register_entry_from_row (PeygirDbStatement *stmt)
{
  PeygirRegisterEntry *entry = g_new0 (PeygirRegisterEntry, 1);
  int i = 0;

  entry->incoming = peygir_db_column_int (stmt, i++);
  entry->id = peygir_db_column_int64 (stmt, i++);
  entry->number = peygir_db_column_dup (stmt, i++);
  entry->kind = peygir_db_column_dup (stmt, i++);
  entry->at = peygir_db_column_int64 (stmt, i++);
  entry->letter_day = peygir_db_column_int (stmt, i++);
  entry->day = peygir_day_from_unix (entry->at);
  entry->case_id = peygir_db_column_int64 (stmt, i++);
  entry->tracking_code = peygir_db_column_dup (stmt, i++);
  if (!peygir_db_column_is_null (stmt, i))
    entry->registration_number = g_strdup_printf ("%d/%d", peygir_db_column_int (stmt, i),
                                                  peygir_db_column_int (stmt, i + 1));
  i += 2;
  entry->subject = peygir_db_column_dup (stmt, i++);
  entry->party = peygir_db_column_dup (stmt, i++);
  entry->agency_id = peygir_db_column_int64 (stmt, i++);
  entry->referral_id = peygir_db_column_int64 (stmt, i++);
  entry->void_reason = peygir_db_column_dup (stmt, i++);
  entry->has_pdf = peygir_db_column_int (stmt, i++);
  entry->document_id = peygir_db_column_int64 (stmt, i++);
  return entry;
}

/* "%text%" for LIKE, its own % _ \\ taken as themselves. */
static char *
like_pattern (const char *text)
{
  GString *escaped = g_string_new ("%");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (escaped, '\\');
      g_string_append_c (escaped, *p);
    }
  g_string_append_c (escaped, '%');
  return g_string_free (escaped, FALSE);
}

GPtrArray *
peygir_store_list_register (PeygirStore                 *self,
                            const PeygirRegisterQuery   *query,
                            GError                     **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(PeygirDbStatement) stmt = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *folded_pattern = NULL;
  guint limit;

  g_return_val_if_fail (query != NULL, NULL);

  limit = query->limit > 0 ? query->limit : 50;
  /* Outgoing letters (void ones too: the register never loses a number)
   * and the agencies' answers, newest first. The date bounds go into each
   * half, where the indexes on issued_at and answered_at serve them. */
  g_string_append (sql,
                   "SELECT * FROM ("
                   " SELECT 0 AS incoming, l.id AS id, l.number AS number, l.kind, l.issued_at AS at, 0,"
                   "  l.case_id, c.tracking_code, c.reg_year, c.reg_seq, c.subject,"
                   "  CASE WHEN l.kind = 'answer' THEN c.applicant_name ELSE a.name END AS party,"
                   "  r.agency_id AS agency_id, l.referral_id, l.void_reason, l.pdf IS NOT NULL, 0"
                   " FROM letters l JOIN cases c ON c.id = l.case_id"
                   " LEFT JOIN referrals r ON r.id = l.referral_id LEFT JOIN agencies a ON a.id = r.agency_id"
                   " WHERE l.issued_at >= :from AND l.issued_at < :until"
                   " UNION ALL"
                   " SELECT 1, r.id, r.answer_number, 'answer', r.answered_at, coalesce (r.answer_date, 0),"
                   "  r.case_id, c.tracking_code, c.reg_year, c.reg_seq, c.subject, a.name,"
                   "  r.agency_id, r.id, NULL, 0, coalesce (r.answer_document_id, 0)"
                   " FROM referrals r JOIN cases c ON c.id = r.case_id JOIN agencies a ON a.id = r.agency_id"
                   " WHERE r.answered_at IS NOT NULL AND r.answered_at >= :from AND r.answered_at < :until"
                   ") WHERE 1");
  if (query->directions == PEYGIR_REGISTER_OUTGOING)
    g_string_append (sql, " AND incoming = 0");
  else if (query->directions == PEYGIR_REGISTER_INCOMING)
    g_string_append (sql, " AND incoming = 1");
  if (query->agency_id != 0)
    g_string_append (sql, " AND agency_id = :agency");
  if (query->text != NULL && *query->text != '\0')
    {
      g_autofree char *folded = peygir_text_normalize (query->text);

      g_string_append (sql, " AND (number LIKE :text ESCAPE '\\' OR tracking_code LIKE :text ESCAPE '\\'");
      /* a text of punctuation only folds to nothing, which every name holds */
      if (*folded != '\0')
        {
          g_string_append (sql, " OR peygir_fold (party) LIKE :folded ESCAPE '\\'"
                                " OR peygir_fold (subject) LIKE :folded ESCAPE '\\'");
          folded_pattern = like_pattern (folded);
        }
      g_string_append (sql, ")");
    }
  if (query->has_cursor)
    g_string_append (sql, " AND (at, incoming, id) < (:after_at, :after_incoming, :after_id)");
  g_string_append (sql, " ORDER BY at DESC, incoming DESC, id DESC LIMIT :limit");

  STORE_LOCK (self);
  stmt = peygir_db_prepare_built (self->db, sql->str, error);
  if (stmt == NULL)
    return NULL;
  peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":from"),
                      query->from != 0 ? peygir_day_to_unix (query->from) : G_MININT64);
  peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":until"),
                      query->to != 0 ? peygir_day_to_unix (peygir_day_add_days (query->to, 1)) : G_MAXINT64);
  if (query->agency_id != 0)
    peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":agency"), query->agency_id);
  if (query->text != NULL && *query->text != '\0')
    {
      g_autofree char *ascii = peygir_text_digits_to_ascii (query->text);

      /* numbers as the register keeps them (ASCII digits); names and
       * subjects folded like the search folds them */
      g_strstrip (ascii);
      pattern = like_pattern (ascii);
      peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":text"), pattern);
      if (folded_pattern != NULL)
        peygir_db_bind_text (stmt, peygir_db_parameter (stmt, ":folded"), folded_pattern);
    }
  if (query->has_cursor)
    {
      peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":after_at"), query->after_at);
      peygir_db_bind_int (stmt, peygir_db_parameter (stmt, ":after_incoming"), query->after_incoming ? 1 : 0);
      peygir_db_bind_int64 (stmt, peygir_db_parameter (stmt, ":after_id"), query->after_id);
    }
  peygir_db_bind_int (stmt, peygir_db_parameter (stmt, ":limit"), limit);
  return collect_rows (self, stmt, (RowFunc) register_entry_from_row,
                       (GDestroyNotify) peygir_register_entry_free, error);
}

gboolean
peygir_store_keep_letter_pdf (PeygirStore  *self,
                              const char   *number,
                              GBytes       *pdf,
                              GError      **error)
{
  gboolean ok = FALSE;

  STORE_LOCK (self);
  if (!tx_begin (self, TRUE, error))
    return FALSE;
  {
    g_autoptr(PeygirDbStatement) stmt =
      peygir_db_prepare (self->db, "UPDATE letters SET pdf = ?2 WHERE number = ?1 AND pdf IS NULL", error);

    if (stmt != NULL)
      {
        peygir_db_bind_text (stmt, 1, number);
        peygir_db_bind_blob (stmt, 2, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
        ok = peygir_db_step_done (stmt, error);
        if (ok && peygir_db_changes (self->db) != 1)
          {
            g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_EXISTS,
                         _("Letter %s is not in the registry, or what was sent is kept already."), number);
            ok = FALSE;
          }
      }
  }
  return tx_end (self, ok, error);
}

GBytes *
peygir_store_get_letter_pdf (PeygirStore  *self,
                             const char   *number,
                             GError      **error)
{
  STORE_LOCK (self);
  g_autoptr(PeygirDbStatement) stmt = NULL;
  int rc;

  stmt = peygir_db_prepare (self->db, "SELECT pdf FROM letters WHERE number = ? AND pdf IS NOT NULL", error);
  if (stmt == NULL)
    return NULL;
  peygir_db_bind_text (stmt, 1, number);
  rc = peygir_db_step (stmt);
  if (rc == PEYGIR_DB_ROW)
    return g_bytes_new (peygir_db_column_blob (stmt, 0), peygir_db_column_bytes (stmt, 0));
  if (rc != PEYGIR_DB_DONE)
    peygir_db_set_error (self->db, error);
  else
    g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND,
                 _("No copy of letter %s is kept."), number);
  return NULL;
}

/* Batches. */

gboolean
peygir_store_begin_batch (PeygirStore  *self,
                          GError      **error)
{
  g_rec_mutex_lock (&self->lock);
  if (self->batch_depth == 0 && !tx_begin (self, TRUE, error))
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
    ok = flush_search_rows (self, error);
  if (self->batch_depth == 1 && commit && ok && self->head_cached)
    ok = write_audit_head (self, self->head_id, self->head_hash, error);

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
