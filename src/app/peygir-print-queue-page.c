/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-print-queue-page"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "peygir-case-pages.h"
#include "peygir-format.h"
#include "peygir-letter-builder.h"
#include "peygir-letter-preview.h"
#include "peygir-letter-sender.h"
#include "peygir-print-queue-page.h"
#include "peygir-text.h"
#include "peygir-utils-private.h"
#include "peygir-workflow.h"

#define QUEUE_PAGE_SIZE 50

struct _PeygirPrintQueuePage
{
  GtkWidget           parent_instance;

  PeygirSession      *session;
  GPtrArray          *items;            /* of QueueItem, as last read */
  guint               generation;       /* of the latest read: older results are dropped */
  gboolean            reading;
  gboolean            printing;         /* from queue.print until its sender finishes */
  PeygirLetterSender *sender;           /* of the latest queue.print */
  char               *export_filename;
  gboolean            cancel_print;

  AdwToastOverlay    *toast_overlay;
  GtkLabel           *summary_label;
  GtkSpinner         *spinner;
  GtkStack           *stack;
  GtkListBox         *list;
};

G_DEFINE_FINAL_TYPE (PeygirPrintQueuePage, peygir_print_queue_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_BUSY,
  PROP_N_LETTERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One approved letter waiting to be sent: a referral letter, or the
 * reminder of a dispatched referral. */
typedef struct
{
  gint64            case_id;
  PeygirLetterKind  kind;
  gint64            referral_id;
  char             *registration_number;
  char             *subject;
  char             *applicant;
  char             *agency;
} QueueItem;

static void
queue_item_free (QueueItem *item)
{
  g_free (item->registration_number);
  g_free (item->subject);
  g_free (item->applicant);
  g_free (item->agency);
  g_free (item);
}

/* How the confirmation dialog names the letter: kind, agency and case,
 * the registration number isolated inside the Persian sentence. */
static char *
queue_item_label (const QueueItem *item)
{
  g_autofree char *registration = peygir_format_code (item->registration_number);
  const char *agency = item->agency != NULL ? item->agency : "";

  if (item->kind == PEYGIR_LETTER_REMINDER)
    return g_strdup_printf (_("Reminder to %s, case %s"), agency, registration);
  return g_strdup_printf (_("Referral to %s, case %s"), agency, registration);
}

typedef struct
{
  PeygirPrintQueuePage *self;
  guint                 generation;
} ReadClosure;

static void update_actions (PeygirPrintQueuePage *self);

static void
set_busy (PeygirPrintQueuePage *self,
          gboolean             *flag,
          gboolean              value)
{
  gboolean was_busy = self->reading || self->printing;

  *flag = value;
  gtk_spinner_set_spinning (self->spinner, self->reading || self->printing);
  update_actions (self);
  if (was_busy != (self->reading || self->printing))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
add_toast (PeygirPrintQueuePage *self,
           const char           *message)
{
  _peygir_toast_overlay_add (self->toast_overlay, message, 8);
}

/* Reading the queue */

typedef struct
{
  PeygirStore *store;
  GPtrArray   *items;   /* of QueueItem */
} QueueRead;

/* The queue's letters among one page of undispatched cases. */
static gboolean
add_queue_items_cb (GPtrArray  *page,
                    gpointer    user_data,
                    GError    **error)
{
  QueueRead *read = user_data;

  for (guint i = 0; i < page->len; i++)
    {
      PeygirCase *listed = g_ptr_array_index (page, i);
      g_autoptr(PeygirCase) kase = peygir_store_get_case (read->store, listed->id, PEYGIR_CASE_DETAIL_REFERRALS, error);

      if (kase == NULL)
        return FALSE;
      for (guint j = 0; kase->referrals != NULL && j < kase->referrals->len; j++)
        {
          PeygirReferral *referral = g_ptr_array_index (kase->referrals, j);
          QueueItem *item;
          PeygirLetterKind kind;

          if (!peygir_workflow_letter_waiting (referral, kase->round, &kind))
            continue;
          item = g_new0 (QueueItem, 1);
          item->case_id = kase->id;
          item->kind = kind;
          item->referral_id = referral->id;
          item->registration_number = g_strdup (kase->registration_number);
          item->subject = g_strdup (kase->subject);
          item->applicant = g_strdup (kase->applicant.name);
          item->agency = g_strdup (referral->agency_name);
          g_ptr_array_add (read->items, item);
        }
    }
  return TRUE;
}

static gpointer
read_queue_thread (PeygirStore   *store,
                   gpointer       task_data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) queue_item_free);
  QueueRead read = { store, items };
  PeygirCaseQuery query = { 0, };

  query.undispatched_only = TRUE;
  query.sort = PEYGIR_CASE_SORT_REGISTRATION;
  if (!peygir_case_pages_walk (store, &query, QUEUE_PAGE_SIZE, 0, add_queue_items_cb, &read, error))
    return NULL;

  return g_steal_pointer (&items);
}

