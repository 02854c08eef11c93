/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <fcntl.h>
#include <locale.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test-admin-util.h"

/* Ten days after the fixture's "now": past a referral's 7 working days. */
#define LATER "2026-12-10T09:00:00+03:30"

static char *
id_text (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

/* For use inside an assertion: freed at the next call. */
static const char *
id_text_keep (gint64 id)
{
  static char *text;

  g_free (text);
  text = id_text (id);
  return text;
}

static JsonNode *
show_case (AdminFixture *fixture,
           gint64        id)
{
  g_autofree char *text = id_text (id);

  return admin_json (fixture, "case", "show", text, "--json", NULL);
}

static JsonArray *
member_array (JsonNode   *object,
              const char *name)
{
  JsonNode *member = admin_member (object, name);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (member));
  return json_node_get_array (member);
}

static JsonNode *
referral_at (JsonNode *kase,
             guint     index)
{
  JsonArray *referrals = member_array (kase, "referrals");

  g_assert_cmpuint (index, <, json_array_get_length (referrals));
  return json_array_get_element (referrals, index);
}

static gboolean
list_has_case (JsonNode *list,
               gint64    id)
{
  JsonArray *array = json_node_get_array (list);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      if (admin_member_int (json_array_get_element (array, i), "id") == id)
        return TRUE;
    }
  return FALSE;
}

static void
test_usage (AdminFixture  *fixture,
            gconstpointer  data)
{
  const char * const no_args[] = { NULL };
  const char * const unknown[] = { "frobnicate", NULL };
  const char * const help[] = { "--help", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.db", NULL);
  const char * const list[] = { "--db", missing, "case", "list", NULL };

  g_assert_cmpint (admin_run_argv (NULL, NULL, NULL, no_args, &out, &err), ==, 1);
  admin_assert_one_error_line (err);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (admin_run_argv (fixture->db, NULL, NULL, unknown, &out, &err), ==, 1);
  admin_assert_one_error_line (err);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (admin_run_argv (NULL, NULL, NULL, help, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "case act"));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);

  /* A database that is not there is not created behind the user's back. */
  g_assert_cmpint (admin_run_argv (NULL, NULL, NULL, list, &out, &err), ==, 6);
  admin_assert_one_error_line (err);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  admin_expect (fixture, 6, NULL, "check", NULL);
  g_free (admin_ok (fixture, "init", NULL));

  /* --db also after the command, and as --db=PATH; without it, PEYGIR_DB. */
  {
    g_autofree char *db_option = g_strconcat ("--db=", fixture->db, NULL);
    const char * const after[] = { "case", "count", "--db", fixture->db, NULL };
    const char * const joined[] = { db_option, "case", "count", NULL };
    const char * const from_env[] = { "case", "count", NULL };

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (admin_run_argv (NULL, NULL, NULL, after, &out, &err), ==, 0);
    g_assert_cmpstr (out, ==, "0\n");
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (admin_run_argv (NULL, NULL, NULL, joined, &out, &err), ==, 0);
    g_assert_cmpstr (out, ==, "0\n");
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_nonnull (g_getenv ("PEYGIR_DB"));
    g_assert_cmpint (admin_run_argv (NULL, NULL, NULL, from_env, &out, &err), ==, 6);
    g_assert_nonnull (strstr (err, g_getenv ("PEYGIR_DB")));
  }
  /* without --as, the login running it acts */
  admin_expect (fixture, 2, NULL, "case", "act", "1", "review", NULL);
  admin_expect (fixture, 1, NULL, "case", "act", "1", "dance", "--as", "x", NULL);
  admin_expect (fixture, 1, NULL, "case", NULL);
  admin_expect (fixture, 1, NULL, "case", "show", NULL);
  admin_expect (fixture, 1, NULL, "case", "list", "--bogus", NULL);
}

/* Messages follow the system's locale. */
static void
test_locale (AdminFixture  *fixture,
             gconstpointer  data)
{
  g_autofree char *saved = g_strdup (setlocale (LC_ALL, NULL));
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gboolean available = setlocale (LC_ALL, "fa_IR.UTF-8") != NULL;

  setlocale (LC_ALL, saved);
  if (!available)
    {
      g_test_skip ("the fa_IR.UTF-8 locale is not installed");
      return;
    }

  g_free (admin_ok (fixture, "init", NULL));
  g_free (admin_ok (fixture, "user", "add", "admin", "--name", "مدیر", "--role", "admin", NULL));
  g_free (admin_ok (fixture, "user", "add", "expert", "--name", "کارشناس", "--role", "expert", NULL));
  g_setenv ("LC_ALL", "fa_IR.UTF-8", TRUE);
  g_assert_cmpint (admin_run (fixture, NULL, &out, &err, "agency", "add", "x", "--as", "expert", NULL), ==, 3);
  g_unsetenv ("LC_ALL");
  admin_assert_one_error_line (err);
  g_assert_nonnull (strstr (err, "فقط مدیر سامانه"));
}

static void
act (AdminFixture *fixture,
     gint64        id,
     const char   *action,
     const char   *actor,
     const char   *expected_state)
{
  g_autofree char *text = id_text (id);
  g_autoptr(JsonNode) kase = admin_json (fixture, "case", "act", text, action, "--as", actor,
                                         "--json", NULL);

  g_assert_cmpstr (admin_member_string (kase, "state"), ==, expected_state);
}

