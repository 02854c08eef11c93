/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The service card of a year made by hand: its figures in Persian digits
 * where the card asks for them, a dash where nothing was measured, the
 * workflow's seven steps and the period at the foot; the boxes ticked for
 * the applicant types that had cases, found as pixels; the same bytes from
 * several threads at once. */
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <cairo.h>
#include <locale.h>
#include <math.h>
#include <poppler.h>
#include <string.h>

#include "letters-test-util.h"
#include "peygir-clock.h"
#include "peygir-date.h"
#include "peygir-service-card.h"
#include "peygir-test-util.h"
#include "peygir-text.h"
#include "peygir-workflow.h"

/* The card is printed on 10 فروردین 1406. */
#define PRINTED_AT "2027-03-30T10:00:00+03:30"

static gboolean persian;

/* The year 1405 with @received cases, of them @closed closed, every
 * applicant type listed as the store lists them, those in @types (a bit
 * each) with cases; and health the one life event with any. */
static PeygirReport *
year_new (gint64 received,
          gint64 closed,
          guint  types)
{
  g_autoptr(GError) error = NULL;
  PeygirDay from = 0, to = 0;
  PeygirReport *report;

  g_assert_true (peygir_persian_months_period (1405, 1, 12, &from, &to, &error));
  g_assert_no_error (error);
  report = peygir_report_new (from, to);
  report->received = received;
  report->closed = closed;
  report->days_mean = 12.345;
  report->days_median = 11.0;
  report->days_p90 = 20;
  report->within_target_percent = 60.0;
  report->service_days = 15;
  report->visits_per_case = 1.74;
  report->rank_minimum = 5;
  for (PeygirApplicantType type = 0; type < PEYGIR_N_APPLICANT_TYPES; type++)
    peygir_report_count_add (report->by_applicant_type, peygir_applicant_type_to_string (type), NULL,
                             (types & (1u << type)) ? received : 0);
  for (PeygirCategory category = 0; category < PEYGIR_N_CATEGORIES; category++)
    peygir_report_count_add (report->by_category, peygir_category_to_string (category), NULL,
                             category == PEYGIR_CATEGORY_HEALTH ? received : 0);
  return report;
}

/* The card written to a file as the command line writes it, read back. */
static GBytes *
render (const PeygirReport *report,
        const char         *name)
{
  g_autoptr(PeygirLetterhead) letterhead = peygir_letterhead_new ("استانداری فارس");
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  char *dir = peygir_test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "card.pdf", NULL);
  g_autofree char *data = NULL;
  gsize size;
  GBytes *pdf;

  g_assert_true (peygir_service_card_render_to_file (report, letterhead, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &data, &size, &error));
  g_assert_no_error (error);
  peygir_test_dir_free (dir);

  pdf = g_bytes_new_take (g_steal_pointer (&data), size);
  document = letters_test_open_pdf (pdf);
  g_assert_cmpint (poppler_document_get_n_pages (document), >=, 1);
  g_assert_cmpint (poppler_document_get_n_pages (document), <=, 2);
  letters_test_save_pages (pdf, document, name);
  return pdf;
}

/* Whether @text holds @expected, compacted both. */
static gboolean
has_compact (const char *text,
             const char *expected)
{
  g_autofree char *haystack = peygir_test_compact (text);
  g_autofree char *needle = peygir_test_compact (expected);

  return strstr (haystack, needle) != NULL;
}

/* The line of @text (pdftotext's) that holds @words, compared as words. */
static char *
line_with (const char *text,
           const char *words)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *wanted = letters_test_comparable (words);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = letters_test_comparable (lines[i]);

      if (strstr (line, wanted) != NULL)
        return g_strdup (lines[i]);
    }
  g_error ("no line of the card holds «%s»:\n%s", words, text);
  return NULL;
}

