/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-admin"

#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "peygir-admin-private.h"
#include "peygir-date.h"
#include "peygir-demo.h"
#include "peygir-error.h"
#include "peygir-holidays.h"
#include "peygir-store.h"

gboolean
peygir_admin_init (const char  *command,
                   char       **db_path,
                   char       **argv,
                   GError     **error)
{
  static const CommandUsage usage = {
    "", N_("Create the database, or bring an older one up to date. On a new database, your login becomes its first administrator."), 0, 0,
    COMMAND_CREATES, NULL
  };
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);
  g_autofree char *fs_name = NULL;
  g_autofree char *shown = NULL;
  gint64 n_users;

  if (!peygir_admin_call_parse (&call, &usage, NULL, argv, error))
    return FALSE;
  if (!peygir_admin_call_open (&call, &usage, error))
    return FALSE;
  /* as the app does on a new office's first desk: the one who sets it up
   * administers it, and may do everything to try the whole process */
  n_users = peygir_store_count_users (call.store, error);
  if (n_users < 0)
    return FALSE;
  if (n_users == 0)
    {
      const char *login = peygir_store_get_login (call.store);
      const char *name = g_get_real_name ();
      g_autoptr(PeygirUser) user = NULL;

      /* on a server, the role connected, not whoever runs the command here */
      if (name == NULL || *name == '\0' || g_str_equal (name, "Unknown")
          || peygir_store_location_is_server (peygir_store_get_path (call.store)))
        name = login;
      user = peygir_store_add_user (call.store, NULL, login, name, PEYGIR_ROLES_ALL, error);
      if (user == NULL)
        return FALSE;
    }

  shown = peygir_store_dup_shown_location (call.store);
  peygir_admin_print_out ("%s\n", shown);
  if (peygir_store_path_is_network (peygir_store_get_path (call.store), &fs_name))
    fprintf (stderr, _("%s: the database is on a network share (%s): see the README for the mount options it needs.\n"),
             g_get_prgname (), peygir_admin_or_dash (fs_name));
  return TRUE;
}

/* The options that add and set share: one option, written once. */
#define NAME_ENTRY(name, description) \
  { "name", 0, 0, G_OPTION_ARG_FILENAME, &(name), (description), N_("NAME") }
#define ROLES_ENTRY(roles_text) \
  { "role", 0, 0, G_OPTION_ARG_FILENAME, &(roles_text), N_("Roles, separated by commas"), N_("ROLES") }
#define HEAD_TITLE_ENTRY(head_title) \
  { "head-title", 0, 0, G_OPTION_ARG_FILENAME, &(head_title), N_("The recipient line of its letters"), N_("TITLE") }
#define RESPONSE_DAYS_ENTRY(days_text) \
  { "response-days", 0, 0, G_OPTION_ARG_FILENAME, &(days_text), N_("Working days it has to answer"), N_("N") }
#define ACTIVE_ENTRY(active_text) \
  { "active", 0, 0, G_OPTION_ARG_FILENAME, &(active_text), N_("yes or no"), N_("YES|NO") }

/* --role: the roles named, at least one when @need_one. */
static gboolean
parse_roles (const char   *text,
             gboolean      need_one,
             PeygirRoles  *roles,
             GError      **error)
{
  if (peygir_roles_from_string (text, roles) && (*roles != 0 || !need_one))
    return TRUE;
  g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
               _("Unknown role in “%s”: the roles are expert, manager, secretariat and admin."),
               text);
  return FALSE;
}

/* --response-days, when given. */
static gboolean
parse_response_days (const char  *text,
                     int         *days,
                     GError     **error)
{
  return text == NULL || peygir_admin_parse_int (text, _("The response days"), 1, 365, days, error);
}

/* What an add command prints: the new record as JSON, or its id. */
static void
print_added (gboolean           json,
             gconstpointer      record,
             gint64             id,
             PeygirAdminToJson  to_json)
{
  if (json)
    peygir_admin_print_json_item (record, to_json);
  else
    peygir_admin_print_out ("%" G_GINT64_FORMAT "\n", id);
}

