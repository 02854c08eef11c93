/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <cairo.h>
#include <poppler.h>
#include <stdio.h>
#include <string.h>

#include "peygir-letter-builder.h"
#include "peygir-letter-renderer.h"
#include "peygir-letter-template.h"
#include "store-test-fixture.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

static const char draft_word[] = "پیش‌نویس";
/* What the expert writes in the refer dialog: the letter must say it. */
static const char expert_text[] = "در بازدید کارشناس این دفتر از محل، قطعی شبانه آب در سه کوچه مجاور تأیید شد";

/* The letter's text as pdftotext reads it, as it comes. */
static char *
extracted_text (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = peygir_test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "letter.pdf", NULL);
  g_autofree char *out = NULL;
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  int status = 0;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, &error));
  g_assert_no_error (error);
  peygir_test_dir_free (g_steal_pointer (&dir));
  return g_steal_pointer (&out);
}

/* The letter's text as pdftotext reads it, normalised for search: bidi
 * marks become spaces, ZWNJ goes, digits become ASCII. */
static char *
letter_text (GBytes *pdf)
{
  g_autofree char *out = extracted_text (pdf);
  g_autoptr(GString) spaced = g_string_new (NULL);

  for (const char *p = out; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x200E || c == 0x200F || c == 0x061C || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069))
        g_string_append_c (spaced, ' ');
      else
        g_string_append_unichar (spaced, c);
    }
  return peygir_text_normalize (spaced->str);
}

/* Every word of @phrase is among the words of @text. poppler tears words
 * with the lam-alef ligature apart (and rotated text letter from letter):
 * those words are not compared, the others must all be there. */
static gboolean
text_has (const char *text,
          const char *phrase)
{
  g_autofree char *needle = peygir_text_normalize (phrase);
  g_auto(GStrv) have = g_strsplit (text, " ", -1);
  g_auto(GStrv) want = g_strsplit (needle, " ", -1);
  guint n_checked = 0;

  for (guint i = 0; want[i] != NULL; i++)
    {
      if (want[i][0] == '\0' || strstr (want[i], "لا") != NULL)
        continue;
      if (!g_strv_contains ((const char * const *) have, want[i]))
        return FALSE;
      n_checked++;
    }
  g_assert_cmpuint (n_checked, >, 0);
  return TRUE;
}

/* @number (or a date) in @text as one run: numbers and dates come out of
 * the PDF whole, unlike words. */
static gboolean
text_has_number (const char *text,
                 const char *number)
{
  g_autofree char *needle = peygir_text_normalize (number);
  g_autofree char *padded_text = g_strconcat (" ", text, " ", NULL);
  g_autofree char *padded_needle = g_strconcat (" ", needle, " ", NULL);

  return strstr (padded_text, padded_needle) != NULL;
}

#define assert_text_has_number(text, number) \
  G_STMT_START { \
    if (!text_has_number ((text), (number))) \
      { \
        fprintf (stderr, "«%s» is not in the letter:\n%s\n", (number), (text)); \
        g_assert_not_reached (); \
      } \
  } G_STMT_END

#define assert_text_has(text, phrase) \
  G_STMT_START { \
    if (!text_has ((text), (phrase))) \
      { \
        fprintf (stderr, "«%s» is not in the letter:\n%s\n", (phrase), (text)); \
        g_assert_not_reached (); \
      } \
  } G_STMT_END

/* The letter's lines read left to right (peygir_test_pdf_lines_left_to_right). */
static GPtrArray *
lines_left_to_right (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = peygir_test_dir_new ();
  g_autofree char *path = g_build_filename (dir, "letter.pdf", NULL);
  GPtrArray *lines;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error));
  g_assert_no_error (error);
  lines = peygir_test_pdf_lines_left_to_right (path);
  peygir_test_dir_free (g_steal_pointer (&dir));
  return lines;
}

/* peygir_test_lines_have (), and if not, the lines that hold digits are
 * shown. */
static gboolean
reads_left_to_right (GPtrArray  *lines,
                     const char *value)
{
  g_autofree char *wanted = peygir_text_digits_to_persian (value);

  if (peygir_test_lines_have (lines, value))
    return TRUE;

  fprintf (stderr, "«%s» does not read left to right in the letter; its numbers, left to right:\n", wanted);
  for (guint i = 0; i < lines->len; i++)
    {
      g_autofree char *ascii = peygir_text_digits_to_ascii (g_ptr_array_index (lines, i));

      if (strpbrk (ascii, "0123456789") != NULL)
        fprintf (stderr, "  %s\n", (const char *) g_ptr_array_index (lines, i));
    }
  return FALSE;
}

#define assert_reads_left_to_right(lines, value) g_assert_true (reads_left_to_right ((lines), (value)))

/* pdftotext gives no bidi control of ours back: the isolates that order
 * the numbers are not text on the page (the embeddings U+202A–U+202C
 * are pdftotext's own). */
static void
assert_no_isolates (GBytes *pdf)
{
  g_autofree char *text = extracted_text (pdf);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_assert_false (c == 0x200E || c == 0x200F || c == 0x061C || c == 0x202D || c == 0x202E ||
                      (c >= 0x2066 && c <= 0x2069));
    }
}

static PopplerDocument *
open_pdf (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *document = poppler_document_new_from_bytes (pdf, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (document);
  return document;
}

/* The document's title, normalised: the kind, and the number or the
 * word پیش‌نویس, which the text cannot show whole (the watermark is
 * rotated). */
static char *
letter_title (GBytes *pdf)
{
  g_autoptr(PopplerDocument) document = open_pdf (pdf);
  g_autofree char *title = NULL;

  g_object_get (document, "title", &title, NULL);
  g_assert_nonnull (title);
  return peygir_text_normalize (title);
}

/* The watermark پیش‌نویس: rotated, so poppler cannot read it back as
 * text; seen as its pale red in the middle of the first page. */
static gboolean
has_watermark (GBytes *pdf)
{
  g_autoptr(PopplerDocument) document = open_pdf (pdf);
  g_autoptr(PopplerPage) page = poppler_document_get_page (document, 0);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 298, 421);
  cairo_t *cr = cairo_create (surface);
  const guchar *data;
  int stride;
  guint reddish = 0;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, 0.5, 0.5);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 140; y < 280; y++)
    for (int x = 0; x < 298; x++)
      {
        guint32 pixel = *(const guint32 *) (data + y * stride + x * 4);
        int r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;

        if (r - g > 25 && r - b > 25)
          reddish++;
      }
  cairo_surface_destroy (surface);
  return reddish > 500;
}

