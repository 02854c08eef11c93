/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-register-page"

#include <glib/gi18n-lib.h>

#include "peygir-columns.h"
#include "peygir-date.h"
#include "peygir-format.h"
#include "peygir-letter-preview.h"
#include "peygir-register-cell.h"
#include "peygir-register-item.h"
#include "peygir-register-list.h"
#include "peygir-register-page.h"
#include "peygir-utils-private.h"

/* How long typing in a date entry pauses before the register is read. */
#define DATE_DELAY_MS 400

struct _PeygirRegisterPage
{
  GtkWidget           parent_instance;

  PeygirSession      *session;
  PeygirRegisterList *list;
  GtkSingleSelection *selection;
  GArray             *agency_ids;    /* gint64, as the agency drop-down lists them; 0 first */
  GCancellable       *cancellable;
  AdwMessageDialog   *void_dialog;
  GtkEditable        *void_reason;
  char               *void_number;
  char               *last_message;
  guint               page_size;
  gboolean            voiding;
  guint               opening;
  PeygirDay           from;
  PeygirDay           to;
  guint               date_timeout;

  AdwToastOverlay    *toast_overlay;
  GtkEntry           *from_entry;
  GtkEntry           *to_entry;
  GtkDropDown        *agency_dropdown;
  GtkDropDown        *direction_dropdown;
  GtkSearchEntry     *search_entry;
  GtkSpinner         *spinner;
  GtkStack           *stack;
  GtkColumnView      *column_view;
};

G_DEFINE_FINAL_TYPE (PeygirRegisterPage, peygir_register_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const PeygirColumnInfo columns[PEYGIR_N_REGISTER_COLUMNS] = {
  [PEYGIR_REGISTER_COLUMN_NUMBER]    = { N_("Number"), 24, FALSE },
  [PEYGIR_REGISTER_COLUMN_DATE]      = { N_("Date"), 10, FALSE },
  [PEYGIR_REGISTER_COLUMN_DIRECTION] = { N_("Direction"), 6, FALSE },
  [PEYGIR_REGISTER_COLUMN_KIND]      = { N_("Kind"), 12, FALSE },
  [PEYGIR_REGISTER_COLUMN_CASE]      = { N_("Case"), 10, FALSE },
  [PEYGIR_REGISTER_COLUMN_PARTY]     = { N_("Agency or Applicant"), 14, FALSE },
  [PEYGIR_REGISTER_COLUMN_SUBJECT]   = { N_("Subject"), 20, TRUE },
  [PEYGIR_REGISTER_COLUMN_STATE]     = { N_("State"), 18, FALSE },
};

static void update_actions (PeygirRegisterPage *self);

static void
add_toast (PeygirRegisterPage *self,
           const char         *message)
{
  g_free (self->last_message);
  self->last_message = g_strdup (message);
  _peygir_toast_overlay_add (self->toast_overlay, message, 8);
}

/* A read or write that failed; a cancelled one is not news (the page
 * went). */
static void
toast_error (PeygirRegisterPage *self,
             const GError       *error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    add_toast (self, error->message);
}

static void
notify_busy (PeygirRegisterPage *self)
{
  gboolean busy = peygir_register_page_get_busy (self);

  gtk_spinner_set_spinning (self->spinner, busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static PeygirRegisterItem *
selected_item (PeygirRegisterPage *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

/* Cells */

static PeygirTableCell *
register_cell_new (guint column)
{
  /* a number is no use cut short: its column keeps its width */
  return peygir_register_cell_new (column, _(columns[column].title),
                                   column == PEYGIR_REGISTER_COLUMN_NUMBER ? columns[column].chars
                                                                           : MIN (columns[column].chars, 6),
                                   columns[column].chars);
}

/* Filters */

static void
update_stack (PeygirRegisterPage *self)
{
  gboolean empty = self->list == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->list)) == 0;

  /* While the first page is read, the old rows (or none) stay. */
  if (empty && self->list != NULL && peygir_register_list_get_loading (self->list))
    return;
  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
}

/* The date in @entry: TRUE with 0 when empty, FALSE when it is not a date
 * (the entry then says so and the filter keeps what it had). */
static gboolean
read_date (GtkEntry  *entry,
           PeygirDay *day)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  *day = 0;
  if (*stripped == '\0' || peygir_day_parse (stripped, day, NULL))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID);
      return TRUE;
    }
  gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (entry),
                               GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
  return FALSE;
}

