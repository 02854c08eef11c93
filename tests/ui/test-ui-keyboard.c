/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>
#include <glib/gi18n-lib.h>

#include "peygir-action-dialog.h"
#include "peygir-letter-preview.h"
#include "peygir-workflow.h"
#include "test-ui-util.h"

/* Keys: GTK has no public way to make a key event, so a key is looked up
 * among the shortcuts of the widget with the focus and its ancestors, as
 * GTK's bubbling phase does, and the first that matches is activated. */

static gboolean
trigger_matches (GtkShortcutTrigger *trigger,
                 GtkShortcutTrigger *pressed)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_matches (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)), pressed)
           || trigger_matches (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)), pressed);
  return gtk_shortcut_trigger_equal (trigger, pressed);
}

static gboolean
widget_press (GtkWidget          *widget,
              GtkShortcutTrigger *pressed)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (trigger_matches (gtk_shortcut_get_trigger (shortcut), pressed)
              && gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                               widget, gtk_shortcut_get_arguments (shortcut)))
            return TRUE;
        }
    }
  return FALSE;
}

/* Presses @keyval with @modifiers in @window: from its focus up. The
 * type of the widget that took it. */
static const char *
press (GtkWindow       *window,
       guint            keyval,
       GdkModifierType  modifiers)
{
  g_autoptr(GtkShortcutTrigger) pressed = gtk_keyval_trigger_new (keyval, modifiers);
  GtkWidget *focus = gtk_window_get_focus (window);

  for (GtkWidget *w = focus != NULL ? focus : GTK_WIDGET (window); w != NULL; w = gtk_widget_get_parent (w))
    if (widget_press (w, pressed))
      {
        g_test_message ("%s taken by a %s", gtk_accelerator_name (keyval, modifiers), G_OBJECT_TYPE_NAME (w));
        ui_iterate (20);
        return G_OBJECT_TYPE_NAME (w);
      }
  g_error ("No shortcut took %s", gtk_accelerator_name (keyval, modifiers));
  return NULL;
}

static gboolean
focus_within (GtkWindow *window,
              GtkWidget *widget)
{
  GtkWidget *focus = gtk_window_get_focus (window);

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* The response button labelled @label in a message dialog. */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A button's click, as the pointer gives it (activating it from the
 * keyboard clicks it a moment later). */
static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  ui_iterate (50);
}

static char *
intake_text (PeygirWindow *window,
             const char   *field)
{
  GtkWidget *widget = peygir_intake_page_get_field (peygir_window_get_intake_page (window), field);

  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget)));
}

static const char *
title_of (PeygirWindow *window,
          gboolean      subtitle)
{
  GtkWidget *title = ui_find_named (GTK_WIDGET (window), "content-title");

  g_assert_nonnull (title);
  return subtitle ? adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title))
                  : adw_window_title_get_title (ADW_WINDOW_TITLE (title));
}

/* Ctrl+N puts the focus on the form's first field; what was typed there
 * stays across a visit to a queue and comes back with Ctrl+N; closing
 * the window with it asks first. */
