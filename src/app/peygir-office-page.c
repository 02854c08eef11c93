/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-office-page"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "peygir-clock.h"
#include "peygir-enums.h"
#include "peygir-office-page.h"
#include "peygir-session.h"
#include "peygir-utils-private.h"

struct _PeygirOfficePage
{
  GtkWidget            parent_instance;

  PeygirSession       *session;
  GCancellable        *cancellable;
  guint                period_days;
  gboolean             loading;
  gboolean             has_figures;
  PeygirStepFigures    figures[PEYGIR_N_STATES];

  GtkSpinner          *spinner;
  GtkDropDown         *period_dropdown;
  GtkLabel            *problem_label;
  PeygirWorkflowChart *chart;
};

G_DEFINE_FINAL_TYPE (PeygirOfficePage, peygir_office_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_PERIOD_DAYS,
  PROP_LOADING,
  N_PROPS
};

enum {
  STEP_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The dropdown's periods, in its order. */
static const guint periods[] = { 7, 30, 90, 365 };

typedef struct
{
  gint64             since;
  gint64             until;
  PeygirStepFigures  figures[PEYGIR_N_STATES];
} FiguresTask;

static void
set_loading (PeygirOfficePage *self,
             gboolean          loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* The figures land in the task's data; the result only says they did. */
static gpointer
read_figures_thread (PeygirStore   *store,
                     gpointer       task_data,
                     GCancellable  *cancellable G_GNUC_UNUSED,
                     GError       **error)
{
  FiguresTask *data = task_data;

  if (!peygir_store_get_step_figures (store, data->since, data->until, data->figures, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static void
read_figures_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(PeygirOfficePage) self = user_data;
  g_autoptr(GError) error = NULL;
  FiguresTask *data = peygir_session_run_get_data (result);
  gboolean read = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error) != NULL;

  /* A read overtaken by a newer one, or by dispose, finishes all the same:
   * its figures are not the page's any more. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  if (!read)
    {
      self->has_figures = FALSE;
      gtk_label_set_text (self->problem_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->problem_label), TRUE);
      peygir_workflow_chart_clear (self->chart);
      set_loading (self, FALSE);
      return;
    }

  memcpy (self->figures, data->figures, sizeof self->figures);
  self->has_figures = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), FALSE);
  peygir_workflow_chart_set_figures (self->chart, self->figures);
  set_loading (self, FALSE);
}

void
peygir_office_page_refresh (PeygirOfficePage *self)
{
  FiguresTask *data;

  g_return_if_fail (PEYGIR_IS_OFFICE_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session == NULL)
    {
      self->has_figures = FALSE;
      peygir_workflow_chart_clear (self->chart);
      set_loading (self, FALSE);
      return;
    }

  self->cancellable = g_cancellable_new ();
  data = g_new0 (FiguresTask, 1);
  data->until = peygir_clock_now () + 1;
  data->since = data->until - (gint64) self->period_days * 24 * 3600;

  set_loading (self, TRUE);
  peygir_session_run (self->session, read_figures_thread, data, g_free, NULL,
                      self->cancellable, read_figures_cb, g_object_ref (self));
}

static void
chart_step_activated_cb (PeygirOfficePage    *self,
                         PeygirState          state,
                         gboolean             overdue_only,
                         PeygirWorkflowChart *chart G_GNUC_UNUSED)
{
  g_signal_emit (self, signals[STEP_ACTIVATED], 0, state, overdue_only);
}

static void
period_selected_cb (PeygirOfficePage *self,
                    GParamSpec       *pspec G_GNUC_UNUSED,
                    GtkDropDown      *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected < G_N_ELEMENTS (periods))
    peygir_office_page_set_period_days (self, periods[selected]);
}

static void
office_refresh (GtkWidget  *widget,
                const char *action_name G_GNUC_UNUSED,
                GVariant   *parameter G_GNUC_UNUSED)
{
  peygir_office_page_refresh (PEYGIR_OFFICE_PAGE (widget));
}

static void
peygir_office_page_dispose (GObject *object)
{
  PeygirOfficePage *self = PEYGIR_OFFICE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  _peygir_widget_dispose_template (GTK_WIDGET (self), PEYGIR_TYPE_OFFICE_PAGE);

  G_OBJECT_CLASS (peygir_office_page_parent_class)->dispose (object);
}

static void
peygir_office_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  PeygirOfficePage *self = PEYGIR_OFFICE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_PERIOD_DAYS:
      g_value_set_uint (value, self->period_days);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peygir_office_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  PeygirOfficePage *self = PEYGIR_OFFICE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      peygir_office_page_set_session (self, g_value_get_object (value));
      break;
    case PROP_PERIOD_DAYS:
      peygir_office_page_set_period_days (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peygir_office_page_class_init (PeygirOfficePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = peygir_office_page_dispose;
  object_class->get_property = peygir_office_page_get_property;
  object_class->set_property = peygir_office_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, PEYGIR_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PERIOD_DAYS] =
    g_param_spec_uint ("period-days", NULL, NULL, 1, 3660, 30,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PeygirOfficePage::step-activated:
   * @state: a PeygirState
   * @overdue_only: only the cases whose agency's answer is late
   */
  signals[STEP_ACTIVATED] =
    g_signal_new ("step-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, PEYGIR_TYPE_STATE, G_TYPE_BOOLEAN);

  gtk_widget_class_install_action (widget_class, "office.refresh", NULL, office_refresh);

  g_type_ensure (PEYGIR_TYPE_WORKFLOW_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/ir/gov/peygir/peygir-office-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PeygirOfficePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, PeygirOfficePage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PeygirOfficePage, problem_label);
  gtk_widget_class_bind_template_child (widget_class, PeygirOfficePage, chart);
  gtk_widget_class_bind_template_callback (widget_class, chart_step_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, period_selected_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
peygir_office_page_init (PeygirOfficePage *self)
{
  self->period_days = 30;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drop_down_set_selected (self->period_dropdown, 1);
}

GtkWidget *
peygir_office_page_new (void)
{
  return g_object_new (PEYGIR_TYPE_OFFICE_PAGE, NULL);
}

void
peygir_office_page_set_session (PeygirOfficePage *self,
                                PeygirSession    *session)
{
  g_return_if_fail (PEYGIR_IS_OFFICE_PAGE (self));
  g_return_if_fail (session == NULL || PEYGIR_IS_SESSION (session));

  if (g_set_object (&self->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
  peygir_office_page_refresh (self);
}

PeygirSession *
peygir_office_page_get_session (PeygirOfficePage *self)
{
  g_return_val_if_fail (PEYGIR_IS_OFFICE_PAGE (self), NULL);

  return self->session;
}

void
peygir_office_page_set_period_days (PeygirOfficePage *self,
                                    guint             days)
{
  g_return_if_fail (PEYGIR_IS_OFFICE_PAGE (self));
  g_return_if_fail (days > 0);

  if (self->period_days == days)
    return;
  self->period_days = days;
  for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
    if (periods[i] == days && gtk_drop_down_get_selected (self->period_dropdown) != i)
      gtk_drop_down_set_selected (self->period_dropdown, i);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD_DAYS]);
  if (self->session != NULL)
    peygir_office_page_refresh (self);
}

guint
peygir_office_page_get_period_days (PeygirOfficePage *self)
{
  g_return_val_if_fail (PEYGIR_IS_OFFICE_PAGE (self), 0);

  return self->period_days;
}

gboolean
peygir_office_page_get_loading (PeygirOfficePage *self)
{
  g_return_val_if_fail (PEYGIR_IS_OFFICE_PAGE (self), FALSE);

  return self->loading;
}

gboolean
peygir_office_page_get_figures (PeygirOfficePage  *self,
                                PeygirStepFigures  figures[PEYGIR_N_STATES])
{
  g_return_val_if_fail (PEYGIR_IS_OFFICE_PAGE (self), FALSE);

  if (!self->has_figures)
    return FALSE;
  memcpy (figures, self->figures, sizeof self->figures);
  return TRUE;
}

PeygirWorkflowChart *
peygir_office_page_get_chart (PeygirOfficePage *self)
{
  g_return_val_if_fail (PEYGIR_IS_OFFICE_PAGE (self), NULL);

  return self->chart;
}
