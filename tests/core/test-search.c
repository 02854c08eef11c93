/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>

#include "peygir-workflow.h"
#include "store-test-fixture.h"

static GPtrArray *
search (StoreFixture *fixture,
        const char   *query)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *found = peygir_store_search (fixture->store, query, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (found);
  return found;
}

static gboolean
found_case (GPtrArray *found,
            gint64     id)
{
  for (guint i = 0; i < found->len; i++)
    if (((PeygirCase *) found->pdata[i])->id == id)
      return TRUE;
  return FALSE;
}

/* @query finds exactly the cases in @ids (0-terminated). */
static void
assert_finds (StoreFixture *fixture,
              const char   *query,
              const gint64 *ids)
{
  g_autoptr(GPtrArray) found = search (fixture, query);
  guint n = 0;

  g_test_message ("query “%s”: %u found", query, found->len);
  for (; ids[n] != 0; n++)
    g_assert_true (found_case (found, ids[n]));
  g_assert_cmpuint (found->len, ==, n);
}

static PeygirCase *
case_with (StoreFixture *fixture,
           const char   *name,
           const char   *subject,
           const char   *description)
{
  g_autoptr(PeygirCaseDraft) draft = draft_new (fixture->agency_a, subject, description);

  g_free (draft->applicant.name);
  draft->applicant.name = g_strdup (name);
  return create_case (fixture, draft);
}

static void
test_zwnj_forms (StoreFixture  *fixture,
                 gconstpointer  data G_GNUC_UNUSED)
{
  static const char * const forms[] = { "می\u200cشود", "می شود", "میشود" };
  gint64 ids[G_N_ELEMENTS (forms) + 1] = { 0 };
  g_autoptr(PeygirCase) unrelated = case_with (fixture, "سارا نوری", "پروانه کسب", "پروانه صادر نمی‌گردد.");

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autofree char *description = g_strdup_printf ("آب محله هر روز قطع %s و کسی پاسخ نمی‌دهد.", forms[i]);
      g_autoptr(PeygirCase) kase = case_with (fixture, "علی رضایی", "قطعی آب", description);

      ids[i] = kase->id;
    }

  /* each form finds the three cases, however they were written */
  for (guint q = 0; q < G_N_ELEMENTS (forms); q++)
    assert_finds (fixture, forms[q], ids);
}

static void
test_arabic_letters (StoreFixture  *fixture,
                     gconstpointer  data G_GNUC_UNUSED)
{
  /* written with Arabic ي and ك, and with Persian ی and ک */
  g_autoptr(PeygirCase) arabic = case_with (fixture, "علي كريمي", "شكايت از بيمارستان",
                                            "پزشك كشيك در بيمارستان حاضر نبود.");
  g_autoptr(PeygirCase) persian = case_with (fixture, "مهدی کاظمی", "تأخیر در پرداخت یارانه",
                                             "یارانه کالایی این ماه واریز نشده است.");
  gint64 arabic_only[] = { arabic->id, 0 };
  gint64 persian_only[] = { persian->id, 0 };

  assert_finds (fixture, "پزشک کشیک", arabic_only);
  assert_finds (fixture, "کریمی", arabic_only);
  assert_finds (fixture, "بیمارستان", arabic_only);
  assert_finds (fixture, "يارانه كالايي", persian_only);
  assert_finds (fixture, "كاظمي", persian_only);
  /* the hamza form and diacritics do not matter either */
  assert_finds (fixture, "تاخیر", persian_only);
  assert_finds (fixture, "یارانهٔ", persian_only);
}

static void
test_words (StoreFixture  *fixture,
            gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(PeygirCase) water = case_with (fixture, "فاطمه مرادی", "قطعی مکرر آب",
                                           "در هفته‌های اخیر آب محله ما هر روز چند ساعت قطع است و اطلاع‌رسانی نمی‌شود.");
  g_autoptr(PeygirCase) power = case_with (fixture, "حسین موسوی", "قبض برق غیرعادی",
                                           "قبض برق این دوره چند برابر صادر شده و کنتور بازبینی نشده است.");
  gint64 water_only[] = { water->id, 0 };
  gint64 power_only[] = { power->id, 0 };
  gint64 both[] = { water->id, power->id, 0 };
  gint64 none[] = { 0 };

  assert_finds (fixture, "مرادی", water_only);
  assert_finds (fixture, "فاطمه مرادی", water_only);
  /* two words, far apart, in either order */
  assert_finds (fixture, "محله اطلاع‌رسانی", water_only);
  assert_finds (fixture, "کنتور قبض", power_only);
  assert_finds (fixture, "چند", both);
  assert_finds (fixture, "کنتور محله", none);
  /* the subject, and the last word as a prefix while typing */
  assert_finds (fixture, "غیرعادی", power_only);
  assert_finds (fixture, "بازبی", power_only);
}