static GtkWidget *
create_row (const QueueItem *item)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = _peygir_row_button_setup (gtk_button_new_with_label (_("Preview")),
                                                _("Show the letter as it will be printed"), "queue.preview",
                                                g_variant_new ("(sxx)", peygir_letter_kind_to_string (item->kind),
                                                               item->case_id, item->referral_id));
  GtkWidget *kind = gtk_label_new (peygir_letter_kind_label (item->kind));
  g_autofree char *registration = peygir_format_code (item->registration_number);
  /* commas, not middle dots: beside Persian digits a dot reads as a zero */
  g_autofree char *subtitle = g_strdup_printf (_("%s, case %s, %s"), item->agency != NULL ? item->agency : "",
                                               registration, item->applicant != NULL ? item->applicant : "");
  g_autofree char *title_markup = g_markup_escape_text (item->subject != NULL ? item->subject : "", -1);
  g_autofree char *subtitle_markup = g_markup_escape_text (subtitle, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title_markup);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle_markup);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);

  /* one width for both kinds, so that the subjects line up */
  gtk_label_set_width_chars (GTK_LABEL (kind), 6);
  gtk_widget_set_valign (kind, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (kind, "caption-heading");
  gtk_widget_add_css_class (kind, item->kind == PEYGIR_LETTER_REMINDER ? "warning" : "accent");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), kind);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
show_items (PeygirPrintQueuePage *self)
{
  guint n = self->items != NULL ? self->items->len : 0;

  _peygir_list_box_remove_all (self->list);
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->list, create_row (g_ptr_array_index (self->items, i)));

  if (n == 0)
    gtk_label_set_label (self->summary_label, "");
  else
    {
      g_autoptr(GHashTable) cases = g_hash_table_new (g_int64_hash, g_int64_equal);
      g_autofree char *count = peygir_text_format_number (n);
      g_autofree char *letters = NULL;
      g_autofree char *n_cases_text = NULL;
      g_autofree char *summary = NULL;
      guint n_cases;

      /* A case referred to several agencies has a letter for each: the
       * sidebar counts cases, this page letters, and both say which. */
      for (guint i = 0; i < n; i++)
        g_hash_table_add (cases, &((QueueItem *) g_ptr_array_index (self->items, i))->case_id);
      n_cases = g_hash_table_size (cases);
      n_cases_text = peygir_text_format_number (n_cases);
      letters = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s letter", "%s letters", n), count);
      /* TRANSLATORS: the print queue's summary: "%s letters" (already
       * translated) in so many cases */
      summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%s in %s case, approved and waiting to be printed",
                                              "%s in %s cases, approved and waiting to be printed", n_cases),
                                 letters, n_cases_text);
      gtk_label_set_label (self->summary_label, summary);
    }
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "list" : "empty");
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_LETTERS]);
}

static void
read_queue_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ReadClosure *closure = user_data;
  g_autoptr(PeygirPrintQueuePage) self = closure->self;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  gboolean current = closure->generation == self->generation;

  g_free (closure);
  items = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  if (!current)
    return;

  if (items == NULL)
    add_toast (self, error->message);
  else
    {
      g_clear_pointer (&self->items, g_ptr_array_unref);
      self->items = g_steal_pointer (&items);
      show_items (self);
    }
  set_busy (self, &self->reading, FALSE);
}