static void
test_intake_draft (StoreFixture  *f,
                   gconstpointer  data)
{
  PeygirWindow *window = ui_window_new (f->store, "expert");
  GtkWidget *focus;
  GtkWidget *question;
  g_autofree char *name = NULL;

  press (GTK_WINDOW (window), GDK_KEY_n, GDK_CONTROL_MASK);
  g_assert_cmpstr (peygir_window_get_page (window), ==, "intake");
  focus = gtk_window_get_focus (GTK_WINDOW (window));
  g_assert_true (focus_within (GTK_WINDOW (window),
                               peygir_intake_page_get_field (peygir_window_get_intake_page (window), "name")));
  /* typing goes where the focus is */
  g_assert_true (GTK_IS_EDITABLE (focus));
  gtk_editable_set_text (GTK_EDITABLE (focus), "زهرا");
  name = intake_text (window, "name");
  g_assert_cmpstr (name, ==, "زهرا");
  g_clear_pointer (&name, g_free);

  /* away to a queue, and back */
  g_assert_true (peygir_window_select_queue (window, "in-review"));
  ui_wait_idle (window);
  g_assert_cmpstr (peygir_window_get_page (window), ==, "inbox");
  press (GTK_WINDOW (window), GDK_KEY_n, GDK_CONTROL_MASK);
  g_assert_cmpstr (peygir_window_get_page (window), ==, "intake");
  name = intake_text (window, "name");
  g_assert_cmpstr (name, ==, "زهرا");
  g_assert_true (focus_within (GTK_WINDOW (window),
                               peygir_intake_page_get_field (peygir_window_get_intake_page (window), "name")));
  ui_screenshot (GTK_WIDGET (window), "keyboard-intake-draft");
  /* the name typed is not selected, for the next key to replace */
  {
    int start, end;

    g_assert_false (gtk_editable_get_selection_bounds (GTK_EDITABLE (gtk_window_get_focus (GTK_WINDOW (window))),
                                                       &start, &end));
  }

  /* Tab leaves the description, which takes no tab characters */
  {
    GtkWidget *description = peygir_intake_page_get_field (peygir_window_get_intake_page (window), "description");

    g_assert_false (gtk_text_view_get_accepts_tab (GTK_TEXT_VIEW (description)));
    gtk_widget_grab_focus (description);
    g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
    g_assert_false (focus_within (GTK_WINDOW (window), description));
  }

  /* closing asks; Keep Editing keeps the window and the form */
  gtk_window_close (GTK_WINDOW (window));
  ui_iterate (50);
  question = ui_find_toplevel_named ("discard-dialog");
  g_assert_nonnull (question);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (question)), ==, "keep");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (question), "discard"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  ui_screenshot (question, "keyboard-discard-window");
  click (find_button (question, _("_Keep Editing")));
  ui_iterate (50);
  g_assert_null (ui_find_toplevel_named ("discard-dialog"));
  g_assert_cmpstr (peygir_window_get_page (window), ==, "intake");
  g_clear_pointer (&name, g_free);
  name = intake_text (window, "name");
  g_assert_cmpstr (name, ==, "زهرا");

  /* Discard closes it */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  ui_iterate (50);
  question = ui_find_toplevel_named ("discard-dialog");
  g_assert_nonnull (question);
  click (find_button (question, _("_Discard")));
  ui_iterate (100);
  g_assert_null (window);
  g_assert_null (ui_find_toplevel_named ("discard-dialog"));
}

/* A reason typed for an action is not thrown away by Escape or Cancel
 * without asking; the action's own button does not ask. */
static void
test_action_dialog_discard (StoreFixture  *f,
                            gconstpointer  data)
{
  g_autofree char *id_a = national_id_from ("008457594");
  g_autoptr(PeygirCase) kase = ui_create_case (f->store, "expert", f->agency_a, id_a);
  g_autoptr(PeygirCase) reviewed = act (f, kase->id, PEYGIR_ACTION_REVIEW, "expert", NULL);
  PeygirWindow *window = ui_window_new (f->store, "expert");
  PeygirCasePage *page = peygir_window_get_case_page (window);
  g_autofree char *reject = peygir_case_page_action_name (PEYGIR_ACTION_REJECT);
  AdwMessageDialog *dialog;
  GtkWidget *question;
  GtkWidget *note;

  peygir_window_show_case (window, kase->id);
  ui_wait_idle (window);
  ui_activate (GTK_WIDGET (page), reject, NULL);
  dialog = peygir_case_page_get_dialog (page);
  g_assert_nonnull (dialog);
  ui_iterate (20);
  note = ui_find_named (GTK_WIDGET (dialog), "note");
  g_assert_false (gtk_text_view_get_accepts_tab (GTK_TEXT_VIEW (note)));
  g_assert_false (peygir_action_dialog_has_input (PEYGIR_ACTION_DIALOG (dialog)));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (note)), "خارج از حوزهٔ دفتر", -1);
  g_assert_true (peygir_action_dialog_has_input (PEYGIR_ACTION_DIALOG (dialog)));

  /* Escape: the dialog stays and asks */
  press (GTK_WINDOW (dialog), GDK_KEY_Escape, 0);
  ui_iterate (50);
  question = ui_find_toplevel_named ("discard-dialog");
  g_assert_nonnull (question);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (question)) == GTK_WINDOW (dialog));
  g_assert_true (peygir_case_page_get_dialog (page) == dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  ui_screenshot (question, "keyboard-discard-action");
  click (find_button (question, _("_Keep Editing")));
  ui_iterate (50);
  g_assert_true (peygir_case_page_get_dialog (page) == dialog);
  g_assert_true (peygir_action_dialog_has_input (PEYGIR_ACTION_DIALOG (dialog)));

  /* closing the window asks the dialog's question too, and keeps both */
  gtk_window_close (GTK_WINDOW (window));
  ui_iterate (50);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  question = ui_find_toplevel_named ("discard-dialog");
  g_assert_nonnull (question);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (question)) == GTK_WINDOW (dialog));
  click (find_button (question, _("_Keep Editing")));
  g_assert_true (peygir_case_page_get_dialog (page) == dialog);

  /* Cancel asks too; Discard closes it, and nothing was done */
  click (find_button (GTK_WIDGET (dialog), _("_Cancel")));
  ui_iterate (50);
  g_assert_true (peygir_case_page_get_dialog (page) == dialog);
  question = ui_find_toplevel_named ("discard-dialog");
  g_assert_nonnull (question);
  click (find_button (question, _("_Discard")));
  ui_iterate (50);
  ui_wait_idle (window);
  g_assert_null (peygir_case_page_get_dialog (page));
  g_assert_cmpint (peygir_case_page_get_case (page)->state, ==, PEYGIR_STATE_IN_REVIEW);

  /* the action's button applies what was typed, without asking */
  ui_activate (GTK_WIDGET (page), reject, NULL);
  dialog = peygir_case_page_get_dialog (page);
  ui_iterate (20);
  note = ui_find_named (GTK_WIDGET (dialog), "note");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (note)), "خارج از حوزهٔ دفتر", -1);
  click (find_button (GTK_WIDGET (dialog), peygir_action_label (PEYGIR_ACTION_REJECT)));
  ui_iterate (50);
  g_assert_null (ui_find_toplevel_named ("discard-dialog"));
  ui_wait_idle (window);
  g_assert_null (peygir_case_page_get_dialog (page));
  g_assert_cmpint (peygir_case_page_get_case (page)->state, ==, PEYGIR_STATE_REJECTED);

  ui_window_close (window);
}

