/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "peygir-store.h"

G_BEGIN_DECLS

/* One signed-in user on one open database. Every store call goes through
 * peygir_session_run (), in a worker thread: the share may be slow or gone,
 * and the window must never wait on it. */

#define PEYGIR_TYPE_SESSION (peygir_session_get_type ())
G_DECLARE_FINAL_TYPE (PeygirSession, peygir_session, PEYGIR, SESSION, GObject)

typedef gpointer (*PeygirSessionFunc) (PeygirStore  *store,
                                       gpointer      task_data,
                                       GCancellable *cancellable,
                                       GError      **error);

PeygirSession    *peygir_session_new               (PeygirStore      *store,
                                                    const PeygirUser *user);
/* Opens @path (creating it when missing) and finds @login among its users;
 * on an empty database @login is added with every role. An unknown login
 * fails with PEYGIR_WORKFLOW_ERROR_UNKNOWN_USER. On a server @password (or
 * NULL) goes beside the location (peygir_store_open_with_password ()), and
 * the login is the role connected as. */
void              peygir_session_open_async        (const char          *path,
                                                    const char          *login,
                                                    const char          *password,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
PeygirSession    *peygir_session_open_finish       (GAsyncResult  *result,
                                                    GError       **error);

PeygirStore      *peygir_session_get_store         (PeygirSession *self);
const PeygirUser *peygir_session_get_user          (PeygirSession *self);
/* The signed-in user as the store has them now (their own profile saved,
 * say): the same login, a new name, title or roles. Notifies "user". */
void              peygir_session_set_user          (PeygirSession    *self,
                                                    const PeygirUser *user);
const char       *peygir_session_get_login         (PeygirSession *self);
PeygirRoles       peygir_session_get_roles         (PeygirSession *self);
/* Whether the user holds any of @roles. */
gboolean          peygir_session_has_role          (PeygirSession *self,
                                                    PeygirRoles    roles);

/* Runs @func in a worker thread; @result_free frees what it returned if the
 * caller never finishes the task. */
void              peygir_session_run               (PeygirSession       *self,
                                                    PeygirSessionFunc    func,
                                                    gpointer             task_data,
                                                    GDestroyNotify       task_data_free,
                                                    GDestroyNotify       result_free,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
/* The @task_data given to peygir_session_run (), still owned by the task. */
gpointer          peygir_session_run_get_data      (GAsyncResult   *result);
gpointer          peygir_session_run_finish        (PeygirSession  *self,
                                                    GAsyncResult   *result,
                                                    GError        **error);
/* Finishes a run whose function returned a URI (peygir_session_export_document ())
 * and opens it in the desktop's viewer. */
gboolean          peygir_session_run_finish_open   (PeygirSession  *self,
                                                    GAsyncResult   *result,
                                                    GError        **error);

/* What is wrong with the database right now (busy, unreachable), as one
 * sentence for the banner; NULL when all is well. */
const char       *peygir_session_get_problem       (PeygirSession *self);
/* Seconds between looks at the data version; 0 stops polling. */
void              peygir_session_set_poll_interval (PeygirSession *self,
                                                    guint          seconds);
/* Looks at the data version now; "changed::other-desk" is emitted if it
 * moved. */
void              peygir_session_poll              (PeygirSession *self);
/* Number of worker tasks not yet finished. */
guint             peygir_session_get_pending       (PeygirSession *self);
/* This window changed the database itself: the data version does not move
 * for a connection's own commits, so it says so ("changed::own"). */
void              peygir_session_changed           (PeygirSession *self);

/* For worker threads: document @document_id of the case written to a new
 * temporary folder under @name's last part (its extension decides the
 * viewer; never a path it names), for the desktop's viewer; its URI. */
char             *peygir_session_export_document   (PeygirStore   *store,
                                                    gint64         document_id,
                                                    const char    *name,
                                                    GError       **error);
/* For worker threads: attaches @file to the case, streamed into the store
 * (peygir_document_file_open: a regular file only, refused by its size
 * before it is read, its type a MIME type guessed from name and content). */
PeygirDocument   *peygir_session_attach_file       (PeygirStore   *store,
                                                    const char    *login,
                                                    gint64         case_id,
                                                    GFile         *file,
                                                    GCancellable  *cancellable,
                                                    GError       **error);

/* For worker threads: the count of each of @queues (const PeygirQueueInfo
 * *, peygir-workflow.h) unfiltered, for the user @user_id (whose are the
 * queues marked mine), from the state counters and, for a queue that is
 * more than its states, peygir_store_count_cases (); a GArray of gint64 in
 * @queues' order, or NULL with @error set. */
GArray           *peygir_session_count_queues      (PeygirStore   *store,
                                                    GPtrArray     *queues,
                                                    gint64         user_id,
                                                    GError       **error);

/* For worker threads: peygir_store_count_cases () of each of @queries
 * (PeygirCaseQuery), a GArray of gint64 in their order, or NULL with
 * @error set. The sidebar counts each queue with the query its list reads. */
GArray           *peygir_session_count_queries     (PeygirStore   *store,
                                                    GArray        *queries,
                                                    GError       **error);

/* A PeygirSessionFunc: the active users with the expert role, who may hold
 * a case; a GPtrArray of PeygirUser. */
gpointer            peygir_session_list_experts_thread (PeygirStore   *store,
                                                        gpointer       task_data,
                                                        GCancellable  *cancellable,
                                                        GError       **error);

/* A PeygirSessionFunc: every agency, the inactive too
 * (peygir_store_list_agencies ()); a GPtrArray of PeygirAgency. */
gpointer            peygir_session_list_agencies_thread (PeygirStore   *store,
                                                         gpointer       task_data,
                                                         GCancellable  *cancellable,
                                                         GError       **error);

/* A setting to write as the session's user, over the value the desk saw
 * (@was; NULL for a value no other desk's change should stop, such as the
 * set-up's step): the task data of peygir_session_set_setting_thread ().
 * When another desk changed it meanwhile, the write fails with
 * PEYGIR_STORE_ERROR_CONFLICT and @current holds the value it has now. */
typedef struct
{
  char *login;
  char *key;
  char *was;
  char *value;
  char *current;
} PeygirSettingWrite;

PeygirSettingWrite *peygir_setting_write_new          (PeygirSession      *session,
                                                       const char         *key,
                                                       const char         *was,
                                                       const char         *value);
void                peygir_setting_write_free         (PeygirSettingWrite *write);
/* A PeygirSessionFunc: writes @task_data, a PeygirSettingWrite, with
 * peygir_store_change_setting (); its result is non-NULL once written. */
gpointer            peygir_session_set_setting_thread (PeygirStore        *store,
                                                       gpointer            task_data,
                                                       GCancellable       *cancellable,
                                                       GError            **error);

/* A change of a user as the session's user makes it: the task data of
 * peygir_session_change_user_thread (). */
typedef struct
{
  char       *actor;
  PeygirUser *was;      /* as the desk read it; NULL: a new user */
  PeygirUser *now;      /* login, name, title, roles and active to save */
  PeygirUser *current;  /* after a conflict: the user as another desk left them */
  PeygirUser *added;    /* a new user added, though their title failed */
} PeygirUserChange;

/* Copies @was (or NULL) and @now. */
PeygirUserChange   *peygir_user_change_new            (PeygirSession      *session,
                                                       const PeygirUser   *was,
                                                       const PeygirUser   *now);
void                peygir_user_change_free           (PeygirUserChange   *change);
/* A PeygirSessionFunc: saves @task_data, a PeygirUserChange: a new user
 * with peygir_store_add_user () and their title, else
 * peygir_store_change_user (), refused with PEYGIR_STORE_ERROR_CONFLICT
 * when another desk changed the user since @was was read (->current is
 * then the user as stored). The user as saved, a PeygirUser. */
gpointer            peygir_session_change_user_thread (PeygirStore        *store,
                                                       gpointer            task_data,
                                                       GCancellable       *cancellable,
                                                       GError            **error);
/* A PeygirSessionFunc: the user @task_data (a login) as stored, a
 * PeygirUser. */
gpointer            peygir_session_find_user_thread   (PeygirStore        *store,
                                                       gpointer            task_data,
                                                       GCancellable       *cancellable,
                                                       GError            **error);

G_END_DECLS
