/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The cartable from the command line: case act … assign --to, and case
 * list and count by holder, agency, kind, channel and dates, sorted by a
 * column, their numbers agreeing. */
#include <string.h>

#include <glib.h>

#include "test-admin-util.h"

static gint64
case_expert_id (JsonNode *kase)
{
  JsonNode *expert = admin_member (kase, "expert");

  return JSON_NODE_HOLDS_NULL (expert) ? 0 : admin_member_int (expert, "id");
}

static gint64
login_id (AdminFixture *fixture,
          const char   *login)
{
  g_autoptr(JsonNode) users = admin_json (fixture, "user", "list", "--json", NULL);
  JsonArray *array = json_node_get_array (users);

  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (admin_member_string (json_array_get_element (array, i), "login"), login) == 0)
      return admin_member_int (json_array_get_element (array, i), "id");
  g_assert_not_reached ();
}

static gint64
count_of (AdminFixture *fixture,
          const char   *option,
          const char   *value)
{
  g_autofree char *out = admin_ok (fixture, "case", "count", option, value, NULL);

  return g_ascii_strtoll (out, NULL, 10);
}

static guint
list_length (AdminFixture *fixture,
             const char   *option,
             const char   *value)
{
  g_autoptr(JsonNode) list = admin_json (fixture, "case", "list", option, value, "--limit", "0", "--json", NULL);

  return json_array_get_length (json_node_get_array (list));
}

/* The manager assigns; an expert takes only an unassigned case, for
 * themselves; the secretariat none; --to goes with assign. */
static void
test_assign (AdminFixture  *fixture,
             gconstpointer  data G_GNUC_UNUSED)
{
  gint64 agencies[2];
  g_autofree char *json = NULL;
  g_autofree char *id = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) kase = NULL;
  JsonArray *array;
  gint64 case_id;

  admin_fixture_populate (fixture, agencies);
  g_free (admin_ok (fixture, "user", "add", "expert2", "--name", "بهرام احمدی", "--role", "expert", NULL));
  json = admin_complaint_json (agencies[0], "تأخیر در صدور مجوز");
  case_id = admin_new_case (fixture, json);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, case_id);

  /* the expert who took it in holds it; another expert cannot take it */
  kase = admin_json (fixture, "case", "show", id, "--json", NULL);
  g_assert_cmpint (case_expert_id (kase), ==, login_id (fixture, "expert"));
  g_clear_pointer (&kase, json_node_unref);
  admin_expect (fixture, 3, NULL, "case", "act", id, "assign", "--as", "expert2", "--to", "expert2", NULL);
  admin_expect (fixture, 3, NULL, "case", "act", id, "assign", "--as", "clerk", "--to", "expert2", NULL);

  /* the manager reassigns it */
  kase = admin_json (fixture, "case", "act", id, "assign", "--as", "manager", "--to", "expert2", "--json", NULL);
  g_assert_cmpint (case_expert_id (kase), ==, login_id (fixture, "expert2"));
  out = admin_ok (fixture, "case", "list", "--expert", "expert2", NULL);
  g_assert_nonnull (strstr (out, "تأخیر در صدور مجوز"));

  /* not to the secretariat, an unknown login, or the holder again; --to
   * with assign only */
  admin_expect (fixture, 2, NULL, "case", "act", id, "assign", "--as", "manager", "--to", "clerk", NULL);
  admin_expect (fixture, 2, NULL, "case", "act", id, "assign", "--as", "manager", "--to", "nobody", NULL);
  admin_expect (fixture, 2, NULL, "case", "act", id, "assign", "--as", "manager", "--to", "expert2", NULL);
  admin_expect (fixture, 1, NULL, "case", "act", id, "assign", "--as", "manager", NULL);
  admin_expect (fixture, 1, NULL, "case", "act", id, "review", "--as", "expert", "--to", "expert", NULL);

  /* one event, from whom to whom */
  g_clear_pointer (&kase, json_node_unref);
  kase = admin_json (fixture, "case", "show", id, "--json", NULL);
  array = json_node_get_array (admin_member (kase, "events"));
  {
    JsonNode *last = json_array_get_element (array, json_array_get_length (array) - 1);

    g_assert_cmpstr (admin_member_string (last, "action"), ==, "assign");
    g_assert_nonnull (strstr (admin_member_string (last, "note"), "بهرام احمدی"));
    g_assert_nonnull (strstr (admin_member_string (last, "note"), "زهرا کریمی"));
  }

  /* the help lists it */
  g_free (out);
  out = admin_ok (fixture, "case", "act", "--help", NULL);
  g_assert_nonnull (strstr (out, "assign"));
  g_assert_nonnull (strstr (out, "--to"));
}