static GtkWindow *
newest_preview_window (void)
{
  GtkWidget *preview = ui_find_toplevel_named ("letter-preview");

  return preview != NULL ? GTK_WINDOW (gtk_widget_get_root (preview)) : NULL;
}

/* A case opened from search results stays open when acted on and when its
 * letter's preview is closed (Escape), titled with its own subject; Escape
 * and Alt+Left go back to the results, titled as such. */
static void
test_stay_on_case (StoreFixture  *f,
                   gconstpointer  data)
{
  g_autofree char *id_a = national_id_from ("008457594");
  g_autofree char *id_b = national_id_from ("001354241");
  g_autoptr(PeygirCase) kase = ui_create_case (f->store, "expert", f->agency_a, id_a);
  g_autoptr(PeygirCase) other = ui_create_case (f->store, "expert", f->agency_b, id_b);
  PeygirWindow *window = ui_window_new (f->store, "expert");
  PeygirCasePage *page = peygir_window_get_case_page (window);
  g_autofree char *review = peygir_case_page_action_name (PEYGIR_ACTION_REVIEW);
  GtkWindow *preview;

  peygir_window_search (window, kase->tracking_code);
  ui_wait_idle (window);
  g_assert_cmpstr (title_of (window, FALSE), ==, _("Search Results"));
  peygir_window_show_case (window, kase->id);
  ui_wait_idle (window);
  g_assert_cmpstr (peygir_window_get_page (window), ==, "case");

  /* acting on it */
  ui_activate (GTK_WIDGET (page), review, NULL);
  ui_wait_idle (window);
  g_assert_cmpstr (peygir_window_get_page (window), ==, "case");
  g_assert_cmpint (peygir_case_page_get_case (page)->id, ==, kase->id);
  g_assert_cmpint (peygir_case_page_get_case (page)->state, ==, PEYGIR_STATE_IN_REVIEW);
  g_assert_cmpstr (title_of (window, FALSE), ==, kase->subject);
  ui_screenshot (GTK_WIDGET (window), "keyboard-case-from-search");

  /* its receipt's preview, closed with Escape */
  ui_activate (GTK_WIDGET (page), "case.show-letter",
               g_variant_new ("(sx)", peygir_letter_kind_to_string (PEYGIR_LETTER_RECEIPT), (gint64) 0));
  ui_wait_for (ui_preview_loaded, NULL);
  preview = newest_preview_window ();
  g_assert_nonnull (preview);
  g_object_ref (preview);
  press (preview, GDK_KEY_Escape, 0);
  ui_iterate (50);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (preview)));
  g_object_unref (preview);
  ui_wait_idle (window);
  g_assert_cmpstr (peygir_window_get_page (window), ==, "case");

  /* Ctrl+W closes it too */
  ui_activate (GTK_WIDGET (page), "case.show-letter",
               g_variant_new ("(sx)", peygir_letter_kind_to_string (PEYGIR_LETTER_RECEIPT), (gint64) 0));
  ui_wait_for (ui_preview_loaded, NULL);
  preview = newest_preview_window ();
  g_object_ref (preview);
  press (preview, GDK_KEY_w, GDK_CONTROL_MASK);
  ui_iterate (50);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (preview)));
  g_object_unref (preview);

  /* another desk's change behind it */
  g_clear_pointer (&other, peygir_case_free);
  other = ui_create_case (f->store, "expert", f->agency_b, id_b);
  peygir_session_changed (peygir_window_get_session (window));
  ui_wait_idle (window);
  g_assert_cmpstr (peygir_window_get_page (window), ==, "case");
  g_assert_cmpstr (title_of (window, FALSE), ==, kase->subject);

  /* back with Escape, then with Alt+Left */
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (page), GTK_DIR_TAB_FORWARD));
  g_assert_true (focus_within (GTK_WINDOW (window), GTK_WIDGET (page)));
  /* the action's toast, still shown, takes the first Escape */
  if (g_str_equal (press (GTK_WINDOW (window), GDK_KEY_Escape, 0), "AdwToastOverlay"))
    press (GTK_WINDOW (window), GDK_KEY_Escape, 0);
  g_assert_cmpstr (peygir_window_get_page (window), ==, "inbox");
  g_assert_cmpstr (title_of (window, FALSE), ==, _("Search Results"));
  g_assert_true (title_of (window, TRUE) == NULL || *title_of (window, TRUE) == '\0');
  peygir_window_show_case (window, kase->id);
  ui_wait_idle (window);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (page), GTK_DIR_TAB_FORWARD));
  press (GTK_WINDOW (window), GDK_KEY_Left, GDK_ALT_MASK);
  g_assert_cmpstr (peygir_window_get_page (window), ==, "inbox");

  /* from a queue alike */
  g_assert_true (peygir_window_select_queue (window, "in-review"));
  ui_wait_idle (window);
  peygir_window_show_case (window, kase->id);
  ui_wait_idle (window);
  {
    g_autofree char *wait = peygir_case_page_action_name (PEYGIR_ACTION_AWAIT_DOCUMENTS);

    ui_activate (GTK_WIDGET (page), wait, NULL);
  }
  ui_wait_idle (window);
  g_assert_cmpstr (peygir_window_get_page (window), ==, "case");
  g_assert_cmpstr (title_of (window, FALSE), ==, kase->subject);
  press (GTK_WINDOW (window), GDK_KEY_Left, GDK_ALT_MASK);
  g_assert_cmpstr (title_of (window, FALSE), ==, peygir_queue_title (peygir_workflow_queue ("in-review")));

  ui_window_close (window);
}