static void
apply_filters (PeygirRegisterPage *self)
{
  PeygirRegisterQuery query = { 0, };
  guint agency = gtk_drop_down_get_selected (self->agency_dropdown);
  guint direction = gtk_drop_down_get_selected (self->direction_dropdown);

  if (self->list == NULL)
    return;
  query.from = self->from;
  query.to = self->to;
  if (agency != GTK_INVALID_LIST_POSITION && self->agency_ids != NULL && agency < self->agency_ids->len)
    query.agency_id = g_array_index (self->agency_ids, gint64, agency);
  query.directions = direction == 1 ? PEYGIR_REGISTER_OUTGOING
                     : direction == 2 ? PEYGIR_REGISTER_INCOMING
                     : PEYGIR_REGISTER_BOTH;
  query.text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  /* A row selected among rows about to go would be looked for among the
   * new ones. */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  peygir_register_list_set_page_size (self->list, self->page_size);
  peygir_register_list_set_query (self->list, &query);
}

static void
filter_changed_cb (PeygirRegisterPage *self)
{
  apply_filters (self);
}

static gboolean
apply_dates_cb (gpointer user_data)
{
  PeygirRegisterPage *self = user_data;
  PeygirDay from, to;
  gboolean ok_from = read_date (self->from_entry, &from);
  gboolean ok_to = read_date (self->to_entry, &to);

  self->date_timeout = 0;
  if (ok_from && ok_to && (from != self->from || to != self->to))
    {
      self->from = from;
      self->to = to;
      apply_filters (self);
    }
  return G_SOURCE_REMOVE;
}

/* Said at once when a date cannot be read; applied once the typing
 * pauses, so that 1405/2/1 on its way to 1405/2/15 (or the empty entry
 * between two dates) does not read the register each time. */
static void
date_changed_cb (PeygirRegisterPage *self)
{
  PeygirDay day;

  read_date (self->from_entry, &day);
  read_date (self->to_entry, &day);
  g_clear_handle_id (&self->date_timeout, g_source_remove);
  self->date_timeout = g_timeout_add (DATE_DELAY_MS, apply_dates_cb, self);
}

static void
date_activate_cb (PeygirRegisterPage *self)
{
  g_clear_handle_id (&self->date_timeout, g_source_remove);
  apply_dates_cb (self);
}

/* The agencies for the drop-down, every one that ever had a letter: the
 * inactive too, since their letters stay in the register. */

static void
read_agencies_done_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(PeygirRegisterPage) self = user_data;
  g_autoptr(GPtrArray) agencies = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) names = NULL;

  agencies = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  if (agencies == NULL)
    {
      toast_error (self, error);
      return;
    }

  names = _peygir_agency_names (agencies, _("All Agencies"), FALSE, self->agency_ids);
  g_signal_handlers_block_by_func (self->agency_dropdown, filter_changed_cb, self);
  gtk_drop_down_set_model (self->agency_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->agency_dropdown, 0);
  g_signal_handlers_unblock_by_func (self->agency_dropdown, filter_changed_cb, self);
}

/* Opening a row */

typedef struct
{
  gboolean  incoming;
  char     *number;
  gint64    case_id;
  gint64    document_id;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->number);
  g_free (data);
}

static gpointer
open_letter_thread (PeygirStore   *store,
                    gpointer       task_data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  OpenData *data = task_data;

  return peygir_store_get_letter_pdf (store, data->number, error);
}

