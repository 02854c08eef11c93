/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-admin"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "peygir-admin-letter.h"
#include "peygir-admin-private.h"
#include "peygir-date.h"
#include "peygir-demo.h"
#include "peygir-error.h"
#include "peygir-import.h"
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
  { peygir_store_error_quark,    PEYGIR_STORE_ERROR_NEEDS_PASSWORD,      EXIT_UNREACHABLE },
  { peygir_store_error_quark,    PEYGIR_STORE_ERROR_NOT_PERMITTED,       EXIT_NOT_PERMITTED },
  { peygir_store_error_quark,    PEYGIR_STORE_ERROR_CORRUPT,             EXIT_UNUSABLE },
  { peygir_store_error_quark,    PEYGIR_STORE_ERROR_NEWER_SCHEMA,        EXIT_UNUSABLE },
  { peygir_store_error_quark,    PEYGIR_STORE_ERROR_NOT_INITIALIZED,     EXIT_UNUSABLE },
  { peygir_store_error_quark,    PEYGIR_STORE_ERROR_AUDIT,               EXIT_UNUSABLE },
  { peygir_store_error_quark,    PEYGIR_STORE_ERROR_FIGURES,             EXIT_UNUSABLE },
  { peygir_store_error_quark,    PEYGIR_STORE_ERROR_CONFLICT,            EXIT_CONFLICT },
  { peygir_store_error_quark,    PEYGIR_STORE_ERROR_NOT_FOUND,           EXIT_INVALID },
  { peygir_store_error_quark,    PEYGIR_STORE_ERROR_EXISTS,              EXIT_INVALID },
  { g_option_error_quark,        ANY_CODE,                               EXIT_USAGE },
  /* A registry to import: the file, its mapping, a row refused. */
  { peygir_import_error_quark,   ANY_CODE,                               EXIT_INVALID },
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

typedef struct
{
  const char  *group;     /* "case", or NULL for a command of one word */
  const char  *name;
  CommandFunc  func;
  const char  *summary;
} Command;

static const Command commands[] = {
  { NULL,      "init",   peygir_admin_init,         N_("create the database") },
  { "user",    "add",    peygir_admin_user_add,     N_("add a user with roles") },
  { "user",    "list",   peygir_admin_user_list,    N_("list the users") },
  { "user",    "set",    peygir_admin_user_set,     N_("change a user’s name, roles or activity") },
  { "agency",  "add",    peygir_admin_agency_add,   N_("add an executive agency") },
  { "agency",  "list",   peygir_admin_agency_list,  N_("list the agencies") },
  { "agency",  "set",    peygir_admin_agency_set,   N_("change an agency, or stop offering it") },
  { "case",    "new",    peygir_admin_case_new,     N_("take in a case from JSON") },
  { "case",    "act",    peygir_admin_case_act,     N_("take a workflow action on a case") },
  { "case",    "show",   peygir_admin_case_show,    N_("show a case") },
  { "case",    "list",   peygir_admin_case_list,    N_("list cases") },
  { "case",    "count",  peygir_admin_case_count,   N_("count cases") },
  { "case",    "earlier", peygir_admin_case_earlier, N_("other cases of the same applicant") },
  { "case",    "attach", peygir_admin_case_attach,  N_("attach a document to a case") },
  { NULL,      "search", peygir_admin_search,       N_("search cases") },
  { "holiday", "add",    peygir_admin_holiday_add,  N_("add a holiday") },
  { "holiday", "list",   peygir_admin_holiday_list, N_("list the holidays") },
  { "holiday", "remove", peygir_admin_holiday_remove, N_("remove a holiday") },
  { "holiday", "official", peygir_admin_holiday_official, N_("add a year’s official lunar holidays") },
  { "setting", "get",    peygir_admin_setting_get,  N_("print a setting") },
  { "setting", "set",    peygir_admin_setting_set,  N_("change a setting") },
  { "setting", "list",   peygir_admin_setting_list, N_("print every setting") },
  /* before "letter ID…", which would take "list" for a case */
  { "letter",  "list",   peygir_admin_letter_list,  N_("the register of letters sent and received") },
  { "letter",  "void",   peygir_admin_letter_void,  N_("void a letter number issued by mistake") },
  { NULL,      "letter", peygir_admin_letter,       N_("write a case’s letter as PDF") },
  { NULL,      "report", peygir_admin_report,       N_("the office’s figures for a period") },
  { NULL,      "check",  peygir_admin_check,        N_("check integrity and the audit chain") },
  { NULL,      "backup", peygir_admin_backup,       N_("back up the live database") },
  { NULL,      "migrate", peygir_admin_migrate,     N_("copy the database to a server, or to a new file") },
  { NULL,      "import", peygir_admin_import,       N_("bring the office’s past registry in") },
  { NULL,      "demo",   peygir_admin_demo,         N_("fill with demonstration data") },
};

static void
print_help (void)
{
  peygir_admin_print_out (_("Usage: %s [--db PATH] COMMAND [OPTIONS…]\n\n"), g_get_prgname ());
  peygir_admin_print_out (_("Administers a Peygir database. The database is PATH, else $PEYGIR_DB, else the "
                            "one in your data folder.\n\nCommands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *name = NULL;

      name = commands[i].group != NULL
        ? g_strdup_printf ("%s %s", commands[i].group, commands[i].name)
        : g_strdup (commands[i].name);
      peygir_admin_print_out ("  %-14s %s\n", name, _(commands[i].summary));
    }
  peygir_admin_print_out (_("\n“%s COMMAND --help” tells more about each.\n"), g_get_prgname ());
}

/* The global options come before the command; --db may also come after.
 * "--" ends them, as it ends a command's own options. */
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

      if (g_str_equal (arg, "--"))
        {
          *index += 1;
          break;
        }
      else if (g_str_equal (arg, "--db"))
        {
          if (*index + 1 >= argc)
            return peygir_admin_usage_error (error, _("--db needs a path."));
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
          peygir_admin_print_out ("peygir-admin %s\n", PEYGIR_VERSION);
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

/* Run from the build tree, as the README shows, before anything is
 * installed: then the catalogue is the one built beside it. */
static const char *
catalogue_dir (void)
{
  g_autofree char *installed = NULL;

  installed = g_build_filename (PEYGIR_LOCALEDIR, "fa", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  if (!g_file_test (installed, G_FILE_TEST_EXISTS)
      && g_file_test (PEYGIR_BUILD_LOCALEDIR, G_FILE_TEST_IS_DIR))
    return PEYGIR_BUILD_LOCALEDIR;
  return PEYGIR_LOCALEDIR;
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
  bindtextdomain (GETTEXT_PACKAGE, catalogue_dir ());
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