/* A draft by its watermark and by its title. */
static gboolean
is_draft_pdf (GBytes *pdf)
{
  g_autofree char *title = letter_title (pdf);
  g_autofree char *word = peygir_text_normalize (draft_word);
  gboolean titled = strstr (title, word) != NULL;

  g_assert_cmpint (titled, ==, has_watermark (pdf));
  return titled;
}

/* The number is in the title whole, its parts are in the text, and it
 * reads left to right on the page. (pdftotext's own reading order puts
 * the parts of a number that reads right around its ص.) */
static void
assert_numbered (GBytes     *pdf,
                 const char *text,
                 const char *number)
{
  g_autofree char *title = letter_title (pdf);
  g_autofree char *wanted = peygir_text_normalize (number);
  g_autoptr(GPtrArray) lines = lines_left_to_right (pdf);

  g_assert_nonnull (strstr (title, wanted));
  assert_text_has (text, number);
  assert_reads_left_to_right (lines, number);
}

static guint
count_images (GBytes *pdf)
{
  g_autoptr(PopplerDocument) document = open_pdf (pdf);
  guint n = 0;

  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (document, i);
      GList *mapping = poppler_page_get_image_mapping (page);

      n += g_list_length (mapping);
      poppler_page_free_image_mapping (mapping);
    }
  return n;
}

