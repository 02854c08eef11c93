/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "peygir-session.h"

G_BEGIN_DECLS

/* Desktop notifications for the signed-in user: cases that other desks
 * moved into the user's queues, and cases of those queues that became
 * overdue, while the window is not focused. Changes within one interval
 * (a minute) are summed into one notification, sent when it is up and
 * replacing the previous one; clicking it runs app.show-queue with the
 * queue's id. The "notifications" setting turns it off. */

#define PEYGIR_TYPE_NOTIFIER (peygir_notifier_get_type ())
G_DECLARE_FINAL_TYPE (PeygirNotifier, peygir_notifier, PEYGIR, NOTIFIER, GObject)

/* The id the notification is sent and withdrawn under. */
#define PEYGIR_NOTIFIER_NOTIFICATION_ID "queues"

/* Watches @session's "changed" for @window (held weakly: the window owns
 * the notifier) and sends through @application, which must be registered
 * for a notification to leave. Counts the queues once now, in a worker
 * thread, as the baseline. */
PeygirNotifier *peygir_notifier_new          (PeygirSession *session,
                                              GApplication  *application,
                                              GtkWindow     *window);
/* How long changes are summed before one notification (60000 ms); the
 * tests shorten it. */
void            peygir_notifier_set_interval (PeygirNotifier *self,
                                              guint           milliseconds);
guint           peygir_notifier_get_interval (PeygirNotifier *self);

G_END_DECLS