static void
test_workflow_complaint (AdminFixture  *fixture,
                         gconstpointer  data)
{
  gint64 agencies[2];
  g_autofree char *json = NULL;
  g_autofree char *id = NULL;
  g_autofree char *agency0 = NULL;
  g_autofree char *agency1 = NULL;
  g_autofree char *referral0 = NULL;
  g_autofree char *referral1 = NULL;
  g_autofree char *human = NULL;
  g_autoptr(JsonNode) kase = NULL;
  g_autoptr(JsonNode) by_code = NULL;
  g_autoptr(JsonNode) by_number = NULL;
  g_autoptr(JsonNode) overdue = NULL;
  g_autoptr(JsonNode) users = NULL;
  g_autofree char *tracking = NULL;
  g_autofree char *registration = NULL;
  g_autofree char *early_now = NULL;
  JsonArray *events;
  gint64 case_id;
  gint64 referral_ids[2];
  const char *history[] = {
    "create", "review", "register", "refer", "approve", "dispatch", "follow_up",
    "answer", "answer", "notify", "reopen",
  };

  admin_fixture_populate (fixture, agencies);
  users = admin_json (fixture, "user", "list", "--json", NULL);
  /* the four, and the login that ran init, the first administrator */
  g_assert_cmpuint (json_array_get_length (json_node_get_array (users)), ==, 5);

  json = admin_complaint_json (agencies[0], "تأخیر در صدور مجوز");
  case_id = admin_new_case (fixture, json);
  id = id_text (case_id);

  kase = show_case (fixture, case_id);
  g_assert_cmpstr (admin_member_string (kase, "state"), ==, "received");
  g_assert_cmpstr (admin_member_string (kase, "kind"), ==, "complaint");
  g_assert_null (admin_member_string (kase, "registration_number"));
  /* Intake normalised the applicant's digits. */
  g_assert_cmpstr (admin_member_string (admin_member (kase, "applicant"), "national_id"), ==, "0084575948");
  g_assert_cmpstr (admin_member_string (admin_member (kase, "applicant"), "mobile"), ==, "09123456789");
  g_assert_cmpint (admin_member_int (kase, "agency"), ==, agencies[0]);
  tracking = g_strdup (admin_member_string (kase, "tracking_code"));
  by_code = admin_json (fixture, "case", "show", tracking, "--json", NULL);
  g_assert_cmpint (admin_member_int (by_code, "id"), ==, case_id);
  g_clear_pointer (&kase, json_node_unref);

  act (fixture, case_id, "review", "expert", "in_review");
  act (fixture, case_id, "register", "clerk", "registered");

  kase = show_case (fixture, case_id);
  registration = g_strdup (admin_member_string (kase, "registration_number"));
  g_assert_cmpstr (registration, ==, "1405/1");
  by_number = admin_json (fixture, "case", "show", registration, "--json", NULL);
  g_assert_cmpint (admin_member_int (by_number, "id"), ==, case_id);
  g_clear_pointer (&kase, json_node_unref);

  agency0 = id_text (agencies[0]);
  agency1 = id_text (agencies[1]);
  kase = admin_json (fixture, "case", "act", id, "refer", "--as", "expert",
                     "--agency", agency0, "--agency", agency1,
                     "--note", "خواهشمند است دستور فرمایید موضوع بررسی و نتیجه اعلام گردد.",
                     "--json", NULL);
  g_assert_cmpstr (admin_member_string (kase, "state"), ==, "with_manager");
  g_assert_cmpuint (json_array_get_length (member_array (kase, "referrals")), ==, 2);
  g_assert_cmpstr (admin_member_string (referral_at (kase, 0), "state"), ==, "draft");
  g_clear_pointer (&kase, json_node_unref);

  act (fixture, case_id, "approve", "manager", "referred");
  act (fixture, case_id, "dispatch", "clerk", "referred");

  kase = show_case (fixture, case_id);
  for (guint i = 0; i < 2; i++)
    {
      JsonNode *referral = referral_at (kase, i);

      g_assert_cmpstr (admin_member_string (referral, "state"), ==, "dispatched");
      g_assert_nonnull (admin_member_string (referral, "letter_number"));
      g_assert_nonnull (admin_member_string (referral, "due"));
      g_assert_nonnull (admin_member_string (referral, "agency_name"));
      g_assert_false (admin_member_bool (referral, "overdue"));
      referral_ids[i] = admin_member_int (referral, "id");
    }
  g_assert_cmpstr (admin_member_string (referral_at (kase, 0), "letter_number"), !=,
                   admin_member_string (referral_at (kase, 1), "letter_number"));
  g_assert_false (admin_member_bool (kase, "overdue"));
  g_clear_pointer (&kase, json_node_unref);

  /* Ten days on, neither agency has answered: the answer was not sent on time. */
  early_now = g_steal_pointer (&fixture->now);
  fixture->now = g_strdup (LATER);
  kase = show_case (fixture, case_id);
  g_assert_true (admin_member_bool (kase, "overdue"));
  g_assert_true (admin_member_bool (referral_at (kase, 0), "overdue"));
  g_assert_true (admin_member_bool (referral_at (kase, 1), "overdue"));
  g_clear_pointer (&kase, json_node_unref);
  overdue = admin_json (fixture, "case", "list", "--overdue", "--json", NULL);
  g_assert_true (list_has_case (overdue, case_id));
  g_clear_pointer (&overdue, json_node_unref);

  /* The expert follows up with the first agency: it has a new deadline. */
  referral0 = id_text (referral_ids[0]);
  referral1 = id_text (referral_ids[1]);
  kase = admin_json (fixture, "case", "act", id, "follow_up", "--as", "expert", "--channel", "phone",
                     "--referral", referral0, "--note", "پیگیری تلفنی انجام شد.", "--json", NULL);
  g_assert_cmpstr (admin_member_string (kase, "state"), ==, "referred");
  g_clear_pointer (&kase, json_node_unref);
  kase = show_case (fixture, case_id);
  g_assert_false (admin_member_bool (referral_at (kase, 0), "overdue"));
  g_assert_cmpint (admin_member_int (referral_at (kase, 0), "follow_ups"), ==, 1);
  g_assert_true (admin_member_bool (referral_at (kase, 1), "overdue"));
  g_assert_true (admin_member_bool (kase, "overdue"));
  g_clear_pointer (&kase, json_node_unref);

  /* Following up is the expert's: the secretariat may not. */
  admin_expect (fixture, 3, NULL, "case", "act", id, "follow_up", "--as", "clerk", "--channel", "mail",
                "--referral", referral1, NULL);
  /* An answer needs its text. */
  admin_expect (fixture, 2, NULL, "case", "act", id, "answer", "--as", "clerk",
                "--referral", referral0, NULL);

  kase = admin_json (fixture, "case", "act", id, "answer", "--as", "clerk", "--referral", referral0,
                     "--note", "موضوع در دست اقدام است.", "--json", NULL);
  g_assert_cmpstr (admin_member_string (kase, "state"), ==, "referred");
  g_clear_pointer (&kase, json_node_unref);
  kase = admin_json (fixture, "case", "act", id, "answer", "--as", "clerk", "--referral", referral1,
                     "--note", "مشکل برطرف شد.", "--json", NULL);
  g_assert_cmpstr (admin_member_string (kase, "state"), ==, "answered");
  g_assert_false (admin_member_bool (kase, "overdue"));
  g_clear_pointer (&kase, json_node_unref);

  /* Notifying needs a channel. */
  admin_expect (fixture, 2, NULL, "case", "act", id, "notify", "--as", "expert", NULL);
  kase = admin_json (fixture, "case", "act", id, "notify", "--as", "expert", "--channel", "phone",
                     "--note", "نتیجه تلفنی به متقاضی اعلام شد.", "--json", NULL);
  g_assert_cmpstr (admin_member_string (kase, "state"), ==, "closed");
  g_clear_pointer (&kase, json_node_unref);

  /* The applicant objects: the manager reopens, and a second round starts. */
  admin_expect (fixture, 2, NULL, "case", "act", id, "reopen", "--as", "manager", NULL);
  admin_expect (fixture, 3, NULL, "case", "act", id, "reopen", "--as", "expert", "--note", "اعتراض", NULL);
  kase = admin_json (fixture, "case", "act", id, "reopen", "--as", "manager",
                     "--note", "متقاضی به پاسخ اعتراض دارد.", "--json", NULL);
  g_assert_cmpstr (admin_member_string (kase, "state"), ==, "in_review");
  g_assert_cmpint (admin_member_int (kase, "round"), ==, 2);
  g_clear_pointer (&kase, json_node_unref);

  kase = show_case (fixture, case_id);
  /* The history keeps both rounds, one event an action. */
  events = member_array (kase, "events");
  g_assert_cmpuint (json_array_get_length (events), ==, G_N_ELEMENTS (history));
  for (guint i = 0; i < G_N_ELEMENTS (history); i++)
    g_assert_cmpstr (admin_member_string (json_array_get_element (events, i), "action"), ==, history[i]);
  g_assert_cmpstr (admin_member_string (kase, "registration_number"), ==, registration);
  g_assert_cmpstr (admin_member_string (kase, "tracking_code"), ==, tracking);

  human = admin_ok (fixture, "case", "show", id, NULL);
  g_assert_nonnull (strstr (human, tracking));
  g_assert_nonnull (strstr (human, "in_review"));
  g_assert_nonnull (strstr (human, "closed → in_review — متقاضی به پاسخ اعتراض دارد."));

  g_free (admin_ok (fixture, "check", NULL));
}

static void
test_workflow_rejected (AdminFixture  *fixture,
                        gconstpointer  data)
{
  gint64 agencies[2];
  g_autofree char *json = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonNode) kase = NULL;
  gint64 case_id;

  admin_fixture_populate (fixture, agencies);
  json = admin_complaint_json (agencies[1], "قطعی مکرر آب");
  case_id = admin_new_case (fixture, json);
  id = id_text (case_id);

  act (fixture, case_id, "review", "expert", "in_review");
  admin_expect (fixture, 2, NULL, "case", "act", id, "reject", "--as", "expert", NULL);
  kase = admin_json (fixture, "case", "act", id, "reject", "--as", "expert",
                     "--note", "موضوع در صلاحیت این دفتر نیست.", "--json", NULL);
  g_assert_cmpstr (admin_member_string (kase, "state"), ==, "rejected");
  g_assert_null (admin_member_string (kase, "registration_number"));
  g_clear_pointer (&kase, json_node_unref);

  kase = admin_json (fixture, "case", "act", id, "notify", "--as", "expert", "--channel", "in_person",
                     "--note", "به متقاضی حضوری اعلام شد.", "--json", NULL);
  g_assert_cmpstr (admin_member_string (kase, "state"), ==, "closed");
  g_free (admin_ok (fixture, "check", NULL));
}

