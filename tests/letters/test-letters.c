/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <cairo.h>
#include <poppler.h>
#include <stdio.h>
#include <string.h>

#include "peygir-date.h"
#include "peygir-error.h"
#include "peygir-letter-batch.h"
#include "peygir-letter-renderer.h"
#include "peygir-letter-template.h"
#include "letters-test-util.h"
#include "peygir-test-util.h"
#include "peygir-text.h"

/* 3 آذر 1405 */
#define LETTER_DAY 20261124
#define EARLIER_DAY 20261110

static PeygirLetterRenderer *renderer;
static guint n_warnings;

static GLogWriterOutput
count_warnings_writer (GLogLevelFlags   level,
                       const GLogField *fields,
                       gsize            n_fields,
                       gpointer         user_data)
{
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    n_warnings++;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static cairo_status_t
append_png_cb (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
draw_png (int      width,
          int      height,
          gboolean signature)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  GByteArray *png = g_byte_array_new ();

  cairo_set_line_width (cr, 3.0);
  if (signature)
    {
      cairo_set_source_rgb (cr, 0.05, 0.1, 0.5);
      cairo_move_to (cr, 10, height * 0.7);
      cairo_curve_to (cr, width * 0.3, 0, width * 0.4, height, width * 0.6, height * 0.3);
      cairo_curve_to (cr, width * 0.7, 0, width * 0.8, height, width - 10, height * 0.4);
    }
  else
    {
      cairo_set_source_rgb (cr, 0.0, 0.35, 0.15);
      cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0 - 4, 0, 2 * G_PI);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgb (cr, 0.8, 0.1, 0.1);
      cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 5.0, 0, 2 * G_PI);
    }
  cairo_stroke (cr);
  cairo_destroy (cr);

  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append_png_cb, png),
                   ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (png);
}

static PeygirLetterhead *
sample_letterhead (void)
{
  PeygirLetterhead *letterhead = peygir_letterhead_new ("استانداری فارس");

  letterhead->logo_png = draw_png (120, 120, FALSE);
  return letterhead;
}

static GHashTable *
sample_fields (void)
{
  GHashTable *fields = peygir_letter_fields_new ();

  peygir_letter_fields_set (fields, "applicant", "علی رضایی");
  peygir_letter_fields_set (fields, "case_kind", "شکایت");
  peygir_letter_fields_set (fields, "subject", "تأخیر در صدور پروانه ساختمان");
  peygir_letter_fields_set (fields, "summary",
                            "متقاضی اظهار می‌دارد با وجود تکمیل مدارک، پروانه ساختمان "
                            "ملک وی پس از هشت ماه صادر نشده است.");
  peygir_letter_fields_set (fields, "registration_number", "1405/1234");
  peygir_letter_fields_set_day (fields, "registration_date", 20261115);
  peygir_letter_fields_set (fields, "tracking_code", "۴۷۱-۲۵۸-۳۶۹");
  peygir_letter_fields_set (fields, "agency", "شهرداری شیراز");
  peygir_letter_fields_set_int (fields, "deadline_days", 7);
  peygir_letter_fields_set (fields, "office_phone", "071-32345678");
  peygir_letter_fields_set (fields, "answer",
                            "پروانه ساختمان متقاضی در تاریخ ۱۴۰۵/۰۸/۲۸ صادر و به وی تحویل گردید.");
  peygir_letter_fields_set (fields, "letter_text",
                            "به گزارش کارشناس، پرونده ملک در کمیسیون ماده صد مطرح نشده است.");
  return fields;
}

static PeygirLetter *
sample_letter (PeygirLetterKind kind,
               gboolean         draft)
{
  g_autoptr(PeygirLetter) letter = peygir_letter_new (kind);
  g_autoptr(GHashTable) fields = sample_fields ();
  const char *copies[] = {
    "جناب آقای دکتر محمدی، معاون محترم استاندار، جهت استحضار",
    "دبیرخانه دفتر، جهت درج در پرونده",
    NULL,
  };

  letter->draft = draft;
  letter->number = draft ? NULL : g_strdup ("1405/د/5678");
  letter->date = LETTER_DAY;
  letter->signer_name = g_strdup ("حسین کریمی");
  letter->signer_title = g_strdup ("مدیر کل دفتر مدیریت عملکرد، بازرسی و امور حقوقی");
  letter->signature_png = draw_png (300, 110, TRUE);

  switch (kind)
    {
    case PEYGIR_LETTER_REFERRAL:
    case PEYGIR_LETTER_REMINDER:
      letter->has_attachments = TRUE;
      letter->recipient_name = g_strdup ("جناب آقای مهندس احمدی");
      letter->recipient_title = g_strdup ("شهردار محترم شیراز");
      letter->copies = g_strdupv ((char **) copies);
      if (kind == PEYGIR_LETTER_REMINDER)
        {
          letter->earlier_number = g_strdup ("1405/د/4321");
          letter->earlier_date = EARLIER_DAY;
        }
      break;
    case PEYGIR_LETTER_RECEIPT:
    case PEYGIR_LETTER_ANSWER:
      letter->recipient_name = g_strdup ("جناب آقای علی رضایی");
      letter->recipient_title = g_strdup ("متقاضی محترم");
      break;
    case PEYGIR_N_LETTER_KINDS:
    default:
      g_assert_not_reached ();
    }

  peygir_letter_apply_templates (letter, NULL, NULL, fields);
  return g_steal_pointer (&letter);
}

static void
assert_a4 (PopplerDocument *document)
{
  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (document, i);
      double width, height;

      poppler_page_get_size (page, &width, &height);
      g_assert_cmpfloat_with_epsilon (width, PEYGIR_LETTER_PAGE_WIDTH, 0.01);
      g_assert_cmpfloat_with_epsilon (height, PEYGIR_LETTER_PAGE_HEIGHT, 0.01);
    }
}

static void
assert_fonts_embedded (PopplerDocument *document)
{
  g_autoptr(PopplerFontInfo) info = poppler_font_info_new (document);
  PopplerFontsIter *iter = NULL;
  guint n_fonts = 0;

  while (poppler_font_info_scan (info, poppler_document_get_n_pages (document), &iter))
    {
      if (iter == NULL)
        continue;
      do
        {
          g_test_message ("font %s embedded=%d subset=%d",
                          poppler_fonts_iter_get_name (iter),
                          poppler_fonts_iter_is_embedded (iter),
                          poppler_fonts_iter_is_subset (iter));
          g_assert_true (poppler_fonts_iter_is_embedded (iter));
          n_fonts++;
        }
      while (poppler_fonts_iter_next (iter));
      poppler_fonts_iter_free (iter);
      iter = NULL;
    }
  g_assert_cmpuint (n_fonts, >, 0);
}

