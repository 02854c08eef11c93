/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-filter-bar"

#include <glib/gi18n-lib.h>

#include "peygir-date.h"
#include "peygir-filter-bar.h"
#include "peygir-format.h"
#include "peygir-utils-private.h"

struct _PeygirFilterBar
{
  GtkWidget         parent_instance;

  GtkWidget        *box;
  GtkDropDown      *expert_dropdown;
  GtkDropDown      *agency_dropdown;
  GtkDropDown      *kind_dropdown;
  GtkDropDown      *channel_dropdown;
  GtkCheckButton   *overdue_check;
  GtkEntry         *from_entry;
  GtkEntry         *until_entry;

  PeygirSession    *session;
  GCancellable     *cancellable;
  GArray           *expert_ids;   /* of gint64, beside the drop-down's names; 0 first */
  GArray           *agency_ids;
  PeygirCaseFilter  filter;
  guint             updating;     /* showing a filter: no "changed" */
  gboolean          reading;      /* the experts and agencies to offer */
  gboolean          read_again;   /* the database changed meanwhile */
};

G_DEFINE_FINAL_TYPE (PeygirFilterBar, peygir_filter_bar, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The channels the drop-down offers, after "any": how cases come in. */
static const guint channels[] = {
  PEYGIR_CHANNEL_IN_PERSON, PEYGIR_CHANNEL_PHONE, PEYGIR_CHANNEL_MAIL,
  PEYGIR_CHANNEL_SMS, PEYGIR_CHANNEL_EMAIL, PEYGIR_CHANNEL_SAMAD,
};

static guint
position_of (GArray *ids,
             gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return i;
  return 0;
}

static guint
mask_position (guint        mask,
               const guint *values,
               guint        n_values)
{
  for (guint i = 0; i < n_values; i++)
    if (mask == 1u << values[i])
      return i + 1;
  return 0;
}

static void
date_entry_show (GtkEntry  *entry,
                 PeygirDay  day)
{
  g_autofree char *text = day != 0 ? peygir_day_format (day, PEYGIR_DATE_NUMERIC) : NULL;

  gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (entry), NULL);
}

/* The drop-downs' buttons ellipsize what they show: a long agency's name
 * must not widen a narrow window. Their lists show names whole. */

static void
label_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (ellipsize))
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 10);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
    }
  gtk_list_item_set_child (item, label);
}

static void
label_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  ellipsize)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (string));
}

static GtkListItemFactory *
label_factory_new (gboolean ellipsize)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (label_setup_cb), GINT_TO_POINTER (ellipsize));
  g_signal_connect (factory, "bind", G_CALLBACK (label_bind_cb), GINT_TO_POINTER (ellipsize));
  return factory;
}

static void
drop_down_ellipsize (GtkDropDown *dropdown)
{
  g_autoptr(GtkListItemFactory) button = label_factory_new (TRUE);
  g_autoptr(GtkListItemFactory) list = label_factory_new (FALSE);

  gtk_drop_down_set_factory (dropdown, button);
  gtk_drop_down_set_list_factory (dropdown, list);
}

/* Shows self->filter in the widgets. */
static void
peygir_filter_bar_show (PeygirFilterBar *self)
{
  static const guint kinds[] = { PEYGIR_KIND_REQUEST, PEYGIR_KIND_COMPLAINT };

  self->updating++;
  gtk_drop_down_set_selected (self->expert_dropdown, position_of (self->expert_ids, self->filter.expert_id));
  gtk_drop_down_set_selected (self->agency_dropdown, position_of (self->agency_ids, self->filter.agency_id));
  gtk_drop_down_set_selected (self->kind_dropdown, mask_position (self->filter.kinds, kinds, G_N_ELEMENTS (kinds)));
  gtk_drop_down_set_selected (self->channel_dropdown,
                              mask_position (self->filter.channels, channels, G_N_ELEMENTS (channels)));
  gtk_check_button_set_active (self->overdue_check, self->filter.overdue_only);
  date_entry_show (self->from_entry, self->filter.received_from);
  date_entry_show (self->until_entry, self->filter.received_until);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "filter.clear", !peygir_case_filter_is_empty (&self->filter));
  self->updating--;
}