static void
test_workflow_refusals (AdminFixture  *fixture,
                        gconstpointer  data)
{
  gint64 agencies[2];
  g_autofree char *json = NULL;
  g_autofree char *id = NULL;
  g_autofree char *agency = NULL;
  g_autofree char *version = NULL;
  g_autofree char *stale = NULL;
  g_autoptr(JsonNode) kase = NULL;
  gint64 case_id;

  admin_fixture_populate (fixture, agencies);
  json = admin_complaint_json (agencies[0], "عدم پاسخگویی");
  case_id = admin_new_case (fixture, json);
  id = id_text (case_id);
  agency = id_text (agencies[0]);

  /* Wrong role: 3. */
  admin_expect (fixture, 3, NULL, "case", "act", id, "review", "--as", "clerk", NULL);
  admin_expect (fixture, 3, NULL, "case", "act", id, "review", "--as", "nobody", NULL);
  /* Wrong state: 4. */
  admin_expect (fixture, 4, NULL, "case", "act", id, "notify", "--as", "expert", "--channel", "sms",
                "--note", "x", NULL);
  admin_expect (fixture, 4, NULL, "case", "act", id, "reopen", "--as", "manager", "--note", "x", NULL);
  /* No such case, or no such action's argument: 2. */
  admin_expect (fixture, 2, NULL, "case", "act", "999", "review", "--as", "expert", NULL);
  admin_expect (fixture, 2, NULL, "case", "act", id, "review", "--as", "expert", "--expect-version", "x", NULL);

  act (fixture, case_id, "review", "expert", "in_review");
  admin_expect (fixture, 3, NULL, "case", "act", id, "register", "--as", "expert", NULL);
  admin_expect (fixture, 2, NULL, "case", "act", id, "reject", "--as", "expert", NULL);
  act (fixture, case_id, "register", "clerk", "registered");
  admin_expect (fixture, 2, NULL, "case", "act", id, "refer", "--as", "expert", "--note", "متن", NULL);
  admin_expect (fixture, 2, NULL, "case", "act", id, "refer", "--as", "expert", "--note", "متن",
                "--agency", "999", NULL);
  admin_expect (fixture, 4, NULL, "case", "act", id, "approve", "--as", "manager", NULL);

  kase = admin_json (fixture, "case", "act", id, "refer", "--as", "expert", "--agency", agency,
                     "--note", "متن نامه", "--json", NULL);
  g_clear_pointer (&kase, json_node_unref);
  admin_expect (fixture, 3, NULL, "case", "act", id, "approve", "--as", "expert", NULL);
  admin_expect (fixture, 2, NULL, "case", "act", id, "return", "--as", "manager", NULL);
  kase = admin_json (fixture, "case", "act", id, "return", "--as", "manager",
                     "--note", "متن نامه اصلاح شود.", "--json", NULL);
  g_assert_cmpstr (admin_member_string (kase, "state"), ==, "registered");
  g_clear_pointer (&kase, json_node_unref);

  /* A stale version is refused and changes nothing; the current one acts. */
  kase = show_case (fixture, case_id);
  version = id_text (admin_member_int (kase, "version"));
  stale = id_text (admin_member_int (kase, "version") - 1);
  g_clear_pointer (&kase, json_node_unref);
  admin_expect (fixture, 5, NULL, "case", "act", id, "refer", "--as", "expert", "--agency", agency,
                "--note", "متن نامه", "--expect-version", stale, NULL);
  kase = show_case (fixture, case_id);
  g_assert_cmpstr (admin_member_string (kase, "state"), ==, "registered");
  g_assert_cmpstr (version, ==, id_text_keep (admin_member_int (kase, "version")));
  g_clear_pointer (&kase, json_node_unref);
  kase = admin_json (fixture, "case", "act", id, "refer", "--as", "expert", "--agency", agency,
                     "--note", "متن نامه", "--expect-version", version, "--json", NULL);
  g_assert_cmpstr (admin_member_string (kase, "state"), ==, "with_manager");
  g_clear_pointer (&kase, json_node_unref);
  admin_expect (fixture, 5, NULL, "case", "act", id, "approve", "--as", "manager",
                "--expect-version", version, NULL);

  /* Administrator commands refuse someone who is not one. */
  admin_expect (fixture, 3, NULL, "user", "add", "intruder", "--name", "x", "--role", "admin",
                "--as", "expert", NULL);
  admin_expect (fixture, 3, NULL, "agency", "add", "x", "--as", "clerk", NULL);
  admin_expect (fixture, 2, NULL, "user", "add", "someone", "--name", "x", "--role", "boss", NULL);
  admin_expect (fixture, 2, NULL, "user", "add", "expert", "--name", "x", "--role", "expert", NULL);
}

static GBytes *
file_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}

static char *
all_cases (AdminFixture *fixture)
{
  return admin_ok (fixture, "case", "list", "--limit", "0", "--json", NULL);
}

static char *
with_member (const char *base_json,
             const char *member_json)
{
  /* Replaces the object's closing brace: the member comes last and wins. */
  g_autofree char *head = g_strndup (base_json, strrchr (base_json, '}') - base_json);

  return g_strdup_printf ("%s,%s}", head, member_json);
}

static void
test_input_bad_case (AdminFixture  *fixture,
                     gconstpointer  data)
{
  gint64 agencies[2];
  g_autofree char *valid = NULL;
  g_autofree char *before = NULL;
  g_autoptr(GBytes) file_before = NULL;
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) long_text = g_string_new ("\"description\":\"");
  g_autofree char *case_file = NULL;

  admin_fixture_populate (fixture, agencies);
  valid = admin_complaint_json (agencies[0], "درخواست پیگیری");
  admin_new_case (fixture, valid);

  g_ptr_array_add (inputs, g_strdup ("{\"kind\": \"complaint\", "));
  g_ptr_array_add (inputs, g_strdup ("not json at all"));
  g_ptr_array_add (inputs, g_strdup (""));
  g_ptr_array_add (inputs, g_strdup ("[1, 2, 3]"));
  g_ptr_array_add (inputs, with_member (valid, "\"subject\":\"bad \xff\xfe bytes\""));
  g_ptr_array_add (inputs, with_member (valid, "\"applicant\":{\"type\":\"citizen\",\"name\":\"علی رضایی\",\"national_id\":\"0084575949\"}"));
  g_ptr_array_add (inputs, with_member (valid, "\"applicant\":{\"type\":\"citizen\",\"name\":\"علی رضایی\",\"national_id\":\"1111111111\"}"));
  g_ptr_array_add (inputs, with_member (valid, "\"applicant\":{\"type\":\"citizen\",\"name\":\"\",\"national_id\":\"0084575948\"}"));
  g_ptr_array_add (inputs, with_member (valid, "\"applicant\":{\"type\":\"martian\",\"name\":\"x\"}"));
  g_ptr_array_add (inputs, with_member (valid, "\"subject\":\"\""));
  g_ptr_array_add (inputs, with_member (valid, "\"subject\":null"));
  g_ptr_array_add (inputs, with_member (valid, "\"subject\":42"));
  g_ptr_array_add (inputs, with_member (valid, "\"agency\":9999"));
  g_ptr_array_add (inputs, with_member (valid, "\"agency\":\"one\""));
  g_ptr_array_add (inputs, with_member (valid, "\"kind\":\"praise\""));
  g_ptr_array_add (inputs, with_member (valid, "\"category\":\"weather\""));
  g_ptr_array_add (inputs, with_member (valid, "\"channel\":\"pigeon\""));
  g_ptr_array_add (inputs, with_member (valid, "\"subjetc\":\"typo\""));
  g_ptr_array_add (inputs, with_member (valid, "\"subject\":\"bell\\u0007inside\""));
  g_ptr_array_add (inputs, with_member (valid, "\"subject\":\"escape \\u001b[31m red\""));
  g_ptr_array_add (inputs, with_member (valid, "\"received_on\":\"1405/13/40\""));
  g_ptr_array_add (inputs, with_member (valid, "\"linked_case\":9999"));
  for (guint i = 0; i < 1024 * 1024; i++)
    g_string_append_c (long_text, 'a' + i % 26);
  g_string_append_c (long_text, '"');
  g_ptr_array_add (inputs, with_member (valid, long_text->str));

  before = all_cases (fixture);
  file_before = file_bytes (fixture->db);

  for (guint i = 0; i < inputs->len; i++)
    {
      const char *input = g_ptr_array_index (inputs, i);
      g_autoptr(GBytes) bytes = g_bytes_new (input, strlen (input));
      g_autofree char *after = NULL;
      g_autoptr(GBytes) file_after = NULL;

      g_test_message ("input %u: %.80s", i, input);
      admin_expect (fixture, 2, bytes, "case", "new", "--as", "expert", "--json", "-", NULL);

      after = all_cases (fixture);
      g_assert_cmpstr (after, ==, before);
      file_after = file_bytes (fixture->db);
      g_assert_true (g_bytes_equal (file_after, file_before));
    }

  /* The same from a file, and a file that is not there. */
  case_file = g_build_filename (fixture->dir, "case.json", NULL);
  g_assert_true (g_file_set_contents (case_file, g_ptr_array_index (inputs, 5), -1, NULL));
  admin_expect (fixture, 2, NULL, "case", "new", "--as", "expert", "--json", case_file, NULL);
  g_assert_true (g_file_set_contents (case_file, valid, -1, NULL));
  g_free (admin_ok (fixture, "case", "new", "--as", "expert", "--json", case_file, NULL));
  g_free (case_file);
  case_file = g_build_filename (fixture->dir, "missing.json", NULL);
  admin_expect (fixture, 2, NULL, "case", "new", "--as", "expert", "--json", case_file, NULL);

  /* Command-line text is checked as well. */
  admin_expect (fixture, 2, NULL, "case", "act", "1", "contact", "--as", "expert", "--channel", "phone",
                "--note", "bad \xff", NULL);
  admin_expect (fixture, 2, NULL, "agency", "add", "bell\x07", "--as", "admin", NULL);
  g_free (admin_ok (fixture, "check", NULL));
}