/* The agency's scan goes to the desktop's viewer under its own name. */
static gpointer
open_scan_thread (PeygirStore   *store,
                  gpointer       task_data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  OpenData *data = task_data;
  g_autoptr(GPtrArray) documents = NULL;
  const char *name = "answer";

  documents = peygir_store_list_documents (store, data->case_id, error);
  if (documents == NULL)
    return NULL;
  for (guint i = 0; i < documents->len; i++)
    {
      const PeygirDocument *document = g_ptr_array_index (documents, i);

      if (document->id == data->document_id)
        name = document->name;
    }
  return peygir_session_export_document (store, data->document_id, name, error);
}

static void
open_letter_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(PeygirRegisterPage) self = user_data;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  OpenData *data = peygir_session_run_get_data (result);
  g_autofree char *number = NULL;
  g_autofree char *title = NULL;
  g_autofree char *pdf_name = NULL;

  self->opening--;
  notify_busy (self);
  pdf = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  if (pdf == NULL)
    {
      toast_error (self, error);
      return;
    }

  number = peygir_format_code (data->number);
  /* TRANSLATORS: the title of the window showing a sent letter; the number reads left to right */
  title = g_strdup_printf (_("Letter %s"), number);
  pdf_name = g_strconcat (data->number, ".pdf", NULL);
  g_strdelimit (pdf_name, "/\\", '-');
  peygir_letter_preview_present_pdf (_peygir_widget_get_window (GTK_WIDGET (self)), title, pdf, pdf_name);
}

static void
open_scan_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PeygirRegisterPage) self = user_data;
  g_autoptr(GError) error = NULL;

  self->opening--;
  notify_busy (self);
  if (!peygir_session_run_finish_open (PEYGIR_SESSION (object), result, &error))
    toast_error (self, error);
}

static void
register_open (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PeygirRegisterPage *self = PEYGIR_REGISTER_PAGE (widget);
  PeygirRegisterItem *item = selected_item (self);
  const PeygirRegisterEntry *entry;
  OpenData *data;

  if (self->session == NULL || item == NULL)
    return;
  entry = peygir_register_item_get_entry (item);
  if (entry->incoming && entry->document_id == 0)
    {
      add_toast (self, _("The agency’s answer came without a scan: there is nothing to open."));
      return;
    }

  data = g_new0 (OpenData, 1);
  data->incoming = entry->incoming;
  data->number = g_strdup (entry->number);
  data->case_id = entry->case_id;
  data->document_id = entry->document_id;
  self->opening++;
  notify_busy (self);
  if (entry->incoming)
    peygir_session_run (self->session, open_scan_thread, data, (GDestroyNotify) open_data_free,
                        g_free, self->cancellable, open_scan_done_cb, g_object_ref (self));
  else
    peygir_session_run (self->session, open_letter_thread, data, (GDestroyNotify) open_data_free,
                        (GDestroyNotify) g_bytes_unref, self->cancellable, open_letter_done_cb,
                        g_object_ref (self));
}

static void
column_view_activate_cb (PeygirRegisterPage *self,
                         guint               position)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self), "register.open", NULL);
}

/* Voiding */

typedef struct
{
  char *login;
  char *number;
  char *reason;
} VoidData;

static void
void_data_free (VoidData *data)
{
  g_free (data->login);
  g_free (data->number);
  g_free (data->reason);
  g_free (data);
}