gboolean
peygir_admin_user_add (const char  *command,
                       char       **db_path,
                       char       **argv,
                       GError     **error)
{
  static const CommandUsage usage = {
    N_("LOGIN --name NAME --role ROLE[,ROLE…]"),
    N_("Add a user. Roles: expert, manager, secretariat, admin."), 1, 1,
    COMMAND_ACTS, N_("Print the user as JSON")
  };
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);
  g_autofree char *name = NULL;
  g_autofree char *roles_text = NULL;
  const GOptionEntry entries[] = {
    NAME_ENTRY (name, N_("The user’s full name")),
    ROLES_ENTRY (roles_text),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(PeygirUser) user = NULL;
  PeygirRoles roles = 0;

  if (!peygir_admin_call_parse (&call, &usage, entries, argv, error))
    return FALSE;
  if (name == NULL || roles_text == NULL)
    return peygir_admin_usage_error (error, _("A user needs --name and --role."));
  if (!peygir_admin_check_utf8 (name, error) || !peygir_admin_check_utf8 (roles_text, error))
    return FALSE;
  if (!parse_roles (roles_text, TRUE, &roles, error))
    return FALSE;

  if (!peygir_admin_call_open (&call, &usage, error))
    return FALSE;
  user = peygir_store_add_user (call.store, call.as_login, call.args[0], name, roles, error);
  if (user == NULL)
    return FALSE;

  print_added (call.json, user, user->id, (PeygirAdminToJson) peygir_admin_user_to_json);
  return TRUE;
}

static void
print_user_row (gconstpointer item)
{
  const PeygirUser *user = item;
  g_autofree char *roles = peygir_roles_to_string (user->roles);

  peygir_admin_print_out ("%" G_GINT64_FORMAT "\t%s\t%s\t%s%s\n", user->id, user->login, user->name,
                          roles, user->active ? "" : _(" (inactive)"));
}

gboolean
peygir_admin_user_list (const char  *command,
                        char       **db_path,
                        char       **argv,
                        GError     **error)
{
  static const ListCommand list = {
    { "", N_("List the users and their roles."), 0, 0, COMMAND_OPENS, N_("Print JSON") },
    peygir_store_list_users, (PeygirAdminToJson) peygir_admin_user_to_json, print_user_row
  };

  return peygir_admin_run_list (&list, command, db_path, argv, error);
}

gboolean
peygir_admin_agency_add (const char  *command,
                         char       **db_path,
                         char       **argv,
                         GError     **error)
{
  static const CommandUsage usage = {
    N_("NAME [--head-title TITLE] [--response-days N]"),
    N_("Add an executive agency that cases can be referred to."), 1, 1,
    COMMAND_ACTS, N_("Print the agency as JSON")
  };
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);
  g_autofree char *head_title = NULL;
  g_autofree char *days_text = NULL;
  const GOptionEntry entries[] = {
    HEAD_TITLE_ENTRY (head_title),
    RESPONSE_DAYS_ENTRY (days_text),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(PeygirAgency) agency = NULL;
  int response_days = 0;

  if (!peygir_admin_call_parse (&call, &usage, entries, argv, error))
    return FALSE;
  if (!peygir_admin_check_utf8 (head_title, error))
    return FALSE;
  if (!parse_response_days (days_text, &response_days, error))
    return FALSE;

  if (!peygir_admin_call_open (&call, &usage, error))
    return FALSE;
  agency = peygir_store_add_agency (call.store, call.as_login, call.args[0], head_title, response_days, error);
  if (agency == NULL)
    return FALSE;

  print_added (call.json, agency, agency->id, (PeygirAdminToJson) peygir_admin_agency_to_json);
  return TRUE;
}