/* Tab: once through the sidebar, to the page, not from queue to queue;
 * one stop for each of the case's action buttons. */
static void
test_tab_order (StoreFixture  *f,
                gconstpointer  data)
{
  g_autofree char *id_a = national_id_from ("008457594");
  g_autoptr(PeygirCase) kase = ui_create_case (f->store, "expert", f->agency_a, id_a);
  PeygirWindow *window = ui_window_new (f->store, "expert");
  GtkWidget *queues = ui_find_named (GTK_WIDGET (window), "queue-list");
  GtkWidget *page = GTK_WIDGET (peygir_window_get_case_page (window));
  GtkListBoxRow *selected;
  g_autofree char *queue = NULL;
  g_autoptr(GPtrArray) stops = g_ptr_array_new ();
  GtkWidget *review = NULL;
  guint review_at = 0;

  g_assert_nonnull (queues);
  queue = g_strdup (peygir_window_get_queue (window));
  selected = gtk_list_box_get_selected_row (GTK_LIST_BOX (queues));
  g_assert_nonnull (selected);
  gtk_widget_grab_focus (GTK_WIDGET (selected));
  g_assert_true (focus_within (GTK_WINDOW (window), GTK_WIDGET (selected)));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
  ui_wait_idle (window);
  g_assert_false (focus_within (GTK_WINDOW (window), queues));
  g_assert_true (gtk_list_box_get_selected_row (GTK_LIST_BOX (queues)) == selected);
  g_assert_cmpstr (peygir_window_get_queue (window), ==, queue);
  /* and back in with Shift+Tab, on the queue shown */
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_BACKWARD));
  g_assert_true (focus_within (GTK_WINDOW (window), GTK_WIDGET (selected)));

  /* the case's page, from its first stop to the action bar */
  peygir_window_show_case (window, kase->id);
  ui_wait_idle (window);
  gtk_widget_grab_focus (page);
  g_assert_true (gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD));
  for (guint i = 0; i < 200 && focus_within (GTK_WINDOW (window), page); i++)
    {
      GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (window));

      /* no stop twice, none on a flow box's unnamed cell */
      g_assert_false (g_ptr_array_find (stops, focus, NULL));
      g_assert_false (GTK_IS_FLOW_BOX_CHILD (focus));
      g_ptr_array_add (stops, focus);
      if (GTK_IS_BUTTON (focus)
          && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (focus)), "case.review") == 0)
        {
          review = focus;
          review_at = stops->len - 1;
        }
      if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
        break;
    }
  g_assert_nonnull (review);
  g_test_message ("%u stops before “%s”", review_at, peygir_action_label (PEYGIR_ACTION_REVIEW));
  /* the next stop after an action button is the next button */
  g_assert_cmpuint (stops->len, >, review_at + 1);
  g_assert_true (GTK_IS_BUTTON (g_ptr_array_index (stops, review_at + 1)));

  /* Enter on the sidebar's row shown goes back to its list */
  gtk_widget_grab_focus (GTK_WIDGET (selected));
  g_assert_true (gtk_widget_activate (GTK_WIDGET (selected)));
  ui_wait_idle (window);
  g_assert_cmpstr (peygir_window_get_page (window), ==, "inbox");
  g_assert_cmpstr (peygir_window_get_queue (window), ==, queue);

  ui_window_close (window);
}

