/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-admin"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "peygir-admin-private.h"
#include "peygir-case-pages.h"
#include "peygir-date.h"
#include "peygir-error.h"
#include "peygir-text.h"

/* Scripts read stdout as UTF-8 whatever the locale: g_print would convert
 * Persian text to the locale's charset, or to question marks under C. */
void
peygir_admin_write_out (const char *text)
{
  fputs (text, stdout);
}

void
peygir_admin_print_out (const char *format,
                        ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  peygir_admin_write_out (text);
}

void
peygir_admin_print_json (JsonNode *node)
{
  g_autofree char *text = peygir_admin_json_to_string (node, TRUE);

  peygir_admin_write_out (text);
}

void
peygir_admin_print_json_array (GPtrArray          *items,
                               PeygirAdminToJson   to_json)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) root = NULL;

  for (guint i = 0; i < items->len; i++)
    json_array_add_element (array, to_json (g_ptr_array_index (items, i)));
  root = json_node_init_array (json_node_alloc (), array);
  peygir_admin_print_json (root);
}

void
peygir_admin_print_json_item (gconstpointer      item,
                              PeygirAdminToJson  to_json)
{
  g_autoptr(JsonNode) node = to_json (item);

  peygir_admin_print_json (node);
}

gboolean
peygir_admin_usage_error (GError     **error,
                          const char  *message)
{
  g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, message);
  return FALSE;
}

/* Text arguments are taken as bytes (G_OPTION_ARG_FILENAME) and checked
 * here: GOption would otherwise try to convert them from the locale's
 * charset and fail on Persian under the C locale that scripts often run in. */
gboolean
peygir_admin_check_utf8 (const char  *text,
                         GError     **error)
{
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                   _("An argument is not valid UTF-8 text."));
      return FALSE;
    }
  return TRUE;
}

static PeygirStore *
open_store (const char  *db_path,
                         gboolean     create,
                         GError     **error)
{
  g_autofree char *path = NULL;
  gboolean server;
  PeygirStore *store;

  path = db_path != NULL ? g_strdup (db_path) : peygir_store_default_path ();
  /* a server's database is the store's to find, or to make tables in */
  server = peygir_store_location_is_server (path);
  if (!server && !create && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_UNREACHABLE,
                   _("There is no database at %s; “peygir-admin init” creates one."), path);
      return NULL;
    }
  if (!server && create)
    {
      g_autofree char *folder = g_path_get_dirname (path);

      if (g_mkdir_with_parents (folder, 0750) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_UNREACHABLE,
                       _("Cannot create the folder %s: %s."), folder, g_strerror (saved_errno));
          return NULL;
        }
    }
  store = peygir_store_open (path, create ? PEYGIR_STORE_OPEN_CREATE : PEYGIR_STORE_OPEN_DEFAULT,
                             error);
  /* The command line acts as the login running it, as the app does: acting
   * for someone else is for administrators, and the events say who did. */
  if (store != NULL)
    peygir_store_set_operator (store, peygir_store_get_login (store));
  return store;
}

/* The shared options go where the command's help has always listed them:
 * --as first or after the command's own, then --json, then --db. */
gboolean
peygir_admin_call_parse (CommandCall         *call,
                         const CommandUsage  *usage,
                         const GOptionEntry  *entries,
                         char               **argv,
                         GError             **error)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GArray) all = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));
  g_autofree char *parameter_string = NULL;
  g_auto(GStrv) words = NULL;
  g_auto(GStrv) positional = NULL;
  guint n_args;
  const GOptionEntry as_entry = {
    "as", 0, 0, G_OPTION_ARG_FILENAME, &call->as_login,
    N_("Act for this user (administrators only); without it, as your own login"), N_("LOGIN")
  };
  const GOptionEntry json_entry = {
    "json", 0, 0, G_OPTION_ARG_NONE, &call->json, usage->json_help, NULL
  };
  const GOptionEntry db_entry = {
    "db", 0, 0, G_OPTION_ARG_FILENAME, call->db_path,
    N_("The database: a file, or a server’s location (postgresql://…)"), N_("PATH")
  };
  /* Collecting the positional arguments this way is what makes GOption
   * honour "--": the words after it are arguments even when they start
   * with "-" (a search for "-foo"), and the "--" itself is dropped. */
  const GOptionEntry remaining_entry = {
    G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &positional, NULL, NULL
  };

  if (usage->flags & COMMAND_ACTS_LISTED_FIRST)
    g_array_append_val (all, as_entry);
  for (guint i = 0; entries != NULL && entries[i].long_name != NULL; i++)
    g_array_append_val (all, entries[i]);
  if (usage->flags & COMMAND_ACTS)
    g_array_append_val (all, as_entry);
  if (usage->json_help != NULL)
    g_array_append_val (all, json_entry);
  g_array_append_val (all, db_entry);
  g_array_append_val (all, remaining_entry);

  parameter_string = g_strdup_printf ("%s %s", call->command, usage->parameters);
  context = g_option_context_new (parameter_string);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, usage->summary);
  g_option_context_add_main_entries (context, (const GOptionEntry *) all->data, GETTEXT_PACKAGE);

  /* parse_strv wants the program name first. */
  words = g_new0 (char *, g_strv_length (argv) + 2);
  words[0] = g_strdup (g_get_prgname ());
  for (guint i = 0; argv[i] != NULL; i++)
    words[i + 1] = g_strdup (argv[i]);

  if (!g_option_context_parse_strv (context, &words, error))
    return FALSE;
  if (positional == NULL)
    positional = g_new0 (char *, 1);

  n_args = g_strv_length (positional);
  if (n_args < usage->min_args || n_args > usage->max_args)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Usage: %s [--db PATH] %s %s"), g_get_prgname (), call->command,
                   usage->parameters);
      return FALSE;
    }

  for (guint i = 0; positional[i] != NULL; i++)
    {
      if (!peygir_admin_check_utf8 (positional[i], error))
        return FALSE;
    }
  call->args = g_steal_pointer (&positional);

  if ((usage->flags & (COMMAND_ACTS | COMMAND_ACTS_LISTED_FIRST))
      && !peygir_admin_check_utf8 (call->as_login, error))
    return FALSE;
  return TRUE;
}

