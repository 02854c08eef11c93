/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The report's pictures, drawn into image surfaces for a report made by
 * hand and read back by the colours of the print style: the bars stand
 * right to left in the months' order and as tall as their counts, the
 * service target falls between its day and the next, the scorecard grows
 * with its agencies, and an empty report says so in text. Every picture
 * is saved under the build directory's screenshots/ to be looked at. */
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "peygir-report-chart.h"

/* A column or a row of pixels of one colour: a bar seen from one side. */
typedef struct
{
  int start;
  int end;      /* exclusive */
  int extent;   /* the longest run across it */
} Run;

static PeygirReport *
report_new (void)
{
  PeygirReport *report = peygir_report_new (20260321, 20260721);

  report->service_days = 15;
  report->rank_minimum = 5;
  return report;
}

static void
add_month (PeygirReport *report,
           const char   *key,
           gint64        count)
{
  report->received += count;
  peygir_report_count_add (report->by_month, key, NULL, count);
}

static void
add_agency (PeygirReport *report,
            const char   *name,
            gint64        referred,
            gint64        answered,
            gint64        on_time)
{
  PeygirReportAgency *agency = g_new0 (PeygirReportAgency, 1);

  agency->id = report->agencies->len + 1;
  agency->name = g_strdup (name);
  agency->referred = referred;
  agency->answered = answered;
  agency->answered_on_time = on_time;
  agency->ranked = referred >= report->rank_minimum;
  g_ptr_array_add (report->agencies, agency);
}

/* The chart on white at @width, saved as screenshots/report-chart-NAME-WIDTH.png. */
static cairo_surface_t *
draw_chart (const PeygirReport *report,
            PeygirReportChart   chart,
            double              width,
            const char         *name)
{
  const PeygirReportChartStyle *style = peygir_report_chart_style_print ();
  double height = peygir_report_chart_get_height (report, chart, style, width);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) width, (int) height);
  cairo_t *cr = cairo_create (surface);
  const char *build_dir = g_getenv ("PEYGIR_BUILD_DIR");

  g_assert_cmpfloat (height, >, 0.0);
  cairo_set_source_rgb (cr, 1.0, 1.0, 1.0);
  cairo_paint (cr);
  peygir_report_chart_draw (report, chart, style, cr, width, height);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  if (build_dir != NULL)
    {
      g_autofree char *dir = g_build_filename (build_dir, "screenshots", NULL);
      g_autofree char *file = g_strdup_printf ("report-chart-%s-%d.png", name, (int) width);
      g_autofree char *path = g_build_filename (dir, file, NULL);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
      g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
      g_test_message ("chart: %s", path);
    }
  return surface;
}

static gboolean
pixel_is (cairo_surface_t *surface,
          int              x,
          int              y,
          const double     rgba[4])
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint32 pixel = *(const guint32 *) (data + y * cairo_image_surface_get_stride (surface) + x * 4);
  int r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;

  return ABS (r - (int) (rgba[0] * 255 + 0.5)) <= 3
         && ABS (g - (int) (rgba[1] * 255 + 0.5)) <= 3
         && ABS (b - (int) (rgba[2] * 255 + 0.5)) <= 3;
}

/* The runs of columns (@vertical) or of rows holding pixels of @rgba, in
 * order left to right or top to bottom; each with its longest stretch of
 * the colour across, and only those of at least @min_extent. */
static GArray *
find_runs (cairo_surface_t *surface,
           const double     rgba[4],
           gboolean         vertical,
           int              min_extent)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int n_lines = vertical ? width : height, n_along = vertical ? height : width;
  GArray *runs = g_array_new (FALSE, TRUE, sizeof (Run));
  Run run = { -1, -1, 0 };

  for (int i = 0; i <= n_lines; i++)
    {
      int longest = 0, current = 0;

      for (int j = 0; i < n_lines && j < n_along; j++)
        {
          gboolean hit = vertical ? pixel_is (surface, i, j, rgba) : pixel_is (surface, j, i, rgba);

          current = hit ? current + 1 : 0;
          longest = MAX (longest, current);
        }
      if (longest >= min_extent)
        {
          if (run.start < 0)
            run.start = i;
          run.extent = MAX (run.extent, longest);
        }
      else if (run.start >= 0)
        {
          run.end = i;
          g_array_append_val (runs, run);
          run = (Run) { -1, -1, 0 };
        }
    }
  return runs;
}