/* --active yes|no, or keep (-1) when not given. */
static gboolean
parse_active (const char  *text,
              int         *active,
              GError     **error)
{
  *active = -1;
  if (text == NULL)
    return TRUE;
  if (g_str_equal (text, "yes"))
    *active = 1;
  else if (g_str_equal (text, "no"))
    *active = 0;
  else
    return peygir_admin_usage_error (error, _("--active takes yes or no."));
  return TRUE;
}

gboolean
peygir_admin_user_set (const char  *command,
                       char       **db_path,
                       char       **argv,
                       GError     **error)
{
  static const CommandUsage usage = {
    N_("LOGIN [--name NAME] [--title TITLE] [--role ROLE[,ROLE…]] [--active yes|no]"),
    N_("Change a user’s name, the title printed under it on the letters they sign, or roles, "
       "or deactivate them."), 1, 1,
    COMMAND_ACTS, N_("Print the user as JSON")
  };
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *roles_text = NULL;
  g_autofree char *active_text = NULL;
  const GOptionEntry entries[] = {
    NAME_ENTRY (name, N_("The user’s full name")),
    { "title", 0, 0, G_OPTION_ARG_FILENAME, &title, N_("The title under their name on letters (empty: none)"), N_("TITLE") },
    ROLES_ENTRY (roles_text),
    ACTIVE_ENTRY (active_text),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(PeygirUser) user = NULL;
  PeygirRoles roles = 0;
  int active;

  if (!peygir_admin_call_parse (&call, &usage, entries, argv, error))
    return FALSE;
  if (!peygir_admin_check_utf8 (name, error) || !peygir_admin_check_utf8 (roles_text, error)
      || !peygir_admin_check_utf8 (title, error) || !parse_active (active_text, &active, error))
    return FALSE;
  if (roles_text != NULL && !parse_roles (roles_text, FALSE, &roles, error))
    return FALSE;

  if (!peygir_admin_call_open (&call, &usage, error))
    return FALSE;
  if (name != NULL || roles != 0 || active >= 0 || title == NULL)
    {
      user = peygir_store_update_user (call.store, call.as_login, call.args[0], name, roles, active, error);
      if (user == NULL)
        return FALSE;
    }
  if (title != NULL)
    {
      g_clear_pointer (&user, peygir_user_free);
      user = peygir_store_set_user_title (call.store, call.as_login, call.args[0], title, error);
      if (user == NULL)
        return FALSE;
    }

  if (call.json)
    peygir_admin_print_json_item (user, (PeygirAdminToJson) peygir_admin_user_to_json);
  return TRUE;
}

gboolean
peygir_admin_agency_set (const char  *command,
                         char       **db_path,
                         char       **argv,
                         GError     **error)
{
  static const CommandUsage usage = {
    N_("ID [--name NAME] [--head-title TITLE] [--response-days N] [--active yes|no]"),
    N_("Change an agency, or stop offering it for referrals."), 1, 1,
    COMMAND_ACTS, N_("Print the agency as JSON")
  };
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);
  g_autofree char *name = NULL;
  g_autofree char *head_title = NULL;
  g_autofree char *days_text = NULL;
  g_autofree char *active_text = NULL;
  const GOptionEntry entries[] = {
    NAME_ENTRY (name, N_("The agency’s name")),
    HEAD_TITLE_ENTRY (head_title),
    RESPONSE_DAYS_ENTRY (days_text),
    ACTIVE_ENTRY (active_text),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(PeygirAgency) agency = NULL;
  int response_days = 0;
  int active;
  int id;

  if (!peygir_admin_call_parse (&call, &usage, entries, argv, error))
    return FALSE;
  if (!peygir_admin_check_utf8 (name, error) || !peygir_admin_check_utf8 (head_title, error)
      || !parse_active (active_text, &active, error))
    return FALSE;
  if (!peygir_admin_parse_int (call.args[0], _("The agency’s number"), 1, G_MAXINT, &id, error))
    return FALSE;
  if (!parse_response_days (days_text, &response_days, error))
    return FALSE;

  if (!peygir_admin_call_open (&call, &usage, error))
    return FALSE;
  agency = peygir_store_update_agency (call.store, call.as_login, id, name, head_title, response_days, active, error);
  if (agency == NULL)
    return FALSE;

  if (call.json)
    peygir_admin_print_json_item (agency, (PeygirAdminToJson) peygir_admin_agency_to_json);
  return TRUE;
}

static void
print_agency_row (gconstpointer item)
{
  const PeygirAgency *agency = item;

  peygir_admin_print_out ("%" G_GINT64_FORMAT "\t%s\t%d\t%s\n", agency->id, agency->name,
                          agency->response_days, peygir_admin_or_dash (agency->head_title));
}

gboolean
peygir_admin_agency_list (const char  *command,
                          char       **db_path,
                          char       **argv,
                          GError     **error)
{
  static const ListCommand list = {
    { "", N_("List the agencies."), 0, 0, COMMAND_OPENS, N_("Print JSON") },
    peygir_store_list_agencies, (PeygirAdminToJson) peygir_admin_agency_to_json, print_agency_row
  };

  return peygir_admin_run_list (&list, command, db_path, argv, error);
}

/* A holiday's day from --date, or its fixed month and day from --month
 * and --day, into @holiday. */
static gboolean
parse_holiday_date (const char     *date_text,
                    const char     *month_text,
                    const char     *day_text,
                    PeygirHoliday  *holiday,
                    GError        **error)
{
  if (date_text != NULL && month_text == NULL && day_text == NULL)
    return peygir_day_parse (date_text, &holiday->day, error);
  if (date_text == NULL && month_text != NULL && day_text != NULL)
    return peygir_admin_parse_int (month_text, _("The month"), 1, 12, &holiday->persian_month, error)
           && peygir_admin_parse_int (day_text, _("The day"), 1, 31, &holiday->persian_day, error);
  return peygir_admin_usage_error (error, _("Give a holiday either --date or both --month and --day."));
}

#define HOLIDAY_DATE_ENTRIES(date_text, month_text, day_text) \
  { "date", 0, 0, G_OPTION_ARG_FILENAME, &date_text, N_("A Persian date such as 1405/01/13"), N_("DATE") }, \
  { "month", 0, 0, G_OPTION_ARG_FILENAME, &month_text, N_("Persian month, every year"), N_("M") }, \
  { "day", 0, 0, G_OPTION_ARG_FILENAME, &day_text, N_("Day of that month"), N_("D") }

gboolean
peygir_admin_holiday_add (const char  *command,
                          char       **db_path,
                          char       **argv,
                          GError     **error)
{
  static const CommandUsage usage = {
    N_("NAME (--date PERSIAN_DATE | --month M --day D)"),
    N_("Add a holiday: one date (the lunar holidays, per year) or a solar one every year."), 1, 1,
    COMMAND_ACTS, NULL
  };
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);
  g_autofree char *date_text = NULL;
  g_autofree char *month_text = NULL;
  g_autofree char *day_text = NULL;
  const GOptionEntry entries[] = {
    HOLIDAY_DATE_ENTRIES (date_text, month_text, day_text),
    G_OPTION_ENTRY_NULL
  };
  PeygirHoliday holiday = { 0 };

  if (!peygir_admin_call_parse (&call, &usage, entries, argv, error)
      || !parse_holiday_date (date_text, month_text, day_text, &holiday, error))
    return FALSE;
  holiday.name = call.args[0];
  if (!peygir_admin_call_open (&call, &usage, error))
    return FALSE;
  return peygir_store_add_holiday (call.store, call.as_login, &holiday, error);
}

