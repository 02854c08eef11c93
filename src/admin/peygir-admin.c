/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-admin"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "peygir-admin-json.h"
#include "peygir-date.h"
#include "peygir-demo.h"
#include "peygir-error.h"
#include "peygir-store.h"
#include "peygir-text.h"
#include "peygir-workflow.h"

/* The exit statuses are part of the command line's contract. */
enum
{
  EXIT_DONE         = 0,
  EXIT_USAGE        = 1,
  EXIT_INVALID      = 2,
  EXIT_NOT_PERMITTED = 3,
  EXIT_WRONG_STATE  = 4,
  EXIT_CONFLICT     = 5,
  EXIT_UNREACHABLE  = 6,
  EXIT_UNUSABLE     = 7,
};

#define ANY_CODE (-1)

/* The one table from an error to the exit status a script sees. */
static const struct
{
  GQuark (*domain) (void);
  int     code;
  int     exit_status;
} exit_statuses[] = {
  { peygir_input_error_quark,    ANY_CODE,                               EXIT_INVALID },
  { peygir_workflow_error_quark, PEYGIR_WORKFLOW_ERROR_NOT_PERMITTED,    EXIT_NOT_PERMITTED },
  { peygir_workflow_error_quark, PEYGIR_WORKFLOW_ERROR_UNKNOWN_USER,     EXIT_NOT_PERMITTED },
  { peygir_workflow_error_quark, PEYGIR_WORKFLOW_ERROR_INVALID_STATE,    EXIT_WRONG_STATE },
  { peygir_workflow_error_quark, PEYGIR_WORKFLOW_ERROR_NOTE_REQUIRED,    EXIT_INVALID },
  { peygir_workflow_error_quark, PEYGIR_WORKFLOW_ERROR_ARGUMENT,         EXIT_INVALID },
  { peygir_store_error_quark,    PEYGIR_STORE_ERROR_BUSY,                EXIT_UNREACHABLE },
  { peygir_store_error_quark,    PEYGIR_STORE_ERROR_UNREACHABLE,         EXIT_UNREACHABLE },
  { peygir_store_error_quark,    PEYGIR_STORE_ERROR_READ_ONLY,           EXIT_UNREACHABLE },
  { peygir_store_error_quark,    PEYGIR_STORE_ERROR_CORRUPT,             EXIT_UNUSABLE },
  { peygir_store_error_quark,    PEYGIR_STORE_ERROR_NEWER_SCHEMA,        EXIT_UNUSABLE },
  { peygir_store_error_quark,    PEYGIR_STORE_ERROR_NOT_INITIALIZED,     EXIT_UNUSABLE },
  { peygir_store_error_quark,    PEYGIR_STORE_ERROR_AUDIT,               EXIT_UNUSABLE },
  { peygir_store_error_quark,    PEYGIR_STORE_ERROR_CONFLICT,            EXIT_CONFLICT },
  { peygir_store_error_quark,    PEYGIR_STORE_ERROR_NOT_FOUND,           EXIT_INVALID },
  { peygir_store_error_quark,    PEYGIR_STORE_ERROR_EXISTS,              EXIT_INVALID },
  { g_option_error_quark,        ANY_CODE,                               EXIT_USAGE },
  /* Files the command line was asked to read: the case JSON, an attachment. */
  { g_file_error_quark,          ANY_CODE,                               EXIT_INVALID },
  { g_io_error_quark,            ANY_CODE,                               EXIT_INVALID },
};

static int
exit_status_for_error (const GError *error)
{
  for (guint i = 0; i < G_N_ELEMENTS (exit_statuses); i++)
    {
      if (error->domain == exit_statuses[i].domain ()
          && (exit_statuses[i].code == ANY_CODE || error->code == exit_statuses[i].code))
        return exit_statuses[i].exit_status;
    }
  return EXIT_USAGE;
}

/* Scripts read stdout as UTF-8 whatever the locale: g_print would convert
 * Persian text to the locale's charset, or to question marks under C. */
static void
write_out (const char *text)
{
  fputs (text, stdout);
}

G_GNUC_PRINTF (1, 2)
static void
print_out (const char *format,
           ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  write_out (text);
}

static void
print_json (JsonNode *node)
{
  g_autofree char *text = peygir_admin_json_to_string (node, TRUE);

  write_out (text);
}

/* "peygir-admin: <message>", on one line even when the message has several
 * (check reports its problems one a line). */
static void
print_error (const GError *error)
{
  g_autoptr(GString) line = g_string_new (error->message);

  g_strstrip (line->str);
  g_string_set_size (line, strlen (line->str));
  g_string_replace (line, "\r", "", 0);
  g_string_replace (line, "\n", "; ", 0);
  fprintf (stderr, "%s: %s\n", g_get_prgname (), line->str);
}

static gboolean
usage_error (GError     **error,
             const char  *message)
{
  g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, message);
  return FALSE;
}

/* Text arguments are taken as bytes (G_OPTION_ARG_FILENAME) and checked
 * here: GOption would otherwise try to convert them from the locale's
 * charset and fail on Persian under the C locale that scripts often run in. */
static gboolean
check_utf8 (const char  *text,
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

/* Options and arguments of one subcommand. */

typedef struct
{
  const char *parameters;     /* "ID ACTION" */
  const char *summary;
  guint       min_args;
  guint       max_args;
} CommandUsage;

/* Parses @argv (the words after the subcommand) with @entries and the global
 * options, leaving the positional arguments in @args. */
static gboolean
parse_command (const char          *command,
               const CommandUsage  *usage,
               const GOptionEntry  *entries,
               char               **db_path,
               char               **argv,
               GStrv               *args,
               GError             **error)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GArray) all = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));
  g_autofree char *parameter_string = NULL;
  g_auto(GStrv) words = NULL;
  guint n_args;
  const GOptionEntry db_entry = {
    "db", 0, 0, G_OPTION_ARG_FILENAME, db_path,
    N_("The database file"), N_("PATH")
  };

  for (guint i = 0; entries != NULL && entries[i].long_name != NULL; i++)
    g_array_append_val (all, entries[i]);
  g_array_append_val (all, db_entry);

  parameter_string = g_strdup_printf ("%s %s", command, usage->parameters);
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

  n_args = g_strv_length (words) - 1;
  if (n_args < usage->min_args || n_args > usage->max_args)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Usage: %s [--db PATH] %s %s"), g_get_prgname (), command,
                   usage->parameters);
      return FALSE;
    }

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (!check_utf8 (words[i], error))
        return FALSE;
    }
  *args = g_strdupv (words + 1);
  return TRUE;
}

