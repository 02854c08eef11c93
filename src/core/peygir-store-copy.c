/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-store"

/* A whole database copied into another, of either engine: moving an office
 * from a file to a server, and a server's backup as a file. Every table row
 * for row with its ids, read from the source in short pages so that the
 * desks keep saving, written into the destination in one transaction that
 * commits only once the destination's own check has passed. */

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "peygir-error.h"
#include "peygir-store-private.h"

#define COPY_MAX_COLUMNS 34
#define COPY_PAGE        500
#define COPY_BATCH       50   /* rows an INSERT; 50 × 32 columns is within both engines' limits */

typedef enum
{
  COPY_INT,
  COPY_TEXT,
  COPY_BLOB,
} CopyKind;

typedef struct
{
  const char *name;
  CopyKind    kind;
} CopyColumn;

typedef enum
{
  /* read in pages by its id (the first column), and the ids given to new
   * rows continue after the copied ones */
  COPY_BY_ID   = 1 << 0,
  /* not copied: counted anew from the cases that arrived (count_cases_after ()) */
  COPY_COUNTED = 1 << 1,
} CopyFlags;

typedef struct
{
  const char *name;
  CopyFlags   flags;
  guint       page;        /* rows a read; 0: COPY_PAGE */
  /* a column that may point to a later row of the same table: written
   * once the whole table is there */
  const char *later;
  CopyColumn  columns[COPY_MAX_COLUMNS + 1];
} CopyTable;

#define I(name) { name, COPY_INT }
#define T(name) { name, COPY_TEXT }
#define B(name) { name, COPY_BLOB }

/* Every table and column of the schema (peygir-store-schema.h at the current
 * version, peygir-schema-server.sql), in the order of their foreign keys.
 * The search index is not here: each engine's is rebuilt on arrival. A
 * column the database has and this list lacks stops the copy. */