static void
test_answer_words (StoreFixture  *fixture,
                   gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(PeygirCase) kase = case_with (fixture, "رضا امیری", "قطعی آب", "آب محله قطع است.");
  g_autoptr(PeygirCase) done = NULL;
  PeygirActionRequest request = PEYGIR_ACTION_REQUEST_INIT;
  gint64 agencies[] = { fixture->agency_a };
  gint64 only[] = { kase->id, 0 };
  gint64 none[] = { 0 };

  assert_finds (fixture, "ایستگاه پمپاژ", none);

  done = review_and_register (fixture, kase->id);
  g_clear_pointer (&done, peygir_case_free);
  done = refer_and_dispatch (fixture, kase->id, agencies, G_N_ELEMENTS (agencies));

  /* a hit reads overdue as the case does: not before the due date, then yes */
  {
    g_autoptr(GPtrArray) found = search (fixture, "محله");

    g_assert_cmpuint (found->len, ==, 1);
    g_assert_false (((PeygirCase *) found->pdata[0])->overdue);
  }
  set_now ("2026-05-11T10:00:00+03:30");
  {
    g_autoptr(GPtrArray) found = search (fixture, "محله");
    g_autoptr(GPtrArray) by_code = search (fixture, kase->tracking_code);

    g_assert_cmpuint (found->len, ==, 1);
    g_assert_true (((PeygirCase *) found->pdata[0])->overdue);
    g_assert_cmpuint (by_code->len, ==, 1);
    g_assert_true (((PeygirCase *) by_code->pdata[0])->overdue);
  }

  request = (PeygirActionRequest) PEYGIR_ACTION_REQUEST_INIT;
  request.case_id = kase->id;
  request.action = PEYGIR_ACTION_ANSWER;
  request.actor_login = "secretary";
  request.referral_id = ((PeygirReferral *) done->referrals->pdata[0])->id;
  request.note = "ایستگاه پمپاژ محله تعمیر شد و آب برقرار است.";
  g_clear_pointer (&done, peygir_case_free);
  done = act_request (fixture, &request);
  g_assert_cmpint (done->state, ==, PEYGIR_STATE_ANSWERED);

  assert_finds (fixture, "ایستگاه پمپاژ", only);
  assert_finds (fixture, "تعمیر", only);
}

static void
test_numbers (StoreFixture  *fixture,
              gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(PeygirCase) kase = case_with (fixture, "لیلا قاسمی", "قطعی آب", "آب محله قطع است.");
  g_autoptr(PeygirCaseDraft) other_draft = draft_new (fixture->agency_a, "قطعی گاز", "گاز قطع است.");
  g_autoptr(PeygirCase) other = NULL;
  g_autoptr(PeygirCase) done = NULL;
  g_autofree char *spoken = peygir_tracking_code_format (kase->tracking_code);
  g_autofree char *persian_id = peygir_text_digits_to_persian (kase->applicant.national_id);
  gint64 only[] = { kase->id, 0 };
  gint64 other_only[] = { 0, 0 };
  gint64 none[] = { 0 };

  /* an applicant whose national ID begins with 9, like a mobile without its 0 */
  g_free (other_draft->applicant.national_id);
  other_draft->applicant.national_id = national_id_from ("912345678");
  g_free (other_draft->applicant.mobile);
  other_draft->applicant.mobile = g_strdup ("09351112233");
  other = create_case (fixture, other_draft);
  other_only[0] = other->id;

  done = review_and_register (fixture, kase->id);
  g_assert_cmpstr (done->registration_number, ==, "1405/1");

  assert_finds (fixture, kase->tracking_code, only);
  assert_finds (fixture, spoken, only);
  assert_finds (fixture, kase->applicant.national_id, only);
  assert_finds (fixture, persian_id, only);
  assert_finds (fixture, "09121234567", only);
  assert_finds (fixture, "۰۹۱۲ ۱۲۳ ۴۵۶۷", only);
  assert_finds (fixture, "+989121234567", only);
  assert_finds (fixture, "۱۴۰۵/۱", only);
  assert_finds (fixture, "1405/1", only);
  assert_finds (fixture, "۱۴۰۵/۲", none);
  assert_finds (fixture, other->applicant.national_id, other_only);
  assert_finds (fixture, "٠٩٣٥١١١٢٢٣٣", other_only);
}