static void
peygir_filter_bar_changed (PeygirFilterBar *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "filter.clear", !peygir_case_filter_is_empty (&self->filter));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
choice_changed_cb (PeygirFilterBar *self)
{
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);
  guint channel = gtk_drop_down_get_selected (self->channel_dropdown);
  guint expert = gtk_drop_down_get_selected (self->expert_dropdown);
  guint agency = gtk_drop_down_get_selected (self->agency_dropdown);
  PeygirCaseFilter filter = self->filter;

  if (self->updating > 0)
    return;
  filter.expert_id = expert < self->expert_ids->len ? g_array_index (self->expert_ids, gint64, expert) : 0;
  filter.agency_id = agency < self->agency_ids->len ? g_array_index (self->agency_ids, gint64, agency) : 0;
  /* the drop-down's order: any, request, complaint */
  filter.kinds = kind == 1 ? 1u << PEYGIR_KIND_REQUEST : kind == 2 ? 1u << PEYGIR_KIND_COMPLAINT : 0;
  filter.channels = channel >= 1 && channel <= G_N_ELEMENTS (channels) ? 1u << channels[channel - 1] : 0;
  filter.overdue_only = gtk_check_button_get_active (self->overdue_check);
  if (peygir_case_filter_equal (&filter, &self->filter))
    return;
  self->filter = filter;
  peygir_filter_bar_changed (self);
}

/* A day typed as the office writes it; an entry that does not read as one
 * says why and keeps what it has, and the filter keeps its day. */
static void
date_entry_done_cb (PeygirFilterBar *self,
                    GtkEntry        *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  PeygirDay *bound = entry == self->from_entry ? &self->filter.received_from : &self->filter.received_until;
  g_autoptr(GError) error = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  PeygirDay day = 0;

  if (self->updating > 0)
    return;
  if (*stripped != '\0' && !peygir_day_parse (stripped, &day, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (entry), error->message);
      return;
    }
  /* shown back as read, in the office's digits */
  self->updating++;
  date_entry_show (entry, day);
  self->updating--;
  if (day == *bound)
    return;
  *bound = day;
  peygir_filter_bar_changed (self);
}

static void
date_entry_leave_cb (GtkEventControllerFocus *controller,
                     PeygirFilterBar         *self)
{
  date_entry_done_cb (self, GTK_ENTRY (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller))));
}

static void
filter_clear_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  PeygirFilterBar *self = PEYGIR_FILTER_BAR (widget);

  self->filter = (PeygirCaseFilter) { 0 };
  peygir_filter_bar_show (self);
  peygir_filter_bar_changed (self);
}

/* What to offer */

typedef struct
{
  GPtrArray *experts;
  GPtrArray *agencies;
} Offered;

static void
offered_free (Offered *offered)
{
  g_clear_pointer (&offered->experts, g_ptr_array_unref);
  g_clear_pointer (&offered->agencies, g_ptr_array_unref);
  g_free (offered);
}

static gpointer
read_offered_thread (PeygirStore   *store,
                     gpointer       task_data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  Offered *offered = g_new0 (Offered, 1);

  offered->experts = peygir_session_list_experts_thread (store, NULL, cancellable, error);
  if (offered->experts != NULL)
    offered->agencies = peygir_store_list_agencies (store, error);
  if (offered->agencies == NULL)
    {
      offered_free (offered);
      return NULL;
    }
  return offered;
}

static void peygir_filter_bar_read_offered (PeygirFilterBar *self);

