/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-admin"

/* peygir-admin import: an office's past registry brought in, all of it or
 * nothing. Every row is read, checked and taken along the workflow in one
 * transaction; one refused row, and the transaction is given up, so that
 * the office corrects its sheet and imports it again whole, never half of
 * it twice. */

#include <glib/gi18n-lib.h>

#include "peygir-admin-private.h"
#include "peygir-import.h"

typedef struct
{
  guint       rows;        /* read, refused or not */
  guint       taken;       /* taken along the workflow */
  GPtrArray  *refusals;    /* of PeygirImportRefusal */
  GPtrArray  *unknown;     /* of PeygirImportUnknownAgency */
} ImportRun;

static void
import_run_clear (ImportRun *run)
{
  g_clear_pointer (&run->refusals, g_ptr_array_unref);
  g_clear_pointer (&run->unknown, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ImportRun, import_run_clear)

static void
print_report (const ImportRun *run,
              const char      *source)
{
  for (guint i = 0; i < run->refusals->len; i++)
    {
      PeygirImportRefusal *refusal = g_ptr_array_index (run->refusals, i);

      peygir_admin_print_out (_("%s, line %u: %s\n"), source, refusal->line, refusal->error->message);
    }
  if (run->unknown->len > 0)
    {
      peygir_admin_print_out (_("Agencies the office does not have (add them with “agency add”, or write "
                                "their names as the office has them):\n"));
      for (guint i = 0; i < run->unknown->len; i++)
        {
          PeygirImportUnknownAgency *agency = g_ptr_array_index (run->unknown, i);

          peygir_admin_print_out (g_dngettext (GETTEXT_PACKAGE, "  %s: %u row\n", "  %s: %u rows\n", agency->count),
                                  agency->name, agency->count);
        }
    }
}

static JsonNode *
report_to_json (const ImportRun *run,
                const char      *source,
                gboolean         dry_run,
                gboolean         imported)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, source);
  json_builder_set_member_name (builder, "dry_run");
  json_builder_add_boolean_value (builder, dry_run);
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, run->rows);
  json_builder_set_member_name (builder, "imported");
  json_builder_add_int_value (builder, imported ? run->taken : 0);
  json_builder_set_member_name (builder, "refused");
  json_builder_begin_array (builder);
  for (guint i = 0; i < run->refusals->len; i++)
    {
      PeygirImportRefusal *refusal = g_ptr_array_index (run->refusals, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, refusal->line);
      json_builder_set_member_name (builder, "column");
      if (refusal->column != NULL)
        json_builder_add_string_value (builder, refusal->column);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, refusal->error->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "unknown_agencies");
  json_builder_begin_array (builder);
  for (guint i = 0; i < run->unknown->len; i++)
    {
      PeygirImportUnknownAgency *agency = g_ptr_array_index (run->unknown, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, agency->name);
      json_builder_set_member_name (builder, "rows");
      json_builder_add_int_value (builder, agency->count);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

gboolean
peygir_admin_import (const char  *command,
                     char       **db_path,
                     char       **argv,
                     GError     **error)
{
  static const CommandUsage usage = {
    N_("FILE --map MAPPING.json [--dry-run]"),
    N_("Bring the office’s past registry in from FILE (CSV or an Excel workbook), each row a case at its "
       "final state with its own dates and registration number. One row refused, and nothing is imported: "
       "every refused row is listed with its line and reason."),
    1, 1, COMMAND_ACTS, N_("Print what was read, imported and refused as JSON")
  };
  g_auto(CommandCall) call = COMMAND_CALL_INIT (command, db_path);
  g_auto(ImportRun) run = { 0, };
  g_autofree char *map_path = NULL;
  g_autofree char *source = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) map_file = NULL;
  g_autoptr(PeygirImportMapping) mapping = NULL;
  g_autoptr(PeygirImportAgencies) agencies = NULL;
  g_autoptr(PeygirImport) import = NULL;
  g_autoptr(PeygirBulk) bulk = NULL;
  g_autoptr(GPtrArray) office_agencies = NULL;
  gboolean dry_run = FALSE;
  gboolean imported = FALSE;
  const GOptionEntry entries[] = {
    { "map", 0, 0, G_OPTION_ARG_FILENAME, &map_path, N_("Where each field of a case is in FILE"),
      N_("MAPPING.json") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Check every row, and import nothing"), NULL },
    G_OPTION_ENTRY_NULL
  };

  if (!peygir_admin_call_parse (&call, &usage, entries, argv, error))
    return FALSE;
  if (map_path == NULL || *map_path == '\0')
    return peygir_admin_usage_error (error, _("import needs --map and the mapping of the file’s columns."));
  map_file = g_file_new_for_commandline_arg (map_path);
  mapping = peygir_import_mapping_new_from_file (map_file, error);
  if (mapping == NULL)
    return FALSE;
  if (!peygir_admin_call_open (&call, &usage, error))
    return FALSE;

  office_agencies = peygir_store_list_agencies (call.store, error);
  if (office_agencies == NULL)
    return FALSE;
  agencies = peygir_import_agencies_new (office_agencies);
  file = g_file_new_for_commandline_arg (call.args[0]);
  source = g_file_get_basename (file);
  import = peygir_import_open (file, mapping, agencies, NULL, error);
  if (import == NULL)
    return FALSE;
  bulk = peygir_store_bulk_new (call.store);
  if (!peygir_bulk_set_past (bulk, call.as_login, error))
    return FALSE;

  run.refusals = g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_import_refusal_free);
  if (!peygir_import_write_all (import, bulk, source, run.refusals, &run.rows, &run.taken, NULL, error))
    return FALSE;
  run.unknown = peygir_import_agencies_unknown (agencies);
  /* all or nothing: freeing the bulk gives up what it wrote */
  if (run.refusals->len == 0 && !dry_run)
    {
      if (!peygir_bulk_commit (bulk, error))
        return FALSE;
      imported = TRUE;
    }

  if (call.json)
    {
      g_autoptr(JsonNode) node = report_to_json (&run, source, dry_run, imported);

      peygir_admin_print_json (node);
    }
  else
    print_report (&run, source);

  if (run.refusals->len > 0)
    {
      g_set_error (error, PEYGIR_IMPORT_ERROR, PEYGIR_IMPORT_ERROR_REFUSED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Nothing was imported: %u of %u rows was refused.",
                                "Nothing was imported: %u of %u rows were refused.", run.refusals->len),
                   run.refusals->len, run.rows);
      return FALSE;
    }
  if (!call.json)
    {
      if (dry_run)
        peygir_admin_print_out (g_dngettext (GETTEXT_PACKAGE,
                                             "%u row of %s can be imported; nothing was written (a dry run).\n",
                                             "All %u rows of %s can be imported; nothing was written (a dry run).\n",
                                             run.taken),
                                run.taken, source);
      else
        peygir_admin_print_out (g_dngettext (GETTEXT_PACKAGE, "Imported %u case from %s.\n",
                                             "Imported %u cases from %s.\n", run.taken),
                                run.taken, source);
    }
  return TRUE;
}