static void
test_hostile_queries (StoreFixture  *fixture,
                      gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(PeygirCase) kase = case_with (fixture, "علی رضایی", "قطعی آب", "آب محله \"قطع\" است OR نیست.");
  static const char * const queries[] = {
    "\"", "\"\"", "آب\"", "'", "*", "آب*", "* آب", "NEAR(", "NEAR(آب قطع)", "NEAR(آب, 2)",
    "OR", "آب OR", "OR آب", "AND", "NOT", "آب NOT قطع", "-", "- آب", "آب -قطع", "^", "(", ")", "{}",
    ":", "applicant:علی", "subject : آب", "\\", "%", "_", "\u200c", "\u200f", "؟", "   ", "+", "/", "۱۴۰۵/",
  };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) found = peygir_store_search (fixture->store, queries[i], 0, &error);

      g_test_message ("hostile query “%s”: %s", queries[i],
                      error != NULL ? error->message : "no error");
      g_assert_no_error (error);
      g_assert_nonnull (found);
    }

  /* the words around the operators still find the case */
  {
    g_autoptr(GPtrArray) found = search (fixture, "آب OR");

    g_assert_true (found_case (found, kase->id));
  }
}

static void
test_empty_query (StoreFixture  *fixture,
                  gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(PeygirCase) kase = case_with (fixture, "علی رضایی", "قطعی آب", "آب محله قطع است.");
  static const char * const queries[] = { "", " ", "\t\n", "،؛", "-", "\u200c" };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GPtrArray) found = search (fixture, queries[i]);

      g_assert_cmpuint (found->len, ==, 0);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) found = peygir_store_search (fixture->store, NULL, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 0);
  }
}

static void
test_limit (StoreFixture  *fixture,
                        gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;

  for (guint i = 0; i < 8; i++)
    {
      g_autoptr(PeygirCase) kase = case_with (fixture, "علی رضایی", "قطعی آب", "آب محله قطع است.");
    }
  found = peygir_store_search (fixture->store, "قطع", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 5);
  /* newest first */
  for (guint i = 1; i < found->len; i++)
    g_assert_cmpint (((PeygirCase *) found->pdata[i - 1])->id, >, ((PeygirCase *) found->pdata[i])->id);
}

/* An edit of the intake fields rewrites the case's search row. */
static void
test_after_edit (StoreFixture  *fixture,
                 gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(PeygirCase) kase = case_with (fixture, "علی رضایی", "قطعی آب", "آب محله قطع است.");
  g_autoptr(PeygirCaseDraft) draft = draft_new (fixture->agency_a, "قطعی گاز", "گاز ساختمان وصل نمی‌شود.");
  g_autoptr(PeygirCase) edited = NULL;
  g_autoptr(GError) error = NULL;
  gint64 only[] = { kase->id, 0 };
  gint64 none[] = { 0 };

  assert_finds (fixture, "محله", only);
  edited = peygir_store_update_case (fixture->store, "expert", kase->id, kase->version, draft, &error);
  g_assert_no_error (error);
  assert_finds (fixture, "محله", none);
  assert_finds (fixture, "ساختمان", only);
  assert_finds (fixture, "نمیشود", only);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, fixture_set_up, func, fixture_tear_down)
/* on a file and on a server: what the two engines must do alike */
#define BOTH(path, func) store_test_add_both (path, func)

  BOTH ("/core/search/zwnj-forms", test_zwnj_forms);
  BOTH ("/core/search/arabic-letters", test_arabic_letters);
  BOTH ("/core/search/words", test_words);
  BOTH ("/core/search/answer", test_answer_words);
  BOTH ("/core/search/numbers", test_numbers);
  BOTH ("/core/search/hostile", test_hostile_queries);
  BOTH ("/core/search/empty", test_empty_query);
  BOTH ("/core/search/limit", test_limit);
  BOTH ("/core/search/after-edit", test_after_edit);

  return g_test_run ();
}