gboolean
peygir_admin_holiday_remove (const char  *command,
                             char       **db_path,
                             char       **argv,
                             GError     **error)
{
  static const CommandUsage usage = {
    N_("(--date PERSIAN_DATE | --month M --day D)"),
    N_("Remove the holiday on a date, or the solar one of a month and day."), 0, 0,
    COMMAND_ACTS, NULL
  };
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);
  g_autofree char *date_text = NULL;
  g_autofree char *month_text = NULL;
  g_autofree char *day_text = NULL;
  const GOptionEntry entries[] = {
    HOLIDAY_DATE_ENTRIES (date_text, month_text, day_text),
    G_OPTION_ENTRY_NULL
  };
  PeygirHoliday wanted = { 0 };
  g_autoptr(GPtrArray) holidays = NULL;

  if (!peygir_admin_call_parse (&call, &usage, entries, argv, error)
      || !parse_holiday_date (date_text, month_text, day_text, &wanted, error)
      || !peygir_admin_call_open (&call, &usage, error))
    return FALSE;
  holidays = peygir_store_list_holidays (call.store, error);
  if (holidays == NULL)
    return FALSE;
  for (guint i = 0; i < holidays->len; i++)
    {
      const PeygirHoliday *holiday = g_ptr_array_index (holidays, i);

      if (wanted.day != 0 ? holiday->day == wanted.day
                          : holiday->day == 0 && holiday->persian_month == wanted.persian_month
                            && holiday->persian_day == wanted.persian_day)
        return peygir_store_remove_holiday (call.store, call.as_login, holiday, error);
    }
  g_set_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND,
               _("There is no holiday on that day."));
  return FALSE;
}

