/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The import's rate: an office's past registry of IMPORT_ROWS cases, as
 * CSV, brought into a copy of each demo database through the store's bulk
 * path, as `peygir-admin import` brings it. */
#include <glib/gstdio.h>

#include "peygir-bench.h"
#include "peygir-import.h"
#include "peygir-text.h"

#define IMPORT_ROWS 10000
/* a year the demo's cases never reach, so that no number is another's */
#define IMPORT_YEAR 1400

static const char mapping_json[] =
  "{ \"dates\": \"persian\", \"fields\": {"
  "  \"registration_number\": { \"column\": \"شماره ثبت\" },"
  "  \"received_on\": { \"column\": \"تاریخ دریافت\" },"
  "  \"registered_on\": { \"column\": \"تاریخ ثبت\" },"
  "  \"referred_on\": { \"column\": \"تاریخ ارجاع\" },"
  "  \"answered_on\": { \"column\": \"تاریخ پاسخ\" },"
  "  \"closed_on\": { \"column\": \"تاریخ اعلام نتیجه\" },"
  "  \"kind\": { \"column\": \"نوع\", \"values\": { \"شکایت\": \"complaint\", \"درخواست\": \"request\" } },"
  "  \"applicant_name\": { \"column\": \"نام\" },"
  "  \"national_id\": { \"column\": \"کد ملی\" },"
  "  \"mobile\": { \"column\": \"همراه\" },"
  "  \"subject\": { \"column\": \"موضوع\" },"
  "  \"description\": { \"column\": \"شرح\" },"
  "  \"agency\": { \"column\": \"دستگاه\" },"
  "  \"state\": { \"column\": \"وضعیت\", \"values\": { \"مختومه\": \"closed\", \"در انتظار پاسخ\": \"referred\","
  "               \"پاسخ داده شده\": \"answered\", \"رد شده\": \"rejected\", \"ثبت شده\": \"registered\" } }"
  "} }";

static void
append_national_id (GString *csv,
                    GRand   *rand)
{
  char id[11];

  do
    {
      for (int i = 0; i < 10; i++)
        id[i] = '0' + g_rand_int_range (rand, 0, 10);
      id[10] = '\0';
    }
  while (!peygir_national_id_is_valid (id));
  g_string_append (csv, id);
}

/* A registry of @rows past cases of IMPORT_YEAR, about the office's
 * agencies: most closed, the others at each step before. */
static char *
registry_csv (GPtrArray *agencies,
              guint      rows)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (BENCH_SEED);
  GString *csv = g_string_new ("شماره ثبت,تاریخ دریافت,تاریخ ثبت,تاریخ ارجاع,تاریخ پاسخ,تاریخ اعلام نتیجه,"
                               "نوع,نام,کد ملی,همراه,موضوع,شرح,دستگاه,وضعیت\r\n");

  for (guint i = 0; i < rows; i++)
    {
      PeygirAgency *agency = g_ptr_array_index (agencies, i % agencies->len);
      int month = 1 + (int) (i * 11 / rows);
      int day = 1 + (int) (i % 17);
      int dice = g_rand_int_range (rand, 0, 100);
      const char *state = dice < 60 ? "مختومه" : dice < 75 ? "در انتظار پاسخ" : dice < 85 ? "پاسخ داده شده"
                          : dice < 95 ? "رد شده" : "ثبت شده";
      gboolean rejected = dice >= 85 && dice < 95;
      gboolean referred = dice < 85;
      gboolean answered = dice < 60 || (dice >= 75 && dice < 85);

      if (rejected)
        g_string_append_printf (csv, ",%d/%02d/%02d,,,,,", IMPORT_YEAR, month, day);
      else
        g_string_append_printf (csv, "%d/%u,%d/%02d/%02d,%d/%02d/%02d,", IMPORT_YEAR, i + 1,
                                IMPORT_YEAR, month, day, IMPORT_YEAR, month, day + 1);
      if (!rejected)
        {
          if (referred)
            g_string_append_printf (csv, "%d/%02d/%02d", IMPORT_YEAR, month, day + 2);
          g_string_append_c (csv, ',');
          if (answered)
            g_string_append_printf (csv, "%d/%02d/%02d", IMPORT_YEAR, month, day + 9);
          g_string_append_c (csv, ',');
          if (dice < 60)
            g_string_append_printf (csv, "%d/%02d/%02d", IMPORT_YEAR, month, day + 12);
          g_string_append_c (csv, ',');
        }
      g_string_append (csv, "شکایت,علی رضایی,");
      append_national_id (csv, rand);
      g_string_append_printf (csv, ",0912%07d,تأخیر در رسیدگی,"
                              "\"درخواست پیگیری پرونده، پس از چند بار مراجعه بی‌پاسخ مانده است.\",%s,%s\r\n",
                              g_rand_int_range (rand, 0, 10000000), agency->name, state);
    }
  return g_string_free (csv, FALSE);
}

void
bench_import (Bench        *bench,
              DemoDatabase *demo)
{
  g_autofree char *path = working_copy (bench, demo);
  g_autofree char *csv_path = g_build_filename (bench->work_dir, "registry.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirStore) store = peygir_store_open (path, PEYGIR_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GPtrArray) agencies = NULL;
  g_autoptr(GPtrArray) refusals = g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_import_refusal_free);
  g_autoptr(PeygirImportMapping) mapping = NULL;
  g_autoptr(PeygirImportAgencies) matcher = NULL;
  g_autoptr(PeygirImport) import = NULL;
  g_autoptr(PeygirBulk) bulk = NULL;
  g_autoptr(PeygirUser) admin = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (csv_path);
  g_autofree char *csv = NULL;
  guint rows = 0, taken = 0;
  gint64 started;
  double seconds;
  Row *row;

  if (store == NULL)
    die ("opening the database to import into", error);
  admin = peygir_store_add_user (store, NULL, "bench-admin", "مدیر سامانه", PEYGIR_ROLE_ADMIN, &error);
  agencies = admin != NULL ? peygir_store_list_agencies (store, &error) : NULL;
  if (agencies == NULL)
    die ("preparing the import", error);
  csv = registry_csv (agencies, IMPORT_ROWS);
  if (!g_file_set_contents (csv_path, csv, -1, &error))
    die ("writing the registry", error);
  mapping = peygir_import_mapping_new_from_data (mapping_json, -1, &error);
  if (mapping == NULL)
    die ("reading the registry's mapping", error);

  started = g_get_monotonic_time ();
  matcher = peygir_import_agencies_new (agencies);
  import = peygir_import_open (file, mapping, matcher, NULL, &error);
  bulk = peygir_store_bulk_new (store);
  if (import == NULL || !peygir_bulk_set_past (bulk, "bench-admin", &error)
      || !peygir_import_write_all (import, bulk, "registry.csv", refusals, &rows, &taken, NULL, &error)
      || (refusals->len == 0 && !peygir_bulk_commit (bulk, &error)))
    die ("importing the registry", error);
  seconds = (double) (g_get_monotonic_time () - started) / G_USEC_PER_SEC;
  if (refusals->len > 0)
    {
      PeygirImportRefusal *refusal = g_ptr_array_index (refusals, 0);

      g_printerr ("peygir-bench: the registry's line %u was refused: %s\n", refusal->line, refusal->error->message);
      exit (1);
    }

  row = add_row (bench, "store", demo->cases, "import (10,000 rows of CSV)", taken / seconds, "cases/s");
  row_set_target (row, "≥ 20,000 cases/s", row->value >= 20000);
  g_clear_object (&store);
  g_unlink (path);
  g_unlink (csv_path);
}