static PeygirBuiltLetter *
build (StoreFixture     *fixture,
       gint64            case_id,
       PeygirLetterKind  kind,
       gint64            referral_id)
{
  g_autoptr(GError) error = NULL;
  PeygirBuiltLetter *built = peygir_letter_build (fixture->store, case_id, kind, referral_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (built);
  g_assert_nonnull (built->pdf);
  g_assert_cmpint (built->kind, ==, kind);
  g_assert_cmpint (built->case_id, ==, case_id);
  return built;
}

/* For people to look at: $PEYGIR_BUILD_DIR/letters/NAME.pdf. */
static void
save_letter (const PeygirBuiltLetter *built,
             const char              *name)
{
  const char *build_dir = g_getenv ("PEYGIR_BUILD_DIR");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  if (build_dir == NULL)
    return;
  dir = g_build_filename (build_dir, "letters", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  file = g_strconcat (name, ".pdf", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (built->pdf, NULL),
                                      g_bytes_get_size (built->pdf), &error));
  g_assert_no_error (error);
}

static cairo_status_t
append_png_cb (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A stroke of ink: any image will do, the tests count images. */
static GBytes *
signature_png (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 240, 90);
  cairo_t *cr = cairo_create (surface);
  GByteArray *png = g_byte_array_new ();

  cairo_set_source_rgb (cr, 0.05, 0.1, 0.5);
  cairo_set_line_width (cr, 3.0);
  cairo_move_to (cr, 10, 60);
  cairo_curve_to (cr, 80, 0, 120, 90, 230, 30);
  cairo_stroke (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png_stream (surface, append_png_cb, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (png);
}

static void
builder_set_up (StoreFixture  *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = signature_png ();

  fixture_set_up (fixture, data);
  g_assert_true (peygir_store_set_image (fixture->store, "admin", "signature:manager", png, &error));
  g_assert_no_error (error);
  g_assert_true (peygir_store_set_setting (fixture->store, "admin", PEYGIR_SETTING_OFFICE_PHONE,
                                           "071-32345678", &error));
  g_assert_no_error (error);
}

/* A registered case referred to @n_agencies agencies (1 or 2) and
 * approved by the manager: the secretariat's print queue. */
static PeygirCase *
approved_case (StoreFixture *fixture,
               guint         n_agencies)
{
  gint64 agencies[] = { fixture->agency_a, fixture->agency_b };
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  g_autoptr(PeygirCase) done = NULL;

  done = act (fixture, kase->id, PEYGIR_ACTION_REVIEW, "expert", NULL);
  g_clear_pointer (&done, peygir_case_free);
  done = act (fixture, kase->id, PEYGIR_ACTION_REGISTER, "secretary", NULL);
  g_clear_pointer (&done, peygir_case_free);
  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_REFER;
  request.actor_login = "expert";
  request.note = expert_text;
  request.agency_ids = agencies;
  request.n_agency_ids = n_agencies;
  done = act_request (fixture, &request);
  g_clear_pointer (&done, peygir_case_free);
  done = act (fixture, kase->id, PEYGIR_ACTION_APPROVE, "manager", NULL);
  g_assert_cmpint (done->state, ==, PEYGIR_STATE_REFERRED);
  return peygir_store_get_case (fixture->store, kase->id, PEYGIR_CASE_DETAIL_REFERRALS, NULL);
}

static PeygirReferral *
first_referral (PeygirCase *kase)
{
  g_assert_nonnull (kase->referrals);
  g_assert_cmpuint (kase->referrals->len, >, 0);
  return g_ptr_array_index (kase->referrals, 0);
}

/* The letter composed from the store, drawn, is the one built: its
 * fields filled as the builder fills them (the receipt's wording before
 * registration, the office's telephone). */
static void
assert_composed_as_built (StoreFixture            *fixture,
                          gint64                   case_id,
                          PeygirLetterKind         kind,
                          const PeygirBuiltLetter *built)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirLetter) letter = NULL;
  g_autoptr(PeygirLetterhead) letterhead = NULL;
  g_autoptr(GBytes) pdf = NULL;

  letter = peygir_letter_compose_from_store (fixture->store, case_id, kind, built->referral_id, &error);
  g_assert_no_error (error);
  g_assert_null (strchr (letter->subject, '{'));
  g_assert_null (strchr (letter->body, '{'));
  letterhead = peygir_letterhead_new_from_store (fixture->store, &error);
  g_assert_no_error (error);
  pdf = peygir_letter_render_to_bytes (letterhead, letter, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (pdf, built->pdf));
}

static void
test_referral (StoreFixture  *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCase) kase = approved_case (fixture, 1);
  g_autoptr(PeygirCase) sent = NULL;
  g_autoptr(PeygirBuiltLetter) draft = NULL;
  g_autoptr(PeygirBuiltLetter) issued = NULL;
  g_autoptr(PeygirBuiltLetter) again = NULL;
  g_autoptr(GPtrArray) letters = NULL;
  g_autoptr(GBytes) kept = NULL;
  g_autofree char *text = NULL;
  g_autofree char *file_name = NULL;
  PeygirReferral *referral = first_referral (kase);
  gint64 referral_id = referral->id;

  /* Approved, not dispatched: a draft, without number or signature, and
   * nothing is kept. */
  draft = build (fixture, kase->id, PEYGIR_LETTER_REFERRAL, 0);
  g_assert_true (draft->draft);
  g_assert_null (draft->number);
  g_assert_false (draft->kept);
  g_assert_true (draft->rendered);
  g_assert_cmpint (draft->referral_id, ==, referral_id);
  g_assert_cmpstr (draft->tracking_code, ==, kase->tracking_code);
  text = letter_text (draft->pdf);
  g_assert_true (is_draft_pdf (draft->pdf));
  assert_text_has_number (text, kase->registration_number);
  assert_text_has (text, "قطعی مکرر آب");
  assert_text_has (text, "اداره کل آب و فاضلاب");
  /* the agency's own days for the answer */
  assert_text_has (text, "ظرف مدت 7 روز کاری");
  assert_text_has (text, "حسن صادقی");
  assert_text_has (text, expert_text);
  g_assert_null (strchr (text, '{'));
  g_assert_cmpuint (count_images (draft->pdf), ==, 0);
  letters = peygir_store_list_letters (fixture->store, kase->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (letters->len, ==, 0);
  g_clear_pointer (&letters, g_ptr_array_unref);
  save_letter (draft, "builder-referral-draft");
  assert_composed_as_built (fixture, kase->id, PEYGIR_LETTER_REFERRAL, draft);

  /* Dispatched: numbered, signed, kept. */
  sent = act (fixture, kase->id, PEYGIR_ACTION_DISPATCH, "secretary", NULL);
  referral = first_referral (sent);
  g_assert_nonnull (referral->letter_number);
  issued = build (fixture, kase->id, PEYGIR_LETTER_REFERRAL, referral_id);
  g_assert_false (issued->draft);
  g_assert_cmpstr (issued->number, ==, referral->letter_number);
  g_assert_true (issued->rendered);
  g_assert_true (issued->kept);
  g_clear_pointer (&text, g_free);
  text = letter_text (issued->pdf);
  g_assert_false (is_draft_pdf (issued->pdf));
  assert_numbered (issued->pdf, text, referral->letter_number);
  assert_text_has (text, "حسن صادقی");
  assert_text_has (text, expert_text);
  assert_text_has (text, "مدیر دفتر مدیریت عملکرد");
  g_assert_cmpuint (count_images (issued->pdf), ==, 1);
  save_letter (issued, "builder-referral");

  letters = peygir_store_list_letters (fixture->store, kase->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (letters->len, ==, 1);
  g_assert_true (((PeygirLetterRecord *) g_ptr_array_index (letters, 0))->has_pdf);
  kept = peygir_store_get_letter_pdf (fixture->store, referral->letter_number, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (kept, issued->pdf));

  /* What was sent is shown again exactly, even after the settings and the
   * clock have changed. */
  g_assert_true (peygir_store_set_setting (fixture->store, "admin", PEYGIR_SETTING_SIGNER_TITLE,
                                           "عنوان تازه امضاکننده", &error));
  g_assert_no_error (error);
  set_now ("2026-06-20T10:00:00+03:30");
  again = build (fixture, kase->id, PEYGIR_LETTER_REFERRAL, 0);
  g_assert_false (again->rendered);
  g_assert_true (again->kept);
  g_assert_false (again->draft);
  g_assert_cmpstr (again->number, ==, issued->number);
  g_assert_true (g_bytes_equal (again->pdf, issued->pdf));

  file_name = peygir_built_letter_file_name (again, FALSE);
  g_assert_true (g_str_has_prefix (file_name, kase->tracking_code));
  g_assert_true (g_str_has_suffix (file_name, ".pdf"));
}

/* The same letter rendered twice gives the same bytes: the kept copy and
 * a new rendering of a draft do not differ by a timestamp. */
static void
test_reproducible (StoreFixture  *fixture,
                   gconstpointer  data)
{
  g_autoptr(PeygirCase) kase = approved_case (fixture, 1);
  g_autoptr(PeygirBuiltLetter) first = build (fixture, kase->id, PEYGIR_LETTER_REFERRAL, 0);
  g_autoptr(PeygirBuiltLetter) second = build (fixture, kase->id, PEYGIR_LETTER_REFERRAL, 0);

  g_assert_true (first->rendered);
  g_assert_true (second->rendered);
  g_assert_true (g_bytes_equal (first->pdf, second->pdf));
}

static void
test_which_referral (StoreFixture  *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCase) both = approved_case (fixture, 2);
  g_autoptr(PeygirCase) fresh = create_simple_case (fixture);
  g_autoptr(PeygirBuiltLetter) built = NULL;
  g_autoptr(PeygirBuiltLetter) second = NULL;
  g_autofree char *text = NULL;
  PeygirReferral *b = g_ptr_array_index (both->referrals, 1);

  built = peygir_letter_build (fixture->store, both->id, PEYGIR_LETTER_REFERRAL, 0, &error);
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT);
  g_assert_null (built);
  g_clear_error (&error);

  built = peygir_letter_build (fixture->store, both->id, PEYGIR_LETTER_REFERRAL, 999999, &error);
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_ARGUMENT);
  g_assert_null (built);
  g_clear_error (&error);

  built = peygir_letter_build (fixture->store, fresh->id, PEYGIR_LETTER_REFERRAL, 0, &error);
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE);
  g_assert_null (built);
  g_clear_error (&error);

  built = peygir_letter_build (fixture->store, 424242, PEYGIR_LETTER_RECEIPT, 0, &error);
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND);
  g_assert_null (built);
  g_clear_error (&error);

  /* a reminder of a letter never sent */
  built = peygir_letter_build (fixture->store, both->id, PEYGIR_LETTER_REMINDER, b->id, &error);
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE);
  g_assert_null (built);
  g_clear_error (&error);

  second = build (fixture, both->id, PEYGIR_LETTER_REFERRAL, b->id);
  g_assert_cmpint (second->referral_id, ==, b->id);
  text = letter_text (second->pdf);
  assert_text_has (text, "شرکت توزیع برق شهرستان");
  g_assert_false (text_has (text, "اداره کل آب و فاضلاب"));
}

