/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "peygir-preferences-window.h"
#include "peygir-profile-dialog.h"
#include "peygir-user-dialog.h"
#include "peygir-users-page.h"
#include "test-ui-util.h"

/* The administrator's users page in the preferences, its dialog, and
 * everyone's own profile from the window's menu. */

static gboolean
page_idle (gpointer data)
{
  return !peygir_users_page_get_busy (data);
}

static PeygirUsersPage *
users_page (GtkWidget *preferences)
{
  GtkWidget *page = ui_find_named (preferences, "users");

  g_assert_nonnull (page);
  g_assert_true (PEYGIR_IS_USERS_PAGE (page));
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (preferences), ADW_PREFERENCES_PAGE (page));
  ui_wait_for (page_idle, page);
  g_assert_null (peygir_users_page_get_problem (PEYGIR_USERS_PAGE (page)));
  return PEYGIR_USERS_PAGE (page);
}

static PeygirUser *
store_user (StoreFixture *f,
            const char   *login)
{
  g_autoptr(GError) error = NULL;
  PeygirUser *user = peygir_store_find_user (f->store, login, &error);

  g_assert_no_error (error);
  g_assert_nonnull (user);
  return user;
}

static AdwActionRow *
user_row (PeygirUsersPage *page,
          const char      *login)
{
  g_autofree char *name = g_strconcat ("user-", login, NULL);
  GtkWidget *row = ui_find_named (GTK_WIDGET (page), name);

  g_assert_true (ADW_IS_ACTION_ROW (row));
  return ADW_ACTION_ROW (row);
}

/* Opens the dialog of @login's row as a click on it would. */
static PeygirUserDialog *
open_user (PeygirUsersPage *page,
           const char      *login)
{
  GtkWidget *dialog;

  g_assert_true (gtk_widget_activate (GTK_WIDGET (user_row (page, login))));
  ui_iterate (50);
  dialog = peygir_users_page_get_dialog (page);
  g_assert_true (PEYGIR_IS_USER_DIALOG (dialog));
  g_assert_true (gtk_widget_get_visible (dialog));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  return PEYGIR_USER_DIALOG (dialog);
}

static GtkWidget *
dialog_part (PeygirUserDialog *dialog,
             const char       *name)
{
  GtkWidget *widget = ui_find_named (GTK_WIDGET (dialog), name);

  g_assert_nonnull (widget);
  return widget;
}

static void
set_text (GtkWidget  *root,
          const char *name,
          const char *text)
{
  GtkWidget *row = ui_find_named (root, name);

  g_assert_true (ADW_IS_ENTRY_ROW (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static const char *
get_text (GtkWidget  *root,
          const char *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (ui_find_named (root, name)));
}

static void
set_role (PeygirUserDialog *dialog,
          const char       *role,
          gboolean          active)
{
  g_autofree char *name = g_strconcat ("role-", role, NULL);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (dialog_part (dialog, name)), active);
}

/* Saves through the dialog's action and waits for the page. */
static void
save (PeygirUsersPage  *page,
      PeygirUserDialog *dialog)
{
  ui_activate (GTK_WIDGET (dialog), "user.save", NULL);
  ui_wait_for (page_idle, page);
  ui_iterate (50);
  ui_wait_for (page_idle, page);
}

/* The refusal, above the form, in full. */
static void
assert_problem_shown (PeygirUserDialog *dialog)
{
  GtkWidget *label = dialog_part (dialog, "problem");

  g_assert_true (gtk_widget_is_visible (label));
  g_assert_cmpuint (strlen (gtk_label_get_text (GTK_LABEL (label))), >, 10);
  g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (label)), ==, PANGO_ELLIPSIZE_NONE);
}

static guint
row_index (PeygirUsersPage *page,
           const char      *login)
{
  return gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (user_row (page, login)));
}

