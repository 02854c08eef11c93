/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-utils"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "peygir-format.h"
#include "peygir-store.h"
#include "peygir-text.h"
#include "peygir-utils-private.h"

GtkWindow *
_peygir_widget_get_window (GtkWidget *widget)
{
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  root = gtk_widget_get_root (widget);
  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

void
_peygir_widget_dispose_template (GtkWidget *widget,
                                 GType      widget_type)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_widget_dispose_template (widget, widget_type);
  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}

GtkWidget *
_peygir_row_button_setup (GtkWidget  *button,
                          const char *tooltip,
                          const char *action_name,
                          GVariant   *target)
{
  g_return_val_if_fail (GTK_IS_BUTTON (button), NULL);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  /* the target first: a name without its target is a type mismatch */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  return button;
}

void
_peygir_widget_add_toast (GtkWidget  *widget,
                          const char *title)
{
  GtkWidget *overlay;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    _peygir_toast_overlay_add (ADW_TOAST_OVERLAY (overlay), title, 6);
  else
    g_message ("%s", title);
}

void
_peygir_toast_overlay_add (AdwToastOverlay *overlay,
                           const char      *title,
                           guint            timeout)
{
  AdwToast *toast;

  g_return_if_fail (ADW_IS_TOAST_OVERLAY (overlay));

  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, timeout);
  adw_toast_overlay_add_toast (overlay, toast);
}

void
_peygir_label_set_sentence (GtkLabel   *label,
                            const char *sentence)
{
  g_autofree char *isolated = NULL;
  g_autofree char *shown = NULL;

  g_return_if_fail (GTK_IS_LABEL (label));

  isolated = peygir_format_text (sentence);
  shown = g_strconcat (gtk_widget_get_direction (GTK_WIDGET (label)) == GTK_TEXT_DIR_RTL ? "\u200f" : "\u200e",
                       isolated != NULL ? isolated : "", NULL);
  gtk_label_set_text (label, shown);
}

void
_peygir_list_box_remove_all (GtkListBox *list)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_LIST_BOX (list));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

int
_peygir_spin_button_input_cb (GtkSpinButton *spin,
                              double        *new_value,
                              gpointer       user_data)
{
  g_autofree char *ascii = peygir_text_digits_to_ascii (gtk_editable_get_text (GTK_EDITABLE (spin)));
  char *end = NULL;
  gint64 value;

  g_strstrip (ascii);
  value = g_ascii_strtoll (ascii, &end, 10);
  if (end == ascii || *end != '\0')
    return GTK_INPUT_ERROR;
  *new_value = value;
  return TRUE;
}

gboolean
_peygir_spin_button_output_cb (GtkSpinButton *spin,
                               gpointer       user_data)
{
  g_autofree char *text = peygir_text_format_number ((gint64) gtk_spin_button_get_value (spin));

  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

GtkStringList *
_peygir_agency_names (GPtrArray  *agencies,
                      const char *first,
                      gboolean    active_only,
                      GArray     *ids)
{
  GtkStringList *names = gtk_string_list_new (NULL);
  gint64 none = 0;

  g_array_set_size (ids, 0);
  g_array_append_val (ids, none);
  gtk_string_list_append (names, first);
  for (guint i = 0; i < agencies->len; i++)
    {
      const PeygirAgency *agency = g_ptr_array_index (agencies, i);

      if (active_only && !agency->active)
        continue;
      g_array_append_val (ids, agency->id);
      gtk_string_list_append (names, agency->name);
    }
  return names;
}

static char *
isolate_ltr (const char *text)
{
  return g_strconcat ("\u2066", text, "\u2069", NULL);
}

void
_peygir_server_parts_for_display (const char  *location,
                                  char       **user,
                                  char       **host,
                                  char       **dbname)
{
  g_autofree char *u = NULL;
  g_autofree char *h = NULL;
  g_autofree char *d = NULL;

  if (!peygir_store_describe_server (location, &u, &h, &d))
    {
      *user = g_strdup ("?");
      *host = g_strdup ("?");
      *dbname = g_strdup ("?");
      return;
    }
  *user = isolate_ltr (u);
  *host = isolate_ltr (h);
  *dbname = isolate_ltr (d);
}

AdwMessageDialog *
_peygir_discard_dialog_new (GtkWindow  *parent,
                            const char *body)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("Discard What You Typed?"), body));
  adw_message_dialog_add_responses (dialog,
                                    "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  gtk_widget_set_name (GTK_WIDGET (dialog), "discard-dialog");
  return dialog;
}