/* How many pixels are darker than mid-grey (text, antialiased), and
 * the leftmost and rightmost of them. */
static int
dark_span (cairo_surface_t *surface,
           int             *left,
           int             *right)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  int n = 0;

  *left = G_MAXINT;
  *right = -1;
  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      {
        guint32 pixel = *(const guint32 *) (data + y * stride + x * 4);

        if (((pixel >> 16) & 0xff) + ((pixel >> 8) & 0xff) + (pixel & 0xff) < 3 * 128)
          {
            n++;
            *left = MIN (*left, x);
            *right = MAX (*right, x);
          }
      }
  return n;
}

static void
test_months (void)
{
  g_autoptr(PeygirReport) report = report_new ();
  const double widths[] = { 300, 500, 800 };
  const PeygirReportChartStyle *style = peygir_report_chart_style_print ();
  g_autofree char *description = NULL;

  add_month (report, "1405-01", 3);
  add_month (report, "1405-02", 12);
  add_month (report, "1405-03", 7);
  add_month (report, "1405-04", 0);

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      cairo_surface_t *surface = draw_chart (report, PEYGIR_REPORT_CHART_MONTHS, widths[w], "months");
      g_autoptr(GArray) bars = find_runs (surface, style->bar, TRUE, 2);
      Run third, second, first;

      /* Tir has none: three bars, left to right Khordad, Ordibehesht, Farvardin */
      g_assert_cmpuint (bars->len, ==, 3);
      third = g_array_index (bars, Run, 0);
      second = g_array_index (bars, Run, 1);
      first = g_array_index (bars, Run, 2);
      g_assert_cmpint (second.start, >, third.end);
      g_assert_cmpint (first.start, >, second.end);
      /* the tallest, Ordibehesht's, and the heights as the counts */
      g_assert_cmpint (second.extent, >, third.extent);
      g_assert_cmpint (third.extent, >, first.extent);
      g_assert_cmpfloat_with_epsilon ((double) second.extent / third.extent, 12.0 / 7.0, 0.12);
      g_assert_cmpfloat_with_epsilon ((double) second.extent / first.extent, 12.0 / 3.0, 0.35);
      /* the value axis on the right: its labels right of every bar */
      g_assert_cmpint (first.end, <, widths[w] - 10);
      cairo_surface_destroy (surface);
    }

  description = peygir_report_chart_describe (report, PEYGIR_REPORT_CHART_MONTHS);
  g_assert_nonnull (strstr (description, "اردیبهشت ۱۴۰۵"));
  g_assert_nonnull (strstr (description, "۱۲"));
  g_assert_cmpstr (peygir_report_chart_get_title (PEYGIR_REPORT_CHART_MONTHS), ==, "Cases received per month");
}

static void
test_days_to_close (void)
{
  g_autoptr(PeygirReport) report = report_new ();
  const int days[] = { 2, 3, 3, 15, 16, 40 };
  const PeygirReportChartStyle *style = peygir_report_chart_style_print ();
  const double widths[] = { 300, 500, 800 };
  g_autofree char *description = NULL;

  g_array_append_vals (report->close_days, days, G_N_ELEMENTS (days));
  report->closed = G_N_ELEMENTS (days);

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      cairo_surface_t *surface = draw_chart (report, PEYGIR_REPORT_CHART_DAYS_TO_CLOSE, widths[w], "days");
      g_autoptr(GArray) bars = find_runs (surface, style->bar, TRUE, 2);
      /* the target line: the only stroke of the accent colour that long */
      g_autoptr(GArray) target = find_runs (surface, style->accent, TRUE,
                                            cairo_image_surface_get_height (surface) / 2);
      double line;

      /* left to right: 30+ (the 40), 16, 15, 3 (twice), 2 */
      g_assert_cmpuint (bars->len, ==, 5);
      g_assert_cmpint (g_array_index (bars, Run, 3).extent, >, g_array_index (bars, Run, 4).extent);
      g_assert_cmpint (g_array_index (bars, Run, 0).extent, ==, g_array_index (bars, Run, 4).extent);
      g_assert_cmpuint (target->len, ==, 1);
      line = (g_array_index (target, Run, 0).start + g_array_index (target, Run, 0).end) / 2.0;
      /* within 15 days on its right, the 16th on its left */
      g_assert_cmpfloat (line, >, g_array_index (bars, Run, 1).end);
      g_assert_cmpfloat (line, <, g_array_index (bars, Run, 2).start);
      /* a bar a day: 16 is as far from 15 as 3 from 2 */
      g_assert_cmpint (ABS ((g_array_index (bars, Run, 2).start - g_array_index (bars, Run, 1).start)
                            - (g_array_index (bars, Run, 4).start - g_array_index (bars, Run, 3).start)),
                       <=, 1);
      cairo_surface_destroy (surface);
    }

  description = peygir_report_chart_describe (report, PEYGIR_REPORT_CHART_DAYS_TO_CLOSE);
  g_assert_nonnull (strstr (description, "۴۰"));
}

