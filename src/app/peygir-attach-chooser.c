/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "peygir-attach-chooser"

#include <glib/gi18n-lib.h>

#include "peygir-attach-chooser.h"
#include "peygir-utils-private.h"

typedef struct
{
  GtkWidget             *widget;
  GtkFileChooserNative **chooser;
  PeygirAttachFileFunc   attach_file;
} AttachRequest;

static void
attach_request_free (gpointer  data,
                     GClosure *closure)
{
  g_free (data);
}

static void
chooser_response_cb (GtkFileChooserNative *chooser,
                     int                   response,
                     AttachRequest        *request)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        {
          g_autoptr(GFile) file = g_list_model_get_item (files, i);

          request->attach_file (request->widget, file);
        }
    }
  g_clear_object (request->chooser);
}

void
peygir_attach_chooser_open (GtkWidget             *widget,
                            GtkFileChooserNative **chooser,
                            PeygirAttachFileFunc   attach_file)
{
  AttachRequest *request;
  GClosure *closure;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (chooser != NULL);
  g_return_if_fail (attach_file != NULL);

  if (*chooser != NULL)
    return;
  *chooser = gtk_file_chooser_native_new (_("Attach Documents"),
                                          _peygir_widget_get_window (widget),
                                          GTK_FILE_CHOOSER_ACTION_OPEN,
                                          _("_Attach"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (*chooser), TRUE);

  request = g_new0 (AttachRequest, 1);
  request->widget = widget;
  request->chooser = chooser;
  request->attach_file = attach_file;
  /* as g_signal_connect_object () would: no answer reaches a widget gone */
  closure = g_cclosure_new (G_CALLBACK (chooser_response_cb), request, attach_request_free);
  g_object_watch_closure (G_OBJECT (widget), closure);
  g_signal_connect_closure (*chooser, "response", closure, FALSE);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (*chooser));
}