/* JSON nested far deeper than any case would be is refused before the
 * parser, whose recursion it would otherwise exhaust. */
static void
test_input_nested_json (AdminFixture  *fixture,
                        gconstpointer  data)
{
  gint64 agencies[2];
  g_autofree char *valid = NULL;
  g_autofree char *brackets = NULL;
  g_autoptr(GString) deep = g_string_new ("{\"kind\":\"complaint\",\"subject\":");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) kase = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "deep.json", NULL);
  const guint levels = 100000;

  admin_fixture_populate (fixture, agencies);
  for (guint i = 0; i < levels; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < levels; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');

  bytes = g_bytes_new (deep->str, deep->len);
  g_assert_cmpint (admin_run (fixture, bytes, &out, &err, "case", "new", "--as", "expert", "--json", "-", NULL),
                   ==, 2);
  admin_assert_one_error_line (err);
  g_assert_true (g_file_set_contents (path, deep->str, deep->len, NULL));
  admin_expect (fixture, 2, NULL, "case", "new", "--as", "expert", "--json", path, NULL);

  /* Brackets inside a string are text, however many. */
  brackets = g_strnfill (500, '[');
  {
    g_autofree char *member = g_strdup_printf ("\"description\":\"\\\"%s\\\\\"", brackets);
    g_autofree char *json = NULL;
    g_autofree char *id = NULL;

    valid = admin_complaint_json (agencies[0], "شکایت");
    json = with_member (valid, member);
    id = g_strdup_printf ("%" G_GINT64_FORMAT, admin_new_case (fixture, json));
    kase = admin_json (fixture, "case", "show", id, "--json", NULL);
    g_assert_true (g_str_has_suffix (admin_member_string (kase, "description"), "[\\"));
  }
}

/* "\u0000" would end the C string there and keep only the head of it. */
static void
test_input_nul_escape (AdminFixture  *fixture,
                       gconstpointer  data)
{
  gint64 agencies[2];
  g_autofree char *valid = NULL;
  g_autofree char *before = NULL;
  const char *refused[] = {
    "\"subject\":\"Ali\\u0000 TAIL\"",
    "\"applicant\":{\"type\":\"citizen\",\"name\":\"Ali\\u0000 TAIL\",\"national_id\":\"0084575948\"}",
    "\"subject\":\"a\\\\\\u0000 b\"",
  };

  admin_fixture_populate (fixture, agencies);
  valid = admin_complaint_json (agencies[0], "شکایت");
  before = all_cases (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *json = with_member (valid, refused[i]);
      g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
      g_autofree char *after = NULL;

      g_test_message ("input: %s", refused[i]);
      admin_expect (fixture, 2, bytes, "case", "new", "--as", "expert", "--json", "-", NULL);
      after = all_cases (fixture);
      g_assert_cmpstr (after, ==, before);
    }

  /* An escaped backslash before "u0000" is six characters of text. */
  {
    g_autofree char *json = with_member (valid, "\"subject\":\"Ali\\\\u0000 TAIL\"");
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, admin_new_case (fixture, json));
    g_autoptr(JsonNode) kase = admin_json (fixture, "case", "show", id, "--json", NULL);

    g_assert_cmpstr (admin_member_string (kase, "subject"), ==, "Ali\\u0000 TAIL");
  }
}

typedef struct
{
  gboolean     done;
  gboolean     timed_out;
  GSubprocess *process;
} Watch;

static void
watch_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Watch *watch = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  watch->done = TRUE;
}

static gboolean
watch_timeout_cb (gpointer user_data)
{
  Watch *watch = user_data;

  watch->timed_out = TRUE;
  g_subprocess_force_exit (watch->process);
  return G_SOURCE_REMOVE;
}

G_GNUC_UNUSED static void
limit_memory_cb (gpointer user_data)
{
  struct rlimit limit = { .rlim_cur = 256 * 1024 * 1024, .rlim_max = 256 * 1024 * 1024 };

  setrlimit (RLIMIT_AS, &limit);
}

/* peygir-admin with @args after --db, killed if it takes more than @seconds;
 * with @limit_memory, its address space is kept to 256 MiB (its resident
 * size to 512 MiB under AddressSanitizer). The exit status;
 * stderr in @err. */
static int
admin_run_watched (AdminFixture  *fixture,
                   guint          seconds,
                   gboolean       limit_memory,
                   char         **err,
                   ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) err_bytes = NULL;
  Watch watch = { FALSE, FALSE, NULL };
  guint timeout_id;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("PEYGIR_ADMIN"));
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, fixture->db);
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "PEYGIR_NOW", fixture->now, TRUE);
  if (limit_memory)
    {
#ifdef __SANITIZE_ADDRESS__
      /* AddressSanitizer reserves terabytes of address space for its
       * shadow, so no RLIMIT_AS leaves it room to start; its own watchdog
       * aborts the child past a resident size instead (ASan's overhead
       * included). */
      g_autofree char *options = g_strconcat (g_getenv ("ASAN_OPTIONS") ? g_getenv ("ASAN_OPTIONS") : "",
                                              ":hard_rss_limit_mb=512", NULL);

      g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", options, TRUE);
#else
      g_subprocess_launcher_set_child_setup (launcher, limit_memory_cb, NULL, NULL);
#endif
    }
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  watch.process = process;
  timeout_id = g_timeout_add_seconds (seconds, watch_timeout_cb, &watch);
  g_subprocess_wait_async (process, NULL, watch_done_cb, &watch);
  while (!watch.done)
    g_main_context_iteration (NULL, TRUE);
  if (!watch.timed_out)
    g_source_remove (timeout_id);
  g_assert_false (watch.timed_out);

  /* The child has ended: its stderr is whole in the pipe. */
  {
    GInputStream *stream = g_subprocess_get_stderr_pipe (process);
    g_autoptr(GOutputStream) collected = g_memory_output_stream_new_resizable ();

    g_output_stream_splice (collected, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
    g_assert_no_error (error);
    err_bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (collected));
    *err = g_strndup (g_bytes_get_data (err_bytes, NULL), g_bytes_get_size (err_bytes));
  }
  if (g_subprocess_get_if_exited (process))
    return g_subprocess_get_exit_status (process);
  return 128 + g_subprocess_get_term_sig (process);
}

static guint
n_documents (AdminFixture *fixture,
             const char   *case_id)
{
  g_autoptr(JsonNode) kase = admin_json (fixture, "case", "show", case_id, "--json", NULL);

  return json_array_get_length (member_array (kase, "documents"));
}