/* Sends the reminder of @referral_id as the print queue does: built with
 * the next number, then dispatched with that number and those bytes. */
static PeygirBuiltLetter *
send_reminder (StoreFixture *fixture,
               gint64        case_id,
               gint64        referral_id)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) numbers = peygir_store_peek_letter_numbers (fixture->store, 1, &error);
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  g_autoptr(PeygirBuiltLetter) printed = NULL;
  g_autoptr(PeygirCase) done = NULL;

  g_assert_no_error (error);
  printed = peygir_letter_build_for_sending (fixture->store, case_id, PEYGIR_LETTER_REMINDER, referral_id,
                                             numbers[0], &error);
  g_assert_no_error (error);
  g_assert_false (printed->draft);
  g_assert_false (printed->kept);
  g_assert_cmpstr (printed->number, ==, numbers[0]);

  request.case_id = case_id;
  request.action = PEYGIR_ACTION_DISPATCH;
  request.actor_login = "secretary";
  request.referral_id = referral_id;
  request.expect_number = numbers[0];
  request.letter_pdf = printed->pdf;
  done = act_request (fixture, &request);
  g_assert_cmpstr (first_referral (done)->last_reminder_number, ==, numbers[0]);
  return g_steal_pointer (&printed);
}

static void
test_reminder (StoreFixture  *fixture,
               gconstpointer  data)
{
  g_autoptr(PeygirCase) kase = approved_case (fixture, 1);
  g_autoptr(PeygirCase) done = NULL;
  g_autoptr(PeygirBuiltLetter) preview = NULL;
  g_autoptr(PeygirBuiltLetter) waiting = NULL;
  g_autoptr(PeygirBuiltLetter) approved = NULL;
  g_autoptr(PeygirBuiltLetter) printed = NULL;
  g_autoptr(PeygirBuiltLetter) first = NULL;
  g_autoptr(PeygirBuiltLetter) second = NULL;
  g_autoptr(PeygirBuiltLetter) refused = NULL;
  g_autoptr(PeygirUser) titled = NULL;
  g_autoptr(GBytes) kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) letters = NULL;
  g_auto(GStrv) numbers = NULL;
  g_autofree char *referral_number = NULL;
  g_autofree char *first_number = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  gint64 referral_id = first_referral (kase)->id;

  done = act (fixture, kase->id, PEYGIR_ACTION_DISPATCH, "secretary", NULL);
  referral_number = g_strdup (first_referral (done)->letter_number);

  /* Before any follow-up: the draft of the reminder cites the referral. */
  preview = build (fixture, kase->id, PEYGIR_LETTER_REMINDER, 0);
  g_assert_true (preview->draft);
  g_assert_null (preview->number);
  text = letter_text (preview->pdf);
  lines = lines_left_to_right (preview->pdf);
  g_assert_true (is_draft_pdf (preview->pdf));
  assert_reads_left_to_right (lines, referral_number);
  /* dispatched on Saturday 12 Ordibehesht 1405 */
  assert_text_has_number (text, "1405 02 12");
  /* the referral's own text is not the reminder's */
  g_assert_false (text_has (text, expert_text));

  /* Three weeks on the answer is late. A follow-up by phone makes no letter. */
  set_now ("2026-05-23T09:00:00+03:30");
  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_FOLLOW_UP;
  request.actor_login = "expert";
  request.referral_id = referral_id;
  request.channel = PEYGIR_CHANNEL_PHONE;
  request.note = "تماس تلفنی با روابط عمومی";
  g_clear_pointer (&done, peygir_case_free);
  done = act_request (fixture, &request);
  g_assert_cmpint (first_referral (done)->reminder, ==, PEYGIR_REMINDER_NONE);
  g_assert_cmpint (first_referral (done)->follow_ups, ==, 1);
  letters = peygir_store_list_letters (fixture->store, kase->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (letters->len, ==, 1);
  g_clear_pointer (&letters, g_ptr_array_unref);

  /* By letter, when it is late again: a reminder the manager signs, a
   * draft without signer until they approve it, and not to be sent. */
  set_now ("2026-06-06T09:00:00+03:30");
  request.channel = PEYGIR_CHANNEL_MAIL;
  request.note = "کارشناس دفتر روز گذشته نیز با روابط عمومی آن اداره کل تماس گرفت";
  g_clear_pointer (&done, peygir_case_free);
  done = act_request (fixture, &request);
  g_assert_cmpint (first_referral (done)->reminder, ==, PEYGIR_REMINDER_DRAFT);
  waiting = build (fixture, kase->id, PEYGIR_LETTER_REMINDER, referral_id);
  g_assert_true (waiting->draft);
  g_clear_pointer (&text, g_free);
  text = letter_text (waiting->pdf);
  assert_text_has (text, request.note);
  g_assert_false (text_has (text, "حسن صادقی"));
  g_assert_cmpuint (count_images (waiting->pdf), ==, 0);
  numbers = peygir_store_peek_letter_numbers (fixture->store, 1, &error);
  g_assert_no_error (error);
  refused = peygir_letter_build_for_sending (fixture->store, kase->id, PEYGIR_LETTER_REMINDER, referral_id,
                                             numbers[0], &error);
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE);
  g_assert_null (refused);
  g_clear_error (&error);

  /* Approved: signed by the manager who approved it, still unnumbered. */
  request.action = PEYGIR_ACTION_APPROVE_REMINDER;
  request.actor_login = "manager";
  g_clear_pointer (&done, peygir_case_free);
  done = act_request (fixture, &request);
  request.action = PEYGIR_ACTION_FOLLOW_UP;
  request.actor_login = "expert";
  approved = build (fixture, kase->id, PEYGIR_LETTER_REMINDER, referral_id);
  g_assert_true (approved->draft);
  g_assert_null (approved->number);
  g_clear_pointer (&text, g_free);
  text = letter_text (approved->pdf);
  assert_text_has (text, "حسن صادقی");
  g_assert_cmpuint (count_images (approved->pdf), ==, 0);

  /* Printed with the next number and sent: the register keeps what was
   * printed. */
  printed = send_reminder (fixture, kase->id, referral_id);
  first_number = g_strdup (printed->number);
  g_assert_cmpstr (first_number, ==, numbers[0]);
  first = build (fixture, kase->id, PEYGIR_LETTER_REMINDER, referral_id);
  g_assert_false (first->draft);
  g_assert_true (first->kept);
  g_assert_false (first->rendered);
  g_assert_cmpstr (first->number, ==, first_number);
  g_assert_true (g_bytes_equal (first->pdf, printed->pdf));
  g_clear_pointer (&text, g_free);
  text = letter_text (first->pdf);
  g_clear_pointer (&lines, g_ptr_array_unref);
  lines = lines_left_to_right (first->pdf);
  g_assert_false (is_draft_pdf (first->pdf));
  assert_numbered (first->pdf, text, first_number);
  assert_reads_left_to_right (lines, referral_number);
  assert_text_has_number (text, "1405 02 12");
  assert_text_has (text, "حسن صادقی");
  assert_text_has (text, request.note);
  g_assert_cmpuint (count_images (first->pdf), ==, 1);
  save_letter (first, "builder-reminder");

  /* The office lets experts sign their reminders: the second is the
   * expert's, under the title she gave herself, and cites the first. */
  g_assert_true (peygir_store_set_setting (fixture->store, "admin", PEYGIR_SETTING_REMINDER_SIGNER, "expert", &error));
  g_assert_no_error (error);
  titled = peygir_store_set_user_title (fixture->store, "expert", "expert", "کارشناس ارشد رسیدگی به شکایات", &error);
  g_assert_no_error (error);
  set_now ("2026-06-27T09:00:00+03:30");
  request.note = "دومین یادآوری";
  g_clear_pointer (&done, peygir_case_free);
  done = act_request (fixture, &request);
  g_assert_cmpint (first_referral (done)->reminder, ==, PEYGIR_REMINDER_APPROVED);
  g_clear_pointer (&printed, peygir_built_letter_free);
  printed = send_reminder (fixture, kase->id, referral_id);
  second = build (fixture, kase->id, PEYGIR_LETTER_REMINDER, referral_id);
  g_assert_cmpstr (second->number, !=, first_number);
  g_clear_pointer (&text, g_free);
  text = letter_text (second->pdf);
  g_clear_pointer (&lines, g_ptr_array_unref);
  lines = lines_left_to_right (second->pdf);
  assert_numbered (second->pdf, text, second->number);
  assert_reads_left_to_right (lines, first_number);
  assert_text_has (text, "مریم کریمی");
  assert_text_has (text, "کارشناس ارشد رسیدگی به شکایات");
  g_assert_false (text_has (text, "حسن صادقی"));
  g_assert_false (peygir_test_lines_have (lines, referral_number));

  /* The first reminder is still the letter that was sent. */
  kept = peygir_store_get_letter_pdf (fixture->store, first_number, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (kept, first->pdf));
}