static void
screenshot_sizes (GtkWidget  *window,
                  const char *name)
{
  static const int sizes[][2] = { { 1280, 800 }, { 800, 600 } };

  /* a window just presented takes its first size before a new one */
  ui_iterate (100);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *file = g_strdup_printf ("%s-%dx%d", name, sizes[i][0], sizes[i][1]);

      gtk_window_set_default_size (GTK_WINDOW (window), sizes[i][0], sizes[i][1]);
      ui_iterate (150);
      ui_screenshot (window, file);
    }
}

/* Whether a label inside @root says @text. */
static gboolean
has_label (GtkWidget  *root,
           const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

static gboolean
model_has_action (GMenuModel *model,
                  const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(GMenuLinkIter) links = NULL;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &name)
          && g_strcmp0 (name, action) == 0)
        return TRUE;
      links = g_menu_model_iterate_item_links (model, i);
      while (g_menu_link_iter_next (links))
        {
          g_autoptr(GMenuModel) link = g_menu_link_iter_get_value (links);

          if (model_has_action (link, action))
            return TRUE;
        }
    }
  return FALSE;
}

/* Whether a menu button inside @root offers @action. */
static gboolean
menu_has_action (GtkWidget  *root,
                 const char *action)
{
  if (GTK_IS_MENU_BUTTON (root) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (root)) != NULL
      && model_has_action (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (root)), action))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (menu_has_action (child, action))
      return TRUE;
  return FALSE;
}

/* Only an administrator has the page. */
static void
test_admin_only (StoreFixture  *f,
                 gconstpointer  data)
{
  ui_assert_page_for_administrators (f, "users", PEYGIR_TYPE_USERS_PAGE);
}

/* Every user listed with login and roles; a colleague added with two
 * roles and a title reaches the store and the list. */