/* Only a regular file is attached: a pipe would block for ever, a device
 * would be read without end. */
static void
test_attach_not_regular (AdminFixture  *fixture,
                         gconstpointer  data)
{
  gint64 agencies[2];
  g_autofree char *json = NULL;
  g_autofree char *id = NULL;
  g_autofree char *fifo = g_build_filename (fixture->dir, "scan.pdf", NULL);
  g_autofree char *zero = g_build_filename (fixture->dir, "zero.pdf", NULL);
  const char *paths[] = { fifo, zero, fixture->dir };

  admin_fixture_populate (fixture, agencies);
  json = admin_complaint_json (agencies[0], "شکایت");
  id = g_strdup_printf ("%" G_GINT64_FORMAT, admin_new_case (fixture, json));
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink ("/dev/zero", zero), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *err = NULL;

      g_test_message ("attach %s", paths[i]);
      g_assert_cmpint (admin_run_watched (fixture, 30, TRUE, &err, "case", "attach", id, paths[i],
                                          "--as", "expert", NULL), ==, 2);
      admin_assert_one_error_line (err);
      g_clear_pointer (&err, g_free);

      /* The agency's answer takes a scan too. */
      g_assert_cmpint (admin_run_watched (fixture, 30, TRUE, &err, "case", "act", id, "answer",
                                          "--as", "clerk", "--attach", paths[i], NULL), ==, 2);
      admin_assert_one_error_line (err);
    }
  g_assert_cmpuint (n_documents (fixture, id), ==, 0);
}

/* The size is known before anything is read: a file over the limit is
 * refused whatever its size, in bounded memory, and the message names the
 * limit in units a person reads. */
static void
test_attach_size_limit (AdminFixture  *fixture,
                        gconstpointer  data)
{
  gint64 agencies[2];
  g_autofree char *json = NULL;
  g_autofree char *id = NULL;
  g_autofree char *small = g_build_filename (fixture->dir, "small.pdf", NULL);
  g_autofree char *huge = g_build_filename (fixture->dir, "huge.pdf", NULL);
  g_autofree char *limit = g_format_size_full (20 * 1024 * 1024, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *low_limit = g_format_size_full (100000, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *err = NULL;
  g_autofree char *contents = g_strnfill (100001, 'x');
  int fd;

  admin_fixture_populate (fixture, agencies);
  json = admin_complaint_json (agencies[0], "شکایت");
  id = g_strdup_printf ("%" G_GINT64_FORMAT, admin_new_case (fixture, json));

  /* 300 MiB of nothing, with the default limit of 20 MiB. */
  fd = open (huge, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 300 * 1024 * 1024), ==, 0);
  close (fd);
  g_assert_cmpint (admin_run_watched (fixture, 60, TRUE, &err, "case", "attach", id, huge,
                                      "--as", "expert", NULL), ==, 2);
  g_test_message ("%s", err);
  admin_assert_one_error_line (err);
  g_assert_nonnull (strstr (err, limit));
  g_clear_pointer (&err, g_free);

  /* A limit under a megabyte, and a file one byte over it. */
  g_free (admin_ok (fixture, "setting", "set", "document_max_bytes", "100000", "--as", "admin", NULL));
  g_assert_true (g_file_set_contents (small, contents, 100001, NULL));
  g_assert_cmpint (admin_run_watched (fixture, 60, FALSE, &err, "case", "attach", id, small,
                                      "--as", "expert", NULL), ==, 2);
  g_test_message ("%s", err);
  admin_assert_one_error_line (err);
  g_assert_nonnull (strstr (err, low_limit));
  g_assert_cmpuint (n_documents (fixture, id), ==, 0);

  /* At the limit it goes in, whole. */
  g_assert_true (g_file_set_contents (small, contents, 100000, NULL));
  {
    g_autoptr(JsonNode) document = admin_json (fixture, "case", "attach", id, small, "--as", "expert",
                                               "--json", NULL);
    g_autofree char *sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, 100000);

    g_assert_cmpint (admin_member_int (document, "size"), ==, 100000);
    g_assert_cmpstr (admin_member_string (document, "sha256"), ==, sha256);
  }
  g_assert_cmpuint (n_documents (fixture, id), ==, 1);
  g_free (admin_ok (fixture, "check", NULL));
}

static const char *
document_type (AdminFixture *fixture,
               const char   *case_id,
               guint         index)
{
  static JsonNode *kase;

  g_clear_pointer (&kase, json_node_unref);
  kase = admin_json (fixture, "case", "show", case_id, "--json", NULL);
  return admin_member_string (json_array_get_element (member_array (kase, "documents"), index), "content_type");
}