/* @text without its spaces, in place. */
static char *
strip_spaces (char *text)
{
  char *to = text;

  for (const char *from = text; *from != '\0'; from++)
    if (*from != ' ')
      *to++ = *from;
  *to = '\0';
  return text;
}

gboolean
_peygir_search_matches (const char *text,
                        const char *query)
{
  g_autofree char *folded_query = NULL;
  g_autofree char *folded_text = NULL;

  if (query == NULL)
    return TRUE;
  folded_query = peygir_text_normalize (query);
  if (*folded_query == '\0')
    return TRUE;
  folded_text = peygir_text_normalize (text != NULL ? text : "");
  /* می‌شود, میشود and می شود are one word: the normalisation drops the
   * ZWNJ, and the spaces go here, on both sides. */
  return strstr (strip_spaces (folded_text), strip_spaces (folded_query)) != NULL;
}

GtkWidget *
_peygir_find_search_entry (GtkWidget *widget)
{
  if (GTK_IS_SEARCH_ENTRY (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = _peygir_find_search_entry (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* GTK 4.8's drop-down filters by a prefix, folded by GLib alone: its
 * expression does the matching instead, reading the search entry, and
 * gives the filter the search text itself for an item that matches (a
 * prefix of itself), "" for one that does not. */
static char *
drop_down_search_key_cb (GtkStringObject *item,
                         const char      *query,
                         gpointer         user_data G_GNUC_UNUSED)
{
  const char *text = GTK_IS_STRING_OBJECT (item) ? gtk_string_object_get_string (item) : "";

  if (query == NULL || *query == '\0')
    return g_strdup (text);
  return g_strdup (_peygir_search_matches (text, query) ? query : "");
}

static void
drop_down_item_setup_cb (GtkSignalListItemFactory *factory G_GNUC_UNUSED,
                         GtkListItem              *list_item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (list_item, label);
}

static void
drop_down_item_bind_cb (GtkSignalListItemFactory *factory G_GNUC_UNUSED,
                        GtkListItem              *list_item)
{
  GtkStringObject *item = gtk_list_item_get_item (list_item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)),
                      GTK_IS_STRING_OBJECT (item) ? gtk_string_object_get_string (item) : "");
}

void
_peygir_drop_down_set_searchable (GtkDropDown *drop_down)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkExpression *query;
  GtkExpression *key;
  GtkWidget *entry;

  g_return_if_fail (GTK_IS_DROP_DOWN (drop_down));

  entry = _peygir_find_search_entry (GTK_WIDGET (drop_down));
  g_return_if_fail (entry != NULL);

  /* The labels are the items' own text, not the expression's key. */
  g_signal_connect (factory, "setup", G_CALLBACK (drop_down_item_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (drop_down_item_bind_cb), NULL);
  gtk_drop_down_set_factory (drop_down, factory);

  query = gtk_property_expression_new (GTK_TYPE_SEARCH_ENTRY, gtk_object_expression_new (G_OBJECT (entry)), "text");
  key = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 1, &query,
                                     G_CALLBACK (drop_down_search_key_cb), NULL, NULL);
  gtk_drop_down_set_expression (drop_down, key);
  gtk_expression_unref (key);
  gtk_drop_down_set_enable_search (drop_down, TRUE);
}
