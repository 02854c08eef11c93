/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-agency-dialog"

#include <glib/gi18n-lib.h>

#include "peygir-agency-dialog.h"
#include "peygir-text.h"
#include "peygir-utils-private.h"

struct _PeygirAgencyDialog
{
  AdwWindow        parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkLabel        *current_label;
  AdwEntryRow     *name_row;
  AdwEntryRow     *head_title_row;
  GtkSpinButton   *days_spin;
  AdwActionRow    *active_row;
  GtkSwitch       *active_switch;

  PeygirAgency    *agency;   /* as read; NULL for a new one */
  gboolean         saving;
};

enum {
  SIGNAL_SAVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PeygirAgencyDialog, peygir_agency_dialog, ADW_TYPE_WINDOW)

static char *
row_text (AdwEntryRow *row)
{
  return peygir_text_sanitize (gtk_editable_get_text (GTK_EDITABLE (row)), FALSE);
}

static gboolean
peygir_agency_dialog_is_complete (PeygirAgencyDialog *self)
{
  g_autofree char *name = row_text (self->name_row);
  g_autofree char *head_title = row_text (self->head_title_row);

  return *name != '\0' && *head_title != '\0';
}

static void
peygir_agency_dialog_update_actions (PeygirAgencyDialog *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "agency.save",
                                 !self->saving && peygir_agency_dialog_is_complete (self));
}

static void
field_changed_cb (PeygirAgencyDialog *self)
{
  peygir_agency_dialog_update_actions (self);
}

static void
entry_activated_cb (PeygirAgencyDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "agency.save", NULL);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PeygirAgencyDialog *self = PEYGIR_AGENCY_DIALOG (widget);

  /* A typed days figure is taken only when the spin button updates. */
  gtk_spin_button_update (self->days_spin);
  if (self->saving || !peygir_agency_dialog_is_complete (self))
    return;
  g_signal_emit (self, signals[SIGNAL_SAVE], 0);
}

static void
peygir_agency_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PEYGIR_TYPE_AGENCY_DIALOG);

  G_OBJECT_CLASS (peygir_agency_dialog_parent_class)->dispose (object);
}

static void
peygir_agency_dialog_finalize (GObject *object)
{
  PeygirAgencyDialog *self = PEYGIR_AGENCY_DIALOG (object);

  g_clear_pointer (&self->agency, peygir_agency_free);

  G_OBJECT_CLASS (peygir_agency_dialog_parent_class)->finalize (object);
}

static void
peygir_agency_dialog_class_init (PeygirAgencyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = peygir_agency_dialog_dispose;
  object_class->finalize = peygir_agency_dialog_finalize;

  /**
   * PeygirAgencyDialog::save:
   *
   * The form is complete and its owner is asked to save it.
   */
  signals[SIGNAL_SAVE] =
    g_signal_new ("save", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/ir/gov/peygir/peygir-agency-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PeygirAgencyDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PeygirAgencyDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, PeygirAgencyDialog, current_label);
  gtk_widget_class_bind_template_child (widget_class, PeygirAgencyDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, PeygirAgencyDialog, head_title_row);
  gtk_widget_class_bind_template_child (widget_class, PeygirAgencyDialog, days_spin);
  gtk_widget_class_bind_template_child (widget_class, PeygirAgencyDialog, active_row);
  gtk_widget_class_bind_template_child (widget_class, PeygirAgencyDialog, active_switch);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, _peygir_spin_button_input_cb);
  gtk_widget_class_bind_template_callback (widget_class, _peygir_spin_button_output_cb);

  gtk_widget_class_install_action (widget_class, "agency.save", NULL, save_action);
}

static void
peygir_agency_dialog_init (PeygirAgencyDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  peygir_agency_dialog_update_actions (self);
}