/* Whether @list holds the same strings as @model. */
static gboolean
same_strings (GListModel    *model,
              GtkStringList *list)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  if (model == NULL || g_list_model_get_n_items (model) != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i),
                   gtk_string_list_get_string (list, i)) != 0)
      return FALSE;
  return TRUE;
}

static void
offered_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PeygirFilterBar) self = user_data;
  g_autoptr(GError) error = NULL;
  Offered *offered = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  g_autoptr(GtkStringList) experts = NULL;
  g_autoptr(GtkStringList) agencies = NULL;
  gint64 anyone = 0;

  self->reading = FALSE;
  if (self->read_again)
    {
      self->read_again = FALSE;
      peygir_filter_bar_read_offered (self);
    }
  if (offered == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _peygir_widget_add_toast (GTK_WIDGET (self), error->message);
      return;
    }

  experts = gtk_string_list_new (NULL);
  gtk_string_list_append (experts, _("Any expert"));
  g_array_set_size (self->expert_ids, 0);
  g_array_append_val (self->expert_ids, anyone);
  for (guint i = 0; i < offered->experts->len; i++)
    {
      const PeygirUser *user = g_ptr_array_index (offered->experts, i);

      gtk_string_list_append (experts, user->name != NULL && *user->name != '\0' ? user->name : user->login);
      g_array_append_val (self->expert_ids, user->id);
    }
  /* an agency no longer referred to still has its cases */
  agencies = _peygir_agency_names (offered->agencies, _("Any agency"), FALSE, self->agency_ids);

  /* another desk's change to a case leaves the lists as they are: an open
   * list keeps its place */
  self->updating++;
  if (!same_strings (gtk_drop_down_get_model (self->expert_dropdown), experts))
    gtk_drop_down_set_model (self->expert_dropdown, G_LIST_MODEL (experts));
  if (!same_strings (gtk_drop_down_get_model (self->agency_dropdown), agencies))
    gtk_drop_down_set_model (self->agency_dropdown, G_LIST_MODEL (agencies));
  self->updating--;
  peygir_filter_bar_show (self);
}

static void
peygir_filter_bar_read_offered (PeygirFilterBar *self)
{
  if (self->reading)
    {
      self->read_again = TRUE;
      return;
    }
  self->reading = TRUE;
  peygir_session_run (self->session, read_offered_thread, NULL, NULL, (GDestroyNotify) offered_free,
                      self->cancellable, offered_read_cb, g_object_ref (self));
}

void
peygir_filter_bar_set_session (PeygirFilterBar *self,
                               PeygirSession   *session)
{
  g_return_if_fail (PEYGIR_IS_FILTER_BAR (self));
  g_return_if_fail (PEYGIR_IS_SESSION (session));

  g_set_object (&self->session, session);
  /* the office's experts and agencies change too, at any desk */
  g_signal_connect_object (session, "changed", G_CALLBACK (peygir_filter_bar_read_offered),
                           self, G_CONNECT_SWAPPED);
  peygir_filter_bar_read_offered (self);
}

void
peygir_filter_bar_set_filter (PeygirFilterBar        *self,
                              const PeygirCaseFilter *filter)
{
  g_return_if_fail (PEYGIR_IS_FILTER_BAR (self));
  g_return_if_fail (filter != NULL);

  self->filter = *filter;
  peygir_filter_bar_show (self);
}

const PeygirCaseFilter *
peygir_filter_bar_get_filter (PeygirFilterBar *self)
{
  g_return_val_if_fail (PEYGIR_IS_FILTER_BAR (self), NULL);
  return &self->filter;
}

void
peygir_filter_bar_set_expert_choice (PeygirFilterBar *self,
                                     gboolean         choice)
{
  g_return_if_fail (PEYGIR_IS_FILTER_BAR (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->expert_dropdown), choice);
}

/* GObject */