static gpointer
void_thread (PeygirStore   *store,
             gpointer       task_data,
             GCancellable  *cancellable,
             GError       **error)
{
  VoidData *data = task_data;

  if (!peygir_store_void_letter (store, data->login, data->number, data->reason, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static void
void_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(PeygirRegisterPage) self = user_data;
  g_autoptr(GError) error = NULL;
  VoidData *data = peygir_session_run_get_data (result);

  self->voiding = FALSE;
  if (peygir_session_run_finish (PEYGIR_SESSION (object), result, &error) == NULL)
    toast_error (self, error);
  else
    {
      g_autofree char *number = peygir_format_code (data->number);
      g_autofree char *message = g_strdup_printf (_("Number %s is void; it stays in the register."), number);

      add_toast (self, message);
      peygir_session_changed (self->session);
      if (self->list != NULL)
        peygir_register_list_refresh (self->list);
    }
  update_actions (self);
  notify_busy (self);
}

static void
void_reason_changed_cb (PeygirRegisterPage *self)
{
  g_autofree char *reason = NULL;

  if (self->void_dialog == NULL)
    return;
  reason = g_strstrip (g_strdup (gtk_editable_get_text (self->void_reason)));
  adw_message_dialog_set_response_enabled (self->void_dialog, "void", *reason != '\0');
}

static void
void_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  gpointer          user_data)
{
  PeygirRegisterPage *self = user_data;
  VoidData *data;

  if (g_strcmp0 (response, "void") == 0 && self->session != NULL && !self->voiding)
    {
      data = g_new0 (VoidData, 1);
      data->login = g_strdup (peygir_session_get_login (self->session));
      data->number = g_strdup (self->void_number);
      data->reason = g_strstrip (g_strdup (gtk_editable_get_text (self->void_reason)));
      if (*data->reason != '\0')
        {
          self->voiding = TRUE;
          update_actions (self);
          notify_busy (self);
          peygir_session_run (self->session, void_thread, data, (GDestroyNotify) void_data_free,
                              NULL, NULL, void_done_cb, g_object_ref (self));
        }
      else
        void_data_free (data);
    }
  self->void_dialog = NULL;
  self->void_reason = NULL;
  g_clear_pointer (&self->void_number, g_free);
}

static void
register_void (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PeygirRegisterPage *self = PEYGIR_REGISTER_PAGE (widget);
  PeygirRegisterItem *item = selected_item (self);
  const PeygirRegisterEntry *entry;
  g_autofree char *number = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;
  GtkWidget *reason;

  if (item == NULL || self->void_dialog != NULL)
    return;
  entry = peygir_register_item_get_entry (item);
  if (entry->incoming || entry->void_reason != NULL || entry->number == NULL)
    return;

  number = peygir_format_code (entry->number);
  /* TRANSLATORS: the heading of the dialog that voids a letter number */
  heading = g_strdup_printf (_("Void Number %s?"), number);
  dialog = adw_message_dialog_new (_peygir_widget_get_window (widget), heading,
                                   _("The number stays in the register as void and is never given "
                                     "again; the letter waits to be sent again under a new number. "
                                     "Say why, for whoever reads the register later."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "void", _("_Void Number"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "void", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "void", FALSE);

  reason = gtk_entry_new ();
  gtk_widget_set_name (reason, "void-reason");
  gtk_entry_set_placeholder_text (GTK_ENTRY (reason), _("Why the number is void"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (reason),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason for voiding"),
                                  GTK_ACCESSIBLE_PROPERTY_REQUIRED, TRUE,
                                  -1);
  g_signal_connect_object (reason, "changed", G_CALLBACK (void_reason_changed_cb), self, G_CONNECT_SWAPPED);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), reason);

  self->void_dialog = ADW_MESSAGE_DIALOG (dialog);
  self->void_reason = GTK_EDITABLE (reason);
  self->void_number = g_strdup (entry->number);
  g_signal_connect_object (dialog, "response", G_CALLBACK (void_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (reason);
}

static void
register_reload (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  peygir_register_page_reload (PEYGIR_REGISTER_PAGE (widget));
}

static void
update_actions (PeygirRegisterPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  PeygirRegisterItem *item = self->selection != NULL ? selected_item (self) : NULL;
  const PeygirRegisterEntry *entry = item != NULL ? peygir_register_item_get_entry (item) : NULL;
  gboolean secretariat = self->session != NULL && peygir_session_has_role (self->session, PEYGIR_ROLE_SECRETARIAT);

  gtk_widget_action_set_enabled (widget, "register.reload", self->session != NULL);
  gtk_widget_action_set_enabled (widget, "register.open", self->session != NULL && entry != NULL);
  gtk_widget_action_set_enabled (widget, "register.void",
                                 secretariat && entry != NULL && !entry->incoming
                                 && entry->number != NULL && entry->void_reason == NULL
                                 && !self->voiding);
}

static void
selection_changed_cb (PeygirRegisterPage *self)
{
  update_actions (self);
}

static void
list_loading_cb (PeygirRegisterPage *self)
{
  const char *problem = peygir_register_list_get_problem (self->list);

  if (!peygir_register_list_get_loading (self->list) && problem != NULL)
    add_toast (self, problem);
  update_stack (self);
  /* A read again may have brought the selected row back voided, from this
   * desk or another. */
  update_actions (self);
  notify_busy (self);
}

/* GObject */

static void
peygir_register_page_dispose (GObject *object)
{
  PeygirRegisterPage *self = PEYGIR_REGISTER_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->date_timeout, g_source_remove);
  if (self->void_dialog != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->void_dialog, self);
      gtk_window_destroy (GTK_WINDOW (self->void_dialog));
      self->void_dialog = NULL;
      self->void_reason = NULL;
    }
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  _peygir_widget_dispose_template (GTK_WIDGET (self), PEYGIR_TYPE_REGISTER_PAGE);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (peygir_register_page_parent_class)->dispose (object);
}

static void
peygir_register_page_finalize (GObject *object)
{
  PeygirRegisterPage *self = PEYGIR_REGISTER_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->agency_ids, g_array_unref);
  g_free (self->void_number);
  g_free (self->last_message);

  G_OBJECT_CLASS (peygir_register_page_parent_class)->finalize (object);
}

static void
peygir_register_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  PeygirRegisterPage *self = PEYGIR_REGISTER_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, peygir_register_page_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peygir_register_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  PeygirRegisterPage *self = PEYGIR_REGISTER_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      peygir_register_page_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peygir_register_page_class_init (PeygirRegisterPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = peygir_register_page_dispose;
  object_class->finalize = peygir_register_page_finalize;
  object_class->get_property = peygir_register_page_get_property;
  object_class->set_property = peygir_register_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, PEYGIR_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "register.reload", NULL, register_reload);
  gtk_widget_class_install_action (widget_class, "register.open", NULL, register_open);
  gtk_widget_class_install_action (widget_class, "register.void", NULL, register_void);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/ir/gov/peygir/peygir-register-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PeygirRegisterPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PeygirRegisterPage, from_entry);
  gtk_widget_class_bind_template_child (widget_class, PeygirRegisterPage, to_entry);
  gtk_widget_class_bind_template_child (widget_class, PeygirRegisterPage, agency_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PeygirRegisterPage, direction_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PeygirRegisterPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PeygirRegisterPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PeygirRegisterPage, stack);
  gtk_widget_class_bind_template_child (widget_class, PeygirRegisterPage, column_view);
  gtk_widget_class_bind_template_callback (widget_class, date_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, date_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);
}