static PeygirStore *
open_store (const char  *db_path,
            gboolean     create,
            GError     **error)
{
  g_autofree char *path = NULL;

  path = db_path != NULL ? g_strdup (db_path) : peygir_store_default_path ();
  if (!create && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_UNREACHABLE,
                   _("There is no database at %s; “peygir-admin init” creates one."), path);
      return NULL;
    }
  if (create)
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
  return peygir_store_open (path, create ? PEYGIR_STORE_OPEN_CREATE : PEYGIR_STORE_OPEN_DEFAULT,
                            error);
}

/* Most commands parse their words and then open the existing database. */
static PeygirStore *
parse_and_open (const char          *command,
                const CommandUsage  *usage,
                const GOptionEntry  *entries,
                char               **db_path,
                char               **argv,
                GStrv               *args,
                GError             **error)
{
  if (!parse_command (command, usage, entries, db_path, argv, args, error))
    return NULL;
  return open_store (*db_path, FALSE, error);
}

/* Administrator commands act as the person running them when that person is
 * an administrator of the office; otherwise as nobody, which the store
 * allows while there are no users and treats as the command line's
 * administrator after. */
static char *
administrator_login (PeygirStore *store,
                     const char  *as_login)
{
  g_autoptr(PeygirUser) user = NULL;
  const char *login;

  if (as_login != NULL)
    return g_strdup (as_login);

  login = g_get_user_name ();
  user = peygir_store_find_user (store, login, NULL);
  if (user != NULL && user->active && (user->roles & PEYGIR_ROLE_ADMIN) != 0)
    return g_strdup (login);
  return NULL;
}

static gboolean
parse_number (const char  *text,
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
                   _("%s must be a whole number from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT ", not “%s”."),
                   what, min, max, text);
      return FALSE;
    }
  *out = (gint64) value;
  return TRUE;
}

static gboolean
parse_int (const char  *text,
           const char  *what,
           int          min,
           int          max,
           int         *out,
           GError     **error)
{
  gint64 value;

  if (!parse_number (text, what, min, max, &value, error))
    return FALSE;
  *out = (int) value;
  return TRUE;
}

static gboolean
is_all_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (; *text != '\0'; text++)
    {
      if (!g_ascii_isdigit (*text))
        return FALSE;
    }
  return TRUE;
}

/* A case as people name it: its id, its tracking code (nine digits that pass
 * the check) or its registration number (1405/12). */
static PeygirCase *
resolve_case (PeygirStore       *store,
              const char        *text,
              PeygirCaseDetail   detail,
              GError           **error)
{
  g_autofree char *ascii = peygir_text_digits_to_ascii (text);
  gint64 id;

  g_strstrip (ascii);
  if (is_all_digits (ascii) && !(strlen (ascii) == 9 && peygir_tracking_code_is_valid (ascii)))
    {
      if (!parse_number (ascii, _("A case id"), 1, G_MAXINT64, &id, error))
        return NULL;
      return peygir_store_get_case (store, id, detail, error);
    }
  return peygir_store_find_case (store, ascii, detail, error);
}

static gboolean
resolve_case_id (PeygirStore  *store,
                 const char   *text,
                 gint64       *id,
                 GError      **error)
{
  g_autoptr(PeygirCase) kase = resolve_case (store, text, PEYGIR_CASE_DETAIL_NONE, error);

  if (kase == NULL)
    return FALSE;
  *id = kase->id;
  return TRUE;
}

/* Human-readable output. */

static char *
human_day (PeygirDay day)
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

static const char *
or_dash (const char *text)
{
  return text != NULL && *text != '\0' ? text : "—";
}

static void
print_case (const PeygirCase *kase)
{
  g_autofree char *received = human_day (kase->received_on);
  g_autofree char *service_due = human_day (kase->service_due);

  print_out (_("Case %" G_GINT64_FORMAT "\n"), kase->id);
  print_out (_("  Tracking code:  %s\n"), or_dash (kase->tracking_code));
  print_out (_("  Registration:   %s\n"), or_dash (kase->registration_number));
  print_out (_("  State:          %s (%s)%s\n"), peygir_state_to_string (kase->state),
             peygir_state_label (kase->state), kase->paused_at != 0 ? _(", waiting for documents") : "");
  print_out (_("  Version:        %d, round %d\n"), kase->version, kase->round);
  print_out (_("  Kind:           %s, %s, by %s\n"), peygir_kind_to_string (kase->kind),
             peygir_category_to_string (kase->category), peygir_channel_to_string (kase->channel));
  print_out (_("  Applicant:      %s (%s) %s %s\n"), or_dash (kase->applicant.name),
             peygir_applicant_type_to_string (kase->applicant.type),
             or_dash (kase->applicant.national_id), or_dash (kase->applicant.mobile));
  print_out (_("  Subject:        %s\n"), or_dash (kase->subject));
  print_out (_("  Agency:         %s\n"), or_dash (kase->agency_name));
  print_out (_("  Expert:         %s\n"), or_dash (kase->expert_name));
  print_out (_("  Received on:    %s\n"), received);
  print_out (_("  Service due:    %s%s\n"), service_due,
             kase->service_overdue ? _(" (overdue)") : "");
  if (kase->samad_code != NULL)
    print_out (_("  111 code:       %s\n"), kase->samad_code);
  if (kase->linked_case_id != 0)
    print_out (_("  Linked to case: %" G_GINT64_FORMAT "\n"), kase->linked_case_id);

  for (guint i = 0; kase->referrals != NULL && i < kase->referrals->len; i++)
    {
      const PeygirReferral *referral = g_ptr_array_index (kase->referrals, i);
      g_autofree char *due = human_day (referral->due);

      print_out (_("  Referral %" G_GINT64_FORMAT " to %s: %s, due %s, letter %s%s\n"),
                 referral->id, or_dash (referral->agency_name),
                 peygir_referral_state_to_string (referral->state), due,
                 or_dash (referral->letter_number),
                 referral->overdue ? _(" — answer not sent on time") : "");
    }
}

static void
print_case_line (const PeygirCase *kase)
{
  g_autofree char *subject = NULL;

  subject = g_utf8_substring (or_dash (kase->subject), 0,
                              MIN (g_utf8_strlen (or_dash (kase->subject), -1), 40));
  print_out ("%" G_GINT64_FORMAT "\t%s\t%s\t%s%s\t%s\t%s\n", kase->id,
             or_dash (kase->tracking_code), or_dash (kase->registration_number),
             peygir_state_to_string (kase->state), kase->overdue ? "*" : "",
             or_dash (kase->applicant.name), subject);
}

/* Cases in a list or a search come without their referrals; the JSON
 * promises them, so each is read again with its details. */
