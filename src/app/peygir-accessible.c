/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-accessible"

#include <string.h>

#include <adwaita.h>

#include "peygir-accessible-private.h"

/* Set on a widget once its name has been looked after. */
#define NAMED_KEY "peygir-accessible-named"

/* @text without its mnemonic underscores ("__" stands for one "_"). */
static char *
strip_mnemonic (const char *text)
{
  GString *plain = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '_')
        {
          p++;
          if (*p == '\0')
            break;
        }
      g_string_append_c (plain, *p);
    }
  return g_string_free (plain, FALSE);
}

/* GtkButton names itself by its raw label and is labelled by its mnemonic
 * label as well: the label alone says it once, without the underscore. A
 * button without a label says its tooltip. */
static void
name_button (GtkButton *button)
{
  const char *label = gtk_button_get_label (button);
  const char *tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (button));

  if (label != NULL && *label != '\0')
    {
      if (gtk_button_get_use_underline (button))
        gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
    }
  else if (tooltip != NULL && *tooltip != '\0'
           && (gtk_button_get_child (button) == NULL || GTK_IS_IMAGE (gtk_button_get_child (button))))
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
}

static void
name_check_button (GtkCheckButton *check)
{
  const char *label = gtk_check_button_get_label (check);
  g_autofree char *plain = NULL;

  if (label == NULL || !gtk_check_button_get_use_underline (check))
    return;
  plain = strip_mnemonic (label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, plain, -1);
}

static void
name_menu_button (GtkMenuButton *menu_button)
{
  const char *label = gtk_menu_button_get_label (menu_button);
  const char *tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (menu_button));

  if (label != NULL && *label != '\0')
    {
      g_autofree char *plain = gtk_menu_button_get_use_underline (menu_button) ? strip_mnemonic (label) : g_strdup (label);

      gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL, plain, -1);
    }
  else if (tooltip != NULL && *tooltip != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
}

static void
name_widget (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget))
    name_button (GTK_BUTTON (widget));
  else if (GTK_IS_CHECK_BUTTON (widget))
    name_check_button (GTK_CHECK_BUTTON (widget));
  else if (GTK_IS_MENU_BUTTON (widget))
    name_menu_button (GTK_MENU_BUTTON (widget));
}

/* GTK sets the label again whenever the text changes. */
static void
text_changed_cb (GtkWidget  *widget,
                 GParamSpec *pspec G_GNUC_UNUSED,
                 gpointer    user_data G_GNUC_UNUSED)
{
  name_widget (widget);
}

/* @widget's toggle, or a column view's list, is labelled by what labels
 * @owner: its mnemonic label, else its own label property. */
static void
label_by_owner (GtkWidget *widget,
                GtkWidget *owner)
{
  g_autoptr(GList) labels = gtk_widget_list_mnemonic_labels (owner);
  GtkWidget *label = labels != NULL ? labels->data : owner;

  gtk_accessible_update_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
}

/* The title of the libadwaita row @widget is part of, if any. */
static const char *
row_title (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_ROW);

  return row != NULL ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)) : NULL;
}

/* A combo row's choice speaks its text, whatever item it is bound to. */
static void
choice_text_changed_cb (GtkLabel   *label,
                        GParamSpec *pspec G_GNUC_UNUSED,
                        GtkWidget  *choice)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (choice), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (label), -1);
}

static GtkWidget *
first_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *label = first_label (child);

      if (label != NULL)
        return label;
    }
  return NULL;
}

/* A group without a title labels its list by nothing: the list says what
 * its first row is about. */
static void
name_untitled_group_list (GtkWidget *list)
{
  GtkWidget *group = gtk_widget_get_ancestor (list, ADW_TYPE_PREFERENCES_GROUP);
  const char *title = group != NULL ? adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group)) : NULL;
  GtkWidget *first = gtk_widget_get_first_child (list);

  if (group == NULL || (title != NULL && *title != '\0') || !ADW_IS_PREFERENCES_ROW (first))
    return;
  title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first));
  if (title != NULL && *title != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}