static guint
count_images (PopplerDocument *document,
              int              index)
{
  g_autoptr(PopplerPage) page = poppler_document_get_page (document, index);
  GList *mapping = poppler_page_get_image_mapping (page);
  guint n = g_list_length (mapping);

  poppler_page_free_image_mapping (mapping);
  return n;
}

/* Nothing is drawn between the body's last possible line and the page
 * number but the page number itself: the band above it is blank. */
static void
assert_foot_clear (PopplerDocument *document,
                   int              index)
{
  g_autoptr(PopplerPage) page = poppler_document_get_page (document, index);
  cairo_surface_t *surface;
  cairo_t *cr;
  double width, height;
  int stride;
  guchar *data;

  poppler_page_get_size (page, &width, &height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) width, (int) height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* The page number sits in the last 50 points; the band of 9 points
   * above it belongs to no line of text. */
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = (int) height - 59; y < (int) height - 50; y++)
    for (int x = 0; x < (int) width; x++)
      {
        guint32 pixel = *(guint32 *) (data + y * stride + x * 4);

        if ((pixel & 0xffffff) != 0xffffff)
          g_error ("page %d is drawn on at (%d, %d), above its page number", index + 1, x, y);
      }

  cairo_surface_destroy (surface);
}

/* Reddish pixels in the middle third of the page, where the draft
 * watermark lies (poppler cannot read back rotated text). */
static guint
count_watermark_pixels (PopplerDocument *document,
                        int              index)
{
  g_autoptr(PopplerPage) page = poppler_document_get_page (document, index);
  cairo_surface_t *surface;
  cairo_t *cr;
  double width, height;
  int stride;
  guint n = 0;
  guchar *data;

  poppler_page_get_size (page, &width, &height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) width, (int) height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = (int) height / 3; y < 2 * (int) height / 3; y++)
    for (int x = 0; x < (int) width; x++)
      {
        guint32 pixel = *(guint32 *) (data + y * stride + x * 4);
        int r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;

        if (r - g > 25 && r - b > 25)
          n++;
      }

  cairo_surface_destroy (surface);
  return n;
}