static gboolean
print_cases (PeygirStore  *store,
             GPtrArray    *cases,
             gboolean      json,
             GError      **error)
{
  g_autoptr(JsonArray) array = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (!json)
    {
      for (guint i = 0; i < cases->len; i++)
        print_case_line (g_ptr_array_index (cases, i));
      return TRUE;
    }

  array = json_array_new ();
  for (guint i = 0; i < cases->len; i++)
    {
      const PeygirCase *kase = g_ptr_array_index (cases, i);
      g_autoptr(PeygirCase) full = NULL;

      if (kase->referrals == NULL)
        {
          full = peygir_store_get_case (store, kase->id, PEYGIR_CASE_DETAIL_REFERRALS, error);
          if (full == NULL)
            return FALSE;
          kase = full;
        }
      json_array_add_element (array, peygir_admin_case_to_json (kase, NULL, NULL, NULL));
    }

  root = json_node_init_array (json_node_alloc (), array);
  print_json (root);
  return TRUE;
}

/* The commands. Each takes the words after its name. */

typedef gboolean (*CommandFunc) (const char  *command,
                                 char       **db_path,
                                 char       **argv,
                                 GError     **error);

static gboolean
command_init (const char  *command,
              char       **db_path,
              char       **argv,
              GError     **error)
{
  static const CommandUsage usage = { "", N_("Create the database, or bring an older one up to date."), 0, 0 };
  g_autoptr(PeygirStore) store = NULL;
  g_auto(GStrv) args = NULL;
  g_autofree char *fs_name = NULL;

  if (!parse_command (command, &usage, NULL, db_path, argv, &args, error))
    return FALSE;
  store = open_store (*db_path, TRUE, error);
  if (store == NULL)
    return FALSE;

  print_out ("%s\n", peygir_store_get_path (store));
  if (peygir_store_path_is_network (peygir_store_get_path (store), &fs_name))
    fprintf (stderr, _("%s: the database is on a network share (%s): see the README for the mount options it needs.\n"),
             g_get_prgname (), or_dash (fs_name));
  return TRUE;
}

static gboolean
command_user_add (const char  *command,
                  char       **db_path,
                  char       **argv,
                  GError     **error)
{
  static const CommandUsage usage = {
    N_("LOGIN --name NAME --role ROLE[,ROLE…]"),
    N_("Add a user. Roles: expert, manager, secretariat, admin."), 1, 1
  };
  g_autofree char *name = NULL;
  g_autofree char *roles_text = NULL;
  g_autofree char *as_login = NULL;
  g_autofree char *actor = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_FILENAME, &name, N_("The user’s full name"), N_("NAME") },
    { "role", 0, 0, G_OPTION_ARG_FILENAME, &roles_text, N_("Roles, separated by commas"), N_("ROLES") },
    { "as", 0, 0, G_OPTION_ARG_FILENAME, &as_login, N_("Act as this administrator"), N_("LOGIN") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the user as JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(PeygirUser) user = NULL;
  g_auto(GStrv) args = NULL;
  PeygirRoles roles = 0;

  if (!parse_command (command, &usage, entries, db_path, argv, &args, error))
    return FALSE;
  if (name == NULL || roles_text == NULL)
    return usage_error (error, _("A user needs --name and --role."));
  if (!check_utf8 (name, error) || !check_utf8 (roles_text, error) || !check_utf8 (as_login, error))
    return FALSE;
  if (!peygir_roles_from_string (roles_text, &roles) || roles == 0)
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                   _("Unknown role in “%s”: the roles are expert, manager, secretariat and admin."),
                   roles_text);
      return FALSE;
    }

  store = open_store (*db_path, FALSE, error);
  if (store == NULL)
    return FALSE;
  actor = administrator_login (store, as_login);
  user = peygir_store_add_user (store, actor, args[0], name, roles, error);
  if (user == NULL)
    return FALSE;

  if (json)
    {
      g_autoptr(JsonNode) node = peygir_admin_user_to_json (user);

      print_json (node);
    }
  else
    print_out ("%" G_GINT64_FORMAT "\n", user->id);
  return TRUE;
}

static gboolean
command_user_list (const char  *command,
                   char       **db_path,
                   char       **argv,
                   GError     **error)
{
  static const CommandUsage usage = { "", N_("List the users and their roles."), 0, 0 };
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_auto(GStrv) args = NULL;

  store = parse_and_open (command, &usage, entries, db_path, argv, &args, error);
  if (store == NULL)
    return FALSE;
  users = peygir_store_list_users (store, error);
  if (users == NULL)
    return FALSE;

  if (json)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) root = NULL;

      for (guint i = 0; i < users->len; i++)
        json_array_add_element (array, peygir_admin_user_to_json (g_ptr_array_index (users, i)));
      root = json_node_init_array (json_node_alloc (), array);
      print_json (root);
      return TRUE;
    }

  for (guint i = 0; i < users->len; i++)
    {
      const PeygirUser *user = g_ptr_array_index (users, i);
      g_autofree char *roles = peygir_roles_to_string (user->roles);

      print_out ("%" G_GINT64_FORMAT "\t%s\t%s\t%s%s\n", user->id, user->login, user->name,
                 roles, user->active ? "" : _(" (inactive)"));
    }
  return TRUE;
}

static gboolean
command_agency_add (const char  *command,
                    char       **db_path,
                    char       **argv,
                    GError     **error)
{
  static const CommandUsage usage = {
    N_("NAME [--head-title TITLE] [--response-days N]"),
    N_("Add an executive agency that cases can be referred to."), 1, 1
  };
  g_autofree char *head_title = NULL;
  g_autofree char *days_text = NULL;
  g_autofree char *as_login = NULL;
  g_autofree char *actor = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "head-title", 0, 0, G_OPTION_ARG_FILENAME, &head_title, N_("The recipient line of its letters"), N_("TITLE") },
    { "response-days", 0, 0, G_OPTION_ARG_FILENAME, &days_text, N_("Working days it has to answer"), N_("N") },
    { "as", 0, 0, G_OPTION_ARG_FILENAME, &as_login, N_("Act as this administrator"), N_("LOGIN") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the agency as JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(PeygirAgency) agency = NULL;
  g_auto(GStrv) args = NULL;
  int response_days = 0;

  if (!parse_command (command, &usage, entries, db_path, argv, &args, error))
    return FALSE;
  if (!check_utf8 (head_title, error) || !check_utf8 (as_login, error))
    return FALSE;
  if (days_text != NULL
      && !parse_int (days_text, _("The response days"), 1, 365, &response_days, error))
    return FALSE;

  store = open_store (*db_path, FALSE, error);
  if (store == NULL)
    return FALSE;
  actor = administrator_login (store, as_login);
  agency = peygir_store_add_agency (store, actor, args[0], head_title, response_days, error);
  if (agency == NULL)
    return FALSE;

  if (json)
    {
      g_autoptr(JsonNode) node = peygir_admin_agency_to_json (agency);

      print_json (node);
    }
  else
    print_out ("%" G_GINT64_FORMAT "\n", agency->id);
  return TRUE;
}