static void
test_receipt (StoreFixture  *fixture,
              gconstpointer  data)
{
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  g_autoptr(PeygirCase) done = NULL;
  g_autoptr(PeygirBuiltLetter) before = NULL;
  g_autoptr(PeygirBuiltLetter) after = NULL;
  g_autoptr(GPtrArray) letters = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *code = peygir_tracking_code_format (kase->tracking_code);

  /* Handed over at the desk, before registration. */
  before = build (fixture, kase->id, PEYGIR_LETTER_RECEIPT, 0);
  g_assert_false (before->draft);
  g_assert_null (before->number);
  g_assert_false (before->kept);
  text = letter_text (before->pdf);
  g_assert_false (has_watermark (before->pdf));
  assert_text_has (text, code);
  assert_text_has (text, "پس از ثبت اعلام می‌شود");
  assert_text_has_number (text, "32345678");
  assert_text_has (text, "علی رضایی");
  g_assert_null (strchr (text, '{'));
  g_assert_null (strstr (text, "registration"));
  save_letter (before, "builder-receipt-before-registration");
  assert_composed_as_built (fixture, kase->id, PEYGIR_LETTER_RECEIPT, before);

  done = act (fixture, kase->id, PEYGIR_ACTION_REVIEW, "expert", NULL);
  g_clear_pointer (&done, peygir_case_free);
  done = act (fixture, kase->id, PEYGIR_ACTION_REGISTER, "secretary", NULL);
  after = build (fixture, kase->id, PEYGIR_LETTER_RECEIPT, 0);
  g_assert_false (after->draft);
  g_assert_null (after->number);
  g_clear_pointer (&text, g_free);
  text = letter_text (after->pdf);
  assert_text_has_number (text, done->registration_number);
  assert_text_has (text, code);
  g_assert_false (text_has (text, "پس از ثبت اعلام می‌شود"));
  g_assert_null (strchr (text, '{'));
  save_letter (after, "builder-receipt");
  assert_composed_as_built (fixture, kase->id, PEYGIR_LETTER_RECEIPT, after);

  /* a receipt takes no number from the registry */
  letters = peygir_store_list_letters (fixture->store, kase->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (letters->len, ==, 0);
}

static void
test_answer (StoreFixture  *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCase) kase = approved_case (fixture, 1);
  g_autoptr(PeygirCase) done = NULL;
  g_autoptr(PeygirBuiltLetter) built = NULL;
  g_autoptr(PeygirBuiltLetter) draft = NULL;
  g_autoptr(PeygirBuiltLetter) issued = NULL;
  g_autoptr(PeygirBuiltLetter) again = NULL;
  g_autoptr(PeygirLetterRecord) record = NULL;
  g_autoptr(PeygirLetterRecord) sent = NULL;
  g_autoptr(GPtrArray) letters = NULL;
  g_autofree char *text = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;

  /* no answer to tell yet */
  built = peygir_letter_build (fixture->store, kase->id, PEYGIR_LETTER_ANSWER, 0, &error);
  g_assert_error (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_INVALID_STATE);
  g_assert_null (built);
  g_clear_error (&error);

  done = act (fixture, kase->id, PEYGIR_ACTION_DISPATCH, "secretary", NULL);
  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_ANSWER;
  request.actor_login = "secretary";
  request.referral_id = first_referral (kase)->id;
  request.note = "لوله اصلی محله تعویض شد و آب‌رسانی برقرار است.";
  g_clear_pointer (&done, peygir_case_free);
  done = act_request (fixture, &request);
  g_assert_cmpint (done->state, ==, PEYGIR_STATE_ANSWERED);

  draft = build (fixture, kase->id, PEYGIR_LETTER_ANSWER, 0);
  g_assert_true (draft->draft);
  g_assert_null (draft->number);
  text = letter_text (draft->pdf);
  g_assert_true (is_draft_pdf (draft->pdf));
  assert_text_has (text, "لوله اصلی محله تعویض شد");
  assert_text_has (text, "علی رضایی");
  /* looking at the draft sent nothing */
  record = peygir_store_get_answer_letter (fixture->store, kase->id, &error);
  g_assert_error (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND);
  g_assert_null (record);
  g_clear_error (&error);
  letters = peygir_store_list_letters (fixture->store, kase->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (letters->len, ==, 1);  /* the referral's */

  record = peygir_store_issue_answer_letter (fixture->store, "secretary", kase->id, NULL, NULL, &error);
  g_assert_no_error (error);
  issued = build (fixture, kase->id, PEYGIR_LETTER_ANSWER, 0);
  g_assert_false (issued->draft);
  g_assert_true (issued->kept);
  g_assert_cmpstr (issued->number, ==, record->number);
  g_clear_pointer (&text, g_free);
  text = letter_text (issued->pdf);
  g_assert_false (is_draft_pdf (issued->pdf));
  assert_numbered (issued->pdf, text, record->number);
  assert_text_has (text, "لوله اصلی محله تعویض شد");
  assert_text_has (text, "اداره کل آب و فاضلاب");
  assert_text_has (text, "حسن صادقی");
  g_assert_null (strchr (text, '{'));
  save_letter (issued, "builder-answer");
  sent = peygir_store_get_answer_letter (fixture->store, kase->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sent->number, ==, record->number);

  again = build (fixture, kase->id, PEYGIR_LETTER_ANSWER, 0);
  g_assert_false (again->rendered);
  g_assert_true (g_bytes_equal (again->pdf, issued->pdf));
}

static void
test_answer_two_agencies (StoreFixture  *fixture,
                          gconstpointer  data)
{
  g_autoptr(PeygirCase) kase = approved_case (fixture, 2);
  g_autoptr(PeygirCase) done = NULL;
  g_autoptr(PeygirBuiltLetter) both = NULL;
  g_autoptr(PeygirBuiltLetter) one = NULL;
  g_autofree char *text = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  const char *answers[] = { "لوله اصلی محله تعویض شد", "ترانسفورماتور محله نو شد" };

  done = act (fixture, kase->id, PEYGIR_ACTION_DISPATCH, "secretary", NULL);
  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_ANSWER;
  request.actor_login = "secretary";
  for (guint i = 0; i < 2; i++)
    {
      request.referral_id = ((PeygirReferral *) g_ptr_array_index (kase->referrals, i))->id;
      request.note = answers[i];
      g_clear_pointer (&done, peygir_case_free);
      done = act_request (fixture, &request);
    }
  g_assert_cmpint (done->state, ==, PEYGIR_STATE_ANSWERED);

  /* every agency's answer, each under its name */
  both = build (fixture, kase->id, PEYGIR_LETTER_ANSWER, 0);
  g_assert_cmpint (both->referral_id, ==, 0);
  text = letter_text (both->pdf);
  assert_text_has (text, answers[0]);
  assert_text_has (text, answers[1]);
  assert_text_has (text, "اداره کل آب و فاضلاب");
  assert_text_has (text, "شرکت توزیع برق شهرستان");
  save_letter (both, "builder-answer-two-agencies");

  /* the one asked for */
  one = build (fixture, kase->id, PEYGIR_LETTER_ANSWER, request.referral_id);
  g_clear_pointer (&text, g_free);
  text = letter_text (one->pdf);
  assert_text_has (text, answers[1]);
  g_assert_false (text_has (text, answers[0]));
}

static void
test_answer_rejected (StoreFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  g_autoptr(PeygirCase) done = NULL;
  g_autoptr(PeygirBuiltLetter) built = NULL;
  g_autofree char *text = NULL;
  g_autofree char *code = peygir_tracking_code_format (kase->tracking_code);

  done = act (fixture, kase->id, PEYGIR_ACTION_REVIEW, "expert", NULL);
  g_clear_pointer (&done, peygir_case_free);
  done = act (fixture, kase->id, PEYGIR_ACTION_REJECT, "expert", "موضوع در صلاحیت مراجع قضایی است.");
  g_assert_cmpint (done->state, ==, PEYGIR_STATE_REJECTED);

  built = build (fixture, kase->id, PEYGIR_LETTER_ANSWER, 0);
  g_assert_true (built->draft);
  text = letter_text (built->pdf);
  assert_text_has (text, "موضوع در صلاحیت مراجع قضایی است");
  assert_text_has (text, code);
  /* never registered: no registration number to speak of */
  g_assert_null (strchr (text, '{'));
  save_letter (built, "builder-answer-rejected");
}

/* An administrator's template that leaves the expert's text out still
 * prints it: the letter says what the expert wrote. */
static void
test_referral_own_template (StoreFixture  *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCase) kase = NULL;
  g_autoptr(PeygirBuiltLetter) draft = NULL;
  g_autofree char *text = NULL;

  g_assert_true (peygir_store_set_setting (fixture->store, "admin", PEYGIR_SETTING_TEMPLATE_REFERRAL,
                                           "احتراماً، موضوع «{subject}» جهت رسیدگی ارسال می‌گردد.", &error));
  g_assert_no_error (error);
  kase = approved_case (fixture, 1);
  draft = build (fixture, kase->id, PEYGIR_LETTER_REFERRAL, 0);
  text = letter_text (draft->pdf);
  assert_text_has (text, "جهت رسیدگی ارسال می‌گردد");
  assert_text_has (text, expert_text);
}