static const CopyTable tables[] = {
  { "meta", 0, 0, NULL, { T ("key"), T ("value") } },
  { "settings", 0, 0, NULL, { T ("key"), T ("value") } },
  { "users", COPY_BY_ID, 0, NULL,
    { I ("id"), T ("login"), T ("name"), I ("roles"), I ("active"), I ("created_at"), T ("title") } },
  { "agencies", COPY_BY_ID, 0, NULL,
    { I ("id"), T ("name"), T ("head_title"), I ("response_days"), I ("active") } },
  { "images", 0, 0, NULL, { T ("key"), B ("data") } },
  { "holidays", COPY_BY_ID, 0, NULL,
    { I ("id"), I ("persian_month"), I ("persian_day"), I ("day"), T ("name") } },
  { "counters", 0, 0, NULL, { T ("series"), I ("year"), I ("value") } },
  { "cases", COPY_BY_ID, 0, "linked_case_id",
    { I ("id"), T ("tracking_code"), I ("reg_year"), I ("reg_seq"), T ("kind"), T ("applicant_type"),
      T ("applicant_name"), T ("national_id"), T ("mobile"), T ("phone"), T ("address"),
      T ("postal_code"), T ("email"), T ("subject"), T ("description"), T ("category"),
      I ("agency_id"), T ("channel"), T ("samad_code"), I ("linked_case_id"), T ("state"),
      I ("expert_id"), I ("received_on"), I ("created_at"), I ("registered_at"), I ("updated_at"),
      I ("closed_at"), I ("service_due"), I ("paused_at"), I ("round"), I ("version"),
      I ("answer_due"), I ("letters_waiting"), I ("reminder_draft") } },
  /* a few documents a read: each may be as large as the office allows */
  { "documents", COPY_BY_ID, 4, NULL,
    { I ("id"), I ("case_id"), T ("name"), T ("content_type"), I ("size"), T ("sha256"), B ("data"),
      I ("added_at"), I ("added_by") } },
  { "referrals", COPY_BY_ID, 0, NULL,
    { I ("id"), I ("case_id"), I ("agency_id"), I ("round"), T ("state"), T ("letter_text"),
      I ("drafted_by"), I ("drafted_at"), I ("approved_by"), I ("approved_at"), T ("letter_number"),
      I ("dispatched_at"), I ("due"), T ("answer"), I ("answered_at"), T ("answer_number"),
      I ("answer_date"), I ("answer_document_id") } },
  { "follow_ups", COPY_BY_ID, 0, NULL,
    { I ("id"), I ("referral_id"), I ("at"), I ("user_id"), I ("previous_due"), I ("new_due"),
      T ("letter_number"), T ("note"), T ("channel"), T ("reminder"), I ("signer_id"),
      I ("approved_at") } },
  { "letters", COPY_BY_ID, 50, NULL,
    { I ("id"), T ("number"), T ("kind"), I ("case_id"), I ("referral_id"), I ("issued_at"),
      I ("issued_by"), B ("pdf"), T ("void_reason"), I ("voided_at"), I ("voided_by") } },
  { "contacts", COPY_BY_ID, 0, NULL,
    { I ("id"), I ("case_id"), I ("at"), I ("user_id"), T ("channel"), T ("note") } },
  { "events", COPY_BY_ID, 0, NULL,
    { I ("id"), I ("case_id"), I ("at"), I ("actor_id"), T ("action"), T ("from_state"),
      T ("to_state"), T ("note"), T ("hash"), I ("operator_id") } },
  { "case_counts", COPY_COUNTED, 0, NULL,
    { T ("state"), I ("expert_id"), I ("letters"), I ("reminders"), I ("paused"), I ("n") } },
  { "deadline_counts", COPY_COUNTED, 0, NULL,
    { T ("clock"), I ("expert_id"), I ("day"), T ("state"), I ("n") } },
  { "state_stays", 0, 0, NULL, { T ("state"), I ("day"), I ("n"), I ("seconds") } },
  { "report_tallies", 0, 0, NULL, { T ("figure"), I ("day"), T ("key"), I ("a"), I ("b"), I ("n") } },
};

#undef I
#undef T
#undef B

/* What a copy carries between its steps. */
typedef struct
{
  PeygirStore *source;
  PeygirStore *dest;
  GArray      *case_ids;  /* of gint64: whose search rows to write */
  gint64       n_cases;
  gint64       n_events;
} CopyJob;

static guint
table_n_columns (const CopyTable *table)
{
  guint n = 0;

  while (n < COPY_MAX_COLUMNS && table->columns[n].name != NULL)
    n++;
  return n;
}

static char *
table_select_sql (const CopyTable *table)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");

  for (guint i = 0; i < table_n_columns (table); i++)
    g_string_append_printf (sql, "%s%s", i > 0 ? ", " : "", table->columns[i].name);
  g_string_append_printf (sql, " FROM %s", table->name);
  if (table->flags & COPY_BY_ID)
    g_string_append_printf (sql, " WHERE id > ? ORDER BY id LIMIT %u", table->page > 0 ? table->page : COPY_PAGE);
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* Rows are written @n_rows to a statement: on a server each statement is
 * a round trip, and one a row made a million cases' copy take half an
 * hour. */
static char *
table_insert_sql (const CopyTable *table,
                  guint            n_rows)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  guint n = table_n_columns (table);

  g_string_printf (sql, "INSERT INTO %s (", table->name);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (sql, "%s%s", i > 0 ? ", " : "", table->columns[i].name);
  g_string_append (sql, ") VALUES ");
  for (guint r = 0; r < n_rows; r++)
    {
      g_string_append (sql, r > 0 ? ", (" : "(");
      for (guint i = 0; i < n; i++)
        g_string_append (sql, i > 0 ? ", ?" : "?");
      g_string_append (sql, ")");
    }
  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* How many rows of @table one INSERT writes: one for a table read in
 * small pages because its rows are large (documents), so that no
 * statement grows to many megabytes. */