static void
look_after (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);
  const char *title;

  /* What takes the focus inside a drop-down, a menu button or a column
   * view speaks for it. */
  if ((GTK_IS_TOGGLE_BUTTON (widget) && (GTK_IS_DROP_DOWN (parent) || GTK_IS_MENU_BUTTON (parent)))
      || (GTK_IS_LIST_VIEW (widget) && GTK_IS_COLUMN_VIEW (parent)))
    {
      label_by_owner (widget, parent);
      return;
    }

  /* libadwaita's lists inside its rows (an expander row's rows, a combo
   * row's choices) and the expander row itself say the row's title; a
   * group's list is labelled by the group's title already. */
  if ((GTK_IS_LIST_BOX (widget) || GTK_IS_LIST_VIEW (widget) || ADW_IS_EXPANDER_ROW (widget))
      && g_object_get_data (G_OBJECT (widget), NAMED_KEY) == NULL)
    {
      title = ADW_IS_EXPANDER_ROW (widget) ? adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget))
                                           : row_title (widget);
      if (title != NULL && *title != '\0')
        gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
      else if (GTK_IS_LIST_BOX (widget))
        name_untitled_group_list (widget);
      return;
    }
  if (GTK_IS_LIST_VIEW (parent) && gtk_widget_get_ancestor (parent, ADW_TYPE_COMBO_ROW) != NULL
      && g_object_get_data (G_OBJECT (widget), NAMED_KEY) == NULL)
    {
      GtkWidget *label = first_label (widget);

      if (label != NULL)
        {
          g_object_set_data (G_OBJECT (widget), NAMED_KEY, GINT_TO_POINTER (TRUE));
          g_signal_connect_object (label, "notify::label", G_CALLBACK (choice_text_changed_cb), widget, 0);
          choice_text_changed_cb (GTK_LABEL (label), NULL, widget);
        }
      return;
    }

  if (!GTK_IS_BUTTON (widget) && !GTK_IS_CHECK_BUTTON (widget) && !GTK_IS_MENU_BUTTON (widget))
    return;
  name_widget (widget);
  if (g_object_get_data (G_OBJECT (widget), NAMED_KEY) == NULL)
    {
      g_object_set_data (G_OBJECT (widget), NAMED_KEY, GINT_TO_POINTER (TRUE));
      g_signal_connect (widget, "notify::label", G_CALLBACK (text_changed_cb), NULL);
      g_signal_connect (widget, "notify::use-underline", G_CALLBACK (text_changed_cb), NULL);
      g_signal_connect (widget, "notify::tooltip-text", G_CALLBACK (text_changed_cb), NULL);
    }
}

void
_peygir_accessible_look_after (GtkWidget *widget)
{
  look_after (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    _peygir_accessible_look_after (child);
}

/* A widget is named as it is realized; a window or popover, as it is, names
 * everything in it, since a screen reader reaches a stack's hidden pages
 * too, which are not realized until shown. */
static gboolean
realize_hook_cb (GSignalInvocationHint *hint G_GNUC_UNUSED,
                 guint                  n_values,
                 const GValue          *values,
                 gpointer               user_data G_GNUC_UNUSED)
{
  GtkWidget *widget;

  if (n_values < 1 || !G_VALUE_HOLDS (&values[0], GTK_TYPE_WIDGET))
    return TRUE;
  widget = g_value_get_object (&values[0]);
  if (GTK_IS_NATIVE (widget))
    _peygir_accessible_look_after (widget);
  else
    look_after (widget);
  return TRUE;
}

void
_peygir_accessible_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      g_autoptr(GTypeClass) widget_class = g_type_class_ref (GTK_TYPE_WIDGET);
      guint realize = g_signal_lookup ("realize", GTK_TYPE_WIDGET);

      g_signal_add_emission_hook (realize, 0, realize_hook_cb, NULL, NULL);
      g_once_init_leave (&done, 1);
    }
}