static void
test_agencies (void)
{
  g_autoptr(PeygirReport) report = report_new ();
  const PeygirReportChartStyle *style = peygir_report_chart_style_print ();
  double one, two;
  cairo_surface_t *surface;
  g_autoptr(GArray) referred = NULL;
  g_autoptr(GArray) on_time = NULL;

  add_agency (report, "شرکت آب و فاضلاب استان", 12, 9, 6);
  one = peygir_report_chart_get_height (report, PEYGIR_REPORT_CHART_AGENCIES, style, 500);
  add_agency (report, "اداره کل راه و شهرسازی (ISO-9001)", 3, 1, 0);
  two = peygir_report_chart_get_height (report, PEYGIR_REPORT_CHART_AGENCIES, style, 500);
  /* another agency, and the line that sets the unranked apart */
  g_assert_cmpfloat (two, >, one * 1.5);

  surface = draw_chart (report, PEYGIR_REPORT_CHART_AGENCIES, 500, "agencies");
  referred = find_runs (surface, style->bar, FALSE, 2);
  on_time = find_runs (surface, style->accent, FALSE, 2);
  /* the legend's box, then each agency's bar of referrals, the ranked one first */
  g_assert_cmpuint (referred->len, ==, 3);
  g_assert_cmpfloat_with_epsilon ((double) g_array_index (referred, Run, 1).extent
                                  / g_array_index (referred, Run, 2).extent, 12.0 / 3.0, 0.3);
  /* answered on time: the legend's and the first agency's; none for the second */
  g_assert_cmpuint (on_time->len, ==, 2);
  g_assert_cmpfloat_with_epsilon ((double) g_array_index (on_time, Run, 1).extent
                                  / g_array_index (referred, Run, 1).extent, 6.0 / 12.0, 0.08);
  cairo_surface_destroy (surface);
  cairo_surface_destroy (draw_chart (report, PEYGIR_REPORT_CHART_AGENCIES, 300, "agencies"));
  cairo_surface_destroy (draw_chart (report, PEYGIR_REPORT_CHART_AGENCIES, 800, "agencies"));
}

/* Nothing in the period: a sentence, in ink, and no bar. */
static void
test_empty (void)
{
  g_autoptr(PeygirReport) report = report_new ();
  const PeygirReportChartStyle *style = peygir_report_chart_style_print ();
  const char *names[] = { "months-empty", "days-empty", "agencies-empty" };

  add_month (report, "1405-01", 0);
  for (PeygirReportChart chart = PEYGIR_REPORT_CHART_MONTHS; chart <= PEYGIR_REPORT_CHART_AGENCIES; chart++)
    {
      cairo_surface_t *surface = draw_chart (report, chart, 400, names[chart]);
      int left, right;
      g_autoptr(GArray) bars = find_runs (surface, style->bar, TRUE, 1);
      g_autofree char *description = peygir_report_chart_describe (report, chart);

      g_assert_cmpuint (bars->len, ==, 0);
      /* a line of text across the middle */
      g_assert_cmpint (dark_span (surface, &left, &right), >, 100);
      g_assert_cmpint (right - left, >, 100);
      g_assert_cmpint (left, >, 20);
      g_assert_cmpint (right, <, 380);
      g_assert_nonnull (strstr (description, "this period"));
      cairo_surface_destroy (surface);
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/letters/report-chart/months", test_months);
  g_test_add_func ("/letters/report-chart/days-to-close", test_days_to_close);
  g_test_add_func ("/letters/report-chart/agencies", test_agencies);
  g_test_add_func ("/letters/report-chart/empty", test_empty);

  return g_test_run ();
}