void
peygir_print_queue_page_reload (PeygirPrintQueuePage *self)
{
  ReadClosure *closure;

  g_return_if_fail (PEYGIR_IS_PRINT_QUEUE_PAGE (self));

  if (self->session == NULL)
    return;
  self->generation++;
  closure = g_new0 (ReadClosure, 1);
  closure->self = g_object_ref (self);
  closure->generation = self->generation;
  set_busy (self, &self->reading, TRUE);
  peygir_session_run (self->session, read_queue_thread, NULL, NULL,
                      (GDestroyNotify) g_ptr_array_unref, NULL,
                      read_queue_done_cb, closure);
}

/* Printing and sending */

static void
sender_finished_cb (PeygirLetterSender   *sender,
                    guint                 n_sent,
                    const GError         *error,
                    PeygirPrintQueuePage *self)
{
  add_toast (self, peygir_letter_sender_get_message (sender));
  set_busy (self, &self->printing, FALSE);
  /* sent letters leave the queue; the others, and voided ones, stay */
  peygir_print_queue_page_reload (self);
}

/* Each letter is printed first and recorded as sent only once the
 * secretariat confirms it came out right: PeygirLetterSender. */
static void
queue_print (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PeygirPrintQueuePage *self = PEYGIR_PRINT_QUEUE_PAGE (widget);
  PeygirLetterSender *sender;

  if (self->session == NULL || self->items == NULL || self->items->len == 0 || self->printing)
    return;

  sender = peygir_letter_sender_new (self->session, _peygir_widget_get_window (widget));
  for (guint i = 0; i < self->items->len; i++)
    {
      QueueItem *item = g_ptr_array_index (self->items, i);
      g_autofree char *label = queue_item_label (item);

      peygir_letter_sender_add (sender, item->case_id, item->kind, item->referral_id, label);
    }
  peygir_letter_sender_set_export_filename (sender, self->export_filename);
  peygir_letter_sender_set_cancel_print (sender, self->cancel_print);
  g_signal_connect_object (sender, "finished", G_CALLBACK (sender_finished_cb), self, 0);
  g_set_object (&self->sender, sender);
  g_object_unref (sender);

  set_busy (self, &self->printing, TRUE);
  peygir_letter_sender_run (self->sender);
}

static void
queue_reload (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  peygir_print_queue_page_reload (PEYGIR_PRINT_QUEUE_PAGE (widget));
}

static void
queue_preview (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  PeygirPrintQueuePage *self = PEYGIR_PRINT_QUEUE_PAGE (widget);
  const char *kind_id;
  PeygirLetterKind kind;
  gint64 case_id, referral_id;

  if (self->session == NULL)
    return;
  g_variant_get (parameter, "(&sxx)", &kind_id, &case_id, &referral_id);
  if (!peygir_letter_kind_from_string (kind_id, &kind))
    {
      g_critical ("Unknown letter kind “%s”", kind_id);
      return;
    }
  peygir_letter_preview_present (_peygir_widget_get_window (widget),
                                 self->session, case_id, kind, referral_id);
}

static void
update_actions (PeygirPrintQueuePage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean secretariat = self->session != NULL && peygir_session_has_role (self->session, PEYGIR_ROLE_SECRETARIAT);
  gboolean waiting = self->items != NULL && self->items->len > 0;

  gtk_widget_action_set_enabled (widget, "queue.reload", self->session != NULL);
  gtk_widget_action_set_enabled (widget, "queue.preview", self->session != NULL);
  gtk_widget_action_set_enabled (widget, "queue.print", secretariat && waiting && !self->printing);
}

/* GObject */

static void
peygir_print_queue_page_dispose (GObject *object)
{
  PeygirPrintQueuePage *self = PEYGIR_PRINT_QUEUE_PAGE (object);

  _peygir_widget_dispose_template (GTK_WIDGET (self), PEYGIR_TYPE_PRINT_QUEUE_PAGE);
  g_clear_object (&self->session);
  g_clear_object (&self->sender);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (peygir_print_queue_page_parent_class)->dispose (object);
}

static void
peygir_print_queue_page_finalize (GObject *object)
{
  PeygirPrintQueuePage *self = PEYGIR_PRINT_QUEUE_PAGE (object);

  g_free (self->export_filename);

  G_OBJECT_CLASS (peygir_print_queue_page_parent_class)->finalize (object);
}

