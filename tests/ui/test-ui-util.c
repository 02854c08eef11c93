/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "peygir-accessible-private.h"
#include "peygir-application.h"
#include "peygir-case-page.h"
#include "peygir-clock.h"
#include "peygir-letter-preview.h"
#include "peygir-error.h"
#include "peygir-test-util.h"
#include "peygir-preferences-window.h"
#include "test-ui-util.h"

#define IDLE_TIMEOUT_S 60

void
ui_test_init (int    *argc,
              char ***argv)
{
  g_autoptr(GtkCssProvider) provider = NULL;

  g_test_init (argc, argv, NULL);
  peygir_application_setup_i18n ();
  adw_init ();
  /* As the application does once GTK has started: right to left, and the
   * style sheet AdwApplication loads from its resource path. */
  gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
  _peygir_accessible_init ();
  /* Screenshots between two pages of a cross-fade show both. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/ir/gov/peygir/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  set_now (FIXTURE_NOW);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
ui_iterate (guint milliseconds)
{
  gboolean done = FALSE;

  g_timeout_add (milliseconds, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

void
ui_wait_for (gboolean (*done) (gpointer data),
             gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + IDLE_TIMEOUT_S * G_USEC_PER_SEC;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      ui_iterate (10);
    }
}

void
ui_add_desk (StoreFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirUser) desk = peygir_store_add_user (fixture->store, "admin", "desk", "نرگس طاهری",
                                                      PEYGIR_ROLES_ALL, &error);

  g_assert_no_error (error);
}

gboolean
ui_case_page_has_dialog (gpointer page)
{
  return peygir_case_page_get_dialog (page) != NULL;
}

gboolean
ui_preview_loaded (gpointer data)
{
  GtkWidget *preview = ui_find_toplevel_named ("letter-preview");

  return preview != NULL && !peygir_letter_preview_get_loading (PEYGIR_LETTER_PREVIEW (preview));
}

void
ui_show_case (PeygirWindow *window,
              gint64        case_id)
{
  const PeygirCase *shown;

  peygir_window_show_case (window, case_id);
  ui_wait_idle (window);
  g_assert_cmpstr (peygir_window_get_page (window), ==, "case");
  shown = peygir_case_page_get_case (peygir_window_get_case_page (window));
  g_assert_nonnull (shown);
  g_assert_cmpint (shown->id, ==, case_id);
}

/* Idle for a few frames in a row: a view that has just been laid out asks
 * for rows, which starts more reads. */
void
ui_wait_idle (PeygirWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + IDLE_TIMEOUT_S * G_USEC_PER_SEC;
  guint quiet = 0;

  while (quiet < 4)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      ui_iterate (10);
      if (peygir_window_is_busy (window))
        quiet = 0;
      else
        quiet++;
    }
}

PeygirWindow *
ui_window_new (PeygirStore *store,
               const char  *login)
{
  return ui_window_new_in (NULL, store, login);
}

PeygirWindow *
ui_window_new_in (PeygirApplication *application,
                  PeygirStore       *store,
                  const char        *login)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PeygirUser) user = NULL;
  g_autoptr(PeygirSession) session = NULL;
  PeygirWindow *window;

  user = peygir_store_find_user (store, login, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  session = peygir_session_new (store, user);

  window = peygir_window_new (application);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  peygir_window_set_session (window, session);
  peygir_session_set_poll_interval (session, 0);
  gtk_window_present (GTK_WINDOW (window));
  ui_wait_idle (window);
  g_assert_cmpstr (peygir_window_get_page (window), ==, "inbox");
  return window;
}

GtkWidget *
ui_preferences_new (PeygirWindow *window,
                    const char   *path,
                    int           width,
                    int           height)
{
  GtkWidget *preferences = peygir_preferences_window_new (path);

  gtk_window_set_default_size (GTK_WINDOW (preferences), width, height);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (preferences));
  return preferences;
}

void
ui_assert_page_for_administrators (StoreFixture *fixture,
                                   const char   *page_name,
                                   GType         page_type)
{
  static const struct {
    const char *login;
    gboolean    has_page;
  } people[] = {
    { "admin", TRUE },
    { "expert", FALSE },
    { "manager", FALSE },
    { "secretary", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      PeygirWindow *window = ui_window_new (fixture->store, people[i].login);
      GtkWidget *preferences = ui_preferences_new (window, fixture->path, 1000, 800);
      GtkWidget *page;

      ui_iterate (50);
      page = ui_find_named (preferences, page_name);
      if (people[i].has_page)
        g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (page, page_type));
      else
        g_assert_null (page);
      /* the page's first read done before it goes */
      ui_wait_idle (window);
      gtk_window_destroy (GTK_WINDOW (preferences));
      ui_window_close (window);
    }
}