static void
test_figures (void)
{
  g_autoptr(PeygirReport) report = year_new (4321, 4000, 1u << PEYGIR_APPLICANT_CITIZEN);
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *days = NULL;
  g_autofree char *visits = NULL;
  g_autoptr(GString) latin = NULL;
  guint n_steps = 0;

  if (!persian)
    {
      g_test_skip ("the fa_IR.UTF-8 locale is not installed");
      return;
    }

  pdf = render (report, "service-card");
  text = letters_test_pdf_text (pdf, 0);
  letters_test_assert_has_words (text, "شناسنامهٔ خدمت");
  letters_test_assert_has_words (text, "استانداری فارس وزارت کشور");

  /* received, per year; the mean to one decimal beside the target; the
   * visits beside the card's 2 */
  g_assert_true (has_compact (text, "۴۳۲۱ درخواست و شکایت دریافتی"));
  days = line_with (text, "هدف شناسنامه");
  g_assert_true (has_compact (days, "۱۲٫۳ روز کاری"));
  g_assert_true (has_compact (days, "۱۵ روز کاری"));
  g_assert_null (strstr (days, "—"));
  visits = line_with (text, "رقم شناسنامه");
  g_assert_true (has_compact (visits, "۱٫۷ بار به ازای هر درخواست"));
  g_assert_true (has_compact (visits, "رقم شناسنامه ۲"));

  /* the seven steps as the workflow names them, numbered; poppler tears
   * the words with لا apart, which only their words can be checked */
  for (PeygirState state = 0; state < PEYGIR_N_STATES; state++)
    {
      int step = peygir_workflow_state_info (state)->card_step;
      const char *label = peygir_state_label (state);
      g_autofree char *number = NULL;
      g_autofree char *numbered = NULL;

      if (step == 0)
        continue;
      letters_test_assert_has_words (text, label);
      number = peygir_text_format_number (step);
      numbered = g_strdup_printf ("%s- %s", number, label);
      g_assert_true (strstr (label, "لا") != NULL || has_compact (text, numbered));
      n_steps++;
    }
  g_assert_cmpuint (n_steps, ==, 7);

  /* the period and the day it was printed, in Persian */
  g_assert_true (has_compact (text, "از ۱ فروردین ۱۴۰۵ تا ۲۹ اسفند ۱۴۰۵"));
  g_assert_true (has_compact (text, "تاریخ چاپ ۱۰ فروردین ۱۴۰۶"));

  /* no Latin digit but in the applicant types' codes */
  latin = g_string_new (text);
  g_string_replace (latin, "G2C", "", 0);
  g_string_replace (latin, "G2B", "", 0);
  g_string_replace (latin, "G2G", "", 0);
  g_assert_null (strpbrk (latin->str, "0123456789"));
}

/* Nothing received, nothing closed: dashes, not zeros. */
static void
test_nothing_measured (void)
{
  g_autoptr(PeygirReport) report = year_new (0, 0, 0);
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *days = NULL;
  g_autofree char *visits = NULL;

  if (!persian)
    {
      g_test_skip ("the fa_IR.UTF-8 locale is not installed");
      return;
    }

  pdf = render (report, "service-card-empty");
  text = letters_test_pdf_text (pdf, 0);
  days = line_with (text, "هدف شناسنامه");
  g_assert_nonnull (strstr (days, "—"));
  g_assert_true (has_compact (days, "۱۵ روز کاری"));
  g_assert_null (strstr (days, "۰"));
  visits = line_with (text, "رقم شناسنامه");
  g_assert_nonnull (strstr (visits, "—"));
  g_assert_null (strstr (visits, "۰"));
  /* the dash is the recipients' figure, on the line after their name */
  g_assert_true (has_compact (text, "آمار تعداد خدمت‌گیرندگان —"));
  g_assert_false (has_compact (text, "درخواست و شکایت دریافتی"));
}

/* Page 1 at @scale. */
static cairo_surface_t *
render_page (GBytes *pdf,
             double  scale)
{
  g_autoptr(PopplerDocument) document = letters_test_open_pdf (pdf);

  return letters_test_render_page (document, 0, scale);
}

/* Where @needle is on page 1, in points from the top left. */
static PopplerRectangle
find_text (GBytes     *pdf,
           const char *needle)
{
  g_autoptr(PopplerDocument) document = letters_test_open_pdf (pdf);
  g_autoptr(PopplerPage) page = poppler_document_get_page (document, 0);
  GList *found = poppler_page_find_text (page, needle);
  PopplerRectangle rect;
  double width, height;

  g_assert_cmpuint (g_list_length (found), ==, 1);
  rect = *(PopplerRectangle *) found->data;
  g_list_free_full (found, (GDestroyNotify) poppler_rectangle_free);
  /* poppler_page_find_text () counts y from the bottom */
  poppler_page_get_size (page, &width, &height);
  return (PopplerRectangle) { rect.x1, height - rect.y2, rect.x2, height - rect.y1 };
}

/* The box around the pixels that differ between @a and @b, in points;
 * FALSE when none does. */
static gboolean
difference (cairo_surface_t  *a,
            cairo_surface_t  *b,
            double            scale,
            PopplerRectangle *box)
{
  int width = cairo_image_surface_get_width (a);
  int height = cairo_image_surface_get_height (a);
  int stride = cairo_image_surface_get_stride (a);
  guchar *pa = cairo_image_surface_get_data (a);
  guchar *pb = cairo_image_surface_get_data (b);
  int x1 = width, y1 = height, x2 = -1, y2 = -1;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      if ((*(guint32 *) (pa + y * stride + x * 4) & 0xffffff)
          != (*(guint32 *) (pb + y * stride + x * 4) & 0xffffff))
        {
          x1 = MIN (x1, x);
          y1 = MIN (y1, y);
          x2 = MAX (x2, x);
          y2 = MAX (y2, y);
        }
  if (x2 < 0)
    return FALSE;
  *box = (PopplerRectangle) { x1 / scale, y1 / scale, (x2 + 1) / scale, (y2 + 1) / scale };
  return TRUE;
}

/* Ticked for G2B only, the card differs from the one with no cases only in
 * the box right of G2B's label, left of G2C's; and for G2C only, right of
 * G2C's label. The boxes are drawn, so the tick is ink, not a glyph. */