static GBytes *
render (const PeygirLetterhead *letterhead,
        const PeygirLetter     *letter,
        guint                  *n_pages)
{
  g_autoptr(GError) error = NULL;
  guint before = n_warnings;
  GBytes *pdf;

  pdf = peygir_letter_renderer_render_to_bytes (renderer, letterhead, letter, n_pages, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  g_assert_cmpuint (n_warnings, ==, before);
  g_assert_true (g_bytes_get_size (pdf) > 1000);
  g_assert_cmpmem (g_bytes_get_data (pdf, NULL), 5, "%PDF-", 5);
  return pdf;
}

static void
test_kind_strings (void)
{
  for (guint i = 0; i < PEYGIR_N_LETTER_KINDS; i++)
    {
      PeygirLetterKind kind;

      g_assert_true (peygir_letter_kind_from_string (peygir_letter_kind_to_string (i), &kind));
      g_assert_cmpuint (kind, ==, i);
      g_assert_nonnull (peygir_letter_kind_label (i));
    }
  g_assert_false (peygir_letter_kind_from_string ("memo", NULL));
  g_assert_false (peygir_letter_kind_from_string (NULL, NULL));
}

/* A line of nothing but empty fields leaves no empty paragraph; a line
 * with words of its own stays, and so do blank lines of the template. */
static void
test_template_empty_lines (void)
{
  g_autoptr(GHashTable) fields = peygir_letter_fields_new ();
  g_autofree char *middle = NULL;
  g_autofree char *last = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *filled = NULL;

  peygir_letter_fields_set (fields, "letter_text", "");
  peygir_letter_fields_set (fields, "applicant", "مریم احمدی");

  middle = peygir_letter_template_expand ("احتراماً\n{letter_text}\nخواهشمند است", fields);
  g_assert_cmpstr (middle, ==, "احتراماً\nخواهشمند است");
  last = peygir_letter_template_expand ("احتراماً\n  {letter_text} \n{letter_text}", fields);
  g_assert_cmpstr (last, ==, "احتراماً");
  kept = peygir_letter_template_expand ("احتراماً\n\nمتن: {letter_text}\n{applicant}", fields);
  g_assert_cmpstr (kept, ==, "احتراماً\n\nمتن: \nمریم احمدی");

  peygir_letter_fields_set (fields, "letter_text", "سطر اول\nسطر دوم");
  filled = peygir_letter_template_expand ("احتراماً\n{letter_text}\nخواهشمند است", fields);
  g_assert_cmpstr (filled, ==, "احتراماً\nسطر اول\nسطر دوم\nخواهشمند است");

  g_assert_true (peygir_letter_template_uses_field ("متن {letter_text}.", "letter_text"));
  g_assert_false (peygir_letter_template_uses_field ("متن {{letter_text}}.", "letter_text"));
  g_assert_false (peygir_letter_template_uses_field ("متن {letter_texts}.", "letter_text"));
  g_assert_false (peygir_letter_template_uses_field (NULL, "letter_text"));
}

static void
test_template_expand (void)
{
  g_autoptr(GHashTable) fields = peygir_letter_fields_new ();
  g_autofree char *plain = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *broken = NULL;
  g_autofree char *hostile = NULL;
  g_autofree char *none = NULL;

  peygir_letter_fields_set (fields, "applicant", "مریم احمدی");
  peygir_letter_fields_set_int (fields, "deadline_days", 10);

  plain = peygir_letter_template_expand ("{applicant} ظرف {deadline_days} روز", fields);
  g_assert_cmpstr (plain, ==, "مریم احمدی ظرف 10 روز");

  unknown = peygir_letter_template_expand ("آقای {aplicant} و {applicant}", fields);
  g_assert_cmpstr (unknown, ==, "آقای {aplicant} و مریم احمدی");

  escaped = peygir_letter_template_expand ("{{applicant}} {{{applicant}}} }}", fields);
  g_assert_cmpstr (escaped, ==, "{applicant} {مریم احمدی} }");

  broken = peygir_letter_template_expand ("{} {applicant {نام} { applicant} }{", fields);
  g_assert_cmpstr (broken, ==, "{} {applicant {نام} { applicant} }{");

  /* A value is data: a field reference inside it is not expanded again,
   * and bidi controls do not survive. */
  peygir_letter_fields_set (fields, "subject", "\u202Eabc{applicant}\u2066");
  hostile = peygir_letter_template_expand ("«{subject}»", fields);
  g_assert_cmpstr (hostile, ==, "«abc{applicant}»");

  none = peygir_letter_template_expand ("{applicant}", NULL);
  g_assert_cmpstr (none, ==, "{applicant}");

  peygir_letter_fields_set (fields, "applicant", NULL);
  g_assert_false (g_hash_table_contains (fields, "applicant"));
}

static void
test_template_unknown_fields (void)
{
  g_autoptr(GHashTable) fields = peygir_letter_fields_new ();
  g_auto(GStrv) unknown = NULL;
  g_auto(GStrv) with_table = NULL;

  g_assert_null (peygir_letter_template_unknown_fields ("{applicant} {{x}} {subject}", NULL));

  unknown = peygir_letter_template_unknown_fields ("{aplicant} {applicant} {x} {aplicant}", NULL);
  g_assert_nonnull (unknown);
  g_assert_cmpuint (g_strv_length (unknown), ==, 2);
  g_assert_cmpstr (unknown[0], ==, "aplicant");
  g_assert_cmpstr (unknown[1], ==, "x");

  peygir_letter_fields_set (fields, "x", "1");
  with_table = peygir_letter_template_unknown_fields ("{x}", fields);
  g_assert_null (with_table);
}

static void
test_template_defaults (void)
{
  g_autoptr(GHashTable) fields = sample_fields ();

  for (guint i = 0; i < PEYGIR_N_LETTER_KINDS; i++)
    {
      const char *body = peygir_letter_template_default_body (i);
      const char *subject = peygir_letter_template_default_subject (i);
      g_autoptr(PeygirLetter) letter = sample_letter (i, FALSE);

      g_assert_nonnull (body);
      g_assert_nonnull (subject);
      g_assert_null (peygir_letter_template_unknown_fields (body, NULL));
      g_assert_null (peygir_letter_template_unknown_fields (subject, NULL));

      /* With a case's fields nothing stays unexpanded. */
      g_assert_null (strchr (letter->body, '{'));
      g_assert_null (strchr (letter->subject, '{'));
      if (i == PEYGIR_LETTER_REFERRAL || i == PEYGIR_LETTER_REMINDER)
        g_assert_nonnull (strstr (letter->body, "شکایت علی رضایی"));
      else
        g_assert_nonnull (strstr (letter->body, "«تأخیر در صدور پروانه ساختمان»"));
    }

  g_assert_nonnull (strstr (peygir_letter_template_default_body (PEYGIR_LETTER_REFERRAL),
                            "{letter_text}"));
  g_assert_nonnull (strstr (peygir_letter_template_default_body (PEYGIR_LETTER_REMINDER),
                            "{letter_text}"));
  g_assert_nonnull (strstr (peygir_letter_template_default_body (PEYGIR_LETTER_REMINDER),
                            "پیرو نامه شماره {earlier_number} مورخ {earlier_date}"));
  g_assert_nonnull (strstr (peygir_letter_template_default_body (PEYGIR_LETTER_RECEIPT),
                            "{tracking_code}"));
  g_assert_nonnull (strstr (peygir_letter_template_default_body (PEYGIR_LETTER_ANSWER),
                            "{answer}"));
}

static void
test_template_apply (void)
{
  g_autoptr(PeygirLetter) letter = sample_letter (PEYGIR_LETTER_REMINDER, FALSE);
  g_autofree char *earlier_date = peygir_day_format (EARLIER_DAY, PEYGIR_DATE_NUMERIC);
  g_autofree char *date = peygir_day_format (LETTER_DAY, PEYGIR_DATE_NUMERIC);
  g_autofree char *earlier_date_isolated = peygir_text_isolate_ltr (earlier_date);
  g_autofree char *date_isolated = peygir_text_isolate_ltr (date);
  g_autoptr(GHashTable) fields = peygir_letter_fields_new ();

  /* Numbers and dates come isolated (LRI … PDI), an LRM after the letter
   * inside a letter number, so that they read left to right in the text. */
  g_assert_nonnull (strstr (letter->body, "پیرو نامه شماره \u20661405/د\u200e/4321\u2069 مورخ "));
  g_assert_nonnull (strstr (letter->body, earlier_date_isolated));
  g_assert_true (g_str_has_prefix (earlier_date_isolated, "\u2066"));
  g_assert_nonnull (strstr (letter->subject, "پیگیری شکایت علی رضایی"));

  /* The table wins over the letter. */
  peygir_letter_fields_set (fields, "earlier_number", "99");
  peygir_letter_apply_templates (letter, "{number}", "{date} {earlier_number} {x}", fields);
  g_assert_cmpstr (letter->subject, ==, "\u20661405/د\u200e/5678\u2069");
  g_assert_true (g_str_has_prefix (letter->body, date_isolated));
  g_assert_true (g_str_has_suffix (letter->body, " \u206699\u2069 {x}"));
}

static void
test_fields_from_case (void)
{
  g_autoptr(GHashTable) fields = peygir_letter_fields_new ();
  PeygirCase kase = { 0, };
  PeygirReferral referral = { 0, };

  kase.kind = PEYGIR_KIND_COMPLAINT;
  kase.applicant.name = (char *) "زهرا موسوی";
  kase.subject = (char *) "قطع مکرر آب";
  kase.registration_number = (char *) "1405/77";
  kase.tracking_code = (char *) "123456789";
  referral.agency_name = (char *) "شرکت آب و فاضلاب";
  referral.letter_number = (char *) "1405/د/10";
  referral.last_reminder_number = (char *) "1405/د/20";

  peygir_letter_fields_add_case (fields, &kase);
  peygir_letter_fields_add_referral (fields, &referral);

  g_assert_cmpstr (g_hash_table_lookup (fields, "applicant"), ==, "زهرا موسوی");
  g_assert_cmpstr (g_hash_table_lookup (fields, "case_kind"), ==, "شکایت");
  g_assert_cmpstr (g_hash_table_lookup (fields, "registration_number"), ==, "1405/77");
  g_assert_nonnull (g_hash_table_lookup (fields, "tracking_code"));
  g_assert_cmpstr (g_hash_table_lookup (fields, "agency"), ==, "شرکت آب و فاضلاب");
  /* A reminder follows the latest letter sent. */
  g_assert_cmpstr (g_hash_table_lookup (fields, "earlier_number"), ==, "1405/د/20");
  g_assert_false (g_hash_table_contains (fields, "earlier_date"));
}

static void
test_compose (void)
{
  g_autoptr(GHashTable) fields = peygir_letter_fields_new ();
  g_autoptr(PeygirLetter) referral_letter = NULL;
  g_autoptr(PeygirLetter) reminder = NULL;
  g_autoptr(PeygirLetter) receipt = NULL;
  g_autoptr(PeygirLetter) answer = NULL;
  g_autoptr(PeygirLetter) anonymous = NULL;
  g_autoptr(GBytes) pdf = NULL;
  PeygirCase kase = { 0, };
  PeygirReferral referral = { 0, };

  kase.kind = PEYGIR_KIND_REQUEST;
  kase.applicant.name = (char *) "زهرا موسوی";
  kase.subject = (char *) "قطع مکرر آب";
  kase.description = (char *) "آب محله هر شب قطع می‌شود.";
  kase.registration_number = (char *) "1405/77";
  kase.registered_at = peygir_day_to_unix (20261101) + 3600;
  kase.tracking_code = (char *) "123456782";
  referral.agency_name = (char *) "شرکت آب و فاضلاب استان";
  referral.agency_head_title = (char *) "مدیرعامل محترم شرکت آب و فاضلاب استان";
  referral.approved_by_name = (char *) "حسین کریمی";
  referral.letter_number = (char *) "1405/د/10";
  referral.dispatched_at = peygir_day_to_unix (EARLIER_DAY) + 4 * 3600;
  referral.answer = (char *) "خط لوله محله تعویض شد.";
  referral.letter_text = (char *) "کارشناس دفتر قطعی شبانه آب را در محل دید.";
  peygir_letter_fields_set_int (fields, "deadline_days", 7);
  peygir_letter_fields_set (fields, "office_phone", "071-1");

  referral_letter = peygir_letter_compose (PEYGIR_LETTER_REFERRAL, &kase, &referral, NULL,
                                           LETTER_DAY, NULL, NULL, fields);
  g_assert_true (referral_letter->draft);
  g_assert_null (referral_letter->number);
  g_assert_true (referral_letter->has_attachments);
  g_assert_cmpstr (referral_letter->recipient_title, ==, referral.agency_head_title);
  g_assert_cmpstr (referral_letter->signer_name, ==, "حسین کریمی");
  g_assert_cmpstr (referral_letter->subject, ==, "ارجاع درخواست زهرا موسوی");
  g_assert_nonnull (strstr (referral_letter->body, "ظرف مدت 7 روز کاری"));
  /* the referral's own text, which the expert wrote */
  g_assert_nonnull (strstr (referral_letter->body, "\nکارشناس دفتر قطعی شبانه آب را در محل دید.\n"));
  g_assert_null (strchr (referral_letter->body, '{'));

  reminder = peygir_letter_compose (PEYGIR_LETTER_REMINDER, &kase, &referral, "1405/د/30",
                                    LETTER_DAY, NULL, NULL, fields);
  g_assert_false (reminder->draft);
  g_assert_cmpstr (reminder->number, ==, "1405/د/30");
  g_assert_false (reminder->has_attachments);
  g_assert_cmpstr (reminder->earlier_number, ==, "1405/د/10");
  g_assert_cmpint (reminder->earlier_date, ==, EARLIER_DAY);
  g_assert_nonnull (strstr (reminder->body, "پیرو نامه شماره \u20661405/د\u200e/10\u2069 مورخ"));
  /* a reminder says what its follow-up said, not the referral's text */
  g_assert_null (strstr (reminder->body, referral.letter_text));
  g_assert_null (strchr (reminder->body, '{'));

  receipt = peygir_letter_compose (PEYGIR_LETTER_RECEIPT, &kase, NULL, "1405/د/31",
                                   LETTER_DAY, NULL, NULL, fields);
  g_assert_cmpstr (receipt->recipient_name, ==, "زهرا موسوی");
  g_assert_cmpstr (receipt->recipient_title, ==, "متقاضی محترم");
  g_assert_null (receipt->signer_name);
  g_assert_null (strchr (receipt->body, '{'));

  answer = peygir_letter_compose (PEYGIR_LETTER_ANSWER, &kase, &referral, "1405/د/32",
                                  LETTER_DAY, NULL, NULL, fields);
  g_assert_nonnull (strstr (answer->body, "خط لوله محله تعویض شد."));
  g_assert_nonnull (strstr (answer->body, "شرکت آب و فاضلاب استان"));
  g_assert_null (strchr (answer->body, '{'));

  /* An agency without a head's title is still addressed. */
  referral.agency_head_title = NULL;
  anonymous = peygir_letter_compose (PEYGIR_LETTER_REFERRAL, &kase, &referral, NULL,
                                     LETTER_DAY, NULL, "{nope}", NULL);
  g_assert_cmpstr (anonymous->recipient_title, ==, "ریاست محترم شرکت آب و فاضلاب استان");
  g_assert_cmpstr (anonymous->body, ==, "{nope}");

  pdf = render (NULL, reminder, NULL);
}

static void
test_from_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = peygir_test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "peygir.db", NULL);
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(PeygirUser) admin = NULL;
  g_autoptr(PeygirLetterhead) letterhead = NULL;
  g_autoptr(PeygirLetterhead) with_logo = NULL;
  g_autoptr(GBytes) logo = draw_png (64, 64, FALSE);
  g_autofree char *reminder = NULL;
  char *referral = (char *) "not read";

  store = peygir_store_open (path, PEYGIR_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  admin = peygir_store_add_user (store, NULL, "admin", "مدیر سامانه", PEYGIR_ROLE_ADMIN, &error);
  g_assert_no_error (error);

  /* A new database: the usual letterhead, no logo, the built-in templates. */
  letterhead = peygir_letterhead_new_from_store (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (letterhead->country, ==, "جمهوری اسلامی ایران");
  g_assert_cmpstr (letterhead->ministry, ==, "وزارت کشور");
  g_assert_null (letterhead->logo_png);
  g_assert_true (peygir_letter_template_body_from_store (store, PEYGIR_LETTER_REFERRAL,
                                                         &referral, &error));
  g_assert_no_error (error);
  g_assert_null (referral);

  g_assert_true (peygir_store_set_setting (store, "admin", PEYGIR_SETTING_GOVERNORATE,
                                           "استانداری فارس", &error));
  g_assert_true (peygir_store_set_setting (store, "admin", PEYGIR_SETTING_OFFICE_PHONE,
                                           "071-32345678", &error));
  g_assert_true (peygir_store_set_setting (store, "admin", PEYGIR_SETTING_TEMPLATE_REMINDER,
                                           "پیرو نامه {earlier_number}", &error));
  g_assert_true (peygir_store_set_image (store, "admin", "logo", logo, &error));
  g_assert_no_error (error);

  with_logo = peygir_letterhead_new_from_store (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (with_logo->governorate, ==, "استانداری فارس");
  g_assert_cmpstr (with_logo->phone, ==, "071-32345678");
  g_assert_nonnull (with_logo->logo_png);
  g_assert_true (g_bytes_equal (with_logo->logo_png, logo));
  g_assert_true (peygir_letter_template_body_from_store (store, PEYGIR_LETTER_REMINDER,
                                                         &reminder, &error));
  g_assert_cmpstr (reminder, ==, "پیرو نامه {earlier_number}");

  g_clear_object (&store);
  peygir_test_dir_free (g_steal_pointer (&dir));
}

static void
test_render_kind (gconstpointer data)
{
  PeygirLetterKind kind = GPOINTER_TO_UINT (data);
  g_autoptr(PeygirLetterhead) letterhead = sample_letterhead ();
  g_autoptr(PeygirLetter) letter = sample_letter (kind, FALSE);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *text = NULL;
  g_autofree char *date = peygir_day_format (LETTER_DAY, PEYGIR_DATE_NUMERIC);
  g_autofree char *title = NULL;
  g_autofree char *author = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *creator = NULL;
  guint n_pages = 0;

  letterhead->address = g_strdup ("شیراز، میدان امام حسین، ساختمان استانداری فارس، طبقه 3");
  letterhead->phone = g_strdup ("071-32345678");

  pdf = render (letterhead, letter, &n_pages);
  document = letters_test_open_pdf (pdf);
  g_assert_cmpint (poppler_document_get_n_pages (document), ==, n_pages);
  g_assert_cmpuint (n_pages, ==, 1);
  assert_a4 (document);
  assert_fonts_embedded (document);
  letters_test_save_pages (pdf, document, peygir_letter_kind_to_string (kind));

  text = letters_test_pdf_text (pdf, 0);
  letters_test_assert_has_words (text, "بسمه تعالی");
  letters_test_assert_has_words (text, "جمهوری اسلامی ایران وزارت کشور استانداری فارس");
  letters_test_assert_has_words (text, "دفتر مدیریت عملکرد، بازرسی و امور حقوقی");
  /* A number mixing digits and letters comes back from poppler glued in
   * visual order: its digits are checked, the page shows it right. */
  letters_test_assert_has_words (text, "شماره:");
  g_assert_nonnull (strstr (text, "۵۶۷۸"));
  letters_test_assert_has_words (text, date);
  letters_test_assert_has_words (text, "با سلام و احترام");
  letters_test_assert_has_words (text, letter->recipient_name);
  letters_test_assert_has_words (text, letter->recipient_title);
  letters_test_assert_has_words (text, letter->subject);
  letters_test_assert_has_words (text, "حسین کریمی");
  letters_test_assert_has_words (text, "1405/1234");
  letters_test_assert_has_words (text, "صفحهٔ 1 از 1");
  letters_test_assert_has_words (text, "نشانی: شیراز، میدان امام حسین، ساختمان استانداری فارس، طبقه 3");
  letters_test_assert_has_words (text, "تلفن: 071 32345678");

  /* Digits are Persian on the page. */
  g_assert_null (strstr (text, "1405"));
  g_assert_nonnull (strstr (text, "۱۴۰۵"));

  switch (kind)
    {
    case PEYGIR_LETTER_REFERRAL:
      letters_test_assert_has_words (text, "پیوست: دارد");
      letters_test_assert_has_words (text, "جهت رسیدگی ارسال می‌گردد");
      letters_test_assert_has_words (text, "حداکثر ظرف مدت 7 روز کاری");
      letters_test_assert_has_words (text, "به گزارش کارشناس، پرونده ملک در کمیسیون ماده صد مطرح نشده است");
      letters_test_assert_has_words (text, "تأخیر در صدور پروانه ساختمان");
      letters_test_assert_has_words (text, "رونوشت: دبیرخانه دفتر، جهت درج در پرونده");
      break;
    case PEYGIR_LETTER_REMINDER:
      letters_test_assert_has_words (text, "پیرو نامه شماره مورخ");
      g_assert_nonnull (strstr (text, "۴۳۲۱"));
      {
        g_autofree char *earlier = peygir_day_format (EARLIER_DAY, PEYGIR_DATE_NUMERIC);

        letters_test_assert_has_words (text, earlier);
      }
      break;
    case PEYGIR_LETTER_RECEIPT:
      letters_test_assert_has_words (text, "پیوست: ندارد");
      letters_test_assert_has_words (text, "کد رهگیری 471 258 369");
      letters_test_assert_has_words (text, "حضوری تلفن 071 32345678");
      break;
    case PEYGIR_LETTER_ANSWER:
      letters_test_assert_has_words (text, "شهرداری شیراز");
      letters_test_assert_has_words (text, "پروانه ساختمان متقاضی در تاریخ 1405/08/28 صادر و به وی تحویل گردید");
      break;
    case PEYGIR_N_LETTER_KINDS:
    default:
      g_assert_not_reached ();
    }

  /* The logo and the signature; no watermark. */
  g_assert_cmpuint (count_images (document, 0), ==, 2);
  g_assert_cmpuint (count_watermark_pixels (document, 0), ==, 0);

  g_object_get (document,
                "title", &title, "author", &author, "subject", &subject,
                "creator", &creator, NULL);
  letters_test_assert_has_words (title, "1405/د/5678");
  letters_test_assert_has_words (author, "استانداری فارس");
  {
    g_autofree char *persian_subject = peygir_text_digits_to_persian (letter->subject);

    g_assert_cmpstr (subject, ==, persian_subject);
  }
  g_assert_true (g_str_has_prefix (creator, "Peygir"));
  created = poppler_document_get_creation_date_time (document);
  g_assert_nonnull (created);
  g_assert_cmpint (g_date_time_get_year (created), ==, 2026);
  g_assert_cmpint (g_date_time_get_month (created), ==, 11);
  g_assert_cmpint (g_date_time_get_day_of_month (created), ==, 24);
}

static void
test_render_draft (void)
{
  g_autoptr(PeygirLetterhead) letterhead = sample_letterhead ();
  g_autoptr(PeygirLetter) letter = sample_letter (PEYGIR_LETTER_REFERRAL, TRUE);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  g_autofree char *text = NULL;
  g_autofree char *title = NULL;

  /* A number given to a draft by mistake is still not printed. */
  letter->number = g_strdup ("1405/د/9999");

  pdf = render (letterhead, letter, NULL);
  document = letters_test_open_pdf (pdf);
  letters_test_save_pages (pdf, document, "referral-draft");
  text = letters_test_pdf_text (pdf, 0);

  g_assert_cmpuint (count_watermark_pixels (document, 0), >, 2000);
  letters_test_assert_has_words (text, "شماره:");
  letters_test_assert_has_words (text, "حسین کریمی");
  g_assert_null (strstr (text, "۹۹۹۹"));
  /* The logo, but no signature. */
  g_assert_cmpuint (count_images (document, 0), ==, 1);

  g_object_get (document, "title", &title, NULL);
  letters_test_assert_has_words (title, "پیش‌نویس");
}

static void
test_render_long_body (void)
{
  g_autoptr(PeygirLetterhead) letterhead = sample_letterhead ();
  g_autoptr(PeygirLetter) letter = sample_letter (PEYGIR_LETTER_REFERRAL, FALSE);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  guint n_pages = 0;
  int n;

  for (guint i = 0; g_utf8_strlen (body->str, -1) < 20000; i++)
    {
      g_string_append_printf (body, "بند %u: متقاضی اظهار می‌دارد که پیگیری‌های مکرر وی "
                              "نزد اداره مربوط بی‌نتیجه مانده است. ", i + 1);
      if (i % 7 == 6)
        g_string_append_c (body, '\n');
    }
  g_string_append (body, "پایان‌متن");
  g_free (letter->body);
  letter->body = g_strdup (body->str);

  pdf = render (letterhead, letter, &n_pages);
  document = letters_test_open_pdf (pdf);
  n = poppler_document_get_n_pages (document);
  g_assert_cmpint (n, ==, n_pages);
  g_assert_cmpint (n, >=, 4);
  assert_a4 (document);
  letters_test_save_pages (pdf, document, "long");

  /* The letterhead and the page number on every page; the signature and
   * the end of the body on the last. */
  for (int i = 0; i < n; i++)
    {
      g_autofree char *text = letters_test_pdf_text (pdf, i + 1);
      g_autofree char *label = g_strdup_printf ("صفحهٔ %d از %d", i + 1, n);

      assert_foot_clear (document, i);
      letters_test_assert_has_words (text, "استانداری فارس شماره:");
      g_assert_nonnull (strstr (text, "۵۶۷۸"));
      letters_test_assert_has_words (text, label);
    }
  first = letters_test_pdf_text (pdf, 1);
  last = letters_test_pdf_text (pdf, n);
  letters_test_assert_has_words (first, "بند 1:");
  letters_test_assert_has_words (last, "پایان‌متن حسین کریمی");
  g_assert_cmpuint (count_images (document, n - 1), ==, 2);
}

static void
test_render_hostile (void)
{
  g_autoptr(PeygirLetterhead) letterhead = sample_letterhead ();
  g_autoptr(PeygirLetter) letter = sample_letter (PEYGIR_LETTER_ANSWER, FALSE);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  g_autofree char *text = NULL;
  g_autofree char *clean = NULL;

  g_free (letter->recipient_name);
  letter->recipient_name = g_strdup ("جناب آقای <b>&amp;</b> \u202Eرضایی\u202C");
  g_free (letter->subject);
  letter->subject = g_strdup ("");
  g_free (letter->body);
  letter->body = g_strdup ("<span foreground=\"red\">&lt;</span> سامانه SAMAD نسخه 2.5 "
                           "و نشانی ali.rezaei@example.com\n"
                           "\u2067تماس\u2069 با شماره 09121234567\t\x01 ثبت شد.\n"
                           "آقاي علي كريمي، پلاک ٤٥٦");
  g_free (letter->signer_title);
  letter->signer_title = g_strdup ("\u202B\u202B\u202B");

  pdf = render (letterhead, letter, NULL);
  document = letters_test_open_pdf (pdf);
  letters_test_save_pages (pdf, document, "hostile");
  text = letters_test_pdf_text (pdf, 0);

  /* Markup prints as written: were it read as markup, neither "amp" nor
   * "span" would be on the page. (The brackets come back mirrored, as the
   * bidi algorithm draws them inside Persian text.) */
  letters_test_assert_has_words (text, "b amp b span foreground red lt span");
  g_assert_nonnull (strstr (text, "&amp;"));
  g_assert_nonnull (strstr (text, "foreground=\"red\">&lt;</span"));
  /* No override or isolate reaches the page (pdftotext adds embeddings,
   * U+202A–U+202C, of its own), and the overridden name reads right. */
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_assert_false (c == 0x202D || c == 0x202E || (c >= 0x2066 && c <= 0x2069));
    }
  letters_test_assert_has_words (text, "رضایی تماس 09121234567 ثبت شد");
  /* Latin keeps its own digits; Persian text gets Persian ones. */
  g_assert_nonnull (strstr (text, "SAMAD"));
  g_assert_nonnull (strstr (text, "ali.rezaei@example.com"));
  g_assert_nonnull (strstr (text, "۰۹۱۲۱۲۳۴۵۶۷"));
  /* What an Arabic keyboard typed reads as Persian. */
  letters_test_assert_has_words (text, "آقای علی کریمی");
  g_assert_nonnull (strstr (text, "علی"));
  g_assert_nonnull (strstr (text, "کریمی"));
  g_assert_nonnull (strstr (text, "۴۵۶"));
  g_assert_null (strstr (text, "علي"));
  g_assert_null (strstr (text, "٤٥٦"));
  /* No subject: no subject line. */
  g_assert_null (strstr (text, "موضوع"));
  clean = letters_test_comparable (text);
  g_assert_null (strstr (clean, "موضوع"));
}

/* Every field, not only the body, may be long: the letter flows over as
 * many pages as it needs and no more. */
static void
test_render_long_fields (void)
{
  g_autoptr(PeygirLetterhead) letterhead = sample_letterhead ();
  g_autoptr(PeygirLetter) letter = sample_letter (PEYGIR_LETTER_REFERRAL, FALSE);
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  g_autofree char *last = NULL;
  guint n_pages = 0;

  while (g_utf8_strlen (long_text->str, -1) < 3000)
    g_string_append (long_text, "موضوعی بسیار طولانی ");

  g_free (letter->subject);
  letter->subject = g_strdup (long_text->str);
  g_free (letter->recipient_title);
  letter->recipient_title = g_strdup (long_text->str);
  /* The settings too: header and signature stay within bounds. */
  g_free (letterhead->office);
  letterhead->office = g_strdup (long_text->str);
  g_free (letter->number);
  letter->number = g_strdup (long_text->str);
  g_free (letter->signer_name);
  letter->signer_name = g_strdup (long_text->str);
  g_free (letter->signer_title);
  letter->signer_title = g_strjoin ("\n", long_text->str, long_text->str, long_text->str,
                                    long_text->str, long_text->str, NULL);
  g_strfreev (letter->copies);
  letter->copies = g_new0 (char *, 41);
  for (guint i = 0; i < 40; i++)
    letter->copies[i] = g_strdup_printf ("رونوشت شماره %u", i + 1);

  pdf = render (letterhead, letter, &n_pages);
  document = letters_test_open_pdf (pdf);
  letters_test_save_pages (pdf, document, "long-fields");
  g_assert_cmpint (poppler_document_get_n_pages (document), ==, n_pages);
  g_assert_cmpuint (n_pages, >=, 3);
  g_assert_cmpuint (n_pages, <=, 8);
  last = letters_test_pdf_text (pdf, n_pages);
  letters_test_assert_has_words (last, "رونوشت شماره 40");

  /* Nothing runs into the page number at the foot of the page. */
  for (guint i = 0; i < n_pages; i++)
    assert_foot_clear (document, i);
}

static void
test_render_empty (void)
{
  g_autoptr(PeygirLetter) letter = peygir_letter_new (PEYGIR_LETTER_RECEIPT);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) document = NULL;
  g_autofree char *text = NULL;
  guint n_pages = 0;

  /* Nothing at all, not even a letterhead or a date: still a letter. */
  pdf = render (NULL, letter, &n_pages);
  g_assert_cmpuint (n_pages, ==, 1);
  document = letters_test_open_pdf (pdf);
  letters_test_save_pages (pdf, document, "empty");
  text = letters_test_pdf_text (pdf, 0);
  letters_test_assert_has_words (text, "بسمه تعالی شماره: تاریخ: پیوست: ندارد با سلام و احترام");
}