void
ui_window_close (PeygirWindow *window)
{
  ui_wait_idle (window);
  gtk_window_destroy (GTK_WINDOW (window));
  ui_iterate (20);
}

static gboolean action_enabled_with (GtkWidget  *widget,
                                     const char *action,
                                     GVariant   *parameter);

void
ui_activate (GtkWidget  *widget,
             const char *action,
             GVariant   *parameter)
{
  if (parameter != NULL)
    g_variant_ref_sink (parameter);
  g_assert_true (action_enabled_with (widget, action, parameter));
  g_assert_true (gtk_widget_activate_action_variant (widget, action, parameter));
  if (parameter != NULL)
    g_variant_unref (parameter);
}

/* Whether the action is there and enabled, as GTK sees it: a button bound
 * to it, for a moment inside @widget, is sensitive only then. */
static gboolean
action_enabled_with (GtkWidget  *widget,
                     const char *action,
                     GVariant   *parameter)
{
  GtkWidget *probe = gtk_button_new ();
  gboolean enabled;

  g_object_ref_sink (probe);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (probe), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (probe), parameter);
  gtk_widget_set_parent (probe, widget);
  enabled = gtk_widget_get_sensitive (probe);
  gtk_widget_unparent (probe);
  g_object_unref (probe);
  return enabled;
}

gboolean
ui_action_enabled (GtkWidget  *widget,
                   const char *action)
{
  return action_enabled_with (widget, action, NULL);
}

GtkWidget *
ui_find_toplevel_named (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i - 1);
      GtkWidget *found = ui_find_named (window, name);

      if (found != NULL && gtk_widget_get_visible (window))
        return found;
    }
  return NULL;
}

GtkWidget *
ui_find_named (GtkWidget  *root,
               const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ui_find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
ui_screenshot (GtkWidget  *window,
               const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  cairo_surface_t *surface;
  cairo_t *cr;
  int width = 0, height = 0;

  /* A window just presented may not be mapped and drawn yet, the more so
   * with other tests on the same display and the machine busy: look again
   * until it has something to show, for at most ten seconds. */
  for (guint tries = 0; node == NULL && tries < 100; tries++)
    {
      gtk_widget_queue_draw (window);
      ui_iterate (100);
      if (!gtk_widget_get_mapped (window))
        continue;
      /* The paintable's size is the window's with its frame, as on screen. */
      g_clear_object (&paintable);
      paintable = gtk_widget_paintable_new (window);
      width = gdk_paintable_get_intrinsic_width (paintable);
      height = gdk_paintable_get_intrinsic_height (paintable);
      if (width <= 0 || height <= 0)
        continue;
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_nonnull (node);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);

  dir = g_build_filename (g_getenv ("PEYGIR_BUILD_DIR") != NULL ? g_getenv ("PEYGIR_BUILD_DIR") : ".",
                          "screenshots", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  g_test_message ("screenshot: %s (%d×%d)", path, width, height);
}

PeygirCase *
ui_create_case (PeygirStore *store,
                const char  *login,
                gint64       agency_id,
                const char  *national_id)
{
  g_autoptr(PeygirCaseDraft) draft = peygir_case_draft_new ();
  g_autoptr(GError) error = NULL;
  PeygirCase *kase;

  draft->kind = PEYGIR_KIND_COMPLAINT;
  draft->applicant.type = PEYGIR_APPLICANT_CITIZEN;
  draft->applicant.name = g_strdup ("سعید سلیمانی");
  draft->applicant.national_id = g_strdup (national_id);
  draft->applicant.mobile = g_strdup ("09121234567");
  draft->applicant.address = g_strdup ("خیابان امام، کوچه ۱۲");
  draft->subject = g_strdup ("تأخیر در پرداخت حقوق");
  draft->description = g_strdup ("حقوق سه ماه گذشته پرداخت نشده است.");
  draft->category = PEYGIR_CATEGORY_EDUCATION;
  draft->agency_id = agency_id;
  draft->channel = PEYGIR_CHANNEL_IN_PERSON;
  kase = peygir_store_create_case (store, login, draft, &error);
  g_assert_no_error (error);
  return kase;
}
