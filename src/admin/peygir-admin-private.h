/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "peygir-admin-json.h"
#include "peygir-store.h"

G_BEGIN_DECLS

/* What the files of peygir-admin share: how a subcommand reads its words,
 * opens the database and prints. */

/* What a subcommand states besides its own options and body: its words,
 * and which of the shared options it takes. */
typedef enum
{
  COMMAND_OPENS             = 0,       /* the existing database */
  COMMAND_CREATES           = 1 << 0,  /* the database, created or brought up to date */
  COMMAND_ACTS              = 1 << 1,  /* --as LOGIN, listed after its own options */
  COMMAND_ACTS_LISTED_FIRST = 1 << 2,  /* --as LOGIN, before them (who acts on a case) */
} CommandFlags;

typedef struct
{
  const char   *parameters;     /* "ID ACTION" */
  const char   *summary;
  guint         min_args;
  guint         max_args;
  CommandFlags  flags;
  const char   *json_help;      /* --json prints JSON, so described; NULL: no --json */
} CommandUsage;

/* One run of a subcommand: what the shared options and words gave. */
typedef struct
{
  const char   *command;        /* "case act" */
  char        **db_path;        /* --db, before or after the command */
  GStrv         args;           /* the positional words, valid UTF-8 */
  char         *as_login;       /* who acts (COMMAND_ACTS…): --as, else the login */
  gboolean      json;           /* --json */
  PeygirStore  *store;          /* after peygir_admin_call_open () */
} CommandCall;

#define COMMAND_CALL_INIT(command, db_path) { (command), (db_path), NULL, NULL, FALSE, NULL }

void peygir_admin_call_clear (CommandCall *call);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CommandCall, peygir_admin_call_clear)

/* Parses @argv (the words after the subcommand) with @usage's shared
 * options (--as, --json, --db) and @entries, the command's own; checks the
 * number of words, that they and --as are UTF-8, and takes the actor. */
gboolean     peygir_admin_call_parse (CommandCall         *call,
                                      const CommandUsage  *usage,
                                      const GOptionEntry  *entries,
                                      char               **argv,
                                      GError             **error);
/* Opens call->store as @usage says: after the command's own checks, so
 * that a wrong word is told before a missing database. */
gboolean     peygir_admin_call_open  (CommandCall         *call,
                                      const CommandUsage  *usage,
                                      GError             **error);
/* Both, for the commands that check nothing of their own in between. */
gboolean     peygir_admin_call_begin (CommandCall         *call,
                                      const CommandUsage  *usage,
                                      const GOptionEntry  *entries,
                                      char               **argv,
                                      GError             **error);

/* A subcommand: given its name ("case act"), where --db puts the database's
 * path, and the words after its name. */
typedef gboolean CommandBody (const char  *command,
                              char       **db_path,
                              char       **argv,
                              GError     **error);
typedef CommandBody *CommandFunc;

void peygir_admin_write_out (const char *text);
void peygir_admin_print_out (const char *format,
                             ...) G_GNUC_PRINTF (1, 2);
void peygir_admin_print_json (JsonNode *node);
/* One JSON array of @items, each made by @to_json. */
typedef JsonNode *(*PeygirAdminToJson) (gconstpointer item);
void peygir_admin_print_json_array (GPtrArray          *items,
                                    PeygirAdminToJson   to_json);
/* One JSON object: @item made by @to_json. */
void peygir_admin_print_json_item  (gconstpointer       item,
                                    PeygirAdminToJson   to_json);
/* A command that lists what the store holds and takes no options of its
 * own: the rows @list reads, printed as a JSON array of @to_json's objects
 * with --json, else one line each by @print_row. */
typedef GPtrArray *(*PeygirAdminListFunc) (PeygirStore  *store,
                                           GError      **error);
typedef void       (*PeygirAdminPrintRow) (gconstpointer item);

typedef struct
{
  CommandUsage         usage;
  PeygirAdminListFunc  list;
  PeygirAdminToJson    to_json;
  PeygirAdminPrintRow  print_row;
} ListCommand;

gboolean peygir_admin_run_list (const ListCommand  *list,
                                const char         *command,
                                char              **db_path,
                                char              **argv,
                                GError            **error);
gboolean peygir_admin_usage_error (GError     **error,
                                   const char  *message);
gboolean peygir_admin_check_utf8 (const char  *text,
                                  GError     **error);
gboolean peygir_admin_parse_number (const char  *text,
                                    const char  *what,
                                    gint64       min,
                                    gint64       max,
                                    gint64      *out,
                                    GError     **error);
/* A day as people type it: Persian (1405/2/12, ۱۴۰۵-۰۲-۱۲, 14050212) or
 * Gregorian (2026-05-02, a year from 1900). */
gboolean peygir_admin_parse_day (const char  *text,
                                 PeygirDay   *out,
                                 GError     **error);
gboolean peygir_admin_parse_int (const char  *text,
                                 const char  *what,
                                 int          min,
                                 int          max,
                                 int         *out,
                                 GError     **error);
/* The cases @query selects, at most @max_cases (0: all), read
 * peygir_case_pages_walk ()'s way: short pages, each its own read, so that
 * no lock is held for long. The copies, without their referrals, are the
 * caller's. */
GPtrArray *peygir_admin_collect_cases (PeygirStore            *store,
                                       const PeygirCaseQuery  *query,
                                       guint                   page_size,
                                       gint64                  max_cases,
                                       GError                **error);
char *peygir_admin_human_day (PeygirDay day);
const char *peygir_admin_or_dash (const char *text);

/* The subcommands. */
CommandBody peygir_admin_init;
CommandBody peygir_admin_user_add;
CommandBody peygir_admin_user_list;
CommandBody peygir_admin_setting_list;
CommandBody peygir_admin_user_set;
CommandBody peygir_admin_agency_set;
CommandBody peygir_admin_agency_add;
CommandBody peygir_admin_agency_list;
CommandBody peygir_admin_case_new;
CommandBody peygir_admin_case_show;
CommandBody peygir_admin_case_act;
CommandBody peygir_admin_case_list;
CommandBody peygir_admin_case_count;
CommandBody peygir_admin_case_earlier;
CommandBody peygir_admin_case_attach;
CommandBody peygir_admin_search;
CommandBody peygir_admin_holiday_add;
CommandBody peygir_admin_holiday_list;
CommandBody peygir_admin_holiday_remove;
CommandBody peygir_admin_holiday_official;
CommandBody peygir_admin_setting_get;
CommandBody peygir_admin_setting_set;
CommandBody peygir_admin_check;
CommandBody peygir_admin_backup;
CommandBody peygir_admin_import;
CommandBody peygir_admin_migrate;
CommandBody peygir_admin_demo;
CommandBody peygir_admin_report;

G_END_DECLS