static void
test_render_reproducible (void)
{
  g_autoptr(PeygirLetterhead) letterhead = sample_letterhead ();
  g_autoptr(PeygirLetter) letter = sample_letter (PEYGIR_LETTER_REFERRAL, FALSE);
  g_autoptr(PeygirLetterRenderer) other = peygir_letter_renderer_new ();
  g_autoptr(GBytes) first = render (letterhead, letter, NULL);
  g_autoptr(GBytes) second = render (letterhead, letter, NULL);
  g_autoptr(GBytes) third = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_bytes_equal (first, second));
  third = peygir_letter_renderer_render_to_bytes (other, letterhead, letter, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (first, third));
}

/* The file at @path holds @expected, byte for byte. */
static void
assert_file_holds (const char *path,
                   GBytes     *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (contents, length,
                   g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

static void
test_render_file (void)
{
  g_autoptr(PeygirLetterhead) letterhead = sample_letterhead ();
  g_autoptr(PeygirLetter) letter = sample_letter (PEYGIR_LETTER_RECEIPT, FALSE);
  g_autoptr(GBytes) expected = render (letterhead, letter, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = peygir_test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "receipt.pdf", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "receipt.pdf", NULL);

  g_assert_true (peygir_letter_render_to_file (letterhead, letter, path, &error));
  g_assert_no_error (error);
  assert_file_holds (path, expected);

  g_assert_false (peygir_letter_render_to_file (letterhead, letter, missing, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);

  peygir_test_dir_free (g_steal_pointer (&dir));
}

static void
test_render_bad_image (void)
{
  g_autoptr(PeygirLetterhead) letterhead = sample_letterhead ();
  g_autoptr(PeygirLetter) letter = sample_letter (PEYGIR_LETTER_REFERRAL, FALSE);
  g_autoptr(GBytes) garbage = g_bytes_new_static ("\x89PNG\r\n\x1a\nnot really", 18);
  g_autoptr(GBytes) logo = draw_png (10, 10, FALSE);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (peygir_letter_image_validate (logo, &error));
  g_assert_no_error (error);
  g_assert_false (peygir_letter_image_validate (garbage, &error));
  g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);

  g_bytes_unref (letter->signature_png);
  letter->signature_png = g_bytes_ref (garbage);
  pdf = peygir_letter_renderer_render_to_bytes (renderer, letterhead, letter, NULL, &error);
  g_assert_null (pdf);
  g_assert_error (error, PEYGIR_INPUT_ERROR, PEYGIR_INPUT_ERROR_INVALID);
  g_clear_error (&error);

  /* A draft shows no signature, so its image does not matter. */
  letter->draft = TRUE;
  pdf = peygir_letter_renderer_render_to_bytes (renderer, letterhead, letter, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pdf);
}

static gpointer
render_in_thread (gpointer data)
{
  const PeygirLetter *letter = data;
  g_autoptr(PeygirLetterhead) letterhead = sample_letterhead ();
  GBytes *pdf = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GError) error = NULL;

      g_clear_pointer (&pdf, g_bytes_unref);
      pdf = peygir_letter_render_to_bytes (letterhead, letter, &error);
      g_assert_no_error (error);
    }
  return pdf;
}