static gboolean
command_agency_list (const char  *command,
                     char       **db_path,
                     char       **argv,
                     GError     **error)
{
  static const CommandUsage usage = { "", N_("List the agencies."), 0, 0 };
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(GPtrArray) agencies = NULL;
  g_auto(GStrv) args = NULL;

  store = parse_and_open (command, &usage, entries, db_path, argv, &args, error);
  if (store == NULL)
    return FALSE;
  agencies = peygir_store_list_agencies (store, error);
  if (agencies == NULL)
    return FALSE;

  if (json)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) root = NULL;

      for (guint i = 0; i < agencies->len; i++)
        json_array_add_element (array, peygir_admin_agency_to_json (g_ptr_array_index (agencies, i)));
      root = json_node_init_array (json_node_alloc (), array);
      print_json (root);
      return TRUE;
    }

  for (guint i = 0; i < agencies->len; i++)
    {
      const PeygirAgency *agency = g_ptr_array_index (agencies, i);

      print_out ("%" G_GINT64_FORMAT "\t%s\t%d\t%s\n", agency->id, agency->name,
                 agency->response_days, or_dash (agency->head_title));
    }
  return TRUE;
}

#define MAX_INPUT_BYTES (8 * 1024 * 1024)

static GBytes *
read_input (const char  *path,
            GError     **error)
{
  g_autoptr(GByteArray) buffer = g_byte_array_new ();
  FILE *file = stdin;
  guint8 chunk[65536];
  size_t n;

  if (!g_str_equal (path, "-"))
    {
      file = fopen (path, "rb");
      if (file == NULL)
        {
          int saved_errno = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       _("Cannot read %s: %s."), path, g_strerror (saved_errno));
          return NULL;
        }
    }

  while ((n = fread (chunk, 1, sizeof chunk, file)) > 0)
    {
      if (buffer->len + n > MAX_INPUT_BYTES)
        {
          if (file != stdin)
            fclose (file);
          g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_TOO_LONG,
                       _("The case is larger than %d MiB."), MAX_INPUT_BYTES / (1024 * 1024));
          return NULL;
        }
      g_byte_array_append (buffer, chunk, n);
    }
  if (ferror (file))
    {
      if (file != stdin)
        fclose (file);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, _("Cannot read %s."), path);
      return NULL;
    }
  if (file != stdin)
    fclose (file);

  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

static gboolean
require_actor (const char  *as_login,
               GError     **error)
{
  if (as_login == NULL)
    return usage_error (error, _("Say who acts with --as LOGIN."));
  return check_utf8 (as_login, error);
}

static gboolean
command_case_new (const char  *command,
                  char       **db_path,
                  char       **argv,
                  GError     **error)
{
  static const CommandUsage usage = {
    N_("--as LOGIN --json FILE|-"), N_("Take in a new case described by a JSON object."), 0, 0
  };
  g_autofree char *as_login = NULL;
  g_autofree char *json_path = NULL;
  const GOptionEntry entries[] = {
    { "as", 0, 0, G_OPTION_ARG_FILENAME, &as_login, N_("Who takes the case in"), N_("LOGIN") },
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path, N_("The case as JSON (- for standard input)"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(PeygirCaseDraft) draft = NULL;
  g_autoptr(PeygirCase) kase = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) input = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) args = NULL;
  gsize length;
  const char *data;

  if (!parse_command (command, &usage, entries, db_path, argv, &args, error))
    return FALSE;
  if (!require_actor (as_login, error))
    return FALSE;
  if (json_path == NULL)
    return usage_error (error, _("Give the case with --json FILE, or --json - to read it from standard input."));

  input = read_input (json_path, error);
  if (input == NULL)
    return FALSE;
  data = g_bytes_get_data (input, &length);
  draft = peygir_admin_draft_from_json (data != NULL ? data : "", length, error);
  if (draft == NULL)
    return FALSE;

  store = open_store (*db_path, FALSE, error);
  if (store == NULL)
    return FALSE;
  kase = peygir_store_create_case (store, as_login, draft, error);
  if (kase == NULL)
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, kase->id);
  json_builder_set_member_name (builder, "tracking_code");
  json_builder_add_string_value (builder, kase->tracking_code);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = peygir_admin_json_to_string (root, FALSE);
  write_out (text);
  return TRUE;
}

static gboolean
show_case (PeygirStore       *store,
           const PeygirCase  *kase,
           gboolean           json,
           gboolean           with_history,
           GError           **error)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!json)
    {
      print_case (kase);
      return TRUE;
    }

  if (with_history)
    {
      events = peygir_store_list_events (store, kase->id, error);
      if (events == NULL)
        return FALSE;
      documents = peygir_store_list_documents (store, kase->id, error);
      if (documents == NULL)
        return FALSE;
      contacts = peygir_store_list_contacts (store, kase->id, error);
      if (contacts == NULL)
        return FALSE;
    }
  node = peygir_admin_case_to_json (kase, events, documents, contacts);
  print_json (node);
  return TRUE;
}

static gboolean
command_case_show (const char  *command,
                   char       **db_path,
                   char       **argv,
                   GError     **error)
{
  static const CommandUsage usage = {
    N_("ID|TRACKING_CODE|REGISTRATION_NUMBER [--json]"), N_("Show one case."), 1, 1
  };
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON, with the case’s history"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(PeygirCase) kase = NULL;
  g_auto(GStrv) args = NULL;

  store = parse_and_open (command, &usage, entries, db_path, argv, &args, error);
  if (store == NULL)
    return FALSE;
  kase = resolve_case (store, args[0], PEYGIR_CASE_DETAIL_REFERRALS, error);
  if (kase == NULL)
    return FALSE;
  return show_case (store, kase, json, TRUE, error);
}

static gboolean
parse_id_list (char        **texts,
               const char   *what,
               GArray       *ids,
               GError      **error)
{
  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (texts[i], ",", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        {
          gint64 id;

          if (!parse_number (parts[j], what, 1, G_MAXINT64, &id, error))
            return FALSE;
          g_array_append_val (ids, id);
        }
    }
  return TRUE;
}