static void
test_ticks (void)
{
  const double scale = 3.0;
  g_autoptr(PeygirReport) none = year_new (10, 5, 0);
  g_autoptr(PeygirReport) business = year_new (10, 5, 1u << PEYGIR_APPLICANT_BUSINESS);
  g_autoptr(PeygirReport) citizen = year_new (10, 5, 1u << PEYGIR_APPLICANT_CITIZEN);
  g_autoptr(GBytes) pdf_none = render (none, "service-card-no-type");
  g_autoptr(GBytes) pdf_business = render (business, "service-card-g2b");
  g_autoptr(GBytes) pdf_citizen = render (citizen, "service-card-g2c");
  cairo_surface_t *page_none = render_page (pdf_none, scale);
  cairo_surface_t *page_business = render_page (pdf_business, scale);
  cairo_surface_t *page_citizen = render_page (pdf_citizen, scale);
  PopplerRectangle g2b = find_text (pdf_business, "G2B");
  PopplerRectangle g2c = find_text (pdf_business, "G2C");
  PopplerRectangle tick;

  /* the types on one line, G2C first from the right */
  g_assert_cmpfloat (g2c.x1, >, g2b.x2);
  g_assert_cmpfloat (fabs (g2c.y1 - g2b.y1), <, 1.0);

  g_assert_true (difference (page_none, page_business, scale, &tick));
  g_test_message ("G2B at %.1f–%.1f, G2C at %.1f–%.1f, tick at %.1f–%.1f × %.1f–%.1f",
                  g2b.x1, g2b.x2, g2c.x1, g2c.x2, tick.x1, tick.x2, tick.y1, tick.y2);
  g_assert_cmpfloat (tick.x1, >, g2b.x2);
  g_assert_cmpfloat (tick.x2, <, g2c.x1);
  g_assert_cmpfloat (tick.y2, >, g2b.y1);
  g_assert_cmpfloat (tick.y1, <, g2b.y2);
  g_assert_cmpfloat (tick.x2 - tick.x1, >, 3.0);

  g_assert_true (difference (page_none, page_citizen, scale, &tick));
  g_assert_cmpfloat (tick.x1, >, g2c.x2);
  g_assert_cmpfloat (tick.y2, >, g2c.y1);
  g_assert_cmpfloat (tick.y1, <, g2c.y2);

  cairo_surface_destroy (page_none);
  cairo_surface_destroy (page_business);
  cairo_surface_destroy (page_citizen);
}

static gpointer
render_in_thread (gpointer data)
{
  g_autoptr(PeygirLetterhead) letterhead = peygir_letterhead_new ("استانداری فارس");
  g_autoptr(GError) error = NULL;
  GBytes *pdf = peygir_service_card_render_to_bytes (data, letterhead, &error);

  g_assert_no_error (error);
  return pdf;
}

/* The app renders the card in a GTask's thread: several threads at once
 * draw the same bytes as this one. */
static void
test_threads (void)
{
  g_autoptr(PeygirReport) report = year_new (4321, 4000, 1u << PEYGIR_APPLICANT_CITIZEN);
  g_autoptr(GBytes) expected = render_in_thread (report);
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("card", render_in_thread, report);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_autoptr(GBytes) pdf = g_thread_join (threads[i]);

      g_assert_true (g_bytes_equal (pdf, expected));
    }
}

/* A folder in the file's place: one sentence naming it, nothing left. */
static void
test_unwritable (void)
{
  g_autoptr(PeygirReport) report = year_new (1, 1, 1);
  g_autoptr(GError) error = NULL;
  char *dir = peygir_test_dir_new ();
  g_autoptr(GDir) left = NULL;

  g_assert_false (peygir_service_card_render_to_file (report, NULL, dir, &error));
  g_assert_true (error != NULL && error->domain == G_FILE_ERROR);
  g_assert_nonnull (strstr (error->message, dir));
  g_assert_null (strchr (error->message, '\n'));
  left = g_dir_open (dir, 0, NULL);
  g_assert_null (g_dir_read_name (left));
  peygir_test_dir_free (dir);
}

int
main (int   argc,
      char *argv[])
{
  const char *build_dir = g_getenv ("PEYGIR_BUILD_DIR");
  gint64 printed;

  /* the card as a Persian desk prints it, from the build's catalogue */
  persian = setlocale (LC_ALL, "fa_IR.UTF-8") != NULL && build_dir != NULL;
  if (build_dir != NULL)
    {
      g_autofree char *catalogue = g_build_filename (build_dir, "po", NULL);

      bindtextdomain (GETTEXT_PACKAGE, catalogue);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
    }
  g_assert_true (peygir_clock_parse_iso8601 (PRINTED_AT, &printed));
  peygir_clock_set_now (printed);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/letters/service-card/figures", test_figures);
  g_test_add_func ("/letters/service-card/nothing-measured", test_nothing_measured);
  g_test_add_func ("/letters/service-card/ticks", test_ticks);
  g_test_add_func ("/letters/service-card/threads", test_threads);
  g_test_add_func ("/letters/service-card/unwritable", test_unwritable);

  return g_test_run ();
}
