/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "peygir-admin-json.h"
#include "peygir-store.h"

G_BEGIN_DECLS

/* What the files of peygir-admin share: how a subcommand reads its words,
 * opens the database and prints. */

typedef struct
{
  const char *parameters;     /* "ID ACTION" */
  const char *summary;
  guint       min_args;
  guint       max_args;
} CommandUsage;

typedef gboolean (*CommandFunc) (const char  *command,
                                 char       **db_path,
                                 char       **argv,
                                 GError     **error);

void peygir_admin_write_out (const char *text);
void peygir_admin_print_out (const char *format,
                             ...) G_GNUC_PRINTF (1, 2);
void peygir_admin_print_json (JsonNode *node);
/* One JSON array of @items, each made by @to_json. */
typedef JsonNode *(*PeygirAdminToJson) (gconstpointer item);
void peygir_admin_print_json_array (GPtrArray          *items,
                                    PeygirAdminToJson   to_json);
gboolean peygir_admin_usage_error (GError     **error,
                                   const char  *message);
gboolean peygir_admin_check_utf8 (const char  *text,
                                  GError     **error);
gboolean peygir_admin_parse_command (const char          *command,
                                     const CommandUsage  *usage,
                                     const GOptionEntry  *entries,
                                     char               **db_path,
                                     char               **argv,
                                     GStrv               *args,
                                     GError             **error);
PeygirStore *peygir_admin_open_store (const char  *db_path,
                                      gboolean     create,
                                      GError     **error);
PeygirStore *peygir_admin_parse_and_open (const char          *command,
                                          const CommandUsage  *usage,
                                          const GOptionEntry  *entries,
                                          char               **db_path,
                                          char               **argv,
                                          GStrv               *args,
                                          GError             **error);
/* Who acts: the operating system's login, unless --as names another user,
 * which the store allows only when that login is an active administrator
 * (peygir_admin_open_store makes the login the store's operator). */
void peygir_admin_take_actor (char **as_login);
#define PEYGIR_ADMIN_AS_ENTRY(variable) \
  { "as", 0, 0, G_OPTION_ARG_FILENAME, &(variable), \
    N_("Act for this user (administrators only); without it, as your own login"), N_("LOGIN") }
gboolean peygir_admin_parse_number (const char  *text,
                                    const char  *what,
                                    gint64       min,
                                    gint64       max,
                                    gint64      *out,
                                    GError     **error);
gboolean peygir_admin_parse_int (const char  *text,
                                 const char  *what,
                                 int          min,
                                 int          max,
                                 int         *out,
                                 GError     **error);
char *peygir_admin_human_day (PeygirDay day);
const char *peygir_admin_or_dash (const char *text);

/* The subcommands, each given the words after its name. */
gboolean peygir_admin_init (const char  *command,
                            char       **db_path,
                            char       **argv,
                            GError     **error);
gboolean peygir_admin_user_add (const char  *command,
                                char       **db_path,
                                char       **argv,
                                GError     **error);
gboolean peygir_admin_user_list (const char  *command,
                                 char       **db_path,
                                 char       **argv,
                                 GError     **error);
gboolean peygir_admin_setting_list (const char  *command,
                                    char       **db_path,
                                    char       **argv,
                                    GError     **error);
gboolean peygir_admin_user_set (const char  *command,
                                char       **db_path,
                                char       **argv,
                                GError     **error);
gboolean peygir_admin_agency_set (const char  *command,
                                  char       **db_path,
                                  char       **argv,
                                  GError     **error);
gboolean peygir_admin_agency_add (const char  *command,
                                  char       **db_path,
                                  char       **argv,
                                  GError     **error);
gboolean peygir_admin_agency_list (const char  *command,
                                   char       **db_path,
                                   char       **argv,
                                   GError     **error);
gboolean peygir_admin_case_new (const char  *command,
                                char       **db_path,
                                char       **argv,
                                GError     **error);
gboolean peygir_admin_case_show (const char  *command,
                                 char       **db_path,
                                 char       **argv,
                                 GError     **error);
gboolean peygir_admin_case_act (const char  *command,
                                char       **db_path,
                                char       **argv,
                                GError     **error);
gboolean peygir_admin_case_list (const char  *command,
                                 char       **db_path,
                                 char       **argv,
                                 GError     **error);
gboolean peygir_admin_case_count (const char  *command,
                                  char       **db_path,
                                  char       **argv,
                                  GError     **error);
gboolean peygir_admin_case_earlier (const char  *command,
                                    char       **db_path,
                                    char       **argv,
                                    GError     **error);
gboolean peygir_admin_case_attach (const char  *command,
                                   char       **db_path,
                                   char       **argv,
                                   GError     **error);
gboolean peygir_admin_search (const char  *command,
                              char       **db_path,
                              char       **argv,
                              GError     **error);
gboolean peygir_admin_holiday_add (const char  *command,
                                   char       **db_path,
                                   char       **argv,
                                   GError     **error);
gboolean peygir_admin_holiday_list (const char  *command,
                                    char       **db_path,
                                    char       **argv,
                                    GError     **error);
gboolean peygir_admin_setting_get (const char  *command,
                                   char       **db_path,
                                   char       **argv,
                                   GError     **error);
gboolean peygir_admin_setting_set (const char  *command,
                                   char       **db_path,
                                   char       **argv,
                                   GError     **error);
gboolean peygir_admin_check (const char  *command,
                             char       **db_path,
                             char       **argv,
                             GError     **error);
gboolean peygir_admin_backup (const char  *command,
                              char       **db_path,
                              char       **argv,
                              GError     **error);
gboolean peygir_admin_demo (const char  *command,
                            char       **db_path,
                            char       **argv,
                            GError     **error);

G_END_DECLS