/* The manager returns the referral; the expert's new text goes through
 * approval again, and the letter never carries the returned text. */
static void
test_returned_text (StoreFixture  *fixture,
                    gconstpointer  data)
{
  static const char redrafted[] = "بنا بر گزارش تکمیلی کارشناس، مشترکان ساختمان شماره دوازده نیز آب ندارند";
  gint64 agencies[] = { fixture->agency_a };
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  g_autoptr(PeygirCase) kase = create_simple_case (fixture);
  g_autoptr(PeygirCase) done = NULL;
  g_autoptr(PeygirCase) read = NULL;
  g_autoptr(PeygirBuiltLetter) before = NULL;
  g_autoptr(PeygirBuiltLetter) approved = NULL;
  g_autoptr(PeygirBuiltLetter) issued = NULL;
  g_autofree char *suggested = NULL;
  g_autofree char *text = NULL;

  done = act (fixture, kase->id, PEYGIR_ACTION_REVIEW, "expert", NULL);
  g_clear_pointer (&done, peygir_case_free);
  done = act (fixture, kase->id, PEYGIR_ACTION_REGISTER, "secretary", NULL);
  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_REFER;
  request.actor_login = "expert";
  request.note = expert_text;
  request.agency_ids = agencies;
  request.n_agency_ids = 1;
  g_clear_pointer (&done, peygir_case_free);
  done = act_request (fixture, &request);
  g_clear_pointer (&done, peygir_case_free);
  done = act (fixture, kase->id, PEYGIR_ACTION_RETURN, "manager", "متن را کامل‌تر بنویسید");
  g_assert_cmpint (done->state, ==, PEYGIR_STATE_REGISTERED);

  /* the expert starts from the returned text */
  read = peygir_store_get_case (fixture->store, kase->id, PEYGIR_CASE_DETAIL_REFERRALS, NULL);
  suggested = peygir_letter_template_referral_text (read);
  g_assert_cmpstr (suggested, ==, expert_text);

  request.note = redrafted;
  g_clear_pointer (&done, peygir_case_free);
  done = act_request (fixture, &request);
  g_assert_cmpint (done->state, ==, PEYGIR_STATE_WITH_MANAGER);

  /* before approval: a draft of the new text, unsigned */
  before = build (fixture, kase->id, PEYGIR_LETTER_REFERRAL, 0);
  g_assert_true (before->draft);
  text = letter_text (before->pdf);
  assert_text_has (text, redrafted);
  g_assert_false (text_has (text, expert_text));
  g_assert_false (text_has (text, "حسن صادقی"));
  g_assert_cmpuint (count_images (before->pdf), ==, 0);

  g_clear_pointer (&done, peygir_case_free);
  done = act (fixture, kase->id, PEYGIR_ACTION_APPROVE, "manager", NULL);
  approved = build (fixture, kase->id, PEYGIR_LETTER_REFERRAL, 0);
  g_assert_true (approved->draft);
  g_assert_cmpuint (count_images (approved->pdf), ==, 0);

  g_clear_pointer (&done, peygir_case_free);
  done = act (fixture, kase->id, PEYGIR_ACTION_DISPATCH, "secretary", NULL);
  issued = build (fixture, kase->id, PEYGIR_LETTER_REFERRAL, 0);
  g_assert_false (issued->draft);
  g_clear_pointer (&text, g_free);
  text = letter_text (issued->pdf);
  assert_text_has (text, redrafted);
  assert_text_has (text, "حسن صادقی");
  g_assert_false (text_has (text, expert_text));
  g_assert_cmpuint (count_images (issued->pdf), ==, 1);
}