static void
peygir_print_queue_page_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  PeygirPrintQueuePage *self = PEYGIR_PRINT_QUEUE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, peygir_print_queue_page_get_busy (self));
      break;
    case PROP_N_LETTERS:
      g_value_set_uint (value, peygir_print_queue_page_get_n_letters (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peygir_print_queue_page_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  PeygirPrintQueuePage *self = PEYGIR_PRINT_QUEUE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      peygir_print_queue_page_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peygir_print_queue_page_class_init (PeygirPrintQueuePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = peygir_print_queue_page_dispose;
  object_class->finalize = peygir_print_queue_page_finalize;
  object_class->get_property = peygir_print_queue_page_get_property;
  object_class->set_property = peygir_print_queue_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, PEYGIR_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_LETTERS] =
    g_param_spec_uint ("n-letters", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "queue.reload", NULL, queue_reload);
  gtk_widget_class_install_action (widget_class, "queue.preview", "(sxx)", queue_preview);
  gtk_widget_class_install_action (widget_class, "queue.print", NULL, queue_print);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/ir/gov/peygir/peygir-print-queue-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PeygirPrintQueuePage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PeygirPrintQueuePage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, PeygirPrintQueuePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PeygirPrintQueuePage, stack);
  gtk_widget_class_bind_template_child (widget_class, PeygirPrintQueuePage, list);
}

static void
peygir_print_queue_page_init (PeygirPrintQueuePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}

/* Public API */

GtkWidget *
peygir_print_queue_page_new (void)
{
  return g_object_new (PEYGIR_TYPE_PRINT_QUEUE_PAGE, NULL);
}

void
peygir_print_queue_page_set_session (PeygirPrintQueuePage *self,
                                     PeygirSession        *session)
{
  g_return_if_fail (PEYGIR_IS_PRINT_QUEUE_PAGE (self));
  g_return_if_fail (session == NULL || PEYGIR_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->generation++;
  show_items (self);
  if (session != NULL)
    {
      /* Other desks dispatch and approve too. */
      g_signal_connect_object (session, "changed", G_CALLBACK (peygir_print_queue_page_reload),
                               self, G_CONNECT_SWAPPED);
      peygir_print_queue_page_reload (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

PeygirSession *
peygir_print_queue_page_get_session (PeygirPrintQueuePage *self)
{
  g_return_val_if_fail (PEYGIR_IS_PRINT_QUEUE_PAGE (self), NULL);

  return self->session;
}

gboolean
peygir_print_queue_page_get_busy (PeygirPrintQueuePage *self)
{
  g_return_val_if_fail (PEYGIR_IS_PRINT_QUEUE_PAGE (self), FALSE);

  return self->reading || self->printing;
}

guint
peygir_print_queue_page_get_n_letters (PeygirPrintQueuePage *self)
{
  g_return_val_if_fail (PEYGIR_IS_PRINT_QUEUE_PAGE (self), 0);

  return self->items != NULL ? self->items->len : 0;
}

const char * const *
peygir_print_queue_page_get_printed_numbers (PeygirPrintQueuePage *self)
{
  g_return_val_if_fail (PEYGIR_IS_PRINT_QUEUE_PAGE (self), NULL);

  return self->sender != NULL ? peygir_letter_sender_get_printed_numbers (self->sender) : NULL;
}

PeygirLetterSender *
peygir_print_queue_page_get_sender (PeygirPrintQueuePage *self)
{
  g_return_val_if_fail (PEYGIR_IS_PRINT_QUEUE_PAGE (self), NULL);

  return self->sender;
}

void
peygir_print_queue_page_set_cancel_print (PeygirPrintQueuePage *self,
                                          gboolean              cancel)
{
  g_return_if_fail (PEYGIR_IS_PRINT_QUEUE_PAGE (self));

  self->cancel_print = cancel;
}

void
peygir_print_queue_page_set_export_filename (PeygirPrintQueuePage *self,
                                             const char           *path)
{
  g_return_if_fail (PEYGIR_IS_PRINT_QUEUE_PAGE (self));

  g_free (self->export_filename);
  self->export_filename = g_strdup (path);
}
