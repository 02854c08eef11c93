/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-notifier"

#include <glib/gi18n-lib.h>

#include "peygir-application.h"
#include "peygir-notifier.h"
#include "peygir-text.h"
#include "peygir-workflow.h"

/* What a count is for: the baseline only (this window's own change, or the
 * user is looking at the window), or a comparison that may notify. A
 * baseline outranks a comparison when both wait: this desk's own work is
 * never announced to it as new, at the price of another desk's change
 * made in the same moment. */
typedef enum
{
  LOOK_NONE,
  LOOK_COMPARE,
  LOOK_BASELINE,
} Look;

struct _PeygirNotifier
{
  GObject        parent_instance;

  PeygirSession *session;
  GApplication  *application;
  GtkWindow     *window;       /* weak: the window owns the notifier */
  GSettings     *settings;     /* NULL without the installed schema: on */
  GCancellable  *cancellable;

  /* "My queues": the queues of the roles the user holds, as the sidebar
   * shows them, but for the overviews (every open case, every case), which
   * are others' work as much as the user's. "My overdue cases" are those
   * of my overdue queue (a referral's answer not sent on time). A case
   * does name the expert who took it in or reviewed it, but the queues are
   * shared by everyone who holds the role, and any of them may pick a case
   * up: what is mine is what my roles' queues hold, as the sidebar counts
   * it. Counts, not lists: a case leaving a queue while another enters
   * it between two looks is not seen. */
  GPtrArray     *queues;       /* of const PeygirQueueInfo * */
  GArray        *counts;       /* of gint64, the baseline; empty until read */
  GArray        *pending;      /* of gint64, new cases per queue not yet told */

  guint          interval;     /* ms */
  guint          send_source;
  guint          clock_source;
  gboolean       shown;        /* a notification was sent and not taken back */
  gboolean       counting;
  Look           next;         /* the count to make once the running one ends */
};

enum {
  SEND_NOTIFICATION,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PeygirNotifier, peygir_notifier, G_TYPE_OBJECT)

#define DEFAULT_INTERVAL_MS 60000
/* Cases become overdue with the days, not only with other desks'
 * changes: the counts are read again this often too. */
#define CLOCK_SECONDS 600

static void count_done_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data);

static gboolean
peygir_notifier_enabled (PeygirNotifier *self)
{
  return self->settings == NULL || g_settings_get_boolean (self->settings, "notifications");
}

static gboolean
peygir_notifier_window_active (PeygirNotifier *self)
{
  return self->window != NULL && gtk_window_is_active (self->window);
}

/* Forgets what was not yet told, and takes back what was: the user is
 * looking at the window, or does not want notifications. */
static void
peygir_notifier_drop (PeygirNotifier *self)
{
  g_clear_handle_id (&self->send_source, g_source_remove);
  for (guint i = 0; i < self->pending->len; i++)
    g_array_index (self->pending, gint64, i) = 0;
  if (self->shown && g_application_get_is_registered (self->application))
    g_application_withdraw_notification (self->application, PEYGIR_NOTIFIER_NOTIFICATION_ID);
  self->shown = FALSE;
}

/* What is waiting to be told, in the sidebar's order with the overdue
 * last; @busiest: the queue with the most, where the click goes. NULL
 * when nothing waits. */
static char *
peygir_notifier_body (PeygirNotifier         *self,
                      const PeygirQueueInfo **busiest)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  gint64 overdue = 0;
  gint64 most = 0;

  *busiest = NULL;
  for (guint i = 0; i < self->queues->len; i++)
    {
      const PeygirQueueInfo *queue = g_ptr_array_index (self->queues, i);
      gint64 n = g_array_index (self->pending, gint64, i);
      g_autofree char *number = NULL;

      if (n <= 0)
        continue;
      if (n > most)
        {
          most = n;
          *busiest = queue;
        }
      if (queue->overdue_only)
        {
          overdue += n;
          continue;
        }
      number = peygir_text_format_number (n);
      g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%s new case in “%s”",
                                                            "%s new cases in “%s”", (gulong) n),
                                               number, peygir_queue_title (queue)));
    }
  if (overdue > 0)
    {
      g_autofree char *number = peygir_text_format_number (overdue);

      g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%s case became overdue",
                                                            "%s cases became overdue", (gulong) overdue),
                                               number));
    }
  if (parts->len == 0)
    return NULL;
  g_ptr_array_add (parts, NULL);
  /* TRANSLATORS: the separator between the parts of a list */
  return g_strjoinv (_(", "), (char **) parts->pdata);
}