static gboolean
command_case_act (const char  *command,
                  char       **db_path,
                  char       **argv,
                  GError     **error)
{
  static const CommandUsage usage = {
    N_("ID ACTION --as LOGIN [--note TEXT] [--agency ID]… [--referral ID] [--channel CHANNEL] "
       "[--linked-case ID] [--expect-version N] [--json]"),
    N_("Take a workflow action on a case: review, register, reject, refer, approve, return, "
       "dispatch, follow_up, answer, notify, reopen, await_documents, documents_received, "
       "link, contact."),
    2, 2
  };
  g_autofree char *as_login = NULL;
  g_autofree char *note = NULL;
  g_auto(GStrv) agency_texts = NULL;
  g_autofree char *referral_text = NULL;
  g_autofree char *channel_text = NULL;
  g_autofree char *linked_text = NULL;
  g_autofree char *version_text = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "as", 0, 0, G_OPTION_ARG_FILENAME, &as_login, N_("Who acts"), N_("LOGIN") },
    { "note", 0, 0, G_OPTION_ARG_FILENAME, &note, N_("Reason, comment, letter text or answer"), N_("TEXT") },
    { "agency", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &agency_texts, N_("An agency to refer to (repeatable)"), N_("ID") },
    { "referral", 0, 0, G_OPTION_ARG_FILENAME, &referral_text, N_("The referral acted on"), N_("ID") },
    { "channel", 0, 0, G_OPTION_ARG_FILENAME, &channel_text, N_("in_person, phone, mail, sms, email"), N_("CHANNEL") },
    { "linked-case", 0, 0, G_OPTION_ARG_FILENAME, &linked_text, N_("The earlier case (link)"), N_("ID") },
    { "expect-version", 0, 0, G_OPTION_ARG_FILENAME, &version_text, N_("Refuse if the case changed since this version"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the case as JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  g_autoptr(GArray) agency_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(PeygirCase) kase = NULL;
  g_autoptr(PeygirCase) full = NULL;
  g_auto(GStrv) args = NULL;

  if (!parse_command (command, &usage, entries, db_path, argv, &args, error))
    return FALSE;
  if (!require_actor (as_login, error) || !check_utf8 (note, error))
    return FALSE;

  if (!peygir_action_from_string (args[1], &request.action))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unknown action “%s”; “%s case act --help” lists them."),
                   args[1], g_get_prgname ());
      return FALSE;
    }
  if (!parse_id_list (agency_texts, _("An agency id"), agency_ids, error))
    return FALSE;
  if (referral_text != NULL
      && !parse_number (referral_text, _("A referral id"), 1, G_MAXINT64, &request.referral_id, error))
    return FALSE;
  if (linked_text != NULL
      && !parse_number (linked_text, _("A case id"), 1, G_MAXINT64, &request.linked_case_id, error))
    return FALSE;
  if (version_text != NULL
      && !parse_int (version_text, _("The expected version"), 0, G_MAXINT, &request.expect_version, error))
    return FALSE;
  if (channel_text != NULL && !peygir_channel_from_string (channel_text, &request.channel))
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                   _("Unknown channel “%s”: use in_person, phone, mail, sms or email."),
                   channel_text);
      return FALSE;
    }

  store = open_store (*db_path, FALSE, error);
  if (store == NULL)
    return FALSE;
  if (!resolve_case_id (store, args[0], &request.case_id, error))
    return FALSE;

  request.actor_login = as_login;
  request.note = note;
  request.agency_ids = (const gint64 *) (gpointer) agency_ids->data;
  request.n_agency_ids = agency_ids->len;

  kase = peygir_store_apply_action (store, &request, error);
  if (kase == NULL)
    return FALSE;

  /* The action is done and committed: reading it back is only for show. */
  if (kase->referrals == NULL)
    full = peygir_store_get_case (store, kase->id, PEYGIR_CASE_DETAIL_REFERRALS, NULL);
  return show_case (store, full != NULL ? full : kase, json, FALSE, error);
}

static gboolean
parse_states (const char  *text,
              guint       *states,
              GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  *states = 0;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      PeygirState state;

      g_strstrip (parts[i]);
      if (g_str_equal (parts[i], "open"))
        *states |= PEYGIR_STATES_OPEN;
      else if (peygir_state_from_string (parts[i], &state))
        *states |= PEYGIR_STATE_BIT (state);
      else
        {
          g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                       _("Unknown state “%s”."), parts[i]);
          return FALSE;
        }
    }
  return TRUE;
}

#define LIST_PAGE 200

static gboolean
command_case_list (const char  *command,
                   char       **db_path,
                   char       **argv,
                   GError     **error)
{
  static const CommandUsage usage = {
    N_("[--state S[,S…]] [--overdue] [--limit N] [--json]"),
    N_("List cases, the newest first. --limit 0 lists them all."), 0, 0
  };
  g_autofree char *state_text = NULL;
  g_autofree char *limit_text = NULL;
  gboolean overdue = FALSE;
  gboolean paused = FALSE;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "state", 0, 0, G_OPTION_ARG_FILENAME, &state_text, N_("Only cases in these states (or “open”)"), N_("S") },
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &overdue, N_("Only cases with an answer not sent on time"), NULL },
    { "paused", 0, 0, G_OPTION_ARG_NONE, &paused, N_("Only cases waiting for the applicant’s documents"), NULL },
    { "limit", 0, 0, G_OPTION_ARG_FILENAME, &limit_text, N_("At most N cases (default 50)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };
  PeygirCaseQuery query = { 0 };
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_case_free);
  g_auto(GStrv) args = NULL;
  gint64 limit = 50;

  if (!parse_command (command, &usage, entries, db_path, argv, &args, error))
    return FALSE;
  if (state_text != NULL && !parse_states (state_text, &query.states, error))
    return FALSE;
  if (limit_text != NULL
      && !parse_number (limit_text, _("The limit"), 0, G_MAXINT32, &limit, error))
    return FALSE;

  store = open_store (*db_path, FALSE, error);
  if (store == NULL)
    return FALSE;

  query.overdue_only = overdue;
  query.paused_only = paused;
  query.sort = PEYGIR_CASE_SORT_RECEIVED;
  query.descending = TRUE;

  /* Short pages, each its own read, so that no lock is held for long. */
  for (;;)
    {
      g_autoptr(GPtrArray) page = NULL;
      const PeygirCase *last;
      guint want = LIST_PAGE;

      if (limit > 0)
        want = (guint) MIN ((gint64) LIST_PAGE, limit - (gint64) cases->len);
      if (want == 0)
        break;
      query.limit = want;
      page = peygir_store_list_cases (store, &query, error);
      if (page == NULL)
        return FALSE;
      for (guint i = 0; i < page->len; i++)
        g_ptr_array_add (cases, peygir_case_copy (g_ptr_array_index (page, i)));
      if (page->len < want)
        break;

      last = g_ptr_array_index (page, page->len - 1);
      query.has_cursor = TRUE;
      query.after_key = peygir_case_sort_key (last, query.sort);
      query.after_id = last->id;
    }

  return print_cases (store, cases, json, error);
}