GtkWidget *
peygir_agency_dialog_new (GtkWindow          *parent,
                          const PeygirAgency *agency,
                          int                 response_days)
{
  PeygirAgencyDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (PEYGIR_TYPE_AGENCY_DIALOG, "transient-for", parent, NULL);
  if (agency == NULL)
    {
      adw_window_title_set_title (self->window_title, _("New Agency"));
      gtk_window_set_title (GTK_WINDOW (self), _("New Agency"));
      gtk_spin_button_set_value (self->days_spin, response_days);
      return GTK_WIDGET (self);
    }

  self->agency = peygir_agency_copy (agency);
  adw_window_title_set_title (self->window_title, _("Agency"));
  adw_window_title_set_subtitle (self->window_title, agency->name);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), agency->name);
  gtk_editable_set_text (GTK_EDITABLE (self->head_title_row),
                         agency->head_title != NULL ? agency->head_title : "");
  gtk_spin_button_set_value (self->days_spin, agency->response_days > 0 ? agency->response_days : response_days);
  gtk_switch_set_active (self->active_switch, agency->active);
  gtk_widget_set_visible (GTK_WIDGET (self->active_row), TRUE);
  peygir_agency_dialog_update_actions (self);
  return GTK_WIDGET (self);
}

const PeygirAgency *
peygir_agency_dialog_get_agency (PeygirAgencyDialog *self)
{
  g_return_val_if_fail (PEYGIR_IS_AGENCY_DIALOG (self), NULL);

  return self->agency;
}

void
peygir_agency_dialog_show_current (PeygirAgencyDialog *self,
                                   const PeygirAgency *current)
{
  g_autofree char *days = NULL;
  g_autofree char *name = NULL;
  g_autofree char *head_title = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (PEYGIR_IS_AGENCY_DIALOG (self));
  g_return_if_fail (current != NULL);

  g_clear_pointer (&self->agency, peygir_agency_free);
  self->agency = peygir_agency_copy (current);
  days = peygir_text_format_number (current->response_days);
  /* The names isolated (FSI … PDI): a name ending in a parenthesis or a
   * Latin word must not pull the sentence's punctuation into it. */
  name = g_strconcat ("\u2068", current->name, "\u2069", NULL);
  head_title = g_strconcat ("\u2068", current->head_title != NULL ? current->head_title : "", "\u2069", NULL);
  text = g_strdup_printf (current->active
                          ? _("Another desk saved this agency meanwhile. It now reads: “%s”, addressed to “%s”, %s working days to answer, active. Saving again replaces that with what is typed here.")
                          : _("Another desk saved this agency meanwhile. It now reads: “%s”, addressed to “%s”, %s working days to answer, inactive. Saving again replaces that with what is typed here."),
                          name, head_title, days);
  gtk_label_set_text (self->current_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->current_label), TRUE);
}

PeygirAgency *
peygir_agency_dialog_dup_typed (PeygirAgencyDialog *self)
{
  PeygirAgency *typed;

  g_return_val_if_fail (PEYGIR_IS_AGENCY_DIALOG (self), NULL);

  gtk_spin_button_update (self->days_spin);
  typed = g_new0 (PeygirAgency, 1);
  typed->id = self->agency != NULL ? self->agency->id : 0;
  typed->name = row_text (self->name_row);
  typed->head_title = row_text (self->head_title_row);
  typed->response_days = gtk_spin_button_get_value_as_int (self->days_spin);
  typed->active = self->agency == NULL || gtk_switch_get_active (self->active_switch);
  return typed;
}

void
peygir_agency_dialog_set_saving (PeygirAgencyDialog *self,
                                 gboolean            saving)
{
  g_return_if_fail (PEYGIR_IS_AGENCY_DIALOG (self));

  self->saving = saving;
  peygir_agency_dialog_update_actions (self);
}

void
peygir_agency_dialog_add_toast (PeygirAgencyDialog *self,
                                const char         *message)
{
  AdwToast *toast;
  GtkWidget *title;

  g_return_if_fail (PEYGIR_IS_AGENCY_DIALOG (self));

  /* The store's sentences are long for a toast's one line: wrapped, the
   * whole reason is read. */
  title = gtk_label_new (message);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (title), 60);
  gtk_widget_add_css_class (title, "heading");
  toast = adw_toast_new (message);
  adw_toast_set_custom_title (toast, title);
  adw_toast_set_timeout (toast, 10);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