/* Drafts of every kind, built as the preview builds them, use up no
 * number: the first letter sent afterwards is the year's first. */
static void
test_drafts_use_no_number (StoreFixture  *fixture,
                           gconstpointer  data)
{
  g_autoptr(PeygirCase) kase = approved_case (fixture, 1);
  g_autoptr(PeygirCase) done = NULL;
  g_autoptr(GPtrArray) letters = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(PeygirBuiltLetter) referral = build (fixture, kase->id, PEYGIR_LETTER_REFERRAL, 0);
      g_autoptr(PeygirBuiltLetter) receipt = build (fixture, kase->id, PEYGIR_LETTER_RECEIPT, 0);

      g_assert_true (referral->draft);
      g_assert_null (receipt->number);
    }
  letters = peygir_store_list_letters (fixture->store, kase->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (letters->len, ==, 0);

  done = act (fixture, kase->id, PEYGIR_ACTION_DISPATCH, "secretary", NULL);
  g_assert_true (g_str_has_suffix (first_referral (done)->letter_number, "/ص/1"));
}

/* The codes and numbers of a case read left to right, in their own order,
 * inside the Persian sentences of every letter: an applicant reads the
 * tracking code off the receipt, an agency cites the letter's number.
 * Without isolation the groups of ۳۳۲-۳۴۳-۴۹۷ come out right to left and
 * the ص of ۱۴۰۵/ص/۱ turns the number around it. */