static void
peygir_filter_bar_dispose (GObject *object)
{
  PeygirFilterBar *self = (PeygirFilterBar *)object;

  g_cancellable_cancel (self->cancellable);
  _peygir_widget_dispose_template (GTK_WIDGET (self), PEYGIR_TYPE_FILTER_BAR);

  G_OBJECT_CLASS (peygir_filter_bar_parent_class)->dispose (object);
}

static void
peygir_filter_bar_finalize (GObject *object)
{
  PeygirFilterBar *self = (PeygirFilterBar *)object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->expert_ids, g_array_unref);
  g_clear_pointer (&self->agency_ids, g_array_unref);

  G_OBJECT_CLASS (peygir_filter_bar_parent_class)->finalize (object);
}

static void
peygir_filter_bar_class_init (PeygirFilterBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = peygir_filter_bar_dispose;
  object_class->finalize = peygir_filter_bar_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/ir/gov/peygir/peygir-filter-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, PeygirFilterBar, box);
  gtk_widget_class_bind_template_child (widget_class, PeygirFilterBar, expert_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PeygirFilterBar, agency_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PeygirFilterBar, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PeygirFilterBar, channel_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PeygirFilterBar, overdue_check);
  gtk_widget_class_bind_template_child (widget_class, PeygirFilterBar, from_entry);
  gtk_widget_class_bind_template_child (widget_class, PeygirFilterBar, until_entry);
  gtk_widget_class_bind_template_callback (widget_class, choice_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, date_entry_done_cb);

  gtk_widget_class_install_action (widget_class, "filter.clear", NULL, filter_clear_action);
}

static void
peygir_filter_bar_init (PeygirFilterBar *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) channel_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) experts = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) agencies = gtk_string_list_new (NULL);
  g_autofree char *example = peygir_day_format (peygir_day_today (), PEYGIR_DATE_NUMERIC);
  gint64 anyone = 0;
  GtkEntry *entries[] = { NULL, NULL };

  self->cancellable = g_cancellable_new ();
  self->expert_ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  self->agency_ids = g_array_new (FALSE, TRUE, sizeof (gint64));
  g_array_append_val (self->expert_ids, anyone);
  g_array_append_val (self->agency_ids, anyone);
  gtk_widget_init_template (GTK_WIDGET (self));
  /* found by any part of a name, whichever ی or ک it was written with */
  _peygir_drop_down_set_searchable (self->expert_dropdown);
  _peygir_drop_down_set_searchable (self->agency_dropdown);

  drop_down_ellipsize (self->expert_dropdown);
  drop_down_ellipsize (self->agency_dropdown);

  self->updating++;
  gtk_string_list_append (experts, _("Any expert"));
  gtk_drop_down_set_model (self->expert_dropdown, G_LIST_MODEL (experts));
  gtk_string_list_append (agencies, _("Any agency"));
  gtk_drop_down_set_model (self->agency_dropdown, G_LIST_MODEL (agencies));
  gtk_string_list_append (kinds, _("Requests and complaints"));
  gtk_string_list_append (kinds, peygir_kind_label (PEYGIR_KIND_REQUEST));
  gtk_string_list_append (kinds, peygir_kind_label (PEYGIR_KIND_COMPLAINT));
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kinds));
  gtk_string_list_append (channel_names, _("Any channel"));
  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    gtk_string_list_append (channel_names, peygir_channel_label (channels[i]));
  gtk_drop_down_set_model (self->channel_dropdown, G_LIST_MODEL (channel_names));
  self->updating--;

  /* the office's way of writing a day, today's as the example */
  entries[0] = self->from_entry;
  entries[1] = self->until_entry;
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      GtkEventController *focus = gtk_event_controller_focus_new ();

      gtk_entry_set_placeholder_text (entries[i], example);
      g_signal_connect_object (focus, "leave", G_CALLBACK (date_entry_leave_cb), self, 0);
      gtk_widget_add_controller (GTK_WIDGET (entries[i]), focus);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "filter.clear", FALSE);
}