static void
peygir_register_page_init (PeygirRegisterPage *self)
{
  g_autoptr(GtkStringList) names = NULL;
  const char *all[] = { NULL, NULL };

  self->cancellable = g_cancellable_new ();
  self->agency_ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  self->page_size = PEYGIR_REGISTER_LIST_PAGE_SIZE;
  gtk_widget_init_template (GTK_WIDGET (self));
  _peygir_drop_down_set_searchable (self->agency_dropdown);

  /* Until the agencies are read: all of them. */
  all[0] = _("All Agencies");
  names = gtk_string_list_new (all);
  g_array_set_size (self->agency_ids, 1);
  g_signal_handlers_block_by_func (self->agency_dropdown, filter_changed_cb, self);
  gtk_drop_down_set_model (self->agency_dropdown, G_LIST_MODEL (names));
  g_signal_handlers_unblock_by_func (self->agency_dropdown, filter_changed_cb, self);

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  peygir_columns_append (self->column_view, columns, PEYGIR_N_REGISTER_COLUMNS, register_cell_new);
  update_stack (self);
  update_actions (self);
}

/* Public API */

GtkWidget *
peygir_register_page_new (void)
{
  return g_object_new (PEYGIR_TYPE_REGISTER_PAGE, NULL);
}

void
peygir_register_page_set_session (PeygirRegisterPage *self,
                                  PeygirSession      *session)
{
  g_return_if_fail (PEYGIR_IS_REGISTER_PAGE (self));
  g_return_if_fail (session == NULL || PEYGIR_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  gtk_single_selection_set_model (self->selection, NULL);
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  g_clear_object (&self->list);
  g_set_object (&self->session, session);

  if (session != NULL)
    {
      self->list = peygir_register_list_new (session);
      g_signal_connect_object (self->list, "notify::loading", G_CALLBACK (list_loading_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->list, "items-changed", G_CALLBACK (update_stack),
                               self, G_CONNECT_SWAPPED);
      gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->list));
      /* Other desks send letters, record answers and void numbers too. */
      g_signal_connect_object (session, "changed", G_CALLBACK (peygir_register_page_reload),
                               self, G_CONNECT_SWAPPED);
      peygir_session_run (session, peygir_session_list_agencies_thread, NULL, NULL,
                          (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                          read_agencies_done_cb, g_object_ref (self));
      apply_filters (self);
    }
  update_stack (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

PeygirSession *
peygir_register_page_get_session (PeygirRegisterPage *self)
{
  g_return_val_if_fail (PEYGIR_IS_REGISTER_PAGE (self), NULL);
  return self->session;
}

void
peygir_register_page_reload (PeygirRegisterPage *self)
{
  g_return_if_fail (PEYGIR_IS_REGISTER_PAGE (self));

  if (self->list != NULL)
    peygir_register_list_refresh (self->list);
}

GListModel *
peygir_register_page_get_model (PeygirRegisterPage *self)
{
  g_return_val_if_fail (PEYGIR_IS_REGISTER_PAGE (self), NULL);
  return self->list != NULL ? G_LIST_MODEL (self->list) : NULL;
}

void
peygir_register_page_select (PeygirRegisterPage *self,
                             guint               position)
{
  g_return_if_fail (PEYGIR_IS_REGISTER_PAGE (self));
  gtk_single_selection_set_selected (self->selection, position);
}

gboolean
peygir_register_page_get_busy (PeygirRegisterPage *self)
{
  g_return_val_if_fail (PEYGIR_IS_REGISTER_PAGE (self), FALSE);
  return (self->list != NULL && peygir_register_list_get_loading (self->list))
         || self->voiding || self->opening > 0;
}

AdwMessageDialog *
peygir_register_page_get_void_dialog (PeygirRegisterPage *self)
{
  g_return_val_if_fail (PEYGIR_IS_REGISTER_PAGE (self), NULL);
  return self->void_dialog;
}

const char *
peygir_register_page_get_last_message (PeygirRegisterPage *self)
{
  g_return_val_if_fail (PEYGIR_IS_REGISTER_PAGE (self), NULL);
  return self->last_message;
}

void
peygir_register_page_set_page_size (PeygirRegisterPage *self,
                                    guint               page_size)
{
  g_return_if_fail (PEYGIR_IS_REGISTER_PAGE (self));
  self->page_size = page_size > 0 ? page_size : PEYGIR_REGISTER_LIST_PAGE_SIZE;
  if (self->list != NULL)
    peygir_register_list_set_page_size (self->list, self->page_size);
}