static guint
table_batch (const CopyTable *table)
{
  return table->page > 0 && table->page < COPY_BATCH ? 1 : COPY_BATCH;
}

/* Compares the columns @db reports for each table with the list above. */
static gboolean
check_columns (PeygirDb  *db,
               GError   **error)
{
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      guint n = table_n_columns (&tables[t]);

      if (!peygir_db_list_columns (db, tables[t].name, names, error))
        return FALSE;
      for (guint i = 0; i < names->len; i++)
        {
          gboolean known = FALSE;

          for (guint c = 0; c < n && !known; c++)
            known = g_str_equal (tables[t].columns[c].name, g_ptr_array_index (names, i));
          if (!known)
            {
              g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CORRUPT,
                           _("The database cannot be copied: its table “%s” has a column “%s” that this Peygir does not know."),
                           tables[t].name, (const char *) g_ptr_array_index (names, i));
              return FALSE;
            }
        }
      if (names->len != n)
        {
          g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CORRUPT,
                       _("The database cannot be copied: its table “%s” lacks columns that this Peygir knows."),
                       tables[t].name);
          return FALSE;
        }
    }
  return TRUE;
}

/* A value of a row read, kept until it is written: NULL for NULL. */
static void
value_free (gpointer data)
{
  if (data != NULL)
    g_bytes_unref (data);
}

static GBytes *
read_value (PeygirDbStatement *stmt,
            int                column,
            CopyKind           kind)
{
  gint64 number;
  const char *text;
  gconstpointer data;

  if (peygir_db_column_is_null (stmt, column))
    return NULL;
  switch (kind)
    {
    case COPY_INT:
      number = peygir_db_column_int64 (stmt, column);
      return g_bytes_new (&number, sizeof number);
    case COPY_TEXT:
      text = peygir_db_column_text (stmt, column);
      return g_bytes_new (text, strlen (text) + 1);
    case COPY_BLOB:
    default:
      /* the bytes after the blob: SQLite counts them only once it is read */
      data = peygir_db_column_blob (stmt, column);
      return g_bytes_new (data, peygir_db_column_bytes (stmt, column));
    }
}

/* One page of @table after id *@after (or the whole table), each row a
 * GPtrArray of values; the read is over when this returns. */
