/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The report's PDF drawn in worker threads at once, as the app's GTasks
 * draw it: each thread with its own fonts, the same bytes from each, and
 * as many pages as poppler reads. */
#include <locale.h>

#include "letters-test-util.h"
#include "peygir-report-document.h"

#define N_THREADS 3

/* A year of a busy office: twelve months, sixty closings, thirty agencies. */
static PeygirReport *
report_new (void)
{
  PeygirReport *report = peygir_report_new (20260321, 20270320);

  report->service_days = 15;
  report->rank_minimum = 5;
  for (int month = 1; month <= 12; month++)
    {
      g_autofree char *key = g_strdup_printf ("1405-%02d", month);
      gint64 count = 20 + (month * 7) % 13;

      report->received += count;
      peygir_report_count_add (report->by_month, key, NULL, count);
    }
  /* ascending, as the store gives them: 0 … 40, some twice */
  for (int i = 0; i < 60; i++)
    {
      int days = i * 41 / 60;

      g_array_append_val (report->close_days, days);
    }
  report->closed = report->close_days->len;
  for (int i = 0; i < 30; i++)
    {
      PeygirReportAgency *agency = g_new0 (PeygirReportAgency, 1);

      agency->id = i + 1;
      agency->name = g_strdup (i % 2 == 0 ? "اداره کل راه و شهرسازی استان" : "شرکت توزیع نیروی برق");
      agency->referred = 30 - i;
      agency->answered = (30 - i) * 2 / 3;
      agency->answered_on_time = (30 - i) / 3;
      agency->ranked = agency->referred >= report->rank_minimum;
      g_ptr_array_add (report->agencies, agency);
    }
  return report;
}

static gpointer
render_thread (gpointer data)
{
  g_autoptr(GError) error = NULL;
  GBytes *pdf = peygir_report_render_to_bytes (data, NULL, &error);

  g_assert_no_error (error);
  return pdf;
}

static void
test_threads (void)
{
  g_autoptr(PeygirReport) report = report_new ();
  GThread *threads[N_THREADS];
  GBytes *pdfs[N_THREADS];
  g_autoptr(PopplerDocument) document = NULL;

  for (guint i = 0; i < N_THREADS; i++)
    threads[i] = g_thread_new ("report", render_thread, report);
  for (guint i = 0; i < N_THREADS; i++)
    pdfs[i] = g_thread_join (threads[i]);
  for (guint i = 1; i < N_THREADS; i++)
    g_assert_true (g_bytes_equal (pdfs[0], pdfs[i]));

  document = letters_test_open_pdf (pdfs[0]);
  /* thirty agencies: the scorecard chart and table take pages of their own */
  g_assert_cmpint (poppler_document_get_n_pages (document), >=, 4);
  letters_test_save_pages (pdfs[0], document, "report-year");
  for (guint i = 0; i < N_THREADS; i++)
    g_bytes_unref (pdfs[i]);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/letters/report-document/threads", test_threads);

  return g_test_run ();
}