static gboolean
command_case_count (const char  *command,
                    char       **db_path,
                    char       **argv,
                    GError     **error)
{
  static const CommandUsage usage = {
    N_("[--state S[,S…]] [--overdue] [--paused]"), N_("Count cases."), 0, 0
  };
  g_autofree char *state_text = NULL;
  gboolean overdue = FALSE;
  gboolean paused = FALSE;
  const GOptionEntry entries[] = {
    { "state", 0, 0, G_OPTION_ARG_FILENAME, &state_text, N_("Only cases in these states (or “open”)"), N_("S") },
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &overdue, N_("Only cases with an answer not sent on time"), NULL },
    { "paused", 0, 0, G_OPTION_ARG_NONE, &paused, N_("Only cases waiting for the applicant’s documents"), NULL },
    G_OPTION_ENTRY_NULL
  };
  PeygirCaseQuery query = { 0 };
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) args = NULL;
  gint64 count;

  if (!parse_command (command, &usage, entries, db_path, argv, &args, error))
    return FALSE;
  if (state_text != NULL && !parse_states (state_text, &query.states, error))
    return FALSE;
  store = open_store (*db_path, FALSE, error);
  if (store == NULL)
    return FALSE;

  query.overdue_only = overdue;
  query.paused_only = paused;
  count = peygir_store_count_cases (store, &query, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  print_out ("%" G_GINT64_FORMAT "\n", count);
  return TRUE;
}

static gboolean
command_case_earlier (const char  *command,
                      char       **db_path,
                      char       **argv,
                      GError     **error)
{
  static const CommandUsage usage = {
    N_("[ID|TRACKING_CODE] [--national-id ID] [--mobile NUMBER] [--json]"),
    N_("Other cases of the same applicant, by national ID or mobile: a repeat complaint is "
       "linked to them, not handled twice."), 0, 1
  };
  g_autofree char *national_id = NULL;
  g_autofree char *mobile = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "national-id", 0, 0, G_OPTION_ARG_FILENAME, &national_id, N_("The applicant’s national ID"), N_("ID") },
    { "mobile", 0, 0, G_OPTION_ARG_FILENAME, &mobile, N_("The applicant’s mobile"), N_("NUMBER") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(PeygirCase) kase = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_auto(GStrv) args = NULL;

  store = parse_and_open (command, &usage, entries, db_path, argv, &args, error);
  if (store == NULL)
    return FALSE;
  if (!check_utf8 (national_id, error) || !check_utf8 (mobile, error))
    return FALSE;

  if (args[0] != NULL)
    {
      kase = resolve_case (store, args[0], PEYGIR_CASE_DETAIL_NONE, error);
      if (kase == NULL)
        return FALSE;
      if (national_id == NULL)
        national_id = g_strdup (kase->applicant.national_id);
      if (mobile == NULL)
        mobile = g_strdup (kase->applicant.mobile);
    }
  else if (national_id == NULL && mobile == NULL)
    return usage_error (error, _("Give a case, or a --national-id or --mobile to look for."));

  cases = peygir_store_find_earlier_cases (store, national_id, mobile,
                                           kase != NULL ? kase->id : 0, error);
  if (cases == NULL)
    return FALSE;
  return print_cases (store, cases, json, error);
}

static gboolean
command_case_attach (const char  *command,
                     char       **db_path,
                     char       **argv,
                     GError     **error)
{
  static const CommandUsage usage = {
    N_("ID FILE --as LOGIN [--name NAME] [--content-type TYPE]"),
    N_("Keep a document (a scanned letter, a photo) with a case."), 2, 2
  };
  g_autofree char *as_login = NULL;
  g_autofree char *name = NULL;
  g_autofree char *content_type = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "as", 0, 0, G_OPTION_ARG_FILENAME, &as_login, N_("Who adds it"), N_("LOGIN") },
    { "name", 0, 0, G_OPTION_ARG_FILENAME, &name, N_("Its name (default: the file’s)"), N_("NAME") },
    { "content-type", 0, 0, G_OPTION_ARG_FILENAME, &content_type, N_("Its MIME type (default: guessed)"), N_("TYPE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the document as JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(PeygirDocument) document = NULL;
  g_autoptr(GBytes) data = NULL;
  g_auto(GStrv) args = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *guessed = NULL;
  gsize length;
  gint64 case_id;

  if (!parse_command (command, &usage, entries, db_path, argv, &args, error))
    return FALSE;
  if (!require_actor (as_login, error) || !check_utf8 (name, error) || !check_utf8 (content_type, error))
    return FALSE;
  if (!g_file_get_contents (args[1], &contents, &length, error))
    return FALSE;
  data = g_bytes_new_take (g_steal_pointer (&contents), length);

  if (name == NULL)
    name = g_path_get_basename (args[1]);
  if (content_type == NULL)
    {
      g_autofree char *type = g_content_type_guess (name, g_bytes_get_data (data, NULL), length, NULL);

      guessed = g_content_type_get_mime_type (type);
      content_type = g_strdup (guessed != NULL ? guessed : "application/octet-stream");
    }

  store = open_store (*db_path, FALSE, error);
  if (store == NULL)
    return FALSE;
  if (!resolve_case_id (store, args[0], &case_id, error))
    return FALSE;
  document = peygir_store_add_document (store, as_login, case_id, name, content_type, data, error);
  if (document == NULL)
    return FALSE;

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, document->id);
      json_builder_set_member_name (builder, "case");
      json_builder_add_int_value (builder, case_id);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, document->size);
      json_builder_set_member_name (builder, "sha256");
      json_builder_add_string_value (builder, document->sha256);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      print_json (root);
    }
  else
    print_out ("%" G_GINT64_FORMAT "\t%s\n", document->id, or_dash (document->sha256));
  return TRUE;
}

static gboolean
command_search (const char  *command,
                char       **db_path,
                char       **argv,
                GError     **error)
{
  static const CommandUsage usage = {
    N_("QUERY [--limit N] [--json]"),
    N_("Find cases by tracking code, registration number, national ID, mobile or words."), 1, 1
  };
  g_autofree char *limit_text = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_FILENAME, &limit_text, N_("At most N cases (default 50)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_auto(GStrv) args = NULL;
  gint64 limit = 50;

  if (!parse_command (command, &usage, entries, db_path, argv, &args, error))
    return FALSE;
  if (limit_text != NULL
      && !parse_number (limit_text, _("The limit"), 1, 10000, &limit, error))
    return FALSE;

  store = open_store (*db_path, FALSE, error);
  if (store == NULL)
    return FALSE;
  cases = peygir_store_search (store, args[0], (guint) limit, error);
  if (cases == NULL)
    return FALSE;
  return print_cases (store, cases, json, error);
}

static gboolean
command_holiday_add (const char  *command,
                     char       **db_path,
                     char       **argv,
                     GError     **error)
{
  static const CommandUsage usage = {
    N_("NAME (--date PERSIAN_DATE | --month M --day D)"),
    N_("Add a holiday: one date (the lunar holidays, per year) or a solar one every year."), 1, 1
  };
  g_autofree char *date_text = NULL;
  g_autofree char *month_text = NULL;
  g_autofree char *day_text = NULL;
  g_autofree char *as_login = NULL;
  g_autofree char *actor = NULL;
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_FILENAME, &date_text, N_("A Persian date such as 1405/01/13"), N_("DATE") },
    { "month", 0, 0, G_OPTION_ARG_FILENAME, &month_text, N_("Persian month, every year"), N_("M") },
    { "day", 0, 0, G_OPTION_ARG_FILENAME, &day_text, N_("Day of that month"), N_("D") },
    { "as", 0, 0, G_OPTION_ARG_FILENAME, &as_login, N_("Act as this administrator"), N_("LOGIN") },
    G_OPTION_ENTRY_NULL
  };
  PeygirHoliday holiday = { 0 };
  g_autoptr(PeygirStore) store = NULL;
  g_auto(GStrv) args = NULL;

  if (!parse_command (command, &usage, entries, db_path, argv, &args, error))
    return FALSE;
  if (!check_utf8 (as_login, error))
    return FALSE;

  if (date_text != NULL && month_text == NULL && day_text == NULL)
    {
      if (!peygir_day_parse (date_text, &holiday.day, error))
        return FALSE;
    }
  else if (date_text == NULL && month_text != NULL && day_text != NULL)
    {
      if (!parse_int (month_text, _("The month"), 1, 12, &holiday.persian_month, error)
          || !parse_int (day_text, _("The day"), 1, 31, &holiday.persian_day, error))
        return FALSE;
    }
  else
    return usage_error (error, _("Give a holiday either --date or both --month and --day."));

  holiday.name = args[0];
  store = open_store (*db_path, FALSE, error);
  if (store == NULL)
    return FALSE;
  actor = administrator_login (store, as_login);
  return peygir_store_add_holiday (store, actor, &holiday, error);
}