static void
test_add (StoreFixture  *f,
          gconstpointer  data)
{
  PeygirWindow *window = ui_window_new (f->store, "admin");
  GtkWidget *preferences = ui_preferences_new (window, f->path, 1280, 800);
  PeygirUsersPage *page = users_page (preferences);
  g_autoptr(PeygirUser) added = NULL;
  PeygirUserDialog *dialog;
  AdwActionRow *row;
  const char *subtitle;

  /* the fixture's four, each with login and roles */
  g_assert_cmpuint (peygir_users_page_get_users (page)->len, ==, 4);
  row = user_row (page, "secretary");
  subtitle = adw_action_row_get_subtitle (row);
  g_assert_nonnull (strstr (subtitle, "\u2066secretary\u2069"));
  g_assert_nonnull (strstr (subtitle, peygir_role_label (PEYGIR_ROLE_SECRETARIAT)));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (user_row (page, "admin"))), ==, "مدیر سامانه");
  screenshot_sizes (preferences, fixture_on_server (f) ? "users-page-server" : "users-page");

  ui_activate (GTK_WIDGET (page), "users.add", NULL);
  ui_iterate (50);
  dialog = PEYGIR_USER_DIALOG (peygir_users_page_get_dialog (page));
  g_assert_nonnull (dialog);
  g_assert_null (peygir_user_dialog_get_user (dialog));
  /* a new user: the login typed, no "Active" switch yet */
  g_assert_true (gtk_widget_get_visible (dialog_part (dialog, "login")));
  g_assert_false (gtk_widget_get_visible (dialog_part (dialog, "login-shown")));
  g_assert_false (gtk_widget_is_visible (dialog_part (dialog, "active")));
  /* on a server, the login is the role they will connect as: said */
  g_assert_true (gtk_widget_is_visible (dialog_part (dialog, "login-hint")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (dialog_part (dialog, "login-hint"))), ==,
                   g_dgettext (GETTEXT_PACKAGE,
                               fixture_on_server (f)
                               ? "On the database server, the login is the name of the server’s role this person connects as, with its own password: the server’s administrator creates that role."
                               : "The name this person signs in to their computer with. It cannot be changed later."));

  /* not before a login, a name and a role */
  g_assert_false (ui_action_enabled (GTK_WIDGET (dialog), "user.save"));
  set_text (GTK_WIDGET (dialog), "login", " colleague ");
  set_text (GTK_WIDGET (dialog), "name", "زهرا کریمی");
  set_text (GTK_WIDGET (dialog), "title", "کارشناس مسئول دبیرخانه");
  g_assert_false (ui_action_enabled (GTK_WIDGET (dialog), "user.save"));
  set_role (dialog, "secretariat", TRUE);
  set_role (dialog, "expert", TRUE);
  g_assert_true (ui_action_enabled (GTK_WIDGET (dialog), "user.save"));
  screenshot_sizes (GTK_WIDGET (dialog), fixture_on_server (f) ? "users-add-dialog-server" : "users-add-dialog");
  gtk_window_set_default_size (GTK_WINDOW (dialog), 520, 580);
  save (page, dialog);
  g_assert_null (peygir_users_page_get_dialog (page));

  added = store_user (f, "colleague");
  g_assert_cmpstr (added->name, ==, "زهرا کریمی");
  g_assert_cmpstr (added->title, ==, "کارشناس مسئول دبیرخانه");
  g_assert_cmpint (added->roles, ==, PEYGIR_ROLE_EXPERT | PEYGIR_ROLE_SECRETARIAT);
  g_assert_true (added->active);

  /* and listed, with both roles */
  g_assert_cmpuint (peygir_users_page_get_users (page)->len, ==, 5);
  row = user_row (page, "colleague");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "زهرا کریمی");
  subtitle = adw_action_row_get_subtitle (row);
  g_assert_nonnull (strstr (subtitle, peygir_role_label (PEYGIR_ROLE_EXPERT)));
  g_assert_nonnull (strstr (subtitle, peygir_role_label (PEYGIR_ROLE_SECRETARIAT)));

  /* A login already taken: the store says so, and what was typed stays. */
  ui_activate (GTK_WIDGET (page), "users.add", NULL);
  ui_iterate (50);
  dialog = PEYGIR_USER_DIALOG (peygir_users_page_get_dialog (page));
  set_text (GTK_WIDGET (dialog), "login", "colleague");
  set_text (GTK_WIDGET (dialog), "name", "نام دیگر");
  set_role (dialog, "manager", TRUE);
  save (page, dialog);
  g_assert_true (peygir_users_page_get_dialog (page) == GTK_WIDGET (dialog));
  g_assert_nonnull (peygir_user_dialog_get_problem (dialog));
  g_assert_cmpstr (get_text (GTK_WIDGET (dialog), "name"), ==, "نام دیگر");
  g_clear_pointer (&added, peygir_user_free);
  added = store_user (f, "colleague");
  g_assert_cmpstr (added->name, ==, "زهرا کریمی");
  gtk_window_close (GTK_WINDOW (dialog));
  ui_iterate (50);
  g_assert_null (peygir_users_page_get_dialog (page));

  gtk_window_destroy (GTK_WINDOW (preferences));
  ui_window_close (window);
}

/* "expert" deactivated: inactive in the store, listed last, dimmed and
 * said so; reactivated again. */