gboolean
peygir_admin_holiday_official (const char  *command,
                               char       **db_path,
                               char       **argv,
                               GError     **error)
{
  static const CommandUsage usage = {
    N_("PERSIAN_YEAR"),
    N_("Add the year’s lunar holidays from the official calendar Peygir ships."), 1, 1,
    COMMAND_ACTS, NULL
  };
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);
  const GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  int year, first, last, added;

  if (!peygir_admin_call_parse (&call, &usage, entries, argv, error))
    return FALSE;
  peygir_official_holiday_years (&first, &last);
  if (!peygir_admin_parse_int (call.args[0], _("The year"), 1300, 1500, &year, error))
    return FALSE;
  if (year < first || year > last)
    {
      g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
                   _("This Peygir has the official holidays of %d to %d; add the others with “holiday add”."),
                   first, last);
      return FALSE;
    }
  if (!peygir_admin_call_open (&call, &usage, error))
    return FALSE;
  added = peygir_store_add_official_holidays (call.store, call.as_login, year, error);
  if (added < 0)
    return FALSE;
  peygir_admin_print_out (g_dngettext (GETTEXT_PACKAGE, "%d holiday added.\n", "%d holidays added.\n", added), added);
  return TRUE;
}

static void
print_holiday_row (gconstpointer item)
{
  const PeygirHoliday *holiday = item;
  g_autofree char *day = NULL;

  if (holiday->day == 0)
    {
      peygir_admin_print_out ("*/%02d/%02d\t%s\n", holiday->persian_month, holiday->persian_day, holiday->name);
      return;
    }
  day = peygir_admin_human_day (holiday->day);
  peygir_admin_print_out ("%s\t%s\n", day, holiday->name);
}

gboolean
peygir_admin_holiday_list (const char  *command,
                           char       **db_path,
                           char       **argv,
                           GError     **error)
{
  static const ListCommand list = {
    { "", N_("List the holidays that deadlines skip."), 0, 0, COMMAND_OPENS, N_("Print JSON") },
    peygir_store_list_holidays, (PeygirAdminToJson) peygir_admin_holiday_to_json, print_holiday_row
  };

  return peygir_admin_run_list (&list, command, db_path, argv, error);
}

/* The store knows its settings; the command line only names them back. */
static gboolean
check_setting_key (const char  *key,
                   GError     **error)
{
  const char * const *keys = peygir_store_setting_keys ();
  g_autofree char *known = NULL;

  if (g_strv_contains (keys, key))
    return TRUE;
  known = g_strjoinv (", ", (char **) keys);
  g_set_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID,
               _("Unknown setting “%s”: the settings are %s."), key, known);
  return FALSE;
}