/* The filters, in list and count alike, with Persian and Gregorian dates. */
static void
test_filters (AdminFixture  *fixture,
              gconstpointer  data G_GNUC_UNUSED)
{
  gint64 agencies[2];
  /* on a file, the login running the command is the first user, made by
   * init; on a server it is the test's role, not a user: another holds */
  const char *me = fixture->dbname == NULL ? g_get_user_name () : "expert2";
  g_autofree char *agency = NULL;

  admin_fixture_populate (fixture, agencies);
  agency = g_strdup_printf ("%" G_GINT64_FORMAT, agencies[1]);
  if (fixture->dbname == NULL)
    g_free (admin_ok (fixture, "user", "set", me, "--role", "admin,expert", NULL));
  else
    g_free (admin_ok (fixture, "user", "add", me, "--name", "کاربر آزمون", "--role", "expert", NULL));
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *json = admin_complaint_json (agencies[i % 2], "قطعی آب");
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, admin_new_case (fixture, json));

      if (i == 1)
        g_free (admin_ok (fixture, "case", "act", id, "assign", "--as", "manager", "--to", me, NULL));
    }

  g_assert_cmpint (count_of (fixture, "--expert", "expert"), ==, 4);
  g_assert_cmpint (list_length (fixture, "--expert", "expert"), ==, 4);
  g_assert_cmpint (count_of (fixture, "--kind", "complaint"), ==, 5);
  g_assert_cmpint (count_of (fixture, "--kind", "request"), ==, 0);
  g_assert_cmpint (count_of (fixture, "--channel", "in_person,phone"), ==, 5);
  g_assert_cmpint (list_length (fixture, "--channel", "samad"), ==, 0);
  g_assert_cmpint (count_of (fixture, "--agency", agency), ==, 2);
  g_assert_cmpint (list_length (fixture, "--agency", agency), ==, 2);
  g_assert_cmpint (count_of (fixture, "--unassigned", NULL), ==, 0);
  /* on a server the login running it is the test's role, not a user */
  if (fixture->dbname == NULL)
    {
      g_autoptr(JsonNode) mine = admin_json (fixture, "case", "list", "--mine", "--json", NULL);

      g_assert_cmpuint (json_array_get_length (json_node_get_array (mine)), ==, 1);
      g_assert_cmpint (count_of (fixture, "--mine", NULL), ==, 1);
    }

  /* the cases were received on the fixture's day: from it, until it, in
   * either calendar, and none the day after */
  {
    g_autoptr(JsonNode) one = admin_json (fixture, "case", "list", "--limit", "1", "--json", NULL);
    const char *received = admin_member_string (json_array_get_element (json_node_get_array (one), 0), "received_on");

    g_assert_cmpint (count_of (fixture, "--from", received), ==, 5);
    g_assert_cmpint (count_of (fixture, "--until", received), ==, 5);
    g_assert_cmpint (count_of (fixture, "--from", "2000-01-01"), ==, 5);
    g_assert_cmpint (count_of (fixture, "--until", "2000-01-01"), ==, 0);
    g_assert_cmpint (count_of (fixture, "--from", "1300/01/01"), ==, 5);
    g_assert_cmpint (count_of (fixture, "--until", "1300/01/01"), ==, 0);
  }

  /* wrong words, before the database is read */
  admin_expect (fixture, 2, NULL, "case", "list", "--kind", "letter", NULL);
  admin_expect (fixture, 2, NULL, "case", "count", "--channel", "pigeon", NULL);
  admin_expect (fixture, 2, NULL, "case", "list", "--from", "yesterday", NULL);
  admin_expect (fixture, 2, NULL, "case", "list", "--expert", "nobody", NULL);
  admin_expect (fixture, 1, NULL, "case", "list", "--mine", "--unassigned", NULL);
  admin_expect (fixture, 2, NULL, "case", "list", "--sort", "colour", NULL);
  admin_expect (fixture, 1, NULL, "case", "list", "--descending", NULL);
}

/* --sort by every column, both ways: every case once, in the column's
 * order, as many as the count. */
static void
test_sort (AdminFixture  *fixture,
           gconstpointer  data G_GNUC_UNUSED)
{
  static const char * const columns[] = {
    "received", "updated", "tracking", "applicant", "subject", "agency", "state", "expert", "deadline",
  };
  static const char * const subjects[] = { "قطعی آب", "گازرسانی", "آسفالت معابر", "قطعی آب" };
  gint64 agencies[2];

  admin_fixture_populate (fixture, agencies);
  for (guint i = 0; i < G_N_ELEMENTS (subjects); i++)
    {
      g_autofree char *json = admin_complaint_json (agencies[i % 2], subjects[i]);

      admin_new_case (fixture, json);
    }

  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    for (int descending = 0; descending < 2; descending++)
      {
        g_autoptr(JsonNode) list = descending
                                   ? admin_json (fixture, "case", "list", "--sort", columns[c], "--descending",
                                                 "--limit", "0", "--json", NULL)
                                   : admin_json (fixture, "case", "list", "--sort", columns[c],
                                                 "--limit", "0", "--json", NULL);
        JsonArray *array = json_node_get_array (list);
        g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
        g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

        g_assert_cmpuint (json_array_get_length (array), ==, G_N_ELEMENTS (subjects));
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            gint64 id = admin_member_int (json_array_get_element (array, i), "id");

            g_array_append_val (ids, id);
          }
        for (guint i = 0; i < ids->len; i++)
          {
            g_assert_false (g_hash_table_contains (seen, &g_array_index (ids, gint64, i)));
            g_hash_table_add (seen, &g_array_index (ids, gint64, i));
          }
        if (g_str_equal (columns[c], "subject"))
          for (guint i = 1; i < json_array_get_length (array); i++)
            {
              const char *before = admin_member_string (json_array_get_element (array, i - 1), "subject");
              const char *now = admin_member_string (json_array_get_element (array, i), "subject");

              g_assert_cmpint (strcmp (before, now) * (descending ? -1 : 1), <=, 0);
            }
      }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  admin_test_add_both ("/admin/cartable/assign", test_assign);
  admin_test_add_both ("/admin/cartable/filters", test_filters);
  admin_test_add_both ("/admin/cartable/sort", test_sort);

  return g_test_run ();
}