gboolean
peygir_admin_call_open (CommandCall         *call,
                        const CommandUsage  *usage,
                        GError             **error)
{
  call->store = open_store (*call->db_path, (usage->flags & COMMAND_CREATES) != 0, error);
  if (call->store == NULL)
    return FALSE;
  /* Who acts: the login running the command (on a server, the role
   * connected), unless --as names another user, which the store allows
   * only when that login is an active administrator (open_store makes the
   * login the store's operator). */
  if ((usage->flags & (COMMAND_ACTS | COMMAND_ACTS_LISTED_FIRST)) && call->as_login == NULL)
    call->as_login = g_strdup (peygir_store_get_login (call->store));
  return TRUE;
}

gboolean
peygir_admin_call_begin (CommandCall         *call,
                         const CommandUsage  *usage,
                         const GOptionEntry  *entries,
                         char               **argv,
                         GError             **error)
{
  return peygir_admin_call_parse (call, usage, entries, argv, error)
         && peygir_admin_call_open (call, usage, error);
}

gboolean
peygir_admin_run_list (const ListCommand  *list,
                       const char         *command,
                       char              **db_path,
                       char              **argv,
                       GError            **error)
{
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);
  g_autoptr(GPtrArray) items = NULL;

  if (!peygir_admin_call_begin (&call, &list->usage, NULL, argv, error))
    return FALSE;
  items = list->list (call.store, error);
  if (items == NULL)
    return FALSE;

  if (call.json)
    peygir_admin_print_json_array (items, list->to_json);
  else
    {
      for (guint i = 0; i < items->len; i++)
        list->print_row (g_ptr_array_index (items, i));
    }
  return TRUE;
}

void
peygir_admin_call_clear (CommandCall *call)
{
  g_clear_object (&call->store);
  g_clear_pointer (&call->args, g_strfreev);
  g_clear_pointer (&call->as_login, g_free);
}

gboolean
peygir_admin_parse_number (const char  *text,
                           const char  *what,
                           gint64       min,
                           gint64       max,
                           gint64      *out,
                           GError     **error)
{
  g_autofree char *ascii = NULL;
  guint64 value;

  ascii = peygir_text_digits_to_ascii (text);
  g_strstrip (ascii);
  if (!g_ascii_string_to_unsigned (ascii, 10, (guint64) min, (guint64) max, &value, NULL))
    {
      /* Translators: the first is what was expected, such as "a case", the second what was given */
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                   _("%s must be a whole number from %" PRId64 " to %" PRId64 ", not “%s”."),
                   what, min, max, text);
      return FALSE;
    }
  *out = (gint64) value;
  return TRUE;
}

gboolean
peygir_admin_parse_day (const char  *text,
                        PeygirDay   *out,
                        GError     **error)
{
  PeygirDay day;

  /* 1405-02-12 is read as ISO too, as the year 1405 of the Gregorian
   * calendar: a year before 1900 is a Persian one */
  if (peygir_day_from_iso (text, &day) && day / 10000 >= 1900)
    {
      *out = day;
      return TRUE;
    }
  return peygir_day_parse (text, out, error);
}

gboolean
peygir_admin_parse_int (const char  *text,
                        const char  *what,
                        int          min,
                        int          max,
                        int         *out,
                        GError     **error)
{
  gint64 value;

  if (!peygir_admin_parse_number (text, what, min, max, &value, error))
    return FALSE;
  *out = (int) value;
  return TRUE;
}

static gboolean
copy_cases_cb (GPtrArray  *page,
               gpointer    user_data,
               GError    **error)
{
  GPtrArray *cases = user_data;

  for (guint i = 0; i < page->len; i++)
    g_ptr_array_add (cases, peygir_case_copy (g_ptr_array_index (page, i)));
  return TRUE;
}

GPtrArray *
peygir_admin_collect_cases (PeygirStore            *store,
                            const PeygirCaseQuery  *query,
                            guint                   page_size,
                            gint64                  max_cases,
                            GError                **error)
{
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_case_free);

  if (!peygir_case_pages_walk (store, query, page_size, max_cases, copy_cases_cb, cases, error))
    return NULL;
  return g_steal_pointer (&cases);
}

/* Human-readable output. */

char *
peygir_admin_human_day (PeygirDay day)
{
  g_autofree char *persian = NULL;
  g_autofree char *ascii = NULL;

  if (day == 0)
    return g_strdup ("—");
  persian = peygir_day_format (day, PEYGIR_DATE_NUMERIC);
  if (persian == NULL)
    return peygir_day_to_iso (day);
  ascii = peygir_text_digits_to_ascii (persian);
  return peygir_text_sanitize (ascii, FALSE);
}

const char *
peygir_admin_or_dash (const char *text)
{
  return text != NULL && *text != '\0' ? text : "—";
}