static gboolean
command_holiday_list (const char  *command,
                      char       **db_path,
                      char       **argv,
                      GError     **error)
{
  static const CommandUsage usage = { "", N_("List the holidays that deadlines skip."), 0, 0 };
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(GPtrArray) holidays = NULL;
  g_auto(GStrv) args = NULL;

  store = parse_and_open (command, &usage, entries, db_path, argv, &args, error);
  if (store == NULL)
    return FALSE;
  holidays = peygir_store_list_holidays (store, error);
  if (holidays == NULL)
    return FALSE;

  if (json)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) root = NULL;

      for (guint i = 0; i < holidays->len; i++)
        json_array_add_element (array, peygir_admin_holiday_to_json (g_ptr_array_index (holidays, i)));
      root = json_node_init_array (json_node_alloc (), array);
      print_json (root);
      return TRUE;
    }

  for (guint i = 0; i < holidays->len; i++)
    {
      const PeygirHoliday *holiday = g_ptr_array_index (holidays, i);

      if (holiday->day != 0)
        {
          g_autofree char *day = human_day (holiday->day);

          print_out ("%s\t%s\n", day, holiday->name);
        }
      else
        print_out ("*/%02d/%02d\t%s\n", holiday->persian_month, holiday->persian_day, holiday->name);
    }
  return TRUE;
}

static const char * const setting_keys[] = {
  PEYGIR_SETTING_SERVICE_DAYS,
  PEYGIR_SETTING_RESPONSE_DAYS,
  PEYGIR_SETTING_DOCUMENT_MAX,
};

static gboolean
check_setting_key (const char  *key,
                   GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (setting_keys); i++)
    {
      if (g_str_equal (key, setting_keys[i]))
        return TRUE;
    }
  g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
               _("Unknown setting “%s”: the settings are service_days, response_days and document_max_bytes."),
               key);
  return FALSE;
}

static gboolean
command_setting_get (const char  *command,
                     char       **db_path,
                     char       **argv,
                     GError     **error)
{
  static const CommandUsage usage = { N_("KEY"), N_("Print a setting."), 1, 1 };
  g_autoptr(PeygirStore) store = NULL;
  g_autofree char *value = NULL;
  g_auto(GStrv) args = NULL;

  if (!parse_command (command, &usage, NULL, db_path, argv, &args, error))
    return FALSE;
  if (!check_setting_key (args[0], error))
    return FALSE;
  store = open_store (*db_path, FALSE, error);
  if (store == NULL)
    return FALSE;
  value = peygir_store_get_setting (store, args[0], error);
  if (value == NULL)
    return FALSE;
  print_out ("%s\n", value);
  return TRUE;
}