static void
test_deactivate (StoreFixture  *f,
                 gconstpointer  data)
{
  PeygirWindow *window = ui_window_new (f->store, "admin");
  GtkWidget *preferences = ui_preferences_new (window, f->path, 1280, 800);
  PeygirUsersPage *page = users_page (preferences);
  g_autoptr(PeygirUser) expert = NULL;
  PeygirUserDialog *dialog;
  GtkWidget *active;

  g_assert_cmpuint (row_index (page, "expert"), <, 3);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (user_row (page, "expert")), "dim-label"));

  dialog = open_user (page, "expert");
  g_assert_nonnull (peygir_user_dialog_get_user (dialog));
  g_assert_cmpstr (peygir_user_dialog_get_user (dialog)->login, ==, "expert");
  /* the login shown, not typed */
  g_assert_false (gtk_widget_get_visible (dialog_part (dialog, "login")));
  g_assert_true (gtk_widget_get_visible (dialog_part (dialog, "login-shown")));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (dialog_part (dialog, "login-shown"))), "expert"));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (dialog_part (dialog, "role-expert"))));
  active = dialog_part (dialog, "active");
  g_assert_true (gtk_widget_is_visible (active));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (active)));
  screenshot_sizes (GTK_WIDGET (dialog), "users-edit-dialog");
  gtk_window_set_default_size (GTK_WINDOW (dialog), 520, 580);

  gtk_switch_set_active (GTK_SWITCH (active), FALSE);
  save (page, dialog);
  g_assert_null (peygir_users_page_get_dialog (page));
  expert = store_user (f, "expert");
  g_assert_false (expert->active);
  /* the history keeps them: still a user, with their name */
  g_assert_cmpstr (expert->name, !=, NULL);

  /* the active first, then the deactivated, dimmed and said so */
  g_assert_cmpuint (row_index (page, "expert"), ==, 3);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (user_row (page, "expert")), "dim-label"));
  g_assert_true (has_label (GTK_WIDGET (user_row (page, "expert")), g_dgettext (GETTEXT_PACKAGE, "Deactivated")));
  g_assert_false (has_label (GTK_WIDGET (user_row (page, "manager")), g_dgettext (GETTEXT_PACKAGE, "Deactivated")));
  screenshot_sizes (preferences, "users-page-deactivated");

  /* and back */
  dialog = open_user (page, "expert");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (dialog_part (dialog, "active"))));
  gtk_switch_set_active (GTK_SWITCH (dialog_part (dialog, "active")), TRUE);
  save (page, dialog);
  g_clear_pointer (&expert, peygir_user_free);
  expert = store_user (f, "expert");
  g_assert_true (expert->active);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (user_row (page, "expert")), "dim-label"));

  gtk_window_destroy (GTK_WINDOW (preferences));
  ui_window_close (window);
}

/* The last active administrator can be neither deactivated nor demoted:
 * the store refuses, the dialog says so and stays, the admin stays. */
static void
test_last_admin (StoreFixture  *f,
                 gconstpointer  data)
{
  PeygirWindow *window = ui_window_new (f->store, "admin");
  GtkWidget *preferences = ui_preferences_new (window, f->path, 1280, 800);
  PeygirUsersPage *page = users_page (preferences);
  g_autoptr(PeygirUser) admin = NULL;
  PeygirUserDialog *dialog;

  dialog = open_user (page, "admin");
  gtk_switch_set_active (GTK_SWITCH (dialog_part (dialog, "active")), FALSE);
  save (page, dialog);
  g_assert_true (peygir_users_page_get_dialog (page) == GTK_WIDGET (dialog));
  g_assert_nonnull (peygir_user_dialog_get_problem (dialog));
  g_test_message ("refused: %s", peygir_user_dialog_get_problem (dialog));
  assert_problem_shown (dialog);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (dialog_part (dialog, "active"))));
  ui_screenshot (GTK_WIDGET (dialog), "users-last-admin");
  admin = store_user (f, "admin");
  g_assert_true (admin->active);
  g_assert_true (admin->roles & PEYGIR_ROLE_ADMIN);

  /* demoted instead: refused too */
  gtk_switch_set_active (GTK_SWITCH (dialog_part (dialog, "active")), TRUE);
  set_role (dialog, "admin", FALSE);
  set_role (dialog, "manager", TRUE);
  save (page, dialog);
  g_assert_true (peygir_users_page_get_dialog (page) == GTK_WIDGET (dialog));
  g_assert_nonnull (peygir_user_dialog_get_problem (dialog));
  g_clear_pointer (&admin, peygir_user_free);
  admin = store_user (f, "admin");
  g_assert_true (admin->active);
  g_assert_cmpint (admin->roles, ==, PEYGIR_ROLE_ADMIN);
  /* the session still is an administrator's */
  g_assert_true (peygir_session_has_role (peygir_window_get_session (window), PEYGIR_ROLE_ADMIN));
  gtk_window_close (GTK_WINDOW (dialog));
  ui_iterate (50);

  gtk_window_destroy (GTK_WINDOW (preferences));
  ui_window_close (window);
}