/* Letters are rendered in GTask threads: each thread its own renderer,
 * the same bytes from all. */
static void
test_render_threads (void)
{
  g_autoptr(PeygirLetterhead) letterhead = sample_letterhead ();
  g_autoptr(PeygirLetter) letter = sample_letter (PEYGIR_LETTER_ANSWER, FALSE);
  g_autoptr(GBytes) expected = render (letterhead, letter, NULL);
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("letter", render_in_thread, letter);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_autoptr(GBytes) pdf = g_thread_join (threads[i]);

      g_assert_true (g_bytes_equal (pdf, expected));
    }
}

/* A batch on every processor writes what one letter after the other
 * would; a letter that cannot be written does not stop the others. */
static void
test_render_batch (void)
{
  g_autoptr(PeygirLetterhead) letterhead = sample_letterhead ();
  g_autoptr(GPtrArray) letters = g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_letter_free);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = peygir_test_dir_new ();
  const guint missing = 5;

  for (guint i = 0; i < 4 * PEYGIR_N_LETTER_KINDS; i++)
    {
      g_autofree char *name = g_strdup_printf ("letter-%02u.pdf", i);

      g_ptr_array_add (letters, sample_letter (i % PEYGIR_N_LETTER_KINDS, i % 3 == 1));
      g_ptr_array_add (paths, i == missing ? g_build_filename (dir, "no-such-folder", name, NULL)
                                           : g_build_filename (dir, name, NULL));
    }

  g_assert_false (peygir_letter_render_batch (letterhead, (const PeygirLetter * const *) letters->pdata,
                                              (const char * const *) paths->pdata, letters->len, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  for (guint i = 0; i < letters->len; i++)
    {
      g_autoptr(GBytes) expected = render (letterhead, g_ptr_array_index (letters, i), NULL);

      if (i == missing)
        g_assert_false (g_file_test (g_ptr_array_index (paths, i), G_FILE_TEST_EXISTS));
      else
        assert_file_holds (g_ptr_array_index (paths, i), expected);
    }

  peygir_test_dir_free (g_steal_pointer (&dir));
}

/* The renderer keeps the letterhead's layouts from one letter to the
 * next: a letterhead the administrator changes, even in the same struct,
 * is printed as changed, the same as a new renderer prints it. */
static void
test_render_letterhead_changed (void)
{
  g_autoptr(PeygirLetterhead) letterhead = sample_letterhead ();
  g_autoptr(PeygirLetter) letter = sample_letter (PEYGIR_LETTER_REFERRAL, FALSE);
  g_autoptr(GBytes) before = render (letterhead, letter, NULL);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GBytes) fresh = NULL;
  g_autoptr(GBytes) no_logo = NULL;
  g_autoptr(PeygirLetterRenderer) other = peygir_letter_renderer_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_free (letterhead->governorate);
  letterhead->governorate = g_strdup ("استانداری کرمان");
  after = render (letterhead, letter, NULL);
  g_assert_false (g_bytes_equal (before, after));
  fresh = peygir_letter_renderer_render_to_bytes (other, letterhead, letter, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (after, fresh));
  text = letters_test_pdf_text (after, 0);
  letters_test_assert_has_words (text, "استانداری کرمان");

  /* the logo taken away, then the first letterhead again */
  g_clear_pointer (&letterhead->logo_png, g_bytes_unref);
  no_logo = render (letterhead, letter, NULL);
  g_assert_false (g_bytes_equal (no_logo, after));
  g_free (letterhead->governorate);
  letterhead->governorate = g_strdup ("استانداری فارس");
  g_clear_pointer (&fresh, g_bytes_unref);
  fresh = render (letterhead, letter, NULL);
  g_assert_false (g_bytes_equal (fresh, before));
}