gboolean
peygir_admin_setting_get (const char  *command,
                          char       **db_path,
                          char       **argv,
                          GError     **error)
{
  static const CommandUsage usage = {
    N_("KEY"), N_("Print a setting."), 1, 1,
    COMMAND_OPENS, NULL
  };
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);
  g_autofree char *value = NULL;

  if (!peygir_admin_call_parse (&call, &usage, NULL, argv, error))
    return FALSE;
  if (!check_setting_key (call.args[0], error))
    return FALSE;
  if (!peygir_admin_call_open (&call, &usage, error))
    return FALSE;
  value = peygir_store_get_setting (call.store, call.args[0], error);
  if (value == NULL)
    return FALSE;
  peygir_admin_print_out ("%s\n", value);
  return TRUE;
}

gboolean
peygir_admin_setting_set (const char  *command,
                          char       **db_path,
                          char       **argv,
                          GError     **error)
{
  static const CommandUsage usage = {
    N_("KEY VALUE"), N_("Change a setting."), 2, 2,
    COMMAND_ACTS_LISTED_FIRST, NULL
  };
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);
  g_autofree char *value = NULL;
  gint64 number;

  if (!peygir_admin_call_parse (&call, &usage, NULL, argv, error))
    return FALSE;
  if (!check_setting_key (call.args[0], error))
    return FALSE;
  if (!peygir_admin_check_utf8 (call.args[1], error))
    return FALSE;
  /* Numbers in any digits; the texts (the letterhead, the templates) as
   * written. The store refuses a text where it wants a number. */
  if (peygir_admin_parse_number (call.args[1], call.args[0], 1, G_MAXINT32, &number, NULL))
    value = g_strdup_printf ("%" G_GINT64_FORMAT, number);
  else
    value = g_strdup (call.args[1]);

  if (!peygir_admin_call_open (&call, &usage, error))
    return FALSE;
  return peygir_store_set_setting (call.store, call.as_login, call.args[0], value, error);
}

gboolean
peygir_admin_setting_list (const char  *command,
                           char       **db_path,
                           char       **argv,
                           GError     **error)
{
  static const CommandUsage usage = {
    "", N_("Print every setting and its value."), 0, 0,
    COMMAND_OPENS, NULL
  };
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);
  const char * const *keys = peygir_store_setting_keys ();

  if (!peygir_admin_call_begin (&call, &usage, NULL, argv, error))
    return FALSE;
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *value = peygir_store_get_setting (call.store, keys[i], error);

      if (value == NULL)
        return FALSE;
      /* a template runs over several lines: one line a setting */
      g_strdelimit (value, "\n", ' ');
      peygir_admin_print_out ("%s\t%s\n", keys[i], value);
    }
  return TRUE;
}