/* Another desk changes "manager" between the page's read and its save:
 * refused, nothing overwritten, the list read again, what was typed kept;
 * saving again then goes over the user as that desk left them. */
static void
test_conflict (StoreFixture  *f,
               gconstpointer  data)
{
  PeygirWindow *window = ui_window_new (f->store, "admin");
  GtkWidget *preferences = ui_preferences_new (window, f->path, 1280, 800);
  PeygirUsersPage *page = users_page (preferences);
  g_autoptr(PeygirUser) manager = NULL;
  g_autoptr(PeygirUser) other = NULL;
  g_autoptr(GError) error = NULL;
  PeygirUserDialog *dialog;
  g_autofree char *name_before = NULL;

  dialog = open_user (page, "manager");
  name_before = g_strdup (peygir_user_dialog_get_user (dialog)->name);
  set_text (GTK_WIDGET (dialog), "name", "نام تازهٔ مدیر");

  /* the other desk */
  other = peygir_store_set_user_title (f->store, "admin", "manager", "مدیر دفتر بازرسی", &error);
  g_assert_no_error (error);

  save (page, dialog);
  g_assert_true (peygir_users_page_get_dialog (page) == GTK_WIDGET (dialog));
  g_assert_nonnull (peygir_user_dialog_get_problem (dialog));
  g_test_message ("refused: %s", peygir_user_dialog_get_problem (dialog));
  assert_problem_shown (dialog);
  manager = store_user (f, "manager");
  g_assert_cmpstr (manager->name, ==, name_before);
  g_assert_cmpstr (manager->title, ==, "مدیر دفتر بازرسی");
  /* what was typed stays */
  g_assert_cmpstr (get_text (GTK_WIDGET (dialog), "name"), ==, "نام تازهٔ مدیر");
  /* the list was read again: it has the other desk's title */
  for (guint i = 0; i < peygir_users_page_get_users (page)->len; i++)
    {
      const PeygirUser *listed = g_ptr_array_index (peygir_users_page_get_users (page), i);

      if (g_str_equal (listed->login, "manager"))
        g_assert_cmpstr (listed->title, ==, "مدیر دفتر بازرسی");
    }
  ui_screenshot (GTK_WIDGET (dialog), fixture_on_server (f) ? "users-conflict-server" : "users-conflict");

  /* told, the desk saves again */
  save (page, dialog);
  g_assert_null (peygir_users_page_get_dialog (page));
  g_clear_pointer (&manager, peygir_user_free);
  manager = store_user (f, "manager");
  g_assert_cmpstr (manager->name, ==, "نام تازهٔ مدیر");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (user_row (page, "manager"))), ==, "نام تازهٔ مدیر");

  gtk_window_destroy (GTK_WINDOW (preferences));
  ui_window_close (window);
}

static PeygirProfileDialog *
find_profile_dialog (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (PEYGIR_IS_PROFILE_DIALOG (toplevel) && gtk_window_get_transient_for (toplevel) == parent
          && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return PEYGIR_PROFILE_DIALOG (toplevel);
    }
  return NULL;
}

static gboolean
profile_idle (gpointer data)
{
  return !peygir_profile_dialog_get_busy (data);
}

static gboolean
profile_closed (gpointer data)
{
  return find_profile_dialog (data) == NULL;
}

/* "My profile" from the window's menu: "expert" changes their own name
 * and title; the store, the session and the window's sidebar have them. */