typedef struct
{
  GPtrArray *queues;
  gint64     user_id;
  Look       look;
} CountData;

static void
count_data_free (CountData *data)
{
  g_ptr_array_unref (data->queues);
  g_free (data);
}

static gpointer
count_thread (PeygirStore   *store,
              gpointer       task_data,
              GCancellable  *cancellable,
              GError       **error)
{
  CountData *data = task_data;

  return peygir_session_count_queues (store, data->queues, data->user_id, error);
}

static void
peygir_notifier_look (PeygirNotifier *self,
                      Look            look)
{
  CountData *data;

  if (self->queues->len == 0)
    return;
  if (self->counting)
    {
      self->next = MAX (self->next, look);
      return;
    }
  self->counting = TRUE;
  data = g_new0 (CountData, 1);
  data->queues = g_ptr_array_ref (self->queues);
  data->user_id = peygir_session_get_user (self->session)->id;
  data->look = look;
  peygir_session_run (self->session, count_thread, data, (GDestroyNotify) count_data_free,
                      (GDestroyNotify) g_array_unref, self->cancellable, count_done_cb, g_object_ref (self));
}

/* Callbacks */

static gboolean
send_timeout_cb (gpointer user_data)
{
  PeygirNotifier *self = PEYGIR_NOTIFIER (user_data);
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *body = NULL;
  g_autofree char *action = NULL;
  const PeygirQueueInfo *queue;
  gboolean handled = FALSE;

  self->send_source = 0;
  body = peygir_notifier_body (self, &queue);
  for (guint i = 0; i < self->pending->len; i++)
    g_array_index (self->pending, gint64, i) = 0;
  if (body == NULL || !peygir_notifier_enabled (self) || peygir_notifier_window_active (self))
    return G_SOURCE_REMOVE;

  notification = g_notification_new (_("New in your queues"));
  g_notification_set_body (notification, body);
  action = g_action_print_detailed_name ("app.show-queue", g_variant_new_string (queue->id));
  g_notification_set_default_action (notification, action);

  g_signal_emit (self, signals[SEND_NOTIFICATION], 0, notification, body, action, &handled);
  if (handled)
    return G_SOURCE_REMOVE;
  if (g_application_get_is_registered (self->application))
    {
      g_application_send_notification (self->application, PEYGIR_NOTIFIER_NOTIFICATION_ID, notification);
      self->shown = TRUE;
    }
  else
    g_debug ("Not sent, the application is not registered: %s", body);
  return G_SOURCE_REMOVE;
}

static void
count_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(PeygirNotifier) self = user_data;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GError) error = NULL;
  CountData *data = peygir_session_run_get_data (result);
  Look next;

  self->counting = FALSE;
  counts = peygir_session_run_finish (PEYGIR_SESSION (object), result, &error);
  if (counts == NULL)
    {
      /* the window's banner tells a database in trouble; a change seen
       * once it answers again is compared with the last counts read */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Counting the queues failed: %s", error->message);
      return;
    }

  if (data->look == LOOK_COMPARE && self->counts->len == counts->len
      && peygir_notifier_enabled (self) && !peygir_notifier_window_active (self))
    {
      gboolean news = FALSE;

      for (guint i = 0; i < counts->len; i++)
        {
          gint64 grown = g_array_index (counts, gint64, i) - g_array_index (self->counts, gint64, i);

          if (grown > 0)
            {
              g_array_index (self->pending, gint64, i) += grown;
              news = TRUE;
            }
        }
      if (news && self->send_source == 0)
        self->send_source = g_timeout_add (self->interval, send_timeout_cb, self);
    }
  g_array_set_size (self->counts, 0);
  g_array_append_vals (self->counts, counts->data, counts->len);

  next = self->next;
  self->next = LOOK_NONE;
  if (next != LOOK_NONE)
    peygir_notifier_look (self, next);
}

static void
session_changed_cb (PeygirNotifier *self,
                    PeygirSession  *session)
{
  /* "changed::other-desk": compared only while the user is elsewhere */
  peygir_notifier_look (self, peygir_notifier_window_active (self) ? LOOK_BASELINE : LOOK_COMPARE);
}

static void
session_changed_own_cb (PeygirNotifier *self,
                        PeygirSession  *session)
{
  peygir_notifier_look (self, LOOK_BASELINE);
}