gboolean
peygir_admin_check (const char  *command,
                    char       **db_path,
                    char       **argv,
                    GError     **error)
{
  static const CommandUsage usage = {
    "[--against BACKUP] [--repair [--as LOGIN]]",
    N_("Check the database’s integrity, verify the audit chain, compute the report’s figures again "
       "from the cases’ history and count the queues again from the cases; with --against, also that "
       "the chain still holds the last event of a backup made with “backup”, as it was; with --repair, "
       "first write the figures and the counts anew (an administrator’s)."), 0, 0,
    COMMAND_ACTS, NULL
  };
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);
  g_autofree char *against = NULL;
  g_autofree char *shown = NULL;
  gboolean repair = FALSE;
  const GOptionEntry entries[] = {
    { "against", 0, 0, G_OPTION_ARG_FILENAME, &against, N_("A backup to verify the audit chain against"), N_("BACKUP") },
    { "repair", 0, 0, G_OPTION_ARG_NONE, &repair, N_("Write the report’s figures and the queues’ counts anew first"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (!peygir_admin_call_begin (&call, &usage, entries, argv, error))
    return FALSE;
  if (repair && !peygir_store_repair_figures (call.store, call.as_login, error))
    return FALSE;
  if (!peygir_store_check (call.store, error))
    return FALSE;
  if (against != NULL && !peygir_store_check_against (call.store, against, error))
    return FALSE;
  shown = peygir_store_dup_shown_location (call.store);
  peygir_admin_print_out (_("%s: the database is sound and its audit chain verifies.\n"), shown);
  return TRUE;
}

gboolean
peygir_admin_backup (const char  *command,
                     char       **db_path,
                     char       **argv,
                     GError     **error)
{
  static const CommandUsage usage = {
    N_("DEST"), N_("Copy the live database to DEST, consistently, while others work."), 1, 1,
    COMMAND_OPENS, NULL
  };
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);

  if (!peygir_admin_call_begin (&call, &usage, NULL, argv, error))
    return FALSE;
  return peygir_store_backup (call.store, call.args[0], error);
}

gboolean
peygir_admin_migrate (const char  *command,
                      char       **db_path,
                      char       **argv,
                      GError     **error)
{
  static const CommandUsage usage = {
    N_("--to LOCATION"),
    N_("Copy the whole database, documents, letters and audit chain, into a new, empty one at "
       "LOCATION (a PostgreSQL server, postgresql://…, or a file), and verify it there."), 0, 0,
    COMMAND_OPENS, NULL
  };
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);
  g_autofree char *to = NULL;
  gint64 n_cases = 0;
  gint64 n_events = 0;
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to, N_("Where to copy the database"), N_("LOCATION") },
    G_OPTION_ENTRY_NULL
  };

  if (!peygir_admin_call_parse (&call, &usage, entries, argv, error))
    return FALSE;
  if (to == NULL || *to == '\0')
    return peygir_admin_usage_error (error, _("migrate needs --to and where to copy the database."));
  if (!peygir_admin_call_open (&call, &usage, error))
    return FALSE;
  if (!peygir_store_copy_to (call.store, to, &n_cases, &n_events, error))
    return FALSE;
  /* not the location itself: a server's may hold a password */
  peygir_admin_print_out (_("Copied %" PRId64 " cases and %" PRId64 " audit events; "
                            "the audit chain verifies where they arrived.\n"),
                          n_cases, n_events);
  return TRUE;
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

gboolean
peygir_admin_demo (const char  *command,
                   char       **db_path,
                   char       **argv,
                   GError     **error)
{
  static const CommandUsage usage = {
    N_("--cases N [--seed S]"), N_("Fill the database with realistic demonstration cases."), 0, 0,
    COMMAND_OPENS, NULL
  };
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);
  g_autofree char *cases_text = NULL;
  g_autofree char *seed_text = NULL;
  const GOptionEntry entries[] = {
    { "cases", 0, 0, G_OPTION_ARG_FILENAME, &cases_text, N_("How many cases"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_FILENAME, &seed_text, N_("The same seed gives the same cases"), N_("S") },
    G_OPTION_ENTRY_NULL
  };
  gint64 n_cases;
  gint64 seed = 1;

  if (!peygir_admin_call_parse (&call, &usage, entries, argv, error))
    return FALSE;
  if (cases_text == NULL)
    return peygir_admin_usage_error (error, _("Say how many cases with --cases N."));
  if (!peygir_admin_parse_number (cases_text, _("The number of cases"), 1, G_MAXUINT32, &n_cases, error))
    return FALSE;
  if (seed_text != NULL
      && !peygir_admin_parse_number (seed_text, _("The seed"), 0, G_MAXUINT32, &seed, error))
    return FALSE;

  if (!peygir_admin_call_open (&call, &usage, error))
    return FALSE;
  return peygir_demo_fill (call.store, (guint) n_cases, (guint32) seed,
                           isatty (STDERR_FILENO) ? demo_progress_cb : NULL, NULL, error);
}