static void
test_profile (StoreFixture  *f,
              gconstpointer  data)
{
  PeygirWindow *window = ui_window_new (f->store, "expert");
  PeygirSession *session = peygir_window_get_session (window);
  g_autoptr(PeygirUser) expert = NULL;
  g_autoptr(PeygirUser) other = NULL;
  g_autoptr(GError) error = NULL;
  PeygirProfileDialog *dialog;
  GtkWidget *login;

  g_assert_true (menu_has_action (GTK_WIDGET (window), "win.profile"));
  ui_activate (GTK_WIDGET (window), "win.profile", NULL);
  ui_iterate (50);
  dialog = find_profile_dialog (GTK_WINDOW (window));
  g_assert_nonnull (dialog);
  ui_wait_for (profile_idle, dialog);
  g_assert_null (peygir_profile_dialog_get_problem (dialog));
  login = ui_find_named (GTK_WIDGET (dialog), "login-shown");
  g_assert_true (ADW_IS_ACTION_ROW (login));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (login)), ==, "\u2066expert\u2069");
  g_assert_cmpstr (get_text (GTK_WIDGET (dialog), "name"), ==, peygir_session_get_user (session)->name);

  set_text (GTK_WIDGET (dialog), "name", "علی رضایی");
  set_text (GTK_WIDGET (dialog), "title", "کارشناس ارشد بازرسی");
  screenshot_sizes (GTK_WIDGET (dialog), "profile-dialog");
  gtk_window_set_default_size (GTK_WINDOW (dialog), 480, 420);

  /* Another desk changed the expert since the dialog read them: refused,
   * nothing overwritten, what was typed kept. */
  other = peygir_store_set_user_title (f->store, "admin", "expert", "کارشناس", &error);
  g_assert_no_error (error);
  ui_activate (GTK_WIDGET (dialog), "profile.save", NULL);
  ui_wait_for (profile_idle, dialog);
  g_assert_nonnull (peygir_profile_dialog_get_problem (dialog));
  g_assert_true (find_profile_dialog (GTK_WINDOW (window)) == dialog);
  expert = store_user (f, "expert");
  g_assert_cmpstr (expert->title, ==, "کارشناس");
  g_assert_cmpstr (get_text (GTK_WIDGET (dialog), "title"), ==, "کارشناس ارشد بازرسی");

  /* saved again, over what that desk left */
  ui_activate (GTK_WIDGET (dialog), "profile.save", NULL);
  ui_wait_for (profile_closed, window);

  g_clear_pointer (&expert, peygir_user_free);
  expert = store_user (f, "expert");
  g_assert_cmpstr (expert->name, ==, "علی رضایی");
  g_assert_cmpstr (expert->title, ==, "کارشناس ارشد بازرسی");
  g_assert_cmpint (expert->roles, ==, PEYGIR_ROLE_EXPERT);
  g_assert_true (expert->active);
  /* the session's user signs letters from now on with them */
  g_assert_cmpstr (peygir_session_get_user (session)->name, ==, "علی رضایی");
  g_assert_cmpstr (peygir_session_get_user (session)->title, ==, "کارشناس ارشد بازرسی");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (ui_find_named (GTK_WIDGET (window), "user-name"))), ==, "علی رضایی");

  ui_window_close (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/ui/users/admin-only", StoreFixture, NULL, fixture_set_up, test_admin_only, fixture_tear_down);
  g_test_add ("/ui/users/add", StoreFixture, NULL, fixture_set_up, test_add, fixture_tear_down);
  g_test_add ("/ui/users/deactivate", StoreFixture, NULL, fixture_set_up, test_deactivate, fixture_tear_down);
  g_test_add ("/ui/users/last-admin", StoreFixture, NULL, fixture_set_up, test_last_admin, fixture_tear_down);
  g_test_add ("/ui/users/conflict", StoreFixture, NULL, fixture_set_up, test_conflict, fixture_tear_down);
  store_test_add_server ("/ui/users/add/server", fixture_set_up, test_add);
  store_test_add_server ("/ui/users/conflict/server", fixture_set_up, test_conflict);
  g_test_add ("/ui/users/profile", StoreFixture, NULL, fixture_set_up, test_profile, fixture_tear_down);

  return g_test_run ();
}