/* F1 and the guide it opens: installed with the data files, Persian,
 * about what the window has. */
static void
test_help (StoreFixture  *f,
           gconstpointer  data)
{
  PeygirWindow *window = ui_window_new (f->store, "expert");
  g_autoptr(GtkShortcutTrigger) f1 = gtk_keyval_trigger_new (GDK_KEY_F1, 0);
  g_autofree char *uri = peygir_window_dup_help_uri ();
  g_autofree char *path = g_filename_from_uri (uri, NULL, NULL);
  g_autofree char *html = NULL;
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  gboolean bound = FALSE;

  g_assert_true (ui_action_enabled (GTK_WIDGET (window), "win.help"));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      for (guint j = 0; GTK_IS_SHORTCUT_CONTROLLER (controller) && j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (trigger_matches (gtk_shortcut_get_trigger (shortcut), f1) && GTK_IS_NAMED_ACTION (action))
            bound = bound || g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), "win.help");
        }
    }
  g_assert_true (bound);

  g_assert_nonnull (path);
  g_assert_true (g_file_get_contents (path, &html, NULL, NULL));
  g_assert_nonnull (strstr (html, "dir=\"rtl\""));
  g_assert_nonnull (strstr (html, "lang=\"fa\""));
  /* the shortcuts it lists are the window's */
  for (const char *key = "Ctrl+N\0Ctrl+F\0Ctrl+S\0Escape\0Alt+←\0F1\0"; *key != '\0'; key += strlen (key) + 1)
    g_assert_nonnull (strstr (html, key));

  ui_window_close (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/ui/keyboard/intake-draft", StoreFixture, NULL, fixture_set_up, test_intake_draft, fixture_tear_down);
  g_test_add ("/ui/keyboard/action-dialog-discard", StoreFixture, NULL, fixture_set_up, test_action_dialog_discard,
              fixture_tear_down);
  g_test_add ("/ui/keyboard/stay-on-case", StoreFixture, NULL, fixture_set_up, test_stay_on_case, fixture_tear_down);
  g_test_add ("/ui/keyboard/tab-order", StoreFixture, NULL, fixture_set_up, test_tab_order, fixture_tear_down);
  g_test_add ("/ui/keyboard/help", StoreFixture, NULL, fixture_set_up, test_help, fixture_tear_down);

  return g_test_run ();
}
