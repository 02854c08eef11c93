/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-session"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include "peygir-document-file.h"
#include "peygir-error.h"
#include "peygir-session.h"
#include "peygir-workflow.h"

struct _PeygirSession
{
  GObject      parent_instance;

  PeygirStore *store;
  PeygirUser  *user;
  char        *problem;

  guint        poll_source;
  guint        poll_interval;
  int          change_socket;  /* a server's notifications, watched; -1: polled */
  guint        change_watch;
  gboolean     polling;
  gboolean     have_version;
  gint64       data_version;
  guint        pending;
};

G_DEFINE_FINAL_TYPE (PeygirSession, peygir_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROBLEM,
  PROP_PENDING,
  PROP_USER,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  PeygirSessionFunc    func;
  gpointer             task_data;
  GDestroyNotify       task_data_free;
  GDestroyNotify       result_free;
  GAsyncReadyCallback  callback;
  gpointer             user_data;
  GError              *error;   /* a copy, to tell the banner without consuming the task */
} RunData;

static void
run_data_free (RunData *run)
{
  if (run->task_data_free != NULL)
    g_clear_pointer (&run->task_data, run->task_data_free);
  g_clear_error (&run->error);
  g_free (run);
}

static void
peygir_session_set_problem (PeygirSession *self,
                            const char    *problem)
{
  if (g_strcmp0 (self->problem, problem) == 0)
    return;
  g_free (self->problem);
  self->problem = g_strdup (problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

/* Only the database's own troubles go to the banner: a refused action is
 * the action's business, shown where it was taken. */
static void
peygir_session_note_result (PeygirSession *self,
                            const GError  *error)
{
  if (error == NULL)
    peygir_session_set_problem (self, NULL);
  else if (g_error_matches (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_BUSY))
    peygir_session_set_problem (self, _("Another desk is holding the database. Trying again…"));
  else if (g_error_matches (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_UNREACHABLE))
    {
      g_autofree char *text = g_strdup_printf (_("The database cannot be reached: %s Trying again…"),
                                               error->message);
      peygir_session_set_problem (self, text);
    }
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  PeygirSession *self = source_object;
  RunData *run = task_data;
  g_autoptr(GError) error = NULL;
  gpointer result;

  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  result = run->func (self->store, run->task_data, cancellable, &error);
  if (error != NULL)
    {
      run->error = g_error_copy (error);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    g_task_return_pointer (task, result, run->result_free);
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  PeygirSession *self = PEYGIR_SESSION (object);
  RunData *run = g_task_get_task_data (G_TASK (result));

  self->pending--;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
  if (!g_error_matches (run->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    peygir_session_note_result (self, run->error);
  if (run->callback != NULL)
    run->callback (object, result, run->user_data);
}

void
peygir_session_run (PeygirSession       *self,
                    PeygirSessionFunc    func,
                    gpointer             task_data,
                    GDestroyNotify       task_data_free,
                    GDestroyNotify       result_free,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *run;

  g_return_if_fail (PEYGIR_IS_SESSION (self));
  g_return_if_fail (func != NULL);

  run = g_new0 (RunData, 1);
  run->func = func;
  run->task_data = task_data;
  run->task_data_free = task_data_free;
  run->result_free = result_free;
  run->callback = callback;
  run->user_data = user_data;

  task = g_task_new (self, cancellable, run_done_cb, NULL);
  g_task_set_source_tag (task, peygir_session_run);
  g_task_set_task_data (task, run, (GDestroyNotify) run_data_free);
  self->pending++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
  g_task_run_in_thread (task, run_thread);
}

gpointer
peygir_session_run_get_data (GAsyncResult *result)
{
  RunData *run;

  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == peygir_session_run, NULL);

  run = g_task_get_task_data (G_TASK (result));
  return run->task_data;
}

gpointer
peygir_session_run_finish (PeygirSession  *self,
                           GAsyncResult   *result,
                           GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
peygir_session_run_finish_open (PeygirSession  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_autofree char *uri = peygir_session_run_finish (self, result, error);

  return uri != NULL && g_app_info_launch_default_for_uri (uri, NULL, error);
}

static gpointer
poll_thread (PeygirStore   *store,
             gpointer       task_data,
             GCancellable  *cancellable,
             GError       **error)
{
  gint64 version = 0;

  if (!peygir_store_get_data_version (store, &version, error))
    return NULL;
  return g_memdup2 (&version, sizeof version);
}

static gboolean poll_timeout_cb (gpointer user_data);

static gboolean
change_ready_cb (int           fd,
                 GIOCondition  condition,
                 gpointer      user_data)
{
  PeygirSession *self = PEYGIR_SESSION (user_data);

  /* watched again once the poll has read what arrived */
  self->change_watch = 0;
  peygir_session_poll (self);
  return G_SOURCE_REMOVE;
}

/* On a server, other desks' commits are heard as they happen: the socket
 * is watched, not the clock. A file is polled every poll_interval
 * seconds, and so is a server that stopped answering, until it answers. */
static void
watch_for_changes (PeygirSession *self,
                   gboolean       server_answers)
{
  if (self->poll_interval == 0 || self->change_watch != 0)
    return;
  if (self->change_socket >= 0 && server_answers)
    {
      g_clear_handle_id (&self->poll_source, g_source_remove);
      self->change_watch = g_unix_fd_add (self->change_socket, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                          change_ready_cb, self);
    }
  else if (self->poll_source == 0)
    self->poll_source = g_timeout_add_seconds (self->poll_interval, poll_timeout_cb, self);
}

static void
poll_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PeygirSession *self = PEYGIR_SESSION (object);
  g_autofree gint64 *version = NULL;
  g_autoptr(GError) error = NULL;

  self->polling = FALSE;
  version = peygir_session_run_finish (self, result, &error);
  watch_for_changes (self, version != NULL);
  if (version == NULL)
    {
      g_debug ("Polling the data version failed: %s", error->message);
      return;
    }

  if (self->have_version && *version != self->data_version)
    {
      self->data_version = *version;
      g_signal_emit (self, signals[CHANGED], g_quark_from_static_string ("other-desk"));
    }
  self->data_version = *version;
  self->have_version = TRUE;
}

void
peygir_session_poll (PeygirSession *self)
{
  g_return_if_fail (PEYGIR_IS_SESSION (self));

  if (self->polling)
    return;
  self->polling = TRUE;
  peygir_session_run (self, poll_thread, NULL, NULL, g_free, NULL,
                      poll_done_cb, NULL);
}

static gboolean
poll_timeout_cb (gpointer user_data)
{
  peygir_session_poll (PEYGIR_SESSION (user_data));
  return G_SOURCE_CONTINUE;
}

void
peygir_session_set_poll_interval (PeygirSession *self,
                                  guint          seconds)
{
  g_return_if_fail (PEYGIR_IS_SESSION (self));

  if (self->poll_interval == seconds)
    return;
  self->poll_interval = seconds;
  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_handle_id (&self->change_watch, g_source_remove);
  if (seconds > 0)
    {
      watch_for_changes (self, TRUE);
      peygir_session_poll (self);
    }
}

typedef struct
{
  char *path;
  char *login;
  char *password;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->path);
  g_free (data->login);
  if (data->password != NULL)
    memset (data->password, 0, strlen (data->password));
  g_free (data->password);
  g_free (data);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  g_autoptr(PeygirStore) store = NULL;
  g_autoptr(PeygirUser) user = NULL;
  g_autoptr(GError) error = NULL;

  store = peygir_store_open_with_password (data->path, PEYGIR_STORE_OPEN_CREATE, data->password, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* on a server, the desk is the role it connected as */
  if (peygir_store_location_is_server (data->path))
    {
      g_free (data->login);
      data->login = g_strdup (peygir_store_get_login (store));
    }
  user = peygir_store_find_user (store, data->login, &error);
  if (user == NULL && error != NULL
      && !g_error_matches (error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_NOT_FOUND)
      && !g_error_matches (error, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_UNKNOWN_USER))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_clear_error (&error);

  if (user == NULL)
    {
      gint64 n_users = peygir_store_count_users (store, &error);

      if (error != NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      /* The first desk of a new office: its user may do everything, so
       * that one person can try the whole process alone. */
      if (n_users == 0 && !peygir_store_is_read_only (store))
        user = peygir_store_add_user (store, NULL, data->login, g_get_real_name (),
                                      PEYGIR_ROLES_ALL, &error);
      if (user == NULL && peygir_store_location_is_server (data->path))
        {
          g_clear_error (&error);
          g_task_return_new_error (task, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_UNKNOWN_USER,
                                   _("The role “%s” of the database server is not a user of this office in Peygir: ask the office’s administrator to add you to Peygir."),
                                   data->login);
          return;
        }
      if (user == NULL)
        {
          g_clear_error (&error);
          g_task_return_new_error (task, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_UNKNOWN_USER,
                                   _("The login “%s” is not a user of this office."),
                                   data->login);
          return;
        }
    }

  if (!user->active)
    {
      g_task_return_new_error (task, PEYGIR_WORKFLOW_ERROR, PEYGIR_WORKFLOW_ERROR_UNKNOWN_USER,
                               _("The login “%s” is no longer an active user of this office."),
                               data->login);
      return;
    }

  g_task_return_pointer (task, peygir_session_new (store, user), g_object_unref);
}

void
peygir_session_open_async (const char          *path,
                           const char          *login,
                           const char          *password,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (path != NULL);
  g_return_if_fail (login != NULL);

  data = g_new0 (OpenData, 1);
  data->path = g_strdup (path);
  data->login = g_strdup (login);
  data->password = g_strdup (password);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, peygir_session_open_async);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_thread);
}

PeygirSession *
peygir_session_open_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
peygir_session_finalize (GObject *object)
{
  PeygirSession *self = (PeygirSession *)object;

  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_handle_id (&self->change_watch, g_source_remove);
  g_clear_object (&self->store);
  g_clear_pointer (&self->user, peygir_user_free);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (peygir_session_parent_class)->finalize (object);
}

static void
peygir_session_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PeygirSession *self = PEYGIR_SESSION (object);

  switch (prop_id)
    {
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    case PROP_PENDING:
      g_value_set_uint (value, self->pending);
      break;
    case PROP_USER:
      g_value_set_boxed (value, self->user);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
peygir_session_class_init (PeygirSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = peygir_session_finalize;
  object_class->get_property = peygir_session_get_property;

  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER] =
    g_param_spec_boxed ("user", NULL, NULL, PEYGIR_TYPE_USER,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Someone changed the database: another desk (seen by polling, detail
   * "other-desk") or this window's own action (peygir_session_changed (),
   * detail "own"). */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
peygir_session_init (PeygirSession *self)
{
}

PeygirSession *
peygir_session_new (PeygirStore      *store,
                    const PeygirUser *user)
{
  PeygirSession *self;

  g_return_val_if_fail (PEYGIR_IS_STORE (store), NULL);
  g_return_val_if_fail (user != NULL, NULL);

  self = g_object_new (PEYGIR_TYPE_SESSION, NULL);
  self->store = g_object_ref (store);
  self->user = peygir_user_copy (user);
  self->change_socket = peygir_store_get_change_socket (store);
  return self;
}

PeygirStore *
peygir_session_get_store (PeygirSession *self)
{
  g_return_val_if_fail (PEYGIR_IS_SESSION (self), NULL);
  return self->store;
}

const PeygirUser *
peygir_session_get_user (PeygirSession *self)
{
  g_return_val_if_fail (PEYGIR_IS_SESSION (self), NULL);
  return self->user;
}

void
peygir_session_set_user (PeygirSession    *self,
                         const PeygirUser *user)
{
  g_return_if_fail (PEYGIR_IS_SESSION (self));
  g_return_if_fail (user != NULL);
  g_return_if_fail (g_strcmp0 (user->login, self->user->login) == 0);

  /* Worker threads never read it: what they need of the user is copied
   * into their task data on the main thread. */
  g_clear_pointer (&self->user, peygir_user_free);
  self->user = peygir_user_copy (user);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
}

const char *
peygir_session_get_login (PeygirSession *self)
{
  g_return_val_if_fail (PEYGIR_IS_SESSION (self), NULL);
  return self->user->login;
}

PeygirRoles
peygir_session_get_roles (PeygirSession *self)
{
  g_return_val_if_fail (PEYGIR_IS_SESSION (self), PEYGIR_ROLE_NONE);
  return self->user->roles;
}

gboolean
peygir_session_has_role (PeygirSession *self,
                         PeygirRoles    roles)
{
  g_return_val_if_fail (PEYGIR_IS_SESSION (self), FALSE);
  return (self->user->roles & roles) != 0;
}

const char *
peygir_session_get_problem (PeygirSession *self)
{
  g_return_val_if_fail (PEYGIR_IS_SESSION (self), NULL);
  return self->problem;
}

guint
peygir_session_get_pending (PeygirSession *self)
{
  g_return_val_if_fail (PEYGIR_IS_SESSION (self), 0);
  return self->pending;
}

void
peygir_session_changed (PeygirSession *self)
{
  g_return_if_fail (PEYGIR_IS_SESSION (self));
  g_signal_emit (self, signals[CHANGED], g_quark_from_static_string ("own"));
}

PeygirDocument *
peygir_session_attach_file (PeygirStore   *store,
                            const char    *login,
                            gint64         case_id,
                            GFile         *file,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(PeygirDocumentFile) document = peygir_document_file_open (file, cancellable, error);

  if (document == NULL)
    return NULL;
  return peygir_store_add_document_from_stream (store, login, case_id, document->name, document->content_type,
                                                document->stream, document->size, cancellable, error);
}

char *
peygir_session_export_document (PeygirStore  *store,
                                gint64        document_id,
                                const char   *name,
                                GError      **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;

  bytes = peygir_store_get_document_data (store, document_id, error);
  if (bytes == NULL)
    return NULL;
  dir = g_dir_make_tmp ("peygir-document-XXXXXX", error);
  if (dir == NULL)
    return NULL;
  base = g_path_get_basename (name != NULL && *name != '\0' ? name : "document");
  path = g_build_filename (dir, base, NULL);
  if (!g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error))
    return NULL;
  return g_filename_to_uri (path, NULL, error);
}

GArray *
peygir_session_count_queues (PeygirStore  *store,
                             GPtrArray    *queues,
                             gint64        user_id,
                             GError      **error)
{
  g_autoptr(GArray) queries = g_array_sized_new (FALSE, TRUE, sizeof (PeygirCaseQuery), queues->len);

  g_array_set_size (queries, queues->len);
  for (guint i = 0; i < queues->len; i++)
    peygir_case_query_for_queue (&g_array_index (queries, PeygirCaseQuery, i),
                                 g_ptr_array_index (queues, i), user_id);
  return peygir_session_count_queries (store, queries, error);
}

gpointer
peygir_session_list_agencies_thread (PeygirStore   *store,
                                     gpointer       task_data,
                                     GCancellable  *cancellable,
                                     GError       **error)
{
  return peygir_store_list_agencies (store, error);
}

GArray *
peygir_session_count_queries (PeygirStore  *store,
                              GArray       *queries,
                              GError      **error)
{
  g_autoptr(GArray) counts = g_array_new (FALSE, TRUE, sizeof (gint64));

  g_array_set_size (counts, queries->len);
  if (!peygir_store_count_cases_each (store, (const PeygirCaseQuery *) queries->data, queries->len,
                                      (gint64 *) counts->data, error))
    return NULL;
  return g_steal_pointer (&counts);
}

gpointer
peygir_session_list_experts_thread (PeygirStore   *store,
                                    gpointer       task_data,
                                    GCancellable  *cancellable,
                                    GError       **error)
{
  g_autoptr(GPtrArray) users = peygir_store_list_users (store, error);
  GPtrArray *experts;

  if (users == NULL)
    return NULL;
  experts = g_ptr_array_new_with_free_func ((GDestroyNotify) peygir_user_free);
  for (guint i = 0; i < users->len; i++)
    {
      PeygirUser *user = g_ptr_array_index (users, i);

      if (user->active && (user->roles & PEYGIR_ROLE_EXPERT) != 0)
        g_ptr_array_add (experts, peygir_user_copy (user));
    }
  return experts;
}

PeygirSettingWrite *
peygir_setting_write_new (PeygirSession *session,
                          const char    *key,
                          const char    *was,
                          const char    *value)
{
  PeygirSettingWrite *write;

  g_return_val_if_fail (PEYGIR_IS_SESSION (session), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  write = g_new0 (PeygirSettingWrite, 1);
  write->login = g_strdup (peygir_session_get_login (session));
  write->key = g_strdup (key);
  write->was = g_strdup (was);
  write->value = g_strdup (value);
  return write;
}

void
peygir_setting_write_free (PeygirSettingWrite *write)
{
  g_free (write->login);
  g_free (write->key);
  g_free (write->was);
  g_free (write->value);
  g_free (write->current);
  g_free (write);
}

gpointer
peygir_session_set_setting_thread (PeygirStore   *store,
                                   gpointer       task_data,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  PeygirSettingWrite *write = task_data;

  if (write->was == NULL
      ? peygir_store_set_setting (store, write->login, write->key, write->value, error)
      : peygir_store_change_setting (store, write->login, write->key, write->was, write->value, error))
    return GINT_TO_POINTER (TRUE);
  if (error != NULL && g_error_matches (*error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CONFLICT))
    write->current = peygir_store_get_setting (store, write->key, NULL);
  return NULL;
}

PeygirUserChange *
peygir_user_change_new (PeygirSession    *session,
                        const PeygirUser *was,
                        const PeygirUser *now)
{
  PeygirUserChange *change;

  g_return_val_if_fail (PEYGIR_IS_SESSION (session), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  change = g_new0 (PeygirUserChange, 1);
  change->actor = g_strdup (peygir_session_get_login (session));
  change->was = was != NULL ? peygir_user_copy (was) : NULL;
  change->now = peygir_user_copy (now);
  return change;
}

void
peygir_user_change_free (PeygirUserChange *change)
{
  g_free (change->actor);
  g_clear_pointer (&change->was, peygir_user_free);
  g_clear_pointer (&change->now, peygir_user_free);
  g_clear_pointer (&change->current, peygir_user_free);
  g_clear_pointer (&change->added, peygir_user_free);
  g_free (change);
}

gpointer
peygir_session_change_user_thread (PeygirStore   *store,
                                   gpointer       task_data,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  PeygirUserChange *change = task_data;
  g_autoptr(PeygirUser) added = NULL;
  PeygirUser *saved;

  if (change->was != NULL)
    {
      saved = peygir_store_change_user (store, change->actor, change->was, change->now, error);
      if (saved == NULL && g_error_matches (*error, PEYGIR_STORE_ERROR, PEYGIR_STORE_ERROR_CONFLICT))
        change->current = peygir_store_find_user (store, change->was->login, NULL);
      return saved;
    }

  added = peygir_store_add_user (store, change->actor, change->now->login, change->now->name,
                                 change->now->roles, error);
  if (added == NULL)
    return NULL;
  if (change->now->title == NULL || change->now->title[0] == '\0')
    return g_steal_pointer (&added);
  saved = peygir_store_set_user_title (store, change->actor, added->login, change->now->title, error);
  if (saved == NULL)
    change->added = g_steal_pointer (&added);
  return saved;
}

gpointer
peygir_session_find_user_thread (PeygirStore   *store,
                                 gpointer       task_data,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  return peygir_store_find_user (store, task_data, error);
}