static void
test_render_speed (void)
{
  g_autoptr(PeygirLetterhead) letterhead = sample_letterhead ();
  g_autoptr(PeygirLetter) letter = sample_letter (PEYGIR_LETTER_REFERRAL, FALSE);
  const guint n = 20;
  gint64 start, elapsed;

  g_bytes_unref (render (letterhead, letter, NULL));

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    g_bytes_unref (render (letterhead, letter, NULL));
  elapsed = (g_get_monotonic_time () - start) / n;

  g_test_message ("one letter in %" G_GINT64_FORMAT " µs", elapsed);
  /* Tens of milliseconds are the aim; a second would mean fonts are
   * loaded again for every letter. */
  g_assert_cmpint (elapsed, <, G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_log_set_writer_func (count_warnings_writer, NULL, NULL);
  g_test_init (&argc, &argv, NULL);

  renderer = peygir_letter_renderer_new ();
  g_test_message ("letters set in %s", peygir_letter_renderer_get_font_family (renderer));

  g_test_add_func ("/letters/kind/strings", test_kind_strings);
  g_test_add_func ("/letters/template/expand", test_template_expand);
  g_test_add_func ("/letters/template/empty-lines", test_template_empty_lines);
  g_test_add_func ("/letters/template/unknown-fields", test_template_unknown_fields);
  g_test_add_func ("/letters/template/defaults", test_template_defaults);
  g_test_add_func ("/letters/template/apply", test_template_apply);
  g_test_add_func ("/letters/template/fields-from-case", test_fields_from_case);
  g_test_add_func ("/letters/template/compose", test_compose);
  g_test_add_func ("/letters/template/from-store", test_from_store);
  for (guint i = 0; i < PEYGIR_N_LETTER_KINDS; i++)
    {
      g_autofree char *path = g_strdup_printf ("/letters/render/%s", peygir_letter_kind_to_string (i));

      g_test_add_data_func (path, GUINT_TO_POINTER (i), test_render_kind);
    }
  g_test_add_func ("/letters/render/draft", test_render_draft);
  g_test_add_func ("/letters/render/long-body", test_render_long_body);
  g_test_add_func ("/letters/render/hostile", test_render_hostile);
  g_test_add_func ("/letters/render/long-fields", test_render_long_fields);
  g_test_add_func ("/letters/render/empty", test_render_empty);
  g_test_add_func ("/letters/render/reproducible", test_render_reproducible);
  g_test_add_func ("/letters/render/file", test_render_file);
  g_test_add_func ("/letters/render/bad-image", test_render_bad_image);
  g_test_add_func ("/letters/render/threads", test_render_threads);
  g_test_add_func ("/letters/render/batch", test_render_batch);
  g_test_add_func ("/letters/render/letterhead-changed", test_render_letterhead_changed);
  g_test_add_func ("/letters/render/speed", test_render_speed);

  status = g_test_run ();
  g_clear_object (&renderer);
  return status;
}