static GPtrArray *
read_page (PeygirStore      *self,
           const CopyTable  *table,
           const char       *sql,
           gint64            after,
           GError          **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  guint n = table_n_columns (table);
  PeygirDbResult rc;
  STORE_LOCK (self);
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare_built (self->db, sql, error);

  if (stmt == NULL)
    return NULL;
  if (table->flags & COPY_BY_ID)
    peygir_db_bind_int64 (stmt, 1, after);
  while ((rc = peygir_db_step (stmt)) == PEYGIR_DB_ROW)
    {
      GPtrArray *row = g_ptr_array_new_full (n, value_free);

      for (guint c = 0; c < n; c++)
        g_ptr_array_add (row, read_value (stmt, (int) c, table->columns[c].kind));
      g_ptr_array_add (rows, row);
    }
  if (rc != PEYGIR_DB_DONE)
    {
      peygir_db_set_error (self->db, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static gint64
value_int64 (GBytes *value)
{
  return value != NULL ? *(const gint64 *) g_bytes_get_data (value, NULL) : 0;
}

static void
bind_value (PeygirDbStatement *stmt,
            int                index,
            CopyKind           kind,
            GBytes            *value)
{
  gsize size;
  gconstpointer data;

  if (value == NULL)
    {
      peygir_db_bind_null (stmt, index);
      return;
    }
  data = g_bytes_get_data (value, &size);
  if (kind == COPY_INT)
    peygir_db_bind_int64 (stmt, index, value_int64 (value));
  else if (kind == COPY_TEXT)
    peygir_db_bind_text (stmt, index, data);
  else
    /* an empty blob is no NULL */
    peygir_db_bind_blob (stmt, index, data != NULL ? data : "", size);
}

/* Writes @n_rows rows of @rows from @first, read from the source, with
 * @sql (table_insert_sql for @n_rows); the @later column is left NULL and
 * its value appended to @later_values (id, value). */
static gboolean
write_rows (CopyJob          *job,
            const CopyTable  *table,
            const char       *sql,
            GPtrArray        *rows,
            guint             first,
            guint             n_rows,
            GArray           *later_values,
            GError          **error)
{
  g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare_built (job->dest->db, sql, error);
  guint n = table_n_columns (table);

  if (stmt == NULL)
    return FALSE;
  for (guint r = 0; r < n_rows; r++)
    {
      GPtrArray *row = g_ptr_array_index (rows, first + r);

      for (guint c = 0; c < row->len; c++)
        {
          GBytes *value = g_ptr_array_index (row, c);

          if (table->later != NULL && g_str_equal (table->columns[c].name, table->later) && value != NULL)
            {
              gint64 pair[2] = { value_int64 (g_ptr_array_index (row, 0)), value_int64 (value) };

              g_array_append_vals (later_values, pair, 2);
              value = NULL;
            }
          bind_value (stmt, (int) (r * n + c) + 1, table->columns[c].kind, value);
        }
    }
  return peygir_db_step_done (stmt, error);
}

static gboolean
write_later_values (CopyJob          *job,
                    const CopyTable  *table,
                    GArray           *later_values,
                    GError          **error)
{
  g_autofree char *sql = NULL;

  if (later_values->len == 0)
    return TRUE;
  sql = g_strdup_printf ("UPDATE %s SET %s = ? WHERE id = ?", table->name, table->later);
  for (guint i = 0; i < later_values->len; i += 2)
    {
      g_autoptr(PeygirDbStatement) stmt = peygir_db_prepare_built (job->dest->db, sql, error);

      if (stmt == NULL)
        return FALSE;
      peygir_db_bind_int64 (stmt, 1, g_array_index (later_values, gint64, i + 1));
      peygir_db_bind_int64 (stmt, 2, g_array_index (later_values, gint64, i));
      if (!peygir_db_step_done (stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
copy_table (CopyJob          *job,
            const CopyTable  *table,
            GError          **error)
{
  g_autofree char *select_sql = table_select_sql (table);
  guint batch = table_batch (table);
  g_autofree char *insert_sql = table_insert_sql (table, 1);
  g_autofree char *batch_sql = table_insert_sql (table, batch);
  g_autoptr(GArray) later_values = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 after = G_MININT64;
  gint64 copied = 0;
  gboolean more = TRUE;

  while (more)
    {
      g_autoptr(GPtrArray) rows = read_page (job->source, table, select_sql, after, error);

      if (rows == NULL)
        return FALSE;
      for (guint r = 0; r < rows->len;)
        {
          /* whole batches, then the page's last rows one by one */
          guint n_rows = rows->len - r >= batch ? batch : 1;

          if (!write_rows (job, table, n_rows == batch ? batch_sql : insert_sql, rows, r, n_rows,
                           later_values, error))
            return FALSE;
          for (guint end = r + n_rows; r < end; r++)
            {
              GPtrArray *row = g_ptr_array_index (rows, r);
              /* the tables read by id have it first; the others may begin
               * with a text (meta, settings) */
              gint64 id = (table->flags & COPY_BY_ID) ? value_int64 (g_ptr_array_index (row, 0)) : 0;

              if (g_str_equal (table->name, "cases"))
                g_array_append_val (job->case_ids, id);
              after = id;
            }
        }
      copied += rows->len;
      more = (table->flags & COPY_BY_ID) && rows->len > 0;
    }

  if (g_str_equal (table->name, "cases"))
    job->n_cases = copied;
  else if (g_str_equal (table->name, "events"))
    job->n_events = copied;
  if (!write_later_values (job, table, later_values, error))
    return FALSE;
  return !(table->flags & COPY_BY_ID) || peygir_db_reset_ids (job->dest->db, table->name, error);
}

/* FALSE, saying so, when @store holds cases or events already. */
static gboolean
check_empty (PeygirStore  *store,
             GError      **error)
{
  g_autoptr(PeygirDbStatement) stmt =
    peygir_db_prepare (store->db, "SELECT (SELECT count(*) FROM cases) + (SELECT count(*) FROM events)", error);
  gint64 held;

  if (stmt == NULL || (held = _peygir_store_step_count (store, stmt, error)) < 0)
    return FALSE;
  /* not a server's location, which may hold a password */
  if (held > 0 && store->server)
    g_set_error_literal (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_EXISTS,
                         _("The database on the server is not empty: Peygir copies a database only into a new, empty one."));
  else if (held > 0)
    g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_EXISTS,
                 _("“%s” is not empty: Peygir copies a database only into a new, empty one."), store->path);
  return held == 0;
}

/* A database made for the copy has nothing in it (its counts are
 * written anew once the cases are in); one left by a copy that failed
 * after making it may have, though never an event: emptied. */
static gboolean
clear_destination (CopyJob  *job,
                   GError  **error)
{
  if (!check_empty (job->dest, error))
    return FALSE;
  for (guint t = G_N_ELEMENTS (tables); t-- > 0;)
    {
      g_autofree char *sql = NULL;
      g_autoptr(PeygirDbStatement) clear = NULL;

      if (tables[t].flags & COPY_COUNTED)
        continue;
      sql = g_strdup_printf ("DELETE FROM %s WHERE TRUE", tables[t].name);
      clear = peygir_db_prepare_built (job->dest->db, sql, error);
      if (clear == NULL || !peygir_db_step_done (clear, error))
        return FALSE;
    }
  return TRUE;
}

/* On a server the trigger that counts the cases as they arrive updates
 * the same few rows of case_counts once a case: in one transaction each
 * update walks every version the earlier ones left, and a million cases
 * would take hours. There the trigger is off for the copy (@done FALSE);
 * on both engines the cases are counted once at the end (@done TRUE), in
 * the same transaction, which nobody else sees until it commits. */
static gboolean
count_cases_after (CopyJob   *job,
                   gboolean   done,
                   GError   **error)
{
  if (!done)
    return !job->dest->server
           || peygir_db_exec (job->dest->db, "ALTER TABLE cases DISABLE TRIGGER cases_count_rows", error);
  return _peygir_store_counts_rebuild (job->dest, error)
         && (!job->dest->server
             || peygir_db_exec (job->dest->db, "ALTER TABLE cases ENABLE TRIGGER cases_count_rows", error));
}

/* Everything, in the destination's open write transaction. */
static gboolean
copy_all (CopyJob  *job,
          GError  **error)
{
  if (!check_columns (job->dest->db, error) || !clear_destination (job, error)
      || !count_cases_after (job, FALSE, error))
    return FALSE;
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    if (!(tables[t].flags & COPY_COUNTED) && !copy_table (job, &tables[t], error))
      return FALSE;
  if (!count_cases_after (job, TRUE, error))
    return FALSE;
  for (guint i = 0; i < job->case_ids->len; i++)
    if (!_peygir_store_write_search_row (job->dest, g_array_index (job->case_ids, gint64, i), error))
      return FALSE;
  /* on a server, the office's people become roles who may use it */
  if (job->dest->server && !_peygir_store_set_memberships (job->dest, error))
    return FALSE;
  /* the audit chain verified where it arrived, before anyone can see it */
  return peygir_store_check (job->dest, error);
}

/* Copies into the store at @dest_location, made if missing; the copy is
 * committed only once it checks, else nothing of it stays.
 *
 * On a server the source is read in one snapshot (REPEATABLE READ, which
 * holds back no desk's write there): a copy true to one moment, as a
 * nightly backup must be while desks work. On a file a read transaction
 * would hold back every desk's commit for the whole copy, so each page is
 * a read of its own; a copy that work done in between left inconsistent
 * fails its check on arrival (a move is made with the desks stopped). The
 * source's lock is held throughout: other threads of this process wait. */
static gboolean
copy_into (PeygirStore  *self,
           const char   *dest_location,
           gint64       *n_cases,
           gint64       *n_events,
           GError      **error)
{
  g_autoptr(GArray) case_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(PeygirStore) dest = NULL;
  CopyJob job = { self, NULL, case_ids, 0, 0 };
  gboolean ok;
  STORE_LOCK (self);

  if (!check_columns (self->db, error))
    return FALSE;
  dest = _peygir_store_open_for_copy (dest_location, error);
  if (dest == NULL)
    return FALSE;
  job.dest = dest;

  STORE_LOCK (dest);
  if (self->server && !_peygir_store_tx_begin (self, FALSE, error))
    return FALSE;
  ok = _peygir_store_tx_begin (dest, TRUE, error)
       && _peygir_store_tx_end (dest, copy_all (&job, error), error);
  /* only read: its end cannot lose anything */
  if (self->server)
    _peygir_store_tx_end (self, TRUE, NULL);
  if (!ok)
    return FALSE;
  if (n_cases != NULL)
    *n_cases = job.n_cases;
  if (n_events != NULL)
    *n_events = job.n_events;
  return TRUE;
}

/* A file is written beside @dest and renamed into place once it checks,
 * so that a failed copy leaves nothing half made at @dest, and an earlier
 * file there (last night's backup) stays until the new one is whole. */
static gboolean
copy_into_file (PeygirStore  *self,
                const char   *dest,
                gint64       *n_cases,
                gint64       *n_events,
                GError      **error)
{
  g_autofree char *partial = g_strdup_printf ("%s.partial-%d", dest, (int) getpid ());
  g_autofree char *journal = g_strconcat (partial, "-journal", NULL);
  gboolean ok;

  g_unlink (partial);
  ok = copy_into (self, partial, n_cases, n_events, error);
  if (ok && g_rename (partial, dest) != 0)
    {
      int saved = errno;

      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_UNREACHABLE,
                   _("The copy could not be put in place at “%s”: %s"), dest, g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    {
      g_unlink (partial);
      g_unlink (journal);
    }
  return ok;
}

/* For the tests: whether the list of tables above knows every column. */
gboolean
_peygir_store_copy_check_columns (PeygirStore  *self,
                                  GError      **error)
{
  STORE_LOCK (self);
  return check_columns (self->db, error);
}

gboolean
_peygir_store_copy_to_file (PeygirStore  *self,
                            const char   *dest,
                            GError      **error)
{
  return copy_into_file (self, dest, NULL, NULL, error);
}

gboolean
peygir_store_copy_to (PeygirStore  *self,
                      const char   *dest_location,
                      gint64       *n_cases,
                      gint64       *n_events,
                      GError      **error)
{
  GStatBuf st;

  g_return_val_if_fail (PEYGIR_IS_STORE (self), FALSE);
  g_return_val_if_fail (dest_location != NULL, FALSE);

  if (peygir_db_is_server_uri (dest_location))
    return copy_into (self, dest_location, n_cases, n_events, error);

  /* an existing file is never replaced, but for an empty one */
  if (g_stat (dest_location, &st) == 0 && st.st_size > 0)
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_EXISTS,
                   _("“%s” is not empty: Peygir copies a database only into a new, empty one."), dest_location);
      return FALSE;
    }
  return copy_into_file (self, dest_location, n_cases, n_events, error);
}