static gboolean
clock_timeout_cb (gpointer user_data)
{
  session_changed_cb (PEYGIR_NOTIFIER (user_data), NULL);
  return G_SOURCE_CONTINUE;
}

static void
window_active_cb (PeygirNotifier *self,
                  GParamSpec     *pspec,
                  GtkWindow      *window)
{
  if (gtk_window_is_active (window))
    peygir_notifier_drop (self);
}

static void
setting_changed_cb (PeygirNotifier *self,
                    const char     *key,
                    GSettings      *settings)
{
  if (!peygir_notifier_enabled (self))
    peygir_notifier_drop (self);
}

/* Overrides */

static void
peygir_notifier_dispose (GObject *object)
{
  PeygirNotifier *self = (PeygirNotifier *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->send_source, g_source_remove);
  g_clear_handle_id (&self->clock_source, g_source_remove);
  g_clear_weak_pointer (&self->window);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (peygir_notifier_parent_class)->dispose (object);
}

static void
peygir_notifier_finalize (GObject *object)
{
  PeygirNotifier *self = (PeygirNotifier *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->queues, g_ptr_array_unref);
  g_clear_pointer (&self->counts, g_array_unref);
  g_clear_pointer (&self->pending, g_array_unref);

  G_OBJECT_CLASS (peygir_notifier_parent_class)->finalize (object);
}

static void
peygir_notifier_class_init (PeygirNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = peygir_notifier_dispose;
  object_class->finalize = peygir_notifier_finalize;

  /* The notification is about to be sent: its body, and its default
   * action as a detailed name ("app.show-queue('new')"). A handler that
   * returns TRUE has taken care of it (the tests, with no notification
   * daemon), and it is not sent. */
  signals[SEND_NOTIFICATION] =
    g_signal_new ("send-notification", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 3, G_TYPE_NOTIFICATION, G_TYPE_STRING, G_TYPE_STRING);
}

static void
peygir_notifier_init (PeygirNotifier *self)
{
  self->cancellable = g_cancellable_new ();
  self->queues = g_ptr_array_new ();
  self->counts = g_array_new (FALSE, TRUE, sizeof (gint64));
  self->pending = g_array_new (FALSE, TRUE, sizeof (gint64));
  self->interval = DEFAULT_INTERVAL_MS;
}

/* Public API */

PeygirNotifier *
peygir_notifier_new (PeygirSession *session,
                     GApplication  *application,
                     GtkWindow     *window)
{
  PeygirNotifier *self;
  PeygirRoles roles;
  const PeygirQueueInfo *queues;
  guint n_queues;

  g_return_val_if_fail (PEYGIR_IS_SESSION (session), NULL);
  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);

  self = g_object_new (PEYGIR_TYPE_NOTIFIER, NULL);
  self->session = g_object_ref (session);
  self->application = g_object_ref (application);
  g_set_weak_pointer (&self->window, window);
  self->settings = peygir_application_new_settings ();

  roles = peygir_session_get_roles (session);
  queues = peygir_workflow_queues (&n_queues);
  for (guint i = 0; i < n_queues; i++)
    if (!queues[i].overview && (queues[i].roles & roles) != 0)
      g_ptr_array_add (self->queues, (gpointer) &queues[i]);
  g_array_set_size (self->pending, self->queues->len);

  g_signal_connect_object (session, "changed::other-desk", G_CALLBACK (session_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "changed::own", G_CALLBACK (session_changed_own_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "notify::is-active", G_CALLBACK (window_active_cb),
                           self, G_CONNECT_SWAPPED);
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::notifications", G_CALLBACK (setting_changed_cb),
                             self, G_CONNECT_SWAPPED);
  self->clock_source = g_timeout_add_seconds (CLOCK_SECONDS, clock_timeout_cb, self);

  peygir_notifier_look (self, LOOK_BASELINE);
  return self;
}

void
peygir_notifier_set_interval (PeygirNotifier *self,
                              guint           milliseconds)
{
  g_return_if_fail (PEYGIR_IS_NOTIFIER (self));
  g_return_if_fail (milliseconds > 0);

  self->interval = milliseconds;
}

guint
peygir_notifier_get_interval (PeygirNotifier *self)
{
  g_return_val_if_fail (PEYGIR_IS_NOTIFIER (self), 0);
  return self->interval;
}
