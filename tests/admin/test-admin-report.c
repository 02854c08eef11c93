/* SPDX-License-Identifier: GPL-3.0-or-later */
/* peygir-admin report: the scripted month of report-test-office.c, read
 * back from report --json as a script would, against the figures worked
 * out there by hand; dates in either calendar; a period backwards refused. */
#include <locale.h>

#include "report-test-office.h"
#include "test-admin-util.h"

#define REPORT_NOW "2026-06-10T09:00:00+03:30"

static JsonNode *
agency_named (JsonNode   *report,
              const char *name)
{
  JsonArray *agencies = json_node_get_array (admin_member (report, "agencies"));

  for (guint i = 0; i < json_array_get_length (agencies); i++)
    {
      JsonNode *agency = json_array_get_element (agencies, i);

      if (g_strcmp0 (admin_member_string (agency, "name"), name) == 0)
        return agency;
    }
  g_assert_not_reached ();
}

static double
member_double (JsonNode   *object,
               const char *name)
{
  return json_node_get_double (admin_member (object, name));
}

static JsonNode *
report_json (StoreFixture *fixture,
             const char   *from,
             const char   *to)
{
  const char *args[] = { "report", "--from", from, "--to", to, "--json", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (admin_run_argv (fixture->path, REPORT_NOW, NULL, args, &out, &err), ==, 0);
  return admin_parse_json (out);
}

static void
test_report_json (StoreFixture  *fixture,
                  gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(JsonNode) persian = NULL;
  JsonNode *days, *a, *b;

  report_office_script (fixture);
  g_clear_object (&fixture->store);

  report = report_json (fixture, "2026-05-02", "2026-05-31");
  g_assert_cmpstr (admin_member_string (report, "from"), ==, "2026-05-02");
  g_assert_cmpstr (admin_member_string (report, "to"), ==, "2026-05-31");
  g_assert_cmpint (admin_member_int (report, "received"), ==, 5);
  g_assert_cmpint (admin_member_int (report, "closed"), ==, 3);
  g_assert_cmpint (admin_member_int (report, "rejected"), ==, 3);
  g_assert_cmpint (admin_member_int (report, "open_at_end"), ==, 3);
  /* closed in 5, 3 and 22 working days */
  days = admin_member (report, "days_to_close");
  g_assert_cmpfloat_with_epsilon (member_double (days, "mean"), 10.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (member_double (days, "median"), 5.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (member_double (days, "p90"), 22.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (member_double (days, "within_target_percent"), 200.0 / 3, 1e-9);
  /* (4 intakes + 4 contacts) in person / 5 cases */
  g_assert_cmpfloat_with_epsilon (member_double (report, "visits_per_case"), 1.6, 1e-9);

  a = agency_named (report, FIXTURE_AGENCY_A);
  g_assert_cmpint (admin_member_int (a, "id"), ==, fixture->agency_a);
  g_assert_cmpint (admin_member_int (a, "referred"), ==, 2);
  g_assert_cmpint (admin_member_int (a, "answered"), ==, 2);
  g_assert_cmpint (admin_member_int (a, "answered_on_time"), ==, 1);
  g_assert_cmpfloat_with_epsilon (member_double (a, "mean_answer_days"), 6.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (member_double (a, "median_answer_days"), 6.5, 1e-9);
  g_assert_cmpint (admin_member_int (a, "follow_ups"), ==, 0);
  g_assert_true (admin_member_bool (a, "ranked"));
  b = agency_named (report, FIXTURE_AGENCY_B);
  g_assert_cmpint (admin_member_int (b, "referred"), ==, 1);
  g_assert_cmpint (admin_member_int (b, "answered"), ==, 1);
  g_assert_cmpint (admin_member_int (b, "answered_on_time"), ==, 0);
  g_assert_cmpfloat_with_epsilon (member_double (b, "mean_answer_days"), 13.0, 1e-9);
  g_assert_cmpint (admin_member_int (b, "follow_ups"), ==, 1);
  g_assert_false (admin_member_bool (b, "ranked"));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (admin_member (report, "experts"))), ==, 1);

  /* 12 Ordibehesht to 10 Khordad 1405 is the same month, in Persian digits */
  persian = report_json (fixture, "۱۴۰۵/۰۲/۱۲", "1405/3/10");
  g_assert_cmpstr (admin_member_string (persian, "from"), ==, "2026-05-02");
  g_assert_cmpstr (admin_member_string (persian, "to"), ==, "2026-05-31");
  g_assert_cmpint (admin_member_int (persian, "closed"), ==, 3);
}

/* A day with nothing in it: nothing to average is null, not 0. */
static void
test_report_empty (StoreFixture  *fixture,
                   gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(JsonNode) report = NULL;
  JsonNode *days;

  g_clear_object (&fixture->store);
  report = report_json (fixture, "2026-05-02", "2026-05-02");
  g_assert_cmpint (admin_member_int (report, "received"), ==, 0);
  days = admin_member (report, "days_to_close");
  g_assert_true (JSON_NODE_HOLDS_NULL (admin_member (days, "mean")));
  g_assert_true (JSON_NODE_HOLDS_NULL (admin_member (report, "visits_per_case")));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (admin_member (report, "agencies"))), ==, 0);
}

static void
test_report_refusals (StoreFixture  *fixture,
                      gconstpointer  data G_GNUC_UNUSED)
{
  const char *backwards[] = { "report", "--from", "1405/03/10", "--to", "1405/02/12", "--json", NULL };
  const char *summary[] = { "report", "--from", "2026-05-02", "--to", "2026-05-31", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_err = NULL;

  g_clear_object (&fixture->store);
  g_assert_cmpint (admin_run_argv (fixture->path, REPORT_NOW, NULL, backwards, &out, &err), ==, 2);
  admin_assert_one_error_line (err);
  g_assert_cmpstr (out, ==, "");
  /* without --json, a summary a person reads */
  g_assert_cmpint (admin_run_argv (fixture->path, REPORT_NOW, NULL, summary, &text, &text_err), ==, 0);
  g_assert_nonnull (strstr (text, "1405/02/12"));
}

/* --help tells the period and --json, and offers no export yet. */
static void
test_report_help (StoreFixture  *fixture,
                  gconstpointer  data G_GNUC_UNUSED)
{
  const char *args[] = { "report", "--help", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (admin_run_argv (fixture->path, REPORT_NOW, NULL, args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "--from"));
  g_assert_nonnull (strstr (out, "--to"));
  g_assert_nonnull (strstr (out, "--json"));
  g_assert_null (strstr (out, "--xlsx"));
  g_assert_null (strstr (out, "--csv"));
  g_assert_null (strstr (out, "--pdf"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  store_test_add_both ("/admin/report/json", test_report_json);
  store_test_add_both ("/admin/report/empty", test_report_empty);
  store_test_add_both ("/admin/report/refusals", test_report_refusals);
  g_test_add ("/admin/report/help", StoreFixture, NULL, fixture_set_up, test_report_help, fixture_tear_down);

  return g_test_run ();
}