/* A content type is a MIME type, given or guessed. */
static void
test_attach_content_type (AdminFixture  *fixture,
                          gconstpointer  data)
{
  gint64 agencies[2];
  g_autofree char *json = NULL;
  g_autofree char *id = NULL;
  g_autofree char *pdf = g_build_filename (fixture->dir, "scan.pdf", NULL);
  g_autofree char *unnamed = g_build_filename (fixture->dir, "scan", NULL);
  g_autofree char *text = g_build_filename (fixture->dir, "note.txt", NULL);
  const char pdf_data[] = "%PDF-1.4\n% a scanned letter\n";
  const char *refused[] = { "text/plain\tx", "application/pdf\x1b[31m", "pdf", "text/", "/plain",
                            "text/plain/x", "text/pl ain", "" };

  admin_fixture_populate (fixture, agencies);
  json = admin_complaint_json (agencies[0], "شکایت");
  id = g_strdup_printf ("%" G_GINT64_FORMAT, admin_new_case (fixture, json));
  g_assert_true (g_file_set_contents (pdf, pdf_data, sizeof pdf_data - 1, NULL));
  g_assert_true (g_file_set_contents (unnamed, pdf_data, sizeof pdf_data - 1, NULL));
  g_assert_true (g_file_set_contents (text, "a note\n", -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_test_message ("content type “%s”", refused[i]);
      admin_expect (fixture, 2, NULL, "case", "attach", id, pdf, "--as", "expert",
                    "--content-type", refused[i], NULL);
    }
  g_assert_cmpuint (n_documents (fixture, id), ==, 0);

  g_free (admin_ok (fixture, "case", "attach", id, pdf, "--as", "expert", "--content-type", "Application/PDF", NULL));
  g_assert_cmpstr (document_type (fixture, id, 0), ==, "application/pdf");
  g_free (admin_ok (fixture, "case", "attach", id, pdf, "--as", "expert", NULL));
  g_assert_cmpstr (document_type (fixture, id, 1), ==, "application/pdf");
  g_free (admin_ok (fixture, "case", "attach", id, unnamed, "--as", "expert", NULL));
  g_assert_cmpstr (document_type (fixture, id, 2), ==, "application/pdf");
  g_free (admin_ok (fixture, "case", "attach", id, text, "--as", "expert", NULL));
  g_assert_cmpstr (document_type (fixture, id, 3), ==, "text/plain");
  g_free (admin_ok (fixture, "case", "attach", id, text, "--as", "expert",
                    "--content-type", "application/vnd.oasis.opendocument.text", NULL));
  g_assert_cmpstr (document_type (fixture, id, 4), ==, "application/vnd.oasis.opendocument.text");
}

/* After "--" every word is an argument, even one that starts with "-". */
static void
test_usage_separator (AdminFixture  *fixture,
                      gconstpointer  data)
{
  gint64 agencies[2];
  g_autofree char *json = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  admin_fixture_populate (fixture, agencies);
  json = admin_complaint_json (agencies[0], "شکایت");
  admin_new_case (fixture, json);

  g_assert_cmpint (admin_run (fixture, NULL, &out, &err, "search", "--", "-foo", "--json", NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (admin_run (fixture, NULL, &out, &err, "search", "--json", "--", "-foo", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "[]\n");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (admin_run (fixture, NULL, &out, &err, "search", "--", "--", NULL), ==, 0);
  g_clear_pointer (&out, g_free);

  admin_expect (fixture, 2, NULL, "case", "show", "--", "-3", NULL);
  admin_expect (fixture, 1, NULL, "case", "show", "-3", NULL);
  out = admin_ok (fixture, "--", "case", "count", NULL);
  g_assert_cmpstr (out, ==, "1\n");
  g_clear_pointer (&out, g_free);
  out = admin_ok (fixture, "--", "case", "show", "--", "1", NULL);
  g_clear_pointer (&out, g_free);
}

static void
test_database_unusable (AdminFixture  *fixture,
                        gconstpointer  data)
{
  gint64 agencies[2];
  g_autofree char *text_file = g_build_filename (fixture->dir, "notes.db", NULL);
  g_autofree char *newer = g_build_filename (fixture->dir, "newer.db", NULL);
  g_autofree char *valid = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GString) junk = g_string_new (NULL);
  g_autoptr(GBytes) input = NULL;
  const char *commands[][3] = {
    { "case", "list", NULL },
    { "check", NULL, NULL },
    { "user", "list", NULL },
  };

  for (guint i = 0; i < 200; i++)
    g_string_append (junk, "This is a note, not a database.\n");
  g_assert_true (g_file_set_contents (text_file, junk->str, junk->len, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      const char * const args[] = { "--db", text_file, commands[i][0], commands[i][1], NULL };

      g_assert_cmpint (admin_run_argv (NULL, fixture->now, NULL, args, &out, &err), ==, 7);
      admin_assert_one_error_line (err);
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
    }
  before = file_bytes (text_file);
  g_assert_cmpuint (g_bytes_get_size (before), ==, junk->len);

  /* A database made by a newer Peygir is refused, and left as it is. */
  admin_fixture_populate (fixture, agencies);
  valid = admin_complaint_json (agencies[0], "موضوع");
  admin_new_case (fixture, valid);
  {
    g_autoptr(GBytes) original = file_bytes (fixture->db);

    g_assert_true (g_file_set_contents (newer, g_bytes_get_data (original, NULL),
                                        g_bytes_get_size (original), NULL));
  }
  g_free (admin_sqlite3 (newer, "PRAGMA user_version = 999;"));
  g_clear_pointer (&before, g_bytes_unref);
  before = file_bytes (newer);

  input = g_bytes_new (valid, strlen (valid));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      const char * const args[] = { "--db", newer, commands[i][0], commands[i][1], NULL };

      g_assert_cmpint (admin_run_argv (NULL, fixture->now, NULL, args, &out, &err), ==, 7);
      admin_assert_one_error_line (err);
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
    }
  {
    const char * const args[] = { "--db", newer, "case", "new", "--as", "expert", "--json", "-", NULL };

    g_assert_cmpint (admin_run_argv (NULL, fixture->now, input, args, &out, &err), ==, 7);
    admin_assert_one_error_line (err);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  after = file_bytes (newer);
  g_assert_true (g_bytes_equal (before, after));
  g_clear_pointer (&out, g_free);
  out = admin_sqlite3 (newer, "PRAGMA user_version;");
  g_assert_cmpstr (out, ==, "999\n");
}

/* The table of the audit chain: the one with a "hash" column. */
static char *
audit_table (const char *db)
{
  g_autofree char *out = admin_sqlite3 (db,
    "SELECT m.name FROM sqlite_master AS m, pragma_table_info (m.name) AS p "
    "WHERE m.type = 'table' AND p.name = 'hash' LIMIT 1;");

  g_strstrip (out);
  g_assert_cmpstr (out, !=, "");
  return g_steal_pointer (&out);
}

static guint
count_triggers (const char *db,
                const char *table)
{
  g_autofree char *query = g_strdup_printf ("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                                            "AND tbl_name = '%s';", table);
  g_autofree char *out = admin_sqlite3 (db, query);

  return (guint) g_ascii_strtoull (out, NULL, 10);
}

static void
drop_triggers (const char *db,
               const char *table)
{
  g_autofree char *query = g_strdup_printf ("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                            "AND tbl_name = '%s';", table);
  g_autofree char *names = admin_sqlite3 (db, query);
  g_auto(GStrv) lines = g_strsplit (names, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *drop = NULL;

      if (*lines[i] == '\0')
        continue;
      drop = g_strdup_printf ("DROP TRIGGER \"%s\";", lines[i]);
      g_free (admin_sqlite3 (db, drop));
    }
}

static gint64
new_case_as_me (AdminFixture *fixture,
                const char   *json)
{
  g_autoptr(GBytes) input = g_bytes_new (json, strlen (json));
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (admin_run (fixture, input, &out, &err, "case", "new", "--json", "-", NULL), ==, 0);
  created = admin_parse_json (out);
  return admin_member_int (created, "id");
}

/* The command line acts as the operating system's login: it may act for
 * another user only while that login is an active administrator, and the
 * history then names both; the administrative commands need one too. */
static void
test_who_acts (AdminFixture  *fixture,
               gconstpointer  data)
{
  const char *me = g_get_user_name ();
  gint64 agencies[2];
  g_autofree char *valid = NULL;
  g_autofree char *id = NULL;
  g_autofree char *my_name = NULL;
  g_autoptr(JsonNode) users = NULL;
  g_autoptr(JsonNode) kase = NULL;
  JsonArray *list;
  JsonArray *events;
  JsonNode *last;
  gint64 case_id;

  /* init makes the one running it the office's first administrator */
  admin_fixture_populate (fixture, agencies);
  users = admin_json (fixture, "user", "list", "--json", NULL);
  list = json_node_get_array (users);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *user = json_array_get_element (list, i);

      if (g_strcmp0 (admin_member_string (user, "login"), me) == 0)
        {
          JsonArray *roles = json_node_get_array (admin_member (user, "roles"));
          gboolean admin = FALSE;

          for (guint r = 0; r < json_array_get_length (roles); r++)
            admin |= g_str_equal (json_array_get_string_element (roles, r), "admin");
          g_assert_true (admin);
          my_name = g_strdup (admin_member_string (user, "name"));
        }
    }
  g_assert_nonnull (my_name);

  /* without --as, the login acts; with it, an administrator for another,
   * and the history says so */
  valid = admin_complaint_json (agencies[0], "موضوع");
  case_id = new_case_as_me (fixture, valid);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, case_id);
  act (fixture, case_id, "review", "expert", "in_review");
  kase = admin_json (fixture, "case", "show", id, "--json", NULL);
  events = json_node_get_array (admin_member (kase, "events"));
  g_assert_cmpuint (json_array_get_length (events), ==, 2);
  g_assert_cmpstr (admin_member_string (json_array_get_element (events, 0), "actor"), ==, my_name);
  g_assert_false (json_object_has_member (json_array_get_object_element (events, 0), "operator"));
  last = json_array_get_element (events, 1);
  g_assert_cmpstr (admin_member_string (last, "actor"), ==, "زهرا کریمی");
  g_assert_cmpstr (admin_member_string (last, "operator"), ==, my_name);
  g_free (admin_ok (fixture, "check", NULL));

  /* nobody may act for a login the office does not know */
  admin_expect (fixture, 3, NULL, "case", "act", id, "register", "--as", "stranger", NULL);

  /* once the login is only an expert, it acts for itself alone */
  g_free (admin_ok (fixture, "user", "set", me, "--role", "expert", NULL));
  admin_expect (fixture, 3, NULL, "user", "add", "intruder", "--name", "نفوذی", "--role", "admin", NULL);
  admin_expect (fixture, 3, NULL, "user", "add", "intruder", "--name", "نفوذی", "--role", "admin", "--as", "admin", NULL);
  admin_expect (fixture, 3, NULL, "user", "set", me, "--role", "admin", NULL);
  admin_expect (fixture, 3, NULL, "agency", "add", "اداره تازه", NULL);
  admin_expect (fixture, 3, NULL, "setting", "set", "service_days", "10", NULL);
  admin_expect (fixture, 3, NULL, "holiday", "add", "یلدا", "--month", "9", "--day", "30", NULL);
  admin_expect (fixture, 3, NULL, "case", "act", id, "register", "--as", "clerk", NULL);
  g_free (admin_ok (fixture, "setting", "get", "service_days", NULL));
  {
    g_autofree char *second = admin_complaint_json (agencies[1], "موضوع دیگر");

    g_assert_cmpint (new_case_as_me (fixture, second), >, case_id);
  }
  g_free (admin_ok (fixture, "check", NULL));
}

/* Events past the head kept in meta are tampering, and a backup's head
 * kept beside it finds a log cut short since. */
static void
test_audit_head (AdminFixture  *fixture,
                 gconstpointer  data)
{
  gint64 agencies[2];
  g_autofree char *valid = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *backup = g_build_filename (fixture->dir, "backup.db", NULL);
  g_autofree char *head = g_strconcat (backup, ".head", NULL);
  gint64 case_id;

  admin_fixture_populate (fixture, agencies);
  valid = admin_complaint_json (agencies[0], "موضوع");
  case_id = admin_new_case (fixture, valid);
  act (fixture, case_id, "review", "expert", "in_review");
  g_free (admin_ok (fixture, "backup", backup, NULL));
  g_assert_true (g_file_test (head, G_FILE_TEST_IS_REGULAR));
  g_free (admin_ok (fixture, "check", "--against", backup, NULL));
  act (fixture, case_id, "register", "clerk", "registered");
  g_free (admin_ok (fixture, "check", "--against", backup, NULL));

  /* the last two events deleted and the head set back to match */
  sql = g_strdup ("DROP TRIGGER events_append_only_update; DROP TRIGGER events_append_only_delete;"
                  "DELETE FROM events WHERE id > (SELECT max (id) - 2 FROM events);"
                  "UPDATE meta SET value = (SELECT max (id) FROM events) WHERE key = 'audit_head_id';"
                  "UPDATE meta SET value = (SELECT hash FROM events ORDER BY id DESC LIMIT 1)"
                  " WHERE key = 'audit_head_hash';");
  g_free (admin_sqlite3 (fixture->db, sql));
  /* the chain verifies on its own; the report's figures, kept from the
   * events that are gone, do not */
  g_assert_cmpint (admin_run (fixture, NULL, &out, &err, "check", NULL), ==, 7);
  admin_assert_one_error_line (err);
  g_assert_nonnull (strstr (err, "check --repair"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (admin_run (fixture, NULL, &out, &err, "check", "--against", backup, NULL), ==, 7);
  admin_assert_one_error_line (err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* the head set back one more and a later event edited */
  g_free (sql);
  sql = g_strdup ("UPDATE meta SET value = (SELECT max (id) - 1 FROM events) WHERE key = 'audit_head_id';"
                  "UPDATE meta SET value = (SELECT hash FROM events WHERE id = (SELECT max (id) - 1 FROM events))"
                  " WHERE key = 'audit_head_hash';"
                  "UPDATE events SET note = 'edited' WHERE id = (SELECT max (id) FROM events);");
  g_free (admin_sqlite3 (fixture->db, sql));
  g_assert_cmpint (admin_run (fixture, NULL, &out, &err, "check", NULL), ==, 7);
  admin_assert_one_error_line (err);
  g_assert_nonnull (strstr (err, "past the head"));
}

static void
test_audit_tampering (AdminFixture  *fixture,
                      gconstpointer  data)
{
  gint64 agencies[2];
  g_autofree char *valid = NULL;
  g_autofree char *table = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *copy = g_build_filename (fixture->dir, "copy.db", NULL);
  g_autoptr(GBytes) original = NULL;
  gint64 case_id;

  admin_fixture_populate (fixture, agencies);
  valid = admin_complaint_json (agencies[0], "موضوع");
  case_id = admin_new_case (fixture, valid);
  act (fixture, case_id, "review", "expert", "in_review");
  act (fixture, case_id, "register", "clerk", "registered");
  g_free (admin_ok (fixture, "check", NULL));

  original = file_bytes (fixture->db);
  g_assert_true (g_file_set_contents (copy, g_bytes_get_data (original, NULL),
                                      g_bytes_get_size (original), NULL));

  table = audit_table (fixture->db);

  sql = g_strdup_printf ("UPDATE \"%s\" SET note = 'edited' WHERE id = (SELECT min(id) FROM \"%s\");",
                         table, table);
  /* Where the store guards its audit log with a trigger, an edit is refused. */
  if (count_triggers (fixture->db, table) > 0)
    {
      const char *argv[] = { "sqlite3", "-batch", fixture->db, sql, NULL };
      int status;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL
                    | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL);
      g_assert_false (g_spawn_check_wait_status (status, NULL));
    }

  /* Someone who drops the guard and edits a note is found out. */
  drop_triggers (fixture->db, table);
  g_free (admin_sqlite3 (fixture->db, sql));
  g_assert_cmpint (admin_run (fixture, NULL, &out, &err, "check", NULL), ==, 7);
  admin_assert_one_error_line (err);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* And so is one who deletes an event. */
  drop_triggers (copy, table);
  g_free (sql);
  sql = g_strdup_printf ("DELETE FROM \"%s\" WHERE id = (SELECT min(id) + 1 FROM \"%s\");", table, table);
  g_free (admin_sqlite3 (copy, sql));
  {
    const char * const args[] = { "--db", copy, "check", NULL };

    g_assert_cmpint (admin_run_argv (NULL, fixture->now, NULL, args, &out, &err), ==, 7);
    admin_assert_one_error_line (err);
  }
}

static const char * const all_states[] = {
  "received", "in_review", "registered", "with_manager", "referred", "answered", "rejected", "closed",
};

static void
test_demo_and_backup (AdminFixture  *fixture,
                      gconstpointer  data)
{
  g_autofree char *backup = g_build_filename (fixture->dir, "backup.db", NULL);
  g_autofree char *original = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_free (admin_ok (fixture, "init", NULL));
  /* Progress goes to a terminal only: a script's stderr stays clean. */
  g_assert_cmpint (admin_run (fixture, NULL, &out, &err, "demo", "--cases", "300", "--seed", "7", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  for (guint state = 0; state < G_N_ELEMENTS (all_states); state++)
    {
      g_autoptr(JsonNode) list = admin_json (fixture, "case", "list", "--state", all_states[state],
                                             "--limit", "1", "--json", NULL);

      g_test_message ("state %s", all_states[state]);
      g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
    }
  {
    g_autoptr(JsonNode) list = admin_json (fixture, "case", "list", "--limit", "0", "--json", NULL);

    g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 300);
  }
  g_free (admin_ok (fixture, "check", NULL));

  g_free (admin_ok (fixture, "backup", backup, NULL));
  {
    const char * const args[] = { "--db", backup, "check", NULL };

    g_assert_cmpint (admin_run_argv (NULL, fixture->now, NULL, args, &out, &err), ==, 0);
  }
  g_clear_pointer (&out, g_free);
  original = all_cases (fixture);
  {
    const char * const args[] = { "--db", backup, "case", "list", "--limit", "0", "--json", NULL };

    g_assert_cmpint (admin_run_argv (NULL, fixture->now, NULL, args, &copied, NULL), ==, 0);
  }
  g_assert_cmpstr (original, ==, copied);
}

static gboolean
array_has (JsonNode   *array,
           const char *member,
           const char *value)
{
  JsonArray *items = json_node_get_array (array);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      if (g_strcmp0 (admin_member_string (json_array_get_element (items, i), member), value) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_commands (AdminFixture  *fixture,
               gconstpointer  data)
{
  gint64 agencies[2];
  g_autofree char *json = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *scan = g_build_filename (fixture->dir, "scan.pdf", NULL);
  g_autofree char *sha256 = NULL;
  g_autofree char *value = NULL;
  g_autofree char *count = NULL;
  g_autoptr(JsonNode) found = NULL;
  g_autoptr(JsonNode) kase = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autoptr(JsonNode) list = NULL;
  const char pdf[] = "%PDF-1.4\n% a scanned letter\n";
  gint64 first_id;
  gint64 second_id;

  admin_fixture_populate (fixture, agencies);
  json = admin_complaint_json (agencies[0], "تأخیر در پاسخ");
  first_id = admin_new_case (fixture, json);
  second_id = admin_new_case (fixture, json);
  first = id_text (first_id);
  second = id_text (second_id);

  /* Search does not care how ی was typed, nor which digits. */
  found = admin_json (fixture, "search", "رضايي", "--json", NULL);
  g_assert_true (list_has_case (found, first_id));
  g_assert_true (list_has_case (found, second_id));
  g_clear_pointer (&found, json_node_unref);
  found = admin_json (fixture, "search", "۰۰۸۴۵۷۵۹۴۸", "--json", NULL);
  g_assert_true (list_has_case (found, first_id));
  g_clear_pointer (&found, json_node_unref);

  /* A repeat complaint is linked to the earlier case. */
  found = admin_json (fixture, "case", "earlier", second, "--json", NULL);
  g_assert_true (list_has_case (found, first_id));
  g_assert_false (list_has_case (found, second_id));
  g_clear_pointer (&found, json_node_unref);
  found = admin_json (fixture, "case", "earlier", "--mobile", "+98 912 345 6789", "--json", NULL);
  g_assert_true (list_has_case (found, first_id));
  g_assert_true (list_has_case (found, second_id));
  g_clear_pointer (&found, json_node_unref);
  admin_expect (fixture, 1, NULL, "case", "earlier", NULL);
  kase = admin_json (fixture, "case", "act", second, "link", "--as", "expert",
                     "--linked-case", first, "--json", NULL);
  g_assert_cmpint (admin_member_int (kase, "linked_case"), ==, first_id);
  g_clear_pointer (&kase, json_node_unref);

  /* Waiting for the applicant's documents pauses the service clock. */
  act (fixture, first_id, "review", "expert", "in_review");
  kase = admin_json (fixture, "case", "act", first, "await_documents", "--as", "expert", "--json", NULL);
  g_assert_true (admin_member_bool (kase, "paused"));
  g_clear_pointer (&kase, json_node_unref);
  list = admin_json (fixture, "case", "list", "--paused", "--json", NULL);
  g_assert_true (list_has_case (list, first_id));
  g_assert_false (list_has_case (list, second_id));
  g_clear_pointer (&list, json_node_unref);
  kase = admin_json (fixture, "case", "act", first, "documents_received", "--as", "clerk", "--json", NULL);
  g_assert_false (admin_member_bool (kase, "paused"));
  g_assert_cmpstr (admin_member_string (kase, "state"), ==, "in_review");
  g_clear_pointer (&kase, json_node_unref);

  g_free (admin_ok (fixture, "case", "act", first, "contact", "--as", "manager", "--channel", "phone",
                    "--note", "متقاضی تماس گرفت.", NULL));
  admin_expect (fixture, 2, NULL, "case", "act", first, "contact", "--as", "manager", "--channel", "pigeon",
                "--note", "x", NULL);

  /* Documents keep their SHA-256. */
  g_assert_true (g_file_set_contents (scan, pdf, sizeof pdf - 1, NULL));
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) pdf, sizeof pdf - 1);
  document = admin_json (fixture, "case", "attach", first, scan, "--as", "expert", "--json", NULL);
  g_assert_cmpstr (admin_member_string (document, "sha256"), ==, sha256);
  g_assert_cmpint (admin_member_int (document, "size"), ==, sizeof pdf - 1);

  kase = show_case (fixture, first_id);
  g_assert_cmpuint (json_array_get_length (member_array (kase, "contacts")), ==, 1);
  g_assert_cmpuint (json_array_get_length (member_array (kase, "documents")), ==, 1);
  g_assert_cmpstr (admin_member_string (json_array_get_element (member_array (kase, "documents"), 0), "sha256"),
                   ==, sha256);
  g_clear_pointer (&kase, json_node_unref);

  /* Counting and listing by state. */
  count = admin_ok (fixture, "case", "count", "--state", "received", NULL);
  g_assert_cmpstr (count, ==, "1\n");
  g_free (count);
  count = admin_ok (fixture, "case", "count", "--state", "received,in_review", NULL);
  g_assert_cmpstr (count, ==, "2\n");
  admin_expect (fixture, 2, NULL, "case", "count", "--state", "lost", NULL);

  /* Holidays and settings, for the administrator. */
  g_free (admin_ok (fixture, "holiday", "add", "تعطیل آزمایشی", "--date", "۱۴۰۵/۰۹/۱۰", "--as", "admin", NULL));
  list = admin_json (fixture, "holiday", "list", "--json", NULL);
  g_assert_true (array_has (list, "date", "2026-12-01"));
  g_clear_pointer (&list, json_node_unref);
  admin_expect (fixture, 1, NULL, "holiday", "add", "بی‌تاریخ", NULL);
  admin_expect (fixture, 2, NULL, "holiday", "add", "بد", "--date", "1405/13/01", NULL);
  /* the same day twice is refused; removed by its day, it is gone */
  admin_expect (fixture, 2, NULL, "holiday", "add", "دوباره", "--date", "1405/09/10", "--as", "admin", NULL);
  admin_expect (fixture, 3, NULL, "holiday", "remove", "--date", "1405/09/10", "--as", "expert", NULL);
  g_free (admin_ok (fixture, "holiday", "remove", "--date", "1405/09/10", "--as", "admin", NULL));
  list = admin_json (fixture, "holiday", "list", "--json", NULL);
  g_assert_false (array_has (list, "date", "2026-12-01"));
  g_clear_pointer (&list, json_node_unref);
  admin_expect (fixture, 2, NULL, "holiday", "remove", "--date", "1405/09/10", "--as", "admin", NULL);
  /* Tasua 1405 removed by mistake comes back with the year's official list */
  g_free (admin_ok (fixture, "holiday", "remove", "--date", "1405/04/03", "--as", "admin", NULL));
  {
    g_autofree char *added = admin_ok (fixture, "holiday", "official", "1405", "--as", "admin", NULL);

    g_assert_cmpstr (added, ==, "1 holiday added.\n");
  }
  list = admin_json (fixture, "holiday", "list", "--json", NULL);
  g_assert_true (array_has (list, "date", "2026-06-24"));
  g_clear_pointer (&list, json_node_unref);
  admin_expect (fixture, 2, NULL, "holiday", "official", "1420", "--as", "admin", NULL);

  g_free (admin_ok (fixture, "setting", "set", "response_days", "10", "--as", "admin", NULL));
  value = admin_ok (fixture, "setting", "get", "response_days", NULL);
  g_assert_cmpstr (value, ==, "10\n");
  admin_expect (fixture, 3, NULL, "setting", "set", "response_days", "3", "--as", "expert", NULL);
  admin_expect (fixture, 2, NULL, "setting", "set", "colour", "3", NULL);
  admin_expect (fixture, 2, NULL, "setting", "set", "service_days", "soon", NULL);

  list = admin_json (fixture, "agency", "list", "--json", NULL);
  g_assert_true (array_has (list, "name", "شرکت آب و فاضلاب"));
  g_clear_pointer (&list, json_node_unref);
  list = admin_json (fixture, "user", "list", "--json", NULL);
  g_assert_true (array_has (list, "login", "clerk"));
  g_clear_pointer (&list, json_node_unref);

  g_free (admin_ok (fixture, "check", NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, AdminFixture, NULL, admin_fixture_set_up, func, admin_fixture_tear_down)

  ADD ("/admin/usage", test_usage);
  ADD ("/admin/locale", test_locale);
  ADD ("/admin/workflow/complaint", test_workflow_complaint);
  ADD ("/admin/workflow/rejected", test_workflow_rejected);
  ADD ("/admin/workflow/refusals", test_workflow_refusals);
  ADD ("/admin/input/bad-case", test_input_bad_case);
  ADD ("/admin/input/nested-json", test_input_nested_json);
  ADD ("/admin/input/nul-escape", test_input_nul_escape);
  ADD ("/admin/attach/not-regular", test_attach_not_regular);
  ADD ("/admin/attach/size-limit", test_attach_size_limit);
  ADD ("/admin/attach/content-type", test_attach_content_type);
  ADD ("/admin/usage/separator", test_usage_separator);
  ADD ("/admin/database/unusable", test_database_unusable);
  ADD ("/admin/audit/tampering", test_audit_tampering);
  ADD ("/admin/audit/head", test_audit_head);
  ADD ("/admin/who-acts", test_who_acts);
  ADD ("/admin/commands", test_commands);
  ADD ("/admin/demo/every-state-and-backup", test_demo_and_backup);

#undef ADD

  return g_test_run ();
}