static void
test_numbers_read_left_to_right (StoreFixture  *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirCase) kase = approved_case (fixture, 1);
  g_autoptr(PeygirCase) done = NULL;
  g_autoptr(PeygirBuiltLetter) receipt = NULL;
  g_autoptr(PeygirBuiltLetter) referral_letter = NULL;
  g_autoptr(PeygirBuiltLetter) reminder = NULL;
  g_autoptr(PeygirBuiltLetter) answer = NULL;
  g_autoptr(PeygirLetterRecord) record = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *code = peygir_tracking_code_format (kase->tracking_code);
  g_autofree char *registered = peygir_day_format (peygir_day_from_unix (kase->registered_at),
                                                   PEYGIR_DATE_NUMERIC);
  g_autofree char *referral_number = NULL;
  g_autofree char *dispatched = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  gint64 referral_id = first_referral (kase)->id;

  g_assert_nonnull (strchr (kase->registration_number, '/'));

  receipt = build (fixture, kase->id, PEYGIR_LETTER_RECEIPT, 0);
  lines = lines_left_to_right (receipt->pdf);
  assert_reads_left_to_right (lines, code);
  assert_reads_left_to_right (lines, kase->registration_number);
  assert_reads_left_to_right (lines, registered);
  assert_reads_left_to_right (lines, "071-32345678");
  assert_no_isolates (receipt->pdf);
  g_clear_pointer (&lines, g_ptr_array_unref);

  done = act (fixture, kase->id, PEYGIR_ACTION_DISPATCH, "secretary", NULL);
  referral_number = g_strdup (first_referral (done)->letter_number);
  g_assert_nonnull (strstr (referral_number, "ص"));
  dispatched = peygir_day_format (peygir_day_from_unix (first_referral (done)->dispatched_at),
                                  PEYGIR_DATE_NUMERIC);
  referral_letter = build (fixture, kase->id, PEYGIR_LETTER_REFERRAL, referral_id);
  g_assert_cmpstr (referral_letter->number, ==, referral_number);
  lines = lines_left_to_right (referral_letter->pdf);
  assert_reads_left_to_right (lines, referral_number);
  assert_reads_left_to_right (lines, kase->registration_number);
  assert_reads_left_to_right (lines, registered);
  assert_reads_left_to_right (lines, dispatched);
  assert_no_isolates (referral_letter->pdf);
  g_clear_pointer (&lines, g_ptr_array_unref);
  save_letter (referral_letter, "builder-referral-numbers");

  set_now ("2026-05-23T09:00:00+03:30");
  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_FOLLOW_UP;
  request.actor_login = "expert";
  request.referral_id = referral_id;
  request.channel = PEYGIR_CHANNEL_MAIL;
  request.note = "پیگیری با نامه";
  g_clear_pointer (&done, peygir_case_free);
  done = act_request (fixture, &request);
  request.action = PEYGIR_ACTION_APPROVE_REMINDER;
  request.actor_login = "manager";
  g_clear_pointer (&done, peygir_case_free);
  done = act_request (fixture, &request);
  g_clear_pointer (&done, peygir_case_free);
  done = act (fixture, kase->id, PEYGIR_ACTION_DISPATCH, "secretary", NULL);
  reminder = build (fixture, kase->id, PEYGIR_LETTER_REMINDER, referral_id);
  g_assert_false (reminder->draft);
  g_assert_cmpstr (reminder->number, ==, first_referral (done)->last_reminder_number);
  lines = lines_left_to_right (reminder->pdf);
  assert_reads_left_to_right (lines, reminder->number);
  /* the earlier letter it cites, and its date */
  assert_reads_left_to_right (lines, referral_number);
  assert_reads_left_to_right (lines, dispatched);
  assert_reads_left_to_right (lines, kase->registration_number);
  assert_no_isolates (reminder->pdf);
  g_clear_pointer (&lines, g_ptr_array_unref);

  request = (PeygirActionRequest) PEYGIR_ACTION_REQUEST_INIT;
  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_ANSWER;
  request.actor_login = "secretary";
  request.referral_id = referral_id;
  request.note = "لوله اصلی محله تعویض شد.";
  g_clear_pointer (&done, peygir_case_free);
  done = act_request (fixture, &request);
  record = peygir_store_issue_answer_letter (fixture->store, "secretary", kase->id, NULL, NULL, &error);
  g_assert_no_error (error);
  answer = build (fixture, kase->id, PEYGIR_LETTER_ANSWER, 0);
  g_assert_cmpstr (answer->number, ==, record->number);
  lines = lines_left_to_right (answer->pdf);
  assert_reads_left_to_right (lines, record->number);
  assert_reads_left_to_right (lines, code);
  assert_reads_left_to_right (lines, kase->registration_number);
  assert_reads_left_to_right (lines, registered);
  assert_no_isolates (answer->pdf);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, builder_set_up, func, fixture_tear_down)
/* on a file and on a server: the letters are made from either alike */
#define BOTH(path, func) store_test_add_both_set_up (path, builder_set_up, func)

  BOTH ("/letters/builder/referral", test_referral);
  ADD ("/letters/builder/reproducible", test_reproducible);
  BOTH ("/letters/builder/which-referral", test_which_referral);
  BOTH ("/letters/builder/reminder", test_reminder);
  BOTH ("/letters/builder/receipt", test_receipt);
  BOTH ("/letters/builder/answer", test_answer);
  BOTH ("/letters/builder/answer-two-agencies", test_answer_two_agencies);
  BOTH ("/letters/builder/answer-rejected", test_answer_rejected);
  ADD ("/letters/builder/referral-own-template", test_referral_own_template);
  ADD ("/letters/builder/returned-text", test_returned_text);
  BOTH ("/letters/builder/drafts-use-no-number", test_drafts_use_no_number);
  ADD ("/letters/builder/numbers-read-left-to-right", test_numbers_read_left_to_right);

#undef ADD

  return g_test_run ();
}