static gboolean
command_setting_set (const char  *command,
                     char       **db_path,
                     char       **argv,
                     GError     **error)
{
  static const CommandUsage usage = { N_("KEY VALUE"), N_("Change a setting."), 2, 2 };
  g_autofree char *as_login = NULL;
  g_autofree char *actor = NULL;
  g_autofree char *value = NULL;
  const GOptionEntry entries[] = {
    { "as", 0, 0, G_OPTION_ARG_FILENAME, &as_login, N_("Act as this administrator"), N_("LOGIN") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(PeygirStore) store = NULL;
  g_auto(GStrv) args = NULL;
  gint64 number;

  if (!parse_command (command, &usage, entries, db_path, argv, &args, error))
    return FALSE;
  if (!check_utf8 (as_login, error) || !check_setting_key (args[0], error))
    return FALSE;
  /* Every setting there is today is a positive count. */
  if (!parse_number (args[1], args[0], 1, G_MAXINT32, &number, error))
    return FALSE;
  value = g_strdup_printf ("%" G_GINT64_FORMAT, number);

  store = open_store (*db_path, FALSE, error);
  if (store == NULL)
    return FALSE;
  actor = administrator_login (store, as_login);
  return peygir_store_set_setting (store, actor, args[0], value, error);
}

static gboolean
command_check (const char  *command,
               char       **db_path,
               char       **argv,
               GError     **error)
{
  static const CommandUsage usage = {
    "", N_("Check the database’s integrity and verify the audit chain."), 0, 0
  };
  g_autoptr(PeygirStore) store = NULL;
  g_auto(GStrv) args = NULL;

  store = parse_and_open (command, &usage, NULL, db_path, argv, &args, error);
  if (store == NULL)
    return FALSE;
  if (!peygir_store_check (store, error))
    return FALSE;
  print_out (_("%s: the database is sound and its audit chain verifies.\n"),
             peygir_store_get_path (store));
  return TRUE;
}

static gboolean
command_backup (const char  *command,
                char       **db_path,
                char       **argv,
                GError     **error)
{
  static const CommandUsage usage = {
    N_("DEST"), N_("Copy the live database to DEST, consistently, while others work."), 1, 1
  };
  g_autoptr(PeygirStore) store = NULL;
  g_auto(GStrv) args = NULL;

  store = parse_and_open (command, &usage, NULL, db_path, argv, &args, error);
  if (store == NULL)
    return FALSE;
  return peygir_store_backup (store, args[0], error);
}

static void
demo_progress_cb (guint    done,
                  guint    total,
                  gpointer user_data)
{
  fprintf (stderr, "\r%s: %u / %u", g_get_prgname (), done, total);
  if (done == total)
    fputc ('\n', stderr);
  fflush (stderr);
}

static gboolean
command_demo (const char  *command,
              char       **db_path,
              char       **argv,
              GError     **error)
{
  static const CommandUsage usage = {
    N_("--cases N [--seed S]"), N_("Fill the database with realistic demonstration cases."), 0, 0
  };
  g_autofree char *cases_text = NULL;
  g_autofree char *seed_text = NULL;
  const GOptionEntry entries[] = {
    { "cases", 0, 0, G_OPTION_ARG_FILENAME, &cases_text, N_("How many cases"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_FILENAME, &seed_text, N_("The same seed gives the same cases"), N_("S") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(PeygirStore) store = NULL;
  g_auto(GStrv) args = NULL;
  gint64 n_cases;
  gint64 seed = 1;

  if (!parse_command (command, &usage, entries, db_path, argv, &args, error))
    return FALSE;
  if (cases_text == NULL)
    return usage_error (error, _("Say how many cases with --cases N."));
  if (!parse_number (cases_text, _("The number of cases"), 1, G_MAXUINT32, &n_cases, error))
    return FALSE;
  if (seed_text != NULL
      && !parse_number (seed_text, _("The seed"), 0, G_MAXUINT32, &seed, error))
    return FALSE;

  store = open_store (*db_path, FALSE, error);
  if (store == NULL)
    return FALSE;
  return peygir_demo_fill (store, (guint) n_cases, (guint32) seed,
                           isatty (STDERR_FILENO) ? demo_progress_cb : NULL, NULL, error);
}

typedef struct
{
  const char  *group;     /* "case", or NULL for a command of one word */
  const char  *name;
  CommandFunc  func;
  const char  *summary;
} Command;

static const Command commands[] = {
  { NULL,      "init",   command_init,         N_("create the database") },
  { "user",    "add",    command_user_add,     N_("add a user with roles") },
  { "user",    "list",   command_user_list,    N_("list the users") },
  { "agency",  "add",    command_agency_add,   N_("add an executive agency") },
  { "agency",  "list",   command_agency_list,  N_("list the agencies") },
  { "case",    "new",    command_case_new,     N_("take in a case from JSON") },
  { "case",    "act",    command_case_act,     N_("take a workflow action on a case") },
  { "case",    "show",   command_case_show,    N_("show a case") },
  { "case",    "list",   command_case_list,    N_("list cases") },
  { "case",    "count",  command_case_count,   N_("count cases") },
  { "case",    "earlier", command_case_earlier, N_("other cases of the same applicant") },
  { "case",    "attach", command_case_attach,  N_("attach a document to a case") },
  { NULL,      "search", command_search,       N_("search cases") },
  { "holiday", "add",    command_holiday_add,  N_("add a holiday") },
  { "holiday", "list",   command_holiday_list, N_("list the holidays") },
  { "setting", "get",    command_setting_get,  N_("print a setting") },
  { "setting", "set",    command_setting_set,  N_("change a setting") },
  { NULL,      "check",  command_check,        N_("check integrity and the audit chain") },
  { NULL,      "backup", command_backup,       N_("back up the live database") },
  { NULL,      "demo",   command_demo,         N_("fill with demonstration data") },
};

static void
print_help (void)
{
  print_out (_("Usage: %s [--db PATH] COMMAND [OPTIONS…]\n\n"), g_get_prgname ());
  print_out (_("Administers a Peygir database. The database is PATH, else $PEYGIR_DB, else the "
               "one in your data folder.\n\nCommands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *name = NULL;

      name = commands[i].group != NULL
        ? g_strdup_printf ("%s %s", commands[i].group, commands[i].name)
        : g_strdup (commands[i].name);
      print_out ("  %-14s %s\n", name, _(commands[i].summary));
    }
  print_out (_("\n“%s COMMAND --help” tells more about each.\n"), g_get_prgname ());
}

/* The global options come before the command; --db may also come after. */
static gboolean
parse_global_options (int      *index,
                      int       argc,
                      char    **argv,
                      char    **db_path,
                      gboolean *help,
                      GError  **error)
{
  while (*index < argc && argv[*index][0] == '-')
    {
      const char *arg = argv[*index];

      if (g_str_equal (arg, "--db"))
        {
          if (*index + 1 >= argc)
            return usage_error (error, _("--db needs a path."));
          g_free (*db_path);
          *db_path = g_strdup (argv[*index + 1]);
          *index += 2;
        }
      else if (g_str_has_prefix (arg, "--db="))
        {
          g_free (*db_path);
          *db_path = g_strdup (arg + strlen ("--db="));
          *index += 1;
        }
      else if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          *help = TRUE;
          *index += 1;
        }
      else if (g_str_equal (arg, "--version"))
        {
          print_out ("peygir-admin %s\n", PEYGIR_VERSION);
          exit (EXIT_DONE);
        }
      else
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_UNKNOWN_OPTION,
                       _("Unknown option %s."), arg);
          return FALSE;
        }
    }
  return TRUE;
}

static const Command *
find_command (int       *index,
              int        argc,
              char     **argv,
              GError   **error)
{
  const char *first = argv[*index];
  gboolean is_group = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (commands[i].group == NULL && g_str_equal (first, commands[i].name))
        {
          *index += 1;
          return &commands[i];
        }
      if (commands[i].group != NULL && g_str_equal (first, commands[i].group))
        {
          is_group = TRUE;
          if (*index + 1 < argc && g_str_equal (argv[*index + 1], commands[i].name))
            {
              *index += 2;
              return &commands[i];
            }
        }
    }

  if (is_group)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                 _("“%s” needs a subcommand; “%s --help” lists them."), first, g_get_prgname ());
  else
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                 _("Unknown command “%s”; “%s --help” lists them."), first, g_get_prgname ());
  return NULL;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *command_name = NULL;
  const Command *command;
  gboolean help = FALSE;
  int index = 1;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, PEYGIR_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("peygir-admin");

  if (!parse_global_options (&index, argc, argv, &db_path, &help, &error))
    goto failed;
  if (index >= argc || g_str_equal (argv[index], "help"))
    {
      if (help || index < argc)
        {
          print_help ();
          return EXIT_DONE;
        }
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("No command given; “%s --help” lists them."), g_get_prgname ());
      goto failed;
    }

  command = find_command (&index, argc, argv, &error);
  if (command == NULL)
    goto failed;
  if (help)
    argv[--index] = (char *) "--help";

  command_name = command->group != NULL
    ? g_strdup_printf ("%s %s", command->group, command->name)
    : g_strdup (command->name);
  if (command->func (command_name, &db_path, argv + index, &error))
    {
      if (fflush (stdout) != 0)
        {
          int saved_errno = errno;

          fprintf (stderr, "%s: %s\n", g_get_prgname (), g_strerror (saved_errno));
          return EXIT_UNREACHABLE;
        }
      return EXIT_DONE;
    }

failed:
  print_error (error);
  return exit_status_for_error (error);
}
